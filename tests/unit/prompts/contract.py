"""What every prompt store does, whatever holds it: run on memory and SQLite here, on PostgreSQL in
tests/integration/test_prompts_postgres.py."""

from __future__ import annotations

from datetime import timedelta

from orkester.prompts import PromptDraft, PromptStore, Variable
from tests.unit.keys.clocks import START

VARS = (Variable("customer", description="who asks"), Variable("tone", required=False, default="friendly"))


async def check_store(store: PromptStore) -> None:
    assert await store.templates() == [] and await store.template("quote") is None
    assert await store.version("quote") is None and await store.versions("quote") == []

    v1 = await store.push(
        PromptDraft("quote", "Hi {{ customer }}", VARS, "quote", "first"), activate=False, at=START, by="ann"
    )
    assert (v1.ref, v1.variables, v1.task_type, v1.created_by, v1.created_at) == (
        "quote@1",
        VARS,
        "quote",
        "ann",
        START,
    )
    later = START + timedelta(minutes=1)
    v2 = await store.push(PromptDraft("quote", "Hello {{ customer }}"), activate=True, at=later, by="bob")
    v3 = await store.push(PromptDraft("quote", "Hey {{ customer }}"), activate=False, at=later, by=None)
    assert (v2.version, v3.version, v2.variables, v2.task_type) == (2, 3, (), None)

    # the first version is served although not asked to be (nothing else could be); a push with activate moves
    # the pointer, one without does not
    t = await store.template("quote")
    assert t is not None and (t.active_version, t.latest_version, t.active) == (2, 3, v2)
    assert (t.created_at, t.updated_at, t.updated_by) == (START, later, "bob")
    assert await store.version("quote") == v2 and await store.version("quote", 1) == v1
    assert await store.version("quote", 4) is None and await store.version("other", 1) is None
    assert await store.versions("quote") == [v1, v2, v3]

    rolled = await store.activate("quote", 1, at=later + timedelta(minutes=1), by="carl")
    assert rolled is not None and rolled.active == v1 and rolled.latest_version == 3 and rolled.updated_by == "carl"
    assert await store.version("quote") == v1 and await store.versions("quote") == [v1, v2, v3]
    assert await store.activate("quote", 9, at=later, by=None) is None
    assert await store.activate("nope", 1, at=later, by=None) is None
    assert (await store.template("quote")) == rolled

    await store.push(PromptDraft("alpha", "A"), activate=True, at=START, by=None)
    assert [t.name for t in await store.templates()] == ["alpha", "quote"]
    assert (await store.templates())[1] == rolled
