"""What a ledger store offers: idempotent batch inserts that keep the rollups in step, and the report queries.

Built-in stores: ``sqlite:///path`` (the default), ``postgresql://…`` and ``memory://`` (SQLite in
memory, for tests). Building a store does no I/O; :meth:`LedgerStore.open` connects and applies the
missing migrations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from ..errors import ConfigError
from ..storage.urls import url_scheme
from .record import LedgerRecord
from .rollup import Totals

if TYPE_CHECKING:
    from .experiments import ArmSums, StoppedExperiment
    from .feedback import Ratings
    from .query import RecordQuery


@dataclass(frozen=True, slots=True)
class KeyUsage:
    """One API key's use of one deployment in a time range, from the raw records."""

    provider: str
    model: str
    requests: int
    errors: int
    input_tokens: int
    output_tokens: int
    cost_usd: float
    latency_ms_avg: float


class LedgerStore(Protocol):
    url: str

    async def open(self, *, create: bool = True) -> None:
        """Connect; with ``create``, make or migrate the tables, else fail when there is no ledger."""
        ...

    async def insert(self, records: Sequence[LedgerRecord]) -> int:
        """Insert the records whose ``request_id`` is not stored yet, and add those to the rollups, in one
        transaction; committed when this returns. Returns how many were new."""
        ...

    async def totals(self, by: Sequence[str], since: datetime | None, until: datetime | None) -> list[Totals]:
        """Rollup sums over ``[since, until)`` grouped by ``by`` (names in ``rollup.GROUPS``)."""
        ...

    async def key_usage(self, key_id: str, since: datetime | None, until: datetime | None) -> list[KeyUsage]:
        """One key's use per deployment over ``[since, until)``, from the raw records (index on key_id, ts)."""
        ...

    async def span(self, since: datetime | None, until: datetime | None) -> tuple[datetime, datetime] | None:
        """The first and last raw record's time in ``[since, until)``; None when there are none."""
        ...

    async def get(self, request_id: str) -> LedgerRecord | None: ...

    async def count(self) -> int:
        """Raw records stored."""
        ...

    async def records(self, query: RecordQuery) -> list[LedgerRecord]:
        """The raw records ``query`` selects, newest first (the request log; see ``query.py``)."""
        ...

    async def set_feedback(
        self,
        request_id: str,
        value: float,
        *,
        raw: str | None = None,
        comment: str | None = None,
        labels: Sequence[str] = (),
        at: datetime | None = None,
    ) -> bool:
        """Record the user's feedback on a request (``value`` normalised to [0, 1], ``raw`` as given; see
        ``feedback.py``), replacing every feedback column an earlier rating set: the last word counts.
        False when the request is not in the ledger."""
        ...

    async def ratings(self, by: Sequence[str], since: datetime | None, until: datetime | None) -> list[Ratings]:
        """Requests and their feedback over ``[since, until)`` grouped by ``by`` (names in
        ``feedback.RATING_GROUPS``), from the raw records (the ``ts`` index)."""
        ...

    async def arm_sums(self, experiment: str, until: datetime | None = None) -> list[ArmSums]:
        """Per kind and arm, the sums of ``experiment``'s successful records before ``until``."""
        ...

    async def stop_experiment(self, stop: StoppedExperiment) -> StoppedExperiment:
        """Record that an experiment stopped, unless it is already; the row that holds is returned."""
        ...

    async def stopped_experiments(self) -> dict[str, StoppedExperiment]: ...

    async def purge(self, before: datetime, *, chunk: int = 50_000) -> int:
        """Delete raw records and minute rollups older than ``before`` (day rollups stay); how many raw rows went."""
        ...

    async def rebuild_rollups(self) -> None:
        """Recompute both rollups from the raw records (after a bulk load, or to repair them)."""
        ...

    async def close(self) -> None: ...


def _sqlite(url: str) -> LedgerStore:
    from .sqlite import SqliteLedgerStore

    return SqliteLedgerStore(url)


def _postgres(url: str) -> LedgerStore:
    from .postgres import PostgresLedgerStore

    return PostgresLedgerStore(url)


#: Storage URL scheme -> ledger store factory (read-only).
STORES: Mapping[str, Callable[[str], LedgerStore]] = MappingProxyType(
    {"sqlite": _sqlite, "memory": _sqlite, "postgresql": _postgres, "postgres": _postgres}
)


def ledger_store(url: str) -> LedgerStore:
    """The (unopened) ledger store for ``url``; ConfigError naming the known schemes when none fits."""
    scheme = url_scheme(url)
    try:
        return STORES[scheme](url)
    except KeyError:
        raise ConfigError(
            f"Storage URL {url!r}: the ledger has no store for scheme {scheme!r} (known: {', '.join(sorted(STORES))})"
        ) from None


async def open_ledger_store(url: str, *, create: bool = True) -> LedgerStore:
    store = ledger_store(url)
    await store.open(create=create)
    return store
