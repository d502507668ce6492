"""Budgets and rate limits: the types every shared-state backend speaks, and the messages a 429 carries.

A request first *reserves* its worst-case cost against every scope it belongs to (key, team,
deployment); the reservation fits only if, for each scope and each window with a limit (the UTC day,
the UTC month, all time), ``spent + reserved + amount <= limit``. After the call it is *settled* to the
actual cost (the rest is released) or *released* outright. Reservations expire (``ttl_s``) so a process
that dies between reserve and settle cannot hold budget forever.

Money is counted in integer micro-dollars (1 USD = 1,000,000 µUSD): no float drift however many
requests are added up. Costs and reservations round *up* to the next micro-dollar and limits round
*down*, so rounding can only make the gateway stricter, never let it overshoot.

Rate limits count requests (rpm) and tokens (tpm) in a sliding 60-second window: a request is
admitted only if every scope's last 60 s, with it added, stays within its limits.

The backends (``orkester.state``: memory, Redis, PostgreSQL) implement :class:`SharedState`; the
refusals here carry the numbers and the human message the server turns into a 429 with ``Retry-After``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal, Protocol

MICROS_PER_USD = 1_000_000
#: the sliding window of rpm and tpm
RATE_WINDOW_S = 60.0
#: how long an expired reservation is remembered, so a late settle still records what was spent
SETTLE_GRACE_S = 86_400.0
DEFAULT_TTL_S = 600.0

Window = Literal["day", "month", "total"]
WINDOWS: tuple[Window, ...] = ("day", "month", "total")
_EPOCH = date(1970, 1, 1)


def to_micros(usd: float) -> int:
    """A cost in µUSD, rounded up (``round`` first so 0.3e-6 * 1e6 = 0.30000000000000004 stays 1, not 2)."""
    if usd < 0 or math.isnan(usd):
        raise ValueError(f"an amount must be a non-negative number of USD, not {usd!r}")
    return math.ceil(round(usd * MICROS_PER_USD, 6))


def limit_micros(usd: float | None) -> int:
    """A limit in µUSD, rounded down; -1 for no limit."""
    if usd is None:
        return -1
    if usd < 0 or math.isnan(usd):
        raise ValueError(f"a budget must be a non-negative number of USD or None, not {usd!r}")
    return math.floor(round(usd * MICROS_PER_USD, 6))


def fmt_usd(micros: int) -> str:
    usd = micros / MICROS_PER_USD
    return f"${usd:,.2f}" if micros % 10_000 == 0 else f"${usd:,.6f}"


# --- windows: UTC days and months as integers, the same in Python, Lua and SQL -----------


def day_of(now: float) -> int:
    """Days since 1970-01-01 UTC."""
    return math.floor(now / 86_400)


def month_of(now: float) -> int:
    """``year * 12 + month - 1`` of the UTC date."""
    d = datetime.fromtimestamp(now, UTC)
    return d.year * 12 + d.month - 1


def day_label(day: int) -> str:
    return (_EPOCH + timedelta(days=day)).isoformat()


def month_label(month: int) -> str:
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


def window_reset(window: Window, day: int, month: int) -> datetime | None:
    """When a window's spending starts again from zero (None: the total never resets)."""
    if window == "day":
        return datetime.combine(_EPOCH + timedelta(days=day + 1), datetime.min.time(), UTC)
    if window == "month":
        nxt = month + 1
        return datetime(nxt // 12, nxt % 12 + 1, 1, tzinfo=UTC)
    return None


# --- what callers pass -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scope:
    """Who a budget or rate limit belongs to: ``Scope("key", key_id)``, ``Scope("team", name)``,
    ``Scope("deployment", "openai/gpt-4o")``."""

    kind: str
    id: str

    def __post_init__(self) -> None:
        if not self.kind or ":" in self.kind or not self.id:
            raise ValueError(f"a scope needs a kind without ':' and an id, not {self.kind!r}/{self.id!r}")

    @property
    def key(self) -> str:
        """The storage name: ``kind:id``."""
        return f"{self.kind}:{self.id}"

    def __str__(self) -> str:
        return f"{self.kind} {self.id!r}"


@dataclass(frozen=True, slots=True)
class BudgetLimits:
    """USD per UTC day, per UTC month and in total; None: no limit on that window."""

    day_usd: float | None = None
    month_usd: float | None = None
    total_usd: float | None = None

    def micros(self) -> tuple[int, int, int]:
        return limit_micros(self.day_usd), limit_micros(self.month_usd), limit_micros(self.total_usd)


@dataclass(frozen=True, slots=True)
class RateLimits:
    """Requests and tokens per sliding minute; None: no limit."""

    rpm: int | None = None
    tpm: int | None = None

    def __post_init__(self) -> None:
        for name, v in (("rpm", self.rpm), ("tpm", self.tpm)):
            if v is not None and v < 0:
                raise ValueError(f"{name} must be >= 0 or None, not {v}")

    @property
    def active(self) -> bool:
        return self.rpm is not None or self.tpm is not None


# --- what the state answers ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reservation:
    """Budget held for one request until it is settled, released, or expires (``expires_at``, epoch s)."""

    id: str
    scopes: tuple[Scope, ...]
    amount_micros: int
    day: int
    month: int
    expires_at: float

    @property
    def amount_usd(self) -> float:
        return self.amount_micros / MICROS_PER_USD


@dataclass(frozen=True, slots=True)
class BudgetRefusal:
    """The reservation did not fit: the first scope and window (in the order given) that refused it."""

    scope: Scope
    window: Window
    limit_micros: int
    spent_micros: int
    reserved_micros: int
    amount_micros: int
    day: int
    month: int

    @property
    def period(self) -> str:
        return {"day": day_label(self.day), "month": month_label(self.month), "total": "all time"}[self.window]

    @property
    def resets_at(self) -> datetime | None:
        return window_reset(self.window, self.day, self.month)

    @property
    def retry_after_s(self) -> float | None:
        """Seconds until the window resets (None for the total budget): for the ``Retry-After`` header."""
        reset = self.resets_at
        return None if reset is None else max(0.0, (reset - datetime.now(UTC)).total_seconds())

    @property
    def message(self) -> str:
        name = {"day": "daily", "month": "monthly", "total": "total"}[self.window]
        when = "" if self.window == "total" else f" for {self.period} (UTC)"
        text = (
            f"Budget exceeded for {self.scope}: this request may cost up to {fmt_usd(self.amount_micros)}, "
            f"and the {name} budget of {fmt_usd(self.limit_micros)}{when} has {fmt_usd(self.spent_micros)} spent"
            f" and {fmt_usd(self.reserved_micros)} reserved by requests in flight."
        )
        reset = self.resets_at
        if reset is not None:
            text += f" It resets at {reset:%Y-%m-%d %H:%M} UTC."
        return text


@dataclass(frozen=True, slots=True)
class RateGrant:
    """A request counted against rate limits at ``at`` (epoch s) with ``tokens`` estimated tokens."""

    id: str
    scopes: tuple[Scope, ...]
    tokens: int
    at: float


@dataclass(frozen=True, slots=True)
class RateRefusal:
    scope: Scope
    limit: Literal["rpm", "tpm"]
    limit_value: int
    #: requests (rpm) or tokens (tpm) counted in the last 60 s
    used: int
    #: what this request asked for: 1 (rpm) or its estimated tokens (tpm)
    requested: int
    retry_after_s: float

    @property
    def message(self) -> str:
        if self.limit == "rpm":
            text = (
                f"Rate limit reached for {self.scope}: {self.limit_value:,} requests per minute (rpm), "
                f"{self.used:,} made in the last 60 s."
            )
        elif self.requested > self.limit_value:
            return (
                f"Rate limit for {self.scope}: this request's {self.requested:,} tokens exceed the limit of "
                f"{self.limit_value:,} tokens per minute (tpm) on their own; it can never be admitted."
            )
        else:
            text = (
                f"Rate limit reached for {self.scope}: {self.limit_value:,} tokens per minute (tpm), "
                f"{self.used:,} counted in the last 60 s and this request needs up to {self.requested:,}."
            )
        return f"{text} Retry after {self.retry_after_s:.1f} s."


@dataclass(frozen=True, slots=True)
class RateUsage:
    """What a scope has used of its sliding minute: requests and tokens counted in the last 60 s."""

    requests: int
    tokens: int


@dataclass(frozen=True, slots=True)
class WindowSpend:
    period: str
    spent_micros: int
    reserved_micros: int

    @property
    def spent_usd(self) -> float:
        return self.spent_micros / MICROS_PER_USD

    @property
    def reserved_usd(self) -> float:
        return self.reserved_micros / MICROS_PER_USD


@dataclass(frozen=True, slots=True)
class Spend:
    """A scope's spending now: settled costs and live reservations, per window."""

    scope: Scope
    day: WindowSpend
    month: WindowSpend
    total: WindowSpend


def make_spend(scope: Scope, day: int, month: int, values: Sequence[int]) -> Spend:
    """From (day spent, day reserved, month spent, month reserved, total spent, total reserved)."""
    d_s, d_r, m_s, m_r, t_s, t_r = (int(v) for v in values)
    return Spend(
        scope,
        WindowSpend(day_label(day), d_s, d_r),
        WindowSpend(month_label(month), m_s, m_r),
        WindowSpend("all time", t_s, t_r),
    )


class SharedState(Protocol):
    """Budgets and rate limits counted atomically for every process that shares the backend."""

    async def reserve(
        self, scopes: Sequence[tuple[Scope, BudgetLimits]], amount_usd: float, *, ttl_s: float = DEFAULT_TTL_S
    ) -> Reservation | BudgetRefusal:
        """Hold ``amount_usd`` against every scope, or against none if any window would go over."""
        ...

    async def settle(self, reservation: Reservation, actual_usd: float) -> None:
        """Record the actual cost and release the reservation; a second call does nothing."""
        ...

    async def release(self, reservation: Reservation) -> None:
        """Give the reservation back without spending anything; after a settle it does nothing."""
        ...

    async def acquire_rate(self, scopes: Sequence[tuple[Scope, RateLimits]], tokens: int) -> RateGrant | RateRefusal:
        """Count one request and ``tokens`` against every scope, or against none if any limit would go over."""
        ...

    async def settle_tokens(self, grant: RateGrant, actual_tokens: int) -> None:
        """Replace the grant's estimated tokens by the actual ones (while they are still in the window)."""
        ...

    async def spent(self, scope: Scope) -> Spend: ...

    async def rate_usage(self, scope: Scope) -> RateUsage:
        """Requests and tokens counted against ``scope`` in the last 60 s (a read: metrics, at scrape time)."""
        ...

    async def close(self) -> None: ...
