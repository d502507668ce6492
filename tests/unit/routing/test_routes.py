"""Routes: rules by task type, ensembles when worth it, cascades, and config validation."""

from __future__ import annotations

from typing import Any

import pytest

from orkester.catalog.resolve import build_catalog
from orkester.errors import ConfigError
from orkester.gateway import build_routing
from orkester.pipeline.context import RequestContext
from orkester.pipeline.stages import RoutingStage
from orkester.plugins import load_registry
from orkester.routing.plan import Plan
from orkester.settings import validate_settings
from orkester.types import ChatRequest

MODELS = {name: {"deployments": [{"provider": "sim", "model": name}]} for name in ("cheap", "mid", "premium", "judge")}


class FixedDetector:
    """Stands in for the embedding detector at the seam strategies use (RoutingServices)."""

    def __init__(self, task: str, confidence: float) -> None:
        self.answer = (task, confidence)
        self.calls = 0

    def detect_task(self, text: str) -> tuple[str, float] | None:
        self.calls += 1
        return self.answer


def routing(routes: dict[str, Any], detector: FixedDetector | None = None) -> RoutingStage:
    s = validate_settings({"providers": {"sim": {"type": "sim"}}, "models": MODELS, "routing": {"routes": routes}})
    registry = load_registry(include_entry_points=False)
    catalog = build_catalog(s, registry, env={}, local_available=False)
    return build_routing(s, registry, catalog, {"sim"}, services=detector)


def plan(stage: RoutingStage, model: str, **controls: str) -> Plan:
    req = ChatRequest.model_validate({"model": model, "messages": [{"role": "user", "content": "Lag et tilbud"}]})
    return stage.plan(RequestContext(request_id="r", kind="chat", request=req, controls=controls))


RULES = {
    "auto": {
        "strategy": "rules",
        "tasks": {"quote": "premium", "code": "careful"},
        "default": "cheap",
        "min_confidence": 0.6,
        "ensemble": {"members": ["cheap", "mid"], "combine": "judge", "judge": "judge"},
        "ensemble_when": {"quality": ["critical"], "tasks": ["legal"], "confidence_below": 0.3},
    },
    "careful": {
        "strategy": "cascade",
        "cascade": {
            "tiers": [
                {"model": "cheap", "check": {"type": "logprob", "threshold": 0.8}, "thresholds": {"code": 0.95}},
                {"model": "premium"},
            ]
        },
    },
}


def test_declared_task_wins_over_detection() -> None:
    det = FixedDetector("general_chat", 0.99)
    p = plan(routing(RULES, det), "auto", task="quote")
    assert [c.deployment.model for c in p.candidates] == ["premium"]
    assert p.task == "quote" and p.task_confidence == 1.0
    assert det.calls == 0
    assert "rule quote -> premium" in p.reasons


def test_detected_task_routes_and_delegates_to_another_route() -> None:
    p = plan(routing(RULES, FixedDetector("code", 0.9)), "auto")
    assert p.mode == "cascade" and p.strategy == "rules>cascade"
    assert p.tiers is not None and p.tiers[0].check == {"type": "logprob", "threshold": 0.95}
    assert p.task == "code"


def test_low_confidence_falls_to_default() -> None:
    p = plan(routing(RULES, FixedDetector("quote", 0.5)), "auto")
    assert [c.deployment.model for c in p.candidates] == ["cheap"]
    assert any("confidence below 0.6" in r for r in p.reasons)


@pytest.mark.parametrize(
    ("controls", "detected", "why"),
    [
        ({"quality": "critical"}, ("quote", 0.9), "quality need critical"),
        ({}, ("legal", 0.9), "task legal"),
        ({}, ("quote", 0.2), "routing confidence 0.20 < 0.3"),
    ],
)
def test_ensemble_only_when_worth_it(controls: dict[str, str], detected: tuple[str, float], why: str) -> None:
    p = plan(routing(RULES, FixedDetector(*detected)), "auto", **controls)
    assert p.mode == "ensemble" and p.ensemble is not None
    assert [m.alias for m in p.ensemble.members] == ["cheap", "mid"]
    assert p.ensemble.judge is not None and p.ensemble.judge.alias == "judge"
    assert any(why in r for r in p.reasons)
    normal = plan(routing(RULES, FixedDetector("quote", 0.9)), "auto", quality="normal")
    assert normal.mode == "single"


def test_explain_is_plain_data() -> None:
    p = plan(routing(RULES, FixedDetector("code", 0.9)), "auto")
    data = p.explain()
    assert data["mode"] == "cascade" and data["task"] == "code"
    assert [t["alias"] for t in data["tiers"]] == ["cheap", "premium"]


@pytest.mark.parametrize(
    ("routes", "needle"),
    [
        (
            {"a": {"strategy": "rules", "default": "nope"}},
            "routing.routes.a.default: 'nope' is not a model alias or route",
        ),
        ({"a": {"strategy": "rules", "default": "b"}, "b": {"strategy": "rules", "default": "a"}}, "in a circle"),
        (
            {"c": {"strategy": "cascade", "cascade": {"tiers": [{"model": "cheap"}, {"model": "ghost"}]}}},
            "cascade.tiers[1].model: 'ghost' is not a model alias",
        ),
        ({"e": {"strategy": "ensemble"}}, "needs an `ensemble:` section"),
        ({"x": {"strategy": "teleport"}}, "Unknown routing strategy 'teleport'"),
    ],
)
def test_bad_routes_are_config_errors(routes: dict[str, Any], needle: str) -> None:
    with pytest.raises(ConfigError) as ei:
        routing(routes)
    assert needle in ei.value.message


def test_route_name_cannot_shadow_an_alias() -> None:
    with pytest.raises(ConfigError, match="same name as a model alias"):
        routing({"cheap": {"strategy": "rules", "default": "mid"}})


def test_judge_required_for_judge_and_fusion() -> None:
    with pytest.raises(ConfigError, match="needs a judge alias"):
        validate_settings(
            {
                "routing": {
                    "routes": {"e": {"strategy": "ensemble", "ensemble": {"members": ["a", "b"], "combine": "fusion"}}}
                }
            }
        )
