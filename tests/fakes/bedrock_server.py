"""A fake Bedrock runtime: Converse and ConverseStream, SigV4-verified.

Every request's signature is recomputed with botocore from the known test credentials,
the path as it came over the wire and the ``X-Amz-Date`` it carries, exactly as AWS does;
a mismatch gets Bedrock's 403 ``InvalidSignatureException``. A Bedrock API key (bearer
token) is accepted too. Bodies are validated the way Bedrock's ValidationException
messages describe (role alternation, block shapes, toolConfig rules, inference ranges).
Answers follow :mod:`tests.fakes.common` in real Converse JSON and, for converse-stream, in
real event-stream frames (with the ``p`` padding field Bedrock adds to every event).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from orkester.dialects.aws_eventstream import encode_event, encode_exception

from .common import TOOL_ARGS, USAGE, FakeState, Scenario, pieces

_CORAL = ":http://internal.amazon.com/coral/com.amazon.bedrock/"
_AUTH_RE = re.compile(
    r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, "
    r"SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$"
)
_TOOL_NAME_RE = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
_BLOCK_KEYS = {
    "text",
    "image",
    "document",
    "video",
    "toolUse",
    "toolResult",
    "guardContent",
    "cachePoint",
    "reasoningContent",
}
_TOP_LEVEL = {
    "messages",
    "system",
    "inferenceConfig",
    "toolConfig",
    "guardrailConfig",
    "additionalModelRequestFields",
    "additionalModelResponseFieldPaths",
    "requestMetadata",
    "performanceConfig",
    "promptVariables",
}
GUARDRAIL_TEXT = "Sorry, the model cannot answer this question."
PADDING = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"


@dataclass(frozen=True)
class AwsTestIdentity:
    access_key: str = "AKIDEXAMPLE"
    secret_key: str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    session_token: str | None = None
    region: str = "us-east-1"
    api_key: str = "bedrock-api-key-test"


def error(status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(
        {"message": message},
        status_code=status,
        headers={"x-amzn-ErrorType": f"{kind}{_CORAL}", "x-amzn-RequestId": "req-fake-1", **(headers or {})},
    )


def _invalid(message: str) -> Response:
    return error(400, "ValidationException", message)


# --- authentication ---------------------------------------------------------------------


def verify_request(request: Request, raw_body: bytes, ident: AwsTestIdentity) -> Response | None:
    auth = request.headers.get("authorization")
    if auth is None:
        return error(403, "MissingAuthenticationTokenException", "Missing Authentication Token")
    if auth.startswith("Bearer "):
        if auth.removeprefix("Bearer ") != ident.api_key:
            return error(403, "UnrecognizedClientException", "The security token included in the request is invalid.")
        return None
    m = _AUTH_RE.match(auth)
    if m is None:
        return error(
            403,
            "IncompleteSignatureException",
            f"Authorization header requires Credential, SignedHeaders and Signature. Authorization={auth}",
        )
    key, date, region, service, signed, signature = m.groups()
    if key != ident.access_key:
        return error(403, "UnrecognizedClientException", "The security token included in the request is invalid.")
    if ident.session_token is not None and request.headers.get("x-amz-security-token") != ident.session_token:
        return error(403, "UnrecognizedClientException", "The security token included in the request is invalid.")
    if service != "bedrock" or region != ident.region:
        return error(
            403,
            "InvalidSignatureException",
            f"Credential should be scoped to correct service/region: '{ident.region}/bedrock'.",
        )
    amz_date = request.headers.get("x-amz-date", "")
    try:
        when = datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return error(403, "IncompleteSignatureException", "Date must be in ISO-8601 'basic format'.")
    if abs(datetime.now(UTC) - when) > timedelta(minutes=5) or date != amz_date[:8]:
        return error(403, "InvalidSignatureException", f"Signature expired: {amz_date} is now earlier than allowed.")
    names = signed.split(";")
    if "host" not in names or "x-amz-date" not in names:
        return error(403, "InvalidSignatureException", "'Host' and 'X-Amz-Date' must be signed.")
    raw_path = request.scope["raw_path"].decode("latin-1")
    query = request.scope.get("query_string", b"").decode("latin-1")
    url = f"http://{request.headers['host']}{raw_path}" + (f"?{query}" if query else "")
    # Rebuild the request from what was received, then sign it the way AWS verifies it.
    received = AWSRequest(
        method=request.method,
        url=url,
        data=raw_body,
        headers={n: request.headers.get(n, "") for n in names if n != "host"},
    )
    received.context["timestamp"] = amz_date
    signer = SigV4Auth(Credentials(ident.access_key, ident.secret_key, ident.session_token), "bedrock", region)
    canonical = signer.canonical_request(received)
    if signer.signed_headers(signer.headers_to_sign(received)) != signed:
        return error(403, "InvalidSignatureException", "The signed headers do not match the request's headers.")
    expected = signer.signature(signer.string_to_sign(received, canonical), received)
    if expected != signature:
        return error(
            403,
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. Check your AWS "
            "Secret Access Key and signing method. Consult the service documentation for details.",
        )
    return None


# --- validation -------------------------------------------------------------------------


def validate(body: Any) -> str | None:
    if not isinstance(body, dict):
        return "Malformed input request, please reformat your input and try again."
    unknown = set(body) - _TOP_LEVEL
    if unknown:
        return f"Malformed input request: extraneous key [{sorted(unknown)[0]}] is not permitted."
    msgs = body.get("messages")
    if not isinstance(msgs, list) or not msgs:
        return "The messages field is required and must contain at least one message."
    if msgs[0].get("role") != "user":
        return (
            "A conversation must start with a user message. "
            "Try again with a conversation that starts with a user message."
        )
    pending_ids: set[str] = set()
    uses_tools = False
    for i, m in enumerate(msgs):
        if set(m) != {"role", "content"} or m["role"] not in ("user", "assistant"):
            return f"messages.{i}: a message has exactly a role (user or assistant) and content."
        if i and msgs[i - 1]["role"] == m["role"]:
            return (
                "A conversation must alternate between user and assistant roles. Make sure the conversation "
                "alternates between user and assistant roles and try again."
            )
        if not isinstance(m["content"], list) or not m["content"]:
            return f"messages.{i}.content must contain at least one content block."
        result_ids = set()
        for j, block in enumerate(m["content"]):
            where = f"messages.{i}.content.{j}"
            if not isinstance(block, dict) or len(block) != 1 or next(iter(block)) not in _BLOCK_KEYS:
                return f"The content block at {where} must have exactly one member."
            kind, value = next(iter(block.items()))
            if kind == "text" and (not isinstance(value, str) or not value.strip()):
                return (
                    f"The text field in the ContentBlock object at {where} is blank. "
                    "Add text to the text field, and try again."
                )
            if kind == "image" and (problem := _check_image(value, where)):
                return problem
            if kind == "toolUse":
                uses_tools = True
                if m["role"] != "assistant":
                    return f"{where}: toolUse blocks are only allowed in assistant messages."
                if (
                    not isinstance(value, dict)
                    or set(value) - {"toolUseId", "name", "input"}
                    or not isinstance(value.get("toolUseId"), str)
                    or not isinstance(value.get("input"), dict)
                ):
                    return f"{where}.toolUse needs toolUseId, name and an input object."
                pending_ids.add(value["toolUseId"])
            if kind == "toolResult":
                uses_tools = True
                if m["role"] != "user":
                    return f"{where}: toolResult blocks are only allowed in user messages."
                if not isinstance(value, dict) or set(value) - {"toolUseId", "content", "status"}:
                    return f"{where}.toolResult has unknown members."
                content = value.get("content")
                if not isinstance(content, list) or not content:
                    return f"{where}.toolResult.content must contain at least one block."
                for c in content:
                    if not isinstance(c, dict) or len(c) != 1 or ("text" in c and not str(c["text"]).strip()):
                        return f"The text field in the ToolResultContentBlock object at {where} is blank."
                if value.get("toolUseId") not in pending_ids:
                    return (
                        f"{where}: the toolResult's toolUseId {value.get('toolUseId')} does not match any toolUse "
                        "in the previous assistant message."
                    )
                result_ids.add(value["toolUseId"])
        if m["role"] == "user" and pending_ids:
            if result_ids != pending_ids:
                return f"Expected toolResult blocks at messages.{i}.content for the previous turn's toolUse ids."
            pending_ids = set()
    if uses_tools and "toolConfig" not in body:
        return "The toolConfig field must be defined when using toolUse and toolResult content blocks."
    for k, s in enumerate(body.get("system") or ()):
        if not isinstance(s, dict) or not isinstance(s.get("text"), str) or not s["text"].strip():
            return f"The text field in the SystemContentBlock object at system.{k} is blank."
    return _check_inference(body.get("inferenceConfig")) or _check_tools(body.get("toolConfig"))


def _check_image(value: Any, where: str) -> str | None:
    if not isinstance(value, dict) or value.get("format") not in ("png", "jpeg", "gif", "webp"):
        return f"{where}.image.format must be one of png, jpeg, gif, webp."
    source = value.get("source")
    if not isinstance(source, dict) or len(source) != 1:
        return f"{where}.image.source must have exactly one of bytes, s3Location."
    if "bytes" in source:
        try:
            base64.b64decode(source["bytes"], validate=True)
        except (binascii.Error, TypeError, ValueError):
            return f"{where}.image.source.bytes is not valid base64."
    elif "s3Location" not in source or not str(source["s3Location"].get("uri", "")).startswith("s3://"):
        return f"{where}.image.source must have exactly one of bytes, s3Location."
    return None


def _check_inference(cfg: Any) -> str | None:
    if cfg is None:
        return None
    if not isinstance(cfg, dict) or set(cfg) - {"maxTokens", "temperature", "topP", "stopSequences"}:
        return "inferenceConfig has unknown members."
    if "maxTokens" in cfg and (not isinstance(cfg["maxTokens"], int) or cfg["maxTokens"] < 1):
        return (
            "Value at 'inferenceConfig.maxTokens' failed to satisfy constraint: "
            "Member must have value greater than or equal to 1"
        )
    for key in ("temperature", "topP"):
        if key in cfg and not 0 <= cfg[key] <= 1:
            return (
                f"Value at 'inferenceConfig.{key}' failed to satisfy constraint: "
                "Member must have value less than or equal to 1"
            )
    stops = cfg.get("stopSequences", [])
    if not isinstance(stops, list) or not all(isinstance(s, str) and s for s in stops):
        return "inferenceConfig.stopSequences must be a list of non-empty strings."
    return None


def _check_tools(cfg: Any) -> str | None:
    if cfg is None:
        return None
    if not isinstance(cfg, dict) or set(cfg) - {"tools", "toolChoice"}:
        return "toolConfig has unknown members."
    tools = cfg.get("tools")
    if not isinstance(tools, list) or not tools:
        return "The provided request is not valid"  # what Bedrock says to an empty toolConfig
    names = []
    for k, t in enumerate(tools):
        spec = t.get("toolSpec") if isinstance(t, dict) and len(t) == 1 else None
        if not isinstance(spec, dict) or set(spec) - {"name", "description", "inputSchema"}:
            return f"toolConfig.tools.{k} must be a toolSpec."
        if not _TOOL_NAME_RE.match(str(spec.get("name"))):
            return f"Value at 'toolConfig.tools.{k}.member.toolSpec.name' failed to satisfy constraint"
        if "description" in spec and not str(spec["description"]).strip():
            return f"toolConfig.tools.{k}.toolSpec.description must not be blank."
        schema = (spec.get("inputSchema") or {}).get("json")
        if not isinstance(schema, dict) or schema.get("type") != "object":
            return f"toolConfig.tools.{k}.toolSpec.inputSchema.json must be a JSON schema of type object."
        names.append(spec["name"])
    choice = cfg.get("toolChoice")
    if choice is not None:
        if not isinstance(choice, dict) or len(choice) != 1 or next(iter(choice)) not in ("auto", "any", "tool"):
            return "toolConfig.toolChoice must have exactly one of auto, any, tool."
        if "tool" in choice and choice["tool"].get("name") not in names:
            return f"toolConfig.toolChoice.tool.name {choice['tool'].get('name')} is not one of the tools."
    return None


# --- the scenario -----------------------------------------------------------------------


@dataclass
class Answer:
    text: str
    tool: str | None  # the tool called, if any
    stop_reason: str


def scenario(body: dict[str, Any]) -> tuple[Scenario, Answer]:
    msgs = body["messages"]
    user_texts = [
        "".join(b["text"] for b in m["content"] if "text" in b)
        for m in msgs
        if m["role"] == "user" and any("text" in b for b in m["content"])
    ]
    last_blocks = msgs[-1]["content"]
    results = [b["toolResult"] for b in last_blocks if "toolResult" in b] if msgs[-1]["role"] == "user" else []
    tool_result = "".join(c.get("text", "") for c in results[-1]["content"]) if results else None
    cfg = body.get("toolConfig") or {}
    names = [t["toolSpec"]["name"] for t in cfg.get("tools") or ()]
    forced = (cfg.get("toolChoice") or {}).get("tool", {}).get("name")
    sc = Scenario(last_user_text=user_texts[-1] if user_texts else "", tool_names=names, tool_result=tool_result)
    if sc.trigger == "policy":
        return sc, Answer(GUARDRAIL_TEXT, None, "guardrail_intervened")
    if sc.calls_tool or forced:
        return sc, Answer("", forced or names[0], "tool_use")
    text, stop = sc.text, "end_turn"
    inference = body.get("inferenceConfig") or {}
    for s in inference.get("stopSequences") or ():
        if s in text:
            text, stop = text[: text.index(s)], "stop_sequence"
    if inference.get("maxTokens", 10**6) < USAGE["output"]:
        text, stop = text[: inference["maxTokens"] * 2], "max_tokens"  # a "token" is two characters here
    return sc, Answer(text, None, stop)


def _usage() -> dict[str, int]:
    fresh = USAGE["input"] - USAGE["cached"]  # Bedrock's inputTokens leaves cache reads out
    return {
        "inputTokens": fresh,
        "outputTokens": USAGE["output"],
        "totalTokens": fresh + USAGE["output"] + USAGE["cached"],
        "cacheReadInputTokens": USAGE["cached"],
        "cacheWriteInputTokens": 0,
    }


def trigger_error(trigger: str | None) -> Response | None:
    if trigger == "context":
        return error(400, "ValidationException", "Input is too long for requested model.")
    if trigger == "ratelimit":
        return error(429, "ThrottlingException", "Too many requests, please wait before trying again.")
    if trigger == "overloaded":
        return error(503, "ServiceUnavailableException", "Bedrock is unable to process your request.")
    if trigger == "server":
        return error(
            500, "InternalServerException", "The server encountered an internal error while processing the request."
        )
    if trigger == "auth":
        return error(403, "AccessDeniedException", "You don't have access to the model with the specified model ID.")
    return None


def create_app(state: FakeState, ident: AwsTestIdentity | None = None) -> Starlette:
    ident = ident or AwsTestIdentity()

    async def handle(request: Request) -> Response:
        raw = await request.body()
        try:
            body = json.loads(raw)
        except json.JSONDecodeError:
            body = None
        state.record(request.scope["raw_path"].decode("latin-1"), dict(request.headers), body)
        if state.down:
            return error(503, "ServiceUnavailableException", "Bedrock is unable to process your request.")
        if state.fail_next:
            status, payload, headers = state.fail_next.pop(0)
            return JSONResponse(payload, status_code=status, headers=headers)
        if (denied := verify_request(request, raw, ident)) is not None:
            return denied
        if request.headers.get("content-type") != "application/json":
            return error(415, "UnsupportedMediaTypeException", "Unsupported Media Type")
        if (problem := validate(body)) is not None:
            return _invalid(problem)
        sc, answer = scenario(body)
        if (err := trigger_error(sc.trigger)) is not None:
            return err
        if request.url.path.endswith("/converse-stream"):
            return StreamingResponse(
                _stream(sc, answer),
                media_type="application/vnd.amazon.eventstream",
                headers={"x-amzn-RequestId": "req-fake-1"},
            )
        content: list[dict[str, Any]]
        if answer.tool is not None:
            content = [
                {"toolUse": {"toolUseId": "tooluse_abc123", "name": answer.tool, "input": json.loads(TOOL_ARGS)}}
            ]
        else:
            content = [{"text": answer.text}]
        return JSONResponse(
            {
                "output": {"message": {"role": "assistant", "content": content}},
                "stopReason": answer.stop_reason,
                "usage": _usage(),
                "metrics": {"latencyMs": 321},
            },
            headers={"x-amzn-RequestId": "req-fake-1"},
        )

    routes = [
        Route("/model/{model_id:path}/converse", handle, methods=["POST"]),
        Route("/model/{model_id:path}/converse-stream", handle, methods=["POST"]),
    ]
    return Starlette(routes=routes)


def _event(kind: str, payload: dict[str, Any]) -> bytes:
    return encode_event(kind, json.dumps({**payload, "p": PADDING}).encode())


async def _stream(sc: Scenario, answer: Answer) -> AsyncIterator[bytes]:
    yield _event("messageStart", {"role": "assistant"})
    if answer.tool is not None:
        start = {"toolUse": {"toolUseId": "tooluse_abc123", "name": answer.tool}}
        yield _event("contentBlockStart", {"contentBlockIndex": 0, "start": start})
        half = len(TOOL_ARGS) // 2
        for piece in (TOOL_ARGS[:half], TOOL_ARGS[half:]):
            yield _event("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"toolUse": {"input": piece}}})
    else:
        for i, piece in enumerate(pieces(answer.text)):
            yield _event("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": piece}})
            if i == 0 and sc.trigger == "cut":
                return  # the connection ends with no messageStop: a cut stream
            if i == 0 and sc.trigger == "midstream-error":
                err = {
                    "message": "The model encountered an error while streaming.",
                    "originalStatusCode": 500,
                    "originalMessage": "internal model error",
                }
                yield encode_exception("modelStreamErrorException", json.dumps(err).encode())
                return
    yield _event("contentBlockStop", {"contentBlockIndex": 0})
    yield _event("messageStop", {"stopReason": answer.stop_reason})
    yield _event("metadata", {"usage": _usage(), "metrics": {"latencyMs": 321}})
