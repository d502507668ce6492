"""Shared circuit breakers on the real Redis: two boards stand for two processes (each with its own
connection pool), on one injected clock that serves as both their local clock and the Redis time."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis

from orkester.reliability.circuit_shared import SharedCircuitBoard
from orkester.settings import CircuitSettings
from orkester.state import RedisCircuitStore, RedisState, circuit_store
from tests.integration.test_budgets_shared import REDIS, _redis_clear
from tests.unit.state.suite import FakeClock, start_clock

DEP = "primary/gpt-a"
SETTINGS = CircuitSettings(window=4, min_requests=4, error_ratio=0.5, open_seconds=30, refresh_ms=250)


@pytest.fixture
def clock() -> FakeClock:
    return start_clock()


@pytest.fixture
async def boards(clock: FakeClock) -> AsyncIterator[tuple[SharedCircuitBoard, SharedCircuitBoard]]:
    prefix = f"orktest:{uuid.uuid4().hex[:12]}:"
    states = [await RedisState.open(REDIS, prefix=prefix, clock=clock) for _ in range(2)]
    made = [SharedCircuitBoard(SETTINGS, circuit_store(s), clock) for s in states]
    yield made[0], made[1]
    for board, state in zip(made, states, strict=True):
        await board.close()
        await state.close()
    await _redis_clear(prefix)


async def trip(board: SharedCircuitBoard) -> None:
    for _ in range(SETTINGS.min_requests):
        permit = await board.allow(DEP)
        assert permit is not None
        await permit.outcome(False)
    assert board.snapshot()[DEP]["state"] == "open"


async def test_a_circuit_opened_by_one_process_is_skipped_by_the_other(
    boards: tuple[SharedCircuitBoard, SharedCircuitBoard], clock: FakeClock
) -> None:
    a, b = boards
    assert await b.allow(DEP) is not None  # b has looked: closed
    await trip(a)
    clock.advance(0.2)
    assert await b.allow(DEP) is not None  # its view is younger than refresh_ms: trusted, no round trip
    clock.advance(0.05)
    assert await b.allow(DEP) is None  # read again: open
    assert b.snapshot()[DEP]["state"] == "open"
    clock.advance(SETTINGS.open_seconds - 0.3)
    assert await b.allow(DEP) is None and await a.allow(DEP) is None


async def test_half_open_probes_are_counted_across_processes(
    boards: tuple[SharedCircuitBoard, SharedCircuitBoard], clock: FakeClock
) -> None:
    a, b = boards
    await trip(a)
    assert await b.allow(DEP) is None
    clock.advance(SETTINGS.open_seconds)
    probe = await a.allow(DEP)
    assert probe is not None
    assert await b.allow(DEP) is None  # the one probe allowed is a's
    assert await a.allow(DEP) is None
    await probe.outcome(True)  # closes it for everyone
    assert a.snapshot()[DEP]["state"] == "closed" and await a.allow(DEP) is not None
    clock.advance(SETTINGS.refresh_ms / 1000)
    assert await b.allow(DEP) is not None
    assert b.snapshot()[DEP] == {"state": "closed", "recent_calls": 0, "recent_errors": 0}


async def test_a_failed_probe_opens_the_circuit_again_for_everyone(
    boards: tuple[SharedCircuitBoard, SharedCircuitBoard], clock: FakeClock
) -> None:
    a, b = boards
    await trip(a)
    clock.advance(SETTINGS.open_seconds)
    probe = await b.allow(DEP)
    assert probe is not None
    await probe.outcome(False)
    clock.advance(SETTINGS.open_seconds - 1)
    assert await a.allow(DEP) is None and await b.allow(DEP) is None
    clock.advance(1)
    assert await a.allow(DEP) is not None  # a full period after the failed probe: half-open again


async def test_a_probe_not_made_is_given_back_and_a_dead_process_lease_expires(
    boards: tuple[SharedCircuitBoard, SharedCircuitBoard], clock: FakeClock
) -> None:
    a, b = boards
    await trip(a)
    clock.advance(SETTINGS.open_seconds)
    probe = await a.allow(DEP)
    assert probe is not None
    probe.abandon()  # e.g. the deployment had no rate-limit room: the lease goes back (in the background)
    await a.close()  # waits for background releases
    clock.advance(SETTINGS.refresh_ms / 1000)
    taken = await b.allow(DEP)
    assert taken is not None  # b probes instead ...
    clock.advance(SETTINGS.refresh_ms / 1000)
    assert await a.allow(DEP) is None
    # ... and dies without an outcome: after the lease's time (open_seconds) another process may probe
    clock.advance(SETTINGS.open_seconds)
    assert await a.allow(DEP) is not None


async def test_tripping_an_open_circuit_keeps_its_end(
    boards: tuple[SharedCircuitBoard, SharedCircuitBoard], clock: FakeClock
) -> None:
    a, b = boards
    calls = [await b.allow(DEP) for _ in range(SETTINGS.min_requests)]  # b's calls under way
    await trip(a)
    clock.advance(0.1)
    for permit in calls:  # they fail too: b's own window opens the circuit, which is open already
        assert permit is not None
        await permit.outcome(False)
    assert b.snapshot()[DEP]["state"] == "open"
    clock.advance(SETTINGS.open_seconds - 0.1)  # the end is still a's
    assert b.snapshot()[DEP]["state"] == "half_open" and await b.allow(DEP) is not None


async def test_keys_are_named_by_prefix_and_deployment_and_expire(
    boards: tuple[SharedCircuitBoard, SharedCircuitBoard], clock: FakeClock
) -> None:
    a, _ = boards
    await trip(a)
    clock.advance(SETTINGS.open_seconds)
    assert await a.allow(DEP) is not None
    store = a.store
    assert isinstance(store, RedisCircuitStore)
    admin = aioredis.from_url(REDIS, decode_responses=True)
    try:
        keys = sorted([k async for k in admin.scan_iter(match=f"{store.prefix}*")])
        assert keys == [f"{store.prefix}c:{DEP}", f"{store.prefix}cp:{DEP}"]
        assert all(ttl > 0 for ttl in [await admin.ttl(k) for k in keys])
    finally:
        await admin.aclose()


async def test_an_unreachable_redis_leaves_each_process_to_its_own_view(clock: FakeClock) -> None:
    state = RedisState("redis://127.0.0.1:1/0", clock=clock)  # nothing listens there
    board = SharedCircuitBoard(SETTINGS, RedisCircuitStore.of(state), clock)
    try:
        await trip(board)  # the trip cannot be shared; it holds here
        assert await board.allow(DEP) is None
        clock.advance(SETTINGS.open_seconds)
        probe = await board.allow(DEP)
        assert probe is not None and await board.allow(DEP) is None  # one probe, counted locally
        await probe.outcome(True)
        assert board.snapshot()[DEP]["state"] == "closed"
    finally:
        await state.close()
