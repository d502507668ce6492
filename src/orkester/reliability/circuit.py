"""A circuit breaker per deployment.

Closed: calls flow; the last ``window`` outcomes are kept. When at least ``min_requests``
are recorded and the error share reaches ``error_ratio`` the circuit opens: the deployment
is skipped for ``open_seconds``. Then it is half-open: ``half_open_probes`` calls are let
through; a success closes it, a failure opens it again.

:class:`CircuitBoard` keeps the breakers in this process's memory. Execution speaks to a board
through :class:`Circuits` (``allow`` → a :class:`Permit` → its outcomes), so the board that shares
circuit state between replicas (:mod:`.circuit_shared`, Redis) plugs in where this one goes.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Literal, Protocol

from ..settings import CircuitSettings

State = Literal["closed", "open", "half_open"]


class Permit(Protocol):
    """Leave to call a deployment, given by :meth:`Circuits.allow`."""

    async def outcome(self, ok: bool) -> None:
        """Record how one call under this permit went (retries on the same permit record each attempt)."""
        ...

    def abandon(self) -> None:
        """The call was not made after all (no rate-limit room, or cancelled): give back a half-open probe."""
        ...


class Circuits(Protocol):
    """Every deployment's circuit: :class:`CircuitBoard` (this process) or
    :class:`~.circuit_shared.SharedCircuitBoard` (every process on one Redis)."""

    async def allow(self, key: str) -> Permit | None:
        """A permit to call deployment ``key``, or None while its circuit is open."""
        ...

    def snapshot(self) -> dict[str, dict[str, object]]: ...

    async def close(self) -> None: ...


class OutcomeWindow:
    """The last ``window`` outcomes of a closed circuit, and whether they call for opening it."""

    __slots__ = ("_outcomes", "failures", "settings")

    def __init__(self, settings: CircuitSettings) -> None:
        self.settings = settings
        self._outcomes: deque[bool] = deque(maxlen=settings.window)
        self.failures = 0

    def __len__(self) -> int:
        return len(self._outcomes)

    def add(self, ok: bool) -> bool:
        """Keep one outcome; True when the window now holds enough errors to open the circuit."""
        if len(self._outcomes) == self._outcomes.maxlen and not self._outcomes[0]:
            self.failures -= 1
        self._outcomes.append(ok)
        if not ok:
            self.failures += 1
        n = len(self._outcomes)
        return n >= self.settings.min_requests and self.failures / n >= self.settings.error_ratio

    def clear(self) -> None:
        self._outcomes.clear()
        self.failures = 0


class CircuitBreaker:
    __slots__ = ("_clock", "_opened_at", "_probes", "_window", "settings")

    def __init__(self, settings: CircuitSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self._clock = clock
        self._window = OutcomeWindow(settings)
        self._opened_at: float | None = None
        self._probes = 0

    @property
    def state(self) -> State:
        if self._opened_at is None:
            return "closed"
        if self._clock() - self._opened_at >= self.settings.open_seconds:
            return "half_open"
        return "open"

    def allow(self) -> bool:
        return self.admit() is not None

    def admit(self) -> bool | None:
        """None: refused (open, or every half-open probe taken); True: let through as a half-open
        probe; False: let through, the circuit is closed."""
        state = self.state
        if state == "closed":
            return False
        if state == "open":
            return None
        if self._probes < self.settings.half_open_probes:
            self._probes += 1
            return True
        return None

    def record(self, ok: bool) -> None:
        if self._opened_at is not None:
            # Only a probe's outcome reaches here while not closed.
            if ok:
                self._reset()
            else:
                self._opened_at = self._clock()
                self._probes = 0
            return
        if self._window.add(ok):
            self._opened_at = self._clock()
            self._probes = 0

    def _reset(self) -> None:
        self._opened_at = None
        self._probes = 0
        self._window.clear()

    def give_back_probe(self) -> None:
        """A probe :meth:`admit` let through was not made: another request may probe instead."""
        if self._probes and self.state == "half_open":
            self._probes -= 1

    def snapshot(self) -> dict[str, object]:
        return {"state": self.state, "recent_calls": len(self._window), "recent_errors": self._window.failures}


class LocalPermit:
    __slots__ = ("_breaker", "_probe")

    def __init__(self, breaker: CircuitBreaker, probe: bool) -> None:
        self._breaker = breaker
        self._probe = probe

    async def outcome(self, ok: bool) -> None:
        self._probe = False
        self._breaker.record(ok)

    def abandon(self) -> None:
        if self._probe:
            self._probe = False
            self._breaker.give_back_probe()


class CircuitBoard:
    """The breakers of every deployment, created on first use; in this process only."""

    def __init__(self, settings: CircuitSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self._clock = clock
        self._breakers: dict[str, CircuitBreaker] = {}

    def get(self, key: str) -> CircuitBreaker:
        b = self._breakers.get(key)
        if b is None:
            b = self._breakers[key] = CircuitBreaker(self.settings, self._clock)
        return b

    async def allow(self, key: str) -> LocalPermit | None:
        b = self.get(key)
        probe = b.admit()
        return None if probe is None else LocalPermit(b, probe)

    def snapshot(self) -> dict[str, dict[str, object]]:
        return {k: b.snapshot() for k, b in sorted(self._breakers.items())}

    async def close(self) -> None:
        return None
