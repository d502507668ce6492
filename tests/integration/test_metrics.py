"""/metrics after real traffic: every KPI of docs/observability.md is there, with bounded labels and values
that match what the clients saw (requests made, the x-orkester-cost-usd headers, budgets spent)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.support.gateway import run_gateway
from tests.support.servers import ThreadedServer

ADMIN, MASTER = "admin-secret", "master-secret"
FAST = {"ttft_ms": 0, "tokens_per_second": 0, "output_tokens": 3}
PRICE = {"input": 1.0, "output": 2.0}


def sim(model: str, **extra: Any) -> dict[str, Any]:
    behaviour = {**FAST, **extra.pop("sim", {})}
    return {"provider": "sim", "model": model, "price": PRICE, "sim": behaviour, **extra}


CONFIG: dict[str, Any] = {
    "providers": {"sim": {"type": "sim", "region": "eu"}},
    "models": {
        "fast": {"deployments": [sim("ok", max_concurrency=8, rpm=1000, tpm=1_000_000)]},
        "broken": {"deployments": [sim("dead", sim={"failure_rate": 1.0})], "fallbacks": ["fast"]},
        "dunce": {"deployments": [sim("dunce", sim={"quality": 0.0})]},
        "other": {"deployments": [sim("ok2")]},
    },
    "routing": {
        "routes": {
            "escalating": {
                "strategy": "cascade",
                "cascade": {"tiers": [{"model": "dunce", "check": {"type": "structural"}}, {"model": "fast"}]},
            },
            "vote": {"strategy": "ensemble", "ensemble": {"members": ["fast", "other"]}},
        }
    },
    "reliability": {
        "retries": {"max_attempts": 2, "backoff_base": 0.001, "backoff_max": 0.002},
        "circuit_breaker": {"min_requests": 1000},
    },
    "keys": {"cache_seconds": 0},
}

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def scrape(gw: ThreadedServer) -> tuple[str, Samples, set[str]]:
    r = httpx.get(f"{gw.url}/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    out: Samples = {}
    families = set()
    for fam in text_string_to_metric_families(r.text):
        families.add(fam.name)
        for s in fam.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return r.text, out, families


def value(m: Samples, metric: str, /, **labels: str) -> float:
    return m.get((metric, tuple(sorted(labels.items()))), 0.0)


def total(m: Samples, metric: str, /, **labels: str) -> float:
    """The sum over every series of ``name`` whose labels include ``labels``."""
    want = set(labels.items())
    return sum(v for (n, ls), v in m.items() if n == metric and want <= set(ls))


def series(m: Samples, name: str) -> list[dict[str, str]]:
    return [dict(ls) for (n, ls) in m if n == name]


@pytest.fixture(scope="module")
def gw() -> Iterator[ThreadedServer]:
    with run_gateway(CONFIG, env={"ORKESTER_MASTER_KEY": MASTER, "ORKESTER_ADMIN_KEY": ADMIN}) as server:
        yield server


def admin(gw: ThreadedServer, path: str, body: dict[str, Any]) -> Any:
    r = httpx.post(f"{gw.url}/admin/{path}", json=body, headers={"authorization": f"Bearer {ADMIN}"})
    assert r.status_code < 300, r.text
    return r.json()


class Client:
    """Sends chat requests and keeps what the answers said: how many, and what they cost."""

    def __init__(self, gw: ThreadedServer) -> None:
        self.url = f"{gw.url}/v1/chat/completions"
        self.made = 0
        self.costs: list[float] = []

    def chat(self, secret: str, model: str, text: str = "hello there", **headers: str) -> httpx.Response:
        body = {"model": model, "messages": [{"role": "user", "content": text}]}
        r = httpx.post(self.url, json=body, headers={"authorization": f"Bearer {secret}", **headers}, timeout=30)
        self.made += 1
        if "x-orkester-cost-usd" in r.headers:
            self.costs.append(float(r.headers["x-orkester-cost-usd"]))
        return r


def test_every_kpi_is_exported_with_bounded_labels_and_matching_values(gw: ThreadedServer) -> None:
    team = admin(gw, "teams", {"name": "support", "budget_day_usd": 5.0})
    key = admin(gw, "keys", {"team": team["id"], "name": "helpdesk", "budget_total_usd": 2.0})
    secret = key["secret"]
    c = Client(gw)
    for _ in range(3):
        assert c.chat(secret, "fast", **{"x-orkester-task": "translation"}).status_code == 200
    assert c.chat(secret, "fast", **{"x-orkester-task": "my-own-made-up-task"}).status_code == 200
    assert c.chat(secret, "broken").status_code == 200  # dead, retried once, then the fallback
    assert c.chat(secret, "escalating").status_code == 200  # the dunce's non-answer is escalated
    assert c.chat(secret, "vote").status_code == 200
    assert c.chat(secret, "fast", "Send the invoice to kari.nordmann@example.com").status_code == 200
    assert c.chat(secret, "sim/whatever-a-caller-types").status_code == 200  # a deployment named directly
    keyed_cost = sum(c.costs)
    assert c.chat(MASTER, "fast").status_code == 200
    assert c.chat(secret, "nope").status_code == 404
    bad = httpx.post(c.url, content=b"{", headers={"authorization": f"Bearer {MASTER}"})
    assert bad.status_code == 400
    c.made += 1

    text, m, _ = scrape(gw)

    # Requests: every one counted once; labels from configuration only.
    assert total(m, "orkester_requests_total") == c.made == 12
    row = {"endpoint": "chat", "alias": "fast", "provider": "sim", "model": "ok", "team": "support", "status": "200"}
    assert value(m, "orkester_requests_total", **row, task="translation") == 3
    assert value(m, "orkester_requests_total", **row, task="other") == 1  # the made-up task
    assert value(m, "orkester_request_duration_seconds_count", **row, task="translation") == 3
    assert total(m, "orkester_requests_total", team="none", status="200") == 1  # the master key
    assert total(m, "orkester_requests_total", model="other", status="200") == 1  # the direct deployment
    assert total(m, "orkester_requests_total", status="404") == 1
    for labels in series(m, "orkester_requests_total"):
        assert labels["team"] in ("support", "none", "")
        assert labels["task"] in ("translation", "other", "unknown", "")
    # Overhead: every request that reached the pipeline (not the unparseable one).
    assert value(m, "orkester_gateway_overhead_seconds_count", endpoint="chat") == 11
    assert 0 < value(m, "orkester_gateway_overhead_seconds_sum", endpoint="chat") < 11

    # Cost: the counter adds up to the headers the clients got (8 decimals each).
    assert total(m, "orkester_cost_usd_total") == pytest.approx(sum(c.costs), abs=1e-6)
    assert total(m, "orkester_cost_usd_total", team="support", task="translation") > 0
    assert total(m, "orkester_tokens_total", provider="sim", model="ok", kind="output", team="support") > 0
    assert total(m, "orkester_tokens_total", kind="input", team="none") > 0

    # Errors by type, retries, fallbacks, escalations, ensemble calls.
    assert value(m, "orkester_errors_total", endpoint="chat", type="model_not_found") == 1
    assert value(m, "orkester_errors_total", endpoint="chat", type="invalid_json") == 1
    assert value(m, "orkester_retries_total", provider="sim", model="dead") == 1
    dead = {"provider": "sim", "model": "dead"}
    assert value(m, "orkester_upstream_attempts_total", **dead, outcome="upstream_unavailable") == 2
    assert value(m, "orkester_fallbacks_total", alias="broken") == 1
    assert value(m, "orkester_cascade_escalations_total", route="escalating") == 1
    assert value(m, "orkester_route_requests_total", route="escalating", mode="cascade") == 1
    assert value(m, "orkester_route_requests_total", route="vote", mode="ensemble") == 1
    assert value(m, "orkester_ensemble_calls_total", route="vote", role="member") == 2

    # Circuit, in flight, capacity and the deployment's own rate window.
    assert value(m, "orkester_circuit_state", deployment="sim/dead") == 0
    assert value(m, "orkester_circuit_state", deployment="other") == 0  # the direct one, not its name
    assert value(m, "orkester_upstream_in_flight", provider="sim", model="ok") == 0
    assert value(m, "orkester_deployment_max_concurrency", provider="sim", model="ok") == 8
    assert ("orkester_deployment_capacity_used_ratio", (("model", "ok"), ("provider", "sim"))) in m
    calls_to_ok = value(m, "orkester_upstream_attempts_total", provider="sim", model="ok", outcome="ok")
    assert calls_to_ok == 9
    rpm = {"provider": "sim", "model": "ok", "limit": "rpm"}
    assert value(m, "orkester_deployment_rate_limit", **rpm) == 1000
    assert value(m, "orkester_deployment_rate_used", **rpm) == calls_to_ok
    assert value(m, "orkester_deployment_rate_headroom_ratio", **rpm) == pytest.approx(1 - calls_to_ok / 1000)
    assert value(m, "orkester_deployment_rate_used", provider="sim", model="ok", limit="tpm") > 0

    # Budgets: the team's day and the key's total, less what the key's requests cost.
    team_day = {"scope": "team", "id": team["id"], "name": "support", "window": "day"}
    key_total = {"scope": "key", "id": key["id"], "name": "helpdesk", "window": "total"}
    assert value(m, "orkester_budget_limit_usd", **team_day) == 5.0
    assert value(m, "orkester_budget_remaining_usd", **team_day) == pytest.approx(5.0 - keyed_cost, abs=1e-5)
    assert value(m, "orkester_budget_remaining_usd", **key_total) == pytest.approx(2.0 - keyed_cost, abs=1e-5)

    # Data protection and PII, and the cache's counter (the cache stage increments it).
    assert total(m, "orkester_data_protection_decisions_total") == 11  # classified before routing: the 404 too
    assert value(m, "orkester_pii_entities_total", type="EMAIL") == 1
    assert ("orkester_cache_lookups_total", (("result", "hit"),)) in m

    # Streams: time to first token.
    stream = httpx.post(
        c.url,
        json={"model": "fast", "messages": [{"role": "user", "content": "hi"}], "stream": True},
        headers={"authorization": f"Bearer {secret}"},
    )
    assert stream.status_code == 200 and stream.text.endswith("data: [DONE]\n\n")
    text2, m2, families = scrape(gw)
    assert value(m2, "orkester_time_to_first_token_seconds_count", provider="sim", model="ok") == 1
    assert value(m2, "orkester_deployment_rate_used", **rpm) == calls_to_ok + 1

    kpis = {
        "orkester_requests",
        "orkester_request_duration_seconds",
        "orkester_gateway_overhead_seconds",
        "orkester_time_to_first_token_seconds",
        "orkester_tokens",
        "orkester_cost_usd",
        "orkester_errors",
        "orkester_retries",
        "orkester_fallbacks",
        "orkester_route_requests",
        "orkester_cascade_escalations",
        "orkester_ensemble_calls",
        "orkester_circuit_state",
        "orkester_upstream_in_flight",
        "orkester_deployment_capacity_used_ratio",
        "orkester_deployment_rate_headroom_ratio",
        "orkester_budget_remaining_usd",
        "orkester_data_protection_decisions",
        "orkester_pii_entities",
        "orkester_cache_lookups",
    }
    assert kpis <= families, kpis - families
    # No user text or request ids in any label.
    for t in (text, text2):
        assert "kari.nordmann" not in t and "my-own-made-up-task" not in t and "whatever-a-caller-types" not in t
        assert "hello there" not in t and "nope" not in t and secret not in t
