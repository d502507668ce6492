"""Audit entries for tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from orkester.audit import AuditEntry


def entry(n: int = 1, *, ts: datetime | None = None, **changes: Any) -> AuditEntry:
    fields: dict[str, Any] = {
        "request_id": f"req-{n}",
        "key_id": "key-7",
        "team": "legal",
        "declared_class": None,
        "detected_class": "confidential",
        "final_class": "confidential",
        "entities": {"FNR": 1, "EMAIL": 2},
        "policy": "confidential: regions eu,local; on_forbidden=reroute",
        "action": "rerouted",
        "destinations": [{"provider": "mistral", "model": "mistral-small", "region": "eu"}],
        "pseudonymised": False,
        "outcome": "ok",
        "ts": ts,
    }
    fields.update(changes)
    return AuditEntry(**fields)


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)
