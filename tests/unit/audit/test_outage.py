"""The audit log while its database is unreachable: entries are acknowledged from a durable spool, chained in
decision order when the database answers again, and a replay cut short by a crash leaves each entry once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from orkester.audit import AuditLog
from orkester.audit.chain import seal
from orkester.audit.outage import from_line, to_line
from orkester.audit.record import AuditEntry, AuditRecord
from orkester.errors import StorageError, StoreUnreachableError
from orkester.storage.base import Sealer
from orkester.storage.memory import MemoryAuditStore, _MemoryReader
from orkester.storage.spool import Spool

from .entries import entry


class Flaky(MemoryAuditStore):
    """The memory audit store with a database that can be switched off: then it cannot be reached."""

    down: bool = False

    def _check(self) -> None:
        if self.down:
            raise StoreUnreachableError("PostgreSQL audit log at postgresql://db: connection refused")

    async def append_many(self, seals: Sequence[Sealer]) -> list[AuditRecord]:
        self._check()
        return await super().append_many(seals)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[_MemoryReader]:
        self._check()
        async with super().read() as reader:
            yield reader


class Clock:
    """A clock that moves one second a reading, and can be moved on."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 26, 9, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def segments(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.seg"))


def audit_log(store: Flaky, spool_dir: Path, clock: Callable[[], datetime] | None = None) -> AuditLog:
    spool: Spool[AuditEntry] = Spool(spool_dir, from_line, name="audit")
    if clock is None:
        return AuditLog(store, spool=spool, retry_max_s=0.01)
    return AuditLog(store, clock, spool=spool, retry_max_s=0.01)


async def ids(log: AuditLog) -> list[str]:
    return [r.request_id async for r in log.records()]


def test_a_spool_line_round_trips_every_field() -> None:
    e = entry(3, ts=datetime(2026, 11, 26, 9, 30, tzinfo=UTC), declared_class="internal", detail="x")
    assert from_line(to_line(e, datetime(2000, 1, 1, tzinfo=UTC))) == e
    stamped = from_line(to_line(entry(4), datetime(2026, 11, 26, 10, tzinfo=UTC)))
    assert stamped.ts == datetime(2026, 11, 26, 10, tzinfo=UTC)  # the decision time is kept
    with pytest.raises(ValueError, match="not an audit entry"):
        from_line(b'{"request_id": "r"}')


async def test_entries_spool_while_down_and_are_chained_in_order_when_back(tmp_path: Path) -> None:
    store = Flaky()
    log = audit_log(store, tmp_path, Clock())
    assert (await log.append(entry(1))) is not None  # committed: a record
    store.down = True
    spooled = await asyncio.gather(*(log.append(entry(n)) for n in range(2, 12)))
    assert spooled == [None] * 10  # acknowledged from the spool
    assert log.spooling.is_set()
    assert len(store.rows) == 1
    store.down = False
    await log.flush()
    assert not log.spooling.is_set()
    assert await ids(log) == [f"req-{n}" for n in range(1, 12)]
    assert (await log.verify()).ok
    assert (await log.append(entry(12))) is not None  # straight to the database again
    await log.close()
    assert not segments(tmp_path)  # every spooled entry committed: nothing left behind


async def test_a_replayed_entry_keeps_its_decision_time(tmp_path: Path) -> None:
    store, clock = Flaky(), Clock()
    log = audit_log(store, tmp_path, clock)
    store.down = True
    await log.append(entry(1))
    decided = clock.now
    clock.now += timedelta(hours=2)  # the database comes back two hours later
    store.down = False
    await log.flush()
    [record] = [r async for r in log.records()]
    assert record.ts == decided
    await log.close()


async def test_entries_made_during_the_replay_queue_behind_it(tmp_path: Path) -> None:
    store = Flaky()
    log = audit_log(store, tmp_path)
    store.down = True
    for n in range(1, 6):
        await log.append(entry(n))
    store.down = False
    await asyncio.gather(*(log.append(entry(n)) for n in range(6, 9)))
    await log.flush()
    assert await ids(log) == [f"req-{n}" for n in range(1, 9)]
    await log.close()


async def test_a_refusing_store_is_not_an_outage(tmp_path: Path) -> None:
    """A broken chain (the store answered and said no) fails the append: nothing is hidden in a spool."""
    store = Flaky()
    log = audit_log(store, tmp_path)
    await log.append(entry(1))
    store.head = None
    with pytest.raises(StorageError, match="head is missing") as raised:
        await log.append(entry(2))
    assert not isinstance(raised.value, StoreUnreachableError)
    assert not log.spooling.is_set()
    await log.close()


async def test_without_a_spool_an_outage_fails_the_append() -> None:
    store = Flaky()
    log = AuditLog(store)
    store.down = True
    with pytest.raises(StoreUnreachableError):
        await log.append(entry(1))
    await log.close()


async def test_a_spool_left_by_a_closed_run_is_replayed_by_the_next(tmp_path: Path) -> None:
    store = Flaky()
    log = audit_log(store, tmp_path)
    store.down = True
    for n in range(1, 4):
        await log.append(entry(n))
    await log.close()  # the database is still down: the entries stay on disk
    assert segments(tmp_path)
    store.down = False
    again = audit_log(store, tmp_path)
    assert await again.resume() == 1
    await again.flush()
    assert await ids(again) == ["req-1", "req-2", "req-3"]
    await again.close()
    assert not segments(tmp_path)


async def test_entries_committed_before_a_crash_are_not_chained_twice(tmp_path: Path) -> None:
    """A crash after a replayed batch was committed and before the spool knew: the next run skips those."""
    store = Flaky()
    log = audit_log(store, tmp_path)
    store.down = True
    for n in range(1, 5):
        await log.append(entry(n))
    await log.close()
    store.down = False
    # what the crashed replay had committed: the first two spooled entries
    await store.append_many([lambda head, n=n: seal(entry(n), head, datetime.now(UTC)) for n in (1, 2)])
    again = audit_log(store, tmp_path)
    await again.resume()
    await again.flush()
    assert await ids(again) == ["req-1", "req-2", "req-3", "req-4"]
    assert (await again.verify()).ok
    await again.close()
