"""The overview's figures: KPIs and time series over a range, filtered by team, task and model.

Counts, cost, errors and fallbacks come from the ledger's rollups (``LedgerStore.totals``, one query per
bucket, grouped by the filter dimensions and filtered here). Latency percentiles and satisfaction need the
raw records: they come from the newest :data:`SAMPLE` records of the range that match the filters.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ..ledger.query import MAX_LIMIT, RecordQuery
from ..ledger.record import LedgerRecord
from ..ledger.rollup import Totals
from ..ledger.store import LedgerStore

#: range name -> (length, bucket width)
RANGES: Mapping[str, tuple[timedelta, timedelta]] = {
    "24h": (timedelta(hours=24), timedelta(hours=1)),
    "7d": (timedelta(days=7), timedelta(hours=6)),
    "30d": (timedelta(days=30), timedelta(days=1)),
}
#: filter name in the query string -> rollup dimension / ledger column
FILTERS: Mapping[str, str] = {"team": "team_id", "task": "task", "model": "model"}
SAMPLE = MAX_LIMIT
_BY = tuple(FILTERS.values())


@dataclass
class Bucket:
    start: datetime
    requests: int = 0
    errors: int = 0
    fallbacks: int = 0
    cost_usd: float = 0.0
    latencies: list[float] = field(default_factory=list)
    rated: int = 0
    score_sum: float = 0.0

    def rate(self, n: int) -> float | None:
        return n / self.requests if self.requests else None

    def percentile(self, q: float) -> float | None:
        return percentile(self.latencies, q)

    @property
    def satisfaction(self) -> float | None:
        return self.score_sum / self.rated if self.rated else None


@dataclass
class Overview:
    range: str
    since: datetime
    until: datetime
    filters: dict[str, str]
    buckets: list[Bucket]
    total: Bucket
    #: per filter name, the values seen in the range (the filter's choices)
    choices: dict[str, list[str]]
    sampled: int


def percentile(values: Sequence[float], q: float) -> float | None:
    """The nearest-rank percentile ``q`` (0 to 100) of ``values``; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def bounds(range_name: str, now: datetime) -> tuple[datetime, datetime, timedelta]:
    length, width = RANGES[range_name]
    step = int(width.total_seconds())
    until = datetime.fromtimestamp((int(now.timestamp()) // step + 1) * step, UTC)
    return until - length, until, width


def _matches(group: Mapping[str, str], filters: Mapping[str, str]) -> bool:
    return all(group.get(FILTERS[name]) == value for name, value in filters.items())


def _add(bucket: Bucket, totals: Sequence[Totals], filters: Mapping[str, str]) -> None:
    for t in totals:
        if _matches(t.group, filters):
            bucket.requests += t.requests
            bucket.errors += t.errors
            bucket.fallbacks += t.fallbacks
            bucket.cost_usd += t.cost_usd


def _sample(bucket: Bucket, r: LedgerRecord) -> None:
    bucket.latencies.append(r.latency_ms)
    if r.feedback is not None:
        bucket.rated += 1
        bucket.score_sum += r.feedback


async def overview(store: LedgerStore, range_name: str, filters: Mapping[str, str], now: datetime) -> Overview:
    since, until, width = bounds(range_name, now)
    starts = []
    t = since
    while t < until:
        starts.append(t)
        t += width
    buckets = [Bucket(s) for s in starts]
    for b in buckets:
        _add(b, await store.totals(_BY, b.start, b.start + width), filters)
    everything = await store.totals(_BY, since, until)
    total = Bucket(since)
    _add(total, everything, filters)
    choices = {name: sorted({g.group[col] for g in everything if g.group[col]}) for name, col in FILTERS.items()}
    query = RecordQuery(
        since=since,
        until=until,
        team_id=filters.get("team"),
        task=filters.get("task"),
        model=filters.get("model"),
        limit=SAMPLE,
    )
    records = await store.records(query)
    for r in records:
        _sample(total, r)
        i = int((r.ts - since) / width)
        if 0 <= i < len(buckets):
            _sample(buckets[i], r)
    return Overview(range_name, since, until, dict(filters), buckets, total, choices, len(records))
