"""QualityPredictor: from a prompt's embedding, the probability that each model answers it well.

One logistic regression per model over the same features: the prompt's embedding
(multilingual-e5-small, 384-d, ``query:`` convention) followed by a few cheap features named
in the artifact (see :func:`extra_features`). Inference is one matrix-vector product in
numpy; scikit-learn is needed only to train.

Which embedding is part of the artifact: the encoder depth (``layers``) and the cut of the
prompt (``head_chars`` from the start and ``text_chars`` from the end, see :meth:`text`). The
shipped router uses the task detector's own vector (4 layers of the first 64 and last 24
characters), so one cached embedding serves both and a routing decision embeds once. Older
artifacts without ``layers``/``head_chars`` mean full depth and the tail cut of :func:`routing_text`.

The artifact is a plain ``.npz`` (loaded with ``allow_pickle=False``) holding::

    kind, version          "orkester.quality_predictor", 1
    models                 model names, in the order of the weight rows
    mean_cost              USD per call of each model in the training data
    weights, bias          (n_models, n_features), (n_models,)
    feature_mean, feature_scale   standardisation applied before the weights
    extra_features         names of the features after the embedding
    embedding              which embedding the weights expect
    text_chars             characters from the end of the prompt that are embedded
    head_chars             characters from the start (0: the tail cut of routing_text)
    layers                 encoder layers the embedding was taken from
    metadata, heldout      JSON: how it was trained; its scores on the held-out split
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..embeddings import FULL_DEPTH, head_tail

Vector = npt.NDArray[np.float32]
KIND = "orkester.quality_predictor"
EMBEDDING = "multilingual-e5-small/query"
DEFAULT_TEXT_CHARS = 32
#: the shipped router's cut and depth: the task detector's (routing/tasks.py EmbedSpec)
SHIPPED_VIEW = (4, 64, 24)  # layers, head_chars, text_chars
EXTRA_FEATURES = ("log_prompt_chars",)


def routing_text(prompt: str, max_chars: int = DEFAULT_TEXT_CHARS) -> str:
    """The part of a prompt a router embeds: its last paragraphs, at most ``max_chars``.

    What is being asked now sits at the end (few-shot prompts put their examples first),
    and the embedding costs about a millisecond a token on one core, so the router reads
    the tail: whole trailing paragraphs while they fit, else the end of the last one.
    """
    text = prompt.strip()
    if len(text) <= max_chars:
        return text
    out = ""
    for block in reversed([b for b in text.split("\n\n") if b.strip()]):
        candidate = block if not out else block + "\n\n" + out
        if len(candidate) > max_chars:
            if not out:
                cut = block[-max_chars:]
                space = cut.find(" ")
                out = cut[space + 1 :] if 0 <= space < 20 else cut
            break
        out = candidate
    return out


def cut_text(prompt: str, head_chars: int, text_chars: int) -> str:
    """The cut of a prompt a router embeds: ``head_chars`` from the start and ``text_chars`` from the
    end (:func:`~orkester.routing.embeddings.head_tail`), or with no head the tail cut of :func:`routing_text`."""
    if head_chars:
        return head_tail(prompt, head_chars, text_chars)
    return routing_text(prompt, text_chars)


def extra_features(prompt: str, names: tuple[str, ...] = EXTRA_FEATURES) -> list[float]:
    values = {"log_prompt_chars": math.log1p(len(prompt))}
    return [values[n] for n in names]


def _str(arr: Any) -> str:
    return str(np.asarray(arr).item())


def _json(arr: Any) -> dict[str, Any]:
    value = json.loads(_str(arr))
    return value if isinstance(value, dict) else {}


def default_artifact(name: str) -> Path:
    """Path of an artifact shipped in ``orkester/routing/data``."""
    return Path(str(resources.files("orkester.routing").joinpath("data", name)))


@dataclass(slots=True)
class QualityPredictor:
    models: list[str]
    mean_cost: dict[str, float]
    weights: npt.NDArray[np.float32]
    bias: npt.NDArray[np.float32]
    feature_mean: npt.NDArray[np.float32]
    feature_scale: npt.NDArray[np.float32]
    extra: tuple[str, ...] = EXTRA_FEATURES
    text_chars: int = DEFAULT_TEXT_CHARS
    head_chars: int = 0
    layers: int = FULL_DEPTH
    embedding: str = EMBEDDING
    metadata: dict[str, Any] = field(default_factory=dict)
    heldout: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path | None = None) -> QualityPredictor:
        with np.load(path or default_artifact("router.npz"), allow_pickle=False) as z:
            if _str(z["kind"]) != KIND:
                raise ValueError(f"{path} is not a quality predictor artifact (kind {_str(z['kind'])!r})")
            models = [str(m) for m in z["models"]]
            return cls(
                models=models,
                mean_cost={m: float(c) for m, c in zip(models, z["mean_cost"], strict=True)},
                weights=z["weights"].astype(np.float32),
                bias=z["bias"].astype(np.float32),
                feature_mean=z["feature_mean"].astype(np.float32),
                feature_scale=z["feature_scale"].astype(np.float32),
                extra=tuple(str(x) for x in z["extra_features"]),
                text_chars=int(z["text_chars"]),
                head_chars=int(z["head_chars"]) if "head_chars" in z else 0,
                layers=int(z["layers"]) if "layers" in z else FULL_DEPTH,
                embedding=_str(z["embedding"]),
                metadata=_json(z["metadata"]),
                heldout=_json(z["heldout"]),
            )

    def save(self, path: str | Path) -> None:
        np.savez_compressed(
            path,
            kind=np.array(KIND),
            version=np.array(2 if self.head_chars or self.layers != FULL_DEPTH else 1),
            models=np.array(self.models),
            mean_cost=np.array([self.mean_cost[m] for m in self.models], dtype=np.float64),
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            feature_mean=self.feature_mean.astype(np.float32),
            feature_scale=self.feature_scale.astype(np.float32),
            extra_features=np.array(self.extra, dtype=str),
            text_chars=np.array(self.text_chars),
            head_chars=np.array(self.head_chars),
            layers=np.array(self.layers),
            embedding=np.array(self.embedding),
            metadata=np.array(json.dumps(self.metadata, sort_keys=True)),
            heldout=np.array(json.dumps(self.heldout, sort_keys=True)),
        )

    def features(self, vec: Vector, prompt: str = "") -> Vector:
        x = np.concatenate(
            [np.asarray(vec, dtype=np.float32), np.asarray(extra_features(prompt, self.extra), np.float32)]
        )
        return (x - self.feature_mean) / self.feature_scale

    def predict_many(self, vecs: Vector, prompts: list[str]) -> npt.NDArray[np.float32]:
        """(n, n_models) probabilities for n prompts."""
        extra = np.asarray([extra_features(p, self.extra) for p in prompts], np.float32).reshape(len(prompts), -1)
        x = (np.hstack([np.asarray(vecs, np.float32), extra]) - self.feature_mean) / self.feature_scale
        z = x @ self.weights.T + self.bias
        return (1.0 / (1.0 + np.exp(-z))).astype(np.float32)

    def predict(self, vec: Vector, prompt: str = "") -> dict[str, float]:
        """Probability of a good answer per model. ``prompt`` feeds the cheap extra features."""
        z = self.weights @ self.features(vec, prompt) + self.bias
        p = 1.0 / (1.0 + np.exp(-z))
        return {m: float(v) for m, v in zip(self.models, p, strict=True)}

    def text(self, prompt: str) -> str:
        """What to embed for this prompt (the same cut the artifact was trained with); embed it
        with ``layers`` encoder layers."""
        return cut_text(prompt, self.head_chars, self.text_chars)
