"""Virtual keys through the HTTP API: created over /admin/, they authenticate, carry their team's and
their own limits (allowed models, minimum data class, rpm, budgets) and are refused once revoked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest

from orkester.accounting.tokens import count_prompt
from orkester.types import ChatRequest
from tests.support.gateway import run_gateway
from tests.support.servers import ThreadedServer

ADMIN = "admin-secret"
MASTER = "master-secret"


def sim(model: str, region: str, price: float) -> dict[str, Any]:
    behaviour = {"ttft_ms": 0, "tokens_per_second": 0, "output_tokens": 5}
    return {"provider": f"sim-{region}", "model": model, "price": {"input": price, "output": price}, "sim": behaviour}


CONFIG = {
    "providers": {"sim-us": {"type": "sim", "region": "us"}, "sim-eu": {"type": "sim", "region": "eu"}},
    "models": {
        "cheap": {"deployments": [sim("cheap", "us", 1.0)]},
        "pricey": {"deployments": [sim("pricey", "us", 1000.0), sim("pricey-eu", "eu", 1000.0)]},
    },
    "keys": {"cache_seconds": 0},
    "reliability": {"retries": {"max_attempts": 1}},
}


@pytest.fixture(scope="module")
def gw() -> Iterator[ThreadedServer]:
    env = {"ORKESTER_MASTER_KEY": MASTER, "ORKESTER_ADMIN_KEY": ADMIN}
    with run_gateway(CONFIG, env=env) as server:
        yield server


def admin(gw: ThreadedServer, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    r = httpx.request(method, f"{gw.url}/admin/{path}", json=body, headers={"authorization": f"Bearer {ADMIN}"})
    assert r.status_code < 300, r.text
    return r.json()


def new_key(gw: ThreadedServer, team: dict[str, Any], **limits: Any) -> tuple[str, str]:
    t = admin(gw, "POST", "teams", team)
    k = admin(gw, "POST", "keys", {"team": t["id"], "name": "app", **limits})
    return k["id"], k["secret"]


def client(gw: ThreadedServer, secret: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{gw.url}/v1", api_key=secret, max_retries=0)


def ask(c: openai.OpenAI, model: str = "cheap", text: str = "Hei!") -> Any:
    return c.chat.completions.with_raw_response.create(
        model=model, messages=[{"role": "user", "content": text}], max_tokens=10
    )


def test_admin_api_needs_the_admin_key(gw: ThreadedServer) -> None:
    assert httpx.get(f"{gw.url}/admin/keys", headers={"authorization": f"Bearer {MASTER}"}).status_code in (401, 403)


def test_a_key_works_until_revoked_and_an_unknown_key_never(gw: ThreadedServer) -> None:
    key_id, secret = new_key(gw, {"name": "support-bot"})
    assert ask(client(gw, secret)).parse().choices[0].message.content
    with pytest.raises(openai.AuthenticationError):
        ask(client(gw, "ork-" + "x" * 32))
    admin(gw, "DELETE", f"keys/{key_id}")
    with pytest.raises(openai.AuthenticationError) as e:
        ask(client(gw, secret))
    assert "revoked" in str(e.value)


def test_allowed_models_and_the_minimum_data_class(gw: ThreadedServer) -> None:
    _, secret = new_key(gw, {"name": "hr", "allowed_models": ["pricey"], "min_data_class": "confidential"})
    c = client(gw, secret)
    with pytest.raises(openai.PermissionDeniedError) as e:
        ask(c, "cheap")
    assert "model_not_allowed" in str(e.value.body)
    raw = ask(c, "pricey", "Hva er klokka?")  # nothing sensitive in it, but the team's floor is confidential
    assert raw.headers["x-orkester-data-class"] == "confidential" and raw.headers["x-orkester-region"] == "eu"


def test_the_key_rpm_limit_is_a_429_with_retry_after(gw: ThreadedServer) -> None:
    _, secret = new_key(gw, {"name": "batch"}, rpm=2)
    c = client(gw, secret)
    ask(c)
    ask(c)
    with pytest.raises(openai.RateLimitError) as e:
        ask(c)
    assert e.value.response.headers.get("retry-after") and "requests per minute" in str(e.value)


def test_tpm_counts_the_prompt_in_tokens_not_characters(gw: ThreadedServer) -> None:
    # order numbers: about 2.5 characters a token, where "4 characters a token" would count 109
    text = " ".join(str(4500000000 + 7919 * i) for i in range(40))
    counted = count_prompt(
        ChatRequest.model_validate({"model": "cheap", "messages": [{"role": "user", "content": text}]}), "cheap"
    )
    assert counted > 2 * (len(text) // 4)
    _, tight = new_key(gw, {"name": "tokens-tight"}, tpm=counted + 10 - 1)
    with pytest.raises(openai.RateLimitError) as e:
        ask(client(gw, tight), "cheap", text)
    assert "tokens per minute" in str(e.value)
    _, exact = new_key(gw, {"name": "tokens-exact"}, tpm=counted + 10)  # prompt + max_tokens 10: fits
    assert ask(client(gw, exact), "cheap", text).http_response.status_code == 200


def test_a_budget_refuses_what_would_overshoot_it_and_counts_what_was_spent(gw: ThreadedServer) -> None:
    # pricey costs $1000 per million tokens: ~10 prompt + 10 output tokens reserve about $0.02 a request
    _, secret = new_key(gw, {"name": "quotes", "budget_total_usd": 0.05})
    c = client(gw, secret)
    served = 0
    with pytest.raises(openai.RateLimitError) as e:
        for _ in range(10):
            ask(c, "pricey")
            served += 1
    assert 1 <= served < 10
    body = e.value.body
    assert isinstance(body, dict) and body["code"] == "budget_exceeded" and "$0.05" in body["message"]


def test_usage_and_reports_on_the_admin_api(gw: ThreadedServer) -> None:
    key_id, secret = new_key(gw, {"name": "reports"})
    ask(client(gw, secret))
    ask(client(gw, secret), "pricey")
    usage = admin(gw, "GET", f"usage?key={key_id}")
    assert sum(r["requests"] for r in usage["rows"]) == 2
    costs = admin(gw, "GET", "reports/costs?by=model")
    assert {"sim-us/cheap", "sim-us/pricey"} <= {r["model"] for r in costs["rows"]}
    savings = admin(gw, "GET", "reports/savings?premium=pricey")
    assert savings["summary"]["saved_usd"] > 0
    roi = admin(gw, "GET", "reports/roi?hourly_rate=600&minutes_saved=general_chat:5")
    assert "saved_eur_per_year" in roi["summary"]
    bad = httpx.get(f"{gw.url}/admin/reports/costs?by=colour", headers={"authorization": f"Bearer {ADMIN}"})
    assert bad.status_code == 400 and "by must be one of" in bad.json()["error"]["message"]
