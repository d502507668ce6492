"""Task detection on the real engine and the real held-out prompts (about 3 s of embedding)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from orkester.routing.embeddings import Embedder, head_tail
from orkester.routing.tasks import BUILTIN_TASKS, EXAMPLES_FILE, TaskDetector, builtin_path, read_examples

ROOT = Path(__file__).resolve().parents[3]
HELDOUT = ROOT / "evals" / "tasks" / "heldout.jsonl"

LEGAL = [
    "Gå gjennom denne leverandørkontrakten og pek på klausuler som er ugunstige for oss, særlig ansvarsbegrensning.",
    "Review this NDA and tell me whether the non-compete clause would hold up under Norwegian law.",
    "Er det lovlig å forlenge en midlertidig ansettelse utover tre år etter arbeidsmiljøloven?",
    "What are our legal obligations under GDPR if a laptop with employee data is stolen?",
    "Vurder om oppsigelsen er saklig begrunnet etter arbeidsmiljøloven § 15-7.",
    "Is a clause excluding liability for consequential loss in our terms of sale legally enforceable?",
]


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder()


@pytest.fixture(scope="module")
def detector(embedder: Embedder) -> TaskDetector:
    return TaskDetector(embedder)


def test_labelled_set_is_big_balanced_and_held_out() -> None:
    train = read_examples(builtin_path(EXAMPLES_FILE))
    held = read_examples(HELDOUT)
    rows = train + held
    texts = [r["text"] for r in rows]
    assert len(rows) >= 400
    assert len(set(texts)) == len(texts), "duplicate prompts"
    langs = Counter(r["lang"] for r in rows)
    assert langs["no"] >= 200 and langs["en"] >= 200 and set(langs) == {"no", "en"}
    assert len(held) / len(rows) >= 0.20
    for part in (train, held):
        cells = Counter((r["task"], r["lang"]) for r in part)
        assert set(cells) == {(t, lang) for t in BUILTIN_TASKS for lang in ("no", "en")}


def test_held_out_accuracy(detector: TaskDetector) -> None:
    held = read_examples(HELDOUT)
    right = np.array([detector.detect(r["text"]).task == r["task"] for r in held])
    langs = np.array([r["lang"] for r in held])
    assert right.mean() >= 0.90
    assert right[langs == "no"].mean() >= 0.85
    assert right[langs == "en"].mean() >= 0.85


def test_confidence_is_lower_on_ambiguous_text(detector: TaskDetector) -> None:
    clear = [
        "Oversett til engelsk: «Maskinen skal smøres hver fredag.»",
        "Write a Python function that parses ISO 8601 dates and returns a datetime.",
        "Lag møtereferat fra driftsmøtet: ny skiftplan, lekkasje på Mazak, ryddeuke i uke 47.",
    ]
    # Each asks for two kinds of work at once.
    ambiguous = [
        "Oversett tilbudet til engelsk og legg på 10 % rabatt.",
        "Kan du analysere tilbudene vi har sendt og skrive et nytt til Mowi?",
        "Summarise the sick leave figures and tell me if the trend is worrying.",
        "Write a script that summarises the helpdesk tickets per category.",
    ]
    clear_conf = [detector.detect(t).confidence for t in clear]
    ambiguous_conf = [detector.detect(t).confidence for t in ambiguous]
    assert min(clear_conf) > 0.8
    assert max(ambiguous_conf) < min(clear_conf)
    assert np.mean(ambiguous_conf) < 0.7


def test_small_talk_and_vague_requests_are_general_chat(detector: TaskDetector) -> None:
    for text in ("Hei! Hva kan du hjelpe meg med?", "thanks, that's all", "Can you take a look at this for me?"):
        assert detector.detect(text).task == "general_chat"


def test_guess_names_a_runner_up_and_probabilities_sum_to_one(detector: TaskDetector) -> None:
    guess = detector.detect("Skriv et tilbud på 40 sveisede rammer, 3 900 kr stk, levering om fem uker.")
    assert guess.task == "quote"
    assert guess.runner_up != guess.task and guess.runner_up in BUILTIN_TASKS
    assert 0 <= guess.runner_up_confidence <= guess.confidence <= 1
    assert float(detector.probabilities("hei").sum()) == pytest.approx(1.0, abs=1e-5)


def test_config_added_type_is_detected_from_its_examples(embedder: Embedder) -> None:
    detector = TaskDetector(embedder, extra_examples={"legal": LEGAL})
    assert detector.tasks[-1] == "legal"
    no = detector.detect("Er konkurranseklausulen i arbeidskontrakten gyldig etter loven?")
    en = detector.detect("Can we legally monitor employees' work email under Norwegian privacy law?")
    assert (no.task, en.task) == ("legal", "legal")
    # The built-in types keep working next to it.
    assert detector.detect("Oversett til tysk: «Takk for bestillingen.»").task == "translation"


def test_extra_examples_are_checked(embedder: Embedder) -> None:
    with pytest.raises(ValueError, match="at least one"):
        TaskDetector(embedder, extra_examples={"legal": ["  "]})
    with pytest.raises(ValueError, match="lower-case"):
        TaskDetector(embedder, extra_examples={"Legal Stuff": ["x"]})


def test_cache_hit_returns_the_same_vector_without_embedding_again() -> None:
    embedder = Embedder(cache_size=2)
    first = embedder.embed_query("Oppsummer tråden i tre kulepunkter.")
    before = embedder.cache_stats()
    again = embedder.embed_query("Oppsummer tråden i tre kulepunkter.")
    after = embedder.cache_stats()
    assert np.array_equal(first, again)
    assert (after.misses, after.hits) == (before.misses, before.hits + 1)
    assert np.linalg.norm(first) == pytest.approx(1.0, abs=1e-5) and first.shape == (384,)
    # Bounded: the least recently used entry goes.
    embedder.embed_queries(["a", "b"])
    assert embedder.cache_stats().size == 2
    # Depth is part of the key: a 4-layer vector is another vector.
    assert not np.array_equal(embedder.embed_query("a", layers=4), embedder.embed_query("a"))


def test_detection_result_is_cached(embedder: Embedder) -> None:
    detector = TaskDetector(embedder)
    text = "Klassifiser disse supportsakene som maskinvare eller programvare."
    first = detector.detect(text)
    misses = embedder.cache_stats().misses
    assert detector.detect(text) is first
    assert embedder.cache_stats().misses == misses


def test_long_prompts_are_clipped_at_both_ends() -> None:
    assert head_tail("  kort   tekst ", 64, 24) == "kort tekst"
    clipped = head_tail("Oppsummer dette: " + "bla " * 5000 + "Svar på norsk.", 64, 24)
    assert clipped.startswith("Oppsummer dette:") and clipped.endswith("Svar på norsk.")
    assert len(clipped) <= 64 + 3 + 24
    embedder = Embedder(max_chars=100)
    assert embedder.clip("x" * 100) == "x" * 100
    assert len(embedder.clip("y" * 10_000)) <= 103


def test_shipped_examples_file_matches_its_schema() -> None:
    for row in read_examples(builtin_path(EXAMPLES_FILE)) + read_examples(HELDOUT):
        assert set(row) == {"text", "task", "lang"}
        assert row["task"] in BUILTIN_TASKS and row["lang"] in {"no", "en"} and row["text"].strip()
    assert json.loads(HELDOUT.read_text(encoding="utf-8").splitlines()[0])["text"]
