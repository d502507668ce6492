#!/usr/bin/env python3
"""Generate the independent labelled PII evaluation corpus evals/pii/fresh7.jsonl.

Usage:  .venv/bin/python scripts/build_pii_fresh7.py

Deterministic (fixed seed). Every text is assembled from parts that are either plain
strings or (TYPE, surface) tuples, so entity offsets are exact by construction; they are
re-verified with asserts, and every identifier is re-validated with its check-digit
algorithm (implemented here from the public definitions).
"""
from __future__ import annotations

import json
import random
import re
import unicodedata
from collections import Counter
from pathlib import Path

SEED = 20261126_7
R = random.Random(SEED)
OUT = Path(__file__).resolve().parent.parent / "evals" / "pii" / "fresh7.jsonl"


def pick(seq):
    return R.choice(seq)


def chance(p):
    return R.random() < p


# ---------------------------------------------------------------------------
# Identifier algorithms
# ---------------------------------------------------------------------------

def mod11(digits, weights):
    s = sum(int(d) * w for d, w in zip(digits, weights))
    c = 11 - s % 11
    if c == 11:
        return 0
    if c == 10:
        return None
    return c


FNR_W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
FNR_W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
ORG_W = [3, 2, 7, 6, 5, 4, 3, 2]
ACC_W = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def _valid_date(d, m, y):
    if not 1 <= m <= 12:
        return False
    dm = DAYS[m - 1]
    if m == 2 and (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)):
        dm = 29
    return 1 <= d <= dm


def _century_ok(yy, ind):
    # returns the full year(s) compatible with the individual number
    years = []
    if 0 <= ind <= 499:
        years.append(1900 + yy)
    if 500 <= ind <= 749 and yy >= 54:
        years.append(1800 + yy)
    if 500 <= ind <= 999 and yy <= 39:
        years.append(2000 + yy)
    if 900 <= ind <= 999 and yy >= 40:
        years.append(1900 + yy)
    return years


def fnr_valid(num: str, dnr=False) -> bool:
    n = re.sub(r"\D", "", num)
    if len(n) != 11:
        return False
    d, m, yy, ind = int(n[0:2]), int(n[2:4]), int(n[4:6]), int(n[6:9])
    if dnr:
        if d < 41:
            return False
        d -= 40
    elif d > 31:
        return False
    years = _century_ok(yy, ind)
    if not years or not any(_valid_date(d, m, y) for y in years):
        return False
    k1 = mod11(n[:9], FNR_W1)
    if k1 is None or k1 != int(n[9]):
        return False
    k2 = mod11(n[:10], FNR_W2)
    return k2 is not None and k2 == int(n[10])


def gen_fnr(dnr=False):
    while True:
        y = R.randint(1952, 2006)
        m = R.randint(1, 12)
        d = R.randint(1, 28)
        yy = y % 100
        if y < 2000:
            ind = R.randint(0, 499)
        else:
            ind = R.randint(500, 999)
        dd = d + 40 if dnr else d
        base = f"{dd:02d}{m:02d}{yy:02d}{ind:03d}"
        k1 = mod11(base, FNR_W1)
        if k1 is None:
            continue
        k2 = mod11(base + str(k1), FNR_W2)
        if k2 is None:
            continue
        n = base + str(k1) + str(k2)
        assert fnr_valid(n, dnr)
        return n


def fmt_fnr(n):
    return n if chance(0.7) else n[:6] + " " + n[6:]


def orgnr_valid(num):
    n = re.sub(r"\D", "", num)
    if len(n) != 9 or n[0] not in "89":
        return False
    c = mod11(n[:8], ORG_W)
    return c is not None and c == int(n[8])


def gen_orgnr():
    while True:
        base = pick("89") + "".join(str(R.randint(0, 9)) for _ in range(7))
        c = mod11(base, ORG_W)
        if c is not None:
            return base + str(c)


def fmt_orgnr(n):
    return pick([n, f"{n[:3]} {n[3:6]} {n[6:]}", f"{n[:3]} {n[3:6]} {n[6:]}"])


def account_valid(num):
    n = re.sub(r"\D", "", num)
    if len(n) != 11:
        return False
    c = mod11(n[:10], ACC_W)
    return c is not None and c == int(n[10])


def gen_account():
    while True:
        base = pick(["1503", "1506", "1207", "3000", "9710", "6345", "1254", "2801", "3624", "4202", "1822", "8601"])
        base += "".join(str(R.randint(0, 9)) for _ in range(6))
        c = mod11(base, ACC_W)
        if c is None:
            continue
        n = base + str(c)
        if fnr_valid(n) or fnr_valid(n, True):
            continue
        return n


def fmt_account(n):
    return pick([n, f"{n[:4]}.{n[4:6]}.{n[6:]}", f"{n[:4]} {n[4:6]} {n[6:]}"])


def luhn_ok(num):
    n = re.sub(r"\D", "", num)
    s = 0
    for i, ch in enumerate(reversed(n)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        s += d
    return s % 10 == 0


def gen_card():
    kind = pick(["visa", "visa", "mc", "mc2", "amex"])
    if kind == "visa":
        pre, ln = "4" + "".join(str(R.randint(0, 9)) for _ in range(5)), 16
    elif kind == "mc":
        pre, ln = str(R.randint(51, 55)) + "".join(str(R.randint(0, 9)) for _ in range(4)), 16
    elif kind == "mc2":
        pre, ln = str(R.randint(2221, 2720)) + "".join(str(R.randint(0, 9)) for _ in range(2)), 16
    else:
        pre, ln = pick(["34", "37"]) + "".join(str(R.randint(0, 9)) for _ in range(4)), 15
    body = pre + "".join(str(R.randint(0, 9)) for _ in range(ln - len(pre) - 1))
    for c in range(10):
        if luhn_ok(body + str(c)):
            n = body + str(c)
            break
    sep = pick(["", " ", "-", " "])
    if ln == 15:
        return f"{n[:4]}{sep}{n[4:10]}{sep}{n[10:]}" if sep else n
    return sep.join(n[i:i + 4] for i in range(0, 16, 4))


IBAN_SPEC = {  # country: list of (kind, length) for BBAN; 'n' digits, 'a' upper letters
    "NO": None, "SE": [("n", 20)], "DK": [("n", 14)], "DE": [("n", 18)], "GB": [("a", 4), ("n", 14)],
    "FR": [("n", 23)], "PL": [("n", 24)], "NL": [("a", 4), ("n", 10)], "FI": [("n", 14)], "LT": [("n", 16)],
}
NL_BANKS = ["ABNA", "RABO", "INGB", "TRIO"]
GB_BANKS = ["BARC", "LOYD", "NWBK", "HBUK", "MIDL"]


def iban_valid(s):
    s = s.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s):
        return False
    r = s[4:] + s[:4]
    num = "".join(str(int(ch, 36)) for ch in r)
    return int(num) % 97 == 1


def gen_iban(country=None):
    cc = country or pick(list(IBAN_SPEC))
    if cc == "NO":
        bban = gen_account()
    elif cc == "NL":
        bban = pick(NL_BANKS) + "".join(str(R.randint(0, 9)) for _ in range(10))
    elif cc == "GB":
        bban = pick(GB_BANKS) + "".join(str(R.randint(0, 9)) for _ in range(14))
    else:
        bban = "".join(str(R.randint(0, 9)) for _ in range(IBAN_SPEC[cc][0][1]))
    r = bban + cc + "00"
    num = int("".join(str(int(ch, 36)) for ch in r))
    chk = 98 - num % 97
    iban = f"{cc}{chk:02d}{bban}"
    assert iban_valid(iban)
    if chance(0.55):
        iban = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    return iban


# hard negatives -------------------------------------------------------------

def bad_11():
    while True:
        n = "".join(str(R.randint(0, 9)) for _ in range(11))
        if not (fnr_valid(n) or fnr_valid(n, True) or account_valid(n)):
            return n


def bad_fnr_like():
    # looks like a birth date + 5 digits, but check digits wrong
    while True:
        n = f"{R.randint(1, 28):02d}{R.randint(1, 12):02d}{R.randint(50, 99):02d}" + "".join(
            str(R.randint(0, 9)) for _ in range(5))
        if not (fnr_valid(n) or fnr_valid(n, True) or account_valid(n)):
            return n


def bad_orgnr():
    while True:
        n = pick("89") + "".join(str(R.randint(0, 9)) for _ in range(8))
        if not orgnr_valid(n):
            return n


def bad_account_fmt():
    while True:
        n = "".join(str(R.randint(0, 9)) for _ in range(11))
        if not (account_valid(n) or fnr_valid(n) or fnr_valid(n, True)):
            return f"{n[:4]}.{n[4:6]}.{n[6:]}"


def bad_card():
    while True:
        n = "4" + "".join(str(R.randint(0, 9)) for _ in range(15))
        if not luhn_ok(n):
            return " ".join(n[i:i + 4] for i in range(0, 16, 4))


def digits(k, first=None):
    s = "".join(str(R.randint(0, 9)) for _ in range(k))
    if first:
        s = pick(first) + s[1:]
    return s


def kid():
    return digits(pick([9, 12, 14]), "123456789")


def order_no():
    return pick(["ORD-", "PO ", "SO-", "Ordre ", "#"]) + digits(pick([6, 7, 8]), "123456789")


def invoice_no():
    return digits(8, "1234567")


def amount():
    v = R.randint(1200, 19_999_999)
    s = f"{v:,}".replace(",", " ")
    return s


def time_s():
    return f"{R.randint(6, 22):02d}:{pick(['00', '15', '30', '45', '05', '50'])}"


def date_no():
    return f"{R.randint(1, 28):02d}.{R.randint(1, 12):02d}.{pick(['2025', '2026', '2027'])}"


def date_en():
    return f"{R.randint(1, 28)} {pick(['January', 'February', 'March', 'April', 'May', 'June', 'September', 'October', 'November'])} {pick(['2025', '2026'])}"


def version():
    return f"{R.randint(1, 14)}.{R.randint(0, 20)}.{R.randint(0, 9)}" + (f".{R.randint(0, 99)}" if chance(0.5) else "")


def plate():
    return pick(["EL", "EK", "SU", "BT", "DN", "VH", "ZT", "RF"]) + " " + digits(5, "123456789")


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------

NO_M = ["Ola", "Lars", "Knut", "Eirik", "Håkon", "Magnus", "Sindre", "Jørgen", "Torbjørn", "Espen", "Geir", "Trond",
        "Øyvind", "Vegard", "Stian", "Audun", "Per", "Dag", "Bjørn", "Arild", "Halvard", "Steinar", "Ivar", "Gunnar",
        "Tormod", "Aslak", "Sverre", "Even"]
NO_F = ["Kari", "Ingrid", "Solveig", "Marit", "Hilde", "Tone", "Ragnhild", "Liv", "Synnøve", "Åse", "Guro", "Ingvild",
        "Maren", "Silje", "Tuva", "Hege", "Randi", "Gunhild", "Vilde", "Eli", "Torunn", "Sigrid", "Oddny", "Brita"]
NO_L = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen",
        "Haugen", "Bakke", "Solberg", "Strand", "Eide", "Moen", "Dahl", "Lunde", "Haugland", "Bråten", "Sæther",
        "Fjeld", "Aasen", "Myhre", "Vik", "Tveit", "Rønning", "Brekke", "Nygård", "Grøtte", "Østby", "Kvamme",
        "Fosse", "Hovland", "Skjelbred", "Ulvestad"]

# (full, first, last) — family-first names keep their own order in `full`
INTL = [
    # Sami / Kven
    ("Niillas Gaup", "Niillas", "Gaup"), ("Biret Utsi", "Biret", "Utsi"), ("Ailo Eira", "Ailo", "Eira"),
    ("Sunná Hætta", "Sunná", "Hætta"), ("Inga Buljo", "Inga", "Buljo"), ("Ivvár Turi", "Ivvár", "Turi"),
    ("Elle Márjá Vars", "Elle Márjá", "Vars"), ("Ánde Somby", "Ánde", "Somby"), ("Aino Koskela", "Aino", "Koskela"),
    # Polish
    ("Jakub Kowalski", "Jakub", "Kowalski"), ("Agnieszka Wiśniewska", "Agnieszka", "Wiśniewska"),
    ("Piotr Zieliński", "Piotr", "Zieliński"), ("Małgorzata Nowak", "Małgorzata", "Nowak"),
    ("Krzysztof Wójcik", "Krzysztof", "Wójcik"), ("Zofia Kamińska", "Zofia", "Kamińska"),
    # Lithuanian
    ("Tomas Kazlauskas", "Tomas", "Kazlauskas"), ("Rūta Petrauskienė", "Rūta", "Petrauskienė"),
    ("Mindaugas Jankauskas", "Mindaugas", "Jankauskas"), ("Eglė Stankevičiūtė", "Eglė", "Stankevičiūtė"),
    # Somali
    ("Abdirahman Warsame", "Abdirahman", "Warsame"), ("Hodan Farah", "Hodan", "Farah"),
    ("Faadumo Jama", "Faadumo", "Jama"), ("Mahad Abdullahi", "Mahad", "Abdullahi"),
    ("Ifrah Osman Hassan", "Ifrah", "Hassan"),
    # Pakistani
    ("Imran Chaudhry", "Imran", "Chaudhry"), ("Sadia Butt", "Sadia", "Butt"), ("Usman Malik", "Usman", "Malik"),
    ("Ayesha Rana", "Ayesha", "Rana"), ("Bilal Qureshi", "Bilal", "Qureshi"),
    # Vietnamese (family-first)
    ("Nguyễn Thị Lan", "Lan", "Nguyễn"), ("Trần Văn Minh", "Minh", "Trần"), ("Phạm Thu Hà", "Hà", "Phạm"),
    ("Lê Quang Huy", "Huy", "Lê"),
    # Thai
    ("Somchai Srisuk", "Somchai", "Srisuk"), ("Pranee Chaiyaporn", "Pranee", "Chaiyaporn"),
    ("Kanokwan Thongdee", "Kanokwan", "Thongdee"),
    # Syrian
    ("Rami Haddad", "Rami", "Haddad"), ("Lina Al-Khatib", "Lina", "Al-Khatib"), ("Yara Darwish", "Yara", "Darwish"),
    ("Omar Al-Hallak", "Omar", "Al-Hallak"),
    # Eritrean / Ethiopian
    ("Yonas Tesfay", "Yonas", "Tesfay"), ("Selam Ghebremariam", "Selam", "Ghebremariam"),
    ("Feven Berhane", "Feven", "Berhane"), ("Mehari Tekle", "Mehari", "Tekle"), ("Dawit Alemu", "Dawit", "Alemu"),
    # Filipino
    ("Maricel Dela Cruz", "Maricel", "Dela Cruz"), ("Jerome Bautista", "Jerome", "Bautista"),
    ("Rowena Santos", "Rowena", "Santos"), ("Jonalyn Reyes", "Jonalyn", "Reyes"),
    # English / Irish / Welsh / Scottish
    ("Oliver Pritchard", "Oliver", "Pritchard"), ("Siobhan Kelly", "Siobhan", "Kelly"),
    ("Gareth Llewellyn", "Gareth", "Llewellyn"), ("Harriet Ashworth", "Harriet", "Ashworth"),
    ("Callum McBride", "Callum", "McBride"), ("Eleanor Whitcombe", "Eleanor", "Whitcombe"),
    # others, incl. rarer ones
    ("Tharshan Sivakumar", "Tharshan", "Sivakumar"), ("Oksana Kovalenko", "Oksana", "Kovalenko"),
    ("Dmytro Bondarenko", "Dmytro", "Bondarenko"), ("Shirin Rahimi", "Shirin", "Rahimi"),
    ("Zainab Ahmadi", "Zainab", "Ahmadi"), ("Emre Yıldız", "Emre", "Yıldız"), ("Amra Hodžić", "Amra", "Hodžić"),
    ("Guðrún Sigurðardóttir", "Guðrún", "Sigurðardóttir"), ("Wang Xiuying", "Xiuying", "Wang"),
    ("Chiamaka Okonkwo", "Chiamaka", "Okonkwo"), ("Joaquín Fuentes", "Joaquín", "Fuentes"),
    ("Hêvî Ahmed", "Hêvî", "Ahmed"), ("Nilufar Karimova", "Nilufar", "Karimova"),
    ("Aleksandar Petrović", "Aleksandar", "Petrović"), ("Kwame Mensah", "Kwame", "Mensah"),
    ("Léa Dubois", "Léa", "Dubois"), ("Matthijs de Vries", "Matthijs", "de Vries"),
    ("Tsering Dolma", "Tsering", "Dolma"), ("Kaveh Moradi", "Kaveh", "Moradi"), ("Ngozi Eze", "Ngozi", "Eze"),
    ("Sanjeev Raghunathan", "Sanjeev", "Raghunathan"), ("Mai Linh Đặng", "Mai Linh", "Đặng"),
]


FEMALE_INTL = {"Biret", "Sunná", "Inga", "Elle Márjá", "Aino", "Agnieszka", "Małgorzata", "Zofia", "Rūta", "Eglė",
               "Hodan", "Faadumo", "Ifrah", "Sadia", "Ayesha", "Lan", "Hà", "Pranee", "Kanokwan", "Lina", "Yara",
               "Selam", "Feven", "Maricel", "Rowena", "Jonalyn", "Siobhan", "Harriet", "Eleanor", "Oksana", "Shirin",
               "Zainab", "Amra", "Guðrún", "Xiuying", "Chiamaka", "Hêvî", "Nilufar", "Léa", "Tsering", "Ngozi",
               "Mai Linh"}


class Person:
    def __init__(self, full, first, last):
        self.full, self.first, self.last = full, first, last
        self.f = first in FEMALE_INTL or first in NO_F


def g(p, male, female):
    """gendered word for person p"""
    return female if p.f else male


def person(intl_share=0.58, female=None):
    if female is not None:
        while True:
            q = person(intl_share)
            if q.f == female:
                return q
    if chance(intl_share):
        return Person(*pick(INTL))
    f = pick(NO_M + NO_F)
    l = pick(NO_L)
    if chance(0.12):
        l = pick(NO_L) + "-" + l if chance(0.5) else l
    return Person(f"{f} {l}", f, l)


def persons(k, intl_share=0.58):
    out, seen = [], set()
    while len(out) < k:
        p = person(intl_share)
        if p.first in seen or p.last in seen:
            continue
        seen.update([p.first, p.last])
        out.append(p)
    return out


def P(text):
    return ("PERSON", text)


def full(p):
    return P(p.full)


def first(p):
    return P(p.first)


def last(p):
    return P(p.last)


def lower_first(p):
    return P(p.first.lower())


def ascii_slug(s):
    s = s.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("Æ", "Ae").replace("å", "a")
    s = s.replace("Å", "A").replace("ł", "l").replace("Ł", "L").replace("đ", "d").replace("Đ", "D")
    s = s.replace("ð", "d").replace("ı", "i")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z.\-]", "", s.lower().replace(" ", "."))


def email_for(p, domain=None):
    dom = domain or pick(["gmail.com", "hotmail.com", "online.no", "outlook.com", "icloud.com", "live.no"])
    style = R.randint(0, 3)
    f, l = ascii_slug(p.first), ascii_slug(p.last)
    if style == 0:
        loc = f"{f}.{l}"
    elif style == 1:
        loc = f"{f[0]}{l}"
    elif style == 2:
        loc = f"{f}{R.randint(1, 99)}"
    else:
        loc = f"{f}_{l}"
    return ("EMAIL", f"{loc}@{dom}")


def E(addr):
    return ("EMAIL", addr)


# ---------------------------------------------------------------------------
# Phones, addresses, IPs
# ---------------------------------------------------------------------------

def _no_number(mobile=None):
    if mobile is None:
        mobile = chance(0.7)
    if mobile:
        return pick("49") + digits(7)
    return pick(["2", "3", "5", "6", "7"]) + digits(7)


def phone(mobile=None, intl=0.15):
    if chance(intl):
        return ("PHONE", pick([
            f"+46 7{R.randint(0, 9)} {digits(3)} {digits(2)} {digits(2)}",
            f"+44 20 {digits(4, '3789')} {digits(4)}",
            f"+44 7{digits(3)} {digits(6)}",
            f"+1 {pick(['415', '212', '617', '303'])} 555 0{digits(3)}",
            f"+48 {pick(['501', '601', '691', '733'])} {digits(3)} {digits(3)}",
            f"+45 {digits(2, '2345')} {digits(2)} {digits(2)} {digits(2)}",
            f"+49 30 {digits(8, '123456789')}",
            f"+370 6{digits(2)} {digits(5)}",
            f"+358 40 {digits(3)} {digits(4)}",
        ]))
    n = _no_number(mobile)
    fmt = R.randint(0, 3)
    if fmt == 0:
        s = n
    elif fmt == 1:
        s = f"{n[:3]} {n[3:5]} {n[5:]}"
    elif fmt == 2:
        s = f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:]}"
    else:
        s = f"{n[:3]}{n[3:5]}{n[5:]}" if chance(0.5) else f"{n[:3]} {n[3:5]} {n[5:]}"
    pre = R.random()
    if pre < 0.22:
        s = "+47 " + s
    elif pre < 0.30:
        s = "+47" + n
    elif pre < 0.38:
        s = "0047 " + s
    return ("PHONE", s)


STREETS_NO = ["Storgata", "Kirkegata", "Sjøgata", "Strandveien", "Industriveien", "Bryggegata", "Fjellveien",
              "Skolegata", "Havnegata", "Løkkeveien", "Mølleveien", "Kong Oscars gate", "Olav Tryggvasons gate",
              "Christian Michelsens gate", "Fridtjof Nansens vei", "Haakon VIIs gate", "Nedre Slottsgate",
              "Tollbugata", "Sandviksveien", "Granåsvegen", "Myrvollveien", "Kvernhusvegen", "Torggata",
              "Jernbanegata", "Lakkegata", "Bjørnstjerne Bjørnsons gate"]
PLACES = [("0155", "Oslo"), ("0560", "Oslo"), ("5017", "Bergen"), ("7010", "Trondheim"), ("4006", "Stavanger"),
          ("9008", "Tromsø"), ("3015", "Drammen"), ("6002", "Ålesund"), ("8006", "Bodø"), ("1607", "Fredrikstad"),
          ("2317", "Hamar"), ("4612", "Kristiansand"), ("9510", "Alta"), ("6800", "Førde"), ("3913", "Porsgrunn"),
          ("9730", "Karasjok"), ("8301", "Svolvær"), ("2815", "Gjøvik")]


def address(multiline=False, city=None, foreign=0.12):
    if chance(foreign):
        return ("ADDRESS", pick([
            f"ul. {pick(['Długa', 'Mickiewicza', 'Polna', 'Ogrodowa'])} {R.randint(2, 90)}, {R.randint(10, 99)}-{digits(3)} {pick(['Gdańsk', 'Kraków', 'Wrocław', 'Szczecin'])}",
            f"{R.randint(2, 120)} {pick(['Harbour Road', 'Queen Street', 'Mill Lane', 'Station Road'])}, {pick(['Aberdeen AB11 5DN', 'Leeds LS1 4AP', 'Hull HU1 2AA'])}",
            f"{pick(['Drottninggatan', 'Storgatan', 'Vasagatan'])} {R.randint(2, 99)}, {pick(['111 36 Stockholm', '411 17 Göteborg', '211 22 Malmö'])}",
            f"{pick(['Vilniaus g.', 'Gedimino pr.', 'Savanorių pr.'])} {R.randint(2, 80)}, LT-{digits(5, '01')} {pick(['Vilnius', 'Kaunas'])}",
            f"{pick(['Hauptstraße', 'Bahnhofstraße', 'Lindenweg'])} {R.randint(2, 80)}, {digits(5, '123456789')} {pick(['Hamburg', 'Kiel', 'Bremen'])}",
        ]))
    st = pick(STREETS_NO)
    num = str(R.randint(1, 140)) + (pick("ABCD") if chance(0.25) else "")
    if chance(0.28) and not multiline:
        return ("ADDRESS", f"{st} {num}")
    pc, c = city or pick(PLACES)
    sep = "\n" if multiline else pick([", ", ", ", " "])
    return ("ADDRESS", f"{st} {num}{sep}{pc} {c}")


def ip4(private=None):
    if private is None:
        private = chance(0.6)
    if private:
        return ("IP", pick([f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(2, 254)}",
                            f"192.168.{R.randint(0, 20)}.{R.randint(2, 254)}",
                            f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(2, 254)}"]))
    return ("IP", f"{pick([51, 62, 77, 81, 84, 89, 91, 109, 145, 158, 185, 193, 212])}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(2, 254)}")


def ip6():
    h = lambda: f"{R.randint(0, 0xffff):x}"
    return ("IP", pick([f"2001:db8:{h()}:{h()}::{h()}", f"fe80::{h()}:{h()}:{h()}:{h()}",
                        f"2a01:79c:{h()}:{h()}:{h()}:{h()}:{h()}:{h()}", f"2001:4648:{h()}::{h()}"]))


def ip():
    return ip6() if chance(0.25) else ip4()


def host():
    return pick(["LT-", "PC-", "WS-", "srv-", "lab-", "kasse-"]) + digits(4, "123456789")


def uname():
    return pick(["e", "a", "u", "x"]) + digits(5, "123456789")


def mac():
    return ":".join(f"{R.randint(0, 255):02x}" for _ in range(6))


# ---------------------------------------------------------------------------
# Special categories (phrases are the span; verbs/articles stay outside)
# ---------------------------------------------------------------------------

H_NO = ["ryggprolaps", "utbrenthet", "depresjon", "diabetes type 1", "migrene", "senebetennelse i skulderen",
        "angstlidelse", "epilepsi", "brudd i håndleddet", "long covid", "brystkreft", "ME/CFS", "bekkenløsning",
        "hjerteflimmer", "hjernerystelse", "slitasjegikt i kneet"]
H_EN = ["burnout", "herniated disc", "depression", "type 2 diabetes", "broken wrist", "long COVID", "knee surgery",
        "anxiety disorder", "Crohn's disease", "concussion", "breast cancer", "PTSD", "chronic migraine", "pneumonia"]
H_EXTRA_NO = [("er", "gravid"), ("har", "nøtteallergi"), ("bruker", "blodfortynnende medisin"),
              ("er", "allergisk mot penicillin"), ("har", "cøliaki"), ("går på", "antidepressiva"),
              ("har", "nedsatt hørsel"), ("er", "rullestolbruker"), ("har", "ADHD")]
H_EXTRA_EN = [("is", "pregnant"), ("has a", "severe peanut allergy"), ("takes", "insulin"),
              ("is", "allergic to latex"), ("has", "coeliac disease"), ("is on", "antidepressants"),
              ("is", "hearing impaired"), ("uses a", "wheelchair"), ("has", "dyslexia")]
TU_NO = ["medlem av Fellesforbundet", "medlem av Fagforbundet", "medlem i EL og IT Forbundet", "tillitsvalgt for Parat",
         "medlem av Tekna", "hovedtillitsvalgt i Delta", "organisert i Industri Energi", "medlem av Handel og Kontor",
         "verneombud og medlem av NTL"]
TU_EN = ["member of Fellesforbundet", "union rep for Fagforbundet", "shop steward", "member of Unite",
         "union member", "member of Handel og Kontor", "local union representative"]
REL_NO = ["muslim", "katolikk", "praktiserende jøde", "medlem av Jehovas vitner", "hindu", "buddhist",
          "troende kristen", "ortodoks kristen", "sikh"]
REL_EN = ["practising Muslim", "devout Catholic", "Jehovah's Witness", "Sikh", "observant Jew", "Buddhist",
          "Orthodox Christian", "practising Hindu"]
ETH_NO = ["samisk bakgrunn", "kvensk bakgrunn", "romanibakgrunn", "kurdisk opprinnelse", "somalisk opprinnelse",
          "tamilsk bakgrunn", "rom-bakgrunn"]
ETH_EN = ["Sami descent", "Roma background", "Kurdish origin", "Romani heritage", "Tamil ethnicity", "Kven heritage",
          "Hazara background"]
SEX_NO = ["homofil", "lesbisk", "bifil", "åpent homofil"]
SEX_EN = ["gay", "lesbian", "bisexual", "openly gay", "openly lesbian"]
CR_NO = ["vandelsattest med anmerkning", "dømt for underslag", "siktet for grov kroppsskade", "tidligere straffedømt",
         "dømt for promillekjøring", "ilagt forelegg for tyveri", "sonet en dom for narkotikaovertredelse",
         "anmeldt for vold"]
CR_EN = ["convicted of fraud", "charged with assault", "criminal record", "conviction for drink-driving",
         "prior conviction for theft", "served a sentence for burglary", "police record with remarks",
         "arrested for shoplifting"]


def S(t, s):
    return (t, s)


# generic (unlabelled) special-category words
GEN_NO = ["HMS-kurs", "tariffavtalen", "sykefraværsrutinen", "mangfoldspolicyen", "politiattest kreves for stillingen",
          "allergener står på menyen", "Fagforbundets landsmøte", "kirkestua er booket", "IA-avtalen",
          "bedriftshelsetjenesten", "Pride-markeringen"]
GEN_EN = ["health and safety course", "union agreement", "sick-leave policy", "diversity policy",
          "a police certificate is required for this role", "allergens are listed on the menu", "Pride Month",
          "the church hall is booked", "occupational health service", "equal opportunities statement"]

# companies that contain surnames (not PERSON)
COMPANIES = ["Olsen Transport AS", "Berg & Sønn Bygg AS", "Hansen Fisk AS", "Johansen Tannklinikk AS",
             "Dahl & Moen Advokatfirma DA", "Pedersen Maskin AS", "Nilsen Renhold AS", "Haugland Arkitekter AS",
             "Strand Bilsenter AS", "Karlsen Shipping AS", "Brekke Bemanning AS", "Lunde Grossist AS",
             "Myhre Rør AS", "Vik & Tveit Elektro AS"]
NEUTRAL_CO = ["Fjordbuss AS", "Nordlaks Forsøksstasjon AS", "Vestbris Tannhelse AS", "Kystgrossisten AS",
              "Tindeknaus Arkitekter AS", "Havbris Hotell AS", "Nordavind IT AS", "Solsiden Barnehage SA",
              "Vardø Rederi AS", "Glimt Renhold AS", "Bølgen Bilsenter AS", "Fossekall Mekaniske AS",
              "Skarvik Skipsagentur AS", "Lysverket Consulting AS", "Trollhaug Bemanning AS"]
DOMAINS = ["fjordbuss.no", "nordlaks.no", "vestbris.no", "kystgrossisten.no", "tindeknaus.no", "havbris.no",
           "nordavind.no", "skarvik.no", "lysverket.no", "trollhaug.no", "fossekall.no", "glimtrenhold.no",
           "bolgen-bil.no", "kommune.no", "uib.no", "ntnu.no"]


# ---------------------------------------------------------------------------
# Templates.  Each returns (lang, parts).  Registry: name -> (func, count)
# ---------------------------------------------------------------------------

TEMPLATES = []


def tpl(n):
    def deco(f):
        TEMPLATES.append((f.__name__, f, n))
        return f
    return deco


# ---------------------------- confidential, Norwegian -----------------------

@tpl(5)
def no_sick_followup():
    p, m = persons(2)
    diag = pick(H_NO)
    return "no", [pick(["Oppfølging sykefravær\n", "Notat – sykefravær\n", ""]),
                  full(p), " har vært sykmeldt siden ", date_no(), pick([" på grunn av ", " grunnet ", " pga. "]),
                  S("HEALTH", diag), ". ", pick(["Dialogmøte 1 er satt til ", "Vi har avtalt oppfølgingssamtale "]),
                  date_no(), " kl. ", time_s(), ". ", last(p) if chance(0.5) else first(p),
                  *([" kan nås på ", phone(True), "."] if chance(0.5) else [" ønsker gradert sykmelding fra neste uke."]),
                  " Ansvarlig leder: ", full(m), "."]


@tpl(3)
def no_sick_plain_negative():
    # bare "sykmeldt" without cause => not labelled; generic policy words
    p = person()
    return "no", ["Hei ", first(p), "!\nJeg er sykmeldt ut ", pick(["uka", "fredag", "neste uke"]),
                  ". Legeerklæring kommer i Altinn. Se ellers ", pick(GEN_NO), " på intranettet. Vaktbytte med ",
                  full(person()), " er avtalt. Hilsen ", full(person())]


@tpl(4)
def no_job_application():
    p = person()
    return "no", ["Søknad på stilling som ", pick(["lagermedarbeider", "bussjåfør", "tannhelsesekretær", "prosjektleder",
                                                    "renholder", "konsulent", "ingeniør i byggesaksavdelingen"]),
                  " (ref. ", digits(5, "123456789"), ")\n\nJeg heter ", full(p), " og bor i ", address(), ". ",
                  pick(["Jeg har fem års erfaring fra ", "Jeg har tidligere jobbet hos "]), pick(COMPANIES), ". ",
                  "Mobil: ", phone(True), ", e-post: ", email_for(p), ".",
                  pick(["", " Attester ettersendes.", " Jeg kan starte 1. mars."])]


@tpl(5)
def no_payroll_change():
    p = person()
    acc = gen_account()
    dn = chance(0.4)
    fn = gen_fnr(dnr=dn)
    return "no", ["Endring lønnskonto\nAnsatt: ", full(p), ", ", "D-nr. " if dn else pick(["fødselsnr. ", "f.nr. ", "personnr. "]),
                  S("DNR" if dn else "FNR", fmt_fnr(fn)), "\nNy ", pick(["kontonr. ", "konto "]), S("BANK_ACCOUNT", fmt_account(acc)),
                  " gjelder fra lønnskjøring ", date_no(), ". Ansattnr. ", digits(5, "123456789"),
                  ". Gammel konto slettes. Saksnr. ", bad_11(), "."]


@tpl(7)
def no_dnr_foreign_worker():
    p = person(0.95)
    return "no", ["Registrering innleid arbeider – ", pick(["Byggeplass Nyhavna", "Lager Alnabru", "Merd 4, Hitra",
                                                             "Hotell Bryggen"]), "\nNavn: ", full(p),
                  "\nD-nr.: ", S("DNR", fmt_fnr(gen_fnr(dnr=True))), "\nAdresse i Norge: ", address(foreign=0),
                  "\nKonto: ", S("BANK_ACCOUNT", fmt_account(gen_account())), "\nHMS-kort nr. ", digits(7, "123456789"),
                  " – ", pick(["HMS-kurs", "sikkerhetskurs"]), " gjennomført ", date_no(), "."]


@tpl(6)
def no_dental_booking():
    p = person()
    return "no", [pick(["Timebestilling ", "Ny pasient "]), pick(COMPANIES[3:4] + ["Vestbris Tannhelse"]), ": ",
                  full(p), ", ", pick(["f.nr. ", "fødselsnr. "]), S("FNR", fmt_fnr(gen_fnr())), ". Pasienten ",
                  *[(lambda hx: [hx[0], " ", S("HEALTH", hx[1])])(pick(H_EXTRA_NO[1:4] + H_EXTRA_NO[8:]))][0],
                  " – noter i journal. Time ", date_no(), " kl. ", time_s(), ", rom 3. SMS-varsel til ",
                  phone(True), "."]


@tpl(4)
def no_insurance_claim():
    p = person()
    return "no", ["Skademelding nr. ", f"SK-{digits(7, '123456789')}", "\nForsikringstaker: ", full(p),
                  "\nAdresse: ", address(multiline=chance(0.4)), "\n", last(p), " skadet seg på jobb ", date_no(),
                  " og fikk ", S("HEALTH", pick(["brudd i håndleddet", "hjernerystelse", "kuttskade i hånden",
                                                  "forstuet ankel", "lyskebrokk"])),
                  ". Utbetaling til kontonr. ", S("BANK_ACCOUNT", fmt_account(gen_account())), ". Polisenr. ",
                  bad_11(), "."]


@tpl(4)
def no_recruitment_note():
    p, c = persons(2)
    return "no", ["Kandidatnotat (", pick(["Trollhaug Bemanning", "Brekke Bemanning AS"]), ")\n", full(p),
                  " – ", pick(["truckfører", "sykepleier", "bussjåfør", "lagerarbeider"]), ". ",
                  *pick([["Har levert ", S("CRIMINAL_RECORD", "vandelsattest med anmerkning")],
                         ["Kandidaten er ", S("CRIMINAL_RECORD", pick(["tidligere straffedømt", "dømt for promillekjøring",
                                                                      "dømt for underslag"]))],
                         ["Politiattesten viser at ", g(p, "han", "hun"), " er ",
                          S("CRIMINAL_RECORD", pick(["ilagt forelegg for tyveri", "anmeldt for vold"]))]]),
                  pick([", kunden er informert.", "; må avklares med kunde før oppstart."]), " Referanse: ",
                  full(c), ", tlf. ", phone(), ". Neste steg: intervju ", date_no(), "."]


@tpl(4)
def no_union_office_admin():
    p = person()
    tu = pick(["Fellesforbundet", "Fagforbundet", "Handel og Kontor", "Industri Energi"])
    return "no", ["Innmelding ", tu, " avd. ", R.randint(100, 999), " – ", full(p), " er nå ",
                  S("TRADE_UNION", f"medlem av {tu}"), " fra ", date_no(), ". Kontingent trekkes fra ",
                  pick(["konto ", "kontonr. "]), S("BANK_ACCOUNT", fmt_account(gen_account())),
                  ". Post sendes til ", address(), ". Medlemsnr. ", digits(8, "123456789"), "."]


@tpl(4)
def no_bus_dispatch_chat():
    a, b, c = persons(3)
    return "no", ["[", time_s(), "] ", lower_first(a), ": buss ", R.randint(100, 999), " står på ",
                  pick(["Lade", "Sandvika", "Åsane terminal", "Sentrum"]), ", ", lower_first(b),
                  " har meldt seg syk\n[", time_s(), "] ", lower_first(b), ": ja sorry, ", pick([
                      "ringer legen nå", "kommer tilbake tirsdag"]), "\n[", time_s(), "] ", lower_first(a),
                  ": ", lower_first(c), " kan ta rute ", R.randint(2, 80), ", ring ", g(c, "ham", "henne"), " på ", phone(True),
                  pick(["", " asap"]), "\n[", time_s(), "] ", lower_first(c), ": ok tar den. dag 2 av kurset utsettes"]


@tpl(3)
def no_bus_driver_health():
    p = person()
    return "no", ["Fortrolig: Sjåfør ", full(p), " (ansattnr. ", digits(6, "123456789"), ") har ",
                  S("HEALTH", pick(["epilepsi", "diabetes type 1", "synsnedsettelse", "søvnapné"])),
                  " og skal ikke settes på nattruter før bedriftslegen har vurdert førerkortet. ",
                  first(p), " er informert. Kontakt ", pick(["trafikkleder ", "driftssjef "]), full(person()), ", ",
                  phone(False), "."]


@tpl(3)
def no_construction_site():
    a, b = persons(2)
    return "no", ["Byggeplassdagbok ", date_no(), "\nSted: ", address(), "\nArbeidsleder ", full(a),
                  ". Tømrer ", full(b), " fikk ", S("HEALTH", pick(["kuttskade i venstre hånd",
                                                                  "skade i kneet", "øyeskade",
                                                                  "brudd i foten"])),
                  " ved ", pick(["forskaling", "sagbenken", "stillaset"]), " kl. ", time_s(), ". Avvik nr. ",
                  digits(5, "123456789"), " registrert. ", pick(GEN_NO[:1] + GEN_NO[8:10]), " følges opp."]


@tpl(3)
def no_building_dept():
    p = person()
    return "no", ["Byggesak ", f"{R.randint(2024, 2026)}/{digits(4, '123456789')}", " – gnr. ", R.randint(1, 300),
                  " bnr. ", R.randint(1, 900), "\nSøker: ", full(p), ", ", address(), "\nE-post: ", email_for(p),
                  "\nTiltaket gjelder tilbygg på ", R.randint(12, 60), " m². Nabovarsel sendt ", date_no(),
                  ". Saksbehandler: ", full(person()), "."]


@tpl(4)
def no_university_admin():
    p = person()
    return "no", ["Søknad om tilrettelagt eksamen\nStudent: ", full(p), " (studentnr. ", digits(6, "123456789"),
                  ")\n", pick(["Studenten har ", "Hun har dokumentert "]),
                  S("HEALTH", pick(["dysleksi", "ADHD", "angstlidelse", "diabetes type 1", "nedsatt syn"])),
                  " og innvilges 30 min ekstra tid i emne ", pick(["BYG2100", "ØKO1001", "MAT1110", "INF2220"]),
                  ". Svar sendes til ", email_for(p, pick(["stud.ntnu.no", "student.uib.no", "uit.no"])), "."]


@tpl(3)
def no_wholesale_delivery():
    p = person()
    org = gen_orgnr()
    return "no", ["FØLGESEDDEL ", digits(8, "123456789"), "\nFra: Kystgrossisten AS, org.nr. ", S("ORGNR", fmt_orgnr(org)),
                  "\nLeveres til: ", address(multiline=True), "\nKontaktperson: ", full(p), ", ", phone(), "\n",
                  R.randint(2, 40), " kolli, vekt ", R.randint(20, 900), " kg. Sporingsnr. ",
                  f"70{digits(16)}", ". Bestilling ", order_no(), "."]


@tpl(4)
def no_law_reception():
    p = person()
    return "no", ["Beskjed fra resepsjonen: ", full(p), " ringte kl. ", time_s(), " fra ", phone(), " angående saken der ",
                  g(p, "han", "hun"), " er ", S("CRIMINAL_RECORD", pick(["siktet for grov kroppsskade",
                                                                          "siktet for underslag",
                                                                          "tiltalt for trygdesvindel",
                                                                          "siktet for innbrudd"])),
                  ". Ber om at advokat ", last(person(0.2)), " ringer tilbake. Saksnr. ", digits(8, "123456789"),
                  ". Dahl & Moen Advokatfirma DA."]


@tpl(4)
def no_ai_prompt_reply():
    p = person()
    return "no", [pick(["Skriv et høflig svar til ", "Lag et kort svar til ", "Formuler et svar på e-post til "]),
                  full(p), " (", email_for(p), ") ", pick([
                      "som klager på at bussen ikke stoppet på holdeplassen.",
                      "som er misfornøyd med rengjøringen på kontoret.",
                      "som lurer på hvorfor fakturaen er høyere enn tilbudet.",
                      "som har fått feil vare levert."]), " Bruk du-form og avslutt med hilsen fra ",
                  pick(["kundeservice", "meg"]), ". Referanse ", order_no(), "."]


@tpl(4)
def no_ai_prompt_health():
    p = person()
    hx = pick(H_EXTRA_NO if p.f else H_EXTRA_NO[1:])
    return "no", [pick(["Kan du lage ", "Lag "]), "en tilretteleggingsplan for ", first(p), " i ",
                  pick(["kjøkkenet på sykehuset", "barnehagen", "lageret"]), "? ",
                  g(p, "Han", "Hun"), " ",
                  hx[0], " ", S("HEALTH", hx[1]), " og jobber ", R.randint(40, 100), " % stilling. Ikke ta med ",
                  pick(["diagnosekoder", "navn på lege"]), "."]


@tpl(4)
def no_invoice_reminder():
    p = person()
    org = gen_orgnr()
    return "no", ["PURRING – faktura ", invoice_no(), "\nTil: ", full(p), "\n", address(multiline=True),
                  "\nForfalt beløp kr ", amount(), ",- (forfall ", date_no(), "). Betal til kontonr. ",
                  S("BANK_ACCOUNT", fmt_account(gen_account())), " med KID ", kid(), ".\n",
                  pick(NEUTRAL_CO), " – org.nr. ", S("ORGNR", fmt_orgnr(org)), " MVA"]


@tpl(5)
def no_card_issue():
    p = person()
    return "no", ["Kunden ", full(p), " ringte (", phone(), ") – kortet ", S("CARD", gen_card()),
                  " ble belastet to ganger for ordre ", order_no(), ". Refusjon bestilt. Ikke lagre kortnr. i CRM!"]


@tpl(3)
def no_kindergarten():
    c, par = persons(2)
    hx = pick([("har", "nøtteallergi"), ("har", "melkeproteinallergi"), ("har", "astma"), ("har", "epilepsi"),
               ("har", "diabetes type 1")])
    return "no", ["Beskjed til avdeling ", pick(["Maurtua", "Blåbærtuva", "Solstrålen"]), ": ", first(c), " ",
                  hx[0], " ", S("HEALTH", hx[1]), ". ", pick(["Mor", "Far"]), ", ", full(par),
                  ", nås på ", phone(True), ". ", pick(["Maten merkes med allergener som vanlig.",
                                                         "Se også allergenlista på kjøkkenet."])]


@tpl(5)
def no_kindergarten_religion():
    c, par = persons(2)
    return "no", [full(par), " har sagt at familien er ", S("RELIGION", pick(["muslimer", "hinduer", "jøder",
                                                                                "Jehovas vitner"])),
                  ", så ", first(c), pick([" skal ikke ha svinekjøtt.", " deltar ikke i julegudstjenesten i kirka."]),
                  " Kirka brukes ellers bare som lokale til adventssamling."]


@tpl(3)
def no_hotel_hr():
    p = person(female=True)
    hx = pick([("er", "gravid"), ("har", "bekkenløsning"), ("har", "astma"), ("har", "ryggplager")])
    return "no", ["HR-notat Havbris Hotell\n", full(p), " (resepsjon) ", hx[0], " ", S("HEALTH", hx[1]),
                  " og skal ikke løfte bagasje. Turnus endres fra uke ", R.randint(1, 52), ". ",
                  pick(["Avtalt med ", "Godkjent av "]), full(person()), "."]


@tpl(6)
def no_diversity_survey_named():
    p = person(0.3 if chance(0.5) else 0.9)
    return "no", [full(p), pick([" har opplyst at " + g(p, "han", "hun") + " har ", " oppgir å ha ",
                                " har fortalt at " + g(p, "han", "hun") + " er av "]),
                  S("ETHNICITY", pick(ETH_NO)), " og ønsker ikke at dette står i personalmappa. ",
                  pick(["Mangfoldspolicyen", "Likestillingsredegjørelsen"]), " er ellers oppdatert."]


@tpl(7)
def no_religion_leave():
    p = person()
    return "no", ["Permisjonssøknad: ", full(p), " er ", S("RELIGION", pick(REL_NO)), " og søker ",
                  pick(["fri til eid", "to dager velferdspermisjon til høytid", "fri lørdager", "fri til diwali"]),
                  " (", date_no(), "). Lederen ", full(person()), " har ingen innvendinger."]


@tpl(7)
def no_sexual_orientation():
    p = person()
    return "no", ["Varsel om trakassering: ", full(p), " opplever kommentarer fra kolleger etter at det ble kjent at ",
                  g(p, "han", "hun"), " er ", S("SEXUAL_ORIENTATION", pick(["bifil", g(p, "homofil", "lesbisk"),
                                                                          g(p, "åpent homofil", "åpent lesbisk")])), ". Verneombud ",
                  full(person()), " er orientert. Sak ", digits(6, "123456789"), "."]


@tpl(4)
def nn_nynorsk_mix():
    p = person()
    q = person(female=True)
    return "no", ["Hei ", first(p), ",\nkan du senda kontrakten til ", full(q), " på ", email_for(q),
                  "? Ho byrjar på fiskeoppdrettet i ", pick(["Austevoll", "Kvinnherad", "Hitra"]),
                  " ", date_no(), ". Telefonen hennar er ", phone(True), ". Takk!\nHelsing ", first(person())]


@tpl(4)
def nn_union_rep():
    p = person()
    return "no", ["Møtereferat ", date_no(), ": ", full(p), ", som er ", S("TRADE_UNION", pick(
        ["tillitsvald for Fellesforbundet", "medlem av Fagforbundet", "hovudtillitsvald i Delta"])),
                  ", la fram krav om ", pick(["nattillegg", "ny turnus", "betre verneutstyr"]),
                  ". Tariffavtalen gjeld framleis. Neste møte i kantina."]


@tpl(6)
def no_contract_parties():
    p = person()
    org = gen_orgnr()
    return "no", ["LEIEAVTALE\nUtleier: ", pick(NEUTRAL_CO), ", org.nr. ", S("ORGNR", fmt_orgnr(org)),
                  "\nLeietaker: ", full(p), ", fødselsnr. ", S("FNR", fmt_fnr(gen_fnr())),
                  "\nLeieobjekt: ", address(), ", bod nr. ", R.randint(1, 40), "\nDepositum kr ", amount(),
                  " settes på depositumskonto ", S("BANK_ACCOUNT", fmt_account(gen_account())), "."]


@tpl(3)
def no_church_office():
    p, q = persons(2)
    return "no", ["Kirkekontoret: ", full(p), " ringte om leie av menighetssalen til ", pick(["konfirmasjon", "minnestund",
                                                                                        "barnedåp"]),
                  " ", date_no(), ". Tlf. ", phone(), ". ", full(q), " (kirketjener) låser opp kl. ", time_s(),
                  ". Faktura sendes ", email_for(p), "."]


@tpl(3)
def no_aquaculture_lab():
    a, b = persons(2)
    return "no", ["Prøvesvar lus/PD, lokalitet ", digits(5, "123456789"), "\nPrøve ", f"NL-{digits(6)}",
                  " analysert ", date_no(), ". ", full(a), " ringer deg på ", phone(), " ved avvik. Kopi til ",
                  email_for(b, "nordlaks.no"), " og ", E(pick(["lab@nordlaks.no", "post@nordlaks.no", "vakt@nordlaks.no"])),
                  ". Nivå ", f"{R.randint(0, 9)}.{R.randint(0, 99):02d}", " lus per fisk."]


@tpl(3)
def no_cleaning_schedule():
    a, b = persons(2)
    return "no", ["Renholdsplan uke ", R.randint(1, 52), " – Glimt Renhold AS\n", first(a), ": ", address(),
                  " (kode ", digits(4, "123456789"), ") kl. ", time_s(), "\n", first(b), ": ",
                  address(), " kl. ", time_s(), "\nVed sykdom, ring ", full(person()), " på ", phone(), "."]


@tpl(3)
def no_car_dealer_crm():
    p = person()
    return "no", ["CRM ", date_no(), ": Prøvekjøring ", pick(["Skoda Enyaq", "Toyota bZ4X", "VW ID.4"]),
                  " med ", full(p), ". Innbytte ", plate(), ", ", R.randint(40, 190), " 000 km. ", first(p),
                  " ønsker tilbud på e-post ", email_for(p),
                  *([". Følg opp på tlf. ", phone(), "."] if chance(0.5) else [" før helga."])]


@tpl(3)
def no_sms_reminder():
    p = person()
    return "no", ["SMS til ", phone(True), ": Hei ", first(p), "! Påminnelse om time hos tannlegen ", date_no(),
                  " kl. ", time_s(), ". Avbestill senest 24 t før. Mvh Vestbris Tannhelse"]


@tpl(4)
def no_ip_helpdesk_chat():
    a, b = persons(2)
    return "no", [lower_first(a), ": hei, vpn-en min faller ut hele tida\n", lower_first(b),
                  ": ok, hvilken ip får du? kjør ipconfig\n", lower_first(a), ": står ", ip4(True), " hmm\n", lower_first(b),
                  ": klienten din er versjon ", version(), ", oppdater til ", version(),
                  " så skal det gå. mask er 255.255.255.0 og det er riktig"]


# ---------------------------- confidential, English -------------------------

@tpl(5)
def en_sick_followup():
    p, m = persons(2)
    return "en", [pick(["Hi ", "Dear "]), first(m), ",\n", full(p), pick([" has been signed off ", " is on sick leave "]),
                  pick(["due to ", "because of ", "following "]), S("HEALTH", pick(H_EN)),
                  " since ", date_en(), ". ", g(p, "He", "She"), " would like a phased return from week ",
                  R.randint(1, 52), ". Please call ", g(p, "him", "her"), " on ", phone(), " before Friday.\nBest, ",
                  first(person())]


@tpl(4)
def en_job_application():
    p = person()
    return "en", ["Dear hiring team,\nI am applying for the ", pick(["warehouse supervisor", "dental nurse",
                                                                     "claims handler", "site engineer",
                                                                     "IT support technician"]),
                  " position (ref. ", f"JOB-{digits(4, '123456789')}", "). My name is ", full(p),
                  " and I currently live at ", address(foreign=0.4), ". You can reach me at ", email_for(p),
                  " or ", phone(), ".\nKind regards,\n", first(p)]


@tpl(4)
def en_payroll_iban():
    p = person()
    return "en", ["Payroll: please update the bank details for ", full(p), " (employee no. ", digits(5, "123456789"),
                  "). New IBAN ", S("IBAN", gen_iban()), pick([", BIC ", ", SWIFT "]),
                  pick(["DNBANOKKXXX", "NDEASESS", "DEUTDEFF", "BARCGB22"]), ". Confirmation to ", email_for(p), "."]


@tpl(4)
def en_ssh_log():
    lines = []
    for _ in range(R.randint(2, 3)):
        lines += [f"{pick(['Mar', 'Oct', 'Nov'])} {R.randint(1, 28):2d} {time_s()}:{R.randint(10, 59)} ", host(),
                  f" sshd[{digits(5, '123456789')}]: ", pick(["Failed password for ", "Accepted publickey for "]),
                  uname(), " from ", ip(), f" port {R.randint(1024, 65000)} ssh2\n"]
    return "en", lines + ["# openssh ", version(), ", allowlist 10.20.0.0/16"]


@tpl(3)
def en_dhcp_lease():
    p = person()
    return "en", ["DHCPACK on ", ip4(True), " to ", mac(), " (", host(), ") via eth0\n",
                  "Ticket: this laptop belongs to ", full(p), "; it also registered ", ip6(),
                  ". Firmware ", version(), " is fine, netmask 255.255.", pick(["0.0", "255.0", "252.0"]), "."]


@tpl(4)
def en_firewall():
    return "en", [f"{date_no()} {time_s()} DENY tcp src=", ip4(False), f" dst=", ip4(True),
                  f" dport={pick([22, 445, 3389, 8443])} rule=", digits(4, "123456789"), "\n",
                  f"{date_no()} {time_s()} ALLOW udp src=", ip(), " dst=", ip4(True), " dport=53\n",
                  "policy v", version(), " applied to 172.16.0.0/12"]


@tpl(3)
def en_helpdesk_chat():
    a, b = persons(2)
    return "en", [lower_first(a), ": printer on 3rd floor is dead again\n", lower_first(b),
                  ": which one? the one at ", ip4(True), "?\n", lower_first(a), ": yes. serial ", f"CN{digits(8)}",
                  ", driver ", version(), "\n", lower_first(b), ": ok rebooting. ping me on teams if it doesn't come back"]


@tpl(4)
def en_dental():
    p = person()
    hx = pick(H_EXTRA_EN[:5] + [("has", "haemophilia"), ("is on", "blood thinners")])
    return "en", ["Patient note – ", full(p), ", DOB ", f"{R.randint(1, 28)}/{R.randint(1, 12)}/{R.randint(1950, 2005)}", ". Patient ", hx[0], " ", S("HEALTH", hx[1]),
                  ". Appointment moved to ", date_en(), " at ", time_s(), ". Reminder to ", email_for(p),
                  *([" and SMS to ", phone(), "."] if chance(0.4) else ["."])]


@tpl(4)
def en_insurance_claim():
    p = person()
    return "en", ["Claim ", f"CLM-{digits(6, '123456789')}", " – ", full(p), "\nThe claimant ", pick([
        "slipped in the warehouse and suffered a ", "reports a "]),
                  S("HEALTH", pick(["fractured ankle", "back injury", "whiplash injury", "torn ligament"])),
                  ". Pay-out to ", S("IBAN", gen_iban(pick(["NO", "SE", "DK", "GB"]))), ". Policy no. ", bad_11(),
                  ". Contact: ", phone(), "."]


@tpl(4)
def en_recruitment_bg():
    p = person()
    return "en", ["Background check result for ", full(p), " (candidate ", f"#{digits(5, '123456789')}", "): ",
                  pick(["the candidate has a ", "disclosed a ", "came back with a "]),
                  S("CRIMINAL_RECORD", pick(["conviction for drink-driving", "prior conviction for theft",
                                             "criminal record", "police record with remarks"])),
                  pick([". Client wants to discuss before offer.", ". Do not forward to the client yet."]),
                  " Recruiter: ", full(person()), "."]


@tpl(4)
def en_law_firm():
    p = person()
    return "en", ["Reception log ", date_en(), ": ", full(p), " called about ", g(p, "his", "her"),
                  " case – ", g(p, "he", "she"), " was ", S("CRIMINAL_RECORD", pick(
                      ["convicted of fraud", "charged with assault", "arrested for shoplifting",
                       "convicted of embezzlement"])), " in ", R.randint(2015, 2025), " and wants the appeal deadline. "
                  "Number: ", phone(intl=0.4), ". Matter ", f"{digits(4, '123456789')}-{digits(3)}", "."]


@tpl(4)
def en_ai_prompt_summary():
    p = person()
    return "en", [pick(["Summarise this complaint", "Summarize the following complaint", "tl;dr this email"]),
                  " in three bullet points:\n\"", pick(["Hello, my name is ", "This is "]), full(p), ". ",
                  *pick([["The cleaner never came to ", address(), " and nobody answered the phone."],
                         ["Your driver damaged the gate at ", address(), " on Tuesday."],
                         ["The delivery to ", address(), " was two days late."]]),
                  " Call me on ", phone(), " or write to ", email_for(p), ".\""]


@tpl(5)
def en_ai_prompt_hr():
    p = person()
    kind = R.randint(0, 2)
    if kind == 0:
        core = [" who is ", S("RELIGION", pick(REL_EN)), " and has asked for flexible hours during Ramadan."]
    elif kind == 1:
        core = [" who is ", S("TRADE_UNION", pick(TU_EN)), " and wants to bring a colleague to the meeting."]
    else:
        core = [" who has ", S("HEALTH", pick(["long COVID", "chronic fatigue syndrome", "autoimmune disease",
                                               "severe asthma"])), " and asks to work from home."]
    return "en", [pick(["Draft a reply to ", "Write a friendly email to ", "Help me answer "]), full(p)] + core + [
        " Keep it short and mention our ", pick(GEN_EN[:4]), "."]


@tpl(4)
def en_invoice():
    p = person()
    org = gen_orgnr()
    return "en", ["INVOICE ", invoice_no(), "\nBill to: ", full(p), ", ", address(foreign=0.5),
                  "\nAmount due: NOK ", amount(), " by ", date_en(), "\nPay to IBAN ", S("IBAN", gen_iban("NO")),
                  " (Skarvik Skipsagentur AS, VAT NO ", S("ORGNR", org), " MVA). Ref. ", kid(), "."]


@tpl(5)
def en_card_payment():
    p = person()
    return "en", ["Customer ", full(p), " asked us to charge card ", S("CARD", gen_card()), ", exp ",
                  f"{R.randint(1, 12):02d}/{R.randint(26, 30)}", ", for booking ", f"HB-{digits(6)}",
                  ". I told ", g(p, "him", "her"), " never to send card numbers by e-mail. Test card ",
                  bad_card(), " was rejected as invalid."]


@tpl(5)
def en_harassment():
    p = person()
    kind = chance(0.5)
    return "en", ["Confidential – HR case ", digits(5, "123456789"), "\n", full(p), " reported that colleagues ",
                  pick(["mocked ", "made comments about "]), g(p, "his", "her"),
                  *([" being ", S("SEXUAL_ORIENTATION", pick(["bisexual", g(p, "gay", "lesbian")]))] if kind else
                    [" ", S("ETHNICITY", pick(["Roma background", "Sami background", "Kurdish origin",
                                                "Somali heritage"]))]),
                  ". Witness: ", full(person()), ". The diversity policy applies."]


@tpl(6)
def en_ethnicity_note():
    p = person()
    return "en", ["Note from onboarding: ", full(p), " mentioned ", g(p, "he", "she"), " is of ",
                  S("ETHNICITY", pick(ETH_EN)), " and speaks ", pick(["Northern Sami", "Kurmanji", "Romani", "Tamil"]),
                  ". We could use that in the ", pick(["Karasjok", "Tromsø", "Oslo"]), " office. Start date ", date_en(), "."]


@tpl(6)
def en_sexual_orientation_ref():
    p = person()
    return "en", ["Reference call: ", last(p), "'s former manager mentioned that ", first(p), " is ",
                  S("SEXUAL_ORIENTATION", pick(["bisexual", g(p, "gay", "lesbian"), g(p, "openly gay", "openly lesbian")])),
                  " – irrelevant and not to be recorded. Otherwise strong feedback. Next: second interview ", date_en(), "."]


@tpl(4)
def en_signature():
    p = person()
    dom = pick(DOMAINS)
    return "en", ["Best regards\n", full(p), "\n", pick(["Operations Manager", "Claims Handler", "Site Engineer",
                                                         "Head of Admissions", "Dispatch"]), "\n", pick(NEUTRAL_CO),
                  "\nOffice: ", phone(False, intl=0), "\nMobile: ", phone(True), "\n", email_for(p, dom),
                  "\n", address(), "\nOrg. no. ", S("ORGNR", fmt_orgnr(gen_orgnr()))]


@tpl(3)
def en_shipping_agent():
    a = person(0.9)
    return "en", ["Crew change at ", pick(["Ågotnes", "Mongstad", "Hammerfest"]), ", MV ", pick(["Nordkyn", "Polar Bay",
                                                                                                "Sea Falcon"]),
                  " (IMO ", f"9{digits(6)}", "). Joining: AB ", full(a), ", ", pick(["mobile ", "tel "]),
                  phone(intl=0.7), ". Container ", f"MSKU{digits(7)}", " with spares arrives ", date_en(),
                  ". Agency: Skarvik Skipsagentur AS, ", E(pick(["ops@skarvik.no", "agency@skarvik.no"])), "."]


@tpl(3)
def en_architecture_minutes():
    a, b, c = persons(3)
    return "en", ["Minutes – project ", f"{R.randint(20, 26)}-{digits(3)}", " (Tindeknaus Arkitekter)\nPresent: ",
                  full(a), ", ", full(b), ", ", full(c), "\n1. ", first(a),
                  " to revise the façade drawings by ", date_en(), ".\n2. ", last(b),
                  " reports that the client wants Olav Tryggvasons gate side in timber.\n3. Next meeting: room 4, ",
                  time_s(), "."]


@tpl(3)
def en_software_slack():
    a, b = persons(2)
    return "en", [lower_first(a), ": deploy of api ", f"v{version()}", " to prod failed 😬\n", lower_first(b),
                  ": logs say conn refused from ", ip(), " – that's ", lower_first(a), "'s laptop right?\n",
                  lower_first(a), ": yep. vpn gave me ", ip4(True), ". subnet is 10.8.0.0/24 fyi\n",
                  lower_first(b), ": ok will whitelist"]


@tpl(3)
def en_vpn_alert():
    p = person()
    return "en", ["Security alert for ", full(p), ": new sign-in to your Nordavind account from ", ip4(False),
                  " (", pick(["Warsaw", "Riga", "Lagos", "Hanoi", "Oslo"]), ") at ", time_s(),
                  ". If this wasn't you, reply to ", E(pick(["security@nordavind.no", "helpdesk@nordavind.no"])),
                  " or call the service desk on ", phone(False, intl=0), "."]


@tpl(5)
def en_travel_expense():
    p = person()
    return "en", ["Expense claim ", f"EXP-{digits(5, '123456789')}", " – ", full(p), "\nHotel Bergen NOK ", amount(),
                  " paid with corporate card ", S("CARD", gen_card()), ". Reimburse taxi to account ",
                  S("BANK_ACCOUNT", fmt_account(gen_account())), ". Receipt no. ", digits(8, "123456789"), "."]


@tpl(3)
def en_fish_farm_handover():
    a, b = persons(2)
    return "en", ["Shift handover, site ", pick(["Langøya", "Skorpa", "Vikanes"]), ": ", first(a),
                  " has finished feeding cage 6. Mortality ", R.randint(10, 300), " fish. ", full(b),
                  " takes over at ", time_s(), pick(["; if the boat has issues call ", "; skipper phone "]),
                  phone(), ". Oxygen sensor firmware ", version(), "."]


@tpl(3)
def en_hospital_kitchen():
    p = person()
    hx = pick([("has", "coeliac disease"), ("has a", "severe peanut allergy"), ("is", "diabetic"),
               ("has", "lactose intolerance")])
    return "en", ["Kitchen note: our new porter ", full(p), " ", hx[0], " ", S("HEALTH", hx[1]),
                  ", so please keep a separate tray in the staff canteen. Allergens are listed on the menu as usual. "
                  "Diet code ", f"D{digits(3)}", "."]


@tpl(4)
def en_union_admin():
    p = person()
    return "en", ["Membership desk: ", full(p), pick([" joined as a ", " has become a "]),
                  S("TRADE_UNION", pick(["member of Fellesforbundet", "member of Fagforbundet", "member of Unite",
                                         "member of Industri Energi"])),
                  " on ", date_en(), ". Dues by direct debit from ", S("IBAN", gen_iban(pick(["NO", "PL", "LT", "GB"]))),
                  ". Welcome pack to ", address(), "."]


@tpl(4)
def en_not_union_member():
    # stating someone is NOT a member is not labelled; shop steward role is
    p, q = persons(2)
    return "en", [full(p), " said ", g(p, "he", "she"), " is not a member of any union and does not want one at the meeting. ",
                  full(q), ", our ", S("TRADE_UNION", "shop steward"), ", will attend anyway per the union agreement."]


@tpl(4)
def en_mixed_no_en():
    p = person()
    q = person(female=True)
    return "en", ["hei ", lower_first(p), "! can you send the kontrakt to ", first(q), "? hun sa ", email_for(q),
                  " funker best. also: hun har ny mobil, ", phone(True), ". takk 🙏"]


@tpl(3)
def en_police_contact_crim():
    p = person()
    return "en", ["Staffing agency: ", full(p), " cannot be placed at the care home – ", g(p, "his", "her"),
                  " police certificate shows a ", S("CRIMINAL_RECORD", pick(["conviction for violence",
                                                                             "conviction for fraud",
                                                                             "conviction for drug offences"])),
                  ". Note that a police certificate is required for all care roles anyway."]


@tpl(4)
def en_university_admissions():
    p = person()
    return "en", ["Admissions: ", full(p), " (applicant ", digits(7, "123456789"), ") requests an extension because of ",
                  S("HEALTH", pick(H_EN)), ". Supporting letter received ", date_en(), ". Reply to ",
                  email_for(p), "."]


@tpl(5)
def en_no_fnr_in_english():
    p = person()
    dn = chance(0.5)
    return "en", ["New starter form: ", full(p), ", Norwegian ", pick(["ID no. ", "national ID "]) if not dn else "D-number ",
                  S("DNR" if dn else "FNR", fmt_fnr(gen_fnr(dnr=dn))), ", start date ", date_en(), ", payroll account ",
                  S("BANK_ACCOUNT", fmt_account(gen_account())), ". Employee no. ", digits(6, "123456789"), "."]


@tpl(4)
def no_ai_prompt_translate():
    p = person(0.8)
    return "no", ["Oversett til engelsk og gjør det litt mer formelt:\n«Hei, jeg heter ", full(p), " og bor i ",
                  address(foreign=0), ". Jeg har ", S("HEALTH", pick(["astma", "ryggplager", "migrene"])),
                  " og trenger kontorplass nær heisen. Ring meg gjerne på ", phone(True), ".»"]


@tpl(4)
def en_ai_prompt_log():
    p = person()
    return "en", ["Explain this log to a non-technical manager (Copilot got it wrong):\n",
                  f"{date_no()} {time_s()} auth: user ", uname(), " (", full(p), ") locked out after 5 attempts from ",
                  ip(), " on ", host(), "\nAgent version ", version(), ". Keep it under 80 words."]


@tpl(4)
def no_ambiguous_chat():
    v = R.randint(0, 2)
    if v == 0:
        return "no", [P("liv"), ": har du snakket med ", P("per"), " om fakturaen fra Lunde Grossist?\n", P("dag"),
                      ": ja, per telefon i går. de tar ", R.randint(700, 1400), " kr per time\n", P("liv"),
                      ": ok. god dag i morgen da, sol og ", R.randint(12, 24), " grader meldt\n", P("dag"),
                      ": haha. ", P("per"), " sier vår nye avtale starter dag 1 i neste kvartal"]
    if v == 1:
        return "no", [P("bjørn"), ": så en bjørn ved anlegget i ", pick(["Pasvik", "Trysil", "Lierne"]),
                      " i morges 😳\n", P("sol"), ": seriøst? si ifra til ", P("liv"), " på vakta, ",
                      phone(True), "\n", P("bjørn"), ": gjort. livet på anlegget er aldri kjedelig. rapport ",
                      digits(6, "123456789"), " er sendt"]
    return "no", ["Hei ", P("Dag"), "! Vår avdeling har fått ny turnus. Dag 1 er mandag ", date_no(),
                  ", og ", P("Liv " + pick(NO_L)), " tar første skift. Prisen er kr ", R.randint(400, 900),
                  " per dag. Ta kontakt med ", P("Per"), " hvis noe er uklart. Ha en fin dag!"]


# ---------------------------- internal (ORGNR only) --------------------------

@tpl(9)
def no_internal_supplier():
    a, b = R.sample(NEUTRAL_CO + COMPANIES, 2)
    return "no", ["Leverandørliste oppdatert ", date_no(), ":\n- ", a, ", org.nr. ", S("ORGNR", fmt_orgnr(gen_orgnr())),
                  "\n- ", b, ", org.nr. ", S("ORGNR", fmt_orgnr(gen_orgnr())), "\nRammeavtale ",
                  f"RA-{digits(4, '123456789')}", " løper til ", date_no(), ". Ugyldig nr. ", bad_orgnr(),
                  " er fjernet."]


@tpl(8)
def en_internal_subcontractors():
    a, b = R.sample(NEUTRAL_CO + COMPANIES, 2)
    return "en", ["Subcontractors approved for tender ", f"T-{digits(5, '123456789')}", ": ", a, " (org. no. ",
                  S("ORGNR", gen_orgnr()), ") and ", b, " (org. no. ", S("ORGNR", gen_orgnr()), "). Bid total NOK ",
                  amount(), ". Item ", digits(8, "123456789"), " excluded."]


@tpl(7)
def no_internal_invoice_header():
    o = gen_orgnr()
    return "no", [pick(NEUTRAL_CO), "\nForetaksregisteret NO ", S("ORGNR", f"{o[:3]} {o[3:6]} {o[6:]}"),
                  " MVA\nFaktura ", invoice_no(), " gjelder ", pick(["varmebehandling av aksler", "fresing av flenser",
                                                                     "grossistlevering uke 12"]),
                  ", ", R.randint(2, 400), " stk à kr ", R.randint(40, 9000), ". Forfall 30 dager."]


@tpl(7)
def en_internal_group():
    return "en", ["Group structure: ", pick(NEUTRAL_CO), " (", S("ORGNR", gen_orgnr()), ") owns 100 % of ",
                  pick(COMPANIES), " (", S("ORGNR", fmt_orgnr(gen_orgnr())), "). Intercompany loan NOK ", amount(),
                  " at ", R.randint(3, 8), ".", R.randint(0, 9), " %. Board meeting ", date_en(), "."]


@tpl(7)
def no_internal_credit_check():
    return "no", ["Kredittsjekk: ", pick(COMPANIES), " (org.nr. ", S("ORGNR", gen_orgnr()),
                  ") – rating A, omsetning kr ", amount(), ". Kundenr. ", digits(8, "123456789"),
                  ". Merk: nr. ", bad_orgnr(), " i gammel faktura er feil og er ikke et gyldig org.nr."]


# ---------------------------- public -----------------------------------------

@tpl(8)
def no_pub_municipal_notice():
    return "no", [pick(["Byggesaksavdelingen", "Servicetorget", "Teknisk etat"]), " holder stengt ", date_no(),
                  pick([" på grunn av ", " grunnet "]), pick(["kurs", "flytting", "HMS-kurs for alle ansatte"]),
                  ". Søknader kan sendes digitalt. Vi holder til i ", pick(["Olav Tryggvasons gate", "Kirkegata",
                                                                          "Rådhusplassen"]),
                  ", ", " ".join(pick(PLACES)), ". Sol og vår i lufta – velkommen innom!"]


@tpl(8)
def en_pub_release_notes():
    return "en", ["Release ", version(), " (build ", digits(8, "123456789"), ")\n- Fixed crash when importing ",
                  pick(["CSV", "EHF", "SAF-T"]), " files\n- Default subnet example changed to 192.168.0.0/24\n- ",
                  "Minimum supported version is now ", version(), "\n- Mark the invoice as paid now works offline"]


@tpl(8)
def no_pub_machine_quote():
    return "no", ["Tilbud ", f"TB-{digits(5, '123456789')}", " – ", pick(["Fossekall Mekaniske", "Pedersen Maskin AS"]),
                  "\nPos 1: Aksel Ø", R.randint(20, 120), " x ", R.randint(100, 900), " mm, art.nr. ",
                  digits(8, "123456789"), ", ", R.randint(2, 60), " stk à kr ", R.randint(200, 4000),
                  "\nPos 2: Herding og sliping, kr ", amount(), "\nLevering uke ", R.randint(1, 52),
                  ". Tegningsnr. ", bad_11(), ". Prisene er eks. mva."]


@tpl(8)
def en_pub_policy():
    return "en", ["Our ", pick(GEN_EN[2:4]), " has been updated. All staff must complete the ",
                  GEN_EN[0], " by ", date_en(), ". The union agreement covers overtime. ",
                  pick(["Pride Month is celebrated in June", "The church hall is booked for the summer party",
                        "A police certificate is required for this role"]), ". Questions? Ask your manager."]


@tpl(8)
def no_pub_bus_route():
    return "no", ["Ruteendring fra ", date_no(), ": Linje ", R.randint(2, 90), " kjører ikke via ",
                  pick(["Olav Tryggvasons gate", "Kong Oscars gate", "Bjørnstjerne Bjørnsons gate"]), " på grunn av ",
                  "gravearbeid. Avgang ", time_s(), " flyttes til ", time_s(), ". Billettpris kr ", R.randint(40, 90),
                  " per tur. Dag 1 av ombyggingen starter mandag."]


@tpl(8)
def en_pub_tracking():
    return "en", ["Your parcel ", f"{pick(['RR', 'LX', 'CP'])}{digits(9)}NO", " is on its way. Order ", order_no(),
                  ", invoice ", invoice_no(), ". Expected ", date_en(), " between ", time_s(), " and ", time_s(),
                  ". Pay with KID ", kid(), ". Reference ", bad_11(), "."]


@tpl(8)
def no_pub_company_news():
    a, b = R.sample(COMPANIES, 2)
    return "no", [a, " kjøper ", b, " for kr ", amount(), ". Selskapet får ", R.randint(40, 300),
                  " ansatte fordelt på ", pick(["Bergen", "Ålesund", "Bodø"]), " og ", pick(["Hamar", "Alta", "Førde"]),
                  ". Avtalen ble signert ", date_no(), "."]


@tpl(9)
def en_pub_placeholders():
    return "en", [pick(["Setup guide: enter your login as user@example.com and replace example.org with your domain. ",
                        "Template: write to name@example.com (placeholder) and never to a real inbox in the demo. ",
                        "In the form, the e-mail field shows user@example.net as a hint only. "]),
                  "Support replies come from Message-ID <", digits(10), ".", digits(5), "@mail.nordavind.no>. ",
                  "Follow us on @NordavindIT. Server version ", version(), ", the office network 10.0.0.0/8 is a range, not a host."]


@tpl(8)
def no_pub_hms_newsletter():
    return "no", ["Nytt fra HMS: ", pick(["HMS-kurs", "Førstehjelpskurs"]), " holdes ", date_no(),
                  ". Sykefraværsrutinen er oppdatert, og tariffavtalen for ", pick(["Fellesforbundet", "Fagforbundet"]),
                  " er reforhandlet. Bjørn", " og elg er observert ved anlegget – kjør forsiktig. Liv og helse først!"]


@tpl(8)
def en_pub_menu():
    return "en", ["Hospital kitchen menu, week ", R.randint(1, 52), ": Monday fish soup (allergens: fish, milk, celery), ",
                  "Tuesday lentil curry (vegan), Wednesday pork roast. Halal and kosher options on request. ",
                  "Price NOK ", R.randint(60, 120), ". Grace period for card top-up is 7 days."]


@tpl(8)
def no_pub_ai_prompt():
    return "no", [pick(["Skriv en kort LinkedIn-post om ", "Lag en Facebook-annonse for ", "Foreslå tre overskrifter om "]),
                  pick(["vår nye bussrute til flyplassen", "åpen dag på byggeplassen", "ledige sommerjobber på lageret",
                        "ny tannklinikk på Sortland"]),
                  ". Tonen skal være vennlig. Nevn at vi har ", pick(GEN_NO[:4]),
                  " og at søknadsfristen er ", date_no(), "."]


@tpl(8)
def en_pub_ai_prompt():
    return "en", [pick(["Explain the difference between a union agreement and an individual contract",
                        "Write a short FAQ about how IPv4 subnetting works (e.g. 10.0.0.0/8)",
                        "Summarise our sick-leave policy for new managers",
                        "Explain invoice vs. credit note for our bus company's customers",
                        "Write a welcome text for Pride Month on the intranet"]),
                  ". Use plain English and at most ", R.randint(100, 300), " words. Do not include any personal data."]


@tpl(8)
def no_pub_invalid_numbers():
    return "no", ["Feil i import: ", bad_fnr_like(), " er ikke et gyldig fødselsnummer, og ", bad_orgnr(),
                  " feilet kontrollsifferet for org.nr. Kontonr. ", bad_account_fmt(), " ble avvist. Rad ",
                  R.randint(2, 900), ", fil ", f"import_{digits(8)}.csv", "."]


@tpl(8)
def en_pub_church_venue():
    return "en", ["Concert in ", pick(["Bodø Cathedral", "St. Olav's Church", "Fagerborg Church"]), " on ", date_en(),
                  " at ", time_s(), ". The church hall is booked for the reception. Tickets NOK ",
                  R.randint(150, 450), ". Will the choir sing? Yes – and May is our busiest month."]


@tpl(8)
def no_pub_job_ad():
    return "no", ["Ledig stilling: ", pick(["Bussjåfør", "Tannhelsesekretær", "Lagermedarbeider", "Renholder"]),
                  " i ", pick(NEUTRAL_CO), ". ", pick(["Politiattest kreves for stillingen", "Vi har tariffavtale og god pensjon"]),
                  ". Søknadsfrist ", date_no(), ". Stillingsnr. ", digits(6, "123456789"),
                  ". Vi ønsker søkere med ulik bakgrunn velkommen."]


@tpl(8)
def en_pub_warehouse():
    return "en", ["Warehouse stock count ", date_en(), ": SKU ", digits(8, "123456789"), " – ", R.randint(10, 900),
                  " units; SKU ", digits(8, "123456789"), " – ", R.randint(10, 900),
                  " units. Pallet IDs ", f"3707{digits(14)}", ". Bill of lading ", f"BL{digits(7)}",
                  ". Frank feedback from the supplier is welcome. Mark the invoice with the PO number."]


@tpl(8)
def no_pub_aquaculture():
    return "no", ["Lusetelling uke ", R.randint(1, 52), ", lokalitet ", digits(5, "123456789"), ": ",
                  f"{R.randint(0, 1)},{R.randint(0, 99):02d}", " voksne hunnlus per fisk. Sjøtemperatur ",
                  R.randint(4, 16), " °C. Neste telling ", date_no(), ". Fôrlager ", amount(), " kg."]


@tpl(8)
def en_pub_it_maintenance():
    return "en", ["Planned maintenance ", date_en(), " ", time_s(), "–", time_s(),
                  ": core switches upgrade to ", version(), ". Affected ranges: 10.", R.randint(0, 200),
                  ".0.0/16 and 192.168.", R.randint(0, 50), ".0/24, netmask 255.255.255.0. Expect short outages."]


@tpl(8)
def no_pub_insurance_info():
    return "no", ["Slik melder du skade: logg inn, velg skadetype og legg ved bilder. Saksnummer får formen ",
                  f"SK-{digits(7, '123456789')}", ". Utbetaling skjer normalt innen ", R.randint(5, 20),
                  " dager. Yrkesskadeforsikring dekker skader på jobb. Ved spørsmål om sykemelding, se ",
                  "sykefraværsrutinen."]


@tpl(6)
def en_pub_assistants():
    return "en", [pick(["Tip: ", "FYI: "]), "ask Copilot to draft the minutes, or say \"Hey Siri, call reception\". "
                  "Alexa in meeting room ", R.randint(1, 9), " is switched off. Will we keep them? Bill of materials ",
                  f"BOM-{digits(5, '123456789')}", " is attached; mark the invoice as approved by ", date_en(), "."]


@tpl(8)
def en_pub_school_office():
    return "en", ["School office: term starts ", date_en(), ". Lockers cost NOK ", R.randint(100, 300),
                  ". The allergy-friendly canteen policy still applies. Hope to see many parents at ",
                  "the open day in room ", R.randint(100, 400), ". Bill payments use reference ", kid(), "."]


# ---------------------------------------------------------------------------

def assemble(parts):
    text, ents = "", []
    for p in parts:
        if isinstance(p, tuple):
            t, s = p
            assert s and s == s.strip(), (t, s)
            ents.append({"type": t, "start": len(text), "end": len(text) + len(s)})
            text += s
        else:
            text += str(p)
    # trim outer whitespace while keeping offsets consistent
    lead = len(text) - len(text.lstrip())
    if lead:
        for e in ents:
            e["start"] -= lead
            e["end"] -= lead
    return text.strip(), ents


VALIDATORS = {
    "FNR": lambda s: fnr_valid(s) and re.fullmatch(r"\d{6} ?\d{5}", s),
    "DNR": lambda s: fnr_valid(s, True) and re.fullmatch(r"\d{6} ?\d{5}", s),
    "ORGNR": orgnr_valid,
    "BANK_ACCOUNT": lambda s: account_valid(s) and not fnr_valid(s) and not fnr_valid(s, True),
    "IBAN": iban_valid,
    "CARD": lambda s: luhn_ok(s) and len(re.sub(r"\D", "", s)) in (15, 16),
}
TYPES = ["PERSON", "EMAIL", "PHONE", "IP", "ADDRESS", "FNR", "DNR", "ORGNR", "BANK_ACCOUNT", "IBAN", "CARD",
         "HEALTH", "TRADE_UNION", "RELIGION", "ETHNICITY", "SEXUAL_ORIENTATION", "CRIMINAL_RECORD"]


def main():
    rows = []
    for name, fn, n in TEMPLATES:
        for _ in range(n):
            lang, parts = fn()
            text, ents = assemble(parts)
            rows.append((lang, name, text, ents))
    R.shuffle(rows)
    out = []
    tcount, ccount, lcount = Counter(), Counter(), Counter()
    for i, (lang, name, text, ents) in enumerate(rows, 1):
        ents.sort(key=lambda e: e["start"])
        prev = 0
        for e in ents:
            assert e["type"] in TYPES, e
            assert e["start"] >= prev, (name, text, ents)
            prev = e["end"]
            surf = text[e["start"]:e["end"]]
            assert surf and surf == surf.strip(), (name, surf)
            if e["type"] in VALIDATORS:
                assert VALIDATORS[e["type"]](surf), (e["type"], surf)
            if e["type"] == "EMAIL":
                assert re.fullmatch(r"[\w.\-+]+@[\w\-]+(\.[\w\-]+)+", surf), surf
            if e["type"] == "PHONE":
                assert 8 <= len(re.sub(r"\D", "", surf)) <= 13, surf
            tcount[e["type"]] += 1
        types = {e["type"] for e in ents}
        cls = "public" if not types else ("internal" if types == {"ORGNR"} else "confidential")
        ccount[cls] += 1
        lcount[lang] += 1
        out.append({"id": f"fresh7-{i:04d}", "lang": lang, "template": name, "text": text,
                    "entities": ents, "class": cls})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as f:
        for o in out:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")
    lens = [len(o["text"]) for o in out]
    print(f"wrote {len(out)} texts to {OUT} from {len(TEMPLATES)} templates (seed {SEED})")
    print("lang:", dict(lcount))
    print("class:", dict(ccount))
    print("length min/max/mean:", min(lens), max(lens), sum(lens) // len(lens))
    for t in TYPES:
        print(f"  {t:20s} {tcount[t]}")


if __name__ == "__main__":
    main()
