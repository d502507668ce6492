"""What every backend does the same way: checking arguments, and naming counters."""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..accounting.budgets import BudgetLimits, RateLimits, Scope, to_micros

Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class BudgetAsk:
    scopes: tuple[Scope, ...]
    #: per scope: (day, month, total) limits in µUSD, -1 for none
    limits: tuple[tuple[int, int, int], ...]
    amount: int
    ttl_s: float


@dataclass(frozen=True, slots=True)
class RateAsk:
    """Only the scopes with a limit are counted; -1 stands for no limit."""

    scopes: tuple[Scope, ...]
    rpm: tuple[int, ...]
    tpm: tuple[int, ...]
    tokens: int


def _distinct(scopes: Sequence[Scope]) -> None:
    seen: set[Scope] = set()
    for s in scopes:
        if s in seen:
            raise ValueError(f"{s} is given twice; pass each scope once with its limits")
        seen.add(s)


def budget_ask(scopes: Sequence[tuple[Scope, BudgetLimits]], amount_usd: float, ttl_s: float) -> BudgetAsk:
    if not ttl_s > 0 or math.isinf(ttl_s):
        raise ValueError(f"ttl_s must be a positive number of seconds, not {ttl_s!r}")
    _distinct([s for s, _ in scopes])
    return BudgetAsk(
        tuple(s for s, _ in scopes), tuple(lim.micros() for _, lim in scopes), to_micros(amount_usd), ttl_s
    )


def rate_ask(scopes: Sequence[tuple[Scope, RateLimits]], tokens: int) -> RateAsk:
    if tokens < 0:
        raise ValueError(f"tokens must be >= 0, not {tokens}")
    _distinct([s for s, _ in scopes])
    active = [(s, lim) for s, lim in scopes if lim.active]
    return RateAsk(
        tuple(s for s, _ in active),
        tuple(-1 if lim.rpm is None else lim.rpm for _, lim in active),
        tuple(-1 if lim.tpm is None else lim.tpm for _, lim in active),
        tokens,
    )


def new_id() -> str:
    return uuid.uuid4().hex
