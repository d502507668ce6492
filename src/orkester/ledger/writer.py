"""``LedgerWriter``: records become durable in the spool before they are acknowledged, then reach the
database in batches off the request path.

``await writer.record(rec)`` returns once the record is synced to the local spool (group commit, see
``storage/spool.py``); a background task reads the spool back, inserts batches of ``ledger.batch_size`` records
(or whatever arrived within ``ledger.flush_ms``) and deletes spool segments once committed. While the
database is unreachable the task retries with backoff and records keep spooling; when it is back the
backlog drains. :meth:`start` replays segments a crashed or interrupted run left behind, :meth:`close`
flushes what it can and leaves the rest on disk for the next start. Inserts are idempotent by
``request_id``, so a record is in the ledger exactly once however often it is replayed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import StorageError
from ..storage.spool import Batch, Spool, spool_directory
from ..storage.urls import redact_url
from .record import LedgerRecord, from_line, to_line
from .retention import EVERY_S, apply_retention
from .store import LedgerStore, ledger_store

if TYPE_CHECKING:
    from ..settings import Settings

log = logging.getLogger("orkester.ledger")

RETRY_MIN_S = 0.05
RETRY_MAX_S = 5.0


@dataclass
class WriterStats:
    acknowledged: int = 0
    committed: int = 0
    #: failed attempts to reach the database
    failures: int = 0
    #: the database is unreachable right now (records are spooling)
    outage: bool = False


class LedgerWriter:
    def __init__(
        self,
        store: LedgerStore,
        spool_dir: Path,
        *,
        batch_size: int = 500,
        flush_ms: int = 200,
        retention_days: int | None = None,
        temporary_spool: bool = False,
        retry_max_s: float = RETRY_MAX_S,
    ) -> None:
        self.store = store
        self.spool: Spool[LedgerRecord] = Spool(spool_dir, from_line, name="ledger")
        self.batch_size = batch_size
        self.flush_s = flush_ms / 1000
        self.retention_days = retention_days
        self.retry_max_s = retry_max_s
        self.stats = WriterStats()
        #: set while the database is unreachable (records are spooling); for health checks and tests
        self.unreachable = asyncio.Event()
        self._temporary_spool = temporary_spool
        self._opened = False
        self._closing = False
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._full = asyncio.Event()
        self._stop = asyncio.Event()
        self._idle = asyncio.Event()
        self._next_retention = 0.0

    @classmethod
    def from_settings(cls, settings: Settings) -> LedgerWriter | None:
        """The writer ``settings`` describe (``storage.url``, ``ledger.*``), or None when the ledger is off.

        No I/O until :meth:`start`. With ``memory://`` storage the spool goes to a temporary directory.
        """
        conf = settings.ledger
        if not conf.enabled:
            return None
        configured = spool_directory(settings)
        temporary = configured is None
        spool_dir = Path(tempfile.mkdtemp(prefix="orkester-spool-")) if configured is None else configured
        return cls(
            ledger_store(settings.storage.url),
            spool_dir,
            batch_size=conf.batch_size,
            flush_ms=conf.flush_ms,
            retention_days=conf.retention_days,
            temporary_spool=temporary,
        )

    async def start(self) -> None:
        """Take over spool segments left by earlier runs and start the background task.

        Does not need the database: if it is unreachable the task keeps trying while records spool.
        """
        self.spool.on_durable = self._durable
        if await self.spool.adopt():
            self._wake.set()
        self._task = asyncio.create_task(self._run(), name="orkester-ledger-writer")

    async def record(self, rec: LedgerRecord) -> None:
        """Returns once ``rec`` is durable in the local spool; it reaches the database later.

        Raises :class:`~orkester.errors.StorageError` when the spool cannot sync it (the record was
        not acknowledged) or the writer is closed.
        """
        if self._closing or self._task is None:
            raise StorageError("the usage ledger is not running")
        await self.spool.append(to_line(rec))
        self.stats.acknowledged += 1

    async def flush(self) -> None:
        """Wait until every record acknowledged so far is in the database (or the writer stops)."""
        self._idle.clear()
        self._wake.set()
        self._full.set()
        if self._task is None:
            return
        idle: asyncio.Future[Any] = asyncio.ensure_future(self._idle.wait())
        await asyncio.wait([idle, self._task], return_when=asyncio.FIRST_COMPLETED)
        idle.cancel()

    async def close(self) -> None:
        """Stop taking records, put everything durable into the database if it is reachable, and stop.

        What cannot be written now stays in the spool and is replayed by the next :meth:`start`.
        """
        if self._closing:
            return
        self._closing = True
        await self.spool.settle()
        self._stop.set()
        self._wake.set()
        self._full.set()
        if self._task is not None:
            await self._task
        await self.spool.close()
        if self._opened:
            await self.store.close()
        if self._temporary_spool:
            shutil.rmtree(self.spool.directory, ignore_errors=True)

    def _durable(self) -> None:
        self._wake.set()
        if self.spool.unread_lines >= self.batch_size:
            self._full.set()

    async def _run(self) -> None:
        await self._open_store()
        while True:
            if not self.spool.unread():
                if self._closing:
                    return
                await self._retention()
                if self.spool.unread():
                    continue  # records became durable while retention ran: not idle (a flush waits on this)
                self._idle.set()
                await self._wake.wait()
                self._wake.clear()
                if self.spool.unread_lines < self.batch_size and not self._closing:
                    await _wait(self._full, self.flush_s)  # let the batch fill
            self._full.clear()
            while batch := await self.spool.read(self.batch_size):
                if not await self._commit(batch):
                    return  # closing with the database down: the rest stays spooled
            await self._retention()

    async def _open_store(self) -> None:
        try:
            await self.store.open()
        except StorageError as e:
            self._down(e)  # records spool meanwhile; the first batch tries again
        else:
            self._opened = True

    def _down(self, e: StorageError) -> None:
        self.stats.failures += 1
        self.unreachable.set()
        if not self.stats.outage:
            log.warning("usage ledger: database unreachable, records are spooling (%s)", e.message)
            self.stats.outage = True

    async def _commit(self, batch: Batch[LedgerRecord]) -> bool:
        delay = RETRY_MIN_S
        while True:
            try:
                if not self._opened:
                    await self.store.open()
                    self._opened = True
                if batch.records:
                    await self.store.insert(batch.records)
            except StorageError as e:
                self._down(e)
                if self._closing:
                    self.spool.unread_again(batch)
                    log.warning("usage ledger: closing with %d byte(s) spooled", self.spool.backlog_bytes())
                    return False
                await _wait(self._stop, delay)
                delay = min(delay * 2, self.retry_max_s)
                continue
            if self.stats.outage:
                log.warning("usage ledger: database %s is back, replaying the spool", redact_url(self.store.url))
                self.stats.outage = False
                self.unreachable.clear()
            await self.spool.commit(batch)
            self.stats.committed += len(batch.records)
            return True

    async def _retention(self) -> None:
        loop = asyncio.get_running_loop()
        if not self._opened or self.retention_days is None or loop.time() < self._next_retention:
            return
        self._next_retention = loop.time() + EVERY_S
        try:
            deleted = await apply_retention(self.store, self.retention_days, datetime.now(UTC))
        except StorageError as e:
            log.warning("usage ledger: retention failed (%s)", e.message)
            return
        if deleted:
            log.info("usage ledger: deleted %d record(s) past retention", deleted)


async def _wait(event: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), seconds)
