"""``build_slack_app``: one Bolt ``AsyncApp`` per Orkester app, from ``integrations.slack`` and the environment.

Bolt verifies every HTTP request's signature (v0 HMAC-SHA256 of ``v0:{timestamp}:{body}``, timestamps
more than five minutes off refused) before any listener runs, answers Slack's ``url_verification``
challenge, and ignores the bot's own events. Listeners run after the acknowledgement
(``process_before_response=False``, Bolt's default), so Slack gets its answer within three seconds.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping

from slack_bolt.async_app import AsyncApp, AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from ...errors import ConfigError
from ..bridge import ChatBridge
from ..config import SlackSettings
from .bot import SlackBot

log = logging.getLogger("orkester.integrations.slack")

#: why Slack sent an event again after a first delivery that never reached any replica: answer that one
DELIVERY_FAILED = "connection_failed"


def required_env(env: Mapping[str, str], name: str, what: str) -> str:
    value = env.get(name)
    if not value:
        raise ConfigError(f"integrations.slack: the environment variable {name} ({what}) is not set")
    return value


def build_slack_app(
    settings: SlackSettings, bridge: ChatBridge, env: Mapping[str, str], *, socket_mode: bool = False
) -> AsyncApp:
    """The Bolt app with Orkester's listeners. Over HTTP it needs the signing secret; in Socket Mode Slack's
    websocket is authenticated by the app token instead, and requests carry no signature."""
    token = required_env(env, settings.bot_token_env, "the bot token, xoxb-…")
    signing_secret = None if socket_mode else required_env(env, settings.signing_secret_env, "the signing secret")
    app = AsyncApp(
        name="orkester",
        signing_secret=signing_secret,
        client=AsyncWebClient(token=token, base_url=settings.api_url),
        request_verification_enabled=not socket_mode,
        logger=log,
    )
    app.middleware(skip_retries)
    bot = SlackBot(bridge, settings)
    app.event("app_mention")(bot.on_mention)
    app.event("message")(bot.on_message)
    app.event("reaction_added")(bot.on_reaction)
    app.command(settings.command)(bot.on_command)
    return app


async def skip_retries(
    req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[BoltResponse]]
) -> BoltResponse:
    """Slack delivers an event again (``X-Slack-Retry-Num``) when the first delivery was not acknowledged in
    time: the first is being answered already, so the retry is acknowledged and dropped (with
    ``X-Slack-No-Retry`` so no third comes). Only a retry after a failed connection is answered."""
    headers = req.headers
    attempt = (headers.get("x-slack-retry-num") or ["0"])[0]
    reason = (headers.get("x-slack-retry-reason") or [""])[0]
    # Socket Mode passes every envelope's ``retry_attempt`` on, 0 for a first delivery
    if attempt.isdigit() and int(attempt) > 0 and reason != DELIVERY_FAILED:
        log.info("ignoring Slack's retry %s of an event (%s)", attempt, reason or "no reason given")
        return BoltResponse(status=200, body="", headers={"x-slack-no-retry": "1"})
    return await next()
