"""Check-digit and structure validators for the identifiers detection reports.

Each function takes the digits (or characters) of a candidate with separators already removed and answers
whether it is a well-formed identifier. They are pure, cheap, and never raise on bad input.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from operator import mul
from types import MappingProxyType

FNR_K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
FNR_K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
ACCOUNT_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

#: IBAN length per country (ISO 13616 registry, the European and common non-European ones)
IBAN_LENGTHS: Mapping[str, int] = MappingProxyType({
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
    "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24,
    "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21,
    "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28,
    "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27,
    "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24,
    "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
})  # fmt: skip


def mod11_check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    """The mod-11 control digit for ``digits`` under ``weights`` (None when the remainder makes it 10)."""
    if len(digits) != len(weights):
        raise ValueError(f"{len(digits)} digits for {len(weights)} weights")
    total = sum(map(mul, map(int, digits), weights))
    k = 11 - total % 11
    if k == 11:
        return 0
    return None if k == 10 else k


def _mod11_ok(digits: str, weights: tuple[int, ...]) -> bool:
    n = len(weights)
    if len(digits) != n + 1 or not digits.isascii() or not digits.isdigit():
        return False
    return mod11_check_digit(digits[:n], weights) == int(digits[n])


def birth_year(yy: int, individual: int) -> int | None:
    """The full birth year from the two-digit year and the individual number (Skatteetaten's ranges)."""
    if individual <= 499:
        return 1900 + yy
    if individual <= 749 and yy >= 54:
        return 1800 + yy
    if individual >= 500 and yy <= 39:
        return 2000 + yy
    if individual >= 900 and yy >= 40:
        return 1900 + yy
    return None


def _valid_birth_date(day: int, month: int, yy: int, individual: int) -> bool:
    year = birth_year(yy, individual)
    if year is None:
        return False
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _person_number(digits: str, *, d_number: bool) -> bool:
    if len(digits) != 11 or not digits.isascii() or not digits.isdigit():
        return False
    if mod11_check_digit(digits[:9], FNR_K1_WEIGHTS) != int(digits[9]):
        return False
    if mod11_check_digit(digits[:10], FNR_K2_WEIGHTS) != int(digits[10]):
        return False
    day = int(digits[:2]) - (40 if d_number else 0)
    if d_number and not 1 <= day <= 31:
        return False
    return _valid_birth_date(day, int(digits[2:4]), int(digits[4:6]), int(digits[6:9]))


def is_fnr(digits: str) -> bool:
    """Fødselsnummer: DDMMYY + individual number + two mod-11 control digits, a real date for its century."""
    return _person_number(digits, d_number=False)


def is_dnr(digits: str) -> bool:
    """D-nummer: like a fødselsnummer with 4 added to the first digit of the day."""
    return _person_number(digits, d_number=True)


def is_orgnr(digits: str) -> bool:
    """Organisasjonsnummer: 9 digits starting 8 or 9 (Enhetsregisteret), mod-11 weights 3,2,7,6,5,4,3,2."""
    return len(digits) == 9 and digits[:1] in ("8", "9") and _mod11_ok(digits, ORGNR_WEIGHTS)


def is_bank_account(digits: str) -> bool:
    """Norwegian bank account: 11 digits, mod-11 weights 5,4,3,2,7,6,5,4,3,2."""
    return _mod11_ok(digits, ACCOUNT_WEIGHTS)


def iban_remainder(iban: str) -> int:
    """``iban`` (no spaces) moved and converted to its number, mod 97 (1 for a valid IBAN)."""
    moved = iban[4:] + iban[:4]
    remainder = 0
    for ch in moved:
        value = int(ch) if ch.isdigit() else ord(ch) - 55
        remainder = (remainder * (100 if value > 9 else 10) + value) % 97
    return remainder


#: the numbers ISO 13616 gives an IBAN's letters (A = 10 … Z = 35)
_LETTER_NUMBERS = str.maketrans({chr(c): str(c - 55) for c in range(ord("A"), ord("Z") + 1)})


def is_iban(candidate: str) -> bool:
    """IBAN: a known country's length, two check digits, alphanumeric BBAN, mod-97 remainder 1."""
    iban = candidate.upper()
    if not iban.isascii() or not iban.isalnum() or IBAN_LENGTHS.get(iban[:2]) != len(iban):
        return False
    if not iban[2:4].isdigit():
        return False
    # ``iban_remainder`` in one step: ASCII letters and digits only here
    return int((iban[4:] + iban[:4]).translate(_LETTER_NUMBERS)) % 97 == 1


def luhn_ok(digits: str) -> bool:
    if not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card_brand(digits: str) -> str | None:
    """The scheme whose issuer prefix and length fit ``digits``, or None."""
    n = len(digits)
    two, four = int(digits[:2] or 0), int(digits[:4] or 0)
    if digits.startswith("4") and n in (13, 16, 19):
        return "visa"
    if (51 <= two <= 55 or 2221 <= four <= 2720) and n == 16:
        return "mastercard"
    if two in (34, 37) and n == 15:
        return "amex"
    if (digits.startswith(("6011", "65")) or 644 <= int(digits[:3] or 0) <= 649) and 16 <= n <= 19:
        return "discover"
    if 3528 <= four <= 3589 and 16 <= n <= 19:
        return "jcb"
    if (two in (36, 38, 39) or 300 <= int(digits[:3] or 0) <= 305) and 14 <= n <= 19:
        return "diners"
    if (two == 50 or 56 <= two <= 58 or digits.startswith("6")) and 13 <= n <= 19:
        return "maestro"
    return None


def is_card(digits: str) -> bool:
    """Payment card: 13-19 digits, a plausible issuer prefix for its length, Luhn check digit."""
    return 13 <= len(digits) <= 19 and card_brand(digits) is not None and luhn_ok(digits)
