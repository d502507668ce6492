"""Anthropic's own API: ``POST {base}/v1/messages`` with the ``x-api-key`` and ``anthropic-version`` headers.

Options (``providers.<name>.options``): ``default_max_tokens`` is sent when the caller sets no limit
(Anthropic requires one; 4096 otherwise) and ``native_structured_outputs: true`` sends json_schema
through Anthropic's ``output_config.format`` instead of a forced tool (newer models only). Beta
features are switched on with an ``anthropic-beta`` entry in the provider's ``headers``;
``api_version`` overrides the ``anthropic-version`` header. Anthropic offers no embeddings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..dialects.anthropic_messages import DEFAULT_MAX_TOKENS, AnthropicMessagesDialect
from ..settings import Deployment
from .base import ProviderContext
from .http import HTTPProvider

if TYPE_CHECKING:
    from ..plugins import Registry

API_VERSION = "2023-06-01"


class AnthropicProvider(HTTPProvider):
    default_base_url = "https://api.anthropic.com"
    default_region = "us"
    dialect_name = "anthropic"
    dialect = AnthropicMessagesDialect()

    def __init__(self, ctx: ProviderContext) -> None:
        super().__init__(ctx)
        opts = self.settings.options
        if "default_max_tokens" in opts or "native_structured_outputs" in opts:
            self.dialect = AnthropicMessagesDialect(
                default_max_tokens=int(opts.get("default_max_tokens", DEFAULT_MAX_TOKENS)),
                native_structured_outputs=bool(opts.get("native_structured_outputs", False)),
            )
        # base_url is accepted with or without the version segment SDKs disagree about
        self.base_url = self.base_url.removesuffix("/v1")

    def chat_url(self, deployment: Deployment, *, stream: bool) -> str:
        return f"{self.base_url}/v1/messages"

    def auth_headers(self) -> dict[str, str]:
        headers = {"anthropic-version": self.settings.api_version or API_VERSION}
        key = self.settings.api_key()
        if key:
            headers["x-api-key"] = key
        return headers


def register(registry: Registry) -> None:
    registry.add_provider("anthropic", AnthropicProvider, api_key_env="ANTHROPIC_API_KEY")
