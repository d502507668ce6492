"""Batches in PostgreSQL: every gateway replica shares the work of every batch.

A claim takes its lines with ``FOR UPDATE SKIP LOCKED`` and leases them in the same statement, so two
replicas claiming at once get different lines. Storing a result and ending a batch both lock the batch's
row first (``FOR UPDATE``), so a batch never ends while a result is being stored, and the output files
hold every finished line once. Table creation and migrations run under an advisory lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ..storage.connect import PG_ERRORS, migrate_postgres
from ..storage.stores import PostgresStore
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
    numbered,
    page_filter,
    ts,
)
from .validate import ParsedLine

#: pg_advisory_xact_lock key for creating the batch tables ("ork-btch" in ASCII, as a bigint)
_CREATE_LOCK = 0x6F726B2D62746368
_CLAIM = numbered(
    "UPDATE orkester_batch_lines SET lease_owner = ?, lease_until = ? WHERE batch_id = ? AND line_no IN ("
    + CLAIMABLE.replace("ORDER BY line_no LIMIT ?", "ORDER BY line_no LIMIT ? FOR UPDATE SKIP LOCKED")
    + ") AND EXISTS (SELECT 1 FROM orkester_batches WHERE id = ? AND status = 'in_progress') "
    "RETURNING batch_id, line_no, custom_id, body, status, result"
)
_LOCK_BATCH = numbered(SELECT_BATCH + " WHERE id = ? FOR UPDATE")


def _count(status: str) -> int:
    """The row count of an asyncpg command status (``UPDATE 3`` → 3)."""
    return int(status.rsplit(" ", 1)[-1])


class PostgresBatchStore(PostgresStore):
    label = "batch store"
    tables = TABLES
    create_lock = _CREATE_LOCK

    async def _schema(self, conn: Any, create: bool) -> None:
        if create:
            for statement in create_statements("BYTEA"):
                await conn.execute(statement)
            await migrate_postgres(conn, "orkester_batch_schema", MIGRATIONS)

    async def _fetch(self, sql: str, *args: Any) -> list[Any]:
        try:
            async with self._require().acquire() as conn:
                return list(await conn.fetch(numbered(sql), *args))
        except PG_ERRORS as e:
            raise self._error(e) from e

    async def _execute(self, sql: str, *args: Any) -> int:
        try:
            async with self._require().acquire() as conn:
                return _count(await conn.execute(numbered(sql), *args))
        except PG_ERRORS as e:
            raise self._error(e) from e

    # Files

    async def add_file(self, record: FileRecord, content: bytes) -> None:
        await self._execute(INSERT_FILE, *file_values(record, content))

    async def file(self, file_id: str) -> FileRecord | None:
        rows = await self._fetch(SELECT_FILE + " WHERE id = ?", file_id)
        return file_from_row(rows[0]) if rows else None

    async def file_content(self, file_id: str) -> bytes | None:
        rows = await self._fetch("SELECT content FROM orkester_batch_files WHERE id = ?", file_id)
        return bytes(rows[0][0]) if rows else None

    async def files(self, owner: str | None, limit: int) -> list[FileRecord]:
        where, args = page_filter(owner, None)
        rows = await self._fetch(f"{SELECT_FILE}{where} ORDER BY created_at DESC, id DESC LIMIT ?", *args, limit)
        return [file_from_row(r) for r in rows]

    async def delete_file(self, file_id: str) -> bool:
        return await self._execute("DELETE FROM orkester_batch_files WHERE id = ?", file_id) > 0

    # Batches

    async def add_batch(self, batch: Batch, lines: Sequence[ParsedLine]) -> None:
        try:
            async with self._require().acquire() as conn, conn.transaction():
                await conn.execute(numbered(INSERT_BATCH), *batch_values(batch))
                await conn.executemany(
                    numbered(INSERT_LINE), [(batch.id, n, p.custom_id, p.body) for n, p in enumerate(lines, start=1)]
                )
        except PG_ERRORS as e:
            raise self._error(e) from e

    async def batch(self, batch_id: str) -> Batch | None:
        rows = await self._fetch(SELECT_BATCH + " WHERE id = ?", batch_id)
        return batch_from_row(rows[0]) if rows else None

    async def batches(self, owner: str | None, limit: int, after: str | None = None) -> list[Batch]:
        cursor = None
        if after is not None:
            rows = await self._fetch("SELECT created_at, id FROM orkester_batches WHERE id = ?", after)
            cursor = (float(rows[0][0]), str(rows[0][1])) if rows else None
        where, args = page_filter(owner, cursor)
        rows = await self._fetch(f"{SELECT_BATCH}{where} ORDER BY created_at DESC, id DESC LIMIT ?", *args, limit)
        return [batch_from_row(r) for r in rows]

    async def active(self) -> list[Batch]:
        marks = ", ".join("?" * len(ACTIVE))
        rows = await self._fetch(f"{SELECT_BATCH} WHERE status IN ({marks}) ORDER BY created_at", *ACTIVE)
        return [batch_from_row(r) for r in rows]

    # Lines

    async def claim(self, batch_id: str, worker: str, limit: int, now: float, until: float) -> list[Line]:
        try:
            async with self._require().acquire() as conn:
                rows = await conn.fetch(_CLAIM, worker, until, batch_id, batch_id, now, limit, batch_id)
        except PG_ERRORS as e:
            raise self._error(e) from e
        return sorted((line_from_row(r) for r in rows), key=lambda line: line.line_no)

    async def renew(self, worker: str, until: float) -> int:
        return await self._execute(RENEW, until, worker)

    async def release(self, worker: str, line: tuple[str, int] | None = None) -> int:
        if line is None:
            return await self._execute(RELEASE, worker)
        return await self._execute(RELEASE + " AND batch_id = ? AND line_no = ?", worker, *line)

    async def finish(self, batch_id: str, line_no: int, status: LineStatus, result: str, at: datetime) -> bool:
        try:
            async with self._require().acquire() as conn, conn.transaction():
                row = await conn.fetchrow(_LOCK_BATCH, batch_id)
                if row is None or row["status"] not in ("in_progress", "cancelling"):
                    return False
                done = await conn.execute(numbered(FINISH_LINE), status, result, ts(at), batch_id, line_no)
                if _count(done) != 1:
                    return False
                column = "completed" if status == "done" else "failed"
                await conn.execute(f"UPDATE orkester_batches SET {column} = {column} + 1 WHERE id = $1", batch_id)
        except PG_ERRORS as e:
            raise self._error(e) from e
        return True

    async def cancel(self, batch_id: str, at: datetime) -> Batch | None:
        await self._execute(
            "UPDATE orkester_batches SET status = 'cancelling', cancelling_at = ? "
            "WHERE id = ? AND status IN ('validating', 'in_progress')",
            ts(at),
            batch_id,
        )
        return await self.batch(batch_id)

    async def pending(self, batch_id: str, now: float) -> tuple[int, int]:
        rows = await self._fetch(PENDING, now, batch_id)
        return int(rows[0][0]), int(rows[0][1])

    async def end(self, batch_id: str, final: BatchStatus, at: datetime) -> Batch | None:
        try:
            async with self._require().acquire() as conn, conn.transaction():
                row = await conn.fetchrow(_LOCK_BATCH, batch_id)
                if row is None:
                    return None
                batch = batch_from_row(row)
                counts = await conn.fetchrow(numbered(PENDING), at.timestamp(), batch_id)
                if not may_end(batch, final, int(counts[0]), int(counts[1])):
                    return None
                lines = [line_from_row(r) for r in await conn.fetch(numbered(ALL_LINES), batch_id)]
                ended, files = ending(batch, lines, final, at)
                for f in files:
                    await conn.execute(numbered(INSERT_FILE), *file_values(f.record, f.content))
                await conn.execute(numbered(END_BATCH), *end_values(ended))
        except PG_ERRORS as e:
            raise self._error(e) from e
        return ended
