"""A fake Gemini API (generativelanguage v1beta) server.

Validates requests the way the API does: the ``x-goog-api-key`` header (a wrong key is a 400
``API_KEY_INVALID``, a missing one a 403), known field names only (``Unknown name … Cannot find
field``), roles ``user``/``model``, one data field per part, function-call turns following a user
or function-response turn, function-response turns answering every call of the turn before by
name, ``parameters`` restricted to the OpenAPI subset, ``generationConfig`` consistency. It
answers with GenerateContentResponse objects, CRLF-framed SSE for ``alt=sse`` (no end marker:
the last event carries ``finishReason`` and the full ``usageMetadata``), blocked prompts as
``promptFeedback.blockReason`` and errors as ``{"error": {code, message, status, details}}``.

``state.fail_next`` entries with status 200 are sent as the answer itself (a list of them as SSE
events when streaming), so tests can play any GenerateContentResponse.
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

_TOP = {"contents", "systemInstruction", "tools", "toolConfig", "generationConfig", "safetySettings", "cachedContent"}
_GEN = {
    "stopSequences", "responseMimeType", "responseSchema", "responseJsonSchema", "responseModalities",
    "candidateCount", "maxOutputTokens", "temperature", "topP", "topK", "seed", "presencePenalty",
    "frequencyPenalty", "responseLogprobs", "logprobs", "enableEnhancedCivicAnswers", "speechConfig",
    "thinkingConfig", "mediaResolution",
}  # fmt: skip
_PART_DATA = {
    "text",
    "inlineData",
    "fileData",
    "functionCall",
    "functionResponse",
    "executableCode",
    "codeExecutionResult",
}
_PART_META = {"thought", "thoughtSignature", "videoMetadata"}
_DECL = {"name", "description", "parameters", "parametersJsonSchema", "response", "responseJsonSchema", "behavior"}
_SCHEMA = {
    "type", "format", "title", "description", "nullable", "enum", "maxItems", "minItems", "properties",
    "required", "propertyOrdering", "items", "anyOf", "minimum", "maximum", "minLength", "maxLength",
    "pattern", "default", "example", "minProperties", "maxProperties",
}  # fmt: skip
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$")
_MODES = {"AUTO", "ANY", "NONE", "VALIDATED"}
_MODEL_VERSION = "gemini-2.0-flash-001"
_RESPONSE_ID = "fakeResp1"


def google_error(status: int, message: str, rpc: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    err: dict[str, Any] = {"code": status, "message": message, "status": rpc}
    if details:
        err["details"] = details
    return {"error": err}


def _error(status: int, message: str, rpc: str, details: list[dict[str, Any]] | None = None) -> Response:
    return JSONResponse(google_error(status, message, rpc, details), status_code=status)


def _unknown(name: str, where: str) -> str:
    at = f" at '{where}'" if where else ""
    return f'Invalid JSON payload received. Unknown name "{name}"{at}: Cannot find field.'


# --- validation ------------------------------------------------------------------------------


def _check_schema(schema: Any, where: str) -> str | None:
    if not isinstance(schema, dict):
        return f"{where} must be an object"
    for key, value in schema.items():
        if key not in _SCHEMA:
            return _unknown(key, where)
        if key == "properties":
            for name, sub in value.items():
                if (problem := _check_schema(sub, f"{where}.properties[{name}].value")) is not None:
                    return problem
        elif key == "items" and (problem := _check_schema(value, f"{where}.items")) is not None:
            return problem
    kind = schema.get("type", "")
    if not isinstance(kind, str):
        return f"Invalid value at '{where}.type' (type.googleapis.com/google.ai.generativelanguage.v1beta.Type)"
    if kind.upper() == "OBJECT" and "properties" in schema and not schema["properties"]:
        return f"{where}.properties: should be non-empty for OBJECT type"
    return None


def _check_part(part: Any, where: str, role: str) -> str | None:
    if not isinstance(part, dict):
        return f"{where} must be an object"
    for key in part:
        if key not in _PART_DATA | _PART_META:
            return _unknown(key, where)
    data = [k for k in part if k in _PART_DATA]
    if len(data) != 1:
        return f"{where}: a part must have exactly one data field, got {data or 'none'}"
    kind = data[0]
    value = part[kind]
    if kind == "text":
        if not isinstance(value, str) or not value:
            return "Unable to submit request because it has an empty text parameter."
    elif kind == "inlineData":
        if not value.get("mimeType") or not value.get("data"):
            return f"{where}.inline_data: mimeType and data are required"
        try:
            base64.b64decode(value["data"], validate=True)
        except (binascii.Error, ValueError):
            return f"Invalid value at '{where}.inline_data.data' (TYPE_BYTES), Base64 decoding failed"
    elif kind == "fileData":
        if not value.get("fileUri") or not value.get("mimeType"):
            return f"{where}.file_data: fileUri and mimeType are required"
    elif kind == "functionCall":
        if role != "model":
            return f"{where}: function_call is only allowed in a model turn"
        if not value.get("name") or not isinstance(value.get("args", {}), dict):
            return f"{where}.function_call: name is required and args must be an object"
    elif kind == "functionResponse":
        if role != "user":
            return f"{where}: function_response is only allowed in a user turn"
        if not value.get("name") or not isinstance(value.get("response"), dict):
            return f"{where}.function_response: name and an object response are required"
    return None


def _kinds(content: dict[str, Any], kind: str) -> list[str]:
    return [p[kind]["name"] for p in content["parts"] if kind in p]


def _check_turns(contents: list[dict[str, Any]]) -> str | None:
    for i, content in enumerate(contents):
        calls = _kinds(content, "functionCall")
        responses = _kinds(content, "functionResponse")
        prev = contents[i - 1] if i else None
        if calls:
            ok = prev is not None and prev["role"] == "user"
            if not ok:
                return (
                    "Please ensure that function call turn comes immediately after a user turn "
                    "or after a function response turn."
                )
        if responses:
            prev_calls = _kinds(prev, "functionCall") if prev is not None else []
            if not prev_calls:
                return "Please ensure that function response turn comes immediately after a function call turn."
            if sorted(prev_calls) != sorted(responses):
                return (
                    "Please ensure that the number of function response parts is equal to the number of "
                    "function call parts of the function call turn, and that their names match."
                )
    return None


def _check_tools(body: dict[str, Any]) -> str | None:
    for t, tool in enumerate(body.get("tools") or ()):
        for key in tool:
            if key not in {"functionDeclarations", "codeExecution", "googleSearch", "urlContext"}:
                return _unknown(key, f"tools[{t}]")
        for d, decl in enumerate(tool.get("functionDeclarations") or ()):
            where = f"tools[{t}].function_declarations[{d}]"
            for key in decl:
                if key not in _DECL:
                    return _unknown(key, where)
            if not _NAME.match(str(decl.get("name", ""))):
                return f"* GenerateContentRequest.{where}.name: Invalid function name."
            if "parameters" in decl and "parametersJsonSchema" in decl:
                return f"{where}: parameters and parametersJsonSchema are mutually exclusive"
            if "parameters" in decl and (problem := _check_schema(decl["parameters"], f"{where}.parameters")):
                return problem
            json_params = decl.get("parametersJsonSchema")
            if json_params is not None and (not isinstance(json_params, dict) or json_params.get("type") != "object"):
                return f"{where}.parameters_json_schema must describe an object"
    config = (body.get("toolConfig") or {}).get("functionCallingConfig")
    if config is not None:
        mode = config.get("mode")
        if mode not in _MODES:
            return f"Invalid value at 'tool_config.function_calling_config.mode', {mode!r}"
        if config.get("allowedFunctionNames") and mode not in ("ANY", "VALIDATED"):
            return "allowed_function_names may only be set when mode is ANY"
    return None


def _check_generation(gen: dict[str, Any]) -> str | None:
    for key in gen:
        if key not in _GEN:
            return _unknown(key, "generation_config")
    if ("responseSchema" in gen or "responseJsonSchema" in gen) and gen.get("responseMimeType") != "application/json":
        return "responseMimeType must be application/json when a response schema is set"
    if "responseSchema" in gen and "responseJsonSchema" in gen:
        return "responseSchema and responseJsonSchema are mutually exclusive"
    if "responseSchema" in gen and (
        problem := _check_schema(gen["responseSchema"], "generation_config.response_schema")
    ):
        return problem
    if "logprobs" in gen and not gen.get("responseLogprobs"):
        return "logprobs is only allowed when responseLogprobs is true"
    if not 0 <= gen.get("temperature", 1) <= 2 or not 0 <= gen.get("topP", 1) <= 1:
        return "temperature must be in [0, 2] and topP in [0, 1]"
    stops = gen.get("stopSequences", [])
    if not isinstance(stops, list) or len(stops) > 5:
        return "stopSequences takes at most 5 strings"
    return None


def validate(body: dict[str, Any]) -> str | None:
    for key in body:
        if key not in _TOP:
            return _unknown(key, "")
    contents = body.get("contents")
    if not isinstance(contents, list) or not contents:
        return "* GenerateContentRequest.contents: contents is not specified"
    for i, content in enumerate(contents):
        if content.get("role") not in ("user", "model"):
            return f"Please use a valid role: user, model. (contents[{i}].role={content.get('role')!r})"
        parts = content.get("parts")
        if not isinstance(parts, list) or not parts:
            return f"* GenerateContentRequest.contents[{i}].parts: contents.parts must not be empty."
        for j, part in enumerate(parts):
            if (problem := _check_part(part, f"contents[{i}].parts[{j}]", content["role"])) is not None:
                return problem
    if (problem := _check_turns(contents)) is not None:
        return problem
    system = body.get("systemInstruction")
    if system is not None:
        if not isinstance(system.get("parts"), list) or not system["parts"]:
            return "system_instruction.parts must not be empty"
        if any(set(p) != {"text"} for p in system["parts"]):
            return "system_instruction accepts text parts only"
    if (problem := _check_tools(body)) is not None:
        return problem
    return _check_generation(body.get("generationConfig") or {})


# --- the scenario ----------------------------------------------------------------------------


def _scenario(body: dict[str, Any]) -> Scenario:
    contents = body["contents"]
    text = ""
    for content in reversed(contents):
        texts = [p["text"] for p in content["parts"] if "text" in p]
        if content["role"] == "user" and texts:
            text = "".join(texts)
            break
    tool_result = None
    results = [p["functionResponse"]["response"] for p in contents[-1]["parts"] if "functionResponse" in p]
    if results:
        last = results[-1]
        tool_result = last["result"] if isinstance(last.get("result"), str) else json.dumps(last)
    names = [d["name"] for t in body.get("tools") or () for d in t.get("functionDeclarations") or ()]
    mode = ((body.get("toolConfig") or {}).get("functionCallingConfig") or {}).get("mode")
    return Scenario(last_user_text=text, tool_names=names, tool_result=tool_result, tools_disabled=mode == "NONE")


def usage_metadata() -> dict[str, Any]:
    # Gemini counts thoughts apart from candidates: 5 answer + 2 thought tokens = 7 output tokens.
    candidates = USAGE["output"] - USAGE["reasoning"]
    return {
        "promptTokenCount": USAGE["input"],
        "candidatesTokenCount": candidates,
        "cachedContentTokenCount": USAGE["cached"],
        "thoughtsTokenCount": USAGE["reasoning"],
        "totalTokenCount": USAGE["input"] + USAGE["output"],
        "promptTokensDetails": [{"modality": "TEXT", "tokenCount": USAGE["input"]}],
    }


def _trigger_error(trigger: str | None) -> Response | None:
    if trigger == "context":
        return _error(
            400,
            "The input token count (1200293) exceeds the maximum number of tokens allowed (1048576).",
            "INVALID_ARGUMENT",
        )
    if trigger == "ratelimit":
        details = [
            {
                "@type": "type.googleapis.com/google.rpc.QuotaFailure",
                "violations": [
                    {"quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests"}
                ],
            },
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "1s"},
        ]
        return _error(429, "You exceeded your current quota. Please retry in 1.2s.", "RESOURCE_EXHAUSTED", details)
    if trigger == "overloaded":
        return _error(503, "The model is overloaded. Please try again later.", "UNAVAILABLE")
    if trigger == "server":
        return _error(500, "An internal error has occurred. Please retry or report the issue.", "INTERNAL")
    if trigger == "auth":
        return _bad_key()
    return None


def _bad_key() -> Response:
    details = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "API_KEY_INVALID",
            "domain": "googleapis.com",
            "metadata": {"service": "generativelanguage.googleapis.com"},
        }
    ]
    return _error(400, "API key not valid. Please pass a valid API key.", "INVALID_ARGUMENT", details)


def _blocked() -> dict[str, Any]:
    return {
        "promptFeedback": {
            "blockReason": "SAFETY",
            "safetyRatings": [{"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH"}],
        },
        "usageMetadata": {"promptTokenCount": USAGE["input"], "totalTokenCount": USAGE["input"]},
        "modelVersion": _MODEL_VERSION,
        "responseId": _RESPONSE_ID,
    }


def _candidate(sc: Scenario, index: int) -> dict[str, Any]:
    if sc.calls_tool:
        part = {"functionCall": {"name": sc.tool_names[0], "args": json.loads(TOOL_ARGS)}}
    else:
        part = {"text": sc.text}
    # Gemini reports STOP for a turn that ends in function calls.
    return {"content": {"parts": [part], "role": "model"}, "finishReason": "STOP", "index": index}


def create_app(state: FakeState, *, api_key: str = "gm-test") -> Starlette:
    def check_auth(request: Request) -> Response | None:
        key = request.headers.get("x-goog-api-key")
        if key is None:
            return _error(
                403,
                "Method doesn't allow unregistered callers (callers without established identity). "
                "Please use API Key or other form of API consumer identity to call this API.",
                "PERMISSION_DENIED",
            )
        return None if key == api_key else _bad_key()

    async def model_method(request: Request) -> Response:
        target = request.path_params["target"]
        model, _, method = target.partition(":")
        query = f"?{request.url.query}" if request.url.query else ""
        body = await request.json()
        state.record(request.url.path + query, dict(request.headers), body)
        if state.down:
            return _error(503, "The service is currently unavailable.", "UNAVAILABLE")
        if method == "batchEmbedContents":
            return _embeddings(request, model, body)
        stream = method == "streamGenerateContent"
        if not stream and method != "generateContent":
            return _error(404, f"Method {method!r} not found for models/{model}", "NOT_FOUND")
        if state.fail_next:
            status, payload, headers = state.fail_next.pop(0)
            if status == 200 and stream:
                events = payload if isinstance(payload, list) else [payload]
                return StreamingResponse(_sse(events), media_type="text/event-stream")
            return JSONResponse(payload, status_code=status, headers=headers)
        if (denied := check_auth(request)) is not None:
            return denied
        if stream and request.query_params.get("alt") != "sse":
            return _error(400, "This test server only streams with alt=sse", "INVALID_ARGUMENT")
        if (problem := validate(body)) is not None:
            return _error(400, problem, "INVALID_ARGUMENT")
        sc = _scenario(body)
        if (err := _trigger_error(sc.trigger)) is not None:
            return err
        if sc.trigger == "policy":
            return (
                StreamingResponse(_sse([_blocked()]), media_type="text/event-stream")
                if stream
                else JSONResponse(_blocked())
            )
        if stream:
            return StreamingResponse(_stream(sc), media_type="text/event-stream")
        n = int((body.get("generationConfig") or {}).get("candidateCount", 1))
        return JSONResponse(
            {
                "candidates": [_candidate(sc, i) for i in range(n)],
                "usageMetadata": usage_metadata(),
                "modelVersion": _MODEL_VERSION,
                "responseId": _RESPONSE_ID,
            }
        )

    def _embeddings(request: Request, model: str, body: dict[str, Any]) -> Response:
        if (denied := check_auth(request)) is not None:
            return denied
        requests = body.get("requests")
        if set(body) != {"requests"} or not isinstance(requests, list) or not requests:
            return _error(400, "* BatchEmbedContentsRequest.requests: requests is required", "INVALID_ARGUMENT")
        vectors = []
        for i, r in enumerate(requests):
            if r.get("model") != f"models/{model}":
                return _error(
                    400,
                    f"Model name in requests[{i}] ({r.get('model')!r}) does not match models/{model}.",
                    "INVALID_ARGUMENT",
                )
            parts = (r.get("content") or {}).get("parts") or []
            if not parts or any(set(p) != {"text"} for p in parts):
                return _error(400, f"requests[{i}].content.parts must be text parts", "INVALID_ARGUMENT")
            text = "".join(p["text"] for p in parts)
            values = [float(len(text)), 0.5, -0.25]
            dims = r.get("outputDimensionality")
            vectors.append({"values": (values * dims)[:dims] if dims else values})
        return JSONResponse({"embeddings": vectors})

    return Starlette(routes=[Route("/v1beta/models/{target}", model_method, methods=["POST"])])


def _event(obj: dict[str, Any]) -> bytes:
    # Google frames its SSE with CRLF line endings.
    return f"data: {json.dumps(obj)}\r\n\r\n".encode()


async def _sse(events: list[dict[str, Any]]) -> AsyncIterator[bytes]:
    for e in events:
        yield _event(e)


async def _stream(sc: Scenario) -> AsyncIterator[bytes]:
    def chunk(part: dict[str, Any], *, last: bool) -> bytes:
        cand: dict[str, Any] = {"content": {"parts": [part], "role": "model"}, "index": 0}
        # Intermediate events carry only the prompt count; the last has finishReason and the totals.
        usage = usage_metadata() if last else {"promptTokenCount": USAGE["input"], "totalTokenCount": USAGE["input"]}
        if last:
            cand["finishReason"] = "STOP"
        return _event(
            {"candidates": [cand], "usageMetadata": usage, "modelVersion": _MODEL_VERSION, "responseId": _RESPONSE_ID}
        )

    if sc.calls_tool:
        # Gemini sends a function call whole, in one event.
        yield chunk({"functionCall": {"name": sc.tool_names[0], "args": json.loads(TOOL_ARGS)}}, last=True)
        return
    texts = pieces(sc.text)
    for i, piece in enumerate(texts):
        yield chunk({"text": piece}, last=i == len(texts) - 1)
        if i == 0 and sc.trigger == "cut":
            return  # the body ends with no finishReason: a cut stream
        if i == 0 and sc.trigger == "midstream-error":
            yield _event(google_error(500, "An internal error has occurred. Please retry.", "INTERNAL"))
            return
