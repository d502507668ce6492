"""``POST /integrations/teams/messages``: the Bot Connector posts activities here (the bot's messaging endpoint).

Order of work: a request without a bearer token is refused before its body is read; the activity is parsed;
its token is checked against it (:mod:`.auth`); only then does anything run. A refused activity gets 401 in
the gateway's error format and leaves no trace but a log line: no model call, no reply, no ledger record.

A message is acknowledged at once (202) and its turn runs in the background — a model may take longer than
the 15 seconds the Bot Connector waits — with the reply posted to the conversation when ready. A reaction
(stored as feedback, nothing posted) and an invoke (a card's Action.Execute, whose answer is the HTTP
response) run before the response. Other activity types (conversation updates, installs) are acknowledged
and ignored.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import ClaimsIdentity
from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ...errors import RequestError
from ...gateway import Gateway
from ...server.body import read_body
from ..bridge import ChatBridge
from .adapter import TeamsAdapter
from .auth import TokenValidator, refused
from .bot import TeamsBot
from .config import TeamsSettings
from .store import teams_store
from .tokens import OutgoingTokens

log = logging.getLogger("orkester.integrations.teams")

PATH = "/integrations/teams/messages"
#: an activity is small; Teams caps messages at about 28 KB
MAX_BODY_BYTES = 256 * 1024
#: how long shutdown waits for turns still running
DRAIN_S = 30.0
_AT_ONCE = ("invoke", "messageReaction")


class TeamsEndpoint:
    """Built once per app by ``create_app``; :meth:`start` and :meth:`close` run in its lifespan."""

    def __init__(self, gateway: Gateway, settings: TeamsSettings, env: Mapping[str, str]) -> None:
        self.settings = settings
        self.validator = TokenValidator(settings)
        self.tokens = OutgoingTokens(settings, env)
        self.store = teams_store(settings.store_url, gateway.settings.storage.url)
        self.bot = TeamsBot(gateway, ChatBridge(gateway, settings.mappings, env), self.store, settings)
        self.adapter = TeamsAdapter(self.tokens)
        self._turns: set[asyncio.Task[None]] = set()

    def routes(self) -> list[Route]:
        return [Route(PATH, self.receive, methods=["POST"])]

    async def start(self) -> None:
        await self.store.open()

    async def drain(self, cancel_after_s: float | None = None) -> None:
        """Wait for the turns running now (an answer is kept after it is posted); cancel those still running
        after ``cancel_after_s`` seconds."""
        if self._turns:
            _, late = await asyncio.wait(set(self._turns), timeout=cancel_after_s)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)

    async def close(self) -> None:
        await self.drain(DRAIN_S)
        await self.tokens.close()
        await self.store.close()

    async def receive(self, request: Request) -> Response:
        authorization = request.headers.get("authorization")
        if not authorization or not authorization.lower().startswith("bearer "):
            raise refused("no bearer token")
        body = await read_body(request, MAX_BODY_BYTES)
        try:
            activity = Activity.model_validate_json(body)
        except ValidationError as e:
            raise RequestError(f"The body is not a Bot Framework activity ({e.error_count()} errors).") from None
        if activity.conversation is None or not activity.service_url or activity.channel_id is None:
            raise RequestError("The activity has no conversation, serviceUrl or channelId.")
        channel = activity.channel_id.channel  # the base channel ("msteams" of "msteams:COPILOT") is endorsed
        identity = await self.validator.validate(authorization, channel, activity.service_url)
        if activity.type in _AT_ONCE:
            answer = await self.adapter.run(identity, activity, self.bot.on_turn)
            if answer is None:
                return Response(status_code=200)
            return JSONResponse(answer.body, status_code=answer.status or 200)
        if activity.type == "message":
            task = asyncio.create_task(self._turn(identity, activity))
            self._turns.add(task)
            task.add_done_callback(self._turns.discard)
        return Response(status_code=202)

    async def _turn(self, identity: ClaimsIdentity, activity: Activity) -> None:
        try:
            await self.adapter.run(identity, activity, self.bot.on_turn)
        except Exception:
            log.exception("teams: the turn for activity %s in %s failed", activity.id, activity.type)
