"""Upstream timeouts: a slow non-streamed answer is waited for; a stalled stream is cut."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from tests.support.gateway import run_gateway
from tests.support.servers import ThreadedServer, serve

DELAY = 0.6  # the upstream thinks this long before it answers (its behaviour, not a test wait)


async def slow_upstream(request: Request) -> Response:
    body = await request.json()
    await asyncio.sleep(DELAY)
    if body.get("stream"):

        async def events() -> AsyncIterator[bytes]:
            yield b'data: {"choices":[{"index":0,"delta":{"content":"late"},"finish_reason":"stop"}]}\n\n'
            yield b"data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")
    return JSONResponse(
        {
            "id": "x",
            "object": "chat.completion",
            "model": "m",
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": "worth the wait"}, "finish_reason": "stop"}
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 3},
        }
    )


@pytest.fixture(scope="module")
def gw() -> Iterator[ThreadedServer]:
    with serve(Starlette(routes=[Route("/v1/chat/completions", slow_upstream, methods=["POST"])])) as up:
        config = {
            "providers": {"slow": {"type": "openai_compatible", "base_url": f"{up.url}/v1"}},
            "models": {"m": {"deployments": [{"provider": "slow", "model": "m"}]}},
            "reliability": {"timeouts": {"first_token": 0.2, "total": 5}, "retries": {"max_attempts": 1}},
        }
        with run_gateway(config) as srv:
            yield srv


def test_non_streamed_answer_slower_than_first_token_is_waited_for(gw: ThreadedServer) -> None:
    r = httpx.post(f"{gw.url}/v1/chat/completions", json={"model": "m", "messages": [{"role": "user", "content": "x"}]})
    assert r.status_code == 200
    assert r.json()["choices"][0]["message"]["content"] == "worth the wait"


def test_stream_that_does_not_start_within_first_token_is_a_504(gw: ThreadedServer) -> None:
    r = httpx.post(
        f"{gw.url}/v1/chat/completions",
        json={"model": "m", "messages": [{"role": "user", "content": "x"}], "stream": True},
    )
    assert r.status_code == 504
    assert r.json()["error"]["code"] == "upstream_timeout"
