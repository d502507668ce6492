"""The writer over a real SQLite ledger and spool directory; outages come from a store that refuses on demand."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from orkester.errors import StorageError
from orkester.ledger.record import LedgerRecord
from orkester.ledger.store import LedgerStore, ledger_store, open_ledger_store
from orkester.ledger.writer import LedgerWriter
from orkester.settings import Settings

from .records import rec


class Switchable:
    """A real store that can be made unreachable; ``refused`` is set each time it refuses."""

    def __init__(self, inner: LedgerStore) -> None:
        self.inner = inner
        self.url = inner.url
        self.down = False
        self.refused = asyncio.Event()
        self.batches: list[int] = []

    def _check(self) -> None:
        if self.down:
            self.refused.set()
            raise StorageError("connection refused")

    async def open(self, *, create: bool = True) -> None:
        self._check()
        await self.inner.open(create=create)

    async def insert(self, records: Sequence[LedgerRecord]) -> int:
        self._check()
        self.batches.append(len(records))
        return await self.inner.insert(records)

    async def purge(self, before: datetime, *, chunk: int = 50_000) -> int:
        self._check()
        return await self.inner.purge(before, chunk=chunk)

    async def close(self) -> None:
        await self.inner.close()


def _writer(tmp_path: Path, store: Switchable, **kw: object) -> LedgerWriter:
    return LedgerWriter(store, tmp_path / "spool", retry_max_s=0.05, **kw)  # type: ignore[arg-type]


async def _count(url: str) -> tuple[int, int]:
    """(raw rows, requests in the rollups)."""
    store = await open_ledger_store(url, create=False)
    try:
        (total,) = await store.totals([], None, None)
        return await store.count(), total.requests
    finally:
        await store.close()


async def test_records_reach_the_store_in_batches_and_the_spool_empties(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/l.db"
    store = Switchable(ledger_store(url))
    writer = _writer(tmp_path, store, batch_size=50)
    await writer.start()
    await asyncio.gather(*(writer.record(rec(i)) for i in range(230)))
    await writer.flush()
    assert await store.inner.count() == 230
    assert max(store.batches) <= 50 and sum(store.batches) == 230
    assert (writer.stats.acknowledged, writer.stats.committed) == (230, 230)
    await writer.close()
    assert list((tmp_path / "spool").iterdir()) == []
    assert await _count(url) == (230, 230)
    with pytest.raises(StorageError, match="not running"):
        await writer.record(rec(999))


async def test_close_flushes_what_was_acknowledged(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/l.db"
    writer = _writer(tmp_path, Switchable(ledger_store(url)), flush_ms=60_000)
    await writer.start()
    for i in range(7):
        await writer.record(rec(i))
    await writer.close()  # no flush: the batch was waiting for more records
    assert await _count(url) == (7, 7)


async def test_an_unreachable_database_spools_and_catches_up(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/l.db"
    store = Switchable(ledger_store(url))
    store.down = True
    writer = _writer(tmp_path, store, batch_size=10)
    await writer.start()  # the database is down from the start: requests are still served
    await asyncio.gather(*(writer.record(rec(i)) for i in range(40)))
    await writer.unreachable.wait()  # the writer tried and was refused
    assert writer.stats.outage and writer.stats.acknowledged == 40 and writer.stats.committed == 0
    store.down = False
    await writer.flush()
    assert not writer.stats.outage and writer.stats.committed == 40
    await writer.close()
    assert await _count(url) == (40, 40)


async def test_records_spooled_at_close_are_replayed_by_the_next_start_exactly_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/l.db"
    up = Switchable(ledger_store(url))
    first = _writer(tmp_path, up, batch_size=5)
    await first.start()
    for i in range(12):
        await first.record(rec(i))
    await first.flush()  # 0-11 committed
    up.down = True
    for i in range(12, 30):
        await first.record(rec(i))
    await first.close()  # the database is down: 12-29 stay in the spool
    assert any((tmp_path / "spool").glob("*.seg"))

    second = _writer(tmp_path, Switchable(ledger_store(url)))
    await second.start()
    await second.flush()
    await second.close()
    assert await _count(url) == (30, 30)
    assert list((tmp_path / "spool").iterdir()) == []


async def test_retention_runs_at_start(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/l.db"
    now = datetime.now(UTC)
    store = await open_ledger_store(url)
    await store.insert([rec(1, ts=now - timedelta(days=40)), rec(2, ts=now - timedelta(days=1))])
    await store.close()
    writer = _writer(tmp_path, Switchable(ledger_store(url)), retention_days=30)
    await writer.start()
    await writer.flush()
    await writer.close()
    assert await _count(url) == (1, 2)  # the old raw record went; the day rollups keep it


def test_from_settings(tmp_path: Path) -> None:
    off = Settings.model_validate({"ledger": {"enabled": False}})
    assert LedgerWriter.from_settings(off) is None
    on = Settings.model_validate(
        {
            "storage": {"url": f"sqlite:///{tmp_path}/x.db"},
            "ledger": {"batch_size": 7, "spool_dir": str(tmp_path / "s")},
        }
    )
    writer = LedgerWriter.from_settings(on)
    assert writer is not None and writer.batch_size == 7 and writer.spool.directory == tmp_path / "s"


async def test_memory_storage_spools_to_a_temporary_directory(tmp_path: Path) -> None:
    writer = LedgerWriter.from_settings(Settings.model_validate({"storage": {"url": "memory://"}}))
    assert writer is not None
    spool_dir = writer.spool.directory
    await writer.start()
    await writer.record(rec(1))
    await writer.flush()
    assert await writer.store.count() == 1
    await writer.close()
    assert not spool_dir.exists()
