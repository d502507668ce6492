"""Where the server reports each request's end, and what ``/metrics`` refreshes before it renders.

One :class:`Observer` per gateway, built by :func:`build_observer` from the settings and the catalog: the
metrics (always), the scrape-time collectors, and the request traces when tracing is configured.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..accounting.budgets import SharedState
from ..catalog.resolve import Catalog
from ..guardrails.entities import ClassOrder
from ..pipeline.context import RequestContext
from ..reliability.circuit import Circuits
from ..reliability.live import LiveStats
from ..settings import Settings
from .collectors import BudgetCollector, CapacityCollector, CircuitCollector
from .labels import LabelSets
from .metrics import Metrics
from .scrape import StateReadings
from .tracing import Tracing, open_tracing

if TYPE_CHECKING:
    from .spans import RequestTraces

log = logging.getLogger("orkester.observability")


class Observer:
    def __init__(
        self,
        metrics: Metrics,
        readings: StateReadings,
        tracing: Tracing | None = None,
        traces: RequestTraces | None = None,
    ) -> None:
        self.metrics = metrics
        self.readings = readings
        self.tracing = tracing
        self.traces = traces

    def request_done(
        self, ctx: RequestContext | None, endpoint: str, status: int, elapsed: float, error: str | None = None
    ) -> None:
        """Once per request, when its answer (or its error, or its stream's last event) is complete."""
        self.metrics.request_done(ctx, endpoint, status, elapsed, error)
        if ctx is None:
            return
        if ctx.key is not None:
            self.readings.seen(ctx.key)
        if self.traces is not None:
            try:
                self.traces.record(ctx, endpoint, status, error)
            except Exception:  # a trace is never worth a failed answer
                log.exception("could not record the trace of request %s", ctx.request_id)

    async def scrape(self, state: SharedState | None) -> None:
        """Read what the gauges show from the shared state (rate windows, budgets) before rendering."""
        await self.readings.refresh(state)

    async def close(self) -> None:
        if self.tracing is not None:
            await self.tracing.close()


def build_observer(
    settings: Settings,
    catalog: Catalog,
    circuits: Circuits,
    live: LiveStats,
    env: Mapping[str, str],
) -> Observer:
    labels = LabelSets(catalog, settings)
    metrics = Metrics(labels)
    deployments = catalog.deployments()
    readings = StateReadings(deployments)
    metrics.registry.register(CircuitCollector(circuits, labels))
    metrics.registry.register(CapacityCollector(live, deployments, readings))
    metrics.registry.register(BudgetCollector(readings))
    obs = settings.observability
    tracing = open_tracing(obs, env)
    if tracing is None:
        return Observer(metrics, readings)
    from .spans import RequestTraces

    classes = ClassOrder(settings.guardrails.classes)
    traces = RequestTraces(tracing.tracer, catalog.providers, labels, classes, content=obs.trace_content)
    log.info("tracing: spans go to %s over OTLP/HTTP", tracing.endpoint)
    return Observer(metrics, readings, tracing, traces)
