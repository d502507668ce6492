"""The semantic cache's threshold, measured on hand-written Norwegian and English prompt pairs.

    .venv/bin/python scripts/calibrate_cache.py [--json]

``evals/cache/paraphrases.jsonl`` holds pairs that must hit (``paraphrase``: the same question reworded)
and pairs that must not (``near_miss``: the same sentence about another thing, number, direction or
negation; ``other_language``: the same question in the other language, whose answer is in the wrong
language). For each threshold: the share of paraphrases served from the cache (hit rate) and the share
of must-not pairs served (false hits), on the similarity alone and with the guards of
``orkester/cache/guards.py``, as the cache applies them. docs/caching.md reports the figures.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from orkester.cache.guards import refusal
from orkester.routing.embeddings import Embedder
from orkester.settings import SemanticCacheSettings

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "evals" / "cache" / "paraphrases.jsonl"
THRESHOLDS = (0.90, 0.92, 0.94, 0.95, 0.955, 0.96, 0.965, 0.97, 0.98)


def scored() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    embedder = Embedder(num_threads=1)
    for r in rows:
        a, b = str(r["a"]), str(r["b"])
        r["similarity"] = float(embedder.embed_query(a) @ embedder.embed_query(b))
        r["refusal"] = refusal(a, b)
    return rows


def table(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    same = [r for r in rows if r["same"]]
    other = [r for r in rows if not r["same"]]
    out = []
    for t in THRESHOLDS:

        def rate(rs: list[dict[str, object]], guarded: bool, t: float = t) -> float:
            hits = [r for r in rs if float(str(r["similarity"])) >= t and not (guarded and r["refusal"])]
            return len(hits) / len(rs)

        out.append(
            {
                "threshold": t,
                "hit_rate": round(rate(same, False), 3),
                "false_hits": round(rate(other, False), 3),
                "hit_rate_guarded": round(rate(same, True), 3),
                "false_hits_guarded": round(rate(other, True), 3),
                "hit_rate_guarded_en": round(rate([r for r in same if r["lang"] == "en"], True), 3),
                "hit_rate_guarded_nb": round(rate([r for r in same if r["lang"] == "nb"], True), 3),
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = scored()
    result = table(rows)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    kinds = sorted({str(r["kind"]) for r in rows})
    print(f"{len(rows)} pairs: " + ", ".join(f"{k} {sum(r['kind'] == k for r in rows)}" for k in kinds))
    for k in kinds:
        s = sorted(float(str(r["similarity"])) for r in rows if r["kind"] == k)
        print(f"  {k:<15} similarity min {s[0]:.3f}  median {s[len(s) // 2]:.3f}  max {s[-1]:.3f}")
    print("\nthreshold  hit rate  false hits  | with guards: hit rate (en / nb)  false hits")
    for r in result:
        print(
            f"  {r['threshold']:.3f}     {r['hit_rate']:.2f}      {r['false_hits']:.2f}      |"
            f"   {r['hit_rate_guarded']:.2f} ({r['hit_rate_guarded_en']:.2f} / {r['hit_rate_guarded_nb']:.2f})"
            f"          {r['false_hits_guarded']:.2f}"
        )
    default = SemanticCacheSettings().threshold
    above = [r for r in rows if not r["same"] and float(str(r["similarity"])) >= default]
    by_guard = Counter(str(r["refusal"]) for r in above)
    print(f"\nmust-not pairs at or above the default threshold {default} ({len(above)}), by the guard refusing them:")
    print("  " + ", ".join(f"{g} {n}" for g, n in by_guard.most_common()))
    refused = [r for r in rows if r["same"] and r["refusal"]]
    print(f"\nparaphrases the guards refuse ({len(refused)}):")
    for r in refused:
        print(f"  {r['refusal']:<13} {r['a']}  |  {r['b']}")
    slipped = [r for r in rows if not r["same"] and not r["refusal"]]
    print(f"\nmust-not pairs the guards let through to the threshold ({len(slipped)}):")
    for r in sorted(slipped, key=lambda r: -float(str(r["similarity"]))):
        print(f"  {float(str(r['similarity'])):.3f}  {r['a']}  |  {r['b']}")


if __name__ == "__main__":
    main()
