"""Suite-wide fixtures: a clean environment so a developer's own keys never leak into tests."""

from __future__ import annotations

import pytest

_PROVIDER_ENV = (
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "GEMINI_API_KEY",
    "MISTRAL_API_KEY",
    "AZURE_OPENAI_API_KEY",
    "AZURE_OPENAI_ENDPOINT",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AA_TOKEN",
    "ORKESTER_MASTER_KEY",
    "ORKESTER_CONFIG",
    "ORKESTER_REDIS_URL",
    "ORKESTER_ADMIN_KEY",
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _PROVIDER_ENV:
        monkeypatch.delenv(name, raising=False)
    # Gateways built by tests keep their audit log in memory unless a test says otherwise
    # (the default, a SQLite file under the working directory, is for real deployments).
    monkeypatch.setenv("ORKESTER_STORAGE_URL", "memory://")
