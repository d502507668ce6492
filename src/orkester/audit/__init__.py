"""The audit trail: every data-protection decision, appended to a hash-chained log in the store.

``record`` holds the entry type (no field can carry a detected value), ``chain`` the canonical form,
hashing and verification, ``log`` the :class:`AuditLog` the gateway and the CLI use.
"""

from .chain import GENESIS_HASH, VerifyResult
from .log import AuditLog
from .record import AuditEntry, AuditRecord, ChainHead

__all__ = ["GENESIS_HASH", "AuditEntry", "AuditLog", "AuditRecord", "ChainHead", "VerifyResult"]
