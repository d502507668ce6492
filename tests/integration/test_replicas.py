"""Two gateway processes share one Redis and one PostgreSQL: a key's budget and rpm limit hold across
both under 300 concurrent requests, and every answered request is in the ledger exactly once."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import yaml

from orkester.accounting.budgets import Scope
from orkester.accounting.pricing import worst_case_cost
from orkester.accounting.tokens import count_prompt
from orkester.keys import KeyLimits, KeyService
from orkester.ledger.store import open_ledger_store
from orkester.routing.plan import Candidate, Plan
from orkester.settings import Deployment, Price, validate_settings
from orkester.state.open import open_state
from orkester.types import ChatRequest
from tests.support.postgres import pg_schema, schema_url
from tests.support.serve import orkester_serve

REDIS = "redis://127.0.0.1:6379/0"
PRICE = Price(input=1000.0, output=1000.0)  # USD per million tokens: a request costs cents
BODY = {"model": "cheap", "messages": [{"role": "user", "content": "Hei, hva koster en brakett?"}], "max_tokens": 10}


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with pg_schema("replicas") as schema:
        yield schema_url(schema)


def _config(tmp: Path, pg_url: str) -> Path:
    cfg = {
        "providers": {"sim": {"type": "sim", "region": "eu"}},
        "models": {
            "cheap": {
                "deployments": [
                    {
                        "provider": "sim",
                        "model": "sim-cheap",
                        "price": PRICE.model_dump(),
                        "sim": {"ttft_ms": 0, "tokens_per_second": 0, "output_tokens": 5},
                    }
                ]
            }
        },
        "storage": {"url": pg_url},
        "state": {"redis_url": REDIS},
        "ledger": {"spool_dir": str(tmp / "spool"), "flush_ms": 20},
        "use_builtin_catalog": False,
    }
    path = tmp / "orkester.yaml"
    path.write_text(yaml.safe_dump(cfg), encoding="utf-8")
    return path


@contextmanager
def two_gateways(tmp: Path, pg_url: str) -> Iterator[tuple[list[str], dict[str, str]]]:
    """Two `orkester serve` processes on one config; on exit they are stopped gracefully (ledger flushed)."""
    config = _config(tmp, pg_url)
    worst = worst_case_cost(
        Plan("fallback", "single", [Candidate("cheap", Deployment(provider="sim", model="sim-cheap", price=PRICE))]),
        count_prompt(ChatRequest.model_validate(BODY), "sim-cheap"),  # what the gateway reserves for
        BODY["max_tokens"],  # type: ignore[arg-type]
    )

    async def make_keys() -> dict[str, str]:
        service = await KeyService.open(pg_url)
        try:
            team = await service.create_team(f"replicas-{uuid.uuid4().hex[:6]}")
            budget = await service.create_key(team.id, "budget", KeyLimits(budget_total_usd=round(100 * worst, 6)))
            rpm = await service.create_key(team.id, "rpm", KeyLimits(rpm=100))
            return {
                "budget": budget.secret,
                "budget_id": budget.key.id,
                "rpm": rpm.secret,
                "rpm_id": rpm.key.id,
                "budget_usd": str(round(100 * worst, 6)),
            }
        finally:
            await service.close()

    keys = asyncio.run(make_keys())
    # on exit both stop gracefully: the ledger writer flushes its spool on the way out
    with (
        orkester_serve("--config", str(config), drop_env=("ORKESTER_STORAGE_URL", "ORKESTER_CONFIG")) as (_, first),
        orkester_serve("--config", str(config), drop_env=("ORKESTER_STORAGE_URL", "ORKESTER_CONFIG")) as (_, second),
    ):
        yield [first, second], keys


async def _fire(urls: list[str], secret: str, n: int = 300) -> tuple[list[str], int]:
    """``n`` concurrent requests spread over the replicas: the request ids answered 200, and the 429 count."""
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=n)) as client:

        async def one(i: int) -> httpx.Response:
            return await client.post(
                f"{urls[i % len(urls)]}/v1/chat/completions", json=BODY, headers={"authorization": f"Bearer {secret}"}
            )

        responses = await asyncio.gather(*(one(i) for i in range(n)))
    assert {r.status_code for r in responses} <= {200, 429}, {r.status_code for r in responses}
    return [r.headers["x-request-id"] for r in responses if r.status_code == 200], sum(
        r.status_code == 429 for r in responses
    )


def _in_ledger(pg_url: str, request_ids: list[str]) -> list[str | None]:
    async def read() -> list[str | None]:
        store = await open_ledger_store(pg_url, create=False)
        try:
            return [(rec.status if (rec := await store.get(rid)) else None) for rid in request_ids]
        finally:
            await store.close()

    return asyncio.run(read())


def test_a_budget_for_100_requests_holds_across_two_replicas(tmp_path: Path, pg_url: str) -> None:
    with two_gateways(tmp_path, pg_url) as (urls, keys):
        answered, refused = asyncio.run(_fire(urls, keys["budget"]))
    # reservations are the worst case; settling to the (lower) actual cost may let a few more through
    assert len(answered) >= 100 and refused > 0 and len(answered) + refused == 300

    async def spent() -> float:
        state = await open_state(validate_settings({"state": {"redis_url": REDIS}}))
        try:
            s = await state.spent(Scope("key", keys["budget_id"]))
            return s.total.spent_usd + s.total.reserved_usd
        finally:
            await state.close()

    assert asyncio.run(spent()) <= float(keys["budget_usd"]) + 1e-9
    assert _in_ledger(pg_url, answered) == ["ok"] * len(answered)


def test_an_rpm_limit_of_100_holds_across_two_replicas(tmp_path: Path, pg_url: str) -> None:
    with two_gateways(tmp_path, pg_url) as (urls, keys):
        answered, refused = asyncio.run(_fire(urls, keys["rpm"]))
    assert (len(answered), refused) == (100, 200)
    # both gateways have stopped: every answered request is in the ledger, once (request ids are unique)
    assert _in_ledger(pg_url, answered) == ["ok"] * len(answered)
