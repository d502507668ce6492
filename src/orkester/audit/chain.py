"""The chain: one canonical serialisation, the hash over it, and verification. Pure functions, no I/O.

Every store (memory, SQLite, PostgreSQL) and every export goes through :func:`canonical_json`, so a
record hashes to the same bytes wherever it is kept. A record's hash is the SHA-256 of the canonical
JSON of all its fields except ``hash`` itself (so ``seq``, ``ts`` and ``prev_hash`` are covered); the
first record's ``prev_hash`` is 64 zeros.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from .record import DESTINATION_KEYS, RECORD_FIELDS, AuditEntry, AuditRecord, ChainHead

GENESIS_HASH = "0" * 64
GENESIS = ChainHead(seq=0, hash=GENESIS_HASH)
_TS_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def to_utc(ts: datetime) -> datetime:
    """Aware datetimes are converted to UTC; naive ones are taken to be UTC already."""
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)


def format_ts(ts: datetime) -> str:
    """``2026-11-26T09:15:02.123456Z``: fixed width, so text order is time order."""
    return to_utc(ts).strftime(_TS_FORMAT)


def parse_ts(text: str) -> datetime:
    return to_utc(datetime.fromisoformat(text))


def canonical_json(value: Any) -> str:
    """Sorted keys, no whitespace, non-ASCII kept as is (hashed as UTF-8), no NaN."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def record_body(record: AuditRecord) -> dict[str, Any]:
    """Every field but ``hash``, as JSON values (``ts`` formatted)."""
    body = {name: getattr(record, name) for name in RECORD_FIELDS if name != "hash"}
    body["ts"] = format_ts(record.ts)
    return body


def record_hash(record: AuditRecord) -> str:
    return hashlib.sha256(canonical_json(record_body(record)).encode("utf-8")).hexdigest()


def check_entry(entry: AuditEntry) -> None:
    """Refuse entries that could carry more than the audit log may hold, or that would not hash."""
    for name, count in entry.entities.items():
        if not isinstance(name, str) or type(count) is not int or count < 0:
            raise ValueError(f"audit entities must map entity type to a count, got {name!r}: {count!r}")
    for dest in entry.destinations:
        extra = set(dest) - set(DESTINATION_KEYS)
        if extra:
            raise ValueError(f"audit destinations hold only {', '.join(DESTINATION_KEYS)}; got {sorted(extra)}")
        if not all(v is None or isinstance(v, str) for v in dest.values()):
            raise ValueError(f"audit destination values must be strings or None, got {dest!r}")


def seal(entry: AuditEntry, head: ChainHead, now: datetime) -> AuditRecord:
    """The record that follows ``head``: next seq, ``entry.ts`` (or ``now``) in UTC, chained and hashed."""
    check_entry(entry)
    unsealed = AuditRecord(
        seq=head.seq + 1,
        ts=to_utc(entry.ts or now),
        request_id=entry.request_id,
        key_id=entry.key_id,
        team=entry.team,
        declared_class=entry.declared_class,
        detected_class=entry.detected_class,
        final_class=entry.final_class,
        entities=dict(entry.entities),
        policy=entry.policy,
        action=entry.action,
        destinations=[{k: dest.get(k) for k in DESTINATION_KEYS} for dest in entry.destinations],
        pseudonymised=entry.pseudonymised,
        outcome=entry.outcome,
        detail=entry.detail,
        prev_hash=head.hash,
        hash="",
    )
    return replace(unsealed, hash=record_hash(unsealed))


@dataclass(frozen=True, slots=True)
class VerifyResult:
    ok: bool
    #: rows checked (all of them when ``ok``)
    count: int
    #: the first row found wrong (a missing row's seq when rows were deleted); None when ok or not row-specific
    first_bad_seq: int | None
    problem: str
    #: the chain head as the log records it (None when that record is missing)
    head: ChainHead | None


class ChainVerifier:
    """Checks records fed in seq order, then the recorded head; stops at the first problem.

    ``expect`` is a head recorded earlier outside the database (an anchor): the row with that seq
    must still have that hash, which catches a rewrite of the chain from that row on.
    """

    def __init__(self, expect: ChainHead | None = None) -> None:
        self._expect = expect
        self._last = GENESIS
        self.count = 0
        self.first_bad_seq: int | None = None
        self.problem = ""

    @property
    def ok(self) -> bool:
        return not self.problem

    def _fail(self, seq: int | None, problem: str) -> bool:
        self.first_bad_seq, self.problem = seq, problem
        return False

    def feed(self, record: AuditRecord) -> bool:
        """Check the next record; False (and the problem recorded) when the chain is broken."""
        last, seq = self._last, record.seq
        if seq != last.seq + 1:
            missing = f"row {last.seq + 1}" if seq == last.seq + 2 else f"rows {last.seq + 1}-{seq - 1}"
            return self._fail(last.seq + 1, f"{missing} missing: the log goes from row {last.seq} to row {seq}")
        computed = record_hash(record)
        if computed != record.hash:
            return self._fail(
                seq,
                f"row {seq} was edited: its contents hash to {computed[:16]}…, the row says {record.hash[:16]}…",
            )
        if record.prev_hash != last.hash:
            if seq == 1:
                return self._fail(1, "row 1 does not start the chain (its prev_hash is not the genesis hash)")
            return self._fail(
                last.seq,
                f"row {last.seq} is not the row that row {seq} was chained to (row {last.seq} was rewritten "
                f"with a recomputed hash, or row {seq} was forged)",
            )
        if self._expect and seq == self._expect.seq and record.hash != self._expect.hash:
            return self._fail(
                seq, f"row {seq} has hash {record.hash[:16]}…, the anchor expects {self._expect.hash[:16]}…"
            )
        self._last = ChainHead(seq, record.hash)
        self.count += 1
        return True

    def unreadable(self, seq: int, reason: str) -> None:
        self._fail(seq, f"row {seq} was edited into an unreadable value: {reason}")

    def finish(self, head: ChainHead | None) -> VerifyResult:
        """Compare the end of the rows with the recorded head and give the verdict."""
        last = self._last
        if self.ok:
            if head is None:
                self._fail(None, "the chain head record (table audit_head) is missing")
            elif head.seq > last.seq:
                gone = f"row {head.seq}" if head.seq == last.seq + 1 else f"rows {last.seq + 1}-{head.seq}"
                self._fail(last.seq + 1, f"{gone} missing: the log ends at row {last.seq}, its head says {head.seq}")
            elif head.seq < last.seq:
                self._fail(head.seq + 1, f"rows after {head.seq} were added behind the head's back (head {head.seq})")
            elif head.hash != last.hash:
                self._fail(last.seq, f"row {last.seq}'s hash differs from the one the head recorded")
            elif self._expect and self._expect.seq > last.seq:
                self._fail(None, f"the anchor names row {self._expect.seq} but the log ends at row {last.seq}")
        return VerifyResult(self.ok, self.count, self.first_bad_seq, self.problem, head)
