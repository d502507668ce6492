"""The official anthropic SDK as a client of Orkester, unchanged but for base_url and key.

Upstream is the fake OpenAI server (an OpenAI-dialect model answers an Anthropic-dialect client), so
every answer crossed two real HTTP hops and two translations. Data protection is configured as in
tests/integration/test_data_protection.py and applies to /v1/messages exactly as to chat completions.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import anthropic
import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from orkester.accounting.tokens import count_prompt
from orkester.dialects.anthropic_ingress import parse_count_tokens
from orkester.ledger.store import open_ledger_store
from tests.fakes import anthropic_server
from tests.fakes.common import TOOL_ARGS, FakeState, pieces
from tests.fakes.openai_server import create_app
from tests.support.gateway import openai_provider, run_gateway
from tests.support.servers import ThreadedServer, serve

MASTER = "sk-master"
WEATHER = {
    "name": "get_weather",
    "description": "Current weather for a place",
    "input_schema": {"type": "object", "properties": {"location": {"type": "string"}}},
}
FNR = "15038510190"  # a valid fødselsnummer (both mod-11 check digits, 15 March 1985)
PROMPT = f"Kan du sjekke lønnsslippen til Kari Nordmann, fødselsnummer {FNR}?"


@pytest.fixture(scope="module")
def upstream() -> Iterator[tuple[ThreadedServer, FakeState]]:
    state = FakeState()
    with serve(create_app(state)) as up:
        yield up, state


@pytest.fixture(scope="module")
def gateway(upstream: tuple[ThreadedServer, FakeState]) -> Iterator[ThreadedServer]:
    up, _ = upstream
    config = {
        "providers": {"up": openai_provider(up.url)},
        "models": {
            "chat": {
                "deployments": [
                    {"provider": "up", "model": "gpt-4o-mini", "price": {"input": 1.0, "output": 2.0}, "region": "us"}
                ]
            },
        },
        # Upstream errors reach the client at once: no waiting on Retry-After in these tests.
        "reliability": {"retries": {"max_attempts": 1}},
    }
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FAKE_OPENAI_KEY", "sk-test")
        with run_gateway(config, env={"ORKESTER_MASTER_KEY": MASTER, "FAKE_OPENAI_KEY": "sk-test"}) as gw:
            yield gw


@pytest.fixture
def sent(upstream: tuple[ThreadedServer, FakeState]) -> FakeState:
    return upstream[1]


def client(gw: ThreadedServer, key: str = MASTER) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=gw.url, api_key=key, max_retries=0)


def test_plain_message_with_orkester_headers(gateway: ThreadedServer, sent: FakeState) -> None:
    raw = client(gateway).messages.with_raw_response.create(
        model="chat", max_tokens=64, messages=[{"role": "user", "content": "hello"}]
    )
    m = raw.parse()
    assert m.id.startswith("msg_") and m.type == "message" and m.role == "assistant"
    assert [b.type for b in m.content] == ["text"]
    assert m.content[0].type == "text" and m.content[0].text == "You said: hello"
    assert m.stop_reason == "end_turn" and m.model == "gpt-4o-mini"
    # the fake reports 11 input tokens (3 cached) and 7 output
    assert (m.usage.input_tokens, m.usage.cache_read_input_tokens, m.usage.output_tokens) == (8, 3, 7)
    assert raw.headers["x-orkester-provider"] == "up" and raw.headers["x-orkester-alias"] == "chat"
    assert float(raw.headers["x-orkester-cost-usd"]) == pytest.approx((11 * 1.0 + 7 * 2.0) / 1e6)
    assert raw.headers["x-request-id"] and m.id == f"msg_{raw.headers['x-request-id']}"
    body = sent.requests[-1]
    assert body["messages"] == [{"role": "user", "content": "hello"}]
    assert body["model"] == "gpt-4o-mini" and body["max_completion_tokens"] == 64
    assert sent.paths[-1] == "/v1/chat/completions"


def test_system_prompt_and_settings_reach_the_openai_upstream(gateway: ThreadedServer, sent: FakeState) -> None:
    m = client(gateway).messages.create(
        model="chat",
        max_tokens=100,
        system=[{"type": "text", "text": "Be brief."}, {"type": "text", "text": "Answer in Norwegian."}],
        messages=[{"role": "user", "content": "hei"}],
        stop_sequences=["END"],
        metadata={"user_id": "u-1"},
        # this SDK version no longer declares the sampling parameters; older ones (and the API) still send them
        extra_body={"temperature": 0.3, "top_p": 0.9, "top_k": 40},
    )
    assert m.content[0].type == "text" and m.content[0].text == "You said: hei"
    body = sent.requests[-1]
    assert body["messages"][0] == {"role": "system", "content": "Be brief.\n\nAnswer in Norwegian."}
    assert (body["temperature"], body["top_p"], body["stop"], body["user"]) == (0.3, 0.9, ["END"], "u-1")
    assert "top_k" not in body and "metadata" not in body and "system" not in body


def test_streaming_text(gateway: ThreadedServer) -> None:
    c = client(gateway)
    with c.messages.stream(model="chat", max_tokens=64, messages=[{"role": "user", "content": "stream me"}]) as s:
        text = "".join(s.text_stream)
        final = s.get_final_message()
    assert text == "You said: stream me"
    assert final.content[0].type == "text" and final.content[0].text == text
    assert final.stop_reason == "end_turn"
    assert (final.usage.input_tokens, final.usage.output_tokens) == (8, 7)

    # the raw events, in the order the Messages API documents
    stream = c.messages.create(
        model="chat", max_tokens=64, messages=[{"role": "user", "content": "stream me"}], stream=True
    )
    kinds = [e.type for e in stream]
    assert kinds[:2] == ["message_start", "content_block_start"]
    assert kinds[-3:] == ["content_block_stop", "message_delta", "message_stop"]
    assert set(kinds[2:-3]) == {"content_block_delta"} and len(kinds[2:-3]) == len(pieces("You said: stream me"))


def test_tools_round_trip(gateway: ThreadedServer, sent: FakeState) -> None:
    c = client(gateway)
    question = {"role": "user", "content": "Weather in Oslo?"}
    m = c.messages.create(model="chat", max_tokens=64, tools=[WEATHER], messages=[question])  # type: ignore[list-item]
    assert m.stop_reason == "tool_use"
    call = m.content[0]
    assert call.type == "tool_use" and call.name == "get_weather" and call.input == {"location": "Oslo"}
    function = {"name": "get_weather", "description": WEATHER["description"], "parameters": WEATHER["input_schema"]}
    assert sent.requests[-1]["tools"] == [{"type": "function", "function": function}]

    result = {"type": "tool_result", "tool_use_id": call.id, "content": "7 degrees"}
    # the answer's own blocks go back as the assistant turn, as Anthropic's tool-use guide shows
    turns: list[Any] = [question, {"role": "assistant", "content": m.content}, {"role": "user", "content": [result]}]
    follow = c.messages.create(model="chat", max_tokens=64, tools=[WEATHER], messages=turns)  # type: ignore[list-item]
    assert follow.content[0].type == "text" and follow.content[0].text == "Tool said: 7 degrees"
    assert follow.stop_reason == "end_turn"
    upstream_messages = sent.requests[-1]["messages"]
    assert upstream_messages[-1] == {"role": "tool", "tool_call_id": call.id, "content": "7 degrees"}
    assert upstream_messages[-2]["tool_calls"][0]["function"] == {
        "name": "get_weather",
        "arguments": '{"location":"Oslo"}',
    }


def test_streaming_tools_send_input_json_deltas(gateway: ThreadedServer) -> None:
    partial = ""
    with client(gateway).messages.stream(
        model="chat",
        max_tokens=64,
        tools=[WEATHER],  # type: ignore[list-item]
        tool_choice={"type": "any"},
        messages=[{"role": "user", "content": "Weather in Oslo?"}],
    ) as s:
        for event in s:
            if event.type == "content_block_delta" and event.delta.type == "input_json_delta":
                partial += event.delta.partial_json
        final = s.get_final_message()
    assert partial == TOOL_ARGS
    assert final.stop_reason == "tool_use"
    block = final.content[0]
    assert block.type == "tool_use" and block.id == "call_abc123" and block.input == {"location": "Oslo"}


def test_errors_are_typed_for_the_sdk(gateway: ThreadedServer) -> None:
    hello = [{"role": "user", "content": "hello"}]
    with pytest.raises(anthropic.AuthenticationError) as auth:
        client(gateway, key="wrong").messages.create(model="chat", max_tokens=5, messages=hello)  # type: ignore[arg-type]
    assert auth.value.type == "authentication_error" and auth.value.status_code == 401

    c = client(gateway)
    # the SDK insists on max_tokens itself, so the body goes out through its lower-level post
    with pytest.raises(anthropic.BadRequestError) as bad:
        c.post("/v1/messages", body={"model": "chat", "messages": hello}, cast_to=anthropic.types.Message)
    assert bad.value.type == "invalid_request_error" and "max_tokens" in (bad.value.api_message or "")

    with pytest.raises(anthropic.NotFoundError) as nf:
        c.messages.create(model="nope", max_tokens=5, messages=hello)  # type: ignore[arg-type]
    assert nf.value.type == "not_found_error" and "Available models: chat" in (nf.value.api_message or "")

    with pytest.raises(anthropic.RateLimitError) as rl:
        c.messages.create(model="chat", max_tokens=5, messages=[{"role": "user", "content": "trigger:ratelimit"}])
    assert rl.value.type == "rate_limit_error" and rl.value.response.headers["retry-after"] == "1"

    with pytest.raises(anthropic.InternalServerError) as server:
        c.messages.create(model="chat", max_tokens=5, messages=[{"role": "user", "content": "trigger:server"}])
    assert server.value.status_code == 502 and server.value.type == "api_error"

    # a broken body is an Anthropic-shaped 400 too, not OpenAI's
    r = httpx.post(f"{gateway.url}/v1/messages", content=b"{not json", headers={"x-api-key": MASTER})
    assert r.status_code == 400 and r.json()["type"] == "error"
    assert r.json()["error"]["type"] == "invalid_request_error"


def test_stream_cut_after_tokens_ends_with_an_error_event(gateway: ThreadedServer) -> None:
    got = ""
    cut = [{"role": "user", "content": "trigger:cut"}]
    with (
        pytest.raises(anthropic.APIStatusError) as ei,
        client(gateway).messages.stream(model="chat", max_tokens=64, messages=cut) as s,  # type: ignore[arg-type]
    ):
        for text in s.text_stream:
            got += text
    assert got == "You "  # the first piece arrived before the cut
    assert ei.value.type == "api_error" and "stream" in (ei.value.api_message or "").lower()


def test_count_tokens(gateway: ThreadedServer) -> None:
    c = client(gateway)
    body: dict[str, Any] = {
        "model": "chat",
        "system": "Be brief.",
        "messages": [{"role": "user", "content": "How warm is it in Oslo today?"}],
        "tools": [WEATHER],
    }
    counted = c.messages.count_tokens(**body)
    expected = count_prompt(parse_count_tokens(json.dumps(body).encode()), "gpt-4o-mini")
    assert counted.input_tokens == expected and expected > 20
    with pytest.raises(anthropic.NotFoundError):
        c.messages.count_tokens(model="nope", messages=body["messages"])
    with pytest.raises(anthropic.AuthenticationError):
        client(gateway, key="wrong").messages.count_tokens(model="chat", messages=body["messages"])


def test_requests_are_counted_under_their_own_endpoint(gateway: ThreadedServer) -> None:
    client(gateway).messages.create(model="chat", max_tokens=5, messages=[{"role": "user", "content": "count me"}])
    lines = httpx.get(f"{gateway.url}/metrics").text.splitlines()
    ours = [line for line in lines if line.startswith("orkester_requests_total{") and 'endpoint="messages"' in line]
    assert any('status="200"' in line and 'alias="chat"' in line for line in ours)
    assert any('status="404"' in line for line in ours)  # the unknown model of the error test


async def test_async_client_stream(gateway: ThreadedServer) -> None:
    c = anthropic.AsyncAnthropic(base_url=gateway.url, api_key=MASTER, max_retries=0)
    try:
        async with c.messages.stream(model="chat", max_tokens=64, messages=[{"role": "user", "content": "async"}]) as s:
            text = "".join([t async for t in s.text_stream])
        assert text == "You said: async"
    finally:
        await c.close()


def test_other_providers_answer_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """An Anthropic upstream (ingress and egress both speak Messages) and the simulated provider."""
    state = FakeState()
    with serve(anthropic_server.create_app(state, api_key="sk-ant-test")) as up:
        config = {
            "providers": {
                "claude": {"type": "anthropic", "base_url": up.url, "api_key_env": "FAKE_ANTHROPIC_KEY"},
                "sim": {"type": "sim"},
            },
            "models": {
                "claude": {"deployments": [{"provider": "claude", "model": "claude-sonnet-4-5"}]},
                "sim": {"deployments": [{"provider": "sim", "model": "sim-small"}]},
            },
        }
        monkeypatch.setenv("FAKE_ANTHROPIC_KEY", "sk-ant-test")
        with run_gateway(config, env={"FAKE_ANTHROPIC_KEY": "sk-ant-test"}) as gw:
            c = client(gw, key="k")
            ask = [{"role": "user", "content": "Weather in Oslo?"}]
            m = c.messages.create(model="claude", max_tokens=64, system="Be brief.", messages=ask)  # type: ignore[arg-type]
            assert m.content[0].type == "text" and m.content[0].text == "You said: Weather in Oslo?"
            assert state.requests[-1]["system"] == "Be brief." and state.requests[-1]["max_tokens"] == 64
            with c.messages.stream(model="claude", max_tokens=64, tools=[WEATHER], messages=ask) as s:  # type: ignore[arg-type,list-item]
                final = s.get_final_message()
            assert final.stop_reason == "tool_use"
            assert final.content[0].type == "tool_use" and final.content[0].input == {"location": "Oslo"}

            raw = c.messages.with_raw_response.create(model="sim", max_tokens=16, messages=ask)  # type: ignore[arg-type]
            assert raw.headers["x-orkester-simulated"] == "true"
            simulated = raw.parse()
            assert simulated.content[0].type == "text" and simulated.content[0].text.startswith("Simulated answer")
            with c.messages.stream(model="sim", max_tokens=16, messages=ask) as s:  # type: ignore[arg-type]
                assert "".join(s.text_stream).startswith("Simulated answer")


# --- data protection ----------------------------------------------------------------------


def echo_tool_app(state: FakeState) -> Starlette:
    """An OpenAI chat-completions upstream whose one tool call repeats the last user text in its arguments
    (streamed in 5-character pieces), so placeholders sent to it come back inside tool input."""

    async def chat(request: Request) -> Response:
        body = await request.json()
        state.record(request.url.path, dict(request.headers), body)
        name = body["tools"][0]["function"]["name"]
        args = json.dumps({"note": body["messages"][-1]["content"]})
        base = {"id": "e1", "created": 1, "model": body["model"]}
        usage = {"prompt_tokens": 20, "completion_tokens": 10, "total_tokens": 30}
        if not body.get("stream"):
            call = {"id": "call_echo", "type": "function", "function": {"name": name, "arguments": args}}
            message = {"role": "assistant", "content": None, "tool_calls": [call]}
            choice = {"index": 0, "message": message, "finish_reason": "tool_calls"}
            return JSONResponse({**base, "object": "chat.completion", "choices": [choice], "usage": usage})

        def chunk(delta: dict[str, Any] | None, finish: str | None = None) -> bytes:
            choices = [{"index": 0, "delta": delta, "finish_reason": finish}] if delta is not None else []
            obj = {**base, "object": "chat.completion.chunk", "choices": choices, "usage": None if choices else usage}
            return f"data: {json.dumps(obj)}\n\n".encode()

        async def events() -> AsyncIterator[bytes]:
            opening = {"index": 0, "id": "call_echo", "type": "function", "function": {"name": name, "arguments": ""}}
            yield chunk({"role": "assistant", "tool_calls": [opening]})
            for piece in pieces(args, 5):
                yield chunk({"tool_calls": [{"index": 0, "function": {"arguments": piece}}]})
            yield chunk({}, "tool_calls")
            yield chunk(None)  # the usage chunk
            yield b"data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    return Starlette(routes=[Route("/v1/chat/completions", chat, methods=["POST"])])


@pytest.fixture(scope="module")
def regions() -> Iterator[dict[str, tuple[ThreadedServer, FakeState]]]:
    us, eu, echo = FakeState(), FakeState(), FakeState()
    with serve(create_app(us)) as a, serve(create_app(eu)) as b, serve(echo_tool_app(echo)) as e:
        yield {"us": (a, us), "eu": (b, eu), "echo": (e, echo)}


def protected(regions: dict[str, tuple[ThreadedServer, FakeState]], db: Path, on_forbidden: str) -> dict[str, Any]:
    return {
        "providers": {name: openai_provider(srv.url) for name, (srv, _) in regions.items()},
        "models": {
            # the US deployment first: without data protection it would answer
            "gpt": {
                "deployments": [
                    {"provider": "us", "model": "gpt-us", "region": "us"},
                    {"provider": "eu", "model": "gpt-eu", "region": "eu"},
                ]
            },
            "gpt-us-only": {"deployments": [{"provider": "us", "model": "gpt-us", "region": "us"}]},
            "echo-us": {"deployments": [{"provider": "echo", "model": "echo", "region": "us"}]},
        },
        "guardrails": {"policies": {"confidential": {"regions": ["eu", "local"], "on_forbidden": on_forbidden}}},
        "storage": {"url": f"sqlite:///{db}"},
        "reliability": {"retries": {"max_attempts": 1}},
    }


def ledger_records(db: Path, request_ids: list[str]) -> list[Any]:
    async def read() -> list[Any]:
        store = await open_ledger_store(f"sqlite:///{db}", create=False)
        try:
            return [await store.get(rid) for rid in request_ids]
        finally:
            await store.close()

    return asyncio.run(read())


def test_a_fodselsnummer_is_kept_in_the_eu_or_refused(
    regions: dict[str, tuple[ThreadedServer, FakeState]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_OPENAI_KEY", "sk-test")
    us_state, eu_state = regions["us"][1], regions["eu"][1]
    db = tmp_path / "orkester.db"
    with run_gateway(protected(regions, db, "reroute")) as gw:
        c = client(gw, key="k")
        before_us, before_eu = len(us_state.requests), len(eu_state.requests)
        raw = c.messages.with_raw_response.create(
            model="gpt", max_tokens=64, messages=[{"role": "user", "content": PROMPT}]
        )
        assert raw.headers["x-orkester-region"] == "eu" and raw.headers["x-orkester-data-class"] == "confidential"
        m = raw.parse()
        assert m.content[0].type == "text" and m.content[0].text == f"You said: {PROMPT}"
        assert len(us_state.requests) == before_us  # the US deployment never saw it
        assert len(eu_state.requests) == before_eu + 1

        with pytest.raises(anthropic.PermissionDeniedError) as refused:
            c.messages.create(model="gpt-us-only", max_tokens=64, messages=[{"role": "user", "content": PROMPT}])
        assert refused.value.type == "permission_error"
        message = refused.value.api_message or ""
        assert "classified confidential" in message and FNR not in message and "Kari" not in message
        assert len(us_state.requests) == before_us
    # the same accounting as chat completions: the answered request is in the usage ledger
    [record] = ledger_records(db, [raw.headers["x-request-id"]])
    assert (record.data_class, record.region, record.status) == ("confidential", "eu", "ok")


def test_pseudonymised_and_restored_in_answers_streams_and_tool_input(
    regions: dict[str, tuple[ThreadedServer, FakeState]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_OPENAI_KEY", "sk-test")
    us_state, echo_state = regions["us"][1], regions["echo"][1]
    with run_gateway(protected(regions, tmp_path / "orkester.db", "pseudonymise")) as gw:
        c = client(gw, key="k")
        ask = [{"role": "user", "content": PROMPT}]
        raw = c.messages.with_raw_response.create(model="gpt-us-only", max_tokens=64, messages=ask)  # type: ignore[arg-type]
        upstream_text = us_state.requests[-1]["messages"][-1]["content"]
        assert FNR not in upstream_text and "Kari" not in upstream_text and "<FNR_1>" in upstream_text
        assert raw.headers["x-orkester-pseudonymised"] == "true"
        m = raw.parse()
        assert m.content[0].type == "text" and m.content[0].text == f"You said: {PROMPT}"

        # The fake streams in 4-character pieces: placeholders arrive split across text deltas.
        with c.messages.stream(model="gpt-us-only", max_tokens=64, messages=ask) as s:  # type: ignore[arg-type]
            assert "".join(s.text_stream) == f"You said: {PROMPT}"

        # A tool result carrying the name goes out pseudonymised and its echo comes back restored.
        crm = {"name": "crm", "input_schema": {"type": "object", "properties": {}}}
        turns = [
            {"role": "user", "content": "Finn kontaktpersonen for ordre 4471."},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "c1", "name": "crm", "input": {}}]},
            {
                "role": "user",
                "content": [
                    {"type": "tool_result", "tool_use_id": "c1", "content": f"Kontakt: Kari Nordmann, fnr {FNR}"}
                ],
            },
        ]
        answer = c.messages.create(model="gpt-us-only", max_tokens=64, tools=[crm], messages=turns)  # type: ignore[arg-type,list-item]
        assert answer.content[0].type == "text"
        assert answer.content[0].text == f"Tool said: Kontakt: Kari Nordmann, fnr {FNR}"
        assert FNR not in json.dumps(us_state.requests[-1])

        # Tool input that repeats placeholders comes back restored, streamed (input_json_delta) and not.
        note = {"note": PROMPT}
        tools = [{"name": "save_note", "input_schema": {"type": "object", "properties": {"note": {"type": "string"}}}}]
        whole = c.messages.create(model="echo-us", max_tokens=64, tools=tools, messages=ask)  # type: ignore[arg-type]
        assert whole.content[0].type == "tool_use" and whole.content[0].input == note
        partial = ""
        with c.messages.stream(model="echo-us", max_tokens=64, tools=tools, messages=ask) as s:  # type: ignore[arg-type]
            for event in s:
                if event.type == "content_block_delta" and event.delta.type == "input_json_delta":
                    partial += event.delta.partial_json
            final = s.get_final_message()
        assert json.loads(partial) == note and "<FNR_1>" not in partial
        assert final.content[0].type == "tool_use" and final.content[0].input == note
        assert all(FNR not in json.dumps(r) for r in echo_state.requests)
        assert "<FNR_1>" in echo_state.requests[-1]["messages"][-1]["content"]
