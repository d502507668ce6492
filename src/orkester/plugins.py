"""Registration of provider kinds, routing strategies, stores and response-cache backends.

Built-ins register through exactly the path a third-party package uses: a function
``register(registry)`` exposed under the ``orkester.plugins`` entry-point group. A
:class:`Registry` is built per app by ``create_app``; nothing here is global.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

from .errors import ConfigError

if TYPE_CHECKING:
    from .cache.backend import CacheBackendFactory
    from .providers.base import Provider, ProviderContext
    from .routing.plan import Strategy
    from .storage.base import StoreFactory

ProviderFactory = Callable[["ProviderContext"], "Provider"]
StrategyFactory = Callable[..., "Strategy"]

BUILTIN_MODULES = (
    "orkester.providers.openai",
    "orkester.providers.azure",
    "orkester.providers.compatible",
    "orkester.providers.anthropic",
    "orkester.providers.gemini",
    "orkester.providers.bedrock",
    "orkester.providers.aleph_alpha",
    "orkester.providers.deepl",
    "orkester.providers.google_translate",
    "orkester.providers.local",
    "orkester.providers.sim",
    "orkester.routing.fallback",
    "orkester.routing.rules",
    "orkester.routing.cascade",
    "orkester.routing.ensemble",
    "orkester.routing.learned.strategy",
    "orkester.storage.memory",
    "orkester.storage.sqlite",
    "orkester.storage.postgres",
    "orkester.cache.memory",
    "orkester.cache.redis",
    "orkester.cache.sqlite",
)


@dataclass
class Registry:
    providers: dict[str, ProviderFactory] = field(default_factory=dict)
    strategies: dict[str, StrategyFactory] = field(default_factory=dict)
    #: defaults for provider kinds declared as data (OpenAI-compatible vendors)
    provider_defaults: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: storage URL scheme -> store factory
    stores: dict[str, StoreFactory] = field(default_factory=dict)
    #: ``cache.backend`` name -> response-cache backend factory
    cache_backends: dict[str, CacheBackendFactory] = field(default_factory=dict)

    def add_provider(self, kind: str, factory: ProviderFactory, **defaults: Any) -> None:
        self.providers[kind] = factory
        if defaults:
            self.provider_defaults[kind] = defaults

    def add_strategy(self, name: str, factory: StrategyFactory) -> None:
        self.strategies[name] = factory

    def add_store(self, scheme: str, factory: StoreFactory) -> None:
        self.stores[scheme] = factory

    def add_cache_backend(self, name: str, factory: CacheBackendFactory) -> None:
        self.cache_backends[name] = factory

    def provider_factory(self, kind: str) -> ProviderFactory:
        try:
            return self.providers[kind]
        except KeyError:
            known = ", ".join(sorted(self.providers))
            raise ConfigError(f"Unknown provider type {kind!r}. Known types: {known}") from None

    def strategy_factory(self, name: str) -> StrategyFactory:
        try:
            return self.strategies[name]
        except KeyError:
            known = ", ".join(sorted(self.strategies))
            raise ConfigError(f"Unknown routing strategy {name!r}. Known strategies: {known}") from None

    def store_factory(self, scheme: str) -> StoreFactory:
        try:
            return self.stores[scheme]
        except KeyError:
            known = ", ".join(sorted(self.stores))
            raise ConfigError(f"Unknown storage URL scheme {scheme!r}. Known schemes: {known}") from None

    def cache_backend_factory(self, name: str) -> CacheBackendFactory:
        try:
            return self.cache_backends[name]
        except KeyError:
            known = ", ".join(sorted(self.cache_backends))
            raise ConfigError(f"Unknown cache backend {name!r} (cache.backend). Known backends: {known}") from None


def load_registry(*, include_entry_points: bool = True) -> Registry:
    """A registry with the built-ins and every installed plugin."""
    import importlib

    registry = Registry()
    for mod_name in BUILTIN_MODULES:
        importlib.import_module(mod_name).register(registry)
    if include_entry_points:
        for ep in entry_points(group="orkester.plugins"):
            ep.load()(registry)
    return registry
