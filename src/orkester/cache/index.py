"""The semantic index a process searches: per bucket (namespace and conversation context), a numpy matrix
of the cached prompts' unit vectors; a lookup is one matrix-vector product over that bucket only.

Every backend searches one of these in its own process: the memory backend fills it as it stores, the
shared backends (Redis, SQLite) feed it the entries other processes added since the last lookup of that
bucket. Buckets are small (one team, one class, one exact conversation context), so a brute-force product
is exact and costs microseconds; no approximate index is needed. The whole index holds at most
``max_entries`` entries: the oldest go first. Expired entries are dropped when their bucket is searched.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

DIM = 384


@dataclass(frozen=True, slots=True)
class Indexed:
    """One cached prompt in the semantic index, pointing at its stored answer."""

    bucket: str
    key: str
    vector: NDArray[np.float32]
    text: str
    expires_at: float


@dataclass(frozen=True, slots=True)
class Neighbour:
    similarity: float
    key: str
    text: str


class _Bucket:
    __slots__ = ("_matrix", "entries")

    def __init__(self) -> None:
        self.entries: dict[str, Indexed] = {}
        self._matrix: tuple[list[Indexed], NDArray[np.float32]] | None = None

    def put(self, e: Indexed) -> None:
        self.entries[e.key] = e
        self._matrix = None

    def drop(self, key: str) -> None:
        if self.entries.pop(key, None) is not None:
            self._matrix = None

    def matrix(self) -> tuple[list[Indexed], NDArray[np.float32]]:
        if self._matrix is None:
            rows = list(self.entries.values())
            self._matrix = (rows, np.stack([r.vector for r in rows]).astype(np.float32, copy=False))
        return self._matrix


class VectorIndex:
    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._buckets: dict[str, _Bucket] = {}
        #: (bucket, key) in insertion order, for evicting the oldest
        self._order: OrderedDict[tuple[str, str], None] = OrderedDict()

    def __len__(self) -> int:
        return len(self._order)

    def add(self, e: Indexed) -> None:
        if e.vector.shape != (DIM,):
            raise ValueError(f"a cache vector has shape ({DIM},), not {e.vector.shape}")
        self._buckets.setdefault(e.bucket, _Bucket()).put(e)
        self._order[(e.bucket, e.key)] = None
        self._order.move_to_end((e.bucket, e.key))
        while len(self._order) > self.max_entries:
            (bucket, key), _ = self._order.popitem(last=False)
            self._drop(bucket, key)

    def nearest(self, bucket: str, vector: NDArray[np.float32], k: int, now: float) -> list[Neighbour]:
        """Up to ``k`` live entries of ``bucket``, most similar first."""
        b = self._buckets.get(bucket)
        if b is None:
            return []
        for e in [e for e in b.entries.values() if e.expires_at <= now]:
            self._order.pop((bucket, e.key), None)
            self._drop(bucket, e.key)
        if not b.entries:
            return []
        rows, matrix = b.matrix()
        scores = matrix @ vector
        top = np.argsort(-scores)[:k]
        return [Neighbour(float(scores[i]), rows[i].key, rows[i].text) for i in top]

    def _drop(self, bucket: str, key: str) -> None:
        b = self._buckets.get(bucket)
        if b is None:
            return
        b.drop(key)
        if not b.entries:
            del self._buckets[bucket]
