"""What every batch store must do, run against memory and SQLite here and PostgreSQL in tests/integration."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import orjson

from orkester.batch.model import Batch, Counts, FileRecord
from orkester.batch.output import response_line
from orkester.batch.store import BatchStore
from orkester.batch.validate import ParsedLine

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
NOW = T0.timestamp()


def new_batch(batch_id: str, owner: str = "k1", lines: int = 5, at: datetime = T0) -> tuple[Batch, list[ParsedLine]]:
    parsed = [ParsedLine(f"c{i}", orjson.dumps({"model": "m", "n": i}).decode()) for i in range(1, lines + 1)]
    batch = Batch(
        id=batch_id,
        owner=owner,
        endpoint="/v1/chat/completions",
        input_file_id="file-in",
        completion_window="24h",
        status="in_progress",
        created_at=at,
        expires_at=at + timedelta(hours=24),
        metadata={"job": batch_id},
        in_progress_at=at,
        counts=Counts(total=lines),
    )
    return batch, parsed


def ok(custom_id: str) -> str:
    return response_line(custom_id, 200, "rid", {"answer": custom_id})


async def check_files(store: BatchStore) -> None:
    a = FileRecord("file-a", "k1", "a.jsonl", "batch", 3, T0)
    b = FileRecord("file-b", "k2", "b.jsonl", "batch", 2, T0 + timedelta(seconds=1))
    await store.add_file(a, b"abc")
    await store.add_file(b, b"\x00\xff")
    assert await store.file("file-a") == a
    assert await store.file_content("file-b") == b"\x00\xff"
    assert [f.id for f in await store.files(None, 10)] == ["file-b", "file-a"]
    assert [f.id for f in await store.files("k1", 10)] == ["file-a"]
    assert await store.delete_file("file-a") and not await store.delete_file("file-a")
    assert await store.file("file-a") is None and await store.file_content("file-a") is None


async def check_claims(store: BatchStore) -> None:
    batch, lines = new_batch("batch_1")
    await store.add_batch(batch, lines)
    stored = await store.batch("batch_1")
    assert stored == batch and stored.metadata == {"job": "batch_1"}
    assert [b.id for b in await store.active()] == ["batch_1"]
    first = await store.claim("batch_1", "w1", 2, NOW, NOW + 30)
    assert [(line.line_no, line.custom_id) for line in first] == [(1, "c1"), (2, "c2")]
    assert orjson.loads(first[0].body) == {"model": "m", "n": 1}
    # Leased lines are nobody else's while the lease lives.
    second = await store.claim("batch_1", "w2", 10, NOW + 1, NOW + 31)
    assert [line.line_no for line in second] == [3, 4, 5]
    assert await store.claim("batch_1", "w3", 10, NOW + 2, NOW + 32) == []
    assert await store.pending("batch_1", NOW + 2) == (5, 5)
    # w1 renews; w2 dies: its leases lapse and w3 takes the lines over.
    assert await store.renew("w1", NOW + 100) == 2
    taken = await store.claim("batch_1", "w3", 10, NOW + 40, NOW + 70)
    assert [line.line_no for line in taken] == [3, 4, 5]
    assert await store.pending("batch_1", NOW + 40) == (5, 5)
    # A result is stored once; the slower of two workers with the same line is refused.
    at = T0 + timedelta(seconds=41)
    assert await store.finish("batch_1", 3, "done", ok("c3"), at)
    assert not await store.finish("batch_1", 3, "failed", ok("c3-again"), at)
    assert await store.finish("batch_1", 4, "failed", response_line("c4", 500, "r", {"error": {}}), at)
    counts = (await store.batch("batch_1")).counts  # type: ignore[union-attr]
    assert (counts.total, counts.completed, counts.failed) == (5, 1, 1)
    # Not every line has a result: the batch cannot end completed.
    assert await store.end("batch_1", "completed", at) is None
    # A stopping worker gives its leases back: the lines are free at once.
    assert await store.release("w3") == 1
    assert [line.line_no for line in await store.claim("batch_1", "w4", 10, NOW + 42, NOW + 72)] == [5]
    for n in (1, 2, 5):
        assert await store.finish("batch_1", n, "done", ok(f"c{n}"), at)
    assert await store.pending("batch_1", NOW + 42) == (0, 0)
    ended = await store.end("batch_1", "completed", at)
    assert ended is not None and ended.status == "completed" and ended.completed_at == at
    assert ended.finalizing_at == at and ended.counts == Counts(5, 4, 1)
    assert await store.end("batch_1", "completed", at) is None  # once
    assert await store.batch("batch_1") == ended
    assert ended.output_file_id is not None and ended.error_file_id is not None
    output = (await store.file_content(ended.output_file_id) or b"").decode().splitlines()
    assert [orjson.loads(line)["custom_id"] for line in output] == ["c1", "c2", "c3", "c5"]
    errors = (await store.file_content(ended.error_file_id) or b"").decode().splitlines()
    assert [orjson.loads(line)["custom_id"] for line in errors] == ["c4"]
    record = await store.file(ended.output_file_id)
    assert record is not None and record.owner == "k1" and record.purpose == "batch_output"
    assert await store.active() == []
    # An ended batch takes no more results.
    assert not await store.finish("batch_1", 1, "done", ok("late"), at)


async def check_cancel(store: BatchStore) -> None:
    batch, lines = new_batch("batch_c", lines=4)
    await store.add_batch(batch, lines)
    held = await store.claim("batch_c", "w1", 2, NOW, NOW + 30)
    assert len(held) == 2
    at = T0 + timedelta(seconds=1)
    cancelling = await store.cancel("batch_c", at)
    assert cancelling is not None and cancelling.status == "cancelling" and cancelling.cancelling_at == at
    assert await store.claim("batch_c", "w2", 10, NOW + 1, NOW + 31) == []  # no new lines
    assert await store.end("batch_c", "cancelled", at) is None  # lines under way hold it open
    assert await store.finish("batch_c", 1, "done", ok("c1"), at)  # a line under way still finishes
    assert await store.release("w1") == 1
    ended = await store.end("batch_c", "cancelled", at)
    assert ended is not None and ended.status == "cancelled" and ended.cancelled_at == at
    assert ended.counts == Counts(4, 1, 0)
    output = (await store.file_content(ended.output_file_id or "") or b"").decode().splitlines()
    assert [orjson.loads(line)["custom_id"] for line in output] == ["c1"]
    errors = [orjson.loads(x) for x in (await store.file_content(ended.error_file_id or "") or b"").splitlines()]
    assert [(e["custom_id"], e["error"]["code"]) for e in errors] == [
        ("c2", "batch_cancelled"),
        ("c3", "batch_cancelled"),
        ("c4", "batch_cancelled"),
    ]
    again = await store.cancel("batch_c", at)
    assert again is not None and again.status == "cancelled"
    assert await store.cancel("batch_nope", at) is None


async def check_expiry(store: BatchStore) -> None:
    batch, lines = new_batch("batch_e", lines=2)
    await store.add_batch(batch, lines)
    at = T0 + timedelta(hours=25)
    assert await store.finish("batch_e", 2, "done", ok("c2"), at)
    ended = await store.end("batch_e", "expired", at)
    assert ended is not None and ended.status == "expired" and ended.expired_at == at
    errors = [orjson.loads(x) for x in (await store.file_content(ended.error_file_id or "") or b"").splitlines()]
    assert [(e["custom_id"], e["response"], e["error"]["code"]) for e in errors] == [("c1", None, "batch_expired")]


async def check_listing(store: BatchStore) -> None:
    for i in range(5):
        batch, lines = new_batch(f"batch_l{i}", owner="k9" if i % 2 else "k8", lines=1, at=T0 + timedelta(minutes=i))
        await store.add_batch(batch, lines)
    everyone = [b.id for b in await store.batches(None, 100) if b.id.startswith("batch_l")]
    assert everyone == [f"batch_l{i}" for i in (4, 3, 2, 1, 0)]
    assert [b.id for b in await store.batches("k9", 100)] == ["batch_l3", "batch_l1"]
    page = await store.batches("k8", 1)
    assert [b.id for b in page] == ["batch_l4"]
    assert [b.id for b in await store.batches("k8", 5, after="batch_l4")] == ["batch_l2", "batch_l0"]


async def check_store(store: BatchStore) -> None:
    await check_files(store)
    await check_claims(store)
    await check_cancel(store)
    await check_expiry(store)
    await check_listing(store)
