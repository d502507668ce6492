"""Routing helpers shared by every strategy of one app, built on first use: the sentence
embedder and the task detector. Nothing here loads at import time."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from ..reliability.live import DeploymentLive, LiveStats
from ..settings import RoutingSettings

log = logging.getLogger("orkester.routing")


class Services:
    def __init__(self, settings: RoutingSettings, live: LiveStats | None = None) -> None:
        self.settings = settings
        self._live = live or LiveStats()
        self._detector: Any = None
        self._embedder: Any = None
        self._predictors: dict[str | None, Any] = {}
        self._scorer: Any = None
        # Strategies may plan in worker threads: each part is built once, under this lock.
        self._build = threading.RLock()

    def embedder(self) -> Any:
        with self._build:
            if self._embedder is None:
                from .embeddings import Embedder

                self._embedder = Embedder()
            return self._embedder

    def detector(self) -> Any:
        with self._build:
            if self._detector is None:
                from .tasks import TaskDetector

                extra = {name: spec.examples for name, spec in self.settings.task_types.items()}
                self._detector = TaskDetector(self.embedder(), extra_examples=extra or None)
            return self._detector

    def detect_task(self, text: str) -> tuple[str, float] | None:
        """The detected task, or None when detection cannot run: routing then treats the task
        as unknown (rules fall to their default) instead of failing the request."""
        try:
            guess = self.detector().detect(text)
        except (ImportError, OSError, RuntimeError, ValueError) as e:
            log.warning("task detection unavailable: %s", e)
            return None
        return str(guess.task), float(guess.confidence)

    def predictor(self, artifact: str | None = None) -> Any:
        with self._build:
            if artifact not in self._predictors:
                from .learned.predictor import QualityPredictor

                self._predictors[artifact] = QualityPredictor.load(artifact)
            return self._predictors[artifact]

    def predict_quality(self, text: str, artifact: str | None = None) -> dict[str, float]:
        predictor = self.predictor(artifact)
        vec = self.embedder().embed_query(predictor.text(text), layers=predictor.layers)
        return dict(predictor.predict(vec, text))

    def warm(self, *, detector: bool = False, artifacts: Sequence[str | None] = ()) -> None:
        """Load now what the first request would otherwise wait for (about a second each): the
        embedding engine at the depths needed, the task model, the predictors. Failures are logged,
        not raised: the request path reports them again when it needs the part."""
        try:
            if detector:
                self.detect_task("warm-up")
            for artifact in artifacts:
                self.predict_quality("warm-up", artifact)
        except (ImportError, OSError, RuntimeError, ValueError) as e:
            log.warning("routing warm-up failed: %s", e)

    def answer_scorer(self) -> Any:
        """The learned answer scorer for cascade checks, with the embedder it needs."""
        with self._build:
            if self._scorer is None:
                from .learned.scorer import AnswerScorer

                self._scorer = _BoundScorer(AnswerScorer.load(), self.embedder())
            return self._scorer

    def live(self, key: str) -> DeploymentLive | None:
        return self._live.get(key)

    def headroom(self, key: str, limit: int | None) -> float | None:
        return self._live.headroom(key, limit)


class _BoundScorer:
    """The answer scorer with its embedder: ``score(prompt, answer, model) -> P(good)``."""

    def __init__(self, scorer: Any, embedder: Any) -> None:
        self.scorer = scorer
        self.embedder = embedder

    def score(self, prompt: str, answer: str, model: str, peers: Mapping[str, str] | None = None) -> float:
        prompt_vec = self.embedder.embed_query(self.scorer.prompt_text(prompt))
        answer_vec = self.embedder.embed_query(self.scorer.answer_text(answer))
        return float(self.scorer.score(prompt_vec, answer_vec, answer, model, peers=peers, prompt=prompt))
