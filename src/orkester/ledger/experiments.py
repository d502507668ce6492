"""What the experiments read from and keep in the ledger's database: per-arm sums of an experiment's
records, and the table of stopped experiments (migration 3).

The sums are over successful records (``status = 'ok'``) of one experiment, grouped by kind (``chat``
for the live arms, ``shadow`` for shadow calls) and arm. ``experiment_stop`` holds one row per stopped
experiment; the first process to insert it wins (``ON CONFLICT DO NOTHING``) and every process reads the
same row, so all of them serve the same arm after a stop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .feedback import POSITIVE_FROM


@dataclass(frozen=True, slots=True)
class ArmSums:
    kind: str
    arm: str
    requests: int
    rated: int
    positive: int
    score_sum: float
    score_sq: float
    cost_sum: float
    cost_sq: float
    latency_sum: float
    latency_sq: float
    escalated: int


@dataclass(frozen=True, slots=True)
class StoppedExperiment:
    name: str
    #: the arm everyone is served after the stop
    arm: str
    outcome: str
    reason: str
    at: datetime


def create_stop_table(ts_type: str) -> str:
    return (
        "CREATE TABLE IF NOT EXISTS experiment_stop (name TEXT PRIMARY KEY, arm TEXT NOT NULL, "
        f"outcome TEXT NOT NULL, reason TEXT NOT NULL, stopped_at {ts_type} NOT NULL)"
    )


def arm_sums_query(ph: Sequence[str], until: bool) -> str:
    """Placeholders: the experiment's name, then ``until`` (exclusive) when given."""
    where = f"experiment = {ph[0]} AND status = 'ok'"
    if until:
        where += f" AND ts < {ph[1]}"
    return (
        "SELECT kind, COALESCE(arm, ''), COUNT(*), COUNT(feedback), "
        f"SUM(CASE WHEN feedback >= {POSITIVE_FROM} THEN 1 ELSE 0 END), "
        "SUM(feedback), SUM(feedback * feedback), SUM(cost_usd), SUM(cost_usd * cost_usd), "
        "SUM(latency_ms), SUM(latency_ms * latency_ms), SUM(CASE WHEN escalations > 0 THEN 1 ELSE 0 END) "
        f"FROM ledger WHERE {where} GROUP BY kind, COALESCE(arm, '')"
    )


def to_arm_sums(row: Sequence[Any]) -> ArmSums:
    kind, arm, requests, rated, positive, s, sq, c, csq, lat, latsq, esc = row
    return ArmSums(
        str(kind),
        str(arm),
        int(requests),
        int(rated or 0),
        int(positive or 0),
        float(s or 0.0),
        float(sq or 0.0),
        float(c or 0.0),
        float(csq or 0.0),
        float(lat or 0.0),
        float(latsq or 0.0),
        int(esc or 0),
    )


def insert_stop(ph: Sequence[str]) -> str:
    return (
        "INSERT INTO experiment_stop (name, arm, outcome, reason, stopped_at) "
        f"VALUES ({', '.join(ph[:5])}) ON CONFLICT (name) DO NOTHING"
    )


SELECT_STOPS = "SELECT name, arm, outcome, reason, stopped_at FROM experiment_stop"
