"""POST /v1/embeddings."""

from __future__ import annotations

import time

import orjson
from starlette.requests import Request
from starlette.responses import Response

from ...types import EmbeddingResponse
from ..intake import run_pipeline
from ..wire import cost_headers, embeddings, route_headers


async def create_embeddings(request: Request) -> Response:
    gw, ctx = await run_pipeline(request, "embeddings")
    assert isinstance(ctx.response, EmbeddingResponse)
    headers = route_headers(ctx)
    headers.update(cost_headers(ctx))
    gw.observer.request_done(ctx, "embeddings", 200, time.perf_counter() - ctx.started)
    return Response(orjson.dumps(embeddings(ctx.response)), headers=headers, media_type="application/json")
