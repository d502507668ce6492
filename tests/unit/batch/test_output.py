"""Batch output lines and files in OpenAI's format, and when a batch may end."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import orjson

from orkester.batch.model import Line
from orkester.batch.output import compose, ending, may_end, not_run_line, response_line

from .contract import new_batch

AT = datetime(2026, 2, 1, tzinfo=UTC)


def test_a_response_line_has_openais_shape() -> None:
    out = orjson.loads(response_line("ticket-1", 200, "req-1", {"object": "chat.completion"}))
    assert set(out) == {"id", "custom_id", "response", "error"}
    assert out["id"].startswith("batch_req_") and out["custom_id"] == "ticket-1" and out["error"] is None
    assert out["response"] == {"status_code": 200, "request_id": "req-1", "body": {"object": "chat.completion"}}
    other = orjson.loads(response_line("ticket-1", 200, "req-1", {}))
    assert other["id"] != out["id"]


def test_a_line_that_never_ran_says_why() -> None:
    expired = orjson.loads(not_run_line("t", "expired"))
    assert expired["response"] is None and expired["error"]["code"] == "batch_expired"
    assert orjson.loads(not_run_line("t", "cancelled"))["error"]["code"] == "batch_cancelled"


def test_compose_sorts_lines_into_the_output_and_error_files() -> None:
    lines = [
        Line("b", 1, "one", "{}", "done", response_line("one", 200, "r1", {})),
        Line("b", 2, "two", "{}", "failed", response_line("two", 429, "r2", {"error": {"code": "rate_limited"}})),
        Line("b", 3, "three", "{}"),
    ]
    files = compose(lines, "cancelled")
    assert files.output is not None and files.errors is not None
    assert [orjson.loads(x)["custom_id"] for x in files.output.splitlines()] == ["one"]
    errors = [orjson.loads(x) for x in files.errors.splitlines()]
    assert (errors[0]["custom_id"], errors[0]["error"]) == ("two", None)
    assert errors[1]["custom_id"] == "three" and errors[1]["error"]["code"] == "batch_cancelled"
    assert files.output.endswith(b"\n")
    assert compose([lines[0]], "completed").errors is None


def test_ending_writes_the_files_under_the_owner_and_stamps_the_batch() -> None:
    batch, _ = new_batch("batch_o", owner="key-1")
    done = Line("batch_o", 1, "one", "{}", "done", response_line("one", 200, "r", {}))
    ended, files = ending(batch, [done], "completed", AT)
    assert ended.status == "completed" and ended.completed_at == AT and ended.finalizing_at == AT
    assert ended.cancelled_at is None and ended.error_file_id is None
    [f] = files
    assert f.record.id == ended.output_file_id and f.record.owner == "key-1" and f.record.purpose == "batch_output"
    assert f.record.bytes == len(f.content)
    shown = ended.to_openai()
    assert shown["object"] == "batch" and shown["completed_at"] == int(AT.timestamp())
    assert shown["request_counts"] == {"total": 5, "completed": 0, "failed": 0} and shown["errors"] is None


def test_when_a_batch_may_end() -> None:
    running, _ = new_batch("b")
    assert may_end(running, "completed", 0, 0) and not may_end(running, "completed", 1, 0)
    assert may_end(running, "expired", 3, 0) and not may_end(running, "expired", 3, 1)
    assert not may_end(running, "cancelled", 0, 0)  # only a cancelling batch ends cancelled
    cancelling = replace(running, status="cancelling")
    assert may_end(cancelling, "cancelled", 5, 0) and not may_end(cancelling, "cancelled", 5, 2)
    assert not may_end(cancelling, "completed", 0, 0)
