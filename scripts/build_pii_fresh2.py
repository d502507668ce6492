#!/usr/bin/env python3
"""Build ``evals/pii/fresh2.jsonl``: an independent, labelled evaluation set for PII detection.

The set was written without looking at Orkester's detector, its corpora or its tests, so its figures
measure text the detector has never been tuned on. It holds short Norwegian (bokmål) and English texts in
settings unlike the machine-shop orders of the earlier sets: HR screening of job applications, an IT
helpdesk and its chatbot, Slack/Teams chatter, payroll and finance, customer service in a utility and an
insurer, occupational health and safety, board minutes and contracts, and plain technical text.

How it is built
  * Each template is a function that writes one text from generated values. Inside the text, a labelled
    value is wrapped in invisible markers (``P(...)``, ``FN(...)``, ...), and a deliberate hard negative
    in ``N(...)``; ``parse`` strips the markers and records the character offsets, so every gold span is
    exactly the inserted value.
  * Every labelled identifier is checked by its validator (fødselsnummer/D-nummer dates, individual-number
    ranges and both mod-11 check digits; organisasjonsnummer mod 11; account mod 11; IBAN mod 97; card
    Luhn and brand; e-mail, IP and phone shapes).
  * The unlabelled rest of each text is scanned: no digit run (alone or joined with its neighbours over
    single spaces, dots or hyphens) may pass the FNR/D-number, account, organisation-number or Luhn
    (13-19 digits) checks, no IBAN-shaped string may pass mod 97, and no e-mail, IPv6 or IPv4 address may
    be left unlabelled (a four-part version number marked as a hard negative is the one exception).
    A text that fails is drawn again from the template; a labelled value that fails stops the build.
  * Seeds are fixed per template (``SEED`` plus the template id), so the output is byte-for-byte the
    same on every run, and editing one template leaves the others unchanged.

Output: one JSON object per line, ``{"id", "lang", "template", "text", "entities", "class"}``. Entities are
``{"type", "start", "end"}`` with Python string offsets (end exclusive), sorted and non-overlapping. The
class is "confidential" if any entity is not ORGNR, "internal" if all are ORGNR, "public" if none.

Usage::

    python3 scripts/build_pii_fresh2.py --out evals/pii/fresh2.jsonl

Only the standard library is used. Summary figures (labels per type, classes, hard-negative share) are
printed to stderr.
"""

# ruff: noqa: RUF001

from __future__ import annotations

import argparse
import calendar
import datetime
import ipaddress
import itertools
import json
import random
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

SEED = 20260314
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "evals" / "pii" / "fresh2.jsonl"

T = TypeVar("T")

# ---------------------------------------------------------------------------------------------------------
# Markup: labelled values and hard negatives are wrapped in control characters that never occur in text.

OPEN, SEP, CLOSE, NOPEN, NCLOSE = "\x02", "\x1f", "\x03", "\x04", "\x05"
MARKERS = (OPEN, SEP, CLOSE, NOPEN, NCLOSE)


def ent(kind: str, value: str) -> str:
    return f"{OPEN}{kind}{SEP}{value}{CLOSE}"


def P(v: str) -> str:
    return ent("PERSON", v)


def EM(v: str) -> str:
    return ent("EMAIL", v)


def PH(v: str) -> str:
    return ent("PHONE", v)


def IP(v: str) -> str:
    return ent("IP", v)


def AD(v: str) -> str:
    return ent("ADDRESS", v)


def FN(v: str) -> str:
    return ent("FNR", v)


def DN(v: str) -> str:
    return ent("DNR", v)


def ORG(v: str) -> str:
    return ent("ORGNR", v)


def ACC(v: str) -> str:
    return ent("BANK_ACCOUNT", v)


def IB(v: str) -> str:
    return ent("IBAN", v)


def CC(v: str) -> str:
    return ent("CARD", v)


def H(v: str) -> str:
    return ent("HEALTH", v)


def TU(v: str) -> str:
    return ent("TRADE_UNION", v)


def REL(v: str) -> str:
    return ent("RELIGION", v)


def ETH(v: str) -> str:
    return ent("ETHNICITY", v)


def SEX(v: str) -> str:
    return ent("SEXUAL_ORIENTATION", v)


def CRIM(v: str) -> str:
    return ent("CRIMINAL_RECORD", v)


def N(v: str) -> str:
    """A deliberate hard negative: left unlabelled, counted in the summary."""
    return f"{NOPEN}{v}{NCLOSE}"


@dataclass(frozen=True)
class Span:
    type: str
    start: int
    end: int
    value: str


def parse(marked: str) -> tuple[str, list[Span], list[tuple[int, int]]]:
    """Strip the markup; return the text, its labelled spans and its hard-negative spans."""
    out: list[str] = []
    spans: list[Span] = []
    negs: list[tuple[int, int]] = []
    pos = 0
    i = 0
    while i < len(marked):
        c = marked[i]
        if c == OPEN:
            sep = marked.index(SEP, i)
            close = marked.index(CLOSE, sep)
            kind, value = marked[i + 1 : sep], marked[sep + 1 : close]
            if any(m in value for m in MARKERS) or not value or value != value.strip():
                raise ValueError(f"bad labelled value {value!r}")
            spans.append(Span(kind, pos, pos + len(value), value))
            out.append(value)
            pos += len(value)
            i = close + 1
        elif c == NOPEN:
            close = marked.index(NCLOSE, i)
            value = marked[i + 1 : close]
            if any(m in value for m in MARKERS):
                raise ValueError(f"nested markup in {value!r}")
            negs.append((pos, pos + len(value)))
            out.append(value)
            pos += len(value)
            i = close + 1
        elif c in MARKERS:
            raise ValueError(f"stray marker in {marked!r}")
        else:
            out.append(c)
            pos += 1
            i += 1
    return "".join(out), spans, negs


# ---------------------------------------------------------------------------------------------------------
# Validators

K1W = (3, 7, 6, 1, 8, 9, 4, 5, 2)
K2W = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
ORGW = (3, 2, 7, 6, 5, 4, 3, 2)


def mod11(digits: str, weights: Sequence[int]) -> int | None:
    r = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    if r == 11:
        return 0
    return None if r == 10 else r


def birth_year(yy: int, ind: int) -> int | None:
    if ind <= 499:
        return 1900 + yy
    if ind <= 749 and yy >= 54:
        return 1800 + yy
    if ind >= 500 and yy <= 39:
        return 2000 + yy
    if ind >= 900 and yy >= 40:
        return 1900 + yy
    return None


def fnr_ok(d: str, dnr: bool = False) -> bool:
    if not re.fullmatch(r"\d{11}", d):
        return False
    day = int(d[0:2]) - (40 if dnr else 0)
    month, yy, ind = int(d[2:4]), int(d[4:6]), int(d[6:9])
    year = birth_year(yy, ind)
    if year is None or not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return False
    k1 = mod11(d[:9], K1W)
    k2 = mod11(d[:10], K2W)
    return k1 is not None and k2 is not None and k1 == int(d[9]) and k2 == int(d[10])


def account_ok(d: str) -> bool:
    return bool(re.fullmatch(r"\d{11}", d)) and mod11(d[:10], K2W) == int(d[10])


def orgnr_ok(d: str, strict_first: bool = True) -> bool:
    if not re.fullmatch(r"\d{9}", d) or (strict_first and d[0] not in "89"):
        return False
    return mod11(d[:8], ORGW) == int(d[8])


def luhn_ok(d: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(d)):
        v = int(ch)
        if i % 2 == 1:
            v = v * 2 - 9 if v > 4 else v * 2
        total += v
    return total % 10 == 0


def card_ok(d: str) -> bool:
    if not d.isdigit() or not luhn_ok(d):
        return False
    if len(d) == 16 and d[0] == "4":
        return True
    if len(d) == 16 and (51 <= int(d[:2]) <= 55 or 2221 <= int(d[:4]) <= 2720):
        return True
    return len(d) == 15 and d[:2] in ("34", "37")


IBAN_LEN = {
    "NO": 15, "DE": 22, "SE": 24, "DK": 18, "FI": 18, "NL": 18, "PL": 28, "LT": 20, "GB": 22, "FR": 27,
    "ES": 24, "EE": 20, "LV": 21, "IE": 22, "BE": 16, "AT": 20, "CH": 21, "IT": 27,
}  # fmt: skip


def iban_number(s: str) -> int:
    return int("".join(str(int(ch, 36)) for ch in s[4:] + s[:4]))


def iban_ok(s: str) -> bool:
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s) or IBAN_LEN.get(s[:2]) != len(s):
        return False
    if s[:2] == "NO" and not account_ok(s[4:]):
        return False
    return iban_number(s) % 97 == 1


EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
NO_PHONE_RE = re.compile(r"(?:\+47 ?|0047 )?[2-9]\d(?: ?\d){6}")
INTL_PHONE_RE = re.compile(r"\+\d{1,3}(?: ?\d+)+")
PERSON_RE = re.compile(r"[^\W\d_][\w'’-]*(?: [\w'’-]+)*")
TITLES = ("dr", "dr.", "herr", "fru", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "prof.")


def check_label(s: Span) -> None:
    """Raise if a labelled value does not pass its validator or span convention."""
    v, t = s.value, s.type
    digits = re.sub(r"[ .-]", "", v)
    ok: bool
    if t in ("FNR", "DNR"):
        ok = bool(re.fullmatch(r"\d{11}|\d{6} \d{5}", v)) and fnr_ok(digits, dnr=t == "DNR")
    elif t == "ORGNR":
        ok = bool(re.fullmatch(r"\d{9}|\d{3} \d{3} \d{3}", v)) and orgnr_ok(digits)
    elif t == "BANK_ACCOUNT":
        ok = bool(re.fullmatch(r"\d{11}|\d{4}\.\d{2}\.\d{5}|\d{4} \d{2} \d{5}", v)) and account_ok(digits)
        ok = ok and not fnr_ok(digits) and not fnr_ok(digits, dnr=True)
    elif t == "IBAN":
        ok = bool(re.fullmatch(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4})+", v)) and iban_ok(v.replace(" ", ""))
    elif t == "CARD":
        ok = bool(re.fullmatch(r"\d[\d -]+\d", v)) and card_ok(digits)
    elif t == "EMAIL":
        ok = bool(EMAIL_RE.fullmatch(v))
    elif t == "IP":
        try:
            ipaddress.ip_address(v)
            ok = True
        except ValueError:
            ok = False
    elif t == "PHONE":
        ok = bool(NO_PHONE_RE.fullmatch(v))
        if not ok and INTL_PHONE_RE.fullmatch(v):
            ok = 8 <= len(re.sub(r"\D", "", v)) <= 15 and not v.startswith("+47")
    elif t == "ADDRESS":
        ok = bool(re.fullmatch(r"(?:[^\W\d][\w.'-]*\.? )+\d{1,3}[A-H]?(?:, \d{4} [^\W\d][\w -]+)?", v))
    elif t == "PERSON":
        ok = bool(PERSON_RE.fullmatch(v)) and v.split()[0].lower() not in TITLES and not v.endswith("'s")
    elif t in ("HEALTH", "TRADE_UNION", "RELIGION", "ETHNICITY", "SEXUAL_ORIENTATION", "CRIMINAL_RECORD"):
        ok = len(v) >= 3
    else:
        raise ValueError(f"unknown entity type {t}")
    if not ok:
        raise AssertionError(f"labelled {t} {v!r} fails its validator")


IPV4_RE = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.]*\d)")
IPV6_RE = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")
IBAN_CAND_RE = re.compile(r"\b([A-Z]{2})(\d{2})((?: ?[A-Z0-9]){8,32})")
DIGIT_RUN_RE = re.compile(r"\d+(?:[ .-]\d+)*")


def unlabelled_problem(text: str, spans: list[Span], negs: list[tuple[int, int]]) -> str | None:
    """Return why the unlabelled part of the text holds something a validator accepts, or None."""
    chars = list(text)
    for s in spans:
        chars[s.start : s.end] = "#" * (s.end - s.start)
    masked = "".join(chars)
    for m in DIGIT_RUN_RE.finditer(masked):
        groups = re.split(r"[ .-]", m.group())
        for i in range(len(groups)):
            acc = ""
            for j in range(i, len(groups)):
                acc += groups[j]
                if len(acc) > 19:
                    break
                if len(acc) == 11 and (account_ok(acc) or fnr_ok(acc) or fnr_ok(acc, dnr=True)):
                    return f"11-digit run {acc} passes mod 11"
                if len(acc) == 9 and orgnr_ok(acc, strict_first=False):
                    return f"9-digit run {acc} passes orgnr mod 11"
                if len(acc) >= 13 and luhn_ok(acc):
                    return f"digit run {acc} passes Luhn"
    for m in IBAN_CAND_RE.finditer(masked):
        compact = (m.group(1) + m.group(2) + m.group(3)).replace(" ", "")
        for length in range(15, len(compact) + 1):
            if iban_number(compact[:length]) % 97 == 1 and compact[:2] in IBAN_LEN:
                return f"IBAN-shaped {compact[:length]} passes mod 97"
    if EMAIL_RE.search(masked):
        return "unlabelled e-mail address"
    for m in IPV4_RE.finditer(masked):
        is_ip = all(int(p) <= 255 for p in m.group().split("."))
        if is_ip and not any(a <= m.start() and m.end() <= b for a, b in negs):
            return f"unlabelled IPv4 {m.group()}"
    for m in IPV6_RE.finditer(masked):
        if "::" in m.group() or m.group().count(":") == 7:
            try:
                ipaddress.IPv6Address(m.group())
                return f"unlabelled IPv6 {m.group()}"
            except ValueError:
                pass
    for n in ALL_NAMES:
        if re.search(rf"\b{re.escape(n.full)}\b", masked):
            return f"unlabelled full name {n.full}"
        if n.first not in AMBIGUOUS_FIRST and re.search(rf"(?<![\w-]){re.escape(n.first)}(?![\w-])", masked):
            return f"unlabelled first name {n.first}"
    return None


# ---------------------------------------------------------------------------------------------------------
# Names: Norway in 2026. Several first names are also ordinary words, and several surnames are place or
# common nouns; those are labelled when used as names and left alone when used as words.


@dataclass(frozen=True)
class Name:
    first: str
    last: str
    gender: str
    origin: str

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


NAME_TABLE: dict[str, str] = {
    "no": """Ingrid Haugland f; Ola Nordby m; Kari Bråten f; Per Sæther m; Øystein Kvamme m; Åse Tjøstheim f;
        Håkon Ødegård m; Solveig Myrvang f; Torbjørn Fossheim m; Ragnhild Løvås f; Sindre Bakken m;
        Tiril Nygård f; Frøya Skjærven f; Anne-Lise Berg-Hansen f; Jan-Erik Grønli m; Kari-Anne Eide f;
        Hans-Petter Våge m; Vår Lie f; Sol Strand f; Storm Haugen m; Dag Solberg m; Liv Bjørnstad f;
        Mai Rønning f; Siv Aune f; Tor Brekke m; Stein Moen m; Bjørn Vik m; Eli Fjeld f; Synnøve Ulvestad f;
        Åsmund Kvalsvik m; Ylva Hjelle f; Trygve Andreassen m; Sigrid Johansen f; Magnus Pedersen m;
        Nora Kristiansen f; Jonas Halvorsen m; Thea Iversen f; Espen Gundersen m; Gunnhild Rød f; Even Tveit m;
        Marit Aasen f; Kjetil Øverland m; Hedda Bøe f; Aksel Stene m; Bjørg Karlsen f; Geir Olsen m;
        Jorunn Mathisen f; Vetle Holm m; Oda Sandvik f; Oddvar Nilsen m; Ingeborg Lund f; Sverre Dahl m""",
    "sami": """Máret Sara f; Ánte Gaup m; Risten Eira f; Niillas Utsi m; Biret Somby f; Máhtte Hætta m;
        Elle Turi f; Ovllá Balto m; Sárá Oskal f; Inga Mienna f""",
    "se": "Linnea Lindqvist f; Erik Sjöberg m; Elsa Lindström f; Johan Åkesson m",
    "dk": "Mette Kjærgaard f; Rasmus Højgaard m; Søren Mikkelsen m; Frederikke Damgaard f",
    "pl": """Katarzyna Wiśniewska f; Piotr Kowalski m; Tomasz Nowak m; Agnieszka Zielińska f; Paweł Wójcik m;
        Małgorzata Kamińska f; Łukasz Kozłowski m; Joanna Dąbrowska f""",
    "lt": """Tomas Kazlauskas m; Rūta Petrauskienė f; Mindaugas Jankauskas m; Eglė Stankevičiūtė f;
        Darius Vasiliauskas m; Aistė Žukauskaitė f""",
    "ua": """Oleksandr Kovalenko m; Olena Shevchenko f; Andrii Bondarenko m; Iryna Tkachenko f;
        Dmytro Kravchenko m; Yuliia Melnyk f; Mykola Boiko m; Kateryna Oliinyk f""",
    "so": """Abdirahman Warsame m; Hodan Abdi f; Mohamed Farah m; Ayaan Osman f; Khadra Jama f;
        Abdullahi Yusuf m; Hibaaq Ahmed f; Liban Egal m""",
    "er": """Yonas Tesfaye m; Senait Ghebremedhin f; Tesfalem Berhane m; Helen Kidane f; Merhawi Habte m;
        Selam Tekle f; Filmon Weldemichael m; Rahel Gebreyesus f""",
    "sy": """Rami Al-Khatib m; Lina Haddad f; Omar Al-Masri m; Nour Alhassan f; Yara Darwish f;
        Khaled Sabbagh m; Rasha Kanaan f; Mahmoud Alkurdi m""",
    "af": """Ahmad Rahimi m; Zahra Ahmadi f; Farid Noorzai m; Mariam Hashimi f; Sayed Mohammadi m;
        Parwana Sultani f; Habibullah Karimi m; Shabnam Haidari f""",
    "vn": """Minh Nguyen m; Lan Tran f; Linh Pham f; Duc_Anh Le m; Hoa Vu f; Quang_Huy Do m;
        Mai_Phuong Hoang f; Thanh Bui m""",
    "ph": """Maria_Cristina Santos f; Jose Reyes m; Angelica dela_Cruz f; Mark_Anthony Bautista m;
        Rowena Garcia f; Jerome Villanueva m; Joy Mendoza f""",
    "th": "Siriporn Saetang f; Nattapong Chaiyasit m; Kanya Srisuk f; Pim Wongsawat f; Somchai Boonmee m",
    "in": """Priya Raghunathan f; Arjun Mehta m; Deepika Iyer f; Rahul Nair m; Ananya Krishnan f;
        Vikram Singh m; Sunita Reddy f; Karthik Subramanian m""",
    "pk": """Imran Qureshi m; Ayesha Malik f; Usman Chaudhry m; Sana Butt f; Bilal Akhtar m; Nadia Iqbal f;
        Faisal Rana m; Zainab Shah f""",
    "en": """Hope Adams f; Bill Turner m; Mark Davies m; Will Harris m; Rose Bennett f; Grace O'Connor f;
        Sarah Mitchell f; James Whitaker m; Emily Clarke f; Daniel Brooks m; Ashley Cooper f; Tyler Jackson m;
        Faith Morgan f; Frank Miller m""",
    "de": """Jürgen Becker m; Katrin Schäfer f; Lukas Müller m; Anja Hoffmann f; Matthias Weiß m;
        Sabine Krüger f; Florian Schmitt m; Jana Wagner f""",
}


def _load_names() -> list[Name]:
    names: list[Name] = []
    for origin, block in NAME_TABLE.items():
        for item in block.split(";"):
            first, last, gender = item.split()
            names.append(Name(first.replace("_", " "), last.replace("_", " "), gender, origin))
    return names


ALL_NAMES = _load_names()
NORDIC = ("no", "sami", "se", "dk")
# First names that are also ordinary words (or word-like fragments); the unlabelled-name scan skips them.
AMBIGUOUS_FIRST = {
    "Per", "Dag", "Liv", "Mai", "Sol", "Vår", "Storm", "Tor", "Stein", "Bjørn", "Eli", "Siv", "Even", "Inga",
    "Elle", "Hope", "Bill", "Mark", "Will", "Rose", "Grace", "Faith", "Joy", "Frank", "Lan", "Sana", "Nora",
    "Sara",
}  # fmt: skip
WORD_NAMES_NO = [n for n in ALL_NAMES if n.first in ("Vår", "Sol", "Storm", "Dag", "Liv", "Mai", "Per", "Siv")]
WORD_NAMES_EN = [n for n in ALL_NAMES if n.first in ("Hope", "Bill", "Mark", "Will", "Rose", "Grace", "Faith", "Joy")]


def a_an(s: str) -> str:
    return f"an {s}" if s[:1].lower() in "aeiou" or s.startswith(("HR", "HSE", "IT", "UX")) else f"a {s}"


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def han(n: Name) -> str:
    return "hun" if n.gender == "f" else "han"


def hans(n: Name) -> str:
    return "hennes" if n.gender == "f" else "hans"


def he(n: Name) -> str:
    return "she" if n.gender == "f" else "he"


def his(n: Name) -> str:
    return "her" if n.gender == "f" else "his"


def him(n: Name) -> str:
    return "her" if n.gender == "f" else "him"


ASCII_MAP = str.maketrans(
    {"ø": "o", "æ": "ae", "å": "aa", "ł": "l", "ß": "ss", "Ø": "O", "Æ": "Ae", "Å": "Aa", "Ł": "L"}
)


def ascii_name(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.translate(ASCII_MAP))
    return re.sub(r"[^a-z0-9-]", "", "".join(c for c in s if not unicodedata.combining(c)).lower())


# ---------------------------------------------------------------------------------------------------------
# Value generators

STREETS = [
    ("Storgata", "0184", "Oslo"), ("Kirkeveien", "0368", "Oslo"), ("Thorvald Meyers gate", "0555", "Oslo"),
    ("Trondheimsveien", "0560", "Oslo"), ("Hans Nielsen Hauges gate", "0481", "Oslo"),
    ("Øvre Slottsgate", "0157", "Oslo"), ("Sandviksveien", "5035", "Bergen"), ("Nygårdsgaten", "5015", "Bergen"),
    ("Dronningens gate", "7011", "Trondheim"), ("Innherredsveien", "7067", "Trondheim"),
    ("Storgata", "9008", "Tromsø"), ("Strandveien", "9006", "Tromsø"), ("Kongens gate", "6002", "Ålesund"),
    ("Markens gate", "4611", "Kristiansand"), ("Løkkeveien", "4008", "Stavanger"),
    ("Bjørnstjerne Bjørnsons gate", "3044", "Drammen"), ("Skolegata", "2318", "Hamar"),
    ("Tollbugata", "8006", "Bodø"), ("Sjøgata", "9600", "Hammerfest"), ("Gamle Drammensvei", "1369", "Stabekk"),
    ("Ringveien", "2815", "Gjøvik"), ("Åsveien", "3475", "Sætre"), ("Fjellveien", "9730", "Karasjok"),
    ("Haraldsgata", "5527", "Haugesund"), ("Kjøpmannsgata", "7013", "Trondheim"), ("Parkveien", "1607", "Fredrikstad"),
]  # fmt: skip
CITIES_NO = ["Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø", "Bodø", "Kristiansand", "Ålesund", "Hamar"]
PUBLIC_FIRST_OCTETS = [37, 46, 77, 81, 84, 85, 89, 91, 94, 109, 146, 151, 178, 185, 188, 193, 195, 212, 217]
INTL_PHONE: dict[str, Callable[[random.Random], str]] = {
    "se": lambda r: f"+46 70 {r.randint(100, 999)} {r.randint(10, 99)} {r.randint(10, 99)}",
    "dk": lambda r: f"+45 {r.randint(20, 61)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}",
    "pl": lambda r: f"+48 {r.randint(500, 889)} {r.randint(100, 999)} {r.randint(100, 999)}",
    "lt": lambda r: f"+370 6{r.randint(10, 99)} {r.randint(10000, 99999)}",
    "ua": lambda r: f"+380 {r.choice([50, 63, 67, 93])} {r.randint(100, 999)} {r.randint(1000, 9999)}",
    "so": lambda r: f"+252 61 {r.randint(1000000, 9999999)}",
    "er": lambda r: f"+291 7 {r.randint(100000, 999999)}",
    "sy": lambda r: f"+963 9{r.randint(10, 99)} {r.randint(100, 999)} {r.randint(100, 999)}",
    "af": lambda r: f"+93 7{r.randint(0, 9)} {r.randint(100, 999)} {r.randint(1000, 9999)}",
    "vn": lambda r: f"+84 9{r.randint(10, 99)} {r.randint(100, 999)} {r.randint(100, 999)}",
    "ph": lambda r: f"+63 917 {r.randint(100, 999)} {r.randint(1000, 9999)}",
    "th": lambda r: f"+66 8{r.randint(1, 9)} {r.randint(100, 999)} {r.randint(1000, 9999)}",
    "in": lambda r: f"+91 98{r.randint(100, 999)} {r.randint(10000, 99999)}",
    "pk": lambda r: f"+92 3{r.randint(0, 4)}{r.randint(0, 9)} {r.randint(1000000, 9999999)}",
    "en": lambda r: r.choice([f"+44 7700 900{r.randint(100, 999)}", f"+1 415 555 01{r.randint(10, 99)}"]),
    "de": lambda r: f"+49 15{r.randint(1, 9)} {r.randint(10000000, 99999999)}",
}
BANKS = {
    "DE": ("DEUTDEFF", "COBADEFF"), "SE": ("NDEASESS", "HANDSESS"), "DK": ("DABADKKK",), "FI": ("OKOYFIHH",),
    "NL": ("INGBNL2A", "RABONL2U"), "PL": ("BREXPLPW", "PKOPPLPW"), "LT": ("HABALT22",), "GB": ("NWBKGB2L",),
    "FR": ("BNPAFRPP",), "ES": ("CAIXESBB",), "EE": ("HABAEE2X",), "LV": ("HABALV22",), "NO": ("DNBANOKK",),
}  # fmt: skip
BBAN_SHAPE = {
    "DE": "d18", "SE": "d20", "DK": "d14", "FI": "d14", "NL": "L4d10", "PL": "d24", "LT": "d16", "GB": "L4d14",
    "FR": "d23", "ES": "d20", "EE": "d16", "LV": "L4d13",
}  # fmt: skip
BIC_BY_BANK = {
    "INGB": "INGBNL2A", "RABO": "RABONL2U", "ABNA": "ABNANL2A", "TRIO": "TRIONL2U", "NWBK": "NWBKGB2L",
    "BARC": "BARCGB22", "HBUK": "HBUKGB4B", "LOYD": "LOYDGB2L", "HABA": "HABALV22", "UNLA": "UNLALV2X",
}  # fmt: skip
NL_BANKS = {"NL": ("INGB", "RABO", "ABNA", "TRIO"), "GB": ("NWBK", "BARC", "HBUK", "LOYD"), "LV": ("HABA", "UNLA")}
NATIVE_LANGUAGE = {
    "no": "Norwegian", "sami": "Norwegian", "se": "Swedish", "dk": "Danish", "pl": "Polish", "lt": "Lithuanian",
    "ua": "Ukrainian", "so": "Somali", "er": "Tigrinya", "sy": "Arabic", "af": "Dari", "vn": "Vietnamese",
    "ph": "Tagalog", "th": "Thai", "in": "Tamil", "pk": "Urdu", "en": "English", "de": "German",
}  # fmt: skip
RELIGION_EN = {"so": "practising Muslim", "pl": "devout Catholic", "in": "practising Sikh", "de": "observant Jew"}
MONTHS_NO = [
    "januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
    "desember",
]  # fmt: skip
MONTHS_EN = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
]  # fmt: skip


class Gen:
    """Random values for one template, from its own seeded generator."""

    def __init__(self, seed: str) -> None:
        self.r = random.Random(seed)
        self.used: set[Name] = set()

    def pick(self, seq: Sequence[T]) -> T:
        return self.r.choice(seq)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def num(self, lo: int, hi: int) -> int:
        return self.r.randint(lo, hi)

    # names and contact details
    def names(self, k: int, origins: Sequence[str] | None = None) -> list[Name]:
        pool = [n for n in ALL_NAMES if origins is None or n.origin in origins]
        fresh = [n for n in pool if n not in self.used]  # spread names across a template's texts
        chosen = self.r.sample(fresh if len(fresh) >= k else pool, k)
        self.used.update(chosen)
        return chosen

    def name(self, origins: Sequence[str] | None = None) -> Name:
        return self.names(1, origins)[0]

    def email(self, n: Name, private: bool | None = None, domain: str | None = None) -> str:
        first, last = ascii_name(n.first), ascii_name(n.last)
        if private is None:
            private = self.chance(0.4)
        if private:
            local = self.pick([f"{first}.{last}", f"{first}{self.num(70, 99)}", f"{first}_{last}", f"{last}.{first}"])
            dom = self.pick(["gmail.com", "outlook.com", "hotmail.com", "online.no", "icloud.com", "yahoo.com"])
        else:
            local = self.pick([f"{first}.{last}", f"{first[0]}{last}", f"{first}.{last[0]}"])
            dom = domain or self.pick(["nordvik-energi.no", "tryggforsikring.no", "lysakerkraft.no", "fjellheim.as"])
        return f"{local}@{dom}"

    def phone(self, style: str | None = None) -> str:
        first = self.pick("4499" if self.chance(0.8) else "235679")
        d = first + "".join(str(self.num(0, 9)) for _ in range(7))
        body = self.pick([f"{d[:3]} {d[3:5]} {d[5:]}", f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:]}", d])
        prefix = style if style is not None else self.pick(["", "", "", "+47 ", "+47 ", "0047 "])
        if prefix == "+47" or (prefix == "" and self.chance(0.1) and body == d):
            return f"+47{d}"
        return prefix + body

    def phone_intl(self, origin: str) -> str:
        return INTL_PHONE[origin](self.r)

    def phone_for(self, n: Name) -> str:
        if n.origin in INTL_PHONE and self.chance(0.35):
            return self.phone_intl(n.origin)
        return self.phone()

    def ipv4(self, private: bool | None = None) -> str:
        if private is None:
            private = self.chance(0.5)
        if private:
            return self.pick(
                [
                    f"10.{self.num(0, 254)}.{self.num(0, 254)}.{self.num(2, 254)}",
                    f"192.168.{self.num(0, 20)}.{self.num(2, 254)}",
                    f"172.{self.num(16, 31)}.{self.num(0, 254)}.{self.num(2, 254)}",
                ]
            )
        return f"{self.pick(PUBLIC_FIRST_OCTETS)}.{self.num(0, 254)}.{self.num(0, 254)}.{self.num(2, 254)}"

    def ipv6(self) -> str:
        def h() -> str:
            return f"{self.num(1, 0xFFFF):x}"

        return self.pick(
            [
                f"2a02:fe1:{h()}:{h()}::{h()}",
                f"2001:4647:{h()}:{h()}:{h()}:{h()}:{h()}:{h()}",
                f"2a01:799:{h()}:{h()}::{h()}",
                f"2a01:79c:{h()}:{h()}::{h()}:{h()}",
            ]
        )

    def address(self, with_place: bool | None = None) -> str:
        street, code, place = self.pick(STREETS)
        number = f"{self.num(1, 140)}{self.pick(['', '', '', 'A', 'B', 'C'])}"
        if with_place is None:
            with_place = self.chance(0.6)
        return f"{street} {number}, {code} {place}" if with_place else f"{street} {number}"

    # check-digit identifiers
    def fnr_digits(self, dnr: bool = False) -> str:
        while True:
            year = self.num(1948, 2007)
            month = self.num(1, 12)
            day = self.num(1, calendar.monthrange(year, month)[1])
            ind = self.pick([self.num(0, 499), self.num(900, 999)]) if year < 2000 else self.num(500, 999)
            base = f"{day + (40 if dnr else 0):02d}{month:02d}{year % 100:02d}{ind:03d}"
            k1 = mod11(base, K1W)
            if k1 is None:
                continue
            k2 = mod11(base + str(k1), K2W)
            if k2 is not None:
                return f"{base}{k1}{k2}"

    def _fmt11(self, d: str) -> str:
        return f"{d[:6]} {d[6:]}" if self.chance(0.3) else d

    def fnr(self) -> str:
        return self._fmt11(self.fnr_digits())

    def dnr(self) -> str:
        return self._fmt11(self.fnr_digits(dnr=True))

    def orgnr(self, spaced: bool | None = None) -> str:
        while True:
            base = self.pick("89") + "".join(str(self.num(0, 9)) for _ in range(7))
            k = mod11(base, ORGW)
            if k is not None:
                d = f"{base}{k}"
                if spaced is None:
                    spaced = self.chance(0.5)
                return f"{d[:3]} {d[3:6]} {d[6:]}" if spaced else d

    def account_digits(self) -> str:
        while True:
            reg = self.pick(["1503", "1506", "1254", "9710", "1822", "3000", "6011", "1207", "9001", "1813", "3632"])
            base = reg + "".join(str(self.num(0, 9)) for _ in range(6))
            k = mod11(base, K2W)
            d = f"{base}{k}"
            if k is not None and not fnr_ok(d) and not fnr_ok(d, dnr=True):
                return d

    def account(self) -> str:
        d = self.account_digits()
        return self.pick([f"{d[:4]}.{d[4:6]}.{d[6:]}", f"{d[:4]} {d[4:6]} {d[6:]}", d])

    def iban(self, country: str = "NO", grouped: bool | None = None) -> str:
        if country == "NO":
            bban = self.account_digits()
        else:
            shape = BBAN_SHAPE[country]
            letters = self.pick(NL_BANKS[country]) if shape.startswith("L4") else ""
            ndigits = int(shape.split("d")[1])
            bban = letters + "".join(str(self.num(0, 9)) for _ in range(ndigits))
        check = 98 - iban_number(f"{country}00{bban}") % 97
        s = f"{country}{check:02d}{bban}"
        if grouped is None:
            grouped = self.chance(0.6)
        return " ".join(s[i : i + 4] for i in range(0, len(s), 4)) if grouped else s

    def card(self, brand: str | None = None) -> str:
        brand = brand or self.pick(["visa", "visa", "mc", "mc", "amex"])
        if brand == "amex":
            body = self.pick(["34", "37"]) + "".join(str(self.num(0, 9)) for _ in range(12))
        elif brand == "mc":
            prefix = str(self.num(51, 55)) if self.chance(0.7) else str(self.num(2221, 2720))
            body = prefix + "".join(str(self.num(0, 9)) for _ in range(15 - len(prefix)))
        else:
            body = "4" + "".join(str(self.num(0, 9)) for _ in range(14))
        d = next(body + str(c) for c in range(10) if luhn_ok(body + str(c)))
        style = self.pick(["space", "space", "plain", "dash"])
        if style == "plain":
            return d
        sep = " " if style == "space" else "-"
        parts = [d[:4], d[4:10], d[10:]] if len(d) == 15 else [d[i : i + 4] for i in range(0, 16, 4)]
        return sep.join(parts)

    # hard negatives
    def digits(self, k: int, first: str = "123456789") -> str:
        """A k-digit number that passes none of the check-digit validators."""
        while True:
            d = self.pick(first) + "".join(str(self.num(0, 9)) for _ in range(k - 1))
            if k == 9 and orgnr_ok(d, strict_first=False):
                continue
            if k == 11 and (account_ok(d) or fnr_ok(d) or fnr_ok(d, dnr=True)):
                continue
            if k >= 13 and luhn_ok(d):
                continue
            return d

    def bad_fnr(self) -> str:
        """Eleven digits shaped like a fødselsnummer (real date) whose check digits are wrong."""
        while True:
            d = f"{self.num(1, 28):02d}{self.num(1, 12):02d}{self.num(50, 99)}" + self.digits(5)
            if not (account_ok(d) or fnr_ok(d) or fnr_ok(d, dnr=True)):
                return self._fmt11(d)

    def masked_card(self) -> str:
        return self.pick([f"**** **** **** {self.num(1000, 9999)}", f"XXXX-XXXX-XXXX-{self.num(1000, 9999)}"])

    def serial(self) -> str:
        al = "ABCDEFGHJKLMNPQRSTUVWXYZ"
        alnum = al + "0123456789"
        return self.pick(
            [
                "5CG" + "".join(str(self.num(0, 9)) for _ in range(4)) + "".join(self.pick(al) for _ in range(3)),
                "PF" + "".join(self.pick(alnum) for _ in range(6)),
                "C02" + "".join(self.pick(alnum) for _ in range(7)),
                "SN-" + "".join(self.pick(al) for _ in range(2)) + str(self.num(10000, 99999)),
            ]
        )

    def mac(self) -> str:
        parts = [f"{self.num(0, 255):02x}" for _ in range(6)]
        return self.pick([":".join(parts), "-".join(parts).upper()])

    def version(self, parts: int = 3) -> str:
        nums = [self.num(1, 12), self.num(0, 20), self.num(0, 9), self.num(10, 250)]
        return ".".join(str(x) for x in nums[:parts])

    def date(self, lang: str, fmt: str | None = None) -> str:
        m = self.num(1, 12)
        d = self.num(1, calendar.monthrange(2026, m)[1])
        fmt = fmt or self.pick(["num", "text"])
        if fmt == "iso":
            return f"2026-{m:02d}-{d:02d}"
        if lang == "no":
            return f"{d:02d}.{m:02d}.2026" if fmt == "num" else f"{d}. {MONTHS_NO[m - 1]}"
        return f"{d:02d}/{m:02d}/2026" if fmt == "num" else f"{d} {MONTHS_EN[m - 1]} 2026"

    def date_pair(self, lang: str) -> tuple[str, str]:
        """Two dates in 2026, the first before the second, as dd.mm.yyyy (no) or dd/mm/yyyy (en)."""
        a, b = sorted(self.r.sample(range(1, 366), 2))
        sep = "." if lang == "no" else "/"
        da, db = (datetime.date(2026, 1, 1) + datetime.timedelta(days=x - 1) for x in (a, b))
        return da.strftime(f"%d{sep}%m{sep}%Y"), db.strftime(f"%d{sep}%m{sep}%Y")

    def dob(self) -> str:
        return f"{self.num(1, 28):02d}.{self.num(1, 12):02d}.{self.num(1960, 2004)}"

    def time(self, sep: str = ".") -> str:
        return f"{self.num(7, 22):02d}{sep}{self.pick(['00', '05', '10', '15', '20', '30', '40', '45', '50'])}"

    def amount(self, lo: int, hi: int, lang: str = "no") -> str:
        x = self.num(lo, hi)
        s = f"{x:,}"
        return s.replace(",", " ") if lang == "no" else s


ROLES_NO = [
    "prosjektleder", "lønnskonsulent", "driftstekniker", "kundebehandler", "HR-rådgiver", "elektriker",
    "systemutvikler", "regnskapsmedarbeider", "lagermedarbeider", "HMS-koordinator", "nettverksingeniør", "controller",
]  # fmt: skip
ROLES_EN = [
    "project manager", "payroll specialist", "IT support technician", "customer service advisor",
    "HR business partner", "data engineer", "field electrician", "financial controller", "warehouse operative",
    "HSE coordinator", "network engineer", "UX designer",
]  # fmt: skip
COMPANIES_NO = [
    "Hansen Bygg AS", "Olsen & Sønn Rør AS", "Berg Eiendom AS", "Johnsen Transport AS", "Aasen Elektro AS",
    "Nordvik Energi AS", "Lysaker Kraft AS", "Vestkyst Regnskap AS", "Fjellheim Maskin AS", "Kvamme Rørlegger AS",
    "Sørlandet Renhold AS", "Pedersen & Dahl Advokatfirma AS",
]  # fmt: skip
COMPANIES_EN = [
    "Johnson Controls", "Marks & Spencer", "Ernst & Young", "Siemens Energy", "Schneider Electric",
    "Hewlett Packard Enterprise", "Wilson Logistics Ltd", "Bennett Facilities Ltd", "Morgan Advanced Materials",
]  # fmt: skip
FOREIGN_SUPPLIERS = {
    "DE": "Müller Maschinenbau GmbH", "SE": "Lindqvist Verktyg AB", "DK": "Kjærgaard Emballage ApS",
    "FI": "Virtanen Logistiikka Oy", "NL": "De Vries Techniek B.V.", "PL": "Kowalski Stal Sp. z o.o.",
    "LT": "UAB Baltijos Krovinys", "GB": "Whitaker Components Ltd", "FR": "Dubois Électrique SARL",
    "ES": "Suministros García S.L.", "EE": "Tamm Metall OÜ", "LV": "SIA Ozols Būve",
}  # fmt: skip
UNIONS_NO = [
    "Fagforbundet", "Fellesforbundet", "El og IT Forbundet", "Negotia", "Parat", "NITO", "Tekna",
    "Handel og Kontor", "Delta", "Lederne", "NTL", "Forskerforbundet",
]  # fmt: skip
LAPTOPS = ["Lenovo ThinkPad T14 Gen 4", "Dell Latitude 7440", "HP EliteBook 840 G10", "MacBook Air M3"]


# ---------------------------------------------------------------------------------------------------------
# Templates. Each returns one marked-up text; ``i`` is the text's index within its template.

Template = Callable[[Gen, int], str]
TEMPLATES: list[tuple[str, str, int, Template]] = []


def template(tid: str, lang: str, count: int) -> Callable[[Template], Template]:
    def register(fn: Template) -> Template:
        TEMPLATES.append((tid, lang, count, fn))
        return fn

    return register


# (a) HR: screening job applications under GDPR ------------------------------------------------------------


@template("t01", "no", 6)
def t01(g: Gen, i: int) -> str:
    n = g.name()
    role = g.pick(ROLES_NO)
    ref = f"HR-2026-{g.num(10, 480):04d}"
    ident = f"Fødselsnummeret mitt er {FN(g.fnr())}."
    if n.origin not in NORDIC and g.chance(0.6):
        ident = f"Jeg har D-nummer {DN(g.dnr())} og arbeidstillatelse til {g.num(2027, 2029)}."
    start = g.pick(["1. august", "etter tre måneders oppsigelsestid", "umiddelbart", "fra 1. juni"])
    return (
        f"Emne: Søknad på stilling som {role} ({N(ref)})\n\nHei,\n\n"
        f"Jeg heter {P(n.full)} og søker herved stillingen som {role}. "
        f"Jeg bor i {AD(g.address())} og kan begynne {start}. {ident} "
        f"Dere når meg på {PH(g.phone_for(n))} eller {EM(g.email(n, private=True))}.\n\n"
        f"Vennlig hilsen\n{P(n.first)}"
    )


@template("t02", "en", 6)
def t02(g: Gen, i: int) -> str:
    n = g.name([o for o in INTL_PHONE if o not in NORDIC])
    role = g.pick(ROLES_EN)
    job_id = g.digits(8)
    moved = g.num(2019, 2025)
    close = g.pick(
        [
            "I would welcome the chance to discuss the role.",
            "I am available for an interview at short notice.",
            "Thank you for considering my application.",
        ]
    )
    return (
        f"Dear Hiring Manager,\n\nI am writing to apply for the {role} role advertised on Finn.no "
        f"(job ID {N(job_id)}). My name is {P(n.full)}; I moved to Norway in {moved} and now live at "
        f"{AD(g.address())}. My D-number is {DN(g.dnr())}. You can reach me on {PH(g.phone_for(n))} or at "
        f"{EM(g.email(n, private=True))}. {close}\n\nKind regards,\n{P(n.full)}"
    )


@template("t03", "no", 6)
def t03(g: Gen, i: int) -> str:
    n, ref = g.names(2)
    r1, r2 = g.r.sample(ROLES_NO, 2)
    c1, c2 = g.r.sample(COMPANIES_NO, 2)
    field = g.pick(["økonomi og administrasjon", "informatikk", "elkraft", "HR og personalledelse", "logistikk"])
    school = g.pick(["OsloMet", "NTNU i Gjøvik", "Universitetet i Agder", "Høgskolen på Vestlandet", "UiT"])
    title = g.pick(["avdelingsleder", "daglig leder", "teamleder"])
    return (
        f"CV – {P(n.full)}\nFødt: {N(g.dob())} | Mobil: {PH(g.phone_for(n))} | E-post: {EM(g.email(n, True))}\n\n"
        f"Arbeidserfaring\n2021–2025: {r1}, {N(c1)}\n2016–2021: {r2}, {N(c2)}\n\n"
        f"Utdanning\nBachelor i {field}, {school}\n\n"
        f"Referanse: {P(ref.full)} ({title} i {N(c1)}), tlf. {PH(g.phone())}"
    )


@template("t04", "en", 6)
def t04(g: Gen, i: int) -> str:
    n = g.name()
    r1, r2 = g.r.sample(ROLES_EN, 2)
    c1, c2 = g.r.sample(COMPANIES_EN, 2)
    native = NATIVE_LANGUAGE[n.origin]
    languages = (
        f"Norwegian (native), English (fluent), {g.pick(['German', 'Swedish', 'Spanish'])} (basic)"
        if native == "Norwegian"
        else "English (native), Norwegian (B2)"
        if native == "English"
        else f"{native} (native), English (fluent), Norwegian (B2)"
    )
    profile = g.pick(
        [
            "Reliable and detail-oriented, with a track record of closing tickets fast.",
            "Team player who enjoys untangling messy processes.",
            "Experienced in regulated environments (GDPR, ISO 27001).",
        ]
    )
    return (
        f"{P(n.full)}\n{AD(g.address(True))}\n{PH(g.phone_for(n))} · {EM(g.email(n, True))}\n\n"
        f"PROFILE\n{profile}\n\nEXPERIENCE\n2020–present  {cap(r1)}, {N(c1)}\n2015–2020  {cap(r2)}, {N(c2)}\n\n"
        f"LANGUAGES\n{languages}"
    )


def special_no(kind: str, n: Name, g: Gen) -> str:
    who, pr = P(n.first), han(n)
    if kind == "HEALTH":
        return g.pick(
            [
                f"{who} fortalte uoppfordret at {pr} har {H('diabetes type 1')} og trenger faste pauser.",
                f"{who} nevnte at {pr} var {H('sykmeldt')} store deler av fjoråret.",
                f"{who} sa at {pr} har {H('ADHD')} og jobber best med tydelige frister.",
            ]
        )
    if kind == "TRADE_UNION":
        return f"{who} opplyste at {pr} er {TU('medlem av ' + g.pick(UNIONS_NO))} og spurte om tariffavtalen."
    if kind == "RELIGION":
        return f"{who} er {REL('praktiserende muslim')} og spurte om det finnes et stillerom i bygget."
    if kind == "SEXUAL_ORIENTATION":
        label = "lesbisk" if n.gender == "f" else "homofil"
        return f"{who} nevnte at {pr} er {SEX(label)}, og at det hadde skapt problemer på forrige arbeidsplass."
    return f"{who} har {ETH('samisk bakgrunn')} og snakker nordsamisk flytende."


@template("t05", "no", 6)
def t05(g: Gen, i: int) -> str:
    kind = ["HEALTH", "TRADE_UNION", "RELIGION", "SEXUAL_ORIENTATION", "ETHNICITY", "HEALTH"][i]
    n = g.name({"ETHNICITY": ("sami",), "RELIGION": ("so", "sy", "af", "pk")}.get(kind))
    p2, p3 = [m for m in g.names(3, ["no", "se", "dk", "pk", "in"]) if m != n][:2]
    role = g.pick(ROLES_NO)
    faglig = g.pick(
        [
            "Sterk faglig, god på feilsøking og kundedialog",
            "Noe tynn erfaring med Excel, men lærer raskt",
            "Ryddig og strukturert, gode referanser fra tidligere jobber",
        ]
    )
    return (
        f"Intervjunotat – {role}\nDato: {g.date('no', 'num')} kl. {g.num(8, 15)}.{g.pick(['00', '30'])}\n"
        f"Kandidat: {P(n.full)}\n"
        f"Panel: {P(p2.full)}, {P(p3.full)}\n\n{faglig}. {special_no(kind, n, g)}\n"
        "NB: Opplysningen er ikke relevant for ansettelsen og skal ikke vektlegges eller lagres i "
        "rekrutteringssystemet."
    )


def special_en(kind: str, n: Name, g: Gen) -> str:
    who, pr = P(n.first), he(n)
    if kind == "RELIGION":
        label = RELIGION_EN[n.origin]
        return f"{who} mentioned being a {REL(label)} and asked about flexibility around religious holidays."
    if kind == "HEALTH":
        return g.pick(
            [
                f"{who} told us {pr} has {H('epilepsy')} and cannot work night shifts alone.",
                f"{who} explained the gap in {his(n)} CV: {pr} was {H('on long-term sick leave')} in 2024.",
            ]
        )
    if kind == "HEALTH2":
        return f"{who} said {pr} was diagnosed with {H('ADHD')} as an adult and uses noise-cancelling headphones."
    if kind == "SEXUAL_ORIENTATION":
        return f"{who} mentioned in passing that {pr} is {SEX(g.pick(['gay', 'bisexual']))}."
    if kind == "TRADE_UNION":
        union = g.pick(["Tekna", "NITO", "Parat", "Negotia"])
        return f"{who} asked whether we have a collective agreement, as {pr} is a {TU('member of ' + union)}."
    if kind == "ETHNICITY":
        label = {"sy": "Kurdish background", "pl": "Roma background"}.get(n.origin, "Kven background")
        return f"{who} said {pr} has a {ETH(label)} and has faced prejudice in earlier jobs."
    return f"{who} volunteered that {pr} has a {CRIM('conviction for shoplifting')} from 2017."


@template("t06", "en", 7)
def t06(g: Gen, i: int) -> str:
    kind = ["RELIGION", "HEALTH", "SEXUAL_ORIENTATION", "TRADE_UNION", "ETHNICITY", "HEALTH2", "CRIMINAL"][i]
    origins = {"RELIGION": ("so", "pl", "in", "de"), "ETHNICITY": ("sy", "pl", "no")}.get(kind)
    n = g.name(origins)
    a, b = [m for m in g.names(3) if m != n][:2]
    role = g.pick(ROLES_EN)
    skill = g.pick(
        [
            "Solid technical answers; weaker on stakeholder questions.",
            "Excellent case presentation, clear communicator.",
            "Good cultural fit; salary expectation slightly above band.",
        ]
    )
    return (
        f"Interview notes – {role}\nCandidate: {P(n.full)}\nInterviewers: {P(a.full)}, {P(b.full)}\n"
        f"Date: {g.date('en')}\n\n{skill} {special_en(kind, n, g)} "
        "Reminder: this must not be part of the assessment and should be removed before the notes are filed."
    )


@template("t07", "no", 6)
def t07(g: Gen, i: int) -> str:
    cand, ref = g.names(2)
    company = g.pick(COMPANIES_NO)
    y1 = g.num(2015, 2020)
    praise = g.pick(
        [
            "Beskrives som pålitelig og løsningsorientert",
            "Svært god med kunder, noe utålmodig i interne møter",
            "Tok mye ansvar og var en naturlig leder i teamet",
        ]
    )
    sick = ""
    if i % 2 == 0:
        what = g.pick(
            [
                f"{H('langtidssykmeldt')}",
                f"{H('sykmeldt')} etter en {H('ryggoperasjon')}",
                f"{H('sykmeldt')} med {H('depresjon')}",
            ]
        )
        sick = f" {P(ref.first)} nevnte også at {P(cand.first)} var {what} i {y1 + 2}, noe vi ikke skal vektlegge."
    return (
        f"Referansesjekk – {P(cand.full)}\nReferanse: {P(ref.full)}, {g.pick(['avdelingsleder', 'daglig leder'])} "
        f"i {N(company)}, tlf. {PH(g.phone())}\n\n{P(ref.first)} bekreftet at {P(cand.first)} jobbet der fra {y1} "
        f"til {y1 + g.num(2, 5)}. {praise}.{sick} Kandidaten har samtykket til referansesjekken."
    )


@template("t08", "en", 6)
def t08(g: Gen, i: int) -> str:
    cand, ref = g.names(2)
    company = g.pick(COMPANIES_EN)
    pr = he(cand)
    record = [
        f"{pr} was dismissed after being {CRIM('convicted of fraud')} in 2021",
        f"{pr} has a previous {CRIM('conviction for drink-driving')}",
        f"the police certificate shows a {CRIM('conviction for assault')} from 2019",
        f"{pr} {CRIM('served a sentence for theft')} before joining them",
        f"{pr} had been {CRIM('charged with embezzlement')}, and the case is still pending",
        f"{pr} was {CRIM('convicted of tax evasion')} while working there",
    ][i]
    return (
        f"Reference check: {P(cand.full)} ({g.pick(ROLES_EN)})\nReferee: {P(ref.full)}, former line manager at "
        f"{N(company)}\n\n{P(ref.first)} described {P(cand.first)} as {g.pick(['hard-working', 'quiet but sharp'])}, "
        f"but said {record}. Note: a police certificate is required by law for this role; record only what is "
        "relevant and delete the rest after the decision."
    )


@template("t09", "no", 6)
def t09(g: Gen, i: int) -> str:
    n, hr = g.names(2)
    company = g.pick(COMPANIES_NO)
    keep = ""
    if g.chance(0.5):
        keep = f" Ønsker du at vi beholder CV-en din i kandidatbasen, svar på denne e-posten innen {g.date('no')}."
    return (
        f"Kjære {P(n.first)},\n\nTakk for din søknad på stillingen som {g.pick(ROLES_NO)} hos {N(company)}. "
        f"Vi fikk {g.num(40, 180)} søknader, og vi har dessverre valgt å gå videre med andre kandidater.\n\n"
        f"Søknaden din (søknadsnr. {N(g.digits(8))}) og vedleggene slettes "
        f"{g.pick(['etter seks måneder', 'innen 30 dager'])} i tråd med personvernforordningen (GDPR).{keep}"
        f"\n\nMed vennlig hilsen\n{P(hr.full)}\nHR, {N(company)}"
    )


@template("t10", "en", 6)
def t10(g: Gen, i: int) -> str:
    n, a, hr = g.names(3)
    salutation = g.pick(["Ms" if n.gender == "f" else "Mr", "Dear"])
    greet = f"Dear {salutation} {P(n.last)}" if salutation != "Dear" else f"Dear {P(n.first)}"
    return (
        f"{greet},\n\nThank you for your interest in the {g.pick(ROLES_EN)} position and for taking the time to "
        f"meet {P(a.first)} and me on {g.date('en')}. After careful consideration we will not be taking your "
        "application further. We hope you will consider us for future openings. Your application data will be "
        f"deleted six months after the position is filled, unless you ask us to keep it.\n\nBest regards,\n{P(hr.full)}"
    )


@template("t11", "no", 5)
def t11(g: Gen, i: int) -> str:
    a, b, c, hr = g.names(4)
    case = f"{g.num(2025, 2026)}/{g.num(100, 999)}"
    lines = [
        f"{k}. {P(m.full)} – {age} år, {g.num(1, age - 21)} års erfaring, {PH(g.phone_for(m))}"
        for k, m, age in ((k, m, g.num(24, 58)) for k, m in enumerate((a, b, c), start=1))
    ]
    return (
        f"Kortliste {g.pick(ROLES_NO)} (sak {N(case)}):\n" + "\n".join(lines) + f"\nIntervjuer settes opp i uke "
        f"{g.num(12, 20)}. {P(hr.first)} sender innkalling, og avslag går ut først når stillingen er besatt."
    )


@template("t12", "en", 6)
def t12(g: Gen, i: int) -> str:
    n = g.name()
    ident = f"national ID number {FN(g.fnr())}" if i % 2 == 0 else f"D-number {DN(g.dnr())}"
    when = f"{g.pick(MONTHS_EN)} 2025"
    return (
        "Subject: Data subject access request (Article 15 GDPR)\n\nHello,\n\n"
        f"I applied for {a_an(g.pick(ROLES_EN))} position with you in {when} and would like a copy of all "
        "personal data you hold about me, including interview notes and reference checks. "
        f"For identification: {P(n.full)}, {ident}, e-mail {EM(g.email(n, True))}. "
        f"Please reply within one month.\n\nRegards,\n{P(n.first)}"
    )


@template("t75", "en", 6)
def t75(g: Gen, i: int) -> str:
    days = g.pick([90, 180, 183, 365])
    opening = g.pick(
        [
            f"Recruitment data retention (policy HR-07, version {N(g.version(2))})",
            f"Candidate privacy notice – last reviewed {g.date('en')}",
        ]
    )
    rules = g.r.sample(
        [
            f"Applications and CVs are kept for {days} days after the position is filled, then deleted.",
            "Reference checks may only be carried out with the candidate's consent.",
            "Interview notes must not record health, religion, union membership or sexual orientation.",
            "A police certificate may be requested only where the law allows it.",
            "Will the data be shared? Only with the hiring manager and the HR team.",
            f"Questions go to the data protection officer via case type {N('DPO-' + str(g.num(10, 99)))}.",
            f"{N('Hope Street Recruitment')}, our external agency, is a data processor under Article 28.",
        ],
        4,
    )
    return opening + "\n\n" + " ".join(rules)


@template("t77", "no", 5)
def t77(g: Gen, i: int) -> str:
    role = g.pick(ROLES_NO)
    company = g.pick(COMPANIES_NO)
    lo = g.num(52, 66) * 10000
    return (
        f"Ledig stilling: {role} ({N('ref. ' + str(g.num(2026000, 2026999)))})\n{N(company)} søker en {role} "
        f"til vårt kontor i {g.pick(CITIES_NO)}. Søknadsfrist {g.date('no', 'num')}. Lønn etter avtale, "
        f"ca. {N(g.amount(lo, lo))}–{g.amount(lo + 80000, lo + 80000)} kr. Vi har tariffavtale med "
        f"{N(g.pick(UNIONS_NO))}, fleksitid og pensjon fra første krone. Søk via rekrutteringsportalen; "
        "vi ber om at du ikke sender fødselsnummer eller helseopplysninger i søknaden."
    )


# (b) IT department: support chatbot and helpdesk tickets --------------------------------------------------


@template("t13", "no", 6)
def t13(g: Gen, i: int) -> str:
    n = g.name()
    emp = g.digits(5)
    written = n.full.lower() if g.chance(0.5) else n.full
    where = f"til {PH(g.phone())}" if i % 3 else f"til nummeret som slutter på {N(str(g.num(10, 99)) + '67')}"
    return (
        f"Bruker: hei, jeg er låst ute av pc-en etter {g.pick(['ferien', 'passordbyttet', 'helgen'])}\n"
        "Bot: Hei! Jeg kan hjelpe deg. Hva heter du, og hvilket ansattnummer har du?\n"
        f"Bruker: {P(written)}, ansattnr {N(emp)}\n"
        f"Bot: Takk, {P(n.first)}. Jeg har sendt en engangskode {where}. Skriv inn koden her.\n"
        f"Bruker: {N(str(g.num(100000, 999999)))}\n"
        f"Bot: Kontoen er låst opp. Saken er registrert som {N('INC' + g.digits(7))}."
    )


@template("t14", "en", 6)
def t14(g: Gen, i: int) -> str:
    n = g.name()
    mail = g.email(n, private=False)
    tail = g.pick(
        [
            "User: got it thx",
            "User: nothing arrived?? i changed phones last week\n"
            "Bot: I'll create a ticket so the service desk can update your number.",
            "User: ok and can you unlock my teams too\n"
            "Bot: Teams uses the same account, so it should work once you sign in again.",
        ]
    )
    return (
        "User: hi i need a new password, the old one expired\n"
        "Bot: I can help with that. Please confirm your work email.\n"
        f"User: {EM(mail)}\nBot: Thanks, {P(n.first)}. A reset link has been sent to your registered mobile "
        f"{PH(g.phone_for(n))}. The link is valid for 15 minutes.\n{tail}"
    )


@template("t15", "no", 6)
def t15(g: Gen, i: int) -> str:
    n = g.name()
    mail = g.email(n, private=False)
    src, src2, inner = g.ipv4(False), g.ipv4(False), g.ipv4(True)
    h, m = g.num(6, 9), g.num(10, 50)
    ts = f"2026-0{g.num(1, 9)}-{g.num(10, 28)}T0{h}:{m}"
    return (
        f"Sak {N('INC' + g.digits(7))}: {P(n.full)} melder at VPN faller ut hjemmefra. Utdrag fra loggen:\n\n"
        f"{ts}:04Z vpn-gw01 auth ok user={EM(mail)} src={IP(src)} assigned={IP(inner)}\n"
        f"{ts}:51Z vpn-gw01 DPD timeout peer={IP(src)} session={N(f'{g.num(0x10000000, 0xFFFFFFFF):x}')}\n"
        f"{ts[:-2]}{m + 3}:07Z vpn-gw01 reconnect user={EM(mail)} src={IP(src2)}\n\n"
        f"Klient: AnyConnect {N(g.version(4))}. Mistenker ustabil ruter hos brukeren; {P(n.first)} er bedt om å "
        "koble til med kabel og teste igjen."
    )


@template("t16", "en", 6)
def t16(g: Gen, i: int) -> str:
    n, tech = g.names(2)
    return (
        f"Ticket {N(g.digits(8))}: VPN split-tunnel issue for {P(n.full)}.\n"
        f"The user's home connection is IPv6-only ({IP(g.ipv6())}); the tunnel carries IPv4 only, so traffic to "
        f"the file server at {IP(g.ipv4(True))} times out. Workaround: enable the IPv4 fallback profile "
        f"(client {N('v' + g.version(3))}). Called the user on {PH(g.phone_for(n))}. {P(tech.first)} will follow up."
    )


@template("t17", "no", 6)
def t17(g: Gen, i: int) -> str:
    n, tech = g.names(2)
    reason = g.pick(["den gamle fikk vannskade", "batteriet på den gamle var oppblåst", "leasingavtalen gikk ut"])
    return (
        f"Overlevering av utstyr\nAnsatt: {P(n.full)} ({g.pick(['økonomi', 'kundesenteret', 'lager', 'salg'])})\n"
        f"Utstyr: {N(g.pick(LAPTOPS))}, serienr. {N(g.serial())}, MAC {N(g.mac())}\n"
        f"Asset tag: {N('NV-' + str(g.num(100000, 999999)))}, lisens-ID {N(g.digits(11))}\n"
        f"Utlevert av: {P(tech.full)}, {g.date('no', 'num')}\n\n"
        f"{P(n.first)} har fått ny PC fordi {reason}. Gammel maskin (serienr. {N(g.serial())}) er sendt til "
        "sikker sletting."
    )


@template("t18", "en", 6)
def t18(g: Gen, i: int) -> str:
    n, tech, mgr = g.names(3)
    return (
        f"Laptop return checklist – leaver: {P(n.full)}\nLast working day: {g.date('en')}\n"
        f"Device: {N(g.pick(LAPTOPS))}, S/N {N(g.serial())}\nReturned to: {P(tech.full)} (IT)\n"
        "BitLocker recovery key escrowed: yes\n"
        f"Notes: mail sent to {EM(g.email(n, False))} is forwarded to {P(mgr.full)} ({EM(g.email(mgr, False))}) for 30 "
        "days, as approved by HR."
    )


@template("t19", "no", 6)
def t19(g: Gen, i: int) -> str:
    n = g.name((*NORDIC, "pk", "so", "pl"))
    outcome = g.pick(
        [
            "Passordet ble likevel ikke tilbakestilt over telefon; ny kode er sendt til registrert nummer.",
            "Innringer la på da vi ba om å ringe tilbake. Meldt som mulig sosial manipulering til sikkerhetsteamet.",
        ]
    )
    return (
        f"Logg telefonsupport {g.date('no', 'num')} kl. {g.time()}\nInnringer oppga å være {P(n.full)} fra "
        f"{g.pick(['lønn', 'innkjøp', 'nettdrift'])} og ringte fra {PH(g.phone())}. Nummeret stemmer ikke med det som "
        f"er registrert ({PH(g.phone())}). Oppga fødselsnummer {FN(g.fnr())} for verifisering. {outcome}"
    )


@template("t20", "en", 6)
def t20(g: Gen, i: int) -> str:
    n, tech = g.names(2)
    old = g.email(n, private=False, domain="lysakerkraft.no")
    new = g.email(n, private=False, domain="nordvik-energi.no")
    size = f"{g.num(47, 49)}.{g.num(1, 9)}"
    return (
        f"#{N(g.digits(8))} Mailbox full – {P(n.full)}\nThe user's mailbox ({EM(new)}) is at {size} GB of 50 GB. "
        "Archive policy applied; items older than two years moved to the online archive. "
        f"{P(n.first)} also asked that mail to the old alias {EM(old)} be forwarded after the merger. "
        f"Done. Closed by {P(tech.first)}."
    )


@template("t21", "en", 6)
def t21(g: Gen, i: int) -> str:
    n = g.name()
    geo = g.pick(["Lithuania", "the Netherlands", "Brazil", "Vietnam", "Romania", "an anonymising VPN"])
    start = g.num(0, 20)
    return (
        f"[ALERT] {g.num(12, 240)} failed sign-ins for {EM(g.email(n, False))} between {start:02d}:{g.num(10, 59)} "
        f"and {start + g.num(1, 3):02d}:{g.num(10, 59)} UTC.\n"
        f"Source IPs: {IP(g.ipv4(False))}, {IP(g.ipv4(False))}, {IP(g.ipv6())}\nGeo: {geo}. "
        f"MFA blocked every attempt. {P(n.full)} confirmed by phone ({PH(g.phone())}) that the attempts were not "
        f"{his(n)}. Password rotated; conditional access rule {N('CA-' + str(g.num(100, 999)))} updated."
    )


@template("t22", "no", 6)
def t22(g: Gen, i: int) -> str:
    system = g.pick(["VPN-gatewayen", "lønnssystemet", "kundeportalen", "e-postplattformen", "fakturaløsningen"])
    impact = g.pick(
        [
            "det ikke være mulig å logge inn hjemmefra",
            "innsending av reiseregninger være stengt",
            "kundene kunne se fakturaer, men ikke betale dem",
        ]
    )
    return (
        f"Driftsmelding: Planlagt vedlikehold av {system} {g.date('no')} kl. 22.00–02.00. I dette tidsrommet vil "
        f"{impact}. Vi oppgraderer til versjon {N(g.version(3))}. Endringssak {N('CHG' + g.digits(7))}. "
        f"{N(g.pick(['Dag 1', 'Dag 2', 'Fase 3']))} av oppgraderingen starter etter påske. "
        "Spørsmål meldes i selvbetjeningsportalen."
    )


@template("t23", "en", 6)
def t23(g: Gen, i: int) -> str:
    comp = g.pick(["PostgreSQL", "nginx", "Keycloak", "Redis", "the MDM agent", "Grafana"])
    major, minor = g.num(2, 16), g.num(0, 12)
    old, new = f"{major}.{minor}.{g.num(0, 9)}", f"{major}.{minor + g.num(1, 3)}.{g.num(0, 4)}"
    return (
        f"CHG{N(g.digits(7))}: Upgrade {comp} from {N(old)} to {N(new)} on "
        f"{g.pick(['db-prod-02', 'web-edge-01', 'auth-prod-03', 'mon-01'])}.\nWindow: {g.date('en')} 21:00–23:00 CET. "
        f"Risk: {g.pick(['low', 'medium'])}. Rollback: restore snapshot {N('snap-' + f'{g.num(0, 0xFFFFFF):06x}')}. "
        f"Tested in staging build {N(str(g.num(1000, 9999)))}. Approver group: CAB-Infra."
    )


@template("t78", "no", 6)
def t78(g: Gen, i: int) -> str:
    floor = g.num(1, 6)
    return (
        f"Feilsøking skriver {floor}. etasje: Skriveren (HP LaserJet M507, serienr. {N(g.serial())}) svarte ikke. "
        f"MAC-adresse {N(g.mac())}, fastvare {N(g.version(4))}. Løsning: oppdatert fastvaren og lagt inn ny "
        f"DHCP-reservasjon. Tidsbruk {g.num(30, 90)} min. {N('Per time')} belastes avdelingen {g.num(550, 900)} kr "
        "etter internprisen for 2026."
    )


# (c) Slack / Teams channel messages -------------------------------------------------------------------------


@template("t24", "no", 6)
def t24(g: Gen, i: int) -> str:
    a, b, c = g.names(3, ("no", "sami", "pl", "so", "sy", "vn", "ph"))
    who = c.first.lower()
    msg = [
        f"{P(who)} er {H('syk')} i dag 🤒 kan noen ta vakta {hans(c)} kl 12-20?",
        f"@{P(who)} er {H('sykmeldt')} ut uka, send sakene {hans(c)} til meg",
        f"fikk sms fra {P(c.first)}, {han(c)} har {H('migrene')} igjen og kommer ikke før lunsj",
        f"{P(who)} {H('brakk armen')} på skitur 😬 {han(c)} jobber hjemmefra resten av uka",
        f"{P(who)} er {H('gravid')} og skal ikke løfte på lageret lenger, kan vi bytte oppgaver?",
        f"{P(who)} har {H('omgangssyke')} så kurset i morra er avlyst",
    ][i]
    reply = g.pick(["jeg kan ta den 👍 men må gå kl 19", "ok noterer", "takk for beskjed, god bedring til henne/han"])
    if "henne/han" in reply:
        reply = f"takk for beskjed, god bedring til {'henne' if c.gender == 'f' else 'ham'}"
    channel = g.pick(["kundesenter", "lager-nord", "drift"])
    return f"#{channel}\n{P(a.first.lower())}: {msg}\n{P(b.first.lower())}: {reply}"


@template("t25", "en", 6)
def t25(g: Gen, i: int) -> str:
    asker = g.name()
    h = WORD_NAMES_EN[i % len(WORD_NAMES_EN)].first.lower()
    a = P(asker.first.lower())
    floor = g.pick(["2nd", "3rd", "4th", "5th"])
    thread = g.pick(
        [
            f"{a}: hey @{P(h)} can u check the printer on {floor} floor?? ip is {IP(g.ipv4(True))} i think\n"
            f"{P(h)}: on it. the big ricoh?\n{a}: ya. says toner low but its full lol\n"
            f"{P(h)}: fixed 🙃 firmware was stuck on {N('v' + g.version(2))}",
            f"{a}: @{P(h)} the meeting room screen on {floor} floor is dead again 😩 it had {IP(g.ipv4(True))}\n"
            f"{P(h)}: rebooted it, should be back in 2 min\n{a}: ur a hero",
            f"{a}: anyone else getting cert errors on the wiki?? @{P(h)}\n"
            f"{P(h)}: yep, proxy at {IP(g.ipv4(True))} has an old cert. fixing\n{a}: ty 🙏",
        ]
    )
    return f"#it-helpdesk\n{thread}"


@template("t26", "no", 6)
def t26(g: Gen, i: int) -> str:
    parts = g.r.sample(
        [
            f"{N('Dag')} {g.num(2, 4)} av migreringen: alle postbokser i region Nord er flyttet.",
            f"{N('Per')} nå gjenstår {g.num(40, 300)} brukere.",
            f"{N('Mai')} er travel måned for lønn, så resten tas i juni.",
            f"{N('Storm')} i vente på Vestlandet – ha laderen med hjem i kveld.",
            f"{N('Vår')} nye rutine: alle endringer må ha sak i Jira før de går i prod.",
            f"{N('Sol')} og 14 grader, så fredagslunsjen blir på takterrassen ☀️",
            f"{N('Liv')} og helse-uka starter mandag med gratis frukt i kantina.",
            f"{N('Håp')} om bedring på nettet etter byttet av switch i rack {g.num(3, 12)}.",
            "Husk å ikke slå av maskinene i natt 🙏",
        ],
        4,
    )
    return f"#{g.pick(['it-drift', 'generelt', 'migrering-2026'])}\n" + " ".join(parts)


@template("t27", "en", 6)
def t27(g: Gen, i: int) -> str:
    parts = g.r.sample(
        [
            f"{N('Hope')} everyone had a good weekend!",
            f"Reminder: the {N('bill')} run starts Monday, so {N('mark')} your calendars.",
            f"{N('Will')} the new VPN client break SSO? Testing on {g.num(5, 20)} machines first.",
            f"Ticket volume {N('rose')} {g.num(5, 30)}% month on month after the portal launch.",
            f"The {N('grace')} period on the old licences ends Friday.",
            f"{N('Frank')} feedback welcome in the retro thread 🙏",
            f"{N('Mark')} as resolved only when the customer confirms.",
            f"{N('Joy')} of joys: the build is green again 🎉",
        ],
        4,
    )
    return f"#{g.pick(['general', 'service-desk', 'ops'])}\n" + " ".join(parts)


@template("t28", "no", 6)
def t28(g: Gen, i: int) -> str:
    a, b, c = g.names(3)
    target = c.full if g.chance(0.5) else c.full.lower()
    need = g.pick(["trenger signatur på kontrakten før kl 15", "kunden venter i resepsjonen", "haster litt 😅"])
    return (
        f"{P(a.first.lower())}: noen som har nummeret til {P(target)}? {need}\n"
        f"{P(b.first.lower())}: {PH(g.phone())}\n{P(b.first.lower())}: eller prøv jobbmobilen {PH(g.phone())}, "
        f"{han(c)} sitter i møte til 14\n{P(a.first.lower())}: takk 🙌"
    )


@template("t29", "en", 6)
def t29(g: Gen, i: int) -> str:
    a, b, c = g.names(3)
    verb, illness = [
        ("had", "knee surgery"),
        ("had a", "kidney stone"),
        ("tested positive for", "covid"),
        ("was diagnosed with", "pneumonia"),
        ("got a", "concussion"),
        ("had", "back surgery"),
    ][i]
    pr = he(c)
    return (
        f"{P(a.first.lower())}: fyi {P(c.first.lower())} is out til thursday, {pr} {verb} {H(illness)} on monday. "
        f"pls dont share in the team channel\n{P(b.first.lower())}: ofc. hope {pr}'s ok 🙏 i'll cover {his(c)} "
        f"tickets\n{P(a.first.lower())}: thx"
    )


@template("t30", "no", 6)
def t30(g: Gen, i: int) -> str:
    a, b = g.names(2, ("no", "pl", "lt", "er", "in"))
    c = WORD_NAMES_NO[i % len(WORD_NAMES_NO)]
    union = g.pick(UNIONS_NO)
    fact = g.pick([f"medlem av {union}", f"organisert i {union}"])
    return (
        f"{P(a.first.lower())}: {P(c.first)} lurer på om {han(c)} kan ta med tillitsvalgt på møtet torsdag, "
        f"{han(c)} er {TU(fact)}\n{P(b.first.lower())}: ja selvfølgelig, det har {han(c)} rett til\n"
        f"{P(a.first.lower())}: 👍 sender innkalling til {P(c.first)} og {N(union)} sin kontakt"
    )


@template("t79", "en", 6)
def t79(g: Gen, i: int) -> str:
    a, b, c = g.names(3)
    return (
        f"On-call handover {g.date('en')}\nPrimary: {P(a.full)} {PH(g.phone())}\nSecondary: {P(b.full)} "
        f"{PH(g.phone())}\nEscalation: {P(c.full)} (team lead) {PH(g.phone_for(c))}\nOpen: INC{N(g.digits(7))} "
        f"(backup job failing on {g.pick(['fs-02', 'sql-03', 'nas-01'])}). {N('Storm')} warning for the weekend, "
        "so expect power blips at the Bergen site."
    )


# (d) Payroll and finance -----------------------------------------------------------------------------------


@template("t31", "no", 6)
def t31(g: Gen, i: int) -> str:
    n, mgr = g.names(2)
    old = g.num(480, 790) * 1000
    return (
        f"Lønnsendring – {P(n.full)} (ansattnr. {N(g.digits(5))})\nFødselsnummer: {FN(g.fnr())}\n"
        f"Ny årslønn: kr {g.amount(old + 15000, old + 60000)} (tidligere kr {g.amount(old, old)}), "
        f"gjelder fra {g.date('no', 'num')}.\nUtbetales til konto {ACC(g.account())}.\n"
        f"Godkjent av {P(mgr.full)}, {g.date('no', 'num')}."
    )


@template("t32", "en", 6)
def t32(g: Gen, i: int) -> str:
    n = g.name(("pl", "lt", "ua", "ph", "th", "vn", "er"))
    mgr = g.name(NORDIC)
    rate = g.num(210, 290)
    return (
        f"Payroll change request\nEmployee: {P(n.full)}\nD-number: {DN(g.dnr())}\nChange: hourly rate from "
        f"NOK {rate} to NOK {rate + g.num(8, 25)} from {g.date('en')}\nReason: "
        f"{g.pick(['probation completed', 'new certificate', 'annual review'])}\nBank account: {ACC(g.account())}\n"
        f"Requested by: {P(mgr.full)}"
    )


@template("t33", "no", 6)
def t33(g: Gen, i: int) -> str:
    n, mgr = g.names(2)
    fly, hotell, taxi = g.num(900, 4200), g.num(1400, 3800), g.num(180, 890)
    return (
        f"Reiseregning {N('RR-2026-' + str(g.num(1000, 9999)))}\n{P(n.full)} har levert utlegg for kundebesøk i "
        f"{g.pick(CITIES_NO)} {g.date('no')}:\n– Flybillett: kr {fly}\n– Hotell (2 netter): kr {hotell}\n"
        f"– Taxi: kr {taxi}\nSum: kr {g.amount(fly + hotell + taxi, fly + hotell + taxi)}\n"
        f"Refunderes til konto {ACC(g.account())} med neste lønnskjøring. Attestert av {P(mgr.first)}."
    )


@template("t34", "en", 6)
def t34(g: Gen, i: int) -> str:
    n = g.name()
    card = CC(g.card()) if i < 4 else N(g.masked_card())
    return (
        f"Expense report {N(g.digits(8))} – {P(n.full)}\nCorporate card: {card}\n"
        f"{g.num(3, 9)} transactions, total NOK {g.amount(1500, 24000, 'en')}. Two receipts are missing "
        f"(statement lines 'AMZN MKTP DE*{N(g.serial()[:6])}' and 'SAS {N(str(g.num(100, 999)))}'). "
        f"Please ask {P(n.first)} to upload them by {g.date('en')}."
    )


@template("t35", "no", 6)
def t35(g: Gen, i: int) -> str:
    n = g.name()
    merchant = g.pick(["NETFLIX.COM", "WOLT OSLO", "ALIEXPRESS", "VIPPS*PARKERING", "BOOKING.COM"])
    return (
        "Reklamasjon på korttransaksjon\n\n"
        f"Hei, jeg heter {P(n.full)} og ser en belastning på kr {g.num(199, 8999)} fra «{merchant}» "
        f"den {g.date('no', 'num')} som jeg ikke kjenner igjen. Kortnummer: {CC(g.card())}. Kortet er sperret. "
        f"Transaksjonsreferanse: {N(g.digits(g.pick([13, 16])))}. Kan dere tilbakeføre beløpet til konto "
        f"{ACC(g.account())}?\n\nMvh {P(n.first)}, tlf {PH(g.phone())}"
    )


@template("t36", "en", 6)
def t36(g: Gen, i: int) -> str:
    n = g.name()
    reason = g.pick(["subscription cancelled", "goods not received", "charged twice", "amount differs from receipt"])
    return (
        f"Chargeback form\nCardholder: {P(n.full)}\nCard number: {CC(g.card())}\n"
        f"Disputed amount: EUR {g.num(20, 900)}.{g.num(10, 99)}\n"
        f"Merchant: {g.pick(['FitPro Online', 'Skyline Hotels', 'GadgetHub EU'])}\nReason: {reason}\n"
        f'Cardholder statement: "I contacted the merchant on {g.date("en")} and never got an answer."\n'
        f"Contact: {EM(g.email(n, True))}"
    )


@template("t37", "no", 6)
def t37(g: Gen, i: int) -> str:
    contact = g.name()
    company = g.pick(COMPANIES_NO)
    return (
        f"Betalingsforslag {g.date('no', 'num')}\nLeverandør: {N(company)} (org.nr. {ORG(g.orgnr())})\n"
        f"Faktura {N(g.digits(8))} på kr {g.amount(4000, 480000)} forfaller {g.date('no', 'num')}.\n"
        f"Konto: {ACC(g.account())}, KID: {N(g.digits(g.pick([10, 12])))}\n"
        f"NB: leverandøren har meldt ny konto per e-post – ring {P(contact.full)} på {PH(g.phone())} og verifiser "
        "før betaling."
    )


@template("t38", "en", 7)
def t38(g: Gen, i: int) -> str:
    country = ["DE", "SE", "NL", "PL", "LT", "GB", "FR"][i]
    origin = {"DE": "de", "SE": "se", "PL": "pl", "LT": "lt", "GB": "en"}.get(country)
    supplier = FOREIGN_SUPPLIERS[country]
    requester = g.name(NORDIC)
    contact = g.name((origin,) if origin else ("de", "en"))
    iban = g.iban(country)
    bank = iban.replace(" ", "")[4:8]
    bic = BIC_BY_BANK.get(bank) or g.pick(BANKS[country])
    vat = country + g.digits(9, "1234567")
    phone = g.phone_intl(origin or "de")
    return (
        f"Please pay invoice {N(g.digits(8))} (EUR {g.amount(900, 64000, 'en')}) to {N(supplier)} ({country}).\n"
        f"IBAN: {IB(iban)}\nBIC: {bic}\nVAT no.: {N(vat)}\nReference: PO {N(g.digits(7))}\n"
        f"Requested by {P(requester.full)}, procurement. The supplier changed banks in January; confirm by calling "
        f"{P(contact.full)} on {PH(phone)} before releasing the payment."
    )


@template("t39", "no", 6)
def t39(g: Gen, i: int) -> str:
    return (
        f"Fakturagodkjenning: Faktura {N(g.digits(6))} fra {N(g.pick(COMPANIES_NO))} (org.nr. {ORG(g.orgnr())}) på "
        f"kr {g.amount(2000, 350000)} er kontrollert mot innkjøpsordre {N(g.digits(8))} og godkjent for betaling. "
        f"Kostnadssted {N(str(g.num(1000, 9999)))}, prosjekt {N('P-2026-' + str(g.num(10, 99)))}. "
        f"Forfallsdato {g.date('no', 'num')}."
    )


@template("t40", "en", 6)
def t40(g: Gen, i: int) -> str:
    company = g.pick(COMPANIES_NO)
    orgnr = g.orgnr(spaced=True)
    vat = f"NO {ORG(orgnr)} MVA" if g.chance(0.6) else f"organisation number {ORG(orgnr)}"
    return (
        f"Vendor onboarding completed: {N(company)} ({vat}) has been added to the supplier register. "
        f"Payment terms: {g.pick([14, 30, 45])} days net. "
        f"Category: {g.pick(['facilities', 'IT hardware', 'consulting'])}. Sanctions screening passed on "
        f"{g.date('en')}. Framework agreement ref. {N(f'FA-{g.num(2024, 2026)}-{g.num(10, 99)}')}."
    )


@template("t41", "no", 6)
def t41(g: Gen, i: int) -> str:
    q = g.num(1, 4)
    return (
        f"Budsjettkommentar Q{q} 2026: Driftskostnadene endte på kr {g.num(12, 80)},{g.num(1, 9)} mill., "
        f"{g.num(2, 9)},{g.num(1, 9)} % over budsjett, hovedsakelig på grunn av høyere strømpris i "
        f"{g.pick(MONTHS_NO[:3])}. Lønnskostnadene var som forventet. {N('Per')} {g.date('no', 'num')} er "
        f"{g.num(60, 90)} av {g.num(91, 110)} stillinger besatt. Prognose for året: kr {g.num(200, 400)} mill."
    )


@template("t42", "en", 6)
def t42(g: Gen, i: int) -> str:
    return (
        f"Payroll run 2026-{g.num(1, 12):02d} completed: {g.num(300, 480)} employees paid, gross NOK "
        f"{g.amount(20_000_000, 35_000_000, 'en')}, employer's national insurance NOK "
        f"{g.amount(2_800_000, 4_900_000, 'en')}. "
        f"{g.num(2, 9)} manual corrections (see batch {N(g.digits(8))}). Next run is scheduled for {g.date('en')}. "
        "Holiday pay will be paid in June as usual."
    )


@template("t80", "no", 6)
def t80(g: Gen, i: int) -> str:
    n = g.name(("pl", "lt", "de", "se", "dk", "ua"))
    country = {"pl": "PL", "lt": "LT", "de": "DE", "se": "SE", "dk": "DK", "ua": "EE"}[n.origin]
    clerk = g.name(NORDIC)
    return (
        f"Hei {P(n.first)},\n\nLønnen din for {g.pick(MONTHS_NO)} ble avvist av banken fordi IBAN-nummeret var "
        f"ufullstendig. Vi har nå registrert {IB(g.iban(country))} (BIC {g.pick(BANKS[country])}) og sender "
        f"utbetalingen på nytt {g.date('no')}. Kontroller at kontoen står i ditt navn, {P(n.full)}.\n\n"
        f"Hilsen {P(clerk.full)}, lønn"
    )


# (e) Customer service: utility and insurance ----------------------------------------------------------------


@template("t43", "no", 6)
def t43(g: Gen, i: int) -> str:
    n = g.name()
    return (
        f"Flyttemelding\nKunde: {P(n.full)}\nKundenr.: {N(g.digits(9, '89'))}\n"
        f"Målepunkt-ID: {N('70705' + g.digits(13))}\nFraflytting: {AD(g.address(True))} den {g.date('no', 'num')}\n"
        f"Innflytting: {AD(g.address(True))}\nMålerstand ved utflytting: {N(str(g.num(10000, 99999)))} kWh\n"
        f"Avtale-ID: {N(g.bad_fnr().replace(' ', ''))}\n"
        f"Kontakt: {PH(g.phone_for(n))}"
    )


@template("t44", "en", 6)
def t44(g: Gen, i: int) -> str:
    n = g.name()
    return (
        "Agent: Thanks for contacting Nordlys Energi, how can I help?\n"
        f"Customer: hi, my bill for {g.pick(MONTHS_EN)} is way too high, NOK {g.amount(3000, 9000, 'en')}?? "
        "i live alone\n"
        "Agent: Sorry to hear that. Can you confirm your name and address?\n"
        f"Customer: {P(n.full)}, {AD(g.address())}\nAgent: Thank you, that's customer number "
        f"{N(g.digits(9, '89'))}. I can see an estimated reading of "
        f"{N(str(g.num(20000, 60000)))} kWh. Could you send a photo of the meter?\nCustomer: ok. email me at "
        f"{EM(g.email(n, True))}"
    )


@template("t45", "no", 6)
def t45(g: Gen, i: int) -> str:
    n = g.name()
    event, injury = [
        ("Vannlekkasje fra oppvaskmaskin; parkett på kjøkkenet må byttes", None),
        ("Glatt trapp utenfor inngangen", "brudd i venstre ankel"),
        ("Pipebrann i stuen", "røykforgiftning"),
        ("Innbrudd i boden mens kunden var på ferie", None),
        ("Sykkelulykke på vei til jobb", "hjernerystelse"),
        ("Fall fra stige under takrens", "brudd i håndleddet"),
    ][i]
    injured = f" {P(n.first)} ble lagt inn på sykehus med {H(injury)}. Legeerklæring er vedlagt." if injury else ""
    return (
        f"Skademelding {N('26-' + str(g.num(100000, 999999)))}\nForsikringstaker: {P(n.full)}, fnr. {FN(g.fnr())}\n"
        f"Skadested: {AD(g.address())}\nHendelse: {event}.{injured}\n"
        f"Erstatning ønskes utbetalt til konto {ACC(g.account())}."
    )


@template("t46", "en", 6)
def t46(g: Gen, i: int) -> str:
    n = g.name()
    illness = ["appendicitis", "a broken leg", "dengue fever", "food poisoning", "a kidney infection", "a heart attack"]
    article, condition = illness[i].split(" ", 1) if illness[i].startswith("a ") else ("", illness[i])
    country = g.pick(["Thailand", "Spain", "Vietnam", "Turkey", "Greece", "the Philippines"])
    paid = f"paid by card {CC(g.card('visa'))}" if i % 2 else "paid in cash"
    return (
        f"Claim {N(g.digits(8))}: travel insurance, policy {N('TR-' + str(g.num(100000, 999999)))}\n"
        f"Insured: {P(n.full)}, born {N(g.dob())}\nWhile on holiday in {country}, {P(n.first)} was admitted to "
        f"hospital with {article + ' ' if article else ''}{H(condition)} on {g.date('en')}. "
        f"Medical costs EUR {g.amount(400, 9000, 'en')}, {paid}. "
        f"Please reimburse to {IB(g.iban('NO'))}."
    )


@template("t47", "no", 6)
def t47(g: Gen, i: int) -> str:
    n = g.name()
    ident = f"Kunde: {P(n.full.lower())} {FN(g.fnr())}\n"
    if i % 3 == 1:  # a mistyped number first: not a valid fødselsnummer, so not labelled
        ident = (
            f"Kunde: {P(n.full.lower())} {N(g.bad_fnr())}\nAgent: Det nummeret er ikke et gyldig fødselsnummer. "
            f"Kan du sjekke sifrene?\nKunde: sorry, {FN(g.fnr())}\n"
        )
    return (
        "Kunde: hei. har ikke fått faktura på 2 mnd, er det noe feil?\n"
        "Agent: Beklager det! Kan du oppgi navn og fødselsnummer eller kundenummer?\n"
        f"{ident}"
        "Agent: Takk. Fakturaen har gått til en gammel e-postadresse. Hvilken vil du bruke?\n"
        f"Kunde: {EM(g.email(n, True))}\nAgent: Oppdatert 👍 Du får faktura {N(g.digits(8))} på e-post "
        "i løpet av dagen."
    )


@template("t48", "en", 6)
def t48(g: Gen, i: int) -> str:
    n = g.name()
    issue, detail = g.pick(
        [
            (
                f"power cut on {N(g.pick([s for s, _, _ in STREETS]))} last week",
                "We were without electricity for 19 hours and lost everything in the freezer",
            ),
            ("handling of my home insurance claim", "Nobody has called me back in five weeks"),
            ("smart meter installation", "The installer left a hole in the wall and did not turn up the second time"),
            ("estimated bills", "You have charged me for twice my normal use three months in a row"),
        ]
    )
    return (
        f"To whom it may concern,\n\nI am writing to complain about the {issue}. {detail}. This is the third time "
        f"I have contacted you (case ref. {N(g.digits(8))}).\n\nYours faithfully,\n{P(n.full)}\n{AD(g.address(True))}\n"
        f"{PH(g.phone_for(n))}"
    )


@template("t49", "no", 6)
def t49(g: Gen, i: int) -> str:
    parts = g.r.sample(
        [
            "Slik leser du av strømmåleren: trykk på knappen til displayet viser «1.8.0», og noter tallet før komma.",
            f"{N('Mai')} er travel måned for flyttemeldinger, så meld flytting minst 14 dager før.",
            f"Kundenummeret står øverst til høyre på fakturaen og har ni sifre, for eksempel {N(g.digits(9))}.",
            "Vi spør aldri om passord eller kortnummer på e-post eller SMS.",
            f"Nettleien for {g.pick(['januar', 'februar', 'mars'])} er {g.num(38, 52)},{g.num(10, 99)} øre per kWh.",
            "Strømstøtten beregnes per time og trekkes automatisk fra på fakturaen.",
            "Spørsmål om avtalegiro? Ring kundesenteret mellom kl. 08.00 og 15.30. "
            f"{N('Dag')} og natt: meld strømbrudd på feilnummeret.",
            f"Kunder med postnummer {N(g.pick(['9730', '9520', '2318', '5527']))} får ny netteier fra 1. juli.",
        ],
        3,
    )
    return "Ofte stilte spørsmål\n\n" + "\n".join(parts)


@template("t50", "en", 6)
def t50(g: Gen, i: int) -> str:
    parts = g.r.sample(
        [
            "How do I make a claim? Log in and choose 'New claim'. Have your policy number "
            f"(8 digits, e.g. {N(g.digits(8))}) ready.",
            f"{N('Will')} my premium rise after a claim? Only if you lose your no-claims bonus.",
            "What is the grace period? You have 14 days to pay before cover is suspended.",
            "Does travel insurance cover pre-existing conditions? Only if they are declared when you buy the policy.",
            f"Our office in {g.pick(['Bergen', 'Oslo', 'Tromsø'])} is closed on public holidays.",
            "We never ask for your card number or national ID number by e-mail.",
            f"{N('Hope')} Street branch moved to a new building in March.",
        ],
        3,
    )
    return "FAQ – Home and travel insurance\n\n" + "\n".join(parts)


# (f) Occupational health and safety -------------------------------------------------------------------------


@template("t51", "no", 6)
def t51(g: Gen, i: int) -> str:
    n, b, c = g.names(3)
    desc, injury = [
        ("skled på oljesøl ved pakkebord 4", "kuttskade i hånden"),
        ("fikk en pall over foten under lossing", "knust tå"),
        ("kom i kontakt med strømførende del i tavle 2B", "brannskade på fingrene"),
        ("falt fra andre trinn på gardintrapp", "forstuet ankel"),
        ("fikk sprut av lut i ansiktet ved tømming av kanne", "etseskade på øyet"),
        ("løftet kasse alene i stedet for med truck", "akutt lumbago"),
    ][i]
    return (
        f"Rapport uønsket hendelse (RUH) {N(str(g.num(2600, 2699)) + '-' + str(g.num(10, 99)))}\nTid: "
        f"{g.date('no', 'num')} kl. {g.time()}\nSted: {g.pick(['hall B', 'lager 2', 'verkstedet', 'rampe 3'])}\n"
        f"Involvert: {P(n.full)}\nBeskrivelse: {P(n.first)} {desc} og fikk {H(injury)}. Fulgt til legevakten av "
        f"{P(b.full)}.\nTiltak: gjennomgang av rutine og ny merking.\nVerneombud {P(c.full)} er varslet."
    )


@template("t52", "en", 6)
def t52(g: Gen, i: int) -> str:
    n, b = g.names(2)
    what, injury = [
        ("was struck by a reversing forklift in aisle 7", f"a {H('fractured pelvis')}"),
        ("inhaled solvent fumes while cleaning a tank without a respirator", H("chemical pneumonitis")),
        ("slipped on ice at the gate", f"a {H('sprained wrist')}"),
        ("cut through a glove with a box cutter", f"a {H('deep laceration to the thumb')}"),
        ("fell asleep at the wheel after a 14-hour shift", H("whiplash")),
        ("was exposed to noise above 95 dB for a full shift", H("temporary hearing loss")),
    ][i]
    return (
        f"Incident report {N('IR-' + str(g.num(1000, 9999)))}\nDate/time: {g.date('en')} {g.time(':')}\n"
        f"Person involved: {P(n.full)} (contractor, {N(g.pick(COMPANIES_EN))})\nWhat happened: {P(n.first)} {what} and "
        f"suffered {injury}.\nFirst aid by {P(b.first)}; ambulance called.\n"
        "Actions: site induction repeated for all contractors."
    )


@template("t53", "no", 6)
def t53(g: Gen, i: int) -> str:
    n, leader = g.names(2)
    cause = ["ryggsmerter", "depresjon", "skulderskade", "long covid", "utmattelsessyndrom", "kneskade"][i]
    article = "en " if cause.endswith("skade") else ""
    adj = g.pick(
        [
            "redusert stilling (50 %) og hev-senk-pult",
            "fritak fra nattskift i åtte uker",
            "hjemmekontor to dager i uken",
        ]
    )
    return (
        f"Oppfølgingsplan – {P(n.full)}\nArbeidstaker har vært {H('sykmeldt')} siden {g.date('no')} på grunn av "
        f"{article}{H(cause)}. Tilrettelegging: {adj}. Neste dialogmøte {g.date('no', 'num')} med fastlege, "
        f"{P(leader.full)} (leder) og bedriftshelsetjenesten. Planen lagres i personalmappen, ikke i "
        "saksbehandlingssystemet."
    )


@template("t54", "en", 6)
def t54(g: Gen, i: int) -> str:
    n = g.name()
    finding = [
        f"shows {H('noise-induced hearing loss')} in the left ear",
        f"confirms {H('occupational asthma')} linked to flour dust",
        f"shows {H('carpal tunnel syndrome')} in both hands",
        f"notes {H('contact dermatitis')} from nitrile gloves",
        f"finds {H('high blood pressure')} (165/100) on two readings",
        f"confirms {H('tinnitus')} after the compressor incident",
    ][i]
    return (
        f"Occupational health note\nEmployee: {P(n.full)}\nExamination on {g.date('en')} {finding}. "
        f"{P(n.first)} has been advised to "
        f"{g.pick(['use hearing protection at all times', 'avoid the mixing line', 'see a GP'])}. "
        "The manager is told only about the adjustments needed, not the diagnosis."
    )


@template("t55", "no", 6)
def t55(g: Gen, i: int) -> str:
    month = g.pick(MONTHS_NO)
    parts = g.r.sample(
        [
            f"Sykefraværet i produksjonen var {g.num(3, 8)},{g.num(0, 9)} % i {month} (mål: 4,5 %).",
            f"{g.num(2, 5)} fraværsskader, H-verdi {g.num(2, 12)},{g.num(0, 9)}.",
            f"Diabetesforbundet holder foredrag om kosthold i kantina {g.date('no')}.",
            "Fellesforbundet og ledelsen er enige om ny turnusavtale fra høsten.",
            "Ni av ti ansatte har gjennomført e-læringen om kjemikaliehåndtering.",
            f"Vernerunde i hall {g.pick('ABCD')} avdekket {g.num(2, 9)} avvik, alle lukket.",
            f"{N('Liv')} og helse-uka hadde rekorddeltakelse.",
        ],
        4,
    )
    return f"HMS-rapport {month} 2026\n\n" + " ".join(parts)


@template("t56", "en", 6)
def t56(g: Gen, i: int) -> str:
    parts = g.r.sample(
        [
            f"{N('Storm')} warning for Friday: secure loose materials on the yard before 14:00.",
            "Hard hats and hi-vis are mandatory past the yellow line.",
            f"We have now gone {g.num(40, 400)} days without a lost-time injury.",
            "The union safety reps will join the next walk-round.",
            "Sick leave across the site fell to 4.1% last quarter.",
            f"{N('Hope')} for better weather next week; the crane lift is rescheduled.",
            f"Ladder inspections are due by {g.date('en')}.",
        ],
        4,
    )
    return f"Safety bulletin {N(str(g.num(10, 52)) + '/2026')}\n\n" + " ".join(parts)


# (g) Board minutes and contracts ----------------------------------------------------------------------------


@template("t57", "no", 6)
def t57(g: Gen, i: int) -> str:
    a, b, c, d, e = g.names(5)
    company = g.pick(COMPANIES_NO)
    sak = g.num(3, 12)
    return (
        f"Protokoll fra styremøte i {N(company)} (org.nr. {ORG(g.orgnr())})\nDato: {g.date('no', 'num')}, Teams\n"
        f"Til stede: {P(a.full)} (styreleder), {P(b.full)}, {P(c.full)}\nForfall: {P(d.full)}\n"
        f"Sak {sak}/26 Årsregnskap: Styret godkjente regnskapet med et resultat på kr {g.amount(200000, 9000000)}.\n"
        f"Sak {sak + 1}/26: Daglig leder {P(e.full)} orienterte om "
        f"{g.pick(['likviditet', 'nytt ERP-system', 'sykefraværet i avdelingene'])}."
    )


@template("t58", "en", 6)
def t58(g: Gen, i: int) -> str:
    a, b, c, d, e = g.names(5)
    company = g.pick(COMPANIES_NO)
    return (
        f"Minutes of the Board of Directors, {N(company)} (reg. no. {ORG(g.orgnr())})\n"
        f"Present: {P(a.full)} (Chair), {P(b.full)}, {P(c.full)}; {P(d.full)} attended as secretary.\n"
        f"Item 3 – Q{g.num(1, 4)} results: revenue NOK {g.num(20, 400)} m. Item 4 – Appointments: the Board appointed "
        f"{P(e.full)} as {g.pick(['CFO', 'Chief Operating Officer', 'Head of Compliance'])} from {g.date('en')}."
    )


@template("t59", "no", 6)
def t59(g: Gen, i: int) -> str:
    n = g.name()
    company = g.pick(COMPANIES_NO)
    task = g.pick(
        ["innføring av nytt lønnssystem", "revisjon av HMS-rutiner", "migrering til skyen", "GDPR-kartlegging"]
    )
    return (
        f"KONSULENTAVTALE\nMellom {N(company)} (org.nr. {ORG(g.orgnr())}), «Oppdragsgiver», og {P(n.full)}, "
        f"fødselsnummer {FN(g.fnr())}, {AD(g.address(True))}, «Konsulenten».\n1. Oppdraget: {task}.\n"
        f"2. Honorar: kr {g.num(900, 1600)} per time eks. mva., faktureres månedlig til konto {ACC(g.account())}.\n"
        "3. Varighet: {} til og med {}.".format(*g.date_pair("no"))
    )


@template("t60", "en", 6)
def t60(g: Gen, i: int) -> str:
    c1, c2 = g.r.sample(COMPANIES_NO, 2)
    svc = g.pick(
        ["managed print services", "24/7 network monitoring", "cleaning of office premises", "payroll outsourcing"]
    )
    return (
        f"MASTER SERVICES AGREEMENT\nThis Agreement is made on {g.date('en')} between {N(c1)} (organisation number "
        f'{ORG(g.orgnr())}) (the "Customer") and {N(c2)} (organisation number {ORG(g.orgnr())}) (the "Supplier").\n'
        f"1. Services: {svc}.\n2. Term: {g.pick([24, 36, 48])} months.\n3. Fees: NOK {g.amount(200000, 4000000, 'en')} "
        "per year, invoiced quarterly.\n4. Governing law: Norwegian law; venue Oslo District Court."
    )


@template("t61", "no", 6)
def t61(g: Gen, i: int) -> str:
    c1, c2 = g.r.sample(COMPANIES_NO, 2)
    return (
        f"Fusjonsplan: {N(c1)} (org.nr. {ORG(g.orgnr())}) overtar {N(c2)} (org.nr. {ORG(g.orgnr())}) ved "
        f"absorpsjon. Vederlaget består av {g.amount(1000, 90000)} nye aksjer i det overtakende selskapet. Fusjonen "
        f"har regnskapsmessig virkning fra 01.01.2026, og kreditorvarsel kunngjøres i Brønnøysundregistrene. "
        f"Styrene behandlet planen {g.date('no')}."
    )


@template("t62", "no", 5)
def t62(g: Gen, i: int) -> str:
    n, chair = g.names(2)
    court = f"{g.pick(['Oslo', 'Bergen', 'Nord-Troms og Senja', 'Sør-Rogaland'])} tingrett {g.date('no')}"
    crime = [
        f"er {CRIM('dømt for grov økonomisk utroskap')} i {court}",
        f"ble {CRIM('dømt for underslag')} i {court}",
        f"er {CRIM('siktet for bedrageri')} etter selskapets anmeldelse i fjor",
        f"er {CRIM('dømt for dokumentfalsk')} i {court}",
        f"er {CRIM('dømt for vold')} mot en kollega i {court}",
    ][i]
    role = g.pick(["økonomisjef", "innkjøpsleder", "avdelingsleder"])
    return (
        f"Styresak {g.num(13, 30)}/26 – Konfidensielt\nStyret ble orientert om at tidligere {role} {P(n.full)} "
        f"{crime}. "
        f"Selskapet har fremmet erstatningskrav på kr {g.amount(100000, 4000000)}. {P(chair.full)} følger opp med "
        "advokat og informerer revisor."
    )


@template("t76", "no", 6)
def t76(g: Gen, i: int) -> str:
    companies = g.r.sample(COMPANIES_NO, 3)
    tender = g.pick(["Renhold 2026–2028", "Rammeavtale IT-utstyr", "Vintervedlikehold", "Kantinedrift"])
    lines = "\n".join(
        f"{k}. {N(c)}, org.nr. {ORG(g.orgnr())}: kr {g.amount(300000, 5000000)}" for k, c in enumerate(companies, 1)
    )
    return (
        f"Anbudsprotokoll – {tender}\nÅpnet {g.date('no', 'num')} kl. 12.00. Mottatte tilbud:\n{lines}\n"
        "Tilbudene evalueres etter pris (60 %) og kvalitet (40 %)."
    )


# (h) Technical and internal text without personal data ------------------------------------------------------


@template("t63", "no", 6)
def t63(g: Gen, i: int) -> str:
    port = g.pick([8080, 8443, 9000, 5432])
    return (
        f"## Oppsett\nKjør `make install` og start tjenesten med `orkester serve --port {port}`. Standardgrensen er "
        f"{g.num(300, 1200)} forespørsler {N('per')} minutt {N('per')} nøkkel. Loggnivå settes med "
        f"`LOG_LEVEL=info`. Krever Python {N(g.pick(['3.11', '3.12']))} og "
        f"SQLite {N(f'3.{g.num(40, 50)}.{g.num(0, 3)}')}. "
        f"Bygg {N(str(g.num(1000, 9999)))} er siste stabile. Se `docs/` for mer."
    )


@template("t64", "en", 6)
def t64(g: Gen, i: int) -> str:
    return (
        f"### Rate limits\nEach API key may send {g.num(60, 600)} requests per minute. When the limit is hit, the "
        "server answers 429 with a `Retry-After` header in seconds. Batch endpoints count each item separately. "
        f"Timeouts default to {g.num(10, 120)} s. The SDK (version {N(g.version(3))}) retries {g.num(2, 5)} times "
        f"with exponential backoff, starting at {g.num(100, 500)} ms."
    )


@template("t65", "no", 6)
def t65(g: Gen, i: int) -> str:
    items = g.r.sample(
        [
            "Ny: eksport av timelister til CSV",
            "Ny: mørk modus i kundeportalen",
            "Rettet: feil avrunding av feriepenger ved deltid",
            "Rettet: PDF-faktura manglet KID ved ny mal",
            "Endret: økt tidsavbrudd mot banken fra 30 til 60 sekunder",
            f"Sikkerhet: oppgradert OpenSSL til {N(f'3.{g.num(0, 5)}.{g.num(1, 9)}')}",
        ],
        3,
    )
    return f"Versjon {N(g.version(3))} ({g.date('no', 'num')})\n" + "\n".join(f"– {x}" for x in items)


@template("t66", "en", 6)
def t66(g: Gen, i: int) -> str:
    dur = g.num(12, 180)
    cause = g.pick(
        [
            "an expired TLS certificate on the internal load balancer",
            "a full disk on the log volume",
            "a misconfigured firewall rule pushed during the change window",
            "connection pool exhaustion after a deploy",
        ]
    )
    return (
        f"Postmortem {N('PM-2026-' + str(g.num(10, 60)))}\nImpact: customer portal unavailable for {dur} minutes on "
        f"{g.date('en')}.\nRoot cause: {cause}.\nDetection: synthetic checks alerted after 3 minutes.\n"
        "Actions: add expiry monitoring, review change checklist, rehearse failover quarterly. "
        "No personal data was affected."
    )


@template("t67", "en", 6)
def t67(g: Gen, i: int) -> str:
    lines = []
    day = f"2026-{g.num(1, 12):02d}-{g.num(10, 28)}"
    for second in sorted(g.r.sample(range(36000, 86000), 3)):
        ts = f"{day} {second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}"
        lines.append(
            g.pick(
                [
                    f"{ts} INFO worker-{g.num(1, 8)} trace={N(g.digits(11))} processed batch {N(g.digits(8))} "
                    f"in {g.num(1, 9)}.{g.num(10, 99)}s",
                    f"{ts} WARN scheduler job={N(f'{g.num(0, 0xFFFFFFFF):08x}')} retry={g.num(1, 3)}",
                    f"{ts} INFO http GET /api/v2/invoices status=200 dur={g.num(5, 400)}ms",
                    f"{ts} ERROR sync order={N(g.digits(8))} upstream timeout after 30000ms",
                ]
            )
        )
    return "\n".join(lines)


@template("t68", "no", 6)
def t68(g: Gen, i: int) -> str:
    parts = g.r.sample(
        [
            f"{N('Liv')} og helse-uka starter mandag med gratis frukt og trim i lunsjen.",
            f"{N('Storm')} i vente: hjemmekontor anbefales fredag.",
            f"{N('Håp')} om bedring i kantinetilbudet etter leverandørbyttet.",
            f"{N('Vår')} 2026: sommeravslutningen blir på Bygdøy.",
            f"{N('Sol')}cellepanelene på taket produserte {g.num(10, 40)} MWh i fjor.",
            f"{N('Dag')} og tid for julebordet kommer i egen melding.",
            f"Parkeringen ved {N('Thorvald Meyers gate')} stenges i to uker.",
            f"Nye adgangskort deles ut i resepsjonen {g.date('no')}.",
        ],
        4,
    )
    return "Intranett – nytt denne uken\n\n" + " ".join(parts)


# Special categories: religion, sexual orientation, ethnicity, trade-union membership -----------------------


@template("t69", "no", 7)
def t69(g: Gen, i: int) -> str:
    rel, when, why, origins = [
        ("praktiserende muslim", "20. mars", "skal feire id", ("so", "sy", "af", "pk")),
        ("katolikk", "8. desember", "skal i messe på Marias unnfangelsesdag", ("pl", "lt", "ph")),
        ("Jehovas vitne", "10. juli", "skal på stevne", ("no", "dk", "se")),
        ("troende kristen", "10. mai", "er fadder i konfirmasjonen i menigheten", ("er", "no", "ua")),
        ("ortodoks jøde", "fredagskvelder", "holder sabbaten", ("no", "en", "de")),
        ("hindu", "8. november", "skal feire diwali", ("in",)),
        ("sikh", "14. april", "skal feire vaisakhi", ("in",)),
    ][i]
    n = g.name(origins)
    leader = g.name(NORDIC)
    swap = "en søndag" if rel == "ortodoks jøde" else "en lørdag"
    return (
        f"Hei {P(leader.first)}! {P(n.first)} har spurt om å slippe vakt {when} fordi {han(n)} er "
        f"{REL(rel)} og {why}. Kan {P(n.full)} få fri mot å jobbe {swap} i stedet? "
        f"Turnusen for uke {g.num(10, 50)} er ellers full."
    )


@template("t70", "en", 6)
def t70(g: Gen, i: int) -> str:
    parts = g.r.sample(
        [
            f"{g.num(8, 20)}% of respondents said they belong to a religious community.",
            f"{g.num(40, 70)}% are members of a trade union, up from last year.",
            "The Pride network will host a breakfast on 28 June.",
            "Sámi National Day on 6 February will be marked in the canteen.",
            f"Response rate was {g.num(55, 85)}% ({g.num(200, 400)} answers).",
            "Free-text answers were deleted after coding to keep responses anonymous.",
            "Ramadan starts in February; the canteen will offer take-away meals after sunset.",
        ],
        4,
    )
    return f"Diversity survey {N('2026')} – summary\n\n" + " ".join(parts)


@template("t71", "no", 7)
def t71(g: Gen, i: int) -> str:
    n, hr, vo = g.names(3)
    label = ["homofil", "lesbisk", "bifil", "homofil", "lesbisk", "bifil", "skeiv"][i]
    if label == "lesbisk" and n.gender == "m":
        label = "homofil"
    return (
        f"Personalsak {N(str(g.num(2026001, 2026099)))} – varsel om trakassering\n{P(n.full)} har varslet om at "
        f"kolleger har kommet med nedsettende kommentarer etter at det ble kjent at {han(n)} er {SEX(label)}. "
        f"Saken behandles av {P(hr.full)} (HR) og {P(vo.full)} (verneombud). Samtaler gjennomføres uke {g.num(10, 40)}."
    )


@template("t72", "en", 6)
def t72(g: Gen, i: int) -> str:
    label, origins = [
        ("Roma background", ("no", "pl")),
        ("Sámi heritage", ("sami",)),
        ("Kurdish origin", ("sy",)),
        ("Somali background", ("so",)),
        ("Kven heritage", ("no",)),
        ("Tigrayan background", ("er",)),
    ][i]
    n = g.name(origins)
    hr = g.name(("no", "en", "de"))
    return (
        f"HR case note {g.date('en')}: {P(n.full)} reports that a shift supervisor mocked {his(n)} {ETH(label)} "
        f"in front of customers. Witnesses: two colleagues (names on file). {P(hr.full)} will interview the supervisor "
        "and report to the works council. The case is handled under the whistleblowing procedure."
    )


@template("t73", "no", 5)
def t73(g: Gen, i: int) -> str:
    n = g.name(("sami",))
    return (
        f"{P(n.full)} har {ETH('samisk bakgrunn')} og ønsker at kontrakten og lønnsslippen også sendes på "
        f"nordsamisk. {P(n.first)} spør også om fri på samefolkets dag 6. februar. Merk: samisk språk er likestilt "
        f"med norsk i forvaltningsområdet, og kontoret i {g.pick(['Karasjok', 'Kautokeino', 'Tana'])} har tolk."
    )


@template("t74", "en", 6)
def t74(g: Gen, i: int) -> str:
    n, hr = g.names(2)
    union = ["Fagforbundet", "NITO", "Tekna", "Parat", "Unite", "the Electricians' Union"][i]
    return (
        f"{P(n.full)} asked HR whether {he(n)} can bring a union rep to the disciplinary meeting on {g.date('en')}; "
        f"{he(n)} is a {TU('member of ' + union)}. {P(hr.first)} confirmed this is allowed and moved the meeting "
        "so the rep can attend. The collective agreement negotiated last spring applies."
    )


# ---------------------------------------------------------------------------------------------------------
# Build


def classify(spans: list[Span]) -> str:
    if any(s.type != "ORGNR" for s in spans):
        return "confidential"
    return "internal" if spans else "public"


def build() -> tuple[list[dict[str, object]], Counter[str]]:
    rows: list[dict[str, object]] = []
    stats: Counter[str] = Counter()
    seen: set[str] = set()
    for tid, lang, count, fn in sorted(TEMPLATES, key=lambda t: t[0]):
        g = Gen(f"{SEED}-{tid}")
        for i in range(count):
            for _attempt in range(60):
                text, spans, negs = parse(fn(g, i))
                for s in spans:
                    check_label(s)
                    if text[s.start : s.end] != s.value:
                        raise AssertionError(f"{tid}: span text differs from inserted value")
                for a, b in itertools.pairwise(spans):
                    if b.start < a.end:
                        raise AssertionError(f"{tid}: overlapping spans")
                problem = unlabelled_problem(text, spans, negs)
                if problem is None and text not in seen:
                    break
                stats["redrawn"] += 1
            else:
                raise AssertionError(f"{tid}#{i}: no clean draw: {problem}")
            seen.add(text)
            if negs:
                stats["with_hard_negatives"] += 1
            rows.append(
                {
                    "id": f"fresh2-{len(rows) + 1:04d}",
                    "lang": lang,
                    "template": tid,
                    "text": text,
                    "entities": [{"type": s.type, "start": s.start, "end": s.end} for s in spans],
                    "class": classify(spans),
                }
            )
    return rows, stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output JSONL path")
    args = ap.parse_args()
    rows, stats = build()
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    labels: Counter[str] = Counter()
    for row in rows:
        ents = row["entities"]
        assert isinstance(ents, list)
        labels.update(e["type"] for e in ents)
    lengths = [len(str(r["text"])) for r in rows]
    print(f"wrote {len(rows)} texts to {out}", file=sys.stderr)
    print(f"templates: {len({r['template'] for r in rows})}", file=sys.stderr)
    print(f"languages: {dict(Counter(str(r['lang']) for r in rows))}", file=sys.stderr)
    print(f"classes: {dict(Counter(str(r['class']) for r in rows))}", file=sys.stderr)
    print(f"labels: {dict(sorted(labels.items()))}", file=sys.stderr)
    print(f"text length: min {min(lengths)}, max {max(lengths)}", file=sys.stderr)
    print(f"texts with marked hard negatives: {stats['with_hard_negatives']}", file=sys.stderr)
    print(f"redrawn texts: {stats['redrawn']}", file=sys.stderr)


if __name__ == "__main__":
    main()
