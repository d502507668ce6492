"""POST /v1/feedback through HTTP: the official openai SDK makes the requests, httpx rates them.

The ledger's writer here only moves records into the database when asked (``flush_ms`` of ten minutes,
batches larger than the test sends), so a rating right after the answer always finds its record still in
the spool: the feedback route has to flush it. ``feedback_wait_ms: 0`` makes an unknown id a 404 at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest

from orkester.gateway import Gateway
from orkester.ledger.feedback import MAX_COMMENT_CHARS
from orkester.server.app import create_app
from orkester.settings import validate_settings
from tests.support.gateway import run_gateway_and_state
from tests.support.servers import ThreadedServer, serve

ADMIN = "admin-secret"
MASTER = "master-secret"
SIM = {"ttft_ms": 0, "tokens_per_second": 0, "output_tokens": 5}
CONFIG: dict[str, Any] = {
    "providers": {"sim-eu": {"type": "sim", "region": "eu"}},
    "models": {"cheap": {"deployments": [{"provider": "sim-eu", "model": "cheap", "sim": SIM}]}},
    "keys": {"cache_seconds": 0},
    "ledger": {"flush_ms": 600_000, "batch_size": 10_000, "feedback_wait_ms": 0},
}


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[ThreadedServer, Gateway]]:
    with run_gateway_and_state(CONFIG, {"ORKESTER_MASTER_KEY": MASTER, "ORKESTER_ADMIN_KEY": ADMIN}) as both:
        yield both


@pytest.fixture(scope="module")
def gw(served: tuple[ThreadedServer, Gateway]) -> ThreadedServer:
    return served[0]


def admin(gw: ThreadedServer, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    r = httpx.request(method, f"{gw.url}/admin/{path}", json=body, headers={"authorization": f"Bearer {ADMIN}"})
    assert r.status_code < 300, r.text
    return r.json()


def new_key(gw: ThreadedServer, name: str) -> tuple[str, str]:
    team = admin(gw, "POST", "teams", {"name": f"team-{name}"})
    key = admin(gw, "POST", "keys", {"team": team["id"], "name": name})
    return key["id"], key["secret"]


@pytest.fixture(scope="module")
def alice(gw: ThreadedServer) -> str:
    return new_key(gw, "alice")[1]


@pytest.fixture(scope="module")
def bob(gw: ThreadedServer) -> str:
    return new_key(gw, "bob")[1]


def ask(gw: ThreadedServer, secret: str, **kw: Any) -> str:
    """The ledger id of one answered request (its ``x-request-id``)."""
    client = openai.OpenAI(base_url=f"{gw.url}/v1", api_key=secret, max_retries=0)
    raw = client.chat.completions.with_raw_response.create(
        model="cheap", messages=[{"role": "user", "content": "Hei!"}], max_tokens=10, **kw
    )
    assert raw.parse().choices[0].message.content
    return str(raw.headers["x-request-id"])


def rate(gw: ThreadedServer, secret: str | None, body: Any, path: str = "/v1/feedback") -> httpx.Response:
    headers = {"authorization": f"Bearer {secret}"} if secret else {}
    return httpx.post(f"{gw.url}{path}", json=body, headers=headers)


def error(r: httpx.Response) -> dict[str, Any]:
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"message", "type", "param", "code"}, body
    return body["error"]  # type: ignore[no-any-return]


def test_the_key_that_asked_rates_the_answer_right_after_it_and_the_last_word_counts(
    served: tuple[ThreadedServer, Gateway], alice: str
) -> None:
    gw, gateway = served
    writer = gateway.ledger
    assert writer is not None
    rid = ask(gw, alice)
    assert writer.stats.committed < writer.stats.acknowledged  # the record is still in the spool
    r = rate(gw, alice, {"request_id": rid, "thumbs": "up"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["request_id"] == rid
    assert {k: body["feedback"][k] for k in ("value", "raw", "comment", "labels")} == {
        "value": 1.0,
        "raw": "up",
        "comment": None,
        "labels": [],
    }
    assert body["feedback"]["at"]
    r = rate(gw, alice, {"request_id": rid, "score": 2, "comment": "For kort.", "labels": ["too_short", "too_short"]})
    assert r.status_code == 200, r.text
    assert r.json()["feedback"] == {**r.json()["feedback"], "value": 0.25, "raw": "2", "labels": ["too_short"]}
    ratings = admin(gw, "GET", "reports/satisfaction?by=team")
    mine = next(row for row in ratings["rows"] if row["rated"] and row["team"] != "(none)")
    assert (mine["rated"], mine["mean_score"], mine["positive"]) == (1, 0.25, 0)  # replaced, not added


def test_a_stream_is_rated_by_its_completion_id_without_the_v1_prefix(gw: ThreadedServer, alice: str) -> None:
    client = openai.OpenAI(base_url=f"{gw.url}/v1", api_key=alice, max_retries=0)
    stream = client.chat.completions.create(
        model="cheap", messages=[{"role": "user", "content": "Hei!"}], max_tokens=10, stream=True
    )
    ids = {chunk.id for chunk in stream}
    (completion_id,) = ids
    assert completion_id.startswith("chatcmpl-")
    r = rate(gw, alice, {"request_id": completion_id, "score": 5}, path="/feedback")
    assert r.status_code == 200, r.text
    assert r.json()["request_id"] == completion_id.removeprefix("chatcmpl-")
    assert r.json()["feedback"]["value"] == 1.0


def test_another_key_cannot_rate_my_request_but_the_master_key_can(gw: ThreadedServer, alice: str, bob: str) -> None:
    rid = ask(gw, alice)
    foreign = rate(gw, bob, {"request_id": rid, "thumbs": "down"})
    unknown = rate(gw, bob, {"request_id": "no-such-request", "thumbs": "down"})
    assert foreign.status_code == unknown.status_code == 404
    # nothing tells a request of another key from one that does not exist
    assert error(foreign) == {**error(unknown), "message": error(foreign)["message"]}
    assert error(foreign)["message"] == error(unknown)["message"].replace("no-such-request", rid)
    assert error(foreign)["param"] == "request_id" and error(foreign)["code"] == "request_not_found"
    r = rate(gw, MASTER, {"request_id": rid, "thumbs": "down", "comment": "checked by support"})
    assert r.status_code == 200 and r.json()["feedback"]["value"] == 0.0
    # a request the master key made is no virtual key's to rate
    master_rid = ask(gw, MASTER)
    assert rate(gw, alice, {"request_id": master_rid, "thumbs": "up"}).status_code == 404
    assert rate(gw, MASTER, {"request_id": master_rid, "thumbs": "up"}).status_code == 200


def test_without_a_valid_key_it_is_a_401(gw: ThreadedServer, alice: str) -> None:
    rid = ask(gw, alice)
    for secret in (None, "ork-" + "x" * 32):
        r = rate(gw, secret, {"request_id": rid, "thumbs": "up"})
        assert r.status_code == 401 and error(r)["type"] == "authentication_error"
    assert rate(gw, None, {"bad": "body"}).status_code == 401  # the key is checked before the body


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"thumbs": "up"}, "request_id"),
        ({"request_id": "", "thumbs": "up"}, "request_id"),
        ({"request_id": "r"}, "score"),
        ({"request_id": "r", "score": 4, "thumbs": "up"}, "thumbs"),
        ({"request_id": "r", "score": 6}, "score"),
        ({"request_id": "r", "score": 0}, "score"),
        ({"request_id": "r", "score": "4"}, "score"),
        ({"request_id": "r", "score": 4.5}, "score"),
        ({"request_id": "r", "score": True}, "score"),
        ({"request_id": "r", "thumbs": "meh"}, "thumbs"),
        ({"request_id": "r", "thumbs": "up", "comment": 7}, "comment"),
        ({"request_id": "r", "thumbs": "up", "labels": "slow"}, "labels"),
        ({"request_id": "r", "thumbs": "up", "labels": [str(i) for i in range(11)]}, "labels"),
        ({"request_id": "r", "thumbs": "up", "labels": ["ok", " "]}, "labels.1"),
        ({"request_id": "r", "thumbs": "up", "labels": ["x" * 65]}, "labels.0"),
        ({"request_id": "r", "rating": 5}, "rating"),
        (["r", 5], "body"),
    ],
)
def test_a_bad_body_is_a_400_naming_the_field(gw: ThreadedServer, alice: str, body: Any, param: str) -> None:
    r = rate(gw, alice, body)
    assert r.status_code == 400, r.text
    err = error(r)
    assert err["type"] == "invalid_request_error" and err["param"] in (param, None if param == "body" else param)
    assert param in err["message"] or param == "body"


def test_invalid_json_is_a_400(gw: ThreadedServer, alice: str) -> None:
    r = httpx.post(f"{gw.url}/v1/feedback", content=b"{not json", headers={"authorization": f"Bearer {alice}"})
    assert r.status_code == 400 and error(r)["code"] == "invalid_json"


def test_a_long_comment_is_capped(gw: ThreadedServer, alice: str) -> None:
    rid = ask(gw, alice)
    r = rate(gw, alice, {"request_id": rid, "thumbs": "up", "comment": "å" * (MAX_COMMENT_CHARS + 500)})
    assert r.status_code == 200 and r.json()["feedback"]["comment"] == "å" * MAX_COMMENT_CHARS


def test_the_satisfaction_report_on_the_admin_api(gw: ThreadedServer, alice: str) -> None:
    rid = ask(gw, alice)
    assert rate(gw, alice, {"request_id": rid, "score": 4}).status_code == 200
    report = admin(gw, "GET", "reports/satisfaction?by=route&since=2020-01-01")
    (row,) = report["rows"]
    assert row["route"] == "cheap" and row["rated"] >= 1 and row["requests"] >= row["rated"]
    assert 0 <= row["ci95_low_pct"] <= row["positive_pct"] <= row["ci95_high_pct"] <= 100
    assert report["summary"]["rated"] == row["rated"]
    headers = {"authorization": f"Bearer {MASTER}"}
    assert httpx.get(f"{gw.url}/admin/reports/satisfaction", headers=headers).status_code == 401
    bad = httpx.get(f"{gw.url}/admin/reports/satisfaction?by=colour", headers={"authorization": f"Bearer {ADMIN}"})
    assert bad.status_code == 400 and error(bad)["param"] == "by"


def test_open_mode_on_localhost_rates_any_request() -> None:
    app = create_app(validate_settings(CONFIG), env={}, local_available=False)
    with serve(app) as gw:
        rid = ask(gw, "anything")
        assert rate(gw, None, {"request_id": rid, "thumbs": "up"}).status_code == 200
        assert rate(gw, None, {"request_id": "nope", "thumbs": "up"}).status_code == 404


def test_personal_data_in_a_comment_is_redacted_before_it_is_stored(
    served: tuple[ThreadedServer, Gateway], alice: str
) -> None:
    gw, gateway = served
    rid = ask(gw, alice)
    comment = "Feil svar. Ring meg på 912 34 567, hilsen Kari Nordmann"
    r = rate(gw, alice, {"request_id": rid, "thumbs": "down", "comment": comment})
    assert r.status_code == 200, r.text
    assert r.json()["feedback"]["comment"] == "Feil svar. Ring meg på <PHONE>, hilsen <PERSON>"
    assert gateway.ledger is not None

    async def stored() -> str | None:
        record = await gateway.ledger.store.get(rid)  # type: ignore[union-attr]
        return None if record is None else record.feedback_comment

    assert gw.loop is not None
    assert asyncio.run_coroutine_threadsafe(stored(), gw.loop).result(10) == r.json()["feedback"]["comment"]
