"""GET /v1/models, /healthz (the process is up) and /readyz (it can serve)."""

from __future__ import annotations

import orjson
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.requests import Request
from starlette.responses import Response

from ...gateway import Gateway
from ..body import credential


def _json(data: object, status: int = 200) -> Response:
    return Response(orjson.dumps(data), status_code=status, media_type="application/json")


async def list_models(request: Request) -> Response:
    gw: Gateway = request.app.state.gateway
    await gw.auth.identify(credential(request))
    data = []
    for alias, spec in sorted(gw.catalog.aliases.items()):
        d = spec.deployments[0]
        data.append(
            {
                "id": alias,
                "object": "model",
                "created": 0,
                "owned_by": d.provider,
                "orkester": {
                    "deployments": [x.key for x in spec.deployments],
                    "regions": sorted({x.region or "unknown" for x in spec.deployments}),
                    "capabilities": d.capabilities,
                    "fallbacks": spec.fallbacks,
                },
            }
        )
    for name, route in sorted(gw.catalog.routes.items()):
        data.append(
            {
                "id": name,
                "object": "model",
                "created": 0,
                "owned_by": "orkester",
                "orkester": {"route": True, "strategy": route.strategy, "description": route.description},
            }
        )
    return _json({"object": "list", "data": data})


async def metrics(request: Request) -> Response:
    """Prometheus exposition of this process's metrics (names in observability/metrics.py)."""
    gw: Gateway = request.app.state.gateway
    await gw.observer.scrape(gw.state)  # rate windows and budgets from the shared state
    return Response(generate_latest(gw.metrics.registry), media_type=CONTENT_TYPE_LATEST)


async def healthz(request: Request) -> Response:
    return _json({"status": "ok"})


async def readyz(request: Request) -> Response:
    gw: Gateway = request.app.state.gateway
    circuits = gw.circuits.snapshot()
    deployments = {}
    for d in gw.catalog.deployments():
        state = circuits.get(d.key, {"state": "closed"})
        deployments[d.key] = {"provider": d.provider, "region": d.region, "circuit": state["state"]}
    serving = [k for k, v in deployments.items() if v["circuit"] != "open"]
    open_ = sorted(k for k, v in deployments.items() if v["circuit"] == "open")
    status = "ready" if not open_ else ("degraded" if serving else "unavailable")
    return _json(
        {"status": status, "open_circuits": open_, "deployments": deployments},
        200 if serving else 503,
    )
