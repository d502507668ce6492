"""The experiment stage: puts an eligible chat request into an experiment's arm before anything looks at its
model or prompt, and hands a share of them to the shadow runner once answered.

It runs after authentication (the key is known) and before the prompt-template stage and routing. The
first enabled experiment (in config order) whose ``applies_to`` matches takes the request. The arm comes
from the sticky id (``experiments/assign.py``), or, once the experiment has stopped, is the arm its stop
names for everyone. An arm's ``model`` replaces the model the caller asked for, its ``prompt`` the
template version (the prompt stage renders it). ``ctx.experiment``/``ctx.arm`` go into the ledger and the
``x-orkester-experiment`` header. An experiment without arms only shadows (its requests are arm ``live``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from ..experiments.assign import assign_arm, in_share
from ..experiments.service import ExperimentService
from ..experiments.shadow import ShadowRunner
from ..prompts import PromptRef
from ..settings import ExperimentSpec
from ..types import ChatRequest
from .context import RequestContext

Next = Callable[[RequestContext], Awaitable[None]]
#: the arm of an arm-less (shadow-only) experiment's requests
LIVE_ARM = "live"


def sticky_id(spec: ExperimentSpec, ctx: RequestContext) -> str:
    """The end user (``user`` field or ``metadata.user``) or the key; the request itself when neither is known."""
    if spec.sticky_by == "user" and isinstance(ctx.request, ChatRequest):
        user = ctx.request.user or (ctx.request.metadata or {}).get("user")
        if user:
            return f"user:{user}"
    if ctx.key is not None:
        return f"key:{ctx.key.key_id}"
    if ctx.principal:
        return f"credential:{ctx.principal}"  # only ever hashed
    return f"request:{ctx.request_id}"


def applies(spec: ExperimentSpec, ctx: RequestContext) -> bool:
    if not spec.enabled or not isinstance(ctx.request, ChatRequest):
        return False
    scope = spec.applies_to
    if scope.models and ctx.request.model not in scope.models:
        return False
    if scope.prompts:
        ref = ctx.controls.get("prompt")
        if not ref or PromptRef.parse(ref).name not in scope.prompts:
            return False
    if scope.teams and (ctx.key is None or ctx.key.team_id not in scope.teams):
        return False
    return not scope.tasks or ctx.controls.get("task") in scope.tasks


class ExperimentStage:
    def __init__(self, service: ExperimentService, shadow: ShadowRunner | None) -> None:
        self.service = service
        self.shadow = shadow

    async def __call__(self, ctx: RequestContext, call_next: Next) -> None:
        found = next(((n, s) for n, s in self.service.specs.items() if applies(s, ctx)), None)
        if found is None:
            await call_next(ctx)
            return
        name, spec = found
        sticky = sticky_id(spec, ctx)
        stop = await self.service.stopped(name) if spec.arms else None
        if stop is not None:
            arm: str | None = stop.arm
        elif in_share(spec.traffic, name, "traffic", sticky):
            arm = assign_arm(name, sticky, spec.share or dict.fromkeys(spec.arms, 1.0)) if spec.arms else LIVE_ARM
        else:
            arm = None
        if arm is None:
            await call_next(ctx)
            return
        chosen = spec.arms.get(arm)
        if chosen is not None and chosen.model:
            ctx.request = ctx.request.model_copy(update={"model": chosen.model})
        if chosen is not None and chosen.prompt:
            ctx.controls["prompt"] = chosen.prompt
        ctx.experiment, ctx.arm = name, arm
        await call_next(ctx)
        shadow = spec.shadow
        if (
            self.shadow is not None
            and shadow is not None
            and stop is None
            and in_share(shadow.share, name, "shadow", ctx.request_id)
        ):
            self.shadow.submit(name, shadow, ctx)
