"""``create_app(settings)`` builds the ASGI application; nothing is created at import time."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sys
from collections.abc import AsyncIterator, Mapping

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.routing import Route

from ..dashboard import dashboard_routes
from ..dashboard.routes import Sources
from ..errors import OrkesterError
from ..gateway import Gateway, build_gateway
from ..keys import open_mode_notice
from ..settings import Settings
from .errors import on_http_error, on_orkester_error, on_unexpected
from .routes.admin import admin_routes
from .routes.batches import batch_routes
from .routes.chat import chat_completions
from .routes.embeddings import create_embeddings
from .routes.experiments import experiment_routes
from .routes.feedback import post_feedback
from .routes.files import file_routes
from .routes.messages import count_tokens, create_message
from .routes.meta import healthz, list_models, metrics, readyz
from .routes.prompts import prompt_routes
from .routes.reports import report_routes

log = logging.getLogger("orkester.server")


def create_app(
    settings: Settings,
    *,
    gateway: Gateway | None = None,
    env: Mapping[str, str] | None = None,
    local_available: bool | None = None,
) -> Starlette:
    gw = gateway or build_gateway(settings, env=env, local_available=local_available)
    teams = None
    if gw.settings.integrations.teams is not None:
        from ..integrations.teams.route import TeamsEndpoint  # the Agents SDK loads only when the bot is configured

        teams = TeamsEndpoint(gw, gw.settings.integrations.teams, env if env is not None else os.environ)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await gw.start()
        if teams is not None:
            await teams.start()
        if gw.auth.open:
            # Open mode only on a loopback address (ConfigError otherwise): say so, loudly.
            keys = gw.settings.keys
            notice = open_mode_notice(gw.settings.server.host, has_keys=False, admin_key_env=keys.admin_key_env)
            if notice:
                print(f"note: {notice}", file=sys.stderr, flush=True)
        # Everything built so far lives as long as the process: move it out of the
        # collector's sight so full collections under load stay short (p99 latency).
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            if teams is not None:
                await teams.close()
            await gw.close()

    routes = [
        Route("/v1/chat/completions", chat_completions, methods=["POST"]),
        Route("/chat/completions", chat_completions, methods=["POST"]),
        Route("/v1/messages", create_message, methods=["POST"]),
        Route("/messages", create_message, methods=["POST"]),
        Route("/v1/messages/count_tokens", count_tokens, methods=["POST"]),
        Route("/messages/count_tokens", count_tokens, methods=["POST"]),
        Route("/v1/embeddings", create_embeddings, methods=["POST"]),
        Route("/embeddings", create_embeddings, methods=["POST"]),
        Route("/v1/feedback", post_feedback, methods=["POST"]),
        Route("/feedback", post_feedback, methods=["POST"]),
        Route("/v1/models", list_models, methods=["GET"]),
        Route("/models", list_models, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
    ]
    if gw.keys is not None:
        admin_env = gw.settings.keys.admin_key_env
        admin_key = (env if env is not None else os.environ).get(admin_env) if admin_env else None
        routes += admin_routes(gw.keys, admin_key, admin_key_env=admin_env)
        routes += report_routes(lambda: gw.ledger, gw.catalog, admin_key, admin_key_env=admin_env)
        routes += experiment_routes(lambda: gw.experiments, lambda: gw.ledger, admin_key, admin_key_env=admin_env)
        if gw.prompts is not None:
            routes += prompt_routes(gw.prompts, admin_key, admin_key_env=admin_env)
        sources = Sources(lambda: gw.ledger, gw.keys, lambda: gw.experiments, lambda: gw.audit, gw.catalog)
        sources.batches = gw.batches
        routes += dashboard_routes(sources, admin_key, admin_key_env=admin_env)
        if gw.batches is not None:
            routes += file_routes(admin_key) + batch_routes(admin_key)
    if gw.settings.integrations.slack is not None:
        from ..integrations.slack import slack_routes  # Bolt loads only when the bot is configured

        routes += slack_routes(gw, gw.settings.integrations.slack, env if env is not None else os.environ)
    if teams is not None:
        routes += teams.routes()
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={
            OrkesterError: on_orkester_error,
            HTTPException: on_http_error,
            Exception: on_unexpected,
        },
    )
    app.state.gateway = gw
    return app
