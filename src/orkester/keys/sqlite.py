"""Teams and keys in the SQLite file of ``storage.url`` (the default store).

As in the audit store, every operation is one synchronous function on the store's own thread, so a
transaction is never left half done when the awaiting task is cancelled. Writes take SQLite's write
lock first (``BEGIN IMMEDIATE``): worker processes sharing the file queue on it, and a change reads
the row it replaces under that lock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime

from ..audit.chain import format_ts, parse_ts
from ..errors import RequestError
from ..storage.connect import migrate_sqlite, transaction
from ..storage.stores import SqliteStore
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

SQLITE = Dialect(real="REAL", json="TEXT", ts="TEXT", ts_out=format_ts, ts_in=parse_ts)
_KEYS = ", ".join(KEY_COLUMNS)
_TEAMS = ", ".join(TEAM_COLUMNS)
_INSERT_TEAM = insert_sql("orkester_teams", TEAM_COLUMNS, ["?"] * len(TEAM_COLUMNS))
_INSERT_KEY = insert_sql("orkester_keys", KEY_COLUMNS, ["?"] * len(KEY_COLUMNS))
_UPDATE_TEAM = update_sql("orkester_teams", TEAM_COLUMNS, lambda i: "?")
_UPDATE_KEY = update_sql("orkester_keys", KEY_COLUMNS, lambda i: "?")
_LOOKUP = lookup_sql("?")
_TOUCH = "UPDATE orkester_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)"


class SqliteKeyStore(SqliteStore):
    label = "key store"
    tables = TABLES

    def _schema(self, conn: sqlite3.Connection, create: bool) -> None:
        # An existing store is brought up to this version's schema whether or not it may be created: the
        # migrations only add, and a store the CLI opens read-only must still be readable after an upgrade.
        with transaction(conn):
            for statement in create_statements(SQLITE):
                conn.execute(statement)
            migrate_sqlite(conn, "orkester_keys_schema", MIGRATIONS)

    def _add_team(self, team: Team) -> None:
        conn = self._require()
        try:
            with transaction(conn):
                conn.execute(_INSERT_TEAM, team_values(team, SQLITE))
        except sqlite3.IntegrityError as e:
            if "orkester_teams.name" in str(e):
                raise name_taken(team.name) from None
            raise

    async def add_team(self, team: Team) -> None:
        await self._run(self._add_team, team)

    def _change_team(self, team_id: str, change: TeamChange) -> Team | None:
        conn = self._require()
        with transaction(conn):
            row = conn.execute(f"SELECT {_TEAMS} FROM orkester_teams WHERE id = ?", (team_id,)).fetchone()
            if row is None:
                return None
            new = change(team_from_row(row, SQLITE))
            values = team_values(new, SQLITE)
            try:
                conn.execute(_UPDATE_TEAM, (*values[1:], team_id))
            except sqlite3.IntegrityError as e:
                if "orkester_teams.name" in str(e):
                    raise name_taken(new.name) from None
                raise
        return new

    async def change_team(self, team_id: str, change: TeamChange) -> Team | None:
        return await self._run(self._change_team, team_id, change)

    def _team(self, where: str, value: str) -> Team | None:
        row = self._require().execute(f"SELECT {_TEAMS} FROM orkester_teams WHERE {where} = ?", (value,)).fetchone()
        return None if row is None else team_from_row(row, SQLITE)

    async def team(self, team_id: str) -> Team | None:
        return await self._run(self._team, "id", team_id)

    async def team_named(self, name: str) -> Team | None:
        return await self._run(self._team, "name", name)

    def _teams(self) -> list[Team]:
        rows = self._require().execute(f"SELECT {_TEAMS} FROM orkester_teams ORDER BY name").fetchall()
        return [team_from_row(r, SQLITE) for r in rows]

    async def teams(self) -> list[Team]:
        return await self._run(self._teams)

    def _add_key(self, key: Key) -> None:
        conn = self._require()
        try:
            with transaction(conn):
                conn.execute(_INSERT_KEY, key_values(key, SQLITE))
        except sqlite3.IntegrityError as e:
            if "FOREIGN KEY" in str(e):
                raise RequestError(f"No team with id {key.team_id!r}.", param="team", code="not_found") from None
            raise

    async def add_key(self, key: Key) -> None:
        await self._run(self._add_key, key)

    def _change_key(self, key_id: str, change: KeyChange) -> Key | None:
        conn = self._require()
        with transaction(conn):
            row = conn.execute(f"SELECT {_KEYS} FROM orkester_keys WHERE id = ?", (key_id,)).fetchone()
            if row is None:
                return None
            current = key_from_row(row, SQLITE)
            new = change(current)
            values = list(key_values(new, SQLITE))
            values[KEY_COLUMNS.index("secret_hash")] = current.secret_hash
            conn.execute(_UPDATE_KEY, (*values[1:], key_id))
        return key_from_row(dict(zip(KEY_COLUMNS, values, strict=True)), SQLITE)

    async def change_key(self, key_id: str, change: KeyChange) -> Key | None:
        return await self._run(self._change_key, key_id, change)

    def _key(self, key_id: str) -> Key | None:
        row = self._require().execute(f"SELECT {_KEYS} FROM orkester_keys WHERE id = ?", (key_id,)).fetchone()
        return None if row is None else key_from_row(row, SQLITE)

    async def key(self, key_id: str) -> Key | None:
        return await self._run(self._key, key_id)

    def _keys(self, team_id: str | None) -> list[Key]:
        where, params = ("WHERE team_id = ?", (team_id,)) if team_id is not None else ("", ())
        sql = f"SELECT {_KEYS} FROM orkester_keys {where} ORDER BY created_at, id"
        return [key_from_row(r, SQLITE) for r in self._require().execute(sql, params).fetchall()]

    async def keys(self, team_id: str | None = None) -> list[Key]:
        return await self._run(self._keys, team_id)

    def _lookup(self, secret_hash: str) -> tuple[Key, Team] | None:
        row = self._require().execute(_LOOKUP, (secret_hash,)).fetchone()
        return None if row is None else split_lookup(row, SQLITE)

    async def lookup(self, secret_hash: str) -> tuple[Key, Team] | None:
        return await self._run(self._lookup, secret_hash)

    def _touch(self, used: Mapping[str, datetime]) -> None:
        conn = self._require()
        with transaction(conn):
            conn.executemany(_TOUCH, [(format_ts(at), key_id, format_ts(at)) for key_id, at in used.items()])

    async def touch(self, used: Mapping[str, datetime]) -> None:
        if used:
            await self._run(self._touch, dict(used))
