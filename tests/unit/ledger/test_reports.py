from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from orkester.cli.main import cli
from orkester.ledger.record import LedgerRecord
from orkester.ledger.reports import choose_premium, costs, key_usage, roi, savings
from orkester.ledger.store import LedgerStore, open_ledger_store
from orkester.settings import Deployment, Price

from .records import DAY0, at, rec

PREMIUM = Deployment(provider="sim-us", model="sim-large", tier="premium", price=Price(input=5.0, output=15.0))


def _traffic() -> list[LedgerRecord]:
    """100 requests over two days: 80 cheap, 15 mid, 5 premium; 1000 input and 200 output tokens each."""
    tiers = ["cheap"] * 80 + ["mid"] * 15 + ["premium"] * 5
    costs_ = {"cheap": 0.00027, "mid": 0.00144, "premium": 0.008}
    return [
        rec(i, ts=at(i * 28.8), tier=t, task="code" if i % 2 else "translation", cost_usd=costs_[t])
        for i, t in enumerate(tiers)
    ]


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[LedgerStore]:
    s = await open_ledger_store(f"sqlite:///{tmp_path}/ledger.db")
    await s.insert(_traffic())
    yield s
    await s.close()


async def test_costs_by_model_sorted_with_shares(store: LedgerStore) -> None:
    r = await costs(store, "model", None, None)
    assert [row[0] for row in r.rows] == ["sim-us/sim-large", "sim-eu/sim-medium", "sim-eu/sim-small"]
    total = 80 * 0.00027 + 15 * 0.00144 + 5 * 0.008
    assert r.summary["cost_usd"] == pytest.approx(total) and r.summary["requests"] == 100
    assert sum(row[6] for row in r.rows) == pytest.approx(100, abs=0.2)
    assert r.rows[0][1:6] == [5, 0, 5000, 1000, pytest.approx(0.04)]


async def test_costs_by_day_and_team_and_since(store: LedgerStore) -> None:
    by_day = await costs(store, "day", None, None)
    assert [(row[0], row[1]) for row in by_day.rows] == [("2026-11-26", 50), ("2026-11-27", 50)]
    by_team = await costs(store, "team", DAY0 + timedelta(days=1), None)
    assert {row[0]: row[1] for row in by_team.rows} == {"team-a": 25, "team-b": 25}
    with pytest.raises(ValueError):
        await costs(store, "colour", None, None)


async def test_savings_against_the_premium_model_and_tier_shares(store: LedgerStore) -> None:
    r = await savings(store, PREMIUM, None, None)
    would = 100 * (1000 * 5.0 + 200 * 15.0) / 1e6
    actual = 80 * 0.00027 + 15 * 0.00144 + 5 * 0.008
    assert r.summary["premium_cost_usd"] == pytest.approx(would)
    assert r.summary["actual_cost_usd"] == pytest.approx(actual)
    assert r.summary["saved_usd"] == pytest.approx(would - actual)
    assert r.summary["saved_pct"] == pytest.approx(round((would - actual) / would * 100, 1))
    assert r.summary["tiers"] == {
        "cheap": {"requests": 80, "share_pct": 80.0, "target_pct": 80.0},
        "mid": {"requests": 15, "share_pct": 15.0, "target_pct": 15.0},
        "premium": {"requests": 5, "share_pct": 5.0, "target_pct": 5.0},
    }
    premium_row = next(row for row in r.rows if row[0] == "sim-us/sim-large")
    assert premium_row[5] == pytest.approx(0.0)  # the premium model saves nothing against itself


def test_choose_premium_takes_the_most_expensive_seen_deployment() -> None:
    catalog = [
        Deployment(provider="sim-eu", model="sim-small", tier="cheap", price=Price(input=0.15, output=0.6)),
        PREMIUM,
        Deployment(provider="x", model="gold", tier="premium", price=Price(input=50, output=150)),
    ]
    builtin = {"openai": {"gpt-4o": {"price": {"input": 2.5, "output": 10.0}}}}
    chosen = choose_premium([("sim-eu", "sim-small"), ("openai", "gpt-4o")], catalog, builtin)
    assert chosen is not None and chosen.key == "openai/gpt-4o" and chosen.price == Price(input=2.5, output=10.0)
    # nothing seen has a price: the catalog's most expensive premium deployment
    fallback = choose_premium([("ghost", "m")], catalog, builtin)
    assert fallback is not None and fallback.key == "x/gold"


async def test_roi_scales_the_observed_traffic_to_a_week(store: LedgerStore) -> None:
    # 50 code + 50 translation requests over [day 0, day 2): 175 of each per week
    r = await roi(
        store, 80.0, {"code": 6, "translation": 10, "quote": 30}, DAY0, DAY0 + timedelta(days=2), eur_per_usd=0.9
    )
    rows = {row[0]: row for row in r.rows}
    assert rows["code"][1:6] == [50, 175.0, 6, 17.5, 1400.0]
    assert rows["translation"][4] == pytest.approx(29.2, abs=0.05)
    assert rows["quote"][1] == 0
    hours = 175 * 6 / 60 + 175 * 10 / 60
    assert r.summary["hours_saved_per_week"] == pytest.approx(round(hours, 1))
    assert r.summary["saved_eur_per_year"] == pytest.approx(round(hours * 80 * 52, 2))
    cost_week = (80 * 0.00027 + 15 * 0.00144 + 5 * 0.008) * 3.5 * 0.9
    assert r.summary["running_cost_eur_per_week"] == pytest.approx(round(cost_week, 2))
    assert r.summary["return_on_cost"] == pytest.approx(round(hours * 80 / cost_week, 1))


async def test_key_usage_report(store: LedgerStore) -> None:
    r = await key_usage(store, "key-1", None, None)
    assert r.summary["requests"] == 33 and {row[0] for row in r.rows} >= {"sim-eu/sim-small"}


@pytest.fixture
def ledger_url(tmp_path: Path) -> str:
    import asyncio

    url = f"sqlite:///{tmp_path}/cli.db"

    async def fill() -> None:
        s = await open_ledger_store(url)
        await s.insert(_traffic())
        await s.close()

    asyncio.run(fill())
    return url


def test_cli_reports_as_table_csv_and_json(ledger_url: str) -> None:
    runner = CliRunner()
    r = runner.invoke(cli, ["report", "costs", "--url", ledger_url, "--by", "task"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[1].split()[:2] == ["task", "requests"]
    r = runner.invoke(cli, ["report", "costs", "--url", ledger_url, "--by", "day", "--format", "csv"])
    assert list(csv.reader(io.StringIO(r.output)))[1][:2] == ["2026-11-26", "50"]
    r = runner.invoke(cli, ["report", "savings", "--url", ledger_url, "--format", "json"])
    data = json.loads(r.output)
    assert data["summary"]["premium_model"] == "sim-us/sim-large"  # the demo catalog's price, as seen
    assert data["summary"]["tiers"]["cheap"]["share_pct"] == 80.0
    r = runner.invoke(cli, ["report", "savings", "--url", ledger_url, "--premium", "demo-mid"])
    assert "Savings against sim-eu/sim-medium alone" in r.output and "premium 5.0% (target 5.0%)" in r.output
    args = ["report", "roi", "--url", ledger_url, "--hourly-rate", "80", "--minutes-saved", "code=6"]
    r = runner.invoke(cli, [*args, "--format", "csv"])
    assert r.exit_code == 0 and r.output.startswith("task,requests,requests_per_week")
    r = runner.invoke(cli, ["report", "usage", "--url", ledger_url, "--key", "key-1"])
    assert "requests: 33" in r.output


def test_cli_errors_are_one_line(ledger_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(cli, ["report", "roi", "--url", ledger_url, "--hourly-rate", "80", "--minutes-saved", "code"])
    assert r.exit_code == 2 and "TASK=MINUTES" in r.output
    r = runner.invoke(cli, ["report", "savings", "--url", ledger_url, "--premium", "nope"])
    assert r.exit_code == 2 and "not a model alias" in r.output
    r = runner.invoke(cli, ["report", "costs", "--url", f"sqlite:///{tmp_path}/missing.db"])
    assert r.exit_code == 2 and "no ledger" in r.output
    r = runner.invoke(cli, ["report", "costs", "--url", ledger_url, "--since", "2026-12-01", "--until", "2026-11-01"])
    assert r.exit_code == 2
