"""What every store's SQLite and PostgreSQL back-ends share: running sqlite3 on the store's own thread, and
opening an asyncpg pool — each turning driver errors into :class:`~orkester.errors.StorageError`."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

import asyncpg  # type: ignore[import-untyped]

from ..errors import StorageError, StoreUnreachableError
from .urls import redact_url

T = TypeVar("T")
#: what asyncpg raises when the database is unreachable, refuses, or breaks a connection
PG_ERRORS: tuple[type[BaseException], ...] = (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, TimeoutError)
#: of those, the ones that mean "cannot reach it now" rather than "it answered no"
_UNREACHABLE: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.InterfaceError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.TooManyConnectionsError,
)
CONNECT_TIMEOUT_S = 10.0


def pg_error(what: str, e: BaseException) -> StorageError:
    """``e`` (one of PG_ERRORS) as a StorageError saying ``what`` failed; StoreUnreachableError when the
    database could not be reached, so callers can tell an outage from a refusal."""
    kind = StoreUnreachableError if isinstance(e, _UNREACHABLE) else StorageError
    return kind(f"{what}: {e}")


async def in_thread(thread: ThreadPoolExecutor, what: str, fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` on the store's one thread (sqlite3 connections stay on it); ``what`` names the store."""
    try:
        return await asyncio.get_running_loop().run_in_executor(thread, fn, *args)
    except sqlite3.Error as e:
        raise StorageError(f"{what}: {e}") from e


async def connect_pool(url: str, size: int) -> Any:
    """An asyncpg pool of up to ``size`` connections, or StorageError naming the (password-masked) URL."""
    try:
        return await asyncpg.create_pool(url, min_size=1, max_size=size, timeout=CONNECT_TIMEOUT_S)
    except PG_ERRORS as e:
        raise pg_error(f"cannot connect to PostgreSQL at {redact_url(url)}", e) from e


def enable_wal(conn: sqlite3.Connection, timeout_s: float = 30.0) -> None:
    """Put the database in WAL mode (once per file: a no-op when it is already).

    Switching needs the database to itself, and SQLite answers "database is locked" at once, without its busy
    handler, when another process holds it — as when several workers open a new file together. So the switch
    is retried for up to ``timeout_s``, the way SQLite's own busy handler would wait for a write lock."""
    if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
        return
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)  # another process has the file; ask again shortly


@contextmanager
def transaction(conn: sqlite3.Connection, begin: str = "BEGIN IMMEDIATE") -> Iterator[None]:
    """BEGIN (IMMEDIATE: the write lock first, so processes sharing the file queue) … COMMIT; ROLLBACK when
    anything, the commit included, fails."""
    conn.execute(begin)
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def migrate_sqlite(conn: sqlite3.Connection, version_table: str, migrations: Sequence[str]) -> None:
    """Run the ``migrations`` this file has not seen yet and record the version in ``version_table`` (one row,
    id 1), inside the caller's transaction."""
    row = conn.execute(f"SELECT version FROM {version_table} WHERE id = 1").fetchone()
    version = 0 if row is None else int(row[0])
    for statement in migrations[version:]:
        conn.execute(statement)
    conn.execute(
        f"INSERT INTO {version_table} VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version",
        (max(version, len(migrations)),),
    )


async def migrate_postgres(conn: Any, version_table: str, migrations: Sequence[str]) -> None:
    """The same on PostgreSQL, inside the caller's transaction (under its creation lock)."""
    version = await conn.fetchval(f"SELECT version FROM {version_table} WHERE id = 1")
    version = 0 if version is None else int(version)
    for statement in migrations[version:]:
        await conn.execute(statement)
    await conn.execute(
        f"INSERT INTO {version_table} VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = excluded.version",
        max(version, len(migrations)),
    )
