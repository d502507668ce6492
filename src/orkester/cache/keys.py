"""What a cached answer is filed under: a namespace (tenant and data class) and digests of the request.

The **namespace** is ``team-<id>`` for a virtual key (every key belongs to a team, and teams are the
tenants), or ``operator`` for the master key and open mode, followed by the request's final data class:
``team-4f…/internal``. Nothing is ever looked up outside the asking request's namespace, so an answer never
crosses teams or data classes.

The **exact digest** is a SHA-256 of the request's canonical JSON (keys sorted, ``None`` left out) over
every field that shapes the answer: ``model`` (the alias or route asked for), ``messages``, ``tools``,
``tool_choice``, ``response_format``, ``temperature``, ``top_p``, ``seed``, ``max_tokens``, ``stop``,
``n``, ``logprobs``, penalties and any field passed through to the upstream, plus the routing controls
(task, quality, cost cap, pseudonymisation) that can change which model answers. Left out: ``stream``
and ``stream_options`` (a stream and a plain request share answers), ``metadata`` (never sent upstream),
``user`` (an end-user id, not part of the question), and the deadline and data-class controls (the
class is in the namespace).

The **context digest** is the same with the last user message's text left out: a semantic hit needs the
system prompt, the earlier turns and every parameter to match exactly, and only the last question to be
close. It exists only when the last message is a user message of text (no images).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import orjson

from ..types import ChatRequest, ImagePart

VERSION = "v1"
#: request fields that never change the answer
_IGNORED = {"metadata", "stream", "stream_options", "user"}
#: controls that are not part of the question: the class is in the namespace, the deadline only gives up
_IGNORED_CONTROLS = {"cache", "deadline_ms", "data_class"}
OPERATOR = "operator"


@dataclass(frozen=True, slots=True)
class Fingerprint:
    namespace: str
    #: SHA-256 hex of the whole request
    exact: str
    #: SHA-256 hex of everything but the last user message's text; None when semantic matching cannot apply
    context: str | None
    #: the last user message's text (what a semantic lookup embeds)
    text: str | None

    @property
    def key(self) -> str:
        """The stored answer's key."""
        return f"{self.namespace}/{self.exact}"

    @property
    def bucket(self) -> str | None:
        """The semantic index's partition: same namespace, same conversation but its last question."""
        return None if self.context is None else f"{self.namespace}/{self.context}"


def namespace(team_id: str | None, data_class: str) -> str:
    return f"{'team-' + team_id if team_id else OPERATOR}/{data_class}"


def canonical(req: ChatRequest, controls: dict[str, str]) -> dict[str, Any]:
    body = req.model_dump(mode="json", by_alias=True, exclude_none=True, exclude=_IGNORED)
    wanted = {k: v for k, v in sorted(controls.items()) if k not in _IGNORED_CONTROLS}
    return {"v": VERSION, "request": body, "controls": wanted}


def last_user_text(req: ChatRequest) -> str | None:
    last = req.messages[-1]
    if last.role != "user" or last.content is None:
        return None
    if isinstance(last.content, list) and any(isinstance(p, ImagePart) for p in last.content):
        return None
    return last.text()


def fingerprint(req: ChatRequest, controls: dict[str, str], ns: str) -> Fingerprint:
    body = canonical(req, controls)
    exact = _digest(ns, body)
    text = last_user_text(req)
    context: str | None = None
    if text is not None:
        body["request"]["messages"][-1]["content"] = None
        body["part"] = "context"
        context = _digest(ns, body)
    return Fingerprint(namespace=ns, exact=exact, context=context, text=text)


def _digest(ns: str, body: dict[str, Any]) -> str:
    h = hashlib.sha256(ns.encode())
    h.update(b"\0")
    h.update(orjson.dumps(body, option=orjson.OPT_SORT_KEYS))
    return h.hexdigest()
