"""Task types, and detecting a prompt's task type (Norwegian or English) with a confidence.

A prompt is described twice. A sentence embedding of its first 64 and last 24 characters, from the first
4 of multilingual-e5-small's 12 layers (``EmbedSpec``; why these in docs/routing.md), carries meaning
across languages: the instruction sits at the start, or after a pasted document at the end, and the
middle mostly says what the prompt is about, not what to do with it. Hashed words, word pairs and
character n-grams of the whole prompt carry the instruction verbs ("oppsummer", "translate", "tilbud")
that a short clip can miss and that compounds hide from whole-word matching ("tilbudsbrev",
"møtereferat"). One multinomial logistic regression over both gives a probability per task type. A
temperature fitted on cross-validation folds at build time makes the top probability usable as a
confidence: routing treats a guess below its threshold as general (``GENERAL_TASK``).

The built-in model is trained by ``scripts/build_task_model.py`` from ``data/task_examples.jsonl`` and
ships as ``data/task_model.npz`` (no pickle), so start-up embeds nothing. Task types added in config (a
few example prompts each) are embedded at start-up and the regression is refitted with them, warm-started
from the shipped weights, which takes about a second. Inference is numpy only.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import re
import threading
import zlib
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .embeddings import DIM, ENGINE, Embedder, head_tail
from .task_types import BUILTIN_TASKS as BUILTIN_TASKS  # the names live there; imported from here too
from .task_types import GENERAL_TASK as GENERAL_TASK

log = logging.getLogger(__name__)

_TASK_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_WORD = re.compile(r"\w+")
_DATA = "data"
MODEL_FILE = "task_model.npz"
EXAMPLES_FILE = "task_examples.jsonl"

FloatArray = NDArray[np.float32]
IntArray = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class TaskGuess:
    task: str
    confidence: float
    runner_up: str
    runner_up_confidence: float = 0.0


@dataclass(frozen=True, slots=True)
class Lexical:
    """Hashed lexical features: words, word pairs and character n-grams inside words (crc32, stable)."""

    dim: int = 4096
    ngrams: tuple[int, ...] = (3, 4, 5)
    # Bounds the work on long prompts (about 1 ms at the cap); instructions sit at either end.
    head_chars: int = 1500
    tail_chars: int = 500

    def __post_init__(self) -> None:
        if self.dim < 2 or self.dim & (self.dim - 1):
            raise ValueError("Lexical.dim must be a power of two (features are hashed with a bit mask)")

    def features(self, text: str) -> tuple[IntArray, FloatArray]:
        """Sparse (indices, values) of the log-scaled, unit-length count vector."""
        if len(text) > self.head_chars + self.tail_chars:
            text = text[: self.head_chars] + " " + text[-self.tail_chars :]
        words = _WORD.findall(text.lower())
        counts: dict[int, int] = {}
        mask = self.dim - 1

        def add(feature: str) -> None:
            h = zlib.crc32(feature.encode()) & mask
            counts[h] = counts.get(h, 0) + 1

        for w in words:
            add("w:" + w)
            padded = f"<{w}>"
            for n in self.ngrams:
                for i in range(len(padded) - n + 1):
                    add("c:" + padded[i : i + n])
        for a, b in itertools.pairwise(words):
            add(f"b:{a} {b}")
        idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        val = np.log1p(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
        norm = np.float32(np.linalg.norm(val))
        return idx, (val / norm if norm else val).astype(np.float32)

    def matrix(self, texts: Sequence[str]) -> FloatArray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            idx, val = self.features(text)
            out[row, idx] = val
        return out


@dataclass(frozen=True, slots=True)
class Hyper:
    """How the regression is trained; stored with the model so a refit at start-up trains the same way."""

    alpha: float = 20.0  # weight of the lexical block (unit length) against the standardised embedding
    l2: float = 1e-2
    iterations: int = 600
    learning_rate: float = 0.03


@dataclass(frozen=True, slots=True)
class EmbedSpec:
    """Which vector the model was trained on; the detector asks the shared Embedder for exactly this."""

    engine: str = ENGINE
    layers: int = 4
    head_chars: int = 64
    tail_chars: int = 24

    def embed(self, embedder: Embedder, texts: Sequence[str]) -> FloatArray:
        clips = [head_tail(t, self.head_chars, self.tail_chars) for t in texts]
        return embedder.embed_queries(clips, layers=self.layers)


def softmax(z: FloatArray) -> FloatArray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    out: FloatArray = e / e.sum(axis=-1, keepdims=True)
    return out


def train_weights(
    x: FloatArray,
    labels: IntArray,
    n_classes: int,
    hyper: Hyper,
    *,
    iterations: int | None = None,
    init: tuple[FloatArray, FloatArray] | None = None,
) -> tuple[FloatArray, FloatArray]:
    """Multinomial logistic regression, L2-regularised, full-batch Adam; deterministic.

    Every class gets the same total sample weight, so a config-added type with four examples is not
    drowned by built-in types with seventy.
    """
    x = x.astype(np.float32)
    d = x.shape[1]
    counts = np.bincount(labels, minlength=n_classes).astype(np.float32)
    weight = (1.0 / (n_classes * counts[labels])).astype(np.float32)
    target = np.eye(n_classes, dtype=np.float32)[labels]
    w = init[0].astype(np.float32).copy() if init else np.zeros((d, n_classes), np.float32)
    b = init[1].astype(np.float32).copy() if init else np.zeros(n_classes, np.float32)
    params = [w, b]
    m = [np.zeros_like(w), np.zeros_like(b)]
    v = [np.zeros_like(w), np.zeros_like(b)]
    steps = hyper.iterations if iterations is None else iterations
    for t in range(1, steps + 1):
        grad_z = (softmax(x @ w + b) - target) * weight[:, None]
        grads = [x.T @ grad_z + hyper.l2 * w, grad_z.sum(axis=0)]
        for i, p in enumerate(params):
            m[i] = 0.9 * m[i] + 0.1 * grads[i]
            v[i] = 0.999 * v[i] + 0.001 * grads[i] ** 2
            p -= hyper.learning_rate * (m[i] / (1 - 0.9**t)) / (np.sqrt(v[i] / (1 - 0.999**t)) + 1e-8)
    return w, b


def fit_temperature(logits: FloatArray, labels: IntArray) -> float:
    """The softmax temperature that minimises held-out negative log-likelihood (a grid is plenty)."""
    best_t, best_nll = 1.0, float("inf")
    for t in np.exp(np.linspace(np.log(0.1), np.log(10.0), 161)):
        p = softmax((logits / t).astype(np.float32))
        nll = float(-np.mean(np.log(p[np.arange(len(labels)), labels] + 1e-12)))
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return best_t


def design_matrix(
    embeddings: FloatArray, lexical: FloatArray, mean: FloatArray, scale: FloatArray, alpha: float
) -> FloatArray:
    """The regression's input: standardised embedding, then the lexical block scaled by ``alpha``."""
    return np.hstack([(embeddings - mean) / scale, alpha * lexical]).astype(np.float32)


@dataclass(frozen=True)
class TaskModel:
    """Trained weights plus what is needed to refit them (the training embeddings and labels)."""

    tasks: tuple[str, ...]
    mean: FloatArray
    scale: FloatArray
    weights: FloatArray  # (DIM + lexical.dim, n_tasks)
    bias: FloatArray
    temperature: float
    lexical: Lexical
    hyper: Hyper
    embedding: EmbedSpec
    examples_digest: str
    train_embeddings: FloatArray
    train_labels: IntArray

    def design(self, embeddings: FloatArray, lexical: FloatArray) -> FloatArray:
        return design_matrix(embeddings, lexical, self.mean, self.scale, self.hyper.alpha)

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            tasks=np.array(self.tasks),
            mean=self.mean,
            scale=self.scale,
            weights=self.weights,
            bias=self.bias,
            temperature=np.float64(self.temperature),
            lexical=np.array(json.dumps(asdict(self.lexical))),
            hyper=np.array(json.dumps(asdict(self.hyper))),
            embedding=np.array(json.dumps(asdict(self.embedding))),
            examples_digest=np.array(self.examples_digest),
            # float16 halves the file; refits from these lose nothing measurable.
            train_embeddings=self.train_embeddings.astype(np.float16),
            train_labels=self.train_labels.astype(np.int16),
        )

    @classmethod
    def load(cls, path: Path | Any) -> TaskModel:
        with path.open("rb") as f, np.load(f, allow_pickle=False) as z:
            lex = json.loads(str(z["lexical"]))
            lex["ngrams"] = tuple(lex["ngrams"])
            return cls(
                tasks=tuple(str(t) for t in z["tasks"]),
                mean=z["mean"].astype(np.float32),
                scale=z["scale"].astype(np.float32),
                weights=z["weights"].astype(np.float32),
                bias=z["bias"].astype(np.float32),
                temperature=float(z["temperature"]),
                lexical=Lexical(**lex),
                hyper=Hyper(**json.loads(str(z["hyper"]))),
                embedding=EmbedSpec(**json.loads(str(z["embedding"]))),
                examples_digest=str(z["examples_digest"]),
                train_embeddings=z["train_embeddings"].astype(np.float32),
                train_labels=z["train_labels"].astype(np.int64),
            )


def builtin_path(name: str) -> Any:
    return resources.files("orkester.routing").joinpath(_DATA, name)


def read_examples(path: Path | Any) -> list[dict[str, str]]:
    with path.open("r", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def examples_digest(rows: Sequence[Mapping[str, str]]) -> str:
    h = hashlib.sha256()
    for r in rows:
        h.update(f"{r['task']}\t{r['text']}\n".encode())
    return h.hexdigest()[:16]


class TaskDetector:
    """Guesses a prompt's task type. Build one per app, after its ``Embedder``."""

    def __init__(
        self,
        embedder: Embedder,
        extra_examples: Mapping[str, Sequence[str]] | None = None,
        *,
        model: TaskModel | None = None,
        cache_size: int = 4096,
    ) -> None:
        self.embedder = embedder
        base = model or TaskModel.load(builtin_path(MODEL_FILE))
        if base.embedding.engine != ENGINE:
            raise RuntimeError(
                f"task model was trained on {base.embedding.engine} vectors, this engine gives {ENGINE}: "
                "run scripts/build_task_model.py"
            )
        if extra_examples:
            base = _refit(base, embedder, _check_extra(extra_examples))
        self.model = base
        self._lex_weights = base.weights[DIM:] * base.hyper.alpha
        self._emb_weights = base.weights[:DIM] / base.scale[:, None]
        self._offset = base.bias - base.mean @ self._emb_weights
        self._cache: OrderedDict[bytes, TaskGuess] = OrderedDict()
        self._cache_size = max(0, cache_size)
        self._lock = threading.Lock()

    @property
    def tasks(self) -> tuple[str, ...]:
        return self.model.tasks

    def detect(self, text: str) -> TaskGuess:
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        probs = self.probabilities(text)
        first, second = np.argsort(-probs)[:2]
        guess = TaskGuess(
            task=self.tasks[first],
            confidence=float(probs[first]),
            runner_up=self.tasks[second],
            runner_up_confidence=float(probs[second]),
        )
        with self._lock:
            self._cache[key] = guess
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return guess

    def probabilities(self, text: str) -> FloatArray:
        """Calibrated probability per task type, in the order of ``tasks``."""
        emb = self.model.embedding.embed(self.embedder, [text])[0]
        idx, val = self.model.lexical.features(text)
        logits = emb @ self._emb_weights + val @ self._lex_weights[idx] + self._offset
        return softmax((logits / self.model.temperature).astype(np.float32))


def _check_extra(extra: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for task, examples in extra.items():
        if not _TASK_ID.match(task):
            raise ValueError(f"task type {task!r}: use lower-case letters, digits and underscores")
        cleaned = [e for e in (str(x).strip() for x in examples) if e]
        if not cleaned:
            raise ValueError(f"task type {task!r} needs at least one example prompt")
        out[task] = cleaned
    return out


def _refit(base: TaskModel, embedder: Embedder, extra: dict[str, list[str]]) -> TaskModel:
    """Refit on the built-in examples plus ``extra`` (new types, or more examples for existing ones).

    Warm start: the built-in columns are already right and the new ones start at zero, so half the
    build's iterations suffice (about a second on one core).
    """
    rows = read_examples(builtin_path(EXAMPLES_FILE))
    if examples_digest(rows) != base.examples_digest:
        raise RuntimeError("task_examples.jsonl does not match task_model.npz: run scripts/build_task_model.py")
    tasks = list(base.tasks) + [t for t in extra if t not in base.tasks]
    texts = [r["text"] for r in rows]
    labels = [int(x) for x in base.train_labels]
    for task, examples in extra.items():
        texts += examples
        labels += [tasks.index(task)] * len(examples)
    emb = np.vstack([base.train_embeddings, base.embedding.embed(embedder, texts[len(rows) :])])
    x = base.design(emb, base.lexical.matrix(texts))
    grow = len(tasks) - len(base.tasks)
    init_w = np.hstack([base.weights, np.zeros((base.weights.shape[0], grow), np.float32)])
    init_b = np.concatenate([base.bias, np.full(grow, base.bias.min(), np.float32)])
    y = np.asarray(labels, dtype=np.int64)
    w, b = train_weights(x, y, len(tasks), base.hyper, iterations=base.hyper.iterations // 2, init=(init_w, init_b))
    return replace(base, tasks=tuple(tasks), weights=w, bias=b)
