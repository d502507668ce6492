"""/metrics is valid Prometheus exposition and counts what happened."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.support.gateway import run_gateway

FAST = {"ttft_ms": 0, "tokens_per_second": 0, "output_tokens": 3}
CONFIG = {
    "providers": {"sim": {"type": "sim"}},
    "models": {
        "broken": {
            "deployments": [{"provider": "sim", "model": "dead", "sim": {**FAST, "failure_rate": 1.0}}],
            "fallbacks": ["fast"],
        },
        "fast": {"deployments": [{"provider": "sim", "model": "ok", "price": {"input": 1, "output": 1}, "sim": FAST}]},
    },
    "reliability": {"retries": {"max_attempts": 1}},
}


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def value(m: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    return m.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_count_requests_fallbacks_tokens_and_errors() -> None:
    with run_gateway(CONFIG) as gw:
        url = f"{gw.url}/v1/chat/completions"
        msg = [{"role": "user", "content": "hello there"}]
        assert httpx.post(url, json={"model": "fast", "messages": msg}).status_code == 200
        assert httpx.post(url, json={"model": "broken", "messages": msg}).status_code == 200
        assert httpx.post(url, json={"model": "fast", "messages": msg, "stream": True}).status_code == 200
        assert httpx.post(url, json={"model": "nope", "messages": msg}).status_code == 404
        assert httpx.post(url, content=b"{").status_code == 400
        r = httpx.get(f"{gw.url}/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    m = samples(r.text)
    ok = {"endpoint": "chat", "alias": "fast", "provider": "sim", "model": "ok", "status": "200"}
    assert value(m, "orkester_requests_total", **ok) == 3
    refused = {"endpoint": "chat", "alias": "", "provider": "", "model": ""}
    assert value(m, "orkester_requests_total", **refused, status="404") == 1
    assert value(m, "orkester_requests_total", **refused, status="400") == 1
    assert value(m, "orkester_fallbacks_total", alias="broken") == 1
    assert (
        value(m, "orkester_upstream_attempts_total", provider="sim", model="dead", outcome="upstream_unavailable") == 1
    )
    assert value(m, "orkester_upstream_attempts_total", provider="sim", model="ok", outcome="ok") == 3
    assert value(m, "orkester_tokens_total", provider="sim", model="ok", kind="output") > 0
    assert value(m, "orkester_cost_usd_total", alias="fast", provider="sim", model="ok") > 0
    assert value(m, "orkester_time_to_first_token_seconds_count", provider="sim", model="ok") == 1
    # every request that got as far as the pipeline (not the unparseable one)
    assert value(m, "orkester_gateway_overhead_seconds_count", endpoint="chat") == 4
    assert value(m, "orkester_upstream_in_flight", provider="sim", model="ok") == 0  # every slot given back
    assert value(m, "orkester_circuit_state", deployment="sim/dead") == 0
    # No request ids or user text in any label.
    assert "hello there" not in r.text
