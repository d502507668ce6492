from __future__ import annotations

from pathlib import Path

import pytest

from orkester.errors import ConfigError
from orkester.settings import Price, load_settings


def test_yaml_file_with_overrides(tmp_path: Path) -> None:
    f = tmp_path / "orkester.yaml"
    f.write_text(
        "providers:\n  oa: {type: openai, api_key_env: MY_KEY}\n"
        "models:\n  fast: {deployments: [{provider: oa, model: gpt-4o-mini}]}\n"
    )
    s = load_settings(f, overrides={"server.port": 5001})
    assert s.server.port == 5001
    assert s.models["fast"].deployments[0].model == "gpt-4o-mini"
    assert s.providers["oa"].api_key_env == "MY_KEY"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("server: {port: nope}\n", "server.port"),
        ("servr: {}\n", "servr: Extra inputs are not permitted"),
        ("models:\n  a: {deployments: []}\n", "models.a.deployments"),
        ("models:\n  a: {deployments: [{provider: p, model: m}], fallbacks: [b]}\n", "unknown alias 'b'"),
        ("- just a list\n", "must hold a mapping"),
        ("a: [unclosed\n", "not valid YAML"),
        ("models:\n  a: {deployments: [{provider: p, model: m, rpm: 0}]}\n", "models.a.deployments.0.rpm"),
        ("reliability: {circuit_breaker: {refresh_ms: -1}}\n", "reliability.circuit_breaker.refresh_ms"),
        ("state: {redis_prefix: ''}\n", "state.redis_prefix"),
    ],
)
def test_bad_config_names_the_problem(tmp_path: Path, text: str, needle: str) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    with pytest.raises(ConfigError) as ei:
        load_settings(f)
    assert needle in ei.value.message


def test_missing_file() -> None:
    with pytest.raises(ConfigError, match="Cannot read config file"):
        load_settings("/nonexistent/orkester.yaml")


def test_price_counts_cached_input_at_its_own_rate() -> None:
    p = Price(input=2.0, output=8.0, cached_input=0.5)
    assert p.cost(1_000_000, 0) == pytest.approx(2.0)
    assert p.cost(1_000_000, 1_000_000, cached_input_tokens=400_000) == pytest.approx(0.6 * 2 + 0.4 * 0.5 + 8)
    assert Price(input=1.0).cost(10, 0, cached_input_tokens=10) == pytest.approx(10 / 1e6)
