"""Turn settings into the effective catalog: which provider instances exist and which
aliases map to which fully described deployments.

Sources, later ones winning: the built-in catalog (for providers whose credentials are in
the environment), the embedded local model (when nothing else answers), ``--demo``'s
simulated models, then the config file. Deployments named in config inherit price,
context window and capabilities from the built-in catalog when they leave them out.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

import yaml

from ..errors import ConfigError
from ..plugins import Registry
from ..settings import Deployment, ModelAlias, Price, ProviderSettings, RouteSpec, Settings, validate_settings

#: which environment variables switch a built-in provider on
CREDENTIALS: dict[str, tuple[str, ...]] = {
    "openai": ("OPENAI_API_KEY",),
    "anthropic": ("ANTHROPIC_API_KEY",),
    "gemini": ("GEMINI_API_KEY",),
    "mistral": ("MISTRAL_API_KEY",),
    "azure": ("AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT"),
    "bedrock": ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"),
    "aleph_alpha": ("AA_TOKEN",),
}

LOCAL_ALIAS = "local"


@dataclass(frozen=True)
class Catalog:
    providers: dict[str, ProviderSettings]
    aliases: dict[str, ModelAlias]
    default_model: str | None
    #: routes (model names whose strategy chooses per request): --demo's, then the config's
    routes: dict[str, RouteSpec] = field(default_factory=dict)
    #: the built-in catalog's list prices by (provider type, model): for a ``provider/model`` no alias lists
    list_prices: dict[tuple[str, str], Price] = field(default_factory=dict)

    def deployments(self) -> list[Deployment]:
        seen: dict[str, Deployment] = {}
        for spec in self.aliases.values():
            for d in spec.deployments:
                seen.setdefault(d.key, d)
        return list(seen.values())


def _read(name: str) -> Any:
    return yaml.safe_load(files("orkester.catalog").joinpath(name).read_text(encoding="utf-8"))


def builtin_models() -> dict[str, dict[str, dict[str, Any]]]:
    data: dict[str, dict[str, dict[str, Any]]] = _read("models.yaml")
    return data


def demo_settings() -> dict[str, Any]:
    data: dict[str, Any] = _read("demo.yaml")
    return data


def _known(models: Mapping[str, Mapping[str, Mapping[str, Any]]], kind: str, model: str) -> dict[str, Any]:
    return {k: v for k, v in (models.get(kind, {}).get(model) or {}).items() if k != "alias"}


def _provider_region(registry: Registry, ps: ProviderSettings) -> str | None:
    if ps.region:
        return ps.region
    default = registry.provider_defaults.get(ps.type, {}).get("region")
    if default:
        return str(default)
    factory = registry.providers.get(ps.type)
    region = getattr(factory, "default_region", None)
    return region if isinstance(region, str) else None


def build_catalog(
    settings: Settings,
    registry: Registry,
    *,
    env: Mapping[str, str] | None = None,
    local_available: bool | None = None,
) -> Catalog:
    env = os.environ if env is None else env
    models_db = builtin_models()
    providers: dict[str, ProviderSettings] = {}
    aliases: dict[str, ModelAlias] = {}
    default_model = settings.routing.default_model
    routes: dict[str, RouteSpec] = {}

    if settings.use_builtin_catalog:
        for kind, needed in CREDENTIALS.items():
            if kind in settings.providers or not all(env.get(v) for v in needed):
                continue
            extra: dict[str, Any] = {}
            if kind == "bedrock":
                aws_region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1"
                extra["region"] = "eu" if aws_region.startswith("eu-") else "us"
                extra["options"] = {"aws_region": aws_region}
            if kind == "azure":
                extra["base_url"] = env["AZURE_OPENAI_ENDPOINT"]
                if env.get("AZURE_OPENAI_API_VERSION"):
                    extra["api_version"] = env["AZURE_OPENAI_API_VERSION"]
            api_key_env = registry.provider_defaults.get(kind, {}).get("api_key_env")
            providers[kind] = ProviderSettings(type=kind, api_key_env=api_key_env, **extra)
            if kind == "azure":
                continue  # Azure deployment names are the customer's own: declared in config
            region = extra.get("region")
            for model_id, entry in models_db.get(kind, {}).items():
                if region and entry.get("region") not in (None, region):
                    continue  # e.g. an EU-only inference profile when the provider runs in the US
                alias = entry.get("alias", model_id)
                aliases[alias] = ModelAlias(
                    deployments=[Deployment(provider=kind, model=model_id, **_known(models_db, kind, model_id))]
                )

    if settings.server.demo:
        demo = validate_settings(demo_settings(), source="built-in demo catalog")
        providers.update(demo.providers)
        aliases.update(demo.models)
        routes.update(demo.routing.routes)
        default_model = default_model or demo.routing.default_model

    providers.update(settings.providers)
    aliases.update(settings.models)

    want_local = LOCAL_ALIAS not in aliases and not settings.models and not settings.server.demo
    if want_local and local_available is None:
        from ..providers.local import local_model_available

        local_available = local_model_available()
    if want_local and local_available:
        providers.setdefault("local", ProviderSettings(type="local", region="local"))
        aliases[LOCAL_ALIAS] = ModelAlias(
            description="SmolLM2-135M-Instruct, run in-process (the embedded default)",
            deployments=[
                Deployment(
                    provider="local",
                    model="smollm2-135m-instruct",
                    region="local",
                    tier="cheap",
                    price={"input": 0.0, "output": 0.0},  # type: ignore[arg-type]
                    context_window=2048,
                    capabilities=["chat", "json", "streaming"],
                )
            ],
        )
        default_model = default_model or LOCAL_ALIAS

    # Fill what config left out from the built-in catalog and the provider's region.
    kinds = {name: p.type for name, p in providers.items()}
    disabled = {name for name, p in providers.items() if not p.enabled}
    resolved: dict[str, ModelAlias] = {}
    for alias, spec in aliases.items():
        deps = []
        for d in spec.deployments:
            if d.provider in disabled:
                continue
            if d.provider not in providers:
                raise ConfigError(
                    f"models.{alias}: deployment names provider {d.provider!r}, which is not configured"
                    f" (configured: {', '.join(sorted(providers)) or 'none'})"
                )
            known = _known(models_db, kinds[d.provider], d.model)
            updates: dict[str, Any] = {}
            for key in ("price", "context_window", "capabilities", "tier"):
                if getattr(d, key) is None and key in known:
                    updates[key] = Deployment.model_validate({"provider": "x", "model": "x", key: known[key]}).__dict__[
                        key
                    ]
            if d.region is None:
                updates["region"] = known.get("region") or _provider_region(registry, providers[d.provider])
            deps.append(d.model_copy(update=updates) if updates else d)
        if deps:  # an alias whose every provider is disabled is left out
            resolved[alias] = spec.model_copy(update={"deployments": deps})
    for alias, spec in list(resolved.items()):
        kept = [fb for fb in spec.fallbacks if fb in resolved or fb not in aliases]
        if kept != spec.fallbacks:
            resolved[alias] = spec.model_copy(update={"fallbacks": kept})
    for alias, spec in resolved.items():
        for fb in spec.fallbacks:
            if fb not in resolved:
                raise ConfigError(f"models.{alias}.fallbacks names unknown alias {fb!r}")
    routes.update(settings.routing.routes)
    for name in routes:
        if name in resolved:
            raise ConfigError(f"routing.routes.{name} has the same name as a model alias")
    if default_model is not None and default_model not in resolved and default_model not in routes:
        raise ConfigError(f"routing.default_model names unknown alias {default_model!r}")
    list_prices = {
        (kind, model): Price.model_validate(entry["price"])
        for kind, entries in models_db.items()
        for model, entry in entries.items()
        if isinstance(entry, dict) and "price" in entry
    }
    return Catalog(
        providers=providers, aliases=resolved, default_model=default_model, routes=routes, list_prices=list_prices
    )
