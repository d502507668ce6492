"""Prompt templates in PostgreSQL: every gateway replica serves the same versions.

A push locks the template's row (``SELECT … FOR UPDATE``) inside a transaction, so concurrent pushes to
one name from several replicas are numbered one after the other. Table creation and migrations are
serialised with a transaction-level advisory lock, as in the key store.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..storage.connect import PG_ERRORS, migrate_postgres
from ..storage.stores import PostgresStore
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

#: pg_advisory_xact_lock key for creating the prompt tables ("ork-prom" in ASCII, as a bigint)
_CREATE_LOCK = 0x6F726B2D70726F6D
POSTGRES = Dialect(json="JSONB", ts="TIMESTAMPTZ", ts_out=lambda t: t, ts_in=lambda v: v)
_INSERT_VERSION = insert_version_sql([f"${i}" for i in range(1, len(VERSION_COLUMNS) + 1)])
_NEW_TEMPLATE = (
    "INSERT INTO orkester_prompt_templates (name, active_version, latest_version, created_at, updated_at, updated_by) "
    "VALUES ($1, 0, 0, $2, $2, $3) ON CONFLICT (name) DO NOTHING"
)
_LOCK_TEMPLATE = "SELECT active_version, latest_version FROM orkester_prompt_templates WHERE name = $1 FOR UPDATE"
_ACTIVATE = (
    "UPDATE orkester_prompt_templates SET active_version = $1, updated_at = $2, updated_by = $3 "
    "WHERE name = $4 AND EXISTS (SELECT 1 FROM orkester_prompt_versions WHERE name = $4 AND version = $1)"
)


class PostgresPromptStore(PostgresStore):
    label = "prompt store"
    tables = TABLES
    create_lock = _CREATE_LOCK

    async def _schema(self, conn: Any, create: bool) -> None:
        if create:
            for statement in create_statements(POSTGRES):
                await conn.execute(statement)
            await migrate_postgres(conn, "orkester_prompts_schema", MIGRATIONS)

    async def push(self, draft: PromptDraft, *, activate: bool, at: datetime, by: str | None) -> PromptVersion:
        try:
            async with self._require().acquire() as conn, conn.transaction():
                await conn.execute(_NEW_TEMPLATE, draft.name, at, by)
                row = await conn.fetchrow(_LOCK_TEMPLATE, draft.name)
                number = int(row["latest_version"]) + 1
                version = PromptVersion(
                    draft.name, number, draft.body, draft.variables, draft.task_type, draft.description, at, by
                )
                await conn.execute(_INSERT_VERSION, *version_values(version, POSTGRES))
                if activate or int(row["active_version"]) == 0:
                    await conn.execute(
                        "UPDATE orkester_prompt_templates SET latest_version = $1, active_version = $1, "
                        "updated_at = $2, updated_by = $3 WHERE name = $4",
                        number,
                        at,
                        by,
                        draft.name,
                    )
                else:
                    await conn.execute(
                        "UPDATE orkester_prompt_templates SET latest_version = $1 WHERE name = $2", number, draft.name
                    )
        except PG_ERRORS as e:
            raise self._error(e) from e
        return version

    async def activate(self, name: str, version: int, *, at: datetime, by: str | None) -> PromptTemplate | None:
        try:
            async with self._require().acquire() as conn:
                status = await conn.execute(_ACTIVATE, version, at, by, name)
        except PG_ERRORS as e:
            raise self._error(e) from e
        return None if status == "UPDATE 0" else await self.template(name)

    async def template(self, name: str) -> PromptTemplate | None:
        rows = await self._fetch(select_templates("t.name = $1"), name)
        return template_from_row(rows[0], POSTGRES) if rows else None

    async def templates(self) -> list[PromptTemplate]:
        return [template_from_row(r, POSTGRES) for r in await self._fetch(select_templates())]

    async def version(self, name: str, version: int | None = None) -> PromptVersion | None:
        if version is None:
            rows = await self._fetch(select_active("$1"), name)
        else:
            rows = await self._fetch(select_versions("v.name = $1 AND v.version = $2"), name, version)
        return version_from_row(rows[0], POSTGRES) if rows else None

    async def versions(self, name: str) -> list[PromptVersion]:
        return [version_from_row(r, POSTGRES) for r in await self._fetch(select_versions("v.name = $1"), name)]
