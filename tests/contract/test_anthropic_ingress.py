"""The Anthropic Messages ingress dialect, both ways, without a network.

Requests are written as the Messages API documents them; answers and stream events are checked
against the official ``anthropic`` SDK's own types (``Message``, ``RawMessageStreamEvent``), so a
passing test means the SDK can read what Orkester sends.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import orjson
import pytest
from anthropic.types import Message as SDKMessage
from anthropic.types import RawMessageStreamEvent
from pydantic import TypeAdapter, ValidationError

from orkester.dialects.anthropic_ingress import (
    MessageStreamEncoder,
    error_body,
    parse_count_tokens,
    parse_messages,
    to_message,
)
from orkester.dialects.anthropic_messages import AnthropicMessagesDialect
from orkester.dialects.openai_chat import OpenAIChatDialect
from orkester.errors import (
    AuthenticationError,
    OrkesterError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitError,
    RequestError,
    StreamInterruptedError,
    UnknownModelError,
    UnsupportedFeatureError,
    UpstreamTimeoutError,
    UpstreamUnavailableError,
)
from orkester.guardrails.pseudonymise import Pseudonyms
from orkester.guardrails.restore import restore_stream
from orkester.types import (
    ChatChunk,
    ChatRequest,
    ChatResponse,
    Choice,
    ChoiceDelta,
    FinishReason,
    ImagePart,
    TextPart,
    ToolCallDelta,
    ToolCallOut,
    Usage,
)

PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
WEATHER = {
    "name": "get_weather",
    "description": "Current weather for a place",
    "input_schema": {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]},
}
EVENTS: TypeAdapter[RawMessageStreamEvent] = TypeAdapter(RawMessageStreamEvent)


def parse(**body: Any) -> ChatRequest:
    base: dict[str, Any] = {"model": "chat", "max_tokens": 64}
    return parse_messages(orjson.dumps({**base, **body}))


def user(text: str) -> dict[str, Any]:
    return {"role": "user", "content": text}


def events(raw: bytes) -> list[tuple[str, dict[str, Any]]]:
    """SSE bytes as (event, data) pairs; the event line and the data's type must agree."""
    out = []
    for frame in raw.decode().split("\n\n"):
        if not frame:
            continue
        lines = dict(line.split(": ", 1) for line in frame.split("\n"))
        data = json.loads(lines["data"])
        assert data["type"] == lines["event"]
        out.append((lines["event"], data))
    return out


# --- requests -----------------------------------------------------------------------------


def test_system_as_string_or_blocks_becomes_the_first_message() -> None:
    r = parse(system="Be brief.", messages=[user("hi")])
    assert [(m.role, m.content) for m in r.messages] == [("system", "Be brief."), ("user", "hi")]
    blocks = [{"type": "text", "text": "Be brief."}, {"type": "text", "text": "Answer in Norwegian.", "x": 1}]
    r = parse(system=blocks, messages=[user("hi")])
    assert r.messages[0].role == "system" and r.messages[0].content == "Be brief.\n\nAnswer in Norwegian."
    assert [m.role for m in parse(messages=[user("hi")]).messages] == ["user"]


def test_user_blocks_text_and_images() -> None:
    r = parse(
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "What is in these?"},
                    {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}},
                    {"type": "image", "source": {"type": "url", "url": "https://example.com/a.jpg"}},
                ],
            }
        ]
    )
    parts = r.messages[0].content
    assert isinstance(parts, list) and len(parts) == 3
    assert isinstance(parts[0], TextPart) and parts[0].text == "What is in these?"
    assert isinstance(parts[1], ImagePart) and parts[1].image_url.url == f"data:image/png;base64,{PNG}"
    assert isinstance(parts[2], ImagePart) and parts[2].image_url.url == "https://example.com/a.jpg"
    one = parse(messages=[{"role": "user", "content": [{"type": "text", "text": "only text"}]}])
    assert one.messages[0].content == "only text"


def test_tool_use_and_tool_results_become_tool_calls_and_tool_messages() -> None:
    r = parse(
        tools=[WEATHER],
        messages=[
            user("Weather in Oslo and Bergen?"),
            {
                "role": "assistant",
                "content": [
                    {"type": "thinking", "thinking": "two calls", "signature": "sig"},
                    {"type": "text", "text": "Checking."},
                    {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"location": "Oslo"}},
                    {"type": "tool_use", "id": "toolu_2", "name": "get_weather", "input": {"location": "Bergen"}},
                ],
            },
            {
                "role": "user",
                "content": [
                    {"type": "tool_result", "tool_use_id": "toolu_1", "content": "7 degrees"},
                    {
                        "type": "tool_result",
                        "tool_use_id": "toolu_2",
                        "is_error": True,
                        "content": [
                            {"type": "text", "text": "station offline"},
                            {"type": "image", "source": {"type": "url", "url": "https://example.com/map.png"}},
                        ],
                    },
                    {"type": "text", "text": "Summarise."},
                ],
            },
        ],
    )
    roles = [m.role for m in r.messages]
    assert roles == ["user", "assistant", "tool", "tool", "user"]
    assistant = r.messages[1]
    assert assistant.content == "Checking."
    assert assistant.tool_calls is not None
    assert [(c.id, c.function.name, json.loads(c.function.arguments)) for c in assistant.tool_calls] == [
        ("toolu_1", "get_weather", {"location": "Oslo"}),
        ("toolu_2", "get_weather", {"location": "Bergen"}),
    ]
    assert (r.messages[2].tool_call_id, r.messages[2].content) == ("toolu_1", "7 degrees")
    assert (r.messages[3].tool_call_id, r.messages[3].content) == ("toolu_2", "Error: station offline")
    # the tool result's image opens the user message that follows the tool answers
    follow = r.messages[4].content
    assert isinstance(follow, list)
    assert isinstance(follow[0], ImagePart) and follow[0].image_url.url == "https://example.com/map.png"
    assert isinstance(follow[1], TextPart) and follow[1].text == "Summarise."
    # a turn with only tool results adds no user message; an assistant turn with only tool_use has no content
    only = parse(
        tools=[WEATHER],
        messages=[
            user("w"),
            {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "get_weather", "input": {}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t"}]},
        ],
    )
    assert [m.role for m in only.messages] == ["user", "assistant", "tool"]
    assert only.messages[1].content is None and only.messages[2].content == ""
    assert only.messages[1].tool_calls is not None and only.messages[1].tool_calls[0].function.arguments == "{}"


def test_generation_settings_and_metadata() -> None:
    r = parse(
        messages=[user("hi")],
        max_tokens=300,
        temperature=0.2,
        top_p=0.9,
        top_k=40,
        stop_sequences=["\n\nHuman:", "END"],
        stream=True,
        metadata={"user_id": "u-42", "task": "summarise", "data_class": "internal"},
    )
    assert r.output_limit == 300 and r.max_completion_tokens == 300
    assert (r.temperature, r.top_p, r.stop_sequences) == (0.2, 0.9, ["\n\nHuman:", "END"])
    assert r.stream and r.include_usage
    assert r.user == "u-42"
    assert r.metadata == {"task": "summarise", "data_class": "internal"}
    assert r.extra_fields() == {}  # top_k has no counterpart: dropped, never forwarded
    plain = parse(messages=[user("hi")])
    assert plain.response_format is None
    assert not plain.stream and plain.temperature is None and plain.stop is None and plain.user is None


@pytest.mark.parametrize(
    ("choice", "tool_choice", "parallel"),
    [
        ({"type": "auto"}, "auto", None),
        ({"type": "any"}, "required", None),
        ({"type": "none"}, "none", None),
        ({"type": "tool", "name": "get_weather"}, {"type": "function", "function": {"name": "get_weather"}}, None),
        ({"type": "auto", "disable_parallel_tool_use": True}, "auto", False),
        ({"type": "any", "disable_parallel_tool_use": False}, "required", None),
    ],
)
def test_tools_and_tool_choice(choice: dict[str, Any], tool_choice: Any, parallel: bool | None) -> None:
    r = parse(messages=[user("w")], tools=[{**WEATHER, "cache_control": {"type": "ephemeral"}}], tool_choice=choice)
    assert r.tools is not None and len(r.tools) == 1
    fn = r.tools[0].function
    assert (fn.name, fn.description, fn.parameters) == (
        WEATHER["name"],
        WEATHER["description"],
        WEATHER["input_schema"],
    )
    assert r.tool_choice == tool_choice
    assert r.parallel_tool_calls is parallel
    # tool_choice without tools is not sent on (OpenAI-compatible upstreams refuse it)
    assert parse(messages=[user("w")], tool_choice=choice).tool_choice is None


def test_structured_output_becomes_a_json_schema_response_format() -> None:
    schema = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    r = parse(
        messages=[user("Where?")], output_config={"format": {"type": "json_schema", "schema": schema}, "effort": "low"}
    )
    assert r.response_format is not None and r.response_format.type == "json_schema"
    assert r.response_format.json_schema is not None and r.response_format.json_schema.schema_ == schema
    sent = OpenAIChatDialect().encode_chat(r, "gpt-4o-mini", stream=False)
    assert sent["response_format"] == {"type": "json_schema", "json_schema": {"name": "output", "schema": schema}}
    body = AnthropicMessagesDialect(native_structured_outputs=True).encode_chat(r, "claude-sonnet-4-5", stream=False)
    assert body["output_config"] == {"format": {"type": "json_schema", "schema": schema}}


def test_unknown_fields_are_accepted_and_not_forwarded() -> None:
    r = parse(
        messages=[
            {"role": "user", "content": [{"type": "text", "text": "hi", "cache_control": {"type": "ephemeral"}}]}
        ],
        thinking={"type": "enabled", "budget_tokens": 1024},
        service_tier="auto",
    )
    sent = OpenAIChatDialect().encode_chat(r, "gpt-4o-mini", stream=False)
    assert set(sent) == {"model", "messages", "max_completion_tokens"}
    assert sent["messages"] == [{"role": "user", "content": "hi"}]


def test_count_tokens_body_needs_no_max_tokens() -> None:
    r = parse_count_tokens(orjson.dumps({"model": "chat", "system": "s", "messages": [user("hi")], "tools": [WEATHER]}))
    assert [m.role for m in r.messages] == ["system", "user"] and r.tools is not None and r.output_limit is None


X = [{"role": "user", "content": "x"}]


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"model": "chat", "messages": X}, "max_tokens"),
        ({"model": "chat", "max_tokens": 0, "messages": X}, "max_tokens"),
        ({"model": "chat", "max_tokens": 5, "temperature": 1.5, "messages": X}, "temperature"),
        ({"model": "chat", "max_tokens": 5, "messages": []}, "messages"),
        ({"model": "chat", "max_tokens": 5, "messages": [{"role": "system", "content": "x"}]}, "messages.0.role"),
        (
            {"model": "chat", "max_tokens": 5, "messages": [{"role": "user", "content": [{"type": "document"}]}]},
            "messages.0.content",
        ),
    ],
)
def test_invalid_bodies_name_the_field(body: dict[str, Any], loc: str) -> None:
    with pytest.raises(ValidationError) as e:
        parse_messages(orjson.dumps(body))
    assert any(".".join(str(x) for x in err["loc"]).startswith(loc) for err in e.value.errors())


@pytest.mark.parametrize(
    ("body", "error", "words"),
    [
        ({"messages": [{"role": "user", "content": []}]}, RequestError, "at least one content block"),
        (
            {"messages": [{"role": "user", "content": [{"type": "tool_use", "id": "t", "name": "n", "input": {}}]}]},
            RequestError,
            "assistant turns",
        ),
        (
            {"messages": [user("x")], "tools": [{"type": "web_search_20250305", "name": "web_search"}]},
            UnsupportedFeatureError,
            "server tool",
        ),
        ({"messages": [user("x")], "tools": [{"name": "f"}]}, RequestError, "input_schema"),
        ({"messages": [user("x"), {"role": "assistant", "content": ""}, user("y")]}, RequestError, "needs content"),
        ({"messages": [user("x")], "tools": [WEATHER], "tool_choice": {"type": "tool"}}, RequestError, "name"),
        (
            {"messages": [{"role": "user", "content": [{"type": "image", "source": {"type": "base64"}}]}]},
            RequestError,
            "media_type",
        ),
    ],
)
def test_requests_the_neutral_form_cannot_carry_are_refused(
    body: dict[str, Any], error: type[OrkesterError], words: str
) -> None:
    with pytest.raises(error) as e:
        parse(**body)
    assert words in e.value.message


def test_trailing_assistant_turn_is_passed_on_and_an_empty_one_left_out() -> None:
    r = parse(messages=[user("Say hi"), {"role": "assistant", "content": "Hi"}])
    assert [(m.role, m.content) for m in r.messages] == [("user", "Say hi"), ("assistant", "Hi")]
    r = parse(messages=[user("Say hi"), {"role": "assistant", "content": []}])
    assert [m.role for m in r.messages] == ["user"]


def test_through_the_anthropic_egress_the_conversation_comes_back_the_same() -> None:
    """Ingress then egress (an Anthropic upstream): system, tool_use and tool_result survive the round trip."""
    conversation = [
        user("Weather in Oslo?"),
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"location": "Oslo"}}],
        },
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "7 degrees"}]},
    ]
    r = parse(system="Be brief.", messages=conversation, tools=[WEATHER], tool_choice={"type": "auto"})
    body = AnthropicMessagesDialect().encode_chat(r, "claude-sonnet-4-5", stream=False)
    assert body["system"] == "Be brief."
    answered = {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "7 degrees"}]}
    assert body["messages"] == [*conversation[:2], answered]
    assert body["tools"] == [WEATHER] and body["tool_choice"] == {"type": "auto"} and body["max_tokens"] == 64


# --- answers ------------------------------------------------------------------------------


def answer(choice: Choice, usage: Usage | None = None) -> dict[str, Any]:
    resp = ChatResponse(id="x", model="gpt-4o-mini", choices=[choice], usage=usage or Usage())
    msg = to_message(resp, "msg_abc")
    SDKMessage.model_validate(msg)  # what the SDK reads
    return msg


def test_text_answer_as_a_message_object() -> None:
    msg = answer(Choice(content="Hello!"), Usage(input_tokens=11, output_tokens=7, cached_input_tokens=3))
    assert msg == {
        "id": "msg_abc",
        "type": "message",
        "role": "assistant",
        "model": "gpt-4o-mini",
        "content": [{"type": "text", "text": "Hello!"}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {
            "input_tokens": 8,
            "output_tokens": 7,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 3,
        },
    }


def test_tool_calls_become_tool_use_blocks_with_parsed_input() -> None:
    calls = [
        ToolCallOut(id="call_1", name="get_weather", arguments='{"location": "Oslo"}'),
        ToolCallOut(id="call_2", name="ping", arguments=""),
        ToolCallOut(id="call_3", name="broken", arguments='{"location": '),
    ]
    msg = answer(Choice(content="Let me check.", tool_calls=calls, finish_reason="tool_calls"))
    assert msg["content"] == [
        {"type": "text", "text": "Let me check."},
        {"type": "tool_use", "id": "call_1", "name": "get_weather", "input": {"location": "Oslo"}},
        {"type": "tool_use", "id": "call_2", "name": "ping", "input": {}},
        {"type": "tool_use", "id": "call_3", "name": "broken", "input": {"_raw": '{"location": '}},
    ]
    assert msg["stop_reason"] == "tool_use"


@pytest.mark.parametrize(
    ("finish", "calls", "reason"),
    [
        ("stop", False, "end_turn"),
        (None, False, "end_turn"),
        ("length", False, "max_tokens"),
        ("tool_calls", True, "tool_use"),
        ("stop", True, "tool_use"),
        ("content_filter", False, "refusal"),
        ("error", False, "end_turn"),
    ],
)
def test_stop_reasons(finish: FinishReason | None, calls: bool, reason: str) -> None:
    tool_calls = [ToolCallOut(id="c", name="f", arguments="{}")] if calls else []
    assert answer(Choice(content="x", tool_calls=tool_calls, finish_reason=finish))["stop_reason"] == reason


def test_refusal_and_empty_answers() -> None:
    msg = answer(Choice(content=None, refusal="I can't help with that.", finish_reason="content_filter"))
    assert msg["content"] == [{"type": "text", "text": "I can't help with that."}]
    assert msg["stop_reason"] == "refusal"
    assert answer(Choice(content=""))["content"] == []


@pytest.mark.parametrize(
    ("err", "status", "etype"),
    [
        (RequestError("bad"), 400, "invalid_request_error"),
        (AuthenticationError("who"), 401, "authentication_error"),
        (PermissionDeniedError("no"), 403, "permission_error"),
        (UnknownModelError("nope"), 404, "not_found_error"),
        (PayloadTooLargeError("big"), 413, "request_too_large"),
        (RateLimitError("slow"), 429, "rate_limit_error"),
        (OrkesterError("boom"), 500, "api_error"),
        (StreamInterruptedError("cut"), 502, "api_error"),
        (UpstreamUnavailableError("busy"), 503, "overloaded_error"),
        (UpstreamTimeoutError("late"), 504, "timeout_error"),
    ],
)
def test_errors_in_anthropic_shape(err: OrkesterError, status: int, etype: str) -> None:
    assert err.status == status
    assert error_body(err, "req-1") == {
        "type": "error",
        "error": {"type": etype, "message": err.message},
        "request_id": "req-1",
    }


# --- streams ------------------------------------------------------------------------------


def run(chunks: list[ChatChunk]) -> list[tuple[str, dict[str, Any]]]:
    enc = MessageStreamEncoder("msg_abc", "gpt-4o-mini")
    raw = enc.start() + b"".join(enc.encode(c) for c in chunks) + enc.finish()
    out = events(raw)
    for _, data in out:
        EVENTS.validate_python(data)  # every event is one the SDK knows
    return out


def delta(**kw: Any) -> ChatChunk:
    return ChatChunk(choices=[ChoiceDelta(**kw)])


def test_text_stream_event_sequence() -> None:
    out = run(
        [
            delta(role="assistant", content=""),
            delta(content="You "),
            delta(content="said"),
            delta(finish_reason="stop"),
            ChatChunk(usage=Usage(input_tokens=11, output_tokens=7, cached_input_tokens=3)),
        ]
    )
    assert [e for e, _ in out] == [
        "message_start",
        "content_block_start",
        "content_block_delta",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]
    start = out[0][1]["message"]
    assert start["id"] == "msg_abc" and start["model"] == "gpt-4o-mini" and start["content"] == []
    assert start["stop_reason"] is None and start["usage"]["output_tokens"] == 0
    assert out[1][1] == {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}
    assert [d["delta"] for _, d in out[2:4]] == [
        {"type": "text_delta", "text": "You "},
        {"type": "text_delta", "text": "said"},
    ]
    assert out[4][1] == {"type": "content_block_stop", "index": 0}
    assert out[5][1] == {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn", "stop_sequence": None},
        "usage": {
            "input_tokens": 8,
            "output_tokens": 7,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 3,
        },
    }
    assert out[6][1] == {"type": "message_stop"}


BERGEN = '{"location": "Bergen"}'


def test_text_then_tool_calls_get_one_block_each() -> None:
    out = run(
        [
            delta(content="Checking."),
            delta(tool_calls=[ToolCallDelta(index=0, id="call_1", name="get_weather", arguments="")]),
            delta(tool_calls=[ToolCallDelta(index=0, arguments='{"location"')]),
            delta(tool_calls=[ToolCallDelta(index=0, arguments=': "Oslo"}')]),
            delta(tool_calls=[ToolCallDelta(index=1, id="call_2", name="get_weather", arguments=BERGEN)]),
            delta(finish_reason="tool_calls"),
        ]
    )
    shape = [(e, d.get("index"), (d.get("delta") or d.get("content_block") or {}).get("type")) for e, d in out]
    assert shape == [
        ("message_start", None, None),
        ("content_block_start", 0, "text"),
        ("content_block_delta", 0, "text_delta"),
        ("content_block_stop", 0, None),
        ("content_block_start", 1, "tool_use"),
        ("content_block_delta", 1, "input_json_delta"),
        ("content_block_delta", 1, "input_json_delta"),
        ("content_block_stop", 1, None),
        ("content_block_start", 2, "tool_use"),
        ("content_block_delta", 2, "input_json_delta"),
        ("content_block_stop", 2, None),
        ("message_delta", None, None),
        ("message_stop", None, None),
    ]
    assert out[4][1]["content_block"] == {"type": "tool_use", "id": "call_1", "name": "get_weather", "input": {}}
    assert "".join(d["delta"]["partial_json"] for _, d in out[5:7]) == '{"location": "Oslo"}'
    assert out[9][1]["delta"]["partial_json"] == '{"location": "Bergen"}'
    assert out[11][1]["delta"]["stop_reason"] == "tool_use"


def test_a_stream_with_no_content_still_ends_properly() -> None:
    out = run([delta(role="assistant", content=""), delta(finish_reason="length")])
    assert [e for e, _ in out] == ["message_start", "message_delta", "message_stop"]
    assert out[1][1]["delta"]["stop_reason"] == "max_tokens"


def test_error_event() -> None:
    raw = MessageStreamEncoder.error(StreamInterruptedError("The upstream stream broke"))
    assert events(raw) == [
        ("error", {"type": "error", "error": {"type": "api_error", "message": "The upstream stream broke"}})
    ]


async def test_streamed_tool_input_is_restored_after_pseudonymisation() -> None:
    """Placeholders split across input_json_delta pieces come back as the real values."""
    fnr = "15038510190"
    names = Pseudonyms()
    placeholder = names.placeholder("FNR", fnr)
    args = json.dumps({"note": f"fnr {placeholder} ok"})
    cut = args.index(placeholder) + 3  # the placeholder is split between two pieces

    async def upstream() -> AsyncIterator[ChatChunk]:
        yield delta(role="assistant", content="")
        yield delta(tool_calls=[ToolCallDelta(index=0, id="call_1", name="save", arguments="")])
        yield delta(tool_calls=[ToolCallDelta(index=0, arguments=args[:cut])])
        yield delta(tool_calls=[ToolCallDelta(index=0, arguments=args[cut:])])
        yield delta(finish_reason="tool_calls")
        yield ChatChunk(usage=Usage(input_tokens=5, output_tokens=9))

    chunks = [c async for c in restore_stream(upstream(), names)]
    out = run(chunks)
    streamed = "".join(d["delta"]["partial_json"] for e, d in out if e == "content_block_delta")
    assert json.loads(streamed) == {"note": f"fnr {fnr} ok"}
    assert placeholder not in streamed
