"""OpenAI's Batch API over the gateway's own pipeline (docs/batch.md).

    POST /v1/batches               {input_file_id, endpoint, completion_window: "24h", metadata}
    GET  /v1/batches               the caller's batches, newest first (``?limit=``, ``?after=<batch id>``)
    GET  /v1/batches/{id}
    POST /v1/batches/{id}/cancel

A batch belongs to the key that created it and its lines run as that key; another key gets 404, the admin
key sees (and may cancel) every batch. An input file that does not validate makes a ``failed`` batch whose
``errors`` name each bad line, as OpenAI does; bad arguments are a 400 in OpenAI's error format.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..body import read_body
from ..errors import validation_error
from .files import json_response, limit_param, owner, service, viewer

BODY_LIMIT = 64 * 1024


class BatchCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    input_file_id: str
    endpoint: str
    completion_window: str = "24h"
    metadata: dict[str, str] | None = Field(default=None)


def batch_routes(admin_key: str | None) -> list[Route]:
    async def create(request: Request) -> Response:
        who = await owner(request, admin_key)
        try:
            body = BatchCreate.model_validate_json(await read_body(request, BODY_LIMIT))
        except ValidationError as e:
            raise validation_error(e) from None
        batch = await service(request).create(
            who, body.input_file_id, body.endpoint, body.completion_window, body.metadata
        )
        return json_response(batch.to_openai())

    async def list_batches(request: Request) -> Response:
        who = await viewer(request, admin_key)
        limit = limit_param(request, 20)
        found = await service(request).batches(who, limit + 1, request.query_params.get("after"))
        page = found[:limit]
        return json_response(
            {
                "object": "list",
                "data": [b.to_openai() for b in page],
                "first_id": page[0].id if page else None,
                "last_id": page[-1].id if page else None,
                "has_more": len(found) > limit,
            }
        )

    async def show(request: Request) -> Response:
        who = await viewer(request, admin_key)
        return json_response((await service(request).batch(request.path_params["id"], who)).to_openai())

    async def cancel(request: Request) -> Response:
        who = await viewer(request, admin_key)
        return json_response((await service(request).cancel(request.path_params["id"], who)).to_openai())

    routes: list[Route] = []
    for prefix in ("/v1", ""):
        routes += [
            Route(f"{prefix}/batches", create, methods=["POST"]),
            Route(f"{prefix}/batches", list_batches, methods=["GET"]),
            Route(f"{prefix}/batches/{{id}}", show, methods=["GET"]),
            Route(f"{prefix}/batches/{{id}}/cancel", cancel, methods=["POST"]),
        ]
    return routes
