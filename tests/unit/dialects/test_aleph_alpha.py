"""The Aleph Alpha dialect alone: request bodies, answers, stream framing and error payloads, no network.

Stream and error samples follow what the official clients recorded from the API (chunks with
``content`` on every delta, tool-call deltas, the usage-only chunk, ``{"error", "code"}`` bodies).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from orkester.dialects.aleph_alpha import AlephAlphaChatDialect, AlephAlphaEmbeddingDialect
from orkester.errors import (
    ContextWindowError,
    StreamInterruptedError,
    UnsupportedFeatureError,
    UpstreamAuthError,
    UpstreamBadRequestError,
    UpstreamError,
    UpstreamNotFoundError,
    UpstreamRateLimitError,
    UpstreamServerError,
    UpstreamUnavailableError,
)
from orkester.types import ChatChunk, ChatRequest, EmbeddingRequest

D = AlephAlphaChatDialect()


def req(messages: list[dict[str, Any]], **kw: Any) -> ChatRequest:
    return ChatRequest.model_validate({"model": "alias", "messages": messages, **kw})


def user(text: str) -> dict[str, Any]:
    return {"role": "user", "content": text}


def sse(*objs: Any) -> bytes:
    return b"".join(b"data: " + (o if isinstance(o, bytes) else json.dumps(o).encode()) + b"\n\n" for o in objs)


def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "d207a5e4",
        "choices": [{"finish_reason": finish, "index": 0, "delta": delta, "logprobs": None}],
        "created": 1754484242,
        "model": "llama-3.1-8b-instruct",
        "system_fingerprint": None,
        "object": "chat.completion.chunk",
        "usage": None,
    }


USAGE_CHUNK = {
    "id": "d207a5e4",
    "choices": [],
    "created": 1754484242,
    "model": "llama-3.1-8b-instruct",
    "system_fingerprint": ".unknown.",
    "object": "chat.completion.chunk",
    "usage": {"prompt_tokens": 16, "completion_tokens": 50, "total_tokens": 66},
}


def decode_all(data: bytes, *, step: int | None = None) -> list[ChatChunk]:
    dec = D.stream_decoder("m")
    out: list[ChatChunk] = []
    step = step or len(data)
    for i in range(0, len(data), step):
        out.extend(dec.feed(data[i : i + step]))
    out.extend(dec.close())
    return out


# --- requests --------------------------------------------------------------------------


def test_minimal_body_has_only_model_and_messages() -> None:
    assert D.encode_chat(req([user("hi")]), "pharia-1-llm-7b-control", stream=False) == {
        "model": "pharia-1-llm-7b-control",
        "messages": [{"role": "user", "content": "hi"}],
    }


def test_streaming_asks_for_the_usage_chunk() -> None:
    body = D.encode_chat(req([user("hi")]), "m", stream=True)
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [({"max_tokens": 5}, 5), ({"max_completion_tokens": 9}, 9), ({"max_tokens": 5, "max_completion_tokens": 9}, 9)],
)
def test_output_limit_goes_out_as_max_tokens(fields: dict[str, int], expected: int) -> None:
    body = D.encode_chat(req([user("hi")], **fields), "m", stream=False)
    assert body["max_tokens"] == expected and "max_completion_tokens" not in body


def test_adjacent_turns_merge_but_tool_turns_stay_apart() -> None:
    call = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    messages = [
        user("a"),
        {"role": "assistant", "content": "b"},
        {"role": "assistant", "content": "c"},
        user("d"),
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "c1", "content": "r1"},
        {"role": "tool", "tool_call_id": "c1", "content": [{"type": "text", "text": "r2"}]},
        {"role": "user", "content": None},
    ]
    assert D.encode_chat(req(messages), "m", stream=False)["messages"] == [
        {"role": "user", "content": "a"},
        {"role": "assistant", "content": "b\n\nc"},
        {"role": "user", "content": "d"},
        {"role": "assistant", "content": "", "tool_calls": [call]},
        {"role": "tool", "content": "r1", "tool_call_id": "c1"},
        {"role": "tool", "content": "r2", "tool_call_id": "c1"},
        {"role": "user", "content": ""},
    ]


def test_empty_system_text_adds_no_system_message() -> None:
    body = D.encode_chat(req([{"role": "system", "content": ""}, user("hi")]), "m", stream=False)
    assert [m["role"] for m in body["messages"]] == ["user"]


def test_json_schema_without_a_schema_gets_an_object_schema() -> None:
    body = D.encode_chat(
        req([user("x")], response_format={"type": "json_schema", "json_schema": {"name": "n"}}), "m", stream=False
    )
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "n", "schema": {"type": "object"}},
    }


def test_image_link_is_unsupported() -> None:
    image = {"type": "image_url", "image_url": {"url": "http://example.com/a.png"}}
    with pytest.raises(UnsupportedFeatureError):
        D.encode_chat(req([{"role": "user", "content": [image]}]), "m", stream=False)


# --- answers ---------------------------------------------------------------------------


def answer(message: dict[str, Any], finish: str) -> dict[str, Any]:
    return {
        "id": "844a1e0c",
        "choices": [{"finish_reason": finish, "index": 0, "message": message, "logprobs": None}],
        "created": 1754484247,
        "model": "llama-3.1-8b-instruct",
        "system_fingerprint": "random",
        "object": "chat.completion",
        "usage": {"prompt_tokens": 226, "completion_tokens": 2, "total_tokens": 228},
    }


def test_decode_text_answer() -> None:
    r = D.decode_chat(answer({"role": "assistant", "content": "el el", "tool_calls": []}, "length"), "m")
    assert (r.id, r.model, r.created) == ("844a1e0c", "llama-3.1-8b-instruct", 1754484247)
    assert (r.choices[0].content, r.choices[0].finish_reason, r.choices[0].tool_calls) == ("el el", "length", [])
    assert (r.usage.input_tokens, r.usage.output_tokens) == (226, 2)


def test_decode_tool_call_answer() -> None:
    call = {"id": "chatcmpl-tool-1", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}}
    r = D.decode_chat(answer({"role": "assistant", "content": "", "tool_calls": [call]}, "stop"), "m")
    c = r.choices[0]
    assert c.content is None and c.finish_reason == "tool_calls"  # tool calls finish as such
    assert (c.tool_calls[0].id, c.tool_calls[0].name, c.tool_calls[0].arguments) == (
        "chatcmpl-tool-1",
        "get_weather",
        "{}",
    )


@pytest.mark.parametrize(("raw", "mapped"), [("content_filter", "content_filter"), ("something_new", "stop")])
def test_finish_reason_mapping(raw: str, mapped: str) -> None:
    r = D.decode_chat(answer({"role": "assistant", "content": ""}, raw), "m")
    assert r.choices[0].finish_reason == mapped and r.choices[0].content == ""


# --- streams ---------------------------------------------------------------------------

TEXT_STREAM = sse(
    chunk({"role": "assistant", "content": ""}),
    chunk({"content": "I'm just a computer program"}),
    chunk({"content": ", thanks for asking!"}),
    chunk({}, "stop"),
    USAGE_CHUNK,
    b"[DONE]",
)


@pytest.mark.parametrize("step", [None, 1, 7])
def test_text_stream_split_anywhere(step: int | None) -> None:
    chunks = decode_all(TEXT_STREAM, step=step)
    assert (
        "".join(d.content or "" for c in chunks for d in c.choices) == "I'm just a computer program, thanks for asking!"
    )
    assert chunks[0].choices[0].role == "assistant" and chunks[0].choices[0].content is None
    assert [d.finish_reason for c in chunks for d in c.choices if d.finish_reason] == ["stop"]
    usage = [c.usage for c in chunks if c.usage is not None]
    assert len(usage) == 1 and (usage[0].input_tokens, usage[0].output_tokens) == (16, 50)


def test_crlf_framing() -> None:
    chunks = decode_all(TEXT_STREAM.replace(b"\n", b"\r\n"), step=3)
    assert "".join(d.content or "" for c in chunks for d in c.choices).endswith("thanks for asking!")


def test_tool_call_stream() -> None:
    data = sse(
        chunk({"role": "assistant", "content": ""}),
        chunk(
            {
                "content": "",
                "tool_calls": [{"id": "t1", "index": 0, "type": "function", "function": {"name": "get_weather"}}],
            }
        ),
        chunk({"content": "", "tool_calls": [{"index": 0, "function": {"arguments": '{"location": '}}]}),
        chunk({"content": "", "tool_calls": [{"index": 0, "function": {"arguments": '"Paris"}'}}]}),
        chunk({"content": ""}, "stop"),
        b"[DONE]",
    )
    chunks = decode_all(data, step=5)
    deltas = [tc for c in chunks for d in c.choices for tc in d.tool_calls or ()]
    assert (deltas[0].id, deltas[0].name) == ("t1", "get_weather")
    assert "".join(tc.arguments or "" for tc in deltas) == '{"location": "Paris"}'
    assert all(d.content is None for c in chunks for d in c.choices)
    # a stream of tool calls ends as one, whatever the worker called it
    assert [d.finish_reason for c in chunks for d in c.choices if d.finish_reason] == ["tool_calls"]


def test_stream_without_done_marker_is_interrupted() -> None:
    dec = D.stream_decoder("m")
    got = list(dec.feed(sse(chunk({"role": "assistant", "content": ""}), chunk({"content": "Hel"}))))
    assert got
    with pytest.raises(StreamInterruptedError):
        list(dec.close())


def test_unterminated_last_event_is_still_read() -> None:
    chunks = decode_all(TEXT_STREAM[: -len(b"\n\n")])
    assert [d.finish_reason for c in chunks for d in c.choices if d.finish_reason] == ["stop"]


@pytest.mark.parametrize(
    ("payload", "cls"),
    [
        ({"error": "This specific model is very busy at this moment.", "code": "QUEUE_FULL"}, UpstreamUnavailableError),
        ({"error": "worker failed"}, UpstreamServerError),
    ],
)
def test_error_object_inside_a_stream_raises(payload: dict[str, str], cls: type[UpstreamError]) -> None:
    dec = D.stream_decoder("m")
    list(dec.feed(sse(chunk({"role": "assistant", "content": ""}))))
    with pytest.raises(cls) as ei:
        list(dec.feed(sse(payload)))
    assert ei.value.message == payload["error"]


# --- errors ----------------------------------------------------------------------------


def api_error(message: str, code: str) -> dict[str, str]:
    return {"error": message, "code": code}


@pytest.mark.parametrize(
    ("status", "body", "cls", "code"),
    [
        (
            400,
            api_error("9000 tokens exceed the limit of 8192", "PROMPT_TOO_LONG"),
            ContextWindowError,
            "PROMPT_TOO_LONG",
        ),
        (400, api_error("The prompt is too long for this model", "PAYLOAD_ERROR"), ContextWindowError, "PAYLOAD_ERROR"),
        (400, api_error("Model cannot chat", "MISSING_CAPABILITY"), UpstreamBadRequestError, "MISSING_CAPABILITY"),
        (404, api_error("Model not found", "UNKNOWN_MODEL"), UpstreamNotFoundError, "UNKNOWN_MODEL"),
        (429, api_error("Too many tasks for you", "TOO_MANY_TASKS"), UpstreamRateLimitError, "TOO_MANY_TASKS"),
        (429, b"Too many requests", UpstreamRateLimitError, None),
        (503, api_error("This model is very busy", "QUEUE_FULL"), UpstreamUnavailableError, "QUEUE_FULL"),
        (503, b"<html>503 Service Temporarily Unavailable</html>", UpstreamUnavailableError, None),
        (401, api_error("Unauthenticated", "UNAUTHENTICATED"), UpstreamAuthError, "UNAUTHENTICATED"),
        (500, {"error": {"message": "boom", "code": "INTERNAL"}}, UpstreamServerError, "INTERNAL"),
    ],
)
def test_error_payloads_map_to_the_tree(status: int, body: Any, cls: type[UpstreamError], code: str | None) -> None:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    err = D.decode_error(status, raw, {})
    assert type(err) is cls
    assert err.upstream_code == code and err.code == cls.code
    assert err.upstream_status == status
    assert err.message  # the vendor's text survives for the log


def test_retry_after_header_is_kept() -> None:
    err = D.decode_error(429, b'{"error": "slow down", "code": "TOO_MANY_TASKS"}', {"retry-after": "3"})
    assert isinstance(err, UpstreamRateLimitError) and err.retry_after == 3.0


# --- embeddings ------------------------------------------------------------------------


def test_semantic_embedding_body_and_answer() -> None:
    e = AlephAlphaEmbeddingDialect(representation="document")
    body = e.encode_embeddings(EmbeddingRequest(model="x", input="An apple a day"), "pharia-1-embedding-4608-control")
    assert body == {
        "model": "pharia-1-embedding-4608-control",
        "prompts": ["An apple a day"],
        "representation": "document",
    }
    r = e.decode_embeddings(
        {"model_version": "2021-12", "embeddings": [[0.1, -0.2]], "num_tokens_prompt_total": 4}, "m"
    )
    assert (r.model, r.vectors, r.usage.input_tokens) == ("m", [[0.1, -0.2]], 4)


def test_semantic_embedding_limits() -> None:
    e = AlephAlphaEmbeddingDialect()
    with pytest.raises(UnsupportedFeatureError):
        e.encode_embeddings(EmbeddingRequest(model="x", input=["a"] * 101), "m")
    with pytest.raises(UnsupportedFeatureError):
        e.encode_embeddings(EmbeddingRequest(model="x", input=[[1, 2, 3]]), "m")
    with pytest.raises(ValueError):
        AlephAlphaEmbeddingDialect(representation="sideways")


def test_openai_shaped_embedding_answer_is_ordered_by_index() -> None:
    e = AlephAlphaEmbeddingDialect(api="openai")
    body = {
        "object": "list",
        "data": [
            {"object": "embedding", "embedding": [2.0], "index": 1},
            {"object": "embedding", "embedding": [1.0], "index": 0},
        ],
        "model": "qwen3-embedding-0.6b",
        "usage": {"prompt_tokens": 8, "total_tokens": 8},
    }
    r = e.decode_embeddings(body, "m")
    assert (r.model, r.vectors, r.usage.input_tokens) == ("qwen3-embedding-0.6b", [[1.0], [2.0]], 8)
