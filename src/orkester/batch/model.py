"""Files, batches and their lines as the stores keep them, and their OpenAI JSON shapes.

A batch's status moves ``in_progress`` → ``completed``, or → ``cancelling`` → ``cancelled``, or →
``expired`` when its completion window passes; ``failed`` when its input file did not validate. (Input is
validated while the batch is created, and the output files are written in the same transaction that ends
it, so ``validating`` and ``finalizing`` are never seen; they exist because OpenAI's clients know them.)
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

BatchStatus = Literal[
    "validating", "failed", "in_progress", "finalizing", "completed", "expired", "cancelling", "cancelled"
]
#: a line waits (``pending``, maybe leased by a worker), or has its result: ``done`` (2xx) or ``failed``
LineStatus = Literal["pending", "done", "failed"]
ENDPOINTS = ("/v1/chat/completions", "/v1/embeddings")
#: batches whose lines workers still look at
ACTIVE: tuple[BatchStatus, ...] = ("in_progress", "cancelling", "finalizing")
FINAL: tuple[BatchStatus, ...] = ("failed", "completed", "expired", "cancelled")
COMPLETION_WINDOWS = {"24h": 24 * 3600}
#: what an uploaded file is for; ``batch_output`` files are written by the gateway
PURPOSES = ("batch",)


def new_id(prefix: str) -> str:
    return f"{prefix}{secrets.token_hex(12)}"


def epoch(at: datetime | None) -> int | None:
    return None if at is None else int(at.timestamp())


@dataclass(frozen=True, slots=True)
class FileRecord:
    id: str
    #: the key that uploaded it (``""``: the master key, or nobody in open mode)
    owner: str
    filename: str
    purpose: str
    bytes: int
    created_at: datetime

    def to_openai(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "file",
            "bytes": self.bytes,
            "created_at": epoch(self.created_at),
            "filename": self.filename,
            "purpose": self.purpose,
            "status": "processed",
            "status_details": None,
            "expires_at": None,
        }


@dataclass(frozen=True, slots=True)
class LineError:
    """Why an input file was refused: one entry of the batch's ``errors``."""

    code: str
    message: str
    line: int | None = None
    param: str | None = None

    def to_openai(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "param": self.param, "line": self.line}


@dataclass(frozen=True, slots=True)
class Counts:
    total: int = 0
    completed: int = 0
    failed: int = 0

    @property
    def finished(self) -> int:
        return self.completed + self.failed


@dataclass(frozen=True, slots=True)
class Batch:
    id: str
    owner: str
    endpoint: str
    input_file_id: str
    completion_window: str
    status: BatchStatus
    created_at: datetime
    expires_at: datetime
    metadata: dict[str, str] = field(default_factory=dict)
    errors: tuple[LineError, ...] = ()
    output_file_id: str | None = None
    error_file_id: str | None = None
    in_progress_at: datetime | None = None
    finalizing_at: datetime | None = None
    completed_at: datetime | None = None
    failed_at: datetime | None = None
    expired_at: datetime | None = None
    cancelling_at: datetime | None = None
    cancelled_at: datetime | None = None
    counts: Counts = field(default_factory=Counts)

    @property
    def finished_at(self) -> datetime | None:
        return self.completed_at or self.failed_at or self.expired_at or self.cancelled_at

    def to_openai(self) -> dict[str, Any]:
        errors = {"object": "list", "data": [e.to_openai() for e in self.errors]} if self.errors else None
        return {
            "id": self.id,
            "object": "batch",
            "endpoint": self.endpoint,
            "errors": errors,
            "input_file_id": self.input_file_id,
            "completion_window": self.completion_window,
            "status": self.status,
            "output_file_id": self.output_file_id,
            "error_file_id": self.error_file_id,
            "created_at": epoch(self.created_at),
            "in_progress_at": epoch(self.in_progress_at),
            "expires_at": epoch(self.expires_at),
            "finalizing_at": epoch(self.finalizing_at),
            "completed_at": epoch(self.completed_at),
            "failed_at": epoch(self.failed_at),
            "expired_at": epoch(self.expired_at),
            "cancelling_at": epoch(self.cancelling_at),
            "cancelled_at": epoch(self.cancelled_at),
            "request_counts": {
                "total": self.counts.total,
                "completed": self.counts.completed,
                "failed": self.counts.failed,
            },
            "metadata": dict(self.metadata) or None,
        }


@dataclass(frozen=True, slots=True)
class Line:
    """One request of a batch: its place in the file, its ``custom_id`` and its body (JSON text)."""

    batch_id: str
    line_no: int
    custom_id: str
    body: str
    status: LineStatus = "pending"
    #: the finished line's output line (JSON text, OpenAI's batch output format)
    result: str | None = None


#: what running a line gives: its status and its output line (JSON text)
Outcome = tuple[LineStatus, str]
Execute = Callable[[Line], Awaitable[Outcome]]


def kind_of(endpoint: str) -> Literal["chat", "embeddings"]:
    """The pipeline's request kind for a batch endpoint."""
    return "embeddings" if endpoint == "/v1/embeddings" else "chat"
