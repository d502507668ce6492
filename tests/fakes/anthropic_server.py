"""A fake Anthropic Messages API server (``POST /v1/messages``).

Validates requests the way the API does and answers 400 ``invalid_request_error`` when they are
wrong: ``x-api-key`` and ``anthropic-version`` headers, ``max_tokens`` present, unknown fields
refused ("Extra inputs are not permitted"), no system role among messages, turns that start with
user and alternate, non-empty text, image sources, ``tool_use`` inputs that are objects and
``tool_result`` blocks that answer the previous turn's ``tool_use`` ids (and all of them).

Answers follow :mod:`tests.fakes.common` in Anthropic's format: ``message`` objects, the SSE
sequence message_start → content_block_start → ping → content_block_delta… → content_block_stop →
message_delta → message_stop, ``{"type": "error", "error": {...}}`` payloads with the documented
statuses (529 for overloaded) and the in-stream ``error`` event. Anthropic-only behaviour: a forced
``tool_choice`` names the tool that is called; ``max_tokens`` below the scenario's 7 output tokens
truncates (``max_tokens``); a stop sequence found in the answer ends it there (``stop_sequence``);
``output_config.format`` answers TOOL_ARGS as text; ``trigger:refusal`` answers ``refusal``.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from .common import TOOL_ARGS, USAGE, FakeState, Scenario, pieces

API_VERSION = "2023-06-01"
TOOL_USE_ID = "toolu_01A09q90qw90lq917835lq9"
MESSAGE_ID = "msg_01XFDUDYJgAACzvnptvVoYEL"

_TOP_LEVEL = {
    "model", "messages", "max_tokens", "system", "metadata", "stop_sequences", "stream", "temperature",
    "top_p", "top_k", "tools", "tool_choice", "thinking", "service_tier", "output_config",
}  # fmt: skip
_MEDIA_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,128}$")
_ID = re.compile(r"^[a-zA-Z0-9_-]+$")
_CACHE_WRITE = 2


def _error(status: int, etype: str, message: str, headers: dict[str, str] | None = None) -> Response:
    body = {"type": "error", "error": {"type": etype, "message": message}, "request_id": "req_011CfakeRequest"}
    return JSONResponse(body, status_code=status, headers=headers)


def _blocks(content: Any) -> list[dict[str, Any]]:
    return [{"type": "text", "text": content}] if isinstance(content, str) else list(content)


def _validate_block(where: str, role: str, b: Any, expected_results: set[str]) -> str | None:
    if not isinstance(b, dict):
        return f"{where}: Input should be a valid dictionary"
    kind = b.get("type")
    allowed = {"text", "image", "tool_result"} if role == "user" else {"text", "tool_use"}
    if kind not in allowed:
        return f"{where}.type: Input tag '{kind}' found using 'type' does not match any of the expected tags"
    if kind == "text":
        if not isinstance(b.get("text"), str) or not b["text"]:
            return f"{where}.text: text content blocks must be non-empty"
    elif kind == "image":
        src = b.get("source") or {}
        if src.get("type") == "base64":
            if src.get("media_type") not in _MEDIA_TYPES:
                return f"{where}.source.base64.media_type: Input should be one of {sorted(_MEDIA_TYPES)}"
            try:
                base64.b64decode(src.get("data") or "", validate=True)
            except (binascii.Error, ValueError):
                return f"{where}.source.base64.data: The image data is not valid base64"
        elif src.get("type") == "url":
            if not str(src.get("url") or "").startswith(("http://", "https://")):
                return f"{where}.source.url.url: Input should be a valid URL"
        else:
            return f"{where}.source: Input tag '{src.get('type')}' does not match any of the expected tags"
    elif kind == "tool_use":
        if not _ID.match(str(b.get("id") or "")):
            return f"{where}.tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'"
        if not isinstance(b.get("name"), str) or not isinstance(b.get("input"), dict):
            return f"{where}.tool_use.input: Input should be a valid dictionary"
    elif kind == "tool_result":
        ref = b.get("tool_use_id")
        if ref not in expected_results:
            return (
                f"{where}: unexpected `tool_use_id` found in `tool_result` blocks: {ref}. Each `tool_result` "
                "block must have a corresponding `tool_use` block in the previous message."
            )
    return None


def _validate_messages(msgs: Any) -> str | None:
    if not isinstance(msgs, list):
        return "messages: Field required"
    if not msgs:
        return "messages: at least one message is required"
    pending: list[str] = []
    for i, m in enumerate(msgs):
        for key in m:
            if key not in ("role", "content"):
                return f"messages.{i}.{key}: Extra inputs are not permitted"
        role = m.get("role")
        if role not in ("user", "assistant"):
            return f"messages.{i}.role: Input should be 'user' or 'assistant'"
        if i == 0 and role != "user":
            return 'messages: first message must use the "user" role'
        if i > 0 and role == msgs[i - 1]["role"]:
            return (
                'messages: roles must alternate between "user" and "assistant", '
                f'but found multiple "{role}" roles in a row'
            )
        content = m.get("content")
        if not isinstance(content, str | list) or not content:
            return (
                f"messages.{i}: all messages must have non-empty content "
                "except for the optional final assistant message"
            )
        blocks = _blocks(content)
        for j, b in enumerate(blocks):
            if (problem := _validate_block(f"messages.{i}.content.{j}", role, b, set(pending))) is not None:
                return problem
        if pending:
            answered = {b.get("tool_use_id") for b in blocks if b.get("type") == "tool_result"}
            missing = [p for p in pending if p not in answered]
            if missing:
                return (
                    f"messages.{i - 1}: `tool_use` ids were found without `tool_result` blocks immediately after: "
                    f"{', '.join(missing)}. Each `tool_use` block must have a corresponding `tool_result` block "
                    "in the next message."
                )
            kinds = [b.get("type") for b in blocks]
            first_other = next((n for n, k in enumerate(kinds) if k != "tool_result"), len(kinds))
            if "tool_result" in kinds[first_other:]:
                return f"messages.{i}: `tool_result` blocks must come before any other content"
        pending = [b["id"] for b in blocks if b.get("type") == "tool_use"] if role == "assistant" else []
    return None


def _validate(body: dict[str, Any]) -> str | None:
    for key in body:
        if key not in _TOP_LEVEL:
            return f"{key}: Extra inputs are not permitted"
    if not isinstance(body.get("model"), str):
        return "model: Field required"
    if "max_tokens" not in body:
        return "max_tokens: Field required"
    if not isinstance(body["max_tokens"], int) or body["max_tokens"] < 1:
        return "max_tokens: Input should be greater than or equal to 1"
    system = body.get("system")
    if (
        system is not None
        and not isinstance(system, str)
        and (not isinstance(system, list) or any(b.get("type") != "text" for b in system))
    ):
        return "system: Input should be a valid string or a list of text blocks"
    if (problem := _validate_messages(body.get("messages"))) is not None:
        return problem
    names = []
    for k, t in enumerate(body.get("tools") or ()):
        if not _NAME.match(str(t.get("name") or "")):
            return f"tools.{k}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{{1,128}}$'"
        schema = t.get("input_schema")
        if not isinstance(schema, dict) or schema.get("type") != "object":
            return f"tools.{k}.custom.input_schema.type: Input should be 'object'"
        names.append(t["name"])
    choice = body.get("tool_choice")
    if choice is not None:
        if "tools" not in body:
            return "tool_choice: tool_choice may only be specified while providing tools"
        if choice.get("type") not in ("auto", "any", "tool", "none"):
            return "tool_choice.type: Input tag does not match any of the expected tags"
        if choice["type"] == "tool" and choice.get("name") not in names:
            return f"tool_choice.tool.name: Tool '{choice.get('name')}' not found in tools"
        if choice["type"] == "none" and "disable_parallel_tool_use" in choice:
            return "tool_choice.none.disable_parallel_tool_use: Extra inputs are not permitted"
    for s in body.get("stop_sequences") or ():
        if not isinstance(s, str) or not s.strip():
            return "stop_sequences: each stop sequence must contain non-whitespace"
    for key in ("temperature", "top_p"):
        v = body.get(key)
        if v is not None and not (isinstance(v, int | float) and 0 <= v <= 1):
            return f"{key}: Input should be less than or equal to 1"
    meta = body.get("metadata")
    if meta is not None and set(meta) - {"user_id"}:
        return "metadata: Extra inputs are not permitted"
    return None


def _text(blocks: list[dict[str, Any]]) -> str:
    return "".join(b.get("text", "") for b in blocks if b.get("type") == "text")


def _scenario(body: dict[str, Any]) -> Scenario:
    msgs = body["messages"]
    last_user_text = ""
    for m in reversed(msgs):
        if m["role"] == "user" and (text := _text(_blocks(m["content"]))):
            last_user_text = text
            break
    tool_result = None
    results = [b for b in _blocks(msgs[-1]["content"]) if b.get("type") == "tool_result"]
    if msgs[-1]["role"] == "user" and results:
        c = results[-1].get("content") or ""
        tool_result = c if isinstance(c, str) else _text(c)
    names = [t["name"] for t in body.get("tools") or ()]
    choice = body.get("tool_choice") or {}
    if choice.get("type") == "tool":
        names = [choice["name"], *(n for n in names if n != choice["name"])]
    return Scenario(
        last_user_text=last_user_text,
        tool_names=names,
        tool_result=tool_result,
        tools_disabled=choice.get("type") == "none",
    )


def _usage(output: int) -> dict[str, Any]:
    return {
        "input_tokens": USAGE["input"] - USAGE["cached"] - _CACHE_WRITE,
        "cache_creation_input_tokens": _CACHE_WRITE,
        "cache_read_input_tokens": USAGE["cached"],
        "output_tokens": output,
        "output_tokens_details": {"thinking_tokens": USAGE["reasoning"]},
        "service_tier": "standard",
    }


def _trigger_error(trigger: str | None) -> Response | None:
    if trigger == "context":
        return _error(400, "invalid_request_error", "prompt is too long: 208310 tokens > 200000 maximum")
    if trigger == "ratelimit":
        return _error(
            429,
            "rate_limit_error",
            "This request would exceed your organization's rate limit of 50 requests per minute.",
            {"retry-after": "1"},
        )
    if trigger == "overloaded":
        return _error(529, "overloaded_error", "Overloaded")
    if trigger == "server":
        return _error(500, "api_error", "Internal server error")
    if trigger == "policy":
        return _error(400, "invalid_request_error", "Output blocked by content filtering policy")
    if trigger == "auth":
        return _error(401, "authentication_error", "invalid x-api-key")
    return None


class _Answer:
    """What the fake says: content blocks, stop reason and output token count."""

    def __init__(self, body: dict[str, Any], sc: Scenario) -> None:
        self.stop_reason = "end_turn"
        self.stop_sequence: str | None = None
        self.output = USAGE["output"]
        self.tool: str | None = None
        self.text: str | None = None
        if sc.trigger == "refusal":
            self.stop_reason = "refusal"
        elif sc.calls_tool:
            self.tool, self.stop_reason = sc.tool_names[0], "tool_use"
        else:
            text = TOOL_ARGS if (body.get("output_config") or {}).get("format") else sc.text
            for s in body.get("stop_sequences") or ():
                if s in text:
                    text, self.stop_reason, self.stop_sequence = text[: text.index(s)], "stop_sequence", s
                    break
            if body["max_tokens"] < self.output:
                # the fake's tokens are its stream pieces
                text = "".join(pieces(text)[: body["max_tokens"]])
                self.output, self.stop_reason = body["max_tokens"], "max_tokens"
            self.text = text

    def content(self) -> list[dict[str, Any]]:
        if self.tool is not None:
            return [{"type": "tool_use", "id": TOOL_USE_ID, "name": self.tool, "input": json.loads(TOOL_ARGS)}]
        return [{"type": "text", "text": self.text}] if self.text is not None else []


def create_app(state: FakeState, *, api_key: str = "sk-ant-test") -> Starlette:
    async def messages(request: Request) -> Response:
        body = await request.json()
        state.record(request.url.path, dict(request.headers), body)
        if state.down:
            return _error(529, "overloaded_error", "Overloaded")
        if state.fail_next:
            status, payload, headers = state.fail_next.pop(0)
            return JSONResponse(payload, status_code=status, headers=headers)
        if request.headers.get("x-api-key") != api_key:
            return _error(401, "authentication_error", "invalid x-api-key")
        if request.headers.get("anthropic-version") != API_VERSION:
            return _error(400, "invalid_request_error", "anthropic-version: header is required")
        if (problem := _validate(body)) is not None:
            return _error(400, "invalid_request_error", problem)
        sc = _scenario(body)
        if (err := _trigger_error(sc.trigger)) is not None:
            return err
        answer = _Answer(body, sc)
        if body.get("stream"):
            return StreamingResponse(_stream(body["model"], answer, sc), media_type="text/event-stream")
        return JSONResponse(
            {
                "id": MESSAGE_ID,
                "type": "message",
                "role": "assistant",
                "model": body["model"],
                "content": answer.content(),
                "stop_reason": answer.stop_reason,
                "stop_sequence": answer.stop_sequence,
                "usage": _usage(answer.output),
            },
            headers={"request-id": "req_011CfakeRequest"},
        )

    return Starlette(routes=[Route("/v1/messages", messages, methods=["POST"])])


def _event(kind: str, data: dict[str, Any]) -> bytes:
    return f"event: {kind}\ndata: {json.dumps({'type': kind, **data})}\n\n".encode()


async def _stream(model: str, answer: _Answer, sc: Scenario) -> AsyncIterator[bytes]:
    start: dict[str, Any] = {
        "id": MESSAGE_ID,
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {**_usage(1), "output_tokens_details": None},
    }
    yield _event("message_start", {"message": start})
    if answer.tool is not None:
        block = {"type": "tool_use", "id": TOOL_USE_ID, "name": answer.tool, "input": {}}
        yield _event("content_block_start", {"index": 0, "content_block": block})
        yield _event("ping", {})
        half = len(TOOL_ARGS) // 2
        for part in ("", TOOL_ARGS[:half], TOOL_ARGS[half:]):
            yield _event(
                "content_block_delta", {"index": 0, "delta": {"type": "input_json_delta", "partial_json": part}}
            )
        yield _event("content_block_stop", {"index": 0})
    elif answer.text is not None:
        yield _event("content_block_start", {"index": 0, "content_block": {"type": "text", "text": ""}})
        yield _event("ping", {})
        for i, piece in enumerate(pieces(answer.text)):
            yield _event("content_block_delta", {"index": 0, "delta": {"type": "text_delta", "text": piece}})
            if i == 0 and sc.trigger == "cut":
                return  # the connection ends without message_stop: a cut stream
            if i == 0 and sc.trigger == "midstream-error":
                yield _event("error", {"error": {"type": "overloaded_error", "message": "Overloaded"}})
                return
        yield _event("content_block_stop", {"index": 0})
    delta = {"stop_reason": answer.stop_reason, "stop_sequence": answer.stop_sequence}
    yield _event("message_delta", {"delta": delta, "usage": _usage(answer.output)})
    yield _event("message_stop", {})
