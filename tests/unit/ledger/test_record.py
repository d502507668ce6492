from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from orkester.guardrails.classify import Classification
from orkester.ledger.record import COLUMNS, LedgerRecord, count_attempts, from_line, to_line
from orkester.pipeline.context import Attempt, RequestContext, Skip
from orkester.routing.plan import Candidate, Plan
from orkester.settings import Deployment
from orkester.types import ChatRequest, Usage

from .records import rec


def _context() -> RequestContext:
    request = ChatRequest.model_validate({"model": "auto", "messages": [{"role": "user", "content": "hi"}]})
    dep = Deployment(provider="sim-eu", model="sim-medium", region="eu", tier="mid")
    ctx = RequestContext(request_id="req-1", kind="chat", request=request, started=time.perf_counter() - 0.25)
    ctx.plan = Plan(strategy="rules", mode="fallback", candidates=[Candidate("demo-mid", dep)], reasons=["task code"])
    ctx.plan.task = "code"
    ctx.served_by = Candidate("demo-mid", dep)
    ctx.usage = Usage(input_tokens=120, output_tokens=40, cached_input_tokens=20, reasoning_tokens=5)
    ctx.cost_usd = 0.0042
    ctx.escalations = 1
    ctx.first_chunk_seconds = 0.08
    ctx.attempts = [
        Attempt("sim-us/sim-flaky", ok=False, seconds=0.1),
        Attempt("sim-us/sim-flaky", ok=False, seconds=0.1),
        Attempt("sim-eu/sim-medium", ok=True, seconds=0.1),
    ]
    ctx.classification = Classification(declared=None, detected="internal", final="confidential", floor="internal")
    return ctx


def test_from_context_takes_every_field_from_a_finished_request() -> None:
    now = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    r = LedgerRecord.from_context(_context(), "key-1", "team-a", cache_hit=True, now=now)
    assert (r.request_id, r.kind, r.key_id, r.team_id, r.route) == ("req-1", "chat", "key-1", "team-a", "auto")
    assert (r.strategy, r.mode, r.reasons, r.task, r.data_class) == (
        "rules",
        "fallback",
        ("task code",),
        "code",
        "confidential",
    )
    assert (r.alias, r.provider, r.model, r.region, r.tier) == ("demo-mid", "sim-eu", "sim-medium", "eu", "mid")
    assert (r.input_tokens, r.output_tokens, r.cached_tokens, r.reasoning_tokens) == (120, 40, 20, 5)
    assert r.cost_usd == 0.0042 and r.escalations == 1 and r.cache_hit
    assert (r.retries, r.fallbacks) == (1, 1)
    assert r.ttft_ms == pytest.approx(80.0)
    assert 250 <= r.latency_ms < 5000
    # the arrival time: the end minus the elapsed time
    assert r.ts == now - timedelta(milliseconds=r.latency_ms)
    assert (r.status, r.http_status) == ("ok", 200)


def test_from_context_keeps_the_prompt_version_and_the_experiment_arm() -> None:
    ctx = _context()
    plain = LedgerRecord.from_context(ctx, None, None)
    assert (plain.prompt_ref, plain.experiment, plain.arm, plain.feedback) == (None, None, None, None)
    ctx.prompt_ref, ctx.experiment, ctx.arm = "support-answer@3", "tone", "friendly"
    r = LedgerRecord.from_context(ctx, None, None)
    assert (r.prompt_ref, r.experiment, r.arm) == ("support-answer@3", "tone", "friendly")


def test_execution_skips_follow_the_plans_reasons() -> None:
    ctx = _context()
    ctx.skipped = [
        Skip("sim-us/sim-flaky", "circuit_open", "circuit open"),
        Skip("sim-eu/sim-big", "rpm", "Rate limit reached for deployment 'sim-eu/sim-big': 10 requests per minute"),
    ]
    assert LedgerRecord.from_context(ctx, None, None).reasons == (
        "task code",
        "execution skipped sim-us/sim-flaky: circuit open",
        "execution skipped sim-eu/sim-big: Rate limit reached for deployment 'sim-eu/sim-big': 10 requests per minute",
    )


def test_from_context_of_a_failed_request_without_plan() -> None:
    ctx = _context()
    ctx.plan = ctx.served_by = ctx.classification = None
    ctx.controls = {"task": "translation"}
    r = LedgerRecord.from_context(ctx, None, None, status="error", http_status=502)
    assert (r.provider, r.tier, r.task, r.data_class, r.status, r.http_status) == (
        None,
        None,
        "translation",
        None,
        "error",
        502,
    )


@pytest.mark.parametrize(
    ("attempts", "expected"),
    [([], (0, 0)), (["a"], (0, 0)), (["a", "a", "a"], (2, 0)), (["a", "b", "c"], (0, 2)), (["a", "b", "a"], (1, 1))],
)
def test_count_attempts(attempts: list[str], expected: tuple[int, int]) -> None:
    assert count_attempts(attempts) == expected


def test_line_round_trip_and_unknown_keys_are_ignored() -> None:
    r = rec(7, reasons=("a", "b"), ttft_ms=12.5, cache_hit=True, feedback=1.0)
    line = to_line(r)
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert from_line(line) == r
    assert from_line(b'{"request_id": "x", "ts": "2026-11-26T10:00:00Z", "added_later": 1}').request_id == "x"
    assert list(COLUMNS[:2]) == ["request_id", "ts"]
    rated = rec(
        8,
        prompt_ref="p@2",
        experiment="tone",
        arm="b",
        feedback=0.25,
        feedback_raw="2",
        feedback_comment="for vagt",
        feedback_labels=("vague", "wrong"),
        feedback_at=datetime(2026, 11, 27, 8, 0, tzinfo=UTC),
    )
    assert from_line(to_line(rated)) == rated


@pytest.mark.parametrize(
    "line",
    [
        b"[]",
        b'{"ts": "2026-11-26T10:00:00Z"}',
        b'{"request_id": "x"}',
        b'{"request_id": "x", "ts": "2026-11-26", "input_tokens": 1, "bogus": }',
    ],
)
def test_from_line_refuses_what_is_not_a_record(line: bytes) -> None:
    with pytest.raises(ValueError):
        from_line(line)
