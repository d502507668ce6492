"""Retention: raw records (and minute rollups) older than ``ledger.retention_days`` are deleted; day rollups stay.

The writer runs this at start and then every :data:`EVERY_S`; deletes go in chunks so inserts from other
processes are never held up for long.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .store import LedgerStore

EVERY_S = 3600.0


def cutoff(retention_days: int | None, now: datetime) -> datetime | None:
    """The oldest time kept, or None when everything is kept."""
    return None if retention_days is None else now - timedelta(days=retention_days)


async def apply_retention(store: LedgerStore, retention_days: int | None, now: datetime) -> int:
    """Delete what is past retention; how many raw records went."""
    before = cutoff(retention_days, now)
    return 0 if before is None else await store.purge(before)
