"""Failover under load: one upstream stops, traffic moves on, clients see no error."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import openai
import pytest

from tests.fakes.common import FakeState
from tests.fakes.openai_server import create_app
from tests.support.gateway import openai_provider, run_gateway
from tests.support.servers import ThreadedServer, serve


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_OPENAI_KEY", "sk-test")


def two_deployments(primary: str, secondary: str, **reliability: object) -> dict[str, object]:
    return {
        "providers": {"primary": openai_provider(primary), "secondary": openai_provider(secondary)},
        "models": {
            "chat": {
                "deployments": [
                    {"provider": "primary", "model": "gpt-a", "region": "eu"},
                    {"provider": "secondary", "model": "gpt-b", "region": "eu"},
                ]
            }
        },
        "reliability": {
            "retries": {"max_attempts": 2, "backoff_base": 0.001, "backoff_max": 0.002},
            "circuit_breaker": {"window": 10, "min_requests": 4, "error_ratio": 0.5, "open_seconds": 60},
            **reliability,
        },
    }


@pytest.fixture
def upstreams() -> Iterator[tuple[ThreadedServer, FakeState, ThreadedServer, FakeState]]:
    s1, s2 = FakeState(), FakeState()
    with serve(create_app(s1)) as a, serve(create_app(s2)) as b:
        yield a, s1, b, s2


async def test_stopping_primary_under_load_is_invisible_to_clients(
    upstreams: tuple[ThreadedServer, FakeState, ThreadedServer, FakeState],
) -> None:
    primary, _s1, secondary, s2 = upstreams
    with run_gateway(two_deployments(primary.url, secondary.url)) as gw:
        client = openai.AsyncOpenAI(base_url=f"{gw.url}/v1", api_key="k", max_retries=0)
        results: list[str] = []
        served_by: list[str] = []

        async def one(i: int, stream: bool) -> None:
            if stream:
                text = ""
                resp = await client.chat.completions.create(
                    model="chat", messages=[{"role": "user", "content": f"n{i}"}], stream=True
                )
                async for chunk in resp:
                    text += "".join(c.delta.content or "" for c in chunk.choices)
                results.append(text)
            else:
                raw = await client.chat.completions.with_raw_response.create(
                    model="chat", messages=[{"role": "user", "content": f"n{i}"}]
                )
                served_by.append(raw.headers["x-orkester-provider"])
                results.append(raw.parse().choices[0].message.content or "")

        try:
            # Phase 1: both up, primary serves everything.
            await asyncio.gather(*(one(i, i % 2 == 0) for i in range(32)))
            assert set(served_by) == {"primary"}
            before = len(s2.requests)
            # Phase 2: the primary goes away (its listening socket closes) while load continues.
            load = asyncio.gather(*(one(i, i % 2 == 0) for i in range(32, 96)))
            await asyncio.to_thread(primary.stop)
            await load
            # Phase 3: with the primary gone, everything is served by the secondary.
            served_by.clear()
            await asyncio.gather(*(one(i, False) for i in range(96, 104)))
            assert set(served_by) == {"secondary"}
        finally:
            await client.close()
    assert sorted(results) == sorted(f"You said: n{i}" for i in range(104))
    assert len(s2.requests) > before


def test_stream_failing_before_first_token_moves_on_and_readyz_shows_open_circuit(
    upstreams: tuple[ThreadedServer, FakeState, ThreadedServer, FakeState],
) -> None:
    primary, s1, secondary, _s2 = upstreams
    s1.down = True  # every request to the primary answers 503
    with run_gateway(two_deployments(primary.url, secondary.url)) as gw:
        c = openai.OpenAI(base_url=f"{gw.url}/v1", api_key="k", max_retries=0)
        for i in range(6):
            text = "".join(
                ch.choices[0].delta.content or ""
                for ch in c.chat.completions.create(
                    model="chat", messages=[{"role": "user", "content": f"s{i}"}], stream=True
                )
                if ch.choices
            )
            assert text == f"You said: s{i}"
        ready = httpx.get(f"{gw.url}/readyz").json()
        assert ready["status"] == "degraded"
        assert ready["open_circuits"] == ["primary/gpt-a"]
        assert ready["deployments"]["secondary/gpt-b"]["circuit"] == "closed"
        calls_to_primary = len(s1.requests)
        c.chat.completions.create(model="chat", messages=[{"role": "user", "content": "x"}])
        assert len(s1.requests) == calls_to_primary  # an open circuit is skipped, not called


def test_all_deployments_failing_returns_upstream_error_with_every_attempt(
    upstreams: tuple[ThreadedServer, FakeState, ThreadedServer, FakeState],
) -> None:
    primary, s1, secondary, s2 = upstreams
    s1.down = s2.down = True
    with run_gateway(two_deployments(primary.url, secondary.url)) as gw:
        c = openai.OpenAI(base_url=f"{gw.url}/v1", api_key="k", max_retries=0)
        with pytest.raises(openai.APIStatusError) as ei:
            c.chat.completions.create(model="chat", messages=[{"role": "user", "content": "x"}])
    assert ei.value.status_code == 503
    assert "primary/gpt-a" in ei.value.message and "secondary/gpt-b" in ei.value.message
    assert len(s1.requests) == 2 and len(s2.requests) == 2  # each retried once


def test_context_window_error_falls_back_to_larger_window(
    upstreams: tuple[ThreadedServer, FakeState, ThreadedServer, FakeState],
) -> None:
    primary, s1, secondary, _s2 = upstreams
    s1.fail_next = [
        (
            400,
            {
                "error": {
                    "message": "maximum context length exceeded",
                    "type": "invalid_request_error",
                    "code": "context_length_exceeded",
                }
            },
            {},
        )
    ]
    config = two_deployments(primary.url, secondary.url)
    deps = config["models"]["chat"]["deployments"]  # type: ignore[index]
    deps[0]["context_window"] = 8000
    deps[1]["context_window"] = 128000
    with run_gateway(config) as gw:
        raw = openai.OpenAI(
            base_url=f"{gw.url}/v1", api_key="k", max_retries=0
        ).chat.completions.with_raw_response.create(model="chat", messages=[{"role": "user", "content": "long"}])
    assert raw.headers["x-orkester-provider"] == "secondary"
    assert raw.headers["x-orkester-attempts"] == "2"
    assert len(s1.requests) == 1  # not retried: the same window would fail again


def test_upstream_rejecting_the_request_is_not_retried_elsewhere(
    upstreams: tuple[ThreadedServer, FakeState, ThreadedServer, FakeState],
) -> None:
    primary, s1, secondary, s2 = upstreams
    s1.fail_next = [(400, {"error": {"message": "Invalid 'messages'", "type": "invalid_request_error"}}, {})]
    with (
        run_gateway(two_deployments(primary.url, secondary.url)) as gw,
        pytest.raises(openai.BadRequestError) as ei,
    ):
        openai.OpenAI(base_url=f"{gw.url}/v1", api_key="k", max_retries=0).chat.completions.create(
            model="chat", messages=[{"role": "user", "content": "x"}]
        )
    assert "Invalid 'messages'" in ei.value.message
    assert s2.requests == []
