"""The prompt tables, shared by the SQLite and PostgreSQL prompt stores.

``orkester_prompt_versions`` holds one row per version, never updated: (name, version) is the key, with the
body, the declared variables (JSON), the task type, a description, and who pushed it when.
``orkester_prompt_templates`` holds one row per name: the version it serves (``active_version``), the
highest version pushed, and who moved the pointer last. Tables are created when missing; a later column
is added by appending to :data:`MIGRATIONS` (recorded in ``orkester_prompts_schema``), as in the key store.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from ..audit.chain import to_utc
from .model import PromptTemplate, PromptVersion, Variable

VERSION_COLUMNS: tuple[str, ...] = (
    "name",
    "version",
    "body",
    "variables",
    "task_type",
    "description",
    "created_at",
    "created_by",
)
TEMPLATE_COLUMNS: tuple[str, ...] = (
    "name",
    "active_version",
    "latest_version",
    "created_at",
    "updated_at",
    "updated_by",
)
#: Statements that move a database forward from version 0, run once each, in order (none yet).
MIGRATIONS: tuple[str, ...] = ()
SCHEMA_VERSION = len(MIGRATIONS)
TABLES = ("orkester_prompt_templates", "orkester_prompt_versions", "orkester_prompts_schema")


@dataclass(frozen=True, slots=True)
class Dialect:
    """The column types (and timestamp codec) one database needs."""

    json: str
    ts: str
    ts_out: Callable[[datetime], Any]
    ts_in: Callable[[Any], datetime]


def create_statements(d: Dialect) -> list[str]:
    return [
        f"""
CREATE TABLE IF NOT EXISTS orkester_prompt_templates (
    name TEXT PRIMARY KEY,
    active_version INTEGER NOT NULL,
    latest_version INTEGER NOT NULL,
    created_at {d.ts} NOT NULL,
    updated_at {d.ts} NOT NULL,
    updated_by TEXT
)""",
        f"""
CREATE TABLE IF NOT EXISTS orkester_prompt_versions (
    name TEXT NOT NULL REFERENCES orkester_prompt_templates (name),
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    variables {d.json} NOT NULL,
    task_type TEXT,
    description TEXT NOT NULL,
    created_at {d.ts} NOT NULL,
    created_by TEXT,
    PRIMARY KEY (name, version)
)""",
        "CREATE TABLE IF NOT EXISTS orkester_prompts_schema "
        "(id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)",
    ]


def select_versions(where: str) -> str:
    """Version rows (columns ``v_…``) matching ``where`` (on ``v.``)."""
    cols = ", ".join(f"v.{c} AS v_{c}" for c in VERSION_COLUMNS)
    return f"SELECT {cols} FROM orkester_prompt_versions v WHERE {where} ORDER BY v.version"


def select_templates(where: str = "") -> str:
    """Template rows joined with their active version (columns ``t_…`` and ``v_…``), by name."""
    cols = [f"t.{c} AS t_{c}" for c in TEMPLATE_COLUMNS] + [f"v.{c} AS v_{c}" for c in VERSION_COLUMNS]
    return (
        f"SELECT {', '.join(cols)} FROM orkester_prompt_templates t JOIN orkester_prompt_versions v "
        f"ON v.name = t.name AND v.version = t.active_version {'WHERE ' + where if where else ''} ORDER BY t.name"
    )


def select_active(placeholder: str) -> str:
    """The active version of one name, in one read (the gateway's lookup)."""
    cols = ", ".join(f"v.{c} AS v_{c}" for c in VERSION_COLUMNS)
    return (
        f"SELECT {cols} FROM orkester_prompt_templates t JOIN orkester_prompt_versions v "
        f"ON v.name = t.name AND v.version = t.active_version WHERE t.name = {placeholder}"
    )


def insert_version_sql(placeholders: list[str]) -> str:
    return f"INSERT INTO orkester_prompt_versions ({', '.join(VERSION_COLUMNS)}) VALUES ({', '.join(placeholders)})"


def variables_json(variables: tuple[Variable, ...]) -> str:
    return json.dumps([asdict(v) for v in variables], ensure_ascii=False)


def variables_from_json(text: str) -> tuple[Variable, ...]:
    return tuple(Variable(**v) for v in json.loads(text))


def version_values(v: PromptVersion, d: Dialect) -> tuple[Any, ...]:
    """Column values in :data:`VERSION_COLUMNS` order."""
    vars_ = variables_json(v.variables)
    return (v.name, v.version, v.body, vars_, v.task_type, v.description, d.ts_out(v.created_at), v.created_by)


def version_from_row(row: Mapping[str, Any], d: Dialect) -> PromptVersion:
    """A version from a row whose columns are named ``v_…``."""
    variables = row["v_variables"]
    return PromptVersion(
        name=row["v_name"],
        version=int(row["v_version"]),
        body=row["v_body"],
        variables=variables_from_json(variables if isinstance(variables, str) else json.dumps(variables)),
        task_type=row["v_task_type"],
        description=row["v_description"],
        created_at=to_utc(d.ts_in(row["v_created_at"])),
        created_by=row["v_created_by"],
    )


def template_from_row(row: Mapping[str, Any], d: Dialect) -> PromptTemplate:
    return PromptTemplate(
        name=row["t_name"],
        active=version_from_row(row, d),
        latest_version=int(row["t_latest_version"]),
        created_at=to_utc(d.ts_in(row["t_created_at"])),
        updated_at=to_utc(d.ts_in(row["t_updated_at"])),
        updated_by=row["t_updated_by"],
    )
