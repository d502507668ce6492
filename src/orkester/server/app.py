"""``create_app(settings)`` builds the ASGI application; nothing is created at import time."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Mapping

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.routing import Route

from ..errors import OrkesterError
from ..gateway import Gateway, build_gateway
from ..settings import Settings
from .errors import on_http_error, on_orkester_error, on_unexpected
from .routes.chat import chat_completions
from .routes.embeddings import create_embeddings
from .routes.meta import healthz, list_models, metrics, readyz

log = logging.getLogger("orkester.server")


def create_app(
    settings: Settings,
    *,
    gateway: Gateway | None = None,
    env: Mapping[str, str] | None = None,
    local_available: bool | None = None,
) -> Starlette:
    gw = gateway or build_gateway(settings, env=env, local_available=local_available)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await gw.start()
        # Everything built so far lives as long as the process: move it out of the
        # collector's sight so full collections under load stay short (p99 latency).
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            await gw.close()

    routes = [
        Route("/v1/chat/completions", chat_completions, methods=["POST"]),
        Route("/chat/completions", chat_completions, methods=["POST"]),
        Route("/v1/embeddings", create_embeddings, methods=["POST"]),
        Route("/embeddings", create_embeddings, methods=["POST"]),
        Route("/v1/models", list_models, methods=["GET"]),
        Route("/models", list_models, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
    ]
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
