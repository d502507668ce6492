"""One OpenAI-format conversation through every vendor's fake upstream, via the gateway.

The openai SDK talks to Orkester; Orkester translates to each vendor's own wire format
(validated by that vendor's fake) and back. Answers, tool calls, usage and errors must come
out the same whatever vendor is behind the alias.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import openai
import pytest

from tests.fakes import aleph_alpha_server, anthropic_server, bedrock_server, gemini_server, openai_server
from tests.fakes.common import TOOL_ARGS, FakeState
from tests.support.gateway import run_gateway
from tests.support.servers import ThreadedServer, serve

WEATHER_TOOL: dict[str, Any] = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a place",
        "parameters": {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]},
    },
}


@dataclass
class Vendor:
    name: str
    app: Callable[[FakeState], Any]
    provider: Callable[[str], dict[str, Any]]
    model: str
    env: dict[str, str]
    #: vendors that report a content-policy block as a normal answer with finish_reason content_filter
    policy_is_finish_reason: bool = False


IDENT = bedrock_server.AwsTestIdentity()

VENDORS = [
    Vendor(
        "openai",
        lambda s: openai_server.create_app(s),
        lambda url: {"type": "openai", "base_url": f"{url}/v1", "api_key_env": "V_OPENAI"},
        "gpt-4o-mini",
        {"V_OPENAI": "sk-test"},
    ),
    Vendor(
        "azure",
        lambda s: openai_server.create_app(s, azure=True),
        lambda url: {"type": "azure", "base_url": url, "api_key_env": "V_AZURE", "api_version": "2024-10-21"},
        "my-gpt4o-deployment",
        {"V_AZURE": "sk-test"},
    ),
    Vendor(
        "mistral",
        lambda s: openai_server.create_app(s),
        lambda url: {"type": "mistral", "base_url": f"{url}/v1", "api_key_env": "V_MISTRAL"},
        "mistral-small-latest",
        {"V_MISTRAL": "sk-test"},
    ),
    Vendor(
        "anthropic",
        lambda s: anthropic_server.create_app(s),
        lambda url: {"type": "anthropic", "base_url": url, "api_key_env": "V_ANTHROPIC"},
        "claude-3-5-haiku-latest",
        {"V_ANTHROPIC": "sk-ant-test"},
    ),
    Vendor(
        "gemini",
        lambda s: gemini_server.create_app(s),
        lambda url: {"type": "gemini", "base_url": f"{url}/v1beta", "api_key_env": "V_GEMINI"},
        "gemini-2.5-flash",
        {"V_GEMINI": "gm-test"},
    ),
    Vendor(
        "bedrock",
        lambda s: bedrock_server.create_app(s, IDENT),
        lambda url: {"type": "bedrock", "base_url": url, "options": {"aws_region": IDENT.region}},
        "anthropic.claude-3-5-haiku-20241022-v1:0",
        {"AWS_ACCESS_KEY_ID": IDENT.access_key, "AWS_SECRET_ACCESS_KEY": IDENT.secret_key},
        policy_is_finish_reason=True,
    ),
    Vendor(
        "aleph_alpha",
        lambda s: aleph_alpha_server.create_app(s),
        lambda url: {"type": "aleph_alpha", "base_url": url, "api_key_env": "V_AA"},
        "llama-3.1-8b-instruct",
        {"V_AA": "aa-test"},
        policy_is_finish_reason=True,
    ),
]


@pytest.fixture(scope="module", params=VENDORS, ids=[v.name for v in VENDORS])
def vendor(request: pytest.FixtureRequest) -> Vendor:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def gw(vendor: Vendor) -> Iterator[ThreadedServer]:
    """One fake upstream and one gateway per vendor, shared by that vendor's tests."""
    with pytest.MonkeyPatch.context() as mp:
        for name in ("AWS_SESSION_TOKEN", "AWS_BEARER_TOKEN_BEDROCK", "AWS_REGION", "AWS_DEFAULT_REGION"):
            mp.delenv(name, raising=False)
        for k, v in vendor.env.items():
            mp.setenv(k, v)
        with serve(vendor.app(FakeState())) as up:
            config = {
                "providers": {vendor.name: vendor.provider(up.url)},
                "models": {"assistant": {"deployments": [{"provider": vendor.name, "model": vendor.model}]}},
                # Errors reach the client at once, and the circuit never opens between tests.
                "reliability": {"retries": {"max_attempts": 1}, "circuit_breaker": {"min_requests": 1000}},
            }
            with run_gateway(config) as srv:
                yield srv


@pytest.fixture
def client(gw: ThreadedServer) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=f"{gw.url}/v1", api_key="k", max_retries=0) as c:
        yield c


def stream_collect(stream: Any) -> tuple[str, dict[int, dict[str, str]], str | None, Any]:
    text, calls, finish, usage = "", {}, None, None
    for chunk in stream:
        if chunk.usage is not None:
            usage = chunk.usage
        for c in chunk.choices:
            text += c.delta.content or ""
            for tc in c.delta.tool_calls or ():
                slot = calls.setdefault(tc.index, {"id": "", "name": "", "arguments": ""})
                slot["id"] = tc.id or slot["id"]
                if tc.function is not None:
                    slot["name"] = tc.function.name or slot["name"]
                    slot["arguments"] += tc.function.arguments or ""
            finish = c.finish_reason or finish
    return text, calls, finish, usage


def test_text_answer_and_normalised_usage(client: openai.OpenAI, vendor: Vendor) -> None:
    raw = client.chat.completions.with_raw_response.create(
        model="assistant",
        messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "hello"}],
        max_tokens=64,
        temperature=0.5,
    )
    r = raw.parse()
    assert raw.headers["x-orkester-provider"] == vendor.name
    assert r.choices[0].message.content == "You said: hello"
    assert r.choices[0].finish_reason == "stop"
    assert r.usage is not None
    assert (r.usage.prompt_tokens, r.usage.completion_tokens) == (11, 7)

    text, _, finish, usage = stream_collect(
        client.chat.completions.create(
            model="assistant",
            messages=[{"role": "user", "content": "hello"}],
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    assert (text, finish) == ("You said: hello", "stop")
    assert (usage.prompt_tokens, usage.completion_tokens) == (11, 7)


def test_tool_call_both_modes_and_round_trip(client: openai.OpenAI) -> None:
    c = client
    messages: list[Any] = [{"role": "user", "content": "Weather in Oslo?"}]
    r = c.chat.completions.create(model="assistant", messages=messages, tools=[WEATHER_TOOL])
    assert r.choices[0].finish_reason == "tool_calls"
    call = r.choices[0].message.tool_calls[0]  # type: ignore[index]
    assert call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == {"location": "Oslo"}
    assert call.id

    _, calls, finish, _ = stream_collect(
        c.chat.completions.create(model="assistant", messages=messages, tools=[WEATHER_TOOL], stream=True)
    )
    assert finish == "tool_calls"
    assert calls[0]["name"] == "get_weather" and json.loads(calls[0]["arguments"]) == json.loads(TOOL_ARGS)
    assert calls[0]["id"]

    messages += [
        {"role": "assistant", "content": None, "tool_calls": [call.model_dump(exclude_none=True)]},
        {"role": "tool", "tool_call_id": call.id, "content": "7 degrees"},
    ]
    final = c.chat.completions.create(model="assistant", messages=messages, tools=[WEATHER_TOOL])
    assert final.choices[0].message.content == "Tool said: 7 degrees"
    text, _, _, _ = stream_collect(
        c.chat.completions.create(model="assistant", messages=messages, tools=[WEATHER_TOOL], stream=True)
    )
    assert text == "Tool said: 7 degrees"


@pytest.mark.parametrize(
    ("trigger", "error", "status", "code"),
    [
        ("context", openai.BadRequestError, 400, "context_length_exceeded"),
        ("ratelimit", openai.RateLimitError, 429, None),
        ("overloaded", openai.InternalServerError, 503, None),
        ("server", openai.InternalServerError, 502, None),
        ("auth", openai.InternalServerError, 502, "upstream_auth_error"),
    ],
)
@pytest.mark.parametrize("stream", [False, True], ids=["json", "sse"])
def test_vendor_errors_map_to_openai_errors(
    client: openai.OpenAI, trigger: str, error: type[openai.APIStatusError], status: int, code: str | None, stream: bool
) -> None:
    with pytest.raises(error) as ei:
        resp = client.chat.completions.create(
            model="assistant", messages=[{"role": "user", "content": f"trigger:{trigger}"}], stream=stream
        )
        if stream:
            list(resp)  # type: ignore[call-overload]
    assert ei.value.status_code == status
    assert ei.value.body["type"]  # type: ignore[index]
    if code is not None:
        assert ei.value.code == code


def test_content_policy(client: openai.OpenAI, vendor: Vendor) -> None:
    c = client
    msg = [{"role": "user", "content": "trigger:policy"}]
    if vendor.policy_is_finish_reason:
        r = c.chat.completions.create(model="assistant", messages=msg)  # type: ignore[arg-type]
        assert r.choices[0].finish_reason == "content_filter"
    else:
        with pytest.raises(openai.BadRequestError) as ei:
            c.chat.completions.create(model="assistant", messages=msg)  # type: ignore[arg-type]
        assert ei.value.code == "content_policy_violation"


def test_stream_cut_is_never_a_clean_end(client: openai.OpenAI) -> None:
    text = ""
    with pytest.raises(openai.APIError):
        for chunk in client.chat.completions.create(
            model="assistant", messages=[{"role": "user", "content": "trigger:cut"}], stream=True
        ):
            text += "".join(c.delta.content or "" for c in chunk.choices)
    assert text  # something arrived before the cut
