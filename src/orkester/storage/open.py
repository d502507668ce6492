"""Choose a store by the URL's scheme, through the registry (``sqlite``, ``postgresql``, ``memory`` built in)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..plugins import Registry, load_registry
from .urls import url_scheme

if TYPE_CHECKING:
    from .base import AuditStore


def audit_store(url: str, registry: Registry | None = None) -> AuditStore:
    """The (unopened) audit store for ``url``; ConfigError naming the known schemes when none fits."""
    scheme = url_scheme(url)
    if not scheme:
        raise ConfigError(f"Storage URL {url!r} has no scheme (e.g. sqlite:///.orkester/orkester.db)")
    return (registry or load_registry()).store_factory(scheme)(url)


async def open_audit_store(url: str, registry: Registry | None = None, *, create: bool = True) -> AuditStore:
    """The audit store for ``url``, connected; with ``create``, its tables made when missing."""
    store = audit_store(url, registry)
    await store.open(create=create)
    return store
