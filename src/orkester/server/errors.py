"""The one place where errors become HTTP responses: in OpenAI's error format, and in Anthropic's for
``/v1/messages``."""

from __future__ import annotations

import logging

import orjson
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response

from ..dialects.anthropic_ingress import error_body as anthropic_error_body
from ..errors import OrkesterError, RequestError

log = logging.getLogger("orkester.server")


def error_response(err: OrkesterError, request_id: str | None = None) -> Response:
    headers = err.headers()
    if request_id:
        headers["x-request-id"] = request_id
    return Response(
        orjson.dumps(err.to_openai()), status_code=err.status, headers=headers, media_type="application/json"
    )


def anthropic_error_response(err: OrkesterError, request_id: str | None = None) -> Response:
    """The same error in Anthropic's shape (``{"type": "error", "error": {...}}``), for ``/v1/messages``."""
    headers = err.headers()
    if request_id:
        headers["x-request-id"] = request_id
    body = orjson.dumps(anthropic_error_body(err, request_id))
    return Response(body, status_code=err.status, headers=headers, media_type="application/json")


def validation_error(e: ValidationError) -> RequestError:
    """A pydantic error as one message a developer can act on."""
    errors = e.errors(include_url=False)
    if errors and errors[0]["type"] == "json_invalid":
        return RequestError(
            f"The request body is not valid JSON: {errors[0]['ctx'].get('error', errors[0]['msg'])}",
            code="invalid_json",
        )
    parts = []
    for err in errors[:5]:
        loc = ".".join(str(x) for x in err["loc"]) or "body"
        got = err.get("input")
        shown = "" if err["type"] == "missing" else f" (got {orjson.dumps(got).decode()[:80]})"
        parts.append(f"{loc}: {err['msg']}{shown}")
    more = f" (+{len(errors) - 5} more)" if len(errors) > 5 else ""
    first_loc = ".".join(str(x) for x in errors[0]["loc"]) if errors else None
    return RequestError("Invalid request: " + "; ".join(parts) + more, param=first_loc or None, code="invalid_value")


async def on_orkester_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, OrkesterError)
    return error_response(exc, request.headers.get("x-request-id"))


async def on_unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    err = OrkesterError("The gateway hit an internal error; it has been logged.")
    return error_response(err, request.headers.get("x-request-id"))


async def on_http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own 404/405 in OpenAI's shape, so every error a client sees looks alike."""
    from starlette.exceptions import HTTPException

    assert isinstance(exc, HTTPException)
    err = OrkesterError(f"{request.method} {request.url.path}: {exc.detail}")
    err.status = exc.status_code
    err.error_type = "invalid_request_error"
    err.code = "not_found" if exc.status_code == 404 else "method_not_allowed" if exc.status_code == 405 else None
    return error_response(err, request.headers.get("x-request-id"))
