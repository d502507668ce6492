"""What one audit entry holds, and what the log adds when it stores it.

An entry describes a data-protection decision: who asked, which classes were declared and
detected, which entity *types* were found and how many, the policy applied and where the data
went. There is deliberately no field for detected values or prompt text: the audit log must be
safe to hand to a data-protection officer. ``destinations`` are checked to hold only provider,
model and region for the same reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

#: Every field of a stored record, in the order exports show them.
RECORD_FIELDS: tuple[str, ...] = (
    "seq",
    "ts",
    "request_id",
    "key_id",
    "team",
    "declared_class",
    "detected_class",
    "final_class",
    "entities",
    "policy",
    "action",
    "destinations",
    "pseudonymised",
    "outcome",
    "detail",
    "prev_hash",
    "hash",
)

#: The keys a destination may have; anything else is refused so nothing else reaches the log.
DESTINATION_KEYS: tuple[str, ...] = ("provider", "model", "region")

Destination = dict[str, str | None]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One decision, as the guardrail stage reports it (never any detected value)."""

    request_id: str
    #: an id of the API key, never the key itself
    key_id: str | None
    team: str | None
    #: what the caller declared (header/metadata), if anything
    declared_class: str | None
    #: what detection found ("strictly_confidential" when detection failed: fail closed)
    detected_class: str
    #: the strictest of key minimum, declared, detected
    final_class: str
    #: entity type -> count
    entities: dict[str, int]
    #: human-readable policy applied, e.g. "confidential: regions eu,local; on_forbidden=reroute"
    policy: str
    #: "allowed" | "rerouted" | "pseudonymised" | "refused" | "failed_closed" (free text allowed)
    action: str
    #: each upstream call that received the data: {"provider", "model", "region"}; empty when refused
    destinations: list[Destination]
    pseudonymised: bool
    #: "ok" | "refused" | "error:<code>"
    outcome: str
    #: reason shown to the caller for a refusal, detection failure message, etc.
    detail: str = ""
    #: set by the log (UTC, now) when None
    ts: datetime | None = None


@dataclass(frozen=True, slots=True)
class ChainHead:
    """The last row of a chain: its sequence number and hash (seq 0 and the genesis hash when empty)."""

    seq: int
    hash: str


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """A stored entry: the entry's fields plus its place in the chain."""

    seq: int
    ts: datetime
    request_id: str
    key_id: str | None
    team: str | None
    declared_class: str | None
    detected_class: str
    final_class: str
    entities: dict[str, int]
    policy: str
    action: str
    destinations: list[Destination]
    pseudonymised: bool
    outcome: str
    detail: str
    prev_hash: str
    hash: str


class UnreadableRecordError(ValueError):
    """A stored row cannot be turned back into a record (a column was edited into an impossible value)."""

    def __init__(self, seq: int, reason: str) -> None:
        super().__init__(f"row {seq}: {reason}")
        self.seq = seq
        self.reason = reason
