"""Reading a request body under the size limit, and the request's id and controls."""

from __future__ import annotations

import os

from starlette.requests import Request

from ..errors import PayloadTooLargeError, RequestError
from ..pipeline.context import CONTROL_NAMES


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise RequestError("Content-Length is not a number") from None
        if size > limit:
            raise PayloadTooLargeError(f"Request body of {size} bytes exceeds the limit of {limit} bytes")
        return await request.body()
    chunks = []
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise PayloadTooLargeError(f"Request body exceeds the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def request_id(request: Request) -> str:
    given = request.headers.get("x-request-id")
    if given and len(given) <= 128 and given.isprintable():
        return given
    return os.urandom(16).hex()


def credential(request: Request) -> str | None:
    auth = request.headers.get("authorization")
    if auth:
        scheme, _, token = auth.partition(" ")
        return token.strip() if scheme.lower() == "bearer" else None
    return request.headers.get("x-api-key") or request.headers.get("api-key")


def controls(request: Request, metadata: dict[str, str] | None) -> dict[str, str]:
    """Routing controls from ``metadata`` and ``x-orkester-*`` headers (headers win)."""
    out: dict[str, str] = {}
    if metadata:
        for name in CONTROL_NAMES:
            if name in metadata:
                out[name] = metadata[name]
    headers = request.headers
    for name in CONTROL_NAMES:
        value = headers.get("x-orkester-" + name.replace("_", "-"))
        if value is not None:
            out[name] = value
    return out
