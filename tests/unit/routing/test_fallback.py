from __future__ import annotations

import pytest

from orkester.catalog.resolve import build_catalog
from orkester.errors import UnsupportedFeatureError
from orkester.plugins import load_registry
from orkester.routing.fallback import FallbackStrategy
from orkester.routing.plan import RouteInput, StrategyContext
from orkester.settings import validate_settings
from orkester.types import ChatRequest

CONFIG = {
    "providers": {"a": {"type": "sim"}, "b": {"type": "sim"}},
    "models": {
        "big": {
            "deployments": [
                {"provider": "a", "model": "big-1", "context_window": 100, "capabilities": ["chat", "tools"]},
                {
                    "provider": "b",
                    "model": "big-2",
                    "context_window": 100000,
                    "capabilities": ["chat", "tools", "vision"],
                },
            ],
            "fallbacks": ["small"],
        },
        "small": {
            "deployments": [{"provider": "a", "model": "small", "capabilities": ["chat"]}],
            "fallbacks": ["big"],  # a cycle must not loop
        },
    },
}


@pytest.fixture(scope="module")
def strategy() -> FallbackStrategy:
    s = validate_settings(CONFIG)
    catalog = build_catalog(s, load_registry(include_entry_points=False), env={}, local_available=False)
    return FallbackStrategy(StrategyContext(catalog=catalog))


def route(alias: str, **req: object) -> RouteInput:
    body = {"model": alias, "messages": [{"role": "user", "content": "hi"}], **req}
    return RouteInput(alias=alias, request=ChatRequest.model_validate(body), controls={})


def test_order_is_deployments_then_fallbacks_without_repeats(strategy: FallbackStrategy) -> None:
    plan = strategy.plan(route("big"))
    assert [c.deployment.key for c in plan.candidates] == ["a/big-1", "b/big-2", "a/small"]
    assert [c.alias for c in plan.candidates] == ["big", "big", "small"]
    assert plan.mode == "fallback"


def test_capabilities_filter_candidates_with_reasons(strategy: FallbackStrategy) -> None:
    tool = {"type": "function", "function": {"name": "f"}}
    plan = strategy.plan(route("big", tools=[tool]))
    assert [c.deployment.key for c in plan.candidates] == ["a/big-1", "b/big-2"]
    assert any("skipped a/small: lacks tools" in r for r in plan.reasons)
    image = [{"type": "image_url", "image_url": {"url": "data:image/png;base64,AA=="}}]
    plan = strategy.plan(route("big", messages=[{"role": "user", "content": image}]))
    assert [c.deployment.key for c in plan.candidates] == ["b/big-2"]
    assert plan.mode == "single"


def test_too_small_context_window_is_skipped(strategy: FallbackStrategy) -> None:
    long = "word " * 400  # ~500 tokens
    plan = strategy.plan(route("big", messages=[{"role": "user", "content": long}]))
    assert plan.candidates[0].deployment.key == "b/big-2"
    assert any("window 100" in r for r in plan.reasons)


def test_nothing_can_serve_is_a_clear_400(strategy: FallbackStrategy) -> None:
    with pytest.raises(UnsupportedFeatureError) as ei:
        strategy.plan(route("small", response_format={"type": "json_object"}))
    assert "lacks json" in ei.value.message and ei.value.status == 400
