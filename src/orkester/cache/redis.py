"""``backend: redis``: answers shared by every gateway process and host on one Redis.

An answer is a plain key with a TTL (``SET … PX``), so Redis expires it by itself. The semantic entries of a
bucket are a Redis stream (``XADD … MAXLEN ~ cache.max_entries``, its TTL renewed by each addition); each
process keeps its own :class:`~.index.VectorIndex` and, before searching a bucket, reads only the stream
entries it has not seen (``XRANGE`` from the last id it read). A lookup therefore moves a few bytes when
nothing is new, instead of every vector of the bucket, and needs no vector-search module on the server: a
plain Redis 6.2 or later. Other processes' entries are seen on the next lookup of their bucket.

Keys start with ``state.redis_prefix`` then ``cache:``: ``a:<namespace>/<digest>`` for answers,
``i:<namespace>/<context digest>`` for a bucket's stream.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

import numpy as np
import redis.asyncio as aioredis
from numpy.typing import NDArray
from redis.exceptions import RedisError

from ..errors import ConfigError, StorageError
from ..storage.urls import redact_url
from .backend import from_bytes, to_bytes
from .index import Indexed, Neighbour, VectorIndex

if TYPE_CHECKING:
    from ..plugins import Registry
    from ..settings import Settings

POOL_SIZE = 16
CONNECT_TIMEOUT_S = 5.0


class RedisCacheBackend:
    def __init__(self, url: str, *, prefix: str, max_entries: int) -> None:
        self.url = url
        self.prefix = prefix
        self.max_entries = max_entries
        self.index = VectorIndex(max_entries)
        #: bucket -> the last stream id this process has read into its index
        self._seen: OrderedDict[str, bytes] = OrderedDict()
        self._client: Any = None

    @classmethod
    def from_settings(cls, settings: Settings) -> RedisCacheBackend:
        url = settings.cache.url or settings.state.redis_url
        if not url:
            raise ConfigError("cache.backend: redis needs cache.url or state.redis_url (redis://host:6379/0)")
        return cls(url, prefix=settings.state.redis_prefix + "cache:", max_entries=settings.cache.max_entries)

    def _error(self, what: str, e: Exception) -> StorageError:
        return StorageError(f"response cache on Redis at {redact_url(self.url)}: {what}: {e}")

    async def open(self) -> None:
        pool = aioredis.BlockingConnectionPool.from_url(
            self.url, max_connections=POOL_SIZE, timeout=CONNECT_TIMEOUT_S, socket_connect_timeout=CONNECT_TIMEOUT_S
        )
        self._client = aioredis.Redis.from_pool(pool)
        try:
            await self._client.ping()
        except RedisError as e:
            await self.close()
            raise self._error("cannot connect", e) from e

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def _require(self) -> Any:
        if self._client is None:
            raise StorageError("the Redis response cache is not open")
        return self._client

    async def get(self, key: str, now: float) -> bytes | None:
        try:
            blob = await self._require().get(self.prefix + "a:" + key)
        except RedisError as e:
            raise self._error("read", e) from e
        return None if blob is None else bytes(blob)

    async def put(self, key: str, blob: bytes, *, now: float, expires_at: float, indexed: Indexed | None) -> None:
        ttl_ms = max(1, int((expires_at - now) * 1000))
        try:
            async with self._require().pipeline(transaction=False) as pipe:
                pipe.set(self.prefix + "a:" + key, blob, px=ttl_ms)
                if indexed is not None:
                    stream = self.prefix + "i:" + indexed.bucket
                    fields = {
                        "k": indexed.key,
                        "v": to_bytes(indexed.vector),
                        "t": indexed.text,
                        "e": repr(indexed.expires_at),
                    }
                    pipe.xadd(stream, fields, maxlen=self.max_entries, approximate=True)
                    pipe.pexpire(stream, ttl_ms)
                await pipe.execute()
        except RedisError as e:
            raise self._error("write", e) from e

    async def nearest(self, bucket: str, vector: NDArray[np.float32], k: int, now: float) -> list[Neighbour]:
        last = self._seen.get(bucket)
        start = b"(" + last if last is not None else b"-"
        try:
            rows = await self._require().xrange(self.prefix + "i:" + bucket, min=start, max=b"+")
        except RedisError as e:
            raise self._error("read the semantic index", e) from e
        for entry_id, fields in rows:
            try:
                self.index.add(
                    Indexed(
                        bucket=bucket,
                        key=fields[b"k"].decode(),
                        vector=from_bytes(fields[b"v"]),
                        text=fields[b"t"].decode(),
                        expires_at=float(fields[b"e"]),
                    )
                )
            except (KeyError, ValueError, UnicodeDecodeError):
                continue  # not an entry this version wrote
            last = entry_id
        if last is not None:
            self._seen[bucket] = last
            self._seen.move_to_end(bucket)
            while len(self._seen) > self.max_entries:
                self._seen.popitem(last=False)
        return self.index.nearest(bucket, vector, k, now)


def register(registry: Registry) -> None:
    registry.add_cache_backend("redis", RedisCacheBackend.from_settings)
