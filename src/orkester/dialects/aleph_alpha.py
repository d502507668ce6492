"""Aleph Alpha's inference API (api.aleph-alpha.com, also PhariaAI on premises): chat and embeddings.

Which endpoint, and why. The API has the classic ``POST /complete`` (a prompt string or a list
of prompt items, continued by the model) and ``POST /chat/completions``. The reference (the API's
OpenAPI description, version 4.7, and the official Python and Rust clients with their recorded
cassettes) documents the chat endpoint with everything a chat gateway needs natively: a ``tool``
role, function tools with ``tool_choice``, images, ``response_format`` json_schema and
``stream_options.include_usage``. Driving ``/complete`` instead would mean re-implementing each
model's chat template and fishing tool calls out of free text, which the chat endpoint does on
the server with the model's own template. Every chat-capable model (llama-3.1-*-instruct,
pharia-1-llm-7b-control, qwen3) is served there; a model without the chat capability (the
retired luminous family) is refused with ``MISSING_CAPABILITY``. So this dialect speaks
``/chat/completions``.

It looks like OpenAI's, but differs where an OpenAI body would be refused or misread:

* one optional system message, first, and user/assistant turns that alternate: system and
  developer texts are merged into one leading system message, adjacent same-role turns joined;
* ``content`` is required on every message: ``""`` for an assistant turn that only calls tools;
* ``max_tokens`` only; ``parallel_tool_calls`` is rejected and ``user``/``seed`` are ignored,
  so none of them is sent; ``logit_bias`` and Aleph Alpha's ``steering_concepts`` pass through;
* images only as base64 ``data:`` URLs (``detail`` may only be ``auto``): an http URL is refused
  here, before anything is sent, because a dialect does no I/O to fetch it;
* ``response_format`` knows only ``json_schema``: JSON mode becomes a schema for any object;
* usage has no cached-input or reasoning counts;
* errors are ``{"error": "<message>", "code": "<CODE>"}``. Recorded codes: 400 ``PAYLOAD_ERROR``
  and ``MISSING_CAPABILITY``, 404 ``UNKNOWN_MODEL``, 429 ``TOO_MANY_TASKS``, 503 ``QUEUE_FULL``.
  A prompt over the context window is taken to be ``PROMPT_TOO_LONG``; that code is not among the
  recorded samples, so a 4xx message saying the prompt is too long, or naming the context size,
  counts too. A content-filter refusal is no error here: the completion ends with finish reason
  ``content_filter``.

Embeddings use ``POST /batch_semantic_embed`` (the native endpoint, at most 100 prompts per
call, ``compress_to_size`` 128 as the only reduction) or, for models deployed for it, the
OpenAI-shaped ``POST /embeddings``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

import orjson

from ..errors import (
    ContextWindowError,
    UnsupportedFeatureError,
    UpstreamError,
    UpstreamRateLimitError,
    UpstreamUnavailableError,
    error_for_status,
    parse_retry_after,
)
from ..types import (
    ChatChunk,
    ChatRequest,
    ChatResponse,
    Choice,
    EmbeddingRequest,
    EmbeddingResponse,
    FinishReason,
    ImagePart,
    Message,
    ToolCallOut,
    Usage,
)
from .openai_chat import OpenAIStreamDecoder, decode_usage

#: the batch endpoint takes at most this many prompts per call
SEMANTIC_EMBED_BATCH = 100

EmbeddingsAPI = Literal["semantic", "openai"]
REPRESENTATIONS = ("symmetric", "document", "query")

#: sampling fields of the ingress request that the chat endpoint takes under the same name
_SAME_NAME = ("temperature", "top_p", "frequency_penalty", "presence_penalty", "n", "logprobs", "top_logprobs")
#: undeclared ingress fields the chat endpoint documents; anything else the caller adds is dropped
_PASSTHROUGH_EXTRAS = ("logit_bias", "steering_concepts")

_FINISH: dict[str, FinishReason] = {
    "stop": "stop",
    "length": "length",
    "content_filter": "content_filter",
    "tool_calls": "tool_calls",
}
_RATE_LIMIT_CODES = {"TOO_MANY_TASKS", "TOO_MANY_REQUESTS"}
_BUSY_CODES = {"QUEUE_FULL"}
_CONTEXT_CODES = {"PROMPT_TOO_LONG"}
_CONTEXT_MESSAGE = re.compile(r"prompt\b.*\btoo long|context (window|size|length)", re.IGNORECASE)
_ANY_OBJECT_SCHEMA = {"name": "json_object", "schema": {"type": "object"}}


class AlephAlphaChatDialect:
    name = "aleph_alpha"

    # --- requests ----------------------------------------------------------------------

    def encode_chat(self, req: ChatRequest, model: str, *, stream: bool) -> dict[str, Any]:
        body: dict[str, Any] = {"model": model, "messages": encode_messages(req.messages)}
        if req.output_limit is not None:
            body["max_tokens"] = req.output_limit
        if req.stop_sequences:
            body["stop"] = req.stop_sequences
        for field in _SAME_NAME:
            value = getattr(req, field)
            if value is not None:
                body[field] = value
        if req.tools:
            body["tools"] = [t.model_dump(exclude_none=True) for t in req.tools]
        if req.tool_choice is not None:
            body["tool_choice"] = req.tool_choice
        if req.response_format is not None and req.response_format.type != "text":
            body["response_format"] = _encode_response_format(req)
        extras = req.extra_fields()
        body.update({k: extras[k] for k in _PASSTHROUGH_EXTRAS if k in extras})
        if stream:
            body["stream"] = True
            body["stream_options"] = {"include_usage": True}
        return body

    # --- responses ---------------------------------------------------------------------

    def decode_chat(self, body: Any, model: str) -> ChatResponse:
        choices = []
        for c in body["choices"]:
            msg = c.get("message") or {}
            calls = [
                ToolCallOut(id=tc["id"], name=tc["function"]["name"], arguments=tc["function"].get("arguments") or "")
                for tc in msg.get("tool_calls") or ()
            ]
            # The endpoint always sends content, "" beside tool calls; callers expect null there.
            content = msg.get("content") or None
            choices.append(
                Choice(
                    index=c.get("index", 0),
                    content=content if content is not None or calls else "",
                    tool_calls=calls,
                    finish_reason=_finish(c.get("finish_reason"), bool(calls)) or "stop",
                    logprobs=c.get("logprobs"),
                )
            )
        return ChatResponse(
            id=body.get("id") or "",
            model=body.get("model") or model,
            choices=choices,
            usage=decode_usage(body.get("usage")),
            created=int(body.get("created") or 0),
        )

    def stream_decoder(self, model: str) -> AlephAlphaStreamDecoder:
        return AlephAlphaStreamDecoder()

    # --- errors ------------------------------------------------------------------------

    def decode_error(self, status: int, body: bytes, headers: Mapping[str, str]) -> UpstreamError:
        message, code = error_fields(body)
        return classify_error(status, message, code, parse_retry_after(headers.get("retry-after")))


def encode_messages(messages: list[Message]) -> list[dict[str, Any]]:
    """The conversation as the chat endpoint accepts it: one leading system message, no
    adjacent user or assistant turns of the same role."""
    out: list[dict[str, Any]] = []
    system = "\n\n".join(t for m in messages if m.role in ("system", "developer") and (t := m.text()))
    if system:
        out.append({"role": "system", "content": system})
    for m in messages:
        if m.role in ("system", "developer"):
            continue
        encoded = _encode_message(m)
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev["role"] == encoded["role"]
            and encoded["role"] in ("user", "assistant")
            and "tool_calls" not in prev
            and "tool_calls" not in encoded
        ):
            prev["content"] = _join(prev["content"], encoded["content"])
        else:
            out.append(encoded)
    return out


def _encode_message(m: Message) -> dict[str, Any]:
    if m.role == "tool":
        return {"role": "tool", "content": m.text(), "tool_call_id": m.tool_call_id or ""}
    if m.role == "assistant":
        msg: dict[str, Any] = {"role": "assistant", "content": m.text()}
        if m.tool_calls:
            msg["tool_calls"] = [
                {
                    "id": tc.id,
                    "type": "function",
                    "function": {"name": tc.function.name, "arguments": tc.function.arguments},
                }
                for tc in m.tool_calls
            ]
        return msg
    if not isinstance(m.content, list):
        return {"role": "user", "content": m.content or ""}
    parts: list[dict[str, Any]] = []
    for p in m.content:
        if isinstance(p, ImagePart):
            parts.append(_encode_image(p))
        else:
            parts.append({"type": "text", "text": p.text})
    return {"role": "user", "content": parts}


def _encode_image(p: ImagePart) -> dict[str, Any]:
    if not p.image_url.url.startswith("data:"):
        raise UnsupportedFeatureError(
            "Aleph Alpha accepts images only as base64 data: URLs; send the image inline instead of a link",
            param="messages",
        )
    image: dict[str, Any] = {"url": p.image_url.url}
    if p.image_url.detail == "auto":
        image["detail"] = "auto"
    return {"type": "image_url", "image_url": image}


def _join(a: str | list[dict[str, Any]], b: str | list[dict[str, Any]]) -> str | list[dict[str, Any]]:
    if isinstance(a, str) and isinstance(b, str):
        return f"{a}\n\n{b}"

    def as_parts(c: str | list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{"type": "text", "text": c}] if isinstance(c, str) else c

    return as_parts(a) + as_parts(b)


def _encode_response_format(req: ChatRequest) -> dict[str, Any]:
    rf = req.response_format
    assert rf is not None
    if rf.type == "json_schema" and rf.json_schema is not None:
        spec = rf.json_schema.model_dump(exclude_none=True, by_alias=True)
        spec.setdefault("schema", {"type": "object"})
        return {"type": "json_schema", "json_schema": spec}
    # JSON mode has no switch of its own here; a schema admitting any object constrains the same way.
    return {"type": "json_schema", "json_schema": dict(_ANY_OBJECT_SCHEMA)}


def _finish(raw: str | None, has_tool_calls: bool) -> FinishReason | None:
    if raw is None:
        return None
    finish = _FINISH.get(raw, "stop")
    return "tool_calls" if finish == "stop" and has_tool_calls else finish


# --- errors ----------------------------------------------------------------------------


def error_fields(body: bytes) -> tuple[str, str | None]:
    """Message and code of an error body; proxies in front of the API may answer in plain text."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return (body.decode("utf-8", "replace")[:500] or "no body"), None
    if not isinstance(data, dict):
        return str(data)[:500], None
    code = data.get("code")
    err = data.get("error")
    if isinstance(err, dict):  # tolerated: an OpenAI-style envelope from a proxy
        code = code or err.get("code")
        err = err.get("message")
    message = str(err or data.get("message") or data)
    return message, (str(code) if code is not None else None)


def classify_error(status: int, message: str, code: str | None, retry_after: float | None) -> UpstreamError:
    if code in _CONTEXT_CODES or (400 <= status < 500 and _CONTEXT_MESSAGE.search(message)):
        return ContextWindowError(message, upstream_status=status, code=code)
    if code in _RATE_LIMIT_CODES:
        return UpstreamRateLimitError(message, upstream_status=status, retry_after=retry_after, code=code)
    if code in _BUSY_CODES:
        return UpstreamUnavailableError(message, upstream_status=status, retry_after=retry_after, code=code)
    return error_for_status(status, message, retry_after=retry_after, code=code)


# --- streaming -------------------------------------------------------------------------


class AlephAlphaStreamDecoder(OpenAIStreamDecoder):
    """``chat.completion.chunk`` events; the usage-only chunk, then ``data: [DONE]``, end a stream."""

    __slots__ = ("_tool_calls",)

    def __init__(self) -> None:
        super().__init__()
        self._tool_calls = False

    def error(self, payload: str) -> UpstreamError:
        # Not documented for streams; if the API ever sends its error object, keep its code.
        message, code = error_fields(payload.encode())
        return classify_error(502, message, code, None)

    def adjust(self, chunk: ChatChunk) -> ChatChunk:
        for d in chunk.choices:
            if d.tool_calls:
                self._tool_calls = True
            # Every chunk carries content, "" while tool calls stream: not a text piece.
            d.content = d.content or None
            d.finish_reason = _finish(d.finish_reason, self._tool_calls)
        return chunk


# --- embeddings ------------------------------------------------------------------------


class AlephAlphaEmbeddingDialect:
    """``/batch_semantic_embed`` (``api="semantic"``) or the OpenAI-shaped ``/embeddings``."""

    def __init__(self, *, api: EmbeddingsAPI = "semantic", representation: str = "symmetric") -> None:
        if representation not in REPRESENTATIONS:
            raise ValueError(f"representation must be one of {', '.join(REPRESENTATIONS)}")
        self.api = api
        self.representation = representation

    def encode_embeddings(self, req: EmbeddingRequest, model: str) -> dict[str, Any]:
        texts = req.texts
        if not isinstance(req.input, str) and len(texts) != len(req.input):
            raise UnsupportedFeatureError("Aleph Alpha embeddings take text inputs, not token arrays", param="input")
        if self.api == "openai":
            body: dict[str, Any] = {"model": model, "input": req.input, "encoding_format": "float"}
            if req.dimensions is not None:
                body["dimensions"] = req.dimensions
            return body
        if len(texts) > SEMANTIC_EMBED_BATCH:
            raise UnsupportedFeatureError(f"At most {SEMANTIC_EMBED_BATCH} inputs per batch", param="input")
        body = {"model": model, "prompts": texts, "representation": self.representation}
        if req.dimensions is not None:
            if req.dimensions != 128:
                raise UnsupportedFeatureError(
                    "Aleph Alpha semantic embeddings can only be compressed to 128 dimensions", param="dimensions"
                )
            body["compress_to_size"] = 128
        return body

    def decode_embeddings(self, body: Any, model: str) -> EmbeddingResponse:
        if self.api == "openai":
            rows = sorted(body["data"], key=lambda d: d.get("index", 0))
            used = (body.get("usage") or {}).get("prompt_tokens")
            return EmbeddingResponse(
                model=body.get("model") or model,
                vectors=[r["embedding"] for r in rows],
                usage=Usage(input_tokens=int(used or 0)),
            )
        return EmbeddingResponse(
            model=model,
            vectors=[list(v) for v in body["embeddings"]],
            usage=Usage(input_tokens=int(body.get("num_tokens_prompt_total") or 0)),
        )
