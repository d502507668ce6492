"""The Bedrock Converse dialect and provider against a fake Bedrock runtime that verifies
SigV4 signatures and speaks Converse JSON and event-stream frames."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from orkester.dialects.bedrock_converse import JSON_TOOL_NAME
from orkester.errors import (
    ContextWindowError,
    StreamInterruptedError,
    UnsupportedFeatureError,
    UpstreamAuthError,
    UpstreamRateLimitError,
    UpstreamServerError,
    UpstreamUnavailableError,
)
from orkester.providers.base import Provider
from orkester.settings import Deployment
from orkester.types import ChatRequest
from tests.fakes.bedrock_server import GUARDRAIL_TEXT, AwsTestIdentity, create_app
from tests.fakes.common import TOOL_ARGS, FakeState
from tests.support.servers import ThreadedServer, serve

from .helpers import WEATHER_TOOL, chat, collect, make_provider, tool_round_trip

MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0"
DEP = Deployment(provider="bedrock", model=MODEL)
IDENT = AwsTestIdentity()
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\nfake-pixels").decode()
WEATHER_PARAMS = json.loads(json.dumps(WEATHER_TOOL))["function"]["parameters"]
SCHEMA = {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]}


@pytest.fixture
def state() -> FakeState:
    return FakeState()


@pytest.fixture
def server(state: FakeState) -> Iterator[ThreadedServer]:
    with serve(create_app(state, IDENT)) as srv:
        yield srv


@pytest.fixture(autouse=True)
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_SESSION_TOKEN", "AWS_BEARER_TOKEN_BEDROCK", "AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", IDENT.access_key)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", IDENT.secret_key)


def bedrock(server: ThreadedServer, **options: Any) -> Provider:
    return make_provider("bedrock", base_url=server.url, options={"aws_region": IDENT.region, **options})


async def test_text_answer_signed_and_usage(server: ThreadedServer, state: FakeState) -> None:
    p = bedrock(server)
    req = chat("hello", temperature=0.2, top_p=0.9, max_completion_tokens=50, stop=["END"], metadata={"k": "v"})
    try:
        r = await p.chat(req, DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "You said: hello"
    assert r.choices[0].finish_reason == "stop"
    u = r.usage
    assert (u.input_tokens, u.output_tokens, u.cached_input_tokens, u.reasoning_tokens) == (11, 7, 3, 0)
    # The model id travels in the path (':' as on the wire), never in the body.
    assert state.paths[0] == f"/model/{MODEL}/converse"
    sent = state.requests[0]
    assert sent == {
        "messages": [{"role": "user", "content": [{"text": "hello"}]}],
        "inferenceConfig": {"maxTokens": 50, "temperature": 0.2, "topP": 0.9, "stopSequences": ["END"]},
    }
    headers = state.headers[0]
    assert headers["authorization"].startswith(f"AWS4-HMAC-SHA256 Credential={IDENT.access_key}/")
    assert "/us-east-1/bedrock/aws4_request" in headers["authorization"]
    assert headers["accept"] == "application/json"


async def test_text_answer_streaming(server: ThreadedServer, state: FakeState) -> None:
    p = bedrock(server)
    try:
        s = await collect(p.stream_chat(chat("hello there"), DEP))
    finally:
        await p.close()
    assert s.text == "You said: hello there"
    assert s.finish_reason == "stop"
    assert s.chunks > 3  # the text really came in pieces
    assert s.usage is not None
    assert (s.usage.input_tokens, s.usage.output_tokens, s.usage.cached_input_tokens) == (11, 7, 3)
    assert state.paths[0] == f"/model/{MODEL}/converse-stream"
    assert state.headers[0]["accept"] == "application/vnd.amazon.eventstream"


async def test_bad_signature_is_refused(server: ThreadedServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
    p = bedrock(server)
    try:
        with pytest.raises(UpstreamAuthError, match="InvalidSignatureException"):
            await p.chat(chat("hello"), DEP)
        with pytest.raises(UpstreamAuthError, match="signature we calculated does not match"):
            await collect(p.stream_chat(chat("hello"), DEP))
    finally:
        await p.close()


async def test_session_token_is_sent_and_signed(state: FakeState, monkeypatch: pytest.MonkeyPatch) -> None:
    ident = AwsTestIdentity(session_token="FQoGZXIvYXdzEXAMPLE", region="eu-central-1")
    monkeypatch.setenv("AWS_SESSION_TOKEN", ident.session_token or "")
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    with serve(create_app(state, ident)) as srv:
        p = make_provider("bedrock", base_url=srv.url)
        try:
            r = await p.chat(chat("hi"), DEP)
        finally:
            await p.close()
    assert r.choices[0].content == "You said: hi"
    assert p.region == "eu"
    assert state.headers[0]["x-amz-security-token"] == ident.session_token
    assert "x-amz-security-token" in state.headers[0]["authorization"]
    assert "/eu-central-1/bedrock/aws4_request" in state.headers[0]["authorization"]


async def test_inference_profile_arn_is_one_path_segment(server: ThreadedServer, state: FakeState) -> None:
    arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0"
    p = bedrock(server)
    try:
        r = await p.chat(chat("hi"), Deployment(provider="bedrock", model=arn))
    finally:
        await p.close()
    assert r.choices[0].content == "You said: hi"  # the signature over the encoded path was accepted
    assert state.paths[0] == f"/model/{arn.replace('/', '%2F')}/converse"


async def test_bedrock_api_key(server: ThreadedServer, state: FakeState, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEDROCK_KEY", IDENT.api_key)
    p = make_provider("bedrock", base_url=server.url, api_key_env="BEDROCK_KEY", options={"aws_region": "us-east-1"})
    try:
        r = await p.chat(chat("hi"), DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "You said: hi"
    assert state.headers[0]["authorization"] == f"Bearer {IDENT.api_key}"


@pytest.fixture
def no_static_keys(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Only botocore's default chain is left, and it can find nothing but the files we write."""
    for name in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_PROFILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_ROLE_ARN",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    return tmp_path / "credentials"


@pytest.fixture
def ops_profile(no_static_keys: Path) -> str:
    no_static_keys.write_text(
        f"[ops]\naws_access_key_id = {IDENT.access_key}\naws_secret_access_key = {IDENT.secret_key}\n"
    )
    return "ops"


async def test_credentials_from_a_profile(server: ThreadedServer, ops_profile: str) -> None:
    p = bedrock(server, aws_profile=ops_profile)
    try:
        r = await p.chat(chat("hi"), DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "You said: hi"


async def test_no_credentials_at_all(server: ThreadedServer, state: FakeState, no_static_keys: Path) -> None:
    p = bedrock(server)
    try:
        with pytest.raises(UpstreamAuthError, match="No AWS credentials") as ei:
            await p.chat(chat("hi"), DEP)
    finally:
        await p.close()
    assert ei.value.provider == "bedrock"
    assert state.requests == []


async def test_tool_call_non_streaming_and_streaming(server: ThreadedServer, state: FakeState) -> None:
    p = bedrock(server)
    req = chat("weather?", tools=[WEATHER_TOOL], tool_choice="auto")
    try:
        r = await p.chat(req, DEP)
        s = await collect(p.stream_chat(req, DEP))
    finally:
        await p.close()
    assert r.choices[0].finish_reason == "tool_calls"
    assert r.choices[0].content is None
    call = r.choices[0].tool_calls[0]
    assert (call.id, call.name, json.loads(call.arguments)) == ("tooluse_abc123", "get_weather", {"location": "Oslo"})
    assert s.finish_reason == "tool_calls"
    assert s.tool_calls[0] == {"id": "tooluse_abc123", "name": "get_weather", "arguments": TOOL_ARGS}
    assert s.usage is not None and s.usage.output_tokens == 7
    assert state.requests[0]["toolConfig"] == {
        "tools": [
            {
                "toolSpec": {
                    "name": "get_weather",
                    "description": "Current weather for a place",
                    "inputSchema": {"json": WEATHER_PARAMS},
                }
            }
        ],
        "toolChoice": {"auto": {}},
    }


@pytest.mark.parametrize(
    ("tool_choice", "expected"),
    [
        ("required", {"any": {}}),
        ({"type": "function", "function": {"name": "get_weather"}}, {"tool": {"name": "get_weather"}}),
    ],
)
async def test_tool_choice_mapping(
    server: ThreadedServer, state: FakeState, tool_choice: Any, expected: dict[str, Any]
) -> None:
    p = bedrock(server)
    try:
        r = await p.chat(chat("weather?", tools=[WEATHER_TOOL], tool_choice=tool_choice), DEP)
    finally:
        await p.close()
    assert r.choices[0].tool_calls[0].name == "get_weather"
    assert state.requests[0]["toolConfig"]["toolChoice"] == expected


async def test_tool_choice_none_withholds_tools(server: ThreadedServer, state: FakeState) -> None:
    p = bedrock(server)
    try:
        r = await p.chat(chat("weather?", tools=[WEATHER_TOOL], tool_choice="none"), DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "You said: weather?"
    assert "toolConfig" not in state.requests[0]


@pytest.mark.parametrize("stream", [False, True])
async def test_tool_result_round_trip(server: ThreadedServer, state: FakeState, stream: bool) -> None:
    p = bedrock(server)
    try:
        if stream:
            text = (await collect(p.stream_chat(tool_round_trip(), DEP))).text
        else:
            text = (await p.chat(tool_round_trip(), DEP)).choices[0].content or ""
    finally:
        await p.close()
    assert text == "Tool said: 7 degrees"
    sent = state.requests[0]
    assert sent["system"] == [{"text": "Be brief."}]
    assert sent["messages"] == [
        {"role": "user", "content": [{"text": "Weather in Oslo?"}]},
        {
            "role": "assistant",
            "content": [{"toolUse": {"toolUseId": "call_1", "name": "get_weather", "input": {"location": "Oslo"}}}],
        },
        {"role": "user", "content": [{"toolResult": {"toolUseId": "call_1", "content": [{"text": "7 degrees"}]}}]},
    ]


async def test_tool_history_without_tools_still_sends_tool_config(server: ThreadedServer, state: FakeState) -> None:
    req = tool_round_trip()
    req.tools = None  # Bedrock refuses tool blocks without a toolConfig: a placeholder is offered
    p = bedrock(server)
    try:
        r = await p.chat(req, DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "Tool said: 7 degrees"
    assert [t["toolSpec"]["name"] for t in state.requests[0]["toolConfig"]["tools"]] == ["orkester_no_tools"]


async def test_parallel_results_and_consecutive_roles_are_merged(server: ThreadedServer, state: FakeState) -> None:
    calls = [
        {"id": f"call_{i}", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}} for i in (1, 2)
    ]
    req = ChatRequest.model_validate(
        {
            "model": "alias",
            "tools": [WEATHER_TOOL],
            "messages": [
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": "First part."},
                {"role": "developer", "content": "Use metric units."},
                {"role": "user", "content": "Weather in Oslo and Bergen?"},
                {"role": "assistant", "content": "", "tool_calls": calls},
                {"role": "tool", "tool_call_id": "call_1", "content": "7 degrees"},
                {"role": "tool", "tool_call_id": "call_2", "content": "9 degrees"},
            ],
        }
    )
    p = bedrock(server)
    try:
        r = await p.chat(req, DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "Tool said: 9 degrees"
    sent = state.requests[0]
    assert sent["system"] == [{"text": "Be brief."}, {"text": "Use metric units."}]
    assert [m["role"] for m in sent["messages"]] == ["user", "assistant", "user"]
    assert sent["messages"][0]["content"] == [{"text": "First part."}, {"text": "Weather in Oslo and Bergen?"}]
    assert [b["toolResult"]["toolUseId"] for b in sent["messages"][2]["content"]] == ["call_1", "call_2"]


async def test_image_data_url_and_http_url(server: ThreadedServer, state: FakeState) -> None:
    def with_image(url: str) -> ChatRequest:
        content = [{"type": "text", "text": "What is this?"}, {"type": "image_url", "image_url": {"url": url}}]
        return ChatRequest.model_validate({"model": "alias", "messages": [{"role": "user", "content": content}]})

    p = bedrock(server)
    try:
        r = await p.chat(with_image(f"data:image/png;base64,{PNG}"), DEP)
        with pytest.raises(UnsupportedFeatureError, match="data: URL"):
            await p.chat(with_image("https://example.com/cat.png"), DEP)
        with pytest.raises(UnsupportedFeatureError):
            await collect(p.stream_chat(with_image("http://example.com/cat.png"), DEP))
    finally:
        await p.close()
    assert r.choices[0].content == "You said: What is this?"
    assert state.requests[0]["messages"][0]["content"] == [
        {"text": "What is this?"},
        {"image": {"format": "png", "source": {"bytes": PNG}}},
    ]
    assert len(state.requests) == 1  # the http URLs never left the gateway


@pytest.mark.parametrize("stream", [False, True])
async def test_json_schema_via_forced_tool(server: ThreadedServer, state: FakeState, stream: bool) -> None:
    fmt = {"type": "json_schema", "json_schema": {"name": "place", "schema": SCHEMA}}
    p = bedrock(server)
    try:
        if stream:
            s = await collect(p.stream_chat(chat("where?", response_format=fmt), DEP))
            text, finish, any_call = s.text, s.finish_reason, bool(s.tool_calls)
        else:
            r = await p.chat(chat("where?", response_format=fmt), DEP)
            c = r.choices[0]
            text, finish, any_call = c.content or "", c.finish_reason, bool(c.tool_calls)
    finally:
        await p.close()
    assert json.loads(text) == {"location": "Oslo"}
    assert finish == "stop" and not any_call  # the synthetic tool never shows
    cfg = state.requests[0]["toolConfig"]
    assert cfg["toolChoice"] == {"tool": {"name": JSON_TOOL_NAME}}
    assert cfg["tools"][0]["toolSpec"]["inputSchema"] == {"json": SCHEMA}


async def test_json_object_with_caller_tools_uses_any(server: ThreadedServer, state: FakeState) -> None:
    p = bedrock(server)
    try:
        r = await p.chat(chat("weather?", tools=[WEATHER_TOOL], response_format={"type": "json_object"}), DEP)
    finally:
        await p.close()
    assert r.choices[0].tool_calls[0].name == "get_weather"
    cfg = state.requests[0]["toolConfig"]
    assert cfg["toolChoice"] == {"any": {}}
    assert [t["toolSpec"]["name"] for t in cfg["tools"]] == ["get_weather", JSON_TOOL_NAME]


async def test_json_mode_by_instruction(server: ThreadedServer, state: FakeState) -> None:
    fmt = {"type": "json_schema", "json_schema": {"name": "place", "schema": SCHEMA}}
    p = bedrock(server, json_mode="instruction")
    try:
        await p.chat(chat("where?", response_format=fmt), DEP)
    finally:
        await p.close()
    sent = state.requests[0]
    assert "toolConfig" not in sent
    assert "JSON" in sent["system"][0]["text"] and '"required":["location"]' in sent["system"][0]["text"]


@pytest.mark.parametrize(
    ("kwargs", "finish", "text"),
    [
        ({"max_tokens": 3}, "length", "You sa"),
        ({"stop": ["said"]}, "stop", "You "),
        ({}, "stop", "You said: go"),
    ],
)
@pytest.mark.parametrize("stream", [False, True])
async def test_finish_reasons(
    server: ThreadedServer, kwargs: dict[str, Any], finish: str, text: str, stream: bool
) -> None:
    p = bedrock(server)
    try:
        if stream:
            s = await collect(p.stream_chat(chat("go", **kwargs), DEP))
            got = (s.text, s.finish_reason)
        else:
            r = await p.chat(chat("go", **kwargs), DEP)
            got = (r.choices[0].content or "", r.choices[0].finish_reason)
    finally:
        await p.close()
    assert got == (text, finish)


@pytest.mark.parametrize("stream", [False, True])
async def test_guardrail_is_a_content_filter_finish(server: ThreadedServer, stream: bool) -> None:
    p = bedrock(server)
    try:
        if stream:
            s = await collect(p.stream_chat(chat("trigger:policy"), DEP))
            got = (s.text, s.finish_reason)
        else:
            r = await p.chat(chat("trigger:policy"), DEP)
            got = (r.choices[0].content or "", r.choices[0].finish_reason)
    finally:
        await p.close()
    assert got == (GUARDRAIL_TEXT, "content_filter")


@pytest.mark.parametrize(
    ("trigger", "cls", "status", "upstream_status"),
    [
        ("context", ContextWindowError, 400, 400),
        ("ratelimit", UpstreamRateLimitError, 429, 429),
        ("overloaded", UpstreamUnavailableError, 503, 503),
        ("server", UpstreamServerError, 502, 500),
        ("auth", UpstreamAuthError, 502, 403),
    ],
)
async def test_errors_map_to_tree(
    server: ThreadedServer, trigger: str, cls: type[Exception], status: int, upstream_status: int
) -> None:
    p = bedrock(server)
    try:
        with pytest.raises(cls) as ei:
            await p.chat(chat(f"trigger:{trigger}"), DEP)
        with pytest.raises(cls) as es:
            await collect(p.stream_chat(chat(f"trigger:{trigger}"), DEP))
    finally:
        await p.close()
    for err in (ei.value, es.value):
        assert type(err) is cls
        assert err.status == status  # type: ignore[attr-defined]
        assert err.upstream_status == upstream_status  # type: ignore[attr-defined]
        assert err.provider == "bedrock" and err.model == MODEL  # type: ignore[attr-defined]


async def test_cut_stream_and_in_stream_exception(server: ThreadedServer) -> None:
    p = bedrock(server)
    got = []
    try:
        with pytest.raises(StreamInterruptedError, match="messageStop"):
            async for c in p.stream_chat(chat("trigger:cut"), DEP):
                got.append(c)
        assert any(d.content for c in got for d in c.choices)  # tokens arrived before the break
        got.clear()
        with pytest.raises(UpstreamServerError, match="ModelStreamErrorException") as ei:
            async for c in p.stream_chat(chat("trigger:midstream-error"), DEP):
                got.append(c)
    finally:
        await p.close()
    assert any(d.content for c in got for d in c.choices)
    assert ei.value.upstream_status == 424 and ei.value.provider == "bedrock"


async def test_no_embeddings(server: ThreadedServer) -> None:
    from orkester.types import EmbeddingRequest

    p = bedrock(server)
    try:
        with pytest.raises(UnsupportedFeatureError):
            await p.embed(EmbeddingRequest(model="e", input="x"), DEP)
    finally:
        await p.close()


def test_endpoint_and_region_from_aws_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-3")
    p = make_provider("bedrock")
    assert p.base_url == "https://bedrock-runtime.eu-west-3.amazonaws.com"  # type: ignore[attr-defined]
    assert p.region == "eu"
    p = make_provider("bedrock", options={"aws_region": "us-west-2"})
    assert p.base_url == "https://bedrock-runtime.us-west-2.amazonaws.com"  # type: ignore[attr-defined]
    assert p.region == "us"
    assert make_provider("bedrock", region="eu", options={"aws_region": "us-west-2"}).region == "eu"
    url = p.chat_url(DEP, stream=True)  # type: ignore[attr-defined]
    assert url == f"https://bedrock-runtime.us-west-2.amazonaws.com/model/{MODEL}/converse-stream"
