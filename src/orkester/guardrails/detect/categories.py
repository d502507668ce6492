"""GDPR special categories (health, trade union, religion, ethnicity, sexual orientation, criminal record).

Keyword lists in Norwegian and English (``data/special_categories.json``): a term ending in ``*`` is a stem
and matches every word it starts ("sykmeld*": sykmeldt, sykmelding, sykmeldingen); other terms match whole
words, in any case. The terms are compiled into one expression, factored as a trie, with one named group
per category.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

from .spans import FUZZY, Span

CATEGORY_TYPES = ("HEALTH", "TRADE_UNION", "RELIGION", "ETHNICITY", "SEXUAL_ORIENTATION", "CRIMINAL_RECORD")


_STEM = "\x00"  # trie leaf markers: a stem continues with word characters, a word ends here
_END = "\x01"


def _trie_regex(node: dict[str, Any]) -> str:
    """A regular expression for the terms in a character trie, common prefixes factored out.

    Python's ``re`` tries alternatives one by one; factored, it reads each word once instead of once per term.
    """
    branches = []
    for ch, child in sorted(node.items()):
        if ch == _STEM:
            branches.append(r"[\w-]*")
        elif ch == _END:
            branches.append("")
        else:
            branches.append((r"\s+" if ch == " " else re.escape(ch)) + _trie_regex(child))
    if len(branches) == 1:
        return branches[0]
    optional = "" in branches
    body = "|".join(sorted((b for b in branches if b), key=len, reverse=True))
    return f"(?:{body})" + ("?" if optional else "") if body else ""


def _alternatives(terms: list[str], stems: bool) -> str:
    trie: dict[str, Any] = {}
    for term in terms:
        stem = stems and term.endswith("*")
        body = " ".join((term[:-1] if stem else term).lower().split())
        if not body:
            continue
        node = trie
        for ch in body:
            node = node.setdefault(ch, {})
        node.setdefault(_STEM if stem else _END, {})
    return _trie_regex(trie) if trie else "(?!)"


_WHOLE = r"(?<![\w-])(?:{})(?![\w-])"


def compile_terms(terms: list[str], *, stems: bool = True) -> re.Pattern[str]:
    """One expression over ``terms``, matched as whole words (stems extended), any case.

    ``stems=False`` takes every term literally (a ``*`` is a character): configured terms.
    """
    return re.compile(_WHOLE.format(_alternatives(terms, stems)), re.IGNORECASE)


def load_categories() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """All categories in one expression, one named group per category (one pass over the text): the
    expression for lower-cased text (fast) and the same with IGNORECASE for text whose lower-cased form
    has another length (a few Unicode letters), where offsets would not line up."""
    raw = json.loads(resources.files("orkester.guardrails.data").joinpath("special_categories.json").read_text("utf-8"))
    groups = "|".join(f"(?P<{t}>{_alternatives(list(raw[t]), True)})" for t in CATEGORY_TYPES)
    return re.compile(_WHOLE.format(groups)), re.compile(_WHOLE.format(groups), re.IGNORECASE)


class CategoryFinder:
    def __init__(self) -> None:
        self._lower, self._any_case = load_categories()

    def find(self, text: str) -> list[Span]:
        lowered = text.lower()
        if len(lowered) == len(text):
            return [
                Span(str(m.lastgroup), m.start(), m.end(), "keywords", FUZZY) for m in self._lower.finditer(lowered)
            ]
        return [Span(str(m.lastgroup), m.start(), m.end(), "keywords", FUZZY) for m in self._any_case.finditer(text)]
