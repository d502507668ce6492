"""Where teams and keys live: the :class:`KeyStore` protocol, the memory store, and opening one by URL.

The URL is ``storage.url``, the same the audit log uses: ``sqlite:///path`` (default), ``postgresql://…``
(several replicas share keys) or ``memory://`` (tests; nothing is kept). Changes go through
``change_team``/``change_key``, which apply a function to the current row inside a transaction that
holds the row's write lock, so two admins editing one key at once never lose each other's change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

from ..errors import ConfigError, RequestError, StorageError
from ..storage.urls import url_scheme
from .model import Key, Team

TeamChange = Callable[[Team], Team]
KeyChange = Callable[[Key], Key]


class KeyStore(Protocol):
    url: str

    async def open(self, *, create: bool = True) -> None:
        """Connect; with ``create``, make the tables when missing, else fail if they are absent."""
        ...

    async def close(self) -> None: ...

    async def add_team(self, team: Team) -> None:
        """Store a new team; RequestError (code ``name_taken``) when its name is used."""
        ...

    async def change_team(self, team_id: str, change: TeamChange) -> Team | None:
        """Replace the team with ``change(current)`` under its row lock; None when there is no such team."""
        ...

    async def team(self, team_id: str) -> Team | None: ...

    async def team_named(self, name: str) -> Team | None: ...

    async def teams(self) -> list[Team]:
        """Every team, by name."""
        ...

    async def add_key(self, key: Key) -> None:
        """Store a new key; its team must exist."""
        ...

    async def change_key(self, key_id: str, change: KeyChange) -> Key | None:
        """Replace the key with ``change(current)`` under its row lock; None when there is no such key."""
        ...

    async def key(self, key_id: str) -> Key | None: ...

    async def keys(self, team_id: str | None = None) -> list[Key]:
        """Keys (of one team, or all), oldest first, revoked and expired included."""
        ...

    async def lookup(self, secret_hash: str) -> tuple[Key, Team] | None:
        """The key with this digest and its team, in one read."""
        ...

    async def touch(self, used: Mapping[str, datetime]) -> None:
        """Record when keys were last used (key id → time); never moves a time backwards."""
        ...


def name_taken(name: str) -> RequestError:
    return RequestError(f"A team named {name!r} already exists.", param="name", code="name_taken")


@dataclass
class MemoryKeyStore:
    """``memory://``: dicts in this process. Every method runs without awaiting, so each is atomic."""

    url: str = "memory://"
    team_rows: dict[str, Team] = field(default_factory=dict)
    key_rows: dict[str, Key] = field(default_factory=dict)

    async def open(self, *, create: bool = True) -> None:
        return None

    async def close(self) -> None:
        return None

    async def add_team(self, team: Team) -> None:
        if any(t.name == team.name for t in self.team_rows.values()):
            raise name_taken(team.name)
        if team.id in self.team_rows:
            raise StorageError(f"team id {team.id} already exists")
        self.team_rows[team.id] = team

    async def change_team(self, team_id: str, change: TeamChange) -> Team | None:
        current = self.team_rows.get(team_id)
        if current is None:
            return None
        new = replace(change(current), id=team_id)
        if any(t.name == new.name and t.id != team_id for t in self.team_rows.values()):
            raise name_taken(new.name)
        self.team_rows[team_id] = new
        return new

    async def team(self, team_id: str) -> Team | None:
        return self.team_rows.get(team_id)

    async def team_named(self, name: str) -> Team | None:
        return next((t for t in self.team_rows.values() if t.name == name), None)

    async def teams(self) -> list[Team]:
        return sorted(self.team_rows.values(), key=lambda t: t.name)

    async def add_key(self, key: Key) -> None:
        if key.team_id not in self.team_rows:
            raise RequestError(f"No team with id {key.team_id!r}.", param="team", code="not_found")
        if key.id in self.key_rows or any(k.secret_hash == key.secret_hash for k in self.key_rows.values()):
            raise StorageError(f"key {key.id} already exists")
        self.key_rows[key.id] = key

    async def change_key(self, key_id: str, change: KeyChange) -> Key | None:
        current = self.key_rows.get(key_id)
        if current is None:
            return None
        new = replace(change(current), id=key_id, secret_hash=current.secret_hash)
        self.key_rows[key_id] = new
        return new

    async def key(self, key_id: str) -> Key | None:
        return self.key_rows.get(key_id)

    async def keys(self, team_id: str | None = None) -> list[Key]:
        rows = [k for k in self.key_rows.values() if team_id is None or k.team_id == team_id]
        return sorted(rows, key=lambda k: (k.created_at, k.id))

    async def lookup(self, secret_hash: str) -> tuple[Key, Team] | None:
        key = next((k for k in self.key_rows.values() if k.secret_hash == secret_hash), None)
        return None if key is None else (key, self.team_rows[key.team_id])

    async def touch(self, used: Mapping[str, datetime]) -> None:
        for key_id, at in used.items():
            key = self.key_rows.get(key_id)
            if key is not None and (key.last_used_at is None or key.last_used_at < at):
                self.key_rows[key_id] = replace(key, last_used_at=at)


def key_store(url: str) -> KeyStore:
    """The (unopened) key store for ``url``; ConfigError naming the known schemes when none fits."""
    scheme = url_scheme(url)
    if scheme == "memory":
        return MemoryKeyStore(url)
    if scheme == "sqlite":
        from .sqlite import SqliteKeyStore

        return SqliteKeyStore(url)
    if scheme in ("postgresql", "postgres"):
        from .postgres import PostgresKeyStore

        return PostgresKeyStore(url)
    raise ConfigError(f"Storage URL {url!r} cannot hold keys; known schemes: memory, postgresql, sqlite")


async def open_key_store(url: str, *, create: bool = True) -> KeyStore:
    """The key store for ``url``, connected; with ``create``, its tables made when missing."""
    store = key_store(url)
    await store.open(create=create)
    return store
