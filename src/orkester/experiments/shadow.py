"""Shadow traffic: after a live answer has gone back, the same request is sent to a candidate model in the
background and its answer is only measured, never returned.

A shadow call never delays or fails its request: it starts after the pipeline has produced the answer,
runs as its own task, and a request that finds ``max_concurrency`` shadow calls of its experiment in
flight is not shadowed at all (nothing queues). It is only sent to the shadow alias's deployments that
the request's data-class policy permits (``guardrails.residency.permits``; none permitted: not shadowed),
and never for pseudonymised requests, streams or cache hits. Its cost, latency and agreement with the
live answer go into the ledger as a record of kind ``shadow`` (request id ``<live id>-shadow``), so the
cost reports include what shadowing costs. :meth:`ShadowRunner.drain` waits for the calls in flight.
"""

from __future__ import annotations

import asyncio
import difflib
import logging
from dataclasses import dataclass, replace

from ..catalog.resolve import Catalog
from ..errors import OrkesterError, StorageError
from ..execution.executor import Executor
from ..guardrails.residency import permits
from ..ledger import LedgerRecord, LedgerWriter
from ..pipeline.context import RequestContext
from ..pipeline.stages import AccountingStage
from ..routing.plan import Plan, expand_aliases
from ..settings import ShadowSpec
from ..types import ChatRequest, ChatResponse

log = logging.getLogger("orkester.experiments")
SHADOW_KIND = "shadow"
SHADOW_ARM = "shadow"


@dataclass
class ShadowStats:
    sent: int = 0
    #: not shadowed: all shadow slots busy, or no deployment the data class permits
    busy: int = 0
    forbidden: int = 0
    failed: int = 0


def agreement(live: str, shadow: str) -> float:
    """Similarity of two answers in [0, 1]: 1.0 when equal after normalising case and whitespace."""
    a, b = " ".join(live.lower().split()), " ".join(shadow.lower().split())
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _text(response: ChatResponse | None) -> str:
    if response is None or not response.choices:
        return ""
    return response.choices[0].content or ""


class ShadowRunner:
    def __init__(self, catalog: Catalog, executor: Executor, writer: LedgerWriter | None) -> None:
        self.catalog = catalog
        self.executor = executor
        self.writer = writer
        self.stats = ShadowStats()
        self._tasks: set[asyncio.Task[None]] = set()
        self._busy: dict[str, int] = {}

    def submit(self, experiment: str, spec: ShadowSpec, ctx: RequestContext) -> bool:
        """Start the shadow call of ``ctx`` (a finished, non-streamed request) if it may go; True if started."""
        if not isinstance(ctx.request, ChatRequest) or not isinstance(ctx.response, ChatResponse):
            return False
        if ctx.pseudonyms is not None or ctx.cache_hit:
            return False
        candidates = [c for c in expand_aliases(self.catalog, spec.model) if permits(ctx.guard_policy, c.deployment)]
        if not candidates:
            self.stats.forbidden += 1
            return False
        if self._busy.get(experiment, 0) >= spec.max_concurrency:
            self.stats.busy += 1
            return False
        self._busy[experiment] = self._busy.get(experiment, 0) + 1
        request = ctx.request.model_copy(update={"model": spec.model, "stream": False, "stream_options": None})
        shadow = RequestContext(
            request_id=f"{ctx.request_id}-shadow",
            kind="chat",
            request=request,
            controls=dict(ctx.controls),
            key=ctx.key,
            classification=ctx.classification,
            guard_policy=ctx.guard_policy,
            prompt_ref=ctx.prompt_ref,
            experiment=experiment,
            arm=SHADOW_ARM,
        )
        shadow.plan = Plan(
            strategy="shadow", mode="fallback", candidates=candidates, reasons=[f"shadow of experiment {experiment}"]
        )
        task = asyncio.create_task(self._run(experiment, shadow, _text(ctx.response)), name="orkester-shadow")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        self.stats.sent += 1
        return True

    async def _run(self, experiment: str, ctx: RequestContext, live_text: str) -> None:
        try:
            assert ctx.plan is not None
            status, http_status, score = "ok", 200, None
            try:
                ctx.response = await self.executor.complete(ctx.plan, ctx)
                ctx.usage = ctx.response.usage
                score = agreement(live_text, _text(ctx.response))
            except OrkesterError as e:
                self.stats.failed += 1
                status, http_status = e.code or e.error_type, e.status
            ctx.cost_usd = AccountingStage.cost(ctx)
            if self.writer is None:
                return
            key = ctx.key
            record = LedgerRecord.from_context(
                ctx,
                key.key_id if key else None,
                key.team_id if key else None,
                status=status,
                http_status=http_status,
            )
            record = replace(
                record, kind=SHADOW_KIND, feedback=score, feedback_raw=None if score is None else "agreement"
            )
            await self.writer.record(record)
        except StorageError as e:
            log.warning("shadow record of %s not written: %s", ctx.request_id, e)
        finally:
            self._busy[experiment] -= 1

    async def drain(self) -> None:
        """Wait until every shadow call started so far has finished (and its record is spooled)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await self.drain()
