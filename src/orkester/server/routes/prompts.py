"""The admin API for prompt templates, under ``/admin/prompts``, behind the admin key like ``/admin/keys``.

    GET  /admin/prompts                             every template: name, active and latest version
    POST /admin/prompts                             push a version: {name, body, variables, task_type, ...}
    GET  /admin/prompts/{name}                      the template, its active version and every version's header
    GET  /admin/prompts/{name}/versions/{version}   one version with its body (``latest``: the active one)
    GET  /admin/prompts/{name}/diff?from=1&to=2     unified diff (``to`` defaults to the active version,
                                                    ``from`` to the version before ``to``)
    POST /admin/prompts/{name}/rollback             {"version": N} or {} (the version before the active one)

The routes use the gateway's own :class:`PromptService`, so a push or rollback here takes effect at once
in this process (other processes: within ``prompts.cache_seconds``).
"""

from __future__ import annotations

import orjson
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ...errors import RequestError
from ...prompts import PromptDraft, PromptRef, PromptService, Variable
from ...prompts.service import not_found
from ...prompts.views import diff, template_json, version_json
from ..body import read_body
from .admin import admin_guard

#: a template body may be long; the body's own limit is prompts.max_template_chars
BODY_LIMIT = 1024 * 1024


class VariableIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    required: bool | None = Field(default=None, description="default: true unless a default is given")
    default: str | None = None
    description: str = ""

    def variable(self) -> Variable:
        required = self.default is None if self.required is None else self.required
        return Variable(self.name, required, self.default, self.description)


class PromptPush(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    body: str
    variables: list[VariableIn] = Field(default_factory=list)
    task_type: str | None = None
    description: str = ""
    #: serve the new version at once (the first version of a name always is)
    activate: bool = True
    created_by: str | None = Field(default=None, max_length=128)

    def draft(self) -> PromptDraft:
        variables = tuple(v.variable() for v in self.variables)
        return PromptDraft(self.name, self.body, variables, self.task_type, self.description)


class Rollback(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(default=None, ge=1)
    by: str | None = Field(default=None, max_length=128)


def _json(data: object, status: int = 200) -> Response:
    return Response(orjson.dumps(data), status_code=status, media_type="application/json")


def _version_param(text: str, name: str, param: str) -> int | None:
    """A version in a URL: a number, or ``latest`` (None: the active one)."""
    return PromptRef.parse(f"{name}@{text}", param=param).version


class _PromptApi:
    def __init__(self, service: PromptService) -> None:
        self.service = service

    async def list_templates(self, request: Request) -> Response:
        return _json({"object": "list", "data": [template_json(t) for t in await self.service.templates()]})

    async def push(self, request: Request) -> Response:
        body = PromptPush.model_validate_json(await read_body(request, BODY_LIMIT))
        pushed = await self.service.push(body.draft(), activate=body.activate, by=body.created_by)
        template = await self.service.template(pushed.version.name)
        active = template.active_version if template is not None else None
        return _json(
            {**version_json(pushed.version, active=active), "created": pushed.created}, 201 if pushed.created else 200
        )

    async def show(self, request: Request) -> Response:
        name = request.path_params["name"]
        template = await self.service.template(name)
        if template is None:
            raise not_found(name)
        versions = await self.service.versions(name)
        return _json(
            {
                **template_json(template),
                "active": version_json(template.active, active=template.active_version),
                "versions": [version_json(v, active=template.active_version, body=False) for v in versions],
            }
        )

    async def version(self, request: Request) -> Response:
        name = request.path_params["name"]
        number = _version_param(request.path_params["version"], name, "version")
        found = await self.service.get(PromptRef(name, number))
        template = await self.service.template(name)
        return _json(version_json(found, active=template.active_version if template else None))

    async def diff(self, request: Request) -> Response:
        name = request.path_params["name"]
        query = request.query_params
        new = await self.service.get(PromptRef(name, _version_param(query.get("to", "latest"), name, "to")))
        if "from" in query:
            old_number = _version_param(query["from"], name, "from")
        elif new.version > 1:
            old_number = new.version - 1
        else:
            raise RequestError(f"{new.ref} is the first version: name one to compare with ('from').", param="from")
        old = await self.service.get(PromptRef(name, old_number))
        return _json({"object": "prompt.diff", "from": old.ref, "to": new.ref, "diff": diff(old, new)})

    async def rollback(self, request: Request) -> Response:
        raw = await read_body(request, BODY_LIMIT)
        body = Rollback.model_validate_json(raw) if raw.strip() else Rollback()
        template = await self.service.rollback(request.path_params["name"], body.version, by=body.by)
        return _json(
            {**template_json(template), "active": version_json(template.active, active=template.active_version)}
        )


def prompt_routes(
    service: PromptService, admin_key: str | None, *, admin_key_env: str | None = "ORKESTER_ADMIN_KEY"
) -> list[Route]:
    """The /admin/prompts routes over ``service``; ``admin_key`` as for :func:`~.admin.admin_routes`."""
    guard = admin_guard(admin_key, admin_key_env)
    api = _PromptApi(service)
    return [
        Route("/admin/prompts", guard(api.list_templates), methods=["GET"]),
        Route("/admin/prompts", guard(api.push), methods=["POST"]),
        Route("/admin/prompts/{name}", guard(api.show), methods=["GET"]),
        Route("/admin/prompts/{name}/versions/{version}", guard(api.version), methods=["GET"]),
        Route("/admin/prompts/{name}/diff", guard(api.diff), methods=["GET"]),
        Route("/admin/prompts/{name}/rollback", guard(api.rollback), methods=["POST"]),
    ]
