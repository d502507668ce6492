"""Data protection through the HTTP API: classify, keep confidential data in the EU or on premises,
pseudonymise and restore (streams and tool results included), refuse with a reason, audit every decision."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from orkester.audit.log import AuditLog
from orkester.ledger.store import open_ledger_store
from tests.fakes.common import FakeState
from tests.fakes.openai_server import create_app
from tests.support.gateway import openai_provider, run_gateway
from tests.support.servers import ThreadedServer, serve

FNR = "15038510190"  # a valid fødselsnummer (both mod-11 check digits, 15 March 1985)
PROMPT = f"Kan du sjekke lønnsslippen til Kari Nordmann, fødselsnummer {FNR}?"


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_OPENAI_KEY", "sk-test")


@pytest.fixture(scope="module")
def upstreams() -> Iterator[tuple[ThreadedServer, FakeState, ThreadedServer, FakeState]]:
    us, eu = FakeState(), FakeState()
    with serve(create_app(us)) as a, serve(create_app(eu)) as b:
        yield a, us, b, eu


def config(us: str, eu: str, db: Path, on_forbidden: str = "reroute") -> dict[str, Any]:
    return {
        "providers": {"us": openai_provider(us), "eu": openai_provider(eu)},
        "models": {
            # the US deployment first: without data protection it would answer
            "gpt": {
                "deployments": [
                    {"provider": "us", "model": "gpt-us", "region": "us"},
                    {"provider": "eu", "model": "gpt-eu", "region": "eu"},
                ]
            },
            "gpt-us-only": {"deployments": [{"provider": "us", "model": "gpt-us", "region": "us"}]},
        },
        "guardrails": {"policies": {"confidential": {"regions": ["eu", "local"], "on_forbidden": on_forbidden}}},
        "storage": {"url": f"sqlite:///{db}"},
        "reliability": {"retries": {"max_attempts": 1}},
    }


def ledger_requests(db: Path, request_ids: list[str]) -> list[Any]:
    async def read() -> list[Any]:
        store = await open_ledger_store(f"sqlite:///{db}", create=False)
        try:
            return [await store.get(rid) for rid in request_ids]
        finally:
            await store.close()

    return asyncio.run(read())


def audit_rows(db: Path) -> list[Any]:
    async def read() -> list[Any]:
        log = await AuditLog.open(f"sqlite:///{db}")
        try:
            assert (await log.verify()).ok
            return [r async for r in log.records()]
        finally:
            await log.close()

    return asyncio.run(read())


def test_a_fodselsnummer_is_answered_in_the_eu_or_refused(
    upstreams: tuple[ThreadedServer, FakeState, ThreadedServer, FakeState], tmp_path: Path
) -> None:
    us, us_state, eu, eu_state = upstreams
    db = tmp_path / "audit.db"
    with run_gateway(config(us.url, eu.url, db)) as gw:
        client = openai.OpenAI(base_url=f"{gw.url}/v1", api_key="k", max_retries=0)
        before_us, before_eu = len(us_state.requests), len(eu_state.requests)
        raw = client.chat.completions.with_raw_response.create(
            model="gpt", messages=[{"role": "user", "content": PROMPT}]
        )
        assert raw.headers["x-orkester-region"] == "eu" and raw.headers["x-orkester-data-class"] == "confidential"
        assert raw.parse().choices[0].message.content == f"You said: {PROMPT}"
        assert len(us_state.requests) == before_us  # the US deployment never saw it
        assert len(eu_state.requests) == before_eu + 1
        answered = [raw.headers["x-request-id"]]

        with pytest.raises(openai.PermissionDeniedError) as refused:
            client.chat.completions.create(model="gpt-us-only", messages=[{"role": "user", "content": PROMPT}])
        err = refused.value.body
        assert isinstance(err, dict) and err["code"] == "data_residency"
        assert "classified confidential" in err["message"] and "gpt" in err["message"]
        assert FNR not in err["message"] and "Kari" not in err["message"]

        public = client.chat.completions.with_raw_response.create(
            model="gpt", messages=[{"role": "user", "content": "Hva er hovedstaden i Norge?"}]
        )
        assert public.headers["x-orkester-region"] == "us"
        answered.append(public.headers["x-request-id"])
        metrics = httpx.get(f"{gw.url}/metrics").text
        assert (
            'orkester_data_protection_decisions_total{action="rerouted",data_class="confidential",detection="ok"} 1.0'
            in metrics
        )
        assert (
            'orkester_data_protection_decisions_total{action="refused",data_class="confidential",detection="ok"} 1.0'
            in metrics
        )
        assert 'orkester_pii_entities_total{type="FNR"} 2.0' in metrics
    # the gateway has closed: every answered request is in the usage ledger, with its class and region
    recorded = ledger_requests(db, answered)
    assert [(r.data_class, r.region, r.status) for r in recorded] == [
        ("confidential", "eu", "ok"),
        ("public", "us", "ok"),
    ]
    rows = audit_rows(db)
    assert [(r.action, r.outcome, r.final_class) for r in rows] == [
        ("rerouted", "ok", "confidential"),
        ("refused", "refused", "confidential"),
        ("allowed", "ok", "public"),
    ]
    assert rows[0].destinations == [{"provider": "eu", "model": "gpt-eu", "region": "eu"}]
    assert rows[0].entities.get("FNR") == 1 and rows[0].entities.get("PERSON") == 1
    assert rows[1].destinations == [] and not rows[1].pseudonymised
    dumped = json.dumps([r.entities for r in rows]) + "".join(r.detail for r in rows)
    assert FNR not in dumped and "Nordmann" not in dumped


def test_pseudonymised_when_the_policy_says_so_and_restored_in_streams_and_tool_results(
    upstreams: tuple[ThreadedServer, FakeState, ThreadedServer, FakeState], tmp_path: Path
) -> None:
    us, us_state, eu, _ = upstreams
    db = tmp_path / "audit.db"
    with run_gateway(config(us.url, eu.url, db, on_forbidden="pseudonymise")) as gw:
        client = openai.OpenAI(base_url=f"{gw.url}/v1", api_key="k", max_retries=0)
        messages = [{"role": "user", "content": PROMPT}]
        raw = client.chat.completions.with_raw_response.create(model="gpt-us-only", messages=messages)
        sent = us_state.requests[-1]["messages"][-1]["content"]
        assert FNR not in sent and "Kari" not in sent and "<FNR_1>" in sent and "<PERSON_1>" in sent
        assert raw.parse().choices[0].message.content == f"You said: {PROMPT}"
        assert raw.headers["x-orkester-pseudonymised"] == "true"

        # The fake streams "You said: ..." in 4-character pieces: placeholders arrive split across chunks.
        streamed = "".join(
            c.choices[0].delta.content or ""
            for c in client.chat.completions.create(model="gpt-us-only", messages=messages, stream=True)
            if c.choices
        )
        assert streamed == f"You said: {PROMPT}"

        # A tool result carrying the name goes out pseudonymised and its echo comes back restored.
        tool_turn = [
            {"role": "user", "content": "Finn kontaktpersonen for ordre 4471."},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "crm", "arguments": "{}"}}],
            },
            {"role": "tool", "tool_call_id": "c1", "content": f"Kontakt: Kari Nordmann, fnr {FNR}"},
        ]
        answer = client.chat.completions.create(model="gpt-us-only", messages=tool_turn)  # type: ignore[arg-type]
        assert answer.choices[0].message.content == f"Tool said: Kontakt: Kari Nordmann, fnr {FNR}"
        assert FNR not in json.dumps(us_state.requests[-1])
    rows = audit_rows(db)
    assert [(r.action, r.pseudonymised, r.destinations[0]["region"]) for r in rows] == [
        ("pseudonymised", True, "us")
    ] * 3
