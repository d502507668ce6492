"""A request's trace, written when the request ends: one server span for the request and, under it, one
client span per upstream attempt (retries, fallbacks, cascade tiers, ensemble members, judges), with the
OpenTelemetry GenAI semantic conventions (``gen_ai.*``, ``server.address``, ``error.type``).

The spans are built from what the request context recorded (each attempt's start and duration), with
explicit start and end times, so the request path does no tracing work at all: only this, once, at the
end, and only when tracing is on.

Content (the prompt as ``gen_ai.input.messages``, the answer as ``gen_ai.output.messages``) is recorded
only when ``observability.trace_content`` is on *and* the request was classified below ``confidential``
(:meth:`RequestTraces.content_allowed`); an unclassified request (guardrails off, or refused before
classification) never has content on its spans.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import orjson

from ..guardrails.entities import ClassOrder
from ..pipeline.context import Attempt, CallRecord, RequestContext
from ..settings import ProviderSettings
from ..types import ChatRequest, ChatResponse
from .labels import LabelSets

if TYPE_CHECKING:
    from opentelemetry.trace import Span, Tracer
    from opentelemetry.util.types import AttributeValue

#: the data class from which content never goes on a span
CONTENT_CEILING = "confidential"

#: ``gen_ai.provider.name`` for the provider types that have a well-known value; others use their type
_GENAI_PROVIDER = {
    "openai": "openai",
    "anthropic": "anthropic",
    "azure": "azure.ai.openai",
    "bedrock": "aws.bedrock",
    "gemini": "gcp.gemini",
}

Attributes = dict[str, "AttributeValue"]


class RequestTraces:
    def __init__(
        self,
        tracer: Tracer,
        providers: Mapping[str, ProviderSettings],
        labels: LabelSets,
        classes: ClassOrder,
        *,
        content: bool = False,
    ) -> None:
        self.tracer = tracer
        self.labels = labels
        self.content = content
        self.classes = classes
        self._ceiling = CONTENT_CEILING if CONTENT_CEILING in classes.classes else classes.strictest
        self._servers: dict[str, Attributes] = {}
        self._systems: dict[str, str] = {}
        for name, ps in providers.items():
            self._systems[name] = _GENAI_PROVIDER.get(ps.type, ps.type)
            self._servers[name] = _server(ps.base_url)

    def content_allowed(self, ctx: RequestContext) -> bool:
        c = ctx.classification
        return self.content and c is not None and not self.classes.at_least(c.final, self._ceiling)

    def record(self, ctx: RequestContext, endpoint: str, status: int, error: str | None) -> None:
        from opentelemetry.trace import SpanKind, Status, StatusCode, set_span_in_context

        now_pc, now_ns = time.perf_counter(), time.time_ns()

        def ns(pc: float) -> int:
            return now_ns - int((now_pc - pc) * 1e9)

        op = "chat" if ctx.kind == "chat" else "embeddings"
        attrs = self._request_attributes(ctx, op, endpoint, status, error)
        name = f"{op} {self.labels.alias(ctx.request.model)}"
        span = self.tracer.start_span(name, kind=SpanKind.SERVER, start_time=ns(ctx.started), attributes=attrs)
        if status >= 500:
            span.set_status(Status(StatusCode.ERROR, error))
        parent = set_span_in_context(span)
        calls: defaultdict[str, deque[CallRecord]] = defaultdict(deque)
        for record in ctx.calls:
            calls[record.candidate.deployment.key].append(record)
        served = ctx.served_by.deployment.key if ctx.served_by is not None else None
        streamed = ctx.stream is not None
        for a in ctx.attempts:
            if a.started is None:
                continue
            call: CallRecord | None = calls[a.deployment].popleft() if a.ok and calls[a.deployment] else None
            # A streamed answer's attempt lasts until the stream ends, not only to its first chunk.
            end = now_ns if streamed and a.ok and a.deployment == served and not calls[a.deployment] else None
            child = self.tracer.start_span(
                f"{op} {a.deployment.partition('/')[2]}",
                context=parent,
                kind=SpanKind.CLIENT,
                start_time=ns(a.started),
                attributes=self._attempt_attributes(ctx, a, call, op),
            )
            if not a.ok:
                child.set_status(Status(StatusCode.ERROR, a.error))
            child.end(end_time=end or ns(a.started + a.seconds))
        if self.content_allowed(ctx):
            _content(span, ctx)
        span.end(end_time=now_ns)

    def _request_attributes(
        self, ctx: RequestContext, op: str, endpoint: str, status: int, error: str | None
    ) -> Attributes:
        attrs: Attributes = {
            "gen_ai.operation.name": op,
            "gen_ai.request.model": ctx.request.model,
            "http.response.status_code": status,
            "orkester.request_id": ctx.request_id,
            "orkester.endpoint": endpoint,
            "orkester.task": self.labels.task(ctx),
            "orkester.team": self.labels.team(ctx),
            "orkester.attempts": len(ctx.attempts),
            "orkester.cost_usd": ctx.cost_usd,
            "orkester.overhead_ms": max(0.0, (time.perf_counter() - ctx.started - ctx.upstream_seconds) * 1000),
        }
        if error is not None:
            attrs["error.type"] = error
        req = ctx.request
        if isinstance(req, ChatRequest):
            _request_params(attrs, req)
        served = ctx.served_by
        if served is not None:
            dep = served.deployment
            attrs["gen_ai.provider.name"] = attrs["gen_ai.system"] = self._systems.get(dep.provider, dep.provider)
            attrs["orkester.alias"] = served.alias
            attrs["orkester.deployment"] = dep.key
            if dep.region:
                attrs["orkester.region"] = dep.region
        if isinstance(ctx.response, ChatResponse):
            attrs["gen_ai.response.model"] = ctx.response.model
            attrs["gen_ai.response.finish_reasons"] = [c.finish_reason or "" for c in ctx.response.choices]
        elif served is not None:
            attrs["gen_ai.response.model"] = served.deployment.model
        if ctx.calls:
            attrs["gen_ai.usage.input_tokens"] = sum(c.usage.input_tokens for c in ctx.calls)
            attrs["gen_ai.usage.output_tokens"] = sum(c.usage.output_tokens for c in ctx.calls)
        plan = ctx.plan
        if plan is not None:
            attrs["orkester.route"] = f"{plan.strategy}/{plan.mode}"
        if ctx.escalations:
            attrs["orkester.escalations"] = ctx.escalations
        if ctx.first_chunk_seconds is not None:
            attrs["orkester.time_to_first_token_s"] = ctx.first_chunk_seconds
        if ctx.classification is not None:
            attrs["orkester.data_class"] = ctx.classification.final
        if ctx.guard_action:
            attrs["orkester.guard_action"] = ctx.guard_action
        if ctx.downgraded:
            attrs["orkester.downgraded"] = True
        if ctx.cache_hit:
            attrs["orkester.cache_hit"] = True
        return attrs

    def _attempt_attributes(self, ctx: RequestContext, a: Attempt, call: CallRecord | None, op: str) -> Attributes:
        provider, _, model = a.deployment.partition("/")
        attrs: Attributes = {
            "gen_ai.operation.name": op,
            "gen_ai.provider.name": self._systems.get(provider, provider),
            "gen_ai.system": self._systems.get(provider, provider),
            "gen_ai.request.model": model,
            "orkester.deployment": a.deployment,
        }
        attrs.update(self._servers.get(provider, {}))
        req = ctx.request
        if isinstance(req, ChatRequest):
            _request_params(attrs, req)
        if not a.ok:
            attrs["error.type"] = a.error or "_OTHER"
            if a.status is not None:
                attrs["http.response.status_code"] = a.status
        if call is not None:
            attrs["gen_ai.usage.input_tokens"] = call.usage.input_tokens
            attrs["gen_ai.usage.output_tokens"] = call.usage.output_tokens
            attrs["orkester.purpose"] = call.purpose
            attrs["orkester.alias"] = call.candidate.alias
            served = ctx.served_by
            if isinstance(ctx.response, ChatResponse) and served is not None and call.candidate == served:
                attrs["gen_ai.response.model"] = ctx.response.model
        return attrs


def _request_params(attrs: Attributes, req: ChatRequest) -> None:
    if req.output_limit is not None:
        attrs["gen_ai.request.max_tokens"] = req.output_limit
    if req.temperature is not None:
        attrs["gen_ai.request.temperature"] = req.temperature
    if req.top_p is not None:
        attrs["gen_ai.request.top_p"] = req.top_p


def _server(base_url: str | None) -> Attributes:
    if not base_url:
        return {}
    parts = urlsplit(base_url)
    if not parts.hostname:
        return {}
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return {"server.address": parts.hostname, "server.port": port}


def _content(span: Span, ctx: RequestContext) -> None:
    """The prompt and the answer in the GenAI conventions' message shape, as JSON strings."""
    req = ctx.request
    if isinstance(req, ChatRequest):
        messages = [{"role": m.role, "parts": [{"type": "text", "content": m.text()}]} for m in req.messages]
        span.set_attribute("gen_ai.input.messages", orjson.dumps(messages).decode())
    resp = ctx.response
    if isinstance(resp, ChatResponse):
        out = [
            {
                "role": "assistant",
                "parts": [{"type": "text", "content": c.content or ""}],
                "finish_reason": c.finish_reason or "",
            }
            for c in resp.choices
        ]
        span.set_attribute("gen_ai.output.messages", orjson.dumps(out).decode())
