"""Anthropic's Messages API as an ingress: what a caller using the ``anthropic`` SDK sends to
``POST /v1/messages``, turned into the neutral :class:`~orkester.types.ChatRequest`, and the neutral
answer turned back into a ``message`` object or the Messages SSE events. The opposite direction of
:mod:`.anthropic_messages` (which speaks to Anthropic as an upstream); any provider can answer.

Requests (validated here, so a bad body gets a 400 naming the field):

* ``system`` (a string or text blocks, joined with a blank line) becomes the first, ``system``, message.
* User turns: ``text`` and ``image`` blocks become content parts (a base64 source becomes a ``data:``
  URL); each ``tool_result`` block becomes a ``tool`` message placed before the turn's other content
  (OpenAI wants tool answers right after the call). Images inside a tool result move to the user
  message that follows, since a ``tool`` message carries text only; ``is_error`` prefixes ``Error: ``.
* Assistant turns: text blocks are joined into the content, ``tool_use`` blocks become ``tool_calls``
  with ``input`` serialised as the arguments; ``thinking`` blocks are dropped. A last assistant turn
  (Anthropic's "prefill") is passed on as it stands; an empty one is left out.
* ``max_tokens`` is required (as on Anthropic) and becomes ``max_completion_tokens``; ``temperature``
  (0..1), ``top_p`` and ``stop_sequences`` map one to one; ``top_k`` has no OpenAI counterpart and is
  dropped; ``metadata.user_id`` becomes ``user``, other string metadata keys become Orkester controls
  (``task``, ``data_class``...), as ``metadata`` does on chat completions.
* Structured outputs (``output_config.format``, a JSON schema) become ``response_format`` json_schema
  (named ``output``): the answer is the JSON text. ``output_config.effort`` is not forwarded.
* ``tools`` (custom tools: name, description, ``input_schema``) become functions; Anthropic's server
  tools (web search, code execution...) run inside Anthropic and are refused. ``tool_choice``: auto →
  auto, any → required, tool → the named function, none → none; ``disable_parallel_tool_use`` →
  ``parallel_tool_calls: false``.
* Fields this module does not know (``thinking``, ``service_tier``, ``cache_control``...) are accepted
  and not forwarded: the answering provider may not speak Anthropic.

Answers: stop → ``end_turn``, length → ``max_tokens``, tool_calls → ``tool_use``, content_filter →
``refusal``. ``stop_sequence`` is never reported: the neutral answer does not say whether a stop
sequence ended it (OpenAI's ``stop`` does not either). Usage: ``input_tokens`` excludes the cached part,
which is ``cache_read_input_tokens``; ``cache_creation_input_tokens`` is 0 (not tracked).

Streams: see :class:`MessageStreamEncoder`; errors: Anthropic's types for Orkester's HTTP statuses.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field

from ..errors import OrkesterError, RequestError, UnsupportedFeatureError
from ..types import ChatChunk, ChatRequest, ChatResponse, ChoiceDelta, FinishReason, ToolCallDelta, Usage

# --- the request, as the Messages API defines it ------------------------------------------


class _Wire(BaseModel):
    # Unknown fields are accepted and ignored: new API fields must not break old gateways.
    model_config = ConfigDict(extra="allow")


class TextBlock(_Wire):
    type: Literal["text"]
    text: str


class ImageSource(_Wire):
    type: Literal["base64", "url"]
    media_type: str | None = None
    data: str | None = None
    url: str | None = None


class ImageBlock(_Wire):
    type: Literal["image"]
    source: ImageSource


class ToolUseBlock(_Wire):
    type: Literal["tool_use"]
    id: str
    name: str
    input: dict[str, Any]


ResultPart = Annotated[TextBlock | ImageBlock, Field(discriminator="type")]


class ToolResultBlock(_Wire):
    type: Literal["tool_result"]
    tool_use_id: str
    content: str | list[ResultPart] | None = None
    is_error: bool | None = None


class ThinkingBlock(_Wire):
    type: Literal["thinking", "redacted_thinking"]


Block = Annotated[TextBlock | ImageBlock | ToolUseBlock | ToolResultBlock | ThinkingBlock, Field(discriminator="type")]


class InputMessage(_Wire):
    role: Literal["user", "assistant"]
    content: str | list[Block]


class ToolDef(_Wire):
    name: str
    description: str | None = None
    input_schema: dict[str, Any] | None = None
    type: str | None = None


class ToolChoice(_Wire):
    type: Literal["auto", "any", "tool", "none"]
    name: str | None = None
    disable_parallel_tool_use: bool | None = None


class Metadata(_Wire):
    user_id: str | None = None


class OutputFormat(_Wire):
    type: Literal["json_schema"]
    schema_: dict[str, Any] = Field(alias="schema")


class OutputConfig(_Wire):
    format: OutputFormat | None = None


class CountTokensRequest(_Wire):
    """The body of ``POST /v1/messages/count_tokens``: a message request without generation settings."""

    model: str
    messages: Annotated[list[InputMessage], Field(min_length=1)]
    system: str | list[TextBlock] | None = None
    tools: list[ToolDef] | None = None
    tool_choice: ToolChoice | None = None


class MessagesRequest(CountTokensRequest):
    """The body of ``POST /v1/messages``."""

    max_tokens: Annotated[int, Field(ge=1)]
    temperature: Annotated[float, Field(ge=0, le=1)] | None = None
    top_p: Annotated[float, Field(ge=0, le=1)] | None = None
    top_k: Annotated[int, Field(ge=0)] | None = None
    stop_sequences: list[str] | None = None
    stream: bool = False
    metadata: Metadata | None = None
    output_config: OutputConfig | None = None


def parse_messages(body: bytes) -> ChatRequest:
    """A ``/v1/messages`` body as the neutral request (raises pydantic's ValidationError or RequestError)."""
    return to_chat_request(MessagesRequest.model_validate_json(body))


def parse_count_tokens(body: bytes) -> ChatRequest:
    return to_chat_request(CountTokensRequest.model_validate_json(body))


# --- request translation ------------------------------------------------------------------


def to_chat_request(req: CountTokensRequest) -> ChatRequest:
    messages: list[dict[str, Any]] = []
    system = req.system if isinstance(req.system, str) else "\n\n".join(b.text for b in req.system or ())
    if system:
        messages.append({"role": "system", "content": system})
    last = len(req.messages) - 1
    for i, m in enumerate(req.messages):
        if m.role == "user":
            messages.extend(_user_turn(m.content, i))
        elif (turn := _assistant_turn(m.content)) is not None:
            messages.append(turn)
        elif i != last:
            raise RequestError(f"messages.{i}: an assistant turn needs content", param=f"messages.{i}.content")
    out: dict[str, Any] = {"model": req.model, "messages": messages}
    if req.tools:
        out["tools"] = [_tool(t, k) for k, t in enumerate(req.tools)]
        if req.tool_choice is not None:
            out.update(_tool_choice(req.tool_choice))
    if isinstance(req, MessagesRequest):
        # max_completion_tokens: OpenAI's reasoning models refuse max_tokens (the dialect falls back for
        # servers that only know max_tokens); every other dialect reads either.
        out["max_completion_tokens"] = req.max_tokens
        if req.temperature is not None:
            out["temperature"] = req.temperature
        if req.top_p is not None:
            out["top_p"] = req.top_p
        if req.stop_sequences:
            out["stop"] = req.stop_sequences
        if req.output_config is not None and req.output_config.format is not None:
            schema = req.output_config.format.schema_
            out["response_format"] = {"type": "json_schema", "json_schema": {"name": "output", "schema": schema}}
        if req.stream:
            # The Anthropic client always gets usage (message_delta), whatever the provider.
            out["stream"] = True
            out["stream_options"] = {"include_usage": True}
        if req.metadata is not None:
            if req.metadata.user_id:
                out["user"] = req.metadata.user_id
            controls = {k: v for k, v in (req.metadata.model_extra or {}).items() if isinstance(v, str)}
            if controls:
                out["metadata"] = controls
    return ChatRequest.model_validate(out)


def _user_turn(content: str | list[Block], i: int) -> list[dict[str, Any]]:
    if isinstance(content, str):
        return [{"role": "user", "content": content}]
    if not content:
        raise RequestError(f"messages.{i}: a user turn needs at least one content block", param=f"messages.{i}")
    results: list[dict[str, Any]] = []
    parts: list[dict[str, Any]] = []
    for j, b in enumerate(content):
        where = f"messages.{i}.content.{j}"
        if isinstance(b, TextBlock):
            parts.append({"type": "text", "text": b.text})
        elif isinstance(b, ImageBlock):
            parts.append(_image_part(b, where))
        elif isinstance(b, ToolResultBlock):
            text, images = _tool_result(b, where)
            results.append({"role": "tool", "tool_call_id": b.tool_use_id, "content": text})
            parts[:0] = images  # the result's images open the user message that follows
        elif isinstance(b, ToolUseBlock):
            raise RequestError(f"{where}: tool_use blocks belong in assistant turns", param=where)
        # thinking blocks in a user turn carry nothing to send
    if not parts:
        return results
    if len(parts) == 1 and parts[0]["type"] == "text":
        return [*results, {"role": "user", "content": parts[0]["text"]}]
    return [*results, {"role": "user", "content": parts}]


def _assistant_turn(content: str | list[Block]) -> dict[str, Any] | None:
    if isinstance(content, str):
        return {"role": "assistant", "content": content} if content else None
    texts: list[str] = []
    calls: list[dict[str, Any]] = []
    for b in content:
        if isinstance(b, TextBlock):
            texts.append(b.text)
        elif isinstance(b, ToolUseBlock):
            arguments = orjson.dumps(b.input).decode()
            calls.append({"id": b.id, "type": "function", "function": {"name": b.name, "arguments": arguments}})
        elif isinstance(b, ImageBlock | ToolResultBlock):
            raise RequestError(f"assistant turns cannot carry {b.type} blocks", param="messages")
    text = "".join(texts)
    if not text and not calls:
        return None
    turn: dict[str, Any] = {"role": "assistant", "content": text or None}
    if calls:
        turn["tool_calls"] = calls
    return turn


def _image_part(b: ImageBlock, where: str) -> dict[str, Any]:
    src = b.source
    if src.type == "base64":
        if not src.media_type or not src.data:
            raise RequestError(f"{where}.source: a base64 image needs media_type and data", param=where)
        url = f"data:{src.media_type};base64,{src.data}"
    else:
        if not src.url:
            raise RequestError(f"{where}.source: a url image needs its url", param=where)
        url = src.url
    return {"type": "image_url", "image_url": {"url": url}}


def _tool_result(b: ToolResultBlock, where: str) -> tuple[str, list[dict[str, Any]]]:
    if b.content is None or isinstance(b.content, str):
        text, images = b.content or "", []
    else:
        text = "".join(p.text for p in b.content if isinstance(p, TextBlock))
        images = [_image_part(p, where) for p in b.content if isinstance(p, ImageBlock)]
    if b.is_error:
        text = f"Error: {text}"
    return text, images


def _tool(t: ToolDef, k: int) -> dict[str, Any]:
    if t.type not in (None, "custom"):
        raise UnsupportedFeatureError(
            f"tools.{k}: {t.type!r} is an Anthropic server tool, run inside Anthropic's API; "
            "Orkester offers custom tools (name, description, input_schema) only",
            param=f"tools.{k}",
        )
    if t.input_schema is None:
        raise RequestError(f"tools.{k}.input_schema: Field required", param=f"tools.{k}.input_schema")
    fn: dict[str, Any] = {"name": t.name, "parameters": t.input_schema}
    if t.description:
        fn["description"] = t.description
    return {"type": "function", "function": fn}


def _tool_choice(c: ToolChoice) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if c.type == "tool":
        if not c.name:
            raise RequestError("tool_choice.name is required when tool_choice.type is 'tool'", param="tool_choice")
        out["tool_choice"] = {"type": "function", "function": {"name": c.name}}
    else:
        out["tool_choice"] = {"auto": "auto", "any": "required", "none": "none"}[c.type]
    if c.disable_parallel_tool_use and c.type != "none":
        out["parallel_tool_calls"] = False
    return out


# --- answers ------------------------------------------------------------------------------

_STOP: dict[str, str] = {
    "stop": "end_turn",
    "length": "max_tokens",
    "tool_calls": "tool_use",
    "content_filter": "refusal",
    "error": "end_turn",
}


def stop_reason(finish: FinishReason | None, *, called_tools: bool = False) -> str:
    if called_tools and finish in (None, "stop", "tool_calls"):
        return "tool_use"  # some providers say "stop" after a tool call
    return _STOP.get(finish or "stop", "end_turn")


def usage(u: Usage) -> dict[str, int]:
    cached = min(u.cached_input_tokens, u.input_tokens)
    return {
        "input_tokens": u.input_tokens - cached,
        "output_tokens": u.output_tokens,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": cached,
    }


def tool_input(arguments: str) -> dict[str, Any]:
    """A tool call's arguments as the ``input`` object (a model's malformed JSON is kept under ``_raw``)."""
    if not arguments.strip():
        return {}
    try:
        parsed = orjson.loads(arguments)
    except orjson.JSONDecodeError:
        return {"_raw": arguments}
    return parsed if isinstance(parsed, dict) else {"_raw": arguments}


def to_message(resp: ChatResponse, message_id: str) -> dict[str, Any]:
    """The neutral answer as an Anthropic ``message`` object (first choice: the API has one)."""
    content: list[dict[str, Any]] = []
    finish: FinishReason | None = "stop"
    called = False
    if resp.choices:
        c = resp.choices[0]
        finish = c.finish_reason
        text = c.content or c.refusal
        if text:
            content.append({"type": "text", "text": text})
        for t in c.tool_calls:
            content.append({"type": "tool_use", "id": t.id, "name": t.name, "input": tool_input(t.arguments)})
        called = bool(c.tool_calls)
    return {
        "id": message_id,
        "type": "message",
        "role": "assistant",
        "model": resp.model,
        "content": content,
        "stop_reason": stop_reason(finish, called_tools=called),
        "stop_sequence": None,
        "usage": usage(resp.usage),
    }


# --- errors -------------------------------------------------------------------------------

#: HTTP status → the error type Anthropic documents for it (others: api_error, or invalid_request_error for 4xx)
_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    503: "overloaded_error",
    504: "timeout_error",
    529: "overloaded_error",
}


def error_type(status: int) -> str:
    return _ERROR_TYPES.get(status) or ("invalid_request_error" if 400 <= status < 500 else "api_error")


def error_body(err: OrkesterError, request_id: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"type": "error", "error": {"type": error_type(err.status), "message": err.message}}
    if request_id:
        body["request_id"] = request_id
    return body


# --- streams ------------------------------------------------------------------------------


def sse(event: str, data: dict[str, Any]) -> bytes:
    """One Messages SSE event: the SDK reads the ``event:`` line, the data repeats it as ``type``."""
    return b"event: " + event.encode() + b"\ndata: " + orjson.dumps({"type": event, **data}) + b"\n\n"


class MessageStreamEncoder:
    """Neutral stream chunks → Messages SSE events, for the first choice: ``message_start`` (usage 0/0:
    the counts arrive at the end), then per block ``content_block_start`` → ``content_block_delta``
    (``text_delta`` / ``input_json_delta``) → ``content_block_stop``, then ``message_delta`` with the
    stop reason and the final usage (input tokens included: the API's usage there is cumulative), then
    ``message_stop``. An error after the start is an ``error`` event.

    A block is opened when its first piece arrives and closed when another block opens or the stream
    ends, so text and each tool call get consecutive block indexes. ``message_delta`` and
    ``message_stop`` come from :meth:`finish`, after the last chunk: the usage arrives after the finish
    reason, and a pseudonymised stream releases held-back text with the finish reason.
    """

    __slots__ = ("_blocks", "_called", "_count", "_finish", "_id", "_model", "_open", "_usage")

    def __init__(self, message_id: str, model: str) -> None:
        self._id = message_id
        self._model = model
        #: the open block's index, or None; how many blocks were opened
        self._open: int | None = None
        self._count = 0
        #: tool-call index → its block index
        self._blocks: dict[int, int] = {}
        self._called = False
        self._finish: FinishReason | None = None
        self._usage = Usage()

    def start(self) -> bytes:
        message: dict[str, Any] = {
            "id": self._id,
            "type": "message",
            "role": "assistant",
            "model": self._model,
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": usage(Usage()),
        }
        return sse("message_start", {"message": message})

    def encode(self, chunk: ChatChunk) -> bytes:
        if chunk.usage is not None:
            self._usage = chunk.usage
        out: list[bytes] = []
        for d in chunk.choices:
            if d.index == 0:
                self._delta(d, out)
        return b"".join(out)

    def finish(self) -> bytes:
        out: list[bytes] = []
        self._close(out)
        delta = {"stop_reason": stop_reason(self._finish, called_tools=self._called), "stop_sequence": None}
        out.append(sse("message_delta", {"delta": delta, "usage": usage(self._usage)}))
        out.append(sse("message_stop", {}))
        return b"".join(out)

    @staticmethod
    def error(err: OrkesterError) -> bytes:
        return sse("error", {"error": error_body(err)["error"]})

    def _delta(self, d: ChoiceDelta, out: list[bytes]) -> None:
        if d.content:
            if self._open is None or self._open in self._blocks.values():
                self._begin({"type": "text", "text": ""}, out)
            text = {"type": "text_delta", "text": d.content}
            out.append(sse("content_block_delta", {"index": self._open, "delta": text}))
        for t in d.tool_calls or ():
            self._tool_delta(t, out)
        if d.finish_reason is not None:
            self._finish = d.finish_reason

    def _tool_delta(self, t: ToolCallDelta, out: list[bytes]) -> None:
        index = self._blocks.get(t.index)
        if index is None:
            self._called = True
            block = {"type": "tool_use", "id": t.id or f"toolu_{t.index}", "name": t.name or "", "input": {}}
            index = self._blocks[t.index] = self._begin(block, out)
        if t.arguments:
            # A late piece of an earlier call (never seen from real vendors) keeps that call's index.
            part = {"type": "input_json_delta", "partial_json": t.arguments}
            out.append(sse("content_block_delta", {"index": index, "delta": part}))

    def _begin(self, block: dict[str, Any], out: list[bytes]) -> int:
        self._close(out)
        index = self._open = self._count
        self._count += 1
        out.append(sse("content_block_start", {"index": index, "content_block": block}))
        return index

    def _close(self, out: list[bytes]) -> None:
        if self._open is not None:
            out.append(sse("content_block_stop", {"index": self._open}))
            self._open = None
