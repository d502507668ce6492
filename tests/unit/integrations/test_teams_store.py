"""What the Teams bot keeps: recent turns per thread, and reply id → request id; memory and SQLite alike.

:data:`CONTRACT` is what every backend must do; ``tests/integration/test_teams_postgres.py`` runs it on
PostgreSQL too.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from orkester.errors import ConfigError
from orkester.integrations.teams.postgres import PostgresTeamsStore
from orkester.integrations.teams.store import (
    MIGRATIONS,
    MemoryTeamsStore,
    ReplyRef,
    SqliteTeamsStore,
    TeamsStore,
    teams_store,
)

Scenario = Callable[[TeamsStore], Awaitable[None]]


def run(store: TeamsStore, scenario: Scenario) -> None:
    async def go() -> None:
        await store.open()
        try:
            await scenario(store)
        finally:
            await store.close()

    asyncio.run(go())


async def turns_are_per_thread_newest_last_and_limited(s: TeamsStore) -> None:
    for i in range(5):
        await s.add_turn("t1", "user", f"q{i}", 100.0 + i)
        await s.add_turn("t1", "assistant", f"a{i}", 100.0 + i)
    await s.add_turn("t2", "user", "other thread", 200.0)
    assert await s.turns("t1", 0.0, 3) == [("assistant", "a3"), ("user", "q4"), ("assistant", "a4")]
    assert await s.turns("t1", 104.0, 10) == [("user", "q4"), ("assistant", "a4")]
    assert await s.turns("t2", 0.0, 10) == [("user", "other thread")]
    assert await s.turns("t1", 0.0, 0) == []
    assert await s.turns("nope", 0.0, 10) == []


async def replies_map_to_requests_in_their_thread(s: TeamsStore) -> None:
    await s.add_reply("1:r1", "t1", "req-1", 100.0)
    assert await s.reply("1:r1") == ReplyRef("t1", "req-1")
    assert await s.reply("1:r2") is None
    assert await s.answered("t1", "req-1")
    assert not await s.answered("t2", "req-1")
    assert not await s.answered("t1", "req-2")
    await s.add_reply("1:r1", "t1", "req-3", 101.0)  # the same reply id again: the last one counts
    assert await s.reply("1:r1") == ReplyRef("t1", "req-3")


async def prune_drops_old_turns_and_replies(s: TeamsStore) -> None:
    await s.add_turn("t", "user", "old", 10.0)
    await s.add_turn("t", "user", "new", 50.0)
    await s.add_reply("old", "t", "req-old", 10.0)
    await s.add_reply("new", "t", "req-new", 50.0)
    await s.prune(turns_before=20.0, replies_before=20.0)
    assert await s.turns("t", 0.0, 10) == [("user", "new")]
    assert await s.reply("old") is None and await s.reply("new") == ReplyRef("t", "req-new")


CONTRACT: list[Scenario] = [
    turns_are_per_thread_newest_last_and_limited,
    replies_map_to_requests_in_their_thread,
    prune_drops_old_turns_and_replies,
]


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> TeamsStore:
    if request.param == "memory":
        return MemoryTeamsStore()
    return SqliteTeamsStore(f"sqlite:///{tmp_path}/teams.db")


@pytest.mark.parametrize("scenario", CONTRACT, ids=lambda s: s.__name__)
def test_the_store_contract(store: TeamsStore, scenario: Scenario) -> None:
    run(store, scenario)


def test_sqlite_keeps_replies_across_reopening_and_records_its_schema_version(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/teams.db"

    async def write(s: TeamsStore) -> None:
        await s.add_reply("1:r", "t", "req", 1.0)

    async def read(s: TeamsStore) -> None:
        assert await s.reply("1:r") == ReplyRef("t", "req")

    run(SqliteTeamsStore(url), write)
    run(SqliteTeamsStore(url), read)
    with sqlite3.connect(tmp_path / "teams.db") as conn:
        assert conn.execute("SELECT version FROM teams_store_schema").fetchall() == [(len(MIGRATIONS),)]


def test_store_follows_the_storage_url_unless_named(tmp_path: Path) -> None:
    assert isinstance(teams_store(None, "memory://"), MemoryTeamsStore)
    sqlite = teams_store(None, f"sqlite:///{tmp_path}/o.db")
    assert isinstance(sqlite, SqliteTeamsStore) and sqlite.path == tmp_path / "o.db"
    assert isinstance(teams_store("memory://", "postgresql://db/x"), MemoryTeamsStore)
    for url in ("postgresql://db/x", "postgres://db/x"):
        pg = teams_store(None, url)
        assert isinstance(pg, PostgresTeamsStore) and pg.url == url
    named = teams_store("postgresql://db/teams", f"sqlite:///{tmp_path}/o.db")
    assert isinstance(named, PostgresTeamsStore) and named.url == "postgresql://db/teams"
    with pytest.raises(ConfigError, match="known schemes: memory, postgresql, sqlite"):
        teams_store(None, "redis://127.0.0.1:6379/0")
