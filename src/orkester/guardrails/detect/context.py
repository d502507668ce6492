"""What the words just before a candidate say it is: "tlf 912 34 567" versus "ordre 91234567"."""

from __future__ import annotations

import re
from typing import NamedTuple

#: how far back (characters) a context word may stand
WINDOW = 32

_WORD = re.compile(r"[^\W\d_]+(?:[.-][^\W\d_]+)*|#")


class Cues(NamedTuple):
    """Cue words, matched whole or as prefixes of at least three letters ("ordrenummer" has "ordre")."""

    words: frozenset[str]
    prefixes: tuple[str, ...]


def cues(words: str) -> Cues:
    found = frozenset(words.split())
    return Cues(found, tuple(sorted(w for w in found if len(w) >= 3)))


def cue_before(text: str, start: int, positive: Cues, negative: Cues) -> int:
    """+1 when the nearest cue word before ``start`` is positive, -1 when negative, 0 when there is none."""
    window = text[max(0, start - WINDOW) : start].lower()
    for word in reversed(_WORD.findall(window)):
        if word in positive.words or word.startswith(positive.prefixes):
            return 1
        if word in negative.words or word.startswith(negative.prefixes):
            return -1
    return 0
