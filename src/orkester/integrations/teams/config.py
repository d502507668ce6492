"""``integrations.teams``: the bot's identity, whom it trusts, how it gets its outgoing token, and what it keeps.

Imports nothing from Orkester but the shared mapping model: ``settings.py`` loads this while it is itself
loading. Secrets are named by env var.

``integrations/config.py`` imports :class:`TeamsSettings` at its end, and this imports ``ChannelMapping`` from
it — at the end too, after the class, so either module can be imported first.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

#: Bot Framework's token issuer and signing keys (the Agents SDK's ``AuthenticationConstants``)
BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
BOT_FRAMEWORK_JWKS_URL = "https://login.botframework.com/v1/.well-known/keys"
#: what the bot asks Entra ID for when it calls the Bot Connector
BOT_FRAMEWORK_SCOPE = "https://api.botframework.com/.default"


class TeamsSettings(BaseModel):
    """A Teams bot (an Azure Bot resource's app registration) answering through the gateway."""

    model_config = ConfigDict(extra="forbid")

    #: the bot's Microsoft App ID: the audience every incoming token must carry
    app_id: str = Field(min_length=1)
    #: the env var holding the app's client secret (outgoing calls get a client-credentials token with it)
    app_password_env: str | None = "MICROSOFT_APP_PASSWORD"
    #: the app's home tenant for a single-tenant bot; None: multi-tenant (``botframework.com``)
    tenant: str | None = None
    #: where the outgoing token comes from (OAuth 2.0 client credentials); None: Entra ID's endpoint for
    #: ``tenant``. Tests point it at a fake.
    token_endpoint: str | None = None
    #: the scope asked for in the outgoing token
    token_scope: str = BOT_FRAMEWORK_SCOPE
    #: the issuers an incoming token may come from
    issuers: list[str] = Field(default_factory=lambda: [BOT_FRAMEWORK_ISSUER], min_length=1)
    #: the JSON Web Key Set holding the keys incoming tokens are signed with (fetched on first use, then
    #: cached; tests point it at a key of their own)
    jwks_url: str = BOT_FRAMEWORK_JWKS_URL
    #: how far clocks may disagree when checking a token's validity (Bot Framework allows 5 minutes)
    clock_skew_s: int = Field(default=300, ge=0, le=600)
    #: only these tenants are answered (empty: any tenant whose users can reach the bot)
    allowed_tenants: list[str] = Field(default_factory=list)
    #: earlier turns of a conversation the model sees with each question (0: none, each message alone)
    history_turns: int = Field(default=10, ge=0, le=100)
    #: how long those turns are kept (hours)
    history_hours: float = Field(default=24.0, gt=0)
    #: how long a reply stays ratable (days): the reply → request id map is kept that long
    feedback_days: float = Field(default=30.0, gt=0)
    #: where the history and the reply map are kept (``sqlite:///…``, ``postgresql://…`` shared by every
    #: replica, ``memory://``); None: where ``storage.url`` says
    store_url: str | None = None
    #: the first match wins (workspace = tenant id; channel = the Teams channel id, the chat id for a
    #: group chat, ``dm`` for a personal chat); none configured: every conversation with the defaults
    mappings: list[ChannelMapping] = Field(default_factory=list)

    @model_validator(mode="after")
    def _outgoing(self) -> TeamsSettings:
        if self.app_password_env is None and self.token_endpoint is None:
            raise ValueError("set app_password_env (or a token_endpoint) so the bot can reply")
        return self

    def token_url(self) -> str:
        if self.token_endpoint is not None:
            return self.token_endpoint
        return f"https://login.microsoftonline.com/{self.tenant or 'botframework.com'}/oauth2/v2.0/token"


from ..config import ChannelMapping  # noqa: E402 (below the class: integrations/config.py imports it)

TeamsSettings.model_rebuild()
