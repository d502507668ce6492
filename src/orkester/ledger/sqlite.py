"""The ledger in SQLite (``sqlite:///path``, the default; ``memory://`` keeps it in memory for tests).

Like the audit store, every operation is one synchronous function on the store's own thread, so a
transaction is never left half done when the awaiting task is cancelled. The file is in WAL mode with
``synchronous=FULL``: a batch that committed survives a power cut, which is what lets the writer delete
the spooled copy. Several processes share the file: inserts take the write lock (``BEGIN IMMEDIATE``)
and check which ids are stored inside it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any, TypeVar

from ..audit.chain import format_ts, parse_ts
from ..errors import StorageError
from ..storage.connect import enable_wal, in_thread, transaction
from ..storage.stores import BUSY_TIMEOUT_S
from ..storage.urls import sqlite_path, url_scheme
from .experiments import SELECT_STOPS, ArmSums, StoppedExperiment, arm_sums_query, insert_stop, to_arm_sums
from .feedback import Ratings, ratings_query, to_ratings
from .query import RecordQuery, records_query
from .record import LedgerRecord
from .rollup import Totals, increments, to_totals, totals_query
from .schema import (
    CREATE_VERSION,
    ROLLUP_COLUMNS,
    SELECT_COLUMNS,
    Types,
    day_from_minutes,
    from_row,
    insert_ledger,
    key_usage_query,
    labels_json,
    migrations,
    rebuild_rollup,
    span_query,
    to_row,
    upsert_rollup,
)
from .store import KeyUsage

T = TypeVar("T")
TYPES = Types(ts="TEXT", json="TEXT", bool="INTEGER")
MIGRATIONS = migrations(TYPES, " WITHOUT ROWID")
_INSERT = insert_ledger(["?"] * len(SELECT_COLUMNS.split(", ")), conflict="")
_UPSERTS = {
    t: upsert_rollup(t, f"VALUES ({', '.join('?' * len(ROLLUP_COLUMNS))})") for t in ("ledger_minute", "ledger_day")
}
_IN_CHUNK = 500
_SET_FEEDBACK = (
    "UPDATE ledger SET feedback = ?, feedback_raw = ?, feedback_comment = ?, feedback_labels = ?, feedback_at = ? "
    "WHERE request_id = ?"
)


def _ts(value: datetime | None) -> str | None:
    return None if value is None else format_ts(value)


class SqliteLedgerStore:
    def __init__(self, url: str) -> None:
        self.url = url
        self.path = None if url_scheme(url) == "memory" else sqlite_path(url)
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="orkester-ledger")
        self._conn: sqlite3.Connection | None = None

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        return await in_thread(self._thread, f"SQLite ledger {self.path or 'in memory'}", fn, *args)

    def _open(self, create: bool) -> None:
        if self.path is None:
            conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        else:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            elif not self.path.exists():
                raise StorageError(f"no ledger at {self.path} (the file does not exist)")
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        try:
            enable_wal(conn)
            conn.execute("PRAGMA synchronous = FULL")
            _migrate(conn, create, str(self.path))
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    async def open(self, *, create: bool = True) -> None:
        await self._run(self._open, create)

    def _require(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StorageError("the SQLite ledger is not open")
        return self._conn

    def _insert(self, records: Sequence[LedgerRecord]) -> int:
        conn = self._require()
        unique = list({r.request_id: r for r in reversed(records)}.values())
        with transaction(conn):
            ids = [r.request_id for r in unique]
            stored: set[str] = set()
            for i in range(0, len(ids), _IN_CHUNK):
                chunk = ids[i : i + _IN_CHUNK]
                marks = ", ".join("?" * len(chunk))
                stored.update(
                    row[0]
                    for row in conn.execute(f"SELECT request_id FROM ledger WHERE request_id IN ({marks})", chunk)
                )
            new = [r for r in unique if r.request_id not in stored]
            conn.executemany(_INSERT, [to_row(r, format_ts(r.ts), int(r.cache_hit), _ts(r.feedback_at)) for r in new])
            for table, rows in increments(new).items():
                conn.executemany(_UPSERTS[table], rows)
        return len(new)

    async def insert(self, records: Sequence[LedgerRecord]) -> int:
        return await self._run(self._insert, records)

    def _fetch(self, sql: str, params: Sequence[Any]) -> list[Any]:
        return self._require().execute(sql, params).fetchall()

    async def totals(self, by: Sequence[str], since: datetime | None, until: datetime | None) -> list[Totals]:
        sql, params = totals_query(by, since, until, lambda n: "?")
        return [to_totals(by, row) for row in await self._run(self._fetch, sql, params)]

    async def key_usage(self, key_id: str, since: datetime | None, until: datetime | None) -> list[KeyUsage]:
        params = [key_id, *(format_ts(t) for t in (since, until) if t is not None)]
        sql = key_usage_query(["?"] * 3, since is not None, until is not None)
        rows = await self._run(self._fetch, sql, params)
        return [KeyUsage(*row) for row in rows]

    async def span(self, since: datetime | None, until: datetime | None) -> tuple[datetime, datetime] | None:
        params = [format_ts(t) for t in (since, until) if t is not None]
        first = await self._run(self._fetch, span_query(["?"] * 2, since is not None, until is not None, "ASC"), params)
        last = await self._run(self._fetch, span_query(["?"] * 2, since is not None, until is not None, "DESC"), params)
        return (parse_ts(first[0][0]), parse_ts(last[0][0])) if first and last else None

    async def get(self, request_id: str) -> LedgerRecord | None:
        rows = await self._run(self._fetch, f"SELECT {SELECT_COLUMNS} FROM ledger WHERE request_id = ?", [request_id])
        return from_row(rows[0]) if rows else None

    async def count(self) -> int:
        return int((await self._run(self._fetch, "SELECT COUNT(*) FROM ledger", []))[0][0])

    async def records(self, query: RecordQuery) -> list[LedgerRecord]:
        sql, params = records_query(query, lambda n: "?", format_ts)
        return [from_row(row) for row in await self._run(self._fetch, sql, params)]

    def _set_feedback(self, request_id: str, values: tuple[Any, ...]) -> bool:
        cursor = self._require().execute(_SET_FEEDBACK, (*values, request_id))
        return cursor.rowcount > 0

    async def set_feedback(
        self,
        request_id: str,
        value: float,
        *,
        raw: str | None = None,
        comment: str | None = None,
        labels: Sequence[str] = (),
        at: datetime | None = None,
    ) -> bool:
        values = (float(value), raw, comment, labels_json(labels), _ts(at))
        return await self._run(self._set_feedback, request_id, values)

    async def ratings(self, by: Sequence[str], since: datetime | None, until: datetime | None) -> list[Ratings]:
        params = [format_ts(t) for t in (since, until) if t is not None]
        sql = ratings_query(by, ["?"] * 2, since is not None, until is not None)
        return [to_ratings(by, row) for row in await self._run(self._fetch, sql, params)]

    async def arm_sums(self, experiment: str, until: datetime | None = None) -> list[ArmSums]:
        params = [experiment, *([format_ts(until)] if until is not None else [])]
        rows = await self._run(self._fetch, arm_sums_query(["?", "?"], until is not None), params)
        return [to_arm_sums(row) for row in rows]

    def _stop(self, stop: StoppedExperiment) -> StoppedExperiment:
        conn = self._require()
        with transaction(conn):
            conn.execute(insert_stop(["?"] * 5), (stop.name, stop.arm, stop.outcome, stop.reason, format_ts(stop.at)))
            row = conn.execute(f"{SELECT_STOPS} WHERE name = ?", (stop.name,)).fetchone()
        return StoppedExperiment(row[0], row[1], row[2], row[3], parse_ts(row[4]))

    async def stop_experiment(self, stop: StoppedExperiment) -> StoppedExperiment:
        return await self._run(self._stop, stop)

    async def stopped_experiments(self) -> dict[str, StoppedExperiment]:
        rows = await self._run(self._fetch, SELECT_STOPS, [])
        return {r[0]: StoppedExperiment(r[0], r[1], r[2], r[3], parse_ts(r[4])) for r in rows}

    def _purge(self, before: datetime, chunk: int) -> int:
        conn = self._require()
        deleted = 0
        while True:
            with transaction(conn):
                n = conn.execute(
                    "DELETE FROM ledger WHERE rowid IN (SELECT rowid FROM ledger WHERE ts < ? LIMIT ?)",
                    (format_ts(before), chunk),
                ).rowcount
            deleted += n
            if n < chunk:
                break
        with transaction(conn):
            conn.execute("DELETE FROM ledger_minute WHERE bucket < ?", (int(before.timestamp()),))
        return deleted

    async def purge(self, before: datetime, *, chunk: int = 50_000) -> int:
        return await self._run(self._purge, before, chunk)

    def _rebuild(self) -> None:
        conn = self._require()
        with transaction(conn):
            conn.execute("DELETE FROM ledger_minute")
            conn.execute("DELETE FROM ledger_day")
            conn.execute(rebuild_rollup("ledger_minute", "CAST(strftime('%s', ts) AS INTEGER) / 60 * 60"))
            conn.execute(day_from_minutes())

    async def rebuild_rollups(self) -> None:
        await self._run(self._rebuild)

    async def close(self) -> None:
        if self._conn is not None:
            await self._run(self._conn.close)
            self._conn = None
        self._thread.shutdown(wait=True)


def _migrate(conn: sqlite3.Connection, create: bool, where: str) -> None:
    with transaction(conn):
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "ledger_schema" not in tables and not create:
            raise StorageError(f"no ledger in {where} (table ledger_schema missing)")
        conn.execute(CREATE_VERSION)
        version = conn.execute("SELECT COALESCE(MAX(version), 0) FROM ledger_schema").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StorageError(
                f"the ledger in {where} has schema version {version}; this Orkester knows {len(MIGRATIONS)}"
            )
        if version < len(MIGRATIONS) and not create:
            raise StorageError(f"the ledger in {where} needs migrating (version {version}); open it with create")
        for n in range(version + 1, len(MIGRATIONS) + 1):
            for statement in MIGRATIONS[n - 1]:
                conn.execute(statement)
            conn.execute("INSERT INTO ledger_schema VALUES (?)", (n,))
