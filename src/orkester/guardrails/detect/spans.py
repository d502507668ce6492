"""The candidate span every detector module returns, before the detector resolves overlaps and classes."""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

#: Overlap priority: lower wins. Validated identifiers first, then the company's own patterns, then the
#: generic patterns, then names, addresses and keywords (which overlap nothing structured in practice).
VALIDATED, CUSTOM, PATTERN, FUZZY = 0, 1, 2, 3


class Span(NamedTuple):
    type: str
    start: int
    end: int
    source: str
    priority: int


def resolve(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans sorted by start: better priority wins, then the longer span, then the earlier."""
    starts: list[int] = []  # the chosen spans, kept sorted by start (they never overlap, so ends are sorted too)
    chosen: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.priority, s.start - s.end, s.start)):
        if s.end <= s.start:
            continue
        i = bisect_right(starts, s.start)
        if (i and chosen[i - 1].end > s.start) or (i < len(starts) and starts[i] < s.end):
            continue
        starts.insert(i, s.start)
        chosen.insert(i, s)
    return chosen
