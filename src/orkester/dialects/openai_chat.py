"""OpenAI Chat Completions and Embeddings wire format.

Served by OpenAI itself, Azure OpenAI, Mistral, vLLM, Ollama's /v1 and every vendor that
copies the API. Since the ingress speaks this format too, encoding is close to identity:
the caller's fields (including ones Orkester does not model) are passed through, minus
Orkester's own controls.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import orjson

from ..errors import (
    ContentPolicyError,
    ContextWindowError,
    StreamInterruptedError,
    UpstreamError,
    error_for_status,
    parse_retry_after,
)
from ..types import (
    ChatChunk,
    ChatRequest,
    ChatResponse,
    Choice,
    ChoiceDelta,
    EmbeddingRequest,
    EmbeddingResponse,
    ToolCallDelta,
    ToolCallOut,
    Usage,
)
from .base import SSEParser

#: fields of the ingress request that are Orkester's, never the upstream's
_GATEWAY_FIELDS = {"metadata", "model", "stream", "stream_options"}

_CONTEXT_CODES = {"context_length_exceeded", "string_above_max_length"}
_POLICY_CODES = {"content_filter", "content_policy_violation", "ResponsibleAIPolicyViolation"}


def decode_usage(u: Mapping[str, Any] | None) -> Usage:
    if not u:
        return Usage()
    prompt_details = u.get("prompt_tokens_details") or {}
    completion_details = u.get("completion_tokens_details") or {}
    return Usage(
        input_tokens=int(u.get("prompt_tokens") or 0),
        output_tokens=int(u.get("completion_tokens") or 0),
        cached_input_tokens=int(prompt_details.get("cached_tokens") or 0),
        reasoning_tokens=int(completion_details.get("reasoning_tokens") or 0),
    )


class OpenAIChatDialect:
    name = "openai"

    def __init__(self, *, stream_usage_option: bool = True, send_max_completion_tokens: bool = True) -> None:
        # Some OpenAI-compatible servers reject stream_options or max_completion_tokens.
        self.stream_usage_option = stream_usage_option
        self.send_max_completion_tokens = send_max_completion_tokens

    # --- requests ----------------------------------------------------------------------

    def encode_chat(self, req: ChatRequest, model: str, *, stream: bool) -> dict[str, Any]:
        body = req.model_dump(exclude_none=True, by_alias=True, exclude=_GATEWAY_FIELDS)
        body["model"] = model
        if not self.send_max_completion_tokens and "max_completion_tokens" in body:
            body["max_tokens"] = body.pop("max_completion_tokens")
        if stream:
            body["stream"] = True
            if self.stream_usage_option:
                body["stream_options"] = {"include_usage": True}
        return body

    def encode_embeddings(self, req: EmbeddingRequest, model: str) -> dict[str, Any]:
        body = req.model_dump(exclude_none=True)
        body["model"] = model
        body["encoding_format"] = "float"
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
            choices.append(
                Choice(
                    index=c.get("index", 0),
                    content=msg.get("content"),
                    tool_calls=calls,
                    finish_reason=c.get("finish_reason"),
                    logprobs=c.get("logprobs"),
                    refusal=msg.get("refusal"),
                )
            )
        return ChatResponse(
            id=body.get("id") or "",
            model=body.get("model") or model,
            choices=choices,
            usage=decode_usage(body.get("usage")),
            created=int(body.get("created") or 0),
        )

    def decode_embeddings(self, body: Any, model: str) -> EmbeddingResponse:
        rows = sorted(body["data"], key=lambda d: d.get("index", 0))
        u = body.get("usage") or {}
        return EmbeddingResponse(
            model=body.get("model") or model,
            vectors=[r["embedding"] for r in rows],
            usage=Usage(input_tokens=int(u.get("prompt_tokens") or 0)),
        )

    def stream_decoder(self, model: str) -> OpenAIStreamDecoder:
        return OpenAIStreamDecoder()

    # --- errors ------------------------------------------------------------------------

    def decode_error(self, status: int, body: bytes, headers: Mapping[str, str]) -> UpstreamError:
        message, code, etype = _error_fields(body)
        retry_after = parse_retry_after(headers.get("retry-after"))
        if retry_after is None and headers.get("retry-after-ms"):
            ms = parse_retry_after(headers.get("retry-after-ms"))
            retry_after = None if ms is None else ms / 1000
        return classify_openai_error(status, message, code, etype, retry_after)


def classify_openai_error(
    status: int, message: str, code: str | None, etype: str | None, retry_after: float | None
) -> UpstreamError:
    if code in _CONTEXT_CODES or "maximum context length" in message:
        return ContextWindowError(message, upstream_status=status, code=code)
    if code in _POLICY_CODES or etype == "content_filter":
        return ContentPolicyError(message, upstream_status=status, code=code)
    return error_for_status(status, message, retry_after=retry_after, code=code)


def _error_fields(body: bytes) -> tuple[str, str | None, str | None]:
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return (body.decode("utf-8", "replace")[:500] or "no body"), None, None
    err = data.get("error") if isinstance(data, dict) else None
    if isinstance(err, dict):
        code = err.get("code")
        return str(err.get("message") or err), (str(code) if code is not None else None), err.get("type")
    if isinstance(err, str):
        return err, None, None
    if isinstance(data, dict) and "message" in data:
        return str(data["message"]), None, None
    return str(data)[:500], None, None


def decode_chunk(obj: Mapping[str, Any]) -> ChatChunk:
    """One ``chat.completion.chunk`` object as a neutral chunk (shared by every OpenAI-shaped stream)."""
    deltas = []
    for c in obj.get("choices") or ():
        d = c.get("delta") or {}
        calls = None
        if d.get("tool_calls"):
            calls = [
                ToolCallDelta(
                    index=tc.get("index", 0),
                    id=tc.get("id"),
                    name=(tc.get("function") or {}).get("name"),
                    arguments=(tc.get("function") or {}).get("arguments"),
                )
                for tc in d["tool_calls"]
            ]
        deltas.append(
            ChoiceDelta(
                index=c.get("index", 0),
                role=d.get("role"),
                content=d.get("content"),
                tool_calls=calls,
                finish_reason=c.get("finish_reason"),
                logprobs=c.get("logprobs"),
            )
        )
    usage = decode_usage(obj["usage"]) if obj.get("usage") else None
    return ChatChunk(choices=deltas, usage=usage, id=obj.get("id"), model=obj.get("model"))


class OpenAIStreamDecoder:
    """SSE events of ``chat.completion.chunk`` objects ending in ``data: [DONE]``.

    Vendors that copy the format with quirks subclass it: ``error`` turns an in-stream error
    object into the right exception, ``adjust`` fixes up each chunk.
    """

    __slots__ = ("_done", "_sse")

    def __init__(self) -> None:
        self._sse = SSEParser()
        self._done = False

    def feed(self, data: bytes) -> Iterator[ChatChunk]:
        for _event, payload in self._sse.feed(data):
            chunk = self._decode(payload)
            if chunk is not None:
                yield chunk

    def close(self) -> Iterator[ChatChunk]:
        for _event, payload in self._sse.flush():
            chunk = self._decode(payload)
            if chunk is not None:
                yield chunk
        if not self._done:
            raise StreamInterruptedError("The upstream stream ended without its [DONE] marker")

    def error(self, payload: str) -> UpstreamError:
        message, code, etype = _error_fields(payload.encode())
        return classify_openai_error(502, message, code, etype, None)

    def adjust(self, chunk: ChatChunk) -> ChatChunk:
        return chunk

    def _decode(self, payload: str) -> ChatChunk | None:
        payload = payload.strip()
        if payload == "[DONE]":
            self._done = True
            return None
        if not payload:
            return None
        obj = orjson.loads(payload)
        if "error" in obj and "choices" not in obj:
            raise self.error(payload)
        return self.adjust(decode_chunk(obj))
