"""What every model endpoint does first: read and validate the body, build the request
context, run the pipeline, and count a refusal in the metrics."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Literal

from pydantic import ValidationError
from starlette.requests import Request

from ..errors import OrkesterError
from ..gateway import Gateway
from ..pipeline.context import RequestContext
from ..types import ChatRequest, EmbeddingRequest
from .body import controls, credential, read_body, request_id
from .errors import validation_error

#: reads a body in another wire dialect into the neutral request (raises ValidationError or RequestError)
Parse = Callable[[bytes], ChatRequest]


async def run_pipeline(
    request: Request,
    kind: Literal["chat", "embeddings"],
    *,
    parse: Parse | None = None,
    endpoint: str | None = None,
) -> tuple[Gateway, RequestContext]:
    """``parse`` and ``endpoint`` serve other ingress dialects (``/v1/messages``): the body's reader and the
    name its requests are counted under in metrics and traces (default: ``kind``)."""
    gw: Gateway = request.app.state.gateway
    endpoint = endpoint or kind
    started = time.perf_counter()
    ctx: RequestContext | None = None
    try:
        body = await read_body(request, gw.settings.server.max_body_bytes)
        req: ChatRequest | EmbeddingRequest
        try:
            if parse is not None:
                req = parse(body)
            elif kind == "chat":
                req = ChatRequest.model_validate_json(body)
            else:
                req = EmbeddingRequest.model_validate_json(body)
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
        gw.observer.request_done(ctx, endpoint, e.status, time.perf_counter() - started, e.code or "error")
        raise
    except Exception:
        gw.observer.request_done(ctx, endpoint, 500, time.perf_counter() - started, "internal_error")
        raise
    return gw, ctx
