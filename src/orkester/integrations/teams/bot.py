"""The bot's turn logic, as the Agents SDK's ``ActivityHandler``: a message is answered through the shared
bridge (the same pipeline as HTTP requests) in its own conversation; a card button or a reaction on a reply
becomes feedback on that reply's request.

Conversation context: Teams gives a bot no thread history, so the bot keeps the recent turns it has seen
(:mod:`.store`, after data protection) and sends them with each question. When that store fails (a
PostgreSQL outage), the question is answered without its history, and the answer is not kept.
"""

from __future__ import annotations

import logging

from microsoft_agents.activity import (
    Activity,
    AdaptiveCardInvokeResponse,
    InvokeResponse,
    MessageReaction,
    TurnContextProtocol,
)
from microsoft_agents.hosting.core import ActivityHandler

from ...errors import OrkesterError, StorageError
from ...gateway import Gateway
from ...guardrails.redact import redact
from ..bridge import BotReply, ChatBridge, Conversation
from .activity import Rating, conversation_of, question, rating_of
from .cards import reply_activity, thanks_activity, thanks_text
from .config import TeamsSettings
from .store import Role, TeamsStore, now

log = logging.getLogger("orkester.integrations.teams")
Turn = TurnContextProtocol[Activity]

HOUR_S = 3600.0
DAY_S = 24 * HOUR_S
#: Adaptive Card Universal Actions: answer an Action.Execute with a message shown on the card
CARD_MESSAGE = "application/vnd.microsoft.activity.message"


class TeamsBot(ActivityHandler):
    def __init__(self, gateway: Gateway, bridge: ChatBridge, store: TeamsStore, settings: TeamsSettings) -> None:
        self.gateway = gateway
        self.bridge = bridge
        self.store = store
        self.settings = settings

    def allowed(self, conv: Conversation) -> bool:
        tenants = self.settings.allowed_tenants
        return not tenants or conv.workspace in tenants

    async def on_message_activity(self, turn_context: Turn) -> None:
        activity = turn_context.activity
        conv = conversation_of(activity)
        if not self.allowed(conv):
            log.info("teams: message from tenant %s ignored (not in allowed_tenants)", conv.workspace)
            return
        rating = rating_of(activity)
        if rating is not None:  # an Action.Submit button (Teams posts the card's data as a message)
            stored = await self.rate(rating, conv)
            await turn_context.send_activity(thanks_activity(rating.thumbs, stored))
            return
        text = question(activity)
        if not text:
            return  # a card click that is not ours, a file, an empty mention: nothing to answer
        history = await self._history(conv)
        reply = await self.bridge.answer(conv, [*history, ("user", text)])
        sent = await turn_context.send_activity(reply_activity(reply, footer=self._footer(conv)))
        if reply.error is None:
            try:
                await self._remember(conv, sent.id if sent is not None else None, reply, text)
            except StorageError as e:  # the answer was given; only its history and its reactions are lost
                log.warning("teams: the answer to request %s was not kept: %s", reply.request_id, e.message)

    async def on_invoke_activity(self, turn_context: Turn) -> InvokeResponse | None:
        activity = turn_context.activity
        rating = rating_of(activity)
        if rating is None:
            response: InvokeResponse | None = await super().on_invoke_activity(turn_context)
            return response
        conv = conversation_of(activity)
        stored = self.allowed(conv) and await self.rate(rating, conv)
        card = AdaptiveCardInvokeResponse(status_code=200, type=CARD_MESSAGE, value=thanks_text(rating.thumbs, stored))
        return InvokeResponse(status=200, body=card.model_dump(mode="json", by_alias=True, exclude_none=True))

    async def on_reactions_added(self, message_reactions: list[MessageReaction], turn_context: Turn) -> None:
        conv = conversation_of(turn_context.activity)
        rating = rating_of(turn_context.activity)
        if rating is not None and self.allowed(conv):
            await self.rate(rating, conv)

    async def rate(self, rating: Rating, conv: Conversation) -> bool:
        """Store the rating on its request; only a request answered in this very conversation can be rated."""
        request_id = rating.request_id
        if request_id is not None:
            if not await self.store.answered(conv.thread, request_id):
                log.info("teams: rating of request %s refused: not answered in this conversation", request_id)
                return False
        elif rating.reply_id is not None:
            ref = await self.store.reply(rating.reply_id)
            if ref is None or ref.thread != conv.thread:
                return False  # a reaction on a message that is not one of the bot's answers (or too old)
            request_id = ref.request_id
        else:
            return False
        return await self.bridge.feedback(request_id, rating.thumbs, conv)

    def _footer(self, conv: Conversation) -> bool:
        try:
            return self.bridge.mapping_for(conv).footer
        except OrkesterError:
            return False

    async def _history(self, conv: Conversation) -> list[tuple[Role, str]]:
        s = self.settings
        if s.history_turns == 0:
            return []
        try:
            return await self.store.turns(conv.thread, now() - s.history_hours * HOUR_S, s.history_turns)
        except StorageError as e:  # the store is down: answer the question alone rather than not at all
            log.warning("teams: the history of %s could not be read, answering without it: %s", conv.thread, e.message)
            return []

    async def _remember(self, conv: Conversation, reply_id: str | None, reply: BotReply, text: str) -> None:
        s, at = self.settings, now()
        if reply_id:
            await self.store.add_reply(reply_id, conv.thread, reply.request_id, at)
        if s.history_turns > 0:
            turns: list[tuple[Role, str]] = [("user", text), ("assistant", reply.text)]
            for role, said in turns:
                kept = await self._protected(said)
                if kept is None:
                    break  # a turn that could not be checked is not kept, nor what follows it
                await self.store.add_turn(conv.thread, role, kept, at)
        await self.store.prune(at - s.history_hours * HOUR_S, at - s.feedback_days * DAY_S)

    async def _protected(self, text: str) -> str | None:
        """``text`` as it may be kept: personal data replaced by its type; None when it could not be checked.
        Guardrails off: as said."""
        classifier = self.gateway.classifier
        if classifier is None:
            return text
        found = await classifier.classify([text], declared=None)
        if found.failed:
            return None
        return redact(text, found.found.get(text, []))
