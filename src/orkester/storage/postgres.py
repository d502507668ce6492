"""``postgresql://user@host:5432/db``: the audit log shared by several gateway replicas.

Appends lock the one-row chain head (``SELECT … FOR UPDATE``) inside a transaction, insert the record,
move the head and commit: appends from every connection of every replica queue on that row lock, so
the chain stays linear. Table creation is serialised with a transaction-level advisory lock because
concurrent ``CREATE TABLE IF NOT EXISTS`` can collide in PostgreSQL.

Query parameters of the URL that asyncpg does not know become server settings, so
``?search_path=audit`` keeps the tables in schema ``audit`` (which must exist).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

import asyncpg  # type: ignore[import-untyped]

from ..audit.chain import GENESIS
from ..audit.record import AuditRecord, ChainHead
from ..errors import StorageError
from .base import Sealer
from .columns import COLUMNS, from_columns, to_columns
from .connect import PG_ERRORS, connect_pool, pg_error
from .schema import CREATE_HEAD, CREATE_TS_INDEX, SELECT_COLUMNS, create_log, insert_record
from .urls import redact_url

if TYPE_CHECKING:
    from ..plugins import Registry

#: Connections per process: appends queue on one row lock anyway; the rest serve reads.
POOL_SIZE = 4
_BATCH = 500
#: pg_advisory_xact_lock key for table creation ("orkester" in ASCII, as a bigint).
_CREATE_LOCK = 0x6F726B6573746572
_INSERT = insert_record([f"${i}" for i in range(1, len(COLUMNS) + 1)])
_TABLES_EXIST = "SELECT to_regclass('audit_log') IS NOT NULL AND to_regclass('audit_head') IS NOT NULL"
_ERRORS = PG_ERRORS


class PostgresAuditStore:
    def __init__(self, url: str) -> None:
        self.url = url
        self._pool: Any = None

    def _error(self, e: BaseException) -> StorageError:
        return pg_error(f"PostgreSQL audit log at {redact_url(self.url)}", e)

    async def open(self, *, create: bool = True) -> None:
        self._pool = await connect_pool(self.url, POOL_SIZE)
        try:
            async with self._pool.acquire() as conn, conn.transaction():
                if create:
                    await self._create(conn)
                elif not await conn.fetchval(
                    "SELECT to_regclass('audit_log') IS NOT NULL AND to_regclass('audit_head') IS NOT NULL"
                ):
                    raise StorageError(f"no audit log in {redact_url(self.url)} (tables audit_log/audit_head missing)")
        except BaseException as e:
            await self.close()
            if isinstance(e, _ERRORS):
                raise self._error(e) from e
            raise

    @staticmethod
    async def _create(conn: Any) -> None:
        await conn.execute("SELECT pg_advisory_xact_lock($1)", _CREATE_LOCK)
        await conn.execute(create_log("BIGINT", "TIMESTAMPTZ", "JSONB", "BOOLEAN"))
        await conn.execute(CREATE_TS_INDEX)
        await conn.execute(CREATE_HEAD)
        # A fresh log gets its genesis head; a log whose head row was deleted keeps that visible.
        if not await conn.fetchval("SELECT EXISTS (SELECT 1 FROM audit_log)"):
            await conn.execute(
                "INSERT INTO audit_head VALUES (1, $1, $2) ON CONFLICT DO NOTHING", GENESIS.seq, GENESIS.hash
            )

    def _require(self) -> Any:
        if self._pool is None:
            raise StorageError("the PostgreSQL audit store is not open")
        return self._pool

    async def append(self, seal: Sealer) -> AuditRecord:
        return (await self.append_many([seal]))[0]

    async def append_many(self, seals: Sequence[Sealer]) -> list[AuditRecord]:
        records: list[AuditRecord] = []
        try:
            async with self._require().acquire() as conn, conn.transaction():
                row = await conn.fetchrow("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE")
                if row is None:
                    raise StorageError("the audit log's chain head is missing; run `orkester audit verify`")
                head = ChainHead(row["seq"], row["hash"])
                for seal in seals:
                    record = seal(head)
                    await conn.execute(_INSERT, *to_columns(record, record.ts))
                    records.append(record)
                    head = ChainHead(record.seq, record.hash)
                await conn.execute("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", head.seq, head.hash)
        except asyncpg.UniqueViolationError as e:
            raise StorageError(f"audit row already exists ({e}); run `orkester audit verify`") from e
        except _ERRORS as e:
            raise self._error(e) from e
        return records

    @asynccontextmanager
    async def read(self) -> AsyncIterator[_PostgresReader]:
        async with AsyncExitStack() as stack:
            try:
                conn = await stack.enter_async_context(self._require().acquire())
                await stack.enter_async_context(conn.transaction(isolation="repeatable_read", readonly=True))
            except _ERRORS as e:
                raise self._error(e) from e
            yield _PostgresReader(conn, self._error)

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()


class _PostgresReader:
    """One repeatable-read transaction: the head and the rows come from the same snapshot."""

    def __init__(self, conn: Any, error: Callable[[BaseException], StorageError]) -> None:
        self._conn = conn
        self._error = error

    async def head(self) -> ChainHead | None:
        try:
            row = await self._conn.fetchrow("SELECT seq, hash FROM audit_head WHERE id = 1")
        except _ERRORS as e:
            raise self._error(e) from e
        return None if row is None else ChainHead(row["seq"], row["hash"])

    async def rows(self, since: datetime | None = None, until: datetime | None = None) -> AsyncIterator[AuditRecord]:
        where: list[str] = []
        params: list[datetime] = []
        for bound, op in ((since, ">="), (until, "<")):
            if bound is not None:
                params.append(bound)
                where.append(f"ts {op} ${len(params)}")
        sql = f"SELECT {SELECT_COLUMNS} FROM audit_log {'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY seq"
        try:
            cursor = await self._conn.cursor(sql, *params)
            while batch := await cursor.fetch(_BATCH):
                for row in batch:
                    yield from_columns(dict(row.items()))
        except _ERRORS as e:
            raise self._error(e) from e


def register(registry: Registry) -> None:
    registry.add_store("postgresql", PostgresAuditStore)
    registry.add_store("postgres", PostgresAuditStore)
