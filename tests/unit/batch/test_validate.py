"""Checking a batch's input file: each problem named with its line, as OpenAI's ``errors`` do."""

from __future__ import annotations

import json
from typing import Any

import orjson

from orkester.batch.validate import MAX_ERRORS, parse_input

CHAT = "/v1/chat/completions"


def line(custom_id: str = "a", url: str = CHAT, **body: Any) -> bytes:
    request = body or {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
    return json.dumps({"custom_id": custom_id, "method": "POST", "url": url, "body": request}).encode()


def parse(*lines: bytes, endpoint: str = CHAT, max_lines: int = 100, max_line_bytes: int = 10_000) -> Any:
    return parse_input(b"\n".join(lines), endpoint, max_lines=max_lines, max_line_bytes=max_line_bytes)


def codes(parsed: Any) -> list[tuple[int | None, str]]:
    return [(e.line, e.code) for e in parsed.errors]


def test_good_lines_are_kept_in_order_with_their_bodies() -> None:
    parsed = parse(line("a"), b"", line("b"), b"  ", b"")
    assert parsed.errors == []
    assert [p.custom_id for p in parsed.lines] == ["a", "b"]
    assert orjson.loads(parsed.lines[0].body)["model"] == "m"


def test_each_bad_line_is_named() -> None:
    parsed = parse(
        line("a"),
        b"[1, 2]",
        b"\xff not utf-8",
        json.dumps({"custom_id": "x", "method": "GET", "url": CHAT, "body": {}}).encode(),
        line("b", url="/v1/embeddings"),
        json.dumps({"custom_id": "c", "url": CHAT, "body": "text"}).encode(),
        line("d", model="m", messages=[{"role": "user", "content": "hi"}], stream=True),
        line("e", messages=[{"role": "user", "content": "hi"}]),
        line("a"),
        json.dumps({"custom_id": "", "url": CHAT, "body": {}}).encode(),
    )
    assert codes(parsed) == [
        (2, "invalid_json_line"),
        (3, "invalid_json_line"),
        (4, "invalid_method"),
        (5, "mismatched_endpoint"),
        (6, "invalid_body"),
        (7, "invalid_body"),
        (8, "invalid_body"),
        (9, "duplicate_custom_id"),
        (10, "missing_custom_id"),
    ]
    by_line = {e.line: e for e in parsed.errors}
    assert "already used on line 1" in by_line[9].message
    assert "body.model" in by_line[8].message and by_line[8].param == "body"
    assert "'/v1/embeddings' does not match" in by_line[5].message and by_line[5].param == "url"
    assert by_line[7].param == "body.stream"


def test_embedding_lines_are_checked_as_embedding_requests() -> None:
    good = line("e1", url="/v1/embeddings", model="embed", input="a text")
    bad = line("e2", url="/v1/embeddings", model="embed")
    parsed = parse(good, bad, endpoint="/v1/embeddings")
    assert [p.custom_id for p in parsed.lines] == ["e1"] and codes(parsed) == [(2, "invalid_body")]


def test_limits_and_an_empty_file() -> None:
    assert codes(parse(line("a"), line("b"), line("c"), max_lines=2)) == [(3, "too_many_lines")]
    assert codes(parse(line("a"), max_line_bytes=20)) == [(1, "line_too_large")]
    assert codes(parse(b"", b"\n")) == [(None, "empty_file")]
    many = parse(*[b"oops"] * (MAX_ERRORS + 50))
    assert len(many.errors) == MAX_ERRORS
