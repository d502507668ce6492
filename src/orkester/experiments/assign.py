"""Which arm a sticky id is in: a pure function of (experiment, id) and the configured shares.

SHA-256 of the experiment name and the id (never Python's ``hash``, which is salted per process) gives a
number in [0, 1); the arms own consecutive slices of that interval in their configured order. The same
id lands in the same arm in every process and after every restart, and an experiment's assignment is
independent of every other experiment's (the name is part of the hash). Whether an id takes part at all
(``traffic``) uses a second, independent hash, so changing ``traffic`` never moves an id between arms.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping


def unit_hash(*parts: str) -> float:
    """A uniform number in [0, 1) from ``parts`` (stable across processes, platforms and versions)."""
    digest = hashlib.sha256("\x00".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def in_share(share: float, *parts: str) -> bool:
    """True for a ``share`` of all possible ``parts`` (deterministically)."""
    return share >= 1.0 or unit_hash(*parts) < share


def assign_arm(experiment: str, sticky_id: str, shares: Mapping[str, float]) -> str:
    """The arm ``sticky_id`` is in; ``shares`` (arm -> weight, in order) need not sum to 1."""
    total = sum(shares.values())
    if not shares or total <= 0:
        raise ValueError("an assignment needs at least one arm with a positive share")
    point = unit_hash(experiment, "arm", sticky_id) * total
    upto = 0.0
    last = ""
    for arm, weight in shares.items():
        if weight <= 0:
            continue
        upto += weight
        last = arm
        if point < upto:
            return arm
    return last  # rounding at the very top of the interval
