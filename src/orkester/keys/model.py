"""Teams, virtual keys and the :class:`Principal` a request resolves to.

A key always belongs to a team, and both carry the same :class:`KeyLimits`. When a request arrives
both apply: allowed models are the intersection, the minimum data class is the stricter of the two,
and budgets and rate limits travel as two :class:`Scope` s (one per key, one per team) so the budget
stage enforces each separately, which makes the stricter one bind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from types import MappingProxyType
from typing import Literal

from ..guardrails.entities import ClassOrder

Reason = Literal["unknown", "revoked", "expired"]
Status = Literal["active", "revoked", "expired"]


@dataclass(frozen=True, slots=True)
class KeyLimits:
    """What a key or a team may do; None means "no limit of this kind here"."""

    #: model aliases (or route names) allowed; None = any
    allowed_models: tuple[str, ...] | None = None
    #: the task type used when a request names none (``x-orkester-task``)
    default_task: str | None = None
    #: requests are treated as at least this data class
    min_data_class: str | None = None
    budget_day_usd: float | None = None
    budget_month_usd: float | None = None
    budget_total_usd: float | None = None
    #: requests per minute
    rpm: int | None = None
    #: tokens per minute
    tpm: int | None = None
    #: the response cache for requests that choose none: ``off``, ``exact`` or ``semantic`` (docs/caching.md)
    cache: str | None = None


#: The names a PATCH or ``teams update`` may change.
LIMIT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(KeyLimits))


@dataclass(frozen=True, slots=True)
class Team:
    id: str
    name: str
    limits: KeyLimits
    metadata: Mapping[str, str]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Key:
    """A stored key: its hash, never its secret. ``prefix`` (``ork-AbCd``) is safe to show."""

    id: str
    name: str
    team_id: str
    prefix: str
    secret_hash: str
    limits: KeyLimits
    metadata: Mapping[str, str]
    created_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    def status(self, now: datetime) -> Status:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return "active"


@dataclass(frozen=True, slots=True)
class Scope:
    """One budget and rate-limit scope a request counts against: its key's or its team's."""

    kind: Literal["key", "team"]
    id: str
    budget_day_usd: float | None = None
    budget_month_usd: float | None = None
    budget_total_usd: float | None = None
    rpm: int | None = None
    tpm: int | None = None

    @classmethod
    def of(cls, kind: Literal["key", "team"], id: str, limits: KeyLimits) -> Scope:
        return cls(
            kind,
            id,
            limits.budget_day_usd,
            limits.budget_month_usd,
            limits.budget_total_usd,
            limits.rpm,
            limits.tpm,
        )


@dataclass(frozen=True, slots=True)
class Principal:
    """Who a request is, once its key checked out, and what the key and its team together allow."""

    key_id: str
    key_name: str
    team_id: str
    team_name: str
    #: intersection of the key's and the team's lists; None = any model
    allowed_models: frozenset[str] | None
    #: the key's default task, else the team's
    default_task: str | None
    #: the stricter of the key's and the team's
    min_data_class: str | None
    #: the key's scope, then the team's
    scopes: tuple[Scope, ...]
    #: the team's metadata overlaid with the key's
    metadata: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    expires_at: datetime | None = None
    #: the key's response-cache mode, else the team's (None: the configured ``cache.mode``)
    cache: str | None = None

    def allows(self, model: str) -> bool:
        return self.allowed_models is None or model in self.allowed_models


@dataclass(frozen=True, slots=True)
class AuthResult:
    """What :meth:`KeyService.authenticate` found: a principal, or why there is none."""

    principal: Principal | None = None
    reason: Reason | None = None

    @property
    def message(self) -> str:
        """A 401 message for the caller; never says more than that a key is bad and why."""
        if self.reason == "revoked":
            return "This API key has been revoked."
        if self.reason == "expired":
            return "This API key has expired."
        if self.reason == "unknown":
            return "Invalid API key."
        return "OK"


def resolve(key: Key, team: Team, order: ClassOrder) -> Principal:
    """Combine a key and its team: both apply, the stricter wins."""
    k, t = key.limits, team.limits
    allowed: frozenset[str] | None = None
    for models in (k.allowed_models, t.allowed_models):
        if models is not None:
            allowed = frozenset(models) if allowed is None else allowed & frozenset(models)
    return Principal(
        key_id=key.id,
        key_name=key.name,
        team_id=team.id,
        team_name=team.name,
        allowed_models=allowed,
        default_task=k.default_task or t.default_task,
        min_data_class=stricter(order, k.min_data_class, t.min_data_class),
        scopes=(Scope.of("key", key.id, k), Scope.of("team", team.id, t)),
        metadata=MappingProxyType({**team.metadata, **key.metadata}),
        expires_at=key.expires_at,
        cache=k.cache or t.cache,
    )


def stricter(order: ClassOrder, *classes: str | None) -> str | None:
    """The most sensitive of ``classes`` (None when none is set).

    A class the configuration no longer knows (it was renamed or removed after the key was made)
    counts as the strictest class: a key never gets looser because the configuration changed.
    """
    present = [c if c in order.classes else order.strictest for c in classes if c]
    return order.max(*present) if present else None
