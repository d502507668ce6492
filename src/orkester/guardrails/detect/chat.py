"""Names typed in lower case, which the capital-letter rules in ``names`` never see: chat speakers
("sindre utsi:"), names after a greeting or "@", after a label's colon, as the subject of a verb, in a text
without a single capital; and user names that spell a name ("kari.nordmann", "@ann-kristin.aune").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .names import NEXT_WORD, NameLexicon, is_word_char, mentions, word_set
from .spans import FUZZY, Span

#: chat: "[09:14] niillas: hei", "sindre utsi: can someone…": a speaker's name (one or two words) before ":"
#: at the start of a line (the expression starts with the line break, which ``re`` finds by its literal scan, and
#: a lower-case letter: a capitalised speaker is the rules' business)
_LOWER_INITIAL = "a-zæøåäöüéèáàóòúíčšžđŋŧńśźżłąęėįųūõ"
_SPEAKER = re.compile(
    rf"\n[ \t>*-]*(?:\[[^\]\n]{{1,24}}\][ \t]*)?@?([{_LOWER_INITIAL}][^\W\d_]*(?:-[^\W\d_]+)*)"
    r"(?:[ \t]([^\W\d_]+(?:['-][^\W\d_]+)*))?[ \t]*:(?!\S)"
)
_LOWER_WORD = re.compile(r"(?<![\w-])[^\W\d_]+(?![\w-])")
#: "hei jorunn", "thanks mark!": a lower-case word after a greeting (found with ``str.find``: cheaper than
#: ``re`` trying an alternation at every position) or after "@"
_GREETINGS = ("hei", "hallo", "heisann", "hi", "hey", "takk", "thanks", "thank you", "thx", "mvh", "hilsen", "heads up")
_GREETING_REACH = 160  # characters from either end of a text that is not a chat
_AFTER_GREETING = re.compile(r"[ \t]*,?[ \t]+([^\W\d_]+)")
_AFTER_AT = re.compile(r"[^\W\d_]+")


def chat_names(text: str, lex: NameLexicon, is_word: Callable[[str], bool]) -> list[Span]:
    """Names typed in lower case in chat, where the capitals the rules read are missing: a known first name as
    the speaker before ":" (with the word after it, a surname: "sindre utsi:") or after a greeting or "@"; then
    every other lower-case mention of the same name. A first name that is also a word ("mark", "stein", "per")
    counts only with a surname after it, or in a chat where another speaker's name is certain.
    """
    sure: set[str] = set()
    maybe: dict[str, tuple[int, int]] = {}
    spans: list[Span] = []
    speakers = 0
    for m in _SPEAKER.finditer("\n" + text):  # offsets in ``text`` are one less
        word, second = m.group(1), m.group(2)
        if not word.islower():
            continue
        speakers += 1
        name = _capitalised(word)
        if name not in lex.first:
            continue
        with_surname = second is not None and second.islower() and _capitalised(second) in lex.surnames
        end = m.end(2) if second is not None and second.islower() and second not in lex.non_names else m.end(1)
        if name not in lex.ambiguous or with_surname:
            sure.add(word)
            spans.append(Span("PERSON", m.start(1) - 1, end - 1, "gazetteer", FUZZY))
        else:
            maybe.setdefault(word, (m.start(1) - 1, end - 1))
    # a greeting opens or closes a message: outside a chat only the first and last lines are looked at
    region = (
        text
        if speakers or len(text) <= 2 * _GREETING_REACH
        else text[:_GREETING_REACH] + "\n" + text[-_GREETING_REACH:]
    )
    for word, at in _addressed(region):
        name = _capitalised(word)
        if word.islower() and name in lex.first and (name not in lex.ambiguous or at or _signs_off(text, word)):
            sure.add(word)
    sure |= _after_label(text, lex, is_word)
    sure |= _subjects(text, lex, is_word)
    if text == text.lower():  # written all in lower case (a quick chat line): known first names are names
        sure |= _informal(text, lex, is_word)
    if sure and (speakers > 1 or not speakers):
        for word, (a, b) in maybe.items():
            sure.add(word)
            spans.append(Span("PERSON", a, b, "gazetteer", FUZZY))
        # in a chat, other lower-case first names ("has anyone seen jørgen today?") when they are no word
        for m in _LOWER_WORD.finditer(text):
            word = m.group()
            name = _capitalised(word)
            known = name in lex.first and name not in lex.ambiguous and word not in lex.non_names
            if known and word.islower() and word not in sure and not is_word(word):
                sure.add(word)
        # an ambiguous first name ("stein", "mark") with a known surname after it is a name in a chat
        for m in _LOWER_WORD.finditer(text):
            word = m.group()
            if (
                word.islower()
                and word not in sure
                and _capitalised(word) in lex.first
                and _surname_after(text, m.end(), lex)
            ):
                spans.append(Span("PERSON", m.start(), _surname_after(text, m.end(), lex), "gazetteer", FUZZY))
    found = [(a, _surname_after(text, b, lex) or b) for a, b in mentions(text, sure)]
    return spans + [Span("PERSON", a, b, "gazetteer", FUZZY) for a, b in found]


#: first names that are also common words when written in lower case ("ute" is "outside", "mina" "my", "loan",
#: "tuba"): in chat, a lower-case one is not taken for a name on the list alone. (The English dictionary cannot
#: tell: WordNet lists most first names as proper nouns, "ida", "mari" and "ottar" among them.)
LOWER_CASE_WORDS = word_set(
    "mina dina ane trine vilde ute mats hang harsh hind lan loan maxim ploy randy tuba yen aurora"
)
#: a lower-case word before one of these verbs is a person: "lars says solveig is bi", "javid fell off", "ida er
#: sjuk", "mari har vondt"; after a verb of saying, the word after it too ("says solveig"); and before a pronoun
#: that refers back to it ("sendt til gunhild. ho er", "not ottar, he said no"). Verbs of saying, of being and
#: having, and of what happens to people, found first by the space before them: far fewer places than words.
_SUBJECT_VERBS = re.compile(
    r" (?:says|said|told|asked|wrote|fell|called|thinks|sier|sa|fortalte|spurte|skrev|falt|ringte|lurer|mener"
    r"|er|har|var|hadde|is|has|was|had|han|hun|ho|he|she)(?![\w-])"
)
#: the pronouns among them, which may come after a comma or a full stop
_SUBJECT_PRONOUNS = frozenset(["han", "hun", "ho", "he", "she"])
#: a name joined to the subject: "abdullahi og linh er på kundebesøk"
_JOINED_BEFORE = (" og ", " and ", " & ")
_SAYING = frozenset(["says", "said", "told", "asked", "thinks", "sier", "sa", "fortalte", "spurte", "mener"])
_LOWER_AFTER = re.compile(r" ([^\W\d_]+)")


def _subjects(text: str, lex: NameLexicon, is_word: Callable[[str], bool]) -> set[str]:
    """Lower-case known first names (not also a word) next to a verb: "lars says solveig is bi"."""
    found = set()
    for m in _SUBJECT_VERBS.finditer(text):
        end = m.start()
        verb = m.group()[1:]
        if verb in _SUBJECT_PRONOUNS and text[end - 1 : end] in (",", "."):
            end -= 1  # "gunhild. ho er"
        # the word before: from the space before it, or from a line break or a bracket inside that
        start = text.rfind(" ", 0, end) + 1
        word = text[start:end]
        if "\n" in word or "(" in word:
            cut = max(word.rfind("\n"), word.rfind("(")) + 1
            start, word = start + cut, word[cut:]
        candidates = [word]
        for gap in _JOINED_BEFORE if word in lex.lower_first else ():
            if text.endswith(gap, 0, start):
                k = start - len(gap)
                candidates.append(text[text.rfind(" ", 0, k) + 1 : k].rpartition("\n")[2])
        if verb in _SAYING:
            after = _LOWER_AFTER.match(text, m.end())
            if after:
                candidates.append(after.group(1))
        for word in candidates:
            # a set look-up first: most words before "er" or "is" are no name ("det er", "this is")
            if word in lex.lower_first and word not in found and word not in lex.non_names and not is_word(word):
                found.add(word)
    return found


def _signs_off(text: str, word: str) -> bool:
    """ "… mvh omar": the text's last word after a sign-off is its writer, even a name that is also a word."""
    return text.rstrip(" .!\n").endswith(" " + word)


def _after_label(text: str, lex: NameLexicon, is_word: Callable[[str], bool]) -> set[str]:
    """Known first names (not also a word) in lower case right after a colon: "Assigned: marit"."""
    found = set()
    k = text.find(": ")
    while k >= 0:
        m = _WORD_AT.match(text, k + 2)
        if m:
            word = m.group()
            if word.islower() and word not in lex.non_names and not is_word(word):
                name = _capitalised(word)
                if name in lex.first and name not in lex.ambiguous:
                    found.add(word)
        k = text.find(": ", k + 2)
    return found


_WORD_AT = re.compile(r"[^\W\d_]+(?![\w-])")


def _informal(text: str, lex: NameLexicon, is_word: Callable[[str], bool]) -> set[str]:
    """In a text without a single capital ("heads up - mindaugas is openly gay …"), every known first name that
    is not also a word."""
    found = set()
    for m in _LOWER_WORD.finditer(text):
        word = m.group()
        if word in found or word in lex.non_names or is_word(word):
            continue
        name = _capitalised(word)
        if name in lex.first and name not in lex.ambiguous:
            found.add(word)
    return found


def _surname_after(text: str, end: int, lex: NameLexicon) -> int:
    """Where a lower-case known surname right after ``end`` ends ("sindre karlsen"), else 0."""
    m = NEXT_WORD.match(text, end)
    if m is None:
        return 0
    word = m.group(1)
    return m.end(1) if word.islower() and _capitalised(word) in lex.surnames and word not in lex.non_names else 0


def _capitalised(word: str) -> str:
    """How the lists spell a name typed in lower case: "kari-anne" is "Kari-Anne"."""
    return "-".join(part.capitalize() for part in word.split("-"))


def _addressed(text: str) -> list[tuple[str, bool]]:
    """The words after a greeting ("hei jorunn") and after "@" ("@tuan"), and whether after "@"."""
    found = []
    lowered = text.lower()
    for greeting in _GREETINGS:
        k = lowered.find(greeting)
        while k >= 0:
            if k == 0 or not is_word_char(lowered[k - 1]):
                m = _AFTER_GREETING.match(text, k + len(greeting))
                if m:
                    found.append((m.group(1), False))
            k = lowered.find(greeting, k + 1)
    k = text.find("@")
    while k >= 0:
        m = _AFTER_AT.match(text, k + 1)
        if m and (k == 0 or not is_word_char(text[k - 1])):  # not an e-mail address
            found.append((m.group(), True))
        k = text.find("@", k + 1)
    return found


#: a user name that spells a name: "kari.nordmann", "@ann-kristin.aune", "Get-ADUser jan.odegaard"; not part of an
#: e-mail address or a host name (nothing word-like, "@" or "." joined on either side)
_HANDLE = re.compile(
    rf"(?<![\w.-])([{_LOWER_INITIAL}]+(?:-[{_LOWER_INITIAL}]+)?)[.]([{_LOWER_INITIAL}]{{3,}}(?:-[{_LOWER_INITIAL}]+)?)"
    r"(?![\w@-]|\.\w)"
)
_DOT_LETTER = re.compile(r"\.[^\W\d_]")
#: what follows a dot in a file or host name rather than a surname
_NOT_SURNAMES = word_set(
    "com net org txt pdf log csv json yaml yml xml html htm docx xlsx pptx png jpg jpeg gif zip exe msi ini cfg conf "
    "md py js ts sql bak tmp local intern internal lan corp"
)


def handles(text: str, lex: NameLexicon) -> list[Span]:
    """User names made of a known first name, a dot and another word ("sofia.pereira", "@marit.kristoffersen"):
    the person the account belongs to. The "@" of a mention is left outside. Found from the dots between two
    lower-case letters (few), then matched from the start of the word before."""
    found = []
    for dot in _DOT_LETTER.finditer(text):  # most dots end a sentence: a space follows, or a digit
        k = dot.start()
        if k and text[k - 1].islower() and text[k + 1].islower():
            start = max(text.rfind(" ", 0, k), text.rfind("\n", 0, k), text.rfind("\t", 0, k)) + 1
            # a mention ("@kari.nordmann"), not the domain of an e-mail address
            start += text[start : start + 1] == "@"
            m = _HANDLE.match(text, start)
            if m is not None and m.end(1) == k:
                first, rest = m.group(1), m.group(2)
                if rest not in _NOT_SURNAMES and rest not in lex.non_names and _is_first_name(first, lex):
                    found.append(Span("PERSON", m.start(1), m.end(2), "gazetteer", FUZZY))
    return found


def _is_first_name(word: str, lex: NameLexicon) -> bool:
    return _capitalised(word) in lex.first or all(p.capitalize() in lex.first for p in word.split("-"))
