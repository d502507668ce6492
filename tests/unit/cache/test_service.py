"""The response cache over each local backend: exact and semantic hits, namespaces, expiry on an injected
clock, what is not kept, and two processes sharing one SQLite file."""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import AsyncIterator, Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from orkester.cache import ResponseCache, fingerprint, namespace
from orkester.cache.backend import CacheBackend
from orkester.cache.memory import MemoryCacheBackend
from orkester.cache.sqlite import SqliteCacheBackend
from orkester.settings import CacheSettings
from orkester.types import ChatRequest, ChatResponse, Choice, Usage

from .test_index import unit

#: texts the fake embedder knows, as unit vectors with chosen similarities to "capital"
VECTORS = {
    "What is the capital of France?": unit(1, 0),
    "Which city is the capital of France?": unit(1, 0.15),  # cosine 0.989
    "What is the capital of Germany?": unit(1, 0.5),  # 0.894: below the threshold
    "Convert 100 euros to NOK.": unit(0, 1),
    "Convert 200 euros to NOK.": unit(0, 1),  # identical vector, another number
}


class FakeEmbedder:
    def __init__(self) -> None:
        self.calls = 0

    def embed_query(self, text: str) -> np.ndarray:
        self.calls += 1
        if text in VECTORS:
            return VECTORS[text]
        rng = np.random.default_rng(zlib.crc32(text.encode()))
        v = rng.standard_normal(384).astype(np.float32)
        return v / np.linalg.norm(v)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def request(text: str, **extra: Any) -> ChatRequest:
    return ChatRequest.model_validate({"model": "m", "messages": [{"role": "user", "content": text}], **extra})


def answer(text: str, finish: Any = "stop") -> ChatResponse:
    return ChatResponse("r", "m", [Choice(content=text, finish_reason=finish)], Usage(3, 4))


BackendFactory = Callable[[], CacheBackend]


@pytest.fixture(params=["memory", "sqlite"])
def make_backend(request: pytest.FixtureRequest, tmp_path: Path) -> BackendFactory:
    if request.param == "memory":
        return lambda: MemoryCacheBackend(100)
    return lambda: SqliteCacheBackend(f"sqlite:///{tmp_path}/cache.db", max_entries=100)


@pytest.fixture
async def cache(make_backend: BackendFactory) -> AsyncIterator[ResponseCache]:
    c = ResponseCache(CacheSettings(ttl_seconds=60), make_backend(), FakeEmbedder, clock=Clock())
    await c.open()
    yield c
    await c.close()


NS = namespace("t1", "public")


async def test_an_exact_hit_only_in_its_own_namespace(cache: ResponseCache) -> None:
    fp = fingerprint(request("Hei"), {}, NS)
    assert (await cache.lookup(fp, semantic=False)).hit is None
    assert await cache.store(fp, answer("Hallo!"), semantic=False, provider="sim", model="s")
    hit = (await cache.lookup(fp, semantic=False)).hit
    assert hit is not None and hit.similarity is None and hit.answer.response.choices[0].content == "Hallo!"
    assert hit.answer.provider == "sim"
    for other in (namespace("t2", "public"), namespace("t1", "internal"), namespace(None, "public")):
        assert (await cache.lookup(fingerprint(request("Hei"), {}, other), semantic=True)).hit is None


async def test_answers_expire_on_the_cache_clock(cache: ResponseCache) -> None:
    clock = cache.clock
    assert isinstance(clock, Clock)
    fp = fingerprint(request("What is the capital of France?"), {}, NS)
    await cache.store(fp, answer("Paris"), semantic=True)
    clock.now += 59
    hit = (await cache.lookup(fp, semantic=False)).hit
    assert hit is not None and hit.age == 59
    para = fingerprint(request("Which city is the capital of France?"), {}, NS)
    assert (await cache.lookup(para, semantic=True)).hit is not None
    clock.now += 1
    assert (await cache.lookup(fp, semantic=False)).hit is None
    assert (await cache.lookup(para, semantic=True)).hit is None


async def test_a_paraphrase_hits_and_another_question_does_not(cache: ResponseCache) -> None:
    fp = fingerprint(request("What is the capital of France?"), {}, NS)
    await cache.store(fp, answer("Paris"), semantic=True)
    found = await cache.lookup(fingerprint(request("Which city is the capital of France?"), {}, NS), semantic=True)
    assert found.hit is not None and found.hit.similarity == pytest.approx(0.989, abs=1e-3)
    germany = fingerprint(request("What is the capital of Germany?"), {}, NS)
    assert (await cache.lookup(germany, semantic=True)).hit is None
    # exact mode never matches a paraphrase
    para = fingerprint(request("Which city is the capital of France?"), {}, NS)
    assert (await cache.lookup(para, semantic=False)).hit is None
    # the rest of the request must match exactly: another temperature is another bucket
    warmer = fingerprint(request("Which city is the capital of France?", temperature=1.0), {}, NS)
    assert (await cache.lookup(warmer, semantic=True)).hit is None


async def test_the_guards_refuse_a_neighbour_that_asks_something_else(cache: ResponseCache) -> None:
    await cache.store(fingerprint(request("Convert 100 euros to NOK."), {}, NS), answer("1150 NOK"), semantic=True)
    found = await cache.lookup(fingerprint(request("Convert 200 euros to NOK."), {}, NS), semantic=True)
    assert found.hit is None and found.vector is not None  # similarity 1.0, but another number


async def test_an_unfinished_or_oversized_answer_is_not_kept(make_backend: BackendFactory) -> None:
    cache = ResponseCache(CacheSettings(max_answer_bytes=400), make_backend(), None, clock=Clock())
    await cache.open()
    try:
        fp = fingerprint(request("Hei"), {}, NS)
        assert not await cache.store(fp, answer("cut", finish="content_filter"), semantic=False)
        assert not await cache.store(fp, answer("x" * 500), semantic=False)
        assert (await cache.lookup(fp, semantic=True)).hit is None  # no embedder: exact only, no error
    finally:
        await cache.close()


async def test_a_semantic_lookup_falls_back_to_exact_when_the_embedder_fails(make_backend: BackendFactory) -> None:
    def broken() -> Any:
        raise OSError("model file missing")

    cache = ResponseCache(CacheSettings(), make_backend(), broken, clock=Clock())
    await cache.open()
    try:
        fp = fingerprint(request("Hei"), {}, NS)
        await cache.store(fp, answer("Hallo"), semantic=True)
        assert (await cache.lookup(fp, semantic=True)).hit is not None
    finally:
        await cache.close()


async def test_an_entry_filed_under_another_namespace_is_never_served(cache: ResponseCache) -> None:
    theirs = fingerprint(request("Hei"), {}, namespace("t2", "public"))
    await cache.store(theirs, answer("secret"), semantic=False)
    blob = await cache.backend.get(theirs.key, cache.clock())
    assert blob is not None
    mine = fingerprint(request("Hei"), {}, NS)
    await cache.backend.put(mine.key, blob, now=cache.clock(), expires_at=cache.clock() + 60, indexed=None)
    assert (await cache.lookup(mine, semantic=False)).hit is None


async def test_two_processes_share_one_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/shared.db"
    clock = Clock()
    a = ResponseCache(CacheSettings(), SqliteCacheBackend(url, max_entries=100), FakeEmbedder, clock=clock)
    b = ResponseCache(CacheSettings(), SqliteCacheBackend(url, max_entries=100), FakeEmbedder, clock=clock)
    await a.open()
    await b.open()
    try:
        para = fingerprint(request("Which city is the capital of France?"), {}, NS)
        assert (await b.lookup(para, semantic=True)).hit is None  # b has read the (empty) bucket once
        await a.store(fingerprint(request("What is the capital of France?"), {}, NS), answer("Paris"), semantic=True)
        assert (await b.lookup(fingerprint(request("What is the capital of France?"), {}, NS), semantic=False)).hit
        hit = (await b.lookup(para, semantic=True)).hit
        assert hit is not None and hit.answer.response.choices[0].content == "Paris"
    finally:
        await a.close()
        await b.close()


async def test_sqlite_prunes_expired_and_surplus_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("orkester.cache.sqlite.PRUNE_EVERY", 1)
    backend = SqliteCacheBackend(f"sqlite:///{tmp_path}/c.db", max_entries=3)

    def rows() -> int:
        with closing(sqlite3.connect(tmp_path / "c.db")) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM orkester_cache").fetchone()[0])

    clock = Clock()
    cache = ResponseCache(CacheSettings(ttl_seconds=10), backend, None, clock=clock)
    await cache.open()
    try:
        for i in range(5):
            await cache.store(fingerprint(request(f"q{i}"), {}, NS), answer("a"), semantic=False)
        assert rows() == 3
        clock.now += 11
        await cache.store(fingerprint(request("late"), {}, NS), answer("a"), semantic=False)
        assert rows() == 1
    finally:
        await cache.close()
