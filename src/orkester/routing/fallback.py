"""The default strategy: the requested alias's deployments in order, then its fallbacks.

Candidates that cannot serve the request (a missing capability such as tools or vision,
or a context window smaller than the prompt) are left out with a reason; what remains is
tried in order by execution. Other strategies build their tiers and members with
:meth:`FallbackStrategy.candidates`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import UnsupportedFeatureError
from ..types import ChatRequest, EmbeddingRequest
from .plan import (
    Candidate,
    Plan,
    RouteInput,
    StrategyContext,
    Tier,
    estimate_prompt_tokens,
    expand_aliases,
    required_capabilities,
)

if TYPE_CHECKING:
    from ..plugins import Registry


class FallbackStrategy:
    name = "fallback"

    def __init__(self, ctx: StrategyContext) -> None:
        self.catalog = ctx.catalog
        # The catalog is fixed for the app's life: expand each alias's chain once.
        self._chains = {alias: expand_aliases(ctx.catalog, alias) for alias in ctx.catalog.aliases}

    def candidates(self, alias: str, request: ChatRequest | EmbeddingRequest) -> tuple[list[Candidate], list[str]]:
        """The alias's usable candidates in order, and why others were left out."""
        need = required_capabilities(request)
        prompt_tokens = estimate_prompt_tokens(request)
        reasons: list[str] = []
        kept = []
        for cand in self._chains[alias]:
            d = cand.deployment
            caps = set(d.capabilities) if d.capabilities is not None else None
            if caps is not None and not need <= caps:
                missing = ", ".join(sorted(need - caps))
                reasons.append(f"skipped {d.key}: lacks {missing}")
                continue
            if d.context_window is not None and prompt_tokens > d.context_window:
                reasons.append(f"skipped {d.key}: prompt ~{prompt_tokens} tokens > window {d.context_window}")
                continue
            kept.append(cand)
        if not kept:
            detail = "; ".join(reasons) or "no deployments"
            raise UnsupportedFeatureError(f"No deployment of model {alias!r} can serve this request: {detail}")
        return kept, reasons

    def tier(self, alias: str, request: ChatRequest | EmbeddingRequest) -> Tier:
        return Tier(alias=alias, candidates=self.candidates(alias, request)[0])

    def plan(self, route: RouteInput) -> Plan:
        kept, reasons = self.candidates(route.alias, route.request)
        reasons.insert(0, f"alias {route.alias} with {len(kept)} candidate(s) in configured order")
        return Plan(
            strategy=self.name, mode="single" if len(kept) == 1 else "fallback", candidates=kept, reasons=reasons
        )


def register(registry: Registry) -> None:
    registry.add_strategy("fallback", FallbackStrategy)
