"""A fake OpenAI Chat Completions / Embeddings server (also Azure, Mistral, vLLM paths).

Validates requests the way the API reference describes them and answers in its exact
format: chat.completion objects, chat.completion.chunk SSE events ending in ``[DONE]``,
the usage chunk when ``stream_options.include_usage`` is set, and ``{"error": {...}}``
payloads with the documented statuses.
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

_ROLES = {"system", "developer", "user", "assistant", "tool"}


def _error(status: int, message: str, etype: str, code: str | None, headers: dict[str, str] | None = None) -> Response:
    body = {"error": {"message": message, "type": etype, "param": None, "code": code}}
    return JSONResponse(body, status_code=status, headers=headers)


def _validate(body: dict[str, Any]) -> str | None:
    if not isinstance(body.get("model"), str):
        return "you must provide a model parameter"
    msgs = body.get("messages")
    if not isinstance(msgs, list) or not msgs:
        return "messages must be a non-empty array"
    for i, m in enumerate(msgs):
        if m.get("role") not in _ROLES:
            return f"Invalid value for 'messages[{i}].role'"
        if m.get("role") == "tool" and not m.get("tool_call_id"):
            return f"messages[{i}].tool_call_id is required for tool messages"
    for t in body.get("tools") or ():
        if t.get("type") != "function" or "name" not in (t.get("function") or {}):
            return "tools[].function.name is required"
    if "metadata" in body and not body.get("store"):
        return "metadata is only allowed when store is enabled"
    return None


def _scenario(body: dict[str, Any]) -> Scenario:
    msgs = body["messages"]
    last = msgs[-1]
    users = [m for m in msgs if m["role"] == "user"]
    text = ""
    if users:
        c = users[-1].get("content")
        text = c if isinstance(c, str) else "".join(p.get("text", "") for p in c or () if p.get("type") == "text")
    tool_result = None
    if last["role"] == "tool":
        c = last.get("content")
        tool_result = c if isinstance(c, str) else "".join(p.get("text", "") for p in c or ())
    return Scenario(
        last_user_text=text,
        tool_names=[t["function"]["name"] for t in body.get("tools") or ()],
        tool_result=tool_result,
        tools_disabled=body.get("tool_choice") == "none",
    )


def _usage() -> dict[str, Any]:
    return {
        "prompt_tokens": USAGE["input"],
        "completion_tokens": USAGE["output"],
        "total_tokens": USAGE["input"] + USAGE["output"],
        "prompt_tokens_details": {"cached_tokens": USAGE["cached"]},
        "completion_tokens_details": {"reasoning_tokens": USAGE["reasoning"]},
    }


def _trigger_error(trigger: str | None) -> Response | None:
    if trigger == "context":
        return _error(
            400,
            "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.",
            "invalid_request_error",
            "context_length_exceeded",
        )
    if trigger == "ratelimit":
        return _error(429, "Rate limit reached for requests", "requests", "rate_limit_exceeded", {"retry-after": "1"})
    if trigger == "overloaded":
        return _error(503, "The engine is currently overloaded, please try again later", "server_error", None)
    if trigger == "server":
        return _error(500, "The server had an error while processing your request.", "server_error", None)
    if trigger == "policy":
        return _error(
            400,
            "The response was filtered due to the prompt triggering content management policy.",
            "invalid_request_error",
            "content_filter",
        )
    if trigger == "auth":
        return _error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key")
    return None


def create_app(state: FakeState, *, api_key: str = "sk-test", azure: bool = False) -> Starlette:
    def check_auth(request: Request) -> Response | None:
        if azure:
            if request.headers.get("api-key") != api_key:
                return _error(401, "Access denied due to invalid subscription key.", "invalid_request_error", "401")
            if not request.query_params.get("api-version"):
                return _error(404, "Resource not found", "invalid_request_error", "404")
            return None
        if request.headers.get("authorization") != f"Bearer {api_key}":
            return _error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key")
        return None

    async def chat(request: Request) -> Response:
        body = await request.json()
        state.record(request.url.path, dict(request.headers), body)
        if state.down:
            return _error(503, "Service Unavailable", "server_error", None)
        if state.fail_next:
            status, payload, headers = state.fail_next.pop(0)
            return JSONResponse(payload, status_code=status, headers=headers)
        if (denied := check_auth(request)) is not None:
            return denied
        if (problem := _validate(body)) is not None:
            return _error(400, problem, "invalid_request_error", None)
        sc = _scenario(body)
        if (err := _trigger_error(sc.trigger)) is not None:
            return err
        model = body["model"]
        if body.get("stream"):
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            return StreamingResponse(_stream(sc, model, include_usage), media_type="text/event-stream")
        message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None}
        if sc.calls_tool:
            message["tool_calls"] = [
                {
                    "id": "call_abc123",
                    "type": "function",
                    "function": {"name": sc.tool_names[0], "arguments": TOOL_ARGS},
                }
            ]
            finish = "tool_calls"
        else:
            message["content"] = sc.text
            finish = "stop"
        return JSONResponse(
            {
                "id": "chatcmpl-fake1",
                "object": "chat.completion",
                "created": 1700000000,
                "model": model,
                "system_fingerprint": "fp_fake",
                "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish}],
                "usage": _usage(),
            }
        )

    async def embeddings(request: Request) -> Response:
        body = await request.json()
        state.record(request.url.path, dict(request.headers), body)
        if (denied := check_auth(request)) is not None:
            return denied
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        data = [
            {"object": "embedding", "index": i, "embedding": [float(len(str(x))), 0.5, -0.25]}
            for i, x in enumerate(inputs)
        ]
        return JSONResponse(
            {"object": "list", "data": data, "model": body["model"], "usage": {"prompt_tokens": 5, "total_tokens": 5}}
        )

    routes = [
        Route("/v1/chat/completions", chat, methods=["POST"]),
        Route("/v1/embeddings", embeddings, methods=["POST"]),
        Route("/openai/deployments/{deployment}/chat/completions", chat, methods=["POST"]),
        Route("/openai/deployments/{deployment}/embeddings", embeddings, methods=["POST"]),
    ]
    return Starlette(routes=routes)


async def _stream(sc: Scenario, model: str, include_usage: bool) -> AsyncIterator[bytes]:
    def event(delta: dict[str, Any], finish: str | None = None, usage: Any = None, choices: bool = True) -> bytes:
        obj: dict[str, Any] = {
            "id": "chatcmpl-fake1",
            "object": "chat.completion.chunk",
            "created": 1700000000,
            "model": model,
            "system_fingerprint": "fp_fake",
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}] if choices else [],
        }
        if include_usage:
            obj["usage"] = usage
        return f"data: {json.dumps(obj)}\n\n".encode()

    yield event({"role": "assistant", "content": ""})
    if sc.calls_tool:
        half = len(TOOL_ARGS) // 2
        yield event(
            {
                "tool_calls": [
                    {
                        "index": 0,
                        "id": "call_abc123",
                        "type": "function",
                        "function": {"name": sc.tool_names[0], "arguments": ""},
                    }
                ]
            }
        )
        yield event({"tool_calls": [{"index": 0, "function": {"arguments": TOOL_ARGS[:half]}}]})
        yield event({"tool_calls": [{"index": 0, "function": {"arguments": TOOL_ARGS[half:]}}]})
        yield event({}, "tool_calls")
    else:
        for i, piece in enumerate(pieces(sc.text)):
            yield event({"content": piece})
            if i == 0 and sc.trigger == "cut":
                return  # connection ends with no [DONE]: a cut stream
            if i == 0 and sc.trigger == "midstream-error":
                err = {
                    "error": {
                        "message": "The server had an error while processing your request.",
                        "type": "server_error",
                    }
                }
                yield f"data: {json.dumps(err)}\n\n".encode()
                return
        yield event({}, "stop")
    if include_usage:
        yield event({}, None, _usage(), choices=False)
    yield b"data: [DONE]\n\n"
