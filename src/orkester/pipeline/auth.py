"""Who is asking: the master key, a virtual key (with its team's and its own limits), or nobody in open mode.

Open mode — no master key and no active virtual key when the gateway starts, on a loopback address only —
is decided once at start-up and kept for the process's life: revoking the last key never opens a running
gateway. In open mode a request that presents a valid virtual key still gets that key's limits.

A virtual key's principal then shapes the request: a model outside its allowed list is a 403
(``model_not_allowed``), its default task fills ``x-orkester-task`` when the request names none, and its
minimum data class is the floor of the request's class (the classify stage reads it).
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable

from ..errors import AuthenticationError, PermissionDeniedError
from ..keys import KeyService, Principal
from .context import RequestContext

Next = Callable[[RequestContext], Awaitable[None]]


class AuthStage:
    def __init__(self, master_key: str | None, keys: KeyService | None = None) -> None:
        self._key = master_key.encode() if master_key else None
        self.keys = keys
        #: set by :meth:`decide_open_mode` at start-up; without a key service, open iff no master key
        self.open = master_key is None and keys is None

    async def decide_open_mode(self) -> bool:
        """Open when neither a master key nor an active virtual key exists (call once, at start-up)."""
        self.open = self._key is None and (self.keys is None or not await self.keys.has_active_keys())
        return self.open

    async def __call__(self, ctx: RequestContext, call_next: Next) -> None:
        await self.authenticate(ctx)
        await call_next(ctx)

    async def authenticate(self, ctx: RequestContext) -> None:
        ctx.key = await self.identify(ctx.principal)
        if ctx.key is not None:
            self.apply_key(ctx)

    async def identify(self, credential: str | None) -> Principal | None:
        """The virtual key's principal; None for the master key or open mode; AuthenticationError otherwise."""
        if credential and self._key is not None and hmac.compare_digest(credential.encode(), self._key):
            return None
        if credential and self.keys is not None:
            result = await self.keys.authenticate(credential)
            if result.principal is not None:
                return result.principal
            if not self.open:
                raise AuthenticationError(result.message, code=f"{result.reason or 'invalid'}_api_key")
        if self.open:
            return None
        if not credential:
            raise AuthenticationError(
                "Missing API key. Send it as 'Authorization: Bearer <key>'.", code="missing_api_key"
            )
        raise AuthenticationError("Invalid API key.")

    @staticmethod
    def apply_key(ctx: RequestContext) -> None:
        """What a known key imposes on a request: its allowed models, its default task (also used by batch
        lines, which run as the key that created them without its secret)."""
        p = ctx.key
        assert p is not None
        model = ctx.request.model
        if not p.allows(model):
            allowed = ", ".join(sorted(p.allowed_models or ())) or "none"
            raise PermissionDeniedError(
                f"The key {p.key_name!r} (team {p.team_name!r}) may not use model {model!r}. Allowed: {allowed}.",
                param="model",
                code="model_not_allowed",
            )
        if p.default_task and not ctx.controls.get("task"):
            ctx.controls["task"] = p.default_task
