"""Accounting: what a request may cost (pricing) and the budgets and rate limits it is held to."""

from .budgets import (
    BudgetLimits,
    BudgetRefusal,
    RateGrant,
    RateLimits,
    RateRefusal,
    Reservation,
    Scope,
    SharedState,
    Spend,
    WindowSpend,
)
from .pricing import worst_case_cost

__all__ = [
    "BudgetLimits",
    "BudgetRefusal",
    "RateGrant",
    "RateLimits",
    "RateRefusal",
    "Reservation",
    "Scope",
    "SharedState",
    "Spend",
    "WindowSpend",
    "worst_case_cost",
]
