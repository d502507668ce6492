"""``sqlite:///path``: the default store, one file next to the gateway (relative paths from the working directory).

Each operation runs as one synchronous function on the store's own thread, so a transaction is never
left half done when the awaiting task is cancelled. Appends take SQLite's write lock first
(``BEGIN IMMEDIATE``), read the head, insert the record and move the head, and commit: several worker
processes appending to one file therefore queue on that lock and the chain stays linear.

The file is in WAL mode (readers never block the writer) with ``synchronous=FULL``: the WAL is synced
on every commit, so an append that returned survives a power cut, not only a crash of the process.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from ..audit.chain import GENESIS, format_ts
from ..audit.record import AuditRecord, ChainHead
from ..errors import StorageError
from .base import Sealer
from .columns import COLUMNS, from_columns, to_columns
from .connect import enable_wal, in_thread, transaction
from .schema import CREATE_HEAD, CREATE_TS_INDEX, SELECT_COLUMNS, create_log, insert_record
from .stores import BUSY_TIMEOUT_S
from .urls import sqlite_path

if TYPE_CHECKING:
    from ..plugins import Registry

T = TypeVar("T")
_BATCH = 500
_INSERT = insert_record(["?"] * len(COLUMNS))


class SqliteAuditStore:
    def __init__(self, url: str) -> None:
        self.url = url
        self.path = sqlite_path(url)
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="orkester-sqlite")
        self._conn: sqlite3.Connection | None = None

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        return await in_thread(self._thread, f"SQLite audit log {self.path}", fn, *args)

    def _connect(self, create: bool) -> sqlite3.Connection:
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise StorageError(f"no audit log at {self.path} (the file does not exist)")
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    def _open(self, create: bool) -> None:
        conn = self._connect(create)
        try:
            if create:
                enable_wal(conn)
                with transaction(conn):
                    conn.execute(create_log("INTEGER", "TEXT", "TEXT", "INTEGER"))
                    conn.execute(CREATE_TS_INDEX)
                    conn.execute(CREATE_HEAD)
                    # A fresh log gets its genesis head; a log whose head row was deleted keeps that visible.
                    if conn.execute("SELECT 1 FROM audit_log LIMIT 1").fetchone() is None:
                        conn.execute("INSERT OR IGNORE INTO audit_head VALUES (1, ?, ?)", (GENESIS.seq, GENESIS.hash))
            else:
                names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if not {"audit_log", "audit_head"} <= names:
                    raise StorageError(f"no audit log in {self.path} (tables audit_log/audit_head missing)")
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    async def open(self, *, create: bool = True) -> None:
        await self._run(self._open, create)

    def _append(self, seals: Sequence[Sealer]) -> list[AuditRecord]:
        conn = self._require()
        records: list[AuditRecord] = []
        with transaction(conn, "BEGIN IMMEDIATE"):
            row = conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
            if row is None:
                raise StorageError("the audit log's chain head is missing; run `orkester audit verify`")
            head = ChainHead(row[0], row[1])
            for seal in seals:
                record = seal(head)
                try:
                    conn.execute(_INSERT, to_columns(record, format_ts(record.ts)))
                except sqlite3.IntegrityError as e:
                    raise StorageError(
                        f"audit row {record.seq} already exists ({e}); run `orkester audit verify`"
                    ) from e
                records.append(record)
                head = ChainHead(record.seq, record.hash)
            conn.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", (head.seq, head.hash))
        return records

    async def append(self, seal: Sealer) -> AuditRecord:
        return (await self._run(self._append, [seal]))[0]

    async def append_many(self, seals: Sequence[Sealer]) -> list[AuditRecord]:
        return await self._run(self._append, list(seals))

    def _require(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StorageError("the SQLite audit store is not open")
        return self._conn

    @asynccontextmanager
    async def read(self) -> AsyncIterator[_SqliteReader]:
        conn = await self._run(self._connect, False)
        reader = _SqliteReader(self, conn)
        try:
            await self._run(conn.execute, "BEGIN")
            yield reader
        finally:
            await self._run(_close, conn)

    async def close(self) -> None:
        if self._conn is not None:
            await self._run(self._conn.close)
            self._conn = None
        self._thread.shutdown(wait=True)


class _SqliteReader:
    """One read transaction on its own connection: WAL gives it a snapshot while appends go on."""

    def __init__(self, store: SqliteAuditStore, conn: sqlite3.Connection) -> None:
        self._store = store
        self._conn = conn

    async def head(self) -> ChainHead | None:
        row = await self._store._run(_fetchone, self._conn, "SELECT seq, hash FROM audit_head WHERE id = 1", ())
        return None if row is None else ChainHead(row[0], row[1])

    async def rows(self, since: datetime | None = None, until: datetime | None = None) -> AsyncIterator[AuditRecord]:
        where, params = [], []
        if since is not None:
            where.append("ts >= ?")
            params.append(format_ts(since))
        if until is not None:
            where.append("ts < ?")
            params.append(format_ts(until))
        sql = f"SELECT {SELECT_COLUMNS} FROM audit_log {'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY seq"
        cursor = await self._store._run(self._conn.execute, sql, params)
        while batch := await self._store._run(cursor.fetchmany, _BATCH):
            for row in batch:
                yield from_columns(dict(zip(COLUMNS, row, strict=True)))


def _fetchone(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...]) -> Any:
    return conn.execute(sql, params).fetchone()


def _close(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")
    conn.close()


def register(registry: Registry) -> None:
    registry.add_store("sqlite", SqliteAuditStore)
