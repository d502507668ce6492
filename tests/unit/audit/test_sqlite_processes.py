"""Several OS processes (gateway workers) append to one SQLite file at once; the chain stays linear."""

from __future__ import annotations

import asyncio
import multiprocessing
from multiprocessing.synchronize import Barrier
from pathlib import Path

from orkester.audit import AuditLog

from .entries import entry

WORKERS = 4
EACH = 60


def _worker(url: str, worker: int, start: Barrier) -> None:
    async def run() -> None:
        log = await AuditLog.open(url)  # every worker creates the tables "first"
        try:
            start.wait(30)
            await asyncio.gather(*(log.append(entry(worker * 1000 + i)) for i in range(EACH)))
        finally:
            await log.close()

    asyncio.run(run())


async def test_worker_processes_appending_at_once_keep_one_valid_chain(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/shared/orkester.db"
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(WORKERS)
    procs = [ctx.Process(target=_worker, args=(url, w, start)) for w in range(WORKERS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * WORKERS

    log = await AuditLog.open(url, create=False)
    try:
        result = await log.verify()
        assert result.ok, result.problem
        assert result.count == WORKERS * EACH
        ids = [r.request_id async for r in log.records()]
        expected = {f"req-{w * 1000 + i}" for w in range(WORKERS) for i in range(EACH)}
        # every acknowledged append is there, once; how the workers interleaved is up to SQLite's lock
        assert len(ids) == len(expected) and set(ids) == expected
    finally:
        await log.close()
