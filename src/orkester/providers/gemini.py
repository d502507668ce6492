"""Google's Gemini API (AI Studio keys): per-model method URLs and the ``x-goog-api-key`` header.

``base_url`` defaults to the v1beta endpoint; ``api_version`` (``v1``, ``v1alpha``) picks another
version of the same host. Options: ``schema_format`` (``json_schema``, the default, or
``openapi`` for models that only take the older Schema subset) and
``thought_signature_placeholder`` (default true; see :mod:`orkester.dialects.gemini`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, get_args

from ..dialects.gemini import GeminiDialect, SchemaFormat, model_resource
from ..errors import ConfigError, UpstreamError
from ..settings import Deployment
from ..types import ChatRequest, ChatResponse
from .base import ProviderContext
from .http import HTTPProvider

if TYPE_CHECKING:
    from ..plugins import Registry

GEMINI_HOST = "https://generativelanguage.googleapis.com"


class GeminiProvider(HTTPProvider):
    default_base_url = f"{GEMINI_HOST}/v1beta"
    default_region = "us"
    dialect_name = "gemini"

    def __init__(self, ctx: ProviderContext) -> None:
        if ctx.settings.api_version:
            self.default_base_url = f"{GEMINI_HOST}/{ctx.settings.api_version}"
        super().__init__(ctx)
        opts = ctx.settings.options
        schema_format = opts.get("schema_format", "json_schema")
        if schema_format not in get_args(SchemaFormat):
            raise ConfigError(
                f"Provider {ctx.name!r}: options.schema_format must be one of {get_args(SchemaFormat)}, "
                f"not {schema_format!r}"
            )
        dialect = GeminiDialect(
            schema_format=schema_format,
            thought_signature_placeholder=bool(opts.get("thought_signature_placeholder", True)),
        )
        self.dialect = dialect
        self.embedding_dialect = dialect

    def _method_url(self, deployment: Deployment, method: str) -> str:
        return f"{self.base_url}/{model_resource(deployment.model)}:{method}"

    def chat_url(self, deployment: Deployment, *, stream: bool) -> str:
        # Without alt=sse the stream is one long JSON array, not server-sent events.
        return self._method_url(deployment, "streamGenerateContent?alt=sse" if stream else "generateContent")

    def embeddings_url(self, deployment: Deployment) -> str:
        return self._method_url(deployment, "batchEmbedContents")

    def auth_headers(self) -> dict[str, str]:
        key = self.settings.api_key()
        return {"x-goog-api-key": key} if key else {}

    async def chat(self, req: ChatRequest, deployment: Deployment) -> ChatResponse:
        try:
            return await super().chat(req, deployment)
        except UpstreamError as e:
            # A blocked prompt is raised while decoding a 200 answer, after the base class tags errors.
            self._tag(e, deployment)
            raise


def register(registry: Registry) -> None:
    registry.add_provider("gemini", GeminiProvider, api_key_env="GEMINI_API_KEY")
