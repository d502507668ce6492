"""A request's data class: the strictest of its key's minimum, what the caller declares, and what
detection finds in its texts. Detection that raises or runs out of time fails closed: the request is
then the strictest class.

Scans run on one thread of their own, one at a time: they are CPU work under the GIL, so more threads would
only make each slower, and the default executor is shared with other blocking work. The time limit
(``detection.timeout_ms``) counts from when a scan starts, so a burst of requests waiting their turn is not
mistaken for a detector that hangs; the wait for the turn has its own, longer bound (``queue_timeout_ms``),
past which the gateway is overloaded and the request fails closed too.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol

from ..errors import RequestError
from ..settings import GuardrailSettings
from .entities import ClassOrder, Entity, counts

log = logging.getLogger("orkester.guardrails")


class Scanner(Protocol):
    def load(self) -> None: ...

    def scan(self, text: str) -> list[Entity]: ...


@dataclass(slots=True)
class Classification:
    declared: str | None
    detected: str
    final: str
    floor: str
    #: per scanned text, what was found in it; lives in the request's memory only
    found: dict[str, list[Entity]] = field(default_factory=dict, repr=False)
    #: why detection failed (then ``detected`` is the strictest class)
    failed: str | None = None

    def counts(self) -> dict[str, int]:
        return counts(e for entities in self.found.values() for e in entities)


class Classifier:
    """Scans a request's texts with the detector (in a worker thread, under the configured time limit)."""

    def __init__(self, settings: GuardrailSettings, scanner: Callable[[], Scanner], *, cache_size: int = 2048) -> None:
        self.settings = settings
        self.order = ClassOrder(settings.classes)
        self._make_scanner = scanner
        self._scanner: Scanner | None = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[bytes, list[Entity]] = OrderedDict()
        self._cache_size = cache_size
        self.timeout_s = settings.detection.timeout_ms / 1000
        self.queue_timeout_s = settings.detection.queue_timeout_ms / 1000
        self._loaded = threading.Event()
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="orkester-pii")

    def load(self) -> None:
        """Build and load the detector now (spaCy takes about a second); run it in a worker thread."""
        self.scanner().load()
        self._loaded.set()

    def scanner(self) -> Scanner:
        with self._lock:
            if self._scanner is None:
                self._scanner = self._make_scanner()
            return self._scanner

    def check_declared(self, declared: str | None) -> str | None:
        if declared is None or declared == "":
            return None
        if declared not in self.order.classes:
            raise RequestError(
                f"Unknown data class {declared!r} (x-orkester-data-class / metadata.data_class). "
                f"Known classes, least to most sensitive: {', '.join(self.order.classes)}.",
                param="data_class",
                code="invalid_data_class",
            )
        return declared

    async def classify(self, texts: Sequence[str], *, declared: str | None, floor: str | None = None) -> Classification:
        declared = self.check_declared(declared)
        floor = self.order.max(self.settings.min_class, floor)
        try:
            if not self._loaded.is_set():
                # Loading (at start-up, in the background) is not scanning: the time limit is for the scan.
                await asyncio.to_thread(self.load)
            found = await self._scan(list(texts))
        except _QueueTimeout:
            ms = self.settings.detection.queue_timeout_ms
            return self._failed(declared, floor, f"detection did not start within {ms} ms (overloaded)")
        except TimeoutError:
            return self._failed(declared, floor, f"detection took longer than {self.settings.detection.timeout_ms} ms")
        except Exception as e:  # any failure of detection fails closed, by design
            log.warning("data classification failed, treating the request as %s: %r", self.order.strictest, e)
            return self._failed(declared, floor, f"detection failed ({type(e).__name__})")
        detected = self.order.max(*(self._class(e.data_class) for ents in found.values() for e in ents))
        return Classification(declared, detected, self.order.max(floor, declared, detected), floor, found)

    async def _scan(self, texts: list[str]) -> dict[str, list[Entity]]:
        """``scan_all`` on the scanning thread: the time limit runs from when the scan starts."""
        loop = asyncio.get_running_loop()
        began: asyncio.Future[None] = loop.create_future()

        def run() -> dict[str, list[Entity]]:
            loop.call_soon_threadsafe(_resolve, began)
            return self.scan_all(texts)

        work = loop.run_in_executor(self._thread, run)
        try:
            await asyncio.wait_for(asyncio.shield(began), self.queue_timeout_s)
        except TimeoutError:
            work.cancel()  # not started: it never will be
            raise _QueueTimeout from None
        return await asyncio.wait_for(work, self.timeout_s)

    def scan_all(self, texts: list[str]) -> dict[str, list[Entity]]:
        scanner = self.scanner()
        out: dict[str, list[Entity]] = {}
        for text in texts:
            if text in out or not text:
                continue
            key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
            with self._lock:
                hit = self._cache.get(key)
                if hit is not None:
                    self._cache.move_to_end(key)
            if hit is None:
                hit = scanner.scan(text)
                with self._lock:
                    self._cache[key] = hit
                    while len(self._cache) > self._cache_size:
                        self._cache.popitem(last=False)
            out[text] = hit
        return out

    def _class(self, data_class: str) -> str:
        # A class the configured order does not know (renamed classes) is treated as the strictest.
        return data_class if data_class in self.order.classes else self.order.strictest

    def _failed(self, declared: str | None, floor: str, why: str) -> Classification:
        strictest = self.order.strictest
        return Classification(declared, strictest, strictest, floor, {}, failed=why)


class _QueueTimeout(Exception):
    """The scan did not start in time."""


def _resolve(fut: asyncio.Future[None]) -> None:
    if not fut.done():
        fut.set_result(None)
