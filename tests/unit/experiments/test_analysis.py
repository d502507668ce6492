from __future__ import annotations

from typing import Any

import pytest

from orkester.experiments.analysis import ArmData, analyse, degradation
from orkester.experiments.stats import MeanSummary
from orkester.settings import ExperimentSpec

ARMS = {"A": {"model": "a"}, "B": {"model": "b"}}


def spec(**kw: Any) -> ExperimentSpec:
    return ExperimentSpec.model_validate({"arms": ARMS, "min_samples": 50, **kw})


def rated(arm: str, n: int, positive: int, cost: float = 1.0) -> ArmData:
    return ArmData(arm, requests=n, rated=n, positive=positive, cost=MeanSummary(n, cost * n, cost * cost * n * 1.01))


def test_not_enough_data_before_min_samples() -> None:
    r = analyse("e", spec(auto_stop=True), {"A": rated("A", 40, 10), "B": rated("B", 80, 70)})
    assert (r.decision.outcome, r.decision.stop) == ("not_enough_data", False)


def test_winner_at_alpha_and_the_stricter_interim_boundary_for_stopping() -> None:
    data = {"A": rated("A", 100, 60), "B": rated("B", 100, 75)}  # p = 0.023
    r = analyse("e", spec(auto_stop=True), data)
    assert (r.decision.outcome, r.decision.arm) == ("winner", "B")
    assert r.comparisons[0].p_value == pytest.approx(0.0227, abs=1e-3)
    assert r.decision.stop is False  # not below interim_alpha 0.001
    r = analyse("e", spec(auto_stop=True), {"A": rated("A", 200, 120), "B": rated("B", 200, 160)})
    assert (r.decision.outcome, r.decision.arm, r.decision.stop) == ("winner", "B", True)
    assert (
        analyse("e", spec(auto_stop=False), {"A": rated("A", 200, 120), "B": rated("B", 200, 160)}).decision.stop
        is False
    )


def test_a_significantly_worse_challenger_makes_the_control_the_winner() -> None:
    r = analyse("e", spec(), {"A": rated("A", 200, 160), "B": rated("B", 200, 100)})
    assert (r.decision.outcome, r.decision.arm) == ("winner", "A")


def test_no_difference_stops_with_the_control_only_at_max_samples() -> None:
    data = {"A": rated("A", 100, 70), "B": rated("B", 100, 72)}
    r = analyse("e", spec(auto_stop=True, max_samples=200), data)
    assert (r.decision.outcome, r.decision.stop) == ("no_difference", False)
    data = {"A": rated("A", 200, 140), "B": rated("B", 200, 142)}
    r = analyse("e", spec(auto_stop=True, max_samples=200), data)
    assert (r.decision.outcome, r.decision.arm, r.decision.stop) == ("no_difference", "A", True)


def test_a_guardrail_violation_keeps_the_control() -> None:
    data = {"A": rated("A", 200, 120, cost=1.0), "B": rated("B", 200, 160, cost=1.5)}
    s = spec(auto_stop=True, guardrail={"metric": "cost", "max_degradation": 0.2})
    r = analyse("e", s, data)
    assert (r.decision.outcome, r.decision.arm, r.decision.stop) == ("guardrail", "A", True)
    assert r.guardrail is not None and r.guardrail["degradation"] == pytest.approx(0.5)
    s = spec(auto_stop=True, guardrail={"metric": "cost", "max_degradation": 0.6})
    assert analyse("e", s, data).decision.outcome == "winner"


def test_lower_is_better_for_cost_latency_and_escalation() -> None:
    assert degradation("cost", 1.0, 1.2) == pytest.approx(0.2)
    assert degradation("satisfaction", 0.8, 0.6) == pytest.approx(0.25)
    assert degradation("escalation", 0.0, 0.1) == float("inf")
    a = ArmData("A", requests=100, latency=MeanSummary(100, 100 * 500.0, 100 * 500.0**2 + 99 * 100.0))
    b = ArmData("B", requests=100, latency=MeanSummary(100, 100 * 300.0, 100 * 300.0**2 + 99 * 100.0))
    r = analyse("e", spec(metric="latency"), {"A": a, "B": b})
    assert (r.decision.outcome, r.decision.arm) == ("winner", "B")
    assert r.arms[1].ci is not None and r.arms[1].ci[0] < 300 < r.arms[1].ci[1]


def test_config_is_validated() -> None:
    with pytest.raises(ValueError, match="two arms"):
        ExperimentSpec.model_validate({"arms": {"A": {}}})
    with pytest.raises(ValueError, match="share must name"):
        ExperimentSpec.model_validate({"arms": ARMS, "share": {"A": 1}})
    with pytest.raises(ValueError, match="interim_alpha"):
        ExperimentSpec.model_validate({"arms": ARMS, "interim_alpha": 0.1})
    assert ExperimentSpec.model_validate({"arms": ARMS}).control_arm == "A"
