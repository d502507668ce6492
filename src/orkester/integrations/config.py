"""The ``integrations`` section of the config: chat bots in front of the gateway, and how their channels map
to a key, a model, a task type, a prompt template and a minimum data class.

This module imports nothing from the rest of Orkester (``settings.py`` imports it), so each bot's own
settings model can live next to its code and still be a field here.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


#: what a mapping's ``workspace`` or ``channel`` matches anything with
ANY = "*"
#: the ``channel`` a mapping names to match direct messages (one to one with the bot)
DM = "dm"


class ChannelMapping(_Section):
    """How the bot answers in one place. The first mapping that matches wins; ``*`` matches anything."""

    #: Slack team id (``T…``) / Teams tenant id
    workspace: str = ANY
    #: Slack channel id (``C…``) / Teams conversation (channel) id; ``dm`` matches direct messages
    channel: str = ANY
    #: the env var holding the Orkester virtual key the bot uses here (its budgets, team and allowed models
    #: apply); None only in open mode
    key_env: str | None = None
    #: the model alias or route asked for
    model: str = "auto"
    #: the default task type (the ``task`` control)
    task: str | None = None
    #: a prompt template (the ``prompt`` control, ``name`` or ``name@version``); its variables come from the
    #: message: ``text``, ``user`` and ``channel``
    prompt: str | None = None
    #: the minimum data class of everything said here (the ``data_class`` control): an HR channel is
    #: ``confidential`` whatever detection finds
    data_class: str | None = None
    #: a short context line under each answer: model, route, cost
    footer: bool = True

    def matches(self, workspace: str, channel: str, *, dm: bool = False) -> bool:
        if self.workspace not in (ANY, workspace):
            return False
        return self.channel in (ANY, channel) or (dm and self.channel == DM)


class SlackSettings(_Section):
    """A Slack app answering through the gateway (docs/slack.md). Secrets are named by env var."""

    #: the app's signing secret (Basic Information → App Credentials): every HTTP request is verified with it
    signing_secret_env: str = "SLACK_SIGNING_SECRET"
    #: the bot user's OAuth token (``xoxb-…``)
    bot_token_env: str = "SLACK_BOT_TOKEN"
    #: the app-level token (``xapp-…``) Socket Mode connects with (``orkester slack socket``)
    app_token_env: str = "SLACK_APP_TOKEN"
    #: Slack's Web API; tests point it at a fake
    api_url: str = "https://slack.com/api/"
    #: the slash command the app registers (Slash Commands in the app's settings)
    command: str = Field(default="/orkester", pattern=r"^/[a-z0-9_-]{1,31}$")
    #: the messages of a thread the model sees at most (the newest ones), the question included
    history_limit: int = Field(default=20, ge=1, le=200)
    #: the first match wins; none configured: every channel is answered with the defaults
    mappings: list[ChannelMapping] = Field(default_factory=list)

    @field_validator("api_url")
    @classmethod
    def _slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"  # slack_sdk appends the method name


class IntegrationSettings(_Section):
    """Chat bots in front of the gateway; each is off until configured."""

    slack: SlackSettings | None = None
    teams: TeamsSettings | None = None


from .teams.config import TeamsSettings  # noqa: E402 (below: it imports ChannelMapping from here)
