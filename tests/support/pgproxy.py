"""A TCP proxy in front of this machine's PostgreSQL that a test can cut: ``down()`` drops every connection and
refuses new ones (what clients see when the server stops), ``up()`` lets them in again. The server itself keeps
running, so other tests are not disturbed. The proxy runs its own event loop on a thread, so a test may block
(start a gateway process, wait for it) while the proxy keeps serving."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from tests.support.postgres import PG

T = TypeVar("T")


class PgProxy:
    def __init__(self) -> None:
        target = urlsplit(PG)
        self._target = (target.hostname or "127.0.0.1", target.port or 5432)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pg-proxy", daemon=True)
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.StreamWriter] = set()
        self.is_down = False
        self.port = 0

    def url(self, schema: str) -> str:
        """The test database through the proxy, in ``schema``."""
        parts = urlsplit(PG)
        netloc = f"{parts.username}@127.0.0.1:{self.port}" if parts.username else f"127.0.0.1:{self.port}"
        return urlunsplit((parts.scheme, netloc, parts.path, f"search_path={schema}", ""))

    def start(self) -> None:
        self._thread.start()
        self._server = self._run(asyncio.start_server(self._serve, "127.0.0.1", 0))
        self.port = self._server.sockets[0].getsockname()[1]

    def down(self) -> None:
        """Drop every connection and refuse new ones; returns once done."""
        self._run(_call(self._cut))

    def up(self) -> None:
        self._run(_call(self._restore))

    def stop(self) -> None:
        self._run(self._close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(10)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.is_down:
            writer.close()
            return
        up_reader, up_writer = await asyncio.open_connection(*self._target)
        self._pipes |= {writer, up_writer}
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer), return_exceptions=True)

    def _cut(self) -> None:
        self.is_down = True
        for w in self._pipes:
            w.close()
        self._pipes.clear()

    def _restore(self) -> None:
        self.is_down = False

    async def _close(self) -> None:
        self._cut()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()


async def _call(fn: Callable[[], None]) -> None:
    fn()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    finally:
        writer.close()


@contextmanager
def pg_proxy() -> Iterator[PgProxy]:
    proxy = PgProxy()
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()
