"""The worst-case cost a plan reserves: what each mode may call, at each deployment's prices."""

from __future__ import annotations

import pytest

from orkester.accounting import worst_case_cost
from orkester.accounting.pricing import DEFAULT_MAX_OUTPUT_TOKENS, SIDE_CALL_OUTPUT_TOKENS, SIDE_CALL_PROMPT_TOKENS
from orkester.routing.plan import Candidate, EnsemblePlan, Plan, Tier
from orkester.settings import Deployment, Price


def dep(model: str, inp: float, out: float, **kw: int) -> Candidate:
    return Candidate(model, Deployment(provider="p", model=model, price=Price(input=inp, output=out), **kw))  # type: ignore[arg-type]


CHEAP, MID, DEAR = dep("cheap", 0.1, 0.4), dep("mid", 1.0, 4.0), dep("dear", 10.0, 30.0)
FREE = Candidate("local", Deployment(provider="local", model="smol"))


def usd(c: Candidate, prompt: int, out: int) -> float:
    assert c.deployment.price is not None
    return c.deployment.price.cost(prompt, out)


def test_single_and_fallback_reserve_the_dearest_candidate() -> None:
    plan = Plan("fallback", "fallback", [CHEAP, DEAR, MID])
    assert worst_case_cost(plan, 1000, 500) == pytest.approx(usd(DEAR, 1000, 500))
    assert worst_case_cost(Plan("single", "single", [FREE]), 1000, 500) == 0.0


def test_output_bound_falls_back_to_the_deployment() -> None:
    own = dep("own", 1.0, 2.0, max_output_tokens=300)
    window = dep("window", 1.0, 2.0, context_window=1500)
    assert worst_case_cost(Plan("s", "single", [own]), 1000, None) == pytest.approx(usd(own, 1000, 300))
    assert worst_case_cost(Plan("s", "single", [window]), 1000, None) == pytest.approx(usd(window, 1000, 500))
    assert worst_case_cost(Plan("s", "single", [MID]), 1000, None) == pytest.approx(
        usd(MID, 1000, DEFAULT_MAX_OUTPUT_TOKENS)
    )
    assert worst_case_cost(Plan("s", "single", [own]), 1000, 50) == pytest.approx(usd(own, 1000, 50))


def test_cascade_adds_up_every_tier_and_its_verifier() -> None:
    verifier = Tier("judge", [MID])
    tiers = [Tier("cheap", [CHEAP, FREE], verifier=verifier), Tier("dear", [DEAR])]
    plan = Plan("cascade", "cascade", [CHEAP, FREE, DEAR, MID], tiers=tiers)
    verify = usd(MID, 1000 + 500 + SIDE_CALL_PROMPT_TOKENS, SIDE_CALL_OUTPUT_TOKENS)
    expected = usd(CHEAP, 1000, 500) + verify + usd(DEAR, 1000, 500)
    assert worst_case_cost(plan, 1000, 500) == pytest.approx(expected)
    assert worst_case_cost(plan, 1000, 500) > worst_case_cost(Plan("f", "fallback", [CHEAP, DEAR]), 1000, 500)


@pytest.mark.parametrize("combine", ["vote", "judge", "fusion"])
def test_ensemble_adds_up_every_member_and_the_judge(combine: str) -> None:
    members = [Tier("cheap", [CHEAP]), Tier("mid", [MID])]
    judge = None if combine == "vote" else Tier("dear", [DEAR])
    ens = EnsemblePlan(members, combine, judge, deadline_s=30)  # type: ignore[arg-type]
    plan = Plan("ensemble", "ensemble", [CHEAP, MID, DEAR], ensemble=ens)
    members_cost = usd(CHEAP, 1000, 500) + usd(MID, 1000, 500)
    side_prompt = 1000 + 2 * 500 + SIDE_CALL_PROMPT_TOKENS
    extra = {
        "vote": 0.0,
        "judge": usd(DEAR, side_prompt, SIDE_CALL_OUTPUT_TOKENS),
        "fusion": usd(DEAR, side_prompt, 500),
    }[combine]
    assert worst_case_cost(plan, 1000, 500) == pytest.approx(members_cost + extra)
