"""The shared-state behaviour on the in-process backend, and what only it does."""

from __future__ import annotations

import asyncio

import pytest

from orkester.accounting import BudgetLimits, RateLimits, Reservation, Scope
from orkester.state import MemoryState
from tests.unit.state.suite import KEY, NONE, Behaviour, FakeClock, granted, ok, refused


@pytest.fixture
def state(clock: FakeClock) -> MemoryState:
    return MemoryState(clock)


class TestMemory(Behaviour):
    pass


async def test_a_settle_later_than_a_day_after_expiry_is_forgotten(state: MemoryState, clock: FakeClock) -> None:
    r = ok(await state.reserve([(KEY, NONE)], 1.0, ttl_s=10))
    clock.advance(10 + 86_400 + 1)
    await state.spent(KEY)  # any call sweeps
    await state.settle(r, 1.0)
    assert (await state.spent(KEY)).total.spent_micros == 0


async def test_concurrent_coroutines_never_overshoot() -> None:
    state = MemoryState()
    limits = [(KEY, BudgetLimits(day_usd=1.0))]

    async def one() -> bool:
        r = await state.reserve(limits, 0.01)
        await asyncio.sleep(0)  # a yield point: the others run between this reserve and its settle
        if isinstance(r, Reservation):
            await state.settle(r, 0.01)
        return isinstance(r, Reservation)

    results = await asyncio.gather(*(one() for _ in range(300)))
    assert sum(results) == 100
    assert (await state.spent(KEY)).day.spent_micros == 1_000_000


async def test_arguments_are_checked(state: MemoryState) -> None:
    with pytest.raises(ValueError, match="twice"):
        await state.reserve([(KEY, NONE), (KEY, BudgetLimits(day_usd=1))], 0.1)
    with pytest.raises(ValueError, match="non-negative"):
        await state.reserve([(KEY, NONE)], -0.1)
    with pytest.raises(ValueError, match="ttl_s"):
        await state.reserve([(KEY, NONE)], 0.1, ttl_s=0)
    with pytest.raises(ValueError, match="tokens"):
        await state.acquire_rate([(KEY, RateLimits(rpm=1))], -1)
    grant = granted(await state.acquire_rate([(KEY, RateLimits(rpm=1))], 1))
    with pytest.raises(ValueError, match="actual_tokens"):
        await state.settle_tokens(grant, -1)
    with pytest.raises(ValueError, match="scope"):
        Scope("", "x")
    with pytest.raises(ValueError, match="rpm"):
        RateLimits(rpm=-1)


async def test_a_refused_reservation_changes_nothing(state: MemoryState) -> None:
    refused(await state.reserve([(KEY, BudgetLimits(total_usd=0.5))], 0.6))
    spend = await state.spent(KEY)
    assert (spend.total.spent_micros, spend.total.reserved_micros) == (0, 0)
