"""The /admin/ API on a tiny app built from ``admin_routes`` alone (no gateway), over the memory store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from orkester.keys import KeyService, MemoryKeyStore
from orkester.server.routes.admin import admin_guard, admin_routes
from tests.unit.keys.clocks import Clock

ADMIN = "admin-" + "x" * 40
AUTH = {"authorization": f"Bearer {ADMIN}"}
ROUTES = [
    ("POST", "/admin/teams"),
    ("GET", "/admin/teams"),
    ("GET", "/admin/teams/t"),
    ("PATCH", "/admin/teams/t"),
    ("POST", "/admin/keys"),
    ("GET", "/admin/keys"),
    ("GET", "/admin/keys/k"),
    ("PATCH", "/admin/keys/k"),
    ("DELETE", "/admin/keys/k"),
]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(clock: Clock) -> KeyService:
    return KeyService(MemoryKeyStore(), clock=clock.wall, monotonic=clock.monotonic)


def client_for(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw")


@pytest.fixture
async def client(service: KeyService) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(Starlette(routes=admin_routes(service, ADMIN))) as c:
        yield c


def error(r: httpx.Response) -> dict[str, Any]:
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"message", "type", "param", "code"}, body
    return body["error"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_without_an_admin_key_every_route_is_403_saying_how_to_set_one(
    service: KeyService, method: str, path: str
) -> None:
    async with client_for(Starlette(routes=admin_routes(service, None, admin_key_env="MY_ADMIN"))) as c:
        r = await c.request(method, path, headers=AUTH, json={})
    assert r.status_code == 403
    e = error(r)
    assert e["code"] == "admin_disabled" and "Set $MY_ADMIN (keys.admin_key_env)" in e["message"]


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_a_missing_or_wrong_admin_key_is_401(client: httpx.AsyncClient, method: str, path: str) -> None:
    r = await client.request(method, path, json={})
    assert r.status_code == 401 and error(r)["code"] == "missing_api_key"
    r = await client.request(method, path, json={}, headers={"authorization": f"Bearer {ADMIN}x"})
    assert r.status_code == 401 and error(r)["code"] == "invalid_admin_key"


async def test_teams_create_list_show_patch(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/admin/teams", headers=AUTH, json={"name": "payments", "budget_month_usd": 500, "metadata": {"cc": "42"}}
    )
    assert r.status_code == 201
    team = r.json()
    assert team["object"] == "team" and team["budget_month_usd"] == 500.0 and team["metadata"] == {"cc": "42"}
    listed = (await client.get("/admin/teams", headers=AUTH)).json()
    assert listed["object"] == "list" and [t["id"] for t in listed["data"]] == [team["id"]]
    for ref in (team["id"], "payments"):
        assert (await client.get(f"/admin/teams/{ref}", headers=AUTH)).json() == team
    r = await client.patch(f"/admin/teams/{team['id']}", headers=AUTH, json={"rpm": 600, "budget_month_usd": None})
    assert r.status_code == 200 and (r.json()["rpm"], r.json()["budget_month_usd"]) == (600, None)
    r = await client.get("/admin/teams/nope", headers=AUTH)
    assert r.status_code == 404 and error(r)["code"] == "not_found"
    r = await client.post("/admin/teams", headers=AUTH, json={"name": "payments"})
    assert r.status_code == 400 and error(r)["code"] == "name_taken"


async def test_a_keys_secret_is_returned_once_and_revocation_refuses_it(
    client: httpx.AsyncClient, service: KeyService, clock: Clock
) -> None:
    await client.post("/admin/teams", headers=AUTH, json={"name": "ops", "allowed_models": ["a", "b"]})
    expires = (clock.now + timedelta(days=30)).isoformat()
    r = await client.post(
        "/admin/keys",
        headers=AUTH,
        json={"team": "ops", "name": "bot", "allowed_models": ["b", "c"], "tpm": 1000, "expires_at": expires},
    )
    assert r.status_code == 201 and r.headers["cache-control"] == "no-store"
    created = r.json()
    secret = created["secret"]
    assert (
        secret.startswith("ork-")
        and created["prefix"] == secret[:8] + "…"
        and "cannot be shown again" in (created["warning"])
    )
    assert created["expires_at"] == "2026-12-26T09:00:00.000000Z" and created["status"] == "active"
    key_id = created["id"]
    for path in ("/admin/keys", f"/admin/keys/{key_id}", "/admin/keys?team=ops"):
        r = await client.get(path, headers=AUTH)
        assert r.status_code == 200 and secret not in r.text and secret[8:] not in r.text and "secret" not in r.text
    p = (await service.authenticate(secret)).principal
    assert p is not None and p.allowed_models == frozenset({"b"})
    r = await client.patch(f"/admin/keys/{key_id}", headers=AUTH, json={"rpm": 5, "expires_at": None})
    assert (r.json()["rpm"], r.json()["tpm"], r.json()["expires_at"]) == (5, 1000, None)
    r = await client.delete(f"/admin/keys/{key_id}", headers=AUTH)
    assert r.status_code == 200 and r.json()["status"] == "revoked" and r.json()["revoked_at"] is not None
    assert (await service.authenticate(secret)).reason == "revoked"
    for method in ("GET", "PATCH", "DELETE"):
        r = await client.request(method, "/admin/keys/nope", headers=AUTH, json={})
        assert r.status_code == 404 and error(r)["message"] == "No key with id 'nope'."


@pytest.mark.parametrize(
    ("method", "path", "body", "param", "says"),
    [
        ("POST", "/admin/teams", {"name": "x", "colour": "red"}, "colour", "Extra inputs are not permitted"),
        ("POST", "/admin/teams", {"name": "x", "rpm": 0}, "rpm", "greater than or equal to 1"),
        ("POST", "/admin/teams", {"name": "x", "budget_day_usd": -1}, "budget_day_usd", "greater than or equal"),
        ("POST", "/admin/teams", {"name": "x", "min_data_class": "secret"}, "min_data_class", "unknown data class"),
        ("POST", "/admin/teams", {"name": "x", "allowed_models": []}, "allowed_models", "at least one model"),
        ("POST", "/admin/keys", {"name": "k"}, "team", "Field required"),
        ("POST", "/admin/keys", {"team": "nobody", "name": "k"}, "team", "No team with id or name"),
        ("POST", "/admin/keys", {"team": "t", "name": "k", "expires_at": "2020-01-01"}, "expires_at", "future"),
        ("PATCH", "/admin/teams/t", {"name": None}, "name", "cannot be null"),
        ("PATCH", "/admin/teams/t", {"metadata": {"k": 1}}, "metadata.k", "valid string"),
    ],
)
async def test_bad_bodies_are_400_naming_the_field(
    client: httpx.AsyncClient, method: str, path: str, body: dict[str, Any], param: str, says: str
) -> None:
    await client.post("/admin/teams", headers=AUTH, json={"name": "t"})
    r = await client.request(method, path, headers=AUTH, json=body)
    assert r.status_code == 400
    e = error(r)
    assert e["param"] == param and says in e["message"] and e["type"] == "invalid_request_error"


async def test_broken_json_and_oversized_bodies(client: httpx.AsyncClient) -> None:
    r = await client.post("/admin/teams", headers=AUTH, content=b"{nope")
    assert r.status_code == 400 and error(r)["code"] == "invalid_json"
    r = await client.post("/admin/teams", headers=AUTH, content=b" " * 70_000)
    assert r.status_code == 413


async def test_the_guard_is_reusable_for_the_usage_routes() -> None:
    async def usage(request: Request) -> Response:
        return PlainTextResponse("usage")

    guard = admin_guard(ADMIN)
    async with client_for(Starlette(routes=[Route("/admin/usage", guard(usage))])) as c:
        assert (await c.get("/admin/usage", headers=AUTH)).text == "usage"
        assert (await c.get("/admin/usage")).status_code == 401
    async with client_for(Starlette(routes=[Route("/admin/usage", admin_guard(None)(usage))])) as c:
        assert (await c.get("/admin/usage", headers=AUTH)).status_code == 403
