"""OpenAI's Files API, for batch input and output (``purpose: batch``; output files are ``batch_output``).

    POST   /v1/files                multipart/form-data: ``file`` and ``purpose``
    GET    /v1/files                the caller's files, newest first (``?purpose=``, ``?limit=``)
    GET    /v1/files/{id}           one file's object
    GET    /v1/files/{id}/content   its bytes
    DELETE /v1/files/{id}

A file belongs to the key that uploaded it; another key gets 404. The admin key (``keys.admin_key_env``)
reads everyone's files and batches but uploads and creates none: a batch runs as a gateway key.
"""

from __future__ import annotations

import hmac

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ...batch.multipart import parse
from ...batch.service import BatchService, Viewer
from ...errors import PermissionDeniedError, RequestError
from ...gateway import Gateway
from ..body import credential, read_body

#: the multipart envelope around the file (part headers, the purpose field)
ENVELOPE_BYTES = 64 * 1024


def json_response(data: object, status: int = 200) -> Response:
    return Response(orjson.dumps(data), status_code=status, media_type="application/json")


def service(request: Request) -> BatchService:
    gw: Gateway = request.app.state.gateway
    assert gw.batches is not None
    return gw.batches


async def viewer(request: Request, admin_key: str | None) -> Viewer:
    """The caller: the admin (sees everyone's), else the key it authenticates as (401 when it does not)."""
    given = credential(request)
    if admin_key and given and hmac.compare_digest(given.encode(), admin_key.encode()):
        return Viewer(None)
    gw: Gateway = request.app.state.gateway
    principal = await gw.auth.identify(given)
    return Viewer(principal.key_id if principal is not None else "")


async def owner(request: Request, admin_key: str | None) -> str:
    """The caller as the owner of what it makes; the admin key makes nothing."""
    who = await viewer(request, admin_key)
    if who.owner is None:
        raise PermissionDeniedError(
            "The admin key reads and cancels batches but does not run them: upload and create with a gateway key.",
            code="admin_key_not_allowed",
        )
    return who.owner


def limit_param(request: Request, default: int, most: int = 100) -> int:
    raw = request.query_params.get("limit")
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise RequestError(f"limit must be a number (got {raw!r}).", param="limit", code="invalid_value") from None
    if not 1 <= value <= most:
        raise RequestError(f"limit must be between 1 and {most} (got {value}).", param="limit", code="invalid_value")
    return value


def file_routes(admin_key: str | None) -> list[Route]:
    async def upload(request: Request) -> Response:
        svc = service(request)
        who = await owner(request, admin_key)
        body = await read_body(request, svc.settings.max_file_bytes + ENVELOPE_BYTES)
        parts = parse(body, request.headers.get("content-type", ""))
        file, purpose = parts.get("file"), parts.get("purpose")
        if file is None:
            raise RequestError("The upload has no 'file' part.", param="file", code="missing_file")
        if purpose is None:
            raise RequestError("The upload has no 'purpose' field (use purpose=batch).", param="purpose")
        if len(file.content) > svc.settings.max_file_bytes:
            raise RequestError(
                f"The file is {len(file.content)} bytes; the limit is {svc.settings.max_file_bytes} "
                "(batch.max_file_bytes).",
                param="file",
                code="file_too_large",
            )
        text = purpose.content.decode("utf-8", "replace").strip()
        record = await svc.upload(who, file.filename or "upload.jsonl", text, file.content)
        return json_response(record.to_openai())

    async def list_files(request: Request) -> Response:
        who = await viewer(request, admin_key)
        found = await service(request).files(
            who, request.query_params.get("purpose"), limit_param(request, 100, 10_000)
        )
        return json_response({"object": "list", "data": [f.to_openai() for f in found], "has_more": False})

    async def show(request: Request) -> Response:
        who = await viewer(request, admin_key)
        return json_response((await service(request).file(request.path_params["id"], who)).to_openai())

    async def content(request: Request) -> Response:
        who = await viewer(request, admin_key)
        record, data = await service(request).content(request.path_params["id"], who)
        media = "application/jsonl" if record.filename.endswith(".jsonl") else "application/octet-stream"
        return Response(data, media_type=media)

    async def delete(request: Request) -> Response:
        who = await viewer(request, admin_key)
        record = await service(request).delete_file(request.path_params["id"], who)
        return json_response({"id": record.id, "object": "file", "deleted": True})

    routes: list[Route] = []
    for prefix in ("/v1", ""):
        routes += [
            Route(f"{prefix}/files", upload, methods=["POST"]),
            Route(f"{prefix}/files", list_files, methods=["GET"]),
            Route(f"{prefix}/files/{{id}}", show, methods=["GET"]),
            Route(f"{prefix}/files/{{id}}", delete, methods=["DELETE"]),
            Route(f"{prefix}/files/{{id}}/content", content, methods=["GET"]),
        ]
    return routes
