"""The Agents SDK's channel adapter, hosted on Starlette instead of aiohttp/FastAPI (whose adapters live in
packages this project does not install).

The SDK's ``ChannelServiceAdapter`` runs a turn: it builds the ``TurnContext``, asks a client factory for the
connector client the bot replies through, and maps ``TurnContext.send_activity`` to the Bot Connector's v3
API (a reply to an activity is ``POST {serviceUrl}/v3/conversations/{id}/activities/{replyToId}``). What is
ours: the client factory, which gets the bot's token from :class:`~.tokens.OutgoingTokens` (instead of the
SDK's MSAL connection manager), and nothing else. The incoming token is checked before a turn starts
(:mod:`.auth`); the Starlette endpoint is in :mod:`.route`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from microsoft_agents.activity import Activity, InvokeResponse
from microsoft_agents.hosting.core import (
    ChannelServiceAdapter,
    ChannelServiceClientFactoryBase,
    ClaimsIdentity,
    ConnectorClient,
    TurnContext,
)
from microsoft_agents.hosting.core.connector import ConnectorClientBase, UserTokenClientBase
from microsoft_agents.hosting.core.connector.client import UserTokenClient

from .tokens import TokenSource

#: the SDK's user-token service (SSO sign-in), which this bot does not use; its client is built but never called
USER_TOKEN_SERVICE = "https://api.botframework.com"


class ClientFactory(ChannelServiceClientFactoryBase):
    def __init__(self, tokens: TokenSource) -> None:
        self.tokens = tokens

    async def create_connector_client(
        self,
        context: TurnContext | None,
        claims_identity: ClaimsIdentity,
        service_url: str,
        audience: str,
        scopes: list[str] | None = None,
        use_anonymous: bool = False,
    ) -> ConnectorClientBase:
        token = await self.tokens.get_access_token(audience, scopes)
        return ConnectorClient(endpoint=service_url, token=token)

    async def create_user_token_client(
        self, context: TurnContext, claims_identity: ClaimsIdentity, use_anonymous: bool = False
    ) -> UserTokenClientBase:
        # No sign-in flows here: an unauthenticated client, so no token is fetched for it.
        return UserTokenClient(endpoint=USER_TOKEN_SERVICE, token="", app_id=claims_identity.get_app_id())


class TeamsAdapter(ChannelServiceAdapter):
    def __init__(self, tokens: TokenSource) -> None:
        super().__init__(ClientFactory(tokens))

    async def run(
        self, identity: ClaimsIdentity, activity: Activity, logic: Callable[[TurnContext], Awaitable[None]]
    ) -> InvokeResponse | None:
        """One turn of ``logic`` for an activity whose token was accepted; the invoke response, if any."""
        result: InvokeResponse | None = await self.process_activity(identity, activity, logic)
        return result
