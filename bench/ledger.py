"""The usage ledger at 10 million rows: fill it, time the cost report and the per-key usage query, and
measure the writer (acknowledged records per second, ``record()`` latency).

    .venv/bin/python bench/ledger.py                               # 10M rows, SQLite and PostgreSQL
    .venv/bin/python bench/ledger.py --rows 1000000 --pg ''        # SQLite only, 1M rows
    .venv/bin/python bench/ledger.py --skip-fill --sqlite PATH     # time queries on an existing file
    .venv/bin/python bench/ledger.py --demo-ledger sqlite:///demo.db   # a week of --demo-shaped traffic, no timing

Rows are generated inside the database (SQLite: a recursive CTE; PostgreSQL: ``generate_series``) over
90 days (the default retention): 1,000 keys in 40 teams, 6 task types, 6 models in three tiers at
80/15/5, 1 % errors. Indexes are built after the load and the rollups recomputed with
``rebuild_rollups()``, the same code a repair would use. Each query runs ``--repeat`` times; the
figures are the median and the slowest. The writer runs 64 concurrent clients calling
``await record()`` against a fresh ledger of each kind, then waits until every record is committed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]

from orkester.ledger.record import COLUMNS, LedgerRecord
from orkester.ledger.reports import costs, key_usage
from orkester.ledger.store import LedgerStore, ledger_store, open_ledger_store
from orkester.ledger.writer import LedgerWriter

END = datetime(2026, 11, 26, tzinfo=UTC)
START = END - timedelta(days=90)
INDEXES = {
    "ledger_ts": "CREATE INDEX ledger_ts ON ledger (ts)",
    "ledger_key_ts": "CREATE INDEX ledger_key_ts ON ledger (key_id, ts)",
}
#: the columns the synthetic rows fill, in the order of ``_COLUMNS`` (the rest, added by later migrations, stay
#: NULL: prompt, experiment and the feedback's details)
_FILLED = ", ".join((*COLUMNS[: COLUMNS.index("cache_hit") + 1], "feedback"))
# h: a hash of the row number; x picks the tier 80/15/5; the key decides the team.
_COLUMNS = """
    {id}, {ts}, 'chat', 'key-' || (h / 100 % 1000), 'team-' || (h / 100 % 1000 % 40), 'auto', 'rules', 'single',
    {reasons}, {task}, 'internal', {alias}, {provider}, {model}, 'eu', {tier},
    200 + h % 1800, 50 + h / 7 % 600, 0, 0,
    ((200 + h % 1800) * {pin} + (50 + h / 7 % 600) * {pout}) / 1000000.0,
    80 + h % 900, NULL, CASE WHEN h % 100 = 7 THEN 'error' ELSE 'ok' END,
    CASE WHEN h % 100 = 7 THEN 502 ELSE 200 END, 0, CASE WHEN h % 100 = 7 THEN 1 ELSE 0 END, 0, {false}, NULL
"""


def _case(x: str, cheap: str, mid: str, premium: str) -> str:
    return f"CASE WHEN {x} < 80 THEN {cheap} WHEN {x} < 95 THEN {mid} ELSE {premium} END"


def _columns(id_: str, ts: str, false: str) -> str:
    x = "(h % 100)"
    return _COLUMNS.format(
        id=id_,
        ts=ts,
        false=false,
        reasons="'[\"task code\"]'",
        task="CASE h / 1000 % 6 WHEN 0 THEN 'code' WHEN 1 THEN 'translation' WHEN 2 THEN 'quote' "
        "WHEN 3 THEN 'general_chat' WHEN 4 THEN 'summary' ELSE 'technical_documentation' END",
        alias=_case(x, "'demo-cheap'", "'demo-mid'", "'demo-premium'"),
        provider=_case(x, "'sim-eu'", "'sim-eu'", "'sim-us'"),
        model=_case(x, "CASE WHEN h % 2 = 0 THEN 'sim-small' ELSE 'sim-flaky' END", "'sim-medium'", "'sim-large'"),
        tier=_case(x, "'cheap'", "'mid'", "'premium'"),
        pin=_case(x, "0.15", "0.8", "5.0"),
        pout=_case(x, "0.6", "3.2", "15.0"),
    )


def fill_sqlite(path: Path, rows: int) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript("PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000; PRAGMA temp_store = MEMORY;")
    for name in INDEXES:
        conn.execute(f"DROP INDEX IF EXISTS {name}")
    start, step = int(START.timestamp()), 90 * 86400 / rows
    ts = f"strftime('%Y-%m-%dT%H:%M:%S', {start} + CAST(i * {step} AS INTEGER), 'unixepoch') || '.000000Z'"
    chunk = 1_000_000
    columns = _columns("printf('bench-%09d', i)", ts, "0")
    for lo in range(0, rows, chunk):
        hi = min(rows, lo + chunk)
        conn.execute("BEGIN")
        conn.execute(
            f"WITH RECURSIVE n(i) AS (SELECT {lo} UNION ALL SELECT i + 1 FROM n WHERE i < {hi - 1}), "
            "g(i, h) AS (SELECT i, (i * 2654435761) % 4294967296 FROM n) "
            f"INSERT INTO ledger ({_FILLED}) SELECT {columns} FROM g"
        )
        conn.execute("COMMIT")
    for sql in INDEXES.values():
        conn.execute(sql)
    conn.execute("ANALYZE")
    conn.close()


async def fill_postgres(url: str, rows: int) -> None:
    conn = await asyncpg.connect(url)
    try:
        for name in INDEXES:
            await conn.execute(f"DROP INDEX IF EXISTS {name}")
        step = 90 * 86400 / rows
        ts = f"to_timestamp({int(START.timestamp())} + floor(i * {step}))"
        await conn.execute(
            f"INSERT INTO ledger ({_FILLED}) SELECT "
            + _columns("'bench-' || lpad(i::text, 9, '0')", ts, "false")
            + f" FROM (SELECT i, (i * 2654435761) % 4294967296 AS h FROM generate_series(0, {rows - 1}) AS i) AS g"
        )
        for sql in INDEXES.values():
            await conn.execute(sql)
    finally:
        await conn.close()


async def _vacuum(url: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


async def _timed(repeat: int, make: Callable[[int], Awaitable[Any]]) -> tuple[float, float]:
    times = []
    for i in range(repeat):
        t = time.perf_counter()
        await make(i)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000, max(times) * 1000


async def queries(store: LedgerStore, repeat: int) -> dict[str, tuple[float, float]]:
    since = END - timedelta(days=30, hours=7, minutes=13)  # cuts a day: minute rows at both ends
    keys = [f"key-{random.Random(i).randrange(1000)}" for i in range(repeat)]
    until = END - timedelta(hours=5)
    return {
        "costs --by model (all 90 days)": await _timed(repeat, lambda i: costs(store, "model", None, None)),
        "costs --by day --since (30 days, cut mid-day)": await _timed(
            repeat, lambda i: costs(store, "day", since, None)
        ),
        "costs --by team --since --until": await _timed(repeat, lambda i: costs(store, "team", since, until)),
        "usage --key K (all 90 days)": await _timed(repeat, lambda i: key_usage(store, keys[i], None, None)),
        "usage --key K --since (30 days)": await _timed(repeat, lambda i: key_usage(store, keys[i], since, None)),
    }


async def writer_run(url: str, spool: Path, records: int, clients: int) -> dict[str, float]:
    writer = LedgerWriter(ledger_store(url), spool)
    await writer.start()
    latencies: list[float] = []
    counter = iter(range(records))
    now = datetime.now(UTC)

    async def client() -> None:
        for n in counter:
            rec = LedgerRecord(
                f"w-{n}",
                now,
                key_id=f"key-{n % 1000}",
                provider="sim-eu",
                model="sim-small",
                tier="cheap",
                task="code",
                input_tokens=800,
                output_tokens=200,
                cost_usd=0.00024,
            )
            t = time.perf_counter()
            await writer.record(rec)
            latencies.append(time.perf_counter() - t)

    t0, cpu0 = time.perf_counter(), time.process_time()
    await asyncio.gather(*(client() for _ in range(clients)))
    acked = time.perf_counter() - t0
    await writer.flush()
    committed = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    await writer.close()
    check = await open_ledger_store(url, create=False)
    stored = await check.count()
    await check.close()
    assert stored == records, f"{stored} of {records} records in the ledger"
    latencies.sort()
    return {
        "acknowledged_per_s": records / acked,
        "committed_per_s": records / committed,
        "record_p50_ms": latencies[len(latencies) // 2] * 1000,
        "record_p99_ms": latencies[int(len(latencies) * 0.99)] * 1000,
        # the whole process: clients, spool threads, batching, the database driver (SQLite: the engine too)
        "cpu_us_per_record": cpu / records * 1e6,
    }


#: --demo's auto route: task -> (alias, provider, model, tier, USD per M input, per M output)
DEMO_ROUTES = {
    "general_chat": ("demo-cheap", "sim-eu", "sim-small", "cheap", 0.15, 0.6),
    "summary": ("demo-cheap", "sim-eu", "sim-small", "cheap", 0.15, 0.6),
    "code": ("demo-mid", "sim-eu", "sim-medium", "mid", 0.8, 3.2),
    "translation": ("demo-mid", "sim-eu", "sim-medium", "mid", 0.8, 3.2),
    "quote": ("demo-premium", "sim-us", "sim-large", "premium", 5.0, 15.0),
    "technical_documentation": ("demo-premium", "sim-us", "sim-large", "premium", 5.0, 15.0),
}
DEMO_TASK_WEIGHTS = {"general_chat": 62, "summary": 15, "code": 10, "translation": 8, "quote": 3,
                     "technical_documentation": 2}  # fmt: skip


async def demo_ledger(url: str, spool: Path, requests: int = 2400, seed: int = 7) -> None:
    """A week of traffic shaped like `orkester serve --demo` with the auto route, through the real writer."""
    rng = random.Random(seed)
    writer = LedgerWriter(ledger_store(url), spool)
    await writer.start()
    tasks, weights = list(DEMO_TASK_WEIGHTS), list(DEMO_TASK_WEIGHTS.values())
    for n in range(requests):
        task = rng.choices(tasks, weights)[0]
        alias, provider, model, tier, pin, pout = DEMO_ROUTES[task]
        team = rng.choice(["support", "engineering", "sales", "legal"])
        tokens_in, tokens_out = rng.randint(150, 2500), rng.randint(40, 900)
        ok = rng.random() > 0.01
        await writer.record(
            LedgerRecord(
                f"demo-{n:05d}", END - timedelta(days=7) + timedelta(seconds=n * 7 * 86400 / requests),
                key_id=f"key-{team}-{rng.randint(1, 3)}", team_id=team, route="auto", strategy="rules",
                mode="single", reasons=(f"task {task} -> {alias}",), task=task, data_class="internal", alias=alias,
                provider=provider, model=model, region="us" if provider == "sim-us" else "eu", tier=tier,
                input_tokens=tokens_in if ok else 0, output_tokens=tokens_out if ok else 0,
                cost_usd=(tokens_in * pin + (tokens_out if ok else 0) * pout) / 1e6 if ok else 0.0,
                latency_ms=rng.uniform(200, 4000), status="ok" if ok else "error", http_status=200 if ok else 502,
            )
        )  # fmt: skip
    await writer.close()


def _writer_line(figures: dict[str, float]) -> None:
    print("  writer, 64 clients: " + ", ".join(f"{k} {v:,.1f}" for k, v in figures.items()))


def _print(name: str, rows: int, fill_s: float | None, timings: dict[str, tuple[float, float]]) -> None:
    fill = f", filled in {fill_s:.0f} s" if fill_s is not None else ""
    print(f"\n{name}: {rows:,} rows{fill}")
    for label, (median, worst) in timings.items():
        print(f"  {label:48s} median {median:8.1f} ms   max {worst:8.1f} ms")


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--sqlite", type=Path, help="SQLite file (default: a temporary one)")
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test", help="'' to skip PostgreSQL")
    ap.add_argument("--skip-fill", action="store_true", help="time the queries on an existing --sqlite file")
    ap.add_argument("--writer-records", type=int, default=100_000)
    ap.add_argument("--demo-ledger", metavar="URL", help="only write a week of --demo-shaped records to URL")
    args = ap.parse_args()
    if args.demo_ledger:
        await demo_ledger(args.demo_ledger, Path(tempfile.mkdtemp(prefix="orkester-spool-")))
        return
    work = Path(tempfile.mkdtemp(prefix="orkester-ledger-bench-"))
    try:
        await run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


async def run(args: argparse.Namespace, work: Path) -> None:
    path = args.sqlite or work / "ledger.db"

    store = await open_ledger_store(f"sqlite:///{path.resolve()}")
    fill_s = None
    if not args.skip_fill:
        t = time.perf_counter()
        await store.close()
        fill_sqlite(path, args.rows)
        store = await open_ledger_store(f"sqlite:///{path.resolve()}")
        await store.rebuild_rollups()
        fill_s = time.perf_counter() - t
    _print("SQLite", await store.count(), fill_s, await queries(store, args.repeat))
    await store.close()
    _writer_line(await writer_run(f"sqlite:///{work}/w.db", work / "spool-s", args.writer_records, 64))

    if args.pg:
        schema = f"ledger_bench_{uuid.uuid4().hex[:8]}"
        admin = await asyncpg.connect(args.pg)
        await admin.execute(f"CREATE SCHEMA {schema}")
        url = f"{args.pg}?search_path={schema}"
        try:
            t = time.perf_counter()
            pg = await open_ledger_store(url)
            await fill_postgres(url, args.rows)
            await pg.rebuild_rollups()
            await _vacuum(url)
            _print("PostgreSQL", args.rows, time.perf_counter() - t, await queries(pg, args.repeat))
            await pg.close()
            await admin.execute(f"CREATE SCHEMA {schema}_w")
            _writer_line(
                await writer_run(f"{args.pg}?search_path={schema}_w", work / "spool-p", args.writer_records, 64)
            )
        finally:
            await admin.execute(f"DROP SCHEMA {schema} CASCADE")
            await admin.execute(f"DROP SCHEMA IF EXISTS {schema}_w CASCADE")
            await admin.close()


if __name__ == "__main__":
    asyncio.run(main())
