from __future__ import annotations

import pytest

from orkester.catalog.resolve import build_catalog
from orkester.errors import ConfigError
from orkester.plugins import load_registry
from orkester.settings import Settings, validate_settings


@pytest.fixture(scope="module")
def registry():  # type: ignore[no-untyped-def]
    return load_registry(include_entry_points=False)


def test_no_config_no_keys_serves_the_local_model(registry) -> None:  # type: ignore[no-untyped-def]
    c = build_catalog(Settings(), registry, env={}, local_available=True)
    assert c.default_model == "local"
    d = c.aliases["local"].deployments[0]
    assert (d.provider, d.region, d.price.input if d.price else None) == ("local", "local", 0.0)


def test_credentials_switch_builtin_providers_on(registry) -> None:  # type: ignore[no-untyped-def]
    c = build_catalog(Settings(), registry, env={"MISTRAL_API_KEY": "k", "OPENAI_API_KEY": "k"}, local_available=False)
    assert {"mistral", "openai"} <= set(c.providers)
    small = c.aliases["mistral-small-latest"].deployments[0]
    assert small.region == "eu" and small.price is not None and small.price.input == 0.1
    assert c.aliases["gpt-4o"].deployments[0].region == "us"
    assert "claude-sonnet-4-5" not in c.aliases  # no Anthropic key


def test_config_deployment_inherits_catalog_facts_and_overrides_win(registry) -> None:  # type: ignore[no-untyped-def]
    s = validate_settings(
        {
            "providers": {"oa-eu": {"type": "openai", "region": "eu"}},
            "models": {
                "smart": {"deployments": [{"provider": "oa-eu", "model": "gpt-4o"}]},
                "cheap": {"deployments": [{"provider": "oa-eu", "model": "gpt-4o-mini", "price": {"input": 0.01}}]},
            },
        }
    )
    c = build_catalog(s, registry, env={}, local_available=True)
    smart = c.aliases["smart"].deployments[0]
    assert smart.price is not None and smart.price.output == 10.0
    assert smart.context_window == 128000 and smart.region == "eu"
    cheap = c.aliases["cheap"].deployments[0]
    assert cheap.price is not None and cheap.price.input == 0.01 and cheap.price.output == 0.0
    assert "local" not in c.aliases  # config declared models: no embedded default added


def test_demo_adds_simulated_models(registry) -> None:  # type: ignore[no-untyped-def]
    c = build_catalog(validate_settings({"server": {"demo": True}}), registry, env={}, local_available=True)
    assert c.default_model == "demo-cheap"
    assert c.aliases["demo-premium"].fallbacks == ["demo-mid"]
    assert {p.type for p in c.providers.values()} == {"sim"}


def test_unknown_provider_in_deployment_is_a_config_error(registry) -> None:  # type: ignore[no-untyped-def]
    s = validate_settings({"models": {"a": {"deployments": [{"provider": "ghost", "model": "m"}]}}})
    with pytest.raises(ConfigError, match="provider 'ghost', which is not configured"):
        build_catalog(s, registry, env={}, local_available=False)


def test_unknown_provider_type_is_a_config_error(registry) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match="Unknown provider type 'nope'"):
        registry.provider_factory("nope")


def test_bedrock_catalog_follows_the_aws_region(registry) -> None:  # type: ignore[no-untyped-def]
    creds = {"AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s"}
    eu = build_catalog(Settings(), registry, env={**creds, "AWS_REGION": "eu-central-1"}, local_available=False)
    d = eu.aliases["bedrock-nova-lite"].deployments[0]
    assert (d.model, d.region) == ("eu.amazon.nova-lite-v1:0", "eu")
    assert eu.providers["bedrock"].options["aws_region"] == "eu-central-1"
    us = build_catalog(Settings(), registry, env=creds, local_available=False)
    d = us.aliases["bedrock-nova-lite"].deployments[0]
    assert (d.model, d.region) == ("us.amazon.nova-lite-v1:0", "us")


def test_disabled_provider_drops_its_deployments_and_empty_aliases(registry) -> None:  # type: ignore[no-untyped-def]
    s = validate_settings(
        {
            "providers": {"on": {"type": "sim"}, "off": {"type": "sim", "enabled": False}},
            "models": {
                "mixed": {
                    "deployments": [{"provider": "off", "model": "a"}, {"provider": "on", "model": "b"}],
                    "fallbacks": ["gone"],
                },
                "gone": {"deployments": [{"provider": "off", "model": "c"}]},
            },
        }
    )
    c = build_catalog(s, registry, env={}, local_available=False)
    assert [d.key for d in c.aliases["mixed"].deployments] == ["on/b"]
    assert c.aliases["mixed"].fallbacks == []
    assert "gone" not in c.aliases
