"""Running one line: its answer or its error response, never an exception; a line throttled by its key's
rate limit waits and runs again; the owner's principal stands where authentication would have put it."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import orjson
import pytest

from orkester.batch.execute import GatewayLines, RunAs
from orkester.batch.model import Line
from orkester.errors import PermissionDeniedError, RateLimitError
from orkester.keys.model import Principal
from orkester.pipeline.context import RequestContext
from orkester.types import ChatRequest, EmbeddingResponse, Usage

EMBED = orjson.dumps({"model": "embed", "input": "a text", "metadata": {"task": "x"}}).decode()


class Observer:
    def __init__(self) -> None:
        self.done: list[tuple[str, int, str | None]] = []

    def request_done(self, ctx: Any, kind: str, status: int, elapsed: float, error: str | None = None) -> None:
        self.done.append((kind, status, error))


class Pipeline:
    """Answers with one vector after raising each of ``errors`` in turn."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self, ctx: RequestContext) -> None:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        ctx.response = EmbeddingResponse(model="embed", vectors=[[0.5]], usage=Usage(input_tokens=2))


def lines() -> tuple[GatewayLines, Observer]:
    observer = Observer()
    return GatewayLines(SimpleNamespace(observer=observer)), observer  # type: ignore[arg-type]


async def run(pipeline: Pipeline, body: str = EMBED) -> tuple[str, dict[str, Any], Observer]:
    runner, observer = lines()
    status, result = await runner.run(pipeline, "embeddings", Line("b", 1, "doc-1", body))  # type: ignore[arg-type]
    return status, orjson.loads(result), observer


async def test_an_answer_is_the_lines_response() -> None:
    status, out, observer = await run(Pipeline())
    assert status == "done" and out["custom_id"] == "doc-1"
    assert out["response"]["status_code"] == 200 and out["response"]["body"]["data"][0]["embedding"] == [0.5]
    assert observer.done == [("embeddings", 200, None)]


async def test_a_line_throttled_by_its_keys_rate_limit_waits_and_runs_again() -> None:
    pipeline = Pipeline(RateLimitError("Rate limit of the key reached", retry_after=0.01))
    status, out, observer = await run(pipeline)
    assert status == "done" and pipeline.calls == 2 and out["response"]["status_code"] == 200
    assert observer.done == [("embeddings", 429, "rate_limit_exceeded"), ("embeddings", 200, None)]


async def test_an_exhausted_budget_is_the_lines_answer_at_once() -> None:
    pipeline = Pipeline(RateLimitError("Budget exhausted", retry_after=3600, code="budget_exceeded"))
    status, out, _ = await run(pipeline)
    assert status == "failed" and pipeline.calls == 1
    assert out["response"]["status_code"] == 429
    assert out["response"]["body"]["error"]["code"] == "budget_exceeded"


async def test_a_bad_body_and_a_bug_are_error_responses() -> None:
    status, out, _ = await run(Pipeline(), body='{"input": "no model"}')
    assert status == "failed" and out["response"]["status_code"] == 400
    status, out, observer = await run(Pipeline(RuntimeError("a bug")))
    assert status == "failed" and out["response"]["status_code"] == 500
    assert out["response"]["body"]["error"]["type"] == "server_error"
    assert observer.done == [("embeddings", 500, "internal_error")]


async def test_run_as_puts_the_owner_where_authentication_would() -> None:
    owner = Principal("k1", "bot", "t1", "support", frozenset({"cheap"}), "classification", None, ())
    seen: list[Principal | None] = []

    async def nxt(ctx: RequestContext) -> None:
        seen.append(ctx.key)

    def ctx(model: str) -> RequestContext:
        request = ChatRequest.model_validate({"model": model, "messages": [{"role": "user", "content": "hi"}]})
        return RequestContext(request_id="r", kind="chat", request=request)

    allowed = ctx("cheap")
    await RunAs(owner)(allowed, nxt)
    assert seen == [owner] and allowed.controls["task"] == "classification"
    with pytest.raises(PermissionDeniedError, match="may not use model"):
        await RunAs(owner)(ctx("premium"), nxt)
    await RunAs(None)(ctx("premium"), nxt)  # the master key: no key's limits
    assert seen == [owner, None]
