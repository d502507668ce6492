"""What the audit log does while its database cannot be reached: entries wait in a durable local spool.

An entry is acknowledged once it is in the database *or* synced to the spool (``storage/spool.py``), so a
PostgreSQL outage does not stop the gateway from answering, and nothing acknowledged is lost. Each spooled
entry keeps the time of its decision (``AuditEntry.ts``), so the record it becomes carries that time even
though it is chained later. While anything is spooled, new entries are spooled too, so the chain keeps the
order the decisions were made in; :class:`Replayer` chains the spooled entries when the database answers
again and hands appends back to the database once the spool is drained.

A replay can be cut short by a crash after a batch was committed and before the spool knew it. Every audit
entry belongs to one request, so before replaying the replayer reads the request ids the log already holds
from a little before the outage began, and skips those entries: each decision is in the log once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta

import orjson

from ..errors import StorageError, StoreUnreachableError
from ..storage.spool import Batch, Spool
from .record import AuditEntry, AuditRecord

log = logging.getLogger("orkester.audit")

#: how far before the outage began the replayer looks for entries already committed
OVERLAP = timedelta(minutes=1)
RETRY_MIN_S = 0.05
RETRY_MAX_S = 5.0


def to_line(entry: AuditEntry, now: datetime) -> bytes:
    """One spool line for ``entry``, stamped with its decision time (``entry.ts``, else ``now``)."""
    return orjson.dumps(
        {
            "request_id": entry.request_id,
            "key_id": entry.key_id,
            "team": entry.team,
            "declared_class": entry.declared_class,
            "detected_class": entry.detected_class,
            "final_class": entry.final_class,
            "entities": entry.entities,
            "policy": entry.policy,
            "action": entry.action,
            "destinations": entry.destinations,
            "pseudonymised": entry.pseudonymised,
            "outcome": entry.outcome,
            "detail": entry.detail,
            "ts": (entry.ts or now).astimezone(UTC).isoformat(),
        },
        option=orjson.OPT_APPEND_NEWLINE,
    )


def from_line(line: bytes) -> AuditEntry:
    """The entry a spool line holds; ValueError when the line is not one (the spool skips it, loudly)."""
    try:
        d = orjson.loads(line)
        return AuditEntry(
            request_id=str(d["request_id"]),
            key_id=d["key_id"],
            team=d["team"],
            declared_class=d["declared_class"],
            detected_class=str(d["detected_class"]),
            final_class=str(d["final_class"]),
            entities={str(k): int(v) for k, v in d["entities"].items()},
            policy=str(d["policy"]),
            action=str(d["action"]),
            destinations=list(d["destinations"]),
            pseudonymised=bool(d["pseudonymised"]),
            outcome=str(d["outcome"]),
            detail=str(d["detail"]),
            ts=datetime.fromisoformat(d["ts"]),
        )
    except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError, ValueError) as e:
        raise ValueError(f"not an audit entry: {e}") from e


class Replayer:
    """Chains spooled entries into the store, oldest first, retrying with backoff while it is unreachable.

    ``append`` commits entries to the store (one transaction); ``committed_since`` lists the request ids the
    log holds from a time on. :meth:`run` returns when the spool is drained, nothing is waiting to be synced,
    and the caller may send appends to the store again.
    """

    def __init__(
        self,
        spool: Spool[AuditEntry],
        append: Callable[[Sequence[AuditEntry]], Awaitable[list[AuditRecord]]],
        committed_since: Callable[[datetime], Awaitable[set[str]]],
        *,
        batch_size: int,
        retry_max_s: float = RETRY_MAX_S,
    ) -> None:
        self.spool = spool
        self._append = append
        self._committed_since = committed_since
        self.batch_size = batch_size
        self.retry_max_s = retry_max_s
        self.replayed = 0
        #: set by the log when it closes: a failed try ends the run instead of waiting to retry
        self.stop = asyncio.Event()

    async def run(self, since: datetime) -> bool:
        """Chain everything spooled; True once drained, False when stopped with entries still spooled."""
        seen: set[str] | None = None
        while True:
            batch = await self.spool.read(self.batch_size)
            if batch is None:
                if self.spool.drained():
                    return True
                await self.spool.settle()  # lines are being synced: read them once they are durable
                continue
            seen = await self._commit(batch, since, seen)
            if seen is None:
                self.spool.unread_again(batch)
                return False
            await self.spool.commit(batch)

    async def _commit(self, batch: Batch[AuditEntry], since: datetime, seen: set[str] | None) -> set[str] | None:
        """Chain the batch's entries not in ``seen`` (read from the log on the first call); the ids now in the
        log, or None when stopped before the database answered."""
        delay = RETRY_MIN_S
        while True:
            try:
                if seen is None:
                    seen = await self._committed_since(since - OVERLAP)
                todo = [e for e in batch.records if e.request_id not in seen]
                if todo:
                    await self._append(todo)
                seen.update(e.request_id for e in todo)
                self.replayed += len(todo)
                return seen
            except StoreUnreachableError as e:
                if delay == RETRY_MIN_S:
                    log.warning("audit log: database unreachable, entries wait in the spool (%s)", e.message)
            except StorageError as e:
                # it answered and refused (a broken chain): the entries stay spooled until someone repairs it
                log.error("audit log: cannot chain spooled entries (%s); run `orkester audit verify`", e.message)
            if self.stop.is_set():
                return None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stop.wait(), delay)
            delay = min(delay * 2, self.retry_max_s)
