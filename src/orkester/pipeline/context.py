"""The state one request carries through the pipeline."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Literal

from ..accounting.tokens import PromptTokens
from ..guardrails.classify import Classification
from ..guardrails.pseudonymise import Pseudonyms
from ..keys.model import Principal
from ..routing.plan import Candidate, Plan
from ..settings import ClassPolicy
from ..types import ChatChunk, ChatRequest, ChatResponse, EmbeddingRequest, EmbeddingResponse, Usage

#: routing controls a caller may send as ``x-orkester-<name>`` headers or ``metadata`` keys (``prompt`` and
#: ``prompt_vars`` name a prompt template and its variables: pipeline/prompts.py)
CONTROL_NAMES = (
    "task",
    "data_class",
    "pseudonymise",
    "deadline_ms",
    "quality",
    "max_cost_usd",
    "cache",
    "prompt",
    "prompt_vars",
)


@dataclass(slots=True)
class Attempt:
    deployment: str
    ok: bool
    seconds: float
    error: str | None = None
    status: int | None = None
    #: when the call began (``time.perf_counter``), for the attempt's trace span
    started: float | None = None


@dataclass(frozen=True, slots=True)
class Skip:
    """A candidate execution passed over without calling it."""

    deployment: str
    #: ``circuit_open``, or the deployment's own limit that had no room: ``rpm`` / ``tpm``
    reason: str
    #: in words, for the ledger's reasons and error messages
    detail: str
    #: rate limits: when the deployment has room again
    retry_after: float | None = None


@dataclass(slots=True)
class CallRecord:
    """One completed upstream call and what it used: every call is paid for, not only the answer."""

    candidate: Candidate
    usage: Usage
    purpose: str = "answer"  # answer, tier, member, judge, verifier


@dataclass(slots=True)
class RequestContext:
    request_id: str
    kind: Literal["chat", "embeddings"]
    request: ChatRequest | EmbeddingRequest
    controls: dict[str, str] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)
    #: the credential the caller sent (never logged)
    principal: str | None = None
    #: the virtual key it resolved to, with its team's and its own limits (None: master key or open mode)
    key: Principal | None = None
    plan: Plan | None = None
    served_by: Candidate | None = None
    attempts: list[Attempt] = field(default_factory=list)
    #: candidates skipped at execution: circuit open, or no room under the deployment's rpm/tpm
    skipped: list[Skip] = field(default_factory=list)
    calls: list[CallRecord] = field(default_factory=list)
    #: cascade tiers escalated past
    escalations: int = 0
    #: what execution decided on the way (acceptance verdicts, dropped ensemble members)
    notes: list[str] = field(default_factory=list)
    response: ChatResponse | EmbeddingResponse | None = None
    stream: AsyncIterator[ChatChunk] | None = None
    usage: Usage = field(default_factory=Usage)
    cost_usd: float = 0.0
    upstream_seconds: float = 0.0
    #: for streams: from arrival to the first chunk from the deployment that answered
    first_chunk_seconds: float | None = None
    simulated: bool = False
    #: the request's data class and what detection found (None when guardrails are off)
    classification: Classification | None = None
    #: the placeholder table when the request was pseudonymised; never logged
    pseudonyms: Pseudonyms | None = field(default=None, repr=False)
    #: what the data-protection guardrail did: allowed, rerouted, pseudonymised, refused
    guard_action: str | None = None
    #: the policy of the request's class (None: the class may go anywhere)
    guard_policy: ClassPolicy | None = None
    #: the plan did not fit the budget and a cheaper one was reserved instead (``routing.over_budget``)
    downgraded: bool = False
    #: the prompt template the request used, ``name@version`` (set by the prompt-template stage)
    prompt_ref: str | None = None
    #: the answer came from the response cache (exact or semantic): no upstream call, no cost
    cache_hit: bool = False
    #: what the response cache did, as the ``x-orkester-cache`` header says it (None: caching not asked for)
    cache_status: str | None = None
    #: the A/B experiment the request took part in, and the arm it was assigned to
    experiment: str | None = None
    arm: str | None = None
    _tokens: PromptTokens | None = field(default=None, repr=False)

    @property
    def tokens(self) -> PromptTokens:
        """The prompt's token counts, counted when a limit first asks (see ``accounting/tokens.py``)."""
        if self._tokens is None:
            self._tokens = PromptTokens(self.request)
        return self._tokens

    @property
    def chat(self) -> ChatRequest:
        assert isinstance(self.request, ChatRequest)
        return self.request

    @property
    def deadline_seconds(self) -> float | None:
        raw = self.controls.get("deadline_ms")
        if raw is None:
            return None
        try:
            ms = float(raw)
        except ValueError:
            return None
        return ms / 1000 if ms > 0 else None

    def overhead_ms(self) -> float:
        return max(0.0, (time.perf_counter() - self.started - self.upstream_seconds) * 1000)
