"""The DeepL dialect against DeepL's documented wire shapes, and the provider against a fake ``/v2/translate``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
import pytest

from orkester.dialects.deepl import DeepLDialect, classify_deepl_error
from orkester.dialects.translation import TranslationOptions
from orkester.errors import (
    ConfigError,
    RequestError,
    UpstreamAuthError,
    UpstreamBadRequestError,
    UpstreamQuotaExceededError,
    UpstreamRateLimitError,
    UpstreamServerError,
)
from orkester.providers.base import Provider
from orkester.settings import Deployment
from orkester.types import ChatRequest
from tests.fakes.deepl_server import DeepLState, create_app
from tests.support.servers import ThreadedServer, serve

from .helpers import chat, collect, make_provider, registry

DEP = Deployment(provider="deepl", model="default")


def options(**kw: Any) -> TranslationOptions:
    return TranslationOptions.parse(kw, "test.options")


def encode(req: ChatRequest, model: str = "default", **opts: Any) -> dict[str, Any]:
    d = DeepLDialect()
    o = options(**opts)
    return d.encode_job(d.job(req, o), model, o)


# --- the dialect: requests --------------------------------------------------------------


def test_a_plain_translate_instruction_becomes_the_documented_body() -> None:
    body = encode(chat("Translate into German: Hello, world!"))
    assert body == {"text": ["Hello, world!"], "target_lang": "DE", "show_billed_characters": True}


def test_norwegian_instruction_with_source_and_language_code_forms() -> None:
    assert encode(chat("Oversett fra norsk til engelsk: Hei"))["text"] == ["Hei"]
    body = encode(chat("Oversett fra norsk til engelsk: Hei"))
    assert (body["source_lang"], body["target_lang"]) == ("NB", "EN-GB")  # EN alone is legacy as a target
    assert encode(chat("Hei"), target_lang="en", english_variant="EN-US")["target_lang"] == "EN-US"
    assert encode(chat("Olá"), target_lang="portuguese")["target_lang"] == "PT-PT"
    us = encode(chat("Hi", metadata={"target_lang": "DE", "source_lang": "en-us"}))
    assert (us["source_lang"], us["target_lang"]) == ("EN", "DE")  # sources carry no variant


def test_metadata_target_wins_over_the_instruction_and_config() -> None:
    body = encode(chat("Translate into German: Hello", metadata={"target_lang": "FR"}), target_lang="sv")
    assert body["target_lang"] == "FR" and body["text"] == ["Hello"]
    assert encode(chat("Hello"), target_lang="sv")["target_lang"] == "SV"


def test_no_target_language_is_a_400_in_openai_form() -> None:
    with pytest.raises(RequestError) as e:
        encode(chat("Hello there"))
    assert e.value.status == 400
    err = e.value.to_openai()["error"]
    assert err["type"] == "invalid_request_error" and err["code"] == "translation_target_missing"
    assert "target_lang" in err["message"]


def test_unknown_language_in_metadata_and_empty_text_are_400s() -> None:
    with pytest.raises(RequestError) as e:
        encode(chat("Hello", metadata={"target_lang": "Elvish"}))
    assert e.value.code == "translation_language_unknown" and e.value.param == "metadata.target_lang"
    with pytest.raises(RequestError) as e:
        encode(chat("Translate into German:"))
    assert e.value.code == "translation_text_missing"


def test_glossary_for_the_pair_is_sent_only_with_a_known_source() -> None:
    glossaries = {"nb>de": "g-nb-de", "en>de": "g-en-de"}
    with_source = encode(chat("Oversett fra norsk til tysk: fres"), glossaries=glossaries)
    assert with_source["glossary_id"] == "g-nb-de" and with_source["source_lang"] == "NB"
    assert "glossary_id" not in encode(chat("Translate into German: mill"), glossaries=glossaries)
    configured_source = encode(chat("Translate into German: mill"), glossaries=glossaries, source_lang="en")
    assert configured_source["glossary_id"] == "g-en-de"
    multilingual = encode(chat("Hi", metadata={"target_lang": "FR", "source_lang": "EN"}), glossary="g-multi")
    assert multilingual["glossary_id"] == "g-multi"


def test_model_type_formality_context_and_options() -> None:
    body = encode(
        chat("Translate into German: Hi", metadata={"formality": "less", "context": "A mail to a customer"}),
        "quality_optimized",
        formality="prefer_more",
        tag_handling="html",
        preserve_formatting=True,
    )
    assert body["model_type"] == "quality_optimized"
    assert body["formality"] == "less"  # the request's own wins over the configured default
    assert body["context"] == "A mail to a customer"
    assert body["tag_handling"] == "html" and body["preserve_formatting"] is True
    with pytest.raises(ConfigError):
        encode(chat("Translate into German: Hi"), "gpt-4o")


def test_bad_options_are_config_errors() -> None:
    from orkester.dialects.deepl import check_options

    with pytest.raises(ConfigError, match="formality"):
        check_options(options(formality="polite"), "providers.deepl.options")
    with pytest.raises(ConfigError, match="glossaries"):
        options(glossaries={"german": "g1"})
    with pytest.raises(ConfigError, match="unknown language"):
        options(target_lang="Elvish")


# --- the dialect: answers and errors ----------------------------------------------------


def test_the_documented_answer_becomes_an_assistant_message_billed_in_characters() -> None:
    documented = {
        "translations": [
            {
                "detected_source_language": "EN",
                "text": "Hallo, Welt!",
                "billed_characters": 42,
                "model_type_used": "quality_optimized",
            }
        ]
    }
    r = DeepLDialect().decode_chat(documented, "quality_optimized")
    assert r.choices[0].content == "Hallo, Welt!" and r.choices[0].finish_reason == "stop"
    assert r.usage.characters == 42
    assert (r.usage.input_tokens, r.usage.output_tokens) == (0, 0)
    assert r.usage.to_openai()["billed_characters"] == 42


def test_without_billed_characters_the_source_length_is_counted() -> None:
    d = DeepLDialect()
    job = d.job(chat("Translate into German: Hello"), options())
    r = d.decode_translation({"translations": [{"detected_source_language": "EN", "text": "Hallo"}]}, "default", job)
    assert r.usage.characters == len("Hello")


def test_the_whole_answer_decoder_streams_the_json_body_at_its_end() -> None:
    decoder = DeepLDialect().stream_decoder("default")
    raw = orjson.dumps({"translations": [{"text": "Hallo", "billed_characters": 5}]})
    assert list(decoder.feed(raw[:7])) == []
    assert list(decoder.feed(raw[7:])) == []
    chunks = list(decoder.close())
    assert chunks[0].choices[0].content == "Hallo" and chunks[0].choices[0].role == "assistant"
    assert chunks[1].choices[0].finish_reason == "stop"
    assert chunks[2].usage is not None and chunks[2].usage.characters == 5


@pytest.mark.parametrize(
    ("status", "cls", "retryable"),
    [
        (456, UpstreamQuotaExceededError, False),
        (429, UpstreamRateLimitError, True),
        (529, UpstreamRateLimitError, True),
        (403, UpstreamAuthError, False),
        (400, UpstreamBadRequestError, False),
        (413, UpstreamBadRequestError, False),
        (500, UpstreamServerError, True),
    ],
)
def test_error_statuses_map_onto_the_error_tree(status: int, cls: type[Exception], retryable: bool) -> None:
    err = DeepLDialect().decode_error(status, b'{"message": "something"}', {"retry-after": "3"})
    assert type(err) is cls
    assert err.retryable is retryable and err.upstream_status == status
    assert "something" in err.message


def test_quota_exceeded_is_clear_and_lets_another_candidate_serve() -> None:
    err = classify_deepl_error(456, b'{"message": "Quota exceeded. The character limit has been reached."}')
    assert err.code == "upstream_quota_exceeded" and err.fallback and not err.retryable
    assert "character limit" in err.message
    plain = classify_deepl_error(502, b"<html>bad gateway</html>")
    assert isinstance(plain, UpstreamServerError) and "bad gateway" in plain.message


# --- the provider against the fake ------------------------------------------------------


@pytest.fixture
def state() -> DeepLState:
    return DeepLState(
        glossaries={
            "g-nb-de": {("NB", "DE"): {"fres": "Fräse"}},
            "g-multi": {("EN", "DE"): {"mill": "Fräsmaschine"}, ("EN", "FR"): {"mill": "fraiseuse"}},
        }
    )


@pytest.fixture
def server(state: DeepLState) -> Iterator[ThreadedServer]:
    with serve(create_app(state)) as srv:
        yield srv


@pytest.fixture
def env_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_DEEPL_KEY", "deepl-test")


def provider(server: ThreadedServer, **opts: Any) -> Provider:
    return make_provider("deepl", base_url=server.url, api_key_env="FAKE_DEEPL_KEY", options=opts)


async def test_registered_as_an_eu_provider_and_free_keys_go_to_the_free_host(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert registry().provider_defaults["deepl"]["api_key_env"] == "DEEPL_AUTH_KEY"
    monkeypatch.setenv("DEEPL_AUTH_KEY", "0f1e2d3c-0000-0000-0000-000000000000:fx")
    p = make_provider("deepl", api_key_env="DEEPL_AUTH_KEY")
    try:
        assert p.region == "eu"
        assert p.chat_url(DEP, stream=False) == "https://api-free.deepl.com/v2/translate"  # type: ignore[attr-defined]
        monkeypatch.setenv("DEEPL_AUTH_KEY", "0f1e2d3c-0000-0000-0000-000000000000")
        assert p.chat_url(DEP, stream=False) == "https://api.deepl.com/v2/translate"  # type: ignore[attr-defined]
    finally:
        await p.close()


async def test_translation_through_the_fake(server: ThreadedServer, state: DeepLState, env_key: None) -> None:
    p = provider(server)
    try:
        r = await p.chat(chat("Translate into German: Hello, world!"), DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "[DE] Hello, world!"
    assert r.usage.characters == len("Hello, world!")
    assert state.paths == ["/v2/translate"]
    assert state.headers[0]["authorization"] == "DeepL-Auth-Key deepl-test"
    assert state.requests[0]["target_lang"] == "DE" and state.requests[0]["show_billed_characters"] is True


async def test_the_pairs_glossary_from_the_deployment_is_sent_and_applied(
    server: ThreadedServer, state: DeepLState, env_key: None
) -> None:
    p = provider(server, glossary="g-multi")
    dep = Deployment(provider="deepl", model="quality_optimized", options={"glossaries": {"nb>de": "g-nb-de"}})
    try:
        nb = await p.chat(chat("Oversett fra norsk til tysk: fres kanten"), dep)
        en = await p.chat(chat("Hello", metadata={"target_lang": "FR", "source_lang": "EN"}), dep)
        auto = await p.chat(chat("Translate into German: mill"), dep)
    finally:
        await p.close()
    assert nb.choices[0].content == "[DE] Fräse kanten"
    assert (state.requests[0]["glossary_id"], state.requests[0]["source_lang"]) == ("g-nb-de", "NB")
    assert state.requests[0]["model_type"] == "quality_optimized"
    assert state.requests[1]["glossary_id"] == "g-multi"  # the provider's, for every other pair
    assert en.choices[0].content == "[FR] Hello"
    assert "glossary_id" not in state.requests[2]  # no source language: DeepL would refuse a glossary
    assert auto.choices[0].content == "[DE] mill"


async def test_streaming_yields_the_whole_translation_then_finish_and_usage(
    server: ThreadedServer, env_key: None
) -> None:
    p = provider(server, target_lang="de")
    try:
        s = await collect(p.stream_chat(chat("Good morning"), DEP))
    finally:
        await p.close()
    assert s.text == "[DE] Good morning"
    assert s.finish_reason == "stop"
    assert s.usage is not None and s.usage.characters == len("Good morning")


async def test_vendor_errors_are_tagged_with_provider_and_model(
    server: ThreadedServer, state: DeepLState, env_key: None
) -> None:
    p = provider(server, target_lang="de")
    try:
        with pytest.raises(UpstreamQuotaExceededError) as quota:
            await p.chat(chat("trigger:quota"), DEP)
        with pytest.raises(UpstreamRateLimitError) as rate:
            await p.chat(chat("trigger:ratelimit"), DEP)
        with pytest.raises(UpstreamServerError, match="Unexpected response shape"):
            await p.chat(chat("trigger:shape"), DEP)
        with pytest.raises(UpstreamBadRequestError, match="formality"):
            await p.chat(chat("Hello", metadata={"formality": "more", "target_lang": "EN-GB"}), DEP)
    finally:
        await p.close()
    assert (quota.value.provider, quota.value.model, quota.value.upstream_status) == ("deepl", "default", 456)
    assert rate.value.retry_after == 1.0


async def test_a_wrong_key_is_an_auth_error(server: ThreadedServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_DEEPL_KEY", "not-the-key")
    p = provider(server, target_lang="de")
    try:
        with pytest.raises(UpstreamAuthError):
            await p.chat(chat("Hello"), DEP)
    finally:
        await p.close()


async def test_a_request_without_target_is_refused_before_anything_is_sent(
    server: ThreadedServer, state: DeepLState, env_key: None
) -> None:
    p = provider(server)
    try:
        with pytest.raises(RequestError):
            await p.chat(chat("Hello"), DEP)
    finally:
        await p.close()
    assert state.requests == []


def test_the_catalog_prices_deepl_per_character_and_budgets_reserve_for_it() -> None:
    from orkester.accounting.pricing import CHARACTERS_PER_TOKEN, call_cost
    from orkester.catalog.resolve import builtin_models
    from orkester.settings import Price

    entry = builtin_models()["deepl"]["default"]
    assert entry["region"] == "eu" and entry["price"] == {"per_million_characters": 25.0}
    price = Price.model_validate(entry["price"])
    assert price.cost(0, 0, characters=2_000_000) == pytest.approx(50.0)
    assert Price(input=1.0, output=2.0).cost(1_000_000, 1_000_000, characters=5) == pytest.approx(3.0)  # tokens only
    dep = Deployment(provider="deepl", model="default", price=price)
    assert call_cost(dep, 1000, 4096) == pytest.approx(1000 * CHARACTERS_PER_TOKEN * 25.0 / 1e6)


def test_bad_provider_options_fail_at_start_up() -> None:
    with pytest.raises(ConfigError, match=r"providers\.deepl\.options\.english_variant"):
        make_provider("deepl", options={"english_variant": "EN-AU"})
