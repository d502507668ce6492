"""What the bot reads from a Teams activity: where it was said, the question without the bot's @mention, and
a rating (a card button, a reaction). Pure functions over the Agents SDK's ``Activity``; no I/O.

Teams shapes (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/conversation-messages):
``conversation.conversationType`` is ``personal`` (one to one), ``groupChat`` or ``channel``; the tenant is
``channelData.tenant.id`` (also ``conversation.tenantId``); in a channel ``channelData.channel.id`` is the
channel and ``conversation.id`` the thread (``<channel>;messageid=<root>``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Literal

from microsoft_agents.activity import Activity

from ..bridge import Conversation
from ..config import DM

Thumbs = Literal["up", "down"]

#: what the card's buttons carry (``data`` of Action.Execute / Action.Submit), so a rating needs no lookup
FEEDBACK_VERB = "orkester.feedback"
#: Teams reactions that rate a reply; the others (``surprised``) say nothing about its quality
REACTIONS: dict[str, Thumbs] = {"like": "up", "heart": "up", "laugh": "up", "sad": "down", "angry": "down"}
_AT = re.compile(r"<at[^>]*>.*?</at>", re.IGNORECASE | re.DOTALL)
#: the formatting tags Teams wraps text in; anything else that looks like a tag is the user's text
_TAG = re.compile(r"</?(?:p|div|span|br|b|i|u|s|strong|em|strike|pre|code|blockquote)\b[^>]*>", re.IGNORECASE)


def channel_data(activity: Activity) -> dict[str, Any]:
    data = activity.channel_data
    return data if isinstance(data, dict) else {}


def tenant_of(activity: Activity) -> str:
    tenant = channel_data(activity).get("tenant")
    if isinstance(tenant, dict) and isinstance(tenant.get("id"), str) and tenant["id"]:
        return str(tenant["id"])
    conv = activity.conversation
    return (conv.tenant_id if conv is not None else None) or ""


def conversation_type(activity: Activity) -> str:
    conv = activity.conversation
    kind = getattr(conv, "conversation_type", None) if conv is not None else None
    if isinstance(kind, str) and kind:
        return kind
    return "groupChat" if conv is not None and conv.is_group else "personal"


def conversation_of(activity: Activity) -> Conversation:
    """The bridge's view: workspace = tenant, channel = the Teams channel id / the group chat's id / ``dm``,
    thread = the conversation id (a channel thread's id names its root message)."""
    conv_id = activity.conversation.id if activity.conversation is not None else ""
    kind = conversation_type(activity)
    sender = activity.from_property
    user = (sender.aad_object_id or sender.id or "") if sender is not None else ""
    if kind == "personal":
        channel, dm = DM, True
    elif kind == "channel":
        found = channel_data(activity).get("channel")
        named = found.get("id") if isinstance(found, dict) else None
        channel, dm = (str(named) if named else conv_id.split(";", 1)[0]), False
    else:
        channel, dm = conv_id, False
    return Conversation(
        source="teams", workspace=tenant_of(activity), channel=channel, user=user, thread=conv_id, dm=dm
    )


def question(activity: Activity) -> str:
    """The message's text as the user meant it: the bot's @mention removed (the SDK's way, by the mention
    entity, then any ``<at>`` left over), Teams' HTML reduced to text, whitespace tidied."""
    text = activity.text or ""
    if activity.recipient is not None and activity.recipient.id:
        text = activity.model_copy(update={"text": text}).remove_recipient_mention()
    text = _AT.sub(" ", text)
    text = html.unescape(_TAG.sub(" ", text))
    return " ".join(text.split())


@dataclass(frozen=True)
class Rating:
    thumbs: Thumbs
    #: the request id the card carried; None when only the rated reply's activity id is known
    request_id: str | None
    #: the rated reply's activity id (a reaction's ``replyToId``)
    reply_id: str | None


def rating_of(activity: Activity) -> Rating | None:
    """A rating in the activity: a card button (Action.Execute's ``adaptiveCard/action`` invoke, or
    Action.Submit's message with a ``value``), or a reaction added to a reply. None when there is none."""
    if activity.type == "messageReaction":
        for reaction in activity.reactions_added or ():
            thumbs = REACTIONS.get(str(reaction.type or "").lower())
            if thumbs is not None and activity.reply_to_id:
                return Rating(thumbs, None, activity.reply_to_id)
        return None
    value = activity.value if isinstance(activity.value, dict) else None
    if value is None:
        return None
    if activity.type == "invoke" and activity.name == "adaptiveCard/action":
        action = value.get("action")
        if not isinstance(action, dict) or action.get("verb") != FEEDBACK_VERB:
            return None
        return _from_data(action.get("data"), activity.reply_to_id)
    if activity.type == "message":
        return _from_data(value, activity.reply_to_id)
    return None


def _from_data(data: Any, reply_id: str | None) -> Rating | None:
    if not isinstance(data, dict) or data.get("action") != FEEDBACK_VERB:
        return None
    thumbs, request_id = data.get("thumbs"), data.get("request_id")
    if thumbs not in ("up", "down") or not isinstance(request_id, str) or not request_id:
        return None
    return Rating(thumbs, request_id, reply_id)
