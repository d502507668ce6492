"""The Google Cloud Translation dialect (v2 Basic, v3 Advanced) against Google's documented wire shapes, and
the provider against a fake speaking both."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from orkester.dialects.google_translate import GoogleTranslateDialect, classify_google_error
from orkester.dialects.translation import TranslationOptions
from orkester.errors import (
    ConfigError,
    RequestError,
    UpstreamAuthError,
    UpstreamBadRequestError,
    UpstreamNotFoundError,
    UpstreamQuotaExceededError,
    UpstreamRateLimitError,
    UpstreamServerError,
)
from orkester.providers.base import Provider
from orkester.settings import Deployment
from orkester.types import ChatRequest
from tests.fakes.google_translate_server import GoogleState, create_app
from tests.support.servers import ThreadedServer, serve

from .helpers import chat, collect, make_provider, registry

DEP = Deployment(provider="google_translate", model="nmt")
PARENT = "projects/acme-mt/locations/europe-west1"


def encode(req: ChatRequest, api: str = "v2", model: str = "nmt", **opts: Any) -> dict[str, Any]:
    d = GoogleTranslateDialect("v3" if api == "v3" else "v2", PARENT if api == "v3" else None)
    o = TranslationOptions.parse(opts, "test.options")
    return d.encode_job(d.job(req, o), model, o)


# --- the dialect -------------------------------------------------------------------------


def test_v2_body_asks_for_plain_text_and_uses_googles_codes() -> None:
    assert encode(chat("Translate into German: It's ready")) == {
        "q": ["It's ready"],
        "target": "de",
        "format": "text",
        "model": "nmt",
    }
    body = encode(chat("Oversett fra svensk til norsk: Hej"))
    assert (body["source"], body["target"]) == ("sv", "no")  # Google's Norwegian is "no"
    assert encode(chat("Hi", metadata={"target_lang": "zh-hant"}))["target"] == "zh-TW"
    assert encode(chat("Hi", metadata={"target_lang": "EN-GB"}))["target"] == "en"


def test_v3_body_with_model_and_glossary_resource_names() -> None:
    body = encode(chat("Oversett fra norsk til tysk: fres"), "v3", glossaries={"nb>de": "machining"})
    assert body == {
        "contents": ["fres"],
        "targetLanguageCode": "de",
        "sourceLanguageCode": "no",
        "mimeType": "text/plain",
        "model": f"{PARENT}/models/general/nmt",
        "glossaryConfig": {"glossary": f"{PARENT}/glossaries/machining"},
    }
    llm = encode(
        chat("Translate into German: hi"), "v3", "translation-llm", glossary="projects/x/locations/y/glossaries/z"
    )
    assert llm["model"] == f"{PARENT}/models/general/translation-llm"
    assert "glossaryConfig" not in llm  # no source language: Google needs one for a glossary
    custom = encode(chat("Translate into German: hi"), "v3", "NM1234")
    assert custom["model"] == f"{PARENT}/models/NM1234"


def test_v2_refuses_glossaries_and_unknown_models_as_config_errors() -> None:
    with pytest.raises(ConfigError, match="v3"):
        encode(chat("Oversett fra norsk til tysk: fres"), glossaries={"nb>de": "g"})
    with pytest.raises(ConfigError, match="model"):
        encode(chat("Translate into German: hi"), model="translation-llm")


def test_no_target_is_a_400() -> None:
    with pytest.raises(RequestError) as e:
        encode(chat("Hello"))
    assert e.value.status == 400 and e.value.code == "translation_target_missing"


def test_documented_answers_decode_to_the_translation_with_characters_counted() -> None:
    d2 = GoogleTranslateDialect("v2")
    job = d2.job(chat("Translate into German: Hello world"), TranslationOptions())
    v2 = {"data": {"translations": [{"translatedText": "Hallo Welt", "detectedSourceLanguage": "en"}]}}
    r = d2.decode_translation(v2, "nmt", job)
    assert r.choices[0].content == "Hallo Welt" and r.usage.characters == len("Hello world")
    d3 = GoogleTranslateDialect("v3", PARENT)
    v3 = {
        "translations": [{"translatedText": "Fräse ohne Glossar"}],
        "glossaryTranslations": [{"translatedText": "Fräse", "glossaryConfig": {"glossary": "g"}}],
    }
    assert d3.decode_translation(v3, "nmt", job).choices[0].content == "Fräse"
    assert d3.decode_translation({"translations": [{"translatedText": "x"}]}, "nmt", job).choices[0].content == "x"


def _google_error(code: int, message: str, status: str, reason: str | None = None, info: str | None = None) -> bytes:
    import orjson

    err: dict[str, Any] = {"code": code, "message": message, "status": status}
    if reason:
        err["errors"] = [{"message": message, "domain": "usageLimits", "reason": reason}]
    if info:
        err["details"] = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": info}]
    return orjson.dumps({"error": err})


@pytest.mark.parametrize(
    ("status", "body", "cls", "retryable"),
    [
        (403, _google_error(403, "Daily Limit Exceeded", "PERMISSION_DENIED", "dailyLimitExceeded"),
         UpstreamQuotaExceededError, False),
        (403, _google_error(403, "User Rate Limit Exceeded", "PERMISSION_DENIED", "userRateLimitExceeded"),
         UpstreamRateLimitError, True),
        (429, _google_error(429, "Quota exceeded for quota metric", "RESOURCE_EXHAUSTED"),
         UpstreamRateLimitError, True),
        (400, _google_error(400, "API key not valid. Please pass a valid API key.", "INVALID_ARGUMENT",
                            info="API_KEY_INVALID"), UpstreamAuthError, False),
        (403, _google_error(403, "The caller does not have permission", "PERMISSION_DENIED"), UpstreamAuthError, False),
        (400, _google_error(400, "Target language is invalid.", "INVALID_ARGUMENT"), UpstreamBadRequestError, False),
        (404, _google_error(404, "Glossary not found", "NOT_FOUND"), UpstreamNotFoundError, False),
        (500, _google_error(500, "Internal error encountered.", "INTERNAL"), UpstreamServerError, True),
        (502, b"<html>Bad Gateway</html>", UpstreamServerError, True),
    ],
)  # fmt: skip
def test_errors_map_onto_the_error_tree(status: int, body: bytes, cls: type[Exception], retryable: bool) -> None:
    err = classify_google_error(status, body)
    assert type(err) is cls
    assert err.retryable is retryable and err.upstream_status == status


# --- the provider against the fake ------------------------------------------------------


@pytest.fixture
def state() -> GoogleState:
    return GoogleState(glossaries={f"{PARENT}/glossaries/machining": ("no", "de", {"fres": "Fräse"})})


@pytest.fixture
def server(state: GoogleState) -> Iterator[ThreadedServer]:
    with serve(create_app(state)) as srv:
        yield srv


@pytest.fixture
def env_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_GT_KEY", "gt-test")
    monkeypatch.setenv("FAKE_GT_TOKEN", "ya29.test-token")


def v2_provider(server: ThreadedServer, **opts: Any) -> Provider:
    return make_provider("google_translate", base_url=server.url, api_key_env="FAKE_GT_KEY", options=opts)


def v3_provider(server: ThreadedServer, **opts: Any) -> Provider:
    options = {"api": "v3", "project": "acme-mt", "endpoint": "eu", **opts}
    return make_provider(
        "google_translate", base_url=server.url, api_key_env="FAKE_GT_TOKEN", region="eu", options=options
    )


async def test_registered_with_honest_regions_and_endpoints() -> None:
    assert registry().provider_defaults["google_translate"]["api_key_env"] == "GOOGLE_TRANSLATE_API_KEY"
    basic = make_provider("google_translate")
    eu = make_provider("google_translate", region="eu", options={"api": "v3", "project": "p", "endpoint": "eu"})
    try:
        assert basic.region == "us"
        assert basic.chat_url(DEP, stream=False) == (  # type: ignore[attr-defined]
            "https://translation.googleapis.com/language/translate/v2"
        )
        assert eu.region == "eu"
        assert eu.chat_url(DEP, stream=False) == (  # type: ignore[attr-defined]
            "https://translate-eu.googleapis.com/v3/projects/p/locations/europe-west1:translateText"
        )
    finally:
        await basic.close()
        await eu.close()


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        ({"region": "eu"}, "EU endpoint"),
        ({"options": {"api": "v3", "project": "p", "endpoint": "eu"}}, "region: eu"),
        ({"options": {"api": "v3"}}, "project"),
        ({"options": {"api": "v4"}}, "v2 or v3"),
        ({"options": {"endpoint": "eu"}}, "need api: v3"),
        ({"options": {"glossaries": {"nb>de": "g"}}}, "glossaries need api: v3"),
    ],
)
def test_inconsistent_settings_fail_at_start_up(settings: dict[str, Any], problem: str) -> None:
    with pytest.raises(ConfigError, match=problem):
        make_provider("google_translate", **settings)


async def test_v2_translation_through_the_fake(server: ThreadedServer, state: GoogleState, env_key: None) -> None:
    p = v2_provider(server)
    try:
        r = await p.chat(chat("Translate into German: It's ready"), DEP)
        s = await collect(p.stream_chat(chat("Oversett til engelsk: Det er klart"), DEP))
    finally:
        await p.close()
    assert r.choices[0].content == "[de] It's ready"  # format: text, so no &#39;
    assert r.usage.characters == len("It's ready")
    assert state.paths[0] == "/language/translate/v2"
    assert state.headers[0]["x-goog-api-key"] == "gt-test"
    assert (s.text, s.finish_reason) == ("[en] Det er klart", "stop")
    assert s.usage is not None and s.usage.characters == len("Det er klart")


async def test_v3_sends_the_pairs_glossary_and_answers_with_the_glossary_translation(
    server: ThreadedServer, state: GoogleState, env_key: None
) -> None:
    p = v3_provider(server, glossaries={"nb>de": "machining"})
    try:
        r = await p.chat(chat("Oversett fra norsk til tysk: fres kanten"), DEP)
        plain = await p.chat(chat("Translate into German: fres"), DEP)
    finally:
        await p.close()
    assert r.choices[0].content == "[de] Fräse kanten"
    assert state.paths[0] == f"/v3/{PARENT}:translateText"
    assert state.headers[0]["authorization"] == "Bearer ya29.test-token"
    assert state.requests[0]["glossaryConfig"] == {"glossary": f"{PARENT}/glossaries/machining"}
    assert state.requests[0]["sourceLanguageCode"] == "no" and state.requests[0]["targetLanguageCode"] == "de"
    assert plain.choices[0].content == "[de] fres" and "glossaryConfig" not in state.requests[1]


async def test_v3_reads_the_access_token_file_on_every_call(
    server: ThreadedServer, state: GoogleState, tmp_path: Path
) -> None:
    token = tmp_path / "token"
    token.write_text("ya29.test-token\n")
    p = v3_provider(server, access_token_file=str(token), target_lang="de")
    try:
        await p.chat(chat("hei"), DEP)
        token.write_text("ya29.expired")
        with pytest.raises(UpstreamAuthError):
            await p.chat(chat("hei"), DEP)
        token.unlink()
        with pytest.raises(UpstreamAuthError, match="Cannot read the Google access token"):
            await p.chat(chat("hei"), DEP)
    finally:
        await p.close()
    assert [h["authorization"] for h in state.headers] == ["Bearer ya29.test-token", "Bearer ya29.expired"]


async def test_quota_rate_limit_and_key_errors_from_the_fake(
    server: ThreadedServer, monkeypatch: pytest.MonkeyPatch, env_key: None
) -> None:
    p = v2_provider(server, target_lang="de")
    try:
        with pytest.raises(UpstreamQuotaExceededError) as quota:
            await p.chat(chat("trigger:quota"), DEP)
        with pytest.raises(UpstreamRateLimitError):
            await p.chat(chat("trigger:ratelimit"), DEP)
        monkeypatch.setenv("FAKE_GT_KEY", "wrong")
        with pytest.raises(UpstreamAuthError):
            await p.chat(chat("hello"), DEP)
    finally:
        await p.close()
    assert (quota.value.provider, quota.value.model) == ("google_translate", "nmt")
    assert not quota.value.retryable and quota.value.fallback


async def test_v3_rate_limit_is_a_retryable_429(server: ThreadedServer, env_key: None) -> None:
    p = v3_provider(server, target_lang="de")
    try:
        with pytest.raises(UpstreamRateLimitError) as e:
            await p.chat(chat("trigger:ratelimit"), DEP)
    finally:
        await p.close()
    assert e.value.upstream_status == 429 and e.value.retryable
