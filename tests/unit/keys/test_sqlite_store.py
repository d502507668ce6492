"""The SQLite key store on a real file: raw rows, reopening, concurrent writers in several processes."""

from __future__ import annotations

import asyncio
import multiprocessing
import sqlite3
from dataclasses import replace
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from orkester.errors import StorageError
from orkester.keys import Key, KeyLimits, KeyService, open_key_store
from orkester.keys.schema import SCHEMA_VERSION
from orkester.keys.secrets import hash_secret

from .clocks import Clock

WORKERS = 4
EACH = 15


def rows(path: Path, sql: str) -> list[sqlite3.Row]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


async def test_the_raw_row_holds_the_digest_and_prefix_never_the_secret(tmp_path: Path) -> None:
    service = await KeyService.open(f"sqlite:///{tmp_path}/o.db")
    try:
        await service.create_team("t", KeyLimits(allowed_models=("a", "b")), {"x": "y"})
        created = await service.create_key("t", "k", KeyLimits(budget_day_usd=2.5, rpm=7))
    finally:
        await service.close()
    (row,) = rows(tmp_path / "o.db", "SELECT * FROM orkester_keys")
    values = [str(v) for v in tuple(row)]
    assert all(created.secret not in v and created.secret[8:] not in v for v in values)
    assert row["secret_hash"] == hash_secret(created.secret) and row["prefix"] == created.secret[:8]
    assert (row["budget_day_usd"], row["rpm"], row["revoked_at"], row["last_used_at"]) == (2.5, 7, None, None)
    (team,) = rows(tmp_path / "o.db", "SELECT allowed_models, metadata FROM orkester_teams")
    assert (team["allowed_models"], team["metadata"]) == ('["a", "b"]', '{"x": "y"}')
    (version,) = rows(tmp_path / "o.db", "SELECT version FROM orkester_keys_schema")
    assert version[0] == SCHEMA_VERSION


async def test_keys_survive_a_restart_and_last_used_reaches_the_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/o.db"
    clock = Clock()
    first = KeyService(await open_key_store(url), clock=clock.wall, monotonic=clock.monotonic)
    await first.create_team("t")
    created = await first.create_key("t", "k")
    await first.authenticate(created.secret)
    await first.close()  # flushes last_used_at
    second = await KeyService.open(url, create=False)
    try:
        result = await second.authenticate(created.secret)
        assert result.principal is not None and result.principal.key_id == created.key.id
        key = await second.get_key(created.key.id)
        assert key == replace(created.key, last_used_at=clock.now)
    finally:
        await second.close()


async def test_reading_a_missing_store_without_create_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="no key store at"):
        await open_key_store(f"sqlite:///{tmp_path}/absent.db", create=False)
    sqlite3.connect(tmp_path / "other.db").close()
    with pytest.raises(StorageError, match="tables orkester_teams"):
        await open_key_store(f"sqlite:///{tmp_path}/other.db", create=False)


async def test_changes_from_two_connections_read_and_write_under_the_lock(tmp_path: Path) -> None:
    """Forty read-modify-write increments from two connections at once: none is lost."""
    url = f"sqlite:///{tmp_path}/o.db"
    service = await KeyService.open(url)
    other = await open_key_store(url)
    try:
        await service.create_team("t")
        created = await service.create_key("t", "k")

        def bump(key: Key) -> Key:
            return replace(key, limits=replace(key.limits, rpm=(key.limits.rpm or 0) + 1))

        await asyncio.gather(*((service.store if i % 2 else other).change_key(created.key.id, bump) for i in range(40)))
        key = await service.get_key(created.key.id)
        assert key is not None and key.limits.rpm == 40
    finally:
        await service.close()
        await other.close()


def _worker(url: str, worker: int, start: Barrier) -> None:
    async def run() -> None:
        service = await KeyService.open(url)  # every worker creates the tables "first"
        try:
            start.wait(30)
            for name in ("shared", f"team-{worker}"):
                try:
                    await service.create_team(name)
                except Exception as e:  # the shared name: exactly one worker may win
                    assert getattr(e, "code", None) == "name_taken", e
            await asyncio.gather(*(service.create_key(f"team-{worker}", f"k{i}") for i in range(EACH)))
        finally:
            await service.close()

    asyncio.run(run())


async def test_worker_processes_creating_teams_and_keys_at_once_never_collide(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/shared/o.db"
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(WORKERS)
    procs = [ctx.Process(target=_worker, args=(url, w, start)) for w in range(WORKERS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * WORKERS
    service = await KeyService.open(url, create=False)
    try:
        teams = await service.list_teams()
        assert sorted(t.name for t in teams) == ["shared", *sorted(f"team-{w}" for w in range(WORKERS))]
        keys = await service.list_keys()
        assert len(keys) == len({k.id for k in keys}) == len({k.secret_hash for k in keys}) == WORKERS * EACH
        for w in range(WORKERS):
            assert sorted(k.name for k in await service.list_keys(f"team-{w}")) == sorted(f"k{i}" for i in range(EACH))
    finally:
        await service.close()
