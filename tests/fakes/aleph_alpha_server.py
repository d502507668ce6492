"""A fake Aleph Alpha inference API: ``/chat/completions``, ``/batch_semantic_embed`` and ``/embeddings``.

Validates requests the way the API reference (OpenAPI 4.7 and the official clients' recorded
cassettes) describes them: bearer token, only documented body fields, one leading system
message, no adjacent user or assistant turns of the same role, content on every message, tool
results naming an earlier tool call, images as base64 data URLs only, ``response_format`` of type json_schema with
name and schema. Wrong requests get the API's error object ``{"error": ..., "code": ...}``.

Answers follow :mod:`tests.fakes.common`. Aleph Alpha reports neither cached nor reasoning
tokens, and has no in-stream error event, so ``trigger:midstream-error`` is an ordinary prompt.
``trigger:policy`` ends the completion with finish reason ``content_filter`` (the API's way),
and ``max_tokens`` below the answer's length cuts it with finish reason ``length``, counting one
token per streamed piece.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from .common import TOOL_ARGS, USAGE, FakeState, Scenario, pieces

_CHAT_FIELDS = {
    "model", "messages", "frequency_penalty", "logit_bias", "logprobs", "top_logprobs", "max_tokens", "n",
    "presence_penalty", "response_format", "seed", "service_tier", "stop", "stream", "stream_options",
    "temperature", "top_p", "steering_concepts", "tools", "tool_choice", "user",
}  # fmt: skip
_REJECTED = {"parallel_tool_calls"}  # documented as "unsupported and will be rejected"
_REPRESENTATIONS = {"symmetric", "document", "query"}


def _error(status: int, message: str, code: str, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse({"error": message, "code": code}, status_code=status, headers=headers)


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    return "".join(p.get("text", "") for p in content or () if p.get("type") == "text")


def _validate_content(i: int, content: Any) -> str | None:
    if isinstance(content, str):
        return None
    if not isinstance(content, list):
        return f"messages[{i}]: missing field `content`"
    for part in content:
        kind = part.get("type")
        if kind == "text" and isinstance(part.get("text"), str):
            continue
        if kind != "image_url":
            return f"messages[{i}]: unknown content part type `{kind}`"
        image = part.get("image_url") or {}
        url = image.get("url")
        if not isinstance(url, str) or not url.startswith("data:image/") or ";base64," not in url:
            return f"messages[{i}]: image_url.url must be a base64 encoded image data url"
        if image.get("detail", "auto") != "auto":
            return f'messages[{i}]: image_url.detail only allows "auto"'
    return None


def _validate_messages(msgs: Any) -> str | None:
    if not isinstance(msgs, list) or not msgs:
        return "messages must not be empty"
    call_ids: set[str] = set()
    last_turn: str | None = None
    for i, m in enumerate(msgs):
        role = m.get("role")
        if role not in ("system", "user", "assistant", "tool"):
            return f"messages[{i}]: unknown variant `{role}`, expected one of `system`, `user`, `assistant`, `tool`"
        if "content" not in m or (problem := _validate_content(i, m["content"])) is not None:
            return problem or f"messages[{i}]: missing field `content`"
        if role == "system":
            if i != 0:
                return "Only one optional system message is allowed, at the beginning of the conversation"
            continue
        if role == "tool":
            if m.get("tool_call_id") not in call_ids:
                return f"messages[{i}]: tool_call_id does not name an earlier tool call"
            last_turn = None  # recorded traffic shows turns around tool results need not alternate
            continue
        if role == last_turn:
            return "Messages must alternate between user and assistant"
        last_turn = role
        for tc in m.get("tool_calls") or ():
            fn = tc.get("function") or {}
            if tc.get("type") != "function" or not tc.get("id") or not isinstance(fn.get("arguments"), str):
                return f"messages[{i}].tool_calls: missing field `id`, `type` or `function.arguments`"
            call_ids.add(tc["id"])
    return None


def _validate_chat(body: dict[str, Any]) -> str | None:
    unknown = set(body) - _CHAT_FIELDS
    if unknown & _REJECTED:
        return f"Unsupported parameter: {sorted(unknown & _REJECTED)[0]}"
    if unknown:
        return f"Json deserialize error: unknown field `{sorted(unknown)[0]}`"
    if not isinstance(body.get("model"), str):
        return "Json deserialize error: missing field `model`"
    if (problem := _validate_messages(body.get("messages"))) is not None:
        return problem
    for t in body.get("tools") or ():
        if t.get("type") != "function" or "name" not in (t.get("function") or {}):
            return "Json deserialize error: tools[].function missing field `name`"
    stop = body.get("stop")
    if stop is not None and not (isinstance(stop, str) or all(isinstance(s, str) for s in stop)):
        return "Json deserialize error: stop must be a string or a list of strings"
    rf = body.get("response_format")
    if rf is not None:
        schema = rf.get("json_schema") or {}
        if rf.get("type") != "json_schema" or "name" not in schema or "schema" not in schema:
            return "Json deserialize error: response_format needs type `json_schema` with `name` and `schema`"
    if "stream_options" in body and not body.get("stream"):
        return "stream_options are only allowed when stream is true"
    limit = body.get("max_tokens")
    if limit is not None and (not isinstance(limit, int) or limit < 1):
        return "max_tokens must be >= 1"
    return None


def _scenario(body: dict[str, Any]) -> Scenario:
    msgs = body["messages"]
    users = [m for m in msgs if m["role"] == "user"]
    last = msgs[-1]
    return Scenario(
        last_user_text=_text_of(users[-1]["content"]) if users else "",
        tool_names=[t["function"]["name"] for t in body.get("tools") or ()],
        tool_result=_text_of(last["content"]) if last["role"] == "tool" else None,
        tools_disabled=body.get("tool_choice") == "none",
    )


def _trigger_error(trigger: str | None) -> Response | None:
    if trigger == "context":
        return _error(
            400,
            "The prompt of 9000 tokens exceeds the maximum context size of 8192 tokens of the model",
            "PROMPT_TOO_LONG",
        )
    if trigger == "ratelimit":
        return _error(429, "There are already running too many tasks for you", "TOO_MANY_TASKS")
    if trigger == "overloaded":
        return _error(
            503,
            "Sorry we had to reject your request because we could not guarantee to finish it in a reasonable "
            "timeframe. This specific model is very busy at this moment. Try again later or use another model.",
            "QUEUE_FULL",
        )
    if trigger == "server":
        return _error(500, "Internal server error", "INTERNAL_ERROR")
    if trigger == "auth":
        return _error(401, "Unauthenticated: the token is invalid or expired", "UNAUTHENTICATED")
    return None


def _usage() -> dict[str, int]:
    return {
        "prompt_tokens": USAGE["input"],
        "completion_tokens": USAGE["output"],
        "total_tokens": USAGE["input"] + USAGE["output"],
    }


def _answer(sc: Scenario, limit: int | None) -> tuple[list[str], str]:
    """The answer's text pieces and finish reason (tool calls are handled by the caller)."""
    if sc.trigger == "policy":
        return [], "content_filter"
    parts = pieces(sc.text)
    if limit is not None and limit < len(parts):
        return parts[:limit], "length"
    return parts, "stop"


def create_app(state: FakeState, *, api_key: str = "aa-test") -> Starlette:
    async def receive(request: Request) -> tuple[dict[str, Any], Response | None]:
        body = await request.json()
        query = f"?{request.url.query}" if request.url.query else ""  # so tests see flags like ?nice=true
        state.record(request.url.path + query, dict(request.headers), body)
        if state.down:
            return body, _error(503, "Service Unavailable", "SERVICE_UNAVAILABLE")
        if state.fail_next:
            status, payload, headers = state.fail_next.pop(0)
            return body, JSONResponse(payload, status_code=status, headers=headers)
        if request.headers.get("authorization") != f"Bearer {api_key}":
            return body, _error(401, "Unauthenticated: the token is invalid or expired", "UNAUTHENTICATED")
        return body, None

    async def chat(request: Request) -> Response:
        body, refused = await receive(request)
        if refused is not None:
            return refused
        if (problem := _validate_chat(body)) is not None:
            return _error(400, problem, "PAYLOAD_ERROR")
        sc = _scenario(body)
        if (err := _trigger_error(sc.trigger)) is not None:
            return err
        model = body["model"]
        if body.get("stream"):
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            return StreamingResponse(
                _stream(sc, model, body.get("max_tokens"), include_usage), media_type="text/event-stream"
            )
        message: dict[str, Any] = {"role": "assistant", "content": ""}
        if sc.calls_tool:
            message["tool_calls"] = [
                {
                    "id": "chatcmpl-tool-fake1",
                    "type": "function",
                    "function": {"name": sc.tool_names[0], "arguments": TOOL_ARGS},
                }
            ]
            finish = "tool_calls"
        else:
            parts, finish = _answer(sc, body.get("max_tokens"))
            message["content"] = "".join(parts)
            message["tool_calls"] = []
        return JSONResponse(
            {
                "id": "chatcmpl-fake1",
                "choices": [{"finish_reason": finish, "index": 0, "message": message, "logprobs": None}],
                "created": 1739975747,
                "model": model,
                "system_fingerprint": ".unknown.",
                "object": "chat.completion",
                "usage": _usage(),
            }
        )

    async def batch_semantic_embed(request: Request) -> Response:
        body, refused = await receive(request)
        if refused is not None:
            return refused
        prompts = body.get("prompts")
        if not isinstance(body.get("model"), str) or not isinstance(prompts, list) or not prompts:
            return _error(400, "Json deserialize error: missing field `model` or `prompts`", "PAYLOAD_ERROR")
        if len(prompts) > 100:
            return _error(400, "Batch size must not exceed 100 prompts", "PAYLOAD_ERROR")
        if body.get("representation") not in _REPRESENTATIONS:
            return _error(400, "Json deserialize error: missing or unknown `representation`", "PAYLOAD_ERROR")
        if body.get("compress_to_size", 128) != 128:
            return _error(400, "compress_to_size only supports 128", "PAYLOAD_ERROR")
        unknown = set(body) - {"model", "hosting", "prompts", "representation", "compress_to_size", "normalize"}
        if unknown:
            return _error(400, f"Json deserialize error: unknown field `{sorted(unknown)[0]}`", "PAYLOAD_ERROR")
        return JSONResponse(
            {
                "model_version": "2024-05",
                "embeddings": [[float(len(str(p))), 0.5, -0.25] for p in prompts],
                "num_tokens_prompt_total": 5,
            }
        )

    async def embeddings(request: Request) -> Response:
        body, refused = await receive(request)
        if refused is not None:
            return refused
        if "user" in body:
            return _error(400, "Unsupported parameter: user", "PAYLOAD_ERROR")
        if not isinstance(body.get("model"), str) or "input" not in body:
            return _error(400, "Json deserialize error: missing field `model` or `input`", "PAYLOAD_ERROR")
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        data = [
            {"object": "embedding", "embedding": [float(len(str(x))), 0.5, -0.25], "index": i}
            for i, x in enumerate(inputs)
        ]
        return JSONResponse(
            {"object": "list", "data": data, "model": body["model"], "usage": {"prompt_tokens": 5, "total_tokens": 5}}
        )

    routes = [
        Route("/chat/completions", chat, methods=["POST"]),
        Route("/batch_semantic_embed", batch_semantic_embed, methods=["POST"]),
        Route("/embeddings", embeddings, methods=["POST"]),
    ]
    return Starlette(routes=routes)


async def _stream(sc: Scenario, model: str, limit: int | None, include_usage: bool) -> AsyncIterator[bytes]:
    def event(delta: dict[str, Any], finish: str | None = None) -> bytes:
        obj = {
            "id": "chatcmpl-fake1",
            "choices": [{"finish_reason": finish, "index": 0, "delta": delta, "logprobs": None}],
            "created": 1739975747,
            "model": model,
            "system_fingerprint": ".unknown." if finish else None,
            "object": "chat.completion.chunk",
            "usage": None,
        }
        return f"data: {json.dumps(obj)}\n\n".encode()

    # As recorded from the API: the role opens with empty content, and content ("" while tool
    # calls stream) is present on every delta.
    yield event({"role": "assistant", "content": ""})
    if sc.calls_tool:
        half = len(TOOL_ARGS) // 2
        yield event(
            {
                "content": "",
                "tool_calls": [
                    {
                        "id": "chatcmpl-tool-fake1",
                        "index": 0,
                        "type": "function",
                        "function": {"name": sc.tool_names[0]},
                    }
                ],
            }
        )
        yield event({"content": "", "tool_calls": [{"index": 0, "function": {"arguments": TOOL_ARGS[:half]}}]})
        yield event({"content": "", "tool_calls": [{"index": 0, "function": {"arguments": TOOL_ARGS[half:]}}]})
        yield event({"content": ""}, "tool_calls")
    else:
        parts, finish = _answer(sc, limit)
        for i, piece in enumerate(parts):
            yield event({"content": piece})
            if i == 0 and sc.trigger == "cut":
                return  # the connection ends with no [DONE]: a cut stream
        yield event({}, finish)
    if include_usage:
        usage = {
            "id": "chatcmpl-fake1",
            "choices": [],
            "created": 1739975747,
            "model": model,
            "system_fingerprint": ".unknown.",
            "object": "chat.completion.chunk",
            "usage": _usage(),
        }
        yield f"data: {json.dumps(usage)}\n\n".encode()
    yield b"data: [DONE]\n\n"
