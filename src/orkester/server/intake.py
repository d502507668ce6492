"""What every model endpoint does first: read and validate the body, build the request
context, run the pipeline, and count a refusal in the metrics."""

from __future__ import annotations

import time
from typing import Literal

from pydantic import ValidationError
from starlette.requests import Request

from ..errors import OrkesterError
from ..gateway import Gateway
from ..pipeline.context import RequestContext
from ..types import ChatRequest, EmbeddingRequest
from .body import controls, credential, read_body, request_id
from .errors import validation_error


async def run_pipeline(request: Request, kind: Literal["chat", "embeddings"]) -> tuple[Gateway, RequestContext]:
    gw: Gateway = request.app.state.gateway
    started = time.perf_counter()
    ctx: RequestContext | None = None
    try:
        body = await read_body(request, gw.settings.server.max_body_bytes)
        req: ChatRequest | EmbeddingRequest
        try:
            req = (
                ChatRequest.model_validate_json(body) if kind == "chat" else EmbeddingRequest.model_validate_json(body)
            )
        except ValidationError as e:
            raise validation_error(e) from None
        ctx = RequestContext(
            request_id=request_id(request),
            kind=kind,
            request=req,
            controls=controls(request, req.metadata if isinstance(req, ChatRequest) else None),
            principal=credential(request),
            started=started,
        )
        await gw.pipeline(ctx)
    except OrkesterError as e:
        gw.observer.request_done(ctx, kind, e.status, time.perf_counter() - started, e.code or "error")
        raise
    except Exception:
        gw.observer.request_done(ctx, kind, 500, time.perf_counter() - started, "internal_error")
        raise
    return gw, ctx
