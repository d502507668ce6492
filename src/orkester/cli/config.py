"""``orkester config check|show``."""

from __future__ import annotations

import os
from typing import Any

import click
import yaml

from .common import config_options, load, load_gateway


@click.group()
def config() -> None:
    """Validate or print the effective configuration."""


@config.command()
@config_options
def check(config_path: str | None, demo: bool) -> None:
    """Validate the config and the catalog it produces; exit 2 on problems."""
    settings = load(config_path, demo)
    gw = load_gateway(settings)
    # the providers as built: a vendor's default key variable (MISTRAL_API_KEY …) is filled in by then
    built = [(name, p.settings) for name, p in gw.providers.items()]
    missing = [
        f"{name}: ${p.api_key_env} is not set"
        for name, p in built
        if p.api_key_env and not os.environ.get(p.api_key_env) and p.type not in ("sim", "local")
    ]
    click.echo(f"ok: {len(gw.catalog.providers)} providers, {len(gw.catalog.aliases)} models")
    for m in missing:
        click.echo(f"warning: {m}", err=True)


@config.command()
@config_options
def show(config_path: str | None, demo: bool) -> None:
    """Print the effective configuration as YAML, secrets masked."""
    settings = load(config_path, demo)
    gw = load_gateway(settings)
    data: dict[str, Any] = settings.model_dump(mode="json", exclude={"providers", "models"})
    data["providers"] = {}
    for name, p in gw.catalog.providers.items():
        entry = p.model_dump(mode="json", exclude_defaults=True)
        entry["type"] = p.type
        if p.api_key_env:
            entry["api_key"] = _mask(os.environ.get(p.api_key_env))
        data["providers"][name] = entry
    data["models"] = {
        alias: spec.model_dump(mode="json", exclude_defaults=True) for alias, spec in gw.catalog.aliases.items()
    }
    if settings.server.master_key_env:
        data["server"]["master_key"] = _mask(os.environ.get(settings.server.master_key_env))
    click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def _mask(value: str | None) -> str:
    if not value:
        return "(not set)"
    return value[:3] + "…" + f"({len(value)} chars)" if len(value) > 8 else "****"
