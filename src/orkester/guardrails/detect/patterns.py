"""Contact details and network addresses by pattern: e-mail, phone, IP, street address.

Phone numbers have no check digit, so shape and context decide: a number written with a country prefix
or in the usual groups ("912 34 567", "91 23 45 67") is a phone; a bare 8-digit number is one unless the
words before it call it something else ("ordre 45012345") or it reads as a date ("20240115").
"""

from __future__ import annotations

import datetime
import ipaddress
import re

from .context import cue_before, cues
from .identifiers import NUMBER_NEGATIVE_CUES
from .spans import PATTERN, Span

_EMAIL = re.compile(r"(?<![\w.+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")

_L = r"(?<![\w\-./,+])(?<![\-./,]\d)"
_R = r"(?![\w])(?![\-./,]\d)"
_PHONE_NO = re.compile(
    _L
    + r"((?:\+|00)47[ -]?)?"
    + r"([2-9]\d{7}|[2-9]\d{2} \d{2} \d{3}|[2-9]\d(?: \d{2}){3}|[2-9]\d{3} \d{4}|[2-9]\d{2}-\d{2}-\d{3})"
    + _R
)
_PHONE_INTL = re.compile(r"(?<![\w+])(?:\+|00)(?!47)[1-9]\d{0,2}(?:[ .-]?\(?\d{1,5}\)?){2,6}" + _R)
_PHONE_CUES = cues(
    "tlf tel telefon telephone phone mobil mobile mob cell ring ringe ringt call sms kontakt contact "
    "nummer number nr direkte direct fax sentralbord vakttelefon"
)

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = re.compile(r"(?<![\w.])" + _OCTET + r"(?:\." + _OCTET + r"){3}(?![\w]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:.])(?=[0-9A-Fa-f:]*:[0-9A-Fa-f]*:)[0-9A-Fa-f:]{2,39}(?:\d{1,3}(?:\.\d{1,3}){3})?(?![\w:])")
_VERSION_WORDS = ("v", "version", "versjon", "release", "utgave", "firmware", "build")

_NO_SUFFIX = (
    r"(?:gata|gaten|gate|gt\.|veien|vegen|vei|veg|vn\.|plassen|plass|allé|alle|bakken|bakke|stien|lia|ringen|"
    r"svingen|bryggen|brygge|torget|torg|tunet|kaia|kaien|haugen|jordet|løkka|stredet|kroken|tangen|åsen|lunden|"
    r"høgda|bråten|myra|enga|terrassen|terrasse|parken|tråkket|grenda|kollen|skogen|marka|stubben)"
)
_UC = r"[A-ZÆØÅ]"
_LC = r"[a-zæøåéü]"
_NO_STREET = (
    rf"(?:{_UC}{_LC}+{_NO_SUFFIX}"  # Storgata, Bogstadveien
    rf"|(?:{_UC}{_LC}+(?:s|\.)?[ ]){{1,3}}(?:gate|gata|vei|veg|plass|allé|alle|terrasse|brygge|torg))"  # Kongens gate
)
_NO_ADDRESS = re.compile(
    rf"(?<![\w])({_NO_STREET}[ ]\d{{1,4}}(?:[ ]?[A-Za-z](?![\w]))?(?:,?[ ]\d{{4}}[ ]{_UC}{_LC}+(?:[ ]{_UC}{_LC}+)?)?)"
)
_EN_SUFFIX = (
    r"(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Drive|Close|Way|Court|Place|Square|Terrace|Crescent|Boulevard|"
    r"Blvd\.|Gardens|Row|Mews|Grove|Parade|Walk)"
)
_EN_ADDRESS = re.compile(
    r"(?<![\w])(\d{1,5}[A-Za-z]?[ ](?:[A-Z][a-z]+[ ]){1,3}" + _EN_SUFFIX
    + r"(?:,[ ][A-Z][a-z]+(?:[ ][A-Z][a-z]+)?)?"  # town
    + r"(?:,?[ ](?:[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}|[A-Z]{2}[ ]\d{5}))?)"  # UK postcode or US state+ZIP
)  # fmt: skip


def find_patterns(text: str) -> list[Span]:
    spans = [Span("EMAIL", m.start(), m.end(), "pattern", PATTERN) for m in _EMAIL.finditer(text)]
    spans += _phones(text)
    spans += _ips(text)
    for rx in (_NO_ADDRESS, _EN_ADDRESS):
        spans += [Span("ADDRESS", m.start(1), m.end(1), "pattern", PATTERN) for m in rx.finditer(text)]
    return spans


def _phones(text: str) -> list[Span]:
    spans = []
    for m in _PHONE_NO.finditer(text):
        number = m.group(2)
        if not m.group(1) and number.isdigit():
            cue = cue_before(text, m.start(), _PHONE_CUES, NUMBER_NEGATIVE_CUES)
            if cue < 0 or (cue == 0 and _reads_as_date(number)):
                continue
        elif cue_before(text, m.start(), _PHONE_CUES, NUMBER_NEGATIVE_CUES) < 0 and not m.group(1):
            continue
        spans.append(Span("PHONE", m.start(), m.end(), "pattern", PATTERN))
    for m in _PHONE_INTL.finditer(text):
        digits = sum(ch.isdigit() for ch in m.group())
        if 8 <= digits <= 15:
            spans.append(Span("PHONE", m.start(), m.end(), "pattern", PATTERN))
    return spans


def _reads_as_date(digits: str) -> bool:
    for fmt in ("%Y%m%d", "%d%m%Y"):
        try:
            d = datetime.datetime.strptime(digits, fmt)
        except ValueError:
            continue
        if 1900 <= d.year <= 2100:
            return True
    return False


def _ips(text: str) -> list[Span]:
    spans = []
    for m in _IPV4.finditer(text):
        if _near(text, m.start()):
            continue
        spans.append(Span("IP", m.start(), m.end(), "pattern", PATTERN))
    for m in _IPV6.finditer(text):
        try:
            ipaddress.IPv6Address(m.group())
        except ValueError:
            continue
        spans.append(Span("IP", m.start(), m.end(), "pattern", PATTERN))
    return spans


def _near(text: str, start: int) -> bool:
    """The version word stands right before the number ("v1.2.3.4", "version 10.0.0.1")."""
    before = text[max(0, start - 10) : start].lower().rstrip()
    return before.endswith(_VERSION_WORDS)
