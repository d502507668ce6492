"""Reversible pseudonymisation: typed placeholders in what leaves the gateway, real values in what comes back.

A :class:`Pseudonyms` table is built per request. Each distinct value found gets a typed placeholder
(``<PERSON_1>``, ``<FNR_1>``, ``<EMAIL_2>``), numbered in order of first appearance over the whole
conversation, so the same value always gets the same placeholder within a request, and — because a
client resends the history each turn — within a conversation. Values are compared normalised (case and
spacing for names, digits only for numbers), so "Kari Nordmann" and "KARI NORDMANN", or "010190 12345"
and "01019012345", share one placeholder.

The table lives only in the request's memory: it is never logged, stored or sent anywhere.

Restoring accepts the placeholder as sent and the small variations models make (``<person_1>``,
``< PERSON_1 >``); an unknown placeholder is left as it is. :class:`StreamRestorer` restores text that
arrives in pieces, holding back only a tail that could still become a placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .entities import Entity

_PLACEHOLDER = re.compile(r"<\s*([A-Za-z][A-Za-z0-9_]*?)_(\d{1,5})\s*>")
#: the longest text a placeholder can take, with the spaces a model may add: longer tails are released
_MAX_PLACEHOLDER = 64
_NUMERIC_TYPES = frozenset({"FNR", "DNR", "ORGNR", "BANK_ACCOUNT", "IBAN", "CARD", "PHONE"})


def _normal(entity_type: str, value: str) -> str:
    if entity_type in _NUMERIC_TYPES:
        return "".join(ch for ch in value.upper() if ch.isalnum())
    return " ".join(value.casefold().split())


class Pseudonyms:
    """Value ↔ placeholder for one request (and, by construction, one conversation)."""

    def __init__(self) -> None:
        self._by_value: dict[tuple[str, str], str] = {}
        self._by_placeholder: dict[str, str] = {}
        self._counts: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._by_placeholder)

    def types(self) -> dict[str, int]:
        """How many distinct values of each type were replaced (for the audit trail; no values)."""
        return dict(sorted(self._counts.items()))

    def placeholder(self, entity_type: str, value: str) -> str:
        key = (entity_type, _normal(entity_type, value))
        found = self._by_value.get(key)
        if found is None:
            n = self._counts.get(entity_type, 0) + 1
            self._counts[entity_type] = n
            found = f"<{entity_type}_{n}>"
            self._by_value[key] = found
            self._by_placeholder[found] = value
        return found

    def apply(self, text: str, entities: Sequence[Entity]) -> str:
        """``text`` with every entity span replaced by its placeholder (spans must index ``text``)."""
        out: list[str] = []
        pos = 0
        for e in sorted(entities, key=lambda e: e.start):
            if e.start < pos or e.end > len(text):
                continue  # overlapping or stale span: the earlier replacement already covers it
            out.append(text[pos : e.start])
            out.append(self.placeholder(e.type, text[e.start : e.end]))
            pos = e.end
        out.append(text[pos:])
        return "".join(out)

    def restore(self, text: str) -> str:
        """``text`` with every known placeholder replaced by its value."""
        if not self._by_placeholder or "<" not in text:
            return text
        return _PLACEHOLDER.sub(self._value_for, text)

    def _value_for(self, m: re.Match[str]) -> str:
        return self._by_placeholder.get(f"<{m.group(1).upper()}_{int(m.group(2))}>", m.group(0))

    def stream_restorer(self) -> StreamRestorer:
        return StreamRestorer(self.restore)


class StreamRestorer:
    """Restores placeholders in text that arrives in pieces (one per streamed choice or tool call).

    ``feed`` returns what can be released now; a tail that could still be the start of a placeholder
    (from its last ``<`` on, while short and without ``>``) is held back until the next piece or
    ``flush``. So a placeholder split as ``"<PER"`` + ``"SON_1> says"`` comes out whole.
    """

    def __init__(self, restore: Callable[[str], str]) -> None:
        self._restore = restore
        self._held = ""

    def feed(self, piece: str) -> str:
        text = self._held + piece
        cut = text.rfind("<")
        if cut != -1 and ">" not in text[cut:] and len(text) - cut <= _MAX_PLACEHOLDER and _could_open(text[cut:]):
            self._held = text[cut:]
            text = text[:cut]
        else:
            self._held = ""
        return self._restore(text) if text else ""

    def flush(self) -> str:
        text, self._held = self._held, ""
        return self._restore(text) if text else ""


_OPENING = re.compile(r"<\s*(?:[A-Za-z][A-Za-z0-9_]*)?\s*\Z")


def _could_open(tail: str) -> bool:
    """Whether ``tail`` (starting at ``<``, no ``>``) may still grow into a placeholder."""
    return bool(_OPENING.match(tail))
