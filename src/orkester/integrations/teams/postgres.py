"""The Teams bot's state in PostgreSQL: every replica reads and writes the same thread history and reply map,
so a follow-up or a reaction that reaches another replica than the one that answered still finds them.

The tables are those of the SQLite store (:mod:`.store`), with an identity column ordering the turns said
in the same second. Creating them and migrating are serialised with a transaction-level advisory lock,
because replicas starting together would collide on ``CREATE TABLE IF NOT EXISTS``, as in the key store.
Query parameters asyncpg does not know become server settings (``?search_path=orkester``).
"""

from __future__ import annotations

from typing import Any

from ...storage.connect import PG_ERRORS, migrate_postgres
from ...storage.stores import PostgresStore
from .store import MIGRATIONS, VERSION_TABLE, ReplyRef, Role

#: pg_advisory_xact_lock key for creating the Teams bot's tables ("ork-tmsb" in ASCII, as a bigint)
_CREATE_LOCK = 0x6F726B2D746D7362
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS teams_turns (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
    "thread TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN ('user', 'assistant')), text TEXT NOT NULL, "
    "at DOUBLE PRECISION NOT NULL)",
    "CREATE INDEX IF NOT EXISTS teams_turns_thread ON teams_turns (thread, at)",
    "CREATE INDEX IF NOT EXISTS teams_turns_at ON teams_turns (at)",
    "CREATE TABLE IF NOT EXISTS teams_replies (reply_id TEXT PRIMARY KEY, thread TEXT NOT NULL, "
    "request_id TEXT NOT NULL, at DOUBLE PRECISION NOT NULL)",
    "CREATE INDEX IF NOT EXISTS teams_replies_request ON teams_replies (request_id)",
    "CREATE INDEX IF NOT EXISTS teams_replies_at ON teams_replies (at)",
    f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)",
)
_ADD_TURN = "INSERT INTO teams_turns (thread, role, text, at) VALUES ($1, $2, $3, $4)"
_TURNS = (
    "SELECT role, text FROM (SELECT id, role, text, at FROM teams_turns WHERE thread = $1 AND at >= $2 "
    "ORDER BY at DESC, id DESC LIMIT $3) AS newest ORDER BY at, id"
)
_ADD_REPLY = (
    "INSERT INTO teams_replies (reply_id, thread, request_id, at) VALUES ($1, $2, $3, $4) ON CONFLICT (reply_id) "
    "DO UPDATE SET thread = excluded.thread, request_id = excluded.request_id, at = excluded.at"
)


class PostgresTeamsStore(PostgresStore):
    label = "Teams bot store"
    tables = ("teams_turns", "teams_replies")
    create_lock = _CREATE_LOCK

    async def _schema(self, conn: Any, create: bool) -> None:
        for statement in _SCHEMA:
            await conn.execute(statement)
        await migrate_postgres(conn, VERSION_TABLE, MIGRATIONS)

    async def _execute(self, sql: str, *args: Any) -> None:
        try:
            async with self._require().acquire() as conn:
                await conn.execute(sql, *args)
        except PG_ERRORS as e:
            raise self._error(e) from e

    async def add_turn(self, thread: str, role: Role, text: str, at: float) -> None:
        await self._execute(_ADD_TURN, thread, role, text, at)

    async def turns(self, thread: str, since: float, limit: int) -> list[tuple[Role, str]]:
        if limit <= 0:
            return []
        return [(r["role"], r["text"]) for r in await self._fetch(_TURNS, thread, since, limit)]

    async def add_reply(self, reply_id: str, thread: str, request_id: str, at: float) -> None:
        await self._execute(_ADD_REPLY, reply_id, thread, request_id, at)

    async def reply(self, reply_id: str) -> ReplyRef | None:
        rows = await self._fetch("SELECT thread, request_id FROM teams_replies WHERE reply_id = $1", reply_id)
        return ReplyRef(rows[0]["thread"], rows[0]["request_id"]) if rows else None

    async def answered(self, thread: str, request_id: str) -> bool:
        sql = "SELECT 1 FROM teams_replies WHERE request_id = $1 AND thread = $2 LIMIT 1"
        return bool(await self._fetch(sql, request_id, thread))

    async def prune(self, turns_before: float, replies_before: float) -> None:
        # Two statements, each its own transaction: replicas pruning at once only wait for each other's rows.
        await self._execute("DELETE FROM teams_turns WHERE at < $1", turns_before)
        await self._execute("DELETE FROM teams_replies WHERE at < $1", replies_before)
