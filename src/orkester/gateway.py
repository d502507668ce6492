"""Everything one running gateway is made of, built from settings in one place.

``build_gateway`` resolves the catalog, instantiates each configured provider through the
registry, and composes the pipeline. The server, the CLI's ``chat`` and the tests all use
it; nothing here is global.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from .accounting.budgets import SharedState
from .audit.log import AuditLog
from .batch.service import BatchService
from .cache import CachePolicy, ResponseCache, build_cache
from .catalog.resolve import Catalog, build_catalog
from .errors import ConfigError
from .execution.executor import Executor
from .experiments import ExperimentService
from .experiments.checks import check_experiments
from .experiments.shadow import ShadowRunner
from .guardrails.classify import Classifier
from .guardrails.detect import Detector
from .guardrails.entities import ClassOrder
from .keys import KeyService
from .keys.store import key_store
from .ledger import LedgerWriter
from .observability.metrics import Metrics
from .observability.observer import Observer, build_observer
from .pipeline.auth import AuthStage
from .pipeline.cache import CacheStage
from .pipeline.experiments import ExperimentStage
from .pipeline.guardrails import ClassifyStage, ResidencyStage
from .pipeline.ledger import LedgerStage
from .pipeline.limits import LimitsStage
from .pipeline.prompts import PromptStage
from .pipeline.stages import AccountingStage, ExecutionStage, Pipeline, RoutingStage, Stage
from .plugins import Registry, load_registry
from .prompts import PromptService
from .providers.base import Provider, ProviderContext
from .reliability.circuit import CircuitBoard, Circuits
from .reliability.circuit_shared import SharedCircuitBoard
from .reliability.live import LiveStats
from .reliability.rates import DeploymentRates
from .routing.checks import check_routes
from .routing.plan import Candidate, RoutingServices, Strategy, StrategyContext, expand_aliases
from .routing.services import Services
from .settings import Settings
from .state.open import circuit_store, open_state, state_backend
from .storage.spool import spool_directory


@dataclass
class Gateway:
    settings: Settings
    registry: Registry
    catalog: Catalog
    providers: dict[str, Provider]
    #: per process, or shared through Redis (``state.redis_url``; the store is attached in ``start``)
    circuits: Circuits
    metrics: Metrics
    #: metrics at each request's end, gauges read at scrape time, traces when configured
    observer: Observer
    executor: Executor
    auth: AuthStage
    routing: RoutingStage
    pipeline: Pipeline
    master_key_set: bool
    #: the data-protection stages (None when guardrails are off)
    classifier: Classifier | None = None
    residency: ResidencyStage | None = None
    #: the hash-chained audit log, opened by ``start``
    audit: AuditLog | None = None
    #: virtual keys and teams (the store opens in ``start``)
    keys: KeyService | None = None
    #: prompt templates (the store opens in ``start``)
    prompts: PromptService | None = None
    #: budgets and rate limits of keys and teams (shared state opens in ``start``)
    limits: LimitsStage | None = None
    #: the counters of budgets and rate limits (keys, teams, deployments), opened by ``start``
    state: SharedState | None = None
    #: the usage ledger's writer (spool replayed and database opened in ``start``)
    ledger: LedgerWriter | None = None
    #: the response cache (its backend opens in ``start``; None when ``cache.enabled`` is false)
    cache: ResponseCache | None = None
    #: the routing warm-up running in a worker thread, if one was started
    warming: asyncio.Future[None] | None = field(default=None, repr=False)
    #: the detector's warm-up (spaCy loads in about a second), if one was started
    warming_guard: asyncio.Future[None] | None = field(default=None, repr=False)
    #: A/B experiments and their shadow runner (None when none is configured)
    experiments: ExperimentService | None = None
    shadow: ShadowRunner | None = None
    #: batch jobs and this process's workers (store opened and workers started by ``start``; None when off)
    batches: BatchService | None = None

    async def start(self) -> None:
        for p in self.providers.values():
            await p.start()
        loop = asyncio.get_running_loop()
        if self.keys is not None:
            await self.keys.store.open(create=True)
            await self.keys.start()
            await self.auth.decide_open_mode()
        if self.prompts is not None:
            await self.prompts.store.open(create=True)
        self.state = await open_state(self.settings)
        if self.limits is not None:
            self.limits.state = self.state
        self.executor.rates.state = self.state
        if isinstance(self.circuits, SharedCircuitBoard):
            self.circuits.store = circuit_store(self.state)
        if self.ledger is not None:
            await self.ledger.start()
        if self.cache is not None:
            await self.cache.open()
        if self.residency is not None and self.settings.guardrails.audit:
            spool = spool_directory(self.settings)
            self.audit = await AuditLog.open(
                self.settings.storage.url, self.registry, spool_dir=spool / "audit" if spool else None
            )
            self.residency.audit = self.audit
        if self.classifier is not None:
            # In the background, like the routing warm-up: a request that needs the detector waits for it.
            self.warming_guard = loop.run_in_executor(None, self.classifier.load)
        if self.settings.routing.warm_up and self.routing.blocking:
            # In the background: the server accepts requests meanwhile; one that needs a part
            # still loading waits for it (the parts are built under a lock).
            self.warming = loop.run_in_executor(None, self.routing.warm)
        if self.batches is not None:  # last: its workers run lines through everything above
            await self.batches.start(self)

    async def close(self) -> None:
        if self.batches is not None:  # first: the lines under way still need the providers and stores
            await self.batches.close()
        if self.shadow is not None:
            await self.shadow.close()
        for p in self.providers.values():
            await p.close()
        if self.audit is not None:
            await self.audit.close()
            self.audit = None
        if self.keys is not None:
            await self.keys.close()
        if self.prompts is not None:
            await self.prompts.close()
        if self.ledger is not None:
            await self.ledger.close()
        if self.cache is not None:
            await self.cache.close()
        await self.observer.close()
        await self.circuits.close()
        if isinstance(self.circuits, SharedCircuitBoard):
            self.circuits.store = None
        if self.limits is not None:
            self.limits.state = None
        self.executor.rates.state = None
        if self.state is not None:
            await self.state.close()
            self.state = None


def build_routing(
    settings: Settings,
    registry: Registry,
    catalog: Catalog,
    provider_names: set[str],
    services: RoutingServices | None = None,
) -> RoutingStage:
    """The default strategy for plain aliases, and one strategy per configured route."""
    check_routes(catalog)
    services = services or Services(settings.routing)
    routes: dict[str, Strategy] = {}
    default = registry.strategy_factory(settings.routing.strategy)(
        StrategyContext(catalog=catalog, services=services, delegate=routes.get)
    )
    for name, spec in catalog.routes.items():
        ctx = StrategyContext(catalog=catalog, route=name, spec=spec, services=services, delegate=routes.get)
        routes[name] = registry.strategy_factory(spec.strategy)(ctx)
    return RoutingStage(catalog, default, routes, provider_names)


def build_gateway(
    settings: Settings,
    *,
    registry: Registry | None = None,
    env: Mapping[str, str] | None = None,
    local_available: bool | None = None,
) -> Gateway:
    env = os.environ if env is None else env
    registry = registry or load_registry()
    catalog = build_catalog(settings, registry, env=env, local_available=local_available)
    providers: dict[str, Provider] = {}
    for name, ps in catalog.providers.items():
        if not ps.enabled:
            continue
        defaults = registry.provider_defaults.get(ps.type, {})
        if ps.api_key_env is None and defaults.get("api_key_env"):
            ps = ps.model_copy(update={"api_key_env": defaults["api_key_env"]})
        factory = registry.provider_factory(ps.type)
        providers[name] = factory(ProviderContext(name=name, settings=ps, reliability=settings.reliability))
    breaker = settings.reliability.circuit_breaker
    circuits: Circuits = SharedCircuitBoard(breaker) if state_backend(settings) == "redis" else CircuitBoard(breaker)
    live = LiveStats()
    observer = build_observer(settings, catalog, circuits, live, env)
    metrics = observer.metrics
    services = Services(settings.routing, live)
    executor = Executor(
        providers,
        circuits,
        settings.reliability.retries,
        metrics=metrics,
        scorer=services.answer_scorer,
        live=live,
        rates=DeploymentRates(),
    )
    routing = build_routing(settings, registry, catalog, set(providers), services)
    master_key = env.get(settings.server.master_key_env) if settings.server.master_key_env else None
    keys = KeyService(
        key_store(settings.storage.url),
        cache_seconds=settings.keys.cache_seconds,
        stale_seconds=settings.keys.stale_seconds,
        classes=ClassOrder(settings.guardrails.classes),
    )
    auth = AuthStage(master_key, keys)
    limits = LimitsStage(
        downgrade=settings.routing.over_budget == "downgrade",
        fallback=budget_fallback(catalog, settings.routing.budget_fallback),
    )
    writer = LedgerWriter.from_settings(settings)
    ledger = LedgerStage(writer)
    classifier: Classifier | None = None
    residency: ResidencyStage | None = None
    prompts = PromptService.build(settings.prompts, settings.storage.url)
    prompt_stage = PromptStage(prompts)
    stages: list[Stage] = [auth, ledger, prompt_stage, routing, limits, AccountingStage(), ExecutionStage(executor)]
    if settings.guardrails.enabled:
        guard = settings.guardrails
        classifier = Classifier(guard, lambda: Detector(guard.detection, ClassOrder(guard.classes)))
        residency = ResidencyStage(catalog, None)  # the audit log is opened by Gateway.start
        classify = ClassifyStage(classifier, guard)
        stages = [auth, ledger, prompt_stage, classify, routing, residency, limits]
        stages += [AccountingStage(), ExecutionStage(executor)]
    cache = build_cache(settings, registry, services.embedder)
    if cache is not None:  # after residency (routing without guardrails): pipeline/cache.py says why
        after: Stage = residency if residency is not None else routing
        stages.insert(stages.index(after) + 1, CacheStage(cache, CachePolicy(settings), metrics))
    experiments: ExperimentService | None = None
    shadow: ShadowRunner | None = None
    if settings.experiments:
        check_experiments(settings.experiments, catalog, ledger=writer is not None)
        experiments = ExperimentService(settings.experiments, lambda: writer.store if writer is not None else None)
        if any(s.shadow is not None for s in settings.experiments.values()):
            shadow = ShadowRunner(catalog, executor, writer)
        stages.insert(stages.index(prompt_stage), ExperimentStage(experiments, shadow))
    pipeline = Pipeline(stages)
    return Gateway(
        settings=settings,
        registry=registry,
        catalog=catalog,
        providers=providers,
        circuits=circuits,
        metrics=metrics,
        observer=observer,
        executor=executor,
        auth=auth,
        routing=routing,
        pipeline=pipeline,
        master_key_set=bool(master_key),
        classifier=classifier,
        residency=residency,
        keys=keys,
        prompts=prompts,
        limits=limits,
        ledger=writer,
        cache=cache,
        experiments=experiments,
        shadow=shadow,
        batches=BatchService.build(settings.batch, settings.storage.url),
    )


def budget_fallback(catalog: Catalog, alias: str | None) -> list[Candidate]:
    """The candidates of ``routing.budget_fallback`` (with its own fallbacks), checked against the catalog."""
    if alias is None:
        return []
    if alias not in catalog.aliases:
        known = ", ".join(sorted(catalog.aliases)) or "none"
        raise ConfigError(f"routing.budget_fallback: no model alias {alias!r} (known: {known})")
    return expand_aliases(catalog, alias)
