"""The overview's buckets and percentiles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from orkester.dashboard.overview import bounds, percentile


def test_nearest_rank_percentiles() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0 and percentile(values, 95) == 95.0 and percentile(values, 100) == 100.0
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) is None


def test_ranges_end_at_the_next_bucket_boundary() -> None:
    now = datetime(2026, 11, 26, 10, 46, 30, tzinfo=UTC)
    since, until, width = bounds("24h", now)
    assert until == datetime(2026, 11, 26, 11, tzinfo=UTC) and until - since == timedelta(hours=24)
    since, until, width = bounds("30d", now)
    assert until == datetime(2026, 11, 27, tzinfo=UTC) and width == timedelta(days=1)
    assert (until - since) / width == 30
