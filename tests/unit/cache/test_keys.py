"""A request's namespace and digests: what changes the answer changes the key, and nothing else does."""

from __future__ import annotations

from typing import Any

from orkester.cache.keys import fingerprint, namespace
from orkester.types import ChatRequest

BASE: dict[str, Any] = {
    "model": "cheap",
    "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hva er klokka?"}],
    "temperature": 0.2,
}
NS = namespace("t1", "internal")


def fp(controls: dict[str, str] | None = None, ns: str = NS, **changes: Any) -> Any:
    return fingerprint(ChatRequest.model_validate({**BASE, **changes}), controls or {}, ns)


def test_the_namespace_is_the_team_and_the_data_class() -> None:
    assert namespace("t1", "public") == "team-t1/public"
    assert namespace(None, "public") == "operator/public"
    assert fp().key.startswith("team-t1/internal/")
    assert fp(ns=namespace("t2", "internal")).exact != fp().exact
    assert fp(ns=namespace("t1", "public")).exact != fp().exact


def test_fields_that_shape_the_answer_change_the_key() -> None:
    same = fp().exact
    for change in (
        {"model": "pricey"},
        {"temperature": 0.3},
        {"seed": 7},
        {"max_tokens": 10},
        {"stop": ["\n"]},
        {"tools": [{"type": "function", "function": {"name": "f"}}]},
        {"response_format": {"type": "json_object"}},
        {"vendor_extension": 1},  # passed through to the upstream, so it counts
    ):
        assert fp(**change).exact != same, change
    assert fp({"task": "code"}).exact != same
    assert fp({"quality": "critical"}).exact != same


def test_fields_that_do_not_change_the_answer_share_it() -> None:
    same = fp().exact
    assert fp(stream=True, stream_options={"include_usage": True}).exact == same
    assert fp(metadata={"cache": "exact", "trace": "abc"}).exact == same
    assert fp(user="end-user-42").exact == same
    assert fp({"cache": "semantic", "deadline_ms": "500", "data_class": "internal"}).exact == same


def test_the_context_digest_leaves_out_only_the_last_question() -> None:
    a = fp()
    b = fp(messages=[BASE["messages"][0], {"role": "user", "content": "Hvor mye er klokka?"}])
    assert a.exact != b.exact and a.context == b.context and a.bucket == b.bucket
    assert a.text == "Hva er klokka?"
    other_system = fp(messages=[{"role": "system", "content": "Be long."}, BASE["messages"][1]])
    assert other_system.context != a.context
    assert fp(temperature=0.9).context != a.context


def test_no_semantic_matching_after_a_tool_result_or_with_an_image() -> None:
    tool = fp(messages=[*BASE["messages"], {"role": "tool", "tool_call_id": "c1", "content": "42"}])
    assert tool.context is None and tool.text is None and tool.bucket is None
    image = [{"type": "text", "text": "Hva er dette?"}, {"type": "image_url", "image_url": {"url": "data:,x"}}]
    assert fp(messages=[{"role": "user", "content": image}]).context is None
