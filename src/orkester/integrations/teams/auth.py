"""Who may post activities: the Bot Connector service's bearer token, checked the way Bot Framework documents it.

A token is accepted when it is an RS256 JWT signed by a key of the trusted key set (``jwks_url``), from a
trusted issuer, for this bot (audience = the bot's app id), within its validity (with ``clock_skew_s``), with
the key endorsed for the activity's channel (when the key lists endorsements), and with its ``serviceurl``
claim (required) naming the activity's ``serviceUrl`` (the bot posts its reply, with its own token, there).

The cryptography is PyJWT's (RS256 through the ``cryptography`` package): ``PyJWKClient`` fetches the key set,
each key becomes a ``PyJWK``, and ``jwt.decode`` verifies the signature with it and checks the claims.

Why not the SDK's ``JwtTokenValidator`` (checked against microsoft-agents-hosting-core 1.9): it picks the key
set from the token's unverified issuer (Bot Framework's or Entra ID's URL, hard-coded), so a deployment cannot
name another trusted key set (tests use their own key); it accepts any issuer unless ``VALIDATE_ISSUER`` is
set, and then also Microsoft's first-party issuers; its leeway is fixed at 300 s; it checks neither a key's
endorsements nor the ``serviceurl`` claim; and it keeps its key cache in a class attribute shared by every
instance. This uses the same pieces — PyJWT, the SDK's ``ClaimsIdentity`` as the result — with the key set
and issuers from the config, one cache per bot, and nothing fetched before the first activity.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from microsoft_agents.hosting.core import ClaimsIdentity

from ...errors import AuthenticationError
from .config import TeamsSettings

log = logging.getLogger("orkester.integrations.teams")

ALGORITHM = "RS256"
#: Bot Framework's keys are 2048 bits; a smaller one in the key set is skipped (and PyJWT refuses it too)
MIN_KEY_BITS = 2048
#: a key set is fetched again after this long, and at most this often when a token names an unknown key
KEYS_MAX_AGE_S = 24 * 3600.0
UNKNOWN_KEY_REFETCH_S = 60.0
#: fetching the key set must not hold an activity up for long
FETCH_TIMEOUT_S = 10


def refused(reason: str) -> AuthenticationError:
    """The activity's token is missing or not acceptable: the reason goes to the log, never to the caller."""
    log.info("teams: activity refused: %s", reason)
    return AuthenticationError("The activity's bearer token was not accepted.", code="invalid_token")


class UnusableKey(ValueError):
    """A key of the key set that cannot verify RS256 tokens here."""


def signing_key(jwk: dict[str, Any]) -> jwt.PyJWK:
    """``jwk`` as an RS256 verification key: an RSA public key for signatures, of at least 2048 bits."""
    if jwk.get("kty") != "RSA":
        raise UnusableKey("not an RSA key")
    if jwk.get("alg") not in (None, ALGORITHM) or jwk.get("use") not in (None, "sig"):
        raise UnusableKey("not a key for RS256 signatures")
    try:
        key = jwt.PyJWK(jwk, algorithm=ALGORITHM)
    except jwt.PyJWTError as e:  # a missing or malformed n / e, an invalid exponent
        raise UnusableKey(str(e)) from None
    if not isinstance(key.key, RSAPublicKey):
        raise UnusableKey("not a public key")
    if key.key.key_size < MIN_KEY_BITS:
        raise UnusableKey(f"the key has {key.key.key_size} bits, fewer than {MIN_KEY_BITS}")
    return key


@dataclass
class _Key:
    key: jwt.PyJWK
    #: the channels the key is endorsed for (Bot Framework lists them); None: the key set lists none
    endorsements: frozenset[str] | None


@dataclass
class TokenValidator:
    settings: TeamsSettings
    _keys: dict[str, _Key] = field(default_factory=dict)
    _fetched_at: float = -1.0
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _client: jwt.PyJWKClient | None = None

    async def validate(self, authorization: str | None, channel_id: str, service_url: str) -> ClaimsIdentity:
        """The token's claims; :class:`~orkester.errors.AuthenticationError` when it is not acceptable."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise refused("no bearer token")
        token = token.strip()
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as e:
            raise refused(f"not a JWT ({type(e).__name__})") from None
        # Before any key is fetched: an unsigned ("none") or HMAC token is refused without a network call.
        if header.get("alg") != ALGORITHM:
            raise refused(f"algorithm {header.get('alg')!r} is not RS256")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise refused("no key id")
        key = await self._key(kid)
        if key.endorsements is not None and channel_id not in key.endorsements:
            raise refused(f"key {kid} is not endorsed for channel {channel_id!r}")
        s = self.settings
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=[ALGORITHM],
                audience=s.app_id,
                issuer=s.issuers,
                leeway=s.clock_skew_s,
                options={
                    "verify_signature": True,
                    "verify_exp": True,
                    "verify_nbf": True,
                    "verify_iat": True,
                    "verify_aud": True,
                    "verify_iss": True,
                    "require": ["exp", "iss", "aud"],
                    "enforce_minimum_key_length": True,
                },
            )
        except jwt.PyJWTError as e:  # the signature is not the key's, expired, not yet valid, another audience…
            raise refused(f"{type(e).__name__}: {e}") from None
        # The bot sends its own token to the activity's serviceUrl: only where the signed token says.
        claimed_url = claims.get("serviceurl")
        if not isinstance(claimed_url, str) or _norm(claimed_url) != _norm(service_url):
            raise refused("the token's serviceurl claim is missing or is not the activity's serviceUrl")
        return ClaimsIdentity(claims, authentication_type="Bearer")

    async def _key(self, kid: str) -> _Key:
        now = time.monotonic()
        stale = self._fetched_at < 0 or now - self._fetched_at > KEYS_MAX_AGE_S
        unknown = kid not in self._keys and (self._fetched_at < 0 or now - self._fetched_at > UNKNOWN_KEY_REFETCH_S)
        if stale or unknown:
            async with self._lock:
                if self._fetched_at == -1.0 or time.monotonic() - self._fetched_at > UNKNOWN_KEY_REFETCH_S:
                    await self._refresh()
        found = self._keys.get(kid)
        if found is None:
            raise refused(f"key {kid} is not in the trusted key set")
        return found

    async def _refresh(self) -> None:
        if self._client is None:
            self._client = jwt.PyJWKClient(self.settings.jwks_url, cache_jwk_set=False, timeout=FETCH_TIMEOUT_S)
        client = self._client
        try:
            data = await asyncio.to_thread(client.fetch_data)
        except (jwt.PyJWKClientError, ValueError, OSError) as e:  # unreachable, not JSON
            # Keep the keys we had and try again in a minute; an unknown key stays unknown until then.
            log.warning("teams: could not fetch the trusted keys from %s: %s", self.settings.jwks_url, e)
            self._fetched_at = time.monotonic() - (KEYS_MAX_AGE_S - UNKNOWN_KEY_REFETCH_S if self._keys else 0.0)
            if not self._keys:
                raise refused("the trusted keys could not be fetched") from None
            return
        keys: dict[str, _Key] = {}
        for jwk in data.get("keys", []) if isinstance(data, dict) else []:
            if not isinstance(jwk, dict) or not isinstance(jwk.get("kid"), str):
                continue
            try:
                parsed = signing_key(jwk)
            except UnusableKey as e:
                log.info("teams: trusted key %s skipped: %s", jwk["kid"], e)
                continue
            raw = jwk.get("endorsements")
            endorsed = frozenset(str(e) for e in raw) if isinstance(raw, list) else None
            keys[jwk["kid"]] = _Key(parsed, endorsed)
        self._keys = keys
        self._fetched_at = time.monotonic()


def _norm(url: str) -> str:
    return url.strip().rstrip("/").lower()
