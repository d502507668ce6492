"""Shared helpers for the dialect contract tests: build a provider against a fake server,
collect a stream into the equivalent of a non-streamed answer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from orkester.plugins import Registry, load_registry
from orkester.providers.base import Provider, ProviderContext
from orkester.settings import ProviderSettings, ReliabilitySettings
from orkester.types import ChatChunk, ChatRequest, Usage

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a place",
        "parameters": {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]},
    },
}


def registry() -> Registry:
    return load_registry(include_entry_points=False)


def make_provider(kind: str, name: str | None = None, **settings: Any) -> Provider:
    ps = ProviderSettings(type=kind, **settings)
    factory = registry().provider_factory(kind)
    return factory(ProviderContext(name=name or kind, settings=ps, reliability=ReliabilitySettings()))


def chat(text: str, **kw: Any) -> ChatRequest:
    return ChatRequest.model_validate({"model": "alias", "messages": [{"role": "user", "content": text}], **kw})


def tool_round_trip() -> ChatRequest:
    """A conversation whose last message is the tool's result."""
    return ChatRequest.model_validate(
        {
            "model": "alias",
            "tools": [WEATHER_TOOL],
            "messages": [
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": "Weather in Oslo?"},
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "call_1",
                            "type": "function",
                            "function": {"name": "get_weather", "arguments": '{"location": "Oslo"}'},
                        }
                    ],
                },
                {"role": "tool", "tool_call_id": "call_1", "content": "7 degrees"},
            ],
        }
    )


class Collected:
    def __init__(self) -> None:
        self.text = ""
        self.tool_calls: dict[int, dict[str, str]] = {}
        self.finish_reason: str | None = None
        self.usage: Usage | None = None
        self.chunks = 0


async def collect(stream: AsyncIterator[ChatChunk]) -> Collected:
    out = Collected()
    async for chunk in stream:
        out.chunks += 1
        if chunk.usage is not None:
            out.usage = chunk.usage
        for d in chunk.choices:
            if d.content:
                out.text += d.content
            for tc in d.tool_calls or ():
                slot = out.tool_calls.setdefault(tc.index, {"id": "", "name": "", "arguments": ""})
                if tc.id:
                    slot["id"] = tc.id
                if tc.name:
                    slot["name"] = tc.name
                if tc.arguments:
                    slot["arguments"] += tc.arguments
            if d.finish_reason:
                out.finish_reason = d.finish_reason
    return out
