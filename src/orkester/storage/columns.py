"""The audit tables' columns, shared by the SQL stores: a record to column values and back.

Reading back is strict: a column edited into a value a record cannot hold (a count that is not an
integer, a flag that is not 0/1, JSON that does not parse) raises :class:`UnreadableRecordError`
naming the row, so verification reports it instead of crashing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..audit.chain import canonical_json, parse_ts, to_utc
from ..audit.record import DESTINATION_KEYS, RECORD_FIELDS, AuditRecord, Destination, UnreadableRecordError

#: Column order of ``audit_log`` (same as the record's fields).
COLUMNS = RECORD_FIELDS
_TEXT = ("request_id", "detected_class", "final_class", "policy", "action", "outcome", "detail", "prev_hash", "hash")
_OPTIONAL_TEXT = ("key_id", "team", "declared_class")


def to_columns(record: AuditRecord, ts: object) -> tuple[Any, ...]:
    """Column values in :data:`COLUMNS` order; ``ts`` as the store keeps it (text or a datetime)."""
    values: dict[str, Any] = {name: getattr(record, name) for name in COLUMNS}
    values["ts"] = ts
    values["entities"] = canonical_json(record.entities)
    values["destinations"] = canonical_json(record.destinations)
    return tuple(values[name] for name in COLUMNS)


def from_columns(row: Mapping[str, Any]) -> AuditRecord:
    seq = row["seq"]
    if type(seq) is not int:
        raise UnreadableRecordError(-1, f"seq {seq!r} is not an integer")
    try:
        return _record(seq, row)
    except (ValueError, TypeError) as e:
        raise UnreadableRecordError(seq, str(e)) from None


def _record(seq: int, row: Mapping[str, Any]) -> AuditRecord:
    for name in _TEXT:
        if not isinstance(row[name], str):
            raise ValueError(f"{name} is {row[name]!r}, not text")
    for name in _OPTIONAL_TEXT:
        if row[name] is not None and not isinstance(row[name], str):
            raise ValueError(f"{name} is {row[name]!r}, not text")
    ts = row["ts"]
    ts = to_utc(ts) if isinstance(ts, datetime) else parse_ts(ts)
    flag = row["pseudonymised"]
    if flag not in (0, 1) or isinstance(flag, float):
        raise ValueError(f"pseudonymised is {flag!r}, not a boolean")
    return AuditRecord(
        seq=seq,
        ts=ts,
        request_id=row["request_id"],
        key_id=row["key_id"],
        team=row["team"],
        declared_class=row["declared_class"],
        detected_class=row["detected_class"],
        final_class=row["final_class"],
        entities=_entities(row["entities"]),
        policy=row["policy"],
        action=row["action"],
        destinations=_destinations(row["destinations"]),
        pseudonymised=bool(flag),
        outcome=row["outcome"],
        detail=row["detail"],
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


def _entities(text: str) -> dict[str, int]:
    value = json.loads(text)
    if not isinstance(value, dict) or not all(type(n) is int for n in value.values()):
        raise ValueError(f"entities {text!r} is not a map of counts")
    return value


def _destinations(text: str) -> list[Destination]:
    value = json.loads(text)
    if not isinstance(value, list) or not all(
        isinstance(d, dict)
        and set(d) <= set(DESTINATION_KEYS)
        and all(v is None or isinstance(v, str) for v in d.values())
        for d in value
    ):
        raise ValueError(f"destinations {text!r} is not a list of provider/model/region")
    return value
