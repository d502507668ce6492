"""``orkester route explain``: the Plan a request would get, and why, without calling a model."""

from __future__ import annotations

import asyncio
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
    """Print the Plan for PROMPT: its data class and what residency does with it, strategy, mode, task,
    candidates in order, and the reasons. Nothing is sent to a model."""
    from ..pipeline.context import RequestContext
    from ..pipeline.guardrails import decide
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
    verdict = None
    try:
        if gw.classifier is not None:
            # The data class first, as the gateway does: routing sees only what the class's policy allows.
            c = asyncio.run(gw.classifier.classify([prompt], declared=controls.get("data_class")))
            ctx.classification = c
            ctx.guard_policy = gw.settings.guardrails.policies.get(c.final)
        plan = gw.routing.plan(ctx)
        if ctx.classification is not None:
            verdict = decide(plan, ctx.classification, ctx.guard_policy, asked=controls.get("pseudonymise") == "true")
            plan = verdict.plan or plan
    except OrkesterError as e:
        click.echo(f"error ({e.status}): {e.message}", err=True)
        sys.exit(1)
    data = plan.explain()
    if ctx.classification is not None and verdict is not None:
        c = ctx.classification
        data["data_protection"] = {
            "class": c.final,
            "detected": c.detected,
            "declared": c.declared,
            "entities": c.counts(),
            "action": verdict.action,
            "refusal": verdict.refusal,
            "detection_failed": c.failed,
        }
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    guard = data.get("data_protection")
    if guard is not None:
        found = ", ".join(f"{t} x{n}" for t, n in guard["entities"].items()) or "nothing"
        click.echo(f"data class: {guard['class']} (found {found}); residency: {guard['action']}")
        if guard["refusal"]:
            click.echo(f"refused (403): {guard['refusal']}")
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
