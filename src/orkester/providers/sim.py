"""Simulated models: configurable time to first token, speed, failure rate and price.

Every answer is labelled simulated (``ChatResponse.simulated``; the server adds the
``x-orkester-simulated`` header and the ``orkester-simulated`` system fingerprint), so a
simulated answer can never be mistaken for a real one. Used by ``orkester serve --demo``,
the tests and the benchmarks. Randomness comes from a per-provider ``random.Random``.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from ..errors import UpstreamUnavailableError
from ..settings import Deployment, SimSettings
from ..types import (
    ChatChunk,
    ChatRequest,
    ChatResponse,
    Choice,
    ChoiceDelta,
    EmbeddingRequest,
    EmbeddingResponse,
    ToolCallDelta,
    ToolCallOut,
    Usage,
)
from .base import Provider, ProviderContext

if TYPE_CHECKING:
    from ..plugins import Registry

_WORDS = (
    "the",
    "quote",
    "covers",
    "material",
    "machining",
    "finishing",
    "and",
    "delivery",
    "within",
    "four",
    "weeks",
    "of",
    "the",
    "order",
    "our",
    "team",
    "reviewed",
    "the",
    "drawing",
    "and",
    "suggests",
    "a",
    "tolerance",
    "of",
    "two",
    "hundredths",
    "of",
    "a",
    "millimetre",
)


#: what a simulated model says when its answer is a bad one
UNSURE = "I'm not sure. I don't know the answer to that."


def estimate_tokens(text: str) -> int:
    return max(1, len(text) // 4)


class SimProvider(Provider):
    default_region = "local"
    dialect_name = "simulated"
    simulated = True

    def __init__(self, ctx: ProviderContext) -> None:
        super().__init__(ctx)
        seed = ctx.settings.options.get("seed")
        self._rng = random.Random(seed)

    def _sim(self, deployment: Deployment) -> SimSettings:
        return deployment.sim or SimSettings()

    def _maybe_fail(self, deployment: Deployment, sim: SimSettings) -> None:
        if sim.failure_rate and self._rng.random() < sim.failure_rate:
            raise UpstreamUnavailableError(
                "Simulated failure", provider=self.name, model=deployment.model, upstream_status=503
            )

    def _answer(self, req: ChatRequest, deployment: Deployment, sim: SimSettings) -> tuple[str, list[ToolCallOut]]:
        last = req.messages[-1]
        if req.tools and req.tool_choice != "none" and last.role != "tool":
            tool = req.tools[0].function
            props = (tool.parameters or {}).get("properties") or {}
            args = {name: "simulated" for name in props}
            return "", [
                ToolCallOut(id=f"call_sim_{self._rng.randrange(10**8)}", name=tool.name, arguments=json.dumps(args))
            ]
        if sim.quality < 1.0 and self._rng.random() >= sim.quality:
            return UNSURE, []
        if sim.reply is not None:
            return sim.reply, []
        if req.wants_json:
            return json.dumps({"answer": "simulated", "model": deployment.model}), []
        limit = min(sim.output_tokens, req.output_limit or sim.output_tokens)
        words = [_WORDS[(i + len(last.text())) % len(_WORDS)] for i in range(max(1, limit))]
        return f"Simulated answer from {deployment.model}: " + " ".join(words), []

    def _usage(self, req: ChatRequest, text: str, calls: list[ToolCallOut]) -> Usage:
        prompt = sum(estimate_tokens(m.text()) + 3 for m in req.messages)
        out = len(text.split()) + sum(estimate_tokens(c.arguments) for c in calls)
        return Usage(input_tokens=prompt, output_tokens=out)

    async def chat(self, req: ChatRequest, deployment: Deployment) -> ChatResponse:
        sim = self._sim(deployment)
        self._maybe_fail(deployment, sim)
        text, calls = self._answer(req, deployment, sim)
        usage = self._usage(req, text, calls)
        delay = sim.ttft_ms / 1000 + (usage.output_tokens / sim.tokens_per_second if sim.tokens_per_second else 0)
        if delay > 0:
            await asyncio.sleep(delay)
        choice = Choice(
            content=text or None,
            tool_calls=calls,
            finish_reason="tool_calls" if calls else "stop",
            logprobs=_logprobs(text) if req.logprobs and text else None,
        )
        return ChatResponse(
            id=f"sim-{self._rng.randrange(16**12):012x}",
            model=deployment.model,
            choices=[choice],
            usage=usage,
            created=int(time.time()),
            simulated=True,
        )

    async def stream_chat(self, req: ChatRequest, deployment: Deployment) -> AsyncIterator[ChatChunk]:
        sim = self._sim(deployment)
        self._maybe_fail(deployment, sim)
        text, calls = self._answer(req, deployment, sim)
        usage = self._usage(req, text, calls)
        if sim.ttft_ms > 0:
            await asyncio.sleep(sim.ttft_ms / 1000)
        per_token = 1 / sim.tokens_per_second if sim.tokens_per_second else 0.0
        yield ChatChunk(choices=[ChoiceDelta(role="assistant", content="")])
        if calls:
            for i, c in enumerate(calls):
                yield ChatChunk(
                    choices=[
                        ChoiceDelta(tool_calls=[ToolCallDelta(index=i, id=c.id, name=c.name, arguments=c.arguments)])
                    ]
                )
        else:
            words = text.split(" ")
            for i, w in enumerate(words):
                if per_token > 0:
                    await asyncio.sleep(per_token)
                yield ChatChunk(choices=[ChoiceDelta(content=w if i == 0 else " " + w)])
        yield ChatChunk(choices=[ChoiceDelta(finish_reason="tool_calls" if calls else "stop")])
        yield ChatChunk(usage=usage)

    async def embed(self, req: EmbeddingRequest, deployment: Deployment) -> EmbeddingResponse:
        vectors: list[list[float]] = []
        for text in req.texts:
            rng = random.Random(text)
            vectors.append([rng.uniform(-1, 1) for _ in range(req.dimensions or 16)])
        return EmbeddingResponse(
            model=deployment.model,
            vectors=vectors,
            usage=Usage(input_tokens=sum(estimate_tokens(t) for t in req.texts)),
        )


def _logprobs(text: str) -> dict[str, object]:
    """OpenAI-shaped token log-probabilities: confident for good answers, unsure for bad ones."""
    lp = -1.6 if text == UNSURE else -0.05
    return {"content": [{"token": w, "logprob": lp, "bytes": None, "top_logprobs": []} for w in text.split(" ")]}


def register(registry: Registry) -> None:
    registry.add_provider("sim", SimProvider)
