"""A fake Slack Web API (and ``response_url``) on 127.0.0.1, answering in the shapes Slack's API reference
documents: ``auth.test``, ``chat.postMessage``, ``conversations.replies``, ``conversations.history``,
``reactions.add``, and slash-command ``response_url`` posts; and Socket Mode: ``apps.connections.open`` (with
the app-level token) hands out a websocket on which the fake says ``hello``, sends the envelopes a test
pushes (:meth:`SlackState.push`) and records the client's acknowledgements.

Arguments arrive as slack_sdk sends them: a query string (GET), a form, or JSON. Every call is checked for
the bot token (``invalid_auth`` otherwise) and recorded; a test waits for a call with :meth:`SlackState.wait`
(a condition with a timeout, no sleeps). Messages live per channel, with threads (``thread_ts``) and message
metadata, which is returned only when ``include_all_metadata`` is set, as Slack does.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

TEAM_ID = "T0ORKESTER"
BOT_USER_ID = "U0ORKBOT"
BOT_ID = "B0ORKBOT"
APP_ID = "A0ORKAPP"
TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-1-test-token"


@dataclass
class Call:
    method: str
    args: dict[str, Any]


@dataclass
class SlackState:
    """What the fake holds and received. Thread-safe: the server runs in its own thread."""

    token: str = TOKEN
    app_token: str = APP_TOKEN
    channels: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    #: what slash commands' ``response_url`` received, by the url's id
    responses: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    _cond: threading.Condition = field(default_factory=threading.Condition)
    _ts: Any = field(default_factory=lambda: itertools.count(1))
    #: the open Socket Mode connection: its server loop and outgoing queue
    _socket: tuple[asyncio.AbstractEventLoop, asyncio.Queue[dict[str, Any]]] | None = None

    def next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def add(self, channel: str, text: str, *, user: str, thread_ts: str | None = None, **extra: Any) -> str:
        """A message someone wrote (the test's history); its ts."""
        ts = self.next_ts()
        msg: dict[str, Any] = {"type": "message", "user": user, "text": text, "ts": ts, **extra}
        if thread_ts is not None:
            msg["thread_ts"] = thread_ts
        with self._cond:
            self.channels.setdefault(channel, []).append(msg)
        return ts

    def record(self, method: str, args: dict[str, Any]) -> None:
        with self._cond:
            self.calls.append(Call(method, args))
            self._cond.notify_all()

    def of(self, method: str) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method]

    def wait(self, ready: Callable[[SlackState], bool], timeout: float = 10.0) -> None:
        """Until ``ready(self)`` holds (checked on every call the fake receives); AssertionError after ``timeout``."""
        with self._cond:
            if not self._cond.wait_for(lambda: ready(self), timeout):
                raise AssertionError(f"the fake Slack did not see what was awaited within {timeout} s")

    def push(self, envelope: dict[str, Any]) -> None:
        """Send ``envelope`` over the open Socket Mode connection (call after waiting for ``socket.hello``)."""
        with self._cond:
            assert self._socket is not None, "no Socket Mode connection"
            loop, queue = self._socket
        loop.call_soon_threadsafe(queue.put_nowait, envelope)

    def wait_posts(self, n: int, timeout: float = 10.0) -> list[Call]:
        """Until ``chat.postMessage`` was called ``n`` times in all; those calls."""
        self.wait(lambda s: len([c for c in s.calls if c.method == "chat.postMessage"]) >= n, timeout)
        return self.of("chat.postMessage")


def _flag(value: Any) -> bool:
    return value is True or str(value).lower() in ("1", "true")


def _json_arg(value: Any) -> Any:
    """slack_sdk sends lists and objects as JSON strings in forms and query strings."""
    if isinstance(value, str) and value[:1] in ("[", "{"):
        return json.loads(value)
    return value


def _in_range(ts: str, args: dict[str, Any]) -> bool:
    inclusive = _flag(args.get("inclusive"))
    t = float(ts)
    if (oldest := args.get("oldest")) is not None and (t < float(oldest) or (t == float(oldest) and not inclusive)):
        return False
    return (latest := args.get("latest")) is None or t < float(latest) or (t == float(latest) and inclusive)


def _shown(msg: dict[str, Any], metadata: bool) -> dict[str, Any]:
    return msg if metadata else {k: v for k, v in msg.items() if k != "metadata"}


def _page(items: list[dict[str, Any]], args: dict[str, Any]) -> tuple[list[dict[str, Any]], str]:
    start = int(args.get("cursor") or 0)
    limit = int(args.get("limit") or 100)
    end = start + limit
    return items[start:end], (str(end) if end < len(items) else "")


def create_app(state: SlackState) -> Starlette:
    def fail(error: str) -> Response:
        return JSONResponse({"ok": False, "error": error})

    def auth_test(args: dict[str, Any]) -> Response:
        return JSONResponse(
            {
                "ok": True,
                "url": "https://orkester-test.slack.com/",
                "team": "Orkester Test",
                "user": "orkester",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        )

    def post_message(args: dict[str, Any]) -> Response:
        channel = args.get("channel")
        if not channel:
            return fail("channel_not_found")
        blocks = _json_arg(args.get("blocks"))
        if not args.get("text") and not blocks:
            return fail("no_text")
        msg: dict[str, Any] = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "text": args.get("text") or "",
            "ts": state.next_ts(),
            "team": TEAM_ID,
        }
        if blocks:
            msg["blocks"] = blocks
        if thread_ts := args.get("thread_ts"):
            msg["thread_ts"] = thread_ts
        if (metadata := _json_arg(args.get("metadata"))) is not None:
            if not isinstance(metadata, dict) or "event_type" not in metadata or "event_payload" not in metadata:
                return fail("invalid_metadata_format")
            msg["metadata"] = metadata
        state.channels.setdefault(channel, []).append(msg)
        return JSONResponse({"ok": True, "channel": channel, "ts": msg["ts"], "message": _shown(msg, False)})

    def replies(args: dict[str, Any]) -> Response:
        messages = state.channels.get(str(args.get("channel")))
        if messages is None:
            return fail("channel_not_found")
        found = next((m for m in messages if m["ts"] == args.get("ts")), None)
        if found is None:
            return fail("thread_not_found")
        root = found.get("thread_ts") or found["ts"]
        parent = next(m for m in messages if m["ts"] == root)
        rest = sorted((m for m in messages if m.get("thread_ts") == root and m["ts"] != root), key=lambda m: m["ts"])
        thread = [parent, *(m for m in rest if _in_range(m["ts"], args))]  # the parent always comes first
        page, cursor = _page(thread, args)
        metadata = _flag(args.get("include_all_metadata"))
        return JSONResponse(
            {
                "ok": True,
                "messages": [_shown(m, metadata) for m in page],
                "has_more": bool(cursor),
                "response_metadata": {"next_cursor": cursor},
            }
        )

    def history(args: dict[str, Any]) -> Response:
        messages = state.channels.get(str(args.get("channel")))
        if messages is None:
            return fail("channel_not_found")
        top = [m for m in messages if m.get("thread_ts") in (None, m["ts"]) and _in_range(m["ts"], args)]
        top.sort(key=lambda m: m["ts"], reverse=True)  # newest first
        page, cursor = _page(top, args)
        metadata = _flag(args.get("include_all_metadata"))
        return JSONResponse(
            {
                "ok": True,
                "messages": [_shown(m, metadata) for m in page],
                "has_more": bool(cursor),
                "pin_count": 0,
                "response_metadata": {"next_cursor": cursor},
            }
        )

    def reactions_add(args: dict[str, Any]) -> Response:
        if not args.get("channel") or not args.get("timestamp") or not args.get("name"):
            return fail("invalid_arguments")
        return JSONResponse({"ok": True})

    methods: dict[str, Callable[[dict[str, Any]], Response]] = {
        "auth.test": auth_test,
        "chat.postMessage": post_message,
        "conversations.replies": replies,
        "conversations.history": history,
        "reactions.add": reactions_add,
    }

    async def api(request: Request) -> Response:
        method = request.path_params["method"]
        args: dict[str, Any] = dict(request.query_params)
        kind = request.headers.get("content-type", "")
        if kind.startswith("application/json"):
            args.update(await request.json())
        elif kind.startswith("application/x-www-form-urlencoded"):
            args.update(parse_qsl((await request.body()).decode()))
        handler = methods.get(method)
        if method == "apps.connections.open":
            if request.headers.get("authorization") != f"Bearer {state.app_token}":
                return fail("invalid_auth")  # a bot token is "not_allowed_token_type"; a wrong one invalid_auth
            state.record(method, args)
            return JSONResponse({"ok": True, "url": f"ws://{request.url.netloc}/socket"})
        if handler is None:
            return fail("unknown_method")
        if request.headers.get("authorization") != f"Bearer {state.token}":
            return fail("invalid_auth")
        with state._cond:
            resp = handler(args)
        state.record(method, args)
        return resp

    async def response_url(request: Request) -> Response:
        body = await request.json()
        with state._cond:
            state.responses.append((request.path_params["hook"], body))
        state.record("response_url", body)
        return PlainTextResponse("ok")

    async def socket(ws: WebSocket) -> None:
        await ws.accept()
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        with state._cond:
            state._socket = (asyncio.get_running_loop(), queue)
        hello = {"type": "hello", "num_connections": 1, "connection_info": {"app_id": APP_ID}}
        await ws.send_json(hello)
        state.record("socket.hello", hello)

        async def pump() -> None:
            while True:
                await ws.send_json(await queue.get())

        sending = asyncio.create_task(pump())
        try:
            while True:
                state.record("socket.ack", await ws.receive_json())
        except WebSocketDisconnect:
            pass
        finally:
            sending.cancel()
            with state._cond:
                state._socket = None

    return Starlette(
        routes=[
            Route("/api/{method}", api, methods=["GET", "POST"]),
            Route("/commands/{hook}", response_url, methods=["POST"]),
            WebSocketRoute("/socket", socket),
        ]
    )
