#!/usr/bin/env python3
"""Build evals/pii/fresh4.jsonl: an independent, labelled PII test corpus (Norwegian bokmål/nynorsk + English).

Rebuild:   .venv/bin/python scripts/build_pii_fresh4.py            (writes evals/pii/fresh4.jsonl)
           .venv/bin/python scripts/build_pii_fresh4.py --out X     (writes elsewhere)

Deterministic: one fixed seed, no external data, no network, standard library only.

Each line: {"id", "lang", "template", "text", "entities": [{"type","start","end"}], "class"}.
Templates are written with inline markers (E(type, surface)); the renderer strips them and records offsets,
so text[start:end] is always the surface.  Every record is re-validated (offsets, sorting, overlap, check digits
of every labelled identifier, hard negatives failing every check, unlabelled name collisions) and regenerated
with fresh random draws if a check fails.

Labelling conventions (where the brief was silent)
- PERSON: every mention of a real person, incl. first name alone, surname alone ("Hansen ringte", "Mr Bennett"),
  lower-case mentions in chat ("ring kari"). Titles (Mr, Ms, Dr) and possessive endings (-s, 's) are NOT part of the
  span ("Karis" -> "Kari", "Sarah's" -> "Sarah"). Names inside an e-mail address are only the EMAIL.
  Not labelled: company names containing surnames (also "Brødrene Lunde AS"), streets named after persons (inside an
  ADDRESS span or alone), places, products/assistants (Siri, Alexa, Copilot, Claude, Mercedes Sprinter, Ford),
  common words that look like names (Dag 1, Vår, Liv og helse, Sol, Berg og dal, rom, Mark the invoice, May, Will,
  Hope, Bill of materials). When such a word *is* a person's name ("Dag Hovland", "Liv Eide") it is labelled.
- EMAIL: every real e-mail address, personal or role mailbox (post@, faktura@) alike; so public texts contain none.
  Not e-mails: "@handle", "pkg@1.2.3", "image@sha256:...", "x (at) y" is not used.
- PHONE: every phone number (personal, switchboard, international). Span = number incl. prefix as written
  (+47 / 0047 / (+47)), no "tlf."/"tel:" label.
- IP: IPv4/IPv6 when it is the address of a specific host/device/user (logs, tickets, firewall lines, "the printer at
  10.0.3.12") incl. private ranges. NOT labelled: version strings (4.12.0.3), netmasks (255.255.255.0), network ranges
  in CIDR (10.20.0.0/16), section numbers, dates.
- ADDRESS: street + number [+ letter] [, postcode city] — Norwegian or foreign, residential or business alike.
  Multi-line addresses are one span incl. the newline. Street without number, postcode alone, city alone: not labelled.
  PO boxes are not used.
- FNR/DNR/ORGNR/BANK_ACCOUNT/IBAN/CARD: labelled only when check digits are valid (all generated here are).
  Span = the number as written (spaces/dots/dashes inside), without "NO"/"MVA" around an org.nr. and without labels.
  FNR individual digit parity matches the person's gender where the person is known.
  Masked cards (**** 1234), KID numbers, invoice/order/case/tracking numbers are not labelled.
- Special categories (HEALTH, TRADE_UNION, RELIGION, ETHNICITY, SEXUAL_ORIENTATION, CRIMINAL_RECORD): span = the shortest
  phrase that states the fact, without the copula/verb or a leading article ("er <muslim>", "due to <burnout>",
  "<medlem av Fellesforbundet>", "our <union rep>", "<vandelsattest med anmerkning>", "<dom for underslag>").
  Injuries from workplace accidents count as HEALTH. "Sykmeldt"/"off sick" without cause is NOT labelled.
  Generic mentions (HMS-kurs, tariffavtale, sick-leave policy, church as venue, politiattest as a job requirement,
  diversity policy, allergens on a menu) are NOT labelled.
- class: confidential if any entity other than ORGNR; internal if only ORGNR; public if none.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import unicodedata
from collections import Counter
from pathlib import Path

SEED = 4_2024_0607
R = random.Random(SEED)
ch = R.choice


def chance(p: float) -> bool:
    return R.random() < p


TYPES = ["PERSON", "EMAIL", "PHONE", "IP", "ADDRESS", "FNR", "DNR", "ORGNR", "BANK_ACCOUNT", "IBAN", "CARD",
         "HEALTH", "TRADE_UNION", "RELIGION", "ETHNICITY", "SEXUAL_ORIENTATION", "CRIMINAL_RECORD"]

# ----------------------------------------------------------------------------------------------------------------
# markers


def E(t: str, s: str) -> str:
    assert t in TYPES, t
    assert s and s == s.strip() and not any(c in s for c in "\x01\x02\x03"), repr(s)
    return f"\x01{t}\x02{s}\x03"


def P(s): return E("PERSON", s)
def EM(s): return E("EMAIL", s)
def PH(s): return E("PHONE", s)
def IP(s): return E("IP", s)
def AD(s): return E("ADDRESS", s)
def FN(s): return E("FNR", s)
def DN(s): return E("DNR", s)
def ORG(s): return E("ORGNR", s)
def BA(s): return E("BANK_ACCOUNT", s)
def IB(s): return E("IBAN", s)
def CA(s): return E("CARD", s)
def H(s): return E("HEALTH", s)
def TU(s): return E("TRADE_UNION", s)
def REL(s): return E("RELIGION", s)
def ETH(s): return E("ETHNICITY", s)
def SO(s): return E("SEXUAL_ORIENTATION", s)
def CR(s): return E("CRIMINAL_RECORD", s)


MARK = re.compile(r"\x01([A-Z_]+)\x02(.*?)\x03", re.S)


def render(marked: str):
    parts, ents, pos, last = [], [], 0, 0
    for m in MARK.finditer(marked):
        chunk = marked[last:m.start()]
        parts.append(chunk)
        pos += len(chunk)
        s = m.group(2)
        ents.append({"type": m.group(1), "start": pos, "end": pos + len(s)})
        parts.append(s)
        pos += len(s)
        last = m.end()
    parts.append(marked[last:])
    text = "".join(parts)
    assert not any(c in text for c in "\x01\x02\x03")
    return text, ents


# ----------------------------------------------------------------------------------------------------------------
# check-digit algorithms (implemented from the public definitions)

W_FNR1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
W_FNR2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
W_ORG = [3, 2, 7, 6, 5, 4, 3, 2]
W_BANK = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]


def mod11(digits, weights):
    k = 11 - sum(int(d) * w for d, w in zip(digits, weights)) % 11
    if k == 11:
        return 0
    if k == 10:
        return None
    return k


def fnr_checksum_ok(s: str) -> bool:
    s = re.sub(r"\D", "", s)
    if len(s) != 11:
        return False
    k1 = mod11(s[:9], W_FNR1)
    if k1 is None or k1 != int(s[9]):
        return False
    k2 = mod11(s[:10], W_FNR2)
    return k2 is not None and k2 == int(s[10])


def fnr_year(dd, mm, yy, ind):
    if ind <= 499:
        return 1900 + yy
    if ind <= 749 and yy >= 54:
        return 1800 + yy
    if ind >= 900 and yy >= 40:
        return 1900 + yy
    if yy <= 39:
        return 2000 + yy
    return None


def fnr_valid(s: str, d_number=False) -> bool:
    s = re.sub(r"\D", "", s)
    if not fnr_checksum_ok(s):
        return False
    dd, mm, yy, ind = int(s[0:2]), int(s[2:4]), int(s[4:6]), int(s[6:9])
    if d_number:
        if dd < 41:
            return False
        dd -= 40
    elif dd > 31:
        return False
    year = fnr_year(dd, mm, yy, ind)
    if year is None:
        return False
    try:
        dt.date(year, mm, dd)
    except ValueError:
        return False
    return True


def orgnr_ok(s: str) -> bool:
    s = re.sub(r"\D", "", s)
    if len(s) != 9 or s[0] not in "89":
        return False
    k = mod11(s[:8], W_ORG)
    return k is not None and k == int(s[8])


def orgnr_checksum_ok(s: str) -> bool:
    s = re.sub(r"\D", "", s)
    k = mod11(s[:8], W_ORG)
    return len(s) == 9 and k is not None and k == int(s[8])


def bank_ok(s: str) -> bool:
    s = re.sub(r"\D", "", s)
    if len(s) != 11:
        return False
    k = mod11(s[:10], W_BANK)
    return k is not None and k == int(s[10])


def luhn_ok(s: str) -> bool:
    s = re.sub(r"\D", "", s)
    tot = 0
    for i, c in enumerate(reversed(s)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10 == 0


def luhn_digit(partial: str) -> str:
    for d in "0123456789":
        if luhn_ok(partial + d):
            return d
    raise AssertionError


def iban_ok(s: str) -> bool:
    s = s.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s):
        return False
    r = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1


def iban_make(cc: str, bban: str) -> str:
    num = int("".join(str(int(c, 36)) for c in bban + cc + "00"))
    return f"{cc}{98 - num % 97:02d}{bban}"


# ----------------------------------------------------------------------------------------------------------------
# identifier generators


def rdigits(n: int) -> str:
    return "".join(ch("0123456789") for _ in range(n))


def gen_fnr(gender=None, d_number=False) -> str:
    while True:
        year = R.randint(1952, 2006)
        d = dt.date(year, 1, 1) + dt.timedelta(days=R.randint(0, 364))
        if year >= 2000:
            ind = R.randint(500, 999)
        elif year >= 1940 and chance(0.15):
            ind = R.randint(900, 999)
        else:
            ind = R.randint(0, 499)
        if gender is not None and (ind % 10) % 2 != (1 if gender == "m" else 0):
            ind = ind - 1 if ind % 10 else ind + 1
            if fnr_year(d.day, d.month, year % 100, ind) != year:
                continue
        dd = d.day + (40 if d_number else 0)
        base = f"{dd:02d}{d.month:02d}{year % 100:02d}{ind:03d}"
        k1 = mod11(base, W_FNR1)
        if k1 is None:
            continue
        k2 = mod11(base + str(k1), W_FNR2)
        if k2 is None:
            continue
        s = base + str(k1) + str(k2)
        assert fnr_valid(s, d_number), s
        return s


def fmt_fnr(s: str) -> str:
    return s if chance(0.7) else f"{s[:6]} {s[6:]}"


def gen_orgnr() -> str:
    while True:
        base = ch("89") + rdigits(7)
        k = mod11(base, W_ORG)
        if k is not None:
            return base + str(k)


def fmt_orgnr(s: str) -> str:
    return s if chance(0.45) else f"{s[:3]} {s[3:6]} {s[6:]}"


BANK_REG = ["1503", "1506", "1254", "1607", "1822", "2801", "3000", "3201", "3610", "4200", "4312", "6345", "9365",
            "9710", "9235", "1207", "0530", "2220", "3910", "4730"]


def gen_bank() -> str:
    while True:
        base = ch(BANK_REG) + rdigits(6)
        k = mod11(base, W_BANK)
        if k is not None:
            return base + str(k)


def fmt_bank(s: str) -> str:
    f = ch(["plain", "dots", "spaces", "dots"])
    if f == "plain":
        return s
    sep = "." if f == "dots" else " "
    return f"{s[:4]}{sep}{s[4:6]}{sep}{s[6:]}"


def gen_iban(cc=None) -> str:
    cc = cc or ch(["NO", "NO", "SE", "DK", "DE", "GB", "FR", "PL", "NL", "LT", "FI"])
    if cc == "NO":
        bban = gen_bank()
    elif cc == "SE":
        bban = ch(["500", "600", "800", "300", "900"]) + rdigits(17)
    elif cc == "DK":
        bban = rdigits(14)
    elif cc == "DE":
        bban = ch(["10070000", "37040044", "50010517", "20050550", "70150000"]) + rdigits(10)
    elif cc == "GB":
        bban = ch(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + rdigits(14)
    elif cc == "FR":
        bank, branch, acct = rdigits(5), rdigits(5), rdigits(11)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
        bban = f"{bank}{branch}{acct}{key:02d}"
    elif cc == "PL":
        bban = rdigits(24)
    elif cc == "NL":
        while True:  # Dutch "elfproef" on the 10-digit account number
            acct = rdigits(10)
            if acct[0] != "0" and sum(int(c) * (10 - i) for i, c in enumerate(acct)) % 11 == 0:
                break
        bban = ch(["ABNA", "INGB", "RABO", "TRIO"]) + acct
    elif cc == "LT":
        bban = ch(["70440", "73000", "72300"]) + rdigits(11)
    elif cc == "FI":
        bban = rdigits(14)
    else:
        raise ValueError(cc)
    s = iban_make(cc, bban)
    assert iban_ok(s)
    return s


BIC = {"NO": "DNBANOKK", "SE": "NDEASESS", "DK": "DABADKKK", "DE": "DEUTDEFF", "GB": "BARCGB22", "FR": "BNPAFRPP",
       "PL": "PKOPPLPW", "NL": "INGBNL2A", "LT": "HABALT22", "FI": "NDEAFIHH"}


def fmt_iban(s: str) -> str:
    if chance(0.4):
        return s
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def gen_card(kind=None) -> str:
    kind = kind or ch(["visa", "visa", "mc", "mc", "amex"])
    if kind == "visa":
        part = "4" + rdigits(14)
    elif kind == "mc":
        part = (str(R.randint(51, 55)) + rdigits(13)) if chance(0.7) else (str(R.randint(2221, 2720)) + rdigits(11))
    else:
        part = ch(["34", "37"]) + rdigits(12)
    s = part + luhn_digit(part)
    assert luhn_ok(s)
    return s


def fmt_card(s: str) -> str:
    sep = ch([" ", " ", "-", ""])
    if len(s) == 15:
        return sep.join([s[:4], s[4:10], s[10:]])
    return sep.join(s[i:i + 4] for i in range(0, 16, 4))


MOBILE_PREFIX = ["40", "41", "45", "46", "47", "48", "90", "91", "92", "93", "94", "95", "97", "98", "99"]
LAND_PREFIX = ["21", "22", "23", "32", "33", "35", "37", "38", "51", "52", "53", "55", "56", "57", "61", "62", "63",
               "64", "66", "67", "69", "70", "71", "72", "73", "74", "75", "77", "78"]


def gen_phone_no(kind=None, prefix=None) -> str:
    kind = kind or ("mobile" if chance(0.7) else "land")
    n = (ch(MOBILE_PREFIX) if kind == "mobile" else ch(LAND_PREFIX)) + rdigits(6)
    if kind == "mobile":
        f = ch(["plain", "345", "2222", "345", "plain"])
    else:
        f = ch(["2222", "2222", "plain", "345"])
    body = {"plain": n, "345": f"{n[:3]} {n[3:5]} {n[5:]}", "2222": f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:]}"}[f]
    if prefix is None:
        prefix = ch(["", "", "", "+47 ", "+47 ", "+47", "0047 ", "(+47) "])
    return prefix + body


def gen_phone_intl(cc=None) -> str:
    cc = cc or ch(["SE", "DK", "UK", "UKm", "US", "PL", "DE", "LT", "PH", "SO", "PK", "FI", "ES"])
    d = rdigits
    return {
        "SE": lambda: f"+46 7{ch('0236')} {d(3)} {d(2)} {d(2)}",
        "DK": lambda: f"+45 {R.randint(20, 31)} {d(2)} {d(2)} {d(2)}",
        "UK": lambda: f"+44 20 7946 0{d(3)}",
        "UKm": lambda: f"+44 7700 900{d(3)}",
        "US": lambda: f"+1 {ch(['415', '212', '617', '312'])} 555 01{d(2)}",
        "PL": lambda: f"+48 {ch(['50', '60', '69', '79'])}{d(1)} {d(3)} {d(3)}",
        "DE": lambda: ch([f"+49 30 {d(8)}", f"+49 151 {d(8)}"]),
        "LT": lambda: f"+370 6{d(2)} {d(5)}",
        "PH": lambda: f"+63 9{d(2)} {d(3)} {d(4)}",
        "SO": lambda: f"+252 61 {d(7)}",
        "PK": lambda: f"+92 30{d(1)} {d(7)}",
        "FI": lambda: f"+358 4{ch('01')} {d(3)} {d(4)}",
        "ES": lambda: f"+34 6{d(2)} {d(3)} {d(3)}",
    }[cc]()


def gen_phone(intl_share=0.15) -> str:
    return gen_phone_intl() if chance(intl_share) else gen_phone_no()


def gen_ipv4(kind=None) -> str:
    kind = kind or ch(["p10", "p192", "p172", "pub", "pub"])
    o = lambda: R.randint(1, 254)
    if kind == "p10":
        return f"10.{R.randint(0, 40)}.{R.randint(0, 20)}.{o()}"
    if kind == "p192":
        return f"192.168.{R.randint(0, 20)}.{o()}"
    if kind == "p172":
        return f"172.{R.randint(16, 31)}.{R.randint(0, 40)}.{o()}"
    return f"{ch([46, 77, 79, 84, 85, 88, 89, 92, 109, 129, 158, 176, 178, 185, 193, 212, 213, 217])}.{o()}.{o()}.{o()}"


def gen_ipv6() -> str:
    h = lambda: f"{R.randint(1, 0xffff):x}"
    return ch([
        lambda: f"2a02:fe1:{h()}:{h()}::{h()}",
        lambda: f"2001:db8:{h()}:{h()}::{h()}",
        lambda: f"fe80::{h()}:{h()}:{h()}:{h()}",
        lambda: ":".join(h() for _ in range(8)),
        lambda: f"2a01:79c:{h()}:{h()}:{h()}:{h()}:{h()}:{h()}",
    ])()


def gen_ip(v6_share=0.2) -> str:
    return gen_ipv6() if chance(v6_share) else gen_ipv4()


# ----------------------------------------------------------------------------------------------------------------
# hard-negative generators


def neg11(datelike=None) -> str:
    """11 digits that fail the FNR/DNR checksum and the bank-account checksum."""
    datelike = chance(0.6) if datelike is None else datelike
    while True:
        if datelike:
            d = dt.date(R.randint(1955, 2004), 1, 1) + dt.timedelta(days=R.randint(0, 364))
            s = f"{d.day:02d}{d.month:02d}{d.year % 100:02d}" + rdigits(5)
        else:
            s = str(R.randint(1, 9)) + rdigits(10)
        if not fnr_checksum_ok(s) and not bank_ok(s):
            return s


def neg9(first=None) -> str:
    """9 digits (often starting with 8/9) failing the org.nr. mod-11."""
    while True:
        s = (first or ch("88899912")) + rdigits(8)
        if not orgnr_checksum_ok(s):
            return s


def inv8(first=None) -> str:
    return (first or ch("1234567890")) + rdigits(7)


def kid() -> str:
    """KID (customer ref.) with MOD10 check digit; lengths chosen away from card lengths."""
    n = ch([7, 10, 12, 14])
    part = ch("0126789") + rdigits(n - 2)
    return part + luhn_digit(part)


def tracking() -> str:
    f = ch(["posten", "intl", "long"])
    if f == "intl":
        return f"{ch(['LA', 'RR', 'CP', 'LX'])}{rdigits(9)}NO"
    if f == "posten":
        return "7070" + rdigits(13)
    while True:
        s = "37" + rdigits(16)
        if not luhn_ok(s):
            return s


def version4(major=None) -> str:
    major = R.randint(1, 12) if major is None else major
    return f"{major}.{R.randint(0, 20)}.{R.randint(0, 9)}.{R.randint(1, 250)}"


def version_pair():
    m = R.randint(2, 12)
    return version4(m), version4(R.randint(1, m - 1))


def serial() -> str:
    return ch([f"SN{rdigits(8)}", f"{ch('ABCDHKMX')}{ch('ABCDHKMX')}{rdigits(2)}-{rdigits(5)}-{ch('ABCK')}",
               f"S/N {rdigits(4)}-{rdigits(4)}-{ch('XYZ')}{rdigits(2)}"])


def artno() -> str:
    return ch([inv8(), f"{rdigits(3)}-{rdigits(4)}", f"{ch(['HX', 'KL', 'DN', 'BR'])}-{rdigits(4)}-{ch('ABC')}"])


def amount_no(lo=200, hi=250000) -> str:
    v = R.randint(lo, hi)
    s = f"{v:,}".replace(",", " ")
    return s + ch([",-", ",00", ""])


def big_amount_no() -> str:
    v = R.randint(10_000_000, 99_999_999)
    return f"{v:,}".replace(",", " ")


def amount_en(lo=200, hi=250000) -> str:
    return f"{R.randint(lo, hi):,}"


# ----------------------------------------------------------------------------------------------------------------
# dates


MONTHS_NO = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
             "november", "desember"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
WEEKDAYS_NO = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def rdate() -> dt.date:
    return dt.date(2023, 1, 2) + dt.timedelta(days=R.randint(0, 900))


def d_no(d=None): d = d or rdate(); return f"{d.day:02d}.{d.month:02d}.{d.year}"
def d_no_long(d=None): d = d or rdate(); return f"{d.day}. {MONTHS_NO[d.month - 1]} {d.year}"
def d_en(d=None): d = d or rdate(); return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"
def d_iso(d=None): d = d or rdate(); return d.isoformat()
def hhmm(): return f"{R.randint(6, 20):02d}:{ch(['00', '15', '30', '45', '05', '50'])}"


def rdate_wd(weekday=None, months=None) -> dt.date:
    while True:
        d = rdate()
        if (weekday is None or d.weekday() == weekday) and (months is None or d.month in months):
            return d


def later(d: dt.date, lo=7, hi=60) -> dt.date:
    return d + dt.timedelta(days=R.randint(lo, hi))


def window():
    a = R.randint(7, 15)
    return f"{a:02d}:00", f"{a + R.randint(2, 5):02d}:00"


def date_range():
    a = rdate()
    return a, a + dt.timedelta(days=R.randint(30, 400))


def ts():
    return f"{d_iso()}T{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}Z"


# ----------------------------------------------------------------------------------------------------------------
# people


def _ska(s):
    return s[:-1] + "a" if s.endswith("ki") else s


NAMES = {
    "no": dict(w=55,
               f=["Kari", "Ingrid", "Anne", "Marit", "Hilde", "Silje", "Ida", "Nora", "Emma", "Ingeborg", "Solveig",
                  "Tone", "Randi", "Guro", "Mari", "Camilla", "Kristin", "Tuva", "Astrid", "Ragnhild", "Synnøve",
                  "Sigrid", "Åse", "Eli", "Hege", "Torunn", "Anne-Lise", "Marte", "Linn", "Vilde", "Thea", "Frida",
                  "Liv", "Gunn", "Bente", "Wenche", "Heidi", "Siri", "Turid", "Oddny"],
               m=["Ole", "Lars", "Per", "Knut", "Jan Erik", "Tor", "Morten", "Geir", "Espen", "Håkon", "Sindre",
                  "Magnus", "Eirik", "Jonas", "Sverre", "Øyvind", "Trond", "Arild", "Stian", "Henrik", "Vegard",
                  "Kjetil", "Jørgen", "Torstein", "Audun", "Halvard", "Rune", "Asbjørn", "Ståle", "Terje", "Petter",
                  "Even", "Dag", "Bjørn", "Odd", "Svein", "Tore", "Roar", "Kåre", "Leif Arne"],
               last=["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
                     "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen",
                     "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen",
                     "Moen", "Gundersen", "Iversen", "Strand", "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen",
                     "Bakken", "Kristoffersen", "Mathisen", "Lie", "Rasmussen", "Amundsen", "Lunde", "Bakke", "Berge",
                     "Moe", "Nygård", "Fredriksen", "Solheim", "Holm", "Aasen", "Sæther", "Vik", "Brekke",
                     "Haugland", "Ødegård", "Tveit", "Lien", "Hovland", "Fjeld", "Myhre", "Øvrebø", "Skaar",
                     "Rønning", "Grønlund", "Aune", "Bråten", "Sandvik", "Kvam", "Tangen", "Hauge"]),
    "sami": dict(w=6, f=["Máret", "Biret", "Elle", "Inga", "Sunná", "Risten", "Ánne", "Karen Anne", "Berit",
                         "Ellen Marie"],
                 m=["Ánde", "Niillas", "Mihkkal", "Áslat", "Issát", "Nils Peder", "Johan Mathis", "Ovllá"],
                 last=["Gaup", "Eira", "Hætta", "Somby", "Balto", "Utsi", "Buljo", "Turi", "Sara", "Oskal", "Bongo",
                       "Magga", "Kemi", "Nutti", "Partapuoli", "Siri"]),
    "pl": dict(w=8, f=["Katarzyna", "Agnieszka", "Magdalena", "Joanna", "Małgorzata", "Dorota", "Ewa", "Aleksandra",
                       "Monika", "Beata"],
               m=["Piotr", "Tomasz", "Krzysztof", "Paweł", "Marcin", "Łukasz", "Grzegorz", "Michał", "Wojciech",
                  "Jakub"],
               last_m=["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński",
                       "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Krawczyk",
                       "Grabowski", "Zawadzki"]),
    "lt": dict(w=4, f=["Rūta", "Jurgita", "Asta", "Gintarė", "Eglė", "Aušra", "Indrė", "Laima"],
               m=["Tomas", "Mindaugas", "Darius", "Andrius", "Vytautas", "Giedrius", "Lukas", "Saulius"],
               last_m=["Kazlauskas", "Jankauskas", "Petrauskas", "Stankevičius", "Vasiliauskas", "Žukauskas", "Butkus",
                       "Paulauskas", "Urbonas", "Navickas"],
               last_f=["Kazlauskienė", "Jankauskaitė", "Petrauskienė", "Stankevičiūtė", "Vasiliauskienė",
                       "Žukauskaitė", "Butkienė", "Paulauskaitė", "Urbonienė", "Navickaitė"]),
    "so": dict(w=5, f=["Hodan", "Ayaan", "Fadumo", "Hamdi", "Sahra", "Khadra", "Hibo", "Nasra", "Sagal", "Ubah"],
               m=["Abdirahman", "Faisal", "Yusuf", "Mohamed", "Abdullahi", "Liban", "Mustafe", "Abdikarim", "Guled",
                  "Bashiir"],
               last=["Warsame", "Abdi", "Hassan", "Mohamud", "Farah", "Ali", "Jama", "Osman", "Egal", "Nur", "Hersi",
                     "Adan", "Duale"]),
    "pk": dict(w=5, f=["Ayesha", "Sana", "Fatima", "Hira", "Nadia", "Rabia", "Saima", "Mehwish", "Zainab", "Amna"],
               m=["Imran", "Bilal", "Usman", "Zeeshan", "Kamran", "Asif", "Tariq", "Adeel", "Waqas", "Shahzad"],
               last=["Chaudhry", "Malik", "Hussain", "Iqbal", "Raja", "Butt", "Akhtar", "Qureshi", "Sheikh", "Mirza",
                     "Javed", "Rana", "Bhatti", "Ahmed", "Aslam"]),
    "vi": dict(w=4, f=["Lan", "Trang", "Thao", "Linh", "Hoa", "Huong", "Phuong", "Ngoc Anh"],
               m=["Minh", "Hung", "Tuan", "Quang", "Duc", "Khanh", "Hieu", "Thanh"],
               last=["Nguyen", "Tran", "Pham", "Hoang", "Vu", "Dang", "Bui", "Ngo", "Duong", "Truong"],
               mid_f=["Thi", "Ngoc", "Thu"], mid_m=["Van", "Duc", "Minh", "Quang"]),
    "th": dict(w=3, f=["Siriporn", "Nattaya", "Kanya", "Araya", "Pimchanok", "Supaporn", "Malee", "Wanida",
                       "Duangjai", "Ratana"],
               m=["Somchai", "Wichai", "Kittisak", "Anan", "Prasert", "Chaiwat", "Sombat", "Thanakorn"],
               last=["Chaiyasit", "Wongsakul", "Srisuk", "Saetang", "Phromma", "Boonmee", "Kaewkham", "Thongchai",
                     "Rattanakorn", "Sukprasert", "Jaidee"]),
    "sy": dict(w=4, f=["Lina", "Nour", "Yara", "Rasha", "Ghada", "Dima", "Rania", "Hala", "Reem", "Salma"],
               m=["Rami", "Omar", "Hussam", "Khaled", "Mahmoud", "Samer", "Ahmad", "Fadi", "Tarek", "Wassim"],
               last=["Al-Khatib", "Haddad", "Darwish", "Alhamwi", "Kassab", "Al-Ali", "Shami", "Hamdan", "Nasser",
                     "Sabbagh", "Al-Hussein", "Mansour", "Kurdi", "Halabi"]),
    "er": dict(w=4, f=["Senait", "Selam", "Mehret", "Luwam", "Rahwa", "Winta", "Helen", "Freweini", "Saba", "Yohana"],
               m=["Yonas", "Merhawi", "Filmon", "Tesfalem", "Dawit", "Samuel", "Kibrom", "Biniam", "Mussie", "Robel"],
               last=["Tesfay", "Ghebremedhin", "Kidane", "Berhe", "Haile", "Tekle", "Gebreyesus", "Woldu", "Asmerom",
                     "Habte", "Mebrahtu", "Yohannes", "Tsegay"]),
    "ph": dict(w=4, f=["Maria", "Lorna", "Rowena", "Maricel", "Jennylyn", "Gemma", "Rosalie", "Marites",
                       "Cherry Ann", "Kristine"],
               m=["Jose", "Mark Anthony", "Jericho", "Rodel", "Arnel", "Christian", "Reynaldo", "Joel", "Ronaldo"],
               last=["Santos", "dela Cruz", "Reyes", "Bautista", "Garcia", "Mendoza", "Villanueva", "Ramos", "Aquino",
                     "Castillo", "Fernandez", "Manalo", "Pascual"]),
    "en": dict(w=7, f=["Sarah", "Emma", "Charlotte", "Hannah", "Sophie", "Rebecca", "Lucy", "Amelia", "Megan",
                       "Chloe", "Eleanor", "Abigail"],
               m=["Oliver", "James", "William", "Daniel", "Thomas", "Matthew", "George", "Jack", "Ryan", "Liam",
                  "Callum", "Edward"],
               last=["Bennett", "Whitfield", "O'Connor", "Hughes", "Clarke", "Patel", "Thompson", "Fletcher",
                     "Morgan", "Reid", "Walsh", "Carter", "Ellis", "Harrington", "McKenzie", "Doyle", "Sullivan",
                     "Ashworth"]),
    "ir": dict(w=2, f=["Maryam", "Shirin", "Leila", "Parisa", "Nasrin", "Roya"],
               m=["Reza", "Farshid", "Arash", "Babak", "Kaveh", "Dariush"],
               last=["Karimi", "Hosseini", "Ahmadi", "Rahimi", "Moradi", "Rostami", "Jafari", "Tehrani"]),
    "ta": dict(w=2, f=["Tharshini", "Nirosha", "Kavitha", "Sangeetha", "Luxshana"],
               m=["Kajan", "Prashanth", "Thivakar", "Arun", "Ramesh"],
               last=["Sivakumar", "Rajendran", "Thavarajah", "Kanagaratnam", "Selvarajah", "Balasingam"]),
    "ua": dict(w=3, f=["Olena", "Iryna", "Natalia", "Oksana", "Yulia", "Tetiana"],
               m=["Dmytro", "Oleksandr", "Andriy", "Serhiy", "Taras", "Mykola"],
               last=["Kovalenko", "Shevchuk", "Bondarenko", "Melnyk", "Tkachenko", "Kravchenko", "Boyko", "Lysenko"]),
    "sedk": dict(w=3, f=["Annika", "Mette", "Karin", "Linnea", "Signe", "Pernille"],
                 m=["Björn", "Rasmus", "Anders", "Mikael", "Jesper", "Fredrik"],
                 last=["Lindqvist", "Sjöberg", "Kjærgaard", "Frederiksen", "Åkesson", "Bergström", "Mortensen",
                       "Holmqvist"]),
    "de": dict(w=2, f=["Katrin", "Sabine", "Anja", "Julia"], m=["Jürgen", "Matthias", "Stefan", "Florian"],
               last=["Becker", "Schulz", "Hoffmann", "Wagner", "Krüger", "Schäfer"]),
    "tr": dict(w=2, f=["Elif", "Zeynep", "Ayşe", "Büşra"], m=["Mehmet", "Emre", "Murat", "Kemal"],
               last=["Yılmaz", "Demir", "Kaya", "Şahin", "Çelik", "Öztürk"]),
    "cn": dict(w=2, f=["Xiaoling", "Mei", "Yan", "Jing"], m=["Wei", "Jun", "Hao", "Lei"],
               last=["Zhang", "Chen", "Liu", "Wang", "Huang", "Zhou"]),
    "in": dict(w=2, f=["Priya", "Ananya", "Deepika", "Kavya"], m=["Rahul", "Vikram", "Arjun", "Sandeep"],
               last=["Sharma", "Nair", "Iyer", "Reddy", "Gupta", "Menon"]),
    "af": dict(w=2, f=["Mursal", "Fereshta", "Nilofar", "Zarghuna"], m=["Hamid", "Jawad", "Mustafa", "Naweed"],
               last=["Sultani", "Noori", "Hakimi", "Popal", "Rahmani", "Azizi"]),
    "ba": dict(w=1, f=["Amra", "Selma", "Lejla"], m=["Emir", "Adnan", "Haris"],
               last=["Hodžić", "Begović", "Hadžić", "Mehmedović", "Kovačević"]),
    "cl": dict(w=1, f=["Camila", "Valentina", "Francisca"], m=["Matías", "Sebastián", "Diego"],
               last=["Fuentes", "Rojas", "Muñoz", "Contreras", "Soto"]),
    "is": dict(w=1, f=["Guðrún", "Sigríður", "Hildur"], m=["Sigurður", "Gunnar", "Einar"],
               last_f=["Sigurðardóttir", "Jónsdóttir", "Magnúsdóttir"], last_m=["Jónsson", "Magnússon", "Ólafsson"]),
    "fi": dict(w=2, f=["Aino", "Hanna", "Tuula"], m=["Pekka", "Juha", "Matti"],
               last=["Virtanen", "Niemi", "Mäkelä", "Korhonen", "Koskinen", "Heikkinen"]),
}
ORIGINS = list(NAMES)
ORIGIN_W = [NAMES[o]["w"] for o in ORIGINS]


class Person:
    def __init__(self, origin, gender):
        d = NAMES[origin]
        self.origin, self.gender = origin, gender
        self.first = ch(d[gender])
        if "last" in d:
            self.last = ch(d["last"])
        elif gender == "f" and "last_f" in d:
            self.last = ch(d["last_f"])
        elif origin == "pl" and gender == "f":
            self.last = _ska(ch(d["last_m"]))
        else:
            self.last = ch(d["last_m"])
        if origin == "vi" and chance(0.6):
            mid = ch([x for x in d["mid_f" if gender == "f" else "mid_m"] if x != self.first])
            self.full = f"{self.last} {mid} {self.first}"
        else:
            self.full = f"{self.first} {self.last}"
        self.f = gender == "f"

    # pronouns
    @property
    def han(self): return "hun" if self.f else "han"
    @property
    def ho(self): return "ho" if self.f else "han"
    @property
    def ham(self): return "henne" if self.f else "ham"
    @property
    def he(self): return "she" if self.f else "he"
    @property
    def him(self): return "her" if self.f else "him"
    @property
    def his(self): return "her" if self.f else "his"
    @property
    def title_en(self): return ch(["Ms", "Ms."]) if self.f else ch(["Mr", "Mr."])


def person(origin=None, gender=None) -> Person:
    origin = origin or R.choices(ORIGINS, ORIGIN_W)[0]
    gender = gender or ch("fm")
    return Person(origin, gender)


def foreign_person(gender=None) -> Person:
    return person(ch([o for o in ORIGINS if o not in ("no",)]), gender)


def slug(s: str) -> str:
    s = s.lower()
    for a, b in [("ø", "o"), ("æ", "ae"), ("å", "a"), ("ł", "l"), ("đ", "d"), ("ð", "d"), ("ß", "ss"), ("ı", "i"),
                 ("'", ""), (" ", "")]:
        s = s.replace(a, b)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9.-]", "", s)


PRIVATE_DOMAINS = ["gmail.com", "gmail.com", "hotmail.com", "outlook.com", "online.no", "live.no", "yahoo.com",
                   "icloud.com", "proton.me", "hotmail.no", "wp.pl", "yahoo.co.uk"]


def email_for(p: Person, domain=None) -> str:
    fi, la = slug(p.first), slug(p.last)
    if domain:
        pat = ch(["{f}.{l}", "{f}.{l}", "{f}.{l}", "{f0}{l}", "{f}", "{f0}.{l}", "{f}{l0}"])
    else:
        domain = ch(PRIVATE_DOMAINS)
        pat = ch(["{f}.{l}{n}", "{f}{l}", "{f}_{l}{yy}", "{f}.{l}", "{f0}{l}{n}", "{l}.{f}"])
    local = pat.format(f=fi, l=la, f0=fi[0], l0=la[0], n=R.randint(1, 99), yy=R.randint(60, 99))
    return f"{local}@{domain}"


# ----------------------------------------------------------------------------------------------------------------
# companies, places, addresses


COMPANIES = [
    ("Nordvik Mekaniske AS", "nordvikmek.no"), ("Fjordstål AS", "fjordstal.no"),
    ("Olsen Transport AS", "olsentransport.no"), ("Berg & Sønn AS", "bergogsonn.no"),
    ("Hagen Maskin AS", "hagenmaskin.no"), ("Brødrene Lunde AS", "brodrene-lunde.no"),
    ("Tinde Elektro AS", "tinde-elektro.no"), ("Vestlandshydraulikk AS", "vlhydraulikk.no"),
    ("Aas Verktøy AS", "aasverktoy.no"), ("Kvernhus Industri AS", "kvernhus.no"),
    ("Midtnorsk Plast AS", "midtnorskplast.no"), ("Solberg Regnskap AS", "solbergregnskap.no"),
    ("Nordlys Logistikk AS", "nordlyslogistikk.no"), ("Halvorsen Bygg AS", "halvorsenbygg.no"),
    ("Karmøy Sveis AS", "karmoysveis.no"), ("Trøndelag Automasjon AS", "tr-automasjon.no"),
    ("Bjørkli Trearbeid AS", "bjorkli.no"), ("Polar Kjøleteknikk AS", "polarkjoleteknikk.no"),
    ("Sørlandet Rør AS", "sorlandetror.no"), ("Fossum & Dahl AS", "fossumdahl.no"),
    ("Glomma Pakk AS", "glommapakk.no"), ("Innlandet CNC AS", "innlandetcnc.no"),
    ("Nygård Elektro AS", "nygardelektro.no"), ("Kystmaskin AS", "kystmaskin.no"),
    ("Haugland Stål AS", "hauglandstal.no"), ("Eide Presisjon AS", "eidepresisjon.no"),
]
FOREIGN_COMPANIES = [("Baltic Steel UAB", "balticsteel.lt"), ("Hughes Engineering Ltd", "hughes-eng.co.uk"),
                     ("Lindqvist Verktyg AB", "lindqvistverktyg.se"), ("Müller Antriebstechnik GmbH", "mueller-antriebe.de"),
                     ("Gdańsk Metal Sp. z o.o.", "gdanskmetal.pl"), ("Jutland Pumps ApS", "jutlandpumps.dk")]


def company():
    return ch(COMPANIES)


PLACES = ["Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø", "Kristiansand", "Drammen", "Hamar", "Lillehammer",
          "Molde", "Ålesund", "Bodø", "Mo i Rana", "Førde", "Stord", "Sandnes", "Jessheim", "Kongsberg", "Gjøvik",
          "Raufoss", "Haugesund", "Alta", "Kirkenes", "Steinkjer", "Sola", "Bryne", "Moss", "Fredrikstad"]
POSTCODES = [("0155", "Oslo"), ("0560", "Oslo"), ("0661", "Oslo"), ("1337", "Sandvika"), ("1530", "Moss"),
             ("1606", "Fredrikstad"), ("2050", "Jessheim"), ("2317", "Hamar"), ("2615", "Lillehammer"),
             ("3015", "Drammen"), ("3616", "Kongsberg"), ("3722", "Skien"), ("4006", "Stavanger"), ("4307", "Sandnes"),
             ("4610", "Kristiansand"), ("5003", "Bergen"), ("5411", "Stord"), ("6002", "Ålesund"), ("6413", "Molde"),
             ("6800", "Førde"), ("7011", "Trondheim"), ("7600", "Levanger"), ("8006", "Bodø"), ("8622", "Mo i Rana"),
             ("9008", "Tromsø"), ("9515", "Alta"), ("9520", "Kautokeino"), ("9900", "Kirkenes"),
             ("5501", "Haugesund"), ("2821", "Gjøvik")]
STREETS_NO = ["Storgata", "Kirkegata", "Industriveien", "Industrivegen", "Sjøgata", "Strandveien", "Skolegata",
              "Verkstedveien", "Havnegata", "Fjellveien", "Granåsvegen", "Bjørkeveien", "Rosenborggata",
              "Olav Tryggvasons gate", "Kong Oscars gate", "Henrik Ibsens gate", "Thorvald Meyers gate",
              "Dronning Mauds gate", "Marcus Thranes gate", "Fridtjof Nansens vei", "Åsvegen", "Myrveien",
              "Lyngveien", "Hamnevegen", "Sandvikvegen", "Tollbugata", "Nedre Slottsgate", "Elvegata",
              "Solbakken", "Gamle Kongevei", "Bekkeliveien", "Løkkeveien"]


def addr_no(with_city=None, multiline_ok=True) -> str:
    st = ch(STREETS_NO)
    num = str(R.randint(1, 160)) + (ch(["A", "B", "C", " B"]) if chance(0.2) else "")
    if with_city is None:
        with_city = chance(0.8)
    if not with_city:
        return f"{st} {num}"
    pc, city = ch(POSTCODES)
    if chance(0.1):
        city = city.upper()
    sep = "\n" if (multiline_ok and chance(0.2)) else ", "
    return f"{st} {num}{sep}{pc} {city}"


def addr_foreign() -> str:
    return ch([
        lambda: f"Drottninggatan {R.randint(2, 120)}, 111 {R.randint(20, 60)} Stockholm",
        lambda: f"Vesterbrogade {R.randint(2, 150)}, 1620 København V",
        lambda: f"ul. Piotrkowska {R.randint(2, 250)}, 90-{R.randint(100, 999)} Łódź",
        lambda: f"ul. Długa {R.randint(2, 80)}/{R.randint(1, 20)}, 80-{R.randint(100, 899)} Gdańsk",
        lambda: f"Hauptstraße {R.randint(1, 90)}, 80331 München",
        lambda: f"{R.randint(2, 99)} Old Gloucester Street, London WC1N 3AX",
        lambda: f"{R.randint(10, 980)} Elm Street, Portland, OR 97205",
        lambda: f"Gedimino pr. {R.randint(1, 60)}, 01103 Vilnius",
        lambda: f"Mannerheimintie {R.randint(1, 90)}, 00100 Helsinki",
        lambda: f"{R.randint(2, 140)} Harbour Road, Aberdeen AB11 5QN",
    ])()


# ----------------------------------------------------------------------------------------------------------------
# special-category vocab (phrases are the span; grammar around them lives in the templates)

HEALTH_NO = ["ryggprolaps", "migrene", "senebetennelse i skulderen", "depresjon", "angstlidelse", "utbrenthet",
             "brudd i ankelen", "kreftbehandling", "long covid", "hjerteinfarkt", "bekkenløsning", "hjernerystelse",
             "lungebetennelse", "belastningsskade i nakken", "tennisalbue", "kneoperasjon", "diabetes type 1",
             "alvorlig astma", "ME/CFS", "epilepsi"]
HEALTH_NN = ["ryggplager", "migrene", "depresjon", "brot i handleddet", "utbrendtheit", "lungebetennelse",
             "kneoperasjon", "hjernerysting", "angst", "belastningsskade i skuldra"]
HEALTH_EN = ["back pain", "burnout", "depression", "migraines", "long COVID", "type 1 diabetes", "knee surgery",
             "chemotherapy", "an anxiety disorder", "a wrist fracture", "pneumonia", "a concussion", "severe asthma",
             "epilepsy", "a slipped disc", "shingles"]
TU_NO = ["medlem av Fellesforbundet", "medlem i Parat", "organisert i Negotia", "tillitsvalgt for Fellesforbundet",
         "medlem av Industri Energi", "medlem i El og IT Forbundet", "medlem av Handel og Kontor",
         "klubbleder i Fellesforbundet", "medlem i Tekna"]
TU_EN = ["a member of Fellesforbundet", "our union rep", "a member of Parat", "shop steward for Fellesforbundet",
         "a member of the EL & IT union", "union rep", "a Unite member", "a member of Negotia",
         "the Industri Energi representative"]
CR_NO = ["dom for underslag", "anmerkning for grovt tyveri", "dom for promillekjøring", "betinget dom for bedrageri",
         "vandelsattest med anmerkning", "dom for legemsbeskadigelse", "bot for narkotikabesittelse",
         "dom for trygdesvindel"]
CR_EN = ["a conviction for fraud", "a previous conviction for drink-driving", "a caution for shoplifting",
         "a suspended sentence for embezzlement", "criminal record for assault", "a conviction for burglary",
         "a pending charge of assault", "served a sentence for tax fraud"]
REL_NO = [("er", "muslim"), ("er", "katolikk"), ("er", "Jehovas vitne"), ("er", "praktiserende jøde"),
          ("er", "hindu"), ("er", "aktiv i pinsemenigheten"), ("er", "buddhist"), ("er", "ortodoks kristen"),
          ("", "faster under ramadan")]
REL_EN = [("is", "a practising Muslim"), ("is", "Catholic"), ("is", "a Jehovah's Witness"), ("is", "Jewish"),
          ("is", "Hindu"), ("is", "an observant Sikh"), ("is", "a devout Christian"), ("is", "Buddhist"),
          ("", "fasts during Ramadan")]
ETH_NO = [("er", "same"), ("har", "kvensk bakgrunn"), ("har", "kurdisk bakgrunn"), ("er", "tamil"),
          ("har", "romani-bakgrunn"), ("har", "samisk bakgrunn"), ("er", "av somalisk opprinnelse"),
          ("tilhører", "skogfinnene"), ("er", "rom")]
ETH_EN = [("is", "Sámi"), ("has", "Kurdish heritage"), ("is", "of Roma origin"), ("is", "Tamil"),
          ("has", "Kven roots"), ("is", "Romani"), ("is", "ethnically Hazara"), ("is", "of Somali descent")]
SO_NO = ["homofil", "lesbisk", "bifil", "skeiv", "panfil"]
SO_EN = ["gay", "lesbian", "bisexual", "queer", "pansexual"]

# ----------------------------------------------------------------------------------------------------------------
# templates

TEMPLATES = []


def tpl(tid, lang, cls, n):
    def deco(fn):
        TEMPLATES.append((tid, lang, cls, n, fn))
        return fn
    return deco


def join(*parts, sep=" "):
    return sep.join(p for p in parts if p)


def sig_no(p: Person, comp=None, with_mail=True, with_phone=True):
    comp = comp or company()
    lines = [ch(["Mvh", "Med vennlig hilsen", "Vennlig hilsen", "Hilsen"]), P(p.full)]
    lines.append(ch([comp[0], f"{ch(['Innkjøper', 'Prosjektleder', 'Daglig leder', 'Salgssjef', 'Verksmester'])}, {comp[0]}"]))
    contact = []
    if with_phone:
        contact.append(ch(["Tlf. ", "Mob: ", "M: ", "Tlf: ", ""]) + PH(gen_phone_no()))
    if with_mail:
        contact.append(EM(email_for(p, comp[1])))
    if contact:
        lines.append(ch([" | ", "\n"]).join(contact))
    return "\n".join(lines)


def sig_en(p: Person, comp=None, with_mail=True, with_phone=True):
    comp = comp or company()
    lines = [ch(["Best regards,", "Kind regards,", "Regards,", "Thanks,"]), P(p.full)]
    lines.append(ch([comp[0], f"{ch(['Purchasing', 'Project Manager', 'Sales', 'Operations Manager', 'Service'])}, {comp[0]}"]))
    contact = []
    if with_phone:
        contact.append(ch(["Mobile: ", "M: ", "Tel ", "Phone: ", ""]) + PH(gen_phone(0.3)))
    if with_mail:
        contact.append(EM(email_for(p, comp[1])))
    if contact:
        lines.append(ch([" | ", "\n"]).join(contact))
    return "\n".join(lines)


# ================================ confidential, Norwegian =======================================================

@tpl("no_sick_followup", "no", "confidential", 5)
def _():
    p, hr = person(), person()
    head = ch([f"Oppfølging sykefravær – {P(p.full)}", f"Sykefraværsoppfølging: {P(p.full)}",
               f"Notat etter samtale med {P(p.full)}"])
    since = rdate()
    body = f"{P(p.first)} har vært sykmeldt siden {d_no(since)} på grunn av {H(ch(HEALTH_NO))}."
    plan = ch([f"Vi ble enige om gradert sykmelding 50 % fra uke {R.randint(2, 50)}, med lettere oppgaver på lageret.",
               f"{p.han.capitalize()} ønsker å prøve kortere dager og slipper nattskift inntil videre.",
               f"Fastlegen anbefaler tilrettelegging; {p.han} kan jobbe fra kontoret to dager i uka."])
    tail = ch([f"Neste samtale: {d_no(later(since, 20, 70))} ({P(hr.full)}).", f"Ansvarlig leder: {P(hr.full)}.",
               f"Notat skrevet av {P(hr.first)}."])
    extra = ch(["", "Retningslinjene for sykefravær ligger på intranettet.", f"Sak 2024/{R.randint(100, 999)}."])
    return join(head + ch(["\n", "\n\n"]) + body, plan, tail, extra)


@tpl("no_email_followup", "no", "confidential", 5)
def _():
    a, b = person(), person()
    comp = company()
    subj = ch(["Emne: Oppfølging etter befaring", "Emne: Re: tilbud på sveisearbeid", "Ang. leveransen neste uke",
               "Emne: Tegninger til nytt stativ"])
    body = ch([
        f"Takk for en nyttig befaring i {ch(PLACES)} på {ch(WEEKDAYS_NO)}. Jeg sender over tegningene i løpet av uka.",
        f"Vi har sett på forespørselen deres, og kan levere {R.randint(20, 400)} stk innen uke {R.randint(2, 50)}.",
        f"Beklager sent svar – {P(ch([person().first]))} har vært på kurs. Bestillingen er registrert.",
        f"Dag 1 av monteringen gikk fint. Vi fortsetter i morgen kl. {hhmm()}.",
    ])
    ask = ch([f"Ta kontakt på {PH(gen_phone_no())} om noe er uklart.", "Gi beskjed om dere trenger mer informasjon.",
              f"Du når meg også på {PH(gen_phone_no())}."])
    return f"{subj}\n\nHei {P(a.first)},\n\n{body} {ask}\n\n{sig_no(b, comp, with_phone=chance(0.75))}"


@tpl("no_job_application", "no", "confidential", 5)
def _():
    p = person()
    ref = f"{R.randint(2023, 2025)}/{R.randint(10, 140)}"
    role = ch(["CNC-operatør", "platearbeider", "lagermedarbeider", "innkjøper", "sveiser", "automatiker"])
    intro = ch([f"Jeg heter {P(p.full)} og er {R.randint(19, 61)} år.",
                f"Mitt navn er {P(p.full)}, og jeg søker herved stillingen som {role}.",
                f"Vedlagt følger CV. Jeg heter {P(p.full)}."])
    exp = ch([f"Jeg har fagbrev og {R.randint(2, 25)} års erfaring fra {company()[0]}.",
              f"De siste årene har jeg jobbet i {ch(PLACES)} med vedlikehold av pakkelinjer.",
              "Jeg har truckførerbevis (T1–T4) og kurs i varme arbeider."])
    contact = ch([
        f"Adresse: {AD(addr_no(True))}\nMobil: {PH(gen_phone_no('mobile'))}\nE-post: {EM(email_for(p))}",
        f"Jeg bor i {AD(addr_no(True, False))} og treffes på {PH(gen_phone_no('mobile'))} eller {EM(email_for(p))}.",
    ])
    return f"Søknad: {role} (ref. {ref})\n{intro} {exp}\n{contact}"


@tpl("no_payroll_change", "no", "confidential", 5)
def _():
    p, m = person(), person()
    fnr = FN(fmt_fnr(gen_fnr(p.gender)))
    acct = BA(fmt_bank(gen_bank()))
    v = R.randint(0, 2)
    body = [
        f"Til lønn: {P(p.full)} (ansattnr. {R.randint(1000, 9999)}) har nytt kontonummer {acct} fra lønnskjøringen {d_no()}.",
        f"Endring lønnskonto – {P(p.full)}, f.nr. {fnr}. Ny konto: {acct}.",
        f"Hei! Kan dere oppdatere kontonummeret til {P(p.first)} i Visma? Nytt nr. er {acct}.",
    ][v]
    extra = (ch([f"Bilag {neg11()} gjelder forrige utbetaling.", f"Godkjent av {P(m.full)}."]) if v == 1 else
             ch([f"Fødselsnummer {fnr} er kontrollert mot skattekortet.", f"Gjelder {P(p.last)}, fnr. {fnr}."]))
    return join(body, extra, ch(["", f"Ref. lønnsperiode {R.randint(1, 12):02d}/{R.randint(2023, 2025)}."]))


@tpl("no_payment_reminder", "no", "confidential", 5)
def _():
    p = person()
    comp = company()
    inv = inv8(ch("12349"))
    head = ch(["PURRING", "Betalingspåminnelse", "Påminnelse om forfalt faktura"])
    txt = (f"{head}\n{P(p.full)}\n{AD(addr_no(True, False))}\n\n"
           f"Vi kan ikke se å ha mottatt betaling for faktura {inv} datert {d_no()}. Utestående beløp: kr {amount_no(400, 40000)}. ")
    txt += ch([f"Vennligst betal til konto {BA(fmt_bank(gen_bank()))} innen {d_no()}, merk betalingen med KID {kid()}.",
               f"Beløpet kan betales til {BA(fmt_bank(gen_bank()))} (KID {kid()}) innen 14 dager."])
    txt += ch(["", f" Spørsmål? Ring oss på {PH(gen_phone_no('land'))}.", f" Kundenr. {R.randint(10000, 99999)}.",
               f" Saken går til inkasso (ref. {neg11(False)}) om beløpet ikke betales."])
    return txt


@tpl("no_support_ticket", "no", "confidential", 3)
def _():
    p = person()
    comp = company()
    prod = ch(["Kantpresse KP-160", "Båndsag BS-320", "Kompressor GA-18", "Lasersveis LW-2000", "Trykkluftstørker TD-40"])
    head = f"Sak #{R.randint(40000, 69999)} – {prod} {ch(['starter ikke', 'gir alarm', 'lekker olje', 'stopper etter 10 min'])}"
    who = ch([f"Innmeldt av: {P(p.full)} ({comp[0]})\nTlf: {PH(gen_phone_no())}, e-post: {EM(email_for(p, comp[1]))}",
              f"Kunde: {comp[0]}, kontakt {P(p.full)}, {EM(email_for(p, comp[1]))}",
              f"Meldt av {P(p.full)}, {PH(gen_phone_no())} / {EM(email_for(p, comp[1]))}"])
    desc = ch([f"Maskinen gir feilkode E-{R.randint(10, 99)} etter oppdatering til versjon {version4()}. Serienr. {serial()}.",
               f"Operatøren melder om unormal lyd fra hydraulikken. Serienummer {serial()}, levert {d_no()}.",
               f"Kunden ønsker tekniker innen fredag. Ordrenr. {neg9()}.",
               f"Forsikringssak {neg11()} er opprettet. Maskinen står."])
    return f"{head}\n{who}\nBeskrivelse: {desc}"


@tpl("no_it_log", "no", "confidential", 5)
def _():
    p = person()
    comp = company()
    pre = ch([f"Hei, her er loggen {P(p.first)} ba om:", "Utdrag fra brannmurloggen i natt:",
              f"Fra VPN-serveren (sak meldt av {P(p.full)}):"])
    lines = []
    for _ in range(R.randint(2, 3)):
        lines.append(ch([
            f"{ts()} sshd[{R.randint(1000, 65000)}]: Accepted publickey for drift from {IP(gen_ip())} port {R.randint(1024, 65000)} ssh2",
            f"{ts()} vpn: user {EM(email_for(person(), comp[1]))} connected from {IP(gen_ipv4('pub'))}, assigned {IP(gen_ipv4('p10'))}",
            f"{ts()} fw DROP src={IP(gen_ip())} dst={IP(gen_ipv4('p192'))} dport=445",
            f"{ts()} dhcpv6: lease {IP(gen_ipv6())} to printer PRN-{rdigits(3)}",
            f"{ts()} dhcp: lease {IP(gen_ipv4('p192'))} to LAPTOP-{rdigits(2)}{ch('ABCDEFGH')}{rdigits(3)} (agent v{version4()})",
        ]))
    return pre + "\n" + "\n".join(lines)


@tpl("no_chat_colleague", "no", "confidential", 4)
def _():
    a, b, c = person(), person(), person()
    af = a.first.lower() if chance(0.25) else a.first
    t = hhmm()
    lines = ch([
        [f"[{t}] {P(b.first)}: har du nummeret til {P(c.full)}?",
         f"[{t}] {P(af)}: ja, {PH(gen_phone_no('mobile'))} – men {c.han} er på ferie til {d_no()}",
         f"[{t}] {P(b.first)}: ok takk, da sender jeg til {EM(email_for(c, company()[1]))} i stedet"],
        [f"{P(b.first)}: kan du ringe {P(c.last)} om leveransen? {c.han} venter på svar",
         f"{P(af)}: ringer nå. nr er {PH(gen_phone_no())} ikke sant?",
         f"{P(b.first)}: jepp. ordrenr {inv8('2')} hvis {c.han} spør. @here kan noen ta telefonen?"],
        [f"{P(b.first)}: møtet i rom {R.randint(100, 420)} er flyttet til {hhmm()}",
         f"{P(af)}: ok. Kommer {P(c.first)} også?",
         f"{P(b.first)}: nei, {c.han} er sykmeldt denne uka. send referat til {EM(email_for(c, company()[1]))}"],
    ])
    return "\n".join(lines)


@tpl("no_ai_prompt_reply", "no", "confidential", 4)
def _():
    p = person()
    order = inv8(ch("12"))
    return ch([
        f"Skriv et høflig svar til {P(p.full)} som klager på forsinket levering av ordre {order}. {p.han.capitalize()} har ringt tre ganger fra {PH(gen_phone_no())}. Beklag, tilby 10 % rabatt og si at varene sendes {ch(WEEKDAYS_NO)}.",
        f"Kan du omformulere denne e-posten så den blir kortere? «Hei {P(p.first)}, vi har mottatt reklamasjonen din på {ch(['pumpen', 'ventilen', 'girmotoren'])} (serienr. {serial()}). Send gjerne bilder til {EM(email_for(person(), company()[1]))}.»",
        f"Lag et utkast til oppsigelse av leieavtalen med {P(p.full)}, {AD(addr_no(True, False))}. Oppsigelsestid tre måneder fra {d_no_long()}.",
        f"Oversett til engelsk: «{P(p.first)} ringer tilbake i morgen, nummeret {p.han} oppga er {PH(gen_phone_no())}.»",
    ])


@tpl("no_employment_contract", "no", "confidential", 5)
def _():
    p = person()
    comp = company()
    st = ch(["Sveiser", "Maskinoperatør", "Lagerarbeider", "Servicetekniker", "Økonomimedarbeider"])
    ident = FN(fmt_fnr(gen_fnr(p.gender))) if chance(0.75) else DN(fmt_fnr(gen_fnr(p.gender, True)))
    return (f"ARBEIDSAVTALE\nArbeidsgiver: {comp[0]}, org.nr. {ORG(fmt_orgnr(gen_orgnr()))}\n"
            f"Arbeidstaker: {P(p.full)}, {ch(['fødselsnr.', 'f.nr.', 'personnr.'])} {ident}\n"
            f"Adresse: {AD(addr_no(True, False))}\n"
            f"Stilling: {st}, {ch(['100', '80', '60'])} %. Tiltredelse {d_no()}. Prøvetid 6 måneder. "
            + ch(["Lønn etter tariffavtalen (Verkstedsoverenskomsten).", "Lønn etter avtale, se bilag 1.",
                  "Arbeidstid 37,5 t/uke, ev. skifttillegg etter tariffavtale."]))


@tpl("no_dnr_hire", "no", "confidential", 7)
def _():
    p = foreign_person()
    b = person()
    return join(
        ch([f"Innleie fra bemanningsbyrå: {P(p.full)} starter på skift {ch('ABC')} {ch(WEEKDAYS_NO)}.",
            f"Ny sveiser {P(p.full)} fra {ch(['Gdańsk', 'Kaunas', 'Manila', 'Riga', 'Lviv'])} begynner {d_no()}."]),
        f"D-nummer: {DN(fmt_fnr(gen_fnr(p.gender, True)))}.",
        ch(["Skattekort er bestilt.", "Skattekort og HMS-kort er i orden.", f"Adgangskort nr. {R.randint(1000, 9999)} er klart."]),
        ch([f"Kontaktperson hos byrået er {P(b.full)}, {PH(gen_phone_no())}.",
            f"Spørsmål til {P(b.first)} på {EM(email_for(b, 'bemanningspartner.no'))} eller {PH(gen_phone_no('mobile'))}."]))


@tpl("no_meeting_minutes", "no", "confidential", 4)
def _():
    ps = [person() for _ in range(5)]
    present = ", ".join(P(x.full) for x in ps[:3])
    items = [f"Sak {R.randint(10, 40)}/24: Nytt HMS-kurs for alle på verkstedet – {P(ps[0].first)} melder på.",
             f"Sak {R.randint(41, 60)}/24: Bestilling av ny kantbukk (tilbud {neg9()}) utsettes til Q{R.randint(1, 4)}."
             + ch(["", f" Investeringsramme kr {big_amount_no()}."])]
    if chance(0.4):
        items.append(f"{P(ps[1].first)} orienterte som {TU(ch(['tillitsvalgt for Fellesforbundet', 'klubbleder i Fellesforbundet']))} om lønnsoppgjøret.")
    else:
        items.append("Lønnsoppgjøret følger tariffavtalen; ingen lokale forhandlinger i år.")
    return (f"Referat avdelingsmøte {d_no()}\nTil stede: {present}\nForfall: {P(ps[3].full)}\n"
            + "\n".join(items) + f"\nReferent: {P(ps[4].full)}")


@tpl("no_crm_note", "no", "confidential", 3)
def _():
    p = person()
    comp = company()
    other = ch([c for c in COMPANIES if c != comp])
    prod = ch(["flenser DN50", "rustfrie braketter", "sylinderstenger Ø40", "laserskårne plater 3 mm", "sveisede rammer"])
    return join(
        f"CRM-notat {d_no()}: Ringte {P(p.full)} ({ch(['innkjøper', 'produksjonssjef', 'daglig leder'])}, {comp[0]}) på {PH(gen_phone_no())}.",
        f"De trenger {R.randint(50, 900)} stk {prod}, art.nr. {artno()}.",
        ch([f"Sender tilbud innen {ch(WEEKDAYS_NO)}.", "Følger opp etter fellesferien."]),
        ch([f"{P(p.last)} nevnte at de også vurderer {other[0]}.", f"{P(p.first)} vil ha pris levert {ch(PLACES)}.", ""]))


@tpl("no_quote_contact", "no", "confidential", 3)
def _():
    p, q = person(), person()
    comp, own = company(), company()
    return (f"TILBUD {ch(['T', 'TB'])}-{rdigits(5)}\nTil: {comp[0]}, org.nr. {ORG(fmt_orgnr(gen_orgnr()))}\nAtt.: {P(p.full)}\n"
            f"{ch(['Dreiing av', 'Fresing av', 'Bukking av'])} {R.randint(20, 500)} stk {ch(['aksler', 'braketter', 'flenser'])} etter tegning {ch(['TG', 'DWG'])}-{rdigits(4)}, materiale {ch(['42CrMo4', 'S355', 'AISI 316L'])}. "
            f"Pris pr. stk kr {amount_no(80, 4000)}. Leveringstid {R.randint(2, 8)} uker. Gyldig til {d_no()}.\n"
            f"Kontakt: {P(q.full)}, {EM(email_for(q, own[1]))}")


@tpl("no_card_phone", "no", "confidential", 5)
def _():
    p = person()
    return ch([
        f"Hei! Kunden {P(p.full)} ringte og ville betale restbeløpet på telefon. {p.han.capitalize()} leste opp kortnummeret {CA(fmt_card(gen_card()))}, utløp {R.randint(1, 12):02d}/{R.randint(25, 29)}. Kan du legge det inn i terminalen og slette meldingen etterpå?",
        f"Bestilling fra nettbutikk feilet. Kort {CA(fmt_card(gen_card()))} ({P(p.full)}) ble avvist, ordre {inv8('3')}. Ring {P(p.first)} på {PH(gen_phone_no('mobile'))}.",
        f"Firmakortet til {P(p.full)} er sperret etter mistenkelig bruk. Nytt kort: {CA(fmt_card(gen_card()))}. Det gamle (**** **** **** {rdigits(4)}) skal makuleres.",
    ])


@tpl("no_union_hr", "no", "confidential", 6)
def _():
    p, q = person(), person()
    return ch([
        f"{P(p.full)} er {TU(ch(TU_NO))} og har bedt om at {P(q.full)} fra klubben er med på drøftingsmøtet om omplassering {ch(WEEKDAYS_NO)}. Husk å sende innkalling til begge.",
        f"Til lønn: Fra {d_no()} skal det trekkes {TU('kontingent til ' + ch(['Fellesforbundet', 'Parat', 'Negotia']))} for {P(p.full)}. Ansattnr. {R.randint(1000, 9999)}.",
        f"Notat: {P(p.full)} er nylig blitt {TU(ch(['verneombud og tillitsvalgt for Parat', 'tillitsvalgt for Fellesforbundet', 'medlem av Fellesforbundet']))}. Ny tariffavtale gjelder for hele avdelingen fra 1. mai.",
    ])


@tpl("no_criminal_check", "no", "confidential", 7)
def _():
    p, q = person(), person()
    return ch([
        f"Fortrolig: Politiattesten til {P(p.full)} viste {CR(ch(CR_NO))}. Vi har drøftet saken med {P(q.full)} og går videre med ansettelse i lager uten tilgang til kasse.",
        f"{P(p.full)} leverte {CR('vandelsattest med anmerkning')} ({d_no()}). Søkeren opplyser selv om forholdet. Vurderes av {P(q.first)} før tilbud sendes.",
        f"Ansatt {P(p.full)} er {CR(ch(['siktet for vold', 'tiltalt for underslag', 'dømt for ruskjøring']))} ifølge {p.ham} selv. HR avventer rettskraftig dom. Saksnr. {neg11()}.",
    ])


@tpl("no_religion_hr", "no", "confidential", 7)
def _():
    p, q = person(), person()
    v, phrase = ch(REL_NO)
    return ch([
        f"{P(p.full)} har spurt om å bytte vakt {d_no()} fordi {p.han} {join(v, REL(phrase))} og skal i en høytid med familien. {P(q.first)} kan ta vakten.",
        f"Til skiftplanen: {P(p.first)} {join(v, REL(phrase))} og ønsker ikke å jobbe sent fredager. Vi prøver å få det til. Julebordet er uansett i Domkirkens menighetshus i år.",
        f"Fra medarbeidersamtalen med {P(p.full)}: {p.han} {join(v, REL(phrase))} og ber om et stille rom for bønn. Rom {R.randint(100, 300)} kan brukes. Skrevet av {P(q.full)}.",
    ])


@tpl("no_iban_refund", "no", "confidential", 6)
def _():
    p, q = foreign_person(), person()
    return join(
        f"Refusjon reiseutgifter: {P(p.full)}{ch([' (bosatt i utlandet)', ' (innleid konsulent)', ''])} ønsker utbetaling til IBAN {IB(fmt_iban(gen_iban()))}.",
        f"Beløp EUR {amount_en(80, 3000)}. Bilag nr. {ch([str(R.randint(10000, 99999)), neg11(False)])}.",
        ch([f"Attestert av {P(q.full)}.", f"Sjekk med {P(q.first)} før utbetaling.",
            f"Kvittering sendes til {EM(email_for(p))}."]))


@tpl("no_delivery_note", "no", "confidential", 3)
def _():
    p = person()
    return (f"FØLGESEDDEL {inv8('8')}\nMottaker: {P(p.full)}\n{AD(addr_no(True, False))}\nTlf. {PH(gen_phone_no('mobile'))}\n"
            f"Innhold: {R.randint(1, 5)} kolli, {ch(['varmepumpe', 'vedovn', 'garasjeport', 'hageredskap'])}, vekt {R.randint(5, 140)} kg. Sporingsnr. {tracking()}.\n"
            + ch(["Leveres på døra – ring ved ankomst.", "Kan settes i carport.", "Hentes på terminal hvis ingen er hjemme."]))


@tpl("nn_sick_note", "no", "confidential", 5)
def _():
    p, q = person(), person()
    return join(
        f"Notat: {P(p.full)} har vore sjukmeld sidan {d_no()} grunna {H(ch(HEALTH_NN))}.",
        ch([f"{p.ho.capitalize()} ønskjer å kome tilbake gradvis frå veke {R.randint(2, 50)}.",
            f"{p.ho.capitalize()} har lyst å prøve lette oppgåver på lageret."]),
        "Me har avtala ny samtale med bedriftshelsetenesta.",
        f"Kontaktperson: {P(q.full)}, tlf. {PH(gen_phone_no())}.")


@tpl("no_ethnicity_note", "no", "confidential", 7)
def _():
    p, q = person(), person()
    v, phrase = ch(ETH_NO)
    return ch([
        f"Fra intervjunotatene ({d_no()}): {P(p.full)} fortalte at {p.han} {v} {ETH(phrase)} og snakker flere språk. Det kan være nyttig i arbeidet mot kunder i Finnmark. Intervjuer: {P(q.first)}.",
        f"{P(p.first)} {v} {ETH(phrase)} og har bedt om at dette ikke nevnes i presentasjonen på intranettet. Noter det i personalmappen. /{P(q.first)}",
    ])


@tpl("no_orientation_note", "no", "confidential", 7)
def _():
    p, q = person(), person()
    so = ch(SO_NO)
    return ch([
        f"HR-notat: {P(p.full)} ønsker at partneren {P(q.full)} står som pårørende. {p.han.capitalize()} har selv fortalt at {p.han} er {SO(so)}, og vi har lovet å behandle dette fortrolig.",
        f"{P(p.first)} sa i medarbeidersamtalen at {p.han} er {SO(so)} og har opplevd kommentarer i garderoben. Leder {P(q.full)} følger opp saken.",
        f"Hei {P(q.first)}, bare så du vet: {P(p.first)} kom ut som {SO(so)} på jobb i forrige uke. Vær obs på tonen i lunsjen.",
    ])


@tpl("no_hms_incident", "no", "confidential", 3)
def _():
    p, q = person(), person()
    inj = ch(["kuttskade i venstre hånd", "forbrenning på underarmen", "klemskade i fingeren", "fremmedlegeme i øyet",
              "forstuet ankel"])
    return join(
        f"Avviksmelding {d_no()} kl. {hhmm()}: {P(p.full)} fikk {H(inj)} ved {ch(['kantpressen', 'dreiebenk 3', 'sveisecelle B', 'lasterampen'])}.",
        ch(["Førstehjelp ble gitt på stedet.", "Legevakt ble kontaktet.", "Arbeidet ble stanset i 40 minutter."]),
        f"Vitne: {P(q.full)}. Tiltak: verneutstyr gjennomgås på neste HMS-kurs.")


# ================================ confidential, English =========================================================

@tpl("en_sick_absence", "en", "confidential", 6)
def _():
    p, q = person(), person()
    cond = ch(HEALTH_EN)
    return join(
        f"Absence note – {P(p.full)}.",
        ch([f"{P(p.first)} called in this morning; {p.he} has {H(cond)} and expects to be off for {R.randint(1, 6)} weeks.",
            f"{P(p.first)} is on sick leave until {d_en()} due to {H(cond)}.",
            f"{p.title_en} {P(p.last)} will be off work after {H(cond)} – doctor's note received {d_en()}."]),
        ch(["Please reassign the weekend shift.", "Light duties may be possible from week " + str(R.randint(2, 50)) + ".",
            "Follow our sick-leave policy for the return-to-work meeting."]),
        ch([f"Line manager: {P(q.full)}.", f"Line manager: {P(q.full)} ({PH(gen_phone_no())})."]))


@tpl("en_email_followup", "en", "confidential", 6)
def _():
    a, b = person(), person()
    comp = ch(COMPANIES + FOREIGN_COMPANIES)
    subj = ch(["Subject: Re: delivery schedule", "Subject: Follow-up on the site visit", "Subject: Revised quote",
               "RE: drawings for the new frame"])
    body = ch([f"Thanks for your time on {ch(WEEKDAYS_EN)}. As promised, the updated drawings are attached (rev. C).",
               f"We can deliver {R.randint(20, 400)} units by week {R.randint(2, 50)} if we get the PO this week.",
               f"Sorry for the late reply, I was at the trade fair in {ch(['Hannover', 'Gothenburg', 'Lillestrøm'])}.",
               "Will you be able to confirm the revised dimensions before Friday?"])
    ask = ch([f"Call me on {PH(gen_phone(0.4))} if anything is unclear.", "Let me know if you need anything else.",
              f"You can also reach my colleague {P(person().full)}."])
    return f"{subj}\n\nHi {P(a.first)},\n\n{body} {ask}\n\n{sig_en(b, comp, with_phone=chance(0.8))}"


@tpl("en_job_application", "en", "confidential", 6)
def _():
    p = person()
    role = ch(["Production Planner", "Maintenance Technician", "Quality Engineer", "Warehouse Operator",
               "Purchasing Assistant"])
    return join(
        f"Dear Hiring Manager,\nI am applying for the {role} position (ref. {R.randint(2023, 2025)}-{R.randint(10, 99)}).",
        ch([f"My name is {P(p.full)} and I have {R.randint(2, 20)} years of experience in manufacturing.",
            f"I am {P(p.full)}, a certified welder who moved to {ch(PLACES)} in {R.randint(2010, 2023)}."]),
        ch([f"I live at {AD(ch([addr_no(True, False), addr_foreign()]))} and can start on short notice.",
            f"Address: {AD(addr_no(True, False))}."]),
        f"Phone: {PH(gen_phone(0.3))}, e-mail: {EM(email_for(p))}.\nYours faithfully,\n{P(p.full)}")


@tpl("en_payment_reminder", "en", "confidential", 5)
def _():
    p = person()
    inv = inv8(ch("1249"))
    pay = ch([f"IBAN {IB(fmt_iban(gen_iban()))}", f"IBAN {IB(fmt_iban(gen_iban()))}", f"account {BA(fmt_bank(gen_bank()))}"])
    return f"Payment reminder\n{P(p.full)}\n{AD(ch([addr_no(True, False), addr_foreign()]))}\n\n" + join(
        f"Our records show that invoice {inv} dated {d_en()} (NOK {amount_en(300, 50000)}) is still unpaid.",
        f"Please pay to {pay} within 14 days, quoting reference {kid()}.",
        ch(["If you have already paid, please ignore this reminder.", f"Customer no. {R.randint(10000, 99999)}."]))


@tpl("en_support_ticket", "en", "confidential", 4)
def _():
    p = person()
    comp = ch(COMPANIES + FOREIGN_COMPANIES)
    return join(
        f"Ticket {ch(['INC', 'SR'])}-{rdigits(6)} | Priority {ch(['P2', 'P3', 'High', 'Normal'])}",
        f"\nReporter: {P(p.full)} <{EM(email_for(p, comp[1]))}>" + (f", {PH(gen_phone(0.4))}" if chance(0.85) else ""),
        "\n" + ch([f"The label printer stopped working after firmware {version4()} was installed. Serial {serial()}.",
                   f"Cannot log in to the customer portal since {d_en()}. Error 0x{rdigits(4)}.",
                   f"Spindle alarm on the lathe (machine ID M-{rdigits(3)}). Started after the power cut on {ch(WEEKDAYS_EN)}."]),
        ch(["\nPlease call before visiting.", "\nCustomer asks for an update by end of day.", ""]), sep="")


@tpl("en_vpn_log", "en", "confidential", 5)
def _():
    comp = company()
    lines = []
    for _ in range(R.randint(2, 4)):
        lines.append(ch([
            f"{ts()} INFO auth: login ok user={EM(email_for(person(), comp[1]))} src={IP(gen_ip(0.4))}",
            f"{ts()} WARN auth: 5 failed attempts for admin from {IP(gen_ipv4('pub'))}",
            f"{ts()} INFO proxy: {IP(gen_ipv4('p10'))} GET https://portal.{comp[1]}/api/v2/orders 200 ({R.randint(12, 900)} ms)",
            f"{ts()} INFO printer PRN-{rdigits(3)} at {IP(gen_ipv4('p192'))} back online (fw {version4()})",
            f"{ts()} ERROR ipv6 neighbour {IP(gen_ipv6())} unreachable",
        ]))
    return ch(["Logs attached to the incident:", "Relevant lines from the gateway log:", "auth.log excerpt:"]) + "\n" + "\n".join(lines)


@tpl("en_chat_colleague", "en", "confidential", 4)
def _():
    a, b, c = person(), person(), person()
    return "\n".join(ch([
        [f"{P(a.first)}: do you have a number for {P(c.full)}?",
         f"{P(b.first)}: {PH(gen_phone(0.3))}, but {c.he}'s off until {d_en()}",
         f"{P(a.first)}: ok, I'll email {c.him} at {EM(email_for(c, company()[1]))} instead"],
        [f"{P(a.first)}: who's handling the {ch(['Hagen', 'Olsen Transport', 'Berg & Sønn'])} order?",
         f"{P(b.first)}: {P(c.first)}. {c.he.capitalize()}'s back tomorrow",
         f"{P(a.first)}: thx. Will ping {c.him} then. Order no. is {inv8('2')}"],
        [f"{P(a.first)}: can you cover for {P(c.first)} on {ch(WEEKDAYS_EN)}? {c.he}'s off sick",
         f"{P(b.first)}: sure. Is {P(c.last)} ok?",
         f"{P(a.first)}: yeah just a cold I think. Room {R.randint(100, 420)} at {hhmm()}"],
    ]))


@tpl("en_ai_summarise_complaint", "en", "confidential", 5)
def _():
    p = person()
    return ch([
        f"Summarise this complaint in three bullet points: \"My name is {P(p.full)}. I ordered a pressure washer (order {inv8('1')}) on {d_en()} and it arrived broken. Nobody answers my calls. My number is {PH(gen_phone(0.3))}.\"",
        f"Draft a reply to {P(p.full)} ({EM(email_for(p))}) who says the invoice {inv8('4')} was sent to the wrong address. {p.his.capitalize()} correct address is {AD(ch([addr_no(True, False), addr_foreign()]))}.",
        f"Rewrite this more politely: \"{P(p.last)}, you promised the drawings last week. Call me at {PH(gen_phone(0.4))} today.\"",
        f"Classify this ticket as billing, delivery or quality: \"Hi, this is {P(p.first)} from {company()[0]}. Two of the {R.randint(20, 300)} brackets had cracked welds. Batch {rdigits(6)}.\"",
    ])


@tpl("en_consultant_contract", "en", "confidential", 5)
def _():
    p = foreign_person()
    comp = company()
    ident = DN(fmt_fnr(gen_fnr(p.gender, True)))
    t0, t1 = date_range()
    return (f"CONSULTANCY AGREEMENT\nClient: {comp[0]} (org. no. {ORG(fmt_orgnr(gen_orgnr()))})\n"
            f"Consultant: {P(p.full)}, {ch(['D-number', 'D-no.', 'Norwegian D number'])} {ident}, "
            f"resident at {AD(ch([addr_no(True, False), addr_foreign()]))}.\n"
            f"Term: {d_en(t0)} to {d_en(t1)}. Rate NOK {R.randint(700, 1600)} per hour, invoiced monthly. "
            + ch(["Travel is reimbursed at cost.", "Governing law: Norway.", "Notice period: 30 days.",
                  f"Payment to IBAN {IB(fmt_iban(gen_iban()))}."]))


@tpl("en_crm_note", "en", "confidential", 5)
def _():
    p = person()
    comp = ch(COMPANIES + FOREIGN_COMPANIES)
    return join(
        f"Call log {d_iso()}: spoke to {P(p.full)} ({ch(['buyer', 'plant manager', 'CFO', 'maintenance lead'])}, {comp[0]}).",
        ch([f"Direct line {PH(gen_phone(0.4))}.", f"Best reached at {EM(email_for(p, comp[1]))} or {PH(gen_phone(0.4))}."]),
        ch([f"Interested in a service agreement for {R.randint(2, 12)} compressors.",
            f"Wants a quote for {R.randint(100, 2000)} laser-cut brackets, art. no. {artno()}.",
            "Unhappy with lead times; considering a second supplier."]),
        ch([f"Follow up in week {R.randint(2, 50)}.", f"{P(p.last)} prefers calls after {hhmm()}.", ""]))


@tpl("en_meeting_minutes", "en", "confidential", 4)
def _():
    ps = [person() for _ in range(4)]
    items = [f"1. Q{R.randint(1, 4)} production figures reviewed; scrap rate down to {R.randint(1, 6)}.{R.randint(0, 9)} %.",
             f"2. {P(ps[1].first)} to order a new {ch(['press brake', 'band saw', 'forklift'])} (budget NOK {amount_en(100000, 900000)})."]
    items.append(ch([f"3. {P(ps[2].first)} raised, as {TU(ch(['union rep', 'shop steward for Fellesforbundet']))}, the overtime rules.",
                     "3. The new health and safety course is mandatory for all shift leaders.",
                     "3. Diversity policy draft circulated; comments by Friday."]))
    return (f"Minutes – operations meeting {d_en()}\nPresent: {P(ps[0].full)}, {P(ps[1].full)}, {P(ps[2].full)}\n"
            + "\n".join(items) + f"\nMinutes taken by {P(ps[3].full)}")


@tpl("en_card_dispute", "en", "confidential", 5)
def _():
    p = person()
    return ch([
        f"Chargeback case {neg11(False)}: cardholder {P(p.full)} disputes a charge of NOK {amount_en(200, 20000)} on card {CA(fmt_card(gen_card()))}. Please send the signed delivery note.",
        f"Hi, {P(p.first)} here from accounts. The supplier wants the company card details again: {CA(fmt_card(gen_card()))}, exp {R.randint(1, 12):02d}/{R.randint(25, 29)}. Can you check the booking for {P(person().full)}?",
        f"Customer {P(p.full)} paid with card ending {rdigits(4)} but the terminal printed the full number {CA(fmt_card(gen_card()))} on the receipt. Please shred receipt no. {inv8('1')}.",
    ])


@tpl("en_hotel_booking", "en", "confidential", 3)
def _():
    p = person()
    kind = ch(["visa", "mc", "amex"])
    nights = R.randint(1, 4)
    return join(
        f"Booking confirmation {ch(['HB', 'RX'])}{rdigits(7)}: {P(p.full)}, {nights} night{'s' if nights > 1 else ''} from {d_en()} at Scandic {ch(PLACES)}.",
        f"Guaranteed with {ch([{'visa': 'Visa', 'mc': 'Mastercard', 'amex': 'Amex'}[kind], 'card'])} {CA(fmt_card(gen_card(kind)))}.",
        ch([f"Contact: {PH(gen_phone(0.3))}.", f"Invoice to {EM(email_for(p, company()[1]))}."]))


@tpl("en_background_check", "en", "confidential", 7)
def _():
    p, q = person(), person()
    cr = ch(CR_EN)
    return ch([
        f"Confidential – the police certificate for {P(p.full)} shows {CR(cr)}. {P(q.first)} and I agreed to discuss it with {p.him} before making an offer.",
        f"Reference check note: the applicant {P(p.full)} disclosed {CR(cr)}. The role does not involve cash handling. Noted by {P(q.full)}.",
        f"Please keep this between us: {P(p.first)} has {CR(cr)}. It came up when {p.he} applied for the driver position. Case ref {neg11(False)}.",
    ])


@tpl("en_union_rep", "en", "confidential", 7)
def _():
    p, q = person(), person()
    return ch([
        f"{P(p.full)} is {TU(ch(TU_EN))} and has asked that {P(q.first)} attends the restructuring meeting on {ch(WEEKDAYS_EN)}. The union agreement itself is unchanged.",
        f"Payroll: please start deducting {TU(ch(['Fellesforbundet', 'Parat', 'Negotia', 'Unite']) + ' membership dues')} for {P(p.full)} from {d_en()}.",
        f"Note to {P(q.first)}: as {TU(ch(['our union rep', 'shop steward for Fellesforbundet', 'union rep for Parat']))}, {P(p.first)} must be invited to the consultation on shift changes.",
    ])


@tpl("en_religion_accommodation", "en", "confidential", 7)
def _():
    p, q = person(), person()
    v, phrase = ch(REL_EN)
    return ch([
        f"{P(p.full)} {join(v, REL(phrase))} and has asked to swap the {d_en()} shift for a religious holiday. {P(q.first)} has agreed to cover.",
        f"From {P(p.first)}'s appraisal: {p.he} {join(v, REL(phrase))} and would appreciate a quiet room for prayer. Room {R.randint(100, 300)} is free. – {P(q.full)}",
        f"Canteen request: {P(p.full)} {join(v, REL(phrase))}, so please label pork dishes clearly. (The Christmas concert at the cathedral is open to everyone.)",
    ])


@tpl("en_ethnicity_note", "en", "confidential", 7)
def _():
    p, q = person(), person()
    v, phrase = ch(ETH_EN)
    return ch([
        f"Interview notes ({d_en()}): {P(p.full)} mentioned that {p.he} {v} {ETH(phrase)} and speaks three languages. Interviewer: {P(q.first)}.",
        f"{P(p.first)} {v} {ETH(phrase)} and asked that this is not mentioned in the staff newsletter profile. Please update the draft. Thanks, {P(q.first)}",
        f"Mentoring programme: {P(p.full)} {v} {ETH(phrase)} and would like a mentor with a similar background. Coordinator: {P(q.full)}.",
    ])


@tpl("en_orientation_note", "en", "confidential", 7)
def _():
    p, q = person(), person()
    so = ch(SO_EN)
    return ch([
        f"HR note: {P(p.full)} asked us to list {p.his} partner {P(q.full)} as next of kin. {p.he.capitalize()} told me {p.he} is {SO(so)} and wants this kept confidential.",
        f"In the appraisal {P(p.first)} said {p.he} is {SO(so)} and has heard remarks in the changing room. {P(q.full)} will follow up.",
        f"FYI {P(q.first)}: {P(p.first)} came out as {SO(so)} at the team lunch. Please make sure the banter stays respectful.",
    ])


@tpl("en_refund_iban", "en", "confidential", 6)
def _():
    p = foreign_person()
    iban = gen_iban(ch(['SE', 'DK', 'DE', 'GB', 'FR', 'PL', 'NL', 'LT', 'FI', 'NO']))
    return join(
        f"Refund request: {P(p.full)} returned {R.randint(1, 5)} items (RMA {rdigits(6)}).",
        f"Please refund EUR {amount_en(40, 4000)} to IBAN {IB(fmt_iban(iban))}.",
        ch([f"BIC {BIC[iban[:2]]}.", f"Confirmation to {EM(email_for(p))}.", ""]))


@tpl("en_delivery_note", "en", "confidential", 4)
def _():
    p = person()
    return (f"DELIVERY NOTE {inv8('7')}\nDeliver to: {P(p.full)}\n{AD(ch([addr_no(True, False), addr_foreign()]))}\n"
            f"Phone: {PH(gen_phone(0.4))}\nPackages: {R.randint(1, 6)}, total weight {R.randint(3, 220)} kg. Tracking {tracking()}.\n"
            + ch(["Leave at the back door if nobody answers.", "Signature required.", "Call 30 minutes before arrival."]))


@tpl("en_new_hire_onboarding", "en", "confidential", 6)
def _():
    p, q = person(), person()
    return join(
        f"New starter: {P(p.full)}, start date {d_en()}.",
        (f"D-number {DN(fmt_fnr(gen_fnr(p.gender, True)))}" if p.origin != "no" and chance(0.4)
         else f"National ID {FN(fmt_fnr(gen_fnr(p.gender)))}") + f"; salary account {BA(fmt_bank(gen_bank()))}.",
        ch([f"Home address {AD(addr_no(True, False))}.", f"Mobile {PH(gen_phone_no('mobile'))}.", ""]),
        f"Laptop and access card via IT; buddy is {P(q.first)}.")


@tpl("en_security_incident", "en", "confidential", 4)
def _():
    p = person()
    comp = company()
    return join(
        f"Security incident {d_iso()}: a phishing email was sent to {EM(email_for(p, comp[1]))} from a host at {IP(gen_ipv4('pub'))}.",
        f"{P(p.first)} clicked the link at {hhmm()}; the laptop ({IP(ch([gen_ipv4('p10'), gen_ipv6()]))}) was isolated.",
        ch(["Password reset done, MFA re-enrolled.", f"Malware signature matched rule set {version4()}.",
            "No data exfiltration detected."]))


@tpl("en_reference_letter", "en", "confidential", 3)
def _():
    p, q = person(), person()
    return join(
        f"To whom it may concern,\n{P(p.full)} worked at {company()[0]} as a {ch(['CNC operator', 'welder', 'planner', 'storeman'])} from {R.randint(2012, 2019)} to {R.randint(2020, 2024)}.",
        ch([f"{p.he.capitalize()} was reliable and well liked.", f"{P(p.first)} showed great initiative on the night shift."]),
        f"Feel free to contact me on {PH(gen_phone(0.2))}" + (f" or at {EM(email_for(q))}" if chance(0.6) else "")
        + f".\n{P(q.full)}, Production Manager")


@tpl("en_visitor_log", "en", "confidential", 3)
def _():
    rows = []
    for _ in range(R.randint(2, 3)):
        v, h = person(), person()
        rows.append(f"{hhmm()} | {P(v.full)} | {ch(COMPANIES + FOREIGN_COMPANIES)[0]} | host {P(h.first)} | badge {R.randint(100, 999)}")
    return "Visitor log, main gate\n" + "\n".join(rows) + ch(["", "\nAll visitors completed the safety briefing."])


# ================================ internal (only ORGNR) =========================================================

@tpl("no_int_supplier_check", "no", "internal", 7)
def _():
    comp = company()
    return join(
        f"Leverandørkontroll {d_no()}: {comp[0]} (org.nr. {ORG(fmt_orgnr(gen_orgnr()))}) er registrert i Foretaksregisteret og Merverdiavgiftsregisteret.",
        ch(["Ingen restanser på skatt og avgift.", "Skatteattest er mottatt og er under 6 måneder gammel."]),
        f"Rammeavtale RA-{rdigits(4)} fornyes til {R.randint(2025, 2027)}.",
        ch([f"Saksnr. i arkivet: {neg11(False)}.", ""]),
        ch([f"Intern ordrereferanse {neg9()}.", ""]))


@tpl("en_int_vendor_onboarding", "en", "internal", 7)
def _():
    comp = ch(COMPANIES)
    return join(
        f"New vendor request: {comp[0]}, org. no. {ORG(fmt_orgnr(gen_orgnr()))}, category {ch(['machining', 'logistics', 'packaging', 'electrical'])}.",
        f"Payment terms {ch(['30', '45', '14'])} days net; PO threshold NOK {amount_en(10000, 200000)}.",
        ch(["Approved by the procurement board.", "Credit check OK (score A).", "Insurance certificate on file."]),
        ch([f"Vendor ID will be V{rdigits(5)}.", f"ERP supplier no. {neg9()}.", ""]))


@tpl("en_int_credit_check", "en", "internal", 6)
def _():
    comp = ch(COMPANIES)
    return join(
        f"Credit check {d_en()}: {comp[0]} (Norwegian org. no. {ORG(fmt_orgnr(gen_orgnr()))}).",
        f"Rating {ch(['A', 'A+', 'B', 'AA'])}, equity ratio {R.randint(8, 60)} %, no payment remarks.",
        ch([f"Suggested credit limit NOK {amount_en(50000, 900000)}.", "Annual accounts 2023 filed on time."]),
        ch([f"Customer account {R.randint(10000, 99999)}.", ""]))


@tpl("no_int_tender", "no", "internal", 6)
def _():
    cs = R.sample(COMPANIES, 3)
    return (f"Anbudsåpning {d_no()} (konkurranse {R.randint(2023, 2025)}-{R.randint(10, 99)}): Mottatt tre tilbud – "
            f"{cs[0][0]} ({ORG(fmt_orgnr(gen_orgnr()))}), {cs[1][0]} (org.nr. {ORG(fmt_orgnr(gen_orgnr()))}) og "
            f"{cs[2][0]} (org.nr. {ORG(fmt_orgnr(gen_orgnr()))}). Laveste pris kr {amount_no(100000, 2000000)} eks. mva."
            + ch(["", f" Budsjettramme kr {big_amount_no()}.", f" Arkivsak {neg11(False)}."]))


@tpl("en_int_group_structure", "en", "internal", 6)
def _():
    a, b = R.sample(COMPANIES, 2)
    return join(
        f"Group structure update: {a[0]} (org. no. {ORG(fmt_orgnr(gen_orgnr()))}) will be merged into {b[0]} ({ORG(fmt_orgnr(gen_orgnr()))}) with effect from 1 January {R.randint(2025, 2026)}.",
        ch(["All open purchase orders transfer automatically.", "Supplier master data must be updated before year end."]),
        ch([f"Project code {rdigits(6)}.", ""]))


@tpl("no_int_b2b_invoice_header", "no", "internal", 6)
def _():
    a, b = R.sample(COMPANIES, 2)
    return join(
        f"Faktura {inv8(ch('1234'))} fra {a[0]}, NO {ORG(fmt_orgnr(gen_orgnr()))} MVA, til {b[0]}, org.nr. {ORG(fmt_orgnr(gen_orgnr()))}.",
        f"Gjelder rammeavtale {ch(['RA', 'AVT'])}-{rdigits(4)}, leveranse uke {R.randint(2, 50)}.",
        f"Sum kr {amount_no(5000, 900000)} inkl. mva. Forfall {d_no()}.")


# ================================ public, Norwegian =============================================================

@tpl("no_pub_open_day", "no", "public", 6)
def _():
    comp = company()
    return join(
        f"Åpen dag hos {comp[0]} lørdag {d_no_long(rdate_wd(5, range(3, 11)))}!",
        ch(["Vi viser fram den nye laserskjæreren (modell LX-3015) og serverer kaffe og vafler fra kl. 11:00.",
            f"Kom og se produksjonslinjen i {ch(PLACES)} – omvisning hver hele time mellom 10 og 14."]),
        ch(["Vår lærlingeordning presenteres av avdelingslederne.", "Sol eller regn, vi griller uansett.",
            "Gratis parkering ved hovedinngangen."]),
        ch(["Velkommen!", "Ingen påmelding nødvendig.", f"Arr.nr. {rdigits(5)}.",
            f"Følg oss på Instagram: @{comp[1].split('.')[0]}"]))


@tpl("no_pub_job_ad", "no", "public", 6)
def _():
    role = ch(["platearbeider", "CNC-operatør", "servicetekniker", "lagerleder", "regnskapsmedarbeider"])
    return join(
        f"Vi søker {role} til fast stilling i {ch(PLACES)}.",
        ch(["Stillingen krever gyldig politiattest.", "Førerkort klasse B er en fordel.",
            "Du må kunne jobbe skift."]),
        ch(["Lønn etter tariffavtale.", "Vi har egen bedriftshelsetjeneste og gode pensjonsordninger."]),
        ch(["Vi ønsker en mangfoldig arbeidsstyrke og oppfordrer alle kvalifiserte til å søke, uansett bakgrunn, funksjonsevne eller livssyn.",
            "Bedriften er IA-bedrift og tilrettelegger ved behov."]),
        f"Søknadsfrist {d_no_long()}. Ref. {R.randint(2023, 2025)}/{R.randint(10, 99)}.")


@tpl("no_pub_release_notes", "no", "public", 6)
def _():
    v_new, v_old = version_pair()
    return join(
        f"Versjon {v_new} av styringsprogramvaren er ute.",
        ch(["Endringer: raskere oppstart, ny rapport for kassasjon og rettet feil i etikettutskrift.",
            "Nytt i denne versjonen: støtte for to språk i operatørpanelet og eksport til CSV."]),
        f"Oppgrader fra {v_old} via menyen Innstillinger > Om.",
        ch([f"Gjelder artikkelnummer {artno()} og {artno()}.", f"Build {rdigits(5)}, utgitt {d_no()}."]))


@tpl("no_pub_sick_policy", "no", "public", 5)
def _():
    return join(
        ch(["Retningslinjer for sykefravær:", "Slik melder du fravær:"]),
        "Meld fra til nærmeste leder før kl. 08:00 første fraværsdag.",
        ch(["Egenmelding kan brukes i inntil 8 kalenderdager.", "Ved fravær over 16 dager følger NAV opp.",
            "Leder skal ha oppfølgingssamtale innen fire uker.", "Sykt barn meldes på samme måte."]),
        ch(["Les mer om HMS og bedriftshelsetjenesten på intranettet.",
            "Helseopplysninger skal aldri sendes på e-post eller legges i Teams."]))


@tpl("no_pub_order_confirmation", "no", "public", 6)
def _():
    return join(
        f"Ordrebekreftelse {inv8(ch('123'))}",
        f"\nTakk for bestillingen! {R.randint(2, 40)} stk kulelager 6205-2RS (art.nr. {inv8(ch('49'))}) og {R.randint(1, 10)} stk {ch(['kilereim SPA 1250', 'O-ringsett 120 deler', 'hydraulikkslange 1/2'])}.",
        f"\nSum kr {amount_no(500, 90000)} eks. mva. Forventet levering uke {R.randint(2, 50)}.",
        f"\nReferanse {ch([neg9(), neg11()])}. Betalingsvilkår 30 dager.", sep="")


@tpl("no_pub_maintenance", "no", "public", 6)
def _():
    return join(
        f"Planlagt vedlikehold: ERP-systemet er utilgjengelig søndag {d_no(rdate_wd(6))} kl. 06–10.",
        f"Etter oppgradering til versjon {version4()} må alle logge inn på nytt.",
        ch(["Nettverket 10.20.0.0/16 flyttes til ny brannmur samme natt.",
            "Nettmasken endres til 255.255.252.0 på gjestenettet.", "Skrivere trenger ikke ny driver."]),
        ch(["Spørsmål? Bruk IT-portalen.", "Beklager ulempen.",
            "Meld feil i Teams-kanalen @it-drift, ikke på e-post.", "Ny konfig: erp-api@v" + version4() + "."]))


@tpl("no_pub_canteen", "no", "public", 5)
def _():
    return join(
        f"Meny uke {R.randint(2, 50)}\nMandag: fiskesuppe (inneholder fisk, melk, selleri)\nTirsdag: kyllinggryte med ris\nOnsdag: {ch(['vegetar-lasagne', 'taco', 'pølser i lompe'])}",
        ch(["\nAllergener er merket; spør kantina om glutenfrie alternativer.",
            "\nDagens suppe serveres fra kl. 11:00. Vår nye kokk starter i neste uke."]),
        sep="")


@tpl("no_pub_christmas", "no", "public", 5)
def _():
    return join(
        f"Julebord fredag {d_no_long(rdate_wd(4, (11, 12)))}!",
        ch(["Vi starter med konsert i Domkirken kl. 18:00 og går deretter samlet til hotellet.",
            "Vi møtes i menighetshuset ved Kirkegata for gløgg før middagen."]),
        ch(["Meld fra om allergier til kantina innen fredag.", "Alkoholfrie alternativer serveres."]),
        ch(["Vår julelunsj for pensjonister er 14. desember.", "Dag to er fri for dem som ønsker det.", ""]))


@tpl("no_pub_ai_prompt", "no", "public", 6)
def _():
    return ch([
        "Skriv et innlegg til LinkedIn om at vi har fått ISO 9001-sertifisering. Nevn at vi har 120 ansatte og har levert til oljeindustrien siden 1987.",
        f"Lag en tabell over ordrene i vedlagte fil, sortert på beløp. Ordrenumrene er {inv8('2')}, {inv8('2')} og {inv8('4')}.",
        f"Forklar forskjellen på KID og fakturanummer på en enkel måte, med eksempel (KID {kid()}, faktura {inv8('1')}).",
        f"Er {neg11(True)} et gyldig fødselsnummer? Forklar hvordan kontrollsifrene regnes ut.",
        f"Lag et budsjettutkast for nytt lager på kr {big_amount_no()}, fordelt på bygg, reoler og IT.",
        "Lag en sjekkliste for sikker bruk av kantpresse. Maks ti punkter, enkelt språk, ingen navn på ansatte.",
        f"Regn ut totalpris for {R.randint(12, 400)} stk à kr {amount_no(40, 900)} pluss 25 % mva, og vis utregningen steg for steg.",
        f"Oppsummer vedlagte HMS-rapport for {ch(MONTHS_NO)} i fem kulepunkter. Skriv på nynorsk og hold det nøytralt.",
        f"Foreslå tre titler på nyhetsbrevet vårt til kunder i {ch(PLACES)}. Tonen skal være uformell, men saklig.",
        "Skriv en kort stillingsannonse for en sveiser. Nevn at stillingen krever politiattest og at lønn følger tariffavtalen.",
        f"Oversett til engelsk: «Varene sendes fra lageret i {ch(PLACES)} innen tre virkedager. Vår kundeservice svarer hverdager 08–16.»",
    ])


@tpl("no_pub_hms_news", "no", "public", 5)
def _():
    return join(
        ch(["HMS-nytt:", "Fra verneombudet:"]),
        ch(["Nytt førstehjelpskurs for nyansatte holdes i kantina", "HMS-kurs for alle skiftledere holdes i rom 214"]),
        "{} {} kl. {}.".format(*(lambda d: (WEEKDAYS_NO[d.weekday()], d_no(d)))(rdate_wd(R.randint(0, 4))), hhmm()),
        ch(["Vi hadde null fraværsskader i fjor – godt jobbet!",
            "Husk vernebriller og hørselvern i hall B.",
            "Liv og helse går alltid foran fremdrift."]),
        ch(["Tema for psykisk helse-uka blir stress og søvn.", ""]))


@tpl("no_pub_tracking", "no", "public", 5)
def _():
    return join(
        f"Sendingen din med sporingsnummer {tracking()} er på vei.",
        "Forventet levering {} mellom {} og {}.".format(d_no(), *window()),
        ch([f"Hentekode: {rdigits(6)}.", f"Pakken veier {R.randint(1, 30)},{R.randint(0, 9)} kg.",
            f"Hentested: Post i Butikk, {' '.join(ch(POSTCODES))}.", f"Kollinr. {neg11(False)}."]),
        "Du kan endre leveringssted i appen.")


@tpl("no_pub_course_plan", "no", "public", 6)
def _():
    return join(
        "Kursplan sveisekurs:",
        f"Dag 1 – teori og HMS. Dag 2 – praktisk sveising i rom {R.randint(100, 400)}. Dag 3 – prøve.",
        ch(["Vår instruktør har over 20 års erfaring.", "Vår erfaring er at små grupper gir best læring."]),
        ch(["Liv og helse går foran fremdrift.", "Berg og dal-banen ved porten er stengt."]),
        f"Kursavgift kr {amount_no(3000, 9000)}.")


@tpl("nn_pub_notice", "no", "public", 6)
def _():
    return join(
        "Kunngjering:",
        f"Verkstaden held stengt i fellesferien frå veke {R.randint(27, 29)} til {R.randint(30, 32)}.",
        ch(["Vakttelefonen er open for avtalekundar.", "Bestillingar som kjem inn i ferien, vert handsama frå 5. august."]),
        ch(["God sommar!", "Vi ønskjer alle ein fin ferie.", "Sol og varme til alle!"]))


@tpl("no_pub_invoice_terms", "no", "public", 5)
def _():
    return join(
        "Betalingsbetingelser: 14 dager netto.",
        "Ved forsinket betaling beregnes forsinkelsesrente etter lov.",
        f"Oppgi alltid fakturanummer (8 siffer, f.eks. {inv8('4')}) og KID ved betaling.",
        ch([f"Minste fakturabeløp er kr {amount_no(100, 500)}.", f"Ordre over kr {big_amount_no()} krever forskudd."]))


@tpl("no_pub_privacy_notice", "no", "public", 6)
def _():
    return join(
        "Påminnelse fra personvernombudet:",
        "Ikke send fødselsnummer, kontonummer eller helseopplysninger på e-post eller i chat.",
        ch(["Bruk den sikre portalen for sensitive vedlegg.", "Politiattester lagres kun i HR-systemet."]),
        ch([f"Eksempel på feil format: {neg11()} er ikke et gyldig fødselsnummer.", "Spør om du er usikker.",
            f"Se prosedyre PV-{rdigits(3)} versjon {R.randint(1, 9)}.{R.randint(0, 9)}."]))


# ================================ public, English ===============================================================

@tpl("en_pub_release_notes", "en", "public", 7)
def _():
    new, old = version_pair()
    return join(
        f"Release notes – Shopfloor Client {new}",
        ch(["\n- Faster start-up on older terminals\n- Fixed a crash when printing labels",
            "\n- New scrap report\n- Operator panel now supports Norwegian and English"]),
        f"\nUpgrade path: {old} → {new}. Build {rdigits(6)}.",
        ch(["\nMark the old installer as obsolete.", "\nWill be rolled out in May.",
            f"\nInstall: npm i @shopfloor/client@{new}", f"\nImage: shopfloor/api@sha256:{R.getrandbits(64):016x}"]), sep="")


@tpl("en_pub_job_ad", "en", "public", 7)
def _():
    role = ch(["Maintenance Technician", "Quality Engineer", "Production Planner", "Warehouse Supervisor"])
    return join(
        f"We are hiring: {role}, permanent position in {ch(PLACES)}.",
        ch(["A clean criminal record certificate is required.", "Shift work and a valid driving licence are required."]),
        ch(["Pay according to the collective (union) agreement.", "Competitive salary and a good pension scheme."]),
        ch(["We welcome applicants regardless of gender, age, disability, religion or ethnic background.",
            "Our diversity policy is available on request."]),
        f"Apply by {d_en()}, ref. {R.randint(2023, 2025)}-{R.randint(10, 99)}.")


@tpl("en_pub_shipping_update", "en", "public", 7)
def _():
    return join(
        f"Your shipment {tracking()} has left our warehouse in {ch(PLACES)}.",
        "Estimated delivery: {} between {} and {}.".format(d_en(), *window()),
        ch([f"Order {inv8(ch('123'))}, {R.randint(1, 5)} parcels.", f"Consignment {neg9()}.", "Track it in the app."]),
        "Please do not reply to this message.")


@tpl("en_pub_ai_prompt", "en", "public", 7)
def _():
    return ch([
        "Summarise this complaint: \"The hydraulic press arrived with a cracked housing and the manual was in German only. We expect a replacement within two weeks.\"",
        "Rewrite this paragraph for our website so it sounds friendlier: \"We machine steel, aluminium and plastics to tight tolerances for the offshore industry.\"",
        f"Write a polite payment reminder template for invoices over NOK {amount_en(10000, 90000)}. Use placeholders for the customer name and invoice number.",
        f"Explain what a KID number is and how it differs from an invoice number like {inv8('1')}.",
        f"Is {neg11(True)} a valid Norwegian national ID number? Explain how the two check digits work.",
        f"Translate to Norwegian: \"Your order {inv8('2')} has been shipped and should arrive within {R.randint(2, 6)} working days.\"",
        f"Write a short LinkedIn post celebrating {R.randint(10, 60)} years of our machine shop in {ch(PLACES)}. Keep it under 80 words.",
        f"Create an Excel formula that flags invoices in column D older than {ch(['30', '45', '60', '90'])} days and sums them per customer.",
        "Give me five interview questions for a CNC operator role. Avoid questions about age, religion, health or union membership.",
        "Ask Copilot vs. Claude: which is better for summarising meeting notes? Give pros and cons in a table.",
    ])


@tpl("en_pub_maintenance", "en", "public", 7)
def _():
    return join(
        "Planned maintenance: the customer portal will be unavailable on {} from {} to {}.".format(d_en(), *window()),
        f"We are upgrading the firmware on all label printers to {version4()}.",
        ch(["The guest Wi-Fi range 192.168.50.0/24 will move to a new VLAN.",
            "The subnet mask on the guest network changes to 255.255.255.0.", "No action needed from you."]),
        "Thank you for your patience.")


@tpl("en_pub_faq", "en", "public", 7)
def _():
    return join(
        "FAQ: Where do I find my invoice number?",
        f"It is the 8-digit number in the top right corner, e.g. {inv8(ch('14'))}.",
        ch([f"Case numbers have 11 digits (e.g. {neg11()}) and are not the same thing.",
            f"Order numbers have 9 digits, e.g. {neg9()}.", ""]),
        f"Your customer number has 5 digits (e.g. {R.randint(10000, 99999)}) and your KID is printed at the bottom.",
        ch(["Need help? Use the contact form on our website.", "Bill of materials questions go to the sales team."]))


@tpl("en_pub_safety_bulletin", "en", "public", 7)
def _():
    return join(
        f"Safety bulletin {R.randint(1, 40)}/{R.randint(2023, 2025)}:",
        ch(["A forklift near-miss in hall C reminds us to use the marked walkways.",
            "Hearing protection is mandatory near the press line from Monday."]),
        ch(["The first aid course runs again in May.", "Mental health awareness week starts on the 14th."]),
        ch(["Hope to see you all there.", "Report hazards in the HSE app.", ""]))


@tpl("en_pub_policy", "en", "public", 7)
def _():
    return join(
        ch(["Sick-leave policy (summary):", "Absence rules, short version:"]),
        "Notify your manager before 08:00 on the first day of absence.",
        ch(["Self-certification covers up to eight calendar days.",
            "Employees may swap shifts to observe religious holidays.",
            "A medical certificate is required from day nine.",
            "Managers hold a follow-up conversation within four weeks of sick leave."]),
        ch(["Health information must never be shared in group chats.",
            "The union agreement sets overtime rates; see section 4.2.1.3 of the handbook.",
            "Questions go to HR through the portal.", "The same rules apply to apprentices and temps."]))


@tpl("en_pub_product", "en", "public", 7)
def _():
    return join(
        ch(["New in the shop:", "Product update:"]),
        f"the {ch(['Bosch GSB 18V-55 drill', 'Makita DHR243 hammer', 'Hilti TE 30 rotary hammer'])} (product code {artno()}) is now in stock.",
        ch(["Service vans have been replaced with Mercedes Sprinter and Ford Transit models.",
            "Ask Siri or Alexa for the opening hours – the voice skill is live."]),
        f"Price NOK {amount_en(900, 9000)} excl. VAT.")


@tpl("en_pub_quote_generic", "en", "public", 7)
def _():
    return join(
        f"Quote Q-{R.randint(23, 25)}-{rdigits(4)}",
        f"\n{R.randint(20, 400)} pcs flange DN{ch(['50', '80', '100'])} PN16, stainless 316L, unit price NOK {amount_en(100, 900)}.",
        f"\nLead time {R.randint(2, 8)} weeks ex works. Valid until {d_en()}.",
        ch(["\nPrices exclude VAT and freight.", "\nDrawing rev. B applies.", ""]), sep="")


@tpl("en_pub_word_names", "en", "public", 7)
def _():
    return join(
        ch(["Please mark the invoice as paid and file it.", "Mark the damaged pallets in red before Friday."]),
        ch(["We will ship the rest in May.", "Will the new press be ready by June?"]),
        ch(["The bill of materials is attached.", "Bill the freight separately, as agreed."]),
        ch(["Hope this helps!", "Frank feedback from the night shift is welcome.", "Grace period for returns is 30 days."]),
        f"Ref. {inv8('9')}.")


@tpl("en_pub_event", "en", "public", 7)
def _():
    return join(
        f"Join us for our summer party on {d_en(rdate_wd(4, (6, 7, 8)))}!",
        ch(["The company choir performs at St. Olav's Church at 17:00 before dinner.",
            "We will mark Pride Month with a flag at the main gate.",
            "Diversity Day features food from all over the world."]),
        ch(["Let the canteen know about any allergies.", "Vegetarian and halal options are available."]),
        ch(["See you there!", f"Event no. {rdigits(5)}.", "Tag your photos @team-summer on Yammer."]))


# ================================ extra confidential templates (mixed) ==========================================

@tpl("no_expense_claim", "no", "confidential", 4)
def _():
    p, q = person(), person()
    return join(
        f"Reiseregning {R.randint(2023, 2025)}-{rdigits(4)} – {P(p.full)}.",
        f"Utlegg kr {amount_no(200, 9000)} for hotell i {ch(PLACES)}, betalt med privat kort ({CA(fmt_card(gen_card()))}).",
        f"Refunderes til konto {BA(fmt_bank(gen_bank()))}.",
        ch([f"Attestant: {P(q.full)}.", ""]))


@tpl("no_customer_complaint_prompt", "no", "confidential", 4)
def _():
    p = person()
    return join(
        "Oppsummer denne klagen i tre punkter og foreslå et svar:",
        f"«Hei, jeg heter {P(p.full)} og bestilte en {ch(['varmepumpe', 'vaskemaskin', 'hagestol'])} (ordre {inv8('3')}) den {d_no_long()}.",
        ch([f"Den kom aldri. Ring meg på {PH(gen_phone_no('mobile'))}.»",
            f"Den ble levert til feil adresse – jeg bor i {AD(addr_no(True, False))}.»",
            f"Svar gjerne til {EM(email_for(p))}.»"]))


@tpl("en_mixed_hr_note", "en", "confidential", 6)
def _():
    p, q = person(), person()
    kind = ch(["h", "so", "rel", "eth"])
    if kind == "h":
        s = f"{P(p.first)} told me {p.he} is {H('pregnant')} and wants to reduce night shifts." if p.f else \
            f"{P(p.first)} told me {p.he} takes {H(ch(['insulin', 'antidepressants', 'blood thinners']))} and needs regular breaks."
    elif kind == "so":
        s = f"{P(p.first)} mentioned {p.he} is {SO(ch(SO_EN))}; {p.his} partner will attend the family day."
    elif kind == "rel":
        v, phrase = ch(REL_EN)
        s = f"{P(p.first)} {join(v, REL(phrase))} and asked about flexible hours on holy days."
    else:
        v, phrase = ch(ETH_EN)
        s = f"{P(p.first)} {v} {ETH(phrase)} and offered to help with the Northern Norway recruitment fair."
    return join(f"1:1 notes, {d_en()}, {P(p.full)} / {P(q.full)}.", s,
                ch(["Our diversity policy covers this.", "No action needed beyond the usual health and safety course.",
                    "Agreed to revisit in three months."]))


@tpl("no_mixed_hr_note", "no", "confidential", 5)
def _():
    p, q = person(), person()
    kind = ch(["h", "so", "cr", "tu"])
    if kind == "h":
        s = (f"{P(p.first)} er {H('gravid')} og ønsker å slippe nattskift." if p.f else
             f"{P(p.first)} bruker {H(ch(['blodfortynnende medisiner', 'insulin', 'antidepressiva']))} og trenger faste pauser.")
    elif kind == "so":
        s = f"{P(p.first)} nevnte at {p.han} er {SO(ch(SO_NO))}; partneren blir med på familiedagen."
    elif kind == "cr":
        s = f"{P(p.first)} har en {CR(ch(['dom for promillekjøring', 'dom for underslag', 'bot for narkotikabesittelse']))} fra {R.randint(2010, 2020)} og kan ikke kjøre firmabil."
    else:
        s = f"{P(p.first)} er {TU(ch(TU_NO))} og vil ha med en tillitsvalgt i neste samtale."
    return join(f"Samtalenotat {d_no()}, {P(p.full)} / {P(q.full)}.", s,
                ch(["Følges opp om tre måneder.", "Tariffavtalen gir ingen særregler her.", "Se HMS-håndboka kap. 4."]))


@tpl("no_allergy_note", "no", "confidential", 3)
def _():
    p, q = person(), person()
    return join(
        f"Til kantina: {P(p.full)} har {H(ch(['alvorlig nøtteallergi', 'cøliaki', 'skalldyrallergi', 'laktoseintoleranse']))} og har med adrenalinpenn.",
        f"Gi beskjed til {P(q.first)} på {PH(gen_phone_no())} om menyen endres.",
        ch(["Allergener merkes som vanlig.", ""]))


@tpl("no_nav_refund", "no", "confidential", 5)
def _():
    p, q = person(), person()
    a = rdate()
    b = later(a, 17, 120)
    return join(
        f"Refusjonskrav sykepenger sendt NAV {d_no(later(b, 3, 20))}:",
        f"arbeidstaker {P(p.full)}, fødselsnr. {FN(fmt_fnr(gen_fnr(p.gender)))}, sykmeldt {d_no(a)}–{d_no(b)} ({ch(['100', '50', '60'])} %).",
        ch(["Arbeidsgiverperioden er dekket.", "Inntektsmeldingen er sendt via Altinn."]),
        f"Kontaktperson lønn: {P(q.full)}, tlf. {PH(gen_phone_no())}.")


@tpl("en_insurance_enrolment", "en", "confidential", 4)
def _():
    p, q = person(), person()
    return join(
        f"Group life insurance enrolment – employee {P(p.full)}, national identity number {FN(fmt_fnr(gen_fnr(p.gender)))}.",
        f"Beneficiary: {P(q.full)} ({ch(['spouse', 'partner', 'cohabitant'])}).",
        ch([f"Policy documents to {EM(email_for(p))}.", f"Questions: call {PH(gen_phone_no())}."]),
        f"Policy no. {ch(['GL', 'PL'])}-{rdigits(7)}.")


@tpl("en_allergy_note", "en", "confidential", 3)
def _():
    p, q = person(), person()
    return join(
        f"Catering note for the kick-off: {P(p.full)} has {H(ch(['a severe peanut allergy', 'coeliac disease', 'a shellfish allergy', 'lactose intolerance']))}.",
        f"{P(q.first)} will check the menu with the hotel ({EM(email_for(q, company()[1]))}).",
        "All other dietary needs follow the standard allergen list.")


# ----------------------------------------------------------------------------------------------------------------
# validation

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")


class Retry(Exception):
    pass


def need(cond, msg):
    if not cond:
        raise Retry(msg)


def masked(text, ents):
    t = list(text)
    for e in ents:
        for i in range(e["start"], e["end"]):
            if t[i] != "\n":
                t[i] = "#"
    return "".join(t)


def validate(text, ents, cls):
    need(100 <= len(text) <= 600, f"length {len(text)}")
    prev_end = -1
    for e in ents:
        assert e["start"] >= prev_end, "overlap/unsorted"
        prev_end = e["end"]
        s = text[e["start"]:e["end"]]
        t = e["type"]
        if t == "FNR":
            assert fnr_valid(s), s
        elif t == "DNR":
            assert fnr_valid(s, d_number=True), s
        elif t == "ORGNR":
            assert orgnr_ok(s), s
        elif t == "BANK_ACCOUNT":
            assert bank_ok(s), s
        elif t == "IBAN":
            assert iban_ok(s), s
        elif t == "CARD":
            assert luhn_ok(s) and len(re.sub(r"\D", "", s)) in (15, 16), s
        elif t == "EMAIL":
            assert EMAIL_RE.fullmatch(s), s
    for a, b in zip(ents, ents[1:]):  # a full name is one mention: never two PERSON spans split by a space
        assert not (a["type"] == b["type"] == "PERSON" and text[a["end"]:b["start"]] in ("", " ")), text
    types = {e["type"] for e in ents}
    got = "confidential" if types - {"ORGNR"} else ("internal" if types else "public")
    assert got == cls, (got, cls, text)

    m = masked(text, ents)
    # hard negatives must fail every check
    for x in re.finditer(r"(?<![\d#])\d{11}(?![\d#])", m):
        need(not fnr_checksum_ok(x.group()) and not bank_ok(x.group()), f"unlabelled valid 11-digit {x.group()}")
    for x in re.finditer(r"(?<![\d#])\d{6} \d{5}(?![\d#])", m):
        need(not fnr_checksum_ok(x.group()), f"unlabelled fnr-like {x.group()}")
    for x in re.finditer(r"(?<![\d#])\d{4}[ .]\d{2}[ .]\d{5}(?![\d#])", m):
        need(not bank_ok(x.group()), f"unlabelled bank-like {x.group()}")
    for x in re.finditer(r"(?<![\d#])\d{9}(?![\d#])|(?<![\d#])\d{3} \d{3} \d{3}(?![\d#])", m):
        need(not orgnr_ok(x.group()), f"unlabelled orgnr {x.group()}")
    for x in re.finditer(r"(?<![\d#])\d(?:[ -]?\d){12,18}(?![\d#])", m):
        need(not luhn_ok(x.group()) or len(re.sub(r"\D", "", x.group())) not in (15, 16),
             f"unlabelled luhn-valid {x.group()}")
    for x in re.finditer(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}", m):
        need(not iban_ok(x.group()), f"unlabelled iban {x.group()}")
    for x in EMAIL_RE.finditer(m):
        raise AssertionError(f"unlabelled e-mail {x.group()} in {text!r}")
    # every PERSON surface and its name tokens must not occur unlabelled elsewhere
    for e in ents:
        if e["type"] != "PERSON":
            continue
        s = text[e["start"]:e["end"]]
        for tok in {s, *s.split()}:
            if len(tok) < 3:
                continue
            for x in re.finditer(r"(?<!\w)" + re.escape(tok) + r"(?!\w)", m):
                need(False, f"unlabelled name token {tok!r}")
    # the same surface must not be labelled inconsistently: a text must not contain '#'-free duplicates (checked above)


def build():
    recs, seen = [], set()
    for tid, lang, cls, n, fn in TEMPLATES:
        for _ in range(n):
            for attempt in range(200):
                marked = fn()
                text, ents = render(marked)
                try:
                    need(text not in seen, "duplicate text")
                    validate(text, ents, cls)
                    seen.add(text)
                    break
                except Retry:
                    continue
            else:
                raise SystemExit(f"template {tid} failed validation 200 times")
            recs.append({"lang": lang, "template": tid, "text": text, "entities": ents, "class": cls})
    R.shuffle(recs)
    out = []
    for i, r in enumerate(recs, 1):
        out.append({"id": f"fresh4-{i:04d}", **r})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "evals" / "pii" / "fresh4.jsonl"))
    args = ap.parse_args()
    ids = [t[0] for t in TEMPLATES]
    assert len(ids) == len(set(ids)), "duplicate template id"
    recs = build()
    tc = Counter(e["type"] for r in recs for e in r["entities"])
    cc = Counter(r["class"] for r in recs)
    lc = Counter(r["lang"] for r in recs)
    minimum = {"PERSON": 300, "PHONE": 80, "EMAIL": 60}
    low = [t for t in TYPES if tc.get(t, 0) < minimum.get(t, 12)]
    if low:
        raise SystemExit(f"too few entities of: {low} (nothing written)")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(recs)} records to {args.out} ({len(TEMPLATES)} templates)")
    print("languages:", dict(lc))
    print("classes:  ", {k: f"{v} ({100 * v / len(recs):.1f}%)" for k, v in sorted(cc.items())})
    print("entities per type:")
    for t in TYPES:
        print(f"  {t:20s} {tc.get(t, 0):4d}")


if __name__ == "__main__":
    main()
