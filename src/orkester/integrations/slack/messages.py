"""What the Slack bot reads and writes, without I/O: a message's turn in the conversation, the answer's blocks
and metadata, a reaction's thumbs, and the usage text of ``/orkester help``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..bridge import BotReply, Role, Thumbs

#: the ``event_type`` of the metadata on every answer; its payload names the gateway's request id, so a
#: reaction can be traced to the request by any replica, after any restart (Slack keeps it with the message)
METADATA_EVENT = "orkester_answer"
#: Slack's limit on a section block's text
SECTION_CHARS = 3000
#: Slack allows 50 blocks in a message; one is the footer
MAX_SECTIONS = 49
USAGE = (
    "*Orkester* answers through the company's LLM gateway (routing, budgets, data protection).\n"
    "• `/orkester <question>` — a private answer, only you see it\n"
    "• mention me in a channel (`@Orkester <question>`) — I answer in the thread and read the thread so far\n"
    "• send me a direct message — I answer and read our recent messages\n"
    "• react with :+1: or :-1: to one of my answers to rate it\n"
    "• `/orkester help` — this text"
)
_THUMBS: Mapping[str, Thumbs] = {"+1": "up", "thumbsup": "up", "-1": "down", "thumbsdown": "down"}
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


def thumbs(reaction: str) -> Thumbs | None:
    """``up``/``down`` for a thumbs reaction (any skin tone: ``+1::skin-tone-3``), else None."""
    return _THUMBS.get(reaction.split("::", 1)[0])


def without_mention(text: str, bot_user_id: str | None) -> str:
    """The text with mentions of the bot removed (``<@U123> question`` → ``question``)."""
    if not bot_user_id:
        return text.strip()
    return _MENTION.sub(lambda m: "" if m.group(1) == bot_user_id else m.group(0), text).strip()


def is_from_bot(message: Mapping[str, Any], bot_user_id: str | None, bot_id: str | None) -> bool:
    """Said by this bot (its user id, or its bot id when posted as the app)."""
    return bool((bot_user_id and message.get("user") == bot_user_id) or (bot_id and message.get("bot_id") == bot_id))


def turns(
    messages: Iterable[Mapping[str, Any]], bot_user_id: str | None, bot_id: str | None, limit: int
) -> list[tuple[Role, str]]:
    """The conversation the model sees: this bot's messages are assistant turns, everyone else's user turns
    (the bot's mention removed), consecutive turns of one role joined. At most ``limit`` messages: the
    first (a thread's question) and the newest."""
    said: list[tuple[Role, str]] = []
    for m in messages:
        if m.get("subtype") not in (None, "thread_broadcast", "bot_message", "file_share"):
            continue  # joins, topic changes, deletions: not part of the conversation
        mine = is_from_bot(m, bot_user_id, bot_id)
        text = str(m.get("text") or "").strip() if mine else without_mention(str(m.get("text") or ""), bot_user_id)
        if text:
            said.append(("assistant" if mine else "user", text))
    if len(said) > limit:
        said = [said[0], *said[len(said) - limit + 1 :]] if limit > 1 else said[-1:]
    merged: list[tuple[Role, str]] = []
    for role, text in said:
        if merged and merged[-1][0] == role:
            merged[-1] = (role, f"{merged[-1][1]}\n\n{text}")
        else:
            merged.append((role, text))
    return merged


def answer_blocks(reply: BotReply, footer: bool) -> list[dict[str, Any]]:
    """The answer as section blocks, and the footer (model · route · cost) as a context block."""
    text = reply.text
    pieces = [text[i : i + SECTION_CHARS] for i in range(0, len(text), SECTION_CHARS)][:MAX_SECTIONS] or [" "]
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": p}} for p in pieces]
    line = reply.footer() if footer else ""
    if line:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": line}]})
    return blocks


def answer_metadata(reply: BotReply) -> dict[str, Any] | None:
    """Slack message metadata naming the request (None for a refusal: there is nothing to rate)."""
    if reply.error is not None:
        return None
    return {"event_type": METADATA_EVENT, "event_payload": {"request_id": reply.request_id}}


def request_id_of(message: Mapping[str, Any]) -> str | None:
    """The request id an answer's metadata names, if the message is one of the bot's answers."""
    meta = message.get("metadata")
    if not isinstance(meta, Mapping) or meta.get("event_type") != METADATA_EVENT:
        return None
    payload = meta.get("event_payload")
    rid = payload.get("request_id") if isinstance(payload, Mapping) else None
    return rid if isinstance(rid, str) and rid else None


def find_message(messages: Sequence[Mapping[str, Any]], ts: str) -> Mapping[str, Any] | None:
    return next((m for m in messages if m.get("ts") == ts), None)
