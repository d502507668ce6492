#!/usr/bin/env python3
"""Build ``evals/pii/fresh.jsonl``: an independent held-out PII set, written without seeing the detector.

Short Norwegian (bokmål) and English texts from the daily work of a mid-sized Norwegian machine shop
("Kvalheim Maskin AS"): customer e-mails, HR notes, job applications, IT tickets, purchase orders, invoices,
contracts, minutes, chat, CRM notes, sick-leave certificates and union matters, plus hard negatives (order
and invoice numbers, KID, dates, product codes, prices, versions, company names with surnames, place names
and words that look like names).

Deterministic (fixed seed), standard library only. Every gold span is checked against the inserted value and
every check digit against an independent validator; unlabelled text is checked for numbers that would pass
a validator by accident.

Template mini-language (the ``TEMPLATES`` block below):

* ``@@ t01 no`` starts a template (id, language); a line ending in a backslash continues on the next line;
* ``{slot}`` / ``{slot:key}``: a generated value (person slots and keyed slots repeat within one text);
* ``[[TYPE|literal]]``: a literal gold entity (special categories, fixed e-mail addresses);
* ``<<a~b~c>>``: one of the alternatives, chosen at random (may contain slots and literal entities).

Usage: ``python scripts/build_pii_fresh.py [--out evals/pii/fresh.jsonl]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
import json
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20250611
PER_TEMPLATE = 5
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "evals" / "pii" / "fresh.jsonl"

# --------------------------------------------------------------------------------------------------------------
# Name pools (first names, surnames) by origin. Chosen for this set; mixed origins as in a Norwegian workplace.
# --------------------------------------------------------------------------------------------------------------


def _w(s: str) -> list[str]:
    return s.split()


NAMES: dict[str, tuple[list[str], list[str]]] = {
    "norwegian": (
        _w(
            "Ole Kari Per Lars Anne Ingrid Jon Hans Knut Silje Marius Ida Kristian Nora Emma Thomas Martin Hanne "
            "Marit Tone Bjørn Liv Arne Solveig Gunnar Tor Eirik Sigrid Astrid Magnus Håkon Jørgen Åse Synnøve "
            "Trond Geir Stian Vegard Ragnhild Randi Turid Kjersti Espen Øyvind Halvor Eivind Torill Mette Line "
            "Camilla Anne-Lise Per-Olav Kari-Anne Jan-Erik Hans-Petter Mari-Ann Ann-Kristin Tor-Arne Sindre Vilde "
            "Ingeborg Oddvar Frode Svein Torbjørn Helge Gro Elin Hilde Bente Mona Aud Jorunn Leif Dag Rune Stein "
            "Sol Vår Sverre Thea Jonas Henrik"
        ),
        _w(
            "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen Pettersen "
            "Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen Halvorsen Henriksen Lund "
            "Sørensen Jakobsen Moen Gundersen Iversen Strand Solberg Svendsen Eide Knutsen Martinsen Paulsen Bakken "
            "Kristoffersen Mathisen Lie Amundsen Rasmussen Lunde Solheim Berge Moe Nygård Bakke Kristensen "
            "Fredriksen Holm Lien Hauge Christensen Andresen Nielsen Knudsen Evensen Sæther Aas Myhre Haugland "
            "Ødegård Våge Brekke Tveit Fjeld Vik Rønning Aasen Bjørnstad Skogen Sandvik Storvik Kvalheim"
        ),
    ),
    "sami": (
        _w("Ánde Máret Biret Niillas Elle Inga Ánne Sámmol Juhán Risten Máhtte Áslat"),
        _w("Gaup Eira Somby Hætta Utsi Balto Turi Sara Buljo Logje Siri Partapuoli"),
    ),
    "polish": (
        _w("Katarzyna Piotr Tomasz Agnieszka Krzysztof Małgorzata Paweł Magdalena Łukasz Joanna Marek Ewa"),
        _w("Kowalski Nowak Wiśniewska Wójcik Kowalczyk Kamińska Lewandowski Zieliński Szymańska Woźniak"),
    ),
    "somali": (
        _w("Abdirahman Hodan Faadumo Mohamed Hibaaq Ayaan Abdullahi Sahra Ilhan Khadar Nimco Liban"),
        _w("Warsame Abdi Farah Hassan Mohamud Osman Jama Yusuf Ali Aden"),
    ),
    "pakistani": (
        _w("Imran Ayesha Bilal Sana Usman Nadia Faisal Hina Kamran Shazia Zeeshan Mehwish Sunita"),
        _w("Chaudhry Butt Qureshi Malik Iqbal Rana Hussain Akhtar Sheikh Javed Ahmed"),
    ),
    "vietnamese": (
        _w("Linh Minh Huong Tuan Thanh Hoa Duc Mai Lan Quang Phuong Nam"),
        _w("Nguyen Tran Le Pham Hoang Vu Dang Bui Do Ngo"),
    ),
    "syrian": (
        _w("Rami Lina Yousef Rasha Omar Hala Khaled Dima Ahmad Nour Tarek Reem"),
        _w("al-Khatib Haddad Kassab al-Hassan Shami Darwish al-Masri Khoury Nasser Halabi"),
    ),
    "lithuanian": (
        _w("Jonas Rūta Mindaugas Aistė Tomas Giedrė Darius Eglė Vytautas Ingrida Rasa Andrius"),
        _w("Kazlauskas Petrauskienė Jankauskas Stankevičius Vasiliauskas Žukauskaitė Butkus Paulauskas"),
    ),
    "eritrean": (
        _w("Yonas Senait Tesfay Helen Semere Mebrat Filmon Saba Dawit Rahel Berhane Selam"),
        _w("Tesfamariam Ghebremedhin Haile Kidane Woldemichael Berhe Gebreyesus Mehari Asmerom"),
    ),
    "other": (
        _w("Sean Fiona Pieter Sanne Hamish Mark Will Sophie Daniel James Rebecca Grant June"),
        _w("McDonald McKenzie van der Meer van Dijk O'Brien MacLeod de Jong Smith Taylor Murphy Schmidt Müller"),
    ),
}
# Multi-word surnames were split above; glue them back.
_FIX = {"van der Meer": ("van", "der", "Meer"), "van Dijk": ("van", "Dijk"), "de Jong": ("de", "Jong")}


def _glue(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        for name, parts in _FIX.items():
            if tuple(words[i : i + len(parts)]) == parts:
                out.append(name)
                i += len(parts)
                break
        else:
            out.append(words[i])
            i += 1
    return out


NAMES = {g: (list(dict.fromkeys(f)), list(dict.fromkeys(_glue(s)))) for g, (f, s) in NAMES.items()}
GROUPS = list(NAMES)
GROUP_WEIGHTS = [50, 6, 8, 7, 7, 6, 6, 5, 5, 6]
ALL_FIRST = list(dict.fromkeys(n for f, _ in NAMES.values() for n in f))
ALL_LAST = list(dict.fromkeys(n for _, s in NAMES.values() for n in s))

# --------------------------------------------------------------------------------------------------------------
# Other pools
# --------------------------------------------------------------------------------------------------------------

STREETS = [
    "Storgata",
    "Kongens gate",
    "Dronningens gate",
    "Olav Tryggvasons gate",
    "Bjørnstjerne Bjørnsons gate",
    "Thorvald Meyers gate",
    "Skippergata",
    "Strandveien",
    "Industriveien",
    "Sandviksveien",
    "Kirkegata",
    "Fjellveien",
    "Elvegata",
    "Parkveien",
    "Haakon VIIs gate",
    "Markveien",
    "Torggata",
    "Sjøgata",
    "Nedre Slottsgate",
    "Øvre Vollgate",
    "Bygdøy allé",
    "Verkstedveien",
    "Havnegata",
    "Løkkeveien",
    "Henrik Ibsens gate",
    "Kong Oscars gate",
    "Solheimsgaten",
    "Tromsøgata",
    "Nygårdsgaten",
    "Bryggen",
]
POST_CITIES = [
    "0153 Oslo",
    "0560 Oslo",
    "5003 Bergen",
    "5017 Bergen",
    "7010 Trondheim",
    "4006 Stavanger",
    "8622 Mo i Rana",
    "9008 Tromsø",
    "6002 Ålesund",
    "3015 Drammen",
    "2317 Hamar",
    "1530 Moss",
    "9510 Alta",
    "9730 Karasjok",
    "8006 Bodø",
    "4612 Kristiansand",
    "6413 Molde",
    "5527 Haugesund",
    "2815 Gjøvik",
    "7713 Steinkjer",
    "1337 Sandvika",
    "8514 Narvik",
]
PLACES = [
    "Bergen",
    "Mo i Rana",
    "Molde",
    "Kristiansund",
    "Stavanger",
    "Ålesund",
    "Haugesund",
    "Narvik",
    "Steinkjer",
    "Gjøvik",
    "Sandnes",
    "Hamar",
    "Moss",
    "Levanger",
    "Sandvika",
    "Florø",
    "Verdal",
    "Mosjøen",
    "Sunndalsøra",
    "Årdal",
    "Kongsberg",
    "Raufoss",
    "Hammerfest",
]
PLACES_EN = ["Aberdeen", "Stavanger", "Houston", "Esbjerg", "Gdańsk", "Rotterdam", "Great Yarmouth", "Hamburg"]
COMPANIES = [
    "Hansen Mekaniske AS",
    "Berg & Sønn AS",
    "Olsen Hydraulikk AS",
    "Jacobsen Sveis og Montasje AS",
    "Moen Verktøy AS",
    "Lunde Elektro AS",
    "Strand Marine Service AS",
    "Eide Transport AS",
    "Nilsen & Co AS",
    "Haugen Bygg AS",
    "Kristiansen Plast AS",
    "Brødrene Solheim AS",
    "Bakke Maskin AS",
    "Lie & Halvorsen AS",
    "Fjeld Stål AS",
    "Tveit Sveiseteknikk AS",
    "Aas Hydraulikk AS",
    "Myhre Laser AS",
    "Dahl Industriservice AS",
    "Sandvik Rør og Ventil AS",
]
COMPANIES_EN = [
    "Stahlbau Müller GmbH",
    "McKenzie Offshore Ltd",
    "Van Dijk Precision B.V.",
    "Nowak Metal Sp. z o.o.",
    "Andersson Verkstad AB",
    "Fraser Subsea Ltd",
    "Kazlauskas Logistika UAB",
    "Jensen & Sønner A/S",
    "Taylor Engineering Ltd",
    "Murphy Marine Services Ltd",
]
SUPPLIERS = {
    "DE": ["Stahlbau Müller GmbH", "Schneider Antriebstechnik GmbH"],
    "GB": ["McKenzie Offshore Ltd", "Fraser Subsea Ltd"],
    "SE": ["Andersson Verkstad AB", "Lindqvist Hydraulik AB"],
    "PL": ["Nowak Metal Sp. z o.o.", "Kowalczyk Stal Sp. z o.o."],
    "LT": ["Kazlauskas Logistika UAB", "Baltijos Metalas UAB"],
    "DK": ["Jensen & Sønner A/S"],
    "FI": ["Virtanen Konepaja Oy"],
    "NL": ["Van Dijk Precision B.V."],
}
BICS = {
    "DE": "COBADEFFXXX",
    "GB": "NWBKGB2L",
    "SE": "ESSESESS",
    "PL": "PKOPPLPW",
    "LT": "HABALT22",
    "DK": "DABADKKK",
    "FI": "NDEAFIHH",
    "NL": "ABNANL2A",
}
# BBAN layouts: n = digit, A = upper-case letter.
BBAN = {
    "DE": "n" * 18,
    "GB": "AAAA" + "n" * 14,
    "SE": "n" * 20,
    "PL": "n" * 24,
    "LT": "n" * 16,
    "DK": "n" * 14,
    "FI": "n" * 14,
    "NL": "AAAA" + "n" * 10,
}
BANK_LETTERS = {"GB": ["NWBK", "BARC", "HBUK", "LOYD"], "NL": ["ABNA", "INGB", "RABO"]}
PRODUCTS = [
    "M12x1.5-8.8",
    "SKF 6205-2RS",
    "DIN 912 M8x40 12.9",
    "ISO 4017 M16x60 8.8",
    "M10x1.25 A4-80",
    "O-ring 45x3 NBR70",
    "Festo DSBC-32-100-PPVA-N3",
    "Hiwin HGR20 lineærskinne",
    "42CrMo4 Ø60 h9",
    "EN AW-6082 T6 plate 20 mm",
    "S355J2 HEB 200",
    "Parker PWD00A-400",
    "Rexroth 4WE6D6X",
    "NSK 6305ZZ",
    "Sandvik CNMG 120408-PM 4325",
]
PARTS = ["7731-0045-02", "KM-10442-B", "TEG-2024-118 rev C", "P/N 4471-220", "100-4472", "DWG-5581 rev. D"]
BEARINGS = ["SKF 6205-2RS", "NSK 6305ZZ", "FAG 22216-E1", "SKF 32008 X/Q", "Timken 30207", "SKF 6308-2Z/C3"]
THREADS = ["M12x1.5", "M8x1.25", "M16x2", "G1/2", "M6"]
DRILLS = ["Ø8,5 HSS-E", "Ø10,2 VHM", "Ø6,8 TiAlN", "Ø4,2 HSS-Co"]
VERSIONS = ["v2.14.3", "4.12.7", "3.0.1-rc2", "11.0.22621", "v5.2", "1.8.40", "v7.3.0"]
CLINICS_NO = ["Sentrum legekontor", "Moholt legesenter", "Bryn legesenter", "Fjordbyen legekontor", "Lade legesenter"]
CLINICS_EN = ["Fjordbyen Medical Centre", "Bergen City Clinic", "Moholt Health Centre"]
AGENCIES = [
    "Nordic Crew Bemanning AS",
    "Baltic Workforce UAB",
    "Proffbemanning AS",
    "Vestland Industribemanning AS",
    "Polmar Staffing Sp. z o.o.",
]
DOMAINS = [
    "hansen-mek.no",
    "bergsonn.no",
    "olsenhydraulikk.no",
    "fjordlaks.no",
    "nordicsubsea.com",
    "lunde-elektro.no",
    "stahlbau-mueller.de",
    "mckenzie-offshore.co.uk",
    "vandijk-precision.nl",
    "nowakmetal.pl",
    "eidetransport.no",
]
PRIVATE_DOMAINS = ["gmail.com", "hotmail.com", "online.no", "outlook.com", "yahoo.no", "icloud.com"]
WORK_DOMAIN = "kvalheim-maskin.no"
WEEKDAYS_NO = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS_NO = _w("januar februar mars april mai juni juli august september oktober november desember")
MONTHS_EN = _w("January February March April May June July August September October November December")
PHONES_X = [
    "+44 20 7946 0###",
    "+44 7700 9#####",
    "+46 8 ### ### ##",
    "+46 70 ### ## ##",
    "+48 60# ### ###",
    "+49 30 #### ####",
    "+49 151 ########",
    "+370 6## #####",
    "+252 61 #######",
    "+92 300 #######",
    "+84 9## ### ###",
    "+1 212 555 01##",
    "+45 ## ## ## ##",
    "+358 40 ### ####",
    "+291 7 ######",
    "+963 9## ### ###",
]

# --------------------------------------------------------------------------------------------------------------
# Check-digit generators
# --------------------------------------------------------------------------------------------------------------

W_FNR1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
W_FNR2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
W_ORG = (3, 2, 7, 6, 5, 4, 3, 2)
W_BANK = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def mod11_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    """The mod-11 check digit (11 -> 0), or None when it would be 10 (number not issued)."""
    rest = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    if rest == 11:
        return 0
    return None if rest == 10 else rest


def rand_digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def make_birth_id(rng: random.Random, dnumber: bool = False) -> str:
    while True:
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 56))
        ind = rng.randint(500, 999) if born.year >= 2000 else rng.randint(0, 499)
        day = born.day + 40 if dnumber else born.day
        base = f"{day:02d}{born.month:02d}{born.year % 100:02d}{ind:03d}"
        k1 = mod11_digit(base, W_FNR1)
        if k1 is None:
            continue
        k2 = mod11_digit(base + str(k1), W_FNR2)
        if k2 is None:
            continue
        return f"{base}{k1}{k2}"


def make_orgnr(rng: random.Random) -> str:
    while True:
        base = rng.choice("89") + rand_digits(rng, 7)
        k = mod11_digit(base, W_ORG)
        if k is not None:
            return f"{base}{k}"


BANK_PREFIXES = ["1503", "1254", "1506", "3000", "3624", "6011", "9710", "1813", "2801", "1594", "1607", "4202"]


def make_bank(rng: random.Random) -> str:
    while True:
        base = rng.choice(BANK_PREFIXES) + rand_digits(rng, 6)
        k = mod11_digit(base, W_BANK)
        if k is not None:
            return f"{base}{k}"


def _iban_numeric(s: str) -> str:
    return "".join(str(int(c, 36)) for c in s)


def make_iban(country: str, bban: str) -> str:
    rem = 0
    for ch in _iban_numeric(bban + country + "00"):  # piecewise mod 97
        rem = (rem * 10 + int(ch)) % 97
    return f"{country}{98 - rem:02d}{bban}"


def luhn_digit(payload: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:  # these get doubled once the check digit is appended
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return (10 - total % 10) % 10


def make_card(rng: random.Random, kind: str) -> str:
    if kind == "visa":
        payload = "4" + rand_digits(rng, 14)
    elif kind == "mc":
        payload = str(rng.randint(51, 55)) + rand_digits(rng, 13)
    else:  # amex
        payload = rng.choice(["34", "37"]) + rand_digits(rng, 12)
    return payload + str(luhn_digit(payload))


# --------------------------------------------------------------------------------------------------------------
# Independent validators (used only to verify the output)
# --------------------------------------------------------------------------------------------------------------


def _weighted_ok(digits: str, weights: tuple[int, ...]) -> bool:
    return sum(int(a) * b for a, b in zip(digits, weights, strict=True)) % 11 == 0


def check_birth_id(s: str, dnumber: bool) -> bool:
    if not re.fullmatch(r"\d{11}", s):
        return False
    if not _weighted_ok(s[:10], (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)) or not _weighted_ok(
        s, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    ):
        return False
    day, month, yy, ind = int(s[0:2]), int(s[2:4]), int(s[4:6]), int(s[6:9])
    if dnumber:
        if day <= 40:
            return False
        day -= 40
    if ind <= 499:
        century = 1900
    elif ind <= 749 and yy >= 54:
        century = 1800
    elif yy <= 39:
        century = 2000
    elif ind >= 900:
        century = 1900
    else:
        return False
    try:
        dt.date(century + yy, month, day)
    except ValueError:
        return False
    return True


def check_orgnr(s: str) -> bool:
    return bool(re.fullmatch(r"[89]\d{8}", s)) and _weighted_ok(s, (3, 2, 7, 6, 5, 4, 3, 2, 1))


def check_bank(s: str) -> bool:
    return bool(re.fullmatch(r"\d{11}", s)) and _weighted_ok(s, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1))


def check_iban(s: str) -> bool:
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", s):
        return False
    moved = s[4:] + s[:4]
    return int("".join(str(ord(c) - 55) if c.isalpha() else c for c in moved)) % 97 == 1


def check_luhn(s: str) -> bool:
    digits = [int(c) for c in s]
    odd = digits[-1::-2]
    even = [sum(divmod(2 * d, 10)) for d in digits[-2::-2]]
    return (sum(odd) + sum(even)) % 10 == 0


def check_card(s: str) -> bool:
    if re.fullmatch(r"4\d{15}|5[1-5]\d{14}", s) or re.fullmatch(r"3[47]\d{13}", s):
        return check_luhn(s)
    return False


# --------------------------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------------------------


@dataclass
class Person:
    first: str
    last: str
    middle: str = ""
    local: str = ""  # e-mail local part, fixed per person
    domain: str = ""

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.first, self.middle, self.last) if p)


def ascii_fold(s: str) -> str:
    s = s.lower()
    for a, b in (("æ", "ae"), ("ø", "o"), ("å", "a"), ("ł", "l"), ("ß", "ss")):
        s = s.replace(a, b)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9-]", "", s)


def make_person(rng: random.Random) -> Person:
    group = rng.choices(GROUPS, weights=GROUP_WEIGHTS)[0]
    firsts, lasts = NAMES[group]
    first = rng.choice(firsts)
    last = rng.choice(lasts) if rng.random() < 0.85 else rng.choice(ALL_LAST)
    if group == "sami" and rng.random() < 0.3:
        first = rng.choice(NAMES["norwegian"][0])
    middle = ""
    if group == "norwegian":
        r = rng.random()
        if r < 0.12:
            middle = rng.choice([n for n in lasts if n != last])  # e.g. "Kari Haugen Berg"
        elif r < 0.17:
            middle = rng.choice("ABEHKLMST") + "."
    f, m, la = ascii_fold(first), ascii_fold(middle), ascii_fold(last)
    local = rng.choice([f"{f}.{la}", f"{f[0]}.{la}", f"{f}{la}", f"{f}.{la[0]}", f"{f}{m[:1]}{la}"])
    return Person(first, last, middle, local)


# --------------------------------------------------------------------------------------------------------------
# Slots
# --------------------------------------------------------------------------------------------------------------


@dataclass
class Ctx:
    rng: random.Random
    lang: str
    people: dict[str, Person] = field(default_factory=dict)
    cache: dict[tuple[str, str], tuple[str, str | None]] = field(default_factory=dict)
    country: str = ""

    def person(self, key: str) -> Person:
        if key not in self.people:
            taken = {p.full for p in self.people.values()} | {p.first for p in self.people.values()}
            while True:
                p = make_person(self.rng)
                if p.full not in taken and p.first not in taken:
                    break
            self.people[key] = p
        return self.people[key]

    def iban_country(self) -> str:
        if not self.country:
            self.country = self.rng.choice(sorted(BBAN))
        return self.country


Slot = Callable[[Ctx], tuple[str, str | None]]


def fmt_date(d: dt.date, ctx: Ctx) -> str:
    r = ctx.rng.random()
    if r < 0.75:
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if ctx.lang == "no":
        return f"{d.day}. {MONTHS_NO[d.month - 1]} {d.year}"
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}" if r < 0.9 else d.isoformat()


def rand_date(ctx: Ctx, start: dt.date = dt.date(2024, 1, 2), span: int = 700) -> dt.date:
    return start + dt.timedelta(days=ctx.rng.randrange(span))


def group3(n: int, sep: str = " ") -> str:
    return f"{n:,}".replace(",", sep)


def s_price(ctx: Ctx) -> tuple[str, None]:
    rng = ctx.rng
    n = rng.choice([rng.randint(90, 990), rng.randint(1_000, 99_000), rng.randint(10, 600) * 500])
    if ctx.lang == "en":
        return rng.choice([f"NOK {group3(n, ',')}", f"NOK {group3(n)}", f"NOK {group3(n, ',')}.00"]), None
    ore = rng.choice([",-", ",00", f",{rng.randint(10, 95)}"])
    return rng.choice([f"kr {group3(n)}{ore}", f"NOK {group3(n)}", f"{group3(n)} kr"]), None


def s_price_s(ctx: Ctx) -> tuple[str, None]:
    """A small amount: per unit, per hour, per person, per metre."""
    rng = ctx.rng
    n = rng.choice([rng.randint(45, 990), rng.randint(10, 90) * 25])
    if ctx.lang == "en":
        return rng.choice([f"NOK {group3(n, ',')}", f"NOK {n}.00"]), None
    return rng.choice([f"kr {group3(n)},-", f"kr {n},{rng.randint(10, 95)}", f"{group3(n)} kr", f"NOK {n}"]), None


def s_price_eur(ctx: Ctx) -> tuple[str, None]:
    n = ctx.rng.randint(40, 60_000)
    if ctx.lang == "en":
        return ctx.rng.choice([f"EUR {group3(n, ',')}.00", f"€{group3(n, ',')}"]), None
    return f"EUR {group3(n)},00", None


def s_phone_no(ctx: Ctx, mobile_only: bool = False) -> tuple[str, str]:
    rng = ctx.rng
    if mobile_only or rng.random() < 0.7:
        d = rng.choice("49") + rand_digits(rng, 7)
        body = rng.choice([f"{d[:3]} {d[3:5]} {d[5:]}", f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:]}", d])
    else:
        d = rng.choice("23567") + rand_digits(rng, 7)
        body = rng.choice([f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:]}", d])
    prefix = rng.choice(["", "", "+47 ", "+47 ", "+47"])
    if prefix == "+47":
        body = body.replace(" ", "")
    return prefix + body, "PHONE"


def s_phone_x(ctx: Ctx) -> tuple[str, str]:
    pattern = ctx.rng.choice(PHONES_X)
    return "".join(str(ctx.rng.randrange(10)) if c == "#" else c for c in pattern), "PHONE"


def s_ip4(ctx: Ctx) -> tuple[str, str]:
    rng = ctx.rng
    r = rng.random()
    if r < 0.3:
        ip = f"10.{rng.randint(0, 40)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}"
    elif r < 0.5:
        ip = f"192.168.{rng.randint(0, 20)}.{rng.randint(2, 254)}"
    elif r < 0.6:
        ip = f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}"
    else:
        first = rng.choice([31, 46, 77, 80, 81, 84, 85, 88, 89, 109, 146, 178, 193, 195, 212, 213])
        ip = f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    return ip, "IP"


def s_ip6(ctx: Ctx) -> tuple[str, str]:
    rng = ctx.rng

    def h() -> str:
        return f"{rng.randrange(1, 0x10000):x}"

    r = rng.random()
    if r < 0.4:
        ip = f"2001:db8:{h()}:{h()}::{h()}"
    elif r < 0.75:
        ip = ":".join(["2a02", h()] + [h() for _ in range(6)])
    else:
        ip = f"fe80::{h()}:{rng.randrange(256):02x}ff:fe{rng.randrange(256):02x}:{h()}"
    return ip, "IP"


def s_fnr(ctx: Ctx) -> tuple[str, str]:
    s = make_birth_id(ctx.rng)
    return (f"{s[:6]} {s[6:]}" if ctx.rng.random() < 0.25 else s), "FNR"


def s_dnr(ctx: Ctx) -> tuple[str, str]:
    s = make_birth_id(ctx.rng, dnumber=True)
    return (f"{s[:6]} {s[6:]}" if ctx.rng.random() < 0.2 else s), "DNR"


def fmt_orgnr(s: str, rng: random.Random) -> str:
    return rng.choice([s, f"{s[:3]} {s[3:6]} {s[6:]}"])


def s_orgnr(ctx: Ctx) -> tuple[str, str]:
    return fmt_orgnr(make_orgnr(ctx.rng), ctx.rng), "ORGNR"


OUR_ORGNR = make_orgnr(random.Random(SEED + 1))


def s_our_orgnr(ctx: Ctx) -> tuple[str, str]:
    return f"{OUR_ORGNR[:3]} {OUR_ORGNR[3:6]} {OUR_ORGNR[6:]}", "ORGNR"


def s_bank(ctx: Ctx) -> tuple[str, str]:
    s = make_bank(ctx.rng)
    return ctx.rng.choice([f"{s[:4]}.{s[4:6]}.{s[6:]}", f"{s[:4]}.{s[4:6]}.{s[6:]}", f"{s[:4]} {s[4:6]} {s[6:]}", s]), (
        "BANK_ACCOUNT"
    )


def group4(s: str) -> str:
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4))


def s_iban_no(ctx: Ctx) -> tuple[str, str]:
    iban = make_iban("NO", make_bank(ctx.rng))
    return (group4(iban) if ctx.rng.random() < 0.7 else iban), "IBAN"


def s_iban_x(ctx: Ctx) -> tuple[str, str]:
    country = ctx.iban_country()
    bban = "".join(
        ctx.rng.choice(BANK_LETTERS[country]) if c == "A" and i == 0 else str(ctx.rng.randrange(10))
        for i, c in enumerate(BBAN[country])
        if not (c == "A" and i > 0)
    )
    iban = make_iban(country, bban)
    return (group4(iban) if ctx.rng.random() < 0.7 else iban), "IBAN"


def fmt_card(s: str, rng: random.Random) -> str:
    if len(s) == 15:
        return rng.choice([f"{s[:4]} {s[4:10]} {s[10:]}", s])
    return rng.choice([group4(s), group4(s), group4(s).replace(" ", "-"), s])


def s_card(ctx: Ctx) -> tuple[str, str]:
    return fmt_card(make_card(ctx.rng, ctx.rng.choice(["visa", "visa", "mc"])), ctx.rng), "CARD"


def s_amex(ctx: Ctx) -> tuple[str, str]:
    return fmt_card(make_card(ctx.rng, "amex"), ctx.rng), "CARD"


def s_addr(ctx: Ctx, full: bool) -> tuple[str, str]:
    rng = ctx.rng
    num = str(rng.choice([rng.randint(1, 30), rng.randint(1, 140)]))
    r = rng.random()
    if r < 0.2:
        num += rng.choice("ABCD")
    elif r < 0.27:
        num += " " + rng.choice("AB")
    street = f"{rng.choice(STREETS)} {num}"
    return (f"{street}, {rng.choice(POST_CITIES)}" if full else street), "ADDRESS"


def s_bad11(ctx: Ctx) -> tuple[str, None]:
    """Eleven digits that are not a valid FNR, D-number or bank account (often with a valid date prefix)."""
    rng = ctx.rng
    while True:
        if rng.random() < 0.6:
            d = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 55))
            s = f"{d.day:02d}{d.month:02d}{d.year % 100:02d}" + rand_digits(rng, 5)
        else:
            s = str(rng.randint(1, 9)) + rand_digits(rng, 10)
        if not (check_birth_id(s, False) or check_birth_id(s, True) or check_bank(s)):
            return s, None


def s_bad9(ctx: Ctx) -> tuple[str, None]:
    while True:
        s = ctx.rng.choice("89") + rand_digits(ctx.rng, 8)
        if not check_orgnr(s):
            return s, None


def s_kid(ctx: Ctx) -> tuple[str, None]:
    n = ctx.rng.choice([7, 10, 12, 13, 14])
    payload = str(ctx.rng.randint(1, 9)) + rand_digits(ctx.rng, n - 2)
    return payload + str(luhn_digit(payload)), None


def s_ordre(ctx: Ctx) -> tuple[str, None]:
    rng = ctx.rng
    return rng.choice(
        [f"{rng.choice(['2023', '2024', '2025'])}{rng.randint(1, 9999):04d}", f"45000{rand_digits(rng, 5)}"]
    ), None


def s_fakt(ctx: Ctx) -> tuple[str, None]:
    rng = ctx.rng
    return rng.choice(
        [str(rng.randint(100_000, 199_999)), f"INV-2025-{rng.randint(1, 2000):04d}", f"F-24-{rng.randint(100, 9999)}"]
    ), None


def s_sak(ctx: Ctx) -> tuple[str, None]:
    rng = ctx.rng
    return rng.choice(
        [
            f"INC00{rand_digits(rng, 5)}",
            f"SAK-2025-{rng.randint(1, 999):04d}",
            f"#{rng.randint(40000, 49999)}",
            f"REQ-{rng.randint(1000, 9999)}",
        ]
    ), None


def s_track(ctx: Ctx) -> tuple[str, None]:
    rng = ctx.rng
    return rng.choice(
        [
            f"70707{rand_digits(rng, 12)}",
            f"JJD00{rand_digits(rng, 15)}",
            f"1Z 9{rand_digits(rng, 2)} AA1 {rand_digits(rng, 2)} {rand_digits(rng, 4)} {rand_digits(rng, 4)}",
        ]
    ), None


def s_lot(ctx: Ctx) -> tuple[str, None]:
    rng = ctx.rng
    return rng.choice([f"L{rng.randint(2401, 2412)}-{rng.randint(100, 999)}", f"B24-{rng.randint(1000, 9999)}"]), None


def s_period(ctx: Ctx) -> tuple[str, None]:
    start = rand_date(ctx)
    end = start + dt.timedelta(days=ctx.rng.randint(6, 40))
    word = "til" if ctx.lang == "no" else "to"
    return f"{start:%d.%m.%Y} {word} {end:%d.%m.%Y}", None


def s_dob(ctx: Ctx) -> tuple[str, None]:
    d = dt.date(1960, 1, 1) + dt.timedelta(days=ctx.rng.randrange(365 * 44))
    return f"{d:%d.%m.%Y}", None


def const(values: list[str]) -> Slot:
    return lambda ctx: (ctx.rng.choice(values), None)


def s_clinic(ctx: Ctx) -> tuple[str, None]:
    return ctx.rng.choice(CLINICS_NO if ctx.lang == "no" else CLINICS_EN), None


SLOTS: dict[str, Slot] = {
    "phone": lambda c: s_phone_no(c),
    "mobile": lambda c: s_phone_no(c, mobile_only=True),
    "phone_x": s_phone_x,
    "ip4": s_ip4,
    "ip6": s_ip6,
    "fnr": s_fnr,
    "dnr": s_dnr,
    "orgnr": s_orgnr,
    "our_orgnr": s_our_orgnr,
    "bank": s_bank,
    "iban_no": s_iban_no,
    "iban_x": s_iban_x,
    "card": s_card,
    "amex": s_amex,
    "addr": lambda c: s_addr(c, full=False),
    "addrfull": lambda c: s_addr(c, full=True),
    "bad11": s_bad11,
    "bad9": s_bad9,
    "kid": s_kid,
    "ordre": s_ordre,
    "fakt": s_fakt,
    "sak": s_sak,
    "track": s_track,
    "lot": s_lot,
    "period": s_period,
    "dob": s_dob,
    "price": s_price,
    "price_s": s_price_s,
    "price_eur": s_price_eur,
    "date": lambda c: (fmt_date(rand_date(c), c), None),
    "company": const(COMPANIES),
    "company_en": const(COMPANIES_EN),
    "supplier_x": lambda c: (c.rng.choice(SUPPLIERS[c.iban_country()]), None),
    "bic": lambda c: (BICS[c.iban_country()], None),
    "place": const(PLACES),
    "place_en": const(PLACES_EN),
    "prod": const(PRODUCTS),
    "part": const(PARTS),
    "bearing": const(BEARINGS),
    "thread": const(THREADS),
    "drill": const(DRILLS),
    "ver": const(VERSIONS),
    "clinic": s_clinic,
    "agency": const(AGENCIES),
    "postnr": lambda c: (c.rng.choice(POST_CITIES)[:4], None),
    "wd_no": const(WEEKDAYS_NO),
    "wd_en": const(WEEKDAYS_EN),
    "mon_no": const(MONTHS_NO),
    "mon_en": const(MONTHS_EN),
    "week": lambda c: (str(c.rng.randint(2, 51)), None),
    "qty": lambda c: (str(c.rng.choice([4, 6, 8, 10, 12, 20, 24, 40, 50, 100, 150, 250])), None),
    "kg": lambda c: (str(c.rng.randint(12, 1800)), None),
    "n": lambda c: (str(c.rng.randint(2, 9)), None),
    "ansnr": lambda c: (str(c.rng.randint(1001, 1480)), None),
    "kundenr": lambda c: (str(c.rng.randint(10000, 59999)), None),
}


def person_slot(name: str, p: Person, ctx: Ctx) -> tuple[str, str]:
    if name == "full":
        return p.full, "PERSON"
    if name == "first":
        return p.first, "PERSON"
    if name == "last":
        return p.last, "PERSON"
    if name == "lfull":
        return p.full.lower(), "PERSON"
    if name == "lfirst":
        return p.first.lower(), "PERSON"
    if name == "wmail":
        return f"{p.local}@{WORK_DOMAIN}", "EMAIL"
    if name == "email":
        if not p.domain:
            p.domain = ctx.rng.choice(DOMAINS)
        return f"{p.local}@{p.domain}", "EMAIL"
    if name == "pmail":
        suffix = str(ctx.rng.randint(70, 99)) if ctx.rng.random() < 0.3 else ""
        return f"{p.local}{suffix}@{ctx.rng.choice(PRIVATE_DOMAINS)}", "EMAIL"
    raise KeyError(name)


PERSON_SLOTS = {"full", "first", "last", "lfull", "lfirst", "wmail", "email", "pmail"}


def fill(name: str, key: str | None, ctx: Ctx) -> tuple[str, str | None]:
    if name in PERSON_SLOTS:
        if key is None:
            raise ValueError(f"person slot {name} needs a key")
        cache_key = (name, key) if name == "pmail" else None
        if cache_key and cache_key in ctx.cache:
            return ctx.cache[cache_key]
        out = person_slot(name, ctx.person(key), ctx)
        if cache_key:
            ctx.cache[cache_key] = out
        return out
    if key is not None:
        if (name, key) not in ctx.cache:
            ctx.cache[(name, key)] = SLOTS[name](ctx)
        return ctx.cache[(name, key)]
    return SLOTS[name](ctx)


# --------------------------------------------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------------------------------------------

TEMPLATES = r"""
@@ t01 no
Fra: {full:a} <{email:a}>
Til: [[EMAIL|ordre@kvalheim-maskin.no]]
Emne: Ordre {ordre} – endret leveringsdato

Hei,
vi må dessverre flytte leveringen av {qty} stk {prod} til {date}. Gi beskjed om det passer for dere. \
Ring meg gjerne på {phone} hvis noe er uklart.

Med vennlig hilsen
{full:a}
{company}
@@ t02 no
Notat – personalsak (unntatt offentlighet)
Ansatt: {full:a}, fødselsnr. {fnr}
{first:a} er [[HEALTH|<<sykmeldt~100 % sykmeldt~delvis sykmeldt>>]] fra {date}. Nærmeste leder {full:b} \
følger opp med dialogmøte innen fire uker. Ingen diagnose skal registreres i personalmappen.
@@ t03 no
Søknad – CNC-operatør (ref. {sak})
Søker: {full:a}
Adresse: {addrfull}
Mobil: {mobile}
E-post: {pmail:a}
HR-merknad: søkeren har oppgitt fødselsnummer {fnr} i CV-en. Det fjernes før søknaden deles med \
intervjupanelet.
@@ t04 no
[09:14] {lfirst:a}: hei, får ikke logget på vpn igjen
[09:15] IT-support: Hei {first:a}! Hvilken IP-adresse står det at du har?
[09:17] {lfirst:a}: {ip4}
[09:18] IT-support: Takk, sjekker brannmuren nå. Sak {sak} er opprettet.
@@ t05 no
Innkjøpsordre {ordre}
Leverandør: {company}
Pos. 1: {qty} stk {prod}, à {price_s}
Pos. 2: {qty} stk {bearing}
Levering uke {week} til lager {place}. Betalingsbetingelser 30 dager netto. Oppgi ordrenummer på følgeseddel.
@@ t06 no
Tilbud nr. {fakt}
Fra Kvalheim Maskin AS, org.nr. {our_orgnr}
Gjelder dreiing av {qty} stk aksler i 42CrMo4 etter tegning {part}. Pris {price} eks. mva., \
leveringstid ca. {n} uker etter ordrebekreftelse. Tilbudet gjelder i 30 dager.
Kontaktperson: {full:a}, tlf. {phone}
@@ t07 no
FAKTURA {fakt}
{company}, org.nr. {orgnr} MVA
Fakturadato: {date}
Å betale: {price}
Betales til kontonummer {bank}. Bruk KID {kid} ved betaling.
@@ t08 no
Referat fra produksjonsmøte {date}
Til stede: {full:a}, {full:b}, {full:c}
Forfall: {full:d}
Sak 1: Maskin 4 står fortsatt. {first:b} bestiller ny spindel fra {company}.
Sak 2: Ordre {ordre} er forsinket, {first:c} informerer kunden.
@@ t09 no
{lfirst:a}: noen som vet om {lfull:b} har fått tegningene fra {company}?
{lfirst:c}: ja, de ble sendt i går kveld. ligger i teams under prosjekt {ordre}
{lfirst:a}: supert, takk
@@ t10 no
CRM-notat {date}: Ringte {full:a} hos {company} angående ny rammeavtale. Ønsker pris på {qty} stk {prod}. \
Direktenummer {phone}, e-post {email:a}. Følg opp på {wd_no}.
@@ t11 no
[[HEALTH|Sykmelding]], del A
Pasient: {full:a}, fødselsnr. {fnr}
Arbeidsgiver: Kvalheim Maskin AS
Diagnose: [[HEALTH|<<L03 Korsryggsmerter~P74 Angstlidelse~L86 Ryggsyndrom med utstråling~\
P76 Depressiv lidelse~R80 Influensa>>]]
[[HEALTH|Sykmeldt]] 100 % fra {period}.
Dr. {full:b}, {clinic}
@@ t12 no
Til lønn
{full:a} har [[TRADE_UNION|<<meldt seg inn i Fellesforbundet~blitt medlem av Fagforbundet~\
meldt seg inn i Parat~blitt medlem av NITO>>]] og ber om at [[TRADE_UNION|fagforeningskontingenten]] \
trekkes over lønn fra {mon_no}. Ansattnr. {ansnr}.
Hilsen {first:b}, HR
@@ t13 no
AVTALE OM LEIEPRODUKSJON
Partene er {company:x} (org.nr. {orgnr:x}), {addrfull}, og Kvalheim Maskin AS (org.nr. {our_orgnr}). \
Avtalen gjelder fra {date} og løper i 24 måneder med tre måneders gjensidig oppsigelse.
For {company:x}: {full:a}, daglig leder
@@ t14 no
Produksjonsplan uke {week}
Mandag: oppstart ordre {ordre}, {qty} stk {prod}
Tirsdag: service på Haas VF-2 (leverandør {company})
Onsdag og torsdag: serieproduksjon flenser i S355J2
Fredag: pakking og utsending til {place}
Mai og juni blir travle, så legg inn ferieønsker tidlig.
@@ t15 no
HMS-runde {date}
Funn: manglende verneskjerm på dreiebenk 3, og nødstoppen på båndsagen er ikke testet siden {mon_no}. \
Husk at liv og helse alltid går foran produksjonsmål. Innleid vedlikehold faktureres med {price_s} per time. \
Neste runde blir {wd_no} i uke {week}.
@@ t16 no
Hei!
Jeg har flyttet, og ny adresse er {addrfull}. Nytt mobilnummer er {mobile}. \
Kan dere oppdatere dette i lønnssystemet før neste lønnskjøring?
Hilsen {first:a} på lageret
@@ t17 no
Endring av lønnskonto
Ansattnr. {ansnr}: {full:a}
Nytt kontonummer: {bank}
Gjelder fra lønnskjøringen {date}. Endringen er bekreftet per telefon av den ansatte.
@@ t18 no
Ny innleid sveiser fra {agency} starter på {wd_no}: {full:a}, D-nummer {dnr}. \
Bor midlertidig i {addrfull}. Trenger adgangskort, vernesko str. 44 og sveisehjelm.
@@ t19 no
Politiattest for {full:a} er mottatt {date}. Attesten viser at vedkommende er \
[[CRIMINAL_RECORD|<<tidligere dømt for tyveri~tidligere dømt for grovt underslag~\
tidligere dømt for promillekjøring>>]]. Leder og HR vurderer saken før eventuell ansettelse. \
Attesten makuleres etter bruk.
@@ t20 no
Referansesjekk – kandidat {full:a}
Referanse: {full:b}, tidligere leder hos {company}, tlf. {phone}
{first:b} beskriver {first:a} som punktlig og faglig sterk, særlig på programmering av femakse maskiner.
@@ t21 no
Følgeseddel {ordre}
Mottaker: {company}, avd. {place}
Postnummer {postnr}
{qty} kolli, totalvekt {kg} kg
Innhold: {prod} og {part}
Sendes med bil på {wd_no}. Kunden henter selv hvis bilen er full.
@@ t22 no
{first:a}, kan du ta over kunden fra {full:b} mens {first:b} har ferie? Det gjelder rammeavtalen \
med {company}. Notatene ligger i CRM.
@@ t23 no
Hei,
jeg bestilte en reservedel i nettbutikken deres {date} og betalte med kortet {card}, men har ikke \
mottatt noe. Ordrenummer {ordre}. Kan dere sjekke hva som har skjedd?
{full:a}
@@ t24 no
Reiseregning – {full:a}
Messe i {place} {date}
Hotell betalt med firmakort {card}: {price}
Taxi og parkering: {price}
Resten ønskes refundert til konto {bank}.
@@ t25 no
<<{full:a} har spurt om å avspasere på {wd_no} i forbindelse med [[RELIGION|id-feiringen]]. {first:a} er \
[[RELIGION|muslim]] og ønsker også å bruke stillerommet til [[RELIGION|bønn]] i lunsjen.~\
{full:a} er [[RELIGION|Jehovas vitne]] og ønsker å slippe å delta på bursdagsfeiringene i avdelingen.~\
{full:a} er [[RELIGION|praktiserende katolikk]] og ber om å slippe søndagsvakter.~\
{full:a} er [[RELIGION|sikh]] og bruker turban, så vi må finne en vernehjelm som fungerer.>> \
Jeg ser ingen problemer med dette.
Hilsen {full:b}, skiftleder
@@ t26 no
Utenlandsbetaling til {supplier_x}
Beløp: {price_eur}
IBAN: {iban_x}
BIC: {bic}
Melding: faktura {fakt}. Attestert av {full:a}, innkjøpssjef.
@@ t27 no
Velkommen til {full:a}, som begynner som lærling på sveiseavdelingen {date}! {first:a} kommer fra {place} \
og kan nås på {mobile} eller {wmail:a}. Ta godt imot!
@@ t28 no
Verktøyliste jobb {ordre}
- Skjær CNMG 120408-PM 4325
- Bor {drill}
- Gjengetapp {thread}
- Lager {bearing}
Programversjon {ver}. Kontrollmål iht. tegning {part}, toleranse ±0,02 mm.
@@ t29 no
Hjelp! Vi mangler fortsatt folk til julebordskomiteen. Julebordet blir {date}, egenandel {price_s} per person. \
Hytteturen til {place} er flyttet til {mon_no} etter at noen så en bjørn ved hytta i fjor.
@@ t30 no
Personalsak (fortrolig): {full:a} har varslet om gjentatte kommentarer fra kolleger om at {first:a} er \
[[SEXUAL_ORIENTATION|<<homofil~lesbisk~bifil>>]]. Varselet behandles etter rutinen for trakassering. \
Samtaler med de involverte gjennomføres på {wd_no}.
@@ t31 no
Ny leverandør registrert i Visma: {company}, org.nr. {orgnr}. Betalingsbetingelser 30 dager. \
Kategori: stålprofiler og plater. Godkjent av innkjøp {date}.
@@ t32 no
GDPR-gjennomgang av søknad {sak}: {full:a} opplyser i søknaden å ha \
[[ETHNICITY|<<samisk bakgrunn~kvensk bakgrunn~romani bakgrunn>>]]. Opplysningen er ikke relevant for \
stillingen og skal fjernes før søknaden sendes til intervjupanelet.
@@ t33 no
Leveringsadresse, privatkunde: {full:a}, {addrfull}. Kunden ønsker at sjåføren ringer {phone} \
en halvtime før levering. Ordre {ordre}.
@@ t34 no
Varsel fra brannmuren {date} kl. 03:12: gjentatte mislykkede innlogginger på kontoen {wmail:a} fra {ip4} \
og {ip6}. Kontoen er midlertidig låst. Sak {sak}.
@@ t35 no
noen som vet hvor {thread}-gjengetappene ligger? fant bare M10x1.25 i skapet. og hvem har lånt trallen fra \
lager <<B~C~2>>? trenger den før kl <<12~14~15>> i dag
@@ t36 no
Reklamasjon {sak}
Serienummer {bad11} på hydraulikkpumpe, lot {lot}, kundenr. {kundenr}. Prosjektnr. {bad9}. \
Feilen gjelder pakning og lager {bearing}. Retur sendes {company}, {place}.
@@ t37 no
Oppfølgingsplan for {full:a}: på grunn av [[HEALTH|<<prolaps i ryggen~en kneskade~kronisk migrene~\
diabetes type 1>>]] trenger {first:a} tilrettelegging med ingen løft over 10 kg og mulighet for ekstra \
pauser. Avtalt med bedriftshelsetjenesten {date}.
@@ t38 no
Påminnelse: faktura {fakt} med forfall {date} er ikke betalt. Utestående beløp er {price}. \
Vennligst betal innen 14 dager for å unngå purregebyr. Har dere spørsmål, svar på denne e-posten.
@@ t39 no
Per i dag har vi {qty} ordre i kø. Dag 1 av sveisekurset starter {date} i Bergen. Vår leverandør i \
Mo i Rana leverer flattstål til {price_s} per meter. Storm er meldt på {wd_no}, så sikre containerne på \
uteområdet.
@@ t40 en
From: {full:a} <{email:a}>
To: [[EMAIL|sales@kvalheim-maskin.no]]
Subject: RFQ stainless flanges

Hi,
could you quote {qty} pcs of DN50 flanges in 316L according to drawing {part}? Delivery to our yard \
in {place_en}.

Best regards
{full:a}
Procurement, {company_en}
Tel. {phone_x}
@@ t41 en
Dear Sir or Madam,
please find attached our quotation {fakt} for {qty} bearings {bearing} at {price_eur} per unit. \
Payment terms 30 days net to IBAN {iban_x}.
Kind regards,
{full:a}
{supplier_x}
@@ t42 en
HR note: {full:a} [[HEALTH|called in sick]] this morning and expects to be [[HEALTH|on sick leave]] \
until {wd_en}. A doctor's note will follow. {first:a}'s shifts on line 2 are covered by {full:b}.
@@ t43 en
Dear hiring manager,
my name is {full:a} and I am applying for the position as maintenance technician. I have six years of \
experience from the offshore industry in {place_en}.
You can reach me at {pmail:a} or {phone_x}.
Address: {addrfull}
Kind regards,
{full:a}
@@ t44 en
Ticket {sak}: laptop cannot connect to printer
User: {full:a} ({wmail:a})
Device: Lenovo ThinkPad T14 Gen 3, Windows 11 23H2
IP: {ip4}
Notes: printer driver {ver} reinstalled, issue persists. Escalated to 2nd line.
@@ t45 en
Purchase order {ordre}
Supplier: {company_en}
Item 10: {qty} x {prod}, unit price {price_eur}
Item 20: {qty} x {bearing}
Requested delivery week {week}, Incoterms DAP Kristiansund. Please confirm within two working days.
@@ t46 en
INVOICE {fakt:x}
Kvalheim Maskin AS, VAT no. NO {our_orgnr} MVA
Due date: {date}
Amount due: {price}
Bank account {bank}, IBAN {iban_no} (BIC DNBANOKK)
Please quote invoice number {fakt:x} with your payment.
@@ t47 en
Minutes – project kick-off, {wd_en} {date}
Attendees: {full:a} (project lead), {full:b}, {full:c}, {full:d} ({company_en})
Actions:
1. {first:b} sends revised drawings by Friday.
2. {first:d} confirms the steel grade with the mill.
Next meeting: {date}
@@ t48 en
{lfirst:a}: has anyone seen {lfirst:b} today? the cmm report for order {ordre} is due
{lfirst:c}: {lfirst:b} is at the customer in {place} until 3 i think
{lfirst:a}: ok thx
@@ t49 en
Account note {date}: spoke with {full:a} (purchasing manager, {company_en}), who is interested in a framework \
agreement for machined parts. Mobile {phone_x}, email {email:a}. Action: send samples of {prod}.
@@ t50 en
[[HEALTH|Medical certificate]]
I confirm that {full:a}, born {dob}, is [[HEALTH|unfit for work]] from {period} due to \
[[HEALTH|<<acute bronchitis~a fractured wrist~work-related stress~a lumbar disc herniation>>]].
Dr. {full:b}
{clinic}
@@ t51 en
Hi {first:a},
thanks for letting me know that you are now [[TRADE_UNION|<<a member of Fellesforbundet~a member of NITO~\
a member of Parat~the shop steward for Fellesforbundet>>]]. I have asked payroll to deduct the \
[[TRADE_UNION|union dues]] from your salary from next month.
Regards,
{full:b}
HR
@@ t52 en
Framework agreement between {company_en} and Kvalheim Maskin AS (organisation no. {our_orgnr}). \
Term: {date} to {date}. Prices are fixed for 12 months and then adjusted according to the steel index.
@@ t53 en
Status update: firmware {ver} is now installed on all five Haas controllers. Monday we start the trial run \
on the new pallet changer. The spindle for machine 4 arrives {date} (order {ordre}). Downtime so far this \
month: 14.5 hours.
@@ t54 en
May deliveries are behind schedule. Will the revised bill of materials be ready before Friday? Please mark \
all parts with batch code {lot} and grant the supplier access to the drawing portal. Frank feedback from \
the customer: the tolerances on {part} were too loose.
@@ t55 en
Dear Kvalheim Maskin,
I was charged twice for invoice {fakt}. The payment was made with my American Express card {amex} on \
{date}. Please refund one of the charges.
Sincerely,
{full:a}
@@ t56 en
Expense claim – {full:a}
EMO Hannover, {date}
Hotel paid with company card {card}: {price_eur}
Please reimburse the remaining amount to my account {bank}.
@@ t57 en
Background check summary for {full:a}: the police certificate shows a \
[[CRIMINAL_RECORD|<<previous conviction for theft~conviction for drink-driving~prior conviction for fraud>>]]. \
The role includes access to the tool store, so HR will discuss the matter with {full:b} before making an offer.
@@ t58 en
<<{first:a} asked to swap the Friday late shift, as {first:a} is a [[RELIGION|practising Muslim]] and \
attends [[RELIGION|Friday prayers]].~{full:a} is a [[RELIGION|Seventh-day Adventist]] and asked not to be scheduled \
on Saturdays.~{full:a} is [[RELIGION|Sikh]] and wears a turban, so we need a different safety helmet.>> \
Please find a solution with the shift planner, {first:b}.
@@ t59 en
New contractor from {agency}: {full:a}, Norwegian D number {dnr}. Start date {date}. \
Please order an access card and safety shoes size 43.
@@ t60 en
Hi payroll, please register {full:a} (national identity number {fnr}) as a new employee from {date}. \
The tax deduction card has been requested. Thanks, {first:b}
@@ t61 en
Incident report {sak}: between 02:10 and 02:45 the file server received about 3 400 requests from {ip4}. \
A second source, {ip6}, was blocked by the firewall. No data appears to have been exfiltrated.
@@ t62 en
Shipping notice: {qty} pallets left our warehouse in Mo i Rana on {date}. Tracking number {track}. \
Expected arrival in Bergen on {wd_en}. Customs code 8483.10, net weight {kg} kg.
@@ t63 en
Return-to-work plan: {full:a} was [[HEALTH|<<diagnosed with depression~diagnosed with type 2 diabetes~\
treated for burnout~operated on the left knee>>]] earlier this year and will return at 50 % from {date}. \
No night shifts for the first six weeks.
@@ t64 en
Maintenance log – Mazak Integrex i-200
{date}: coolant filter replaced, part no. {part}
{date}: spindle vibration check OK, 2.1 mm/s
{date}: control software updated to {ver}
Next service due after 2 000 operating hours.
@@ t65 en
Confidential grievance: {full:a} reports that a team leader made jokes about {first:a} being \
[[SEXUAL_ORIENTATION|<<gay~lesbian~bisexual>>]] during the shift meeting on {date}. HR will interview \
witnesses this week.
@@ t66 en
Complaint from {full:a}, who believes {first:a} was passed over for promotion because of \
<<[[ETHNICITY|being of Roma descent]]~their [[ETHNICITY|Sámi background]]~their [[ETHNICITY|Kurdish ethnicity]]>>. \
HR will review the case within two weeks.
@@ t67 en
Vendor onboarding: {company}, organisation number {orgnr}, registered in the Brønnøysund Register Centre. \
Category: heat treatment. Approved by purchasing on {date}.
@@ t68 en
{first:a}, the customer wants a call back today. Their site manager is {full:b}, mobile {mobile}. \
Please mention quote {fakt}.
@@ t69 en
New in our catalogue: hydraulic cylinders, series HC-40, bore sizes 40–125 mm. Introductory price from \
NOK 4 950 excl. VAT. Available from {mon_en}. Datasheet rev. {ver} on request.
@@ t70 en
Please send the signed contract to our office at {addrfull}, attn. {full:a}. Alternatively, scan it and \
e-mail it to {wmail:a}.
@@ t71 en
References
1. {full:a}, Production Manager, {company} – {phone}
2. {full:b}, Head of Maintenance, {company_en} – {phone_x}
@@ t72 en
{company:x} and {company:y} have both confirmed their orders for week {week}. Trucks leave Bergen at 06:00 \
and reach Mo i Rana the next day. Freight is {price_s} per pallet.
@@ t73 en
Quality notification {sak}: batch {lot}, serial no. {bad11}, project {bad9}. Nonconformity: surface \
roughness Ra 3.2 instead of Ra 1.6 on {part}. Disposition: rework.
@@ t74 en
Hi {first:a},
thanks for the call. As discussed I will send the updated quote for {prod} by {wd_en}.
Cheers,
{first:b}

{full:b} | Sales Engineer | Kvalheim Maskin AS
M: {mobile} | {wmail:b}
@@ t75 en
June shutdown: the hydraulic jack in bay <<2~3~4>> must be recertified before we restart. April figures show scrap \
at <<2.3~1.8~3.1~2.7>> %, and per the customer's spec all Ra values are measured per ISO 4287. Sunday work is paid at \
100 % overtime.
@@ t76 no
Hei {first:a},
takk for et hyggelig møte i går. Vedlagt er oppdatert tilbud på {prod}; prisen er {price_s} per stk ved \
{qty} stk.
Mvh
{full:b}
Salgsingeniør, Kvalheim Maskin AS
Mob. {mobile}
@@ t77 no
Referat fra drøftingsmøte {date}
Fra bedriften: {full:a} (daglig leder), {full:b} (HR)
Fra de ansatte: {full:c}, [[TRADE_UNION|<<klubbleder i Fellesforbundet~tillitsvalgt for Fellesforbundet~\
hovedtillitsvalgt for Parat>>]]
Tema: innføring av toskift i sveisehallen fra {mon_no}. Partene er enige om ny drøfting etter tre måneder.
@@ t78 en
{lfull:a}: can someone swap shifts with me on {wd_en}? have to pick up my parents at the airport
{lfirst:b}: i can take it if you take my saturday
{lfirst:a}: deal, thanks {lfirst:b}!
@@ t79 en
GDPR screening of application {sak}: the CV from {full:a} includes a home address ({addrfull}) and a note \
that {first:a} is [[TRADE_UNION|<<a member of Unite the Union~an active member of Fellesforbundet>>]]. \
The union information must be deleted before the CV is shared with the hiring panel.
@@ t80 en
From: {full:a}
To: {full:b}
Cc: [[EMAIL|service@kvalheim-maskin.no]]
Subject: Breakdown on lathe 2

{first:b}, our lathe stopped again this morning with alarm 1020. Can your technician come on {wd_en}? \
Call me on {phone} when you know.
{first:a}
@@ t81 en
Visitor log {date}
09:05 {full:a}, {company_en}, host: {full:b}
10:30 {full:c}, {company}, host: {full:b}
Visitors must wear a badge and safety glasses at all times.
@@ t82 no
Kontakt oss: sentralbord {phone}, e-post [[EMAIL|post@kvalheim-maskin.no]]. Besøksadresse {addrfull}. \
Varemottak åpent <<7–15~7–14:30>> på hverdager, stengt i fellesferien.
@@ t83 en
Guest Wi-Fi is being moved to a separate VLAN on {wd_en}. New gateway {ip4}; the old printer at {ip4} \
will no longer be reachable from the guest network. Contact the IT helpdesk if anything breaks.
@@ t84 no
Kvittering {fakt}
Kvalheim Maskin AS – nettbutikk
3 stk {bearing}: {price_s}
Betalt med kort {card}
Terminal 0412, autorisasjonskode {kundenr}. Takk for handelen!
@@ t85 en
Please update our bank details in your supplier register: new account number {bank}, IBAN {iban_no}. \
Our organisation number {orgnr} is unchanged. The old account will be closed at the end of {mon_en}.
@@ t86 no
Til regnskap: {company:x} (org.nr. {orgnr:x}) er fusjonert inn i {company:y} (org.nr. {orgnr:y}) \
fra {date}. Åpne ordrer overføres, og nye fakturaer skal adresseres til det overtakende selskapet.
@@ t87 en
Per diem for the trip to {place_en} is EUR 49 per day. Please bill travel costs to project {ordre}, \
not to overhead. The plant closes for Easter from Thursday to Monday, so plan shipments accordingly.
@@ t88 no
Torsdag <<9. mai 2024~29. mai 2025~09.05.2024~29.05.2025>> er Kristi himmelfartsdag, og fabrikken er \
stengt. Skiftplanen for uke {week} er \
oppdatert. Husk at overtid på helligdager utbetales med 100 % tillegg.
@@ t89 no
Sykefraværet i produksjonen var <<3,8~4,2~5,1~6,0>> % i {mon_no}, mot <<4,5~5,3>> % samme måned i fjor. \
Målet for året er under 4 %. AMU behandler tallene i møtet på {wd_no}.
@@ t90 en
Under this year's settlement between Norsk Industri and Fellesforbundet, the general increase is \
NOK <<4.50~5.50~6.00>> per hour from 1 April. \
Payroll will apply it in the <<April~May>> salary run<<~, with back pay where needed>>.
"""  # noqa: RUF001


@dataclass
class Template:
    tid: str
    lang: str
    body: str


def parse_templates(block: str) -> list[Template]:
    block = block.replace("\\\n", "")
    out: list[Template] = []
    for chunk in block.split("@@ ")[1:]:
        header, _, body = chunk.partition("\n")
        tid, lang = header.split()
        out.append(Template(tid, lang, body.strip("\n")))
    ids = [t.tid for t in out]
    assert len(ids) == len(set(ids)), "duplicate template id"
    return out


CHOICE = re.compile(r"<<([^<>]*)>>")
TOKEN = re.compile(r"\{(\w+)(?::(\w+))?\}|\[\[([A-Z_]+)\|([^\]]*)\]\]")


def render(body: str, ctx: Ctx) -> tuple[str, list[tuple[str, int, int, str]]]:
    body = CHOICE.sub(lambda m: ctx.rng.choice(m.group(1).split("~")), body)
    parts: list[str] = []
    ents: list[tuple[str, int, int, str]] = []
    pos = length = 0
    for m in TOKEN.finditer(body):
        plain = body[pos : m.start()]
        parts.append(plain)
        length += len(plain)
        if m.group(1):
            value, typ = fill(m.group(1), m.group(2), ctx)
        else:
            typ, value = m.group(3), m.group(4)
        if typ:
            ents.append((typ, length, length + len(value), value))
        parts.append(value)
        length += len(value)
        pos = m.end()
    parts.append(body[pos:])
    text = "".join(parts)
    for typ, s, e, value in ents:
        assert text[s:e] == value, (typ, s, e, value, text)
    return text, ents


# --------------------------------------------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------------------------------------------

SPECIAL = {"HEALTH", "TRADE_UNION", "RELIGION", "ETHNICITY", "SEXUAL_ORIENTATION", "CRIMINAL_RECORD"}
CHECKED = {"FNR", "DNR", "ORGNR", "BANK_ACCOUNT", "IBAN", "CARD"}
CONTACT = {"EMAIL", "PHONE", "IP", "ADDRESS"}
EMAIL_RE = re.compile(r"[a-z0-9][a-z0-9.\-]*@[a-z0-9\-]+(\.[a-z0-9\-]+)*\.[a-z]{2,}")


def verify_entity(typ: str, value: str) -> None:
    compact = re.sub(r"[ .\-]", "", value)
    ok = {
        "FNR": lambda: check_birth_id(compact, dnumber=False),
        "DNR": lambda: check_birth_id(compact, dnumber=True),
        "ORGNR": lambda: check_orgnr(compact),
        "BANK_ACCOUNT": lambda: check_bank(compact),
        "IBAN": lambda: check_iban(compact) and (not compact.startswith("NO") or check_bank(compact[4:])),
        "CARD": lambda: check_card(compact),
        "EMAIL": lambda: bool(EMAIL_RE.fullmatch(value)),
        "PHONE": lambda: bool(re.fullmatch(r"(\+47)?[2-9]\d{7}", compact) or re.fullmatch(r"\+\d{8,14}", compact)),
        "IP": lambda: bool(ipaddress.ip_address(value)),
        "ADDRESS": lambda: bool(re.search(r"\d", value)),
    }.get(typ, lambda: True)()
    assert ok, (typ, value)
    assert value == value.strip() and value, (typ, value)
    if typ == "PERSON":
        assert not any(ch.isdigit() for ch in value), value


def verify_negatives(text: str, ents: list[tuple[str, int, int, str]]) -> None:
    """Text outside gold spans must not hold anything a validator accepts."""
    masked = list(text)
    for _, s, e, _ in ents:
        masked[s:e] = "#" * (e - s)
    rest = "".join(masked)
    assert "@" not in rest, rest
    assert not re.search(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b", rest), rest
    for m in re.finditer(r"\d+", rest):
        run = m.group()
        if len(run) == 11:
            assert not (check_birth_id(run, False) or check_birth_id(run, True) or check_bank(run)), run
        if len(run) == 9:
            assert not check_orgnr(run), run
        if len(run) in (15, 16):
            assert not check_card(run), run
    for m in re.finditer(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}", rest):
        assert not check_iban(m.group().replace(" ", "")), m.group()
    assert not re.search(r"[{}]|\[\[|<<|>>|~", text), text


def data_class(types: set[str]) -> str:
    if types - {"ORGNR"}:
        return "confidential"
    return "internal" if types else "public"


# --------------------------------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------------------------------


PERSON_TOKEN = re.compile(r"\{(?:" + "|".join(sorted(PERSON_SLOTS)) + r"):")
ENTITY_SLOT_NAMES = {"phone", "mobile", "phone_x", "ip4", "ip6", "fnr", "dnr", "orgnr", "our_orgnr", "bank"}
ENTITY_SLOT_NAMES |= {"iban_no", "iban_x", "card", "amex", "addr", "addrfull"}


def copies(tpl: Template, base: int) -> int:
    """Texts per template: fewer for templates with names (so PERSON does not dominate), more for the rest."""
    if PERSON_TOKEN.search(tpl.body):
        return base - 1
    slots = set(re.findall(r"\{(\w+)", tpl.body))
    return base + 1 if slots & ENTITY_SLOT_NAMES or "[[" in tpl.body else base


def build(seed: int = SEED, per_template: int = PER_TEMPLATE) -> list[dict[str, object]]:
    rng = random.Random(seed)
    templates = parse_templates(TEMPLATES)
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    for tpl in templates:
        for _ in range(copies(tpl, per_template)):
            for _attempt in range(50):
                ctx = Ctx(rng=rng, lang=tpl.lang)
                text, ents = render(tpl.body, ctx)
                if text not in seen and 50 <= len(text) <= 600:
                    break
            else:
                raise RuntimeError(f"{tpl.tid}: could not make a new text of 50-600 characters")
            seen.add(text)
            for typ, _s, _e, value in ents:
                verify_entity(typ, value)
            verify_negatives(text, ents)
            rows.append(
                {
                    "id": f"fresh-{len(rows) + 1:04d}",
                    "lang": tpl.lang,
                    "template": tpl.tid,
                    "text": text,
                    "entities": [{"type": t, "start": s, "end": e} for t, s, e, _ in ents],
                    "class": data_class({t for t, *_ in ents}),
                }
            )
    return rows


def summary(rows: list[dict[str, object]]) -> str:
    n = len(rows)

    def share(pred: Callable[[set[str]], bool]) -> str:
        k = sum(1 for r in rows if pred({e["type"] for e in r["entities"]}))  # type: ignore[attr-defined]
        return f"{k} ({100 * k / n:.0f}%)"

    by_type = Counter(e["type"] for r in rows for e in r["entities"])  # type: ignore[attr-defined]
    lines = [
        f"texts: {n}, templates: {len({r['template'] for r in rows})}",
        f"by language: {dict(sorted(Counter(r['lang'] for r in rows).items()))}",
        f"by class: {dict(sorted(Counter(r['class'] for r in rows).items()))}",
        "entities by type: " + ", ".join(f"{t} {c}" for t, c in sorted(by_type.items())),
        f"texts with PERSON: {share(lambda ts: 'PERSON' in ts)}",
        f"texts with check-digit ids: {share(lambda ts: bool(ts & CHECKED))}",
        f"texts with contact data: {share(lambda ts: bool(ts & CONTACT))}",
        f"texts with special categories: {share(lambda ts: bool(ts & SPECIAL))}",
        f"texts without any entity: {share(lambda ts: not ts)}",
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    rows = build()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {args.out}")
    print(summary(rows))


if __name__ == "__main__":
    main()
