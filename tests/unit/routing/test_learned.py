"""The learned router's parts: data loading and split, the policy, the artifacts, training."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from orkester.routing.learned import data as rb
from orkester.routing.learned.policy import Constraints, NeedProfile, PolicyWeights, choose, rank, utility
from orkester.routing.learned.predictor import QualityPredictor, default_artifact, routing_text
from orkester.routing.learned.scorer import AnswerScorer, agreement, cheap_features, normalize_answer

MODELS = ("small", "big")


def fake_embed(texts: Sequence[str]) -> np.ndarray:
    """Deterministic unit vectors: texts that share words get similar vectors."""
    out = np.zeros((len(texts), 16), np.float32)
    for i, t in enumerate(texts):
        for word in t.lower().split():
            h = int(hashlib.sha256(word.encode()).hexdigest()[:8], 16)
            out[i, h % 16] += 1.0
        out[i] /= max(float(np.linalg.norm(out[i])), 1e-6)
    return out


def write_csv(path: Path, rows: list[dict[str, str]], models: Sequence[str] = MODELS) -> Path:
    cols = ["", "sample_id", "prompt", "eval_name", *models]
    cols += [f"{m}|model_response" for m in models] + [f"{m}|total_cost" for m in models]
    cols.append("oracle_model_to_route_to")
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        for i, r in enumerate(rows):
            w.writerow({"": str(i), **r})
    return path


def row(sid: str, prompt: str, task: str, small: str, big: str, ans_s: str = "A", ans_b: str = "A") -> dict[str, str]:
    return {
        "sample_id": sid,
        "prompt": repr([prompt]),
        "eval_name": task,
        "small": small,
        "big": big,
        "small|model_response": repr([ans_s]),
        "big|model_response": repr([ans_b]),
        "small|total_cost": "0.0001",
        "big|total_cost": "0.001",
        "oracle_model_to_route_to": "small",
    }


# ---------------------------------------------------------------- data


def test_load_parses_lists_merges_duplicates_and_fills_gaps(tmp_path: Path) -> None:
    rows = [
        row("t.1", "What is 2+2?\nA) 4\nB) 5", "quiz", "1.0", "1.0"),
        # the same sample split over two rows, each with one model (as in RouterBench)
        {**row("t.2", "Long twice", "quiz", "", "1.0"), "small|total_cost": "", "small|model_response": ""},
        {**row("t.2", "Long", "quiz", "0.0", ""), "big|total_cost": "", "big|model_response": ""},
        # a model with no record at all: incorrect, empty answer, charged the task's mean cost
        {**row("t.3", "Third", "quiz", "", "0.0"), "small|total_cost": "", "small|model_response": ""},
    ]
    ds = rb.load(write_csv(tmp_path / "a.csv", rows))
    assert ds.models == ["small", "big"]
    by_id = {r.sample_id: r for r in ds.rows}
    assert len(ds.rows) == 3
    assert by_id["t.1"].prompt == "What is 2+2?\nA) 4\nB) 5"
    merged = by_id["t.2"]
    assert merged.correct == {"small": 0.0, "big": 1.0}
    assert merged.cost == {"small": 0.0001, "big": 0.001}
    gap = by_id["t.3"]
    assert gap.correct["small"] == 0.0 and gap.response["small"] == ""
    assert gap.cost["small"] == pytest.approx(0.0001)


def test_load_a_folder_and_split_is_deterministic(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    for k, task in enumerate(("x", "y")):
        write_csv(
            tmp_path / "d" / f"{task}.csv", [row(f"{task}.{i}", f"p {i}", task, "1.0", "0.0") for i in range(400)]
        )
        assert k in (0, 1)
    ds = rb.load(tmp_path / "d")
    assert len(ds.rows) == 800
    held = ds.split("heldout")
    again = rb.load(tmp_path / "d").split("heldout")
    assert [r.sample_id for r in held.rows] == [r.sample_id for r in again.rows]
    for task in ("x", "y"):
        share = sum(r.eval_name == task for r in held.rows) / 400
        assert 0.22 < share < 0.38  # 0.3 per task in expectation
    assert {r.sample_id for r in held.rows}.isdisjoint(r.sample_id for r in ds.split("train").rows)


def test_load_refuses_a_file_without_model_columns(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_text("sample_id,prompt,eval_name\n1,hi,t\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no model columns"):
        rb.load(p)


def test_routing_text_reads_the_tail() -> None:
    assert routing_text("short question", 32) == "short question"
    few_shot = "Example one?\nA\n\nExample two?\nB\n\nWhich planet is largest?"
    assert routing_text(few_shot, 32) == "Which planet is largest?"
    assert routing_text(few_shot, 50) == "Example two?\nB\n\nWhich planet is largest?"
    cut = routing_text("x" * 10 + " tail words of a very long single paragraph", 20)
    assert len(cut) <= 20 and cut.endswith("paragraph")


# ---------------------------------------------------------------- policy


def test_utility_formula() -> None:
    assert utility(0.9, 0.5, cost_weight=0.2, reference_cost=1.0) == pytest.approx(0.8)
    u = utility(
        0.9,
        0.5,
        cost_weight=0.2,
        reference_cost=1.0,
        latency_s=1.0,
        deadline_s=4.0,
        latency_weight=0.4,
        headroom=0.5,
        capacity_weight=0.2,
    )
    assert u == pytest.approx(0.9 - 0.1 - 0.1 - 0.1)


def test_choose_trades_quality_for_cost_by_need() -> None:
    probs = {"cheap": 0.75, "premium": 0.9}
    costs = {"cheap": 0.0003, "premium": 0.005}
    assert choose(probs, costs, Constraints(need="low")).choice == "cheap"
    assert choose(probs, costs, Constraints(need="normal")).choice == "cheap"
    assert choose(probs, costs, Constraints(need="critical")).choice == "premium"
    # high: U(cheap) = 0.75 - 0.05 * 0.06 < U(premium) = 0.9 - 0.05
    assert choose(probs, costs, Constraints(need="high")).choice == "premium"
    thrifty = PolicyWeights({"high": NeedProfile(min_prob=0.7, cost_weight=0.5)})
    assert choose(probs, costs, Constraints(need="high"), thrifty).choice == "cheap"
    strict = PolicyWeights({"high": NeedProfile(min_prob=0.8, cost_weight=0.5)})
    assert choose(probs, costs, Constraints(need="high"), strict).choice == "premium"  # cheap is under the floor


def test_choose_applies_hard_filters_first() -> None:
    probs = {"a": 0.9, "b": 0.8, "c": 0.7}
    costs = {"a": 0.01, "b": 0.002, "c": 0.001}
    c = Constraints(
        need="critical",
        allowed=frozenset({"a", "b", "c"}) - {"a"},
        deadline_s=2.0,
        latency_s={"b": 3.0, "c": 0.5},
        budget_usd=0.005,
    )
    d = choose(probs, costs, c)
    assert d.choice == "c"
    why = {s.model: s.why for s in d.candidates}
    assert "data class" in why["a"] and "deadline" in why["b"]
    assert choose(probs, costs, Constraints(headroom={"a": 0.0}, need="critical")).choice == "b"
    none = choose(probs, costs, Constraints(allowed=frozenset()))
    assert none.choice is None and "excluded" in none.reason


def test_choose_below_the_floor_takes_the_most_likely_and_explains() -> None:
    d = choose({"a": 0.3, "b": 0.5}, {"a": 0.001, "b": 0.01}, Constraints(need="critical"))
    assert d.choice == "b" and "no candidate reaches" in d.reason
    lines = d.explain()
    assert lines[0].startswith("* ") and len(lines) == 2
    assert rank(d)[0] == "b"


def test_unknown_need_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown quality need"):
        choose({"a": 0.5}, {"a": 0.1}, Constraints(need="urgent"))


# ---------------------------------------------------------------- scorer features


@pytest.mark.parametrize(
    ("answer", "norm"),
    [
        ("B", "B"),
        ("(c)", "C"),
        ("D) palms", "D"),
        ("  A\n", "A"),
        ("The answer is B.", "B"),
        ("Hello  World", "hello world"),
    ],
)
def test_normalize_answer(answer: str, norm: str) -> None:
    assert normalize_answer(answer) == norm


def test_agreement_and_cheap_features() -> None:
    assert agreement("A", "A)") == 1.0
    assert agreement("A", "B") == -1.0
    assert agreement("def f(x):\n" + "x" * 100, "def f(x):\n" + "y" * 100) == 0.0
    length, choice, refusal, *_ = cheap_features("I do not have enough context to answer.")
    assert refusal == 1.0 and choice == 0.0 and length > 3
    assert cheap_features("```python\ndef f(x):\n    return x\n```")[3:5] == [1.0, 1.0]
    assert cheap_features("```javascript\nfunction f(x) { return x }\n```")[5] == 1.0


# ---------------------------------------------------------------- artifacts


def test_predictor_roundtrip_without_pickle(tmp_path: Path) -> None:
    p = QualityPredictor(
        models=list(MODELS),
        mean_cost={"small": 0.0001, "big": 0.001},
        weights=np.array([[1.0] + [0.0] * 16, [-1.0] + [0.0] * 16], np.float32),
        bias=np.array([0.0, 1.0], np.float32),
        feature_mean=np.zeros(17, np.float32),
        feature_scale=np.ones(17, np.float32),
        text_chars=40,
        head_chars=10,
        layers=4,
        metadata={"n": 1},
        heldout={"auc": 0.7},
    )
    path = tmp_path / "r.npz"
    p.save(path)
    q = QualityPredictor.load(path)
    assert q.models == list(MODELS) and q.text_chars == 40 and q.metadata == {"n": 1}
    assert (q.layers, q.head_chars) == (4, 10)
    assert q.text("Oversett dette til engelsk, takk:   " + "x" * 100 + " slutt") == (
        "Oversett d … " + ("x" * 100 + " slutt")[-40:]
    )
    vec = np.eye(16, dtype=np.float32)[0]
    out = q.predict(vec, "a prompt")
    assert out["small"] == pytest.approx(1 / (1 + np.exp(-1)))
    many = q.predict_many(np.stack([vec, vec]), ["a prompt", "a prompt"])
    assert many[0, 1] == pytest.approx(out["big"])
    with np.load(path, allow_pickle=False) as z:
        assert z["models"].dtype.kind == "U"


def test_shipped_artifacts_load_and_record_their_training() -> None:
    p = QualityPredictor.load()
    s = AnswerScorer.load()
    assert "gpt-4-1106-preview" in p.models and len(p.models) == 11
    assert p.mean_cost["gpt-4-1106-preview"] > p.mean_cost["mistralai/mistral-7b-chat"]
    assert p.metadata["heldout_fraction"] == 0.3 and p.heldout["all"]["auc"] > 0.6
    assert s.models == p.models and s.heldout["auc"] > 0.7
    assert default_artifact("router.npz").exists()


def test_inference_does_not_import_sklearn() -> None:
    code = (
        "import sys, numpy as np\n"
        "from orkester.routing.learned.predictor import QualityPredictor\n"
        "from orkester.routing.learned.scorer import AnswerScorer\n"
        "p = QualityPredictor.load(); s = AnswerScorer.load()\n"
        "v = np.ones(384, np.float32) / 384 ** 0.5\n"
        "p.predict(v, 'hi'); s.score(v, v, 'A', p.models[0], {p.models[1]: 'A'})\n"
        "assert 'sklearn' not in sys.modules, 'sklearn imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_shipped_scorer_rewards_agreement() -> None:
    s = AnswerScorer.load()
    pv = np.ones(384, np.float32) / 384**0.5
    av = pv
    model = "zero-one-ai/Yi-34B-Chat"
    alone = s.score(pv, av, "B", model)
    agreed = s.score(pv, av, "B", model, {"mistralai/mixtral-8x7b-chat": "B", "gpt-3.5-turbo-1106": "B"})
    opposed = s.score(pv, av, "B", model, {"mistralai/mixtral-8x7b-chat": "A", "gpt-3.5-turbo-1106": "A"})
    assert opposed < alone < agreed


# ---------------------------------------------------------------- training


def _examples(n: int = 120) -> rb.Dataset:
    rows: list[rb.Row] = []
    for i in range(n):
        code = i % 2 == 0
        prompt = f"write a python function number {i}" if code else f"which letter answers riddle {i}"
        rows.append(
            rb.Row(
                sample_id=f"s{i}",
                eval_name="code" if code else "quiz",
                prompt=prompt,
                correct={"small": 0.0 if code else 1.0, "big": 1.0},
                response={
                    "small": "```js\nfunction f(){}\n```" if code else "A",
                    "big": "def f(): pass" if code else "A",
                },
                cost={"small": 0.0001, "big": 0.001},
            )
        )
    return rb.Dataset(list(MODELS), rows)


def test_train_predictor_learns_which_prompts_a_model_fails() -> None:
    pytest.importorskip("sklearn")
    from orkester.routing.learned import train as tr

    ex = tr.from_dataset(_examples())
    p = tr.train_predictor(ex.split(False, 0.3), fake_embed, heldout=ex.split(True, 0.3), view=(12, 0, 64))
    code = p.predict(fake_embed(["write a python function number 1000"])[0], "write a python function number 1000")
    quiz = p.predict(fake_embed(["which letter answers riddle 1001"])[0], "which letter answers riddle 1001")
    assert code["small"] < 0.5 < quiz["small"]
    assert p.mean_cost == {"small": pytest.approx(0.0001), "big": pytest.approx(0.001)}
    assert p.heldout["per_model"]["small"]["auc"] > 0.9
    assert "cv_log_loss_by_c" in p.metadata


def test_train_scorer_uses_answers() -> None:
    pytest.importorskip("sklearn")
    from orkester.routing.learned import train as tr

    ex = tr.from_dataset(_examples())
    s = tr.train_scorer(ex, fake_embed, prompt_chars=64, peer_samples=1)
    v = fake_embed(["write a python function number 7"])[0]
    js = "```js\nfunction f(){}\n```"
    assert s.score(v, fake_embed([js])[0], js, "small") < s.score(
        v, fake_embed(["def f(): pass"])[0], "def f(): pass", "big"
    )


def test_feedback_jsonl(tmp_path: Path) -> None:
    from orkester.routing.learned import train as tr

    lines = [
        {"prompt": "hi", "model": "m1", "score": 5, "cost": 0.001, "answer": "hello"},
        {"prompt": "hi", "model": "m2", "score": 2, "cost": 0.0001},
        {"prompt": "bye", "model": "m1", "score": 1, "cost": 0.001, "id": "r-9"},
        {"prompt": "bye", "model": "m2", "score": 0},
    ]
    path = tmp_path / "f.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    ex = tr.from_feedback(path)
    assert [e.good for e in ex.items] == [1.0, 0.0, 1.0, 0.0]
    assert ex.items[0].group == ex.items[1].group != ex.items[2].group == "r-9"
    assert ex.peers[ex.items[0].group] == {"m1": "hello"}
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"prompt": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:1"):
        tr.from_feedback(bad)
