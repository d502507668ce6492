"""The store contract on SQLite (a file, and memory://). tests/integration/test_ledger_postgres.py runs the
same tests on PostgreSQL by importing them with its own ``store`` fixture."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from orkester.audit.chain import format_ts
from orkester.errors import StorageError
from orkester.ledger.query import RecordQuery
from orkester.ledger.record import COLUMNS
from orkester.ledger.rollup import Totals
from orkester.ledger.schema import CREATE_VERSION, to_row
from orkester.ledger.sqlite import MIGRATIONS
from orkester.ledger.store import LedgerStore, open_ledger_store

from .records import DAY0, at, rec

#: the columns migration 2 added
ADDED_IN_2 = ("prompt_ref", "experiment", "arm", "feedback_raw", "feedback_comment", "feedback_labels", "feedback_at")


def version_1_row(row: tuple[Any, ...]) -> tuple[list[str], list[Any]]:
    """The columns a ledger of schema version 1 has, and ``row``'s values for them."""
    kept = [(c, v) for c, v in zip(COLUMNS, row, strict=True) if c not in ADDED_IN_2]
    return [c for c, _ in kept], [v for _, v in kept]


@pytest.fixture(params=["file", "memory"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[LedgerStore]:
    url = f"sqlite:///{tmp_path}/ledger.db" if request.param == "file" else "memory://"
    s = await open_ledger_store(url)
    yield s
    await s.close()


def _by(totals: list[Totals], name: str) -> dict[str, Totals]:
    return {t.group[name]: t for t in totals}


async def test_insert_is_idempotent_and_rollups_count_each_record_once(store: LedgerStore) -> None:
    records = [rec(i) for i in range(10)]
    assert await store.insert(records) == 10
    assert await store.insert([*records[5:], rec(10), rec(10)]) == 1  # replayed + one new (twice in the batch)
    assert await store.count() == 11
    (total,) = await store.totals([], None, None)
    assert (total.requests, total.input_tokens, total.cost_usd) == (11, 11_000, pytest.approx(0.11))
    assert await store.get("req-000003") == records[3]
    assert await store.get("nope") is None


async def test_incremental_rollups_equal_rollups_rebuilt_from_raw(store: LedgerStore) -> None:
    records = [
        rec(
            i,
            ts=at(i * 37.5, day=i % 3),
            tier=("cheap", "mid", "premium")[i % 3],
            status="ok" if i % 7 else "error",
            task=("code", "translation", None)[i % 3],
            cache_hit=i % 5 == 0,
            fallbacks=i % 2,
            escalations=i % 4,
            cost_usd=0.001 * i,
            latency_ms=10.0 * i,
        )
        for i in range(120)
    ]
    for i in range(0, 120, 25):
        await store.insert(records[i : i + 25])
    dims = ["day", "provider", "model", "tier", "task", "team_id"]
    before = sorted(await store.totals(dims, None, None), key=repr)
    await store.rebuild_rollups()
    after = sorted(await store.totals(dims, None, None), key=repr)
    assert len(before) == len(after) > 10
    for b, a in zip(before, after, strict=True):
        assert b.group == a.group
        assert (b.requests, b.errors, b.input_tokens, b.cache_hits, b.fallbacks, b.escalations) == (
            a.requests,
            a.errors,
            a.input_tokens,
            a.cache_hits,
            a.fallbacks,
            a.escalations,
        )
        assert b.cost_usd == pytest.approx(a.cost_usd) and b.latency_ms == pytest.approx(a.latency_ms)
    assert _by(await store.totals(["task"], None, None), "task")[""].requests == 40  # no task: ''


async def test_totals_over_ranges_that_cut_days(store: LedgerStore) -> None:
    # one request every 6 hours over four days, at :30 past
    await store.insert([rec(i, ts=DAY0 + timedelta(hours=6 * i, minutes=30)) for i in range(16)])

    async def requests(since: object, until: object) -> int:
        (t,) = await store.totals([], since, until)  # type: ignore[arg-type]
        return t.requests

    assert await requests(None, None) == 16
    assert await requests(DAY0 + timedelta(hours=7), None) == 14  # partial first day from minute rows
    assert await requests(DAY0 + timedelta(hours=7), DAY0 + timedelta(days=2, hours=13)) == 9
    assert await requests(DAY0 + timedelta(hours=6, minutes=30), DAY0 + timedelta(hours=6, minutes=31)) == 1
    assert await requests(DAY0 + timedelta(hours=6, minutes=31), DAY0 + timedelta(hours=12)) == 0
    assert await requests(DAY0 + timedelta(days=1), DAY0 + timedelta(days=2)) == 4  # whole days only
    days = _by(await store.totals(["day"], DAY0 + timedelta(hours=13), None), "day")
    assert {d: t.requests for d, t in days.items()} == {
        "2026-11-26": 1,
        "2026-11-27": 4,
        "2026-11-28": 4,
        "2026-11-29": 4,
    }


async def test_totals_by_model_task_team(store: LedgerStore) -> None:
    await store.insert(
        [rec(i, tier="premium" if i < 2 else "cheap", task="quote" if i < 2 else "code") for i in range(10)]
    )
    models = await store.totals(["provider", "model"], None, None)
    assert {(t.group["provider"], t.group["model"]): t.requests for t in models} == {
        ("sim-us", "sim-large"): 2,
        ("sim-eu", "sim-small"): 8,
    }
    assert {k: t.requests for k, t in _by(await store.totals(["team_id"], None, None), "team_id").items()} == {
        "team-a": 5,
        "team-b": 5,
    }
    with pytest.raises(ValueError, match="cannot group by"):
        await store.totals(["key_id"], None, None)


async def test_key_usage_and_span(store: LedgerStore) -> None:
    await store.insert(
        [rec(i, tier="mid" if i % 2 else "cheap", status="error" if i == 3 else "ok") for i in range(12)]
    )
    usage = await store.key_usage("key-0", None, None)  # requests 0, 3, 6, 9
    assert {(u.model, u.requests, u.errors) for u in usage} == {("sim-small", 2, 0), ("sim-medium", 2, 1)}
    assert sum(u.input_tokens for u in usage) == 4000
    later = await store.key_usage("key-0", at(4), at(9))
    assert sum(u.requests for u in later) == 1
    assert await store.key_usage("nobody", None, None) == []
    assert await store.span(None, None) == (at(0), at(11))
    assert await store.span(at(3), at(5)) == (at(3), at(4))
    assert await store.span(at(100), None) is None


async def test_purge_deletes_old_raw_records_and_minute_rows_and_keeps_days(store: LedgerStore) -> None:
    await store.insert([rec(i, ts=at(60 * i, day=i % 4)) for i in range(20)])
    deleted = await store.purge(DAY0 + timedelta(days=2), chunk=3)
    assert deleted == 10 and await store.count() == 10
    (whole,) = await store.totals([], None, None)
    assert whole.requests == 20  # the day rollups keep the history
    (recent,) = await store.totals([], DAY0 + timedelta(days=2), None)
    assert recent.requests == 10


async def test_records_filter_search_and_page_newest_first(store: LedgerStore) -> None:
    await store.insert([rec(n, status="error" if n == 3 else "ok") for n in range(1, 11)])
    await store.insert([rec(11, tier="premium", route="demo_premium%", task="chat")])
    newest = await store.records(RecordQuery(limit=3))
    assert [r.request_id for r in newest] == ["req-000011", "req-000010", "req-000009"]
    assert [r.request_id for r in await store.records(RecordQuery(limit=3, offset=3))] == [
        "req-000008",
        "req-000007",
        "req-000006",
    ]
    assert [r.request_id for r in await store.records(RecordQuery(status="error"))] == ["req-000003"]
    team_a = await store.records(RecordQuery(team_id="team-a", since=at(4), until=at(9)))
    assert [r.request_id for r in team_a] == ["req-000007", "req-000005"]
    assert [r.model for r in await store.records(RecordQuery(model="sim-large"))] == ["sim-large"]
    # the search is a literal substring of the id or the route: % and _ match only themselves
    assert [r.request_id for r in await store.records(RecordQuery(search="-00001"))] == ["req-000011", "req-000010"]
    assert [r.request_id for r in await store.records(RecordQuery(search="m%"))] == ["req-000011"]
    assert await store.records(RecordQuery(search="demo_p_")) == []
    assert await store.records(RecordQuery(task="chat", data_class="secret")) == []


async def test_feedback_is_set_later(store: LedgerStore) -> None:
    await store.insert([rec(1)])
    assert await store.set_feedback("req-000001", -1)
    assert not await store.set_feedback("req-404", 1)
    got = await store.get("req-000001")
    assert got == replace(rec(1), feedback=-1.0)


async def test_feedback_fills_every_column_and_the_last_word_counts(store: LedgerStore) -> None:
    await store.insert([rec(1), rec(2)])
    first = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    assert await store.set_feedback(
        "req-000001", 0.75, raw="4", comment="Godt svar, men for langt", labels=["too_long", "språk"], at=first
    )
    got = await store.get("req-000001")
    assert got == replace(
        rec(1),
        feedback=0.75,
        feedback_raw="4",
        feedback_comment="Godt svar, men for langt",
        feedback_labels=("too_long", "språk"),
        feedback_at=first,
    )
    # rated again: every feedback column is replaced, the comment and labels too
    again = first + timedelta(minutes=5)
    assert await store.set_feedback("req-000001", 0.0, raw="down", at=again)
    got = await store.get("req-000001")
    assert got is not None
    assert (got.feedback, got.feedback_raw, got.feedback_comment, got.feedback_labels, got.feedback_at) == (
        0.0,
        "down",
        None,
        (),
        again,
    )
    assert await store.get("req-000002") == rec(2)  # the other request is untouched


async def test_prompt_experiment_and_arm_are_stored_with_the_record(store: LedgerStore) -> None:
    full = rec(
        1,
        prompt_ref="support-answer@3",
        experiment="tone",
        arm="friendly",
        feedback=1.0,
        feedback_raw="up",
        feedback_labels=("helpful",),
        feedback_at=at(2),
    )
    await store.insert([full, rec(2)])
    assert await store.get("req-000001") == full
    plain = await store.get("req-000002")
    assert plain is not None and (plain.prompt_ref, plain.experiment, plain.arm, plain.feedback_labels) == (
        None,
        None,
        None,
        (),
    )


async def test_ratings_per_group_over_a_range(store: LedgerStore) -> None:
    await store.insert(
        [rec(i, prompt_ref="p@1" if i < 6 else "p@2", experiment="tone", arm="a" if i % 2 else "b") for i in range(10)]
    )
    rated = {1: (1.0, "up"), 2: (0.0, "down"), 3: (0.75, "4"), 4: (0.5, "3"), 7: (1.0, "5"), 8: (0.25, "2")}
    for n, (value, raw) in rated.items():
        assert await store.set_feedback(f"req-{n:06d}", value, raw=raw, at=at(30))
    by_prompt = {r.group["prompt_ref"]: r for r in await store.ratings(["prompt_ref"], None, None)}
    assert {k: (r.requests, r.rated, r.positive) for k, r in by_prompt.items()} == {"p@1": (6, 4, 2), "p@2": (4, 2, 1)}
    assert by_prompt["p@1"].score_sum == pytest.approx(2.25)
    arms = await store.ratings(["experiment", "arm"], None, None)
    assert {(r.group["experiment"], r.group["arm"]): (r.requests, r.rated) for r in arms} == {
        ("tone", "a"): (5, 3),
        ("tone", "b"): (5, 3),
    }
    (window,) = await store.ratings([], at(2), at(5))  # requests 2, 3 and 4 (by their time, not the rating's)
    assert (window.requests, window.rated, window.positive, window.score_sum) == (3, 3, 1, pytest.approx(1.25))
    (nothing,) = await store.ratings([], at(100), None)
    assert (nothing.requests, nothing.rated, nothing.score_sum) == (0, 0, 0.0)
    none = await store.ratings(["route"], None, None)
    assert [(r.group, r.requests) for r in none] == [({"route": "auto"}, 10)]
    with pytest.raises(ValueError, match="cannot group ratings by"):
        await store.ratings(["comment"], None, None)


async def test_reopening_finds_the_schema_and_refuses_a_missing_ledger(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/l.db"
    with pytest.raises(StorageError, match="no ledger"):
        await open_ledger_store(url, create=False)
    s = await open_ledger_store(url)
    await s.insert([rec(1)])
    await s.close()
    again = await open_ledger_store(url, create=False)
    assert await again.count() == 1
    await again.close()
    again = await open_ledger_store(url)  # migrations already applied: nothing to do
    await again.close()


async def test_a_ledger_of_schema_version_1_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with contextlib.closing(sqlite3.connect(db, isolation_level=None)) as conn:
        for statement in MIGRATIONS[0]:
            conn.execute(statement)
        conn.execute(CREATE_VERSION)
        conn.execute("INSERT INTO ledger_schema VALUES (1)")
        columns, values = version_1_row(to_row(rec(1), format_ts(rec(1).ts), 0))
        conn.execute(f"INSERT INTO ledger ({', '.join(columns)}) VALUES ({', '.join('?' * len(values))})", values)
    with pytest.raises(StorageError, match="needs migrating"):
        await open_ledger_store(f"sqlite:///{db}", create=False)
    store = await open_ledger_store(f"sqlite:///{db}")
    try:
        assert await store.get("req-000001") == rec(1)
        assert await store.set_feedback("req-000001", 1.0, raw="up")
        await store.insert([rec(2, prompt_ref="p@1")])
        assert (await store.get("req-000002")) == rec(2, prompt_ref="p@1")
    finally:
        await store.close()
    with contextlib.closing(sqlite3.connect(db)) as check:
        assert check.execute("SELECT version FROM ledger_schema ORDER BY version").fetchall() == [(1,), (2,), (3,)]
