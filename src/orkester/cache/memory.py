"""``backend: memory``: answers and the semantic index in this process (the default; one process only).

At most ``cache.max_entries`` answers are kept; the least recently used goes first.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from .index import Indexed, Neighbour, VectorIndex

if TYPE_CHECKING:
    from ..plugins import Registry
    from ..settings import Settings


class MemoryCacheBackend:
    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._answers: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self.index = VectorIndex(max_entries)

    @classmethod
    def from_settings(cls, settings: Settings) -> MemoryCacheBackend:
        return cls(settings.cache.max_entries)

    async def open(self) -> None:
        return None

    async def close(self) -> None:
        self._answers.clear()

    async def get(self, key: str, now: float) -> bytes | None:
        kept = self._answers.get(key)
        if kept is None:
            return None
        if kept[0] <= now:
            del self._answers[key]
            return None
        self._answers.move_to_end(key)
        return kept[1]

    async def put(self, key: str, blob: bytes, *, now: float, expires_at: float, indexed: Indexed | None) -> None:
        self._answers[key] = (expires_at, blob)
        self._answers.move_to_end(key)
        while len(self._answers) > self.max_entries:
            self._answers.popitem(last=False)
        if indexed is not None:
            self.index.add(indexed)

    async def nearest(self, bucket: str, vector: NDArray[np.float32], k: int, now: float) -> list[Neighbour]:
        return self.index.nearest(bucket, vector, k, now)


def register(registry: Registry) -> None:
    registry.add_cache_backend("memory", MemoryCacheBackend.from_settings)
