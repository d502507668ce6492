"""Gauges read when Prometheus scrapes, not updated on every call: circuit state, calls in flight and
capacity per deployment, deployments' rate windows and budgets (the last two as :mod:`.scrape` read them).

Names and help texts are in :mod:`.metrics`. Deployments outside the catalog (a ``provider/model`` named
directly) are summed into ``model="other"`` so callers cannot add series.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from ..reliability.circuit import Circuits
from ..reliability.live import LiveStats
from ..settings import Deployment
from .labels import OTHER, LabelSets
from .metrics import (
    BUDGET_LIMIT,
    BUDGET_REMAINING,
    CAPACITY_USED,
    CIRCUIT_STATE,
    IN_FLIGHT,
    MAX_CONCURRENCY,
    RATE_HEADROOM,
    RATE_LIMIT,
    RATE_USED,
)
from .scrape import StateReadings

_CIRCUIT_VALUES = {"closed": 0.0, "half_open": 1.0, "open": 2.0}


class CircuitCollector(Collector):
    """Circuit state per deployment, read from the breakers at scrape time (unknown deployments: the worst)."""

    def __init__(self, circuits: Circuits, labels: LabelSets) -> None:
        self.circuits = circuits
        self.labels = labels

    def collect(self) -> Iterator[GaugeMetricFamily]:
        states: dict[str, float] = {}
        for key, snap in self.circuits.snapshot().items():
            label = self.labels.deployment(key)
            states[label] = max(states.get(label, 0.0), _CIRCUIT_VALUES[str(snap["state"])])
        g = CIRCUIT_STATE.gauge()
        for label, value in sorted(states.items()):
            g.add_metric([label], value)
        yield g


class CapacityCollector(Collector):
    """Calls in flight per deployment (this process) against ``max_concurrency``, and the deployments'
    own rpm/tpm windows (shared state, as last read by :class:`~.scrape.StateReadings`)."""

    def __init__(self, live: LiveStats, deployments: Sequence[Deployment], readings: StateReadings) -> None:
        self.live = live
        self.deployments = {d.key: d for d in deployments}
        self.readings = readings

    def collect(self) -> Iterator[GaugeMetricFamily]:
        in_flight: dict[tuple[str, str], float] = {}
        for key, live in self.live.items():
            dep = self.deployments.get(key)
            labels = (dep.provider, dep.model) if dep else (key.partition("/")[0], OTHER)
            in_flight[labels] = in_flight.get(labels, 0.0) + live.in_flight
        flying, limit, used = IN_FLIGHT.gauge(), MAX_CONCURRENCY.gauge(), CAPACITY_USED.gauge()
        for (provider, model), n in sorted(in_flight.items()):
            flying.add_metric([provider, model], n)
        for dep in self.deployments.values():
            if dep.max_concurrency:
                n = in_flight.get((dep.provider, dep.model), 0.0)
                limit.add_metric([dep.provider, dep.model], dep.max_concurrency)
                used.add_metric([dep.provider, dep.model], n / dep.max_concurrency)
        yield flying
        yield limit
        yield used
        rate_limit, rate_used, headroom = RATE_LIMIT.gauge(), RATE_USED.gauge(), RATE_HEADROOM.gauge()
        for key, usage in sorted(self.readings.rates.items()):
            dep = self.deployments[key]
            for kind, cap, n in (("rpm", dep.rpm, usage.requests), ("tpm", dep.tpm, usage.tokens)):
                if cap:
                    rate_labels = [dep.provider, dep.model, kind]
                    rate_limit.add_metric(rate_labels, cap)
                    rate_used.add_metric(rate_labels, n)
                    headroom.add_metric(rate_labels, max(0.0, 1.0 - n / cap))
        yield rate_limit
        yield rate_used
        yield headroom


class BudgetCollector(Collector):
    """Budget limit and what is left per key and team window, as last read by :class:`~.scrape.StateReadings`."""

    def __init__(self, readings: StateReadings) -> None:
        self.readings = readings

    def collect(self) -> Iterator[GaugeMetricFamily]:
        limit, remaining = BUDGET_LIMIT.gauge(), BUDGET_REMAINING.gauge()
        for r in self.readings.budgets:
            labels = [r.budget.scope.kind, r.budget.scope.id, r.budget.name, r.window]
            limit.add_metric(labels, r.limit_usd)
            remaining.add_metric(labels, r.remaining_usd)
        yield limit
        yield remaining
