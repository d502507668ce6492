"""Replay primitives for offline routing evaluation: what a strategy sees (a :class:`Prompt`), the only way
to a row's recorded answers (:class:`Calls`, each call paid for), and the figures a run produces."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..routing.learned.data import Row

#: cost weights swept to draw a curve: dense where the choices change, up to "cheapest model only"
# fmt: off
LAMBDAS = (
    0.0, 0.005, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.1, 0.12, 0.15, 0.17, 0.2,
    0.25, 0.3, 0.4, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0,
)
# fmt: on


@dataclass(frozen=True, slots=True)
class Prompt:
    """All a strategy may read about a row."""

    index: int
    sample_id: str
    eval_name: str
    text: str


class Calls:
    """The only way to a row's recorded answers: each call is paid for."""

    __slots__ = ("_row", "called", "cost")

    def __init__(self, row: Row) -> None:
        self._row = row
        self.called: list[str] = []
        self.cost = 0.0

    def call(self, model: str) -> str:
        if model not in self.called:
            self.called.append(model)
            self.cost += self._row.cost[model]
        return self._row.response[model]


class Strategy(Protocol):
    name: str

    def knobs(self) -> Sequence[float]: ...

    def default_knob(self) -> float: ...

    def run(self, prompt: Prompt, calls: Calls, knob: float) -> str: ...


@dataclass(slots=True)
class Point:
    knob: float
    accuracy: float
    mean_cost: float
    premium_share: float
    calls_per_prompt: float


@dataclass(slots=True)
class StrategyResult:
    name: str
    default: Point
    curve: list[Point]
    cost_to_match: float | None = None
    accuracy_at_10pct: float | None = None
    aiq: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self, premium_cost: float) -> dict[str, Any]:
        out: dict[str, Any] = {
            "accuracy": self.default.accuracy,
            "mean_cost": self.default.mean_cost,
            "premium_share": self.default.premium_share,
            "calls_per_prompt": self.default.calls_per_prompt,
            "cost_to_match_best": self.cost_to_match,
            "cost_to_match_best_fraction": None if self.cost_to_match is None else self.cost_to_match / premium_cost,
            "accuracy_at_10pct_cost": self.accuracy_at_10pct,
            "aiq": self.aiq,
            "curve": [
                {"knob": p.knob, "accuracy": p.accuracy, "mean_cost": p.mean_cost, "premium_share": p.premium_share}
                for p in self.curve
            ],
        }
        out.update(self.extra)
        return out


def to_prompts(rows: Sequence[Row]) -> list[Prompt]:
    return [Prompt(i, r.sample_id, r.eval_name, r.prompt) for i, r in enumerate(rows)]
