"""A key's and a team's response-cache mode: stored, checked, combined (the key's first), and added to a key
store made before the column existed."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from orkester.errors import RequestError
from orkester.keys import KeyLimits, KeyService
from orkester.keys.schema import SCHEMA_VERSION, create_statements
from orkester.keys.sqlite import SQLITE


async def test_the_key_s_mode_wins_over_the_team_s(service: KeyService) -> None:
    await service.create_team("t", KeyLimits(cache="semantic"))
    inherits = await service.create_key("t", "inherits")
    own = await service.create_key("t", "own", KeyLimits(cache="off"))
    assert (await service.authenticate(inherits.secret)).principal.cache == "semantic"  # type: ignore[union-attr]
    assert (await service.authenticate(own.secret)).principal.cache == "off"  # type: ignore[union-attr]
    with pytest.raises(RequestError) as e:
        await service.create_team("u", KeyLimits(cache="sometimes"))
    assert e.value.param == "cache"


@pytest.mark.parametrize("create", [True, False], ids=["gateway start", "read-only open (the CLI)"])
async def test_a_key_store_made_before_the_cache_column_is_migrated(tmp_path: Path, create: bool) -> None:
    db = tmp_path / "old.db"
    with closing(sqlite3.connect(db)) as conn:
        for statement in create_statements(SQLITE):
            conn.execute(statement)
        conn.execute("INSERT INTO orkester_keys_schema VALUES (1, 0)")
        conn.execute(
            "INSERT INTO orkester_teams (id, name, metadata, created_at) VALUES ('t1', 'old', '{}', "
            "'2026-01-01T00:00:00.000000Z')"
        )
        conn.commit()
    service = await KeyService.open(f"sqlite:///{db}", create=create)
    try:
        old = await service.find_team("old")
        assert old is not None and old.limits.cache is None
        updated = await service.update_team("old", {"cache": "exact"})
        assert updated is not None and updated.limits.cache == "exact"
    finally:
        await service.close()
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT version FROM orkester_keys_schema").fetchone()[0] == SCHEMA_VERSION == 2
        assert conn.execute("SELECT cache FROM orkester_teams").fetchone()[0] == "exact"
