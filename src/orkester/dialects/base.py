"""The contract every wire dialect fulfils, and the SSE framing most of them share.

A dialect turns a :class:`~orkester.types.ChatRequest` into the vendor's JSON body, turns
the vendor's JSON answer and stream bytes back into neutral types, and maps the vendor's
error payloads onto :mod:`orkester.errors`. It never opens a socket, so each one is tested
against recorded wire formats without a network.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from ..errors import UpstreamError
from ..types import ChatChunk, ChatRequest, ChatResponse, EmbeddingRequest, EmbeddingResponse


class StreamDecoder(Protocol):
    """Incremental decoder for one streamed response: bytes in, chunks out."""

    def feed(self, data: bytes) -> Iterator[ChatChunk]:
        """Decode what ``data`` completes. May raise UpstreamError for an in-stream error event."""
        ...

    def close(self) -> Iterator[ChatChunk]:
        """Flush at end of body. Raises StreamInterruptedError if the vendor's end marker never came."""
        ...


class ChatDialect(Protocol):
    name: str

    def encode_chat(self, req: ChatRequest, model: str, *, stream: bool) -> dict[str, Any]:
        """The vendor's request body for ``req`` addressed to upstream model id ``model``."""
        ...

    def decode_chat(self, body: Any, model: str) -> ChatResponse:
        """The vendor's parsed JSON answer as a neutral response."""
        ...

    def stream_decoder(self, model: str) -> StreamDecoder: ...

    def decode_error(self, status: int, body: bytes, headers: Mapping[str, str]) -> UpstreamError:
        """The vendor's error payload as the right error class (provider/model are set by the caller)."""
        ...


class EmbeddingDialect(Protocol):
    def encode_embeddings(self, req: EmbeddingRequest, model: str) -> dict[str, Any]: ...

    def decode_embeddings(self, body: Any, model: str) -> EmbeddingResponse: ...


class SSEParser:
    """Server-sent events framing (WHATWG): yields (event, data) per complete event.

    Handles CRLF/LF line endings, multi-line ``data:``, comments and events split across
    network reads at any byte.
    """

    __slots__ = ("_buf", "_data", "_event")

    def __init__(self) -> None:
        self._buf = b""
        self._event: str | None = None
        self._data: list[str] = []

    def feed(self, chunk: bytes) -> Iterator[tuple[str | None, str]]:
        self._buf += chunk
        while True:
            nl = self._buf.find(b"\n")
            if nl < 0:
                return
            raw = self._buf[:nl]
            self._buf = self._buf[nl + 1 :]
            if raw.endswith(b"\r"):
                raw = raw[:-1]
            if not raw:
                if self._data or self._event is not None:
                    yield self._event, "\n".join(self._data)
                self._event, self._data = None, []
                continue
            line = raw.decode("utf-8")
            if line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            if value.startswith(" "):
                value = value[1:]
            if name == "data":
                self._data.append(value)
            elif name == "event":
                self._event = value

    def flush(self) -> Iterator[tuple[str | None, str]]:
        """An event left unterminated at end of body (some servers omit the final blank line)."""
        if self._buf:
            tail, self._buf = self._buf, b""
            yield from self.feed(tail + b"\n\n")
        elif self._data:
            yield self._event, "\n".join(self._data)
        self._event, self._data = None, []

    @property
    def pending(self) -> bool:
        return bool(self._buf.strip()) or bool(self._data)
