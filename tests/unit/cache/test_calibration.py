"""The shipped threshold and guards on the hand-written calibration pairs (evals/cache/paraphrases.jsonl):
no pair that must not hit does, and at least half the paraphrases do (docs/caching.md has the figures;
``scripts/calibrate_cache.py`` prints the whole table)."""

from __future__ import annotations

import json
from pathlib import Path

from orkester.cache.guards import refusal
from orkester.routing.embeddings import Embedder
from orkester.settings import SemanticCacheSettings

DATA = Path(__file__).resolve().parents[3] / "evals" / "cache" / "paraphrases.jsonl"


def test_the_default_threshold_with_the_guards_serves_no_wrong_answer_on_the_calibration_pairs() -> None:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    embedder = Embedder(num_threads=1)
    threshold = SemanticCacheSettings().threshold
    hits = {True: 0, False: 0}
    for r in rows:
        similarity = float(embedder.embed_query(r["a"]) @ embedder.embed_query(r["b"]))
        hits[r["same"]] += similarity >= threshold and refusal(r["a"], r["b"]) is None
    same = sum(r["same"] for r in rows)
    assert hits[False] == 0
    assert hits[True] / same >= 0.5
