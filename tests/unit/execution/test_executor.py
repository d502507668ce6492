"""The executor against scripted providers plugged in where real ones go (the Provider interface)."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator

import pytest

from orkester.errors import (
    AllCandidatesFailedError,
    NoHealthyCandidateError,
    StreamInterruptedError,
    UpstreamBadRequestError,
    UpstreamRateLimitError,
    UpstreamServerError,
)
from orkester.execution.executor import Executor
from orkester.pipeline.context import RequestContext
from orkester.providers.base import Provider, ProviderContext
from orkester.reliability.circuit import CircuitBoard
from orkester.routing.plan import Candidate, Plan
from orkester.settings import CircuitSettings, Deployment, ProviderSettings, ReliabilitySettings, RetrySettings
from orkester.types import ChatChunk, ChatRequest, ChatResponse, Choice, ChoiceDelta


class Scripted(Provider):
    """Fails with the queued errors, then answers with its own name."""

    def __init__(self, name: str, errors: list[Exception] | None = None, cut_after: int | None = None) -> None:
        super().__init__(ProviderContext(name, ProviderSettings(type="scripted"), ReliabilitySettings()))
        self.errors = list(errors or [])
        self.calls = 0
        self.cut_after = cut_after

    def _next_error(self) -> None:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)

    async def chat(self, req: ChatRequest, deployment: Deployment) -> ChatResponse:
        self._next_error()
        return ChatResponse(id="x", model=deployment.model, choices=[Choice(content=self.name)])

    async def stream_chat(self, req: ChatRequest, deployment: Deployment) -> AsyncIterator[ChatChunk]:
        self._next_error()
        for i, piece in enumerate([self.name, "-", "done"]):
            if self.cut_after is not None and i == self.cut_after:
                raise UpstreamServerError("connection reset", provider=self.name)
            yield ChatChunk(choices=[ChoiceDelta(content=piece)])


def plan(*names: str) -> Plan:
    cands = [Candidate("alias", Deployment(provider=n, model=f"m-{n}")) for n in names]
    return Plan(strategy="test", mode="fallback", candidates=cands)


def ctx(stream: bool = False) -> RequestContext:
    req = ChatRequest.model_validate(
        {"model": "alias", "messages": [{"role": "user", "content": "hi"}], "stream": stream}
    )
    return RequestContext(request_id="r", kind="chat", request=req)


def executor(*providers: Scripted, attempts: int = 2, circuit: CircuitSettings | None = None) -> Executor:
    return Executor(
        {p.name: p for p in providers},
        CircuitBoard(circuit or CircuitSettings()),
        RetrySettings(max_attempts=attempts, backoff_base=0.0001, backoff_max=0.0001),
        random.Random(0),
    )


async def test_retryable_error_is_retried_on_the_same_deployment() -> None:
    a = Scripted("a", [UpstreamServerError("boom")])
    c = ctx()
    r = await executor(a).complete(plan("a"), c)
    assert r.choices[0].content == "a" and a.calls == 2
    assert [x.ok for x in c.attempts] == [False, True]


async def test_exhausted_retries_fall_back_to_next_candidate() -> None:
    a = Scripted("a", [UpstreamServerError("1"), UpstreamServerError("2")])
    b = Scripted("b")
    c = ctx()
    r = await executor(a, b).complete(plan("a", "b"), c)
    assert r.choices[0].content == "b"
    assert c.served_by is not None and c.served_by.deployment.provider == "b"
    assert len(c.attempts) == 3


async def test_long_retry_after_moves_on_instead_of_waiting() -> None:
    a = Scripted("a", [UpstreamRateLimitError("slow down", retry_after=120)])
    b = Scripted("b")
    r = await executor(a, b).complete(plan("a", "b"), ctx())
    assert r.choices[0].content == "b" and a.calls == 1


async def test_caller_fault_is_raised_at_once() -> None:
    a = Scripted("a", [UpstreamBadRequestError("bad field")])
    b = Scripted("b")
    with pytest.raises(UpstreamBadRequestError):
        await executor(a, b).complete(plan("a", "b"), ctx())
    assert b.calls == 0


async def test_all_failing_reports_every_attempt() -> None:
    a = Scripted("a", [UpstreamServerError("x")] * 2)
    b = Scripted("b", [UpstreamServerError("y")] * 2)
    with pytest.raises(AllCandidatesFailedError) as ei:
        await executor(a, b).complete(plan("a", "b"), ctx())
    assert len(ei.value.attempts) == 4


async def test_open_circuit_is_skipped_and_all_open_is_503() -> None:
    a = Scripted("a", [UpstreamServerError("x")] * 10)
    b = Scripted("b")
    ex = executor(a, b, attempts=1, circuit=CircuitSettings(min_requests=2, error_ratio=0.5))
    for _ in range(2):
        await ex.complete(plan("a", "b"), ctx())
    calls = a.calls
    await ex.complete(plan("a", "b"), ctx())
    assert a.calls == calls  # skipped while open
    with pytest.raises(NoHealthyCandidateError) as ei:
        await ex.complete(plan("a"), ctx())
    assert ei.value.status == 503 and "m-a" in ei.value.message


async def test_stream_failing_before_first_chunk_is_invisible() -> None:
    a = Scripted("a", [UpstreamServerError("x")] * 2)
    b = Scripted("b")
    c = ctx(stream=True)
    stream = await executor(a, b).open_stream(plan("a", "b"), c)
    text = "".join([d.content or "" async for ch in stream for d in ch.choices])
    assert text == "b-done"


async def test_stream_cut_after_first_chunk_raises_interrupted() -> None:
    a = Scripted("a", cut_after=1)
    b = Scripted("b")
    c = ctx(stream=True)
    stream = await executor(a, b).open_stream(plan("a", "b"), c)
    got = []
    with pytest.raises(StreamInterruptedError):
        async for ch in stream:
            got.append(ch)
    assert [ch.choices[0].content for ch in got] == ["a"]
    assert b.calls == 0  # tokens had gone out: no silent switch mid-answer
