"""``memory://``: the audit log in a list, for tests. Nothing survives the process.

``rows`` and ``head`` are public so tests can tamper with the log the way someone with database
access would.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from ..audit.chain import GENESIS
from ..audit.record import AuditRecord, ChainHead
from ..errors import StorageError
from .base import Sealer

if TYPE_CHECKING:
    from ..plugins import Registry


@dataclass
class MemoryAuditStore:
    url: str = "memory://"
    rows: list[AuditRecord] = field(default_factory=list)
    head: ChainHead | None = GENESIS

    async def open(self, *, create: bool = True) -> None:
        return None

    async def append(self, seal: Sealer) -> AuditRecord:
        # No await between reading the head and storing the record: appends cannot interleave.
        if self.head is None:
            raise StorageError("the audit log's chain head is missing; run `orkester audit verify`")
        record = seal(self.head)
        if any(r.seq == record.seq for r in self.rows):
            raise StorageError(f"audit row {record.seq} already exists; run `orkester audit verify`")
        self.rows.append(record)
        self.head = ChainHead(record.seq, record.hash)
        return record

    async def append_many(self, seals: Sequence[Sealer]) -> list[AuditRecord]:
        return [await self.append(s) for s in seals]

    @asynccontextmanager
    async def read(self) -> AsyncIterator[_MemoryReader]:
        yield _MemoryReader(sorted(self.rows, key=lambda r: r.seq), self.head)

    async def close(self) -> None:
        return None


@dataclass
class _MemoryReader:
    snapshot: list[AuditRecord]
    recorded_head: ChainHead | None

    async def head(self) -> ChainHead | None:
        return self.recorded_head

    async def rows(self, since: datetime | None = None, until: datetime | None = None) -> AsyncIterator[AuditRecord]:
        for record in self.snapshot:
            if (since is None or record.ts >= since) and (until is None or record.ts < until):
                yield record


def register(registry: Registry) -> None:
    registry.add_store("memory", MemoryAuditStore)
