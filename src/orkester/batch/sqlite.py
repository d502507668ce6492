"""Batches in the SQLite file of ``storage.url`` (the default store).

As in the other SQLite stores, every operation is one synchronous function on the store's own thread, and
writes take the write lock first (``BEGIN IMMEDIATE``): processes sharing the file queue on it, so a claim
reads and leases its lines without another process slipping in between. The file is in WAL mode with
``synchronous=FULL``: a line's result that :meth:`finish` stored survives the process being killed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ..storage.connect import migrate_sqlite, transaction
from ..storage.stores import SqliteStore
from .model import ACTIVE, Batch, BatchStatus, FileRecord, Line, LineStatus
from .output import ending, may_end
from .schema import (
    ALL_LINES,
    CLAIMABLE,
    END_BATCH,
    FINISH_LINE,
    INSERT_BATCH,
    INSERT_FILE,
    INSERT_LINE,
    MIGRATIONS,
    PENDING,
    RELEASE,
    RENEW,
    SELECT_BATCH,
    SELECT_FILE,
    TABLES,
    batch_from_row,
    batch_values,
    create_statements,
    end_values,
    file_from_row,
    file_values,
    line_from_row,
    page_filter,
    ts,
)
from .validate import ParsedLine


class SqliteBatchStore(SqliteStore):
    label = "batch store"
    tables = TABLES

    def _schema(self, conn: sqlite3.Connection, create: bool) -> None:
        if create:
            with transaction(conn):
                for statement in create_statements("BLOB"):
                    conn.execute(statement)
                migrate_sqlite(conn, "orkester_batch_schema", MIGRATIONS)

    # Files

    def _add_file(self, r: FileRecord, content: bytes) -> None:
        conn = self._require()
        with transaction(conn):
            conn.execute(INSERT_FILE, file_values(r, content))

    async def add_file(self, record: FileRecord, content: bytes) -> None:
        await self._run(self._add_file, record, content)

    def _file(self, file_id: str) -> FileRecord | None:
        row = self._require().execute(SELECT_FILE + " WHERE id = ?", (file_id,)).fetchone()
        return None if row is None else file_from_row(row)

    async def file(self, file_id: str) -> FileRecord | None:
        return await self._run(self._file, file_id)

    def _content(self, file_id: str) -> bytes | None:
        row = self._require().execute("SELECT content FROM orkester_batch_files WHERE id = ?", (file_id,)).fetchone()
        return None if row is None else bytes(row[0])

    async def file_content(self, file_id: str) -> bytes | None:
        return await self._run(self._content, file_id)

    def _files(self, owner: str | None, limit: int) -> list[FileRecord]:
        where, args = page_filter(owner, None)
        sql = f"{SELECT_FILE}{where} ORDER BY created_at DESC, id DESC LIMIT ?"
        return [file_from_row(r) for r in self._require().execute(sql, (*args, limit)).fetchall()]

    async def files(self, owner: str | None, limit: int) -> list[FileRecord]:
        return await self._run(self._files, owner, limit)

    def _delete_file(self, file_id: str) -> bool:
        conn = self._require()
        with transaction(conn):
            return conn.execute("DELETE FROM orkester_batch_files WHERE id = ?", (file_id,)).rowcount > 0

    async def delete_file(self, file_id: str) -> bool:
        return await self._run(self._delete_file, file_id)

    # Batches

    def _add_batch(self, batch: Batch, lines: Sequence[ParsedLine]) -> None:
        conn = self._require()
        with transaction(conn):
            conn.execute(INSERT_BATCH, batch_values(batch))
            conn.executemany(INSERT_LINE, ((batch.id, n, p.custom_id, p.body) for n, p in enumerate(lines, start=1)))

    async def add_batch(self, batch: Batch, lines: Sequence[ParsedLine]) -> None:
        await self._run(self._add_batch, batch, lines)

    def _batch(self, batch_id: str) -> Batch | None:
        row = self._require().execute(SELECT_BATCH + " WHERE id = ?", (batch_id,)).fetchone()
        return None if row is None else batch_from_row(row)

    async def batch(self, batch_id: str) -> Batch | None:
        return await self._run(self._batch, batch_id)

    def _batches(self, owner: str | None, limit: int, after: str | None) -> list[Batch]:
        conn = self._require()
        cursor = None
        if after is not None:
            row = conn.execute("SELECT created_at, id FROM orkester_batches WHERE id = ?", (after,)).fetchone()
            cursor = None if row is None else (float(row[0]), str(row[1]))
        where, args = page_filter(owner, cursor)
        sql = f"{SELECT_BATCH}{where} ORDER BY created_at DESC, id DESC LIMIT ?"
        return [batch_from_row(r) for r in conn.execute(sql, (*args, limit)).fetchall()]

    async def batches(self, owner: str | None, limit: int, after: str | None = None) -> list[Batch]:
        return await self._run(self._batches, owner, limit, after)

    def _active(self) -> list[Batch]:
        marks = ", ".join("?" * len(ACTIVE))
        sql = f"{SELECT_BATCH} WHERE status IN ({marks}) ORDER BY created_at"
        return [batch_from_row(r) for r in self._require().execute(sql, ACTIVE).fetchall()]

    async def active(self) -> list[Batch]:
        return await self._run(self._active)

    # Lines

    def _claim(self, batch_id: str, worker: str, limit: int, now: float, until: float) -> list[Line]:
        conn = self._require()
        with transaction(conn):
            row = conn.execute("SELECT status FROM orkester_batches WHERE id = ?", (batch_id,)).fetchone()
            if row is None or row[0] != "in_progress":
                return []
            numbers = [int(r[0]) for r in conn.execute(CLAIMABLE, (batch_id, now, limit)).fetchall()]
            conn.executemany(
                "UPDATE orkester_batch_lines SET lease_owner = ?, lease_until = ? WHERE batch_id = ? AND line_no = ?",
                ((worker, until, batch_id, n) for n in numbers),
            )
            if not numbers:
                return []
            marks = ", ".join("?" * len(numbers))
            rows = conn.execute(
                f"SELECT batch_id, line_no, custom_id, body, status, result FROM orkester_batch_lines "
                f"WHERE batch_id = ? AND line_no IN ({marks}) ORDER BY line_no",
                (batch_id, *numbers),
            ).fetchall()
        return [line_from_row(r) for r in rows]

    async def claim(self, batch_id: str, worker: str, limit: int, now: float, until: float) -> list[Line]:
        return await self._run(self._claim, batch_id, worker, limit, now, until)

    def _write(self, sql: str, args: tuple[Any, ...]) -> int:
        conn = self._require()
        with transaction(conn):
            return conn.execute(sql, args).rowcount

    async def renew(self, worker: str, until: float) -> int:
        return await self._run(self._write, RENEW, (until, worker))

    async def release(self, worker: str, line: tuple[str, int] | None = None) -> int:
        if line is None:
            return await self._run(self._write, RELEASE, (worker,))
        return await self._run(self._write, RELEASE + " AND batch_id = ? AND line_no = ?", (worker, *line))

    def _finish(self, batch_id: str, line_no: int, status: LineStatus, result: str, at: datetime) -> bool:
        conn = self._require()
        with transaction(conn):
            row = conn.execute("SELECT status FROM orkester_batches WHERE id = ?", (batch_id,)).fetchone()
            if row is None or row[0] not in ("in_progress", "cancelling"):
                return False
            if conn.execute(FINISH_LINE, (status, result, ts(at), batch_id, line_no)).rowcount != 1:
                return False
            column = "completed" if status == "done" else "failed"
            conn.execute(f"UPDATE orkester_batches SET {column} = {column} + 1 WHERE id = ?", (batch_id,))
        return True

    async def finish(self, batch_id: str, line_no: int, status: LineStatus, result: str, at: datetime) -> bool:
        return await self._run(self._finish, batch_id, line_no, status, result, at)

    def _cancel(self, batch_id: str, at: datetime) -> Batch | None:
        conn = self._require()
        with transaction(conn):
            conn.execute(
                "UPDATE orkester_batches SET status = 'cancelling', cancelling_at = ? "
                "WHERE id = ? AND status IN ('validating', 'in_progress')",
                (ts(at), batch_id),
            )
        return self._batch(batch_id)

    async def cancel(self, batch_id: str, at: datetime) -> Batch | None:
        return await self._run(self._cancel, batch_id, at)

    def _pending(self, batch_id: str, now: float) -> tuple[int, int]:
        row = self._require().execute(PENDING, (now, batch_id)).fetchone()
        return int(row[0]), int(row[1])

    async def pending(self, batch_id: str, now: float) -> tuple[int, int]:
        return await self._run(self._pending, batch_id, now)

    def _end(self, batch_id: str, final: BatchStatus, at: datetime) -> Batch | None:
        conn = self._require()
        with transaction(conn):
            batch = self._batch(batch_id)
            if batch is None:
                return None
            pending, leased = self._pending(batch_id, at.timestamp())
            if not may_end(batch, final, pending, leased):
                return None
            lines = [line_from_row(r) for r in conn.execute(ALL_LINES, (batch_id,))]
            ended, files = ending(batch, lines, final, at)
            for f in files:
                conn.execute(INSERT_FILE, file_values(f.record, f.content))
            conn.execute(END_BATCH, end_values(ended))
        return ended

    async def end(self, batch_id: str, final: BatchStatus, at: datetime) -> Batch | None:
        return await self._run(self._end, batch_id, final, at)
