"""OpenAI's own API: bearer token, optional organisation and project headers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..dialects.openai_chat import OpenAIChatDialect
from ..settings import Deployment
from .http import HTTPProvider

if TYPE_CHECKING:
    from ..plugins import Registry


class OpenAIProvider(HTTPProvider):
    default_base_url = "https://api.openai.com/v1"
    default_region = "us"
    dialect_name = "openai"
    dialect = OpenAIChatDialect()
    embedding_dialect = OpenAIChatDialect()

    def chat_url(self, deployment: Deployment, *, stream: bool) -> str:
        return f"{self.base_url}/chat/completions"

    def embeddings_url(self, deployment: Deployment) -> str:
        return f"{self.base_url}/embeddings"

    def auth_headers(self) -> dict[str, str]:
        key = self.settings.api_key()
        headers = {"authorization": f"Bearer {key}"} if key else {}
        org = self.settings.options.get("organization")
        if org:
            headers["openai-organization"] = str(org)
        project = self.settings.options.get("project")
        if project:
            headers["openai-project"] = str(project)
        return headers


def register(registry: Registry) -> None:
    registry.add_provider("openai", OpenAIProvider, api_key_env="OPENAI_API_KEY")
