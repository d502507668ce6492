"""Execute a Plan: try candidates in order, retry retryable failures with backoff, skip
deployments whose circuit is open, and make a fallback chain answer like one model.

Streaming: a stream that fails before its first chunk is retried or moved to the next
candidate as if nothing happened; once a chunk has gone out, a failure surfaces as
:class:`StreamInterruptedError` (the server turns it into an error event).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import TypeVar

from ..errors import (
    AllCandidatesFailedError,
    ContentPolicyError,
    ContextWindowError,
    NoHealthyCandidateError,
    StreamInterruptedError,
    UpstreamError,
)
from ..observability.metrics import Metrics
from ..pipeline.context import Attempt, RequestContext
from ..providers.base import Provider
from ..reliability.backoff import retry_delay
from ..reliability.circuit import CircuitBoard
from ..routing.plan import Candidate, Plan
from ..settings import RetrySettings
from ..types import ChatChunk, ChatResponse, EmbeddingResponse

T = TypeVar("T")


class Executor:
    def __init__(
        self,
        providers: Mapping[str, Provider],
        circuits: CircuitBoard,
        retries: RetrySettings,
        rng: random.Random | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.providers = providers
        self.circuits = circuits
        self.retries = retries
        self._rng = rng or random.Random()
        self.metrics = metrics

    # --- public ------------------------------------------------------------------------

    async def complete(self, plan: Plan, ctx: RequestContext) -> ChatResponse:
        req = ctx.chat
        return await self._run(plan, ctx, lambda p, c: p.chat(req, c.deployment))

    async def embed(self, plan: Plan, ctx: RequestContext) -> EmbeddingResponse:
        from ..types import EmbeddingRequest

        req = ctx.request
        assert isinstance(req, EmbeddingRequest)
        return await self._run(plan, ctx, lambda p, c: p.embed(req, c.deployment))

    async def open_stream(self, plan: Plan, ctx: RequestContext) -> AsyncIterator[ChatChunk]:
        """Returns once a candidate has produced its first chunk; the iterator replays it."""
        req = ctx.chat

        async def first(p: Provider, c: Candidate) -> tuple[ChatChunk | None, AsyncIterator[ChatChunk]]:
            it = aiter(p.stream_chat(req, c.deployment))
            try:
                return await anext(it), it
            except StopAsyncIteration:
                return None, it

        head, rest = await self._run(plan, ctx, first, holds_slot=True)
        ctx.first_chunk_seconds = time.perf_counter() - ctx.started
        return self._continue(ctx, head, rest)

    # --- the loop ----------------------------------------------------------------------

    async def _run(
        self,
        plan: Plan,
        ctx: RequestContext,
        call: Callable[[Provider, Candidate], Awaitable[T]],
        *,
        holds_slot: bool = False,
    ) -> T:
        """Try the plan's candidates in order. ``holds_slot``: a successful call keeps its
        in-flight slot (a stream still running); ``_continue`` gives it back."""
        failures: list[UpstreamError] = []
        skipped_open: list[str] = []
        min_window: int | None = None
        banned_providers: set[str] = set()
        for cand in plan.candidates:
            dep = cand.deployment
            if min_window is not None and (dep.context_window or 0) <= min_window:
                continue
            if dep.provider in banned_providers:
                continue
            breaker = self.circuits.get(dep.key)
            if not breaker.allow():
                skipped_open.append(dep.key)
                continue
            provider = self.providers[dep.provider]
            gauge = self.metrics.in_flight.labels(dep.provider, dep.model) if self.metrics else None
            attempt = 0
            while True:
                attempt += 1
                t0 = time.perf_counter()
                if gauge is not None:
                    gauge.inc()
                try:
                    result = await call(provider, cand)
                except UpstreamError as e:
                    if gauge is not None:
                        gauge.dec()
                    self._count(dep.provider, dep.model, e.code or "error")
                    spent = time.perf_counter() - t0
                    ctx.upstream_seconds += spent
                    ctx.attempts.append(Attempt(dep.key, False, spent, e.code, e.upstream_status))
                    # A request the upstream rejects as malformed says nothing about its health.
                    breaker.record(_is_caller_fault(e))
                    failures.append(e)
                    if not e.fallback:
                        raise
                    if isinstance(e, ContextWindowError):
                        min_window = max(min_window or 0, dep.context_window or 0)
                        break
                    if isinstance(e, ContentPolicyError):
                        banned_providers.add(dep.provider)
                        break
                    if e.retryable and attempt < self.retries.max_attempts:
                        delay = retry_delay(self.retries, attempt, e.retry_after, self._rng)
                        if delay is not None:
                            await asyncio.sleep(delay)
                            continue
                    break
                except BaseException:
                    if gauge is not None:
                        gauge.dec()
                    raise
                if gauge is not None and not holds_slot:
                    gauge.dec()
                self._count(dep.provider, dep.model, "ok")
                spent = time.perf_counter() - t0
                ctx.upstream_seconds += spent
                ctx.attempts.append(Attempt(dep.key, True, spent))
                breaker.record(True)
                ctx.served_by = cand
                ctx.simulated = provider.simulated
                return result
        if not failures:
            if skipped_open:
                raise NoHealthyCandidateError(
                    "Every deployment that could serve this request is unavailable (circuit open): "
                    + ", ".join(skipped_open)
                )
            raise NoHealthyCandidateError("No deployment was left to try for this request")
        if len(failures) == 1 and not skipped_open:
            raise failures[0]
        raise AllCandidatesFailedError(failures)

    def _count(self, provider: str, model: str, outcome: str) -> None:
        if self.metrics is not None:
            self.metrics.attempts.labels(provider, model, outcome).inc()

    async def _continue(
        self, ctx: RequestContext, head: ChatChunk | None, rest: AsyncIterator[ChatChunk]
    ) -> AsyncIterator[ChatChunk]:
        served = ctx.served_by
        breaker = self.circuits.get(served.deployment.key) if served else None
        t0 = time.perf_counter()
        try:
            if head is not None:
                yield head
                async for chunk in rest:
                    yield chunk
        except UpstreamError as e:
            if breaker is not None:
                breaker.record(False)
            if isinstance(e, StreamInterruptedError):
                raise
            err = StreamInterruptedError(
                f"The upstream failed after the answer had started: {e.message}",
                provider=e.provider,
                model=e.model,
                upstream_status=e.upstream_status,
            )
            raise err from e
        finally:
            ctx.upstream_seconds += time.perf_counter() - t0
            if self.metrics is not None and served is not None:
                self.metrics.in_flight.labels(served.deployment.provider, served.deployment.model).dec()
            aclose = getattr(rest, "aclose", None)
            if aclose is not None:
                await aclose()


def _is_caller_fault(e: UpstreamError) -> bool:
    """Errors that mean the request was wrong, not that the deployment is unhealthy."""
    return e.status == 400
