"""Circuit-breaker state in Redis, shared by every gateway process on the server: the
:class:`~orkester.reliability.circuit_shared.CircuitStore` of
:class:`~orkester.reliability.circuit_shared.SharedCircuitBoard`.

Each operation is one Lua script, atomic inside Redis, on the same connection pool and key prefix
as the budgets and rate limits (:class:`.redis.RedisState`). Keys, with ``P`` the prefix and ``D``
the deployment (``provider/model``):

    P c:D    hash {until}: the circuit is open until this time (Redis server time); absent: closed
    P cp:D   sorted set: half-open probe lease id by its expiry

Every script gets ``ARGV[1]`` = prefix, ``ARGV[2]`` = now (-1: the server's ``TIME``), ``ARGV[3]`` = D,
and answers ``{granted, remaining}``: ``remaining`` is ``'-'`` for a closed circuit, else the seconds
it stays open (<= 0: half-open), as a string (Redis would truncate a Lua number to an integer).
"""

from __future__ import annotations

from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from ..errors import StorageError
from ..reliability.circuit_shared import SharedView
from ..storage.urls import redact_url
from .common import Clock
from .redis import RedisState

_COMMON = """
local P = ARGV[1]
local now = tonumber(ARGV[2])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local c = P .. 'c:' .. ARGV[3]
local z = P .. 'cp:' .. ARGV[3]

local function remaining()
  local u = redis.call('HGET', c, 'until')
  if not u then return '-' end
  return tostring(tonumber(u) - now)
end

local function open(seconds)
  redis.call('HSET', c, 'until', tostring(now + seconds))
  redis.call('EXPIRE', c, math.ceil(seconds) + 86400)
  redis.call('DEL', z)
  return tostring(seconds)
end
"""

READ = _COMMON + "return {0, remaining()}\n"

#: ARGV[4]: open seconds. An open circuit keeps its end; a closed or half-open one opens now.
TRIP = (
    _COMMON
    + """
local u = redis.call('HGET', c, 'until')
if u and tonumber(u) > now then return {0, tostring(tonumber(u) - now)} end
return {1, open(tonumber(ARGV[4]))}
"""
)

#: ARGV[4..6]: lease id, lease ttl, probes allowed at once.
PROBE = (
    _COMMON
    + """
local u = redis.call('HGET', c, 'until')
if not u then return {0, '-'} end
u = tonumber(u)
if now < u then return {0, tostring(u - now)} end
redis.call('ZREMRANGEBYSCORE', z, '-inf', now)
if redis.call('ZCARD', z) >= tonumber(ARGV[6]) then return {0, tostring(u - now)} end
redis.call('ZADD', z, now + tonumber(ARGV[5]), ARGV[4])
redis.call('EXPIRE', z, math.ceil(tonumber(ARGV[5])) + 1)
return {1, tostring(u - now)}
"""
)

#: ARGV[4..6]: lease id, '1' ok / '0' failed, open seconds. A lease no longer held changes nothing.
PROBE_DONE = (
    _COMMON
    + """
if redis.call('ZREM', z, ARGV[4]) == 0 then return {0, remaining()} end
if ARGV[5] == '1' then
  redis.call('DEL', c, z)
  return {1, '-'}
end
return {1, open(tonumber(ARGV[6]))}
"""
)


class RedisCircuitStore:
    def __init__(self, client: aioredis.Redis, *, prefix: str, url: str, clock: Clock | None = None) -> None:
        self.prefix = prefix
        self.url = url
        self._client = client
        self._clock = clock
        self._read = client.register_script(READ)
        self._trip = client.register_script(TRIP)
        self._probe = client.register_script(PROBE)
        self._probe_done = client.register_script(PROBE_DONE)

    @classmethod
    def of(cls, state: RedisState) -> RedisCircuitStore:
        """On the budgets' and rate limits' connection pool (closed with it)."""
        return cls(state.client, prefix=state.prefix, url=state.url, clock=state.clock)

    def _error(self, e: RedisError) -> StorageError:
        return StorageError(f"Redis at {redact_url(self.url)}: {e}")

    async def _run(self, script: Any, key: str, *args: object) -> SharedView:
        now = -1.0 if self._clock is None else self._clock()
        try:
            out = await script(keys=[], args=[self.prefix, repr(now), key, *args])
        except RedisError as e:
            raise self._error(e) from e
        return SharedView(None if out[1] == "-" else float(out[1]), int(out[0]) == 1)

    async def read(self, key: str) -> SharedView:
        return await self._run(self._read, key)

    async def trip(self, key: str, open_s: float) -> SharedView:
        return await self._run(self._trip, key, repr(float(open_s)))

    async def probe(self, key: str, lease: str, ttl_s: float, limit: int) -> SharedView:
        return await self._run(self._probe, key, lease, repr(float(ttl_s)), limit)

    async def probe_done(self, key: str, lease: str, ok: bool, open_s: float) -> SharedView:
        return await self._run(self._probe_done, key, lease, "1" if ok else "0", repr(float(open_s)))

    async def release(self, key: str, lease: str) -> None:
        try:
            await self._client.zrem(f"{self.prefix}cp:{key}", lease)
        except RedisError as e:
            raise self._error(e) from e
