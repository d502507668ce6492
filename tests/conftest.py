"""Suite-wide fixtures: a clean environment so a developer's own keys never leak into tests."""

from __future__ import annotations

from collections.abc import Iterator

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


@pytest.fixture(autouse=True, scope="session")
def _clean_env() -> Iterator[None]:
    """Session-wide, so module-scoped gateways are built in the same clean environment as the rest."""
    with pytest.MonkeyPatch.context() as mp:
        for name in _PROVIDER_ENV:
            mp.delenv(name, raising=False)
        # Gateways built by tests keep keys, the audit log and the ledger in memory unless a test says
        # otherwise (the default, a SQLite file under the working directory, is for real deployments).
        mp.setenv("ORKESTER_STORAGE_URL", "memory://")
        yield
