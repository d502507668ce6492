"""``orkester teams create|list|show|update``: teams own keys, and their limits bind every key they own."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..keys.model import LIMIT_FIELDS, KeyLimits
from ..keys.service import KeyService
from ..keys.views import key_json, team_json
from .keys import json_option, limit_options, limit_values, print_fields, print_json, run_with_service, store_options

_UNSETTABLE = (*LIMIT_FIELDS, "metadata")


@click.group()
def teams() -> None:
    """Teams (or projects): they own keys, and their limits apply to every key they own.

    \b
    orkester teams create payments --budget-month 500 --models gpt-4o-mini,claude-haiku
    orkester teams list
    orkester teams show payments
    orkester teams update payments --rpm 600 --unset budget_month_usd

    A request is held to its key's limits and its team's: the stricter wins. See docs/keys.md.
    """


@teams.command()
@store_options
@click.argument("name")
@limit_options
@json_option
def create(
    config_path: str | None, url: str | None, name: str, meta: tuple[tuple[str, str], ...], as_json: bool, **opts: Any
) -> None:
    """Create a team called NAME (names are unique)."""
    limits = KeyLimits(**limit_values(opts))
    team = run_with_service(config_path, url, lambda s: s.create_team(name, limits, dict(meta)), create=True)
    if as_json:
        print_json(team_json(team))
    else:
        click.echo(f"created team {team.name} ({team.id})")


@teams.command(name="list")
@store_options
@json_option
def list_teams(config_path: str | None, url: str | None, as_json: bool) -> None:
    """List teams by name, with how many of their keys are active."""

    async def job(s: KeyService) -> list[dict[str, Any]]:
        now = s.now()
        active: dict[str, int] = {}
        for key in await s.list_keys():
            active[key.team_id] = active.get(key.team_id, 0) + (key.status(now) == "active")
        return [{**team_json(t), "active_keys": active.get(t.id, 0)} for t in await s.list_teams()]

    rows = run_with_service(config_path, url, job, create=False)
    if as_json:
        print_json(rows)
        return
    click.echo(f"{'ID':<32}  {'NAME':<20}  {'KEYS':>4}  LIMITS")
    for r in rows:
        limits = ", ".join(f"{k}={r[k]}" for k in LIMIT_FIELDS if r[k] is not None) or "-"
        click.echo(f"{r['id']:<32}  {r['name']:<20}  {r['active_keys']:>4}  {limits}")


@teams.command()
@store_options
@click.argument("team")
@json_option
def show(config_path: str | None, url: str | None, team: str, as_json: bool) -> None:
    """Show one team (by id or name): its limits, metadata and keys."""

    async def job(s: KeyService) -> dict[str, Any] | None:
        found = await s.find_team(team)
        if found is None:
            return None
        now = s.now()
        return {**team_json(found), "keys": [key_json(k, now) for k in await s.list_keys(found.id)]}

    data = run_with_service(config_path, url, job, create=False)
    if data is None:
        click.echo(f"error: no team with id or name {team!r}", err=True)
        sys.exit(1)
    if as_json:
        print_json(data)
        return
    keys = data.pop("keys")
    print_fields(data)
    for k in keys:
        click.echo(f"  key {k['id']}  {k['prefix']}  {k['name']}  {k['status']}")


@teams.command()
@store_options
@click.argument("team")
@click.option("--name", "new_name", help="Rename the team.")
@limit_options
@click.option(
    "--unset",
    type=click.Choice(_UNSETTABLE),
    multiple=True,
    help="Remove a limit (or all metadata); repeat for more.",
)
@json_option
def update(
    config_path: str | None,
    url: str | None,
    team: str,
    new_name: str | None,
    meta: tuple[tuple[str, str], ...],
    unset: tuple[str, ...],
    as_json: bool,
    **opts: Any,
) -> None:
    """Change a team's name, limits or metadata; options left out keep their value.

    --meta replaces all of the team's metadata with the pairs given. Keys of the team are held to
    the new limits within keys.cache_seconds.
    """
    changes: dict[str, Any] = dict.fromkeys(unset)
    if "metadata" in changes:
        changes["metadata"] = {}
    changes.update(limit_values(opts))
    if meta:
        changes["metadata"] = dict(meta)
    if new_name is not None:
        changes["name"] = new_name
    if not changes:
        raise click.UsageError("nothing to change: give --name, a limit option, --meta or --unset")
    updated = run_with_service(config_path, url, lambda s: s.update_team(team, changes), create=False)
    if updated is None:
        click.echo(f"error: no team with id or name {team!r}", err=True)
        sys.exit(1)
    if as_json:
        print_json(team_json(updated))
    else:
        click.echo(f"updated team {updated.name} ({updated.id})")
