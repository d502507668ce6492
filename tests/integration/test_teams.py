"""The Teams bot through HTTP: the test plays Teams (and Bot Framework's key set, token endpoint and Bot
Connector, in ``tests/fakes/teams_connector.py``) against a running Orkester whose model is the fake OpenAI
server. Activities carry RS256 tokens signed by a key the test generated; the bot trusts that key set and
issuer. Every reply is awaited on a condition the fake connector sets when the bot posts, then the bot's running
turns are awaited (it keeps an answer after posting it); no sleeps.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.routing import Route

from orkester.gateway import Gateway
from orkester.integrations.teams.route import PATH, TeamsEndpoint
from orkester.ledger.record import LedgerRecord
from tests.fakes.common import FakeState
from tests.fakes.openai_server import create_app as create_openai
from tests.fakes.teams_connector import CLIENT_SECRET, REGION, ConnectorState, Posted, TestKey, claims
from tests.fakes.teams_connector import create_app as create_connector
from tests.support.gateway import openai_provider, run_gateway_and_state
from tests.support.servers import ThreadedServer, serve

APP_ID = "9d2f7c1e-0000-4000-8000-00000000b07"
ISSUER = "https://api.botframework.test"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
HR_CHANNEL = "19:hr-general@thread.tacv2"
BOARD_CHANNEL = "19:board@thread.tacv2"
MASTER = "master-secret"
BOT = {"id": f"28:{APP_ID}", "name": "Orkester"}
ALICE = {"id": "29:alice", "name": "Alice", "aadObjectId": "aad-alice"}


@dataclass
class Teams:
    """What the test drives: the gateway, the fakes around it, and the key Teams signs with."""

    gw: ThreadedServer
    gateway: Gateway
    connector: ThreadedServer
    state: ConnectorState
    upstream: FakeState
    key: TestKey

    @property
    def endpoint(self) -> TeamsEndpoint:
        """The app's Teams endpoint (its route's handler is the endpoint's bound method)."""
        app = self.gw.server.config.app
        route = next(r for r in app.routes if isinstance(r, Route) and r.path == PATH)
        endpoint: TeamsEndpoint = route.endpoint.__self__
        return endpoint

    def settle(self) -> None:
        """Wait until the bot has finished the turns it is running: it keeps an answer after posting it."""
        self.run(self.endpoint.drain())

    @property
    def service_url(self) -> str:
        return f"{self.connector.url}{REGION}/"

    def token(self, **overrides: Any) -> str:
        c = claims(app_id=APP_ID, issuer=ISSUER, service_url=self.service_url)
        c.update(overrides)
        return self.key.sign(c)

    def send(self, activity: dict[str, Any], token: str | None = None, *, auth: str | None = None) -> httpx.Response:
        headers = {"authorization": auth if auth is not None else f"Bearer {token or self.token()}"}
        if auth == "":
            headers = {}
        return httpx.post(f"{self.gw.url}/integrations/teams/messages", json=activity, headers=headers, timeout=30)

    def run(self, coro: Any) -> Any:
        assert self.gw.loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self.gw.loop).result(10)

    def record(self, request_id: str) -> LedgerRecord | None:
        writer = self.gateway.ledger
        assert writer is not None

        async def get() -> LedgerRecord | None:
            await writer.flush()
            return await writer.store.get(request_id)

        result: LedgerRecord | None = self.run(get())
        return result

    def ledger_count(self) -> int:
        writer = self.gateway.ledger
        assert writer is not None

        async def count() -> int:
            await writer.flush()
            return await writer.store.count()

        result: int = self.run(count())
        return result


def config(connector_url: str, upstream_url: str, storage: str | None = None) -> dict[str, Any]:
    cfg: dict[str, Any] = {
        "providers": {"up": openai_provider(upstream_url)},
        "models": {
            "chat": {
                "deployments": [
                    {"provider": "up", "model": "gpt-4o-mini", "price": {"input": 1.0, "output": 2.0}, "region": "eu"}
                ]
            }
        },
        "reliability": {"retries": {"max_attempts": 1}},
        "ledger": {"flush_ms": 600_000, "batch_size": 10_000, "feedback_wait_ms": 0},
        "integrations": {
            "teams": {
                "app_id": APP_ID,
                "app_password_env": "TEAMS_APP_PASSWORD",
                "token_endpoint": f"{connector_url}/oauth2/v2.0/token",
                "issuers": [ISSUER],
                "jwks_url": f"{connector_url}/keys",
                "mappings": [
                    {
                        "workspace": TENANT,
                        "channel": BOARD_CHANNEL,
                        "key_env": "TEAMS_ORKESTER_KEY",
                        "model": "chat",
                        "data_class": "strictly_confidential",
                    },
                    {
                        "workspace": TENANT,
                        "channel": HR_CHANNEL,
                        "key_env": "TEAMS_ORKESTER_KEY",
                        "footer": False,
                        "model": "chat",
                    },
                    {"workspace": TENANT, "key_env": "TEAMS_ORKESTER_KEY", "model": "chat"},
                ],
            }
        },
    }
    if storage is not None:
        cfg["storage"] = {"url": storage}
    return cfg


ENV = {"TEAMS_APP_PASSWORD": CLIENT_SECRET, "ORKESTER_MASTER_KEY": MASTER, "TEAMS_ORKESTER_KEY": MASTER}


@pytest.fixture(scope="module")
def key() -> TestKey:
    return TestKey.generate("bf-key-1")


@pytest.fixture(scope="module")
def stranger() -> TestKey:
    """Another key under the same key id: what a forger who knows the kid would sign with."""
    return TestKey.generate("bf-key-1")


@contextmanager
def teams_world(key: TestKey, storage: str | None = None) -> Iterator[Teams]:
    state = ConnectorState(keys=[key.jwk(endorsements=["msteams", "skype"])], app_id=APP_ID)
    upstream = FakeState()
    with (
        pytest.MonkeyPatch.context() as mp,
        serve(create_connector(state)) as connector,
        serve(create_openai(upstream)) as up,
    ):
        mp.setenv("FAKE_OPENAI_KEY", "sk-test")  # the provider reads its key from the process environment
        with run_gateway_and_state(config(connector.url, up.url, storage), ENV) as (gw, gateway):
            yield Teams(gw, gateway, connector, state, upstream, key)


@pytest.fixture(scope="module")
def teams(key: TestKey) -> Iterator[Teams]:
    with teams_world(key) as world:
        yield world


def message(
    text: str,
    *,
    conversation: str | None = None,
    kind: str = "personal",
    channel: str | None = None,
    service_url: str,
    mention: bool = False,
    value: Any = None,
) -> dict[str, Any]:
    """A message activity as Teams posts it (the fields the Bot Framework activity schema documents)."""
    conv_id = conversation or f"a:1{uuid.uuid4().hex}"
    data: dict[str, Any] = {"tenant": {"id": TENANT}}
    if channel is not None:
        data["channel"] = {"id": channel}
        data["team"] = {"id": "19:team@thread.tacv2"}
    activity: dict[str, Any] = {
        "type": "message",
        "id": f"{uuid.uuid4().int % 10**13}",
        "timestamp": "2026-11-26T12:00:00.000Z",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": ALICE,
        "recipient": BOT,
        "conversation": {"id": conv_id, "conversationType": kind, "tenantId": TENANT, "isGroup": kind != "personal"},
        "channelData": data,
        "locale": "en-US",
        "text": f"<at>Orkester</at> {text}" if mention else text,
        "textFormat": "plain",
    }
    if mention:
        mentioned = {"type": "mention", "text": "<at>Orkester</at>", "mentioned": BOT}
        activity["entities"] = [mentioned]
    if value is not None:
        activity["value"] = value
        activity["text"] = None
    return activity


def card_of(posted: Posted) -> dict[str, Any]:
    attachments = posted.activity.get("attachments") or []
    assert len(attachments) == 1 and attachments[0]["contentType"] == "application/vnd.microsoft.card.adaptive"
    card: dict[str, Any] = attachments[0]["content"]
    return card


def request_id_of(posted: Posted) -> str:
    data = card_of(posted)["actions"][0]["data"]
    request_id: str = data["request_id"]
    return request_id


def ask(teams: Teams, activity: dict[str, Any]) -> Posted:
    """Send a message and wait for the bot's reply to it, and for the bot to have kept it."""
    before = len(teams.state.posted)
    r = teams.send(activity)
    assert r.status_code == 202, r.text
    reply = teams.state.wait_for(before + 1)[before]
    teams.settle()
    return reply


def test_personal_chat_reply_in_the_same_conversation_with_footer_and_buttons(teams: Teams) -> None:
    activity = message("What is the capital of Norway?", service_url=teams.service_url)
    reply = ask(teams, activity)
    assert reply.conversation == activity["conversation"]["id"]
    assert reply.reply_to == activity["id"]  # POST /v3/conversations/{id}/activities/{activityId}
    assert reply.path == f"{REGION}/v3/conversations/{activity['conversation']['id']}/activities/{activity['id']}"
    assert reply.activity["type"] == "message"
    assert reply.activity["replyToId"] == activity["id"]
    assert reply.activity["text"] == "You said: What is the capital of Norway?"
    assert reply.activity["from"]["id"] == BOT["id"] and reply.activity["recipient"]["id"] == ALICE["id"]
    assert reply.authorization.startswith("Bearer bot-token-")
    card = card_of(reply)
    assert card["version"] == "1.4"
    footer = card["body"][0]["text"]
    assert footer.startswith("gpt-4o-mini · ") and "$0.0000" in footer
    up, down = card["actions"]
    assert (up["type"], up["data"]["thumbs"], down["data"]["thumbs"]) == ("Action.Execute", "up", "down")
    assert up["fallback"]["type"] == "Action.Submit" and up["fallback"]["data"] == up["data"]
    # The answer went through the gateway's pipeline: a ledger record, under the mapping's key.
    record = teams.record(request_id_of(reply))
    assert record is not None and record.model == "gpt-4o-mini" and record.feedback is None
    # The outgoing token came from the client-credentials endpoint, with the app's id, secret and scope.
    first = teams.state.token_requests[0]
    assert first == {
        "grant_type": "client_credentials",
        "client_id": APP_ID,
        "client_secret": CLIENT_SECRET,
        "scope": "https://api.botframework.com/.default",
    }


def test_the_outgoing_token_is_fetched_once_and_reused(teams: Teams) -> None:
    for text in ("one", "two"):
        ask(teams, message(text, service_url=teams.service_url))
    assert len(teams.state.token_requests) == 1


def test_channel_mention_is_stripped_and_the_thread_is_remembered(teams: Teams) -> None:
    thread = "19:general@thread.tacv2;messageid=1732620000000"
    first = message(
        "Remember the word tulip.",
        conversation=thread,
        kind="channel",
        channel="19:general@thread.tacv2",
        service_url=teams.service_url,
        mention=True,
    )
    reply = ask(teams, first)
    assert reply.conversation == thread and reply.reply_to == first["id"]
    assert teams.upstream.requests[-1]["messages"] == [{"role": "user", "content": "Remember the word tulip."}]
    second = message(
        "Which word?",
        conversation=thread,
        kind="channel",
        channel="19:general@thread.tacv2",
        service_url=teams.service_url,
        mention=True,
    )
    ask(teams, second)
    assert teams.upstream.requests[-1]["messages"] == [
        {"role": "user", "content": "Remember the word tulip."},
        {"role": "assistant", "content": "You said: Remember the word tulip."},
        {"role": "user", "content": "Which word?"},
    ]
    # Another thread of the same channel starts afresh.
    other = message(
        "Which word?",
        conversation="19:general@thread.tacv2;messageid=1",
        kind="channel",
        channel="19:general@thread.tacv2",
        service_url=teams.service_url,
        mention=True,
    )
    ask(teams, other)
    assert teams.upstream.requests[-1]["messages"] == [{"role": "user", "content": "Which word?"}]


def test_group_chat_and_a_mapping_without_footer(teams: Teams) -> None:
    group = message(
        "Hello group",
        kind="groupChat",
        conversation="19:meeting_abc@thread.v2",
        service_url=teams.service_url,
        mention=True,
    )
    reply = ask(teams, group)
    assert reply.conversation == "19:meeting_abc@thread.v2"
    assert card_of(reply)["body"][0]["text"].startswith("gpt-4o-mini")
    hr = message(
        "Salary bands?",
        kind="channel",
        conversation=f"{HR_CHANNEL};messageid=7",
        channel=HR_CHANNEL,
        service_url=teams.service_url,
        mention=True,
    )
    card = card_of(ask(teams, hr))
    assert card["body"] == [] and len(card["actions"]) == 2  # footer: false for that channel, buttons kept


def test_card_button_invoke_becomes_feedback(teams: Teams) -> None:
    activity = message("Rate me", service_url=teams.service_url)
    reply = ask(teams, activity)
    request_id = request_id_of(reply)
    button = card_of(reply)["actions"][0]
    invoke = {
        **message("", conversation=activity["conversation"]["id"], service_url=teams.service_url),
        "type": "invoke",
        "name": "adaptiveCard/action",
        "replyToId": reply.id,
        "value": {
            "action": {"type": "Action.Execute", "verb": button["verb"], "data": button["data"]},
            "trigger": "manual",
        },
    }
    r = teams.send(invoke)
    assert r.status_code == 200, r.text
    assert r.json() == {
        "statusCode": 200,
        "type": "application/vnd.microsoft.activity.message",
        "value": "Thanks for the feedback! 👍",
    }
    record = teams.record(request_id)
    assert record is not None and record.feedback == 1.0 and record.feedback_raw == "up"
    assert record.feedback_labels == ("teams",)


def test_card_submit_message_becomes_feedback_and_is_acknowledged(teams: Teams) -> None:
    activity = message("Rate me down", service_url=teams.service_url)
    reply = ask(teams, activity)
    data = card_of(reply)["actions"][1]["fallback"]["data"]
    submit = message("", conversation=activity["conversation"]["id"], service_url=teams.service_url, value=data)
    submit["replyToId"] = reply.id
    thanks = ask(teams, submit)
    assert thanks.activity["text"].startswith("Thanks for the feedback!") and not thanks.activity.get("attachments")
    record = teams.record(request_id_of(reply))
    assert record is not None and record.feedback == 0.0 and record.feedback_raw == "down"


def test_a_like_on_a_reply_becomes_feedback(teams: Teams) -> None:
    activity = message("React to me", service_url=teams.service_url)
    reply = ask(teams, activity)
    reaction = {
        **message("", conversation=activity["conversation"]["id"], service_url=teams.service_url),
        "type": "messageReaction",
        "replyToId": reply.id,
        "reactionsAdded": [{"type": "like"}],
    }
    reaction.pop("text")
    r = teams.send(reaction)
    assert r.status_code == 200, r.text
    record = teams.record(request_id_of(reply))
    assert record is not None and record.feedback == 1.0


def test_a_rating_from_another_conversation_is_not_stored(teams: Teams) -> None:
    activity = message("Mine", service_url=teams.service_url)
    reply = ask(teams, activity)
    button = card_of(reply)["actions"][0]
    elsewhere = {
        **message("", service_url=teams.service_url),  # a new conversation id
        "type": "invoke",
        "name": "adaptiveCard/action",
        "value": {"action": {"type": "Action.Execute", "verb": button["verb"], "data": button["data"]}},
    }
    r = teams.send(elsewhere)
    assert r.status_code == 200 and r.json()["value"].startswith("I could not record that rating")
    record = teams.record(request_id_of(reply))
    assert record is not None and record.feedback is None


REFUSALS = [
    "unsigned",
    "no bearer",
    "garbage",
    "alg none",
    "another key",
    "unknown kid",
    "expired",
    "not yet valid",
    "wrong audience",
    "wrong issuer",
    "wrong service url",
    "no service url",
    "not endorsed",
]


@pytest.mark.parametrize("case", REFUSALS)
def test_unacceptable_tokens_are_refused_and_nothing_happens(teams: Teams, stranger: TestKey, case: str) -> None:
    activity = message("trigger:server should never reach a model", service_url=teams.service_url)
    good = claims(app_id=APP_ID, issuer=ISSUER, service_url=teams.service_url)
    auth: str | None = None
    token: str | None = None
    if case == "unsigned":
        auth = ""
    elif case == "no bearer":
        auth = f"Basic {teams.token()}"
    elif case == "garbage":
        token = "not.a.jwt"
    elif case == "alg none":
        unsigned = teams.key.sign(good, alg="none")
        token = unsigned.rsplit(".", 1)[0] + "."
    elif case == "another key":
        token = stranger.sign(good)
    elif case == "unknown kid":
        token = stranger.sign(good, kid="bf-key-unknown")
    elif case == "expired":
        token = teams.key.sign({**good, "exp": int(good["iat"]) - 3600, "nbf": int(good["iat"]) - 7200})
    elif case == "not yet valid":
        token = teams.key.sign({**good, "nbf": int(good["iat"]) + 3600, "exp": int(good["iat"]) + 7200})
    elif case == "wrong audience":
        token = teams.token(aud="another-bot")
    elif case == "wrong issuer":
        token = teams.token(iss="https://evil.example")
    elif case == "wrong service url":
        token = teams.token(serviceurl="https://smba.evil.example/")
    elif case == "no service url":
        c = dict(good)
        c.pop("serviceurl")
        token = teams.key.sign(c)
    elif case == "not endorsed":
        activity["channelId"] = "webchat"
    calls, posted, records = len(teams.upstream.requests), len(teams.state.posted), teams.ledger_count()
    r = teams.send(activity, token, auth=auth)
    assert r.status_code == 401, (case, r.text)
    error = r.json()["error"]
    assert error["type"] == "authentication_error" and error["code"] == "invalid_token"
    assert "aud" not in error["message"] and "kid" not in error["message"]  # the reason is logged, not shown
    # Refused before anything ran: nothing was scheduled, so these are final.
    assert len(teams.upstream.requests) == calls
    assert len(teams.state.posted) == posted
    assert teams.ledger_count() == records


def test_a_reaction_with_a_bad_token_stores_no_feedback(teams: Teams, stranger: TestKey) -> None:
    activity = message("Do not rate me", service_url=teams.service_url)
    reply = ask(teams, activity)
    reaction = {
        **message("", conversation=activity["conversation"]["id"], service_url=teams.service_url),
        "type": "messageReaction",
        "replyToId": reply.id,
        "reactionsAdded": [{"type": "like"}],
    }
    good = claims(app_id=APP_ID, issuer=ISSUER, service_url=teams.service_url)
    assert teams.send(reaction, stranger.sign(good)).status_code == 401
    record = teams.record(request_id_of(reply))
    assert record is not None and record.feedback is None


def test_not_an_activity_is_a_400_in_the_error_format(teams: Teams) -> None:
    r = httpx.post(
        f"{teams.gw.url}/integrations/teams/messages",
        content=b"{not json",
        headers={"authorization": f"Bearer {teams.token()}", "content-type": "application/json"},
    )
    assert r.status_code == 400 and r.json()["error"]["type"] == "invalid_request_error"


def test_a_reaction_after_a_restart_still_becomes_feedback(key: TestKey, tmp_path: Path) -> None:
    storage = f"sqlite:///{tmp_path}/orkester.db"
    with teams_world(key, storage) as before:
        activity = message("Before the restart", service_url=before.service_url)
        reply = ask(before, activity)
        request_id = request_id_of(reply)
        conversation = activity["conversation"]["id"]
    with teams_world(key, storage) as after:
        reaction = {
            **message("", conversation=conversation, service_url=after.service_url),
            "type": "messageReaction",
            "replyToId": reply.id,
            "reactionsAdded": [{"type": "like"}],
        }
        # The connector's address changed with the restart; the reply map is keyed by ids only.
        assert after.send(reaction).status_code == 200
        record = after.record(request_id)
        assert record is not None and record.feedback == 1.0


def test_the_kept_history_holds_no_personal_data(teams: Teams) -> None:
    thread = "19:general@thread.tacv2;messageid=1732620009999"
    where = {"conversation": thread, "kind": "channel", "channel": "19:general@thread.tacv2"}
    ask(teams, message("Mail me at alice.smith@example.com please", service_url=teams.service_url, **where))
    assert "alice.smith@example.com" in teams.upstream.requests[-1]["messages"][-1]["content"]  # asked as said
    ask(teams, message("Thanks", service_url=teams.service_url, **where))
    history = teams.upstream.requests[-1]["messages"]
    assert [m["role"] for m in history] == ["user", "assistant", "user"]
    assert not any("alice.smith@example.com" in m["content"] for m in history)
    assert history[0]["content"] == "Mail me at <EMAIL> please"


def test_a_refusal_is_a_polite_reply_without_buttons(teams: Teams) -> None:
    calls = len(teams.upstream.requests)
    board = message(
        "Q3 numbers?",
        kind="channel",
        conversation=f"{BOARD_CHANNEL};messageid=3",
        channel=BOARD_CHANNEL,
        service_url=teams.service_url,
        mention=True,
    )
    reply = ask(teams, board)
    assert reply.reply_to == board["id"]
    assert "data protection" in reply.activity["text"] and not reply.activity.get("attachments")
    assert len(teams.upstream.requests) == calls  # strictly confidential: no model here may see it


def test_a_conversation_no_mapping_matches_gets_a_polite_no(teams: Teams) -> None:
    calls = len(teams.upstream.requests)
    activity = message("Hello from elsewhere", service_url=teams.service_url)
    activity["channelData"]["tenant"]["id"] = activity["conversation"]["tenantId"] = "another-tenant"
    reply = ask(teams, activity)
    assert reply.activity["text"] == "I am not set up to answer in this channel. Please ask an admin."
    assert not reply.activity.get("attachments") and len(teams.upstream.requests) == calls
