"""kill -9 of a gateway under load, then a restart: every request a client got an answer for is in the
ledger exactly once (records are spooled durably before the answer leaves; the restart replays the spool)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
from contextlib import AbstractContextManager
from pathlib import Path

import httpx
import yaml

from orkester.ledger.store import open_ledger_store
from tests.support.serve import orkester_serve

BODY = {"model": "cheap", "messages": [{"role": "user", "content": "Hei!"}], "max_tokens": 5}


def gateway(config: Path) -> AbstractContextManager[tuple[subprocess.Popen[str], str]]:
    return orkester_serve("--config", str(config), drop_env=("ORKESTER_STORAGE_URL", "ORKESTER_CONFIG"))


async def _load_until_killed(url: str, proc: subprocess.Popen[str], kill_after: int) -> list[str]:
    """64 clients send requests; after ``kill_after`` answers the gateway gets SIGKILL. Returns answered ids."""
    answered: list[str] = []
    killed = asyncio.Event()

    async def client(http: httpx.AsyncClient) -> None:
        while not killed.is_set():
            try:
                r = await http.post(f"{url}/v1/chat/completions", json=BODY)
            except httpx.TransportError:
                return  # the gateway is gone: anything without an answer was never acknowledged
            if r.status_code == 200:
                answered.append(r.headers["x-request-id"])
                if len(answered) >= kill_after and not killed.is_set():
                    killed.set()
                    os.kill(proc.pid, signal.SIGKILL)

    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=64)) as http:
        await asyncio.gather(*(client(http) for _ in range(64)))
    return answered


def test_every_answered_request_survives_kill_9(tmp_path: Path) -> None:
    db = tmp_path / "orkester.db"
    config = tmp_path / "orkester.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "providers": {"sim": {"type": "sim", "region": "eu"}},
                "models": {
                    "cheap": {
                        "deployments": [
                            {
                                "provider": "sim",
                                "model": "sim-cheap",
                                "sim": {"ttft_ms": 0, "tokens_per_second": 0, "output_tokens": 3},
                            }
                        ]
                    }
                },
                "storage": {"url": f"sqlite:///{db}"},
                "use_builtin_catalog": False,
            }
        ),
        encoding="utf-8",
    )
    with gateway(config) as (proc, url):
        answered = asyncio.run(_load_until_killed(url, proc, kill_after=500))
        assert proc.wait(timeout=30) == -signal.SIGKILL
    assert len(answered) >= 500
    with gateway(config):
        pass  # the restart takes over the spool the killed process left; stopping it flushes to the database

    async def statuses() -> tuple[list[str | None], int]:
        store = await open_ledger_store(f"sqlite:///{db}", create=False)
        try:
            found = [(rec.status if (rec := await store.get(rid)) else None) for rid in answered]
            return found, await store.count()
        finally:
            await store.close()

    found, total = asyncio.run(statuses())
    assert found.count(None) == 0, f"{found.count(None)} of {len(answered)} answered requests were lost"
    assert set(found) == {"ok"} and total >= len(answered)
