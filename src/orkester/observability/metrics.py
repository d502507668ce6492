"""Every metric Orkester exports, named in this one file.

One :class:`Metrics` per app, on its own ``CollectorRegistry`` (nothing global). Label values come only
from configuration (alias, route, provider, model, task type, team) or from small closed sets (status,
outcome, token kind, error code), never from request ids or user text: :mod:`.labels` turns anything a
caller could make up into ``other``. docs/observability.md lists them all with example queries.

Three kinds of update:

* at the end of each request, :meth:`Metrics.request_done` (one call from the server);
* on each upstream attempt, from execution (:meth:`attempt`, :meth:`retry`, :meth:`skip`, :meth:`fallback`);
* at scrape time, the collectors in :mod:`.collectors` read circuits, in-flight calls, rate windows and
  budgets; their families are described here by a :class:`Family`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily

from .labels import LabelSets

if TYPE_CHECKING:
    from ..pipeline.context import RequestContext
    from ..settings import Deployment

M = TypeVar("M", Counter, Histogram)

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)
_OVERHEAD_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1)
_REQUEST_LABELS = ["endpoint", "alias", "provider", "model", "task", "team", "status"]
_TOKEN_KINDS = ("input", "output", "cached_input", "reasoning")


@dataclass(frozen=True, slots=True)
class Family:
    """A gauge family read at scrape time (:mod:`.collectors`)."""

    name: str
    help: str
    labels: tuple[str, ...]

    def gauge(self) -> GaugeMetricFamily:
        return GaugeMetricFamily(self.name, self.help, labels=list(self.labels))


CIRCUIT_STATE = Family(
    "orkester_circuit_state", "Circuit breaker per deployment: 0 closed, 1 half-open, 2 open.", ("deployment",)
)
IN_FLIGHT = Family("orkester_upstream_in_flight", "Upstream calls under way, by deployment.", ("provider", "model"))
MAX_CONCURRENCY = Family(
    "orkester_deployment_max_concurrency", "A deployment's configured max_concurrency.", ("provider", "model")
)
CAPACITY_USED = Family(
    "orkester_deployment_capacity_used_ratio",
    "Upstream calls in flight over the deployment's max_concurrency (this process).",
    ("provider", "model"),
)
RATE_LIMIT = Family(
    "orkester_deployment_rate_limit",
    "A deployment's own rate limit per sliding minute (limit: rpm or tpm).",
    ("provider", "model", "limit"),
)
RATE_USED = Family(
    "orkester_deployment_rate_used",
    "Requests (rpm) or tokens (tpm) counted against the deployment's limit in the last 60 s, in the shared state.",
    ("provider", "model", "limit"),
)
RATE_HEADROOM = Family(
    "orkester_deployment_rate_headroom_ratio",
    "Share of the deployment's rpm or tpm still free in the sliding minute (1 idle, 0 full).",
    ("provider", "model", "limit"),
)
BUDGET_LIMIT = Family(
    "orkester_budget_limit_usd",
    "A key's or team's budget per window (day, month, total), for the scopes seen since start.",
    ("scope", "id", "name", "window"),
)
BUDGET_REMAINING = Family(
    "orkester_budget_remaining_usd",
    "Budget left in the window: limit minus spent minus reserved by requests in flight (shared state).",
    ("scope", "id", "name", "window"),
)


class _Children(Generic[M]):
    """A metric's children by label values, kept in a dict: ``labels()`` validates and locks on every call
    (about 1 µs), a dict lookup costs a twentieth of that. Bounded like the label values themselves."""

    __slots__ = ("_children", "_metric")

    def __init__(self, metric: M) -> None:
        self._metric: M = metric
        self._children: dict[tuple[str, ...], M] = {}

    def __call__(self, *values: str) -> M:
        child = self._children.get(values)
        if child is None:
            child = self._children[values] = self._metric.labels(*values)
        return child


class Metrics:
    def __init__(self, labels: LabelSets, registry: CollectorRegistry | None = None) -> None:
        self.labels = labels
        r = self.registry = registry or CollectorRegistry()
        self.requests = Counter(
            "orkester_requests_total",
            "Requests answered, by endpoint, alias, the deployment that answered, task type, team and HTTP status.",
            _REQUEST_LABELS,
            registry=r,
        )
        self.request_seconds = Histogram(
            "orkester_request_duration_seconds",
            "Whole request time as the client sees it (to the last byte for streams).",
            _REQUEST_LABELS,
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
        self.errors = Counter(
            "orkester_errors_total",
            "Requests that ended in an error, by endpoint and error code (the `code` of the error body).",
            ["endpoint", "type"],
            registry=r,
        )
        self.attempts = Counter(
            "orkester_upstream_attempts_total",
            "Upstream calls, by deployment and outcome (ok, or the error code).",
            ["provider", "model", "outcome"],
            registry=r,
        )
        self.retries = Counter(
            "orkester_retries_total",
            "Upstream calls repeated on the same deployment after a retryable failure.",
            ["provider", "model"],
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
            "Answers that came from another candidate than the first of their chain (after a failure or a skip), "
            "by the alias of the candidate that was passed over.",
            ["alias"],
            registry=r,
        )
        self.routed = Counter(
            "orkester_route_requests_total",
            "Requests to a route (not a plain alias), by route and plan mode (single, fallback, cascade, ensemble).",
            ["route", "mode"],
            registry=r,
        )
        self.escalations = Counter(
            "orkester_cascade_escalations_total",
            "Cascade tiers escalated past (the answer was rejected or the tier failed), by route.",
            ["route"],
            registry=r,
        )
        self.ensemble_calls = Counter(
            "orkester_ensemble_calls_total",
            "Upstream calls ensemble requests made, by route and role (member, judge, answer: a fusion's aggregator).",
            ["route", "role"],
            registry=r,
        )
        self.tokens = Counter(
            "orkester_tokens_total",
            "Tokens of every upstream call, by deployment, kind (input, output, cached_input, reasoning) and team.",
            ["provider", "model", "kind", "team"],
            registry=r,
        )
        self.cost = Counter(
            "orkester_cost_usd_total",
            "Cost in USD at the catalog's prices of every upstream call, by alias, deployment, task type and team.",
            ["alias", "provider", "model", "task", "team"],
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
        #: incremented by the response cache's stage (pipeline/cache.py), one per lookup
        self.cache_lookups = Counter(
            "orkester_cache_lookups_total",
            "Response cache lookups by result (hit, semantic_hit, miss, bypass, error).",
            ["result"],
            registry=r,
        )
        for result in ("hit", "miss"):
            self.cache_lookups.labels(result)
        #: incremented by the batch workers (batch/runner.py), once per line whose result was stored
        self.batch_lines = Counter(
            "orkester_batch_lines_total",
            "Batch lines processed, by endpoint (chat, embeddings) and outcome (completed, failed).",
            ["endpoint", "outcome"],
            registry=r,
        )
        # what the request path updates, looked up through a dict rather than ``labels()``
        self._requests = _Children(self.requests)
        self._request_seconds = _Children(self.request_seconds)
        self._overhead = _Children(self.overhead_seconds)
        self._ttft = _Children(self.ttft_seconds)
        self._attempts = _Children(self.attempts)
        self._tokens = _Children(self.tokens)
        self._cost = _Children(self.cost)

    # --- from execution, per upstream call ------------------------------------------------

    def attempt(self, dep: Deployment, outcome: str) -> None:
        self._attempts(dep.provider, self.labels.model(dep), outcome).inc()

    def retry(self, dep: Deployment) -> None:
        self.retries.labels(dep.provider, self.labels.model(dep)).inc()

    def skip(self, dep: Deployment, reason: str) -> None:
        self.skips.labels(dep.provider, self.labels.model(dep), reason).inc()

    def fallback(self, passed_over_alias: str) -> None:
        self.fallbacks.labels(self.labels.alias(passed_over_alias)).inc()

    # --- once per request -----------------------------------------------------------------

    def request_done(
        self, ctx: RequestContext | None, endpoint: str, status: int, elapsed: float, error: str | None = None
    ) -> None:
        if error is not None:
            self.errors.labels(endpoint, error).inc()
        if ctx is None:  # refused before it became a request (bad JSON, too large)
            self.requests.labels(endpoint, "", "", "", "", "", str(status)).inc()
            return
        lab = self.labels
        served = ctx.served_by
        alias = provider = model = ""
        if served is not None:
            alias, provider, model = lab.alias(served.alias), served.deployment.provider, lab.model(served.deployment)
        task, team = lab.task(ctx), lab.team(ctx)
        key = (endpoint, alias, provider, model, task, team, str(status))
        self._requests(*key).inc()
        self._request_seconds(*key).observe(elapsed)
        self._overhead(endpoint).observe(max(0.0, elapsed - ctx.upstream_seconds))
        c = ctx.classification
        if c is not None:
            detection = "failed" if c.failed else "ok"
            self.data_protection.labels(c.final, ctx.guard_action or "none", detection).inc()
            for kind, n in c.counts().items():
                self.pii_entities.labels(kind).inc(n)
        if ctx.calls:
            self._calls(ctx, task, team)
        plan = ctx.plan
        if plan is not None and ctx.request.model in lab.routes:
            self.routed.labels(ctx.request.model, plan.mode).inc()
            if plan.mode in ("cascade", "ensemble"):
                self._composite(ctx)
        if ctx.first_chunk_seconds is not None and served is not None:
            self._ttft(provider, model).observe(ctx.first_chunk_seconds)

    def _calls(self, ctx: RequestContext, task: str, team: str) -> None:
        """Tokens and cost of every call the request made, on the deployment that made it."""
        lab = self.labels
        for call in ctx.calls:
            dep, u = call.candidate.deployment, call.usage
            model = lab.model(dep)
            for kind, n in zip(
                _TOKEN_KINDS,
                (u.input_tokens, u.output_tokens, u.cached_input_tokens, u.reasoning_tokens),
                strict=True,
            ):
                if n:
                    self._tokens(dep.provider, model, kind, team).inc(n)
            if dep.price is not None:
                cost = dep.price.cost(u.input_tokens, u.output_tokens, u.cached_input_tokens, u.characters)
                if cost:
                    self._cost(lab.alias(call.candidate.alias), dep.provider, model, task, team).inc(cost)

    def _composite(self, ctx: RequestContext) -> None:
        """A cascade's escalations; an ensemble's calls by role."""
        route = ctx.request.model  # a configured route (checked by the caller)
        if ctx.escalations:
            self.escalations.labels(route).inc(ctx.escalations)
        if ctx.plan is not None and ctx.plan.mode == "ensemble":
            for call in ctx.calls:
                self.ensemble_calls.labels(route, call.purpose).inc()
