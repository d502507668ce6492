"""Counters shared by every process and host: budgets (reserve → settle) and rate limits (rpm, tpm).

Backends: :class:`MemoryState` (one process), :class:`RedisState` (Lua scripts), :class:`PostgresState`
(PL/pgSQL functions). :func:`open_state` picks one from the settings. The types they speak live in
:mod:`orkester.accounting.budgets`.
"""

from .memory import MemoryState
from .open import open_state, state_backend
from .postgres import PostgresState
from .redis import RedisState

__all__ = ["MemoryState", "PostgresState", "RedisState", "open_state", "state_backend"]
