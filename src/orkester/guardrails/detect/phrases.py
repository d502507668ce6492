"""A special-category keyword widened to the phrase that states the fact, and two uses of those words that
state nothing about a person.

A keyword marks where a sensitive fact is, but the fact is a phrase: "tidligere dømt for grovt underslag", not
"dømt"; "diagnosed with depression", "prolaps i ryggen", "treated for burnout", "praktiserende katolikk",
"klubbleder i Fellesforbundet". A finding grows to the left over the modifiers and verbs of its category and to
the right over a preposition and the one or two words it governs; findings of one type that then touch become
one. What grows is only the span: the type, and so the class, stays the keyword's.

Not about anyone: a form's label ("Diagnose: P76 Depressiv lidelse", where the code and the diagnosis are the
finding); a workplace statistic ("Sykefraværet i produksjonen var 3,8 % i april"): sickness-absence words
in a sentence that gives a percentage and names nobody; a policy's list of the categories themselves ("we
welcome applicants regardless of ethnicity, religion, sexual orientation or disability"); and a text that
refers to no person at all: no name found, no personal pronoun, no singular person noun ("the applicant",
"pasienten") in its sentence or the one before: "Halal and kosher menus on request", "information in Sami and
Kven"; and a sentence that gives a percentage and names nobody ("66 % are members of a trade union").
Article 9 protects data *about a person*; a canteen notice or a school curriculum is none. Recall comes first,
so any trace of a person keeps the finding: a name anywhere in the text, "I", "my", "han", "du", "en ansatt".
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable

from .spans import Span

_WORDS = r"[^\W\d_]+(?:-[^\W\d_]+)*"

#: words that may stand before a keyword of the type and belong to its phrase
_LEFT: dict[str, frozenset[str]] = {
    "CRIMINAL_RECORD": frozenset(["tidligere", "previous", "prior", "previously", "earlier"]),
    "HEALTH": frozenset(
        [
            "kronisk",
            "kroniske",
            "chronic",
            "akutt",
            "akutte",
            "acute",
            "alvorlig",
            "alvorlige",
            "severe",
            "langvarig",
            "langvarige",
            "treated",
            "behandlet",
            "behandles",
            "diagnosed",
            "diagnostisert",
            "operated",
            "operert",
            "hospitalised",
            "hospitalized",
            "innlagt",
            "for",
            "with",
            "med",
            "on",
        ]
    ),
    "RELIGION": frozenset(["praktiserende", "practising", "practicing", "devout", "troende", "aktiv", "aktive"]),
}
#: prepositions after a keyword of the type that take the next one or two words into its phrase
_RIGHT: dict[str, frozenset[str]] = {
    "CRIMINAL_RECORD": frozenset(["for", "of", "av"]),
    "HEALTH": frozenset(["i", "med", "with", "in", "of", "for", "av"]),
    "TRADE_UNION": frozenset(["i", "in", "of"]),
}
#: words a phrase does not run on into
_STOP = frozenset(
    [
        "og",
        "and",
        "eller",
        "or",
        "men",
        "but",
        "som",
        "that",
        "which",
        "who",
        "fra",
        "from",
        "til",
        "to",
        "på",
        "at",
        "etter",
        "after",
        "siden",
        "since",
        "da",
        "when",
        "the",
        "a",
        "an",
        "en",
        "et",
        "ei",
        "den",
        "det",
        "de",
        "this",
        "these",
        "in",
        "on",
        "i",
        "for",
        "with",
        "med",
        "by",
        "av",
        "om",
        "about",
        "during",
        "under",
        "before",
        "før",
        "ved",
        "last",
        "next",
        "siste",
        "neste",
        "forrige",
        "igjen",
        "again",
    ]
)
#: a keyword ending in one of these governs what follows it directly
_ENDS_GOVERNING = frozenset(["on", "i", "for", "with", "med"])
_GOVERNED = re.compile(
    r"(?:[ \u00a0]+(?:the|a|an|en|et|ei|hans|hennes|his|her))?[ \u00a0]+[^\W\d_A-ZÆØÅ]+(?:[ \u00a0]+([a-zæøå]+))?"
)
_AFTER = re.compile(rf"[ \u00a0]+({_WORDS})(?:[ \u00a0]+({_WORDS}))?(?:[ \u00a0]+({_WORDS}))?")

#: a form's field label: the value after the colon is the finding
_LABELS = frozenset(["diagnose", "diagnosis", "diagnoser", "diagnoses"])
_ABSENCE = ("sykefravær", "sickness absence", "sick leave", "absence rate")
_PERCENT = re.compile(r"\d+(?:[.,]\d+)?[ \u00a0]*(?:%|prosent|percent|per cent)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?\n](?:\s|$)")
#: a person in the text: personal pronouns (not "her", which is also Norwegian "here"; not "min", also "minutes";
#: not "you"/"your"/"du"/"din", which address any reader of a notice: "notify your manager", "hvis du har det";
#: nor "manager");
#: "I" only as a capital: "i" is Norwegian "in") and singular person nouns ("en ansatt", "the applicant"); a verb
#: of saying has a speaker ("lars says solveig is bi": lower-case names the rules may not see)
_PERSONAL_WORDS = frozenset(
    [
        "jeg", "meg", "mitt", "mine", "han", "hun", "hen", "ham", "henne", "hans", "hennes", "me", "my", "myself", "he",
        "she", "him", "his", "hers", "himself", "herself", "ansatt", "arbeidstakeren", "medarbeideren", "kollega",
        "kollegaen", "søkeren", "kandidaten", "pasienten", "eleven", "barnet", "sønnen", "datteren", "dattera", "kona",
        "mannen", "samboeren", "gutten", "jenta", "kunden", "gjesten", "brukeren", "beboeren", "leietakeren",
        "sjåføren", "lærlingen", "vikaren", "employee", "colleague", "co-worker", "coworker", "applicant", "candidate",
        "patient", "pupil", "student", "child", "son", "daughter", "wife", "husband", "partner", "mother", "father",
        "guest", "customer", "client", "worker", "tenant", "resident", "driver", "apprentice", "boyfriend",
        "girlfriend", "someone", "somebody", "noen", "teammate", "says", "said", "told", "sier", "fortalte"
    ]
)  # fmt: skip
_PERSONAL_PHRASES = ("team member", "staff member")
_WORDS_OF = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_CAPITALISED = re.compile(r"(?<![\w-])[A-ZÆØÅ][^\W\d_]+")
_VERB_AFTER = re.compile(r"[ \u00a0]+(?:er|var|har|hadde|is|was|has|had)(?![\w-])")
#: always someone's: the sick note, the doctor's statement ("Vi har mottatt sykemeldingen"), someone sick-listed;
#: not the words of a routine ("Ved sykmelding lager leder en oppfølgingsplan")
_SOMEONES = ("sykmeldingen", "sykemeldingen", "sykmeldt", "sykemeldt", "legeerklæringen")
#: the words of a policy (looked for as plain substrings first: most texts have none)
_POLICY_HINTS = (
    "regardless", "irrespective", "uavhengig", "uansett", "discrimin", "diskrimin", "likestill", "likebehandl",
    "mangfold", "diversity", "equal opportunit", "inclusive", "inkluder", "avoid", "unngå", "never ask", "ikke spør",
)  # fmt: skip
#: a policy that names the categories: the words are about nobody in particular
_POLICY = re.compile(
    r"(?i:regardless\s+of|irrespective\s+of|uavhengig\s+av|uansett|discriminat\w*|diskriminer\w*|likestilling\w*|"
    r"likebehandling\w*|mangfold\w*|diversity|equal\s+opportunit\w*|inclusive|inkluder\w*|avoid\w*|unngå|never\s+ask|"
    r"ikke\s+spør)"
)


def widen(text: str, spans: list[Span]) -> list[Span]:
    """Category spans grown to their phrases; touching spans of one type merged."""
    grown = sorted((_grow(text, s) for s in spans), key=lambda s: (s.type, s.start))
    out: list[Span] = []
    for s in grown:
        last = out[-1] if out else None
        if (
            last is not None
            and last.type == s.type
            and text[last.end : s.start].strip(" ") == ""
            and "\n" not in text[last.end : s.start]
        ):
            out[-1] = last._replace(end=max(last.end, s.end))
        else:
            out.append(s)
    return out


def _grow(text: str, s: Span) -> Span:
    start, end = s.start, s.end
    left = _LEFT.get(s.type)
    while left:
        a, word = _word_before(text, start)
        if word.lower() not in left:
            break
        start = a
    right = _RIGHT.get(s.type)
    if right and text[start:end].rsplit(None, 1)[-1].lower() in _ENDS_GOVERNING:
        # the keyword itself ends in its preposition ("was operated on"): an article, then one or two words
        m = _GOVERNED.match(text, end)
        if m:
            end = len(text[: m.start(1)].rstrip()) if m.group(1) and m.group(1) in _STOP else m.end()
    elif right:
        m = _AFTER.match(text, end)
        governed = m.group(2) if m else None
        # a capital after a preposition is a name (a person's, a place's), except a union's after "i"/"in"
        if (
            m
            and governed
            and m.group(1).lower() in right
            and governed.lower() not in _STOP
            and (governed.islower() or s.type == "TRADE_UNION")
        ):
            end = m.end(2)
            third = m.group(3)
            if third and third.lower() not in _STOP and s.type != "TRADE_UNION" and third.islower():
                end = m.end(3)
    return s._replace(start=start, end=end)


def _word_before(text: str, start: int) -> tuple[int, str]:
    """The word (letters and "-") before ``start`` across spaces, and where it starts; "" when there is none.
    Read character by character: a few steps, where a regular expression searching backwards tries every
    position of its window."""
    k = start
    while k > 0 and text[k - 1] in " \u00a0":
        k -= 1
    if k == start:
        return start, ""
    j = k
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "-"):
        j -= 1
    return j, text[j:k]


def about_nobody(
    text: str,
    spans: Iterable[Span],
    persons: Iterable[Span],
    first_names: Container[str] = (),
    ambiguous: Container[str] = (),
) -> set[Span]:
    """The category spans that state nothing about a person: form labels, workplace statistics, policies that
    list the categories, and any category word in a text that refers to no person."""
    named = list(persons)
    spans = list(spans)
    lowered = text.lower()
    percent = "%" in text or "prosent" in lowered or "percent" in lowered or "per cent" in lowered
    policy = any(hint in lowered for hint in _POLICY_HINTS) or len({s.type for s in spans}) >= 3
    if named and not percent and not policy:  # someone is named; no statistic, no policy: the labels only
        return {s for s in spans if _label(text, lowered, s)}
    sentences = {s: _sentence(text, s.start, s.end) for s in spans}
    out = _policies(text, lowered, spans, sentences, first_names, ambiguous) if policy else set()
    for s in spans:
        a, b = sentences[s]
        if percent and not any(a <= p.start < b for p in named) and _PERCENT.search(text, a, b):
            out.add(s)  # "66 % are members of a trade union": a statistic
        elif (
            not named
            and not lowered.startswith(_SOMEONES, s.start)
            and not _personal(text, _sentence(text, max(0, a - 2), a)[0] if a else 0, b, first_names, ambiguous)
        ):
            out.add(s)  # nobody named in the text, no pronoun or person in this sentence or the one before
    return out | {s for s in spans if _label(text, lowered, s)}


def _label(text: str, lowered: str, s: Span) -> bool:
    """ "Diagnose: …": the form's field label, not a finding."""
    return (
        s.type == "HEALTH"
        and lowered[s.start : s.end] in _LABELS
        and text[s.end : s.end + 2].lstrip(" \t").startswith(":")
    )


def _personal(text: str, a: int, b: int, first_names: Container[str], ambiguous: Container[str]) -> bool:
    """``text[a:b]`` refers to a person: a pronoun, a person noun, or a capitalised first name even where the
    name rules wanted more evidence ("Ola er klubbleder i Parat"); one that is also a word only as the subject
    of a verb ("Ola er", not "Storm warning")."""
    words = _WORDS_OF.findall(text, a, b)
    if not _PERSONAL_WORDS.isdisjoint(w.lower() for w in words if w != "I") or "I" in words:
        return True
    lowered = text[a:b].lower()
    if any(p in lowered for p in _PERSONAL_PHRASES):
        return True
    for m in _CAPITALISED.finditer(text, a, b):
        word = m.group()
        if word in first_names and (word not in ambiguous or _VERB_AFTER.match(text, m.end())):
            return True
    return False


def _policies(
    text: str,
    lowered: str,
    spans: list[Span],
    sentences: dict[Span, tuple[int, int]],
    first_names: Container[str],
    ambiguous: Container[str],
) -> set[Span]:
    """Category words in a sentence that lists three categories or more, or that speaks of discrimination,
    diversity or "regardless of", and refers to no person: a policy naming the categories, not a fact about
    someone."""
    out: set[Span] = set()
    policy = any(hint in lowered for hint in _POLICY_HINTS)
    for s in spans:
        if s in out:
            continue
        a, b = sentences[s]
        inside = [t for t in spans if a <= t.start < b]
        listed = len({t.type for t in inside}) >= 3 or (policy and _POLICY.search(text, a, s.start))
        if listed and not _personal(text, a, b, first_names, ambiguous):  # not "han er muslim, homofil og siktet"
            out.update(inside)
    return out


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]``: read back from ``start`` to the last sentence end (at most a few
    hundred characters: ``rfind`` per end mark, not a scan from the text's start)."""
    before = 0
    for mark in ".!?\n":
        k = text.rfind(mark, 0, start)
        while k >= 0 and mark != "\n" and k + 1 < len(text) and not text[k + 1].isspace():
            k = text.rfind(mark, 0, k)  # "3.8", "e.g": not an end
        if k >= 0:
            before = max(before, k + 1 if mark == "\n" else k + 2)
    after = _SENTENCE_END.search(text, end)
    return min(before, start), after.start() + 1 if after else len(text)
