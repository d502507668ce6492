"""The ``orkester`` command."""

from __future__ import annotations

import click

from .. import __version__
from .audit import audit
from .batch import batch
from .chat import chat
from .config import config
from .experiments import experiments
from .keys import keys
from .models import models
from .pii import pii
from .prompts import prompts
from .report import report
from .route import route
from .router import router
from .serve import serve
from .slack import slack
from .teams import teams


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="orkester")
def cli() -> None:
    """Orkester: one OpenAI-compatible API in front of every language model.

    Start with `orkester serve` (the embedded local model) or `orkester serve --demo`
    (simulated models to try routing without keys).
    """


cli.add_command(serve)
cli.add_command(config)
cli.add_command(models)
cli.add_command(chat)
cli.add_command(route)
cli.add_command(router)
cli.add_command(pii)
cli.add_command(audit)
cli.add_command(report)
cli.add_command(keys)
cli.add_command(teams)
cli.add_command(prompts)
cli.add_command(experiments)
cli.add_command(batch)
cli.add_command(slack)


def main() -> None:
    cli()
