"""The bot's outgoing token: client credentials against a fake token endpoint on 127.0.0.1, cached."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from orkester.errors import ConfigError, UpstreamAuthError, UpstreamConnectionError
from orkester.integrations.teams.config import TeamsSettings
from orkester.integrations.teams.tokens import OutgoingTokens
from tests.fakes.teams_connector import CLIENT_SECRET, ConnectorState, create_app
from tests.support.servers import ThreadedServer, serve

APP = "app-id"


@pytest.fixture
def endpoint() -> Iterator[tuple[ThreadedServer, ConnectorState]]:
    state = ConnectorState(app_id=APP)
    with serve(create_app(state)) as srv:
        yield srv, state


def settings(url: str) -> TeamsSettings:
    return TeamsSettings(app_id=APP, app_password_env="SECRET", token_endpoint=f"{url}/oauth2/v2.0/token")


def test_token_is_fetched_once_and_cached(endpoint: tuple[ThreadedServer, ConnectorState]) -> None:
    srv, state = endpoint
    tokens = OutgoingTokens(settings(srv.url), {"SECRET": CLIENT_SECRET})

    async def run() -> list[str]:
        try:
            return list(await asyncio.gather(*(tokens.get_access_token() for _ in range(5))))
        finally:
            await tokens.close()

    got = asyncio.run(run())
    assert len(set(got)) == 1 and got[0] in state.issued
    assert state.token_requests == [
        {
            "grant_type": "client_credentials",
            "client_id": APP,
            "client_secret": CLIENT_SECRET,
            "scope": "https://api.botframework.com/.default",
        }
    ]


def test_a_wrong_secret_is_an_upstream_auth_error(endpoint: tuple[ThreadedServer, ConnectorState]) -> None:
    tokens = OutgoingTokens(settings(endpoint[0].url), {"SECRET": "wrong"})

    async def run() -> None:
        try:
            await tokens.get_access_token()
        finally:
            await tokens.close()

    with pytest.raises(UpstreamAuthError) as e:
        asyncio.run(run())
    assert e.value.upstream_status == 401 and e.value.upstream_code == "invalid_client"
    assert "wrong" not in e.value.message


def test_an_unreachable_endpoint_is_a_connection_error() -> None:
    tokens = OutgoingTokens(settings("http://127.0.0.1:9"), {"SECRET": "s"})

    async def run() -> None:
        try:
            await tokens.get_access_token()
        finally:
            await tokens.close()

    with pytest.raises(UpstreamConnectionError):
        asyncio.run(run())


def test_a_missing_secret_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="SECRET"):
        OutgoingTokens(settings("http://127.0.0.1:9"), {})


def test_default_endpoint_is_entra_for_the_tenant() -> None:
    assert TeamsSettings(app_id=APP).token_url() == (
        "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"
    )
    assert TeamsSettings(app_id=APP, tenant="t-1").token_url() == (
        "https://login.microsoftonline.com/t-1/oauth2/v2.0/token"
    )
