"""Reading a ``multipart/form-data`` upload (RFC 7578), the way ``/v1/files`` receives one.

Starlette parses forms through python-multipart, which this gateway does not depend on; an upload is
small enough to read whole (``batch.max_file_bytes``), so the parts are cut from the body here.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import Message

from ..errors import RequestError


@dataclass(frozen=True, slots=True)
class Part:
    name: str
    filename: str | None
    content: bytes


def _params(header: str) -> Message:
    """A header's value and ``key=value`` parameters, parsed the way e-mail headers are (quotes, escapes)."""
    msg = Message()
    msg["content-type"] = header
    return msg


def boundary(content_type: str) -> bytes:
    msg = _params(content_type)
    if msg.get_content_type() != "multipart/form-data":
        raise RequestError(
            f"Upload a file as multipart/form-data (got content-type {content_type or 'none'!r}).",
            code="invalid_content_type",
        )
    value = msg.get_param("boundary")
    if not isinstance(value, str) or not value:
        raise RequestError("The multipart/form-data content-type has no boundary.", code="invalid_content_type")
    return value.encode("latin-1")


def parse(body: bytes, content_type: str) -> dict[str, Part]:
    """The form's parts by name (the first of each name)."""
    delimiter = b"--" + boundary(content_type)
    chunks = body.split(delimiter)
    if len(chunks) < 3:
        raise RequestError(
            "The multipart body is malformed: no parts between its boundaries.", code="invalid_multipart"
        )
    parts: dict[str, Part] = {}
    for chunk in chunks[1:-1]:
        chunk = chunk.removeprefix(b"\r\n")
        head, sep, content = chunk.partition(b"\r\n\r\n")
        if not sep:
            raise RequestError("The multipart body is malformed: a part has no headers.", code="invalid_multipart")
        disposition = ""
        for raw in head.split(b"\r\n"):
            name, _, value = raw.decode("utf-8", "replace").partition(":")
            if name.strip().lower() == "content-disposition":
                disposition = value.strip()
        msg = Message()
        msg["content-disposition"] = disposition
        field = msg.get_param("name", header="content-disposition")
        if not isinstance(field, str):
            continue
        filename = msg.get_filename()
        parts.setdefault(field, Part(field, filename, content.removesuffix(b"\r\n")))
    return parts
