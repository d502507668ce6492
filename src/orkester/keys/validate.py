"""Checks on what an admin sends (names, limits, metadata, changes), shared by the admin API and the CLI.

Types are checked where input arrives (pydantic in the API, click in the CLI); what only the gateway
knows, such as the configured data classes, is checked here. Every failure is a RequestError naming
the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..errors import RequestError
from ..guardrails.entities import ClassOrder
from .model import LIMIT_FIELDS, KeyLimits

MAX_NAME = 128
MAX_METADATA = 64
MAX_METADATA_KEY = 64
MAX_METADATA_VALUE = 512
_BUDGETS = ("budget_day_usd", "budget_month_usd", "budget_total_usd")
CACHE_MODES = ("off", "exact", "semantic")


def _bad(param: str, message: str) -> RequestError:
    return RequestError(f"{param}: {message}", param=param, code="invalid_value")


def check_name(name: str, param: str = "name") -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME or not name.isprintable():
        raise _bad(param, f"must be 1 to {MAX_NAME} printable characters")
    return name


def check_limits(limits: KeyLimits, order: ClassOrder) -> KeyLimits:
    """``limits`` with allowed models de-duplicated, or RequestError naming the first bad field."""
    models = limits.allowed_models
    if models is not None:
        if not models or not all(isinstance(m, str) and m.strip() for m in models):
            raise _bad("allowed_models", "must name at least one model (null allows any model)")
        models = tuple(dict.fromkeys(m.strip() for m in models))
    for name in _BUDGETS:
        value = getattr(limits, name)
        if value is not None and not (isinstance(value, int | float) and 0 <= value < float("inf")):
            raise _bad(name, f"must be a number of US dollars, 0 or more (got {value!r})")
    for name in ("rpm", "tpm"):
        value = getattr(limits, name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise _bad(name, f"must be a whole number, 1 or more (got {value!r})")
    if limits.min_data_class is not None and limits.min_data_class not in order.classes:
        raise _bad("min_data_class", f"unknown data class {limits.min_data_class!r}; known: {', '.join(order.classes)}")
    if limits.cache is not None and limits.cache not in CACHE_MODES:
        raise _bad("cache", f"must be one of {', '.join(CACHE_MODES)} (null: the gateway's cache.mode)")
    if limits.default_task is not None and not limits.default_task.strip():
        raise _bad("default_task", "must not be empty (null means none)")
    return replace(limits, allowed_models=models)


def check_metadata(metadata: Mapping[str, str] | None) -> dict[str, str]:
    metadata = dict(metadata or {})
    if len(metadata) > MAX_METADATA:
        raise _bad("metadata", f"at most {MAX_METADATA} entries")
    for k, v in metadata.items():
        if not isinstance(k, str) or not k or len(k) > MAX_METADATA_KEY:
            raise _bad("metadata", f"keys must be 1 to {MAX_METADATA_KEY} characters (got {k!r})")
        if not isinstance(v, str) or len(v) > MAX_METADATA_VALUE:
            raise _bad(f"metadata.{k}", f"values must be text of at most {MAX_METADATA_VALUE} characters")
    return metadata


def split_changes(changes: Mapping[str, Any], allowed: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Changes to limits, and to everything else; RequestError for a field that cannot be changed."""
    unknown = sorted(set(changes) - set(allowed) - set(LIMIT_FIELDS))
    if unknown:
        raise _bad(unknown[0], f"cannot be changed (changeable: {', '.join((*allowed, *LIMIT_FIELDS))})")
    limits = {k: v for k, v in changes.items() if k in LIMIT_FIELDS}
    if "allowed_models" in limits and limits["allowed_models"] is not None:
        limits["allowed_models"] = tuple(limits["allowed_models"])
    return limits, {k: v for k, v in changes.items() if k not in LIMIT_FIELDS}
