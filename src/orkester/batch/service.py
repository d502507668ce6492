"""``BatchService``: what the Files and Batch routes, the dashboard and the gateway use.

Who may see what: a file or batch belongs to the key that made it (``owner``: the key's id, ``""`` for the
master key or open mode). A caller sees only its own; the admin key (``viewer`` None) sees everyone's. A
file or batch of another owner answers 404, as if it did not exist.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from ..errors import NotFoundError, RequestError
from .config import BatchSettings
from .model import COMPLETION_WINDOWS, ENDPOINTS, PURPOSES, Batch, Counts, FileRecord, new_id
from .runner import Worker
from .store import BatchStore, batch_store
from .validate import parse_input

if TYPE_CHECKING:
    from ..gateway import Gateway

#: OpenAI's limits on a batch's metadata
MAX_METADATA_KEYS = 16
MAX_METADATA_KEY = 64
MAX_METADATA_VALUE = 512
LIST_LIMIT = 100


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who asks: an owner (a key id, ``""`` for the master key or open mode), or the admin (``owner`` None)."""

    owner: str | None

    def sees(self, owner: str) -> bool:
        return self.owner is None or self.owner == owner


class BatchService:
    def __init__(self, store: BatchStore, settings: BatchSettings, *, clock: Callable[[], datetime] = _now) -> None:
        self.store = store
        self.settings = settings
        self.worker: Worker | None = None
        self._clock = clock

    @classmethod
    def build(cls, settings: BatchSettings, url: str) -> BatchService | None:
        """The service over ``storage.url`` (not opened yet); None when batches are off."""
        return cls(batch_store(url), settings) if settings.enabled else None

    async def start(self, gw: Gateway) -> None:
        """Open the store and start this process's workers on ``gw``'s pipeline."""
        from .execute import GatewayLines

        await self.store.open(create=True)
        self.worker = Worker(self.store, self.settings, GatewayLines(gw), gw.metrics)
        self.worker.start()

    async def close(self) -> None:
        if self.worker is not None:
            await self.worker.close()
            self.worker = None
        await self.store.close()

    # Files

    async def upload(self, owner: str, filename: str, purpose: str, content: bytes) -> FileRecord:
        if purpose not in PURPOSES:
            raise RequestError(
                f"purpose {purpose!r} is not supported; this gateway stores files for: {', '.join(PURPOSES)}.",
                param="purpose",
                code="invalid_value",
            )
        if not content.strip():
            raise RequestError("The file is empty.", param="file", code="empty_file")
        record = FileRecord(new_id("file-"), owner, filename or "upload.jsonl", purpose, len(content), self._clock())
        await self.store.add_file(record, content)
        return record

    async def file(self, file_id: str, viewer: Viewer) -> FileRecord:
        record = await self.store.file(file_id)
        if record is None or not viewer.sees(record.owner):
            raise NotFoundError(f"No file with id {file_id!r}.", param="file_id", code="file_not_found")
        return record

    async def content(self, file_id: str, viewer: Viewer) -> tuple[FileRecord, bytes]:
        record = await self.file(file_id, viewer)
        content = await self.store.file_content(file_id)
        if content is None:
            raise NotFoundError(f"No file with id {file_id!r}.", param="file_id", code="file_not_found")
        return record, content

    async def files(self, viewer: Viewer, purpose: str | None = None, limit: int = LIST_LIMIT) -> list[FileRecord]:
        found = await self.store.files(viewer.owner, 10_000 if purpose else limit)
        return [f for f in found if purpose is None or f.purpose == purpose][:limit]

    async def delete_file(self, file_id: str, viewer: Viewer) -> FileRecord:
        record = await self.file(file_id, viewer)
        await self.store.delete_file(file_id)
        return record

    # Batches

    async def create(
        self,
        owner: str,
        input_file_id: str,
        endpoint: str,
        completion_window: str = "24h",
        metadata: dict[str, str] | None = None,
    ) -> Batch:
        """A batch over an uploaded file: ``in_progress``, or ``failed`` with ``errors`` when the file does not
        validate. Bad arguments (endpoint, window, metadata, an unknown file) are a RequestError."""
        if endpoint not in ENDPOINTS:
            raise RequestError(
                f"endpoint {endpoint!r} is not supported in batches; use one of: {', '.join(ENDPOINTS)}.",
                param="endpoint",
                code="invalid_value",
            )
        window = COMPLETION_WINDOWS.get(completion_window)
        if window is None:
            raise RequestError(
                f"completion_window {completion_window!r} is not supported; "
                f"use one of: {', '.join(COMPLETION_WINDOWS)}.",
                param="completion_window",
                code="invalid_value",
            )
        metadata = _check_metadata(metadata or {})
        record, content = await self.content(input_file_id, Viewer(owner))
        if record.purpose != "batch":
            raise RequestError(
                f"File {input_file_id!r} has purpose {record.purpose!r}; "
                "a batch's input file must have purpose 'batch'.",
                param="input_file_id",
                code="invalid_value",
            )
        s = self.settings
        # In a thread: a large file takes seconds to check, and the event loop keeps serving meanwhile.
        parsed = await asyncio.to_thread(
            parse_input, content, endpoint, max_lines=s.max_lines, max_line_bytes=s.max_line_bytes
        )
        now = self._clock()
        ok = not parsed.errors
        batch = Batch(
            id=new_id("batch_"),
            owner=owner,
            endpoint=endpoint,
            input_file_id=input_file_id,
            completion_window=completion_window,
            status="in_progress" if ok else "failed",
            created_at=now,
            expires_at=now + timedelta(seconds=window),
            metadata=metadata,
            errors=tuple(parsed.errors),
            in_progress_at=now if ok else None,
            failed_at=None if ok else now,
            counts=Counts(total=len(parsed.lines) if ok else 0),
        )
        await self.store.add_batch(batch, parsed.lines if ok else [])
        if ok and self.worker is not None:
            self.worker.wake()
        return batch

    async def batch(self, batch_id: str, viewer: Viewer) -> Batch:
        batch = await self.store.batch(batch_id)
        if batch is None or not viewer.sees(batch.owner):
            raise NotFoundError(f"No batch with id {batch_id!r}.", param="batch_id", code="batch_not_found")
        return batch

    async def batches(self, viewer: Viewer, limit: int = 20, after: str | None = None) -> list[Batch]:
        """Newest first; ``after``: the last batch id of the previous page."""
        return await self.store.batches(viewer.owner, limit, after)

    async def cancel(self, batch_id: str, viewer: Viewer) -> Batch:
        """Stop starting new lines; the batch ends ``cancelled`` once the lines under way have finished."""
        batch = await self.batch(batch_id, viewer)
        if batch.status in ("completed", "failed", "expired"):
            raise RequestError(
                f"Batch {batch_id!r} has already ended ({batch.status}); only a running batch can be cancelled.",
                param="batch_id",
                code="invalid_state",
            )
        cancelled = await self.store.cancel(batch_id, self._clock())
        if self.worker is not None:
            self.worker.wake()
        return cancelled or batch


def _check_metadata(metadata: dict[str, str]) -> dict[str, str]:
    if len(metadata) > MAX_METADATA_KEYS:
        raise RequestError(
            f"metadata: at most {MAX_METADATA_KEYS} keys (got {len(metadata)}).", param="metadata", code="invalid_value"
        )
    for key, value in metadata.items():
        if len(key) > MAX_METADATA_KEY or len(value) > MAX_METADATA_VALUE:
            raise RequestError(
                f"metadata: keys up to {MAX_METADATA_KEY} and values up to {MAX_METADATA_VALUE} characters "
                f"({key[:40]!r} is longer).",
                param="metadata",
                code="invalid_value",
            )
    return metadata
