"""What every shared-state backend must do, written once: subclasses provide a ``state`` fixture
built on the ``clock`` fixture (memory here; Redis and PostgreSQL in tests/integration)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from orkester.accounting import BudgetLimits, BudgetRefusal, RateGrant, RateLimits, RateRefusal, Reservation, Scope
from orkester.accounting.budgets import RateUsage, SharedState

KEY, TEAM, DEP = Scope("key", "k-1"), Scope("team", "research"), Scope("deployment", "openai/gpt-4o")
NONE = BudgetLimits()


class FakeClock:
    def __init__(self, when: datetime) -> None:
        self.now = when.timestamp()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def set(self, when: datetime) -> None:
        self.now = when.timestamp()


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def ok(result: Reservation | BudgetRefusal) -> Reservation:
    assert isinstance(result, Reservation), getattr(result, "message", result)
    return result


def refused(result: Reservation | BudgetRefusal) -> BudgetRefusal:
    assert isinstance(result, BudgetRefusal), result
    return result


def granted(result: RateGrant | RateRefusal) -> RateGrant:
    assert isinstance(result, RateGrant), getattr(result, "message", result)
    return result


def limited(result: RateGrant | RateRefusal) -> RateRefusal:
    assert isinstance(result, RateRefusal), result
    return result


def start_clock() -> FakeClock:
    return FakeClock(at(2025, 3, 14, 12, 0, 0))


class BudgetBehaviour:
    async def test_reserve_settle_records_actual_and_releases_the_rest(self, state: SharedState) -> None:
        day = [(KEY, BudgetLimits(day_usd=1.0))]
        r = ok(await state.reserve(day, 1.0))
        assert (await state.spent(KEY)).day.reserved_micros == 1_000_000
        refused(await state.reserve(day, 0.000001))
        await state.settle(r, 0.25)
        spend = await state.spent(KEY)
        assert (spend.day.spent_micros, spend.day.reserved_micros) == (250_000, 0)
        assert (spend.month.spent_micros, spend.total.spent_micros) == (250_000, 250_000)
        ok(await state.reserve(day, 0.75))
        refused(await state.reserve(day, 0.000001))

    async def test_refusal_names_the_first_scope_and_window_that_does_not_fit(self, state: SharedState) -> None:
        ok(await state.reserve([(TEAM, BudgetLimits(month_usd=5.0))], 4.5))
        limits = [(KEY, BudgetLimits(day_usd=10.0)), (TEAM, BudgetLimits(day_usd=10.0, month_usd=5.0))]
        no = refused(await state.reserve(limits, 0.6))
        assert (no.scope, no.window) == (TEAM, "month")
        numbers = (no.limit_micros, no.spent_micros, no.reserved_micros, no.amount_micros)
        assert numbers == (5_000_000, 0, 4_500_000, 600_000)
        assert no.period == "2025-03"
        assert "team 'research'" in no.message and "monthly budget of $5.00" in no.message
        assert "$4.50 reserved" in no.message and "resets at 2025-04-01 00:00 UTC" in no.message

    async def test_all_or_nothing_across_scopes(self, state: SharedState) -> None:
        ok(await state.reserve([(TEAM, BudgetLimits(total_usd=1.0))], 0.9))
        refused(await state.reserve([(KEY, BudgetLimits(total_usd=1.0)), (TEAM, BudgetLimits(total_usd=1.0))], 0.2))
        assert (await state.spent(KEY)).total.reserved_micros == 0  # the key kept nothing of the refused request

    async def test_settle_and_release_are_idempotent_and_final(self, state: SharedState) -> None:
        r = ok(await state.reserve([(KEY, NONE)], 0.5))
        await state.settle(r, 0.3)
        await state.settle(r, 0.3)
        await state.release(r)
        assert (await state.spent(KEY)).total.spent_micros == 300_000
        r2 = ok(await state.reserve([(KEY, NONE)], 0.5))
        await state.release(r2)
        await state.settle(r2, 0.4)  # a settle after the release records nothing
        spend = await state.spent(KEY)
        assert (spend.total.spent_micros, spend.total.reserved_micros) == (300_000, 0)

    async def test_micro_dollars_do_not_drift(self, state: SharedState) -> None:
        limits = [(KEY, BudgetLimits(day_usd=0.3))]
        for _ in range(3):  # 0.1 + 0.1 + 0.1 > 0.3 in floats
            await state.settle(ok(await state.reserve(limits, 0.1)), 0.1)
        refused(await state.reserve(limits, 0.000001))
        assert (await state.spent(KEY)).day.spent_micros == 300_000

    async def test_expired_reservation_stops_counting_and_a_late_settle_still_counts(
        self, state: SharedState, clock: FakeClock
    ) -> None:
        limits = [(KEY, BudgetLimits(day_usd=1.0))]
        lost = ok(await state.reserve(limits, 1.0, ttl_s=30))  # its process "dies" without settling
        assert lost.expires_at == pytest.approx(clock.now + 30)
        clock.advance(29.9)
        refused(await state.reserve(limits, 0.5))
        clock.advance(0.2)
        assert (await state.spent(KEY)).day.reserved_micros == 0
        r = ok(await state.reserve(limits, 0.5))
        await state.settle(lost, 0.2)  # the answer did arrive: what it cost is recorded
        await state.settle(lost, 0.2)
        spend = await state.spent(KEY)
        assert (spend.day.spent_micros, spend.day.reserved_micros) == (200_000, 500_000)
        await state.release(r)
        ok(await state.reserve(limits, 0.8))
        refused(await state.reserve(limits, 0.000001))

    async def test_day_and_month_windows_are_utc(self, state: SharedState, clock: FakeClock) -> None:
        clock.set(at(2024, 12, 31, 23, 59, 59))
        limits = [(KEY, BudgetLimits(day_usd=1.5, month_usd=1.5, total_usd=2.0))]
        r = ok(await state.reserve(limits, 1.0))
        assert (r.day, r.month) == (20088, 2024 * 12 + 11)
        spend = await state.spent(KEY)
        assert (spend.day.period, spend.month.period) == ("2024-12-31", "2024-12")
        clock.set(at(2025, 1, 1, 0, 0, 1))
        await state.settle(r, 1.0)  # counted in the windows it was reserved in
        spend = await state.spent(KEY)
        assert (spend.day.period, spend.month.period, spend.total.period) == ("2025-01-01", "2025-01", "all time")
        assert (spend.day.spent_micros, spend.month.spent_micros, spend.total.spent_micros) == (0, 0, 1_000_000)
        await state.settle(ok(await state.reserve(limits, 1.0)), 1.0)
        no = refused(await state.reserve(limits, 0.5))  # day and month fit; the total does not
        assert (no.window, no.spent_micros, no.retry_after_s) == ("total", 2_000_000, None)

    async def test_month_boundaries_match_the_calendar(self, state: SharedState, clock: FakeClock) -> None:
        for when, label in [
            (at(2024, 2, 29, 23, 0), "2024-02"),
            (at(2024, 3, 1, 0, 0), "2024-03"),
            (at(2000, 2, 29, 12, 0), "2000-02"),
            (at(2100, 3, 1, 0, 0), "2100-03"),
            (at(2038, 1, 19, 3, 14, 8), "2038-01"),
        ]:
            clock.set(when)
            assert (await state.spent(KEY)).month.period == label
            assert (await state.spent(KEY)).day.period == when.date().isoformat()

    async def test_month_limit_adds_up_days(self, state: SharedState, clock: FakeClock) -> None:
        limits = [(KEY, BudgetLimits(day_usd=1.0, month_usd=1.5))]
        await state.settle(ok(await state.reserve(limits, 1.0)), 1.0)
        clock.advance(86_400)
        no = refused(await state.reserve(limits, 0.6))
        assert (no.window, no.spent_micros) == ("month", 1_000_000)
        ok(await state.reserve(limits, 0.5))

    async def test_a_settle_above_the_reservation_is_recorded_in_full(self, state: SharedState) -> None:
        limits = [(KEY, BudgetLimits(day_usd=1.0))]
        await state.settle(ok(await state.reserve(limits, 0.5)), 1.2)  # the money was spent: the truth is kept
        no = refused(await state.reserve(limits, 0.0))
        assert (no.spent_micros, no.limit_micros) == (1_200_000, 1_000_000)

    async def test_no_scopes_reserves_nothing(self, state: SharedState) -> None:
        r = ok(await state.reserve([], 5.0))
        assert r.scopes == ()
        await state.settle(r, 5.0)
        granted(await state.acquire_rate([], 10))

    async def test_scopes_without_limits_are_still_counted(self, state: SharedState) -> None:
        await state.settle(ok(await state.reserve([(KEY, NONE), (DEP, NONE)], 2.0)), 1.5)
        assert (await state.spent(DEP)).total.spent_micros == 1_500_000
        assert (await state.spent(Scope("key", "other"))).total.spent_micros == 0


class RateBehaviour:
    async def test_rpm_is_a_sliding_minute(self, state: SharedState, clock: FakeClock) -> None:
        limits = [(KEY, RateLimits(rpm=3))]
        for _ in range(3):
            granted(await state.acquire_rate(limits, 0))
            clock.advance(10)
        no = limited(await state.acquire_rate(limits, 0))
        assert (no.limit, no.limit_value, no.used, no.retry_after_s) == ("rpm", 3, 3, pytest.approx(30))
        assert "key 'k-1'" in no.message and "3 requests per minute" in no.message and "30.0 s" in no.message
        clock.advance(29.999)
        limited(await state.acquire_rate(limits, 0))
        clock.advance(0.001)  # the first request is now exactly 60 s old: out of the window
        granted(await state.acquire_rate(limits, 0))
        limited(await state.acquire_rate(limits, 0))

    async def test_tpm_counts_estimates_and_settles_to_actual(self, state: SharedState, clock: FakeClock) -> None:
        limits = [(KEY, RateLimits(tpm=1000))]
        first = granted(await state.acquire_rate(limits, 400))
        clock.advance(5)
        granted(await state.acquire_rate(limits, 400))
        no = limited(await state.acquire_rate(limits, 400))
        assert (no.limit, no.used, no.requested, no.retry_after_s) == ("tpm", 800, 400, pytest.approx(55))
        await state.settle_tokens(first, 100)  # it used fewer tokens than estimated
        await state.settle_tokens(first, 100)
        granted(await state.acquire_rate(limits, 500))
        limited(await state.acquire_rate(limits, 1))

    async def test_request_larger_than_tpm_is_told_it_never_fits(self, state: SharedState) -> None:
        no = limited(await state.acquire_rate([(KEY, RateLimits(tpm=1000))], 1001))
        assert no.retry_after_s == 60 and "can never be admitted" in no.message

    async def test_rate_all_or_nothing_across_scopes(self, state: SharedState) -> None:
        key = (KEY, RateLimits(rpm=2))
        granted(await state.acquire_rate([key, (DEP, RateLimits(rpm=1))], 0))
        no = limited(await state.acquire_rate([key, (DEP, RateLimits(rpm=1))], 0))
        assert no.scope == DEP
        granted(await state.acquire_rate([key], 0))  # the refused request did not count against the key
        limited(await state.acquire_rate([key], 0))

    async def test_rate_scopes_without_limits_are_not_counted(self, state: SharedState) -> None:
        grant = granted(await state.acquire_rate([(KEY, RateLimits()), (TEAM, RateLimits(rpm=1))], 10))
        assert grant.scopes == (TEAM,)
        granted(await state.acquire_rate([(KEY, RateLimits(rpm=1))], 10))

    async def test_zero_rpm_refuses_everything(self, state: SharedState) -> None:
        no = limited(await state.acquire_rate([(KEY, RateLimits(rpm=0))], 0))
        assert no.retry_after_s == 60

    async def test_rate_usage_reads_the_sliding_minute(self, state: SharedState, clock: FakeClock) -> None:
        assert await state.rate_usage(DEP) == RateUsage(0, 0)
        limits = [(DEP, RateLimits(rpm=10, tpm=1000))]
        first = granted(await state.acquire_rate(limits, 300))
        clock.advance(30)
        granted(await state.acquire_rate(limits, 200))
        await state.settle_tokens(first, 100)
        assert await state.rate_usage(DEP) == RateUsage(2, 300)
        clock.advance(30)  # the first is exactly 60 s old: out of the window, though not yet pruned
        assert await state.rate_usage(DEP) == RateUsage(1, 200)
        assert await state.rate_usage(KEY) == RateUsage(0, 0)


class Behaviour(BudgetBehaviour, RateBehaviour):
    pass
