"""Where the numbers of a text start, and which identifier or phone shapes each one has: one scan.

The shapes: eleven digits (fødselsnummer, D-nummer, bank account), nine (organisasjonsnummer), a card
number and a Norwegian phone number without country prefix. Each starts with a digit that continues no word
and no number ("12-345", "1.234"). One expression per shape would cost one pass over the text per shape
(``re`` stops at every digit); this one stops at every digit once and asks each shape, in a look-ahead,
whether it matches from there. So it reports every position where a shape matches, overlapping or not:
``leftmost`` keeps the matches ``finditer`` would have returned, after the callers have added the forms
that start with something else ("NO 923 609 016", "+47 912 34 567"). The same scan notes the digits that
follow a capital letter, the only places an IBAN or a diagnosis code can start (``matches_at`` then tries
those expressions there alone, as ``finditer`` would have found them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple, TypeVar

_R = r"(?![\w])(?![\-./,]\d)"  # nor followed by a letter, a digit, or a digit group after a separator
_SHAPES = {
    "eleven": r"(?P<eleven>\d{5}[ ]?\d{5}|\d{3}[. ]\d{2}[. ]\d{5})" + _R,
    "nine": r"(?P<nine>\d{8}|\d{2}[ .]\d{3}[ .]\d{3})(?P<nine_mva>(?:[ ]?MVA)?)" + _R,
    "card": (
        r"(?P<card>\d{12,18}|\d{3}(?P<sep>[ -])\d{4}(?P=sep)\d{4}(?P=sep)\d{4}(?:(?P=sep)\d{1,3})?"
        r"|\d{3}(?P<sep2>[ -])\d{6}(?P=sep2)\d{4,5})" + _R
    ),
    # a phone number starts with 2-9 and not after "+" (a country code)
    "phone": r"(?<=[2-9])(?<!\+.)(?P<phone>\d{7}|\d{2} \d{2} \d{3}|\d(?: \d{2}){3}|\d{3} \d{4}|\d{2}-\d{2}-\d{3})" + _R,
}
#: every shape holds seven more digits after the first, each followed by at most one separator: most numbers
#: ("4471", "3.", "2025") fail this within a few characters, before any shape is tried
_SEVEN_MORE = r"(?=(?:\d[ .\-]?){7})"
# The first digit, then each shape from the next character on (optional), then: at least one shape matched.
# Or the first of two digits after a capital letter A-Z (group ``lettered``): where an IBAN ("GB82 WEST…", two
# letters before) or a diagnosis code ("P76", one letter before) can start, so that those need no scan of their own.
# Neither follows a digit: most digits of a text are turned down by that first.
_SCAN = re.compile(
    r"\d(?<!\d\d)(?:(?<![\w\-./,]\d)"
    + _SEVEN_MORE
    + "".join(f"(?:(?={shape})|)" for shape in _SHAPES.values())
    + "".join(f"(?({name})|" for name in _SHAPES)
    + "(?!)"
    + ")" * len(_SHAPES)
    + r"|(?<=[A-Z]\d)(?=\d)(?P<lettered>))"
)


class NumberStarts(NamedTuple):
    """(start, end) of each match, per shape; nine-digit ones also say where the digits end (before "MVA").
    ``lettered``: where two digits follow a capital letter A-Z (the position of the first digit)."""

    eleven: list[tuple[int, int]]
    nine: list[tuple[int, int, int]]  # start, end, end of the digits
    card: list[tuple[int, int]]
    phone: list[tuple[int, int]]
    lettered: list[int]


def number_starts(text: str) -> NumberStarts:
    found = NumberStarts([], [], [], [], [])
    for m in _SCAN.finditer(text):
        start = m.start()
        if m.lastgroup == "lettered":
            found.lettered.append(start)
            continue
        if m.start("eleven") >= 0:
            found.eleven.append((start, m.end("eleven")))
        if m.start("nine") >= 0:
            found.nine.append((start, m.end("nine_mva"), m.end("nine")))
        if m.start("card") >= 0:
            found.card.append((start, m.end("card")))
        if m.start("phone") >= 0:
            found.phone.append((start, m.end("phone")))
    return found


_T = TypeVar("_T", bound=tuple[Any, ...])  # (start, end, ...)


def leftmost(matches: Iterable[_T]) -> list[_T]:
    """From (start, end, ...) of every position where an expression matches, what ``finditer`` returns:
    the first match, then the first that starts at or after its end, and so on."""
    kept: list[_T] = []
    end = 0
    for m in sorted(matches, key=lambda m: m[0]):
        if m[0] >= end:
            kept.append(m)
            end = m[1]
    return kept


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that can only match at ``starts`` (ascending positions)."""
    end = 0
    for start in starts:
        if start >= end and (m := pattern.match(text, start)):
            yield m
            end = m.end()


def every_start(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The match of ``pattern`` at every position where it matches (``finditer`` skips those inside a match)."""
    m = pattern.search(text)
    while m is not None:
        yield m
        m = pattern.search(text, m.start() + 1)
