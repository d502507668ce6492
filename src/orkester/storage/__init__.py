"""Where state lives: protocols (``base``) and the built-in stores, chosen by URL scheme.

``memory://`` (tests), ``sqlite:///path`` (the default) and ``postgresql://…`` register themselves
like any third-party store would (``plugins.Registry.add_store``). The audit log is the first tenant.
"""

from .base import AuditReader, AuditStore, StoreFactory
from .open import audit_store, open_audit_store

__all__ = ["AuditReader", "AuditStore", "StoreFactory", "audit_store", "open_audit_store"]
