"""Carry out an ensemble: members answer in parallel under a deadline; late or failed
members are dropped (and whatever they used is still paid for); the answers are combined by
vote, by a judge model's pick, or by an aggregator that fuses them into one answer.

With streaming, members are buffered; a fusion's aggregator streams to the client, and a
voted or judged answer is replayed as a stream.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from ..errors import AllCandidatesFailedError, UpstreamError, UpstreamTimeoutError
from ..pipeline.context import RequestContext
from ..routing.plan import Candidate, Plan
from ..types import ChatChunk, ChatResponse
from .combine import fusion_request, judge_request, majority_vote, parse_judge

if TYPE_CHECKING:
    from .executor import Executor


async def _gather(ex: Executor, plan: Plan, ctx: RequestContext) -> list[tuple[str, ChatResponse, Candidate]]:
    e = plan.ensemble
    assert e is not None
    req = ctx.chat
    started, upstream_before = time.perf_counter(), ctx.upstream_seconds
    tasks = [asyncio.create_task(ex.chat(m.candidates, ctx, req, purpose="member")) for m in e.members]
    done, pending = await asyncio.wait(tasks, timeout=e.deadline_s)
    for t in pending:
        t.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    # Members ran side by side: the time spent waiting on them is the wall time, not their sum.
    ctx.upstream_seconds = upstream_before + (time.perf_counter() - started)
    answers: list[tuple[str, ChatResponse, Candidate]] = []
    errors: list[UpstreamError] = []
    for member, task in zip(e.members, tasks, strict=True):
        if task not in done:
            ctx.notes.append(f"member {member.alias} dropped: missed the {e.deadline_s:g} s deadline")
            continue
        exc = task.exception()
        if exc is None:
            resp, cand = task.result()
            answers.append((member.alias, resp, cand))
        elif isinstance(exc, UpstreamError):
            errors.append(exc)
            ctx.notes.append(f"member {member.alias} dropped: {exc.code}")
        else:
            raise exc
    if len(answers) < e.min_answers:
        if errors and not answers:
            raise AllCandidatesFailedError(errors)
        raise UpstreamTimeoutError(
            f"Only {len(answers)} of {len(e.members)} ensemble members answered within {e.deadline_s:g} s;"
            f" {e.min_answers} needed"
        )
    return answers


async def run_ensemble(
    ex: Executor, plan: Plan, ctx: RequestContext, *, stream: bool = False
) -> ChatResponse | AsyncIterator[ChatChunk]:
    e = plan.ensemble
    assert e is not None
    answers = await _gather(ex, plan, ctx)
    pairs = [(alias, resp) for alias, resp, _ in answers]
    by_alias = {alias: cand for alias, _, cand in answers}
    if e.combine == "fusion" and e.judge is not None and len(answers) > 1:
        fused = fusion_request(ctx.chat, pairs)
        ctx.notes.append(f"fusion of {len(answers)} answers by {e.judge.alias}")
        if stream:
            return await ex.stream(e.judge.candidates, ctx, fused)
        resp, _ = await ex.chat(e.judge.candidates, ctx, fused)
        return resp
    chosen = None
    if e.combine == "judge" and e.judge is not None and len(answers) > 1:
        verdict, _ = await ex.chat(e.judge.candidates, ctx, judge_request(ctx.chat, pairs), purpose="judge")
        index = parse_judge(verdict, len(answers))
        if index is not None:
            chosen = (pairs[index][0], pairs[index][1])
            ctx.notes.append(f"judge {e.judge.alias} picked {chosen[0]}")
        else:
            ctx.notes.append(f"judge {e.judge.alias} gave no usable pick; majority vote instead")
    if chosen is None:
        combined = majority_vote(pairs)
        chosen = (combined.member, combined.response)
        ctx.notes.append(f"vote: {combined.member} with {combined.agreement:.0%} agreement")
    alias, resp = chosen
    ctx.served_by = by_alias[alias]
    ctx.simulated = resp.simulated
    return resp
