"""Reserve → settle round trips per second on each shared-state backend, and rate-limit checks.

    .venv/bin/python bench/budgets.py                          # memory, Redis and PostgreSQL
    .venv/bin/python bench/budgets.py --redis '' --pg ''       # memory only

Every request does what the gateway will do: reserve against its key and its team (both with a
day budget that never runs out), then settle to a smaller actual cost: two round trips. All requests
use the same key and team, the worst case: on PostgreSQL they queue on the same row locks, in Redis
on the same keys. For each backend: one coroutine after another (the latency a request pays), 32
concurrent coroutines in one process (a worker under load), ``--procs`` processes with 32 each
(workers or replicas), and ``acquire_rate`` (rpm and tpm on key and deployment) at 32 concurrent.
Redis keys get a fresh prefix and PostgreSQL a scratch schema; both are removed afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import statistics
import time
import uuid
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from typing import Any

from orkester.accounting import BudgetLimits, RateLimits, Reservation, Scope
from orkester.accounting.budgets import SharedState
from orkester.state import MemoryState, PostgresState, RedisState

SCOPES = [(Scope("key", "bench"), BudgetLimits(day_usd=1e9)), (Scope("team", "bench"), BudgetLimits(month_usd=1e9))]
RATES = [(Scope("key", "bench"), RateLimits(rpm=10**9, tpm=10**12)), (Scope("deployment", "d"), RateLimits(rpm=10**9))]
WIDTH = 32


async def _open(backend: str, url: str, prefix: str) -> SharedState:
    if backend == "redis":
        return await RedisState.open(url, prefix=prefix)
    if backend == "postgresql":
        return await PostgresState.open(url)
    return MemoryState()


async def _request(state: SharedState) -> None:
    r = await state.reserve(SCOPES, 0.01)
    assert isinstance(r, Reservation)
    await state.settle(r, 0.004)


async def sequential(state: SharedState, n: int) -> dict[str, float]:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        await _request(state)
        times.append(time.perf_counter() - t)
    times.sort()
    return {"per_s": n / sum(times), "p50_ms": statistics.median(times) * 1000, "p99_ms": times[int(n * 0.99)] * 1000}


async def concurrent(state: SharedState, n: int, rate: bool = False) -> float:
    async def worker() -> None:
        for _ in range(n // WIDTH):
            if rate:
                await state.acquire_rate(RATES, 100)
            else:
                await _request(state)

    t = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(WIDTH)))
    return n // WIDTH * WIDTH / (time.perf_counter() - t)


def _proc(backend: str, url: str, prefix: str, n: int, start: Barrier, out: Queue[float]) -> None:
    async def run() -> float:
        state = await _open(backend, url, prefix)
        try:
            start.wait(60)
            t = time.perf_counter()
            await concurrent(state, n)
            return time.perf_counter() - t
        finally:
            await state.close()

    out.put(asyncio.run(run()))


def processes(backend: str, url: str, prefix: str, procs: int, n: int) -> float:
    ctx = multiprocessing.get_context("spawn")
    start, out = ctx.Barrier(procs), ctx.Queue()
    workers = [ctx.Process(target=_proc, args=(backend, url, prefix, n, start, out)) for _ in range(procs)]
    for w in workers:
        w.start()
    elapsed = [out.get(timeout=300) for _ in workers]
    for w in workers:
        w.join()
    return procs * (n // WIDTH * WIDTH) / max(elapsed)


async def _measure(backend: str, url: str, prefix: str, n: int) -> dict[str, Any]:
    state = await _open(backend, url, prefix)
    try:
        await _request(state)  # tables, scripts, connections
        figures: dict[str, Any] = {"store": backend, "sequential": await sequential(state, n)}
        figures["concurrent_32_per_s"] = await concurrent(state, n)
        figures["rate_concurrent_32_per_s"] = await concurrent(state, n, rate=True)
        spend = await state.spent(Scope("key", "bench"))
        figures["reserved_left_usd"] = spend.day.reserved_usd  # must be 0: every reservation settled
        return figures
    finally:
        await state.close()


def run(backend: str, url: str, args: argparse.Namespace, prefix: str = "") -> dict[str, Any]:
    figures = asyncio.run(_measure(backend, url, prefix, args.n))
    if backend != "memory":
        figures[f"processes_{args.procs}x32_per_s"] = processes(backend, url, prefix, args.procs, args.n)
    return figures


async def _pg_admin(dsn: str, statement: str) -> None:
    import asyncpg  # type: ignore[import-untyped]

    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


async def _redis_clear(url: str, prefix: str) -> None:
    import redis.asyncio as aioredis

    client = aioredis.from_url(url)
    try:
        keys = [k async for k in client.scan_iter(match=f"{prefix}*", count=1000)]
        for i in range(0, len(keys), 1000):
            await client.delete(*keys[i : i + 1000])
    finally:
        await client.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=3200, help="requests per run and per process (default 3200)")
    parser.add_argument("--procs", type=int, default=2, help="processes at once (default 2)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0", help="Redis URL, '' to skip")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test", help="PostgreSQL DSN, '' to skip")
    parser.add_argument("--json", dest="json_out", help="also write the figures here")
    args = parser.parse_args()

    results = [run("memory", "", args)]
    if args.redis:
        prefix = f"orkbench:{uuid.uuid4().hex[:8]}:"
        try:
            results.append(run("redis", args.redis, args, prefix))
        finally:
            asyncio.run(_redis_clear(args.redis, prefix))
    if args.pg:
        schema = f"state_bench_{uuid.uuid4().hex[:8]}"
        asyncio.run(_pg_admin(args.pg, f"CREATE SCHEMA {schema}"))
        try:
            results.append(run("postgresql", f"{args.pg}?search_path={schema}", args))
        finally:
            asyncio.run(_pg_admin(args.pg, f"DROP SCHEMA {schema} CASCADE"))

    for r in results:
        seq = r["sequential"]
        line = (
            f"{r['store']:<11} sequential {seq['per_s']:8.0f}/s"
            f" (p50 {seq['p50_ms']:.3f} ms, p99 {seq['p99_ms']:.3f} ms)"
            f"  32 concurrent {r['concurrent_32_per_s']:8.0f}/s"
        )
        for k, v in r.items():
            if k.startswith("processes_"):
                line += f"  {k.removeprefix('processes_').removesuffix('_per_s')} processes {v:8.0f}/s"
        line += f"  rate checks {r['rate_concurrent_32_per_s']:8.0f}/s  reserved left ${r['reserved_left_usd']:g}"
        print(line)
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
