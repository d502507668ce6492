#!/usr/bin/env python3
"""Build evals/pii/fresh8.jsonl -- the eighth independently written, hand-designed
labelled PII evaluation set (Norwegian / English).

Domains (new in this series): machine shop, HR screening, IT support chatbot,
insurance claims, university admissions, housing cooperative, sports club,
pharmacy, travel agency, accounting firm, web-shop customer service, Slack/Teams.

Every text is assembled from parts that are either plain strings or
(TYPE, surface) tuples, so the character offsets are exact by construction.
Parts typed "_NEG" are deliberate hard negatives: they are NOT labelled, but
they are kept apart so the script can assert that they really fail the
relevant check-digit algorithms.

Standard library only.  Deterministic: random.Random("20261126_8").
Run:  python3 scripts/build_pii_fresh8.py
"""
import hashlib
import ipaddress
import json
import os
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict

SEED = "20261126_8"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "evals", "pii", "fresh8.jsonl"))

TYPES = {"PERSON", "EMAIL", "PHONE", "IP", "ADDRESS", "FNR", "DNR", "ORGNR",
         "BANK_ACCOUNT", "IBAN", "CARD", "HEALTH", "TRADE_UNION", "RELIGION",
         "ETHNICITY", "SEXUAL_ORIENTATION", "CRIMINAL_RECORD"}

# ---------------------------------------------------------------------------
# Check-digit algorithms (implemented from the public definitions)
# ---------------------------------------------------------------------------
FNR_W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
FNR_W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
ORG_W = [3, 2, 7, 6, 5, 4, 3, 2]
BANK_W = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]


def mod11_digit(digits, weights):
    """Return the mod-11 check digit (0-9) or None when it would be 10."""
    s = sum(int(d) * w for d, w in zip(digits, weights))
    k = 11 - s % 11
    if k == 11:
        return 0
    if k == 10:
        return None
    return k


def only_digits(s):
    return re.sub(r"\D", "", s)


def fnr_checkdigits_ok(d):
    """Both fødselsnummer check digits valid (date not considered)."""
    if len(d) != 11 or not d.isdigit():
        return False
    k1 = mod11_digit(d[:9], FNR_W1)
    if k1 is None or k1 != int(d[9]):
        return False
    k2 = mod11_digit(d[:10], FNR_W2)
    return k2 is not None and k2 == int(d[10])


MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def _date_ok(dd, mm, yy):
    if not 1 <= mm <= 12:
        return False
    maxd = MONTH_DAYS[mm - 1]
    if mm == 2 and yy % 4 != 0:
        maxd = 28
    return 1 <= dd <= maxd


def fnr_valid(d):
    return fnr_checkdigits_ok(d) and _date_ok(int(d[:2]), int(d[2:4]), int(d[4:6]))


def dnr_valid(d):
    return (fnr_checkdigits_ok(d) and int(d[0]) >= 4
            and _date_ok(int(d[:2]) - 40, int(d[2:4]), int(d[4:6])))


def orgnr_valid(d):
    if len(d) != 9 or not d.isdigit():
        return False
    k = mod11_digit(d[:8], ORG_W)
    return k is not None and k == int(d[8])


def bank_valid(d):
    if len(d) != 11 or not d.isdigit():
        return False
    k = mod11_digit(d[:10], BANK_W)
    return k is not None and k == int(d[10])


def luhn_valid(d):
    if not d.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(d)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def luhn_digit(partial):
    for c in "0123456789":
        if luhn_valid(partial + c):
            return c
    raise AssertionError


def iban_valid(s):
    s = s.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{8,30}", s):
        return False
    r = s[4:] + s[:4]
    num = "".join(str(int(ch, 36)) for ch in r)
    return int(num) % 97 == 1


def iban_check(country, bban):
    r = bban + country + "00"
    num = "".join(str(int(ch, 36)) for ch in r)
    return "%02d" % (98 - int(num) % 97)


EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
EMAIL_FIND = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

# self-test on the public worked example (fnrinfo.no: 311299567 -> 15)
assert fnr_checkdigits_ok("31129956715")
assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
assert iban_valid("GB82 WEST 1234 5698 7654 32")

# ---------------------------------------------------------------------------
# Name pools (assembled by hand for this set)
# ---------------------------------------------------------------------------
NAMES = {
    "no": {
        "f": ["Kari", "Ingrid", "Marit", "Anne", "Hanne", "Silje", "Ingvild", "Kristin", "Tone",
              "Randi", "Solveig", "Astrid", "Hilde", "Heidi", "Camilla", "Marte", "Synnøve",
              "Ragnhild", "Sigrid", "Torunn", "Nora", "Emma", "Ida", "Thea", "Sofie", "Ane",
              "Guro", "Tuva", "Eli", "Liv", "Vilde", "Mari", "Siv", "Berit", "Gunhild", "Linn",
              "Anne-Lise", "Kari-Anne", "Mari-Ann", "Ann-Kristin", "Inger Marie", "Hege Cathrine",
              "Tone Merete"],
        "m": ["Knut", "Ola", "Jan", "Bjørn", "Ole", "Lars", "Kjell", "Arne", "Hans", "Geir",
              "Terje", "Trond", "Svein", "Morten", "Espen", "Anders", "Eirik", "Magnus", "Henrik",
              "Sindre", "Jonas", "Emil", "Mathias", "Håkon", "Vegard", "Øyvind", "Stian", "Petter",
              "Audun", "Even", "Per", "Dag", "Tor", "Odd", "Frode", "Sverre", "Torbjørn", "Aksel",
              "Fredrik", "Hans-Petter", "Per-Erik", "Tor-Arne", "Jan-Ove", "Per Olav",
              "Nils Kristian", "Lars Erik", "Jon Inge", "Ole Martin"],
        "l": ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen",
              "Kristiansen", "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg",
              "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen",
              "Halvorsen", "Henriksen", "Lund", "Sørensen", "Moen", "Gundersen", "Iversen",
              "Strand", "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen",
              "Bakken", "Kristoffersen", "Mathisen", "Lie", "Amundsen", "Rasmussen", "Lunde",
              "Solheim", "Berge", "Moe", "Nygård", "Bakke", "Holm", "Lien", "Hauge", "Myhre",
              "Sæther", "Aas", "Hagen-Solberg", "Nilsen Tveit", "Lie-Andersen"],
    },
    "no_old": {
        "f": ["Gunvor", "Halldis", "Borghild", "Magnhild", "Ingeborg", "Dagny", "Sissel", "Åse",
              "Jorunn", "Kjellaug", "Bergljot", "Eldbjørg", "Oddny", "Gudrun", "Aud", "Turid",
              "Bodil", "Signe", "Gyda", "Ragna"],
        "m": ["Ottar", "Halvard", "Sjur", "Olav", "Torleiv", "Tarjei", "Aslak", "Eilif", "Åsmund",
              "Ragnvald", "Gjermund", "Brynjulf", "Oddvar", "Ingebrigt", "Kolbjørn", "Torstein",
              "Anfinn", "Jostein", "Amund", "Helge"],
        "l": ["Tveit", "Rønning", "Fjeld", "Vik", "Brekke", "Aune", "Sunde", "Kvam", "Hovland",
              "Skaug", "Tjelta", "Nesheim", "Aarvik", "Ødegård", "Haugland", "Bjørnstad", "Grønli",
              "Hatlestad", "Fossum", "Rustad", "Steinsland", "Midtbø", "Øvrebø", "Kleppe",
              "Hegdal", "Ramstad", "Veum", "Flatebø", "Røyrvik", "Kvalheim", "Slettebø", "Urdal",
              "Sjursen", "Vatne", "Aakre", "Løvås", "Teigen", "Bø", "Hjelmeland", "Storhaug",
              "Gjerde", "Lysne"],
    },
    "sami": {
        "f": ["Máret", "Biret", "Sárá", "Elle", "Inga", "Ristin", "Ánne", "Kárená", "Máret Ánne",
              "Elle Márjá"],
        "m": ["Niillas", "Ánde", "Ásllat", "Mihkkal", "Jovnna", "Áslak", "Nils Mathis", "Piera",
              "Heaika"],
        "l": ["Gaup", "Somby", "Eira", "Sara", "Hætta", "Buljo", "Oskal", "Bongo", "Utsi", "Turi",
              "Balto", "Mienna", "Triumf", "Logje", "Skum", "Valkeapää"],
    },
    "sv": {"f": ["Karin", "Elin", "Sofia", "Linnea", "Ebba", "Annika", "Maja"],
           "m": ["Erik", "Johan", "Gustav", "Oskar", "Nils", "Viktor", "Henrik"],
           "l": ["Lindqvist", "Sjöberg", "Bergström", "Åkesson", "Lindgren", "Nyström",
                 "Holmberg", "Wallin", "Engström", "Björklund"]},
    "da": {"f": ["Mette", "Louise", "Frederikke", "Lærke", "Signe", "Camilla"],
           "m": ["Søren", "Rasmus", "Jesper", "Mikkel", "Kasper", "Anders"],
           "l": ["Kjærgaard", "Mikkelsen", "Østergaard", "Bech", "Thygesen", "Frandsen",
                 "Vestergaard", "Skov", "Lauridsen"]},
    "fi": {"f": ["Aino", "Satu", "Tuula", "Päivi", "Kaisa", "Noora"],
           "m": ["Mikko", "Juha", "Jukka", "Ville", "Antti", "Teemu"],
           "l": ["Virtanen", "Korhonen", "Mäkinen", "Heikkinen", "Nieminen", "Laaksonen",
                 "Hämäläinen", "Koskinen", "Järvinen", "Lehtonen"]},
    "pl": {"f": ["Katarzyna", "Agnieszka", "Magdalena", "Małgorzata", "Joanna", "Zofia", "Ewa"],
           "m": ["Piotr", "Tomasz", "Grzegorz", "Paweł", "Krzysztof", "Łukasz", "Marek"],
           "l": ["Kowalczyk", "Wójcik", "Lewandowski", "Szymański", "Kamiński", "Zieliński",
                 "Wiśniewski", "Dąbrowski", "Nowak", "Mazur", "Krawczyk", "Nowicki"]},
    "lt": {"f": ["Rūta", "Aistė", "Giedrė", "Eglė", "Ieva", "Laura"],
           "m": ["Tomas", "Mantas", "Darius", "Jonas", "Mindaugas", "Paulius"],
           "l": ["Kazlauskas", "Jankauskas", "Butkus", "Žukauskas", "Petrauskas", "Stankevičius",
                 "Vasiliauskas"],
           "lf": ["Petrauskienė", "Vasiliauskaitė", "Stankevičiūtė", "Kazlauskienė", "Butkutė",
                  "Jankauskaitė"]},
    "ua": {"f": ["Oksana", "Iryna", "Olena", "Nataliia", "Yuliia", "Kateryna"],
           "m": ["Taras", "Andrii", "Dmytro", "Oleksandr", "Serhii", "Bohdan"],
           "l": ["Kovalenko", "Shevchuk", "Bondarenko", "Melnyk", "Tkachenko", "Kravchenko",
                 "Boiko", "Moroz", "Lysenko", "Savchenko"]},
    "so": {"f": ["Hodan", "Faadumo", "Ayaan", "Hibaaq", "Sahra", "Nimco", "Ifrah", "Deeqa"],
           "m": ["Mohamed", "Abdirahman", "Khadar", "Abdullahi", "Liban", "Mahad", "Yusuf"],
           "l": ["Abdi", "Warsame", "Hassan", "Jama", "Farah", "Osman", "Mohamud", "Egal", "Aden",
                 "Nur"]},
    "er": {"f": ["Senait", "Helen", "Selam", "Ruta", "Mebrat", "Saba", "Yordanos"],
           "m": ["Yonas", "Biniam", "Dawit", "Filmon", "Henok", "Robel", "Semere"],
           "l": ["Tesfay", "Haile", "Ghebremedhin", "Tekle", "Woldemariam", "Berhane", "Kidane",
                 "Gebreyesus", "Tesfamariam", "Habte"]},
    "ar": {"f": ["Lina", "Yara", "Rasha", "Nour", "Rania", "Hiba", "Dima"],
           "m": ["Rami", "Omar", "Fadi", "Khaled", "Ahmad", "Tarek", "Mahmoud"],
           "l": ["Al-Hassan", "Haddad", "Khalil", "Saleh", "Mansour", "Ibrahim", "Al-Masri",
                 "Darwish", "Nasser", "Hamdan", "Al-Khatib"]},
    "tr": {"f": ["Ayşe", "Elif", "Zeynep", "Fatma", "Merve", "Esra"],
           "m": ["Emre", "Mehmet", "Burak", "Mustafa", "Serkan", "Oğuz"],
           "l": ["Yılmaz", "Demir", "Kaya", "Şahin", "Çelik", "Aydın", "Öztürk", "Arslan",
                 "Doğan", "Koç"]},
    "pk": {"f": ["Ayesha", "Sana", "Farah", "Hina", "Mahnoor", "Saima"],
           "m": ["Usman", "Bilal", "Imran", "Zeeshan", "Hamza", "Asif"],
           "l": ["Chaudhry", "Malik", "Hussain", "Butt", "Qureshi", "Iqbal", "Akhtar", "Raza",
                 "Mirza", "Sheikh"]},
    "in": {"f": ["Priya", "Sneha", "Ananya", "Kavitha", "Deepa", "Lakshmi"],
           "m": ["Arjun", "Vikram", "Rohit", "Karthik", "Rahul", "Suresh"],
           "l": ["Raghunathan", "Mehta", "Kulkarni", "Nair", "Iyer", "Deshpande", "Subramanian",
                 "Reddy", "Banerjee", "Menon", "Joshi"]},
    "vi": {"f": ["Thi Lan", "Thi Trang", "Thi Mai", "Thu Linh", "Thi Huong", "Ngoc Thao"],
           "m": ["Van Minh", "Hoang Nam", "Duc Anh", "Quoc Bao", "Van Tuan", "Minh Hieu"],
           "l": ["Nguyen", "Tran", "Pham", "Le", "Hoang", "Vu", "Dang", "Bui", "Nguyễn", "Trần",
                 "Phạm"]},
    "ph": {"f": ["Maria Clara", "Rowena", "Cherry Ann", "Joy", "Kristine", "Mary Grace"],
           "m": ["Jose", "Mark Anthony", "Jerome", "Rodel", "Jun", "Christian"],
           "l": ["Dela Cruz", "Reyes", "Bautista", "Santos", "Villanueva", "Mendoza", "Garcia",
                 "Aquino", "Ramos", "De Leon"]},
    "zh": {"f": ["Fang", "Min", "Jing", "Yuting", "Xiaoling", "Mei"],
           "m": ["Wei", "Jie", "Yang", "Lei", "Hao", "Jun"],
           "l": ["Wang", "Li", "Zhang", "Chen", "Liu", "Zhou", "Xu", "Lin", "Huang", "Zhao"]},
    "en": {"f": ["Fiona", "Siobhán", "Niamh", "Charlotte", "Eilidh", "Rebecca", "Hannah", "Aoife",
                 "Emily", "Catriona"],
           "m": ["Callum", "Ciarán", "Oliver", "Graham", "Padraig", "James", "Euan", "Declan",
                 "Thomas", "Rory"],
           "l": ["MacLeod", "McKenzie", "O'Sullivan", "Doherty", "Byrne", "Bennett", "Hughes",
                 "Sutherland", "Fraser", "Kavanagh", "Thornton", "Campbell", "Murphy", "Walsh",
                 "Whitfield", "Clarke"]},
    "de": {"f": ["Katrin", "Sabine", "Anneke", "Sanne", "Femke", "Julia", "Lena"],
           "m": ["Matthias", "Lukas", "Pieter", "Joost", "Jürgen", "Stefan", "Bram"],
           "l": ["Schäfer", "Brandt", "Hoffmann", "Becker", "de Vries", "van den Berg", "van Dijk",
                 "Jansen", "Bakker", "Vogel", "Müller", "Visser", "ter Horst", "van der Berg",
                 "von Essen"]},
    "es": {"f": ["Lucía", "Carmen", "Ana Luísa", "Beatriz", "Inês", "Marta", "Sofía"],
           "m": ["Javier", "Pablo", "João", "Tiago", "Miguel", "Andrés", "Rui"],
           "l": ["Fernández", "Morales", "Ruiz Ortega", "Jiménez", "Pereira", "Carvalho",
                 "Ferreira", "Costa", "Rodrigues", "García López", "Santos Silva", "de Souza"]},
}
FAMILY_FIRST = {"vi", "zh"}
# Norwegian/English words that are also given names: never used alone in lower case.
AMBIGUOUS_GIVEN = {"Per", "Dag", "Liv", "Tor", "Odd", "Even", "Signe", "Joy", "Jun", "Mai", "Sol",
                   "Li", "Le", "Helen", "Eli", "Ane"}
ORIGIN_WEIGHTS = [("no", 30), ("no_old", 8), ("sami", 5), ("sv", 3), ("da", 3), ("fi", 3),
                  ("pl", 5), ("lt", 3), ("ua", 4), ("so", 4), ("er", 3), ("ar", 4), ("tr", 3),
                  ("pk", 4), ("in", 4), ("vi", 3), ("ph", 3), ("zh", 3), ("en", 5), ("de", 4),
                  ("es", 4), ("mix", 3)]


def asciify(s):
    rep = {"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "å": "aa", "Å": "Aa", "ß": "ss", "ł": "l",
           "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "İ": "I"}
    s = "".join(rep.get(ch, ch) for ch in s)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return s


def _feminise_pl(last):
    for a, b in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
        if last.endswith(a):
            return last[: -len(a)] + b
    return last


class Person:
    def __init__(self, given, family, gender, origin):
        self.given, self.family, self.gender, self.origin = given, family, gender, origin

    @property
    def full(self):
        if self.origin in FAMILY_FIRST:
            return self.family + " " + self.given
        return self.given + " " + self.family

    @property
    def first(self):
        # the name a colleague would use alone
        if self.origin == "vi":
            return self.given.split()[-1]
        return self.given

    @property
    def last(self):
        return self.family

    def pron(self, lang):
        if lang == "en":
            return {"f": ("she", "her", "her"), "m": ("he", "him", "his")}[self.gender]
        if lang == "nn":
            return {"f": ("ho", "henne", "hennar"), "m": ("han", "han", "hans")}[self.gender]
        return {"f": ("hun", "henne", "hennes"), "m": ("han", "ham", "hans")}[self.gender]

    def local(self, style):
        f = asciify(self.first).lower().replace(" ", "").replace("'", "")
        g = asciify(self.given).lower().replace(" ", "").replace("'", "")
        l = asciify(self.family).lower().replace(" ", "").replace("'", "")
        if style == 0:
            return f + "." + l
        if style == 1:
            return f[0] + "." + l
        if style == 2:
            return f + l
        if style == 3:
            return f + "_" + l
        if style == 4:
            return g.replace("-", "") + "." + l
        return f + l[0]

    def handle(self):
        f = asciify(self.first).lower().replace(" ", "").replace("'", "")
        l = asciify(self.family).lower().replace(" ", "").replace("'", "")
        return f + "." + l

# ---------------------------------------------------------------------------
# Other pools
# ---------------------------------------------------------------------------
POSTCODES = [("0155", "Oslo"), ("0557", "Oslo"), ("0661", "Oslo"), ("0468", "Oslo"),
             ("0873", "Oslo"), ("1337", "Sandvika"), ("1366", "Lysaker"), ("1607", "Fredrikstad"),
             ("1530", "Moss"), ("2000", "Lillestrøm"), ("2317", "Hamar"), ("2609", "Lillehammer"),
             ("2815", "Gjøvik"), ("3015", "Drammen"), ("3117", "Tønsberg"), ("3611", "Kongsberg"),
             ("3724", "Skien"), ("3921", "Porsgrunn"), ("4006", "Stavanger"), ("4307", "Sandnes"),
             ("4611", "Kristiansand"), ("4836", "Arendal"), ("5003", "Bergen"), ("5058", "Bergen"),
             ("5527", "Haugesund"), ("6002", "Ålesund"), ("6413", "Molde"), ("7011", "Trondheim"),
             ("7042", "Trondheim"), ("7600", "Levanger"), ("8006", "Bodø"), ("8301", "Svolvær"),
             ("8514", "Narvik"), ("8622", "Mo i Rana"), ("9008", "Tromsø"), ("9600", "Hammerfest"),
             ("9730", "Karasjok"), ("9520", "Kautokeino"), ("9900", "Kirkenes")]
NN_POSTCODES = [("5700", "Voss"), ("6800", "Førde"), ("6770", "Nordfjordeid"), ("5750", "Odda"),
                ("6150", "Ørsta"), ("6856", "Sogndal"), ("5600", "Norheimsund"), ("6100", "Volda")]
STREETS = ["Fjellveien", "Storgata", "Kirkegata", "Industriveien", "Sjøgata", "Havnegata",
           "Nedre Slottsgate", "Bjørnstjerne Bjørnsons gate", "Henrik Ibsens gate",
           "Kong Oscars gate", "Olav Tryggvasons gate", "Dronning Mauds gate", "Haakon VIIs gate",
           "Nordre Ringvei", "Bekkeliveien", "Solheimsgaten", "Tollbugata", "Prestegårdsveien",
           "Elvegata", "Skippergata", "Torggata", "Løkkeveien", "Granveien", "Bjørkeveien",
           "Åsveien", "Furuveien", "Markveien", "Thereses gate", "Trondheimsveien",
           "Ullevålsveien", "Sandakerveien", "Vågsgaten", "Kongens gate", "Prinsens gate",
           "Munkegata", "Jernbanegata", "Verkstedveien", "Sagveien", "Smedgata", "Kirkeveien",
           "Øvre Storgate", "Lundsvingen", "Hegdehaugsveien", "Peder Claussøns gate"]
NN_STREETS = ["Kyrkjevegen", "Strandvegen", "Skulevegen", "Fjordvegen", "Myrvegen", "Sjøvegen",
              "Hamnevegen", "Stasjonsvegen", "Prestegardsvegen", "Lonevegen"]
FOREIGN_ADDR = ["14 Grange Road, Edinburgh EH9 1UQ", "7 Harcourt Terrace, Dublin 2",
                "22 Lime Street, Liverpool L1 1JQ", "48 Kingsway, Cardiff CF10 3AN",
                "3 Queen's Road, Aberdeen AB15 4YL", "Drottninggatan 53, 111 21 Stockholm",
                "Kungsgatan 12, 411 19 Göteborg", "ul. Marszałkowska 84, 00-514 Warszawa",
                "ul. Piotrkowska 120, 90-006 Łódź", "Gedimino pr. 9, LT-01103 Vilnius",
                "Vesterbrogade 31, 1620 København V", "Hauptstraße 17, 69117 Heidelberg",
                "Keizersgracht 212, 1016 DZ Amsterdam", "Calle de Alcalá 120, 28009 Madrid",
                "Rua Augusta 45, 1100-048 Lisboa", "Mannerheimintie 14, 00100 Helsinki",
                "56 Ormeau Road, Belfast BT7 1DT", "11 Victoria Street, Bristol BS1 6AA"]

PARTS_NO = ["flens DN100", "akseltapp Ø40", "lagerhus", "brakett type B", "ventilhus",
            "slitasjeplate", "hydraulikkblokk", "monteringsplate", "mellomaksel", "koblingsnav",
            "gjennomføringshylse", "sveiseramme", "festeklammer", "distansering"]
PARTS_EN = ["DN100 flange", "Ø40 shaft pin", "bearing housing", "type B bracket", "valve body",
            "wear plate", "hydraulic manifold", "mounting plate", "intermediate shaft",
            "coupling hub", "bushing", "welded frame", "clamp bracket", "spacer ring"]
MATS = ["S355J2", "6082-T6", "AISI 316L", "42CrMo4", "Hardox 450", "AlMg3", "1.4404", "C45",
        "POM-C", "Duplex 2205"]
MACHINES = ["Haas VF-2", "Haas ST-20Y", "Mazak Integrex i-200", "DMG Mori NLX 2500",
            "Okuma Genos M560", "Hermle C 42", "Trumpf TruLaser 3030", "Amada HG 1303",
            "Mazak QTN 250", "Doosan Puma 2600", "Mitutoyo Crysta-Apex", "Zeiss Contura"]
SUPPLIERS_NO = [("Olsen Stål AS", "olsenstal.no"), ("Tveit Hydraulikk AS", "tveit-hydraulikk.no"),
                ("Vestlandet Herding AS", "vlherding.no"), ("Agder Pulverlakk AS", "agderpulver.no"),
                ("Brødrene Moe AS", "brmoe.no"), ("Norsk Gjengeteknikk AS", "gjengeteknikk.no"),
                ("Haugen Mek. Verksted AS", "haugenmek.no"),
                ("Nordic Bearing Supply AS", "nbsupply.no")]
SUPPLIERS_EN = [("Schäfer Zerspanungstechnik GmbH", "schaefer-zt.de"),
                ("Brandt Werkzeuge GmbH", "brandt-werkzeuge.de"),
                ("Van Dijk Metaal B.V.", "vandijkmetaal.nl"),
                ("Sheffield Precision Tooling Ltd", "sheffieldprecision.co.uk"),
                ("Kowalczyk Obróbka Sp. z o.o.", "kowalczyk-cnc.pl"),
                ("Mäkinen Metalli Oy", "makinenmetalli.fi"),
                ("Lindqvist Verktyg AB", "lindqvistverktyg.se")]
SURNAME_COMPANIES = ["Olsen Transport AS", "Berg & Sønn Bygg AS", "Haugen Mek. Verksted AS",
                     "Brødrene Moe AS", "Tveit Hydraulikk AS", "Johansen Stål AS",
                     "Eriksen & Lie Elektro AS", "Nilsen Verktøy AS", "Dahl Industriservice AS",
                     "Solberg Sveis AS", "Kristiansen Maskin AS", "Larsen Lakkering AS",
                     "Brødrene Dahl", "Hagen Rør AS"]
OTHER_COMPANIES = ["Grenland Gjenger AS", "Vestfold Pulverlakk AS", "Nordic Steel Supply AS",
                   "Telemark Kran og Løft AS", "Fjordservice Renhold AS", "Porsgrunn Emballasje AS",
                   "Nordlys Eiendomsdrift AS", "Sørlandets Vaktmesterservice AS"]
PERSONAL_DOMAINS = ["gmail.com", "hotmail.com", "outlook.com", "online.no", "live.no", "yahoo.com",
                    "icloud.com", "proton.me", "hotmail.no", "yahoo.co.uk", "wp.pl", "ukr.net"]

HEALTH_NO = ["diabetes type 1", "diabetes type 2", "epilepsi", "astma", "migrene", "ME",
             "multippel sklerose", "leddgikt", "Crohns sykdom", "cøliaki", "depresjon",
             "angstlidelse", "ADHD", "hørselstap", "prolaps i korsryggen", "brystkreft",
             "tinnitus", "kols", "høyt blodtrykk", "bipolar lidelse", "long covid",
             "senebetennelse i skulderen", "revmatisme", "hjerteflimmer"]
HEALTH_NN = ["diabetes type 1", "epilepsi", "astma", "migrene", "ME", "leddgikt", "depresjon",
             "hørselstap", "prolaps i ryggen", "kreft", "tinnitus", "høgt blodtrykk"]
HEALTH_EN = ["type 1 diabetes", "type 2 diabetes", "epilepsy", "asthma", "migraines",
             "multiple sclerosis", "Crohn's disease", "coeliac disease", "depression",
             "generalised anxiety disorder", "ADHD", "dyslexia", "a slipped disc",
             "breast cancer", "long COVID", "PTSD", "chronic fatigue syndrome", "hearing loss",
             "high blood pressure", "bipolar disorder", "rheumatoid arthritis", "sleep apnoea"]
UNIONS_NO = ["Fellesforbundet", "Fagforbundet", "Parat", "NITO", "Tekna", "Negotia",
             "Handel og Kontor", "Industri Energi", "Delta", "Lederne"]
UNIONS_EN = ["Unite", "GMB", "Unison", "Fellesforbundet", "NITO", "Tekna", "Parat",
             "Industri Energi"]
RELIGION_NO = ["praktiserende muslim", "katolikk", "troende kristen", "sikh", "jøde", "hindu",
               "buddhist", "Jehovas vitne", "læstadianer", "ortodoks kristen"]
RELIGION_EN = ["devout Catholic", "practising Muslim", "Sikh", "observant Jew", "Hindu",
               "Jehovah's Witness", "Seventh-day Adventist", "Buddhist", "born-again Christian"]
ETHN_NO = ["samisk bakgrunn", "kvensk bakgrunn", "kurdisk opprinnelse", "somalisk bakgrunn",
           "tamilsk opprinnelse", "romanifolk-bakgrunn", "pakistansk bakgrunn"]
ETHN_EN = ["Somali heritage", "Kurdish origin", "Sami background", "Roma background",
           "Tamil heritage", "Pakistani descent", "Kven ancestry"]
SEXOR_NO = ["homofil", "lesbisk", "bifil"]
SEXOR_EN = ["gay", "lesbian", "bisexual", "pansexual"]
CRIME_NO = ["dømt for underslag", "dømt for promillekjøring", "dømt for vold",
            "dømt for forsikringsbedrageri", "dømt for tyveri", "dømt for narkotikaovertredelse",
            "forelegg for fyllekjøring", "dømt for grovt skattesvik"]
CRIME_EN = ["convicted of fraud", "convicted of assault", "a conviction for drink-driving",
            "convicted of burglary", "a spent conviction for shoplifting",
            "convicted of embezzlement", "a prior conviction for insurance fraud"]

MONTHS_NO = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
             "oktober", "november", "desember"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]


def PER(s): return ("PERSON", s)
def EM(s): return ("EMAIL", s)
def PH(s): return ("PHONE", s)
def IPA(s): return ("IP", s)
def ADR(s): return ("ADDRESS", s)
def FNR(s): return ("FNR", s)
def DNR(s): return ("DNR", s)
def ORG(s): return ("ORGNR", s)
def BANK(s): return ("BANK_ACCOUNT", s)
def IBAN(s): return ("IBAN", s)
def CARD(s): return ("CARD", s)
def HEA(s): return ("HEALTH", s)
def UNI(s): return ("TRADE_UNION", s)
def REL(s): return ("RELIGION", s)
def ETH(s): return ("ETHNICITY", s)
def SEX(s): return ("SEXUAL_ORIENTATION", s)
def CRI(s): return ("CRIMINAL_RECORD", s)
def NEG(s): return ("_NEG", s)


class G:
    """Random source plus generators for every identifier type."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        self.cur = None
        self._vcount = Counter()
        self._voff = {}

    def v(self, k):
        """Surface variant for the current template: cycles through all k variants
        (from a random starting point) so that each template's wording varies."""
        if self.cur not in self._voff:
            self._voff[self.cur] = self.ri(0, 99)
        i = self._vcount[self.cur]
        self._vcount[self.cur] += 1
        return (i + self._voff[self.cur]) % k

    # --- basics ---------------------------------------------------------
    def c(self, seq):
        return self.r.choice(seq)

    def ri(self, a, b):
        return self.r.randint(a, b)

    def p(self, prob):
        return self.r.random() < prob

    def digits(self, n):
        return "".join(str(self.r.randint(0, 9)) for _ in range(n))

    def sample(self, seq, k):
        return self.r.sample(seq, k)

    # --- people -----------------------------------------------------------
    def person(self, origin=None, gender=None, distinct_from=()):
        for _ in range(200):
            p = self._person(origin, gender)
            if all(p.full != q.full and p.first != q.first and p.last != q.last
                   for q in distinct_from):
                return p
        raise RuntimeError("no distinct person")

    def _person(self, origin, gender):
        if origin is None:
            origins, weights = zip(*ORIGIN_WEIGHTS)
            origin = self.r.choices(origins, weights)[0]
        elif isinstance(origin, (list, tuple)):
            origin = self.c(origin)
        gender = gender or self.c("fm")
        if origin == "mix":
            o1 = self.c(["so", "pk", "ar", "pl", "vi", "er", "ph", "de"])
            given = self.c(NAMES[o1][gender])
            fam = self.c(NAMES["no"]["l"][:50])
            if o1 not in FAMILY_FIRST and self.p(0.5):
                f1 = self.c(NAMES[o1]["l"])
                if o1 == "pl" and gender == "f":
                    f1 = _feminise_pl(f1)
                fam = f1 + " " + fam
            if o1 in FAMILY_FIRST:
                given = given.split()[-1]
            return Person(given, fam, gender, "mix")
        pool = NAMES[origin]
        given = self.c(pool[gender])
        if origin == "lt" and gender == "f":
            fam = self.c(pool["lf"])
        else:
            fam = self.c(pool["l"])
        if origin == "pl" and gender == "f":
            fam = _feminise_pl(fam)
        if origin == "no_old" and self.p(0.3):
            fam = self.c(NAMES["no"]["l"][:50])
        if origin == "no" and self.p(0.3):
            fam = self.c(NAMES["no_old"]["l"])
        return Person(given, fam, gender, origin)

    def lower_first(self, p):
        """A lower-case first name for chat, avoiding given names that are words."""
        return p.first.lower()

    def chat_person(self, origin=None, distinct_from=()):
        for _ in range(200):
            p = self.person(origin, distinct_from=distinct_from)
            if p.first not in AMBIGUOUS_GIVEN and " " not in p.first:
                return p
        raise RuntimeError

    def email(self, p, domain=None):
        domain = domain or self.c(PERSONAL_DOMAINS)
        style = self.ri(0, 5)
        loc = p.local(style)
        if domain in PERSONAL_DOMAINS and self.p(0.35):
            loc += str(self.ri(1, 99))
        loc = re.sub(r"[^a-z0-9._-]", "", loc.lower())
        return loc + "@" + domain

    # --- phones -----------------------------------------------------------
    def _no_digits(self, kind):
        if kind == "mobile":
            return self.c("49") + self.digits(7)
        first2 = self.c(["22", "23", "21", "32", "33", "35", "38", "51", "52", "55", "56", "57",
                         "61", "62", "67", "69", "71", "73", "75", "77", "78"])
        return first2 + self.digits(6)

    def phone_no(self, kind=None, fmt=None):
        kind = kind or self.c(["mobile", "mobile", "land"])
        d = self._no_digits(kind)
        if kind == "mobile":
            fmts = ["{0}{1}{2} {3}{4} {5}{6}{7}", "{0}{1}{2}{3}{4}{5}{6}{7}",
                    "+47 {0}{1}{2} {3}{4} {5}{6}{7}", "0047 {0}{1}{2}{3}{4}{5}{6}{7}",
                    "+47{0}{1}{2}{3}{4}{5}{6}{7}", "(+47) {0}{1}{2} {3}{4} {5}{6}{7}",
                    "{0}{1} {2}{3} {4}{5} {6}{7}", "+47 {0}{1} {2}{3} {4}{5} {6}{7}"]
        else:
            fmts = ["{0}{1} {2}{3} {4}{5} {6}{7}", "{0}{1}{2}{3}{4}{5}{6}{7}",
                    "+47 {0}{1} {2}{3} {4}{5} {6}{7}", "(+47) {0}{1} {2}{3} {4}{5} {6}{7}",
                    "0047 {0}{1} {2}{3} {4}{5} {6}{7}", "{0}{1}{2} {3}{4} {5}{6}{7}"]
        f = fmt if fmt is not None else self.c(fmts)
        return f.format(*d)

    def phone_intl(self, cc=None):
        pats = {"se": "+46 7# ### ## ##", "uk": "+44 7### ######", "pl": "+48 5## ### ###",
                "lt": "+370 6## #####", "ua": "+380 6# ### ####", "de": "+49 15# #### ####",
                "dk": "+45 ## ## ## ##", "fi": "+358 4# ### ####", "so": "+252 61 ### ####",
                "tr": "+90 53# ### ## ##", "pk": "+92 30# #######", "in": "+91 9#### #####",
                "us": "+1 415 555 0###", "ph": "+63 917 ### ####", "nl": "+31 6 #### ####",
                "es": "+34 6## ### ###", "ie": "+353 8# ### ####"}
        cc = cc or self.c(sorted(pats))
        return "".join(str(self.ri(0, 9)) if ch == "#" else ch for ch in pats[cc])

    # --- national identifiers ------------------------------------------------
    def _birth(self, y0=1950, y1=2006):
        y = self.ri(y0, y1)
        m = self.ri(1, 12)
        d = self.ri(1, 28)
        return d, m, y

    def fnr(self, y0=1950, y1=2006, dnr=False):
        for _ in range(1000):
            d, m, y = self._birth(y0, y1)
            ind = self.ri(0, 499) if y < 2000 else self.ri(500, 999)
            dd = d + 40 if dnr else d
            nine = "%02d%02d%02d%03d" % (dd, m, y % 100, ind)
            k1 = mod11_digit(nine, FNR_W1)
            if k1 is None:
                continue
            k2 = mod11_digit(nine + str(k1), FNR_W2)
            if k2 is None:
                continue
            num = nine + str(k1) + str(k2)
            assert (dnr_valid(num) if dnr else fnr_valid(num))
            return num
        raise RuntimeError

    def natid(self, p, y0=1950, y1=2006):
        """FNR, or for people of foreign origin often a D-number."""
        if p.origin not in ("no", "no_old", "sami", "mix") and self.p(0.45):
            return DNR(self.fmt_fnr(self.fnr(max(y0, 1960), y1, dnr=True)))
        return FNR(self.fmt_fnr(self.fnr(y0, y1)))

    def fmt_fnr(self, num):
        return num if self.p(0.7) else num[:6] + " " + num[6:]

    def orgnr(self, fmt=None):
        while True:
            eight = self.c("89") + self.digits(7)
            k = mod11_digit(eight, ORG_W)
            if k is None:
                continue
            num = eight + str(k)
            f = fmt if fmt is not None else self.ri(0, 2)
            if f == 0:
                return num
            if f == 1:
                return num[:3] + " " + num[3:6] + " " + num[6:]
            return num[:3] + "." + num[3:6] + "." + num[6:]

    BANK_REGS = ["1503", "1506", "1600", "1720", "1813", "2050", "3000", "3201", "3623", "4200",
                 "4312", "6011", "6345", "7058", "9710", "1254", "1224", "9235", "1594", "0530",
                 "2801", "3910", "8601", "9365"]

    def bank_digits(self):
        while True:
            ten = self.c(self.BANK_REGS) + self.digits(6)
            k = mod11_digit(ten, BANK_W)
            if k is None:
                continue
            num = ten + str(k)
            if fnr_checkdigits_ok(num):
                continue  # never a number that is also a valid FNR/DNR
            return num

    def bank(self, fmt=None):
        num = self.bank_digits()
        f = fmt if fmt is not None else self.ri(0, 2)
        if f == 0:
            return num[:4] + "." + num[4:6] + "." + num[6:]
        if f == 1:
            return num[:4] + " " + num[4:6] + " " + num[6:]
        return num

    IBAN_SPECS = {"NO": None, "SE": "n20", "DK": "n14", "FI": "n14", "DE": "n18",
                  "GB": "a4n14", "NL": "a4n10", "PL": "n24", "ES": "n20", "LT": "n16",
                  "IE": "a4n14", "FR": "n23"}
    IBAN_BANKS = {"GB": ["NWBK", "BARC", "LOYD", "MIDL"], "NL": ["ABNA", "INGB", "RABO"],
                  "IE": ["AIBK", "BOFI"]}

    def iban(self, country=None, spaced=None):
        country = country or self.c(sorted(self.IBAN_SPECS))
        if country == "NO":
            bban = self.bank_digits()
        else:
            spec = self.IBAN_SPECS[country]
            if spec.startswith("a4"):
                bban = self.c(self.IBAN_BANKS[country]) + self.digits(int(spec[3:]))
            else:
                bban = self.digits(int(spec[1:]))
        s = country + iban_check(country, bban) + bban
        assert iban_valid(s)
        spaced = self.p(0.6) if spaced is None else spaced
        if spaced:
            s = " ".join(s[i:i + 4] for i in range(0, len(s), 4))
        return s

    def card(self, kind=None, fmt=None):
        kind = kind or self.c(["visa", "visa", "mc", "mc2", "amex"])
        if kind == "visa":
            partial = "4" + self.digits(14)
        elif kind == "mc":
            partial = "5" + self.c("12345") + self.digits(13)
        elif kind == "mc2":
            partial = str(self.ri(2221, 2720)) + self.digits(11)
        else:
            partial = self.c(["34", "37"]) + self.digits(12)
        num = partial + luhn_digit(partial)
        f = fmt if fmt is not None else self.ri(0, 2)
        if kind == "amex":
            if f == 0:
                return num
            sep = " " if f == 1 else "-"
            return num[:4] + sep + num[4:10] + sep + num[10:]
        if f == 0:
            return num
        sep = " " if f == 1 else "-"
        return sep.join(num[i:i + 4] for i in range(0, 16, 4))

    # --- network ------------------------------------------------------------
    def ipv4(self, kind=None):
        kind = kind or self.c(["priv10", "priv192", "priv172", "pub", "pub"])
        if kind == "priv10":
            return "10.%d.%d.%d" % (self.ri(0, 254), self.ri(0, 254), self.ri(2, 254))
        if kind == "priv192":
            return "192.168.%d.%d" % (self.ri(0, 20), self.ri(2, 254))
        if kind == "priv172":
            return "172.%d.%d.%d" % (self.ri(16, 31), self.ri(0, 254), self.ri(2, 254))
        first = self.c([31, 46, 62, 77, 78, 79, 80, 81, 84, 85, 88, 89, 91, 92, 109, 129, 139,
                        146, 151, 158, 176, 178, 185, 193, 194, 195, 212, 213, 217])
        return "%d.%d.%d.%d" % (first, self.ri(0, 254), self.ri(0, 254), self.ri(2, 254))

    def ipv6(self):
        h = lambda: "%x" % self.ri(1, 0xffff)
        v = self.ri(0, 3)
        if v == 0:
            return "2001:db8:%s:%s::%s" % (h(), h(), h())
        if v == 1:
            return "fe80::%s:%s:%s:%s" % (h(), h(), h(), h())
        if v == 2:
            return "2a02:%s:%s:%s:%s:%s:%s:%s" % (h(), h(), h(), h(), h(), h(), h())
        return "2001:4650:%s::%s:%s" % (h(), h(), h())

    # --- addresses ----------------------------------------------------------
    def address_no(self, nn=False, form=None):
        street = self.c(NN_STREETS if nn else STREETS)
        num = str(self.ri(1, 140))
        if self.p(0.25):
            num += self.c(["A", "B", "C", "D", " B", " A"])
        pc, city = self.c(NN_POSTCODES if nn else POSTCODES)
        form = form if form is not None else self.c([0, 1, 1, 1, 2])
        if form == 0:
            return street + " " + num
        if form == 1:
            return "%s %s, %s %s" % (street, num, pc, city)
        return "%s %s %s %s" % (street, num, pc, city)

    def address_foreign(self):
        return self.c(FOREIGN_ADDR)

    # --- negatives (unlabelled look-alikes) -----------------------------------
    def neg11(self):
        """11 digits that look like an FNR (valid date) but fail FNR, D-number and bank mod-11."""
        while True:
            d, m, y = self._birth(1955, 2004)
            num = "%02d%02d%02d" % (d, m, y % 100) + self.digits(5)
            if not fnr_checkdigits_ok(num) and not bank_valid(num):
                return num

    def neg9(self):
        while True:
            num = self.c("89") + self.digits(8)
            if not orgnr_valid(num):
                return num

    def neg16(self):
        while True:
            num = self.c("45") + self.digits(15)
            if not luhn_valid(num):
                return num

    def neg_bank(self):
        """11 digits shaped like an account (reg no first) that fail every mod-11 rule."""
        while True:
            num = self.c(self.BANK_REGS) + self.digits(7)
            if not bank_valid(num) and not fnr_checkdigits_ok(num):
                return num

    def neg_iban(self):
        while True:
            s = self.iban("NO", spaced=False)
            bad = s[:2] + "%02d" % ((int(s[2:4]) + self.ri(1, 50)) % 97 + 2) + s[4:]
            if not iban_valid(bad):
                return " ".join(bad[i:i + 4] for i in range(0, len(bad), 4))

    def ean13(self):
        body = "70" + self.digits(10)
        s = sum(int(ch) * (3 if i % 2 else 1) for i, ch in enumerate(body))
        return body + str((10 - s % 10) % 10)

    def uuid(self):
        hx = "%032x" % self.r.getrandbits(128)
        return "%s-%s-4%s-%s%s-%s" % (hx[:8], hx[8:12], hx[13:16], self.c("89ab"), hx[17:20],
                                      hx[20:32])

    def sha(self, n=40):
        return hashlib.sha256(self.digits(20).encode()).hexdigest()[:n]

    def version(self):
        return "%d.%d.%d" % (self.ri(1, 9), self.ri(0, 30), self.ri(0, 40))

    def version4(self):
        return "%d.%d.%d.%d" % (self.ri(1, 9), self.ri(0, 20), self.ri(0, 9), self.ri(1, 99))

    def cidr(self):
        return self.c(["10.%d.0.0/16" % self.ri(0, 250), "192.168.%d.0/24" % self.ri(0, 50),
                       "172.%d.0.0/12" % 16, "10.%d.%d.0/24" % (self.ri(0, 250), self.ri(0, 250))])

    def tracking(self):
        return self.c(["LA%sNO" % self.digits(9), "7073%s" % self.digits(13),
                       "1Z%sA%s" % (self.digits(3).upper(), self.digits(11)),
                       "CP%sNO" % self.digits(9)])

    # --- misc formatting ------------------------------------------------------
    def nok(self, lo=200, hi=90000, style=None):
        v = self.ri(lo, hi)
        if v >= 1000:
            v = v // 10 * 10
        s = "{:,}".format(v).replace(",", " ")
        style = style if style is not None else self.ri(0, 3)
        return [s + " kr", "kr " + s + ",-", s + ",00 NOK", "NOK " + s][style]

    def date_no(self, year=None):
        y = year or self.c([2024, 2025, 2025])
        d, m = self.ri(1, 28), self.ri(1, 12)
        return self.c(["%02d.%02d.%d" % (d, m, y), "%d. %s" % (d, MONTHS_NO[m - 1]),
                       "%d. %s %d" % (d, MONTHS_NO[m - 1], y)])

    def date_en(self, year=None):
        y = year or self.c([2024, 2025, 2025])
        d, m = self.ri(1, 28), self.ri(1, 12)
        return self.c(["%d %s %d" % (d, MONTHS_EN[m - 1], y), "%s %d" % (MONTHS_EN[m - 1], d),
                       "%d-%02d-%02d" % (y, m, d), "%02d/%02d/%d" % (d, m, y)])

    def ts(self):
        return "2025-%02d-%02dT%02d:%02d:%02d" % (self.ri(1, 12), self.ri(1, 28), self.ri(0, 23),
                                                 self.ri(0, 59), self.ri(0, 59))

    def clock_range(self):
        h = self.ri(7, 19)
        m = self.c([0, 15, 30, 45])
        dur = self.c([60, 90, 120])
        e = h * 60 + m + dur
        return "%02d:%02d–%02d:%02d" % (h, m, e // 60, e % 60)

    def clock(self):
        return "%02d:%02d" % (self.ri(6, 22), self.c([0, 15, 30, 45, 5, 50]))

# ---------------------------------------------------------------------------
# Templates.  Each returns a list of parts; nested lists are flattened.
# ---------------------------------------------------------------------------
TEMPLATES = []


def T(name, lang, cls, n=5):
    def deco(fn):
        TEMPLATES.append({"name": name, "lang": lang, "cls": cls, "n": n, "fn": fn})
        return fn
    return deco


SHOP = "Grenland Presisjon AS"
SHOP_DOM = "grenlandpresisjon.no"

# ===================== Machine shop ==========================================


@T("ms_supplier_quote_no", "no", "confidential", 4)
def _ms_supplier_quote_no(g):
    buyer = g.person()
    sup = g.person(distinct_from=[buyer])
    comp, dom = g.c(SUPPLIERS_NO)
    part, mat = g.c(PARTS_NO), g.c(MATS)
    qty = g.c([20, 40, 50, 120, 200, 250])
    v = g.v(3)
    if v == 0:
        return ["Hei ", PER(buyer.first), ",\n\nTakk for forespørselen. Vi kan tilby %d stk %s i %s til %s per stk eks. mva., levering uke %d. Tilbudet gjelder i 30 dager.\n\nMed vennlig hilsen\n" % (qty, part, mat, g.nok(300, 4000, 0), g.ri(2, 51)),
                PER(sup.full), "\n%s\nTlf. " % comp, PH(g.phone_no()), " | ", EM(g.email(sup, dom))]
    if v == 1:
        return ["Hei igjen ", PER(buyer.first), "! Vedlagt revidert tilbud TB-%d-%04d på %s. Prisen er justert til %s per stk etter at dere gikk ned fra %d til %d stk. Ring meg gjerne på " % (g.ri(24, 25), g.ri(1, 9999), part, g.nok(300, 4000, 1), qty * 2, qty),
                PH(g.phone_no("mobile")), " hvis noe er uklart.\n\nHilsen ", PER(sup.first), ", ", comp]
    other = g.person(distinct_from=[buyer, sup])
    return [PER(buyer.first), " – kort oppdatering: materialet (%s) er bekreftet fra verket, så vi holder uke %d. Kontakt " % (mat, g.ri(2, 51)),
            PER(other.full), " på lageret (", EM(g.email(other, dom)), ") for plukkliste og sertifikater 3.1.\nMvh ", PER(sup.full), ", ", comp]


@T("ms_supplier_email_en", "en", "confidential", 5)
def _ms_supplier_email_en(g):
    buyer = g.person(["no", "no_old", "pl", "lt"])
    sup = g.person(["de", "en", "pl", "fi", "sv", "es"], distinct_from=[buyer])
    comp, dom = g.c(SUPPLIERS_EN)
    cc = {"de": "de", "nl": "nl", "uk": "uk", "pl": "pl", "fi": "fi", "se": "se"}[dom.rsplit(".", 1)[1]]
    part = g.c(PARTS_EN)
    v = g.v(3)
    if v == 0:
        return ["Dear ", PER(buyer.first), ",\n\nPlease find attached our quotation Q-%d for %d pcs %s in %s. Lead time is %d weeks ex works, prices valid until %s.\n\nBest regards,\n" % (g.ri(10000, 99999), g.c([25, 60, 100, 400]), part, g.c(MATS), g.ri(3, 12), g.date_en()),
                PER(sup.full), "\nKey Account Manager, %s\nMob: " % comp, PH(g.phone_intl(cc)), "\n", EM(g.email(sup, dom))]
    if v == 1:
        return ["Hi ", PER(buyer.full), ", the heat treatment certificates for order 4500%s are now on our portal. If the login does not work, ping my colleague " % g.digits(6),
                PER(g.person(["de", "en"], distinct_from=[buyer, sup]).full), " or me directly on ", PH(g.phone_intl(cc)), ". Kind regards, ", PER(sup.first)]
    return ["Good morning ", PER(buyer.first), ",\nwe had a spindle failure on our 5-axis and the %s batch will slip by one week. Sorry for the trouble. Our logistics desk (" % part,
            EM("logistics@" + dom), ") will send the new ASN. – ", PER(sup.full), ", ", comp]


@T("ms_workorder_no", "no", "public", 6)
def _ms_workorder_no(g):
    m, part, mat = g.c(MACHINES[:10]), g.c(PARTS_NO), g.c(MATS)
    v = g.v(4)
    if v == 0:
        return ["Arbeidsordre AO-%d: %d stk %s på %s. Materiale %s, toleranse ±0,0%d mm. Syklustid %d min per stk. Ferdigmelding innen %s. Per i dag mangler vi bare herdesertifikatet." % (g.ri(24000, 25999), g.ri(4, 300), part, m, mat, g.ri(1, 5), g.ri(3, 45), g.date_no())]
    if v == 1:
        return ["Produksjonsplan uke %d: %s kjører %s i to skift. Mai-leveransen til %s er flyttet til uke %d. Vår kapasitet på laser er fullt booket, og pris per stk øker til %s." % (g.ri(2, 51), m, part, g.c(SURNAME_COMPANIES), g.ri(20, 24), g.nok(100, 900, 0))]
    if v == 2:
        lo, hi = sorted((g.ri(100000, 999999), g.ri(100000, 999999)))
        return ["AO-%d / tegning %d-%03d rev. %s: Bor Ø12 H7, gjeng M10x1,5. Kontroller første stk på %s før serie. Dag 2: sveis og pulverlakk hos %s. Serienr. GP%06d–GP%06d." % (g.ri(24000, 25999), g.ri(1000, 9999), g.ri(1, 999), g.c("BCDE"), g.c(MACHINES[10:]), g.c(SURNAME_COMPANIES), lo, hi)]
    return ["Stillingstid på %s: %d min. Sol og varme gir termisk drift, så kjør oppvarmingsprogram O%04d før første stk. Paller i gran brukes ikke lenger – bruk EUR-pall. Ordre %s, %s." % (m, g.ri(20, 90), g.ri(1000, 9999), g.digits(8), g.nok(5000, 90000, 0))]


@T("ms_workorder_en", "en", "public", 6)
def _ms_workorder_en(g):
    m, part = g.c(MACHINES[:10]), g.c(PARTS_EN)
    v = g.v(4)
    if v == 0:
        return ["Work Order WO-%d: mill %d pcs %s on the %s. Will need a second setup for the bore. Mark all parts with heat number %s and ship via %s." % (g.ri(30000, 39999), g.ri(5, 400), part, m, "H%s" % g.digits(6), g.c(SURNAME_COMPANIES))]
    if v == 1:
        return ["Setup sheet for %s: Jack up the fixture plate by 2 mm, zero on the datum pin, then run program O%04d. May need a finishing pass if Ra > 1.6. Cycle time approx. %d min." % (m, g.ri(1000, 9999), g.ri(4, 60))]
    if v == 2:
        return ["Non-Conformance Report NCR-%d: %d of %d %s pieces out of tolerance (bore +0.04 mm). Root Cause Analysis: worn insert on the %s. Action Items: replace insert, re-inspect lot %s." % (g.ri(100, 999), g.ri(2, 15), g.ri(40, 400), part, m, g.digits(7))]
    return ["First Article Inspection for the %s passed on %s. Grant access to the CMM report for the customer portal and Bill the tooling charge of %s separately." % (part, g.date_en(), g.nok(2000, 30000, 3))]


@T("ms_techdoc_en", "en", "public", 5)
def _ms_techdoc_en(g):
    m = g.c(MACHINES[:10])
    v = g.v(3)
    if v == 0:
        return ["Release Notes – %s controller, firmware " % m, NEG(g.version4()), ". Section ", NEG("4.2.1.3"), " describes the new probing cycle. Spindle warm-up: 10 min at 8 000 rpm. Units with serial numbers from SN%s onward are affected." % g.digits(7)]
    if v == 1:
        return ["Standard Operating Procedure SOP-%02d: coolant concentration 6–8 %%. Check with the refractometer every Monday at 07:00. Replace the filter (part no. %s-%s) every 500 hours. Reference: ISO 9001:2015 clause 7.1.3." % (g.ri(1, 60), g.digits(4), g.digits(3))]
    return ["Calibration certificate %s for the %s: probe repeatability 0.8 µm, valid until %s. The Heidenhain TNC 640 post-processor version %s is required for the new cycles." % ("KAL-%s" % g.digits(6), g.c(MACHINES[10:]), g.date_en(), g.version())]


@T("ms_shift_chat_no", "no", "confidential", 5)
def _ms_shift_chat_no(g):
    a = g.chat_person()
    b = g.chat_person(distinct_from=[a])
    m = g.c(MACHINES[:10])
    v = g.v(4)
    if v == 0:
        return ["@", PER(a.handle()), " kan du ta %s på kveldsskiftet? " % m, PER(g.lower_first(b)), " er sykmeldt resten av uka 😕"]
    if v == 1:
        return [PER(g.lower_first(a)), " har ", HEA(g.c(["prolaps i korsryggen", "senebetennelse i skulderen", "leddgikt"])), " og kan ikke løfte noe tungt denne måneden, så vi trenger en ekstra på trucken. kan ", PER(g.lower_first(b)), " ta det?"]
    if v == 2:
        return ["hvem har nøkkelen til verktøyskapet? ", PER(g.lower_first(a)), " sa at ", PER(g.lower_first(b)), " hadde den sist 🤷 trenger fresen til %s før 14" % m]
    return ["@", PER(a.handle()), " @", PER(b.handle()), " husk opplæring på %s i morgen kl %s. ta med vernesko 👍" % (m, g.clock())]


@T("ms_hms_report_no", "no", "confidential", 5)
def _ms_hms_report_no(g):
    a = g.person()
    b = g.person(distinct_from=[a])
    m = g.c(MACHINES[:10])
    inj = g.c(["kutt i venstre hånd", "klemskade i høyre pekefinger", "metallspon i øyet",
               "brannskade på underarmen", "forstuet ankel", "brudd i håndleddet"])
    v = g.v(3)
    if v == 0:
        return ["Avviksmelding HMS-%d: " % g.ri(100, 999), PER(a.full), " (operatør, skift B) fikk ", HEA(inj), " ved %s %s kl. %s. Kjørt til legevakten av " % (m, g.date_no(), g.clock()), PER(b.full), ". Verneombud er varslet."]
    if v == 1:
        return ["Skaderapport: ", PER(a.full), " ble sendt til legevakten etter ", HEA(inj), ". ", PER(a.last), " er tilbake på jobb %s med tilrettelagte oppgaver. Kontaktperson: " % g.date_no(), PER(b.full), ", tlf. ", PH(g.phone_no())]
    return ["Hendelse ved %s: operatøren fikk " % m, HEA(inj), ". Skadet: ", PER(a.full), ". Vitne: ", PER(b.first), ". Maskinen er låst ut til vernet er kontrollert av %s." % g.c(SURNAME_COMPANIES)]


@T("ms_invoice_internal_no", "no", "internal", 5)
def _ms_invoice_internal_no(g):
    comp = g.c(SURNAME_COMPANIES + OTHER_COMPANIES)
    v = g.v(3)
    if v == 0:
        return ["Inngående faktura %d fra %s, org.nr. " % (g.ri(10000, 99999), comp), ORG(g.orgnr()), ". Beløp %s inkl. mva., forfall %s. Gjelder PO %s, %d stk %s. Kontert på prosjekt P-%d." % (g.nok(2000, 90000), g.date_no(), g.digits(7), g.ri(2, 200), g.c(PARTS_NO), g.ri(100, 999))]
    if v == 1:
        return ["Kreditnota KN-%d fra %s (" % (g.ri(1000, 9999), comp), ORG(g.orgnr()), ") mottatt. Motregnes mot faktura %d. Restbeløp %s." % (g.ri(10000, 99999), g.nok(500, 20000))]
    return ["Ny leverandør opprettet i Visma: %s, organisasjonsnummer " % comp, ORG(g.orgnr()), ", betalingsbetingelser 30 dager netto, valuta NOK. Godkjent av innkjøp %s." % g.date_no()]


@T("ms_po_en", "en", "internal", 5)
def _ms_po_en(g):
    comp = g.c(SURNAME_COMPANIES + OTHER_COMPANIES)
    v = g.v(3)
    if v == 0:
        return ["Purchase Order PO-%d issued to %s (Org. no. " % (g.ri(40000, 49999), comp), ORG(g.orgnr()), "). Delivery terms DAP Skien, payment 30 days net. Total %s excl. VAT." % g.nok(5000, 90000, 3)]
    if v == 1:
        return ["Vendor master update: %s, VAT no. NO " % comp, ORG(g.orgnr(1)), " MVA, changed bank details verified by phone callback on %s. Ticket FIN-%d closed." % (g.date_en(), g.ri(1000, 9999))]
    return ["Subcontractor for the galvanising job is %s, org. no. " % comp, ORG(g.orgnr()), ". Framework agreement runs until %s; volume discount 4 %% above %s per quarter." % (g.date_en(), g.nok(100000, 500000, 3))]


@T("ms_drawing_no", "no", "public", 5)
def _ms_drawing_no(g):
    v = g.v(3)
    if v == 0:
        return ["Tegning %d-%03d rev. C erstatter rev. B. Endring: hull Ø12 H7 flyttet 4,5 mm. Gjelder serienummer fra SN%s. EAN " % (g.ri(1000, 9999), g.ri(1, 999), g.digits(7)), NEG(g.ean13()), " på etiketten er uendret."]
    if v == 1:
        return ["Materialsertifikat for charge %s: %s, strekkfasthet %d MPa. Levert av %s, pakkseddel " % (g.digits(8), g.c(MATS), g.ri(300, 900), g.c(SURNAME_COMPANIES)), NEG(g.neg9()), ". Lagerplass B-%02d-%d." % (g.ri(1, 40), g.ri(1, 6))]
    return ["Reservedelsliste for %s: spindellager %s (%s), tetningssett %s. Stein og grus i sponbrettet gir ekstra slitasje – rengjør ukentlig." % (g.c(MACHINES[:10]), "SKF 7014 CD/P4A", g.nok(3000, 40000, 0), "DM-%s" % g.digits(5))]


@T("ms_customer_complaint_en", "en", "confidential", 4)
def _ms_customer_complaint_en(g):
    cust = g.person(["en", "de", "sv", "da", "no"])
    ours = g.person(distinct_from=[cust])
    part = g.c(PARTS_EN)
    v = g.v(3)
    if v == 0:
        return ["Hi ", PER(ours.first), ",\nthe last batch of %d %s pieces (delivery note DN-%d) had burrs on the inner edge. Please call me on " % (g.ri(40, 400), part, g.ri(10000, 99999)),
                PH(g.phone_intl()), " or send the replacements to our site at ", ADR(g.address_foreign()), ".\nRegards, ", PER(cust.full)]
    if v == 1:
        return [PER(cust.full), " from %s called about order 88%s. " % (g.c(SURNAME_COMPANIES), g.digits(6)), PER(cust.last), " wants a credit note for the scrapped parts and asks that ", PER(ours.full), " calls back on ", PH(g.phone_no()), "."]
    return ["Complaint logged: ", PER(cust.full), " (", EM(g.email(cust, "brandt-werkzeuge.de")), ") reports that the %s thread gauge fails on 6 of 50 parts. Assigned to quality, owner: " % part, PER(ours.full), "."]


@T("ms_safety_notice_no", "no", "public", 5)
def _ms_safety_notice_no(g):
    v = g.v(3)
    if v == 0:
        return ["Til alle ansatte: Kurs i førstehjelp og hjerte-lunge-redning holdes %s kl. %s i kantina. Kurset dekker også førstehjelp ved diabetes og epilepsi. Påmelding i Teams innen fredag." % (g.date_no(), g.clock())]
    if v == 1:
        return ["Påminnelse: Alle som bruker Trumpf-laseren må ha gjennomført opplæring. Husk hørselvern og vernebriller. Sykefraværet i produksjonen var 5,8 %% i %s, ned fra 6,4 %%." % g.c(MONTHS_NO)]
    return ["HMS-uke %d: Verneombudet går vernerunde i hall 2 og 3. Bedriftshelsetjenesten tilbyr hørselstest for alle i produksjonen. Liv og helse først – stopp maskinen hvis noe er usikkert." % g.ri(2, 50)]

# ===================== HR: screening job applications =========================


@T("hr_cv_no", "no", "confidential", 5)
def _hr_cv_no(g):
    a = g.person()
    comp = g.c(SURNAME_COMPANIES + OTHER_COMPANIES)
    v = g.v(3)
    head = ["CV – ", PER(a.full), "\nAdresse: ", ADR(g.address_no(form=1)), "\nMobil: ", PH(g.phone_no("mobile")), "\nE-post: ", EM(g.email(a)), "\n"]
    if v == 0:
        return head + ["\nErfaring: %d–%d CNC-operatør hos %s (Mazak, Haas). Fagbrev i industrimekanikk (%d). Truckførerbevis T1–T4. Referanser oppgis på forespørsel." % (g.ri(2012, 2018), g.ri(2019, 2025), comp, g.ri(2005, 2016))]
    if v == 1:
        return head + ["Fødselsnummer: ", FNR(g.fmt_fnr(g.fnr(1965, 2003))), "\n\nSveiser med sertifikat etter NS-EN ISO 9606-1, %d års erfaring fra verft og verksted. Sist ansatt i %s." % (g.ri(3, 25), comp)]
    return ["Søknad på stilling som kvalitetsingeniør (ref. %d/%d) fra " % (g.ri(10, 99), g.c([2024, 2025])), PER(a.full), ", ", ADR(g.address_no()), ". ", PER(a.first), " har master fra NTNU og jobber i dag hos %s. Kontakt: " % comp, EM(g.email(a)), " / ", PH(g.phone_no())]


@T("hr_cv_en", "en", "confidential", 5)
def _hr_cv_en(g):
    a = g.person(["pl", "lt", "ua", "in", "es", "de", "en", "ph", "tr", "ar", "er"])
    cc = {"pl": "pl", "lt": "lt", "ua": "ua", "in": "in", "es": "es", "de": "de", "en": "uk",
          "ph": "ph", "tr": "tr", "ar": None, "er": None}[a.origin]
    v = g.v(3)
    if v == 0:
        return [PER(a.full), " | ", ADR(g.address_foreign()), " | ", PH(g.phone_intl(cc)), " | ", EM(g.email(a)), "\n\nPROFILE\nMechanical engineer with %d years in CNC programming (Siemens NX, Mastercam). Fluent English, basic Norwegian (A2). Available from %s." % (g.ri(3, 15), g.date_en())]
    if v == 1:
        return ["Curriculum Vitae\nName: ", PER(a.full), "\nPhone: ", PH(g.phone_no("mobile")), "\nEmail: ", EM(g.email(a)), "\nCurrent address: ", ADR(g.address_no(form=1)), "\n\nExperience: maintenance technician at %s (%d–present); offshore hydraulics, ATEX certified." % (g.c(SURNAME_COMPANIES), g.ri(2015, 2023))]
    return ["Cover letter from ", PER(a.full), ": I am applying for the Production Planner role (ref. PP-%d). I moved to Norway in %d and hold a D-number, " % (g.ri(100, 999), g.ri(2019, 2024)), DNR(g.fnr(1975, 2000, dnr=True)), ". References: ", PER(g.person(distinct_from=[a]).full), ", my former supervisor."]


@T("hr_interview_no", "no", "confidential", 5)
def _hr_interview_no(g):
    a = g.person()
    b = g.person(distinct_from=[a])
    c = g.person(distinct_from=[a, b])
    hun = a.pron("no")[0]
    role = g.c(["produksjonsplanlegger", "CNC-operatør", "innkjøper", "kvalitetsingeniør", "lagermedarbeider"])
    v = g.v(4)
    head = ["Intervju %s, stilling: %s. Kandidat: " % (g.date_no(), role), PER(a.full), ". Intervjuet av ", PER(b.first), " og ", PER(c.first), ". "]
    if v == 0:
        return head + ["Sterk på CAM-programmering. Opplyste selv at %s har " % hun, HEA(g.c(HEALTH_NO)), " og ønsker fleksibel arbeidstid. Går videre til runde 2."]
    if v == 1:
        return head + ["Har vært ", UNI(g.c(["klubbleder i Fellesforbundet", "tillitsvalgt for Fellesforbundet", "hovedtillitsvalgt i Parat", "medlem av Industri Energi"])), " hos forrige arbeidsgiver. Faglig solid, litt usikker på skiftarbeid."]
    if v == 2:
        return head + ["Sa uoppfordret at %s ikke er medlem av noen fagforening. God kjemi, referanser innhentes av " % hun, PER(b.first), "."]
    return head + ["Kandidaten er sykmeldt fra nåværende jobb, men kan starte om seks uker. Lønnsforventning %s." % g.nok(550000, 800000, 0)]


@T("hr_interview_en", "en", "confidential", 5)
def _hr_interview_en(g):
    a = g.person()
    b = g.person(distinct_from=[a])
    he, him, his = a.pron("en")
    v = g.v(4)
    head = ["Interview notes – ", PER(a.full), ", panel: ", PER(b.full), ". "]
    if v == 0:
        return head + ["Mentioned unprompted that %s is a " % he, REL(g.c(RELIGION_EN)), " and asked whether shift swaps around religious holidays are possible. Technically the strongest candidate so far."]
    if v == 1:
        return head + [a.pron("en")[0].capitalize(), " disclosed ", HEA(g.c(HEALTH_EN)), " and would like a desk near the exit. Strong references; ", PER(a.first), " to receive an offer by Friday."]
    if v == 2:
        return head + ["Told us %s was " % he, UNI(g.c(["shop steward for Unite", "a member of GMB", "union rep for Fellesforbundet", "a member of Tekna"])), " at %s previous employer. Panel agreed this has no bearing on the decision." % his]
    return head + ["Good answers on lean and 5S. ", PER(a.first), " is currently off sick but expects to be back at work before the start date."]


@T("hr_reference_no", "no", "confidential", 4)
def _hr_reference_no(g):
    a = g.person()
    r = g.person(distinct_from=[a])
    comp = g.c(SURNAME_COMPANIES + OTHER_COMPANIES)
    v = g.v(3)
    if v == 0:
        return ["Referansesjekk for ", PER(a.full), ": snakket med ", PER(r.full), ", tidligere leder i %s, tlf. " % comp, PH(g.phone_no()), ". ", PER(r.last), " beskrev ", PER(a.first), " som nøyaktig og selvstendig. Ingen anmerkninger."]
    if v == 1:
        return ["Referanse 2 (", PER(r.full), ", ", EM(g.email(r, "firmapost.no")), ") bekrefter ansettelse %d–%d. Fravær var i hovedsak knyttet til " % (g.ri(2014, 2019), g.ri(2020, 2025)), HEA(g.c(HEALTH_NO)), ", som ", PER(a.first), " selv hadde nevnt i intervjuet."]
    return ["Ringte ", PER(r.first), " på ", PH(g.phone_no("mobile")), " angående ", PER(a.full), ". Referansen var positiv, men ønsket ikke å uttale seg om sluttårsaken. Notert av HR %s." % g.date_no()]


@T("hr_reference_en", "en", "confidential", 4)
def _hr_reference_en(g):
    a = g.person()
    r = g.person(["en", "de", "sv", "da", "fi", "pl"], distinct_from=[a])
    v = g.v(3)
    if v == 0:
        return ["Reference check: spoke to ", PER(r.full), " (", PH(g.phone_intl()), "), who managed ", PER(a.full), " for three years. ", PER(r.last), " said ", PER(a.first), " was reliable and would rehire."]
    if v == 1:
        return ["Reference from ", PER(r.full), " (", EM(g.email(r)), "): confirms employment and notes that ", PER(a.first), " had a long absence in %d due to " % g.ri(2018, 2024), HEA(g.c(HEALTH_EN)), ". No performance concerns."]
    return ["Hi ", PER(r.first), ", thanks for agreeing to act as a referee for ", PER(a.full), ". Could you call me on ", PH(g.phone_no()), " this week? It should take 15 minutes."]


@T("hr_policy_no", "no", "public", 5)
def _hr_policy_no(g):
    v = g.v(3)
    if v == 0:
        return ["Retningslinjer for rekruttering: Vi spør ikke om helse, graviditet, religion, fagforeningsmedlemskap eller seksuell orientering i intervju. Opplysninger om straffedommer innhentes kun via politiattest der loven krever det."]
    if v == 1:
        return ["Alle søknader lagres i %s i inntil seks måneder. Søkere som ber om sletting, skal få svar innen 30 dager. Kontakt hovedtillitsvalgt ved spørsmål om innstilling." % g.c(["Webcruiter", "ReachMee", "Jobylon"])]
    return ["Personalhåndboka kap. 7.3: Ved egenmelding gjelder inntil 3 dager per tilfelle. Sykmeldte skal ha oppfølgingsplan innen 4 uker. Medlemskap i fagforening er frivillig og registreres ikke av arbeidsgiver."]


@T("hr_policy_en", "en", "public", 5)
def _hr_policy_en(g):
    v = g.v(5)
    if v == 0:
        return ["Hiring guidelines: do not ask candidates about health conditions, pregnancy, religion, trade union membership or sexual orientation. Criminal record checks are only carried out where required by law."]
    if v == 1:
        return ["Our canteen offers halal and vegetarian options every day. Prayer and quiet rooms are available on the 2nd floor of Building C. Contact the People team for other accommodations."]
    if v == 2:
        return ["Diversity report %d: %d %% of new hires were women, %d %% had an immigrant background and %d %% reported a disability. Sick leave averaged %s %% across all departments." % (g.c([2023, 2024]), g.ri(20, 40), g.ri(10, 25), g.ri(2, 6), g.c(["4.8", "5.2", "6.0"]))]
    if v == 3:
        return ["Reminder to managers: a medical certificate states only that an employee is unfit for work, not the diagnosis. Never ask colleagues to share health details in Teams channels. Questions go to the HR business partner."]
    return ["Background checks: for roles at the %s site we request a police certificate only where the law allows it. Information about convictions is stored in a separate, access-controlled folder and deleted after %d months." % (g.c(["Skien", "Porsgrunn", "Herøya"]), g.c([3, 6]))]


@T("hr_jobad_en", "en", "public", 5)
def _hr_jobad_en(g):
    m = g.c(MACHINES[:10])
    v = g.v(3)
    if v == 0:
        return ["We are hiring: CNC Machinist (Day Shift). You will run our %s and take part in the monthly Quarterly Business Review with our key customers. Salary from %d NOK/hour. Apply via the Careers page before %s." % (m, g.ri(250, 330), g.date_en())]
    if v == 1:
        return ["Job ad draft – Production Engineer. Must-haves: Lean, SolidWorks, Statement of Work experience. Nice to have: experience from Mazak or DMG Mori. Location: Skien. Start: %s." % g.c(MONTHS_EN)]
    return ["Apprenticeship 2026: four positions in industrial mechanics. Info meeting %s at %s in the canteen, Building A. Bring your grade transcript." % (g.date_en(), g.clock())]


@T("hr_politiattest_no", "no", "confidential", 5)
def _hr_politiattest_no(g):
    a = g.person()
    han = a.pron("no")[0]
    v = g.v(3)
    if v == 0:
        return [PER(a.full), " leverte politiattest %s. Attesten viser at %s ble " % (g.date_no(), han), CRI(g.c([c for c in CRIME_NO if c.startswith("dømt")])), " i %d. Saken drøftes med daglig leder før tilbud." % g.ri(2010, 2022)]
    if v == 1:
        return ["Politiattesten til ", PER(a.first), " var uten merknader. Arbeidskontrakt sendt ", PER(a.full), " på ", EM(g.email(a)), " %s." % g.date_no()]
    return ["Notat: Kandidat ", PER(a.full), " opplyste selv i intervjuet at %s har " % han, CRI(g.c(["en dom for promillekjøring fra 2016", "sonet en dom for tyveri", "et forelegg for fyllekjøring"])), ". Stillingen krever ikke politiattest."]


@T("hr_diversity_stats_no", "no", "public", 5)
def _hr_diversity_stats_no(g):
    v = g.v(3)
    if v == 0:
        return ["I årets rekruttering oppga %d %% av søkerne innvandrerbakgrunn og %d %% samisk bakgrunn. Kvinneandelen blant nyansatte var %d %%." % (g.ri(10, 30), g.ri(1, 5), g.ri(15, 45))]
    if v == 1:
        return ["Likestillingsrapport %d: %d ansatte, %d %% kvinner. Gjennomsnittlig sykefravær %s %%. Ingen saker om trakassering ble meldt til verneombudet." % (g.c([2023, 2024]), 140, g.ri(12, 30), g.c(["4,9", "5,3", "6,1"]))]
    return ["Kantina serverer halal- og vegetaralternativer hver dag. Bønnerom finnes i 2. etasje. Alle ansatte oppfordres til å ta influensavaksine i uke %d." % g.ri(40, 46)]


@T("hr_accommodation_en", "en", "confidential", 5)
def _hr_accommodation_en(g):
    a = g.person()
    he, him, his = a.pron("en")
    v = g.v(3)
    if v == 0:
        return [PER(a.full), " (starts %s) has asked for short breaks for Friday prayers as a " % g.date_en(), REL("practising Muslim"), ". Line manager ", PER(g.person(distinct_from=[a]).first), " has agreed."]
    if v == 1:
        return ["Accommodation request: ", PER(a.first), " is an ", REL("observant Jew"), " and cannot work late shifts on Fridays in winter. Please adjust the rota from week %d." % g.ri(40, 50)]
    return ["New starter ", PER(a.full), " is a ", REL(g.c(["Sikh", "devout Catholic", "Seventh-day Adventist"])), " and asked whether the safety helmet rule allows exceptions. Forward to HSE, cc ", EM("hr@" + SHOP_DOM), "."]

# ===================== IT support chatbot ====================================


@T("it_log_en", "en", "confidential", 5)
def _it_log_en(g):
    a = g.person()
    ip1, ip2 = g.ipv4("pub"), g.ipv4("priv10")
    em = g.email(a, SHOP_DOM)
    v = g.v(3)
    if v == 0:
        return ["User: hi, vpn keeps dropping every 10 min. here's the log\n",
                "%sZ WARN  tunnel reset peer=" % g.ts(), IPA(ip1), " user=", EM(em), " reason=DPD_TIMEOUT\n",
                "%sZ INFO  assigned " % g.ts(), IPA(ip2), " netmask ", NEG("255.255.255.0"), " client=FortiClient/", NEG(g.version4()), "\n",
                "%sZ ERROR session %s closed (idle)\n" % (g.ts(), g.uuid()),
                "Bot: Thanks! The peer address ", IPA(ip1), " looks like your home router. Try switching the client to TCP 443 and restart."]
    if v == 1:
        lines = ["User: outlook won't sync, pasting what the diagnostics tool gave me:\n",
                 "MailboxOwner: ", EM(em), "\nDisplayName: ", PER(a.full), "\nClientIP: ", IPA(ip1),
                 "\nServer: EXCH-%02d  Build: " % g.ri(1, 9), NEG("15.2.1544.11"),
                 "\nCorrelationId: %s\nError: 0x800CCC0E (connection refused)\n" % g.uuid(),
                 "Bot: The correlation ID helps us look it up. Is ", PER(a.first), " your account, or are you helping a colleague?"]
        return lines
    return ["Pasted by user:\n```\n[%s] sshd[%d]: Failed password for " % (g.ts(), g.ri(1000, 40000)), PER(a.handle()), " from ", IPA(ip1), " port %d ssh2\n[%s] sshd[%d]: Accepted publickey for deploy from " % (g.ri(30000, 65000), g.ts(), g.ri(1000, 40000)), IPA(g.ipv4("priv192")), " port %d\n```\nis someone trying to get into my account??" % g.ri(30000, 65000)]


@T("it_log_no", "no", "confidential", 5)
def _it_log_no(g):
    a = g.person()
    v = g.v(3)
    if v == 0:
        return ["Bruker: hei, skriveren i 2. etg får ikke IP. logg fra DHCP:\n",
                "%s DHCPDISCOVER from 00:1b:%02x:%02x:%02x:%02x via " % (g.ts(), g.ri(0, 255), g.ri(0, 255), g.ri(0, 255), g.ri(0, 255)), IPA(g.ipv4("priv10")), "\n",
                "%s pool " % g.ts(), NEG(g.cidr()), " exhausted\n",
                "Bot: Takk! Poolen er full. Jeg har laget sak INC%s og varslet nettverksgruppa." % g.digits(7)]
    if v == 1:
        return ["Hei, jeg er ", PER(a.full), " fra økonomi. Får feilmelding når jeg logger inn på Tripletex fra hjemmekontoret:\n\"Login blocked: unusual location (", IPA(g.ipv4("pub")), ")\"\nKan dere ringe meg på ", PH(g.phone_no("mobile")), "?"]
    return ["Bruker limte inn:\n", "Get-ADUser ", PER(a.handle()), "\nEnabled: False\nEmailAddress: ", EM(g.email(a, SHOP_DOM)), "\nLastLogonIP: ", IPA(g.ipv6()), "\nPasswordLastSet: %s\n\nBot: Kontoen er deaktivert. Jeg sender saken videre til IT-drift." % g.date_no()]


@T("it_config_en", "en", "confidential", 5)
def _it_config_en(g):
    a = g.person()
    ip = g.ipv4("priv10")
    v = g.v(2)
    if v == 0:
        return ["Can someone check my switch config? Uplink is dead.\n\ninterface GigabitEthernet0/1\n ip address ", IPA(ip), " ", NEG("255.255.255.0"), "\n ip helper-address ", IPA(g.ipv4("priv10")), "\n!\nsnmp-server location Hall 3\nsnmp-server contact ", EM(g.email(a, SHOP_DOM)), "\nntp server ", IPA(g.ipv4("pub")), "\naccess-list 10 permit ", NEG("10.20.0.0"), " ", NEG("0.0.255.255"), "\n"]
    return ["Here's the relevant part of /etc/netplan/01-cfg.yaml:\n  ethernets:\n    eno1:\n      addresses: [", IPA(ip), "/24]\n      gateway4: ", IPA(g.ipv4("priv10")), "\n      nameservers: {addresses: [", IPA(g.ipv4("pub")), "]}\nrouted subnet ", NEG(g.cidr()), " is not reachable. Owner of the box is ", PER(a.full), "."]


@T("it_public_log_en", "en", "public", 6)
def _it_public_log_en(g):
    v = g.v(3)
    if v == 0:
        return ["%sZ INFO  deploy started build=%s commit=%s\n%sZ INFO  image orkester-api:%s pushed (sha256:%s)\n%sZ WARN  retrying health check (2/5) request_id=%s\n" % (g.ts(), g.ri(1000, 9999), g.sha(12), g.ts(), g.version(), g.sha(40), g.ts(), g.uuid())]
    if v == 1:
        return ["Firewall change CHG%s: allow " % g.digits(7), NEG(g.cidr()), " to ", NEG(g.cidr()), " on TCP 8443, netmask ", NEG("255.255.240.0"), ". SNMP OID ", NEG("1.3.6.1.4.1.2021.10.1.3.1"), " monitored. Scheduled for %s at %s." % (g.date_en(), g.clock())]
    return ["After upgrading from ", NEG(g.version4()), " to ", NEG(g.version4()), " the agent fails with 'TLS handshake timeout'. Known issue KB%s, fixed in release %s. Hash of the installer: %s" % (g.digits(7), g.version(), g.sha(64))]


@T("it_error_public_no", "no", "public", 5)
def _it_error_public_no(g):
    v = g.v(3)
    if v == 0:
        return ["Feilkode 0x80070643 ved installasjon av KB%s. Løsning: kjør Windows Update feilsøking og start på nytt. Gjelder klienter med versjon " % g.digits(7), NEG(g.version4()), " og eldre."]
    if v == 1:
        return ["Feltet for fødselsnummer avviser ", NEG(g.neg11()), " med «ugyldig kontrollsiffer». Det er riktig oppførsel – valideringen sjekker begge kontrollsifrene. Sak %s lukkes." % ("INC%s" % g.digits(7))]
    return ["Driftsmelding %s: Planlagt vedlikehold av filserveren fra kl. %s. Nettverk " % (g.date_no(), g.clock()), NEG(g.cidr()), " er utilgjengelig i ca. 30 minutter. Vår leverandør bekrefter at ingen data går tapt."]


@T("it_vpn_en", "en", "confidential", 5)
def _it_vpn_en(g):
    a = g.person()
    v = g.v(3)
    if v == 0:
        return ["hey it's ", PER(a.first), " from purchasing – my home IP is ", IPA(g.ipv4("pub")), " and the office firewall keeps blocking me. router firmware ", NEG(g.version4()), " if that matters"]
    if v == 1:
        return ["Ticket from ", PER(a.full), " (", EM(g.email(a, SHOP_DOM)), "): can't reach the CAM licence server at ", IPA(g.ipv4("priv10")), " since the update to ", NEG(g.version4()), ". Error: FLEXnet -15."]
    return ["User pasted ipconfig output:\n   IPv6 Address. . . . : ", IPA(g.ipv6()), "\n   IPv4 Address. . . . : ", IPA(g.ipv4("priv192")), "\n   Subnet Mask . . . . : ", NEG("255.255.255.0"), "\n   Default Gateway . . : ", IPA(g.ipv4("priv192")), "\nBot: Your laptop is on the guest Wi-Fi, please switch to the corporate SSID."]


@T("it_bot_public_en", "en", "public", 5)
def _it_bot_public_en(g):
    v = g.v(3)
    if v == 0:
        return ["Bot: To reset MFA, open the Company Portal app, choose Devices > Re-register, and follow the steps. Siri and Alexa integrations are not supported on company phones."]
    if v == 1:
        return ["Bot: Your ticket INC%s has been escalated to Level 2. Expected response time is 4 hours. Will you be available on Microsoft Teams this afternoon?" % g.digits(7)]
    return ["Bot: The printer queue PRN-HALL%d is paused. Mark any stuck jobs as cancelled, then press Resume. Serial number of the device: %s." % (g.ri(1, 4), "CNB%s" % g.digits(7))]


@T("it_ipv6_no", "no", "confidential", 4)
def _it_ipv6_no(g):
    a = g.chat_person()
    v = g.v(2)
    if v == 0:
        return ["Bruker: ", PER(a.full), "\nSpørsmål: hvorfor får jeg to adresser? ", IPA(g.ipv6()), " og ", IPA(g.ipv4("priv172")), "\nBot: Den første er IPv6-adressen til maskinen din, den andre er IPv4. Begge er normale."]
    return ["Nginx-logg fra kundeportalen:\n", IPA(g.ipv6()), " - - [%s] \"POST /login HTTP/2\" 401 312 \"-\" \"Mozilla/5.0\" user=" % g.ts(), EM(g.email(a)), "\nDet kom 40 slike forsøk på ett minutt."]

# ===================== Insurance claims desk =================================


def plate(g):
    return "%s %05d" % (g.c(["EK", "EL", "EV", "DN", "BT", "SV", "KH", "ZE"]), g.ri(10000, 99999))


@T("ins_car_no", "no", "confidential", 5)
def _ins_car_no(g):
    a = g.person()
    b = g.person(distinct_from=[a])
    v = g.v(3)
    if v == 0:
        return ["Skademelding S-%s: " % g.digits(8), PER(a.full), " (", g.natid(a), "), ", ADR(g.address_no(form=1)), ", tlf. ", PH(g.phone_no()), ". Bil %s ble påkjørt bakfra på E18 ved Sandvika %s. Motpart: " % (plate(g), g.date_no()), PER(b.full), ", forsikret i annet selskap."]
    if v == 1:
        return ["Hei, jeg rygget inn i en stolpe på parkeringen ved Oslo Spektrum i går. Bilen er en Tesla Model Y, %s. Jeg heter " % plate(g), PER(a.full), " og har polise POL-%s. Utbetaling kan gå til konto " % g.digits(7), BANK(g.bank()), "."]
    return ["Saksbehandler-notat: Kunden ", PER(a.last), " ringte fra ", PH(g.phone_no("mobile")), " og opplyste at sjåføren, sønnen ", PER(g.person("no", "m", distinct_from=[a]).first), ", hadde ", HEA(g.c(["hjernerystelse", "nakkesleng", "brudd i kragebeinet"])), " etter kollisjonen. Legeerklæring ettersendes."]


@T("ins_travel_en", "en", "confidential", 5)
def _ins_travel_en(g):
    a = g.person()
    she, her, hers = a.pron("en")
    inj = g.c(["a broken wrist", "a torn ACL", "a fractured ankle", "appendicitis", "a kidney stone", "food poisoning"])
    v = g.v(3)
    if v == 0:
        return ["Claim TRV-%d: " % g.ri(100000, 999999), PER(a.full), " was admitted to hospital in Gran Canaria with ", HEA(inj), ". Hospital invoice EUR %d. Please reimburse to IBAN " % g.ri(800, 9000), IBAN(g.iban()), "."]
    if v == 1:
        return ["Hello, my partner ", PER(g.person(distinct_from=[a]).full), " and I had to cut our trip short because I got ", HEA(inj), ". Policy number TR-%s. Reach me at " % g.digits(8), EM(g.email(a)), " or ", PH(g.phone_no()), ". Kind regards, ", PER(a.full)]
    return ["Adjuster note: medical report confirms ", HEA(inj), " for insured ", PER(a.full), ", DOB in file, national ID ", g.natid(a), ". Approve repatriation costs; cap at NOK 60 000."]


@T("ins_water_no", "no", "confidential", 5)
def _ins_water_no(g):
    a = g.person()
    v = g.v(3)
    if v == 0:
        return ["Vannskade i ", ADR(g.address_no(form=1)), ". Forsikringstaker ", PER(a.full), " oppdaget lekkasje under oppvaskmaskinen %s. Takstmann fra %s befarer fredag. Utbetaling til konto " % (g.date_no(), g.c(SURNAME_COMPANIES)), BANK(g.bank()), "."]
    if v == 1:
        return ["Hei! Det har rent vann fra leiligheten over oss i ", ADR(g.address_no()), ". Mvh ", PER(a.full), ", ", PH(g.phone_no()), ". Skadenummer fra i fjor: SK-%s." % g.digits(7)]
    return ["Oppgjørsbrev til ", PER(a.full), ", ", ADR(g.address_no(form=1)), ": Vi utbetaler %s etter fradrag for egenandel på 8 000 kr. Beløpet overføres til " % g.nok(20000, 250000, 0), BANK(g.bank()), " innen fem virkedager."]


@T("ins_terms_public_en", "en", "public", 5)
def _ins_terms_public_en(g):
    v = g.v(3)
    if v == 0:
        return ["Section 4.2.1: The policy does not cover pre-existing conditions such as diabetes, epilepsy or heart disease unless declared in the health questionnaire and accepted in writing."]
    if v == 1:
        return ["Terms and Conditions, travel insurance (version 2025-03): Excess NOK 1 500 per claim. Maximum cover for baggage NOK 30 000. Claims must be reported within 12 months via My Page."]
    return ["Claims statistics Q%d: %d motor claims, %d water damage claims, average handling time %d days. The fraud unit reviewed %d cases." % (g.ri(1, 4), g.ri(800, 2000), g.ri(100, 600), g.ri(5, 30), g.ri(10, 80))]


@T("ins_fraud_no", "no", "confidential", 4)
def _ins_fraud_no(g):
    a = g.person()
    v = g.v(2)
    if v == 0:
        return ["Internt notat, svindelenheten: ", PER(a.full), " er tidligere ", CRI(g.c(["dømt for forsikringsbedrageri", "dømt for dokumentfalsk", "straffedømt for bedrageri"])), " (%d). Ny skade på %s vurderes nærmere før utbetaling." % (g.ri(2012, 2021), g.nok(50000, 300000, 0))]
    return ["Saken mot ", PER(a.full), " (", g.natid(a, 1960, 2000), ") er henlagt. Ingen holdepunkter for svindel. Kunden informeres per brev til ", ADR(g.address_no(form=1)), "."]


@T("ins_claim_nn", "no", "confidential", 4)
def _ins_claim_nn(g):
    a = g.person(["no", "no_old", "sami"])
    ho = a.pron("nn")[0]
    v = g.v(3)
    if v == 0:
        return ["Hei! Eg heiter ", PER(a.full), " og bur i ", ADR(g.address_no(nn=True, form=1)), ". Eg vil melde ein vasskade på badet som vart oppdaga i går kveld. Du når meg på ", PH(g.phone_no()), "."]
    if v == 1:
        return ["Kunden ", PER(a.full), " opplyser at %s har " % ho, HEA(g.c(HEALTH_NN)), " og difor treng skriftleg kommunikasjon på e-post: ", EM(g.email(a)), ". Skaden gjeld stormskade på naust."]
    return ["Melding frå ", PER(a.first), ": Taket på løa i ", ADR(g.address_no(nn=True)), " bles av i stormen natt til sundag. Forsikringsnummer %s. Kontonummer for utbetaling: " % g.digits(8), BANK(g.bank()), "."]


@T("ins_public_no", "no", "public", 5)
def _ins_public_no(g):
    v = g.v(3)
    if v == 0:
        return ["Skademeldingen må sendes innen ett år. Egenandel %s. Ved skade på glass dekkes hele beløpet uten egenandel. Spørsmål? Bruk chatten på Min side." % g.nok(2000, 10000, 0)]
    if v == 1:
        return ["Storm i helgen: Vi venter mange meldinger om skade på tak og biler. Sørg for å ta bilder og dokumentere skaden. Forsikringssum for bygning: opptil 12 500 000 kr."]
    return ["Saksnummer %s er registrert. Du får svar innen 14 dager. Husk at kvitteringer må lastes opp som PDF. Referanse: %s." % ("24/%05d" % g.ri(1, 99999), g.uuid()[:8].upper())]

# ===================== University admissions =================================


@T("uni_app_en", "en", "confidential", 5)
def _uni_app_en(g):
    a = g.person(["in", "zh", "vi", "ph", "pk", "ua", "de", "es", "en", "tr", "ar", "so", "er"])
    v = g.v(3)
    if v == 0:
        return ["Application ID %d-%07d — " % (g.c([2025, 2026]), g.ri(1, 9999999)), PER(a.full), ", ", EM(g.email(a)), ", ", PH(g.phone_intl()), ". Programme: MSc Marine Engineering. Requested extra exam time due to ", HEA(g.c(["dyslexia", "ADHD", "a visual impairment", "epilepsy"])), " (documentation attached)."]
    if v == 1:
        return ["Dear Admissions Office, my name is ", PER(a.full), " and I applied for the Bachelor in Nursing (applicant no. %s). My IELTS score of 7.0 was uploaded on %s. Could you confirm receipt to " % (g.digits(7), g.date_en()), EM(g.email(a)), "? Thank you."]
    return ["Case note: applicant ", PER(a.full), " (", EM(g.email(a)), ") asks to defer admission by one year because of ", HEA(g.c(["cancer treatment", "a long COVID diagnosis", "pregnancy", "major depression"])), ". Supporting letter from ", PER(g.person(distinct_from=[a]).full), ", GP."]


@T("uni_app_no", "no", "confidential", 5)
def _uni_app_no(g):
    a = g.person(["no", "no_old", "sami", "mix", "so", "pk"])
    hun = a.pron("no")[0]
    v = g.v(3)
    if v == 0:
        a = g.person(["sami", "sami", "no"])
        hun = a.pron("no")[0]
        return ["Søker ", PER(a.full), ", fødselsnummer ", FNR(g.fmt_fnr(g.fnr(1995, 2007))), ", søker om opptak til lektorutdanning. %s oppgir " % hun.capitalize(), ETH("samisk bakgrunn"), " og ber om plass på den samiske kvoten."]
    if v == 1:
        return ["Hei! Jeg har søkt bachelor i sykepleie (søknadsnr. %s) og lurer på om dere har fått vitnemålet mitt. Jeg har " % g.digits(7), HEA(g.c(["dysleksi", "ADHD", "diabetes type 1", "nedsatt hørsel"])), " og har søkt om tilrettelagt eksamen. Mvh ", PER(a.full), ", ", PH(g.phone_no("mobile"))]
    return ["Opptakskontoret har mottatt klage fra ", PER(a.full), " (", EM(g.email(a)), ") på poengberegningen. Søkeren har %s skolepoeng. Saken sendes til klagenemnda %s." % (g.c(["48,3", "51,7", "44,9"]), g.date_no())]


@T("uni_public_en", "en", "public", 5)
def _uni_public_en(g):
    v = g.v(3)
    if v == 0:
        return ["Application deadline for the Master's programmes is 1 March at 23:59 (CET). Results are published on 15 July. Applicants with a foreign education must upload transcripts and an English test (TOEFL min. 90)."]
    if v == 1:
        return ["Open Day %s: campus tours start at %s from the Main Library. Florence Hall hosts the engineering stand; Victoria Room the health sciences. No registration needed." % (g.date_en(), g.clock())]
    return ["Admission statistics %d: %d applicants, %d offers, %d %% accepted. The Sami quota (10 places) was fully used. The programme code for nursing is %s." % (g.c([2024, 2025]), g.ri(3000, 9000), g.ri(500, 1500), g.ri(40, 80), "%d %s" % (g.ri(100, 999), g.digits(3)))]


@T("uni_dnr_en", "en", "confidential", 5)
def _uni_dnr_en(g):
    a = g.person(["ua", "pl", "lt", "in", "zh", "de", "es", "er", "so", "ar", "vi"])
    v = g.v(2)
    if v == 0:
        return ["International applicant ", PER(a.full), " has been issued a D-number (", DNR(g.fmt_fnr(g.fnr(1990, 2006, dnr=True))), "). Please link it to the application in FS and send housing info to ", EM(g.email(a)), "."]
    return ["Hello, I'm ", PER(a.first), ". The tax office gave me D-number ", DNR(g.fnr(1990, 2006, dnr=True)), " but the student portal says my identity is unverified. My student number is %s. Phone: " % g.digits(6), PH(g.phone_no("mobile")), "."]


@T("uni_public_no", "no", "public", 5)
def _uni_public_no(g):
    v = g.v(3)
    if v == 0:
        return ["Søknadsfristen i Samordna opptak er 15. april. Svar på søknaden kommer 20. juli kl. 08:00. Har du spørsmål om poengberegning, se nettsidene eller ring sentralbordet i åpningstiden."]
    if v == 1:
        return ["Studiestart %d: Fadderuka starter mandag i uke 33. Immatrikulering i aulaen kl. %s. Per i dag har %d studenter takket ja til plass." % (g.c([2025, 2026]), g.clock(), g.ri(800, 3000))]
    return ["Kvote for førstegangsvitnemål utgjør 50 %% av plassene. Studiekode %s. Karaktersnitt for opptak i fjor: %s. Mai-eksamen holdes på campus." % (g.digits(4), g.c(["4,6", "5,1", "4,9"]))]


@T("uni_nn", "no", "confidential", 5)
def _uni_nn(g):
    a = g.person(["no", "no_old", "sami"])
    ho = a.pron("nn")[0]
    v = g.v(2)
    if v == 0:
        return ["Søkjar ", PER(a.full), " (", FNR(g.fnr(1996, 2007)), ") har sendt inn dokumentasjon på ", HEA(g.c(["dysleksi", "epilepsi", "diabetes type 1"])), " og ber om utvida tid på eksamen. Kontakt: ", EM(g.email(a)), "."]
    return ["Hei, eg heiter ", PER(a.full), " og har fått tilbod om studieplass på grunnskulelærar. Eg er oppvaksen i Kautokeino og har ", ETH("samisk bakgrunn"), ". Kan eg få ta samiskfaget som del av utdanninga? Telefon ", PH(g.phone_no()), "."]

# ===================== Housing cooperative (borettslag) ========================


@T("brl_minutes_no", "no", "confidential", 4)
def _brl_minutes_no(g):
    a = g.person()
    b = g.person(distinct_from=[a])
    c = g.person(distinct_from=[a, b])
    v = g.v(3)
    if v == 0:
        return ["Referat styremøte %s. Til stede: " % g.date_no(), PER(a.full), " (leder), ", PER(b.full), ", ", PER(c.full), ". Sak 4/%d: Klage på støy fra leilighet i " % g.c([24, 25]), ADR(g.address_no()), ". Styret sender skriftlig advarsel."]
    if v == 1:
        return ["Sak 7: Andelseier ", PER(a.full), " søker om å bygge innglasset balkong. ", PER(a.last), " har levert tegninger fra %s. Styret ved " % g.c(SURNAME_COMPANIES), PER(b.first), " innhenter uttalelse fra OBOS før neste møte."]
    return ["Styret behandlet søknad om fremleie fra ", PER(a.full), ", som skal jobbe et år i Tromsø. Leietaker: ", PER(b.full), ", tlf. ", PH(g.phone_no()), ". Søknaden godkjennes for perioden %s–%s." % (g.date_no(2025), g.date_no(2026))]


@T("brl_notice_no", "no", "public", 6)
def _brl_notice_no(g):
    v = g.v(4)
    if v == 0:
        return ["Til alle beboere: Dugnad lørdag %d. mai kl. 10. Vi rydder bod og plen, og griller etterpå. Containeren står ved blokk C til mandag. Husk at hageavfall ikke skal i restavfallet." % g.ri(3, 24)]
    if v == 1:
        return ["Vår vaktmester har ferie uke 28–30. Akutte saker meldes via Vibbo. Felleskostnadene øker med 3,5 %% fra 1. januar, og garasjeplass koster %s per måned." % g.nok(500, 1500, 0)]
    if v == 2:
        return ["Innkalling til ordinær generalforsamling i Solbakken borettslag, tirsdag %s kl. %s i fellesrommet. Saker: årsregnskap, valg av styre, forslag om ladestasjoner. Frist for forslag: %s." % (g.date_no(), g.clock(), g.date_no())]
    return ["Varsel: Vannet stenges i blokk A og B onsdag kl. %s pga. utskifting av stoppekran. Rørlegger: %s. Bjørnstjerne Bjørnsons gate er stengt for gjennomkjøring samme dag." % (g.clock_range(), g.c(SURNAME_COMPANIES))]


@T("brl_invoice_internal_no", "no", "internal", 5)
def _brl_invoice_internal_no(g):
    comp = g.c(OTHER_COMPANIES + SURNAME_COMPANIES)
    v = g.v(3)
    if v == 0:
        return ["Faktura fra %s (org.nr. " % comp, ORG(g.orgnr()), ") for snømåking desember: %s. Attesteres av styreleder før betaling via forretningsfører." % g.nok(5000, 40000)]
    if v == 1:
        return ["Borettslagets organisasjonsnummer er ", ORG(g.orgnr()), ". Brukes ved bestilling av containere og i søknad om ENØK-tilskudd. Forsikring er tegnet i %s, polise %s." % (g.c(["Gjensidige", "If", "Tryg", "Fremtind"]), g.digits(8))]
    return ["Tilbud på fasaderehabilitering: %s, org.nr. " % comp, ORG(g.orgnr()), ", %s eks. mva. Alternativ leverandør: %s, org.nr. " % (g.nok(800000, 4000000, 0), g.c(OTHER_COMPANIES)), ORG(g.orgnr()), "."]


@T("brl_ownerchange_no", "no", "confidential", 5)
def _brl_ownerchange_no(g):
    a = g.person()
    b = g.person(distinct_from=[a])
    v = g.v(2)
    if v == 0:
        return ["Eierskifte: ", PER(a.full), " (", g.natid(a), ") overtar andel nr. %d, " % g.ri(1, 120), ADR(g.address_no(form=1)), ", fra ", PER(b.full), ". Felleskostnader trekkes fra konto ", BANK(g.bank()), " fra %s." % g.date_no()]
    return ["Forhåndsvarsel om forkjøpsrett: andelen i ", ADR(g.address_no()), " er solgt. Kjøper er ", PER(a.full), ", ", EM(g.email(a)), ". Megler: ", PER(b.full), ", ", PH(g.phone_no()), "."]


@T("brl_notice_nn", "no", "public", 5)
def _brl_notice_nn(g):
    v = g.v(4)
    if v == 3:
        return ["Julekonsert i St. Jakob kyrkje søndag %d. desember kl. %s. Bussen frå Olav Kyrres plass går kvar halvtime. Styret ønskjer alle bebuarar ei god jul!" % (g.ri(8, 22), g.clock())]
    if v == 0:
        return ["Styret i Fjordtun burettslag minner om dugnad laurdag %d. mai frå kl. 10. Vi stiller med kaffi og vaffel. Containeren står ved blokk C fram til måndag." % g.ri(3, 24)]
    if v == 1:
        return ["Frå 1. januar aukar felleskostnadene med 4 %%. Ny straumavtale gjeld frå same dato. Sjå årsmeldinga for %d på oppslagstavla i kjellaren." % g.c([2024, 2025])]
    return ["Brøyting: Bilar må flyttast frå plassen ved blokk B innan kl. %s. Snøen blir køyrd bort av %s. Takk for hjelpa!" % (g.clock(), g.c(SURNAME_COMPANIES))]


@T("brl_resident_en", "en", "confidential", 5)
def _brl_resident_en(g):
    a = g.person(["en", "de", "es", "in", "ph", "pl"])
    b = g.person(distinct_from=[a])
    v = g.v(3)
    if v == 0:
        return ["Dear board, I live in ", ADR(g.address_no(form=1)), " and the heating in the bathroom has not worked since %s. Please have the caretaker contact me on " % g.date_en(), PH(g.phone_no("mobile")), ". Best, ", PER(a.full)]
    if v == 1:
        return ["Hi, this is ", PER(a.first), " from flat 3B. My neighbour ", PER(b.full), " keeps parking in the fire lane. I've sent photos to ", EM("styret@solbakken-brl.no"), " but nothing happened."]
    return ["Board reply to ", PER(a.full), ": your request for a wheelchair ramp at the entrance is approved, as you have used a wheelchair since ", HEA(g.c(["a spinal injury", "a stroke", "a hip fracture"])), " last year. Work starts in week %d." % g.ri(10, 40)]

# ===================== Sports club ===========================================


@T("club_signup_no", "no", "confidential", 4)
def _club_signup_no(g):
    kid = g.person(["no", "so", "pl", "pk", "er", "vi", "ua", "sami"])
    par = g.person(distinct_from=[kid])
    v = g.v(3)
    if v == 0:
        return ["Påmelding håndballskole: ", PER(kid.first), " (%d år). Foresatt: " % g.ri(7, 12), PER(par.full), ", ", PH(g.phone_no("mobile")), ", ", EM(g.email(par)), ". Allergier: ", HEA(g.c(["nøtteallergi", "astma", "cøliaki", "diabetes type 1"])), "."]
    if v == 1:
        return ["Hei! ", PER(kid.first), " vil gjerne begynne på G12-laget. Vi bor i ", ADR(g.address_no(form=1)), ". Hilsen ", PER(par.full)]
    return ["Kjøreliste cup %s: " % g.date_no(), PER(par.full), " (", PH(g.phone_no()), ") kjører ", PER(kid.first), " og tre til. Oppmøte ved Ullevaal stadion kl. %s." % g.clock()]


@T("club_schedule_no", "no", "public", 5)
def _club_schedule_no(g):
    v = g.v(4)
    if v == 0:
        return ["Treningstider vinter: J13 mandag og onsdag %s i Hall A. G15 tirsdag og torsdag. Per i dag er det ledige plasser på J11. Medlemskontingent %s." % (g.clock_range(), g.nok(600, 2500, 0))]
    if v == 1:
        return ["Kampprogram: Lørdag %s spiller A-laget borte mot Sola. Buss fra klubbhuset kl. %s. Dag 2 av cupen er flyttet til Telenor Arena." % (g.date_no(), g.clock())]
    if v == 2:
        return ["Årsmøte i Brattlia IL torsdag %s kl. %s på klubbhuset. Saker: regnskap, budsjett, valg. Styrets forslag til ny kontingent er %s for voksne." % (g.date_no(), g.clock(), g.nok(800, 3000, 0))]
    return ["Dugnad: Vi selger lodd til inntekt for Norway Cup. Hver spiller selger 20 lodd à 50 kr. Vinner trekkes %s. Sponsor: %s." % (g.date_no(), g.c(SURNAME_COMPANIES))]


@T("club_injury_en", "en", "confidential", 5)
def _club_injury_en(g):
    a = g.person()
    he, him, his = a.pron("en")
    v = g.v(3)
    if v == 0:
        return ["Coach update: ", PER(a.first), " has ", HEA(g.c(["a torn ACL", "a stress fracture", "a concussion", "a dislocated shoulder"])), " and will miss the rest of the season. Physio contact: ", PER(g.person(distinct_from=[a]).full), ", ", PH(g.phone_no()), "."]
    if v == 1:
        return ["Team sheet note – ", PER(a.full), " has ", HEA(g.c(["asthma", "type 1 diabetes", "epilepsy"])), "; %s inhaler/kit is in the first-aid bag. Parent on the bench: " % his, PER(g.person(distinct_from=[a]).first), "."]
    return ["Hi all, ", PER(a.full), " is out for a few weeks after Saturday's match. The physio says it's a ", HEA("grade 2 hamstring tear"), ". Get well soon, ", PER(a.first), "! 💪"]


@T("club_dues_no", "no", "confidential", 4)
def _club_dues_no(g):
    a = g.person()
    v = g.v(2)
    if v == 0:
        return ["Purring: Kontingent for ", PER(a.full), " er ikke betalt. Beløp %s, KID %s. Betal til klubbens konto " % (g.nok(800, 2500, 0), g.digits(9) + "0"), BANK(g.bank()), " innen %s." % g.date_no()]
    return ["Refusjon av reiseutgifter til ", PER(a.full), " (trener J14): %s. Utbetales til konto " % g.nok(300, 4000, 0), BANK(g.bank()), ". Kvitteringer mottatt på e-post fra ", EM(g.email(a)), "."]


@T("club_sponsor_internal_no", "no", "internal", 5)
def _club_sponsor_internal_no(g):
    comp = g.c(SURNAME_COMPANIES + OTHER_COMPANIES)
    v = g.v(2)
    if v == 0:
        return ["Sponsoravtale %d–%d med %s (org.nr. " % (2025, 2027, comp), ORG(g.orgnr()), "): %s per år mot logo på draktbrystet. Faktureres i februar." % g.nok(20000, 150000, 0)]
    return ["Klubbens org.nr. ", ORG(g.orgnr()), " må oppgis i søknaden om momskompensasjon. Frist %s. Grasrotandelen ga %s i fjor." % (g.date_no(), g.nok(10000, 90000, 0))]


@T("club_public_en", "en", "public", 5)
def _club_public_en(g):
    v = g.v(3)
    if v == 0:
        return ["Training is cancelled tonight because of the storm warning. May we remind everyone that the pitch at Jordal is closed until further notice. Next session Thursday at %s." % g.clock()]
    if v == 1:
        return ["Club kit order closes %s. Prices: jersey %s, shorts %s. Sizes run small – order one size up. Pick-up at the clubhouse." % (g.date_en(), g.nok(300, 700, 3), g.nok(150, 400, 3))]
    return ["Match report: a 3–1 win away at Sola. Frank discussion in the dressing room at half-time paid off. Next home game is at Bislett on %s, kick-off %s." % (g.date_en(), g.clock())]

# ===================== Pharmacy =============================================


@T("pharm_chat_no", "no", "confidential", 5)
def _pharm_chat_no(g):
    a = g.person()
    v = g.v(3)
    if v == 0:
        return ["Kunde: Hei, jeg skal hente resept for moren min, ", PER(g.person(["no", "no_old"], "f").full), ". Hun har ", HEA(g.c(["hjerteflimmer", "høyt blodtrykk", "diabetes type 2", "revmatisme"])), " og bruker Eliquis. Hennes fødselsnummer er ", FNR(g.fnr(1935, 1955)), ". Kan jeg hente med fullmakt?"]
    if v == 1:
        return ["Hei, jeg heter ", PER(a.full), ". Jeg fikk ", HEA(g.c(["Sertralin 50 mg", "Ritalin 10 mg", "Levaxin 75 mikrogram", "Metformin 500 mg"])), " forskrevet i går, men appen sier at resepten ikke finnes. Mobil: ", PH(g.phone_no("mobile")), "."]
    return ["Farmasøytnotat: ", PER(a.full), " (", g.natid(a), ") spurte om interaksjon mellom p-piller og ", HEA(g.c(["epilepsimedisin", "antibiotika mot borreliose", "johannesurt mot depresjon"])), ". Rådet gitt, oppfølging om 2 uker."]


@T("pharm_public_en", "en", "public", 5)
def _pharm_public_en(g):
    v = g.v(3)
    if v == 0:
        return ["Opening hours over Easter: Thursday %s–16:00, closed Friday and Sunday. Flu vaccines available without appointment. Paracetamol 500 mg is limited to one pack per customer." % g.clock()]
    if v == 1:
        return ["Did you know? People with asthma or diabetes are recommended the seasonal flu vaccine. Ask at the counter or book via our app. Price: %s." % g.nok(250, 500, 3)]
    return ["Product recall: batch %s of Ibux 400 mg (EAN " % ("L%s" % g.digits(5)), NEG(g.ean13()), ") is recalled due to a labelling error. Return unused packs to any pharmacy for a full refund."]


@T("pharm_pickup_en", "en", "confidential", 4)
def _pharm_pickup_en(g):
    a = g.person()
    v = g.v(3)
    if v == 0:
        return ["Hi, I'm ", PER(a.full), ". Can my partner ", PER(g.person(distinct_from=[a]).first), " collect my insulin? I have ", HEA("type 1 diabetes"), " and I'm stuck at work. My national ID is ", g.natid(a), "."]
    if v == 1:
        return ["Order ready for pickup: ", PER(a.full), ", 2 items incl. ", HEA(g.c(["Truvada (PrEP)", "Wegovy 1 mg", "Lamictal 100 mg", "Salbutamol inhaler"])), ". Collect at counter 3. Questions: ", PH(g.phone_no("land")), "."]
    return ["Message from ", PER(a.full), " (", EM(g.email(a)), "): my doctor changed my dose because of ", HEA(g.c(HEALTH_EN)), ", but the e-prescription still shows the old one. Can you check?"]


@T("pharm_public_no", "no", "public", 5)
def _pharm_public_no(g):
    v = g.v(3)
    if v == 0:
        return ["Vi har influensavaksine fra uke %d. Personer over 65 år og personer med kronisk sykdom anbefales vaksine. Drop-in hver dag kl. %s." % (g.ri(40, 44), g.clock_range())]
    if v == 1:
        return ["Tilbud denne måneden: 25 %% på solkrem og Sol-serien fra %s. Gjelder ikke reseptbelagte legemidler. Pris per stk fra %s." % (g.c(["Apotek 1", "Vitusapotek", "Boots"]), g.nok(79, 300, 0))]
    if g.p(0.5):
        return ["Apoteket ved St. Olavs hospital har utvidet åpningstid i desember: %s alle hverdager. Per i dag er det god tilgang på influensavaksine." % g.clock_range()]
    return ["Apoteket i Storgata holder stengt %s på grunn av varetelling. Nærmeste åpne apotek ligger på Stortorvet. Resepter kan hentes i hentebokser hele døgnet." % g.date_no()]

# ===================== Travel agency =========================================


def pnr(g):
    return "".join(g.c("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))


@T("travel_booking_en", "en", "confidential", 5)
def _travel_booking_en(g):
    a = g.person()
    b = g.person(distinct_from=[a])
    v = g.v(4)
    if v == 0:
        return ["Booking %s: passengers " % pnr(g), PER(a.full), " and ", PER(b.full), ", OSL–LIS 14:05, seat 12A/12B. Paid with card ", CARD(g.card()), ". Confirmation sent to ", EM(g.email(a)), "."]
    if v == 1:
        return ["Hi, this is ", PER(a.full), ". Please change booking ref %s to a later flight on %s. You can charge the fee to my Amex " % (pnr(g), g.date_en()), CARD(g.card("amex")), ". Mobile ", PH(g.phone_no()), "."]
    if v == 3:
        return ["Refund for cancelled tour %s: %s to be paid to " % (pnr(g), g.nok(2000, 20000, 3)), PER(a.full), ", IBAN ", IBAN(g.iban(g.c(["DE", "NL", "GB", "SE", "DK", "NO"]))), ". Customer confirmed the account holder name by phone, ", PH(g.phone_intl()), "."]
    return ["Group booking for the choir trip to Vienna: contact person ", PER(a.full), ", ", PH(g.phone_no()), ", invoice address ", ADR(g.address_no(form=1)), ". 32 travellers, hotel near Stephansplatz."]


@T("travel_booking_no", "no", "confidential", 5)
def _travel_booking_no(g):
    a = g.person()
    b = g.person(distinct_from=[a])
    v = g.v(3)
    if v == 0:
        return ["Bestilling %s for " % pnr(g), PER(a.full), ": Hurtigruten Bergen–Kirkenes med MS Richard With, avreise %s. Innvendig lugar. Betalt med kort " % g.date_no(), CARD(g.card()), "."]
    if v == 1:
        return ["Hei! Vi er to voksne, ", PER(a.first), " og ", PER(b.first), ", som vil til Kreta i uke %d. Halalmat ønskes på flyet. Ring meg gjerne på " % g.ri(26, 32), PH(g.phone_no("mobile")), " eller svar til ", EM(g.email(a)), "."]
    return ["Reisebevis for ", PER(a.full), " og ", PER(b.full), ", ", ADR(g.address_no(form=1)), ". Totalpris %s er belastet. Avbestillingsforsikring er ikke tegnet." % g.nok(8000, 60000, 0)]


@T("travel_public_no", "no", "public", 5)
def _travel_public_no(g):
    v = g.v(3)
    if v == 0:
        return ["Reiseplan: Avgang %s fra Gardermoen, fly SK%d til Alicante. Innsjekking stenger 45 min før avgang. Bagasje maks 23 kg per stk. Bookingreferanse oppgis ved innsjekking." % (g.clock(), g.ri(1000, 4999))]
    if v == 1:
        return ["Kystreisen med MS Richard With og MS Nordkapp går daglig fra Bergen. Sol, nordlys og midnattssol – velg årstid! Priser fra %s per person i dobbeltlugar." % g.nok(9000, 30000, 0)]
    return ["Endring i rutetabell: Flybussen fra Victoria terrasse går nå hvert 20. minutt. Tog til Gardermoen kl. %s er innstilt %s. Sporvekselfeil ved Lillestrøm." % (g.clock(), g.date_no())]


@T("travel_assist_en", "en", "confidential", 5)
def _travel_assist_en(g):
    a = g.person()
    v = g.v(3)
    if v == 0:
        return ["Special assistance request: ", PER(a.full), " requires a wheelchair (WCHR) at Gardermoen and Heathrow due to ", HEA(g.c(["multiple sclerosis", "a hip replacement", "Parkinson's disease"])), ". Booking ref %s." % pnr(g)]
    if v == 1:
        return ["Passenger ", PER(a.full), " has ", HEA(g.c(["a severe peanut allergy", "epilepsy", "type 1 diabetes"])), " and will carry medication in hand luggage. Please inform the crew. Contact: ", EM(g.email(a)), "."]
    return ["Note for the Rome trip: ", PER(a.first), " is ", REL(g.c(["a devout Catholic", "a practising Muslim", "Jewish", "Hindu"])), " and asked us to plan around the religious holiday on day 3. Kosher/halal meals not needed."]


@T("travel_public_en", "en", "public", 5)
def _travel_public_en(g):
    v = g.v(4)
    if v == 3:
        return ["City break London: guided walk from St Paul's Cathedral to Tower Bridge at %s, then free time in Covent Garden. Hotel: The Wellington, 3 nights, breakfast included." % g.clock()]
    if v == 0:
        return ["Your itinerary: Oslo (OSL) → Sydney via Doha. Check-in opens 24 hours before departure. Baggage allowance 2 x 23 kg. Booking reference %s, ticket number %s." % (pnr(g), "117-%s" % g.digits(10))]
    if v == 1:
        return ["Travel advice: Jordan and Georgia require a visa for some passports. Florence and Victoria Falls are fully booked in August. Chase your travel insurance certificate before departure."]
    return ["Cruise update: embarkation in Bergen from %s. Ship: Color Fantasy. Cabin categories Inside, Sea View and Suite. Dinner seating 18:00 or 20:30." % g.clock()]

# ===================== Accounting firm ========================================


@T("acc_payroll_no", "no", "confidential", 5)
def _acc_payroll_no(g):
    a = g.person()
    v = g.v(3)
    if v == 0:
        return ["Lønnsendring fra %s: " % g.date_no(), PER(a.full), " (", g.natid(a, 1960, 2004), "), ny timelønn %s. Lønn utbetales til konto " % g.nok(250, 450, 0), BANK(g.bank()), ". Husk ", UNI(g.c(["fagforeningstrekk til Fellesforbundet", "trekk for kontingent til Parat", "fagforeningstrekk til NITO"])), " fra neste kjøring."]
    if v == 1:
        return ["Ny ansatt i lønnssystemet: ", PER(a.full), ", D-nummer ", DNR(g.fnr(1975, 2004, dnr=True)), ", skattekort hentet %s. Kontonummer: " % g.date_no(), BANK(g.bank()), ". Stilling 100 %% fra 1. %s." % g.c(MONTHS_NO)]
    return ["Feil i lønnskjøringen: ", PER(a.full), " fikk utbetalt %s for mye. Tilbakebetaling avtalt med " % g.nok(2000, 20000, 0), PER(a.first), " per telefon ", PH(g.phone_no()), ", trekkes over tre måneder."]


@T("acc_invoice_no", "no", "internal", 5)
def _acc_invoice_no(g):
    comp = g.c(SURNAME_COMPANIES + OTHER_COMPANIES)
    v = g.v(3)
    if v == 0:
        return ["Faktura %d til %s, org.nr. " % (g.ri(20000, 29999), comp), ORG(g.orgnr()), ". Regnskapsbistand %s, timer %d à %s. Forfall %s. KID %s." % (g.c(MONTHS_NO), g.ri(3, 40), g.nok(900, 1600, 0), g.date_no(), g.digits(10))]
    if v == 1:
        return ["Årsoppgjør %d for %s (" % (g.c([2024, 2025]), comp), ORG(g.orgnr()), ") er avsluttet. Skattemeldingen leveres innen 31. mai. Honorar etter medgått tid."]
    return ["MVA-melding for termin %d: %s, org.nr. " % (g.ri(1, 6), comp), ORG(g.orgnr(1)), ", skyldig mva %s. Sendt via Altinn %s." % (g.nok(5000, 200000, 0), g.date_no())]


@T("acc_invoice_en", "en", "internal", 5)
def _acc_invoice_en(g):
    comp = g.c(SURNAME_COMPANIES + OTHER_COMPANIES)
    v = g.v(3)
    if v == 0:
        return ["Invoice %d issued to %s (organisation number " % (g.ri(20000, 29999), comp), ORG(g.orgnr()), "). Bookkeeping services %s, %s excl. VAT. Payment terms 14 days." % (g.c(MONTHS_EN), g.nok(3000, 40000, 3))]
    if v == 1:
        return ["Client onboarding checklist: %s, org. no. " % comp, ORG(g.orgnr()), ". KYC completed, beneficial ownership registered in the Brønnøysund Register Centre on %s." % g.date_en()]
    return ["Reminder: %s (Org. no. " % comp, ORG(g.orgnr(0)), ") has an overdue balance of %s. Second reminder fee NOK 70 added. Case COL-%d." % (g.nok(5000, 80000, 3), g.ri(1000, 9999))]


@T("acc_public_en", "en", "public", 5)
def _acc_public_en(g):
    v = g.v(3)
    if v == 0:
        return ["Deadlines: the A-melding (payroll report) is due on the 5th of each month. VAT returns for term %d are due on %s. Late filing fee from NOK 1 000 per day." % (g.ri(1, 6), g.date_en())]
    if v == 1:
        return ["Year-end closing checklist: reconcile bank accounts, review accruals, post depreciation, and lock the period in Tripletex. Will be discussed at the Quarterly Business Review on %s." % g.date_en()]
    return ["Invoice no. %s dated %s: 12 x consulting hours @ NOK 1 250 = NOK 15 000, VAT 25 %% NOK 3 750, total NOK 18 750. Ref. " % (g.digits(8), "2025%02d%02d" % (g.ri(1, 12), g.ri(1, 28))), NEG(g.neg11()), "."]


@T("acc_sickpay_no", "no", "confidential", 4)
def _acc_sickpay_no(g):
    a = g.person()
    v = g.v(2)
    if v == 0:
        return ["Refusjonskrav sykepenger: ", PER(a.full), " (", g.natid(a), ") har vært sykmeldt fra %s. Arbeidsgiverperioden er utbetalt. Kravet sendes NAV via Altinn." % g.date_no()]
    return ["Hei, ", PER(a.first), " er sykmeldt 50 % ut måneden. Kan dere legge inn redusert lønn? Sykmeldingen er registrert i NAV. Mvh ", PER(g.person(distinct_from=[a]).full)]


@T("acc_iban_en", "en", "confidential", 5)
def _acc_iban_en(g):
    a = g.person(["de", "en", "pl", "lt", "es", "da", "sv", "fi"])
    c = {"de": "DE", "en": g.c(["GB", "IE"]), "pl": "PL", "lt": "LT", "es": "ES", "da": "DK",
         "sv": "SE", "fi": "FI"}[a.origin]
    v = g.v(3)
    if v == 0:
        return ["Please pay invoice %d to our account IBAN " % g.ri(1000, 9999), IBAN(g.iban(c)), ", BIC %s. Contact for remittance queries: " % {"DE": "DEUTDEFF", "GB": "NWBKGB2L", "IE": "AIBKIE2D", "PL": "PKOPPLPW", "LT": "HABALT22", "ES": "CAIXESBB", "DK": "DABADKKK", "SE": "ESSESESS", "FI": "NDEAFIHH"}[c], PER(a.full), ", ", EM(g.email(a, "remit-finance.eu")), "."]
    if v == 1:
        return ["Payroll for posted worker ", PER(a.full), ": net salary to ", IBAN(g.iban(c)), ". Home address ", ADR(g.address_foreign()), ". A1 certificate valid until %s." % g.date_en()]
    return ["Expense claim from consultant ", PER(a.full), " – reimburse EUR %d to IBAN " % g.ri(100, 3000), IBAN(g.iban(c, spaced=False)), ". Note: the IBAN on the first claim, ", NEG(g.neg_iban()), ", bounced."]


@T("acc_clients_no", "no", "internal", 5)
def _acc_clients_no(g):
    comps = g.sample(SURNAME_COMPANIES + OTHER_COMPANIES, 3)
    v = g.v(2)
    if v == 0:
        return ["Klienter med frist for årsregnskap %s: %s (" % (g.date_no(), comps[0]), ORG(g.orgnr()), "), %s (" % comps[1], ORG(g.orgnr()), ") og %s (" % comps[2], ORG(g.orgnr()), "). Alle mangler avstemming av bank."]
    return ["Oppdragsavtale signert med %s, org.nr. " % comps[0], ORG(g.orgnr()), ". Tjenester: bokføring, lønn og MVA. Fast honorar %s per måned. Oppstart %s." % (g.nok(3000, 15000, 0), g.date_no())]

# ===================== Web shop customer service ==============================


@T("shop_cs_no", "no", "confidential", 4)
def _shop_cs_no(g):
    a = g.person()
    v = g.v(3)
    if v == 0:
        return ["Hei! Ordre %s har ikke kommet frem. Sporingsnummer %s står som levert, men ingenting i postkassa. Adressen min er " % (g.digits(8), g.tracking()), ADR(g.address_no(form=g.c([1, 2]))), ". Mvh ", PER(a.full), ", ", PH(g.phone_no("mobile"))]
    if v == 1:
        return ["Kundeservice-logg: ", PER(a.full), " (", EM(g.email(a)), ") vil returnere sykkelhjelm, ordre #%d. Returlapp sendt. Refusjon %s innen 5 virkedager." % (g.ri(100000, 999999), g.nok(400, 3000, 0))]
    return ["Hei ", PER(a.first), ", takk for henvendelsen! Vi har endret leveringsadressen på ordre %s til " % g.digits(8), ADR(g.address_no(form=1)), ". Spørsmål? Svar på denne e-posten eller skriv til ", EM("kundeservice@sykkelkompaniet.no"), "."]


@T("shop_cs_en", "en", "confidential", 5)
def _shop_cs_en(g):
    a = g.person()
    v = g.v(3)
    if v == 0:
        return ["Hi, I ordered a Haas-branded jacket (order %s) but got the wrong size. Can you send an XL to " % g.digits(8), ADR(g.c([g.address_foreign(), g.address_no(form=1)])), "? Thanks, ", PER(a.full)]
    if v == 1:
        return ["Chat transcript – Customer: ", PER(a.full), "\nEmail: ", EM(g.email(a)), "\nIssue: charged twice for order %s (%s). Agent: refund of the duplicate initiated, 3–5 days." % ("WS-" + g.digits(7), g.nok(300, 3000, 3))]
    return ["Customer ", PER(a.full), " called from ", PH(g.phone_intl()), " about a missing parcel, tracking %s. Please call back after 16:00." % g.tracking()]


@T("shop_public_no", "no", "public", 5)
def _shop_public_no(g):
    v = g.v(4)
    if v == 3:
        return ["Slik fyller du ut skjemaet: skriv mobilnummeret med 8 siffer uten landkode, for eksempel ", NEG("98765432"), ", og postnummeret med 4 siffer. Ordrenummeret finner du i ordrebekreftelsen."]
    if v == 0:
        return ["Returrett 30 dager. Varen må være ubrukt og i originalemballasje. Returfrakt %s trekkes fra refusjonen. Sporingsnummer %s gjelder din pakke fra lageret i Vestby." % (g.nok(59, 149, 0), g.tracking())]
    if v == 1:
        return ["Ordrebekreftelse %s: 2 stk sykkellykt (EAN " % g.digits(8), NEG(g.ean13()), "), 1 stk lappesaker. Sum %s inkl. frakt. Forventet levering %s." % (g.nok(200, 1500, 0), g.date_no())]
    return ["Black Friday: opptil 40 %% på alt av vinterutstyr. Per i dag er over %d varer på lager. Kampanjen varer til søndag kl. 23:59." % g.ri(500, 4000)]


@T("shop_card_en", "en", "confidential", 5)
def _shop_card_en(g):
    a = g.person()
    v = g.v(3)
    if v == 0:
        return ["Customer wrote in the chat: \"my card ", CARD(g.card()), " exp 09/27 was declined 3 times, can you put the order through manually?\" – name on card ", PER(a.full), ". Agent removed the number from the ticket."]
    if v == 1:
        return ["Hi, it's ", PER(a.first), ". I paid with the Mastercard ending 4471 but want to switch to my Visa ", CARD(g.card("visa")), ". Order %s. Thanks!" % g.digits(8)]
    return ["Fraud review: card ", CARD(g.card(g.c(["mc", "mc2"]))), " used for 4 orders shipped to ", ADR(g.address_no(form=1)), " in 2 hours. Cardholder ", PER(a.full), " disputes all of them. Test card ", NEG(g.neg16()), " rejected by Luhn."]


@T("shop_public_en", "en", "public", 5)
def _shop_public_en(g):
    v = g.v(3)
    if v == 0:
        return ["Order update: your parcel %s is out for delivery today, %s. The driver will call before arrival. Gift card balance: %s." % (g.tracking(), g.clock_range(), g.nok(100, 1000, 3))]
    if v == 1:
        return ["Payment failed for order %s. Card **** **** **** %s was declined. Please try again or choose Vipps. No amount has been reserved." % (g.digits(8), g.digits(4))]
    return ["Product page: Rose Gold bike bell, SKU %s, barcode " % ("BB-%s" % g.digits(5)), NEG(g.ean13()), ". Will fit handlebars 22–31.8 mm. In stock: %d pcs." % g.ri(5, 300)]

# ===================== Slack / Teams ==========================================


@T("chat_no", "no", "confidential", 4)
def _chat_no(g):
    a = g.chat_person()
    b = g.chat_person(distinct_from=[a])
    v = g.v(4)
    if v == 0:
        return ["@", PER(a.handle()), " kan du se på PR-en min før lunsj? 🙏 ", PER(g.lower_first(b)), " er på kurs hele dagen"]
    if v == 1:
        return ["spør ", PER(g.lower_first(a)), ", %s har tilgang til Tripletex. evt " % a.pron("no")[0], PER(g.lower_first(b)), " på ", PH(g.phone_no("mobile", fmt="{0}{1}{2}{3}{4}{5}{6}{7}"))]
    if v == 2:
        return [PER(g.lower_first(a)), " og ", PER(g.lower_first(b)), " er på kundebesøk i Kongsberg, så standup flyttes til 10:15 ☕"]
    return ["takk for kaka ", PER(g.lower_first(a)), "!! 🎂 gratulerer med dagen. ", PER(g.lower_first(b)), " sier %s vil ha oppskriften 😄" % b.pron("no")[0]]


@T("chat_en", "en", "confidential", 5)
def _chat_en(g):
    a = g.chat_person()
    b = g.chat_person(distinct_from=[a])
    v = g.v(4)
    if v == 0:
        return ["@", PER(a.handle()), " can you approve the PO before 3? ", PER(g.lower_first(b)), " is out today 🙃"]
    if v == 1:
        return ["ask ", PER(g.lower_first(a)), ", %s set up the new vpn profile. or ping " % a.pron("en")[0], PER(g.lower_first(b)), " on ", EM(g.email(b, SHOP_DOM))]
    if v == 2:
        return ["lol ", PER(g.lower_first(a)), "'s dog just joined the client call 🐶 ", PER(a.last), " pls mute your mic before they hear it"]
    return ["who has the key to the server room? ", PER(g.lower_first(a)), " said ", PER(g.lower_first(b)), " had it last 🤷"]


@T("chat_public_no", "no", "public", 5)
def _chat_public_no(g):
    v = g.v(3)
    if v == 0:
        return ["deploy ferdig 🚀 v%s ute i prod. ingen feil i loggen så langt. neste release planlagt %s" % (g.version(), g.date_no())]
    if v == 1:
        return ["noen som vet om kantina har vegetar i dag? 🥗 ellers blir det pizza fra hjørnet. husk allmøte kl %s i store møterom" % g.clock()]
    return ["byggserveren er treg igjen 🐢 jobb %s har stått i kø i 20 min. restarter agent 2 nå" % g.uuid()[:8]]


@T("chat_public_en", "en", "public", 5)
def _chat_public_en(g):
    v = g.v(3)
    if v == 0:
        return ["standup moved to 10:15 today ☕ agenda: Release Notes for %s, on-call handover, and the Jira cleanup" % g.version()]
    if v == 1:
        return ["reminder: Customer Success sync is at %s, link in the calendar invite. Will post the slides after 👍" % g.clock()]
    return ["anyone else getting 502s from the staging api? build %s, commit %s. looks like the load balancer again 😩" % (g.ri(1000, 9999), g.sha(10))]


@T("chat_health_no", "no", "confidential", 4)
def _chat_health_no(g):
    a = g.chat_person()
    b = g.chat_person(distinct_from=[a])
    v = g.v(3)
    if v == 0:
        return [PER(g.lower_first(a)), " er borte i dag, ", HEA(g.c(["migrene", "vondt i ryggen", "astmaanfall"])), " igjen 😩 kan noen ta vakta %s?" % a.pron("no")[2]]
    if v == 1:
        return ["fyi ", PER(g.lower_first(a)), " har fått påvist ", HEA(g.c(["diabetes type 2", "cøliaki", "høyt blodtrykk"])), ", så bestill glutenfritt/sukkerfritt til fredagskosen 🙏 (", PER(g.lower_first(b)), " fikser)"]
    return ["@", PER(a.handle()), " god bedring! håper ", HEA(g.c(["brokkoperasjonen", "menisk-operasjonen", "operasjonen i kneet"])), " gikk fint ❤️"]


@T("chat_union_en", "en", "confidential", 5)
def _chat_union_en(g):
    a = g.chat_person()
    v = g.v(3)
    if v == 0:
        return ["fyi @", PER(a.handle()), " is our ", UNI(g.c(["shop steward for Unite", "union rep for Fellesforbundet", "NITO rep"])), " now, so loop them in on the overtime thing"]
    if v == 1:
        return ["heads up: ", PER(g.lower_first(a)), " joined ", UNI("Industri Energi"), " last week and wants to be at the meeting about night shifts"]
    return ["who's the union rep for the night shift these days? need someone for the rota change 🙏 (not ", PER(g.lower_first(a)), ", ", a.pron("en")[0], " already said no)"]


@T("chat_nn", "no", "confidential", 5)
def _chat_nn(g):
    a = g.chat_person(["no", "no_old", "sami"])
    b = g.chat_person(["no", "no_old", "sami"], distinct_from=[a])
    v = g.v(3)
    if v == 0:
        return ["@", PER(a.handle()), " kan du ta over vakta på laurdag? ", PER(g.lower_first(b)), " er sjuk 🤒"]
    if v == 1:
        return ["eg har sendt fakturaen til ", PER(g.lower_first(a)), ". %s er " % a.pron("nn")[0], UNI("hovudtillitsvald i Delta"), " og har møte heile dagen, så svar kjem nok i morgon"]
    return ["kven har nøkkelen til lageret? ", PER(g.lower_first(a)), " seier at ", PER(g.lower_first(b)), " hadde han sist 🤷"]

# ===================== Extra special-category and number-heavy templates =======


@T("hr_orientation_en", "en", "confidential", 5)
def _hr_orientation_en(g):
    a = g.person()
    he, him, his = a.pron("en")
    v = g.v(3)
    if v == 0:
        return ["Confidential – HR case %d: " % g.ri(100, 999), PER(a.full), " reports comments from colleagues after mentioning that %s is " % he, SEX(g.c(["gay", "bisexual", "pansexual"] if a.gender == "m" else SEXOR_EN)), ". Manager ", PER(g.person(distinct_from=[a]).full), " has been informed."]
    if v == 1:
        return ["Relocation note: ", PER(a.first), " asked whether the company health insurance covers %s same-sex partner; %s is openly " % (his, he), SEX("gay" if a.gender == "m" else g.c(["gay", "lesbian"])), " and wants the policy to be inclusive."]
    return ["Employee survey free-text (not anonymous by mistake): \"As a ", SEX("bisexual"), " woman I don't always feel safe at the staff party\" – ", PER(g.person(gender="f").full), ", dept. Finance."]


@T("club_pride_no", "no", "confidential", 5)
def _club_pride_no(g):
    a = g.person(gender="f")
    v = g.v(3)
    if v == 0:
        return ["Styret fikk en henvendelse fra ", PER(a.full), ", som er ", SEX(g.c(SEXOR_NO)), " og opplever kommentarer i garderoben. Saken tas opp med trenerne. Kontakt: ", PH(g.phone_no()), "."]
    if v == 1:
        return ["Til Pride-paraden i år stiller klubben med eget lag. ", PER(a.first), " har sagt at hun er ", SEX("lesbisk"), " og ønsker å bære klubbflagget."]
    return ["Notat fra trenermøtet: ", PER(a.full), " fortalte at ", a.pron("no")[0], " er ", SEX(g.c(SEXOR_NO)), ". Alle trenere minnes om klubbens retningslinjer mot diskriminering."]


@T("ethnicity_mixed_en", "en", "confidential", 5)
def _ethnicity_mixed_en(g):
    a = g.person(["so", "pk", "sami", "tr", "ar", "no"])
    v = g.v(3)
    if v == 0:
        return ["Scholarship shortlist: ", PER(a.full), " (", EM(g.email(a)), ") qualifies for the diversity grant; self-reported ", ETH(g.c(ETHN_EN)), "."]
    if v == 1:
        return ["Complaint received from ", PER(a.full), ", who believes the landlord refused the booking because of %s " % a.pron("en")[2], ETH(g.c(["Roma background", "Somali heritage", "Kurdish origin"])), ". Escalated to legal."]
    return ["Mentor programme: ", PER(a.first), " asked to be matched with someone who shares %s " % a.pron("en")[2], ETH(g.c(["Sami background", "Tamil heritage", "Pakistani descent"])), ". Coordinator: ", PER(g.person(distinct_from=[a]).full), "."]


@T("ethnicity_no", "no", "confidential", 4)
def _ethnicity_no(g):
    a = g.person()
    v = g.v(2)
    if v == 0:
        return ["Søknad om tilskudd fra ", PER(a.full), ": prosjektet gjelder dokumentasjon av egen familiehistorie. Søker har ", ETH(g.c(["kvensk bakgrunn", "samisk bakgrunn", "romanifolk-bakgrunn"])), ". Tlf. ", PH(g.phone_no()), "."]
    return ["Notat fra mentorprogrammet: ", PER(a.first), " har ", ETH(g.c(["kurdisk opprinnelse", "somalisk bakgrunn", "tamilsk opprinnelse"])), " og ønsker mentor med lignende erfaring. Koordinator: ", PER(g.person(distinct_from=[a]).full), "."]


@T("criminal_en", "en", "confidential", 5)
def _criminal_en(g):
    a = g.person()
    he, him, his = a.pron("en")
    v = g.v(3)
    if v == 0:
        return ["Vetting result for ", PER(a.full), ": the police certificate shows ", CRI(g.c(CRIME_EN)), " (%d). Role: warehouse, no access to cash. Decision deferred to HR director." % g.ri(2010, 2021)]
    if v == 1:
        return ["Claims desk note: insured ", PER(a.full), " has ", CRI(g.c(["a prior conviction for insurance fraud", "a conviction for arson"])), ". Refer the new fire claim to the special investigation unit."]
    return [PER(a.first), " told the panel %s was " % he, CRI(g.c(["convicted of assault", "convicted of fraud", "convicted of burglary"])), " in %d and served a community sentence. Referees: " % g.ri(2008, 2019), PER(g.person(distinct_from=[a]).full), "."]


@T("num_negatives_no", "no", "public", 5)
def _num_negatives_no(g):
    v = g.v(4)
    if v == 0:
        return ["Bilag %s datert %s, ordre %s, fakturanr. %s. Beløp %s. Mottaksnummer " % (g.digits(6), "2025%02d%02d" % (g.ri(1, 12), g.ri(1, 28)), g.digits(8), g.digits(7), g.nok(1000, 90000)), NEG(g.neg11()), " gjelder samme sending."]
    if v == 1:
        return ["Avvist i bankavstemming: kontonummer ", NEG(g.neg_bank()), " er ugyldig (feil kontrollsiffer). Org.nr. ", NEG(g.neg9()), " finnes ikke i Enhetsregisteret. Sjekk tastefeil."]
    if v == 2:
        return ["Pakke %s er registrert hos Posten. Postnummer 0661 og 5003 har forsinket levering. Serienr. %s, lotnr. %s, GTIN " % (g.tracking(), "SN%s" % g.digits(9), g.digits(6)), NEG(g.ean13()), "."]
    return ["Kortbetaling avvist: ", NEG(g.neg16()), " består ikke Luhn-kontrollen. Transaksjon %s, beløp %s, tid %s." % (g.uuid(), g.nok(100, 5000, 0), g.ts())]


@T("num_negatives_en", "en", "public", 5)
def _num_negatives_en(g):
    v = g.v(3)
    if v == 0:
        return ["Import log: row 118 rejected – account number ", NEG(g.neg_bank()), " fails the mod-11 check. Row 119 rejected – org. no. ", NEG(g.neg9()), " invalid. Batch %s finished at %s." % (g.uuid(), g.clock())]
    if v == 1:
        return ["Shipment %s, PO %s, invoice %s dated %s. Total weight 412 kg, 3 pallets. Customs tariff code 8483.30.80." % (g.tracking(), g.digits(8), g.digits(10), "2025%02d%02d" % (g.ri(1, 12), g.ri(1, 28)))]
    return ["Test data only: the number ", NEG(g.neg11()), " has an invalid check digit and IBAN ", NEG(g.neg_iban()), " fails mod-97. Use these to check that the validator rejects bad input."]


@T("orgnr_lookup_en", "en", "internal", 5)
def _orgnr_lookup_en(g):
    comp = g.c(SURNAME_COMPANIES + OTHER_COMPANIES)
    v = g.v(2)
    if v == 0:
        return ["Org. no. ", ORG(g.orgnr()), " is registered to %s in the Register of Business Enterprises, registered for VAT since %d. NACE 25.620 Machining." % (comp, g.ri(1995, 2022))]
    return ["Credit check for new customer %s (" % comp, ORG(g.orgnr()), "): rating A, payment remarks none, revenue %s in %d." % (g.nok(2000000, 90000000, 3), g.c([2023, 2024]))]


@T("ms_quality_public_en", "en", "public", 5)
def _ms_quality_public_en(g):
    v = g.v(3)
    if v == 0:
        return ["Quality KPIs for %s: scrap rate 1.8 %%, on-time delivery 94 %%, customer complaints 3. The Mazak cell improved after the new fixtures. Target for next quarter: scrap below 1.5 %%." % g.c(MONTHS_EN)]
    if v == 1:
        return ["Audit plan: ISO 9001 surveillance audit on %s by DNV. Areas: purchasing, calibration, Non-Conformance Reports. Opening meeting at %s in Meeting Room Victoria." % (g.date_en(), g.clock())]
    return ["Tool life study: Sandvik CoroMill 390 inserts lasted %d min in %s at vc = 220 m/min. Iscar inserts lasted %d min. Recommendation: switch supplier from week %d." % (g.ri(20, 90), g.c(MATS), g.ri(20, 90), g.ri(2, 50))]


@T("ms_supplier_nn", "no", "confidential", 5)
def _ms_supplier_nn(g):
    a = g.person(["no", "no_old"])
    b = g.person(distinct_from=[a])
    comp, dom = g.c(SUPPLIERS_NO)
    v = g.v(2)
    if v == 0:
        return ["Hei ", PER(b.first), "! Vi har ikkje fått ordrestadfesting på bestillinga frå førre veke. Kan du sjekke og sende til ", EM(g.email(a, SHOP_DOM)), "? Helsing ", PER(a.full)]
    return ["Takk for tilbodet. Vi går vidare med ", PER(b.full), " sitt forslag om %s i %s. Ring meg på " % (g.c(PARTS_NO), g.c(MATS)), PH(g.phone_no()), " om leveringstida. Helsing ", PER(a.first), ", innkjøp"]


@T("religion_no", "no", "confidential", 5)
def _religion_no(g):
    a = g.person()
    b = g.person(distinct_from=[a])
    v = g.v(4)
    if v == 0:
        return ["Hei ", PER(b.first), "! Jeg er ", REL("praktiserende muslim"), " og lurer på om jeg kan ta fri til id-feiringen og heller jobbe inn timene uka etter. Hilsen ", PER(a.full)]
    if v == 1:
        return ["Notat til førstehjelpsplanen: ", PER(a.full), " er ", REL("Jehovas vitne"), " og har reservert seg mot blodoverføring. Kopi av reservasjonen ligger i personalmappen hos ", PER(b.first), "."]
    if v == 2:
        return [PER(a.first), " er ", REL(g.c(["læstadianer", "troende kristen", "sjudagsadventist"])), " og spiller ikke kamper på %s. Trenerne tar hensyn til dette i kampoppsettet for %s." % ("søndager" if g.p(0.5) else "helligdager", g.c(["vårsesongen", "høstsesongen"]))]
    return ["Reiseønsker for ", PER(a.full), ": ", REL(g.c(["katolikk", "ortodoks kristen", "hindu", "sikh", "buddhist"])), ", ønsker å besøke et tempel eller en kirke på fridagen i %s. Kontakt: " % g.c(["Roma", "Delhi", "Bangkok", "Aten"]), EM(g.email(a)), "."]


@T("it_longlog_en", "en", "confidential", 3)
def _it_longlog_en(g):
    a = g.person()
    b = g.person(distinct_from=[a])
    user_ip = g.ipv4("pub")
    mail = g.email(a, SHOP_DOM)
    agent_v = g.version4()
    day = "2025-%02d-%02d" % (g.ri(1, 12), g.ri(1, 28))
    t = g.ri(6 * 3600, 8 * 3600)
    parts = ["User: ", PER(a.first), " here from the planning office. Since this morning the MES client can't talk to the CNC cells. Full log below, sorry it's long:\n\n"]
    for i in range(g.ri(8, 10)):
        t += g.ri(5, 900)
        ts = "%sT%02d:%02d:%02d" % (day, t // 3600, t // 60 % 60, t % 60)
        kind = i if i < 3 else g.ri(1, 5)
        if kind == 0:
            parts += ["%sZ INFO  mes-agent " % ts, NEG(agent_v), " connecting to ", IPA(g.ipv4("priv10")), ":%d\n" % g.c([4840, 502, 8193])]
        elif kind == 1:
            parts += ["%sZ WARN  opc-ua session %s timed out after 30000 ms\n" % (ts, g.uuid())]
        elif kind == 2:
            parts += ["%sZ INFO  user=" % ts, EM(mail), " src=", IPA(user_ip), " action=login result=ok\n"]
        elif kind == 3:
            parts += ["%sZ ERROR route to " % ts, NEG(g.cidr()), " unreachable (netmask ", NEG("255.255.0.0"), ")\n"]
        elif kind == 4:
            parts += ["%sZ DEBUG checksum %s ok for program O%04d\n" % (ts, g.sha(32), g.ri(1000, 9999))]
        else:
            parts += ["%sZ INFO  heartbeat from %s-cell%d seq=%d\n" % (ts, g.c(["mazak", "haas", "dmg"]), g.ri(1, 6), g.ri(1000, 99999))]
    parts += ["\nBot: Thanks ", PER(a.first), ". The agent reaches the cells but the OPC UA sessions time out, which usually means the gateway needs a restart. I've opened INC%s and assigned it to " % g.digits(7),
              PER(b.full), " in OT support (", PH(g.phone_no("mobile")), "). You'll get an update by e-mail."]
    return parts


@T("brl_minutes_long_no", "no", "confidential", 3)
def _brl_minutes_long_no(g):
    ppl = [g.person()]
    for _ in range(4):
        ppl.append(g.person(distinct_from=ppl))
    leder, nest, sek, beboer, vakt = ppl
    return ["Protokoll fra styremøte i Solbakken borettslag, %s kl. %s, fellesrommet blokk B.\n" % (g.date_no(), g.clock()),
            "Til stede: ", PER(leder.full), " (styreleder), ", PER(nest.full), " (nestleder) og ", PER(sek.full), " (sekretær). Forfall: ingen.\n\n",
            "Sak 12/%d – Økonomi: Regnskapet per %s viser et overskudd på %s. Felleskostnadene holdes uendret ut året. Banklånet i Husbanken refinansieres ikke nå.\n\n" % (g.c([24, 25]), g.c(MONTHS_NO), g.nok(50000, 400000, 0)),
            "Sak 13 – Vannlekkasje: Det er meldt fuktskade i kjelleren under ", ADR(g.address_no(form=1)), ". ", PER(leder.last), " har vært i kontakt med %s, som kommer med tilbud innen uke %d.\n\n" % (g.c(SURNAME_COMPANIES), g.ri(2, 50)),
            "Sak 14 – Henvendelse fra beboer: ", PER(beboer.full), " ber om parkeringsplass nær inngangen fordi ", beboer.pron("no")[0], " har ", HEA(g.c(["kols", "leddgikt", "multippel sklerose", "hjertesvikt"])), ". Styret innvilger midlertidig plass nr. %d. Svar sendes til " % g.ri(1, 60), EM(g.email(beboer)), ".\n\n",
            "Sak 15 – Vaktmester: Ny avtale med %s, ansvarlig vaktmester " % g.c(OTHER_COMPANIES), PER(vakt.full), ", tlf. ", PH(g.phone_no()), ". Per i dag er det 14 åpne saker i Vibbo.\n\n",
            "Sak 16 – Eventuelt: Vårdugnad avholdes i mai. Neste styremøte om %s uker. Referent: " % g.c(["tre", "fire", "seks"]), PER(sek.first), "."]


@T("union_no", "no", "confidential", 5)
def _union_no(g):
    a = g.person()
    b = g.person(distinct_from=[a])
    v = g.v(5)
    if v == 0:
        return ["Fra neste lønnskjøring skal det trekkes kontingent for ", PER(a.full), ", som nå er ", UNI(g.c(["medlem av Fagforbundet", "medlem av Fellesforbundet", "medlem i Parat"])), ". Trekket er 1,4 % av brutto lønn."]
    if v == 1:
        return ["Referat fra drøftingsmøte %s. Til stede: daglig leder " % g.date_no(), PER(b.full), ", ", PER(a.full), " (", UNI(g.c(["klubbleder i Fellesforbundet", "hovedtillitsvalgt i Negotia", "plasstillitsvalgt for Industri Energi"])), "). Tema: overtid i produksjonen i uke %d–%d." % (g.ri(2, 20), g.ri(21, 40))]
    if v == 2:
        return [PER(a.full), " er ", UNI(g.c(["tillitsvalgt for NITO", "tillitsvalgt i Tekna", "medlem av Lederne"])), " og ønsker å delta i ansettelsesintervjuene for ingeniørstillingene. ", PER(b.first), " svarer innen fredag."]
    if v == 3:
        return ["Hei ", PER(b.first), "! Jeg er ", UNI(g.c(["medlem i Negotia", "medlem av Handel og Kontor", "organisert i Fagforbundet"])), " og vil ha med meg en rådgiver derfra på samtalen på torsdag. Mvh ", PER(a.full)]
    return [PER(a.full), " er ikke medlem av noen fagforening, men ønsker at hovedtillitsvalgt er til stede på møtet om omplassering %s. Innkalling sendes til " % g.date_no(), EM(g.email(a, SHOP_DOM)), "."]


@T("travel_card_en", "en", "confidential", 4)
def _travel_card_en(g):
    a = g.person()
    v = g.v(3)
    if v == 0:
        return ["Please hold the two rooms for the Bergen conference under ", PER(a.full), ". Guarantee with Mastercard ", CARD(g.card("mc2", 1)), ", expiry 11/28. We arrive late, around 23:30."]
    if v == 1:
        return ["Agent note: ", PER(a.full), " read the card number out loud on the call – ", CARD(g.card(g.c(["visa", "mc"]), 2)), ". Payment for booking %s completed; number masked in CRM." % pnr(g)]
    return ["Corporate card for the trip to Houston: ", CARD(g.card("amex", 1)), " (cardholder ", PER(a.full), "). Per diem NOK 780 per day, flights in economy, max 3 nights."]


@T("ins_refund_iban_en", "en", "confidential", 4)
def _ins_refund_iban_en(g):
    a = g.person(["de", "pl", "lt", "es", "en", "sv", "da", "fi", "ua"])
    v = g.v(3)
    if v == 0:
        return ["Refund request from ", PER(a.full), ": premium paid twice for policy %s. Please return %s to IBAN " % (g.digits(8), g.nok(1000, 9000, 3)), IBAN(g.iban()), ". ", PER(a.first), " can be reached on ", PH(g.phone_intl()), "."]
    if v == 1:
        return ["Claim settlement for seasonal worker ", PER(a.full), ", D-number ", DNR(g.fmt_fnr(g.fnr(1975, 2003, dnr=True))), ". Pay to Norwegian account ", BANK(g.bank()), ", or if closed, IBAN ", IBAN(g.iban(g.c(["PL", "LT", "DE", "ES", "SE"]))), "."]
    return ["Dear claims team, my bank in Norway closed my account, so please use my home account instead: IBAN ", IBAN(g.iban(g.c(["PL", "LT", "DE", "ES", "GB", "IE", "FR"]), spaced=False)), ". Regards, ", PER(a.full), ", claim no. %s" % g.digits(7)]

# ---------------------------------------------------------------------------
# Assembly, validation, output
# ---------------------------------------------------------------------------
SPECIAL = {"HEALTH", "TRADE_UNION", "RELIGION", "ETHNICITY", "SEXUAL_ORIENTATION",
           "CRIMINAL_RECORD"}


class Retry(Exception):
    """Raised when a random draw produced an accidental look-alike; draw again."""


def flatten(parts):
    for p in parts:
        if isinstance(p, list):
            yield from flatten(p)
        elif p is None or p == "":
            continue
        else:
            yield p


def build(parts):
    text, ents, negs = "", [], []
    for p in flatten(parts):
        if isinstance(p, str):
            text += p
            continue
        typ, surf = p
        if typ in SPECIAL:
            m = re.match(r"(an? |en |et |ei )(.+)$", surf)
            if m:  # articles stay outside special-category spans
                text += m.group(1)
                surf = m.group(2)
        assert surf and surf == surf.strip(), repr(surf)
        start = len(text)
        text += surf
        if typ.startswith("_"):
            negs.append((typ, start, len(text)))
        else:
            assert typ in TYPES, typ
            ents.append({"type": typ, "start": start, "end": len(text)})
    # trailing whitespace is never part of a span, so stripping it keeps offsets exact
    text = text.rstrip()
    assert all(e["end"] <= len(text) for e in ents)
    return text, ents, negs


def classify(ents):
    types = {e["type"] for e in ents}
    if not types:
        return "public"
    if types == {"ORGNR"}:
        return "internal"
    return "confidential"


def validate_entity(typ, s):
    d = only_digits(s)
    if typ == "FNR":
        assert re.fullmatch(r"\d{11}|\d{6} \d{5}", s) and fnr_valid(d) and not dnr_valid(d), s
    elif typ == "DNR":
        assert re.fullmatch(r"\d{11}|\d{6} \d{5}", s) and dnr_valid(d), s
    elif typ == "ORGNR":
        assert re.fullmatch(r"\d{9}|\d{3}[ .]\d{3}[ .]\d{3}", s) and orgnr_valid(d), s
    elif typ == "BANK_ACCOUNT":
        assert re.fullmatch(r"\d{11}|\d{4}([ .])\d{2}\1\d{5}", s) and bank_valid(d), s
        assert not fnr_checkdigits_ok(d) and not fnr_valid(d) and not dnr_valid(d), s
    elif typ == "IBAN":
        assert iban_valid(s), s
    elif typ == "CARD":
        assert len(d) in (15, 16) and luhn_valid(d), s
        assert re.fullmatch(r"[\d \-]+", s), s
        if len(d) == 15:
            assert d[:2] in ("34", "37"), s
    elif typ == "PHONE":
        assert 8 <= len(d) <= 13, s
        assert re.fullmatch(r"[\d +()]+", s), s
    elif typ == "EMAIL":
        assert EMAIL_RE.match(s), s
    elif typ == "IP":
        ip = ipaddress.ip_address(s)
        if ip.version == 4:
            assert not s.endswith(".0") and not s.endswith(".255") and not s.startswith("255."), s
    elif typ == "ADDRESS":
        assert re.search(r"\d", s), s
    elif typ == "PERSON":
        assert "@" not in s and not re.search(r"\d", s) and not s.endswith("'s"), s


def validate_negative(s):
    if "/" in s or s.count(".") == 3 or s.count(".") >= 5:
        return  # CIDR ranges, netmasks, version strings, OIDs: not digit look-alikes
    d = only_digits(s)
    if len(d) == 11:
        assert not fnr_checkdigits_ok(d) and not bank_valid(d), s
    if len(d) == 9:
        assert not orgnr_valid(d), s
    if len(d) in (15, 16):
        assert not luhn_valid(d), s
    if s.replace(" ", "")[:2].isalpha() and len(s.replace(" ", "")) >= 15:
        assert not iban_valid(s), s


IPV4_FIND = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d])")
GROUPED_FIND = re.compile(r"(?<![\w])\d{1,6}(?:[ .\-]\d{1,6}){1,5}(?![\w])")


def safety_scan(text, ents, negs):
    """Unlabelled text must not accidentally contain a valid identifier."""
    chars = list(text)
    for e in ents:
        for i in range(e["start"], e["end"]):
            chars[i] = "\x00"
    masked = "".join(chars)
    neg_ranges = [(s, e) for _, s, e in negs]
    if EMAIL_FIND.search(masked):
        raise AssertionError("unlabelled e-mail in: " + text)
    for m in IPV4_FIND.finditer(masked):
        if not any(s <= m.start() and m.end() <= e for s, e in neg_ranges):
            raise AssertionError("unlabelled dotted quad %r in: %s" % (m.group(), text))
    cands = [m.group() for m in re.finditer(r"\d+", masked)]
    cands += [only_digits(m.group()) for m in GROUPED_FIND.finditer(masked)]
    for d in cands:
        if len(d) == 11 and (fnr_checkdigits_ok(d) or bank_valid(d)):
            raise Retry(d)
        if len(d) == 9 and orgnr_valid(d):
            raise Retry(d)
        if len(d) in (15, 16) and luhn_valid(d):
            raise Retry(d)
    IBAN_FIND = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
    for m in IBAN_FIND.finditer(masked):
        if iban_valid(m.group()):
            raise Retry(m.group())


def check_item(rec, negs):
    text, ents = rec["text"], rec["entities"]
    assert 60 <= len(text) <= 1500, (len(text), text)
    prev_end = -1
    for e in ents:
        s = text[e["start"]:e["end"]]
        assert s and s == s.strip(), repr(s)
        assert e["start"] >= prev_end, "overlap/unsorted"
        prev_end = e["end"]
        validate_entity(e["type"], s)
    for _, a, b in negs:
        validate_negative(text[a:b])
    assert rec["class"] == classify(ents)
    safety_scan(text, ents, negs)


NAME_TOKENS = set()
for _o in NAMES.values():
    for _k in ("f", "m", "l", "lf"):
        for _n in _o.get(_k, []):
            for _t in re.split(r"[ \-]", _n):
                if _t and _t[0].isupper():
                    NAME_TOKENS.add(_t)


def name_lookalikes(text, ents):
    chars = list(text)
    for e in ents:
        for i in range(e["start"], e["end"]):
            chars[i] = " "
    masked = "".join(chars)
    return [w for w in re.findall(r"[^\W\d_]+", masked) if w in NAME_TOKENS]


def main():
    g = G(SEED)
    names = [t["name"] for t in TEMPLATES]
    assert len(names) == len(set(names)), "duplicate template names"
    records, seen = [], set()
    retries = Counter()
    for t in TEMPLATES:
        made = 0
        attempts = 0
        g.cur = t["name"]
        while made < t["n"]:
            attempts += 1
            assert attempts < 400, "template %s cannot produce enough distinct texts" % t["name"]
            text, ents, negs = build(t["fn"](g))
            if text in seen:
                retries["dup"] += 1
                continue
            rec = {"id": None, "lang": t["lang"], "template": t["name"], "text": text,
                   "entities": ents, "class": classify(ents)}
            assert rec["class"] == t["cls"], (t["name"], rec["class"], text)
            try:
                check_item(rec, negs)
            except Retry:
                retries["lookalike"] += 1
                continue
            seen.add(text)
            records.append(rec)
            made += 1
    random.Random(SEED + "-order").shuffle(records)
    for i, rec in enumerate(records, 1):
        rec["id"] = "fresh8-%04d" % i
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")

    # re-read and re-verify what was written
    with open(OUT, encoding="utf-8") as fh:
        back = [json.loads(line) for line in fh]
    assert len(back) == len(records)
    for rec in back:
        assert set(rec) == {"id", "lang", "template", "text", "entities", "class"}
        prev = -1
        for e in rec["entities"]:
            assert e["start"] >= prev
            prev = e["end"]
            validate_entity(e["type"], rec["text"][e["start"]:e["end"]])
        assert rec["class"] == classify(rec["entities"])

    # statistics
    by_type, by_class, by_lang = Counter(), Counter(), Counter()
    for rec in back:
        by_class[rec["class"]] += 1
        by_lang[rec["lang"]] += 1
        for e in rec["entities"]:
            by_type[e["type"]] += 1
    n = len(back)
    print("wrote %d records to %s" % (n, OUT))
    print("templates: %d" % len({r["template"] for r in back}))
    print("retries: %s" % dict(retries))
    print("\nper class:")
    for k in ("confidential", "public", "internal"):
        print("  %-13s %4d  (%.1f %%)" % (k, by_class[k], 100.0 * by_class[k] / n))
    print("per language:")
    for k in sorted(by_lang):
        print("  %-13s %4d" % (k, by_lang[k]))
    print("per entity type (spans):")
    for k in sorted(TYPES):
        print("  %-19s %4d" % (k, by_type[k]))
    print("  %-19s %4d" % ("total", sum(by_type.values())))
    lens = sorted(len(r["text"]) for r in back)
    print("text length: min %d, median %d, max %d, >700: %d" % (
        lens[0], lens[len(lens) // 2], lens[-1], sum(1 for x in lens if x > 700)))
    if "--lookalikes" in sys.argv:
        la = defaultdict(Counter)
        for rec in back:
            for w in name_lookalikes(rec["text"], rec["entities"]):
                la[rec["template"]][w] += 1
        print("\nunlabelled words that are also in the name pools (review list):")
        for k in sorted(la):
            print("  %-28s %s" % (k, dict(la[k])))


if __name__ == "__main__":
    main()
