"""The experiments of one gateway (or one CLI run): whether each has stopped, and its full result.

Stopping state is shared through the database, not through any process's memory: the stopping rule is
evaluated over the ledger (which every replica writes to), and the first process that finds it met
inserts a row in ``experiment_stop`` (``ON CONFLICT DO NOTHING``); every process then serves the arm
that row names. A process looks again at most every ``check_seconds`` (a stop is never undone, so once
seen it is kept without looking). After a stop the analysis reads only the records before it, so late
records and late feedback cannot change the reported result.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from ..errors import StorageError
from ..ledger.experiments import ArmSums, StoppedExperiment
from ..ledger.store import LedgerStore
from ..settings import ExperimentSpec
from .analysis import ArmData, analyse
from .shadow_report import shadow_comparison
from .stats import MeanSummary

log = logging.getLogger("orkester.experiments")
StoreOf = Callable[[], LedgerStore | None]


def arm_data(sums: ArmSums) -> ArmData:
    return ArmData(
        arm=sums.arm,
        requests=sums.requests,
        rated=sums.rated,
        positive=sums.positive,
        escalated=sums.escalated,
        score=MeanSummary(sums.rated, sums.score_sum, sums.score_sq),
        cost=MeanSummary(sums.requests, sums.cost_sum, sums.cost_sq),
        latency=MeanSummary(sums.requests, sums.latency_sum, sums.latency_sq),
    )


class ExperimentService:
    def __init__(
        self,
        specs: Mapping[str, ExperimentSpec],
        store: StoreOf,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.specs = dict(specs)
        self._store = store
        self._clock = clock
        #: per experiment: when this process last looked, and the stop it found (None: running)
        self._looks: dict[str, tuple[float, StoppedExperiment | None]] = {}
        self._locks = {name: asyncio.Lock() for name in specs}

    async def stopped(self, name: str) -> StoppedExperiment | None:
        """The experiment's stop, when it has stopped (looked up at most every ``check_seconds``; with
        ``auto_stop`` a look applies the stopping rule). A database that cannot be read leaves the last answer."""
        spec = self.specs[name]
        cached = self._looks.get(name)
        if cached is not None and (cached[1] is not None or self._clock() - cached[0] < spec.check_seconds):
            return cached[1]
        async with self._locks[name]:
            cached = self._looks.get(name)
            if cached is not None and (cached[1] is not None or self._clock() - cached[0] < spec.check_seconds):
                return cached[1]
            previous = cached[1] if cached else None
            try:
                found = await self._look(name, spec)
            except StorageError as e:
                log.warning("experiment %s: cannot read its state (%s); keeping the last one", name, e)
                found = previous
            self._looks[name] = (self._clock(), found)
            return found

    async def _look(self, name: str, spec: ExperimentSpec) -> StoppedExperiment | None:
        store = self._store()
        if store is None:
            return None
        stop = (await store.stopped_experiments()).get(name)
        if stop is not None or not spec.auto_stop or not spec.arms:
            return stop
        result = analyse(name, spec, await self._arms(store, name, None))
        if not result.decision.stop or result.decision.arm is None:
            return None
        d = result.decision
        stop = StoppedExperiment(name, d.arm or "", d.outcome, d.reason, datetime.now(UTC))
        stop = await store.stop_experiment(stop)
        log.info("experiment %s stopped: %s (serving %s)", name, stop.reason, stop.arm)
        return stop

    @staticmethod
    async def _arms(store: LedgerStore, name: str, until: datetime | None) -> dict[str, ArmData]:
        return {s.arm: arm_data(s) for s in await store.arm_sums(name, until) if s.kind != "shadow"}

    async def report(self, name: str, *, apply_stop: bool = True) -> dict[str, Any]:
        """The experiment's status and result (``apply_stop``: a met stopping rule stops it now, as a request's
        look would). Raises KeyError for an unknown experiment and StorageError when the ledger cannot be read."""
        spec = self.specs[name]
        store = self._store()
        if store is None:
            raise StorageError("the usage ledger is off (ledger.enabled: false): experiments have no results")
        if apply_stop:
            self._looks.pop(name, None)
            stop = await self.stopped(name)
        else:
            stop = (await store.stopped_experiments()).get(name)
        until = stop.at if stop else None
        sums = await store.arm_sums(name, until)
        out: dict[str, Any] = {
            "name": name,
            "status": "disabled" if not spec.enabled else "stopped" if stop else "running",
            "stopped": None
            if stop is None
            else {"arm": stop.arm, "outcome": stop.outcome, "reason": stop.reason, "at": stop.at.isoformat()},
            "auto_stop": spec.auto_stop,
            "arms_config": {a: arm.model_dump(exclude_none=True) for a, arm in spec.arms.items()},
            "sticky_by": spec.sticky_by,
        }
        if spec.arms:
            live = {s.arm: arm_data(s) for s in sums if s.kind != "shadow"}
            out.update(analyse(name, spec, live).to_dict())
        if spec.shadow is not None:
            out["shadow"] = shadow_comparison(spec.shadow.model, sums)
        return out

    async def summaries(self) -> list[dict[str, Any]]:
        """One line per experiment: name, status, metric, the decision's outcome and arm."""
        rows = []
        for name in self.specs:
            r = await self.report(name, apply_stop=False)
            decision = r.get("decision") or {}
            rows.append(
                {
                    "name": name,
                    "status": r["status"],
                    "metric": r.get("metric"),
                    "arms": ", ".join(f"{a['arm']}={a['n']}" for a in r.get("arms", [])),
                    "outcome": decision.get("outcome"),
                    "arm": (r["stopped"] or {}).get("arm") or decision.get("arm"),
                }
            )
        return rows
