"""The satisfaction report: normalised scores, the Wilson interval against published values, the groups,
and the CLI's table, CSV and JSON."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from orkester.cli.main import cli
from orkester.ledger.feedback import normalise, request_ids
from orkester.ledger.record import LedgerRecord
from orkester.ledger.satisfaction import COLUMNS, satisfaction, wilson
from orkester.ledger.store import LedgerStore, open_ledger_store

from .records import at, rec


@pytest.mark.parametrize(
    ("positive", "n", "low", "high"),
    [
        # Newcombe (1998), "Two-sided confidence intervals for the single proportion", Stat. Med. 17:857-872,
        # method 3 (score interval without continuity correction)
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        # Agresti & Coull (1998): 8 of 10 successes
        (8, 10, 0.4902, 0.9433),
    ],
)
def test_wilson_interval_matches_published_values(positive: int, n: int, low: float, high: float) -> None:
    interval = wilson(positive, n)
    assert interval is not None
    assert interval == (pytest.approx(low, abs=5e-5), pytest.approx(high, abs=5e-5))


def test_wilson_edges() -> None:
    assert wilson(0, 0) is None
    low, high = wilson(29, 29) or (0.0, 0.0)
    assert high == 1.0 and low == pytest.approx(0.8830, abs=5e-5)  # mirror of 0/29
    assert wilson(5, 10) == (pytest.approx(1 - wilson(5, 10)[1]), pytest.approx(1 - wilson(5, 10)[0]))  # type: ignore[index]
    with pytest.raises(ValueError):
        wilson(11, 10)


def test_thumbs_and_scores_are_normalised_to_one_scale() -> None:
    assert normalise("up") == (1.0, "up") and normalise("down") == (0.0, "down")
    assert [normalise(score=s) for s in range(1, 6)] == [(0.0, "1"), (0.25, "2"), (0.5, "3"), (0.75, "4"), (1.0, "5")]
    for bad in ({}, {"thumbs": "up", "score": 3}, {"score": 0}, {"score": 6}):
        with pytest.raises(ValueError):
            normalise(**bad)  # type: ignore[arg-type]


def test_completion_ids_also_stand_for_the_ledger_id() -> None:
    assert request_ids("chatcmpl-abc") == ("chatcmpl-abc", "abc")
    assert request_ids("abc") == ("abc",) and request_ids("chatcmpl-") == ("chatcmpl-",)


def _rated() -> list[LedgerRecord]:
    """cheap: 10 requests, 6 thumbs up and 2 down; premium: 5 requests scored 5, 4, 3, 2, 1; mid: 3, unrated."""
    records = []
    for i in range(10):
        value = (1.0, "up") if i < 6 else (0.0, "down") if i < 8 else (None, None)
        records.append(rec(i, tier="cheap", experiment="tone", arm="a", feedback=value[0], feedback_raw=value[1]))
    for i, score in enumerate((5, 4, 3, 2, 1)):
        v, raw = normalise(score=score)
        records.append(rec(10 + i, tier="premium", prompt_ref="p@2", feedback=v, feedback_raw=raw))
    records += [rec(15 + i, tier="mid", task="translation") for i in range(3)]
    return records


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[LedgerStore]:
    s = await open_ledger_store(f"sqlite:///{tmp_path}/ledger.db")
    await s.insert(_rated())
    yield s
    await s.close()


def _pct(interval: tuple[float, float] | None) -> list[float]:
    assert interval is not None
    return [round(interval[0] * 100, 1), round(interval[1] * 100, 1)]


async def test_satisfaction_by_model(store: LedgerStore) -> None:
    r = await satisfaction(store, "model", None, None)
    assert r.columns == ["model", *COLUMNS]
    rows = {row[0]: dict(zip(COLUMNS, row[1:], strict=True)) for row in r.rows}
    assert [row[0] for row in r.rows] == ["sim-eu/sim-small", "sim-us/sim-large", "sim-eu/sim-medium"]  # most rated
    cheap = rows["sim-eu/sim-small"]
    assert (cheap["requests"], cheap["rated"], cheap["rated_pct"], cheap["mean_score"]) == (10, 8, 80.0, 0.75)
    assert (cheap["positive"], cheap["positive_pct"]) == (6, 75.0)
    assert [cheap["ci95_low_pct"], cheap["ci95_high_pct"]] == _pct(wilson(6, 8))
    premium = rows["sim-us/sim-large"]
    assert (premium["rated"], premium["mean_score"], premium["positive"], premium["positive_pct"]) == (5, 0.5, 2, 40.0)
    unrated = rows["sim-eu/sim-medium"]
    assert (unrated["requests"], unrated["rated"], unrated["rated_pct"]) == (3, 0, 0.0)
    assert unrated["mean_score"] is unrated["positive_pct"] is unrated["ci95_low_pct"] is None
    s = r.summary
    assert (s["requests"], s["rated"], s["positive"]) == (18, 13, 8)
    assert s["mean_score"] == round(8.5 / 13, 3) and s["positive_pct"] == round(800 / 13, 1)
    assert [s["ci95_low_pct"], s["ci95_high_pct"]] == _pct(wilson(8, 13))


async def test_satisfaction_by_prompt_experiment_task_and_period(store: LedgerStore) -> None:
    prompts = {row[0]: row[1:3] for row in (await satisfaction(store, "prompt", None, None)).rows}
    assert prompts == {"p@2": [5, 5], "(none)": [13, 8]}
    arms = {row[0]: row[1:3] for row in (await satisfaction(store, "experiment", None, None)).rows}
    assert arms == {"tone/a": [10, 8], "(none)/(none)": [8, 5]}
    tasks = {row[0]: row[1:3] for row in (await satisfaction(store, "task", None, None)).rows}
    assert tasks == {"code": [15, 13], "translation": [3, 0]}
    # requests 4..11: thumbs up, up, down, down, two unrated, scores 5 and 4
    window = await satisfaction(store, "route", at(4), at(12))
    assert window.rows == [["auto", 8, 6, 75.0, 0.625, 4, 66.7, *_pct(wilson(4, 6))]]
    with pytest.raises(ValueError, match="cannot report satisfaction by"):
        await satisfaction(store, "colour", None, None)


@pytest.fixture
def ledger_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/cli.db"

    async def fill() -> None:
        s = await open_ledger_store(url)
        await s.insert(_rated())
        await s.close()

    asyncio.run(fill())
    return url


def test_cli_satisfaction_as_table_csv_and_json(ledger_url: str) -> None:
    runner = CliRunner()
    r = runner.invoke(cli, ["report", "satisfaction", "--url", ledger_url])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == "Satisfaction by model" and lines[1].split()[:3] == ["model", "requests", "rated"]
    assert lines[2].split()[:6] == ["sim-eu/sim-small", "10", "8", "80.0", "0.75", "6"]
    assert "rated: 13" in r.output and "Wilson" in r.output
    r = runner.invoke(cli, ["report", "satisfaction", "--url", ledger_url, "--by", "prompt", "--csv"])
    assert r.exit_code == 0, r.output
    table = list(csv.reader(io.StringIO(r.output)))
    assert table[0] == ["prompt", *COLUMNS] and table[1][:4] == ["(none)", "13", "8", "61.5"]
    r = runner.invoke(cli, ["report", "satisfaction", "--url", ledger_url, "--by", "experiment", "--json"])
    data = json.loads(r.output)
    assert data["title"] == "Satisfaction by experiment"
    assert data["rows"][0]["experiment"] == "tone/a" and data["rows"][0]["positive_pct"] == 75.0
    assert data["rows"][1]["mean_score"] == 0.5 and data["summary"]["rated"] == 13
    r = runner.invoke(cli, ["report", "costs", "--url", ledger_url, "--json"])  # the shorthand works everywhere
    assert json.loads(r.output)["summary"]["requests"] == 18
    r = runner.invoke(cli, ["report", "satisfaction", "--url", ledger_url, "--by", "colour"])
    assert r.exit_code == 2 and "colour" in r.output
