"""Neutral responses → OpenAI's JSON and SSE shapes, and the Orkester response headers."""

from __future__ import annotations

import time
from typing import Any

import orjson

from ..errors import OrkesterError
from ..pipeline.context import RequestContext
from ..types import ChatChunk, ChatResponse, EmbeddingResponse

SIMULATED_FINGERPRINT = "orkester-simulated"


def chat_completion(ctx: RequestContext, resp: ChatResponse) -> dict[str, Any]:
    choices = []
    for c in resp.choices:
        message: dict[str, Any] = {"role": "assistant", "content": c.content, "refusal": c.refusal}
        if c.tool_calls:
            message["tool_calls"] = [
                {"id": t.id, "type": "function", "function": {"name": t.name, "arguments": t.arguments}}
                for t in c.tool_calls
            ]
        choices.append({"index": c.index, "message": message, "logprobs": c.logprobs, "finish_reason": c.finish_reason})
    return {
        "id": f"chatcmpl-{ctx.request_id}",
        "object": "chat.completion",
        "created": resp.created or int(time.time()),
        "model": resp.model,
        "system_fingerprint": SIMULATED_FINGERPRINT if resp.simulated else None,
        "choices": choices,
        "usage": resp.usage.to_openai(),
    }


def embeddings(resp: EmbeddingResponse) -> dict[str, Any]:
    return {
        "object": "list",
        "data": [{"object": "embedding", "index": i, "embedding": v} for i, v in enumerate(resp.vectors)],
        "model": resp.model,
        "usage": {"prompt_tokens": resp.usage.input_tokens, "total_tokens": resp.usage.input_tokens},
    }


class ChunkEncoder:
    """Encodes one stream's chunks as ``data: {...}\\n\\n`` lines in OpenAI's chunk format."""

    __slots__ = ("_base", "_include_usage", "_role_sent")

    def __init__(self, ctx: RequestContext, model: str, include_usage: bool, simulated: bool) -> None:
        self._base = {
            "id": f"chatcmpl-{ctx.request_id}",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": model,
            "system_fingerprint": SIMULATED_FINGERPRINT if simulated else None,
        }
        self._include_usage = include_usage
        self._role_sent = False

    def encode(self, chunk: ChatChunk) -> bytes | None:
        if chunk.usage is not None and not chunk.choices:
            if not self._include_usage:
                return None
            return self._line({**self._base, "choices": [], "usage": chunk.usage.to_openai()})
        choices = []
        for d in chunk.choices:
            delta: dict[str, Any] = {}
            if not self._role_sent or d.role:
                delta["role"] = "assistant"
                self._role_sent = True
            if d.content is not None:
                delta["content"] = d.content
            if d.tool_calls:
                delta["tool_calls"] = [_tool_delta(t) for t in d.tool_calls]
            choices.append({"index": d.index, "delta": delta, "logprobs": d.logprobs, "finish_reason": d.finish_reason})
        obj: dict[str, Any] = {**self._base, "choices": choices}
        if self._include_usage:
            obj["usage"] = None if chunk.usage is None else chunk.usage.to_openai()
        return self._line(obj)

    @staticmethod
    def _line(obj: dict[str, Any]) -> bytes:
        return b"data: " + orjson.dumps(obj) + b"\n\n"

    @staticmethod
    def error(err: OrkesterError) -> bytes:
        return b"data: " + orjson.dumps(err.to_openai()) + b"\n\n"

    DONE = b"data: [DONE]\n\n"


def _tool_delta(t: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"index": t.index}
    if t.id is not None:
        out["id"] = t.id
        out["type"] = "function"
    fn: dict[str, Any] = {}
    if t.name is not None:
        fn["name"] = t.name
    if t.arguments is not None:
        fn["arguments"] = t.arguments
    if fn:
        out["function"] = fn
    return out


def route_headers(ctx: RequestContext) -> dict[str, str]:
    headers = {"x-request-id": ctx.request_id}
    served = ctx.served_by
    if served is not None:
        d = served.deployment
        headers["x-orkester-alias"] = served.alias
        headers["x-orkester-model"] = d.model
        headers["x-orkester-provider"] = d.provider
        if d.region:
            headers["x-orkester-region"] = d.region
    plan = ctx.plan
    if plan is not None:
        headers["x-orkester-route"] = f"{plan.strategy}/{plan.mode}"
        if plan.task is not None:
            conf = "" if plan.task_confidence is None else f";confidence={plan.task_confidence:.2f}"
            headers["x-orkester-task"] = plan.task + conf
    if ctx.escalations:
        headers["x-orkester-escalations"] = str(ctx.escalations)
    if len(ctx.calls) > 1:
        headers["x-orkester-calls"] = str(len(ctx.calls))
    if ctx.attempts:
        headers["x-orkester-attempts"] = str(len(ctx.attempts))
    if ctx.skipped:
        headers["x-orkester-skipped"] = ", ".join(f"{s.deployment}={s.reason}" for s in ctx.skipped)
    if ctx.downgraded:
        headers["x-orkester-downgraded"] = "budget"
    if ctx.simulated:
        headers["x-orkester-simulated"] = "true"
    if ctx.classification is not None:
        headers["x-orkester-data-class"] = ctx.classification.final
    if ctx.pseudonyms is not None:
        headers["x-orkester-pseudonymised"] = "true"
    if ctx.prompt_ref is not None:
        headers["x-orkester-prompt"] = ctx.prompt_ref
    if ctx.cache_status is not None:
        headers["x-orkester-cache"] = ctx.cache_status
    if ctx.experiment is not None and ctx.arm is not None:
        headers["x-orkester-experiment"] = f"{ctx.experiment}/{ctx.arm}"
    return headers


def cost_headers(ctx: RequestContext) -> dict[str, str]:
    return {
        "x-orkester-cost-usd": f"{ctx.cost_usd:.8f}",
        "x-orkester-overhead-ms": f"{ctx.overhead_ms():.3f}",
    }
