"""POST /v1/chat/completions: validate, run the pipeline, answer as JSON or SSE."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator

import orjson
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ...errors import OrkesterError, StreamInterruptedError
from ...gateway import Gateway
from ...pipeline.context import RequestContext
from ...types import ChatChunk, ChatResponse
from ..intake import run_pipeline
from ..wire import ChunkEncoder, chat_completion, cost_headers, route_headers

log = logging.getLogger("orkester.server")


async def chat_completions(request: Request) -> Response:
    gw, ctx = await run_pipeline(request, "chat")
    if ctx.stream is not None:
        return _stream_response(gw, ctx, ctx.stream)
    assert isinstance(ctx.response, ChatResponse)
    headers = route_headers(ctx)
    headers.update(cost_headers(ctx))
    payload = orjson.dumps(chat_completion(ctx, ctx.response))
    gw.observer.request_done(ctx, "chat", 200, time.perf_counter() - ctx.started)
    return Response(payload, headers=headers, media_type="application/json")


def _stream_response(gw: Gateway, ctx: RequestContext, stream: AsyncIterator[ChatChunk]) -> StreamingResponse:
    served = ctx.served_by
    model = served.deployment.model if served else ctx.chat.model
    encoder = ChunkEncoder(ctx, model, ctx.chat.include_usage, ctx.simulated)
    headers = route_headers(ctx)
    headers["cache-control"] = "no-cache"
    headers["x-accel-buffering"] = "no"

    async def body() -> AsyncIterator[bytes]:
        status, error = 200, None
        try:
            async for chunk in stream:
                line = encoder.encode(chunk)
                if line is not None:
                    yield line
        except OrkesterError as e:
            # Tokens already went out: end with an error event, never a silent clean end.
            if not isinstance(e, StreamInterruptedError):
                e = StreamInterruptedError(e.message)
            status, error = e.status, e.code
            log.warning("stream %s interrupted: %s", ctx.request_id, e.message)
            yield ChunkEncoder.error(e)
            return
        finally:
            try:
                # Also when the client went away mid-answer: close the upstream stream now, so the
                # vendor stops generating (and billing) tokens nobody will read.
                aclose = getattr(stream, "aclose", None)
                if aclose is not None:
                    await aclose()
            finally:
                # After the close: the upstream call has recorded its usage by then.
                gw.observer.request_done(ctx, "chat", status, time.perf_counter() - ctx.started, error)
        yield ChunkEncoder.DONE

    return StreamingResponse(body(), media_type="text/event-stream", headers=headers)
