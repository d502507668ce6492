"""Training the QualityPredictor and the AnswerScorer (``orkester router train``).

Needs the ``train`` extra (scikit-learn); inference never imports it.

Data comes as :class:`Example` records, one per (prompt, model): RouterBench-format CSVs
give one per model per row; a company's own logged feedback gives one per JSONL line::

    {"prompt": "...", "model": "gpt-4o-mini", "score": 1, "cost": 0.00012,
     "answer": "...", "id": "req-123"}

``score`` is 0/1, or 1-5 where 4 and 5 count as good (``good_at``); ``answer`` and ``id``
are optional (the scorer trains only on lines with an answer; without ``id`` the prompt's
hash decides the held-out side, so repeats of a prompt stay on one side).

Embeddings are cached on disk (``$ORKESTER_CACHE_DIR`` or ``~/.cache/orkester``), keyed by
the exact text, so re-training and re-evaluating embed nothing twice.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import random
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from ..embeddings import FULL_DEPTH
from .data import Dataset, is_heldout
from .predictor import (
    DEFAULT_TEXT_CHARS,
    EMBEDDING,
    EXTRA_FEATURES,
    SHIPPED_VIEW,
    QualityPredictor,
    cut_text,
    extra_features,
)
from .scorer import CHEAP_FEATURES, DEFAULT_ANSWER_CHARS, AnswerScorer

Progress = Callable[[int], None]
Array = npt.NDArray[np.float32]


class Backend(Protocol):
    def embed_queries(self, texts: list[str], *, layers: int = ...) -> Array: ...


def default_backend(threads: int | None = None) -> Backend:
    from ..embeddings import Embedder

    threads = threads or int(os.environ.get("OMP_NUM_THREADS") or min(2, os.cpu_count() or 1))
    return Embedder(num_threads=threads, cache_size=0)


def cache_dir() -> Path:
    return Path(os.environ.get("ORKESTER_CACHE_DIR") or Path.home() / ".cache" / "orkester")


class EmbeddingCache:
    """``text -> vector`` on disk (one ``.npz`` per embedding and depth, no pickle), filled on demand."""

    def __init__(
        self,
        backend: Backend | None = None,
        directory: Path | None = None,
        name: str = EMBEDDING,
        *,
        layers: int = FULL_DEPTH,
    ):
        self._backend = backend
        self.layers = layers
        if layers != FULL_DEPTH:
            name = f"{name}/layers{layers}"
        safe = "".join(c if c.isalnum() else "_" for c in name)
        self.path = (directory or cache_dir()) / "embeddings" / f"{safe}.npz"
        self._vecs: dict[str, Array] = {}
        self._dirty = False
        self._saved_at = time.monotonic()
        if self.path.exists():
            with np.load(self.path, allow_pickle=False) as z:
                for k, v in zip(z["keys"], z["vecs"], strict=True):
                    self._vecs[str(k)] = v

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            self._backend = default_backend()
        return self._backend

    def missing(self, texts: Iterable[str]) -> list[str]:
        return list(dict.fromkeys(t for t in texts if self.key(t) not in self._vecs))

    def embed(self, texts: Sequence[str], progress: Progress | None = None, batch: int = 32) -> Array:
        todo = sorted(self.missing(texts), key=len)
        for i in range(0, len(todo), batch):
            chunk = todo[i : i + batch]
            vecs = self.backend.embed_queries(chunk, layers=self.layers)
            for t, v in zip(chunk, vecs, strict=True):
                self._vecs[self.key(t)] = np.asarray(v, np.float32)
            self._dirty = True
            if progress:
                progress(len(chunk))
            if time.monotonic() - self._saved_at > 60:
                self.save()  # a long first run keeps what it has if interrupted
        self.save()
        if not texts:
            return np.zeros((0, 0), np.float32)
        return np.stack([self._vecs[self.key(t)] for t in texts])

    def __call__(self, texts: Sequence[str]) -> Array:
        return self.embed(texts)

    def save(self) -> None:
        if not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self._vecs), dtype=str)
        vecs = np.stack(list(self._vecs.values())).astype(np.float32)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".npz")
        os.close(fd)
        np.savez(tmp, keys=keys, vecs=vecs)
        os.replace(tmp, self.path)
        self._dirty = False
        self._saved_at = time.monotonic()


# ---------------------------------------------------------------- examples


@dataclass(slots=True)
class Example:
    prompt: str
    model: str
    good: float
    cost: float
    group: str
    answer: str | None = None
    task: str = ""


@dataclass(slots=True)
class Examples:
    items: list[Example]
    peers: dict[str, dict[str, str]] = field(default_factory=dict)  # group -> model -> answer

    @property
    def models(self) -> list[str]:
        return sorted({e.model for e in self.items})

    def split(self, heldout: bool, fraction: float) -> Examples:
        keep = [e for e in self.items if is_heldout(e.group, fraction) == heldout]
        groups = {e.group for e in keep}
        return Examples(keep, {g: a for g, a in self.peers.items() if g in groups})


def from_dataset(ds: Dataset) -> Examples:
    items: list[Example] = []
    peers: dict[str, dict[str, str]] = {}
    for r in ds.rows:
        peers[r.sample_id] = dict(r.response)
        for m in ds.models:
            items.append(Example(r.prompt, m, r.correct[m], r.cost[m], r.sample_id, r.response[m], r.eval_name))
    return Examples(items, peers)


def from_feedback(path: str | Path, good_at: float = 4.0) -> Examples:
    """Logged feedback, one JSON object a line (see the module docstring)."""
    items: list[Example] = []
    peers: dict[str, dict[str, str]] = {}
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                prompt, model, score = str(rec["prompt"]), str(rec["model"]), float(rec["score"])
            except (ValueError, KeyError, TypeError) as e:
                raise ValueError(f"{path}:{n}: needs prompt, model and a numeric score ({e})") from None
            good = score if score in (0.0, 1.0) else float(score >= good_at)
            group = str(rec.get("id") or hashlib.sha256(prompt.encode()).hexdigest()[:16])
            answer = rec.get("answer")
            items.append(Example(prompt, model, good, float(rec.get("cost") or 0.0), group, answer, ""))
            if answer is not None:
                peers.setdefault(group, {})[model] = str(answer)
    if not items:
        raise ValueError(f"{path}: no feedback records")
    return Examples(items, peers)


# ---------------------------------------------------------------- predictor


def _standardise(x: Array) -> tuple[Array, Array]:
    mean = x.mean(axis=0).astype(np.float32)
    scale = x.std(axis=0).astype(np.float32)
    scale[scale < 1e-6] = 1.0
    return mean, scale


def _auc(y: npt.NDArray[np.float64], p: npt.NDArray[np.float64]) -> float | None:
    pos, neg = p[y >= 0.5], p[y < 0.5]
    if len(pos) == 0 or len(neg) == 0:
        return None
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    ranks = np.empty(len(order))
    ranks[order] = np.arange(1, len(order) + 1)
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def _scores(y: Sequence[float], p: Sequence[float]) -> dict[str, Any]:
    ya, pa = np.asarray(y, np.float64), np.clip(np.asarray(p, np.float64), 1e-6, 1 - 1e-6)
    return {
        "n": len(ya),
        "auc": _auc(ya, pa),
        "brier": float(np.mean((pa - ya) ** 2)) if len(ya) else None,
        "log_loss": float(-np.mean(ya * np.log(pa) + (1 - ya) * np.log(1 - pa))) if len(ya) else None,
        "base_rate": float(ya.mean()) if len(ya) else None,
    }


def train_predictor(
    train: Examples,
    embed: Callable[[Sequence[str]], Array],
    *,
    heldout: Examples | None = None,
    view: tuple[int, int, int] = SHIPPED_VIEW,
    c: float | None = None,
    standardise_embedding: bool = False,
    progress: Progress | None = None,
    metadata: dict[str, Any] | None = None,
) -> QualityPredictor:
    """One logistic regression per model over [embedding of the routing text, extra features].

    ``view`` is (layers, head_chars, tail_chars): which embedding of which cut of the prompt; ``embed``
    must give vectors from that many layers. ``c`` (inverse regularisation) defaults to the value in
    :data:`C_GRID` with the lowest 5-fold cross-validated log-loss on the training examples (folds by
    prompt group).
    """
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    layers, head_chars, text_chars = view
    prompts = sorted({e.prompt for e in train.items})
    texts = [cut_text(p, head_chars, text_chars) for p in prompts]
    vecs = embed(texts)
    extra = np.asarray([extra_features(p) for p in prompts], np.float32).reshape(len(prompts), -1)
    x_all = np.hstack([vecs, extra]).astype(np.float32)
    mean, scale = _standardise(x_all)
    if not standardise_embedding:
        # Unit vectors already share one scale; standardising each dimension would let the
        # regulariser amplify dimensions that only carry noise (measured: worse held-out AUC).
        dim = vecs.shape[1]
        mean[:dim], scale[:dim] = 0.0, 1.0
    row_of = {p: i for i, p in enumerate(prompts)}
    models = train.models
    dim = x_all.shape[1]
    per_model = {m: [e for e in train.items if e.model == m] for m in models}
    cv: dict[str, float] = {}
    if c is None:
        xs = (x_all - mean) / scale
        cv = {f"{cc:g}": _cv_log_loss(xs, per_model, row_of, cc) for cc in C_GRID}
        c = float(min(C_GRID, key=lambda cc: cv[f"{cc:g}"]))
    weights = np.zeros((len(models), dim), np.float32)
    bias = np.zeros(len(models), np.float32)
    mean_cost: dict[str, float] = {}
    counts: dict[str, int] = {}
    for k, m in enumerate(models):
        ex = per_model[m]
        counts[m] = len(ex)
        mean_cost[m] = float(np.mean([e.cost for e in ex]))
        y = np.asarray([e.good for e in ex]) >= 0.5
        rate = (y.sum() + 1) / (len(y) + 2)
        if y.all() or not y.any():
            bias[k] = math.log(rate / (1 - rate))
        else:
            xm = (x_all[[row_of[e.prompt] for e in ex]] - mean) / scale
            clf = LogisticRegression(C=c, max_iter=3000).fit(xm, y)
            weights[k], bias[k] = clf.coef_[0], clf.intercept_[0]
        if progress:
            progress(1)
    predictor = QualityPredictor(
        models=models,
        mean_cost=mean_cost,
        weights=weights,
        bias=bias,
        feature_mean=mean,
        feature_scale=scale,
        extra=EXTRA_FEATURES,
        text_chars=text_chars,
        head_chars=head_chars,
        layers=layers,
        metadata={
            **(metadata or {}),
            "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "algorithm": f"per-model logistic regression over the embedding and {', '.join(EXTRA_FEATURES)}, C={c:g}",
            "cv_log_loss_by_c": cv,
            "n_prompts": len(prompts),
            "examples_per_model": counts,
        },
    )
    if heldout is not None and heldout.items:
        predictor.heldout = score_predictor(predictor, heldout, embed)
    return predictor


C_GRID = (0.3, 1.0, 3.0, 10.0)


def _cv_log_loss(
    xs: Array, per_model: dict[str, list[Example]], row_of: dict[str, int], c: float, folds: int = 5
) -> float:
    from sklearn.linear_model import LogisticRegression

    total = n = 0.0
    for ex in per_model.values():
        y = np.asarray([e.good for e in ex]) >= 0.5
        fold = np.asarray([int(EmbeddingCache.key(e.group)[:8], 16) % folds for e in ex])
        rows = np.asarray([row_of[e.prompt] for e in ex])
        for f in range(folds):
            fit, hold = fold != f, fold == f
            if not hold.any() or y[fit].all() or not y[fit].any():
                continue
            clf = LogisticRegression(C=c, max_iter=3000).fit(xs[rows[fit]], y[fit])
            p = np.clip(clf.predict_proba(xs[rows[hold]])[:, 1], 1e-6, 1 - 1e-6)
            yh = y[hold]
            total += float(-np.sum(yh * np.log(p) + (~yh) * np.log(1 - p)))
            n += len(yh)
    return total / max(n, 1.0)


def score_predictor(
    predictor: QualityPredictor, data: Examples, embed: Callable[[Sequence[str]], Array]
) -> dict[str, Any]:
    prompts = sorted({e.prompt for e in data.items})
    probs = predictor.predict_many(embed([predictor.text(p) for p in prompts]), prompts)
    row_of = {p: i for i, p in enumerate(prompts)}
    out: dict[str, Any] = {"per_model": {}}
    ys: list[float] = []
    ps: list[float] = []
    for k, m in enumerate(predictor.models):
        ex = [e for e in data.items if e.model == m]
        y = [e.good for e in ex]
        p = [float(probs[row_of[e.prompt], k]) for e in ex]
        out["per_model"][m] = _scores(y, p)
        ys += y
        ps += p
    out["all"] = _scores(ys, ps)
    return out


# ---------------------------------------------------------------- scorer


def _peer_sets(model: str, others: list[str], rng: random.Random, n: int) -> Iterator[list[str]]:
    yield []
    for _ in range(n):
        yield rng.sample(others, rng.randint(1, min(4, len(others))))


def scorer_matrix(
    data: Examples,
    models: list[str],
    embed: Callable[[Sequence[str]], Array],
    *,
    prompt_chars: int,
    answer_chars: int,
    peer_samples: int,
    seed: int = 0,
    progress: Progress | None = None,
) -> tuple[Array, npt.NDArray[np.bool_], list[str]]:
    """Feature rows for every answered example, each with a few random sets of peer answers."""
    one = np.ones(1, np.float32)
    probe = AnswerScorer(models, [(np.zeros((1, 1), np.float32), one)], one, one)
    probe.prompt_chars, probe.answer_chars = prompt_chars, answer_chars
    items = [e for e in data.items if e.answer is not None]
    p_texts = [probe.prompt_text(e.prompt) for e in items]
    a_texts = [probe.answer_text(e.answer or "") for e in items]
    pv = embed(p_texts)
    av = embed(a_texts)
    rng = random.Random(seed)
    rows: list[Array] = []
    ys: list[float] = []
    groups: list[str] = []
    for i, e in enumerate(items):
        answers = data.peers.get(e.group, {})
        others = [m for m in answers if m != e.model]
        for peer_set in _peer_sets(e.model, others, rng, peer_samples if others else 0):
            peers = {m: answers[m] for m in peer_set}
            rows.append(probe.features(pv[i], av[i], e.answer or "", e.model, peers))
            ys.append(e.good)
            groups.append(e.group)
        if progress:
            progress(1)
    x = np.stack(rows) if rows else np.zeros((0, 0), np.float32)
    return x, np.asarray(ys) >= 0.5, groups


def train_scorer(
    train: Examples,
    embed: Callable[[Sequence[str]], Array],
    *,
    heldout: Examples | None = None,
    prompt_chars: int = DEFAULT_TEXT_CHARS,
    answer_chars: int = DEFAULT_ANSWER_CHARS,
    c: float = 0.01,
    embedding_weight: float = 0.1,
    peer_samples: int = 4,
    progress: Progress | None = None,
    metadata: dict[str, Any] | None = None,
) -> AnswerScorer:
    """Logistic regression over the scorer's features; weights exported for numpy inference.

    Features are standardised, then the two embedding blocks are scaled by
    ``embedding_weight``: with 768 embedding dimensions against ~30 others, an equal
    penalty let the embeddings overfit (held-out log-loss 0.55 with weight 1, 0.47 with 0.1).
    """
    from sklearn.linear_model import LogisticRegression

    models = train.models
    x, y, _ = scorer_matrix(
        train,
        models,
        embed,
        prompt_chars=prompt_chars,
        answer_chars=answer_chars,
        peer_samples=peer_samples,
        progress=progress,
    )
    if len(x) == 0 or y.all() or not y.any():
        raise ValueError("the scorer needs answered examples of both good and bad answers")
    mean, scale = _standardise(x)
    dim = (x.shape[1] - len(CHEAP_FEATURES) - 2 * len(models)) // 2
    scale[: 2 * dim] /= embedding_weight
    lr = LogisticRegression(C=c, max_iter=5000).fit((x - mean) / scale, y)
    scorer = AnswerScorer(
        models=models,
        layers=[(lr.coef_.astype(np.float32), lr.intercept_.astype(np.float32))],
        feature_mean=mean,
        feature_scale=scale,
        prompt_chars=prompt_chars,
        answer_chars=answer_chars,
        metadata={
            **(metadata or {}),
            "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "algorithm": f"logistic regression, C={c:g}, embedding blocks weighted {embedding_weight:g}",
            "n_rows": len(x),
            "peer_samples": peer_samples,
        },
    )
    if heldout is not None and any(e.answer is not None for e in heldout.items):
        hx, hy, _ = scorer_matrix(
            heldout, models, embed, prompt_chars=prompt_chars, answer_chars=answer_chars, peer_samples=1, seed=1
        )
        scorer.heldout = _scores(hy.astype(np.float64).tolist(), scorer.probability(hx).tolist())
    return scorer
