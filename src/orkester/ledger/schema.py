"""The ledger's tables and migrations, in SQL both SQLite and PostgreSQL accept (types differ where they must).

``ledger`` holds one row per request (``request_id`` is the primary key: inserts skip ids already
there). Its indexes serve retention (``ts``) and the per-key usage query (``key_id, ts``).
``ledger_minute`` and ``ledger_day`` are the rollups the cost reports read: one row per bucket and
(provider, model, tier, task, team), updated in the transaction that inserts the raw rows.
``ledger_schema`` records the migrations applied; a store applies the missing ones when it opens.
Migration 2 adds the prompt template and experiment arm of a request, and the columns of its feedback.
Migration 3 adds ``experiment_stop``, the experiments that stopped themselves (``experiments.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from ..audit.chain import parse_ts, to_utc
from .experiments import create_stop_table
from .record import COLUMNS, LedgerRecord

#: The rollups' grouping columns ('' stands for "none": NULLs would not collide in a primary key).
DIMENSIONS: tuple[str, ...] = ("provider", "model", "tier", "task", "team_id")
MEASURES: tuple[str, ...] = (
    "requests",
    "errors",
    "input_tokens",
    "output_tokens",
    "cached_tokens",
    "reasoning_tokens",
    "cost_usd",
    "latency_ms",
    "cache_hits",
    "fallbacks",
    "escalations",
)
ROLLUPS: dict[str, int] = {"ledger_minute": 60, "ledger_day": 86400}
ROLLUP_COLUMNS: tuple[str, ...] = ("bucket", *DIMENSIONS, *MEASURES)


@dataclass(frozen=True)
class Types:
    ts: str
    json: str
    bool: str
    float: str = "DOUBLE PRECISION"


def _ledger(t: Types) -> str:
    return f"""
CREATE TABLE IF NOT EXISTS ledger (
    request_id TEXT PRIMARY KEY,
    ts {t.ts} NOT NULL,
    kind TEXT NOT NULL,
    key_id TEXT,
    team_id TEXT,
    route TEXT,
    strategy TEXT,
    mode TEXT,
    reasons {t.json} NOT NULL,
    task TEXT,
    data_class TEXT,
    alias TEXT,
    provider TEXT,
    model TEXT,
    region TEXT,
    tier TEXT,
    input_tokens BIGINT NOT NULL,
    output_tokens BIGINT NOT NULL,
    cached_tokens BIGINT NOT NULL,
    reasoning_tokens BIGINT NOT NULL,
    cost_usd {t.float} NOT NULL,
    latency_ms {t.float} NOT NULL,
    ttft_ms {t.float},
    status TEXT NOT NULL,
    http_status INTEGER,
    retries INTEGER NOT NULL,
    fallbacks INTEGER NOT NULL,
    escalations INTEGER NOT NULL,
    cache_hit {t.bool} NOT NULL,
    feedback {t.float}
)"""


def _rollup(table: str, t: Types, suffix: str) -> str:
    dims = ",\n    ".join(f"{d} TEXT NOT NULL" for d in DIMENSIONS)
    ints = ",\n    ".join(f"{m} BIGINT NOT NULL" for m in MEASURES if m not in ("cost_usd", "latency_ms"))
    return f"""
CREATE TABLE IF NOT EXISTS {table} (
    bucket BIGINT NOT NULL,
    {dims},
    {ints},
    cost_usd {t.float} NOT NULL,
    latency_ms {t.float} NOT NULL,
    PRIMARY KEY (bucket, {", ".join(DIMENSIONS)})
){suffix}"""


def migrations(t: Types, rollup_suffix: str = "") -> list[list[str]]:
    """Migration n (1-based) is ``migrations(...)[n - 1]``; never edit one that shipped, add the next."""
    return [
        [
            _ledger(t),
            "CREATE INDEX IF NOT EXISTS ledger_ts ON ledger (ts)",
            "CREATE INDEX IF NOT EXISTS ledger_key_ts ON ledger (key_id, ts)",
            *(_rollup(table, t, rollup_suffix) for table in ROLLUPS),
        ],
        [
            f"ALTER TABLE ledger ADD COLUMN {name} {type_}"
            for name, type_ in (
                ("prompt_ref", "TEXT"),
                ("experiment", "TEXT"),
                ("arm", "TEXT"),
                ("feedback_raw", "TEXT"),
                ("feedback_comment", "TEXT"),
                ("feedback_labels", t.json),
                ("feedback_at", t.ts),
            )
        ],
        [create_stop_table(t.ts)],
    ]


CREATE_VERSION = "CREATE TABLE IF NOT EXISTS ledger_schema (version INTEGER NOT NULL)"
#: Columns holding JSON (PostgreSQL casts them to JSONB on insert).
JSON_COLUMNS: tuple[str, ...] = ("reasons", "feedback_labels")
SELECT_COLUMNS = ", ".join(COLUMNS)


def insert_ledger(placeholders: list[str], conflict: str = "ON CONFLICT (request_id) DO NOTHING") -> str:
    return f"INSERT INTO ledger ({SELECT_COLUMNS}) VALUES ({', '.join(placeholders)}) {conflict}"


def upsert_rollup(table: str, values: str) -> str:
    """``values`` is ``VALUES (…)`` or a ``SELECT`` giving :data:`ROLLUP_COLUMNS` in order."""
    added = ", ".join(f"{m} = {table}.{m} + excluded.{m}" for m in MEASURES)
    return (
        f"INSERT INTO {table} ({', '.join(ROLLUP_COLUMNS)}) {values} "
        f"ON CONFLICT (bucket, {', '.join(DIMENSIONS)}) DO UPDATE SET {added}"
    )


def rebuild_rollup(table: str, bucket_expr: str) -> str:
    """Recompute a rollup from the raw rows (``bucket_expr`` turns ``ts`` into the bucket's epoch second)."""
    dims = ", ".join(f"COALESCE({d}, '')" for d in DIMENSIONS)
    return (
        f"INSERT INTO {table} ({', '.join(ROLLUP_COLUMNS)}) "
        f"SELECT {bucket_expr} AS b, {dims}, COUNT(*), "
        "SUM(CASE WHEN status = 'ok' THEN 0 ELSE 1 END), SUM(input_tokens), SUM(output_tokens), "
        "SUM(cached_tokens), SUM(reasoning_tokens), SUM(cost_usd), SUM(latency_ms), "
        "SUM(CASE WHEN cache_hit THEN 1 ELSE 0 END), SUM(fallbacks), SUM(escalations) "
        f"FROM ledger GROUP BY b, {dims}"
    )


def to_row(record: LedgerRecord, ts: object, cache_hit: object, feedback_at: object = None) -> tuple[Any, ...]:
    """Column values in :data:`COLUMNS` order; ``ts``, ``cache_hit`` and ``feedback_at`` as the store keeps them."""
    values = [getattr(record, name) for name in COLUMNS]
    values[COLUMNS.index("ts")] = ts
    values[COLUMNS.index("reasons")] = orjson.dumps(list(record.reasons)).decode()
    values[COLUMNS.index("cache_hit")] = cache_hit
    values[COLUMNS.index("feedback_labels")] = labels_json(record.feedback_labels)
    values[COLUMNS.index("feedback_at")] = feedback_at
    return tuple(values)


def labels_json(labels: Sequence[str]) -> str | None:
    """Feedback labels as the stores keep them: a JSON list, NULL when there are none."""
    return orjson.dumps(list(labels)).decode() if labels else None


def _time(value: object) -> datetime:
    return to_utc(value) if isinstance(value, datetime) else parse_ts(str(value))


def from_row(row: Sequence[Any]) -> LedgerRecord:
    values = dict(zip(COLUMNS, row, strict=True))
    values["ts"] = _time(values["ts"])
    values["reasons"] = tuple(orjson.loads(values["reasons"]))
    values["cache_hit"] = bool(values["cache_hit"])
    labels = values["feedback_labels"]
    values["feedback_labels"] = tuple(orjson.loads(labels)) if labels else ()
    if values["feedback_at"] is not None:
        values["feedback_at"] = _time(values["feedback_at"])
    return LedgerRecord(**values)


def day_from_minutes() -> str:
    dims = ", ".join(DIMENSIONS)
    sums = ", ".join(f"SUM({m})" for m in MEASURES)
    return (
        f"INSERT INTO ledger_day ({', '.join(ROLLUP_COLUMNS)}) "
        f"SELECT bucket - bucket % 86400 AS b, {dims}, {sums} FROM ledger_minute GROUP BY b, {dims}"
    )


def key_usage_query(ph: list[str], since: bool, until: bool) -> str:
    """Per deployment, one key's requests; placeholders: key_id, then since and until when given."""
    where = [f"key_id = {ph[0]}"]
    if since:
        where.append(f"ts >= {ph[len(where)]}")
    if until:
        where.append(f"ts < {ph[len(where)]}")
    return (
        "SELECT COALESCE(provider, ''), COALESCE(model, ''), COUNT(*), "
        "SUM(CASE WHEN status = 'ok' THEN 0 ELSE 1 END), SUM(input_tokens), SUM(output_tokens), "
        f"SUM(cost_usd), AVG(latency_ms) FROM ledger WHERE {' AND '.join(where)} "
        "GROUP BY COALESCE(provider, ''), COALESCE(model, '') ORDER BY SUM(cost_usd) DESC"
    )


def span_query(ph: list[str], since: bool, until: bool, order: str) -> str:
    where = []
    if since:
        where.append(f"ts >= {ph[0]}")
    if until:
        where.append(f"ts < {ph[len(where)]}")
    clause = f"WHERE {' AND '.join(where)} " if where else ""
    return f"SELECT ts FROM ledger {clause}ORDER BY ts {order} LIMIT 1"
