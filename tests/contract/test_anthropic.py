"""The Anthropic Messages dialect and provider against a fake server speaking Anthropic's documented format.

The fake refuses what Anthropic refuses (missing max_tokens, system among messages, turns that do not
alternate, tool_result blocks without their tool_use, unknown fields...), so a passing answer proves
the body Orkester sent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest

from orkester.dialects.anthropic_messages import JSON_TOOL
from orkester.errors import (
    ContentPolicyError,
    ContextWindowError,
    StreamInterruptedError,
    UnsupportedFeatureError,
    UpstreamAuthError,
    UpstreamNotFoundError,
    UpstreamRateLimitError,
    UpstreamServerError,
    UpstreamUnavailableError,
)
from orkester.providers.base import Provider
from orkester.settings import Deployment
from orkester.types import ChatRequest, EmbeddingRequest
from tests.fakes.anthropic_server import API_VERSION, TOOL_USE_ID, create_app
from tests.fakes.common import TOOL_ARGS, FakeState
from tests.support.servers import ThreadedServer, serve

from .helpers import WEATHER_TOOL, chat, collect, make_provider, registry, tool_round_trip

DEP = Deployment(provider="anthropic", model="claude-sonnet-4-5")
KEY = "sk-ant-test"
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


@pytest.fixture
def state() -> FakeState:
    return FakeState()


@pytest.fixture
def server(state: FakeState) -> Iterator[ThreadedServer]:
    with serve(create_app(state, api_key=KEY)) as srv:
        yield srv


@pytest.fixture
def env_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_ANTHROPIC_KEY", KEY)


def provider(server: ThreadedServer, **settings: Any) -> Provider:
    return make_provider("anthropic", base_url=server.url, api_key_env="FAKE_ANTHROPIC_KEY", **settings)


def request(messages: list[dict[str, Any]], **kw: Any) -> ChatRequest:
    return ChatRequest.model_validate({"model": "alias", "messages": messages, **kw})


async def test_text_answer_headers_and_usage(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server)
    try:
        r = await p.chat(chat("hello", metadata={"task": "x"}, seed=3, presence_penalty=0.5), DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "You said: hello"
    assert r.choices[0].finish_reason == "stop" and r.choices[0].tool_calls == []
    assert r.id.startswith("msg_") and r.model == "claude-sonnet-4-5"
    # input = input_tokens + cache read + cache creation; cached = cache read; reasoning = thinking tokens
    assert (r.usage.input_tokens, r.usage.output_tokens) == (11, 7)
    assert (r.usage.cached_input_tokens, r.usage.reasoning_tokens) == (3, 2)
    assert state.paths == ["/v1/messages"]
    assert state.headers[0]["x-api-key"] == KEY
    assert state.headers[0]["anthropic-version"] == API_VERSION
    assert "authorization" not in state.headers[0]
    sent = state.requests[0]
    assert sent == {
        "model": "claude-sonnet-4-5",
        "max_tokens": 4096,  # Anthropic requires it; the default when the caller sets none
        "messages": [{"role": "user", "content": "hello"}],
    }


async def test_text_answer_streaming(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server)
    chunks = []
    try:
        async for c in p.stream_chat(chat("hello there"), DEP):
            chunks.append(c)
    finally:
        await p.close()
    assert state.requests[0]["stream"] is True
    assert chunks[0].choices[0].role == "assistant"
    assert all(c.id == "msg_01XFDUDYJgAACzvnptvVoYEL" and c.model == "claude-sonnet-4-5" for c in chunks)
    text = "".join(d.content or "" for c in chunks for d in c.choices)
    assert text == "You said: hello there"
    finishes = [d.finish_reason for c in chunks for d in c.choices if d.finish_reason]
    assert finishes == ["stop"]
    # the final usage chunk comes last and has no choices
    assert chunks[-1].choices == [] and chunks[-1].usage is not None
    u = chunks[-1].usage
    assert (u.input_tokens, u.output_tokens, u.cached_input_tokens, u.reasoning_tokens) == (11, 7, 3, 2)


async def test_tool_call_non_streaming_and_streaming(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server)
    req = chat("weather?", tools=[WEATHER_TOOL], tool_choice="auto")
    try:
        r = await p.chat(req, DEP)
        s = await collect(p.stream_chat(req, DEP))
    finally:
        await p.close()
    assert r.choices[0].finish_reason == "tool_calls"
    assert r.choices[0].content is None
    call = r.choices[0].tool_calls[0]
    assert (call.id, call.name, json.loads(call.arguments)) == (TOOL_USE_ID, "get_weather", json.loads(TOOL_ARGS))
    assert s.finish_reason == "tool_calls"
    assert s.tool_calls == {0: {"id": TOOL_USE_ID, "name": "get_weather", "arguments": TOOL_ARGS}}
    assert s.text == ""
    assert s.usage is not None and s.usage.output_tokens == 7
    fn: Any = WEATHER_TOOL["function"]
    assert state.requests[0]["tools"] == [
        {"name": "get_weather", "description": fn["description"], "input_schema": fn["parameters"]}
    ]
    assert state.requests[0]["tool_choice"] == {"type": "auto"}


@pytest.mark.parametrize(
    ("tool_choice", "parallel", "expected"),
    [
        ("required", None, {"type": "any"}),
        ({"type": "function", "function": {"name": "get_weather"}}, None, {"type": "tool", "name": "get_weather"}),
        (None, False, {"type": "auto", "disable_parallel_tool_use": True}),
        ("required", False, {"type": "any", "disable_parallel_tool_use": True}),
    ],
)
async def test_tool_choice_mapping(
    server: ThreadedServer,
    state: FakeState,
    env_key: None,
    tool_choice: Any,
    parallel: bool | None,
    expected: dict[str, Any],
) -> None:
    p = provider(server)
    kw: dict[str, Any] = {"tools": [WEATHER_TOOL]}
    if tool_choice is not None:
        kw["tool_choice"] = tool_choice
    if parallel is not None:
        kw["parallel_tool_calls"] = parallel
    try:
        r = await p.chat(chat("weather?", **kw), DEP)
    finally:
        await p.close()
    assert state.requests[0]["tool_choice"] == expected
    assert r.choices[0].finish_reason == "tool_calls"


async def test_tool_choice_none_answers_text(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server)
    try:
        r = await p.chat(chat("weather?", tools=[WEATHER_TOOL], tool_choice="none"), DEP)
    finally:
        await p.close()
    assert state.requests[0]["tool_choice"] == {"type": "none"}
    assert r.choices[0].content == "You said: weather?" and r.choices[0].finish_reason == "stop"


async def test_tool_result_round_trip_both_modes(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server)
    try:
        r = await p.chat(tool_round_trip(), DEP)
        s = await collect(p.stream_chat(tool_round_trip(), DEP))
    finally:
        await p.close()
    assert r.choices[0].content == "Tool said: 7 degrees" and r.choices[0].finish_reason == "stop"
    assert s.text == "Tool said: 7 degrees" and s.finish_reason == "stop"
    sent = state.requests[0]
    assert sent["system"] == "Be brief."
    assert sent["messages"] == [
        {"role": "user", "content": "Weather in Oslo?"},
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": "call_1", "name": "get_weather", "input": {"location": "Oslo"}}],
        },
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "call_1", "content": "7 degrees"}]},
    ]


async def test_parallel_tool_results_merge_into_one_user_turn(
    server: ThreadedServer, state: FakeState, env_key: None
) -> None:
    calls = [
        {"id": "call_a", "type": "function", "function": {"name": "get_weather", "arguments": '{"location": "Oslo"}'}},
        {"id": "call_b", "type": "function", "function": {"name": "get_weather", "arguments": '{"location": "Rome"}'}},
    ]
    req = request(
        [
            {"role": "user", "content": "Weather in Oslo and Rome?"},
            {"role": "assistant", "content": "Checking both.", "tool_calls": calls},
            {"role": "tool", "tool_call_id": "call_a", "content": "7 degrees"},
            {"role": "tool", "tool_call_id": "call_b", "content": [{"type": "text", "text": "21 degrees"}]},
        ],
        tools=[WEATHER_TOOL],
    )
    p = provider(server)
    try:
        r = await p.chat(req, DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "Tool said: 21 degrees"
    msgs = state.requests[0]["messages"]
    assert len(msgs) == 3
    assert [b["type"] for b in msgs[1]["content"]] == ["text", "tool_use", "tool_use"]
    assert [b["tool_use_id"] for b in msgs[2]["content"]] == ["call_a", "call_b"]


async def test_turns_are_made_to_alternate(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    req = request(
        [
            {"role": "assistant", "content": "Hi! How can I help?"},
            {"role": "user", "content": "First part."},
            {"role": "user", "content": [{"type": "text", "text": "Second part."}]},
        ]
    )
    p = provider(server)
    try:
        r = await p.chat(req, DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "You said: First part.Second part."
    msgs = state.requests[0]["messages"]
    assert [m["role"] for m in msgs] == ["user", "assistant", "user"]
    assert msgs[2]["content"] == [{"type": "text", "text": "First part."}, {"type": "text", "text": "Second part."}]


async def test_images_data_url_and_http_url(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    req = request(
        [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "What is in these?"},
                    {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}},
                    {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg", "detail": "high"}},
                ],
            }
        ]
    )
    p = provider(server)
    try:
        r = await p.chat(req, DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "You said: What is in these?"
    assert state.requests[0]["messages"][0]["content"] == [
        {"type": "text", "text": "What is in these?"},
        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}},
        {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}},
    ]


SCHEMA = {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]}


@pytest.mark.parametrize(
    ("response_format", "schema"),
    [
        ({"type": "json_object"}, {"type": "object"}),
        ({"type": "json_schema", "json_schema": {"name": "place", "schema": SCHEMA}}, SCHEMA),
    ],
)
async def test_json_mode_through_a_forced_tool(
    server: ThreadedServer,
    state: FakeState,
    env_key: None,
    response_format: dict[str, Any],
    schema: dict[str, Any],
) -> None:
    req = chat("Where? Answer in JSON.", response_format=response_format)
    p = provider(server)
    try:
        r = await p.chat(req, DEP)
        s = await collect(p.stream_chat(req, DEP))
    finally:
        await p.close()
    assert json.loads(r.choices[0].content or "") == json.loads(TOOL_ARGS)
    assert r.choices[0].finish_reason == "stop" and r.choices[0].tool_calls == []
    assert s.text == TOOL_ARGS and s.tool_calls == {} and s.finish_reason == "stop"
    sent = state.requests[0]
    assert [t["name"] for t in sent["tools"]] == [JSON_TOOL]
    assert sent["tools"][0]["input_schema"] == schema
    assert sent["tool_choice"] == {"type": "tool", "name": JSON_TOOL}
    assert "response_format" not in sent


async def test_json_mode_with_caller_tools_keeps_them_callable(
    server: ThreadedServer, state: FakeState, env_key: None
) -> None:
    p = provider(server)
    try:
        r = await p.chat(chat("weather?", tools=[WEATHER_TOOL], response_format={"type": "json_object"}), DEP)
    finally:
        await p.close()
    assert [t["name"] for t in state.requests[0]["tools"]] == ["get_weather", JSON_TOOL]
    assert state.requests[0]["tool_choice"] == {"type": "any"}
    assert r.choices[0].finish_reason == "tool_calls" and r.choices[0].tool_calls[0].name == "get_weather"


async def test_json_schema_native_structured_outputs(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server, options={"native_structured_outputs": True})
    rf = {"type": "json_schema", "json_schema": {"name": "place", "schema": SCHEMA, "strict": True}}
    try:
        r = await p.chat(chat("Where?", response_format=rf), DEP)
    finally:
        await p.close()
    assert json.loads(r.choices[0].content or "") == json.loads(TOOL_ARGS)
    assert state.requests[0]["output_config"] == {"format": {"type": "json_schema", "schema": SCHEMA}}
    assert "tools" not in state.requests[0]


async def test_system_and_developer_messages_go_top_level(
    server: ThreadedServer, state: FakeState, env_key: None
) -> None:
    req = request(
        [
            {"role": "system", "content": "You are terse."},
            {"role": "developer", "content": [{"type": "text", "text": "Answer in English."}]},
            {"role": "user", "content": "hi"},
        ]
    )
    p = provider(server)
    try:
        r = await p.chat(req, DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "You said: hi"
    sent = state.requests[0]
    assert sent["system"] == "You are terse.\n\nAnswer in English."
    assert sent["messages"] == [{"role": "user", "content": "hi"}]


async def test_sampling_parameters_mapping(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server)
    try:
        await p.chat(chat("hi", temperature=0.3, top_p=0.9, max_tokens=300, stop=["END"], user="u-42"), DEP)
        await p.chat(chat("hi", temperature=1.7, max_completion_tokens=200, stop="STOP"), DEP)
    finally:
        await p.close()
    first, second = state.requests
    assert (first["temperature"], first["top_p"], first["max_tokens"]) == (0.3, 0.9, 300)
    assert first["stop_sequences"] == ["END"]
    assert first["metadata"] == {"user_id": "u-42"}
    assert second["temperature"] == 1.0  # clamped into Anthropic's 0..1
    assert second["max_tokens"] == 200 and second["stop_sequences"] == ["STOP"]


async def test_default_max_tokens_option(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server, options={"default_max_tokens": 1024})
    try:
        await p.chat(chat("hi"), DEP)
    finally:
        await p.close()
    assert state.requests[0]["max_tokens"] == 1024


@pytest.mark.parametrize(
    ("kw", "text", "finish"),
    [
        ({"stop": ["hello"]}, "You said: ", "stop"),  # stop_sequence
        ({"max_tokens": 2}, "You said", "length"),  # max_tokens
        ({}, "You said: hello", "stop"),  # end_turn
    ],
)
async def test_finish_reasons_both_modes(
    server: ThreadedServer, env_key: None, kw: dict[str, Any], text: str, finish: str
) -> None:
    p = provider(server)
    try:
        r = await p.chat(chat("hello", **kw), DEP)
        s = await collect(p.stream_chat(chat("hello", **kw), DEP))
    finally:
        await p.close()
    assert (r.choices[0].content, r.choices[0].finish_reason) == (text, finish)
    assert (s.text, s.finish_reason) == (text, finish)


async def test_refusal_is_content_filter_both_modes(server: ThreadedServer, env_key: None) -> None:
    p = provider(server)
    try:
        r = await p.chat(chat("trigger:refusal"), DEP)
        s = await collect(p.stream_chat(chat("trigger:refusal"), DEP))
    finally:
        await p.close()
    assert r.choices[0].finish_reason == "content_filter"
    assert s.finish_reason == "content_filter" and s.text == ""


@pytest.mark.parametrize(
    ("trigger", "cls", "status", "upstream_status"),
    [
        ("context", ContextWindowError, 400, 400),
        ("ratelimit", UpstreamRateLimitError, 429, 429),
        ("overloaded", UpstreamUnavailableError, 503, 529),
        ("server", UpstreamServerError, 502, 500),
        ("policy", ContentPolicyError, 400, 400),
        ("auth", UpstreamAuthError, 502, 401),
    ],
)
async def test_errors_map_to_tree(
    server: ThreadedServer, env_key: None, trigger: str, cls: type[Exception], status: int, upstream_status: int
) -> None:
    p = provider(server)
    try:
        with pytest.raises(cls) as ei:
            await p.chat(chat(f"trigger:{trigger}"), DEP)
        with pytest.raises(cls) as si:
            await collect(p.stream_chat(chat(f"trigger:{trigger}"), DEP))
    finally:
        await p.close()
    for err in (ei.value, si.value):
        assert type(err) is cls
        assert err.status == status  # type: ignore[attr-defined]
        assert err.upstream_status == upstream_status  # type: ignore[attr-defined]
        assert err.provider == "anthropic" and err.model == "claude-sonnet-4-5"  # type: ignore[attr-defined]
    if trigger == "ratelimit":
        assert ei.value.retry_after == 1.0  # type: ignore[attr-defined]


async def test_wrong_key_is_an_upstream_auth_error(server: ThreadedServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_ANTHROPIC_KEY", "sk-ant-wrong")
    p = provider(server)
    try:
        with pytest.raises(UpstreamAuthError) as ei:
            await p.chat(chat("hi"), DEP)
    finally:
        await p.close()
    assert ei.value.message == "invalid x-api-key"


async def test_cut_stream_and_midstream_error(server: ThreadedServer, env_key: None) -> None:
    p = provider(server)
    got: list[str] = []
    try:
        with pytest.raises(StreamInterruptedError):
            async for c in p.stream_chat(chat("trigger:cut"), DEP):
                got.extend(d.content or "" for d in c.choices)
        assert "".join(got) == "You "
        got.clear()
        with pytest.raises(UpstreamUnavailableError) as ei:
            async for c in p.stream_chat(chat("trigger:midstream-error"), DEP):
                got.extend(d.content or "" for d in c.choices)
    finally:
        await p.close()
    assert "".join(got) == "You "  # tokens arrived before the error event
    assert ei.value.message == "Overloaded" and ei.value.provider == "anthropic"


async def test_provider_down_is_unavailable(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    state.down = True
    p = provider(server)
    try:
        with pytest.raises(UpstreamUnavailableError) as ei:
            await p.chat(chat("hi"), DEP)
    finally:
        await p.close()
    assert ei.value.upstream_status == 529 and ei.value.retryable


async def test_missing_model_is_not_found_so_fallback_may_try_elsewhere(
    server: ThreadedServer, state: FakeState, env_key: None
) -> None:
    state.fail_next.append(
        (404, {"type": "error", "error": {"type": "not_found_error", "message": "model: claude-9"}}, {})
    )
    p = provider(server)
    try:
        with pytest.raises(UpstreamNotFoundError) as ei:
            await p.chat(chat("hi"), DEP)
    finally:
        await p.close()
    assert ei.value.upstream_status == 404 and ei.value.message == "model: claude-9"
    assert ei.value.fallback and not ei.value.retryable


async def test_no_embeddings(server: ThreadedServer, env_key: None) -> None:
    p = provider(server)
    try:
        with pytest.raises(UnsupportedFeatureError):
            await p.embed(EmbeddingRequest(model="e", input="x"), DEP)
    finally:
        await p.close()


async def test_registration_defaults_and_base_url(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    reg = registry()
    assert reg.provider_defaults["anthropic"] == {"api_key_env": "ANTHROPIC_API_KEY"}
    p = provider(server)
    assert p.region == "us" and p.dialect_name == "anthropic"
    await p.close()
    # a base URL written with the version segment reaches the same endpoint
    p = make_provider("anthropic", base_url=f"{server.url}/v1", api_key_env="FAKE_ANTHROPIC_KEY")
    try:
        await p.chat(chat("hi"), DEP)
    finally:
        await p.close()
    assert state.paths == ["/v1/messages"]


# --- the fake refuses what Anthropic refuses: otherwise the tests above would prove nothing ---------

GOOD: dict[str, Any] = {"model": "claude-sonnet-4-5", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]}


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({k: v for k, v in GOOD.items() if k != "max_tokens"}, "max_tokens: Field required"),
        ({**GOOD, "messages": [{"role": "system", "content": "x"}, *GOOD["messages"]]}, "messages.0.role"),
        ({**GOOD, "messages": [{"role": "assistant", "content": "x"}]}, "first message must use"),
        ({**GOOD, "messages": [*GOOD["messages"], {"role": "user", "content": "y"}]}, "roles must alternate"),
        ({**GOOD, "response_format": {"type": "json_object"}}, "response_format: Extra inputs"),
        ({**GOOD, "messages": [{"role": "user", "content": "x", "name": "bob"}]}, "messages.0.name: Extra"),
        (
            {
                **GOOD,
                "messages": [
                    {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "nope", "content": "7"}]}
                ],
            },
            "unexpected `tool_use_id`",
        ),
        (
            {
                **GOOD,
                "messages": [
                    {"role": "user", "content": "hi"},
                    {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "f", "input": {}}]},
                    {"role": "user", "content": "go on"},
                ],
            },
            "without `tool_result` blocks",
        ),
        ({**GOOD, "temperature": 1.5}, "temperature"),
        ({**GOOD, "tools": [{"name": "f", "parameters": {}}]}, "input_schema"),
    ],
)
async def test_fake_refuses_what_anthropic_refuses(server: ThreadedServer, body: dict[str, Any], fragment: str) -> None:
    headers = {"x-api-key": KEY, "anthropic-version": API_VERSION}
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{server.url}/v1/messages", json=body, headers=headers) as resp,
    ):
        data = await resp.json()
    assert resp.status == 400
    assert data["type"] == "error" and data["error"]["type"] == "invalid_request_error"
    assert fragment in data["error"]["message"]


async def test_fake_requires_the_version_header(server: ThreadedServer) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{server.url}/v1/messages", json=GOOD, headers={"x-api-key": KEY}) as resp,
    ):
        data = await resp.json()
    assert resp.status == 400 and "anthropic-version" in data["error"]["message"]
