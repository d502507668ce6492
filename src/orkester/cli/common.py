"""Options and loading shared by the commands."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import ConfigError
from ..settings import Settings, load_settings

if TYPE_CHECKING:
    from ..gateway import Gateway

F = TypeVar("F", bound=Callable[..., Any])


def config_options(fn: F) -> F:
    fn = click.option(
        "--demo", is_flag=True, help="Add the simulated demo models (no keys needed; answers are labelled simulated)."
    )(fn)
    fn = click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        envvar="ORKESTER_CONFIG",
        help="YAML config file (default: $ORKESTER_CONFIG, else built-in defaults).",
    )(fn)
    return fn


def store_options(holds: str, *, extra: str = "") -> Callable[[F], F]:
    """``--url`` and ``--config`` for commands that work on the store directly; ``holds`` says what it holds."""

    def apply(fn: F) -> F:
        fn = click.option(
            "--url",
            help="Storage URL to use instead of the config's storage.url "
            "(sqlite:///path, postgresql://user@host/db, memory://).",
        )(fn)
        fn = click.option(
            "--config",
            "config_path",
            type=click.Path(dir_okay=False),
            envvar="ORKESTER_CONFIG",
            help=f"YAML config file whose storage.url holds {holds}{extra} (default: $ORKESTER_CONFIG; without a "
            "storage.url, $ORKESTER_STORAGE_URL, else sqlite:///.orkester/orkester.db from the working directory).",
        )(fn)
        return fn

    return apply


def load(config_path: str | None, demo: bool, **overrides: Any) -> Settings:
    extra = {k: v for k, v in overrides.items() if v is not None}
    if demo:
        extra["server.demo"] = True
    try:
        return load_settings(config_path, overrides=extra)
    except ConfigError as e:
        click.echo(f"error: {e.message}", err=True)
        sys.exit(2)


def load_gateway(settings: Settings) -> Gateway:
    """The gateway the settings describe, or exit 2 naming what is wrong."""
    from ..gateway import build_gateway

    try:
        return build_gateway(settings)
    except ConfigError as e:
        click.echo(f"error: {e.message}", err=True)
        sys.exit(2)
