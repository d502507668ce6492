"""A circuit breaker per deployment.

Closed: calls flow; the last ``window`` outcomes are kept. When at least ``min_requests``
are recorded and the error share reaches ``error_ratio`` the circuit opens: the deployment
is skipped for ``open_seconds``. Then it is half-open: ``half_open_probes`` calls are let
through; a success closes it, a failure opens it again.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Literal

from ..settings import CircuitSettings

State = Literal["closed", "open", "half_open"]


class CircuitBreaker:
    __slots__ = ("_clock", "_failures", "_opened_at", "_outcomes", "_probes", "settings")

    def __init__(self, settings: CircuitSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self._clock = clock
        self._outcomes: deque[bool] = deque(maxlen=settings.window)
        self._failures = 0
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
        state = self.state
        if state == "closed":
            return True
        if state == "open":
            return False
        if self._probes < self.settings.half_open_probes:
            self._probes += 1
            return True
        return False

    def record(self, ok: bool) -> None:
        if self._opened_at is not None:
            # Only a probe's outcome reaches here while not closed.
            if ok:
                self._reset()
            else:
                self._opened_at = self._clock()
                self._probes = 0
            return
        if len(self._outcomes) == self._outcomes.maxlen and not self._outcomes[0]:
            self._failures -= 1
        self._outcomes.append(ok)
        if not ok:
            self._failures += 1
        n = len(self._outcomes)
        if n >= self.settings.min_requests and self._failures / n >= self.settings.error_ratio:
            self._opened_at = self._clock()
            self._probes = 0

    def _reset(self) -> None:
        self._opened_at = None
        self._probes = 0
        self._outcomes.clear()
        self._failures = 0

    def snapshot(self) -> dict[str, object]:
        n = len(self._outcomes)
        return {"state": self.state, "recent_calls": n, "recent_errors": self._failures}


class CircuitBoard:
    """The breakers of every deployment, created on first use."""

    def __init__(self, settings: CircuitSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self._clock = clock
        self._breakers: dict[str, CircuitBreaker] = {}

    def get(self, key: str) -> CircuitBreaker:
        b = self._breakers.get(key)
        if b is None:
            b = self._breakers[key] = CircuitBreaker(self.settings, self._clock)
        return b

    def snapshot(self) -> dict[str, dict[str, object]]:
        return {k: b.snapshot() for k, b in sorted(self._breakers.items())}
