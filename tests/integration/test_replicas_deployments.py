"""Two gateway processes on one Redis share what they know about each deployment: its own rpm limit
(exactly N calls per window between them, the rest to the fallback or a 429) and its circuit (opened
by failures one process saw, respected by the other). The upstreams are fake OpenAI servers on
127.0.0.1 that count what reaches them."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis.asyncio as aioredis
import yaml

from tests.fakes.common import FakeState
from tests.fakes.openai_server import create_app
from tests.support.gateway import openai_provider
from tests.support.serve import orkester_serve
from tests.support.servers import serve

REDIS = "redis://127.0.0.1:6379/0"
RPM = 10


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_OPENAI_KEY", "sk-test")  # the gateway processes inherit it


@pytest.fixture
def prefix() -> Iterator[str]:
    prefix = f"orktest:{uuid.uuid4().hex[:12]}:"
    yield prefix

    async def clear() -> None:
        client = aioredis.from_url(REDIS)
        try:
            keys = [k async for k in client.scan_iter(match=f"{prefix}*", count=1000)]
            if keys:
                await client.delete(*keys)
        finally:
            await client.aclose()

    asyncio.run(clear())


@pytest.fixture
def upstreams() -> Iterator[tuple[str, FakeState, str, FakeState]]:
    s1, s2 = FakeState(), FakeState()
    with serve(create_app(s1)) as primary, serve(create_app(s2)) as secondary:
        yield primary.url, s1, secondary.url, s2


@contextmanager
def two_gateways(tmp: Path, config: dict[str, Any]) -> Iterator[tuple[str, str]]:
    path = tmp / "orkester.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    with (
        orkester_serve("--config", str(path)) as (_, first),
        orkester_serve("--config", str(path)) as (_, second),
    ):
        yield first, second


def _config(primary: str, secondary: str, prefix: str, models: dict[str, Any], **circuit: object) -> dict[str, Any]:
    return {
        "providers": {"primary": openai_provider(primary), "secondary": openai_provider(secondary)},
        "models": models,
        "reliability": {
            "retries": {"max_attempts": 1},
            "circuit_breaker": {"window": 4, "min_requests": 4, "error_ratio": 0.5, "open_seconds": 600, **circuit},
        },
        "state": {"redis_url": REDIS, "redis_prefix": prefix},
        "guardrails": {"enabled": False},
        "use_builtin_catalog": False,
    }


async def _fire(urls: tuple[str, str], model: str, n: int) -> list[httpx.Response]:
    """``n`` concurrent requests, spread over both processes."""
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=n)) as client:

        async def one(i: int) -> httpx.Response:
            body = {"model": model, "messages": [{"role": "user", "content": f"n{i}"}], "max_tokens": 5}
            return await client.post(f"{urls[i % 2]}/v1/chat/completions", json=body)

        return list(await asyncio.gather(*(one(i) for i in range(n))))


def _calls(state: FakeState, model: str) -> int:
    return sum(r["model"] == model for r in state.requests)


def test_a_deployment_rpm_holds_across_two_processes_and_the_rest_falls_back_or_is_refused(
    tmp_path: Path, prefix: str, upstreams: tuple[str, FakeState, str, FakeState]
) -> None:
    primary, s1, secondary, s2 = upstreams
    models = {
        # the alias's first deployment has its own rpm; its second takes the overflow
        "chat": {
            "deployments": [
                {"provider": "primary", "model": "gpt-a", "rpm": RPM},
                {"provider": "secondary", "model": "gpt-b"},
            ]
        },
        # nothing to fall back to
        "solo": {"deployments": [{"provider": "primary", "model": "gpt-solo", "rpm": RPM}]},
    }
    with two_gateways(tmp_path, _config(primary, secondary, prefix, models)) as urls:
        spread = asyncio.run(_fire(urls, "chat", 3 * RPM))
        alone = asyncio.run(_fire(urls, "solo", 3 * RPM))

    assert [r.status_code for r in spread] == [200] * (3 * RPM)
    assert (_calls(s1, "gpt-a"), _calls(s2, "gpt-b")) == (RPM, 2 * RPM)
    overflow = [r for r in spread if r.headers["x-orkester-provider"] == "secondary"]
    assert len(overflow) == 2 * RPM
    assert all(r.headers["x-orkester-skipped"] == "primary/gpt-a=rpm" for r in overflow)

    assert sorted(r.status_code for r in alone) == [200] * RPM + [429] * (2 * RPM)
    assert _calls(s1, "gpt-solo") == RPM
    refused = [r for r in alone if r.status_code == 429]
    error = refused[0].json()["error"]
    assert (error["type"], error["code"]) == ("rate_limit_error", "deployment_rate_limited")
    assert "Rate limit reached for deployment 'primary/gpt-solo': 10 requests per minute (rpm)" in error["message"]
    assert all(1 <= int(r.headers["retry-after"]) <= 60 for r in refused)


def test_a_circuit_opened_in_one_process_is_respected_by_the_other(
    tmp_path: Path, prefix: str, upstreams: tuple[str, FakeState, str, FakeState]
) -> None:
    primary, s1, secondary, s2 = upstreams
    models = {
        "chat": {
            "deployments": [
                {"provider": "primary", "model": "gpt-a"},
                {"provider": "secondary", "model": "gpt-b"},
            ]
        }
    }
    s1.down = True  # every call to the primary answers 503
    with (
        two_gateways(tmp_path, _config(primary, secondary, prefix, models)) as (a, b),
        httpx.Client(timeout=30) as client,
    ):

        def ask(url: str) -> httpx.Response:
            body = {"model": "chat", "messages": [{"role": "user", "content": "hei"}]}
            r = client.post(f"{url}/v1/chat/completions", json=body)
            assert r.status_code == 200 and r.headers["x-orkester-provider"] == "secondary", r.text
            return r

        # process A sees four failures in a row: its window (4, half of them failing) opens the circuit
        for _ in range(4):
            assert "x-orkester-skipped" not in ask(a).headers
        assert len(s1.requests) == 4
        # process B never saw the primary fail, and still does not call it while the circuit is open
        for _ in range(5):
            assert ask(b).headers["x-orkester-skipped"] == "primary/gpt-a=circuit_open"
        assert ask(a).headers["x-orkester-skipped"] == "primary/gpt-a=circuit_open"
        assert len(s1.requests) == 4 and len(s2.requests) == 10
        ready = client.get(f"{b}/readyz").json()
        assert ready["status"] == "degraded" and ready["open_circuits"] == ["primary/gpt-a"]
