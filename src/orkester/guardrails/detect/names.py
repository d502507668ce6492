"""Personal names from the Norwegian gazetteer and capitalisation rules; what is left goes to NER.

A *run* is a sequence of capitalised words separated by single spaces ("Per Olav Berg"). Each word gets a
kind from the lists in ``data/``: a first name (F), a first name that is also an ordinary word or month (A:
Per, Mai, Liv, Dag), a name that is both first name and surname (B), a surname (S), a known non-name (X:
stop words, greetings, places, months, company suffixes) or unknown (U). Inside a run, between X words:

* after a greeting, title or role word ("Hei", "Dear", "Mvh", "fru", "Navn:", "kandidat") the words are a name;
* a first name (F, A or B) followed by any name-like word is a name from the first name on ("Kari Nordmann",
  "Per Olav Berg", "Kari Østby-Fjell");
* unknown words ending in a surname are a name ("Mohammed Hansen");
* a lone first name is a name when it is not also an ordinary word ("Kari ringte"; not "Per time");
* a lone surname, or a lone ambiguous first name, needs the cue words above.

A run next to a company suffix ("Olsen Bygg AS", "Van Dijk Precision B.V.") or a street word ("Olav
Tryggvasons gate") is not a person, nor are unknown words before a model code ("Mazak Integrex i-200").
Lower-case chat names, which the capital-letter rules never see, are ``chat``'s business. What
the rules leave open, ``NameRules.find`` returns as groups for the detector to decide: two or
three unknown words in a row (not in a title-case run, not after an article: "the Annual Partner Summit"),
and a lone unknown word that does not start a sentence.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from importlib import resources
from types import MappingProxyType
from typing import NamedTuple

from .spans import FUZZY, Span

WORD = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")
_UPPER = "".join(chr(c) for c in range(0x10000) if chr(c).isupper() and chr(c).isalpha())
_CAPITAL = "[" + re.escape(_UPPER) + "]"
#: a possessive "'s" is not part of the name ("Senait's appraisal"), an apostrophe inside one is ("O'Brien")
_LETTERS = r"[^\W\d_]*(?:(?:-|['\u2019](?!s(?![^\W\d_])))[^\W\d_]+)*"
#: words that start with a capital letter (only those can be names: lower-case words are never looked at),
#: one after another with one space (or no-break space) between them; group 1 is the first word. The capital
#: comes first and the look behind it second, so that ``re`` finds candidates by its prefix scan.
_RUN = re.compile(
    f"({_CAPITAL}(?<![\\w'\u2019-].){_LETTERS})(?:[ \u00a0](?:(?:al|el|bin|ibn|abu)-)?{_CAPITAL}{_LETTERS})*"
)
#: an Arabic family name with its particle: "al-Hassan", "el-Sayed" (a surname inside a run)
_PARTICLE_NAME = re.compile(f"(?:al|el|bin|ibn|abu)-{_CAPITAL}")
NEXT_WORD = re.compile(r"[ \u00a0]([^\W\d_]+)")
#: the word before a position and what stands between, matched on the reversed text: (gap, word) reversed
_PREVIOUS_REVERSED = re.compile(r"([^\w]*)([^\W\d_]+)")
_FIRST_NAME_KIND = re.compile("[FAB]")
_SAINTS = ("St. ", "St ", "Sankt ", "Saint ", "Sta. ")
#: first names that are also adjectives written with a capital ("a devout Christian", "en Kristen")
_CAPITAL_ADJECTIVES = ("Christian", "Kristen")


def _capital_adjective(text: str, start: int) -> bool:
    return text.startswith(_CAPITAL_ADJECTIVES, start)


#: a business named by its trade first ("Advokatfirmaet Lund", "Tannlegesenteret …")
_FIRM_PREFIXES = ("advokatfirma", "regnskapsbyr", "revisjonsfirma", "tannlege", "legesenter", "eiendomsmegler")
#: two capitals in a row after the first letter: a product or an acronym compound, not a name ("OpenSSL")
_INNER_CAPITALS = re.compile(r"[A-ZÆØÅ]{2}")
#: an unknown word ending in a trade is a business ("Polarfrakt", "Nordbygg", "Fjordtransport"), one ending in a
#: building an institution
_TRADE_ENDINGS = (
    "frakt", "transport", "bygg", "service", "data", "teknikk", "maskin", "elektro", "regnskap", "eiendom",
    "energi", "logistikk", "media", "consult", "gruppen", "huset", "senteret", "kontoret", "verksted", "sveis",
    "systemer", "systems", "tech", "soft", "ware", "net", "shop", "butikken", "marked", "entreprenør",
    # buildings and institutions ("Domkirken", "Sentrumskirka", "Ullevålsykehuset")
    "kirken", "kirka", "kirke", "kapellet", "museet", "hallen", "skolen", "barnehagen", "sykehuset", "hotellet",
    "biblioteket", "stadion", "rådhuset", "senteret", "hotel", "hotell", "forbund", "forbundet", "forening",
    "foreningen",
)  # fmt: skip
#: unknown words, or unknown words before a first name ("Tran Van Minh": family name first), left open
_OPEN = re.compile("UUU?|UU?F")
_LINE_START = frozenset('.!?:;\n\u2022*>-\u2013\u2014"\u201c([')


def word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


GREETING_CUES = word_set(
    "hei hallo heisann hi hello hey dear kjære hilsen mvh vh regards thanks takk sincerely cheers best "
    "morning afternoon evening morgen ettermiddag kveld"
)
TITLE_CUES = word_set("mr mrs ms miss dr prof herr fru frk frøken")
ROLE_CUES = word_set(
    "kandidat kandidaten candidate ansatt ansatte employee kollega kollegaen colleague pasient pasienten patient "
    "kunde kunden customer client navn name kontakt kontaktperson contact saksbehandler søker søkeren applicant "
    "medarbeider medarbeideren "
    "konsulent konsulenten consultant signed signert undertegnet attn att "
    "gjest gjesten guest passasjer passasjeren passenger sjåfør sjåføren driver elev eleven pupil student "
    "leietaker leietakeren tenant beboer beboeren resident mottaker mottakeren recipient"
)
CUES = GREETING_CUES | TITLE_CUES | ROLE_CUES
#: a run ending in one of these is an organisation ("Hansen Mekaniske AS"), not a person
COMPANY_SUFFIXES = word_set(
    "AS ASA ANS DA SA BA Ltd Limited Inc LLC GmbH AB Oy Plc Corp Group Gruppen BV NV AG KG SE Sp SpA SRL SARL SAS "
    "UAB SIA ApS Kft PLC LLP Energi Energy Electric Enterprise Online Systems Solutions Consulting Eiendom "
    "Logistikk Logistics Hotels Hotel Hotell Resort Restaurant Bakery Café Cafe Kafé "
    # a trade after a name is a firm even without "AS": "Kvalheim Maskin", "Vestbris Tannhelse", "Trollhaug Bemanning"
    "Maskin Bygg Transport Tannhelse Arkitekter Arkitektur Bemanning Regnskap Revisjon Advokater Elektro Rør "
    "Entreprenør Entreprenører Teknikk Renhold Sveis Mek Verksted Handel Marine Havbruk Fisk Laks"
)
#: "Van Dijk Precision B.V.", "Nowak Metal Sp. z o.o.": a dotted suffix after a run
_DOTTED_SUFFIXES = (" B.V.", " N.V.", " S.A.", " S.p.A.", " Sp.", " A/S", " S.L.", " S.R.L.", " Co.")
#: "Mazak Integrex i-200": unknown words followed by a model code (letters and digits) are a product
_MODEL_CODE = re.compile(r"[ \u00a0](?=[\w/-]*\d)(?=[\w/-]*[^\W\d_])[\w/-]+")
#: a part given by its dimensions after its name: "Aksel Ø49 x 216 mm" (an axle), "Bolt M12x40", "Rør DN50"
_DIMENSION = re.compile(
    r"[ \u00a0](?:[Øø\u2300][ \u00a0]?\d|M\d{1,2}(?:[x\u00d7]\d|\b)|DN[ \u00a0]?\d"
    r"|\d+(?:[.,]\d+)?[ \u00a0]?(?:mm|cm)\b)"
)
#: a ship's prefix before a run ("MS Richard With", "M/S Nordkapp"): the run is the ship (written in capitals,
#: unlike the title "Ms")
_SHIPS = ("MS ", "M/S ", "MV ", "M/V ", "MT ", "SS ", "HMS ", "RV ")
#: a street named first by its kind ("Rua Augusta", "Calle Mayor", "ul. Mickiewicza")
STREET_PREFIXES = word_set("Rua Rue Calle Via Avenida Avenue Strada Ulica Avinguda Carrer Praça Plaza")
#: capitalised words after a name that make the run a place or a thing: "Victoria Room", "Victoria Falls" (not
#: those that are common surnames too: "Lane", "Hall", "Park")
PLACE_WORDS = word_set(
    "Room Rooms Falls Street Road Square Station Centre Center Lake Bay Island Arena Suite Terminal Airport "
    "Hospital Church Cathedral College University School Library Museum Tower Gardens Plaza Avenue Lounge Stadium "
    "Building Campus"
)
#: family names written first ("Wang Hao", "Chen Min", "Nguyễn Quoc Bao", "Kim Ji-woo"): common Chinese,
#: Vietnamese and Korean family names; those that are also common English or Norwegian words ("Han", "He",
#: "Long", "Park", "Son") are left out
FAMILY_FIRST = word_set(
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Ma Zhu Hu Guo Lin Luo Gao Zheng Liang Xie Tang Feng Deng "
    "Cao Peng Zeng Xiao Tian Dong Yuan Cai Jiang Yu Cheng Wei Su Lu Ding Shen Yao Cui Zhong Tan Jin Liao Zou "
    "Xiong Qiu Qin Dai Xue Bai Duan Hao Kong Shao Mao Qian Gu Lai Wen Meng Qi Yin Xing Zhu "
    "Nguyen Nguyễn Tran Trần Le Lê Pham Phạm Hoang Hoàng Huynh Huỳnh Phan Vu Vũ Vo Võ Dang Đặng Bui Bùi Do Đỗ "
    "Ho Hồ Ngo Ngô Duong Dương Ly Lý Truong Trương Dinh Đinh Lam Lâm Trinh Trịnh Luu Lưu "
    "Kim Lee Choi Jung Kang Cho Yoon Jang Lim Shin Seo Kwon Hwang Ahn Yoo Hong Jeon Ko Bae Baek"
)
#: a first name that is also a word ("Per", "Siv") followed by a verb of saying is a person: "Per asked whether"
_SAYS_AFTER = re.compile(
    r"[ \u00a0](?:asked|said|says|told|wrote|called|replied|sa|sier|spurte|fortalte|skrev|ringte|svarte)(?![\w-])"
)
#: lower-case particles allowed inside a name ("Ludwig van Beethoven", "Omar al-Farouk" is one word)
PARTICLES = word_set("van von der den de da di du la le bin ibn al el dos das del dela delos ter")
MAX_NAME_WORDS = 4
#: lower-case nouns after a name that make it an institution's
INSTITUTION_WORDS = word_set(
    "barnehage barnehagen skole skolen sykehjem sykehjemmet kirke kirken kapell senter senteret bibliotek museum "
    "idrettslag borettslag sameie menighet legesenter tannklinikk"
)
#: "& Sønn AS", "og Sveis AS", "and Sons Ltd": one to three capitalised words after "&"/"og"/"and", then the suffix
_JOINED_FIRM = re.compile(r"[ \u00a0]+(?:&|og|and)(?:[ \u00a0]+[A-ZÆØÅ][^\W\d_]*){1,3}[ \u00a0]+([A-Za-z]+)")
STREET_WORDS = word_set("gate gata vei veien veg vegen plass plassen allé alle bakke terrasse brygge torg")
#: words before capitalised words that make them a thing or a place, not a person
THING_WORDS = word_set(
    "the a an this that our your their en et ei det den denne dette vår vårt våre in på near mv ms mt m/s"
)


def _union_words() -> frozenset[str]:
    """The one-word trade-union names ("Fellesforbundet", "Parat"): organisations, never a person's name."""
    text = resources.files("orkester.guardrails.data").joinpath("special_categories.json").read_text("utf-8")
    names: list[str] = json.loads(text)["TRADE_UNION_NAMES"]
    return frozenset(n.casefold() for n in names if " " not in n)


def _read_list(name: str) -> frozenset[str]:
    text = resources.files("orkester.guardrails.data").joinpath(name).read_text("utf-8")
    return frozenset(s for line in text.splitlines() if (s := line.split("#", 1)[0].strip()))


class Word(NamedTuple):
    text: str
    start: int
    end: int
    kind: str  # F A B S X U


class NameLexicon:
    """The gazetteer and non-name lists, read once from package data."""

    def __init__(self) -> None:
        self.first = _read_list("first_names.txt")
        self.ambiguous = _read_list("ambiguous_names.txt")
        self.surnames = _read_list("surnames.txt")
        #: why spaCy (whose Norwegian and English stop words are part of the non-name list) is unusable
        self.missing: str | None = None
        try:
            from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP
            from spacy.lang.nb.stop_words import STOP_WORDS as NB_STOP
        except ImportError as e:
            self.missing, EN_STOP, NB_STOP = str(e), set(), set()
        self.non_names = (
            frozenset(w.casefold() for w in _read_list("non_names.txt")) | NB_STOP | EN_STOP | _union_words()
        )
        # the kind of every listed word as it is usually written, worked out once: most capitalised words
        # of a text are found here with one look-up
        usual = {w[:1].upper() + w[1:] for w in self.non_names | CUES}
        self._kinds = MappingProxyType({w: self._kind(w) for w in self.first | self.surnames | usual})
        #: the first names that need no more evidence, as a chat types them ("kari", "ann-kristin")
        self.lower_first = frozenset(n.lower() for n in self.first - self.ambiguous)
        # the other words' kinds, remembered (a text's words recur from text to text: "Invoice", "Oslo"); per
        # lexicon, bounded, and safe across threads (functools' cache is)
        self._unlisted_kind = functools.lru_cache(maxsize=1 << 16)(self._unlisted)

    def kind(self, word: str) -> str:
        """F, A, B, S, X or U (see the module docstring), or "" for a word not written as a name."""
        found = self._kinds.get(word)
        return self._unlisted_kind(word) if found is None else found

    def _kind(self, word: str) -> str:
        if is_capitalised(word):
            if word in self.first:
                return "A" if word in self.ambiguous else "B" if word in self.surnames else "F"
            if word in self.surnames:
                return "S"
        return self._unlisted(word)

    def _unlisted(self, word: str) -> str:
        """The kind of a word that is in neither name list (every word that is has its kind worked out)."""
        if word.isupper():  # "NAV", "IBAN": no lower-case letter, not written as a name
            return ""
        if word[:2] in ("I'", "I\u2019"):  # "I'm", "I've": the pronoun, not written as a name
            return ""
        if not is_capitalised(word):  # or a particle name ("al-Hassan"), never at a capital
            return "S" if word[:1] in "aebi" and _PARTICLE_NAME.match(word) else ""
        if "-" in word:
            if any(len(p) > 1 and p.isupper() for p in word.split("-")):
                return "X"  # "IP-adresse", "NAV-kontoret": an abbreviation in a compound word
            parts = [p.capitalize() for p in word.split("-")]
            if all(p in self.first for p in parts):
                return "F"
            if all(p in self.first or p in self.surnames for p in parts):
                return "S"
        folded = word.casefold()
        if folded in self.non_names or folded in CUES:
            return "X"
        if _INNER_CAPITALS.search(word, 1) or folded.endswith(_TRADE_ENDINGS):
            return "X"  # "OpenSSL", "PostgreSQL": a product; "Polarfrakt", "Nordbygg": a business; "Domkirken"
        if word[:-1].isupper() and word[-1] == "s":
            return "X"  # an abbreviation's plural: "IDs", "PCs", "APIs"
        if folded.startswith(_FIRM_PREFIXES):
            return "X"  # "Advokatfirmaet Lund & Co", "Regnskapsbyrået …"
        if len(folded) >= 10 and folded.endswith(("en", "et")) and not folded.endswith("sen"):
            return "X"  # a long Norwegian definite noun ("Tariffavtalen", "Fergesambandet"); not "Kristoffersen"
        if len(folded) >= 6 and folded.endswith("ene"):
            return "X"  # a Norwegian definite plural ("Varene", "Maskinene"); names so spelt are in the lists
        return "U"


def is_capitalised(word: str) -> bool:
    """Title-cased as a name is written: "Kari", "McDonald", "Østby-Fjell"; not "NAV" or "kari"."""
    if len(word) < 2 or not word[0].isupper():
        return False
    rest = word[1:]  # all lower case ("Kari") or all upper ("NAV") answers without a loop
    return rest.islower() or (not rest.isupper() and any(ch.islower() for ch in rest))


def mentions(text: str, words: set[str]) -> list[tuple[int, int]]:
    """Every whole-word occurrence of ``words`` in ``text``, exactly as written."""
    found = []
    for word in words:
        k = text.find(word)
        while k >= 0:
            end = k + len(word)
            if (k == 0 or not is_word_char(text[k - 1])) and (end == len(text) or not is_word_char(text[end])):
                found.append((k, end))
            k = text.find(word, end)
    return found


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"


class Found(NamedTuple):
    words: list[Word]  # the capitalised words the rules looked at
    names: list[Span]  # the names the rules are sure of
    open_groups: list[list[int]]  # groups of words (indexes into ``words``) for the detector and NER to decide


class NameRules:
    def __init__(self, lexicon: NameLexicon) -> None:
        self.lex = lexicon

    def find(self, text: str, *, singles: bool = True, plural_noun: Callable[[str], bool] = lambda w: False) -> Found:
        """Names by the rules, and the groups of words they leave open.

        ``singles=False`` leaves out the groups of one word, which only NER can decide (no NER, no need).
        ``plural_noun`` tells the plural of an English dictionary noun: after a cue, unknown words that are all
        such plurals are not taken for a name ("Dear Admissions Office", "Hi Reports").
        """
        kind = self.lex.kind
        scan = _Scan(text, singles, self.lex.non_names, plural_noun)
        for m in _RUN.finditer(text):
            start, end = m.span()
            if m.end(1) == end:  # most runs are one word
                word = m[0]
                k = kind(word)
                if k and k != "X":
                    scan.single(word, start, end, k)
                continue
            run = m[0].split()
            kinds = [kind(word) for word in run]
            named = "".join(kinds)  # the kinds of the words written as names
            if named.strip("X"):  # not only non-name words
                scan.several(run, kinds, named, start)
                if run[0] in FAMILY_FIRST and len(run) <= 3:
                    scan.family_first(run, kinds, start, end)
        return Found(scan.words, scan.names, scan.open_words)


class _Scan:
    """One text's runs of capitalised words, read by the rules in the module docstring."""

    def __init__(
        self,
        text: str,
        singles: bool,
        non_names: frozenset[str],
        plural_noun: Callable[[str], bool] = lambda w: False,
    ) -> None:
        self.text, self.singles, self._non_names, self._plural_noun = text, singles, non_names, plural_noun
        self.reversed = text[::-1]
        self.words: list[Word] = []
        self.names: list[Span] = []
        self.open_words: list[list[int]] = []

    def single(self, word: str, start: int, end: int, kind: str) -> None:
        """A run of one word, not a non-name word: what ``run`` concludes for it, in fewer steps."""
        if (
            kind in ("F", "B")
            or (self._cue_before(start) and not (kind == "U" and self._plural_noun(word)))
            or self._capitalised_mid_sentence(kind, start)
            or (kind == "A" and _SAYS_AFTER.match(self.text, end) is not None)
        ):
            self.words.append(Word(word, start, end, kind))
            if not self._organisation_or_street(len(self.words) - 1, len(self.words), kind):
                self.names.append(Span("PERSON", start, end, "gazetteer", FUZZY))
        elif kind == "U" and self.singles and not _initial(self.text, start):
            self.words.append(Word(word, start, end, kind))
            if not self._organisation_or_street(len(self.words) - 1, len(self.words), kind):
                self.open_words.append([len(self.words) - 1])

    def family_first(self, run: list[str], kinds: list[str], start: int, end: int) -> None:
        """ "Wang Hao", "Nguyễn Quoc Bao": a family name written first, then one or two short given names (not
        words that are no names), is one name; unless a firm's suffix, a street or a place follows."""
        if not all(k and k != "X" and len(w) <= 8 for w, k in zip(run[1:], kinds[1:], strict=True)):
            return
        m = NEXT_WORD.match(self.text, end)
        after = m[1] if m else ""
        if after in STREET_WORDS or after in COMPANY_SUFFIXES or after in PLACE_WORDS or after in INSTITUTION_WORDS:
            return
        self.names.append(Span("PERSON", start, end, "gazetteer", FUZZY))

    def _capitalised_mid_sentence(self, kind: str, start: int) -> bool:
        """A first name that is also a word ("Liv", "Dag", "Vår"), capitalised inside a sentence, where the word
        would be written in lower case: "we are pleased to offer Liv a place", "plass for Dag i barnehagen";
        not after an article or a place preposition ("på Sol", "the Storm")."""
        if kind != "A" or _capital_adjective(self.text, start):
            return False
        text, k = self.text, start - 1
        while k >= 0 and text[k] in " \t\u00a0":
            k -= 1
        # after a word or a comma only: after an emoji or a symbol a new message may start ("🎉 Mark as resolved")
        if k < 0 or not (text[k].isalnum() or text[k] == ","):
            return False
        end = start
        while end < len(text) and (text[end].isalpha() or text[end] == "-"):
            end += 1
        if text[end : end + 1] == "." and text[end + 1 : end + 2].isalnum():
            return False  # "Finn.no": a domain
        if text.startswith(" the ", end):
            return False  # "… and Bill the tooling charge", "Mark the invoice": a verb before its object
        return not self._after_article(start)

    def several(self, run: list[str], kinds: list[str], named: str, start: int) -> None:
        """A run of several words (``run``, from ``start``) of ``kinds``; ``named`` is the kinds joined (the
        kinds of the words kept). A word not written as a name ("NAV", kind "") ends a run: each part is a run."""
        words = self.words
        first = i = len(words)  # named[k - first] is the kind of words[k]
        for word, k in zip(run, kinds, strict=True):
            if k:
                words.append(Word(word, start, start + len(word), k))
            else:
                self.run(i, len(words), named[i - first : len(words) - first])
                i = len(words)
            start += len(word) + 1
        self.run(i, len(words), named[i - first :])

    def run(self, i: int, j: int, kinds: str) -> None:
        """The run ``words[i:j]``, of ``kinds``; its segments are the words between its non-name (X) words."""
        before = len(self.names), len(self.open_words)
        a = i
        for segment in kinds.split("X"):
            if segment:
                self._segment(a, a + len(segment), segment, i, j)
            a += len(segment) + 1
        if before != (len(self.names), len(self.open_words)) and self._organisation_or_street(i, j, kinds):
            del self.names[before[0] :], self.open_words[before[1] :]

    def _cue(self, a: int, i: int) -> bool:
        """A cue for the segment from ``words[a]`` of the run from ``words[i]``: before the run for the segment
        that starts it; inside the run, the word before."""
        return self._cue_before(self.words[a].start) if a == i else self._cue_word(self.words[a - 1])

    def _cue_word(self, word: Word) -> bool:
        """Inside a run a role word introduces a name only at the start of a sentence ("Kontakt Ola Berg");
        elsewhere it is part of a title ("the Employee Handbook"); greetings and titles always."""
        folded = word.text.casefold()
        if folded in GREETING_CUES or folded in TITLE_CUES:
            return True
        return folded in ROLE_CUES and _initial(self.text, word.start)

    def _organisation_or_street(self, i: int, j: int, kinds: str) -> bool:
        """ "Brightline Consulting Ltd", "Olsen Bygg AS": an organisation; "Dag Hammarskjölds vei", "Olav
        Tryggvasons gate": a street named after someone. Then the run (``words[i:j]``, of ``kinds``) holds no
        person."""
        text, end = self.text, self.words[j - 1].end
        before = text[max(0, self.words[i].start - 6) : self.words[i].start]
        if before.endswith(_SAINTS):
            return True  # "St. Olav's Church", "Sankt Hans": named after a saint
        if before.endswith(_SHIPS) or self.words[i].text in STREET_PREFIXES:
            return True  # "MS Richard With": a ship; "Rua Augusta": a street
        m = NEXT_WORD.match(text, end)
        after = m[1] if m else ""
        if after in STREET_WORDS or after in COMPANY_SUFFIXES or text.startswith(_DOTTED_SUFFIXES, end):
            return True
        if after in PLACE_WORDS or (j - i > 1 and any(w.text in PLACE_WORDS for w in self.words[i + 1 : j])):
            return True  # "Victoria Room", "Victoria Falls": a place
        if after in INSTITUTION_WORDS:
            return True  # "Solbakken barnehage", "Lykkeliten sykehjem": an institution's name
        joined = _JOINED_FIRM.match(text, end)
        if joined and joined.group(1) in COMPANY_SUFFIXES:
            return True  # "Berg & Sønn AS", "Lunde Maskin og Sveis AS": a firm's name joined by "&"/"og"/"and"
        if not kinds.strip("U") and _MODEL_CODE.match(text, end):  # unknown words only
            return True
        if _DIMENSION.match(text, end):
            return True
        return not COMPANY_SUFFIXES.isdisjoint([w.text for w in self.words[i:j]])

    def _segment(self, a: int, b: int, kinds: str, i: int, j: int) -> None:
        """The segment ``words[a:b]`` (of kinds ``kinds``) of the run ``words[i:j]``."""
        words, cue_at = self.words, a
        # (not "Helen Tekle": a name that is also a surname, last, ends a name of two)
        strip = b - a > 1 and (kinds[1] in "FA" or (kinds[1] == "B" and b - a > 2))
        if strip and kinds[0] == "U" and _initial(self.text, words[a].start):
            a, kinds = a + 1, kinds[1:]  # "Spør Tina": a capital at the start of a sentence says nothing
        n = b - a
        found: tuple[int, int] | None = None
        first = _FIRST_NAME_KIND.search(kinds)
        if first is not None and first.start() == 0 and 1 < n <= 3:
            found = (a, b - 1)  # "Kari Nordmann", "Per Olav Berg": the same with a cue before it or not
        elif self._cue(cue_at, i) and not self._plural_nouns(a, b, kinds):
            found = (a, a + min(n, 3) - 1)
        elif first is not None and first.start() + 1 < n:
            found = (a + first.start(), a + min(n, first.start() + MAX_NAME_WORDS) - 1)
        elif n >= 2 and kinds[-1] in "SB" and kinds[-2] == "U" and not self._place(words[b - 1].text):
            found = (b - 3 if n >= 3 and kinds[-3] == "U" else b - 2, b - 1)
        elif kinds in ("F", "B"):
            found = (a, a)
        if found:
            self.names.append(Span("PERSON", words[found[0]].start, words[found[1]].end, "gazetteer", FUZZY))
        elif _OPEN.fullmatch(kinds) and not self._titled(i, j) and not self._after_article(words[a].start):
            self.open_words.append(list(range(a, b)))  # a name unless NER and the dictionary both say otherwise
        elif kinds == "U" and self.singles and not _initial(self.text, words[a].start):
            self.open_words.append([a])

    def _plural_nouns(self, a: int, b: int, kinds: str) -> bool:
        """Every word of ``words[a:b]`` is unknown and the plural of an English noun ("Admissions", "Reports")."""
        return not kinds.strip("U") and all(self._plural_noun(w.text) for w in self.words[a:b])

    def _place(self, word: str) -> bool:
        """A surname that is also a place ("Lillehammer", "Molde"): after unknown words it is the place
        ("Fergesambandet Lillehammer", "Coop Extra Lillehammer")."""
        return word.casefold() in self._non_names

    def _titled(self, i: int, j: int) -> bool:
        """The run holds a non-name word other than a cue ("the Annual Partner Summit"): it is a title or a
        thing, and its unknown words are not taken as a name on their capitals alone."""
        return any(self.words[k].kind == "X" and self.words[k].text.casefold() not in CUES for k in range(i, j))

    def _word_before(self, start: int) -> re.Match[str] | None:
        """The word before ``start`` (any case, within 40 characters) and what stands between it and ``start``,
        both reversed: groups 2 and 1 of the match."""
        n = len(self.text)
        return _PREVIOUS_REVERSED.match(self.reversed, n - start, n - max(0, start - 40))

    def _after_article(self, start: int) -> bool:
        """ "the Quick Access Toolbar", "på Nye Sandvika": an article or place preposition makes it a thing."""
        m = self._word_before(start)
        return m is not None and m.group(1) == " " and m.group(2)[::-1].casefold() in THING_WORDS

    def _cue_before(self, start: int) -> bool:
        """The word before the run (across punctuation and one line break) is a greeting, title or role word."""
        m = self._word_before(start)
        if m is None:
            return False
        word = m.group(2)[::-1].casefold()
        if word not in CUES:
            return False
        gap = m.group(1)[::-1]
        allowed = " \t\u00a0,:\n" + ("." if word in TITLE_CUES else "")
        if len(gap) > 6 or gap.count("\n") > 1 or gap.strip(allowed):
            return False
        if word in GREETING_CUES or word in TITLE_CUES:
            return True
        return word in ROLE_CUES and (m.group(2).islower() or ":" in gap)


def _initial(text: str, start: int) -> bool:
    """The word at ``start`` begins a sentence, a line or a list item."""
    k = start - 1
    while k >= 0 and text[k] in " \t\u00a0":
        k -= 1
    return k < 0 or text[k] in _LINE_START


#: after a name: middle initials and a surname ("Tor A. Lund", "Hilde H. Andersen"), or a particle and a surname
#: ("Sophie van der Meer", "Ana de la Cruz")
_INITIALS_THEN_SURNAME = re.compile(f"(?:[ \u00a0]{_CAPITAL}\\.){{1,2}}[ \u00a0]{_CAPITAL}{_LETTERS}")
_PARTICLES_THEN_SURNAME = re.compile(
    f"(?:[ \u00a0](?:van|von|de|der|den|da|di|du|le|la|ter|dos|das|del|dela|delos)){{1,2}}[ \u00a0]{_CAPITAL}{_LETTERS}"
)


def widen_names(text: str, persons: list[Span], lex: NameLexicon) -> list[Span]:
    """Names that go on past where the rules stopped: initials or particles, then a surname ("Tor A. Lund",
    "Sophie van der Meer"), returned as longer spans beside the found ones (overlap resolution keeps the longer);
    and a known first name, an initial and a capitalised word, even where the first name alone is also a word
    ("Vår B. Jacobsen", "Stein S. Johannessen"): the initial says it is a name."""
    out = []
    for p in persons:
        m = _INITIALS_THEN_SURNAME.match(text, p.end) or _PARTICLES_THEN_SURNAME.match(text, p.end)
        if m:
            out.append(p._replace(end=m.end()))
    k = text.find(". ")
    while k >= 0:  # " A. B": an initial between two words (found by the literal ". ", as rare as sentence ends)
        if k >= 2 and text[k - 1].isupper() and text[k - 2] in " \u00a0" and text[k + 2 : k + 3].isupper():
            a = k - 2
            while a > 0 and (text[a - 1].isalpha() or text[a - 1] == "-"):
                a -= 1
            if text[a : k - 2] in lex.first:
                m = _INITIALS_THEN_SURNAME.match(text, k - 2)
                if m:
                    out.append(Span("PERSON", a, m.end(), "gazetteer", FUZZY))
        k = text.find(". ", k + 2)
    return out


#: a capitalised word (a candidate name in the few words before a pronoun)
_CAPITALISED_WORD = re.compile(f"{_CAPITAL}{_LETTERS}")
_PRONOUNS = ("han", "hun", "he", "she")
_PRONOUN_REACH = 48  # characters before the pronoun, about six words
_OPENERS = frozenset(".!?:\n")


def referred_names(text: str, lex: NameLexicon) -> list[Span]:
    """A first name that is also a word ("Per", "Sol", "Storm", "Vår"), opening a sentence or a message, with
    "han"/"hun"/"he"/"she" in the next few words: the pronoun says the word is a person ("Per lurer på om han
    kan …"), where "Per time" or "Storm i vente" have none. Read backwards from each pronoun (found with
    ``str.find``), so a text pays only for the pronouns it has."""
    lowered = text.lower()
    out: dict[int, Span] = {}
    for pronoun in _PRONOUNS:
        k = lowered.find(f" {pronoun} ")
        while k >= 0:
            for m in _CAPITALISED_WORD.finditer(text, max(0, k - _PRONOUN_REACH), k):
                word, start = m.group(), m.start()
                if start in out or word not in lex.ambiguous or word not in lex.first:
                    continue
                j = start
                while j > 0 and text[j - 1] in " \u00a0":
                    j -= 1
                if j == 0 or text[j - 1] in _OPENERS:
                    out[start] = Span("PERSON", start, m.end(), "gazetteer", FUZZY)
            k = lowered.find(f" {pronoun} ", k + 1)
    return list(out.values())
