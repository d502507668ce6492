"""Scrape-time readings: budgets of the keys and teams seen, deployments' rate windows, and what a
scrape shows when the shared state cannot be read (nothing stale)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, generate_latest

from orkester.accounting import BudgetLimits, RateLimits, Reservation, Scope
from orkester.errors import StorageError
from orkester.keys.model import Principal
from orkester.keys.model import Scope as KeyScope
from orkester.observability.collectors import BudgetCollector, CapacityCollector
from orkester.observability.scrape import StateReadings
from orkester.reliability.live import LiveStats
from orkester.settings import Deployment
from orkester.state import MemoryState

DEP = Deployment(provider="sim", model="ok", rpm=10, tpm=1000, max_concurrency=4)


def principal(day: float | None = 1.0) -> Principal:
    scopes = (KeyScope("key", "k1", budget_total_usd=2.0), KeyScope("team", "t1", budget_day_usd=day))
    return Principal("k1", "bot", "t1", "support", None, None, None, scopes)


def render(readings: StateReadings, live: LiveStats | None = None) -> str:
    r = CollectorRegistry()
    r.register(BudgetCollector(readings))
    r.register(CapacityCollector(live or LiveStats(), [DEP], readings))
    return generate_latest(r).decode()


async def test_budgets_and_rate_windows_are_read_from_the_shared_state() -> None:
    state = MemoryState()
    readings = StateReadings([DEP, DEP])
    readings.seen(principal())
    held = await state.reserve([(Scope("team", "t1"), BudgetLimits(day_usd=1.0))], 0.25)
    assert isinstance(held, Reservation)  # reserved counts against what is left
    await state.acquire_rate([(Scope("deployment", "sim/ok"), RateLimits(rpm=10, tpm=1000))], 100)
    live = LiveStats()
    live.get("sim/ok").in_flight = 2
    live.get("sim/typed-by-a-caller").in_flight = 1
    await readings.refresh(state)
    text = render(readings, live)
    assert 'orkester_budget_remaining_usd{id="t1",name="support",scope="team",window="day"} 0.75' in text
    assert 'orkester_budget_remaining_usd{id="k1",name="bot",scope="key",window="total"} 2.0' in text
    assert 'orkester_deployment_rate_used{limit="rpm",model="ok",provider="sim"} 1.0' in text
    assert 'orkester_deployment_rate_headroom_ratio{limit="tpm",model="ok",provider="sim"} 0.9' in text
    assert 'orkester_deployment_capacity_used_ratio{model="ok",provider="sim"} 0.5' in text
    assert 'orkester_upstream_in_flight{model="other",provider="sim"} 1.0' in text
    assert "typed-by-a-caller" not in text


async def test_changed_limits_replace_the_old_ones() -> None:
    readings = StateReadings([])
    readings.seen(principal(day=1.0))
    readings.seen(principal(day=3.0))
    await readings.refresh(MemoryState())
    assert 'window="day"} 3.0' in render(readings)


class Unreachable(MemoryState):
    async def spent(self, scope: Scope) -> object:  # type: ignore[override]
        raise StorageError("Redis at redis://x: connection refused")


async def test_an_unreachable_state_leaves_the_gauges_out() -> None:
    readings = StateReadings([DEP])
    readings.seen(principal())
    await readings.refresh(MemoryState())
    assert "orkester_budget_remaining_usd{" in render(readings)
    await readings.refresh(Unreachable())
    text = render(readings)
    assert "orkester_budget_remaining_usd{" not in text and "orkester_deployment_rate_used{" not in text
