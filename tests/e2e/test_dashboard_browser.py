"""The dashboard in headless Chromium over a ledger filled by real ``--demo`` traffic.

``orkester serve --demo`` answers mixed traffic over HTTP (cheap, mid, premium and the flaky model that
falls back, several task types, some rated); the browser then logs in with the admin key, visits every
page, checks the charts and figures are there, filters the request log and opens one request's route
explanation. Screenshots go to ``$ORKESTER_TEST_ARTIFACTS`` (default: the test's tmp_path); with
``ORKESTER_UPDATE_SCREENSHOTS=1`` they are also copied to docs/img/ for docs/observability.md.

Chromium is the system's (``apt-get install -y chromium``; ``.ci/run`` installs it): without it this
test fails rather than skips, so CI cannot pass without running it.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import httpx
import pytest
import yaml

from tests.support.serve import orkester_serve

CHROMIUM = os.environ.get("ORKESTER_CHROMIUM", "/usr/bin/chromium")
ADMIN = "dashboard-admin-key"
DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
TRAFFIC = (
    [("demo-cheap", "general_chat")] * 14
    + [("demo-mid", "code")] * 5
    + [("demo-premium", "summarize")] * 2
    + [("demo-flaky", "translation")] * 9
    + [("auto", "code")] * 3
)
EXPERIMENT = "mid-vs-cheap"
ARMS = {"A": {"model": "demo-mid"}, "B": {"model": "demo-cheap"}}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
ARGS += ["--disable-sync", "--no-first-run"]


async def _traffic(url: str) -> list[str]:
    async with httpx.AsyncClient(timeout=60) as admin:
        auth = {"authorization": f"Bearer {ADMIN}"}
        team = await admin.post(f"{url}/admin/teams", json={"name": "research", "budget_month_usd": 1}, headers=auth)
        body = {"team": team.json()["id"], "name": "notebook", "budget_day_usd": 0.5}
        key = (await admin.post(f"{url}/admin/keys", json=body, headers=auth)).json()["secret"]
    async with httpx.AsyncClient(timeout=60, headers={"authorization": f"Bearer {key}"}) as client:
        responses = await asyncio.gather(
            *(
                client.post(
                    f"{url}/v1/chat/completions",
                    json={"model": model, "messages": [{"role": "user", "content": f"Question {i}"}], "max_tokens": 20},
                    headers={"x-orkester-task": task},
                )
                for i, (model, task) in enumerate(TRAFFIC * 2)
            )
        )
        ids = [r.headers["x-request-id"] for r in responses if r.status_code == 200]
        for n, rid in enumerate(ids[:12]):
            await client.post(f"{url}/v1/feedback", json={"request_id": rid, "thumbs": "up" if n % 4 else "down"})
        return ids


def _artifacts(tmp_path: Path) -> Path:
    out = Path(os.environ.get("ORKESTER_TEST_ARTIFACTS") or tmp_path) / "dashboard-screenshots"
    out.mkdir(parents=True, exist_ok=True)
    return out


def test_the_dashboard_in_a_browser_over_demo_traffic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}: `make test` installs it (apt-get install -y chromium)"
    from playwright.sync_api import expect, sync_playwright

    config = tmp_path / "orkester.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "storage": {"url": f"sqlite:///{tmp_path / 'ledger.db'}"},
                "guardrails": {"detection": {"ner": False}},
                "experiments": {EXPERIMENT: {"arms": ARMS, "applies_to": {"models": ["demo-mid"]}, "metric": "cost"}},
            }
        ),
        encoding="utf-8",
    )
    shots = _artifacts(tmp_path)
    monkeypatch.setenv("ORKESTER_ADMIN_KEY", ADMIN)
    drop = ("ORKESTER_STORAGE_URL", "ORKESTER_CONFIG", "ORKESTER_MASTER_KEY")
    with orkester_serve("--demo", "--config", str(config), drop_env=drop) as (_, url):
        ids = asyncio.run(_traffic(url))
        assert len(ids) >= len(TRAFFIC) * 2 - 2
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(f"{url}/ui")
                assert page.url.startswith(f"{url}/ui/login")
                page.fill("input[name=key]", "wrong")
                page.click("button[type=submit]")
                expect(page.get_by_role("alert")).to_contain_text("Wrong admin key")
                page.fill("input[name=key]", ADMIN)
                page.click("button[type=submit]")
                page.wait_for_url(f"{url}/ui")

                # overview: KPIs from the ledger and the seven charts
                expect(page.locator("[data-kpi=requests]")).to_have_text(str(len(ids)))
                assert page.locator("svg.chart").count() == 7
                assert page.locator("svg.chart circle").count() >= 7
                page.screenshot(path=str(shots / "dashboard-overview.png"), full_page=True)
                page.select_option("select[name=task]", "code")
                page.click(".filters button[type=submit]")
                page.wait_for_url("**task=code**")
                code = int(page.locator("[data-kpi=requests]").inner_text())
                assert 0 < code < len(ids)
                assert page.locator("select[name=team] option").count() == 2  # all, and the key's team

                # the request log: filter, then open one request's route explanation
                page.click("nav >> text=Requests")
                page.wait_for_url(f"{url}/ui/requests")
                assert page.locator("table.log tbody tr").count() == 50  # a full first page
                page.fill("input[name=model]", "sim-flaky")
                page.click(".filters button[type=submit]")
                page.wait_for_url("**model=sim-flaky**")
                models = page.locator("table.log tbody tr td:nth-child(4)").all_inner_texts()
                assert models and set(models) == {"sim-flaky"}
                page.fill("input[name=model]", "")
                page.fill("input[name=task]", "code")
                page.click(".filters button[type=submit]")
                page.wait_for_url("**task=code**")
                rows = page.locator("table.log tbody tr")
                assert rows.count() == code
                page.screenshot(path=str(shots / "dashboard-requests.png"), full_page=True)
                rows.first.locator("a").click()
                page.wait_for_url(f"{url}/ui/requests/*")
                route = page.locator("#route")
                expect(route).to_contain_text("Route explanation")
                assert page.locator("ol.reasons li").count() >= 1
                page.screenshot(path=str(shots / "dashboard-request.png"), full_page=True)

                for path, name, chart in [
                    ("/ui/keys", "keys", True),
                    ("/ui/experiments", "experiments", False),
                    ("/ui/audit", "audit", False),
                    ("/ui/savings?minutes_saved=code:6,general_chat:2", "savings", True),
                ]:
                    page.goto(f"{url}{path}")
                    assert page.url.startswith(f"{url}{path.split('?')[0]}"), page.url
                    if chart:
                        assert page.locator("svg.chart rect").count() >= (4 if name == "savings" else 1)
                    page.screenshot(
                        path=str(shots / f"dashboard-{name}.png"), full_page=name != "audit"
                    )  # the audit list is long
                expect(page.locator("[data-kpi=saved]")).to_contain_text("$")
                page.goto(f"{url}/ui/experiments")
                expect(page.locator("section.experiment")).to_contain_text(EXPERIMENT)
                assert page.locator("section.experiment tbody tr").count() == 2  # both arms have results
                page.goto(f"{url}/ui/audit")
                assert page.locator("tbody tr").count() >= 10

                phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
                phone.context.add_cookies(page.context.cookies())
                phone.goto(f"{url}/ui?range=24h")
                expect(phone.locator("[data-kpi=requests]")).to_have_text(str(len(ids)))
                width = phone.evaluate("document.documentElement.scrollWidth")
                assert width <= 390, f"the overview scrolls sideways on a phone ({width}px)"
                phone.screenshot(path=str(shots / "dashboard-phone.png"), full_page=True)

                page.click("text=Log out")
                page.wait_for_url(f"{url}/ui/login")
                page.goto(f"{url}/ui/keys")
                assert page.url.startswith(f"{url}/ui/login")
            finally:
                browser.close()
    assert len(list(shots.glob("dashboard-*.png"))) == 8
    if os.environ.get("ORKESTER_UPDATE_SCREENSHOTS") == "1":
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        for shot in shots.glob("dashboard-*.png"):
            shutil.copy(shot, DOCS_IMG / shot.name)
