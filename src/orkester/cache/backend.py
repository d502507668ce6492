"""What a cache backend offers, and how one is chosen: by name, through the registry (``memory``, ``redis``
and ``sqlite`` are built in and register the way a plugin would).

A backend keeps answers as opaque bytes under a key, for a time, and answers nearest-neighbour queries over
the semantic entries of one bucket. Times are the cache's clock (``now`` is passed in), so tests can move
time; a backend that expires entries on its own (Redis) is given the TTL as well. Building a backend does no
I/O; :meth:`CacheBackend.open` connects. Failures are :class:`~orkester.errors.StorageError`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

import numpy as np
from numpy.typing import NDArray

from .index import Indexed, Neighbour

if TYPE_CHECKING:
    from ..settings import Settings


class CacheBackend(Protocol):
    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def get(self, key: str, now: float) -> bytes | None:
        """The answer kept under ``key``, None when there is none or it has expired."""
        ...

    async def put(self, key: str, blob: bytes, *, now: float, expires_at: float, indexed: Indexed | None) -> None:
        """Keep ``blob`` under ``key`` until ``expires_at`` (replacing what was there), and add ``indexed`` to the
        semantic index when given."""
        ...

    async def nearest(self, bucket: str, vector: NDArray[np.float32], k: int, now: float) -> list[Neighbour]:
        """Up to ``k`` live semantic entries of ``bucket``, most similar first, including those other
        processes sharing this backend added."""
        ...


#: Builds an unopened backend from the settings (``cache.url``, ``cache.max_entries``, ``state.redis_url``…).
CacheBackendFactory = Callable[["Settings"], CacheBackend]


def to_bytes(vector: NDArray[np.float32]) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(raw: bytes) -> NDArray[np.float32]:
    return np.frombuffer(raw, dtype="<f4").astype(np.float32)
