from __future__ import annotations

from orkester.accounting.budgets import RateGrant, RateRefusal, Scope
from orkester.reliability.rates import DeploymentRates, deployment_scope
from orkester.settings import Deployment
from orkester.state import MemoryState
from tests.unit.state.suite import start_clock


async def test_a_deployment_is_counted_in_its_own_scope_only_when_it_has_a_limit() -> None:
    state = MemoryState(start_clock())
    rates = DeploymentRates(state)
    assert await rates.take(Deployment(provider="p", model="free"), lambda _: 10) is None
    dep = Deployment(provider="p", model="m", rpm=1, tpm=100)
    grant = await rates.take(dep, lambda _: 40)
    assert isinstance(grant, RateGrant) and grant.scopes == (Scope("deployment", "p/m"),) == (deployment_scope(dep),)
    refusal = await rates.take(dep, lambda _: 40)
    assert isinstance(refusal, RateRefusal) and refusal.limit == "rpm"


async def test_tokens_are_settled_only_where_a_tpm_counts_them() -> None:
    state = MemoryState(start_clock())
    rates = DeploymentRates(state)
    dep = Deployment(provider="p", model="m", tpm=100)
    grant = await rates.take(dep, lambda _: 90)
    assert isinstance(grant, RateGrant)
    assert isinstance(await rates.take(dep, lambda _: 20), RateRefusal)
    await rates.settle(dep, grant, 10)
    assert isinstance(await rates.take(dep, lambda _: 20), RateGrant)
    await rates.settle(dep, None, 5)  # nothing was counted: nothing to settle


async def test_without_a_state_nothing_is_counted() -> None:
    dep = Deployment(provider="p", model="m", rpm=1)
    rates = DeploymentRates()
    assert await rates.take(dep, lambda _: 1) is None and await rates.take(dep, lambda _: 1) is None


async def test_the_request_is_counted_only_for_a_tpm_limit() -> None:
    """Counting a prompt's tokens costs time: an rpm-only deployment never asks for it."""
    asked: list[str] = []

    def count(dep: Deployment) -> int:
        asked.append(dep.model)
        return 5

    rates = DeploymentRates(MemoryState(start_clock()))
    await rates.take(Deployment(provider="p", model="rpm-only", rpm=10), count)
    await rates.take(Deployment(provider="p", model="with-tpm", tpm=10), count)
    assert asked == ["with-tpm"]
