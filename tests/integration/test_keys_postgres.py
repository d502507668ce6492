"""Virtual keys on the real PostgreSQL of this machine: several replicas share one set of keys.

Each test gets its own schema, selected through the URL (``?search_path=``), and drops it afterwards.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import asyncpg  # type: ignore[import-untyped]
import pytest
from click.testing import CliRunner

from orkester.cli.main import cli
from orkester.errors import RequestError, StorageError
from orkester.keys import Key, KeyLimits, KeyService, open_key_store
from orkester.keys.schema import SCHEMA_VERSION
from orkester.keys.secrets import hash_secret
from tests.support.postgres import pg_schema, schema_url
from tests.unit.keys.clocks import Clock


@pytest.fixture
def url() -> Iterator[str]:
    with pg_schema("keys_test") as schema:
        yield schema_url(schema)


async def fetch(url: str, sql: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(url)
    try:
        return list(await conn.fetch(sql))
    finally:
        await conn.close()


async def replica(url: str, clock: Clock) -> KeyService:
    return KeyService(await open_key_store(url), cache_seconds=5.0, clock=clock.wall, monotonic=clock.monotonic)


async def test_a_key_made_on_one_replica_works_on_another_and_the_row_holds_no_secret(url: str) -> None:
    clock = Clock()
    a, b = await replica(url, clock), await replica(url, clock)
    try:
        team = await a.create_team("payments", KeyLimits(allowed_models=("x", "y"), budget_month_usd=500.0), {"c": "1"})
        limits = KeyLimits(min_data_class="confidential", rpm=60)
        created = await a.create_key("payments", "bot", limits, expires_at=clock.now + timedelta(days=1))
        p = (await b.authenticate(created.secret)).principal
        assert p is not None and (p.key_id, p.team_id, p.allowed_models) == (created.key.id, team.id, {"x", "y"})
        assert p.min_data_class == "confidential" and p.scopes[1].budget_month_usd == 500.0 and p.metadata == {"c": "1"}
        assert await b.get_key(created.key.id) == created.key and await b.find_team("payments") == team
    finally:
        await a.close()
        await b.close()
    (row,) = await fetch(url, "SELECT * FROM orkester_keys")
    assert all(created.secret not in str(v) and created.secret[8:] not in str(v) for v in row.values())
    assert row["secret_hash"] == hash_secret(created.secret) and row["expires_at"] == clock.now + timedelta(days=1)
    assert (await fetch(url, "SELECT version FROM orkester_keys_schema"))[0][0] == SCHEMA_VERSION


async def test_a_revocation_on_one_replica_reaches_the_other_within_cache_seconds(url: str) -> None:
    clock = Clock()
    gateway, admin = await replica(url, clock), await replica(url, clock)
    try:
        await admin.create_team("t")
        created = await admin.create_key("t", "k")
        assert (await gateway.authenticate(created.secret)).principal is not None
        await admin.revoke_key(created.key.id)
        assert (await admin.authenticate(created.secret)).reason == "revoked"
        clock.advance(4.9)
        assert (await gateway.authenticate(created.secret)).principal is not None
        clock.advance(0.1)
        assert (await gateway.authenticate(created.secret)).reason == "revoked"
    finally:
        await gateway.close()
        await admin.close()


async def test_replicas_creating_tables_teams_and_keys_at_once_never_collide(url: str) -> None:
    stores = await asyncio.gather(*(open_key_store(url) for _ in range(4)))
    services = [KeyService(s) for s in stores]
    try:
        outcomes = await asyncio.gather(*(s.create_team("shared") for s in services), return_exceptions=True)
        assert sum(not isinstance(o, BaseException) for o in outcomes) == 1
        assert all(o.code == "name_taken" for o in outcomes if isinstance(o, RequestError))
        made = await asyncio.gather(*(services[i % 4].create_key("shared", f"k{i}") for i in range(80)))
        keys = await services[0].list_keys("shared")
        assert len({k.id for k in keys}) == len({c.secret for c in made}) == 80
    finally:
        for s in services:
            await s.close()


async def test_changes_from_every_replica_are_serialised_on_the_row(url: str) -> None:
    services = [KeyService(await open_key_store(url)) for _ in range(4)]
    try:
        await services[0].create_team("t")
        created = await services[0].create_key("t", "k")

        def bump(key: Key) -> Key:
            return replace(key, limits=replace(key.limits, rpm=(key.limits.rpm or 0) + 1))

        await asyncio.gather(*(services[i % 4].store.change_key(created.key.id, bump) for i in range(60)))
        key = await services[1].get_key(created.key.id)
        assert key is not None and key.limits.rpm == 60
    finally:
        for s in services:
            await s.close()


async def test_last_used_is_flushed_in_one_batch_and_never_moves_back(url: str) -> None:
    early, late = Clock(), Clock()
    late.advance(600)
    a, b = await replica(url, late), await replica(url, early)
    try:
        await a.create_team("t")
        created = await a.create_key("t", "k")
        await a.authenticate(created.secret)
        await b.authenticate(created.secret)
        assert (await fetch(url, "SELECT last_used_at FROM orkester_keys"))[0][0] is None
        assert await a.flush_usage() == 1 and await b.flush_usage() == 1
        assert (await fetch(url, "SELECT last_used_at FROM orkester_keys"))[0][0] == late.now
    finally:
        await a.close()
        await b.close()


async def test_opening_without_create_needs_the_tables(url: str) -> None:
    with pytest.raises(StorageError, match="tables orkester_teams"):
        await open_key_store(url, create=False)


def test_cli_on_postgres(url: str) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["teams", "create", "ops", "--rpm", "100", "--url", url]).exit_code == 0
    made = runner.invoke(cli, ["keys", "create", "--team", "ops", "--name", "k", "--json", "--url", url])
    created = json.loads(made.stdout)
    listed = runner.invoke(cli, ["keys", "list", "--json", "--url", url])
    assert [k["id"] for k in json.loads(listed.stdout)] == [created["id"]] and created["secret"] not in listed.stdout
    assert runner.invoke(cli, ["keys", "revoke", created["id"], "--url", url]).exit_code == 0
    shown = json.loads(runner.invoke(cli, ["teams", "show", "ops", "--json", "--url", url]).stdout)
    assert shown["rpm"] == 100 and [k["status"] for k in shown["keys"]] == ["revoked"]
