"""The learned dynamic router as a strategy: predict each candidate's chance of a good
answer from the prompt, then pick the best expected utility under the request's
constraints (see :mod:`.policy` for the formula). The plan's fallback chain is the other
eligible candidates in the policy's order, so a failure still lands on a sensible model.

Constraint inputs:
- quality need: ``quality`` control (``low|normal|high|critical``, default ``normal``);
- deadline: ``deadline_ms`` control, against each deployment's live smoothed latency;
- budget: ``max_cost_usd`` control (a per-request ceiling; team budgets will feed the same input);
- capacity: live calls in flight against the deployment's ``max_concurrency``;
- data class: the data-protection guardrail's test of each deployment (``RouteInput.allowed``, from the
  request's class and its policy): a candidate with no allowed deployment is filtered out before choosing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...errors import ConfigError, PermissionDeniedError
from ...settings import LearnedSpec
from ...types import ChatRequest
from ..fallback import FallbackStrategy
from ..plan import Candidate, Plan, RouteInput, StrategyContext, estimate_prompt_tokens, unique
from ..tasks_of import prompt_text
from .policy import Constraints, NeedProfile, PolicyWeights, choose, rank

if TYPE_CHECKING:
    from ...plugins import Registry


class LearnedStrategy:
    name = "learned"

    def __init__(self, ctx: StrategyContext) -> None:
        if ctx.spec is None or ctx.spec.learned is None:
            raise ConfigError(f"routing.routes.{ctx.route}: strategy learned needs a `learned:` section")
        spec: LearnedSpec = ctx.spec.learned
        self.spec = spec
        self.ctx = ctx
        self.fallback = FallbackStrategy(ctx)
        for alias in spec.candidates:
            if alias not in ctx.catalog.aliases:
                raise ConfigError(f"routing.routes.{ctx.route}.learned.candidates: {alias!r} is not a model alias")
        needs = dict(PolicyWeights().needs)
        for need, values in spec.needs.items():
            base = needs.get(need, NeedProfile(0.0, 0.2))
            needs[need] = NeedProfile(
                values.get("min_prob", base.min_prob), values.get("cost_weight", base.cost_weight)
            )
        self.weights = PolicyWeights(needs, spec.latency_weight, spec.capacity_weight)
        self.blocking = True

    def warm(self) -> None:
        if self.ctx.services is not None:
            self.ctx.services.warm(artifacts=[self.spec.artifact])

    def plan(self, route: RouteInput) -> Plan:
        services = self.ctx.services
        if services is None or not isinstance(route.request, ChatRequest):
            raise ConfigError("the learned router needs routing services and a chat request")
        req = route.request
        text = prompt_text(req)
        predicted = services.predict_quality(text, self.spec.artifact)
        probs: dict[str, float] = {}
        costs: dict[str, float] = {}
        latency: dict[str, float] = {}
        headroom: dict[str, float] = {}
        in_tokens = estimate_prompt_tokens(req)
        out_tokens = req.output_limit or self.spec.expected_output_tokens
        for alias, model in self.spec.candidates.items():
            if model not in predicted:
                raise ConfigError(f"learned router: the predictor knows no model {model!r} (for alias {alias})")
            dep = self.ctx.catalog.aliases[alias].deployments[0]
            probs[alias] = predicted[model]
            costs[alias] = dep.price.cost(in_tokens, out_tokens) if dep.price else 0.0
            live = services.live(dep.key)
            if live is not None:
                seen = live.ttft_s if req.stream else live.latency_s
                if seen is not None:
                    latency[alias] = seen
                h = services.headroom(dep.key, dep.max_concurrency)
                if h is not None:
                    headroom[alias] = h
        allowed = None
        if route.allowed is not None:
            permits = route.allowed
            allowed = frozenset(
                a for a in self.spec.candidates if any(permits(d) for d in self.ctx.catalog.aliases[a].deployments)
            )
        deadline = route.controls.get("deadline_ms")
        budget = route.controls.get("max_cost_usd")
        constraints = Constraints(
            need=route.controls.get("quality") or "normal",
            deadline_s=float(deadline) / 1000 if deadline else None,
            budget_usd=float(budget) if budget else None,
            allowed=allowed,
            latency_s=latency,
            headroom=headroom,
        )
        try:
            decision = choose(probs, costs, constraints, self.weights)
        except ValueError as e:
            raise ConfigError(str(e)) from None
        if decision.choice is None:
            raise PermissionDeniedError(
                f"No model of route {self.ctx.route!r} may serve this request: {decision.reason}. "
                + "; ".join(c.why for c in decision.candidates if not c.eligible),
                code="no_eligible_model",
            )
        order = list(rank(decision))
        candidates: list[Candidate] = []
        for alias in order:
            cands, _ = self.fallback.candidates(alias, req)
            candidates.extend(c for c in cands if c.alias == alias or c.alias in order)
        plan = Plan(
            strategy=self.name,
            mode="single" if len(candidates) == 1 else "fallback",
            candidates=unique(candidates),
            reasons=[f"learned router chose {decision.choice}: {decision.reason}", *decision.explain()],
            scores={
                c.model: {"p_good": round(c.prob, 4), "cost_usd": c.cost, "utility": round(c.utility, 4)}
                for c in decision.candidates
            },
        )
        return plan


def register(registry: Registry) -> None:
    registry.add_strategy("learned", LearnedStrategy)
