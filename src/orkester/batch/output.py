"""Batch output lines in OpenAI's format, and the output and error files made from them.

A line that got an HTTP answer is ``{"id": "batch_req_…", "custom_id", "response": {"status_code",
"request_id", "body"}, "error": null}``: a 2xx goes to the output file, anything else (the body is then the
OpenAI error object) to the error file. A line that never ran — its batch expired or was cancelled first —
goes to the error file as ``{"response": null, "error": {"code": "batch_expired"|"batch_cancelled",
"message"}}`` and is counted neither completed nor failed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import orjson

from .model import Batch, BatchStatus, FileRecord, Line, new_id

_NOT_RUN = {
    "expired": ("batch_expired", "This request could not be executed before the completion window expired."),
    "cancelled": ("batch_cancelled", "This request was not executed: the batch was cancelled first."),
}


def response_line(custom_id: str, status_code: int, request_id: str, body: dict[str, Any]) -> str:
    """The result of a line that got an HTTP answer (any status)."""
    return orjson.dumps(
        {
            "id": new_id("batch_req_"),
            "custom_id": custom_id,
            "response": {"status_code": status_code, "request_id": request_id, "body": body},
            "error": None,
        }
    ).decode()


def not_run_line(custom_id: str, final: BatchStatus) -> str:
    code, message = _NOT_RUN.get(final, ("batch_failed", "This request was not executed."))
    return orjson.dumps(
        {
            "id": new_id("batch_req_"),
            "custom_id": custom_id,
            "response": None,
            "error": {"code": code, "message": message},
        }
    ).decode()


@dataclass(frozen=True, slots=True)
class Files:
    """What ending a batch writes: the two files' contents (None: no such file)."""

    output: bytes | None
    errors: bytes | None


def compose(lines: Iterable[Line], final: BatchStatus) -> Files:
    """The output and error files of a batch ending ``final``, in input order (``lines`` sorted by line_no)."""
    out: list[str] = []
    err: list[str] = []
    for line in lines:
        if line.status == "done" and line.result is not None:
            out.append(line.result)
        elif line.status == "failed" and line.result is not None:
            err.append(line.result)
        else:
            err.append(not_run_line(line.custom_id, final))
    return Files(
        output=("\n".join(out) + "\n").encode() if out else None,
        errors=("\n".join(err) + "\n").encode() if err else None,
    )


def may_end(batch: Batch, final: BatchStatus, pending: int, leased: int) -> bool:
    """Whether ``batch`` may end ``final`` now, given its lines without a result (``pending``), of which
    ``leased`` are held by a live worker. Checked inside the transaction that ends it."""
    if final == "completed":
        return batch.status in ("in_progress", "finalizing") and pending == 0
    if final == "cancelled":
        return batch.status == "cancelling" and leased == 0
    if final == "expired":
        return batch.status in ("in_progress", "finalizing") and leased == 0
    return False


def ending(batch: Batch, lines: Iterable[Line], final: BatchStatus, at: datetime) -> tuple[Batch, list[OutputFile]]:
    """The ended batch and the files to store with it."""
    files = compose(lines, final)
    written: list[OutputFile] = []
    output_id = error_id = None
    if files.output is not None:
        output_id = new_id("file-")
        record = FileRecord(output_id, batch.owner, f"{batch.id}_output.jsonl", "batch_output", len(files.output), at)
        written.append(OutputFile(record, files.output))
    if files.errors is not None:
        error_id = new_id("file-")
        record = FileRecord(error_id, batch.owner, f"{batch.id}_error.jsonl", "batch_output", len(files.errors), at)
        written.append(OutputFile(record, files.errors))
    ended = replace(
        batch,
        status=final,
        output_file_id=output_id,
        error_file_id=error_id,
        finalizing_at=at,
        completed_at=at if final == "completed" else None,
        cancelled_at=at if final == "cancelled" else None,
        expired_at=at if final == "expired" else None,
    )
    return ended, written


@dataclass(frozen=True, slots=True)
class OutputFile:
    record: FileRecord
    content: bytes
