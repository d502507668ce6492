from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from orkester.prompts import PromptService, open_prompt_store
from tests.unit.keys.clocks import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["memory", "sqlite"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return "memory://" if request.param == "memory" else f"sqlite:///{tmp_path}/prompts.db"


@pytest.fixture
async def service(store_url: str, clock: Clock) -> AsyncIterator[PromptService]:
    svc = PromptService(
        await open_prompt_store(store_url), cache_seconds=5.0, clock=clock.wall, monotonic=clock.monotonic
    )
    yield svc
    await svc.close()
