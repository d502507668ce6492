"""Cascades and ensembles through the HTTP API against simulated models: every call is
paid for, the route is explained in headers, and streaming works."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import openai
import pytest

from tests.support.gateway import run_gateway


def sim(model: str, price: float, **behaviour: Any) -> dict[str, Any]:
    return {
        "provider": "sim",
        "model": model,
        "price": {"input": price, "output": price},
        "sim": {"ttft_ms": 0, "tokens_per_second": 0, "output_tokens": 5, **behaviour},
    }


def learned_tiers(first: str) -> list[dict[str, Any]]:
    """Two cheap tiers checked by the learned scorer, each scored as a RouterBench model it knows."""
    return [
        {"model": first, "check": {"type": "learned", "threshold": 0.9, "as_model": "mistralai/mixtral-8x7b-chat"}},
        {
            "model": "says-b-again",
            "check": {"type": "learned", "threshold": 0.9, "as_model": "zero-one-ai/Yi-34B-Chat"},
        },
    ]


CONFIG = {
    "providers": {"sim": {"type": "sim", "options": {"seed": 7}}},
    "models": {
        "dunce": {"deployments": [sim("dunce", 0.1, quality=0.0)]},
        "cheap": {"deployments": [sim("cheap", 0.2)]},
        "premium": {"deployments": [sim("premium", 10.0)]},
        "says-b": {"deployments": [sim("says-b", 0.1, reply="B")]},
        "says-b-too": {"deployments": [sim("says-b-too", 0.1, reply="Answer: B")]},
        "says-c": {"deployments": [sim("says-c", 0.1, reply="C")]},
        "says-b-again": {"deployments": [sim("says-b-again", 0.1, reply="B")]},
        "slowpoke": {"deployments": [sim("slowpoke", 0.1, reply="D", ttft_ms=5000)]},
        "broken": {"deployments": [sim("broken", 0.1, failure_rate=1.0)]},
        "scarce": {"deployments": [{**sim("scarce", 0.2), "rpm": 1}]},
    },
    "routing": {
        "routes": {
            "escalating": {
                "strategy": "cascade",
                "cascade": {"tiers": [{"model": "dunce", "check": {"type": "structural"}}, {"model": "premium"}]},
            },
            "confident": {
                "strategy": "cascade",
                "cascade": {
                    "tiers": [{"model": "cheap", "check": {"type": "logprob", "threshold": 0.8}}, {"model": "premium"}]
                },
            },
            "scarce-first": {
                "strategy": "cascade",
                "cascade": {"tiers": [{"model": "scarce", "check": {"type": "structural"}}, {"model": "premium"}]},
            },
            "unsure": {
                "strategy": "cascade",
                "cascade": {
                    "tiers": [{"model": "dunce", "check": {"type": "logprob", "threshold": 0.8}}, {"model": "premium"}]
                },
            },
            # The shipped answer scorer: a bare "B" alone scores about 0.83; with an earlier tier's "B"
            # about 0.92, with an earlier "C" about 0.72 (see test_learned_check_hears_earlier_tiers).
            "agreeing": {"strategy": "cascade", "cascade": {"tiers": [*learned_tiers("says-b"), {"model": "premium"}]}},
            "disagreeing": {
                "strategy": "cascade",
                "cascade": {"tiers": [*learned_tiers("says-c"), {"model": "premium"}]},
            },
            "vote": {
                "strategy": "ensemble",
                "ensemble": {"members": ["says-c", "says-b", "says-b-too", "slowpoke", "broken"], "deadline_ms": 1000},
            },
            "fused": {
                "strategy": "ensemble",
                "ensemble": {"members": ["says-b", "says-c"], "combine": "fusion", "judge": "premium"},
            },
        }
    },
    "reliability": {"retries": {"max_attempts": 1}, "circuit_breaker": {"min_requests": 1000}},
}


@pytest.fixture(scope="module")
def client() -> Iterator[openai.OpenAI]:
    with run_gateway(CONFIG) as gw, openai.OpenAI(base_url=f"{gw.url}/v1", api_key="k", max_retries=0) as c:
        yield c


def ask(client: openai.OpenAI, model: str, **kw: Any) -> Any:
    return client.chat.completions.with_raw_response.create(
        model=model, messages=[{"role": "user", "content": "Which option is right?"}], **kw
    )


def test_cascade_escalates_a_non_answer_and_pays_for_both_tiers(client: openai.OpenAI) -> None:
    raw = ask(client, "escalating")
    r = raw.parse()
    assert r.choices[0].message.content.startswith("Simulated answer from premium")
    h = raw.headers
    assert h["x-orkester-route"] == "cascade/cascade"
    assert h["x-orkester-escalations"] == "1" and h["x-orkester-calls"] == "2"
    assert h["x-orkester-model"] == "premium"
    # dunce's refusal and premium's answer are both paid for
    premium_cost = 10.0 * (r.usage.prompt_tokens + r.usage.completion_tokens) / 1e6
    cost = float(h["x-orkester-cost-usd"])
    assert premium_cost < cost < premium_cost + 0.1 * 100 / 1e6


def test_cascade_accepts_a_confident_cheap_answer(client: openai.OpenAI) -> None:
    raw = ask(client, "confident")
    assert raw.headers["x-orkester-model"] == "cheap"
    assert "x-orkester-escalations" not in raw.headers
    unsure = ask(client, "unsure")
    assert unsure.headers["x-orkester-model"] == "premium"
    assert unsure.headers["x-orkester-escalations"] == "1"


def test_cascade_streams_only_the_final_tier(client: openai.OpenAI) -> None:
    chunks = list(
        client.chat.completions.create(
            model="escalating",
            messages=[{"role": "user", "content": "x"}],
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text.startswith("Simulated answer from premium")
    assert "don't know" not in text
    assert chunks[-1].usage is not None


def test_ensemble_votes_drops_late_and_failed_members(client: openai.OpenAI) -> None:
    raw = ask(client, "vote")
    r = raw.parse()
    assert r.choices[0].message.content in ("B", "Answer: B")
    assert raw.headers["x-orkester-route"] == "ensemble/ensemble"
    # five members asked, the slow one cut at the deadline, the broken one failed: 3 paid calls
    assert raw.headers["x-orkester-calls"] == "3"


def test_ensemble_vote_streams_as_a_replay(client: openai.OpenAI) -> None:
    text = "".join(
        c.choices[0].delta.content or ""
        for c in client.chat.completions.create(model="vote", messages=[{"role": "user", "content": "x"}], stream=True)
        if c.choices
    )
    assert text in ("B", "Answer: B")


def test_fusion_streams_the_aggregator(client: openai.OpenAI) -> None:
    raw = ask(client, "fused")
    assert raw.headers["x-orkester-model"] == "premium"
    assert raw.headers["x-orkester-calls"] == "3"
    text = "".join(
        c.choices[0].delta.content or ""
        for c in client.chat.completions.create(model="fused", messages=[{"role": "user", "content": "x"}], stream=True)
        if c.choices
    )
    assert text.startswith("Simulated answer from premium")


@pytest.mark.parametrize(("route", "served", "calls"), [("agreeing", "says-b-again", 2), ("disagreeing", "premium", 3)])
def test_learned_check_hears_earlier_tiers(client: openai.OpenAI, route: str, served: str, calls: int) -> None:
    """The same second-tier answer is accepted after an agreeing first tier and escalated after a
    disagreeing one: the cascade hands earlier answers to the scorer."""
    raw = ask(client, route)
    assert raw.parse().model == served
    assert raw.headers["x-orkester-calls"] == str(calls)


def test_a_tier_without_room_under_its_rate_limit_is_escalated_past(client: openai.OpenAI) -> None:
    first = ask(client, "scarce-first")
    assert first.parse().model == "scarce"  # the cheap tier answers while it has room (rpm 1)
    second = ask(client, "scarce-first")  # no room left this minute: the premium tier answers, no 429
    assert second.status_code == 200
    assert second.parse().model == "premium"


def test_a_deployment_named_directly_keeps_its_price_and_its_rate_limit(client: openai.OpenAI) -> None:
    """ "sim/premium" names a configured deployment: it is billed at its price, not for free."""
    direct = ask(client, "sim/premium")
    assert direct.status_code == 200
    assert float(direct.headers["x-orkester-cost-usd"]) > 0
    # "sim/scarce" has rpm 1: of three requests at least one finds no room (whichever window they fall in)
    answers = [_status(client, "sim/scarce") for _ in range(3)]
    assert 429 in answers


def _status(client: openai.OpenAI, model: str) -> int:
    try:
        return int(ask(client, model).status_code)
    except openai.RateLimitError as e:
        return e.status_code
