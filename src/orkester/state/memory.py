"""Budgets and rate limits in this process's memory: exact for one process, shared with no other.

Every method runs without awaiting under one lock, so it is atomic for the coroutines (and threads)
of the process. The algorithms are the ones the Redis scripts and PostgreSQL functions run, in Python.
"""

from __future__ import annotations

import heapq
import threading
import time
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..accounting.budgets import (
    DEFAULT_TTL_S,
    RATE_WINDOW_S,
    SETTLE_GRACE_S,
    WINDOWS,
    BudgetLimits,
    BudgetRefusal,
    RateGrant,
    RateLimits,
    RateRefusal,
    RateUsage,
    Reservation,
    Scope,
    Spend,
    day_of,
    make_spend,
    month_of,
    to_micros,
)
from .common import Clock, budget_ask, new_id, rate_ask


@dataclass(slots=True)
class _Hold:
    scopes: tuple[Scope, ...]
    day: int
    month: int
    amount: int
    expires_at: float
    live: bool = True


@dataclass(slots=True)
class _RateLog:
    entries: deque[tuple[float, str]] = field(default_factory=deque)
    tokens: dict[str, int] = field(default_factory=dict)
    total: int = 0


def _windows(scope: Scope, day: int, month: int) -> tuple[tuple[str, str], ...]:
    return ((scope.key, f"d{day}"), (scope.key, f"m{month}"), (scope.key, "t"))


class MemoryState:
    def __init__(self, clock: Clock | None = None) -> None:
        self._clock = clock or time.time
        self._lock = threading.Lock()
        self._spent: defaultdict[tuple[str, str], int] = defaultdict(int)
        self._reserved: defaultdict[tuple[str, str], int] = defaultdict(int)
        self._holds: dict[str, _Hold] = {}
        #: (when, reservation id): at ``expires_at`` the hold stops counting; after the grace it is forgotten
        self._timers: list[tuple[float, str]] = []
        self._rates: defaultdict[str, _RateLog] = defaultdict(_RateLog)

    # --- budgets ---------------------------------------------------------------------

    def _sweep(self, now: float) -> None:
        while self._timers and self._timers[0][0] <= now:
            _, rid = heapq.heappop(self._timers)
            hold = self._holds.get(rid)
            if hold is None:
                continue
            if hold.live:
                self._unreserve(hold)
                hold.live = False
                heapq.heappush(self._timers, (hold.expires_at + SETTLE_GRACE_S, rid))
            else:
                del self._holds[rid]

    def _unreserve(self, hold: _Hold) -> None:
        for scope in hold.scopes:
            for w in _windows(scope, hold.day, hold.month):
                self._reserved[w] -= hold.amount

    async def reserve(
        self, scopes: Sequence[tuple[Scope, BudgetLimits]], amount_usd: float, *, ttl_s: float = DEFAULT_TTL_S
    ) -> Reservation | BudgetRefusal:
        ask = budget_ask(scopes, amount_usd, ttl_s)
        with self._lock:
            now = self._clock()
            self._sweep(now)
            day, month = day_of(now), month_of(now)
            for scope, limits in zip(ask.scopes, ask.limits, strict=True):
                for window, w, limit in zip(WINDOWS, _windows(scope, day, month), limits, strict=True):
                    spent, reserved = self._spent[w], self._reserved[w]
                    if limit >= 0 and spent + reserved + ask.amount > limit:
                        return BudgetRefusal(scope, window, limit, spent, reserved, ask.amount, day, month)
            rid = new_id()
            hold = _Hold(ask.scopes, day, month, ask.amount, now + ask.ttl_s)
            for scope in ask.scopes:
                for w in _windows(scope, day, month):
                    self._reserved[w] += ask.amount
            self._holds[rid] = hold
            heapq.heappush(self._timers, (hold.expires_at, rid))
            return Reservation(rid, ask.scopes, ask.amount, day, month, hold.expires_at)

    def _finish(self, rid: str, actual: int) -> None:
        with self._lock:
            hold = self._holds.pop(rid, None)
            if hold is None:
                return  # settled or released already, or forgotten after the grace
            if hold.live:
                self._unreserve(hold)
            for scope in hold.scopes:
                for w in _windows(scope, hold.day, hold.month):
                    self._spent[w] += actual

    async def settle(self, reservation: Reservation, actual_usd: float) -> None:
        self._finish(reservation.id, to_micros(actual_usd))

    async def release(self, reservation: Reservation) -> None:
        self._finish(reservation.id, 0)

    async def spent(self, scope: Scope) -> Spend:
        with self._lock:
            now = self._clock()
            self._sweep(now)
            day, month = day_of(now), month_of(now)
            values = [n for w in _windows(scope, day, month) for n in (self._spent.get(w, 0), self._reserved.get(w, 0))]
        return make_spend(scope, day, month, values)

    # --- rate limits -----------------------------------------------------------------

    async def acquire_rate(self, scopes: Sequence[tuple[Scope, RateLimits]], tokens: int) -> RateGrant | RateRefusal:
        ask = rate_ask(scopes, tokens)
        with self._lock:
            now = self._clock()
            logs = [self._rates[s.key] for s in ask.scopes]
            for log in logs:
                while log.entries and log.entries[0][0] <= now - RATE_WINDOW_S:
                    _, gone = log.entries.popleft()
                    log.total -= log.tokens.pop(gone)
            for scope, log, rpm, tpm in zip(ask.scopes, logs, ask.rpm, ask.tpm, strict=True):
                count = len(log.entries)
                if rpm >= 0 and count + 1 > rpm:
                    retry = log.entries[count - rpm][0] + RATE_WINDOW_S - now if rpm > 0 else RATE_WINDOW_S
                    return RateRefusal(scope, "rpm", rpm, count, 1, max(0.0, retry))
                if tpm >= 0 and log.total + tokens > tpm:
                    return RateRefusal(scope, "tpm", tpm, log.total, tokens, _tpm_retry(log, tokens, tpm, now))
            gid = new_id()
            for log in logs:
                log.entries.append((now, gid))
                log.tokens[gid] = tokens
                log.total += tokens
            return RateGrant(gid, ask.scopes, tokens, now)

    async def rate_usage(self, scope: Scope) -> RateUsage:
        with self._lock:
            log = self._rates.get(scope.key)
            if log is None:
                return RateUsage(0, 0)
            cutoff = self._clock() - RATE_WINDOW_S
            requests = tokens = 0
            for at, gid in reversed(log.entries):  # newest first; older entries are pruned by the next acquire
                if at <= cutoff:
                    break
                requests += 1
                tokens += log.tokens[gid]
            return RateUsage(requests, tokens)

    async def settle_tokens(self, grant: RateGrant, actual_tokens: int) -> None:
        if actual_tokens < 0:
            raise ValueError(f"actual_tokens must be >= 0, not {actual_tokens}")
        with self._lock:
            for scope in grant.scopes:
                log = self._rates.get(scope.key)
                if log is not None and grant.id in log.tokens:
                    log.total += actual_tokens - log.tokens[grant.id]
                    log.tokens[grant.id] = actual_tokens

    async def close(self) -> None:
        return None


def _tpm_retry(log: _RateLog, tokens: int, tpm: int, now: float) -> float:
    """Seconds until enough of the oldest entries leave the window for ``tokens`` to fit."""
    if tokens > tpm:
        return RATE_WINDOW_S
    need, freed = log.total + tokens - tpm, 0
    for at, gid in log.entries:
        freed += log.tokens[gid]
        if freed >= need:
            return max(0.0, at + RATE_WINDOW_S - now)
    return RATE_WINDOW_S
