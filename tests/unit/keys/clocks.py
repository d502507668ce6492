"""Clocks the tests move by hand: wall time for expiry, a monotonic one for the key cache."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

START = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@dataclass
class Clock:
    now: datetime = START
    mono: float = 1000.0

    def wall(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.mono += seconds
