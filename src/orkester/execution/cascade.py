"""Carry out a cascade: cheapest tier first; each answer is checked and either returned or
escalated past. The last tier's answer is returned unchecked. A tier that cannot answer at all — its
upstream fails, its circuits are open, its deployments have no room under their own rate limits — is
escalated past too.

Every tier's call is paid for and recorded. With streaming, the tiers before the last are
asked without streaming (their answers must be checked whole); an accepted one is replayed
as a stream, otherwise the last tier streams straight to the client.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import NoHealthyCandidateError, RateLimitError, UpstreamError
from ..pipeline.context import RequestContext
from ..routing.plan import Plan, Tier
from ..types import ChatChunk, ChatRequest, ChatResponse
from .acceptance import AcceptanceCheck, answer_text, check_from_spec, scorer_model, spec_needs_logprobs

if TYPE_CHECKING:
    from .executor import Executor


def _check_for(ex: Executor, tier: Tier, ctx: RequestContext, peers: Mapping[str, str]) -> AcceptanceCheck:
    spec = tier.check or {"type": "structural"}
    verifier = tier.verifier

    async def ask(req: ChatRequest) -> ChatResponse:
        assert verifier is not None
        resp, _ = await ex.chat(verifier.candidates, ctx, req, purpose="verifier")
        return resp

    scorer = ex.answer_scorer() if _uses_scorer(spec) else None  # loaded only when a check needs it
    return check_from_spec(spec, ask=ask if verifier else None, scorer=scorer, peers=peers)


def _uses_scorer(spec: Mapping[str, Any]) -> bool:
    if spec.get("type") == "learned":
        return True
    return any(_uses_scorer(s) for s in spec.get("checks") or () if isinstance(s, Mapping))


async def run_cascade(
    ex: Executor, plan: Plan, ctx: RequestContext, *, stream: bool = False
) -> ChatResponse | AsyncIterator[ChatChunk]:
    assert plan.tiers
    req = ctx.chat
    last = len(plan.tiers) - 1
    # Earlier tiers' answers, the learned check's peers, by the model name the scorer knows them as.
    answers: dict[str, str] = {}
    for i, tier in enumerate(plan.tiers):
        if i == last:
            if stream:
                return await ex.stream(tier.candidates, ctx, req)
            resp, _ = await ex.chat(tier.candidates, ctx, req)
            return resp
        check = _check_for(ex, tier, ctx, answers)
        # A log-probability check needs the upstream's logprobs for this tier's answer.
        tier_req = req.model_copy(update={"logprobs": True}) if spec_needs_logprobs(tier.check or {}) else req
        try:
            resp, cand = await ex.chat(tier.candidates, ctx, tier_req, purpose="tier")
        except (UpstreamError, NoHealthyCandidateError) as e:
            ctx.escalations += 1
            ctx.notes.append(f"tier {tier.alias} failed ({e.code}); escalating")
            continue
        except RateLimitError as e:
            if e.code != "deployment_rate_limited":
                raise
            # the tier's deployments have no room under their own rpm/tpm: a later tier may, so the cascade
            # goes on rather than refusing a request it can still answer
            ctx.escalations += 1
            ctx.notes.append(f"tier {tier.alias} has no room under its rate limits; escalating")
            continue
        verdict = await check(req, resp)
        answers[scorer_model(tier.check or {}) or resp.model] = answer_text(resp)
        if verdict.accepted:
            ctx.notes.append(f"tier {tier.alias} accepted by {check.name}: {verdict.reason} ({verdict.score:.2f})")
            ctx.served_by = cand
            ctx.simulated = resp.simulated
            return resp
        ctx.escalations += 1
        ctx.notes.append(f"tier {tier.alias} rejected by {check.name}: {verdict.reason} ({verdict.score:.2f})")
    raise AssertionError("unreachable: the last tier always answers or raises")
