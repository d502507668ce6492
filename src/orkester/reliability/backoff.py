"""How long to wait before retrying the same deployment."""

from __future__ import annotations

import random

from ..settings import RetrySettings


def retry_delay(settings: RetrySettings, attempt: int, retry_after: float | None, rng: random.Random) -> float | None:
    """Seconds to wait before retry number ``attempt`` (1-based), or None to move on instead.

    Exponential with full jitter; an upstream's Retry-After wins when it is given, and when
    it asks for longer than ``max_retry_after`` the next candidate is tried instead.
    """
    if retry_after is not None:
        return retry_after if retry_after <= settings.max_retry_after else None
    ceiling = min(settings.backoff_max, settings.backoff_base * (2 ** (attempt - 1)))
    return rng.uniform(ceiling / 2, ceiling)
