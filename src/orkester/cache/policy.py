"""Whether a request reads and keeps cached answers, and how (pure: no I/O, testable from a context).

The mode comes from the first of: the request (``x-orkester-cache`` / ``metadata.cache``: ``exact``,
``semantic``, ``off``, or ``refresh`` — call the model and replace what is kept), the key, its team, and
the configured ``cache.mode`` (default ``off``: caching is opted into). Then the data class decides whether
the mode may apply at all: only the classes in ``cache.classes`` (default ``public`` and ``internal``) are
ever kept, so a confidential answer is not cached unless the configuration says so. A request nothing
classified (guardrails off) has the class ``unclassified``, which is cached only when listed. Chat only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..errors import RequestError
from ..settings import UNCLASSIFIED, CacheMode, Settings

if TYPE_CHECKING:
    from ..pipeline.context import RequestContext

_ASKED = ("exact", "semantic", "off", "refresh")
_DEFAULT_CLASSES = ("public", "internal")


@dataclass(frozen=True, slots=True)
class Decision:
    mode: Literal["exact", "semantic"]
    #: look for a kept answer (False for ``refresh``)
    read: bool = True
    #: keep this request's answer
    write: bool = True
    #: why neither happens although caching was asked for (the request's data class)
    bypass: str | None = None

    @property
    def semantic(self) -> bool:
        return self.mode == "semantic"


def cacheable_classes(settings: Settings) -> frozenset[str]:
    if settings.cache.classes is not None:
        return frozenset(settings.cache.classes)
    return frozenset(c for c in _DEFAULT_CLASSES if c in settings.guardrails.classes)


def asked_mode(ctx: RequestContext) -> str | None:
    raw = ctx.controls.get("cache")
    if raw is None:
        return None
    value = raw.strip().lower()
    if value not in _ASKED:
        raise RequestError(
            f"x-orkester-cache: must be one of {', '.join(_ASKED)} (got {raw!r})",
            param="x-orkester-cache",
            code="invalid_value",
        )
    return value


class CachePolicy:
    def __init__(self, settings: Settings) -> None:
        self.default: CacheMode = settings.cache.mode
        self.classes = cacheable_classes(settings)

    def decide(self, ctx: RequestContext) -> Decision | None:
        """None when the request does not use the cache at all."""
        if ctx.kind != "chat":
            return None
        asked = asked_mode(ctx)
        configured = (ctx.key.cache if ctx.key is not None else None) or self.default
        mode = asked or configured
        if mode == "off":
            return None
        read = True
        if mode == "refresh":
            read = False
            mode = configured if configured != "off" else "exact"
        kind: Literal["exact", "semantic"] = "semantic" if mode == "semantic" else "exact"
        data_class = ctx.classification.final if ctx.classification is not None else UNCLASSIFIED
        if data_class not in self.classes:
            return Decision(kind, read=False, write=False, bypass=f"data_class={data_class}")
        return Decision(kind, read=read)
