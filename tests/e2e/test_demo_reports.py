"""The reports on a ledger filled by real `--demo` traffic: `orkester serve --demo` answers requests over
HTTP, records them in its SQLite ledger, stops; then `orkester report costs|savings|roi` read that ledger
and agree with what the responses said they cost."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import httpx
import yaml

from tests.support.serve import orkester_serve

TRAFFIC = [("demo-cheap", "chat")] * 16 + [("demo-mid", "code")] * 3 + [("demo-premium", "summarize")] * 1


async def _traffic(url: str) -> list[httpx.Response]:
    async with httpx.AsyncClient(timeout=60) as client:
        return await asyncio.gather(
            *(
                client.post(
                    f"{url}/v1/chat/completions",
                    json={"model": model, "messages": [{"role": "user", "content": f"Spørsmål {i}"}], "max_tokens": 20},
                    headers={"x-orkester-task": task},
                )
                for i, (model, task) in enumerate(TRAFFIC * 3)
            )
        )


def _report(config: Path, *args: str) -> str:
    exe = Path(sys.executable).with_name("orkester")
    done = subprocess.run([str(exe), "report", *args, "--config", str(config)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_reports_on_a_ledger_filled_by_demo_traffic(tmp_path: Path) -> None:
    config = tmp_path / "orkester.yaml"
    db = tmp_path / "ledger.db"
    config.write_text(
        yaml.safe_dump({"storage": {"url": f"sqlite:///{db}"}, "guardrails": {"detection": {"ner": False}}}),
        encoding="utf-8",
    )
    with orkester_serve("--demo", "--config", str(config), drop_env=("ORKESTER_STORAGE_URL", "ORKESTER_CONFIG")) as (
        _,
        url,
    ):
        responses = asyncio.run(_traffic(url))
    # the gateway has stopped gracefully: its ledger is flushed
    assert [r.status_code for r in responses] == [200] * 60
    charged = sum(float(r.headers["x-orkester-cost-usd"]) for r in responses)

    costs = json.loads(_report(config, "costs", "--by", "model", "--format", "json"))
    assert costs["summary"]["requests"] == 60
    assert {row["model"].split("/")[-1] for row in costs["rows"]} == {"sim-small", "sim-medium", "sim-large"}
    assert abs(costs["summary"]["cost_usd"] - charged) < 1e-6  # what the responses said they cost
    by_task = json.loads(_report(config, "costs", "--by", "task", "--format", "json"))
    assert {row["task"]: row["requests"] for row in by_task["rows"]} == {"chat": 48, "code": 9, "summarize": 3}

    savings = json.loads(_report(config, "savings", "--format", "json"))
    tiers = savings["summary"]["tiers"]
    assert tiers["cheap"]["share_pct"] == 80.0 and tiers["premium"]["share_pct"] == 5.0

    roi = _report(config, "roi", "--hourly-rate", "80", "--minutes-saved", "code=10", "--format", "csv")
    rows = {r["task"]: r for r in csv.DictReader(io.StringIO(roi))}
    assert int(rows["code"]["requests"]) == 9
