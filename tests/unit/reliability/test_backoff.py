from __future__ import annotations

import random

from orkester.reliability.backoff import retry_delay
from orkester.settings import RetrySettings


def test_exponential_with_jitter_capped() -> None:
    s = RetrySettings(backoff_base=0.5, backoff_max=3.0)
    rng = random.Random(1)
    for attempt, ceiling in ((1, 0.5), (2, 1.0), (3, 2.0), (4, 3.0), (9, 3.0)):
        delays = [retry_delay(s, attempt, None, rng) for _ in range(50)]
        assert all(d is not None and ceiling / 2 <= d <= ceiling for d in delays), attempt
        assert len(set(delays)) > 1  # jittered, not fixed


def test_retry_after_is_honoured_or_skipped_when_too_long() -> None:
    s = RetrySettings(max_retry_after=5)
    assert retry_delay(s, 1, 2.0, random.Random()) == 2.0
    assert retry_delay(s, 1, 30.0, random.Random()) is None
