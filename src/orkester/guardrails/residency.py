"""Which deployments a class's policy lets receive the data, and a Plan cut down to them.

A deployment is allowed when its region is among the policy's ``regions`` and its provider among its
``providers`` (either list absent: no constraint of that kind). A deployment with no known region is
not allowed where regions are constrained: unknown is not "eu".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ..routing.plan import Candidate, EnsemblePlan, Plan, Tier, every_candidate
from ..settings import ClassPolicy, Deployment


def permits(policy: ClassPolicy | None, deployment: Deployment) -> bool:
    if policy is None:
        return True
    if policy.regions is not None and (deployment.region or "unknown") not in policy.regions:
        return False
    return policy.providers is None or deployment.provider in policy.providers


def describe(policy: ClassPolicy) -> str:
    parts = []
    if policy.regions is not None:
        parts.append("regions " + (", ".join(policy.regions) or "none"))
    if policy.providers is not None:
        parts.append("providers " + (", ".join(policy.providers) or "none"))
    return "; ".join(parts) or "any destination"


def where(deployment: Deployment) -> str:
    return f"{deployment.key}@{deployment.region or 'unknown region'}"


def deployments(plan: Plan) -> Iterator[Candidate]:
    """Every candidate the plan may call: answers, tiers, verifiers, members, judges."""
    return every_candidate(plan)


def restrict(plan: Plan, policy: ClassPolicy) -> tuple[Plan | None, list[str]]:
    """The plan without the deployments ``policy`` forbids, and what was dropped; None if it cannot run."""
    dropped = sorted({where(c.deployment) for c in deployments(plan) if not permits(policy, c.deployment)})
    if not dropped:
        return plan, []

    def keep(cands: list[Candidate]) -> list[Candidate]:
        return [c for c in cands if permits(policy, c.deployment)]

    def tier(t: Tier) -> Tier | None:
        cands = keep(t.candidates)
        if not cands:
            return None
        verifier = tier(t.verifier) if t.verifier else None
        if t.verifier and verifier is None:
            return None  # its check cannot be asked where the data may go: skip the tier
        return replace(t, candidates=cands, verifier=verifier)

    candidates = keep(plan.candidates)
    tiers = None
    if plan.tiers:
        # The last tier answers unchecked; if it is dropped, the last remaining tier takes its place.
        kept_tiers = [t for t in (tier(t) for t in plan.tiers) if t is not None]
        if not kept_tiers:
            return None, dropped
        if kept_tiers[-1].check is not None:
            kept_tiers[-1] = replace(kept_tiers[-1], check=None, verifier=None)
        tiers = kept_tiers
    ensemble = None
    if plan.ensemble:
        e = plan.ensemble
        members = [m for m in (tier(m) for m in e.members) if m is not None]
        judge = tier(e.judge) if e.judge else None
        if not members or (e.judge is not None and judge is None):
            return None, dropped
        ensemble = EnsemblePlan(members, e.combine, judge, e.deadline_s, min(e.min_answers, len(members)))
    if not candidates:
        return None, dropped
    reason = f"data residency: left out {', '.join(dropped)} ({describe(policy)})"
    reasons = [*plan.reasons, reason]
    return replace(plan, candidates=candidates, tiers=tiers, ensemble=ensemble, reasons=reasons), dropped
