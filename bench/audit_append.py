"""How many audit appends per second each store takes: one short transaction per append.

    .venv/bin/python bench/audit_append.py                    # SQLite in a temp dir, and PostgreSQL
    .venv/bin/python bench/audit_append.py --pg ''            # SQLite only

For each store: one coroutine appending one entry after another (the latency of an append), 32
concurrent appends in one process (a worker under load), and ``--procs`` processes doing the same at
once (gateway workers or replicas sharing the log). Every run ends with ``verify`` over the whole log,
so a figure only counts if the chain it produced is intact. The SQLite file uses the store's settings
(WAL, ``synchronous=FULL``); PostgreSQL gets a scratch schema that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import statistics
import tempfile
import time
import uuid
from multiprocessing.synchronize import Barrier
from typing import Any

from orkester.audit import AuditEntry, AuditLog

ENTRY = AuditEntry(
    request_id="bench",
    key_id="key-1",
    team="bench",
    declared_class=None,
    detected_class="confidential",
    final_class="confidential",
    entities={"FNR": 1, "EMAIL": 2, "PERSON": 1},
    policy="confidential: regions eu,local; on_forbidden=reroute",
    action="rerouted",
    destinations=[{"provider": "mistral", "model": "mistral-small-latest", "region": "eu"}],
    pseudonymised=False,
    outcome="ok",
)


async def sequential(url: str, n: int) -> dict[str, float]:
    log = await AuditLog.open(url)
    try:
        await log.append(ENTRY)
        times = []
        for _ in range(n):
            t = time.perf_counter()
            await log.append(ENTRY)
            times.append(time.perf_counter() - t)
    finally:
        await log.close()
    times.sort()
    return {
        "appends_per_s": n / sum(times),
        "p50_ms": statistics.median(times) * 1000,
        "p99_ms": times[int(len(times) * 0.99)] * 1000,
    }


async def concurrent(url: str, n: int, width: int, start: Barrier | None = None) -> float:
    log = await AuditLog.open(url)
    try:
        if start is not None:
            start.wait(60)
        t = time.perf_counter()
        for _ in range(n // width):
            await asyncio.gather(*(log.append(ENTRY) for _ in range(width)))
        return time.perf_counter() - t
    finally:
        await log.close()


def _proc(url: str, n: int, width: int, start: Barrier, out: Any) -> None:
    out.put(asyncio.run(concurrent(url, n, width, start)))


def processes(url: str, procs: int, n: int, width: int) -> float:
    ctx = multiprocessing.get_context("spawn")
    start, out = ctx.Barrier(procs), ctx.Queue()
    workers = [ctx.Process(target=_proc, args=(url, n, width, start, out)) for _ in range(procs)]
    for w in workers:
        w.start()
    elapsed = [out.get(timeout=300) for _ in workers]
    for w in workers:
        w.join()
    return procs * (n // width * width) / max(elapsed)


async def verify(url: str) -> int:
    log = await AuditLog.open(url, create=False)
    try:
        result = await log.verify()
    finally:
        await log.close()
    if not result.ok:
        raise SystemExit(f"{url}: chain broken after the run: {result.problem}")
    return result.count


def run(name: str, url: str, args: argparse.Namespace) -> dict[str, Any]:
    figures: dict[str, Any] = {"store": name}
    figures["sequential"] = asyncio.run(sequential(url, args.n))
    figures["concurrent_32_per_s"] = args.n // 32 * 32 / asyncio.run(concurrent(url, args.n, 32))
    figures[f"processes_{args.procs}x32_per_s"] = processes(url, args.procs, args.n, 32)
    figures["verified_rows"] = asyncio.run(verify(url))
    return figures


async def _pg_admin(dsn: str, statement: str) -> None:
    import asyncpg  # type: ignore[import-untyped]

    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="appends per run and per process (default 2000)")
    parser.add_argument("--procs", type=int, default=4, help="processes appending at once (default 4)")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test", help="PostgreSQL DSN, '' to skip")
    parser.add_argument("--json", dest="json_out", help="also write the figures here")
    args = parser.parse_args()

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(run("sqlite", f"sqlite:///{tmp}/orkester.db", args))
    if args.pg:
        schema = f"audit_bench_{uuid.uuid4().hex[:8]}"
        asyncio.run(_pg_admin(args.pg, f"CREATE SCHEMA {schema}"))
        try:
            results.append(run("postgresql", f"{args.pg}?search_path={schema}", args))
        finally:
            asyncio.run(_pg_admin(args.pg, f"DROP SCHEMA {schema} CASCADE"))

    for r in results:
        seq = r["sequential"]
        print(
            f"{r['store']:<11} one at a time {seq['appends_per_s']:>7.0f}/s (p50 {seq['p50_ms']:.2f} ms, "
            f"p99 {seq['p99_ms']:.2f} ms) | 32 concurrent {r['concurrent_32_per_s']:>7.0f}/s | "
            f"{args.procs} processes x 32 {r[f'processes_{args.procs}x32_per_s']:>7.0f}/s | "
            f"verified {r['verified_rows']} rows"
        )
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
