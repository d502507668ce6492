"""Putting the real values back into what a model answered about placeholders.

Answers: each choice's content, refusal and tool-call arguments. Streams: one :class:`StreamRestorer`
per choice's content and per tool call's arguments, so a placeholder split across chunks comes out
whole; what a restorer still holds is released with the choice's ``finish_reason`` or, failing that,
in one last chunk before the stream ends.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

from ..types import ChatChunk, ChatResponse, ChoiceDelta, ToolCallDelta
from .pseudonymise import Pseudonyms, StreamRestorer


def restore_response(resp: ChatResponse, names: Pseudonyms) -> ChatResponse:
    choices = []
    for c in resp.choices:
        choices.append(
            replace(
                c,
                content=names.restore(c.content) if c.content else c.content,
                refusal=names.restore(c.refusal) if c.refusal else c.refusal,
                tool_calls=[replace(t, arguments=names.restore(t.arguments)) for t in c.tool_calls],
            )
        )
    return replace(resp, choices=choices)


class _Restorers:
    """One restorer per choice's content and per (choice, tool call)'s arguments."""

    def __init__(self, names: Pseudonyms) -> None:
        self.names = names
        self.content: dict[int, StreamRestorer] = {}
        self.arguments: dict[tuple[int, int], StreamRestorer] = {}

    def for_content(self, index: int) -> StreamRestorer:
        if index not in self.content:
            self.content[index] = self.names.stream_restorer()
        return self.content[index]

    def for_arguments(self, index: int, tool: int) -> StreamRestorer:
        if (index, tool) not in self.arguments:
            self.arguments[(index, tool)] = self.names.stream_restorer()
        return self.arguments[(index, tool)]

    def delta(self, d: ChoiceDelta) -> ChoiceDelta:
        finishing = d.finish_reason is not None
        text = d.content
        if text is not None or (finishing and d.index in self.content):
            r = self.for_content(d.index)
            restored = r.feed(text or "") + (r.flush() if finishing else "")
            text = restored if restored or text is not None else None
        calls = [self._call(t, d.index, finishing) for t in d.tool_calls] if d.tool_calls else d.tool_calls
        if finishing:
            named = {t.index for t in calls or ()}
            held = [
                ToolCallDelta(index=tool, arguments=rest)
                for (index, tool), r in self.arguments.items()
                if index == d.index and tool not in named and (rest := r.flush())
            ]
            if held:
                calls = [*(calls or []), *held]
        return replace(d, content=text, tool_calls=calls)

    def _call(self, t: ToolCallDelta, index: int, finishing: bool) -> ToolCallDelta:
        if t.arguments is None and not (finishing and (index, t.index) in self.arguments):
            return t
        r = self.for_arguments(index, t.index)
        restored = r.feed(t.arguments or "") + (r.flush() if finishing else "")
        return replace(t, arguments=restored if restored or t.arguments is not None else None)

    def rest(self) -> list[ChoiceDelta]:
        """What is still held, as deltas (for a stream that ended without finish_reason)."""
        out = [ChoiceDelta(index=i, content=text) for i, r in self.content.items() if (text := r.flush())]
        out += [
            ChoiceDelta(index=i, tool_calls=[ToolCallDelta(index=tool, arguments=text)])
            for (i, tool), r in self.arguments.items()
            if (text := r.flush())
        ]
        return out


async def restore_stream(stream: AsyncIterator[ChatChunk], names: Pseudonyms) -> AsyncIterator[ChatChunk]:
    restorers = _Restorers(names)
    last: ChatChunk | None = None
    async for chunk in stream:
        last = chunk
        if chunk.choices:
            chunk = replace(chunk, choices=[restorers.delta(d) for d in chunk.choices])
        yield chunk
    tail = restorers.rest()
    if tail:
        yield ChatChunk(choices=tail, id=last.id if last else None, model=last.model if last else None)
