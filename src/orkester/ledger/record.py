"""One ledger record per request: who asked, how it was routed, what it used and cost, how it went.

A record is plain data. It travels as a JSON line through the spool (:func:`to_line`/:func:`from_line`)
and as a row through the stores (``COLUMNS``). ``request_id`` is its identity: stores insert with
``ON CONFLICT DO NOTHING``, so writing a record twice (a spool replayed after a crash) keeps one row.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import orjson

from ..audit.chain import to_utc

if TYPE_CHECKING:
    from ..pipeline.context import RequestContext


@dataclass(frozen=True, slots=True)
class LedgerRecord:
    request_id: str
    #: when the request arrived (UTC)
    ts: datetime
    kind: str = "chat"
    #: an id of the API key (never the key), and the key's team
    key_id: str | None = None
    team_id: str | None = None
    #: the model name the caller asked for (an alias or a route such as ``auto``)
    route: str | None = None
    #: the routing strategy, the plan's mode and the strategy's reasons, then the candidates execution
    #: skipped and why (circuit open, or no room under the deployment's own rpm/tpm)
    strategy: str | None = None
    mode: str | None = None
    reasons: tuple[str, ...] = ()
    task: str | None = None
    data_class: str | None = None
    #: the deployment that answered
    alias: str | None = None
    provider: str | None = None
    model: str | None = None
    region: str | None = None
    tier: str | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0
    reasoning_tokens: int = 0
    #: every upstream call of the request, not only the answer's
    cost_usd: float = 0.0
    latency_ms: float = 0.0
    #: streams: arrival to the first chunk of the answer
    ttft_ms: float | None = None
    #: ``ok`` or ``error`` (the HTTP status says which error)
    status: str = "ok"
    http_status: int | None = 200
    #: attempts repeated on a deployment already tried, and moves to another deployment
    retries: int = 0
    fallbacks: int = 0
    escalations: int = 0
    cache_hit: bool = False
    #: the prompt template the request used (``name@version``), and the A/B experiment and arm it was in
    prompt_ref: str | None = None
    experiment: str | None = None
    arm: str | None = None
    #: the user's feedback, set later (``POST /v1/feedback``; see ``feedback.py``): the score normalised to
    #: [0, 1], the value as given (``up``, ``4``), an optional comment and labels, and when it was given
    feedback: float | None = field(default=None)
    feedback_raw: str | None = None
    feedback_comment: str | None = None
    feedback_labels: tuple[str, ...] = ()
    feedback_at: datetime | None = None

    @classmethod
    def from_context(
        cls,
        ctx: RequestContext,
        key_id: str | None,
        team_id: str | None,
        cache_hit: bool = False,
        *,
        status: str = "ok",
        http_status: int | None = 200,
        now: datetime | None = None,
    ) -> LedgerRecord:
        """The record of a finished request. ``now`` is the wall-clock time at the end (default: now)."""
        elapsed = max(0.0, time.perf_counter() - ctx.started)
        arrived = (now or datetime.now(UTC)) - timedelta(seconds=elapsed)
        plan, served = ctx.plan, ctx.served_by
        dep = served.deployment if served else None
        retries, fallbacks = count_attempts([a.deployment for a in ctx.attempts])
        cls_final = ctx.classification.final if ctx.classification else None
        return cls(
            request_id=ctx.request_id,
            ts=to_utc(arrived),
            kind=ctx.kind,
            key_id=key_id,
            team_id=team_id,
            route=ctx.request.model,
            strategy=plan.strategy if plan else None,
            mode=plan.mode if plan else None,
            reasons=(
                *(plan.reasons if plan else ()),
                *(f"execution skipped {s.deployment}: {s.detail}" for s in ctx.skipped),
            ),
            task=(plan.task if plan else None) or ctx.controls.get("task"),
            data_class=cls_final,
            alias=served.alias if served else None,
            provider=dep.provider if dep else None,
            model=dep.model if dep else None,
            region=dep.region if dep else None,
            tier=dep.tier if dep else None,
            input_tokens=ctx.usage.input_tokens,
            output_tokens=ctx.usage.output_tokens,
            cached_tokens=ctx.usage.cached_input_tokens,
            reasoning_tokens=ctx.usage.reasoning_tokens,
            cost_usd=ctx.cost_usd,
            latency_ms=elapsed * 1000,
            ttft_ms=None if ctx.first_chunk_seconds is None else ctx.first_chunk_seconds * 1000,
            status=status,
            http_status=http_status,
            retries=retries,
            fallbacks=fallbacks,
            escalations=ctx.escalations,
            cache_hit=cache_hit or ctx.cache_hit,
            prompt_ref=ctx.prompt_ref,
            experiment=ctx.experiment,
            arm=ctx.arm,
        )


def count_attempts(deployments: list[str]) -> tuple[int, int]:
    """(retries, fallbacks) of the deployments attempted in order: a move to a deployment not tried
    before is a fallback, any other attempt after the first a retry."""
    seen: set[str] = set()
    retries = fallbacks = 0
    for i, dep in enumerate(deployments):
        if i and dep in seen:
            retries += 1
        elif i:
            fallbacks += 1
        seen.add(dep)
    return retries, fallbacks


#: Column order of the ``ledger`` table (same as the record's fields).
COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(LedgerRecord))
_DEFAULTS: dict[str, Any] = {f.name: f.default for f in fields(LedgerRecord)}


def to_line(record: LedgerRecord) -> bytes:
    """The record as one JSON line (with its newline), as the spool keeps it."""
    return orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)


def from_line(line: bytes) -> LedgerRecord:
    """A spooled line back to a record; keys it does not know are ignored, missing ones take defaults.

    Raises ValueError when the line is not a record.
    """
    data = orjson.loads(line)
    if not isinstance(data, dict) or not isinstance(data.get("request_id"), str) or "ts" not in data:
        raise ValueError("not a ledger record")
    values = {k: v for k, v in data.items() if k in _DEFAULTS}
    values["ts"] = to_utc(datetime.fromisoformat(values["ts"]))
    values["reasons"] = tuple(values.get("reasons") or ())
    values["feedback_labels"] = tuple(values.get("feedback_labels") or ())
    if values.get("feedback_at") is not None:
        values["feedback_at"] = to_utc(datetime.fromisoformat(values["feedback_at"]))
    try:
        return LedgerRecord(**values)
    except TypeError as e:
        raise ValueError(str(e)) from None


def as_dict(record: LedgerRecord) -> dict[str, Any]:
    return asdict(record)
