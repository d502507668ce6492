"""Ensembles: several models answer in parallel and one answer is made of theirs.

An ensemble costs several calls, so a route switches to it only when it is worth it:
for listed task types, for requests whose quality need is listed (``critical`` by
default), or when the router's own confidence is low.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..settings import EnsembleSpec, EnsembleWhen
from ..types import ChatRequest, EmbeddingRequest
from .fallback import FallbackStrategy
from .plan import EnsemblePlan, Plan, RouteInput, StrategyContext, unique
from .tasks_of import TaskInfo, task_of

if TYPE_CHECKING:
    from ..plugins import Registry


def ensemble_plan(
    spec: EnsembleSpec, fallback: FallbackStrategy, request: ChatRequest | EmbeddingRequest, strategy: str
) -> Plan:
    members = [fallback.tier(alias, request) for alias in spec.members]
    judge = fallback.tier(spec.judge, request) if spec.judge else None
    every = unique([c for m in members for c in m.candidates] + (judge.candidates if judge else []))
    plan = EnsemblePlan(
        members=members,
        combine=spec.combine,
        judge=judge,
        deadline_s=spec.deadline_ms / 1000,
        min_answers=spec.min_answers,
    )
    reasons = [f"ensemble of {', '.join(spec.members)} combined by {spec.combine}"]
    return Plan(strategy=strategy, mode="ensemble", candidates=every, ensemble=plan, reasons=reasons)


def ensemble_reason(when: EnsembleWhen | None, task: TaskInfo, controls: dict[str, str]) -> str | None:
    """Why an ensemble is worth it for this request, or None when it is not."""
    if when is None:
        return None
    if task.task is not None and task.task in when.tasks:
        return f"ensemble for task {task.task}"
    quality = controls.get("quality")
    if quality and quality in when.quality:
        return f"ensemble for quality need {quality}"
    if when.confidence_below is not None and (task.confidence is None or task.confidence < when.confidence_below):
        shown = "unknown" if task.confidence is None else f"{task.confidence:.2f}"
        return f"ensemble because routing confidence {shown} < {when.confidence_below}"
    return None


class EnsembleStrategy:
    """A route that always answers by ensemble."""

    name = "ensemble"

    def __init__(self, ctx: StrategyContext) -> None:
        if ctx.spec is None or ctx.spec.ensemble is None:
            raise ConfigError(f"routing.routes.{ctx.route}: strategy ensemble needs an `ensemble:` section")
        self.spec = ctx.spec.ensemble
        self.services = ctx.services
        self.fallback = FallbackStrategy(ctx)

    def plan(self, route: RouteInput) -> Plan:
        plan = ensemble_plan(self.spec, self.fallback, route.request, self.name)
        info = task_of(route, None)
        plan.task, plan.task_confidence = info.task, info.confidence
        return plan


def register(registry: Registry) -> None:
    registry.add_strategy("ensemble", EnsembleStrategy)
