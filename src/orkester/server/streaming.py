"""An answer streamed as server-sent events, in whichever wire format the route encodes.

What every streaming route does the same way: the no-buffering headers, an error event (never a silent
clean end) when the upstream fails after events went out, closing the upstream stream when the client goes
away (so the vendor stops generating and billing), and counting the request once, after that close (the
upstream call has recorded its usage by then). The route supplies the encoding: OpenAI's chunks for
``/v1/chat/completions``, Anthropic's events for ``/v1/messages``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable

from starlette.responses import StreamingResponse

from ..errors import OrkesterError, StreamInterruptedError
from ..gateway import Gateway
from ..pipeline.context import RequestContext
from ..types import ChatChunk
from .wire import route_headers

log = logging.getLogger("orkester.server")


def sse_response(
    gw: Gateway,
    ctx: RequestContext,
    stream: AsyncIterator[ChatChunk],
    endpoint: str,
    *,
    encode: Callable[[ChatChunk], bytes | None],
    error: Callable[[OrkesterError], bytes],
    finish: Callable[[], bytes],
    start: Callable[[], bytes] | None = None,
) -> StreamingResponse:
    """``start()`` first (if any), ``encode(chunk)`` for each chunk (nothing when it returns nothing), then
    ``finish()``; ``error(e)`` ends the stream instead when the upstream fails."""
    headers = route_headers(ctx)
    headers["cache-control"] = "no-cache"
    headers["x-accel-buffering"] = "no"

    async def body() -> AsyncIterator[bytes]:
        status, code = 200, None
        if start is not None:
            yield start()
        try:
            async for chunk in stream:
                data = encode(chunk)
                if data:
                    yield data
        except OrkesterError as e:
            if not isinstance(e, StreamInterruptedError):
                e = StreamInterruptedError(e.message)
            status, code = e.status, e.code
            log.warning("stream %s interrupted: %s", ctx.request_id, e.message)
            yield error(e)
            return
        finally:
            try:
                aclose = getattr(stream, "aclose", None)
                if aclose is not None:
                    await aclose()
            finally:
                gw.observer.request_done(ctx, endpoint, status, time.perf_counter() - ctx.started, code)
        yield finish()

    return StreamingResponse(body(), media_type="text/event-stream", headers=headers)
