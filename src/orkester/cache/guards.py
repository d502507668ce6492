"""When two prompts that embed alike still ask different things: the checks a semantic hit must pass.

multilingual-e5-small puts "What is 15% of 240?" and "What is 25% of 240?" at cosine 0.978, and
"ascending" / "descending" versions of one sorting request at 0.991 — above most true paraphrases
(median 0.97 on ``evals/cache/paraphrases.jsonl``). No threshold separates those, so a semantic hit
needs the similarity *and* every check here (pure functions, no model):

* **numbers**: the same numbers, as digits or as number words (``three`` / ``tre``, ``first`` / ``første``);
* **negation**: the same negations (``not``, ``never``, ``without``, ``ikke``, ``aldri``, ``uten``, …);
* **language**: the same language where it can be told (Norwegian and English by their function words):
  the cached answer is written in the language it was asked in;
* **no swapped word**: the two prompts are not the same sentence with a content word replaced
  (``France`` / ``Germany``, ``export`` / ``import``, ``booker`` / ``avbestiller``). Such a pair differs in
  exactly the word that carries the question, and the embedding cannot tell a synonym from an antonym
  there, so the hit is refused even for a real synonym: a miss costs one upstream call, a wrong hit a
  wrong answer.

Words are compared by their first six letters, so inflections (``Frankrike`` / ``Frankrikes``) are the
same word.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher

_APOSTROPHE = "\u2019"  # typographic apostrophe, as phones type it
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_STEM = 6


def _list(words: str) -> list[str]:
    return words.split()


_EN_FUNCTION = frozenset(
    _list(
        """a about after all am an and any are as at be been but by can could did do does doing for from had has
    have how i if in into is it its me might must my of on or our please shall should so some that the their
    them then there these they this those to us was we were what when where which who whom whose why will
    with would you your yours just also very really kindly give tell show let me i'm i'd what's it's"""
    )
)
_NB_FUNCTION = frozenset(
    _list(
        """at av bare blir bli da de deg dei dem den denne der dere deres det dette du eg ei eller en er et ett
    for fra få går ha han har hen hennes henne hans hva hvem hvilke hvilken hvilket hvis hvor hvordan
    hvorfor i inn jeg kan kunne man med meg men mi min mine mitt mot må noe noen nå når og om oss på seg
    selv sin sine sitt skal skulle slik som så til ut var vi vil ville vår være vært vennligst gjerne"""
    )
)
FUNCTION_WORDS = _EN_FUNCTION | _NB_FUNCTION

_NEGATIONS = frozenset(
    _list(
        "not no never none nothing nobody neither nor without cannot avoid dont doesnt isnt cant "
        "ikke ikkje ingen intet ingenting aldri uten verken hverken unngå unngår"
    )
)
_NUMBER_WORDS = {
    **{
        w: str(i)
        for i, w in enumerate(
            _list(
                "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
                "seventeen eighteen nineteen twenty"
            )
        )
        if w != "one"  # "which one", "one of": a pronoun far more often than a count
    },
    **dict(thirty="30", forty="40", fifty="50", hundred="100", thousand="1000", million="1e6", billion="1e9"),
    **{w: f"#{i}" for i, w in enumerate(_list("first second third fourth fifth sixth seventh eighth ninth tenth"), 1)},
    # Norwegian: "en"/"ett" (articles) and "to" would trip on ordinary sentences; the rest are unambiguous
    **dict(null="0", tre="3", fire="4", fem="5", seks="6", sju="7", syv="7", åtte="8", ni="9", ti="10"),
    **dict(elleve="11", tolv="12", tjue="20", tretti="30", førti="40", femti="50", hundre="100", tusen="1000"),
    **{
        w: f"#{i}"
        for i, w in enumerate(_list("første andre tredje fjerde femte sjette sjuende åttende niende tiende"), 1)
    },
}


def words(text: str) -> list[str]:
    return [w.replace(_APOSTROPHE, "'") for w in _WORD.findall(text.casefold())]


def numbers(text: str) -> Counter[str]:
    """Every number in the text, digits and number words alike (``1,5`` and ``1.5`` are the same)."""
    found: Counter[str] = Counter(n.replace(",", ".") for n in _NUMBER.findall(text))
    found.update(_NUMBER_WORDS[w] for w in words(text) if w in _NUMBER_WORDS)
    return found


def negations(text: str) -> Counter[str]:
    return Counter("not" for w in words(text) if w in _NEGATIONS or w.endswith("n't"))


def language(text: str) -> str | None:
    """``en`` or ``nb`` when the text's function words (or its letters æ, ø, å) say so; None when they do not."""
    ws = words(text)
    nb = sum(w in _NB_FUNCTION and w not in _EN_FUNCTION for w in ws) + 2 * sum(c in "æøå" for c in text.casefold())
    en = sum(w in _EN_FUNCTION and w not in _NB_FUNCTION for w in ws)
    if nb == en:
        return None
    return "nb" if nb > en else "en"


def content(text: str) -> list[str]:
    """The content words in order, each cut to its stem (numbers and negations are checked on their own)."""
    return [w[:_STEM] for w in words(text) if w not in FUNCTION_WORDS and not _NUMBER.fullmatch(w)]


def swapped(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with content words replaced one for one in place, and no other content change."""
    ca, cb = content(a), content(b)
    if ca == cb:
        return False
    ops = [op for op in SequenceMatcher(a=ca, b=cb, autojunk=False).get_opcodes() if op[0] != "equal"]
    return all(tag == "replace" and i2 - i1 == j2 - j1 for tag, i1, i2, j1, j2 in ops)


def refusal(cached: str, asked: str) -> str | None:
    """Why ``asked`` must not be answered with the answer to ``cached``; None when nothing stands against it."""
    if numbers(cached) != numbers(asked):
        return "numbers"
    if negations(cached) != negations(asked):
        return "negation"
    la, lb = language(cached), language(asked)
    if la is not None and lb is not None and la != lb:
        return "language"
    if swapped(cached, asked):
        return "swapped_word"
    return None
