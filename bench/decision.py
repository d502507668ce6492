"""How long a routing decision takes: task detection plus the learned router, embeddings included.

    .venv/bin/python bench/decision.py            # pins itself to one core with one engine thread

Prompts are the 200 held-out task-detection prompts shipped in ``evals/tasks/heldout.jsonl`` (half
Norwegian, half English; our own data). For each prompt, on a fresh cache: detect the task type, then
predict every model's chance of a good answer and choose (the learned strategy's work without the
catalog), timed together. Then the same prompts again (a repeated prompt: the cache answers). The
engines are loaded and warmed before timing, as the gateway does at start-up.

Prints p50/p90/p99 in milliseconds and, as JSON with ``--json``, the same figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--core", type=int, default=0, help="CPU core to pin to (default 0)")
    parser.add_argument("--json", dest="json_out", default=None, help="also write the figures here")
    parser.add_argument(
        "--prompts", default=str(HERE.parent / "evals" / "tasks" / "heldout.jsonl"), help="JSONL with a text field"
    )
    args = parser.parse_args()
    os.environ["OMP_NUM_THREADS"] = "1"
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.core})

    from orkester.routing.learned.policy import choose
    from orkester.routing.services import Services
    from orkester.settings import RoutingSettings

    texts = [json.loads(line)["text"] for line in Path(args.prompts).read_text(encoding="utf-8").splitlines() if line]
    services = Services(RoutingSettings())
    services.warm(detector=True, artifacts=[None])
    predictor = services.predictor()
    costs = dict(predictor.mean_cost)

    def decide(text: str) -> None:
        services.detect_task(text)
        choose(services.predict_quality(text), costs)

    figures: dict[str, dict[str, float]] = {}
    for label in ("new prompt", "repeated prompt"):
        times = []
        for text in texts:
            t0 = time.perf_counter()
            decide(text)
            times.append((time.perf_counter() - t0) * 1000)
        q = statistics.quantiles(times, n=100)
        figures[label] = {"p50_ms": round(q[49], 3), "p90_ms": round(q[89], 3), "p99_ms": round(q[98], 3)}
        print(f"{label:16s} p50 {q[49]:7.3f} ms   p90 {q[89]:7.3f} ms   p99 {q[98]:7.3f} ms   ({len(times)} prompts)")
    stats = services.embedder().cache_stats()
    print(f"embedding cache: {stats}; one core (affinity {sorted(os.sched_getaffinity(0))})")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
