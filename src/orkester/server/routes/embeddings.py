"""POST /v1/embeddings."""

from __future__ import annotations

import time

import orjson
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response

from ...errors import OrkesterError
from ...gateway import Gateway
from ...pipeline.context import RequestContext
from ...types import EmbeddingRequest, EmbeddingResponse
from ..body import controls, credential, read_body, request_id
from ..errors import validation_error
from ..wire import cost_headers, embeddings, route_headers


async def create_embeddings(request: Request) -> Response:
    gw: Gateway = request.app.state.gateway
    started = time.perf_counter()
    ctx: RequestContext | None = None
    try:
        body = await read_body(request, gw.settings.server.max_body_bytes)
        try:
            req = EmbeddingRequest.model_validate_json(body)
        except ValidationError as e:
            raise validation_error(e) from None
        ctx = RequestContext(
            request_id=request_id(request),
            kind="embeddings",
            request=req,
            controls=controls(request, None),
            principal=credential(request),
            started=started,
        )
        await gw.pipeline(ctx)
    except OrkesterError as e:
        gw.metrics.request_done(ctx, "embeddings", e.status, time.perf_counter() - started)
        raise
    assert isinstance(ctx.response, EmbeddingResponse)
    headers = route_headers(ctx)
    headers.update(cost_headers(ctx))
    gw.metrics.request_done(ctx, "embeddings", 200, time.perf_counter() - started)
    return Response(orjson.dumps(embeddings(ctx.response)), headers=headers, media_type="application/json")
