"""The Anthropic Messages dialect as pure translation: bodies in, bodies out, no network."""

from __future__ import annotations

import json
from typing import Any

import pytest

from orkester.dialects.anthropic_messages import (
    JSON_TOOL,
    OPENING_TURN,
    AnthropicMessagesDialect,
    AnthropicStreamDecoder,
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
    UpstreamNotFoundError,
    UpstreamRateLimitError,
    UpstreamServerError,
    UpstreamTimeoutError,
    UpstreamUnavailableError,
)
from orkester.types import ChatChunk, ChatRequest

D = AnthropicMessagesDialect()
TOOL = {"type": "function", "function": {"name": "f", "parameters": {"type": "object", "properties": {}}}}


def req(messages: list[dict[str, Any]], **kw: Any) -> ChatRequest:
    return ChatRequest.model_validate({"model": "m", "messages": messages, **kw})


def user(text: str) -> dict[str, Any]:
    return {"role": "user", "content": text}


def call(cid: str, args: str = "{}", name: str = "f") -> dict[str, Any]:
    return {"id": cid, "type": "function", "function": {"name": name, "arguments": args}}


# --- requests --------------------------------------------------------------------------------


def test_minimal_body() -> None:
    assert D.encode_chat(req([user("hi")]), "claude-x", stream=False) == {
        "model": "claude-x",
        "max_tokens": 4096,
        "messages": [{"role": "user", "content": "hi"}],
    }
    assert D.encode_chat(req([user("hi")]), "claude-x", stream=True)["stream"] is True
    assert (
        AnthropicMessagesDialect(default_max_tokens=99).encode_chat(req([user("hi")]), "m", stream=False)["max_tokens"]
        == 99
    )


def test_max_completion_tokens_wins_over_max_tokens() -> None:
    body = D.encode_chat(req([user("hi")], max_tokens=10, max_completion_tokens=20), "m", stream=False)
    assert body["max_tokens"] == 20


def test_system_messages_anywhere_are_hoisted_and_joined() -> None:
    body = D.encode_chat(
        req([{"role": "system", "content": "A"}, user("hi"), {"role": "developer", "content": "B"}]), "m", stream=False
    )
    assert body["system"] == "A\n\nB"
    assert body["messages"] == [{"role": "user", "content": "hi"}]


def test_conversation_opening_with_assistant_gets_a_user_turn() -> None:
    body = D.encode_chat(req([{"role": "assistant", "content": "Hello!"}, user("hi")]), "m", stream=False)
    assert body["messages"] == [
        {"role": "user", "content": OPENING_TURN},
        {"role": "assistant", "content": "Hello!"},
        {"role": "user", "content": "hi"},
    ]
    only_system = D.encode_chat(req([{"role": "system", "content": "Say hi."}]), "m", stream=False)
    assert only_system["messages"] == [{"role": "user", "content": OPENING_TURN}]


def test_same_role_messages_merge_and_empty_ones_vanish() -> None:
    body = D.encode_chat(
        req([user("a"), {"role": "assistant", "content": ""}, user("b"), {"role": "assistant", "content": None}]),
        "m",
        stream=False,
    )
    assert body["messages"] == [
        {"role": "user", "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]}
    ]


def test_tool_results_merge_and_come_before_text() -> None:
    body = D.encode_chat(
        req(
            [
                user("go"),
                {"role": "assistant", "content": None, "tool_calls": [call("c1"), call("c2", '{"x": 1}')]},
                {"role": "tool", "tool_call_id": "c1", "content": "one"},
                user("and also"),
                {"role": "tool", "tool_call_id": "c2", "content": [{"type": "text", "text": "two"}]},
            ]
        ),
        "m",
        stream=False,
    )
    assert body["messages"][1]["content"] == [
        {"type": "tool_use", "id": "c1", "name": "f", "input": {}},
        {"type": "tool_use", "id": "c2", "name": "f", "input": {"x": 1}},
    ]
    assert body["messages"][2]["content"] == [
        {"type": "tool_result", "tool_use_id": "c1", "content": "one"},
        {"type": "tool_result", "tool_use_id": "c2", "content": "two"},
        {"type": "text", "text": "and also"},
    ]


def test_tool_ids_are_mapped_the_same_on_both_sides() -> None:
    body = D.encode_chat(
        req(
            [
                user("go"),
                {"role": "assistant", "tool_calls": [call("functions.f:0")]},
                {"role": "tool", "tool_call_id": "functions.f:0", "content": "ok"},
            ]
        ),
        "m",
        stream=False,
    )
    assert body["messages"][1]["content"][0]["id"] == "functions_f_0"
    assert body["messages"][2]["content"][0]["tool_use_id"] == "functions_f_0"


def test_tool_result_with_an_image_keeps_blocks() -> None:
    body = D.encode_chat(
        req(
            [
                user("look"),
                {"role": "assistant", "tool_calls": [call("c1")]},
                {
                    "role": "tool",
                    "tool_call_id": "c1",
                    "content": [
                        {"type": "text", "text": "screenshot:"},
                        {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,AAAA"}},
                    ],
                },
            ]
        ),
        "m",
        stream=False,
    )
    assert body["messages"][2]["content"][0]["content"] == [
        {"type": "text", "text": "screenshot:"},
        {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "AAAA"}},
    ]


def test_assistant_images_are_dropped() -> None:
    content = [{"type": "text", "text": "see"}, {"type": "image_url", "image_url": {"url": "https://x/y.png"}}]
    body = D.encode_chat(req([user("hi"), {"role": "assistant", "content": content}]), "m", stream=False)
    assert body["messages"][1] == {"role": "assistant", "content": "see"}


@pytest.mark.parametrize(
    "url", ["data:image/png,rawbytes", "data:;base64,AAAA", "ftp://host/x.png", "file:///etc/passwd"]
)
def test_unusable_image_urls_are_refused(url: str) -> None:
    content = [{"type": "image_url", "image_url": {"url": url}}]
    with pytest.raises(RequestError):
        D.encode_chat(req([{"role": "user", "content": content}]), "m", stream=False)


def test_data_url_with_extra_parameters() -> None:
    content = [{"type": "image_url", "image_url": {"url": "data:image/webp;name=a.webp;base64,UklG"}}]
    body = D.encode_chat(req([{"role": "user", "content": content}]), "m", stream=False)
    assert body["messages"][0]["content"][0]["source"] == {"type": "base64", "media_type": "image/webp", "data": "UklG"}


@pytest.mark.parametrize("args", ["{not json", "[1, 2]"])
def test_tool_call_arguments_must_be_a_json_object(args: str) -> None:
    with pytest.raises(RequestError):
        D.encode_chat(req([user("go"), {"role": "assistant", "tool_calls": [call("c1", args)]}]), "m", stream=False)


def test_empty_tool_arguments_are_an_empty_object() -> None:
    body = D.encode_chat(req([user("go"), {"role": "assistant", "tool_calls": [call("c1", "")]}]), "m", stream=False)
    assert body["messages"][1]["content"][0]["input"] == {}


def test_tool_message_without_id_is_refused() -> None:
    with pytest.raises(RequestError):
        D.encode_chat(req([user("go"), {"role": "tool", "content": "x"}]), "m", stream=False)


def test_sampling_and_passthrough() -> None:
    body = D.encode_chat(
        req([user("hi")], temperature=2, top_p=0.5, stop=["\n", "END"], user="u1", top_k=5, seed=1, logprobs=True),
        "m",
        stream=False,
    )
    assert body["temperature"] == 1.0 and body["top_p"] == 0.5 and body["top_k"] == 5
    assert body["stop_sequences"] == ["END"]  # whitespace-only sequences are refused by Anthropic
    assert body["metadata"] == {"user_id": "u1"}
    assert "seed" not in body and "logprobs" not in body and "user" not in body


def test_n_above_one_is_unsupported() -> None:
    with pytest.raises(UnsupportedFeatureError):
        D.encode_chat(req([user("hi")], n=2), "m", stream=False)


def test_tools_and_choices() -> None:
    tool = {
        "type": "function",
        "function": {"name": "f", "description": "does f", "strict": True, "parameters": {"type": "object"}},
    }
    body = D.encode_chat(
        req([user("hi")], tools=[tool, {"type": "function", "function": {"name": "g"}}]), "m", stream=False
    )
    assert body["tools"] == [
        {"name": "f", "description": "does f", "input_schema": {"type": "object"}},
        {"name": "g", "input_schema": {"type": "object", "properties": {}}},
    ]
    assert "tool_choice" not in body
    native = AnthropicMessagesDialect(native_structured_outputs=True)
    assert native.encode_chat(req([user("hi")], tools=[tool]), "m", stream=False)["tools"][0]["strict"] is True


def test_tool_choice_without_tools_is_not_sent() -> None:
    body = D.encode_chat(req([user("hi")], tool_choice="auto", parallel_tool_calls=False), "m", stream=False)
    assert "tool_choice" not in body and "tools" not in body


def test_parallel_false_is_not_put_on_none() -> None:
    body = D.encode_chat(
        req([user("hi")], tools=[TOOL], tool_choice="none", parallel_tool_calls=False), "m", stream=False
    )
    assert body["tool_choice"] == {"type": "none"}


def test_unknown_tool_choice_shape_is_unsupported() -> None:
    choice = {"type": "allowed_tools", "allowed_tools": {"mode": "auto", "tools": []}}
    with pytest.raises(UnsupportedFeatureError):
        D.encode_chat(req([user("hi")], tools=[TOOL], tool_choice=choice), "m", stream=False)


def test_json_mode_with_tool_choice_none_sends_only_the_json_tool() -> None:
    body = D.encode_chat(
        req([user("hi")], tools=[TOOL], tool_choice="none", response_format={"type": "json_object"}), "m", stream=False
    )
    assert [t["name"] for t in body["tools"]] == [JSON_TOOL]
    assert body["tool_choice"] == {"type": "tool", "name": JSON_TOOL}


def test_json_mode_keeps_a_forced_caller_tool() -> None:
    choice = {"type": "function", "function": {"name": "f"}}
    body = D.encode_chat(
        req([user("hi")], tools=[TOOL], tool_choice=choice, response_format={"type": "json_object"}), "m", stream=False
    )
    assert body["tool_choice"] == {"type": "tool", "name": "f"}
    assert [t["name"] for t in body["tools"]] == ["f", JSON_TOOL]


def test_json_schema_description_and_text_format() -> None:
    rf = {"type": "json_schema", "json_schema": {"name": "x", "description": "A place", "schema": {"type": "object"}}}
    body = D.encode_chat(req([user("hi")], response_format=rf), "m", stream=False)
    assert body["tools"][0]["description"] == "A place"
    plain = D.encode_chat(req([user("hi")], response_format={"type": "text"}), "m", stream=False)
    assert "tools" not in plain and "output_config" not in plain


def test_native_json_object_still_uses_the_tool() -> None:
    native = AnthropicMessagesDialect(native_structured_outputs=True)
    body = native.encode_chat(req([user("hi")], response_format={"type": "json_object"}), "m", stream=False)
    assert "output_config" not in body and body["tool_choice"]["name"] == JSON_TOOL


# --- answers -------------------------------------------------------------------------------


def message(content: list[dict[str, Any]], stop: str = "end_turn", **extra: Any) -> dict[str, Any]:
    return {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude-x",
        "content": content,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": {"input_tokens": 5, "output_tokens": 9},
        **extra,
    }


def test_decode_text_tools_and_thinking() -> None:
    body = message(
        [
            {"type": "thinking", "thinking": "hmm", "signature": "sig"},
            {"type": "text", "text": "Let me check. "},
            {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {"a": [1, 2]}},
            {"type": "tool_use", "id": "toolu_2", "name": "g", "input": {}},
        ],
        "tool_use",
    )
    r = D.decode_chat(body, "fallback")
    c = r.choices[0]
    assert (r.id, r.model) == ("msg_1", "claude-x")
    assert c.content == "Let me check. " and c.finish_reason == "tool_calls"
    assert [(t.id, t.name, json.loads(t.arguments)) for t in c.tool_calls] == [
        ("toolu_1", "f", {"a": [1, 2]}),
        ("toolu_2", "g", {}),
    ]


@pytest.mark.parametrize(
    ("stop", "finish"),
    [
        ("end_turn", "stop"),
        ("stop_sequence", "stop"),
        ("pause_turn", "stop"),
        ("max_tokens", "length"),
        ("model_context_window_exceeded", "length"),
        ("refusal", "content_filter"),
        ("something_new", "stop"),
    ],
)
def test_stop_reasons(stop: str, finish: str) -> None:
    assert D.decode_chat(message([{"type": "text", "text": "x"}], stop), "m").choices[0].finish_reason == finish


def test_refusal_explanation() -> None:
    details = {"type": "refusal", "category": "cyber", "explanation": "Not that."}
    c = D.decode_chat(message([], "refusal", stop_details=details), "m").choices[0]
    assert (c.finish_reason, c.refusal, c.content) == ("content_filter", "Not that.", "")


def test_json_tool_answer_becomes_text() -> None:
    body = message([{"type": "tool_use", "id": "toolu_1", "name": JSON_TOOL, "input": {"city": "Oslo"}}], "tool_use")
    c = D.decode_chat(body, "m").choices[0]
    assert json.loads(c.content or "") == {"city": "Oslo"}
    assert c.finish_reason == "stop" and c.tool_calls == []


def test_usage_sums_cache_counts() -> None:
    usage = {
        "input_tokens": 10,
        "cache_read_input_tokens": 100,
        "cache_creation_input_tokens": 20,
        "output_tokens": 30,
        "output_tokens_details": {"thinking_tokens": 12},
    }
    u = D.decode_chat(message([], usage=usage), "m").usage
    assert (u.input_tokens, u.cached_input_tokens, u.output_tokens, u.reasoning_tokens) == (130, 100, 30, 12)
    bare = D.decode_chat({**message([]), "usage": None}, "m").usage
    assert (bare.input_tokens, bare.output_tokens) == (0, 0)


# --- streams -------------------------------------------------------------------------------


def sse(kind: str, **data: Any) -> bytes:
    return f"event: {kind}\ndata: {json.dumps({'type': kind, **data})}\n\n".encode()


START = sse(
    "message_start",
    message={
        "id": "msg_s",
        "type": "message",
        "role": "assistant",
        "model": "claude-x",
        "content": [],
        "stop_reason": None,
        "usage": {"input_tokens": 4, "cache_read_input_tokens": 6, "output_tokens": 1},
    },
)


def run(data: bytes, *, byte_by_byte: bool = True) -> list[ChatChunk]:
    dec: AnthropicStreamDecoder = D.stream_decoder("fallback")
    out: list[ChatChunk] = []
    if byte_by_byte:
        for i in range(len(data)):
            out.extend(dec.feed(data[i : i + 1]))
    else:
        out.extend(dec.feed(data))
    out.extend(dec.close())
    return out


def text_of(chunks: list[ChatChunk]) -> str:
    return "".join(d.content or "" for c in chunks for d in c.choices)


def test_stream_text_then_tools_numbers_calls_by_tool_block() -> None:
    data = b"".join(
        [
            START,
            sse("content_block_start", index=0, content_block={"type": "thinking", "thinking": ""}),
            sse("content_block_delta", index=0, delta={"type": "thinking_delta", "thinking": "hmm"}),
            sse("content_block_delta", index=0, delta={"type": "signature_delta", "signature": "s"}),
            sse("content_block_stop", index=0),
            sse("content_block_start", index=1, content_block={"type": "text", "text": ""}),
            sse("ping"),
            sse("content_block_delta", index=1, delta={"type": "text_delta", "text": "Checking"}),
            sse("content_block_stop", index=1),
            sse(
                "content_block_start",
                index=2,
                content_block={"type": "tool_use", "id": "t_a", "name": "f", "input": {}},
            ),
            sse("content_block_delta", index=2, delta={"type": "input_json_delta", "partial_json": ""}),
            sse("content_block_delta", index=2, delta={"type": "input_json_delta", "partial_json": '{"x":'}),
            sse(
                "content_block_start",
                index=3,
                content_block={"type": "tool_use", "id": "t_b", "name": "g", "input": {}},
            ),
            sse("content_block_delta", index=3, delta={"type": "input_json_delta", "partial_json": "{}"}),
            sse("content_block_delta", index=2, delta={"type": "input_json_delta", "partial_json": " 1}"}),
            sse("content_block_stop", index=2),
            sse("content_block_stop", index=3),
            sse("message_delta", delta={"stop_reason": "tool_use"}, usage={"output_tokens": 40}),
            sse("message_stop"),
        ]
    )
    chunks = run(data)
    assert chunks[0].choices[0].role == "assistant" and chunks[0].id == "msg_s"
    assert text_of(chunks) == "Checking"
    calls: dict[int, dict[str, str]] = {}
    for c in chunks:
        for d in c.choices:
            for tc in d.tool_calls or ():
                slot = calls.setdefault(tc.index, {"id": "", "name": "", "arguments": ""})
                slot["id"] += tc.id or ""
                slot["name"] += tc.name or ""
                slot["arguments"] += tc.arguments or ""
    assert calls == {
        0: {"id": "t_a", "name": "f", "arguments": '{"x": 1}'},
        1: {"id": "t_b", "name": "g", "arguments": "{}"},
    }
    assert [d.finish_reason for c in chunks for d in c.choices if d.finish_reason] == ["tool_calls"]
    last = chunks[-1]
    assert last.choices == [] and last.usage is not None
    # input from message_start (no update in message_delta), output from message_delta
    assert (last.usage.input_tokens, last.usage.cached_input_tokens, last.usage.output_tokens) == (10, 6, 40)
    assert all(c.model == "claude-x" for c in chunks)


def test_stream_json_tool_is_streamed_as_text() -> None:
    data = b"".join(
        [
            START,
            sse(
                "content_block_start",
                index=0,
                content_block={"type": "tool_use", "id": "t", "name": JSON_TOOL, "input": {}},
            ),
            sse("content_block_delta", index=0, delta={"type": "input_json_delta", "partial_json": '{"a"'}),
            sse("content_block_delta", index=0, delta={"type": "input_json_delta", "partial_json": ": 1}"}),
            sse("content_block_stop", index=0),
            sse("message_delta", delta={"stop_reason": "tool_use"}, usage={"output_tokens": 3}),
            sse("message_stop"),
        ]
    )
    chunks = run(data, byte_by_byte=False)
    assert text_of(chunks) == '{"a": 1}'
    assert not any(d.tool_calls for c in chunks for d in c.choices)
    assert [d.finish_reason for c in chunks for d in c.choices if d.finish_reason] == ["stop"]


def test_stream_ignores_unknown_events_and_server_tool_input() -> None:
    data = b"".join(
        [
            START,
            sse("brand_new_event", stuff=1),
            sse(
                "content_block_start",
                index=0,
                content_block={"type": "server_tool_use", "id": "s", "name": "web_search"},
            ),
            sse("content_block_delta", index=0, delta={"type": "input_json_delta", "partial_json": '{"q": 1}'}),
            sse("content_block_start", index=1, content_block={"type": "text", "text": "Hi"}),
            sse("content_block_delta", index=1, delta={"type": "citations_delta", "citation": {}}),
            sse("message_delta", delta={"stop_reason": "end_turn"}, usage={"output_tokens": 1}),
            sse("message_stop"),
        ]
    )
    chunks = run(data)
    assert text_of(chunks) == "Hi"
    assert not any(d.tool_calls for c in chunks for d in c.choices)


def test_stream_without_message_stop_is_interrupted() -> None:
    dec = D.stream_decoder("m")
    data = START + sse("content_block_delta", index=0, delta={"type": "text_delta", "text": "par"})
    got = list(dec.feed(data))
    assert text_of(got) == "par"
    with pytest.raises(StreamInterruptedError):
        list(dec.close())


def test_stream_final_event_without_blank_line_still_counts() -> None:
    data = START + sse("message_stop")[:-1]  # the last event lacks its terminating blank line
    chunks = run(data, byte_by_byte=False)
    assert chunks[-1].usage is not None


@pytest.mark.parametrize(
    ("etype", "message", "cls"),
    [
        ("overloaded_error", "Overloaded", UpstreamUnavailableError),
        ("api_error", "Internal server error", UpstreamServerError),
        ("rate_limit_error", "slow down", UpstreamRateLimitError),
        ("invalid_request_error", "Output blocked by content filtering policy", ContentPolicyError),
        ("timeout_error", "timed out", UpstreamTimeoutError),
        ("mystery_error", "?", UpstreamServerError),
    ],
)
def test_stream_error_events(etype: str, message: str, cls: type[UpstreamError]) -> None:
    dec = D.stream_decoder("m")
    data = START + sse("error", error={"type": etype, "message": message})
    with pytest.raises(cls) as ei:
        list(dec.feed(data))
    assert type(ei.value) is cls and ei.value.message == message


# --- errors -------------------------------------------------------------------------------


def err_body(etype: str, message: str) -> bytes:
    return json.dumps({"type": "error", "error": {"type": etype, "message": message}, "request_id": "req_1"}).encode()


@pytest.mark.parametrize(
    ("status", "etype", "message", "cls"),
    [
        (400, "invalid_request_error", "prompt is too long: 208310 tokens > 200000 maximum", ContextWindowError),
        (
            400,
            "invalid_request_error",
            "input length and `max_tokens` exceed context limit: 197626 + 8192 > 200000",
            ContextWindowError,
        ),
        (400, "invalid_request_error", "Output blocked by content filtering policy", ContentPolicyError),
        (400, "invalid_request_error", "messages: roles must alternate", UpstreamBadRequestError),
        (401, "authentication_error", "invalid x-api-key", UpstreamAuthError),
        (402, "billing_error", "Your credit balance is too low", UpstreamAuthError),
        (403, "permission_error", "Your API key does not have permission", UpstreamAuthError),
        (404, "not_found_error", "model: claude-9", UpstreamNotFoundError),
        (413, "request_too_large", "Request exceeds the maximum allowed number of bytes.", UpstreamBadRequestError),
        (
            429,
            "rate_limit_error",
            "Number of request tokens has exceeded your per-minute rate limit",
            UpstreamRateLimitError,
        ),
        (500, "api_error", "Internal server error", UpstreamServerError),
        (504, "timeout_error", "Request timed out", UpstreamTimeoutError),
        (529, "overloaded_error", "Overloaded", UpstreamUnavailableError),
    ],
)
def test_decode_error(status: int, etype: str, message: str, cls: type[UpstreamError]) -> None:
    err = D.decode_error(status, err_body(etype, message), {"retry-after": "7"})
    assert type(err) is cls
    assert err.message == message and err.upstream_status == status
    if cls is UpstreamRateLimitError:
        assert err.retry_after == 7.0


def test_decode_error_without_json() -> None:
    err = D.decode_error(502, b"<html>Bad Gateway</html>", {})
    assert type(err) is UpstreamServerError and "Bad Gateway" in err.message
    empty = D.decode_error(503, b"", {})
    assert type(empty) is UpstreamUnavailableError and empty.message == "no body"
