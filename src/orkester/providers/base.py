"""What the execution layer needs from a provider, whatever it is.

A provider instance is built once per configured provider (``settings.providers``) by
``create_app`` and owns its connection pool. ``Target`` names the deployment being called.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from dataclasses import dataclass

from ..errors import UnsupportedFeatureError
from ..settings import Deployment, ProviderSettings, ReliabilitySettings
from ..types import ChatChunk, ChatRequest, ChatResponse, EmbeddingRequest, EmbeddingResponse


@dataclass(frozen=True, slots=True)
class ProviderContext:
    """Everything a provider is built from."""

    name: str
    settings: ProviderSettings
    reliability: ReliabilitySettings


class Provider(ABC):
    #: the region the vendor serves from when a deployment does not say
    default_region: str | None = None
    #: short name of the wire dialect, shown in `orkester models`
    dialect_name: str = ""
    #: answers are made up by Orkester itself and must be labelled as such
    simulated: bool = False

    def __init__(self, ctx: ProviderContext) -> None:
        self.name = ctx.name
        self.settings = ctx.settings
        self.reliability = ctx.reliability

    @abstractmethod
    async def chat(self, req: ChatRequest, deployment: Deployment) -> ChatResponse: ...

    @abstractmethod
    def stream_chat(self, req: ChatRequest, deployment: Deployment) -> AsyncIterator[ChatChunk]:
        """Yield chunks. Errors before the first chunk must be raised before anything is yielded."""
        ...

    async def embed(self, req: EmbeddingRequest, deployment: Deployment) -> EmbeddingResponse:
        raise UnsupportedFeatureError(f"Provider {self.name!r} does not offer embeddings")

    async def start(self) -> None:
        """Open pools or load models. Called once before serving."""
        return None

    async def close(self) -> None:
        """Release pools. Called once at shutdown."""
        return None

    @property
    def region(self) -> str | None:
        return self.settings.region or self.default_region
