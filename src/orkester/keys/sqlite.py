"""Teams and keys in the SQLite file of ``storage.url`` (the default store).

As in the audit store, every operation is one synchronous function on the store's own thread, so a
transaction is never left half done when the awaiting task is cancelled. Writes take SQLite's write
lock first (``BEGIN IMMEDIATE``): worker processes sharing the file queue on it, and a change reads
the row it replaces under that lock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any, TypeVar

from ..audit.chain import format_ts, parse_ts
from ..errors import RequestError, StorageError
from ..storage.connect import enable_wal, in_thread, migrate_sqlite, transaction
from ..storage.sqlite import BUSY_TIMEOUT_S
from ..storage.urls import sqlite_path
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

T = TypeVar("T")
SQLITE = Dialect(real="REAL", json="TEXT", ts="TEXT", ts_out=format_ts, ts_in=parse_ts)
_KEYS = ", ".join(KEY_COLUMNS)
_TEAMS = ", ".join(TEAM_COLUMNS)
_INSERT_TEAM = insert_sql("orkester_teams", TEAM_COLUMNS, ["?"] * len(TEAM_COLUMNS))
_INSERT_KEY = insert_sql("orkester_keys", KEY_COLUMNS, ["?"] * len(KEY_COLUMNS))
_UPDATE_TEAM = update_sql("orkester_teams", TEAM_COLUMNS, lambda i: "?")
_UPDATE_KEY = update_sql("orkester_keys", KEY_COLUMNS, lambda i: "?")
_LOOKUP = lookup_sql("?")
_TOUCH = "UPDATE orkester_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)"


class SqliteKeyStore:
    def __init__(self, url: str) -> None:
        self.url = url
        self.path = sqlite_path(url)
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="orkester-keys")
        self._conn: sqlite3.Connection | None = None

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        return await in_thread(self._thread, f"SQLite key store {self.path}", fn, *args)

    def _open(self, create: bool) -> None:
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise StorageError(f"no key store at {self.path} (the file does not exist)")
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = FULL")
            if create:
                enable_wal(conn)
            else:
                names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if not set(TABLES) <= names:
                    raise StorageError(f"no key store in {self.path} (tables {', '.join(TABLES)} missing)")
            # An existing store is brought up to this version's schema whether or not it may be created: the
            # migrations only add, and a store the CLI opens read-only must still be readable after an upgrade.
            with transaction(conn):
                for statement in create_statements(SQLITE):
                    conn.execute(statement)
                migrate_sqlite(conn, "orkester_keys_schema", MIGRATIONS)
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    async def open(self, *, create: bool = True) -> None:
        await self._run(self._open, create)

    async def close(self) -> None:
        if self._conn is not None:
            await self._run(self._conn.close)
            self._conn = None
        self._thread.shutdown(wait=True)

    def _require(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StorageError("the SQLite key store is not open")
        return self._conn

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
