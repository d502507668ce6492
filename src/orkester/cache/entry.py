"""A cached answer as stored (JSON bytes), and the answer as a stream: replayed, or collected from one.

What is kept is the provider-neutral :class:`~orkester.types.ChatResponse` (so a stream's answer can serve
a plain request and the other way round), the namespace it belongs to (checked again on every read), when
it was made and when it expires by the cache's clock, and which deployment wrote it. Only finished answers
are kept: every choice ended with ``stop``, ``length`` or ``tool_calls`` (not cut off by an error or a
content filter, not a stream the client left).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass, field
from typing import Any

import orjson

from ..types import ChatChunk, ChatResponse, Choice, ChoiceDelta, FinishReason, ToolCallDelta, ToolCallOut, Usage

FINISHED: frozenset[str] = frozenset({"stop", "length", "tool_calls"})


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    namespace: str
    response: ChatResponse
    created_at: float
    expires_at: float
    provider: str | None = None
    model: str | None = None


def finished(resp: ChatResponse) -> bool:
    return bool(resp.choices) and all(c.finish_reason in FINISHED for c in resp.choices)


def encode(answer: CachedAnswer) -> bytes:
    return orjson.dumps(asdict(answer))


def decode(blob: bytes) -> CachedAnswer:
    """Raises ValueError when the bytes are not a cached answer (another version, or damaged)."""
    try:
        data = orjson.loads(blob)
        r = data["response"]
        choices = [
            Choice(
                index=c["index"],
                content=c["content"],
                tool_calls=[ToolCallOut(**t) for t in c["tool_calls"]],
                finish_reason=c["finish_reason"],
                logprobs=c["logprobs"],
                refusal=c["refusal"],
            )
            for c in r["choices"]
        ]
        response = ChatResponse(
            id=r["id"],
            model=r["model"],
            choices=choices,
            usage=Usage(**r["usage"]),
            created=r["created"],
            simulated=r["simulated"],
        )
        return CachedAnswer(
            namespace=data["namespace"],
            response=response,
            created_at=float(data["created_at"]),
            expires_at=float(data["expires_at"]),
            provider=data.get("provider"),
            model=data.get("model"),
        )
    except (orjson.JSONDecodeError, KeyError, TypeError) as e:
        raise ValueError(f"not a cached answer: {e}") from None


async def replay(resp: ChatResponse) -> AsyncIterator[ChatChunk]:
    """The answer as a stream: per choice its content and tool calls, then its finish; then the usage."""
    for c in resp.choices:
        calls = [ToolCallDelta(i, t.id, t.name, t.arguments) for i, t in enumerate(c.tool_calls)] or None
        delta = ChoiceDelta(index=c.index, role="assistant", content=c.content, tool_calls=calls, logprobs=c.logprobs)
        yield ChatChunk(choices=[delta], id=resp.id, model=resp.model)
    yield ChatChunk(
        choices=[ChoiceDelta(index=c.index, finish_reason=c.finish_reason) for c in resp.choices],
        id=resp.id,
        model=resp.model,
    )
    yield ChatChunk(usage=resp.usage, id=resp.id, model=resp.model)


@dataclass(slots=True)
class _Choice:
    text: list[str] = field(default_factory=list)
    calls: dict[int, list[str]] = field(default_factory=dict)  # index -> [id, name, arguments]
    finish: FinishReason | None = None
    logprobs: list[Any] | None = None


class StreamCollector:
    """Builds the answer a stream delivered, chunk by chunk."""

    def __init__(self) -> None:
        self._choices: dict[int, _Choice] = {}
        self.usage: Usage | None = None
        self.model: str | None = None
        self.id: str | None = None

    def feed(self, chunk: ChatChunk) -> None:
        if chunk.usage is not None:
            self.usage = chunk.usage
        self.model = chunk.model or self.model
        self.id = chunk.id or self.id
        for d in chunk.choices:
            c = self._choices.setdefault(d.index, _Choice())
            if d.content:
                c.text.append(d.content)
            for t in d.tool_calls or ():
                call = c.calls.setdefault(t.index, ["", "", ""])
                call[0] = t.id or call[0]
                call[1] = t.name or call[1]
                call[2] += t.arguments or ""
            if d.finish_reason is not None:
                c.finish = d.finish_reason
            if d.logprobs and isinstance(d.logprobs.get("content"), list):
                c.logprobs = (c.logprobs or []) + d.logprobs["content"]

    def response(self, model: str, created: int, simulated: bool) -> ChatResponse:
        choices = [
            Choice(
                index=i,
                content="".join(c.text) or None,
                tool_calls=[ToolCallOut(id, name, args) for _, (id, name, args) in sorted(c.calls.items())],
                finish_reason=c.finish,
                logprobs=None if c.logprobs is None else {"content": c.logprobs},
            )
            for i, c in sorted(self._choices.items())
        ]
        return ChatResponse(
            id=self.id or "cached",
            model=self.model or model,
            choices=choices,
            usage=self.usage or Usage(),
            created=created,
            simulated=simulated,
        )
