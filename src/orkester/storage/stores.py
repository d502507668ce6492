"""What every SQLite and PostgreSQL store (keys, prompts, batches, the Teams bot's state) does the same way:
open, check or create its tables, close, and say which store failed. A store subclasses one of these, names
itself and its tables, and writes its schema in ``_schema``; its queries are its own.

SQLite: one connection on one thread per store (``in_thread``), WAL, foreign keys, full sync; opened without
``create`` the file and the tables must exist. PostgreSQL: a pool; ``_schema`` runs in one transaction under
the store's advisory lock, so replicas starting together create the tables once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar, TypeVar

from ..errors import StorageError
from .connect import PG_ERRORS, connect_pool, enable_wal, in_thread, pg_error
from .urls import redact_url, sqlite_path

T = TypeVar("T")
#: how long a SQLite writer waits for another process's transaction before giving up
BUSY_TIMEOUT_S = 30.0


class SqliteStore:
    #: the store's name in messages ("batch store")
    label: ClassVar[str]
    #: tables that must exist when the store is opened without ``create``
    tables: ClassVar[Sequence[str]]

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = sqlite_path(url)
        name = "orkester-" + self.label.split()[0].lower()
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._conn: sqlite3.Connection | None = None

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        return await in_thread(self._thread, f"SQLite {self.label} {self.path}", fn, *args)

    def _schema(self, conn: sqlite3.Connection, create: bool) -> None:
        """Create or migrate the tables (the connection is open, WAL on when ``create``)."""

    def _open(self, create: bool) -> None:
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise StorageError(f"no {self.label} at {self.path} (the file does not exist)")
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = FULL")
            if create:
                enable_wal(conn)
            else:
                names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if not set(self.tables) <= names:
                    missing = ", ".join(self.tables)
                    raise StorageError(f"no {self.label} in {self.path} (tables {missing} missing)")
            self._schema(conn, create)
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    async def open(self, *, create: bool = True) -> None:
        await self._run(self._open, create)

    async def close(self) -> None:
        if self._conn is not None:
            await self._run(self._conn.close)
            self._conn = None
        self._thread.shutdown(wait=True)

    def _require(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StorageError(f"the SQLite {self.label} is not open")
        return self._conn


class PostgresStore:
    #: the store's name in messages ("batch store")
    label: ClassVar[str]
    #: tables that must exist when the store is opened without ``create``
    tables: ClassVar[Sequence[str]]
    #: the advisory lock its schema is created under (one per store)
    create_lock: ClassVar[int]
    pool_size: ClassVar[int] = 4

    def __init__(self, url: str) -> None:
        self.url = url
        self._pool: Any = None

    def _error(self, e: BaseException) -> StorageError:
        return pg_error(f"PostgreSQL {self.label} at {redact_url(self.url)}", e)

    async def _schema(self, conn: Any, create: bool) -> None:
        """Create or migrate the tables (in the opening transaction, under ``create_lock``)."""

    async def open(self, *, create: bool = True) -> None:
        self._pool = await connect_pool(self.url, self.pool_size)
        try:
            async with self._pool.acquire() as conn, conn.transaction():
                if not create:
                    exist = " AND ".join(f"to_regclass('{t}') IS NOT NULL" for t in self.tables)
                    if not await conn.fetchval("SELECT " + exist):
                        missing = ", ".join(self.tables)
                        raise StorageError(f"no {self.label} in {redact_url(self.url)} (tables {missing} missing)")
                await conn.execute("SELECT pg_advisory_xact_lock($1)", self.create_lock)
                await self._schema(conn, create)
        except BaseException as e:
            await self.close()
            if isinstance(e, PG_ERRORS):
                raise self._error(e) from e
            raise

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    def _require(self) -> Any:
        if self._pool is None:
            raise StorageError(f"the PostgreSQL {self.label} is not open")
        return self._pool

    async def _fetch(self, sql: str, *args: Any) -> list[Any]:
        try:
            async with self._require().acquire() as conn:
                return list(await conn.fetch(sql, *args))
        except PG_ERRORS as e:
            raise self._error(e) from e
