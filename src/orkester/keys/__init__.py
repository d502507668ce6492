"""Virtual keys and teams: keys are shown once and stored hashed; teams own keys; both carry limits.

``model`` holds the types (:class:`Key`, :class:`Team`, :class:`KeyLimits`, and :class:`Principal`,
the identity a request resolves to, with one :class:`Scope` per key and per team for budgets and
rate limits), ``secrets`` making and hashing secrets, ``store`` the :class:`KeyStore` protocol and
the memory store, ``sqlite``/``postgres`` the SQL stores, ``service`` the :class:`KeyService` the
gateway, the admin API and the CLI use. Docs: ``docs/keys.md``.
"""

from .model import AuthResult, Key, KeyLimits, Principal, Scope, Team
from .openmode import open_mode_notice
from .service import CreatedKey, KeyService
from .store import KeyStore, MemoryKeyStore, key_store, open_key_store

__all__ = [
    "AuthResult",
    "CreatedKey",
    "Key",
    "KeyLimits",
    "KeyService",
    "KeyStore",
    "MemoryKeyStore",
    "Principal",
    "Scope",
    "Team",
    "key_store",
    "open_key_store",
    "open_mode_notice",
]
