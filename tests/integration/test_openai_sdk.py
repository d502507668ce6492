"""The official openai SDK as a client of Orkester, unchanged but for base_url and key.

Upstream is the fake OpenAI server, so every answer crossed two real HTTP hops.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import openai
import pytest

from tests.fakes.common import TOOL_ARGS, FakeState
from tests.fakes.openai_server import create_app
from tests.support.gateway import openai_provider, run_gateway
from tests.support.servers import ThreadedServer, serve

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {"type": "object", "properties": {"location": {"type": "string"}}},
    },
}


@pytest.fixture
def upstream_state() -> FakeState:
    return FakeState()


@pytest.fixture
def gateway(upstream_state: FakeState, monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedServer]:
    monkeypatch.setenv("FAKE_OPENAI_KEY", "sk-test")
    with serve(create_app(upstream_state)) as up:
        config = {
            "providers": {"up": openai_provider(up.url)},
            "models": {
                "chat": {
                    "deployments": [
                        {
                            "provider": "up",
                            "model": "gpt-4o-mini",
                            "price": {"input": 1.0, "output": 2.0},
                            "region": "us",
                        }
                    ]
                },
                "embed": {"deployments": [{"provider": "up", "model": "text-embedding-3-small"}]},
            },
            # Upstream errors reach the client at once: no waiting on Retry-After in these tests.
            "reliability": {"retries": {"max_attempts": 1}},
        }
        with run_gateway(config) as gw:
            yield gw


def client(gw: ThreadedServer) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{gw.url}/v1", api_key="anything", max_retries=0)


def test_sync_completion_with_route_headers(gateway: ThreadedServer) -> None:
    raw = client(gateway).chat.completions.with_raw_response.create(
        model="chat", messages=[{"role": "user", "content": "hello"}]
    )
    r = raw.parse()
    assert r.choices[0].message.content == "You said: hello"
    assert r.usage is not None and r.usage.prompt_tokens == 11 and r.usage.completion_tokens == 7
    assert raw.headers["x-orkester-provider"] == "up"
    assert raw.headers["x-orkester-model"] == "gpt-4o-mini"
    assert raw.headers["x-orkester-alias"] == "chat"
    assert raw.headers["x-orkester-region"] == "us"
    # 11 input (3 of them cached, priced as input here) and 7 output tokens at $1/$2 per million
    assert float(raw.headers["x-orkester-cost-usd"]) == pytest.approx((11 * 1.0 + 7 * 2.0) / 1e6)
    assert float(raw.headers["x-orkester-overhead-ms"]) >= 0
    assert raw.headers["x-request-id"]


def test_sync_stream_with_usage(gateway: ThreadedServer) -> None:
    stream = client(gateway).chat.completions.create(
        model="chat",
        messages=[{"role": "user", "content": "stream me"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    text, usage, finish = "", None, None
    for chunk in stream:
        if chunk.usage:
            usage = chunk.usage
        for c in chunk.choices:
            text += c.delta.content or ""
            finish = c.finish_reason or finish
    assert text == "You said: stream me"
    assert finish == "stop"
    assert usage is not None and usage.total_tokens == 18


def test_stream_without_include_usage_sends_no_usage_chunk(gateway: ThreadedServer) -> None:
    chunks = list(
        client(gateway).chat.completions.create(model="chat", messages=[{"role": "user", "content": "x"}], stream=True)
    )
    assert all(c.usage is None for c in chunks)
    assert all(c.choices for c in chunks)


def test_tools_round_trip_streaming_and_not(gateway: ThreadedServer, upstream_state: FakeState) -> None:
    c = client(gateway)
    messages: list[dict[str, object]] = [{"role": "user", "content": "Weather in Oslo?"}]
    r = c.chat.completions.create(model="chat", messages=messages, tools=[WEATHER_TOOL], tool_choice="auto")  # type: ignore[arg-type]
    call = r.choices[0].message.tool_calls[0]  # type: ignore[index]
    assert r.choices[0].finish_reason == "tool_calls"
    assert call.function.name == "get_weather" and json.loads(call.function.arguments) == {"location": "Oslo"}

    streamed_args, streamed_name = "", None
    for chunk in c.chat.completions.create(
        model="chat",
        messages=messages,
        tools=[WEATHER_TOOL],
        stream=True,  # type: ignore[arg-type]
    ):
        for ch in chunk.choices:
            for tc in ch.delta.tool_calls or ():
                streamed_name = tc.function.name or streamed_name if tc.function else streamed_name
                streamed_args += (tc.function.arguments or "") if tc.function else ""
    assert streamed_name == "get_weather" and streamed_args == TOOL_ARGS

    messages += [
        {"role": "assistant", "content": None, "tool_calls": [call.model_dump()]},
        {"role": "tool", "tool_call_id": call.id, "content": "7 degrees"},
    ]
    final = c.chat.completions.create(model="chat", messages=messages, tools=[WEATHER_TOOL])  # type: ignore[arg-type]
    assert final.choices[0].message.content == "Tool said: 7 degrees"
    assert upstream_state.requests[-1]["messages"][-1]["tool_call_id"] == call.id


def test_parameters_pass_through(gateway: ThreadedServer, upstream_state: FakeState) -> None:
    client(gateway).chat.completions.create(
        model="chat",
        messages=[{"role": "developer", "content": "be terse"}, {"role": "user", "content": "hi"}],
        temperature=0.3,
        top_p=0.9,
        max_completion_tokens=20,
        stop=["\n\n"],
        seed=7,
        n=1,
        logprobs=True,
        top_logprobs=2,
        user="u-1",
        response_format={"type": "json_object"},
        metadata={"task": "chat"},
        parallel_tool_calls=False,
        tools=[WEATHER_TOOL],  # type: ignore[list-item]
        tool_choice="none",
    )
    sent = upstream_state.requests[-1]
    for key, value in {
        "temperature": 0.3,
        "top_p": 0.9,
        "max_completion_tokens": 20,
        "stop": ["\n\n"],
        "seed": 7,
        "logprobs": True,
        "top_logprobs": 2,
        "user": "u-1",
        "response_format": {"type": "json_object"},
        "parallel_tool_calls": False,
        "tool_choice": "none",
    }.items():
        assert sent[key] == value, key
    assert "metadata" not in sent


def test_image_content_parts_reach_upstream(gateway: ThreadedServer, upstream_state: FakeState) -> None:
    image = {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo=", "detail": "low"}}
    client(gateway).chat.completions.create(
        model="chat",
        messages=[{"role": "user", "content": [{"type": "text", "text": "what is this"}, image]}],  # type: ignore[list-item]
    )
    assert upstream_state.requests[-1]["messages"][0]["content"][1] == image


def test_embeddings(gateway: ThreadedServer) -> None:
    r = client(gateway).embeddings.create(model="embed", input=["one", "three"])
    assert [d.index for d in r.data] == [0, 1]
    assert r.data[1].embedding[0] == 5.0
    assert r.usage.prompt_tokens == 5


def test_models_list(gateway: ThreadedServer) -> None:
    ids = [m.id for m in client(gateway).models.list()]
    assert ids == ["chat", "embed"]


def test_errors_are_typed_for_the_sdk(gateway: ThreadedServer) -> None:
    c = client(gateway)
    with pytest.raises(openai.NotFoundError) as nf:
        c.chat.completions.create(model="nope", messages=[{"role": "user", "content": "x"}])
    assert "Available models: chat, embed" in nf.value.message
    with pytest.raises(openai.BadRequestError) as ctxerr:
        c.chat.completions.create(model="chat", messages=[{"role": "user", "content": "trigger:context"}])
    assert ctxerr.value.code == "context_length_exceeded"
    with pytest.raises(openai.RateLimitError) as rl:
        c.chat.completions.create(model="chat", messages=[{"role": "user", "content": "trigger:ratelimit"}])
    assert rl.value.response.headers["retry-after"] == "1"
    with pytest.raises(openai.InternalServerError) as server:
        c.chat.completions.create(model="chat", messages=[{"role": "user", "content": "trigger:server"}])
    assert server.value.status_code == 502


async def test_async_client_stream_and_tools(gateway: ThreadedServer) -> None:
    c = openai.AsyncOpenAI(base_url=f"{gateway.url}/v1", api_key="anything", max_retries=0)
    try:
        r = await c.chat.completions.create(model="chat", messages=[{"role": "user", "content": "async"}])
        assert r.choices[0].message.content == "You said: async"
        text = ""
        stream = await c.chat.completions.create(
            model="chat", messages=[{"role": "user", "content": "async stream"}], stream=True
        )
        async for chunk in stream:
            text += "".join(ch.delta.content or "" for ch in chunk.choices)
        assert text == "You said: async stream"
        t = await c.chat.completions.create(
            model="chat",
            messages=[{"role": "user", "content": "w"}],
            tools=[WEATHER_TOOL],  # type: ignore[list-item]
        )
        assert t.choices[0].message.tool_calls[0].function.name == "get_weather"  # type: ignore[index]
        e = await c.embeddings.create(model="embed", input="abc")
        assert e.data[0].embedding[0] == 3.0
    finally:
        await c.close()


def test_stream_cut_after_tokens_ends_with_error_event(gateway: ThreadedServer) -> None:
    got = ""
    with pytest.raises(openai.APIError) as ei:
        for chunk in client(gateway).chat.completions.create(
            model="chat", messages=[{"role": "user", "content": "trigger:cut"}], stream=True
        ):
            got += "".join(ch.delta.content or "" for ch in chunk.choices)
    assert got == "You "  # the first piece arrived before the cut
    assert "stream" in ei.value.message.lower()


def test_master_key_required_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_OPENAI_KEY", "sk-test")
    state = FakeState()
    with serve(create_app(state)) as up:
        config = {
            "providers": {"up": openai_provider(up.url)},
            "models": {"chat": {"deployments": [{"provider": "up", "model": "m"}]}},
        }
        with run_gateway(config, env={"ORKESTER_MASTER_KEY": "sk-master"}) as gw:
            with pytest.raises(openai.AuthenticationError):
                openai.OpenAI(base_url=f"{gw.url}/v1", api_key="wrong", max_retries=0).chat.completions.create(
                    model="chat", messages=[{"role": "user", "content": "x"}]
                )
            with pytest.raises(openai.AuthenticationError):
                openai.OpenAI(base_url=f"{gw.url}/v1", api_key="wrong", max_retries=0).models.list()
            ok = openai.OpenAI(base_url=f"{gw.url}/v1", api_key="sk-master", max_retries=0)
            assert ok.chat.completions.create(model="chat", messages=[{"role": "user", "content": "x"}]).choices
    assert len(state.requests) == 1  # the refused calls never reached the upstream


def test_provider_model_named_directly_is_billed(gateway: ThreadedServer) -> None:
    """ "up/gpt-4o-mini" is a configured deployment: its own price (1.0/2.0); "up/gpt-4o", which no alias lists,
    the built-in catalog's list price for an OpenAI gpt-4o."""
    c = client(gateway)
    configured = c.chat.completions.with_raw_response.create(
        model="up/gpt-4o-mini", messages=[{"role": "user", "content": "hi"}]
    )
    unlisted = c.chat.completions.with_raw_response.create(
        model="up/gpt-4o", messages=[{"role": "user", "content": "hi"}]
    )
    # (input, cached input, output) USD per million tokens
    for raw, (input_price, cached_price, output_price) in (
        (configured, (1.0, 1.0, 2.0)),
        (unlisted, (2.5, 1.25, 10.0)),
    ):
        usage = raw.parse().usage
        assert usage is not None
        details = usage.prompt_tokens_details
        cached = (details.cached_tokens or 0) if details else 0
        fresh = usage.prompt_tokens - cached
        expected = (fresh * input_price + cached * cached_price + usage.completion_tokens * output_price) / 1e6
        assert float(raw.headers["x-orkester-cost-usd"]) == pytest.approx(expected, rel=1e-3)
