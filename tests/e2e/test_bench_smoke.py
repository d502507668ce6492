"""The ledger benchmark still runs against the current schema (a migration once broke its bulk insert unseen):
a small SQLite run, end to end. The figures themselves are measured by hand (bench/README.md), never asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_ledger_benchmark_runs_on_the_current_schema(tmp_path: Path) -> None:
    args = [
        "--rows",
        "3000",
        "--repeat",
        "1",
        "--pg",
        "",
        "--writer-records",
        "300",
        "--sqlite",
        str(tmp_path / "b.db"),
    ]
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "ledger.py"), *args], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage --key K" in done.stdout and "writer, 64 clients" in done.stdout, done.stdout[-2000:]
