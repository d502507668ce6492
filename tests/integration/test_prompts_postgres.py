"""Prompt templates on the real PostgreSQL of this machine: the store's contract, replicas sharing versions,
concurrent pushes numbered one after the other, and the CLI on a PostgreSQL URL.

Each test gets its own schema, selected through the URL (``?search_path=``), and drops it afterwards.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import asyncpg  # type: ignore[import-untyped]
import pytest
from click.testing import CliRunner

from orkester.cli.main import cli
from orkester.errors import StorageError
from orkester.prompts import PromptDraft, PromptService, Variable, open_prompt_store
from orkester.prompts.schema import SCHEMA_VERSION
from tests.support.postgres import pg_schema, schema_url
from tests.unit.keys.clocks import START, Clock
from tests.unit.prompts.contract import check_store


@pytest.fixture
def url() -> Iterator[str]:
    with pg_schema("prompts_test") as schema:
        yield schema_url(schema)


async def test_the_store_contract(url: str) -> None:
    store = await open_prompt_store(url)
    try:
        await check_store(store)
    finally:
        await store.close()
    conn = await asyncpg.connect(url)
    try:
        assert await conn.fetchval("SELECT version FROM orkester_prompts_schema") == SCHEMA_VERSION
        row = await conn.fetchrow("SELECT variables, created_at FROM orkester_prompt_versions WHERE version = 1")
        assert row["created_at"] == START and '"customer"' in row["variables"]
    finally:
        await conn.close()


async def replica(url: str, clock: Clock) -> PromptService:
    return PromptService(await open_prompt_store(url), cache_seconds=5, clock=clock.wall, monotonic=clock.monotonic)


async def test_replicas_see_a_push_within_cache_seconds_and_concurrent_pushes_get_distinct_numbers(url: str) -> None:
    clock = Clock()
    a, b = await replica(url, clock), await replica(url, clock)
    try:
        draft = PromptDraft("quote", "One {{ c }}", (Variable("c"),))
        await a.push(draft)
        assert (await b.render("quote", {"c": "x"})).system == "One x"
        pushes = [s.push(PromptDraft("quote", f"V{i} {{{{ c }}}}", (Variable("c"),))) for i in range(8) for s in (a, b)]
        numbers = sorted(p.version.version for p in await asyncio.gather(*pushes))
        assert numbers == list(range(2, 18))
        template = await a.template("quote")
        assert template is not None and template.latest_version == 17
        served = (await b.render("quote", {"c": "x"})).system
        assert served != "One x" and served == (await a.render("quote@17", {"c": "x"})).system
        await a.rollback("quote", 1)
        assert (await a.render("quote", {"c": "x"})).system == "One x"  # at once where it was made
        clock.advance(4.9)
        assert (await b.render("quote", {"c": "x"})).system == served
        clock.advance(0.1)
        assert (await b.render("quote", {"c": "x"})).system == "One x"  # within cache_seconds elsewhere
    finally:
        await a.close()
        await b.close()


async def test_opening_without_create_needs_the_tables(url: str) -> None:
    with pytest.raises(StorageError, match="no prompt store"):
        await open_prompt_store(url, create=False)


def test_the_cli_on_postgresql(url: str) -> None:
    def run(*args: str, input: str | None = None) -> tuple[int, str]:
        result = CliRunner().invoke(cli, ["prompts", *args, "--url", url], input=input)
        return result.exit_code, result.stdout

    assert run("push", "quote", "--var", "c", input="Hi {{ c }}") == (0, "pushed quote@1, now served as quote\n")
    assert run("push", "quote", "--var", "c", input="Hey {{ c }}")[0] == 0
    assert run("diff", "quote")[1].splitlines()[-2:] == ["-Hi {{ c }}", "+Hey {{ c }}"]
    assert run("rollback", "quote") == (0, "quote now serves quote@1 (latest pushed: quote@2)\n")
    assert run("show", "quote")[1].splitlines()[0] == "ref:          quote@1"
