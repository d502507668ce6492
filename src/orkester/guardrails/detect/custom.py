"""The company's own identifiers and term lists from ``guardrails.detection.patterns`` / ``terms``."""

from __future__ import annotations

import re

from ...settings import CustomPattern, CustomTerms
from .categories import compile_terms
from .spans import CUSTOM, Span


class CustomFinder:
    """Configured regular expressions (as written) and term lists (whole words, any case)."""

    def __init__(self, patterns: list[CustomPattern], terms: list[CustomTerms]) -> None:
        self.rules: list[tuple[str, re.Pattern[str]]] = []
        for p in patterns:
            try:
                self.rules.append((p.name, re.compile(p.regex)))
            except re.error as e:
                raise ValueError(f"guardrails.detection.patterns.{p.name}: invalid regex: {e}") from None
        for t in terms:
            words = [w for w in t.terms if w.strip()]
            if words:  # taken literally: only the built-in lists use the '*' stem syntax
                self.rules.append((t.name, compile_terms(words, stems=False)))

    def find(self, text: str) -> list[Span]:
        return [
            Span(name, m.start(), m.end(), "custom", CUSTOM)
            for name, rx in self.rules
            for m in rx.finditer(text)
            if m.end() > m.start()
        ]
