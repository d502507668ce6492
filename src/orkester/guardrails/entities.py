"""What detection finds, and the data classes it implies.

Shared by the detectors (``guardrails/detect/``), the classifier, pseudonymisation and the audit trail.
An ``Entity`` carries its text for pseudonymisation inside the gateway; nothing that leaves the gateway
(audit rows, logs, headers, metrics) may include ``text`` — only ``type`` and counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: The default classes, least to most sensitive. Config may rename or add classes; order is sensitivity.
DEFAULT_CLASSES: tuple[str, ...] = ("public", "internal", "confidential", "strictly_confidential")

#: Entity types the built-in detectors emit (custom patterns add their own names).
ENTITY_TYPES: tuple[str, ...] = (
    "FNR",  # fødselsnummer (mod-11, valid date)
    "DNR",  # D-nummer (first digit + 4, mod-11)
    "ORGNR",  # organisasjonsnummer (mod-11)
    "BANK_ACCOUNT",  # Norwegian bank account number (mod-11)
    "IBAN",  # mod-97
    "CARD",  # payment card number (Luhn)
    "EMAIL",
    "PHONE",  # Norwegian 8-digit with or without +47, international E.164
    "IP",
    "ADDRESS",  # street address
    "PERSON",  # personal name (NER + Norwegian gazetteer)
    "HEALTH",  # GDPR special categories, from keyword lists in Norwegian and English
    "TRADE_UNION",
    "RELIGION",
    "ETHNICITY",
    "SEXUAL_ORIENTATION",
    "CRIMINAL_RECORD",
)


@dataclass(frozen=True, slots=True)
class Entity:
    """One finding: ``text[start:end]`` of the scanned text is a ``type``, implying at least ``data_class``."""

    type: str
    start: int
    end: int
    text: str
    data_class: str
    source: str = "pattern"  # "validator", "pattern", "ner", "gazetteer", "keywords", "custom"
    score: float = 1.0


class ClassOrder:
    """Sensitivity order of the configured classes: compare, take the strictest."""

    def __init__(self, classes: Sequence[str] = DEFAULT_CLASSES) -> None:
        if not classes or len(set(classes)) != len(classes):
            raise ValueError("data classes must be a non-empty list of distinct names")
        self.classes = tuple(classes)
        self._rank = {c: i for i, c in enumerate(self.classes)}

    @property
    def lowest(self) -> str:
        return self.classes[0]

    @property
    def strictest(self) -> str:
        return self.classes[-1]

    def rank(self, data_class: str) -> int:
        try:
            return self._rank[data_class]
        except KeyError:
            raise ValueError(f"unknown data class {data_class!r}; known: {', '.join(self.classes)}") from None

    def max(self, *classes: str | None) -> str:
        present = [c for c in classes if c]
        return max(present, key=self.rank) if present else self.lowest

    def at_least(self, data_class: str, floor: str) -> bool:
        return self.rank(data_class) >= self.rank(floor)


def class_of(entities: Iterable[Entity], order: ClassOrder) -> str:
    """The strictest class any entity implies (the lowest class when there are none)."""
    return order.max(*(e.data_class for e in entities))


def counts(entities: Iterable[Entity]) -> dict[str, int]:
    """Entity types and how often each was found: what the audit trail may record."""
    return dict(sorted(Counter(e.type for e in entities).items()))
