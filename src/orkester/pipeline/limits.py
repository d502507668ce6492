"""Budgets and rate limits of the request's key and team, enforced exactly across processes and hosts.

Before execution, after residency has fixed the Plan: count the request and its estimated tokens against
the key's and the team's rpm/tpm (all or nothing), then reserve the Plan's worst-case cost (prompt tokens
plus the output limit at each candidate's prices; cascades and ensembles add up their calls) against every
day/month/total budget. Either refusal is a 429 with ``Retry-After`` and a message naming the limit. After
execution — at the end of the stream for streams — the reservation is settled to what the calls actually
cost (calls made before a failure included) and the rest released; the token count is settled too.
Requests without a virtual key (master key, open mode) are not counted.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

from ..accounting.budgets import (
    BudgetLimits,
    RateGrant,
    RateLimits,
    RateRefusal,
    Reservation,
    Scope,
    SharedState,
)
from ..accounting.pricing import worst_case_cost
from ..errors import RateLimitError
from ..guardrails.residency import deployments, permits
from ..routing.downgrade import cheaper_plans
from ..routing.plan import Candidate, Plan
from ..types import ChatChunk, ChatRequest
from .context import RequestContext
from .stages import AccountingStage

Next = Callable[[RequestContext], Awaitable[None]]


class LimitsStage:
    def __init__(
        self,
        state: SharedState | None = None,
        *,
        downgrade: bool = False,
        fallback: Sequence[Candidate] = (),
    ) -> None:
        #: opened by Gateway.start
        self.state = state
        #: ``routing.over_budget: downgrade``: try cheaper plans before refusing (``routing/downgrade.py``)
        self.downgrade = downgrade
        #: the ``routing.budget_fallback`` alias's candidates
        self.fallback = list(fallback)

    async def _reserve(
        self,
        ctx: RequestContext,
        state: SharedState,
        budgets: list[tuple[Scope, BudgetLimits]],
        plan: Plan,
        prompt_tokens: int,
        max_output: int | None,
    ) -> Reservation:
        """Reserve the plan's worst case; over budget, the dearest cheaper plan that fits (when allowed),
        which becomes the request's plan. Raises the 429 when nothing fits."""
        ttl = max(60.0, (ctx.deadline_seconds or 0) * 2, 600.0)
        held = await state.reserve(budgets, worst_case_cost(plan, prompt_tokens, max_output), ttl_s=ttl)
        if isinstance(held, Reservation):
            return held
        if self.downgrade:
            p, policy = ctx.key, ctx.guard_policy
            allowed = lambda c: (p is None or p.allows(c.alias)) and permits(policy, c.deployment)  # noqa: E731
            for cheaper, cost in cheaper_plans(plan, self.fallback, prompt_tokens, max_output, allowed):
                got = await state.reserve(budgets, cost, ttl_s=ttl)
                if isinstance(got, Reservation):
                    ctx.plan = cheaper
                    ctx.downgraded = True
                    return got
        raise RateLimitError(held.message, retry_after=held.retry_after_s, code="budget_exceeded")

    async def __call__(self, ctx: RequestContext, call_next: Next) -> None:
        p, state, plan = ctx.key, self.state, ctx.plan
        if p is None or state is None or plan is None:
            await call_next(ctx)
            return
        budgets = [
            (Scope(s.kind, s.id), BudgetLimits(s.budget_day_usd, s.budget_month_usd, s.budget_total_usd))
            for s in p.scopes
            if s.budget_day_usd is not None or s.budget_month_usd is not None or s.budget_total_usd is not None
        ]
        rates = [(Scope(s.kind, s.id), RateLimits(s.rpm, s.tpm)) for s in p.scopes if s.rpm or s.tpm]
        if not budgets and not rates:
            await call_next(ctx)
            return
        prompt_tokens = ctx.tokens.on_any(c.deployment.model for c in deployments(plan))
        max_output = ctx.request.output_limit if isinstance(ctx.request, ChatRequest) else 0
        grant: RateGrant | None = None
        if rates:
            got = await state.acquire_rate(rates, ctx.tokens.with_output(prompt_tokens))
            if isinstance(got, RateRefusal):
                raise RateLimitError(got.message, retry_after=got.retry_after_s)
            grant = got
        reservation: Reservation | None = None
        if budgets:
            try:
                reservation = await self._reserve(ctx, state, budgets, plan, prompt_tokens, max_output)
            except BaseException:
                if grant is not None:
                    await state.settle_tokens(grant, 0)  # nothing was called
                raise
        try:
            await call_next(ctx)
        except BaseException:
            await self._settle(ctx, reservation, grant)
            raise
        if ctx.stream is not None and ctx.response is None:
            ctx.stream = self._settled_after(ctx, ctx.stream, reservation, grant)
        else:
            await self._settle(ctx, reservation, grant)

    async def _settled_after(
        self,
        ctx: RequestContext,
        stream: AsyncIterator[ChatChunk],
        reservation: Reservation | None,
        grant: RateGrant | None,
    ) -> AsyncIterator[ChatChunk]:
        try:
            async for chunk in stream:
                yield chunk
        finally:
            await self._settle(ctx, reservation, grant)

    async def _settle(self, ctx: RequestContext, reservation: Reservation | None, grant: RateGrant | None) -> None:
        assert self.state is not None
        spent = AccountingStage.cost(ctx)  # every call made, answered or not, at the catalog's prices
        if reservation is not None:
            await self.state.settle(reservation, spent)
        if grant is not None:
            used = sum(c.usage.input_tokens + c.usage.output_tokens for c in ctx.calls)
            await self.state.settle_tokens(grant, used)
