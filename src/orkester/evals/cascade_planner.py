"""The evaluator's cascade: tiers and thresholds planned per task on the train split, answers scored by the
learned AnswerScorer with agreement among the answers at hand."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..routing.learned.data import Dataset, Row
from ..routing.learned.scorer import AnswerScorer
from .replay import LAMBDAS, Calls, Prompt, to_prompts

Embed = Callable[[Sequence[str]], np.ndarray]


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
