"""The bot's reply: the answer, the footer and the rating buttons as an Adaptive Card."""

from __future__ import annotations

from orkester.integrations.bridge import BotReply
from orkester.integrations.teams.activity import FEEDBACK_VERB
from orkester.integrations.teams.cards import ADAPTIVE_CARD, reply_activity, reply_card, thanks_text

ANSWER = BotReply(
    text="Oslo.", request_id="req-42", model="gpt-4o-mini", provider="openai", route="rules/fallback", cost_usd=0.00123
)


def test_card_has_the_footer_and_two_execute_buttons_with_the_request_id() -> None:
    card = reply_card(ANSWER, footer=True)
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    assert card["body"] == [
        {
            "type": "TextBlock",
            "text": "gpt-4o-mini · rules/fallback · $0.0012",
            "size": "Small",
            "isSubtle": True,
            "wrap": True,
        }
    ]
    up, down = card["actions"]
    for button, thumbs in ((up, "up"), (down, "down")):
        data = {"action": FEEDBACK_VERB, "thumbs": thumbs, "request_id": "req-42"}
        assert button["type"] == "Action.Execute" and button["verb"] == FEEDBACK_VERB
        assert button["data"] == data
        assert button["fallback"] == {
            "type": "Action.Submit",
            "title": button["title"],
            "tooltip": button["tooltip"],
            "data": data,
        }
    assert (up["title"], down["title"]) == ("👍", "👎")


def test_no_footer_when_the_mapping_turns_it_off() -> None:
    card = reply_card(ANSWER, footer=False)
    assert card["body"] == [] and len(card["actions"]) == 2


def test_reply_activity_carries_the_answer_and_the_card() -> None:
    activity = reply_activity(ANSWER, footer=True)
    assert activity.type == "message" and activity.text == "Oslo." and activity.text_format == "markdown"
    assert activity.attachments is not None and len(activity.attachments) == 1
    attachment = activity.attachments[0]
    assert attachment.content_type == ADAPTIVE_CARD
    assert attachment.content == reply_card(ANSWER, footer=True)
    wire = activity.model_dump(mode="json", by_alias=True, exclude_none=True)
    assert wire["attachments"][0]["contentType"] == ADAPTIVE_CARD


def test_a_refusal_is_plain_text_without_buttons() -> None:
    refused = BotReply(
        text="The budget for this channel is used up for now.",
        request_id="req-9",
        model="",
        provider="",
        route=None,
        cost_usd=None,
        error="budget_exceeded",
    )
    activity = reply_activity(refused, footer=True)
    assert activity.text == refused.text and not activity.attachments


def test_thanks() -> None:
    assert thanks_text("up", True) == "Thanks for the feedback! 👍"
    assert thanks_text("down", True) == "Thanks for the feedback! 👎"
    assert thanks_text("up", False).startswith("I could not record that rating")
