"""``KeyService``: what the gateway, the admin API and the CLI use to manage and check keys.

``authenticate`` hashes the presented secret and looks the digest up, through a small per-process
cache: a key (or an unknown digest) is read from the store at most once every ``cache_seconds``, so a
revocation made anywhere takes effect everywhere within that time (at once in the process that made it).
Expiry is checked against the clock on every call, not when the row was cached.

When the store cannot be reached (:class:`~orkester.errors.StoreUnreachableError`: PostgreSQL down), a
key this process has seen — looked up, or loaded by :meth:`start`, which reads every key once — is served
from its last known row for up to ``stale_seconds`` (stale-if-error), and the store is tried again at most
once every ``cache_seconds`` per key, so an outage neither stops the gateway nor makes each request wait for
a connection timeout. A key the process has never seen fails closed (503), as does any other store error.

``last_used_at`` is batched: authenticate only notes the time in memory; :meth:`flush_usage` writes
every noted key in one transaction, from a background task every ``flush_seconds`` (started by
:meth:`start`) and on :meth:`close`. No request waits for that write; the column is as fresh as the flush.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from ..audit.chain import to_utc
from ..errors import RequestError, StorageError, StoreUnreachableError
from ..guardrails.entities import ClassOrder
from .model import AuthResult, Key, KeyLimits, Principal, Team, resolve
from .secrets import display_prefix, generate, hash_secret, matches, well_formed
from .store import KeyStore, open_key_store
from .validate import check_limits, check_metadata, check_name, split_changes

log = logging.getLogger("orkester.keys")
#: digests kept in the cache, known or not; the least recently used go first
CACHE_SIZE = 10_000
FLUSH_SECONDS = 60.0


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class CreatedKey:
    """A new key and its secret: the only time the secret exists outside the caller's hands."""

    key: Key
    secret: str


@dataclass(frozen=True, slots=True)
class _Cached:
    loaded: float
    key: Key | None
    principal: Principal | None
    #: when the store was first found unreachable while this row was being served (monotonic), if it was
    stale_since: float | None = None


class KeyService:
    def __init__(
        self,
        store: KeyStore,
        *,
        cache_seconds: float = 5.0,
        stale_seconds: float = 3600.0,
        classes: ClassOrder | None = None,
        clock: Callable[[], datetime] = _now,
        monotonic: Callable[[], float] = time.monotonic,
        flush_seconds: float = FLUSH_SECONDS,
    ) -> None:
        self.store = store
        self.cache_seconds = cache_seconds
        self.stale_seconds = stale_seconds
        self.classes = classes or ClassOrder()
        self.flush_seconds = flush_seconds
        self._clock = clock
        self._monotonic = monotonic
        self._cache: OrderedDict[str, _Cached] = OrderedDict()
        self._used: dict[str, datetime] = {}
        self._flusher: asyncio.Task[None] | None = None

    @classmethod
    async def open(
        cls, url: str, *, cache_seconds: float = 5.0, classes: ClassOrder | None = None, create: bool = True
    ) -> KeyService:
        """A service over the store for ``url`` (``settings.storage.url``), connected."""
        return cls(await open_key_store(url, create=create), cache_seconds=cache_seconds, classes=classes)

    def now(self) -> datetime:
        return self._clock()

    # Teams

    async def create_team(
        self, name: str, limits: KeyLimits | None = None, metadata: Mapping[str, str] | None = None
    ) -> Team:
        team = Team(
            id=uuid.uuid4().hex,
            name=check_name(name),
            limits=check_limits(limits or KeyLimits(), self.classes),
            metadata=check_metadata(metadata),
            created_at=self._clock(),
        )
        await self.store.add_team(team)
        return team

    async def find_team(self, ref: str) -> Team | None:
        """A team by id, else by name."""
        return await self.store.team(ref) or await self.store.team_named(ref)

    async def list_teams(self) -> list[Team]:
        return await self.store.teams()

    async def update_team(self, ref: str, changes: Mapping[str, Any]) -> Team | None:
        """Apply ``changes`` (``name``, ``metadata`` or limit fields; None clears a limit); None if no such team."""
        team = await self.find_team(ref)
        if team is None:
            return None
        limit_changes, other = split_changes(changes, ("name", "metadata"))

        def change(current: Team) -> Team:
            return replace(
                current,
                name=check_name(other["name"]) if "name" in other else current.name,
                metadata=check_metadata(other["metadata"]) if "metadata" in other else current.metadata,
                limits=check_limits(replace(current.limits, **limit_changes), self.classes),
            )

        updated = await self.store.change_team(team.id, change)
        self._cache.clear()  # every key of the team resolves differently now
        return updated

    # Keys

    async def create_key(
        self,
        team_ref: str,
        name: str,
        limits: KeyLimits | None = None,
        metadata: Mapping[str, str] | None = None,
        expires_at: datetime | None = None,
    ) -> CreatedKey:
        team = await self.find_team(team_ref)
        if team is None:
            raise RequestError(f"No team with id or name {team_ref!r}.", param="team", code="not_found")
        secret = generate()
        key = Key(
            id=uuid.uuid4().hex,
            name=check_name(name),
            team_id=team.id,
            prefix=display_prefix(secret),
            secret_hash=hash_secret(secret),
            limits=check_limits(limits or KeyLimits(), self.classes),
            metadata=check_metadata(metadata),
            created_at=self._clock(),
            expires_at=self._check_expiry(expires_at),
        )
        await self.store.add_key(key)
        return CreatedKey(key, secret)

    def _check_expiry(self, expires_at: datetime | None) -> datetime | None:
        if expires_at is None:
            return None
        expires_at = to_utc(expires_at)
        if expires_at <= self._clock():
            raise RequestError("expires_at: must be in the future", param="expires_at", code="invalid_value")
        return expires_at

    async def get_key(self, key_id: str) -> Key | None:
        return await self.store.key(key_id)

    async def list_keys(self, team_ref: str | None = None) -> list[Key]:
        if team_ref is None:
            return await self.store.keys()
        team = await self.find_team(team_ref)
        if team is None:
            raise RequestError(f"No team with id or name {team_ref!r}.", param="team", code="not_found")
        return await self.store.keys(team.id)

    async def update_key(self, key_id: str, changes: Mapping[str, Any]) -> Key | None:
        """Apply ``changes`` (``name``, ``metadata``, ``expires_at`` or limit fields); None if no such key."""
        limit_changes, other = split_changes(changes, ("name", "metadata", "expires_at"))
        expiry = self._check_expiry(other["expires_at"]) if other.get("expires_at") is not None else None

        def change(current: Key) -> Key:
            return replace(
                current,
                name=check_name(other["name"]) if "name" in other else current.name,
                metadata=check_metadata(other["metadata"]) if "metadata" in other else current.metadata,
                expires_at=expiry if "expires_at" in other else current.expires_at,
                limits=check_limits(replace(current.limits, **limit_changes), self.classes),
            )

        updated = await self.store.change_key(key_id, change)
        if updated is not None:
            self._cache.pop(updated.secret_hash, None)
        return updated

    async def revoke_key(self, key_id: str) -> Key | None:
        """Revoke for good (a second revoke keeps the first time); None if no such key."""
        now = self._clock()
        revoked = await self.store.change_key(key_id, lambda k: replace(k, revoked_at=k.revoked_at or now))
        if revoked is not None:
            self._cache.pop(revoked.secret_hash, None)
        return revoked

    async def has_active_keys(self) -> bool:
        """Whether any key can authenticate now (the gateway runs open without one)."""
        now = self._clock()
        return any(k.status(now) == "active" for k in await self.store.keys())

    # Requests

    async def authenticate(self, secret: str | None) -> AuthResult:
        """The principal for ``secret``, or why there is none: ``unknown``, ``revoked`` or ``expired``.

        Raises :class:`~orkester.errors.StorageError` when the store cannot be read (fail closed).
        """
        if not secret or not well_formed(secret):
            return AuthResult(reason="unknown")
        digest = hash_secret(secret)
        entry = self._fresh(digest) or await self._load(digest)
        if entry.key is None or entry.principal is None or not matches(secret, entry.key.secret_hash):
            return AuthResult(reason="unknown")
        now = self._clock()
        status = entry.key.status(now)
        if status != "active":
            return AuthResult(reason=status)
        self._used[entry.key.id] = now
        return AuthResult(principal=entry.principal)

    def _fresh(self, digest: str) -> _Cached | None:
        entry = self._cache.get(digest)
        now = self._monotonic()
        if entry is None or now - entry.loaded >= self.cache_seconds:
            return None
        if entry.stale_since is not None and now - entry.stale_since >= self.stale_seconds:
            return None  # served stale long enough: ask the store (and fail closed if it is still down)
        self._cache.move_to_end(digest)
        return entry

    async def _load(self, digest: str) -> _Cached:
        """Read ``digest`` from the store into the cache; its last known row when the store is unreachable."""
        try:
            found = await self.store.lookup(digest)
        except StoreUnreachableError:
            old = self._cache.get(digest)
            now = self._monotonic()
            if old is None or now - (old.stale_since or now) >= self.stale_seconds:
                raise
            if old.stale_since is None:
                log.warning("key store unreachable: serving keys from their last known rows for now")
            entry = replace(old, loaded=now, stale_since=old.stale_since or now)
        else:
            key, principal = (found[0], resolve(found[0], found[1], self.classes)) if found else (None, None)
            entry = _Cached(self._monotonic(), key, principal)
        self._remember(digest, entry)
        return entry

    def _remember(self, digest: str, entry: _Cached) -> None:
        self._cache[digest] = entry
        self._cache.move_to_end(digest)
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)

    async def preload(self) -> int:
        """Read every active key and its team into the cache (so an outage can serve them); how many."""
        now, loaded = self._clock(), self._monotonic()
        teams = {t.id: t for t in await self.store.teams()}
        active = [k for k in await self.store.keys() if k.status(now) == "active" and k.team_id in teams]
        for key in active[-CACHE_SIZE:]:
            self._remember(key.secret_hash, _Cached(loaded, key, resolve(key, teams[key.team_id], self.classes)))
        return len(active)

    async def flush_usage(self) -> int:
        """Write the noted last-use times; how many keys were written. Kept for the next flush on failure."""
        if not self._used:
            return 0
        used, self._used = self._used, {}
        try:
            await self.store.touch(used)
        except StorageError:
            for key_id, at in used.items():
                if self._used.get(key_id, at) <= at:
                    self._used[key_id] = at
            raise
        return len(used)

    async def start(self) -> None:
        """Load the active keys into the cache, then flush last-use times every ``flush_seconds`` until
        :meth:`close`."""
        await self.preload()
        if self._flusher is None:
            self._flusher = asyncio.create_task(self._flush_forever(), name="orkester-keys-flush")

    async def _flush_forever(self) -> None:
        while True:
            await asyncio.sleep(self.flush_seconds)
            try:
                await self.flush_usage()
            except StorageError as e:
                log.warning("could not record when keys were last used (will retry): %s", e.message)

    async def close(self) -> None:
        if self._flusher is not None:
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
            self._flusher = None
        try:
            await self.flush_usage()
        except StorageError as e:
            log.warning("could not record when keys were last used: %s", e.message)
        await self.store.close()
