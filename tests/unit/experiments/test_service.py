"""The stopping state in the ledger's database: the first process to find the rule met stops the experiment,
and a second process (another service over the same database) serves the same arm."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from orkester.catalog.resolve import build_catalog
from orkester.errors import ConfigError
from orkester.experiments.checks import check_experiments
from orkester.experiments.service import ExperimentService
from orkester.ledger.record import LedgerRecord
from orkester.ledger.store import open_ledger_store
from orkester.plugins import load_registry
from orkester.settings import ExperimentSpec, validate_settings

SPEC = ExperimentSpec.model_validate(
    {"arms": {"A": {"model": "a"}, "B": {"model": "b"}}, "min_samples": 50, "auto_stop": True, "check_seconds": 60}
)


def records(arm: str, n: int, positive: int, batch: int = 0) -> list[LedgerRecord]:
    now = datetime.now(UTC)
    return [
        LedgerRecord(f"{arm}-{batch}-{i}", now, experiment="ab", arm=arm, feedback=1.0 if i < positive else 0.0)
        for i in range(n)
    ]


async def test_a_met_stopping_rule_is_stored_once_and_seen_by_every_process(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/ledger.db"
    store = await open_ledger_store(url)
    other = await open_ledger_store(url)
    clock = [0.0]
    try:
        one = ExperimentService({"ab": SPEC}, lambda: store, clock=lambda: clock[0])
        two = ExperimentService({"ab": SPEC}, lambda: other, clock=lambda: clock[0])
        await store.insert(records("A", 100, 60) + records("B", 100, 62))
        assert await one.stopped("ab") is None
        await store.insert(records("A", 150, 80, batch=1) + records("B", 150, 140, batch=1))
        assert await one.stopped("ab") is None  # cached for check_seconds
        clock[0] = 61
        stop = await one.stopped("ab")
        assert stop is not None and (stop.arm, stop.outcome) == ("B", "winner")
        seen = await two.stopped("ab")
        assert seen is not None and (seen.arm, seen.at) == (stop.arm, stop.at)
        report = await two.report("ab")
        assert report["status"] == "stopped" and report["decision"]["arm"] == "B"
    finally:
        await store.close()
        await other.close()


def test_names_are_checked_against_the_catalog() -> None:
    def settings(arms: dict[str, Any], **extra: Any) -> Any:
        return validate_settings(
            {
                "providers": {"s": {"type": "sim"}},
                "models": {"m": {"deployments": [{"provider": "s", "model": "m"}]}},
                "experiments": {"e": {"arms": arms, **extra}},
            }
        )

    registry = load_registry()
    ok = settings({"A": {"model": "m"}, "B": {"prompt": "quote@2"}})
    check_experiments(ok.experiments, build_catalog(ok, registry, env={}, local_available=False), ledger=True)
    bad = settings({"A": {"model": "m"}, "B": {"model": "nope"}})
    with pytest.raises(ConfigError, match=r"arms\.B\.model"):
        check_experiments(bad.experiments, build_catalog(bad, registry, env={}, local_available=False), ledger=True)
    stop = settings({"A": {}, "B": {}}, auto_stop=True)
    with pytest.raises(ConfigError, match="needs the usage ledger"):
        check_experiments(stop.experiments, build_catalog(stop, registry, env={}, local_available=False), ledger=False)
