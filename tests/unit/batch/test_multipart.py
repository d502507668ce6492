"""Reading multipart/form-data uploads as the openai SDK and httpx send them."""

from __future__ import annotations

import httpx
import pytest

from orkester.batch.multipart import parse
from orkester.errors import RequestError


def encoded(**files: tuple[str, bytes]) -> tuple[bytes, str]:
    request = httpx.Request("POST", "http://x/v1/files", files=files, data={"purpose": "batch"})
    return request.read(), request.headers["content-type"]


def test_the_file_and_the_purpose_are_read_exactly() -> None:
    content = b'{"a": 1}\r\n{"b": 2}\n\r\n'
    body, content_type = encoded(file=("my tickets.jsonl", content))
    parts = parse(body, content_type)
    assert parts["purpose"].content == b"batch" and parts["purpose"].filename is None
    assert parts["file"].content == content and parts["file"].filename == "my tickets.jsonl"


def test_what_is_not_multipart_is_refused_clearly() -> None:
    with pytest.raises(RequestError, match="multipart/form-data"):
        parse(b"{}", "application/json")
    with pytest.raises(RequestError, match="no boundary"):
        parse(b"", "multipart/form-data")
    with pytest.raises(RequestError, match="malformed"):
        parse(b"garbage", "multipart/form-data; boundary=abc")
