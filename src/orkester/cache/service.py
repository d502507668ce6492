"""The response cache: find a kept answer for a request (exactly, then semantically), keep a new one.

A **semantic** lookup embeds the last user message with the app's shared multilingual-e5-small
:class:`~orkester.routing.embeddings.Embedder` (``query:`` on both sides: it compares two questions, a
symmetric task), then takes the nearest entries of the request's bucket — same namespace, same exact
conversation context — and serves the first whose similarity reaches ``cache.semantic.threshold`` and
which passes the guards of :mod:`.guards`. Prompts longer than ``cache.semantic.max_chars`` are only
matched exactly (the embedding would see only their head and tail). When the embedder cannot load, the
request is matched exactly and a warning is logged.

Every answer read is checked against the asking request's namespace and expiry again, whatever the
backend returned. The clock is injectable (``clock``) so expiry can be tested without waiting.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..settings import CacheSettings
from ..types import ChatResponse
from . import guards
from .backend import CacheBackend
from .entry import CachedAnswer, decode, encode, finished
from .index import Indexed
from .keys import Fingerprint

log = logging.getLogger("orkester.cache")
Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class Hit:
    answer: CachedAnswer
    #: the cosine similarity of a semantic hit; None for an exact one
    similarity: float | None = None
    #: seconds since the answer was kept
    age: float = 0.0


@dataclass(slots=True)
class Lookup:
    hit: Hit | None = None
    #: the last user message's embedding, when one was made (kept with the answer on a miss)
    vector: NDArray[np.float32] | None = None


class ResponseCache:
    def __init__(
        self,
        settings: CacheSettings,
        backend: CacheBackend,
        embedder: Callable[[], Any] | None = None,
        *,
        clock: Clock = time.time,
    ) -> None:
        self.settings = settings
        self.backend = backend
        self.embedder = embedder
        self.clock = clock

    async def open(self) -> None:
        await self.backend.open()

    async def close(self) -> None:
        await self.backend.close()

    def semantic_text(self, fp: Fingerprint) -> str | None:
        """The text a semantic lookup compares, None when the request can only be matched exactly."""
        if self.embedder is None or fp.bucket is None or fp.text is None:
            return None
        text = fp.text.strip()
        return text if 0 < len(text) <= self.settings.semantic.max_chars else None

    async def lookup(self, fp: Fingerprint, *, semantic: bool) -> Lookup:
        now = self.clock()
        answer = await self._read(fp.key, fp.namespace, now)
        if answer is not None:
            return Lookup(Hit(answer, None, max(0.0, now - answer.created_at)))
        text = self.semantic_text(fp) if semantic else None
        if text is None or fp.bucket is None:
            return Lookup()
        vector = await self.embed(text)
        if vector is None:
            return Lookup()
        s = self.settings.semantic
        for n in await self.backend.nearest(fp.bucket, vector, s.candidates, now):
            if n.similarity < s.threshold:
                break
            if guards.refusal(n.text, text) is not None:
                continue
            answer = await self._read(n.key, fp.namespace, now)
            if answer is not None:
                return Lookup(Hit(answer, n.similarity, max(0.0, now - answer.created_at)), vector)
        return Lookup(None, vector)

    async def store(
        self,
        fp: Fingerprint,
        response: ChatResponse,
        *,
        semantic: bool,
        provider: str | None = None,
        model: str | None = None,
        vector: NDArray[np.float32] | None = None,
    ) -> bool:
        """Keep a finished answer (and its semantic entry when asked); False when it is not kept."""
        if not finished(response):
            return False
        now = self.clock()
        expires_at = now + self.settings.ttl_seconds
        blob = encode(CachedAnswer(fp.namespace, response, now, expires_at, provider, model))
        if len(blob) > self.settings.max_answer_bytes:
            return False
        indexed: Indexed | None = None
        text = self.semantic_text(fp) if semantic else None
        if text is not None and fp.bucket is not None:
            vector = vector if vector is not None else await self.embed(text)
            if vector is not None:
                indexed = Indexed(fp.bucket, fp.key, vector, text, expires_at)
        await self.backend.put(fp.key, blob, now=now, expires_at=expires_at, indexed=indexed)
        return True

    async def embed(self, text: str) -> NDArray[np.float32] | None:
        assert self.embedder is not None
        try:
            embedder = self.embedder()
            vector: NDArray[np.float32] = await asyncio.to_thread(embedder.embed_query, text)
        except (ImportError, OSError, RuntimeError, ValueError) as e:
            log.warning("semantic cache unavailable, matching exactly: %s", e)
            return None
        return vector

    async def _read(self, key: str, namespace: str, now: float) -> CachedAnswer | None:
        blob = await self.backend.get(key, now)
        if blob is None:
            return None
        try:
            answer = decode(blob)
        except ValueError:
            log.warning("unreadable cache entry %s ignored", key)
            return None
        if answer.namespace != namespace or answer.expires_at <= now:
            return None
        return answer
