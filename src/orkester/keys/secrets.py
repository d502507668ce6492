"""Key secrets: made here, shown once, stored only as a SHA-256 digest.

A secret is ``ork-`` and 32 URL-safe characters from :mod:`secrets` (24 random bytes, 192 bits).
With that much randomness a plain SHA-256 is enough: no one can guess a preimage, so neither a slow
hash (which would cost every request milliseconds) nor a pepper (one more secret every replica must
share, and whose loss would invalidate every key) adds protection. The digest is what the store
indexes and looks up, so authentication is one indexed read.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

PREFIX = "ork-"
#: random bytes in a secret; base64 turns 24 bytes into exactly 32 characters
_RANDOM_BYTES = 24
SECRET_LENGTH = len(PREFIX) + 32
#: characters of the secret shown in listings: ``ork-`` and four more (24 bits, useless to an attacker)
_SHOWN = len(PREFIX) + 4
_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def generate() -> str:
    return PREFIX + secrets.token_urlsafe(_RANDOM_BYTES)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def matches(secret: str, digest: str) -> bool:
    """Constant-time check of a secret against a stored digest."""
    return hmac.compare_digest(hash_secret(secret).encode(), digest.encode())


def display_prefix(secret: str) -> str:
    """The non-secret start of a key, stored to tell keys apart in listings (``ork-AbCd``)."""
    return secret[:_SHOWN]


def shown(prefix: str) -> str:
    return prefix + "…"


def well_formed(secret: str) -> bool:
    """Could this be one of our keys? Anything else is refused without touching the store."""
    return len(secret) == SECRET_LENGTH and secret.startswith(PREFIX) and set(secret[len(PREFIX) :]) <= _ALPHABET
