"""The Gemini dialect as pure translation: request bodies, answers, stream bytes and error payloads."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest

from orkester.dialects.gemini import (
    THOUGHT_SIGNATURE_PLACEHOLDER,
    GeminiDialect,
    decode_usage,
    to_openapi_schema,
)
from orkester.errors import (
    ContentPolicyError,
    ContextWindowError,
    RequestError,
    StreamInterruptedError,
    UnsupportedFeatureError,
    UpstreamAuthError,
    UpstreamBadRequestError,
    UpstreamRateLimitError,
    UpstreamServerError,
    UpstreamTimeoutError,
    UpstreamUnavailableError,
    error_for_status,
)
from orkester.types import ChatChunk, ChatRequest, EmbeddingRequest

D = GeminiDialect()
#: whatever the shared status mapping makes of a 404 (Gemini's unknown-model answer)
NOT_FOUND = type(error_for_status(404, ""))


def req(messages: list[dict[str, Any]], **kw: Any) -> ChatRequest:
    return ChatRequest.model_validate({"model": "m", "messages": messages, **kw})


def user(text: str) -> dict[str, Any]:
    return {"role": "user", "content": text}


def call(id_: str, name: str, args: str = "{}") -> dict[str, Any]:
    return {"id": id_, "type": "function", "function": {"name": name, "arguments": args}}


# --- encoding --------------------------------------------------------------------------------


def test_roles_merge_and_function_names_recovered_from_latest_call() -> None:
    body = D.encode_chat(
        req(
            [
                user("a"),
                user("b"),
                {"role": "assistant", "content": None, "tool_calls": [call("call_0", "first")]},
                {"role": "tool", "tool_call_id": "call_0", "content": "one"},
                {"role": "assistant", "content": None, "tool_calls": [call("call_0", "second")]},
                {"role": "tool", "tool_call_id": "call_0", "content": "two"},
                user("thanks"),
            ]
        ),
        "m",
        stream=False,
    )
    contents = body["contents"]
    assert [c["role"] for c in contents] == ["user", "model", "user", "model", "user"]
    assert contents[0]["parts"] == [{"text": "a"}, {"text": "b"}]
    assert contents[2]["parts"] == [{"functionResponse": {"name": "first", "response": {"result": "one"}}}]
    # the same id reused in a later turn answers the later call; a following user turn is merged in
    assert contents[4]["parts"] == [
        {"functionResponse": {"name": "second", "response": {"result": "two"}}},
        {"text": "thanks"},
    ]


def test_unanswerable_tool_message_is_a_request_error() -> None:
    with pytest.raises(RequestError) as ei:
        D.encode_chat(req([user("a"), {"role": "tool", "tool_call_id": "nope", "content": "x"}]), "m", stream=False)
    assert ei.value.param == "messages[1].tool_call_id"


@pytest.mark.parametrize(
    ("content", "response"),
    [
        ('{"temp": 7}', {"temp": 7}),
        ("[1, 2]", {"result": "[1, 2]"}),
        ("42", {"result": "42"}),
        ("", {"result": ""}),
    ],
)
def test_function_response_is_always_an_object(content: str, response: dict[str, Any]) -> None:
    body = D.encode_chat(
        req(
            [
                user("q"),
                {"role": "assistant", "tool_calls": [call("c", "f")]},
                {"role": "tool", "tool_call_id": "c", "content": content},
            ]
        ),
        "m",
        stream=False,
    )
    assert body["contents"][-1]["parts"][0]["functionResponse"]["response"] == response


@pytest.mark.parametrize(
    ("arguments", "args"),
    [("", {}), ('{"a": 1}', {"a": 1}), ("[1]", {"value": [1]}), ("{broken", {"arguments": "{broken"})],
)
def test_function_call_arguments_become_an_object(arguments: str, args: dict[str, Any]) -> None:
    body = D.encode_chat(
        req([user("q"), {"role": "assistant", "tool_calls": [call("c", "f", arguments)]}]), "m", stream=False
    )
    assert body["contents"][1]["parts"][0]["functionCall"] == {"name": "f", "args": args}


def test_thought_signature_placeholder_on_first_call_of_each_model_turn_only() -> None:
    messages = [
        user("q"),
        {"role": "assistant", "content": "hm", "tool_calls": [call("a", "f"), call("b", "g")]},
        {"role": "tool", "tool_call_id": "a", "content": "1"},
        {"role": "tool", "tool_call_id": "b", "content": "2"},
    ]
    parts = D.encode_chat(req(messages), "m", stream=False)["contents"][1]["parts"]
    assert [p.get("thoughtSignature") for p in parts] == [None, THOUGHT_SIGNATURE_PLACEHOLDER, None]
    plain = GeminiDialect(thought_signature_placeholder=False).encode_chat(req(messages), "m", stream=False)
    assert all("thoughtSignature" not in p for p in plain["contents"][1]["parts"])


def test_system_only_conversation_becomes_a_user_turn() -> None:
    body = D.encode_chat(req([{"role": "system", "content": "Say hi."}]), "m", stream=False)
    assert body == {"contents": [{"role": "user", "parts": [{"text": "Say hi."}]}]}


def test_empty_messages_are_dropped() -> None:
    body = D.encode_chat(req([user("a"), {"role": "assistant", "content": ""}, user("b")]), "m", stream=False)
    assert body["contents"] == [{"role": "user", "parts": [{"text": "a"}, {"text": "b"}]}]


@pytest.mark.parametrize(
    ("url", "part"),
    [
        ("data:image/jpeg;base64,/9j/AA==", {"inlineData": {"mimeType": "image/jpeg", "data": "/9j/AA=="}}),
        ("data:text/plain,hi%20there", {"inlineData": {"mimeType": "text/plain", "data": "aGkgdGhlcmU="}}),
        ("https://x.test/a/b.PNG", {"fileData": {"mimeType": "image/png", "fileUri": "https://x.test/a/b.PNG"}}),
        ("https://x.test/photo", {"fileData": {"mimeType": "image/jpeg", "fileUri": "https://x.test/photo"}}),
        ("gs://bucket/x.gif", {"fileData": {"mimeType": "image/gif", "fileUri": "gs://bucket/x.gif"}}),
    ],
)
def test_image_urls(url: str, part: dict[str, Any]) -> None:
    message = {"role": "user", "content": [{"type": "image_url", "image_url": {"url": url}}]}
    assert D.encode_chat(req([message]), "m", stream=False)["contents"][0]["parts"] == [part]


def test_malformed_data_url_is_a_request_error() -> None:
    message = {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:image/png;base64"}}]}
    with pytest.raises(RequestError):
        D.encode_chat(req([message]), "m", stream=False)


def test_generation_config_and_passthrough_extras() -> None:
    body = D.encode_chat(
        req(
            [user("q")],
            temperature=0,
            max_tokens=10,
            max_completion_tokens=20,
            stop="###",
            n=3,
            logprobs=True,
            top_logprobs=4,
            top_k=40,
            thinking_config={"thinkingBudget": 0},
            safety_settings=[{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}],
            parallel_tool_calls=False,
            user="u",
        ),
        "m",
        stream=True,
    )
    assert body["generationConfig"] == {
        "temperature": 0,
        "topK": 40,
        "maxOutputTokens": 20,  # max_completion_tokens wins, as in OpenAI
        "candidateCount": 3,
        "thinkingConfig": {"thinkingBudget": 0},
        "stopSequences": ["###"],
        "responseLogprobs": True,
        "logprobs": 4,
    }
    assert body["safetySettings"] == [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}]
    assert set(body) == {"contents", "generationConfig", "safetySettings"}


def test_tool_choice_without_tools_sends_no_tool_config() -> None:
    body = D.encode_chat(req([user("q")], tool_choice="none"), "m", stream=False)
    assert "toolConfig" not in body and "tools" not in body


def test_unsupported_tool_choice_shape() -> None:
    tools = [{"type": "function", "function": {"name": "f"}}]
    with pytest.raises(RequestError):
        D.encode_chat(req([user("q")], tools=tools, tool_choice={"type": "custom"}), "m", stream=False)


def test_tool_without_parameters() -> None:
    tools = [{"type": "function", "function": {"name": "now"}}]
    body = D.encode_chat(req([user("q")], tools=tools), "m", stream=False)
    assert body["tools"] == [{"functionDeclarations": [{"name": "now"}]}]


def test_openapi_mode_drops_empty_object_parameters() -> None:
    tools = [{"type": "function", "function": {"name": "now", "parameters": {"type": "object", "properties": {}}}}]
    body = GeminiDialect(schema_format="openapi").encode_chat(req([user("q")], tools=tools), "m", stream=False)
    assert body["tools"] == [{"functionDeclarations": [{"name": "now"}]}]


def test_json_schema_without_schema_is_plain_json_mode() -> None:
    body = D.encode_chat(
        req([user("q")], response_format={"type": "json_schema", "json_schema": {"name": "x"}}), "m", stream=False
    )
    assert body["generationConfig"] == {"responseMimeType": "application/json"}


def test_openapi_conversion() -> None:
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "additionalProperties": False,
        "$defs": {
            "Unit": {"type": "string", "enum": ["C", "F"]},
            "Node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/Node"}}},
        },
        "properties": {
            "unit": {"$ref": "#/$defs/Unit", "description": "scale"},
            "maybe": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
            "either": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
            "kind": {"const": "reading"},
            "level": {"type": "integer", "enum": [1, 2]},
            "tags": {"type": "array", "items": {"type": "string", "minLength": 1}, "uniqueItems": True},
            "node": {"$ref": "#/$defs/Node"},
        },
    }
    out = to_openapi_schema(schema)
    props = out["properties"]
    assert set(out) == {"type", "properties"}
    assert props["unit"] == {"type": "string", "enum": ["C", "F"], "description": "scale"}
    assert props["maybe"] == {"type": "integer", "nullable": True}
    assert props["either"] == {"anyOf": [{"type": "integer"}, {"type": "string"}]}
    assert props["kind"] == {"enum": ["reading"]}
    assert props["level"] == {"type": "integer", "enum": ["1", "2"]}
    assert props["tags"] == {"type": "array", "items": {"type": "string", "minLength": 1}}
    # a recursive $ref is unrolled a bounded number of times, then cut off
    depth, node = 0, props["node"]
    while node.get("properties", {}).get("next"):
        node, depth = node["properties"]["next"], depth + 1
    assert 3 < depth < 30


def test_embeddings_encoding() -> None:
    body = D.encode_embeddings(
        EmbeddingRequest.model_validate({"model": "e", "input": ["x"], "task_type": "RETRIEVAL_QUERY"}),
        "text-embedding-004",
    )
    assert body == {
        "requests": [
            {"model": "models/text-embedding-004", "content": {"parts": [{"text": "x"}]}, "taskType": "RETRIEVAL_QUERY"}
        ]
    }
    with pytest.raises(UnsupportedFeatureError):
        D.encode_embeddings(EmbeddingRequest(model="e", input=[1, 2, 3]), "m")


def test_embeddings_decoding() -> None:
    r = D.decode_embeddings({"embeddings": [{"values": [0.1, 0.2]}, {"values": [0.3, 0.4]}]}, "m")
    assert r.vectors == [[0.1, 0.2], [0.3, 0.4]] and r.usage.input_tokens == 0


# --- decoding --------------------------------------------------------------------------------


def candidate(parts: list[dict[str, Any]], finish: str | None = "STOP", **kw: Any) -> dict[str, Any]:
    c: dict[str, Any] = {"content": {"role": "model", "parts": parts}, **kw}
    if finish:
        c["finishReason"] = finish
    return c


@pytest.mark.parametrize(
    ("gemini", "openai"),
    [
        ("STOP", "stop"),
        ("MAX_TOKENS", "length"),
        ("SAFETY", "content_filter"),
        ("RECITATION", "content_filter"),
        ("PROHIBITED_CONTENT", "content_filter"),
        ("BLOCKLIST", "content_filter"),
        ("SPII", "content_filter"),
        ("MALFORMED_FUNCTION_CALL", "error"),
        ("OTHER", "stop"),
        ("SOMETHING_NEW", "stop"),
    ],
)
def test_finish_reason_mapping(gemini: str, openai: str) -> None:
    r = D.decode_chat({"candidates": [candidate([{"text": "x"}], gemini)]}, "m")
    assert r.choices[0].finish_reason == openai


def test_function_calls_decode_with_derived_or_given_ids() -> None:
    body = {
        "responseId": "R",
        "candidates": [
            candidate(
                [
                    {"text": "Sure. "},
                    {"functionCall": {"name": "f", "args": {"q": "ø"}}},
                    {"functionCall": {"name": "g", "id": "g-1"}},
                ]
            ),
            candidate([{"functionCall": {"name": "f", "args": {}}}], index=1),
        ],
    }
    r = D.decode_chat(body, "m")
    first, second = r.choices
    assert first.content == "Sure. " and first.finish_reason == "tool_calls"
    assert [(c.id, c.name, c.arguments) for c in first.tool_calls] == [
        ("call_R_0", "f", '{"q": "ø"}'),
        ("g-1", "g", "{}"),
    ]
    assert second.index == 1 and second.content is None and second.tool_calls[0].id == "call_R_1_0"


def test_length_with_a_call_stays_length() -> None:
    r = D.decode_chat({"candidates": [candidate([{"functionCall": {"name": "f"}}], "MAX_TOKENS")]}, "m")
    assert r.choices[0].finish_reason == "length"


def test_blocked_prompt_raises_content_policy() -> None:
    with pytest.raises(ContentPolicyError) as ei:
        D.decode_chat({"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"}}, "m")
    assert ei.value.upstream_code == "PROHIBITED_CONTENT"


def test_answer_without_candidates_is_empty_not_a_crash() -> None:
    r = D.decode_chat({"usageMetadata": {"promptTokenCount": 3}}, "m")
    assert r.choices[0].content == "" and r.usage.input_tokens == 3


def test_usage_counts_thoughts_and_tool_prompts() -> None:
    u = decode_usage(
        {
            "promptTokenCount": 100,
            "toolUsePromptTokenCount": 20,
            "candidatesTokenCount": 30,
            "thoughtsTokenCount": 50,
            "cachedContentTokenCount": 64,
            "totalTokenCount": 200,
        }
    )
    assert (u.input_tokens, u.output_tokens, u.cached_input_tokens, u.reasoning_tokens) == (120, 80, 64, 50)
    assert u.input_tokens + u.output_tokens == 200  # matches Gemini's total


# --- streaming -------------------------------------------------------------------------------


def sse(*events: dict[str, Any]) -> bytes:
    return b"".join(b"data: " + orjson.dumps(e) + b"\r\n\r\n" for e in events)


def run_stream(data: bytes, step: int = 1) -> list[ChatChunk]:
    dec = D.stream_decoder("gemini-x")
    out: list[ChatChunk] = []
    for i in range(0, len(data), step):
        out.extend(dec.feed(data[i : i + step]))
    out.extend(dec.close())
    return out


USAGE = {"promptTokenCount": 4, "candidatesTokenCount": 2, "thoughtsTokenCount": 1, "totalTokenCount": 7}


def test_stream_split_at_every_byte() -> None:
    data = sse(
        {
            "candidates": [candidate([{"text": "Hel"}], None)],
            "usageMetadata": {"promptTokenCount": 4},
            "responseId": "R",
        },
        {"candidates": [candidate([{"text": "lø"}], "STOP")], "usageMetadata": USAGE, "modelVersion": "gemini-x-001"},
    )
    chunks = run_stream(data, step=1)
    deltas = [d for c in chunks for d in c.choices]
    assert "".join(d.content or "" for d in deltas) == "Hellø"
    assert deltas[0].role == "assistant" and deltas[1].role is None
    assert deltas[-1].finish_reason == "stop"
    usage_chunks = [c for c in chunks if c.usage is not None]
    assert len(usage_chunks) == 1 and chunks[-1] is usage_chunks[0]  # once, at the end
    assert usage_chunks[0].usage is not None and usage_chunks[0].usage.output_tokens == 3
    assert chunks[-1].model == "gemini-x-001" and chunks[0].id == "R"


def test_stream_function_calls_are_indexed_across_events() -> None:
    data = sse(
        {"candidates": [candidate([{"functionCall": {"name": "f", "args": {"a": 1}}}], None)], "responseId": "R"},
        {"candidates": [candidate([{"functionCall": {"name": "g"}}], "STOP")], "responseId": "R"},
    )
    calls = [tc for c in run_stream(data, step=7) for d in c.choices for tc in d.tool_calls or ()]
    assert [(tc.index, tc.id, tc.name, tc.arguments) for tc in calls] == [
        (0, "call_R_0", "f", '{"a": 1}'),
        (1, "call_R_1", "g", "{}"),
    ]
    finishes = [d.finish_reason for c in run_stream(data) for d in c.choices if d.finish_reason]
    assert finishes == ["tool_calls"]


def test_stream_without_finish_reason_is_interrupted() -> None:
    with pytest.raises(StreamInterruptedError):
        run_stream(sse({"candidates": [candidate([{"text": "Hel"}], None)]}))


def test_stream_with_an_unfinished_candidate_is_interrupted() -> None:
    data = sse({"candidates": [candidate([{"text": "a"}], "STOP"), candidate([{"text": "b"}], None, index=1)]})
    with pytest.raises(StreamInterruptedError):
        run_stream(data, step=len(data))


def test_empty_stream_is_interrupted() -> None:
    with pytest.raises(StreamInterruptedError):
        run_stream(b"")


def test_stream_last_event_without_trailing_blank_line_is_kept() -> None:
    data = sse({"candidates": [candidate([{"text": "ok"}], "STOP")]}).rstrip(b"\r\n")
    chunks = run_stream(data, step=len(data))
    assert chunks[0].choices[0].content == "ok" and chunks[0].choices[0].finish_reason == "stop"


def test_stream_error_event() -> None:
    data = sse({"candidates": [candidate([{"text": "a"}], None)]}) + sse(
        {"error": {"code": 429, "message": "Resource exhausted", "status": "RESOURCE_EXHAUSTED"}}
    )
    with pytest.raises(UpstreamRateLimitError):
        run_stream(data, step=len(data))


def test_stream_error_event_without_code_uses_rpc_status() -> None:
    with pytest.raises(UpstreamUnavailableError):
        run_stream(sse({"error": {"message": "try later", "status": "UNAVAILABLE"}}))


def test_plain_json_error_in_place_of_a_stream() -> None:
    body = json.dumps([{"error": {"code": 500, "message": "boom", "status": "INTERNAL"}}], indent=2).encode()
    with pytest.raises(UpstreamServerError):
        run_stream(body, step=5)


def test_stream_blocked_prompt() -> None:
    with pytest.raises(ContentPolicyError):
        run_stream(sse({"promptFeedback": {"blockReason": "SAFETY"}}))


def test_stream_thought_parts_are_skipped() -> None:
    data = sse({"candidates": [candidate([{"text": "hmm", "thought": True}, {"text": "yes"}], "STOP")]})
    chunks = run_stream(data)
    assert "".join(d.content or "" for c in chunks for d in c.choices) == "yes"


# --- errors ----------------------------------------------------------------------------------


def err(status: int, message: str, rpc: str, details: list[dict[str, Any]] | None = None) -> bytes:
    e: dict[str, Any] = {"code": status, "message": message, "status": rpc}
    if details:
        e["details"] = details
    return orjson.dumps({"error": e})


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (
            400,
            err(
                400,
                "The input token count (2000000) exceeds the maximum number of tokens allowed (1048576).",
                "INVALID_ARGUMENT",
            ),
            ContextWindowError,
        ),
        (400, err(400, "Request contains an invalid argument.", "INVALID_ARGUMENT"), UpstreamBadRequestError),
        (
            400,
            err(
                400,
                "API key expired. Please renew the API key.",
                "INVALID_ARGUMENT",
                [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_EXPIRED"}],
            ),
            UpstreamAuthError,
        ),
        (400, err(400, "User location is not supported for the API use.", "FAILED_PRECONDITION"), UpstreamAuthError),
        (401, err(401, "Request had invalid authentication credentials.", "UNAUTHENTICATED"), UpstreamAuthError),
        (403, err(403, "The caller does not have permission", "PERMISSION_DENIED"), UpstreamAuthError),
        (404, err(404, "models/nope is not found for API version v1beta", "NOT_FOUND"), NOT_FOUND),
        (
            429,
            err(429, "Resource has been exhausted (e.g. check quota).", "RESOURCE_EXHAUSTED"),
            UpstreamRateLimitError,
        ),
        (500, err(500, "An internal error has occurred.", "INTERNAL"), UpstreamServerError),
        (503, err(503, "The model is overloaded.", "UNAVAILABLE"), UpstreamUnavailableError),
        (504, err(504, "Deadline expired before operation could complete.", "DEADLINE_EXCEEDED"), UpstreamTimeoutError),
        (502, b"<html>Bad Gateway</html>", UpstreamServerError),
    ],
)
def test_decode_error_classes(status: int, body: bytes, cls: type[Exception]) -> None:
    e = D.decode_error(status, body, {})
    assert type(e) is cls
    assert e.upstream_status == status


def test_retry_delay_from_details_or_header() -> None:
    details = [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "37.5s"}]
    body = err(429, "quota", "RESOURCE_EXHAUSTED", details)
    assert D.decode_error(429, body, {}).retry_after == 37.5
    assert D.decode_error(429, body, {"retry-after": "3"}).retry_after == 3.0
    assert D.decode_error(429, err(429, "quota", "RESOURCE_EXHAUSTED"), {}).retry_after is None


def test_error_wrapped_in_a_list() -> None:
    body = (
        b"["
        + err(400, "The input token count (9) exceeds the maximum number of tokens allowed (8).", "INVALID_ARGUMENT")
        + b"]"
    )
    e = D.decode_error(400, body, {})
    assert isinstance(e, ContextWindowError) and e.upstream_code == "INVALID_ARGUMENT"
