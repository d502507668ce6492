"""The learned router's decision rule: pure functions from predictions and constraints to a choice.

The runtime strategy and the offline evaluator call the same :func:`choose`, so what
``orkester router eval`` measures is what the gateway does.

For each candidate model ``m`` the inputs are ``p_m`` (predicted probability of a good
answer), ``c_m`` (expected cost of the call, USD) and, optionally, ``t_m`` (expected
latency, seconds) and ``h_m`` (capacity headroom in [0, 1]: 1 = idle, 0 = full). The
utility is::

    U_m = p_m - λ · c_m / c_ref - μ · t_m / T - κ · (1 - h_m)

where ``λ`` is the cost weight of the request's quality need, ``c_ref`` the reference
cost (the most expensive candidate's, unless fixed in the weights), ``T`` the deadline
(latency term left out when there is none), ``μ`` the latency weight and ``κ`` the
capacity weight. Hard filters come first and are never traded against utility: a model
outside the allowed set (data class, residency), with no headroom, whose cost exceeds the
remaining budget, or whose latency estimate exceeds the deadline is not eligible. Among
the eligible, models with ``p_m >= min_prob`` of the quality need are preferred and the
highest ``U_m`` wins; when none reaches ``min_prob`` the most likely to answer well wins
(a critical request is not sent to the cheapest model just because all look hard).
Ties go to the cheaper model.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

QualityNeed = Literal["low", "normal", "high", "critical"]
QUALITY_NEEDS: tuple[QualityNeed, ...] = ("low", "normal", "high", "critical")


@dataclass(frozen=True, slots=True)
class NeedProfile:
    """What a quality need means: a floor on ``p_m`` and the weight of cost against quality."""

    min_prob: float
    cost_weight: float


def _default_needs() -> dict[str, NeedProfile]:
    return {
        "low": NeedProfile(min_prob=0.0, cost_weight=1.0),
        "normal": NeedProfile(min_prob=0.0, cost_weight=0.2),
        "high": NeedProfile(min_prob=0.7, cost_weight=0.05),
        "critical": NeedProfile(min_prob=0.85, cost_weight=0.0),
    }


@dataclass(frozen=True, slots=True)
class PolicyWeights:
    """The configurable knobs of :func:`choose` (``routing.learned.weights`` in the config)."""

    needs: Mapping[str, NeedProfile] = field(default_factory=_default_needs)
    latency_weight: float = 0.1
    capacity_weight: float = 0.05
    reference_cost: float | None = None

    def profile(self, need: str) -> NeedProfile:
        try:
            return self.needs[need]
        except KeyError:
            raise ValueError(f"unknown quality need {need!r}; known: {', '.join(self.needs)}") from None

    def with_cost_weight(self, need: str, cost_weight: float) -> PolicyWeights:
        """A copy whose ``need`` uses another λ (the evaluator sweeps it to draw a curve)."""
        needs = dict(self.needs)
        needs[need] = NeedProfile(self.profile(need).min_prob, cost_weight)
        return PolicyWeights(needs, self.latency_weight, self.capacity_weight, self.reference_cost)


@dataclass(frozen=True, slots=True)
class Constraints:
    """What the request and the gateway's state allow. ``None`` means "no constraint"."""

    need: str = "normal"
    deadline_s: float | None = None
    budget_usd: float | None = None
    allowed: frozenset[str] | None = None
    latency_s: Mapping[str, float] = field(default_factory=dict)
    headroom: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CandidateScore:
    model: str
    prob: float
    cost: float
    utility: float
    eligible: bool
    meets_floor: bool
    why: str


@dataclass(frozen=True, slots=True)
class Decision:
    choice: str | None
    utility: float
    candidates: tuple[CandidateScore, ...]
    reason: str

    def explain(self) -> list[str]:
        """One line per candidate, best first: what ``orkester route explain`` shows."""
        rows = sorted(self.candidates, key=lambda c: (not c.eligible, -c.utility))
        return [
            f"{'*' if c.model == self.choice else ' '} {c.model}: p={c.prob:.2f} cost=${c.cost:.6f} "
            f"U={c.utility:+.3f} {c.why}"
            for c in rows
        ]


def utility(
    prob: float,
    cost: float,
    *,
    cost_weight: float,
    reference_cost: float,
    latency_s: float | None = None,
    deadline_s: float | None = None,
    latency_weight: float = 0.0,
    headroom: float | None = None,
    capacity_weight: float = 0.0,
) -> float:
    """``U = p - λ·c/c_ref - μ·t/T - κ·(1-h)``, each term present only when its input is."""
    u = prob - cost_weight * cost / reference_cost if reference_cost > 0 else prob
    if latency_s is not None and deadline_s:
        u -= latency_weight * latency_s / deadline_s
    if headroom is not None:
        u -= capacity_weight * (1.0 - min(1.0, max(0.0, headroom)))
    return u


def choose(
    probs: Mapping[str, float],
    costs: Mapping[str, float],
    constraints: Constraints | None = None,
    weights: PolicyWeights | None = None,
) -> Decision:
    """Pick the model with the best utility among the eligible ones (see the module docstring)."""
    c = constraints or Constraints()
    w = weights or PolicyWeights()
    profile = w.profile(c.need)
    models = [m for m in probs if m in costs]
    if not models:
        return Decision(None, -math.inf, (), "no candidate has both a prediction and a cost")
    ref = w.reference_cost or max((costs[m] for m in models), default=0.0)
    scores: list[CandidateScore] = []
    for m in models:
        p, cost = float(probs[m]), float(costs[m])
        lat = c.latency_s.get(m)
        head = c.headroom.get(m)
        excluded = _ineligible(m, cost, lat, head, c)
        u = utility(
            p,
            cost,
            cost_weight=profile.cost_weight,
            reference_cost=ref,
            latency_s=lat,
            deadline_s=c.deadline_s,
            latency_weight=w.latency_weight,
            headroom=head,
            capacity_weight=w.capacity_weight,
        )
        floor = p >= profile.min_prob
        why = excluded or ("eligible" if floor else f"below the {c.need} floor p>={profile.min_prob:.2f}")
        scores.append(CandidateScore(m, p, cost, u, not excluded, floor, why))
    eligible = [s for s in scores if s.eligible]
    if not eligible:
        return Decision(None, -math.inf, tuple(scores), "every candidate is excluded by a hard constraint")
    above = [s for s in eligible if s.meets_floor]
    if above:
        best = max(above, key=lambda s: (s.utility, -s.cost))
        reason = f"best utility for need {c.need} (λ={profile.cost_weight:g})"
    else:
        best = max(eligible, key=lambda s: (s.prob, -s.cost))
        reason = f"no candidate reaches p>={profile.min_prob:.2f}; most likely to answer well"
    return Decision(best.model, best.utility, tuple(scores), reason)


def _ineligible(m: str, cost: float, lat: float | None, head: float | None, c: Constraints) -> str:
    if c.allowed is not None and m not in c.allowed:
        return "excluded: not allowed for this request's data class"
    if head is not None and head <= 0:
        return "excluded: no capacity headroom"
    if c.budget_usd is not None and cost > c.budget_usd:
        return f"excluded: expected cost ${cost:.6f} exceeds remaining budget ${c.budget_usd:.6f}"
    if c.deadline_s is not None and lat is not None and lat > c.deadline_s:
        return f"excluded: expected latency {lat:.2f}s exceeds deadline {c.deadline_s:.2f}s"
    return ""


def rank(decision: Decision) -> Sequence[str]:
    """Eligible candidates in the order the policy prefers them (for a fallback chain)."""
    el = [s for s in decision.candidates if s.eligible]
    first = [s for s in el if s.model == decision.choice]
    rest = sorted((s for s in el if s.model != decision.choice), key=lambda s: (-s.meets_floor, -s.utility, s.cost))
    return [s.model for s in first + rest]
