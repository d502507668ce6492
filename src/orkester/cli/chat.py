"""``orkester chat "prompt"``: one request through the full pipeline, in-process."""

from __future__ import annotations

import asyncio
import sys
import uuid

import click

from ..errors import OrkesterError
from ..gateway import Gateway
from .common import config_options, load, load_gateway


@click.command()
@config_options
@click.argument("prompt")
@click.option("-m", "--model", default=None, help="Model alias (default: the configured default).")
@click.option("-s", "--system", default=None, help="A system prompt.")
@click.option("--max-tokens", type=int, default=None, help="Cap on generated tokens.")
@click.option("--no-stream", is_flag=True, help="Wait for the whole answer instead of streaming it.")
def chat(
    config_path: str | None,
    demo: bool,
    prompt: str,
    model: str | None,
    system: str | None,
    max_tokens: int | None,
    no_stream: bool,
) -> None:
    """Send PROMPT through the gateway's pipeline (routing, fallback, accounting) and print the answer."""
    settings = load(config_path, demo)
    try:
        asyncio.run(_chat(load_gateway(settings), prompt, model, system, max_tokens, not no_stream))
    except OrkesterError as e:
        click.echo(f"error ({e.status}): {e.message}", err=True)
        sys.exit(1)


async def _chat(
    gw: Gateway, prompt: str, model: str | None, system: str | None, max_tokens: int | None, stream: bool
) -> None:
    from ..pipeline.context import RequestContext
    from ..types import ChatRequest

    alias = model or gw.catalog.default_model
    if alias is None:
        raise click.UsageError("No model given and no default model configured")
    messages = ([{"role": "system", "content": system}] if system else []) + [{"role": "user", "content": prompt}]
    req = ChatRequest.model_validate({"model": alias, "messages": messages, "stream": stream, "max_tokens": max_tokens})
    # The CLI runs in-process as the operator: it uses the master key if one is set.
    import os

    key = os.environ.get(gw.settings.server.master_key_env or "") or None
    ctx = RequestContext(request_id=uuid.uuid4().hex, kind="chat", request=req, principal=key)
    await gw.start()
    try:
        await gw.pipeline(ctx)
        if ctx.stream is not None:
            async for chunk in ctx.stream:
                for d in chunk.choices:
                    if d.content:
                        click.echo(d.content, nl=False)
                    for tc in d.tool_calls or ():
                        if tc.name:
                            click.echo(f"[tool call {tc.name}]", nl=False)
            click.echo()
        elif ctx.response is not None:
            from ..types import ChatResponse

            assert isinstance(ctx.response, ChatResponse)
            click.echo(ctx.response.choices[0].content or "")
        served = ctx.served_by
        where = f"{served.deployment.provider}/{served.deployment.model}" if served else "?"
        sim = " (simulated)" if ctx.simulated else ""
        click.echo(
            f"-- {where}{sim} · {ctx.usage.input_tokens}+{ctx.usage.output_tokens} tokens · ${ctx.cost_usd:.6f}",
            err=True,
        )
    finally:
        await gw.close()
