"""The batch workers of one gateway process.

One loop looks at the running batches, claims lines up to the free slots — at most ``concurrency`` lines
in flight in the process and ``per_batch_concurrency`` per batch — and runs each claimed line as a task.
A finished line's result is stored at once (:meth:`BatchStore.finish`); a batch whose lines all have a
result is ended (its files written) by whichever worker sees it first. While lines run, a heartbeat renews
their leases every third of ``lease_seconds``; if the process dies the leases lapse and any worker — this
process restarted, or another replica — takes the lines over. A stopping worker gives its leases back.

The loop wakes when a line finishes or a batch is created here, and every ``poll_seconds`` otherwise (to
find batches created by other processes, and abandoned lines). Nothing a line or the store does stops it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

from ..errors import StorageError
from ..observability.metrics import Metrics
from .config import BatchSettings
from .model import Batch, BatchStatus, Execute, Line, kind_of
from .store import BatchStore

log = logging.getLogger("orkester.batch")
#: pauses between tries to store a result while the store is down (the last one repeats)
STORE_RETRY_S = (0.2, 0.5, 1.0, 2.0, 5.0)


class Lines(Protocol):
    async def prepare(self, batch: Batch) -> Execute:
        """How to run this batch's lines now (as its owner)."""
        ...


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class Worker:
    def __init__(
        self,
        store: BatchStore,
        settings: BatchSettings,
        lines: Lines,
        metrics: Metrics | None = None,
        *,
        name: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.settings = settings
        self.lines = lines
        self.metrics = metrics
        self.id = name or worker_id()
        self._clock = clock
        #: the tasks running lines, by batch id
        self._running: dict[str, set[asyncio.Task[None]]] = {}
        self._wake = asyncio.Event()
        self._loop: asyncio.Task[None] | None = None
        self._heartbeat: asyncio.Task[None] | None = None
        self._closing = False

    @property
    def in_flight(self) -> int:
        return sum(len(tasks) for tasks in self._running.values())

    def running(self, batch_id: str) -> int:
        return len(self._running.get(batch_id, ()))

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        if self._loop is None:
            self._loop = asyncio.create_task(self._forever(), name="orkester-batch-worker")
            self._heartbeat = asyncio.create_task(self._renew_forever(), name="orkester-batch-leases")

    async def close(self) -> None:
        """Stop claiming, stop the lines under way (their leases are given back: they run again later)."""
        self._closing = True
        for task in (self._loop, self._heartbeat):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._loop = self._heartbeat = None
        tasks = [t for ts in self._running.values() for t in ts]
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        try:
            await self.store.release(self.id)
        except StorageError as e:
            log.warning("could not give back the batch leases of %s (they lapse by themselves): %s", self.id, e.message)

    async def _forever(self) -> None:
        while True:
            try:
                await self.step()
            except StorageError as e:
                log.warning("batch worker: the store failed (will retry): %s", e.message)
            except Exception:  # the loop must outlive any bug in one round
                log.exception("batch worker: a round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.settings.poll_seconds)
            self._wake.clear()

    async def _renew_forever(self) -> None:
        while True:
            await asyncio.sleep(self.settings.lease_seconds / 3)
            try:
                await self.renew()
            except StorageError as e:
                log.warning("batch worker: could not renew leases (will retry): %s", e.message)

    async def renew(self) -> int:
        """Extend the leases of the lines under way by ``lease_seconds`` from now; how many."""
        if not self.in_flight:
            return 0
        return await self.store.renew(self.id, self._clock() + self.settings.lease_seconds)

    async def idle(self) -> None:
        """Wait until the lines under way have finished (and their results are stored)."""
        while self._running:
            await asyncio.gather(*[t for ts in self._running.values() for t in ts], return_exceptions=True)

    async def step(self) -> None:
        """One round: claim and start lines of every running batch, end the batches that are done."""
        for batch in await self.store.active():
            if self._closing:
                return
            now = self._clock()
            if batch.status == "cancelling":
                if not self.running(batch.id):
                    await self._end(batch, "cancelled")
                continue
            if now >= batch.expires_at.timestamp():
                if not self.running(batch.id):
                    await self._end(batch, "expired")
                continue
            free = min(
                self.settings.concurrency - self.in_flight,
                self.settings.per_batch_concurrency - self.running(batch.id),
            )
            claimed: list[Line] = []
            if free > 0:
                claimed = await self.store.claim(batch.id, self.id, free, now, now + self.settings.lease_seconds)
            if claimed:
                try:
                    execute = await self.lines.prepare(batch)
                except BaseException:  # the key store failed: hand the lines back for the next round
                    for line in claimed:
                        with contextlib.suppress(StorageError):
                            await self.store.release(self.id, (batch.id, line.line_no))
                    raise
                for line in claimed:
                    self._spawn(batch, line, execute)
            elif not self.running(batch.id):
                pending, _ = await self.store.pending(batch.id, now)
                if pending == 0:
                    await self._end(batch, "completed")

    async def _end(self, batch: Batch, final: BatchStatus) -> None:
        ended = await self.store.end(batch.id, final, datetime.fromtimestamp(self._clock(), UTC))
        if ended is not None:
            c = ended.counts
            log.info("batch %s %s: %d completed, %d failed of %d", batch.id, final, c.completed, c.failed, c.total)

    def _spawn(self, batch: Batch, line: Line, execute: Execute) -> None:
        task = asyncio.create_task(self._run(batch, line, execute), name=f"orkester-batch-line-{batch.id}")
        tasks = self._running.setdefault(batch.id, set())
        tasks.add(task)

        def done(t: asyncio.Task[None]) -> None:
            tasks.discard(t)
            if not tasks and self._running.get(batch.id) is tasks:
                del self._running[batch.id]
            self._wake.set()

        task.add_done_callback(done)

    async def _run(self, batch: Batch, line: Line, execute: Execute) -> None:
        try:
            status, result = await execute(line)
        except Exception:  # an executor must not raise; if one does, the line is handed back to run again
            log.exception("batch %s line %d: the executor raised", batch.id, line.line_no)
            with contextlib.suppress(StorageError):  # else its lease lapses when this process stops
                await self.store.release(self.id, (batch.id, line.line_no))
            return
        attempt = 0
        while True:  # until stored: the result exists only here, and the line's lease is renewed meanwhile
            try:
                stored = await self.store.finish(
                    batch.id, line.line_no, status, result, datetime.fromtimestamp(self._clock(), UTC)
                )
            except StorageError as e:
                pause = STORE_RETRY_S[min(attempt, len(STORE_RETRY_S) - 1)]
                attempt += 1
                log.warning("batch %s line %d: result not stored (try %d): %s", batch.id, line.line_no, attempt, e)
                await asyncio.sleep(pause)
                continue
            if stored and self.metrics is not None:
                outcome = "completed" if status == "done" else "failed"
                self.metrics.batch_lines.labels(kind_of(batch.endpoint), outcome).inc()
            return
