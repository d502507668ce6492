"""Every OpenAI-compatible vendor (Mistral, vLLM, Ollama, …), declared as data in
``catalog/providers.yaml``: a new one needs a YAML entry, not code.
"""

from __future__ import annotations

from functools import partial
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import yaml

from ..dialects.openai_chat import OpenAIChatDialect
from ..settings import Deployment
from .base import ProviderContext
from .http import HTTPProvider

if TYPE_CHECKING:
    from ..plugins import Registry


class OpenAICompatibleProvider(HTTPProvider):
    dialect_name = "openai"

    def __init__(self, ctx: ProviderContext, *, vendor: dict[str, Any]) -> None:
        if not ctx.settings.base_url and not vendor.get("base_url"):
            from ..errors import ConfigError

            raise ConfigError(f"Provider {ctx.name!r} needs a base_url")
        self.default_base_url = vendor.get("base_url") or ""
        self.default_region = vendor.get("region")
        super().__init__(ctx)
        d = OpenAIChatDialect(
            stream_usage_option=vendor.get("stream_usage_option", True),
            send_max_completion_tokens=vendor.get("send_max_completion_tokens", True),
        )
        self.dialect = d
        self.embedding_dialect = d

    def chat_url(self, deployment: Deployment, *, stream: bool) -> str:
        return f"{self.base_url}/chat/completions"

    def embeddings_url(self, deployment: Deployment) -> str:
        return f"{self.base_url}/embeddings"

    def auth_headers(self) -> dict[str, str]:
        key = self.settings.api_key()
        return {"authorization": f"Bearer {key}"} if key else {}


def vendor_table() -> dict[str, dict[str, Any]]:
    text = files("orkester.catalog").joinpath("providers.yaml").read_text(encoding="utf-8")
    data: dict[str, dict[str, Any]] = yaml.safe_load(text)
    return data


def register(registry: Registry) -> None:
    for kind, vendor in vendor_table().items():
        defaults = {k: v for k, v in vendor.items() if k in ("base_url", "api_key_env", "region")}
        registry.add_provider(kind, partial(OpenAICompatibleProvider, vendor=vendor), **defaults)
