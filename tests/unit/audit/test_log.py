"""AuditLog over the memory and SQLite stores: appends, reads by time, and tampering the way a person
with access to the database file would do it."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from orkester.audit import AuditLog, ChainHead
from orkester.errors import ConfigError, StorageError
from orkester.storage import open_audit_store
from orkester.storage.memory import MemoryAuditStore

from .entries import at, entry


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "state" / "orkester.db"


@pytest.fixture
async def log(db: Path) -> AsyncIterator[AuditLog]:
    log = await AuditLog.open(f"sqlite:///{db}")
    yield log
    await log.close()


def sql(db: Path, statement: str) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(statement)
    conn.close()


async def fill(log: AuditLog, n: int) -> None:
    for i in range(1, n + 1):
        await log.append(entry(i, ts=at(20 + i % 5)))


async def test_sqlite_file_and_directory_are_created_wal_and_durable(log: AuditLog, db: Path) -> None:
    record = await log.append(entry())
    assert record.seq == 1  # the file and its directory exist: a fresh file would not be in WAL mode
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT seq, hash FROM audit_head").fetchone() == (1, record.hash)
    conn.close()


async def test_records_survive_reopening_and_verify(log: AuditLog, db: Path) -> None:
    await fill(log, 3)
    await log.close()
    again = await AuditLog.open(f"sqlite:///{db}", create=False)
    try:
        await again.append(entry(4))
        result = await again.verify()
        assert result.ok and result.count == 4 and result.head is not None and result.head.seq == 4
        assert [r.request_id async for r in again.records()] == ["req-1", "req-2", "req-3", "req-4"]
    finally:
        await again.close()


async def test_records_reads_back_every_field(log: AuditLog) -> None:
    written = await log.append(entry(declared_class="internal", pseudonymised=True, detail="ø", key_id=None))
    (read,) = [r async for r in log.records()]
    assert read == written


async def test_records_between_since_inclusive_and_until_exclusive(log: AuditLog) -> None:
    for day in (24, 25, 26, 27):
        await log.append(entry(day, ts=at(day, 0)))
    got = [r.request_id async for r in log.records(since=at(25, 0), until=at(27, 0))]
    assert got == ["req-25", "req-26"]


async def test_concurrent_appends_in_one_process_keep_the_chain(log: AuditLog) -> None:
    records = await asyncio.gather(*(log.append(entry(i)) for i in range(200)))
    assert sorted(r.seq for r in records) == list(range(1, 201))
    assert (await log.verify()).ok


async def test_concurrent_appends_share_transactions_group_commit(log: AuditLog) -> None:
    """Entries waiting while one transaction commits go together in the next: fewer commits than entries,
    each caller gets its own record, and the chain stays whole."""
    store = log.store
    batches: list[int] = []
    original = store.append_many

    async def counting(seals):  # type: ignore[no-untyped-def]
        batches.append(len(seals))
        return await original(seals)

    store.append_many = counting  # type: ignore[method-assign]
    records = await asyncio.gather(*(log.append(entry(i)) for i in range(200)))
    assert [r.request_id for r in records] == [entry(i).request_id for i in range(200)]
    assert sum(batches) == 200 and len(batches) < 200
    assert (await log.verify()).ok


async def test_a_bad_entry_fails_alone_not_its_batch(log: AuditLog) -> None:
    good = [log.append(entry(i)) for i in range(5)]
    bad = log.append(entry(99, destinations=[{"provider": "p", "model": "m", "region": "eu", "secret": "x"}]))
    results = await asyncio.gather(*good, bad, return_exceptions=True)
    assert isinstance(results[-1], ValueError)
    assert [r.seq for r in results[:-1]] == [1, 2, 3, 4, 5]  # type: ignore[union-attr]


async def test_an_edited_row_fails_verify_naming_it(log: AuditLog, db: Path) -> None:
    await fill(log, 6)
    sql(db, "UPDATE audit_log SET entities = '{\"FNR\":0}' WHERE seq = 4")
    result = await log.verify()
    assert not result.ok and result.first_bad_seq == 4 and "row 4 was edited" in result.problem


async def test_a_deleted_middle_row_fails_verify_naming_it(log: AuditLog, db: Path) -> None:
    await fill(log, 6)
    sql(db, "DELETE FROM audit_log WHERE seq = 3")
    result = await log.verify()
    assert result.first_bad_seq == 3 and "row 3 missing" in result.problem


async def test_a_deleted_tail_fails_verify_unless_the_head_is_edited_too(log: AuditLog, db: Path) -> None:
    await fill(log, 6)
    anchor = (await log.verify()).head
    sql(db, "DELETE FROM audit_log WHERE seq >= 5")
    result = await log.verify()
    assert result.first_bad_seq == 5 and "rows 5-6 missing" in result.problem
    # Whoever also rewrites the head goes unnoticed by the rows alone; an anchor kept elsewhere catches it.
    sql(db, "UPDATE audit_head SET seq = 4, hash = (SELECT hash FROM audit_log WHERE seq = 4)")
    assert (await log.verify()).ok
    assert anchor is not None and not (await log.verify(expect=anchor)).ok


async def test_a_value_no_record_can_hold_is_reported_not_raised(log: AuditLog, db: Path) -> None:
    await fill(log, 3)
    sql(db, "UPDATE audit_log SET destinations = 'not json' WHERE seq = 2")
    result = await log.verify()
    assert result.first_bad_seq == 2 and "unreadable" in result.problem


async def test_appends_after_tampering_keep_it_visible(log: AuditLog, db: Path) -> None:
    await fill(log, 4)
    sql(db, "DELETE FROM audit_log WHERE seq = 4")
    await log.append(entry(5))
    result = await log.verify()
    assert result.first_bad_seq == 4


async def test_a_deleted_head_stops_appends_and_fails_verify(log: AuditLog, db: Path) -> None:
    await fill(log, 2)
    sql(db, "DELETE FROM audit_head")
    with pytest.raises(StorageError, match="head is missing"):
        await log.append(entry(3))
    assert "head" in (await log.verify()).problem
    await log.close()
    reopened = await AuditLog.open(f"sqlite:///{db}")  # opening again must not paper over it
    try:
        assert not (await reopened.verify()).ok
    finally:
        await reopened.close()


async def test_an_empty_log_verifies() -> None:
    log = await AuditLog.open("memory://")
    result = await log.verify()
    assert result.ok and result.count == 0 and result.head == ChainHead(0, "0" * 64)


async def test_memory_store_detects_tampering_too() -> None:
    log = await AuditLog.open("memory://")
    await fill(log, 3)
    assert isinstance(log.store, MemoryAuditStore)
    del log.store.rows[1]
    assert (await log.verify()).first_bad_seq == 2


async def test_opening_without_create_needs_an_existing_log(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="does not exist"):
        await AuditLog.open(f"sqlite:///{tmp_path}/none.db", create=False)
    assert not (tmp_path / "none.db").exists()
    sqlite3.connect(tmp_path / "other.db").close()
    with pytest.raises(StorageError, match="tables audit_log/audit_head missing"):
        await AuditLog.open(f"sqlite:///{tmp_path}/other.db", create=False)


@pytest.mark.parametrize("url", ["mysql://x/y", "no-scheme", "sqlite://relative.db"])
async def test_bad_urls_are_config_errors(url: str) -> None:
    with pytest.raises(ConfigError):
        await AuditLog.open(url)


async def test_an_append_survives_the_caller_being_cancelled_mid_transaction(db: Path) -> None:
    in_transaction, release = threading.Event(), threading.Event()

    def clock() -> datetime:  # read inside the transaction, on the store's thread
        in_transaction.set()
        release.wait(10)
        return at(26)

    log = AuditLog(await open_audit_store(f"sqlite:///{db}"), clock=clock)
    try:
        task = asyncio.create_task(log.append(entry(1)))
        await asyncio.get_running_loop().run_in_executor(None, in_transaction.wait, 10)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        release.set()
        await log.append(entry(2))  # queues behind the shielded first append
        assert [r.request_id async for r in log.records()] == ["req-1", "req-2"]
        assert (await log.verify()).ok
    finally:
        await log.close()
