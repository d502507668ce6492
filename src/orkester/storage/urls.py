"""Storage URLs: their scheme, a form safe to print (no password), and a SQLite URL's file."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ..errors import ConfigError


def url_scheme(url: str) -> str:
    return url.split("://", 1)[0].lower() if "://" in url else ""


def redact_url(url: str) -> str:
    """``postgresql://user:secret@host/db`` → ``postgresql://user:***@host/db``."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return url.split("://", 1)[0] + "://…"
    if not password:
        return url
    netloc = parts.netloc.replace(f":{password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def sqlite_path(url: str) -> Path:
    """``sqlite:///rel/path`` → ``rel/path``; ``sqlite:////abs/path`` → ``/abs/path``."""
    rest = url.split("://", 1)[1] if "://" in url else ""
    if not rest.startswith("/") or rest == "/":
        raise ConfigError(f"SQLite storage URL {url!r} must look like sqlite:///relative/path or sqlite:////abs/path")
    return Path(rest[1:])
