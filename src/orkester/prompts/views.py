"""Templates and versions as JSON objects (what the admin API answers and ``--json`` prints), and the
unified diff between two versions.

A diff compares each version written out as one text: a header of its task type, description and declared
variables, a ``---`` line, then the body. A change of variables therefore shows up next to the body's.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict
from typing import Any

from ..audit.chain import format_ts
from .model import PromptTemplate, PromptVersion, Variable


def variable_json(v: Variable) -> dict[str, Any]:
    return asdict(v)


def version_json(v: PromptVersion, *, active: int | None = None, body: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "object": "prompt.version",
        "name": v.name,
        "version": v.version,
        "ref": v.ref,
        "task_type": v.task_type,
        "description": v.description,
        "variables": [variable_json(x) for x in v.variables],
        "created_at": format_ts(v.created_at),
        "created_by": v.created_by,
    }
    if active is not None:
        out["active"] = v.version == active
    if body:
        out["body"] = v.body
    return out


def template_json(t: PromptTemplate) -> dict[str, Any]:
    return {
        "object": "prompt",
        "name": t.name,
        "active_version": t.active_version,
        "latest_version": t.latest_version,
        "task_type": t.active.task_type,
        "description": t.active.description,
        "created_at": format_ts(t.created_at),
        "updated_at": format_ts(t.updated_at),
        "updated_by": t.updated_by,
    }


def as_text(v: PromptVersion) -> str:
    """A version as one text: its header, ``---``, its body."""
    lines = [f"task_type: {v.task_type or '-'}", f"description: {v.description or '-'}", "variables:"]
    for x in v.variables:
        how = "required" if x.required else f"default {x.default!r}" if x.default is not None else "optional"
        about = f": {x.description}" if x.description else ""
        lines.append(f"  {x.name} ({how}){about}")
    if not v.variables:
        lines[-1] = "variables: -"
    body = v.body if v.body.endswith("\n") else v.body + "\n"
    return "\n".join(lines) + "\n---\n" + body


def diff(old: PromptVersion, new: PromptVersion, context: int = 3) -> str:
    """The unified diff from ``old`` to ``new`` (empty when they say the same)."""
    return "".join(
        difflib.unified_diff(
            as_text(old).splitlines(keepends=True),
            as_text(new).splitlines(keepends=True),
            fromfile=old.ref,
            tofile=new.ref,
            n=context,
        )
    )
