"""Personal names from the Norwegian gazetteer and capitalisation rules; what is left goes to NER.

A *run* is a sequence of capitalised words separated by single spaces ("Per Olav Berg"). Each word gets a
kind from the lists in ``data/``: a first name (F), a first name that is also an ordinary word or month (A:
Per, Mai, Liv, Dag), a name that is both first name and surname (B), a surname (S), a known non-name (X:
stop words, greetings, places, months, company suffixes) or unknown (U). Inside a run, between X words:

* after a greeting, title or role word ("Hei", "Dear", "Mvh", "fru", "Navn:", "kandidat") the words are a name;
* a first name (F, A or B) followed by any name-like word is a name from the first name on ("Kari Nordmann",
  "Per Olav Berg", "Kari Østby-Fjell");
* unknown words ending in a surname are a name ("Mohammed Hansen");
* a lone first name is a name when it is not also an ordinary word ("Kari ringte"; not "Per time");
* a lone surname, or a lone ambiguous first name, needs the cue words above.

A run next to a company suffix ("Olsen Bygg AS") or a street word ("Olav Tryggvasons gate") is not a
person. What the rules leave open, ``NameRules.find`` returns as groups for the detector to decide: two or
three unknown words in a row (not in a title-case run, not after an article: "the Annual Partner Summit"),
and a lone unknown word that does not start a sentence.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import NamedTuple

from .spans import FUZZY, Span

WORD = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")
_UPPER = "".join(chr(c) for c in range(0x10000) if chr(c).isupper() and chr(c).isalpha())
#: words that start with a capital letter (only those can be names: lower-case words are never looked at)
CAPITALISED = re.compile("(?<![\\w'\u2019-])[" + re.escape(_UPPER) + r"][^\W\d_]*(?:['\u2019\-][^\W\d_]+)*")
_NEXT = re.compile(r"[ \u00a0]([^\W\d_]+)")
_PREVIOUS = re.compile(r"([^\W\d_]+)([^\w]*)$")
_LINE_START = re.compile(r"[.!?:;\n\u2022*>\-\u2013\u2014\"\u201c(\[]")


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


GREETING_CUES = _set(
    "hei hallo heisann hi hello hey dear kjære hilsen mvh vh regards thanks takk sincerely cheers best"
)
TITLE_CUES = _set("mr mrs ms miss dr prof herr fru frk frøken")
ROLE_CUES = _set(
    "kandidat kandidaten candidate ansatt ansatte employee kollega kollegaen colleague pasient pasienten patient "
    "kunde kunden customer client navn name kontakt kontaktperson contact saksbehandler søker søkeren applicant "
    "medarbeider medarbeideren "
    "konsulent konsulenten consultant signed signert undertegnet attn att"
)
CUES = GREETING_CUES | TITLE_CUES | ROLE_CUES
#: a run ending in one of these is an organisation ("Hansen Mekaniske AS"), not a person
COMPANY_SUFFIXES = _set("AS ASA ANS DA SA BA Ltd Limited Inc LLC GmbH AB Oy Plc Corp Group Gruppen")
#: lower-case particles allowed inside a name ("Ludwig van Beethoven", "Omar al-Farouk" is one word)
PARTICLES = _set("van von der den de da di du la le bin ibn al el dos das del ter")
MAX_NAME_WORDS = 4
STREET_WORDS = _set("gate gata vei veien veg vegen plass plassen allé alle bakke terrasse brygge torg")
#: words before capitalised words that make them a thing or a place, not a person
THING_WORDS = _set("the a an this that our your their en et ei det den denne dette vår vårt våre in på near")


def _read_list(name: str) -> frozenset[str]:
    text = resources.files("orkester.guardrails.data").joinpath(name).read_text("utf-8")
    return frozenset(s for line in text.splitlines() if (s := line.split("#", 1)[0].strip()))


class Word(NamedTuple):
    text: str
    start: int
    end: int
    kind: str  # F A B S X U, or "" for a word that is not capitalised
    initial: bool  # first word of a sentence or line


class NameLexicon:
    """The gazetteer and non-name lists, read once from package data."""

    def __init__(self) -> None:
        self.first = _read_list("first_names.txt")
        self.ambiguous = _read_list("ambiguous_names.txt")
        self.surnames = _read_list("surnames.txt")
        #: why spaCy (whose Norwegian and English stop words are part of the non-name list) is unusable
        self.missing: str | None = None
        try:
            from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP
            from spacy.lang.nb.stop_words import STOP_WORDS as NB_STOP
        except ImportError as e:
            self.missing, EN_STOP, NB_STOP = str(e), set(), set()
        self.non_names = frozenset(w.casefold() for w in _read_list("non_names.txt")) | NB_STOP | EN_STOP

    def kind(self, word: str) -> str:
        if not is_capitalised(word):
            return ""
        if word in self.first:
            return "A" if word in self.ambiguous else "B" if word in self.surnames else "F"
        if word in self.surnames:
            return "S"
        if "-" in word:
            parts = [p.capitalize() for p in word.split("-")]
            if all(p in self.first for p in parts):
                return "F"
            if all(p in self.first or p in self.surnames for p in parts):
                return "S"
        folded = word.casefold()
        return "X" if folded in self.non_names or folded in CUES else "U"


def is_capitalised(word: str) -> bool:
    """Title-cased as a name is written: "Kari", "McDonald", "Østby-Fjell"; not "NAV" or "kari"."""
    return len(word) > 1 and word[0].isupper() and any(ch.islower() for ch in word[1:])


class NameRules:
    def __init__(self, lexicon: NameLexicon) -> None:
        self.lex = lexicon

    def words(self, text: str) -> list[Word]:
        """The capitalised words of ``text`` with their kinds (kind "" when not name-shaped: "NAV", "X")."""
        kind = self.lex.kind
        return [
            Word(m.group(), m.start(), m.end(), kind(m.group()), _initial(text, m.start()))
            for m in CAPITALISED.finditer(text)
        ]

    def find(self, text: str, words: list[Word]) -> tuple[list[Span], list[list[int]]]:
        """Names the rules are sure of, and the groups of words (indexes into ``words``) NER should decide."""
        names: list[Span] = []
        open_words: list[list[int]] = []
        i = 0
        while i < len(words):
            if not words[i].kind:
                i += 1
                continue
            j = i + 1
            while j < len(words) and words[j].kind and _joined(text, words[j - 1], words[j]):
                j += 1
            self._run(text, words, i, j, names, open_words)
            i = j
        return names, open_words

    def _run(
        self, text: str, words: list[Word], i: int, j: int, names: list[Span], open_words: list[list[int]]
    ) -> None:
        m = _NEXT.match(text, words[j - 1].end)
        after = m.group(1) if m else ""
        if after in STREET_WORDS:
            return  # "Dag Hammarskjölds vei", "Olav Tryggvasons gate": a street named after someone
        if after in COMPANY_SUFFIXES or any(words[k].text in COMPANY_SUFFIXES for k in range(i, j)):
            return  # "Brightline Consulting Ltd", "Olsen Bygg AS": an organisation
        cue = _cue_before(text, words, i)
        # a run that holds a non-name word other than a cue ("the Annual Partner Summit") is a title or a
        # thing: its unknown words are not taken as a name on their capitals alone
        titled = any(words[k].kind == "X" and words[k].text.casefold() not in CUES for k in range(i, j))
        seg: list[int] = []
        for k in range(i, j + 1):
            if k < j and words[k].kind != "X":
                seg.append(k)
                continue
            if seg:
                self._segment(text, words, seg, cue, titled, names, open_words)
            seg = []
            # inside a run a role word introduces a name only at the start of a sentence ("Kontakt Ola
            # Berg"); elsewhere it is part of a title ("the Employee Handbook"); greetings and titles always
            folded = words[k].text.casefold() if k < j else ""
            cue = folded in GREETING_CUES or folded in TITLE_CUES or (folded in ROLE_CUES and words[k].initial)

    def _segment(
        self,
        text: str,
        words: list[Word],
        seg: list[int],
        cue: bool,
        titled: bool,
        names: list[Span],
        open_words: list[list[int]],
    ) -> None:
        kinds = "".join(words[k].kind for k in seg)
        if len(seg) > 1 and kinds[0] == "U" and kinds[1] in "FAB" and words[seg[0]].initial:
            seg, kinds = seg[1:], kinds[1:]  # "Spør Tina": a capital at the start of a sentence says nothing
        found: tuple[int, int] | None = None
        first = next((n for n, c in enumerate(kinds) if c in "FAB"), None)
        if cue:
            found = (seg[0], seg[min(len(seg), 3) - 1])
        elif first is not None and first + 1 < len(seg):
            found = (seg[first], seg[min(len(seg), first + MAX_NAME_WORDS) - 1])
        elif len(seg) >= 2 and kinds[-1] in "SB" and kinds[-2] == "U":
            start = len(seg) - 3 if len(seg) >= 3 and kinds[-3] == "U" else len(seg) - 2
            found = (seg[start], seg[-1])
        elif kinds in ("F", "B"):
            found = (seg[0], seg[0])
        if found:
            a, b = found
            names.append(Span("PERSON", words[a].start, words[b].end, "gazetteer", FUZZY))
        elif kinds in ("UU", "UUU") and not titled and not _after_article(text, words, seg[0]):
            open_words.append(seg)  # a name unless NER and the dictionary both say otherwise
        elif kinds == "U" and not words[seg[0]].initial:
            open_words.append(seg)


def _word_before(text: str, start: int) -> tuple[str, str]:
    """The word before ``start`` (any case) and what stands between it and ``start``."""
    m = _PREVIOUS.search(text, max(0, start - 40), start)
    return (m.group(1), m.group(2)) if m else ("", "")


def _after_article(text: str, words: list[Word], k: int) -> bool:
    """ "the Quick Access Toolbar", "på Nye Sandvika": an article or place preposition makes it a thing."""
    word, gap = _word_before(text, words[k].start)
    return gap == " " and word.casefold() in THING_WORDS


def _joined(text: str, a: Word, b: Word) -> bool:
    """Two words of one name: a single space (or no-break space) between them."""
    gap = text[a.end : b.start]
    return gap in (" ", "\u00a0")


def _initial(text: str, start: int) -> bool:
    k = start - 1
    while k >= 0 and text[k] in " \t\u00a0":
        k -= 1
    return k < 0 or bool(_LINE_START.match(text[k]))


def _cue_before(text: str, words: list[Word], i: int) -> bool:
    """The word before the run (across punctuation and one line break) is a greeting, title or role word."""
    prev, gap = _word_before(text, words[i].start)
    word = prev.casefold()
    allowed = " \t\u00a0,:\n" + ("." if word in TITLE_CUES else "")
    if not prev or len(gap) > 6 or gap.count("\n") > 1 or gap.strip(allowed):
        return False
    if word in GREETING_CUES or word in TITLE_CUES:
        return True
    return word in ROLE_CUES and (prev.islower() or ":" in gap)
