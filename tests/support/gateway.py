"""Build and run a gateway for tests from a plain config dict."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from orkester.gateway import Gateway
from orkester.server.app import create_app
from orkester.settings import validate_settings

from .servers import ThreadedServer, serve


def openai_provider(url: str, key_env: str = "FAKE_OPENAI_KEY", kind: str = "openai") -> dict[str, Any]:
    return {"type": kind, "base_url": f"{url}/v1", "api_key_env": key_env}


@contextmanager
def run_gateway(config: dict[str, Any], env: Mapping[str, str] | None = None) -> Iterator[ThreadedServer]:
    with run_gateway_and_state(config, env) as (srv, _):
        yield srv


@contextmanager
def run_gateway_and_state(
    config: dict[str, Any], env: Mapping[str, str] | None = None
) -> Iterator[tuple[ThreadedServer, Gateway]]:
    """The served gateway and its ``Gateway`` (its ledger, stores and services), for tests that look inside."""
    app = create_app(validate_settings(config), env=env or {}, local_available=False)
    with serve(app) as srv:
        yield srv, app.state.gateway
