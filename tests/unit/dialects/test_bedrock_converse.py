"""The Bedrock Converse dialect as pure translation: request bodies, answers, stream frames, errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from orkester.dialects.aws_eventstream import encode_event, encode_exception, encode_message
from orkester.dialects.bedrock_converse import (
    JSON_TOOL_NAME,
    NO_TOOLS_NAME,
    BedrockConverseDialect,
)
from orkester.errors import (
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
)
from orkester.types import ChatChunk, ChatRequest

D = BedrockConverseDialect()
MODEL = "amazon.nova-lite-v1:0"
TOOL: dict[str, Any] = {
    "type": "function",
    "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"q": {"type": "string"}}}},
}


def req(messages: list[dict[str, Any]], **kw: Any) -> ChatRequest:
    return ChatRequest.model_validate({"model": "m", "messages": messages, **kw})


def user(text: str) -> dict[str, Any]:
    return {"role": "user", "content": text}


# --- encoding ---------------------------------------------------------------------------


def test_minimal_body_has_only_converse_fields() -> None:
    body = D.encode_chat(req([user("hi")], stream=True, seed=3, user="u1", metadata={"a": "b"}), MODEL, stream=True)
    assert body == {"messages": [{"role": "user", "content": [{"text": "hi"}]}]}


def test_inference_config() -> None:
    body = D.encode_chat(req([user("hi")], max_tokens=9, temperature=0.5, top_p=0.25, stop="###"), MODEL, stream=False)
    assert body["inferenceConfig"] == {"maxTokens": 9, "temperature": 0.5, "topP": 0.25, "stopSequences": ["###"]}
    body = D.encode_chat(req([user("hi")], max_tokens=9, max_completion_tokens=20), MODEL, stream=False)
    assert body["inferenceConfig"] == {"maxTokens": 20}


def test_system_developer_and_blank_blocks() -> None:
    body = D.encode_chat(
        req(
            [
                {"role": "system", "content": "Rule one."},
                {"role": "developer", "content": [{"type": "text", "text": "Rule two."}]},
                {"role": "system", "content": "   "},
                user("hi"),
                {"role": "assistant", "content": ""},
                user("again"),
            ]
        ),
        MODEL,
        stream=False,
    )
    assert body["system"] == [{"text": "Rule one."}, {"text": "Rule two."}]
    # the blank assistant turn vanishes, so the two user turns merge
    assert body["messages"] == [{"role": "user", "content": [{"text": "hi"}, {"text": "again"}]}]


def test_tool_calls_and_results() -> None:
    calls = [
        {"id": "a", "type": "function", "function": {"name": "get_weather", "arguments": '{"q": "Oslo"}'}},
        {"id": "b", "type": "function", "function": {"name": "get_weather", "arguments": ""}},
    ]
    body = D.encode_chat(
        req(
            [
                user("both?"),
                {"role": "assistant", "content": "Looking.", "tool_calls": calls},
                {"role": "tool", "tool_call_id": "a", "content": "7"},
                {"role": "tool", "tool_call_id": "b", "content": ""},
                user("thanks"),
            ],
            tools=[TOOL],
        ),
        MODEL,
        stream=False,
    )
    assert body["messages"][1] == {
        "role": "assistant",
        "content": [
            {"text": "Looking."},
            {"toolUse": {"toolUseId": "a", "name": "get_weather", "input": {"q": "Oslo"}}},
            {"toolUse": {"toolUseId": "b", "name": "get_weather", "input": {}}},
        ],
    }
    assert body["messages"][2] == {
        "role": "user",
        "content": [
            {"toolResult": {"toolUseId": "a", "content": [{"text": "7"}]}},
            {"toolResult": {"toolUseId": "b", "content": [{"text": "(no output)"}]}},
            {"text": "thanks"},
        ],
    }
    assert body["toolConfig"] == {
        "tools": [{"toolSpec": {"name": "get_weather", "inputSchema": {"json": TOOL["function"]["parameters"]}}}]
    }


def test_bad_tool_arguments_are_a_request_error() -> None:
    call = {"id": "a", "type": "function", "function": {"name": "f", "arguments": "{not json"}}
    with pytest.raises(RequestError, match="JSON"):
        D.encode_chat(req([user("x"), {"role": "assistant", "tool_calls": [call]}]), MODEL, stream=False)


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        (None, None),
        ("auto", {"auto": {}}),
        ("required", {"any": {}}),
        ({"type": "function", "function": {"name": "get_weather"}}, {"tool": {"name": "get_weather"}}),
    ],
)
def test_tool_choice(choice: Any, expected: dict[str, Any] | None) -> None:
    cfg = D.encode_chat(req([user("x")], tools=[TOOL], tool_choice=choice), MODEL, stream=False)["toolConfig"]
    assert cfg.get("toolChoice") == expected


def test_tool_choice_none() -> None:
    assert "toolConfig" not in D.encode_chat(req([user("x")], tools=[TOOL], tool_choice="none"), MODEL, stream=False)
    history = [
        user("x"),
        {"role": "assistant", "tool_calls": [{"id": "a", "function": {"name": "get_weather", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "a", "content": "7"},
    ]
    cfg = D.encode_chat(req(history, tools=[TOOL], tool_choice="none"), MODEL, stream=False)["toolConfig"]
    assert [t["toolSpec"]["name"] for t in cfg["tools"]] == [NO_TOOLS_NAME]
    assert "toolChoice" not in cfg


def test_images() -> None:
    parts = [
        {"type": "image_url", "image_url": {"url": "data:image/jpg;base64,AAEC"}},
        {"type": "image_url", "image_url": {"url": "data:image/webp,%00%01"}},
        {"type": "image_url", "image_url": {"url": "s3://bucket/photos/cat.GIF"}},
    ]
    content = D.encode_chat(req([{"role": "user", "content": parts}]), MODEL, stream=False)["messages"][0]["content"]
    assert content == [
        {"image": {"format": "jpeg", "source": {"bytes": "AAEC"}}},
        {"image": {"format": "webp", "source": {"bytes": "AAE="}}},
        {"image": {"format": "gif", "source": {"s3Location": {"uri": "s3://bucket/photos/cat.GIF"}}}},
    ]


@pytest.mark.parametrize(
    ("url", "cls", "match"),
    [
        ("https://example.com/a.png", UnsupportedFeatureError, "http"),
        ("data:image/tiff;base64,AAAA", UnsupportedFeatureError, "tiff"),
        ("data:application/pdf;base64,AAAA", UnsupportedFeatureError, "application/pdf"),
        ("s3://bucket/file", UnsupportedFeatureError, "s3://"),
        ("data:image/png;base64,not base64!", RequestError, "base64"),
    ],
)
def test_image_refusals(url: str, cls: type[Exception], match: str) -> None:
    parts = [{"type": "image_url", "image_url": {"url": url}}]
    with pytest.raises(cls, match=match) as ei:
        D.encode_chat(req([{"role": "user", "content": parts}]), MODEL, stream=False)
    assert ei.value.param == "messages[0].content[0]"  # type: ignore[attr-defined]


def test_unsupported_request_features() -> None:
    with pytest.raises(UnsupportedFeatureError, match="n > 1"):
        D.encode_chat(req([user("x")], n=2), MODEL, stream=False)
    with pytest.raises(UnsupportedFeatureError, match="logprobs"):
        D.encode_chat(req([user("x")], logprobs=True), MODEL, stream=False)


def test_bedrock_fields_pass_through() -> None:
    extra = {"additionalModelRequestFields": {"top_k": 5}, "guardrailConfig": {"guardrailIdentifier": "g"}}
    body = D.encode_chat(req([user("x")], **extra), MODEL, stream=False)
    assert body["additionalModelRequestFields"] == {"top_k": 5}
    assert body["guardrailConfig"] == {"guardrailIdentifier": "g"}


def test_json_modes() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}}
    fmt = {"type": "json_schema", "json_schema": {"name": "x", "description": "An a.", "schema": schema}}
    cfg = D.encode_chat(req([user("x")], response_format=fmt), MODEL, stream=False)["toolConfig"]
    assert cfg["toolChoice"] == {"tool": {"name": JSON_TOOL_NAME}}
    spec = cfg["tools"][0]["toolSpec"]
    assert spec["inputSchema"] == {"json": schema} and spec["description"].endswith("An a.")
    cfg = D.encode_chat(req([user("x")], response_format={"type": "json_object"}), MODEL, stream=False)["toolConfig"]
    assert cfg["tools"][0]["toolSpec"]["inputSchema"] == {"json": {"type": "object"}}
    forced = {"type": "function", "function": {"name": "get_weather"}}
    cfg = D.encode_chat(req([user("x")], tools=[TOOL], tool_choice=forced, response_format=fmt), MODEL, stream=False)[
        "toolConfig"
    ]
    assert cfg["toolChoice"] == {"tool": {"name": "get_weather"}}  # the caller's own choice wins

    plain = BedrockConverseDialect(json_mode="instruction")
    body = plain.encode_chat(
        req([{"role": "system", "content": "S."}, user("x")], response_format=fmt), MODEL, stream=False
    )
    assert "toolConfig" not in body
    assert body["system"][0] == {"text": "S."}
    assert json.dumps(schema, separators=(",", ":")) in body["system"][1]["text"]
    body = plain.encode_chat(req([user("x")], response_format={"type": "json_object"}), MODEL, stream=False)
    assert "JSON object" in body["system"][0]["text"]


# --- non-streamed answers ---------------------------------------------------------------


def answer(
    content: list[dict[str, Any]], stop: str = "end_turn", usage: dict[str, int] | None = None
) -> dict[str, Any]:
    return {
        "output": {"message": {"role": "assistant", "content": content}},
        "stopReason": stop,
        "usage": usage or {"inputTokens": 5, "outputTokens": 2, "totalTokens": 7},
        "metrics": {"latencyMs": 10},
    }


@pytest.mark.parametrize(
    ("stop", "finish"),
    [
        ("end_turn", "stop"),
        ("stop_sequence", "stop"),
        ("max_tokens", "length"),
        ("model_context_window_exceeded", "length"),
        ("guardrail_intervened", "content_filter"),
        ("content_filtered", "content_filter"),
        ("malformed_model_output", "error"),
        ("something_new", "stop"),
    ],
)
def test_stop_reasons(stop: str, finish: str) -> None:
    assert D.decode_chat(answer([{"text": "x"}], stop), MODEL).choices[0].finish_reason == finish


def test_text_tool_use_and_usage() -> None:
    r = D.decode_chat(
        answer(
            [
                {"reasoningContent": {"reasoningText": {"text": "hmm"}}},
                {"text": "Let me check."},
                {"toolUse": {"toolUseId": "t1", "name": "get_weather", "input": {"q": "Oslo"}}},
            ],
            "tool_use",
            {
                "inputTokens": 4,
                "outputTokens": 7,
                "totalTokens": 20,
                "cacheReadInputTokens": 3,
                "cacheWriteInputTokens": 6,
            },
        ),
        MODEL,
    )
    c = r.choices[0]
    assert (c.content, c.finish_reason) == ("Let me check.", "tool_calls")
    assert [(t.id, t.name, json.loads(t.arguments)) for t in c.tool_calls] == [("t1", "get_weather", {"q": "Oslo"})]
    u = r.usage
    assert (u.input_tokens, u.output_tokens, u.cached_input_tokens, u.reasoning_tokens) == (13, 7, 3, 0)
    assert r.model == MODEL


def test_hidden_tools_are_not_tool_calls() -> None:
    r = D.decode_chat(
        answer([{"toolUse": {"toolUseId": "j", "name": JSON_TOOL_NAME, "input": {"a": 1}}}], "tool_use"), MODEL
    )
    assert (r.choices[0].content, r.choices[0].finish_reason, r.choices[0].tool_calls) == ('{"a":1}', "stop", [])
    r = D.decode_chat(answer([{"toolUse": {"toolUseId": "n", "name": NO_TOOLS_NAME, "input": {}}}], "tool_use"), MODEL)
    assert (r.choices[0].content, r.choices[0].finish_reason, r.choices[0].tool_calls) == (None, "stop", [])


# --- streams ----------------------------------------------------------------------------


def ev(kind: str, payload: dict[str, Any]) -> bytes:
    return encode_event(kind, json.dumps({**payload, "p": "abcdef"}).encode())


def run(data: bytes, *, split: int | None = None) -> list[ChatChunk]:
    dec = D.stream_decoder(MODEL)
    parts = [data] if split is None else [data[i : i + split] for i in range(0, len(data), split)]
    out = [c for part in parts for c in dec.feed(part)]
    out.extend(dec.close())
    return out


END = ev("messageStop", {"stopReason": "end_turn"}) + ev(
    "metadata", {"usage": {"inputTokens": 8, "outputTokens": 7, "totalTokens": 18, "cacheReadInputTokens": 3}}
)


def test_text_stream() -> None:
    data = (
        ev("messageStart", {"role": "assistant"})
        + ev("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": "Hel"}})
        + ev("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"reasoningContent": {"text": "…"}}})
        + ev("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": "lo"}})
        + ev("contentBlockStop", {"contentBlockIndex": 0})
        + ev("somethingNew", {})
        + END
    )
    for split in (None, 1, 7):
        chunks = run(data, split=split)
        assert chunks[0].choices[0].role == "assistant"
        assert "".join(d.content or "" for c in chunks for d in c.choices) == "Hello"
        assert [d.finish_reason for c in chunks for d in c.choices if d.finish_reason] == ["stop"]
        usage = chunks[-1].usage
        assert usage is not None and (usage.input_tokens, usage.cached_input_tokens) == (11, 3)
        assert all(c.model == MODEL for c in chunks)


def test_tool_stream_with_two_calls_after_text() -> None:
    def start(i: int, tid: str) -> bytes:
        return ev("contentBlockStart", {"contentBlockIndex": i, "start": {"toolUse": {"toolUseId": tid, "name": "f"}}})

    def piece(i: int, s: str) -> bytes:
        return ev("contentBlockDelta", {"contentBlockIndex": i, "delta": {"toolUse": {"input": s}}})

    data = (
        ev("messageStart", {"role": "assistant"})
        + ev("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": "On it."}})
        + start(1, "t1")
        + piece(1, '{"q": ')
        + piece(1, '"a"}')
        + start(2, "t2")
        + piece(2, "{}")
        + ev("messageStop", {"stopReason": "tool_use"})
    )
    chunks = run(data)
    calls: dict[int, dict[str, str]] = {}
    for c in chunks:
        for d in c.choices:
            for tc in d.tool_calls or ():
                slot = calls.setdefault(tc.index, {"id": "", "name": "", "args": ""})
                slot["id"] += tc.id or ""
                slot["name"] += tc.name or ""
                slot["args"] += tc.arguments or ""
    assert calls == {0: {"id": "t1", "name": "f", "args": '{"q": "a"}'}, 1: {"id": "t2", "name": "f", "args": "{}"}}
    assert chunks[-1].choices[0].finish_reason == "tool_calls"


def test_json_tool_stream_becomes_text() -> None:
    start = {"contentBlockIndex": 0, "start": {"toolUse": {"toolUseId": "j", "name": JSON_TOOL_NAME}}}
    data = (
        ev("contentBlockStart", start)
        + ev("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"toolUse": {"input": '{"a":'}}})
        + ev("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"toolUse": {"input": "1}"}}})
        + ev("messageStop", {"stopReason": "tool_use"})
    )
    chunks = run(data)
    assert "".join(d.content or "" for c in chunks for d in c.choices) == '{"a":1}'
    assert not any(d.tool_calls for c in chunks for d in c.choices)
    assert chunks[-1].choices[0].finish_reason == "stop"


def test_missing_message_stop_is_an_interruption() -> None:
    data = ev("messageStart", {"role": "assistant"}) + ev(
        "contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": "x"}}
    )
    with pytest.raises(StreamInterruptedError, match="messageStop"):
        run(data)


def test_frame_cut_in_half_is_an_interruption() -> None:
    data = ev("messageStart", {"role": "assistant"}) + END
    with pytest.raises(StreamInterruptedError, match="inside a frame"):
        run(data[:-3])


def test_corrupt_frame_is_an_interruption() -> None:
    data = bytearray(ev("messageStart", {"role": "assistant"}) + END)
    data[30] ^= 0x10
    with pytest.raises(StreamInterruptedError, match="CRC"):
        run(bytes(data))


def test_tool_delta_without_start_is_a_server_error() -> None:
    with pytest.raises(UpstreamServerError, match="contentBlockStart"):
        run(ev("contentBlockDelta", {"contentBlockIndex": 3, "delta": {"toolUse": {"input": "{}"}}}) + END)


@pytest.mark.parametrize(
    ("exception", "cls", "status"),
    [
        ("throttlingException", UpstreamRateLimitError, 429),
        ("modelStreamErrorException", UpstreamServerError, 424),
        ("internalServerException", UpstreamServerError, 500),
        ("serviceUnavailableException", UpstreamUnavailableError, 503),
        ("validationException", UpstreamBadRequestError, 400),
    ],
)
def test_in_stream_exceptions(exception: str, cls: type[UpstreamError], status: int) -> None:
    data = ev("messageStart", {"role": "assistant"}) + encode_exception(exception, b'{"message":"boom"}')
    with pytest.raises(cls, match="boom") as ei:
        run(data)
    assert type(ei.value) is cls and ei.value.upstream_status == status


def test_in_stream_context_error_and_error_frames() -> None:
    too_long = encode_exception("validationException", b'{"message":"Input is too long for requested model."}')
    with pytest.raises(ContextWindowError):
        run(too_long)
    error_frame = encode_message({":message-type": "error", ":error-code": "InternalFailure", ":error-message": "oops"})
    with pytest.raises(UpstreamServerError, match="oops"):
        run(error_frame)


def test_event_that_is_not_json() -> None:
    with pytest.raises(UpstreamServerError, match="not JSON"):
        run(encode_event("messageStop", b"{oops"))


# --- errors -----------------------------------------------------------------------------


def err(status: int, kind: str | None, message: str, **headers: str) -> UpstreamError:
    h = dict(headers)
    if kind is not None:
        h["x-amzn-ErrorType"] = f"{kind}:http://internal.amazon.com/coral/com.amazon.bedrock/"
    return D.decode_error(status, json.dumps({"message": message}).encode(), h)


@pytest.mark.parametrize(
    ("status", "kind", "message", "cls"),
    [
        (400, "ValidationException", "Input is too long for requested model.", ContextWindowError),
        (400, "ValidationException", "prompt is too long: 210000 tokens > 200000 maximum", ContextWindowError),
        (400, "ValidationException", "Too many input tokens. Max input tokens: 8192", ContextWindowError),
        (400, "ValidationException", "The request was blocked by content filters.", ContentPolicyError),
        (
            400,
            "ValidationException",
            "A conversation must alternate between user and assistant roles.",
            UpstreamBadRequestError,
        ),
        (429, "ThrottlingException", "Too many requests, please wait before trying again.", UpstreamRateLimitError),
        (400, "ServiceQuotaExceededException", "Your request exceeds the service quota.", UpstreamRateLimitError),
        (403, "AccessDeniedException", "You don't have access to the model.", UpstreamAuthError),
        (
            403,
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
            UpstreamAuthError,
        ),
        (403, "InvalidSignatureException", "Signature expired", UpstreamAuthError),
        (429, "ModelNotReadyException", "Model is not ready.", UpstreamUnavailableError),
        (503, "ServiceUnavailableException", "Bedrock is unable to process your request.", UpstreamUnavailableError),
        (500, "InternalServerException", "Internal error.", UpstreamServerError),
        (424, "ModelErrorException", "The model failed.", UpstreamServerError),
        (408, "ModelTimeoutException", "Model timed out.", UpstreamTimeoutError),
        (404, "ResourceNotFoundException", "Model not found.", UpstreamError),
        (502, None, "Bad gateway", UpstreamServerError),
        (400, None, "input too long", ContextWindowError),
    ],
)
def test_decode_error(status: int, kind: str | None, message: str, cls: type[UpstreamError]) -> None:
    e = err(status, kind, message)
    assert type(e) is cls
    assert e.upstream_status == status
    assert message in e.message and (kind is None or e.message.startswith(kind))


def test_decode_error_details() -> None:
    e = err(429, "ThrottlingException", "slow", **{"Retry-After": "3"})
    assert e.retry_after == 3.0
    # the error type may also come in the body, in Smithy's namespaced form
    body = json.dumps({"__type": "com.amazon.bedrock#AccessDeniedException", "Message": "no"}).encode()
    e = D.decode_error(403, body, {})
    assert type(e) is UpstreamAuthError and e.message == "AccessDeniedException: no"
    e = D.decode_error(503, b"<html>busy</html>", {})
    assert type(e) is UpstreamUnavailableError and "busy" in e.message
