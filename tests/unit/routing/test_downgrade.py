"""Cheaper plans for a request over its budget: the plan's own deployments alone, dearest first, then the
budget fallback alias; never one that is not cheaper, never a fallback deployment the request may not use."""

from __future__ import annotations

from orkester.accounting.pricing import worst_case_cost
from orkester.routing.downgrade import cheaper_plans
from orkester.routing.plan import Candidate, Plan, Tier
from orkester.settings import Deployment, Price


def cand(alias: str, model: str, price: float, region: str = "eu") -> Candidate:
    price_ = Price(input=price, output=price)
    return Candidate(alias, Deployment(provider="p", model=model, region=region, price=price_))


PREMIUM, MID, CHEAP = cand("smart", "premium", 100.0), cand("smart", "mid", 10.0), cand("smart", "cheap", 1.0)
LOCAL = cand("local", "local", 0.0, region="local")


def keys(plans: list[tuple[Plan, float]]) -> list[list[str]]:
    return [[c.deployment.model for c in p.candidates] for p, _ in plans]


def test_the_plans_own_deployments_dearest_first_then_the_fallback() -> None:
    plan = Plan("fallback", "fallback", [PREMIUM, MID, CHEAP], ["alias smart"], task="chat")
    out = cheaper_plans(plan, [LOCAL], 1000, 100, lambda c: True)
    assert keys(out) == [["mid"], ["cheap"], ["local"]]  # premium alone costs what the plan does: not cheaper
    costs = [cost for _, cost in out]
    assert costs == sorted(costs, reverse=True) and costs[0] < worst_case_cost(plan, 1000, 100)
    assert out[0][0].reasons == ["alias smart", "over budget: downgraded to p/mid"]
    assert out[-1][0].reasons[-1] == "over budget: downgraded to local" and out[0][0].task == "chat"


def test_a_cascade_reserves_every_tier_so_each_tier_alone_is_cheaper() -> None:
    tiers = [Tier("fast", [CHEAP], {"type": "logprob", "threshold": 0.8}), Tier("smart", [PREMIUM])]
    plan = Plan("cascade", "cascade", [CHEAP, PREMIUM], tiers=tiers)
    # the cascade's worst case pays both tiers: going straight to the premium tier is cheaper, and better
    # than the cheap tier alone, so it comes first
    assert keys(cheaper_plans(plan, [], 1000, 100, lambda c: True)) == [["premium"], ["cheap"]]


def test_a_fallback_the_request_may_not_use_is_left_out() -> None:
    plan = Plan("fallback", "single", [PREMIUM])
    assert keys(cheaper_plans(plan, [LOCAL], 1000, 100, lambda c: c.alias != "local")) == []
    assert keys(cheaper_plans(plan, [LOCAL], 1000, 100, lambda c: True)) == [["local"]]


def test_tries_are_bounded_and_the_fallback_keeps_its_place() -> None:
    many = [cand("smart", f"m{i}", 100.0 - i) for i in range(10)]
    plan = Plan("fallback", "fallback", many)
    out = cheaper_plans(plan, [LOCAL], 1000, 100, lambda c: True, limit=3)
    assert keys(out) == [["m1"], ["m2"], ["local"]]
