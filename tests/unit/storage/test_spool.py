"""The spool on a real directory: group commit, segments, replay after a crash, and its locks."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from orkester.ledger.record import LedgerRecord, from_line, to_line
from orkester.storage import spool as spool_module
from orkester.storage.spool import HEADER, Spool, SpoolError

from ..ledger.records import rec


def ledger_spool(directory: Path, segment_bytes: int = 1 << 20) -> Spool[LedgerRecord]:
    return Spool(directory, from_line, name="ledger", segment_bytes=segment_bytes)


def _files(directory: Path, pattern: str = "*") -> list[Path]:
    return sorted(directory.glob(pattern))


def _tear(segment: Path, tmp: Path) -> None:
    """A write the crash cut short (never acknowledged), and a segment whose creator died before renaming it."""
    with segment.open("ab") as f:
        f.write(to_line(rec(99))[:50])
    tmp.write_bytes(HEADER)


def _crash(spool: Spool[LedgerRecord]) -> None:
    """What a kill -9 leaves: the files as written, the locks gone, nothing cleaned up."""
    for seg in spool._segments:
        os.close(seg.fd)
    spool._segments.clear()
    spool._writes.shutdown()
    spool._reads.shutdown()


async def _read_all(spool: Spool[LedgerRecord], commit: bool = True) -> list[str]:
    ids = []
    while batch := await spool.read(100):
        ids += [r.request_id for r in batch.records]
        if commit:
            await spool.commit(batch)
    return ids


async def test_concurrent_appends_share_syncs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    syncs = []
    real = os.fdatasync
    monkeypatch.setattr(spool_module.os, "fdatasync", lambda fd: (syncs.append(fd), real(fd)))
    spool = ledger_spool(tmp_path)
    await asyncio.gather(*(spool.append(to_line(rec(i))) for i in range(200)))
    # one sync for the new segment's header, then groups: far fewer syncs than records
    assert 2 <= len(syncs) <= 20
    assert await _read_all(spool) == [f"req-{i:06d}" for i in range(200)]
    await spool.close()
    assert _files(tmp_path) == []  # all committed: nothing left behind


async def test_an_acknowledged_line_is_on_disk(tmp_path: Path) -> None:
    spool = ledger_spool(tmp_path)
    await spool.append(to_line(rec(1)))
    (path,) = _files(tmp_path, "*.seg")
    assert path.read_bytes() == HEADER + to_line(rec(1))
    _crash(spool)


async def test_segments_rotate_and_are_deleted_once_committed(tmp_path: Path) -> None:
    spool = ledger_spool(tmp_path, segment_bytes=2000)
    for i in range(30):
        await spool.append(to_line(rec(i)))
    assert len(_files(tmp_path, "*.seg")) > 3
    first = await spool.read(1000)
    assert first is not None and 0 < len(first.records) < 30  # a batch never spans segments
    await spool.commit(first)
    rest = await _read_all(spool)
    assert [r.request_id for r in first.records] + rest == [f"req-{i:06d}" for i in range(30)]
    assert len(_files(tmp_path, "*.seg")) == 1  # only the active one; its records are committed
    await spool.close()
    assert _files(tmp_path) == []


async def test_a_batch_that_failed_is_read_again(tmp_path: Path) -> None:
    spool = ledger_spool(tmp_path)
    for i in range(5):
        await spool.append(to_line(rec(i)))
    batch = await spool.read(3)
    assert batch is not None
    spool.unread_again(batch)
    again = await spool.read(3)
    assert again is not None and again.records == batch.records
    await spool.close()
    assert len(_files(tmp_path, "*.seg")) == 1  # uncommitted records stay for the next start


async def test_replay_after_a_crash_skips_the_torn_tail(tmp_path: Path) -> None:
    spool = ledger_spool(tmp_path, segment_bytes=3000)
    for i in range(20):
        await spool.append(to_line(rec(i)))
    committed = await spool.read(4)
    assert committed is not None
    await spool.commit(committed)
    last = _files(tmp_path, "*.seg")[-1]
    _crash(spool)
    _tear(last, tmp_path / "00000000000000000001-1-000001.tmp")

    again = ledger_spool(tmp_path)
    assert await again.adopt() >= 1
    ids = await _read_all(again)
    # everything acknowledged comes back (already committed ones too: inserts are idempotent)
    assert sorted(set(ids)) == [f"req-{i:06d}" for i in range(20)]
    assert not _files(tmp_path, "*.tmp")
    await again.close()
    assert _files(tmp_path) == []


async def test_a_live_owners_segments_are_not_adopted(tmp_path: Path) -> None:
    owner = ledger_spool(tmp_path)
    await owner.append(to_line(rec(1)))
    other = ledger_spool(tmp_path)
    assert await other.adopt() == 0
    await other.close()
    await owner.close()  # not committed: left for the next start, lock released
    third = ledger_spool(tmp_path)
    assert await third.adopt() == 1
    assert await _read_all(third) == ["req-000001"]
    await third.close()


async def test_a_failed_sync_is_not_acknowledged_and_the_segment_is_not_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spool = ledger_spool(tmp_path)
    await spool.append(to_line(rec(1)))
    real = os.fdatasync

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(spool_module.os, "fdatasync", full)
    with pytest.raises(SpoolError, match="No space left"):
        await spool.append(to_line(rec(2)))
    monkeypatch.setattr(spool_module.os, "fdatasync", real)
    await spool.append(to_line(rec(3)))
    assert len(_files(tmp_path, "*.seg")) == 2
    ids = await _read_all(spool)
    assert ids == ["req-000001", "req-000003"]
    await spool.close()


async def test_a_corrupt_line_is_skipped(tmp_path: Path) -> None:
    spool = ledger_spool(tmp_path)
    await spool.append(b"not json\n")
    await spool.append(to_line(rec(2)))
    batch = await spool.read(10)
    assert batch is not None and batch.bad == 1 and [r.request_id for r in batch.records] == ["req-000002"]
    await spool.commit(batch)
    await spool.close()
