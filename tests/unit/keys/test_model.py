"""How a key and its team combine into the Principal a request carries."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from orkester.guardrails.entities import ClassOrder
from orkester.keys.model import Key, KeyLimits, Scope, Team, resolve, stricter

from .clocks import START

ORDER = ClassOrder()


def team(**limits: Any) -> Team:
    return Team("t1", "payments", KeyLimits(**limits), {"cost_center": "42", "owner": "team"}, START)


def key(**limits: Any) -> Key:
    return Key("k1", "ci", "t1", "ork-AbCd", "0" * 64, KeyLimits(**limits), {"owner": "key"}, START)


def test_allowed_models_are_the_intersection_and_none_means_any() -> None:
    p = resolve(key(allowed_models=("a", "b")), team(allowed_models=("b", "c")), ORDER)
    assert p.allowed_models == frozenset({"b"}) and p.allows("b") and not p.allows("a") and not p.allows("c")
    assert resolve(key(), team(allowed_models=("c",)), ORDER).allowed_models == frozenset({"c"})
    assert resolve(key(allowed_models=("a",)), team(), ORDER).allowed_models == frozenset({"a"})
    anything = resolve(key(), team(), ORDER)
    assert anything.allowed_models is None and anything.allows("whatever")
    assert resolve(key(allowed_models=("a",)), team(allowed_models=("c",)), ORDER).allowed_models == frozenset()


def floor(key_class: str | None, team_class: str | None) -> str | None:
    return resolve(key(min_data_class=key_class), team(min_data_class=team_class), ORDER).min_data_class


def test_the_stricter_data_class_wins_whichever_side_sets_it() -> None:
    assert floor("internal", "confidential") == "confidential"
    assert floor("strictly_confidential", "public") == "strictly_confidential"
    assert floor(None, "internal") == "internal" and floor("internal", None) == "internal"
    assert floor(None, None) is None


def test_a_class_the_config_no_longer_knows_counts_as_the_strictest() -> None:
    order = ClassOrder(["open", "secret"])
    assert stricter(order, "confidential", "open") == "secret"
    assert stricter(order, None, None) is None


def test_budgets_and_rates_travel_as_one_scope_per_key_and_per_team() -> None:
    p = resolve(key(budget_day_usd=5.0, rpm=60), team(budget_month_usd=500.0, rpm=600, tpm=100_000), ORDER)
    assert p.scopes == (
        Scope("key", "k1", budget_day_usd=5.0, rpm=60),
        Scope("team", "t1", budget_month_usd=500.0, rpm=600, tpm=100_000),
    )


def test_the_keys_task_and_metadata_override_the_teams() -> None:
    p = resolve(key(default_task="code"), team(default_task="quote"), ORDER)
    assert p.default_task == "code"
    assert resolve(key(), team(default_task="quote"), ORDER).default_task == "quote"
    assert p.metadata == {"cost_center": "42", "owner": "key"} and isinstance(p.metadata, MappingProxyType)
    assert (p.key_id, p.key_name, p.team_id, p.team_name) == ("k1", "ci", "t1", "payments")
