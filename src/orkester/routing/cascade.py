"""Cascades: ordered tiers, cheapest first; each answer must pass its tier's check or the
request escalates to the next tier. The last tier's answer is returned as it is.

Thresholds can differ per task type (``tiers[].thresholds``), so a cascade can be strict
for quotes and lenient for chat.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ConfigError
from .fallback import FallbackStrategy
from .plan import Plan, RouteInput, StrategyContext, Tier, unique
from .tasks_of import task_of

if TYPE_CHECKING:
    from ..plugins import Registry


class CascadeStrategy:
    name = "cascade"

    def __init__(self, ctx: StrategyContext) -> None:
        if ctx.spec is None or ctx.spec.cascade is None:
            raise ConfigError(f"routing.routes.{ctx.route}: strategy cascade needs a `cascade:` section")
        self.spec = ctx.spec.cascade
        self.services = ctx.services
        self.fallback = FallbackStrategy(ctx)
        self._uses_task = any(t.thresholds for t in self.spec.tiers)
        self.blocking = self._uses_task and self.services is not None
        from ..execution.acceptance import validate_check_spec

        for i, t in enumerate(self.spec.tiers[:-1]):
            spec = t.check or {"type": "structural"}
            if spec.get("type") == "verifier" and not spec.get("model"):
                raise ConfigError(f"routing.routes.{ctx.route}.cascade.tiers[{i}]: a verifier check needs `model:`")
            validate_check_spec(spec)

    def warm(self) -> None:
        if self.blocking and self.services is not None:
            self.services.warm(detector=True)

    def plan(self, route: RouteInput) -> Plan:
        info = task_of(route, self.services if self._uses_task else None)
        tiers: list[Tier] = []
        reasons = []
        last = len(self.spec.tiers) - 1
        for i, t in enumerate(self.spec.tiers):
            tier = self.fallback.tier(t.model, route.request)
            if i < last:
                check = dict(t.check or {"type": "structural"})
                if info.task is not None and info.task in t.thresholds:
                    check["threshold"] = t.thresholds[info.task]
                    reasons.append(f"tier {t.model}: threshold {check['threshold']} for task {info.task}")
                tier.check = check
                if check.get("type") == "verifier" and check.get("model"):
                    tier.verifier = self.fallback.tier(str(check["model"]), route.request)
            tiers.append(tier)
        reasons.insert(
            0, "cascade " + " then ".join(t.alias for t in tiers) + "; each answer checked before escalating"
        )
        every = unique([c for t in tiers for c in t.candidates + (t.verifier.candidates if t.verifier else [])])
        return Plan(
            strategy=self.name,
            mode="cascade",
            candidates=every,
            tiers=tiers,
            reasons=reasons,
            task=info.task,
            task_confidence=info.confidence,
        )


def register(registry: Registry) -> None:
    registry.add_strategy("cascade", CascadeStrategy)
