from __future__ import annotations

from collections import Counter

from orkester.experiments.assign import assign_arm, in_share, unit_hash


def test_the_same_id_always_gets_the_same_arm_and_the_shares_hold_over_10k_ids() -> None:
    shares = {"A": 0.2, "B": 0.3, "C": 0.5}
    counts = Counter(assign_arm("exp", f"user-{i}", shares) for i in range(10_000))
    for arm, share in shares.items():
        assert abs(counts[arm] / 10_000 - share) < 0.02
    assert [assign_arm("exp", f"user-{i}", shares) for i in range(100)] == [
        assign_arm("exp", f"user-{i}", dict(shares)) for i in range(100)
    ]


def test_the_hash_is_stable_across_processes_and_experiments_are_independent() -> None:
    # a fixed value: sha256, never Python's per-process salted hash()
    assert unit_hash("exp", "arm", "user-1") == unit_hash("exp", "arm", "user-1")
    assert round(unit_hash("a"), 12) == round(int("ca978112ca1bbdca", 16) / 2**64, 12)
    same = sum(
        assign_arm("one", f"u{i}", {"A": 1, "B": 1}) == assign_arm("two", f"u{i}", {"A": 1, "B": 1})
        for i in range(4000)
    )
    assert 1800 < same < 2200


def test_traffic_share_and_zero_weights() -> None:
    assert sum(in_share(0.1, "exp", "traffic", f"u{i}") for i in range(10_000)) in range(900, 1100)
    assert all(in_share(1.0, "exp", f"u{i}") for i in range(10))
    assert {assign_arm("exp", f"u{i}", {"A": 0, "B": 1}) for i in range(200)} == {"B"}
