"""Prompt templates over HTTP: pushed and rolled back through /admin/prompts, used by the official openai SDK
through ``metadata`` (and the ``x-orkester-prompt`` headers). The upstream is the fake OpenAI server, which
records what it received, so each test sees the rendered messages that left the gateway; a ``sim`` deployment
behind a rules route shows the template's task type routing the request."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest

from tests.fakes.common import FakeState
from tests.fakes.openai_server import create_app
from tests.support.gateway import openai_provider, run_gateway
from tests.support.servers import ThreadedServer, serve

ADMIN = "admin-secret"
MASTER = "master-secret"
QUOTE_V1 = "You write short quotes for {{ company }}."
QUOTE_V2 = (
    "{% block system %}\nYou write quotes for {{ company }}, in a {{ tone }} tone.\n{% endblock %}\n"
    "{% block user %}Quote {{ qty }} x {{ item }} for {{ customer }}.{% endblock %}\n"
)
V2_VARS = [
    {"name": "company"},
    {"name": "customer", "description": "who asks"},
    {"name": "item"},
    {"name": "qty", "default": "1"},
    {"name": "tone", "default": "friendly"},
]


@pytest.fixture(scope="module")
def upstream() -> Iterator[tuple[ThreadedServer, FakeState]]:
    state = FakeState()
    with serve(create_app(state)) as up:
        yield up, state


@pytest.fixture(scope="module")
def gw(upstream: tuple[ThreadedServer, FakeState]) -> Iterator[ThreadedServer]:
    config = {
        "providers": {"up": openai_provider(upstream[0].url), "sim": {"type": "sim"}},
        "models": {
            "chat": {"deployments": [{"provider": "up", "model": "gpt-4o-mini"}]},
            "quoter": {
                "deployments": [{"provider": "sim", "model": "quoter", "sim": {"ttft_ms": 0, "tokens_per_second": 0}}]
            },
        },
        "routing": {
            "warm_up": False,
            "routes": {"auto": {"strategy": "rules", "tasks": {"quote": "quoter"}, "default": "chat"}},
        },
        "reliability": {"retries": {"max_attempts": 1}},
    }
    env = {"ORKESTER_MASTER_KEY": MASTER, "ORKESTER_ADMIN_KEY": ADMIN}
    with pytest.MonkeyPatch.context() as mp, run_gateway(config, env=env) as server:
        mp.setenv("FAKE_OPENAI_KEY", "sk-test")  # the provider reads its key from the process environment
        push(server, {"name": "quote", "body": QUOTE_V1, "variables": [{"name": "company"}], "created_by": "ann"})
        push(server, {"name": "quote", "body": QUOTE_V2, "variables": V2_VARS, "task_type": "quote"})
        yield server


def admin(gw: ThreadedServer, method: str, path: str, body: dict[str, Any] | None = None, **kw: Any) -> httpx.Response:
    headers = {"authorization": f"Bearer {ADMIN}"}
    return httpx.request(method, f"{gw.url}/admin/prompts{path}", json=body, headers=headers, **kw)


def push(gw: ThreadedServer, body: dict[str, Any]) -> dict[str, Any]:
    r = admin(gw, "POST", "", body)
    assert r.status_code in (200, 201), r.text
    out: dict[str, Any] = r.json()
    return out


def client(gw: ThreadedServer, key: str = MASTER) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{gw.url}/v1", api_key=key, max_retries=0)


V2_VALUES = {"company": "Acme", "customer": "Ada", "item": "M8 bolts", "qty": "500"}


def test_the_sdk_names_a_template_in_metadata_and_the_upstream_receives_it_rendered(
    gw: ThreadedServer, upstream: tuple[ThreadedServer, FakeState]
) -> None:
    state = upstream[1]
    raw = client(gw).chat.completions.with_raw_response.create(
        model="chat",
        messages=[{"role": "user", "content": "We need them by Friday."}],
        metadata={"prompt": "quote@2", "prompt_vars": json.dumps(V2_VALUES)},
    )
    sent = state.requests[-1]
    assert sent["messages"] == [
        {"role": "system", "content": "You write quotes for Acme, in a friendly tone."},
        {"role": "user", "content": "We need them by Friday."},
        {"role": "user", "content": "Quote 500 x M8 bolts for Ada."},
    ]
    assert "metadata" not in sent  # the variables stay in the gateway
    assert raw.headers["x-orkester-prompt"] == "quote@2"
    assert raw.parse().choices[0].message.content == "You said: Quote 500 x M8 bolts for Ada."


def test_the_headers_work_too_and_win_over_metadata_and_streams_are_rendered_alike(
    gw: ThreadedServer, upstream: tuple[ThreadedServer, FakeState]
) -> None:
    state = upstream[1]
    stream = client(gw).chat.completions.create(
        model="chat",
        messages=[{"role": "user", "content": "hello"}],
        metadata={"prompt": "quote@2", "prompt_vars": "{}"},
        extra_headers={"x-orkester-prompt": "quote@1", "x-orkester-prompt-vars": json.dumps({"company": "Beta"})},
        stream=True,
    )
    text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert text == "You said: hello"
    assert state.requests[-1]["messages"][0] == {"role": "system", "content": "You write short quotes for Beta."}


def test_the_templates_task_type_routes_the_request(gw: ThreadedServer) -> None:
    raw = client(gw).chat.completions.with_raw_response.create(
        model="auto",
        messages=[{"role": "user", "content": "hello"}],
        metadata={"prompt": "quote@2", "prompt_vars": json.dumps(V2_VALUES)},
    )
    assert raw.headers["x-orkester-provider"] == "sim" and raw.headers["x-orkester-task"].startswith("quote")
    # quote@1 has no task type: the caller's own task (none of the route's rules) decides
    raw = client(gw).chat.completions.with_raw_response.create(
        model="auto",
        messages=[{"role": "user", "content": "hello"}],
        metadata={"prompt": "quote@1", "prompt_vars": '{"company": "A"}', "task": "chat"},
    )
    assert raw.headers["x-orkester-provider"] == "up" and raw.headers["x-orkester-task"].startswith("chat")


def test_a_virtual_keys_default_task_gives_way_to_the_templates(gw: ThreadedServer) -> None:
    auth = {"authorization": f"Bearer {ADMIN}"}
    team = httpx.post(f"{gw.url}/admin/teams", json={"name": "sales"}, headers=auth).json()
    key = httpx.post(
        f"{gw.url}/admin/keys", json={"team": team["id"], "name": "app", "default_task": "chat"}, headers=auth
    ).json()
    raw = client(gw, key["secret"]).chat.completions.with_raw_response.create(
        model="auto",
        messages=[{"role": "user", "content": "hello"}],
        metadata={"prompt": "quote", "prompt_vars": json.dumps(V2_VALUES)},
    )
    assert raw.headers["x-orkester-provider"] == "sim" and raw.headers["x-orkester-prompt"] == "quote@2"


def test_unknown_templates_are_404_and_missing_variables_400_in_openais_shape(gw: ThreadedServer) -> None:
    c = client(gw)
    for ref in ("nope", "quote@99"):
        with pytest.raises(openai.NotFoundError) as e:
            c.chat.completions.create(
                model="chat", messages=[{"role": "user", "content": "x"}], metadata={"prompt": ref}
            )
        body: Any = e.value.body
        assert body["code"] == "prompt_not_found" and body["message"] == f"Prompt template {ref!r} does not exist."
    with pytest.raises(openai.BadRequestError) as bad:
        c.chat.completions.create(
            model="chat",
            messages=[{"role": "user", "content": "x"}],
            metadata={"prompt": "quote@2", "prompt_vars": '{"company": "Acme", "item": "x"}'},
        )
    body = bad.value.body
    assert body["code"] == "missing_prompt_variable" and "'customer' (who asks)" in body["message"]
    assert body["param"] == "prompt_vars.customer"
    with pytest.raises(openai.BadRequestError) as bad:
        c.chat.completions.create(
            model="chat", messages=[{"role": "user", "content": "x"}], metadata={"prompt": "quote", "prompt_vars": "{"}
        )
    assert bad.value.body["param"] == "metadata.prompt_vars"  # type: ignore[index]


def test_admin_api_lists_shows_diffs_and_rolls_back_and_the_gateway_follows_at_once(
    gw: ThreadedServer, upstream: tuple[ThreadedServer, FakeState]
) -> None:
    push(gw, {"name": "greet", "body": "Say hello to {{ who }}.", "variables": [{"name": "who"}]})
    v2 = push(gw, {"name": "greet", "body": "Say hi to {{ who }}.", "variables": [{"name": "who"}], "created_by": "bo"})
    assert (v2["ref"], v2["active"], v2["created"], v2["created_by"]) == ("greet@2", True, True, "bo")
    again = admin(gw, "POST", "", {"name": "greet", "body": "Say hi to {{ who }}.", "variables": [{"name": "who"}]})
    assert again.status_code == 200 and again.json()["created"] is False

    def sent_system() -> str:
        client(gw).chat.completions.create(
            model="chat",
            messages=[{"role": "user", "content": "x"}],
            metadata={"prompt": "greet", "prompt_vars": '{"who": "Al"}'},
        )
        return str(upstream[1].requests[-1]["messages"][0]["content"])

    assert sent_system() == "Say hi to Al."
    listed = admin(gw, "GET", "").json()["data"]
    assert {t["name"]: (t["active_version"], t["latest_version"]) for t in listed} == {"greet": (2, 2), "quote": (2, 2)}
    shown = admin(gw, "GET", "/greet").json()
    assert shown["active"]["body"] == "Say hi to {{ who }}." and [v["active"] for v in shown["versions"]] == [
        False,
        True,
    ]
    assert "body" not in shown["versions"][0]
    assert admin(gw, "GET", "/greet/versions/1").json()["body"] == "Say hello to {{ who }}."
    assert admin(gw, "GET", "/greet/versions/latest").json()["version"] == 2
    diff = admin(gw, "GET", "/greet/diff").json()
    assert (diff["from"], diff["to"]) == ("greet@1", "greet@2") and "+Say hi to {{ who }}." in diff["diff"]
    assert admin(gw, "GET", "/greet/diff", params={"from": "2", "to": "1"}).json()["from"] == "greet@2"

    rolled = admin(gw, "POST", "/greet/rollback", {"by": "ops"}).json()
    assert (rolled["active_version"], rolled["latest_version"], rolled["updated_by"]) == (1, 2, "ops")
    assert sent_system() == "Say hello to Al."  # this process's cache was dropped: at once
    assert admin(gw, "POST", "/greet/rollback", {"version": 2}).json()["active_version"] == 2
    assert sent_system() == "Say hi to Al."


def test_admin_errors(gw: ThreadedServer) -> None:
    r = admin(gw, "POST", "", {"name": "bad", "body": "{{ who }}"})
    assert r.status_code == 400 and r.json()["error"]["param"] == "variables"
    r = admin(gw, "POST", "", {"name": "bad", "body": "x", "variables": [{"name": "a", "colour": "red"}]})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_value"
    assert admin(gw, "POST", "", {"name": "bad", "body": "{{ ''.__class__ }}"}).status_code == 400
    for path in ("/nope", "/nope/versions/1", "/quote/versions/9", "/nope/diff"):
        r = admin(gw, "GET", path)
        assert r.status_code == 404 and r.json()["error"]["code"] == "prompt_not_found", path
    assert admin(gw, "POST", "/nope/rollback", {}).status_code == 404
    assert admin(gw, "GET", "/quote/versions/abc").status_code == 400
    assert admin(gw, "GET", "/quote/diff", params={"from": "1", "to": "1"}).json()["diff"] == ""
    r = httpx.get(f"{gw.url}/admin/prompts", headers={"authorization": "Bearer wrong"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_admin_key"
    r = httpx.get(f"{gw.url}/admin/prompts", headers={"authorization": f"Bearer {MASTER}"})
    assert r.status_code == 401


def test_without_an_admin_key_the_prompt_api_is_disabled() -> None:
    with run_gateway({"providers": {"sim": {"type": "sim"}}}, env={"ORKESTER_MASTER_KEY": MASTER}) as server:
        r = httpx.get(f"{server.url}/admin/prompts", headers={"authorization": f"Bearer {MASTER}"})
        assert r.status_code == 403 and r.json()["error"]["code"] == "admin_disabled"
