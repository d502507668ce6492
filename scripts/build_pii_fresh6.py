#!/usr/bin/env python3
"""Build evals/pii/fresh6.jsonl - an independent, labelled NO/EN PII test corpus.

Deterministic (fixed seed). Run:  .venv/bin/python scripts/build_pii_fresh6.py

Template mini-language:
  «a|b|c»          random choice of plain text (options may contain slots / literals)
  {SLOT}           generated value; labelled or not depending on the slot (see SLOTS)
  [[TYPE:text]]    literal text labelled as TYPE
Persons: {P1} full name, {F1} first name, {L1} surname, {f1} lower-case first name,
{E1} e-mail built from person 1's name (labelled EMAIL only). Index 1..4.
"""
from __future__ import annotations

import json
import random
import re
import unicodedata
from collections import Counter
from pathlib import Path

SEED = 6_2026_1126
OUT = Path(__file__).resolve().parent.parent / "evals" / "pii" / "fresh6.jsonl"

# ----------------------------------------------------------------------------------------------
# identifier algorithms
# ----------------------------------------------------------------------------------------------


def _mod11(digits, weights):
    s = sum(int(d) * w for d, w in zip(digits, weights))
    r = 11 - s % 11
    if r == 11:
        return 0
    if r == 10:
        return None
    return r


W_K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
W_K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
W_ORG = [3, 2, 7, 6, 5, 4, 3, 2]
W_ACC = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]


def _valid_date(dd, mm, yy_full):
    import datetime

    try:
        datetime.date(yy_full, mm, dd)
        return True
    except ValueError:
        return False


def fnr_checks_ok(s):
    if len(s) != 11 or not s.isdigit():
        return False
    k1 = _mod11(s[:9], W_K1)
    if k1 is None or k1 != int(s[9]):
        return False
    k2 = _mod11(s[:10], W_K2)
    return k2 is not None and k2 == int(s[10])


def is_valid_fnr_or_dnr(s):
    if not fnr_checks_ok(s):
        return False
    dd, mm = int(s[0:2]), int(s[2:4])
    if dd > 40:
        dd -= 40
    if mm > 40:  # H-numbers / synthetic - treat as date-shifted too
        mm -= 40
    return _valid_date(dd, mm, 2000) or _valid_date(dd, mm, 1999)


def acct_ok(s):
    if len(s) != 11 or not s.isdigit():
        return False
    c = _mod11(s[:10], W_ACC)
    return c is not None and c == int(s[10])


def orgnr_ok(s):
    if len(s) != 9 or not s.isdigit():
        return False
    c = _mod11(s[:8], W_ORG)
    return c is not None and c == int(s[8])


def luhn_ok(s):
    tot = 0
    for i, ch in enumerate(reversed(s)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def luhn_digit(body):
    for d in range(10):
        if luhn_ok(body + str(d)):
            return str(d)
    raise AssertionError


def iban_check(cc, bban):
    rearr = bban + cc + "00"
    num = "".join(str(int(ch, 36)) for ch in rearr)
    return "%02d" % (98 - int(num) % 97)


def iban_ok(s):
    s = s.replace(" ", "")
    rearr = s[4:] + s[:4]
    num = "".join(str(int(ch, 36)) for ch in rearr)
    return int(num) % 97 == 1


class Gen:
    def __init__(self, rng: random.Random):
        self.r = rng

    def digits(self, n, first=None):
        s = "".join(str(self.r.randint(0, 9)) for _ in range(n))
        if first is not None:
            s = str(first) + s[1:]
        return s

    def fnr_raw(self, d_number=False):
        r = self.r
        while True:
            year = r.randint(1942, 2006)
            mm = r.randint(1, 12)
            dd = r.randint(1, 28)
            yy = year % 100
            if year >= 2000:
                ind = r.randint(500, 999)
            elif r.random() < 0.85:
                ind = r.randint(0, 499)
            else:
                ind = r.randint(900, 999)
            d_ = dd + 40 if d_number else dd
            body = "%02d%02d%02d%03d" % (d_, mm, yy, ind)
            k1 = _mod11(body, W_K1)
            if k1 is None:
                continue
            k2 = _mod11(body + str(k1), W_K2)
            if k2 is None:
                continue
            s = body + str(k1) + str(k2)
            assert fnr_checks_ok(s)
            return s

    def fnr(self, d_number=False):
        s = self.fnr_raw(d_number)
        if self.r.random() < 0.25:
            return s[:6] + " " + s[6:]
        return s

    def orgnr_raw(self):
        while True:
            body = str(self.r.choice([8, 9])) + self.digits(7)
            c = _mod11(body, W_ORG)
            if c is not None:
                return body + str(c)

    def orgnr(self, spaced=None):
        s = self.orgnr_raw()
        if spaced is None:
            spaced = self.r.random() < 0.45
        return f"{s[:3]} {s[3:6]} {s[6:]}" if spaced else s

    def acct_raw(self):
        while True:
            body = self.r.choice(["1503", "1506", "1204", "3000", "9710", "6345", "1644", "1822", "2801", "0530",
                                  "3201", "1254", "4202", "9365", "1080", "7874", "8601", "0539"]) + self.digits(6)
            c = _mod11(body, W_ACC)
            if c is None:
                continue
            s = body + str(c)
            if is_valid_fnr_or_dnr(s) or fnr_checks_ok(s):
                continue
            return s

    def acct(self):
        s = self.acct_raw()
        f = self.r.random()
        if f < 0.4:
            return s
        if f < 0.75:
            return f"{s[:4]}.{s[4:6]}.{s[6:]}"
        return f"{s[:4]} {s[4:6]} {s[6:]}"

    def bad11(self):
        while True:
            s = self.digits(11, first=self.r.randint(1, 9))
            if not (fnr_checks_ok(s) or acct_ok(s)):
                return s

    def bad_acct_fmt(self):
        s = self.bad11()
        return f"{s[:4]}.{s[4:6]}.{s[6:]}"

    def bad9(self):
        while True:
            s = str(self.r.choice([8, 9])) + self.digits(8)
            if not orgnr_ok(s):
                return s

    def iban(self):
        r = self.r
        cc = r.choice(["NO", "NO", "SE", "DK", "DE", "GB", "FR", "PL", "NL", "LT", "FI"])
        if cc == "NO":
            bban = self.acct_raw()
        elif cc == "SE":
            bban = self.digits(20, first=r.choice([3, 5, 6, 8, 9]))
        elif cc == "DK":
            bban = self.digits(14)
        elif cc == "DE":
            bban = self.digits(18, first=r.randint(1, 8))
        elif cc == "GB":
            bban = r.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + self.digits(14)
        elif cc == "FR":
            bban = self.digits(10) + self.digits(11) + self.digits(2)
        elif cc == "PL":
            bban = self.digits(24, first=1)
        elif cc == "NL":
            bban = r.choice(["ABNA", "INGB", "RABO", "TRIO"]) + self.digits(10)
        elif cc == "LT":
            bban = self.digits(16, first=7)
        else:  # FI
            bban = self.digits(14, first=1)
        s = cc + iban_check(cc, bban) + bban
        assert iban_ok(s)
        if r.random() < 0.6:
            return " ".join(s[i:i + 4] for i in range(0, len(s), 4))
        return s

    def card(self):
        r = self.r
        kind = r.choice(["visa", "visa", "mc", "mc2", "amex"])
        if kind == "visa":
            body = "4" + self.digits(14)
        elif kind == "mc":
            body = "5" + str(r.randint(1, 5)) + self.digits(13)
        elif kind == "mc2":
            body = str(r.randint(2221, 2720)) + self.digits(11)
        else:
            body = r.choice(["34", "37"]) + self.digits(12)
        s = body + luhn_digit(body)
        assert luhn_ok(s)
        sep = r.choice(["", " ", " ", "-"])
        if len(s) == 15:
            return sep.join([s[:4], s[4:10], s[10:]])
        return sep.join(s[i:i + 4] for i in range(0, 16, 4))

    def bad_card(self):
        while True:
            s = "4" + self.digits(15)
            if not luhn_ok(s):
                return " ".join(s[i:i + 4] for i in range(0, 16, 4))

    # phones --------------------------------------------------------------------
    def no_number(self, mobile=None):
        r = self.r
        if mobile is None:
            mobile = r.random() < 0.7
        if mobile:
            first = r.choice("49")
        else:
            first = r.choice("234567")
        s = first + self.digits(7)
        f = r.random()
        if f < 0.3:
            body = s
        elif f < 0.6:
            body = f"{s[:3]} {s[3:5]} {s[5:]}"
        else:
            body = f"{s[:2]} {s[2:4]} {s[4:6]} {s[6:]}"
        p = r.random()
        if p < 0.55:
            return body
        if p < 0.8:
            return "+47 " + body
        if p < 0.9:
            return "0047 " + body
        return "+47" + body.replace(" ", "") if r.random() < 0.5 else "+47 " + body

    def intl_phone(self):
        r = self.r
        d = self.digits
        return r.choice([
            lambda: f"+46 7{r.choice('0236')} {d(3)} {d(2)} {d(2)}",
            lambda: f"+44 20 7946 0{d(3)}",
            lambda: f"+44 7700 900{d(3)}",
            lambda: f"+1 {r.choice(['415', '212', '646', '617'])} 555 01{d(2)}",
            lambda: f"+49 30 {d(8, first=2)}",
            lambda: f"+48 {r.choice('5678')}{d(2)} {d(3)} {d(3)}",
            lambda: f"+370 6{d(2)} {d(5)}",
            lambda: f"+63 917 {d(3)} {d(4)}",
            lambda: f"+252 61 {d(7)}",
            lambda: f"+92 300 {d(7)}",
            lambda: f"+45 {d(2, first=2)} {d(2)} {d(2)} {d(2)}",
            lambda: f"+358 40 {d(3)} {d(4)}",
            lambda: f"+66 81 {d(3)} {d(4)}",
        ])()

    def ip4(self):
        r = self.r
        return r.choice([
            lambda: f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(2, 254)}",
            lambda: f"192.168.{r.randint(0, 20)}.{r.randint(2, 254)}",
            lambda: f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.{r.randint(2, 254)}",
            lambda: f"{r.choice([84, 85, 88, 91, 109, 158, 193, 195, 212])}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(2, 254)}",
        ])()

    def ip6(self):
        r = self.r
        h = lambda: "%x" % r.randint(1, 0xFFFF)
        return r.choice([
            lambda: f"2001:db8:{h()}:{h()}::{h()}",
            lambda: f"fe80::{h()}:{h()}:{h()}:{h()}",
            lambda: f"2a01:79c:{h()}:{h()}:{h()}:{h()}:{h()}:{h()}",
            lambda: f"2001:4600:{h()}::{h()}",
        ])()


# ----------------------------------------------------------------------------------------------
# names
# ----------------------------------------------------------------------------------------------

GROUPS = {
    "no": (["Kari", "Ingrid", "Sigrid", "Håkon", "Marte", "Eirik", "Solveig", "Torbjørn", "Randi", "Geir", "Hilde",
            "Øyvind", "Tone", "Sindre", "Ragnhild", "Vegard", "Astrid", "Jørgen", "Gunnhild", "Trond", "Silje", "Arne",
            "Åse", "Kjetil", "Marit", "Synnøve", "Petter", "Anne-Lise", "Torstein", "Oddny", "Eldbjørg", "Halvard"],
           ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
            "Karlsen", "Haugen", "Johnsen", "Eriksen", "Solberg", "Halvorsen", "Bakke", "Lunde", "Moen", "Dahl",
            "Rønning", "Fjeld", "Aasen", "Tveit", "Myhre", "Sæther", "Kvam", "Grønvold", "Hovland", "Brekke",
            "Ødegård", "Skjelbred", "Aune"]),
    "sami": (["Máret", "Ánde", "Biret", "Niillas", "Risten", "Áslat", "Elle", "Jovnna", "Sunná", "Issát", "Inga"],
             ["Hætta", "Eira", "Gaup", "Somby", "Utsi", "Buljo", "Turi", "Bongo", "Skum", "Oskal", "Sara"]),
    "pl": (["Jakub", "Agnieszka", "Krzysztof", "Małgorzata", "Piotr", "Katarzyna", "Wojciech", "Zofia", "Grzegorz",
            "Joanna", "Łukasz", "Bożena"],
           ["Nowak", "Wójcik", "Kaczmarek", "Pawlak", "Mazur", "Wróbel", "Sikora", "Krawczyk", "Michalak",
            "Adamczyk", "Dudek", "Zając"]),
    "so": (["Abdirahman", "Hodan", "Fadumo", "Mohamed", "Ayaan", "Hamza", "Ifrah", "Abdullahi", "Sahra", "Liban",
            "Khadar", "Nimco"],
           ["Warsame", "Farah", "Abdi", "Hassan", "Jama", "Osman", "Mohamud", "Nur", "Egal", "Yusuf", "Dualeh"]),
    "pk": (["Imran", "Ayesha", "Usman", "Nadia", "Faisal", "Sadia", "Bilal", "Rabia", "Zeeshan", "Mehwish", "Tahir"],
           ["Chaudhry", "Iqbal", "Butt", "Rana", "Qureshi", "Malik", "Mirza", "Bhatti", "Akhtar", "Raza"]),
    "vi": (["Lan", "Minh", "Thảo", "Tuấn", "Hùng", "Linh", "Quang", "Ngọc", "Phương"],
           ["Nguyễn", "Trần", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ"]),
    "th": (["Siriporn", "Somchai", "Kanya", "Nattapong", "Pimchanok", "Wannee", "Anong", "Kittisak", "Ratana"],
           ["Saetang", "Chaiyaporn", "Srisuk", "Wongsawat", "Boonmee", "Rattanakorn", "Phromsuwan"]),
    "sy": (["Rami", "Lina", "Yara", "Omar", "Rasha", "Khaled", "Nour", "Hiba", "Tarek", "Ghaith", "Rahaf"],
           ["Haddad", "al-Khatib", "Darwish", "Kassab", "Sabbagh", "Aziz", "Homsi", "Jabbour", "Masri"]),
    "er": (["Tesfay", "Semhar", "Yonas", "Senait", "Filmon", "Selam", "Robel", "Mehret", "Awet", "Saba"],
           ["Gebremedhin", "Tekle", "Haile", "Kidane", "Berhane", "Ghebreyesus", "Tesfamariam", "Woldu"]),
    "lt": (["Tomas", "Rūta", "Mindaugas", "Eglė", "Darius", "Aušra", "Vaidas", "Giedrė", "Žygimantas"],
           ["Kazlauskas", "Petrauskienė", "Jankauskas", "Žukauskas", "Stankevičius", "Vasiliauskaitė", "Butkus"]),
    "ph": (["Maricel", "Jerome", "Rowena", "Jericho", "Marilou", "Arnel", "Kristine", "Rodel", "Divina"],
           ["dela Cruz", "Santos", "Bautista", "Reyes", "Mendoza", "Villanueva", "Aquino", "Macaraeg"]),
    "en": (["Oliver", "Siobhan", "Gareth", "Harriet", "Callum", "Imogen", "Declan", "Fiona", "Nigel", "Priya",
            "Rhys", "Bethany"],
           ["Bennett", "Clarke", "Whitfield", "Doherty", "Ashworth", "Pembroke", "MacLeod", "Fairbanks", "Thornton",
            "O'Sullivan", "Kaur", "Okafor"]),
    "rare": (["Dilan", "Rojin", "Sherko", "Farid", "Mariam", "Tharshini", "Kajan", "Oksana", "Taras", "Valentina",
              "Matías", "Guðrún", "Hallgrímur", "Kwame", "Akosua", "Shirin", "Dariush", "Aino", "Jouni", "Emina",
              "Adnan", "Elif", "Emre", "Sabina", "Bikash", "Ionela", "Chidinma", "Zhiwei", "Nilufar", "Ásta"],
             ["Barzani", "Sultani", "Ahmadzai", "Sivakumar", "Tharmalingam", "Bondarenko", "Shevchuk", "Araya",
              "Fuentealba", "Sigurðardóttir", "Mensah", "Owusu", "Rahimi", "Karimi", "Heikkilä", "Niskanen", "Hodžić",
              "Begović", "Yılmaz", "Demir", "Gurung", "Thapa", "Popescu", "Eze", "Zhou", "Karimova", "Jónsdóttir"]),
}
GROUP_WEIGHTS = {"no": 30, "sami": 6, "pl": 8, "so": 7, "pk": 7, "vi": 5, "th": 4, "sy": 6, "er": 6, "lt": 5,
                 "ph": 5, "en": 8, "rare": 12}

FOLD = {"ø": "o", "æ": "ae", "å": "a", "ł": "l", "đ": "d", "ß": "ss", "ı": "i", "ð": "d"}


def ascii_fold(s):
    s = "".join(FOLD.get(ch, FOLD.get(ch.lower(), ch)) for ch in s)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9-]", "", s.lower())


class Person:
    def __init__(self, rng):
        g = rng.choices(list(GROUP_WEIGHTS), weights=list(GROUP_WEIGHTS.values()))[0]
        firsts, lasts = GROUPS[g]
        self.first = rng.choice(firsts)
        self.last = rng.choice(lasts)
        if g == "lt":  # Lithuanian surnames are gendered
            fem = self.first in ("Rūta", "Eglė", "Aušra", "Giedrė")
            self.last = rng.choice(["Petrauskienė", "Vasiliauskaitė", "Kazlauskienė", "Jankauskaitė"] if fem else
                                   ["Kazlauskas", "Jankauskas", "Žukauskas", "Stankevičius", "Butkus"])
        if g == "vi":
            mid = rng.choice(["Thị", "Văn", "Minh", "Thu", "Đức"])
            self.full = f"{self.last} {mid} {self.first}"
        else:
            self.full = f"{self.first} {self.last}"
        self.group = g
        fn, ln = ascii_fold(self.first), ascii_fold(self.last)
        dom = rng.choice(DOMAINS)
        self.email = rng.choice([f"{fn}.{ln}", f"{fn[0]}.{ln}", f"{fn}{ln[0]}", f"{fn}_{ln}", f"{fn}.{ln}",
                                 f"{fn}{rng.randint(70, 99)}"]) + "@" + dom


DOMAINS = ["fjordlaks.no", "haugenbygg.no", "kodeverket.no", "gmail.com", "outlook.com", "online.no", "hotmail.com",
           "lierdal.kommune.no", "trollbil.no", "havbris-shipping.no", "solbakken-bhg.no", "rentvask.no",
           "fjellstuehotels.com", "arkitektkontoret-nord.no", "vestlandsk-dispatch.no", "sykehusmat.no",
           "yahoo.co.uk", "proton.me", "icloud.com", "nordkyst.no"]
COMPANIES = ["Fjordlaks Sjømat AS", "Haugen Bygg AS", "Kodeverket Consulting AS", "Trollbil Gjøvik AS",
             "Havbris Shipping AS", "Solbakken barnehage", "Rentvask Service AS", "Fjellstue Hotels AS",
             "Arkitektkontoret Nord AS", "Vestlandsk Dispatch AS", "Olsen Transport AS", "Berg & Sønn AS",
             "Lunde Maskin og Sveis AS", "Nordkyst Logistikk AS", "Brekke Elektro AS", "Sørlandet Renhold AS",
             "Kvam Bil AS", "Aune Regnskap AS", "Polar Kjøkkendrift AS", "Tveit Eiendom AS", "Dahl & Myhre Advokatfirma"]
CITIES = ["Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø", "Bodø", "Drammen", "Ålesund", "Hamar",
          "Kristiansand", "Moss", "Alta", "Førde", "Hønefoss", "Svolvær", "Gjøvik", "Molde", "Narvik"]
POST = [("0150", "Oslo"), ("0557", "Oslo"), ("5003", "Bergen"), ("5146", "Fyllingsdalen"), ("7011", "Trondheim"),
        ("4006", "Stavanger"), ("9008", "Tromsø"), ("8006", "Bodø"), ("3015", "Drammen"), ("6002", "Ålesund"),
        ("2317", "Hamar"), ("4612", "Kristiansand"), ("1530", "Moss"), ("9510", "Alta"), ("9730", "Karasjok"),
        ("6800", "Førde"), ("3510", "Hønefoss"), ("8300", "Svolvær"), ("2815", "Gjøvik"), ("6413", "Molde")]
STREETS = ["Olav Tryggvasons gate", "Kong Oscars gate", "Dronning Eufemias gate", "Christian Michelsens gate",
           "Henrik Ibsens vei", "Camilla Colletts vei", "Storgata", "Industriveien", "Sjøgata", "Fjordveien",
           "Kirkegata", "Havnegata", "Bryggevegen", "Nedre Langgate", "Strandveien", "Løkkeveien",
           "Teknologiveien", "Bekkefaret", "Markveien", "Solhaugveien", "Fiskebrygga", "Lyngåsen", "Elvegata",
           "Tordenskiolds gate", "Rådhusgata", "Verkstedveien"]
FOREIGN_ADR = [
    lambda r: f"ul. Marszałkowska {r.randint(2, 140)}, 00-{r.randint(100, 999)} Warszawa",
    lambda r: f"Drottninggatan {r.randint(2, 110)}, 111 {r.randint(20, 60)} Stockholm",
    lambda r: f"Vesterbrogade {r.randint(2, 150)}, 1620 København V",
    lambda r: f"Friedrichstraße {r.randint(2, 200)}, 10117 Berlin",
    lambda r: f"{r.randint(2, 120)} Wellington Road, Leeds LS12 {r.randint(1, 9)}DB",
    lambda r: f"Gedimino pr. {r.randint(2, 60)}, LT-01103 Vilnius",
    lambda r: f"Keizersgracht {r.randint(100, 700)}, 1016 EK Amsterdam",
    lambda r: f"{r.randint(10, 99)} Rizal Avenue, Manila 1003",
    lambda r: f"Mannerheimintie {r.randint(2, 90)}, 00100 Helsinki",
    lambda r: f"{r.randint(100, 999)} Market Street, San Francisco, CA 94103",
]

# special category phrase banks ------------------------------------------------------------
HEALTH_CAUSE_NO = ["prolaps i ryggen", "utbrenthet", "migrene", "lungebetennelse", "angst", "depresjon",
                   "brudd i ankelen", "long covid", "bekkenløsning", "hjernerystelse", "slitasjegikt i kneet",
                   "helvetesild", "en skulderoperasjon", "kreftbehandling", "tennisalbue", "svangerskapskvalme"]
HEALTH_CAUSE_NO = [h.replace("en ", "", 1) if h.startswith("en ") else h for h in HEALTH_CAUSE_NO]
HEALTH_STATE_NO = ["gravid", "gravid i uke 22", "type 1-diabetiker", "allergisk mot skalldyr", "epileptiker",
                   "nøtteallergiker", "hørselshemmet", "bipolar", "glutenintolerant", "rullestolbruker"]
HEALTH_CAUSE_EN = ["burnout", "pneumonia", "long COVID", "depression", "wrist fracture", "chronic migraine",
                   "post-natal depression", "stress-related exhaustion", "knee surgery", "concussion",
                   "a herniated disc", "chemotherapy", "shingles", "a panic disorder"]
HEALTH_CAUSE_EN = [h[2:] if h.startswith("a ") else h for h in HEALTH_CAUSE_EN]
HEALTH_STATE_EN = ["pregnant", "type 1 diabetic", "severely allergic to shellfish", "hard of hearing",
                   "partially sighted", "bipolar", "epileptic", "coeliac", "a wheelchair user", "autistic"]
HEALTH_STATE_EN = [h[2:] if h.startswith("a ") else h for h in HEALTH_STATE_EN]
TU_NO = ["medlem av Fellesforbundet", "medlem i Fagforbundet", "tillitsvalgt for Parat", "organisert i NTL",
         "medlem av Delta", "hovedtillitsvalgt i EL og IT Forbundet", "medlem av Handel og Kontor",
         "plasstillitsvalgt for Norsk Transportarbeiderforbund", "medlem i Tekna", "verneombud og medlem av Fellesforbundet"]
TU_EN = ["member of Fellesforbundet", "union rep for Fagforbundet", "shop steward for EL og IT Forbundet",
         "member of Unite", "Parat member", "union member", "member of the Norwegian Union of Municipal Employees",
         "union representative for Handel og Kontor"]
REL_NO = ["muslim", "katolikk", "praktiserende jøde", "hindu", "sikh", "buddhist", "ortodoks kristen",
          "læstadianer", "aktiv i pinsemenigheten", "medlem av Jehovas vitner"]
REL_EN = ["Muslim", "devout Catholic", "practising Jew", "Jehovah's Witness", "Sikh", "Hindu", "observant Muslim",
          "Seventh-day Adventist", "practising Buddhist"]
ETH_NO = ["same", "kvensk bakgrunn", "kurdisk opprinnelse", "romani", "somalisk bakgrunn", "tater", "skogfinsk slekt",
          "pakistansk opprinnelse"]
ETH_EN = ["Sami", "Kurdish descent", "Roma", "ethnically Tamil", "Kven heritage", "Somali origin",
          "Eritrean background", "mixed Thai-Norwegian heritage"]
SO_NO = ["homofil", "lesbisk", "bifil", "skeiv", "åpent homofil"]
SO_EN = ["gay", "lesbian", "bisexual", "openly gay", "queer", "openly lesbian"]
CR_NO = ["vandelsattest med anmerkning", "dømt for underslag", "siktet for vold", "straffedømt for promillekjøring",
         "tidligere dømt for innbrudd", "bot for narkotikabesittelse", "anmeldt for trusler", "dom for bedrageri"]
CR_EN = ["conviction for fraud", "convicted of drink-driving", "charged with assault", "criminal record",
         "suspended sentence for theft", "caution for shoplifting", "prior conviction for burglary"]

# full-sentence special-category statements: X = first name of person 1 (labelled PERSON)
SC_NO = {
    "HEALTH": ["{X} er sykmeldt på grunn av [[HEALTH:%s]] fram til neste uke." % h for h in HEALTH_CAUSE_NO[:8]]
    + ["{X} har fortalt at hun er [[HEALTH:%s]]." % h for h in HEALTH_STATE_NO[:5]]
    + ["{X} bruker [[HEALTH:%s]] og må ta pauser." % h for h in ["insulinpumpe", "sterke smertestillende"]],
    "TRADE_UNION": ["{X} er [[TRADE_UNION:%s]] og vil ha med seg tillitsvalgt." % t for t in TU_NO],
    "RELIGION": ["{X} er [[RELIGION:%s]] og ønsker å bytte vakt i høytiden." % t for t in REL_NO],
    "ETHNICITY": ["{X} er [[ETHNICITY:same]] og har bedt om materiell på nordsamisk.",
                  "{X} har [[ETHNICITY:kvensk bakgrunn]], noe som ble nevnt i intervjuet.",
                  "{X} er av [[ETHNICITY:kurdisk opprinnelse]] og opplever kommentarer i lunsjen.",
                  "{X} er [[ETHNICITY:romani]] og har fått nedsettende kommentarer fra en kunde.",
                  "{X} har [[ETHNICITY:somalisk bakgrunn]] og ble forbigått ved vaktfordelingen.",
                  "{X} er [[ETHNICITY:tater]] og ønsker ikke at dette nevnes i referatet."],
    "SEXUAL_ORIENTATION": ["{X} er [[SEXUAL_ORIENTATION:%s]] og har opplevd trakassering på lageret." % t for t in SO_NO],
    "CRIMINAL_RECORD": ["{X} har levert [[CRIMINAL_RECORD:vandelsattest med anmerkning]].",
                        "{X} er [[CRIMINAL_RECORD:tidligere dømt for innbrudd]], opplyste han selv.",
                        "{X} ble [[CRIMINAL_RECORD:siktet for vold]] etter julebordet.",
                        "{X} er [[CRIMINAL_RECORD:straffedømt for promillekjøring]] og kan ikke kjøre firmabil.",
                        "{X} har en [[CRIMINAL_RECORD:dom for bedrageri]] fra 2019.",
                        "{X} ble [[CRIMINAL_RECORD:anmeldt for trusler]] av en tidligere kollega."],
}
SC_EN = {
    "HEALTH": ["{X} is off sick due to [[HEALTH:%s]] until further notice." % h for h in HEALTH_CAUSE_EN[:8]]
    + ["{X} told me she is [[HEALTH:%s]]." % h for h in HEALTH_STATE_EN[:6]]
    + ["{X} takes [[HEALTH:%s]] and must not work nights." % h for h in ["lithium", "strong painkillers"]],
    "TRADE_UNION": ["{X} is a [[TRADE_UNION:%s]] and wants a rep present." % t for t in
                    ["member of Fellesforbundet", "union member", "Parat member", "member of Unite"]]
    + ["{X} is the [[TRADE_UNION:%s]] and asked for the minutes." % t for t in
       ["union rep for Fagforbundet", "shop steward for EL og IT Forbundet", "union representative for Handel og Kontor"]],
    "RELIGION": ["{X} is a [[RELIGION:%s]] and asked to swap the Saturday shift." % t for t in
                 ["devout Catholic", "practising Jew", "Jehovah's Witness", "Sikh", "Hindu", "Seventh-day Adventist"]]
    + ["{X} is [[RELIGION:observant Muslim]] and fasts during Ramadan."],
    "ETHNICITY": ["{X} is [[ETHNICITY:Sami]] and asked for the handbook in North Sami.",
                  "{X} is of [[ETHNICITY:Kurdish descent]] and has received remarks from a customer.",
                  "{X} is [[ETHNICITY:Roma]] and felt singled out at the gate check.",
                  "{X} is [[ETHNICITY:ethnically Tamil]], which came up in the grievance.",
                  "{X} has [[ETHNICITY:Eritrean background]] and was passed over for overtime.",
                  "{X} has [[ETHNICITY:Kven heritage]] and wants that kept out of the notes."],
    "SEXUAL_ORIENTATION": ["{X} is [[SEXUAL_ORIENTATION:%s]] and reported harassment in the break room." % t for t in SO_EN],
    "CRIMINAL_RECORD": ["{X} has a [[CRIMINAL_RECORD:conviction for fraud]] from 2018.",
                        "{X} was [[CRIMINAL_RECORD:convicted of drink-driving]] last year and cannot drive the van.",
                        "{X} has been [[CRIMINAL_RECORD:charged with assault]] after the incident.",
                        "{X} disclosed a [[CRIMINAL_RECORD:criminal record]] during screening.",
                        "{X} received a [[CRIMINAL_RECORD:suspended sentence for theft]] in 2021.",
                        "{X} has a [[CRIMINAL_RECORD:prior conviction for burglary]]."],
}
SC_CATS = ["HEALTH", "TRADE_UNION", "RELIGION", "ETHNICITY", "SEXUAL_ORIENTATION", "CRIMINAL_RECORD"]

# ----------------------------------------------------------------------------------------------
# slot machinery
# ----------------------------------------------------------------------------------------------


class Ctx:
    def __init__(self, rng, gen):
        self.r, self.g = rng, gen
        self.persons = {}
        self.sc_counter = 0

    def person(self, i):
        if i not in self.persons:
            while True:
                p = Person(self.r)
                if all(p.first != q.first and p.last != q.last for q in self.persons.values()):
                    break
            self.persons[i] = p
        return self.persons[i]


def _date(r):
    return r.choice([f"{r.randint(1, 28)}.{r.randint(1, 12)}.{r.choice([2024, 2025, 2026])}",
                     f"{r.randint(1, 28):02d}.{r.randint(1, 12):02d}.{r.choice([2025, 2026])}",
                     f"2026-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
                     f"{r.randint(1, 28)}. {r.choice(['januar', 'mars', 'mai', 'august', 'oktober', 'desember'])}"])


def _amount(r):
    return r.choice([f"kr {r.randint(1, 99)} {r.randint(100, 999)},-", f"kr {r.randint(100, 999)},-",
                     f"{r.randint(1, 9)} {r.randint(100, 999)} kr", f"kr {r.randint(1, 99)} {r.randint(100, 999)},-",
                     f"NOK {r.randint(1, 9)} {r.randint(100, 999)} {r.randint(100, 999)}",
                     f"kr {r.randint(10, 99)} {r.randint(100, 999)} {r.randint(100, 999)}",
                     f"{r.randint(1, 99)} {r.randint(100, 999)},{r.randint(10, 99)} kr"])


def _no_address(r, twoline=False, with_post=None):
    st = r.choice(STREETS)
    num = str(r.randint(1, 140)) + (r.choice("ABCD") if r.random() < 0.25 else "")
    pc, city = r.choice(POST)
    if with_post is None:
        with_post = r.random() < 0.75
    if not with_post:
        return f"{st} {num}"
    sep = "\n" if twoline else ", "
    return f"{st} {num}{sep}{pc} {city}"


SLOTS = {
    # labelled ---------------------------------------------------------------------------------
    "MOB": ("PHONE", lambda c: c.g.no_number(True)),
    "LAND": ("PHONE", lambda c: c.g.no_number(False)),
    "TEL": ("PHONE", lambda c: c.g.no_number()),
    "INTL": ("PHONE", lambda c: c.g.intl_phone()),
    "PH": ("PHONE", lambda c: c.g.intl_phone() if c.r.random() < 0.22 else c.g.no_number()),
    "EM": ("EMAIL", lambda c: Person(c.r).email),
    "RM": ("EMAIL", lambda c: c.r.choice(["post", "faktura", "support", "hr", "booking", "kundeservice", "drift",
                                         "invoice", "servicedesk", "personal", "ordre", "dispatch"])
           + "@" + c.r.choice(DOMAINS[:3] + DOMAINS[7:16] + DOMAINS[19:])),
    "IP": ("IP", lambda c: c.g.ip4()),
    "IP6": ("IP", lambda c: c.g.ip6()),
    "ADR": ("ADDRESS", lambda c: _no_address(c.r, with_post=True)),
    "ADRS": ("ADDRESS", lambda c: _no_address(c.r, with_post=False)),
    "ADR2": ("ADDRESS", lambda c: _no_address(c.r, twoline=True, with_post=True)),
    "ADRF": ("ADDRESS", lambda c: c.r.choice(FOREIGN_ADR)(c.r)),
    "FNR": ("FNR", lambda c: c.g.fnr()),
    "DNR": ("DNR", lambda c: c.g.fnr(d_number=True)),
    "ORG": ("ORGNR", lambda c: c.g.orgnr()),
    "ORGC": ("ORGNR", lambda c: c.g.orgnr(spaced=False)),
    "ORGS": ("ORGNR", lambda c: c.g.orgnr(spaced=True)),
    "ACCT": ("BANK_ACCOUNT", lambda c: c.g.acct()),
    "IBAN": ("IBAN", lambda c: c.g.iban()),
    "CARD": ("CARD", lambda c: c.g.card()),
    "H_NO": ("HEALTH", lambda c: c.r.choice(HEALTH_CAUSE_NO)),
    "HS_NO": ("HEALTH", lambda c: c.r.choice(HEALTH_STATE_NO)),
    "H_EN": ("HEALTH", lambda c: c.r.choice(HEALTH_CAUSE_EN)),
    "HS_EN": ("HEALTH", lambda c: c.r.choice(HEALTH_STATE_EN)),
    "TU_NO": ("TRADE_UNION", lambda c: c.r.choice(TU_NO)),
    "TU_EN": ("TRADE_UNION", lambda c: c.r.choice(TU_EN)),
    "REL_NO": ("RELIGION", lambda c: c.r.choice(REL_NO)),
    "REL_EN": ("RELIGION", lambda c: c.r.choice(REL_EN)),
    "SO_NO": ("SEXUAL_ORIENTATION", lambda c: c.r.choice(SO_NO)),
    "SO_EN": ("SEXUAL_ORIENTATION", lambda c: c.r.choice(SO_EN)),
    "CR_NO": ("CRIMINAL_RECORD", lambda c: c.r.choice(CR_NO)),
    "CR_EN": ("CRIMINAL_RECORD", lambda c: c.r.choice(CR_EN)),
    # unlabelled -------------------------------------------------------------------------------
    "CO": (None, lambda c: c.r.choice(COMPANIES)),
    "CITY": (None, lambda c: c.r.choice(CITIES)),
    "BAD11": (None, lambda c: c.g.bad11()),
    "BADACCT": (None, lambda c: c.g.bad_acct_fmt()),
    "BAD9": (None, lambda c: c.g.bad9()),
    "BADCARD": (None, lambda c: c.g.bad_card()),
    "INV8": (None, lambda c: c.g.digits(8, first=c.r.choice("123456789"))),
    "KID": (None, lambda c: c.g.digits(c.r.choice([7, 13, 15]), first=c.r.randint(1, 9))),
    "ORD": (None, lambda c: c.r.choice([f"ORD-{c.g.digits(6)}", f"PO {c.g.digits(5)}", f"{c.g.digits(7, first=4)}",
                                        f"SO-2026-{c.g.digits(4)}"])),
    "CASE": (None, lambda c: c.r.choice([f"2026/{c.r.randint(100, 9999)}", f"SAK-{c.g.digits(5)}",
                                         f"INC{c.g.digits(7)}", f"#{c.g.digits(5)}", f"26/0{c.g.digits(4)}-3"])),
    "TRK": (None, lambda c: c.r.choice([f"70{c.g.digits(16)}", f"LX{c.g.digits(9)}NO", f"1Z{c.g.digits(6)}A{c.g.digits(8)}",
                                        f"CP{c.g.digits(9)}SE"])),
    "DATE": (None, lambda c: _date(c.r)),
    "TIME": (None, lambda c: f"{c.r.randint(6, 22):02d}:{c.r.choice(['00', '15', '30', '45', '05', '50'])}"),
    "VER": (None, lambda c: c.r.choice([f"v{c.r.randint(1, 9)}.{c.r.randint(0, 20)}.{c.r.randint(0, 9)}",
                                        f"{c.r.randint(1, 24)}.{c.r.randint(0, 12)}.{c.r.randint(0, 99)}",
                                        f"build {c.r.randint(2024, 2026)}.{c.r.randint(1, 12)}.{c.r.randint(1000, 9999)}"])),
    "IPVER": (None, lambda c: f"{c.r.randint(1, 12)}.{c.r.randint(0, 9)}.{c.r.randint(0, 30)}.{c.r.randint(1, 999)}"),
    "CIDR": (None, lambda c: c.r.choice(["10.20.0.0/16", "192.168.10.0/24", "172.16.0.0/12", "10.8.4.0/22",
                                         "2001:db8:42::/48", "192.168.0.0/23"])),
    "MASK": (None, lambda c: c.r.choice(["255.255.255.0", "255.255.0.0", "255.255.252.0", "255.255.255.128"])),
    "SN": (None, lambda c: c.r.choice([f"SN {c.g.digits(4)}-{c.g.digits(5)}", f"S/N: {c.r.choice('ABCFK')}{c.g.digits(9)}",
                                       f"serienr. {c.g.digits(10, first=2)}"])),
    "SKU": (None, lambda c: c.r.choice([f"art.nr. {c.g.digits(8, first=c.r.choice('4912'))}",
                                        f"HX-{c.g.digits(4)}-B", f"varenr. {c.g.digits(6)}", f"EAN {c.g.digits(13, first=7)}",
                                        f"M12x{c.r.choice(['40', '60', '80'])} 8.8 FZV"])),
    "ART8": (None, lambda c: c.g.digits(8, first=c.r.choice("4912"))),
    "AMT": (None, lambda c: _amount(c.r)),
    "PC": (None, lambda c: " ".join(c.r.choice(POST))),
    "PCODE": (None, lambda c: c.r.choice(POST)[0]),
    "STREET": (None, lambda c: c.r.choice(STREETS)),
    "HOST": (None, lambda c: c.r.choice([f"LT-{c.g.digits(4)}", f"srv-{c.r.choice(['app', 'db', 'fil', 'print'])}0{c.r.randint(1, 9)}",
                                         f"PC{c.g.digits(5)}", f"wms-edge-{c.r.randint(1, 9)}", f"KASSE-{c.r.randint(1, 12):02d}"])),
    "UID": (None, lambda c: c.r.choice([f"e{c.g.digits(5)}", f"u{c.g.digits(4)}", f"ext_{c.g.digits(4)}", f"svc-backup{c.r.randint(1, 3)}"])),
    "MAC": (None, lambda c: ":".join("%02x" % c.r.randint(0, 255) for _ in range(6))),
    "PORT": (None, lambda c: str(c.r.choice([22, 443, 3389, 8080, 5432, 1433, 25]))),
    "N": (None, lambda c: str(c.r.randint(2, 48))),
    "PCT": (None, lambda c: str(c.r.choice([20, 40, 50, 60, 80, 100]))),
    "ROOM": (None, lambda c: str(c.r.randint(101, 412))),
}

TOKEN = re.compile(r"\[\[([A-Z_]+):(.*?)\]\]|\{([A-Za-z_0-9]+)\}", re.S)
CHOICE = re.compile(r"«([^«»]*)»")


def render(tpl, ctx):
    # choices first (repeat for safety; not nested)
    def pick(m):
        return ctx.r.choice(m.group(1).split("|"))

    s = CHOICE.sub(pick, tpl)
    parts = []  # (label|None, text)
    pos = 0
    for m in TOKEN.finditer(s):
        if m.start() > pos:
            parts.append((None, s[pos:m.start()]))
        pos = m.end()
        if m.group(1):
            parts.append((m.group(1), m.group(2)))
            continue
        name = m.group(3)
        pm = re.fullmatch(r"([PFLfE])([1-4])", name)
        if pm:
            p = ctx.person(int(pm.group(2)))
            k = pm.group(1)
            if k == "P":
                parts.append(("PERSON", p.full))
            elif k == "F":
                parts.append(("PERSON", p.first))
            elif k == "L":
                parts.append(("PERSON", p.last))
            elif k == "f":
                parts.append(("PERSON", p.first.lower()))
            else:
                parts.append(("EMAIL", p.email))
            continue
        if name in ("SC_NO", "SC_EN"):
            bank = SC_NO if name == "SC_NO" else SC_EN
            cat = SC_CATS[(ctx.sc_global + ctx.sc_counter) % len(SC_CATS)]
            ctx.sc_counter += 1
            sent = ctx.r.choice(bank[cat]).replace("{X}", "{F1}")
            parts.extend(render(sent, ctx))
            continue
        lab, fn = SLOTS[name]
        parts.append((lab, fn(ctx)))
    if pos < len(s):
        parts.append((None, s[pos:]))
    return parts


def assemble(parts):
    text, ents = "", []
    for lab, t in parts:
        if lab:
            ents.append({"type": lab, "start": len(text), "end": len(text) + len(t)})
        text += t
    return text, ents


# ----------------------------------------------------------------------------------------------
# templates: (id, lang, expected class, template text)
# ----------------------------------------------------------------------------------------------
T = []


def t(tid, lang, cls, text):
    T.append((tid, lang, cls, text))


# ---------------- PUBLIC (no entities; hard negatives) ----------------
t("pub-kindergarten-notice", "no", "public",
  "«Kjære foreldre|Hei alle foresatte»! «Dag 1|Første dag» av tilvenningen starter {DATE} kl. {TIME}. Vår barnehage "
  "holder stengt på planleggingsdagen. Husk merkede klær og solkrem – Sol og varme er meldt.«| Hilsen styrer.|»")
t("pub-fishfarm-report", "no", "public",
  "Lokalitet {CITY} Nord: Biomasse per {DATE}: {N} 412 tonn. Lusetelling uke {N}: 0,{N} voksne hunnlus per fisk. "
  "Prøvenummer {BAD11} er sendt til laboratoriet. Ref. tillatelse {CASE}.")
t("pub-machineshop-quote-noname", "no", "public",
  "Tilbud {ORD}: dreiing av {N} stk aksling etter tegning {SKU}, materiale 42CrMo4. Pris {AMT} eks. mva. "
  "Leveringstid {N} virkedager. Tilbudet gjelder til {DATE}. Betalingsbetingelser 30 dager netto.")
t("pub-release-notes", "en", "public",
  "Release «notes|summary» for WMS {VER}: fixed label printing on Zebra firmware {IPVER}; the scanner app now requires "
  "Android 12. Default subnet mask remains {MASK}. Grace period for old API keys ends {DATE}.")
t("pub-hotel-ad", "en", "public",
  "«Fjellstue Hotels is hiring|Join Fjellstue Hotels»! We are looking for «a night receptionist|two breakfast chefs|"
  "a housekeeping supervisor» in {CITY}. Will you help our guests feel at home? Apply through our careers page "
  "by {DATE}. A police certificate is required for this position.")
t("pub-municipal-roadworks", "no", "public",
  "Kunngjøring: {STREET} stenges for gjennomkjøring fra {DATE} på grunn av graving. Omkjøring via {STREET}. "
  "Henvendelser merkes sak {CASE}. Postnummer {PCODE} og {PC} berøres.")
t("pub-canteen-menu", "no", "public",
  "Ukens meny i «sykehuskjøkkenet|kantina»: mandag fiskesuppe, tirsdag lasagne (inneholder gluten, melk), onsdag "
  "vegetar-curry. Allergener står på menyen. Vår kokk anbefaler dagens suppe fredag, og rom {ROOM} er stengt. Pris {AMT}.")
t("pub-shipping-schedule", "en", "public",
  "Vessel MV Nordkyst ETA {CITY} {DATE} {TIME} UTC, berth {N}. Booking ref {BAD11}, container MSKU {INV8}. "
  "Bill of lading {ORD}. May delays occur due to weather, the agent will update the schedule.")
t("pub-it-maintenance", "no", "public",
  "Planlagt vedlikehold {DATE} kl. {TIME}–{TIME}: oppgradering av brannmur til {VER}. Nettet {CIDR} vil være "
  "utilgjengelig i inntil {N} minutter. Ingen handling kreves av brukerne.")
t("pub-cardealer-ad", "no", "public",
  "Kampanje hos {CO}! Ny el-SUV fra {AMT}, eller leasing fra kr {N}90 per måned. Reg.nr. EV {N}123 står i "
  "utstillingen. Åpent lørdag {TIME}–15:00. Vår verksted har ledig kapasitet for vinterdekk.")
t("pub-architecture-news", "en", "public",
  "{CO} won the competition for the new school in {CITY}. The «building|design» uses cross-laminated timber and "
  "saves an estimated {N} % energy. Project number {BAD9}. Construction starts in May.")
t("pub-cleaning-pricelist", "no", "public",
  "Prisliste {CO} {DATE}: kontorrenhold per m² kr {N},50; vinduspuss fra {AMT}; byggvask etter avtale. Artikkelnr. "
  "{ART8} er vårt miljømerkede såpeprodukt. Berg & Sønn AS er ny underleverandør.")
t("pub-union-admin-course", "no", "public",
  "Fagforeningskontoret minner om kurset «Tariffavtalen i praksis» {DATE}. Påmelding innen {DATE}. "
  "HMS-kurs for nye verneombud holdes i rom {ROOM}. Kurset er åpent for alle medlemmer.")
t("pub-software-docs", "en", "public",
  "To configure the agent, set `listen_addr` to 0.0.0.0 and `port` to {PORT}. The example config uses "
  "«user@example|name@domain»-style placeholders and the network {CIDR}. Tested with {VER} and {VER}.")
t("pub-school-office", "no", "public",
  "Skolekontoret informerer: Skolefotografering «Dag 2|onsdag» i uke {N}. Elever i 7. trinn møter i rom {ROOM} kl. "
  "{TIME}. Vår skolekorps spiller på 17. mai. Liv og lære – vi gleder oss!")
t("pub-transport-tender", "en", "public",
  "Tender {CASE}: road freight Oslo–{CITY}, {N} pallets weekly. Estimated contract value {AMT}. Deadline {DATE}. "
  "Bill the client monthly; Frank feedback from previous suppliers is welcome in the Q&A.")
t("pub-invoice-faq", "no", "public",
  "Spørsmål om faktura? Fakturanummeret (8 siffer, f.eks. {INV8}) og KID ({KID}) står øverst til høyre. "
  "Beløp over kr 12 345 678 krever forhåndsgodkjenning. Mark the invoice «betalt» i portalen når den er oppgjort.")
t("pub-healthstaffing-policy", "en", "public",
  "Our sick-leave policy: report absence before {TIME} on day one. From day {N}, a medical certificate is "
  "required. The diversity policy and the health and safety course are mandatory for all «temps|staff».")
t("pub-product-spec", "en", "public",
  "Spec sheet: pump model HX-{N}00, serial range {SN}, firmware {IPVER}. Order code {SKU}. Max pressure {N} bar. "
  "Hope this helps with your planning – contact your reseller for pricing.")
t("pub-nynorsk-notice", "no", "public",
  "Kommunen minner om at innleveringsfristen for søknad om kulturmidlar er {DATE}. Søknadsskjemaet finn de på "
  "heimesida. Saksnummer {CASE}. Møtet i kulturutvalet vert halde i Rådhuset, rom {ROOM}.")
t("pub-pride-event", "en", "public",
  "Pride Month at {CO}: we are raising the flag on {DATE} and hosting a talk about inclusion. The local church "
  "hall will be used as a venue for the concert. All staff welcome, tickets ref {INV8}.")
t("pub-ai-prompt-generic", "en", "public",
  "Summarise «this|the following» supplier contract clause in plain English: \"The Buyer shall pay within 30 days; "
  "late payment interest accrues per the Late Payment Act. Order {ORD}, total {AMT}.\"")
t("pub-ai-prompt-no", "no", "public",
  "Skriv en kort «LinkedIn-post|nyhetssak» om at {CO} har åpnet nytt lager i {CITY} med {N} nye arbeidsplasser. "
  "Nevn at lageret har sertifikat {SKU} og åpner {DATE}.")
t("pub-delivery-note-noname", "no", "public",
  "Følgeseddel {ORD}\nLevert til lager {CITY}, port {N}\nSendingsnr. {TRK}\nKolli: {N}, vekt {N}4 kg\n"
  "Mottatt i god stand. Avvik meldes innen 48 timer.")
t("pub-chat-lowercase", "no", "public",
  "«har noen|noen som har» sett nøkkelen til rom {ROOM}? vår avdeling trenger den før {TIME}. "
  "«ps|btw» printeren på {HOST} står fast igjen, feilkode {IPVER}")
t("pub-wrong-ids", "no", "public",
  "Testdata for integrasjonen (ugyldige numre, skal avvises): {BAD11}, {BAD11}, orgnr {BAD9}, kort {BADCARD}. "
  "Kontonummer {BADACCT} skal også feile validering.")
t("pub-log-versions", "en", "public",
  "[{DATE} {TIME}] deploy ok: api {VER}, worker {IPVER}, schema 2026.{N}.1. Healthcheck on port {PORT} green. "
  "Route table updated for {CIDR} via mask {MASK}.")

# ---------------- INTERNAL (ORGNR only) ----------------
t("int-supplier-register", "no", "internal",
  "Ny leverandør registrert: {CO}, org.nr. {ORG}. Betalingsbetingelser 30 dager. Fakturaer sendes via EHF. "
  "Kategori: «renhold|stål og sveis|transport». Kredittvurdering: A.")
t("int-vat-line", "no", "internal",
  "Faktura {INV8} fra {CO}, Foretaksregisteret NO {ORGS} MVA. Sum {AMT} inkl. mva. Forfall {DATE}. KID {KID}.")
t("int-subcontractor-list", "en", "internal",
  "Subcontractors approved for the {CITY} site: {CO} (org no. {ORG}), {CO} (org no. {ORG}). Both have valid "
  "HSE cards. Contract ref {CASE}.")
t("int-tender-shortlist", "no", "internal",
  "Kortliste anbud {CASE}: 1) {CO}, orgnr {ORGC}, pris {AMT}; 2) {CO}, orgnr {ORGC}, pris {AMT}. "
  "Forkastet: leverandør med ugyldig nummer {BAD9}.")
t("int-merger", "en", "internal",
  "Board note: {CO} (org. nr. {ORG}) will merge into {CO} (org. nr. {ORG}) with effect from {DATE}. "
  "No changes to payment terms. Internal reference {BAD11}.")

# ---------------- CONFIDENTIAL ----------------
# sick leave / HR
t("hr-sickleave-no", "no", "confidential",
  "Oppfølging sykefravær – {P1}\n{F1} har vært sykmeldt {PCT} % siden {DATE} på grunn av [[HEALTH:{H}]]. "
  "Dialogmøte avtalt med fastlegen. Neste samtale med {F1} {DATE}.".replace("{H}", "%H%"))
t("hr-sickleave-en", "en", "confidential",
  "Follow-up: {P1} ({F1}) has been on {PCT}% sick leave since {DATE} due to %HEN%. {L1}'s manager {P2} "
  "will call {F1} on {PH}. Adjusted duties agreed.")
t("hr-pregnancy", "no", "confidential",
  "Hei {F1}, takk for at du fortalte at du er [[HEALTH:gravid]]. Vi tilrettelegger med kortere vakter på kjøkkenet "
  "og unngår tunge løft. Ring meg på {MOB} hvis noe endrer seg. Hilsen {P2}")
t("hr-allergy-kitchen", "en", "confidential",
  "Note for the hospital kitchen roster: {P1} is [[HEALTH:severely allergic to shellfish]] and must not handle "
  "the seafood station. «Allergens on the menu are listed as usual.|The menu allergen list is unchanged.» Contact {F1} at {EM}.")
t("hr-union-meeting", "no", "confidential",
  "Referat drøftingsmøte {DATE}: Til stede {P1} (HR), {P2} som er %TUN% og {P3}. Tariffavtalen ble gjennomgått. "
  "{F2} ba om kopi til {E2}.")
t("hr-union-en", "en", "confidential",
  "Minutes {DATE}: {P1} attended as %TUROLE% on behalf of {P2}. The union agreement (tariffavtale) was discussed "
  "generically. {F2} can be reached on {PH}.")
t("hr-religion-shift", "en", "confidential",
  "Shift swap request: {P1} asks to swap Friday evenings. {F1} is %RELADJ% and attends services then. "
  "{P2} has agreed to cover. The church on {STREET} is only used for the Christmas concert.")
t("hr-religion-no", "no", "confidential",
  "{P1} spør om fri {DATE}. Hun er %REL% og ønsker å feire høytiden med familien. Vakten kan dekkes av "
  "{P2}. Ring {F1} på {MOB}.")
t("hr-harassment", "no", "confidential",
  "Varsel mottatt {DATE}, sak {CASE}: {P1} opplyser at hen er %SO% og har blitt utsatt for kommentarer fra {P2}. "
  "Varselet behandles konfidensielt av HR.")
t("hr-harassment-en", "en", "confidential",
  "Grievance {CASE}: {P1}, who is %SOEN%, reports repeated comments from a shift lead. {F1} wants the case "
  "handled discreetly. HR contact: {RM}.")
t("hr-ethnicity", "no", "confidential",
  "Notat: {P1} har [[ETHNICITY:%ETHNO%]] og ønsker at det tas hensyn til dette ved utforming av velkomstpakken. "
  "Mangfoldspolicyen vår gjelder uansett.")
t("hr-ethnicity-en", "en", "confidential",
  "Note: the applicant {P1} is of [[ETHNICITY:%ETHEN%]] and asked whether our diversity policy covers "
  "interpreters. Interview {DATE} with {P2}.")
t("hr-criminal", "no", "confidential",
  "Ansettelse {CASE}: {P1} har levert politiattest, og den viser [[CRIMINAL_RECORD:%CRN%]]. "
  "Politiattest kreves for stillingen i barnehagen. Vurderes av {P2}.")
t("hr-criminal-en", "en", "confidential",
  "Background check for {P1} (driver, dispatch): the police certificate shows a %CREN%. {L1} explained "
  "it during the interview. Decision by {P2} before {DATE}.")
t("hr-onboarding-fnr", "no", "confidential",
  "Ny ansatt: {P1}\nFødselsnr.: {FNR}\nKontonr.: {ACCT}\nAdresse: {ADR}\nStarter {DATE} som lagermedarbeider.")
t("hr-onboarding-dnr", "en", "confidential",
  "New seasonal worker at the fish farm: {P1}, D-nr. {DNR}, bank account (konto) {ACCT}. Lives at {ADR}. "
  "Mobile {INTL}. Start date {DATE}.")
t("hr-payroll-change", "no", "confidential",
  "Lønn: {P1} (personnr. {FNR}) har byttet konto til {ACCT}. Gammelt nummer {BADACCT} slettes. "
  "Endringen gjelder fra lønnskjøring {DATE}.")
t("hr-statement-mixed-no", "no", "confidential",
  "Til personalmappen for {P1}: {SC_NO} Samtalen ble ført av {P2} {DATE}.")
t("hr-statement-mixed-en", "en", "confidential",
  "HR note on {P1}: {SC_EN} Discussed with {P2} on {DATE}; do not forward.")
t("hr-injury", "no", "confidential",
  "Skademelding {CASE}: {P1} fikk [[HEALTH:kuttskade i hånden]] ved sag nr. {N} på verkstedet {DATE}. "
  "Arbeidsulykke meldt til NAV. HMS-kurs for avdelingen planlegges.")
t("hr-injury-en", "en", "confidential",
  "Incident report: {P1} suffered a [[HEALTH:%INJ%]] while unloading at dock {N}. First aid by {F2}. "
  "Ticket {CASE}, reported {DATE}.")
t("hr-medication", "en", "confidential",
  "Confidential: {P1} takes [[HEALTH:%MED%]] and may need a short break around {TIME}. Please don't "
  "mention it to the team. – {F2}")
t("hr-offsick-bare", "no", "confidential",
  "{F1} er sykmeldt i dag og i morgen. {F2}, kan du ta vakten hans på {CITY}-ruta? Ring {MOB} om det ikke går.")
t("hr-application", "en", "confidential",
  "Dear hiring team,\nMy name is {P1} and I am applying for the «site engineer|payroll officer|sous chef» role. "
  "I live at {ADRF} and can relocate. Phone {INTL}, e-mail {E1}.\nKind regards, {F1}")
t("hr-application-no", "no", "confidential",
  "Søknad på stilling som «barnehagelærer|tømrer|sjåfør klasse C»\nJeg heter {P1}, bor i {ADR} og har "
  "{N} års erfaring. Tlf. {MOB}, e-post {E1}. Referanse: {P2}, {TEL}.")
t("hr-reference-call", "no", "confidential",
  "Referansesjekk for {P1}: snakket med {P2} ({TEL}). «Pålitelig og punktlig.|Svært god på kundekontakt.» "
  "{L2} nevnte at {F1} er [[TRADE_UNION:%TUN%]], noe som ikke skal vektlegges.")

# customer / CRM / sales
t("crm-note", "no", "confidential",
  "CRM-notat {DATE}: Ringte {P1} hos {CO} på {TEL}. {F1} vil ha nytt tilbud på {N} stk flensdeler. "
  "Følg opp via {E1} innen fredag. Vår pris {AMT}.")
t("crm-note-en", "en", "confidential",
  "Call log: spoke to {P1} ({PH}) about the delayed shipment {ORD}. {F1} asked us to e-mail {E1}. "
  "Mark the invoice as disputed until resolved.")
t("car-dealer-lead", "no", "confidential",
  "Ny lead bilforhandler: {P1}, {ADR}, tlf {MOB}, ønsker prøvekjøring {DATE} kl. {TIME}. Innbytte: reg.nr. "
  "EL 4{N}87. Selger: {F2}.")
t("car-dealer-contract", "en", "confidential",
  "Purchase agreement {ORD}\nBuyer: {P1}, f.nr. {FNR}\nAddress: {ADR2}\nPayment to account {ACCT}. "
  "VIN and serial {SN} attached.")
t("shipping-agent", "en", "confidential",
  "Crew change MV Havbris at {CITY} {DATE}: joining AB {P1} (passport on file), leaving 2/O {P2}. Agent contact "
  "{P3}, {INTL}, {RM}. Vessel IMO 9{N}{N}{N}.")
t("shipping-agent-no", "no", "confidential",
  "Hei {F1}! Losbestilling for {DATE} {TIME} er bekreftet. Kaptein {L2} når du på {INTL}. Faktura fra {CO} "
  "(org.nr. {ORG}) kommer separat.")
t("machine-shop-quote", "no", "confidential",
  "Tilbud {ORD} til {CO} v/ {P1}\nDreiing og fresing av {N} stk. {SKU}. Pris {AMT}. Spørsmål: {P2}, {MOB}, "
  "{E2}. Org.nr. {ORG}.")
t("architect-client", "en", "confidential",
  "Site visit with {P1} at {ADR} on {DATE}. {F1} wants a loft conversion; her partner {P2} asked about "
  "planning rules. Follow-up by {EM}.")

# finance
t("payment-reminder", "no", "confidential",
  "Purring: Faktura {INV8} til {P1}, {ADR}, på {AMT} forfalt {DATE}. Betal til kontonr. {ACCT} med KID {KID}. "
  "Spørsmål: {RM} eller {LAND}.")
t("payment-reminder-en", "en", "confidential",
  "Reminder: invoice {INV8} ({AMT}) issued to {P1} is overdue. Please pay to IBAN {IBAN}, BIC DNBANOKK, "
  "reference {KID}. Questions to {RM}.")
t("iban-change", "en", "confidential",
  "Hi {F1}, our supplier in «Gdańsk|Hamburg|Malmö|Rotterdam» changed bank details: new IBAN {IBAN} "
  "(old {BAD11} is closed). Please update before the {DATE} run. Thanks, {F2}")
t("card-refund", "en", "confidential",
  "Refund request {CASE}: {P1} paid with card {CARD} on {DATE} and was charged twice ({AMT}). Booking ref "
  "{BAD11}. Reply to {E1}.")
t("card-hotel", "no", "confidential",
  "Hotellbooking {ORD}: gjest {P1}, kort {CARD}, ankomst {DATE}. Gjesten er [[HEALTH:%HSNO%]] – «gi beskjed til "
  "kjøkkenet|tilrettelegg rommet». Tlf {PH}.")
t("card-ticket-leak", "en", "confidential",
  "URGENT: a customer pasted full card details in chat – {CARD}, exp 09/28, name {P1}. Please purge the "
  "transcript {CASE} and call {F1} on {PH}.")
t("iban-multi", "no", "confidential",
  "Utbetaling til underleverandører {DATE}: {CO} IBAN {IBAN}; {CO} IBAN {IBAN}. Kontaktperson {P1} ({E1}).")
t("legal-case", "en", "confidential",
  "Case {CASE} – {P1} v. {CO}. Our client {P1} (personal no. {FNR}) claims unpaid overtime. The "
  "opposing counsel is {P2}. Hearing {DATE} at {ADR}.")
t("legal-nynorsk", "no", "confidential",
  "Saka gjeld {P1}, fødselsnr. {FNR}, busett i {ADR}. Klienten er [[CRIMINAL_RECORD:%CRNN%]], og dette må "
  "vurderast i samband med løyvesøknaden. Advokat {P2}.")

# IT logs / support
t("it-log-ssh", "en", "confidential",
  "{DATE} {TIME}:12 sshd[4121]: Failed password for {UID} from {IP} port 5{N}22 ssh2\n"
  "{DATE} {TIME}:14 sshd[4121]: Accepted publickey for {UID} from {IP} port 5{N}31 ssh2 (agent {VER})")
t("it-log-firewall", "en", "confidential",
  "fw01 DROP TCP {IP}:{PORT} -> {IP}:443 rule=geo-block\nfw01 ALLOW UDP {IP6} -> {IP6} dport 53\n"
  "policy net {CIDR} mask {MASK} unchanged")
t("it-dhcp", "en", "confidential",
  "DHCPACK on {IP} to {MAC} ({HOST}) via eth0 lease 86400\nDHCPACK on {IP} to {MAC} ({HOST}) via eth0 lease 86400\n"
  "Firmware of switch: {IPVER}")
t("it-ticket-laptop", "no", "confidential",
  "Sak {CASE}: Laptopen til {P1} ({HOST}, IP {IP}) får ikke kontakt med VPN. {F1} sitter i rom {ROOM}, "
  "tlf. {TEL}. Klient {VER}.")
t("it-ticket-en", "en", "confidential",
  "Ticket {CASE}: user {UID} ({P1}) locked out after MFA reset. Last login from {IP} at {TIME}. Call back on "
  "{PH} or {E1}. Assigned: {f2}.")
t("it-ipv6", "en", "confidential",
  "Anomaly: {HOST} ({IP6}) uploaded 4.2 GB to an unknown host between {TIME} and {TIME}. Device owner {P1}. "
  "Version string {IPVER} of the agent is outdated.")
t("it-mixed-chat", "en", "confidential",
  "hei {f1}, can you whitelist {IP} for the kitchen tablets? they're on {CIDR}. {f2} says it's blocking "
  "the ordering app {VER}. takk!")
t("it-email-bounce", "en", "confidential",
  "Delivery failed to {EM}: 550 mailbox unavailable. Original sender {E1} ({P1}). Relay {IP}. "
  "Message-ID <{INV8}.{N}@mail.kodeverket.no>.")

# chat (lower-case, mixed)
t("chat-dispatch", "no", "confidential",
  "{f1}: bilen til {f2} står på {STREET}, lasten skal til {ADRS}. ring han på {MOB}\n{f2}: ok, tar den etter lunsj. "
  "ordre {ORD}")
t("chat-dispatch-en", "en", "confidential",
  "{f1}: truck 12 is late, {f2} is stuck on the E18 «lol|ugh». customer at {ADR} wants a call: {PH}\n"
  "{f2}: will call from {MOB}")
t("chat-cleaning", "no", "confidential",
  "hei {f1}! kan du ta {ADR} i morgen kl {TIME}? {f2} er sykmeldt. nøkkelboks kode er ikke {INV8} lenger, "
  "spør {L3}. mvh {f3}")
t("chat-kindergarten", "no", "confidential",
  "{f1} til {f2}: mora til lille {F3} ringte fra {MOB}, han er [[HEALTH:allergisk mot egg]] – husk det på "
  "«Dag 1|turdagen». Vår gruppe spiser ute.")
t("chat-health-mixed", "en", "confidential",
  "heads up {f1} – {f2} is out again. she told me it's "
  "[[HEALTH:%HEN%]]. don't put that in the rota. her cover is {P3}")
t("chat-sick-leave-nocause", "en", "confidential",
  "{f1}: {f2} is off sick today, can you take the {TIME} delivery?\n{f3}: sure. mark the invoice {INV8} as received "
  "pls")
t("chat-union", "no", "confidential",
  "{f1}: vet du om {f2} er [[TRADE_UNION:%TUN%]]? hun vil ha med tillitsvalgt på møtet\n{f3}: ja, tror det. "
  "tariffavtalen sier uansett at vi må drøfte")

# AI prompts
t("ai-reply-no", "no", "confidential",
  "Skriv et høflig svar til {P1} ({E1}) som klager på at {ORD} kom skadet frem til {ADR}. Tilby ny levering og "
  "nevn at {F1} kan ringe oss på {RM}.".replace("{RM}", "{LAND}"))
t("ai-summarise-complaint", "en", "confidential",
  "Summarise this complaint: \"My name is {P1}. Your technician {F2} left a mess at {ADR} and I was charged "
  "{AMT}. Call me on {PH}.\" Keep it under 50 words.")
t("ai-translate", "en", "confidential",
  "Translate to Norwegian: \"Dear {P1}, your sick leave due to [[HEALTH:%HEN%]] is registered. {P2} will contact "
  "you on {PH}.\"")
t("ai-extract", "en", "confidential",
  "Extract name, phone and email from this text and return JSON: «Hi, it's|Message from» {P1}, {PH}, {E1} – "
  "I need the invoice {INV8} resent.")
t("ai-letter-no", "no", "confidential",
  "Lag et brev til {P1}, fødselsnr. {FNR}, {ADR2}, om at søknaden om barnehageplass er innvilget fra {DATE}. "
  "Saksbehandler {P2}.")
t("ai-mixed-norenglish", "no", "confidential",
  "kan du rewrite denne mailen mer professional? \"hei {F1}, {F2} her. fakturaen på {AMT} er sendt til {EM}, "
  "kontonr er {ACCT}. ring {MOB} om noe\"")
t("ai-copilot", "en", "confidential",
  "Hey Copilot, draft a message to {P1} congratulating her on 10 years at {CO}. Mention {F2} from dispatch and "
  "the party on {DATE}. Don't mention that she is [[SEXUAL_ORIENTATION:%SOEN%]].")
t("ai-siri-chat", "no", "confidential",
  "Spør Siri er ubrukelig, så jeg spør deg: hvordan sier jeg til {P1} at {F1} må levere vandelsattest? "
  "«Han har selv fortalt|Vi vet» at han har [[CRIMINAL_RECORD:%CRN%]].")

# misc services
t("municipal-case", "no", "confidential",
  "Lierdal kommune, sak {CASE}. Søker: {P1}, D-nr. {DNR}, {ADR}. Søknad om startlån. Kontakt: {P2}, tlf. "
  "{LAND}, e-post {E2}.")
t("healthcare-staffing", "en", "confidential",
  "Staffing: nurse {P1} (agency {CO}) booked for ward 4, {DATE}. {F1} is [[HEALTH:%HSEN%]], so no night shifts. "
  "Coordinator {P2}, {PH}.")
t("fishfarm-crew", "no", "confidential",
  "Mannskapsliste {CITY} lokalitet: {P1} ({MOB}), {P2} ({INTL}), {P3} ({MOB}). Båtfører {F1}. Ref. lusetelling "
  "{BAD11}.")
t("retail-complaint", "en", "confidential",
  "Store {N}, register KASSE-0{N}: customer {P1} complained about a refund. Her address on the receipt: {ADR}. "
  "Will call her at {PH}. Bill from Frank's Bakery is unrelated.")
t("delivery-note-person", "no", "confidential",
  "Følgeseddel {ORD}\nMottaker: {P1}\n{ADR2}\nTlf. {MOB}\nLevert av {CO}. Signert: {F1}")
t("delivery-note-en", "en", "confidential",
  "Delivery note {ORD}\nConsignee: {P1}, {ADRF}\nPhone: {INTL}\nTracking {TRK}. Signed by {L1}.")
t("contract-rent", "no", "confidential",
  "Leiekontrakt\nUtleier: {CO}, org.nr. {ORG}\nLeietaker: {P1}, f.nr. {FNR}\nLeieobjekt: {ADR}\nHusleie {AMT} til konto "
  "{ACCT}.")
t("hotel-hr-en", "en", "confidential",
  "Fjellstue Hotels HR: {P1} transfers from {CITY} to Oslo on {DATE}. New contact {E1}, mobile {MOB}. {F1}'s "
  "manager will be {P2}. Personal number {FNR}.")
t("email-signature", "en", "confidential",
  "Best regards,\n{P1}\nDispatch Lead | {CO}\n{ADR}\nM: {PH} | T: {LAND}\n{E1}")
t("email-signature-no", "no", "confidential",
  "Med vennlig hilsen\n{P1}\nDaglig leder, {CO}\nMobil: {MOB}\nE-post: {E1}\nOrg.nr. {ORG}")
t("meeting-minutes", "no", "confidential",
  "Referat driftsmøte {DATE}\nTil stede: {P1}, {P2}, {P3}\nSak 1: Nytt vaktsystem (ansvar {F1}). Sak 2: {L3} "
  "sjekker om {HOST} kan flyttes. Neste møte i rom {ROOM}.")
t("meeting-minutes-en", "en", "confidential",
  "Minutes {DATE}\nPresent: {P1}, {P2}, {P3}, {P4}\n1. Q3 numbers – {F2} presented.\n2. Sick-leave policy – "
  "no change.\n3. {L4} to follow up with Siri and Alexa integration vendor.")
t("school-office-parent", "no", "confidential",
  "Hei! {P1} i 6B har fått time hos tannlegen {DATE}. Kontakt mor {P2} på {MOB} eller far {P3} på {PH}. "
  "Vår klasse har tur den dagen.")
t("union-office-admin", "no", "confidential",
  "Medlemsregister, avdeling {CITY}: {P1} er innmeldt som [[TRADE_UNION:%TUN%]] fra {DATE}. Kontingent trekkes "
  "fra konto {ACCT}. Adresse {ADR}.")
t("software-consult-timesheet", "en", "confidential",
  "Timesheet week {N}: {P1} {N}h, {P2} {N}h on project {BAD9}. {F1} was on leave Thursday. Approve by e-mail to "
  "{E3} ({P3}).")
t("surname-only", "no", "confidential",
  "{L1} ringte i går om ordren fra {COS}. «Hun|Han» ba om at {L2} tar kontakt på {TEL}. «Notat: |»{STREET} er "
  "feil adresse, riktig er {ADRS}.")
t("surname-only-en", "en", "confidential",
  "{L1} called about the parcel to {ADRF}. {L2} promised a reply by {DATE}. Dr. {L3} signed the medical "
  "certificate for {F1}: [[HEALTH:%HEN%]].")
t("special-phone-formats", "no", "confidential",
  "Nye nummer på sentralbordet: {LAND} (sentralbord), {MOB} (vakt), {INTL} (Sverige-kontoret). Faks er lagt ned. "
  "Ordrenummer {INV8} gjelder ikke telefoni.")
t("hr-seasonal-dnr", "no", "confidential",
  "Sesongarbeidere «fiskeslakteriet|grønnsakspakkeriet» {CITY}: {P1}, D-nr. {DNR}; {P2}, D-nr. {DNR}. "
  "Begge får lønn til konto {ACCT}. Bolig: {ADR}.")
t("retail-chargeback", "en", "confidential",
  "Chargeback {CASE}: cardholder {P1} disputes {AMT} on card {CARD}. Terminal {HOST}, receipt {INV8}. "
  "The number {BADCARD} in the notes is a typo and fails Luhn.")
t("transport-dispatch-mixed", "no", "confidential",
  "Dispatch: {f1} kjører rute {N} i dag. pickup at {ADR}, contact {P2} {PH}. Levering {CO}, port {N}. "
  "{f1}, husk at «Bill|Frank» i resepsjonen ikke er kontaktperson – «spør|ring» {F2}.")
t("architect-invoice-iban", "en", "confidential",
  "Invoice {INV8} from {CO} to {P1}, {ADRF}. Amount {AMT}. Pay to IBAN {IBAN} or Norwegian account {ACCT}. "
  "Org. no. {ORG}.")

t("long-email-hotel-hr", "en", "confidential",
  "Subject: Transfer and leave – {P1}\n\nHi {F2},\n\nAs discussed, {F1} moves from our {CITY} property to the "
  "Oslo airport hotel from {DATE}. «She|They» asked that we note {F1} is [[HEALTH:%HSEN%]], so the night audit "
  "rota should be adjusted. The union agreement applies as usual; {F1} is not a union member as far as I know. "
  "Payroll needs the new account {ACCT} before the {DATE} run.\n\nYou can reach me on {MOB}.\n\nBest,\n{P3}\n{RM}")
t("long-contract-no", "no", "confidential",
  "ARBEIDSAVTALE\nArbeidsgiver: {CO}, org.nr. {ORG}, {ADR}\nArbeidstaker: {P1}, fødselsnr. {FNR}\n"
  "Bosted: {ADR2}\nStilling: «renholder|fagarbeider sveis|sjåfør» 100 %, tiltredelse {DATE}. Lønn kr {N}5 000 per "
  "måned utbetales til kontonr. {ACCT}. Prøvetid seks måneder. Tariffavtalen for bransjen gjelder. "
  "Signert {DATE}, {CITY}.")
t("long-annual-public", "no", "public",
  "Fra årsrapporten: {CO} hadde i fjor en omsetning på NOK 412 345 678 og {N}0 ansatte fordelt på avdelinger i "
  "{CITY}, {CITY} og {CITY}. Sykefraværet gikk ned til {N},1 %, blant annet takket være HMS-kurs og ny "
  "sykefraværsrutine. Vår nye portal (versjon {VER}) ble lansert i mai. Styret foreslår utbytte på kr 12 per aksje. "
  "Rapporten er publisert med dokumentnummer {BAD11}.")
t("long-framework-internal", "en", "internal",
  "Framework agreement {CASE}\nCustomer: {CO}, organisation number {ORG}\nSupplier: {CO}, organisation number {ORG}\n"
  "Scope: «scheduled cleaning of offices and canteens|road freight of chilled seafood|maintenance of CNC machines» "
  "in {CITY}. Prices are indexed annually. Invoices are sent as EHF to the customer's registered address. "
  "Term: {DATE} to {DATE}, with an option to extend twice by one year. Order references follow the format SO-2026-nnnn.")
t("long-ticket-vpn-en", "en", "confidential",
  "Ticket {CASE} – VPN drops every 10 min\nReporter: {P1} ({E1}), laptop {HOST}\nLog excerpt:\n"
  "  {TIME}:03 client {VER} connected, assigned {IP}\n  {TIME}:13 peer {IP} timeout, reconnecting\n"
  "Notes: not related to the switch firmware {IPVER}. {F1} works from home at {ADRS} and is reachable on {PH}. "
  "Escalated to {f2} in network team.")
t("long-minutes-nynorsk", "no", "confidential",
  "Referat frå personalmøte i {CO} {DATE}\nTil stades: {P1}, {P2}, {P3}.\nSak 1: Ny turnus på kjøkenet. {F2} la fram "
  "forslaget.\nSak 2: {F3} er [[TRADE_UNION:%TUN%]] og bad om at tillitsvalde får sjå turnusen før han vert sett i "
  "verk.\nSak 3: Sjukefråværsrutinen er uendra. Neste møte vert i rom {ROOM}.\nReferent: {F1}")
t("long-public-nynorsk", "no", "public",
  "Kunngjering: Barnehageopptaket for {CITY} kommune er klart. Søkjarar får svar i portalen innan {DATE}. "
  "Foreldrebetalinga er kr 3 315 per månad for full plass. Søskenmoderasjon vert rekna ut automatisk. "
  "Dag 1 for nye born er i august, og Vår barnehage i sentrum opnar ny avdeling. Spørsmål? Sjå heimesida vår, "
  "saksnummer {CASE}.")

# ----------------------------------------------------------------------------------------------
SLOTS["COS"] = (None, lambda c: c.r.choice(["Olsen Transport AS", "Berg & Sønn AS", "Haugen Bygg AS",
                                             "Lunde Maskin og Sveis AS", "Brekke Elektro AS", "Kvam Bil AS",
                                             "Aune Regnskap AS", "Tveit Eiendom AS", "Dahl & Myhre Advokatfirma"]))

PCT_BANKS = {
    "H": ("HEALTH", HEALTH_CAUSE_NO), "HEN": ("HEALTH", HEALTH_CAUSE_EN), "HSEN": ("HEALTH", HEALTH_STATE_EN),
    "HSNO": ("HEALTH", HEALTH_STATE_NO),
    "INJ": ("HEALTH", ["back injury", "crushed finger", "sprained ankle", "broken wrist", "hernia", "burn to the forearm"]),
    "MED": ("HEALTH", ["lithium", "methadone", "insulin", "antidepressants", "Ritalin for ADHD", "blood thinners"]),
    "TUN": ("TRADE_UNION", TU_NO),
    "TUROLE": ("TRADE_UNION", ["union rep for Fagforbundet", "shop steward for EL og IT Forbundet",
                               "union representative for Handel og Kontor", "Fellesforbundet's shop steward"]),
    "REL": ("RELIGION", REL_NO),
    "RELADJ": ("RELIGION", ["Muslim", "Jewish", "Catholic", "Sikh", "Hindu", "Buddhist", "Orthodox Christian",
                            "devoutly Catholic", "a practising Muslim"]),
    "SO": ("SEXUAL_ORIENTATION", SO_NO), "SOEN": ("SEXUAL_ORIENTATION", SO_EN),
    "ETHNO": ("ETHNICITY", ["kvensk bakgrunn", "somalisk bakgrunn", "samisk bakgrunn", "romanibakgrunn",
                            "pakistansk bakgrunn", "kurdisk bakgrunn", "eritreisk bakgrunn"]),
    "ETHEN": ("ETHNICITY", ["Kurdish descent", "Sami descent", "Roma origin", "Tamil descent", "Kven ancestry",
                            "Eritrean origin", "Somali origin"]),
    "CRN": ("CRIMINAL_RECORD", ["anmerkning for vold", "dom for underslag", "anmerkning for narkotikalovbrudd",
                                "dom for promillekjøring", "bot for tyveri", "dom for bedrageri"]),
    "CREN": ("CRIMINAL_RECORD", ["conviction for fraud", "caution for shoplifting", "suspended sentence for theft",
                                 "prior conviction for burglary", "fine for drug possession"]),
    "CRNN": ("CRIMINAL_RECORD", ["dømd for underslag", "tidlegare straffedømd", "sikta for vald",
                                 "dømd for promillekøyring"]),
}
PCT = re.compile(r"\[\[[A-Z_]+:%([A-Z]+)%\]\]|%([A-Z]+)%")


def expand_pct(tpl, r):
    def f(m):
        key = m.group(1) or m.group(2)
        lab, bank = PCT_BANKS[key]
        val = r.choice(bank)
        if val.startswith("a ") and lab == "RELIGION":  # article outside the span
            return "a [[%s:%s]]" % (lab, val[2:])
        return "[[%s:%s]]" % (lab, val)
    return PCT.sub(f, tpl)


TARGET = {"public": 168, "internal": 38, "confidential": 274}
EXTRA = {"card-hotel": 1, "iban-change": 1, "hr-religion-shift": 2, "hr-religion-no": 2, "hr-ethnicity": 2, "hr-ethnicity-en": 2,
         "hr-harassment": 1, "hr-harassment-en": 1, "hr-seasonal-dnr": 2, "retail-chargeback": 1, "card-refund": 1, "hr-onboarding-dnr": 1, "municipal-case": 1,
         "hr-statement-mixed-no": 3, "hr-statement-mixed-en": 3}


def check_negatives(text, ents):
    """Unlabelled digit runs must not be accidentally valid identifiers."""
    covered = [False] * len(text)
    for e in ents:
        for i in range(e["start"], e["end"]):
            covered[i] = True
    for m in re.finditer(r"(?<![0-9A-Za-z])\d+(?![0-9A-Za-z])", text):
        if any(covered[m.start():m.end()]):
            continue
        d = m.group()
        if len(d) == 11:
            assert not (fnr_checks_ok(d) or acct_ok(d)), (d, text)
        if len(d) == 9 and d[0] in "89":
            assert not orgnr_ok(d), (d, text)
        if len(d) in (15, 16):
            assert not luhn_ok(d), (d, text)
    # spaced 11-digit account-like forms and 16-digit card-like forms
    for m in re.finditer(r"\b\d{4}[. ]\d{2}[. ]\d{5}\b", text):
        if not any(covered[m.start():m.end()]):
            assert not acct_ok(re.sub(r"\D", "", m.group())), (m.group(), text)


def main():
    rng = random.Random(SEED)
    gen = Gen(rng)
    by_cls = {}
    for tpl in T:
        by_cls.setdefault(tpl[2], []).append(tpl)
    plan = []
    for cls, tpls in by_cls.items():
        extra = sum(EXTRA.get(x[0], 0) for x in tpls)
        base, rem = divmod(TARGET[cls] - extra, len(tpls))
        for i, tpl in enumerate(tpls):
            plan += [tpl] * (base + (1 if i < rem else 0) + EXTRA.get(tpl[0], 0))
    rng.shuffle(plan)
    ids = [x[0] for x in T]
    assert len(ids) == len(set(ids)), "duplicate template ids"

    rows, seen = [], set()
    sc_global = 0
    for tid, lang, cls, tpl in plan:
        for attempt in range(50):
            ctx = Ctx(rng, gen)
            ctx.sc_global = sc_global
            parts = render(expand_pct(tpl, rng), ctx)
            text, ents = assemble(parts)
            try:
                check_negatives(text, ents)
            except AssertionError:
                continue
            if text not in seen:
                break
        else:
            raise RuntimeError(tid)
        sc_global += ctx.sc_counter
        seen.add(text)
        # merge adjacent parts check / validation
        last = 0
        for e in ents:
            assert e["start"] >= last and e["end"] > e["start"], (text, ents)
            last = e["end"]
            surf = text[e["start"]:e["end"]]
            assert surf == surf.strip() and surf, (surf, text)
            digits = re.sub(r"\D", "", surf)
            if e["type"] in ("FNR", "DNR"):
                assert fnr_checks_ok(digits) and is_valid_fnr_or_dnr(digits), surf
                assert (int(digits[0]) >= 4) == (e["type"] == "DNR"), surf
            elif e["type"] == "BANK_ACCOUNT":
                assert acct_ok(digits) and not fnr_checks_ok(digits), surf
            elif e["type"] == "ORGNR":
                assert orgnr_ok(digits) and digits[0] in "89", surf
            elif e["type"] == "CARD":
                assert luhn_ok(digits) and len(digits) in (15, 16), surf
            elif e["type"] == "IBAN":
                assert iban_ok(surf), surf
        check_negatives(text, ents)
        for a, b in zip(ents, ents[1:]):
            if a["type"] == b["type"] == "PERSON":
                assert text[a["end"]:b["start"]] not in (" ", ""), ("adjacent PERSON spans", text)
        types = {e["type"] for e in ents}
        got = "public" if not types else ("internal" if types == {"ORGNR"} else "confidential")
        assert got == cls, (tid, got, text)
        rows.append({"lang": lang, "template": tid, "text": text, "entities": ents, "class": got})

    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        for i, row in enumerate(rows, 1):
            row = {"id": f"fresh6-{i:04d}", **row}
            for e in row["entities"]:
                assert row["text"][e["start"]:e["end"]]
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")

    tc = Counter(e["type"] for r in rows for e in r["entities"])
    cc = Counter(r["class"] for r in rows)
    lc = Counter(r["lang"] for r in rows)
    lens = [len(r["text"]) for r in rows]
    print(f"wrote {len(rows)} texts to {OUT}")
    print(f"templates: {len(T)} (used {len({r['template'] for r in rows})})")
    print("languages:", dict(lc))
    print("text length: min %d, max %d, mean %.0f" % (min(lens), max(lens), sum(lens) / len(lens)))
    print("classes:", dict(sorted(cc.items())))
    print("entity types:")
    for k, v in sorted(tc.items(), key=lambda kv: -kv[1]):
        print(f"  {k:20s} {v}")


if __name__ == "__main__":
    main()
