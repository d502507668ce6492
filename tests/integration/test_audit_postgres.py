"""The audit log on the real PostgreSQL of this machine (CI starts it; see .ci/run).

Each test gets its own schema, selected through the URL (``?search_path=``), and drops it afterwards.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator, Iterator

import asyncpg  # type: ignore[import-untyped]
import pytest
from click.testing import CliRunner

from orkester.audit import AuditLog
from orkester.cli.audit import audit
from orkester.errors import StorageError
from tests.support.postgres import pg_schema, schema_url
from tests.unit.audit.entries import at, entry


@pytest.fixture
def url() -> Iterator[str]:
    with pg_schema("audit_test") as schema:
        yield schema_url(schema)


@pytest.fixture
async def log(url: str) -> AsyncIterator[AuditLog]:
    log = await AuditLog.open(url)
    yield log
    await log.close()


async def sql(url: str, statement: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


async def fill(log: AuditLog, n: int) -> None:
    for i in range(1, n + 1):
        await log.append(entry(i, ts=at(20 + i % 5)))


async def test_appends_read_back_exactly_and_verify(log: AuditLog, url: str) -> None:
    written = [await log.append(entry(i, ts=at(20 + i), pseudonymised=i % 2 == 0)) for i in range(1, 5)]
    assert [r async for r in log.records()] == written
    assert [r.seq async for r in log.records(since=at(22), until=at(24))] == [2, 3]
    result = await log.verify()
    assert result.ok and result.count == 4 and result.head is not None and result.head.hash == written[-1].hash
    await log.close()
    again = await AuditLog.open(url, create=False)  # a second replica starting up sees the same chain
    try:
        assert (await again.append(entry(5))).prev_hash == written[-1].hash
    finally:
        await again.close()


async def test_an_edited_row_fails_verify_naming_it(log: AuditLog, url: str) -> None:
    await fill(log, 5)
    await sql(url, "UPDATE audit_log SET destinations = '[]' WHERE seq = 3")
    result = await log.verify()
    assert result.first_bad_seq == 3 and "row 3 was edited" in result.problem


async def test_a_deleted_middle_row_and_a_deleted_tail_fail_verify(log: AuditLog, url: str) -> None:
    await fill(log, 6)
    await sql(url, "DELETE FROM audit_log WHERE seq = 6")
    result = await log.verify()
    assert result.first_bad_seq == 6 and "row 6 missing" in result.problem
    await sql(url, "DELETE FROM audit_log WHERE seq = 2")
    result = await log.verify()
    assert result.first_bad_seq == 2 and "row 2 missing" in result.problem


async def test_concurrent_appends_over_several_connections_keep_one_chain(url: str) -> None:
    replicas = [await AuditLog.open(url) for _ in range(4)]  # four pools, as four replicas would have
    try:
        records = await asyncio.gather(
            *(replicas[i % 4].append(entry(i)) for i in range(240)),
        )
        assert sorted(r.seq for r in records) == list(range(1, 241))
        result = await replicas[0].verify()
        assert result.ok and result.count == 240, result.problem
    finally:
        for replica in replicas:
            await replica.close()


async def test_replicas_creating_the_tables_at_once_do_not_collide(url: str) -> None:
    replicas = await asyncio.gather(*(AuditLog.open(url) for _ in range(4)))
    try:
        await replicas[1].append(entry(1))
        assert (await replicas[2].verify()).count == 1
    finally:
        for replica in replicas:
            await replica.close()


async def test_a_deleted_head_stops_appends(log: AuditLog, url: str) -> None:
    await fill(log, 2)
    await sql(url, "DELETE FROM audit_head")
    with pytest.raises(StorageError, match="head is missing"):
        await log.append(entry(3))
    assert not (await log.verify()).ok


def test_cli_verify_and_export_on_postgres(url: str) -> None:
    async def write() -> None:
        log = await AuditLog.open(url)
        try:
            await fill(log, 5)
        finally:
            await log.close()

    asyncio.run(write())
    runner = CliRunner()
    ok = runner.invoke(audit, ["verify", "--url", url])
    assert ok.exit_code == 0 and ok.stdout.startswith("audit log OK: 5 entries, head 5 ")
    report = runner.invoke(audit, ["export", "--url", url, "--since", "2026-11-21", "--until", "2026-11-23"])
    assert report.exit_code == 0
    assert [row[2] for row in csv.reader(io.StringIO(report.stdout))][1:] == ["req-1", "req-2"]
