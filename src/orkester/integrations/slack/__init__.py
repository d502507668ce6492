"""The Slack bot (docs/slack.md): Bolt for Python in front of the gateway, over HTTP (``orkester serve``)
or Socket Mode (``orkester slack socket``)."""

from .app import build_slack_app
from .http import PATH, slack_routes

__all__ = ["PATH", "build_slack_app", "slack_routes"]
