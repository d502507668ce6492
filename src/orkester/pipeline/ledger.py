"""One usage-ledger record per request, durable before the answer is acknowledged.

The stage wraps everything after authentication. A non-streamed answer leaves the gateway only after its
record is synced to the local spool (group commit: concurrent requests share one sync); a stream's record
is written after its last chunk and before the final ``[DONE]``. A refusal or an error is recorded with
its status too. The writer moves spooled records into the database in batches, off the request path.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from ..errors import OrkesterError, StorageError
from ..ledger import LedgerRecord, LedgerWriter
from ..types import ChatChunk
from .context import RequestContext

log = logging.getLogger("orkester.ledger")
Next = Callable[[RequestContext], Awaitable[None]]


class LedgerStage:
    def __init__(self, writer: LedgerWriter | None) -> None:
        self.writer = writer

    async def __call__(self, ctx: RequestContext, call_next: Next) -> None:
        if self.writer is None:
            await call_next(ctx)
            return
        try:
            await call_next(ctx)
        except OrkesterError as e:
            await self._record(ctx, status=e.code or e.error_type, http_status=e.status, failing=True)
            raise
        if ctx.stream is not None and ctx.response is None:
            ctx.stream = self._recorded_after(ctx, ctx.stream)
        else:
            await self._record(ctx, status="ok", http_status=200)

    async def _recorded_after(self, ctx: RequestContext, stream: AsyncIterator[ChatChunk]) -> AsyncIterator[ChatChunk]:
        try:
            async for chunk in stream:
                yield chunk
        except OrkesterError as e:
            await self._record(ctx, status=e.code or e.error_type, http_status=e.status, failing=True)
            raise
        await self._record(ctx, status="ok", http_status=200)

    async def _record(self, ctx: RequestContext, *, status: str, http_status: int, failing: bool = False) -> None:
        assert self.writer is not None
        key = ctx.key
        record = LedgerRecord.from_context(
            ctx,
            key.key_id if key is not None else None,
            key.team_id if key is not None else None,
            status=status,
            http_status=http_status,
        )
        try:
            await self.writer.record(record)
        except StorageError:
            if failing:  # the request is failing anyway: keep its own error for the caller
                log.exception("ledger record for failed request %s was not written", ctx.request_id)
                return
            raise  # an answer is acknowledged only with its record: 503 instead of an unrecorded answer
