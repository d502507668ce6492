"""The shared bot bridge: which mapping a conversation gets, what the gateway is asked in process, how a
refusal reads, and feedback on the ledger record."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from orkester.errors import ConfigError, PermissionDeniedError, RateLimitError, RequestError
from orkester.gateway import Gateway, build_gateway
from orkester.integrations.bridge import BotReply, ChatBridge, Conversation, polite
from orkester.integrations.config import ChannelMapping
from orkester.prompts.model import PromptDraft, Variable
from orkester.settings import validate_settings
from orkester.types import ChatRequest

PRICE = {"input": 1.0, "output": 2.0}


def settings(**extra: Any) -> Any:
    return validate_settings(
        {
            "providers": {"sim": {"type": "sim"}},
            "models": {
                "chat": {
                    "deployments": [
                        {
                            "provider": "sim",
                            "model": "sim-eu",
                            "region": "eu",
                            "price": PRICE,
                            "sim": {"reply": "Hei!", "ttft_ms": 0},
                        }
                    ]
                }
            },
            "guardrails": {"detection": {"ner": False}},
            "ledger": {"feedback_wait_ms": 0},
            "use_builtin_catalog": False,
            **extra,
        }
    )


@pytest.fixture
async def gw() -> AsyncIterator[Gateway]:
    gateway = build_gateway(settings(), env={}, local_available=False)
    await gateway.start()
    try:
        yield gateway
    finally:
        await gateway.close()


def conv(channel: str = "C1", workspace: str = "T1", *, dm: bool = False) -> Conversation:
    return Conversation(source="slack", workspace=workspace, channel=channel, user="U1", thread="1.0", dm=dm)


def test_the_first_matching_mapping_wins_and_star_matches_anything(gw: Gateway) -> None:
    hr = ChannelMapping(workspace="T1", channel="CHR", model="chat", data_class="confidential")
    dms = ChannelMapping(channel="dm", model="chat", task="chat")
    other_team = ChannelMapping(workspace="T2", model="chat", footer=False)
    rest = ChannelMapping(model="chat")
    bridge = ChatBridge(gw, [hr, dms, other_team, rest], {})
    assert bridge.mapping_for(conv("CHR")) is hr
    assert bridge.mapping_for(conv("CHR", "T2")) is other_team  # the HR mapping names workspace T1 only
    assert bridge.mapping_for(conv("D123", dm=True)) is dms
    assert bridge.mapping_for(conv("dm")) is dms
    assert bridge.mapping_for(conv("C9")) is rest


def test_no_match_is_a_refusal_and_no_mappings_means_every_channel(gw: Gateway) -> None:
    only = ChatBridge(gw, [ChannelMapping(channel="C1", model="chat")], {})
    with pytest.raises(PermissionDeniedError) as e:
        only.mapping_for(conv("C2"))
    assert e.value.code == "channel_not_mapped"
    with pytest.raises(ConfigError, match="model alias or route 'auto'"):
        ChatBridge(gw, [], {})  # the default mapping asks for "auto", which this catalog lacks


@pytest.mark.parametrize(
    ("mapping", "env", "message"),
    [
        ({"key_env": "SLACK_KEY"}, {}, "SLACK_KEY is not set"),
        ({"data_class": "secret-ish"}, {}, "unknown data class 'secret-ish'"),
        ({"model": "gpt-5"}, {}, "no model alias or route 'gpt-5'"),
    ],
)
def test_a_bad_mapping_is_refused_when_the_bot_is_built(
    gw: Gateway, mapping: dict[str, Any], env: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        ChatBridge(gw, [ChannelMapping.model_validate({"model": "chat", **mapping})], env)


def test_a_provider_model_is_a_known_model(gw: Gateway) -> None:
    assert ChatBridge(gw, [ChannelMapping(model="sim/anything")], {}).mappings[0].model == "sim/anything"


async def test_answer_runs_the_pipeline_with_the_mappings_controls_and_records_it(gw: Gateway) -> None:
    mapping = ChannelMapping(model="chat", task="chat", data_class="confidential")
    bridge = ChatBridge(gw, [mapping], {})
    reply = await bridge.answer(conv(), [("user", "Hva er klokka?"), ("assistant", "Ti."), ("user", "Takk!")])
    assert reply.error is None and reply.text == "Hei!"
    assert (reply.model, reply.provider, reply.route) == ("sim-eu", "sim", "fallback/single")
    assert reply.cost_usd is not None and reply.cost_usd > 0
    assert reply.footer() == f"sim-eu · fallback/single · ${reply.cost_usd:.4f}"
    assert gw.ledger is not None
    await gw.ledger.flush()
    record = await gw.ledger.store.get(reply.request_id)
    assert record is not None and record.status == "ok"
    assert record.data_class == "confidential" and record.task == "chat" and record.route == "chat"


async def test_feedback_lands_on_the_record_and_unknown_requests_are_no_feedback(gw: Gateway) -> None:
    bridge = ChatBridge(gw, [ChannelMapping(model="chat")], {})
    reply = await bridge.answer(conv(), [("user", "Hei")])
    assert await bridge.feedback(reply.request_id, "down", conv())
    assert gw.ledger is not None
    record = await gw.ledger.store.get(reply.request_id)
    assert record is not None and record.feedback == 0.0 and record.feedback_raw == "down"
    assert record.feedback_labels == ("slack",)
    assert await bridge.feedback("no-such-request", "up", conv()) is False
    assert await bridge.feedback(reply.request_id, "up", conv("C2", "T9")) is True  # "*" maps every channel


async def test_refusals_and_failures_are_polite_replies_not_exceptions(gw: Gateway) -> None:
    bridge = ChatBridge(gw, [ChannelMapping(channel="C1", model="chat")], {})
    unmapped = await bridge.answer(conv("C2"), [("user", "Hei")])
    assert unmapped.error == "channel_not_mapped" and "not set up" in unmapped.text
    assert unmapped.footer() == ""
    empty = await bridge.answer(conv(), [("user", "   "), ("assistant", "Hei")])
    assert empty.error == "empty" and empty.request_id


async def test_a_refused_key_is_a_polite_reply() -> None:
    gateway = build_gateway(settings(), env={"ORKESTER_MASTER_KEY": "master"}, local_available=False)
    await gateway.start()
    try:
        bridge = ChatBridge(gateway, [ChannelMapping(model="chat", key_env="BOT_KEY")], {"BOT_KEY": "ork-revoked"})
        reply = await bridge.answer(conv(), [("user", "Hei")])
        assert reply.error == "unknown_api_key" and "key for this channel was refused" in reply.text
        assert await bridge.feedback(reply.request_id, "up", conv()) is False  # the key is refused here too
    finally:
        await gateway.close()


def test_polite_texts_say_what_happened_without_the_gateways_message() -> None:
    residency = PermissionDeniedError("classified confidential: Kari Nordmann ...", code="data_residency")
    assert "data protection" in polite(residency) and "Kari" not in polite(residency)
    assert "budget" in polite(RateLimitError("over", code="budget_exceeded"))
    assert "Too many" in polite(RateLimitError("rpm"))
    assert polite(RequestError("bad", code="invalid_value")).endswith("(invalid_value).")


def test_the_footer_is_short_and_has_no_personal_data() -> None:
    reply = BotReply("text about Kari", "r1", "gpt-4o-mini", "openai", "rules/single", 0.00123)
    assert reply.footer() == "gpt-4o-mini · rules/single · $0.0012"
    assert BotReply("t", "r1", "m", "p", None, None).footer() == "m"


async def test_a_mappings_prompt_template_is_rendered_with_the_message_as_its_variables(gw: Gateway) -> None:
    assert gw.prompts is not None
    body = "You help {{ user }} in {{ channel }}. The question: {{ text }}"
    await gw.prompts.push(PromptDraft("helpdesk", body, (Variable("text"), Variable("user"), Variable("channel"))))
    bridge = ChatBridge(gw, [ChannelMapping(model="chat", prompt="helpdesk")], {})
    seen: list[ChatRequest] = []
    execute = gw.executor.complete

    async def spy(plan: Any, ctx: Any) -> Any:
        seen.append(ctx.chat)
        return await execute(plan, ctx)

    gw.executor.complete = spy  # type: ignore[method-assign]
    reply = await bridge.answer(conv("C7"), [("user", "Where is the printer?")])
    assert reply.error is None
    system = seen[0].messages[0]
    assert system.role == "system" and system.text() == "You help U1 in C7. The question: Where is the printer?"
    assert gw.ledger is not None
    await gw.ledger.flush()
    record = await gw.ledger.store.get(reply.request_id)
    assert record is not None and record.prompt_ref == "helpdesk@1"
