"""The shared board's own logic against stores plugged in where Redis goes (tests/integration has it on Redis)."""

from __future__ import annotations

import asyncio
import logging

import pytest

from orkester.errors import StorageError
from orkester.gateway import build_gateway
from orkester.reliability.circuit import CircuitBoard
from orkester.reliability.circuit_shared import SharedCircuitBoard, SharedView
from orkester.settings import CircuitSettings, validate_settings
from tests.unit.reliability.test_circuit import Clock

SETTINGS = CircuitSettings(window=4, min_requests=4, error_ratio=0.5, open_seconds=30, refresh_ms=250)


class Closed:
    """A store whose circuits are always closed; counts the reads, which can be held back."""

    def __init__(self) -> None:
        self.reads = 0
        self.reading = asyncio.Event()
        self.gate = asyncio.Event()
        self.gate.set()

    async def read(self, key: str) -> SharedView:
        self.reads += 1
        self.reading.set()
        await self.gate.wait()
        return SharedView(None)

    async def trip(self, key: str, open_s: float) -> SharedView:
        return SharedView(open_s, True)

    async def probe(self, key: str, lease: str, ttl_s: float, limit: int) -> SharedView:
        raise AssertionError("no probe expected")

    async def probe_done(self, key: str, lease: str, ok: bool, open_s: float) -> SharedView:
        raise AssertionError("no probe expected")

    async def release(self, key: str, lease: str) -> None:
        raise AssertionError("no probe expected")


class Unreachable(Closed):
    async def read(self, key: str) -> SharedView:
        raise StorageError("Redis at redis://127.0.0.1:1: connection refused")

    async def trip(self, key: str, open_s: float) -> SharedView:
        return await self.read(key)

    async def probe(self, key: str, lease: str, ttl_s: float, limit: int) -> SharedView:
        return await self.read(key)

    async def probe_done(self, key: str, lease: str, ok: bool, open_s: float) -> SharedView:
        return await self.read(key)


async def test_a_closed_circuit_is_read_at_most_once_per_refresh_interval() -> None:
    clock, store = Clock(), Closed()
    board = SharedCircuitBoard(SETTINGS, store, clock)
    for _ in range(100):
        permit = await board.allow("a/x")
        assert permit is not None
        await permit.outcome(True)  # ordinary outcomes go nowhere
    assert store.reads == 1
    clock.now += 0.25
    assert await board.allow("a/x") is not None and store.reads == 2


async def test_requests_arriving_during_a_read_share_it() -> None:
    store = Closed()
    store.gate.clear()
    board = SharedCircuitBoard(SETTINGS, store, Clock())
    waiting = [asyncio.create_task(board.allow("a/x")) for _ in range(20)]
    await store.reading.wait()  # the first request's read is under way; the others arrive meanwhile
    store.gate.set()
    assert all(p is not None for p in await asyncio.gather(*waiting))
    assert store.reads == 1


async def test_without_a_store_it_decides_like_the_memory_board() -> None:
    clock = Clock()
    shared, memory = SharedCircuitBoard(SETTINGS, None, clock), CircuitBoard(SETTINGS, clock)
    outcomes = [True, True, True, False, False]  # the window of 4 opens at the last: 2 of 4 failed
    for ok in outcomes:
        for board in (shared, memory):
            permit = await board.allow("a/x")
            assert permit is not None
            await permit.outcome(ok)
    assert shared.snapshot() == memory.snapshot()
    assert shared.snapshot()["a/x"]["state"] == "open"
    clock.now += 30
    probe = await shared.allow("a/x")
    assert probe is not None and await shared.allow("a/x") is None
    await probe.outcome(True)
    assert shared.snapshot()["a/x"] == {"state": "closed", "recent_calls": 0, "recent_errors": 0}


async def test_an_unreachable_store_is_logged_once_and_the_local_view_decides(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    board = SharedCircuitBoard(SETTINGS, Unreachable(), clock)
    with caplog.at_level(logging.WARNING, logger="orkester.circuit"):
        for _ in range(4):
            permit = await board.allow("a/x")
            assert permit is not None
            await permit.outcome(False)
        assert await board.allow("a/x") is None
        clock.now += 30
        probe = await board.allow("a/x")
        assert probe is not None and await board.allow("a/x") is None
        await probe.outcome(False)
        assert board.snapshot()["a/x"]["state"] == "open"
    assert [r.getMessage().split(",")[0] for r in caplog.records] == ["shared circuit state unavailable"]


def test_the_gateway_shares_circuits_only_through_redis() -> None:
    base = {"use_builtin_catalog": False, "guardrails": {"enabled": False}}
    shared = build_gateway(validate_settings({**base, "state": {"redis_url": "redis://127.0.0.1:6379/0"}}), env={})
    assert isinstance(shared.circuits, SharedCircuitBoard) and shared.circuits.store is None  # attached by start
    for storage in ("memory://", "postgresql://u@127.0.0.1:5432/db"):
        gw = build_gateway(validate_settings({**base, "storage": {"url": storage}}), env={})
        assert type(gw.circuits) is CircuitBoard
