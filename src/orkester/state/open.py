"""Choose where budgets and rate limits are counted: Redis when ``state.redis_url`` is set, else
PostgreSQL when ``storage.url`` is PostgreSQL, else this process's memory (exact for one process only).
Circuit-breaker state is shared through Redis only (:func:`circuit_store`)."""

from __future__ import annotations

from ..accounting.budgets import SharedState
from ..reliability.circuit_shared import CircuitStore
from ..settings import Settings
from ..storage.urls import url_scheme
from .common import Clock
from .memory import MemoryState
from .postgres import PostgresState
from .redis import RedisState
from .redis_circuit import RedisCircuitStore


def state_backend(settings: Settings) -> str:
    """``redis``, ``postgresql`` or ``memory``: what :func:`open_state` would open."""
    if settings.state.redis_url:
        return "redis"
    if url_scheme(settings.storage.url) in ("postgresql", "postgres"):
        return "postgresql"
    return "memory"


async def open_state(settings: Settings, *, clock: Clock | None = None) -> SharedState:
    """The shared state, connected (and its tables made, for PostgreSQL). ``clock`` is for tests."""
    backend = state_backend(settings)
    if backend == "redis":
        assert settings.state.redis_url is not None
        return await RedisState.open(settings.state.redis_url, prefix=settings.state.redis_prefix, clock=clock)
    if backend == "postgresql":
        return await PostgresState.open(settings.storage.url, clock=clock)
    return MemoryState(clock)


def circuit_store(state: SharedState) -> CircuitStore | None:
    """Where circuit state is shared: Redis when the state is in Redis; else nowhere (per process)."""
    return RedisCircuitStore.of(state) if isinstance(state, RedisState) else None
