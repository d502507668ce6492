"""OpenAI and Azure OpenAI dialects against a fake server speaking OpenAI's documented format."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from orkester.errors import (
    ContentPolicyError,
    ContextWindowError,
    StreamInterruptedError,
    UpstreamAuthError,
    UpstreamRateLimitError,
    UpstreamServerError,
    UpstreamUnavailableError,
)
from orkester.settings import Deployment
from tests.fakes.common import TOOL_ARGS, FakeState
from tests.fakes.openai_server import create_app
from tests.support.servers import ThreadedServer, serve

from .helpers import WEATHER_TOOL, chat, collect, make_provider, tool_round_trip

DEP = Deployment(provider="openai", model="gpt-4o-mini")


@pytest.fixture
def state() -> FakeState:
    return FakeState()


@pytest.fixture
def server(state: FakeState) -> Iterator[ThreadedServer]:
    with serve(create_app(state)) as srv:
        yield srv


@pytest.fixture
def azure_server(state: FakeState) -> Iterator[ThreadedServer]:
    with serve(create_app(state, azure=True)) as srv:
        yield srv


@pytest.fixture
def env_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_OPENAI_KEY", "sk-test")


async def test_text_answer_and_usage(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = make_provider("openai", base_url=f"{server.url}/v1", api_key_env="FAKE_OPENAI_KEY")
    try:
        r = await p.chat(chat("hello", temperature=0.2, max_completion_tokens=50, metadata={"task": "x"}), DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "You said: hello"
    assert r.choices[0].finish_reason == "stop"
    assert (r.usage.input_tokens, r.usage.output_tokens) == (11, 7)
    assert (r.usage.cached_input_tokens, r.usage.reasoning_tokens) == (3, 2)
    sent = state.requests[0]
    assert sent["model"] == "gpt-4o-mini"
    assert sent["temperature"] == 0.2 and sent["max_completion_tokens"] == 50
    assert "metadata" not in sent  # Orkester's controls never reach the upstream


async def test_tool_call_non_streaming_and_streaming(server: ThreadedServer, env_key: None) -> None:
    p = make_provider("openai", base_url=f"{server.url}/v1", api_key_env="FAKE_OPENAI_KEY")
    req = chat("weather?", tools=[WEATHER_TOOL], tool_choice="auto")
    try:
        r = await p.chat(req, DEP)
        s = await collect(p.stream_chat(req, DEP))
    finally:
        await p.close()
    assert r.choices[0].finish_reason == "tool_calls"
    call = r.choices[0].tool_calls[0]
    assert (call.name, json.loads(call.arguments)) == ("get_weather", {"location": "Oslo"})
    assert s.finish_reason == "tool_calls"
    assert s.tool_calls[0]["name"] == "get_weather" and s.tool_calls[0]["arguments"] == TOOL_ARGS
    assert s.usage is not None and s.usage.output_tokens == 7


async def test_tool_result_round_trip_streaming(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = make_provider("openai", base_url=f"{server.url}/v1", api_key_env="FAKE_OPENAI_KEY")
    try:
        s = await collect(p.stream_chat(tool_round_trip(), DEP))
    finally:
        await p.close()
    assert s.text == "Tool said: 7 degrees"
    assert state.requests[0]["stream_options"] == {"include_usage": True}
    assert state.requests[0]["messages"][3]["tool_call_id"] == "call_1"


async def test_azure_url_and_key(
    azure_server: ThreadedServer, state: FakeState, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AZ_KEY", "sk-test")
    p = make_provider("azure", base_url=azure_server.url, api_key_env="AZ_KEY", api_version="2024-10-21")
    try:
        r = await p.chat(chat("hi"), Deployment(provider="azure", model="my-gpt4o"))
    finally:
        await p.close()
    assert r.choices[0].content == "You said: hi"
    assert state.paths[0] == "/openai/deployments/my-gpt4o/chat/completions"
    assert state.headers[0]["api-key"] == "sk-test"


@pytest.mark.parametrize(
    ("trigger", "cls", "status"),
    [
        ("context", ContextWindowError, 400),
        ("ratelimit", UpstreamRateLimitError, 429),
        ("overloaded", UpstreamUnavailableError, 503),
        ("server", UpstreamServerError, 502),
        ("policy", ContentPolicyError, 400),
        ("auth", UpstreamAuthError, 502),
    ],
)
async def test_errors_map_to_tree(
    server: ThreadedServer, env_key: None, trigger: str, cls: type[Exception], status: int
) -> None:
    p = make_provider("openai", base_url=f"{server.url}/v1", api_key_env="FAKE_OPENAI_KEY")
    try:
        with pytest.raises(cls) as ei:
            await p.chat(chat(f"trigger:{trigger}"), DEP)
        with pytest.raises(cls):
            await collect(p.stream_chat(chat(f"trigger:{trigger}"), DEP))
    finally:
        await p.close()
    err = ei.value
    assert err.status == status  # type: ignore[attr-defined]
    assert err.provider == "openai" and err.model == "gpt-4o-mini"  # type: ignore[attr-defined]
    if trigger == "ratelimit":
        assert err.retry_after == 1.0  # type: ignore[attr-defined]


async def test_cut_stream_is_an_error_not_a_clean_end(server: ThreadedServer, env_key: None) -> None:
    p = make_provider("openai", base_url=f"{server.url}/v1", api_key_env="FAKE_OPENAI_KEY")
    got = []
    try:
        with pytest.raises(StreamInterruptedError):
            async for c in p.stream_chat(chat("trigger:cut"), DEP):
                got.append(c)
        with pytest.raises(UpstreamServerError):
            async for c in p.stream_chat(chat("trigger:midstream-error"), DEP):
                got.append(c)
    finally:
        await p.close()
    assert got  # tokens arrived before the break


async def test_embeddings(server: ThreadedServer, env_key: None) -> None:
    from orkester.types import EmbeddingRequest

    p = make_provider("openai", base_url=f"{server.url}/v1", api_key_env="FAKE_OPENAI_KEY")
    try:
        r = await p.embed(
            EmbeddingRequest(model="e", input=["a", "bbb"]),
            Deployment(provider="openai", model="text-embedding-3-small"),
        )
    finally:
        await p.close()
    assert [v[0] for v in r.vectors] == [1.0, 3.0]
    assert r.usage.input_tokens == 5


async def test_mistral_declared_as_data(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = make_provider("mistral", base_url=f"{server.url}/v1", api_key_env="FAKE_OPENAI_KEY")
    try:
        r = await p.chat(
            chat("bonjour", max_completion_tokens=9), Deployment(provider="mistral", model="mistral-small-latest")
        )
    finally:
        await p.close()
    assert r.choices[0].content == "You said: bonjour"
    assert p.region == "eu"
    assert state.requests[0]["max_tokens"] == 9 and "max_completion_tokens" not in state.requests[0]
