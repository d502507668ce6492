"""The detector the guardrail stage calls: every finder over one text, overlaps resolved, classes applied.

Overlaps resolve by priority, then length: a validated identifier beats a configured pattern, which beats a
generic pattern (phone, e-mail, IP), which beats names, addresses and keywords; among equals the longer
span wins. Each entity implies a data class: the built-in mapping below, overridden per type by
``guardrails.detection.entity_classes``; a configured pattern or term list implies its own ``data_class``.
A class the configured order does not know (the classes were renamed) becomes the strictest class: a
detector that cannot place a finding fails closed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from ...settings import DetectionSettings
from ..entities import ClassOrder, Entity, class_of
from .categories import CATEGORY_TYPES, CategoryFinder
from .chat import LOWER_CASE_WORDS, chat_names, handles
from .custom import CustomFinder
from .dictionary import EnglishWords
from .identifiers import find_identifiers
from .names import NameLexicon, NameRules, Word, mentions, referred_names, widen_names
from .ner import NameNer, NerUnavailable
from .numbers import number_starts
from .patterns import find_patterns
from .phrases import about_nobody, widen
from .spans import FUZZY, Span, resolve

#: what each built-in type implies; a company id (ORGNR) is not personal data
DEFAULT_ENTITY_CLASSES: Mapping[str, str] = MappingProxyType(
    {
        "FNR": "confidential",
        "DNR": "confidential",
        "BANK_ACCOUNT": "confidential",
        "IBAN": "confidential",
        "CARD": "confidential",
        "PERSON": "confidential",
        "EMAIL": "confidential",
        "PHONE": "confidential",
        "ADDRESS": "confidential",
        "IP": "confidential",
        "ORGNR": "internal",
        **dict.fromkeys(CATEGORY_TYPES, "confidential"),
    }
)


class Detector:
    """PII and special-category detection for Norwegian and English text. Thread-safe after construction."""

    def __init__(self, settings: DetectionSettings, order: ClassOrder) -> None:
        self.settings = settings
        self.order = order
        self.custom = CustomFinder(settings.patterns, settings.terms)
        self.categories = CategoryFinder()
        lexicon = NameLexicon()
        self.rules = NameRules(lexicon)
        self.ner = NameNer(lexicon) if settings.ner else None
        self.dictionary = EnglishWords()
        wanted = {**DEFAULT_ENTITY_CLASSES, **settings.entity_classes}
        wanted.update({p.name: p.data_class for p in settings.patterns})
        wanted.update({t.name: t.data_class for t in settings.terms})
        self.entity_classes = {t: self._known(c) for t, c in wanted.items()}

    def _known(self, data_class: str) -> str:
        return data_class if data_class in self.order.classes else self.order.strictest

    def load(self) -> None:
        """Load the NER model now (idempotent); raises RuntimeError when it is unavailable."""
        self._check()
        self.dictionary.load()
        if self.ner is not None:
            self.ner.load()

    def scan(self, text: str) -> list[Entity]:
        """Entities in ``text``, sorted by start and non-overlapping."""
        self._check()
        numbers = number_starts(text)
        spans: list[Span] = find_identifiers(text, numbers)
        spans += self.custom.find(text)
        spans += find_patterns(text, numbers)
        categories = widen(text, self.categories.find(text, numbers))
        spans += categories
        spans += self._names(text, spans)
        spans += _mentions_again(text, spans)
        spans += widen_names(text, [s for s in spans if s.type == "PERSON"], self.rules.lex)
        if categories:
            persons = [s for s in spans if s.type == "PERSON"]
            lex = self.rules.lex
            nobody = about_nobody(text, categories, persons, lex.first, lex.ambiguous)
            if nobody:
                spans = [s for s in spans if s not in nobody]
        classes, strictest = self.entity_classes, self.order.strictest
        return [
            Entity(kind, start, end, text[start:end], classes.get(kind, strictest), source)
            for kind, start, end, source, _ in resolve(spans)
        ]

    def _names(self, text: str, other: list[Span]) -> list[Span]:
        """Names by the gazetteer rules, then the groups of unknown capitalised words they leave open.

        Two or three unknown words in a row are a name when any of them is not an English dictionary word
        ("Aslaug Flatebø", "Yonas Tesfaye"); when every one is ("Sarah Thompson", "Travel Expenses") only
        NER can tell, and so for a lone unknown word ("ask Krzysztof"). NER sees only those groups, once per
        distinct spelling, and only when no other finding (an address, a keyword) already covers them.
        """
        # without NER a lone unknown word cannot become a name: the rules need not propose it
        singles, plural = self.ner is not None, self.dictionary.plural
        words, names, open_groups = self.rules.find(text, singles=singles, plural_noun=plural)
        names += chat_names(text, self.rules.lex, LOWER_CASE_WORDS.__contains__)
        names += referred_names(text, self.rules.lex)
        names += handles(text, self.rules.lex)
        if not open_groups:
            return names
        found: list[Span] = []
        ask: list[list[int]] = []
        for g in open_groups:
            a, b = words[g[0]].start, words[g[-1]].end
            if _covered(a, b, other):
                continue
            if len(g) > 1 and not all(words[k].text in self.dictionary for k in g):
                found.append(Span("PERSON", a, b, "rules", FUZZY))
            elif len(g) > 1 or words[g[0]].text not in self.dictionary:
                ask.append(g)
        if ask and self.ner is not None:
            found += self._ask_ner(text, words, ask)
        return names + found

    def _ask_ner(self, text: str, words: list[Word], groups: list[list[int]]) -> list[Span]:
        assert self.ner is not None
        first: dict[str, list[int]] = {}
        for g in groups:
            first.setdefault(text[words[g[0]].start : words[g[-1]].end], g)
        decided = self.ner.find(text, words, list(first.values()))
        person = {
            text[words[g[0]].start : words[g[-1]].end]
            for g in first.values()
            if _covered(words[g[0]].start, words[g[-1]].end, decided)
        }
        spans = list(decided)
        for g in groups:
            a, b = words[g[0]].start, words[g[-1]].end
            if text[a:b] in person and g not in first.values():
                spans.append(Span("PERSON", a, b, "ner", FUZZY))
        return spans

    def _check(self) -> None:
        if self.rules.lex.missing:
            raise NerUnavailable(f"name detection needs spaCy: {self.rules.lex.missing}")

    def classify(self, entities: Sequence[Entity]) -> str:
        """The strictest class the entities imply, in the configured order (the lowest class for none)."""
        return class_of(entities, self.order)


def _mentions_again(text: str, spans: list[Span]) -> list[Span]:
    """ "Line Henriksen … Line bestiller", "Per Aasen … at Per er", "Ingá Oskal … Oskal said": once a full name
    is found, its first name or its surname alone elsewhere in the text is the same person, even when that word
    alone could be something else. (A surname written in capitals or shorter than three letters is left out.)"""
    first, last = set(), set()
    for s in spans:
        if s.type == "PERSON":
            name = text[s.start : s.end]
            if " " in name:
                first.add(name[: name.index(" ")])
                surname = name[name.rindex(" ") + 1 :]
                if len(surname) > 2 and surname[:1].isupper() and not surname.isupper():
                    last.add(surname)
    if not first:
        return []
    # where the findings so far lie (most mentions are inside the full names themselves), one byte a character
    covered = bytearray(len(text))
    for s in spans:
        covered[s.start : s.end] = b"\x01" * (s.end - s.start)
    found = mentions(text, first)
    # a surname alone, unless a capitalised word follows: "Olsen Bygg AS", "Kvalheim Maskin" are firms
    found += [(a, b) for a, b in mentions(text, last - first) if not _capital_next(text, b)]
    return [Span("PERSON", a, b, "gazetteer", FUZZY) for a, b in found if not any(covered[a:b])]


def _capital_next(text: str, end: int) -> bool:
    return text[end : end + 1] == " " and text[end + 1 : end + 2].isupper()


def _covered(start: int, end: int, spans: list[Span]) -> bool:
    return any(s.start <= start and end <= s.end for s in spans)
