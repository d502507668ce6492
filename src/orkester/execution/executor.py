"""Execute a Plan: try candidates in order, retry retryable failures with backoff, skip
deployments whose circuit is open or whose own rpm/tpm has no room, and make a fallback chain
answer like one model.

Before each call to a deployment: its circuit must allow it (:mod:`..reliability.circuit`, shared
between replicas through Redis when configured), then one request and the request's estimated tokens
are taken from the deployment's rate window (:mod:`..reliability.rates`, in the shared state). A
deployment passed over for either is recorded in ``ctx.skipped``; when nothing was called because no
candidate had room, the caller gets a 429 naming the limits, with ``Retry-After``. A call that
answered replaces its token estimate by its usage; a failed one keeps the estimate (upstreams count
a request's tokens when they admit it).

Streaming: a stream that fails before its first chunk is retried or moved to the next
candidate as if nothing happened; once a chunk has gone out, a failure surfaces as
:class:`StreamInterruptedError` (the server turns it into an error event).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ..accounting.budgets import RateGrant, RateRefusal
from ..errors import (
    AllCandidatesFailedError,
    ContentPolicyError,
    ContextWindowError,
    NoHealthyCandidateError,
    RateLimitError,
    StreamInterruptedError,
    UpstreamError,
)
from ..observability.metrics import Metrics
from ..pipeline.context import Attempt, CallRecord, RequestContext, Skip
from ..providers.base import Provider
from ..reliability.backoff import retry_delay
from ..reliability.circuit import Circuits, Permit
from ..reliability.live import LiveStats
from ..reliability.rates import DeploymentRates
from ..routing.plan import Candidate, Plan
from ..settings import Deployment, RetrySettings
from ..types import ChatChunk, ChatRequest, ChatResponse, ChoiceDelta, EmbeddingResponse, ToolCallDelta, Usage

T = TypeVar("T")


@dataclass(slots=True)
class _Served(Generic[T]):
    """The call that answered, with what it holds: its circuit permit and its rate-window entry."""

    result: T
    candidate: Candidate
    permit: Permit
    grant: RateGrant | None


class Executor:
    def __init__(
        self,
        providers: Mapping[str, Provider],
        circuits: Circuits,
        retries: RetrySettings,
        rng: random.Random | None = None,
        metrics: Metrics | None = None,
        scorer: Callable[[], Any] | None = None,
        live: LiveStats | None = None,
        rates: DeploymentRates | None = None,
    ) -> None:
        self.providers = providers
        self.circuits = circuits
        self.retries = retries
        self._rng = rng or random.Random()
        self.metrics = metrics
        self._scorer = scorer
        self.live = live or LiveStats()
        #: the deployments' own rpm/tpm (its shared state is opened by Gateway.start)
        self.rates = rates or DeploymentRates()

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
        served = await self._run(plan.candidates, ctx, lambda p, c: p.embed(req, c.deployment), _tokens(ctx))
        resp, cand = served.result, served.candidate
        ctx.served_by = cand
        ctx.calls.append(CallRecord(cand, resp.usage))
        await self.rates.settle(cand.deployment, served.grant, resp.usage.input_tokens)
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
        served = await self._run(candidates, ctx, lambda p, c: p.chat(req, c.deployment), _tokens(ctx))
        resp, cand = served.result, served.candidate
        ctx.calls.append(CallRecord(cand, resp.usage, purpose))
        if purpose == "answer":
            ctx.served_by = cand
            ctx.simulated = resp.simulated
        await self.rates.settle(cand.deployment, served.grant, resp.usage.input_tokens + resp.usage.output_tokens)
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

        served = await self._run(candidates, ctx, first, _tokens(ctx), holds_slot=True)
        head, rest = served.result
        cand = served.candidate
        ctx.served_by = cand
        ctx.simulated = self.providers[cand.deployment.provider].simulated
        ctx.first_chunk_seconds = time.perf_counter() - ctx.started
        return self._continue(ctx, head, rest, served.permit, served.grant)

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
        tokens: Callable[[Deployment], int],
        *,
        holds_slot: bool = False,
    ) -> _Served[T]:
        """Try the plan's candidates in order; ``tokens`` counts the request for a deployment's tpm limit.
        ``holds_slot``: a successful call keeps its in-flight slot (a stream still running);
        ``_continue`` gives it back."""
        failures: list[UpstreamError] = []
        skipped: list[Skip] = []
        min_window: int | None = None
        banned_providers: set[str] = set()
        for cand in candidates:
            dep = cand.deployment
            if min_window is not None and (dep.context_window or 0) <= min_window:
                continue
            if dep.provider in banned_providers:
                continue
            permit = await self.circuits.allow(dep.key)
            if permit is None:
                self._skip(ctx, skipped, cand, Skip(dep.key, "circuit_open", "circuit open"))
                continue
            provider = self.providers[dep.provider]
            live = self.live.get(dep.key)
            attempt = 0
            while True:
                attempt += 1
                try:
                    taken = await self.rates.take(dep, tokens)  # every call counts, retries too
                except BaseException:
                    permit.abandon()
                    raise
                if isinstance(taken, RateRefusal):
                    permit.abandon()
                    skip = Skip(dep.key, taken.limit, taken.message, taken.retry_after_s)
                    self._skip(ctx, skipped, cand, skip)
                    break
                t0 = time.perf_counter()
                live.in_flight += 1
                try:
                    result = await call(provider, cand)
                except UpstreamError as e:
                    live.in_flight -= 1
                    self._count(dep, e.code or "error")
                    spent = time.perf_counter() - t0
                    ctx.upstream_seconds += spent
                    ctx.attempts.append(Attempt(dep.key, False, spent, e.code, e.upstream_status, started=t0))
                    # A request the upstream rejects as malformed says nothing about its health.
                    await permit.outcome(_is_caller_fault(e))
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
                            if self.metrics is not None:
                                self.metrics.retry(dep)
                            await asyncio.sleep(delay)
                            continue
                    break
                except BaseException:
                    live.in_flight -= 1
                    permit.abandon()  # cancelled: a half-open probe that never ended is given back
                    raise
                spent = time.perf_counter() - t0
                if not holds_slot:
                    live.in_flight -= 1
                    live.observe(spent)
                else:
                    live.observe(spent, first_token=True)
                self._count(dep, "ok")
                if self.metrics is not None and cand is not candidates[0]:
                    self.metrics.fallback(candidates[0].alias)
                ctx.upstream_seconds += spent
                ctx.attempts.append(Attempt(dep.key, True, spent, started=t0))
                await permit.outcome(True)
                return _Served(result, cand, permit, taken)
        if not failures:
            raise _nothing_called(skipped)
        if len(failures) == 1 and not skipped:
            raise failures[0]
        raise AllCandidatesFailedError(failures)

    def _skip(self, ctx: RequestContext, skipped: list[Skip], cand: Candidate, skip: Skip) -> None:
        skipped.append(skip)
        ctx.skipped.append(skip)
        if self.metrics is not None:
            self.metrics.skip(cand.deployment, skip.reason)

    def _count(self, dep: Deployment, outcome: str) -> None:
        if self.metrics is not None:
            self.metrics.attempt(dep, outcome)

    async def _continue(
        self,
        ctx: RequestContext,
        head: ChatChunk | None,
        rest: AsyncIterator[ChatChunk],
        permit: Permit,
        grant: RateGrant | None,
    ) -> AsyncIterator[ChatChunk]:
        served = ctx.served_by
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
            await permit.outcome(False)
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
            aclose = getattr(rest, "aclose", None)
            if aclose is not None:
                await aclose()
            if served is not None:
                await self.rates.settle(served.deployment, grant, usage.input_tokens + usage.output_tokens)


def _nothing_called(skipped: list[Skip]) -> RateLimitError | NoHealthyCandidateError:
    """Why no candidate was called: no room under a deployment's own limits (429, retry when the first
    has room again), every circuit open (503), or nothing left after routing's and fallback's filters."""
    limited = [s for s in skipped if s.reason != "circuit_open"]
    circuits = [s.deployment for s in skipped if s.reason == "circuit_open"]
    also = f" Circuit open: {', '.join(circuits)}." if circuits else ""
    if limited:
        return RateLimitError(
            "No deployment that could serve this request has room under its own rate limits. "
            + " ".join(s.detail for s in limited)
            + also,
            retry_after=min(s.retry_after or 0.0 for s in limited),
            code="deployment_rate_limited",
        )
    if circuits:
        return NoHealthyCandidateError(
            "Every deployment that could serve this request is unavailable (circuit open): " + ", ".join(circuits)
        )
    return NoHealthyCandidateError("No deployment was left to try for this request")


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


def _tokens(ctx: RequestContext) -> Callable[[Deployment], int]:
    """What a call to a deployment counts against its tpm before its usage is known: the prompt on that
    deployment's model and the caller's output limit (counted only if a deployment has a tpm limit)."""
    return lambda dep: ctx.tokens.with_output(ctx.tokens.on(dep.model))
