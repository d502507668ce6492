"""PromptService: versions, latest and rollback, identical pushes, the cache, and diffs."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from orkester.errors import NotFoundError, RequestError, StoreUnreachableError
from orkester.prompts import MemoryPromptStore, PromptDraft, PromptRef, PromptService, PromptVersion, Variable
from orkester.prompts.views import as_text, diff
from tests.unit.keys.clocks import START, Clock

CUSTOMER = (Variable("customer"),)


def draft(body: str, *, task_type: str | None = None, description: str = "") -> PromptDraft:
    return PromptDraft("quote", body, CUSTOMER, task_type, description)


async def system(service: PromptService, ref: str, **values: str) -> str | None:
    return (await service.render(ref, values)).system


async def test_versions_count_up_and_a_bare_name_or_latest_means_the_active_one(service: PromptService) -> None:
    v1 = (await service.push(draft("One {{ customer }}"), by="ann")).version
    v2 = (await service.push(draft("Two {{ customer }}", task_type="quote"))).version
    assert (v1.ref, v2.ref, v1.created_by, v2.task_type) == ("quote@1", "quote@2", "ann", "quote")
    assert await system(service, "quote", customer="Ada") == "Two Ada"
    assert await system(service, "quote@latest", customer="Ada") == "Two Ada"
    assert await system(service, "quote@1", customer="Ada") == "One Ada"
    rendered = await service.render(PromptRef("quote", 2), {"customer": "Bo"})
    assert (rendered.ref, rendered.task_type) == ("quote@2", "quote")


async def test_a_version_pushed_without_activating_waits_for_a_rollback_to_it(service: PromptService) -> None:
    await service.push(draft("One {{ customer }}"), activate=False)  # the first version is served anyway
    pushed = await service.push(draft("Two {{ customer }}"), activate=False)
    assert pushed.created and await system(service, "quote", customer="A") == "One A"
    assert await system(service, "quote@2", customer="A") == "Two A"
    template = await service.rollback("quote", 2)
    assert template.active_version == 2 and await system(service, "quote", customer="A") == "Two A"


async def test_rollback_moves_the_pointer_and_keeps_every_version(service: PromptService, clock: Clock) -> None:
    for word in ("One", "Two", "Three"):
        await service.push(draft(word + " {{ customer }}"))
    clock.advance(60)
    back = await service.rollback("quote", by="carl")
    assert (back.active_version, back.latest_version, back.updated_by, back.updated_at) == (2, 3, "carl", clock.now)
    assert await system(service, "quote", customer="A") == "Two A"
    assert (await service.rollback("quote")).active_version == 1
    with pytest.raises(RequestError, match="no earlier version"):
        await service.rollback("quote")
    # forward again, to the latest; the numbered versions never changed
    assert (await service.rollback("quote", 3)).active_version == 3
    assert [v.body for v in await service.versions("quote")] == [
        "One {{ customer }}",
        "Two {{ customer }}",
        "Three {{ customer }}",
    ]
    with pytest.raises(NotFoundError, match="'quote@7' does not exist"):
        await service.rollback("quote", 7)
    with pytest.raises(NotFoundError, match="'nope' does not exist"):
        await service.rollback("nope")


async def test_pushing_what_the_latest_version_says_makes_no_new_version(service: PromptService) -> None:
    first = await service.push(draft("One {{ customer }}"))
    again = await service.push(draft("One {{ customer }}"))
    assert first.created and not again.created and again.version == first.version
    changed = await service.push(draft("One {{ customer }}", description="now described"))
    assert changed.created and changed.version.version == 2
    # identical to the latest but not active: the push serves it again
    await service.rollback("quote", 1)
    assert not (await service.push(draft("One {{ customer }}", description="now described"))).created
    template = await service.template("quote")
    assert template is not None and template.active_version == 2


async def test_unknown_names_and_versions_are_404_and_name_nothing_else(service: PromptService) -> None:
    await service.push(draft("secret text of quote {{ customer }}"))
    for ref in ("nope", "nope@1", "quote@2"):
        with pytest.raises(NotFoundError) as e:
            await service.render(ref, {})
        assert e.value.status == 404 and e.value.code == "prompt_not_found"
        assert e.value.message == f"Prompt template {ref!r} does not exist."
    with pytest.raises(RequestError, match="not a prompt template reference"):
        await service.render("bad name", {})
    with pytest.raises(RequestError, match="must be a number from 1"):
        await service.render("quote@0", {})


async def test_a_push_checks_the_template_first(service: PromptService) -> None:
    with pytest.raises(RequestError, match="does not declare it"):
        await service.push(draft("{{ customr }}"))
    assert await service.templates() == []


@dataclass
class CountingStore(MemoryPromptStore):
    reads: int = 0
    down: bool = False

    async def version(self, name: str, version: int | None = None) -> PromptVersion | None:
        self.reads += 1
        if self.down:
            raise StoreUnreachableError("PostgreSQL is down")
        return await super().version(name, version)


async def test_the_active_version_is_cached_for_cache_seconds_and_a_push_here_is_seen_at_once() -> None:
    clock = Clock()
    store = CountingStore()
    gateway = PromptService(store, cache_seconds=5, clock=clock.wall, monotonic=clock.monotonic)
    other = PromptService(store, cache_seconds=5, clock=clock.wall, monotonic=clock.monotonic)  # another process
    await gateway.push(draft("One {{ customer }}"))
    assert await system(gateway, "quote", customer="A") == "One A"
    reads = store.reads
    for _ in range(10):
        await system(gateway, "quote", customer="A")
    assert store.reads == reads  # served from the cache

    await other.push(draft("Two {{ customer }}"))
    clock.advance(4.9)
    assert await system(gateway, "quote", customer="A") == "One A"
    clock.advance(0.1)
    assert await system(gateway, "quote", customer="A") == "Two A"

    await gateway.rollback("quote")  # through this process: at once
    assert await system(gateway, "quote", customer="A") == "One A"
    await gateway.push(draft("Three {{ customer }}"))
    assert await system(gateway, "quote", customer="A") == "Three A"


async def test_a_numbered_version_is_read_once_and_an_unknown_one_again_after_cache_seconds() -> None:
    clock = Clock()
    store = CountingStore()
    service = PromptService(store, cache_seconds=5, clock=clock.wall, monotonic=clock.monotonic)
    await service.push(draft("One {{ customer }}"))
    await system(service, "quote@1", customer="A")
    reads = store.reads
    clock.advance(3600)
    await system(service, "quote@1", customer="A")
    assert store.reads == reads
    with pytest.raises(NotFoundError):
        await service.render("quote@2", {})
    other = PromptService(store)
    await other.push(draft("Two {{ customer }}"))
    with pytest.raises(NotFoundError):
        await service.render("quote@2", {})  # still the cached "no such version"
    clock.advance(5)
    assert await system(service, "quote@2", customer="A") == "Two A"


async def test_an_unreachable_store_serves_the_last_known_version() -> None:
    clock = Clock()
    store = CountingStore()
    service = PromptService(store, cache_seconds=5, clock=clock.wall, monotonic=clock.monotonic)
    await service.push(draft("One {{ customer }}"))
    assert await system(service, "quote", customer="A") == "One A"
    store.down = True
    clock.advance(10)
    assert await system(service, "quote", customer="A") == "One A"
    reads = store.reads
    assert await system(service, "quote", customer="A") == "One A"
    assert store.reads == reads  # tried again only after cache_seconds
    with pytest.raises(StoreUnreachableError):
        await service.render("other", {})  # never seen: fails closed (503)


def test_diff_shows_body_and_header_changes() -> None:
    old = PromptVersion("quote", 1, "Hello {{ customer }}.\nBye.", CUSTOMER, None, "", START)
    new = PromptVersion(
        "quote",
        2,
        "Hello {{ customer }}!\nBye.\n",
        (*CUSTOMER, Variable("tone", required=False, default="dry", description="how")),
        "quote",
        "v2",
        START,
    )
    text = diff(old, new)
    assert text.startswith("--- quote@1\n+++ quote@2\n")
    lines = text.splitlines()
    for line in (
        "-task_type: -",
        "+task_type: quote",
        "+description: v2",
        "+  tone (default 'dry'): how",
        "-Hello {{ customer }}.",
        "+Hello {{ customer }}!",
        " Bye.",
    ):
        assert line in lines
    assert diff(old, old) == ""
    assert as_text(old).endswith("variables:\n  customer (required)\n---\nHello {{ customer }}.\nBye.\n")
