"""The satisfaction report: how the users rated the answers, per model, task type, route, prompt version,
team or experiment arm. No printing here (a :class:`~orkester.ledger.reports.Report`, like the others).

Per group: the requests, how many were rated, the mean normalised score (thumbs up 1, down 0, a score
``s`` of 5 as ``(s - 1) / 4``), the share of ratings that were positive (thumbs up, 4 or 5) and the 95 %
Wilson score interval of that share, which stays inside [0, 1] and stays honest for the small counts
a new prompt version or an experiment arm starts with. Read from the raw records (feedback is not in
the rollups), so ``--since``/``--until`` older than the retention see only what is left.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .feedback import POSITIVE_FROM, Ratings
from .reports import NONE, Report
from .store import LedgerStore

#: ``--by`` name -> the ledger columns grouped by
BY: Mapping[str, tuple[str, ...]] = {
    "model": ("provider", "model"),
    "task": ("task",),
    "route": ("route",),
    "prompt": ("prompt_ref",),
    "team": ("team_id",),
    "experiment": ("experiment", "arm"),
}
#: the normal quantile of a two-sided 95 % interval
Z95 = 1.959963984540054
COLUMNS = ["requests", "rated", "rated_pct", "mean_score", "positive", "positive_pct", "ci95_low_pct", "ci95_high_pct"]


def wilson(positive: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of the proportion ``positive / n`` (None when ``n`` is 0)."""
    if n <= 0:
        return None
    if not 0 <= positive <= n:
        raise ValueError(f"{positive} positive out of {n}")
    p = positive / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def figures(r: Ratings) -> list[Any]:
    """The report's figures of one group, in :data:`COLUMNS` order (None where nothing was rated)."""
    interval = wilson(r.positive, r.rated)
    return [
        r.requests,
        r.rated,
        _pct(r.rated / r.requests) if r.requests else 0.0,
        round(r.score_sum / r.rated, 3) if r.rated else None,
        r.positive,
        _pct(r.positive / r.rated) if r.rated else None,
        _pct(interval[0]) if interval else None,
        _pct(interval[1]) if interval else None,
    ]


async def satisfaction(store: LedgerStore, by: str, since: datetime | None, until: datetime | None) -> Report:
    """Ratings per group of ``by`` (a key of :data:`BY`): the groups with the most ratings first."""
    if by not in BY:
        raise ValueError(f"cannot report satisfaction by {by!r}; choose from {', '.join(BY)}")
    dims = BY[by]
    groups = await store.ratings(dims, since, until)
    groups.sort(key=lambda g: (-g.rated, -g.requests, [g.group[d] for d in dims]))
    rows = [["/".join(g.group[d] or NONE for d in dims), *figures(g)] for g in groups]
    total = Ratings(
        requests=sum(g.requests for g in groups),
        rated=sum(g.rated for g in groups),
        score_sum=sum(g.score_sum for g in groups),
        positive=sum(g.positive for g in groups),
    )
    summary = dict(zip(COLUMNS, figures(total), strict=True))
    summary.update(since=since.isoformat() if since else None, until=until.isoformat() if until else None)
    notes = [
        f"scores normalised to 0-1 (thumbs up 1, down 0, a score s of 5 as (s-1)/4); positive: {POSITIVE_FROM} "
        "and up (thumbs up, 4 or 5); ci95: the Wilson score interval of the positive share",
    ]
    return Report(f"Satisfaction by {by}", [by, *COLUMNS], rows, summary, notes)
