"""A deployment's own rpm/tpm on the real Redis and PostgreSQL: two executors with their own connections
(two processes, as far as the backend can tell) share one window per deployment."""

from __future__ import annotations

import random

from orkester.accounting.budgets import SharedState
from orkester.errors import RateLimitError
from orkester.execution.executor import Executor
from orkester.reliability.circuit import CircuitBoard
from orkester.reliability.rates import DeploymentRates
from orkester.settings import CircuitSettings, Deployment, RetrySettings
from tests.integration.test_budgets_shared import Target, target  # noqa: F401 (the backend fixture)
from tests.unit.execution.test_executor import Scripted, ctx, limited
from tests.unit.state.suite import FakeClock, start_clock


def _executor(state: SharedState, provider: Scripted) -> Executor:
    return Executor(
        {provider.name: provider},
        CircuitBoard(CircuitSettings()),
        RetrySettings(max_attempts=1),
        random.Random(0),
        rates=DeploymentRates(state),
    )


async def test_two_executors_share_a_deployments_rpm_window(target: Target) -> None:  # noqa: F811
    clock: FakeClock = start_clock()
    states = [await target.open(clock) for _ in range(2)]
    providers = [Scripted("a"), Scripted("a")]
    executors = [_executor(s, p) for s, p in zip(states, providers, strict=True)]
    plan = limited(Deployment(provider="a", model="m-a", rpm=3))
    try:
        refused = 0
        for i in range(8):
            try:
                await executors[i % 2].complete(plan, ctx())
            except RateLimitError:
                refused += 1
        assert sum(p.calls for p in providers) == 3 and refused == 5
        clock.advance(60)  # the window has moved on
        await executors[0].complete(plan, ctx())
    finally:
        for s in states:
            await s.close()
