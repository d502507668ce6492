"""``orkester serve``: run the gateway."""

from __future__ import annotations

import os

import click

from .common import config_options, load, load_gateway


@click.command()
@config_options
@click.option("--host", default=None, help="Interface to bind (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default 4000).")
@click.option("--workers", type=int, default=None, help="Worker processes (default 1).")
@click.option("--log-level", default="info", show_default=True, help="uvicorn log level.")
def serve(
    config_path: str | None, demo: bool, host: str | None, port: int | None, workers: int | None, log_level: str
) -> None:
    """Run the gateway: an OpenAI-compatible API at http://HOST:PORT/v1."""
    import uvicorn

    settings = load(config_path, demo, **{"server.host": host, "server.port": port, "server.workers": workers})
    gw = load_gateway(settings)
    s = settings.server
    base = f"http://{s.host}:{s.port}"
    default = gw.catalog.default_model
    click.echo(f"Orkester listening on {base}/v1  ({len(gw.catalog.aliases)} models; default: {default or 'none'})")
    if not gw.catalog.aliases:
        click.echo("warning: no models are configured and the embedded local model is not installed.", err=True)
    if not gw.master_key_set:
        click.echo(
            f"note: no master key set (${s.master_key_env}); without a virtual key either (orkester keys create), "
            "the gateway runs open, on a loopback address only.",
            err=True,
        )
    from ..state.open import state_backend

    backend = state_backend(settings)
    if s.workers > 1 and backend == "memory":
        click.echo(
            f"note: {s.workers} workers with budgets, rate limits and circuit breakers in each process's memory: "
            "limits count per worker. Set state.redis_url (or $ORKESTER_REDIS_URL) to share them all, or a "
            "PostgreSQL storage.url to share budgets and rate limits.",
            err=True,
        )
    elif s.workers > 1 and backend == "postgresql":
        click.echo(
            f"note: {s.workers} workers share budgets and rate limits through PostgreSQL; circuit breakers are "
            "shared through Redis only (state.redis_url), so each worker keeps its own.",
            err=True,
        )
    if default:
        click.echo(
            f"Try:\n  curl {base}/v1/chat/completions -H 'content-type: application/json' \\\n"
            f'    -d \'{{"model": "{default}", "messages": [{{"role": "user", "content": "Hello!"}}]}}\''
        )
    if s.workers > 1:
        # Each worker builds its own app from the same settings (passed through the environment).
        if config_path:
            os.environ["ORKESTER_CONFIG"] = os.path.abspath(config_path)
        if demo:
            os.environ["ORKESTER_DEMO"] = "1"
        uvicorn.run(
            "orkester.server.factory:app_from_env",
            factory=True,
            host=s.host,
            port=s.port,
            workers=s.workers,
            log_level=log_level,
            access_log=False,
        )
        return
    from ..server.app import create_app

    app = create_app(settings, gateway=gw)
    uvicorn.run(app, host=s.host, port=s.port, log_level=log_level, access_log=False)
