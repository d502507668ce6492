"""Orkester's request controls (headers and metadata) and what they change."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.gateway import run_gateway
from tests.support.servers import ThreadedServer

SLOW = {"ttft_ms": 5000, "tokens_per_second": 0}
FAST = {"ttft_ms": 0, "tokens_per_second": 0, "output_tokens": 3}


@pytest.fixture(scope="module")
def gw() -> Iterator[ThreadedServer]:
    config = {
        "providers": {"sim": {"type": "sim"}},
        "models": {
            "slow": {"deployments": [{"provider": "sim", "model": "slow", "sim": SLOW}]},
            "fast": {"deployments": [{"provider": "sim", "model": "fast", "sim": FAST}]},
            "drip": {
                "deployments": [{"provider": "sim", "model": "dripping", "sim": {"ttft_ms": 0, "tokens_per_second": 4}}]
            },
        },
    }
    with run_gateway(config) as srv:
        yield srv


def chat(gw: ThreadedServer, model: str, headers: dict[str, str] | None = None, **body: object) -> httpx.Response:
    payload = {"model": model, "messages": [{"role": "user", "content": "hi"}], **body}
    return httpx.post(f"{gw.url}/v1/chat/completions", json=payload, headers=headers or {}, timeout=30)


@pytest.mark.parametrize("stream", [False, True])
def test_deadline_header_turns_a_slow_answer_into_504(gw: ThreadedServer, stream: bool) -> None:
    r = chat(gw, "slow", {"x-orkester-deadline-ms": "50"}, stream=stream)
    assert r.status_code == 504
    err = r.json()["error"]
    assert err["code"] == "deadline_exceeded" and "50 ms" in err["message"]


def test_deadline_in_metadata_works_too_and_is_not_forwarded(gw: ThreadedServer) -> None:
    r = chat(gw, "slow", metadata={"deadline_ms": "40"})
    assert r.status_code == 504
    ok = chat(gw, "fast", metadata={"deadline_ms": "5000", "task": "quote"})
    assert ok.status_code == 200


def test_request_id_is_echoed_and_made_up_when_missing(gw: ThreadedServer) -> None:
    r = chat(gw, "fast", {"x-request-id": "my-trace-42"})
    assert r.headers["x-request-id"] == "my-trace-42"
    assert r.json()["id"] == "chatcmpl-my-trace-42"
    other = chat(gw, "fast")
    assert len(other.headers["x-request-id"]) == 32
    assert other.headers["x-request-id"] != chat(gw, "fast").headers["x-request-id"]


def test_simulated_answers_are_labelled(gw: ThreadedServer) -> None:
    r = chat(gw, "fast")
    assert r.headers["x-orkester-simulated"] == "true"
    assert r.json()["system_fingerprint"] == "orkester-simulated"
    s = chat(gw, "fast", stream=True)
    assert s.headers["x-orkester-simulated"] == "true"
    assert '"system_fingerprint":"orkester-simulated"' in s.text


def test_client_leaving_mid_stream_releases_the_upstream(gw: ThreadedServer) -> None:
    import time

    from prometheus_client.parser import text_string_to_metric_families

    def in_flight() -> float:
        text = httpx.get(f"{gw.url}/metrics").text
        for fam in text_string_to_metric_families(text):
            for s in fam.samples:
                if s.name == "orkester_upstream_in_flight" and s.labels.get("model") == "dripping":
                    return s.value
        return 0.0

    payload = {"model": "drip", "messages": [{"role": "user", "content": "hi"}], "stream": True}
    with httpx.stream("POST", f"{gw.url}/v1/chat/completions", json=payload, timeout=30) as r:
        lines = r.iter_lines()  # kept referenced: dropping it would close the response
        assert next(lines).startswith("data: ")
        assert in_flight() == 1
        assert next(lines) == ""  # events keep coming while the client listens
        assert next(lines).startswith("data: ")
        assert in_flight() == 1
    # The client hung up after one event of a ~10 s answer; the gateway must notice and close
    # the upstream stream, giving its slot back, long before the answer would have ended.
    deadline = time.monotonic() + 5
    while in_flight() != 0:
        assert time.monotonic() < deadline, "upstream stream still open after the client left"
        time.sleep(0.05)
