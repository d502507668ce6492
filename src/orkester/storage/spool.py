"""The spool: append-only segment files where every record is made durable before it is acknowledged.

Used by the usage ledger (every record goes through it) and by the audit log (while its database is
unreachable). A spool holds one kind of record: ``parse`` turns a line back into one.

:meth:`Spool.append` returns once the line is on disk (``fdatasync``). Appends that arrive while a sync
is running wait for the next one and share it (group commit), so many concurrent requests pay for one
sync of a few hundred microseconds. The writer's background task then reads durable lines back
(:meth:`Spool.read`), puts them in the database, and :meth:`Spool.commit` deletes a segment once it is
sealed and every line in it is committed. A segment is sealed when it reaches ``segment_bytes``, after a
write error, and at close.

Segments are ``<time_ns>-<pid>-<n>.seg`` in the spool directory, each holding an exclusive ``flock``
for as long as a process owns it (the kernel drops it when the process dies, ``kill -9`` included). A
new segment is written under a ``.tmp`` name, locked, then renamed, so a ``.seg`` file is always locked
by its owner or orphaned. :meth:`Spool.adopt` takes over orphaned segments (at start-up, from a crashed
run or a process that closed while the database was down) and queues their lines for replay; a torn
last line (a write cut short by the crash, never acknowledged) is ignored. Replayed records are
inserted idempotently, so lines that were already committed before the crash do no harm.

All bookkeeping happens on the event loop; file I/O runs on two threads of its own (writes and syncs
on one, reads on the other), so a slow disk never blocks the loop.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from time import time_ns
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ..errors import StorageError
from .urls import sqlite_path, url_scheme

if TYPE_CHECKING:
    from ..settings import Settings

log = logging.getLogger("orkester.storage")
T = TypeVar("T")
R = TypeVar("R")

HEADER = b'{"orkester_spool":1}\n'
SEGMENT_BYTES = 1 << 20
_READ_CHUNK = 1 << 20


def spool_directory(settings: Settings) -> Path | None:
    """Where records wait while the database is unreachable: ``ledger.spool_dir``, else ``spool/`` beside the
    SQLite file, or ``.orkester/spool`` under the working directory for PostgreSQL; None for ``memory://``
    (nothing outlives the process). The ledger spools there, the audit log in its ``audit/`` subdirectory."""
    url = settings.storage.url
    scheme = url_scheme(url)
    if scheme == "memory":
        return None
    if settings.ledger.spool_dir:
        return Path(settings.ledger.spool_dir)
    if scheme == "sqlite":
        return sqlite_path(url.split("?", 1)[0]).parent / "spool"
    return Path(".orkester") / "spool"


class SpoolError(StorageError):
    """A record could not be made durable in the spool (disk full, directory not writable)."""


@dataclass(eq=False)
class Segment:
    path: Path
    fd: int
    #: end of the last synced (acknowledged) line; reads never go past it
    durable: int
    #: end of the lines handed to the reader, and of those committed to the database
    read: int
    committed: int
    sealed: bool = False


@dataclass(eq=False)
class Batch(Generic[R]):
    """Records read from one segment; committing it moves that segment's committed offset to ``end``."""

    segment: Segment
    end: int
    records: list[R] = field(default_factory=list)
    #: lines that were not records (corruption); skipped, and logged
    bad: int = 0


class Spool(Generic[R]):
    """Durable lines in ``directory``; ``parse`` reads one back (ValueError: the line is skipped as corrupt);
    ``name`` says whose spool it is in errors and logs."""

    def __init__(
        self,
        directory: Path,
        parse: Callable[[bytes], R],
        *,
        name: str = "spool",
        segment_bytes: int = SEGMENT_BYTES,
    ) -> None:
        self.directory = directory
        self.parse = parse
        self.name = name
        self.segment_bytes = segment_bytes
        self._segments: list[Segment] = []
        self._active: Segment | None = None
        self._pending: list[bytes] = []
        self._waiters: list[asyncio.Future[None]] = []
        self._syncer: asyncio.Task[None] | None = None
        self._writes = ThreadPoolExecutor(max_workers=1, thread_name_prefix="orkester-spool-write")
        self._reads = ThreadPoolExecutor(max_workers=1, thread_name_prefix="orkester-spool-read")
        self._made = 0
        #: lines synced and not yet read (for the writer's "a batch is full" signal)
        self.unread_lines = 0
        #: called on the loop after each sync that made lines durable
        self.on_durable: Callable[[], None] | None = None
        #: when the oldest segment :meth:`adopt` took over was created (ns since the epoch), if any
        self.adopted_since_ns: int | None = None

    async def _io(self, pool: ThreadPoolExecutor, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(pool, fn, *args)

    # --- appending -------------------------------------------------------------------------------

    async def append(self, line: bytes) -> None:
        """Make ``line`` (one JSON record ending in a newline) durable; returns once it is synced.

        If the caller is cancelled the line is still written. Raises :class:`SpoolError` when the
        sync fails; the line may then be on disk (and replayed) but was not acknowledged.
        """
        await asyncio.shield(self.append_nowait(line))

    def append_nowait(self, line: bytes) -> asyncio.Future[None]:
        """Queue ``line`` for the next sync at once (no await: lines queued in one step keep their order and
        are seen by :meth:`drained`); the future resolves once it is synced, as :meth:`append` returns."""
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append(line)
        self._waiters.append(fut)
        if self._syncer is None or self._syncer.done():
            self._syncer = asyncio.create_task(self._sync())
        return fut

    async def _sync(self) -> None:
        while self._pending:
            lines, waiters = self._pending, self._waiters
            self._pending, self._waiters = [], []
            data = b"".join(lines)
            try:
                seg = self._active
                if seg is None or seg.sealed or seg.durable >= self.segment_bytes:
                    seg = await self._rotate()
                await self._io(self._writes, _write, seg.fd, data, seg.durable)
            except OSError as e:
                if self._active is not None:
                    self._active.sealed = True  # never write after a failed sync (its pages may be lost)
                err = SpoolError(f"{self.name} spool {self.directory}: {e}")
                for w in waiters:
                    if not w.done():
                        w.set_exception(err)
                continue
            seg.durable += len(data)
            self.unread_lines += len(lines)
            for w in waiters:
                if not w.done():
                    w.set_result(None)
            if self.on_durable is not None:
                self.on_durable()

    async def _rotate(self) -> Segment:
        self._made += 1
        name = f"{time_ns():020d}-{os.getpid()}-{self._made:06d}"
        fd = await self._io(self._writes, _create, self.directory, name)
        seg = Segment(self.directory / f"{name}.seg", fd, len(HEADER), len(HEADER), len(HEADER))
        old, self._active = self._active, seg
        self._segments.append(seg)
        if old is not None:
            old.sealed = True
            await self._drop_if_done(old)
        return seg

    # --- reading and committing --------------------------------------------------------------------

    def unread(self) -> bool:
        return any(s.read < s.durable for s in self._segments)

    def drained(self) -> bool:
        """No append waiting for its sync and no durable line unread: everything went to :meth:`read`."""
        syncing = self._syncer is not None and not self._syncer.done()
        return not self._pending and not syncing and not self.unread()

    async def read(self, max_records: int) -> Batch[R] | None:
        """Up to ``max_records`` durable records not read yet, from the oldest segment that has some."""
        seg = next((s for s in self._segments if s.read < s.durable), None)
        if seg is None:
            return None
        chunk = _READ_CHUNK
        while True:
            size = min(seg.durable - seg.read, chunk)
            data = await self._io(self._reads, os.pread, seg.fd, size, seg.read)
            cut = data.rfind(b"\n") + 1
            if cut or seg.read + size >= seg.durable:
                break
            chunk *= 2  # one line longer than the chunk: only a corrupted file has those
        lines = data[:cut].split(b"\n")[:-1][:max_records]
        batch: Batch[R] = Batch(seg, seg.read + sum(len(x) + 1 for x in lines) if cut else seg.durable)
        for line in lines:
            try:
                batch.records.append(self.parse(line))
            except ValueError:
                batch.bad += 1
        if batch.bad:
            log.error("%s spool %s: skipped %d unreadable line(s)", self.name, seg.path.name, batch.bad)
        seg.read = batch.end
        self.unread_lines = max(0, self.unread_lines - len(lines))
        return batch

    async def commit(self, batch: Batch[R]) -> None:
        """The batch's records are in the database: its segment may be deleted once all of it is."""
        batch.segment.committed = max(batch.segment.committed, batch.end)
        await self._drop_if_done(batch.segment)

    def unread_again(self, batch: Batch[R]) -> None:
        """The batch could not be committed: read it again next time."""
        batch.segment.read = min(batch.segment.read, batch.segment.committed)

    async def _drop_if_done(self, seg: Segment) -> None:
        if seg.sealed and seg.committed >= seg.durable and seg in self._segments:
            self._segments.remove(seg)
            await self._io(self._writes, _delete, seg.path, seg.fd)

    # --- start and stop ---------------------------------------------------------------------------

    async def adopt(self) -> int:
        """Take over orphaned segments (no live owner) and queue their lines for replay; how many segments."""
        self.directory.mkdir(parents=True, exist_ok=True)
        found = await self._io(self._reads, _orphans, self.directory)
        for path, fd, end, start in found:
            # before this process's own segments, oldest first
            at = sum(1 for s in self._segments if s is not self._active and s.path.name < path.name)
            self._segments.insert(at, Segment(path, fd, end, start, start, sealed=True))
        if found:
            first = min(int(path.name.split("-", 1)[0]) for path, *_ in found)
            self.adopted_since_ns = first if self.adopted_since_ns is None else min(first, self.adopted_since_ns)
            log.warning("%s spool: replaying %d segment(s) left by an earlier run", self.name, len(found))
        return len(found)

    async def settle(self) -> None:
        """Wait until every append so far has been synced (or has failed)."""
        while self._syncer is not None and not self._syncer.done():
            await asyncio.gather(self._syncer, return_exceptions=True)

    async def close(self) -> None:
        """Wait for pending appends, delete what is committed, and release the rest for the next start."""
        await self.settle()
        for seg in list(self._segments):
            seg.sealed = True
            await self._drop_if_done(seg)
        for seg in self._segments:
            os.close(seg.fd)
        self._segments.clear()
        self._active = None
        self._writes.shutdown(wait=True)
        self._reads.shutdown(wait=True)

    def backlog_bytes(self) -> int:
        return sum(s.durable - s.committed for s in self._segments)


def _write(fd: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    while view:
        n = os.pwrite(fd, view, offset)
        view, offset = view[n:], offset + n
    os.fdatasync(fd)


def _create(directory: Path, name: str) -> int:
    directory.mkdir(parents=True, exist_ok=True)
    tmp = directory / f"{name}.tmp"
    fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.pwrite(fd, HEADER, 0)
        os.fdatasync(fd)
        os.rename(tmp, directory / f"{name}.seg")
        _sync_dir(directory)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    return fd


def _delete(path: Path, fd: int) -> None:
    path.unlink(missing_ok=True)
    os.close(fd)


def _sync_dir(directory: Path) -> None:
    dfd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def _orphans(directory: Path) -> list[tuple[Path, int, int, int]]:
    """(path, locked fd, end of the last whole line, start of the records) of each orphaned segment."""
    out = []
    for path in sorted(directory.glob("*.tmp")):
        fd = _lock(path)
        if fd is not None:  # its creator died before it held a record
            path.unlink(missing_ok=True)
            os.close(fd)
    for path in sorted(directory.glob("*.seg")):
        fd = _lock(path)
        if fd is None:
            continue
        size = os.fstat(fd).st_size
        end, pos = 0, size
        while pos > 0:
            start = max(0, pos - _READ_CHUNK)
            found = os.pread(fd, pos - start, start).rfind(b"\n")
            if found >= 0:
                end = start + found + 1
                break
            pos = start
        head = os.pread(fd, len(HEADER), 0)
        out.append((path, fd, end, len(HEADER) if head == HEADER else 0))
    return out


def _lock(path: Path) -> int | None:
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd
