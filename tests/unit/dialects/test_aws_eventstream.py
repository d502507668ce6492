"""The AWS event-stream framing: every header type, frames split anywhere, corruption caught."""

from __future__ import annotations

import struct
import uuid
import zlib
from datetime import UTC, datetime

import pytest
from botocore.eventstream import EventStreamBuffer

from orkester.dialects.aws_eventstream import (
    EventMessage,
    EventStreamDecoder,
    HeaderType,
    HeaderValue,
    TypedValue,
    decode_message,
    encode_event,
    encode_exception,
    encode_message,
)
from orkester.errors import StreamInterruptedError

WHEN = datetime(2024, 5, 1, 12, 30, 15, 250000, tzinfo=UTC)
ID = uuid.UUID("12345678-1234-5678-1234-567812345678")
ALL_TYPES: dict[str, HeaderValue | TypedValue] = {
    "yes": True,
    "no": False,
    "byte": TypedValue(HeaderType.BYTE, -7),
    "short": TypedValue(HeaderType.SHORT, -300),
    "int": 70_000,
    "long": 2**40,
    "small-long": TypedValue(HeaderType.LONG, 5),
    "blob": b"\x00\xffbytes",
    "text": "grüß dich",
    "when": WHEN,
    "id": ID,
}


def frames() -> bytes:
    return (
        encode_event("messageStart", b'{"role":"assistant"}')
        + encode_message(ALL_TYPES, b"payload \x00 bytes")
        + encode_message({})
        + encode_exception("throttlingException", b'{"message":"slow down"}')
    )


def decode_all(data: bytes, cut: int | None = None) -> list[EventMessage]:
    d = EventStreamDecoder()
    parts = [data] if cut is None else [data[:cut], data[cut:]]
    out = [m for part in parts for m in d.feed(part)]
    d.close()
    return out


def test_known_vector_empty_message() -> None:
    # The "empty message" vector of the AWS event-stream test suite.
    raw = bytes.fromhex("000000100000000005c248eb7d98c8ff")
    assert encode_message({}) == raw
    assert decode_message(raw) == EventMessage(headers={}, payload=b"")


def test_every_header_type_round_trips() -> None:
    (msg,) = decode_all(encode_message(ALL_TYPES, b"body"))
    assert msg.payload == b"body"
    assert msg.headers == {
        "yes": True,
        "no": False,
        "byte": -7,
        "short": -300,
        "int": 70_000,
        "long": 2**40,
        "small-long": 5,
        "blob": b"\x00\xffbytes",
        "text": "grüß dich",
        "when": WHEN,
        "id": ID,
    }


def test_botocore_reads_what_we_write() -> None:
    """An independent decoder (botocore's) agrees on every header type and the payload."""
    buf = EventStreamBuffer()
    buf.add_data(encode_message(ALL_TYPES, b"body"))
    (msg,) = list(buf)
    assert msg.payload == b"body"
    assert msg.headers["byte"] == -7 and msg.headers["short"] == -300 and msg.headers["long"] == 2**40
    assert msg.headers["text"] == "grüß dich" and msg.headers["blob"] == b"\x00\xffbytes"
    assert msg.headers["when"] == round(WHEN.timestamp() * 1000)
    assert msg.headers["id"] == ID.bytes
    assert msg.headers["yes"] is True and msg.headers["no"] is False


def test_event_and_exception_helpers() -> None:
    ev, exc = decode_all(encode_event("metadata", b"{}") + encode_exception("validationException", b"{}"))
    assert (ev.message_type, ev.event_type, ev.header(":content-type")) == ("event", "metadata", "application/json")
    assert (exc.message_type, exc.header(":exception-type")) == ("exception", "validationException")


def test_split_at_every_byte_offset() -> None:
    data = frames()
    whole = decode_all(data)
    assert len(whole) == 4
    for cut in range(len(data) + 1):
        assert decode_all(data, cut) == whole, f"split at {cut}"


def test_byte_by_byte() -> None:
    data = frames()
    d = EventStreamDecoder()
    got = [m for i in range(len(data)) for m in d.feed(data[i : i + 1])]
    d.close()
    assert got == decode_all(data)


def test_every_single_byte_corruption_is_detected() -> None:
    frame = encode_message(ALL_TYPES, b"payload")
    for i in range(len(frame)):
        bad = bytearray(frame)
        bad[i] ^= 0x01
        d = EventStreamDecoder()
        with pytest.raises(StreamInterruptedError, match="Corrupt"):
            list(d.feed(bytes(bad)))


def test_prelude_corruption_is_reported_before_the_body_arrives() -> None:
    frame = bytearray(encode_event("contentBlockDelta", b'{"delta":{"text":"hi"}}'))
    frame[2] ^= 0x40  # a huge total length, which the prelude CRC no longer matches
    with pytest.raises(StreamInterruptedError, match="prelude CRC"):
        list(EventStreamDecoder().feed(bytes(frame[:12])))


def test_message_crc_mismatch_names_it() -> None:
    frame = bytearray(encode_event("messageStop", b'{"stopReason":"end_turn"}'))
    frame[-1] ^= 0xFF
    with pytest.raises(StreamInterruptedError, match="message CRC"):
        list(EventStreamDecoder().feed(bytes(frame)))


def test_truncated_stream_raises_on_close() -> None:
    data = encode_event("messageStart", b"{}") + encode_event("contentBlockDelta", b"{}")
    d = EventStreamDecoder()
    got = list(d.feed(data[:-5]))
    assert [m.event_type for m in got] == ["messageStart"]
    assert d.pending
    with pytest.raises(StreamInterruptedError, match="inside a frame"):
        d.close()


def test_clean_end_closes_quietly() -> None:
    d = EventStreamDecoder()
    assert len(list(d.feed(frames()))) == 4
    d.close()
    assert not d.pending


def test_duplicate_header_is_corruption() -> None:
    raw_header = encode_message({"a": "x"})[12:-4]
    # A frame whose header section holds "a" twice, with valid CRCs.
    headers = raw_header + raw_header
    head = struct.pack("!II", 16 + len(headers), len(headers))
    body = head + struct.pack("!I", zlib.crc32(head)) + headers
    frame = body + struct.pack("!I", zlib.crc32(body))
    with pytest.raises(StreamInterruptedError, match="duplicate header"):
        decode_message(frame)


def test_encoder_refuses_bad_values() -> None:
    with pytest.raises(ValueError):
        encode_message({"": "x"})
    with pytest.raises(ValueError):
        encode_message({"n": TypedValue(HeaderType.SHORT, "not a number")})
    with pytest.raises(ValueError):
        encode_message({"s": "x" * 70_000})
