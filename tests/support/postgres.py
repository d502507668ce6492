"""The machine's PostgreSQL for integration tests (CI starts it; see .ci/run): one throw-away schema per
test, selected through the URL (``?search_path=``) and dropped afterwards."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import asyncpg  # type: ignore[import-untyped]
import pytest

PG = os.environ.get("ORKESTER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


async def admin(statement: str) -> None:
    """Run one statement on the test database; an unreachable server fails the test with how to start it."""
    try:
        conn = await asyncpg.connect(PG, timeout=10)
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as e:
        pytest.fail(
            f"PostgreSQL at {PG} is unreachable ({e}); these tests need it. Start it with "
            "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` or set ORKESTER_TEST_PG."
        )
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


@contextmanager
def pg_schema(prefix: str) -> Iterator[str]:
    """A fresh schema named ``<prefix>_<random>``, dropped with everything in it on exit."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    asyncio.run(admin(f"CREATE SCHEMA {name}"))
    try:
        yield name
    finally:
        asyncio.run(admin(f"DROP SCHEMA {name} CASCADE"))


def schema_url(schema: str) -> str:
    return f"{PG}?search_path={schema}"
