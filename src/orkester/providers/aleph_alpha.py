"""Aleph Alpha (api.aleph-alpha.com, or a PhariaAI installation's inference URL): bearer token,
served from Germany.

Options (``providers.<name>.options``):

* ``embeddings_api``: ``semantic`` (default, ``/batch_semantic_embed``) or ``openai`` (``/embeddings``,
  for embedding models deployed for that endpoint);
* ``representation``: ``symmetric`` (default), ``document`` or ``query`` for semantic embeddings;
* ``nice``: ``true`` lets concurrent requests of other users go first (the API's ``?nice=true``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from ..dialects.aleph_alpha import (
    REPRESENTATIONS,
    SEMANTIC_EMBED_BATCH,
    AlephAlphaChatDialect,
    AlephAlphaEmbeddingDialect,
    EmbeddingsAPI,
)
from ..errors import ConfigError
from ..settings import Deployment
from ..types import EmbeddingRequest, EmbeddingResponse, Usage
from .base import ProviderContext
from .http import HTTPProvider

if TYPE_CHECKING:
    from ..plugins import Registry

_EMBED_PATHS: dict[str, str] = {"semantic": "batch_semantic_embed", "openai": "embeddings"}


class AlephAlphaProvider(HTTPProvider):
    default_base_url = "https://api.aleph-alpha.com"
    default_region = "eu"
    dialect_name = "aleph_alpha"
    dialect = AlephAlphaChatDialect()

    def __init__(self, ctx: ProviderContext) -> None:
        super().__init__(ctx)
        opts = self.settings.options
        api = str(opts.get("embeddings_api", "semantic"))
        if api not in _EMBED_PATHS:
            raise ConfigError(f"Provider {self.name!r}: options.embeddings_api must be 'semantic' or 'openai'")
        representation = str(opts.get("representation", "symmetric"))
        if representation not in REPRESENTATIONS:
            raise ConfigError(
                f"Provider {self.name!r}: options.representation must be one of {', '.join(REPRESENTATIONS)}"
            )
        self.embedding_dialect = AlephAlphaEmbeddingDialect(api=cast(EmbeddingsAPI, api), representation=representation)
        self._embed_path = _EMBED_PATHS[api]
        self._query = "?nice=true" if opts.get("nice") else ""

    def chat_url(self, deployment: Deployment, *, stream: bool) -> str:
        return f"{self.base_url}/chat/completions{self._query}"

    def embeddings_url(self, deployment: Deployment) -> str:
        return f"{self.base_url}/{self._embed_path}{self._query}"

    def auth_headers(self) -> dict[str, str]:
        key = self.settings.api_key()
        return {"authorization": f"Bearer {key}"} if key else {}

    async def embed(self, req: EmbeddingRequest, deployment: Deployment) -> EmbeddingResponse:
        texts = req.texts
        if self._embed_path != "batch_semantic_embed" or len(texts) <= SEMANTIC_EMBED_BATCH:
            return await super().embed(req, deployment)
        # The batch endpoint takes at most 100 prompts: larger inputs go in order, batch by batch.
        vectors: list[list[float]] = []
        usage = Usage()
        for start in range(0, len(texts), SEMANTIC_EMBED_BATCH):
            part = req.model_copy(update={"input": texts[start : start + SEMANTIC_EMBED_BATCH]})
            answer = await super().embed(part, deployment)
            vectors.extend(answer.vectors)
            usage.add(answer.usage)
        return EmbeddingResponse(model=deployment.model, vectors=vectors, usage=usage)


def register(registry: Registry) -> None:
    registry.add_provider("aleph_alpha", AlephAlphaProvider, api_key_env="AA_TOKEN")
