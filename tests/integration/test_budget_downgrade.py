"""Over budget, with ``routing.over_budget: downgrade``: the request is answered by the dearest deployment of
its plan that still fits, then by the budget fallback alias, and refused (429) only when nothing fits; the
response says so and the budget is never overshot."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from orkester.errors import ConfigError
from orkester.server.app import create_app
from orkester.settings import validate_settings
from tests.support.gateway import run_gateway
from tests.support.servers import ThreadedServer

ADMIN = "admin-secret"
BODY = {"model": "smart", "messages": [{"role": "user", "content": "Hei!"}], "max_tokens": 10}


def sim(provider: str, model: str, price: float) -> dict[str, Any]:
    behaviour = {"ttft_ms": 0, "tokens_per_second": 0, "output_tokens": 5}
    return {"provider": provider, "model": model, "price": {"input": price, "output": price}, "sim": behaviour}


CONFIG = {
    "providers": {"cloud": {"type": "sim", "region": "eu"}, "onprem": {"type": "sim", "region": "local"}},
    "models": {
        "smart": {"deployments": [sim("cloud", "premium", 1000.0), sim("cloud", "mid", 100.0)]},
        "local": {"deployments": [sim("onprem", "local-llm", 0.0)]},
    },
    "routing": {"over_budget": "downgrade", "budget_fallback": "local"},
    "keys": {"cache_seconds": 0},
}


@pytest.fixture(scope="module")
def gw() -> Iterator[ThreadedServer]:
    with run_gateway(CONFIG, env={"ORKESTER_ADMIN_KEY": ADMIN}) as server:
        yield server


def key(gw: ThreadedServer, budget: float, **limits: Any) -> tuple[str, str]:
    auth = {"authorization": f"Bearer {ADMIN}"}
    team = httpx.post(f"{gw.url}/admin/teams", json={"name": f"t{budget}{limits}"}, headers=auth).json()
    body = {"team": team["id"], "name": "app", "budget_total_usd": budget, **limits}
    k = httpx.post(f"{gw.url}/admin/keys", json=body, headers=auth).json()
    return k["id"], k["secret"]


def ask(gw: ThreadedServer, secret: str) -> httpx.Response:
    return httpx.post(f"{gw.url}/v1/chat/completions", json=BODY, headers={"authorization": f"Bearer {secret}"})


def test_over_budget_the_plan_steps_down_to_what_fits_then_to_the_fallback(gw: ThreadedServer) -> None:
    # premium reserves about (prompt + 10) * $1000 per million tokens, a few cents; mid a tenth of it
    _, secret = key(gw, budget=0.012)
    served, cost = [], 0.0
    for _ in range(12):
        r = ask(gw, secret)
        assert r.status_code == 200, r.text
        served.append((r.headers["x-orkester-model"], r.headers.get("x-orkester-downgraded")))
        cost += float(r.headers["x-orkester-cost-usd"])
    assert served[0] == ("mid", "budget")  # premium's worst case never fitted
    assert ("local-llm", "budget") in served  # once mid's no longer fits either
    first_local = served.index(("local-llm", "budget"))
    assert all(m == "mid" for m, _ in served[:first_local]) and all(m == "local-llm" for m, _ in served[first_local:])
    assert 0 < cost <= 0.012


def test_without_a_usable_fallback_over_budget_is_a_429(gw: ThreadedServer) -> None:
    _, secret = key(gw, budget=0.0001, allowed_models=["smart"])  # may not use the local alias
    r = ask(gw, secret)
    assert r.status_code == 429 and r.json()["error"]["code"] == "budget_exceeded"


def test_within_budget_nothing_is_downgraded(gw: ThreadedServer) -> None:
    _, secret = key(gw, budget=10.0)
    r = ask(gw, secret)
    assert r.status_code == 200 and r.headers["x-orkester-model"] == "premium"
    assert "x-orkester-downgraded" not in r.headers


def test_an_unknown_budget_fallback_is_refused_at_start() -> None:
    config = {**CONFIG, "routing": {"over_budget": "downgrade", "budget_fallback": "nope"}}
    with pytest.raises(ConfigError, match=r"routing.budget_fallback: no model alias 'nope' \(known: local, smart\)"):
        create_app(validate_settings(config), env={}, local_available=False)
