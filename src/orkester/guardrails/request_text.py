"""Every piece of text a request carries to a model, and rewriting them.

Chat: each message's text (a string, or its text parts), the arguments of the tool calls in assistant
messages, and tool results (``role: tool`` content). Embeddings: each input string. Token-id inputs carry
no text to scan. Rewriting returns a new request; the caller's object is left alone.
"""

from __future__ import annotations

from collections.abc import Callable

from ..types import ChatRequest, EmbeddingRequest, Message, TextPart

Rewrite = Callable[[str], str]


def texts(request: ChatRequest | EmbeddingRequest) -> list[str]:
    """The request's texts, in conversation order."""
    if isinstance(request, EmbeddingRequest):
        raw = request.input
        if isinstance(raw, str):
            return [raw]
        return [x for x in raw if isinstance(x, str)]
    out: list[str] = []
    for m in request.messages:
        if isinstance(m.content, str):
            out.append(m.content)
        elif m.content:
            out.extend(p.text for p in m.content if isinstance(p, TextPart))
        for call in m.tool_calls or ():
            out.append(call.function.arguments)
    return out


def rewrite(request: ChatRequest | EmbeddingRequest, fn: Rewrite) -> ChatRequest | EmbeddingRequest:
    """A copy of ``request`` with ``fn`` applied to each of its texts."""
    if isinstance(request, EmbeddingRequest):
        raw = request.input
        if isinstance(raw, str):
            return request.model_copy(update={"input": fn(raw)})
        if raw and all(isinstance(x, str) for x in raw):
            return request.model_copy(update={"input": [fn(x) for x in raw if isinstance(x, str)]})
        return request
    return request.model_copy(update={"messages": [_rewrite_message(m, fn) for m in request.messages]})


def _rewrite_message(m: Message, fn: Rewrite) -> Message:
    update: dict[str, object] = {}
    if isinstance(m.content, str):
        update["content"] = fn(m.content)
    elif m.content:
        update["content"] = [
            p.model_copy(update={"text": fn(p.text)}) if isinstance(p, TextPart) else p for p in m.content
        ]
    if m.tool_calls:
        update["tool_calls"] = [
            c.model_copy(update={"function": c.function.model_copy(update={"arguments": fn(c.function.arguments)})})
            for c in m.tool_calls
        ]
    return m.model_copy(update=update) if update else m
