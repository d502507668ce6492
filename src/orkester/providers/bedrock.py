"""AWS Bedrock through the Converse API, signed with SigV4 (or a Bedrock API key).

The AWS region comes from ``options.aws_region``, else ``AWS_REGION`` / ``AWS_DEFAULT_REGION``
(default ``us-east-1``); it picks the endpoint and the signing scope. Orkester's own region
label is ``eu`` for ``eu-*`` AWS regions and ``us`` otherwise, unless ``region`` is set.

Credentials, in order: a Bedrock API key (``api_key_env``, by default
``AWS_BEARER_TOKEN_BEDROCK``) sent as a bearer token; static keys from the environment
variables named by ``options.access_key_id_env`` / ``secret_access_key_env`` /
``session_token_env`` (by default the standard ``AWS_*`` names); else botocore's default
chain (``options.aws_profile``, shared config, SSO, container and instance roles), resolved
once in :meth:`start` off the event loop. Secrets never sit in the config itself.
"""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import yarl
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import BotoCoreError
from botocore.session import Session

from ..dialects.bedrock_converse import BedrockConverseDialect
from ..errors import ConfigError, UpstreamAuthError
from ..settings import Deployment
from .base import ProviderContext
from .http import HTTPProvider

if TYPE_CHECKING:
    from ..plugins import Registry

SIGNING_NAME = "bedrock"
DEFAULT_AWS_REGION = "us-east-1"
EVENTSTREAM = "application/vnd.amazon.eventstream"


class BedrockProvider(HTTPProvider):
    dialect_name = "bedrock"
    dialect: BedrockConverseDialect

    def __init__(self, ctx: ProviderContext) -> None:
        opts = ctx.settings.options
        self.aws_region = str(
            opts.get("aws_region")
            or os.environ.get("AWS_REGION")
            or os.environ.get("AWS_DEFAULT_REGION")
            or DEFAULT_AWS_REGION
        )
        self.default_base_url = f"https://bedrock-runtime.{self.aws_region}.amazonaws.com"
        super().__init__(ctx)
        json_mode = opts.get("json_mode", "tool")
        if json_mode not in ("tool", "instruction"):
            raise ConfigError(f"Provider {ctx.name!r}: options.json_mode must be 'tool' or 'instruction'")
        self.dialect = BedrockConverseDialect(json_mode=json_mode)
        self._credentials: Any = self._static_credentials()

    @property
    def region(self) -> str | None:
        return self.settings.region or ("eu" if self.aws_region.startswith("eu-") else "us")

    # --- endpoint ----------------------------------------------------------------------

    def chat_url(self, deployment: Deployment, *, stream: bool) -> str:
        operation = "converse-stream" if stream else "converse"
        url = f"{self.base_url}/model/{quote(deployment.model, safe='')}/{operation}"
        # AWS canonicalises the path as it arrives, so the signed URL must be the one on the
        # wire: yarl's normal form is what aiohttp sends (%3A becomes ':', %2F stays) and it
        # does not change when parsed again.
        return str(yarl.URL(url))

    # --- auth --------------------------------------------------------------------------

    def _bearer_token(self) -> str | None:
        return self.settings.api_key()

    def _static_credentials(self) -> Credentials | None:
        opts, env = self.settings.options, os.environ
        key = env.get(str(opts.get("access_key_id_env", "AWS_ACCESS_KEY_ID")))
        secret = env.get(str(opts.get("secret_access_key_env", "AWS_SECRET_ACCESS_KEY")))
        if not key or not secret:
            return None
        token = env.get(str(opts.get("session_token_env", "AWS_SESSION_TOKEN"))) or None
        return Credentials(key, secret, token)

    async def start(self) -> None:
        if self._credentials is None and self._bearer_token() is None:
            profile = self.settings.options.get("aws_profile")
            # The default chain may read files or call the instance metadata service.
            try:
                self._credentials = await asyncio.to_thread(lambda: Session(profile=profile).get_credentials())
            except BotoCoreError as e:
                raise ConfigError(f"Provider {self.name!r}: cannot load AWS credentials: {e}") from e
        await super().start()

    def finalize_headers(self, url: str, headers: dict[str, str], body: bytes) -> dict[str, str]:
        headers = dict(headers)
        if headers.get("accept") == "text/event-stream":
            headers["accept"] = EVENTSTREAM  # ConverseStream answers in binary frames, not SSE
        else:
            headers.setdefault("accept", "application/json")
        token = self._bearer_token()
        if token:
            return {**headers, "authorization": f"Bearer {token}"}
        if self._credentials is None:
            raise UpstreamAuthError(
                "No AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, "
                "a role, or a Bedrock API key",
                provider=self.name,
            )
        # Refreshable (role) credentials renew themselves here when close to expiry.
        frozen = self._credentials.get_frozen_credentials()
        request = AWSRequest(method="POST", url=url, data=body, headers=headers)
        SigV4Auth(frozen, SIGNING_NAME, self.aws_region).add_auth(request)
        return dict(request.headers.items())


def register(registry: Registry) -> None:
    registry.add_provider("bedrock", BedrockProvider, api_key_env="AWS_BEARER_TOKEN_BEDROCK")
