"""``POST /integrations/slack/events``: Slack's Events API (the ``url_verification`` challenge included), slash
commands and interactivity, handed to the Bolt app through its Starlette adapter.

A request whose signature is missing, wrong or older than five minutes is refused with 401 in the OpenAI
error format before anything runs. An event the bot has no listener for is acknowledged (200): Slack
disables an app's event subscription when its deliveries keep failing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from slack_bolt.adapter.starlette.async_handler import to_async_bolt_request, to_starlette_response
from slack_bolt.async_app import AsyncApp
from slack_sdk.signature import SignatureVerifier
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ...errors import AuthenticationError, RequestError
from ...gateway import Gateway
from ...server.body import read_body
from ..bridge import ChatBridge
from ..config import SlackSettings
from .app import build_slack_app, required_env

PATH = "/integrations/slack/events"
#: Slack's payloads are small (a message is at most 40,000 characters)
BODY_LIMIT = 1024 * 1024


def slack_routes(gw: Gateway, settings: SlackSettings, env: Mapping[str, str]) -> list[Route]:
    app = build_slack_app(settings, ChatBridge(gw, settings.mappings, env), env)
    verifier = SignatureVerifier(required_env(env, settings.signing_secret_env, "the signing secret"))
    return [Route(PATH, events_endpoint(app, verifier), methods=["POST"])]


def events_endpoint(app: AsyncApp, verifier: SignatureVerifier) -> Callable[[Request], Awaitable[Response]]:
    async def events(request: Request) -> Response:
        body = await read_body(request, BODY_LIMIT)
        # Checked here too (Bolt checks again): before the body is even parsed, so an unsigned request of
        # any shape gets the same 401
        if not _signed(verifier, body, request.headers):
            raise _unsigned()
        try:
            bolt_request = to_async_bolt_request(request, body)
        except ValueError:  # signed by Slack's secret but not a Slack payload
            raise RequestError(
                "The body is not a Slack payload (JSON or a form).", code="invalid_slack_payload"
            ) from None
        resp = await app.async_dispatch(bolt_request)
        if resp.status == 401:
            raise _unsigned()
        if resp.status == 404:
            return Response(status_code=200)
        return to_starlette_response(resp)

    return events


def _signed(verifier: SignatureVerifier, body: bytes, headers: Mapping[str, str]) -> bool:
    timestamp = headers.get("x-slack-request-timestamp", "")
    if not timestamp.isdigit():  # the verifier would fail on int()
        return False
    return verifier.is_valid(body, timestamp, headers.get("x-slack-signature", ""))


def _unsigned() -> AuthenticationError:
    return AuthenticationError(
        "The request's Slack signature is missing, invalid or older than five minutes.",
        code="invalid_slack_signature",
    )
