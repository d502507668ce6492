"""POST /v1/feedback: a caller rates an answer; the rating is stored with the request's ledger record.

Only the key that made the request may rate it (the master key, and anyone in open mode, any request).
A request of another key is answered like an unknown one (404), so a key learns nothing about requests
it did not make. The id is the ledger's (``x-request-id``), or the completion's id as the OpenAI SDK
shows it (``chatcmpl-<id>``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator
from starlette.requests import Request
from starlette.responses import Response

from ...errors import NotFoundError, RequestError
from ...gateway import Gateway
from ...guardrails.redact import redact
from ...ledger.feedback import MAX_COMMENT_CHARS, MAX_LABEL_CHARS, MAX_LABELS, Feedback, find_record, normalise
from ...ledger.feedback import request_ids as candidate_ids
from ..body import credential, read_body
from ..errors import validation_error

#: a rating is small; anything bigger is a mistake
BODY_LIMIT = 64 * 1024
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_LABEL_CHARS)]


class FeedbackBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    request_id: str = Field(min_length=1, max_length=256)
    score: int | None = Field(default=None, ge=1, le=5, strict=True)
    thumbs: Literal["up", "down"] | None = None
    comment: str | None = None
    labels: list[Label] = Field(default_factory=list, max_length=MAX_LABELS)

    @field_validator("comment")
    @classmethod
    def _cap(cls, value: str | None) -> str | None:
        return value[:MAX_COMMENT_CHARS] if value else None

    def feedback(self, at: datetime) -> Feedback:
        if self.score is None and self.thumbs is None:
            raise RequestError(
                'Rate the answer with "score" (1 to 5) or "thumbs" ("up" or "down").',
                param="score",
                code="invalid_value",
            )
        if self.score is not None and self.thumbs is not None:
            raise RequestError('Give either "score" or "thumbs", not both.', param="thumbs", code="invalid_value")
        value, raw = normalise(self.thumbs, self.score)
        return Feedback(value, raw, self.comment, tuple(dict.fromkeys(self.labels)), at)


def _unknown(request_id: str) -> NotFoundError:
    return NotFoundError(f"No request with id {request_id!r}.", param="request_id", code="request_not_found")


async def post_feedback(request: Request) -> Response:
    gw: Gateway = request.app.state.gateway
    principal = await gw.auth.identify(credential(request))
    try:
        body = FeedbackBody.model_validate_json(await read_body(request, BODY_LIMIT))
    except ValidationError as e:
        raise validation_error(e) from None
    feedback = body.feedback(datetime.now(UTC))
    writer = gw.ledger
    if writer is None:
        raise RequestError(
            "The usage ledger is off (ledger.enabled: false), and feedback is stored with its records.",
            code="ledger_disabled",
        )
    record = await find_record(
        writer, candidate_ids(body.request_id), wait_s=gw.settings.ledger.feedback_wait_ms / 1000
    )
    if record is None or (principal is not None and record.key_id != principal.key_id):
        raise _unknown(body.request_id)
    comment = await _without_personal_data(gw, feedback.comment)
    stored = await writer.store.set_feedback(
        record.request_id,
        feedback.value,
        raw=feedback.raw,
        comment=comment,
        labels=feedback.labels,
        at=feedback.at,
    )
    if not stored:  # deleted by retention in between
        raise _unknown(body.request_id)
    payload = {"request_id": record.request_id, "feedback": {**feedback.to_dict(), "comment": comment}}
    return Response(orjson.dumps(payload), media_type="application/json")


#: what is stored instead of a comment that could not be scanned (detection failed: fail closed)
WITHHELD = "[comment withheld: it could not be checked for personal data]"


async def _without_personal_data(gw: Gateway, comment: str | None) -> str | None:
    """The comment with every value detection finds replaced by its type ("<PERSON>", "<PHONE>"): the ledger
    holds no prompt text, and a comment must not bring personal data in. Guardrails off: stored as given."""
    if not comment or gw.classifier is None:
        return comment
    found = await gw.classifier.classify([comment], declared=None)
    if found.failed:
        return WITHHELD
    return redact(comment, found.found.get(comment, []))
