"""``PromptService``: what the gateway, the admin API and the CLI use to push, roll back and render templates.

:meth:`render` is the one function a request's template goes through: reference in, messages out. A stage
that picks a version itself (an experiment's arm) calls it with that version.

Lookups go through a small per-process cache. Which version a name serves is read from the store at
most once every ``cache_seconds``, so a push or a rollback made in another process takes effect here
within that time (at once when made through this process's admin API). A numbered version never changes,
so once read it stays cached (least recently used first out); so does its compiled template. When the
store cannot be reached, the last known answer keeps being served, and the store is tried again every
``cache_seconds``.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..errors import NotFoundError, RequestError, StoreUnreachableError
from ..settings import PromptSettings
from .model import PromptDraft, PromptRef, PromptTemplate, PromptVersion
from .render import CompiledPrompt, RenderedPrompt, Renderer
from .store import PromptStore, open_prompt_store, prompt_store

log = logging.getLogger("orkester.prompts")
#: entries kept per cache (lookups, compiled templates); the least recently used go first
CACHE_SIZE = 1_000


def _now() -> datetime:
    return datetime.now(UTC)


def not_found(ref: PromptRef | str) -> NotFoundError:
    """The one answer for a name or a version that does not exist: it names nothing else."""
    return NotFoundError(
        f"Prompt template {str(ref)!r} does not exist.", param="metadata.prompt", code="prompt_not_found"
    )


@dataclass(frozen=True, slots=True)
class Pushed:
    """A push's outcome: the version, and whether it is new (a push identical to the latest is not)."""

    version: PromptVersion
    created: bool


@dataclass(frozen=True, slots=True)
class _Cached:
    loaded: float
    version: PromptVersion | None


class PromptService:
    def __init__(
        self,
        store: PromptStore,
        renderer: Renderer | None = None,
        *,
        cache_seconds: float = 5.0,
        clock: Callable[[], datetime] = _now,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.renderer = renderer or Renderer()
        self.cache_seconds = cache_seconds
        self._clock = clock
        self._monotonic = monotonic
        self._lookups: OrderedDict[PromptRef, _Cached] = OrderedDict()
        self._compiled: OrderedDict[tuple[str, int], CompiledPrompt] = OrderedDict()

    @classmethod
    def build(cls, settings: PromptSettings, url: str) -> PromptService:
        """A service with the limits of ``settings`` (``prompts``) over the store for ``url``, not yet open."""
        renderer = Renderer(
            timeout_ms=settings.render_timeout_ms,
            max_output_chars=settings.max_output_chars,
            max_template_chars=settings.max_template_chars,
        )
        return cls(prompt_store(url), renderer, cache_seconds=settings.cache_seconds)

    @classmethod
    async def open(cls, url: str, *, create: bool = True, renderer: Renderer | None = None) -> PromptService:
        """A service over the store for ``url`` (``settings.storage.url``), connected."""
        return cls(await open_prompt_store(url, create=create), renderer)

    async def close(self) -> None:
        await self.store.close()

    # --- administration -------------------------------------------------------------------------------

    async def push(self, draft: PromptDraft, *, activate: bool = True, by: str | None = None) -> Pushed:
        """Store ``draft`` as a new version (checked first; RequestError naming what is wrong).

        A draft identical to the latest version makes no new version: that one is returned (and made
        active when ``activate``), so pushing the same file twice is harmless."""
        draft = self.renderer.check(draft)
        template = await self.store.template(draft.name)
        if template is not None:
            latest = await self.store.version(draft.name, template.latest_version)
            if latest is not None and draft.same_content(latest):
                if activate and template.active_version != latest.version:
                    await self.store.activate(draft.name, latest.version, at=self._clock(), by=by)
                    self._forget(draft.name)
                return Pushed(latest, created=False)
        version = await self.store.push(draft, activate=activate, at=self._clock(), by=by)
        self._forget(draft.name)
        return Pushed(version, created=True)

    async def rollback(self, name: str, to: int | None = None, *, by: str | None = None) -> PromptTemplate:
        """Serve an earlier version again by moving the pointer: ``to``, else the highest version below the
        active one. Versions are kept as they are, so ``name@N`` means the same text before and after, and
        rolling forward again is a rollback ``to`` the later number."""
        template = await self.store.template(name)
        if template is None:
            raise not_found(name)
        if to is None:
            if template.active_version <= 1:
                raise RequestError(
                    f"{name}@1 is active: there is no earlier version to roll back to.",
                    param="version",
                    code="no_earlier",
                )
            to = template.active_version - 1
        moved = await self.store.activate(name, to, at=self._clock(), by=by)
        if moved is None:
            raise not_found(f"{name}@{to}")
        self._forget(name)
        return moved

    async def templates(self) -> list[PromptTemplate]:
        return await self.store.templates()

    async def template(self, name: str) -> PromptTemplate | None:
        return await self.store.template(name)

    async def versions(self, name: str) -> list[PromptVersion]:
        return await self.store.versions(name)

    async def get(self, ref: PromptRef) -> PromptVersion:
        """One version, read from the store (not the cache); NotFoundError when there is none."""
        found = await self.store.version(ref.name, ref.version)
        if found is None:
            raise not_found(ref)
        return found

    def _forget(self, name: str) -> None:
        for ref in [r for r in self._lookups if r.name == name]:
            del self._lookups[ref]

    # --- requests -------------------------------------------------------------------------------------

    async def resolve(self, ref: PromptRef) -> PromptVersion:
        """The version ``ref`` means now, through the cache; NotFoundError when there is none."""
        entry = self._fresh(ref) or await self._load(ref)
        if entry.version is None:
            raise not_found(ref)
        return entry.version

    async def render(self, ref: PromptRef | str, variables: Mapping[str, Any]) -> RenderedPrompt:
        """Render the version ``ref`` names (``quote``, ``quote@latest`` or ``quote@3``) with ``variables``.

        NotFoundError (404) for a name or version that does not exist; RequestError (400) naming a missing
        required variable, or saying why the template could not be rendered."""
        ref = PromptRef.parse(ref) if isinstance(ref, str) else ref
        return self.render_version(await self.resolve(ref), variables)

    def render_version(self, version: PromptVersion, variables: Mapping[str, Any]) -> RenderedPrompt:
        """Render a version already resolved (its compiled template is cached)."""
        return self.renderer.render(self._compile(version), variables)

    def _fresh(self, ref: PromptRef) -> _Cached | None:
        entry = self._lookups.get(ref)
        if entry is None:
            return None
        immutable = ref.version is not None and entry.version is not None
        if not immutable and self._monotonic() - entry.loaded >= self.cache_seconds:
            return None
        self._lookups.move_to_end(ref)
        return entry

    async def _load(self, ref: PromptRef) -> _Cached:
        try:
            found = await self.store.version(ref.name, ref.version)
        except StoreUnreachableError:
            old = self._lookups.get(ref)
            if old is None:
                raise
            log.warning("prompt store unreachable: serving %s from its last known version", ref)
            entry = _Cached(self._monotonic(), old.version)
        else:
            entry = _Cached(self._monotonic(), found)
        self._lookups[ref] = entry
        self._lookups.move_to_end(ref)
        while len(self._lookups) > CACHE_SIZE:
            self._lookups.popitem(last=False)
        return entry

    def _compile(self, version: PromptVersion) -> CompiledPrompt:
        key = (version.name, version.version)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self.renderer.compile(version)
            while len(self._compiled) > CACHE_SIZE:
                self._compiled.popitem(last=False)
        else:
            self._compiled.move_to_end(key)
        return compiled
