"""``orkester prompts list|show|push|diff|rollback``: prompt templates, straight on the store of ``storage.url``.

A gateway sees a push or rollback made here within ``prompts.cache_seconds`` (default 5 s).
"""

from __future__ import annotations

import asyncio
import getpass
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import click
import yaml

from ..errors import NotFoundError, OrkesterError, RequestError
from ..prompts import PromptDraft, PromptRef, PromptService, Variable
from ..prompts.views import diff as unified_diff
from ..prompts.views import template_json, version_json
from .common import load, store_options

T = TypeVar("T")
options = store_options("the prompt templates")


def _json_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(fn)


def _run(config_path: str | None, url: str | None, job: Callable[[PromptService], Awaitable[T]], *, create: bool) -> T:
    """Open the store, run ``job``, close. Not found: exit 1; any other Orkester error (bad input, unreachable
    store): exit 2; each as one line."""
    settings = load(config_path, False)

    async def run() -> T:
        service = PromptService.build(settings.prompts, url or settings.storage.url)
        await service.store.open(create=create)
        try:
            return await job(service)
        finally:
            await service.close()

    try:
        return asyncio.run(run())
    except NotFoundError as e:
        click.echo(f"error: {e.message}", err=True)
        sys.exit(1)
    except OrkesterError as e:
        click.echo(f"error: {e.message}", err=True)
        sys.exit(2)


def _ref(text: str) -> PromptRef:
    try:
        return PromptRef.parse(text, param="REF")
    except OrkesterError as e:
        raise click.BadParameter(e.message) from None


def _who(by: str | None) -> str | None:
    if by:
        return by
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in this environment (a container without a passwd entry)
        return None


def _print_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


class VarSpec(click.ParamType[Variable]):
    """``NAME`` (required), ``NAME?`` (optional) or ``NAME=DEFAULT`` (optional, with a default)."""

    name = "NAME[=DEFAULT]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Variable:
        if isinstance(value, Variable):
            return value
        text = str(value)
        name, sep, default = text.partition("=")
        if sep:
            return Variable(name.strip(), required=False, default=default)
        if text.endswith("?"):
            return Variable(text[:-1].strip(), required=False)
        if not text.strip():
            self.fail("a variable needs a name", param, ctx)
        return Variable(text.strip())


def variables_file(path: str) -> list[Variable]:
    """Variables from a YAML or JSON file: a list of {name, required, default, description}, or a mapping of
    name to such a mapping (or to its description alone)."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise click.BadParameter(f"cannot read {path}: {e.strerror}") from None
    except yaml.YAMLError as e:
        raise click.BadParameter(f"{path} is not valid YAML or JSON: {e}") from None
    if data is None:
        return []
    if isinstance(data, dict):
        items = [{"name": k, **(v if isinstance(v, dict) else {"description": v or ""})} for k, v in data.items()]
    elif isinstance(data, list):
        items = data
    else:
        raise click.BadParameter(f"{path} must hold a list of variables or a mapping of name to variable")
    out = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise click.BadParameter(f"{path}: every variable needs a name (got {item!r})")
        unknown = set(item) - {"name", "required", "default", "description"}
        if unknown:
            raise click.BadParameter(
                f"{path}: variable {item['name']!r}: unknown field(s) {', '.join(sorted(unknown))}"
            )
        default = item.get("default")
        required = item.get("required", default is None)
        out.append(
            Variable(
                item["name"],
                bool(required),
                None if default is None else str(default),
                str(item.get("description") or ""),
            )
        )
    return out


@click.group()
def prompts() -> None:
    """Prompt templates: named, versioned Jinja2 templates with declared variables.

    \b
    orkester prompts push quote quote.j2 --var customer --var tone=friendly --task quote
    orkester prompts list
    orkester prompts show quote@2
    orkester prompts diff quote 1 2
    orkester prompts rollback quote

    A request uses one with metadata {"prompt": "quote@2", "prompt_vars": "{\\"customer\\": \\"Ada\\"}"}.
    See docs/prompts.md.
    """


@prompts.command(name="list")
@options
@click.argument("name", required=False)
@_json_option
def list_prompts(config_path: str | None, url: str | None, name: str | None, as_json: bool) -> None:
    """List templates (name, active and latest version, task type), or with NAME every version of that one."""
    if name is None:
        templates = _run(config_path, url, lambda s: s.templates(), create=False)
        if as_json:
            _print_json([template_json(t) for t in templates])
            return
        click.echo(f"{'NAME':<24}  {'ACTIVE':>6}  {'LATEST':>6}  {'TASK':<12}  {'UPDATED':<19}  DESCRIPTION")
        for t in templates:
            updated = t.updated_at.strftime("%Y-%m-%d %H:%M:%S")
            task = t.active.task_type or "-"
            click.echo(
                f"{t.name:<24}  {t.active_version:>6}  {t.latest_version:>6}  {task:<12}  {updated:<19}  "
                f"{t.active.description or '-'}"
            )
        return

    async def job(s: PromptService) -> tuple[int, list[dict[str, Any]]]:
        template = await s.template(name)
        if template is None:
            raise NotFoundError(f"Prompt template {name!r} does not exist.")
        active = template.active_version
        return active, [version_json(v, active=active, body=False) for v in await s.versions(name)]

    active, rows = _run(config_path, url, job, create=False)
    if as_json:
        _print_json(rows)
        return
    click.echo(f"{'VERSION':>7}  {'':1}  {'CREATED':<19}  {'BY':<16}  {'TASK':<12}  DESCRIPTION")
    for r in rows:
        mark = "*" if r["version"] == active else ""
        created = r["created_at"][:19].replace("T", " ")
        click.echo(
            f"{r['version']:>7}  {mark:1}  {created:<19}  {r['created_by'] or '-':<16}  {r['task_type'] or '-':<12}  "
            f"{r['description'] or '-'}"
        )


@prompts.command()
@options
@click.argument("ref")
@_json_option
def show(config_path: str | None, url: str | None, ref: str, as_json: bool) -> None:
    """Show one version: REF is NAME (the active version), NAME@latest (the same) or NAME@VERSION.

    Prints its fields and declared variables, then its body after a line of dashes."""
    wanted = _ref(ref)

    async def job(s: PromptService) -> dict[str, Any]:
        version = await s.get(wanted)
        template = await s.template(wanted.name)
        return version_json(version, active=template.active_version if template else None)

    data = _run(config_path, url, job, create=False)
    if as_json:
        _print_json(data)
        return
    for field in ("ref", "active", "task_type", "description", "created_at", "created_by"):
        value = data[field]
        click.echo(f"{field + ':':<13} {'-' if value in (None, '') else value}")
    click.echo("variables:" + ("" if data["variables"] else "    -"))
    for v in data["variables"]:
        how = "required" if v["required"] else f"default {v['default']!r}" if v["default"] is not None else "optional"
        click.echo(f"  {v['name']} ({how}){': ' + v['description'] if v['description'] else ''}")
    click.echo("---")
    click.echo(data["body"], nl=not data["body"].endswith("\n"))


@prompts.command()
@options
@click.argument("name")
@click.argument("template", default="-", type=click.File("r", encoding="utf-8"))
@click.option(
    "--vars",
    "vars_file",
    type=click.Path(exists=True, dir_okay=False),
    help="YAML or JSON file declaring the variables: a list of {name, required, default, description}, "
    "or a mapping of name to those fields.",
)
@click.option(
    "--var",
    "var_specs",
    type=VarSpec(),
    multiple=True,
    help="Declare a variable: NAME (required), NAME? (optional) or NAME=DEFAULT (repeatable; added to --vars).",
)
@click.option("--task", help="Task type the template is for; a request using it is routed as this task.")
@click.option("--description", default="", help="What the template is for.")
@click.option("--no-activate", is_flag=True, help="Store the version without serving it (the first version is served).")
@click.option("--by", help="Who pushes (default: the current user name).")
@_json_option
def push(
    config_path: str | None,
    url: str | None,
    name: str,
    template: Any,
    vars_file: str | None,
    var_specs: tuple[Variable, ...],
    task: str | None,
    description: str,
    no_activate: bool,
    by: str | None,
    as_json: bool,
) -> None:
    """Push TEMPLATE (a file, or - for standard input) as the next version of NAME, and serve it.

    The template is Jinja2: one text (the system message), or {% block system %} and {% block user %}.
    Every variable it uses must be declared (--vars, --var). Pushing what the latest version already
    says makes no new version."""
    declared = [*(variables_file(vars_file) if vars_file else []), *var_specs]
    draft = PromptDraft(name, template.read(), tuple(declared), task, description)
    pushed = _run(config_path, url, lambda s: s.push(draft, activate=not no_activate, by=_who(by)), create=True)
    v = pushed.version
    if as_json:
        _print_json({**version_json(v), "created": pushed.created})
        return
    if not pushed.created:
        click.echo(f"{v.ref} already says this: no new version")
    elif no_activate:
        click.echo(f"pushed {v.ref} (not served: `orkester prompts rollback {name} --to {v.version}` serves it)")
    else:
        click.echo(f"pushed {v.ref}, now served as {name}")


@prompts.command(name="diff")
@options
@click.argument("name")
@click.argument("old", required=False)
@click.argument("new", required=False)
def diff_versions(config_path: str | None, url: str | None, name: str, old: str | None, new: str | None) -> None:
    """Unified diff between two versions of NAME: OLD and NEW are numbers or "latest".

    NEW defaults to the active version, OLD to the version before NEW. The header (task type, description,
    variables) is compared along with the body."""
    new_ref = _ref(f"{name}@{new or 'latest'}")
    old_ref = _ref(f"{name}@{old}") if old else None

    async def job(s: PromptService) -> str:
        newer = await s.get(new_ref)
        if old_ref is None and newer.version == 1:
            raise RequestError(f"{newer.ref} is the first version: name one to compare with.")
        return unified_diff(await s.get(old_ref or PromptRef(name, newer.version - 1)), newer)

    click.echo(_run(config_path, url, job, create=False), nl=False)


@prompts.command()
@options
@click.argument("name")
@click.option(
    "--to", "to", type=click.IntRange(min=1), help="The version to serve (default: the one before the active)."
)
@click.option("--by", help="Who rolls back (default: the current user name).")
def rollback(config_path: str | None, url: str | None, name: str, to: int | None, by: str | None) -> None:
    """Serve an earlier version of NAME again (or a later one, with --to). Versions are not changed or
    copied: the template's pointer moves, so NAME@N keeps meaning the same text."""
    template = _run(config_path, url, lambda s: s.rollback(name, to, by=_who(by)), create=False)
    click.echo(f"{name} now serves {template.active.ref} (latest pushed: {name}@{template.latest_version})")
