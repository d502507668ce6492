"""``orkester slack socket`` refuses to start without the bot configured or without its tokens."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from orkester.cli.main import cli

BASE = {
    "providers": {"sim": {"type": "sim"}},
    "models": {"chat": {"deployments": [{"provider": "sim", "model": "sim-1"}]}},
    "use_builtin_catalog": False,
}


def write(tmp_path: Path, data: dict[str, object]) -> str:
    path = tmp_path / "orkester.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return str(path)


def test_without_the_slack_section_it_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["slack", "socket", "--config", write(tmp_path, BASE)])
    assert result.exit_code == 2
    assert "integrations.slack is not configured" in result.output


@pytest.mark.parametrize(
    ("env", "missing"),
    [({}, "SLACK_APP_TOKEN"), ({"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN")],
)
def test_a_missing_token_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], missing: str
) -> None:
    for name in ("SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = {**BASE, "integrations": {"slack": {"mappings": [{"model": "chat"}]}}}
    result = CliRunner().invoke(cli, ["slack", "socket", "--config", write(tmp_path, config)])
    assert result.exit_code == 2
    assert f"the environment variable {missing}" in result.output


def test_help_names_socket_mode() -> None:
    result = CliRunner().invoke(cli, ["slack", "--help"])
    assert result.exit_code == 0 and "Socket Mode" in result.output and "socket" in result.output
