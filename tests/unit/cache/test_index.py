"""The per-process semantic index: nearest entries of one bucket, expiry, and a bound on its size."""

from __future__ import annotations

import numpy as np
import pytest

from orkester.cache.index import DIM, Indexed, VectorIndex


def unit(*values: float) -> np.ndarray:
    v = np.zeros(DIM, dtype=np.float32)
    v[: len(values)] = values
    return v / np.linalg.norm(v)


def entry(bucket: str, key: str, vector: np.ndarray, expires_at: float = 100.0) -> Indexed:
    return Indexed(bucket, key, vector, key, expires_at)


def test_nearest_ranks_by_cosine_within_the_bucket_only() -> None:
    index = VectorIndex(10)
    index.add(entry("b", "near", unit(1, 0.1)))
    index.add(entry("b", "far", unit(0, 1)))
    index.add(entry("other", "same", unit(1, 0)))
    found = index.nearest("b", unit(1, 0), 5, now=0)
    assert [n.key for n in found] == ["near", "far"]
    assert found[0].similarity == pytest.approx(float(unit(1, 0.1) @ unit(1, 0)))
    assert index.nearest("none", unit(1, 0), 5, now=0) == []


def test_expired_entries_are_not_found_and_are_dropped() -> None:
    index = VectorIndex(10)
    index.add(entry("b", "old", unit(1, 0), expires_at=10))
    index.add(entry("b", "new", unit(1, 0.2), expires_at=20))
    assert [n.key for n in index.nearest("b", unit(1, 0), 5, now=15)] == ["new"]
    assert len(index) == 1


def test_the_oldest_entry_goes_first_when_full_and_a_key_is_replaced_in_place() -> None:
    index = VectorIndex(2)
    index.add(entry("b", "1", unit(1, 0)))
    index.add(entry("b", "2", unit(0, 1)))
    index.add(entry("b", "2", unit(1, 1)))  # the same key again: replaced, not added
    assert len(index) == 2
    index.add(entry("c", "3", unit(1, 0)))
    assert len(index) == 2 and [n.key for n in index.nearest("b", unit(1, 0), 5, now=0)] == ["2"]
    with pytest.raises(ValueError):
        index.add(Indexed("b", "bad", np.zeros(3, dtype=np.float32), "", 1.0))
