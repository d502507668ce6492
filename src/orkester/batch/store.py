"""Where files, batches and line results live: the :class:`BatchStore` protocol, the memory store, and
opening one by URL (``storage.url``: ``sqlite:///…`` by default, ``postgresql://…`` for replicas sharing
the work, ``memory://`` for tests).

The contract that makes batches resumable and shareable:

* :meth:`claim` hands a worker up to ``limit`` lines of an ``in_progress`` batch that have no result and
  no live lease, and leases them to it until ``until`` (seconds since the epoch); two workers never get the
  same line while its lease lives. A worker renews its leases (:meth:`renew`) while it runs them, and gives
  them back (:meth:`release`) when it stops; a worker that dies simply lets them lapse.
* :meth:`finish` stores a line's result at once, and only if the line has none yet and its batch is still
  running: a line is answered at most once.
* :meth:`end` writes the output and error files and ends the batch in one transaction, and only when
  :func:`~.output.may_end` allows it — so the files hold every finished line exactly once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

from ..errors import ConfigError
from ..storage.urls import url_scheme
from .model import ACTIVE, Batch, BatchStatus, Counts, FileRecord, Line, LineStatus
from .output import ending, may_end
from .validate import ParsedLine


class BatchStore(Protocol):
    url: str

    async def open(self, *, create: bool = True) -> None: ...

    async def close(self) -> None: ...

    async def add_file(self, record: FileRecord, content: bytes) -> None: ...

    async def file(self, file_id: str) -> FileRecord | None: ...

    async def file_content(self, file_id: str) -> bytes | None: ...

    async def files(self, owner: str | None, limit: int) -> list[FileRecord]:
        """Newest first; ``owner`` None: everyone's."""
        ...

    async def delete_file(self, file_id: str) -> bool: ...

    async def add_batch(self, batch: Batch, lines: Sequence[ParsedLine]) -> None:
        """The batch and its lines (numbered from 1 in file order), in one transaction."""
        ...

    async def batch(self, batch_id: str) -> Batch | None: ...

    async def batches(self, owner: str | None, limit: int, after: str | None = None) -> list[Batch]:
        """Newest first, those created before batch ``after``; ``owner`` None: everyone's."""
        ...

    async def active(self) -> list[Batch]:
        """Batches whose lines still run or whose end is still to be written, oldest first."""
        ...

    async def claim(self, batch_id: str, worker: str, limit: int, now: float, until: float) -> list[Line]: ...

    async def renew(self, worker: str, until: float) -> int:
        """Extend every lease ``worker`` holds to ``until``; how many."""
        ...

    async def release(self, worker: str, line: tuple[str, int] | None = None) -> int:
        """Give back every lease ``worker`` holds, or only that of ``line`` (batch id, line number); how many."""
        ...

    async def finish(self, batch_id: str, line_no: int, status: LineStatus, result: str, at: datetime) -> bool:
        """Store a line's result; False when it already had one or its batch no longer runs."""
        ...

    async def cancel(self, batch_id: str, at: datetime) -> Batch | None:
        """Move a running batch to ``cancelling`` (others are left as they are); None if no such batch."""
        ...

    async def pending(self, batch_id: str, now: float) -> tuple[int, int]:
        """Lines without a result, and how many of them a live lease holds."""
        ...

    async def end(self, batch_id: str, final: BatchStatus, at: datetime) -> Batch | None:
        """Write the files and end the batch ``final`` if :func:`may_end` allows it now; None otherwise."""
        ...


@dataclass
class _MemLine:
    line: Line
    lease_owner: str | None = None
    lease_until: float | None = None


@dataclass
class MemoryBatchStore:
    """``memory://``: dicts in this process. No method awaits, so each is atomic."""

    url: str = "memory://"
    file_rows: dict[str, tuple[FileRecord, bytes]] = field(default_factory=dict)
    batch_rows: dict[str, Batch] = field(default_factory=dict)
    line_rows: dict[str, list[_MemLine]] = field(default_factory=dict)

    async def open(self, *, create: bool = True) -> None:
        return None

    async def close(self) -> None:
        return None

    async def add_file(self, record: FileRecord, content: bytes) -> None:
        self.file_rows[record.id] = (record, content)

    async def file(self, file_id: str) -> FileRecord | None:
        row = self.file_rows.get(file_id)
        return None if row is None else row[0]

    async def file_content(self, file_id: str) -> bytes | None:
        row = self.file_rows.get(file_id)
        return None if row is None else row[1]

    async def files(self, owner: str | None, limit: int) -> list[FileRecord]:
        rows = [r for r, _ in self.file_rows.values() if owner is None or r.owner == owner]
        return sorted(rows, key=lambda r: (r.created_at, r.id), reverse=True)[:limit]

    async def delete_file(self, file_id: str) -> bool:
        return self.file_rows.pop(file_id, None) is not None

    async def add_batch(self, batch: Batch, lines: Sequence[ParsedLine]) -> None:
        self.batch_rows[batch.id] = batch
        self.line_rows[batch.id] = [
            _MemLine(Line(batch.id, n, p.custom_id, p.body)) for n, p in enumerate(lines, start=1)
        ]

    async def batch(self, batch_id: str) -> Batch | None:
        return self.batch_rows.get(batch_id)

    async def batches(self, owner: str | None, limit: int, after: str | None = None) -> list[Batch]:
        rows = sorted(
            (b for b in self.batch_rows.values() if owner is None or b.owner == owner),
            key=lambda b: (b.created_at, b.id),
            reverse=True,
        )
        cursor = self.batch_rows.get(after) if after else None
        if cursor is not None:
            rows = [b for b in rows if (b.created_at, b.id) < (cursor.created_at, cursor.id)]
        return rows[:limit]

    async def active(self) -> list[Batch]:
        return sorted((b for b in self.batch_rows.values() if b.status in ACTIVE), key=lambda b: b.created_at)

    async def claim(self, batch_id: str, worker: str, limit: int, now: float, until: float) -> list[Line]:
        batch = self.batch_rows.get(batch_id)
        if batch is None or batch.status != "in_progress":
            return []
        taken: list[Line] = []
        for row in self.line_rows.get(batch_id, []):
            if len(taken) >= limit:
                break
            if row.line.status == "pending" and (row.lease_until is None or row.lease_until < now):
                row.lease_owner, row.lease_until = worker, until
                taken.append(row.line)
        return taken

    def _held(self, worker: str) -> list[_MemLine]:
        return [
            r
            for rows in self.line_rows.values()
            for r in rows
            if r.lease_owner == worker and r.line.status == "pending"
        ]

    async def renew(self, worker: str, until: float) -> int:
        held = self._held(worker)
        for row in held:
            row.lease_until = until
        return len(held)

    async def release(self, worker: str, line: tuple[str, int] | None = None) -> int:
        held = [r for r in self._held(worker) if line is None or (r.line.batch_id, r.line.line_no) == line]
        for row in held:
            row.lease_owner = row.lease_until = None
        return len(held)

    async def finish(self, batch_id: str, line_no: int, status: LineStatus, result: str, at: datetime) -> bool:
        batch = self.batch_rows.get(batch_id)
        rows = self.line_rows.get(batch_id, [])
        if batch is None or batch.status not in ("in_progress", "cancelling") or not 1 <= line_no <= len(rows):
            return False
        row = rows[line_no - 1]
        if row.line.status != "pending":
            return False
        row.line = replace(row.line, status=status, result=result)
        row.lease_owner = row.lease_until = None
        c = batch.counts
        counts = replace(c, completed=c.completed + 1) if status == "done" else replace(c, failed=c.failed + 1)
        self.batch_rows[batch_id] = replace(batch, counts=counts)
        return True

    async def cancel(self, batch_id: str, at: datetime) -> Batch | None:
        batch = self.batch_rows.get(batch_id)
        if batch is None:
            return None
        if batch.status in ("validating", "in_progress"):
            batch = self.batch_rows[batch_id] = replace(batch, status="cancelling", cancelling_at=at)
        return batch

    async def pending(self, batch_id: str, now: float) -> tuple[int, int]:
        waiting = [r for r in self.line_rows.get(batch_id, []) if r.line.status == "pending"]
        return len(waiting), sum(1 for r in waiting if r.lease_until is not None and r.lease_until >= now)

    async def end(self, batch_id: str, final: BatchStatus, at: datetime) -> Batch | None:
        batch = self.batch_rows.get(batch_id)
        if batch is None:
            return None
        pending, leased = await self.pending(batch_id, at.timestamp())
        if not may_end(batch, final, pending, leased):
            return None
        ended, files = ending(batch, [r.line for r in self.line_rows.get(batch_id, [])], final, at)
        for f in files:
            self.file_rows[f.record.id] = (f.record, f.content)
        self.batch_rows[batch_id] = ended
        return ended


def batch_store(url: str) -> BatchStore:
    """The (unopened) batch store for ``url``; ConfigError naming the known schemes when none fits."""
    scheme = url_scheme(url)
    if scheme == "memory":
        return MemoryBatchStore(url)
    if scheme == "sqlite":
        from .sqlite import SqliteBatchStore

        return SqliteBatchStore(url)
    if scheme in ("postgresql", "postgres"):
        from .postgres import PostgresBatchStore

        return PostgresBatchStore(url)
    raise ConfigError(f"Storage URL {url!r} cannot hold batches; known schemes: memory, postgresql, sqlite")


async def open_batch_store(url: str, *, create: bool = True) -> BatchStore:
    store = batch_store(url)
    await store.open(create=create)
    return store


__all__ = ["BatchStore", "Counts", "MemoryBatchStore", "batch_store", "open_batch_store"]
