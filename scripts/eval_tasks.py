"""Task detection on the held-out prompts: accuracy, confusions, calibration and latency.

    .venv/bin/python scripts/eval_tasks.py [--json] [--threads 1]

Accuracy overall, per language and per task; the confusion pairs (true -> guessed); how accuracy and
coverage move with the confidence threshold routing would use; and detection latency per prompt
(embedding included, cold cache: a fresh Embedder, every prompt seen once, the engine already loaded),
on ``--threads`` engine threads (default 1, the routing budget is per core).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import numpy as np

from orkester.routing.embeddings import Embedder
from orkester.routing.tasks import TaskDetector, read_examples

ROOT = Path(__file__).resolve().parents[1]
THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def evaluate(rows: list[dict[str, str]], threads: int) -> dict[str, object]:
    embedder = Embedder(num_threads=threads)
    detector = TaskDetector(embedder)
    embedder.load(detector.model.embedding.layers)
    guesses, latency = [], []
    for r in rows:
        t0 = time.perf_counter()
        guesses.append(detector.detect(r["text"]))
        latency.append((time.perf_counter() - t0) * 1000)
    truth = [r["task"] for r in rows]
    pred = [g.task for g in guesses]
    conf = np.array([g.confidence for g in guesses])
    right = np.array([p == t for p, t in zip(pred, truth, strict=True)])

    def acc(mask: np.ndarray) -> dict[str, float | int]:
        return {"accuracy": round(float(right[mask].mean()), 3), "n": int(mask.sum())}

    langs = np.array([r["lang"] for r in rows])
    tasks = np.array(truth)
    bins = np.clip((conf * 10).astype(int), 0, 9)
    ece = sum(abs(right[bins == b].mean() - conf[bins == b].mean()) * (bins == b).mean() for b in set(bins))
    return {
        "n": len(rows),
        "accuracy": round(float(right.mean()), 3),
        "by_language": {lang: acc(langs == lang) for lang in sorted(set(langs))},
        "by_task": {task: acc(tasks == task) for task in detector.tasks if (tasks == task).any()},
        "confusions": [
            {"true": t, "guessed": p, "count": n}
            for (t, p), n in Counter((t, p) for t, p in zip(truth, pred, strict=True) if t != p).most_common()
        ],
        "calibration": {
            "mean_confidence": round(float(conf.mean()), 3),
            "mean_confidence_right": round(float(conf[right].mean()), 3),
            "mean_confidence_wrong": round(float(conf[~right].mean()), 3) if (~right).any() else None,
            "ece": round(float(ece), 3),
            "thresholds": [
                {
                    "min_confidence": th,
                    "coverage": round(float((conf >= th).mean()), 3),
                    "accuracy_above": round(float(right[conf >= th].mean()), 3) if (conf >= th).any() else None,
                }
                for th in THRESHOLDS
            ],
        },
        "latency_ms": {
            "threads": threads,
            "p50": round(float(np.percentile(latency, 50)), 2),
            "p95": round(float(np.percentile(latency, 95)), 2),
            "max": round(float(max(latency)), 2),
        },
        "embedding": str(detector.model.embedding),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--heldout", type=Path, default=ROOT / "evals" / "tasks" / "heldout.jsonl")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    report = evaluate(read_examples(args.heldout), args.threads)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    print(f"held-out prompts: {report['n']}   {report['embedding']}")
    print(f"accuracy: {report['accuracy']:.3f}")
    for lang, v in report["by_language"].items():  # type: ignore[attr-defined]
        print(f"  {lang}: {v['accuracy']:.3f} (n={v['n']})")
    print("per task:")
    for task, v in report["by_task"].items():  # type: ignore[attr-defined]
        print(f"  {task:<26} {v['accuracy']:.3f} (n={v['n']})")
    print("confusions (true -> guessed):")
    for c in report["confusions"]:  # type: ignore[attr-defined]
        print(f"  {c['count']}x {c['true']} -> {c['guessed']}")
    cal = report["calibration"]
    print(
        f"confidence: mean {cal['mean_confidence']} (right {cal['mean_confidence_right']}, "  # type: ignore[index]
        f"wrong {cal['mean_confidence_wrong']}), ECE {cal['ece']}"  # type: ignore[index]
    )
    for th in cal["thresholds"]:  # type: ignore[index]
        print(f"  >= {th['min_confidence']:.1f}: coverage {th['coverage']:.3f}, accuracy {th['accuracy_above']}")
    lat = report["latency_ms"]
    print(f"latency (embedding included, cold cache, {lat['threads']} thread): ", end="")  # type: ignore[index]
    print(f"p50 {lat['p50']} ms, p95 {lat['p95']} ms, max {lat['max']} ms")  # type: ignore[index]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
