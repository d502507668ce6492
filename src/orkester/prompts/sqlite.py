"""Prompt templates in the SQLite file of ``storage.url`` (the default store).

As in the key store, every operation is one synchronous function on the store's own thread, and writes
take SQLite's write lock first (``BEGIN IMMEDIATE``): processes pushing to one file queue on it, and a
push reads the latest version number under that lock.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from ..audit.chain import format_ts, parse_ts
from ..storage.connect import migrate_sqlite, transaction
from ..storage.stores import SqliteStore
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

SQLITE = Dialect(json="TEXT", ts="TEXT", ts_out=format_ts, ts_in=parse_ts)
_INSERT_VERSION = insert_version_sql(["?"] * len(VERSION_COLUMNS))
_NEW_TEMPLATE = (
    "INSERT INTO orkester_prompt_templates (name, active_version, latest_version, created_at, updated_at, updated_by) "
    "VALUES (?, 0, 0, ?, ?, ?) ON CONFLICT (name) DO NOTHING"
)


class SqlitePromptStore(SqliteStore):
    label = "prompt store"
    tables = TABLES

    def _schema(self, conn: sqlite3.Connection, create: bool) -> None:
        if create:
            with transaction(conn):
                for statement in create_statements(SQLITE):
                    conn.execute(statement)
                migrate_sqlite(conn, "orkester_prompts_schema", MIGRATIONS)

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
