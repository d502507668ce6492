"""What ``/metrics`` reads from the shared state before it renders: deployments' rate windows and budgets.

The shared state is async (Redis, PostgreSQL), while Prometheus collectors are not; so the metrics route
awaits :meth:`StateReadings.refresh` first, and the collectors (:mod:`.collectors`) render what it read.
The cost is paid per scrape (one read per deployment with rpm/tpm and one per budgeted key or team, all at
once, under a time limit), never per request. A read that fails or runs out of time leaves those series
out of that scrape rather than showing stale numbers.

Which budgets: those of the keys and teams seen on requests since start (their limits travel with the
request's key, :class:`~orkester.keys.model.Principal`), so the label set is the configured keys and
teams that are in use, never anything a caller sends.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from ..accounting.budgets import BudgetLimits, RateUsage, Scope, SharedState, Spend, WindowSpend
from ..errors import StorageError
from ..keys.model import Principal
from ..keys.model import Scope as KeyScope
from ..reliability.rates import deployment_scope
from ..settings import Deployment

log = logging.getLogger("orkester.metrics")

#: a scrape waits at most this long for the shared state
READ_TIMEOUT_S = 2.0


@dataclass(frozen=True, slots=True)
class BudgetScope:
    scope: Scope
    #: the team's or the key's name (for the dashboard; the id is the stable label)
    name: str
    limits: BudgetLimits
    #: the key's or team's scope it was read from (the key cache hands out the same object: a cheap test)
    source: KeyScope


@dataclass(frozen=True, slots=True)
class BudgetReading:
    """One window of one budget: its limit and what is left (limit - spent - reserved, at least 0)."""

    budget: BudgetScope
    window: str
    limit_usd: float
    remaining_usd: float


class StateReadings:
    def __init__(self, deployments: Sequence[Deployment]) -> None:
        #: the configured deployments with an rpm or tpm limit of their own
        self.limited = list({d.key: d for d in deployments if d.rpm is not None or d.tpm is not None}.values())
        self._budgets: dict[tuple[str, str], BudgetScope] = {}
        #: what the last refresh read: per deployment key, and per budget window
        self.rates: dict[str, RateUsage] = {}
        self.budgets: list[BudgetReading] = []
        self._warned = False

    def seen(self, p: Principal) -> None:
        """Remember the budgets of a request's key and team (called once per request with a key)."""
        for s in p.scopes:
            if s.budget_day_usd is None and s.budget_month_usd is None and s.budget_total_usd is None:
                continue
            known = self._budgets.get((s.kind, s.id))
            if known is not None and known.source is s:
                continue
            limits = BudgetLimits(s.budget_day_usd, s.budget_month_usd, s.budget_total_usd)
            name = p.team_name if s.kind == "team" else p.key_name
            self._budgets[(s.kind, s.id)] = BudgetScope(Scope(s.kind, s.id), name, limits, s)

    async def refresh(self, state: SharedState | None, timeout_s: float = READ_TIMEOUT_S) -> None:
        if state is None or (not self.limited and not self._budgets):
            self.rates, self.budgets = {}, []
            return
        budgets = list(self._budgets.values())
        try:
            async with asyncio.timeout(timeout_s):
                usage = await asyncio.gather(*(state.rate_usage(deployment_scope(d)) for d in self.limited))
                spends = await asyncio.gather(*(state.spent(b.scope) for b in budgets))
        except (StorageError, TimeoutError) as e:
            if not self._warned:
                log.warning("metrics: the shared state could not be read (%s); rate and budget gauges left out", e)
                self._warned = True
            self.rates, self.budgets = {}, []
            return
        self._warned = False
        self.rates = {d.key: u for d, u in zip(self.limited, usage, strict=True)}
        self.budgets = [r for b, spend in zip(budgets, spends, strict=True) for r in _readings(b, spend)]


def _readings(b: BudgetScope, spend: Spend) -> list[BudgetReading]:
    out = []
    windows: tuple[tuple[str, float | None, WindowSpend], ...] = (
        ("day", b.limits.day_usd, spend.day),
        ("month", b.limits.month_usd, spend.month),
        ("total", b.limits.total_usd, spend.total),
    )
    for window, limit, used in windows:
        if limit is not None:
            left = max(0.0, limit - used.spent_usd - used.reserved_usd)
            out.append(BudgetReading(b, window, limit, left))
    return out
