"""Every metric Orkester exports, named in this one file.

One :class:`Metrics` per app, on its own ``CollectorRegistry`` (nothing global). Label
values come only from configuration (alias, provider, model) or from small closed sets
(status, outcome, token kind), never from request ids or user text, so series stay bounded.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

if TYPE_CHECKING:
    from ..pipeline.context import RequestContext
    from ..reliability.circuit import Circuits

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)
_OVERHEAD_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1)
_CIRCUIT_VALUES = {"closed": 0.0, "half_open": 1.0, "open": 2.0}


class Metrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        r = self.registry = registry or CollectorRegistry()
        self.requests = Counter(
            "orkester_requests_total",
            "Requests answered, by endpoint, alias, the deployment that answered, and HTTP status.",
            ["endpoint", "alias", "provider", "model", "status"],
            registry=r,
        )
        self.request_seconds = Histogram(
            "orkester_request_duration_seconds",
            "Whole request time as the client sees it (to the last byte for streams).",
            ["endpoint", "alias", "provider", "model"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.overhead_seconds = Histogram(
            "orkester_gateway_overhead_seconds",
            "Time spent in Orkester itself: request time minus time waiting on upstreams.",
            ["endpoint"],
            buckets=_OVERHEAD_BUCKETS,
            registry=r,
        )
        self.ttft_seconds = Histogram(
            "orkester_time_to_first_token_seconds",
            "From request arrival to the first streamed chunk, by the deployment that answered.",
            ["provider", "model"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.attempts = Counter(
            "orkester_upstream_attempts_total",
            "Upstream calls, by deployment and outcome (ok, or the error code).",
            ["provider", "model", "outcome"],
            registry=r,
        )
        self.skips = Counter(
            "orkester_deployment_skips_total",
            "Candidates execution passed over without calling them, by deployment and reason "
            "(circuit_open, or rpm / tpm: no room under the deployment's own rate limit).",
            ["provider", "model", "reason"],
            registry=r,
        )
        self.fallbacks = Counter(
            "orkester_fallbacks_total",
            "Requests answered by another candidate than the plan's first.",
            ["alias"],
            registry=r,
        )
        self.tokens = Counter(
            "orkester_tokens_total",
            "Tokens by deployment and kind (input, output, cached_input, reasoning).",
            ["provider", "model", "kind"],
            registry=r,
        )
        self.cost = Counter(
            "orkester_cost_usd_total",
            "Cost in USD at the catalog's prices, by alias and deployment.",
            ["alias", "provider", "model"],
            registry=r,
        )
        self.data_protection = Counter(
            "orkester_data_protection_decisions_total",
            "Requests by final data class and what residency did (allowed, rerouted, pseudonymised, refused); "
            "detection says whether detection ran or failed closed.",
            ["data_class", "action", "detection"],
            registry=r,
        )
        self.pii_entities = Counter(
            "orkester_pii_entities_total",
            "Personal-data findings in requests, by entity type (built-in types and the configured custom ones).",
            ["type"],
            registry=r,
        )
        self.in_flight = Gauge(
            "orkester_upstream_in_flight",
            "Upstream calls under way, by deployment.",
            ["provider", "model"],
            registry=r,
        )

    def watch_circuits(self, circuits: Circuits) -> None:
        self.registry.register(_CircuitCollector(circuits))

    def request_done(self, ctx: RequestContext | None, endpoint: str, status: int, elapsed: float) -> None:
        if ctx is None:  # refused before it became a request (bad JSON, too large)
            self.requests.labels(endpoint, "", "", "", str(status)).inc()
            return
        served = ctx.served_by
        alias, provider, model = ("", "", "")
        if served is not None:
            alias, provider, model = served.alias, served.deployment.provider, served.deployment.model
        self.requests.labels(endpoint, alias, provider, model, str(status)).inc()
        self.request_seconds.labels(endpoint, alias, provider, model).observe(elapsed)
        self.overhead_seconds.labels(endpoint).observe(max(0.0, elapsed - ctx.upstream_seconds))
        c = ctx.classification
        if c is not None:
            detection = "failed" if c.failed else "ok"
            self.data_protection.labels(c.final, ctx.guard_action or "none", detection).inc()
            for kind, n in c.counts().items():
                self.pii_entities.labels(kind).inc(n)
        if served is None:
            return
        plan = ctx.plan
        if plan is not None and plan.candidates and plan.candidates[0] is not served:
            self.fallbacks.labels(plan.candidates[0].alias).inc()
        u = ctx.usage
        for kind, n in (
            ("input", u.input_tokens),
            ("output", u.output_tokens),
            ("cached_input", u.cached_input_tokens),
            ("reasoning", u.reasoning_tokens),
        ):
            if n:
                self.tokens.labels(provider, model, kind).inc(n)
        if ctx.cost_usd:
            self.cost.labels(alias, provider, model).inc(ctx.cost_usd)
        if ctx.first_chunk_seconds is not None:
            self.ttft_seconds.labels(provider, model).observe(ctx.first_chunk_seconds)


class _CircuitCollector(Collector):
    """Circuit state per deployment, read from the breakers at scrape time."""

    def __init__(self, circuits: Circuits) -> None:
        self.circuits = circuits

    def collect(self) -> Iterator[GaugeMetricFamily]:
        g = GaugeMetricFamily(
            "orkester_circuit_state",
            "Circuit breaker per deployment: 0 closed, 1 half-open, 2 open.",
            labels=["deployment"],
        )
        for key, snap in self.circuits.snapshot().items():
            g.add_metric([key], _CIRCUIT_VALUES[str(snap["state"])])
        yield g
