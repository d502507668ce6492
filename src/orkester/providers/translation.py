"""What the translation vendors' providers share: a chat request becomes one translation job, sent with
the deployment's options over the provider's; the answer comes whole, also to a streamed request (neither
DeepL nor Google Translate streams)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from ..dialects.translation import TranslationDialect, TranslationOptions, answer_chunks
from ..errors import UpstreamServerError
from ..settings import Deployment
from ..types import ChatChunk, ChatRequest, ChatResponse
from .http import HTTPProvider


class TranslationProvider(HTTPProvider):
    dialect: TranslationDialect
    #: the provider's options (``providers.<name>.options``)
    options: TranslationOptions

    def deployment_options(self, deployment: Deployment) -> TranslationOptions:
        """The provider's options with the deployment's own over them."""
        raise NotImplementedError

    async def chat(self, req: ChatRequest, deployment: Deployment) -> ChatResponse:
        options = self.deployment_options(deployment)
        job = self.dialect.job(req, options)
        body = self.dialect.encode_job(job, deployment.model, options)
        data = await self._post_json(self.chat_url(deployment, stream=False), body, deployment)
        try:
            return self.dialect.decode_translation(data, deployment.model, job)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as e:
            raise self._tag(
                UpstreamServerError(f"Unexpected response shape: {e!r}", upstream_status=200), deployment
            ) from e

    async def stream_chat(self, req: ChatRequest, deployment: Deployment) -> AsyncIterator[ChatChunk]:
        for chunk in answer_chunks(await self.chat(req, deployment)):
            yield chunk
