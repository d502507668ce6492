"""Each deployment's own rate limits (``rpm``, ``tpm`` in its config), counted where the keys' and teams'
limits are: in the shared state (memory, Redis or PostgreSQL), so every replica on one Redis or one
database shares a deployment's window. The sliding-window log itself is the backend's
(:meth:`~orkester.accounting.budgets.SharedState.acquire_rate`); this only names the scope.

Execution takes one request, and the request's estimated tokens, from the window before each call to
a deployment; a deployment without room is skipped like one whose circuit is open. After a call that
answered, the estimate is replaced by the tokens it used, as for keys; a failed call keeps its estimate.
"""

from __future__ import annotations

from collections.abc import Callable

from ..accounting.budgets import RateGrant, RateLimits, RateRefusal, Scope, SharedState
from ..settings import Deployment


def deployment_scope(dep: Deployment) -> Scope:
    return Scope("deployment", dep.key)


class DeploymentRates:
    def __init__(self, state: SharedState | None = None) -> None:
        #: opened by Gateway.start; None counts nothing
        self.state = state

    async def take(self, dep: Deployment, tokens: Callable[[Deployment], int]) -> RateGrant | RateRefusal | None:
        """Count one call of ``dep`` with ``tokens(dep)`` (asked only for a tpm limit: counting costs); None
        when the deployment has no limit to count against."""
        if self.state is None or (dep.rpm is None and dep.tpm is None):
            return None
        n = tokens(dep) if dep.tpm is not None else 0
        return await self.state.acquire_rate([(deployment_scope(dep), RateLimits(dep.rpm, dep.tpm))], n)

    async def settle(self, dep: Deployment, grant: RateGrant | None, tokens: int) -> None:
        """The tokens the call really used, in place of the estimate (only tpm needs them)."""
        if grant is not None and dep.tpm is not None and self.state is not None:
            await self.state.settle_tokens(grant, tokens)
