"""The admin API under ``/admin/``: teams and virtual keys.

Every route is guarded by the admin key (``Authorization: Bearer <admin key>``, compared in constant
time). Without an admin key configured every route answers 403 saying how to set one. Errors come back
in OpenAI's error shape whatever app mounts these routes. Usage queries (``GET /admin/usage``) are the
usage ledger's routes; they take the same guard through :func:`admin_guard`.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ...errors import AuthenticationError, NotFoundError, OrkesterError, PermissionDeniedError, RequestError
from ...keys.model import LIMIT_FIELDS, KeyLimits
from ...keys.service import KeyService
from ...keys.views import created_json, key_json, team_json
from ..body import credential, read_body
from ..errors import error_response, validation_error

Endpoint = Callable[[Request], Awaitable[Response]]
#: admin bodies are small; anything bigger is a mistake
BODY_LIMIT = 64 * 1024


class _Limits(BaseModel):
    model_config = ConfigDict(extra="forbid")

    allowed_models: list[str] | None = None
    default_task: str | None = None
    min_data_class: str | None = None
    budget_day_usd: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    budget_month_usd: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    budget_total_usd: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    rpm: int | None = Field(default=None, ge=1)
    tpm: int | None = Field(default=None, ge=1)
    cache: Literal["off", "exact", "semantic"] | None = None

    def limits(self) -> KeyLimits:
        values = {name: getattr(self, name) for name in LIMIT_FIELDS}
        values["allowed_models"] = None if self.allowed_models is None else tuple(self.allowed_models)
        return KeyLimits(**values)


class TeamCreate(_Limits):
    name: str
    metadata: dict[str, str] = Field(default_factory=dict)


class TeamPatch(_Limits):
    name: str | None = None
    metadata: dict[str, str] | None = None


class KeyCreate(_Limits):
    team: str = Field(description="the owning team's id or name")
    name: str
    metadata: dict[str, str] = Field(default_factory=dict)
    expires_at: datetime | None = None


class KeyPatch(_Limits):
    name: str | None = None
    metadata: dict[str, str] | None = None
    expires_at: datetime | None = None


def _json(data: object, status: int = 200) -> Response:
    return Response(orjson.dumps(data), status_code=status, media_type="application/json")


def _not_found(what: str, ref: str) -> NotFoundError:
    return NotFoundError(f"No {what} with id {ref!r}.")


def _changes(patch: BaseModel) -> dict[str, Any]:
    """The fields the PATCH body set; null clears a limit or the expiry, but a name or metadata cannot be null."""
    changes = patch.model_dump(exclude_unset=True)
    for name in ("name", "metadata"):
        if name in changes and changes[name] is None:
            raise RequestError(f"{name}: cannot be null", param=name, code="invalid_value")
    return changes


def admin_guard(
    admin_key: str | None, admin_key_env: str | None = "ORKESTER_ADMIN_KEY"
) -> Callable[[Endpoint], Endpoint]:
    """Wraps an endpoint: admin key checked first, Orkester and validation errors answered in OpenAI's shape."""
    expected = admin_key.encode() if admin_key else None
    where = f"${admin_key_env} (keys.admin_key_env)" if admin_key_env else "keys.admin_key_env"

    def check(request: Request) -> None:
        if expected is None:
            raise PermissionDeniedError(
                f"The admin API is disabled because no admin key is configured. Set {where} to a long random "
                "value (e.g. `openssl rand -hex 32`) and restart the gateway.",
                code="admin_disabled",
            )
        given = (credential(request) or "").encode()
        if not given:
            raise AuthenticationError(
                "Missing admin key. Send it as 'Authorization: Bearer <admin key>'.", code="missing_api_key"
            )
        if not hmac.compare_digest(given, expected):
            raise AuthenticationError("Invalid admin key.", code="invalid_admin_key")

    def wrap(endpoint: Endpoint) -> Endpoint:
        async def guarded(request: Request) -> Response:
            rid = request.headers.get("x-request-id")
            try:
                check(request)
                return await endpoint(request)
            except OrkesterError as e:
                return error_response(e, rid)
            except ValidationError as e:
                return error_response(validation_error(e), rid)

        return guarded

    return wrap


class _AdminApi:
    def __init__(self, service: KeyService) -> None:
        self.service = service

    async def create_team(self, request: Request) -> Response:
        body = TeamCreate.model_validate_json(await read_body(request, BODY_LIMIT))
        team = await self.service.create_team(body.name, body.limits(), body.metadata)
        return _json(team_json(team), 201)

    async def list_teams(self, request: Request) -> Response:
        return _json({"object": "list", "data": [team_json(t) for t in await self.service.list_teams()]})

    async def show_team(self, request: Request) -> Response:
        ref = request.path_params["id"]
        team = await self.service.find_team(ref)
        if team is None:
            raise _not_found("team", ref)
        return _json(team_json(team))

    async def update_team(self, request: Request) -> Response:
        ref = request.path_params["id"]
        changes = _changes(TeamPatch.model_validate_json(await read_body(request, BODY_LIMIT)))
        team = await self.service.update_team(ref, changes)
        if team is None:
            raise _not_found("team", ref)
        return _json(team_json(team))

    async def create_key(self, request: Request) -> Response:
        body = KeyCreate.model_validate_json(await read_body(request, BODY_LIMIT))
        created = await self.service.create_key(body.team, body.name, body.limits(), body.metadata, body.expires_at)
        # The one answer that carries the secret: never cached by anything in between.
        response = _json(created_json(created.key, created.secret, self.service.now()), 201)
        response.headers["cache-control"] = "no-store"
        return response

    async def list_keys(self, request: Request) -> Response:
        keys = await self.service.list_keys(request.query_params.get("team"))
        now = self.service.now()
        return _json({"object": "list", "data": [key_json(k, now) for k in keys]})

    async def show_key(self, request: Request) -> Response:
        key_id = request.path_params["id"]
        key = await self.service.get_key(key_id)
        if key is None:
            raise _not_found("key", key_id)
        return _json(key_json(key, self.service.now()))

    async def update_key(self, request: Request) -> Response:
        key_id = request.path_params["id"]
        changes = _changes(KeyPatch.model_validate_json(await read_body(request, BODY_LIMIT)))
        key = await self.service.update_key(key_id, changes)
        if key is None:
            raise _not_found("key", key_id)
        return _json(key_json(key, self.service.now()))

    async def revoke_key(self, request: Request) -> Response:
        key_id = request.path_params["id"]
        key = await self.service.revoke_key(key_id)
        if key is None:
            raise _not_found("key", key_id)
        return _json(key_json(key, self.service.now()))


def admin_routes(
    service: KeyService, admin_key: str | None, *, admin_key_env: str | None = "ORKESTER_ADMIN_KEY"
) -> list[Route]:
    """The /admin/ routes over ``service``; ``admin_key`` is the value of ``$keys.admin_key_env`` (None: disabled)."""
    guard = admin_guard(admin_key, admin_key_env)
    api = _AdminApi(service)
    return [
        Route("/admin/teams", guard(api.create_team), methods=["POST"]),
        Route("/admin/teams", guard(api.list_teams), methods=["GET"]),
        Route("/admin/teams/{id}", guard(api.show_team), methods=["GET"]),
        Route("/admin/teams/{id}", guard(api.update_team), methods=["PATCH"]),
        Route("/admin/keys", guard(api.create_key), methods=["POST"]),
        Route("/admin/keys", guard(api.list_keys), methods=["GET"]),
        Route("/admin/keys/{id}", guard(api.show_key), methods=["GET"]),
        Route("/admin/keys/{id}", guard(api.update_key), methods=["PATCH"]),
        Route("/admin/keys/{id}", guard(api.revoke_key), methods=["DELETE"]),
    ]
