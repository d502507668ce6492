"""find_record: a record still in this process's spool is flushed into the database and found; one another
replica is still holding turns up while it keeps looking; an unknown id is None once the wait is over."""

from __future__ import annotations

from pathlib import Path

from orkester.ledger.feedback import find_record
from orkester.ledger.record import LedgerRecord
from orkester.ledger.store import LedgerStore, ledger_store
from orkester.ledger.writer import LedgerWriter

from .records import rec


class Replica:
    """A store whose ``get`` lets another replica's batch land after ``after`` lookups."""

    def __init__(self, inner: LedgerStore, late: LedgerRecord, after: int) -> None:
        self.inner = inner
        self.url = inner.url
        self.late = late
        self.after = after
        self.lookups = 0

    async def open(self, *, create: bool = True) -> None:
        await self.inner.open(create=create)

    async def insert(self, records: list[LedgerRecord]) -> int:
        return await self.inner.insert(records)

    async def get(self, request_id: str) -> LedgerRecord | None:
        self.lookups += 1
        if self.lookups == self.after:
            await self.inner.insert([self.late])
        return await self.inner.get(request_id)

    async def close(self) -> None:
        await self.inner.close()


async def test_a_record_still_in_the_spool_is_flushed_and_found(tmp_path: Path) -> None:
    writer = LedgerWriter(ledger_store("memory://"), tmp_path / "spool", flush_ms=600_000)
    await writer.start()
    await writer.flush()  # the writer has opened the store
    try:
        await writer.record(rec(1))
        assert writer.stats.committed == 0
        found = await find_record(writer, ["chatcmpl-req-000001", "req-000001"], wait_s=0)
        assert found == rec(1) and writer.stats.committed == 1
        assert await find_record(writer, ["req-404"], wait_s=0) is None
    finally:
        await writer.close()


async def test_a_record_another_replica_spooled_is_found_while_it_keeps_looking(tmp_path: Path) -> None:
    replica = Replica(ledger_store(f"sqlite:///{tmp_path}/ledger.db"), rec(2), after=5)
    writer = LedgerWriter(replica, tmp_path / "spool")  # type: ignore[arg-type]
    await writer.start()
    await writer.flush()  # the writer has opened the store
    try:
        assert await find_record(writer, ["req-000002"], wait_s=0) is None  # two lookups, no waiting
        assert replica.lookups == 2
        assert await find_record(writer, ["req-000002"], wait_s=30) == rec(2)  # found on the 5th lookup
        assert replica.lookups == 5
    finally:
        await writer.close()
