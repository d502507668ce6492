"""What each deployment is doing right now: calls in flight and smoothed latencies.

Execution updates it on every upstream call; routing reads it to steer away from a
deployment that is saturated or too slow for a request's deadline before it fails.
Per process, like the circuit breakers.
"""

from __future__ import annotations

from dataclasses import dataclass

#: weight of the newest observation in the moving averages
_ALPHA = 0.2


@dataclass(slots=True)
class DeploymentLive:
    in_flight: int = 0
    latency_s: float | None = None
    ttft_s: float | None = None
    calls: int = 0

    def observe(self, seconds: float, *, first_token: bool = False) -> None:
        if first_token:
            self.ttft_s = seconds if self.ttft_s is None else (1 - _ALPHA) * self.ttft_s + _ALPHA * seconds
        else:
            self.latency_s = seconds if self.latency_s is None else (1 - _ALPHA) * self.latency_s + _ALPHA * seconds
            self.calls += 1


class LiveStats:
    def __init__(self) -> None:
        self._by_key: dict[str, DeploymentLive] = {}

    def get(self, key: str) -> DeploymentLive:
        live = self._by_key.get(key)
        if live is None:
            live = self._by_key[key] = DeploymentLive()
        return live

    def items(self) -> list[tuple[str, DeploymentLive]]:
        """Every deployment called so far, by key (a copy: metrics read it at scrape time)."""
        return list(self._by_key.items())

    def headroom(self, key: str, limit: int | None) -> float | None:
        """1 = idle, 0 = at its concurrency limit; None when the deployment declares no limit."""
        if not limit:
            return None
        return max(0.0, 1.0 - self.get(key).in_flight / limit)
