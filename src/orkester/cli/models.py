"""``orkester models``: the effective model catalog."""

from __future__ import annotations

import click

from ..settings import Deployment
from .common import config_options, load, load_gateway


@click.command()
@config_options
@click.option("--all", "show_all", is_flag=True, help="Also list the built-in catalog for providers without keys.")
def models(config_path: str | None, demo: bool, show_all: bool) -> None:
    """List model aliases: deployments, regions, prices (USD per 1M tokens), context windows."""
    from ..catalog.resolve import builtin_models

    settings = load(config_path, demo)
    gw = load_gateway(settings)
    rows: list[tuple[str, ...]] = [
        ("ALIAS", "PROVIDER", "MODEL", "REGION", "TIER", "IN $/1M", "OUT $/1M", "CONTEXT", "CAPABILITIES")
    ]
    for alias, spec in sorted(gw.catalog.aliases.items()):
        for d in spec.deployments:
            rows.append(_row(alias, d))
    if show_all:
        for kind, entries in builtin_models().items():
            for model_id, entry in entries.items():
                alias = entry.get("alias", model_id)
                if alias in gw.catalog.aliases:
                    continue
                price = entry.get("price") or {}
                rows.append(
                    (
                        f"({alias})",
                        kind,
                        model_id,
                        str(entry.get("region") or "-"),
                        str(entry.get("tier") or "-"),
                        _num(price.get("input")),
                        _num(price.get("output")),
                        str(entry.get("context_window") or "-"),
                        ",".join(entry.get("capabilities") or []),
                    )
                )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    if gw.catalog.routes:
        click.echo("\nROUTES (model names whose strategy picks a model per request)")
        for name, route in sorted(gw.catalog.routes.items()):
            about = f"  {route.description}" if route.description else ""
            click.echo(f"  {name}  strategy={route.strategy}{about}")
    if gw.catalog.default_model:
        click.echo(f"\ndefault model: {gw.catalog.default_model}")
    if show_all:
        click.echo("(aliases in parentheses switch on when their provider's credentials are set)")


def _num(v: float | None) -> str:
    return "-" if v is None else f"{v:g}"


def _row(alias: str, d: Deployment) -> tuple[str, ...]:
    price = d.price
    return (
        alias,
        d.provider,
        d.model,
        d.region or "-",
        d.tier or "-",
        _num(price.input if price else None),
        _num(price.output if price else None),
        str(d.context_window or "-"),
        ",".join(d.capabilities or []),
    )
