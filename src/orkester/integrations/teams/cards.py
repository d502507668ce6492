"""The bot's reply as an activity: the answer as text, and an Adaptive Card under it with the footer
(model · route · cost) and thumbs-up/down buttons. Pure; no I/O.

The buttons are ``Action.Execute`` (Universal Actions: Teams sends an ``adaptiveCard/action`` invoke) with an
``Action.Submit`` fallback for clients without it (Teams sends a message whose ``value`` is the data). Both
carry the request id, so a rating needs nothing but the activity it arrives in.
"""

from __future__ import annotations

from typing import Any

from microsoft_agents.activity import Activity, Attachment

from ..bridge import BotReply
from .activity import FEEDBACK_VERB, Thumbs

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
#: Action.Execute needs schema 1.4
CARD_VERSION = "1.4"
_TITLES: dict[Thumbs, str] = {"up": "👍", "down": "👎"}
_TOOLTIPS: dict[Thumbs, str] = {"up": "Good answer", "down": "Bad answer"}


def feedback_data(request_id: str, thumbs: Thumbs) -> dict[str, str]:
    return {"action": FEEDBACK_VERB, "thumbs": thumbs, "request_id": request_id}


def _button(request_id: str, thumbs: Thumbs) -> dict[str, Any]:
    data = feedback_data(request_id, thumbs)
    submit = {"type": "Action.Submit", "title": _TITLES[thumbs], "tooltip": _TOOLTIPS[thumbs], "data": data}
    return {
        "type": "Action.Execute",
        "verb": FEEDBACK_VERB,
        "title": _TITLES[thumbs],
        "tooltip": _TOOLTIPS[thumbs],
        "data": data,
        "fallback": submit,
    }


def reply_card(reply: BotReply, *, footer: bool) -> dict[str, Any]:
    """The card under an answer: the footer line (when wanted) and the two rating buttons."""
    body: list[dict[str, Any]] = []
    line = reply.footer() if footer else ""
    if line:
        body.append({"type": "TextBlock", "text": line, "size": "Small", "isSubtle": True, "wrap": True})
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "body": body,
        "actions": [_button(reply.request_id, "up"), _button(reply.request_id, "down")],
    }


def reply_activity(reply: BotReply, *, footer: bool) -> Activity:
    """The message the bot posts: a refusal or failure as plain text, an answer with its card."""
    activity = Activity(type="message", text=reply.text, text_format="markdown")
    if reply.error is None:
        activity.attachments = [Attachment(content_type=ADAPTIVE_CARD, content=reply_card(reply, footer=footer))]
    return activity


def thanks_activity(thumbs: Thumbs, stored: bool) -> Activity:
    """The short note after a rating sent with Action.Submit (Action.Execute answers in the invoke response)."""
    return Activity(type="message", text=thanks_text(thumbs, stored))


def thanks_text(thumbs: Thumbs, stored: bool) -> str:
    if not stored:
        return "I could not record that rating (the answer is no longer known to me)."
    return "Thanks for the feedback! " + _TITLES[thumbs]
