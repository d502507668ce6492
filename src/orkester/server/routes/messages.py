"""POST /v1/messages (Anthropic's Messages API) and /v1/messages/count_tokens.

The body is read by :mod:`orkester.dialects.anthropic_ingress` into the neutral request, which goes
through the same pipeline as ``/v1/chat/completions`` (auth, data protection, routing, budgets,
accounting, ledger): any provider may answer. Answers and errors go back in Anthropic's shapes, with
Orkester's response headers; requests are counted under the endpoint ``messages``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator

import orjson
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ...accounting.tokens import PromptTokens
from ...dialects.anthropic_ingress import MessageStreamEncoder, parse_count_tokens, parse_messages, to_message
from ...errors import OrkesterError, PermissionDeniedError, UnknownModelError
from ...gateway import Gateway
from ...pipeline.context import RequestContext
from ...types import ChatChunk, ChatResponse
from ..body import credential, read_body
from ..errors import anthropic_error_response, validation_error
from ..intake import run_pipeline
from ..streaming import sse_response
from ..wire import cost_headers, route_headers

log = logging.getLogger("orkester.server")

ENDPOINT = "messages"


async def create_message(request: Request) -> Response:
    try:
        gw, ctx = await run_pipeline(request, "chat", parse=parse_messages, endpoint=ENDPOINT)
    except OrkesterError as e:
        return anthropic_error_response(e, request.headers.get("x-request-id"))
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        err = OrkesterError("The gateway hit an internal error; it has been logged.")
        return anthropic_error_response(err, request.headers.get("x-request-id"))
    message_id = f"msg_{ctx.request_id}"
    if ctx.stream is not None:
        return _stream_response(gw, ctx, ctx.stream, message_id)
    assert isinstance(ctx.response, ChatResponse)
    headers = route_headers(ctx)
    headers.update(cost_headers(ctx))
    payload = orjson.dumps(to_message(ctx.response, message_id))
    gw.observer.request_done(ctx, ENDPOINT, 200, time.perf_counter() - ctx.started)
    return Response(payload, headers=headers, media_type="application/json")


def _stream_response(
    gw: Gateway, ctx: RequestContext, stream: AsyncIterator[ChatChunk], message_id: str
) -> StreamingResponse:
    served = ctx.served_by
    encoder = MessageStreamEncoder(message_id, served.deployment.model if served else ctx.chat.model)
    return sse_response(
        gw,
        ctx,
        stream,
        ENDPOINT,
        encode=encoder.encode,
        error=MessageStreamEncoder.error,
        finish=encoder.finish,
        start=encoder.start,
    )


async def count_tokens(request: Request) -> Response:
    """The prompt's tokens, counted offline (``accounting/tokens.py``): exact for OpenAI's models, an
    upper-side estimate for others; for an alias, the most any of its deployments would count."""
    gw: Gateway = request.app.state.gateway
    try:
        body = await read_body(request, gw.settings.server.max_body_bytes)
        try:
            req = parse_count_tokens(body)
        except ValidationError as e:
            raise validation_error(e) from None
        principal = await gw.auth.identify(credential(request))
        if principal is not None and not principal.allows(req.model):
            raise PermissionDeniedError(
                f"The key {principal.key_name!r} may not use model {req.model!r}.",
                param="model",
                code="model_not_allowed",
            )
        count = PromptTokens(req).on_any(_models(gw, req.model))
    except OrkesterError as e:
        return anthropic_error_response(e, request.headers.get("x-request-id"))
    return Response(orjson.dumps({"input_tokens": count}), media_type="application/json")


def _models(gw: Gateway, name: str) -> list[str]:
    """The upstream models a request for ``name`` may reach."""
    spec = gw.catalog.aliases.get(name)
    if spec is not None:
        return [d.model for d in spec.deployments]
    if name in gw.routing.routes:
        return [d.model for d in gw.catalog.deployments()]
    provider, sep, model = name.partition("/")
    if sep and provider in gw.routing.provider_names and model:
        return [model]
    known = ", ".join(sorted([*gw.catalog.aliases, *gw.routing.routes])) or "none configured"
    raise UnknownModelError(
        f"The model {name!r} does not exist or you do not have access to it. Available models: {known}",
        param="model",
    )
