#!/usr/bin/env python3
"""Build evals/pii/fresh9.jsonl - an independent, hand-templated PII evaluation set.

Stdlib only, deterministic (seed 20261126_9). Texts are assembled from parts that are
plain strings or (TYPE, surface) tuples, so entity offsets are exact by construction.
Every identifier is generated and re-validated with its public check-digit algorithm.
"""
import datetime
import json
import os
import random
import re
import unicodedata
from collections import Counter

SEED = "20261126_9"
R = random.Random(SEED)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "evals", "pii", "fresh9.jsonl")

TYPES = {"PERSON", "EMAIL", "PHONE", "IP", "ADDRESS", "FNR", "DNR", "ORGNR", "BANK_ACCOUNT", "IBAN",
         "CARD", "HEALTH", "TRADE_UNION", "RELIGION", "ETHNICITY", "SEXUAL_ORIENTATION", "CRIMINAL_RECORD"}


def ch(xs):
    return R.choice(xs)


# ---------------------------------------------------------------- validators
def _fnr_k(d):
    w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
    w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    k1 = 11 - sum(a * b for a, b in zip(w1, d[:9])) % 11
    k1 = 0 if k1 == 11 else k1
    if k1 == 10:
        return None
    k2 = 11 - sum(a * b for a, b in zip(w2, d[:9] + [k1])) % 11
    k2 = 0 if k2 == 11 else k2
    if k2 == 10:
        return None
    return k1, k2


def _date_ok(dd, mm, yy):
    for century in (1900, 2000):
        try:
            datetime.date(century + yy, mm, dd)
            return True
        except ValueError:
            pass
    return False


def idnum_kind(s):
    """Return 'FNR', 'DNR' or None for an 11-digit string."""
    s = re.sub(r"\D", "", s)
    if len(s) != 11:
        return None
    d = [int(c) for c in s]
    k = _fnr_k(d)
    if k is None or (d[9], d[10]) != k:
        return None
    dd, mm, yy = int(s[0:2]), int(s[2:4]), int(s[4:6])
    if _date_ok(dd, mm, yy):
        return "FNR"
    if dd > 40 and _date_ok(dd - 40, mm, yy):
        return "DNR"
    return None


def mod11_ok(s, weights):
    s = re.sub(r"\D", "", s)
    if len(s) != len(weights) + 1:
        return False
    r = 11 - sum(int(a) * b for a, b in zip(s, weights)) % 11
    r = 0 if r == 11 else r
    return r != 10 and r == int(s[-1])


ORG_W = [3, 2, 7, 6, 5, 4, 3, 2]
ACC_W = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]


def orgnr_ok(s):
    return mod11_ok(s, ORG_W)


def account_ok(s):
    return mod11_ok(s, ACC_W)


def luhn_ok(s):
    s = re.sub(r"\D", "", s)
    tot = 0
    for i, c in enumerate(reversed(s)):
        v = int(c)
        if i % 2 == 1:
            v *= 2
            if v > 9:
                v -= 9
        tot += v
    return tot % 10 == 0


def iban_ok(s):
    s = s.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s):
        return False
    r = s[4:] + s[:4]
    num = "".join(str(int(c, 36)) for c in r)
    return int(num) % 97 == 1


EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


# ---------------------------------------------------------------- generators
def digits(n):
    return "".join(str(R.randint(0, 9)) for _ in range(n))


def gen_idnum(dnr=False):
    while True:
        y = R.randint(1948, 2016)
        m = R.randint(1, 12)
        d = R.randint(1, 28)
        ind = R.randint(0, 499) if y < 2000 else R.randint(500, 999)
        dd = d + 40 if dnr else d
        base = "%02d%02d%02d%03d" % (dd, m, y % 100, ind)
        k = _fnr_k([int(c) for c in base])
        if k is None:
            continue
        s = base + "%d%d" % k
        assert idnum_kind(s) == ("DNR" if dnr else "FNR")
        return s


def fmt_idnum(s):
    return s if R.random() < 0.65 else s[:6] + " " + s[6:]


def gen_orgnr():
    while True:
        b = str(R.choice([8, 9])) + digits(7)
        r = 11 - sum(int(a) * w for a, w in zip(b, ORG_W)) % 11
        r = 0 if r == 11 else r
        if r == 10:
            continue
        s = b + str(r)
        assert orgnr_ok(s)
        return s


def fmt_orgnr(s):
    return ch([s, s[:3] + " " + s[3:6] + " " + s[6:], s[:3] + " " + s[3:6] + " " + s[6:]])


BANKS = ["1503", "1506", "1254", "3000", "9710", "6012", "1822", "2801", "9235", "4202", "1202", "3207", "1644",
         "9365", "1594", "6345", "7874", "8601"]


def gen_account_raw():
    while True:
        b = ch(BANKS) + digits(6)
        r = 11 - sum(int(a) * w for a, w in zip(b, ACC_W)) % 11
        r = 0 if r == 11 else r
        if r == 10:
            continue
        s = b + str(r)
        if idnum_kind(s):
            continue
        assert account_ok(s)
        return s


def fmt_account(s):
    k = R.random()
    if k < 0.45:
        return s[:4] + "." + s[4:6] + "." + s[6:]
    if k < 0.8:
        return s[:4] + " " + s[4:6] + " " + s[6:]
    return s


def gen_account():
    return fmt_account(gen_account_raw())


def iban_check(cc, bban):
    r = bban + cc + "00"
    num = "".join(str(int(c, 36)) for c in r)
    return "%02d" % (98 - int(num) % 97)


IBAN_LEN = {"NO": 11, "DE": 18, "SE": 20, "DK": 14, "PL": 24, "NL": None, "GB": None, "FR": 23, "ES": 20,
            "LT": 16, "FI": 14}


def gen_iban(cc=None, spaced=None):
    cc = cc or ch(["NO", "DE", "SE", "DK", "PL", "NL", "GB", "FR", "ES", "LT", "FI"])
    if cc == "NO":
        bban = gen_account_raw()
    elif cc == "NL":
        bban = ch(["ABNA", "INGB", "RABO"]) + digits(10)
    elif cc == "GB":
        bban = ch(["NWBK", "BARC", "HBUK", "LOYD"]) + digits(14)
    else:
        bban = digits(IBAN_LEN[cc])
    s = cc + iban_check(cc, bban) + bban
    assert iban_ok(s)
    if spaced is None:
        spaced = R.random() < 0.7
    if spaced:
        s = " ".join(s[i:i + 4] for i in range(0, len(s), 4))
    return s


def gen_card(kind=None, grouped=None):
    kind = kind or ch(["visa", "visa", "mc", "mc2", "amex"])
    if kind == "visa":
        body = "4" + digits(14)
    elif kind == "mc":
        body = "5" + str(R.randint(1, 5)) + digits(13)
    elif kind == "mc2":
        body = str(R.randint(2221, 2720)) + digits(11)
    else:
        body = ch(["34", "37"]) + digits(12)
    for c in range(10):
        if luhn_ok(body + str(c)):
            s = body + str(c)
            break
    assert luhn_ok(s) and len(s) in (15, 16)
    if grouped is None:
        grouped = R.random() < 0.7
    if grouped:
        if len(s) == 15:
            s = s[:4] + " " + s[4:10] + " " + s[10:]
        else:
            sep = ch([" ", " ", "-"])
            s = sep.join(s[i:i + 4] for i in range(0, 16, 4))
    return s


def gen_phone_no(mobile=None):
    if mobile is None:
        mobile = R.random() < 0.65
    if mobile:
        n = ch(["4", "9"]) + digits(7)
    else:
        n = ch(["22", "23", "21", "33", "35", "38", "51", "52", "55", "56", "57", "61", "62", "63", "67", "69", "71",
                "73", "74", "75", "77", "78"]) + digits(6)
    k = R.random()
    if n[0] in "49":
        body = ch([n[:3] + " " + n[3:5] + " " + n[5:], n, n[:3] + " " + n[3:5] + " " + n[5:], n[:2] + " " + n[2:4] + " " + n[4:6] + " " + n[6:]])
    else:
        body = ch([n[:2] + " " + n[2:4] + " " + n[4:6] + " " + n[6:], n, n[:2] + " " + n[2:4] + " " + n[4:6] + " " + n[6:]])
    if k < 0.55:
        return body
    if k < 0.75:
        return "+47 " + body
    if k < 0.85:
        return "+47" + n
    if k < 0.93:
        return "0047 " + body
    return "(+47) " + body


def gen_phone_intl():
    return ch([
        lambda: "+46 70 %s %s %s" % (digits(3), digits(2), digits(2)),
        lambda: "+44 20 %s %s" % (digits(4), digits(4)),
        lambda: "+44 7700 %s" % digits(6),
        lambda: "+48 %s %s %s" % (ch(["501", "601", "691", "512"]), digits(3), digits(3)),
        lambda: "+370 6%s %s" % (digits(2), digits(5)),
        lambda: "+380 67 %s %s" % (digits(3), digits(4)),
        lambda: "+45 %s %s %s %s" % (digits(2), digits(2), digits(2), digits(2)),
        lambda: "+49 151 %s %s" % (digits(4), digits(4)),
        lambda: "+358 40 %s %s" % (digits(3), digits(4)),
        lambda: "+63 917 %s %s" % (digits(3), digits(4)),
        lambda: "+90 532 %s %s %s" % (digits(3), digits(2), digits(2)),
        lambda: "+252 61 %s" % digits(7),
    ])()


def gen_phone():
    return gen_phone_no() if R.random() < 0.8 else gen_phone_intl()


def gen_ipv4(private=None):
    if private is None:
        private = R.random() < 0.4
    if private:
        return ch(["10.%d.%d.%d" % (R.randint(0, 255), R.randint(0, 255), R.randint(2, 254)),
                   "192.168.%d.%d" % (R.randint(0, 20), R.randint(2, 254)),
                   "172.%d.%d.%d" % (R.randint(16, 31), R.randint(0, 255), R.randint(2, 254))])
    a = ch([31, 46, 51, 77, 78, 81, 84, 85, 88, 89, 91, 92, 109, 129, 141, 151, 158, 176, 178, 185, 193, 194, 195, 212, 213])
    return "%d.%d.%d.%d" % (a, R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))


def gen_ipv6():
    g = lambda: "%x" % R.randint(1, 0xffff)
    return ch([
        lambda: "2001:db8:%s:%s::%s" % (g(), g(), g()),
        lambda: "2a02:%s:%s:%s:%s:%s:%s:%s" % (g(), g(), g(), g(), g(), g(), g()),
        lambda: "fe80::%s:%s:%s:%s" % (g(), g(), g(), g()),
        lambda: "2a01:%s:%s::%s" % (g(), g(), g()),
    ])()


def gen_ip():
    return gen_ipv4() if R.random() < 0.75 else gen_ipv6()


STREETS_NO = ["Storgata", "Kirkegata", "Fjellveien", "Havnegata", "Skolegata", "Løkkeveien", "Sjøgata",
              "Strandveien", "Industrivegen", "Prinsens gate", "Kongens gate", "Nedre Slottsgate", "Dronningens gate",
              "Elvegata", "Torggata", "Markveien", "Solbakken", "Gamle Drammensvei", "Hans Nielsen Hauges gate",
              "Bjørnstjerne Bjørnsons gate", "Gneisveien", "Myrullveien", "Åsveien", "Bakkegata", "Fergeveien",
              "Grønnegata", "Nordre Ringvei", "Holtevegen", "Lillevollveien", "Sandvikveien", "Tollbugata",
              "Kvernhusbakken", "Vågsgaten", "Postveien", "Lakselvveien", "Rådhusgata"]
CITIES_NO = [("0155", "Oslo"), ("0557", "Oslo"), ("5003", "Bergen"), ("5011", "Bergen"), ("7011", "Trondheim"),
             ("9008", "Tromsø"), ("4006", "Stavanger"), ("8301", "Svolvær"), ("2317", "Hamar"), ("6002", "Ålesund"),
             ("9515", "Alta"), ("3611", "Kongsberg"), ("1530", "Moss"), ("8006", "Bodø"), ("4610", "Kristiansand"),
             ("9730", "Karasjok"), ("6800", "Førde"), ("5700", "Voss"), ("6856", "Sogndal"), ("2815", "Gjøvik"),
             ("9600", "Hammerfest"), ("4370", "Egersund"), ("3510", "Hønefoss"), ("1607", "Fredrikstad")]


def gen_address_no(city=None):
    if city is None:
        city = R.random() < 0.65
    num = str(R.randint(1, 140)) + (ch(["A", "B", "C", "D"]) if R.random() < 0.25 else "")
    s = ch(STREETS_NO) + " " + num
    if city:
        pc, c = ch(CITIES_NO)
        s += ch([", ", " "]) + pc + " " + c
    return s


def gen_address_foreign():
    return ch(["%d Rose Street, Edinburgh EH2 %dPR" % (R.randint(2, 90), R.randint(1, 9)),
               "221B Baker Street, London NW1 6XE",
               "%d Castle Road, Aberdeen AB11 %dDX" % (R.randint(2, 60), R.randint(1, 9)),
               "Musterstraße %d, 10115 Berlin" % R.randint(1, 80),
               "Keizersgracht %d, 1015 CS Amsterdam" % R.randint(100, 700),
               "ul. Marszałkowska %d, 00-514 Warszawa" % R.randint(1, 120),
               "Gedimino pr. %d, 01103 Vilnius" % R.randint(1, 60),
               "Drottninggatan %d, 111 51 Stockholm" % R.randint(1, 99),
               "Calle de Alcalá %d, 28014 Madrid" % R.randint(1, 200),
               "%d Merrion Square, Dublin 2" % R.randint(1, 90)])


def gen_address(city=None):
    return gen_address_no(city) if R.random() < 0.85 else gen_address_foreign()


# ---------------------------------------------------------------- hard-negative numbers
def bad_11():
    while True:
        s = str(R.randint(1, 9)) + digits(10)
        if not idnum_kind(s) and not account_ok(s):
            return s


def bad_fnr_like():
    """Looks like a fødselsnummer (valid date) but the check digits are wrong."""
    while True:
        f = gen_idnum()
        s = f[:10] + str((int(f[10]) + R.randint(1, 9)) % 10)
        if not idnum_kind(s) and not account_ok(s):
            return s


def bad_org9():
    while True:
        s = str(R.choice([8, 9])) + digits(8)
        if not orgnr_ok(s):
            return s


def bad_card16(grouped=True):
    while True:
        s = ch(["4", "5"]) + digits(15)
        if not luhn_ok(s):
            break
    return " ".join(s[i:i + 4] for i in range(0, 16, 4)) if grouped else s


def ean13():
    b = ch(["70", "73", "40", "50"]) + digits(10)
    tot = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(b))
    return b + str((10 - tot % 10) % 10)


def uuid_():
    h = "%032x" % R.getrandbits(128)
    return "%s-%s-4%s-%s-%s" % (h[:8], h[8:12], h[13:16], h[16:20], h[20:])


def sha():
    return "%040x" % R.getrandbits(160)


def short_sha():
    return "%07x" % R.getrandbits(28)


def version():
    return ch(["%d.%d.%d" % (R.randint(1, 9), R.randint(0, 30), R.randint(0, 20)),
               "%d.%d.%d.%d" % (R.randint(1, 9), R.randint(0, 20), R.randint(0, 9), R.randint(1, 99))])


def cidr():
    return ch(["10.%d.0.0/16" % R.randint(0, 255), "192.168.%d.0/24" % R.randint(0, 50),
               "172.%d.0.0/12" % R.randint(16, 31), "10.%d.%d.0/22" % (R.randint(0, 255), R.choice([0, 4, 8, 12]))])


def amount():
    return "%d %03d kr" % (R.randint(1, 98), R.randint(0, 999))


def date_digits():
    return "20%02d%02d%02d" % (R.randint(22, 26), R.randint(1, 12), R.randint(1, 28))


def date_no():
    return "%02d.%02d.20%02d" % (R.randint(1, 28), R.randint(1, 12), R.randint(23, 26))


def time_():
    return "%02d:%02d" % (R.randint(6, 22), ch([0, 5, 15, 30, 45, 50]))


def tracking():
    while True:
        t = _tracking()
        d = re.sub(r"\D", "", t)
        if not (len(d) == 9 and orgnr_ok(d)):
            return t


def _tracking():
    return ch(["3707%s" % digits(14), "JJFI%s" % digits(17), "CT%sNO" % digits(9), "LX%sPL" % digits(9)])


def plate():
    return "%s %s" % (ch(["EL", "EK", "SV", "KH", "DR", "BT", "ZT", "VH", "UE", "NF"]), R.randint(10000, 99999))


def order_no():
    return ch(["ORD-%d-%s" % (R.randint(2023, 2026), digits(6)), "SO%s" % digits(7), "#%s" % digits(6),
               "PO-%s" % digits(5), "45%s" % digits(8)])


def mac():
    return ":".join("%02x" % R.randint(0, 255) for _ in range(6))


# ---------------------------------------------------------------- names
# (given, family, family_first)
def _n(group, pairs, ff=False):
    return [(g, f, ff) for g, f in pairs]


NAMES = {
    "no": _n("no", [("Kari", "Nordmann"), ("Ola", "Grønli"), ("Ingrid", "Haugen"), ("Lars", "Bakken"),
                    ("Sigrid", "Solberg"), ("Håkon", "Myklebust"), ("Solveig", "Strand"), ("Eirik", "Johansen"),
                    ("Marit", "Lunde"), ("Knut", "Fjeldstad"), ("Astrid", "Rønning"), ("Torbjørn", "Hjelmeland"),
                    ("Ragnhild", "Tveit"), ("Gunnar", "Ødegård"), ("Synnøve", "Kvamme"), ("Øystein", "Brekke"),
                    ("Ingeborg", "Austbø"), ("Sverre", "Nygård"), ("Liv", "Halvorsen"), ("Jostein", "Skjervheim"),
                    ("Åse", "Løkken"), ("Marte", "Vik"), ("Sindre", "Pedersen"), ("Ida", "Karlsen"),
                    ("Jonas", "Kristiansen"), ("Nora", "Eriksen"), ("Magnus", "Sæther"), ("Thea", "Aasen"),
                    ("Henrik", "Dahl"), ("Emma", "Moen"), ("Per Ivar", "Hansen"), ("Silje", "Andersen"),
                    ("Vegard", "Olsen"), ("Hanne", "Larsen"), ("Espen", "Nilsen"), ("Tone", "Jensen"),
                    ("Kjersti", "Berg"), ("Trond", "Hagen"), ("Mona", "Johannessen"), ("Anders", "Bjørklund")]),
    "no_old": _n("no_old", [("Arnfinn", "Rypdal"), ("Borghild", "Hovland"), ("Halvard", "Tangen"),
                            ("Gudrun", "Lien"), ("Tormod", "Sandvik"), ("Signe", "Haugland"),
                            ("Vebjørn", "Aune"), ("Eskil", "Hoem"), ("Ingvild", "Steinsland"), ("Asbjørg", "Nesheim"),
                            ("Olav", "Fosse"), ("Torgeir", "Byrkjeland"), ("Aslaug", "Rekdal"), ("Oddvar", "Tjønn"),
                            ("Målfrid", "Kvalheim"), ("Kristoffer", "Årdal"), ("Berit", "Sørbøe")]),
    "sami": _n("sami", [("Ánde", "Somby"), ("Máret", "Gaup"), ("Biret", "Eira"), ("Niillas", "Sara"),
                        ("Sunná", "Hætta"), ("Ravdna", "Oskal"), ("Áilu", "Bongo"), ("Elle", "Turi"),
                        ("Inga", "Utsi"), ("Mihkkal", "Buljo"), ("Risten", "Balto")]),
    "nordic": _n("nordic", [("Björn", "Lindqvist"), ("Elin", "Sjöberg"), ("Johan", "Nyström"),
                            ("Mette", "Kjærgaard"), ("Søren", "Østergaard"), ("Frederik", "Holm"),
                            ("Aino", "Virtanen"), ("Juha", "Korhonen"), ("Sanna", "Mäkelä"), ("Eero", "Heikkinen")]),
    "pl": _n("pl", [("Krzysztof", "Wiśniewski"), ("Agnieszka", "Kowalczyk"), ("Tomasz", "Zieliński"),
                    ("Małgorzata", "Nowak"), ("Paweł", "Kamiński"), ("Katarzyna", "Lewandowska")]),
    "lt": _n("lt", [("Darius", "Kazlauskas"), ("Rūta", "Petrauskienė"), ("Mindaugas", "Jankauskas"),
                    ("Aušra", "Stankevičiūtė")]),
    "ua": _n("ua", [("Oksana", "Kovalenko"), ("Dmytro", "Shevchenko"), ("Iryna", "Bondarenko"), ("Andriy", "Melnyk")]),
    "so": _n("so", [("Abdirahman", "Mohamed"), ("Fadumo", "Hassan"), ("Hodan", "Farah"), ("Mahad", "Ali Jama"),
                    ("Sahra", "Osman"), ("Liban", "Warsame")]),
    "er": _n("er", [("Senait", "Tesfay"), ("Yonas", "Ghebremedhin"), ("Helen", "Tekle"), ("Filmon", "Berhane"),
                    ("Mebrat", "Haile")]),
    "ar": _n("ar", [("Rania", "Al-Khatib"), ("Omar", "Haddad"), ("Layla", "Nasser"), ("Yusuf", "Darwish"),
                    ("Nour", "Al-Masri"), ("Ahmad", "Hamdan")]),
    "tr": _n("tr", [("Emre", "Yılmaz"), ("Ayşe", "Demir"), ("Mehmet", "Çelik"), ("Zeynep", "Kaya"), ("Burak", "Öztürk")]),
    "pk": _n("pk", [("Imran", "Qureshi"), ("Sana", "Chaudhry"), ("Bilal", "Iqbal"), ("Ayesha", "Malik"), ("Usman", "Raza")]),
    "in": _n("in", [("Priya", "Raghunathan"), ("Arjun", "Mehta"), ("Lakshmi", "Iyer"), ("Rohan", "Deshpande"),
                    ("Ananya", "Krishnan")]),
    "vn": _n("vn", [("Thi Lan", "Nguyen"), ("Van Minh", "Tran"), ("Thu Trang", "Pham"), ("Quang Huy", "Le"),
                    ("Bao Ngoc", "Hoang")], ff=True),
    "cn": _n("cn", [("Xiaoming", "Wang"), ("Na", "Li"), ("Wei", "Zhang"), ("Jing", "Chen"), ("Yang", "Liu")], ff=True),
    "ph": _n("ph", [("Maria Cristina", "Dela Cruz"), ("Jose", "Reyes"), ("Angelica", "Santos"),
                    ("Mark Anthony", "Bautista"), ("Rowena", "Villanueva")]),
    "en": _n("en", [("Fiona", "MacLeod"), ("Siobhan", "O'Reilly"), ("Callum", "Fraser"), ("Eilidh", "Campbell"),
                    ("Declan", "Murphy"), ("Niamh", "Gallagher"), ("Thomas", "Whitfield"), ("Rebecca", "Hargreaves"),
                    ("Gareth", "Pritchard"), ("Hamish", "Sutherland")]),
    "de": _n("de", [("Anne-Lise", "van der Berg"), ("Jan Willem", "de Vries"), ("Katrin", "Schäfer"),
                    ("Maximilian", "Vogel"), ("Sanne", "Bakker"), ("Pieter", "van Dijk")]),
    "es": _n("es", [("Lucía", "Fernández"), ("Javier", "Morales"), ("João", "Pereira"),
                    ("Maria Fernanda", "dos Santos"), ("Inês", "Carvalho"), ("Diego", "Ramírez")]),
    "dbl": _n("dbl", [("Anne Marte", "Haugen-Strand"), ("Lise", "Berg-Olsen"), ("Karl-Erik", "Moe Tangen"),
                      ("Mari", "Sørli Aamodt"), ("Ruth", "Jensen-Holm")]),
}
GROUP_W = {"no": 30, "no_old": 8, "sami": 5, "nordic": 5, "pl": 5, "lt": 3, "ua": 3, "so": 4, "er": 3, "ar": 4,
           "tr": 3, "pk": 3, "in": 3, "vn": 3, "cn": 3, "ph": 3, "en": 6, "de": 3, "es": 3, "dbl": 3}
_GK = list(GROUP_W)


FEMALE = set("""Kari Ingrid Sigrid Solveig Marit Astrid Ragnhild Synnøve Ingeborg Liv Åse Marte Ida Nora Thea Emma Silje
Hanne Tone Kjersti Mona Borghild Gudrun Signe Ingvild Asbjørg Aslaug Målfrid Berit Máret Biret Sunná Ravdna Elle Inga Risten
Elin Mette Aino Sanna Agnieszka Małgorzata Katarzyna Rūta Aušra Oksana Iryna Fadumo Hodan Sahra Senait Helen Mebrat Rania
Layla Nour Ayşe Zeynep Sana Ayesha Priya Lakshmi Ananya Thi_Lan Thu_Trang Bao_Ngoc Na Jing Maria_Cristina Angelica Rowena
Fiona Siobhan Eilidh Niamh Rebecca Anne-Lise Katrin Sanne Lucía Maria_Fernanda Inês Anne_Marte Lise Mari Ruth""".replace("_", " ").split())
_MULTI_F = {"Thi Lan", "Thu Trang", "Bao Ngoc", "Maria Cristina", "Maria Fernanda", "Anne Marte"}


class Person:
    def __init__(self, g, f, ff):
        self.first, self.last, self.ff = g, f, ff

    @property
    def full(self):
        return "%s %s" % (self.last, self.first) if self.ff else "%s %s" % (self.first, self.last)

    @property
    def female(self):
        return self.first in FEMALE or self.first in _MULTI_F

    def pr(self, f, m):
        return f if self.female else m

    @property
    def short(self):
        """Name used for a second mention: given name (or full for family-first names)."""
        return self.full if self.ff else self.first


def person(group=None, female=None):
    while True:
        g = group or R.choices(_GK, weights=[GROUP_W[k] for k in _GK])[0]
        p = Person(*ch(NAMES[g]))
        if female is None or p.female == female:
            return p


def people(n):
    out, seen = [], set()
    while len(out) < n:
        p = person()
        if p.full not in seen:
            seen.add(p.full)
            out.append(p)
    return out


_TR = {"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A", "ł": "l", "Ł": "L", "ı": "i", "ß": "ss"}


def ascii_(s):
    s = "".join(_TR.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def handle(p, sep="."):
    a = re.sub(r"[^a-z-]", "", ascii_(p.first.split()[0]).lower())
    b = re.sub(r"[^a-z-]", "", ascii_(p.last.replace(" ", "")).lower())
    return a + sep + b


def email(p, domain=None):
    domain = domain or ch(["gmail.com", "online.no", "hotmail.com", "outlook.com", "icloud.com", "yahoo.no", "live.no"])
    a = re.sub(r"[^a-z]", "", ascii_(p.first.split()[0]).lower())
    b = re.sub(r"[^a-z]", "", ascii_(p.last).lower())
    local = ch([a + "." + b, a + b, a[0] + b, a + "." + b + str(R.randint(1, 99)), a + "_" + b])
    return local + "@" + domain


def role_email(domain):
    return ch(["post", "kontakt", "booking", "support", "resepsjon", "ordre", "faktura", "hms", "rekruttering",
               "servicedesk", "noreply", "info"]) + "@" + domain


# ---------------------------------------------------------------- special categories
HEALTH_NO = ["diabetes type 1", "astma", "epilepsi", "ADHD", "angstlidelse", "depresjon", "cøliaki", "migrene",
             "hjernerystelse", "spiseforstyrrelse", "autismespekterforstyrrelse", "nøtteallergi", "leddgikt",
             "ME", "dysleksi", "Tourettes syndrom"]
HEALTH_EN = ["type 2 diabetes", "asthma", "epilepsy", "herniated disc", "ADHD", "severe peanut allergy",
             "PTSD", "torn meniscus", "chronic migraine", "Crohn's disease", "long COVID", "sleep apnoea",
             "coeliac disease", "a heart condition"[2:], "multiple sclerosis", "hearing loss in the left ear"]
MED_NO = ["Ritalin 10 mg morgen og middag", "Sertralin 50 mg daglig", "Metformin 500 mg to ganger daglig",
          "Ventoline 0,1 mg ved behov", "Concerta 36 mg"]
MED_EN = ["metformin 500 mg twice daily", "sertraline 100 mg", "levothyroxine 75 mcg", "salbutamol 100 mcg as needed",
          "insulin glargine 20 units at night"]
UNION_NO = ["medlem av Fagforbundet", "tillitsvalgt for Fellesforbundet", "medlem i Industri Energi",
            "tillitsvalgt i Parat", "medlem av Norsk Sykepleierforbund", "medlem av Utdanningsforbundet",
            "hovudtillitsvald i Delta", "medlem i Norsk Transportarbeiderforbund", "klubbleder i El og IT Forbundet"]
UNION_EN = ["member of Unite", "shop steward for SAFE", "member of Industri Energi", "member of Tekna",
            "Fellesforbundet member", "union rep for Fagforbundet", "member of the RMT"]
RELIG_NO = ["praktiserende muslim", "katolikk", "medlem av Jehovas vitner", "troende kristen", "jøde", "sikh",
            "aktiv i pinsemenigheten", "læstadianer"]
RELIG_EN = ["devout Catholic", "practising Muslim", "Sikh", "Orthodox Jew", "Jehovah's Witness", "Buddhist",
            "observant Hindu", "Seventh-day Adventist"]
ETH_NO = ["samisk bakgrunn", "kvensk bakgrunn", "romanibakgrunn", "somalisk opprinnelse", "kurdisk bakgrunn",
          "eritreisk opprinnelse", "romsk bakgrunn"]
ETH_EN = ["Somali heritage", "Sami background", "Roma background", "Kurdish origin", "Pakistani descent", "Eritrean heritage",
          "Kven background"]
ORIENT_NO = ["homofil", "lesbisk", "bifil", "skeiv"]
ORIENT_EN = ["gay", "bisexual", "lesbian", "pansexual"]
CRIM_NO = ["dømt for underslag", "straffedømt for vold", "sonet ni måneder for narkotikalovbrudd",
           "dom for promillekjøring", "dømt for trygdesvindel", "dømt for innbrudd"]
CRIM_EN = ["convicted of fraud", "jailed for 18 months for burglary", "convicted of assault",
           "convicted of drink-driving", "convicted of embezzlement", "convicted of theft from an employer"]
CRIM_EN_NOUN = ["prior conviction for assault", "conviction for embezzlement", "fraud conviction",
                "conviction for aggravated burglary", "drink-driving conviction"]

# ---------------------------------------------------------------- companies (hard negatives)
COMP_NO = ["Olsen Transport AS", "Berg & Sønn Bygg AS", "Nordfjord Frakt AS", "Hansen Elektro AS", "Bakken Gård AS",
           "Smilet Tannhelse AS", "Fysiofabrikken AS", "Lofoten Rørservice AS", "Kvamme Rør AS",
           "Nordlys Oversettelse AS", "Haugen Bemanning AS", "Solberg Hotelldrift AS", "Fjordkraft Offshore AS",
           "Pedersen & Dahl Elektro AS", "Tveit Landbrukssenter SA", "Vestlandsmeieriet SA", "Jensen Logistikk AS",
           "Aasen Rekruttering AS", "Brekke Maskin AS", "Hjelmeland Fisk AS"]
COMP_EN = ["Ocean Subsea Services AS", "North Sea Crewing Ltd", "Fraser Offshore Ltd", "Campbell Logistics Ltd",
           "Morgan & Hale Translation Ltd", "Bluewater Well Services AS", "Whitfield Hotels Group",
           "Polar Marine Supply AS", "Murphy Plumbing & Heating Ltd", "Arctic Catering Services AS"]


# ---------------------------------------------------------------- building
def P(s):
    return ("PERSON", s)


def build(parts):
    text, ents = "", []
    for p in parts:
        if p is None or p == "":
            continue
        if isinstance(p, tuple):
            t, s = p
            assert t in TYPES, t
            assert s and s == s.strip(), (t, s)
            ents.append({"type": t, "start": len(text), "end": len(text) + len(s)})
            text += s
        else:
            text += p
    return text, ents


TEMPLATES = []


def template(name, lang, n):
    def deco(fn):
        TEMPLATES.append((name, lang, n, fn))
        return fn
    return deco


# ======================================================================= CHILD WELFARE / SCHOOL HEALTH
@template("cw_concern_report_no", "no", 7)
def t_cw1():
    c, m, w = person("no") if R.random() < 0.5 else person(), person(female=True), person("no")
    h = ch(HEALTH_NO[:10])
    return [ch(["Bekymringsmelding mottatt ", "Melding registrert ", "Ny bekymringsmelding "]), date_no(),
            ch([" fra skolen. ", " fra helsestasjonen. ", " fra barnehagen. "]),
            "Gjelder ", P(c.full), " (f. ", ("FNR", fmt_idnum(gen_idnum())), "), bosatt hos mor ", P(m.full),
            " i ", ("ADDRESS", gen_address_no(True)), ". ",
            ch(["Mor opplyser selv at hun har ", "Det fremkommer at mor har ", "Mor forteller at hun sliter med "]),
            ("HEALTH", h), ch([" og har hatt perioder uten fast oppfølging. ", ". "]),
            "Saksbehandler: ", P(w.full), "."]


@template("cw_home_visit_nn", "no", 5)
def t_cw2():
    c, f, w = person(), person(female=False), person("no_old")
    crim = ch(CRIM_NO)
    return [ch(["Heimebesøk ", "Oppfølgingsbesøk "]), date_no(), ". Til stades: ", P(w.full), " (barnevernet), far ",
            P(f.full), " og ", P(c.first if not c.ff else c.full), ". ",
            ch(["Far stadfester at han er ", "Det vart opplyst at far er "]), ("CRIMINAL_RECORD", crim),
            ch([" og har meldt seg til soning neste vår. ", ", og at dette er kjent for skulen. "]),
            ch(["Guten verka roleg og trygg.", "Jenta fortalde at ho trivst på skulen.", "Neste møte vert avtalt på telefon "]),
            *([("PHONE", gen_phone_no(True)), "."] if R.random() < 0.4 else [])]


@template("cw_meeting_en", "en", 5)
def t_cw3():
    c, p1, cw = person(), person(), person("en") if R.random() < 0.5 else person()
    eth = ch(ETH_EN)
    return ["Case conference, child welfare. Child: ", P(c.full), ch([", age 9. ", ", age 14. ", ", Year 6. "]),
            "Parent present: ", P(p1.full), ", who is of ", ("ETHNICITY", eth),
            ch([" and asked for an interpreter for future meetings. ", "; the family has lived in the municipality for two years. "]),
            "Caseworker ", P(cw.full), ch([" will follow up with the school nurse.", " will send the plan by post."])]


@template("school_nurse_note_no", "no", 6)
def t_cw4():
    c, n = person(), person("no")
    if R.random() < 0.5:
        hp = [("HEALTH", ch(HEALTH_NO)), ", og foreldrene ønsker at kontaktlærer informeres."]
    else:
        hp = ["får ", ("HEALTH", ch(MED_NO)), ". Medisinen oppbevares på helserommet."]
    lead = "har " if hp[0][0] == "HEALTH" else ""
    return [ch(["Helsesykepleier ", "Notat fra helsesykepleier "]), P(n.full), ": ", P(c.full),
            ch([" (7B) ", " (9. trinn) ", " (2. klasse) "]), lead, *hp,
            *ch([[" Neste samtale uke 12."], [" Kontakt mor på ", ("PHONE", gen_phone_no(True)), "."],
                 [" Far kan nås på ", ("PHONE", gen_phone_no(True)), "."]])]


@template("school_health_note_nn", "no", 4)
def t_cw5():
    c = person()
    return ["Eleven ", P(c.full), ch([" har ", " har fått påvist "]), ("HEALTH", ch(HEALTH_NO)),
            ch([". Skulen har fått skriftleg samtykke til å informere kontaktlæraren.",
                ". Føresette ønskjer tilrettelegging i kroppsøving.", ". Vi avtalte ny time over haustferien."])]


@template("school_health_public_no", "no", 6)
def t_cw6():
    return [ch(["Vaksinasjonsprogrammet: alle elever på 7. trinn får tilbud om HPV-vaksine i uke ",
                "Skolehelsetjenesten har åpen dør hver tirsdag. I uke ",
                "Helsestasjon for ungdom holder stengt i uke "]), str(R.randint(2, 50)),
            ". ", ch(["Samtykkeskjema leveres kontaktlærer innen ", "Frist for påmelding er ", "Åpningstid gjenopptas "]),
            date_no(), ". ",
            ch(["Spørsmål kan rettes til skolen via Vigilo.", "Informasjon finnes på kommunens nettside under Helse og omsorg.",
                "Mai-møtet for foreldre holdes i gymsalen kl. 18:00."])]


@template("cw_routine_public_en", "en", 5)
def t_cw7():
    return [ch(["Routine CW-04 (rev. ", "Procedure note (version ", "Internal guideline (v"]), version(), "): ",
            ch(["case notes must be signed within three working days. ", "all concern reports are logged within 24 hours. "]),
            ch(["Diagnoses and other health details belong in the restricted journal module, not in e-mail. ",
                "Do not write children's ID numbers in Teams messages. ",
                "Statistics for 2025 show 14 % of reports came from schools. "]),
            ch(["Questions go to the team lead.", "Training is held every second Thursday.", "See the Quarterly Business Review for figures."])]


# ======================================================================= LOGISTICS
@template("dispatch_chat_no", "no", 7)
def t_lg1():
    d, k = person(), person()
    drv = handle(d)
    return [time_(), " ", ch([("PERSON", drv), ("PERSON", d.first.lower())]), ": ",
            ch(["Står fast i kø ved Sandvika, 20 min forsinket. ", "Levert på Lager 3. ", "Tom bil, klar for ny rute. "]),
            "\n", time_(), " dispatch: ", P(d.short), ch([", ta rute 14 til ", ", neste stopp er ", ", hent pakke hos "]),
            ("ADDRESS", gen_address_no(True)), ". ", ch(["Mottaker ", "Kunden ", "Kontaktperson "]), P(k.full),
            ch([" svarer på ", " kan nås på ", ", tlf "]), ("PHONE", gen_phone_no()), "."]


@template("driver_chat_en", "en", 6)
def t_lg2():
    a, b = person(), person(female=True)
    return ["[", time_(), "] ", P(a.first.lower()), ": ",
            ch(["trailer ", "truck ", "van "]), plate(), ch([" has a flat on the M-road, ", " is loaded, ", " got a brake warning, "]),
            "ask ", P(b.first.lower()), ch([" if she can cover the Drammen run", " to take my 14:30 pickup", " whether dock 4 is free"]),
            "\n[", time_(), "] ", P(b.first.lower()), ": ok, ",
            ch(["call me on ", "ring me on ", "my new number is "]), ("PHONE", gen_phone()), ch(["", " when you're off the road"])]


@template("logistics_public_no", "no", 7)
def t_lg3():
    return [ch(["Sending ", "Kolli ", "Pall "]), tracking(), ch([" er registrert på terminal Alnabru ", " ble skannet ut fra Lager 2 "]),
            date_no(), " kl. ", time_(), ". ", ch(["Bil ", "Trekkvogn ", "Henger "]), plate(),
            ch([" er på vei mot Trondheim.", " venter på lossing ved rampe 6.", " har 18 paller, totalvekt 9 450 kg."]),
            " ", ch(["Ordre ", "Ordrenr. ", "Referanse "]), order_no(), ". ", ch(["Fraktpris: ", "Tillegg for bomring: "]), amount(), "."]


@template("driver_sickleave_no", "no", 5)
def t_lg4():
    d, r = people(2)
    return [P(d.full), ch([" er sykmeldt ut uken", " har meldt seg syk i dag", " er borte til mandag"]), ". ",
            P(r.first if not r.ff else r.full), ch([" tar over rute 22 fra Berger.", " kjører bil " + plate() + " i mellomtiden.",
                                                   " dekker nattskiftet med bil " + plate() + "."]),
            ch([" Ingen endring i lastelisten.", " Husk å oppdatere ruteplanen før kl. 15:00.", ""])]


@template("logistics_supplier_internal_no", "no", 6)
def t_lg5():
    c = ch(COMP_NO)
    return [ch(["Ny underleverandør: ", "Godkjent transportør: ", "Fakturamottaker endret til "]), c,
            *ch([[", org.nr. ", ("ORGNR", fmt_orgnr(gen_orgnr())), ". Avtalen gjelder fra 1. mars."],
                 [" (org.nr ", ("ORGNR", fmt_orgnr(gen_orgnr())), "). Rammeavtale nr. RA-2025-14."],
                 [" – organisasjonsnummer ", ("ORGNR", fmt_orgnr(gen_orgnr())), ". Betalingsbetingelser 30 dager."]])]


# ======================================================================= HOTEL
@template("hotel_booking_en", "en", 7)
def t_ht1():
    g = person()
    return [ch(["Dear reservations team,\n", "Hello,\n", "Hi there,\n"]),
            ch(["I'd like to confirm a double room from ", "Please book a single room from "]),
            "%d to %d %s" % (R.randint(1, 10), R.randint(11, 20), ch(["March", "June", "October"])), " for ",
            P(g.full), ". ", ch(["Guarantee with card ", "Please charge the deposit to "]), ("CARD", gen_card()),
            ", expiry %02d/%d. " % (R.randint(1, 12), R.randint(26, 30)),
            ch(["Late arrival, around 23:00. ", "We will need a parking space. ", "Vegetarian breakfast if possible. "]),
            "\nBest regards,\n", P(g.full), "\n", ("PHONE", gen_phone()), "\n", ("EMAIL", email(g))]


@template("hotel_booking_no", "no", 6)
def t_ht2():
    g = person()
    return [ch(["Hei! ", "God dag, "]), "Jeg ønsker å bestille ", ch(["to netter ", "ett rom ", "familierom "]),
            "fra ", date_no(), ". Navn: ", P(g.full), ", adresse ", ("ADDRESS", gen_address_no(True)), ". ",
            ch(["Ring meg gjerne på ", "Mobil: "]), ("PHONE", gen_phone_no(True)), ". ",
            ch(["Vi ønsker halal frokost om mulig.", "Vi har med hund.", "Bestillingsnummer fra Booking: " + digits(10) + "."])]


@template("hotel_frontdesk_note_en", "en", 6)
def t_ht3():
    g = person()
    sur = g.full if g.ff else g.last
    return ["Front desk log ", date_no(), ": guest in room ", str(R.randint(101, 720)), ", ",
            ch([g.pr("Ms ", "Mr "), "Dr "]), P(sur), ", ",
            ch(["reported a ", "mentioned a ", "has a "]), ("HEALTH", ch(["shellfish allergy", "severe peanut allergy", "wheelchair dependency", "pacemaker"])),
            ch([" - kitchen informed. ", " - housekeeping informed. "]),
            ch(["Booking ref ", "Confirmation no. "]), "H" + digits(8), ". ",
            ch(["Checked in from ", "Wi-Fi login seen from "]), ("IP", gen_ipv4(False)), "."]


@template("hotel_public_en", "en", 6)
def t_ht4():
    return [ch(["Welcome to Fjordhotellet! ", "Guest Information. ", "Hotel Notice: "]),
            "Breakfast is served ", ch(["06:30-10:00", "07:00-10:30"]), " in the Harbour Restaurant. ",
            ch(["Late checkout costs 250 kr per hour. ", "Sauna opens at 16:00. ", "Halal and kosher options are available on request. "]),
            ch(["Wi-Fi network: FjordGuest, password on your key card. ", "Room Service menu: dial 9 from your room. "]),
            ch(["May we remind you that checkout is at 11:00.", "Will guests please leave keys at reception.",
                "Grant applications for the Conference Centre close in May."])]


@template("hotel_invoice_internal_no", "no", 5)
def t_ht5():
    return [ch(["Faktura for konferansen sendes til ", "Samlefaktura for mars adresseres til ", "Gruppebestillingen faktureres "]),
            ch(COMP_NO), ", org.nr. ", ("ORGNR", fmt_orgnr(gen_orgnr())), ". ",
            ch(["Antall rom: 24. Pris per rom 1 450 kr.", "Referanse: KONF-" + digits(4) + ".", "Forfall 30 dager."])]


# ======================================================================= DENTAL / PHYSIO
@template("clinic_reminder_no", "no", 7)
def t_cl1():
    p, d = person(), person("no") if R.random() < 0.6 else person()
    return [ch(["Hei ", "Hei, ", "Påminnelse: "]), P(p.short), ch(["! Du har time hos ", ", du har time hos "]),
            ch(["tannlege ", "fysioterapeut ", "tannpleier "]), P(d.full), " ",
            ch(["tirsdag ", "torsdag ", "fredag "]), date_no(), " kl. ", time_(), ". ",
            ch(["Avbestilling senest 24 t før på ", "Ved forfall, ring "]), ("PHONE", gen_phone_no(False)), ". ",
            ch(["Svar JA for å bekrefte.", "Ikke møtt gebyr: 650 kr.", ""])]


@template("physio_note_en", "en", 6)
def t_cl2():
    p, t = people(2)
    return ["Physio note - ", P(p.full), ch([", DOB 1987. ", ". ", ", referred by GP. "]),
            ch(["Rehab after ", "Ongoing treatment for ", "Assessment for "]), ("HEALTH", ch(["ACL reconstruction", "torn meniscus", "herniated disc", "frozen shoulder", "whiplash injury"])),
            ". ", ch(["Patient also takes ", "Current medication: "]), ("HEALTH", ch(MED_EN)), ". ",
            "Therapist: ", P(t.full), "."]


@template("clinic_public_no", "no", 6)
def t_cl3():
    return [ch(["Prisliste 2026: ", "Våre priser: "]), "Undersøkelse ", "%d kr" % R.randint(650, 1250), ", ",
            ch(["Fylling fra ", "Rens fra "]), "%d kr, " % R.randint(700, 1900),
            ch(["Røntgen 320 kr per bilde. ", "Blekning 3 900 kr. "]),
            ch(["Vi har åpent man-fre 08:00-16:00. ", "Vår klinikk ligger i 2. etasje på Torget. "]),
            ch(["Per i dag tar vi ikke imot nye pasienter under 18 år.", "Liv og helse-prisen 2025 gikk til klinikken.",
                "Dag 1 etter behandling: unngå varm drikke."])]


@template("clinic_cancel_en", "en", 5)
def t_cl4():
    p = person()
    return [ch(["Hi, this is ", "Hello, my name is "]), P(p.full), ". ",
            ch(["I need to cancel my appointment on ", "Can I move my cleaning on "]), date_no(),
            ch([" because of ", " - I've been diagnosed with "]), ("HEALTH", ch(["shingles", "pneumonia", "a kidney infection"[2:], "COVID-19"])),
            ". ", ch(["Please call me back on ", "My number is "]), ("PHONE", gen_phone()), "."]


@template("clinic_internal_no", "no", 4)
def t_cl5():
    return [ch(["Klinikken drives av ", "Driftsselskap: ", "Leverandør av journalsystem: "]), ch(COMP_NO),
            " (", ("ORGNR", fmt_orgnr(gen_orgnr())), "). ",
            ch(["Avtalen fornyes automatisk.", "Kontaktperson oppgis på forespørsel.", "Lisens 24 brukere."])]


# ======================================================================= ELECTRICIAN / PLUMBER
@template("job_ticket_no", "no", 7)
def t_jb1():
    c, t = people(2)
    return ["Jobb ", "#" + digits(5), ": ", ch(["Bytte varmtvannsbereder", "Feilsøking jordfeilbryter", "Tett avløp på bad",
                                            "Montere elbillader", "Lekkasje under kjøkkenvask"]),
            " hos ", P(c.full), ", ", ("ADDRESS", gen_address_no(ch([True, False]))), ". ",
            ch(["Tlf ", "Kunde nås på ", "Mob. "]), ("PHONE", gen_phone_no(True)), ". ",
            ch(["Nøkkel i postkassen. ", "Hund i huset. ", "Parkering i bakgården. "]),
            "Montør: ", P(t.short), "."]


@template("job_ticket_en", "en", 6)
def t_jb2():
    c, t = people(2)
    return ["Work order WO-", digits(6), "\nCustomer: ", P(c.full), "\nSite: ", ("ADDRESS", gen_address()),
            "\nContact: ", ch([("EMAIL", email(c)), ("PHONE", gen_phone())]),
            "\nTask: ", ch(["replace RCD in main panel", "fit new mixer tap", "install 3 outdoor sockets", "thermostat fault"]),
            "\nAssigned: ", P(t.full),
            "\nNote: ", ch(["customer has a ", "tenant mentioned a "]), ("HEALTH", ch(["pacemaker", "hearing impairment", "severe asthma"])),
            ch([" - avoid the induction tester near them.", " - knock loudly.", " - ventilate the room."])]


@template("job_materials_public_no", "no", 6)
def t_jb3():
    return ["Materialliste for ", ch(["jobb", "prosjekt", "serviceordre"]), " ", order_no(), ": ",
            ch(["3 x Schneider Exxact stikkontakt, ", "1 x Hager jordfeilautomat 16A, ", "2 x Oras Safira blandebatteri, "]),
            ch(["25 m PFXP 3G2,5, ", "1 x OSO Super S 200 l, ", "4 x Gira dimmer, "]), "EAN ", ean13(), ". ",
            "Sum eks. mva: ", amount(), ". ", ch(["Levering fra Brekke Maskin AS.", "Serienr. SN-" + digits(8) + ".",
                                                    "Ferdigmeldt " + date_no() + "."])]


@template("job_ticket_internal_en", "en", 4)
def t_jb4():
    return ["Subcontractor ", ch(COMP_NO + COMP_EN), ch([" (org. no. ", ", org.nr "]), ("ORGNR", fmt_orgnr(gen_orgnr())),
            ch([") is approved for wet-room work.", ") holds valid Sentral godkjenning.", ") - framework agreement renewed."])]


@template("plumber_sms_no", "no", 5)
def t_jb5():
    c = person()
    return [ch(["Hei ", "Hallo "]), P(c.first.lower() if R.random() < 0.3 else c.short),
            ch([", rørleggeren er på vei og er hos deg ca. ", ", vi kommer i morgen ca. "]), time_(), ". ",
            ch(["Gjelder ", "Adresse: "]), ("ADDRESS", gen_address_no(False)), ". ",
            *ch([["Mvh Lofoten Rørservice AS"], ["Hilsen Kvamme Rør AS"],
                 ["Mvh Hansen Elektro AS, sentralbord ", ("PHONE", gen_phone_no(False))]])]


# ======================================================================= BANK
@template("bank_chat_no", "no", 7)
def t_bk1():
    c, a = people(2)
    return ["Kunde: Hei, jeg heter ", P(c.full), ch([" og ", ", "]),
            ch(["fødselsnummeret mitt er ", "fnr "]), ("FNR", fmt_idnum(gen_idnum())), ". ",
            ch(["Jeg får ikke overført til kontoen ", "Hvorfor er kortet sperret på konto ", "Kan dere åpne "]),
            ("BANK_ACCOUNT", gen_account()), "?\n", "Rådgiver ", P(a.short), ": ",
            ch(["Takk, jeg ser på saken nå.", "Vi ser en betalingsanmerkning, men det skal ikke påvirke dette.",
                "Beklager ventetiden, jeg sjekker."])]


@template("bank_chat_en", "en", 6)
def t_bk2():
    c, a = people(2)
    return ["Customer: Hi, I sent ", amount(), ch([" to IBAN ", " to my sister's account "]), ("IBAN", gen_iban()),
            ch([" yesterday and it hasn't arrived. ", " but it bounced. "]),
            ch(["My card ", "The card ending in "]),
            *([("CARD", gen_card())] if R.random() < 0.5 else [str(R.randint(1000, 9999))]),
            " was charged twice.\nAgent ", P(a.short), ": ",
            ch(["Thanks ", "Hi "]), P(c.short), ch([", I'll raise a case.", ", let me check that for you."])]


@template("bank_fraud_en", "en", 5)
def t_bk3():
    c = person()
    return ["Fraud alert: card ", ("CARD", gen_card()), ch([" used from ", " login attempt from "]), ("IP", gen_ip()),
            " at ", time_(), ". Cardholder ", P(c.full), ch([" confirmed it was not her.", " has been contacted.", " did not recognise it."]),
            ch([" Chargeback ref CB-" + digits(7) + ".", " Merchant MCC 5732."])]


@template("bank_public_no", "no", 6)
def t_bk4():
    return [ch(["Viktig: ", "Husk: ", "Sikkerhetsråd: "]),
            ch(["Banken ber aldri om BankID-koden din på telefon. ", "Vi sender aldri lenker på SMS for å oppdatere kortet. "]),
            ch(["Et kontonummer har 11 siffer i formatet xxxx.xx.xxxxx. ",
                "Kort som er sperret vises som **** **** **** %d. " % R.randint(1000, 9999),
                "Ditt kort som slutter på %d er fornyet. " % R.randint(1000, 9999)]),
            ch(["Renten endres fra ", "Nye priser gjelder fra "]), date_no(), ". ",
            ch(["Gebyr for utenlandsbetaling: 45 kr.", "BIC: DNBANOKKXXX.", "KID må fylles ut ved betaling."])]


@template("bank_transfer_no", "no", 6)
def t_bk5():
    c = person()
    kid = digits(R.choice([7, 10, 13]))
    return [ch(["Overfør ", "Send "]), amount(), " fra ", ("BANK_ACCOUNT", gen_account()), " til ",
            ("BANK_ACCOUNT", gen_account()), ", KID ", kid, ". ",
            ch(["Mottaker: ", "Betalt av "]), P(c.full), ch([".", ". Forfall " + date_no() + "."])]


@template("bank_dnr_no", "no", 5)
def t_bk6():
    c = person(ch(["pl", "lt", "ua", "ph", "nordic"]))
    return [ch(["Kontoåpning for sesongarbeider ", "Ny kunde ", "Søknad om konto: "]), P(c.full), ", D-nummer ",
            ("DNR", fmt_idnum(gen_idnum(dnr=True))), ". ",
            ch(["Lønn utbetales til ", "Konto opprettet: "]), ("BANK_ACCOUNT", gen_account()), ". ",
            ch(["Arbeidsgiver: Tveit Landbrukssenter SA.", "Legitimasjon kontrollert.", "Skattekort hentes fra Skatteetaten."])]


# ======================================================================= RECRUITMENT
@template("recruit_pipeline_en", "en", 7)
def t_rc1():
    a, b, r = people(3)
    dom = ch(["aasenrekruttering.no", "haugenbemanning.no", "talentbridge.io"])
    return ["Pipeline update (", ch(["Senior Backend Engineer", "HSE Coordinator", "Warehouse Lead"]), ")\n",
            "1. ", P(a.full), " - ", ("EMAIL", email(a)), ", ", ch(["second interview Thursday", "offer sent", "references pending"]), "\n",
            "2. ", P(b.full), " - ", ("PHONE", gen_phone()), ", ", ch(["withdrew", "case interview booked", "on hold"]), "\n",
            "Owner: ", P(r.full), " <", ("EMAIL", email(r, dom)), ">"]


@template("recruit_note_no", "no", 6)
def t_rc2():
    c, ref = people(2)
    extra = ch([[" Kandidaten nevnte at hun er ", ("TRADE_UNION", ch(UNION_NO)), "."],
                [" Han opplyste at han er ", ("RELIGION", ch(RELIG_NO)), " og ønsker fri på enkelte helligdager."],
                [" Politiattest uten merknader."], [" Kandidaten er ikke medlem av noen fagforening."]])
    return ["Intervjunotat: ", P(c.full), ch([" søker stillingen som lagerleder.", " ble intervjuet for stillingen som sykepleier."]),
            " Referanse: ", P(ref.full), ", tlf ", ("PHONE", gen_phone_no()), ".", *extra]


@template("recruit_public_en", "en", 6)
def t_rc3():
    return [ch(["We're hiring: ", "Job Ad - ", "Open Position: "]),
            ch(["Senior Backend Engineer (Python)", "Offshore Crane Operator", "Customer Success Manager", "Release Manager"]),
            ". ", ch(["You will own the Quarterly Business Review and Release Notes. ", "Experience with Kubernetes and Terraform required. ",
                      "Rotation 2-4, based in Stavanger. "]),
            ch(["Salary 650 000 - 780 000 kr. ", "Start date: August 2026. "]),
            ch(["Mark your calendar for the Open Day on 12 May.", "Bill rate ranges are confidential until the final round.",
                "Will you be our next team member?"])]


@template("recruit_internal_no", "no", 4)
def t_rc4():
    return [ch(["Oppdragsgiver: ", "Ny kunde i CRM: "]), ch(COMP_NO), ", org.nr. ", ("ORGNR", fmt_orgnr(gen_orgnr())),
            ch([". Rammeavtale om 6 stillinger.", ". Honorar 18 % av årslønn.", ". Kontrakt signert " + date_no() + "."])]


@template("candidate_special_en", "en", 6)
def t_rc5():
    c = person()
    k = R.randint(0, 3)
    if k == 0:
        sp = [" disclosed that " + c.pr("she", "he") + " is a ", ("TRADE_UNION", ch(UNION_EN)), " at his current employer."]
    elif k == 1:
        sp = [" mentioned in passing that " + c.pr("she", "he") + " is ", ("SEXUAL_ORIENTATION", ch(ORIENT_EN)), " - not relevant, do not record."]
    elif k == 2:
        sp = [" has a ", ("CRIMINAL_RECORD", ch(CRIM_EN_NOUN)), " from 2017, declared on the form."]
    else:
        sp = [" asked for a quiet room for prayer; " + c.pr("she", "he") + " is a ", ("RELIGION", ch(RELIG_EN)), "."]
    if sp[0].endswith(" a ") and sp[1][1][0].lower() in "aeiou":
        sp[0] = sp[0][:-2] + "an "
    return ["Screening call with ", P(c.full), ". ", P(c.short), *sp]


# ======================================================================= LIBRARY
@template("library_loan_no", "no", 6)
def t_lb1():
    b = person()
    book = ch([("«Sult» av ", "Knut Hamsun"), ("«Markens grøde» av ", "Knut Hamsun"), ("«Naiv. Super.» av ", "Erlend Loe"),
               ("«Min kamp 1» av ", "Karl Ove Knausgård"), ("«Det henger et lys» av ", "Kjersti Annesdatter Skomsvold")])
    return ["Hei ", P(b.short), "! Lånet ditt ", book[0], P(book[1]), ch([" forfaller ", " må leveres innen "]), date_no(), ". ",
            ch(["Lånekortet er registrert på ", "Vi sender purring til "]), ("EMAIL", email(b)), ". ",
            ch(["Hilsen Deichman Grünerløkka", "Hilsen Bergen Offentlige Bibliotek", "Vennlig hilsen biblioteket"])]


@template("library_public_no", "no", 6)
def t_lb2():
    return [ch(["Språkkafé hver tirsdag kl. 17:00 i 2. etasje. ", "Bokbussen kommer til Vik skole annenhver onsdag. ",
                "Meråpent bibliotek: 07:00-22:00 alle dager. "]),
            ch(["Nytt i samlingen: «Vår» og «Sol over Bjørnstjerne Bjørnsons plass». ", "Lesesirkelen leser Amalie Skram-klassikere i mai. ",
                "Ukas utstilling: Stein og grus fra Jæren. "]),
            ch(["Gebyr for tapt bok: 350 kr.", "Kopi per side: 2 kr.", "Ask bibliotekarene om hjelp med e-bøker."])]


@template("library_en", "en", 5)
def t_lb3():
    b = person()
    return ["Hi ", P(b.short), ", the item you reserved (", ch(["\"Wolf Hall\"", "\"The Overstory\"", "\"Sapiens\""]),
            ") is ready for pickup until ", date_no(), ". ", ch(["Your library card is linked to ", "We have your address as "]),
            *([("ADDRESS", gen_address())] if R.random() < 0.5 else [("EMAIL", email(b))]), ". ",
            ch(["Thanks, Tromsø Public Library", "Regards, the Library Team"])]


# ======================================================================= FARM COOP
@template("farm_member_no", "no", 6)
def t_fm1():
    m = person(ch(["no", "no_old", "sami", "no_old"]))
    return ["Medlem ", P(m.full), ", produsentnr. ", digits(6), ch([" (melk), ", " (storfe), ", " (sau), "]),
            ch(["oppgjør for ", "sluttoppgjør "]), ch(["januar", "februar", "oktober"]), " utbetales til ",
            ("BANK_ACCOUNT", gen_account()), ". ",
            ch(["Tlf. ", "Kontakt: "]), ("PHONE", gen_phone_no(True)), ". ",
            ch(["Leveransen var 14 230 liter.", "Kvote 2026: 220 000 l.", "Husk skjema for dyrevelferd innen fristen."])]


@template("farm_public_no", "no", 6)
def t_fm2():
    return [ch(["Kraftfôr FORMEL Favør 80: ", "Gjødsel Fullgjødsel 22-3-10: ", "Såfrø Engfrø Surfôr Normal: "]),
            "%d,%02d kr/kg" % (R.randint(3, 14), R.randint(0, 99)), ". ",
            ch(["Bestill innen fredag kl. 12:00 for levering uken etter. ", "Ny Kverneland-rundballepresse på lager. "]),
            ch(["Årsmøtet holdes på samfunnshuset.", "Vår-kampanje: 5 % rabatt på Valtra-deler.", "Per stk 45 kr for øremerker."])]


@template("farm_internal_no", "no", 5)
def t_fm3():
    return ["Leveranse fra ", ch(["Bakken Gård AS", "Tveit Landbrukssenter SA", "Hjelmeland Fisk AS", "Vestlandsmeieriet SA"]),
            *ch([[" (org.nr. ", ("ORGNR", fmt_orgnr(gen_orgnr())), ") "], [", org. nr. ", ("ORGNR", fmt_orgnr(gen_orgnr())), ", "]]),
            ch(["registrert på tankbil 3.", "mottatt på kaia " + date_no() + ".", "- fakturagrunnlag sendt."])]


@template("farm_chat_nn", "no", 4)
def t_fm4():
    a, b = person(ch(["no", "no_old"])), person(ch(["no", "sami", "no_old"]))
    return [P(a.first.lower()), ": ", ch(["kan du køyre rundballane til ", "traktoren står i "]),
            P(b.first.lower()), ch([" i morgon?", " sitt fjøs no."]), "\n", P(b.first.lower()), ": ",
            ch(["ja, ring ", "greitt, send adressa, ", "ok, eg er på "]), ("PHONE", gen_phone_no(True))]


# ======================================================================= OFFSHORE
@template("crew_list_en", "en", 6)
def t_of1():
    crew = people(R.randint(2, 4))
    parts = ["POB list - ", ch(["Troll A", "Gullfaks C", "Transocean Spitsbergen", "Deepsea Aberdeen"]), ", ",
             ch(["crew change ", "flight "]), date_no(), " ", time_(), " from Flesland\n"]
    for i, c in enumerate(crew, 1):
        parts += ["%d. " % i, P(c.full), ", ", ch(COMP_EN + COMP_NO), ", cabin %d%02d" % (R.randint(1, 4), R.randint(1, 40))]
        if R.random() < 0.4:
            parts += [", ID ", ("FNR", gen_idnum())]
        parts += ["\n"]
    parts += ["Total POB: ", str(R.randint(90, 160))]
    return parts


@template("hse_report_en", "en", 6)
def t_of2():
    ip, w = people(2)
    return ["HSE report ", "HSE-" + digits(5), ": ", P(ip.full), ch([" sustained a ", " suffered a "]),
            ("HEALTH", ch(["fractured wrist", "crush injury to the left hand", "back strain", "first-degree burn on the forearm", "concussion"])),
            ch([" while handling a dropped object.", " during lifting operations on the pipe deck.", " on the stairwell near module M3."]),
            " Witness: ", P(w.full), ". ", ch(["Medevac not required.", "Red flag raised, permit suspended.", "Classified as LTI."])]


@template("hse_public_en", "en", 7)
def t_of3():
    return [ch(["Safety Moment: ", "HSE Bulletin: ", "Lessons Learned: "]),
            ch(["dropped objects from the Haas VF-2 enclosure", "hand injuries during pipe handling", "H2S alarms in the shale shaker room"]),
            ". ", ch(["Permit to Work must be signed before start. ", "Stop Work Authority applies to everyone. "]),
            ch(["Incident rate 2025: 1.8 per million hours. ", "Firmware on gas detectors updated to " + version() + ". "]),
            ch(["Mark the area with red-white tape.", "Will all supervisors brief their crews before Monday.",
                "Grant access only to trained personnel."])]


@template("offshore_change_no", "no", 6)
def t_of4():
    a, b = people(2)
    return ["Mannskapsbytte: ", P(a.full), " erstatter ", P(b.full),
            ch([" på Troll A fra ", " på Gullfaks C fra ", " på Johan Sverdrup fra "]), date_no(), ". ",
            P(b.short), ch([" er sykmeldt.", " har permisjon.", " har avspasering."]),
            ch([" Helikopter fra Flesland ", " Avgang Sola "]), time_(), "."]


@template("offshore_union_no", "no", 5)
def t_of5():
    a = person()
    return ["Til orientering: ", P(a.full), " er ", ("TRADE_UNION", ch(UNION_NO)),
            ch([" og deltar i forhandlingsmøtet ", " og har fri fra tur for verv "]), date_no(), ". ",
            ch(["Vikar er bestilt.", "Tur forskyves med én uke.", ""])]


@template("offshore_vendor_internal_en", "en", 5)
def t_of6():
    return ["Vendor ", ch(COMP_EN), ch([" (org. no. ", " (Norwegian org. no. "]), ("ORGNR", fmt_orgnr(gen_orgnr())),
            ") ", ch(["approved in Achilles JQS.", "passed the HSE audit.", "- contract C-" + digits(5) + " renewed to 2028."])]


# ======================================================================= TRANSLATION
@template("translation_order_en", "en", 6)
def t_tr1():
    c, tr = people(2)
    lang = ch(["Polish", "Arabic", "Tigrinya", "Ukrainian", "Somali", "Vietnamese"])
    return ["Order TR-", digits(5), ": certified translation (", lang, " > Norwegian) of ",
            ch(["a birth certificate", "a criminal-record certificate", "a diploma", "a marriage certificate"]),
            " for ", P(c.full), ", D-number ", ("DNR", fmt_idnum(gen_idnum(dnr=True))), ". ",
            "Assigned to ", P(tr.full), ". ", ch(["Deadline Friday.", "Rush fee applies.", "Send to the client by post."])]


@template("translation_chat_no", "no", 5)
def t_tr2():
    c, tr = people(2)
    return ["Tolk ", P(tr.full), ch([" (polsk-norsk) ", " (arabisk-norsk) ", " (tigrinja-norsk) "]),
            "er bestilt til ", ch(["legetime ", "møte i NAV ", "foreldresamtale "]), date_no(), " for ", P(c.full), ". ",
            ch(["Brukeren har ", "Merknad: brukeren har "]), ("HEALTH", ch(["nedsatt hørsel", "afasi etter hjerneslag", "PTSD"])),
            ". Tolken nås på ", ("PHONE", gen_phone_no(True)), "."]


@template("translation_public_no", "no", 6)
def t_tr3():
    return ["Prisliste oversettelse: ", ch(["1,60 kr per ord", "850 kr per side", "1 100 kr per time"]),
            ch([" (minstepris 950 kr). ", ", statsautorisert tillegg 30 %. "]),
            ch(["Vi oversetter til og fra 40 språk. ", "Hastetillegg ved levering innen 24 timer. "]),
            ch(["Ordrenr. oppgis ved henvendelse: ", "Referansekode: "]), order_no(), "."]


@template("translation_internal_en", "en", 3)
def t_tr4():
    return ["Supplier onboarding: ", ch(["Nordlys Oversettelse AS", "Morgan & Hale Translation Ltd"]), ", org. no. ",
            ("ORGNR", fmt_orgnr(gen_orgnr())), ch([", VAT registered.", ". Framework agreement 2026-2028."])]


# ======================================================================= MARKETPLACE
@template("market_buyer_no", "no", 6)
def t_mk1():
    b = person()
    return [ch(["Hei! Er ", "Hallo, er "]), ch(["sykkelen", "sofaen", "Stressless-stolen", "barnevogna"]),
            ch([" fortsatt ledig? ", " fortsatt til salgs? "]), ch(["Jeg kan hente i morgen ", "Kan hente i kveld "]),
            "på ", ("ADDRESS", gen_address_no(ch([True, False]))), ch([" om det passer.", "?"]), " Mvh ", P(b.full), ", ",
            ("PHONE", gen_phone_no(True))]


@template("market_seller_en", "en", 6)
def t_mk2():
    s, b = people(2)
    return ["Hi ", P(b.short), ", thanks for your offer. ",
            *ch([["You can Vipps to ", ("PHONE", gen_phone_no(True))], ["Please pay to my account ", ("BANK_ACCOUNT", gen_account())]]),
            ch([" and I'll ship with tracking ", " - I post it tomorrow, tracking "]), tracking(), ". Cheers, ", P(s.short)]


@template("market_public_no", "no", 6)
def t_mk3():
    return [ch(["Selger ", "Til salgs: ", "Gis bort: "]),
            ch(["Stressless lenestol, pent brukt", "Trek Marlin 7 str. L", "IKEA Hemnes kommode", "Bugaboo Fox 3"]),
            ", ", ch(["3 500 kr", "6 900 kr", "gratis"]), ". ", ch(["Hentes på Majorstuen.", "Kan sendes med Helthjem.", "Hentes i Sandnes sentrum."]),
            " ", ch(["Serienummer ", "Ramme nr. "]), "WTU" + digits(6) + ch(["K", "L"]), ". ",
            ch(["Ingen bytte.", "Fast pris.", "Ta kontakt via meldinger her.", "Per stk 200 kr for stolene."])]


@template("market_scam_en", "en", 5)
def t_mk4():
    s = person(ch(["en", "de", "es", "ph"]))
    return ["Hello dear, I am ", P(s.full), ch([" and I am abroad. ", ", working offshore. "]),
            ch(["Send the deposit to ", "Pay via bank transfer to "]), ("IBAN", gen_iban(ch(["GB", "LT", "PL", "NL"]))),
            ch([" or give me your card ", " or confirm your card number "]),
            ("CARD", gen_card()), ch([" for the courier.", " so I can release the parcel."])]


@template("market_internal_no", "no", 3)
def t_mk5():
    return ["Selgeren er registrert som ", ch(["Bjørnstad Antikk AS", "Olsen Transport AS", "Brekke Maskin AS"]),
            ", org.nr. ", ("ORGNR", fmt_orgnr(gen_orgnr())), ". ",
            ch(["Profilen er verifisert.", "Merket som profesjonell selger.", "Annonsene vises med firmalogo."])]


# ======================================================================= DEVELOPER TICKETS
@template("dev_stacktrace_en", "en", 7)
def t_dv1():
    u = person()
    ts = "2026-%02d-%02dT%02d:%02d:%02dZ" % (R.randint(1, 11), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59))
    return ["Steps to reproduce: login as ", ("PERSON", handle(u)), ", open /orders, click Export.\n```\n", ts,
            " ERROR [req ", uuid_(), "] user=", ("EMAIL", email(u, ch(["orkester-demo.no", "example-corp.com"]))),
            " ip=", ("IP", gen_ip()), ch([":443", ":8443", ""]), " Traceback (most recent call last):\n",
            '  File "/app/export.py", line ', str(R.randint(20, 400)), ", in render\n",
            ch(["KeyError: 'delivery_address'", "TypeError: 'NoneType' object is not subscriptable"]), "\n```\n",
            "Version ", version(), ", commit ", short_sha()]


@template("dev_config_en", "en", 5)
def t_dv2():
    return ["Config diff in PR #", str(R.randint(100, 9999)), ":\n```yaml\nsmtp:\n  host: ", ("IP", gen_ipv4(True)),
            "\n  port: 587\n  user: ", ("EMAIL", role_email(ch(["fjordhotellet.no", "nordfrakt.no", "bibliotek.kommune.no"]))),
            "\nallowed_cidrs: [", cidr(), ", ", cidr(), "]\n```\n",
            ch(["Please review before Friday's release.", "Rolled back in " + short_sha() + "."])]


@template("dev_public_en", "en", 8)
def t_dv3():
    return [ch(["Build #", "Pipeline run #"]), str(R.randint(1000, 99999)), " failed on ", ch(["node 20.11.1", "python 3.12.4", "openjdk 21.0.2"]), ".\n",
            "```\n", "2026-%02d-%02d %02d:%02d:%02d" % (R.randint(1, 11), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59)),
            " WARN subnet ", cidr(), " netmask 255.255.", ch(["255.0", "252.0", "240.0"]), " gateway unreachable\n",
            "sha256:", sha()[:40], "\n", "request_id=", uuid_(), "\n```\n",
            ch(["Upgrade libssl to ", "Pin grpcio to ", "Firmware "]), version(), ". ",
            ch(["Release Notes updated.", "See section 4.2.1.3 in the runbook.", "Device MAC " + mac() + " is excluded."])]


@template("dev_jira_no", "no", 6)
def t_dv4():
    a, b = people(2)
    return [ch(["DEV-", "OPS-", "BUG-"]), str(R.randint(100, 9999)), ": ",
            ch(["Eksport feiler for enkelte kunder. ", "Innlogging henger etter BankID. ", "Varsler sendes dobbelt. "]),
            "@", ("PERSON", handle(a)), ch([" kan du se på dette? ", " tar du denne? "]),
            ch(["Logg viser ", "Feilen kom fra "]), ("IP", gen_ip()), ch([" kl. ", " rundt "]), time_(), ". ",
            ch(["Meldt av ", "Rapportert av "]), P(b.full), "."]


@template("dev_public_no", "no", 5)
def t_dv5():
    return [ch(["Driftsmelding: ", "Planlagt vedlikehold: "]), ch(["databaseklyngen", "API-gatewayen", "innloggingstjenesten"]),
            " oppgraderes til ", version(), " ", date_no(), " kl. ", time_(), ". ",
            ch(["Berørte nett: ", "Brannmurregler endres for "]), cidr(), ". ",
            ch(["Endringssak CHG" + digits(7) + ".", "Commit " + short_sha() + ".", "Hash " + sha()[:12] + "."])]


@template("dev_log_handles_en", "en", 5)
def t_dv6():
    a, b = people(2)
    hms = lambda: "%02d:%02d:%02d" % (R.randint(0, 23), R.randint(0, 59), R.randint(0, 59))
    return ["```\n", hms(), " INFO auth ok user=", ("PERSON", handle(a)), " src=", ("IP", gen_ip()), "\n",
            hms(), " WARN 3 failed logins user=", ("PERSON", handle(b, ch([".", "_"]))), " src=", ("IP", gen_ipv4()), "\n```\n",
            ch(["Probably a stale token.", "Looks like credential stuffing, blocking.", "Ignore, test accounts."])]


# ======================================================================= SIGNATURES / FORWARDED THREADS
def _sig(p, lang, comp, dom):
    title = ch(["Daglig leder", "Prosjektleder", "Rådgiver", "Disponent"] if lang == "no" else
               ["Operations Manager", "Account Manager", "HSE Advisor", "Dispatcher"])
    return ["\n--\n", P(p.full), "\n", title, " | ", comp, "\n", ch(["M: ", "Mob: ", "Tel: "]), ("PHONE", gen_phone()), "\n",
            ("EMAIL", email(p, dom)), "\n", ("ADDRESS", gen_address_no(True))]


def _dom(comp):
    return re.sub(r"[^a-z]", "", ascii_(comp.lower().replace(" as", "").replace(" sa", "").replace(" ltd", ""))) + ch([".no", ".com"])


@template("fwd_thread_en", "en", 7)
def t_fw1():
    a, b = people(2)
    comp = ch(COMP_EN + COMP_NO)
    dom = _dom(comp)
    return [ch(["FYI, see below.\n\n", "Forwarding for visibility.\n\n", "Can you handle this?\n\n"]),
            "---------- Forwarded message ----------\nFrom: ", P(a.full), " <", ("EMAIL", email(a, dom)), ">\n",
            "Sent: ", ch(["Monday", "Tuesday", "Friday"]), ", ", "%d %s 2026 %s" % (R.randint(1, 28), ch(["March", "May", "October"]), time_()),
            "\nTo: ", P(b.full), " <", ("EMAIL", email(b)), ">\nSubject: ",
            ch(["Re: Delivery window", "Quote for offshore catering", "Room block for the HSE seminar"]), "\n\n",
            "Hi ", P(b.short), ch([", the revised quote is attached.", ", we can confirm the slot."]),
            *_sig(a, "en", comp, dom)]


@template("fwd_thread_no", "no", 7)
def t_fw2():
    a, b = people(2)
    comp = ch(COMP_NO)
    dom = _dom(comp)
    return [ch(["Videresender, se under.\n\n", "Til info.\n\n"]),
            "Fra: ", P(a.full), " <", ("EMAIL", email(a, dom)), ">\nSendt: ", date_no(), " ", time_(), "\nTil: ",
            ("EMAIL", role_email(ch(["kommune.no", "fjordhotellet.no", "nordfrakt.no"]))), "\nKopi: ", P(b.full),
            "\nEmne: ", ch(["SV: Tilbud", "VS: Reklamasjon", "Avtale om levering"]), "\n\n",
            ch(["Hei,\nVedlagt finner dere tilbudet.", "Hei!\nViser til telefonsamtale i dag."]),
            *_sig(a, "no", comp, dom)]


@template("company_footer_internal", "no", 5)
def t_fw3():
    c = ch(COMP_NO)
    return [c, ch([" · Org.nr. ", " | Org.nr ", " – Foretaksregisteret "]), ("ORGNR", fmt_orgnr(gen_orgnr())),
            ch([" MVA", ""]), ch([" · Bankgiro oppgis på faktura", " · Styrets leder: se Brønnøysundregistrene", " · Registrert i Foretaksregisteret"]),
            ch([" · Alle priser eks. mva.", " · Vi tar forbehold om skrivefeil."])]


@template("vat_mva_internal_en", "en", 4)
def t_fw4():
    o = gen_orgnr()
    return ["Supplier VAT ID: NO ", ("ORGNR", o[:3] + " " + o[3:6] + " " + o[6:]), " MVA. ",
            ch(["Invoices without it will be rejected by the AP team.", "Please update the ERP record before the next run.",
                "Verified in Brreg on " + date_no() + "."])]


@template("newsletter_public_en", "en", 6)
def t_fw5():
    return [ch(["Newsletter - ", "Monthly Update: "]), ch(["Quarterly Business Review", "Release Notes 2026.3", "Annual General Meeting"]),
            ". ", ch(["The Harbour Conference Centre in Bergen hosts ", "St. Olav's Church in Trondheim hosts "]),
            ch(["our customer day on 4 June. ", "the winter concert. "]),
            ch(["Ask Alexa or Siri to add it to your calendar. ", "Tickets from 250 kr. "]),
            ch(["May the best team win!", "Mark your calendar.", "Grant rounds open in September."])]


# ======================================================================= SPECIAL CATEGORIES (mixed domains)
@template("special_union_no", "no", 5)
def t_sp1():
    a = person()
    return [ch(["Referat: ", "Til møtet: "]), P(a.full), ch([" møter som ", " deltar som "]), ("TRADE_UNION", ch(UNION_NO)),
            ch([" i drøftingsmøtet om ny turnus.", " i omstillingsprosessen ved lageret.", " når budsjettet for 2027 behandles."])]


@template("union_negative_no", "no", 4)
def t_sp2():
    a = person()
    return [P(a.full), ch([" er ikke medlem av noen fagforening, ", " har meldt seg ut av fagforeningen, "]),
            ch(["så hun representeres ikke av tillitsvalgt.", "og ønsker å møte alene."])]


@template("religion_en", "en", 5)
def t_sp3():
    a = person()
    r = ch(RELIG_EN)
    art = "an " if r[0].lower() in "aeiou" else "a "
    return [P(a.full), ch([" asked to swap Friday shifts; %s is " % a.pr("she", "he"), " requested leave for a religious holiday as ",
                           " told HR %s is " % a.pr("she", "he")]),
            art, ("RELIGION", r), ". ", ch(["Approved by the shift lead.", "Kitchen offers halal options anyway.", "No further action."])]


@template("religion_no", "no", 4)
def t_sp4():
    a = person()
    return [ch(["Vaktplan: ", "Notat fra personalmøtet: ", "Til turnusplanleggingen: "]),
            P(a.full), ch([" er ", " opplyste at hen er ", " har fortalt at vedkommende er "]), ("RELIGION", ch(RELIG_NO)),
            ch([" og ønsker ikke å jobbe på søndager.", ", og ber om fri i forbindelse med høytid.", "."])]


@template("ethnicity_no", "no", 5)
def t_sp5():
    a = person(ch(["sami", "no", "so", "er"]))
    return [ch(["Oppfølging etter møte " + date_no() + ": familien ", "Notat fra skolen: familien ", "Ny sak i barneverntjenesten: familien "]),
            P(a.last if not a.ff else a.full), ch([" har ", ", der mor har "]), ("ETHNICITY", ch(ETH_NO)),
            ch([", og ønsker tolk til møtene.", ", og barnet får morsmålsundervisning.", "."])]


@template("orientation_mixed", "no", 4)
def t_sp6():
    a, b = people(2)
    return [P(a.full), ch([" fortalte helsesykepleier at hen er ", " har fortalt helsesøster at vedkommende er "]),
            ("SEXUAL_ORIENTATION", ch(ORIENT_NO)), ch([" og ikke vil at foreldrene skal vite det ennå.", "."]),
            " Notat skrevet av ", P(b.full), "."]


@template("orientation_en", "en", 4)
def t_sp7():
    a = person()
    return ["Guest note: ", P(a.full), " and ", a.pr(ch(["her wife", "her partner"]), ch(["his husband", "his partner"])),
            " asked for a double bed. ", P(a.short),
            *ch([[" said they are a ", ("SEXUAL_ORIENTATION", a.pr(ch(["gay", "lesbian"]), "gay")), " couple and had a bad experience elsewhere."],
                 [" mentioned being ", ("SEXUAL_ORIENTATION", a.pr(ch(["gay", "lesbian", "bisexual"]), ch(["gay", "bisexual"]))), " and asked for discretion."]])]


@template("criminal_en", "en", 5)
def t_sp8():
    a = person()
    return ["Vetting result for ", P(a.full), ": ", ch(["the candidate was ", "the certificate shows the candidate was "]),
            ("CRIMINAL_RECORD", ch(CRIM_EN)), ch([" in 2019. Offshore clearance declined.", "; decision pending.", " in 2021."])]


@template("criminal_negative_no", "no", 5)
def t_sp9():
    a = person()
    return [P(a.full), ch([" har levert politiattest uten merknader.", " ble anmeldt, men saken er henlagt.",
                           " leverte barneomsorgsattest, ingen anmerkninger."]),
            ch([" Kan starte ", " Oppstart "]), date_no(), "."]


@template("special_public_no", "no", 7)
def t_sp10():
    return [ch(["Alle ansatte kan melde seg inn i fagforening. ", "I 2025 var 48 % av de ansatte organisert. ",
                "Kantina tilbyr halal- og vegetarretter hver dag. ", "Bedriftshelsetjenesten tilbyr influensavaksine. "]),
            ch(["Tillitsvalgte velges for to år. ", "Sykefraværet var 5,2 % i tredje kvartal. ",
                "Ansatte som er sykmeldt skal følge opp med nærmeste leder. "]),
            ch(["Kurs: «Psykisk helse på arbeidsplassen» " + date_no() + ".", "Mer på intranettet under HMS.",
                "Stillingen som verneombud lyses ut i mai."])]


@template("special_public_en", "en", 6)
def t_sp11():
    return [ch(["Diversity statistics: 12 % of staff identify as LGBTQ+. ", "Policy: we do not record religion or union membership. ",
                "Menu: halal, kosher and vegan options on request. "]),
            ch(["Employees on sick leave must keep in touch weekly. ", "Union reps are elected every two years. ",
                "The course \"Mental Health First Aid\" runs in June. "]),
            ch(["Contact HR for details.", "Will managers please forward this.", "Bill of Rights poster in the canteen."])]


@template("health_en_chat", "en", 5)
def t_sp12():
    a, b = people(2)
    return [P(a.first.lower()), ": ", "fyi ", P(b.first.lower()), ch([" won't make the shift, ", " is off this week, "]),
            b.pr("her ", "his "), ("HEALTH", ch(["epilepsy", "migraine", "back pain", "diabetes"])),
            ch([" is acting up again", " flared up"]), "\n", P(b.first.lower()), ": ",
            ch(["thanks, back on monday", "sorry all", "will update"])]


# ======================================================================= GENERIC / MIXED
@template("switchboard_no", "no", 5)
def t_gn1():
    return [ch(["Sentralbord: ", "Kundeservice: ", "Vakttelefon: "]), ("PHONE", gen_phone_no(False)),
            ch([" (hverdager 08-16). ", ", døgnåpen. "]), ch(["E-post: ", "Skriv til "]),
            ("EMAIL", role_email(ch(["nordfrakt.no", "fjordhotellet.no", "smilet.no", "rorservice.no"]))), "."]


@template("role_email_en", "en", 5)
def t_gn2():
    return [ch(["For booking changes contact ", "Send invoices to ", "Report security issues to "]),
            ("EMAIL", role_email(ch(["fjordhotellet.no", "oceansubsea.com", "nordlys-oversettelse.no", "bank-example.no"]))),
            ch([" or call ", " or phone our switchboard on "]), ("PHONE", gen_phone()), "."]


@template("ip_fail2ban_en", "en", 4)
def t_gn3():
    return ["fail2ban: banned ", ("IP", gen_ipv4(False)), " after 5 attempts (jail sshd). Also seen: ", ("IP", gen_ip()),
            ". Internal range ", cidr(), " whitelisted; MAC ", mac(), " belongs to the printer."]


@template("delivery_address_no", "no", 5)
def t_gn4():
    return [ch(["Levering av pakke til ", "Leveringsadresse for bestillingen: ", "Varene hentes på "]), ("ADDRESS", gen_address_no(True)),
            ch([", leilighet H0302. ", ", bakdør. ", ". "]), ch(["Porttelefon virker ikke.", "Ring på ved ankomst.", "Sporingsnr. " + tracking() + "."])]


@template("numbers_public_no", "no", 7)
def t_gn5():
    return [ch(["Ordre ", "Faktura ", "Saksnr. "]), bad_11(), ch([" er registrert ", " ble sendt "]), date_digits(), ". ",
            ch(["Gammelt nr. ", "Ugyldig org.nr. "]), bad_org9(), ch([" ble avvist i Brreg. ", " finnes ikke. "]),
            ch(["Kortnummer ", "Testkort "]), bad_card16(ch([True, False])), ch([" feilet kontroll. ", " ble avvist. "]),
            "Beløp ", amount(), ", postnr. ", ch(CITIES_NO)[0], "."]


@template("numbers_public_en", "en", 6)
def t_gn6():
    return [ch(["Reference ", "Case no. ", "Invoice "]), bad_fnr_like(), ch([" failed validation", " is not a valid ID"]), ". ",
            ch(["GTIN ", "EAN "]), ean13(), ", serial SN", digits(4), "-", digits(5), ", tracking ", tracking(), ". ",
            ch(["Card **** **** **** ", "Masked card ending "]), digits(4), " exp ", "%02d/%d" % (R.randint(1, 12), R.randint(26, 30)),
            ". ", ch(["Booking ", "Policy ", "Ticket "]), "no. ", digits(R.choice([6, 7, 10])), "."]


@template("name_words_public_no", "no", 7)
def t_gn7():
    return [ch(["Dag 1: ", "Dag 2: ", "Vår plan for uka: "]), ch(["montering av stillas, ", "rydding av lager, "]),
            ch(["pris per stk 45 kr. ", "per person 120 kr. "]),
            ch(["Mai-møtet flyttes. ", "Stein og grus leveres fra Olsen Transport AS. ", "Sol og regn i Lofoten, "]),
            ch(["Bjørnstjerne Bjørnsons gate er stengt ved krysset. ", "Møtet er i St. Olavs kirke. ", "Berg & Sønn Bygg AS har fått oppdraget. "]),
            ch(["Liv og helse står i fokus.", "Rune-steinen på Tune er flyttet.", "Ask treet ved porten felles."])]


@template("name_words_public_en", "en", 7)
def t_gn8():
    return [ch(["Will ", "May "]), ch(["the Quarterly Business Review be moved?", "we ask everyone to read the Release Notes?"]), " ",
            ch(["Mark the dates in your calendar. ", "Grant funding was approved. ", "Bill the hours to project X-200. "]),
            ch(["The Mazak and the Haas VF-2 are down for service. ", "Jensen Logistikk AS handles transport. ",
                "Ask Alexa to dim the lights in Meeting Room Nansen. "]),
            ch(["Version 4.12.0.3 is deployed.", "Net 10.20.0.0/16 is reserved.", "Next review: 2026-01-15 at 09:00."])]


@template("long_thread_en", "en", 4)
def t_gn9():
    a, b, c = people(3)
    dom = ch(["oceansubsea.com", "fjordhotellet.no", "northseacrewing.co.uk"])
    return ["From: ", P(a.full), " <", ("EMAIL", email(a, dom)), ">\nTo: ", P(b.full), "\nCc: ", P(c.full), " <",
            ("EMAIL", email(c)), ">\nSent: ", date_no(), " ", time_(), "\nSubject: RE: Crew change and accommodation\n\n",
            "Hi ", P(b.short), ",\n\n", "Following up on our call. ", P(c.short),
            " will join the rotation from next week and needs a room at Fjordhotellet for two nights before the flight. ",
            "Please invoice ", ch(COMP_NO), " (org. no. ", ("ORGNR", fmt_orgnr(gen_orgnr())), "). ",
            "Salary goes to account ", ("BANK_ACCOUNT", gen_account()), " as before; for the EU payroll use ",
            ("IBAN", gen_iban()), ". ", P(c.short), " also asked me to note that ",
            c.pr("she is a ", "he is a "), ("TRADE_UNION", ch(UNION_EN)),
            " and would like the union informed about the new rota. The helicopter leaves Sola at ", time_(),
            ", check-in two hours before. Version 3 of the Crew Handbook (", version(), ") applies.\n\n",
            "> On ", date_no(), ", ", P(b.full), " wrote:\n> Do we have a confirmed date?\n\nBest regards,\n", P(a.full), "\n",
            ("PHONE", gen_phone()), "\n", ("ADDRESS", gen_address_no(True))]


@template("long_casenote_no", "no", 4)
def t_gn10():
    c, w, l = people(3)
    m, f = person(female=True), person(female=False)
    return ["Saksnotat barnevern, ", date_no(), ".\n", "Barn: ", P(c.full), " (", ("FNR", fmt_idnum(gen_idnum())), "). ",
            "Mor: ", P(m.full), ", tlf ", ("PHONE", gen_phone_no(True)), ". Far: ", P(f.full), ", D-nummer ",
            ("DNR", fmt_idnum(gen_idnum(dnr=True))), ". ", "Familien bor i ", ("ADDRESS", gen_address_no(True)), ". ",
            "Mor har ", ("ETHNICITY", ch(ETH_NO)), " og ønsker samisk- eller morsmålstolk. ",
            "Far opplyser at han er ", ("CRIMINAL_RECORD", ch(CRIM_NO)), ", men at dette er flere år siden. ",
            P(c.short if not c.ff else c.full), " har ", ("HEALTH", ch(HEALTH_NO)), " og følges opp av fastlege ", P(l.full), ". ",
            "Skolen melder om høyt fravær i uke ", str(R.randint(2, 50)), ". Tiltak: foreldreveiledning (ICDP), ",
            "ny evaluering om tre måneder. Saksbehandler: ", P(w.full), ". Sakens referanse: ", "BV-", digits(6), "."]


@template("ip_helpdesk_no", "no", 4)
def t_gn11():
    a = person()
    return [ch(["Brukeren ", "Kunden "]), P(a.full), ch([" får ikke koblet til VPN fra ", " er låst ute, siste innlogging fra "]),
            ("IP", gen_ip()), ". ", ch(["Nettverk ", "Subnett "]), cidr(), ch([" er ok. ", " er uendret. "]),
            ch(["Ruteren har fastvare ", "Klienten kjører versjon "]), version(), "."]


@template("card_hotel_no", "no", 4)
def t_gn12():
    g = person()
    return ["Garanti for ", P(g.full), ": kort ", ("CARD", gen_card()), ", utløp %02d/%d" % (R.randint(1, 12), R.randint(26, 30)),
            ". ", ch(["Belastes ved no-show.", "Forhåndsautorisert 1 500 kr.", "Kvittering sendes til "]),
            *([("EMAIL", email(g))] if R.random() < 0.5 else [])]


@template("iban_supplier_en", "en", 4)
def t_gn13():
    cc = ch(["DE", "PL", "SE", "DK", "FI", "ES", "FR", "NL"])
    return ["Please update the supplier master data: ", ch(COMP_EN), " now receives payments to ",
            ("IBAN", gen_iban(cc)), ", BIC ", ch(["DEUTDEFF", "PKOPPLPW", "NDEASESS", "DABADKKK"]),
            ". ", ch(["Effective from the next payment run.", "Confirmed by phone with their finance team."])]



@template("market_public_en", "en", 6)
def t_x1():
    return [ch(["For sale: ", "Listing: ", "Free to collect: "]),
            ch(["Specialized Allez road bike, 56 cm", "Bosch Serie 6 dishwasher", "Lego Technic 42115", "Herman Miller Aeron, size B"]),
            ", ", ch(["4 200 kr", "1 500 kr", "free", "9 800 kr"]), ". ",
            ch(["Pickup in Grünerløkka.", "Can ship with Posten.", "Collect near Bergen Station."]), " ",
            ch(["Model no. ", "Part no. ", "SKU "]), ch(["SMS6ZCI49E", "42115-" + digits(3), "AER1B23DW"]), ". ",
            ch(["No trades.", "Price is firm.", "Will consider offers over 1 000 kr.", "May deliver within Oslo for 200 kr."])]


@template("library_public_en", "en", 6)
def t_x2():
    return [ch(["Library notice: ", "What's on at the library: ", "Opening hours update: "]),
            ch(["Homework Help every Monday 15:00-17:00. ", "the Language Café moves to Room 2.14. ", "self-service opens at 07:00. "]),
            ch(["New in the collection: \"The Thursday Murder Club\" and \"Project Hail Mary\". ", "Fines were abolished in 2024. ",
                "The Book Bus visits Kvaløya every second Wednesday. "]),
            ch(["Ask at the desk for e-book help.", "Printing costs 2 kr per page.", "Mark your calendar for Reading Week."])]


@template("bank_public_en", "en", 6)
def t_x3():
    return [ch(["Security tip: ", "Reminder: ", "Service update: "]),
            ch(["we will never ask for your BankID code by phone. ", "card controls can be changed in the app. ",
                "payments to foreign accounts need an IBAN and a BIC. "]),
            ch(["A Norwegian account number has 11 digits (xxxx.xx.xxxxx). ", "Foreign transfer fee: 45 kr. ",
                "New interest rates apply from " + date_no() + ". "]),
            ch(["Case reference ", "Notice no. "]), "N-", digits(6), "."]


@template("hotel_public_no", "no", 5)
def t_x4():
    return [ch(["Velkommen til Fjordhotellet! ", "Informasjon til gjestene: "]),
            "Frokost serveres ", ch(["06:30-10:00", "07:00-10:30"]), " i Restaurant Bryggen. ",
            ch(["Sen utsjekk koster 250 kr per time. ", "Badstuen åpner kl. 16:00. ", "Halal og glutenfritt kan bestilles. "]),
            ch(["Vår-pakken gjelder til 31. mai.", "Parkering per døgn: 195 kr.", "Kjøkkenet stenger kl. 22:00."])]

# ---------------------------------------------------------------- main
SCALE = {("confidential", "en"): 0.88, ("confidential", "no"): 0.77, ("public", "en"): 1.1, ("public", "no"): 0.88,
         ("internal", "en"): 1.1, ("internal", "no"): 0.7}


def class_of_name(name):
    return "public" if "public" in name else ("internal" if "internal" in name else "confidential")

def clean_fix(parts):
    # flatten any nested lists (some templates splat conditional lists)
    out = []
    for p in parts:
        if isinstance(p, list):
            out.extend(clean_fix(p))
        else:
            out.append(p)
    return out


def check_record(rec):
    text, ents = rec["text"], rec["entities"]
    prev_end = -1
    for e in ents:
        s = text[e["start"]:e["end"]]
        assert e["start"] >= prev_end, rec
        prev_end = e["end"]
        assert s == s.strip() and s, rec
        t = e["type"]
        dg = re.sub(r"\D", "", s)
        if t == "FNR":
            assert idnum_kind(s) == "FNR", s
        elif t == "DNR":
            assert idnum_kind(s) == "DNR", s
        elif t == "ORGNR":
            assert re.fullmatch(r"[\d ]{9,11}", s) and orgnr_ok(s), s
        elif t == "BANK_ACCOUNT":
            assert account_ok(s) and not idnum_kind(s), s
        elif t == "IBAN":
            assert iban_ok(s), s
        elif t == "CARD":
            assert luhn_ok(s) and len(dg) in (15, 16), s
        elif t == "PHONE":
            assert 8 <= len(dg) <= 13, s
        elif t == "EMAIL":
            assert EMAIL_RE.match(s), s
        elif t == "IP":
            assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", s) or ":" in s, s
            if "." in s:
                assert all(0 <= int(x) <= 255 for x in s.split(".")), s
    # unlabelled digit runs must not pass identifier checks
    covered = set()
    for e in ents:
        covered.update(range(e["start"], e["end"]))
    for m in re.finditer(r"(?<!\d)\d+(?!\d)", text):
        if any(i in covered for i in range(m.start(), m.end())):
            continue
        s = m.group()
        if len(s) == 11:
            assert not idnum_kind(s) and not account_ok(s), (s, text)
        if len(s) == 9:
            assert not orgnr_ok(s), (s, text)
        if len(s) in (15, 16):
            assert not luhn_ok(s), (s, text)
    # grouped unlabelled 4-4-4-4 numbers must fail Luhn
    for m in re.finditer(r"(?<!\d)\d{4} \d{4} \d{4} \d{4}(?!\d)", text):
        if not any(i in covered for i in range(m.start(), m.end())):
            assert not luhn_ok(m.group()), m.group()
    types = {e["type"] for e in ents}
    exp = "public" if not types else ("internal" if types == {"ORGNR"} else "confidential")
    assert rec["class"] == exp
    assert 60 <= len(text) <= 1600, (len(text), text)


def main():
    recs = []
    names = [t[0] for t in TEMPLATES]
    assert len(names) == len(set(names)), "duplicate template names"
    seen_texts = set()
    for name, lang, n, fn in TEMPLATES:
        n = max(2, round(n * SCALE[(class_of_name(name), lang)]))
        made, tries = 0, 0
        while made < n:
            tries += 1
            assert tries < n * 50, name
            parts = clean_fix(fn())
            text, ents = build(parts)
            text_s = text.rstrip()
            assert all(e["end"] <= len(text_s) for e in ents)
            text = text_s
            if text in seen_texts:
                continue
            seen_texts.add(text)
            types = {e["type"] for e in ents}
            cls = "public" if not types else ("internal" if types == {"ORGNR"} else "confidential")
            assert cls == class_of_name(name), (name, cls, text)
            recs.append({"lang": lang, "template": name, "text": text, "entities": ents, "class": cls})
            made += 1
    R.shuffle(recs)
    out = []
    for i, r in enumerate(recs, 1):
        rec = {"id": "fresh9-%04d" % i, "lang": r["lang"], "template": r["template"], "text": r["text"],
               "entities": sorted(r["entities"], key=lambda e: e["start"]), "class": r["class"]}
        check_record(rec)
        out.append(rec)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as fh:
        for rec in out:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    tc = Counter(e["type"] for r in out for e in r["entities"])
    cc = Counter(r["class"] for r in out)
    lc = Counter(r["lang"] for r in out)
    print("records:", len(out), "templates:", len({r["template"] for r in out}))
    print("per class:", dict(cc), {k: "%.1f%%" % (100 * v / len(out)) for k, v in cc.items()})
    print("per language:", dict(lc))
    print("per type:")
    for t in sorted(TYPES):
        print("  %-20s %d" % (t, tc.get(t, 0)))
    # template-class consistency: each template should produce a single class
    tcls = {}
    for r in out:
        tcls.setdefault(r["template"], set()).add(r["class"])
    mixed = {k: v for k, v in tcls.items() if len(v) > 1}
    if mixed:
        print("templates with mixed classes:", mixed)
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
