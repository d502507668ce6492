"""The prompt-template stage: a chat request that names a template gets it rendered into its messages before
anything else looks at them, so the rendered prompt is what is classified, routed, cached and sent.

A request names a template with ``metadata.prompt`` (or the ``x-orkester-prompt`` header): ``quote``,
``quote@latest`` (both: the version the template serves now) or ``quote@2``. Its variables travel as one
JSON object in ``metadata.prompt_vars`` (or ``x-orkester-prompt-vars``), since OpenAI's metadata values
are strings; headers win over metadata, as for every control. The template's system part goes in front
of the caller's messages, its user part after them. ``ctx.prompt_ref`` records the version used
(``quote@2``) for the ledger, also when rendering fails.

A template with a task type sets the request's task (``x-orkester-task``) for routing, over a key's default
task; a task the caller declared itself wins. (A declared task equal to the key's default cannot be told
from the default, so the template's applies then.)
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from ..errors import RequestError
from ..prompts import PromptRef, PromptService, RenderedPrompt
from ..types import ChatRequest, Message
from .context import RequestContext

Next = Callable[[RequestContext], Awaitable[None]]


class PromptStage:
    def __init__(self, service: PromptService) -> None:
        self.service = service

    async def __call__(self, ctx: RequestContext, call_next: Next) -> None:
        ref = ctx.controls.get("prompt")
        if ref:
            await apply_prompt(self.service, ctx, PromptRef.parse(ref))
        await call_next(ctx)


async def apply_prompt(service: PromptService, ctx: RequestContext, ref: PromptRef) -> RenderedPrompt:
    """Render ``ref`` with the request's variables into ``ctx.request``; a stage that chose a version itself
    (an experiment's arm) calls this with that version."""
    if not isinstance(ctx.request, ChatRequest):
        raise RequestError("Prompt templates apply to chat completions only.", param="prompt", code="invalid_value")
    variables = prompt_vars(ctx.controls.get("prompt_vars"))
    version = await service.resolve(ref)
    ctx.prompt_ref = version.ref
    rendered = service.render_version(version, variables)
    ctx.request = with_prompt(ctx.request, rendered)
    if rendered.task_type:
        declared = ctx.controls.get("task")
        if not declared or (ctx.key is not None and declared == ctx.key.default_task):
            ctx.controls["task"] = rendered.task_type
    return rendered


def prompt_vars(raw: str | None) -> dict[str, Any]:
    """The variables a request passes: a JSON object (in a string), or nothing."""
    if raw is None or not raw.strip():
        return {}
    try:
        values = json.loads(raw)
    except ValueError as e:
        raise RequestError(
            f"metadata.prompt_vars must be a JSON object of the template's variables: {e}",
            param="metadata.prompt_vars",
            code="invalid_value",
        ) from None
    if not isinstance(values, dict):
        raise RequestError(
            f"metadata.prompt_vars must be a JSON object of the template's variables (got {type(values).__name__})",
            param="metadata.prompt_vars",
            code="invalid_value",
        )
    return values


def with_prompt(request: ChatRequest, rendered: RenderedPrompt) -> ChatRequest:
    """``request`` with the system part in front of its messages and the user part after them."""
    messages = list(request.messages)
    if rendered.system is not None:
        messages.insert(0, Message(role="system", content=rendered.system))
    if rendered.user is not None:
        messages.append(Message(role="user", content=rendered.user))
    return request.model_copy(update={"messages": messages})
