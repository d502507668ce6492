"""Experiment results on the admin API: ``GET /admin/experiments`` (one line each) and
``GET /admin/experiments/NAME`` (arms, n, metric means with 95 % intervals, p-values, the decision, the
guardrail, shadow figures and whether it stopped and why). Records the gateway has acknowledged are moved
into the database first. Looking applies the stopping rule, as a request's look would. Admin key required.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ...errors import NotFoundError, RequestError
from ...experiments import ExperimentService
from ...ledger.writer import LedgerWriter
from .admin import admin_guard

FLUSH_WAIT_S = 2.0


def experiment_routes(
    service: Callable[[], ExperimentService | None],
    writer: Callable[[], LedgerWriter | None],
    admin_key: str | None,
    *,
    admin_key_env: str | None = "ORKESTER_ADMIN_KEY",
) -> list[Route]:
    guard = admin_guard(admin_key, admin_key_env)

    async def ready() -> ExperimentService:
        svc = service()
        if svc is None:
            raise NotFoundError("No experiments are configured (experiments: in the config).", code="no_experiments")
        w = writer()
        if w is None:
            raise RequestError("The usage ledger is off (ledger.enabled: false).", code="ledger_disabled")
        with contextlib.suppress(TimeoutError):  # a database that is down answers with what it has
            await asyncio.wait_for(w.flush(), FLUSH_WAIT_S)
        return svc

    async def listing(request: Request) -> Response:
        svc = await ready()
        return Response(orjson.dumps({"experiments": await svc.summaries()}), media_type="application/json")

    async def show(request: Request) -> Response:
        svc = await ready()
        name = request.path_params["name"]
        if name not in svc.specs:
            raise NotFoundError(f"No experiment {name!r} (configured: {', '.join(svc.specs)})", code="not_found")
        return Response(orjson.dumps(await svc.report(name)), media_type="application/json")

    return [
        Route("/admin/experiments", guard(listing), methods=["GET"]),
        Route("/admin/experiments/{name}", guard(show), methods=["GET"]),
    ]
