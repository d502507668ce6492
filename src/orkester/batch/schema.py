"""The batch tables, shared by the SQLite and PostgreSQL stores.

``orkester_batch_files`` holds uploaded files and the output files the gateway writes (the bytes in the
row). ``orkester_batches`` holds one row per batch with its counts; ``orkester_batch_lines`` one row per
request line, with its result once it has one and, while a worker runs it, the worker's lease
(``lease_owner``, ``lease_until``). Times are seconds since the epoch (UTC). Statements are written with
``?`` placeholders; :func:`numbered` turns them into PostgreSQL's ``$1, $2…``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import orjson

from .model import Batch, Counts, FileRecord, Line, LineError

TABLES = ("orkester_batch_files", "orkester_batches", "orkester_batch_lines", "orkester_batch_schema")
#: statements that move a database forward from version 0, run once each, in order (none yet)
MIGRATIONS: tuple[str, ...] = ()
SCHEMA_VERSION = len(MIGRATIONS)
_TIMES = (
    "created_at",
    "expires_at",
    "in_progress_at",
    "finalizing_at",
    "completed_at",
    "failed_at",
    "expired_at",
    "cancelling_at",
    "cancelled_at",
)
BATCH_COLUMNS: tuple[str, ...] = (
    "id",
    "owner",
    "endpoint",
    "input_file_id",
    "completion_window",
    "status",
    "metadata",
    "errors",
    "output_file_id",
    "error_file_id",
    *_TIMES,
    "total",
    "completed",
    "failed",
)
FILE_COLUMNS: tuple[str, ...] = ("id", "owner", "filename", "purpose", "bytes", "created_at")


def create_statements(blob: str) -> list[str]:
    """``blob``: the column type of bytes (BLOB in SQLite, BYTEA in PostgreSQL)."""
    times = ",\n    ".join(f"{t} DOUBLE PRECISION" for t in _TIMES)
    return [
        f"""
CREATE TABLE IF NOT EXISTS orkester_batch_files (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    filename TEXT NOT NULL,
    purpose TEXT NOT NULL,
    bytes BIGINT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL,
    content {blob} NOT NULL
)""",
        "CREATE INDEX IF NOT EXISTS orkester_batch_files_owner ON orkester_batch_files (owner, created_at)",
        f"""
CREATE TABLE IF NOT EXISTS orkester_batches (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    input_file_id TEXT NOT NULL,
    completion_window TEXT NOT NULL,
    status TEXT NOT NULL,
    metadata TEXT NOT NULL,
    errors TEXT NOT NULL,
    output_file_id TEXT,
    error_file_id TEXT,
    {times},
    total INTEGER NOT NULL,
    completed INTEGER NOT NULL,
    failed INTEGER NOT NULL
)""",
        "CREATE INDEX IF NOT EXISTS orkester_batches_status ON orkester_batches (status)",
        "CREATE INDEX IF NOT EXISTS orkester_batches_owner ON orkester_batches (owner, created_at)",
        """
CREATE TABLE IF NOT EXISTS orkester_batch_lines (
    batch_id TEXT NOT NULL REFERENCES orkester_batches (id) ON DELETE CASCADE,
    line_no INTEGER NOT NULL,
    custom_id TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    result TEXT,
    lease_owner TEXT,
    lease_until DOUBLE PRECISION,
    finished_at DOUBLE PRECISION,
    PRIMARY KEY (batch_id, line_no)
)""",
        "CREATE INDEX IF NOT EXISTS orkester_batch_lines_pending ON orkester_batch_lines (batch_id, status, line_no)",
        "CREATE TABLE IF NOT EXISTS orkester_batch_schema "
        "(id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)",
    ]


_PLACEHOLDER = re.compile(r"\?")


def numbered(sql: str) -> str:
    """``?`` placeholders as ``$1, $2…`` (none of these statements has a ``?`` inside a string)."""
    counter = iter(range(1, 10_000))
    return _PLACEHOLDER.sub(lambda _: f"${next(counter)}", sql)


def ts(at: datetime | None) -> float | None:
    return None if at is None else at.timestamp()


def from_ts(value: Any) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(float(value), UTC)


INSERT_BATCH = (
    f"INSERT INTO orkester_batches ({', '.join(BATCH_COLUMNS)}) VALUES ({', '.join('?' * len(BATCH_COLUMNS))})"
)
INSERT_FILE = (
    "INSERT INTO orkester_batch_files (id, owner, filename, purpose, bytes, created_at, content) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
INSERT_LINE = (
    "INSERT INTO orkester_batch_lines (batch_id, line_no, custom_id, body, status) VALUES (?, ?, ?, ?, 'pending')"
)
SELECT_BATCH = f"SELECT {', '.join(BATCH_COLUMNS)} FROM orkester_batches"
SELECT_FILE = f"SELECT {', '.join(FILE_COLUMNS)} FROM orkester_batch_files"
#: the lines a worker may take: no result yet, and no lease or a lapsed one
CLAIMABLE = (
    "SELECT line_no FROM orkester_batch_lines WHERE batch_id = ? AND status = 'pending' "
    "AND (lease_until IS NULL OR lease_until < ?) ORDER BY line_no LIMIT ?"
)
FINISH_LINE = (
    "UPDATE orkester_batch_lines SET status = ?, result = ?, lease_owner = NULL, lease_until = NULL, "
    "finished_at = ? WHERE batch_id = ? AND line_no = ? AND status = 'pending'"
)
PENDING = (
    "SELECT count(*), coalesce(sum(CASE WHEN lease_until >= ? THEN 1 ELSE 0 END), 0) FROM orkester_batch_lines "
    "WHERE batch_id = ? AND status = 'pending'"
)
ALL_LINES = (
    "SELECT batch_id, line_no, custom_id, body, status, result FROM orkester_batch_lines "
    "WHERE batch_id = ? ORDER BY line_no"
)
_HELD = "WHERE lease_owner = ? AND status = 'pending'"
RENEW = f"UPDATE orkester_batch_lines SET lease_until = ? {_HELD}"
RELEASE = f"UPDATE orkester_batch_lines SET lease_owner = NULL, lease_until = NULL {_HELD}"


def page_filter(owner: str | None, after: tuple[float, str] | None) -> tuple[str, list[Any]]:
    """WHERE clause and arguments for a page of batches or files, newest first, after a cursor row."""
    clauses: list[str] = []
    args: list[Any] = []
    if owner is not None:
        clauses.append("owner = ?")
        args.append(owner)
    if after is not None:
        clauses.append("(created_at < ? OR (created_at = ? AND id < ?))")
        args += [after[0], after[0], after[1]]
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), args


def batch_values(b: Batch) -> tuple[Any, ...]:
    """Column values in :data:`BATCH_COLUMNS` order."""
    errors = orjson.dumps([e.to_openai() for e in b.errors]).decode()
    return (
        b.id,
        b.owner,
        b.endpoint,
        b.input_file_id,
        b.completion_window,
        b.status,
        orjson.dumps(b.metadata).decode(),
        errors,
        b.output_file_id,
        b.error_file_id,
        *(ts(getattr(b, t)) for t in _TIMES),
        b.counts.total,
        b.counts.completed,
        b.counts.failed,
    )


def batch_from_row(row: Mapping[str, Any]) -> Batch:
    errors = tuple(
        LineError(e["code"], e["message"], e.get("line"), e.get("param")) for e in orjson.loads(row["errors"])
    )
    times = {t: from_ts(row[t]) for t in _TIMES}
    created, expires = times.pop("created_at"), times.pop("expires_at")
    assert created is not None and expires is not None
    return Batch(
        id=row["id"],
        owner=row["owner"],
        endpoint=row["endpoint"],
        input_file_id=row["input_file_id"],
        completion_window=row["completion_window"],
        status=row["status"],
        created_at=created,
        expires_at=expires,
        metadata=orjson.loads(row["metadata"]),
        errors=errors,
        output_file_id=row["output_file_id"],
        error_file_id=row["error_file_id"],
        counts=Counts(int(row["total"]), int(row["completed"]), int(row["failed"])),
        **times,
    )


def file_from_row(row: Mapping[str, Any]) -> FileRecord:
    created = from_ts(row["created_at"])
    assert created is not None
    return FileRecord(row["id"], row["owner"], row["filename"], row["purpose"], int(row["bytes"]), created)


def line_from_row(row: Mapping[str, Any]) -> Line:
    return Line(row["batch_id"], int(row["line_no"]), row["custom_id"], row["body"], row["status"], row["result"])


END_BATCH = (
    "UPDATE orkester_batches SET status = ?, output_file_id = ?, error_file_id = ?, finalizing_at = ?, "
    "completed_at = ?, expired_at = ?, cancelled_at = ? WHERE id = ?"
)


def end_values(b: Batch) -> tuple[Any, ...]:
    """Arguments of :data:`END_BATCH`."""
    times = (ts(b.finalizing_at), ts(b.completed_at), ts(b.expired_at), ts(b.cancelled_at))
    return (b.status, b.output_file_id, b.error_file_id, *times, b.id)


def file_values(r: FileRecord, content: bytes) -> tuple[Any, ...]:
    """Arguments of :data:`INSERT_FILE`."""
    return (r.id, r.owner, r.filename, r.purpose, r.bytes, ts(r.created_at), content)
