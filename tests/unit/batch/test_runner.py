"""The batch workers' claims and leases: limits hold, no line runs in two places at once, a dead worker's
lines are taken over once its leases lapse, a stopping worker hands its lines back, and nothing stops a worker.

Time is a fake clock the tests move; rounds are driven with ``step`` and ``idle`` rather than waited for.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

import orjson
import pytest

from orkester.batch.config import BatchSettings
from orkester.batch.model import Batch, Execute, Line, Outcome
from orkester.batch.output import response_line
from orkester.batch.runner import Worker
from orkester.batch.store import MemoryBatchStore
from orkester.catalog.resolve import Catalog
from orkester.errors import StorageError
from orkester.observability.labels import LabelSets
from orkester.observability.metrics import Metrics

from .contract import NOW, T0, new_batch


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


class Lines:
    """Runs lines by echoing them; records who ran what, and how many ran at once."""

    def __init__(self) -> None:
        self.runs: Counter[int] = Counter()
        self.running: set[tuple[str, int]] = set()
        self.most = 0
        self.gate: asyncio.Event | None = None
        self.fail: set[int] = set()

    async def prepare(self, batch: Batch) -> Execute:
        async def execute(line: Line) -> Outcome:
            key = (line.batch_id, line.line_no)
            assert key not in self.running, f"line {key} runs twice at once"
            self.running.add(key)
            self.most = max(self.most, len(self.running))
            try:
                if self.gate is not None:
                    await self.gate.wait()
                else:
                    await asyncio.sleep(0)
                self.runs[line.line_no] += 1
                if line.line_no in self.fail:
                    return "failed", response_line(line.custom_id, 500, "r", {"error": {"message": "boom"}})
                return "done", response_line(line.custom_id, 200, "r", orjson.loads(line.body))
            finally:
                self.running.discard(key)

        return execute


def settings(**values: float) -> BatchSettings:
    return BatchSettings.model_validate({"concurrency": 4, "per_batch_concurrency": 3, "lease_seconds": 30, **values})


async def run_until_ended(store: MemoryBatchStore, *workers: Worker, rounds: int = 200) -> None:
    for _ in range(rounds):
        if not await store.active():
            return
        for w in workers:
            await w.step()
        await asyncio.gather(*(w.idle() for w in workers))
    raise AssertionError("the batches did not end")


async def test_limits_hold_and_every_line_runs_once() -> None:
    store, lines, clock = MemoryBatchStore(), Lines(), Clock()
    for name in ("batch_a", "batch_b"):
        batch, parsed = new_batch(name, lines=10)
        await store.add_batch(batch, parsed)
    lines.fail = {4}
    metrics = Metrics(LabelSets(Catalog(providers={}, aliases={}, default_model=None)))
    worker = Worker(store, settings(), lines, metrics, name="w1", clock=clock)
    await worker.step()
    assert worker.in_flight == 4 and worker.running("batch_a") == 3 and worker.running("batch_b") == 1
    await run_until_ended(store, worker)
    assert lines.most <= 4
    for name in ("batch_a", "batch_b"):
        ended = await store.batch(name)
        assert ended is not None and ended.status == "completed"
        assert (ended.counts.completed, ended.counts.failed) == (9, 1)
        output = (await store.file_content(ended.output_file_id or "") or b"").splitlines()
        assert [orjson.loads(x)["custom_id"] for x in output] == [f"c{i}" for i in range(1, 11) if i != 4]
    assert metrics.batch_lines.labels("chat", "completed")._value.get() == 18
    assert metrics.batch_lines.labels("chat", "failed")._value.get() == 2


async def test_two_workers_share_a_batch_without_running_a_line_twice() -> None:
    store, lines, clock = MemoryBatchStore(), Lines(), Clock()
    batch, parsed = new_batch("batch_s", lines=30)
    await store.add_batch(batch, parsed)
    a = Worker(store, settings(), lines, name="a", clock=clock)
    b = Worker(store, settings(), lines, name="b", clock=clock)
    await a.step()
    await b.step()
    assert a.in_flight == 3 and b.in_flight == 3 and lines.running == set()  # nothing ran yet: all just claimed
    await run_until_ended(store, a, b)
    assert sorted(lines.runs) == list(range(1, 31)) and set(lines.runs.values()) == {1}


async def test_a_dead_workers_lines_are_taken_over_when_its_leases_lapse() -> None:
    store, lines, clock = MemoryBatchStore(), Lines(), Clock()
    batch, parsed = new_batch("batch_d", lines=5)
    await store.add_batch(batch, parsed)
    dead = await store.claim("batch_d", "dead-worker", 2, clock.now, clock.now + 30)  # then the process died
    assert [line.line_no for line in dead] == [1, 2]
    alive = Worker(store, settings(), lines, name="alive", clock=clock)
    for _ in range(3):
        await alive.step()
        await alive.idle()
    assert sorted(lines.runs) == [3, 4, 5]  # not the dead worker's lines while its leases live
    assert (await store.batch("batch_d")).status == "in_progress"  # type: ignore[union-attr]
    clock.now += 31
    await run_until_ended(store, alive)
    assert sorted(lines.runs) == [1, 2, 3, 4, 5] and set(lines.runs.values()) == {1}
    assert (await store.batch("batch_d")).status == "completed"  # type: ignore[union-attr]


async def test_a_running_workers_leases_are_renewed_so_no_one_takes_its_lines() -> None:
    store, lines, clock = MemoryBatchStore(), Lines(), Clock()
    lines.gate = asyncio.Event()
    batch, parsed = new_batch("batch_r", lines=1)
    await store.add_batch(batch, parsed)
    slow = Worker(store, settings(), lines, name="slow", clock=clock)
    other = Worker(store, settings(), Lines(), name="other", clock=clock)
    await slow.step()
    await asyncio.sleep(0)  # let the line start
    clock.now += 25
    assert await slow.renew() == 1
    clock.now += 25  # past the first lease, within the renewed one
    await other.step()
    assert other.in_flight == 0
    lines.gate.set()
    await slow.idle()
    await run_until_ended(store, slow)
    assert lines.runs == Counter({1: 1})


async def test_a_stopping_worker_hands_its_lines_back_at_once() -> None:
    store, lines, clock = MemoryBatchStore(), Lines(), Clock()
    lines.gate = asyncio.Event()  # never set: the lines are under way when the worker stops
    batch, parsed = new_batch("batch_h", lines=4)
    await store.add_batch(batch, parsed)
    stopping = Worker(store, settings(), lines, name="stopping", clock=clock)
    await stopping.step()
    assert stopping.in_flight == 3
    await stopping.close()
    assert stopping.in_flight == 0 and lines.runs == Counter()
    successor_lines = Lines()
    successor = Worker(store, settings(), successor_lines, name="successor", clock=clock)
    await run_until_ended(store, successor)
    assert sorted(successor_lines.runs) == [1, 2, 3, 4]


async def test_cancel_and_expiry_end_the_batch_with_what_finished() -> None:
    store, lines, clock = MemoryBatchStore(), Lines(), Clock()
    for name in ("batch_c", "batch_e"):
        batch, parsed = new_batch(name, lines=6)
        await store.add_batch(batch, parsed)
    worker = Worker(store, settings(per_batch_concurrency=2), lines, name="w", clock=clock)
    await worker.step()
    await worker.idle()
    await store.cancel("batch_c", T0)
    clock.now = (T0 + timedelta(hours=24, seconds=1)).timestamp()
    await worker.step()
    cancelled, expired = await store.batch("batch_c"), await store.batch("batch_e")
    assert cancelled is not None and cancelled.status == "cancelled" and cancelled.counts.completed == 2
    assert expired is not None and expired.status == "expired" and expired.counts.completed == 2
    assert sum(lines.runs.values()) == 4


class FlakyStore(MemoryBatchStore):
    """Fails the first ``failures`` calls of ``active``, as a database that is down."""

    failures = 2

    async def active(self) -> list[Batch]:
        if self.failures > 0:
            self.failures -= 1
            raise StorageError("database unreachable")
        return await super().active()


async def test_nothing_stops_the_worker_loop() -> None:
    store = FlakyStore()
    batch, parsed = new_batch("batch_f", lines=3, at=datetime.now(UTC))  # this worker runs on the real clock
    await store.add_batch(batch, parsed)

    calls = Counter[str]()

    class Boom(Lines):
        async def prepare(self, batch: Batch) -> Execute:
            execute = await super().prepare(batch)

            async def first_raises(line: Line) -> Outcome:
                calls[line.custom_id] += 1
                if calls[line.custom_id] == 1 and line.line_no == 2:
                    raise RuntimeError("a bug in an executor")
                return await execute(line)

            return first_raises

    worker = Worker(store, settings(poll_seconds=0.01, lease_seconds=0.3), Boom(), name="w")
    worker.start()
    try:
        for _ in range(1000):
            found = await store.batch("batch_f")
            if found is not None and found.status == "completed":
                break
            await asyncio.sleep(0.01)  # polling the store, as a client polls the API
        else:
            pytest.fail("the batch did not complete")
    finally:
        await worker.close()
    assert found.counts.completed == 3 and calls["c2"] == 2


async def test_lines_claimed_when_the_owner_cannot_be_looked_up_are_handed_back() -> None:
    store, clock = MemoryBatchStore(), Clock()
    batch, parsed = new_batch("batch_k", lines=2)
    await store.add_batch(batch, parsed)

    class KeyStoreDown(Lines):
        async def prepare(self, batch: Batch) -> Execute:
            raise StorageError("key store unreachable")

    worker = Worker(store, settings(), KeyStoreDown(), name="w", clock=clock)
    with pytest.raises(StorageError):
        await worker.step()
    assert await store.pending("batch_k", clock.now) == (2, 0)  # no lease left behind
    recovered = Lines()
    await run_until_ended(store, Worker(store, settings(), recovered, name="w2", clock=clock))
    assert sorted(recovered.runs) == [1, 2]
