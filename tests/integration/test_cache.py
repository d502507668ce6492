"""The response cache through the HTTP API with the official openai SDK, on simulated models.

A repeated request hits the exact cache and the upstream is not called again; a paraphrase hits the
semantic cache (Norwegian and English); the same prompt from another team, or from the master key, does
not; a confidential request is not cached; another temperature or model misses; answers expire on an
injected clock; streams are served from the cache and kept; a hit is in the ledger with ``cache_hit`` and
no cost, and counts against no rate limit; two gateways share answers through Redis.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
import redis
from prometheus_client.parser import text_string_to_metric_families

from orkester.audit.log import AuditLog
from orkester.ledger.store import open_ledger_store
from tests.support.gateway import run_gateway
from tests.support.servers import ThreadedServer

ADMIN = "admin-secret"
MASTER = "master-secret"
ENV = {"ORKESTER_MASTER_KEY": MASTER, "ORKESTER_ADMIN_KEY": ADMIN}
REDIS = "redis://127.0.0.1:6379/0"
FNR = "15038510190"  # a valid fødselsnummer: the request is confidential
FAST = {"ttft_ms": 0, "tokens_per_second": 0, "output_tokens": 5}


def sim(model: str) -> dict[str, Any]:
    return {"provider": "sim", "model": model, "price": {"input": 1000.0, "output": 1000.0}, "sim": FAST}


CONFIG: dict[str, Any] = {
    "providers": {"sim": {"type": "sim", "region": "eu"}},
    "models": {"cheap": {"deployments": [sim("cheap")]}, "other": {"deployments": [sim("other")]}},
    "keys": {"cache_seconds": 0},
    "reliability": {"retries": {"max_attempts": 1}},
}


@pytest.fixture(scope="module")
def gw() -> Iterator[ThreadedServer]:
    with run_gateway(CONFIG, env=ENV) as server:
        yield server


def admin(gw: ThreadedServer, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    r = httpx.request(method, f"{gw.url}/admin/{path}", json=body, headers={"authorization": f"Bearer {ADMIN}"})
    assert r.status_code < 300, r.text
    return r.json()


def team(gw: ThreadedServer, **limits: Any) -> str:
    return str(admin(gw, "POST", "teams", {"name": f"team-{uuid.uuid4().hex[:8]}", **limits})["id"])


def key(gw: ThreadedServer, team_id: str, **limits: Any) -> openai.OpenAI:
    secret = admin(gw, "POST", "keys", {"team": team_id, "name": "app", **limits})["secret"]
    return openai.OpenAI(base_url=f"{gw.url}/v1", api_key=secret, max_retries=0)


def master(gw: ThreadedServer) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{gw.url}/v1", api_key=MASTER, max_retries=0)


def ask(
    c: openai.OpenAI, text: str, *, cache: str | None = None, headers: dict[str, str] | None = None, **params: Any
) -> Any:
    headers = {**(headers or {}), **({"x-orkester-cache": cache} if cache else {})}
    params.setdefault("model", "cheap")
    return c.chat.completions.with_raw_response.create(
        messages=[{"role": "user", "content": text}], max_tokens=10, extra_headers=headers, **params
    )


def status(raw: Any) -> str:
    return str(raw.headers.get("x-orkester-cache", ""))


def content(raw: Any) -> str:
    return str(raw.parse().choices[0].message.content)


def upstream_calls(gw: ThreadedServer) -> float:
    """Upstream calls that answered, over every deployment, from the gateway's own metrics."""
    text = httpx.get(f"{gw.url}/metrics").text
    return sum(
        s.value
        for fam in text_string_to_metric_families(text)
        for s in fam.samples
        if s.name == "orkester_upstream_attempts_total" and s.labels.get("outcome") == "ok"
    )


def gateway_of(server: ThreadedServer) -> Any:
    return server.server.config.app.state.gateway


def test_a_repeated_request_hits_the_exact_cache_and_the_upstream_is_not_called_again(gw: ThreadedServer) -> None:
    c = key(gw, team(gw, cache="exact"))  # the team opts in: its keys need send nothing
    before = upstream_calls(gw)
    first = ask(c, "Hva er åpningstidene til kundeservice?")
    second = ask(c, "Hva er åpningstidene til kundeservice?")
    assert status(first) == "miss" and status(second).startswith("hit-exact;")
    assert content(second) == content(first)
    assert float(first.headers["x-orkester-cost-usd"]) > 0
    assert float(second.headers["x-orkester-cost-usd"]) == 0
    assert second.headers["x-orkester-simulated"] == "true"  # a simulated answer stays labelled in the cache
    assert upstream_calls(gw) - before == 1


def test_a_paraphrase_hits_the_semantic_cache_in_norwegian_and_english(gw: ThreadedServer) -> None:
    c = key(gw, team(gw))  # no team setting: each request opts in
    for asked, paraphrase, other in (
        ("Hva er hovedstaden i Frankrike?", "Hvilken by er Frankrikes hovedstad?", "Hva er hovedstaden i Tyskland?"),
        ("What is the capital of France?", "Which city is the capital of France?", "What is the capital of Germany?"),
    ):
        before = upstream_calls(gw)
        first = ask(c, asked, cache="semantic")
        hit = ask(c, paraphrase, cache="semantic")
        assert status(first) == "miss" and status(hit).startswith("hit-semantic;similarity=0.9")
        similarity = float(status(hit).split("similarity=")[1].split(";")[0])
        assert similarity >= 0.96
        assert content(hit) == content(first)
        assert status(ask(c, other, cache="semantic")) == "miss"  # close, but another country
        assert status(ask(c, paraphrase, cache="exact")) == "miss"  # exact mode never takes a paraphrase
        assert upstream_calls(gw) - before == 3


def test_the_same_prompt_from_another_team_or_the_master_key_does_not_hit(gw: ThreadedServer) -> None:
    prompt = "Hvordan bestiller jeg nytt adgangskort?"
    mine = team(gw, cache="semantic")
    assert status(ask(key(gw, mine), prompt)) == "miss"
    assert status(ask(key(gw, mine), prompt)).startswith("hit-exact")  # another key of the same team shares it
    before = upstream_calls(gw)
    assert status(ask(key(gw, team(gw, cache="semantic")), prompt)) == "miss"
    assert status(ask(master(gw), prompt, cache="semantic")) == "miss"
    assert upstream_calls(gw) - before == 2


def test_a_confidential_request_is_not_cached_by_default(gw: ThreadedServer) -> None:
    c = key(gw, team(gw, cache="exact"))
    prompt = f"Kan du sjekke lønnsslippen til Kari Nordmann, fødselsnummer {FNR}?"
    before = upstream_calls(gw)
    first = ask(c, prompt)
    second = ask(c, prompt, metadata={"cache": "exact"})
    for raw in (first, second):
        assert raw.headers["x-orkester-data-class"] == "confidential"
        assert status(raw) == "bypass;data_class=confidential"
    assert upstream_calls(gw) - before == 2
    # a public prompt declared confidential is not kept either: the declared class counts
    declared = ask(c, "Hva er klokka?", headers={"x-orkester-data-class": "confidential"})
    assert status(declared) == "bypass;data_class=confidential"


def test_another_temperature_or_model_misses(gw: ThreadedServer) -> None:
    c = key(gw, team(gw, cache="exact"))
    prompt = "Forklar hva et API er."
    assert status(ask(c, prompt, temperature=0.2)) == "miss"
    assert status(ask(c, prompt, temperature=0.2)).startswith("hit-exact")
    assert status(ask(c, prompt, temperature=0.7)) == "miss"
    assert status(ask(c, prompt, temperature=0.2, model="other")) == "miss"
    assert status(ask(c, prompt, temperature=0.2, seed=1)) == "miss"


def test_an_answer_expires_after_its_ttl_on_an_injected_clock(gw: ThreadedServer) -> None:
    cache = gateway_of(gw).cache
    ttl = cache.settings.ttl_seconds
    now = [1_000_000.0]
    wall, cache.clock = cache.clock, lambda: now[0]
    try:
        c = key(gw, team(gw, cache="exact"))
        assert status(ask(c, "Hvilken tidssone bruker Oslo?")) == "miss"
        now[0] += ttl - 1
        assert status(ask(c, "Hvilken tidssone bruker Oslo?")) == f"hit-exact;age={ttl - 1:.0f}"
        now[0] += 1
        assert status(ask(c, "Hvilken tidssone bruker Oslo?")) == "miss"
    finally:
        cache.clock = wall


def test_a_stream_is_served_from_the_cache_and_a_streamed_answer_is_kept(gw: ThreadedServer) -> None:
    c = key(gw, team(gw, cache="exact"))
    plain = ask(c, "Beskriv vannets kretsløp.")
    streamed = ask(c, "Beskriv vannets kretsløp.", stream=True, stream_options={"include_usage": True})
    assert status(plain) == "miss" and status(streamed).startswith("hit-exact")
    chunks = list(streamed.parse())
    assert "".join(ch.choices[0].delta.content or "" for ch in chunks if ch.choices) == content(plain)
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0
    assert [ch.choices[0].finish_reason for ch in chunks if ch.choices][-1] == "stop"

    before = upstream_calls(gw)
    first = ask(c, "Beskriv karbonets kretsløp.", stream=True)
    text = "".join(ch.choices[0].delta.content or "" for ch in first.parse() if ch.choices)
    assert status(first) == "miss"
    again = ask(c, "Beskriv karbonets kretsløp.")
    assert status(again).startswith("hit-exact") and content(again) == text
    assert upstream_calls(gw) - before == 1


def test_off_and_refresh_per_request(gw: ThreadedServer) -> None:
    c = key(gw, team(gw, cache="exact"))
    prompt = "Hvordan registrerer jeg timer i timelisten?"
    assert status(ask(c, prompt)) == "miss"
    before = upstream_calls(gw)
    assert status(ask(c, prompt, cache="off")) == ""
    assert status(ask(c, prompt, cache="refresh")) == "refresh"
    assert upstream_calls(gw) - before == 2
    assert status(ask(c, prompt)).startswith("hit-exact")
    with pytest.raises(openai.BadRequestError) as e:
        ask(c, prompt, cache="sometimes")
    assert "x-orkester-cache" in str(e.value)


def test_a_hit_counts_against_no_rate_limit(gw: ThreadedServer) -> None:
    c = key(gw, team(gw, cache="exact"), rpm=1)
    assert status(ask(c, "Hva er fristen for skattemeldingen?")) == "miss"
    for _ in range(3):
        assert status(ask(c, "Hva er fristen for skattemeldingen?")).startswith("hit-exact")
    with pytest.raises(openai.RateLimitError):
        ask(c, "Når er fristen for skattemeldingen?")  # an upstream call: the key's one request a minute is used


def test_a_hit_is_in_the_ledger_with_cache_hit_and_no_cost_and_audited_with_no_destination(tmp_path: Path) -> None:
    db = tmp_path / "orkester.db"
    config = {**CONFIG, "storage": {"url": f"sqlite:///{db}"}, "cache": {"mode": "exact"}}
    with run_gateway(config, env=ENV) as server:
        c = master(server)
        for rid in ("cache-miss", "cache-hit"):
            raw = c.chat.completions.with_raw_response.create(
                model="cheap", messages=[{"role": "user", "content": "Hei!"}], extra_headers={"x-request-id": rid}
            )
            assert status(raw).startswith("miss" if rid == "cache-miss" else "hit-exact")

    async def read() -> tuple[list[Any], dict[str, Any]]:
        store = await open_ledger_store(f"sqlite:///{db}", create=False)
        log = await AuditLog.open(f"sqlite:///{db}")
        try:
            audit = {r.request_id: r async for r in log.records()}
            return [await store.get(rid) for rid in ("cache-miss", "cache-hit")], audit
        finally:
            await store.close()
            await log.close()

    (miss, hit), audit = asyncio.run(read())
    assert miss is not None and not miss.cache_hit and miss.cost_usd > 0 and miss.output_tokens > 0
    assert hit is not None and hit.cache_hit and hit.cost_usd == 0
    assert hit.input_tokens == hit.output_tokens == 0 and hit.status == "ok" and hit.data_class == "public"
    # residency audited both; the cached answer sent the data nowhere
    assert audit["cache-miss"].destinations == [{"provider": "sim", "model": "cheap", "region": "eu"}]
    assert audit["cache-hit"].destinations == [] and audit["cache-hit"].outcome == "ok"


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    prefix = f"orkester:test-cache:{uuid.uuid4().hex}:"
    yield prefix
    client = redis.Redis.from_url(REDIS)
    try:
        keys = list(client.scan_iter(match=prefix + "*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def test_two_gateways_share_the_cache_through_redis(redis_prefix: str) -> None:
    shared = {"state": {"redis_url": REDIS, "redis_prefix": redis_prefix}, "cache": {"backend": "redis"}}
    config = {**CONFIG, **shared}
    with run_gateway(config, env=ENV) as a, run_gateway(config, env=ENV) as b:
        first = ask(master(a), "Hvorfor er himmelen blå?", cache="semantic")
        calls_b = upstream_calls(b)
        exact = ask(master(b), "Hvorfor er himmelen blå?", cache="semantic")
        paraphrase = ask(master(b), "Hva gjør at himmelen er blå?", cache="semantic")
        assert status(first) == "miss"
        assert status(exact).startswith("hit-exact") and content(exact) == content(first)
        assert status(paraphrase).startswith("hit-semantic") and content(paraphrase) == content(first)
        assert upstream_calls(b) == calls_b  # b answered both without calling a model
        # b's own answers reach a as well
        assert status(ask(master(b), "Hvor høyt er Eiffeltårnet?", cache="exact")) == "miss"
        assert status(ask(master(a), "Hvor høyt er Eiffeltårnet?", cache="exact")).startswith("hit-exact")


def test_a_pseudonymised_answer_is_kept_without_the_personal_data_and_restored_per_caller() -> None:
    # confidential may be cached here, and goes to the US model only pseudonymised
    reply = {**FAST, "reply": "Kjære <PERSON_1>, velkommen til møtet i morgen."}
    config = {
        **CONFIG,
        "providers": {"sim": {"type": "sim", "region": "us"}},
        "models": {"cheap": {"deployments": [{"provider": "sim", "model": "cheap", "sim": reply}]}},
        "guardrails": {"policies": {"confidential": {"regions": ["eu"], "on_forbidden": "pseudonymise"}}},
        "cache": {"mode": "exact", "classes": ["public", "internal", "confidential"]},
    }
    with run_gateway(config, env=ENV) as server:
        c = master(server)
        kari = ask(c, "Skriv et kort brev til Kari Nordmann om møtet i morgen.")
        ola = ask(c, "Skriv et kort brev til Ola Hansen om møtet i morgen.")
        assert kari.headers["x-orkester-pseudonymised"] == ola.headers["x-orkester-pseudonymised"] == "true"
        assert status(kari) == "miss" and status(ola).startswith("hit-exact")  # the same question, pseudonymised
        assert content(kari) == "Kjære Kari Nordmann, velkommen til møtet i morgen."
        assert content(ola) == "Kjære Ola Hansen, velkommen til møtet i morgen."
        kept = b"".join(blob for _, blob in gateway_of(server).cache.backend._answers.values())
        assert b"<PERSON_1>" in kept and b"Nordmann" not in kept and b"Hansen" not in kept
