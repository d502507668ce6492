"""What the Slack bot reads and writes: turns from a thread, mentions, thumbs, blocks, metadata, config."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from orkester.integrations.bridge import BotReply
from orkester.integrations.config import ChannelMapping, IntegrationSettings, SlackSettings
from orkester.integrations.slack.messages import (
    METADATA_EVENT,
    SECTION_CHARS,
    answer_blocks,
    answer_metadata,
    request_id_of,
    thumbs,
    turns,
    without_mention,
)

BOT, BOT_ID = "UBOT", "BBOT"


def msg(text: str, user: str = "U1", **extra: Any) -> dict[str, Any]:
    return {"type": "message", "user": user, "text": text, **extra}


def test_the_bots_messages_are_assistant_turns_and_mentions_of_it_are_removed() -> None:
    thread = [
        msg("<@UBOT> what is the VAT rate?"),
        msg("25 %.", user=BOT, bot_id=BOT_ID),
        msg("joined", subtype="channel_join"),
        msg("and for food? cc <@U2>"),
        msg("<@UBOT>"),  # nothing left to say
        {"type": "message", "bot_id": BOT_ID, "text": "posted as the app"},
    ]
    assert turns(thread, BOT, BOT_ID, 20) == [
        ("user", "what is the VAT rate?"),
        ("assistant", "25 %."),
        ("user", "and for food? cc <@U2>"),
        ("assistant", "posted as the app"),
    ]


def test_consecutive_turns_of_one_role_are_joined_and_the_cap_keeps_the_question_and_the_newest() -> None:
    thread = [msg("first"), msg("second", user="U2"), *[msg(f"m{i}", user=BOT if i % 2 else "U1") for i in range(10)]]
    assert turns(thread[:2], BOT, BOT_ID, 20) == [("user", "first\n\nsecond")]
    capped = turns(thread, BOT, BOT_ID, 4)
    assert capped == [("user", "first"), ("assistant", "m7"), ("user", "m8"), ("assistant", "m9")]
    assert turns(thread, BOT, BOT_ID, 1) == [("assistant", "m9")]


def test_without_mention_keeps_other_mentions() -> None:
    assert without_mention("<@UBOT> hi <@U2|bob>", BOT) == "hi <@U2|bob>"
    assert without_mention("  hi  ", None) == "hi"


@pytest.mark.parametrize(
    ("reaction", "expected"),
    [
        ("+1", "up"),
        ("thumbsup", "up"),
        ("+1::skin-tone-4", "up"),
        ("-1", "down"),
        ("thumbsdown", "down"),
        ("tada", None),
    ],
)
def test_thumbs(reaction: str, expected: str | None) -> None:
    assert thumbs(reaction) == expected


def test_blocks_carry_the_answer_in_sections_and_the_footer_in_a_context_block() -> None:
    reply = BotReply("x" * (SECTION_CHARS + 10), "r1", "gpt-eu", "eu", "fallback/single", 0.5)
    blocks = answer_blocks(reply, footer=True)
    assert [b["type"] for b in blocks] == ["section", "section", "context"]
    assert len(blocks[0]["text"]["text"]) == SECTION_CHARS and len(blocks[1]["text"]["text"]) == 10
    assert blocks[2]["elements"][0]["text"] == "gpt-eu · fallback/single · $0.5000"
    assert [b["type"] for b in answer_blocks(reply, footer=False)] == ["section", "section"]


def test_metadata_names_the_request_and_is_read_back() -> None:
    reply = BotReply("hi", "req-1", "m", "p", None, None)
    meta = answer_metadata(reply)
    assert meta == {"event_type": METADATA_EVENT, "event_payload": {"request_id": "req-1"}}
    assert request_id_of({"ts": "1.0", "metadata": meta}) == "req-1"
    assert request_id_of({"ts": "1.0"}) is None
    assert request_id_of({"metadata": {"event_type": "other_app", "event_payload": {"request_id": "x"}}}) is None
    refused = BotReply("no", "req-2", "", "", None, None, error="data_residency")
    assert answer_metadata(refused) is None  # a refusal is nothing to rate


def test_slack_settings() -> None:
    s = IntegrationSettings.model_validate(
        {"slack": {"api_url": "http://127.0.0.1:9/api", "mappings": [{"channel": "CHR", "data_class": "confidential"}]}}
    )
    assert s.slack is not None and s.slack.api_url == "http://127.0.0.1:9/api/"
    assert s.slack.mappings == [ChannelMapping(channel="CHR", data_class="confidential")]
    assert IntegrationSettings().slack is None
    with pytest.raises(ValidationError):
        SlackSettings.model_validate({"command": "orkester"})
    with pytest.raises(ValidationError):
        SlackSettings.model_validate({"mappings": [{"chanel": "C1"}]})


def test_a_mapping_matches_its_workspace_and_channel_and_dm() -> None:
    assert ChannelMapping().matches("T1", "C1")
    assert ChannelMapping(channel="dm").matches("T1", "D1", dm=True)
    assert not ChannelMapping(channel="dm").matches("T1", "C1")
    assert not ChannelMapping(workspace="T2").matches("T1", "C1")
