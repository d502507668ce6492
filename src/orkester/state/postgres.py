"""Budgets and rate limits in PostgreSQL, for deployments that have PostgreSQL and no Redis.

Every operation is one call of a PL/pgSQL function (:mod:`.postgres_sql`): one round trip, one
transaction, row locks taken in scope order. Tables and functions are created at open under an
advisory lock (concurrent ``CREATE OR REPLACE FUNCTION`` collides otherwise). As for the audit store,
URL query parameters asyncpg does not know become server settings: ``?search_path=s`` keeps
everything in schema ``s``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

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
from ..storage.connect import PG_ERRORS, connect_pool
from ..storage.urls import redact_url
from . import postgres_sql as sql
from .common import Clock, budget_ask, new_id, rate_ask

POOL_SIZE = 10
_ERRORS = PG_ERRORS


class PostgresState:
    def __init__(self, url: str, *, clock: Clock | None = None) -> None:
        self.url = url
        self._clock = clock
        self._pool: Any = None

    @classmethod
    async def open(cls, url: str, *, clock: Clock | None = None, pool_size: int = POOL_SIZE) -> PostgresState:
        state = cls(url, clock=clock)
        state._pool = await connect_pool(url, pool_size)
        try:
            async with state._pool.acquire() as conn, conn.transaction():
                await conn.execute("SELECT pg_advisory_xact_lock($1)", sql.CREATE_LOCK)
                for statement in sql.SCHEMA:
                    await conn.execute(statement)
        except BaseException as e:
            await state.close()
            if isinstance(e, _ERRORS):
                raise state._error(e) from e
            raise
        return state

    def _error(self, e: BaseException) -> StorageError:
        return StorageError(f"PostgreSQL shared state at {redact_url(self.url)}: {e}")

    def _now(self) -> float | None:
        return None if self._clock is None else self._clock()

    async def _fetchrow(self, query: str, *args: object) -> Any:
        if self._pool is None:
            raise StorageError("the PostgreSQL shared state is not open")
        try:
            return await self._pool.fetchrow(query, *args)
        except _ERRORS as e:
            raise self._error(e) from e

    async def reserve(
        self, scopes: Sequence[tuple[Scope, BudgetLimits]], amount_usd: float, *, ttl_s: float = DEFAULT_TTL_S
    ) -> Reservation | BudgetRefusal:
        ask = budget_ask(scopes, amount_usd, ttl_s)
        rid = new_id()
        row = await self._fetchrow(
            "SELECT * FROM state_reserve($1, $2, $3, $4, $5, $6)",
            rid,
            [s.key for s in ask.scopes],
            [v for limits in ask.limits for v in limits],
            ask.amount,
            ask.ttl_s,
            self._now(),
        )
        if row["ok"]:
            return Reservation(rid, ask.scopes, ask.amount, row["day"], row["month"], row["expires"])
        return BudgetRefusal(
            ask.scopes[row["idx"]],
            WINDOWS[row["win"] - 1],
            row["lim"],
            row["spent"],
            row["reserved"],
            ask.amount,
            row["day"],
            row["month"],
        )

    async def settle(self, reservation: Reservation, actual_usd: float) -> None:
        await self._fetchrow("SELECT state_finish($1, $2)", reservation.id, to_micros(actual_usd))

    async def release(self, reservation: Reservation) -> None:
        await self._fetchrow("SELECT state_finish($1, $2)", reservation.id, 0)

    async def spent(self, scope: Scope) -> Spend:
        row = await self._fetchrow("SELECT * FROM state_spent($1, $2)", scope.key, self._now())
        return make_spend(scope, row["day"], row["month"], list(row.values())[2:])

    async def acquire_rate(self, scopes: Sequence[tuple[Scope, RateLimits]], tokens: int) -> RateGrant | RateRefusal:
        ask = rate_ask(scopes, tokens)
        rid = new_id()
        row = await self._fetchrow(
            "SELECT * FROM state_acquire($1, $2, $3, $4, $5, $6)",
            rid,
            [s.key for s in ask.scopes],
            list(ask.rpm),
            list(ask.tpm),
            tokens,
            self._now(),
        )
        if row["ok"]:
            return RateGrant(rid, ask.scopes, tokens, row["at"])
        kind: Literal["rpm", "tpm"] = "rpm" if row["kind"] == "rpm" else "tpm"
        requested = 1 if kind == "rpm" else tokens
        return RateRefusal(ask.scopes[row["idx"]], kind, row["lim"], row["used"], requested, max(0.0, row["retry"]))

    async def settle_tokens(self, grant: RateGrant, actual_tokens: int) -> None:
        if actual_tokens < 0:
            raise ValueError(f"actual_tokens must be >= 0, not {actual_tokens}")
        if grant.scopes:
            await self._fetchrow(
                "SELECT state_settle_tokens($1, $2, $3)", grant.id, [s.key for s in grant.scopes], actual_tokens
            )

    async def rate_usage(self, scope: Scope) -> RateUsage:
        row = await self._fetchrow(sql.RATE_USAGE, scope.key, self._now())
        return RateUsage(row["n"], row["t"])

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()
