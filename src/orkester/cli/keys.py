"""``orkester keys create|list|show|revoke``: virtual keys, straight on the store of ``storage.url``.

The options shared with ``orkester teams`` (store, limits, ``--json``) live here too.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

import click

from ..errors import OrkesterError
from ..guardrails.entities import ClassOrder
from ..keys.model import KeyLimits
from ..keys.service import KeyService
from ..keys.views import SECRET_WARNING, key_json
from .audit import Instant
from .common import load
from .common import store_options as common_store_options

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


store_options = common_store_options("the keys", extra=" and whose guardrails.classes name the data classes")


def json_option(fn: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(fn)


class Meta(click.ParamType[tuple[str, str]]):
    name = "KEY=VALUE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[str, str]:
        if isinstance(value, tuple):
            return value
        k, sep, v = str(value).partition("=")
        if not sep or not k:
            self.fail(f"{value!r} is not KEY=VALUE", param, ctx)
        return k, v


def limit_options(fn: F) -> F:
    """The limits a key and a team both carry; each option left out is not set (or not changed)."""
    options = [
        click.option("--models", help="Comma-separated model aliases (or route names) allowed; default: any."),
        click.option("--task", help="Task type used when a request names none (e.g. quote, code)."),
        click.option("--min-class", help="Treat every request as at least this data class (e.g. confidential)."),
        click.option("--budget-day", type=float, help="Budget in USD per day."),
        click.option("--budget-month", type=float, help="Budget in USD per month."),
        click.option("--budget-total", type=float, help="Budget in USD over the whole lifetime."),
        click.option("--rpm", type=click.IntRange(min=1), help="Requests per minute."),
        click.option("--tpm", type=click.IntRange(min=1), help="Tokens per minute."),
        click.option(
            "--cache",
            type=click.Choice(["off", "exact", "semantic"]),
            help="Response cache for requests that choose none (see docs/caching.md).",
        ),
        click.option("--meta", type=Meta(), multiple=True, help="Metadata KEY=VALUE (repeat for more)."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def limit_values(opts: dict[str, Any]) -> dict[str, Any]:
    """The limit options that were given, by KeyLimits field name."""
    names = {
        "models": "allowed_models",
        "task": "default_task",
        "min_class": "min_data_class",
        "budget_day": "budget_day_usd",
        "budget_month": "budget_month_usd",
        "budget_total": "budget_total_usd",
        "rpm": "rpm",
        "tpm": "tpm",
        "cache": "cache",
    }
    out = {field: opts[option] for option, field in names.items() if opts.get(option) is not None}
    if "allowed_models" in out:
        out["allowed_models"] = tuple(m.strip() for m in out["allowed_models"].split(",") if m.strip())
    return out


def run_with_service(
    config_path: str | None, url: str | None, job: Callable[[KeyService], Awaitable[T]], *, create: bool
) -> T:
    """Open the key store, run ``job``, close; an Orkester error (bad input, unreachable store) is one line, exit 2."""
    settings = load(config_path, False)

    async def run() -> T:
        service = await KeyService.open(
            url or settings.storage.url, classes=ClassOrder(settings.guardrails.classes), create=create
        )
        try:
            return await job(service)
        finally:
            await service.close()

    try:
        return asyncio.run(run())
    except OrkesterError as e:
        click.echo(f"error: {e.message}", err=True)
        sys.exit(2)


def print_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def print_fields(data: dict[str, Any]) -> None:
    for name, value in data.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items()) or "-"
        elif isinstance(value, list):
            value = ", ".join(value)
        click.echo(f"{name + ':':<18} {'-' if value is None else value}")


@click.group()
def keys() -> None:
    """Virtual keys: each belongs to a team; its secret is shown once and stored only as a hash.

    \b
    orkester keys create --team payments --name ci-bot --models gpt-4o-mini --rpm 60 --budget-day 5
    orkester keys list --team payments
    orkester keys show KEY_ID
    orkester keys revoke KEY_ID

    A request is held to its key's limits and its team's: the stricter wins. See docs/keys.md.
    """


@keys.command()
@store_options
@click.option("--team", required=True, help="The owning team's id or name (`orkester teams create` makes one).")
@click.option("--name", required=True, help="A name to recognise the key by (who or what uses it).")
@limit_options
@click.option("--expires", type=Instant(), help="Expiry: a date (midnight UTC) or an ISO time; default: never.")
@json_option
def create(
    config_path: str | None,
    url: str | None,
    team: str,
    name: str,
    expires: datetime | None,
    meta: tuple[tuple[str, str], ...],
    as_json: bool,
    **opts: Any,
) -> None:
    """Create a key and print its secret, once: it is not stored and cannot be shown again.

    The secret goes to standard output (alone on a line, or as "secret" with --json), everything else
    to standard error, so `KEY=$(orkester keys create --team T --name N)` captures just the secret.
    """
    limits = KeyLimits(**limit_values(opts))
    created = run_with_service(
        config_path, url, lambda s: s.create_key(team, name, limits, dict(meta), expires), create=True
    )
    key = created.key
    if as_json:
        print_json({**key_json(key, key.created_at), "secret": created.secret, "warning": SECRET_WARNING})
        return
    click.echo(f"created key {key.id} ({key.name}) for team {team}", err=True)
    click.echo(created.secret)
    click.echo(f"warning: {SECRET_WARNING}", err=True)


@keys.command(name="list")
@store_options
@click.option("--team", help="Only this team's keys (id or name).")
@json_option
def list_keys(config_path: str | None, url: str | None, team: str | None, as_json: bool) -> None:
    """List keys, oldest first, revoked and expired ones included (see STATUS)."""

    async def job(s: KeyService) -> tuple[list[dict[str, Any]], dict[str, str]]:
        now = s.now()
        names = {t.id: t.name for t in await s.list_teams()}
        return [key_json(k, now) for k in await s.list_keys(team)], names

    rows, teams = run_with_service(config_path, url, job, create=False)
    if as_json:
        print_json(rows)
        return
    click.echo(f"{'ID':<32}  {'PREFIX':<9}  {'NAME':<20}  {'TEAM':<16}  {'STATUS':<7}  {'EXPIRES':<10}  LAST USED")
    for r in rows:
        expires = (r["expires_at"] or "-")[:10]
        last = (r["last_used_at"] or "-")[:19]
        team_name = teams.get(r["team_id"], r["team_id"])
        name = f"{r['id']:<32}  {r['prefix']:<9}  {r['name']:<20}  {team_name:<16}"
        click.echo(f"{name}  {r['status']:<7}  {expires:<10}  {last}")


@keys.command()
@store_options
@click.argument("key_id")
@json_option
def show(config_path: str | None, url: str | None, key_id: str, as_json: bool) -> None:
    """Show one key: limits, metadata, status, times. Never its secret (it is not stored)."""

    async def job(s: KeyService) -> dict[str, Any] | None:
        key = await s.get_key(key_id)
        return None if key is None else key_json(key, s.now())

    data = run_with_service(config_path, url, job, create=False)
    if data is None:
        click.echo(f"error: no key with id {key_id!r}", err=True)
        sys.exit(1)
    if as_json:
        print_json(data)
    else:
        print_fields(data)


@keys.command()
@store_options
@click.argument("key_id")
def revoke(config_path: str | None, url: str | None, key_id: str) -> None:
    """Revoke a key for good. Gateways refuse it within keys.cache_seconds (default 5 s)."""
    key = run_with_service(config_path, url, lambda s: s.revoke_key(key_id), create=False)
    if key is None:
        click.echo(f"error: no key with id {key_id!r}", err=True)
        sys.exit(1)
    click.echo(f"revoked key {key.id} ({key.name})")
