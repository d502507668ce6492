"""Ledger reports on the admin API: the same figures as ``orkester report``.

``GET /admin/usage?key=ID`` (one key's usage), ``GET /admin/reports/costs?by=model|task|team|day``,
``GET /admin/reports/savings[?premium=ALIAS]``, ``GET /admin/reports/roi?hourly_rate=EUR&minutes_saved=task:N,…``,
``GET /admin/reports/satisfaction?by=model|task|route|prompt|team|experiment``;
each takes ``since`` / ``until`` (ISO dates or times, UTC; ``until`` exclusive). Protected by the admin key.
Records acknowledged before the query are moved from the spool into the database first (for up to
``FLUSH_WAIT_S``), so an admin reads what the gateway has answered.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ...catalog.resolve import Catalog, builtin_models
from ...errors import RequestError
from ...ledger import reports, satisfaction
from ...ledger.reports import Report
from ...ledger.store import LedgerStore
from ...ledger.writer import LedgerWriter
from .admin import admin_guard

Writer = Callable[[], LedgerWriter | None]
_BY = ("model", "task", "team", "day", "provider")
FLUSH_WAIT_S = 2.0


def _when(request: Request, name: str) -> datetime | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise RequestError(f"{name} must be an ISO date or time, e.g. 2026-11-01, not {raw!r}", param=name) from None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _json(report: Report) -> Response:
    return Response(orjson.dumps(report.to_dict()), media_type="application/json")


def report_routes(
    writer: Writer, catalog: Catalog, admin_key: str | None, *, admin_key_env: str | None = "ORKESTER_ADMIN_KEY"
) -> list[Route]:
    """``writer`` gives the gateway's ledger writer (None: the ledger is off)."""
    guard = admin_guard(admin_key, admin_key_env)

    async def fresh() -> LedgerStore:
        w = writer()
        if w is None:
            raise RequestError("The usage ledger is off (ledger.enabled: false).", code="ledger_disabled")
        with contextlib.suppress(TimeoutError):  # a database that is down answers with what it has
            await asyncio.wait_for(w.flush(), FLUSH_WAIT_S)
        return w.store

    async def usage(request: Request) -> Response:
        key = request.query_params.get("key")
        if not key:
            raise RequestError("Name the key: /admin/usage?key=<key id>", param="key")
        return _json(await reports.key_usage((await fresh()), key, _when(request, "since"), _when(request, "until")))

    async def costs(request: Request) -> Response:
        by = request.query_params.get("by", "model")
        if by not in _BY:
            raise RequestError(f"by must be one of {', '.join(_BY)}, not {by!r}", param="by")
        return _json(await reports.costs((await fresh()), by, _when(request, "since"), _when(request, "until")))

    async def savings(request: Request) -> Response:
        since, until = _when(request, "since"), _when(request, "until")
        store = await fresh()
        premium_alias = request.query_params.get("premium")
        deployments = [d for spec in catalog.aliases.values() for d in spec.deployments]
        if premium_alias:
            if premium_alias not in catalog.aliases:
                raise RequestError(f"premium {premium_alias!r} is not a model alias", param="premium")
            premium = catalog.aliases[premium_alias].deployments[0]
        else:
            seen = await store.totals(("provider", "model"), since, until)
            chosen = reports.choose_premium(
                ((g.group["provider"], g.group["model"]) for g in seen), deployments, builtin_models()
            )
            if chosen is None:
                raise RequestError("No priced model to compare with: name one with ?premium=<alias>", param="premium")
            premium = chosen
        return _json(await reports.savings(store, premium, since, until))

    async def roi(request: Request) -> Response:
        try:
            rate = float(request.query_params.get("hourly_rate", ""))
            minutes = {
                task: float(n)
                for task, _, n in (
                    item.partition(":") for item in request.query_params.get("minutes_saved", "").split(",") if item
                )
            }
            eur_per_usd = float(request.query_params.get("eur_per_usd", "0.92"))
        except ValueError:
            raise RequestError(
                "roi needs hourly_rate=<EUR> and minutes_saved=<task>:<minutes>,… (numbers)", param="hourly_rate"
            ) from None
        since, until = _when(request, "since"), _when(request, "until")
        return _json(await reports.roi((await fresh()), rate, minutes, since, until, eur_per_usd=eur_per_usd))

    async def ratings(request: Request) -> Response:
        by = request.query_params.get("by", "model")
        if by not in satisfaction.BY:
            raise RequestError(f"by must be one of {', '.join(satisfaction.BY)}, not {by!r}", param="by")
        since, until = _when(request, "since"), _when(request, "until")
        return _json(await satisfaction.satisfaction((await fresh()), by, since, until))

    def get(path: str, fn: Callable[[Request], Awaitable[Response]]) -> Route:
        return Route(path, guard(fn), methods=["GET"])

    return [
        get("/admin/usage", usage),
        get("/admin/reports/costs", costs),
        get("/admin/reports/savings", savings),
        get("/admin/reports/roi", roi),
        get("/admin/reports/satisfaction", ratings),
    ]
