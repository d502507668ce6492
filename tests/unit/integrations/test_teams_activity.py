"""Reading Teams activities: where a message was said, the question without the @mention, and ratings."""

from __future__ import annotations

from typing import Any

import pytest
from microsoft_agents.activity import Activity

from orkester.integrations.teams.activity import (
    FEEDBACK_VERB,
    Rating,
    conversation_of,
    question,
    rating_of,
    tenant_of,
)

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
BOT = {"id": "28:bot-app-id", "name": "Orkester"}


def activity(**fields: Any) -> Activity:
    base: dict[str, Any] = {
        "type": "message",
        "id": "1732620000001",
        "channelId": "msteams",
        "serviceUrl": "https://smba.trafficmanager.net/emea/",
        "from": {"id": "29:alice", "name": "Alice", "aadObjectId": "aad-alice"},
        "recipient": BOT,
        "conversation": {"id": "a:1personal", "conversationType": "personal", "tenantId": TENANT},
        "channelData": {"tenant": {"id": TENANT}},
        "text": "hello",
    }
    base.update(fields)
    return Activity.model_validate(base)


def test_personal_chat_is_the_dm_channel_of_the_tenant() -> None:
    conv = conversation_of(activity())
    assert (conv.source, conv.workspace, conv.channel, conv.dm) == ("teams", TENANT, "dm", True)
    assert conv.user == "aad-alice" and conv.thread == "a:1personal"


def test_channel_message_maps_to_the_channel_and_keeps_the_thread() -> None:
    thread = "19:general@thread.tacv2;messageid=1732620000000"
    conv = conversation_of(
        activity(
            conversation={"id": thread, "conversationType": "channel", "tenantId": TENANT, "isGroup": True},
            channelData={"tenant": {"id": TENANT}, "channel": {"id": "19:general@thread.tacv2"}},
        )
    )
    assert (conv.channel, conv.thread, conv.dm) == ("19:general@thread.tacv2", thread, False)


def test_channel_without_channel_data_falls_back_to_the_conversation_id() -> None:
    thread = "19:general@thread.tacv2;messageid=5"
    conv = conversation_of(
        activity(conversation={"id": thread, "conversationType": "channel"}, channelData={"tenant": {"id": TENANT}})
    )
    assert conv.channel == "19:general@thread.tacv2"


def test_group_chat_is_its_conversation_id() -> None:
    conv = conversation_of(
        activity(conversation={"id": "19:meeting_x@thread.v2", "conversationType": "groupChat", "isGroup": True})
    )
    assert (conv.channel, conv.dm) == ("19:meeting_x@thread.v2", False)


def test_tenant_from_conversation_when_channel_data_has_none() -> None:
    a = activity(channelData=None, conversation={"id": "a:1", "conversationType": "personal", "tenantId": "t-2"})
    assert tenant_of(a) == "t-2"


def test_user_falls_back_to_the_teams_id_without_an_aad_object_id() -> None:
    assert conversation_of(activity(**{"from": {"id": "29:bob"}})).user == "29:bob"


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        (
            "<at>Orkester</at> what is 2+2?",
            [{"type": "mention", "text": "<at>Orkester</at>", "mentioned": BOT}],
            "what is 2+2?",
        ),
        (
            "Hi <at>Orkester</at>, summarise this",
            [{"type": "mention", "text": "<at>Orkester</at>", "mentioned": BOT}],
            "Hi , summarise this",
        ),
        # a mention whose entity is missing: the tag is still not part of the question
        ("<at>Orkester</at>   spaced   out  ", None, "spaced out"),
        # another person's mention stays as their name's tag removed, the rest kept
        (
            "<at>Orkester</at> ask <at>Bob</at> about it",
            [{"type": "mention", "text": "<at>Orkester</at>", "mentioned": BOT}],
            "ask about it",
        ),
        ("<p>Rich &amp; formatted</p>", None, "Rich & formatted"),
        ("is 3 < 4 > 2?", None, "is 3 < 4 > 2?"),
        ("", None, ""),
    ],
)
def test_question_strips_the_mention(text: str, entities: list[dict[str, Any]] | None, expected: str) -> None:
    assert question(activity(text=text, entities=entities)) == expected


def test_question_of_a_message_without_text_is_empty() -> None:
    assert question(activity(text=None)) == ""


def feedback(thumbs: str = "up", request_id: str = "req-1") -> dict[str, str]:
    return {"action": FEEDBACK_VERB, "thumbs": thumbs, "request_id": request_id}


def test_action_execute_invoke_is_a_rating() -> None:
    a = activity(
        type="invoke",
        name="adaptiveCard/action",
        replyToId="1:reply",
        value={"action": {"type": "Action.Execute", "verb": FEEDBACK_VERB, "data": feedback("down")}},
    )
    assert rating_of(a) == Rating("down", "req-1", "1:reply")


def test_action_submit_message_is_a_rating() -> None:
    assert rating_of(activity(text=None, value=feedback())) == Rating("up", "req-1", None)


@pytest.mark.parametrize(
    "value",
    [
        {"action": "something.else", "thumbs": "up", "request_id": "r"},
        {"action": FEEDBACK_VERB, "thumbs": "sideways", "request_id": "r"},
        {"action": FEEDBACK_VERB, "thumbs": "up", "request_id": ""},
        {"action": FEEDBACK_VERB, "thumbs": "up"},
        "not a dict",
    ],
)
def test_other_submits_are_not_ratings(value: Any) -> None:
    assert rating_of(activity(text=None, value=value)) is None


def test_an_invoke_with_another_verb_is_not_a_rating() -> None:
    a = activity(type="invoke", name="adaptiveCard/action", value={"action": {"verb": "other", "data": feedback()}})
    assert rating_of(a) is None


@pytest.mark.parametrize(("reaction", "thumbs"), [("like", "up"), ("heart", "up"), ("sad", "down"), ("angry", "down")])
def test_reactions_rate_the_reply_they_are_on(reaction: str, thumbs: str) -> None:
    a = activity(type="messageReaction", text=None, replyToId="1:reply", reactionsAdded=[{"type": reaction}])
    assert rating_of(a) == Rating(thumbs, None, "1:reply")  # type: ignore[arg-type]


def test_a_surprised_reaction_or_a_removed_like_is_no_rating() -> None:
    assert rating_of(activity(type="messageReaction", replyToId="1:r", reactionsAdded=[{"type": "surprised"}])) is None
    assert rating_of(activity(type="messageReaction", replyToId="1:r", reactionsRemoved=[{"type": "like"}])) is None
    assert rating_of(activity(type="messageReaction", reactionsAdded=[{"type": "like"}])) is None
