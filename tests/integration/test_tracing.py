"""Traces over OTLP/HTTP to a real (fake) collector: a request span with one child per upstream attempt, the
GenAI semantic conventions' attributes, and content only when enabled and never for a confidential request."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from orkester.gateway import Gateway
from orkester.guardrails.detect.validators import FNR_K1_WEIGHTS, FNR_K2_WEIGHTS, is_fnr, mod11_check_digit
from orkester.observability.tracing import traces_endpoint
from orkester.settings import ObservabilitySettings
from tests.fakes.common import FakeState
from tests.fakes.openai_server import create_app
from tests.support.gateway import openai_provider, run_gateway
from tests.support.otlp import FakeCollector
from tests.support.servers import ThreadedServer, serve

SERVER, CLIENT = 2, 3  # span kinds
ERROR = 2  # status code
PUBLIC = "Hva er hovedstaden i Norge?"


def valid_fnr(birth: str = "010170") -> str:
    """A fødselsnummer with both check digits right, made with the detector's own validator."""
    for individual in range(100, 500):
        base = f"{birth}{individual:03d}"
        k1 = mod11_check_digit(base, FNR_K1_WEIGHTS)
        k2 = None if k1 is None else mod11_check_digit(f"{base}{k1}", FNR_K2_WEIGHTS)
        if k1 is not None and k2 is not None:
            fnr = f"{base}{k1}{k2}"
            assert is_fnr(fnr)
            return fnr
    raise AssertionError("no valid fødselsnummer for that date")


FNR = valid_fnr()
CONFIDENTIAL = f"Lønnsslippen til Kari Nordmann, fødselsnummer {FNR}, stemmer den?"


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_OPENAI_KEY", "sk-test")


@pytest.fixture(scope="module")
def upstream() -> Iterator[ThreadedServer]:
    with serve(create_app(FakeState())) as srv:
        yield srv


@pytest.fixture
def collector() -> Iterator[tuple[FakeCollector, ThreadedServer]]:
    c = FakeCollector()
    with serve(c.app()) as srv:
        yield c, srv


def config(upstream: str, collector: str, *, content: bool) -> dict[str, Any]:
    return {
        "providers": {"eu": {**openai_provider(upstream), "region": "eu"}, "sim": {"type": "sim", "region": "eu"}},
        "models": {
            "gpt": {"deployments": [{"provider": "eu", "model": "gpt-eu"}]},
            "broken": {
                "deployments": [{"provider": "sim", "model": "dead", "sim": {"ttft_ms": 0, "failure_rate": 1.0}}],
                "fallbacks": ["gpt"],
            },
        },
        "reliability": {"retries": {"max_attempts": 1}},
        "observability": {"otlp_endpoint": collector, "trace_content": content, "service_name": "orkester-test"},
    }


def chat(gw: ThreadedServer, model: str, text: str, **extra: Any) -> httpx.Response:
    body = {"model": model, "messages": [{"role": "user", "content": text}], **extra}
    r = httpx.post(f"{gw.url}/v1/chat/completions", json=body, timeout=30)
    assert r.status_code == 200, r.text
    return r


def flush(gw: ThreadedServer) -> None:
    gateway: Gateway = gw.server.config.app.state.gateway
    assert gateway.observer.tracing is not None
    assert gateway.observer.tracing.flush()


def test_a_fallback_is_one_request_span_with_a_failed_and_a_good_attempt(
    upstream: ThreadedServer, collector: tuple[FakeCollector, ThreadedServer]
) -> None:
    c, srv = collector
    with run_gateway(config(upstream.url, srv.url, content=True)) as gw:
        r = chat(gw, "broken", PUBLIC, max_tokens=50, temperature=0.2)
        flush(gw)
    req = c.request_span(r.headers["x-request-id"])
    assert req.name == "chat broken" and req.kind == SERVER and req.service == "orkester-test"
    a = req.attributes
    assert a["gen_ai.operation.name"] == "chat" and a["gen_ai.request.model"] == "broken"
    assert a["gen_ai.response.model"] == r.json()["model"]
    assert a["gen_ai.provider.name"] == a["gen_ai.system"] == "openai"
    assert (a["gen_ai.request.max_tokens"], a["gen_ai.request.temperature"]) == (50, 0.2)
    assert (a["gen_ai.usage.input_tokens"], a["gen_ai.usage.output_tokens"]) == (11, 7)
    assert a["http.response.status_code"] == 200 and "error.type" not in a
    assert a["orkester.attempts"] == 2 and a["orkester.data_class"] == "public"

    failed, answered = c.children(req)  # exactly two attempts, in the order they were made
    assert (failed.name, failed.kind, failed.status) == ("chat dead", CLIENT, ERROR)
    assert failed.attributes["error.type"] == "upstream_unavailable"
    assert failed.attributes["gen_ai.provider.name"] == "sim" and failed.attributes["gen_ai.request.model"] == "dead"
    assert (answered.name, answered.kind) == ("chat gpt-eu", CLIENT) and answered.status != ERROR
    b = answered.attributes
    assert b["gen_ai.provider.name"] == "openai" and b["gen_ai.request.model"] == "gpt-eu"
    assert (b["server.address"], b["server.port"]) == ("127.0.0.1", upstream.port)
    assert (b["gen_ai.usage.input_tokens"], b["gen_ai.usage.output_tokens"]) == (11, 7)
    assert "error.type" not in b and b["gen_ai.request.max_tokens"] == 50
    for child in (failed, answered):
        assert req.start_ns <= child.start_ns <= child.end_ns <= req.end_ns
    assert failed.end_ns <= answered.start_ns

    # trace_content is on and the request is public: the prompt and the answer are on the request span
    assert PUBLIC in a["gen_ai.input.messages"] and f"You said: {PUBLIC}" in a["gen_ai.output.messages"]


def test_content_never_goes_out_for_a_confidential_request(
    upstream: ThreadedServer, collector: tuple[FakeCollector, ThreadedServer]
) -> None:
    c, srv = collector
    with run_gateway(config(upstream.url, srv.url, content=True)) as gw:
        r = chat(gw, "gpt", CONFIDENTIAL)
        s = chat(gw, "gpt", CONFIDENTIAL, stream=True)
        flush(gw)
    for resp in (r, s):
        req = c.request_span(resp.headers["x-request-id"])
        assert req.attributes["orkester.data_class"] == "confidential"
        assert "gen_ai.input.messages" not in req.attributes and "gen_ai.output.messages" not in req.attributes
        assert [k.name for k in c.children(req)] == ["chat gpt-eu"]
    streamed = c.request_span(s.headers["x-request-id"])
    assert streamed.attributes["orkester.time_to_first_token_s"] > 0
    raw = c.raw()
    assert FNR.encode() not in raw and b"Nordmann" not in raw


def test_no_content_unless_enabled(upstream: ThreadedServer, collector: tuple[FakeCollector, ThreadedServer]) -> None:
    c, srv = collector
    with run_gateway(config(upstream.url, srv.url, content=False)) as gw:
        r = chat(gw, "gpt", PUBLIC)
        flush(gw)
    req = c.request_span(r.headers["x-request-id"])
    assert req.attributes["orkester.data_class"] == "public"
    assert "gen_ai.input.messages" not in req.attributes
    assert b"hovedstaden" not in c.raw()


def test_tracing_is_off_unless_an_endpoint_is_configured(upstream: ThreadedServer) -> None:
    cfg = config(upstream.url, "", content=True)
    del cfg["observability"]
    with run_gateway(cfg) as gw:
        chat(gw, "gpt", PUBLIC)
        gateway: Gateway = gw.server.config.app.state.gateway
        assert gateway.observer.tracing is None and gateway.observer.traces is None


def test_the_endpoint_comes_from_config_or_the_standard_variables() -> None:
    off = ObservabilitySettings()
    assert traces_endpoint(off, {}) is None
    assert traces_endpoint(off, {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318/"}) == "http://c:4318/v1/traces"
    assert traces_endpoint(off, {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4318/x"}) == "http://c:4318/x"
    on = ObservabilitySettings(otlp_endpoint="http://collector:4318")
    assert traces_endpoint(on, {}) == "http://collector:4318/v1/traces"
    assert traces_endpoint(on, {"OTEL_SDK_DISABLED": "true"}) is None
