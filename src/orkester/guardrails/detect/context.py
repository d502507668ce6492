"""What the words just before a candidate say it is: "tlf 912 34 567" versus "ordre 91234567"."""

from __future__ import annotations

import re
from typing import NamedTuple

#: how far back (characters) a context word may stand
WINDOW = 32

#: words that only say "a number": what kind, the word before them says ("invoice number", "order no")
_GENERIC = frozenset(["number", "numbers", "nummer", "nr", "no", "num"])
_WORD = re.compile(r"[^\W\d_]+(?:[.-][^\W\d_]+)*|#")


class Cues(NamedTuple):
    """Cue words, matched whole, as prefixes of at least three letters ("ordrenummer" has "ordre"), or as the
    ends of compounds of at least four ("innkjøpsordre", "søknadsnummer": Norwegian puts the head noun last)."""

    words: frozenset[str]
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...] = ()


def cues(words: str) -> Cues:
    found = frozenset(words.split())
    return Cues(found, tuple(sorted(w for w in found if len(w) >= 3)), tuple(sorted(w for w in found if len(w) >= 4)))


def _strength(word: str, c: Cues) -> int:
    """3: the cue word itself, 2: it starts with one, 1: it ends with one (a compound's head), 0: none."""
    if word in c.words:
        return 3
    if word.startswith(c.prefixes):
        return 2
    return 1 if word.endswith(c.suffixes) else 0


def cue_before(text: str, start: int, positive: Cues, negative: Cues) -> int:
    """+1 when the nearest cue word before ``start`` is positive, -1 when negative, 0 when there is none. Only
    the number's own line is read: a word on the line before (another chat message) says nothing about it."""
    lo = max(0, start - WINDOW, text.rfind("\n", 0, start) + 1)
    window = text[lo:start].lower()
    words = _WORD.findall(window)
    for k in range(len(words) - 1, -1, -1):
        word = words[k]
        pos, neg = _strength(word, positive), _strength(word, negative)
        if pos and not neg and word in _GENERIC and k > 0 and _strength(words[k - 1], negative):
            return -1  # "invoice number 59155451": the word before "number" says what number it is
        if pos or neg:  # the closer match decides: "ordrenummer" starts with "ordre", ends with "nummer"
            return 1 if pos >= neg else -1
    return 0
