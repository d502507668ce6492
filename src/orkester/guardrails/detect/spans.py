"""The candidate span every detector module returns, before the detector resolves overlaps and classes."""

from __future__ import annotations

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
    chosen: list[Span] = []
    taken: list[tuple[int, int]] = []
    for s in sorted(spans, key=lambda s: (s.priority, s.start - s.end, s.start)):
        if s.end <= s.start:
            continue
        if any(s.start < e and b < s.end for b, e in taken):
            continue
        chosen.append(s)
        taken.append((s.start, s.end))
    return sorted(chosen, key=lambda s: s.start)
