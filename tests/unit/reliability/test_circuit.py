from __future__ import annotations

from orkester.reliability.circuit import CircuitBoard, CircuitBreaker
from orkester.settings import CircuitSettings


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def breaker(clock: Clock, **kw: float) -> CircuitBreaker:
    settings = CircuitSettings.model_validate(
        {"window": 10, "min_requests": 4, "error_ratio": 0.5, "open_seconds": 30, **kw}
    )
    return CircuitBreaker(settings, clock)


def state(b: CircuitBreaker) -> str:
    """The state now (a function call, so a type checker does not carry one assert's answer to the next)."""
    return b.state


def test_stays_closed_below_min_requests_even_if_all_fail() -> None:
    b = breaker(Clock())
    for _ in range(3):
        b.record(False)
    assert state(b) == "closed" and b.allow()


def test_opens_on_error_ratio_and_skips_calls() -> None:
    b = breaker(Clock())
    for ok in (True, False, True, False):
        b.record(ok)
    assert state(b) == "open"
    assert not b.allow()


def test_half_open_lets_one_probe_and_success_closes() -> None:
    clock = Clock()
    b = breaker(clock)
    for _ in range(4):
        b.record(False)
    clock.now += 30
    assert state(b) == "half_open"
    assert b.allow() is True
    assert b.allow() is False  # only one probe at a time
    b.record(True)
    assert state(b) == "closed"
    assert b.snapshot()["recent_calls"] == 0


def test_failed_probe_reopens_for_a_full_period() -> None:
    clock = Clock()
    b = breaker(clock)
    for _ in range(4):
        b.record(False)
    clock.now += 31
    assert b.allow()
    b.record(False)
    assert state(b) == "open"
    clock.now += 29
    assert state(b) == "open"
    clock.now += 1
    assert state(b) == "half_open"


def test_window_forgets_old_failures() -> None:
    b = breaker(Clock(), window=4, min_requests=4, error_ratio=0.75)
    for ok in (False, False, True, True):
        b.record(ok)
    assert state(b) == "closed"
    for _ in range(2):
        b.record(True)  # the two failures slide out of the window
    assert b.snapshot()["recent_errors"] == 0
    b.record(False)
    b.record(False)
    assert state(b) == "closed"  # 2 of 4 < 0.75
    b.record(False)
    assert state(b) == "open"  # 3 of 4


def test_board_keeps_one_breaker_per_deployment() -> None:
    board = CircuitBoard(CircuitSettings(min_requests=1, error_ratio=1.0))
    board.get("a/x").record(False)
    assert board.get("a/x") is board.get("a/x")
    assert board.snapshot()["a/x"]["state"] == "open"
    assert board.get("b/y").state == "closed"


async def test_board_permits_record_outcomes_as_the_breaker_does() -> None:
    clock = Clock()
    board = CircuitBoard(CircuitSettings(min_requests=2, error_ratio=0.5, open_seconds=30), clock)
    for _ in range(2):
        permit = await board.allow("a/x")
        assert permit is not None
        await permit.outcome(False)
    assert await board.allow("a/x") is None
    clock.now += 30
    probe = await board.allow("a/x")
    assert probe is not None and await board.allow("a/x") is None
    await probe.outcome(True)
    assert board.snapshot()["a/x"]["state"] == "closed"


async def test_a_probe_not_made_is_given_back_once() -> None:
    clock = Clock()
    board = CircuitBoard(CircuitSettings(min_requests=1, error_ratio=1.0, open_seconds=30), clock)
    board.get("a/x").record(False)
    clock.now += 30
    probe = await board.allow("a/x")
    assert probe is not None
    probe.abandon()
    probe.abandon()  # twice is once
    again = await board.allow("a/x")
    assert again is not None and await board.allow("a/x") is None  # still one probe at a time
    plain = await CircuitBoard(CircuitSettings()).allow("a/x")
    assert plain is not None
    plain.abandon()  # a closed circuit's permit has no probe to give back


def test_admit_says_whether_a_call_is_a_probe() -> None:
    clock = Clock()
    b = breaker(clock)
    assert b.admit() is False  # closed: let through, not a probe
    for _ in range(4):
        b.record(False)
    assert b.admit() is None
    clock.now += 30
    assert b.admit() is True and b.admit() is None
    b.give_back_probe()
    assert b.admit() is True
