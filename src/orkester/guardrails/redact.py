"""Irreversible redaction: each detected value replaced by its type in angle brackets ("<PERSON>", "<FNR>").

For free text the gateway keeps, such as a feedback comment: unlike pseudonymisation there is no mapping to
restore from, and no numbering that would tell two people apart.
"""

from __future__ import annotations

from collections.abc import Sequence

from .entities import Entity


def redact(text: str, entities: Sequence[Entity]) -> str:
    """``text`` with every entity's span replaced by ``<TYPE>`` (entities as detection returns them: sorted,
    non-overlapping)."""
    out, at = [], 0
    for e in sorted(entities, key=lambda e: e.start):
        if e.start < at:
            continue
        out.append(text[at : e.start])
        out.append(f"<{e.type}>")
        at = e.end
    out.append(text[at:])
    return "".join(out)
