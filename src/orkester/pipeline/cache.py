"""The response-cache stage: answer from the cache, or let the request through and keep its answer.

    auth ─► ledger ─► classify ─► routing ─► residency ─► **cache** ─► limits ─► accounting ─► execution

Why here:

* **after classify**, because the data class is part of the namespace (an answer never crosses classes)
  and decides whether the cache may be used at all (``cache.classes``: public and internal by default);
* **after residency**, so a request the data-protection policy refuses is refused even when an answer is
  kept (a stricter policy applies at once); every hit still gets residency's audit entry, with no
  destinations (the data went nowhere); and a pseudonymised request is keyed and kept in its placeholder
  form — the cache never holds the personal values, and residency restores the caller's own values in
  the cached answer as it would in a fresh one. Routing runs first only because residency needs its Plan;
  the key is the model the caller named, not the deployment routing picked;
* **before limits, accounting and execution**, so a hit reserves no budget, counts against no rpm/tpm
  (it uses neither money nor upstream capacity), and costs nothing: ``cost_usd`` 0 and no tokens in the
  ledger record, which says ``cache_hit``. The ledger and auth stages wrap this one, so every hit is
  authenticated and recorded like any request.

A hit is served as the request asked: JSON, or SSE chunks for a stream. A miss's answer is kept when it
finished (for a stream: after its last chunk reached the client; a stream the client left is not kept).
The cache failing (Redis down) never fails a request: the lookup counts as an error and the request goes
on uncached. The outcome is in ``x-orkester-cache``: ``hit-exact;age=…``, ``hit-semantic;similarity=…;age=…``,
``miss``, ``refresh``, ``bypass;data_class=…`` or ``error``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import numpy as np
from numpy.typing import NDArray

from ..cache import CachePolicy, Decision, Fingerprint, Hit, Lookup, ResponseCache, fingerprint, namespace
from ..cache.entry import StreamCollector, replay
from ..errors import StorageError
from ..observability.metrics import Metrics
from ..settings import UNCLASSIFIED
from ..types import ChatChunk, ChatResponse, Usage
from .context import RequestContext

log = logging.getLogger("orkester.cache")
Next = Callable[[RequestContext], Awaitable[None]]


class CacheStage:
    def __init__(self, cache: ResponseCache, policy: CachePolicy, metrics: Metrics | None = None) -> None:
        self.cache = cache
        self.policy = policy
        self.metrics = metrics

    async def __call__(self, ctx: RequestContext, call_next: Next) -> None:
        decision = self.policy.decide(ctx)
        if decision is None:
            await call_next(ctx)
            return
        if decision.bypass is not None:
            ctx.cache_status = f"bypass;{decision.bypass}"
            self._count("bypass")
            await call_next(ctx)
            return
        team = ctx.key.team_id if ctx.key is not None else None
        data_class = ctx.classification.final if ctx.classification is not None else UNCLASSIFIED
        fp = fingerprint(ctx.chat, ctx.controls, namespace(team, data_class))
        found = Lookup()
        if decision.read:
            try:
                found = await self.cache.lookup(fp, semantic=decision.semantic)
            except StorageError as e:
                log.warning("response cache lookup failed, answering uncached: %s", e.message)
                ctx.cache_status = "error"
                self._count("error")
                await call_next(ctx)
                return
            if found.hit is not None:
                self._serve(ctx, found.hit)
                return
            ctx.cache_status = "miss"
            self._count("miss")
        else:
            ctx.cache_status = "refresh"
        await call_next(ctx)
        if isinstance(ctx.response, ChatResponse):
            await self._keep(ctx, fp, decision, ctx.response, found.vector)
        elif ctx.stream is not None:
            ctx.stream = self._kept_after(ctx, ctx.stream, fp, decision, found.vector)

    def _serve(self, ctx: RequestContext, hit: Hit) -> None:
        resp = hit.answer.response
        ctx.cache_hit = True
        if hit.similarity is None:
            ctx.cache_status = f"hit-exact;age={hit.age:.0f}"
            self._count("hit")
        else:
            ctx.cache_status = f"hit-semantic;similarity={hit.similarity:.4f};age={hit.age:.0f}"
            self._count("semantic_hit")
        ctx.simulated = resp.simulated
        ctx.usage = Usage()  # nothing was used upstream; the body still says what the answer took
        ctx.cost_usd = 0.0
        if ctx.chat.stream:
            ctx.stream = self._replayed(ctx, resp)
        else:
            ctx.response = resp

    async def _replayed(self, ctx: RequestContext, resp: ChatResponse) -> AsyncIterator[ChatChunk]:
        async for chunk in replay(resp):
            if ctx.first_chunk_seconds is None:
                ctx.first_chunk_seconds = time.perf_counter() - ctx.started
            yield chunk

    async def _kept_after(
        self,
        ctx: RequestContext,
        stream: AsyncIterator[ChatChunk],
        fp: Fingerprint,
        decision: Decision,
        vector: NDArray[np.float32] | None,
    ) -> AsyncIterator[ChatChunk]:
        collector = StreamCollector()
        try:
            async for chunk in stream:
                collector.feed(chunk)
                yield chunk
        finally:
            aclose = getattr(stream, "aclose", None)
            if aclose is not None:
                await aclose()
        # Only reached when the stream ended normally: an error or a client that left skips this.
        served = ctx.served_by
        resp = collector.response(
            served.deployment.model if served else ctx.chat.model, int(time.time()), ctx.simulated
        )
        await self._keep(ctx, fp, decision, resp, vector)

    async def _keep(
        self,
        ctx: RequestContext,
        fp: Fingerprint,
        decision: Decision,
        resp: ChatResponse,
        vector: NDArray[np.float32] | None,
    ) -> None:
        if not decision.write:
            return
        dep = ctx.served_by.deployment if ctx.served_by is not None else None
        try:
            await self.cache.store(
                fp,
                resp,
                semantic=decision.semantic,
                provider=dep.provider if dep else None,
                model=dep.model if dep else None,
                vector=vector,
            )
        except StorageError as e:
            log.warning("response cache could not keep the answer to %s: %s", ctx.request_id, e.message)

    def _count(self, result: str) -> None:
        if self.metrics is not None:
            self.metrics.cache_lookups.labels(result).inc()
