"""Google Gemini API (``generativelanguage`` v1beta) wire format.

Owns the translation for ``models/{model}:generateContent``, ``:streamGenerateContent?alt=sse``
and ``:batchEmbedContents``, and the mapping of Google's ``{"error": {code, message, status,
details}}`` payloads onto the error tree.

What differs from OpenAI, and how it is bridged:

* Roles are ``user`` and ``model`` only; system and developer messages become
  ``systemInstruction``. Tool results are ``functionResponse`` parts of a ``user`` turn and
  name the function, not a call id, so the name is recovered from the assistant call with the
  matching id. Consecutive turns of one role are merged, which also puts parallel tool results
  into the single turn Gemini requires.
* Gemini gives function calls no id (or an optional one): ids are derived from the response
  id, the candidate and the call's position, so a replayed response gets the same ids.
  Arguments arrive as an object and are serialised to a JSON string.
* Gemini 3 models reject a replayed ``functionCall`` part that lacks a ``thoughtSignature``.
  OpenAI-shaped history cannot carry the signature, so the placeholder Google documents for
  history from elsewhere is sent instead (see ``thought_signature_placeholder``).
* A blocked prompt is a 200 answer with ``promptFeedback.blockReason`` and no candidates:
  it is raised as ContentPolicyError. ``thoughtsTokenCount`` is not part of
  ``candidatesTokenCount``; it is added to output tokens, as OpenAI counts reasoning.
* The SSE stream has no end marker: it is complete when every candidate has sent a
  ``finishReason``; a body that ends before that is a StreamInterruptedError.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import re
from collections.abc import Iterator, Mapping
from typing import Any, Literal
from urllib.parse import unquote_to_bytes, urlparse

import orjson

from ..errors import (
    ContentPolicyError,
    ContextWindowError,
    RequestError,
    StreamInterruptedError,
    UnsupportedFeatureError,
    UpstreamAuthError,
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
    ContentPart,
    EmbeddingRequest,
    EmbeddingResponse,
    FinishReason,
    FunctionDef,
    ImagePart,
    Message,
    ToolCallDelta,
    ToolCallOut,
    Usage,
)
from .base import SSEParser

SchemaFormat = Literal["json_schema", "openapi"]

#: Google's documented stand-in for a thought signature on history it did not produce
THOUGHT_SIGNATURE_PLACEHOLDER = "skip_thought_signature_validator"

_FINISH: dict[str, FinishReason] = {
    "STOP": "stop",
    "MAX_TOKENS": "length",
    "SAFETY": "content_filter",
    "RECITATION": "content_filter",
    "PROHIBITED_CONTENT": "content_filter",
    "BLOCKLIST": "content_filter",
    "SPII": "content_filter",
    "IMAGE_SAFETY": "content_filter",
    "IMAGE_PROHIBITED_CONTENT": "content_filter",
    "IMAGE_RECITATION": "content_filter",
    "MALFORMED_FUNCTION_CALL": "error",
    "UNEXPECTED_TOOL_CALL": "error",
    "TOO_MANY_TOOL_CALLS": "error",
}

_TOOL_MODES = {"none": "NONE", "auto": "AUTO", "required": "ANY"}

#: google.rpc.Code names, for in-stream errors that carry no HTTP status
_RPC_STATUS = {
    "INVALID_ARGUMENT": 400,
    "FAILED_PRECONDITION": 400,
    "OUT_OF_RANGE": 400,
    "UNAUTHENTICATED": 401,
    "PERMISSION_DENIED": 403,
    "NOT_FOUND": 404,
    "ABORTED": 409,
    "RESOURCE_EXHAUSTED": 429,
    "CANCELLED": 499,
    "UNKNOWN": 500,
    "INTERNAL": 500,
    "UNAVAILABLE": 503,
    "DEADLINE_EXCEEDED": 504,
}

_CONTEXT_RE = re.compile(
    r"input token count|exceeds the maximum number of tokens|token limit|too many tokens|context (window|length)",
    re.IGNORECASE,
)

#: the OpenAPI 3.0 subset ``parameters`` / ``responseSchema`` accept; anything else is a 400
_OPENAPI_KEYS = frozenset(
    {
        "type", "format", "title", "description", "nullable", "enum", "maxItems", "minItems",
        "properties", "required", "propertyOrdering", "items", "anyOf", "minimum", "maximum",
        "minLength", "maxLength", "pattern", "default", "example", "minProperties", "maxProperties",
    }
)  # fmt: skip

#: bytes of a non-SSE body kept so a plain JSON error in place of a stream can be reported
_RAW_KEEP = 65536


class GeminiDialect:
    name = "gemini"

    def __init__(
        self, *, schema_format: SchemaFormat = "json_schema", thought_signature_placeholder: bool = True
    ) -> None:
        # "json_schema" sends parametersJsonSchema / responseJsonSchema (full JSON Schema, current
        # models); "openapi" converts to the older parameters / responseSchema subset.
        self.schema_format = schema_format
        self.thought_signature_placeholder = thought_signature_placeholder

    # --- requests ----------------------------------------------------------------------

    def encode_chat(self, req: ChatRequest, model: str, *, stream: bool) -> dict[str, Any]:
        system: list[dict[str, Any]] = []
        contents: list[dict[str, Any]] = []
        call_names: dict[str, str] = {}
        for i, m in enumerate(req.messages):
            if m.role in ("system", "developer"):
                if text := m.text():
                    system.append({"text": text})
                continue
            if m.role == "assistant":
                role, parts = "model", _assistant_parts(m, call_names)
            elif m.role == "tool":
                role, parts = "user", [_function_response(m, i, call_names)]
            else:
                role, parts = "user", _content_parts(m.content)
            if not parts:
                continue  # Gemini rejects a turn without parts
            if contents and contents[-1]["role"] == role:
                contents[-1]["parts"].extend(parts)
            else:
                contents.append({"role": role, "parts": parts})
        if not contents and system:
            # Gemini needs at least one turn; OpenAI accepts a system-only conversation.
            contents, system = [{"role": "user", "parts": system}], []
        if self.thought_signature_placeholder:
            _sign_function_calls(contents)

        body: dict[str, Any] = {"contents": contents}
        if system:
            body["systemInstruction"] = {"parts": system}
        if req.tools:
            body["tools"] = [{"functionDeclarations": [self._declaration(t.function) for t in req.tools]}]
            if (config := _tool_config(req.tool_choice)) is not None:
                body["toolConfig"] = config
        extras = req.extra_fields()
        for wire, keys in (("safetySettings", ("safety_settings", "safetySettings")),
                           ("cachedContent", ("cached_content", "cachedContent"))):  # fmt: skip
            if (value := _first(extras, keys)) is not None:
                body[wire] = value
        if gen := self._generation_config(req, extras):
            body["generationConfig"] = gen
        return body

    def _declaration(self, fn: FunctionDef) -> dict[str, Any]:
        decl: dict[str, Any] = {"name": fn.name}
        if fn.description:
            decl["description"] = fn.description
        params = fn.parameters
        if params:
            if self.schema_format == "openapi":
                converted = to_openapi_schema(params)
                # An OBJECT without properties is rejected; a function without parameters is not.
                if converted.get("properties"):
                    decl["parameters"] = converted
            else:
                decl["parametersJsonSchema"] = _json_schema(params)
        return decl

    def _generation_config(self, req: ChatRequest, extras: Mapping[str, Any]) -> dict[str, Any]:
        gen: dict[str, Any] = {}
        for wire, value in (
            ("temperature", req.temperature),
            ("topP", req.top_p),
            ("topK", _first(extras, ("top_k", "topK"))),
            ("maxOutputTokens", req.output_limit),
            ("candidateCount", req.n),
            ("seed", req.seed),
            ("presencePenalty", req.presence_penalty),
            ("frequencyPenalty", req.frequency_penalty),
            ("thinkingConfig", _first(extras, ("thinking_config", "thinkingConfig"))),
        ):
            if value is not None:
                gen[wire] = value
        if stops := req.stop_sequences:
            gen["stopSequences"] = stops
        if req.logprobs:
            gen["responseLogprobs"] = True
            if req.top_logprobs is not None:
                gen["logprobs"] = req.top_logprobs
        fmt = req.response_format
        if fmt is not None and fmt.type != "text":
            gen["responseMimeType"] = "application/json"
            schema = fmt.json_schema.schema_ if fmt.json_schema is not None else None
            if fmt.type == "json_schema" and schema:
                if self.schema_format == "openapi":
                    gen["responseSchema"] = to_openapi_schema(schema)
                else:
                    gen["responseJsonSchema"] = _json_schema(schema)
        return gen

    def encode_embeddings(self, req: EmbeddingRequest, model: str) -> dict[str, Any]:
        texts = req.texts
        if not texts:
            raise UnsupportedFeatureError("Gemini embeddings take text input, not token arrays", param="input")
        name = model_resource(model)
        extras = req.model_extra or {}
        task_type = _first(extras, ("task_type", "taskType"))
        requests = []
        for text in texts:
            r: dict[str, Any] = {"model": name, "content": {"parts": [{"text": text}]}}
            if req.dimensions is not None:
                r["outputDimensionality"] = req.dimensions
            if task_type is not None:
                r["taskType"] = task_type
            requests.append(r)
        return {"requests": requests}

    # --- responses ---------------------------------------------------------------------

    def decode_chat(self, body: Any, model: str) -> ChatResponse:
        raise_if_blocked(body)
        response_id = str(body.get("responseId") or "")
        choices = []
        for i, cand in enumerate(body.get("candidates") or ()):
            index = int(cand.get("index", i))
            texts, calls = _decode_parts(cand, response_id, index, 0)
            finish = _finish_reason(cand.get("finishReason"), bool(calls)) or "stop"
            choices.append(
                Choice(
                    index=index,
                    content="".join(texts) if texts or not calls else None,
                    tool_calls=calls,
                    finish_reason=finish,
                    logprobs=_logprobs(cand.get("logprobsResult")),
                )
            )
        if not choices:
            choices.append(Choice(content="", finish_reason="stop"))
        return ChatResponse(
            id=response_id,
            model=str(body.get("modelVersion") or model),
            choices=choices,
            usage=decode_usage(body.get("usageMetadata")),
        )

    def decode_embeddings(self, body: Any, model: str) -> EmbeddingResponse:
        meta = body.get("usageMetadata") or {}
        return EmbeddingResponse(
            model=model,
            vectors=[list(e["values"]) for e in body["embeddings"]],
            usage=Usage(input_tokens=int(meta.get("promptTokenCount") or 0)),
        )

    def stream_decoder(self, model: str) -> GeminiStreamDecoder:
        return GeminiStreamDecoder(model)

    # --- errors ------------------------------------------------------------------------

    def decode_error(self, status: int, body: bytes, headers: Mapping[str, str]) -> UpstreamError:
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError:
            text = body.decode("utf-8", "replace")[:500] or "no body"
            return error_for_status(status, text, retry_after=parse_retry_after(headers.get("retry-after")))
        return classify_gemini_error(status, data, parse_retry_after(headers.get("retry-after")))


# --- encoding helpers --------------------------------------------------------------------


def model_resource(model: str) -> str:
    """``models/{id}`` for a bare model id; tuned models (``tunedModels/…``) are kept as given."""
    return model if "/" in model else f"models/{model}"


def _first(extras: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        if extras.get(k) is not None:
            return extras[k]
    return None


def _content_parts(content: str | list[ContentPart] | None) -> list[dict[str, Any]]:
    if content is None:
        return []
    if isinstance(content, str):
        return [{"text": content}] if content else []
    parts: list[dict[str, Any]] = []
    for p in content:
        if isinstance(p, ImagePart):
            parts.append(_image_part(p.image_url.url))
        elif p.text:
            parts.append({"text": p.text})
    return parts


def _image_part(url: str) -> dict[str, Any]:
    if url.startswith("data:"):
        header, sep, payload = url[5:].partition(",")
        if not sep:
            raise RequestError("Malformed data URL in image_url", param="image_url.url")
        mime, *params = header.split(";")
        # Non-base64 data URLs are percent-encoded; inlineData always wants base64.
        data = payload if "base64" in params else base64.b64encode(unquote_to_bytes(payload)).decode("ascii")
        return {"inlineData": {"mimeType": mime or "application/octet-stream", "data": data}}
    # Gemini needs a MIME type for URI parts; guess it from the path's extension.
    guessed = mimetypes.guess_type(urlparse(url).path)[0]
    return {"fileData": {"mimeType": guessed or "image/jpeg", "fileUri": url}}


def _assistant_parts(m: Message, call_names: dict[str, str]) -> list[dict[str, Any]]:
    parts = _content_parts(m.content)
    for tc in m.tool_calls or ():
        call_names[tc.id] = tc.function.name
        parts.append({"functionCall": {"name": tc.function.name, "args": _arguments(tc.function.arguments)}})
    return parts


def _arguments(raw: str) -> dict[str, Any]:
    if not raw.strip():
        return {}
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        # Models sometimes emit broken JSON; keep it visible to the model rather than fail the turn.
        return {"arguments": raw}
    return value if isinstance(value, dict) else {"value": value}


def _function_response(m: Message, position: int, call_names: Mapping[str, str]) -> dict[str, Any]:
    name = call_names.get(m.tool_call_id or "") or m.name
    if not name:
        raise RequestError(
            f"Tool message tool_call_id {m.tool_call_id!r} does not answer any earlier assistant tool call",
            param=f"messages[{position}].tool_call_id",
        )
    text = m.text()
    response: Any
    try:
        response = orjson.loads(text)
    except orjson.JSONDecodeError:
        response = None
    if not isinstance(response, dict):
        response = {"result": text}
    return {"functionResponse": {"name": name, "response": response}}


def _sign_function_calls(contents: list[dict[str, Any]]) -> None:
    """Give the first function call of each model turn a signature, as Gemini 3 validates."""
    for content in contents:
        if content["role"] != "model":
            continue
        for part in content["parts"]:
            if "functionCall" in part:
                part.setdefault("thoughtSignature", THOUGHT_SIGNATURE_PLACEHOLDER)
                break


def _tool_config(choice: str | dict[str, Any] | None) -> dict[str, Any] | None:
    if choice is None:
        return None
    if isinstance(choice, str):
        return {"functionCallingConfig": {"mode": _TOOL_MODES[choice]}}
    name = (choice.get("function") or {}).get("name")
    if choice.get("type") == "function" and name:
        return {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": [name]}}
    raise RequestError(f"Unsupported tool_choice for Gemini: {choice!r}", param="tool_choice")


def _json_schema(schema: dict[str, Any]) -> dict[str, Any]:
    # "$schema" only names the draft; Gemini's JSON Schema support does not list it.
    return {k: v for k, v in schema.items() if k != "$schema"}


def to_openapi_schema(
    schema: Mapping[str, Any], defs: Mapping[str, Any] | None = None, depth: int = 0
) -> dict[str, Any]:
    """JSON Schema → the OpenAPI 3.0 subset of ``parameters``/``responseSchema``.

    ``$ref`` is inlined (recursion is cut off), ``type: [X, "null"]`` and ``anyOf`` with null
    become ``nullable``, ``const`` becomes a one-value ``enum``; keys outside the subset (such
    as ``additionalProperties``, ``$schema``, ``strict``) are dropped because Gemini rejects them.
    """
    if defs is None:
        defs = {**(schema.get("definitions") or {}), **(schema.get("$defs") or {})}
    if depth > 24:
        return {}
    if isinstance(ref := schema.get("$ref"), str):
        target = defs.get(ref.rsplit("/", 1)[-1]) or {}
        merged = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        return to_openapi_schema(merged, defs, depth + 1)
    out: dict[str, Any] = {}
    kind = schema.get("type")
    if isinstance(kind, list):
        concrete = [k for k in kind if k != "null"]
        if len(concrete) < len(kind):
            out["nullable"] = True
        kind = concrete[0] if len(concrete) == 1 else None
        if len(concrete) > 1:
            out["anyOf"] = [{"type": k} for k in concrete]
    if kind == "null":
        out["nullable"] = True
    elif isinstance(kind, str):
        out["type"] = kind
    if "const" in schema:
        out["enum"] = [str(schema["const"])]
    alternatives = schema.get("anyOf") or schema.get("oneOf")
    if isinstance(alternatives, list):
        concrete_alts = [a for a in alternatives if a.get("type") != "null"]
        if len(concrete_alts) < len(alternatives):
            out["nullable"] = True
        converted = [to_openapi_schema(a, defs, depth + 1) for a in concrete_alts]
        if len(converted) == 1:
            out.update(converted[0])
        elif converted:
            out["anyOf"] = converted
    for key, value in schema.items():
        if key not in _OPENAPI_KEYS or key in ("type", "anyOf"):
            continue
        if key == "properties" and isinstance(value, dict):
            out[key] = {n: to_openapi_schema(s, defs, depth + 1) for n, s in value.items()}
        elif key == "items" and isinstance(value, dict):
            out[key] = to_openapi_schema(value, defs, depth + 1)
        elif key == "enum" and isinstance(value, list):
            out[key] = [str(v) for v in value if v is not None]  # Gemini enums are strings
        else:
            out[key] = value
    return out


# --- decoding helpers --------------------------------------------------------------------


def raise_if_blocked(body: Mapping[str, Any]) -> None:
    """A prompt refused by Gemini's filters answers 200 with a block reason and no candidates."""
    feedback = body.get("promptFeedback") or {}
    reason = feedback.get("blockReason")
    if reason and not body.get("candidates"):
        raise ContentPolicyError(
            f"The prompt was blocked by Gemini's content filter ({reason})", upstream_status=200, code=str(reason)
        )


def decode_usage(u: Mapping[str, Any] | None) -> Usage:
    if not u:
        return Usage()
    thoughts = int(u.get("thoughtsTokenCount") or 0)
    return Usage(
        # Tool-use prompt tokens (results of Google-run tools) are input the model read.
        input_tokens=int(u.get("promptTokenCount") or 0) + int(u.get("toolUsePromptTokenCount") or 0),
        output_tokens=int(u.get("candidatesTokenCount") or 0) + thoughts,
        cached_input_tokens=int(u.get("cachedContentTokenCount") or 0),
        reasoning_tokens=thoughts,
    )


def _call_id(response_id: str, candidate: int, n: int) -> str:
    return "_".join(x for x in ("call", response_id, str(candidate) if candidate else "", str(n)) if x)


def _decode_parts(
    cand: Mapping[str, Any], response_id: str, candidate: int, calls_before: int
) -> tuple[list[str], list[ToolCallOut]]:
    texts: list[str] = []
    calls: list[ToolCallOut] = []
    for part in (cand.get("content") or {}).get("parts") or ():
        if part.get("thought"):
            continue  # thought summaries are not answer text
        if "text" in part:
            texts.append(part["text"])
        elif fc := part.get("functionCall"):
            calls.append(
                ToolCallOut(
                    id=str(fc.get("id") or _call_id(response_id, candidate, calls_before + len(calls))),
                    name=fc["name"],
                    arguments=json.dumps(fc.get("args") or {}, ensure_ascii=False),
                )
            )
    return texts, calls


def _finish_reason(raw: Any, has_calls: bool) -> FinishReason | None:
    if not raw:
        return None
    finish = _FINISH.get(str(raw), "stop")
    return "tool_calls" if has_calls and finish == "stop" else finish


def _logprobs(result: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Gemini's ``logprobsResult`` in OpenAI's ``logprobs.content`` shape."""
    if not result:
        return None
    tops = result.get("topCandidates") or []
    content = []
    for i, chosen in enumerate(result.get("chosenCandidates") or ()):
        alts = (tops[i].get("candidates") or []) if i < len(tops) else []
        content.append(
            {
                "token": chosen.get("token", ""),
                "logprob": chosen.get("logProbability", 0.0),
                "bytes": None,
                "top_logprobs": [
                    {"token": a.get("token", ""), "logprob": a.get("logProbability", 0.0), "bytes": None} for a in alts
                ],
            }
        )
    return {"content": content}


def classify_gemini_error(status: int | None, data: Any, retry_after: float | None = None) -> UpstreamError:
    """An error from Google's ``{"error": {...}}`` shape (also when wrapped in a list)."""
    if isinstance(data, list) and data:
        data = data[0]
    err = data.get("error") if isinstance(data, dict) else None
    if not isinstance(err, dict):
        return error_for_status(status or 502, str(data)[:500], retry_after=retry_after)
    message = str(err.get("message") or err)
    rpc = err.get("status")
    code = str(rpc) if rpc else None
    if not status:
        status = int(err["code"]) if isinstance(err.get("code"), int) else _RPC_STATUS.get(code or "", 502)
    details = [d for d in err.get("details") or () if isinstance(d, dict)]
    reasons = {str(d.get("reason")) for d in details if d.get("reason")}
    if retry_after is None:
        retry_after = _retry_delay(details)
    # An invalid or expired key is a 400 INVALID_ARGUMENT, told apart only by its ErrorInfo reason.
    if any(r.startswith("API_KEY_") for r in reasons) or "API key not valid" in message:
        return UpstreamAuthError(message, upstream_status=status, code=code)
    # The gateway's location is not served: the deployment is unusable from here, not the caller's fault.
    if code == "FAILED_PRECONDITION" and "location is not supported" in message:
        return UpstreamAuthError(message, upstream_status=status, code=code)
    if status in (400, 413) and _CONTEXT_RE.search(message):
        return ContextWindowError(message, upstream_status=status, code=code)
    return error_for_status(status, message, retry_after=retry_after, code=code)


def _retry_delay(details: list[dict[str, Any]]) -> float | None:
    for d in details:
        if str(d.get("@type", "")).endswith("google.rpc.RetryInfo"):
            delay = d.get("retryDelay")
            if isinstance(delay, str) and delay.endswith("s"):
                return parse_retry_after(delay[:-1])
    return None


class GeminiStreamDecoder:
    """Decodes ``streamGenerateContent?alt=sse``: each event is a whole GenerateContentResponse."""

    __slots__ = ("_calls", "_events", "_finished", "_model", "_raw", "_response_id", "_sse", "_started", "_usage")

    def __init__(self, model: str) -> None:
        self._sse = SSEParser()
        self._model = model
        self._events = 0
        self._raw = b""
        self._response_id: str | None = None
        self._usage: Usage | None = None
        self._started: set[int] = set()
        self._finished: set[int] = set()
        self._calls: dict[int, int] = {}

    def feed(self, data: bytes) -> Iterator[ChatChunk]:
        if self._events == 0 and len(self._raw) < _RAW_KEEP:
            self._raw += data[: _RAW_KEEP - len(self._raw)]
        for _event, payload in self._sse.feed(data):
            yield from self._decode(payload)

    def close(self) -> Iterator[ChatChunk]:
        for _event, payload in self._sse.flush():
            yield from self._decode(payload)
        if self._events == 0:
            # Some failures arrive as a plain JSON error body in place of the event stream.
            try:
                data = orjson.loads(self._raw)
            except orjson.JSONDecodeError:
                data = None
            if data is not None:
                raise classify_gemini_error(None, data)
        if not self._finished or self._started - self._finished:
            raise StreamInterruptedError("The Gemini stream ended before a finishReason arrived")
        if self._usage is not None:
            yield ChatChunk(usage=self._usage, id=self._response_id, model=self._model)

    def _decode(self, payload: str) -> Iterator[ChatChunk]:
        if not payload.strip():
            return
        self._events += 1
        obj = orjson.loads(payload)
        if not isinstance(obj, dict):
            return
        if "error" in obj and "candidates" not in obj:
            raise classify_gemini_error(None, obj)
        raise_if_blocked(obj)
        self._response_id = str(obj.get("responseId") or self._response_id or "") or None
        if obj.get("modelVersion"):
            self._model = str(obj["modelVersion"])
        if obj.get("usageMetadata"):
            self._usage = decode_usage(obj["usageMetadata"])  # counts are cumulative; the last wins
        deltas = []
        for cand in obj.get("candidates") or ():
            index = int(cand.get("index", 0))  # proto3 JSON omits a zero index
            before = self._calls.get(index, 0)
            texts, calls = _decode_parts(cand, self._response_id or "", index, before)
            self._calls[index] = before + len(calls)
            finish = _finish_reason(cand.get("finishReason"), self._calls[index] > 0)
            if finish is not None:
                self._finished.add(index)
            first = index not in self._started
            self._started.add(index)
            delta = ChoiceDelta(
                index=index,
                role="assistant" if first else None,
                content="".join(texts) if texts else None,
                tool_calls=[
                    ToolCallDelta(index=before + n, id=c.id, name=c.name, arguments=c.arguments)
                    for n, c in enumerate(calls)
                ]
                or None,
                finish_reason=finish,
                logprobs=_logprobs(cand.get("logprobsResult")),
            )
            if first or texts or calls or finish is not None or delta.logprobs is not None:
                deltas.append(delta)
        if deltas:
            yield ChatChunk(choices=deltas, id=self._response_id, model=self._model)
