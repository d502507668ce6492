"""AWS Bedrock's Converse / ConverseStream wire format.

One request shape for every Bedrock chat model. What differs from OpenAI's chat format:

* System and developer messages go to the top-level ``system`` list; ``messages`` must
  start with a user turn and alternate user/assistant, so consecutive turns of the same
  role are merged (tool results become ``toolResult`` blocks of a *user* turn).
* Content is a list of blocks: ``text``, ``image`` (base64 ``bytes`` or ``s3Location``,
  never an http URL), ``toolUse`` (its ``input`` is a JSON object, not a string) and
  ``toolResult``. Bedrock rejects blank text blocks, so they are dropped (an empty tool
  result is sent as ``(no output)``).
* ``toolConfig`` holds ``toolSpec`` entries and ``toolChoice`` (``auto``/``any``/``tool``).
  There is no "none": the tools are withheld, but Bedrock requires a ``toolConfig``
  whenever the history holds tool blocks, so then an inert placeholder tool is offered
  and any call to it is dropped from the answer.
* JSON mode: by default (``json_mode="tool"``) ``json_object`` / ``json_schema`` are
  served the way the Bedrock tool-use guide documents for structured output: a tool
  named :data:`JSON_TOOL_NAME` whose input schema is the requested schema, forced with
  ``toolChoice.tool`` (``any`` when the caller's own tools are also on offer). Its input
  comes back as the answer's text and the call itself is hidden. ``toolChoice.tool`` is
  only honoured by some model families (Anthropic Claude, Amazon Nova, Mistral Large), so
  ``json_mode="instruction"`` instead appends a system instruction (with the schema), which
  every model accepts but none enforces.
* Streaming uses AWS event-stream binary frames (see :mod:`.aws_eventstream`), not SSE;
  errors can arrive mid-stream as ``:message-type exception`` frames.
* Errors are ``{"message": ...}`` with the error type in the ``x-amzn-ErrorType`` header.
* ``inputTokens`` excludes cache reads and writes, so the neutral input count adds them.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import unquote_to_bytes

import orjson

from ..errors import (
    ContentPolicyError,
    ContextWindowError,
    RequestError,
    StreamInterruptedError,
    UnsupportedFeatureError,
    UpstreamAuthError,
    UpstreamBadRequestError,
    UpstreamError,
    UpstreamRateLimitError,
    UpstreamServerError,
    UpstreamTimeoutError,
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
    FinishReason,
    ImagePart,
    Message,
    TextPart,
    ToolCallDelta,
    ToolCallOut,
    Usage,
)
from .aws_eventstream import EventMessage, EventStreamDecoder

JsonMode = Literal["tool", "instruction"]

#: the synthetic tool that carries a JSON-mode answer
JSON_TOOL_NAME = "orkester_json_response"
#: the inert tool offered when tools are withheld but the history holds tool blocks
NO_TOOLS_NAME = "orkester_no_tools"

_JSON_INSTRUCTION = "Answer with a single valid JSON object and nothing else: no prose, no code fences."
_EMPTY_TOOL_RESULT = "(no output)"
_IMAGE_FORMATS = {"png": "png", "jpeg": "jpeg", "jpg": "jpeg", "gif": "gif", "webp": "webp"}
#: request fields Converse takes that the OpenAI shape has no place for, passed through as given
_PASSTHROUGH = ("additionalModelRequestFields", "guardrailConfig", "performanceConfig", "requestMetadata")

_STOP_REASONS: dict[str, FinishReason] = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "max_tokens": "length",
    "model_context_window_exceeded": "length",
    "tool_use": "tool_calls",
    "guardrail_intervened": "content_filter",
    "content_filtered": "content_filter",
    "malformed_model_output": "error",
    "malformed_tool_use": "error",
}

_AUTH_ERRORS = {
    "AccessDeniedException",
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "IncompleteSignatureException",
    "MissingAuthenticationTokenException",
    "ExpiredTokenException",
}
#: how Bedrock words "the prompt does not fit" across model families
_CONTEXT_MARKERS = (
    "too long",
    "too many input tokens",
    "too many tokens",
    "context window",
    "context length",
    "context limit",
    "maximum context",
    "max input tokens",
    "input token count",
)
_POLICY_MARKERS = ("content filter", "content policy", "guardrail", "blocked by", "harmful content")
#: the HTTP status the service model gives each in-stream exception
_STREAM_EXCEPTION_STATUS = {
    "ThrottlingException": 429,
    "ModelStreamErrorException": 424,
    "ValidationException": 400,
    "InternalServerException": 500,
    "ServiceUnavailableException": 503,
}


class BedrockConverseDialect:
    name = "bedrock"

    def __init__(self, *, json_mode: JsonMode = "tool") -> None:
        self.json_mode = json_mode

    # --- requests ----------------------------------------------------------------------

    def encode_chat(self, req: ChatRequest, model: str, *, stream: bool) -> dict[str, Any]:
        """The Converse body; ``model`` and ``stream`` live in the URL, not here."""
        if req.n is not None and req.n > 1:
            raise UnsupportedFeatureError("Bedrock Converse returns one choice per request (n > 1)", param="n")
        if req.logprobs:
            raise UnsupportedFeatureError("Bedrock Converse does not return logprobs", param="logprobs")
        system, messages = encode_messages(req.messages)
        body: dict[str, Any] = {"messages": messages}
        json_tool = req.wants_json and self.json_mode == "tool"
        if req.wants_json and not json_tool:
            system.append({"text": _json_instruction(req)})
        if system:
            body["system"] = system
        inference = _inference_config(req)
        if inference:
            body["inferenceConfig"] = inference
        tool_config = _tool_config(req, messages, json_tool=json_tool)
        if tool_config is not None:
            body["toolConfig"] = tool_config
        extra = req.extra_fields()
        for key in _PASSTHROUGH:
            if isinstance(extra.get(key), dict):
                body[key] = extra[key]
        return body

    # --- responses ---------------------------------------------------------------------

    def decode_chat(self, body: Any, model: str) -> ChatResponse:
        texts: list[str] = []
        calls: list[ToolCallOut] = []
        json_answer: str | None = None
        for block in body["output"]["message"].get("content") or ():
            if "text" in block:
                texts.append(block["text"])
            elif "toolUse" in block:
                use = block["toolUse"]
                arguments = orjson.dumps(use.get("input") or {}).decode()
                if use["name"] == JSON_TOOL_NAME:
                    json_answer = arguments
                elif use["name"] != NO_TOOLS_NAME:
                    calls.append(ToolCallOut(id=use["toolUseId"], name=use["name"], arguments=arguments))
        content = json_answer if json_answer is not None and not calls else "".join(texts) or None
        choice = Choice(
            index=0,
            content=content,
            tool_calls=calls,
            finish_reason=finish_reason(body.get("stopReason"), has_calls=bool(calls)),
        )
        return ChatResponse(id="", model=model, choices=[choice], usage=decode_usage(body.get("usage")))

    def stream_decoder(self, model: str) -> BedrockStreamDecoder:
        return BedrockStreamDecoder(model)

    # --- errors ------------------------------------------------------------------------

    def decode_error(self, status: int, body: bytes, headers: Mapping[str, str]) -> UpstreamError:
        data: Any = None
        try:
            data = orjson.loads(body) if body else None
        except orjson.JSONDecodeError:
            data = None
        if not isinstance(data, dict):
            data = {}
        raw_type = _header(headers, "x-amzn-errortype") or data.get("__type") or data.get("code")
        message = data.get("message") or data.get("Message") or body.decode("utf-8", "replace")[:500] or "no body"
        retry_after = parse_retry_after(_header(headers, "retry-after"))
        return classify_error(_error_type(raw_type), str(message), status, retry_after)


# --- request pieces ----------------------------------------------------------------------


def encode_messages(msgs: list[Message]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(system blocks, alternating turns)."""
    system: list[dict[str, Any]] = []
    turns: list[dict[str, Any]] = []
    for i, m in enumerate(msgs):
        if m.role in ("system", "developer"):
            text = m.text()
            if text.strip():
                system.append({"text": text})
            continue
        if m.role == "tool":
            role, blocks = "user", [_tool_result(m, i)]
        elif m.role == "user":
            role, blocks = "user", _user_blocks(m, i)
        else:
            role, blocks = "assistant", _assistant_blocks(m, i)
        if not blocks:
            continue
        if turns and turns[-1]["role"] == role:
            turns[-1]["content"].extend(blocks)
        else:
            turns.append({"role": role, "content": blocks})
    return system, turns


def _user_blocks(m: Message, i: int) -> list[dict[str, Any]]:
    if m.content is None:
        return []
    if isinstance(m.content, str):
        return [{"text": m.content}] if m.content.strip() else []
    blocks: list[dict[str, Any]] = []
    for j, part in enumerate(m.content):
        if isinstance(part, TextPart):
            if part.text.strip():
                blocks.append({"text": part.text})
        elif isinstance(part, ImagePart):
            blocks.append({"image": image_block(part.image_url.url, f"messages[{i}].content[{j}]")})
    return blocks


def _assistant_blocks(m: Message, i: int) -> list[dict[str, Any]]:
    text = m.text()
    blocks: list[dict[str, Any]] = [{"text": text}] if text.strip() else []
    for call in m.tool_calls or ():
        blocks.append(
            {
                "toolUse": {
                    "toolUseId": call.id,
                    "name": call.function.name,
                    "input": _arguments(call.function.arguments, f"messages[{i}].tool_calls"),
                }
            }
        )
    return blocks


def _arguments(raw: str, param: str) -> Any:
    if not raw.strip():
        return {}
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise RequestError("Tool call arguments must be a JSON object for Bedrock", param=param) from None


def _tool_result(m: Message, i: int) -> dict[str, Any]:
    if not m.tool_call_id:
        raise RequestError("A tool message needs tool_call_id", param=f"messages[{i}].tool_call_id")
    text = m.text()
    return {
        "toolResult": {"toolUseId": m.tool_call_id, "content": [{"text": text if text.strip() else _EMPTY_TOOL_RESULT}]}
    }


def image_block(url: str, param: str) -> dict[str, Any]:
    """An image part as a Converse ``image`` block: data URLs inline, ``s3://`` by reference."""
    if url.startswith("data:"):
        header, sep, data = url[5:].partition(",")
        mime, _, encoding = header.partition(";")
        fmt = _IMAGE_FORMATS.get(mime.removeprefix("image/").lower()) if mime.startswith("image/") else None
        if not sep or fmt is None:
            raise UnsupportedFeatureError(
                f"Bedrock accepts png, jpeg, gif and webp images; got a data URL of type {mime or 'unknown'!r}",
                param=param,
            )
        if encoding != "base64":
            data = base64.b64encode(unquote_to_bytes(data)).decode()
        else:
            try:
                base64.b64decode(data, validate=True)
            except (binascii.Error, ValueError):
                raise RequestError("The image data URL is not valid base64", param=param) from None
        return {"format": fmt, "source": {"bytes": data}}
    if url.startswith("s3://"):
        ext = url.rsplit(".", 1)[-1].lower() if "." in url.rsplit("/", 1)[-1] else ""
        fmt = _IMAGE_FORMATS.get(ext)
        if fmt is None:
            raise UnsupportedFeatureError(
                "An s3:// image URL must end in .png, .jpeg, .jpg, .gif or .webp", param=param
            )
        return {"format": fmt, "source": {"s3Location": {"uri": url}}}
    raise UnsupportedFeatureError(
        "Bedrock Converse does not fetch images from http(s) URLs: send the image inline as a "
        "base64 data: URL (or as an s3:// URI)",
        param=param,
    )


def _inference_config(req: ChatRequest) -> dict[str, Any]:
    config: dict[str, Any] = {}
    if req.output_limit is not None:
        config["maxTokens"] = req.output_limit
    if req.temperature is not None:
        config["temperature"] = req.temperature
    if req.top_p is not None:
        config["topP"] = req.top_p
    if req.stop_sequences:
        config["stopSequences"] = req.stop_sequences
    return config


def _tool_spec(name: str, description: str | None, schema: dict[str, Any] | None) -> dict[str, Any]:
    spec: dict[str, Any] = {"name": name, "inputSchema": {"json": schema or {"type": "object", "properties": {}}}}
    if description:
        spec["description"] = description
    return {"toolSpec": spec}


def _tool_config(req: ChatRequest, turns: list[dict[str, Any]], *, json_tool: bool) -> dict[str, Any] | None:
    choice = req.tool_choice
    offered = [] if choice == "none" else list(req.tools or ())
    tools = [_tool_spec(t.function.name, t.function.description, t.function.parameters) for t in offered]
    tool_choice: dict[str, Any] | None = None
    if isinstance(choice, dict) and offered:
        tool_choice = {"tool": {"name": str((choice.get("function") or {}).get("name") or "")}}
    elif choice == "required" and offered:
        tool_choice = {"any": {}}
    elif choice == "auto" and offered:
        tool_choice = {"auto": {}}
    if json_tool:
        spec = req.response_format.json_schema if req.response_format else None
        description = "Give your final answer as this tool's input."
        if spec is not None and spec.description:
            description = f"{description} {spec.description}"
        schema = (spec.schema_ if spec is not None else None) or {"type": "object"}
        tools.append(_tool_spec(JSON_TOOL_NAME, description, schema))
        if tool_choice is None or "auto" in tool_choice:
            # With the caller's tools on offer the model must either call one or answer.
            tool_choice = {"any": {}} if offered else {"tool": {"name": JSON_TOOL_NAME}}
    if not tools:
        if not _has_tool_blocks(turns):
            return None
        tools = [_tool_spec(NO_TOOLS_NAME, "Not available. Never call this tool.", None)]
    config: dict[str, Any] = {"tools": tools}
    if tool_choice is not None:
        config["toolChoice"] = tool_choice
    return config


def _has_tool_blocks(turns: list[dict[str, Any]]) -> bool:
    return any("toolUse" in b or "toolResult" in b for t in turns for b in t["content"])


def _json_instruction(req: ChatRequest) -> str:
    spec = req.response_format.json_schema if req.response_format else None
    if spec is None or spec.schema_ is None:
        return _JSON_INSTRUCTION
    return f"{_JSON_INSTRUCTION} It must validate against this JSON schema: {orjson.dumps(spec.schema_).decode()}"


# --- response pieces ---------------------------------------------------------------------


def finish_reason(stop_reason: str | None, *, has_calls: bool) -> FinishReason | None:
    if stop_reason is None:
        return None
    if stop_reason == "tool_use" and not has_calls:
        return "stop"  # only the hidden JSON-mode or placeholder tool was used
    return _STOP_REASONS.get(stop_reason, "stop")


def decode_usage(u: Mapping[str, Any] | None) -> Usage:
    if not u:
        return Usage()
    read = int(u.get("cacheReadInputTokens") or 0)
    write = int(u.get("cacheWriteInputTokens") or 0)
    return Usage(
        input_tokens=int(u.get("inputTokens") or 0) + read + write,
        output_tokens=int(u.get("outputTokens") or 0),
        cached_input_tokens=read,
    )


# --- errors ------------------------------------------------------------------------------


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        value = next((v for k, v in headers.items() if k.lower() == name), None)
    return value


def _error_type(raw: Any) -> str | None:
    """``ValidationException:http://internal.amazon.com/...`` or ``com.amazon...#ValidationException``."""
    if not isinstance(raw, str) or not raw:
        return None
    name = raw.split(":", 1)[0].rsplit("#", 1)[-1].strip()
    return name[:1].upper() + name[1:] if name else None


def classify_error(kind: str | None, message: str, status: int, retry_after: float | None = None) -> UpstreamError:
    """The error class for a Bedrock error type (``None`` when unknown) and its HTTP status."""
    text = f"{kind}: {message}" if kind else message
    lowered = message.lower()
    if kind == "ValidationException" or (kind is None and status in (400, 413)):
        if any(m in lowered for m in _CONTEXT_MARKERS) or status == 413:
            return ContextWindowError(text, upstream_status=status)
        if any(m in lowered for m in _POLICY_MARKERS):
            return ContentPolicyError(text, upstream_status=status)
        return UpstreamBadRequestError(text, upstream_status=status)
    cls: type[UpstreamError]
    if kind in ("ThrottlingException", "ServiceQuotaExceededException"):
        cls = UpstreamRateLimitError
    elif kind in _AUTH_ERRORS:
        cls = UpstreamAuthError
    elif kind in ("ModelNotReadyException", "ServiceUnavailableException"):
        cls = UpstreamUnavailableError
    elif kind == "ModelTimeoutException":
        cls = UpstreamTimeoutError
    elif kind in ("InternalServerException", "ModelErrorException", "ModelStreamErrorException"):
        cls = UpstreamServerError
    elif kind == "ResourceNotFoundException":
        # The deployment's model id is wrong or not enabled here: another candidate may work.
        cls = UpstreamError
    else:
        return error_for_status(status, text, retry_after=retry_after)
    return cls(text, upstream_status=status, retry_after=retry_after)


# --- streaming ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Block:
    kind: Literal["tool", "json", "hidden"]
    tool_index: int = 0


class BedrockStreamDecoder:
    """ConverseStream event frames → chunks. ``messageStop`` is the end marker."""

    __slots__ = ("_blocks", "_frames", "_model", "_stopped", "_tools")

    def __init__(self, model: str) -> None:
        self._frames = EventStreamDecoder()
        self._model = model
        self._blocks: dict[int, _Block] = {}
        self._tools = 0
        self._stopped = False

    def feed(self, data: bytes) -> Iterator[ChatChunk]:
        for message in self._frames.feed(data):
            chunk = self._decode(message)
            if chunk is not None:
                yield chunk

    def close(self) -> Iterator[ChatChunk]:
        self._frames.close()
        if not self._stopped:
            raise StreamInterruptedError("The Bedrock stream ended without its messageStop event")
        yield from ()

    def _decode(self, message: EventMessage) -> ChatChunk | None:
        kind = message.message_type
        if kind == "exception":
            exc = _error_type(message.header(":exception-type")) or "InternalServerException"
            payload = _json(message.payload) if message.payload else {}
            text = str(payload.get("message") or payload.get("originalMessage") or "in-stream exception")
            raise classify_error(exc, text, _STREAM_EXCEPTION_STATUS.get(exc, 500))
        if kind == "error":
            code = message.header(":error-code") or "InternalServerException"
            raise classify_error(_error_type(code), message.header(":error-message") or "in-stream error", 500)
        event = message.event_type
        if event not in (
            "messageStart",
            "contentBlockStart",
            "contentBlockDelta",
            "contentBlockStop",
            "messageStop",
            "metadata",
        ):
            return None  # an event type added after this was written
        body = _json(message.payload)
        if event == "messageStart":
            return self._chunk(ChoiceDelta(role="assistant"))
        if event == "contentBlockStart":
            return self._block_start(body)
        if event == "contentBlockDelta":
            return self._block_delta(body)
        if event == "messageStop":
            self._stopped = True
            finish = finish_reason(body.get("stopReason") or "end_turn", has_calls=self._tools > 0)
            return self._chunk(ChoiceDelta(finish_reason=finish))
        if event == "metadata":
            return ChatChunk(usage=decode_usage(body.get("usage")), model=self._model)
        return None  # contentBlockStop: nothing to say

    def _block_start(self, body: dict[str, Any]) -> ChatChunk | None:
        use = (body.get("start") or {}).get("toolUse")
        if not use:
            return None
        index = int(body.get("contentBlockIndex") or 0)
        if use["name"] == JSON_TOOL_NAME:
            self._blocks[index] = _Block("json")
            return None
        if use["name"] == NO_TOOLS_NAME:
            self._blocks[index] = _Block("hidden")
            return None
        block = self._blocks[index] = _Block("tool", self._tools)
        self._tools += 1
        call = ToolCallDelta(index=block.tool_index, id=use["toolUseId"], name=use["name"], arguments="")
        return self._chunk(ChoiceDelta(tool_calls=[call]))

    def _block_delta(self, body: dict[str, Any]) -> ChatChunk | None:
        delta = body.get("delta") or {}
        if "text" in delta:
            return self._chunk(ChoiceDelta(content=delta["text"])) if delta["text"] else None
        if "toolUse" not in delta:
            return None  # reasoning, citations: no place in the neutral chunk
        index = int(body.get("contentBlockIndex") or 0)
        block = self._blocks.get(index)
        if block is None:
            raise UpstreamServerError(f"Bedrock sent toolUse input for block {index} before its contentBlockStart")
        piece = str(delta["toolUse"].get("input") or "")
        if block.kind == "hidden" or not piece:
            return None
        if block.kind == "json":
            return self._chunk(ChoiceDelta(content=piece))
        return self._chunk(ChoiceDelta(tool_calls=[ToolCallDelta(index=block.tool_index, arguments=piece)]))

    def _chunk(self, delta: ChoiceDelta) -> ChatChunk:
        return ChatChunk(choices=[delta], model=self._model)


def _json(payload: bytes) -> dict[str, Any]:
    try:
        data = orjson.loads(payload)
    except orjson.JSONDecodeError:
        raise UpstreamServerError(f"Bedrock sent an event that is not JSON: {payload[:200]!r}") from None
    if not isinstance(data, dict):
        raise UpstreamServerError(f"Bedrock sent an event that is not a JSON object: {payload[:200]!r}")
    return data
