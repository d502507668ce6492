"""The dashboard over HTTP: every page needs the session cookie, renders the ledger's data, and filters.

A gateway with simulated models (one that always fails and falls back), a team and a key, an A/B
experiment and the audit log answers real requests; httpx then logs in and reads each page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from orkester.gateway import Gateway
from tests.support.gateway import run_gateway_and_state
from tests.support.servers import ThreadedServer

ADMIN = "admin-secret"
MASTER = "master-secret"
SIM = {"ttft_ms": 0, "tokens_per_second": 0, "output_tokens": 5}
PAGES = ("/ui", "/ui/requests", "/ui/keys", "/ui/experiments", "/ui/audit", "/ui/savings")


def _alias(model: str, price: float, **sim: Any) -> dict[str, Any]:
    dep = {"provider": "sim-eu", "model": model, "sim": {**SIM, **sim}, "price": {"input": price, "output": price}}
    return {"deployments": [dep]}


def config(db: Path) -> dict[str, Any]:
    return {
        "providers": {"sim-eu": {"type": "sim", "region": "eu"}},
        "models": {
            "cheap": _alias("small", 0.5),
            "dear": _alias("large", 10.0),
            "broken": {**_alias("broken", 0.1, failure_rate=1.0), "fallbacks": ["cheap"]},
            "assistant": _alias("small", 0.5),
        },
        "keys": {"cache_seconds": 0},
        "guardrails": {"detection": {"ner": False}},
        "storage": {"url": f"sqlite:///{db}"},
        "ledger": {"flush_ms": 600_000, "batch_size": 10_000, "feedback_wait_ms": 0},
        "experiments": {
            "ab": {
                "arms": {"A": {"model": "cheap"}, "B": {"model": "dear"}},
                "applies_to": {"models": ["assistant"]},
                "metric": "satisfaction",
            }
        },
    }


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ThreadedServer, Gateway, list[str]]]:
    db = tmp_path_factory.mktemp("dashboard") / "orkester.db"
    env = {"ORKESTER_MASTER_KEY": MASTER, "ORKESTER_ADMIN_KEY": ADMIN}
    with run_gateway_and_state(config(db), env) as (gw, state):
        admin = {"authorization": f"Bearer {ADMIN}"}
        team = httpx.post(f"{gw.url}/admin/teams", json={"name": "research", "budget_month_usd": 5}, headers=admin)
        key = httpx.post(
            f"{gw.url}/admin/keys", json={"team": team.json()["id"], "name": "notebook"}, headers=admin
        ).json()
        auth = {"authorization": f"Bearer {key['secret']}"}
        ids = []
        for i, (model, task) in enumerate([("cheap", "chat")] * 6 + [("dear", "code")] * 2 + [("broken", "chat")] * 2):
            r = httpx.post(
                f"{gw.url}/v1/chat/completions",
                json={"model": model, "messages": [{"role": "user", "content": f"secret prompt {i}"}]},
                headers={**auth, "x-orkester-task": task},
            )
            assert r.status_code == 200, r.text
            ids.append(r.headers["x-request-id"])
        for _ in range(4):
            r = httpx.post(
                f"{gw.url}/v1/chat/completions",
                json={"model": "assistant", "messages": [{"role": "user", "content": "hi"}]},
                headers=auth,
            )
            ids.append(r.headers["x-request-id"])
        fb = httpx.post(f"{gw.url}/v1/feedback", json={"request_id": ids[0], "thumbs": "up"}, headers=auth)
        assert fb.status_code < 300, fb.text
        yield gw, state, ids


@pytest.fixture(scope="module")
def client(served: tuple[ThreadedServer, Gateway, list[str]]) -> Iterator[httpx.Client]:
    gw = served[0]
    with httpx.Client(base_url=gw.url) as c:
        r = c.post("/ui/login", data={"key": ADMIN, "next": "/ui/requests"})
        assert r.status_code == 303 and r.headers["location"] == "/ui/requests"
        cookie = r.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie and "path=/ui" in cookie
        yield c


def test_every_page_needs_a_session(served: tuple[ThreadedServer, Gateway, list[str]]) -> None:
    gw = served[0]
    for path in (*PAGES, f"/ui/requests/{served[2][0]}"):
        r = httpx.get(f"{gw.url}{path}", params={"range": "7d"})
        assert r.status_code == 303, path
        assert r.headers["location"].startswith("/ui/login?next=%2Fui"), path
    forged = httpx.get(f"{gw.url}/ui", cookies={"orkester_ui": "99999999999.deadbeef"})
    assert forged.status_code == 303
    wrong = httpx.post(f"{gw.url}/ui/login", data={"key": "not-the-key"})
    assert wrong.status_code == 401 and "Wrong admin key" in wrong.text and "set-cookie" not in wrong.headers
    # the login never sends anyone to another site
    r = httpx.post(f"{gw.url}/ui/login", data={"key": ADMIN, "next": "//evil.example/ui"})
    assert r.headers["location"] == "/ui"


def test_logout_ends_the_session(served: tuple[ThreadedServer, Gateway, list[str]]) -> None:
    with httpx.Client(base_url=served[0].url) as c:
        c.post("/ui/login", data={"key": ADMIN})
        assert c.get("/ui").status_code == 200
        out = c.post("/ui/logout")
        assert out.status_code == 303 and out.headers["location"] == "/ui/login"
        assert c.get("/ui").status_code == 303


def test_every_page_renders_without_prompt_text(client: httpx.Client) -> None:
    for path in PAGES:
        r = client.get(path)
        assert r.status_code == 200, (path, r.text)
        assert "content-security-policy" in r.headers and r.headers["cache-control"] == "no-store"
        assert "secret prompt" not in r.text
        assert "http://" not in r.text.replace('xmlns="http://www.w3.org/2000/svg"', ""), path  # no external assets
    css = client.get("/ui/static/dashboard.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


def test_overview_shows_kpis_and_charts_from_the_ledger(client: httpx.Client) -> None:
    r = client.get("/ui", params={"range": "24h"})
    assert r.text.count('<svg class="chart"') == 7
    assert re.search(r'data-kpi="requests">14<', r.text)
    assert re.search(r'data-kpi="fallbacks">14\.3%<', r.text)  # 2 of 14 fell back
    assert re.search(r'data-kpi="satisfaction">100\.0%', r.text)
    coded = client.get("/ui", params={"range": "7d", "task": "code"})
    assert re.search(r'data-kpi="requests">2<', coded.text)
    assert '<option value="code" selected>' in coded.text
    nothing = client.get("/ui", params={"range": "30d", "model": "no-such-model"})
    assert re.search(r'data-kpi="requests">0<', nothing.text)


def test_request_log_filters_searches_and_opens_a_request(
    client: httpx.Client, served: tuple[ThreadedServer, Gateway, list[str]]
) -> None:
    ids = served[2]
    everything = client.get("/ui/requests")
    assert all(rid in everything.text for rid in ids)
    code = client.get("/ui/requests", params={"task": "code"})
    assert sum(rid in code.text for rid in ids) == 2
    large = client.get("/ui/requests", params={"model": "large", "status": "ok"})
    assert sum(rid in large.text for rid in ids) >= 2
    found = client.get("/ui/requests", params={"q": ids[3]})
    assert ids[3] in found.text and ids[4] not in found.text
    fell_back = client.get(f"/ui/requests/{ids[8]}")
    assert fell_back.status_code == 200
    assert "Route explanation" in fell_back.text and "<dt>Fallbacks</dt><dd>1</dd>" in fell_back.text
    assert "cheap" in fell_back.text
    rated = client.get(f"/ui/requests/{ids[0]}")
    assert "100.0% (up)" in rated.text
    assert client.get("/ui/requests/no-such-id").status_code == 404


def test_request_log_pages(client: httpx.Client) -> None:
    r = client.get("/ui/requests", params={"page": "2"})
    assert r.status_code == 200 and "No requests match." in r.text and "← newer" in r.text


def test_keys_experiments_audit_and_savings_pages(client: httpx.Client) -> None:
    keys = client.get("/ui/keys").text
    assert "research" in keys and "notebook" in keys and "<meter" in keys
    experiments = client.get("/ui/experiments").text
    assert "ab" in experiments and "satisfaction" in experiments and "(control)" in experiments
    audit = client.get("/ui/audit").text
    assert "allowed" in audit and "/ui/requests/" in audit
    savings = client.get("/ui/savings", params={"hourly_rate": "80", "minutes_saved": "code:6"}).text
    assert '<svg class="chart bars"' in savings and "Return on investment" in savings
    assert 'data-kpi="saved"' in savings
    bad = client.get("/ui/savings", params={"minutes_saved": "code:many"})
    assert bad.status_code == 200 and "must be numbers" in bad.text
