"""A special-category keyword widened to the phrase that states the fact, and two uses of those words that
state nothing about a person.

A keyword marks where a sensitive fact is, but the fact is a phrase: "tidligere dømt for grovt underslag", not
"dømt"; "diagnosed with depression", "prolaps i ryggen", "treated for burnout", "praktiserende katolikk",
"klubbleder i Fellesforbundet". A finding grows to the left over the modifiers and verbs of its category and to
the right over a preposition and the one or two words it governs; findings of one type that then touch become
one. What grows is only the span: the type, and so the class, stays the keyword's.

Not about anyone: a form's label ("Diagnose: P76 Depressiv lidelse", where the code and the diagnosis are the
finding) and a workplace statistic ("Sykefraværet i produksjonen var 3,8 % i april"): sickness-absence words
in a sentence that gives a percentage and names nobody.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .spans import Span

_WORDS = r"[^\W\d_]+(?:-[^\W\d_]+)*"

#: words that may stand before a keyword of the type and belong to its phrase
_LEFT: dict[str, frozenset[str]] = {
    "CRIMINAL_RECORD": frozenset(["tidligere", "previous", "prior", "previously", "earlier"]),
    "HEALTH": frozenset(
        [
            "kronisk",
            "kroniske",
            "chronic",
            "akutt",
            "akutte",
            "acute",
            "alvorlig",
            "alvorlige",
            "severe",
            "langvarig",
            "langvarige",
            "treated",
            "behandlet",
            "behandles",
            "diagnosed",
            "diagnostisert",
            "operated",
            "operert",
            "hospitalised",
            "hospitalized",
            "innlagt",
            "for",
            "with",
            "med",
            "on",
        ]
    ),
    "RELIGION": frozenset(["praktiserende", "practising", "practicing", "devout", "troende", "aktiv", "aktive"]),
}
#: prepositions after a keyword of the type that take the next one or two words into its phrase
_RIGHT: dict[str, frozenset[str]] = {
    "CRIMINAL_RECORD": frozenset(["for", "of", "av"]),
    "HEALTH": frozenset(["i", "med", "with", "in", "of", "for", "av"]),
    "TRADE_UNION": frozenset(["i", "in", "of"]),
}
#: words a phrase does not run on into
_STOP = frozenset(
    [
        "og",
        "and",
        "eller",
        "or",
        "men",
        "but",
        "som",
        "that",
        "which",
        "who",
        "fra",
        "from",
        "til",
        "to",
        "på",
        "at",
        "etter",
        "after",
        "siden",
        "since",
        "da",
        "when",
        "the",
        "a",
        "an",
        "en",
        "et",
        "ei",
        "den",
        "det",
        "de",
        "this",
        "these",
        "in",
        "on",
        "i",
        "for",
        "with",
        "med",
        "by",
        "av",
        "om",
        "about",
        "during",
        "under",
        "before",
        "før",
        "ved",
        "last",
        "next",
        "siste",
        "neste",
        "forrige",
        "igjen",
        "again",
    ]
)
#: a keyword ending in one of these governs what follows it directly
_ENDS_GOVERNING = frozenset(["on", "i", "for", "with", "med"])
_GOVERNED = re.compile(
    r"(?:[ \u00a0]+(?:the|a|an|en|et|ei|hans|hennes|his|her))?[ \u00a0]+[^\W\d_A-ZÆØÅ]+(?:[ \u00a0]+([a-zæøå]+))?"
)
_AFTER = re.compile(rf"[ \u00a0]+({_WORDS})(?:[ \u00a0]+({_WORDS}))?(?:[ \u00a0]+({_WORDS}))?")

#: a form's field label: the value after the colon is the finding
_LABELS = frozenset(["diagnose", "diagnosis", "diagnoser", "diagnoses"])
_ABSENCE = ("sykefravær", "sickness absence", "sick leave", "absence rate")
_PERCENT = re.compile(r"\d+(?:[.,]\d+)?[ \u00a0]*(?:%|prosent|percent|per cent)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?\n](?:\s|$)")


def widen(text: str, spans: list[Span]) -> list[Span]:
    """Category spans grown to their phrases; touching spans of one type merged."""
    grown = sorted((_grow(text, s) for s in spans), key=lambda s: (s.type, s.start))
    out: list[Span] = []
    for s in grown:
        last = out[-1] if out else None
        if (
            last is not None
            and last.type == s.type
            and text[last.end : s.start].strip(" ") == ""
            and "\n" not in text[last.end : s.start]
        ):
            out[-1] = last._replace(end=max(last.end, s.end))
        else:
            out.append(s)
    return out


def _grow(text: str, s: Span) -> Span:
    start, end = s.start, s.end
    left = _LEFT.get(s.type)
    while left:
        a, word = _word_before(text, start)
        if word.lower() not in left:
            break
        start = a
    right = _RIGHT.get(s.type)
    if right and text[start:end].rsplit(None, 1)[-1].lower() in _ENDS_GOVERNING:
        # the keyword itself ends in its preposition ("was operated on"): an article, then one or two words
        m = _GOVERNED.match(text, end)
        if m:
            end = len(text[: m.start(1)].rstrip()) if m.group(1) and m.group(1) in _STOP else m.end()
    elif right:
        m = _AFTER.match(text, end)
        governed = m.group(2) if m else None
        # a capital after a preposition is a name (a person's, a place's), except a union's after "i"/"in"
        if (
            m
            and governed
            and m.group(1).lower() in right
            and governed.lower() not in _STOP
            and (governed.islower() or s.type == "TRADE_UNION")
        ):
            end = m.end(2)
            third = m.group(3)
            if third and third.lower() not in _STOP and s.type != "TRADE_UNION" and third.islower():
                end = m.end(3)
    return s._replace(start=start, end=end)


def _word_before(text: str, start: int) -> tuple[int, str]:
    """The word (letters and "-") before ``start`` across spaces, and where it starts; "" when there is none.
    Read character by character: a few steps, where a regular expression searching backwards tries every
    position of its window."""
    k = start
    while k > 0 and text[k - 1] in " \u00a0":
        k -= 1
    if k == start:
        return start, ""
    j = k
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "-"):
        j -= 1
    return j, text[j:k]


def about_nobody(text: str, spans: Iterable[Span], persons: Iterable[Span]) -> set[Span]:
    """The category spans that state nothing about a person: form labels and workplace statistics."""
    named = [p for p in persons]
    out = set()
    spans = list(spans)
    for s in spans:
        if s.type != "HEALTH":
            continue
        word = text[s.start : s.end].lower()
        if word in _LABELS and text[s.end : s.end + 2].lstrip(" \t").startswith(":"):
            out.add(s)
        elif word.startswith(_ABSENCE):
            a, b = _sentence(text, s.start, s.end)
            if _PERCENT.search(text, s.end, b) and not any(a <= p.start < b for p in named):
                out.add(s)
    return out


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    before = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    after = _SENTENCE_END.search(text, end)
    return before, after.start() + 1 if after else len(text)
