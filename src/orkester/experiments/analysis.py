"""An experiment's result from per-arm sums: estimates with 95 % intervals, tests against the control,
the guardrail, and whether the stopping rule says stop. Pure: the ledger query lives in the stores.

Each challenger is tested against the control (Bonferroni: ``alpha / (arms - 1)``). The reported
decision is the fixed-horizon one at ``alpha``. The stopping rule is stricter, because a gateway looks
at a running experiment again and again: before ``max_samples`` an interim look stops only when
``p < interim_alpha`` (a Haybittle-Peto boundary, 0.001 by default), and when every arm has
``max_samples`` the final look decides at ``alpha``, stopping with the control when there is no
difference. No look is taken before every arm has ``min_samples``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..settings import ExperimentMetric, ExperimentSpec
from .stats import MeanSummary, Test, mean_interval, proportion_test, welch_test, wilson

Outcome = Literal["winner", "no_difference", "not_enough_data", "guardrail"]
#: metrics where a higher value is better (the others: lower is better)
HIGHER_IS_BETTER: frozenset[str] = frozenset({"satisfaction", "score"})
PROPORTIONS: frozenset[str] = frozenset({"satisfaction", "escalation"})
DESCRIBE: Mapping[str, str] = {
    "satisfaction": "share of positive ratings (thumbs up, 4 or 5) among rated requests",
    "score": "mean normalised feedback score (0-1) among rated requests",
    "cost": "mean cost per request, USD",
    "latency": "mean latency per request, ms",
    "escalation": "share of requests that escalated past a cascade tier",
}


@dataclass(frozen=True, slots=True)
class ArmData:
    """One arm's successful requests, summed in the ledger."""

    arm: str
    requests: int = 0
    rated: int = 0
    positive: int = 0
    escalated: int = 0
    score: MeanSummary = field(default_factory=lambda: MeanSummary(0, 0.0, 0.0))
    cost: MeanSummary = field(default_factory=lambda: MeanSummary(0, 0.0, 0.0))
    latency: MeanSummary = field(default_factory=lambda: MeanSummary(0, 0.0, 0.0))


@dataclass(frozen=True, slots=True)
class Estimate:
    n: int
    mean: float | None
    ci: tuple[float, float] | None


def estimate(data: ArmData, metric: ExperimentMetric) -> Estimate:
    if metric == "satisfaction":
        share = data.positive / data.rated if data.rated else None
        return Estimate(data.rated, share, wilson(data.positive, data.rated))
    if metric == "escalation":
        n = data.requests
        return Estimate(n, data.escalated / n if n else None, wilson(data.escalated, n))
    s = _summary(data, metric)
    return Estimate(s.n, s.mean if s.n else None, mean_interval(s))


def test(control: ArmData, other: ArmData, metric: ExperimentMetric) -> Test | None:
    """``other`` against ``control`` (the statistic's sign: other minus control)."""
    if metric == "satisfaction":
        return proportion_test(control.positive, control.rated, other.positive, other.rated)
    if metric == "escalation":
        return proportion_test(control.escalated, control.requests, other.escalated, other.requests)
    return welch_test(_summary(control, metric), _summary(other, metric))


def _summary(data: ArmData, metric: ExperimentMetric) -> MeanSummary:
    return {"score": data.score, "cost": data.cost, "latency": data.latency}[metric]


@dataclass(frozen=True, slots=True)
class ArmResult:
    arm: str
    requests: int
    n: int
    mean: float | None
    ci: tuple[float, float] | None
    #: the guardrail metric's estimate (None without a guardrail)
    guardrail_mean: float | None = None


@dataclass(frozen=True, slots=True)
class Comparison:
    arm: str
    control: str
    #: the arm's mean minus the control's
    difference: float | None
    p_value: float | None
    statistic: float | None
    #: the arm is better than the control (by the metric's direction)
    better: bool


@dataclass(frozen=True, slots=True)
class Decision:
    outcome: Outcome
    #: the winner, or the arm to serve everyone when the experiment stops (the control unless a winner)
    arm: str | None
    #: the stopping rule says stop now (only ever true with ``auto_stop``)
    stop: bool
    reason: str


@dataclass(frozen=True, slots=True)
class ExperimentResult:
    name: str
    metric: ExperimentMetric
    control: str | None
    arms: list[ArmResult]
    comparisons: list[Comparison]
    decision: Decision
    alpha: float
    guardrail: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "metric": self.metric,
            "metric_means": DESCRIBE[self.metric],
            "control": self.control,
            "alpha": self.alpha,
            "arms": [
                {
                    "arm": a.arm,
                    "requests": a.requests,
                    "n": a.n,
                    "mean": a.mean,
                    "ci95_low": a.ci[0] if a.ci else None,
                    "ci95_high": a.ci[1] if a.ci else None,
                    "guardrail_mean": a.guardrail_mean,
                }
                for a in self.arms
            ],
            "comparisons": [
                {
                    "arm": c.arm,
                    "control": c.control,
                    "difference": c.difference,
                    "p_value": c.p_value,
                    "statistic": c.statistic,
                    "better": c.better,
                }
                for c in self.comparisons
            ],
            "decision": {
                "outcome": self.decision.outcome,
                "arm": self.decision.arm,
                "stop": self.decision.stop,
                "reason": self.decision.reason,
            },
            "guardrail": self.guardrail,
            **self.extra,
        }


def _verdict(comparisons: list[Comparison], control: str, threshold: float) -> str | None:
    """The winner at ``threshold``: the best significantly better challenger, or the control when every
    challenger is significantly worse; None when the data do not decide."""
    better = [c for c in comparisons if c.better and c.p_value is not None and c.p_value < threshold]
    if better:
        return max(better, key=lambda c: abs(c.difference or 0.0)).arm
    worse = [c for c in comparisons if not c.better and c.p_value is not None and c.p_value < threshold]
    if comparisons and len(worse) == len(comparisons):
        return control
    return None


def degradation(metric: ExperimentMetric, control: float | None, other: float | None) -> float | None:
    """How much worse ``other`` is than ``control``, relative to the control (negative: better)."""
    if control is None or other is None:
        return None
    worse = (control - other) if metric in HIGHER_IS_BETTER else (other - control)
    if control == 0:
        return math.inf if worse > 0 else 0.0
    return worse / abs(control)


def analyse(name: str, spec: ExperimentSpec, data: Mapping[str, ArmData]) -> ExperimentResult:
    """The result of experiment ``name`` from its arms' sums (arms missing from ``data`` have none yet)."""
    metric = spec.metric
    control = spec.control_arm
    assert control is not None, "an A/B analysis needs arms"
    arms = {a: data.get(a, ArmData(a)) for a in spec.arms}
    guard = spec.guardrail
    results = []
    for a, d in arms.items():
        e = estimate(d, metric)
        g = estimate(d, guard.metric).mean if guard else None
        results.append(ArmResult(a, d.requests, e.n, e.mean, e.ci, g))
    by_arm = {r.arm: r for r in results}
    comparisons = []
    for a, d in arms.items():
        if a == control:
            continue
        t = test(arms[control], d, metric)
        mine, theirs = by_arm[a].mean, by_arm[control].mean
        diff = None if mine is None or theirs is None else mine - theirs
        better = diff is not None and (diff > 0 if metric in HIGHER_IS_BETTER else diff < 0)
        comparisons.append(Comparison(a, control, diff, t.p_value if t else None, t.statistic if t else None, better))
    k = max(1, len(arms) - 1)
    short = [r.arm for r in results if r.n < spec.min_samples]
    guard_info: dict[str, Any] | None = None
    if short:
        reason = f"arms {', '.join(short)} have fewer than min_samples={spec.min_samples}"
        decision = Decision("not_enough_data", None, False, reason)
        return ExperimentResult(name, metric, control, results, comparisons, decision, spec.alpha)
    winner = _verdict(comparisons, control, spec.alpha / k)
    final = spec.max_samples is not None and all(r.n >= spec.max_samples for r in results)
    boundary = spec.alpha / k if final else spec.interim_alpha / k
    stopping_winner = _verdict(comparisons, control, boundary)
    look = "final" if final else "interim"
    if guard is not None and winner is not None and winner != control:
        worse = degradation(guard.metric, by_arm[control].guardrail_mean, by_arm[winner].guardrail_mean)
        violated = worse is not None and worse > guard.max_degradation
        guard_info = {
            "metric": guard.metric,
            "max_degradation": guard.max_degradation,
            "degradation": worse,
            "violated": violated,
        }
        if violated:
            stop = spec.auto_stop and stopping_winner == winner
            reason = (
                f"{winner} wins on {metric} but makes {guard.metric} {worse:.1%} worse than {control} "
                f"(max {guard.max_degradation:.1%}): the control is kept"
            )
            decision = Decision("guardrail", control, stop, reason)
            return ExperimentResult(name, metric, control, results, comparisons, decision, spec.alpha, guard_info)
    if winner is not None:
        stop = spec.auto_stop and stopping_winner is not None
        how = f"p < {boundary / 1:.3g} at the {look} look" if stop else f"p < {spec.alpha / k:.3g}"
        decision = Decision("winner", winner, stop, f"{winner} is significantly better on {metric} ({how})")
    else:
        stop = spec.auto_stop and final
        reason = f"no significant difference on {metric} at alpha={spec.alpha / k:.3g}"
        if stop:
            reason += f" with max_samples={spec.max_samples} reached: the control is kept"
        decision = Decision("no_difference", control, stop, reason)
    return ExperimentResult(name, metric, control, results, comparisons, decision, spec.alpha, guard_info)
