"""AnswerScorer: given a prompt and a model's answer, the probability that the answer is good.

FrugalGPT's scorer reads (query, answer) with a fine-tuned DistilBERT; this one reads
embeddings and a few cheap signals, so it runs in numpy next to the gateway:

* the prompt's embedding (of :func:`~orkester.routing.learned.predictor.routing_text`)
  and the answer's embedding (of its first ``answer_chars`` characters), 384-d each;
* cheap answer features (:data:`CHEAP_FEATURES`): length, whether it is a bare choice
  letter, a refusal, a code block, Python or JavaScript code;
* which model answered (one-hot over the models the artifact knows; unknown models get zeros);
* agreement: for every other model whose answer to the same prompt is at hand (a cascade's
  earlier tiers, an ensemble's members), +1 when its normalised answer is the same, -1 when
  it differs, 0 when it was not asked or the answers are free text (only short normalised
  answers such as choice letters are compared).

The network is a small multilayer perceptron (``layers`` of weights, ReLU between them,
a sigmoid at the end; no hidden layer is logistic regression). The artifact is a plain
``.npz`` loaded with ``allow_pickle=False``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .predictor import DEFAULT_TEXT_CHARS, EMBEDDING, default_artifact, routing_text

KIND = "orkester.answer_scorer"
DEFAULT_ANSWER_CHARS = 200
SHORT_ANSWER = 40
CHEAP_FEATURES = ("log_chars", "is_choice", "refusal", "code_block", "python", "javascript")

_CHOICE = re.compile(r"^\W{0,3}\(?([A-Ea-e])\)?(?:[.):\s]|$)")
_ANSWER_IS = re.compile(r"answer is:?\s*\(?([A-E])\b")
_REFUSAL = re.compile(
    r"\b(i do not|i don't|i'm sorry|i am sorry|i cannot|i can't|unfortunately|as an ai"
    r"|not enough (context|information))\b",
    re.IGNORECASE,
)
_PY = re.compile(r"\bdef \w+\s*\(|```python|\[PYTHON\]")
_JS = re.compile(r"```(?:javascript|js|java|c\+\+|cpp|c#)\b|\bfunction \w+\s*\(|=>|console\.log|public static")


def normalize_answer(answer: str) -> str:
    """A choice letter when the answer starts with one (``"B"``, ``"(b)"``, ``"B) Dennis"``), else
    the lower-cased text with whitespace collapsed (first 200 characters)."""
    s = answer.strip()
    m = _CHOICE.match(s)
    if m:
        return m.group(1).upper()
    m = _ANSWER_IS.search(s[:400])
    if m:
        return m.group(1)
    return " ".join(s.lower().split())[:200]


def cheap_features(answer: str) -> list[float]:
    head = answer[:2000]
    return [
        math.log1p(len(answer)),
        float(len(normalize_answer(answer)) == 1),
        float(bool(_REFUSAL.search(head[:300]))),
        float("```" in head or "[PYTHON]" in head),
        float(bool(_PY.search(head))),
        float(bool(_JS.search(head))),
    ]


def agreement(a: str, b: str) -> float:
    na, nb = normalize_answer(a), normalize_answer(b)
    if len(na) > SHORT_ANSWER or len(nb) > SHORT_ANSWER:
        return 0.0
    return 1.0 if na == nb else -1.0


def _str(arr: Any) -> str:
    return str(np.asarray(arr).item())


@dataclass(slots=True)
class AnswerScorer:
    models: list[str]
    layers: list[tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]]
    feature_mean: npt.NDArray[np.float32]
    feature_scale: npt.NDArray[np.float32]
    prompt_chars: int = DEFAULT_TEXT_CHARS
    answer_chars: int = DEFAULT_ANSWER_CHARS
    embedding: str = EMBEDDING
    metadata: dict[str, Any] = field(default_factory=dict)
    heldout: dict[str, Any] = field(default_factory=dict)

    @property
    def n_features(self) -> int:
        return 2 * self.embedding_dim + len(CHEAP_FEATURES) + 2 * len(self.models)

    @property
    def embedding_dim(self) -> int:
        return (int(self.layers[0][0].shape[1]) - len(CHEAP_FEATURES) - 2 * len(self.models)) // 2

    @classmethod
    def load(cls, path: str | Path | None = None) -> AnswerScorer:
        with np.load(path or default_artifact("scorer.npz"), allow_pickle=False) as z:
            if _str(z["kind"]) != KIND:
                raise ValueError(f"{path} is not an answer scorer artifact (kind {_str(z['kind'])!r})")
            n = int(z["n_layers"])
            return cls(
                models=[str(m) for m in z["models"]],
                layers=[(z[f"w{i}"].astype(np.float32), z[f"b{i}"].astype(np.float32)) for i in range(n)],
                feature_mean=z["feature_mean"].astype(np.float32),
                feature_scale=z["feature_scale"].astype(np.float32),
                prompt_chars=int(z["prompt_chars"]),
                answer_chars=int(z["answer_chars"]),
                embedding=_str(z["embedding"]),
                metadata=json.loads(_str(z["metadata"])),
                heldout=json.loads(_str(z["heldout"])),
            )

    def save(self, path: str | Path) -> None:
        arrays: dict[str, Any] = {f"w{i}": w.astype(np.float32) for i, (w, _) in enumerate(self.layers)}
        arrays.update({f"b{i}": b.astype(np.float32) for i, (_, b) in enumerate(self.layers)})
        np.savez_compressed(
            path,
            kind=np.array(KIND),
            version=np.array(1),
            models=np.array(self.models),
            n_layers=np.array(len(self.layers)),
            feature_mean=self.feature_mean.astype(np.float32),
            feature_scale=self.feature_scale.astype(np.float32),
            prompt_chars=np.array(self.prompt_chars),
            answer_chars=np.array(self.answer_chars),
            embedding=np.array(self.embedding),
            metadata=np.array(json.dumps(self.metadata, sort_keys=True)),
            heldout=np.array(json.dumps(self.heldout, sort_keys=True)),
            **arrays,
        )

    def prompt_text(self, prompt: str) -> str:
        return routing_text(prompt, self.prompt_chars)

    def answer_text(self, answer: str) -> str:
        return answer[: self.answer_chars]

    def features(
        self,
        prompt_vec: npt.NDArray[np.float32],
        answer_vec: npt.NDArray[np.float32],
        answer: str,
        model: str,
        peers: Mapping[str, str],
    ) -> npt.NDArray[np.float32]:
        k = len(self.models)
        who = np.zeros(k, np.float32)
        agree = np.zeros(k, np.float32)
        if model in self.models:
            who[self.models.index(model)] = 1.0
        for other, text in peers.items():
            if other != model and other in self.models:
                agree[self.models.index(other)] = agreement(answer, text)
        return np.concatenate(
            [
                np.asarray(prompt_vec, np.float32),
                np.asarray(answer_vec, np.float32),
                np.asarray(cheap_features(answer), np.float32),
                who,
                agree,
            ]
        )

    def probability(self, x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Forward pass over one feature vector or a batch (rows)."""
        h = (np.asarray(x, np.float32) - self.feature_mean) / self.feature_scale
        for i, (w, b) in enumerate(self.layers):
            h = h @ w.T + b
            if i < len(self.layers) - 1:
                h = np.maximum(h, 0.0)
        out: npt.NDArray[np.float32] = (1.0 / (1.0 + np.exp(-h[..., 0]))).astype(np.float32)
        return out

    def score(
        self,
        prompt_vec: npt.NDArray[np.float32],
        answer_vec: npt.NDArray[np.float32],
        answer: str,
        model: str,
        peers: Mapping[str, str] | None = None,
        prompt: str | None = None,
    ) -> float:
        """P(the answer is good).

        ``peers``: other models' answers to the same prompt (a cascade's earlier tiers, an
        ensemble's members); agreement among them is the scorer's strongest signal, so pass
        them when there are any. ``prompt`` is accepted for symmetry with the callers and not
        read: the prompt reaches the scorer through ``prompt_vec``.
        """
        return float(self.probability(self.features(prompt_vec, answer_vec, answer, model, peers or {})))
