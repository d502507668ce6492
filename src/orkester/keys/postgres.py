"""Teams and keys in PostgreSQL: every gateway replica reads the same keys.

Changes lock the row (``SELECT … FOR UPDATE``) inside a transaction, so concurrent edits of one key
from several replicas apply one after the other. Table creation and migrations are serialised with a
transaction-level advisory lock because concurrent ``CREATE TABLE IF NOT EXISTS`` can collide.
Query parameters asyncpg does not know become server settings (``?search_path=orkester``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import asyncpg  # type: ignore[import-untyped]

from ..errors import RequestError
from ..storage.connect import PG_ERRORS, migrate_postgres
from ..storage.stores import PostgresStore
from .model import Key, Team
from .schema import (
    KEY_COLUMNS,
    MIGRATIONS,
    TABLES,
    TEAM_COLUMNS,
    Dialect,
    create_statements,
    insert_sql,
    key_from_row,
    key_values,
    lookup_sql,
    split_lookup,
    team_from_row,
    team_values,
    update_sql,
)
from .store import KeyChange, TeamChange, name_taken

#: pg_advisory_xact_lock key for creating the key tables ("ork-keys" in ASCII, as a bigint)
_CREATE_LOCK = 0x6F726B2D6B657973
POSTGRES = Dialect(real="DOUBLE PRECISION", json="JSONB", ts="TIMESTAMPTZ", ts_out=lambda t: t, ts_in=lambda v: v)
_KEYS = ", ".join(KEY_COLUMNS)
_TEAMS = ", ".join(TEAM_COLUMNS)
_INSERT_TEAM = insert_sql("orkester_teams", TEAM_COLUMNS, [f"${i}" for i in range(1, len(TEAM_COLUMNS) + 1)])
_INSERT_KEY = insert_sql("orkester_keys", KEY_COLUMNS, [f"${i}" for i in range(1, len(KEY_COLUMNS) + 1)])
_UPDATE_TEAM = update_sql("orkester_teams", TEAM_COLUMNS, lambda i: f"${i}")
_UPDATE_KEY = update_sql("orkester_keys", KEY_COLUMNS, lambda i: f"${i}")
_LOOKUP = lookup_sql("$1")
_TOUCH = "UPDATE orkester_keys SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $1)"
_ERRORS = PG_ERRORS


class PostgresKeyStore(PostgresStore):
    label = "key store"
    tables = TABLES
    create_lock = _CREATE_LOCK

    async def _schema(self, conn: Any, create: bool) -> None:
        # an existing store is migrated even when it may not be created (the migrations only add)
        for statement in create_statements(POSTGRES):
            await conn.execute(statement)
        await migrate_postgres(conn, "orkester_keys_schema", MIGRATIONS)

    async def add_team(self, team: Team) -> None:
        try:
            async with self._require().acquire() as conn:
                await conn.execute(_INSERT_TEAM, *team_values(team, POSTGRES))
        except asyncpg.UniqueViolationError as e:
            if e.constraint_name == "orkester_teams_name_key":
                raise name_taken(team.name) from None
            raise self._error(e) from e
        except _ERRORS as e:
            raise self._error(e) from e

    async def change_team(self, team_id: str, change: TeamChange) -> Team | None:
        try:
            async with self._require().acquire() as conn, conn.transaction():
                row = await conn.fetchrow(f"SELECT {_TEAMS} FROM orkester_teams WHERE id = $1 FOR UPDATE", team_id)
                if row is None:
                    return None
                new = change(team_from_row(row, POSTGRES))
                try:
                    await conn.execute(_UPDATE_TEAM, *team_values(new, POSTGRES)[1:], team_id)
                except asyncpg.UniqueViolationError:
                    raise name_taken(new.name) from None
        except _ERRORS as e:
            raise self._error(e) from e
        return new

    async def team(self, team_id: str) -> Team | None:
        rows = await self._fetch(f"SELECT {_TEAMS} FROM orkester_teams WHERE id = $1", team_id)
        return team_from_row(rows[0], POSTGRES) if rows else None

    async def team_named(self, name: str) -> Team | None:
        rows = await self._fetch(f"SELECT {_TEAMS} FROM orkester_teams WHERE name = $1", name)
        return team_from_row(rows[0], POSTGRES) if rows else None

    async def teams(self) -> list[Team]:
        return [
            team_from_row(r, POSTGRES) for r in await self._fetch(f"SELECT {_TEAMS} FROM orkester_teams ORDER BY name")
        ]

    async def add_key(self, key: Key) -> None:
        try:
            async with self._require().acquire() as conn:
                await conn.execute(_INSERT_KEY, *key_values(key, POSTGRES))
        except asyncpg.ForeignKeyViolationError:
            raise RequestError(f"No team with id {key.team_id!r}.", param="team", code="not_found") from None
        except _ERRORS as e:
            raise self._error(e) from e

    async def change_key(self, key_id: str, change: KeyChange) -> Key | None:
        try:
            async with self._require().acquire() as conn, conn.transaction():
                row = await conn.fetchrow(f"SELECT {_KEYS} FROM orkester_keys WHERE id = $1 FOR UPDATE", key_id)
                if row is None:
                    return None
                current = key_from_row(row, POSTGRES)
                values = list(key_values(change(current), POSTGRES))
                values[KEY_COLUMNS.index("secret_hash")] = current.secret_hash
                await conn.execute(_UPDATE_KEY, *values[1:], key_id)
        except _ERRORS as e:
            raise self._error(e) from e
        return key_from_row(dict(zip(KEY_COLUMNS, values, strict=True)), POSTGRES)

    async def key(self, key_id: str) -> Key | None:
        rows = await self._fetch(f"SELECT {_KEYS} FROM orkester_keys WHERE id = $1", key_id)
        return key_from_row(rows[0], POSTGRES) if rows else None

    async def keys(self, team_id: str | None = None) -> list[Key]:
        if team_id is None:
            rows = await self._fetch(f"SELECT {_KEYS} FROM orkester_keys ORDER BY created_at, id")
        else:
            sql = f"SELECT {_KEYS} FROM orkester_keys WHERE team_id = $1 ORDER BY created_at, id"
            rows = await self._fetch(sql, team_id)
        return [key_from_row(r, POSTGRES) for r in rows]

    async def lookup(self, secret_hash: str) -> tuple[Key, Team] | None:
        rows = await self._fetch(_LOOKUP, secret_hash)
        return split_lookup(rows[0], POSTGRES) if rows else None

    async def touch(self, used: Mapping[str, datetime]) -> None:
        if not used:
            return
        try:
            async with self._require().acquire() as conn, conn.transaction():
                # In id order, so two replicas flushing the same keys lock the rows in the same order.
                await conn.executemany(_TOUCH, [(at, key_id) for key_id, at in sorted(used.items())])
        except _ERRORS as e:
            raise self._error(e) from e
