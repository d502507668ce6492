"""Azure OpenAI: per-deployment URLs, an ``api-version`` query and the ``api-key`` header.

``base_url`` is the resource endpoint (``https://NAME.openai.azure.com``); a deployment's
``model`` is the Azure deployment name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..dialects.openai_chat import OpenAIChatDialect
from ..settings import Deployment
from .http import HTTPProvider

if TYPE_CHECKING:
    from ..plugins import Registry

DEFAULT_API_VERSION = "2024-10-21"


class AzureOpenAIProvider(HTTPProvider):
    dialect_name = "openai"
    dialect = OpenAIChatDialect()
    embedding_dialect = OpenAIChatDialect()

    @property
    def api_version(self) -> str:
        return self.settings.api_version or DEFAULT_API_VERSION

    def _deployment_url(self, deployment: Deployment, operation: str) -> str:
        return f"{self.base_url}/openai/deployments/{deployment.model}/{operation}?api-version={self.api_version}"

    def chat_url(self, deployment: Deployment, *, stream: bool) -> str:
        return self._deployment_url(deployment, "chat/completions")

    def embeddings_url(self, deployment: Deployment) -> str:
        return self._deployment_url(deployment, "embeddings")

    def auth_headers(self) -> dict[str, str]:
        key = self.settings.api_key()
        return {"api-key": key} if key else {}


def register(registry: Registry) -> None:
    registry.add_provider("azure", AzureOpenAIProvider, api_key_env="AZURE_OPENAI_API_KEY")
