"""POST /v1/chat/completions: validate, run the pipeline, answer as JSON or SSE."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import orjson
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ...gateway import Gateway
from ...pipeline.context import RequestContext
from ...types import ChatChunk, ChatResponse
from ..intake import run_pipeline
from ..streaming import sse_response
from ..wire import ChunkEncoder, chat_completion, cost_headers, route_headers


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
    return sse_response(
        gw, ctx, stream, "chat", encode=encoder.encode, error=ChunkEncoder.error, finish=lambda: ChunkEncoder.DONE
    )
