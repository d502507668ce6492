from __future__ import annotations

import pytest

from orkester.dialects.base import SSEParser

STREAM = (
    b": keep-alive comment\r\n"
    b"event: message_start\r\n"
    b'data: {"a": 1}\r\n'
    b"\r\n"
    b"data: line one\n"
    b"data: line two\n"
    b"\n"
    b"data:no-space\n\n"
    b"data: [DONE]\n\n"
)
EXPECTED = [("message_start", '{"a": 1}'), (None, "line one\nline two"), (None, "no-space"), (None, "[DONE]")]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64, len(STREAM)])
def test_events_split_at_any_byte(size: int) -> None:
    p = SSEParser()
    out = []
    for i in range(0, len(STREAM), size):
        out.extend(p.feed(STREAM[i : i + size]))
    out.extend(p.flush())
    assert out == EXPECTED


def test_utf8_split_inside_a_character() -> None:
    data = "data: blåbær\n\n".encode()
    p = SSEParser()
    cut = data.index("å".encode()) + 1
    assert list(p.feed(data[:cut])) == []
    assert list(p.feed(data[cut:])) == [(None, "blåbær")]


def test_flush_yields_an_unterminated_last_event() -> None:
    p = SSEParser()
    assert list(p.feed(b"data: tail")) == []
    assert p.pending
    assert list(p.flush()) == [(None, "tail")]
