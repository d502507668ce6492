"""Routing services: one embedding serves task detection and the learned router; planning that
runs a model happens off the event loop; the parts load at start-up."""

from __future__ import annotations

import asyncio
import threading

import pytest

from orkester.catalog.resolve import Catalog
from orkester.gateway import build_gateway
from orkester.pipeline.context import RequestContext
from orkester.pipeline.stages import RoutingStage
from orkester.routing.learned.predictor import QualityPredictor
from orkester.routing.plan import Candidate, Plan, RouteInput
from orkester.routing.services import Services
from orkester.settings import Deployment, RoutingSettings, Settings
from orkester.types import ChatRequest, Message


def test_the_shipped_router_reads_the_task_detectors_vector() -> None:
    """A routing decision embeds the prompt once: detection misses the cache, the router hits it."""
    services = Services(RoutingSettings())
    text = "Kan du skrive et tilbud på 40 sveisede stålbraketter med levering i mars?"
    assert services.detect_task(text) is not None
    before = services.embedder().cache_stats()
    probs = services.predict_quality(text)
    after = services.embedder().cache_stats()
    assert after.misses == before.misses and after.hits == before.hits + 1
    assert set(probs) == set(QualityPredictor.load().models)
    assert all(0.0 < p < 1.0 for p in probs.values())


class _Recorder:
    name = "recorder"

    def __init__(self, blocking: bool) -> None:
        self.blocking = blocking
        self.threads: list[int] = []
        self.warmed = threading.Event()

    def warm(self) -> None:
        self.warmed.set()

    def plan(self, route: RouteInput) -> Plan:
        self.threads.append(threading.get_ident())
        dep = Deployment(provider="p", model="m")
        return Plan(strategy=self.name, mode="single", candidates=[Candidate("m", dep)], reasons=[])


def _ctx(model: str) -> RequestContext:
    req = ChatRequest(model=model, messages=[Message(role="user", content="hei")])
    return RequestContext(request_id="req-1", kind="chat", request=req)


@pytest.mark.parametrize("blocking", [True, False])
def test_blocking_routes_are_planned_in_a_worker_thread(blocking: bool) -> None:
    strategy = _Recorder(blocking)
    catalog = Catalog(providers={}, aliases={}, default_model=None)
    stage = RoutingStage(catalog=catalog, default=strategy, routes={"auto": strategy}, provider_names=set())

    async def run() -> int:
        async def done(_ctx: RequestContext) -> None:
            return None

        await stage(_ctx("auto"), done)
        return threading.get_ident()

    loop_thread = asyncio.run(run())
    assert (strategy.threads[0] != loop_thread) is blocking


def test_gateway_start_warms_the_blocking_routes() -> None:
    settings = Settings.model_validate(
        {
            "providers": {"sim": {"type": "sim"}},
            "models": {"cheap": {"deployments": [{"provider": "sim", "model": "cheap"}]}},
            "routing": {"routes": {"auto": {"strategy": "rules", "tasks": {"code": "cheap"}, "default": "cheap"}}},
            "use_builtin_catalog": False,
        }
    )
    gw = build_gateway(settings, env={}, local_available=False)
    recorder = _Recorder(True)
    gw.routing.routes["auto"] = recorder

    async def run() -> None:
        await gw.start()
        assert gw.warming is not None
        await gw.warming
        await gw.close()

    asyncio.run(run())
    assert recorder.warmed.is_set()

    off = build_gateway(
        settings.model_copy(update={"routing": settings.routing.model_copy(update={"warm_up": False})}),
        env={},
        local_available=False,
    )

    async def run_off() -> None:
        await off.start()
        assert off.warming is None
        await off.close()

    asyncio.run(run_off())
