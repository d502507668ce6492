"""Slack's redeliveries: a retry after a timeout is dropped (the first delivery is being answered), a first
delivery (Socket Mode says ``retry_attempt: 0``) and a retry after a failed connection are handled."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from slack_bolt.async_app import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from orkester.integrations.slack.app import skip_retries


@pytest.mark.parametrize(
    ("headers", "handled"),
    [
        ({}, True),
        ({"x-slack-retry-num": "0", "x-slack-retry-reason": ""}, True),
        ({"x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout"}, False),
        ({"x-slack-retry-num": "2", "x-slack-retry-reason": "http_error"}, False),
        ({"x-slack-retry-num": "3"}, False),
        ({"x-slack-retry-num": "1", "x-slack-retry-reason": "connection_failed"}, True),
    ],
)
async def test_retries(headers: dict[str, str | Sequence[str]], handled: bool) -> None:
    seen: list[bool] = []

    async def next_() -> BoltResponse:
        seen.append(True)
        return BoltResponse(status=200, body="handled")

    req = AsyncBoltRequest(body="{}", headers=dict(headers.items()))
    resp = await skip_retries(req, BoltResponse(status=200), next_)
    assert bool(seen) is handled
    assert resp.status == 200
    if not handled:
        assert resp.headers["x-slack-no-retry"] == ["1"]
