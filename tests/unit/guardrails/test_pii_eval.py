"""The held-out evaluation of PII detection meets the targets of the data-protection issue."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from orkester.guardrails.detect import Detector
from orkester.guardrails.detect.scoring import CHECK_DIGIT_TYPES, Labelled, match, score_rows
from orkester.guardrails.entities import ClassOrder

CORPUS = Path(__file__).resolve().parents[3] / "evals" / "pii"


def rows(split: str) -> list[dict[str, Any]]:
    return [json.loads(x) for x in (CORPUS / f"{split}.jsonl").read_text("utf-8").splitlines() if x.strip()]


def test_corpus_shape() -> None:
    train, heldout = rows("train"), rows("heldout")
    assert len(train) + len(heldout) >= 600 and len(heldout) >= 200
    langs = [r["lang"] for r in train + heldout]
    assert 0.4 < langs.count("no") / len(langs) < 0.6
    assert not {r["template"] for r in train} & {r["template"] for r in heldout}  # split by template
    for r in train + heldout:
        for e in r["entities"]:
            assert 0 <= e["start"] < e["end"] <= len(r["text"])


def test_heldout_meets_targets(detector: Detector) -> None:
    order = ClassOrder()

    def scan(text: str) -> tuple[list[Labelled], str]:
        entities = detector.scan(text)
        return [Labelled(e.type, e.start, e.end) for e in entities], detector.classify(entities)

    report = score_rows(rows("heldout"), scan, order).report()
    ids = report["check_digit_identifiers"]
    assert ids["recall"] >= 0.995 and ids["precision"] >= 0.99, ids
    for t in CHECK_DIGIT_TYPES:
        assert report["by_type"][t]["recall"] >= 0.995, (t, report["by_type"][t])
    for t, r in report["names_emails_phones"].items():
        assert r["recall"] >= 0.95 and r["precision"] >= 0.95, (t, r)
    decision = report["class_at_least_confidential"]
    assert decision["recall"] >= 0.99 and decision["precision"] >= 0.95, decision


def test_matching_rule_needs_half_the_labelled_span() -> None:
    gold = [Labelled("PERSON", 0, 10)]
    assert match(gold, [Labelled("PERSON", 0, 5)]) == [(0, 0)]
    assert match(gold, [Labelled("PERSON", 0, 4)]) == []
    assert match(gold, [Labelled("EMAIL", 0, 10)]) == []
    assert match(gold * 2, [Labelled("PERSON", 0, 10)]) == [(0, 0)]  # one find matches one label
