"""Teams and keys as JSON objects: what the admin API answers and ``--json`` in the CLI prints.

Nothing here can show a secret: a key is shown by its prefix (``ork-AbCd…``). The secret appears
only in the answer to creating a key (:func:`created_json`).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from ..audit.chain import format_ts
from .model import Key, KeyLimits, Team
from .secrets import shown

SECRET_WARNING = "Store this secret now: it is not kept anywhere and cannot be shown again."


def _ts(value: datetime | None) -> str | None:
    return None if value is None else format_ts(value)


def limits_json(limits: KeyLimits) -> dict[str, Any]:
    out = asdict(limits)
    out["allowed_models"] = None if limits.allowed_models is None else list(limits.allowed_models)
    return out


def team_json(team: Team) -> dict[str, Any]:
    return {
        "id": team.id,
        "object": "team",
        "name": team.name,
        **limits_json(team.limits),
        "metadata": dict(team.metadata),
        "created_at": _ts(team.created_at),
    }


def key_json(key: Key, now: datetime) -> dict[str, Any]:
    return {
        "id": key.id,
        "object": "key",
        "name": key.name,
        "team_id": key.team_id,
        "prefix": shown(key.prefix),
        "status": key.status(now),
        **limits_json(key.limits),
        "metadata": dict(key.metadata),
        "created_at": _ts(key.created_at),
        "expires_at": _ts(key.expires_at),
        "revoked_at": _ts(key.revoked_at),
        "last_used_at": _ts(key.last_used_at),
    }


def created_json(key: Key, secret: str, now: datetime) -> dict[str, Any]:
    return {**key_json(key, now), "secret": secret, "warning": SECRET_WARNING}
