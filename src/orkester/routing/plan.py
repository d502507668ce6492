"""What routing hands to execution: a Plan (ordered candidates, a mode, the reasons).

Strategies decide and never call a provider; execution carries the Plan out. Because a
Plan is plain data, ``orkester route explain`` and the response headers can show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

from ..catalog.resolve import Catalog
from ..settings import Capability, Deployment
from ..types import ChatRequest, EmbeddingRequest

Mode = Literal["single", "fallback"]


@dataclass(frozen=True, slots=True)
class Candidate:
    alias: str
    deployment: Deployment


@dataclass(slots=True)
class Plan:
    strategy: str
    mode: Mode
    candidates: list[Candidate]
    reasons: list[str] = field(default_factory=list)

    def describe(self) -> str:
        chain = " > ".join(c.deployment.key for c in self.candidates)
        return f"{self.strategy}/{self.mode}: {chain}"


@dataclass(frozen=True, slots=True)
class RouteInput:
    """What a strategy may look at: the request and the caller's routing controls."""

    alias: str
    request: ChatRequest | EmbeddingRequest
    controls: dict[str, str]


class Strategy(Protocol):
    name: str

    def plan(self, route: RouteInput) -> Plan: ...


def required_capabilities(req: ChatRequest | EmbeddingRequest) -> set[Capability]:
    if isinstance(req, EmbeddingRequest):
        return {"embeddings"}
    need: set[Capability] = set()
    if req.tools:
        need.add("tools")
    if req.has_images:
        need.add("vision")
    if req.wants_json:
        need.add("json")
    if req.logprobs:
        need.add("logprobs")
    return need


def estimate_prompt_tokens(req: ChatRequest | EmbeddingRequest) -> int:
    """A cheap upper-side estimate (4 characters a token) used only to skip too-small windows."""
    if isinstance(req, EmbeddingRequest):
        return sum(len(t) for t in req.texts) // 4
    chars = sum(len(m.text()) + 8 for m in req.messages)
    if req.tools:
        chars += sum(len(str(t.function.parameters or "")) + len(t.function.name) for t in req.tools)
    return chars // 4


def expand_aliases(catalog: Catalog, alias: str) -> list[Candidate]:
    """The alias's deployments in order, then its fallback aliases' (depth first, no repeats)."""
    out: list[Candidate] = []
    seen_alias: set[str] = set()
    seen_dep: set[str] = set()

    def walk(name: str) -> None:
        if name in seen_alias:
            return
        seen_alias.add(name)
        spec = catalog.aliases[name]
        for d in spec.deployments:
            if d.key not in seen_dep:
                seen_dep.add(d.key)
                out.append(Candidate(alias=name, deployment=d))
        for fb in spec.fallbacks:
            walk(fb)

    walk(alias)
    return out
