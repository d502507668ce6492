"""The data-protection stages: classify before routing, enforce residency after it.

``ClassifyStage`` (before routing) scans every text of the request and settles its data class: the
strictest of the floor (``guardrails.min_class``; a key's or team's minimum), the class the caller
declares (``x-orkester-data-class`` / ``metadata.data_class``: it can raise the class, never lower it)
and what detection finds. Detection that fails or times out makes the request the strictest class.
Routing then sees the class's policy as ``RouteInput.allowed`` so strategies choose among allowed
deployments.

``ResidencyStage`` (after routing, before accounting and execution) checks every deployment the Plan may
call against the policy and applies ``on_forbidden``: ``reroute`` drops the forbidden ones (403 when
nothing is left), ``pseudonymise`` sends typed placeholders instead of the values and restores them in
the answer, ``refuse`` answers 403. A caller can ask for pseudonymisation regardless
(``x-orkester-pseudonymise: true``). Each decision is appended to the audit log with the destinations
that actually received the data.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from ..audit.record import AuditEntry
from ..catalog.resolve import Catalog
from ..errors import OrkesterError, PermissionDeniedError, StorageError
from ..guardrails import request_text
from ..guardrails.classify import Classification, Classifier
from ..guardrails.pseudonymise import Pseudonyms
from ..guardrails.residency import deployments, describe, permits, restrict, where
from ..guardrails.restore import restore_response, restore_stream
from ..routing.plan import Plan
from ..settings import ClassPolicy, Deployment, GuardrailSettings
from ..types import ChatChunk, ChatResponse
from .context import RequestContext

log = logging.getLogger("orkester.guardrails")
Next = Callable[[RequestContext], Awaitable[None]]
_TRUE = {"1", "true", "yes", "on"}


class AuditSink(Protocol):
    async def append(self, entry: AuditEntry) -> object: ...


def allowed_for(ctx: RequestContext) -> Callable[[Deployment], bool] | None:
    """The test routing applies to deployments: the request's class policy, when it reroutes."""
    policy = ctx.guard_policy
    if policy is None or policy.on_forbidden != "reroute":
        return None
    return lambda d: permits(policy, d)


class ClassifyStage:
    def __init__(self, classifier: Classifier, settings: GuardrailSettings) -> None:
        self.classifier = classifier
        self.settings = settings

    async def __call__(self, ctx: RequestContext, call_next: Next) -> None:
        texts = request_text.texts(ctx.request)
        floor = ctx.key.min_data_class if ctx.key is not None else None
        c = await self.classifier.classify(texts, declared=ctx.controls.get("data_class"), floor=floor)
        ctx.classification = c
        ctx.guard_policy = self.settings.policies.get(c.final)
        await call_next(ctx)


class ResidencyStage:
    def __init__(self, catalog: Catalog, audit: AuditSink | None) -> None:
        self.catalog = catalog
        self.audit = audit

    async def __call__(self, ctx: RequestContext, call_next: Next) -> None:
        c = ctx.classification
        if c is None or ctx.plan is None:
            await call_next(ctx)
            return
        policy = ctx.guard_policy
        asked = (ctx.controls.get("pseudonymise") or "").strip().lower() in _TRUE
        verdict = decide(ctx.plan, c, policy, asked=asked)
        if verdict.refusal is not None:
            assert policy is not None
            await self._refuse(ctx, c, policy, verdict.refusal)
        assert verdict.plan is not None
        ctx.plan = verdict.plan
        action = verdict.action
        if verdict.pseudonymise:
            self._pseudonymise(ctx, c)
        ctx.guard_action = action
        try:
            await call_next(ctx)
        except OrkesterError as e:
            await self._record(ctx, c, policy, action, f"error:{e.code or e.error_type}", str(c.failed or ""))
            raise
        names = ctx.pseudonyms
        if ctx.response is not None:
            if names is not None and isinstance(ctx.response, ChatResponse):
                ctx.response = restore_response(ctx.response, names)
            await self._record(ctx, c, policy, action, "ok", c.failed or "")
        elif ctx.stream is not None:
            stream = restore_stream(ctx.stream, names) if names is not None else ctx.stream
            ctx.stream = self._recorded(ctx, c, policy, action, stream)

    # ------------------------------------------------------------------ actions

    def _pseudonymise(self, ctx: RequestContext, c: Classification) -> None:
        names = Pseudonyms()
        ctx.request = request_text.rewrite(ctx.request, lambda text: names.apply(text, c.found.get(text, [])))
        ctx.pseudonyms = names

    async def _refuse(self, ctx: RequestContext, c: Classification, policy: ClassPolicy, why: str) -> None:
        found = ", ".join(f"{t} x{n}" for t, n in c.counts().items())
        basis = f"detection failed: {c.failed}" if c.failed else (f"found {found}" if found else "declared or minimum")
        allowed = sorted(
            alias for alias, spec in self.catalog.aliases.items() if any(permits(policy, d) for d in spec.deployments)
        )
        hint = f" Models that may receive it: {', '.join(allowed[:8])}." if allowed else ""
        message = (
            f"This request is classified {c.final} ({basis}); its policy allows {describe(policy)}, "
            f"and {why}.{hint} Or ask for pseudonymisation with x-orkester-pseudonymise: true "
            "where the policy permits it."
        )
        ctx.guard_action = "refused"
        await self._record(ctx, c, policy, "refused", "refused", message)
        raise PermissionDeniedError(message, code="data_residency")

    # ------------------------------------------------------------------ audit

    async def _recorded(
        self,
        ctx: RequestContext,
        c: Classification,
        policy: ClassPolicy | None,
        action: str,
        stream: AsyncIterator[ChatChunk],
    ) -> AsyncIterator[ChatChunk]:
        outcome = "ok"
        try:
            async for chunk in stream:
                yield chunk
        except OrkesterError as e:
            outcome = f"error:{e.code or e.error_type}"
            raise
        except BaseException:
            outcome = "error:aborted"
            raise
        finally:
            await self._record(ctx, c, policy, action, outcome, c.failed or "", streaming=True)

    async def _record(
        self,
        ctx: RequestContext,
        c: Classification,
        policy: ClassPolicy | None,
        action: str,
        outcome: str,
        detail: str,
        *,
        streaming: bool = False,
    ) -> None:
        """Append the decision. Fails the request (503) when it cannot, except at the end of a stream,
        whose answer the client already has: then the failure is logged loudly."""
        if self.audit is None:
            return
        entry = AuditEntry(
            request_id=ctx.request_id,
            key_id=ctx.key.key_id if ctx.key is not None else key_id(ctx.principal),
            team=ctx.key.team_id if ctx.key is not None else None,
            declared_class=c.declared,
            detected_class=c.detected,
            final_class=c.final,
            entities=c.counts(),
            policy=f"{c.final}: {describe(policy)}; on_forbidden={policy.on_forbidden}"
            if policy
            else f"{c.final}: any",
            action=action,
            destinations=destinations(ctx) if action != "refused" else [],
            pseudonymised=ctx.pseudonyms is not None,
            outcome=outcome,
            detail=detail,
        )
        try:
            await self.audit.append(entry)
        except Exception as e:
            log.exception("audit log append failed for request %s", ctx.request_id)
            if not streaming:
                # An answer is only acknowledged with its audit row: withhold it rather than serve it unrecorded.
                raise StorageError(
                    "The audit log could not record this request, so its answer is withheld. Try again shortly.",
                    code="audit_unavailable",
                ) from e


@dataclass(frozen=True, slots=True)
class Verdict:
    """What residency does with a Plan: the plan to run (None when refused), the action, and why."""

    plan: Plan | None
    action: str  # allowed | rerouted | pseudonymised | refused
    pseudonymise: bool = False
    refusal: str | None = None


def decide(plan: Plan, c: Classification, policy: ClassPolicy | None, *, asked: bool = False) -> Verdict:
    """Apply the class's policy to the Plan (pure: ``orkester route explain`` shows the same)."""
    forbidden = sorted(
        {where(x.deployment) for x in deployments(plan) if policy is not None and not permits(policy, x.deployment)}
    )
    if not forbidden or policy is None:
        return Verdict(plan, "pseudonymised" if asked else "allowed", pseudonymise=asked)
    mode = policy.on_forbidden
    if mode == "pseudonymise" and c.failed:
        mode = "reroute"  # nothing to replace when detection failed: keep the data where it may go
    if mode == "refuse":
        return Verdict(None, "refused", refusal="the requested model would send it to " + ", ".join(forbidden))
    if mode == "reroute":
        cut, _ = restrict(plan, policy)
        if cut is None:
            return Verdict(None, "refused", refusal="no deployment of this model may receive it")
        return Verdict(cut, "pseudonymised" if asked else "rerouted", pseudonymise=asked)
    return Verdict(plan, "pseudonymised", pseudonymise=True)


def key_id(credential: str | None) -> str | None:
    """An id for the API key that made the request: a hash prefix, never the key."""
    if not credential:
        return None
    return "key-" + hashlib.sha256(credential.encode()).hexdigest()[:12]


def destinations(ctx: RequestContext) -> list[dict[str, str | None]]:
    """Every deployment the request's data was sent to: answered calls and failed attempts alike."""
    by_key = {x.deployment.key: x.deployment for x in deployments(ctx.plan)} if ctx.plan is not None else {}
    by_key.update((c.candidate.deployment.key, c.candidate.deployment) for c in ctx.calls)
    seen = [c.candidate.deployment.key for c in ctx.calls] + [a.deployment for a in ctx.attempts]
    out: list[dict[str, str | None]] = []
    for key in dict.fromkeys(seen):
        d = by_key.get(key)
        provider, _, model = key.partition("/")
        out.append({"provider": provider, "model": model, "region": d.region if d else None})
    return out
