"""A tiny OpenTelemetry collector for tests: an OTLP/HTTP receiver on 127.0.0.1 that decodes each
``ExportTraceServiceRequest`` (protobuf) and keeps the spans, plus the raw bodies to search for leaks."""

from __future__ import annotations

import gzip
import threading
from dataclasses import dataclass
from typing import Any

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.common.v1.common_pb2 import AnyValue
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


@dataclass
class Span:
    name: str
    trace_id: str
    span_id: str
    parent_id: str
    kind: int  # 2 server, 3 client (opentelemetry.proto.trace.v1.Span.SpanKind)
    status: int  # 0 unset, 1 ok, 2 error
    start_ns: int
    end_ns: int
    attributes: dict[str, Any]
    service: str


def _value(v: AnyValue) -> Any:
    kind = v.WhichOneof("value")
    if kind == "array_value":
        return [_value(x) for x in v.array_value.values]
    return getattr(v, kind) if kind else None


class FakeCollector:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.spans: list[Span] = []
        self.bodies: list[bytes] = []

    def app(self) -> Starlette:
        async def traces(request: Request) -> Response:
            body = await request.body()
            if request.headers.get("content-encoding") == "gzip":
                body = gzip.decompress(body)
            assert request.headers["content-type"] == "application/x-protobuf"
            msg = ExportTraceServiceRequest()
            msg.ParseFromString(body)
            got = []
            for rs in msg.resource_spans:
                resource = {a.key: _value(a.value) for a in rs.resource.attributes}
                for ss in rs.scope_spans:
                    for s in ss.spans:
                        got.append(
                            Span(
                                name=s.name,
                                trace_id=s.trace_id.hex(),
                                span_id=s.span_id.hex(),
                                parent_id=s.parent_span_id.hex(),
                                kind=s.kind,
                                status=s.status.code,
                                start_ns=s.start_time_unix_nano,
                                end_ns=s.end_time_unix_nano,
                                attributes={a.key: _value(a.value) for a in s.attributes},
                                service=str(resource.get("service.name")),
                            )
                        )
            with self._lock:
                self.bodies.append(body)
                self.spans.extend(got)
            return Response(ExportTraceServiceResponse().SerializeToString(), media_type="application/x-protobuf")

        return Starlette(routes=[Route("/v1/traces", traces, methods=["POST"])])

    def request_span(self, request_id: str) -> Span:
        with self._lock:
            found = [s for s in self.spans if s.attributes.get("orkester.request_id") == request_id]
        assert len(found) == 1, f"{len(found)} request spans for {request_id}"
        return found[0]

    def children(self, parent: Span) -> list[Span]:
        with self._lock:
            kids = [s for s in self.spans if s.parent_id == parent.span_id and s.trace_id == parent.trace_id]
        return sorted(kids, key=lambda s: s.start_ns)

    def raw(self) -> bytes:
        with self._lock:
            return b"".join(self.bodies)
