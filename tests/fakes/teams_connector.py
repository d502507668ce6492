"""A fake of what stands around a Teams bot: the Bot Connector service, its signing keys, and Entra ID's token
endpoint — one HTTP server on 127.0.0.1 speaking their documented shapes.

* ``GET /keys`` — the JSON Web Key Set Bot Framework signs activities' tokens with
  (https://login.botframework.com/v1/.well-known/keys: RSA keys with ``kid``, ``n``, ``e`` and the channels
  each key is ``endorsements`` for), and ``GET /.well-known/openidconfiguration`` naming it.
* ``POST /oauth2/v2.0/token`` — OAuth 2.0 client credentials (form: ``grant_type``, ``client_id``,
  ``client_secret``, ``scope``), answered ``{"token_type": "Bearer", "expires_in": …, "access_token": …}``,
  or ``400 {"error": "invalid_client", …}`` for a wrong secret.
* ``POST /v3/conversations/{conversationId}/activities/{activityId}`` (reply to an activity) and
  ``POST /v3/conversations/{conversationId}/activities`` (send to a conversation) — the Bot Connector REST
  API v3: the body is an Activity, the answer a ResourceResponse ``{"id": …}``; without the bearer token the
  token endpoint issued, 401. Served at the root and under ``/amer`` (Teams' service URLs carry a region path).

A test plays Teams with :class:`TestKey` (an RSA key generated with ``cryptography``) to sign the tokens it
sends, and waits for the bot's replies with :meth:`ConnectorState.wait_for` (a condition the server sets; no
sleeps).
"""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
import warnings
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.warnings import InsecureKeyLengthWarning
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

CLIENT_SECRET = "teams-app-secret"
CHANNEL = "msteams"
#: Teams' service URLs have a region path (``https://smba.trafficmanager.net/amer/``); the fake serves one too
REGION = "/amer"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_uint(value: int) -> str:
    return _b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


@dataclass
class TestKey:
    """An RSA key pair (2048 bits, from ``cryptography``) that signs RS256 tokens (with PyJWT) and shows its
    public half as a JWK."""

    __test__ = False  # not a pytest class

    kid: str
    private: rsa.RSAPrivateKey

    @classmethod
    def generate(cls, kid: str, bits: int = 2048) -> TestKey:
        return cls(kid, rsa.generate_private_key(public_exponent=65537, key_size=bits))

    def jwk(self, endorsements: list[str] | None = None) -> dict[str, Any]:
        numbers = self.private.public_key().public_numbers()
        key: dict[str, Any] = {
            "kty": "RSA",
            "use": "sig",
            "kid": self.kid,
            "n": _b64url_uint(numbers.n),
            "e": _b64url_uint(numbers.e),
        }
        if endorsements is not None:
            key["endorsements"] = endorsements
        return key

    def sign(self, claims: dict[str, Any], *, kid: str | None = None, alg: str = "RS256") -> str:
        """An RS256 token; with another ``alg`` (``none``), the header says so and the token is unsigned."""
        header = {"alg": alg, "typ": "JWT", "kid": kid or self.kid}
        if alg != "RS256":
            return f"{_b64url(json.dumps(header).encode())}.{_b64url(json.dumps(claims).encode())}."
        with warnings.catch_warnings():
            # a key under 2048 bits is what a test of the bot's refusal signs with: no need to warn
            warnings.simplefilter("ignore", InsecureKeyLengthWarning)
            return jwt.encode(claims, self.private, algorithm="RS256", headers={"kid": header["kid"]})


def claims(
    *, app_id: str, issuer: str, service_url: str, lifetime_s: float = 3600, now: float | None = None
) -> dict[str, Any]:
    """What a Bot Connector token carries (the claims Bot Framework documents)."""
    t = time.time() if now is None else now
    return {
        "iss": issuer,
        "aud": app_id,
        "serviceurl": service_url,
        "nbf": int(t) - 5,
        "iat": int(t) - 5,
        "exp": int(t + lifetime_s),
    }


@dataclass(frozen=True)
class Posted:
    """One activity the bot posted."""

    conversation: str
    #: the ``activityId`` of the URL (a reply), None when sent to the conversation
    reply_to: str | None
    activity: dict[str, Any]
    authorization: str
    #: the id the fake gave it (what a reaction's ``replyToId`` names)
    id: str
    #: the URL path it was posted to
    path: str


@dataclass
class ConnectorState:
    """What the fake received, shared with the test; ``wait_for`` blocks on a condition the server notifies."""

    keys: list[dict[str, Any]] = field(default_factory=list)
    app_id: str = ""
    posted: list[Posted] = field(default_factory=list)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    key_fetches: int = 0
    issued: set[str] = field(default_factory=set)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Posted]:
        """The first ``count`` activities posted, once there are that many (AssertionError after ``timeout``)."""
        with self.changed:
            if not self.changed.wait_for(lambda: len(self.posted) >= count, timeout=timeout):
                raise AssertionError(f"the bot posted {len(self.posted)} activities, expected {count}")
            return list(self.posted[:count])


def create_app(state: ConnectorState) -> Starlette:
    async def keys(request: Request) -> Response:
        state.key_fetches += 1
        return JSONResponse({"keys": state.keys})

    async def openid(request: Request) -> Response:
        base = str(request.base_url).rstrip("/")
        return JSONResponse(
            {
                "issuer": "https://api.botframework.com",
                "authorization_endpoint": "https://invalid.botframework.com",
                "jwks_uri": f"{base}/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        )

    async def token(request: Request) -> Response:
        form = dict(parse_qsl((await request.body()).decode()))
        state.token_requests.append(form)
        if form.get("grant_type") != "client_credentials":
            return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)
        if form.get("client_id") != state.app_id or form.get("client_secret") != CLIENT_SECRET:
            return JSONResponse(
                {"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."},
                status_code=401,
            )
        issued = f"bot-token-{uuid.uuid4().hex}"
        state.issued.add(issued)
        return JSONResponse(
            {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": issued}
        )

    async def post_activity(request: Request) -> Response:
        auth = request.headers.get("authorization", "")
        if auth.removeprefix("Bearer ") not in state.issued:
            return JSONResponse({"error": {"code": "Unauthorized", "message": "Authorization has been denied"}}, 401)
        body = await request.json()
        if not isinstance(body, dict) or not body.get("type"):
            return JSONResponse({"error": {"code": "BadArgument", "message": "Activity type is required"}}, 400)
        conversation = request.path_params["conversation_id"]
        reply_to = request.path_params.get("activity_id")
        new_id = f"1:{uuid.uuid4().hex}"
        with state.changed:
            state.posted.append(Posted(conversation, reply_to, body, auth, new_id, request.url.path))
            state.changed.notify_all()
        return JSONResponse({"id": new_id}, status_code=201)

    return Starlette(
        routes=[
            Route("/keys", keys, methods=["GET"]),
            Route("/.well-known/openidconfiguration", openid, methods=["GET"]),
            Route("/oauth2/v2.0/token", token, methods=["POST"]),
            *(
                Route(
                    f"{prefix}/v3/conversations/{{conversation_id}}/activities/{{activity_id}}",
                    post_activity,
                    methods=["POST"],
                )
                for prefix in ("", REGION)
            ),
            *(
                Route(f"{prefix}/v3/conversations/{{conversation_id}}/activities", post_activity, methods=["POST"])
                for prefix in ("", REGION)
            ),
        ]
    )
