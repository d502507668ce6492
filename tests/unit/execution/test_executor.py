"""The executor against scripted providers plugged in where real ones go (the Provider interface)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator

import pytest

from orkester.errors import (
    AllCandidatesFailedError,
    NoHealthyCandidateError,
    RateLimitError,
    StreamInterruptedError,
    UpstreamBadRequestError,
    UpstreamRateLimitError,
    UpstreamServerError,
)
from orkester.execution.executor import Executor
from orkester.pipeline.context import RequestContext
from orkester.providers.base import Provider, ProviderContext
from orkester.reliability.circuit import CircuitBoard
from orkester.reliability.rates import DeploymentRates
from orkester.routing.plan import Candidate, Plan
from orkester.settings import CircuitSettings, Deployment, ProviderSettings, ReliabilitySettings, RetrySettings
from orkester.state import MemoryState
from orkester.types import ChatChunk, ChatRequest, ChatResponse, Choice, ChoiceDelta, Usage
from tests.unit.state.suite import FakeClock, start_clock


class Scripted(Provider):
    """Fails with the queued errors, then answers with its own name."""

    def __init__(
        self, name: str, errors: list[Exception] | None = None, cut_after: int | None = None, usage: Usage | None = None
    ) -> None:
        super().__init__(ProviderContext(name, ProviderSettings(type="scripted"), ReliabilitySettings()))
        self.errors = list(errors or [])
        self.calls = 0
        self.cut_after = cut_after
        self.usage = usage or Usage()

    def _next_error(self) -> None:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)

    async def chat(self, req: ChatRequest, deployment: Deployment) -> ChatResponse:
        self._next_error()
        return ChatResponse(id="x", model=deployment.model, choices=[Choice(content=self.name)], usage=self.usage)

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


def executor(
    *providers: Scripted,
    attempts: int = 2,
    circuit: CircuitSettings | None = None,
    clock: FakeClock | None = None,
) -> Executor:
    """With a clock, the deployments' rate limits are counted in memory on it (and the circuits run on it)."""
    return Executor(
        {p.name: p for p in providers},
        CircuitBoard(circuit or CircuitSettings(), clock) if clock else CircuitBoard(circuit or CircuitSettings()),
        RetrySettings(max_attempts=attempts, backoff_base=0.0001, backoff_max=0.0001),
        random.Random(0),
        rates=DeploymentRates(MemoryState(clock)) if clock else None,
    )


def limited(*deployments: Deployment) -> Plan:
    return Plan(strategy="test", mode="fallback", candidates=[Candidate("alias", d) for d in deployments])


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


# --- the deployments' own rate limits ---------------------------------------------------------


async def test_a_deployment_without_rpm_room_is_skipped_for_the_next_candidate() -> None:
    a, b = Scripted("a"), Scripted("b")
    ex = executor(a, b, clock=start_clock())
    p = limited(Deployment(provider="a", model="m-a", rpm=2), Deployment(provider="b", model="m-b"))
    for _ in range(2):
        assert (await ex.complete(p, c := ctx())).choices[0].content == "a" and not c.skipped
    c = ctx()
    assert (await ex.complete(p, c)).choices[0].content == "b"
    assert a.calls == 2
    assert [(s.deployment, s.reason) for s in c.skipped] == [("a/m-a", "rpm")]
    assert "deployment 'a/m-a': 2 requests per minute (rpm)" in c.skipped[0].detail
    assert [x.deployment for x in c.attempts] == ["b/m-b"]  # a skip is not an attempt


async def test_no_candidate_with_room_is_a_429_naming_the_limit_with_retry_after() -> None:
    clock = start_clock()
    ex = executor(Scripted("a"), clock=clock)
    p = limited(Deployment(provider="a", model="m-a", rpm=1))
    await ex.complete(p, ctx())
    clock.advance(20)
    with pytest.raises(RateLimitError) as ei:
        await ex.complete(p, ctx())
    e = ei.value
    assert (e.status, e.code, e.error_type) == (429, "deployment_rate_limited", "rate_limit_error")
    assert "Rate limit reached for deployment 'a/m-a': 1 requests per minute (rpm)" in e.message
    assert e.headers() == {"retry-after": "40"}


async def test_a_circuit_skip_next_to_a_rate_limit_skip_is_named_in_the_429() -> None:
    a, b = Scripted("a", [UpstreamServerError("x")]), Scripted("b")
    ex = executor(a, b, attempts=1, circuit=CircuitSettings(min_requests=1, error_ratio=0.5), clock=start_clock())
    p = limited(Deployment(provider="a", model="m-a"), Deployment(provider="b", model="m-b", rpm=1))
    await ex.complete(p, ctx())  # a fails (its circuit opens), b answers and uses its one request
    with pytest.raises(RateLimitError, match=r"deployment 'b/m-b'.*Circuit open: a/m-a\."):
        await ex.complete(p, c := ctx())
    assert [s.reason for s in c.skipped] == ["circuit_open", "rpm"]


async def test_every_attempt_counts_against_the_rpm_retries_too() -> None:
    a, b = Scripted("a", [UpstreamServerError("x")]), Scripted("b")
    ex = executor(a, b, clock=start_clock())
    c = ctx()
    p = limited(Deployment(provider="a", model="m-a", rpm=1), Deployment(provider="b", model="m-b"))
    assert (await ex.complete(p, c)).choices[0].content == "b"
    assert a.calls == 1  # the retry found no room: on to b
    assert [s.reason for s in c.skipped] == ["rpm"]


def tpm_estimate(model: str = "m-a") -> int:
    """What a call to ``model`` counts against tpm before its usage: the counted prompt and the output limit."""
    c = ctx()
    return c.tokens.with_output(c.tokens.on(model))


async def test_tpm_counts_the_estimate_and_settles_to_what_the_call_used() -> None:
    a = Scripted("a", usage=Usage(input_tokens=3, output_tokens=2))
    ex = executor(a, Scripted("b"), clock=start_clock())
    estimate = tpm_estimate()
    p = limited(Deployment(provider="a", model="m-a", tpm=estimate + 5), Deployment(provider="b", model="m-b"))
    # each call reserves the whole estimate; settled to 5 tokens, the next one fits again
    for _ in range(2):
        assert (await ex.complete(p, ctx())).choices[0].content == "a"
    assert (await ex.complete(p, c := ctx())).choices[0].content == "b"  # 10 + estimate > tpm
    assert [s.reason for s in c.skipped] == ["tpm"]


async def test_a_stream_settles_its_tokens_when_it_ends() -> None:
    ex = executor(Scripted("a"), Scripted("b"), clock=start_clock())
    p = limited(
        Deployment(provider="a", model="m-a", tpm=tpm_estimate()),
        Deployment(provider="b", model="m-b"),
    )
    for _ in range(2):  # the stream reported no usage: it is settled to 0 and the next one fits
        c = ctx(stream=True)
        stream = await ex.open_stream(p, c)
        assert "".join([d.content or "" async for ch in stream for d in ch.choices]) == "a-done"


async def test_a_half_open_probe_without_rate_room_is_given_back() -> None:
    clock = start_clock()
    a, b = Scripted("a", [UpstreamServerError("x")] * 2), Scripted("b")
    circuit = CircuitSettings(min_requests=2, error_ratio=0.5, open_seconds=30)
    ex = executor(a, b, attempts=1, circuit=circuit, clock=clock)
    p = limited(Deployment(provider="a", model="m-a", rpm=2), Deployment(provider="b", model="m-b"))
    for _ in range(2):  # two failures: the circuit opens, and both of the minute's requests are used
        await ex.complete(p, ctx())
    clock.advance(30)  # half-open, but the rpm window is still full: the probe is not made, and given back
    assert (await ex.complete(p, c := ctx())).choices[0].content == "b"
    assert [s.reason for s in c.skipped] == ["rpm"]
    clock.advance(30)  # the window has room again: the probe goes to a
    assert (await ex.complete(p, ctx())).choices[0].content == "a"
    assert ex.circuits.snapshot()["a/m-a"]["state"] == "closed"


async def test_a_cancelled_probe_is_given_back() -> None:
    class Hanging(Scripted):
        def __init__(self) -> None:
            super().__init__("a")
            self.started = asyncio.Event()

        async def chat(self, req: ChatRequest, deployment: Deployment) -> ChatResponse:
            if self.calls == 0:
                self.calls += 1
                self.started.set()
                await asyncio.Event().wait()  # never answers
            return await super().chat(req, deployment)

    clock = start_clock()
    a = Hanging()
    circuit = CircuitSettings(min_requests=1, error_ratio=1.0, open_seconds=30)
    ex = executor(a, attempts=1, circuit=circuit, clock=clock)
    assert isinstance(ex.circuits, CircuitBoard)
    ex.circuits.get("a/m-a").record(False)
    clock.advance(30)
    probe = asyncio.create_task(ex.complete(plan("a"), ctx()))
    await a.started.wait()
    probe.cancel()  # e.g. the caller's deadline passed while the probe was under way
    with pytest.raises(asyncio.CancelledError):
        await probe
    assert (await ex.complete(plan("a"), ctx())).choices[0].content == "a"  # another request may probe
