"""Budgets and rate limits in Redis, shared by every process and host that uses the same server.

Each operation is one Lua script (:mod:`.redis_lua`): the check and the update happen inside Redis
with nothing in between, so replicas cannot both see room for the last request. Scripts are
registered once per client and sent as ``EVALSHA``; redis-py loads a script again when the server
answers ``NOSCRIPT`` (after a restart or ``SCRIPT FLUSH``). Time comes from the Redis server
(``TIME``) unless a clock is injected (tests), so hosts with skewed clocks still share one window.

The scripts compute key names from the scopes, so this needs a standalone Redis (or a primary with
replicas / Sentinel), not Redis Cluster.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from ..accounting.budgets import (
    DEFAULT_TTL_S,
    WINDOWS,
    BudgetLimits,
    BudgetRefusal,
    RateGrant,
    RateLimits,
    RateRefusal,
    RateUsage,
    Reservation,
    Scope,
    Spend,
    make_spend,
    to_micros,
)
from ..errors import StorageError
from ..settings import DEFAULT_REDIS_PREFIX
from ..storage.urls import redact_url
from . import redis_lua
from .common import Clock, budget_ask, new_id, rate_ask

#: connections per process; callers beyond it wait for one (BlockingConnectionPool)
POOL_SIZE = 32
CONNECT_TIMEOUT_S = 10.0
DEFAULT_PREFIX = DEFAULT_REDIS_PREFIX


class RedisState:
    def __init__(self, url: str, *, prefix: str = DEFAULT_PREFIX, clock: Clock | None = None) -> None:
        self.url = url
        self.prefix = prefix
        self._clock = clock
        pool = aioredis.BlockingConnectionPool.from_url(
            url, max_connections=POOL_SIZE, timeout=CONNECT_TIMEOUT_S, decode_responses=True
        )
        self._client = aioredis.Redis.from_pool(pool)  # closes the pool with the client
        self._reserve = self._client.register_script(redis_lua.RESERVE)
        self._finish = self._client.register_script(redis_lua.FINISH)
        self._spent = self._client.register_script(redis_lua.SPENT)
        self._acquire = self._client.register_script(redis_lua.ACQUIRE)
        self._settle_tokens = self._client.register_script(redis_lua.SETTLE_TOKENS)
        self._rate_usage = self._client.register_script(redis_lua.RATE_USAGE)

    @classmethod
    async def open(cls, url: str, *, prefix: str = DEFAULT_PREFIX, clock: Clock | None = None) -> RedisState:
        state = cls(url, prefix=prefix, clock=clock)
        try:
            await state._client.ping()
        except RedisError as e:
            await state.close()
            raise StorageError(f"cannot connect to Redis at {redact_url(url)}: {e}") from e
        return state

    @property
    def client(self) -> aioredis.Redis:
        """The connection pool, for the other shared state on the same server (circuit breakers)."""
        return self._client

    @property
    def clock(self) -> Clock | None:
        return self._clock

    async def _run(self, script: Any, *args: object) -> Any:
        now = -1.0 if self._clock is None else self._clock()
        try:
            return await script(keys=[], args=[self.prefix, repr(now), *args])
        except RedisError as e:
            raise StorageError(f"Redis at {redact_url(self.url)}: {e}") from e

    async def reserve(
        self, scopes: Sequence[tuple[Scope, BudgetLimits]], amount_usd: float, *, ttl_s: float = DEFAULT_TTL_S
    ) -> Reservation | BudgetRefusal:
        ask = budget_ask(scopes, amount_usd, ttl_s)
        rid = new_id()
        flat: list[object] = []
        for scope, limits in zip(ask.scopes, ask.limits, strict=True):
            flat += [scope.key, *limits]
        out = await self._run(self._reserve, rid, ask.amount, repr(ask.ttl_s), len(ask.scopes), *flat)
        if int(out[0]) == 1:
            return Reservation(rid, ask.scopes, ask.amount, int(out[1]), int(out[2]), float(out[3]))
        i, w = int(out[1]), int(out[2])
        limit, spent, reserved = (int(float(v)) for v in out[3:6])
        return BudgetRefusal(
            ask.scopes[i], WINDOWS[w - 1], limit, spent, reserved, ask.amount, int(out[6]), int(out[7])
        )

    async def settle(self, reservation: Reservation, actual_usd: float) -> None:
        await self._run(self._finish, reservation.id, to_micros(actual_usd), "settled")

    async def release(self, reservation: Reservation) -> None:
        await self._run(self._finish, reservation.id, 0, "released")

    async def spent(self, scope: Scope) -> Spend:
        out = await self._run(self._spent, scope.key)
        return make_spend(scope, int(out[0]), int(out[1]), [int(v) for v in out[2:]])

    async def acquire_rate(self, scopes: Sequence[tuple[Scope, RateLimits]], tokens: int) -> RateGrant | RateRefusal:
        ask = rate_ask(scopes, tokens)
        rid = new_id()
        flat: list[object] = []
        for scope, rpm, tpm in zip(ask.scopes, ask.rpm, ask.tpm, strict=True):
            flat += [scope.key, rpm, tpm]
        out = await self._run(self._acquire, rid, tokens, len(ask.scopes), *flat)
        if int(out[0]) == 1:
            return RateGrant(rid, ask.scopes, tokens, float(out[1]))
        kind: Literal["rpm", "tpm"] = "rpm" if out[2] == "rpm" else "tpm"
        requested = 1 if kind == "rpm" else tokens
        return RateRefusal(
            ask.scopes[int(out[1])], kind, int(out[3]), int(float(out[4])), requested, max(0.0, float(out[5]))
        )

    async def settle_tokens(self, grant: RateGrant, actual_tokens: int) -> None:
        if actual_tokens < 0:
            raise ValueError(f"actual_tokens must be >= 0, not {actual_tokens}")
        if grant.scopes:
            await self._run(self._settle_tokens, grant.id, actual_tokens, *(s.key for s in grant.scopes))

    async def rate_usage(self, scope: Scope) -> RateUsage:
        out = await self._run(self._rate_usage, scope.key)
        return RateUsage(int(out[0]), int(float(out[1])))

    async def close(self) -> None:
        await self._client.aclose()
