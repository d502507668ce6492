"""Counting a request's prompt tokens offline, for reservations and token-per-minute limits.

OpenAI's byte-pair vocabularies (``o200k_base`` for GPT-4o and later, ``cl100k_base`` for GPT-4 and
GPT-3.5 and the v3 embeddings) ship inside the ``bpe-openai`` wheel, so counting needs no download. Chat
messages are counted the way OpenAI documents it: each message's content plus 3 tokens of framing (1 more
for a ``name``), plus 3 priming the reply; a tool definition is counted as its JSON; an image as 765
tokens (a 1024 x 1024 picture at high detail: the common worst case).

Other vendors' models tokenise differently (Claude, Gemini, Mistral, Llama vocabularies give more tokens
for the same text, up to about a fifth more in English and more in Norwegian), and their counts are not
available offline: for them the ``o200k_base`` count is multiplied by ``OTHER_VENDOR_MARGIN`` so that a
reservation stays on the safe side. Those figures are for budgets and limits, where an estimate must not be
low; the bill uses the usage each upstream reports.

Counting a 2 KB prompt takes a few tenths of a millisecond, so it happens only when a limit needs it:
:class:`PromptTokens` counts a request at most once per vocabulary, when first asked.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Protocol

import bpe_openai  # type: ignore[import-untyped]
import orjson

from ..types import ChatRequest, EmbeddingRequest, ImagePart

#: what every chat message adds around its content, and what priming the reply costs
PER_MESSAGE = 3
PER_NAME = 1
REPLY_PRIMING = 3
#: tokens charged for one image (high detail, 1024 x 1024)
PER_IMAGE = 765
#: the o200k count times this, for vendors whose tokenizer is not available offline
OTHER_VENDOR_MARGIN = 1.25
#: model names that are OpenAI's (served by OpenAI or Azure OpenAI): counted exactly
_OPENAI_MODEL = re.compile(r"^(?:gpt-|chatgpt-|o\d|text-embedding-|davinci|babbage)")
#: model name prefixes still on cl100k_base (GPT-4 before 4o, GPT-3.5, the v2/v3 embeddings)
_CL100K = ("gpt-4-", "gpt-4", "gpt-3.5", "text-embedding-3", "text-embedding-ada")
_O200K_FIRST = ("gpt-4o", "gpt-4.1", "gpt-4.5")


class Encoding(Protocol):
    def encode_ordinary(self, text: str) -> list[int]: ...


@functools.cache
def encoding(name: str) -> Encoding:
    """The named vocabulary, loaded once per process (it is read-only once loaded)."""
    enc: Encoding = bpe_openai.get_encoding(name)
    return enc


def _bare(model: str) -> str:
    return model.rsplit("/", 1)[-1].lower()


def is_openai_model(model: str) -> bool:
    return bool(_OPENAI_MODEL.match(_bare(model)))


def encoding_name(model: str) -> str:
    m = _bare(model)
    if m.startswith(_O200K_FIRST):
        return "o200k_base"
    return "cl100k_base" if m.startswith(_CL100K) else "o200k_base"


def _count_input(value: str | list[str] | list[int] | list[list[int]], name: str) -> int:
    """An embedding input: text, texts, or token ids already counted by the caller."""
    if isinstance(value, str):
        return count_text(value, name)
    return sum(count_text(x, name) if isinstance(x, str) else len(x) if isinstance(x, list) else 1 for x in value)


def count_text(text: str, name: str = "o200k_base") -> int:
    return len(encoding(name).encode_ordinary(text)) if text else 0


def count_prompt(req: ChatRequest | EmbeddingRequest, model: str = "gpt-4o") -> int:
    """The prompt tokens ``req`` costs on ``model``: exact for OpenAI's models, an upper-side estimate for
    other vendors' models."""
    name = encoding_name(model)
    if isinstance(req, EmbeddingRequest):
        raw = _count_input(req.input, name)
    else:
        raw = REPLY_PRIMING
        for m in req.messages:
            raw += PER_MESSAGE + count_text(m.text(), name)
            if m.name:
                raw += PER_NAME + count_text(m.name, name)
            if isinstance(m.content, list):
                raw += PER_IMAGE * sum(isinstance(p, ImagePart) for p in m.content)
            for call in m.tool_calls or ():
                raw += count_text(call.function.name, name) + count_text(call.function.arguments, name)
        if req.tools:
            raw += count_text(orjson.dumps([t.model_dump(exclude_none=True) for t in req.tools]).decode(), name)
    if is_openai_model(model):
        return raw
    return int(raw * OTHER_VENDOR_MARGIN + 0.999)


class PromptTokens:
    """One request's prompt-token counts, made when first asked for and kept."""

    __slots__ = ("_counts", "request")

    def __init__(self, request: ChatRequest | EmbeddingRequest) -> None:
        self.request = request
        self._counts: dict[tuple[str, bool], int] = {}

    def on(self, model: str) -> int:
        """The prompt's tokens on ``model``."""
        key = (encoding_name(model), is_openai_model(model))
        n = self._counts.get(key)
        if n is None:
            n = self._counts[key] = count_prompt(self.request, model)
        return n

    def on_any(self, models: Iterable[str]) -> int:
        """The most the prompt costs on any of ``models`` (a plan's deployments)."""
        return max((self.on(m) for m in models), default=self.on("gpt-4o"))

    def with_output(self, prompt: int) -> int:
        """``prompt`` plus the caller's output limit: what a request counts against tpm before its usage."""
        output = self.request.output_limit if isinstance(self.request, ChatRequest) else None
        return prompt + (output or 0)
