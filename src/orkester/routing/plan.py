"""What routing hands to execution: a Plan (ordered candidates, a mode, the reasons).

Strategies decide and never call a provider; execution carries the Plan out. Because a
Plan is plain data, ``orkester route explain`` and the response headers can show it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from ..catalog.resolve import Catalog
from ..reliability.live import DeploymentLive
from ..settings import Capability, Deployment, RouteSpec
from ..types import ChatRequest, EmbeddingRequest

Mode = Literal["single", "fallback", "cascade", "ensemble"]


@dataclass(frozen=True, slots=True)
class Candidate:
    alias: str
    deployment: Deployment


@dataclass(slots=True)
class Tier:
    """A cascade step: its candidates (an alias with its fallbacks) and the check its answer must pass.

    ``check`` is the check's config (``{"type": "logprob", "threshold": 0.8}``); the last tier has none.
    """

    alias: str
    candidates: list[Candidate]
    check: dict[str, Any] | None = None
    #: the model a ``verifier`` check asks
    verifier: Tier | None = None


@dataclass(slots=True)
class EnsemblePlan:
    """Members answer in parallel; ``combine`` makes one answer of theirs."""

    members: list[Tier]
    combine: Literal["vote", "judge", "fusion"]
    judge: Tier | None
    deadline_s: float
    min_answers: int = 1


@dataclass(slots=True)
class Plan:
    strategy: str
    mode: Mode
    #: single/fallback: tried in order. cascade/ensemble: every deployment the plan may call.
    candidates: list[Candidate]
    reasons: list[str] = field(default_factory=list)
    tiers: list[Tier] | None = None
    ensemble: EnsemblePlan | None = None
    #: the task type the plan was made for, and how sure detection was (1.0 when declared)
    task: str | None = None
    task_confidence: float | None = None
    #: per deployment key, what the strategy scored it (predicted quality, utility) for explanation
    scores: dict[str, dict[str, float]] = field(default_factory=dict)

    def describe(self) -> str:
        if self.tiers:
            chain = " then ".join(t.alias for t in self.tiers)
        elif self.ensemble:
            chain = " + ".join(m.alias for m in self.ensemble.members) + f" ({self.ensemble.combine})"
        else:
            chain = " > ".join(c.deployment.key for c in self.candidates)
        return f"{self.strategy}/{self.mode}: {chain}"

    def explain(self) -> dict[str, Any]:
        """The plan as plain data, for `orkester route explain` and logs."""
        out: dict[str, Any] = {
            "strategy": self.strategy,
            "mode": self.mode,
            "task": self.task,
            "task_confidence": self.task_confidence,
            "candidates": [{"alias": c.alias, "deployment": c.deployment.key} for c in self.candidates],
            "reasons": list(self.reasons),
        }
        if self.tiers:
            out["tiers"] = [{"alias": t.alias, "check": t.check} for t in self.tiers]
        if self.ensemble:
            e = self.ensemble
            out["ensemble"] = {
                "members": [m.alias for m in e.members],
                "combine": e.combine,
                "judge": e.judge.alias if e.judge else None,
                "deadline_s": e.deadline_s,
            }
        if self.scores:
            out["scores"] = self.scores
        return out


@dataclass(frozen=True, slots=True)
class RouteInput:
    """What a strategy may look at: the request and the caller's routing controls."""

    alias: str
    request: ChatRequest | EmbeddingRequest
    controls: dict[str, str]
    #: the data-protection policy's test of a deployment (None: every deployment may receive the data);
    #: strategies that choose among models choose among allowed ones, and the guardrail drops the rest
    allowed: Callable[[Deployment], bool] | None = None


class Strategy(Protocol):
    """Decides a Plan. A strategy whose ``plan`` may run a model on the CPU (task detection, the
    learned router's embedding) sets ``blocking = True`` and has a ``warm()`` that loads it: the
    routing stage then plans in a worker thread and warms it at start-up."""

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


def every_candidate(plan: Plan) -> Iterator[Candidate]:
    """Every candidate the plan may call: answers, tiers, verifiers, members, judges (repeats possible)."""
    yield from plan.candidates
    for tier in plan.tiers or ():
        yield from _tier_candidates(tier)
    if plan.ensemble:
        for m in plan.ensemble.members:
            yield from _tier_candidates(m)
        if plan.ensemble.judge:
            yield from _tier_candidates(plan.ensemble.judge)


def _tier_candidates(tier: Tier) -> Iterator[Candidate]:
    yield from tier.candidates
    if tier.verifier:
        yield from _tier_candidates(tier.verifier)


def unique(cands: list[Candidate]) -> list[Candidate]:
    """Candidates without repeats of the same deployment, first occurrence kept."""
    seen: set[str] = set()
    out = []
    for c in cands:
        if c.deployment.key not in seen:
            seen.add(c.deployment.key)
            out.append(c)
    return out


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


@dataclass
class StrategyContext:
    """What a strategy is built from: the catalog, its route's spec, shared routing services
    (task detection, learned predictors) and a way to hand a request to another route."""

    catalog: Catalog
    route: str | None = None
    spec: RouteSpec | None = None
    services: RoutingServices | None = None
    #: route name -> that route's strategy (None if no such route); set by the routing stage
    delegate: Callable[[str], Strategy | None] = field(default=lambda _name: None)


class RoutingServices(Protocol):
    """Shared, lazily built helpers strategies may use."""

    def detect_task(self, text: str) -> tuple[str, float] | None:
        """(task type, confidence), or None when detection is unavailable."""
        ...

    def predict_quality(self, text: str, artifact: str | None = None) -> dict[str, float]:
        """Predicted probability of a good answer per model of the learned predictor."""
        ...

    def live(self, key: str) -> DeploymentLive | None:
        """What a deployment is doing now (calls in flight, smoothed latencies)."""
        ...

    def headroom(self, key: str, limit: int | None) -> float | None: ...

    def warm(self, *, detector: bool = False, artifacts: Sequence[str | None] = ()) -> None:
        """Load the task detector and the named predictors before the first request needs them."""
        ...
