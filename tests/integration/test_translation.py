"""Translation requests routed by task type to DeepL and Google Cloud Translation, through /v1/chat/completions.

One gateway, four real HTTP upstreams on 127.0.0.1: the fake OpenAI server (the chat model), the fake DeepL
API and the fake Google Translation API. Rules routes send the ``translation`` task type (declared with the
``task`` control, or detected from the prompt by the built-in detector) to a translation service and
everything else to the chat model. The official openai SDK is the client; the ledger is read back to see the
provider and the per-character cost it recorded.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import openai
import pytest

from orkester.gateway import Gateway
from orkester.ledger.record import LedgerRecord
from tests.fakes import deepl_server, google_translate_server, openai_server
from tests.fakes.common import FakeState
from tests.support.gateway import openai_provider, run_gateway_and_state
from tests.support.servers import ThreadedServer, serve

DEEPL_PRICE = 25.0  # USD per million characters, from the built-in catalog (models.yaml)
GOOGLE_PRICE = 20.0


class Upstreams:
    def __init__(self) -> None:
        self.chat = FakeState()
        self.deepl = deepl_server.DeepLState(glossaries={"g-nb-de": {("NB", "DE"): {"fres": "Fräse"}}})
        self.google = google_translate_server.GoogleState()


@pytest.fixture(scope="module")
def upstreams() -> Upstreams:
    return Upstreams()


@pytest.fixture(scope="module")
def served(upstreams: Upstreams) -> Iterator[tuple[ThreadedServer, Gateway]]:
    with (
        pytest.MonkeyPatch.context() as mp,
        serve(openai_server.create_app(upstreams.chat)) as chat_up,
        serve(deepl_server.create_app(upstreams.deepl)) as deepl_up,
        serve(google_translate_server.create_app(upstreams.google)) as google_up,
    ):
        mp.setenv("T_OPENAI", "sk-test")
        mp.setenv("T_DEEPL", "deepl-test")
        mp.setenv("T_GOOGLE", "gt-test")
        config: dict[str, Any] = {
            "providers": {
                "up": openai_provider(chat_up.url, key_env="T_OPENAI"),
                "deepl": {
                    "type": "deepl",
                    "base_url": deepl_up.url,
                    "api_key_env": "T_DEEPL",
                    "options": {"glossaries": {"nb>de": "g-nb-de"}},
                },
                "google": {"type": "google_translate", "base_url": google_up.url, "api_key_env": "T_GOOGLE"},
            },
            "models": {
                "chat": {"deployments": [{"provider": "up", "model": "gpt-4o-mini", "region": "us"}]},
                # price and region come from the built-in catalog
                "translator": {"deployments": [{"provider": "deepl", "model": "default"}], "fallbacks": ["gtrans"]},
                "gtrans": {"deployments": [{"provider": "google", "model": "nmt"}]},
            },
            "routing": {
                "warm_up": False,
                "routes": {
                    "auto": {"strategy": "rules", "tasks": {"translation": "translator"}, "default": "chat"},
                    "auto-google": {"strategy": "rules", "tasks": {"translation": "gtrans"}, "default": "chat"},
                },
            },
            "reliability": {"retries": {"max_attempts": 1}, "circuit_breaker": {"min_requests": 1000}},
        }
        with run_gateway_and_state(config) as both:
            yield both


@pytest.fixture(scope="module")
def client(served: tuple[ThreadedServer, Gateway]) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{served[0].url}/v1", api_key="anything", max_retries=0)


def ledger_record(served: tuple[ThreadedServer, Gateway], request_id: str) -> LedgerRecord:
    gw, gateway = served
    writer = gateway.ledger
    assert writer is not None and gw.loop is not None

    async def read() -> LedgerRecord | None:
        await writer.flush()
        return await writer.store.get(request_id)

    record = asyncio.run_coroutine_threadsafe(read(), gw.loop).result(10)
    assert record is not None
    return record


def ask(client: openai.OpenAI, model: str, text: str, **kw: Any) -> Any:
    return client.chat.completions.with_raw_response.create(
        model=model, messages=[{"role": "user", "content": text}], **kw
    )


def test_declared_translation_task_is_answered_by_deepl_and_billed_per_character(
    client: openai.OpenAI, upstreams: Upstreams, served: tuple[ThreadedServer, Gateway]
) -> None:
    raw = ask(
        client,
        "auto",
        "Translate into German: Thank you for your order.",
        extra_headers={"x-orkester-task": "translation"},
    )
    r = raw.parse()
    assert r.choices[0].message.content == "[DE] Thank you for your order."
    assert r.choices[0].finish_reason == "stop"
    assert raw.headers["x-orkester-provider"] == "deepl"
    assert raw.headers["x-orkester-region"] == "eu"
    assert raw.headers["x-orkester-task"].startswith("translation")
    sent = upstreams.deepl.requests[-1]
    assert sent["target_lang"] == "DE" and sent["text"] == ["Thank you for your order."]
    characters = len("Thank you for your order.")
    assert r.usage is not None and r.usage.model_extra == {"billed_characters": characters}
    expected = characters * DEEPL_PRICE / 1e6
    assert float(raw.headers["x-orkester-cost-usd"]) == pytest.approx(expected)
    record = ledger_record(served, raw.headers["x-request-id"])
    assert (record.provider, record.model, record.task) == ("deepl", "default", "translation")
    assert record.cost_usd == pytest.approx(expected)


def test_a_plain_translate_prompt_is_detected_as_translation_and_goes_to_deepl(
    client: openai.OpenAI, upstreams: Upstreams
) -> None:
    before = len(upstreams.chat.requests)
    raw = ask(client, "auto", "Translate into German: The goods will be shipped on Friday in week 38.")
    assert raw.parse().choices[0].message.content == "[DE] The goods will be shipped on Friday in week 38."
    assert raw.headers["x-orkester-provider"] == "deepl"
    task, _, confidence = raw.headers["x-orkester-task"].partition(";confidence=")
    assert task == "translation" and 0.5 <= float(confidence) < 1.0  # detected, not declared
    assert len(upstreams.chat.requests) == before


def test_a_norwegian_request_gets_the_pairs_glossary(client: openai.OpenAI, upstreams: Upstreams) -> None:
    r = ask(client, "auto", "Oversett fra norsk til tysk: Bruk fres med kjøling.").parse()
    assert r.choices[0].message.content == "[DE] Bruk Fräse med kjøling."
    sent = upstreams.deepl.requests[-1]
    assert (sent["source_lang"], sent["target_lang"], sent["glossary_id"]) == ("NB", "DE", "g-nb-de")


def test_a_streamed_translation_arrives_as_chunks_with_usage(client: openai.OpenAI) -> None:
    stream = client.chat.completions.create(
        model="auto",
        messages=[{"role": "user", "content": "Translate into French: Our lead time is six weeks."}],
        extra_headers={"x-orkester-task": "translation"},
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "[FR] Our lead time is six weeks."
    assert [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason] == ["stop"]
    usage = chunks[-1].usage
    assert usage is not None and usage.model_extra == {"billed_characters": len("Our lead time is six weeks.")}


def test_a_non_translation_request_still_goes_to_the_chat_model(client: openai.OpenAI, upstreams: Upstreams) -> None:
    before = len(upstreams.deepl.requests)
    raw = ask(client, "auto", "Write a Python function that sorts a list of invoices by due date.")
    assert raw.parse().choices[0].message.content.startswith("You said: Write a Python function")
    assert raw.headers["x-orkester-provider"] == "up"
    assert len(upstreams.deepl.requests) == before


def test_a_translation_without_target_language_is_a_clear_400(client: openai.OpenAI, upstreams: Upstreams) -> None:
    before = len(upstreams.deepl.requests)
    with pytest.raises(openai.BadRequestError) as e:
        ask(client, "auto", "Thank you for your order.", extra_headers={"x-orkester-task": "translation"})
    assert e.value.status_code == 400
    assert e.value.code == "translation_target_missing"
    assert "target_lang" in e.value.message
    assert len(upstreams.deepl.requests) == before  # refused before anything was sent


def test_metadata_names_the_target_for_text_without_an_instruction(client: openai.OpenAI) -> None:
    r = ask(client, "auto", "Takk for bestillingen.", metadata={"task": "translation", "target_lang": "EN-US"}).parse()
    assert r.choices[0].message.content == "[EN-US] Takk for bestillingen."


def test_deepl_quota_exceeded_falls_back_to_google_without_retrying_deepl(
    client: openai.OpenAI, upstreams: Upstreams, served: tuple[ThreadedServer, Gateway]
) -> None:
    quota = {"message": "Quota exceeded. The character limit has been reached."}
    upstreams.deepl.fail_next.append((456, quota, {}))
    before = len(upstreams.deepl.requests)
    raw = ask(client, "auto", "Translate into German: Hello", extra_headers={"x-orkester-task": "translation"})
    assert raw.parse().choices[0].message.content == "[de] Hello"
    assert raw.headers["x-orkester-provider"] == "google"
    assert len(upstreams.deepl.requests) == before + 1  # one attempt: a used-up quota is not retried
    record = ledger_record(served, raw.headers["x-request-id"])
    assert record.provider == "google" and record.fallbacks == 1
    assert record.cost_usd == pytest.approx(len("Hello") * GOOGLE_PRICE / 1e6)  # DeepL billed nothing


def test_google_route_answers_translations_and_records_its_cost(
    client: openai.OpenAI, upstreams: Upstreams, served: tuple[ThreadedServer, Gateway]
) -> None:
    raw = ask(client, "auto-google", "Translate into German: It's ready for pick-up.")
    r = raw.parse()
    assert r.choices[0].message.content == "[de] It's ready for pick-up."
    assert raw.headers["x-orkester-provider"] == "google"
    sent = upstreams.google.requests[-1]
    assert (sent["target"], sent["format"]) == ("de", "text")
    assert upstreams.google.headers[-1]["x-goog-api-key"] == "gt-test"
    expected = len("It's ready for pick-up.") * GOOGLE_PRICE / 1e6
    assert float(raw.headers["x-orkester-cost-usd"]) == pytest.approx(expected)
    record = ledger_record(served, raw.headers["x-request-id"])
    assert (record.provider, record.model) == ("google", "nmt")
    assert record.cost_usd == pytest.approx(expected)
    chat = ask(client, "auto-google", "What is the capital of France?")
    assert chat.headers["x-orkester-provider"] == "up"
