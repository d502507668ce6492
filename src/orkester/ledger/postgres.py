"""The ledger in PostgreSQL (``postgresql://…``), shared by every gateway replica.

A batch is one transaction and two statements: the raw rows go in through ``unnest`` of one array
per column with ``ON CONFLICT DO NOTHING RETURNING request_id``, and exactly the rows that came back
are added to the rollups (upserts in key order, so replicas lock rollup rows in the same order).
Migrations are serialised with a transaction-level advisory lock. ``?search_path=schema`` in the URL
keeps the tables in that schema, as for the audit store.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ..audit.chain import to_utc
from ..errors import StorageError
from ..storage.connect import PG_ERRORS, connect_pool, pg_error
from ..storage.urls import redact_url
from .experiments import SELECT_STOPS, ArmSums, StoppedExperiment, arm_sums_query, insert_stop, to_arm_sums
from .feedback import Ratings, ratings_query, to_ratings
from .query import RecordQuery, records_query
from .record import COLUMNS, LedgerRecord
from .rollup import Totals, increments, to_totals, totals_query
from .schema import (
    CREATE_VERSION,
    JSON_COLUMNS,
    MEASURES,
    SELECT_COLUMNS,
    Types,
    day_from_minutes,
    from_row,
    key_usage_query,
    labels_json,
    migrations,
    rebuild_rollup,
    span_query,
    to_row,
    upsert_rollup,
)
from .store import KeyUsage

POOL_SIZE = 4
TYPES = Types(ts="TIMESTAMPTZ", json="JSONB", bool="BOOLEAN")
MIGRATIONS = migrations(TYPES)
#: pg_advisory_xact_lock key for migrations ("ledger" in ASCII).
_MIGRATE_LOCK = 0x6C6564676572
_ERRORS = PG_ERRORS
_PG_TYPES = {
    "ts": "timestamptz",
    "reasons": "text",
    "input_tokens": "bigint",
    "output_tokens": "bigint",
    "cached_tokens": "bigint",
    "reasoning_tokens": "bigint",
    "cost_usd": "float8",
    "latency_ms": "float8",
    "ttft_ms": "float8",
    "http_status": "int4",
    "retries": "int4",
    "fallbacks": "int4",
    "escalations": "int4",
    "cache_hit": "bool",
    "feedback": "float8",
    "feedback_at": "timestamptz",
}
_ARRAYS = ", ".join(f"${i}::{_PG_TYPES.get(c, 'text')}[]" for i, c in enumerate(COLUMNS, 1))
_INSERT = (
    f"INSERT INTO ledger ({SELECT_COLUMNS}) "
    f"SELECT {', '.join(f'u.{c}::jsonb' if c in JSON_COLUMNS else 'u.' + c for c in COLUMNS)} "
    f"FROM unnest({_ARRAYS}) AS u({SELECT_COLUMNS}) ON CONFLICT (request_id) DO NOTHING RETURNING request_id"
)
_ROLLUP_TYPES = (
    ["bigint"] + ["text"] * 5 + ["float8" if m in ("cost_usd", "latency_ms") else "bigint" for m in MEASURES]
)
_ROLLUP_ARRAYS = ", ".join(f"${i}::{t}[]" for i, t in enumerate(_ROLLUP_TYPES, 1))
_UPSERTS = {t: upsert_rollup(t, f"SELECT * FROM unnest({_ROLLUP_ARRAYS})") for t in ("ledger_minute", "ledger_day")}
_SET_FEEDBACK = (
    "UPDATE ledger SET feedback = $1, feedback_raw = $2, feedback_comment = $3, feedback_labels = $4::jsonb, "
    "feedback_at = $5 WHERE request_id = $6 RETURNING 1"
)


def _ts(value: datetime | None) -> datetime | None:
    return None if value is None else to_utc(value)


class PostgresLedgerStore:
    def __init__(self, url: str) -> None:
        self.url = url
        self._pool: Any = None

    def _error(self, e: BaseException) -> StorageError:
        return pg_error(f"PostgreSQL ledger at {redact_url(self.url)}", e)

    async def open(self, *, create: bool = True) -> None:
        self._pool = await connect_pool(self.url, POOL_SIZE)
        try:
            async with self._pool.acquire() as conn, conn.transaction():
                await _migrate(conn, create, redact_url(self.url))
        except BaseException as e:
            await self.close()
            if isinstance(e, _ERRORS):
                raise self._error(e) from e
            raise

    def _require(self) -> Any:
        if self._pool is None:
            raise StorageError("the PostgreSQL ledger is not open")
        return self._pool

    async def insert(self, records: Sequence[LedgerRecord]) -> int:
        # sorted by id: replicas inserting the same ids take their locks in the same order (no deadlock)
        unique = sorted({r.request_id: r for r in reversed(records)}.values(), key=lambda r: r.request_id)
        if not unique:
            return 0
        rows = [to_row(r, to_utc(r.ts), r.cache_hit, _ts(r.feedback_at)) for r in unique]
        columns = [list(col) for col in zip(*rows, strict=True)]
        try:
            async with self._require().acquire() as conn, conn.transaction():
                inserted = {row[0] for row in await conn.fetch(_INSERT, *columns)}
                new = [r for r in unique if r.request_id in inserted]
                for table, increments_ in increments(new).items():
                    if increments_:
                        await conn.execute(_UPSERTS[table], *[list(c) for c in zip(*increments_, strict=True)])
        except _ERRORS as e:
            raise self._error(e) from e
        return len(new)

    async def _fetch(self, sql: str, *params: Any) -> list[Any]:
        try:
            async with self._require().acquire() as conn:
                return list(await conn.fetch(sql, *params))
        except _ERRORS as e:
            raise self._error(e) from e

    async def totals(self, by: Sequence[str], since: datetime | None, until: datetime | None) -> list[Totals]:
        sql, params = totals_query(by, since, until, lambda n: f"${n}::bigint")
        return [to_totals(by, tuple(row.values())) for row in await self._fetch(sql, *params)]

    async def key_usage(self, key_id: str, since: datetime | None, until: datetime | None) -> list[KeyUsage]:
        params = [key_id, *(to_utc(t) for t in (since, until) if t is not None)]
        sql = key_usage_query(["$1", "$2", "$3"], since is not None, until is not None)
        return [KeyUsage(*row.values()) for row in await self._fetch(sql, *params)]

    async def span(self, since: datetime | None, until: datetime | None) -> tuple[datetime, datetime] | None:
        params = [to_utc(t) for t in (since, until) if t is not None]
        flags = (since is not None, until is not None)
        first = await self._fetch(span_query(["$1", "$2"], *flags, "ASC"), *params)
        last = await self._fetch(span_query(["$1", "$2"], *flags, "DESC"), *params)
        return (to_utc(first[0][0]), to_utc(last[0][0])) if first and last else None

    async def get(self, request_id: str) -> LedgerRecord | None:
        rows = await self._fetch(f"SELECT {SELECT_COLUMNS} FROM ledger WHERE request_id = $1", request_id)
        return from_row(tuple(rows[0].values())) if rows else None

    async def count(self) -> int:
        return int((await self._fetch("SELECT COUNT(*) FROM ledger"))[0][0])

    async def records(self, query: RecordQuery) -> list[LedgerRecord]:
        sql, params = records_query(query, lambda n: f"${n}", to_utc)
        return [from_row(tuple(row.values())) for row in await self._fetch(sql, *params)]

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
        rows = await self._fetch(_SET_FEEDBACK, float(value), raw, comment, labels_json(labels), _ts(at), request_id)
        return bool(rows)

    async def ratings(self, by: Sequence[str], since: datetime | None, until: datetime | None) -> list[Ratings]:
        params = [to_utc(t) for t in (since, until) if t is not None]
        sql = ratings_query(by, ["$1", "$2"], since is not None, until is not None)
        return [to_ratings(by, tuple(row.values())) for row in await self._fetch(sql, *params)]

    async def arm_sums(self, experiment: str, until: datetime | None = None) -> list[ArmSums]:
        params = [experiment, *([to_utc(until)] if until is not None else [])]
        rows = await self._fetch(arm_sums_query(["$1", "$2"], until is not None), *params)
        return [to_arm_sums(tuple(row.values())) for row in rows]

    async def stop_experiment(self, stop: StoppedExperiment) -> StoppedExperiment:
        await self._fetch(
            insert_stop(["$1", "$2", "$3", "$4", "$5"]), stop.name, stop.arm, stop.outcome, stop.reason, to_utc(stop.at)
        )
        return (await self.stopped_experiments()).get(stop.name, stop)

    async def stopped_experiments(self) -> dict[str, StoppedExperiment]:
        rows = await self._fetch(SELECT_STOPS)
        return {r[0]: StoppedExperiment(r[0], r[1], r[2], r[3], to_utc(r[4])) for r in rows}

    async def purge(self, before: datetime, *, chunk: int = 50_000) -> int:
        deleted = 0
        try:
            async with self._require().acquire() as conn:
                while True:
                    status = await conn.execute(
                        "DELETE FROM ledger WHERE ctid = ANY(ARRAY(SELECT ctid FROM ledger WHERE ts < $1 LIMIT $2))",
                        to_utc(before),
                        chunk,
                    )
                    n = int(status.split()[-1])
                    deleted += n
                    if n < chunk:
                        break
                await conn.execute("DELETE FROM ledger_minute WHERE bucket < $1", int(before.timestamp()))
        except _ERRORS as e:
            raise self._error(e) from e
        return deleted

    async def rebuild_rollups(self) -> None:
        try:
            async with self._require().acquire() as conn, conn.transaction():
                await conn.execute("DELETE FROM ledger_minute")
                await conn.execute("DELETE FROM ledger_day")
                await conn.execute(rebuild_rollup("ledger_minute", "(extract(epoch FROM ts)::bigint / 60) * 60"))
                await conn.execute(day_from_minutes())
        except _ERRORS as e:
            raise self._error(e) from e

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()


async def _migrate(conn: Any, create: bool, where: str) -> None:
    if create:
        await conn.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATE_LOCK)
        await conn.execute(CREATE_VERSION)
    elif not await conn.fetchval("SELECT to_regclass('ledger_schema') IS NOT NULL"):
        raise StorageError(f"no ledger in {where} (table ledger_schema missing)")
    version = await conn.fetchval("SELECT COALESCE(MAX(version), 0) FROM ledger_schema")
    if version > len(MIGRATIONS):
        raise StorageError(f"the ledger in {where} has schema version {version}; this Orkester knows {len(MIGRATIONS)}")
    if version < len(MIGRATIONS) and not create:
        raise StorageError(f"the ledger in {where} needs migrating (version {version}); open it with create")
    for n in range(version + 1, len(MIGRATIONS) + 1):
        for statement in MIGRATIONS[n - 1]:
            await conn.execute(statement)
        await conn.execute("INSERT INTO ledger_schema VALUES ($1)", n)
