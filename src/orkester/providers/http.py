"""The shared machinery of every provider reached over HTTP: a pooled aiohttp session,
timeouts (connect, time to first byte and between reads, total) and the mapping of
transport failures onto the error tree. Vendors supply URLs, auth and a dialect.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from typing import Any

import aiohttp
import orjson
from yarl import URL

from ..dialects.base import ChatDialect, EmbeddingDialect
from ..errors import (
    StreamInterruptedError,
    UnsupportedFeatureError,
    UpstreamConnectionError,
    UpstreamError,
    UpstreamServerError,
    UpstreamTimeoutError,
)
from ..settings import Deployment
from ..types import ChatChunk, ChatRequest, ChatResponse, EmbeddingRequest, EmbeddingResponse
from .base import Provider, ProviderContext


class HTTPProvider(Provider):
    dialect: ChatDialect
    embedding_dialect: EmbeddingDialect | None = None
    default_base_url: str = ""

    def __init__(self, ctx: ProviderContext) -> None:
        super().__init__(ctx)
        self.base_url = (ctx.settings.base_url or self.default_base_url).rstrip("/")
        t = ctx.reliability.timeouts
        # A streamed answer must show its first bytes, and keep flowing, within first_token;
        # a non-streamed one sends nothing until it is complete, so only total bounds it.
        self._stream_timeout = aiohttp.ClientTimeout(total=t.total, sock_connect=t.connect, sock_read=t.first_token)
        self._timeout = aiohttp.ClientTimeout(total=t.total, sock_connect=t.connect)
        self._session: aiohttp.ClientSession | None = None

    # --- what a vendor overrides -------------------------------------------------------

    def chat_url(self, deployment: Deployment, *, stream: bool) -> str:
        raise NotImplementedError

    def embeddings_url(self, deployment: Deployment) -> str:
        raise UnsupportedFeatureError(f"Provider {self.name!r} does not offer embeddings")

    def auth_headers(self) -> dict[str, str]:
        return {}

    def finalize_headers(self, url: str, headers: dict[str, str], body: bytes) -> dict[str, str]:
        """Last look at an outgoing request: request signing (SigV4) happens here."""
        return headers

    # --- lifecycle ---------------------------------------------------------------------

    async def start(self) -> None:
        if self._session is None:
            connector = aiohttp.TCPConnector(limit=self.reliability.pool_size, ttl_dns_cache=300, keepalive_timeout=30)
            self._session = aiohttp.ClientSession(
                connector=connector, timeout=self._timeout, skip_auto_headers=("User-Agent",)
            )

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    # --- calls -------------------------------------------------------------------------

    async def chat(self, req: ChatRequest, deployment: Deployment) -> ChatResponse:
        body = self.dialect.encode_chat(req, deployment.model, stream=False)
        url = self.chat_url(deployment, stream=False)
        data = await self._post_json(url, body, deployment)
        try:
            return self.dialect.decode_chat(data, deployment.model)
        except UpstreamError as e:
            raise self._tag(e, deployment) from None
        except (KeyError, TypeError, ValueError, IndexError) as e:
            raise self._tag(
                UpstreamServerError(f"Unexpected response shape: {e!r}", upstream_status=200), deployment
            ) from e

    async def stream_chat(self, req: ChatRequest, deployment: Deployment) -> AsyncIterator[ChatChunk]:
        body = self.dialect.encode_chat(req, deployment.model, stream=True)
        url = self.chat_url(deployment, stream=True)
        resp = await self._send(url, body, deployment, stream=True)
        decoder = self.dialect.stream_decoder(deployment.model)
        sent_any = False
        try:
            async for data in resp.content.iter_any():
                for chunk in decoder.feed(data):
                    sent_any = True
                    yield chunk
            for chunk in decoder.close():
                yield chunk
        except UpstreamError as e:
            raise self._tag(e, deployment) from None
        except (TimeoutError, aiohttp.ClientError) as e:
            if sent_any:
                raise self._tag(
                    StreamInterruptedError(f"The stream broke after it had started: {e!r}"), deployment
                ) from e
            raise self._transport_error(e, deployment) from e
        finally:
            resp.release()

    async def embed(self, req: EmbeddingRequest, deployment: Deployment) -> EmbeddingResponse:
        if self.embedding_dialect is None:
            return await super().embed(req, deployment)
        body = self.embedding_dialect.encode_embeddings(req, deployment.model)
        data = await self._post_json(self.embeddings_url(deployment), body, deployment)
        return self.embedding_dialect.decode_embeddings(data, deployment.model)

    # --- plumbing ----------------------------------------------------------------------

    async def _post_json(self, url: str, body: dict[str, Any], deployment: Deployment) -> Any:
        resp = await self._send(url, body, deployment, stream=False)
        try:
            raw = await resp.read()
        except (TimeoutError, aiohttp.ClientError) as e:
            raise self._transport_error(e, deployment) from e
        finally:
            resp.release()
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError as e:
            raise self._tag(
                UpstreamServerError(f"Upstream answered with invalid JSON: {raw[:200]!r}", upstream_status=200),
                deployment,
            ) from e

    async def _send(
        self, url: str, body: dict[str, Any], deployment: Deployment, *, stream: bool
    ) -> aiohttp.ClientResponse:
        if self._session is None:
            await self.start()
        assert self._session is not None
        payload = orjson.dumps(body)
        headers = {"content-type": "application/json", **self.auth_headers(), **self.settings.headers}
        if stream:
            headers["accept"] = "text/event-stream"
        headers = self.finalize_headers(url, headers, payload)
        try:
            # Sent exactly as built: a signed path (SigV4) must not be re-encoded on the way out.
            resp = await self._session.post(
                URL(url, encoded=True),
                data=payload,
                headers=headers,
                timeout=self._stream_timeout if stream else self._timeout,
            )
        except (TimeoutError, aiohttp.ClientError) as e:
            raise self._transport_error(e, deployment) from e
        if resp.status >= 400:
            try:
                err_body = await resp.read()
            except (TimeoutError, aiohttp.ClientError):
                err_body = b""
            finally:
                resp.release()
            raise self._tag(self.dialect.decode_error(resp.status, err_body, resp.headers), deployment)
        return resp

    def _tag(self, err: UpstreamError, deployment: Deployment) -> UpstreamError:
        err.provider = err.provider or self.name
        err.model = err.model or deployment.model
        return err

    def _transport_error(self, e: BaseException, deployment: Deployment) -> UpstreamError:
        if isinstance(e, asyncio.TimeoutError | aiohttp.ServerTimeoutError):
            return self._tag(
                UpstreamTimeoutError(f"Timed out waiting for the upstream ({type(e).__name__})"), deployment
            )
        return self._tag(UpstreamConnectionError(f"Connection to the upstream failed: {e}"), deployment)


def header_map(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}
