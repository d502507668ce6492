"""Task-based routing: the request's task type (declared, or detected from the prompt)
picks an alias or another route from ``routing.routes.<name>.tasks``; ``default`` serves
unknown or uncertain tasks. An ensemble can take over when ``ensemble_when`` says so.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..errors import ConfigError
from .ensemble import ensemble_plan, ensemble_reason
from .fallback import FallbackStrategy
from .plan import Plan, RouteInput, StrategyContext
from .tasks_of import task_of

if TYPE_CHECKING:
    from ..plugins import Registry


class RulesStrategy:
    name = "rules"

    def __init__(self, ctx: StrategyContext) -> None:
        if ctx.spec is None:
            raise ConfigError("strategy rules is for routes: declare it under routing.routes")
        self.ctx = ctx
        self.spec = ctx.spec
        self.fallback = FallbackStrategy(ctx)
        self.blocking = ctx.services is not None

    def warm(self) -> None:
        if self.ctx.services is not None:
            self.ctx.services.warm(detector=True)

    def plan(self, route: RouteInput) -> Plan:
        info = task_of(route, self.ctx.services)
        reasons = [info.describe()]
        if self.spec.ensemble is not None:
            why = ensemble_reason(self.spec.ensemble_when, info, route.controls)
            if why is not None:
                plan = ensemble_plan(self.spec.ensemble, self.fallback, route.request, self.name)
                plan.reasons = [*reasons, why, *plan.reasons]
                plan.task, plan.task_confidence = info.task, info.confidence
                return plan
        target = None
        if info.task is not None and (info.confidence or 0) >= self.spec.min_confidence:
            target = self.spec.tasks.get(info.task)
            if target is not None:
                reasons.append(f"rule {info.task} -> {target}")
        elif info.task is not None:
            reasons.append(f"confidence below {self.spec.min_confidence}: rules not applied")
        if target is None:
            target = self.spec.default
            if target is None:
                raise ConfigError(f"routing.routes.{self.ctx.route} has no rule for this request and no default")
            reasons.append(f"default -> {target}")
        delegate = self.ctx.delegate(target)
        if delegate is not None:
            plan = delegate.plan(replace(route, alias=target))
        else:
            plan = self.fallback.plan(replace(route, alias=target))
        plan.reasons = [*reasons, *plan.reasons]
        plan.strategy = f"{self.name}>{plan.strategy}"
        if plan.task is None:
            plan.task, plan.task_confidence = info.task, info.confidence
        return plan


def register(registry: Registry) -> None:
    registry.add_strategy("rules", RulesStrategy)
