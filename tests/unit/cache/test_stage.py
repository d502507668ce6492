"""The cache stage in a pipeline of its own: a hit skips what follows, a stream is kept only when it ends,
and a failing backend never fails the request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any, cast

import numpy as np
from prometheus_client import CollectorRegistry, Counter

from orkester.cache import CachePolicy, ResponseCache
from orkester.cache.index import Indexed, Neighbour
from orkester.cache.memory import MemoryCacheBackend
from orkester.errors import StorageError
from orkester.observability.metrics import Metrics
from orkester.pipeline.cache import CacheStage
from orkester.pipeline.context import RequestContext
from orkester.pipeline.stages import Pipeline
from orkester.settings import validate_settings
from orkester.types import ChatChunk, ChatRequest, ChatResponse, Choice, ChoiceDelta, Usage

SETTINGS = validate_settings({"cache": {"mode": "exact", "classes": ["unclassified"]}})


class Upstream:
    """Stands for limits, accounting and execution: answers and counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, ctx: RequestContext, call_next: Any) -> None:
        self.calls += 1
        ctx.cost_usd = 0.5
        if ctx.chat.stream:
            ctx.stream = self._stream()
        else:
            ctx.response = ChatResponse("r", "m", [Choice(content="Hallo")], Usage(3, 1))
        await call_next(ctx)

    async def _stream(self) -> AsyncIterator[ChatChunk]:
        yield ChatChunk([ChoiceDelta(role="assistant", content="Hal")])
        yield ChatChunk([ChoiceDelta(content="lo", finish_reason="stop")])


class BrokenBackend(MemoryCacheBackend):
    async def get(self, key: str, now: float) -> bytes | None:
        raise StorageError("Redis at redis://127.0.0.1:1: connection refused")

    async def nearest(self, bucket: str, vector: np.ndarray, k: int, now: float) -> list[Neighbour]:
        raise StorageError("down")

    async def put(self, key: str, blob: bytes, *, now: float, expires_at: float, indexed: Indexed | None) -> None:
        raise StorageError("down")


def setup(backend: MemoryCacheBackend | None = None) -> tuple[Pipeline, Upstream, Counter]:
    counter = Counter("lookups", "", ["result"], registry=CollectorRegistry())
    metrics = cast(Metrics, SimpleNamespace(cache_lookups=counter))
    cache = ResponseCache(SETTINGS.cache, backend or MemoryCacheBackend(10), None)
    upstream = Upstream()
    return Pipeline([CacheStage(cache, CachePolicy(SETTINGS), metrics), upstream]), upstream, counter


def ctx(stream: bool = False) -> RequestContext:
    req = ChatRequest.model_validate({"model": "m", "messages": [{"role": "user", "content": "Hei"}], "stream": stream})
    return RequestContext("r", "chat", req)


def count(counter: Counter, result: str) -> float:
    return counter.labels(result)._value.get()


async def drain(c: RequestContext, stop_after: int | None = None) -> str:
    assert c.stream is not None
    text = ""
    async for chunk in c.stream:
        text += "".join(d.content or "" for d in chunk.choices)
        if stop_after is not None and len(text) >= stop_after:
            await c.stream.aclose()  # type: ignore[attr-defined]
            break
    return text


async def test_a_hit_skips_what_follows_and_costs_nothing() -> None:
    pipeline, upstream, counter = setup()
    await pipeline(first := ctx())
    await pipeline(second := ctx())
    assert upstream.calls == 1 and first.cache_status == "miss" and not first.cache_hit
    assert second.cache_hit and second.cache_status == "hit-exact;age=0"
    assert second.cost_usd == 0 and second.usage == Usage() and second.response is not None
    assert second.response.usage == Usage(3, 1)  # the body still says what the answer took
    assert (count(counter, "miss"), count(counter, "hit")) == (1, 1)


async def test_a_stream_is_kept_when_it_ends_and_not_when_the_client_leaves() -> None:
    pipeline, upstream, _ = setup()
    await pipeline(left := ctx(stream=True))
    assert await drain(left, stop_after=1) == "Hal"
    await pipeline(whole := ctx(stream=True))
    assert whole.cache_status == "miss" and await drain(whole) == "Hallo"
    await pipeline(replayed := ctx(stream=True))
    assert replayed.cache_status is not None and replayed.cache_status.startswith("hit-exact")
    assert await drain(replayed) == "Hallo" and replayed.first_chunk_seconds is not None
    await pipeline(plain := ctx())
    assert plain.response is not None and plain.response.choices[0].content == "Hallo"
    assert upstream.calls == 2


async def test_a_failing_backend_answers_uncached() -> None:
    pipeline, upstream, counter = setup(BrokenBackend(10))
    for _ in range(2):
        await pipeline(c := ctx())
        assert c.cache_status == "error" and c.response is not None and not c.cache_hit
    assert upstream.calls == 2 and count(counter, "error") == 2
