"""``orkester slack socket``: the Slack bot over Socket Mode, the gateway in process (docs/slack.md)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys

import click

from ..errors import ConfigError
from .common import config_options, load, load_gateway


@click.group()
def slack() -> None:
    """The Slack bot. Over HTTP it runs inside `orkester serve` (POST /integrations/slack/events);
    without a public URL, run it over Socket Mode:

    \b
    SLACK_BOT_TOKEN=xoxb-… SLACK_APP_TOKEN=xapp-… orkester slack socket --config orkester.yaml
    """


@slack.command()
@config_options
def socket(config_path: str | None, demo: bool) -> None:
    """Connect to Slack over Socket Mode and answer until interrupted (Ctrl-C)."""
    from ..integrations.slack.socket import run_socket_mode

    settings = load(config_path, demo)
    slack_settings = settings.integrations.slack
    if slack_settings is None:
        click.echo("error: integrations.slack is not configured (see docs/slack.md)", err=True)
        sys.exit(2)
    gw = load_gateway(settings)
    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(run_socket_mode(gw, slack_settings, os.environ))
    except ConfigError as e:
        click.echo(f"error: {e.message}", err=True)
        sys.exit(2)
