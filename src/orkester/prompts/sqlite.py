"""Prompt templates in the SQLite file of ``storage.url`` (the default store).

As in the key store, every operation is one synchronous function on the store's own thread, and writes
take SQLite's write lock first (``BEGIN IMMEDIATE``): processes pushing to one file queue on it, and a
push reads the latest version number under that lock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any, TypeVar

from ..audit.chain import format_ts, parse_ts
from ..errors import StorageError
from ..storage.connect import enable_wal, in_thread, migrate_sqlite, transaction
from ..storage.sqlite import BUSY_TIMEOUT_S
from ..storage.urls import sqlite_path
from .model import PromptDraft, PromptTemplate, PromptVersion
from .schema import (
    MIGRATIONS,
    TABLES,
    VERSION_COLUMNS,
    Dialect,
    create_statements,
    insert_version_sql,
    select_active,
    select_templates,
    select_versions,
    template_from_row,
    version_from_row,
    version_values,
)

T = TypeVar("T")
SQLITE = Dialect(json="TEXT", ts="TEXT", ts_out=format_ts, ts_in=parse_ts)
_INSERT_VERSION = insert_version_sql(["?"] * len(VERSION_COLUMNS))
_NEW_TEMPLATE = (
    "INSERT INTO orkester_prompt_templates (name, active_version, latest_version, created_at, updated_at, updated_by) "
    "VALUES (?, 0, 0, ?, ?, ?) ON CONFLICT (name) DO NOTHING"
)


class SqlitePromptStore:
    def __init__(self, url: str) -> None:
        self.url = url
        self.path = sqlite_path(url)
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="orkester-prompts")
        self._conn: sqlite3.Connection | None = None

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        return await in_thread(self._thread, f"SQLite prompt store {self.path}", fn, *args)

    def _open(self, create: bool) -> None:
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise StorageError(f"no prompt store at {self.path} (the file does not exist)")
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = FULL")
            if create:
                enable_wal(conn)
                with transaction(conn):
                    for statement in create_statements(SQLITE):
                        conn.execute(statement)
                    migrate_sqlite(conn, "orkester_prompts_schema", MIGRATIONS)
            else:
                names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if not set(TABLES) <= names:
                    raise StorageError(f"no prompt store in {self.path} (tables {', '.join(TABLES)} missing)")
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
            raise StorageError("the SQLite prompt store is not open")
        return self._conn

    def _push(self, draft: PromptDraft, activate: bool, at: datetime, by: str | None) -> PromptVersion:
        conn = self._require()
        with transaction(conn):
            conn.execute(_NEW_TEMPLATE, (draft.name, format_ts(at), format_ts(at), by))
            row = conn.execute(
                "SELECT active_version, latest_version FROM orkester_prompt_templates WHERE name = ?", (draft.name,)
            ).fetchone()
            number = int(row["latest_version"]) + 1
            version = PromptVersion(
                draft.name, number, draft.body, draft.variables, draft.task_type, draft.description, at, by
            )
            conn.execute(_INSERT_VERSION, version_values(version, SQLITE))
            if activate or int(row["active_version"]) == 0:
                conn.execute(
                    "UPDATE orkester_prompt_templates SET latest_version = ?, active_version = ?, updated_at = ?, "
                    "updated_by = ? WHERE name = ?",
                    (number, number, format_ts(at), by, draft.name),
                )
            else:
                conn.execute(
                    "UPDATE orkester_prompt_templates SET latest_version = ? WHERE name = ?", (number, draft.name)
                )
        return version

    async def push(self, draft: PromptDraft, *, activate: bool, at: datetime, by: str | None) -> PromptVersion:
        return await self._run(self._push, draft, activate, at, by)

    def _activate(self, name: str, version: int, at: datetime, by: str | None) -> PromptTemplate | None:
        conn = self._require()
        with transaction(conn):
            changed = conn.execute(
                "UPDATE orkester_prompt_templates SET active_version = ?, updated_at = ?, updated_by = ? "
                "WHERE name = ? AND EXISTS (SELECT 1 FROM orkester_prompt_versions WHERE name = ? AND version = ?)",
                (version, format_ts(at), by, name, name, version),
            ).rowcount
        return self._template(name) if changed else None

    async def activate(self, name: str, version: int, *, at: datetime, by: str | None) -> PromptTemplate | None:
        return await self._run(self._activate, name, version, at, by)

    def _template(self, name: str) -> PromptTemplate | None:
        row = self._require().execute(select_templates("t.name = ?"), (name,)).fetchone()
        return None if row is None else template_from_row(row, SQLITE)

    async def template(self, name: str) -> PromptTemplate | None:
        return await self._run(self._template, name)

    def _templates(self) -> list[PromptTemplate]:
        return [template_from_row(r, SQLITE) for r in self._require().execute(select_templates()).fetchall()]

    async def templates(self) -> list[PromptTemplate]:
        return await self._run(self._templates)

    def _version(self, name: str, version: int | None) -> PromptVersion | None:
        conn = self._require()
        if version is None:
            row = conn.execute(select_active("?"), (name,)).fetchone()
        else:
            row = conn.execute(select_versions("v.name = ? AND v.version = ?"), (name, version)).fetchone()
        return None if row is None else version_from_row(row, SQLITE)

    async def version(self, name: str, version: int | None = None) -> PromptVersion | None:
        return await self._run(self._version, name, version)

    def _versions(self, name: str) -> list[PromptVersion]:
        rows = self._require().execute(select_versions("v.name = ?"), (name,)).fetchall()
        return [version_from_row(r, SQLITE) for r in rows]

    async def versions(self, name: str) -> list[PromptVersion]:
        return await self._run(self._versions, name)
