"""The built-in pipeline stages. Each owns one concern and calls ``call_next`` once.

    auth ─► routing (→ Plan) ─► accounting ─► execution

Accounting wraps execution so it sees the outcome, including a stream's final usage.
Guardrails (classification, PII, residency) will slot in between auth and routing.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

from ..catalog.resolve import Catalog
from ..errors import DeadlineExceededError, UnknownModelError
from ..execution.executor import Executor
from ..routing.plan import Candidate, Plan, RouteInput, Strategy
from ..settings import Deployment
from ..types import ChatChunk, EmbeddingRequest
from .context import RequestContext
from .guardrails import allowed_for

Next = Callable[[RequestContext], Awaitable[None]]


class RoutingStage:
    """Turns the requested model into a Plan: a route's strategy, an alias's fallback chain,
    or ``provider/model`` addressed directly."""

    def __init__(
        self, catalog: Catalog, default: Strategy, routes: dict[str, Strategy], provider_names: set[str]
    ) -> None:
        self.catalog = catalog
        self.default = default
        self.routes = routes
        self.provider_names = provider_names
        #: every configured deployment by ``provider/model``: a request naming one directly gets its price,
        #: region and rate limits, so it is billed, budgeted and limited like a request through an alias
        self.configured = {d.key: d for d in catalog.deployments()}
        #: routes whose planning runs a model on the CPU: planned in a worker thread so the event
        #: loop keeps serving (the embedding engine releases the GIL)
        self.blocking = frozenset(n for n, s in routes.items() if getattr(s, "blocking", False))

    async def __call__(self, ctx: RequestContext, call_next: Next) -> None:
        if ctx.request.model in self.blocking:
            ctx.plan = await asyncio.to_thread(self.plan, ctx)
        else:
            ctx.plan = self.plan(ctx)
        await call_next(ctx)

    def warm(self) -> None:
        """Load what the blocking routes need (blocks for a second or two; run it in a thread)."""
        for name in sorted(self.blocking):
            warm = getattr(self.routes[name], "warm", None)
            if warm is not None:
                warm()

    def plan(self, ctx: RequestContext) -> Plan:
        name = ctx.request.model
        route = RouteInput(alias=name, request=ctx.request, controls=ctx.controls, allowed=allowed_for(ctx))
        strategy = self.routes.get(name)
        if strategy is not None:
            return strategy.plan(route)
        if name in self.catalog.aliases:
            return self.default.plan(route)
        provider, sep, model = name.partition("/")
        if sep and provider in self.provider_names and model:
            dep = self.configured.get(name) or self._unlisted(provider, model)
            return Plan(
                strategy="direct", mode="single", candidates=[Candidate(name, dep)], reasons=["provider/model named"]
            )
        known = ", ".join(sorted([*self.catalog.aliases, *self.routes])) or "none configured"
        raise UnknownModelError(
            f"The model {name!r} does not exist or you do not have access to it. Available models: {known}",
            param="model",
        )

    def _unlisted(self, provider: str, model: str) -> Deployment:
        """A model no alias lists: at the built-in catalog's list price when it knows the model."""
        kind = self.catalog.providers[provider].type if provider in self.catalog.providers else provider
        return Deployment(provider=provider, model=model, price=self.catalog.list_prices.get((kind, model)))


class AccountingStage:
    """Normalised usage, and cost in USD of every upstream call the request made (cascade
    tiers, ensemble members, judges and verifiers included) at the catalog's prices."""

    async def __call__(self, ctx: RequestContext, call_next: Next) -> None:
        await call_next(ctx)
        if ctx.response is not None:
            ctx.usage = ctx.response.usage
            ctx.cost_usd = self.cost(ctx)
        elif ctx.stream is not None:
            ctx.stream = self._metered(ctx, ctx.stream)

    @staticmethod
    def cost(ctx: RequestContext) -> float:
        total = 0.0
        for call in ctx.calls:
            price = call.candidate.deployment.price
            if price is not None:
                u = call.usage
                total += price.cost(u.input_tokens, u.output_tokens, u.cached_input_tokens, u.characters)
        return total

    async def _metered(self, ctx: RequestContext, stream: AsyncIterator[ChatChunk]) -> AsyncIterator[ChatChunk]:
        try:
            async for chunk in stream:
                if chunk.usage is not None:
                    ctx.usage = chunk.usage
                yield chunk
        finally:
            # Close the upstream first: it records its call (and usage) as it closes.
            aclose = getattr(stream, "aclose", None)
            if aclose is not None:
                await aclose()
            ctx.cost_usd = self.cost(ctx)


class ExecutionStage:
    def __init__(self, executor: Executor) -> None:
        self.executor = executor

    async def __call__(self, ctx: RequestContext, call_next: Next) -> None:
        plan = ctx.plan
        assert plan is not None
        deadline = ctx.deadline_seconds
        if deadline is None:
            await self._execute(plan, ctx)
            await call_next(ctx)
            return
        try:
            async with asyncio.timeout(deadline):
                await self._execute(plan, ctx)
        except TimeoutError:
            raise DeadlineExceededError(
                f"The request's deadline of {(deadline or 0) * 1000:.0f} ms passed before an answer came"
            ) from None
        await call_next(ctx)

    async def _execute(self, plan: Plan, ctx: RequestContext) -> None:
        if isinstance(ctx.request, EmbeddingRequest):
            ctx.response = await self.executor.embed(plan, ctx)
        elif ctx.request.stream:
            ctx.stream = await self.executor.open_stream(plan, ctx)
        else:
            ctx.response = await self.executor.complete(plan, ctx)


Stage = Callable[[RequestContext, Next], Awaitable[None]]


class Pipeline:
    """Stages composed once at start-up into a single callable."""

    def __init__(self, stages: list[Stage]) -> None:
        self.stages = stages

        async def end(ctx: RequestContext) -> None:
            return None

        entry: Next = end
        for stage in reversed(stages):
            entry = _bind(stage, entry)
        self._entry = entry

    async def __call__(self, ctx: RequestContext) -> None:
        await self._entry(ctx)


def _bind(stage: Stage, nxt: Next) -> Next:
    async def run(ctx: RequestContext) -> None:
        await stage(ctx, nxt)

    return run
