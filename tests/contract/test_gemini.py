"""The Gemini dialect and provider against a fake server speaking the documented v1beta format."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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
from orkester.providers.base import Provider
from orkester.settings import Deployment
from orkester.types import ChatRequest, EmbeddingRequest
from tests.fakes.common import TOOL_ARGS, FakeState
from tests.fakes.gemini_server import create_app, usage_metadata
from tests.support.servers import ThreadedServer, serve

from .helpers import WEATHER_TOOL, chat, collect, make_provider, tool_round_trip

DEP = Deployment(provider="gemini", model="gemini-2.0-flash")
GENERATE = "/v1beta/models/gemini-2.0-flash:generateContent"
STREAM = "/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse"
PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


@pytest.fixture
def state() -> FakeState:
    return FakeState()


@pytest.fixture
def server(state: FakeState) -> Iterator[ThreadedServer]:
    with serve(create_app(state)) as srv:
        yield srv


@pytest.fixture
def env_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_GEMINI_KEY", "gm-test")


def provider(server: ThreadedServer, **settings: Any) -> Provider:
    return make_provider("gemini", base_url=f"{server.url}/v1beta", api_key_env="FAKE_GEMINI_KEY", **settings)


def answer(parts: list[dict[str, Any]], finish: str | None, **extra: Any) -> dict[str, Any]:
    """A GenerateContentResponse for ``state.fail_next`` (status 200 plays it as the answer)."""
    cand: dict[str, Any] = {"content": {"parts": parts, "role": "model"}, "index": 0}
    if finish:
        cand["finishReason"] = finish
    return {"candidates": [cand], "usageMetadata": usage_metadata(), "responseId": "r9", **extra}


async def test_text_answer_usage_and_sampling_fields(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server)
    req = chat(
        "hello",
        temperature=0.2,
        top_p=0.9,
        max_completion_tokens=50,
        stop=["END", "STOP"],
        seed=7,
        presence_penalty=0.5,
        frequency_penalty=0.25,
        metadata={"task": "x"},
        user="u1",
    )
    try:
        r = await p.chat(req, DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "You said: hello"
    assert r.choices[0].finish_reason == "stop"
    assert (r.usage.input_tokens, r.usage.output_tokens) == (11, 7)  # 5 candidate + 2 thought tokens
    assert (r.usage.cached_input_tokens, r.usage.reasoning_tokens) == (3, 2)
    assert r.id == "fakeResp1" and r.model == "gemini-2.0-flash-001"
    assert state.paths[0] == GENERATE
    assert state.headers[0]["x-goog-api-key"] == "gm-test" and "authorization" not in state.headers[0]
    sent = state.requests[0]
    assert set(sent) == {"contents", "generationConfig"}  # no model, metadata or user in the body
    assert sent["contents"] == [{"role": "user", "parts": [{"text": "hello"}]}]
    assert sent["generationConfig"] == {
        "temperature": 0.2,
        "topP": 0.9,
        "maxOutputTokens": 50,
        "stopSequences": ["END", "STOP"],
        "seed": 7,
        "presencePenalty": 0.5,
        "frequencyPenalty": 0.25,
    }


async def test_text_answer_streaming(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server)
    try:
        s = await collect(p.stream_chat(chat("hello there", max_tokens=20), DEP))
    finally:
        await p.close()
    assert s.text == "You said: hello there"
    assert s.chunks > 3  # arrived in pieces
    assert s.finish_reason == "stop"
    assert s.usage is not None
    assert (s.usage.input_tokens, s.usage.output_tokens, s.usage.cached_input_tokens) == (11, 7, 3)
    assert s.usage.reasoning_tokens == 2
    assert state.paths[0] == STREAM
    assert state.requests[0]["generationConfig"] == {"maxOutputTokens": 20}


async def test_n_maps_to_candidate_count(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server)
    try:
        r = await p.chat(chat("hi", n=2), DEP)
    finally:
        await p.close()
    assert state.requests[0]["generationConfig"] == {"candidateCount": 2}
    assert [c.index for c in r.choices] == [0, 1]
    assert all(c.content == "You said: hi" for c in r.choices)


async def test_tool_call_non_streaming_and_streaming(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server)
    req = chat("weather?", tools=[WEATHER_TOOL], tool_choice="required")
    try:
        r = await p.chat(req, DEP)
        s = await collect(p.stream_chat(req, DEP))
    finally:
        await p.close()
    assert r.choices[0].finish_reason == "tool_calls"
    assert r.choices[0].content is None
    call = r.choices[0].tool_calls[0]
    assert (call.name, call.arguments) == ("get_weather", TOOL_ARGS)
    assert call.id == "call_fakeResp1_0"
    assert s.finish_reason == "tool_calls"
    assert s.tool_calls[0] == {"id": "call_fakeResp1_0", "name": "get_weather", "arguments": TOOL_ARGS}
    assert s.usage is not None and s.usage.output_tokens == 7
    sent = state.requests[0]
    assert sent["tools"] == [
        {
            "functionDeclarations": [
                {
                    "name": "get_weather",
                    "description": "Current weather for a place",
                    "parametersJsonSchema": WEATHER_TOOL["function"]["parameters"],  # type: ignore[index]
                }
            ]
        }
    ]
    assert sent["toolConfig"] == {"functionCallingConfig": {"mode": "ANY"}}


@pytest.mark.parametrize(
    ("choice", "config"),
    [
        ("auto", {"mode": "AUTO"}),
        ("none", {"mode": "NONE"}),
        (
            {"type": "function", "function": {"name": "get_weather"}},
            {"mode": "ANY", "allowedFunctionNames": ["get_weather"]},
        ),
    ],
)
async def test_tool_choice(
    server: ThreadedServer, state: FakeState, env_key: None, choice: Any, config: dict[str, Any]
) -> None:
    p = provider(server)
    try:
        r = await p.chat(chat("weather?", tools=[WEATHER_TOOL], tool_choice=choice), DEP)
    finally:
        await p.close()
    assert state.requests[0]["toolConfig"] == {"functionCallingConfig": config}
    if choice == "none":
        assert r.choices[0].content == "You said: weather?" and not r.choices[0].tool_calls
    else:
        assert r.choices[0].tool_calls[0].name == "get_weather"


async def test_tool_result_round_trip(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server)
    try:
        r = await p.chat(tool_round_trip(), DEP)
        s = await collect(p.stream_chat(tool_round_trip(), DEP))
    finally:
        await p.close()
    assert r.choices[0].content == "Tool said: 7 degrees"
    assert s.text == "Tool said: 7 degrees" and s.finish_reason == "stop"
    sent = state.requests[1]
    assert state.paths[1] == STREAM
    assert sent["systemInstruction"] == {"parts": [{"text": "Be brief."}]}
    assert sent["contents"] == [
        {"role": "user", "parts": [{"text": "Weather in Oslo?"}]},
        {
            "role": "model",
            "parts": [
                {
                    "functionCall": {"name": "get_weather", "args": {"location": "Oslo"}},
                    "thoughtSignature": "skip_thought_signature_validator",
                }
            ],
        },
        {"role": "user", "parts": [{"functionResponse": {"name": "get_weather", "response": {"result": "7 degrees"}}}]},
    ]


async def test_parallel_tool_results_share_one_turn(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    calls = [
        {"id": "a", "type": "function", "function": {"name": "get_weather", "arguments": '{"location": "Oslo"}'}},
        {"id": "b", "type": "function", "function": {"name": "get_time", "arguments": '{"zone": "CET"}'}},
    ]
    req = ChatRequest.model_validate(
        {
            "model": "alias",
            "messages": [
                {"role": "user", "content": "Weather and time in Oslo?"},
                {"role": "assistant", "content": "Checking.", "tool_calls": calls},
                {"role": "tool", "tool_call_id": "b", "content": '{"time": "12:00"}'},
                {"role": "tool", "tool_call_id": "a", "content": "7 degrees"},
            ],
        }
    )
    p = provider(server)
    try:
        r = await p.chat(req, DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "Tool said: 7 degrees"
    contents = state.requests[0]["contents"]
    assert [c["role"] for c in contents] == ["user", "model", "user"]
    assert contents[1]["parts"][0] == {"text": "Checking."}
    assert "thoughtSignature" in contents[1]["parts"][1] and "thoughtSignature" not in contents[1]["parts"][2]
    assert [p["functionResponse"] for p in contents[2]["parts"]] == [
        {"name": "get_time", "response": {"time": "12:00"}},  # JSON results go as the object itself
        {"name": "get_weather", "response": {"result": "7 degrees"}},
    ]


async def test_image_parts(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    req = ChatRequest.model_validate(
        {
            "model": "alias",
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "What is in these?"},
                        {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PIXEL}"}},
                        {
                            "type": "image_url",
                            "image_url": {"url": "https://example.com/cat.webp?size=2", "detail": "low"},
                        },
                    ],
                }
            ],
        }
    )
    p = provider(server)
    try:
        r = await p.chat(req, DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "You said: What is in these?"
    assert state.requests[0]["contents"][0]["parts"] == [
        {"text": "What is in these?"},
        {"inlineData": {"mimeType": "image/png", "data": PIXEL}},
        {"fileData": {"mimeType": "image/webp", "fileUri": "https://example.com/cat.webp?size=2"}},
    ]


async def test_system_and_developer_messages(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    req = ChatRequest.model_validate(
        {
            "model": "alias",
            "messages": [
                {"role": "system", "content": "You are terse."},
                {"role": "developer", "content": "Answer in English."},
                {"role": "user", "content": "hi"},
                {"role": "assistant", "content": "Hello."},
                {"role": "user", "content": [{"type": "text", "text": "again"}]},
            ],
        }
    )
    p = provider(server)
    try:
        r = await p.chat(req, DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "You said: again"
    sent = state.requests[0]
    assert sent["systemInstruction"] == {"parts": [{"text": "You are terse."}, {"text": "Answer in English."}]}
    assert [c["role"] for c in sent["contents"]] == ["user", "model", "user"]


SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {"city": {"type": "string"}, "temp": {"type": ["number", "null"]}},
    "required": ["city", "temp"],
    "additionalProperties": False,
}


async def test_json_modes(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server)
    fmt = {"type": "json_schema", "json_schema": {"name": "weather", "schema": SCHEMA, "strict": True}}
    try:
        await p.chat(chat("hi", response_format={"type": "json_object"}), DEP)
        await p.chat(chat("hi", response_format=fmt), DEP)
    finally:
        await p.close()
    assert state.requests[0]["generationConfig"] == {"responseMimeType": "application/json"}
    gen = state.requests[1]["generationConfig"]
    assert gen["responseMimeType"] == "application/json"
    assert gen["responseJsonSchema"] == {k: v for k, v in SCHEMA.items() if k != "$schema"}


async def test_openapi_schema_format(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    """Models that only take the OpenAPI subset get converted schemas the fake accepts."""
    tool = {
        "type": "function",
        "function": {"name": "report", "parameters": SCHEMA},
    }
    p = provider(server, options={"schema_format": "openapi"})
    fmt = {"type": "json_schema", "json_schema": {"name": "weather", "schema": SCHEMA}}
    try:
        await p.chat(chat("hi", response_format=fmt), DEP)
        r = await p.chat(chat("report", tools=[tool]), DEP)
    finally:
        await p.close()
    converted = {
        "type": "object",
        "properties": {"city": {"type": "string"}, "temp": {"type": "number", "nullable": True}},
        "required": ["city", "temp"],
    }
    assert state.requests[0]["generationConfig"]["responseSchema"] == converted
    assert state.requests[1]["tools"][0]["functionDeclarations"][0]["parameters"] == converted
    assert r.choices[0].tool_calls[0].name == "report"


async def test_logprobs_mapping(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    lp = {
        "chosenCandidates": [{"token": "Hi", "logProbability": -0.1}],
        "topCandidates": [
            {"candidates": [{"token": "Hi", "logProbability": -0.1}, {"token": "Yo", "logProbability": -2.5}]}
        ],
    }
    body = answer([{"text": "Hi"}], "STOP")
    body["candidates"][0]["logprobsResult"] = lp
    p = provider(server)
    state.fail_next.append((200, body, {}))
    try:
        r = await p.chat(chat("hi", logprobs=True, top_logprobs=2), DEP)
        await p.chat(chat("hi", logprobs=True), DEP)
    finally:
        await p.close()
    assert state.requests[1]["generationConfig"] == {"responseLogprobs": True}
    assert r.choices[0].logprobs == {
        "content": [
            {
                "token": "Hi",
                "logprob": -0.1,
                "bytes": None,
                "top_logprobs": [
                    {"token": "Hi", "logprob": -0.1, "bytes": None},
                    {"token": "Yo", "logprob": -2.5, "bytes": None},
                ],
            }
        ]
    }


@pytest.mark.parametrize(
    ("gemini", "openai"),
    [("STOP", "stop"), ("MAX_TOKENS", "length"), ("SAFETY", "content_filter"), ("RECITATION", "content_filter")],
)
async def test_finish_reasons_both_modes(
    server: ThreadedServer, state: FakeState, env_key: None, gemini: str, openai: str
) -> None:
    p = provider(server)
    events = [answer([{"text": "Part"}], None), answer([{"text": "ial"}], gemini)]
    state.fail_next.append((200, answer([{"text": "Partial"}], gemini), {}))
    state.fail_next.append((200, events, {}))
    try:
        r = await p.chat(chat("hi"), DEP)
        s = await collect(p.stream_chat(chat("hi"), DEP))
    finally:
        await p.close()
    assert (r.choices[0].content, r.choices[0].finish_reason) == ("Partial", openai)
    assert (s.text, s.finish_reason) == ("Partial", openai)


async def test_thought_parts_are_not_answer_text(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server)
    state.fail_next.append((200, answer([{"text": "Let me think", "thought": True}, {"text": "42"}], "STOP"), {}))
    try:
        r = await p.chat(chat("hi"), DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "42"


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
        assert err.provider == "gemini" and err.model == "gemini-2.0-flash"  # type: ignore[attr-defined]
    if trigger == "ratelimit":
        assert ei.value.retry_after == 1.0  # type: ignore[attr-defined]  # from google.rpc.RetryInfo


async def test_wrong_or_missing_key_is_refused(server: ThreadedServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_GEMINI_KEY", "not-the-key")
    monkeypatch.delenv("GEMINI_API_KEY", raising=False)  # "missing" must stay missing
    wrong = provider(server)
    missing = make_provider("gemini", base_url=f"{server.url}/v1beta")
    try:
        with pytest.raises(UpstreamAuthError) as ei:
            await wrong.chat(chat("hi"), DEP)
        with pytest.raises(UpstreamAuthError) as mi:
            await missing.chat(chat("hi"), DEP)
    finally:
        await wrong.close()
        await missing.close()
    assert ei.value.upstream_status == 400 and ei.value.upstream_code == "INVALID_ARGUMENT"
    assert mi.value.upstream_status == 403


async def test_cut_stream_is_an_error_not_a_clean_end(server: ThreadedServer, env_key: None) -> None:
    p = provider(server)
    cut: list[Any] = []
    broken: list[Any] = []
    try:
        with pytest.raises(StreamInterruptedError):
            async for c in p.stream_chat(chat("trigger:cut"), DEP):
                cut.append(c)
        with pytest.raises(UpstreamServerError) as ei:
            async for c in p.stream_chat(chat("trigger:midstream-error"), DEP):
                broken.append(c)
    finally:
        await p.close()
    assert cut and broken  # tokens arrived before the break
    assert cut[0].choices[0].content == "You "
    assert ei.value.upstream_code == "INTERNAL" and ei.value.provider == "gemini"


async def test_model_resource_and_api_version_urls(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server)
    q = make_provider("gemini", api_version="v1")
    try:
        r = await p.chat(chat("hi"), Deployment(provider="gemini", model="models/gemini-2.0-flash"))
    finally:
        await p.close()
        await q.close()
    assert r.choices[0].content == "You said: hi"
    assert state.paths[0] == GENERATE
    assert q.chat_url(Deployment(provider="gemini", model="tunedModels/t1"), stream=False) == (  # type: ignore[attr-defined]
        "https://generativelanguage.googleapis.com/v1/tunedModels/t1:generateContent"
    )


async def test_embeddings(server: ThreadedServer, state: FakeState, env_key: None) -> None:
    p = provider(server)
    dep = Deployment(provider="gemini", model="gemini-embedding-001")
    try:
        r = await p.embed(EmbeddingRequest(model="e", input=["a", "bbb"]), dep)
        short = await p.embed(EmbeddingRequest(model="e", input="hello", dimensions=2), dep)
    finally:
        await p.close()
    assert [v[0] for v in r.vectors] == [1.0, 3.0]
    assert short.vectors == [[5.0, 0.5]]
    assert state.paths[0] == "/v1beta/models/gemini-embedding-001:batchEmbedContents"
    assert state.requests[1] == {
        "requests": [
            {
                "model": "models/gemini-embedding-001",
                "content": {"parts": [{"text": "hello"}]},
                "outputDimensionality": 2,
            }
        ]
    }


def test_registered_with_defaults() -> None:
    from .helpers import registry

    reg = registry()
    assert reg.provider_defaults["gemini"] == {"api_key_env": "GEMINI_API_KEY"}
    p = make_provider("gemini")
    assert p.region == "us" and p.dialect_name == "gemini"
    assert p.chat_url(DEP, stream=True) == (  # type: ignore[attr-defined]
        "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse"
    )
