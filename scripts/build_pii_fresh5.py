#!/usr/bin/env python3
"""Build evals/pii/fresh5.jsonl - an independent, labelled PII test corpus (NO/EN).

Deterministic: fixed seed. Run:  .venv/bin/python scripts/build_pii_fresh5.py
All identifiers (FNR, DNR, ORGNR, bank account, IBAN, card) are generated with valid
check digits by the algorithms implemented below; hard negatives are verified to FAIL them.
"""

# Data-heavy generator: long literal lines, Norwegian punctuation (en dashes) and short loop names are intended.
# ruff: noqa: E501, E741, RUF001, RUF005, RUF059
from __future__ import annotations

import json
import random
import sys
import unicodedata
from collections import Counter
from pathlib import Path

SEED = 5_2611_2026
R = random.Random(SEED)
OUT = Path(__file__).resolve().parent.parent / "evals" / "pii" / "fresh5.jsonl"

TYPES = [
    "PERSON",
    "EMAIL",
    "PHONE",
    "IP",
    "ADDRESS",
    "FNR",
    "DNR",
    "ORGNR",
    "BANK_ACCOUNT",
    "IBAN",
    "CARD",
    "HEALTH",
    "TRADE_UNION",
    "RELIGION",
    "ETHNICITY",
    "SEXUAL_ORIENTATION",
    "CRIMINAL_RECORD",
]


def ch(seq):
    return R.choice(seq)


# ---------------------------------------------------------------- check-digit algorithms
FNR_W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
FNR_W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]


def mod11(digits, weights):
    """Return the mod-11 check digit or None when it would be 10."""
    s = sum(int(d) * w for d, w in zip(digits, weights, strict=False))
    k = 11 - s % 11
    if k == 11:
        k = 0
    return None if k == 10 else k


def fnr_checks_ok(num: str) -> bool:
    if len(num) != 11 or not num.isdigit():
        return False
    k1 = mod11(num[:9], FNR_W1)
    if k1 is None or k1 != int(num[9]):
        return False
    k2 = mod11(num[:10], FNR_W2)
    return k2 is not None and k2 == int(num[10])


def bank_ok(num: str) -> bool:
    d = num.replace(".", "").replace(" ", "")
    if len(d) != 11 or not d.isdigit():
        return False
    k = mod11(d[:10], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
    return k is not None and k == int(d[10])


def orgnr_ok(num: str) -> bool:
    d = num.replace(" ", "")
    if len(d) != 9 or not d.isdigit():
        return False
    k = mod11(d[:8], [3, 2, 7, 6, 5, 4, 3, 2])
    return k is not None and k == int(d[8])


def luhn_ok(num: str) -> bool:
    d = [int(c) for c in num if c.isdigit()]
    tot = 0
    for i, x in enumerate(reversed(d)):
        if i % 2 == 1:
            x *= 2
            if x > 9:
                x -= 9
        tot += x
    return tot % 10 == 0


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "")
    r = s[4:] + s[:4]
    n = "".join(str(int(c, 36)) for c in r)
    return int(n) % 97 == 1


def _indiv_for_year(y):
    if 1900 <= y <= 1999:
        if y >= 1940 and R.random() < 0.25:
            return R.randint(900, 999)
        return R.randint(0, 499)
    if 2000 <= y <= 2039:
        return R.randint(500, 999)
    raise ValueError(y)


def _birth():
    while True:
        y = R.choice([R.randint(1948, 2006), R.randint(1975, 2003)])
        m = R.randint(1, 12)
        d = R.randint(1, 28 if m == 2 else (30 if m in (4, 6, 9, 11) else 31))
        return d, m, y


def make_fnr(dnr=False):
    while True:
        d, m, y = _birth()
        ind = _indiv_for_year(y)
        dd = d + 40 if dnr else d
        base = f"{dd:02d}{m:02d}{y % 100:02d}{ind:03d}"
        k1 = mod11(base, FNR_W1)
        if k1 is None:
            continue
        k2 = mod11(base + str(k1), FNR_W2)
        if k2 is None:
            continue
        num = base + str(k1) + str(k2)
        assert fnr_checks_ok(num)
        # NB: the second FNR check digit uses the same weights as the bank-account check,
        # so every valid FNR also passes the account mod-11; context disambiguates.
        return num


def fmt_fnr(num):
    return num if R.random() < 0.7 else num[:6] + " " + num[6:]


def make_orgnr():
    while True:
        base = str(R.choice([8, 9])) + "".join(str(R.randint(0, 9)) for _ in range(7))
        k = mod11(base, [3, 2, 7, 6, 5, 4, 3, 2])
        if k is None:
            continue
        return base + str(k)


def fmt_org(num):
    return num if R.random() < 0.5 else f"{num[:3]} {num[3:6]} {num[6:]}"


def make_bank():
    while True:
        base = str(R.choice([1, 1, 3, 6, 9, 2, 4, 7])) + "".join(str(R.randint(0, 9)) for _ in range(9))
        k = mod11(base, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
        if k is None:
            continue
        num = base + str(k)
        if fnr_checks_ok(num):
            continue
        return num


def fmt_bank(num):
    f = R.random()
    if f < 0.4:
        return num
    if f < 0.75:
        return f"{num[:4]}.{num[4:6]}.{num[6:]}"
    return f"{num[:4]} {num[4:6]} {num[6:]}"


def _iban_from(cc, bban):
    r = bban + cc + "00"
    n = int("".join(str(int(c, 36)) for c in r))
    ck = 98 - n % 97
    s = f"{cc}{ck:02d}{bban}"
    assert iban_ok(s)
    return s


def _digits(n):
    return "".join(str(R.randint(0, 9)) for _ in range(n))


def make_iban(cc=None):
    cc = cc or ch(["NO", "NO", "SE", "DK", "DE", "GB", "FR", "PL", "NL", "LT"])
    if cc == "NO":
        bban = make_bank()
    elif cc == "SE":
        bban = _digits(20)
    elif cc == "DK":
        bban = _digits(14)
    elif cc == "DE":
        bban = _digits(18)
    elif cc == "GB":
        bban = ch(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + _digits(14)
    elif cc == "FR":
        bank, branch, acc = _digits(5), _digits(5), _digits(11)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acc)) % 97
        bban = f"{bank}{branch}{acc}{key:02d}"
    elif cc == "PL":
        bban = _digits(24)
    elif cc == "NL":
        bban = ch(["ABNA", "INGB", "RABO", "TRIO"]) + _digits(10)
    elif cc == "LT":
        bban = _digits(16)
    else:
        raise ValueError(cc)
    s = _iban_from(cc, bban)
    if R.random() < 0.5:
        return " ".join(s[i : i + 4] for i in range(0, len(s), 4))
    return s


def _luhn_complete(prefix, length):
    while True:
        body = prefix + _digits(length - len(prefix) - 1)
        for c in "0123456789":
            if luhn_ok(body + c):
                return body + c


def make_card(kind=None):
    kind = kind or ch(["visa", "visa", "mc", "mc", "amex"])
    if kind == "visa":
        n = _luhn_complete("4" + _digits(5), 16)
    elif kind == "mc":
        pre = ch([str(R.randint(51, 55)), str(R.randint(2221, 2720))])
        n = _luhn_complete(pre, 16)
    else:
        n = _luhn_complete(ch(["34", "37"]), 15)
    sep = ch([" ", " ", "-", ""])
    if len(n) == 15:
        return sep.join([n[:4], n[4:10], n[10:]]) if sep else n
    return sep.join(n[i : i + 4] for i in range(0, 16, 4))


# ---------------------------------------------------------------- hard-negative numbers
def bad_11():
    """11 digits that fail FNR/DNR and bank-account checks."""
    while True:
        n = _digits(11)
        if n[0] == "0":
            continue
        if not fnr_checks_ok(n) and not bank_ok(n):
            return n


def bad_fnr_looking():
    """Plausible birth date + 5 digits, wrong check digits."""
    while True:
        d, m, y = _birth()
        n = f"{d:02d}{m:02d}{y % 100:02d}" + _digits(5)
        if not fnr_checks_ok(n) and not bank_ok(n):
            return n


def bad_9():
    while True:
        n = str(R.choice([8, 9])) + _digits(8)
        if not orgnr_ok(n):
            return n


def bad_card():
    while True:
        n = "4" + _digits(15)
        if not luhn_ok(n):
            return " ".join(n[i : i + 4] for i in range(0, 16, 4))


def num8_nonphone():
    return str(R.randint(10_000_000, 99_999_999))


def kid():
    return _digits(R.choice([7, 10, 13, 15]))


def invoice_no():
    return ch(
        [
            f"{R.randint(2024, 2026)}-{R.randint(1000, 99999)}",
            str(R.randint(100000, 999999)),
            f"F{R.randint(10000, 99999)}",
            num8_nonphone(),
        ]
    )


def order_no():
    return ch(
        [
            f"SO-{R.randint(100000, 999999)}",
            f"{R.randint(4500000000, 4599999999)}",
            f"ORD{R.randint(1000000, 9999999)}",
            f"#{R.randint(10000, 99999)}",
        ]
    )


def case_no():
    return ch(
        [
            f"{R.randint(22, 26)}/{R.randint(100, 9999)}",
            f"SAK-{R.randint(2024, 2026)}-{R.randint(100, 9999):04d}",
            f"INC{R.randint(1000000, 9999999)}",
            f"{R.randint(2024, 2026)}/{R.randint(10000, 99999)}-{R.randint(1, 9)}",
        ]
    )


def tracking():
    return ch(
        [
            f"LA{_digits(9)}NO",
            f"1Z{R.choice(['999AA1', '4E8W72', '0X5V33'])}{_digits(10)}",
            f"37070{_digits(13)}",
            f"CP{_digits(9)}SE",
        ]
    )


def version():
    return ch(
        [
            f"{R.randint(1, 9)}.{R.randint(0, 30)}.{R.randint(0, 40)}",
            f"{R.randint(1, 5)}.{R.randint(0, 9)}.{R.randint(0, 9)}.{R.randint(0, 250)}",
            f"v{R.randint(1, 4)}.{R.randint(0, 19)}",
            f"{R.randint(2023, 2026)}.{R.randint(1, 12)}.{R.randint(0, 5)}",
        ]
    )


def version4():
    return f"{R.randint(1, 12)}.{R.randint(0, 9)}.{R.randint(0, 9)}.{R.randint(0, 9999)}"


def date_no():
    return ch(
        [
            f"{R.randint(1, 28)}.{R.randint(1, 12)}.{R.randint(2024, 2026)}",
            f"{R.randint(1, 28):02d}.{R.randint(1, 12):02d}.{R.randint(2024, 2026)}",
            f"{R.randint(1, 28)}. {ch(['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'august', 'september', 'oktober', 'november', 'desember'])}",
        ]
    )


def date_en():
    return ch(
        [
            f"{R.randint(1, 28)} {ch(['January', 'February', 'March', 'April', 'June', 'July', 'September', 'October', 'November'])} {R.randint(2024, 2026)}",
            f"{R.randint(2024, 2026)}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}",
            f"{R.randint(1, 28):02d}/{R.randint(1, 12):02d}/{R.randint(2024, 2026)}",
        ]
    )


def time_():
    return f"{R.randint(6, 22):02d}:{ch(['00', '15', '30', '45', '10', '05'])}"


def amount_no():
    return ch(
        [
            f"kr {R.randint(1, 99)} {R.randint(0, 999):03d} {R.randint(0, 999):03d}",
            f"kr {R.randint(1, 999)} {R.randint(0, 999):03d},-",
            f"NOK {R.randint(1000, 99999):,}".replace(",", " "),
            f"{R.randint(100, 99999)},{R.randint(0, 99):02d} kr",
        ]
    )


def amount_en():
    return ch(
        [
            f"NOK {R.randint(1000, 999999):,}",
            f"EUR {R.randint(100, 99999):,}.{R.randint(0, 99):02d}",
            f"£{R.randint(100, 9999):,}.{R.randint(0, 99):02d}",
            f"NOK {R.randint(10, 99)},{R.randint(100, 999)},{R.randint(100, 999)}",
        ]
    )


def article_no():
    return ch(
        [
            num8_nonphone(),
            f"{R.randint(100, 999)}-{R.randint(1000, 9999)}",
            f"ART{_digits(6)}",
            f"{ch(['HX', 'MK', 'TR', 'BR'])}-{R.randint(10, 99)}{ch('ABCDE')}",
            _digits(13),
        ]
    )


def serial():
    return ch(
        [
            f"SN{_digits(10)}",
            f"{ch(['C02', 'PF3', 'FVF'])}{''.join(ch('ABCDEFGHJKLMNPQRSTUVWXYZ0123456789') for _ in range(8))}",
            f"{_digits(4)}-{_digits(4)}-{_digits(4)}",
        ]
    )


def cidr():
    return ch(
        [
            f"10.{R.randint(0, 255)}.0.0/16",
            f"192.168.{R.randint(0, 255)}.0/24",
            f"172.{R.randint(16, 31)}.0.0/12",
            f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.0/24",
            "2001:db8:5::/48",
        ]
    )


def netmask():
    return ch(["255.255.255.0", "255.255.0.0", "255.255.255.128", "255.255.252.0"])


# ---------------------------------------------------------------- names
NAMES = {
    "no": (
        [
            "Kari",
            "Ola",
            "Ingrid",
            "Lars",
            "Silje",
            "Henrik",
            "Marte",
            "Eirik",
            "Ragnhild",
            "Torbjørn",
            "Synnøve",
            "Øystein",
            "Åse",
            "Kjetil",
            "Hanne",
            "Sigurd",
            "Gunnhild",
            "Vegard",
            "Tuva",
            "Håkon",
            "Ida",
            "Magnus",
            "Solveig",
            "Espen",
            "Randi",
            "Trond",
            "Kristin",
            "Geir",
            "Liv",
            "Dag",
            "Bjørn",
            "Ingvild",
            "Aksel",
            "Brynhild",
        ],
        [
            "Hansen",
            "Johansen",
            "Olsen",
            "Larsen",
            "Andersen",
            "Pedersen",
            "Nilsen",
            "Kristiansen",
            "Haugen",
            "Bakken",
            "Solberg",
            "Strand",
            "Eide",
            "Moen",
            "Lie",
            "Dahl",
            "Halvorsen",
            "Rønning",
            "Fjeld",
            "Aasen",
            "Sæther",
            "Vik",
            "Lunde",
            "Tveit",
            "Brekke",
            "Myklebust",
            "Ødegård",
            "Grønli",
            "Skogstad",
            "Rasmussen",
        ],
    ),
    "sami": (
        ["Máret", "Ánde", "Biret", "Sunná", "Ristin", "Elle", "Jovnna", "Áslat", "Ingá", "Niillas"],
        ["Somby", "Gaup", "Hætta", "Eira", "Bongo", "Utsi", "Buljo", "Turi", "Oskal", "Balto"],
    ),
    "pl": (
        [
            "Jakub",
            "Agnieszka",
            "Krzysztof",
            "Małgorzata",
            "Piotr",
            "Katarzyna",
            "Tomasz",
            "Zofia",
            "Wojciech",
            "Magdalena",
        ],
        [
            "Kowalski",
            "Nowak",
            "Wiśniewska",
            "Wójcik",
            "Kamiński",
            "Lewandowska",
            "Zieliński",
            "Szymańska",
            "Dąbrowski",
            "Kaczmarek",
        ],
    ),
    "so": (
        ["Abdirahman", "Hodan", "Faadumo", "Mahad", "Ayaan", "Abdullahi", "Hibaaq", "Ilhan", "Khadar", "Sahra"],
        ["Warsame", "Mohamed", "Hassan", "Farah", "Abdi", "Osman", "Jama", "Yusuf", "Egal", "Nur"],
    ),
    "pk": (
        ["Usman", "Ayesha", "Bilal", "Sana", "Imran", "Nadia", "Faisal", "Zainab", "Kamran", "Hina"],
        ["Chaudhry", "Qureshi", "Butt", "Malik", "Akhtar", "Iqbal", "Rana", "Javed", "Mirza", "Sheikh"],
    ),
    "vn": (
        ["Thanh", "Linh", "Minh", "Huong", "Duc", "Quang", "Trang", "Phuong", "Tuan", "Hanh"],
        ["Nguyen", "Tran", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do", "Ngo", "Truong"],
    ),
    "th": (
        ["Somchai", "Siriporn", "Nattapong", "Kanya", "Wiroj", "Ploy", "Supaporn", "Anong"],
        ["Srisuk", "Wongsawat", "Chaiyaporn", "Boonmee", "Thongchai", "Sukprasert", "Rattanakorn"],
    ),
    "sy": (
        ["Omar", "Rania", "Yazan", "Lama", "Khaled", "Hala", "Tarek", "Nour", "Mazen", "Rasha"],
        ["Al-Haddad", "Khoury", "Al-Masri", "Darwish", "Nassar", "Haj Ali", "Shami", "Kabbani", "Hamwi"],
    ),
    "er": (
        ["Yonas", "Senait", "Tesfaye", "Luwam", "Filmon", "Semhar", "Dawit", "Mehret", "Robel", "Selam"],
        ["Tesfamariam", "Ghebremedhin", "Kidane", "Haile", "Berhe", "Woldu", "Tekle", "Habte"],
    ),
    "lt": (
        ["Tomas", "Rūta", "Mindaugas", "Jurgita", "Darius", "Eglė", "Vytautas", "Ieva", "Žydrūnas"],
        ["Kazlauskas", "Jankauskienė", "Petrauskas", "Stankevičius", "Vasiliauskaitė", "Žukauskas", "Paulauskas"],
    ),
    "ph": (
        ["Maricel", "Jomar", "Rowena", "Ramil", "Lorna", "Arnel", "Jhoanna", "Rodel", "Cherry Ann"],
        ["Santos", "Reyes", "dela Cruz", "Bautista", "Villanueva", "Mendoza", "Macaraeg", "Ramos", "Dimaculangan"],
    ),
    "ua": (
        ["Oksana", "Dmytro", "Olena", "Serhii", "Iryna", "Bohdan", "Yuliia"],
        ["Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Melnyk", "Kravchuk"],
    ),
    "ir": (
        ["Parisa", "Reza", "Shirin", "Arash", "Niloufar", "Babak"],
        ["Moradi", "Hosseini", "Rahimi", "Karimi", "Jafari", "Sadeghi"],
    ),
    "ta": (
        ["Tharshini", "Sivakumar", "Kavitha", "Prasanth", "Nirojan"],
        ["Rajendran", "Selvarajah", "Thevarajah", "Kanagaratnam", "Sivanesan"],
    ),
    "en": (
        [
            "Oliver",
            "Charlotte",
            "George",
            "Harriet",
            "Callum",
            "Siobhan",
            "Declan",
            "Imogen",
            "Rhys",
            "Poppy",
            "Grace",
            "Frank",
            "Mark",
        ],
        [
            "Whitfield",
            "Pemberton",
            "Ashworth",
            "Fletcher",
            "O'Brien",
            "McAllister",
            "Harrington",
            "Thornton",
            "Davies",
            "Okafor",
            "Clarke",
        ],
    ),
}
GROUP_W = {
    "no": 30,
    "sami": 6,
    "pl": 8,
    "so": 6,
    "pk": 6,
    "vn": 6,
    "th": 4,
    "sy": 6,
    "er": 5,
    "lt": 5,
    "ph": 5,
    "ua": 5,
    "ir": 4,
    "ta": 3,
    "en": 12,
}


def person(group=None):
    g = group or R.choices(list(GROUP_W), weights=list(GROUP_W.values()))[0]
    f, l = NAMES[g]
    return ch(f), ch(l)


def ascii_fold(s):
    s = s.replace("æ", "ae").replace("Æ", "Ae").replace("ø", "o").replace("Ø", "O").replace("å", "a").replace("Å", "A")
    s = s.replace("ł", "l").replace("Ł", "L")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def local_part(first, last):
    f = ascii_fold(first).lower().replace(" ", "").replace("'", "").replace("-", "")
    l = ascii_fold(last).lower().replace(" ", "").replace("'", "").replace("-", "")
    return ch(
        [
            f"{f}.{l}",
            f"{f}.{l}",
            f"{f[0]}{l}",
            f"{f}{l[0]}",
            f"{f}_{l}",
            f"{f}.{l}{R.randint(1, 99)}",
            f"{f[:3]}{l[:3]}",
        ]
    )


COMPANY_DOMAINS = [
    "nordlys-logistikk.no",
    "fjordbygg.no",
    "helsevikar.no",
    "askervarme.no",
    "tromsomek.no",
    "kystfrakt.no",
    "bergvik-it.no",
    "heimdal-stal.no",
    "vestlandrevisjon.no",
    "grenland-el.no",
    "orkla-transport.no",
    "sandnes-sveis.no",
    "kommune-eksempel.no",
    "hamarhandel.no",
    "lofotfisk.no",
]
FREE_DOMAINS = [
    "gmail.com",
    "hotmail.com",
    "outlook.com",
    "online.no",
    "live.no",
    "yahoo.co.uk",
    "icloud.com",
    "proton.me",
    "wp.pl",
    "mail.ru",
]
ROLE_BOXES = ["post", "faktura", "support", "lonn", "kundeservice", "hr", "servicedesk", "innkjop", "noreply", "ordre"]


def email_for(first, last, private=None):
    dom = ch(FREE_DOMAINS) if (private if private is not None else R.random() < 0.4) else ch(COMPANY_DOMAINS)
    return f"{local_part(first, last)}@{dom}"


def role_email():
    return f"{ch(ROLE_BOXES)}@{ch(COMPANY_DOMAINS)}"


def _no_digits(mobile=None):
    if mobile is None:
        mobile = R.random() < 0.7
    first = ch("49") if mobile else ch("235677")
    return first + _digits(7)


def phone_no(mobile=None):
    d = _no_digits(mobile)
    f = R.random()
    if f < 0.3:
        body = d
    elif f < 0.6:
        body = f"{d[:3]} {d[3:5]} {d[5:]}"
    else:
        body = f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:]}"
    pre = R.choices(["", "+47 ", "0047 ", "+47"], weights=[55, 30, 8, 7])[0]
    return pre + body


def phone_intl():
    return ch(
        [
            f"+46 70 {_digits(3)} {_digits(2)} {_digits(2)}",
            f"+44 20 {_digits(4)} {_digits(4)}",
            f"+1 415 555 {_digits(4)}",
            f"+48 {R.randint(500, 799)} {_digits(3)} {_digits(3)}",
            f"+45 {R.randint(20, 61)} {_digits(2)} {_digits(2)} {_digits(2)}",
            f"+49 30 {_digits(8)}",
            f"+370 6{_digits(2)} {_digits(5)}",
            f"+63 917 {_digits(3)} {_digits(4)}",
            f"+44 7700 {_digits(6)}",
            f"+4670{_digits(7)}",
        ]
    )


def phone_any():
    return phone_intl() if R.random() < 0.2 else phone_no()


# ---------------------------------------------------------------- addresses
NO_STREETS = [
    "Storgata",
    "Kirkegata",
    "Industriveien",
    "Havnegata",
    "Fjellveien",
    "Bjørkeveien",
    "Nygårdsgaten",
    "Strandveien",
    "Sandslimarka",
    "Lilleakerveien",
    "Tungasletta",
    "Kongens gate",
    "Kanalveien",
    "Sjøgata",
    "Rådhusgata",
    "Elvebakken",
    "Gneisveien",
    "Markveien",
    "Linjeveien",
    "Furuholmen",
    "Henrik Ibsens gate",
    "Olav Tryggvasons gate",
    "Thorvald Meyers gate",
    "Prinsens gate",
    "Lysakerveien",
    "Åsveien",
    "Gamle Drammensvei",
    "Teglverksveien",
    "Solheimsgaten",
    "Brugata",
]
NO_PLACES = [
    "0150 Oslo",
    "0557 Oslo",
    "5003 Bergen",
    "5254 Sandsli",
    "7010 Trondheim",
    "7080 Heimdal",
    "4006 Stavanger",
    "4306 Sandnes",
    "9008 Tromsø",
    "3015 Drammen",
    "1606 Fredrikstad",
    "2317 Hamar",
    "8006 Bodø",
    "6004 Ålesund",
    "4608 Kristiansand",
    "3110 Tønsberg",
    "2815 Gjøvik",
    "9510 Alta",
    "9730 Karasjok",
    "3616 Kongsberg",
    "1337 Sandvika",
    "8300 Svolvær",
    "6800 Førde",
    "3921 Porsgrunn",
]


def address_no(multiline=None):
    st = ch(NO_STREETS)
    num = str(R.randint(1, 140)) + (R.choice(["", "", "", "A", "B", " B", "C"]))
    place = ch(NO_PLACES)
    f = R.random() if multiline is None else (0.95 if multiline else 0.3)
    if f < 0.15:
        return f"{st} {num}"
    if f < 0.85:
        return f"{st} {num}, {place}"
    return f"{st} {num}\n{place}"


def address_foreign():
    return ch(
        [
            f"Drottninggatan {R.randint(2, 99)}, 111 {R.randint(20, 60)} Stockholm",
            f"{R.randint(2, 220)} {ch(['Baker Street', 'Deansgate', 'Holloway Road', 'Station Road'])}, {ch(['London NW1 6XE', 'Manchester M3 4LQ', 'London N7 8DB', 'Leeds LS1 4AP'])}",
            f"ul. {ch(['Marszałkowska', 'Piotrkowska', 'Długa'])} {R.randint(1, 150)}, {R.randint(0, 99):02d}-{R.randint(100, 999)} {ch(['Warszawa', 'Łódź', 'Gdańsk'])}",
            f"{ch(['Friedrichstraße', 'Hauptstraße', 'Kaiserstraße'])} {R.randint(1, 200)}, {R.randint(10000, 99999)} {ch(['Berlin', 'Hamburg', 'Kiel'])}",
            f"Vesterbrogade {R.randint(1, 120)}, 1620 København V",
            f"Gedimino pr. {R.randint(1, 60)}, LT-01103 Vilnius",
        ]
    )


def address_any():
    return address_foreign() if R.random() < 0.2 else address_no()


# ---------------------------------------------------------------- IPs
def ip4(private=None):
    if private is None:
        private = R.random() < 0.55
    if private:
        return ch(
            [
                f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(2, 254)}",
                f"192.168.{R.randint(0, 20)}.{R.randint(2, 254)}",
                f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(2, 254)}",
            ]
        )
    return f"{ch([84, 89, 46, 81, 193, 195, 212, 109, 185, 151])}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(2, 254)}"


def ip6():
    def h():
        return f"{R.randint(0, 0xFFFF):x}"

    return ch(
        [
            f"2a02:{h()}:{h()}:{h()}::{h()}",
            f"fe80::{h()}:{h()}:{h()}:{h()}",
            f"2001:db8:{h()}:{h()}:{h()}:{h()}:{h()}:{h()}",
            f"2a01:79c:{h()}:{h()}::{R.randint(1, 99)}",
        ]
    )


def ip_any():
    return ip6() if R.random() < 0.25 else ip4()


def mac():
    return ":".join(f"{R.randint(0, 255):02x}" for _ in range(6))


# ---------------------------------------------------------------- special categories
# "prefix|phrase": the prefix (article etc.) stays outside the span.
SC = {
    ("HEALTH", "no", "cause"): [
        "depresjon",
        "utbrenthet",
        "prolaps i korsryggen",
        "lungebetennelse",
        "migrene",
        "long covid",
        "angst",
        "kneskade etter fallet på lageret",
        "kuttskade i hånden fra kappsagen",
        "hjernerystelse",
        "brudd i håndleddet",
        "kreftbehandling",
        "bekkenløsning",
        "hjerteinfarkt",
        "en |operasjon i skulderen",
    ],
    ("HEALTH", "no", "has"): [
        "diabetes type 1",
        "epilepsi",
        "astma",
        "alvorlig nøtteallergi",
        "ADHD",
        "MS",
        "cøliaki",
        "bipolar lidelse",
        "nedsatt hørsel",
        "en |angstlidelse",
    ],
    ("HEALTH", "no", "is"): [
        "gravid",
        "gravid i uke 24",
        "rullestolbruker",
        "diabetiker",
        "hørselshemmet",
        "høygravid",
    ],
    ("HEALTH", "no", "on"): [
        "blodfortynnende medisiner",
        "antidepressiva",
        "insulin",
        "Ritalin",
        "sterke smertestillende",
    ],
    ("HEALTH", "en", "cause"): [
        "burnout",
        "depression",
        "pneumonia",
        "long COVID",
        "anxiety",
        "back surgery",
        "chemotherapy",
        "a |concussion from the fall in the warehouse",
        "a |crushed finger from the press brake",
        "a |slipped disc",
        "migraines",
        "a |knee injury on site",
    ],
    ("HEALTH", "en", "has"): [
        "type 1 diabetes",
        "epilepsy",
        "asthma",
        "a |severe peanut allergy",
        "ADHD",
        "multiple sclerosis",
        "coeliac disease",
        "bipolar disorder",
        "a |hearing impairment",
        "Crohn's disease",
    ],
    ("HEALTH", "en", "is"): [
        "pregnant",
        "diabetic",
        "a |wheelchair user",
        "partially sighted",
        "expecting a baby in March",
    ],
    ("HEALTH", "en", "on"): ["antidepressants", "blood thinners", "insulin", "methotrexate", "strong painkillers"],
    ("TRADE_UNION", "no", "is"): [
        "medlem av Fellesforbundet",
        "medlem av Fagforbundet",
        "medlem i Parat",
        "medlem av EL og IT Forbundet",
        "tillitsvalgt for Fellesforbundet",
        "organisert i Negotia",
        "medlem av Norsk Sykepleierforbund",
        "hovedtillitsvalgt i Fagforbundet",
        "fagorganisert",
    ],
    ("TRADE_UNION", "en", "is"): [
        "a |member of Unite",
        "the |union rep",
        "a |member of Fellesforbundet",
        "the |shop steward for GMB",
        "a |member of the nurses' union",
        "a |union member",
        "a |member of Fagforbundet",
    ],
    ("RELIGION", "no", "is"): [
        "muslim",
        "katolikk",
        "pinsevenn",
        "Jehovas vitne",
        "hindu",
        "buddhist",
        "praktiserende jøde",
        "ortodoks kristen",
        "sikh",
    ],
    ("RELIGION", "en", "is"): [
        "Muslim",
        "a |practising Catholic",
        "Sikh",
        "Jewish",
        "a |Jehovah's Witness",
        "Hindu",
        "a |devout Christian",
        "Buddhist",
    ],
    ("ETHNICITY", "no", "has"): [
        "samisk bakgrunn",
        "kurdisk bakgrunn",
        "kvensk bakgrunn",
        "somalisk opprinnelse",
        "tatersk bakgrunn",
        "romanibakgrunn",
        "eritreisk opprinnelse",
    ],
    ("ETHNICITY", "en", "is"): [
        "Sami",
        "of |Kurdish origin",
        "Roma",
        "Black British",
        "of |Somali descent",
        "of |Sami heritage",
        "of |Kven descent",
        "Romani",
    ],
    ("SEXUAL_ORIENTATION", "no", "is"): ["homofil", "lesbisk", "bifil", "åpent homofil"],
    ("SEXUAL_ORIENTATION", "en", "is"): ["gay", "lesbian", "bisexual", "openly gay"],
    ("CRIMINAL_RECORD", "no", "has"): [
        "vandelsattest med anmerkning",
        "en |dom for underslag",
        "en |tidligere dom for promillekjøring",
        "en |betinget dom for vold",
        "anmerkning for narkotikalovbrudd på politiattesten",
    ],
    ("CRIMINAL_RECORD", "no", "is"): [
        "dømt for underslag",
        "dømt for promillekjøring",
        "siktet for bedrageri",
        "anmeldt for vold",
        "tidligere straffedømt",
        "domfelt for trygdesvindel",
    ],
    ("CRIMINAL_RECORD", "en", "has"): [
        "a |prior conviction for drink-driving",
        "a |criminal record",
        "a |conviction for fraud",
        "a |caution for shoplifting",
        "a |suspended sentence for assault",
    ],
    ("CRIMINAL_RECORD", "en", "is"): [
        "convicted of assault",
        "charged with embezzlement",
        "convicted of benefit fraud",
        "under investigation for theft from the warehouse",
        "on probation after a burglary conviction",
    ],
}


def sc(typ, lang, slot):
    s = ch(SC[(typ, lang, slot)])
    if "|" in s:
        pre, ph = s.split("|")
        return [pre, (typ, ph)]
    return [(typ, s)]


def P(s):
    return ("PERSON", s)


def EM(s):
    return ("EMAIL", s)


def PH(s):
    return ("PHONE", s)


def AD(s):
    return ("ADDRESS", s)


def IPE(s):
    return ("IP", s)


def FN(s):
    return ("FNR", s)


def DN(s):
    return ("DNR", s)


def OR(s):
    return ("ORGNR", s)


def BA(s):
    return ("BANK_ACCOUNT", s)


def IB(s):
    return ("IBAN", s)


def CA(s):
    return ("CARD", s)


def fullname(g=None):
    f, l = person(g)
    return f, l, f"{f} {l}"


SURNAME_COMPANIES = [
    "Olsen Transport AS",
    "Berg & Sønn AS",
    "Hansen Mekaniske Verksted",
    "Johnsen Bygg AS",
    "Larsen Rør og Varme",
    "Brødrene Dahl",
    "Solberg Elektro AS",
    "Nilsen Maskin AS",
    "Strand Eiendom AS",
    "Haugen Gruppen",
    "Kristiansen Auto",
    "Eide Marine Services",
]
COMPANIES = [
    "Nordlys Logistikk AS",
    "Fjordbygg AS",
    "HelseVikar Norge AS",
    "Asker Varme AS",
    "Tromsø Mek AS",
    "Kystfrakt AS",
    "Bergvik IT AS",
    "Heimdal Stål AS",
    "Vestland Revisjon AS",
    "Grenland Elektro AS",
    "Sandnes Sveis AS",
    "Hamar Handel AS",
    "Lofotfisk AS",
    "Rørlegger'n AS",
    "Polarbetong AS",
]
PERSON_STREETS = [
    "Olav Tryggvasons gate",
    "Henrik Ibsens gate",
    "Thorvald Meyers gate",
    "Kong Oscars gate",
    "Haakon VIIs gate",
    "Christian Michelsens gate",
    "Fridtjof Nansens plass",
]
LOOKALIKE_NO = [
    "Dag 1 av kurset",
    "Vår avdeling",
    "Sol og varme er meldt",
    "Liv og helse",
    "Berg",
    "Dal",
    "Rom 204",
    "Bjørn",
    "Storm",
    "Elv",
]


# ---------------------------------------------------------------- templates
TPLS = []


def tpl(tid, lang, kind):
    def deco(fn):
        TPLS.append((tid, lang, kind, fn))
        return fn

    return deco


# ======================= confidential, Norwegian =======================
@tpl("no_sick_followup", "no", "conf")
def _():
    f, l, n = fullname()
    boss_f, boss_l, boss = fullname()
    out = (
        [
            ch(["Oppfølgingsnotat", "Notat – sykefraværsoppfølging", "Dialogmøte 1"]),
            f" {date_no()}\n",
            "Ansatt: ",
            P(n),
            ". Leder: ",
            P(boss),
            ".\n",
            P(f),
            " er sykmeldt ",
            ch(["100 %", "50 %", "60 %"]),
            " på grunn av ",
        ]
        + sc("HEALTH", "no", "cause")
        + [". "]
    )
    out += ch(
        [
            [f"Forventet tilbake i uke {R.randint(2, 50)}. "],
            ["Vi har avtalt tilrettelegging med kortere dager. ", P(boss_f), " følger opp. "],
            ["NAV er varslet. Neste samtale ", date_no(), f" kl. {time_()}. "],
        ]
    )
    if R.random() < 0.5:
        out += ["Tlf. ", P(f), ": ", PH(phone_no(True)), "."]
    return out


@tpl("no_jobsoknad", "no", "conf")
def _():
    f, l, n = fullname()
    em = email_for(f, l, True)
    out = [
        ch(["Hei!", "Til rekrutteringsansvarlig,", "Hei,"]),
        "\n",
        f"Jeg søker stillingen som {ch(['lagermedarbeider', 'CNC-operatør', 'sykepleier', 'prosjektleder', 'regnskapsmedarbeider', 'servicetekniker'])} "
        f"(ref. {R.randint(100, 999)}/{R.randint(24, 26)}). ",
    ]
    r = R.random()
    if r < 0.3:
        out += ["Jeg har "] + sc("ETHNICITY", "no", "has") + [" og snakker flere språk. "]
    elif r < 0.5:
        out += ["Jeg vil være åpen om at jeg har "] + sc("HEALTH", "no", "has") + [", men det påvirker ikke arbeidet. "]
    else:
        out += [f"Jeg har {R.randint(2, 15)} års erfaring fra {ch(COMPANIES)}. "]
    out += ["\nMvh ", P(n), "\n", AD(address_no()), "\n", PH(phone_no(True)), " / ", EM(em)]
    return out


@tpl("no_lonn_onboarding", "no", "conf")
def _():
    f, l, n = fullname()
    out = [
        "Ny ansatt til lønn: ",
        P(n),
        ", start ",
        date_no(),
        ".\n",
        *(
            ["D-nummer: ", DN(fmt_fnr(make_fnr(True)))]
            if R.random() < 0.3
            else ["Fødselsnr.: ", FN(fmt_fnr(make_fnr()))]
        ),
        "\n",
        "Kontonr.: ",
        BA(fmt_bank(make_bank())),
        "\n",
    ]
    if R.random() < 0.6:
        out += ["Adresse: ", AD(address_no()), "\n"]
    out += [f"Stillingskode {R.randint(1000, 9999)}, ansattnr. {R.randint(10000, 99999)}. "]
    if R.random() < 0.4:
        out += [P(f), " er "] + sc("TRADE_UNION", "no", "is") + [" – husk trekk av kontingent."]
    else:
        out += ["Timelønn ", amount_no(), "."]
    return out


@tpl("no_dnummer_vikar", "no", "conf")
def _():
    f, l, n = fullname(ch(["pl", "lt", "ua", "ph", "th"]))
    out = [
        ch(["Vikar fra byrået", "Innleid arbeidstaker", "Ny sesongarbeider"]),
        ": ",
        P(n),
        "\n",
        "D-nummer: ",
        DN(fmt_fnr(make_fnr(dnr=True))),
        "\n",
        "Mobil: ",
        PH(phone_intl() if R.random() < 0.4 else phone_no(True)),
        "\n",
        f"Starter på {ch(['lageret i Heimdal', 'byggeplassen på Lysaker', 'fiskemottaket', 'sykehjemmet'])} {date_no()}. ",
    ]
    if R.random() < 0.5:
        out += ["HMS-kurs gjennomføres dag 1. ", P(f), " trenger tolk på polsk/engelsk."]
    else:
        out += ["Lønn utbetales til IBAN ", IB(make_iban(ch(["PL", "LT", "NO"]))), "."]
    return out


@tpl("no_purring", "no", "conf")
def _():
    f, l, n = fullname()
    out = [
        ch(["PURRING", "Betalingspåminnelse", "Inkassovarsel"]),
        "\n",
        P(n),
        "\n",
        AD(address_no(True)),
        "\n\n",
        f"Faktura {invoice_no()} (kundenr. {bad_11()}) med forfall {date_no()} er ikke betalt. Utestående: {amount_no()}.\n",
        "Betal til konto ",
        BA(fmt_bank(make_bank())),
        f" med KID {kid()} innen 14 dager. ",
    ]
    if R.random() < 0.5:
        out += ["Spørsmål? Ring ", PH(phone_no(False)), "."]
    return out


@tpl("no_support_ticket", "no", "conf")
def _():
    f, l, n = fullname()
    out = [
        f"Sak {case_no()} – ",
        ch(["kunde får ikke logget inn", "feil på faktura", "levering uteblitt", "reklamasjon på varmepumpe"]),
        "\n",
        "Innmelder: ",
        P(n),
        " (",
        EM(email_for(f, l)),
        ")\n",
    ]
    out += ch(
        [
            ["Kunden ringte fra ", PH(phone_no()), f" kl. {time_()} og viser til ordre {order_no()}. "],
            [
                f"Gjelder ordre {order_no()}, artikkel {article_no()}. ",
                P(f),
                " ønsker tilbakeringing på ",
                PH(phone_no()),
                ". ",
            ],
        ]
    )
    out += [ch(["Eskalert til 2. linje.", "Status: venter på kunde.", "Løst – passord tilbakestilt."])]
    return out


@tpl("no_it_logg", "no", "conf")
def _():
    f, l, n = fullname()
    user = ch([f"e{R.randint(10000, 99999)}", f"adm_{R.randint(100, 999)}", f"u{R.randint(1000, 9999)}"])
    ts = f"{R.randint(2025, 2026)}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}T{time_()}:{R.randint(0, 59):02d}Z"
    out = [
        f"{ts} sshd[{R.randint(1000, 40000)}]: Failed password for {user} from ",
        IPE(ip4()),
        f" port {R.randint(1024, 65000)} ssh2\n",
        f"{ts} sshd[{R.randint(1000, 40000)}]: Accepted publickey for {user} from ",
        IPE(ip_any()),
        "\n",
        ch(["Kommentar: ", "Notat: "]),
        ch(["dette er ", "sjekket med "]),
        P(f),
        ch([", satt på hjemmekontor.", ", var på VPN.", " – ok."]),
        f" Klient {ch(['OpenSSH_9.6', 'PuTTY 0.81', 'OpenSSH_8.9p1'])}.",
    ]
    return out


@tpl("no_chat_kollega", "no", "conf")
def _():
    f1, l1 = person()
    f2, l2 = person()
    a, b = f1.lower(), f2.lower()
    out = ch(
        [
            [
                "hei! har du nummeret til ",
                P(a),
                "? skal sende tilbudet før kl 15",
                "\n",
                "– ja, ",
                PH(phone_no(True)),
                f", men er på kurs til {time_()}",
            ],
            [
                "kan du be ",
                P(b),
                " ringe meg? ",
                P(a),
                " sa det hastet med ordre ",
                order_no(),
                "\n",
                "ring ",
                PH(phone_no(True)),
            ],
            ["btw ", P(a), " er "]
            + sc("HEALTH", "no", "is")
            + [" så slutter på nattskift fra neste uke. ikke si det til noen ennå"],
            ["fikk du mailen fra ", P(b), "? den ble sendt til ", EM(email_for(f2, l2, False)), " istedenfor"],
        ]
    )
    return out


@tpl("no_ki_prompt", "no", "conf")
def _():
    f, l, n = fullname()
    out = ch(
        [
            [
                "Skriv et høflig svar til ",
                P(n),
                " (",
                EM(email_for(f, l)),
                f") som klager på at leveransen av {ch(['stillas', 'pumper', 'paller', 'kontorstoler'])} kom {R.randint(2, 9)} dager for sent. Tilby {R.randint(5, 20)} % rabatt.",
            ],
            ["Lag et utkast til en e-post til ", P(f), " om at permisjonssøknaden er innvilget. ", P(f), " er "]
            + sc("HEALTH", "no", "is")
            + [" og skal ha redusert stilling fra ", date_no(), "."],
            [
                "Oppsummer dette: ",
                P(n),
                " ringte (",
                PH(phone_no()),
                ") og vil heve kjøpet av ",
                ch(["varmepumpen", "bilen", "kjøkkenet"]),
                ". Ordrenr. ",
                order_no(),
                ".",
            ],
            [
                "Skriv en attest for ",
                P(n),
                " som har jobbet hos oss som lagerleder siden 2019. Ikke nevn at ",
                P(f),
                " har ",
            ]
            + sc("CRIMINAL_RECORD", "no", "has")
            + ["."],
        ]
    )
    return out


@tpl("no_mote_referat", "no", "conf")
def _():
    people = [fullname() for _ in range(R.randint(3, 4))]
    out = [
        ch(["Referat ledermøte", "Referat – prosjektmøte Lysaker", "Møtereferat driftsutvalg"]),
        f" {date_no()}\n",
        "Til stede: ",
    ]
    for i, (_, _, n) in enumerate(people):
        if i:
            out.append(", ")
        out.append(P(n))
    out += [".\nSak 1: Budsjett ", amount_no(), " godkjent. Sak 2: HMS-kurs for nyansatte flyttes. "]
    f0 = people[0][0]
    out += ch(
        [
            ["Sak 3: ", P(f0), " er "] + sc("TRADE_UNION", "no", "is") + [" og deltar derfor på drøftingene. "],
            ["Sak 3: ", P(people[1][1]), " følger opp tilbudet til Olsen Transport AS. "],
            ["Sak 3: Tariffavtalen reforhandles i mai. ", P(f0), " sender oppsummering. "],
        ]
    )
    return out


@tpl("no_crm_notat", "no", "conf")
def _():
    f, l, n = fullname()
    comp = ch(COMPANIES + SURNAME_COMPANIES)
    out = [
        f"CRM – {comp}",
        " (org.nr. ",
        OR(fmt_org(make_orgnr())),
        ")\n",
        "Kontakt: ",
        P(n),
        ", ",
        ch(["innkjøpssjef", "daglig leder", "driftsleder", "prosjektleder"]),
        "\n",
        "Tlf: ",
        PH(phone_no()),
        "  E-post: ",
        EM(email_for(f, l, False)),
        "\n",
        f"Sist kontaktet {date_no()}. ",
        P(f),
        ch([" vil ha nytt tilbud på 40 stk. brakett ", " ønsker demo av ", " spurte om pris på "]),
        article_no(),
        ".",
    ]
    return out


@tpl("no_arbeidskontrakt", "no", "conf")
def _():
    f, l, n = fullname()
    comp = ch(COMPANIES)
    out = [
        "ARBEIDSAVTALE\n",
        "Arbeidsgiver: ",
        comp,
        ", org.nr. ",
        OR(fmt_org(make_orgnr())),
        "\n",
        "Arbeidstaker: ",
        P(n),
        ", f.nr. ",
        FN(fmt_fnr(make_fnr())),
        "\n",
        "Bosted: ",
        AD(address_no()),
        "\n",
        f"Stillingsprosent {ch(['100', '80', '60'])} %, prøvetid 6 måneder. Årslønn {amount_no()}. "
        "Politiattest kreves for stillingen.",
    ]
    return out


@tpl("no_vandel", "no", "conf")
def _():
    f, l, n = fullname()
    out = (
        [
            ch(["Fortrolig – personalsak", "Unntatt offentlighet, jf. offl. § 13", "Til HR-leder"]),
            "\n",
            "Det har kommet fram at ",
            P(n),
            " har ",
        ]
        + sc("CRIMINAL_RECORD", "no", "has")
        + [". "]
    )
    out += ch(
        [
            ["Stillingen i hjemmetjenesten krever ren attest, så vi kan ikke gå videre. "],
            ["Vi ber om en samtale med ", P(f), " før endelig beslutning. "],
        ]
    )
    out += [f"Saksnr. {case_no()}."]
    return out


@tpl("no_tilrettelegging_tro", "no", "conf")
def _():
    f, l, n = fullname(ch(["so", "pk", "sy", "er", "ta", "no", "vn"]))
    out = (
        ["Hei ", P(ch([f, n])), ",\n", "takk for at du tok kontakt. Siden du er "]
        + sc("RELIGION", "no", "is")
        + [
            ", ",
            ch(
                [
                    "kan vi sette av et stille rom til bønn i lunsjen",
                    "ordner vi fri på dine høytidsdager mot avspasering",
                    "tilpasser vi turnusen rundt fastemåneden",
                ]
            ),
            ". ",
            ch(["Rommet er Rom 3 i 2. etasje.", "Gi beskjed til vaktleder.", "Ta kontakt med meg direkte."]),
            "\nHilsen ",
            P(" ".join(person()[::1])),
            "\nHR",
        ]
    )
    return out


@tpl("no_kortbetaling", "no", "conf")
def _():
    f, l, n = fullname()
    out = [
        ch(["Kunde betalte med kort over telefon.", "Manuell kortbetaling – NB: slett etter bruk!"]),
        "\n",
        "Navn: ",
        P(n),
        "\nKort: ",
        CA(make_card()),
        f", utløp {R.randint(1, 12):02d}/{R.randint(26, 30)}\n",
        f"Beløp {amount_no()}, ordre {order_no()}. ",
    ]
    if R.random() < 0.5:
        out += ["Referanse i terminalen: ", bad_card(), " (ikke kortnr.)."]
    return out


@tpl("no_pakkseddel", "no", "conf")
def _():
    f, l, n = fullname()
    out = [
        "FØLGESEDDEL ",
        invoice_no(),
        "\nMottaker: ",
        P(n),
        "\n",
        AD(address_no(True)),
        "\nTlf. ",
        PH(phone_no(True)),
        f"\nSending: {tracking()}  Kolli: {R.randint(1, 6)}  Vekt: {R.randint(2, 800)} kg\n",
        ch(["Leveres på dør, ring ved ankomst.", "Hentes på terminalen i Sandnes.", "Ikke sett ved porten."]),
    ]
    return out


@tpl("nn_sjukmelding", "no", "conf")
def _():
    f, l, n = fullname()
    out = [
        "Hei ",
        P(ch([f, n])),
        "!\n",
        "Eg skriv for å fortelje at ",
        P(" ".join(person())),
        " er sjukmeld ut veka",
        ch([". ", " på grunn av "]),
    ]
    if out[-1] == " på grunn av ":
        out += [("ein " if p == "en " else p) for p in sc("HEALTH", "no", "cause")] + [". "]
    out += [
        "Du når vedkomande på ",
        PH(phone_no(True)),
        ch([" etter klokka 12.", " ved behov."]),
        "\nHelsing ",
        P(person()[0]),
    ]
    return out


@tpl("no_helsevikar", "no", "conf")
def _():
    f, l, n = fullname(ch(["ph", "er", "so", "lt", "sami", "no", "pl"]))
    out = [
        "Vaktliste uke ",
        str(R.randint(1, 52)),
        " – avdeling ",
        ch(["Furuly", "Solbakken", "Elvetun"]),
        "\n",
        P(n),
        " (sykepleier) tar nattevakter man–ons. Personnr. ",
        FN(fmt_fnr(make_fnr())) if R.random() < 0.6 else DN(fmt_fnr(make_fnr(True))),
        ". Mobil ",
        PH(phone_no(True)),
        ". ",
    ]
    r = R.random()
    if r < 0.4:
        out += [P(f), " er "] + sc("TRADE_UNION", "no", "is") + [". "]
    elif r < 0.7:
        out += [P(f), " er "] + sc("RELIGION", "no", "is") + [" og har bedt om fri på høytidsdager. "]
    out += [
        ch(["Sykefraværsrutinen gjelder også for vikarer.", "Ring vaktrommet ved sykdom.", "HMS-kurs er gjennomført."])
    ]
    return out


@tpl("no_kommune_sak", "no", "conf")
def _():
    f, l, n = fullname()
    out = [
        f"Saksnr. {case_no()} – søknad om {ch(['startlån', 'kommunal bolig', 'parkeringstillatelse for forflytningshemmede', 'skoleskyss'])}\n",
        "Søker: ",
        P(n),
        *([", fnr. ", FN(fmt_fnr(make_fnr()))] if R.random() < 0.7 else [", d-nr. ", DN(fmt_fnr(make_fnr(True)))]),
        "\n",
        "Adresse: ",
        AD(address_no()),
        "\n",
    ]
    out += ch(
        [
            ["Søker er "] + sc("HEALTH", "no", "is") + [" og har behov for tilrettelagt bolig. "],
            [f"Vedtak fattes innen {date_no()}. "],
        ]
    )
    out += ["Saksbehandler: ", P(" ".join(person())), "."]
    return out


@tpl("no_utbetaling_iban", "no", "conf")
def _():
    f, l, n = fullname(ch(["pl", "lt", "sy", "en", "ph", "ua", "no"]))
    out = [
        ch(["Utbetaling av feriepenger", "Refusjon av reiseutgifter", "Sluttoppgjør"]),
        " – ",
        P(n),
        "\n",
        "Overføres til ",
        IB(make_iban()),
        ch([" (BIC ", " – SWIFT "]),
        ch(["DNBANOKK", "NDEANOKK", "BREXPLPW", "HABALT22"]),
        ").\n",
        f"Beløp: {amount_no()}. Bilag {R.randint(10000, 99999)}, attestert av ",
        P(person()[0]),
        ".",
    ]
    return out


@tpl("no_advokat", "no", "conf")
def _():
    f, l, n = fullname()
    out = [
        ch(["Advokatfirmaet Lund & Co", "Juridisk avdeling"]),
        f" – vår ref. {case_no()}\n",
        "Vår klient ",
        P(n),
        ch([" ble i 2021 ", " er "]),
        (
            "CRIMINAL_RECORD",
            ch(
                [
                    "dømt for underslag",
                    "dømt for promillekjøring",
                    "domfelt for trygdesvindel",
                    "dømt for grovt bedrageri",
                ]
            ),
        ),
    ]
    out += [
        ", men dommen er anket. ",
        "Motpart er Berg & Sønn AS v/ daglig leder ",
        P(" ".join(person())),
        f". Hovedforhandling {date_no()} i Oslo tingrett.",
    ]
    return out


@tpl("no_personalmappe", "no", "conf")
def _():
    f, l, n = fullname()
    out = (
        ["Personalmappe – ", P(n), "\n", "Notat fra medarbeidersamtale: ", "det kom fram at ", P(f), " er "]
        + sc("SEXUAL_ORIENTATION", "no", "is")
        + [
            " og ønsker at det ikke omtales på arbeidsplassen. ",
            ch(["Mangfoldsplanen ble gjennomgått.", "Ingen videre oppfølging.", "Lagres i lukket arkiv."]),
        ]
    )
    return out


@tpl("no_bestilling_web", "no", "conf")
def _():
    f, l, n = fullname()
    out = [
        f"Ny nettbestilling {order_no()} {date_no()} {time_()}\n",
        "Kunde: ",
        P(n),
        "\n",
        "E-post: ",
        EM(email_for(f, l, True)),
        "\n",
        "Levering: ",
        AD(address_any()),
        "\n",
        "IP ved bestilling: ",
        IPE(ip4(False)),
        "\n",
        f"Varer: {R.randint(1, 5)} x {article_no()} ({ch(['vernesko str. 44', 'arbeidsjakke', 'borhammer', 'hjelm'])}).",
    ]
    return out


@tpl("no_etnisitet_kartlegging", "no", "conf")
def _():
    f, l, n = fullname(ch(["sami", "no", "so", "er"]))
    out = [
        "Til ",
        P(ch([f, n])),
        ":\n",
        "I forbindelse med reindriftsprosjektet har ",
        P(" ".join(person("sami"))),
        " bedt om at ",
        "det tas hensyn til at vedkommende har ",
        ("ETHNICITY", ch(["samisk bakgrunn", "sørsamisk bakgrunn", "samisk opprinnelse"])),
        " og trenger fri under påskefestivalen i Kautokeino. ",
        ch(["Vår avdeling stiller seg positiv.", "Dag 2 av samlingen flyttes."]),
    ]
    return out


# ======================= confidential, English =======================
@tpl("en_sick_note", "en", "conf")
def _():
    f, l, n = fullname()
    out = (
        [
            ch(["Hi team,", "FYI (HR only):", "Absence update –"]),
            " ",
            P(n),
            " will be off until ",
            date_en(),
            " ",
            ch(["due to ", "following ", "because of "]),
        ]
        + sc("HEALTH", "en", "cause")
        + [". "]
    )
    out += ch(
        [
            ["Please don't share the reason; just say they are away. "],
            [P(f), " has asked us to cover the Drammen site visits. "],
            ["Cover: ", P(" ".join(person())), ". "],
        ]
    )
    if R.random() < 0.4:
        out += ["Reach ", P(f), " on ", PH(phone_any()), " only if urgent."]
    return out


@tpl("en_cover_letter", "en", "conf")
def _():
    f, l, n = fullname(ch(["en", "pl", "so", "vn", "ph", "ir", "ta", "er", "lt"]))
    out = [
        "Dear Hiring Manager,\n",
        f"I am applying for the {ch(['Warehouse Supervisor', 'Site Engineer', 'Payroll Officer', 'DevOps Engineer', 'Care Assistant'])} role advertised on FINN. ",
    ]
    r = R.random()
    if r < 0.25:
        out += [
            "As a woman ",
            *["of "],
            ("ETHNICITY", ch(["Somali descent", "Kurdish origin", "Sami heritage"])),
            ", I would bring a different perspective. ",
        ]
    elif r < 0.45:
        out += ["I should mention that I have "] + sc("HEALTH", "en", "has") + [", which is well managed. "]
    else:
        out += [f"I have {R.randint(3, 14)} years of experience in logistics and a forklift licence (T4). "]
    out += ["\nKind regards,\n", P(n), "\n", AD(address_any()), "\n", PH(phone_any()), "\n", EM(email_for(f, l, True))]
    return out


@tpl("en_helpdesk", "en", "conf")
def _():
    f, l, n = fullname()
    out = [
        f"Ticket {case_no()} | Priority: {ch(['P2', 'P3', 'High', 'Normal'])}\n",
        "Reporter: ",
        P(n),
        " <",
        EM(email_for(f, l, False)),
        ">\n",
        ch(
            [
                "Laptop won't connect to VPN since update ",
                "Outlook keeps crashing after ",
                "Printer on 3rd floor offline after firmware ",
            ]
        ),
        version(),
        ". Device: ",
        IPE(ip4(True)),
        f" (asset {serial()}).\n",
        ch(["Asked user to reboot.", "Reassigned to network team.", "Callback requested on "]),
    ]
    if out[-1] == "Callback requested on ":
        out += [PH(phone_any()), "."]
    return out


@tpl("en_firewall_log", "en", "conf")
def _():
    lines = []
    for _ in range(R.randint(2, 4)):
        act = ch(["DENY", "ALLOW", "DROP"])
        lines += [
            f"{date_en()} {time_()}:{R.randint(0, 59):02d} {act} TCP ",
            IPE(ip_any()),
            f":{R.randint(1024, 65000)} -> ",
            IPE(ip4(True)),
            f":{ch(['443', '22', '3389', '8080'])} rule={R.randint(10, 400)}\n",
        ]
    lines += [f"# policy applies to {cidr()}, mask {netmask()}, fw build {version4()}"]
    return lines


@tpl("en_dhcp_lease", "en", "conf")
def _():
    f, l, n = fullname()
    host = ch(["LT-", "PC-", "MBP-"]) + str(R.randint(1000, 9999))
    out = [
        "DHCPACK on ",
        IPE(ip4(True)),
        f" to {mac()} ({host}) via eth{R.randint(0, 2)}\n",
        f"lease {ip4(True).rsplit('.', 1)[0]}.0/24 pool, renew {time_()}\n".replace(".0/24", ".0/24"),
        "Note: this is ",
        P(n),
        ch(["'s laptop", "'s work phone", "'s home office router"]),
        "; ",
        ch(["block until malware scan completes.", "approved by IT security.", "user informed by phone."]),
    ]
    # the pool line above is a network, never labelled
    return out


@tpl("en_ai_summarise", "en", "conf")
def _():
    f, l, n = fullname()
    out = ch(
        [
            [
                'Summarise this complaint in three bullet points: "My name is ',
                P(n),
                ". I ordered a heat pump (order ",
                order_no(),
                ") and nobody has called me back on ",
                PH(phone_any()),
                ". I live at ",
                AD(address_any()),
                '."',
            ],
            [
                "Draft a reply to ",
                P(n),
                " (",
                EM(email_for(f, l)),
                ") declining the refund, but be kind – ",
                P(f),
                " mentioned that they are ",
            ]
            + sc("HEALTH", "en", "is")
            + ["."],
            [
                "Rewrite this more professionally: tell ",
                P(f.lower()),
                " that the invoice ",
                invoice_no(),
                " was paid twice and we will refund to ",
                IB(make_iban()),
                ".",
            ],
            [
                'Translate to Norwegian: "',
                P(n),
                " has been our ",
                ("TRADE_UNION", "union rep"),
                ' for years" – actually, just write a thank-you card for ',
                P(f),
                ".",
            ],
        ]
    )
    return out


@tpl("en_minutes", "en", "conf")
def _():
    ppl = [fullname() for _ in range(R.randint(3, 5))]
    out = [
        ch(["Minutes – Site coordination meeting", "Project board minutes", "Weekly ops sync"]),
        f", {date_en()}\nAttendees: ",
    ]
    for i, (_, _, n) in enumerate(ppl):
        out += ([", "] if i else []) + [P(n)]
    out += [
        "\n1. ",
        P(ppl[0][1]),
        " presented the Q3 numbers (",
        amount_en(),
        "). ",
        "2. Mark the invoice from Olsen Transport AS as disputed. ",
    ]
    out += ch(
        [
            ["3. ", P(ppl[1][0]), " is "] + sc("TRADE_UNION", "en", "is") + [" and will attend the negotiations. "],
            ["3. Health and safety course moved to May. "],
            ["3. ", P(ppl[-1][0]), " to follow up with the client. "],
        ]
    )
    return out


@tpl("en_crm", "en", "conf")
def _():
    f, l, n = fullname()
    out = [
        f"Account: {ch(COMPANIES + SURNAME_COMPANIES)}",
        "\nOrg no: ",
        OR(fmt_org(make_orgnr())),
        "\nContact: ",
        P(n),
        ch([" (CFO)", " (Head of Procurement)", " (Site Manager)"]),
        ", ",
        PH(phone_any()),
        ", ",
        EM(email_for(f, l, False)),
        "\n",
        "Last call ",
        date_en(),
        ": ",
        P(f),
        ch(
            [
                " wants a quote for 12 hydraulic cylinders.",
                " is unhappy with lead times.",
                " will renew if we match the price.",
            ]
        ),
    ]
    return out


@tpl("en_payment_details", "en", "conf")
def _():
    f, l, n = fullname()
    out = [
        ch(["Supplier onboarding", "Change of bank details", "Payment instructions"]),
        " – please update\n",
        "Payee: ",
        P(n),
        " (sole trader), org no ",
        OR(fmt_org(make_orgnr())),
        "\n",
        "IBAN: ",
        IB(make_iban()),
        "\n",
        ch(["Norwegian account: ", "Domestic account: "]),
        BA(fmt_bank(make_bank())),
        "\n",
        f"Invoice ref {invoice_no()}, amount {amount_en()}. ",
        ch(["Verified by phone on ", "Call-back number: "]),
        PH(phone_any()),
    ]
    return out


@tpl("en_refund_card", "en", "conf")
def _():
    f, l, n = fullname()
    out = [
        "Refund request ",
        case_no(),
        ": customer ",
        P(n),
        " was charged twice on card ",
        CA(make_card()),
        f" on {date_en()}. ",
        ch(["Order", "Booking"]),
        f" {order_no()}, tracking {tracking()}. ",
        ch(["Refund approved.", "Escalate to finance.", "Need last four digits only in future!"]),
    ]
    if R.random() < 0.5:
        out += [" Card expired, so pay back to ", IB(make_iban()), " instead."]
    return out


@tpl("en_investigation", "en", "conf")
def _():
    f, l, n = fullname()
    out = [
        ch(["CONFIDENTIAL – HR investigation", "Private & confidential", "Legal hold"]),
        f" ({case_no()})\n",
        "Background checks show that ",
        P(n),
        " ",
        ch(["has ", "was "]),
    ]
    if out[-1] == "has ":
        out += sc("CRIMINAL_RECORD", "en", "has")
    else:
        out += sc("CRIMINAL_RECORD", "en", "is")
    out += [
        ". ",
        P(l),
        " did not disclose this at interview. ",
        ch(
            [
                "A police certificate is required for all drivers.",
                "Next step: disciplinary meeting.",
                "Recommend no further action.",
            ]
        ),
    ]
    return out


@tpl("en_accommodation", "en", "conf")
def _():
    f, l, n = fullname(ch(["pk", "so", "sy", "ta", "en", "er", "ir"]))
    out = ["Hi ", P(f), ",\n", "Following our chat: as ", ch(["you're", "you are"]), " "]
    out += sc("RELIGION", "en", "is") + [
        ", we'll ",
        ch(
            [
                "keep Friday afternoons free for prayers",
                "adjust your shifts during Ramadan",
                "make sure the canteen has kosher options",
                "not schedule you on Sundays",
            ]
        ),
        ". ",
    ]
    out += ch(
        [
            ["The chapel at Bragernes church is just the venue for the Christmas party, nothing else. "],
            ["Let ", P(" ".join(person())), " in payroll know if anything changes. "],
        ]
    )
    out += ["Best, ", P(person()[0])]
    return out


@tpl("en_chat_lower", "en", "conf")
def _():
    f1, l1 = person()
    f2, l2 = person()
    a, b = f1.lower(), f2.lower()
    out = ch(
        [
            ["did ", P(a), " send the po yet?? need it b4 3\n> no, ", P(b), " has it. mobile is ", PH(phone_no(True))],
            ["heads up – ", P(a), " is "]
            + sc("SEXUAL_ORIENTATION", "en", "is")
            + [" and not out at work yet, so pls don't mention the pride thing to ", P(b)],
            ["can u ping ", P(a), "? ", P(b), "'s laptop (", IPE(ip4(True)), ") keeps dropping off wifi"],
            ["fyi ", P(a), " is "]
            + sc("TRADE_UNION", "en", "is")
            + [" now, so loop them in on the rota changes before friday"],
            ["lol ", P(a), " forgot his badge again. will bill the client for the extra hour. mark it in the log pls"],
        ]
    )
    return out


@tpl("en_contractor_dnr", "en", "conf")
def _():
    f, l, n = fullname(ch(["pl", "lt", "ua", "ph", "en", "th"]))
    out = [
        "New contractor: ",
        P(n),
        "\n",
        "D number: ",
        DN(fmt_fnr(make_fnr(True))),
        "\n",
        *(["Account no: ", BA(fmt_bank(make_bank()))] if R.random() < 0.5 else ["IBAN (home bank): ", IB(make_iban())]),
        "\n",
        "Home address abroad: ",
        AD(address_foreign()),
        "\n",
        f"Start {date_en()} at the {ch(['Stavanger yard', 'Bergen warehouse', 'Alta substation'])}. Tax card pending.",
    ]
    return out


@tpl("en_delivery_note", "en", "conf")
def _():
    f, l, n = fullname()
    out = [
        f"DELIVERY NOTE {invoice_no()}\nShip to: ",
        P(n),
        ", ",
        AD(address_any()),
        "\n",
        "Contact phone: ",
        PH(phone_any()),
        *([", e-mail ", EM(email_for(f, l))] if R.random() < 0.6 else []),
        "\n",
        f"Items: {R.randint(1, 40)} x {article_no()}, {R.randint(1, 9)} x {article_no()}\nCarrier ref {tracking()}. Signed: ",
        P(l),
    ]
    return out


@tpl("en_union_email", "en", "conf")
def _():
    f, l, n = fullname()
    out = (
        [
            "Subject: ",
            ch(["Re: overtime dispute", "Working hours at the Heimdal site", "Disciplinary meeting"]),
            "\n",
            "Hi ",
            P(f),
            ", ",
            P(" ".join(person())),
            " is ",
        ]
        + sc("TRADE_UNION", "en", "is")
        + [
            " and has asked to join the meeting on ",
            date_en(),
            ". ",
            ch(["The union agreement (tariffavtale) still applies.", "Room 204 is booked.", "Please confirm."]),
            "\n– ",
            P(" ".join(person())),
        ]
    )
    return out


@tpl("en_reference_check", "en", "conf")
def _():
    f, l, n = fullname()
    rf, rl, rn = fullname()
    out = [
        "Reference check – ",
        P(n),
        "\nReferee: ",
        P(rn),
        ", ",
        PH(phone_any()),
        "\n",
        P(rl),
        " said ",
        P(f),
        " was reliable, ",
        ch(["but had long absences due to ", "though they mentioned ", "and coped well with "]),
    ]
    out += sc("HEALTH", "en", "cause") + [
        ". ",
        ch(["Would re-hire.", "Grace period for the probation ends in May.", "Frank and helpful feedback overall."]),
    ]
    return out


@tpl("en_vpn_audit", "en", "conf")
def _():
    f, l, n = fullname()
    em = email_for(f, l, False)
    out = [
        f"VPN session report {date_en()}\nuser=",
        EM(em),
        " src=",
        IPE(ip_any()),
        " assigned=",
        IPE(ip4(True)),
        f" client=GlobalProtect {version()} duration={R.randint(1, 9)}h{R.randint(0, 59)}m\n",
        "Flagged: login from ",
        ch(["Vilnius", "Manila", "Lagos", "São Paulo"]),
        " – confirm with ",
        P(f),
        " before disabling.",
    ]
    return out


@tpl("en_expense_claim", "en", "conf")
def _():
    f, l, n = fullname()
    out = [
        "Expense claim #",
        str(R.randint(1000, 9999)),
        " – ",
        P(n),
        "\n",
        f"Hotel in Tromsø, {amount_en()}; taxi {amount_en()}.\n",
        "Paid with corporate card ",
        CA(make_card()),
        ". Reimburse the private part to ",
        BA(fmt_bank(make_bank())),
        ".\n",
        "Approved by ",
        P(person()[0]),
        f" on {date_en()}.",
    ]
    return out


@tpl("en_ethnicity_survey", "en", "conf")
def _():
    f, l, n = fullname(ch(["sami", "en", "so", "no"]))
    out = (
        ["Note from 1:1 with ", P(n), ": ", P(f), " is "]
        + sc("ETHNICITY", "en", "is")
        + [
            " and would like to lead the outreach to communities in Finnmark. ",
            ch(["Our diversity policy supports this.", "Will discuss with ", "No action needed."]),
        ]
    )
    if out[-1] == "Will discuss with ":
        out += [P(" ".join(person())), "."]
    return out


@tpl("en_tenant_complaint", "en", "conf")
def _():
    f, l, n = fullname()
    out = [
        "Municipal housing – complaint from tenant ",
        P(n),
        " at ",
        AD(address_no()),
        ". ",
        "Neighbour reports noise after 23:00. ",
        P(f),
        " says the neighbour, ",
        P(" ".join(person())),
        ", is ",
    ] + sc("CRIMINAL_RECORD", "en", "is")
    out += [". Contact: ", PH(phone_no()), "."]
    return out


@tpl("no_epost_signatur", "no", "conf")
def _():
    f, l, n = fullname()
    out = [
        ch(["Hei,\nvedlagt oppdatert tegning.", "Takk for hyggelig møte i går.", "Se vedlagt ordrebekreftelse."]),
        f" Leveranse uke {R.randint(1, 52)}.\n\nMed vennlig hilsen\n",
        P(n),
        "\n",
        ch(["Prosjektleder", "Innkjøper", "Avdelingsleder lager", "Servicekoordinator"]),
        f", {ch(COMPANIES)}\n",
        "Mob: ",
        PH(phone_no(True)),
        " | Sentralbord: ",
        PH(phone_no(False)),
        "\n",
        EM(email_for(f, l, False)),
    ]
    if R.random() < 0.5:
        out += [" | Faktura: ", EM(role_email())]
    return out


@tpl("en_out_of_office", "en", "conf")
def _():
    f, l, n = fullname()
    g, m, k = fullname()
    out = [
        f"Automatic reply: I am out of the office until {date_en()} with limited access to e-mail. ",
        "For urgent matters please contact ",
        P(k),
        " (",
        EM(email_for(g, m, False)),
        ", ",
        PH(phone_any()),
        ") ",
        "or our service desk at ",
        EM(role_email()),
        ".\n",
        ch(["Best regards, ", "Thanks, ", "– "]),
        P(f),
    ]
    return out


@tpl("en_harassment_report", "en", "conf")
def _():
    f, l, n = fullname()
    out = [
        ch(["Whistleblowing report", "Harassment complaint", "Speak-up case"]),
        f" {case_no()}: ",
        P(n),
        " reports that two colleagues on the night shift made jokes about ",
        P(f),
        " being ",
    ]
    out += sc("SEXUAL_ORIENTATION", "en", "is") if R.random() < 0.7 else sc("RELIGION", "en", "is")
    out += [
        ". ",
        ch(
            [
                "Meeting with the safety rep scheduled.",
                "HR to interview witnesses.",
                "The diversity policy will be restated to all teams.",
            ]
        ),
        " Handled by ",
        P(" ".join(person())),
        ".",
    ]
    return out


@tpl("no_trakassering", "no", "conf")
def _():
    f, l, n = fullname()
    out = ["Varsel mottatt ", date_no(), ": ", P(n), " opplever kommentarer fra kolleger fordi vedkommende er "]
    out += sc("SEXUAL_ORIENTATION", "no", "is") if R.random() < 0.55 else sc("RELIGION", "no", "is")
    out += [
        ". Saken følges opp av ",
        P(" ".join(person())),
        ch([" og verneombudet.", " i HR.", "."]),
        " Varslingsrutinen er sendt til alle ledere.",
    ]
    return out


@tpl("en_interpreter_request", "en", "conf")
def _():
    f, l, n = fullname(ch(["so", "er", "sy", "sami", "no", "ua"]))
    out = (
        [
            ch(
                [
                    "Interpreter request – family services",
                    "Booking: interpreter for home visit",
                    "Child welfare – meeting prep",
                ]
            ),
            f" ({case_no()})\nClient: ",
            P(n),
            ". The client is ",
        ]
        + sc("ETHNICITY", "en", "is")
        + [
            " and ",
            ch(
                [
                    "prefers a female interpreter",
                    "asked that the meeting is held in Northern Sami",
                    "would like a cultural mediator present",
                ]
            ),
            ". Meeting at ",
            AD(address_no()),
            f" on {date_en()}, {time_()}. Booked by ",
            P(" ".join(person())),
            ".",
        ]
    )
    return out


@tpl("no_kommune_tolk", "no", "conf")
def _():
    f, l, n = fullname(ch(["sami", "no", "so", "er"]))
    out = (
        [f"Tolkebestilling {case_no()}: ", P(n), " har "]
        + sc("ETHNICITY", "no", "has")
        + [
            " og ønsker ",
            ch(["vedtaket oversatt til nordsamisk", "tolk til møtet med barnevernet", "samtalen på eget språk"]),
            ". ",
            f"Møtet holdes {date_no()} kl. {time_()} på rådhuset, rom 3. Kontakt saksbehandler på ",
            PH(phone_no(False)),
            ".",
        ]
    )
    return out


@tpl("no_fagforeningstrekk", "no", "conf")
def _():
    f, l, n = fullname()
    out = [
        ch(["Melding til lønn", "Endring i trekk", "Lønnsendring"]),
        f" fra {date_no()}: ",
        P(n),
        f" (ansattnr. {R.randint(1000, 99999)}) er nå ",
    ]
    out += sc("TRADE_UNION", "no", "is")[-1:] + [
        f". Trekk kontingent {R.randint(1, 2)},{R.randint(0, 9)} % av brutto, maks kr {R.randint(400, 600)} per måned. ",
        ch(
            ["Tariffavtalen gjelder fra samme dato.", "Gjelder også feriepenger.", "Kvittering sendes til den ansatte."]
        ),
    ]
    return out


@tpl("en_eap_note", "en", "conf")
def _():
    f, l, n = fullname()
    out = ["EAP referral (strictly confidential): ", P(n), " came to see me today. ", P(f), " is "]
    out += sc("SEXUAL_ORIENTATION", "en", "is")[-1:] + [
        " and is going through a difficult separation; ",
        ch(["sleep is poor", "performance has dropped", "asked for two weeks' leave"]),
        ". Referred to the counsellor ",
        P(" ".join(person())),
        ", ",
        PH(phone_any()),
        ".",
    ]
    return out


@tpl("no_yrkesskade", "no", "conf")
def _():
    f, l, n = fullname()
    out = [
        ch(["Melding om yrkesskade", "Skademelding til forsikringsselskapet", "Avvik med personskade"]),
        f" – {date_no()}\n",
        "Skadelidte: ",
        P(n),
        ", fnr. ",
        FN(fmt_fnr(make_fnr())),
        "\n",
        "Skade: ",
        (
            "HEALTH",
            ch(
                [
                    "kuttskade i venstre hånd",
                    "brudd i foten etter fall fra stige",
                    "klemskade på fingeren i kantpressen",
                    "etseskade på underarmen",
                    "hørselsskade etter støy",
                ]
            ),
        ),
        f"\nArbeidsgiver: {ch(COMPANIES)}, org.nr. ",
        OR(fmt_org(make_orgnr())),
        "\nVitne: ",
        P(" ".join(person())),
        f". Skadenr. {bad_11()}.",
    ]
    return out


@tpl("en_travel_booking", "en", "conf")
def _():
    f, l, n = fullname()
    out = [
        ch(["Please book", "Can you book", "Book"]),
        f" {R.randint(1, 4)} nights at {ch(['Scandic Ishavshotel', 'Thon Hotel Bodø', 'Clarion Hotel Air', 'Quality Hotel Alta'])} for ",
        P(n),
        f" from {date_en()}. Use the company card ",
        CA(make_card()),
        f", cost centre {R.randint(1000, 9999)}, project {article_no()}. ",
        ch(["Late arrival (after 23:00).", "Non-smoking room, please.", "Send the confirmation to "]),
    ]
    if out[-1] == "Send the confirmation to ":
        out += [EM(email_for(f, l, False)), "."]
    return out


# ======================= internal (ORGNR only) =======================
def org_mva():
    o = make_orgnr()
    f = R.random()
    if f < 0.3:
        return ["NO ", OR(f"{o[:3]} {o[3:6]} {o[6:]}"), " MVA"]
    if f < 0.5:
        return [OR(o), "MVA"]
    return [OR(fmt_org(o))]


@tpl("no_leverandorregister", "no", "int")
def _():
    out = [f"Leverandørregister – oppdatert {date_no()}\n"]
    for _ in range(R.randint(2, 3)):
        out += (
            [f"• {ch(COMPANIES + SURNAME_COMPANIES)}, org.nr. "]
            + org_mva()
            + [f", betalingsbetingelse {ch(['30', '14', '45'])} dager, kundenr. hos dem: {bad_9()}\n"]
        )
    out += [f"Rammeavtale {R.randint(2024, 2026)}-{R.randint(10, 99)} gjelder til {date_no()}."]
    return out


@tpl("en_vendor_due_diligence", "en", "int")
def _():
    c = ch(COMPANIES + SURNAME_COMPANIES)
    out = (
        [f"Vendor check: {c}\nVAT: "]
        + org_mva()
        + [
            f"\nCredit rating {ch(['A', 'AA', 'B'])}, revenue {amount_en()}, {R.randint(8, 240)} employees. "
            f"Registered in {ch(['Bergen', 'Trondheim', 'Sandnes', 'Tromsø'])}; no remarks in the Brønnøysund registers. "
            f"Framework contract ref {invoice_no()}."
        ]
    )
    return out


@tpl("no_anbudsevaluering", "no", "int")
def _():
    cs = R.sample(COMPANIES + SURNAME_COMPANIES, 3)
    out = [
        f"Anbudsevaluering – {ch(['rehabilitering av Brugata skole', 'ny kaifront', 'vinterdrift av kommunale veier', 'levering av stålprofiler'])}\n"
    ]
    for i, c in enumerate(cs):
        out += [f"{i + 1}. {c} (", OR(fmt_org(make_orgnr())), f"): {amount_no()}, poeng {R.randint(55, 98)}\n"]
    out += [f"Anbefalt: {cs[0]}. Klagefrist {date_no()}."]
    return out


@tpl("en_b2b_invoice_header", "en", "int")
def _():
    s, b = R.sample(COMPANIES, 2)
    out = (
        [f"INVOICE {invoice_no()}\nSeller: {s}, Org.no. "]
        + org_mva()
        + [
            f"\nBuyer: {b}, org no ",
            OR(fmt_org(make_orgnr())),
            f"\nDue {date_en()} | KID {kid()} | Total {amount_en()} incl. 25% VAT\nPO {order_no()}",
        ]
    )
    return out


@tpl("no_brreg_sjekk", "no", "int")
def _():
    c1, c2 = R.sample(COMPANIES + SURNAME_COMPANIES, 2)
    out = [
        "Sjekket i Brønnøysundregistrene i dag: ",
        c1,
        " (",
        OR(fmt_org(make_orgnr())),
        ") er registrert i Foretaksregisteret og MVA-registeret. ",
        c2,
        " (",
        OR(fmt_org(make_orgnr())),
        ") ",
        ch(["er slettet", "er under avvikling", "mangler MVA-registrering"]),
        f". Ikke forveksle med ordrenummer {bad_9()}.",
    ]
    return out


@tpl("nn_underleverandorar", "no", "int")
def _():
    out = [f"Underleverandørar på byggjeplassen veke {R.randint(1, 52)}:\n"]
    for _ in range(R.randint(2, 3)):
        out += [
            f"– {ch(COMPANIES + SURNAME_COMPANIES)}, organisasjonsnummer ",
            OR(fmt_org(make_orgnr())),
            f", {R.randint(2, 14)} personar\n",
        ]
    out += ["HMS-kort skal berast synleg. Dag 1 startar kl. 07:00."]
    return out


@tpl("en_subcontractor_list", "en", "int")
def _():
    out = [f"Approved subcontractors ({ch(['E39 project', 'Fornebu office build', 'hospital wing B'])}):\n"]
    for _ in range(R.randint(2, 3)):
        out += [
            f"{ch(COMPANIES + SURNAME_COMPANIES)} — org. ",
            OR(fmt_org(make_orgnr())),
            f" — insurance policy {bad_9()}\n",
        ]
    out += ["May 1 is a public holiday; site closed."]
    return out


# ======================= public (no entities, many hard negatives) =======================
@tpl("no_stillingsannonse", "no", "pub")
def _():
    return [
        f"{ch(COMPANIES)} søker {ch(['to CNC-operatører', 'en lagerleder', 'helsefagarbeidere', 'en IT-driftstekniker'])} til avdelingen i ",
        ch(["Olav Tryggvasons gate", "Sandnes", "Heimdal", "7080 Heimdal", "Alta"]),
        ". Politiattest kreves for stillingen. ",
        f"Søknadsfrist {date_no()}. Stillingsnr. {R.randint(100, 999)}/{R.randint(24, 26)}. ",
        ch(
            [
                "Vi følger tariffavtalen og har egen mangfoldsplan.",
                "Vår avdeling har 40 ansatte.",
                "Søk via portalen – ikke send CV på e-post.",
            ]
        ),
    ]


@tpl("no_hms_kurs", "no", "pub")
def _():
    return [
        f"HMS-kurs for nyansatte {date_no()} kl. {time_()}–{time_()}. Dag 1: ",
        ch(["brannvern og førstehjelp", "verneutstyr og fallsikring", "kjemikaliehåndtering"]),
        ". Dag 2: rutiner for sykefravær og avviksmelding. Kurset holdes i Rom 204. ",
        ch(["Verneombudet deltar.", "Husk vernesko str. 36–48 fra lageret.", "Påmelding innen fredag."]),
    ]


@tpl("no_tariff_info", "no", "pub")
def _():
    return [
        "Informasjon om lønnsoppgjøret: Tariffavtalen mellom NHO og Fellesforbundet gir et generelt tillegg på ",
        f"kr {R.randint(3, 8)},{R.randint(0, 99):02d} per time fra {date_no()}. ",
        ch(
            [
                "Alle fagforeninger er invitert til informasjonsmøte.",
                "Sykefraværsrutinen er uendret.",
                "Spørsmål rettes til nærmeste leder.",
            ]
        ),
    ]


@tpl("no_aapningstider", "no", "pub")
def _():
    return [
        ch(["Åpningstider i julen", "Endrede åpningstider", "Sommerstengt"]),
        f": {ch(COMPANIES)} holder stengt {date_no()}–{date_no()}. ",
        f"Lager og verksted åpner igjen kl. {time_()}. Varer bestilt etter {date_no()} sendes i uke {R.randint(1, 52)}. ",
        ch(["Sol og varme er meldt – god sommer!", "Vår kundeservice svarer på chat.", "God jul og godt nytt år!"]),
    ]


@tpl("no_verksted_tilbud", "no", "pub")
def _():
    return [
        f"Tilbud {invoice_no()} – maskinering av {R.randint(10, 500)} stk. aksel, materiale 42CrMo4\n",
        f"Art.nr. {article_no()}: {amount_no()} per stk.\nArt.nr. {article_no()}: {amount_no()}\n",
        f"Leveringstid {R.randint(2, 9)} uker. Toleranse ±0,02 mm. Tegning rev. {version()}. Prisene gjelder i 30 dager. Totalsum {amount_no()} eks. mva.",
    ]


@tpl("no_kantine_meny", "no", "pub")
def _():
    return [
        f"Kantinemeny uke {R.randint(1, 52)}\nMandag: fiskesuppe (allergener: fisk, melk, selleri)\n",
        "Tirsdag: kyllinggryte med ris (glutenfri)\nOnsdag: vegetar-taco\n",
        ch(["Alle retter merkes med de 14 allergenene.", "Halal-kjøtt serveres tirsdag.", "Dag 3: vaffeldag!"]),
        f" Pris kr {R.randint(45, 95)},-.",
    ]


@tpl("no_driftsmelding", "no", "pub")
def _():
    return [
        f"Driftsmelding {date_no()}: Planlagt vedlikehold på nettet {cidr()} kl. {time_()}–{time_()}. ",
        f"Brannmur oppgraderes til versjon {version4()}, nettmaske {netmask()} endres ikke. ",
        ch(["VPN vil være utilgjengelig i ca. 30 min.", "Ingen handling kreves av brukerne.", f"Saksnr. {case_no()}."]),
    ]


@tpl("no_fakturarutine", "no", "pub")
def _():
    return [
        "Slik fakturerer du oss: Oppgi alltid bestillingsnummer (10 siffer, f.eks. ",
        order_no(),
        ") og vår referanse. ",
        f"Fakturaer under {amount_no()} kan sendes som PDF. EHF foretrekkes. ",
        f"Eksempel på KID: {kid()}. Betalingsfrist 30 dager.",
    ]


@tpl("no_nyhet_kommune", "no", "pub")
def _():
    return [
        ch(["Kommunen informerer", "Pressemelding"]),
        f": Den nye sykehjemsfløyen i {ch(['Brugata', 'Kirkegata', 'Henrik Ibsens gate'])} åpner {date_no()}. ",
        f"Prosjektet har kostet {amount_no()}. Kirken ved siden av brukes som lokale for åpningskonserten. ",
        ch(["Alle er velkomne.", "Liv og helse står i sentrum.", "Dag 1 blir det omvisning."]),
    ]


@tpl("nn_kunngjering", "no", "pub")
def _():
    return [
        f"Kunngjering: Vassleidningsarbeid i {ch(['Sjøgata', 'Storgata', 'Elvebakken'])} frå {date_no()}. ",
        f"Vegen er stengd mellom kl. {time_()} og {time_()}. Postnummer {ch(['6800', '5003', '9510'])} får forseinka post. ",
        ch(["Vi beklagar ulempene.", "Sjå kommunen si nettside for kart."]),
    ]


@tpl("no_avvik_generelt", "no", "pub")
def _():
    return [
        f"Avviksmelding {case_no()}: Truck {serial()} manglet gyldig sertifikat ved kontroll {date_no()}. ",
        "Ingen personskade. Tiltak: ny opplæring, oppdatert sjekkliste ",
        version(),
        ". ",
        ch(["Verneombudet er informert.", "Berg og stein ble ryddet fra kjøreveien.", "Saken lukkes."]),
    ]


@tpl("no_sykefravær_policy", "no", "pub")
def _():
    return [
        "Rutine for sykefravær: Meld fra til nærmeste leder før kl. 08:00 første fraværsdag. ",
        "Egenmelding kan brukes inntil 3 dager. Ved sykmelding lager leder oppfølgingsplan innen 4 uker. ",
        ch(
            [
                "Gravide arbeidstakere har rett til tilrettelegging.",
                "Bedriftshelsetjenesten kan kontaktes.",
                "Rutinen gjelder alle ansatte.",
            ]
        ),
    ]


@tpl("en_release_notes", "en", "pub")
def _():
    return [
        f"Release {version()} ({date_en()})\n- Fixed crash when importing CSV files > 2 GB\n",
        f"- Bumped dependency to {version4()}; run `npm install @orkester/ui@{version()}`\n",
        f"- Build {R.randint(1000, 9999)}, checksum {''.join(ch('0123456789abcdef') for _ in range(12))}\n",
        ch(
            [
                "Will be rolled out to all tenants next week.",
                "Mark the old API as deprecated.",
                "May require a restart.",
            ]
        ),
    ]


@tpl("en_pride_notice", "en", "pub")
def _():
    return [
        "June is Pride Month! ",
        f"{ch(COMPANIES)} will fly the rainbow flag at all sites. ",
        ch(
            [
                "Our diversity policy applies to everyone.",
                "Join the Pride breakfast in the canteen at 08:30.",
                "Read the new equality and inclusion guidelines on the intranet.",
            ]
        ),
    ]


@tpl("en_security_advisory", "en", "pub")
def _():
    return [
        f"Security advisory {R.randint(2024, 2026)}-{R.randint(1, 99):03d}: OpenSSL {version()} and router firmware {version4()} are affected. ",
        f"Upgrade to {version4()} or later. Default gateway examples in the vendor docs use {cidr()}. ",
        "Contact the service desk via the portal; do not reply to this notice.",
    ]


@tpl("en_quote_machining", "en", "pub")
def _():
    return [
        f"Quotation {invoice_no()}\nPart {article_no()}, stainless 316L, qty {R.randint(20, 800)}: {amount_en()}\n",
        f"Surface treatment: {amount_en()}\nLead time {R.randint(2, 10)} weeks, Incoterms FCA Sandnes. Valid 30 days. ",
        ch(
            [
                "Frank feedback on the drawings is welcome.",
                "Bill of materials attached.",
                "Grace period for payment: 10 days.",
            ]
        ),
    ]


@tpl("en_shipping_policy", "en", "pub")
def _():
    return [
        "Shipping: orders placed before 14:00 ship the same day. Track your parcel with the number on the label, e.g. ",
        tracking(),
        ". ",
        f"Pallets over {R.randint(500, 900)} kg ship by freight. ",
        ch(
            [
                "Returns within 30 days.",
                "Customs fees for the UK are not included.",
                "Postcode 9008 and north: +2 days.",
            ]
        ),
    ]


@tpl("en_it_notice", "en", "pub")
def _():
    return [
        f"IT notice: the guest Wi-Fi moves to {cidr()} on {date_en()}. Subnet mask {netmask()}. ",
        f"Printers keep firmware {version4()}. ",
        ch(
            [
                "Siri and Alexa devices are not allowed on the corporate network.",
                "Copilot is now available in Outlook.",
                "No action is required.",
            ]
        ),
    ]


@tpl("en_canteen", "en", "pub")
def _():
    return [
        f"Canteen week {R.randint(1, 52)}: Monday – lentil soup (allergens: celery); Tuesday – salmon with potatoes; ",
        "Wednesday – vegan curry. Halal and vegetarian options daily. ",
        ch(
            [
                "Allergens are listed on the menu board.",
                "Hope to see you at Friday's cake!",
                f"Price NOK {R.randint(45, 95)}.",
            ]
        ),
    ]


@tpl("en_job_ad", "en", "pub")
def _():
    return [
        f"We are hiring: {ch(['Site Foreman', 'Support Engineer', 'Healthcare Assistant', 'Accounts Payable Clerk'])} in {ch(['Bergen', 'Bodø', 'Hamar', 'Kongsberg'])}. ",
        "A police certificate is required. We follow the collective agreement and welcome applicants of all backgrounds. ",
        f"Apply by {date_en()}, ref. {R.randint(100, 999)}/{R.randint(24, 26)}.",
    ]


@tpl("en_holiday_notice", "en", "pub")
def _():
    return [
        "Reminder: 17 May is a public holiday and the office will be closed. ",
        ch(
            [
                "Will the Stavanger depot be open? Yes, 08:00–12:00.",
                "Bill any overtime to project 4411.",
                "Mark your calendars.",
            ]
        ),
        f" Invoices issued after {date_en()} will be due in June. ",
        ch(["Grace and patience appreciated!", "Hope you all enjoy the day.", "Sunny weather expected."]),
    ]


@tpl("en_faq", "en", "pub")
def _():
    return [
        "FAQ: Why does my order number look like a phone number? ",
        f"Order numbers are 8 digits, e.g. {num8_nonphone()}, and invoice numbers start with F (F{R.randint(10000, 99999)}). ",
        f"Our org number is printed on every invoice. Customer IDs such as {bad_11()} are internal references, not personal data.",
    ]


@tpl("en_kpi_report", "en", "pub")
def _():
    return [
        f"Q{R.randint(1, 4)} KPI report: revenue {amount_en()}, sick-leave rate {R.randint(3, 8)},{R.randint(0, 9)} %, ",
        f"{R.randint(2, 30)} new hires, on-time delivery {R.randint(85, 99)} %. ",
        "The health and safety course was completed by 94 % of staff. Union agreement renewed. ",
        f"Report ID {bad_fnr_looking()}.",
    ]


@tpl("no_statistikk", "no", "pub")
def _():
    return [
        f"Nøkkeltall {R.randint(2024, 2026)}: omsetning {amount_no()}, sykefravær {R.randint(3, 9)},{R.randint(0, 9)} %, ",
        f"{R.randint(20, 300)} ansatte. Referanse {bad_fnr_looking()} (internt dokumentnummer). ",
        ch(
            [
                "Vår strategi ligger på intranett.",
                "Berg & Sønn AS er ny samarbeidspartner.",
                "Olsen Transport AS overtar distribusjonen i nord.",
            ]
        ),
    ]


# ---- extra variants for public templates (override earlier definitions with richer wording)
def _override(tid, fn):
    for i, t in enumerate(TPLS):
        if t[0] == tid:
            TPLS[i] = (t[0], t[1], t[2], fn)
            return
    raise KeyError(tid)


def _holiday():
    return ch(
        [
            [
                "Reminder: 17 May is a public holiday and the office will be closed. ",
                ch(
                    [
                        "Will the Stavanger depot be open? Yes, 08:00–12:00.",
                        "Bill any overtime to project 4411.",
                        "Mark your calendars.",
                    ]
                ),
                f" Invoices issued after {date_en()} will be due in June.",
            ],
            [
                f"Office closures {R.randint(2025, 2026)}:\n• Maundy Thursday to Easter Monday\n• 1 May and 17 May\n• Ascension Day\n",
                ch(
                    [
                        "Hope everyone gets some rest.",
                        "Grace, the new booking system, will block these dates automatically.",
                        "Frank discussions about the rota can go to your team lead.",
                    ]
                ),
            ],
            [
                "Christmas schedule: last deliveries leave the warehouse on 20 December at ",
                time_(),
                ". ",
                f"Orders received after that ship on {date_en()}. ",
                ch(
                    [
                        "Will the billing module demo still run at 14:00? Yes.",
                        "May the new year bring fewer delays!",
                        "Sunny weather expected.",
                    ]
                ),
            ],
        ]
    )


def _shipping():
    return ch(
        [
            [
                "Shipping: orders placed before 14:00 ship the same day. Track your parcel with the number on the label, e.g. ",
                tracking(),
                ". ",
                f"Pallets over {R.randint(500, 900)} kg ship by freight. ",
                ch(
                    [
                        "Returns within 30 days.",
                        "Customs fees for the UK are not included.",
                        "Postcode 9008 and north: +2 days.",
                    ]
                ),
            ],
            [
                f"Delivery update {date_en()}: the ferry to Svolvær is cancelled, so shipments {tracking()} and {tracking()} are delayed by one day. ",
                "No action needed from customers.",
            ],
            [
                "Returns policy\n1) Log in and open the order.\n2) Print the label (reference ",
                order_no(),
                " style).\n",
                f"3) Drop the parcel at any Posten point. Refunds are issued within {R.randint(3, 14)} working days.",
            ],
        ]
    )


def _jobad_en():
    return ch(
        [
            [
                f"We are hiring: {ch(['Site Foreman', 'Support Engineer', 'Healthcare Assistant', 'Accounts Payable Clerk'])} in {ch(['Bergen', 'Bodø', 'Hamar', 'Kongsberg'])}. ",
                "A police certificate is required. We follow the collective agreement and welcome applicants of all backgrounds. ",
                f"Apply by {date_en()}, ref. {R.randint(100, 999)}/{R.randint(24, 26)}.",
            ],
            [
                f"{ch(COMPANIES)} is looking for two {ch(['night-shift nurses', 'welders (ISO 9606)', 'forklift drivers', 'municipal caseworkers'])}. ",
                f"Salary from {amount_en()} per year, pension and union agreement. Start {date_en()}. ",
                "Applications through our recruitment portal only – we do not accept CVs by e-mail.",
            ],
        ]
    )


def _jobad_no():
    return ch(
        [
            [
                f"{ch(COMPANIES)} søker {ch(['to CNC-operatører', 'en lagerleder', 'helsefagarbeidere', 'en IT-driftstekniker'])} til avdelingen i ",
                ch(["Olav Tryggvasons gate", "Sandnes", "Heimdal", "7080 Heimdal", "Alta"]),
                ". Politiattest kreves for stillingen. ",
                f"Søknadsfrist {date_no()}. Stillingsnr. {R.randint(100, 999)}/{R.randint(24, 26)}. ",
                ch(
                    [
                        "Vi følger tariffavtalen og har egen mangfoldsplan.",
                        "Vår avdeling har 40 ansatte.",
                        "Søk via portalen – ikke send CV på e-post.",
                    ]
                ),
            ],
            [
                f"Ledig stilling: {ch(['Sveiser', 'Renholder', 'Saksbehandler byggesak', 'Lærling i bilfag'])} ({ch(['100 %', 'vikariat', 'fast'])}).\n",
                f"Vi tilbyr lønn etter tariff, gode forsikringer og bedriftshytte i Hemsedal. Oppstart {date_no()}. ",
                ch(
                    [
                        "Alle kvalifiserte søkere oppfordres til å søke uavhengig av bakgrunn.",
                        "Førerkort klasse B er et krav.",
                        "Stillingen krever HMS-kort.",
                    ]
                ),
            ],
        ]
    )


def _pride():
    return ch(
        [
            [
                "June is Pride Month! ",
                f"{ch(COMPANIES)} will fly the rainbow flag at all sites. ",
                ch(
                    [
                        "Our diversity policy applies to everyone.",
                        "Join the Pride breakfast in the canteen at 08:30.",
                        "Read the new equality and inclusion guidelines on the intranet.",
                    ]
                ),
            ],
            [
                "Oslo Pride parade on Saturday: the office on Karl Johans gate closes at 12:00 because of road closures. ",
                "The diversity network will have a stand; everyone is welcome to walk with us.",
            ],
        ]
    )


def _sickpolicy():
    return ch(
        [
            [
                "Rutine for sykefravær: Meld fra til nærmeste leder før kl. 08:00 første fraværsdag. ",
                "Egenmelding kan brukes inntil 3 dager. Ved sykmelding lager leder oppfølgingsplan innen 4 uker. ",
                ch(
                    [
                        "Gravide arbeidstakere har rett til tilrettelegging.",
                        "Bedriftshelsetjenesten kan kontaktes.",
                        "Rutinen gjelder alle ansatte.",
                    ]
                ),
            ],
            [
                "Påminnelse: Influensavaksine tilbys alle ansatte i uke ",
                str(R.randint(40, 47)),
                " i kantina. ",
                "Ta med vaksinekort hvis du har det. Personer med astma, diabetes eller hjertesykdom anbefales særlig å vaksinere seg.",
            ],
            [
                "Ny IA-avtale: målet er å redusere sykefraværet til under 5 %. ",
                f"Ledere får kurs i oppfølging {date_no()}. Tillitsvalgte og verneombud deltar i arbeidet.",
            ],
        ]
    )


def _kpi():
    return ch(
        [
            [
                f"Q{R.randint(1, 4)} KPI report: revenue {amount_en()}, sick-leave rate {R.randint(3, 8)},{R.randint(0, 9)} %, ",
                f"{R.randint(2, 30)} new hires, on-time delivery {R.randint(85, 99)} %. ",
                "The health and safety course was completed by 94 % of staff. Union agreement renewed. ",
                f"Report ID {bad_fnr_looking()}.",
            ],
            [
                f"Warehouse dashboard {date_en()}: {R.randint(200, 2000)} picks/hour, {R.randint(0, 5)} incidents, dock door 4 out of service. ",
                f"Batch {bad_11()} re-scanned. Next stock count {date_en()}.",
            ],
        ]
    )


def _faq():
    return ch(
        [
            [
                "FAQ: Why does my order number look like a phone number? ",
                f"Order numbers are 8 digits, e.g. {num8_nonphone()}, and invoice numbers start with F (F{R.randint(10000, 99999)}). ",
                f"Our org number is printed on every invoice. Customer IDs such as {bad_11()} are internal references, not personal data.",
            ],
            [
                "How do I reset my password? Go to the self-service portal, choose 'Forgot password' and follow the steps. ",
                "The portal works from any network; the office range ",
                cidr(),
                " does not need VPN. Tip: never share codes over chat.",
            ],
            [
                "Which e-mail format do we use? Addresses follow the pattern firstname.lastname at our domain. ",
                "Don't type it as name[at]company[dot]no in public documents – use the contact form instead. ",
                f"Mailbox quota is {R.randint(10, 100)} GB.",
            ],
        ]
    )


def _canteen_en():
    return ch(
        [
            [
                f"Canteen week {R.randint(1, 52)}: Monday – lentil soup (allergens: celery); Tuesday – salmon with potatoes; ",
                "Wednesday – vegan curry. Halal and vegetarian options daily. ",
                ch(
                    [
                        "Allergens are listed on the menu board.",
                        "Hope to see you at Friday's cake!",
                        f"Price NOK {R.randint(45, 95)}.",
                    ]
                ),
            ],
            [
                "Friday lunch: tacos! Gluten-free shells available; tell the kitchen about allergies before 10:00. ",
                f"Coffee machine in building B is fixed (firmware {version()}).",
            ],
        ]
    )


def _kunngjering():
    return ch(
        [
            [
                f"Kunngjering: Vassleidningsarbeid i {ch(['Sjøgata', 'Storgata', 'Elvebakken'])} frå {date_no()}. ",
                f"Vegen er stengd mellom kl. {time_()} og {time_()}. Postnummer {ch(['6800', '5003', '9510'])} får forseinka post. ",
                ch(["Vi beklagar ulempene.", "Sjå kommunen si nettside for kart."]),
            ],
            [
                f"Open dag på brannstasjonen laurdag {date_no()} kl. {time_()}. Born får prøve brannslangen, og det blir sal av vaflar. ",
                "Kyrkja ved sida av er open for omvising same dag. Alle er hjarteleg velkomne!",
            ],
        ]
    )


_override("en_holiday_notice", _holiday)
_override("en_shipping_policy", _shipping)
_override("en_job_ad", _jobad_en)
_override("no_stillingsannonse", _jobad_no)
_override("en_pride_notice", _pride)
_override("no_sykefravær_policy", _sickpolicy)
_override("en_kpi_report", _kpi)
_override("en_faq", _faq)
_override("en_canteen", _canteen_en)
_override("nn_kunngjering", _kunngjering)


# ---------------------------------------------------------------- assembly & validation
VALIDATORS = {
    "FNR": lambda s: fnr_checks_ok(s.replace(" ", "")) and int(s[0:2]) <= 31,
    "DNR": lambda s: fnr_checks_ok(s.replace(" ", "")) and 41 <= int(s[0:2]) <= 71,
    "ORGNR": lambda s: orgnr_ok(s) and s[0] in "89",
    "BANK_ACCOUNT": bank_ok,
    "IBAN": iban_ok,
    "CARD": lambda s: luhn_ok(s) and len([c for c in s if c.isdigit()]) in (15, 16),
}


def render(parts):
    text, ents, pos = [], [], 0
    for p in parts:
        if isinstance(p, tuple):
            typ, s = p
            assert typ in TYPES, typ
            assert s and s == s.strip(), (typ, s)
            ents.append({"type": typ, "start": pos, "end": pos + len(s)})
            text.append(s)
            pos += len(s)
        else:
            assert isinstance(p, str), p
            text.append(p)
            pos += len(p)
    return "".join(text).rstrip(), ents


def _stray_identifier(text, ents):
    """True if an unlabelled digit run would pass an identifier check (would make the label ambiguous)."""
    import re

    covered = set()
    for e in ents:
        covered.update(range(e["start"], e["end"]))
    for m in re.finditer(r"(?<![\d])\d+(?![\d])", text):
        if m.start() in covered:
            continue
        d = m.group()
        if len(d) == 11 and (fnr_checks_ok(d) or bank_ok(d)):
            return True
        if len(d) == 9 and d[0] in "89" and orgnr_ok(d):
            return True
        if len(d) in (15, 16) and luhn_ok(d) and d[0] in "2345":
            return True
    return False


def validate(rec):
    text = rec["text"]
    last = 0
    for e in rec["entities"]:
        s, t = e["start"], e["end"]
        assert 0 <= s < t <= len(text)
        assert s >= last, ("overlap", rec)
        last = t
        surf = text[s:t]
        assert surf == surf.strip()
        v = VALIDATORS.get(e["type"])
        if v:
            assert v(surf if e["type"] != "ORGNR" else surf.replace(" ", "")), (e["type"], surf)
        if e["type"] == "EMAIL":
            assert "@" in surf and "." in surf.split("@")[1]
        if e["type"] == "PHONE":
            digits = "".join(c for c in surf if c.isdigit())
            assert 8 <= len(digits) <= 15, surf
    types = {e["type"] for e in rec["entities"]}
    exp = "public" if not types else ("internal" if types == {"ORGNR"} else "confidential")
    assert rec["class"] == exp


def make_record(tid, lang, fn):
    for _ in range(50):
        text, ents = render(fn())
        if not (100 <= len(text) <= 600):
            continue
        if _stray_identifier(text, ents):
            continue
        types = {e["type"] for e in ents}
        cls = "public" if not types else ("internal" if types == {"ORGNR"} else "confidential")
        return {"lang": lang, "template": tid, "text": text, "entities": ents, "class": cls}
    raise RuntimeError(f"could not build a record for {tid}")


TARGETS = {"pub": 168, "int": 38, "conf": 274}
EXPECTED_CLASS = {"pub": "public", "int": "internal", "conf": "confidential"}


def main():
    tids = [t[0] for t in TPLS]
    assert len(tids) == len(set(tids)), "duplicate template id"
    recs, seen = [], set()
    for kind, n in TARGETS.items():
        group = [t for t in TPLS if t[2] == kind]
        R.shuffle(group)
        i = 0
        made = 0
        while made < n:
            tid, lang, _, fn = group[i % len(group)]
            i += 1
            rec = make_record(tid, lang, fn)
            if rec["text"] in seen:
                continue
            assert rec["class"] == EXPECTED_CLASS[kind], (tid, rec)
            seen.add(rec["text"])
            recs.append(rec)
            made += 1
    R.shuffle(recs)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        for i, rec in enumerate(recs, 1):
            rec = {"id": f"fresh5-{i:04d}", **rec}
            rec = {k: rec[k] for k in ("id", "lang", "template", "text", "entities", "class")}
            validate(rec)
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    tc = Counter(e["type"] for r in recs for e in r["entities"])
    cc = Counter(r["class"] for r in recs)
    lc = Counter(r["lang"] for r in recs)
    print(f"wrote {len(recs)} records to {OUT}")
    print(f"templates: {len(TPLS)} ({len(set(r['template'] for r in recs))} used)")
    print("languages:", dict(lc))
    print("classes:", dict(cc))
    print("entities per type:")
    for t in TYPES:
        print(f"  {t:20s} {tc.get(t, 0)}")
    low = [t for t in TYPES if tc.get(t, 0) < 12]
    if low:
        print("WARNING: types below 12:", low, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
