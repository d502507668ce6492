"""Running one batch line through the gateway's normal pipeline, as the key that created the batch.

Keys are stored hashed, so a worker cannot present the owner's secret. Instead the batch's pipeline is the
gateway's own with the auth stage replaced by :class:`RunAs`, which puts the owner's principal (read from
the key store by id, with its team) where authentication would have put it and applies the same checks —
allowed models, default task, minimum data class. Every later stage runs unchanged: budgets and rate
limits, data protection, routing, execution, the ledger. A key that was revoked or expired since the batch
was created fails its remaining lines with the 401 a request with it would get.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from typing import TYPE_CHECKING, Literal

from pydantic import ValidationError

from ..errors import AuthenticationError, OrkesterError, RateLimitError, RequestError
from ..keys.model import AuthResult, Principal, resolve
from ..pipeline.auth import AuthStage
from ..pipeline.context import CONTROL_NAMES, RequestContext
from ..pipeline.stages import Next, Pipeline
from ..server.errors import validation_error
from ..server.wire import chat_completion, embeddings
from ..types import ChatRequest, ChatResponse, EmbeddingRequest, EmbeddingResponse
from .model import Batch, Execute, Line, Outcome, kind_of
from .output import response_line

if TYPE_CHECKING:
    from ..gateway import Gateway

log = logging.getLogger("orkester.batch")
#: how often a line refused by its key's rate limit is tried before the refusal is its answer
THROTTLED_TRIES = 20
#: the longest a throttled line waits between tries (a refusal's Retry-After is at most a minute)
MAX_THROTTLED_WAIT_S = 60.0


class RunAs:
    """The auth stage of a batch's pipeline: the caller is known (None: the master key or open mode)."""

    def __init__(self, principal: Principal | None) -> None:
        self.principal = principal

    async def __call__(self, ctx: RequestContext, call_next: Next) -> None:
        ctx.key = self.principal
        if ctx.key is not None:
            AuthStage.apply_key(ctx)  # the checks a request authenticated with the key's secret gets
        await call_next(ctx)


class GatewayLines:
    """Runs lines on a gateway; :meth:`prepare` once per batch and round of claims."""

    def __init__(self, gw: Gateway) -> None:
        self.gw = gw

    async def principal(self, owner: str) -> Principal | None:
        """The owner's principal now; AuthenticationError when its key no longer works."""
        keys = self.gw.keys
        if not owner or keys is None:
            return None
        key = await keys.get_key(owner)
        team = await keys.find_team(key.team_id) if key is not None else None
        if key is None or team is None:
            raise AuthenticationError("The key that created this batch no longer exists.", code="invalid_api_key")
        status = key.status(keys.now())
        if status != "active":
            raise AuthenticationError(AuthResult(reason=status).message, code=f"{status}_api_key")
        return resolve(key, team, keys.classes)

    async def prepare(self, batch: Batch) -> Execute:
        kind = kind_of(batch.endpoint)
        try:
            principal = await self.principal(batch.owner)
        except AuthenticationError as e:
            refused = e

            async def refuse(line: Line) -> Outcome:
                return "failed", response_line(line.custom_id, refused.status, _request_id(), refused.to_openai())

            return refuse
        stages = [RunAs(principal) if s is self.gw.auth else s for s in self.gw.pipeline.stages]
        pipeline = Pipeline(stages)

        async def execute(line: Line) -> Outcome:
            return await self.run(pipeline, kind, line)

        return execute

    async def run(self, pipeline: Pipeline, kind: Literal["chat", "embeddings"], line: Line) -> Outcome:
        """One line, never raising: a failure is the line's error response. A line refused by its key's or
        team's rate limit (rpm, tpm) waits as long as the refusal says and runs again, up to
        :data:`THROTTLED_TRIES` times: a batch is meant to go at the pace its limits allow."""
        attempt = 1
        while True:
            outcome, wait = await self._once(pipeline, kind, line, retry=attempt < THROTTLED_TRIES)
            if wait is None:
                return outcome
            attempt += 1
            await asyncio.sleep(wait)

    async def _once(
        self, pipeline: Pipeline, kind: Literal["chat", "embeddings"], line: Line, *, retry: bool
    ) -> tuple[Outcome, float | None]:
        """The line's outcome, and how long to wait before running it again (None: it is final)."""
        started = time.perf_counter()
        request_id = _request_id()
        ctx: RequestContext | None = None
        observer = self.gw.observer
        try:
            ctx = RequestContext(request_id=request_id, kind=kind, request=_request(kind, line.body), started=started)
            ctx.controls = _controls(ctx.request)
            await pipeline(ctx)
            if isinstance(ctx.response, ChatResponse):
                body = chat_completion(ctx, ctx.response)
            elif isinstance(ctx.response, EmbeddingResponse):
                body = embeddings(ctx.response)
            else:  # a stream: refused at validation, so only a changed pipeline could get here
                raise RequestError("streaming is not supported in a batch", param="stream")
        except OrkesterError as e:
            observer.request_done(ctx, kind, e.status, time.perf_counter() - started, e.code or "error")
            outcome: Outcome = ("failed", response_line(line.custom_id, e.status, request_id, e.to_openai()))
            if retry and isinstance(e, RateLimitError) and e.code == "rate_limit_exceeded" and e.retry_after:
                return outcome, min(e.retry_after, MAX_THROTTLED_WAIT_S)
            return outcome, None
        except Exception:  # a worker must outlive any one line
            log.exception("batch line %s (custom_id %r) hit an internal error", request_id, line.custom_id)
            observer.request_done(ctx, kind, 500, time.perf_counter() - started, "internal_error")
            err = OrkesterError("The gateway hit an internal error; it has been logged.")
            return ("failed", response_line(line.custom_id, 500, request_id, err.to_openai())), None
        observer.request_done(ctx, kind, 200, time.perf_counter() - started)
        return ("done", response_line(line.custom_id, 200, request_id, body)), None


def _request_id() -> str:
    return os.urandom(16).hex()


def _request(kind: str, body: str) -> ChatRequest | EmbeddingRequest:
    try:
        if kind == "embeddings":
            return EmbeddingRequest.model_validate_json(body)
        req = ChatRequest.model_validate_json(body)
    except ValidationError as e:
        raise validation_error(e) from None
    if req.stream:
        raise RequestError("streaming is not supported in a batch", param="stream")
    return req


def _controls(req: ChatRequest | EmbeddingRequest) -> dict[str, str]:
    """Routing controls from the body's ``metadata`` (a batch line has no headers)."""
    metadata = req.metadata if isinstance(req, ChatRequest) else None
    return {name: metadata[name] for name in CONTROL_NAMES if metadata and name in metadata}
