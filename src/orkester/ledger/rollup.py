"""Rollups: raw records summed per minute and per day, and the query that reads them back for a time range.

A batch of newly inserted records becomes rollup increments here (pure Python, so both stores add
exactly what they inserted). A report over ``[since, until)`` reads whole days from ``ledger_day`` and
the ragged ends from ``ledger_minute``: at most two partial days of minute rows, whatever the range,
which is what keeps the cost report fast on a ledger of millions of rows. Bounds count to the minute.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..audit.chain import to_utc
from .record import LedgerRecord
from .schema import DIMENSIONS, MEASURES, ROLLUPS

#: What a report may group by: the rollup dimensions and the day.
GROUPS: tuple[str, ...] = ("day", *DIMENSIONS)
_FAR = 1 << 40  # an epoch second beyond any ledger


def epoch(ts: datetime) -> int:
    return int(to_utc(ts).timestamp())


def from_epoch(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def increments(records: Iterable[LedgerRecord]) -> dict[str, list[tuple[Any, ...]]]:
    """Per rollup table, rows of (bucket, *dimensions, *measures) to add, sorted by key (so concurrent
    writers lock rows in the same order)."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    for table, width in ROLLUPS.items():
        sums: dict[tuple[Any, ...], list[float]] = {}
        for r in records:
            second = epoch(r.ts)
            key = (
                second - second % width,
                r.provider or "",
                r.model or "",
                r.tier or "",
                r.task or "",
                r.team_id or "",
            )
            m = sums.setdefault(key, [0] * len(MEASURES))
            m[0] += 1
            m[1] += r.status != "ok"
            m[2] += r.input_tokens
            m[3] += r.output_tokens
            m[4] += r.cached_tokens
            m[5] += r.reasoning_tokens
            m[6] += r.cost_usd
            m[7] += r.latency_ms
            m[8] += r.cache_hit
            m[9] += r.fallbacks
            m[10] += r.escalations
        out[table] = [(*k, *_typed(v)) for k, v in sorted(sums.items())]
    return out


def _typed(values: list[float]) -> list[Any]:
    return [v if MEASURES[i] in ("cost_usd", "latency_ms") else int(v) for i, v in enumerate(values)]


@dataclass(frozen=True, slots=True)
class Totals:
    """Summed measures of one group (``group`` maps each grouped-by name to its value; ``day`` as a date string)."""

    group: dict[str, str]
    requests: int
    errors: int
    input_tokens: int
    output_tokens: int
    cached_tokens: int
    reasoning_tokens: int
    cost_usd: float
    latency_ms: float
    cache_hits: int
    fallbacks: int
    escalations: int


def ranges(since: datetime | None, until: datetime | None) -> tuple[tuple[int, int] | None, list[tuple[int, int]]]:
    """([day_from, day_to) of whole days, [minute ranges]) covering ``[since, until)``, as epoch seconds."""
    s = 0 if since is None else epoch(since) // 60 * 60
    u = _FAR if until is None else epoch(until)
    if u <= s:
        return None, []
    first_day = -(-s // 86400) * 86400
    last_day = _FAR if until is None else u // 86400 * 86400
    if first_day >= last_day:
        return None, [(s, u)]
    minutes = [(a, b) for a, b in ((s, first_day), (last_day, u)) if a < b]
    return (first_day, last_day), minutes


def totals_query(
    by: Sequence[str], since: datetime | None, until: datetime | None, ph: Callable[[int], str]
) -> tuple[str, list[int]]:
    """SQL and parameters summing the rollups over ``[since, until)`` grouped by ``by`` (names in :data:`GROUPS`).

    ``ph(n)`` is the n-th placeholder (1-based) in the store's dialect.
    """
    unknown = [g for g in by if g not in GROUPS]
    if unknown:
        raise ValueError(f"cannot group by {', '.join(unknown)}; choose from {', '.join(GROUPS)}")
    params: list[int] = []

    def p(value: int) -> str:
        params.append(value)
        return ph(len(params))

    days, minutes = ranges(since, until)
    sums = ", ".join(f"SUM({m})" for m in MEASURES)
    parts: list[str] = []
    if days:
        parts.append(_select("ledger_day", by, f"bucket >= {p(days[0])} AND bucket < {p(days[1])}"))
    if minutes:
        where = " OR ".join(f"(bucket >= {p(a)} AND bucket < {p(b)})" for a, b in minutes)
        parts.append(_select("ledger_minute", by, where))
    if not parts:
        parts.append(_select("ledger_day", by, "1 = 0"))
    groups = ", ".join(f"g_{g}" for g in by)
    sql = f"SELECT {groups + ', ' if by else ''}{sums} FROM ({' UNION ALL '.join(parts)}) AS r"
    if by:
        sql += f" GROUP BY {groups}"
    return sql, params


def _select(table: str, by: Sequence[str], where: str) -> str:
    cols = [f"bucket - bucket % 86400 AS g_{g}" if g == "day" else f"{g} AS g_{g}" for g in by]
    return f"SELECT {', '.join([*cols, *MEASURES])} FROM {table} WHERE {where}"


def to_totals(by: Sequence[str], row: Sequence[Any]) -> Totals:
    group = {
        g: from_epoch(int(v)).date().isoformat() if g == "day" else str(v)
        for g, v in zip(by, row[: len(by)], strict=True)
    }
    m = [0 if v is None else v for v in row[len(by) :]]
    return Totals(
        group,
        int(m[0]),
        int(m[1]),
        int(m[2]),
        int(m[3]),
        int(m[4]),
        int(m[5]),
        float(m[6]),
        float(m[7]),
        int(m[8]),
        int(m[9]),
        int(m[10]),
    )
