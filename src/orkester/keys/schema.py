"""The ``orkester_teams`` and ``orkester_keys`` tables, shared by the SQLite and PostgreSQL key stores.

Tables are created when missing (``CREATE … IF NOT EXISTS``), in the SQL both databases accept; the
types that differ are passed in. The CREATE statements are version 0 and never change: a later column
is added by appending a statement to :data:`MIGRATIONS`, which each store runs in order under its
creation lock, recording how far it got in ``orkester_keys_schema``. Rows become :class:`Team` and
:class:`Key` here, in one place.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..audit.chain import to_utc
from .model import LIMIT_FIELDS, Key, KeyLimits, Team

TEAM_COLUMNS: tuple[str, ...] = ("id", "name", *LIMIT_FIELDS, "metadata", "created_at")
KEY_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "team_id",
    "prefix",
    "secret_hash",
    *LIMIT_FIELDS,
    "metadata",
    "created_at",
    "expires_at",
    "revoked_at",
    "last_used_at",
)
KEY_TIMES = ("created_at", "expires_at", "revoked_at", "last_used_at")

#: Statements that move a database forward from version 0, run once each, in order.
MIGRATIONS: tuple[str, ...] = (
    # 1, 2: the response-cache mode of a team and of a key (KeyLimits.cache)
    "ALTER TABLE orkester_teams ADD COLUMN cache TEXT",
    "ALTER TABLE orkester_keys ADD COLUMN cache TEXT",
)
SCHEMA_VERSION = len(MIGRATIONS)
TABLES = ("orkester_teams", "orkester_keys", "orkester_keys_schema")


@dataclass(frozen=True, slots=True)
class Dialect:
    """The column types (and timestamp codec) one database needs."""

    real: str
    json: str
    ts: str
    #: a datetime as the driver wants it, and back
    ts_out: Callable[[datetime], Any]
    ts_in: Callable[[Any], datetime]


def create_statements(d: Dialect) -> list[str]:
    limits = f"""
    allowed_models {d.json},
    default_task TEXT,
    min_data_class TEXT,
    budget_day_usd {d.real},
    budget_month_usd {d.real},
    budget_total_usd {d.real},
    rpm INTEGER,
    tpm INTEGER,
    metadata {d.json} NOT NULL"""
    return [
        f"""
CREATE TABLE IF NOT EXISTS orkester_teams (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,{limits},
    created_at {d.ts} NOT NULL
)""",
        f"""
CREATE TABLE IF NOT EXISTS orkester_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    team_id TEXT NOT NULL REFERENCES orkester_teams (id),
    prefix TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,{limits},
    created_at {d.ts} NOT NULL,
    expires_at {d.ts},
    revoked_at {d.ts},
    last_used_at {d.ts}
)""",
        "CREATE INDEX IF NOT EXISTS orkester_keys_team ON orkester_keys (team_id)",
        "CREATE TABLE IF NOT EXISTS orkester_keys_schema "
        "(id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)",
    ]


def insert_sql(table: str, columns: tuple[str, ...], placeholders: list[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(placeholders)})"


def update_sql(table: str, columns: tuple[str, ...], placeholder: Callable[[int], str]) -> str:
    """``UPDATE table SET c1 = p1, … WHERE id = pN`` over every column but ``id``."""
    rest = columns[1:]
    sets = ", ".join(f"{c} = {placeholder(i)}" for i, c in enumerate(rest, start=1))
    return f"UPDATE {table} SET {sets} WHERE id = {placeholder(len(rest) + 1)}"


def _limit_values(limits: KeyLimits) -> list[Any]:
    values: list[Any] = [getattr(limits, name) for name in LIMIT_FIELDS]
    values[0] = None if limits.allowed_models is None else json.dumps(list(limits.allowed_models))
    return values


def team_values(team: Team, d: Dialect) -> tuple[Any, ...]:
    """Column values in :data:`TEAM_COLUMNS` order."""
    return (team.id, team.name, *_limit_values(team.limits), json.dumps(dict(team.metadata)), d.ts_out(team.created_at))


def key_values(key: Key, d: Dialect) -> tuple[Any, ...]:
    """Column values in :data:`KEY_COLUMNS` order."""
    times = [None if (t := getattr(key, name)) is None else d.ts_out(t) for name in KEY_TIMES]
    head = (key.id, key.name, key.team_id, key.prefix, key.secret_hash)
    return (*head, *_limit_values(key.limits), json.dumps(dict(key.metadata)), *times)


def _limits(row: Mapping[str, Any]) -> KeyLimits:
    models = row["allowed_models"]
    values = {name: row[name] for name in LIMIT_FIELDS}
    values["allowed_models"] = None if models is None else tuple(json.loads(models))
    for name in ("budget_day_usd", "budget_month_usd", "budget_total_usd"):
        if values[name] is not None:
            values[name] = float(values[name])
    return KeyLimits(**values)


def team_from_row(row: Mapping[str, Any], d: Dialect) -> Team:
    return Team(
        id=row["id"],
        name=row["name"],
        limits=_limits(row),
        metadata=json.loads(row["metadata"]),
        created_at=to_utc(d.ts_in(row["created_at"])),
    )


def key_from_row(row: Mapping[str, Any], d: Dialect) -> Key:
    times = {name: None if row[name] is None else to_utc(d.ts_in(row[name])) for name in KEY_TIMES[1:]}
    return Key(
        id=row["id"],
        name=row["name"],
        team_id=row["team_id"],
        prefix=row["prefix"],
        secret_hash=row["secret_hash"],
        limits=_limits(row),
        metadata=json.loads(row["metadata"]),
        created_at=to_utc(d.ts_in(row["created_at"])),
        expires_at=times["expires_at"],
        revoked_at=times["revoked_at"],
        last_used_at=times["last_used_at"],
    )


def lookup_sql(placeholder: str) -> str:
    """A key by digest joined with its team; columns named ``k_…`` and ``t_…`` (see :func:`split_lookup`)."""
    cols = [f"k.{c} AS k_{c}" for c in KEY_COLUMNS] + [f"t.{c} AS t_{c}" for c in TEAM_COLUMNS]
    return (
        f"SELECT {', '.join(cols)} FROM orkester_keys k JOIN orkester_teams t ON t.id = k.team_id "
        f"WHERE k.secret_hash = {placeholder}"
    )


def split_lookup(row: Mapping[str, Any], d: Dialect) -> tuple[Key, Team]:
    key = {c: row[f"k_{c}"] for c in KEY_COLUMNS}
    team = {c: row[f"t_{c}"] for c in TEAM_COLUMNS}
    return key_from_row(key, d), team_from_row(team, d)
