"""Incoming tokens: which keys of a key set are trusted, and the validator's checks (PyJWT's RS256) against a key
set on 127.0.0.1."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from orkester.errors import AuthenticationError
from orkester.integrations.teams.auth import TokenValidator, UnusableKey, signing_key
from orkester.integrations.teams.config import TeamsSettings
from tests.fakes.teams_connector import ConnectorState, TestKey, claims, create_app
from tests.support.servers import ThreadedServer, serve

APP = "app-id"
ISSUER = "https://api.botframework.test"
SERVICE = "https://smba.trafficmanager.net/emea/"


@pytest.fixture(scope="module")
def key() -> TestKey:
    return TestKey.generate("k1")


@pytest.fixture(scope="module")
def small() -> TestKey:
    """A 1024-bit key, in the key set too: too small to be trusted."""
    return TestKey.generate("small", bits=1024)


@pytest.fixture(scope="module")
def stranger() -> TestKey:
    """Another key under the trusted key's id: what a forger who knows the kid would sign with."""
    return TestKey.generate("k1")


@pytest.fixture(scope="module")
def jwks(key: TestKey, small: TestKey) -> Iterator[tuple[ThreadedServer, ConnectorState]]:
    state = ConnectorState(keys=[key.jwk(endorsements=["msteams"]), small.jwk(endorsements=["msteams"])], app_id=APP)
    with serve(create_app(state)) as srv:
        yield srv, state


def test_a_key_of_the_key_set_becomes_a_pyjwk_with_its_public_key(key: TestKey) -> None:
    found = signing_key(key.jwk())
    assert found.algorithm_name == "RS256" and found.key_id == "k1"
    public = key.private.public_key().public_numbers()
    assert isinstance(found.key, RSAPublicKey) and found.key.public_numbers() == public


@pytest.mark.parametrize(
    "change",
    [{"kty": "EC"}, {"alg": "RS512"}, {"use": "enc"}, {"n": ""}, {"e": "AAI"}, {"n": "AQAB"}],
    ids=["not RSA", "another alg", "encryption key", "no modulus", "even exponent", "tiny modulus"],
)
def test_unusable_keys_are_refused(key: TestKey, change: dict[str, Any]) -> None:
    with pytest.raises(UnusableKey):
        signing_key({**key.jwk(), **change})


def test_a_key_under_2048_bits_is_refused(small: TestKey) -> None:
    with pytest.raises(UnusableKey, match="1024 bits"):
        signing_key(small.jwk())


def test_the_key_set_s_small_key_is_skipped_and_the_good_one_kept(
    key: TestKey, jwks: tuple[ThreadedServer, ConnectorState], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="orkester.integrations.teams")
    v = validator(jwks[0])
    asyncio.run(v.validate(f"Bearer {key.sign(good())}", "msteams", SERVICE))
    assert "trusted key small skipped: the key has 1024 bits" in caplog.text


def validator(srv: ThreadedServer, **overrides: Any) -> TokenValidator:
    settings = TeamsSettings(app_id=APP, issuers=[ISSUER], jwks_url=f"{srv.url}/keys", **overrides)
    return TokenValidator(settings)


def good(**changes: Any) -> dict[str, Any]:
    return {**claims(app_id=APP, issuer=ISSUER, service_url=SERVICE), **changes}


def test_a_good_token_gives_its_claims(key: TestKey, jwks: tuple[ThreadedServer, ConnectorState]) -> None:
    v = validator(jwks[0])
    identity = asyncio.run(v.validate(f"Bearer {key.sign(good())}", "msteams", SERVICE))
    assert identity.claims["aud"] == APP and identity.claims["serviceurl"] == SERVICE
    # the service URL compares without case or a trailing slash
    asyncio.run(v.validate(f"bearer {key.sign(good())}", "msteams", SERVICE.rstrip("/").upper()))


@pytest.mark.parametrize(
    ("token_claims", "channel", "why"),
    [
        (good(aud="other"), "msteams", "audience"),
        (good(iss="https://login.botframework.com"), "msteams", "issuer"),
        (good(exp=good()["iat"] - 400), "msteams", "expired beyond the clock skew"),
        (good(serviceurl="https://evil.example/"), "msteams", "service url"),
        (good(), "webchat", "key not endorsed for the channel"),
    ],
)
def test_bad_tokens_are_refused(
    key: TestKey, jwks: tuple[ThreadedServer, ConnectorState], token_claims: dict[str, Any], channel: str, why: str
) -> None:
    with pytest.raises(AuthenticationError) as e:
        asyncio.run(validator(jwks[0]).validate(f"Bearer {key.sign(token_claims)}", channel, SERVICE))
    assert e.value.code == "invalid_token" and e.value.status == 401


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forged(case: str, key: TestKey, stranger: TestKey, small: TestKey) -> str:
    token = key.sign(good())
    head, body, sig = token.split(".")
    if case == "another key under the same kid":
        return stranger.sign(good())
    if case == "unknown kid":
        return key.sign(good(), kid="nope")
    if case == "a key under 2048 bits":
        return small.sign(good())
    if case == "claims changed after signing":
        return f"{head}.{_b64(json.dumps(good(aud=APP, extra=1)).encode())}.{sig}"
    if case == "signature changed":
        return f"{head}.{body}.{sig[:-6]}AAAAAA"
    if case == "no signature":
        return f"{head}.{body}."
    if case == "alg none":
        return key.sign(good(), alg="none")
    # HS256 keyed with the public key's PEM: the algorithm-confusion forgery
    pem = key.private.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    h = _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": key.kid}).encode())
    signing_input = f"{h}.{body}"
    return f"{signing_input}.{_b64(hmac.new(pem, signing_input.encode(), hashlib.sha256).digest())}"


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("another key under the same kid", "InvalidSignatureError"),
        ("unknown kid", "key nope is not in the trusted key set"),
        ("a key under 2048 bits", "key small is not in the trusted key set"),
        ("claims changed after signing", "InvalidSignatureError"),
        ("signature changed", "InvalidSignatureError"),
        ("no signature", "InvalidSignatureError"),
        ("alg none", "algorithm 'none' is not RS256"),
        ("HS256 with the public key", "algorithm 'HS256' is not RS256"),
    ],
)
def test_tokens_not_signed_by_a_trusted_key_are_refused(
    key: TestKey,
    stranger: TestKey,
    small: TestKey,
    jwks: tuple[ThreadedServer, ConnectorState],
    caplog: pytest.LogCaptureFixture,
    case: str,
    reason: str,
) -> None:
    v = validator(jwks[0])
    asyncio.run(v.validate(f"Bearer {key.sign(good())}", "msteams", SERVICE))  # the same validator accepts a good one
    caplog.set_level(logging.INFO, logger="orkester.integrations.teams")
    with pytest.raises(AuthenticationError) as e:
        asyncio.run(v.validate(f"Bearer {forged(case, key, stranger, small)}", "msteams", SERVICE))
    assert e.value.code == "invalid_token"
    assert reason in caplog.text


def test_a_token_before_its_nbf_is_refused(key: TestKey, jwks: tuple[ThreadedServer, ConnectorState]) -> None:
    iat = good()["iat"]
    token = key.sign(good(nbf=iat + 3600, exp=iat + 7200))
    with pytest.raises(AuthenticationError):
        asyncio.run(validator(jwks[0]).validate(f"Bearer {token}", "msteams", SERVICE))


def test_expiry_within_the_clock_skew_is_accepted(key: TestKey, jwks: tuple[ThreadedServer, ConnectorState]) -> None:
    token = key.sign(good(exp=good()["iat"] - 60))
    asyncio.run(validator(jwks[0], clock_skew_s=300).validate(f"Bearer {token}", "msteams", SERVICE))
    with pytest.raises(AuthenticationError):
        asyncio.run(validator(jwks[0], clock_skew_s=0).validate(f"Bearer {token}", "msteams", SERVICE))


def test_keys_are_fetched_once_and_an_unknown_kid_does_not_refetch_at_once(
    key: TestKey, jwks: tuple[ThreadedServer, ConnectorState]
) -> None:
    srv, state = jwks
    v = validator(srv)
    before = state.key_fetches

    async def run() -> None:
        await v.validate(f"Bearer {key.sign(good())}", "msteams", SERVICE)
        await v.validate(f"Bearer {key.sign(good())}", "msteams", SERVICE)
        with pytest.raises(AuthenticationError):
            await v.validate(f"Bearer {key.sign(good(), kid='nope')}", "msteams", SERVICE)

    asyncio.run(run())
    assert state.key_fetches == before + 1


def test_an_unreachable_key_set_refuses_every_token(key: TestKey) -> None:
    settings = TeamsSettings(app_id=APP, issuers=[ISSUER], jwks_url="http://127.0.0.1:9/keys")
    with pytest.raises(AuthenticationError):
        asyncio.run(TokenValidator(settings).validate(f"Bearer {key.sign(good())}", "msteams", SERVICE))
