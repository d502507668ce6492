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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..routing.learned.data import Dataset, Row, Split
from ..routing.learned.policy import NeedProfile, PolicyWeights, choose
from ..routing.learned.predictor import QualityPredictor
from ..routing.learned.scorer import AnswerScorer, normalize_answer

Embed = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True, slots=True)
class Prompt:
    """All a strategy may read about a row."""

    index: int
    sample_id: str
    eval_name: str
    text: str


class Calls:
    """The only way to a row's recorded answers: each call is paid for."""

    __slots__ = ("_row", "called", "cost")

    def __init__(self, row: Row) -> None:
        self._row = row
        self.called: list[str] = []
        self.cost = 0.0

    def call(self, model: str) -> str:
        if model not in self.called:
            self.called.append(model)
            self.cost += self._row.cost[model]
        return self._row.response[model]


class Strategy(Protocol):
    name: str

    def knobs(self) -> Sequence[float]: ...

    def default_knob(self) -> float: ...

    def run(self, prompt: Prompt, calls: Calls, knob: float) -> str: ...


@dataclass(slots=True)
class Point:
    knob: float
    accuracy: float
    mean_cost: float
    premium_share: float
    calls_per_prompt: float


@dataclass(slots=True)
class StrategyResult:
    name: str
    default: Point
    curve: list[Point]
    cost_to_match: float | None = None
    accuracy_at_10pct: float | None = None
    aiq: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self, premium_cost: float) -> dict[str, Any]:
        out: dict[str, Any] = {
            "accuracy": self.default.accuracy,
            "mean_cost": self.default.mean_cost,
            "premium_share": self.default.premium_share,
            "calls_per_prompt": self.default.calls_per_prompt,
            "cost_to_match_best": self.cost_to_match,
            "cost_to_match_best_fraction": None if self.cost_to_match is None else self.cost_to_match / premium_cost,
            "accuracy_at_10pct_cost": self.accuracy_at_10pct,
            "aiq": self.aiq,
            "curve": [
                {"knob": p.knob, "accuracy": p.accuracy, "mean_cost": p.mean_cost, "premium_share": p.premium_share}
                for p in self.curve
            ],
        }
        out.update(self.extra)
        return out


# ---------------------------------------------------------------- metrics


def nondecreasing_hull(points: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """Upper convex hull of (cost, quality) points, cut where quality stops rising."""
    pts = sorted(set(points))
    if not pts:
        return []
    hull: list[tuple[float, float]] = []
    for p in pts:
        while len(hull) >= 2:
            (x1, y1), (x2, y2) = hull[-2], hull[-1]
            if (x2 - x1) * (p[1] - y1) - (y2 - y1) * (p[0] - x1) >= 0:
                hull.pop()
            else:
                break
        hull.append(p)
    best = max(range(len(hull)), key=lambda i: (hull[i][1], -hull[i][0]))
    return hull[: best + 1]


def aiq(points: Iterable[tuple[float, float]], c_max: float) -> float:
    """RouterBench's AIQ over [0, c_max] (see the module docstring)."""
    hull = nondecreasing_hull(points)
    if not hull or c_max <= 0:
        return 0.0
    xs = [x for x, _ in hull]
    ys = [y for _, y in hull]
    if xs[0] >= c_max:
        return 0.0
    if xs[-1] > c_max:
        y_cut = float(np.interp(c_max, xs, ys))
        keep = [i for i, x in enumerate(xs) if x < c_max]
        xs = [xs[i] for i in keep] + [c_max]
        ys = [ys[i] for i in keep] + [y_cut]
    else:
        xs.append(c_max)
        ys.append(ys[-1])
    area = sum((xs[i + 1] - xs[i]) * (ys[i + 1] + ys[i]) / 2 for i in range(len(xs) - 1))
    return area / c_max


def cost_to_match(curve: Sequence[Point], target: float, eps: float = 1e-9) -> float | None:
    hits = [p.mean_cost for p in curve if p.accuracy >= target - eps]
    return min(hits) if hits else None


def accuracy_within(curve: Sequence[Point], max_cost: float) -> float | None:
    ok = [p.accuracy for p in curve if p.mean_cost <= max_cost]
    return max(ok) if ok else None


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


#: cost weights swept to draw a curve: dense where the choices change, up to "cheapest model only"
# fmt: off
LAMBDAS = (
    0.0, 0.005, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.1, 0.12, 0.15, 0.17, 0.2,
    0.25, 0.3, 0.4, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0,
)
# fmt: on


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


class AnswerJudge:
    """Scores recorded answers with the AnswerScorer; texts are embedded through ``embed`` (a cache)."""

    def __init__(self, scorer: AnswerScorer, embed: Embed) -> None:
        self.scorer = scorer
        self.embed = embed
        self._vecs: dict[str, np.ndarray] = {}

    def warm(self, prompts: Iterable[str], answers: Iterable[str]) -> None:
        texts = [self.scorer.prompt_text(p) for p in prompts] + [self.scorer.answer_text(a) for a in answers]
        todo = list(dict.fromkeys(t for t in texts if t not in self._vecs))
        if todo:
            self._vecs.update(zip(todo, self.embed(todo), strict=True))

    def _vec(self, text: str) -> np.ndarray:
        if text not in self._vecs:
            self._vecs[text] = self.embed([text])[0]
        return self._vecs[text]

    def scores(self, prompt: Prompt, answers: Mapping[str, str]) -> dict[str, float]:
        pv = self._vec(self.scorer.prompt_text(prompt.text))
        feats = [
            self.scorer.features(
                pv,
                self._vec(self.scorer.answer_text(a)),
                a,
                m,
                {k: v for k, v in answers.items() if k != m},
            )
            for m, a in answers.items()
        ]
        probs = self.scorer.probability(np.stack(feats))
        return {m: float(p) for m, p in zip(answers, probs, strict=True)}


class Cascade:
    """Cheap tiers first; stop once the best-scored answer reaches the tier's threshold.

    Tiers and threshold are chosen per task on the train split by :class:`CascadePlanner`
    for each knob value λ (like ``task_rules``, the task is the row's ``eval_name``).
    """

    name = "cascade"

    def __init__(self, planner: CascadePlanner, judge: AnswerJudge, default_lambda: float) -> None:
        self.planner = planner
        self.judge = judge
        self.default_lambda = default_lambda

    def knobs(self) -> Sequence[float]:
        return LAMBDAS

    def default_knob(self) -> float:
        return self.default_lambda

    def run(self, prompt: Prompt, calls: Calls, knob: float) -> str:
        tiers, threshold = self.planner.config(prompt.eval_name, knob)
        answers: dict[str, str] = {}
        best = tiers[0]
        for i, model in enumerate(tiers):
            answers[model] = calls.call(model)
            if len(tiers) == 1:
                break
            scores = self.judge.scores(prompt, answers)
            best = max(scores, key=lambda m: scores[m])
            if scores[best] >= threshold or i == len(tiers) - 1:
                break
        return best


THRESHOLDS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.01)


@dataclass(slots=True)
class _Plan:
    tiers: tuple[str, ...]
    threshold: float
    correct: np.ndarray  # per train row, 0/1
    cost: np.ndarray  # per train row, USD


class CascadePlanner:
    """Chooses, per task and cost weight λ, the tier list and threshold that do best on the train split.

    Candidate tier lists: any single model (so the cascade can fall back to what the task
    rules do), and one to three of the task's ``pool_size`` most accurate cheap models (mean
    cost under ``cheap_share`` of the premium model's) in order of cost, optionally followed by
    the premium model; candidate thresholds: :data:`THRESHOLDS`. The objective is train
    accuracy minus λ times mean cost over the premium model's mean cost.

    With hundreds of candidates the best one on the train split is partly luck (the winner's
    curse: on a 200-row task it overstated accuracy by 7 points). So a multi-tier plan replaces
    the best single model only when its gain in objective exceeds ``z`` standard errors of the
    paired per-row difference.
    """

    def __init__(
        self,
        train: Dataset,
        judge: AnswerJudge,
        *,
        cheap_share: float = 0.15,
        pool_size: int = 5,
        z: float = 1.0,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.models = train.models
        cost = train.mean_cost()
        self.premium = max(self.models, key=lambda m: cost[m])
        self.ref = cost[self.premium]
        self.z = z
        self.global_task = "*"
        self._chosen: dict[tuple[str, float], tuple[tuple[str, ...], float]] = {}
        self._table: dict[str, list[_Plan]] = {}
        self._memo: dict[tuple[str, frozenset[str]], tuple[str, float]] = {}
        groups = {t: [r for r in train.rows if r.eval_name == t] for t in train.eval_names()}
        groups[self.global_task] = list(train.rows)
        prompts = {r.sample_id: p for r, p in zip(train.rows, to_prompts(train.rows), strict=True)}
        pools = self.pools(train, cheap_share, pool_size)
        #: the models whose answers a plan may score (single-tier plans score nothing)
        self.scored = sorted({m for pool in pools.values() for m in pool} | {self.premium})
        judge.warm((r.prompt for r in train.rows), (r.response[m] for r in train.rows for m in self.scored))
        for task, rows in groups.items():
            self._table[task] = self._simulate(rows, [prompts[r.sample_id] for r in rows], pools[task], judge, progress)

    @staticmethod
    def pools(train: Dataset, cheap_share: float = 0.15, pool_size: int = 5) -> dict[str, list[str]]:
        """Per task (and ``"*"`` for all), the cheap models a cascade may chain, cheapest first."""
        ref = max(train.mean_cost().values())
        groups = {t: [r for r in train.rows if r.eval_name == t] for t in train.eval_names()}
        groups["*"] = list(train.rows)
        out: dict[str, list[str]] = {}
        for task, rows in groups.items():
            part = Dataset(train.models, rows)
            acc, tcost = part.accuracy(), part.mean_cost()
            cheap = [m for m in train.models if tcost[m] < cheap_share * ref]
            out[task] = sorted(sorted(cheap, key=lambda m: -acc[m])[:pool_size], key=lambda m: tcost[m])
        return out

    @classmethod
    def texts(cls, train: Dataset, test: Dataset, scorer: AnswerScorer) -> list[str]:
        """Every text the cascade may embed, to embed them up front (with a progress bar)."""
        premium = max(train.models, key=lambda m: train.mean_cost()[m])
        scored = {m for pool in cls.pools(train).values() for m in pool} | {premium}
        rows = [*train.rows, *test.rows]
        return [scorer.prompt_text(r.prompt) for r in rows] + [
            scorer.answer_text(r.response[m]) for r in rows for m in sorted(scored)
        ]

    def candidates(self, pool: Sequence[str]) -> list[tuple[str, ...]]:
        lists: list[tuple[str, ...]] = [(m,) for m in self.models]
        for k in (1, 2, 3):
            for combo in itertools.combinations(pool, k):
                if k > 1:
                    lists.append(combo)
                lists.append((*combo, self.premium))
        return lists

    def _simulate(
        self,
        rows: Sequence[Row],
        prompts: Sequence[Prompt],
        pool: list[str],
        judge: AnswerJudge,
        progress: Callable[[int], None] | None,
    ) -> list[_Plan]:
        out: list[_Plan] = []
        for tiers in self.candidates(pool):
            for threshold in THRESHOLDS if len(tiers) > 1 else (0.0,):
                correct = np.zeros(len(rows))
                spent = np.zeros(len(rows))
                for i, (row, prompt) in enumerate(zip(rows, prompts, strict=True)):
                    top, depth = tiers[0], 1
                    if len(tiers) > 1:
                        for depth in range(1, len(tiers) + 1):
                            top, score = self._best(row, prompt, tiers[:depth], judge)
                            if score >= threshold:
                                break
                    spent[i] = sum(row.cost[m] for m in tiers[:depth])
                    correct[i] = row.correct[top]
                out.append(_Plan(tiers, threshold, correct, spent))
            if progress:
                progress(1)
        return out

    def _best(self, row: Row, prompt: Prompt, called: tuple[str, ...], judge: AnswerJudge) -> tuple[str, float]:
        key = (row.sample_id, frozenset(called))
        if key not in self._memo:
            scores = judge.scores(prompt, {m: row.response[m] for m in called})
            top = max(scores, key=lambda m: scores[m])
            self._memo[key] = (top, scores[top])
        return self._memo[key]

    def config(self, task: str, lam: float) -> tuple[tuple[str, ...], float]:
        key = (task if task in self._table else self.global_task, lam)
        if key not in self._chosen:
            table = self._table[key[0]]

            def gain(p: _Plan) -> np.ndarray:
                values: np.ndarray = p.correct - lam * p.cost / self.ref
                return values

            single = max((p for p in table if len(p.tiers) == 1), key=lambda p: (gain(p).mean(), -p.cost.mean()))
            base = gain(single)
            n = len(base)
            best, best_value = single, 0.0
            for p in table:
                diff = gain(p) - base
                se = float(diff.std(ddof=1)) / np.sqrt(n) if n > 1 else 0.0
                value = float(diff.mean()) - self.z * se
                if value > best_value:
                    best, best_value = p, value
            self._chosen[key] = (best.tiers, best.threshold)
        return self._chosen[key]


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


def to_prompts(rows: Sequence[Row]) -> list[Prompt]:
    return [Prompt(i, r.sample_id, r.eval_name, r.prompt) for i, r in enumerate(rows)]


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
