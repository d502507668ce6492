"""Cheaper plans for a request whose plan does not fit its budget (``routing.over_budget: downgrade``).

Pure: given the Plan routing chose and its worst-case cost, list the plans the limits stage may reserve
instead, dearest first, so the request gets the best answer the budget still allows: each deployment the
plan may call, alone (a cascade's cheap tier, a fallback chain's cheaper member, an ensemble member),
then the ``routing.budget_fallback`` alias (a local model, say). Only plans cheaper than the original are
listed, and at most ``limit`` of them, since each costs the limits stage one reservation try. The plan's
own deployments already passed the data-protection policy; the fallback alias's must pass ``allowed``
(the caller may use the alias, the request's class may go there).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..accounting.pricing import worst_case_cost
from .plan import Candidate, Plan, every_candidate, unique

#: reservation tries a downgrade may make (each is a round trip to the shared state)
MAX_TRIES = 4


def cheaper_plans(
    plan: Plan,
    fallback: Sequence[Candidate],
    prompt_tokens: int,
    max_output: int | None,
    allowed: Callable[[Candidate], bool],
    limit: int = MAX_TRIES,
) -> list[tuple[Plan, float]]:
    """Plans cheaper than ``plan`` with their worst-case cost, dearest first (see the module docstring)."""
    full = worst_case_cost(plan, prompt_tokens, max_output)

    def single(cands: list[Candidate], reason: str) -> tuple[Plan, float]:
        p = Plan(
            plan.strategy,
            "fallback",
            cands,
            [*plan.reasons, reason],
            task=plan.task,
            task_confidence=plan.task_confidence,
        )
        return p, worst_case_cost(p, prompt_tokens, max_output)

    own = [single([c], f"over budget: downgraded to {c.deployment.key}") for c in unique(list(every_candidate(plan)))]
    own = sorted((x for x in own if x[1] < full), key=lambda x: -x[1])
    out = own[: max(0, limit - 1)] if fallback else own[:limit]
    usable = [c for c in fallback if allowed(c)]
    if usable:
        extra = single(usable, f"over budget: downgraded to {usable[0].alias}")
        if extra[1] < full and all(extra[0].candidates != p.candidates for p, _ in out):
            out.append(extra)
    return out
