"""Ledger records for tests: realistic values, times fixed so rollup buckets are known."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from orkester.ledger.record import LedgerRecord

#: 2026-11-26 00:00 UTC
DAY0 = datetime(2026, 11, 26, tzinfo=UTC)

MODELS: dict[str, tuple[str, str]] = {
    "cheap": ("sim-eu", "sim-small"),
    "mid": ("sim-eu", "sim-medium"),
    "premium": ("sim-us", "sim-large"),
}


def at(minutes: float, day: int = 0) -> datetime:
    return DAY0 + timedelta(days=day, minutes=minutes)


def rec(n: int, ts: datetime | None = None, tier: str = "cheap", **kw: Any) -> LedgerRecord:
    provider, model = MODELS[tier]
    values: dict[str, Any] = {
        "request_id": f"req-{n:06d}",
        "ts": ts or at(n),
        "key_id": f"key-{n % 3}",
        "team_id": "team-a" if n % 2 else "team-b",
        "route": "auto",
        "strategy": "rules",
        "mode": "single",
        "reasons": ("task code -> demo-mid",),
        "task": "code",
        "data_class": "internal",
        "alias": f"demo-{tier}",
        "provider": provider,
        "model": model,
        "region": "eu",
        "tier": tier,
        "input_tokens": 1000,
        "output_tokens": 200,
        "cached_tokens": 0,
        "cost_usd": 0.01,
        "latency_ms": 120.0,
    }
    values.update(kw)
    return LedgerRecord(**values)
