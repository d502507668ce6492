"""Offline token counting: OpenAI's vocabularies counted exactly, other vendors on the safe side."""

from __future__ import annotations

import pytest

from orkester.accounting import tokens
from orkester.accounting.tokens import (
    OTHER_VENDOR_MARGIN,
    PER_IMAGE,
    PromptTokens,
    count_prompt,
    count_text,
    encoding_name,
)
from orkester.types import ChatRequest, EmbeddingRequest


def chat(messages: list[dict[str, object]], **extra: object) -> ChatRequest:
    return ChatRequest.model_validate({"model": "m", "messages": messages, **extra})


def test_known_counts_in_both_vocabularies() -> None:
    # token ids published with tiktoken's README for cl100k_base: "tiktoken is great!" -> 6 tokens
    assert count_text("tiktoken is great!", "cl100k_base") == 6
    assert count_text("hello world", "o200k_base") == 2
    assert count_text("", "o200k_base") == 0


def test_the_vocabulary_follows_the_model_family() -> None:
    assert encoding_name("gpt-4o-mini") == "o200k_base"
    assert encoding_name("gpt-4.1") == "o200k_base"
    assert encoding_name("o3-mini") == "o200k_base"
    assert encoding_name("gpt-4-turbo") == "cl100k_base"
    assert encoding_name("gpt-3.5-turbo-1106") == "cl100k_base"
    assert encoding_name("openai/text-embedding-3-small") == "cl100k_base"


def test_chat_framing_per_message_name_and_reply() -> None:
    one = chat([{"role": "user", "content": "hello world"}])
    assert count_prompt(one, "gpt-4o") == 3 + 2 + 3
    named = chat([{"role": "user", "content": "hello world", "name": "kari"}])
    assert count_prompt(named, "gpt-4o") == count_prompt(one, "gpt-4o") + 1 + count_text("kari")


def test_norwegian_costs_more_tokens_than_four_characters_each_would_say() -> None:
    text = "Sykmeldingen gjelder fra mandag; arbeidsgiverperioden er allerede brukt opp for i år."
    assert count_prompt(chat([{"role": "user", "content": text}]), "gpt-4o") > len(text) // 4


def test_images_tools_and_tool_calls_are_counted() -> None:
    plain = chat([{"role": "user", "content": [{"type": "text", "text": "what is this?"}]}])
    with_image = chat(
        [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "what is this?"},
                    {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
                ],
            }
        ]
    )
    assert count_prompt(with_image, "gpt-4o") == count_prompt(plain, "gpt-4o") + PER_IMAGE
    tool = {"type": "function", "function": {"name": "get_stock", "parameters": {"type": "object"}}}
    assert count_prompt(chat([{"role": "user", "content": "x"}], tools=[tool]), "gpt-4o") > count_prompt(
        chat([{"role": "user", "content": "x"}]), "gpt-4o"
    )
    call = {"id": "c1", "type": "function", "function": {"name": "get_stock", "arguments": '{"sku": "BR-40"}'}}
    asked = chat([{"role": "assistant", "content": None, "tool_calls": [call]}])
    assert count_prompt(asked, "gpt-4o") > count_prompt(chat([{"role": "assistant", "content": None}]), "gpt-4o")


def test_other_vendors_get_the_safety_margin() -> None:
    req = chat([{"role": "user", "content": "Kan dere levere 40 braketter innen fredag? " * 20}])
    exact = count_prompt(req, "gpt-4o")
    assert count_prompt(req, "azure-eu/gpt-4o") == exact
    assert count_prompt(req, "claude-sonnet-4") >= exact * OTHER_VENDOR_MARGIN
    assert count_prompt(req, "mistral-small-latest") >= exact * OTHER_VENDOR_MARGIN


def test_a_request_is_counted_once_per_vocabulary_and_the_plan_takes_the_most(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    real = tokens.count_prompt
    monkeypatch.setattr(tokens, "count_prompt", lambda req, model: (calls.append(model), real(req, model))[1])
    counts = PromptTokens(chat([{"role": "user", "content": "Hei! " * 50}], max_tokens=100))
    assert calls == []  # nothing counted until asked
    most = counts.on_any(["gpt-4o", "gpt-4o-mini", "claude-sonnet-4"])
    assert most == counts.on("claude-sonnet-4") > counts.on("gpt-4o")
    assert calls == ["gpt-4o", "claude-sonnet-4"]  # gpt-4o-mini shares gpt-4o's vocabulary
    assert counts.with_output(most) == most + 100


def test_embedding_inputs_text_and_token_ids() -> None:
    assert count_prompt(EmbeddingRequest(model="e", input="hello world"), "text-embedding-3-small") == 2
    assert count_prompt(EmbeddingRequest(model="e", input=["hello world", "hello"]), "text-embedding-3-small") == 3
    assert count_prompt(EmbeddingRequest(model="e", input=[[1, 2, 3], [4]]), "text-embedding-3-small") == 4
