"""What task a request is: declared by the caller, or detected from its text."""

from __future__ import annotations

from dataclasses import dataclass

from ..types import ChatRequest
from .plan import RouteInput, RoutingServices


@dataclass(frozen=True, slots=True)
class TaskInfo:
    task: str | None
    confidence: float | None
    how: str  # "declared", "detected", or "unknown"

    def describe(self) -> str:
        if self.task is None:
            return "task unknown"
        conf = "" if self.confidence is None else f" (confidence {self.confidence:.2f})"
        return f"task {self.task} {self.how}{conf}"


def prompt_text(req: ChatRequest) -> str:
    """The text a router looks at: the last user message (what is being asked now)."""
    for m in reversed(req.messages):
        if m.role == "user":
            return m.text()
    return req.messages[-1].text()


def task_of(route: RouteInput, services: RoutingServices | None) -> TaskInfo:
    declared = route.controls.get("task")
    if declared:
        return TaskInfo(declared, 1.0, "declared")
    if services is None or not isinstance(route.request, ChatRequest):
        return TaskInfo(None, None, "unknown")
    guess = services.detect_task(prompt_text(route.request))
    if guess is None:
        return TaskInfo(None, None, "unknown")
    return TaskInfo(guess[0], guess[1], "detected")
