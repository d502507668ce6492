"""A fake OpenAI-compatible upstream fast enough never to be the bottleneck of a benchmark.

A raw ``asyncio.Protocol`` speaking just enough HTTP/1.1 (keep-alive, Content-Length request
bodies) on uvloop. ``POST …/chat/completions`` answers with a fixed ``chat.completion``, or, when
the body asks for ``"stream": true``, with a fixed SSE stream (``--chunks`` content chunks, a
finishing chunk, a usage chunk, ``[DONE]``) in chunked transfer encoding. Every response is
built once at start-up, so a request costs a header scan and one write.

    python bench/upstream.py --port 9100 [--first-token-ms 0] [--token-ms 0]

It prints ``ready <port>`` on stdout once it listens. Loopback only by default.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import signal
import sys
from typing import cast

STREAM_FLAG = re.compile(rb'"stream"\s*:\s*true')
MODEL = "fake-model"
CREATED = 1_700_000_000
USAGE = {"prompt_tokens": 12, "completion_tokens": 20, "total_tokens": 32}


def _head(status: str, headers: list[tuple[str, str]]) -> bytes:
    lines = [f"HTTP/1.1 {status}"] + [f"{k}: {v}" for k, v in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def completion_response() -> bytes:
    body = json.dumps(
        {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": CREATED,
            "model": MODEL,
            "system_fingerprint": None,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "Hello! How can I help you today?", "refusal": None},
                    "logprobs": None,
                    "finish_reason": "stop",
                }
            ],
            "usage": USAGE,
        },
        separators=(",", ":"),
    ).encode()
    head = _head("200 OK", [("content-type", "application/json"), ("content-length", str(len(body)))])
    return head + body


def stream_events(chunks: int) -> list[bytes]:
    """The SSE events of one streamed answer, each framed as one HTTP chunk."""
    base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": CREATED, "model": MODEL}

    def event(obj: object) -> bytes:
        return b"data: " + json.dumps(obj, separators=(",", ":")).encode() + b"\n\n"

    events = [event({**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]})]
    for i in range(chunks):
        delta = {"content": f"tok{i} "}
        events.append(event({**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}))
    events.append(event({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}))
    events.append(event({**base, "choices": [], "usage": USAGE}))
    events.append(b"data: [DONE]\n\n")
    return [b"%x\r\n%s\r\n" % (len(e), e) for e in events] + [b"0\r\n\r\n"]


STREAM_HEAD = _head(
    "200 OK", [("content-type", "text/event-stream"), ("cache-control", "no-cache"), ("transfer-encoding", "chunked")]
)
NOT_FOUND = _head("404 Not Found", [("content-type", "text/plain"), ("content-length", "9")]) + b"not found"
OK = _head("200 OK", [("content-type", "text/plain"), ("content-length", "2")]) + b"ok"


class Upstream(asyncio.Protocol):
    __slots__ = ("_buf", "_cfg", "_transport")

    def __init__(self, cfg: Config) -> None:
        self._cfg = cfg
        self._buf = bytearray()
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = cast(asyncio.Transport, transport)  # uvloop's transports do not subclass asyncio's

    def connection_lost(self, exc: Exception | None) -> None:
        self._transport = None

    def data_received(self, data: bytes) -> None:
        buf = self._buf
        buf += data
        while True:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(buf[:end]).lower()
            length = 0
            pos = head.find(b"\r\ncontent-length:")
            if pos >= 0:
                stop = head.find(b"\r\n", pos + 2)
                length = int(head[pos + 17 : stop if stop >= 0 else len(head)])
            total = end + 4 + length
            if len(buf) < total:
                return
            body = bytes(buf[end + 4 : total])
            del buf[:total]
            self._answer(head, body)

    def _answer(self, head: bytes, body: bytes) -> None:
        t = self._transport
        if t is None:
            return
        line = head[: head.find(b"\r\n")] if b"\r\n" in head else head
        method, _, rest = line.partition(b" ")
        path = rest.partition(b" ")[0]
        if method == b"post" and path.endswith(b"/chat/completions"):
            if STREAM_FLAG.search(body):
                cfg = self._cfg
                if cfg.first_token_ms or cfg.token_ms:
                    asyncio.get_running_loop().create_task(self._slow_stream(t))
                else:
                    t.write(cfg.stream_bytes)
            else:
                t.write(self._cfg.completion)
        elif method == b"get" and path in (b"/healthz", b"/"):
            t.write(OK)
        else:
            t.write(NOT_FOUND)
        if b"\r\nconnection: close" in head:
            t.close()

    async def _slow_stream(self, t: asyncio.Transport) -> None:
        cfg = self._cfg
        t.write(STREAM_HEAD)
        if cfg.first_token_ms:
            await asyncio.sleep(cfg.first_token_ms / 1000)
        for piece in cfg.stream_pieces:
            if t.is_closing():
                return
            t.write(piece)
            if cfg.token_ms:
                await asyncio.sleep(cfg.token_ms / 1000)


class Config:
    def __init__(self, chunks: int, first_token_ms: float, token_ms: float) -> None:
        self.completion = completion_response()
        self.stream_pieces = stream_events(chunks)
        self.stream_bytes = STREAM_HEAD + b"".join(self.stream_pieces)
        self.first_token_ms = first_token_ms
        self.token_ms = token_ms


async def serve(host: str, port: int, cfg: Config) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: Upstream(cfg), host, port, backlog=1024, reuse_address=True)
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    bound = server.sockets[0].getsockname()[1]
    print(f"ready {bound}", flush=True)
    async with server:
        await stop.wait()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1", help="interface to bind (default %(default)s)")
    ap.add_argument("--port", type=int, default=9100, help="port; 0 picks a free one (default %(default)s)")
    ap.add_argument("--chunks", type=int, default=20, help="content chunks per stream (default %(default)s)")
    ap.add_argument("--first-token-ms", type=float, default=0.0, help="delay before a stream's first event")
    ap.add_argument("--token-ms", type=float, default=0.0, help="delay between a stream's events")
    args = ap.parse_args(argv)
    cfg = Config(args.chunks, args.first_token_ms, args.token_ms)
    try:
        import uvloop
    except ImportError:
        print("note: uvloop is not installed; using the default asyncio loop", file=sys.stderr)
        asyncio.run(serve(args.host, args.port, cfg))
    else:
        uvloop.run(serve(args.host, args.port, cfg))


if __name__ == "__main__":
    main()
