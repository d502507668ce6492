"""``orkester report costs|savings|roi|usage|satisfaction``: the usage ledger's figures, as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

import click

from ..errors import ConfigError
from ..ledger import satisfaction
from ..ledger.reports import BY, Report, choose_premium, costs, key_usage, roi, savings
from ..ledger.store import LedgerStore, open_ledger_store
from ..settings import Deployment, Settings, validate_settings
from .audit import Instant, _run, store_options
from .common import load

F = TypeVar("F", bound=Callable[..., Any])


def report_options(fn: F) -> F:
    fn = click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json"]),
        default="table",
        show_default=True,
        help="table for people; csv (header row, one row per line) or json (rows and summary) for tools.",
    )(fn)
    fn = click.option("--json", "fmt", flag_value="json", help="Same as --format json.")(fn)
    fn = click.option("--csv", "fmt", flag_value="csv", help="Same as --format csv.")(fn)
    fn = click.option("--until", type=Instant(), help="End time, exclusive (default: now).")(fn)
    fn = click.option(
        "--since", type=Instant(), help="First time included: 2026-11-01 (midnight UTC) or an ISO time (default: all)."
    )(fn)
    return store_options(fn)


@click.group()
def report() -> None:
    """Reports over the usage ledger: what requests cost, what routing saved, what it is worth.

    \b
    orkester report costs --by model --since 2026-11-01
    orkester report savings
    orkester report roi --hourly-rate 80 --minutes-saved code=6 --minutes-saved translation=10
    orkester report usage --key key_3f9a --since 2026-11-20
    orkester report satisfaction --by prompt --json

    Costs and savings read the per-minute and per-day rollups, so they answer quickly on any ledger;
    times are counted to the minute. The admin API serves the same figures.
    """


def _emit(rep: Report, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(rep.to_dict(), indent=2, ensure_ascii=False))
        return
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(rep.columns)
        writer.writerows(rep.rows)
        click.echo(out.getvalue(), nl=False)
        return
    click.echo(rep.title)
    click.echo(format_table(rep.columns, rep.rows))
    for key, value in rep.summary.items():
        if value is not None and not isinstance(value, dict):
            click.echo(f"{key}: {value}")
    for note in rep.notes:
        click.echo(f"note: {note}")


def format_table(columns: list[str], rows: list[list[Any]]) -> str:
    """Columns padded to their widest cell; numbers right-aligned (a None, nothing to show, is blank)."""
    places = [max((_places(r[i]) for r in rows), default=0) for i in range(len(columns))]
    body = [
        [
            "" if v is None else f"{v:.{p}f}" if isinstance(v, float) else str(v)
            for v, p in zip(row, places, strict=True)
        ]
        for row in rows
    ]
    cells = [[str(c) for c in columns], *body]
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    numeric = [
        any(isinstance(r[i], int | float) for r in rows)
        and all(r[i] is None or isinstance(r[i], int | float) for r in rows)
        for i in range(len(columns))
    ]
    lines = []
    for r in cells:
        lines.append(
            "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(r, widths, numeric, strict=True)).rstrip()
        )
    return "\n".join(lines)


def _places(value: Any) -> int:
    """Decimal places a float was rounded to (so a column's numbers line up)."""
    return len(repr(value).partition(".")[2]) if isinstance(value, float) and "e" not in repr(value) else 0


def _with_store(store_url: str, job: Callable[[LedgerStore], Awaitable[Report]]) -> Report:
    async def run() -> Report:
        store = await open_ledger_store(store_url, create=False)
        try:
            return await job(store)
        finally:
            await store.close()

    return _run(run)


def _check(since: datetime | None, until: datetime | None) -> None:
    if since and until and since >= until:
        raise click.UsageError("--since must be before --until")


@report.command("costs")
@report_options
@click.option(
    "--by", type=click.Choice(list(BY)), default="model", show_default=True, help="What to group the costs by."
)
def costs_cmd(
    config_path: str | None, url: str | None, since: datetime | None, until: datetime | None, fmt: str, by: str
) -> None:
    """Requests, tokens and cost (USD) per model, task type, team, provider, tier or day.

    Rows are ordered by cost (days by date), with each row's share of the total. Every upstream call
    a request made is counted in its cost (cascade tiers, ensemble members, judges).
    """
    _check(since, until)
    settings = load(config_path, False)
    _emit(_with_store(url or settings.storage.url, lambda s: costs(s, by, since, until)), fmt)


def _aliases(settings: Settings) -> dict[str, list[Deployment]]:
    """Alias -> deployments: the configured catalog, then --demo's (their provider names never clash with real ones)."""
    from ..catalog.resolve import build_catalog, demo_settings
    from ..plugins import load_registry

    aliases = {
        a: spec.deployments
        for a, spec in build_catalog(settings, load_registry(), local_available=False).aliases.items()
    }
    demo = validate_settings(demo_settings(), source="built-in demo catalog")
    for alias, spec in demo.models.items():
        aliases.setdefault(alias, spec.deployments)
    return aliases


@report.command("savings")
@report_options
@click.option(
    "--premium",
    metavar="ALIAS",
    help="The single model to compare with (its first deployment). Default: the most expensive deployment "
    "the ledger has served from, by list price.",
)
def savings_cmd(
    config_path: str | None,
    url: str | None,
    since: datetime | None,
    until: datetime | None,
    fmt: str,
    premium: str | None,
) -> None:
    """What the traffic cost against sending all of it to one premium model, and the tier shares.

    For each model that served requests: its cost, what the same input, cached and output tokens would
    have cost on the premium model, and the difference. Then the share of requests per tier (cheap,
    mid, premium) next to the 80/15/5 split routing by difficulty aims for. Prices come from the
    catalog (config, the built-in list, the --demo models).
    """
    _check(since, until)
    settings = load(config_path, False)
    from ..catalog.resolve import builtin_models

    try:
        aliases = _aliases(settings)
    except ConfigError as e:
        raise click.ClickException(e.message) from None
    catalog = [d for deps in aliases.values() for d in deps]
    builtin = builtin_models()
    if premium and premium not in aliases:
        raise click.UsageError(f"--premium {premium!r} is not a model alias (known: {', '.join(sorted(aliases))})")

    async def job(store: LedgerStore) -> Report:
        chosen: Deployment | None
        if premium:
            chosen = aliases[premium][0]
        else:
            seen = await store.totals(("provider", "model"), since, until)
            chosen = choose_premium(((g.group["provider"], g.group["model"]) for g in seen), catalog, builtin)
            if chosen is None:
                raise click.UsageError("no priced model to compare with; name one with --premium")
        return await savings(store, chosen, since, until)

    _emit(_with_store(url or settings.storage.url, job), fmt)


class TaskMinutes(click.ParamType[tuple[str, float]]):
    name = "TASK=MINUTES"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[str, float]:
        if isinstance(value, tuple):
            return value
        task, sep, minutes = str(value).partition("=")
        try:
            number = float(minutes)
        except ValueError:
            number = -1.0
        if not sep or not task or number < 0:
            self.fail(f"{value!r} is not TASK=MINUTES (e.g. code=6)", param, ctx)
        return task, number


@report.command("roi")
@report_options
@click.option("--hourly-rate", type=click.FloatRange(min=0), required=True, help="What an hour of work costs, EUR.")
@click.option(
    "--minutes-saved",
    type=TaskMinutes(),
    multiple=True,
    required=True,
    help="Minutes of work one request of a task type saves, e.g. code=6; repeat for each task.",
)
@click.option(
    "--eur-per-usd",
    type=click.FloatRange(min=0, min_open=True),
    default=0.92,
    show_default=True,
    help="Exchange rate for the running cost (the ledger counts USD).",
)
def roi_cmd(
    config_path: str | None,
    url: str | None,
    since: datetime | None,
    until: datetime | None,
    fmt: str,
    hourly_rate: float,
    minutes_saved: tuple[tuple[str, float], ...],
    eur_per_usd: float,
) -> None:
    """Hours and euros saved per week and per year, against what the gateway's traffic costs.

    Requests per task type come from the ledger, scaled to a week from the period observed (--since
    to --until, else the first to the last record); each saves the minutes given with --minutes-saved.
    The summary sets the saving against the running cost per week and year, with the net and the
    return per euro spent.
    """
    _check(since, until)
    settings = load(config_path, False)
    minutes = dict(minutes_saved)
    _emit(
        _with_store(
            url or settings.storage.url,
            lambda s: roi(s, hourly_rate, minutes, since, until, eur_per_usd=eur_per_usd),
        ),
        fmt,
    )


@report.command("usage")
@report_options
@click.option("--key", "key_id", required=True, help="The API key's id (as the ledger records it, never the key).")
def usage_cmd(
    config_path: str | None, url: str | None, since: datetime | None, until: datetime | None, fmt: str, key_id: str
) -> None:
    """One API key's requests, errors, tokens, cost and average latency per model, from the raw records."""
    _check(since, until)
    settings = load(config_path, False)
    _emit(_with_store(url or settings.storage.url, lambda s: key_usage(s, key_id, since, until)), fmt)


@report.command("satisfaction")
@report_options
@click.option(
    "--by",
    type=click.Choice(list(satisfaction.BY)),
    default="model",
    show_default=True,
    help="What to group the ratings by (experiment: per experiment and arm; prompt: per template version).",
)
def satisfaction_cmd(
    config_path: str | None, url: str | None, since: datetime | None, until: datetime | None, fmt: str, by: str
) -> None:
    """How users rated the answers (POST /v1/feedback), per model, task, route, prompt version, team or experiment.

    Per group: requests, rated requests, the mean score (0-1: thumbs up 1, down 0, 1-5 as (s-1)/4), the
    share of positive ratings (thumbs up, 4 or 5) and its 95% Wilson interval. Read from the raw records.
    """
    _check(since, until)
    settings = load(config_path, False)
    _emit(_with_store(url or settings.storage.url, lambda s: satisfaction.satisfaction(s, by, since, until)), fmt)
