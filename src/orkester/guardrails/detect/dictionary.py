"""English dictionary words, to tell "Travel Expenses" (title case) from "Aslaug Flatebø" (a name).

The word list is the lemma index (WordNet nouns, verbs, adjectives, adverbs: about 83,000 lemmas) that
spaCy's English model ships for its lemmatizer; it is read from the installed model package, nothing is
downloaded. Loaded on first use, once, under a lock.
"""

from __future__ import annotations

import threading
from pathlib import Path

from .ner import MODEL, NerUnavailable


class EnglishWords:
    def __init__(self) -> None:
        self._words: frozenset[str] | None = None
        self._lock = threading.Lock()

    def load(self) -> frozenset[str]:
        if self._words is None:
            with self._lock:
                if self._words is None:
                    self._words = _read()
        return self._words

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        words, w = self.load(), word.casefold()
        if w in words:
            return True
        if "-" in w:  # "Non-Conformance", "Follow-Up": every part a word
            return all(part in self for part in w.split("-") if part)
        # plural or third person: the index holds lemmas only
        return (w.endswith("s") and w[:-1] in words) or (w.endswith("es") and w[:-2] in words)

    def plural(self, word: str) -> bool:
        """The plural of a dictionary word and not itself one ("Admissions", "Operations"; not "Ricardo", which
        WordNet lists, nor "James")."""
        words, w = self.load(), word.casefold()
        return w not in words and len(w) > 3 and w.endswith("s") and w[:-1] in words


def _read() -> frozenset[str]:
    try:
        import importlib

        from spacy.lookups import Lookups

        package = importlib.import_module(MODEL)
    except ImportError as e:
        raise NerUnavailable(f"name detection needs spaCy and the {MODEL} model: {e}") from e
    root = Path(str(package.__file__)).parent
    found = sorted(root.glob(f"{MODEL}-*/lemmatizer/lookups"))
    if not found:
        raise NerUnavailable(f"the {MODEL} model has no lemmatizer lookups at {root}")
    index = Lookups().from_disk(found[-1]).get_table("lemma_index")
    return frozenset(w for words in index.values() for w in words)
