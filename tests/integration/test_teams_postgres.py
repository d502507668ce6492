"""The Teams bot's state on the real PostgreSQL of this machine: the store's contract, replicas sharing a
thread's history and its reply map, and two gateways (replicas) answering one thread — the second sees the
first's history, and a like the second receives rates the first's answer.

Each test gets its own schema, selected through the URL (``?search_path=``), and drops it afterwards.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator

import asyncpg  # type: ignore[import-untyped]
import pytest

from orkester.errors import StorageError, StoreUnreachableError
from orkester.integrations.teams.postgres import PostgresTeamsStore
from orkester.integrations.teams.store import MIGRATIONS, ReplyRef, TeamsStore
from tests.fakes.teams_connector import TestKey
from tests.integration.test_teams import ask, message, request_id_of, teams_world
from tests.support.postgres import admin, pg_schema, schema_url
from tests.unit.integrations.test_teams_store import CONTRACT, Scenario


@pytest.fixture
def url() -> Iterator[str]:
    with pg_schema("teams_test") as schema:
        yield schema_url(schema)


@pytest.mark.parametrize("scenario", CONTRACT, ids=lambda s: s.__name__)
async def test_the_store_contract(url: str, scenario: Scenario) -> None:
    store: TeamsStore = PostgresTeamsStore(url)
    await store.open()
    try:
        await scenario(store)
    finally:
        await store.close()


async def test_replicas_share_history_and_replies_and_create_the_tables_together(url: str) -> None:
    a, b, c = PostgresTeamsStore(url), PostgresTeamsStore(url), PostgresTeamsStore(url)
    await asyncio.gather(a.open(), b.open(), c.open())  # replicas starting at once: no collision
    try:
        await a.add_turn("t", "user", "Remember tulip.", 100.0)
        await a.add_turn("t", "assistant", "Noted: tulip.", 100.0)  # the same second: kept in the order said
        await a.add_reply("1:a", "t", "req-a", 100.0)
        assert await b.turns("t", 0.0, 10) == [("user", "Remember tulip."), ("assistant", "Noted: tulip.")]
        assert await b.reply("1:a") == ReplyRef("t", "req-a") and await c.answered("t", "req-a")
        await b.add_turn("t", "user", "Which word?", 101.0)
        assert await a.turns("t", 0.0, 2) == [("assistant", "Noted: tulip."), ("user", "Which word?")]
        await c.prune(turns_before=100.5, replies_before=100.5)  # one replica prunes for all
        assert await a.turns("t", 0.0, 10) == [("user", "Which word?")] and await a.reply("1:a") is None
    finally:
        await asyncio.gather(a.close(), b.close(), c.close())
    conn = await asyncpg.connect(url)
    try:
        assert await conn.fetchval("SELECT version FROM teams_store_schema") == len(MIGRATIONS)
        with pytest.raises(asyncpg.CheckViolationError):  # only the two roles
            await conn.execute("INSERT INTO teams_turns (thread, role, text, at) VALUES ('t', 'system', 'x', 1)")
    finally:
        await conn.close()


async def test_an_unreachable_or_unopened_store_is_a_storage_error() -> None:
    with pytest.raises(StoreUnreachableError, match="cannot connect to PostgreSQL"):
        await PostgresTeamsStore("postgresql://postgres:secret@127.0.0.1:9/test").open()
    with pytest.raises(StorageError, match="not open"):
        await PostgresTeamsStore("postgresql://127.0.0.1/test").turns("t", 0.0, 10)


@pytest.fixture(scope="module")
def key() -> TestKey:
    return TestKey.generate("bf-key-pg")


def test_two_gateways_share_a_thread_s_history_and_its_ratings(key: TestKey) -> None:
    thread = "19:general@thread.tacv2;messageid=1732620055555"
    where = {"conversation": thread, "kind": "channel", "channel": "19:general@thread.tacv2", "mention": True}
    with (
        pg_schema("teams_replicas") as schema,
        teams_world(key, schema_url(schema)) as a,
        teams_world(key, schema_url(schema)) as b,
    ):
        first = ask(a, message("Remember the word tulip.", service_url=a.service_url, **where))
        ask(b, message("Which word?", service_url=b.service_url, **where))
        assert b.upstream.requests[-1]["messages"] == [
            {"role": "user", "content": "Remember the word tulip."},
            {"role": "assistant", "content": "You said: Remember the word tulip."},
            {"role": "user", "content": "Which word?"},
        ]
        request_id = request_id_of(first)
        assert a.record(request_id) is not None  # flushed to the shared ledger
        reaction = {
            **message("", service_url=b.service_url, **where),
            "type": "messageReaction",
            "replyToId": first.id,
            "reactionsAdded": [{"type": "like"}],
        }
        reaction.pop("text")
        assert b.send(reaction).status_code == 200
        record = b.record(request_id)
        assert record is not None and record.feedback == 1.0 and record.feedback_labels == ("teams",)


def test_with_its_history_table_gone_the_bot_still_answers_alone(
    key: TestKey, caplog: pytest.LogCaptureFixture
) -> None:
    thread = "19:general@thread.tacv2;messageid=1732620066666"
    where = {"conversation": thread, "kind": "channel", "channel": "19:general@thread.tacv2", "mention": True}
    with pg_schema("teams_broken") as schema, teams_world(key, schema_url(schema)) as teams:
        ask(teams, message("Remember the word tulip.", service_url=teams.service_url, **where))
        asyncio.run(admin(f"DROP TABLE {schema}.teams_turns"))  # what an outage looks like to the store
        caplog.set_level(logging.WARNING, logger="orkester.integrations.teams")
        reply = ask(teams, message("Which word?", service_url=teams.service_url, **where))
        assert reply.activity["text"] == "You said: Which word?"
        assert teams.upstream.requests[-1]["messages"] == [{"role": "user", "content": "Which word?"}]
        assert "could not be read, answering without it" in caplog.text
        assert "was not kept" in caplog.text  # ask() waited for the turn: keeping it failed, and nothing crashed
