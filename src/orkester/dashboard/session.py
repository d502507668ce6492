"""The dashboard's session cookie: ``<expiry>.<HMAC-SHA256>``, signed with a key derived from the admin key.

Deriving the key (instead of a per-process random one) lets every worker of ``serve --workers`` accept the
cookie another one issued, and changing the admin key signs everybody out. Nothing else is in the cookie:
there is one role, the admin.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable

COOKIE = "orkester_ui"
TTL_S = 8 * 3600
_CONTEXT = b"orkester dashboard session v1"


class Sessions:
    def __init__(self, admin_key: str, *, ttl_s: int = TTL_S, clock: Callable[[], float] = time.time) -> None:
        self._key = hmac.new(admin_key.encode(), _CONTEXT, hashlib.sha256).digest()
        self.ttl_s = ttl_s
        self._clock = clock

    def _sign(self, expiry: str) -> str:
        return hmac.new(self._key, expiry.encode(), hashlib.sha256).hexdigest()

    def issue(self) -> str:
        expiry = str(int(self._clock()) + self.ttl_s)
        return f"{expiry}.{self._sign(expiry)}"

    def valid(self, cookie: str | None) -> bool:
        """True for a cookie this admin key signed that has not expired."""
        if not cookie:
            return False
        expiry, _, signature = cookie.partition(".")
        if not expiry.isdigit() or not hmac.compare_digest(signature.encode(), self._sign(expiry).encode()):
            return False
        return int(expiry) > self._clock()
