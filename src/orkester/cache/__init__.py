"""The response cache: exact and semantic, per tenant and data class, never across them (docs/caching.md).

``keys`` files a request under its namespace and digests; ``policy`` decides from the request, its key and
team, the configuration and the data class whether to read and keep answers; ``service`` looks answers up
and keeps them over a registered ``backend`` (``memory``, ``redis``, ``sqlite``); ``guards`` refuses
semantic hits that would answer a different question; ``entry`` stores answers and replays them as streams.
The pipeline stage is ``pipeline/cache.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .keys import Fingerprint, fingerprint, namespace
from .policy import CachePolicy, Decision
from .service import Hit, Lookup, ResponseCache

if TYPE_CHECKING:
    from ..plugins import Registry
    from ..settings import Settings

__all__ = [
    "CachePolicy",
    "Decision",
    "Fingerprint",
    "Hit",
    "Lookup",
    "ResponseCache",
    "build_cache",
    "fingerprint",
    "namespace",
]


def build_cache(settings: Settings, registry: Registry, embedder: Callable[[], Any] | None) -> ResponseCache | None:
    """The configured cache over its backend (not yet opened); None when ``cache.enabled`` is false.
    ``embedder`` returns the app's shared sentence embedder (loaded on first use)."""
    if not settings.cache.enabled:
        return None
    backend = registry.cache_backend_factory(settings.cache.backend)(settings)
    return ResponseCache(settings.cache, backend, embedder)
