"""The ledger on the real PostgreSQL of this machine (CI starts it; see .ci/run).

Each test gets its own schema through the URL (``?search_path=``). The store contract tests are the
SQLite ones, run again here with a PostgreSQL ``store``. Outages go through a TCP proxy in front of
the server that can drop every connection and refuse new ones; the server itself keeps running.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
import pytest

from orkester.errors import StorageError
from orkester.ledger.postgres import MIGRATIONS
from orkester.ledger.schema import CREATE_VERSION, to_row
from orkester.ledger.store import LedgerStore, ledger_store, open_ledger_store
from orkester.ledger.writer import LedgerWriter
from tests.support.pgproxy import PgProxy
from tests.support.postgres import PG, pg_schema, schema_url
from tests.unit.ledger.records import rec
from tests.unit.ledger.test_store import (  # noqa: F401  (collected here with the PostgreSQL store)
    test_feedback_fills_every_column_and_the_last_word_counts,
    test_feedback_is_set_later,
    test_incremental_rollups_equal_rollups_rebuilt_from_raw,
    test_insert_is_idempotent_and_rollups_count_each_record_once,
    test_key_usage_and_span,
    test_prompt_experiment_and_arm_are_stored_with_the_record,
    test_purge_deletes_old_raw_records_and_minute_rows_and_keeps_days,
    test_ratings_per_group_over_a_range,
    test_records_filter_search_and_page_newest_first,
    test_totals_by_model_task_team,
    test_totals_over_ranges_that_cut_days,
    version_1_row,
)


@pytest.fixture
def schema() -> Iterator[str]:
    with pg_schema("ledger_test") as name:
        yield name


@pytest.fixture
def url(schema: str) -> str:
    return schema_url(schema)


@pytest.fixture
async def store(url: str) -> AsyncIterator[LedgerStore]:
    s = await open_ledger_store(url)
    yield s
    await s.close()


async def _counts(url: str) -> tuple[int, int]:
    s = await open_ledger_store(url, create=False)
    try:
        (t,) = await s.totals([], None, None)
        return await s.count(), t.requests
    finally:
        await s.close()


async def test_migrations_are_recorded_and_a_missing_ledger_is_refused(url: str) -> None:
    with pytest.raises(StorageError, match="no ledger"):
        await open_ledger_store(url, create=False)
    first, second = ledger_store(url), ledger_store(url)
    await asyncio.gather(first.open(), second.open())  # two replicas starting at once
    await first.insert([rec(1)])
    await asyncio.gather(first.close(), second.close())
    conn = await asyncpg.connect(url)
    try:
        assert await conn.fetch("SELECT version FROM ledger_schema ORDER BY version") == [(1,), (2,), (3,)]
        plan = await conn.fetchval("EXPLAIN SELECT * FROM ledger WHERE key_id = 'k' AND ts > now()")
        assert "ledger_key_ts" in plan
    finally:
        await conn.close()


async def test_a_ledger_of_schema_version_1_is_migrated_and_keeps_its_rows(url: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        for statement in MIGRATIONS[0]:
            await conn.execute(statement)
        await conn.execute(CREATE_VERSION)
        await conn.execute("INSERT INTO ledger_schema VALUES (1)")
        columns, values = version_1_row(to_row(rec(1), rec(1).ts, False))
        marks = ", ".join(f"${i}" for i in range(1, len(values) + 1))
        await conn.execute(f"INSERT INTO ledger ({', '.join(columns)}) VALUES ({marks})", *values)
    finally:
        await conn.close()
    with pytest.raises(StorageError, match="needs migrating"):
        await open_ledger_store(url, create=False)
    store = await open_ledger_store(url)
    try:
        assert await store.get("req-000001") == rec(1)
        assert await store.set_feedback("req-000001", 1.0, raw="up", labels=["kort"])
        await store.insert([rec(2, prompt_ref="p@1", experiment="tone", arm="b")])
        assert await store.get("req-000002") == rec(2, prompt_ref="p@1", experiment="tone", arm="b")
    finally:
        await store.close()


async def test_concurrent_replicas_inserting_the_same_records_keep_one_each(url: str) -> None:
    a, b = await open_ledger_store(url), await open_ledger_store(url)
    records = [rec(i) for i in range(300)]
    added = await asyncio.gather(a.insert(records), b.insert(records[::-1]), a.insert(records[100:200]))
    assert sum(added) == 300
    (t,) = await a.totals([], None, None)
    assert (await a.count(), t.requests) == (300, 300)
    await a.close()
    await b.close()


async def test_postgres_stopped_during_load_records_spool_and_appear_after(schema: str, tmp_path: Path) -> None:
    proxy = PgProxy()
    proxy.start()
    via_proxy = proxy.url(schema)
    writer = LedgerWriter(ledger_store(via_proxy), tmp_path / "spool", batch_size=20, retry_max_s=0.05)
    await writer.start()
    try:
        await asyncio.gather(*(writer.record(rec(i)) for i in range(100)))
        await writer.flush()
        assert await _counts(f"{PG}?search_path={schema}") == (100, 100)

        proxy.down()
        # requests keep being acknowledged while the database is gone
        await asyncio.gather(*(writer.record(rec(i)) for i in range(100, 400)))
        await writer.unreachable.wait()
        assert writer.stats.outage and writer.stats.acknowledged == 400
        assert any((tmp_path / "spool").glob("*.seg"))

        proxy.up()
        await writer.flush()
        assert not writer.stats.outage
        assert await _counts(f"{PG}?search_path={schema}") == (400, 400)
    finally:
        await writer.close()
        proxy.stop()
    assert list((tmp_path / "spool").iterdir()) == []


async def test_database_unreachable_at_start_then_replayed_by_the_next_run(url: str, tmp_path: Path) -> None:
    with contextlib.closing(__import__("socket").socket()) as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]  # nothing listens here once the socket is closed
    nowhere = LedgerWriter(ledger_store(f"postgresql://postgres@127.0.0.1:{closed_port}/test"), tmp_path / "spool")
    await nowhere.start()
    for i in range(25):
        await nowhere.record(rec(i))
    await nowhere.close()
    assert nowhere.stats.outage and nowhere.stats.committed == 0

    back = LedgerWriter(ledger_store(url), tmp_path / "spool")
    await back.start()
    await back.flush()
    await back.close()
    assert await _counts(url) == (25, 25)
