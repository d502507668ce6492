"""The offline evaluator: metrics on known points, exact figures on synthetic data, no peeking.

The last test runs the shipped artifacts on the real RouterBench subset. To keep the suite
fast it reports on every third held-out row and fits on every third train row (stratified:
the rows are sorted by task first), with embeddings cached in pytest's cache directory.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from orkester.evals import routerbench_eval as ev
from orkester.routing.learned import data as rb
from tests.unit.routing.test_learned import fake_embed, write_csv

REAL = Path(__file__).resolve().parents[4] / "shared" / "data" / "routerbench"
MODELS = ("tiny", "mid", "huge")
COST = {"tiny": 0.0001, "mid": 0.001, "huge": 0.01}
SKILL = {"tiny": 0.5, "mid": 0.7, "huge": 0.9}


def synthetic_rows(n: int = 240, seed: int = 3) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        task = "quiz" if i % 3 else "code"
        rec = {"sample_id": f"{task}.{i}", "eval_name": task, "oracle_model_to_route_to": ""}
        rec["prompt"] = repr([f"Question {i} about {task}: pick the right option.\nA) yes\nB) no"])
        for m in MODELS:
            ok = rng.random() < SKILL[m] - (0.2 if task == "code" else 0.0)
            rec[m] = "1.0" if ok else "0.0"
            rec[f"{m}|model_response"] = repr(["A" if ok else rng.choice("BC")])
            rec[f"{m}|total_cost"] = repr(COST[m] * (1 + (i % 5) / 10))
        rows.append(rec)
    return rows


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> rb.Dataset:
    path = write_csv(tmp_path_factory.mktemp("rb") / "s.csv", synthetic_rows(), MODELS)
    return rb.load(path)


# ---------------------------------------------------------------- metrics


def test_aiq_on_known_points() -> None:
    assert ev.aiq([(0.5, 0.8)], 1.0) == pytest.approx(0.4)  # nothing left of the cheapest point
    assert ev.aiq([(0.0, 0.5), (1.0, 1.0)], 1.0) == pytest.approx(0.75)
    assert ev.aiq([(0.0, 0.5), (0.5, 0.6), (1.0, 1.0)], 1.0) == pytest.approx(0.75)  # under the hull
    assert ev.aiq([(0.0, 0.5), (0.5, 1.0), (1.0, 0.8)], 1.0) == pytest.approx(0.875)  # never decreasing
    assert ev.aiq([(0.0, 0.5), (2.0, 1.0)], 1.0) == pytest.approx(0.625)  # cut at c_max
    assert ev.aiq([], 1.0) == 0.0


def test_hull_and_curve_figures() -> None:
    assert ev.nondecreasing_hull([(1, 0.5), (2, 0.55), (3, 0.9), (4, 0.8), (0.5, 0.1)]) == [
        (0.5, 0.1),
        (1, 0.5),
        (3, 0.9),
    ]
    curve = [ev.Point(0, 0.7, 0.1, 0, 1), ev.Point(1, 0.9, 0.5, 0, 1), ev.Point(2, 0.95, 0.9, 0, 1)]
    assert ev.cost_to_match(curve, 0.9) == 0.5
    assert ev.cost_to_match(curve, 0.99) is None
    assert ev.accuracy_within(curve, 0.2) == 0.7
    assert ev.accuracy_within(curve, 0.05) is None


# ---------------------------------------------------------------- strategies on synthetic data


def test_always_and_oracle_figures_are_exact(synthetic: rb.Dataset) -> None:
    test = synthetic.split("heldout")
    train = synthetic.split("train")
    report = ev.evaluate(
        test,
        ev.build_strategies(train, test, predictor=None, scorer=None, embed=fake_embed, wanted={"always", "oracle"}),
        split="heldout",
    )
    n = len(test.rows)
    for m in MODELS:
        r = report.results[f"always:{m}"]
        assert r.default.accuracy == pytest.approx(sum(x.correct[m] for x in test.rows) / n)
        assert r.default.mean_cost == pytest.approx(sum(x.cost[m] for x in test.rows) / n)
        assert r.default.premium_share == (1.0 if m == "huge" else 0.0)
    oracle = report.results["oracle"].default
    solvable = [x for x in test.rows if any(x.correct[m] for m in MODELS)]
    assert oracle.accuracy == pytest.approx(len(solvable) / n)
    cheapest = sum(min((x.cost[m] for m in MODELS if x.correct[m]), default=min(x.cost.values())) for x in test.rows)
    assert oracle.mean_cost == pytest.approx(cheapest / n)
    assert report.best_single_model == "huge" and report.premium_model == "huge"
    huge = report.results["always:huge"]
    assert huge.cost_to_match == pytest.approx(huge.default.mean_cost)
    assert huge.aiq == pytest.approx(huge.default.accuracy * 0)  # its one point sits at c_max


@pytest.fixture(scope="module")
def artifacts(synthetic: rb.Dataset) -> tuple[object, object]:
    pytest.importorskip("sklearn")
    from orkester.routing.learned import train as tr

    ex = tr.from_dataset(synthetic)
    trn = ex.split(False, 0.3)
    return tr.train_predictor(trn, fake_embed, view=(12, 0, 64), c=1.0), tr.train_scorer(
        trn, fake_embed, prompt_chars=64, peer_samples=2
    )


def _decisions(strategies: list[ev.Strategy], rows: list[rb.Row]) -> list[tuple[str, float, str, tuple[str, ...]]]:
    out = []
    for s in strategies:
        for knob in [*s.knobs(), s.default_knob()]:
            for row, prompt in zip(rows, ev.to_prompts(rows), strict=True):
                calls = ev.Calls(row)
                chosen = s.run(prompt, calls, knob)
                out.append((s.name, knob, chosen, tuple(calls.called)))
    return out


def test_strategies_never_read_the_correctness_columns(synthetic: rb.Dataset, artifacts: tuple[object, object]) -> None:
    predictor, scorer = artifacts
    train, test = synthetic.split("train"), synthetic.split("heldout")
    wanted = {"always", "random", "task_rules", "cascade", "ensemble", "learned"}
    strategies = ev.build_strategies(train, test, predictor=predictor, scorer=scorer, embed=fake_embed, wanted=wanted)  # type: ignore[arg-type]
    assert {s.name for s in strategies} >= {"cascade", "learned", "ensemble", "random", "task_rules"}
    scrambled = copy.deepcopy(test.rows)
    rng = random.Random(0)
    for r in scrambled:
        r.correct = {m: float(rng.random() < 0.5) for m in r.correct}
    assert _decisions(strategies, test.rows) == _decisions(strategies, scrambled)


def test_adaptive_strategies_on_synthetic_data(synthetic: rb.Dataset, artifacts: tuple[object, object]) -> None:
    predictor, scorer = artifacts
    train, test = synthetic.split("train"), synthetic.split("heldout")
    strategies = ev.build_strategies(train, test, predictor=predictor, scorer=scorer, embed=fake_embed)  # type: ignore[arg-type]
    report = ev.evaluate(test, strategies, split="heldout")
    res = report.results
    assert res["oracle"].default.accuracy >= max(r.default.accuracy for r in res.values())
    for name in ("learned", "cascade", "task_rules", "random"):
        assert len(res[name].curve) > 3
        costs = [p.mean_cost for p in res[name].curve]
        assert min(costs) < COST["mid"] < max(costs) <= COST["huge"] * 3
    # agreement makes a cheap cascade worth something here: tiny and mid agreeing on A is a strong signal
    assert res["cascade"].aiq > res["always:huge"].aiq
    data = report.as_json()
    assert set(data["strategies"]["learned"]) >= {"accuracy", "mean_cost", "premium_share", "aiq", "curve"}
    assert data["best_single_model"]["name"] == "huge"
    assert any("cascade" in line for line in report.table())


def test_unknown_strategy_is_a_usage_error(tmp_path: Path) -> None:
    from orkester.cli.router import router

    path = write_csv(tmp_path / "s.csv", synthetic_rows(30), MODELS)
    r = CliRunner().invoke(router, ["eval", "--data", str(path), "--strategies", "always,bogus"])
    assert r.exit_code == 2 and "bogus" in r.output


def test_cli_train_then_eval(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("sklearn")
    pytest.importorskip("matplotlib")
    import json

    from orkester.cli.router import router

    monkeypatch.setenv("ORKESTER_CACHE_DIR", str(tmp_path / "cache"))
    data = write_csv(tmp_path / "s.csv", synthetic_rows(60), MODELS)
    runner = CliRunner()
    r = runner.invoke(
        router,
        [
            "train",
            "--data",
            str(data),
            "--out",
            str(tmp_path / "r.npz"),
            "--scorer-out",
            str(tmp_path / "s.npz"),
            "--threads",
            "1",
        ],
    )
    assert r.exit_code == 0, r.output
    args = ["eval", "--data", str(data), "--router", str(tmp_path / "r.npz"), "--scorer", str(tmp_path / "s.npz")]
    args += ["--strategies", "always:huge,learned,cascade,oracle", "--json", str(tmp_path / "e.json")]
    args += ["--plot", str(tmp_path / "e.png"), "--threads", "1"]
    r = runner.invoke(router, args)
    assert r.exit_code == 0, r.output
    out = json.loads((tmp_path / "e.json").read_text())
    assert set(out["strategies"]) == {"always:huge", "learned", "cascade", "oracle"}
    for fig in out["strategies"].values():
        assert {"accuracy", "mean_cost", "premium_share"} <= set(fig)
    assert out["best_single_model"]["name"] in MODELS
    assert (tmp_path / "e.png").stat().st_size > 10_000
    assert "learned" in r.output and "AIQ" in r.output

    log = tmp_path / "feedback.jsonl"
    log.write_text(
        "\n".join(
            json.dumps({"prompt": f"q {i % 20}", "model": m, "score": 1 + (i + len(m)) % 5, "cost": COST[m]})
            for i in range(40)
            for m in MODELS
        ),
        encoding="utf-8",
    )
    r = runner.invoke(router, ["train", "--feedback", str(log), "--out", str(tmp_path / "own.npz"), "--threads", "1"])
    assert r.exit_code == 0, r.output


# ---------------------------------------------------------------- the shipped artifacts on real data


@pytest.mark.skipif(not REAL.exists(), reason="needs ../shared/data/routerbench")
def test_shipped_router_on_the_real_held_out_split(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The figures in docs/routing.md, within a small margin (embedding numerics can differ a little)."""
    import os

    from orkester.routing.learned import train as tr
    from orkester.routing.learned.predictor import QualityPredictor
    from orkester.routing.learned.scorer import AnswerScorer

    if not os.environ.get("ORKESTER_CACHE_DIR"):
        monkeypatch.setenv("ORKESTER_CACHE_DIR", str(request.config.cache.mkdir("orkester")))
    ds = rb.load(REAL)
    train, test = ds.split("train"), ds.split("heldout")
    predictor, scorer = QualityPredictor.load(), AnswerScorer.load()
    backend = tr.default_backend(2)
    cache, router_cache = tr.EmbeddingCache(backend), tr.EmbeddingCache(backend, layers=predictor.layers)
    router_cache.embed([predictor.text(r.prompt) for r in test.rows])
    cache.embed(ev.CascadePlanner.texts(train, test, scorer))
    built = ev.build_strategies(train, test, predictor=predictor, scorer=scorer, embed=cache, embed_router=router_cache)
    report = ev.evaluate(test, built, split="heldout")
    res = report.results
    assert report.best_single_model == "gpt-4-1106-preview"
    assert report.best_accuracy == pytest.approx(0.883, abs=0.001)
    single_aiq = max(r.aiq for n, r in res.items() if n.startswith("always:"))
    for name in ("learned", "cascade", "task_rules"):
        assert res[name].aiq > single_aiq + 0.1, name
    assert res["cascade"].aiq > res["task_rules"].aiq > res["random"].aiq  # measured 0.846 > 0.841 > 0.814
    assert res["learned"].aiq > res["task_rules"].aiq - 0.01  # measured 0.835: a tie at best, see the docs
    match = res["cascade"].cost_to_match
    assert match is not None and match <= 0.92 * report.best_cost  # measured 90.5%
    # measured: 0.841 (95.2% of GPT-4's accuracy) at 17.0% of its cost
    cheap = ev.accuracy_within(res["cascade"].curve, 0.20 * report.best_cost)
    assert cheap is not None and cheap >= 0.94 * report.best_accuracy
    assert res["oracle"].default.mean_cost < 0.06 * report.best_cost
