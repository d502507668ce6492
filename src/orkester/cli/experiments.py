"""``orkester experiments list|show NAME``: the configured experiments' status and results from the ledger."""

from __future__ import annotations

import json
from typing import Any

import click

from ..experiments import ExperimentService
from ..ledger.store import open_ledger_store
from .audit import _run
from .common import load
from .report import format_table


def _options(fn: Any) -> Any:
    fn = click.option("--json", "as_json", is_flag=True, help="Print JSON.")(fn)
    fn = click.option("--url", help="Storage URL of the ledger (default: storage.url of the config).")(fn)
    return click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file.")(fn)


async def _with_service(config_path: str | None, url: str | None, job: Any) -> Any:
    settings = load(config_path, False)
    if not settings.experiments:
        raise click.ClickException("no experiments are configured (experiments: in the config)")
    store = await open_ledger_store(url or settings.storage.url, create=False)
    try:
        return await job(ExperimentService(settings.experiments, lambda: store))
    finally:
        await store.close()


@click.group()
def experiments() -> None:
    """A/B experiments and shadow traffic (docs/experiments.md): status, arms, results, decisions.

    \b
    orkester experiments list
    orkester experiments show checkout-model --json

    Read-only: a stopping rule that is met shows as "stop: yes"; the gateway stops the experiment at its next look.
    """


@experiments.command("list")
@_options
def list_cmd(config_path: str | None, url: str | None, as_json: bool) -> None:
    """One line per experiment: status, metric, samples per arm, outcome."""
    rows = _run(lambda: _with_service(config_path, url, lambda svc: svc.summaries()))
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    columns = ["name", "status", "metric", "arms", "outcome", "arm"]
    click.echo(format_table(columns, [[r[c] for c in columns] for r in rows]))


@experiments.command("show")
@click.argument("name")
@_options
def show_cmd(name: str, config_path: str | None, url: str | None, as_json: bool) -> None:
    """Arms with n, the metric's mean and 95% interval, p-values against the control, decision and status."""

    async def job(svc: ExperimentService) -> dict[str, Any]:
        if name not in svc.specs:
            raise click.ClickException(f"no experiment {name!r} (configured: {', '.join(svc.specs)})")
        return await svc.report(name, apply_stop=False)

    rep = _run(lambda: _with_service(config_path, url, job))
    if as_json:
        click.echo(json.dumps(rep, indent=2, default=str))
        return
    click.echo(f"{rep['name']}: {rep['status']}")
    if rep.get("stopped"):
        s = rep["stopped"]
        click.echo(f"stopped {s['at']}: serving {s['arm']} ({s['outcome']}: {s['reason']})")
    if "arms" in rep:
        click.echo(f"metric: {rep['metric']} ({rep['metric_means']}); control {rep['control']}; alpha {rep['alpha']}")
        p = {c["arm"]: c["p_value"] for c in rep["comparisons"]}
        rows = [
            [a["arm"], a["requests"], a["n"], _r(a["mean"]), _r(a["ci95_low"]), _r(a["ci95_high"]), _r(p.get(a["arm"]))]
            for a in rep["arms"]
        ]
        click.echo(format_table(["arm", "requests", "n", "mean", "ci95_low", "ci95_high", "p_value"], rows))
        d = rep["decision"]
        click.echo(f"decision: {d['outcome']} ({d['arm'] or '-'}); stop: {'yes' if d['stop'] else 'no'}: {d['reason']}")
        if rep.get("guardrail"):
            click.echo(f"guardrail: {json.dumps(rep['guardrail'])}")
    if rep.get("shadow"):
        click.echo(f"shadow: {json.dumps(rep['shadow'], default=str)}")


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 6)
