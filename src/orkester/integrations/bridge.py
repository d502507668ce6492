"""What every chat bot (Slack, Teams) does with a conversation: find the channel's mapping, ask the gateway
in process, and store a reaction as feedback.

A bot message runs the same pipeline as ``POST /v1/chat/completions`` — authentication with the mapping's
virtual key, data protection, routing, budgets, the ledger — only without HTTP in between. Whatever goes
wrong becomes a short, polite reply (:class:`BotReply` with ``error`` set): a bot framework never sees an
exception from here.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from ..errors import (
    AuthenticationError,
    ConfigError,
    OrkesterError,
    PermissionDeniedError,
    RateLimitError,
    UpstreamError,
)
from ..gateway import Gateway
from ..keys import Principal
from ..ledger.feedback import find_record, normalise, request_ids
from ..pipeline.context import RequestContext
from ..types import ChatRequest, ChatResponse, Message
from .config import DM, ChannelMapping

log = logging.getLogger("orkester.integrations")

Role = Literal["user", "assistant"]
Thumbs = Literal["up", "down"]


@dataclass(frozen=True)
class Conversation:
    """Where a message was said. ``channel`` is what mappings match (for a direct message the bot's platform
    id of the DM, or ``dm``; set ``dm`` so a mapping's ``channel: dm`` matches it)."""

    source: Literal["slack", "teams"]
    workspace: str
    channel: str
    user: str
    thread: str
    dm: bool = False


@dataclass(frozen=True)
class BotReply:
    text: str
    request_id: str
    model: str
    provider: str
    route: str | None
    cost_usd: float | None
    #: the error's code when the gateway refused or failed (the text then says so politely)
    error: str | None = None

    def footer(self) -> str:
        """A short line for under the answer: ``model · route · $0.0012`` (no personal data)."""
        if not self.model:
            return ""
        parts = [self.model]
        if self.route:
            parts.append(self.route)
        if self.cost_usd is not None:
            parts.append(f"${self.cost_usd:.4f}")
        return " · ".join(parts)


class ChatBridge:
    """Built once per app; holds no per-conversation state."""

    def __init__(self, gateway: Gateway, mappings: Sequence[ChannelMapping], env: Mapping[str, str]) -> None:
        self.gateway = gateway
        #: none configured: every channel with the defaults
        self.mappings: tuple[ChannelMapping, ...] = tuple(mappings) or (ChannelMapping(),)
        self._secrets: dict[str, str] = {}
        classes = gateway.settings.guardrails.classes
        for i, m in enumerate(self.mappings):
            where = f"mappings[{i}]"
            if m.key_env is not None:
                secret = env.get(m.key_env)
                if not secret:
                    raise ConfigError(f"{where}.key_env: the environment variable {m.key_env} is not set")
                self._secrets[m.key_env] = secret
            if m.data_class is not None and m.data_class not in classes:
                raise ConfigError(f"{where}.data_class: unknown data class {m.data_class!r} (classes: {classes})")
            if not self._known_model(m.model):
                raise ConfigError(f"{where}.model: no model alias or route {m.model!r}")

    def _known_model(self, name: str) -> bool:
        gw = self.gateway
        if name in gw.catalog.aliases or name in gw.routing.routes:
            return True
        provider, sep, model = name.partition("/")
        return bool(sep and model and provider in gw.providers)

    def mapping_for(self, conv: Conversation) -> ChannelMapping:
        """The first mapping matching the conversation's workspace and channel.

        Raises :class:`~orkester.errors.PermissionDeniedError` (``channel_not_mapped``) when none does.
        """
        for m in self.mappings:
            if m.matches(conv.workspace, conv.channel, dm=conv.dm or conv.channel == DM):
                return m
        raise PermissionDeniedError(
            "This channel is not set up for Orkester.", param="channel", code="channel_not_mapped"
        )

    def _secret(self, m: ChannelMapping) -> str | None:
        return self._secrets[m.key_env] if m.key_env is not None else None

    async def answer(self, conv: Conversation, history: Sequence[tuple[Role, str]]) -> BotReply:
        """The gateway's answer to ``history`` (oldest first, the question last)."""
        gw = self.gateway
        request_id = os.urandom(16).hex()
        started = time.perf_counter()
        ctx: RequestContext | None = None
        try:
            m = self.mapping_for(conv)
            messages = [Message(role=role, content=text) for role, text in history if text.strip()]
            if not messages or messages[-1].role != "user":
                return _refused(request_id, "empty", "Ask me something and I will answer.")
            controls = {name: v for name, v in (("task", m.task), ("data_class", m.data_class)) if v is not None}
            if m.prompt is not None:
                controls["prompt"] = m.prompt
                variables = {"text": messages[-1].text(), "user": conv.user, "channel": conv.channel}
                controls["prompt_vars"] = json.dumps(variables)
            request = ChatRequest(model=m.model, messages=messages, user=f"{conv.source}:{conv.user}")
            ctx = RequestContext(
                request_id=request_id,
                kind="chat",
                request=request,
                controls=controls,
                principal=self._secret(m),
                started=started,
            )
            await gw.pipeline(ctx)
        except OrkesterError as e:
            gw.observer.request_done(ctx, "chat", e.status, time.perf_counter() - started, e.code or "error")
            log.info("%s bot request %s refused: %s %s", conv.source, request_id, e.status, e.code)
            return _refused(request_id, e.code or e.error_type, polite(e))
        except Exception:
            gw.observer.request_done(ctx, "chat", 500, time.perf_counter() - started, "internal_error")
            log.exception("%s bot request %s failed", conv.source, request_id)
            return _refused(request_id, "internal_error", "Sorry, something went wrong on my side; it has been logged.")
        gw.observer.request_done(ctx, "chat", 200, time.perf_counter() - started)
        return _reply(ctx)

    async def feedback(self, request_id: str, thumbs: Thumbs, conv: Conversation) -> bool:
        """Store ``thumbs`` on the request's ledger record, as ``POST /v1/feedback`` does (the last rating
        counts). False when there is no ledger, no such request, or the request was made with another key
        than this conversation's mapping uses."""
        gw = self.gateway
        writer = gw.ledger
        if writer is None:
            return False
        try:
            principal = await self._principal(self.mapping_for(conv))
            wait_s = gw.settings.ledger.feedback_wait_ms / 1000
            record = await find_record(writer, request_ids(request_id), wait_s=wait_s)
            if record is None or (principal is not None and record.key_id != principal.key_id):
                return False
            value, raw = normalise(thumbs)
            return await writer.store.set_feedback(
                record.request_id, value, raw=raw, labels=(conv.source,), at=datetime.now(UTC)
            )
        except OrkesterError as e:
            log.warning("%s feedback on %s not stored: %s", conv.source, request_id, e.message)
            return False

    async def _principal(self, m: ChannelMapping) -> Principal | None:
        return await self.gateway.auth.identify(self._secret(m))


def _reply(ctx: RequestContext) -> BotReply:
    resp = ctx.response
    text = ""
    if isinstance(resp, ChatResponse) and resp.choices:
        text = resp.choices[0].content or resp.choices[0].refusal or ""
    served, plan = ctx.served_by, ctx.plan
    return BotReply(
        text=text or "(the model gave no answer)",
        request_id=ctx.request_id,
        model=served.deployment.model if served else "",
        provider=served.deployment.provider if served else "",
        route=f"{plan.strategy}/{plan.mode}" if plan else None,
        cost_usd=ctx.cost_usd,
    )


def _refused(request_id: str, code: str, text: str) -> BotReply:
    return BotReply(text=text, request_id=request_id, model="", provider="", route=None, cost_usd=None, error=code)


def polite(e: OrkesterError) -> str:
    """A short reply for a refusal or failure; the gateway's own message only where it holds no input."""
    if isinstance(e, AuthenticationError):
        return "I cannot use the gateway here: my key for this channel was refused. Please tell an admin."
    if isinstance(e, PermissionDeniedError):
        if e.code == "data_residency":
            return (
                "I cannot send this conversation to any model allowed for its data class here "
                "(data protection). Please ask an admin which models may handle it."
            )
        if e.code == "channel_not_mapped":
            return "I am not set up to answer in this channel. Please ask an admin."
        return "I am not allowed to answer this here. Please ask an admin."
    if isinstance(e, RateLimitError):
        if e.code == "budget_exceeded":
            return "The budget for this channel is used up for now. Please ask an admin, or try again later."
        return "Too many questions at once here; please try again in a moment."
    if isinstance(e, UpstreamError):
        return "The model could not answer right now; please try again in a moment."
    return f"Sorry, I could not answer that ({e.code or e.error_type})."
