"""Socket Mode: for a company without a public URL, the bot connects out to Slack over a websocket (with the
app-level token, ``xapp-…``) and receives the same events and commands there; the gateway runs in process.

Requests over the websocket carry no signature (Slack authenticated the connection instead), so the Bolt
app is built without request verification.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from ...gateway import Gateway
from ..bridge import ChatBridge
from ..config import SlackSettings
from .app import build_slack_app, required_env

log = logging.getLogger("orkester.integrations.slack")


def socket_handler(gw: Gateway, settings: SlackSettings, env: Mapping[str, str]) -> AsyncSocketModeHandler:
    """The Bolt app behind a Socket Mode connection (not connected yet: ``connect_async`` / ``start_async``)."""
    app_token = required_env(env, settings.app_token_env, "the app-level token, xapp-…")
    app = build_slack_app(settings, ChatBridge(gw, settings.mappings, env), env, socket_mode=True)
    return AsyncSocketModeHandler(app, app_token=app_token, logger=log)


async def run_socket_mode(gw: Gateway, settings: SlackSettings, env: Mapping[str, str]) -> None:
    """Start the gateway, connect to Slack and answer until cancelled (Ctrl-C); then disconnect and close."""
    handler = socket_handler(gw, settings, env)
    await gw.start()
    try:
        await handler.start_async()  # type: ignore[no-untyped-call]  # slack_bolt leaves it unannotated
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]
        await gw.close()
