"""Scoring detection against labelled texts: per-type precision/recall and the class decision.

Matching rule: a found entity matches a labelled one when the types are equal and the spans overlap by at
least half of the labelled span's length; each labelled and each found entity matches at most once
(greedy, in order of overlap). The class decision asks "is this text at least ``floor``?" of both the
labelled class and the detector's class.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..entities import ClassOrder

CHECK_DIGIT_TYPES = ("FNR", "DNR", "ORGNR", "BANK_ACCOUNT", "IBAN", "CARD")
CONTACT_TYPES = ("PERSON", "EMAIL", "PHONE")


@dataclass(frozen=True, slots=True)
class Labelled:
    type: str
    start: int
    end: int


def match(gold: Sequence[Labelled], found: Sequence[Labelled]) -> list[tuple[int, int]]:
    """Pairs (gold index, found index) under the matching rule."""
    candidates = []
    for i, g in enumerate(gold):
        for j, f in enumerate(found):
            overlap = min(g.end, f.end) - max(g.start, f.start)
            if g.type == f.type and overlap * 2 >= g.end - g.start and overlap > 0:
                candidates.append((-overlap, i, j))
    pairs, used_g, used_f = [], set(), set()
    for _, i, j in sorted(candidates):
        if i not in used_g and j not in used_f:
            pairs.append((i, j))
            used_g.add(i)
            used_f.add(j)
    return pairs


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def report(self) -> dict[str, Any]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return {"precision": round(p, 4), "recall": round(r, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Scores:
    by_type: dict[str, Tally] = field(default_factory=dict)
    decision: Tally = field(default_factory=Tally)
    errors: list[dict[str, Any]] = field(default_factory=list)
    texts: int = 0

    def add_text(
        self, row_id: str, text: str, gold: Sequence[Labelled], found: Sequence[Labelled], gold_hit: bool, hit: bool
    ) -> None:
        self.texts += 1
        pairs = match(gold, found)
        matched_g, matched_f = {i for i, _ in pairs}, {j for _, j in pairs}
        for i, g in enumerate(gold):
            t = self.by_type.setdefault(g.type, Tally())
            if i in matched_g:
                t.tp += 1
            else:
                t.fn += 1
                self.errors.append({"id": row_id, "miss": g.type, "text": text[g.start : g.end]})
        for j, f in enumerate(found):
            if j not in matched_f:
                self.by_type.setdefault(f.type, Tally()).fp += 1
                self.errors.append({"id": row_id, "false": f.type, "text": text[f.start : f.end]})
        self.decision.tp += gold_hit and hit
        self.decision.fp += hit and not gold_hit
        self.decision.fn += gold_hit and not hit

    def group(self, types: Iterable[str]) -> Tally:
        total = Tally()
        for t in types:
            total.add(self.by_type.get(t, Tally()))
        return total

    def report(self) -> dict[str, Any]:
        return {
            "texts": self.texts,
            "by_type": {t: v.report() for t, v in sorted(self.by_type.items())},
            "check_digit_identifiers": self.group(CHECK_DIGIT_TYPES).report(),
            "names_emails_phones": {t: self.by_type.get(t, Tally()).report() for t in CONTACT_TYPES},
            "class_at_least_confidential": self.decision.report(),
        }


def score_rows(
    rows: Iterable[Mapping[str, Any]],
    scan: Callable[[str], tuple[Sequence[Labelled], str]],
    order: ClassOrder,
    floor: str = "confidential",
) -> Scores:
    """Score ``scan(text) -> (found entities, class)`` over labelled corpus rows."""
    scores = Scores()
    for row in rows:
        gold = [Labelled(e["type"], e["start"], e["end"]) for e in row["entities"]]
        found, data_class = scan(row["text"])
        hit = order.at_least(data_class, floor)
        scores.add_text(row["id"], row["text"], gold, found, order.at_least(row["class"], floor), hit)
    return scores
