"""A 1,000-line batch survives ``kill -9`` of the gateway: `orkester serve` on SQLite is killed after some
but not all lines finished (seen through the API), restarted on the same file, and the batch completes with
exactly one result per input line, each answering its own request.

Every line offers the simulated model one tool named after the line, and the model calls it: an answer that
belonged to another line would name another tool.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx
import yaml

from tests.support.serve import orkester_serve

LINES = 1000
CONCURRENCY = 8
T = TypeVar("T")


def config(db: Path) -> dict[str, Any]:
    sim = {"ttft_ms": 20, "tokens_per_second": 0, "output_tokens": 4}
    deployment = {"provider": "sim", "model": "sim-small", "capabilities": ["chat", "tools"], "sim": sim}
    return {
        "providers": {"sim": {"type": "sim", "region": "eu"}},
        "models": {"cheap": {"deployments": [deployment]}},
        "storage": {"url": f"sqlite:///{db}"},
        "guardrails": {"enabled": False},
        "batch": {
            "concurrency": CONCURRENCY,
            "per_batch_concurrency": CONCURRENCY,
            "lease_seconds": 1.5,
            "poll_seconds": 0.1,
        },
    }


def line(i: int) -> dict[str, Any]:
    tool = {"type": "function", "function": {"name": f"ticket_{i}", "parameters": {"type": "object"}}}
    body = {"model": "cheap", "messages": [{"role": "user", "content": f"Classify ticket {i}"}], "tools": [tool]}
    return {"custom_id": f"t-{i}", "method": "POST", "url": "/v1/chat/completions", "body": body}


def until(check: Callable[[], T | None], timeout: float) -> T:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found is not None:
            return found
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)  # polling the API, as a batch client does


def counts(url: str, batch_id: str) -> dict[str, Any]:
    batch: dict[str, Any] = httpx.get(f"{url}/v1/batches/{batch_id}", timeout=10).json()
    return batch


def test_a_batch_completes_after_kill_9_with_one_result_per_line(tmp_path: Path) -> None:
    db = tmp_path / "orkester.db"
    cfg = tmp_path / "orkester.yaml"
    cfg.write_text(yaml.safe_dump(config(db)))
    data = b"".join(json.dumps(line(i)).encode() + b"\n" for i in range(LINES))

    with orkester_serve("--config", str(cfg)) as (proc, url):
        uploaded = httpx.post(
            f"{url}/v1/files", files={"file": ("tickets.jsonl", data)}, data={"purpose": "batch"}, timeout=30
        ).json()
        created = httpx.post(
            f"{url}/v1/batches",
            json={"input_file_id": uploaded["id"], "endpoint": "/v1/chat/completions", "completion_window": "24h"},
            timeout=30,
        ).json()
        assert created["status"] == "in_progress", created
        batch_id = created["id"]

        def some_finished() -> int | None:
            done = int(counts(url, batch_id)["request_counts"]["completed"])
            return done if done >= 100 else None

        some_finished_before = until(some_finished, 60)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert some_finished_before < LINES

    with sqlite3.connect(db) as conn:  # what the killed process left: some results, some lines to go
        stored = conn.execute(
            "SELECT count(*) FROM orkester_batch_lines WHERE batch_id = ? AND status != 'pending'", (batch_id,)
        ).fetchone()[0]
    assert some_finished_before <= stored < LINES

    with orkester_serve("--config", str(cfg)) as (_, url):

        def ended() -> dict[str, Any] | None:
            batch = counts(url, batch_id)
            return batch if batch["status"] not in ("in_progress", "finalizing") else None

        batch = until(ended, 60)
        assert batch["status"] == "completed", batch
        assert batch["request_counts"] == {"total": LINES, "completed": LINES, "failed": 0}
        assert batch["error_file_id"] is None
        output = httpx.get(f"{url}/v1/files/{batch['output_file_id']}/content", timeout=30).text.splitlines()

    results = [json.loads(x) for x in output]
    assert len(results) == LINES
    assert [r["custom_id"] for r in results] == [f"t-{i}" for i in range(LINES)]  # each once, in input order
    assert len({r["id"] for r in results}) == LINES
    for r in results:
        i = int(r["custom_id"].removeprefix("t-"))
        assert r["error"] is None and r["response"]["status_code"] == 200
        call = r["response"]["body"]["choices"][0]["message"]["tool_calls"][0]
        assert call["function"]["name"] == f"ticket_{i}"
    with sqlite3.connect(db) as conn:
        # Lines already answered before the kill were not run again: the ledger holds one request per line,
        # plus at most the lines that were under way when the process died (run, never stored, run again).
        ran = conn.execute("SELECT count(*) FROM ledger").fetchone()[0]
    assert LINES <= ran <= LINES + CONCURRENCY
