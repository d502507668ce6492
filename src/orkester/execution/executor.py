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
from typing import Any, TypeVar

from ..errors import (
    AllCandidatesFailedError,
    ContentPolicyError,
    ContextWindowError,
    NoHealthyCandidateError,
    StreamInterruptedError,
    UpstreamError,
)
from ..observability.metrics import Metrics
from ..pipeline.context import Attempt, CallRecord, RequestContext
from ..providers.base import Provider
from ..reliability.backoff import retry_delay
from ..reliability.circuit import CircuitBoard
from ..reliability.live import LiveStats
from ..routing.plan import Candidate, Plan
from ..settings import RetrySettings
from ..types import ChatChunk, ChatRequest, ChatResponse, ChoiceDelta, EmbeddingResponse, ToolCallDelta, Usage

T = TypeVar("T")


class Executor:
    def __init__(
        self,
        providers: Mapping[str, Provider],
        circuits: CircuitBoard,
        retries: RetrySettings,
        rng: random.Random | None = None,
        metrics: Metrics | None = None,
        scorer: Callable[[], Any] | None = None,
        live: LiveStats | None = None,
    ) -> None:
        self.providers = providers
        self.circuits = circuits
        self.retries = retries
        self._rng = rng or random.Random()
        self.metrics = metrics
        self._scorer = scorer
        self.live = live or LiveStats()

    def answer_scorer(self) -> Any:
        """The learned answer scorer for ``learned`` acceptance checks, built on first use."""
        return self._scorer() if self._scorer is not None else None

    # --- public ------------------------------------------------------------------------

    async def complete(self, plan: Plan, ctx: RequestContext) -> ChatResponse:
        if plan.mode == "cascade":
            from .cascade import run_cascade

            result = await run_cascade(self, plan, ctx)
        elif plan.mode == "ensemble":
            from .ensemble import run_ensemble

            result = await run_ensemble(self, plan, ctx)
        else:
            result, _ = await self.chat(plan.candidates, ctx, ctx.chat)
        assert isinstance(result, ChatResponse)
        return result

    async def embed(self, plan: Plan, ctx: RequestContext) -> EmbeddingResponse:
        from ..types import EmbeddingRequest

        req = ctx.request
        assert isinstance(req, EmbeddingRequest)
        resp, cand = await self._run(plan.candidates, ctx, lambda p, c: p.embed(req, c.deployment))
        ctx.served_by = cand
        ctx.calls.append(CallRecord(cand, resp.usage))
        return resp

    async def open_stream(self, plan: Plan, ctx: RequestContext) -> AsyncIterator[ChatChunk]:
        """Returns once the answer's first chunk exists; the iterator replays it.

        Cascades and ensembles buffer the answers they have to judge; only the answer that is
        finally given streams to the client (the last tier, or a fusion's aggregator) — or, when
        the accepted answer was a buffered one, it is replayed as a stream.
        """
        if plan.mode == "cascade":
            from .cascade import run_cascade

            return await self._as_stream(ctx, await run_cascade(self, plan, ctx, stream=True))
        if plan.mode == "ensemble":
            from .ensemble import run_ensemble

            return await self._as_stream(ctx, await run_ensemble(self, plan, ctx, stream=True))
        return await self.stream(plan.candidates, ctx, ctx.chat)

    async def chat(
        self, candidates: list[Candidate], ctx: RequestContext, req: ChatRequest, purpose: str = "answer"
    ) -> tuple[ChatResponse, Candidate]:
        """One answer from the first candidate that gives one; the call is recorded for accounting.
        The answer's deployment becomes ``ctx.served_by`` when ``purpose`` is the answer."""
        resp, cand = await self._run(candidates, ctx, lambda p, c: p.chat(req, c.deployment))
        ctx.calls.append(CallRecord(cand, resp.usage, purpose))
        if purpose == "answer":
            ctx.served_by = cand
            ctx.simulated = resp.simulated
        return resp, cand

    async def stream(
        self, candidates: list[Candidate], ctx: RequestContext, req: ChatRequest
    ) -> AsyncIterator[ChatChunk]:
        async def first(p: Provider, c: Candidate) -> tuple[ChatChunk | None, AsyncIterator[ChatChunk]]:
            it = aiter(p.stream_chat(req, c.deployment))
            try:
                return await anext(it), it
            except StopAsyncIteration:
                return None, it

        (head, rest), cand = await self._run(candidates, ctx, first, holds_slot=True)
        ctx.served_by = cand
        ctx.simulated = self.providers[cand.deployment.provider].simulated
        ctx.first_chunk_seconds = time.perf_counter() - ctx.started
        return self._continue(ctx, head, rest)

    async def _as_stream(
        self, ctx: RequestContext, result: ChatResponse | AsyncIterator[ChatChunk]
    ) -> AsyncIterator[ChatChunk]:
        if isinstance(result, ChatResponse):
            ctx.first_chunk_seconds = time.perf_counter() - ctx.started
            return replay(result)
        return result

    # --- the loop ----------------------------------------------------------------------

    async def _run(
        self,
        candidates: list[Candidate],
        ctx: RequestContext,
        call: Callable[[Provider, Candidate], Awaitable[T]],
        *,
        holds_slot: bool = False,
    ) -> tuple[T, Candidate]:
        """Try the plan's candidates in order. ``holds_slot``: a successful call keeps its
        in-flight slot (a stream still running); ``_continue`` gives it back."""
        failures: list[UpstreamError] = []
        skipped_open: list[str] = []
        min_window: int | None = None
        banned_providers: set[str] = set()
        for cand in candidates:
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
            live = self.live.get(dep.key)
            attempt = 0
            while True:
                attempt += 1
                t0 = time.perf_counter()
                if gauge is not None:
                    gauge.inc()
                live.in_flight += 1
                try:
                    result = await call(provider, cand)
                except UpstreamError as e:
                    live.in_flight -= 1
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
                    live.in_flight -= 1
                    if gauge is not None:
                        gauge.dec()
                    raise
                spent = time.perf_counter() - t0
                if not holds_slot:
                    live.in_flight -= 1
                    live.observe(spent)
                    if gauge is not None:
                        gauge.dec()
                else:
                    live.observe(spent, first_token=True)
                self._count(dep.provider, dep.model, "ok")
                ctx.upstream_seconds += spent
                ctx.attempts.append(Attempt(dep.key, True, spent))
                breaker.record(True)
                return result, cand
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
        usage = Usage()
        try:
            if head is not None:
                yield head
                async for chunk in rest:
                    if chunk.usage is not None:
                        usage = chunk.usage
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
            if served is not None:
                ctx.calls.append(CallRecord(served, usage))
                live = self.live.get(served.deployment.key)
                live.in_flight -= 1
                live.observe(time.perf_counter() - t0 + (ctx.first_chunk_seconds or 0.0))
            if self.metrics is not None and served is not None:
                self.metrics.in_flight.labels(served.deployment.provider, served.deployment.model).dec()
            aclose = getattr(rest, "aclose", None)
            if aclose is not None:
                await aclose()


def _is_caller_fault(e: UpstreamError) -> bool:
    """Errors that mean the request was wrong, not that the deployment is unhealthy."""
    return e.status == 400


async def replay(resp: ChatResponse) -> AsyncIterator[ChatChunk]:
    """A finished answer as the stream it would have been: role, content, tool calls, finish, usage."""
    for c in resp.choices:
        yield ChatChunk(choices=[ChoiceDelta(index=c.index, role="assistant", content="")])
        if c.content:
            yield ChatChunk(choices=[ChoiceDelta(index=c.index, content=c.content)])
        if c.tool_calls:
            deltas = [
                ToolCallDelta(index=i, id=t.id, name=t.name, arguments=t.arguments) for i, t in enumerate(c.tool_calls)
            ]
            yield ChatChunk(choices=[ChoiceDelta(index=c.index, tool_calls=deltas)])
        yield ChatChunk(choices=[ChoiceDelta(index=c.index, finish_reason=c.finish_reason)])
    yield ChatChunk(usage=resp.usage)
