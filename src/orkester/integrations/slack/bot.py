"""The Slack bot's listeners: a mention or a direct message is answered in its thread with the thread as
context, ``/orkester`` answers privately, and a thumbs reaction on an answer rates its request.

Every answer carries Slack message metadata naming the gateway's request id (``orkester_answer``): a
reaction is traced back through ``conversations.replies``, so any replica can store the rating, also after
a restart, with no mapping of its own to keep.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from ...errors import PermissionDeniedError
from ..bridge import BotReply, ChatBridge, Conversation, Role
from ..config import SlackSettings
from . import history
from .messages import USAGE, answer_blocks, answer_metadata, request_id_of, thumbs, turns

log = logging.getLogger("orkester.integrations.slack")

Ack = Callable[..., Awaitable[Any]]


def _is_dm(channel: str) -> bool:
    return channel.startswith("D")


class SlackBot:
    def __init__(self, bridge: ChatBridge, settings: SlackSettings) -> None:
        self.bridge = bridge
        self.settings = settings

    # -- listeners (Bolt passes the arguments by name) --

    async def on_mention(self, event: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient) -> None:
        """``app_mention``: answer in the thread (a new one under the message when it is top-level)."""
        channel = str(event.get("channel") or "")
        if _is_dm(channel) or _ignored(event):
            return  # in a DM the ``message.im`` event answers it
        ts = str(event.get("ts") or "")
        thread_ts = str(event.get("thread_ts") or ts)
        await self._answer(context, client, event, channel, thread_ts, reply_in=thread_ts, dm=False)

    async def on_message(self, event: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient) -> None:
        """``message`` in a direct message with the bot; everything else (channels, edits, bots) is ignored."""
        if event.get("channel_type") != "im" or _ignored(event):
            return
        channel = str(event.get("channel") or "")
        thread_ts = event.get("thread_ts")
        reply_in = str(thread_ts) if thread_ts else None
        await self._answer(context, client, event, channel, reply_in or str(event.get("ts")), reply_in, dm=True)

    async def on_command(
        self, ack: Ack, command: dict[str, Any], respond: Callable[..., Awaitable[Any]], context: AsyncBoltContext
    ) -> None:
        """``/orkester <question>``: acknowledged at once, answered privately through ``response_url``."""
        text = str(command.get("text") or "").strip()
        if not text or text.lower() in ("help", "-h", "--help"):
            await ack(text=USAGE)
            return
        await ack()
        channel = str(command.get("channel_id") or "")
        conv = Conversation(
            source="slack",
            workspace=str(context.team_id or command.get("team_id") or ""),
            channel=channel,
            user=str(command.get("user_id") or ""),
            thread="",
            dm=_is_dm(channel) or command.get("channel_name") == "directmessage",
        )
        reply = await self.bridge.answer(conv, [("user", text)])
        await respond(text=reply.text, blocks=answer_blocks(reply, self._footer(conv)), response_type="ephemeral")

    async def on_reaction(self, event: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient) -> None:
        """``reaction_added``: a thumbs up or down on one of the bot's answers is feedback on its request."""
        item = event.get("item") or {}
        rating = thumbs(str(event.get("reaction") or ""))
        if rating is None or item.get("type") != "message" or event.get("item_user") != context.bot_user_id:
            return
        channel, ts = str(item.get("channel") or ""), str(item.get("ts") or "")
        try:
            answer = await history.message(client, channel, ts)
        except SlackApiError as e:
            log.warning("cannot read the rated message in %s: %s", channel, e.response.get("error"))
            return
        request_id = request_id_of(answer) if answer is not None else None
        if request_id is None:
            return  # not an answer (a refusal, a help text): nothing to rate
        conv = Conversation(
            source="slack",
            workspace=str(context.team_id or ""),
            channel=channel,
            user=str(event.get("user") or ""),
            thread=str((answer or {}).get("thread_ts") or ts),
            dm=_is_dm(channel),
        )
        stored = await self.bridge.feedback(request_id, rating, conv)
        log.info("thumbs %s on request %s from Slack: %s", rating, request_id, "stored" if stored else "not stored")

    # -- the shared path --

    async def _answer(
        self,
        context: AsyncBoltContext,
        client: AsyncWebClient,
        event: Mapping[str, Any],
        channel: str,
        thread_ts: str,
        reply_in: str | None,
        *,
        dm: bool,
    ) -> None:
        conv = Conversation(
            source="slack",
            workspace=str(context.team_id or ""),
            channel=channel,
            user=str(event.get("user") or ""),
            thread=thread_ts,
            dm=dm,
        )
        said = await self._history(context, client, event, channel, reply_in, dm=dm)
        reply = await self.bridge.answer(conv, said)
        await self._post(client, channel, reply_in, reply, self._footer(conv))

    async def _history(
        self,
        context: AsyncBoltContext,
        client: AsyncWebClient,
        event: Mapping[str, Any],
        channel: str,
        thread_ts: str | None,
        *,
        dm: bool,
    ) -> list[tuple[Role, str]]:
        """The conversation so far: the thread, or a DM's recent messages; the event's message at least."""
        ts = str(event.get("ts") or "")
        limit = self.settings.history_limit
        messages: list[dict[str, Any]] = []
        try:
            if thread_ts is not None:
                messages = await history.thread(client, channel, thread_ts, ts)
            elif dm:
                messages = await history.recent(client, channel, ts, limit)
        except SlackApiError as e:
            log.warning("cannot read the conversation in %s: %s", channel, e.response.get("error"))
        if not any(m.get("ts") == ts for m in messages):
            messages.append(dict(event))  # not readable (yet): answer the message itself
        return turns(messages, context.bot_user_id, context.bot_id, limit)

    async def _post(
        self, client: AsyncWebClient, channel: str, thread_ts: str | None, reply: BotReply, footer: bool
    ) -> None:
        try:
            await client.chat_postMessage(
                channel=channel,
                thread_ts=thread_ts,
                text=reply.text,
                blocks=answer_blocks(reply, footer),
                metadata=answer_metadata(reply),
                unfurl_links=False,
            )
        except SlackApiError as e:
            log.warning("cannot post the answer to %s in %s: %s", reply.request_id, channel, e.response.get("error"))

    def _footer(self, conv: Conversation) -> bool:
        try:
            return self.bridge.mapping_for(conv).footer
        except PermissionDeniedError:
            return False


#: message subtypes that are still someone asking (a file with a comment, a reply also sent to the channel)
_ASKING = (None, "file_share", "thread_broadcast")


def _ignored(event: Mapping[str, Any]) -> bool:
    """Bots (this one included), edits, deletions and other subtypes: not a question to answer."""
    return bool(
        event.get("bot_id") or event.get("subtype") not in _ASKING or event.get("edited") or not event.get("user")
    )
