"""``AuditLog``: what the gateway holds to record decisions, and what the CLI reads them through.

Given a spool directory, the log survives its database being unreachable: entries are then acknowledged
once synced to the local spool and chained when the database is back (``outage.py``). Without one (the
CLI, tests), an unreachable database fails the append.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import StoreUnreachableError
from ..storage.open import open_audit_store
from ..storage.spool import Spool
from .chain import ChainVerifier, VerifyResult, check_entry, seal, to_utc
from .outage import Replayer, from_line, to_line
from .record import AuditEntry, AuditRecord, ChainHead, UnreadableRecordError

if TYPE_CHECKING:
    from ..plugins import Registry
    from ..storage.base import AuditStore


#: entries committed in one transaction at most
MAX_BATCH = 256
log = logging.getLogger("orkester.audit")


def _now() -> datetime:
    return datetime.now(UTC)


class AuditLog:
    """An append-only, hash-chained log of data-protection decisions over one store."""

    def __init__(
        self,
        store: AuditStore,
        clock: Callable[[], datetime] = _now,
        *,
        spool: Spool[AuditEntry] | None = None,
        retry_max_s: float = 5.0,
    ) -> None:
        self.store = store
        self._clock = clock
        self._spool = spool
        self._pending: list[tuple[AuditEntry, asyncio.Future[AuditRecord | None]]] = []
        self._writer: asyncio.Task[None] | None = None
        self._replayer = (
            Replayer(spool, self._append_now, self._committed_since, batch_size=MAX_BATCH, retry_max_s=retry_max_s)
            if spool is not None
            else None
        )
        self._replay: asyncio.Task[None] | None = None
        #: set while entries go to the spool (the database was unreachable, or a spooled backlog is replaying)
        self.spooling = asyncio.Event()

    @classmethod
    async def open(
        cls, url: str, registry: Registry | None = None, *, create: bool = True, spool_dir: Path | None = None
    ) -> AuditLog:
        """Connect to the store for ``url``; with ``create`` (the default) make its tables when missing.

        With ``spool_dir``, entries left there by an earlier run are replayed, and an outage spools.
        """
        spool = Spool(spool_dir, from_line, name="audit") if spool_dir is not None else None
        audit = cls(await open_audit_store(url, registry, create=create), spool=spool)
        await audit.resume()
        return audit

    async def resume(self) -> int:
        """Replay the entries an earlier run left in the spool (its database was down when it stopped, or
        it crashed); new entries queue behind them. How many spool segments were taken over."""
        if self._spool is None:
            return 0
        found = await self._spool.adopt()
        if found:
            assert self._spool.adopted_since_ns is not None
            self._start_spooling(datetime.fromtimestamp(self._spool.adopted_since_ns / 1e9, UTC))
        return found

    async def append(self, entry: AuditEntry) -> AuditRecord | None:
        """Chain ``entry`` after the current head; committed when this returns (the record), or, while the
        database is unreachable and the log has a spool, synced to the spool (None: chained later).

        The write is shielded: if the caller is cancelled (a client hung up), the entry is still
        written. Raises :class:`~orkester.errors.StorageError` when it cannot be, and ValueError for
        an entry the log may not hold (a destination with keys other than provider/model/region).
        """
        check_entry(entry)  # an entry the log may not hold fails here, alone, not its batch
        done: asyncio.Future[AuditRecord | None] = asyncio.get_running_loop().create_future()
        self._pending.append((entry, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write())
        return await asyncio.shield(done)

    async def _write(self) -> None:
        """Group commit: the entries waiting while a transaction commits go in the next one together,
        so concurrent requests share one durable write instead of queueing for one each."""
        while self._pending:
            batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
            if not self.spooling.is_set():
                try:
                    records = await self._append_now([entry for entry, _ in batch])
                except StoreUnreachableError as e:
                    if self._spool is None:
                        _fail(batch, e)
                        continue
                    log.warning("audit log: database unreachable, entries go to the spool (%s)", e.message)
                    self._start_spooling(self._clock())
                except Exception as e:
                    _fail(batch, e)
                    continue
                else:
                    for (_, done), record in zip(batch, records, strict=True):
                        if not done.done():
                            done.set_result(record)
                    continue
            await self._to_spool(batch)

    async def _append_now(self, entries: Sequence[AuditEntry]) -> list[AuditRecord]:
        # The clock is read under the write lock, so time order follows seq order (on one host).
        return await self.store.append_many([functools.partial(self._seal, entry) for entry in entries])

    async def _to_spool(self, batch: list[tuple[AuditEntry, asyncio.Future[AuditRecord | None]]]) -> None:
        assert self._spool is not None
        now = self._clock()
        synced = [self._spool.append_nowait(to_line(entry, now)) for entry, _ in batch]
        results = await asyncio.gather(*synced, return_exceptions=True)
        for (_, done), result in zip(batch, results, strict=True):
            if done.done():
                continue
            if isinstance(result, BaseException):
                done.set_exception(result)
            else:
                done.set_result(None)

    def _start_spooling(self, since: datetime) -> None:
        if self.spooling.is_set():
            return
        self.spooling.set()
        self._replay = asyncio.create_task(self._replay_then_resume(since), name="orkester-audit-replay")

    async def _replay_then_resume(self, since: datetime) -> None:
        assert self._replayer is not None
        try:
            drained = await self._replayer.run(since)
        except Exception:
            # entries keep spooling (nothing is lost); the next start replays them
            log.exception("audit log: replaying the spool failed; entries stay spooled until the next start")
            return
        if not drained:
            log.warning("audit log: closing with entries spooled; the next start chains them")
            return
        # run() returned with the spool drained and nothing being synced; no await between here and the
        # switch, so no entry can slip into the spool behind it
        self.spooling.clear()
        log.warning("audit log: database reachable again, %d spooled entries chained", self._replayer.replayed)

    async def _committed_since(self, since: datetime) -> set[str]:
        return {record.request_id async for record in self.records(since=since)}

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

    async def flush(self) -> None:
        """Wait until every entry acknowledged so far is chained (the spooled ones replayed)."""
        if self._writer is not None:
            await asyncio.gather(self._writer, return_exceptions=True)
        if self._replay is not None:
            await asyncio.shield(self._replay)

    async def close(self) -> None:
        """Stop. Spooled entries are chained if the database answers now; the rest stay on disk for the next
        :meth:`open` with the spool."""
        if self._writer is not None:
            await asyncio.gather(self._writer, return_exceptions=True)
        if self._replay is not None and self._replayer is not None:
            # one more try if the database is back; what still cannot be chained stays spooled
            self._replayer.stop.set()
            await asyncio.gather(self._replay, return_exceptions=True)
        if self._spool is not None:
            await self._spool.close()
        await self.store.close()


def _fail(batch: list[tuple[AuditEntry, asyncio.Future[AuditRecord | None]]], e: BaseException) -> None:
    for _, done in batch:
        if not done.done():
            done.set_exception(e)
