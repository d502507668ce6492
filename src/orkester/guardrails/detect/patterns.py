"""Contact details and network addresses by pattern: e-mail, phone, IP, street address.

Phone numbers have no check digit, so shape and context decide: a number written with a country prefix
or in the usual groups ("912 34 567", "91 23 45 67") is a phone; a bare 8-digit number is one unless the
words before it call it something else ("ordre 45012345") or it reads as a date ("20240115").
"""

from __future__ import annotations

import datetime
import ipaddress
import re
from collections.abc import Iterator

from .context import cue_before, cues
from .identifiers import NUMBER_NEGATIVE_CUES
from .numbers import NumberStarts, every_start, leftmost, number_starts
from .spans import PATTERN, Span

_EMAIL = re.compile(r"(?<![\w.+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
_LOCAL_PART = frozenset(".%+-_")  # with the word characters

# Bare phone numbers are found by ``numbers.number_starts``; the rest start with "+47", "0047", "+" or "00",
# which ``re`` finds by its fast literal prefix scan (so each expression starts with all of it, and looks behind
# it only then).
_R = r"(?![\w])(?![\-./,]\d)"
_NO_NUMBER = (
    r"(?P<number>[2-9]\d{7}|[2-9]\d{2} \d{2} \d{3}|[2-9]\d(?: \d{2}){3}|[2-9]\d{3} \d{4}|[2-9]\d{2}-\d{2}-\d{3})"
)
_PHONE_NO = (
    re.compile(r"\+47(?<![\w\-./,+]\+47)[ -]?" + _NO_NUMBER + _R),
    re.compile(r"0047(?<![\w\-./,+]0047)[ -]?" + _NO_NUMBER + _R),
    re.compile(r"\(\+47\)[ -]?" + _NO_NUMBER + _R),  # "(+47) 45 17 38 29"
)
_INTL_REST = r"(?!47)[1-9]\d{0,2}(?:[ .-]?\(?\d{1,5}\)?){2,6}" + _R
_PHONE_INTL = (re.compile(r"\+(?<![\w+]\+)" + _INTL_REST), re.compile(r"00(?<![\w+]00)" + _INTL_REST))
_PHONE_CUES = cues(
    "tlf tel telefon telephone phone mobil mobile mob cell ring ringe ringt call sms kontakt contact "
    "nummer number nr direkte direct fax sentralbord vakttelefon "
    # people a number reaches, where a negative cue's prefix would match ("referee" starts with "ref")
    "referee referent saksbehandler saksbehandleren kontaktperson"
)

_MORE_GROUPS = re.compile(r" \d{3,}")
#: a number given as an example of a format, not someone's
_EXAMPLE = re.compile(
    r"(?:\be\.\s?g\.?|\beg\.|for example|for instance|such as|f\.\s?eks\.?|for eksempel|eksempel:?)\s*\(?$",
    re.IGNORECASE,
)
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = re.compile(r"(?<![\w.])" + _OCTET + r"(?:\." + _OCTET + r"){3}(?![\w]|\.\d)")
#: every IPv4 address holds this, its first dot at most three characters after its start
_IPV4_DOTS = re.compile(r"\.\d{1,3}\.\d{1,3}\.\d")
_IPV6 = re.compile(r"(?<![\w:.])(?=[0-9A-Fa-f:]*:[0-9A-Fa-f]*:)[0-9A-Fa-f:]{2,39}(?:\d{1,3}(?:\.\d{1,3}){3})?(?![\w:])")
#: every IPv6 address holds this, less than 39 characters after its start
_IPV6_COLONS = re.compile(r":[0-9A-Fa-f]*:")
#: an upgrade or rollback names the version it goes to
_UPGRADE = re.compile(
    r"(?:upgrad\w*|oppgrader\w*|downgrad\w*|nedgrader\w*|rolled\s+back|roll\s+back|rollback|tilbakestilt|"
    r"release\s+notes|patch(?:ed)?)(?:\s+(?:to|til|from|fra))?\s*$"
)
#: words that make a short dotted number an address ("DNS 8.8.8.8", "ping 1.1.1.1", "fra 2.3.4.5")
_NETWORK = re.compile(r"(?<![\w-])(?:ip|ipv4|dns|host|server|ping|gateway|adresse|address|addr|from|fra|src|dst)\W*$")
#: a version's words earlier on the line, with no network word after them
_VERSION_CONTEXT = re.compile(
    r"(?<![\w-])(?:release|version|versjon|firmware|fw|upgrad\w*|oppgrader\w*|oppdater\w*|update[sd]?|build|patch\w*|"
    r"client|klient|app|software|programvare\w*|feilkode|error\s+code|kode|code)(?![\w-])"
)
_FROM = re.compile(r"\s+(?:from|fra)(?![\w-])")
#: a netmask or a wildcard mask after an address
_MASK_AFTER = re.compile(r"[ \t]+(?:255|0)\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\w.])")
_NETWORK_WORD = re.compile(
    r"(?<![\w-])(?:ip|ipv4|host|server|at|på|address|adresse|addr|from|fra|dns|gateway|src|dst|device|enhet|pc|"
    r"laptop)(?![\w-])"
)
_VERSION_WORDS = (
    "v", "version", "versjon", "release", "utgave", "firmware", "fastvare", "programvare", "build", "rev", "rev.",
    "revisjon", "revision",
)  # fmt: skip

_NO_SUFFIXES = (
    "gata", "gaten", "gate", "gt.", "veien", "vegen", "vei", "veg", "vn.", "plassen", "plass", "allé", "alle",
    "bakken", "bakke", "stien", "lia", "ringen", "svingen", "bryggen", "brygge", "torget", "torg", "tunet", "kaia",
    "kaien", "haugen", "jordet", "løkka", "stredet", "kroken", "tangen", "åsen", "lunden", "høgda", "bråten", "myra",
    "enga", "terrassen", "terrasse", "parken", "tråkket", "grenda", "kollen", "skogen", "marka", "stubben",
)  # fmt: skip
_NO_SUFFIX = "(?:" + "|".join(map(re.escape, _NO_SUFFIXES)) + ")"
_UC = r"[A-ZÆØÅ]"
_LC = r"[a-zæøåéü]"
# After its capital, one street word ending in a suffix ("Storgata"), tried only when a house number follows
# (the suffixes are letters and "."), or one to three words before a street word ("Kongens gate"). The
# letters of a word are taken whole (++): giving back its last "s" for "(?:s|\.)?" reaches the same place.
_NO_STREET = (
    rf"{_UC}(?<!\w{_UC})"
    rf"(?:(?={_LC}++\.?[ ]\d){_LC}+{_NO_SUFFIX}"  # Storgata, Bogstadveien
    rf"|{_LC}++(?:s|\.)?[ ](?:{_UC}{_LC}++(?:s|\.)?[ ]){{0,2}}"
    r"(?:gate|gata|vei|veg|plass|allé|alle|terrasse|brygge|torg))"  # Kongens gate
)
_NO_ADDRESS = re.compile(
    rf"({_NO_STREET}[ ]\d{{1,4}}(?:[ ]?[A-Za-z](?![\w]))?(?:,?[ ]\d{{4}}[ ]{_UC}{_LC}+(?:[ ]{_UC}{_LC}+)?)?)"
)
_EN_SUFFIXES = (
    "Street", "St.", "Road", "Rd.", "Avenue", "Ave.", "Lane", "Drive", "Close", "Way", "Court", "Place", "Square",
    "Terrace", "Crescent", "Boulevard", "Blvd.", "Gardens", "Row", "Mews", "Grove", "Parade", "Walk",
)  # fmt: skip
_EN_SUFFIX = "(?:" + "|".join(map(re.escape, _EN_SUFFIXES)) + ")"
#: Every address holds one of these, on its own line: a Norwegian street word with the house number after it
#: ("gata 12", group ``house``; a look-behind has one width, so one per length of word), or an English street
#: word ("Baker Street"). Found from its space (a literal: ``re`` jumps to it), it says which lines to search;
#: most spaces are turned down by the first character after them.
_STREET_HINT = re.compile(
    r"[ ](?=[\d"
    + "".join(sorted({w[0] for w in _EN_SUFFIXES}))
    + r"])(?:(?P<house>\d(?:"
    + "|".join(
        f"(?<=(?:{'|'.join(re.escape(w) for w in _NO_SUFFIXES if len(w) == n)})[ ]\\d)"
        for n in sorted({len(w) for w in _NO_SUFFIXES})
    )
    + "))|"
    + _EN_SUFFIX
    + ")"
)
_EN_ADDRESS = re.compile(
    r"(\d(?<!\w\d)\d{0,4}[A-Za-z]?[ ](?:[A-Z][a-z]+[ ]){1,3}" + _EN_SUFFIX
    + r"(?:,[ ][A-Z][a-z]+(?:[ ][A-Z][a-z]+)?)?"  # town
    + r"(?:,?[ ](?:[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}|[A-Z]{2}[ ]\d{5}))?)"  # UK postcode or US state+ZIP
)  # fmt: skip


def find_patterns(text: str, numbers: NumberStarts | None = None) -> list[Span]:
    """Contact details and addresses in ``text``; ``numbers`` is ``number_starts(text)`` when the caller has it."""
    numbers = number_starts(text) if numbers is None else numbers
    spans = [Span("EMAIL", m.start(), m.end(), "pattern", PATTERN) for m in _emails(text) if _mailbox(text, m)]
    spans += _phones(text, numbers)
    spans += _ips(text)
    spans += _addresses(text)
    return spans


def _addresses(text: str) -> list[Span]:
    norwegian: list[int] = []
    english: list[int] = []
    for hint in _STREET_HINT.finditer(text):
        (norwegian if hint.lastgroup == "house" else english).append(hint.start())
    found = [*_in_lines(_NO_ADDRESS, text, norwegian), *_in_lines(_EN_ADDRESS, text, english)]
    return [Span("ADDRESS", m.start(1), m.end(1), "pattern", PATTERN) for m in found]


def _in_lines(pattern: re.Pattern[str], text: str, hints: list[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, for a pattern whose every match lies on one line and holds one of ``hints``
    (ascending positions): only the lines with a hint are searched, each with its line break (for look-aheads)."""
    end = 0
    for hint in hints:
        if hint < end:
            continue  # on a line searched already
        start = text.rfind("\n", 0, hint) + 1
        newline = text.find("\n", hint)
        end = len(text) if newline < 0 else newline + 1
        yield from pattern.finditer(text, start, end)


def _emails(text: str) -> Iterator[re.Match[str]]:
    """``_EMAIL.finditer(text)``, searching only from the local part before each "@"."""
    pos = 0
    while (at := text.find("@", pos)) >= 0:
        start = at
        while start > pos and (text[start - 1].isalnum() or text[start - 1] in _LOCAL_PART):
            start -= 1
        m = _EMAIL.search(text, start)  # nothing between pos and start can reach this "@"
        if m is None:
            return
        yield m
        pos = m.end()


#: a placeholder at a domain reserved for examples (RFC 2606): "user@example.com", "name@example.org"; a name
#: there ("kari@example.com") is kept, as anything at a real domain
_PLACEHOLDER = re.compile(
    r"(?:user|username|name|navn|fornavn|firstname|first\.last|fornavn\.etternavn|your\.?name|you|someone|noen|"
    r"test|example|eksempel|email|e-post|epost|mail|noreply|no-reply)"
    r"@(?:[\w-]+\.)*(?:example\.(?:com|net|org)|example|test|invalid|localhost)$",
    re.IGNORECASE,
)
#: mail headers whose values look like addresses and are message ids
_MESSAGE_ID = re.compile(r"(?:message-id|in-reply-to|references)\s*:?\s*<?$", re.IGNORECASE)


def _mailbox(text: str, m: re.Match[str]) -> bool:
    """An address that reaches someone: not a reserved example domain ("user@example.com"), not a message id
    ("Message-ID <2351405280.52609@mail.example.no>")."""
    if _PLACEHOLDER.match(m.group()):
        return False
    return _MESSAGE_ID.search(text, max(0, m.start() - 16), m.start()) is None


def _phones(text: str, numbers: NumberStarts) -> list[Span]:
    spans = []
    prefixed = [(m.start(), m.end(), m.group("number")) for rx in _PHONE_NO for m in every_start(rx, text)]
    for start, end, number in leftmost(prefixed + [(s, e, text[s:e]) for s, e in numbers.phone]):
        bare = end - start == len(number)
        if bare and (_continues_code(text, start) or _MORE_GROUPS.match(text, end)):
            continue  # "4022 0593 2680 2272": the start of a longer number (a card that fails Luhn), no phone
        if bare and number.isdigit():
            if _EXAMPLE.search(text, max(0, start - 16), start):
                continue  # "the 8-digit number in the top right corner, e.g. 49712076": an example of a format
            cue = cue_before(text, start, _PHONE_CUES, NUMBER_NEGATIVE_CUES)
            if cue < 0 or (cue == 0 and (_reads_as_date(number) or _year_serial(number))):
                continue
        elif bare and cue_before(text, start, _PHONE_CUES, NUMBER_NEGATIVE_CUES) < 0:
            continue
        spans.append(Span("PHONE", start, end, "pattern", PATTERN))
    for start, end in leftmost((m.start(), m.end()) for rx in _PHONE_INTL for m in every_start(rx, text)):
        digits = sum(ch.isdigit() for ch in text[start:end])
        # after "00" the country code and the number have at least eight digits: "PO 00728999" is no phone
        if (10 if text.startswith("00", start) else 8) <= digits <= 15:
            spans.append(Span("PHONE", start, end, "pattern", PATTERN))
    return spans


def _continues_code(text: str, start: int) -> bool:
    """ "1Z 990 AA1 28 6286 1447": a bare number after a space and a token with a digit in it is the end of
    a longer code (tracking, part or serial number), not a phone number."""
    if start < 2 or text[start - 1] != " " or text[start - 2].isspace():
        return False
    token = text[: start - 1].rsplit(None, 1)[-1]  # back to the whitespace before it
    return any(map(str.isdigit, token))


def _year_serial(digits: str) -> bool:
    """ "20237622": eight digits that start with a year of this decade read as an order, job or case number
    numbered by year; without a phone cue word before it such a number is not taken for a phone."""
    return len(digits) == 8 and digits.startswith("202")


def _reads_as_date(digits: str) -> bool:
    """``digits`` (eight) read as YYYYMMDD or DDMMYYYY is a date between 1900 and 2100."""
    if len(digits) == 8 and digits.isascii() and digits.isdigit():
        # what ``strptime`` below concludes, without its parser: both fields of two digits, a real date
        year_first = _date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        return year_first or _date(int(digits[4:]), int(digits[2:4]), int(digits[:2]))
    for fmt in ("%Y%m%d", "%d%m%Y"):  # other decimal digits ("٢٠٢٤…")
        try:
            d = datetime.datetime.strptime(digits, fmt)
        except ValueError:
            continue
        if 1900 <= d.year <= 2100:
            return True
    return False


def _date(year: int, month: int, day: int) -> bool:
    """A real date between 1900 and 2100."""
    if not 1900 <= year <= 2100:
        return False
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _ips(text: str) -> list[Span]:
    spans = [
        Span("IP", m.start(), m.end(), "pattern", PATTERN) for m in _ipv4s(text) if not _near(text, m.start(), m.end())
    ]
    pos = 0
    while (hint := _IPV6_COLONS.search(text, pos)) is not None:
        m = _IPV6.search(text, max(pos, hint.start() - 38))
        if m is None:
            break
        pos = m.end()
        try:
            ipaddress.IPv6Address(m.group())
        except ValueError:
            continue
        if m.group().endswith("::") and text[m.end() : m.end() + 1] == "/":
            continue  # "2001:db8:5::/48": a network range, no one device
        spans.append(Span("IP", m.start(), m.end(), "pattern", PATTERN))
    return spans


def _ipv4s(text: str) -> Iterator[re.Match[str]]:
    """``_IPV4.finditer(text)``, tried only at the (at most three) positions before a run of three dots."""
    pos = 0
    while (hint := _IPV4_DOTS.search(text, pos)) is not None:
        dot = hint.start()
        for start in range(max(pos, dot - 3), dot):
            m = _IPV4.match(text, start)
            if m is not None:
                yield m
                pos = m.end()
                break
        else:
            pos = dot + 1


def _near(text: str, start: int, end: int) -> bool:
    """A version, not an address: a version word stands right before the number ("v1.2.3.4", "version
    10.0.0.1"), or an upgrade verb does ("oppgrader til 6.8.7.6", "rolled back to 10.3.9.8"), or a product name
    written in camel case does ("AnyConnect 12.5.1.165", "macOS 14.2.1.0"); or every part is one digit
    ("7.1.4.9") and no network word stands before it ("DNS 8.8.8.8", "ping 1.1.1.1")."""
    window = text[max(0, start - 24) : start]
    lowered = window.lower()
    if lowered[-10:].rstrip().endswith(_VERSION_WORDS) or _UPGRADE.search(lowered) or window.endswith("@"):
        return True  # "version 10.0.0.1", "upgraded to …", "@orkester/ui@2.2.0.235" (a package's version)
    ranged = text.startswith(".0/", end - 2) and text[end + 1 : end + 2].isdigit()
    if text.startswith(("255.", "0."), start) or ranged:
        return True  # a netmask or wildcard mask ("255.255.255.0", "0.0.255.255"), a range ("10.20.0.0/16")
    if text.startswith(".0", end - 2) and _MASK_AFTER.match(text, end):
        return True  # "permit 10.20.0.0 0.0.255.255": a network and its mask, no one device
    line = text[max(0, start - 64, text.rfind("\n", 0, start) + 1) : start].lower()
    version = _VERSION_CONTEXT.search(line)
    # "upgrading from 8.5.8.21 to 7.14.1.40": the "from" of an upgrade is no network word
    after = version.end() + len(m[0]) if version and (m := _FROM.match(line, version.end())) else 0
    if version and not _NETWORK_WORD.search(line, after or version.end()):
        return True  # "upgrading the firmware on all label printers to 5.0.8.219", "Upgrade path: 3.0.8.32 → "
    if end - start == 7 and not _NETWORK.search(lowered):
        return True
    words = window.split()
    word = words[-1] if words and window[-1:] == " " else ""
    return len(word) > 2 and word.isalpha() and any(ch.isupper() for ch in word[1:]) and not word.isupper()
