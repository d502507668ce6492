"""KeyService over the memory store and a real SQLite file: the same behaviour from both."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest

from orkester.errors import RequestError, StorageError, StoreUnreachableError
from orkester.keys import Key, KeyLimits, KeyService, MemoryKeyStore, Scope, Team, open_key_store
from orkester.keys.secrets import generate

from .clocks import Clock


async def test_a_created_key_authenticates_as_its_key_and_team(service: KeyService) -> None:
    team = await service.create_team("payments", KeyLimits(rpm=600, budget_month_usd=500.0), {"cc": "42"})
    created = await service.create_key(
        "payments", "ci-bot", KeyLimits(allowed_models=("gpt-4o-mini",), budget_day_usd=5.0, rpm=60)
    )
    assert created.key.team_id == team.id and created.key.prefix == created.secret[:8]
    result = await service.authenticate(created.secret)
    p = result.principal
    assert result.reason is None and p is not None
    assert (p.key_id, p.key_name, p.team_id, p.team_name) == (created.key.id, "ci-bot", team.id, "payments")
    assert p.allowed_models == frozenset({"gpt-4o-mini"}) and p.metadata == {"cc": "42"}
    assert p.scopes == (
        Scope("key", created.key.id, budget_day_usd=5.0, rpm=60),
        Scope("team", team.id, budget_month_usd=500.0, rpm=600),
    )


async def test_the_store_never_holds_the_secret(service: KeyService) -> None:
    await service.create_team("t")
    created = await service.create_key("t", "k")
    stored = await service.get_key(created.key.id)
    assert stored is not None and created.secret not in repr(stored) and created.secret[8:] not in repr(stored)
    assert created.secret not in repr(await service.list_keys())


async def test_unknown_and_malformed_secrets_are_refused_as_unknown(service: KeyService) -> None:
    await service.create_team("t")
    await service.create_key("t", "k")
    for secret in (generate(), "ork-short", "", None, "sk-" + "a" * 40):
        result = await service.authenticate(secret)
        assert result.principal is None and result.reason == "unknown" and result.message == "Invalid API key."


async def test_revocation_applies_at_once_in_the_revoking_process_and_keeps_the_first_time(
    service: KeyService, clock: Clock
) -> None:
    await service.create_team("t")
    created = await service.create_key("t", "k")
    assert (await service.authenticate(created.secret)).principal is not None  # now cached
    first = await service.revoke_key(created.key.id)
    result = await service.authenticate(created.secret)
    assert result.reason == "revoked" and result.message == "This API key has been revoked."
    clock.advance(60)
    again = await service.revoke_key(created.key.id)
    assert first is not None and again is not None and again.revoked_at == first.revoked_at
    assert again.status(clock.now) == "revoked"
    assert await service.revoke_key("no-such-key") is None


async def test_a_key_expires_on_time_even_while_cached(service: KeyService, clock: Clock) -> None:
    await service.create_team("t")
    created = await service.create_key("t", "k", expires_at=clock.now + timedelta(hours=1))
    assert (await service.authenticate(created.secret)).principal is not None
    clock.advance(3599)
    assert (await service.authenticate(created.secret)).principal is not None
    clock.advance(1)
    assert (await service.authenticate(created.secret)).reason == "expired"
    with pytest.raises(RequestError, match="expires_at: must be in the future"):
        await service.create_key("t", "late", expires_at=clock.now)


async def test_a_revocation_elsewhere_takes_effect_within_cache_seconds(store_url: str, clock: Clock) -> None:
    store = await open_key_store(store_url)
    # The other replica: the same memory store object, or its own connection to the same SQLite file.
    other_store = store if store_url == "memory://" else await open_key_store(store_url)
    gateway = KeyService(store, cache_seconds=5.0, clock=clock.wall, monotonic=clock.monotonic)
    admin = KeyService(other_store, cache_seconds=5.0, clock=clock.wall, monotonic=clock.monotonic)
    try:
        await admin.create_team("t")
        created = await admin.create_key("t", "k")
        assert (await gateway.authenticate(created.secret)).principal is not None
        await admin.revoke_key(created.key.id)
        clock.advance(4.9)
        assert (await gateway.authenticate(created.secret)).principal is not None  # served from the cache
        clock.advance(0.1)
        assert (await gateway.authenticate(created.secret)).reason == "revoked"
    finally:
        await gateway.close()
        if other_store is not store:
            await admin.close()


@dataclass
class CountingStore(MemoryKeyStore):
    lookups: int = 0
    touches: list[dict[str, datetime]] = field(default_factory=list)
    fail_touch: bool = False
    touched: asyncio.Event = field(default_factory=asyncio.Event)
    attempts: int = 0

    async def lookup(self, secret_hash: str) -> tuple[Key, Team] | None:
        self.lookups += 1
        return await super().lookup(secret_hash)

    async def touch(self, used: Mapping[str, datetime]) -> None:
        self.attempts += 1
        if self.fail_touch:
            self.fail_touch = False
            raise StorageError("database down")
        if used:
            self.touches.append(dict(used))
            self.touched.set()
        await super().touch(used)


async def test_one_store_read_per_key_per_cache_period_and_none_with_cache_zero(clock: Clock) -> None:
    store = CountingStore()
    service = KeyService(store, cache_seconds=5.0, clock=clock.wall, monotonic=clock.monotonic)
    await service.create_team("t")
    created = await service.create_key("t", "k")
    for _ in range(100):
        assert (await service.authenticate(created.secret)).principal is not None
    assert store.lookups == 1
    clock.advance(5)
    await service.authenticate(created.secret)
    assert store.lookups == 2
    service.cache_seconds = 0
    await service.authenticate(created.secret)
    await service.authenticate(created.secret)
    assert store.lookups == 4


async def test_last_used_is_batched_not_written_per_request(clock: Clock) -> None:
    store = CountingStore()
    service = KeyService(store, clock=clock.wall, monotonic=clock.monotonic)
    await service.create_team("t")
    a, b = await service.create_key("t", "a"), await service.create_key("t", "b")
    for _ in range(10):
        await service.authenticate(a.secret)
        clock.advance(1)
    await service.authenticate(b.secret)
    assert store.touches == [] and store.key_rows[a.key.id].last_used_at is None
    assert await service.flush_usage() == 2
    assert store.touches == [{a.key.id: clock.now - timedelta(seconds=1), b.key.id: clock.now}]
    assert store.key_rows[b.key.id].last_used_at == clock.now
    assert await service.flush_usage() == 0


async def test_a_failed_flush_keeps_the_times_for_the_next_one(clock: Clock) -> None:
    store = CountingStore()
    service = KeyService(store, clock=clock.wall, monotonic=clock.monotonic)
    await service.create_team("t")
    created = await service.create_key("t", "k")
    await service.authenticate(created.secret)
    store.fail_touch = True
    with pytest.raises(StorageError):
        await service.flush_usage()
    store.fail_touch = False
    assert await service.flush_usage() == 1
    assert store.key_rows[created.key.id].last_used_at == clock.now


async def test_updates_change_only_what_they_name_and_apply_at_once(service: KeyService, clock: Clock) -> None:
    await service.create_team("t", KeyLimits(rpm=100))
    created = await service.create_key("t", "k", KeyLimits(tpm=1000), {"a": "1"}, clock.now + timedelta(days=1))
    await service.authenticate(created.secret)
    key = await service.update_key(created.key.id, {"rpm": 10, "expires_at": None, "metadata": {"b": "2"}})
    assert key is not None and key.limits == KeyLimits(rpm=10, tpm=1000)
    assert key.expires_at is None and key.metadata == {"b": "2"} and key.name == "k"
    team = await service.update_team("t", {"rpm": None, "min_data_class": "confidential", "name": "t2"})
    assert team is not None and team.limits == KeyLimits(min_data_class="confidential") and team.name == "t2"
    p = (await service.authenticate(created.secret)).principal
    assert p is not None and p.scopes[0].rpm == 10 and p.scopes[1].rpm is None
    assert p.min_data_class == "confidential" and p.team_name == "t2"
    assert await service.update_key("nope", {"rpm": 1}) is None and await service.update_team("nope", {}) is None


@pytest.mark.parametrize(
    ("changes", "param"),
    [
        ({"min_data_class": "secret"}, "min_data_class"),
        ({"rpm": 0}, "rpm"),
        ({"tpm": True}, "tpm"),
        ({"budget_day_usd": -1}, "budget_day_usd"),
        ({"budget_total_usd": float("nan")}, "budget_total_usd"),
        ({"allowed_models": []}, "allowed_models"),
        ({"secret_hash": "x"}, "secret_hash"),
        ({"name": " "}, "name"),
        ({"metadata": {"k": 1}}, "metadata.k"),
    ],
)
async def test_invalid_changes_are_refused_and_change_nothing(
    service: KeyService, changes: dict[str, object], param: str
) -> None:
    await service.create_team("t")
    created = await service.create_key("t", "k", KeyLimits(rpm=5))
    with pytest.raises(RequestError) as e:
        await service.update_key(created.key.id, changes)
    assert e.value.param == param
    assert await service.get_key(created.key.id) == created.key


async def test_team_names_are_unique_and_keys_need_an_existing_team(service: KeyService) -> None:
    a = await service.create_team("alpha")
    await service.create_team("beta")
    for attempt in (service.create_team("alpha"), service.update_team("beta", {"name": "alpha"})):
        with pytest.raises(RequestError) as e:
            await attempt
        assert e.value.code == "name_taken"
    with pytest.raises(RequestError, match="No team with id or name 'gamma'"):
        await service.create_key("gamma", "k")
    assert await service.find_team(a.id) == a and await service.find_team("alpha") == a
    assert [t.name for t in await service.list_teams()] == ["alpha", "beta"]


async def test_keys_list_by_team_oldest_first_and_has_active_keys(service: KeyService, clock: Clock) -> None:
    assert not await service.has_active_keys()
    await service.create_team("a")
    await service.create_team("b")
    k1 = await service.create_key("a", "one")
    clock.advance(1)
    k2 = await service.create_key("b", "two")
    clock.advance(1)
    k3 = await service.create_key("a", "three")
    assert [k.id for k in await service.list_keys()] == [k1.key.id, k2.key.id, k3.key.id]
    assert [k.id for k in await service.list_keys("a")] == [k1.key.id, k3.key.id]
    assert await service.has_active_keys()
    for k in (k1, k2, k3):
        await service.revoke_key(k.key.id)
    assert not await service.has_active_keys()


async def test_the_background_flusher_writes_and_survives_a_failed_flush(
    clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    store = CountingStore(fail_touch=True)
    service = KeyService(store, clock=clock.wall, monotonic=clock.monotonic, flush_seconds=0)
    await service.create_team("t")
    created = await service.create_key("t", "k")
    await service.authenticate(created.secret)
    with caplog.at_level(logging.WARNING, logger="orkester.keys"):
        await service.start()
        await asyncio.wait_for(store.touched.wait(), 10)
        await service.close()
    assert store.attempts >= 2 and store.touches[0] == {created.key.id: clock.now}
    assert "could not record when keys were last used (will retry): database down" in caplog.text


@dataclass
class OutageStore(CountingStore):
    """A key store whose database can be switched off: reads then raise StoreUnreachableError."""

    down: bool = False
    refuse: bool = False

    async def lookup(self, secret_hash: str) -> tuple[Key, Team] | None:
        if self.down:
            self.lookups += 1
            raise StoreUnreachableError("PostgreSQL key store at postgresql://db: connection refused")
        if self.refuse:
            raise StorageError("PostgreSQL key store at postgresql://db: relation api_keys does not exist")
        return await super().lookup(secret_hash)


async def _outage_service(clock: Clock) -> tuple[OutageStore, KeyService, str]:
    store = OutageStore()
    service = KeyService(store, cache_seconds=5.0, stale_seconds=60.0, clock=clock.wall, monotonic=clock.monotonic)
    await service.create_team("t")
    created = await service.create_key("t", "k")
    return store, service, created.secret


async def test_an_outage_serves_known_keys_from_their_last_row_and_retries_once_per_period(clock: Clock) -> None:
    store, service, secret = await _outage_service(clock)
    assert (await service.authenticate(secret)).principal is not None
    store.down = True
    clock.advance(5)  # the cached row is due for a refresh, and the store cannot be reached
    for _ in range(20):
        assert (await service.authenticate(secret)).principal is not None
    assert store.lookups == 2  # one successful read, then one failed try for the whole period
    clock.advance(5)
    await service.authenticate(secret)
    assert store.lookups == 3
    store.down = False
    clock.advance(5)
    assert (await service.authenticate(secret)).principal is not None
    assert store.lookups == 4  # back to normal reads


async def test_stale_rows_are_served_for_stale_seconds_then_fail_closed(clock: Clock) -> None:
    store, service, secret = await _outage_service(clock)
    await service.authenticate(secret)
    store.down = True
    clock.advance(5)
    assert (await service.authenticate(secret)).principal is not None
    clock.advance(59)
    assert (await service.authenticate(secret)).principal is not None
    clock.advance(1)
    with pytest.raises(StoreUnreachableError):
        await service.authenticate(secret)


async def test_a_key_never_seen_fails_closed_during_an_outage(clock: Clock) -> None:
    store, service, _ = await _outage_service(clock)
    other = await service.create_key("t", "never-used")
    service._cache.clear()  # a replica that has not seen the key (nor preloaded it)
    store.down = True
    with pytest.raises(StoreUnreachableError):
        await service.authenticate(other.secret)


async def test_start_preloads_active_keys_so_an_outage_right_after_serves_them(clock: Clock) -> None:
    store, service, secret = await _outage_service(clock)
    revoked = await service.create_key("t", "gone")
    await service.revoke_key(revoked.key.id)
    service._cache.clear()
    await service.start()
    store.down = True
    assert (await service.authenticate(secret)).principal is not None
    assert store.lookups == 0  # from the preload, without a read
    with pytest.raises(StoreUnreachableError):
        await service.authenticate(revoked.secret)  # only active keys are preloaded
    await service.close()


async def test_a_store_that_answers_with_an_error_is_not_an_outage(clock: Clock) -> None:
    store, service, secret = await _outage_service(clock)
    await service.authenticate(secret)
    store.refuse = True
    clock.advance(5)
    with pytest.raises(StorageError) as raised:
        await service.authenticate(secret)
    assert not isinstance(raised.value, StoreUnreachableError)
