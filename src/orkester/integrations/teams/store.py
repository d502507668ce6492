"""What the Teams bot remembers between activities, and for how long.

* **Turns** (``teams_turns``): the recent messages of each conversation (thread), user and bot, because Teams
  does not give a bot the thread's history. Each text is stored after data protection: with guardrails on,
  every personal value detection finds is replaced by its type (``<PERSON>``), and a turn that could not be
  checked is not stored. Turns older than ``history_hours`` are deleted, and at most ``history_turns`` are
  read back.
* **Replies** (``teams_replies``): which request each bot reply answered (reply activity id → request id, and
  its conversation), so a reaction on a reply becomes feedback on the request, also after a restart. Ids
  only, no text; deleted after ``feedback_days``.

Backends, chosen by the URL's scheme (``store_url``, else ``storage.url``): ``memory://`` (tests; nothing
survives the process), SQLite (``sqlite:///path``; the gateway's own file by default, in tables of its own;
shared by the workers of one host) and PostgreSQL (``postgresql://…``, :mod:`.postgres`; shared by every
replica).
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from ...errors import ConfigError
from ...storage.connect import migrate_sqlite, transaction
from ...storage.stores import SqliteStore
from ...storage.urls import url_scheme

Role = Literal["user", "assistant"]
#: the schema version (one row), and the statements that move a store forward from version 0 (none yet)
VERSION_TABLE = "teams_store_schema"
MIGRATIONS: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReplyRef:
    thread: str
    request_id: str


class TeamsStore(Protocol):
    """What every backend does; a backend that cannot reach its database raises StorageError."""

    async def open(self) -> None: ...

    async def add_turn(self, thread: str, role: Role, text: str, at: float) -> None: ...

    async def turns(self, thread: str, since: float, limit: int) -> list[tuple[Role, str]]:
        """The newest ``limit`` turns of ``thread`` said at ``since`` or later, oldest first."""
        ...

    async def add_reply(self, reply_id: str, thread: str, request_id: str, at: float) -> None: ...

    async def reply(self, reply_id: str) -> ReplyRef | None: ...

    async def answered(self, thread: str, request_id: str) -> bool:
        """Whether a reply in ``thread`` answered ``request_id`` (a rating names a request of its own thread)."""
        ...

    async def prune(self, turns_before: float, replies_before: float) -> None: ...

    async def close(self) -> None: ...


def teams_store(store_url: str | None, storage_url: str) -> TeamsStore:
    """The (unopened) store for ``store_url``, else ``storage_url``; ConfigError naming the known schemes."""
    url = store_url or storage_url
    scheme = url_scheme(url)
    if scheme == "memory":
        return MemoryTeamsStore()
    if scheme == "sqlite":
        return SqliteTeamsStore(url)
    if scheme in ("postgresql", "postgres"):
        from .postgres import PostgresTeamsStore

        return PostgresTeamsStore(url)
    raise ConfigError(
        f"integrations.teams.store_url: the Teams bot cannot keep its state in {scheme or url!r}; "
        "known schemes: memory, postgresql, sqlite"
    )


@dataclass
class MemoryTeamsStore:
    _turns: list[tuple[str, Role, str, float]] = field(default_factory=list)
    _replies: dict[str, tuple[ReplyRef, float]] = field(default_factory=dict)

    async def open(self) -> None:
        return None

    async def add_turn(self, thread: str, role: Role, text: str, at: float) -> None:
        self._turns.append((thread, role, text, at))

    async def turns(self, thread: str, since: float, limit: int) -> list[tuple[Role, str]]:
        found = [(role, text) for t, role, text, at in self._turns if t == thread and at >= since]
        return found[-limit:] if limit > 0 else []

    async def add_reply(self, reply_id: str, thread: str, request_id: str, at: float) -> None:
        self._replies[reply_id] = (ReplyRef(thread, request_id), at)

    async def reply(self, reply_id: str) -> ReplyRef | None:
        found = self._replies.get(reply_id)
        return found[0] if found else None

    async def answered(self, thread: str, request_id: str) -> bool:
        return any(ref == ReplyRef(thread, request_id) for ref, _ in self._replies.values())

    async def prune(self, turns_before: float, replies_before: float) -> None:
        self._turns = [t for t in self._turns if t[3] >= turns_before]
        self._replies = {k: v for k, v in self._replies.items() if v[1] >= replies_before}

    async def close(self) -> None:
        return None


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS teams_turns (thread TEXT NOT NULL, role TEXT NOT NULL, text TEXT NOT NULL, "
    "at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS teams_turns_thread ON teams_turns (thread, at)",
    "CREATE TABLE IF NOT EXISTS teams_replies (reply_id TEXT PRIMARY KEY, thread TEXT NOT NULL, "
    "request_id TEXT NOT NULL, at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS teams_replies_request ON teams_replies (request_id)",
    f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)",
)


class SqliteTeamsStore(SqliteStore):
    """One connection on one thread, like the other SQLite stores; several workers share the file (WAL)."""

    label = "Teams bot store"
    tables = ("teams_turns", "teams_replies")

    def _schema(self, conn: sqlite3.Connection, create: bool) -> None:
        with transaction(conn):
            for statement in _SCHEMA:
                conn.execute(statement)
            migrate_sqlite(conn, VERSION_TABLE, MIGRATIONS)

    def _write(self, sql: str, *args: Any) -> None:
        with transaction(self._require()):
            self._require().execute(sql, args)

    def _rows(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        return list(self._require().execute(sql, args).fetchall())

    async def add_turn(self, thread: str, role: Role, text: str, at: float) -> None:
        await self._run(self._write, "INSERT INTO teams_turns VALUES (?, ?, ?, ?)", thread, role, text, at)

    async def turns(self, thread: str, since: float, limit: int) -> list[tuple[Role, str]]:
        if limit <= 0:
            return []
        sql = "SELECT role, text FROM teams_turns WHERE thread = ? AND at >= ? ORDER BY at DESC, rowid DESC LIMIT ?"
        rows = await self._run(self._rows, sql, thread, since, limit)
        return [(r[0], r[1]) for r in reversed(rows)]

    async def add_reply(self, reply_id: str, thread: str, request_id: str, at: float) -> None:
        sql = "INSERT OR REPLACE INTO teams_replies VALUES (?, ?, ?, ?)"
        await self._run(self._write, sql, reply_id, thread, request_id, at)

    async def reply(self, reply_id: str) -> ReplyRef | None:
        rows = await self._run(self._rows, "SELECT thread, request_id FROM teams_replies WHERE reply_id = ?", reply_id)
        return ReplyRef(rows[0][0], rows[0][1]) if rows else None

    async def answered(self, thread: str, request_id: str) -> bool:
        sql = "SELECT 1 FROM teams_replies WHERE request_id = ? AND thread = ? LIMIT 1"
        return bool(await self._run(self._rows, sql, request_id, thread))

    def _prune(self, turns_before: float, replies_before: float) -> None:
        with transaction(self._require()):
            self._require().execute("DELETE FROM teams_turns WHERE at < ?", (turns_before,))
            self._require().execute("DELETE FROM teams_replies WHERE at < ?", (replies_before,))

    async def prune(self, turns_before: float, replies_before: float) -> None:
        await self._run(self._prune, turns_before, replies_before)


def now() -> float:
    return time.time()
