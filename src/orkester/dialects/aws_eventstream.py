"""The AWS event-stream binary framing (``application/vnd.amazon.eventstream``).

Bedrock's ConverseStream (and every AWS streaming API) frames its events like this, all
integers big-endian::

    ┌ prelude ───────────────────────────────────────┐
    │ total length u32 │ headers length u32 │ CRC32  │ headers │ payload │ message CRC32 │
    └────────────────────────────────────────────────┘

The prelude CRC covers the first 8 bytes; the message CRC covers everything before it.
A header is ``name length u8, name (UTF-8), type u8, value``; the value's encoding depends
on its type (:class:`HeaderType`). :class:`EventStreamDecoder` is incremental: frames may be
split across network reads at any byte. A corrupt frame (CRC mismatch, impossible lengths,
malformed headers) or a frame left incomplete at end of body raises
:class:`~orkester.errors.StreamInterruptedError`, because nothing after it can be trusted.
:func:`encode_message` is the inverse, used by the fake Bedrock server and the tests.
"""

from __future__ import annotations

import struct
import uuid
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum

from ..errors import StreamInterruptedError

PRELUDE_LENGTH = 12
#: prelude + message CRC: the size of a frame with no headers and no payload
MIN_MESSAGE_LENGTH = PRELUDE_LENGTH + 4
#: the limits the AWS SDKs enforce; anything larger is a corrupt length field
MAX_HEADERS_LENGTH = 128 * 1024
MAX_PAYLOAD_LENGTH = 24 * 1024 * 1024

_PRELUDE = struct.Struct("!III")
_U32 = struct.Struct("!I")


class HeaderType(IntEnum):
    BOOL_TRUE = 0
    BOOL_FALSE = 1
    BYTE = 2
    SHORT = 3
    INTEGER = 4
    LONG = 5
    BYTE_ARRAY = 6
    STRING = 7
    TIMESTAMP = 8
    UUID = 9


HeaderValue = bool | int | bytes | str | datetime | uuid.UUID

_INT_FORMATS = {
    HeaderType.BYTE: struct.Struct("!b"),
    HeaderType.SHORT: struct.Struct("!h"),
    HeaderType.INTEGER: struct.Struct("!i"),
    HeaderType.LONG: struct.Struct("!q"),
    HeaderType.TIMESTAMP: struct.Struct("!q"),
}
_U16 = struct.Struct("!H")


@dataclass(frozen=True, slots=True)
class TypedValue:
    """A header value with an explicit wire type, for the types Python values do not pick
    (byte, short, long for small numbers)."""

    type: HeaderType
    value: HeaderValue


@dataclass(frozen=True, slots=True)
class EventMessage:
    headers: dict[str, HeaderValue]
    payload: bytes

    def header(self, name: str) -> str | None:
        value = self.headers.get(name)
        return value if isinstance(value, str) else None

    @property
    def message_type(self) -> str | None:
        """``event``, ``exception`` or ``error``."""
        return self.header(":message-type")

    @property
    def event_type(self) -> str | None:
        return self.header(":event-type")


class EventStreamDecoder:
    """Bytes in, complete :class:`EventMessage` frames out."""

    __slots__ = ("_buf", "_expected")

    def __init__(self) -> None:
        self._buf = bytearray()
        #: total length of the frame being assembled, once its prelude has been checked
        self._expected: int | None = None

    def feed(self, data: bytes) -> Iterator[EventMessage]:
        self._buf += data
        while True:
            if self._expected is None:
                if len(self._buf) < PRELUDE_LENGTH:
                    return
                # Check the prelude as soon as it is complete so a corrupt length field is
                # reported at once instead of waiting for megabytes that never come.
                self._expected = _check_prelude(bytes(self._buf[:PRELUDE_LENGTH]))
            if len(self._buf) < self._expected:
                return
            frame = bytes(self._buf[: self._expected])
            del self._buf[: self._expected]
            self._expected = None
            yield decode_message(frame)

    def close(self) -> None:
        """End of body: raises if a frame was cut off part-way."""
        if self._buf:
            have = len(self._buf)
            self._buf.clear()
            self._expected = None
            raise StreamInterruptedError(f"The event stream ended inside a frame ({have} byte(s) left over)")

    @property
    def pending(self) -> bool:
        return bool(self._buf)


def _corrupt(why: str) -> StreamInterruptedError:
    return StreamInterruptedError(f"Corrupt event-stream frame: {why}")


def _check_prelude(prelude: bytes) -> int:
    total, headers_len, crc = _PRELUDE.unpack(prelude)
    computed = zlib.crc32(prelude[:8])
    if crc != computed:
        raise _corrupt(f"prelude CRC mismatch (expected 0x{crc:08x}, computed 0x{computed:08x})")
    if headers_len > MAX_HEADERS_LENGTH:
        raise _corrupt(f"headers length {headers_len} exceeds {MAX_HEADERS_LENGTH}")
    if total < MIN_MESSAGE_LENGTH + headers_len:
        raise _corrupt(f"total length {total} too small for {headers_len} bytes of headers")
    if total - MIN_MESSAGE_LENGTH - headers_len > MAX_PAYLOAD_LENGTH:
        raise _corrupt(f"payload length exceeds {MAX_PAYLOAD_LENGTH}")
    return int(total)


def decode_message(frame: bytes) -> EventMessage:
    """One complete frame; checks both CRCs."""
    if len(frame) < MIN_MESSAGE_LENGTH:
        raise _corrupt(f"frame of {len(frame)} bytes is shorter than a prelude and CRC")
    total = _check_prelude(frame[:PRELUDE_LENGTH])
    if total != len(frame):
        raise _corrupt(f"frame is {len(frame)} bytes but its prelude says {total}")
    (crc,) = _U32.unpack_from(frame, total - 4)
    computed = zlib.crc32(frame[: total - 4])
    if crc != computed:
        raise _corrupt(f"message CRC mismatch (expected 0x{crc:08x}, computed 0x{computed:08x})")
    (headers_len,) = _U32.unpack_from(frame, 4)
    headers_end = PRELUDE_LENGTH + headers_len
    headers = decode_headers(frame[PRELUDE_LENGTH:headers_end])
    return EventMessage(headers=headers, payload=frame[headers_end : total - 4])


def decode_headers(data: bytes) -> dict[str, HeaderValue]:
    headers: dict[str, HeaderValue] = {}
    pos, end = 0, len(data)

    def take(n: int) -> bytes:
        nonlocal pos
        if pos + n > end:
            raise _corrupt("header runs past the end of the headers section")
        chunk = data[pos : pos + n]
        pos += n
        return chunk

    while pos < end:
        name_len = take(1)[0]
        if name_len == 0:
            raise _corrupt("empty header name")
        try:
            name = take(name_len).decode("utf-8")
            kind = HeaderType(take(1)[0])
        except (UnicodeDecodeError, ValueError) as e:
            raise _corrupt(f"bad header: {e}") from None
        value: HeaderValue
        if kind is HeaderType.BOOL_TRUE:
            value = True
        elif kind is HeaderType.BOOL_FALSE:
            value = False
        elif kind in (HeaderType.BYTE_ARRAY, HeaderType.STRING):
            (length,) = _U16.unpack(take(2))
            raw = take(length)
            if kind is HeaderType.BYTE_ARRAY:
                value = raw
            else:
                try:
                    value = raw.decode("utf-8")
                except UnicodeDecodeError:
                    raise _corrupt(f"header {name!r} is not valid UTF-8") from None
        elif kind is HeaderType.UUID:
            value = uuid.UUID(bytes=take(16))
        else:
            fmt = _INT_FORMATS[kind]
            (number,) = fmt.unpack(take(fmt.size))
            value = datetime.fromtimestamp(number / 1000, tz=UTC) if kind is HeaderType.TIMESTAMP else number
        if name in headers:
            raise _corrupt(f"duplicate header {name!r}")
        headers[name] = value
    return headers


# --- encoding ---------------------------------------------------------------------------


def _infer_type(value: HeaderValue) -> HeaderType:
    if value is True:
        return HeaderType.BOOL_TRUE
    if value is False:
        return HeaderType.BOOL_FALSE
    if isinstance(value, int):
        return HeaderType.INTEGER if -(2**31) <= value < 2**31 else HeaderType.LONG
    if isinstance(value, bytes):
        return HeaderType.BYTE_ARRAY
    if isinstance(value, str):
        return HeaderType.STRING
    if isinstance(value, datetime):
        return HeaderType.TIMESTAMP
    return HeaderType.UUID


def encode_headers(headers: Mapping[str, HeaderValue | TypedValue]) -> bytes:
    out = bytearray()
    for name, given in headers.items():
        kind, value = (given.type, given.value) if isinstance(given, TypedValue) else (_infer_type(given), given)
        raw_name = name.encode("utf-8")
        if not 0 < len(raw_name) < 256:
            raise ValueError(f"header name {name!r} must be 1-255 bytes")
        out += bytes([len(raw_name)]) + raw_name + bytes([kind])
        if kind in (HeaderType.BOOL_TRUE, HeaderType.BOOL_FALSE):
            continue
        if kind in (HeaderType.BYTE_ARRAY, HeaderType.STRING):
            raw = value.encode("utf-8") if isinstance(value, str) else value
            if not isinstance(raw, bytes) or len(raw) > 0xFFFF:
                raise ValueError(f"header {name!r} needs a value of at most 65535 bytes")
            out += _U16.pack(len(raw)) + raw
        elif kind is HeaderType.UUID:
            if not isinstance(value, uuid.UUID):
                raise ValueError(f"header {name!r} needs a UUID")
            out += value.bytes
        elif kind is HeaderType.TIMESTAMP:
            if not isinstance(value, datetime):
                raise ValueError(f"header {name!r} needs a datetime")
            out += _INT_FORMATS[kind].pack(round(value.timestamp() * 1000))
        else:
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"header {name!r} needs an integer")
            out += _INT_FORMATS[kind].pack(value)
    return bytes(out)


def encode_message(headers: Mapping[str, HeaderValue | TypedValue], payload: bytes = b"") -> bytes:
    """One complete frame with both CRCs."""
    raw_headers = encode_headers(headers)
    total = MIN_MESSAGE_LENGTH + len(raw_headers) + len(payload)
    head = struct.pack("!II", total, len(raw_headers))
    body = head + _U32.pack(zlib.crc32(head)) + raw_headers + payload
    return body + _U32.pack(zlib.crc32(body))


def encode_event(event_type: str, payload: bytes, content_type: str = "application/json") -> bytes:
    """A ``:message-type event`` frame as AWS services send them."""
    return encode_message({":event-type": event_type, ":content-type": content_type, ":message-type": "event"}, payload)


def encode_exception(exception_type: str, payload: bytes, content_type: str = "application/json") -> bytes:
    """A modelled error sent in-stream (``:message-type exception``)."""
    return encode_message(
        {":exception-type": exception_type, ":content-type": content_type, ":message-type": "exception"},
        payload,
    )
