"""Batches on the real PostgreSQL of this machine: the store's contract, and replicas sharing one batch —
concurrent claims never hand out the same line, and two workers on two connections run each line once.

Each test gets its own schema, selected through the URL (``?search_path=``), and drops it afterwards.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import asyncpg  # type: ignore[import-untyped]
import orjson
import pytest

from orkester.batch.config import BatchSettings
from orkester.batch.runner import Worker
from orkester.batch.schema import SCHEMA_VERSION
from orkester.batch.store import open_batch_store
from orkester.errors import StorageError
from tests.support.postgres import pg_schema, schema_url
from tests.unit.batch.contract import NOW, check_store, new_batch
from tests.unit.batch.test_runner import Clock, Lines


@pytest.fixture
def url() -> Iterator[str]:
    with pg_schema("batches_test") as schema:
        yield schema_url(schema)


async def test_the_store_contract(url: str) -> None:
    store = await open_batch_store(url)
    try:
        await check_store(store)
    finally:
        await store.close()
    conn = await asyncpg.connect(url)
    try:
        assert await conn.fetchval("SELECT version FROM orkester_batch_schema") == SCHEMA_VERSION
    finally:
        await conn.close()
    reopened = await open_batch_store(url, create=False)
    await reopened.close()


async def test_opening_without_create_needs_the_tables(url: str) -> None:
    with pytest.raises(StorageError, match="no batch store"):
        await open_batch_store(url, create=False)


async def test_replicas_claiming_at_once_never_get_the_same_line(url: str) -> None:
    stores = [await open_batch_store(url) for _ in range(3)]
    try:
        batch, lines = new_batch("batch_pg", lines=300)
        await stores[0].add_batch(batch, lines)
        claims = [s.claim("batch_pg", f"w{i}-{n}", 7, NOW, NOW + 30) for n in range(15) for i, s in enumerate(stores)]
        taken = [line.line_no for got in await asyncio.gather(*claims) for line in got]
        assert len(taken) == len(set(taken)) == 300
    finally:
        for s in stores:
            await s.close()


async def test_two_workers_on_two_connections_run_each_line_once(url: str) -> None:
    a_store, b_store = await open_batch_store(url), await open_batch_store(url)
    try:
        batch, lines = new_batch("batch_two", lines=40)
        await a_store.add_batch(batch, lines)
        clock, runs = Clock(), Lines()
        settings = BatchSettings(concurrency=4, per_batch_concurrency=4)
        a = Worker(a_store, settings, runs, name="replica-a", clock=clock)
        b = Worker(b_store, settings, runs, name="replica-b", clock=clock)
        for _ in range(100):
            if not await a_store.active():
                break
            await asyncio.gather(a.step(), b.step())
            await asyncio.gather(a.idle(), b.idle())
        ended = await b_store.batch("batch_two")
        assert ended is not None and ended.status == "completed" and ended.counts.completed == 40
        assert sorted(runs.runs) == list(range(1, 41)) and set(runs.runs.values()) == {1}
        output = (await a_store.file_content(ended.output_file_id or "") or b"").splitlines()
        assert [orjson.loads(x)["custom_id"] for x in output] == [f"c{i}" for i in range(1, 41)]
    finally:
        await a_store.close()
        await b_store.close()
