"""Counters shared by every process and host: budgets (reserve → settle) and rate limits (rpm, tpm).

Backends: :class:`MemoryState` (one process), :class:`RedisState` (Lua scripts), :class:`PostgresState`
(PL/pgSQL functions). :func:`open_state` picks one from the settings. The types they speak live in
:mod:`orkester.accounting.budgets`. Circuit-breaker state is shared through Redis only
(:class:`RedisCircuitStore`, picked by :func:`circuit_store`).
"""

from .memory import MemoryState
from .open import circuit_store, open_state, state_backend
from .postgres import PostgresState
from .redis import RedisState
from .redis_circuit import RedisCircuitStore

__all__ = [
    "MemoryState",
    "PostgresState",
    "RedisCircuitStore",
    "RedisState",
    "circuit_store",
    "open_state",
    "state_backend",
]
