"""The bot's own token for calls to the Bot Connector (its replies): OAuth 2.0 client credentials.

In production the Agents SDK gets this token through MSAL (``microsoft-agents-authentication-msal``, not a
dependency here); this is the same request MSAL makes for a client secret — ``grant_type=client_credentials``
with the app id, its secret and the Bot Framework scope — against Entra ID's token endpoint for the app's
tenant, or against ``token_endpoint`` when one is configured (tests run a fake on 127.0.0.1). It implements the
SDK's ``AccessTokenProviderBase`` shape (``get_access_token``), so an MSAL provider can take its place.

The token is cached until shortly before it expires; concurrent turns share one fetch.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from typing import Protocol

import httpx

from ...errors import ConfigError, UpstreamAuthError, UpstreamConnectionError
from .config import TeamsSettings

#: a token is renewed this long before it expires
RENEW_BEFORE_S = 300.0
TIMEOUT_S = 10.0


class TokenSource(Protocol):
    """What the connector client factory needs: the SDK's ``AccessTokenProviderBase.get_access_token``."""

    async def get_access_token(
        self, resource_url: str, scopes: list[str] | None = None, force_refresh: bool = False
    ) -> str: ...


class OutgoingTokens:
    def __init__(self, settings: TeamsSettings, env: Mapping[str, str]) -> None:
        self.settings = settings
        secret = env.get(settings.app_password_env) if settings.app_password_env else None
        if settings.app_password_env and not secret:
            raise ConfigError(
                f"integrations.teams.app_password_env: the environment variable {settings.app_password_env} is not set"
            )
        self._secret = secret
        self._token: str | None = None
        self._expires = 0.0
        self._lock = asyncio.Lock()
        self._http: httpx.AsyncClient | None = None

    async def get_access_token(
        self, resource_url: str = "", scopes: list[str] | None = None, force_refresh: bool = False
    ) -> str:
        """A valid bearer token for the Bot Connector (``resource_url`` and ``scopes`` as the SDK passes them;
        the configured scope is what is asked for)."""
        if not force_refresh and self._token is not None and time.monotonic() < self._expires:
            return self._token
        async with self._lock:
            if force_refresh or self._token is None or time.monotonic() >= self._expires:
                self._token, lifetime = await self._fetch()
                self._expires = time.monotonic() + max(lifetime - RENEW_BEFORE_S, lifetime / 2)
            return self._token

    async def _fetch(self) -> tuple[str, float]:
        s = self.settings
        form = {"grant_type": "client_credentials", "client_id": s.app_id, "scope": s.token_scope}
        if self._secret:
            form["client_secret"] = self._secret
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=TIMEOUT_S)
        url = s.token_url()
        try:
            r = await self._http.post(url, data=form)
        except httpx.HTTPError as e:
            raise UpstreamConnectionError(
                f"The bot's token endpoint could not be reached: {type(e).__name__}", provider="teams"
            ) from None
        try:
            body = r.json()
        except ValueError:
            body = {}
        token = body.get("access_token") if isinstance(body, dict) else None
        if r.status_code != 200 or not isinstance(token, str) or not token:
            code = body.get("error") if isinstance(body, dict) else None
            raise UpstreamAuthError(
                f"The bot's token endpoint refused the app's credentials (HTTP {r.status_code}).",
                provider="teams",
                upstream_status=r.status_code,
                code=code if isinstance(code, str) else None,
            )
        lifetime = body.get("expires_in", 3600)
        return token, float(lifetime) if isinstance(lifetime, int | float | str) else 3600.0

    async def close(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None
