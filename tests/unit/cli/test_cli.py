from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from orkester.cli.main import cli


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _command_paths(group: click.Group, prefix: list[str]) -> list[list[str]]:
    paths = [prefix]
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            paths += _command_paths(cmd, [*prefix, name])
        else:
            paths.append([*prefix, name])
    return paths


def test_every_command_has_help(runner: CliRunner) -> None:
    """Walks the whole command tree, so a new command without help text fails here."""
    paths = _command_paths(cli, [])
    assert ["audit", "verify"] in paths and ["pii", "scan"] in paths and ["router", "eval"] in paths
    for path in paths:
        r = runner.invoke(cli, [*path, "--help"])
        assert r.exit_code == 0, path
        assert "Usage:" in r.output, path
        cmd = cli
        for name in path:
            cmd = cmd.commands[name]  # type: ignore[attr-defined]
        assert (cmd.help or "").strip(), f"{' '.join(path)} has no help text"


def test_models_lists_demo_catalog(runner: CliRunner) -> None:
    r = runner.invoke(cli, ["models", "--demo"])
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert lines[0].split()[:4] == ["ALIAS", "PROVIDER", "MODEL", "REGION"]
    premium = [ln.split() for ln in lines if ln.startswith("demo-premium")]
    assert [row[1:4] for row in premium] == [["sim-us", "sim-large", "us"], ["sim-eu", "sim-large-eu", "eu"]]
    assert "default model: demo-cheap" in r.output


def test_models_all_shows_catalog_for_providers_without_keys(runner: CliRunner) -> None:
    r = runner.invoke(cli, ["models", "--demo", "--all"])
    assert "(claude-sonnet-4-5)" in r.output and "(mistral-small-latest)" in r.output


def test_config_check_reports_problems_with_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("server: {port: high}\nmodels:\n  a: {deployments: [{provider: ghost, model: m}]}\n")
    r = runner.invoke(cli, ["config", "check", "--config", str(bad)])
    assert r.exit_code == 2
    assert "server.port" in r.output


def test_config_check_ok_and_warns_about_missing_keys(runner: CliRunner, tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(
        "providers:\n  oa: {type: openai, api_key_env: NOT_SET_ANYWHERE}\n"
        "models:\n  m: {deployments: [{provider: oa, model: gpt-4o-mini}]}\n"
    )
    r = runner.invoke(cli, ["config", "check", "--config", str(good)])
    assert r.exit_code == 0
    assert "ok: 1 providers, 1 models" in r.output
    assert "$NOT_SET_ANYWHERE is not set" in r.output


def test_config_check_warns_about_a_vendors_default_key_variable(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MISTRAL_API_KEY", raising=False)
    good = tmp_path / "good.yaml"
    good.write_text(
        "providers:\n  eu: {type: mistral}\n"
        "models:\n  m: {deployments: [{provider: eu, model: mistral-small-latest}]}\n"
    )
    r = runner.invoke(cli, ["config", "check", "--config", str(good)])
    assert r.exit_code == 0
    assert "eu: $MISTRAL_API_KEY is not set" in r.output


def test_config_show_masks_secrets(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_SECRET_KEY", "sk-live-abcdefghijklmnop")
    monkeypatch.setenv("ORKESTER_MASTER_KEY", "master-123456789")
    f = tmp_path / "c.yaml"
    f.write_text(
        "providers:\n  oa: {type: openai, api_key_env: MY_SECRET_KEY}\n"
        "models:\n  m: {deployments: [{provider: oa, model: gpt-4o}]}\n"
    )
    r = runner.invoke(cli, ["config", "show", "--config", str(f)])
    assert r.exit_code == 0
    assert "abcdefghijklmnop" not in r.output and "123456789" not in r.output
    assert "api_key: sk-…(24 chars)" in r.output
    assert "context_window: 128000" in r.output  # filled in from the built-in catalog


def test_chat_runs_the_pipeline_in_process(runner: CliRunner) -> None:
    r = runner.invoke(cli, ["chat", "--demo", "-m", "demo-cheap", "--no-stream", "hello"])
    assert r.exit_code == 0, r.output
    assert "Simulated answer from sim-small" in r.output
    assert "sim-eu/sim-small (simulated)" in r.output


def test_chat_unknown_model_is_an_error(runner: CliRunner) -> None:
    r = runner.invoke(cli, ["chat", "--demo", "-m", "nope", "hello"])
    assert r.exit_code == 1
    assert "error (404)" in r.output
