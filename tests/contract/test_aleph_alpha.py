"""The Aleph Alpha dialect and provider against a fake server speaking the API's documented format."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from orkester.errors import (
    ConfigError,
    ContextWindowError,
    StreamInterruptedError,
    UnsupportedFeatureError,
    UpstreamAuthError,
    UpstreamBadRequestError,
    UpstreamRateLimitError,
    UpstreamServerError,
    UpstreamUnavailableError,
)
from orkester.providers.base import Provider
from orkester.settings import Deployment
from orkester.types import ChatRequest, EmbeddingRequest
from tests.fakes.aleph_alpha_server import create_app
from tests.fakes.common import TOOL_ARGS, FakeState
from tests.support.servers import ThreadedServer, serve

from .helpers import WEATHER_TOOL, chat, collect, make_provider, registry, tool_round_trip

DEP = Deployment(provider="aleph_alpha", model="llama-3.1-8b-instruct")
EMBED_DEP = Deployment(provider="aleph_alpha", model="pharia-1-embedding-4608-control")
PNG = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture
def state() -> FakeState:
    return FakeState()


@pytest.fixture
def server(state: FakeState) -> Iterator[ThreadedServer]:
    with serve(create_app(state)) as srv:
        yield srv


@pytest.fixture
def env_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_AA_TOKEN", "aa-test")


def provider(server: ThreadedServer, **options: Any) -> Provider:
    return make_provider("aleph_alpha", base_url=server.url, api_key_env="FAKE_AA_TOKEN", options=options)


def request(messages: list[dict[str, Any]], **kw: Any) -> ChatRequest:
    return ChatRequest.model_validate({"model": "alias", "messages": messages, **kw})


async def test_registered_as_an_eu_provider_reading_aa_token() -> None:
    reg = registry()
    assert reg.provider_defaults["aleph_alpha"]["api_key_env"] == "AA_TOKEN"
    p = make_provider("aleph_alpha")
    try:
        assert p.region == "eu"
        assert p.chat_url(DEP, stream=False) == "https://api.aleph-alpha.com/chat/completions"  # type: ignore[attr-defined]
    finally:
        await p.close()


async def test_text_answer_usage_and_sampling_fields(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server)
    req = chat(
        "hello",
        temperature=0.2,
        top_p=0.9,
        max_completion_tokens=50,
        stop="\n\n",
        presence_penalty=0.5,
        seed=7,
        user="u-1",
        parallel_tool_calls=False,
        metadata={"task": "x"},
        logit_bias={"42": -100},
        steering_concepts=["_worker/slang"],
        mystery_field=1,
    )
    try:
        r = await p.chat(req, DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "You said: hello"
    assert r.choices[0].finish_reason == "stop"
    assert (r.usage.input_tokens, r.usage.output_tokens) == (11, 7)
    assert (r.usage.cached_input_tokens, r.usage.reasoning_tokens) == (0, 0)  # not reported by Aleph Alpha
    sent = state.requests[0]
    assert state.paths[0] == "/chat/completions"
    assert state.headers[0]["authorization"] == "Bearer aa-test"
    assert sent["model"] == "llama-3.1-8b-instruct"
    assert sent["max_tokens"] == 50 and "max_completion_tokens" not in sent
    assert (sent["temperature"], sent["top_p"], sent["presence_penalty"]) == (0.2, 0.9, 0.5)
    assert sent["stop"] == ["\n\n"]
    assert sent["logit_bias"] == {"42": -100} and sent["steering_concepts"] == ["_worker/slang"]
    for absent in ("seed", "user", "parallel_tool_calls", "metadata", "mystery_field", "stream"):
        assert absent not in sent


async def test_text_answer_streaming(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server)
    try:
        s = await collect(p.stream_chat(chat("hello there"), DEP))
    finally:
        await p.close()
    assert s.text == "You said: hello there"
    assert s.finish_reason == "stop"
    assert s.usage is not None and (s.usage.input_tokens, s.usage.output_tokens) == (11, 7)
    assert state.requests[0]["stream"] is True
    assert state.requests[0]["stream_options"] == {"include_usage": True}


@pytest.mark.parametrize("tool_choice", ["auto", "required", {"type": "function", "function": {"name": "get_weather"}}])
async def test_tool_call_non_streaming_and_streaming(
    server: ThreadedServer, state: FakeState, env_key: None, tool_choice: Any
) -> None:
    p = provider(server)
    req = chat("weather?", tools=[WEATHER_TOOL], tool_choice=tool_choice)
    try:
        r = await p.chat(req, DEP)
        s = await collect(p.stream_chat(req, DEP))
    finally:
        await p.close()
    choice = r.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.content is None
    call = choice.tool_calls[0]
    assert (call.id, call.name, json.loads(call.arguments)) == (
        "chatcmpl-tool-fake1",
        "get_weather",
        {"location": "Oslo"},
    )
    assert s.finish_reason == "tool_calls"
    assert s.text == ""  # the empty content beside streamed tool calls is not text
    assert s.tool_calls[0] == {"id": "chatcmpl-tool-fake1", "name": "get_weather", "arguments": TOOL_ARGS}
    assert s.usage is not None and s.usage.output_tokens == 7
    sent = state.requests[0]
    assert sent["tools"] == [WEATHER_TOOL]
    assert sent["tool_choice"] == tool_choice


async def test_tool_choice_none_answers_in_text(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server)
    try:
        r = await p.chat(chat("weather?", tools=[WEATHER_TOOL], tool_choice="none"), DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "You said: weather?" and not r.choices[0].tool_calls
    assert state.requests[0]["tool_choice"] == "none"


@pytest.mark.parametrize("stream", [False, True])
async def test_tool_result_round_trip(server: ThreadedServer, state: FakeState, env_key: None, stream: bool) -> None:
    p = provider(server)
    try:
        if stream:
            text = (await collect(p.stream_chat(tool_round_trip(), DEP))).text
        else:
            text = (await p.chat(tool_round_trip(), DEP)).choices[0].content or ""
    finally:
        await p.close()
    assert text == "Tool said: 7 degrees"
    assert state.requests[0]["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Weather in Oslo?"},
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": TOOL_ARGS}}
            ],
        },
        {"role": "tool", "content": "7 degrees", "tool_call_id": "call_1"},
    ]


async def test_system_and_developer_messages_become_one_leading_system_message(
    server: ThreadedServer, state: FakeState, env_key: None
) -> None:
    p = provider(server)
    req = request(
        [
            {"role": "developer", "content": "Answer in English."},
            {"role": "user", "content": "Hi."},
            {"role": "user", "content": "Still there?"},
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": [{"type": "text", "text": "ping"}]},
        ]
    )
    try:
        r = await p.chat(req, DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "You said: Hi.\n\nStill there?ping"
    assert state.requests[0]["messages"] == [
        {"role": "system", "content": "Answer in English.\n\nBe brief."},
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Hi.\n\nStill there?"},
                {"type": "text", "text": "ping"},
            ],
        },
    ]


async def test_image_data_url_is_sent_as_image_url_part(
    server: ThreadedServer, state: FakeState, env_key: None
) -> None:
    p = provider(server)
    req = request(
        [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "What is this?"},
                    {"type": "image_url", "image_url": {"url": PNG, "detail": "high"}},
                    {"type": "image_url", "image_url": {"url": PNG, "detail": "auto"}},
                ],
            }
        ]
    )
    try:
        r = await p.chat(req, DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "You said: What is this?"
    assert state.requests[0]["messages"][0]["content"] == [
        {"type": "text", "text": "What is this?"},
        {"type": "image_url", "image_url": {"url": PNG}},  # only "auto" is a valid detail here
        {"type": "image_url", "image_url": {"url": PNG, "detail": "auto"}},
    ]


async def test_image_link_is_refused_before_sending(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server)
    req = request(
        [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}]}]
    )
    try:
        with pytest.raises(UnsupportedFeatureError):
            await p.chat(req, DEP)
        with pytest.raises(UnsupportedFeatureError):
            await collect(p.stream_chat(req, DEP))
    finally:
        await p.close()
    assert state.requests == []


async def test_json_schema_and_json_mode(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    schema = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    p = provider(server)
    try:
        await p.chat(
            chat(
                "city?",
                response_format={
                    "type": "json_schema",
                    "json_schema": {"name": "city", "schema": schema, "strict": True},
                },
            ),
            DEP,
        )
        await p.chat(chat("city?", response_format={"type": "json_object"}), DEP)
        await p.chat(chat("city?", response_format={"type": "text"}), DEP)
    finally:
        await p.close()
    assert state.requests[0]["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "city", "schema": schema, "strict": True},
    }
    assert state.requests[1]["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "json_object", "schema": {"type": "object"}},
    }
    assert "response_format" not in state.requests[2]


@pytest.mark.parametrize(
    ("prompt", "extra", "finish"), [("hello", {"max_tokens": 2}, "length"), ("trigger:policy", {}, "content_filter")]
)
async def test_finish_reasons_length_and_content_filter(
    server: ThreadedServer, state: FakeState, env_key: None, prompt: str, extra: dict[str, Any], finish: str
) -> None:
    p = provider(server)
    try:
        r = await p.chat(chat(prompt, **extra), DEP)
        s = await collect(p.stream_chat(chat(prompt, **extra), DEP))
    finally:
        await p.close()
    assert r.choices[0].finish_reason == finish
    assert s.finish_reason == finish
    assert s.text == (r.choices[0].content or "")
    if finish == "length":
        assert r.choices[0].content == "You said"
        assert state.requests[0]["max_tokens"] == 2


@pytest.mark.parametrize(
    ("trigger", "cls", "status", "code"),
    [
        ("context", ContextWindowError, 400, "PROMPT_TOO_LONG"),
        ("ratelimit", UpstreamRateLimitError, 429, "TOO_MANY_TASKS"),
        ("overloaded", UpstreamUnavailableError, 503, "QUEUE_FULL"),
        ("server", UpstreamServerError, 502, "INTERNAL_ERROR"),
        ("auth", UpstreamAuthError, 502, "UNAUTHENTICATED"),
    ],
)
async def test_errors_map_to_tree(
    server: ThreadedServer, env_key: None, trigger: str, cls: type[Exception], status: int, code: str
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
        assert err.status == status  # type: ignore[attr-defined]
        assert err.upstream_code == code  # type: ignore[attr-defined]
        assert err.provider == "aleph_alpha" and err.model == "llama-3.1-8b-instruct"  # type: ignore[attr-defined]


async def test_rejected_request_is_a_bad_request(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    state.fail_next.append(
        (
            400,
            {"error": "Json deserialize error: missing field `schema` at line 1 column 444", "code": "PAYLOAD_ERROR"},
            {},
        )
    )
    p = provider(server)
    try:
        with pytest.raises(UpstreamBadRequestError) as ei:
            await p.chat(chat("hi"), DEP)
    finally:
        await p.close()
    assert type(ei.value) is UpstreamBadRequestError
    assert ei.value.upstream_code == "PAYLOAD_ERROR" and "missing field" in ei.value.message


async def test_cut_stream_is_an_error_not_a_clean_end(server: ThreadedServer, env_key: None) -> None:
    p = provider(server)
    got = []
    try:
        with pytest.raises(StreamInterruptedError):
            async for c in p.stream_chat(chat("trigger:cut"), DEP):
                got.append(c)
    finally:
        await p.close()
    assert any(d.content for c in got for d in c.choices)  # text arrived before the break


async def test_nice_option_adds_the_query_flag(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server, nice=True)
    try:
        await p.chat(chat("hi"), DEP)
        await p.embed(EmbeddingRequest(model="e", input="a"), EMBED_DEP)
    finally:
        await p.close()
    assert state.paths == ["/chat/completions?nice=true", "/batch_semantic_embed?nice=true"]


async def test_semantic_embeddings(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server, representation="query")
    try:
        r = await p.embed(EmbeddingRequest(model="e", input=["a", "bbb"], dimensions=128, user="u"), EMBED_DEP)
        with pytest.raises(UnsupportedFeatureError):
            await p.embed(EmbeddingRequest(model="e", input=["a"], dimensions=256), EMBED_DEP)
    finally:
        await p.close()
    assert [v[0] for v in r.vectors] == [1.0, 3.0]
    assert r.usage.input_tokens == 5
    assert state.paths == ["/batch_semantic_embed"]
    assert state.requests[0] == {
        "model": "pharia-1-embedding-4608-control",
        "prompts": ["a", "bbb"],
        "representation": "query",
        "compress_to_size": 128,
    }


async def test_more_than_a_batch_of_embeddings_is_split_in_order(
    server: ThreadedServer, state: FakeState, env_key: None
) -> None:
    texts = ["x" * (i % 7 + 1) for i in range(230)]
    p = provider(server)
    try:
        r = await p.embed(EmbeddingRequest(model="e", input=texts), EMBED_DEP)
    finally:
        await p.close()
    assert [len(b["prompts"]) for b in state.requests] == [100, 100, 30]
    assert [v[0] for v in r.vectors] == [float(len(t)) for t in texts]
    assert r.usage.input_tokens == 15


async def test_openai_shaped_embeddings_option(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server, embeddings_api="openai")
    try:
        r = await p.embed(
            EmbeddingRequest(model="e", input=["a", "bbb"], dimensions=64, user="u"),
            Deployment(provider="aleph_alpha", model="qwen3-embedding-0.6b"),
        )
    finally:
        await p.close()
    assert [v[0] for v in r.vectors] == [1.0, 3.0]
    assert state.paths == ["/embeddings"]
    assert state.requests[0] == {
        "model": "qwen3-embedding-0.6b",
        "input": ["a", "bbb"],
        "encoding_format": "float",
        "dimensions": 64,
    }


def test_bad_options_are_config_errors() -> None:
    with pytest.raises(ConfigError):
        make_provider("aleph_alpha", options={"embeddings_api": "legacy"})
    with pytest.raises(ConfigError):
        make_provider("aleph_alpha", options={"representation": "sideways"})
