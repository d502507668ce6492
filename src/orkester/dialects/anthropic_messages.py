"""Anthropic Messages API wire format (``POST /v1/messages``, ``anthropic-version: 2023-06-01``).

Where the OpenAI chat shape and the Messages API differ, the translation chooses:

* ``system`` and ``developer`` messages, wherever they stand, are joined (blank line between) into the
  top-level ``system`` string: the Messages API has no system role.
* Turns must start with ``user`` and alternate. Consecutive messages of one role are merged into one
  turn (several ``tool`` messages become ``tool_result`` blocks of one user turn, placed before any
  text, as Anthropic requires); a conversation that opens with the assistant gets a one-character
  user turn (``"."``) in front. Empty text is dropped (Anthropic rejects empty text blocks).
* Images: ``data:`` URLs become ``base64`` sources, http(s) URLs become ``url`` sources. Assistant
  turns cannot carry images on Anthropic, so images there are dropped.
* Assistant ``tool_calls`` become ``tool_use`` blocks with the arguments parsed into ``input``.
  Tool-call ids are mapped onto Anthropic's id alphabet (``[a-zA-Z0-9_-]``) the same way in
  ``tool_use`` and ``tool_result``, so pairs still match.
* ``max_tokens`` is required by Anthropic: the caller's limit, else ``default_max_tokens`` (4096).
  ``stop`` becomes ``stop_sequences`` (whitespace-only ones, which Anthropic rejects, are left out);
  ``temperature`` is clamped to Anthropic's 0..1; ``user`` becomes ``metadata.user_id``; ``n > 1``
  is refused; seed, logprobs and the penalties have no counterpart and are not sent.
* Tool choice: auto → ``auto``, required → ``any``, a named function → ``tool``, none → ``none``;
  ``parallel_tool_calls: false`` sets ``disable_parallel_tool_use``.
* JSON mode (``response_format`` json_object / json_schema) is served by a forced tool named
  :data:`JSON_TOOL` whose ``input_schema`` is the caller's schema (any object for json_object).
  Tool input is always a JSON object, so this works on every Claude model; both decoders turn that
  tool's input back into the message text with finish reason ``stop`` (streamed as text deltas).
  When the caller offers tools as well, the choice becomes ``any`` so the model may still call
  theirs. With ``native_structured_outputs=True`` a json_schema goes to Anthropic's own
  ``output_config.format`` instead (newer models only) and ``strict`` on tools is passed on.

Answers: ``end_turn``/``stop_sequence``/``pause_turn`` → stop, ``max_tokens`` and
``model_context_window_exceeded`` → length, ``tool_use`` → tool_calls, ``refusal`` →
content_filter. Input usage is ``input_tokens`` plus both cache counts; cached is the cache read.
Thinking blocks are not part of the OpenAI answer and are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import orjson

from ..errors import (
    ContentPolicyError,
    ContextWindowError,
    RequestError,
    StreamInterruptedError,
    UnsupportedFeatureError,
    UpstreamAuthError,
    UpstreamError,
    UpstreamUnavailableError,
    error_for_status,
    parse_retry_after,
)
from ..types import (
    ChatChunk,
    ChatRequest,
    ChatResponse,
    Choice,
    ChoiceDelta,
    ContentPart,
    FinishReason,
    ImagePart,
    Message,
    TextPart,
    Tool,
    ToolCall,
    ToolCallDelta,
    ToolCallOut,
    Usage,
)
from .base import SSEParser

DEFAULT_MAX_TOKENS = 4096
#: the tool that carries JSON-mode answers; its input is the answer, never a real call
JSON_TOOL = "orkester_json_response"
#: the user turn put in front of a conversation that opens with the assistant
OPENING_TURN = "."

_FINISH: dict[str, FinishReason] = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "pause_turn": "stop",
    "max_tokens": "length",
    "model_context_window_exceeded": "length",
    "tool_use": "tool_calls",
    "refusal": "content_filter",
}
#: the HTTP status each error type is documented with, for errors that arrive inside a stream
_TYPE_STATUS = {
    "invalid_request_error": 400,
    "authentication_error": 401,
    "billing_error": 402,
    "permission_error": 403,
    "not_found_error": 404,
    "request_too_large": 413,
    "rate_limit_error": 429,
    "api_error": 500,
    "timeout_error": 504,
    "overloaded_error": 529,
}
_CONTEXT_MARKERS = ("prompt is too long", "exceed context limit", "context window")
_POLICY_MARKERS = ("content filtering policy",)
_ID_FORBIDDEN = re.compile(r"[^a-zA-Z0-9_-]")
_PASS_THROUGH = ("top_k", "service_tier")


class AnthropicMessagesDialect:
    name = "anthropic"

    def __init__(
        self, *, default_max_tokens: int = DEFAULT_MAX_TOKENS, native_structured_outputs: bool = False
    ) -> None:
        self.default_max_tokens = default_max_tokens
        self.native_structured_outputs = native_structured_outputs

    # --- requests ----------------------------------------------------------------------

    def encode_chat(self, req: ChatRequest, model: str, *, stream: bool) -> dict[str, Any]:
        if req.n is not None and req.n > 1:
            raise UnsupportedFeatureError("Anthropic returns one choice per request; n > 1 is not supported")
        system, messages = encode_messages(req.messages)
        body: dict[str, Any] = {
            "model": model,
            "max_tokens": req.output_limit or self.default_max_tokens,
            "messages": messages,
        }
        if system:
            body["system"] = system
        stops = [s for s in req.stop_sequences if s.strip()]
        if stops:
            body["stop_sequences"] = stops
        if req.temperature is not None:
            # OpenAI's range is 0..2, Anthropic's 0..1: the top of both means "most random".
            body["temperature"] = min(req.temperature, 1.0)
        if req.top_p is not None:
            body["top_p"] = req.top_p
        if req.user:
            body["metadata"] = {"user_id": req.user}
        extras = req.extra_fields()
        for key in _PASS_THROUGH:
            if key in extras:
                body[key] = extras[key]
        self._encode_tools(req, body)
        if stream:
            body["stream"] = True
        return body

    def _encode_tools(self, req: ChatRequest, body: dict[str, Any]) -> None:
        tools = [self._tool(t) for t in req.tools or ()]
        choice = _tool_choice(req.tool_choice)
        fmt = req.response_format if req.wants_json else None
        if fmt is not None:
            schema = fmt.json_schema.schema_ if fmt.json_schema is not None else None
            if fmt.type == "json_schema" and self.native_structured_outputs and schema is not None:
                body["output_config"] = {"format": {"type": "json_schema", "schema": schema}}
            else:
                if choice is not None and choice["type"] == "none":
                    tools, choice = [], None
                described = fmt.json_schema.description if fmt.json_schema is not None else None
                tools.append(
                    {
                        "name": JSON_TOOL,
                        "description": described or "Give your answer by calling this tool; its input is the answer.",
                        "input_schema": schema or {"type": "object"},
                    }
                )
                if len(tools) == 1:
                    choice = {"type": "tool", "name": JSON_TOOL}
                elif choice is None or choice["type"] == "auto":
                    # JSON mode forbids a plain-text answer; the caller's tools stay callable.
                    choice = {"type": "any"}
        if not tools:
            return  # tool_choice is only accepted alongside tools
        if req.parallel_tool_calls is False:
            choice = choice or {"type": "auto"}
            if choice["type"] != "none":
                choice["disable_parallel_tool_use"] = True
        body["tools"] = tools
        if choice is not None:
            body["tool_choice"] = choice

    def _tool(self, tool: Tool) -> dict[str, Any]:
        f = tool.function
        out: dict[str, Any] = {"name": f.name, "input_schema": f.parameters or {"type": "object", "properties": {}}}
        if f.description:
            out["description"] = f.description
        if self.native_structured_outputs and f.strict is not None:
            out["strict"] = f.strict
        return out

    # --- responses ---------------------------------------------------------------------

    def decode_chat(self, body: Any, model: str) -> ChatResponse:
        texts: list[str] = []
        calls: list[ToolCallOut] = []
        json_answer: str | None = None
        for block in body.get("content") or ():
            kind = block.get("type")
            if kind == "text":
                texts.append(block.get("text") or "")
            elif kind == "tool_use":
                arguments = orjson.dumps(block.get("input") or {}).decode()
                if block.get("name") == JSON_TOOL:
                    json_answer = arguments
                else:
                    calls.append(ToolCallOut(id=block["id"], name=block["name"], arguments=arguments))
        if json_answer is not None:
            content: str | None = json_answer  # the structured answer is the whole message
        else:
            content = "".join(texts) or (None if calls else "")
        reason = body.get("stop_reason")
        refusal = None
        if reason == "refusal":
            refusal = (body.get("stop_details") or {}).get("explanation")
        return ChatResponse(
            id=body.get("id") or "",
            model=body.get("model") or model,
            choices=[
                Choice(
                    content=content,
                    tool_calls=calls,
                    finish_reason=map_finish(reason, called_tools=bool(calls)),
                    refusal=refusal,
                )
            ],
            usage=decode_usage(body.get("usage")),
        )

    def stream_decoder(self, model: str) -> AnthropicStreamDecoder:
        return AnthropicStreamDecoder(model)

    # --- errors ------------------------------------------------------------------------

    def decode_error(self, status: int, body: bytes, headers: Mapping[str, str]) -> UpstreamError:
        etype, message = _error_fields(body)
        return classify_anthropic_error(status, etype, message, parse_retry_after(headers.get("retry-after")))


# --- request pieces ----------------------------------------------------------------------


def encode_messages(messages: list[Message]) -> tuple[str, list[dict[str, Any]]]:
    """The top-level ``system`` text and the alternating user/assistant turns."""
    system: list[str] = []
    turns: list[dict[str, Any]] = []
    for m in messages:
        if m.role in ("system", "developer"):
            if text := m.text():
                system.append(text)
            continue
        if m.role == "tool":
            role, blocks = "user", [_tool_result(m)]
        elif m.role == "user":
            role, blocks = "user", _content_blocks(m.content, images=True)
        else:
            role = "assistant"
            blocks = _content_blocks(m.content, images=False) + [_tool_use(tc) for tc in m.tool_calls or ()]
        if not blocks:
            continue
        if turns and turns[-1]["role"] == role:
            turns[-1]["content"].extend(blocks)
        else:
            turns.append({"role": role, "content": blocks})
    if not turns or turns[0]["role"] != "user":
        turns.insert(0, {"role": "user", "content": [{"type": "text", "text": OPENING_TURN}]})
    for turn in turns:
        blocks = turn["content"]
        if turn["role"] == "user":
            # tool_result blocks must open the user turn that answers a tool_use
            blocks.sort(key=lambda b: b["type"] != "tool_result")
        if len(blocks) == 1 and blocks[0]["type"] == "text":
            turn["content"] = blocks[0]["text"]
    return "\n\n".join(system), turns


def _content_blocks(content: str | list[ContentPart] | None, *, images: bool) -> list[dict[str, Any]]:
    if content is None:
        return []
    if isinstance(content, str):
        return [{"type": "text", "text": content}] if content else []
    out: list[dict[str, Any]] = []
    for part in content:
        if isinstance(part, TextPart):
            if part.text:
                out.append({"type": "text", "text": part.text})
        elif isinstance(part, ImagePart) and images:
            out.append(image_block(part.image_url.url))
    return out


def image_block(url: str) -> dict[str, Any]:
    if url.startswith("data:"):
        header, sep, data = url[5:].partition(",")
        media_type, *params = header.split(";")
        if not sep or "base64" not in params or not media_type:
            raise RequestError("Image data URLs must look like data:<media type>;base64,<data>", param="messages")
        return {"type": "image", "source": {"type": "base64", "media_type": media_type, "data": data}}
    if url.startswith(("https://", "http://")):
        return {"type": "image", "source": {"type": "url", "url": url}}
    raise RequestError("An image_url must be an http(s) URL or a base64 data: URL", param="messages")


def tool_id(raw: str) -> str:
    """An OpenAI tool-call id in Anthropic's id alphabet (the same on tool_use and tool_result)."""
    return _ID_FORBIDDEN.sub("_", raw) or "call"


def _tool_use(tc: ToolCall) -> dict[str, Any]:
    raw = tc.function.arguments
    try:
        args = orjson.loads(raw) if raw.strip() else {}
    except orjson.JSONDecodeError:
        raise RequestError(
            f"The arguments of tool call {tc.id!r} are not valid JSON; Anthropic needs an object", param="messages"
        ) from None
    if not isinstance(args, dict):
        raise RequestError(f"The arguments of tool call {tc.id!r} must be a JSON object", param="messages")
    return {"type": "tool_use", "id": tool_id(tc.id), "name": tc.function.name, "input": args}


def _tool_result(m: Message) -> dict[str, Any]:
    if not m.tool_call_id:
        raise RequestError("A tool message needs the tool_call_id it answers", param="messages")
    block: dict[str, Any] = {"type": "tool_result", "tool_use_id": tool_id(m.tool_call_id)}
    parts = _content_blocks(m.content, images=True)
    if any(p["type"] == "image" for p in parts):
        block["content"] = parts
    elif parts:
        block["content"] = "".join(p["text"] for p in parts)
    return block


def _tool_choice(choice: str | dict[str, Any] | None) -> dict[str, Any] | None:
    if choice is None:
        return None
    if choice == "auto":
        return {"type": "auto"}
    if choice == "required":
        return {"type": "any"}
    if choice == "none":
        return {"type": "none"}
    if isinstance(choice, dict) and choice.get("type") == "function":
        name = (choice.get("function") or {}).get("name")
        if not isinstance(name, str) or not name:
            raise RequestError("tool_choice.function.name is required", param="tool_choice")
        return {"type": "tool", "name": name}
    raise UnsupportedFeatureError(f"Anthropic cannot express tool_choice {choice!r}")


# --- answer pieces -----------------------------------------------------------------------


def map_finish(reason: str | None, *, called_tools: bool) -> FinishReason | None:
    if reason is None:
        return None
    if reason == "tool_use" and not called_tools:
        return "stop"  # only the JSON-mode tool was used: that is a finished text answer
    return _FINISH.get(reason, "stop")


def decode_usage(u: Mapping[str, Any] | None) -> Usage:
    if not u:
        return Usage()
    cache_read = int(u.get("cache_read_input_tokens") or 0)
    cache_write = int(u.get("cache_creation_input_tokens") or 0)
    details = u.get("output_tokens_details") or {}
    return Usage(
        input_tokens=int(u.get("input_tokens") or 0) + cache_read + cache_write,
        output_tokens=int(u.get("output_tokens") or 0),
        cached_input_tokens=cache_read,
        reasoning_tokens=int(details.get("thinking_tokens") or 0),
    )


def classify_anthropic_error(status: int, etype: str | None, message: str, retry_after: float | None) -> UpstreamError:
    low = message.lower()
    if etype in ("invalid_request_error", "request_too_large") or status in (400, 413):
        if any(m in low for m in _CONTEXT_MARKERS):
            return ContextWindowError(message, upstream_status=status)
        if any(m in low for m in _POLICY_MARKERS):
            return ContentPolicyError(message, upstream_status=status)
    if etype == "overloaded_error":
        return UpstreamUnavailableError(message, upstream_status=status, retry_after=retry_after)
    if etype == "billing_error":
        # the gateway's account cannot pay: not the caller's fault, another provider may serve
        return UpstreamAuthError(message, upstream_status=status)
    return error_for_status(status, message, retry_after=retry_after)


def _error_fields(body: bytes) -> tuple[str | None, str]:
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None, body.decode("utf-8", "replace")[:500] or "no body"
    err = data.get("error") if isinstance(data, dict) else None
    if isinstance(err, dict):
        etype = err.get("type")
        return (str(etype) if etype else None), str(err.get("message") or err)
    return None, str(data)[:500]


class AnthropicStreamDecoder:
    """Decodes the Messages SSE events into chunks.

    Tool calls are numbered in the order their ``tool_use`` blocks start (text and thinking blocks
    take block indexes but no tool index); id and name come on a call's first delta. The final
    usage chunk is emitted at ``message_stop``; a body that ends before it was cut.
    """

    __slots__ = ("_blocks", "_calls", "_done", "_id", "_model", "_sse", "_usage")

    #: marks the block that carries a JSON-mode answer
    _JSON_BLOCK = -1

    def __init__(self, model: str) -> None:
        self._sse = SSEParser()
        self._done = False
        self._id: str | None = None
        self._model = model
        self._usage: dict[str, Any] = {}
        #: content-block index -> tool-call index (or _JSON_BLOCK)
        self._blocks: dict[int, int] = {}
        self._calls = 0

    def feed(self, data: bytes) -> Iterator[ChatChunk]:
        for event, payload in self._sse.feed(data):
            yield from self._decode(event, payload)

    def close(self) -> Iterator[ChatChunk]:
        for event, payload in self._sse.flush():
            yield from self._decode(event, payload)
        if not self._done:
            raise StreamInterruptedError("The Anthropic stream ended before message_stop")

    def _chunk(self, delta: ChoiceDelta) -> ChatChunk:
        return ChatChunk(choices=[delta], id=self._id, model=self._model)

    def _decode(self, event: str | None, payload: str) -> Iterator[ChatChunk]:
        if not payload:
            return
        obj = orjson.loads(payload)
        kind = obj.get("type") or event
        if kind == "message_start":
            msg = obj.get("message") or {}
            self._id = msg.get("id") or self._id
            self._model = msg.get("model") or self._model
            self._usage.update(msg.get("usage") or {})
            yield self._chunk(ChoiceDelta(role="assistant", content=""))
        elif kind == "content_block_start":
            block = obj.get("content_block") or {}
            if block.get("type") == "text" and block.get("text"):
                yield self._chunk(ChoiceDelta(content=block["text"]))
            elif block.get("type") == "tool_use":
                if block.get("name") == JSON_TOOL:
                    self._blocks[obj.get("index", 0)] = self._JSON_BLOCK
                    return
                index = self._blocks[obj.get("index", 0)] = self._calls
                self._calls += 1
                call = ToolCallDelta(index=index, id=block.get("id"), name=block.get("name"), arguments="")
                yield self._chunk(ChoiceDelta(tool_calls=[call]))
        elif kind == "content_block_delta":
            yield from self._block_delta(obj.get("index", 0), obj.get("delta") or {})
        elif kind == "message_delta":
            self._usage.update({k: v for k, v in (obj.get("usage") or {}).items() if v is not None})
            reason = (obj.get("delta") or {}).get("stop_reason")
            if reason:
                finish = map_finish(reason, called_tools=self._calls > 0)
                yield self._chunk(ChoiceDelta(finish_reason=finish))
        elif kind == "message_stop":
            self._done = True
            yield ChatChunk(usage=decode_usage(self._usage), id=self._id, model=self._model)
        elif kind == "error":
            err = obj.get("error") or {}
            etype = err.get("type")
            status = _TYPE_STATUS.get(str(etype), 500)
            raise classify_anthropic_error(status, etype, str(err.get("message") or "stream error"), None)
        # ping, content_block_stop and event types added later carry nothing to forward

    def _block_delta(self, index: int, delta: Mapping[str, Any]) -> Iterator[ChatChunk]:
        kind = delta.get("type")
        if kind == "text_delta":
            if text := delta.get("text"):
                yield self._chunk(ChoiceDelta(content=text))
        elif kind == "input_json_delta":
            part = delta.get("partial_json")
            slot = self._blocks.get(index)
            if not part or slot is None:
                return  # empty opening fragment, or a server tool's input
            if slot == self._JSON_BLOCK:
                yield self._chunk(ChoiceDelta(content=part))
            else:
                yield self._chunk(ChoiceDelta(tool_calls=[ToolCallDelta(index=slot, arguments=part)]))
        # thinking_delta, signature_delta and citations_delta have no OpenAI counterpart
