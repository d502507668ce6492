"""The scenario every fake vendor plays, so answers can be compared across vendors.

Given a conversation in the vendor's own format (translated to the few facts below by the
fake), each fake answers the same way:

* the conversation's last message is a tool result  -> text ``Tool said: <result text>``
* tools were offered (and tool use not disabled)     -> one call of the first tool with
  arguments ``{"location": "Oslo"}``
* otherwise                                          -> text ``You said: <last user text>``

Usage is always input 11, output 7, and (where the vendor reports them) cached input 3 and
reasoning 2. The last user text can trigger vendor errors: ``trigger:context``,
``trigger:ratelimit``, ``trigger:overloaded``, ``trigger:policy``, ``trigger:server``,
``trigger:auth``, ``trigger:cut`` (stream cut after the first text piece) and
``trigger:midstream-error`` (an in-stream error event, where the vendor has one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TOOL_ARGS = '{"location": "Oslo"}'
USAGE = {"input": 11, "output": 7, "cached": 3, "reasoning": 2}


@dataclass
class Scenario:
    last_user_text: str
    tool_names: list[str]
    tool_result: str | None
    tools_disabled: bool = False

    @property
    def trigger(self) -> str | None:
        t = self.last_user_text.strip()
        return t.removeprefix("trigger:") if t.startswith("trigger:") else None

    @property
    def calls_tool(self) -> bool:
        return self.tool_result is None and bool(self.tool_names) and not self.tools_disabled

    @property
    def text(self) -> str:
        if self.tool_result is not None:
            return f"Tool said: {self.tool_result}"
        return f"You said: {self.last_user_text}"


def pieces(text: str, size: int = 4) -> list[str]:
    """How a fake splits text across stream events."""
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


@dataclass
class FakeState:
    """Shared between a fake server and its test: what was received, what to do next."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    #: answer the next requests with these (status, json body, headers) instead of the scenario
    fail_next: list[tuple[int, Any, dict[str, str]]] = field(default_factory=list)
    #: every request gets 503 while set (a provider that is down)
    down: bool = False

    def record(self, path: str, headers: dict[str, str], body: dict[str, Any]) -> None:
        self.paths.append(path)
        self.headers.append(headers)
        self.requests.append(body)
