"""Typed configuration: YAML file plus environment, validated once at start-up.

Secrets are never written in the config: a provider names the environment variable that
holds its key (``api_key_env``), and ``orkester config show`` masks the value.
Sections follow the architecture: server, providers, models, routing, reliability.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .batch.config import BatchSettings
from .errors import ConfigError
from .integrations.config import IntegrationSettings

Quality = Literal["low", "normal", "high", "critical"]
Capability = Literal["chat", "tools", "vision", "json", "embeddings", "logprobs", "streaming"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Price(_Section):
    """USD per million tokens; translation services (DeepL, Google Translate) bill per million characters."""

    input: float = 0.0
    output: float = 0.0
    cached_input: float | None = None
    #: USD per million characters billed (``Usage.characters``)
    per_million_characters: float = 0.0

    def cost(self, input_tokens: int, output_tokens: int, cached_input_tokens: int = 0, characters: int = 0) -> float:
        cached_rate = self.input if self.cached_input is None else self.cached_input
        fresh = max(0, input_tokens - cached_input_tokens)
        tokens = fresh * self.input + cached_input_tokens * cached_rate + output_tokens * self.output
        return (tokens + characters * self.per_million_characters) / 1e6


class SimSettings(_Section):
    """How a ``sim`` deployment behaves: every answer it gives is labelled simulated."""

    ttft_ms: float = 50.0
    tokens_per_second: float = 200.0
    failure_rate: float = Field(default=0.0, ge=0, le=1)
    output_tokens: int = 40
    seed: int | None = None
    #: share of answers that are good; the others are an "I don't know" non-answer with low
    #: token log-probabilities, so cascades and their checks can be tried without keys
    quality: float = Field(default=1.0, ge=0, le=1)
    #: answer exactly this (e.g. a multiple-choice letter, to try majority votes)
    reply: str | None = None


class Deployment(_Section):
    """One concrete place a model alias can be served from."""

    provider: str
    model: str
    region: str | None = None
    tier: Literal["cheap", "mid", "premium"] | None = None
    price: Price | None = None
    context_window: int | None = None
    max_output_tokens: int | None = None
    capabilities: list[Capability] | None = None
    #: requests and tokens per sliding minute this deployment takes, counted in the shared state (every
    #: replica on the same Redis or PostgreSQL shares them); a deployment without room is skipped
    rpm: int | None = Field(default=None, ge=1)
    tpm: int | None = Field(default=None, ge=1)
    weight: float = 1.0
    #: calls this deployment takes at once; routing avoids it as it fills up
    max_concurrency: int | None = None
    sim: SimSettings | None = None
    options: dict[str, Any] = Field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.provider}/{self.model}"


class ModelAlias(_Section):
    deployments: list[Deployment] = Field(min_length=1)
    fallbacks: list[str] = Field(default_factory=list)
    description: str | None = None


class ProviderSettings(_Section):
    """A configured provider instance. ``type`` names a registered provider kind."""

    type: str
    base_url: str | None = None
    api_key_env: str | None = None
    region: str | None = None
    api_version: str | None = None
    headers: dict[str, str] = Field(default_factory=dict)
    options: dict[str, Any] = Field(default_factory=dict)
    enabled: bool = True

    def api_key(self) -> str | None:
        return os.environ.get(self.api_key_env) if self.api_key_env else None


class ServerSettings(_Section):
    host: str = "127.0.0.1"
    port: int = 4000
    workers: int = 1
    master_key_env: str | None = "ORKESTER_MASTER_KEY"
    max_body_bytes: int = 8 * 1024 * 1024
    demo: bool = False


class TimeoutSettings(_Section):
    connect: float = 5.0
    first_token: float = 60.0
    total: float = 600.0


class RetrySettings(_Section):
    max_attempts: int = Field(default=2, ge=1, le=10)
    backoff_base: float = 0.25
    backoff_max: float = 8.0
    max_retry_after: float = 10.0


class CircuitSettings(_Section):
    window: int = Field(default=20, ge=1)
    min_requests: int = Field(default=5, ge=1)
    error_ratio: float = Field(default=0.5, gt=0, le=1)
    open_seconds: float = 30.0
    half_open_probes: int = 1
    #: with Redis (``state.redis_url``): how long a process trusts its cached view that a deployment's
    #: circuit is closed before it reads the shared state again (an open circuit is known until it ends)
    refresh_ms: float = Field(default=250.0, ge=0)


class ReliabilitySettings(_Section):
    timeouts: TimeoutSettings = Field(default_factory=TimeoutSettings)
    retries: RetrySettings = Field(default_factory=RetrySettings)
    circuit_breaker: CircuitSettings = Field(default_factory=CircuitSettings)
    pool_size: int = 100


class TierSpec(_Section):
    """One cascade tier: a model alias, and the check its answer must pass to be returned."""

    model: str
    check: dict[str, Any] | None = None
    #: per task type, a different threshold for this tier's check
    thresholds: dict[str, float] = Field(default_factory=dict)


class CascadeSpec(_Section):
    tiers: list[TierSpec] = Field(min_length=2)


class EnsembleSpec(_Section):
    members: list[str] = Field(min_length=2)
    combine: Literal["vote", "judge", "fusion"] = "vote"
    #: the alias that judges (combine: judge) or writes the fused answer (combine: fusion)
    judge: str | None = None
    deadline_ms: float = 30_000
    min_answers: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _judge_needed(self) -> EnsembleSpec:
        if self.combine != "vote" and not self.judge:
            raise ValueError(f"combine: {self.combine} needs a judge alias")
        return self


class EnsembleWhen(_Section):
    """When a route switches to its ensemble; any condition that holds is enough."""

    tasks: list[str] = Field(default_factory=list)
    quality: list[Quality] = Field(default_factory=lambda: list[Quality](["critical"]))
    #: the router's own confidence (task detection) below this
    confidence_below: float | None = None


class LearnedSpec(_Section):
    """The learned router: which aliases it chooses among, and what each is in the predictor's terms."""

    #: alias -> the predictor's model name whose quality it stands for (e.g. "gpt-4-1106-preview")
    candidates: dict[str, str] = Field(min_length=2)
    #: a trained artifact (``orkester router train``); the shipped one when not set
    artifact: str | None = None
    #: output tokens assumed for the cost estimate when the request sets no limit
    expected_output_tokens: int = 300
    latency_weight: float = 0.1
    capacity_weight: float = 0.05
    #: quality need -> {min_prob, cost_weight}, overriding the defaults
    needs: dict[str, dict[str, float]] = Field(default_factory=dict)


class RouteSpec(_Section):
    """A model name callers may ask for whose strategy picks the model per request."""

    strategy: str
    description: str | None = None
    #: rules: task type → alias or route name; ``default`` when no rule applies
    tasks: dict[str, str] = Field(default_factory=dict)
    default: str | None = None
    #: detected task types below this confidence count as unknown
    min_confidence: float = Field(default=0.5, ge=0, le=1)
    cascade: CascadeSpec | None = None
    ensemble: EnsembleSpec | None = None
    ensemble_when: EnsembleWhen | None = None
    learned: LearnedSpec | None = None
    options: dict[str, Any] = Field(default_factory=dict)


class TaskTypeSpec(_Section):
    description: str | None = None
    examples: list[str] = Field(min_length=1)


class RoutingSettings(_Section):
    strategy: str = "fallback"
    default_model: str | None = None
    routes: dict[str, RouteSpec] = Field(default_factory=dict)
    #: task types added to the built-in ones, each with a few example prompts
    task_types: dict[str, TaskTypeSpec] = Field(default_factory=dict)
    #: load the embedding engine, task model and predictors at start-up (in the background)
    #: instead of on the first request that needs them
    warm_up: bool = True
    #: a request whose worst case does not fit its key's or team's budget: "refuse" (429 budget_exceeded), or
    #: "downgrade": answer with the dearest of the plan's own deployments that fits, else ``budget_fallback``
    over_budget: Literal["refuse", "downgrade"] = "refuse"
    #: the model alias a downgraded request may fall back to when nothing in its plan fits (a local model)
    budget_fallback: str | None = None


class CustomPattern(_Section):
    """A company's own identifier: a regular expression, the entity type it reports, the class it implies."""

    name: str = Field(pattern=r"^[A-Z][A-Z0-9_]{0,39}$")
    regex: str
    data_class: str = "confidential"


class CustomTerms(_Section):
    """A company's own term list (project code names, customer names...): matched as whole words, any case."""

    name: str = Field(pattern=r"^[A-Z][A-Z0-9_]{0,39}$")
    terms: list[str] = Field(min_length=1)
    data_class: str = "confidential"


class DetectionSettings(_Section):
    #: personal names by spaCy NER as well as the Norwegian gazetteer
    ner: bool = True
    #: a scan slower than this fails closed: the request is treated as the strictest class (counted from when
    #: the scan starts; the wait for the scanning thread is bounded by ``queue_timeout_ms``)
    timeout_ms: int = Field(default=250, gt=0)
    #: a request whose scan has not started after this long (the gateway is overloaded) fails closed too
    queue_timeout_ms: int = Field(default=5000, gt=0)
    patterns: list[CustomPattern] = Field(default_factory=list)
    terms: list[CustomTerms] = Field(default_factory=list)
    #: entity type -> the class it implies, overriding the built-in mapping (e.g. ``ORGNR: public``)
    entity_classes: dict[str, str] = Field(default_factory=dict)


OnForbidden = Literal["reroute", "pseudonymise", "refuse"]


class ClassPolicy(_Section):
    """Where data of one class may go, and what happens when the requested model may not receive it.

    ``regions`` / ``providers``: the allowed destinations (None: any). ``on_forbidden``: ``reroute`` drops
    the forbidden deployments from the plan and serves from the allowed ones (403 when none is left);
    ``pseudonymise`` sends the request with typed placeholders instead of the values and restores them
    in the answer; ``refuse`` answers 403 when the plan holds any forbidden deployment.
    """

    regions: list[str] | None = None
    providers: list[str] | None = None
    on_forbidden: OnForbidden = "reroute"


def _default_policies() -> dict[str, ClassPolicy]:
    return {
        "confidential": ClassPolicy(regions=["eu", "local"]),
        "strictly_confidential": ClassPolicy(regions=["local"]),
    }


class GuardrailSettings(_Section):
    """Data protection: classify every request, keep each class where its policy allows, audit it."""

    enabled: bool = True
    #: least to most sensitive
    classes: list[str] = Field(
        default_factory=lambda: ["public", "internal", "confidential", "strictly_confidential"], min_length=1
    )
    #: the floor for every request (a key's or team's minimum raises it; a caller may raise, never lower)
    min_class: str = "public"
    policies: dict[str, ClassPolicy] = Field(default_factory=_default_policies)
    detection: DetectionSettings = Field(default_factory=DetectionSettings)
    #: append every decision to the hash-chained audit log in the store
    audit: bool = True

    @model_validator(mode="before")
    @classmethod
    def _default_policies_kept(cls, data: Any) -> Any:
        """Policies given in config add to the defaults: configuring ``confidential`` must not silently
        lift the default restriction on ``strictly_confidential`` (give ``{}`` to lift it on purpose)."""
        if isinstance(data, dict) and isinstance(data.get("policies"), dict):
            classes = data.get("classes") or ["public", "internal", "confidential", "strictly_confidential"]
            merged: dict[str, Any] = {c: p for c, p in _default_policies().items() if c in classes}
            merged.update(data["policies"])
            data = {**data, "policies": merged}
        return data

    @model_validator(mode="after")
    def _classes_known(self) -> GuardrailSettings:
        known = set(self.classes)
        if len(known) != len(self.classes):
            raise ValueError("guardrails.classes must be distinct")
        named = [("min_class", self.min_class)] + [(f"policies.{c}", c) for c in self.policies]
        named += [(f"detection.entity_classes.{t}", c) for t, c in self.detection.entity_classes.items()]
        named += [(f"detection.patterns.{p.name}", p.data_class) for p in self.detection.patterns]
        named += [(f"detection.terms.{t.name}", t.data_class) for t in self.detection.terms]
        for where, c in named:
            if c not in known:
                raise ValueError(f"guardrails.{where}: unknown data class {c!r} (classes: {', '.join(self.classes)})")
        return self


DEFAULT_STORAGE_URL = "sqlite:///.orkester/orkester.db"


class StorageSettings(_Section):
    """Where state lives: ``sqlite:///path`` (default, relative to the working directory),
    ``postgresql://user@host:5432/db`` or ``memory://`` (nothing kept; tests). Without a ``storage.url``
    in the config, ``$ORKESTER_STORAGE_URL`` is used when set."""

    url: str = Field(default_factory=lambda: os.environ.get("ORKESTER_STORAGE_URL") or DEFAULT_STORAGE_URL)


class KeySettings(_Section):
    """Virtual keys and teams live in the store (``storage.url``); this says how the gateway treats them."""

    #: the admin key (env var name) that protects /admin/ and key management
    admin_key_env: str | None = "ORKESTER_ADMIN_KEY"
    #: how long a key lookup (and a revocation) may be served from the process's cache
    cache_seconds: float = Field(default=5.0, ge=0)
    #: while the store is unreachable, how long a key may be served from its last known row (stale-if-error)
    stale_seconds: float = Field(default=3600.0, ge=0)


class PromptSettings(_Section):
    """Prompt templates live in the store (``storage.url``); this says how the gateway reads and renders them."""

    #: how long which version a name serves may be read from the process's cache (a push or rollback made
    #: through another process takes effect within this time; through this process's admin API, at once)
    cache_seconds: float = Field(default=5.0, ge=0)
    #: a render taking longer is stopped (400 ``prompt_render_limit``)
    render_timeout_ms: float = Field(default=50.0, gt=0)
    #: characters a render may emit, counted wherever they go (messages, ``{% set %}`` blocks, macros)
    max_output_chars: int = Field(default=100_000, ge=1)
    #: the longest template body a push accepts
    max_template_chars: int = Field(default=100_000, ge=1)


DEFAULT_REDIS_PREFIX = "orkester:state:"


class StateSettings(_Section):
    """Counters shared by every process and host: budgets, rate limits, circuit state.

    ``redis_url`` (or ``$ORKESTER_REDIS_URL``): Redis, atomic through Lua scripts. Without it, PostgreSQL
    when ``storage.url`` is PostgreSQL, else this process's memory (one process only). Circuit state is
    shared through Redis only; with PostgreSQL or memory each process keeps its own breakers."""

    redis_url: str | None = Field(default_factory=lambda: os.environ.get("ORKESTER_REDIS_URL") or None)
    #: every Redis key starts with this: gateways that must not share counters can share one Redis
    redis_prefix: str = Field(default=DEFAULT_REDIS_PREFIX, min_length=1)


class LedgerSettings(_Section):
    """The usage ledger: one record per request, written off the request path in batches."""

    enabled: bool = True
    batch_size: int = Field(default=500, ge=1)
    flush_ms: int = Field(default=200, ge=1)
    #: records wait here when the database is unreachable, and are replayed when it is back; default:
    #: ``spool/`` beside the SQLite file, or ``.orkester/spool`` under the working directory for PostgreSQL
    spool_dir: str | None = None
    #: raw records older than this are deleted (rollups are kept); None keeps everything
    retention_days: int | None = Field(default=90, ge=1)
    #: feedback on a request not in the database yet, after this process's spool was flushed: how long to keep
    #: looking (another replica may still hold the record in its spool) before answering 404
    feedback_wait_ms: int = Field(default=500, ge=0)


class ObservabilitySettings(_Section):
    """Traces (OpenTelemetry, OTLP over HTTP/protobuf); Prometheus metrics are always at ``/metrics``.

    Tracing is off unless an endpoint is given here or in ``$OTEL_EXPORTER_OTLP_ENDPOINT`` (a base URL:
    ``/v1/traces`` is added) or ``$OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`` (used as is)."""

    #: the collector's base URL, e.g. ``http://otel-collector:4318``
    otlp_endpoint: str | None = None
    #: prompts and answers on spans (``gen_ai.input.messages`` / ``gen_ai.output.messages``); never for
    #: requests classified confidential or above, whatever this says
    trace_content: bool = False
    #: share of requests traced (``service.name`` and other resource attributes come from ``OTEL_*``)
    trace_sample_ratio: float = Field(default=1.0, ge=0, le=1)
    #: the spans' ``service.name`` (default: ``$OTEL_SERVICE_NAME``, else ``orkester``)
    service_name: str | None = None


CacheMode = Literal["off", "exact", "semantic"]
#: the data class of requests nothing classified (``guardrails.enabled: false``), for ``cache.classes``
UNCLASSIFIED = "unclassified"


class SemanticCacheSettings(_Section):
    """Semantic hits: the asked prompt's last user message close enough to a cached one (docs/caching.md)."""

    #: cosine similarity of the multilingual-e5-small query embeddings; calibrated on Norwegian and English
    #: pairs by ``scripts/calibrate_cache.py`` (e5's scores are compressed: unrelated prompts score 0.75-0.85)
    threshold: float = Field(default=0.96, gt=0, le=1)
    #: a longer last message is cached exactly only: the embedding would see only part of it (the embedder
    #: keeps the head and tail of texts over 1,000 characters, so this cannot go higher)
    max_chars: int = Field(default=1000, ge=1, le=1000)
    #: nearest entries checked against the guards (numbers, negation, language, swapped word) before a miss
    candidates: int = Field(default=4, ge=1, le=64)


class CacheSettings(_Section):
    """The response cache: exact and semantic, per team and data class, never across them.

    ``mode`` is the default for requests whose key and team set none; a request chooses with
    ``x-orkester-cache`` / ``metadata.cache``. ``enabled: false`` turns every form of it off."""

    enabled: bool = True
    mode: CacheMode = "off"
    ttl_seconds: float = Field(default=3600.0, gt=0)
    #: a registered cache backend: ``memory`` (this process), ``redis`` (shared), ``sqlite`` (one host, kept)
    backend: str = "memory"
    #: ``redis://…`` (default: ``state.redis_url``) or ``sqlite:///path`` (default: ``.orkester/cache.db``)
    url: str | None = None
    #: answers kept (memory and SQLite; Redis expires them by TTL and its own maxmemory policy), and the
    #: semantic entries each process indexes (and Redis keeps per conversation context)
    max_entries: int = Field(default=10_000, ge=1)
    #: larger answers are not kept
    max_answer_bytes: int = Field(default=1024 * 1024, ge=1)
    #: the data classes whose answers may be kept; default: ``public`` and ``internal`` (those configured)
    classes: list[str] | None = None
    semantic: SemanticCacheSettings = Field(default_factory=SemanticCacheSettings)


ExperimentMetric = Literal["satisfaction", "cost", "latency", "escalation", "score"]


class ExperimentArm(_Section):
    """What one arm changes: the model alias or route served (``model``), and/or the prompt template
    version rendered (``prompt``, ``name@version``). An arm that changes nothing serves the request as asked."""

    model: str | None = None
    prompt: str | None = None


class ExperimentScope(_Section):
    """Which requests take part: the model (alias or route) or prompt template they ask for, and optionally
    only some teams (ids) or declared task types. Empty lists do not filter."""

    models: list[str] = Field(default_factory=list)
    prompts: list[str] = Field(default_factory=list)
    teams: list[str] = Field(default_factory=list)
    tasks: list[str] = Field(default_factory=list)


class ExperimentGuardrail(_Section):
    """A metric the winner may not make worse than the control by more than ``max_degradation`` (relative:
    0.1 is 10 %); when it does, the experiment decides for the control."""

    metric: ExperimentMetric
    max_degradation: float = Field(default=0.1, ge=0)


class ShadowSpec(_Section):
    """Copy a share of the experiment's requests to ``model`` after answering; its answer is never returned."""

    model: str
    share: float = Field(default=0.1, gt=0, le=1)
    #: shadow calls in flight at once; a request that finds them all busy is not shadowed
    max_concurrency: int = Field(default=4, ge=1)


class ExperimentSpec(_Section):
    """An A/B test (docs/experiments.md). The first arm is the control unless ``control`` names another."""

    arms: dict[str, ExperimentArm] = Field(default_factory=dict)
    #: arm -> share of the participating requests (normalised; default: equal)
    share: dict[str, float] | None = None
    #: fraction of the eligible requests (by sticky id) that take part
    traffic: float = Field(default=1.0, gt=0, le=1)
    applies_to: ExperimentScope = Field(default_factory=ExperimentScope)
    #: ``user``: the OpenAI ``user`` field or ``metadata.user`` (else the key); ``key``: the virtual key
    sticky_by: Literal["user", "key"] = "user"
    control: str | None = None
    metric: ExperimentMetric = "satisfaction"
    guardrail: ExperimentGuardrail | None = None
    #: per arm, before any decision (ratings for satisfaction and score, requests otherwise)
    min_samples: int = Field(default=100, ge=2)
    #: per arm: when every arm has this many, the final test at ``alpha`` decides (stopping with the control
    #: when there is no difference); None: only the interim boundary stops
    max_samples: int | None = Field(default=None, ge=2)
    alpha: float = Field(default=0.05, gt=0, lt=1)
    #: the stricter p-value an interim look must reach to stop early (Haybittle-Peto boundary)
    interim_alpha: float = Field(default=0.001, gt=0, lt=1)
    auto_stop: bool = False
    shadow: ShadowSpec | None = None
    enabled: bool = True
    #: how long a process trusts its last look at the experiment's state before it looks again
    check_seconds: float = Field(default=5.0, ge=0)

    @model_validator(mode="after")
    def _consistent(self) -> ExperimentSpec:
        if len(self.arms) == 1 or (not self.arms and self.shadow is None):
            raise ValueError("an experiment needs at least two arms, or a shadow")
        if self.share is not None:
            if set(self.share) != set(self.arms):
                raise ValueError(f"share must name exactly the arms ({', '.join(self.arms)})")
            if any(v < 0 for v in self.share.values()) or sum(self.share.values()) <= 0:
                raise ValueError("share values must be non-negative with a positive sum")
        if self.control is not None and self.control not in self.arms:
            raise ValueError(f"control {self.control!r} is not an arm")
        if self.max_samples is not None and self.max_samples < self.min_samples:
            raise ValueError("max_samples must be at least min_samples")
        if self.interim_alpha > self.alpha:
            raise ValueError("interim_alpha must not exceed alpha")
        return self

    @property
    def control_arm(self) -> str | None:
        return self.control or next(iter(self.arms), None)


class Settings(_Section):
    server: ServerSettings = Field(default_factory=ServerSettings)
    providers: dict[str, ProviderSettings] = Field(default_factory=dict)
    models: dict[str, ModelAlias] = Field(default_factory=dict)
    routing: RoutingSettings = Field(default_factory=RoutingSettings)
    reliability: ReliabilitySettings = Field(default_factory=ReliabilitySettings)
    guardrails: GuardrailSettings = Field(default_factory=GuardrailSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)
    keys: KeySettings = Field(default_factory=KeySettings)
    prompts: PromptSettings = Field(default_factory=PromptSettings)
    state: StateSettings = Field(default_factory=StateSettings)
    ledger: LedgerSettings = Field(default_factory=LedgerSettings)
    observability: ObservabilitySettings = Field(default_factory=ObservabilitySettings)
    cache: CacheSettings = Field(default_factory=CacheSettings)
    #: A/B tests and shadow traffic, by name (docs/experiments.md)
    experiments: dict[str, ExperimentSpec] = Field(default_factory=dict)
    batch: BatchSettings = Field(default_factory=BatchSettings)
    #: chat bots in front of the gateway (docs/slack.md, docs/teams.md)
    integrations: IntegrationSettings = Field(default_factory=IntegrationSettings)
    use_builtin_catalog: bool = True

    @model_validator(mode="after")
    def _references_resolve(self) -> Settings:
        for alias, spec in self.models.items():
            for fb in spec.fallbacks:
                if fb not in self.models:
                    raise ValueError(f"models.{alias}.fallbacks names unknown alias {fb!r}")
        for name in self.routing.routes:
            if name in self.models:
                raise ValueError(f"routing.routes.{name} has the same name as a model alias")
        for c in self.cache.classes or ():
            if c not in self.guardrails.classes and c != UNCLASSIFIED:
                known = ", ".join([*self.guardrails.classes, UNCLASSIFIED])
                raise ValueError(f"cache.classes: unknown data class {c!r} (classes: {known})")
        return self


def load_settings(path: str | Path | None = None, *, overrides: dict[str, Any] | None = None) -> Settings:
    """Read the YAML file (or ``$ORKESTER_CONFIG``), apply overrides, validate once."""
    data: dict[str, Any] = {}
    path = path or os.environ.get("ORKESTER_CONFIG")
    if path:
        try:
            raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except OSError as e:
            raise ConfigError(f"Cannot read config file {path}: {e.strerror}") from e
        except yaml.YAMLError as e:
            raise ConfigError(f"Config file {path} is not valid YAML: {e}") from e
        if raw is not None and not isinstance(raw, dict):
            raise ConfigError(f"Config file {path} must hold a mapping at the top level")
        data = raw or {}
    for dotted, value in (overrides or {}).items():
        node = data
        *parents, leaf = dotted.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = value
    return validate_settings(data, source=str(path) if path else "defaults")


def validate_settings(data: dict[str, Any], *, source: str = "config") -> Settings:
    try:
        return Settings.model_validate(data)
    except ValidationError as e:
        lines = [f"{source}: {len(e.errors())} problem(s)"]
        for err in e.errors():
            loc = ".".join(str(x) for x in err["loc"])
            lines.append(f"  {loc}: {err['msg']}")
        raise ConfigError("\n".join(lines)) from e
