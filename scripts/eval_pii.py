"""PII detection on the labelled corpus: precision and recall per entity type and for the class decision.

    .venv/bin/python scripts/eval_pii.py [--split heldout|train|fresh|fresh2|fresh3] [--no-ner] [--json] [--errors]

Matching (orkester.guardrails.detect.scoring): same type and an overlap of at least half the labelled span.
The class decision: "is this text at least confidential?" for the labelled class and the detector's.
Tune on ``--split train`` only; the held-out split (other templates, other names) is for reporting.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from orkester.guardrails.detect import Detector
from orkester.guardrails.detect.scoring import Labelled, score_rows
from orkester.guardrails.entities import ClassOrder
from orkester.settings import DetectionSettings

ROOT = Path(__file__).resolve().parents[1]


def read_rows(split: str) -> list[dict[str, Any]]:
    """``fresh-dev`` / ``fresh-test``: the independent set's even / odd templates (tune on dev, report test)."""
    name, _, part = split.partition("-")
    path = ROOT / "evals" / "pii" / f"{name}.jsonl"
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    if part:
        rows = [r for r in rows if (int(r["template"].lstrip("t")) % 2 == 0) == (part == "dev")]
    return rows


def evaluate(split: str = "heldout", ner: bool = True) -> dict[str, Any]:
    order = ClassOrder()
    detector = Detector(DetectionSettings(ner=ner), order)
    detector.load()
    latency: list[float] = []

    def scan(text: str) -> tuple[list[Labelled], str]:
        t0 = time.perf_counter()
        entities = detector.scan(text)
        latency.append((time.perf_counter() - t0) * 1000)
        return [Labelled(e.type, e.start, e.end) for e in entities], detector.classify(entities)

    scores = score_rows(read_rows(split), scan, order)
    report = scores.report()
    latency.sort()
    report["latency_ms_per_text"] = {"p50": round(latency[len(latency) // 2], 3), "max": round(latency[-1], 3)}
    report["split"], report["ner"] = split, ner
    report["errors"] = scores.errors
    return report


def _table(report: dict[str, Any]) -> str:
    lines = [f"{'type':<20} {'precision':>9} {'recall':>7} {'tp':>5} {'fp':>4} {'fn':>4}"]
    rows = [*report["by_type"].items(), ("check-digit ids", report["check_digit_identifiers"])]
    rows.append(("class >= confidential", report["class_at_least_confidential"]))
    for name, r in rows:
        lines.append(f"{name:<20} {r['precision']:>9.4f} {r['recall']:>7.4f} {r['tp']:>5} {r['fp']:>4} {r['fn']:>4}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--split",
        choices=("heldout", "train", "fresh", "fresh-dev", "fresh-test", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9"),
        default="heldout",
        help="heldout (default); train; fresh: an independent set written without seeing the rules (fresh-dev "
        "tuned on, fresh-test reported once, then tuned on); fresh2: a second one (reported once, then tuned on); "
        "fresh3 to fresh6: the third to sixth (each reported once, then tuned on); fresh7: a seventh, report only",
    )
    ap.add_argument("--no-ner", action="store_true", help="Validators, patterns and gazetteer only.")
    ap.add_argument("--json", action="store_true", help="Print the report as JSON.")
    ap.add_argument("--errors", action="store_true", help="List every miss and false find.")
    args = ap.parse_args()
    report = evaluate(args.split, ner=not args.no_ner)
    errors = report.pop("errors")
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{report['split']}: {report['texts']} texts, NER {'on' if report['ner'] else 'off'}")
        print(_table(report))
        print(f"latency per text: {report['latency_ms_per_text']}")
    if args.errors:
        for e in errors:
            print(json.dumps(e, ensure_ascii=False))


if __name__ == "__main__":
    main()
