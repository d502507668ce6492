#!/usr/bin/env python3
"""Build ``evals/pii/fresh3.jsonl``: an independent, labelled PII evaluation set.

The set was written without looking at the detector, so figures on it measure unseen text.
It covers settings not used by earlier sets: a municipality's case handling, a logistics and
transport company, an accounting firm, a hotel and event business, a school's parent
communication, procurement and tenders, IT operations alerts and runbooks, and LLM-style
prompts typed into a chat assistant. Roughly half the templates are Norwegian bokmål and half
English.

How it works
------------
``TEMPLATES`` holds compact template strings in a tiny mini-language:

* ``{name}`` calls a generator. Labelled generators (``fnr``, ``dnr``, ``org``, ``acct``,
  ``iban``, ``card``, ``tel``, ``itel``, ``ip4``, ``ip6``, ``email``, ``addr`` ...) insert a
  value and record its span; ``{full1}``/``{first1}``/``{last1}``/``{lfirst1}``/``{em1}`` refer
  to person slot 1 (slots 1-3 are distinct people within one text). Unlabelled generators
  (``n8`` = 8 digits, ``n11`` ..., ``ver``, ``mac``, ``amt_no``, ``date_no``, ``company`` ...)
  insert hard negatives. ``nK`` digit runs are re-drawn until they fail every check-digit
  test (fødselsnummer/D-nummer, orgnr, account, Luhn).
* ``[TYPE:a|b|c]`` inserts one of the alternatives and labels it ``TYPE`` (used for the GDPR
  special categories, whose grammar depends on the sentence).
* ``<a|b|c>`` inserts one alternative unlabelled (may itself contain ``{...}``).
* A leading ``!`` marks a template whose wording is a deliberate hard negative (e.g. general
  mentions of religion or unions that are not about a person); it is stripped from the text.

Each template is rendered ``REPS`` times from one ``random.Random(SEED)``, so the output is
deterministic. Every rendered text is verified: each gold span equals the inserted value, spans
are sorted and non-overlapping, every labelled identifier passes its checksum, and no unlabelled
digit run (alone, or joined across single spaces/dots) passes the fødselsnummer/D-nummer, orgnr,
account or Luhn (13-19) checks, and no unlabelled letter-digit run is a valid IBAN. A text that
fails the unlabelled checks is re-drawn. Class: any entity other than ORGNR -> confidential,
only ORGNR -> internal, none -> public.

Rebuild::

    python scripts/build_pii_fresh3.py --out evals/pii/fresh3.jsonl
"""

# ruff: noqa: RUF001
from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

SEED = 20260415
REPS = 6

# --------------------------------------------------------------------------- check digits
W_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
W_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
W_ORG = (3, 2, 7, 6, 5, 4, 3, 2)
W_ACC = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def mod11(digits: str, weights: tuple[int, ...]) -> int | None:
    r = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return 0 if r == 11 else (None if r == 10 else r)


def _years(ind: int, yy: int) -> list[int]:
    out = []
    if ind <= 499:
        out.append(1900 + yy)
    if 500 <= ind <= 749 and yy >= 54:
        out.append(1800 + yy)
    if ind >= 500 and yy <= 39:
        out.append(2000 + yy)
    if ind >= 900 and yy >= 40:
        out.append(1900 + yy)
    return out


def pid_ok(d: str, dnr: bool) -> bool:
    """Fødselsnummer (dnr=False) or D-nummer (dnr=True): date, century rule, both check digits."""
    if len(d) != 11 or not d.isdigit():
        return False
    day = int(d[:2]) - (40 if dnr else 0)
    month, yy, ind = int(d[2:4]), int(d[4:6]), int(d[6:9])
    ok_date = False
    for y in _years(ind, yy):
        try:
            date(y, month, day)
            ok_date = True
        except ValueError:
            pass
    return ok_date and mod11(d[:9], W_K1) == int(d[9]) and mod11(d[:10], W_K2) == int(d[10])


def orgnr_ok(d: str) -> bool:
    return len(d) == 9 and d.isdigit() and mod11(d[:8], W_ORG) == int(d[8])


def account_ok(d: str) -> bool:
    return len(d) == 11 and d.isdigit() and mod11(d[:10], W_ACC) == int(d[10])


def luhn_ok(d: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(d)):
        v = int(ch) * (2 if i % 2 else 1)
        total += v - 9 if v > 9 else v
    return total % 10 == 0


def iban_ok(s: str) -> bool:
    s = s.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", s):
        return False
    return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1


def passes_any(d: str) -> str | None:
    """Name of a check an unlabelled digit string passes, if any."""
    if len(d) == 11:
        if pid_ok(d, False) or pid_ok(d, True):
            return "FNR/DNR"
        if account_ok(d):
            return "BANK_ACCOUNT"
    if len(d) == 9 and orgnr_ok(d):
        return "ORGNR"
    if 13 <= len(d) <= 19 and luhn_ok(d):
        return "CARD"
    return None


# --------------------------------------------------------------------------- word pools
def w(s: str) -> list[str]:
    return s.split()


NAMES: dict[str, tuple[int, list[str], list[str]]] = {  # origin: (weight, first names, surnames)
    "no": (
        30,
        w(
            "Kari Ola Ingrid Lars Sigrid Magnus Nora Henrik Ragnhild Torbjørn Solveig Eirik Marte Åse Øystein "
            "Tuva Sindre Liv Dag Stein Sol Vår Anne-Lise Per-Erik Hedda Ylva Gudbrand Oddny Herbjørn Synnøve"
        ),
        w(
            "Olsen Hansen Johansen Berg Haugen Strand Lie Fjell Bakken Dahl Solberg Kristiansen Aas Ødegård Bråten "
            "Myrvold Tveit Rønning Bakke-Jensen Lund-Hagen Sæther Kvalheim Grønli Vik Fossum Eng"
        ),
    ),
    "sami": (
        4,
        w("Máret Ánte Niillas Risten Elle Biret Mikkal Sunná"),
        w("Gaup Sara Eira Somby Utsi Hætta Bongo Turi"),
    ),
    "se_dk": (
        4,
        w("Linnea Björn Astrid Mikkel Freja Søren Ebba Mads"),
        w("Lindqvist Sjöberg Mikkelsen Kjærsgaard Nyström Østergaard Holm Bergström"),
    ),
    "pl": (
        6,
        w("Katarzyna Piotr Łukasz Agnieszka Małgorzata Krzysztof Zofia"),
        w("Nowak Wiśniewski Kowalczyk Wójcik Zieliński Lewandowska Kamińska"),
    ),
    "lt": (
        4,
        w("Tomas Rūta Jonas Eglė Mindaugas Aistė"),
        w("Kazlauskas Petrauskienė Jankauskas Stankevičius Vasiliauskaitė"),
    ),
    "ua": (
        4,
        w("Oksana Dmytro Olena Andriy Iryna Mykola"),
        w("Shevchenko Kovalenko Bondarenko Tkachenko Melnyk Kravchuk"),
    ),
    "so": (
        4,
        w("Abdirahman Hodan Fadumo Mohamed Ayaan Hamza Istahil"),
        w("Farah Ali Warsame Abdi Hassan Mohamud Jama"),
    ),
    "er": (
        3,
        w("Yonas Senait Filmon Helen Tesfalem Saba Merhawi"),
        w("Tesfay Ghebremedhin Habte Kidane Berhane Tekle"),
    ),
    "sy": (3, w("Rami Lina Omar Nour Yara Khaled Rasha"), w("Al-Khatib Haddad Alhussein Darwish Al-Masri")),
    "af": (
        3,
        w("Zahra Mohammad Farid Mariam Habiba Javid Shabnam"),
        w("Ahmadi Rahimi Noori Hakimi Sultani Karimi"),
    ),
    "vn": (3, ["Minh Anh", "Thu Trang", "Duc", "Hoa", "Quang", "Lan"], w("Nguyen Tran Pham Le Vu Hoang")),
    "ph": (
        3,
        w("Maricel Jose Rowena Jericho Liza Ramil"),
        ["Santos", "Reyes", "dela Cruz", "Bautista", "Villanueva", "Garcia"],
    ),
    "th": (2, w("Siriporn Somchai Nattaya Kanya Anong Prasert"), w("Chaiyaporn Wongsawat Srisuk Boonmee")),
    "in": (
        3,
        w("Priya Arjun Deepika Rahul Ananya Vikram Lakshmi"),
        w("Raghunathan Iyer Menon Sharma Patel Nair Reddy"),
    ),
    "pk": (
        4,
        w("Ayesha Imran Sana Bilal Usman Nadia Zainab"),
        w("Chaudhry Qureshi Malik Butt Anwar Iqbal Rana"),
    ),
    "en": (
        4,
        w("Oliver Charlotte Grace Hope Mark Bill Harry Emily Rose"),
        w("Bennett Hughes Frost Storm Young Walker Price Reed"),
    ),
    "de": (3, w("Jürgen Annika Lukas Friederike Matthias Sabine"), w("Schäfer Vogel Hoffmann Müller Weiß")),
    "nl": (
        3,
        w("Pieter Femke Daan Sanne Joost Marloes"),
        ["van der Berg", "de Vries", "van den Heuvel", "ter Horst", "van Dijk"],
    ),
}
INITIAL_ORIGINS = {"no", "en", "de", "se_dk"}
PLACES = w("Hamar Bodø Kautokeino Lillehammer Gjøvik Molde Harstad Kongsberg Alta Steinkjer Sandnes Arendal Narvik")
STREETS = [
    "Storgata",
    "Kirkeveien",
    "Thorvald Meyers gate",
    "Kongens gate",
    "Bjørkveien",
    "Solbakken",
    "Fjellveien",
    "Strandgata",
    "Haugeveien",
    "Olav Tryggvasons gate",
    "Skolegata",
    "Rådhusgata",
    "Markveien",
    "Elvegata",
    "Industriveien",
    "Lyngveien",
    "Dronningens gate",
    "Nordre Ringvei",
]
POSTPLACES = [
    "0150 Oslo",
    "0557 Oslo",
    "5003 Bergen",
    "7010 Trondheim",
    "4006 Stavanger",
    "9008 Tromsø",
    "8006 Bodø",
    "2609 Lillehammer",
    "3015 Drammen",
    "1606 Fredrikstad",
    "4612 Kristiansand",
    "6002 Ålesund",
    "9520 Kautokeino",
    "9730 Karasjok",
    "1337 Sandvika",
    "2000 Lillestrøm",
]
COMPANIES = [
    "Olsen Transport AS",
    "Berg & Haugen Regnskap AS",
    "Nordby Rør AS",
    "Fjordlys Hotell AS",
    "Vik Maskin AS",
    "Hansen & Sønn Bygg AS",
    "Kvalheim Eiendom AS",
    "Nordlys Logistikk AS",
    "Brattli Elektro AS",
    "Andersen Revisjon AS",
    "Solberg Catering AS",
    "Strand Byggservice AS",
    "Lie Renhold AS",
    "Polarfrakt AS",
    "Tinde IT Drift AS",
    "Myrvold Kontorservice AS",
]
COUNTRIES = ["Tyskland", "Sverige", "Danmark", "Finland", "Storbritannia", "Nederland", "Polen", "Frankrike"]
DOMAINS = [
    "gmail.com",
    "online.no",
    "hotmail.com",
    "outlook.com",
    "proton.me",
    "icloud.com",
    "nordlys-logistikk.no",
    "berghaugen.no",
    "fjordlys.no",
    "hamar.kommune.no",
    "skole.sandnes.no",
]
BANK_PREFIX = [
    "1503",
    "1506",
    "1607",
    "1254",
    "3000",
    "9710",
    "1822",
    "2801",
    "3201",
    "4202",
    "6030",
    "7874",
    "9365",
    "1644",
    "0539",
    "1080",
]
IBAN_BBAN = {  # country: (pattern of BBAN: d=digit, L=letter, A=alnum)
    "DE": "d" * 18,
    "SE": "d" * 20,
    "DK": "d" * 14,
    "FI": "d" * 14,
    "GB": "LLLL" + "d" * 14,
    "NL": "LLLL" + "d" * 10,
    "PL": "d" * 24,
    "FR": "d" * 10 + "A" * 11 + "dd",
    "ES": "d" * 20,
    "LT": "d" * 16,
}
ITEL_FMT = [
    "+46 7# ### ## ##",
    "+45 ## ## ## ##",
    "+44 7### ######",
    "+48 5## ### ###",
    "+370 6## #####",
    "+380 6# ### ####",
    "+49 15# ########",
    "+358 40 ### ####",
    "+31 6 ########",
    "+252 61 #######",
]
MONTHS = w("January February March April May June July August September October November December")


@dataclass
class Person:
    first: str
    last: str
    full: str


def d(rng: random.Random, n: int, first: str = "0123456789") -> str:
    return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(n - 1))


def make_person(rng: random.Random) -> Person:
    origins = list(NAMES)
    origin = rng.choices(origins, weights=[NAMES[o][0] for o in origins])[0]
    _, firsts, lasts = NAMES[origin]
    first, last = rng.choice(firsts), rng.choice(lasts)
    full = f"{first} {last}"
    if origin in INITIAL_ORIGINS and rng.random() < 0.15:
        full = f"{first} {rng.choice('ABEHJKMST')}. {last}"
    return Person(first, last, full)


def ascii_slug(s: str) -> str:
    s = s.lower()
    for a, b in (("ø", "o"), ("æ", "ae"), ("å", "a"), ("ł", "l"), ("ß", "ss")):
        s = s.replace(a, b)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if c.isalnum() or c == "-")


def person_email(rng: random.Random, p: Person) -> str:
    f, la = ascii_slug(p.first), ascii_slug(p.last)
    local = rng.choice([f"{f}.{la}", f"{f[0]}{la}", f"{f}{la[:1]}{rng.randint(1, 99)}", f"{f}_{la}"])
    return f"{local}@{rng.choice(DOMAINS)}"


# --------------------------------------------------------------------------- labelled generators
def g_pid(rng: random.Random, dnr: bool) -> str:
    while True:
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 25000))
        yy = born.year % 100
        if born.year >= 2000:
            ind = rng.randint(500, 999)
        else:
            ind = rng.randint(0, 499) if rng.random() < 0.85 else rng.randint(900, 999)
        day = born.day + (40 if dnr else 0)
        base = f"{day:02d}{born.month:02d}{yy:02d}{ind:03d}"
        k1 = mod11(base, W_K1)
        if k1 is None:
            continue
        k2 = mod11(base + str(k1), W_K2)
        if k2 is None:
            continue
        num = f"{base}{k1}{k2}"
        assert pid_ok(num, dnr)
        return num if rng.random() < 0.6 else f"{num[:6]} {num[6:]}"


def g_org(rng: random.Random, grouped: bool | None = None) -> str:
    while True:
        base = d(rng, 8, "89")
        c = mod11(base, W_ORG)
        if c is not None:
            num = base + str(c)
            if grouped is None:
                grouped = rng.random() < 0.5
            return f"{num[:3]} {num[3:6]} {num[6:]}" if grouped else num


def account_digits(rng: random.Random) -> str:
    while True:
        base = rng.choice(BANK_PREFIX) + d(rng, 6)
        c = mod11(base, W_ACC)
        if c is not None:
            return base + str(c)


def g_acct(rng: random.Random) -> str:
    n = account_digits(rng)
    return rng.choice([f"{n[:4]}.{n[4:6]}.{n[6:]}", f"{n[:4]} {n[4:6]} {n[6:]}", n])


def g_iban(rng: random.Random) -> str:
    if rng.random() < 0.4:
        cc, bban = "NO", account_digits(rng)
    else:
        cc = rng.choice(sorted(IBAN_BBAN))
        pools = {"d": "0123456789", "L": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "A": "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"}
        bban = "".join(rng.choice(pools[k]) for k in IBAN_BBAN[cc])
    num = int("".join(str(int(c, 36)) for c in bban + cc + "00"))
    iban = f"{cc}{98 - num % 97:02d}{bban}"
    assert iban_ok(iban)
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)) if rng.random() < 0.6 else iban


def g_card(rng: random.Random) -> str:
    kind = rng.choice(["visa", "visa", "mc", "mc2", "amex"])
    if kind == "visa":
        body = "4" + d(rng, 14)
    elif kind == "mc":
        body = "5" + rng.choice("12345") + d(rng, 13)
    elif kind == "mc2":
        body = str(rng.randint(2221, 2720)) + d(rng, 11)
    else:
        body = rng.choice(["34", "37"]) + d(rng, 12)
    for c in "0123456789":
        if luhn_ok(body + c):
            num = body + c
            break
    style = rng.random()
    if style < 0.3:
        return num
    sep = " " if style < 0.8 else "-"
    if len(num) == 15:
        return sep.join([num[:4], num[4:10], num[10:]])
    return sep.join(num[i : i + 4] for i in range(0, 16, 4))


def g_tel(rng: random.Random, prefix: bool | None = None) -> str:
    n = d(rng, 8, "4949499235677")
    body = rng.choice([f"{n[:3]} {n[3:5]} {n[5:]}", f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:]}", n])
    if prefix is None:
        prefix = rng.random() < 0.35
    return (rng.choice(["+47 ", "+47", "0047 ", "+47 "]) + body) if prefix else body


def g_itel(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789") if c == "#" else c for c in rng.choice(ITEL_FMT))


def g_ip4(rng: random.Random) -> str:
    a = rng.choice([10, 172, 192, 81, 84, 193, 46, 213, 185, 88])
    return f"{a}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def g_ip6(rng: random.Random) -> str:
    h = [f"{rng.randint(0, 0xFFFF):x}" for _ in range(4)]
    return rng.choice(
        [
            f"2001:db8:{h[0]}:{h[1]}::{h[2]}",
            f"fe80::{h[0]}:{h[1]}:{h[2]}:{h[3]}",
            f"2a02:2121:{h[0]}:{h[1]}:{h[2]}:{h[3]}:0:1",
        ]
    )


def g_addr(rng: random.Random) -> str:
    s = f"{rng.choice(STREETS)} {rng.randint(1, 148)}"
    if rng.random() < 0.25:
        s += rng.choice("ABCD")
    if rng.random() < 0.6:
        s += ", " + rng.choice(POSTPLACES)
    return s


def g_email(rng: random.Random) -> str:
    return f"{rng.choice(['post', 'faktura', 'booking', 'drift', 'innkjop', 'resepsjon', 'kundeservice'])}@" + (
        rng.choice(["nordlys-logistikk.no", "fjordlys.no", "hamar.kommune.no", "tinde-it.no", "berghaugen.no"])
    )


# --------------------------------------------------------------------------- unlabelled generators
def neg_digits(rng: random.Random, n: int) -> str:
    while True:
        s = d(rng, n, "23456789")
        if passes_any(s) is None:
            return s


def g_bad11(rng: random.Random) -> str:
    """Looks like a fødselsnummer (valid date) but fails the checks."""
    while True:
        s = g_pid(rng, False).replace(" ", "")
        s = s[:10] + str((int(s[10]) + rng.randint(1, 9)) % 10)
        if passes_any(s) is None:
            return s


def g_date(rng: random.Random) -> date:
    return date(2025, 9, 1) + timedelta(days=rng.randrange(0, 420))


def g_amt(rng: random.Random, en: bool) -> str:
    v = rng.choice([rng.randint(150, 999), rng.randint(1000, 99999), rng.randint(100000, 2500000)])
    cents = rng.choice(["00", "00", "50", f"{rng.randint(0, 99):02d}"])
    if en:
        return f"NOK {v:,}.{cents}"
    return "kr " + f"{v:,}".replace(",", " ") + f",{cents}"


def g_ver(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{rng.randint(2, 12)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}.{rng.randint(1, 9)}",
            f"v{rng.randint(1, 4)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}",
            f"{rng.randint(1, 3)}.{rng.randint(0, 12)}.{rng.randint(0, 30)}-rc{rng.randint(1, 3)}",
        ]
    )


GENS: dict[str, tuple[str | None, Callable[[random.Random], str]]] = {
    "fnr": ("FNR", lambda r: g_pid(r, False)),
    "dnr": ("DNR", lambda r: g_pid(r, True)),
    "org": ("ORGNR", g_org),
    "orgg": ("ORGNR", lambda r: g_org(r, True)),
    "acct": ("BANK_ACCOUNT", g_acct),
    "iban": ("IBAN", g_iban),
    "card": ("CARD", g_card),
    "tel": ("PHONE", g_tel),
    "tel47": ("PHONE", lambda r: g_tel(r, True)),
    "itel": ("PHONE", g_itel),
    "ip4": ("IP", g_ip4),
    "ip6": ("IP", g_ip6),
    "addr": ("ADDRESS", g_addr),
    "email": ("EMAIL", g_email),
    # ---- unlabelled
    "bad11": (None, g_bad11),
    "date_no": (None, lambda r: g_date(r).strftime("%d.%m.%Y")),
    "date_en": (None, lambda r: (lambda x: f"{x.day} {MONTHS[x.month - 1]} {x.year}")(g_date(r))),
    "period": (None, lambda r: (lambda x: f"{x:%d.%m.%Y}–{x + timedelta(days=r.randint(1, 12)):%d.%m.%Y}")(g_date(r))),
    "date_iso": (None, lambda r: g_date(r).isoformat()),
    "time": (None, lambda r: f"{r.randint(6, 22):02d}:{r.choice(['00', '15', '30', '45', '05', '50'])}"),
    "amt_no": (None, lambda r: g_amt(r, False)),
    "amt_en": (None, lambda r: g_amt(r, True)),
    "ver": (None, g_ver),
    "kver": (None, lambda r: f"5.{r.randint(4, 15)}.0-{r.randint(60, 130)}-generic"),
    "mac": (None, lambda r: ":".join(f"{r.randint(0, 255):02X}" for _ in range(6))),
    "sha": (None, lambda r: "".join(r.choice("0123456789abcdef") for _ in range(r.choice([7, 12])))),
    "company": (None, lambda r: r.choice(COMPANIES)),
    "place": (None, lambda r: r.choice(PLACES)),
    "street": (None, lambda r: r.choice(STREETS)),
    "postplace": (None, lambda r: r.choice(POSTPLACES)),
    "country": (None, lambda r: r.choice(COUNTRIES)),
    "sn": (None, lambda r: f"SN-{r.choice('ABCDEFGHK')}{neg_digits(r, 4)}-{neg_digits(r, 5)}"),
    "host": (
        None,
        lambda r: (
            f"{r.choice(['app', 'db', 'lb', 'kafka', 'gw'])}-{r.choice(['prod', 'stage'])}-"
            f"{r.randint(1, 9):02d}.{r.choice(['osl1', 'bgo2', 'trd1'])}.tinde.internal"
        ),
    ),
    "inc": (None, lambda r: f"INC{neg_digits(r, 7)}"),
    "track": (None, lambda r: r.choice([f"70{neg_digits(r, 15)}", f"LA{neg_digits(r, 9)}NO", neg_digits(r, 18)])),
    "kid": (None, lambda r: neg_digits(r, r.choice([9, 10, 12, 13, 15]))),
    "caseyr": (None, lambda r: r.choice([f"2026/{neg_digits(r, 5)}", f"25/{neg_digits(r, 4)}-{r.randint(2, 19)}"])),
    "plate": (None, lambda r: f"{r.choice(['EK', 'SV', 'DR', 'ZT', 'BR'])} {neg_digits(r, 5)}"),
    "bk": (None, lambda r: f"BK-{neg_digits(r, 6)}"),
    "ref": (None, lambda r: f"TND-2026-{neg_digits(r, 4)}"),
    "surco": (None, lambda r: f"{r.choice(NAMES['no'][2])} {r.choice(['Elektro', 'Bygg', 'Maskin'])} AS"),
    "muni": (None, lambda r: r.choice(["Hamar", "Bodø", "Sandnes", "Molde", "Alta", "Gjøvik", "Kongsberg"])),
}
NEG_GENS = {k for k, (t, _) in GENS.items() if t is None} - {"place", "muni", "country", "time"}

# --------------------------------------------------------------------------- templates
# (lang, template). Setting in comments. Hard-negative wording marked with a leading "!".
TEMPLATES: list[tuple[str, str]] = [
    # (a) municipality case handling
    (
        "no",
        "Saksnr. {caseyr} – Byggesøknad, {addr}\nTiltakshaver: {full1}\nSøknaden gjelder tilbygg på {n2} m². "
        "Nabovarsel er sendt til {full2}, som har merknader til mønehøyden. Spørsmål kan rettes til {em1} "
        "eller {tel}.",
    ),
    (
        "no",
        "Klage på vedtak om barnehageplass\nVi viser til klage fra {full1} datert {date_no} vedrørende plass for "
        "{first2} i <Solsikken|Bjørkelia|Tusenfryd|Lykkeliten> barnehage. Klager opplyser at barnet har "
        "[HEALTH:alvorlig nøtteallergi|astma|cøliaki|diagnosen autisme] og ber om prioritet. "
        "Barnets fødselsnummer: {fnr}.",
    ),
    (
        "no",
        "!Kommunestyret behandler {date_no} forslag om ny barnehagestruktur i {muni}. Saken har saksnr. {caseyr}, "
        "og dokumentene ligger på kommunens nettsider. Høringsfrist er satt til {date_no}. Innspill fra "
        "foreldreutvalget og de ansattes fagforeninger legges ved saken.",
    ),
    (
        "no",
        "Søknad om startlån – {full1}, fødselsnr. {fnr}. Søker er [HEALTH:uføretrygdet|sykmeldt|kreftsyk] og "
        "bor i {addr}. Eventuell utbetaling skjer til konto {acct}. Arkivreferanse {bad11}.",
    ),
    (
        "en",
        "Re: Complaint about noise, case {caseyr}\nDear {full1},\nThank you for your complaint about construction "
        "noise in {street} on {date_en}. The permit holder, {company}, has been asked to limit work to "
        "07:00–19:00. Please quote the case number in any reply.\nKind regards,\n{full2}\nBuilding Authority",
    ),
    (
        "no",
        "!Plan- og bygningsetaten: Gebyrregulativet for 2026 er vedtatt. Behandlingsgebyr for enkle tiltak øker "
        "til {amt_no}. Gebyret gjelder søknader mottatt etter {date_no}. Internt løpenummer: {bad11}. "
        "Postadresse: Postboks {n3}, {postplace}.",
    ),
    (
        "no",
        "Tildeling av kommunal tomt: {company} (org.nr. {org}) har fått tilslag på tomt gnr. {n2} bnr. {n3} i "
        "{place}. Kontrakt signeres {date_no}. Saksnr. {caseyr}.",
    ),
    (
        "en",
        "Kindergarten place offer\nHi {first1},\nWe are pleased to offer {first2} a place at "
        "<Solsikken|Bjørkelia|Lykkeliten> kindergarten from {date_en}. Since you mentioned that {first2} has "
        "[HEALTH:type 1 diabetes|epilepsy|a severe egg allergy|Down syndrome], the staff would like to meet you "
        "before the start. Please confirm by replying to {email}.",
    ),
    (
        "no",
        "Vedtak om økonomisk sosialhjelp\n{full1} (D-nr. {dnr}) innvilges stønad for {period}. Søker er "
        "[CRIMINAL_RECORD:nylig løslatt fra soning|domfelt for narkotikalovbrudd|dømt for tyveri] og har krav på "
        "tett oppfølging fra NAV. Kontakt veileder {full2} på {tel}.",
    ),
    (
        "en",
        "Meeting notes – site inspection {date_en}\nPresent: {full1} (building authority), {full2} (applicant), "
        "{full3} (architect, {company}).\nThe neighbour at {addr} objected to the height of the garage. "
        "Follow-up in case {caseyr}.",
    ),
    (
        "no",
        "Notat fra servicetorget: {full1} ba om tolk ved møtet {date_no}. Innbyggeren har "
        "[ETHNICITY:somalisk bakgrunn|kurdisk bakgrunn|samisk bakgrunn|tamilsk bakgrunn] og ønsker skriftlig "
        "informasjon på eget språk. Telefon: {tel}.",
    ),
    (
        "no",
        "!Kommunen tilbyr informasjon på samisk, polsk, arabisk og somali. Samisk språkuke markeres i uke 42, og "
        "biblioteket i {place} har en utstilling om kvensk kultur. Åpningstider: 10:00–16:00.",
    ),
    # (b) logistics / transport
    (
        "no",
        "Fraktbrev {n10}\nSjåfør: {full1}, mob. {tel}\nLevering til: {full2}, {addr}\nSporingsnummer: {track}. "
        "Kolli: {n1}. Vekt: {n3} kg.",
    ),
    (
        "en",
        "Incident report {inc}\nDriver {full1} reported a minor collision at the {place} terminal on {date_en} at "
        "{time}. No injuries. Trailer reg. {plate}. Dispatcher {full2} ({itel}) informed the customer.",
    ),
    (
        "en",
        "Customs declaration {n8}: HS code 8471.30.00, goods value {amt_en}, country of origin SE, exporter "
        "{company}. Declaration lodged {date_en} via TVINN. Status: released. Container MSKU{n7}.",
    ),
    (
        "no",
        "hei {lfirst1}, kan du ta rute {n3} i morgen? {first2} er [HEALTH:sykmeldt|på legevakten med ryggen|"
        "innlagt på sykehus] resten av uka. ring meg på {tel} hvis det ikke går",
    ),
    (
        "no",
        "Avtale om transport\nOppdragsgiver: {company}, org.nr. NO {orgg} MVA\nTransportør: Polarfrakt AS, "
        "org.nr. {org}\nAvtalen gjelder fra {date_no} og omfatter palleleveranser til lager i {place}.",
    ),
    (
        "en",
        "Driver onboarding: {full1}\nD-number: {dnr}\nLicence class CE, issued {date_en}. Salary to account "
        "{acct}. Emergency contact: {full2}, {itel}. Note: {first1} is [TRADE_UNION:a member of the Norwegian "
        "Transport Workers' Union|a union member|a shop steward for Fellesforbundet].",
    ),
    (
        "no",
        "!Driftsmelding {date_no}: Fergesambandet {place}–{place} er innstilt fra kl. {time} på grunn av sterk "
        "vind og frost på kaia. Ordre med leveringsdato i dag blir flyttet. Ordrenr. {n8} og senere påvirkes "
        "ikke. Terminalen i {street} holder åpent.",
    ),
    (
        "en",
        "Delivery note {n8}\nDeliver to: {full1}, {addr}\nPhone: {tel47}\nCustomer note: please ring {first1} on "
        "arrival – [HEALTH:uses a wheelchair|is hard of hearing|has limited mobility after surgery].",
    ),
    (
        "en",
        "hey {lfirst1}, {lfirst2} fell off the forklift this morning and [HEALTH:broke a wrist|has a concussion|"
        "was taken to A&E with back pain]. can someone log it? forklift serial {sn}, bay {n2}",
    ),
    (
        "no",
        "Hei {first1}! Pakken din med sporingsnummer {track} er klar til henting på Coop Extra {place}. "
        "Hentekode: {n6}. Husk legitimasjon. Hilsen Polarfrakt",
    ),
    (
        "no",
        "!Værvarsel for {place}: Sol og lett bris i dag, men frost i natt. Stormen ventes å treffe kysten fredag. "
        "Ta vare på liv og helse – unngå unødvendig kjøring. Dag for dag-prognose finnes på nett.",
    ),
    # (c) accounting firm
    (
        "no",
        "Hei {first1},\nVedlagt ligger mva-meldingen for {n1}. termin for {company} (org.nr. {org}). Beløp å "
        "betale: {amt_no}. Betales til skattekontoret med KID {kid}, frist {date_no}.\nMvh {full2}\n"
        "Berg & Haugen Regnskap AS",
    ),
    (
        "en",
        "Payment reminder\nInvoice {n8} issued to {company} on {date_en} remains unpaid ({amt_en}). Please pay to "
        "IBAN {iban} (BIC DNBANOKK) quoting the invoice number. Contact: {full1}, {em1}.",
    ),
    (
        "no",
        "Faktura {n8}\nLeverandør: {company}\nForetaksregisteret NO {orgg} MVA\nForfall: {date_no}\nBeløp: "
        "{amt_no}\nVaretekst: Regnskapstjenester, årsoppgjør 2025. Art.nr. RG-{n4}.",
    ),
    (
        "no",
        "Lønnsavvik: {full1} (f.nr. {fnr}) fikk utbetalt til feil konto ({acct}) i mars. Riktig konto er "
        "{acct}. Den ansatte er [TRADE_UNION:medlem av Fagforbundet|organisert i Handel og Kontor|medlem i "
        "Negotia], så kontingenttrekket fortsetter som før.",
    ),
    (
        "en",
        "Hi {first1}, quick question from {full2} at {company}: we paid supplier invoice {n8} twice by card "
        "({card}). Can you reverse one of the payments? Our org. no. is {org}.",
    ),
    (
        "en",
        "!VAT reminder: the deadline for the 2nd term VAT return is 10 June. Businesses in the VAT register must "
        "file even if there is no activity. Late filing incurs a penalty fee. Reference VAT-{n6}, form RF-0002, "
        "guide version {ver}.",
    ),
    (
        "no",
        "Til {full1}\nVi har mottatt bilaget for reiseutgifter. Beløpet {amt_no} refunderes til kontonummer "
        "{acct} innen {date_no}. Ved spørsmål, ring {tel} eller skriv til {em2}.",
    ),
    (
        "no",
        "Purring nr. 2\nTil: {company} (org.nr. {orgg})\nFaktura {n8} på {amt_no} forfalt {date_no}. Dersom "
        "beløpet ikke er betalt innen 14 dager, oversendes saken til inkasso. KID: {kid}.",
    ),
    (
        "en",
        "Refund request: please transfer {amt_en} to my account, IBAN {iban}, account holder {full1}. "
        "Order ref. {n8}. Thanks!",
    ),
    # (d) hotel and events
    (
        "en",
        "Booking {bk} confirmed\nGuest: {full1}\nArrival {date_en}, 2 nights, double room.\nSpecial requests: "
        "[HEALTH:coeliac disease|severe peanut allergy|lactose intolerance|type 2 diabetes], gluten-free "
        "breakfast; late check-in around {time}.\nPaid with card ending {n4}.",
    ),
    (
        "no",
        "Bestilling – julebord {date_no}\nKontaktperson: {full1}, {tel}, {em1}\n42 gjester. Spesialkost: "
        "3 vegetar, 2 halal. {full2} har [HEALTH:alvorlig skalldyrallergi|cøliaki|diabetes type 1] og må få "
        "egen meny.",
    ),
    (
        "en",
        "Guest complaint – room {n3}\n{full1} complained that the room smelled of smoke and asked for a refund of "
        "{amt_en}. Staff member on duty: {first2}. The guest can be reached on {itel}.",
    ),
    (
        "en",
        "!Conference package 2026: plenary hall for up to 300 guests, breakout rooms, full-day catering. Halal, "
        "kosher and vegan menus on request. A prayer room is available during Ramadan. Price from {amt_en} per "
        "person. Offer code CONF-{n5}.",
    ),
    (
        "no",
        "Hei! Vi er et følge på seks fra {place} som kommer {date_no}. En av oss, {full1}, er "
        "[RELIGION:praktiserende jøde|praktiserende muslim|syvendedagsadventist] og trenger tilpasset mat. "
        "Kortnummer for garanti: {card}. Svar gjerne til {em1}.",
    ),
    (
        "no",
        "!Husregler for gjester: innsjekk fra kl. 15:00, utsjekk innen kl. 11:00. Røyking er ikke tillatt på "
        "rommene. Hotellet har et stille rom som kan brukes til bønn. Rom {n3} og {n3} er allergivennlige.",
    ),
    (
        "en",
        "Event registration: {full1}, {company}. Dietary: vegetarian. Accessibility: [HEALTH:visually impaired|"
        "a wheelchair user|PTSD], please plan seating accordingly. Invoice to Fjordlys Hotell AS, org no {org}.",
    ),
    (
        "en",
        "!Event calendar: Pride brunch on {date_en}, the Muslim students' iftar on {date_en}, and the union's "
        "annual meeting on {date_en}. Rooms Fjord and Storm are booked; the Grace suite is under renovation.",
    ),
    (
        "en",
        "Mark the box if an invoice is required. Bill the company directly – {full1} from {company} has agreed, "
        "and {first1} will pay the minibar separately. Booking {bk}.",
    ),
    # (e) school
    (
        "no",
        "!Hei alle foresatte i 5B! Foreldremøte {date_no} kl. {time} i kantina. Tema: skolemiljø og mobbing. "
        "Fredag er det aktivitetsdag – husk matpakke og varme klær. Hilsen kontaktlærer",
    ),
    (
        "no",
        "Til {full1}\n{first2} har hatt {n2} dager fravær dette halvåret. Vi vet at {first2} er [HEALTH:under "
        "utredning for ADHD|i behandling for angst|nylig diagnostisert med diabetes], og ønsker et møte. Ring "
        "skolen på {tel} eller svar til {em3}.",
    ),
    (
        "en",
        "Dear {full1}, your child {first2} was involved in a fight in the school yard on {date_en}. The other "
        "pupil, {full3}, was slightly injured. Please contact the principal on {tel47}.",
    ),
    (
        "en",
        "!Religious education (KRLE) this term covers Christianity, Islam, Judaism, Hinduism, Buddhism and "
        "secular humanism. Pupils may be exempted from specific activities on written request. The class will "
        "mark Eid, Diwali and Christmas.",
    ),
    (
        "no",
        "Søknad om permisjon: {full1} søker om fri for {first2} {period}. Familien er "
        "[RELIGION:muslimer|katolikker|medlemmer av Jehovas vitner] og skal delta på en høytid hjemme.",
    ),
    (
        "no",
        "!Skolerute 2026/27: skolestart mandag 17. august. Høstferie uke 40. Juleferie fra 19. desember. "
        "Vinterferie uke 8. Planleggingsdager: {date_no} og {date_no}. Vår skole følger kommunens plan.",
    ),
    (
        "en",
        "Hi {first1}! Since {first2} has [HEALTH:asthma|a nut allergy|epilepsy], please pack the medication for "
        "the school trip on {date_en}. Teacher {full3} will carry a copy of the care plan.",
    ),
    # (f) procurement and tenders
    (
        "no",
        "Kunngjøring av konkurranse – Doffin {n6}: Rammeavtale for renholdstjenester. Oppdragsgiver: {muni} "
        "kommune, org.nr. {org}. Tilbudsfrist {date_no} kl. 12:00. Estimert verdi {amt_no}.",
    ),
    (
        "en",
        "Tender evaluation summary {ref}\nBidder A: {company}, org. no. {orgg}\nBidder B: Tinde IT Drift AS, "
        "org. no. {org}\nBidder B scored highest on quality (62/70). Award notice to be published {date_en}. "
        "Standstill period: 10 days.",
    ),
    (
        "no",
        "Avvisning av tilbud: Tilbudet fra {company} avvises fordi daglig leder, {full1}, er "
        "[CRIMINAL_RECORD:rettskraftig dømt for korrupsjon|dømt for økonomisk kriminalitet|straffedømt for "
        "bedrageri], jf. anskaffelsesforskriften § 24-2. Saksnr. {caseyr}.",
    ),
    (
        "en",
        "Q&A round 2, tender {ref}: question from {full1} ({em1}): can subcontractors be used for the IT support "
        "part? Answer: yes, subject to approval by the contracting authority.",
    ),
    (
        "en",
        "!Procurement policy update: suppliers must comply with the Transparency Act and report on working "
        "conditions, including the right to join a trade union. Union representatives were consulted on "
        "{date_en}. Tender template version {ver} replaces all earlier versions.",
    ),
    (
        "no",
        "Referanse for {company}: prosjektleder {full1} (tlf. {tel}) kan bekrefte leveransen. Underleverandør "
        "var {surco}. Kontraktsnr. {n8}.",
    ),
    # (g) IT operations
    (
        "en",
        "ALERT [CRITICAL] disk usage 94% on {host} ({ip4}) at {date_iso}T{time}:00Z. Kernel {kver}. Runbook "
        "RB-{n3}: rotate logs, then restart the service. On-call: {full1}, {itel}.",
    ),
    (
        "en",
        "!Release notes {ver}\n- Upgraded OpenSSL to 3.0.13\n- Fixed memory leak in worker pool (issue #{n4})\n"
        "- Default bind address changed, see server.bind\nBuild {n8}, commit {sha}.",
    ),
    (
        "no",
        "Hendelse {inc}: uvanlig mange innloggingsforsøk fra {ip4} mot {host}. Kontoen til {full1} ble låst "
        "kl. {time}. Brannmuren kjører firmware {ver}, MAC {mac}. Meld fra til {em1}.",
    ),
    (
        "en",
        "!Maintenance window {date_en} {time}–{time} UTC: patching database nodes db-01 to db-04 to PostgreSQL "
        "16.{n1}. Expected downtime under 5 minutes. Change ticket CHG{n7}. Switch MAC {mac} will be replaced.",
    ),
    (
        "no",
        "!Runbook: Dersom tjenesten svarer HTTP 503, sjekk først lastbalanserer lb-{n2}. Kjør `systemctl status "
        "orkester-gw`. Versjon {ver} har en kjent feil med TLS-sesjoner; oppgrader til {ver}. Feilkode E{n4}.",
    ),
    (
        "en",
        'Access log excerpt:\n{ip6} - - "GET /api/v1/users HTTP/1.1" 200 {n4}\n{ip4} - - "POST /login '
        'HTTP/1.1" 401 {n3}\nUser {em1} exported {n4} records at {time}.',
    ),
    (
        "en",
        "Postmortem {inc}: at {time} the payment service started rejecting requests. {full1} rolled back to "
        "{ver}. Customer {full2} reported a failed charge on card {card}; refund issued. Root cause: expired "
        "certificate on {host}.",
    ),
    (
        "no",
        "!Overvåking: {host} svarer ikke på ping. Sist sett {date_iso} {time}. Agentversjon {ver}, "
        "serienummer {sn}. Saken er sendt til driftsleverandøren Tinde IT Drift AS.",
    ),
    # (h) LLM-style prompts
    (
        "en",
        "Summarise this email from {full1} in three bullet points: \"Hi team, I'll be [HEALTH:on sick leave|in "
        "hospital|off for knee surgery] until {date_en}. {first2} will cover my clients. Reach me on {itel} if "
        'urgent."',
    ),
    (
        "no",
        "Skriv et høflig svar til {full1} som har klaget på faktura {n8}. Kunden ønsker tilbakebetaling til "
        "konto {acct}. Bruk en vennlig tone.",
    ),
    (
        "en",
        'Translate to Norwegian: "My name is {full1}, my national ID number is {fnr} and I live at {addr}. I am '
        '[ETHNICITY:of Sámi descent|Kven|of Romani background] and would like information in my own language."',
    ),
    (
        "no",
        "Kan du lage en tabell over disse kontaktene? {full1} – {tel} – {em1}; {full2} – {itel} – {em2}; "
        "{full3} – {tel}.",
    ),
    (
        "en",
        "!Write a short LinkedIn post about our new diversity policy. Say that we welcome applicants regardless "
        "of ethnicity, religion, sexual orientation or disability, and that we support employees who want to "
        "join a trade union.",
    ),
    (
        "no",
        "!Forklar forskjellen mellom fødselsnummer og D-nummer, og hvorfor kontrollsifrene beregnes med modulus "
        "11. Ikke bruk ekte eksempler. Svar på under 200 ord.",
    ),
    (
        "en",
        'Rewrite this note more professionally: "{lfirst1} says {lfirst2} is [SEXUAL_ORIENTATION:gay|bi|a '
        "lesbian] and doesn't want it mentioned at the christmas party, so pls keep quiet lol\"",
    ),
    (
        "no",
        "Oppsummer denne meldingen: «Hei, det er {first1}. Jeg er [SEXUAL_ORIENTATION:homofil|lesbisk|bifil] og "
        "har fått stygge kommentarer fra en kollega. Jeg vil gjerne snakke med HR. Nummeret mitt er {tel}.»",
    ),
    (
        "en",
        "Draft a reference letter for {full1}, who worked as a warehouse assistant from 2021 to 2025. Do NOT "
        "mention that {first1} [CRIMINAL_RECORD:has a conviction for drunk driving|served a prison sentence|"
        "was convicted of fraud].",
    ),
    (
        "no",
        "Sjekk om dette IBAN-nummeret ser riktig ut: {iban}. Det kommer fra leverandøren {company} i {country}. "
        "Ordrenummer {n8}.",
    ),
    (
        "en",
        "Please help me write a complaint. I ordered a sofa (order {n8}) delivered to {addr}, but it arrived "
        "damaged. My name is {full1} and my number is {tel47}.",
    ),
    (
        "no",
        "Lag et utkast til e-post til {full1} ({em1}) om at søknaden om barnehageplass er mottatt. "
        "Saksnummeret er {caseyr}. Ikke ta med fødselsnummeret {fnr} i svaret.",
    ),
    (
        "en",
        "!Explain what a KID number is and how it differs from an invoice number like {n8}. Keep it short and "
        "avoid jargon; our accounting system is version {ver}.",
    ),
    (
        "no",
        "Oversett til engelsk: «{full1} er [TRADE_UNION:tillitsvalgt i Fellesforbundet|medlem av LO|medlem av "
        "Norsk Sykepleierforbund] og ønsker å delta på møtet {date_no}.»",
    ),
    (
        "en",
        "Write a friendly reminder to {full1} that the hotel booking {bk} for {full2} needs a "
        "credit card guarantee by {date_en}. Send it from {email}.",
    ),
    (
        "no",
        "Hjelp meg å svare {full1}, som spør om vi kan tilpasse kantinemenyen fordi {first1} er "
        "[RELIGION:hindu|praktiserende muslim|buddhist]. Svar kort.",
    ),
]


# --------------------------------------------------------------------------- rendering
TYPES = w(
    "PERSON FNR DNR ORGNR BANK_ACCOUNT IBAN CARD EMAIL IP PHONE ADDRESS HEALTH TRADE_UNION RELIGION "
    "ETHNICITY SEXUAL_ORIENTATION CRIMINAL_RECORD"
)
TOKEN = re.compile(r"\{(\w+)\}|\[(" + "|".join(TYPES) + r"):([^\]]*)\]|<([^<>]*)>")
SLOT = re.compile(r"(full|first|last|lfirst|em)(\d)")


@dataclass
class Doc:
    rng: random.Random
    parts: list[str] = field(default_factory=list)
    ents: list[tuple[str, int, int, str]] = field(default_factory=list)
    people: dict[int, Person] = field(default_factory=dict)
    emails: dict[int, str] = field(default_factory=dict)
    pos: int = 0
    neg: bool = False

    def add(self, s: str, typ: str | None = None) -> None:
        if typ:
            self.ents.append((typ, self.pos, self.pos + len(s), s))
        self.parts.append(s)
        self.pos += len(s)

    def person(self, slot: int) -> Person:
        if slot not in self.people:
            taken = {p.full for p in self.people.values()} | {p.first for p in self.people.values()}
            p = make_person(self.rng)
            while p.full in taken or p.first in taken:
                p = make_person(self.rng)
            self.people[slot] = p
        return self.people[slot]

    def gen(self, name: str) -> None:
        m = SLOT.fullmatch(name)
        if m:
            kind, slot = m.group(1), int(m.group(2))
            p = self.person(slot)
            if kind == "em":
                if slot not in self.emails:
                    self.emails[slot] = person_email(self.rng, p)
                self.add(self.emails[slot], "EMAIL")
            else:
                value = {"full": p.full, "first": p.first, "last": p.last, "lfirst": p.first.lower()}[kind]
                self.add(value, "PERSON")
            return
        m = re.fullmatch(r"n(\d+)", name)
        if m:
            self.neg = True
            self.add(neg_digits(self.rng, int(m.group(1))) if int(m.group(1)) > 1 else str(self.rng.randint(1, 9)))
            return
        typ, fn = GENS[name]
        self.neg |= name in NEG_GENS
        self.add(fn(self.rng), typ)


def render(tpl: str, doc: Doc) -> None:
    i = 0
    for m in TOKEN.finditer(tpl):
        doc.add(tpl[i : m.start()])
        if m.group(1):
            doc.gen(m.group(1))
        elif m.group(2):
            doc.add(doc.rng.choice(m.group(3).split("|")), m.group(2))
        else:
            render(doc.rng.choice(m.group(4).split("|")), doc)
        i = m.end()
    doc.add(tpl[i:])


DIGIT_CHECK = {
    "FNR": lambda s: pid_ok(re.sub(r"\D", "", s), False),
    "DNR": lambda s: pid_ok(re.sub(r"\D", "", s), True),
    "ORGNR": lambda s: orgnr_ok(re.sub(r"\D", "", s)),
    "BANK_ACCOUNT": lambda s: account_ok(re.sub(r"\D", "", s)),
    "CARD": lambda s: luhn_ok(re.sub(r"\D", "", s)) and len(re.sub(r"\D", "", s)) in (15, 16),
    "IBAN": iban_ok,
}


def unlabelled_problem(text: str, ents: list[tuple[str, int, int, str]]) -> str | None:
    masked = list(text)
    for _, s, e, _ in ents:
        masked[s:e] = "#" * (e - s)
    m_text = "".join(masked)
    for m in re.finditer(r"\d+(?:[ .]\d+)*", m_text):
        groups = re.findall(r"\d+", m.group())
        for i in range(len(groups)):
            for j in range(i + 1, len(groups) + 1):
                hit = passes_any("".join(groups[i:j]))
                if hit:
                    return f"{hit}: {m.group()!r}"
    for m in re.finditer(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,34}", m_text):
        compact = m.group().replace(" ", "")
        for k in range(15, len(compact) + 1):
            if iban_ok(compact[:k]):
                return f"IBAN: {m.group()!r}"
    return None


def build_one(tpl: str, rng: random.Random) -> tuple[str, list[tuple[str, int, int, str]], bool]:
    marked = tpl.startswith("!")
    for _ in range(200):
        doc = Doc(rng)
        render(tpl.lstrip("!"), doc)
        text = "".join(doc.parts)
        ents = sorted(doc.ents, key=lambda x: x[1])
        for typ, s, e, val in ents:
            assert text[s:e] == val and val.strip() == val and val, (typ, val)
            if typ in DIGIT_CHECK:
                assert DIGIT_CHECK[typ](val), (typ, val)
        for a, b in itertools.pairwise(ents):
            assert a[2] <= b[1], (a, b)
        if unlabelled_problem(text, ents) is None:
            return text, ents, marked or doc.neg
    raise RuntimeError(f"could not render template without accidental identifiers: {tpl[:60]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--out", type=Path, default=Path("evals/pii/fresh3.jsonl"))
    args = ap.parse_args()
    rng = random.Random(SEED)
    rows: list[dict[str, object]] = []
    labels: Counter[str] = Counter()
    n_neg = 0
    for t_idx, (lang, tpl) in enumerate(TEMPLATES, start=1):
        for _ in range(REPS):
            text, ents, neg = build_one(tpl, rng)
            n_neg += neg
            labels.update(t for t, *_ in ents)
            types = {t for t, *_ in ents}
            cls = "confidential" if types - {"ORGNR"} else ("internal" if types else "public")
            rows.append(
                {
                    "lang": lang,
                    "template": f"t{t_idx:02d}",
                    "text": text,
                    "entities": [{"type": t, "start": s, "end": e} for t, s, e, _ in ents],
                    "class": cls,
                }
            )
    rng.shuffle(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for i, row in enumerate(rows, start=1):
            fh.write(json.dumps({"id": f"fresh3-{i:04d}", **row}, ensure_ascii=False) + "\n")
    classes = Counter(r["class"] for r in rows)
    langs = Counter(r["lang"] for r in rows)
    print(f"wrote {len(rows)} texts from {len(TEMPLATES)} templates to {args.out}")
    print(f"languages: {dict(langs)}; classes: {dict(classes)}; texts with hard negatives: {n_neg}")
    for typ in TYPES:
        print(f"  {typ:<20} {labels.get(typ, 0)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
