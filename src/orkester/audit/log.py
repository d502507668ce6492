"""``AuditLog``: what the gateway holds to record decisions, and what the CLI reads them through."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..storage.open import open_audit_store
from .chain import ChainVerifier, VerifyResult, check_entry, seal, to_utc
from .record import AuditEntry, AuditRecord, ChainHead, UnreadableRecordError

if TYPE_CHECKING:
    from ..plugins import Registry
    from ..storage.base import AuditStore


#: entries committed in one transaction at most
MAX_BATCH = 256


def _now() -> datetime:
    return datetime.now(UTC)


class AuditLog:
    """An append-only, hash-chained log of data-protection decisions over one store."""

    def __init__(self, store: AuditStore, clock: Callable[[], datetime] = _now) -> None:
        self.store = store
        self._clock = clock
        self._pending: list[tuple[AuditEntry, asyncio.Future[AuditRecord]]] = []
        self._writer: asyncio.Task[None] | None = None

    @classmethod
    async def open(cls, url: str, registry: Registry | None = None, *, create: bool = True) -> AuditLog:
        """Connect to the store for ``url``; with ``create`` (the default) make its tables when missing."""
        return cls(await open_audit_store(url, registry, create=create))

    async def append(self, entry: AuditEntry) -> AuditRecord:
        """Chain ``entry`` after the current head; committed when this returns.

        The write is shielded: if the caller is cancelled (a client hung up), the entry is still
        written. Raises :class:`~orkester.errors.StorageError` when it cannot be, and ValueError for
        an entry the log may not hold (a destination with keys other than provider/model/region).
        """
        check_entry(entry)  # an entry the log may not hold fails here, alone, not its batch
        done: asyncio.Future[AuditRecord] = asyncio.get_running_loop().create_future()
        self._pending.append((entry, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write())
        return await asyncio.shield(done)

    async def _write(self) -> None:
        """Group commit: the entries waiting while a transaction commits go in the next one together,
        so concurrent requests share one durable write instead of queueing for one each."""
        while self._pending:
            batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
            # The clock is read under the write lock, so time order follows seq order (on one host).
            sealers = [functools.partial(self._seal, entry) for entry, _ in batch]
            try:
                records = await self.store.append_many(sealers)
            except Exception as e:
                for _, done in batch:
                    if not done.done():
                        done.set_exception(e)
                continue
            for (_, done), record in zip(batch, records, strict=True):
                if not done.done():
                    done.set_result(record)

    def _seal(self, entry: AuditEntry, head: ChainHead) -> AuditRecord:
        return seal(entry, head, self._clock())

    async def verify(self, expect: ChainHead | None = None) -> VerifyResult:
        """Check every row and the recorded head; ``expect`` is a head recorded elsewhere earlier (an anchor)."""
        verifier = ChainVerifier(expect)
        async with self.store.read() as reader:
            head = await reader.head()
            try:
                async for record in reader.rows():
                    if not verifier.feed(record):
                        break
            except UnreadableRecordError as e:
                verifier.unreadable(e.seq, e.reason)
        return verifier.finish(head)

    async def records(self, since: datetime | None = None, until: datetime | None = None) -> AsyncIterator[AuditRecord]:
        """Records with ``since <= ts < until`` (either bound optional; naive times are UTC), in seq order."""
        async with self.store.read() as reader:
            async for record in reader.rows(since and to_utc(since), until and to_utc(until)):
                yield record

    async def close(self) -> None:
        if self._writer is not None:
            await asyncio.gather(self._writer, return_exceptions=True)
        await self.store.close()
