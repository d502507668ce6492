"""PostgreSQL stopped during load: the gateway keeps answering, usage records and audit entries spool, and
both appear in PostgreSQL once it is back — each once, the audit chain intact.

PostgreSQL holds the keys, the ledger and the audit log here; budgets and rate limits are counted in Redis.
"Stopped" is a TCP proxy in front of the server cutting every connection and refusing new ones, which is
what the gateway sees when the server goes down; the server keeps running for the other tests."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import yaml

from orkester.audit import AuditLog
from orkester.keys import KeyLimits, KeyService
from orkester.ledger.store import open_ledger_store
from tests.support.pgproxy import pg_proxy
from tests.support.postgres import pg_schema, schema_url
from tests.support.serve import orkester_serve

BODY = {"model": "cheap", "messages": [{"role": "user", "content": "Hei, hva koster en brakett?"}], "max_tokens": 5}


def _config(tmp: Path, storage_url: str) -> Path:
    cfg = {
        "providers": {"sim": {"type": "sim", "region": "eu"}},
        "models": {
            "cheap": {
                "deployments": [
                    {
                        "provider": "sim",
                        "model": "sim-cheap",
                        "price": {"input": 1.0, "output": 2.0},
                        "sim": {"ttft_ms": 0, "tokens_per_second": 0, "output_tokens": 5},
                    }
                ]
            }
        },
        "storage": {"url": storage_url},
        "state": {"redis_url": "redis://127.0.0.1:6379/0"},
        "ledger": {"spool_dir": str(tmp / "spool"), "flush_ms": 20},
        "guardrails": {"detection": {"ner": False}},
        # every request asks the key store (no cache window to hide the outage in): the outage is served from
        # the last known rows (stale-if-error)
        "keys": {"cache_seconds": 0},
        "use_builtin_catalog": False,
    }
    path = tmp / "orkester.yaml"
    path.write_text(yaml.safe_dump(cfg), encoding="utf-8")
    return path


async def _make_key(url: str) -> str:
    service = await KeyService.open(url)
    try:
        team = await service.create_team("outage")
        return (await service.create_key(team.id, "app", KeyLimits(budget_total_usd=100.0, rpm=10_000))).secret
    finally:
        await service.close()


async def _fire(url: str, secret: str, n: int) -> list[httpx.Response]:
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=50)) as client:
        return await asyncio.gather(
            *(
                client.post(f"{url}/v1/chat/completions", json=BODY, headers={"authorization": f"Bearer {secret}"})
                for _ in range(n)
            )
        )


async def _stored(url: str, request_ids: list[str]) -> tuple[list[str | None], list[str], bool]:
    """Each request's ledger status (None when missing), the audit log's request ids in order, and verify."""
    ledger = await open_ledger_store(url, create=False)
    audit = await AuditLog.open(url, create=False)
    try:
        statuses = [(r.status if (r := await ledger.get(rid)) else None) for rid in request_ids]
        audited = [r.request_id async for r in audit.records()]
        return statuses, audited, (await audit.verify()).ok
    finally:
        await ledger.close()
        await audit.close()


def _until_stored(url: str, request_ids: list[str], deadline_s: float = 60) -> tuple[list[str | None], list[str]]:
    """Poll PostgreSQL (another process writes it, in its own time) until every request is there."""
    deadline = time.monotonic() + deadline_s
    while True:
        statuses, audited, ok = asyncio.run(_stored(url, request_ids))
        assert ok, "the audit chain does not verify"
        if (None not in statuses and set(request_ids) <= set(audited)) or time.monotonic() > deadline:
            return statuses, audited
        time.sleep(0.2)


def test_postgres_stopped_during_load_requests_are_served_and_recorded_after(tmp_path: Path) -> None:
    with pg_schema("outage") as schema, pg_proxy() as proxy:
        direct = schema_url(schema)
        secret = asyncio.run(_make_key(direct))
        config = _config(tmp_path, proxy.url(schema))
        with orkester_serve("--config", str(config), drop_env=("ORKESTER_STORAGE_URL", "ORKESTER_CONFIG")) as (
            proc,
            url,
        ):
            before = asyncio.run(_fire(url, secret, 50))
            assert [r.status_code for r in before] == [200] * 50

            proxy.down()
            during = asyncio.run(_fire(url, secret, 200))
            assert [r.status_code for r in during] == [200] * 200, {r.text for r in during if r.status_code != 200}
            assert list((tmp_path / "spool").glob("*.seg")), "usage records should be waiting in the spool"
            assert list((tmp_path / "spool" / "audit").glob("*.seg")), "audit entries should be waiting too"

            proxy.up()
            answered = [r.headers["x-request-id"] for r in before + during]
            statuses, audited = _until_stored(direct, answered)
            # while the gateway still runs: every answered request is in the ledger and the audit log, once
            assert statuses == ["ok"] * 250
            assert sorted(audited) == sorted(answered)
            assert proc.poll() is None
        assert not list((tmp_path / "spool").rglob("*.seg"))  # drained: nothing left for a next start
