"""What a store must offer its tenants. The audit log is the first tenant.

A store is built from a URL by the factory registered for the URL's scheme (see ``open.py``); built-in
and third-party stores register the same way. Building a store does no I/O; :meth:`AuditStore.open`
connects (and creates the tables when asked).

The audit contract that matters: :meth:`AuditStore.append` runs ``seal`` *inside* a transaction that
holds the log's write lock, with the current chain head, and commits the record and the new head
together before returning. That is what keeps the chain linear when several processes append.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..audit.record import AuditRecord, ChainHead

#: Given the current head, the record that follows it.
Sealer = Callable[["ChainHead"], "AuditRecord"]


class AuditReader(Protocol):
    """A consistent snapshot of the log: the head and the rows agree with each other."""

    async def head(self) -> ChainHead | None:
        """The recorded chain head (seq 0 and the genesis hash when empty); None when that record is gone."""
        ...

    def rows(self, since: datetime | None = None, until: datetime | None = None) -> AsyncIterator[AuditRecord]:
        """Records in seq order, optionally those with ``since <= ts < until``.

        Raises :class:`~orkester.audit.record.UnreadableRecordError` at a row that cannot be read.
        """
        ...


class AuditStore(Protocol):
    async def open(self, *, create: bool = True) -> None:
        """Connect; with ``create``, make the tables (and the SQLite file) when missing, else fail if absent."""
        ...

    async def append(self, seal: Sealer) -> AuditRecord:
        """Append ``seal(head)`` under the write lock; committed (durable) when this returns."""
        ...

    async def append_many(self, seals: Sequence[Sealer]) -> list[AuditRecord]:
        """Append each ``seal`` in order, each chained on the previous, in one transaction (group commit)."""
        ...

    def read(self) -> AbstractAsyncContextManager[AuditReader]:
        """A snapshot to read from; appends may continue meanwhile."""
        ...

    async def close(self) -> None: ...


#: Builds a store for a URL of the scheme it was registered under; no I/O.
StoreFactory = Callable[[str], "AuditStore"]
