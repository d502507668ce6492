"""``backend: sqlite``: answers kept in a SQLite file, shared by the worker processes of one host and kept
across restarts (``cache.url``, default ``sqlite:///.orkester/cache.db``, apart from the audit log and the
ledger: answers have their own retention).

Two tables: ``orkester_cache`` (key, answer, expiry) and ``orkester_cache_index`` (the semantic entries, in
insertion order). As with Redis, each process searches its own :class:`~.index.VectorIndex` and reads only
the index rows added since its last lookup of a bucket. Expired rows are deleted, and the oldest beyond
``cache.max_entries``, every :data:`PRUNE_EVERY` writes. Every statement runs on the backend's own thread.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from ..errors import StorageError
from ..storage.connect import enable_wal, in_thread
from ..storage.stores import BUSY_TIMEOUT_S
from ..storage.urls import sqlite_path
from .backend import from_bytes, to_bytes
from .index import Indexed, Neighbour, VectorIndex

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..plugins import Registry
    from ..settings import Settings

T = TypeVar("T")
DEFAULT_URL = "sqlite:///.orkester/cache.db"
PRUNE_EVERY = 256
_CREATE = (
    "CREATE TABLE IF NOT EXISTS orkester_cache (key TEXT PRIMARY KEY, answer BLOB NOT NULL, expires_at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS orkester_cache_expiry ON orkester_cache (expires_at)",
    "CREATE TABLE IF NOT EXISTS orkester_cache_index (seq INTEGER PRIMARY KEY AUTOINCREMENT, bucket TEXT NOT NULL, "
    "key TEXT NOT NULL, vector BLOB NOT NULL, text TEXT NOT NULL, expires_at REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS orkester_cache_index_bucket ON orkester_cache_index (bucket, seq)",
)


class SqliteCacheBackend:
    def __init__(self, url: str, *, max_entries: int) -> None:
        self.url = url
        self.path = sqlite_path(url)
        self.max_entries = max_entries
        self.index = VectorIndex(max_entries)
        #: bucket -> the last index row this process has read
        self._seen: OrderedDict[str, int] = OrderedDict()
        self._writes = 0
        self._thread: ThreadPoolExecutor | None = None
        self._conn: sqlite3.Connection | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> SqliteCacheBackend:
        return cls(settings.cache.url or DEFAULT_URL, max_entries=settings.cache.max_entries)

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        if self._thread is None:
            raise StorageError("the SQLite response cache is not open")
        return await in_thread(self._thread, f"SQLite response cache {self.path}", fn, *args)

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            enable_wal(conn)
            conn.execute("PRAGMA synchronous = NORMAL")  # a cache: losing the last writes to a power cut is fine
            for statement in _CREATE:
                conn.execute(statement)
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    async def open(self) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="orkester-cache")
        await self._run(self._open)

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    async def close(self) -> None:
        if self._thread is not None:
            await self._run(self._close)
            self._thread.shutdown(wait=True)
            self._thread = None

    def _require(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StorageError("the SQLite response cache is not open")
        return self._conn

    def _get(self, key: str, now: float) -> bytes | None:
        row = (
            self._require()
            .execute("SELECT answer FROM orkester_cache WHERE key = ? AND expires_at > ?", (key, now))
            .fetchone()
        )
        return None if row is None else bytes(row[0])

    async def get(self, key: str, now: float) -> bytes | None:
        return await self._run(self._get, key, now)

    def _put(self, key: str, blob: bytes, now: float, expires_at: float, indexed: Indexed | None) -> None:
        conn = self._require()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("INSERT OR REPLACE INTO orkester_cache VALUES (?, ?, ?)", (key, blob, expires_at))
            if indexed is not None:
                conn.execute(
                    "INSERT INTO orkester_cache_index (bucket, key, vector, text, expires_at) VALUES (?, ?, ?, ?, ?)",
                    (indexed.bucket, indexed.key, to_bytes(indexed.vector), indexed.text, indexed.expires_at),
                )
            self._writes += 1
            if self._writes % PRUNE_EVERY == 0:
                self._prune(conn, now)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _prune(self, conn: sqlite3.Connection, now: float) -> None:
        conn.execute("DELETE FROM orkester_cache WHERE expires_at <= ?", (now,))
        conn.execute("DELETE FROM orkester_cache_index WHERE expires_at <= ?", (now,))
        for table, order in (("orkester_cache", "expires_at"), ("orkester_cache_index", "seq")):
            (count,) = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
            if count > self.max_entries:
                conn.execute(
                    f"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} ORDER BY {order} LIMIT ?)",
                    (count - self.max_entries,),
                )

    async def put(self, key: str, blob: bytes, *, now: float, expires_at: float, indexed: Indexed | None) -> None:
        await self._run(self._put, key, blob, now, expires_at, indexed)

    def _new_rows(self, bucket: str, after: int, now: float) -> list[tuple[int, str, bytes, str, float]]:
        return (
            self._require()
            .execute(
                "SELECT seq, key, vector, text, expires_at FROM orkester_cache_index "
                "WHERE bucket = ? AND seq > ? AND expires_at > ? ORDER BY seq",
                (bucket, after, now),
            )
            .fetchall()
        )

    async def nearest(self, bucket: str, vector: NDArray[np.float32], k: int, now: float) -> list[Neighbour]:
        last = self._seen.get(bucket, 0)
        for seq, key, raw, text, expires_at in await self._run(self._new_rows, bucket, last, now):
            self.index.add(Indexed(bucket, key, from_bytes(raw), text, expires_at))
            last = seq
        self._seen[bucket] = last
        self._seen.move_to_end(bucket)
        while len(self._seen) > self.max_entries:
            self._seen.popitem(last=False)
        return self.index.nearest(bucket, vector, k, now)


def register(registry: Registry) -> None:
    registry.add_cache_backend("sqlite", SqliteCacheBackend.from_settings)
