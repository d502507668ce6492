"""Budgets and rate limits on the real Redis and PostgreSQL of this machine (CI starts them; see .ci/run).

The behaviour suite of tests/unit/state runs on both backends; then several OS processes (gateway
workers or replicas) hammer one key at once and the counts must come out exact. Each test has its own
Redis key prefix and its own PostgreSQL schema, removed afterwards.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from typing import Literal

import pytest
import redis.asyncio as aioredis

from orkester.accounting import BudgetLimits, RateGrant, RateLimits, Reservation, Scope
from orkester.accounting.budgets import SharedState
from orkester.errors import StorageError
from orkester.settings import Settings
from orkester.state import MemoryState, PostgresState, RedisState, open_state, state_backend
from tests.support.postgres import PG, pg_schema, schema_url
from tests.unit.state.suite import KEY, Behaviour, FakeClock, ok, refused, start_clock

REDIS = os.environ.get("ORKESTER_TEST_REDIS", "redis://127.0.0.1:6379/0")
Backend = Literal["redis", "postgresql"]

PROCESSES, EACH, FITS = 2, 150, 100
COST = 0.01
BUDGET = [(KEY, BudgetLimits(day_usd=COST * FITS)), (Scope("team", "t"), BudgetLimits(month_usd=1000.0))]


@dataclass(frozen=True)
class Target:
    backend: Backend
    url: str
    prefix: str = ""

    async def open(self, clock: FakeClock | None = None) -> SharedState:
        if self.backend == "redis":
            return await RedisState.open(self.url, prefix=self.prefix, clock=clock)
        return await PostgresState.open(self.url, clock=clock)


async def _redis_clear(prefix: str) -> None:
    client = aioredis.from_url(REDIS)
    try:
        keys = [k async for k in client.scan_iter(match=f"{prefix}*", count=1000)]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


@pytest.fixture(params=["redis", "postgresql"])
def target(request: pytest.FixtureRequest) -> Iterator[Target]:
    if request.param == "redis":
        prefix = f"orktest:{uuid.uuid4().hex[:12]}:"
        yield Target("redis", REDIS, prefix)
        asyncio.run(_redis_clear(prefix))
    else:
        with pg_schema("state_test") as schema:
            yield Target("postgresql", schema_url(schema))


@pytest.fixture
def clock() -> FakeClock:
    return start_clock()


@pytest.fixture
async def state(target: Target, clock: FakeClock) -> AsyncIterator[SharedState]:
    state = await target.open(clock)
    yield state
    await state.close()


class TestShared(Behaviour):
    """The behaviour suite, once on Redis and once on PostgreSQL."""


# --- several processes at once ---------------------------------------------------------

Mode = Literal["budget_full", "budget_less", "rpm", "tpm"]


async def _one(state: SharedState, mode: Mode, i: int) -> int:
    """One request; returns -1 when refused, else what it settled (µUSD, or tokens)."""
    if mode in ("rpm", "tpm"):
        limits = RateLimits(rpm=FITS) if mode == "rpm" else RateLimits(tpm=FITS * 100)
        grant = await state.acquire_rate([(KEY, limits), (Scope("deployment", "d"), RateLimits(rpm=10_000))], 100)
        return 100 if isinstance(grant, RateGrant) else -1
    r = await state.reserve(BUDGET, COST)
    if not isinstance(r, Reservation):
        return -1
    actual = 10_000 if mode == "budget_full" else 1_000 + (i * 7919) % 9_000  # never more than reserved
    await state.settle(r, actual / 1_000_000)
    return actual


def _hammer(target: Target, mode: Mode, start: Barrier, out: Queue[list[int]]) -> None:
    async def run() -> list[int]:
        state = await target.open()  # the real clock of the server: one clock for every process
        try:
            start.wait(60)
            return list(await asyncio.gather(*(_one(state, mode, i) for i in range(EACH))))
        finally:
            await state.close()

    out.put(asyncio.run(run()))


def _run_processes(target: Target, mode: Mode) -> list[int]:
    ctx = multiprocessing.get_context("spawn")
    start, out = ctx.Barrier(PROCESSES), ctx.Queue()
    procs = [ctx.Process(target=_hammer, args=(target, mode, start, out)) for _ in range(PROCESSES)]
    for p in procs:
        p.start()
    try:
        results = [x for _ in procs for x in out.get(timeout=120)]
    finally:
        for p in procs:
            p.join(30)
    assert [p.exitcode for p in procs] == [0] * PROCESSES
    assert len(results) == PROCESSES * EACH
    return results


@pytest.mark.parametrize("mode", ["budget_full", "rpm", "tpm"])
async def test_processes_at_once_admit_exactly_what_fits(target: Target, mode: Mode) -> None:
    results = _run_processes(target, mode)
    assert sum(r >= 0 for r in results) == FITS
    if mode == "budget_full":
        state = await target.open()
        try:
            spend = await state.spent(KEY)
        finally:
            await state.close()
        assert (spend.day.spent_micros, spend.day.reserved_micros) == (FITS * 10_000, 0)


async def test_processes_settling_less_than_reserved_never_overshoot(target: Target) -> None:
    results = _run_processes(target, "budget_less")
    state = await target.open()
    try:
        spend = await state.spent(KEY)
        team = await state.spent(Scope("team", "t"))
    finally:
        await state.close()
    settled = sum(r for r in results if r >= 0)
    assert sum(r >= 0 for r in results) > FITS  # settling below the reservation made room for more
    assert spend.day.spent_micros == settled == team.month.spent_micros  # every settle counted, once
    assert spend.day.spent_micros <= FITS * 10_000 and spend.day.reserved_micros == 0


def _reserve_and_crash(target: Target, now: float) -> None:
    async def run() -> None:
        fixed = start_clock()
        fixed.now = now
        state = await target.open(fixed)
        result = await state.reserve(BUDGET, COST * FITS, ttl_s=120)
        assert isinstance(result, Reservation)
        os._exit(17)  # dies holding the reservation: no settle, no release, no close

    asyncio.run(run())


async def test_a_crashed_process_holds_budget_only_until_its_reservation_expires(
    target: Target, clock: FakeClock
) -> None:
    proc = multiprocessing.get_context("spawn").Process(target=_reserve_and_crash, args=(target, clock.now))
    proc.start()
    proc.join(60)
    assert proc.exitcode == 17
    state = await target.open(clock)
    try:
        clock.advance(119)
        assert refused(await state.reserve(BUDGET, COST)).reserved_micros == FITS * 10_000
        clock.advance(1)
        ok(await state.reserve(BUDGET, COST * FITS))
    finally:
        await state.close()


# --- backend specifics -----------------------------------------------------------------


async def test_redis_reloads_its_scripts_after_a_flush(clock: FakeClock) -> None:
    prefix = f"orktest:{uuid.uuid4().hex[:12]}:"
    state = await RedisState.open(REDIS, prefix=prefix, clock=clock)
    admin = aioredis.from_url(REDIS)
    try:
        await state.settle(ok(await state.reserve([(KEY, BudgetLimits(day_usd=1))], 0.5)), 0.5)
        await admin.script_flush()  # as after a Redis restart: EVALSHA now answers NOSCRIPT
        await state.settle(ok(await state.reserve([(KEY, BudgetLimits(day_usd=1))], 0.5)), 0.5)
        refused(await state.reserve([(KEY, BudgetLimits(day_usd=1))], 0.5))
        # nothing is left to grow: no live reservation, and every key but the totals expires
        assert await admin.zcard(f"{prefix}rexp") == 0
        keys = [k.decode() async for k in admin.scan_iter(match=f"{prefix}*")]
        ttls = {k: await admin.ttl(k) for k in keys}
        assert ttls and all(ttl > 0 for k, ttl in ttls.items() if not k.endswith(":t")), ttls
    finally:
        await state.close()
        await admin.aclose()
        await _redis_clear(prefix)


async def test_unreachable_backends_raise_storage_errors() -> None:
    with pytest.raises(StorageError, match=r"Redis at redis://127\.0\.0\.1:1"):
        await RedisState.open("redis://127.0.0.1:1/0")
    with pytest.raises(StorageError, match=r"PostgreSQL at postgresql://nobody:\*\*\*@127\.0\.0\.1:1"):
        await PostgresState.open("postgresql://nobody:secret@127.0.0.1:1/x")


async def test_open_state_follows_the_settings(target: Target) -> None:
    if target.backend == "redis":
        settings = Settings.model_validate({"state": {"redis_url": target.url}, "storage": {"url": PG}})
    else:
        settings = Settings.model_validate({"storage": {"url": target.url}})
    assert state_backend(settings) == target.backend
    state = await open_state(settings)
    try:
        assert isinstance(state, RedisState if target.backend == "redis" else PostgresState)
    finally:
        await state.close()
    memory = Settings.model_validate({"storage": {"url": "sqlite:///x.db"}})
    assert state_backend(memory) == "memory" and isinstance(await open_state(memory), MemoryState)
