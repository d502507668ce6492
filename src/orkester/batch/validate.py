"""Checking a batch's input file before any line runs, as OpenAI does while a batch is ``validating``.

Every line must be a JSON object ``{"custom_id", "method": "POST", "url", "body"}`` whose ``url`` is the
batch's endpoint, whose ``custom_id`` is unique in the file, and whose ``body`` is a valid request for that
endpoint (a model is named, streaming is not asked for). A file that fails any check makes a ``failed``
batch whose ``errors`` name each problem with its line number (1-based), up to :data:`MAX_ERRORS` of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import orjson
from pydantic import ValidationError

from ..types import ChatRequest, EmbeddingRequest
from .model import LineError

MAX_ERRORS = 100


@dataclass(frozen=True, slots=True)
class ParsedLine:
    custom_id: str
    #: the request body, re-serialised as compact JSON
    body: str


@dataclass(frozen=True, slots=True)
class Parsed:
    lines: list[ParsedLine]
    errors: list[LineError]


def _request_error(e: ValidationError) -> str:
    first = e.errors(include_url=False)[0]
    loc = ".".join(str(x) for x in first["loc"]) or "body"
    return f"body.{loc}: {first['msg']}"


def check_line(raw: bytes, number: int, endpoint: str) -> ParsedLine | LineError:
    """One line of the file (``number`` counts from 1) as a request, or what is wrong with it."""
    try:
        item = orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        return LineError("invalid_json_line", f"Line {number} is not valid JSON: {e}", number)
    if not isinstance(item, dict):
        return LineError("invalid_json_line", f"Line {number} is not a JSON object.", number)
    custom_id = item.get("custom_id")
    if not isinstance(custom_id, str) or not custom_id:
        return LineError(
            "missing_custom_id", f"Line {number} has no custom_id (a non-empty string).", number, "custom_id"
        )
    method = item.get("method", "POST")
    if method != "POST":
        return LineError("invalid_method", f"Line {number}: method must be POST (got {method!r}).", number, "method")
    url = item.get("url")
    if url != endpoint:
        return LineError(
            "mismatched_endpoint",
            f"Line {number}: url {url!r} does not match the batch's endpoint {endpoint!r}.",
            number,
            "url",
        )
    body = item.get("body")
    if not isinstance(body, dict):
        return LineError("invalid_body", f"Line {number}: body must be a JSON object.", number, "body")
    if body.get("stream"):
        return LineError(
            "invalid_body", f"Line {number}: streaming is not supported in a batch.", number, "body.stream"
        )
    try:
        if endpoint == "/v1/embeddings":
            EmbeddingRequest.model_validate(body)
        else:
            ChatRequest.model_validate(body)
    except ValidationError as e:
        return LineError("invalid_body", f"Line {number}: {_request_error(e)}", number, "body")
    return ParsedLine(custom_id, orjson.dumps(body).decode())


def parse_input(content: bytes, endpoint: str, *, max_lines: int, max_line_bytes: int) -> Parsed:
    """Every line of ``content`` checked; blank lines are skipped (a trailing newline is no line)."""
    lines: list[ParsedLine] = []
    errors: list[LineError] = []
    seen: dict[str, int] = {}
    number = 0
    for number, raw in enumerate(content.split(b"\n"), start=1):
        if not raw.strip():
            continue
        if len(lines) + len(errors) >= max_lines:
            errors.append(
                LineError("too_many_lines", f"The file has more than {max_lines} requests (batch.max_lines).", number)
            )
            break
        if len(raw) > max_line_bytes:
            found: ParsedLine | LineError = LineError(
                "line_too_large",
                f"Line {number} is {len(raw)} bytes; the limit is {max_line_bytes} (batch.max_line_bytes).",
                number,
            )
        else:
            found = check_line(raw, number, endpoint)
        if isinstance(found, ParsedLine) and found.custom_id in seen:
            found = LineError(
                "duplicate_custom_id",
                f"Line {number}: custom_id {found.custom_id!r} is already used on line {seen[found.custom_id]}.",
                number,
                "custom_id",
            )
        if isinstance(found, LineError):
            errors.append(found)
            if len(errors) >= MAX_ERRORS:
                break
            continue
        seen[found.custom_id] = number
        lines.append(found)
    if not lines and not errors:
        errors.append(LineError("empty_file", "The input file holds no requests."))
    return Parsed(lines, errors)
