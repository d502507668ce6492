"""The OpenTelemetry tracer: an SDK ``TracerProvider`` exporting over OTLP (HTTP/protobuf) in batches.

Off unless an endpoint is configured (``observability.otlp_endpoint``, ``$OTEL_EXPORTER_OTLP_ENDPOINT`` or
``$OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``); then :func:`open_tracing` returns None and the SDK is not even
imported, so tracing costs nothing per request. ``$OTEL_SDK_DISABLED=true`` turns it off too.

The provider belongs to the gateway (never installed as OpenTelemetry's global provider): two gateways in
one process, as in the tests, each export their own spans. Spans are queued and exported from the batch
processor's thread; :meth:`Tracing.close` flushes what is left when the gateway stops.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..settings import ObservabilitySettings

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.trace import Tracer

TRACES_PATH = "/v1/traces"


def traces_endpoint(settings: ObservabilitySettings, env: Mapping[str, str]) -> str | None:
    """Where spans go: the configured base URL (``/v1/traces`` added, as for the standard variable), else
    ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`` as is, else ``OTEL_EXPORTER_OTLP_ENDPOINT`` + ``/v1/traces``."""
    if env.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return None
    base = settings.otlp_endpoint
    if not base:
        exact = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        if exact:
            return exact
        base = env.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    if not base:
        return None
    base = base.rstrip("/")
    return base if base.endswith(TRACES_PATH) else base + TRACES_PATH


@dataclass
class Tracing:
    provider: TracerProvider
    tracer: Tracer
    endpoint: str

    def flush(self, timeout_ms: int = 10_000) -> bool:
        """Export every span ended so far (blocks; tests and shutdown)."""
        return self.provider.force_flush(timeout_ms)

    async def close(self) -> None:
        # Shutting down exports what is queued, over the network: not on the event loop.
        await asyncio.to_thread(self.provider.shutdown)


def open_tracing(settings: ObservabilitySettings, env: Mapping[str, str]) -> Tracing | None:
    endpoint = traces_endpoint(settings, env)
    if endpoint is None:
        return None
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor
    from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased

    from .. import __version__

    name = settings.service_name or env.get("OTEL_SERVICE_NAME") or "orkester"
    resource = Resource.create({"service.name": name, "service.version": __version__})
    provider = TracerProvider(resource=resource, sampler=ParentBased(TraceIdRatioBased(settings.trace_sample_ratio)))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    return Tracing(provider, provider.get_tracer("orkester", __version__), endpoint)
