"""Offline evaluation of routing strategies on RouterBench-format data (``orkester router eval``).

Replay, not simulation: every row holds each model's recorded answer and cost. A strategy
is given the prompt (its text, its sample id and its ``eval_name``) and a :class:`Calls`
handle; calling a model through it returns that model's recorded answer and adds that
model's recorded cost. The strategy names the called model whose answer it returns, and
only then is the row's correctness column read, to score it. The oracle is the one
exception, by definition: it picks the cheapest model that was correct.

Strategies (the names ``--strategies`` selects among):

``always:<model>``  one model for everything.
``random``          RouterBench's "zero router": per prompt, a seeded coin picks between two
                    neighbouring models of the single-model cost-quality hull (chosen on the
                    train split), so its curve is what mixing models without looking costs.
``task_rules``      a fixed map ``eval_name → model`` chosen on the train split (the best
                    accuracy per task, minus λ times cost). RouterBench rows carry their task
                    name, so this stands for a perfect task detector with hand-written rules.
``cascade``         cheap tiers first; each answer is scored by the learned AnswerScorer
                    (with agreement among the answers seen so far); escalate while the best
                    score is under the threshold; return the best-scored answer.
``ensemble``        three cheap models, all paid; majority vote on the normalised answer
                    (a choice letter for multiple-choice), ties to the best-scored answer.
``learned``         the QualityPredictor plus :func:`~orkester.routing.learned.policy.choose`.
``oracle``          the cheapest model that answered correctly (an upper bound, not a router).

Each adaptive strategy is run over a sweep of its knob (λ, threshold) to draw a cost-quality
curve. Figures per strategy: accuracy, mean cost per prompt and premium share (the share of
prompts on which the most expensive model was called) at its default operating point, and
over its curve: the lowest cost at which it matches the most accurate single model, its best
accuracy at no more than 10% of that model's cost, and AIQ.

AIQ follows RouterBench (Hu et al., 2024, and ``evaluation/AIQ.py`` in withmartian/routerbench):
the area under the non-decreasing convex hull of a strategy's (cost, accuracy) points,
extended flat to the right, over the cost range [0, c_max], divided by c_max; the hull
contributes nothing left of the strategy's cheapest point. Here c_max is the costliest
single model's mean cost on the evaluated rows (RouterBench takes the largest cost among
the routers compared, which makes a figure depend on which others were listed); points
beyond it are cut at c_max by interpolation.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..routing.learned.data import Dataset, Row, Split
from ..routing.learned.policy import NeedProfile, PolicyWeights, choose
from ..routing.learned.predictor import QualityPredictor
from ..routing.learned.scorer import AnswerScorer, normalize_answer
from .cascade_planner import AnswerJudge, Cascade, CascadePlanner, Embed
from .curves import accuracy_within, aiq, cost_to_match, nondecreasing_hull
from .replay import LAMBDAS, Calls, Point, Prompt, Strategy, StrategyResult, to_prompts

__all__ = [
    "LAMBDAS",
    "AnswerJudge",
    "Calls",
    "Cascade",
    "CascadePlanner",
    "Point",
    "Prompt",
    "Report",
    "Strategy",
    "StrategyResult",
    "accuracy_within",
    "aiq",
    "build_strategies",
    "cost_to_match",
    "evaluate",
    "nondecreasing_hull",
    "plot",
    "to_prompts",
]


# ---------------------------------------------------------------- strategies


class Always:
    def __init__(self, model: str) -> None:
        self.model = model
        self.name = f"always:{model}"

    def knobs(self) -> Sequence[float]:
        return [0.0]

    def default_knob(self) -> float:
        return 0.0

    def run(self, prompt: Prompt, calls: Calls, knob: float) -> str:
        calls.call(self.model)
        return self.model


def _unit(*parts: object) -> float:
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


class RandomMix:
    """RouterBench's zero router: mixes neighbouring single models of the train-split hull."""

    name = "random"

    def __init__(self, train: Dataset, steps: int = 21) -> None:
        acc, cost = train.accuracy(), train.mean_cost()
        hull = nondecreasing_hull((cost[m], acc[m]) for m in train.models)
        by_point = {(cost[m], acc[m]): m for m in train.models}
        self.hull = [(x, by_point[(x, y)]) for x, y in hull]
        lo, hi = self.hull[0][0], self.hull[-1][0]
        self._knobs = [lo + (hi - lo) * i / (steps - 1) for i in range(steps)]
        self._default = sum(x for x, _ in self.hull) / len(self.hull)

    def knobs(self) -> Sequence[float]:
        return self._knobs

    def default_knob(self) -> float:
        return self._default

    def run(self, prompt: Prompt, calls: Calls, knob: float) -> str:
        """``knob`` is the target mean cost: pick the hull neighbours around it with matching odds."""
        pts = self.hull
        model = pts[-1][1]
        for (x1, m1), (x2, m2) in itertools.pairwise(pts):
            if x1 <= knob <= x2:
                share = (knob - x1) / (x2 - x1) if x2 > x1 else 0.0
                model = m2 if _unit("random", prompt.sample_id) < share else m1
                break
        else:
            if knob < pts[0][0]:
                model = pts[0][1]
        calls.call(model)
        return model


class TaskRules:
    """``eval_name → model`` chosen on the train split; the knob is the cost weight λ."""

    name = "task_rules"

    def __init__(self, train: Dataset, default_lambda: float) -> None:
        self.models = train.models
        self.ref = max(train.mean_cost().values())
        self.default_lambda = default_lambda
        self.stats: dict[str, tuple[dict[str, float], dict[str, float]]] = {}
        for task in train.eval_names():
            part = Dataset(train.models, [r for r in train.rows if r.eval_name == task])
            self.stats[task] = (part.accuracy(), part.mean_cost())
        overall = (train.accuracy(), train.mean_cost())
        self._overall = overall
        self._maps: dict[float, dict[str, str]] = {}

    def rule(self, knob: float) -> dict[str, str]:
        if knob not in self._maps:
            self._maps[knob] = {
                task: max(self.models, key=lambda m: (acc[m] - knob * cost[m] / self.ref, -cost[m]))
                for task, (acc, cost) in self.stats.items()
            }
        return self._maps[knob]

    def knobs(self) -> Sequence[float]:
        return LAMBDAS

    def default_knob(self) -> float:
        return self.default_lambda

    def run(self, prompt: Prompt, calls: Calls, knob: float) -> str:
        model = self.rule(knob).get(prompt.eval_name)
        if model is None:
            acc, cost = self._overall
            model = max(self.models, key=lambda m: acc[m] - knob * cost[m] / self.ref)
        calls.call(model)
        return model


class Learned:
    """The QualityPredictor's probabilities through the policy; the knob is λ of need "normal"."""

    name = "learned"

    def __init__(self, predictor: QualityPredictor, probs: np.ndarray, weights: PolicyWeights, models: list[str]):
        self.predictor = predictor
        self.probs = probs
        self.weights = weights
        self.models = [m for m in models if m in predictor.models]
        self.cols = [predictor.models.index(m) for m in self.models]
        self.costs = {m: predictor.mean_cost[m] for m in self.models}
        self.ref = max(self.costs.values())
        self._weights: dict[float, PolicyWeights] = {}

    def knobs(self) -> Sequence[float]:
        return LAMBDAS

    def default_knob(self) -> float:
        return self.weights.profile("normal").cost_weight

    def run(self, prompt: Prompt, calls: Calls, knob: float) -> str:
        row = self.probs[prompt.index]
        probs = {m: float(row[c]) for m, c in zip(self.models, self.cols, strict=True)}
        w = self._weights.get(knob)
        if w is None:
            floor = self.weights.profile("normal").min_prob
            w = self._weights[knob] = PolicyWeights({"normal": NeedProfile(floor, knob)}, reference_cost=self.ref)
        decision = choose(probs, self.costs, weights=w)
        model = decision.choice or self.models[0]
        calls.call(model)
        return model


class Oracle:
    """Cheapest correct model. It reads correctness: it bounds what routing could do."""

    name = "oracle"

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = rows

    def knobs(self) -> Sequence[float]:
        return [0.0]

    def default_knob(self) -> float:
        return 0.0

    def run(self, prompt: Prompt, calls: Calls, knob: float) -> str:
        row = self.rows[prompt.index]
        good = [m for m in row.correct if row.correct[m] >= 1.0]
        pool = good or list(row.cost)
        model = min(pool, key=lambda m: row.cost[m])
        calls.call(model)
        return model


class Ensemble:
    """Every member answers (and is paid); the most common normalised answer wins.

    Members are chosen per task on the train split (the ``knob`` is their number): the
    combination of cheap models whose vote was most accurate there. Ties, and free-text
    answers that never coincide, go to the member listed first (the most accurate alone).
    """

    name = "ensemble"

    def __init__(self, train: Dataset, sizes: Sequence[int] = (1, 3, 5), default: int = 3, cheap_share: float = 0.15):
        self.sizes = list(sizes)
        self.default = default
        cost = train.mean_cost()
        ref = max(cost.values())
        self.members: dict[tuple[str, int], list[str]] = {}
        groups = {t: [r for r in train.rows if r.eval_name == t] for t in train.eval_names()}
        groups["*"] = list(train.rows)
        for task, rows in groups.items():
            part = Dataset(train.models, rows)
            acc = part.accuracy()
            pool = sorted((m for m in train.models if cost[m] < cheap_share * ref), key=lambda m: -acc[m])[:7]
            for k in self.sizes:
                combos = [list(c) for c in itertools.combinations(pool, min(k, len(pool)))]
                self.members[(task, k)] = max(combos, key=lambda c: sum(r.correct[vote(c, r.response)] for r in rows))

    def knobs(self) -> Sequence[float]:
        return [float(k) for k in self.sizes]

    def default_knob(self) -> float:
        return float(self.default)

    def run(self, prompt: Prompt, calls: Calls, knob: float) -> str:
        key = (prompt.eval_name if (prompt.eval_name, int(knob)) in self.members else "*", int(knob))
        members = self.members[key]
        return vote(members, {m: calls.call(m) for m in members})


def vote(members: Sequence[str], answers: Mapping[str, str]) -> str:
    """The first member whose normalised answer got the most votes."""
    votes = Counter(normalize_answer(answers[m]) for m in members)
    top = max(votes.values())
    return next(m for m in members if votes[normalize_answer(answers[m])] == top)


# ---------------------------------------------------------------- the run


def run_strategy(strategy: Strategy, rows: Sequence[Row], prompts: Sequence[Prompt], premium: str) -> StrategyResult:
    curve: list[Point] = []
    knobs = list(dict.fromkeys([*strategy.knobs(), strategy.default_knob()]))
    default: Point | None = None
    for knob in knobs:
        correct = cost = 0.0
        premium_calls = n_calls = 0
        for row, prompt in zip(rows, prompts, strict=True):
            calls = Calls(row)
            chosen = strategy.run(prompt, calls, knob)
            if chosen not in calls.called:
                raise RuntimeError(f"{strategy.name} returned {chosen!r} without calling it")
            correct += row.correct[chosen]
            cost += calls.cost
            premium_calls += premium in calls.called
            n_calls += len(calls.called)
        n = max(1, len(rows))
        point = Point(knob, correct / n, cost / n, premium_calls / n, n_calls / n)
        if knob == strategy.default_knob():
            default = point
        if knob in strategy.knobs():
            curve.append(point)
    assert default is not None
    return StrategyResult(strategy.name, default, curve)


@dataclass(slots=True)
class Report:
    split: Split
    n_prompts: int
    best_single_model: str
    best_accuracy: float
    best_cost: float
    premium_model: str
    premium_cost: float
    results: dict[str, StrategyResult]

    def as_json(self) -> dict[str, Any]:
        return {
            "split": self.split,
            "n_prompts": self.n_prompts,
            "best_single_model": {
                "name": self.best_single_model,
                "accuracy": self.best_accuracy,
                "mean_cost": self.best_cost,
            },
            "premium_model": {"name": self.premium_model, "mean_cost": self.premium_cost},
            "strategies": {name: r.as_json(self.best_cost) for name, r in self.results.items()},
        }

    def table(self) -> list[str]:
        head = ("STRATEGY", "ACCURACY", "$/PROMPT", "COST %", "PREMIUM", "MATCH BEST AT", "ACC @10%", "AIQ")
        rows: list[tuple[str, ...]] = [head]
        for name, r in self.results.items():
            match = "-" if r.cost_to_match is None else f"{r.cost_to_match / self.best_cost:.1%}"
            at10 = "-" if r.accuracy_at_10pct is None else f"{r.accuracy_at_10pct:.3f}"
            rows.append(
                (
                    name,
                    f"{r.default.accuracy:.3f}",
                    f"{r.default.mean_cost:.6f}",
                    f"{r.default.mean_cost / self.best_cost:.1%}",
                    f"{r.default.premium_share:.1%}",
                    match,
                    at10,
                    f"{r.aiq:.4f}",
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
        lines.append(
            f"\n{self.split} split, {self.n_prompts} prompts; best single model {self.best_single_model}: "
            f"accuracy {self.best_accuracy:.3f} at ${self.best_cost:.6f} a prompt. "
            "COST % and MATCH BEST AT are relative to its cost; ACC @10% is the best accuracy at <=10% of it."
        )
        return lines


def evaluate(
    data: Dataset,
    strategies: Sequence[Strategy],
    *,
    split: Split,
    progress: Callable[[int], None] | None = None,
) -> Report:
    rows = data.rows
    prompts = to_prompts(rows)
    acc, cost = data.accuracy(), data.mean_cost()
    best = max(data.models, key=lambda m: (acc[m], -cost[m]))
    premium = max(data.models, key=lambda m: cost[m])
    results: dict[str, StrategyResult] = {}
    for s in strategies:
        results[s.name] = run_strategy(s, rows, prompts, premium)
        if progress:
            progress(1)
    c_max = cost[premium]
    for r in results.values():
        pts = [(p.mean_cost, p.accuracy) for p in r.curve]
        r.aiq = aiq(pts, c_max)
        r.cost_to_match = cost_to_match(r.curve, acc[best])
        r.accuracy_at_10pct = accuracy_within(r.curve, 0.10 * cost[best])
    return Report(split, len(rows), best, acc[best], cost[best], premium, cost[premium], results)


def plot(report: Report, path: str | Path) -> None:
    """Cost-quality curves: hulls of adaptive strategies, single models as dots, the oracle as a star."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 6))
    ref = report.best_cost
    for name, r in report.results.items():
        x = [p.mean_cost / ref * 100 for p in r.curve]
        y = [p.accuracy for p in r.curve]
        if name.startswith("always:"):
            ax.scatter(x, y, s=22, color="grey")
            ax.annotate(name.split(":", 1)[1].split("/")[-1], (x[0], y[0]), fontsize=7, color="grey")
        elif name == "oracle":
            ax.scatter(x, y, marker="*", s=160, color="gold", edgecolor="black", label="oracle", zorder=5)
        else:
            hull = nondecreasing_hull(zip(x, y, strict=True))
            line = ax.plot([h[0] for h in hull], [h[1] for h in hull], label=f"{name} (AIQ {r.aiq:.3f})")
            ax.scatter(x, y, s=10, color=line[0].get_color(), alpha=0.6)
    ax.axhline(report.best_accuracy, color="black", linewidth=0.6, linestyle=":", label="best single model")
    ax.axhline(0.95 * report.best_accuracy, color="grey", linewidth=0.6, linestyle=":", label="95% of it")
    ax.axvline(30, color="red", linewidth=0.6, linestyle=":", label="30% / 12% of its cost")
    ax.axvline(12, color="red", linewidth=0.6, linestyle="--")
    ax.set_xscale("log")
    ax.set_xlim(1, 130)
    ax.set_xlabel(f"mean cost per prompt, % of {report.best_single_model} (log scale)")
    ax.set_ylabel("accuracy")
    ax.set_title(f"RouterBench subset, {report.split} split ({report.n_prompts} prompts)")
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def finite(x: float | None) -> bool:
    return x is not None and math.isfinite(x)


STRATEGY_NAMES = ("always:<model>", "random", "task_rules", "cascade", "ensemble", "learned", "oracle")


def selected(name: str, wanted: set[str] | None) -> bool:
    if wanted is None:
        return True
    return name in wanted or (name.startswith("always:") and "always" in wanted)


def build_strategies(
    train: Dataset,
    test: Dataset,
    *,
    predictor: QualityPredictor | None,
    scorer: AnswerScorer | None,
    embed: Embed,
    embed_router: Embed | None = None,
    wanted: set[str] | None = None,
    weights: PolicyWeights | None = None,
    progress: Callable[[str, int], Callable[[int], None]] | None = None,
) -> list[Strategy]:
    """Every strategy (or those in ``wanted``), fitted on ``train``, to be run on ``test``.

    ``embed`` gives the answer scorer's vectors (full depth); ``embed_router`` the predictor's, from its
    ``layers`` (default: ``embed``, right for a full-depth predictor)."""
    w = weights or PolicyWeights()
    default_lambda = w.profile("normal").cost_weight
    out: list[Strategy] = [Always(m) for m in test.models if selected(f"always:{m}", wanted)]
    if selected("random", wanted):
        out.append(RandomMix(train))
    if selected("task_rules", wanted):
        out.append(TaskRules(train, default_lambda))
    judge = AnswerJudge(scorer, embed) if scorer is not None else None
    if selected("cascade", wanted):
        if judge is None:
            raise ValueError("the cascade needs an answer scorer")
        lists = len(train.models) + 5 + 2 * (10 + 10)
        tick = (
            progress("planning the cascade on the train split", lists * (len(train.eval_names()) + 1))
            if progress
            else None
        )
        planner = CascadePlanner(train, judge, progress=tick)
        judge.warm((r.prompt for r in test.rows), (r.response[m] for r in test.rows for m in planner.scored))
        out.append(Cascade(planner, judge, default_lambda))
    if selected("ensemble", wanted):
        out.append(Ensemble(train))
    if selected("learned", wanted):
        if predictor is None:
            raise ValueError("the learned strategy needs a quality predictor")
        texts = [predictor.text(r.prompt) for r in test.rows]
        probs = predictor.predict_many((embed_router or embed)(texts), [r.prompt for r in test.rows])
        out.append(Learned(predictor, probs, w, test.models))
    if selected("oracle", wanted):
        out.append(Oracle(test.rows))
    return out
