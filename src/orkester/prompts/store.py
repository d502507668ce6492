"""Where prompt templates live: the :class:`PromptStore` protocol, the memory store, and opening one by URL.

The URL is ``storage.url``, the one keys and the audit log use: ``sqlite:///path`` (default),
``postgresql://…`` (replicas share templates) or ``memory://`` (tests; nothing is kept). A push numbers
the new version inside a transaction that holds the template's row, so two admins pushing at once get
two versions, one after the other, never the same number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from ..errors import ConfigError
from ..storage.urls import url_scheme
from .model import PromptDraft, PromptTemplate, PromptVersion


class PromptStore(Protocol):
    url: str

    async def open(self, *, create: bool = True) -> None:
        """Connect; with ``create``, make the tables when missing, else fail if they are absent."""
        ...

    async def close(self) -> None: ...

    async def push(self, draft: PromptDraft, *, activate: bool, at: datetime, by: str | None) -> PromptVersion:
        """Store ``draft`` as the name's next version; make it active when ``activate`` (the first version
        of a name always is)."""
        ...

    async def activate(self, name: str, version: int, *, at: datetime, by: str | None) -> PromptTemplate | None:
        """Make ``version`` the one ``name`` serves; None when there is no such name or version."""
        ...

    async def template(self, name: str) -> PromptTemplate | None: ...

    async def templates(self) -> list[PromptTemplate]:
        """Every template, by name."""
        ...

    async def version(self, name: str, version: int | None = None) -> PromptVersion | None:
        """One version of ``name``; with ``version`` None, the active one."""
        ...

    async def versions(self, name: str) -> list[PromptVersion]:
        """Every version of ``name``, oldest first (empty when there is no such name)."""
        ...


@dataclass
class _Row:
    active: int
    latest: int
    created_at: datetime
    updated_at: datetime
    updated_by: str | None
    versions: list[PromptVersion] = field(default_factory=list)


@dataclass
class MemoryPromptStore:
    """``memory://``: dicts in this process. Every method runs without awaiting, so each is atomic."""

    url: str = "memory://"
    rows: dict[str, _Row] = field(default_factory=dict)

    async def open(self, *, create: bool = True) -> None:
        return None

    async def close(self) -> None:
        return None

    async def push(self, draft: PromptDraft, *, activate: bool, at: datetime, by: str | None) -> PromptVersion:
        row = self.rows.setdefault(draft.name, _Row(0, 0, at, at, by))
        version = PromptVersion(
            draft.name, row.latest + 1, draft.body, draft.variables, draft.task_type, draft.description, at, by
        )
        row.versions.append(version)
        row.latest = version.version
        if activate or row.active == 0:
            row.active, row.updated_at, row.updated_by = version.version, at, by
        return version

    async def activate(self, name: str, version: int, *, at: datetime, by: str | None) -> PromptTemplate | None:
        row = self.rows.get(name)
        if row is None or not 1 <= version <= row.latest:
            return None
        row.active, row.updated_at, row.updated_by = version, at, by
        return self._template(name, row)

    @staticmethod
    def _template(name: str, row: _Row) -> PromptTemplate:
        active = row.versions[row.active - 1]
        return PromptTemplate(name, active, row.latest, row.created_at, row.updated_at, row.updated_by)

    async def template(self, name: str) -> PromptTemplate | None:
        row = self.rows.get(name)
        return None if row is None else self._template(name, row)

    async def templates(self) -> list[PromptTemplate]:
        return [self._template(name, row) for name, row in sorted(self.rows.items())]

    async def version(self, name: str, version: int | None = None) -> PromptVersion | None:
        row = self.rows.get(name)
        if row is None:
            return None
        number = row.active if version is None else version
        return row.versions[number - 1] if 1 <= number <= row.latest else None

    async def versions(self, name: str) -> list[PromptVersion]:
        row = self.rows.get(name)
        return [] if row is None else list(row.versions)


def prompt_store(url: str) -> PromptStore:
    """The (unopened) prompt store for ``url``; ConfigError naming the known schemes when none fits."""
    scheme = url_scheme(url)
    if scheme == "memory":
        return MemoryPromptStore(url)
    if scheme == "sqlite":
        from .sqlite import SqlitePromptStore

        return SqlitePromptStore(url)
    if scheme in ("postgresql", "postgres"):
        from .postgres import PostgresPromptStore

        return PostgresPromptStore(url)
    raise ConfigError(f"Storage URL {url!r} cannot hold prompt templates; known schemes: memory, postgresql, sqlite")


async def open_prompt_store(url: str, *, create: bool = True) -> PromptStore:
    """The prompt store for ``url``, connected; with ``create``, its tables made when missing."""
    store = prompt_store(url)
    await store.open(create=create)
    return store
