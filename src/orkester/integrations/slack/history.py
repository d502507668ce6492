"""Reading a conversation back from Slack's Web API: a thread's messages (``conversations.replies``), a direct
message channel's recent ones (``conversations.history``), and one answer with its metadata."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from .messages import find_message

#: pages of a long thread read at most (Slack pages up to 1000 messages, suggests 200)
MAX_PAGES = 5
PAGE_SIZE = 200


def _messages(data: Any) -> list[dict[str, Any]]:
    found = data.get("messages") if isinstance(data, Mapping) else None
    return [m for m in found or () if isinstance(m, dict)]


def _cursor(data: Any) -> str | None:
    meta = data.get("response_metadata") if isinstance(data, Mapping) else None
    cursor = meta.get("next_cursor") if isinstance(meta, Mapping) else None
    return cursor or None


async def thread(client: AsyncWebClient, channel: str, thread_ts: str, upto: str) -> list[dict[str, Any]]:
    """The thread's messages up to and including ``upto``, oldest first (Slack's order)."""
    out: list[dict[str, Any]] = []
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        resp = await client.conversations_replies(
            channel=channel, ts=thread_ts, latest=upto, inclusive=True, limit=PAGE_SIZE, cursor=cursor
        )
        out += _messages(resp.data)
        cursor = _cursor(resp.data)
        if cursor is None:
            break
    return [m for m in out if float(m.get("ts") or 0) <= float(upto)]


async def recent(client: AsyncWebClient, channel: str, upto: str, limit: int) -> list[dict[str, Any]]:
    """The channel's last ``limit`` top-level messages up to and including ``upto``, oldest first."""
    resp = await client.conversations_history(channel=channel, latest=upto, inclusive=True, limit=limit)
    return list(reversed(_messages(resp.data)))


async def message(client: AsyncWebClient, channel: str, ts: str) -> Mapping[str, Any] | None:
    """One message with its metadata, top-level or in a thread (``conversations.replies`` finds both)."""
    resp = await client.conversations_replies(
        channel=channel, ts=ts, oldest=ts, latest=ts, inclusive=True, include_all_metadata=True, limit=10
    )
    return find_message(_messages(resp.data), ts)
