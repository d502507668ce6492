"""The dashboard's routes under ``/ui``: login and logout, then one read-only page per view.

Every page but the login form and the stylesheet needs a valid session cookie (``session.py``); without
one it redirects to ``/ui/login``. Nothing here changes state except the session itself, so the forms
carry no CSRF token (the cookie is SameSite=Strict and HttpOnly). Pages are rendered by Jinja2 with
autoescape on, from templates shipped in the package; prompt text never reaches them (the ledger has none).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlencode

from jinja2 import Environment, PackageLoader
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ..audit.log import AuditLog
from ..audit.record import AuditRecord
from ..batch.service import BatchService, Viewer
from ..catalog.resolve import Catalog, builtin_models
from ..experiments import ExperimentService
from ..keys.service import KeyService
from ..keys.views import key_json, team_json
from ..ledger import reports
from ..ledger.query import RecordQuery
from ..ledger.store import LedgerStore
from ..ledger.writer import LedgerWriter
from . import charts
from .overview import FILTERS, RANGES, bounds, overview
from .session import COOKIE, Sessions

Page = Callable[[Request], Awaitable[Response]]
FLUSH_WAIT_S = 2.0
PAGE_SIZE = 50
AUDIT_LIMIT = 200
#: batches shown, newest first
BATCH_LIMIT = 100
#: the ROI page's conversion (the admin API's default)
EUR_PER_USD = 0.92
LOGIN_BODY_LIMIT = 4096
#: the request log's filters in the query string (``RecordQuery`` fields: team is ``team_id``)
LOG_FILTERS: tuple[str, ...] = (*FILTERS, "status", "data_class")
HEADERS = {
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


@dataclass
class Sources:
    """Where the pages read from; each getter answers None when that part of the gateway is off."""

    ledger: Callable[[], LedgerWriter | None]
    keys: KeyService | None
    experiments: Callable[[], ExperimentService | None]
    audit: Callable[[], AuditLog | None]
    catalog: Catalog
    #: batch jobs (None when ``batch.enabled`` is false)
    batches: BatchService | None = None


def _money(v: float) -> str:
    return f"${v:,.4f}" if v < 1 else f"${v:,.2f}"


def _pct(v: float) -> str:
    return f"{v * 100:.1f}%"


def _ms(v: float) -> str:
    return f"{v:,.0f} ms"


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("orkester.dashboard", "templates"), autoescape=True)
    env.filters.update(money=_money, pct=_pct, ms=_ms)
    return env


def _range(request: Request) -> str:
    value = request.query_params.get("range", "24h")
    return value if value in RANGES else "24h"


def _filters(request: Request, names: Iterable[str]) -> dict[str, str]:
    return {name: v for name in names if (v := request.query_params.get(name, "").strip())}


def _safe_next(value: str | None) -> str:
    """Only a path under /ui (never another host) may follow the login."""
    return value if value and value.startswith("/ui") and not value.startswith("//") else "/ui"


def dashboard_routes(sources: Sources, admin_key: str | None, *, admin_key_env: str | None = None) -> list[Route]:
    env = _environment()
    sessions = Sessions(admin_key) if admin_key else None
    css = resources.files("orkester.dashboard").joinpath("static/dashboard.css").read_bytes()

    def render(name: str, request: Request, status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(name).render(path=request.url.path, **context)
        return HTMLResponse(html, status_code=status, headers=HEADERS)

    def page(endpoint: Page) -> Page:
        async def guarded(request: Request) -> Response:
            if sessions is None or not sessions.valid(request.cookies.get(COOKIE)):
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                return RedirectResponse("/ui/login?" + urlencode({"next": target}), status_code=303)
            return await endpoint(request)

        return guarded

    async def store() -> LedgerStore | None:
        writer = sources.ledger()
        if writer is None:
            return None
        with contextlib.suppress(TimeoutError):  # a database that is down shows what it has
            await asyncio.wait_for(writer.flush(), FLUSH_WAIT_S)
        return writer.store

    async def stylesheet(request: Request) -> Response:
        return Response(css, media_type="text/css", headers={"cache-control": "max-age=3600"})

    async def login_form(request: Request) -> Response:
        return render(
            "login.html",
            request,
            next=_safe_next(request.query_params.get("next")),
            disabled=sessions is None,
            admin_key_env=admin_key_env,
        )

    async def login(request: Request) -> Response:
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > LOGIN_BODY_LIMIT:
                return render("login.html", request, 413, next="/ui", error="Request too large.")
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        target = _safe_next(form.get("next"))
        given = form.get("key", "").encode()
        if sessions is None or admin_key is None or not hmac.compare_digest(given, admin_key.encode()):
            error = "The dashboard is disabled: no admin key is configured." if sessions is None else "Wrong admin key."
            return render(
                "login.html",
                request,
                401,
                next=target,
                error=error,
                disabled=sessions is None,
                admin_key_env=admin_key_env,
            )
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(
            COOKIE,
            sessions.issue(),
            max_age=sessions.ttl_s,
            path="/ui",
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
        return response

    async def logout(request: Request) -> Response:
        response = RedirectResponse("/ui/login", status_code=303)
        response.delete_cookie(COOKIE, path="/ui")
        return response

    async def home(request: Request) -> Response:
        s = await store()
        range_name = _range(request)
        filters = _filters(request, FILTERS)
        if s is None:
            return render("overview.html", request, ledger_off=True, range=range_name, ranges=RANGES, filters=filters)
        o = await overview(s, range_name, filters, datetime.now(UTC))
        label = "%H:%M" if range_name == "24h" else "%d %b %H:%M" if range_name == "7d" else "%d %b"
        series = [(b.start.strftime(label), b) for b in o.buckets]
        figures = [
            ("Requests", charts.line_chart([(t, float(b.requests)) for t, b in series], title="Requests")),
            ("Cost", charts.line_chart([(t, b.cost_usd) for t, b in series], title="Cost (USD)", fmt=_money)),
            (
                "Latency p50",
                charts.line_chart([(t, b.percentile(50)) for t, b in series], title="Latency p50 (ms)", fmt=_ms),
            ),
            (
                "Latency p95",
                charts.line_chart([(t, b.percentile(95)) for t, b in series], title="Latency p95 (ms)", fmt=_ms),
            ),
            (
                "Error rate",
                charts.line_chart([(t, b.rate(b.errors)) for t, b in series], title="Error rate", fmt=_pct, y_max=1),
            ),
            (
                "Fallback rate",
                charts.line_chart(
                    [(t, b.rate(b.fallbacks)) for t, b in series], title="Fallback rate", fmt=_pct, y_max=1
                ),
            ),
            (
                "Satisfaction",
                charts.line_chart([(t, b.satisfaction) for t, b in series], title="Satisfaction", fmt=_pct, y_max=1),
            ),
        ]
        return render("overview.html", request, o=o, figures=figures, range=range_name, ranges=RANGES, filters=filters)

    async def request_log(request: Request) -> Response:
        s = await store()
        range_name = _range(request)
        filters = _filters(request, LOG_FILTERS)
        search = request.query_params.get("q", "").strip()
        try:
            page_no = max(1, int(request.query_params.get("page", "1")))
        except ValueError:
            page_no = 1
        if s is None:
            return render("requests.html", request, ledger_off=True, range=range_name, ranges=RANGES, filters=filters)
        now = datetime.now(UTC)
        since, until, _ = bounds(range_name, now)
        query = RecordQuery(
            since=since,
            until=until,
            search=search or None,
            limit=PAGE_SIZE + 1,
            offset=(page_no - 1) * PAGE_SIZE,
            team_id=filters.get("team"),
            model=filters.get("model"),
            task=filters.get("task"),
            status=filters.get("status"),
            data_class=filters.get("data_class"),
        )
        rows = await s.records(query)
        params = {"range": range_name, **filters, **({"q": search} if search else {})}
        return render(
            "requests.html",
            request,
            rows=rows[:PAGE_SIZE],
            more=len(rows) > PAGE_SIZE,
            page=page_no,
            range=range_name,
            ranges=RANGES,
            filters=filters,
            search=search,
            query=urlencode(params),
        )

    async def request_detail(request: Request) -> Response:
        s = await store()
        rid = request.path_params["id"]
        record = await s.get(rid) if s is not None else None
        if record is None:
            return render("request.html", request, 404, record=None, request_id=rid)
        return render("request.html", request, record=record, request_id=rid)

    async def keys_page(request: Request) -> Response:
        teams: list[dict[str, Any]] = []
        keys: list[dict[str, Any]] = []
        spend: dict[str, float] = {}
        if sources.keys is not None:
            now = sources.keys.now()
            teams = [team_json(t) for t in await sources.keys.list_teams()]
            keys = [key_json(k, now) for k in await sources.keys.list_keys()]
        s = await store()
        if s is not None:
            now = datetime.now(UTC)
            month = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
            spend = {t.group["team_id"]: t.cost_usd for t in await s.totals(("team_id",), month, None)}
        names = {t["id"]: t["name"] for t in teams}
        chart = charts.bar_chart(
            [(names.get(team, team or "(no team)"), cost) for team, cost in sorted(spend.items())],
            title="Spend per team this month",
            fmt=_money,
        )
        return render("keys.html", request, teams=teams, keys=keys, spend=spend, chart=chart)

    async def experiments_page(request: Request) -> Response:
        svc = sources.experiments()
        reports: list[dict[str, Any]] = []
        if svc is not None:
            await store()  # flushed, so the results include every answered request
            reports = [await svc.report(name, apply_stop=False) for name in svc.specs]
        figures = {
            r["name"]: charts.bar_chart(
                [(str(a["arm"]), float(a["mean"])) for a in r["arms"] if a.get("mean") is not None],
                title=f"{r['name']}: mean {r.get('metric')} per arm",
            )
            for r in reports
            if r.get("arms")
        }
        return render("experiments.html", request, reports=reports, figures=figures, configured=svc is not None)

    async def audit_page(request: Request) -> Response:
        log = sources.audit()
        range_name = _range(request)
        entries: list[AuditRecord] = []
        if log is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(log.flush(), FLUSH_WAIT_S)
                since, until, _ = bounds(range_name, datetime.now(UTC))
            entries = await _newest(log.records(since, until), AUDIT_LIMIT)
        return render(
            "audit.html",
            request,
            entries=entries,
            enabled=log is not None,
            range=range_name,
            ranges=RANGES,
            limit=AUDIT_LIMIT,
        )

    async def savings_page(request: Request) -> Response:
        s = await store()
        range_name = _range(request)
        rate_raw = request.query_params.get("hourly_rate", "80")
        minutes_raw = request.query_params.get("minutes_saved", "")
        context: dict[str, Any] = {
            "range": range_name,
            "ranges": RANGES,
            "hourly_rate": rate_raw,
            "minutes_saved": minutes_raw,
        }
        if s is None:
            return render("savings.html", request, ledger_off=True, **context)
        since, until, _ = bounds(range_name, datetime.now(UTC))
        deployments = [d for spec in sources.catalog.aliases.values() for d in spec.deployments]
        seen = await s.totals(("provider", "model"), since, until)
        premium = reports.choose_premium(
            ((g.group["provider"], g.group["model"]) for g in seen), deployments, builtin_models()
        )
        saved = await reports.savings(s, premium, since, until) if premium is not None else None
        try:
            rate = float(rate_raw)
            minutes = {t: float(n) for t, _, n in (i.partition(":") for i in minutes_raw.split(",") if i.strip())}
        except ValueError:
            rate, minutes = 80.0, {}
            context["input_error"] = "hourly rate and minutes saved must be numbers (minutes: task:N,task:N)"
        roi = await reports.roi(s, rate, minutes, since, until, eur_per_usd=EUR_PER_USD)
        by_model = await reports.costs(s, "model", since, until)
        bars = []
        if saved is not None:
            cost = saved.columns.index("cost_usd")
            bars = [(str(row[0]), float(row[cost])) for row in saved.rows]
            bars.append((f"all on {saved.summary['premium_model']}", float(saved.summary["premium_cost_usd"])))
        chart = charts.bar_chart(bars, title="Actual cost per model vs all on the premium model", fmt=_money)
        return render("savings.html", request, saved=saved, roi=roi, by_model=by_model, chart=chart, **context)

    async def batches_page(request: Request) -> Response:
        svc = sources.batches
        rows = await svc.batches(Viewer(None), BATCH_LIMIT) if svc is not None else []
        return render("batches.html", request, batches=rows, enabled=svc is not None, limit=BATCH_LIMIT)

    return [
        Route("/ui/static/dashboard.css", stylesheet, methods=["GET"]),
        Route("/ui/login", login_form, methods=["GET"]),
        Route("/ui/login", login, methods=["POST"]),
        Route("/ui/logout", logout, methods=["POST"]),
        Route("/ui", page(home), methods=["GET"]),
        Route("/ui/requests", page(request_log), methods=["GET"]),
        Route("/ui/requests/{id}", page(request_detail), methods=["GET"]),
        Route("/ui/keys", page(keys_page), methods=["GET"]),
        Route("/ui/experiments", page(experiments_page), methods=["GET"]),
        Route("/ui/audit", page(audit_page), methods=["GET"]),
        Route("/ui/savings", page(savings_page), methods=["GET"]),
        Route("/ui/batches", page(batches_page), methods=["GET"]),
    ]


async def _newest(records: AsyncIterator[AuditRecord], limit: int) -> list[AuditRecord]:
    """The last ``limit`` records (they come oldest first), newest first."""
    kept: deque[AuditRecord] = deque(maxlen=limit)
    async for r in records:
        kept.append(r)
    return list(reversed(kept))
