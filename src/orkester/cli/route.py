"""``orkester route explain``: the Plan a request would get, and why, without calling a model."""

from __future__ import annotations

import json
import sys
import uuid

import click

from ..errors import OrkesterError
from .common import config_options, load, load_gateway


@click.group()
def route() -> None:
    """Inspect routing decisions."""


@route.command()
@config_options
@click.argument("prompt")
@click.option("-m", "--model", default=None, help="Model alias or route name (default: the configured default).")
@click.option(
    "--metadata",
    "metadata",
    multiple=True,
    metavar="KEY=VALUE",
    help="Routing controls, as a caller would send them: task=quote, quality=critical, deadline_ms=2000 (repeatable).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
def explain(
    config_path: str | None, demo: bool, prompt: str, model: str | None, metadata: tuple[str, ...], as_json: bool
) -> None:
    """Print the Plan for PROMPT: strategy, mode, task, candidates in order, and the reasons."""
    from ..pipeline.context import RequestContext
    from ..types import ChatRequest

    gw = load_gateway(load(config_path, demo))
    controls: dict[str, str] = {}
    for item in metadata:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--metadata")
        controls[key.strip()] = value.strip()
    name = model or gw.catalog.default_model
    if name is None:
        raise click.UsageError("No model given and no default model configured")
    req = ChatRequest.model_validate({"model": name, "messages": [{"role": "user", "content": prompt}]})
    ctx = RequestContext(request_id=uuid.uuid4().hex, kind="chat", request=req, controls=controls)
    try:
        plan = gw.routing.plan(ctx)
    except OrkesterError as e:
        click.echo(f"error ({e.status}): {e.message}", err=True)
        sys.exit(1)
    data = plan.explain()
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"plan: {plan.describe()}")
    if plan.task is not None:
        conf = "" if plan.task_confidence is None else f" (confidence {plan.task_confidence:.2f})"
        click.echo(f"task: {plan.task}{conf}")
    click.echo("candidates:")
    for c in data["candidates"]:
        click.echo(f"  - {c['deployment']}  (alias {c['alias']})")
    for t in data.get("tiers", []):
        click.echo(f"tier: {t['alias']}  check: {t['check'] or 'none (last tier)'}")
    if "ensemble" in data:
        ens = data["ensemble"]
        judge = f" (judge {ens['judge']})" if ens["judge"] else ""
        click.echo(f"ensemble: {', '.join(ens['members'])} combined by {ens['combine']}{judge}")
    for name_, score in data.get("scores", {}).items():
        click.echo(f"score {name_}: " + ", ".join(f"{k}={v:.3g}" for k, v in score.items()))
    click.echo("why:")
    for r in plan.reasons:
        click.echo(f"  - {r}")
