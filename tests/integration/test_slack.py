"""The Slack bot through a running gateway: the test plays Slack, sending signed Events API requests and slash
commands to ``POST /integrations/slack/events``; a fake Slack Web API receives the answers; fake OpenAI
servers (one in the US, one in the EU) are the models.

Bolt answers Slack first and runs the listener afterwards, so the test waits for what the bot does (the
fake Slack's calls, or the bot's log line for a stored rating) on a condition with a timeout.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from orkester.gateway import Gateway, build_gateway
from orkester.integrations.slack.socket import socket_handler
from orkester.keys import KeyService
from orkester.keys.store import open_key_store
from orkester.ledger.record import LedgerRecord
from orkester.settings import validate_settings
from tests.fakes.common import FakeState
from tests.fakes.openai_server import create_app as openai_app
from tests.fakes.slack_server import APP_ID, APP_TOKEN, BOT_ID, BOT_USER_ID, TEAM_ID, TOKEN, SlackState
from tests.fakes.slack_server import create_app as slack_app
from tests.support.gateway import openai_provider, run_gateway_and_state
from tests.support.servers import ThreadedServer, serve

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
PATH = "/integrations/slack/events"
GENERAL, HR, HR_US, DM, NORSK = "C0GENERAL", "C0HR", "C0HRUS", "D0ALICE", "D0NORSK"
ALICE, BOB = "U0ALICE", "U0BOB"


@dataclass
class Env:
    gw: ThreadedServer
    gateway: Gateway
    slack: SlackState
    us: FakeState
    eu: FakeState
    db: Path
    keys: dict[str, str]
    slack_url: str

    def run(self, coro: Any) -> Any:
        assert self.gw.loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self.gw.loop).result(10)

    def record(self, request_id: str) -> LedgerRecord:
        assert self.gateway.ledger is not None
        self.run(self.gateway.ledger.flush())
        found = self.run(self.gateway.ledger.store.get(request_id))
        assert found is not None, request_id
        return found  # type: ignore[no-any-return]

    def ledger_rows(self) -> int:
        assert self.gateway.ledger is not None
        self.run(self.gateway.ledger.flush())
        with sqlite3.connect(self.db) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM ledger").fetchone()[0])

    def model_calls(self) -> int:
        return len(self.us.requests) + len(self.eu.requests)


class LogWaiter(logging.Handler):
    """Collects the bot's log lines and lets the test wait for one."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        self.cond = threading.Condition()

    def emit(self, record: logging.LogRecord) -> None:
        with self.cond:
            self.lines.append(record.getMessage())
            self.cond.notify_all()

    def wait_for(self, text: str, timeout: float = 10.0) -> str:
        with self.cond:
            if not self.cond.wait_for(lambda: any(text in line for line in self.lines), timeout):
                raise AssertionError(f"no log line with {text!r} within {timeout} s: {self.lines}")
            return next(line for line in self.lines if text in line)


def _make_keys(db: Path) -> dict[str, str]:
    async def make() -> dict[str, str]:
        svc = KeyService(await open_key_store(f"sqlite:///{db}"))
        try:
            team = await svc.create_team("chat-bots")
            general = await svc.create_key(team.id, "slack-general")
            hr = await svc.create_key(team.id, "slack-hr")
            return {"SLACK_KEY_GENERAL": general.secret, "SLACK_KEY_HR": hr.secret}
        finally:
            await svc.close()

    return asyncio.run(make())


def config(slack_url: str, us: str, eu: str, db: Path) -> dict[str, Any]:
    return {
        "providers": {"us": openai_provider(us), "eu": openai_provider(eu)},
        "models": {
            # the US deployment first: without data protection it would answer
            "gpt": {
                "deployments": [
                    {"provider": "us", "model": "gpt-us", "region": "us", "price": {"input": 2.5, "output": 10}},
                    {"provider": "eu", "model": "gpt-eu", "region": "eu", "price": {"input": 2.5, "output": 10}},
                ]
            },
            "gpt-us-only": {"deployments": [{"provider": "us", "model": "gpt-us", "region": "us"}]},
        },
        "guardrails": {
            "detection": {"ner": False},
            "policies": {"confidential": {"regions": ["eu", "local"], "on_forbidden": "reroute"}},
        },
        "storage": {"url": f"sqlite:///{db}"},
        "reliability": {"retries": {"max_attempts": 1}},
        "integrations": {
            "slack": {
                "api_url": f"{slack_url}/api/",
                "history_limit": 10,
                "mappings": [
                    {
                        "workspace": TEAM_ID,
                        "channel": HR,
                        "key_env": "SLACK_KEY_HR",
                        "model": "gpt",
                        "data_class": "confidential",
                    },
                    {"channel": HR_US, "key_env": "SLACK_KEY_HR", "model": "gpt-us-only", "data_class": "confidential"},
                    {"channel": "*", "key_env": "SLACK_KEY_GENERAL", "model": "gpt"},
                ],
            }
        },
    }


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    db = tmp_path_factory.mktemp("slack") / "orkester.db"
    keys = _make_keys(db)
    slack, us, eu = SlackState(), FakeState(), FakeState()
    environ = {"SLACK_SIGNING_SECRET": SECRET, "SLACK_BOT_TOKEN": TOKEN, "FAKE_OPENAI_KEY": "sk-test", **keys}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FAKE_OPENAI_KEY", "sk-test")
        with (
            serve(slack_app(slack)) as s,
            serve(openai_app(us)) as u,
            serve(openai_app(eu)) as e,
            run_gateway_and_state(config(s.url, u.url, e.url, db), environ) as (gw, gateway),
        ):
            yield Env(gw, gateway, slack, us, eu, db, keys, s.url)


@pytest.fixture
def logs() -> Iterator[LogWaiter]:
    waiter = LogWaiter()
    logger = logging.getLogger("orkester.integrations.slack")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(waiter)
    try:
        yield waiter
    finally:
        logger.removeHandler(waiter)
        logger.setLevel(level)


_event_ids = itertools.count(1)


def signature(body: bytes, timestamp: int, secret: str = SECRET) -> str:
    base = f"v0:{timestamp}:".encode() + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def send(
    env: Env,
    body: bytes,
    content_type: str,
    *,
    secret: str = SECRET,
    age_s: int = 0,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    ts = int(time.time()) - age_s
    sent = {
        "content-type": content_type,
        "x-slack-request-timestamp": str(ts),
        "x-slack-signature": signature(body, ts, secret),
        **(headers or {}),
    }
    return httpx.post(f"{env.gw.url}{PATH}", content=body, headers=sent, timeout=10)


def event_body(event: dict[str, Any]) -> bytes:
    """An Events API ``event_callback`` envelope, as Slack documents it."""
    envelope = {
        "token": "legacy-verification-token",
        "team_id": TEAM_ID,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": f"Ev{next(_event_ids):08d}",
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }
    return json.dumps(envelope).encode()


def send_event(env: Env, event: dict[str, Any], **kw: Any) -> httpx.Response:
    return send(env, event_body(event), "application/json", **kw)


def mention(channel: str, user: str, text: str, ts: str, thread_ts: str | None = None) -> dict[str, Any]:
    event = {"type": "app_mention", "user": user, "text": text, "ts": ts, "channel": channel, "event_ts": ts}
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    return event


def dm(user: str, text: str, ts: str, channel: str = DM, **extra: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "channel": channel,
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        **extra,
    }


def footer_of(call_args: dict[str, Any]) -> str:
    blocks = call_args["blocks"]
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    context = [b for b in blocks if b["type"] == "context"]
    assert len(context) == 1, blocks
    return str(context[0]["elements"][0]["text"])


def metadata_of(call_args: dict[str, Any]) -> dict[str, Any]:
    meta = call_args["metadata"]
    return json.loads(meta) if isinstance(meta, str) else meta  # type: ignore[no-any-return]


def test_the_url_verification_challenge_is_answered(env: Env) -> None:
    body = json.dumps(
        {"token": "t", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"}
    )
    r = send(env, body.encode(), "application/json")
    assert r.status_code == 200
    assert "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in r.text


def test_a_mention_in_a_thread_is_answered_in_the_thread_with_the_thread_as_context_and_a_reaction_rates_it(
    env: Env, logs: LogWaiter
) -> None:
    parent = env.slack.add(GENERAL, "What does our travel policy say about flights?", user=ALICE)
    env.slack.add(GENERAL, "Economy for flights under six hours.", user=BOT_USER_ID, bot_id=BOT_ID, thread_ts=parent)
    env.slack.add(GENERAL, "someone joined", user=BOB, thread_ts=parent, subtype="channel_join")
    question = f"<@{BOT_USER_ID}> and for trains?"
    ts = env.slack.add(GENERAL, question, user=BOB, thread_ts=parent)
    posts = len(env.slack.of("chat.postMessage"))
    before_us, before_eu = len(env.us.requests), len(env.eu.requests)

    r = send_event(env, mention(GENERAL, BOB, question, ts, thread_ts=parent))
    assert r.status_code == 200

    answer = env.slack.wait_posts(posts + 1)[-1].args
    assert answer["channel"] == GENERAL and answer["thread_ts"] == parent
    assert answer["text"] == "You said: and for trains?"
    # the footer: model, route, cost — a public question goes to the first (US) deployment
    assert footer_of(answer) == "gpt-us · fallback/fallback · $0.0001"
    # the thread's history reached the model: the bot's own message as the assistant's turn
    assert len(env.us.requests) == before_us + 1 and len(env.eu.requests) == before_eu
    sent = env.us.requests[-1]["messages"]
    assert [(m["role"], m["content"]) for m in sent] == [
        ("user", "What does our travel policy say about flights?"),
        ("assistant", "Economy for flights under six hours."),
        ("user", "and for trains?"),
    ]
    assert env.us.requests[-1]["user"] == f"slack:{BOB}"  # OpenAI's end-user id: who asked, never a name
    # the answer names its request; the ledger has it, made with the channel's key
    meta = metadata_of(answer)
    assert meta["event_type"] == "orkester_answer"
    request_id = meta["event_payload"]["request_id"]
    record = env.record(request_id)
    assert record.status == "ok" and record.model == "gpt-us" and record.feedback is None
    assert record.key_id is not None

    # a thumbs up on the answer is feedback on that request; then a thumbs down: the last word counts
    answer_ts = env.slack.channels[GENERAL][-1]["ts"]
    reaction = {
        "type": "reaction_added",
        "user": ALICE,
        "reaction": "+1::skin-tone-3",
        "item_user": BOT_USER_ID,
        "item": {"type": "message", "channel": GENERAL, "ts": answer_ts},
        "event_ts": env.slack.next_ts(),
    }
    assert send_event(env, reaction).status_code == 200
    assert "stored" in logs.wait_for(f"thumbs up on request {request_id}")
    rated = env.record(request_id)
    assert rated.feedback == 1.0 and rated.feedback_raw == "up" and rated.feedback_labels == ("slack",)

    assert send_event(env, {**reaction, "reaction": "thumbsdown", "event_ts": env.slack.next_ts()}).status_code == 200
    assert "stored" in logs.wait_for(f"thumbs down on request {request_id}")
    assert env.record(request_id).feedback == 0.0


def test_a_reaction_on_someone_elses_message_or_not_a_thumb_is_no_feedback(env: Env, logs: LogWaiter) -> None:
    ts = env.slack.add(GENERAL, "lunch?", user=ALICE)
    calls = len(env.slack.calls)
    for reaction, item_user in (("+1", ALICE), ("tada", BOT_USER_ID)):
        event = {
            "type": "reaction_added",
            "user": BOB,
            "reaction": reaction,
            "item_user": item_user,
            "item": {"type": "message", "channel": GENERAL, "ts": ts},
            "event_ts": env.slack.next_ts(),
        }
        assert send_event(env, event).status_code == 200
    # listeners return without calling Slack; a DM answered afterwards shows they have run
    question = env.slack.add(DM, "ping", user=ALICE)
    posts = len(env.slack.of("chat.postMessage"))
    send_event(env, dm(ALICE, "ping", question))
    env.slack.wait_posts(posts + 1)
    assert not any(c.method == "conversations.replies" for c in env.slack.calls[calls:])
    assert not [line for line in logs.lines if "thumbs" in line]


def test_a_direct_message_is_answered_with_the_recent_messages_and_bots_edits_and_retries_are_ignored(
    env: Env,
) -> None:
    env.slack.add(NORSK, "Hi, can you help me with Norwegian?", user=ALICE)
    env.slack.add(NORSK, "Of course. What would you like to know?", user=BOT_USER_ID, bot_id=BOT_ID)
    ts = env.slack.add(NORSK, "How do I say thank you?", user=ALICE)
    posts = len(env.slack.of("chat.postMessage"))
    calls = env.model_calls()

    assert send_event(env, dm(ALICE, "How do I say thank you?", ts, NORSK)).status_code == 200
    answer = env.slack.wait_posts(posts + 1)[-1].args
    assert answer["channel"] == NORSK and answer.get("thread_ts") is None  # a DM is answered in the DM itself
    assert answer["text"] == "You said: How do I say thank you?"
    assert footer_of(answer).startswith("gpt-us · ")
    sent = env.us.requests[-1]["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "user"]
    assert sent[0]["content"] == "Hi, can you help me with Norwegian?"

    # Slack delivers the same event again after a timeout; another bot's message; an edit; the bot's own
    retry = send_event(
        env,
        dm(ALICE, "How do I say thank you?", ts, NORSK),
        headers={
            "x-slack-retry-num": "1",
            "x-slack-retry-reason": "http_timeout",
        },
    )
    assert retry.status_code == 200 and retry.headers["x-slack-no-retry"] == "1"
    assert send_event(env, dm("U0OTHER", "beep", env.slack.next_ts(), NORSK, bot_id="B0OTHER")).status_code == 200
    edited = dm(ALICE, "How do I say thanks?", env.slack.next_ts(), NORSK, subtype="message_changed")
    assert send_event(env, edited).status_code == 200
    own = dm(BOT_USER_ID, "Of course.", env.slack.next_ts(), NORSK, bot_id=BOT_ID)
    assert send_event(env, own).status_code == 200
    # then one more question: its answer is the only new one
    ts2 = env.slack.add(NORSK, "And please?", user=ALICE)
    assert send_event(env, dm(ALICE, "And please?", ts2, NORSK)).status_code == 200
    posted = env.slack.wait_posts(posts + 2)
    assert len(posted) == posts + 2 and posted[-1].args["text"] == "You said: And please?"
    assert env.model_calls() == calls + 2


def test_the_slash_command_answers_privately_through_the_response_url(env: Env) -> None:
    def command(text: str, hook: str) -> httpx.Response:
        form = {
            "token": "legacy",
            "team_id": TEAM_ID,
            "team_domain": "orkester-test",
            "channel_id": GENERAL,
            "channel_name": "general",
            "user_id": ALICE,
            "user_name": "alice",
            "command": "/orkester",
            "text": text,
            "api_app_id": APP_ID,
            "response_url": f"{env.slack_url}/commands/{hook}",
            "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        }
        return send(env, urlencode(form).encode(), "application/x-www-form-urlencoded")

    calls = env.model_calls()
    usage = command("help", "h0")
    assert usage.status_code == 200 and "/orkester <question>" in usage.text  # shown only to the caller
    assert env.model_calls() == calls  # help needs no model

    started = time.perf_counter()
    r = command("Summarise the expense policy", "h1")
    assert r.status_code == 200 and time.perf_counter() - started < 3  # acknowledged within Slack's 3 s
    env.slack.wait(lambda s: any(hook == "h1" for hook, _ in s.responses))
    body = next(b for hook, b in env.slack.responses if hook == "h1")
    assert body["response_type"] == "ephemeral"
    assert body["text"] == "You said: Summarise the expense policy"
    assert footer_of(body).startswith("gpt-us · fallback/fallback · $")
    assert env.model_calls() == calls + 1


def test_a_badly_signed_stale_or_malformed_request_is_refused_and_nothing_is_processed(env: Env) -> None:
    ts = env.slack.add(GENERAL, f"<@{BOT_USER_ID}> tell me a secret", user=BOB)
    event = mention(GENERAL, BOB, f"<@{BOT_USER_ID}> tell me a secret", ts)
    posts, calls, rows = len(env.slack.of("chat.postMessage")), env.model_calls(), env.ledger_rows()
    slack_calls = len(env.slack.calls)

    bad = send_event(env, event, secret="not-the-signing-secret")
    stale = send_event(env, event, age_s=6 * 60)  # correctly signed, six minutes old
    unsigned = httpx.post(
        f"{env.gw.url}{PATH}", content=event_body(event), headers={"content-type": "application/json"}
    )
    garbage = httpx.post(f"{env.gw.url}{PATH}", content=b"\xff{", headers={"x-slack-request-timestamp": "soon"})
    for r in (bad, stale, unsigned, garbage):
        assert r.status_code == 401
        assert r.json()["error"]["code"] == "invalid_slack_signature"
        assert r.json()["error"]["type"] == "authentication_error"
    # signed, but not a Slack payload: a 400 that says so
    not_slack = send(env, b"{not json", "application/json")
    assert not_slack.status_code == 400 and not_slack.json()["error"]["code"] == "invalid_slack_payload"
    # nothing ran: a valid event sent afterwards is the only one answered
    fine = env.slack.add(DM, "still there?", user=ALICE)
    send_event(env, dm(ALICE, "still there?", fine))
    posted = env.slack.wait_posts(posts + 1)
    assert len(posted) == posts + 1 and posted[-1].args["channel"] == DM
    assert env.model_calls() == calls + 1
    assert env.ledger_rows() == rows + 1
    assert not any(c.args.get("channel") == GENERAL for c in env.slack.calls[slack_calls:])


def test_the_hr_channel_is_confidential_and_answered_only_in_the_eu(env: Env) -> None:
    text = f"<@{BOT_USER_ID}> draft the announcement of the reorganisation"
    ts = env.slack.add(HR, text, user=ALICE)
    posts = len(env.slack.of("chat.postMessage"))
    before_us, before_eu = len(env.us.requests), len(env.eu.requests)

    send_event(env, mention(HR, ALICE, text, ts))
    answer = env.slack.wait_posts(posts + 1)[-1].args
    assert answer["channel"] == HR and answer["thread_ts"] == ts  # a top-level mention gets a thread
    assert answer["text"] == "You said: draft the announcement of the reorganisation"
    assert footer_of(answer).startswith("gpt-eu · ")
    assert len(env.us.requests) == before_us and len(env.eu.requests) == before_eu + 1
    record = env.record(metadata_of(answer)["event_payload"]["request_id"])
    assert record.data_class == "confidential" and record.region == "eu"

    # a confidential channel mapped to a US-only model: refused politely, no model called, nothing to rate
    ts = env.slack.add(HR_US, text, user=ALICE)
    send_event(env, mention(HR_US, ALICE, text, ts))
    refusal = env.slack.wait_posts(posts + 2)[-1].args
    assert refusal["channel"] == HR_US and "data protection" in refusal["text"]
    assert refusal.get("metadata") is None
    assert len(env.us.requests) == before_us and len(env.eu.requests) == before_eu + 1


async def test_socket_mode_answers_events_and_commands_from_the_websocket(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``orkester slack socket``'s wiring against a fake Socket Mode endpoint: the connection opened with the
    app token, envelopes acknowledged, an event answered through the gateway, a command's ack payload."""
    monkeypatch.setenv("FAKE_OPENAI_KEY", "sk-test")
    slack, us = SlackState(), FakeState()
    environ = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_APP_TOKEN": APP_TOKEN, "FAKE_OPENAI_KEY": "sk-test"}
    with serve(slack_app(slack)) as s, serve(openai_app(us)) as u:
        cfg = config(s.url, u.url, u.url, tmp_path / "orkester.db")
        cfg["integrations"]["slack"]["mappings"] = [{"model": "gpt"}]  # open mode: no keys
        settings = validate_settings(cfg)
        assert settings.integrations.slack is not None
        gateway = build_gateway(settings, env=environ, local_available=False)
        handler = socket_handler(gateway, settings.integrations.slack, environ)
        await gateway.start()
        try:
            await handler.connect_async()  # type: ignore[no-untyped-call]
            await asyncio.to_thread(slack.wait, lambda st: bool(st.of("socket.hello")))
            ts = slack.add(DM, "Hei fra Socket Mode", user=ALICE)
            envelope = {
                "envelope_id": "57d6a792-4d35-4d0b-b6aa-3361493e1caf",
                "type": "events_api",
                "accepts_response_payload": False,
                "retry_attempt": 0,
                "retry_reason": "",
                "payload": json.loads(event_body(dm(ALICE, "Hei fra Socket Mode", ts))),
            }
            slack.push(envelope)
            posted = await asyncio.to_thread(slack.wait_posts, 1)
            assert posted[0].args["channel"] == DM and posted[0].args["text"] == "You said: Hei fra Socket Mode"
            assert us.requests[-1]["messages"][-1]["content"] == "Hei fra Socket Mode"
            acks = [c.args for c in slack.of("socket.ack")]
            assert {"envelope_id": envelope["envelope_id"]} in acks

            command = {"team_id": TEAM_ID, "channel_id": GENERAL, "user_id": ALICE, "command": "/orkester"}
            command |= {"text": "help", "response_url": f"{s.url}/commands/s1"}
            slack.push(
                {"envelope_id": "c1", "type": "slash_commands", "accepts_response_payload": True, "payload": command}
            )
            await asyncio.to_thread(
                slack.wait, lambda st: any(c.args.get("envelope_id") == "c1" for c in st.of("socket.ack"))
            )
            ack = next(c.args for c in slack.of("socket.ack") if c.args.get("envelope_id") == "c1")
            assert "/orkester <question>" in json.dumps(ack["payload"])
            assert [c.method for c in slack.calls if c.method == "apps.connections.open"] == ["apps.connections.open"]
        finally:
            await handler.close_async()  # type: ignore[no-untyped-call]
            await gateway.close()
