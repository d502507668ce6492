"""App factory for multi-worker serving: each worker process builds its own app."""

from __future__ import annotations

import os

from starlette.applications import Starlette

from ..settings import load_settings
from .app import create_app


def app_from_env() -> Starlette:
    overrides = {"server.demo": True} if os.environ.get("ORKESTER_DEMO") == "1" else {}
    return create_app(load_settings(os.environ.get("ORKESTER_CONFIG"), overrides=overrides))
