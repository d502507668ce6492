"""The reports over the ledger: costs, savings against one premium model, tier shares, ROI. No printing here.

Every report is a :class:`Report`: a title, columns, rows and a few summary figures, so the CLI can
print it as a table, CSV or JSON and the admin API can return :meth:`Report.to_dict` as it is. Cost
figures come from the rollups (fast at any ledger size); the ROI period comes from the raw records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..settings import Deployment, Price
from .rollup import Totals
from .store import LedgerStore

#: ``--by`` name -> rollup dimensions
BY: Mapping[str, tuple[str, ...]] = {
    "model": ("provider", "model"),
    "provider": ("provider",),
    "task": ("task",),
    "team": ("team_id",),
    "tier": ("tier",),
    "day": ("day",),
}
#: The share of requests per tier that teams routing by difficulty aim for.
TARGET_SHARES: Mapping[str, float] = {"cheap": 0.80, "mid": 0.15, "premium": 0.05}
WEEK_S = 7 * 86400.0
WEEKS_PER_YEAR = 52.0
NONE = "(none)"


@dataclass
class Report:
    title: str
    columns: list[str]
    rows: list[list[Any]]
    summary: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "rows": [dict(zip(self.columns, row, strict=True)) for row in self.rows],
            "summary": self.summary,
            "notes": self.notes,
        }


def _label(value: str) -> str:
    return value or NONE


def _period(since: datetime | None, until: datetime | None) -> dict[str, str | None]:
    return {"since": since.isoformat() if since else None, "until": until.isoformat() if until else None}


async def costs(store: LedgerStore, by: str, since: datetime | None, until: datetime | None) -> Report:
    """Requests, tokens and cost grouped by ``by`` (a key of :data:`BY`), most expensive first (days in order)."""
    if by not in BY:
        raise ValueError(f"cannot report costs by {by!r}; choose from {', '.join(BY)}")
    dims = BY[by]
    groups = await store.totals(dims, since, until)
    total = sum(g.cost_usd for g in groups)
    if by == "day":
        groups.sort(key=lambda g: g.group["day"])
    else:
        groups.sort(key=lambda g: (-g.cost_usd, [g.group[d] for d in dims]))
    rows = [
        [
            "/".join(_label(g.group[d]) for d in dims),
            g.requests,
            g.errors,
            g.input_tokens,
            g.output_tokens,
            round(g.cost_usd, 6),
            round(g.cost_usd / total * 100, 1) if total else 0.0,
            round(g.cost_usd / g.requests, 6) if g.requests else 0.0,
        ]
        for g in groups
    ]
    summary = {
        "requests": sum(g.requests for g in groups),
        "cost_usd": round(total, 6),
        **_period(since, until),
    }
    columns = [
        by,
        "requests",
        "errors",
        "input_tokens",
        "output_tokens",
        "cost_usd",
        "cost_share_pct",
        "usd_per_request",
    ]
    return Report(f"Costs by {by}", columns, rows, summary)


def price_of(
    provider: str, model: str, catalog: Iterable[Deployment], builtin: Mapping[str, Mapping[str, Any]]
) -> Price | None:
    """A deployment's price: from the configured catalog, else the built-in model list."""
    for d in catalog:
        if d.provider == provider and d.model == model and d.price is not None:
            return d.price
    known = (builtin.get(provider) or {}).get(model) or {}
    return Price.model_validate(known["price"]) if "price" in known else None


def choose_premium(
    seen: Iterable[tuple[str, str]], catalog: Sequence[Deployment], builtin: Mapping[str, Mapping[str, Any]]
) -> Deployment | None:
    """The most expensive deployment among those the ledger saw (by input + output price); when none of
    them has a price, the catalog's most expensive premium-tier deployment."""
    priced = []
    for provider, model in seen:
        price = price_of(provider, model, catalog, builtin)
        if price is not None:
            priced.append(Deployment(provider=provider, model=model, price=price))
    if not priced:
        priced = [d for d in catalog if d.tier == "premium" and d.price is not None]
    return max(priced, key=lambda d: (d.price.input + d.price.output) if d.price else 0.0, default=None)


def _premium_cost(price: Price, g: Totals) -> float:
    return price.cost(g.input_tokens, g.output_tokens, g.cached_tokens)


async def savings(
    store: LedgerStore,
    premium: Deployment,
    since: datetime | None,
    until: datetime | None,
) -> Report:
    """What the traffic cost against what it would have cost on ``premium`` alone, per served model,
    and the share of requests per tier next to :data:`TARGET_SHARES`."""
    if premium.price is None:
        raise ValueError(f"the premium model {premium.key} has no price")
    groups = await store.totals(("provider", "model", "tier"), since, until)
    groups.sort(key=lambda g: -g.cost_usd)
    rows: list[list[Any]] = []
    actual = would = 0.0
    for g in groups:
        on_premium = _premium_cost(premium.price, g)
        actual += g.cost_usd
        would += on_premium
        rows.append(
            [
                f"{_label(g.group['provider'])}/{_label(g.group['model'])}",
                _label(g.group["tier"]),
                g.requests,
                round(g.cost_usd, 6),
                round(on_premium, 6),
                round(on_premium - g.cost_usd, 6),
            ]
        )
    requests = sum(g.requests for g in groups)
    shares: dict[str, dict[str, Any]] = {}
    for tier in (*TARGET_SHARES, ""):
        n = sum(g.requests for g in groups if g.group["tier"] == tier)
        if tier or n:
            shares[_label(tier)] = {
                "requests": n,
                "share_pct": round(n / requests * 100, 1) if requests else 0.0,
                "target_pct": round(TARGET_SHARES.get(tier, 0.0) * 100, 1),
            }
    saved = would - actual
    summary = {
        "premium_model": premium.key,
        "requests": requests,
        "actual_cost_usd": round(actual, 6),
        "premium_cost_usd": round(would, 6),
        "saved_usd": round(saved, 6),
        "saved_pct": round(saved / would * 100, 1) if would else 0.0,
        "tiers": shares,
        **_period(since, until),
    }
    notes = [
        f"{premium.key} at ${premium.price.input}/M input, ${premium.price.output}/M output tokens, "
        "for the same input, cached and output tokens each request used",
        "tier shares: " + ", ".join(f"{t} {s['share_pct']}% (target {s['target_pct']}%)" for t, s in shares.items()),
    ]
    columns = ["served_by", "tier", "requests", "cost_usd", "on_premium_usd", "saved_usd"]
    return Report(f"Savings against {premium.key} alone", columns, rows, summary, notes)


async def roi(
    store: LedgerStore,
    hourly_rate: float,
    minutes_saved: Mapping[str, float],
    since: datetime | None,
    until: datetime | None,
    *,
    eur_per_usd: float,
) -> Report:
    """Hours and money saved per week and year (requests per task times the minutes each saves) against
    the running cost. The traffic is scaled to a week from the period it was observed over: from
    ``since`` (else the first record) to ``until`` (else the last record), at least an hour."""
    span = await store.span(since, until)
    groups = {g.group["task"]: g for g in await store.totals(("task",), since, until)}
    start = since or (span[0] if span else None)
    end = until or (span[1] if span else None)
    seconds = max(3600.0, (end - start).total_seconds()) if start and end else WEEK_S
    weeks = seconds / WEEK_S
    rows: list[list[Any]] = []
    hours_week = 0.0
    for task in sorted(set(groups) | set(minutes_saved)):
        requests = groups[task].requests if task in groups else 0
        per_week = requests / weeks
        minutes = minutes_saved.get(task, 0.0)
        hours = per_week * minutes / 60
        hours_week += hours
        rows.append(
            [
                _label(task),
                requests,
                round(per_week, 1),
                minutes,
                round(hours, 1),
                round(hours * hourly_rate, 2),
                round(hours * WEEKS_PER_YEAR, 1),
                round(hours * hourly_rate * WEEKS_PER_YEAR, 2),
            ]
        )
    cost_week = sum(g.cost_usd for g in groups.values()) / weeks * eur_per_usd
    saved_week = hours_week * hourly_rate
    summary = {
        "observed_days": round(seconds / 86400, 2),
        "hourly_rate_eur": hourly_rate,
        "eur_per_usd": eur_per_usd,
        "hours_saved_per_week": round(hours_week, 1),
        "hours_saved_per_year": round(hours_week * WEEKS_PER_YEAR, 1),
        "saved_eur_per_week": round(saved_week, 2),
        "saved_eur_per_year": round(saved_week * WEEKS_PER_YEAR, 2),
        "running_cost_eur_per_week": round(cost_week, 2),
        "running_cost_eur_per_year": round(cost_week * WEEKS_PER_YEAR, 2),
        "net_eur_per_year": round((saved_week - cost_week) * WEEKS_PER_YEAR, 2),
        "return_on_cost": round(saved_week / cost_week, 1) if cost_week else None,
        **_period(since, until),
    }
    notes = [
        f"traffic observed over {summary['observed_days']} day(s), scaled to a week; "
        f"costs converted at 1 USD = {eur_per_usd} EUR",
    ]
    columns = [
        "task",
        "requests",
        "requests_per_week",
        "minutes_saved_each",
        "hours_per_week",
        "eur_per_week",
        "hours_per_year",
        "eur_per_year",
    ]
    return Report("Return on investment", columns, rows, summary, notes)


async def key_usage(store: LedgerStore, key_id: str, since: datetime | None, until: datetime | None) -> Report:
    """One API key's requests, tokens and cost per deployment, from the raw records."""
    usage = await store.key_usage(key_id, since, until)
    rows = [
        [
            f"{_label(u.provider)}/{_label(u.model)}",
            u.requests,
            u.errors,
            u.input_tokens,
            u.output_tokens,
            round(u.cost_usd, 6),
            round(u.latency_ms_avg, 1),
        ]
        for u in usage
    ]
    summary = {
        "key_id": key_id,
        "requests": sum(u.requests for u in usage),
        "cost_usd": round(sum(u.cost_usd for u in usage), 6),
        **_period(since, until),
    }
    columns = ["served_by", "requests", "errors", "input_tokens", "output_tokens", "cost_usd", "latency_ms_avg"]
    return Report(f"Usage of key {key_id}", columns, rows, summary)
