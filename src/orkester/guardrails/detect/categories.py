"""GDPR special categories (health, trade union, religion, ethnicity, sexual orientation, criminal record).

Keyword lists in Norwegian and English (``data/special_categories.json``): a term ending in ``*`` is a stem
and matches every word it starts ("sykmeld*": sykmeldt, sykmelding, sykmeldingen); other terms match whole
words, in any case. The terms are compiled into one expression, factored as a trie, with one named group
per category. Two findings need more than a keyword: a union's name (``TRADE_UNION_NAMES``) is a
membership only after a membership word, and a diagnosis code (ICPC-2, ICD-10) counts with a diagnosis
after it.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any, NamedTuple

from .numbers import NumberStarts, every_start, leftmost, matches_at, number_starts
from .spans import FUZZY, Span

CATEGORY_TYPES = ("HEALTH", "TRADE_UNION", "RELIGION", "ETHNICITY", "SEXUAL_ORIENTATION", "CRIMINAL_RECORD")


_STEM = "\x00"  # trie leaf markers: a stem continues with word characters, a word ends here
_END = "\x01"


def _trie_regex(node: dict[str, Any]) -> str:
    """A regular expression for the terms in a character trie, common prefixes factored out.

    Python's ``re`` tries alternatives one by one; factored, it reads each word once instead of once per term.
    """
    branches = []
    for ch, child in sorted(node.items()):
        if ch == _STEM:
            branches.append(r"[\w-]*")
        elif ch == _END:
            branches.append("")
        else:
            branches.append((r"\s+" if ch == " " else re.escape(ch)) + _trie_regex(child))
    if len(branches) == 1:
        return branches[0]
    optional = "" in branches
    body = "|".join(sorted((b for b in branches if b), key=len, reverse=True))
    return f"(?:{body})" + ("?" if optional else "") if body else ""


def _trie(terms: list[str], stems: bool) -> dict[str, Any]:
    trie: dict[str, Any] = {}
    for term in terms:
        stem = stems and term.endswith("*")
        body = " ".join((term[:-1] if stem else term).lower().split())
        if not body:
            continue
        node = trie
        for ch in body:
            node = node.setdefault(ch, {})
        node.setdefault(_STEM if stem else _END, {})
    return trie


def _alternatives(terms: list[str], stems: bool) -> str:
    trie = _trie(terms, stems)
    return _trie_regex(trie) if trie else "(?!)"


_WHOLE = r"(?<![\w-])(?:{})(?![\w-])"


def _separator_class() -> str:
    """``[^\\w\\- ]`` written out: a character class of the characters themselves is a table look-up for ``re``,
    ``\\w`` a Unicode category test for each character of the text, twice as slow. Written out for the Basic
    Multilingual Plane, where a word character is ``isalnum()`` or "_" as for ``re``; above it any character,
    and a look-behind then rejects the word characters (rare there)."""
    codes = [c for c in range(0x10000) if not (chr(c).isalnum() or chr(c) in "_- ")]
    ranges: list[tuple[int, int]] = []
    first = last = codes[0]
    for code in codes[1:]:
        if code != last + 1:
            ranges.append((first, last))
            first = code
        last = code
    ranges.append((first, last))
    bmp = "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)
    return f"[{bmp}\\U00010000-\\U0010ffff](?<![^\\W\\x00-\\uffff])"


#: the letters words start with, most frequent first (Norwegian and English, the labelled corpus)
_COMMON_INITIALS = "tsaofhpimbnedrcvlkwgujyqøåxz"


def _common_first(ch: str) -> tuple[int, str]:
    """``re`` tries the branches of an alternation in order and no two start alike: the letters most words
    start with go first."""
    rank = _COMMON_INITIALS.find(ch)
    return (rank if rank >= 0 else len(_COMMON_INITIALS), ch)


def compile_terms(terms: list[str], *, stems: bool = True) -> re.Pattern[str]:
    """One expression over ``terms``, matched as whole words (stems extended), any case.

    ``stems=False`` takes every term literally (a ``*`` is a character): configured terms.
    """
    return re.compile(_WHOLE.format(_alternatives(terms, stems)), re.IGNORECASE)


class Categories(NamedTuple):
    """All categories in one expression, ``body`` (terms grouped by first letter; ``types[m.lastindex - 1]`` is
    the category a match found), for lower-cased text, and ``any_case`` (IGNORECASE, a named group per
    category) for the few texts whose lower-cased form has another length, where offsets would not line up.

    A term starts where no letter, digit or "-" stands before it. An expression that starts by looking behind
    is tried at every position of the text, so ``body`` is searched after a space (``re`` finds those by its
    fast literal scan: most words), after any other such character, and at the start of the text. At each of
    those word starts ``body`` is tried only when one trie of every category's terms (no groups) matches there:
    that look-ahead fails within a letter or two on most words, where ``body`` would try each category's
    branch in turn; it matches wherever ``body`` does, so the matches are those of ``body`` alone.
    """

    body: re.Pattern[str]
    after_space: re.Pattern[str]
    after_other: re.Pattern[str]
    types: tuple[str, ...]
    any_case: re.Pattern[str]


#: a membership word, then the union's name: "(har blitt) medlem av Fagforbundet", "joined Unite", "organisert i
#: NTL", "kontingent til Parat"; a name alone ("the settlement between Norsk Industri and Fellesforbundet") is not
_MEMBERSHIP = (
    r"(?:(?:medlem(?:skap)?|member(?:ship)?|innmeldt|(?:fag)?organisert|kontingent(?:en)?|dues)\s+(?:av|i|hos|til|"
    r"of|in|to)|(?:meldt|melde|meldte)\s+(?:seg\s+)?inn\s+i|join(?:ed|s|ing)?)\s+(?:the\s+)?(?:{})(?:s|-medlem\w*)?"
    r"(?![\w-])"
)
#: where a membership can start (found with ``str.find``; the expression is matched from the word's start)
_MEMBERSHIP_HINTS = ("medlem", "member", "innmeld", "organisert", "kontingent", "dues", "meld", "join")
#: "P76 Depressiv lidelse", "L03 korsryggsmerter", "J20.9 Akutt bronkitt": an ICPC-2 or ICD-10 code followed by a
#: diagnosis (up to three words, the last with an ending diagnoses have). The code is found case-sensitively
#: (``re`` looks for it fast); the diagnosis after it is matched from there.
_CODE = re.compile(r"[A-Z]\d{2}(?:\.\d{1,2})?[ \t]*[-:\u2013]?[ \t]*(?=[^\W\d_])")
_DIAGNOSIS = re.compile(
    r"(?:[^\W\d_]+[ /-]){0,2}[^\W\d_]*(?:itt|itis|lidelse|syndrom|"
    r"smerter?|sykdom|betennelse|svikt|infeksjon|infection|disorder|disease|pain|kreft|cancer|depresjon|depression|angst|"
    r"anxiety|diabetes|astma|asthma|migrene|migraine|allergi|allergy|eksem|eczema|skade|injury|brudd|stress|"
    r"reaksjon|reaction|tretthet|fatigue|søvnproblemer|insomni|insomnia)(?![\w-])",
    re.IGNORECASE,
)


def _read() -> dict[str, list[str]]:
    text = resources.files("orkester.guardrails.data").joinpath("special_categories.json").read_text("utf-8")
    raw: dict[str, list[str]] = json.loads(text)
    return raw


def load_memberships() -> re.Pattern[str]:
    """Trade-union membership: a membership word, then one of ``TRADE_UNION_NAMES``."""
    return re.compile(_MEMBERSHIP.format(_alternatives(_read()["TRADE_UNION_NAMES"], False)), re.IGNORECASE)


def load_categories() -> Categories:
    raw = _read()
    tries = {t: _trie(list(raw[t]), True) for t in CATEGORY_TYPES}
    branches, types = [], []
    for ch in sorted({ch for trie in tries.values() for ch in trie}, key=_common_first):
        # the terms of each category that start with ``ch``, in the order of the categories
        groups = [f"({_trie_regex(tries[t][ch])})" for t in CATEGORY_TYPES if ch in tries[t]]
        types += [t for t in CATEGORY_TYPES if ch in tries[t]]
        branches.append(f"{re.escape(ch)}(?:{'|'.join(groups)})")
    body = f"(?:{'|'.join(branches)})(?![\\w-])"
    every = _trie([term for t in CATEGORY_TYPES for term in raw[t]], True)
    gate = "(?=" + "|".join(re.escape(ch) + _trie_regex(every[ch]) for ch in sorted(every, key=_common_first)) + ")"
    named = "|".join(f"(?P<{t}>{_alternatives(list(raw[t]), True)})" for t in CATEGORY_TYPES)
    return Categories(
        re.compile(body),
        re.compile(" " + gate + body),
        re.compile(_separator_class() + gate + body),
        tuple(types),
        re.compile(_WHOLE.format(named), re.IGNORECASE),
    )


class CategoryFinder:
    def __init__(self) -> None:
        self.expressions = load_categories()
        self.memberships = load_memberships()

    def find(self, text: str, numbers: NumberStarts | None = None) -> list[Span]:
        """Keywords, memberships and diagnosis codes in ``text``; ``numbers`` is ``number_starts(text)`` when the
        caller has it (a code starts one letter before the first of its digits: ``numbers.lettered``)."""
        numbers = number_starts(text) if numbers is None else numbers
        lowered = text.lower()
        spans = self._keywords(text, lowered)
        spans += self._memberships(text, lowered)
        for m in matches_at(_CODE, text, [p - 1 for p in numbers.lettered]):
            if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_-"):
                continue
            d = _DIAGNOSIS.match(text, m.end())
            if d:
                spans.append(Span("HEALTH", m.start(), d.end(), "keywords", FUZZY))
        return spans

    def _memberships(self, text: str, lowered: str) -> list[Span]:
        starts = set()
        for hint in _MEMBERSHIP_HINTS:
            k = lowered.find(hint)
            while k >= 0:
                start = k
                while start > 0 and lowered[start - 1].isalpha():
                    start -= 1
                if start == k or lowered[start:k] == "fag":  # "fagorganisert"; not "innmeldt" twice
                    starts.add(start)
                k = lowered.find(hint, k + 1)
        found = (self.memberships.match(text, start) for start in sorted(starts))
        return [Span("TRADE_UNION", m.start(), m.end(), "keywords", FUZZY) for m in found if m]

    def _keywords(self, text: str, lowered: str) -> list[Span]:
        if len(lowered) != len(text):
            any_case = self.expressions.any_case
            return [Span(str(m.lastgroup), m.start(), m.end(), "keywords", FUZZY) for m in any_case.finditer(text)]
        x = self.expressions
        found = [(m.start() + 1, m.end(), m.lastindex or 0) for m in every_start(x.after_space, lowered)]
        found += [(m.start() + 1, m.end(), m.lastindex or 0) for m in every_start(x.after_other, lowered)]
        first = x.body.match(lowered)
        if first:
            found.append((0, first.end(), first.lastindex or 0))
        return [Span(x.types[g - 1], start, end, "keywords", FUZZY) for start, end, g in leftmost(found)]
