"""The batch store contract on the memory and SQLite stores (PostgreSQL: tests/integration)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from orkester.batch.schema import SCHEMA_VERSION, numbered
from orkester.batch.store import MemoryBatchStore, batch_store, open_batch_store
from orkester.errors import ConfigError, StorageError

from .contract import NOW, check_store, new_batch


async def test_the_memory_store_keeps_the_contract() -> None:
    await check_store(MemoryBatchStore())


async def test_the_sqlite_store_keeps_the_contract(tmp_path: Path) -> None:
    store = await open_batch_store(f"sqlite:///{tmp_path}/batches.db")
    try:
        await check_store(store)
    finally:
        await store.close()
    with sqlite3.connect(tmp_path / "batches.db") as conn:
        assert conn.execute("SELECT version FROM orkester_batch_schema").fetchone()[0] == SCHEMA_VERSION


async def test_a_sqlite_result_survives_reopening_and_leases_are_shared_between_processes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/b.db"
    a, b = await open_batch_store(url), await open_batch_store(url)
    try:
        batch, lines = new_batch("batch_x", lines=3)
        await a.add_batch(batch, lines)
        assert [line.line_no for line in await a.claim("batch_x", "wa", 2, NOW, NOW + 30)] == [1, 2]
        assert [line.line_no for line in await b.claim("batch_x", "wb", 5, NOW, NOW + 30)] == [3]
    finally:
        await a.close()
        await b.close()
    reopened = await open_batch_store(url, create=False)
    try:
        assert await reopened.pending("batch_x", NOW) == (3, 3)
    finally:
        await reopened.close()


async def test_opening_without_create_needs_the_file(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="does not exist"):
        await open_batch_store(f"sqlite:///{tmp_path}/missing.db", create=False)


def test_the_store_is_chosen_by_the_url_scheme() -> None:
    assert isinstance(batch_store("memory://"), MemoryBatchStore)
    with pytest.raises(ConfigError, match="cannot hold batches"):
        batch_store("redis://localhost")


def test_placeholders_are_numbered_for_postgresql() -> None:
    assert numbered("SELECT 1 WHERE a = ? AND b IN (?, ?)") == "SELECT 1 WHERE a = $1 AND b IN ($2, $3)"
