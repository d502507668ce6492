"""The prompt store's contract on memory and SQLite; SQLite's own rows, reopening, and concurrent pushes."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from orkester.errors import ConfigError, StorageError
from orkester.prompts import PromptDraft, open_prompt_store, prompt_store
from orkester.prompts.schema import SCHEMA_VERSION
from tests.unit.keys.clocks import START

from .contract import VARS, check_store


async def test_the_store_contract(store_url: str) -> None:
    store = await open_prompt_store(store_url)
    try:
        await check_store(store)
    finally:
        await store.close()


async def test_sqlite_keeps_versions_across_reopening_and_stores_variables_as_json(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/o.db"
    store = await open_prompt_store(url)
    try:
        pushed = await store.push(
            PromptDraft("quote", "Hi {{ customer }}", VARS, "quote"), activate=True, at=START, by="a"
        )
    finally:
        await store.close()
    again = await open_prompt_store(url, create=False)
    try:
        assert await again.version("quote") == pushed
    finally:
        await again.close()
    conn = sqlite3.connect(tmp_path / "o.db")
    try:
        (row,) = conn.execute("SELECT variables, created_at FROM orkester_prompt_versions").fetchall()
        assert row[0].startswith('[{"name": "customer", "required": true') and row[1] == "2026-11-26T09:00:00.000000Z"
        assert conn.execute("SELECT version FROM orkester_prompts_schema").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()


async def test_opening_without_create_needs_the_tables(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="does not exist"):
        await open_prompt_store(f"sqlite:///{tmp_path}/missing.db", create=False)
    sqlite3.connect(tmp_path / "empty.db").close()
    with pytest.raises(StorageError, match=r"tables .* missing"):
        await open_prompt_store(f"sqlite:///{tmp_path}/empty.db", create=False)


def test_an_unknown_scheme_names_the_known_ones() -> None:
    with pytest.raises(ConfigError, match="known schemes: memory, postgresql, sqlite"):
        prompt_store("redis://localhost")


async def test_concurrent_pushes_through_two_connections_get_distinct_numbers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/o.db"
    a, b = await open_prompt_store(url), await open_prompt_store(url)
    try:
        pushes = [
            s.push(PromptDraft("p", f"v{i}"), activate=True, at=START, by=None) for i in range(10) for s in (a, b)
        ]
        numbers = sorted(v.version for v in await asyncio.gather(*pushes))
        assert numbers == list(range(1, 21))
        assert [v.body for v in await a.versions("p")] == [v.body for v in await b.versions("p")]
    finally:
        await a.close()
        await b.close()
