"""The learned router's strategy: each constraint, changed alone, changes the choice."""

from __future__ import annotations

from typing import Any

import pytest

from orkester.catalog.resolve import build_catalog
from orkester.errors import PermissionDeniedError
from orkester.gateway import build_routing
from orkester.pipeline.context import RequestContext
from orkester.pipeline.stages import RoutingStage
from orkester.plugins import load_registry
from orkester.reliability.live import DeploymentLive, LiveStats
from orkester.routing.plan import Plan
from orkester.settings import GuardrailSettings, validate_settings
from orkester.types import ChatRequest

# Predicted quality per predictor model name, as a trained artifact would give it.
PREDICTED = {"small-model": 0.62, "mid-model": 0.80, "big-model": 0.93}


def dep(model: str, price: float, region: str, **extra: Any) -> dict[str, Any]:
    return {"provider": "sim", "model": model, "region": region, "price": {"input": price, "output": price}, **extra}


CONFIG = {
    "providers": {"sim": {"type": "sim"}},
    "models": {
        "small": {"deployments": [dep("small", 0.2, "local")]},
        "mid": {"deployments": [dep("mid", 3.0, "eu", max_concurrency=4)]},
        "big": {"deployments": [dep("big", 10.0, "us")]},
    },
    "routing": {
        "routes": {
            "smart": {
                "strategy": "learned",
                "learned": {
                    "candidates": {"small": "small-model", "mid": "mid-model", "big": "big-model"},
                    "expected_output_tokens": 500,
                },
            }
        }
    },
}


class Services:
    """Fixed predictions and live state, at the seam the strategy reads them from."""

    def __init__(self) -> None:
        self.stats = LiveStats()

    def detect_task(self, text: str) -> tuple[str, float] | None:
        return None

    def predict_quality(self, text: str, artifact: str | None = None) -> dict[str, float]:
        return dict(PREDICTED)

    def live(self, key: str) -> DeploymentLive | None:
        return self.stats.get(key)

    def headroom(self, key: str, limit: int | None) -> float | None:
        return self.stats.headroom(key, limit)


def routing(services: Services) -> RoutingStage:
    s = validate_settings(CONFIG)
    registry = load_registry(include_entry_points=False)
    catalog = build_catalog(s, registry, env={}, local_available=False)
    return build_routing(s, registry, catalog, {"sim"}, services=services)


def choice(stage: RoutingStage, **controls: str) -> Plan:
    req = ChatRequest.model_validate({"model": "smart", "messages": [{"role": "user", "content": "Summarise this."}]})
    ctx = RequestContext(request_id="r", kind="chat", request=req, controls=controls)
    if "data_class" in controls:  # what the classify stage hands routing: the class's default policy
        ctx.guard_policy = GuardrailSettings().policies.get(controls["data_class"])
    return stage.plan(ctx)


def chosen(plan: Plan) -> str:
    return plan.candidates[0].alias


def test_baseline_and_explanation() -> None:
    plan = choice(routing(Services()))
    assert chosen(plan) == "mid"
    assert plan.strategy == "learned"
    assert set(plan.scores) == {"small", "mid", "big"}
    assert plan.scores["big"]["p_good"] == pytest.approx(0.93)
    assert [c.alias for c in plan.candidates] == ["mid", "big", "small"]  # the rest is the fallback chain


def test_quality_need_changes_the_choice() -> None:
    stage = routing(Services())
    assert chosen(choice(stage, quality="low")) == "small"
    assert chosen(choice(stage, quality="critical")) == "big"


def test_deadline_changes_the_choice() -> None:
    services = Services()
    services.stats.get("sim/mid").observe(3.0)  # mid has been answering in ~3 s
    stage = routing(services)
    assert chosen(choice(stage)) == "mid"
    assert chosen(choice(stage, deadline_ms="1000")) != "mid"


def test_budget_changes_the_choice() -> None:
    stage = routing(Services())
    assert chosen(choice(stage, quality="critical")) == "big"
    assert chosen(choice(stage, quality="critical", max_cost_usd="0.001")) != "big"


def test_capacity_changes_the_choice() -> None:
    services = Services()
    stage = routing(services)
    assert chosen(choice(stage)) == "mid"
    services.stats.get("sim/mid").in_flight = 4  # at its max_concurrency
    assert chosen(choice(stage)) != "mid"


def test_data_class_is_a_hard_filter() -> None:
    stage = routing(Services())
    assert chosen(choice(stage, quality="critical")) == "big"  # us region
    assert chosen(choice(stage, quality="critical", data_class="confidential")) == "mid"  # eu
    plan = choice(stage, quality="critical", data_class="strictly_confidential")
    assert [c.alias for c in plan.candidates] == ["small"]  # only local remains, despite the need


def test_nothing_eligible_is_refused() -> None:
    stage = routing(Services())
    with pytest.raises(PermissionDeniedError) as ei:
        choice(stage, data_class="strictly_confidential", max_cost_usd="0.0000001")
    assert ei.value.status == 403
