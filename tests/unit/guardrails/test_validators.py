from __future__ import annotations

import pytest

from orkester.guardrails.detect.validators import (
    FNR_K1_WEIGHTS,
    FNR_K2_WEIGHTS,
    birth_year,
    card_brand,
    is_bank_account,
    is_card,
    is_dnr,
    is_fnr,
    is_iban,
    is_orgnr,
    mod11_check_digit,
)


def person_number(ddmmyy: str, individual: str) -> str:
    """A number with correct check digits: the first individual number from ``individual`` up that has them."""
    for ind in range(int(individual), int(individual) + 50):
        base = f"{ddmmyy}{ind:03d}"
        k1 = mod11_check_digit(base, FNR_K1_WEIGHTS)
        k2 = None if k1 is None else mod11_check_digit(base + str(k1), FNR_K2_WEIGHTS)
        if k2 is not None:
            return f"{base}{k1}{k2}"
    raise AssertionError("no individual number with valid check digits")


def test_fnr_check_digits_and_date() -> None:
    fnr = "15076500565"
    assert is_fnr(fnr)
    assert not is_fnr(fnr[:10] + str((int(fnr[10]) + 1) % 10))  # second check digit wrong
    assert not is_fnr(fnr[:9] + str((int(fnr[9]) + 1) % 10) + fnr[10])  # first check digit wrong
    assert not is_fnr("1507650056")  # too short
    assert not is_fnr("1507650056a")


def test_fnr_rejects_impossible_dates() -> None:
    assert is_fnr(person_number("290200", "512"))  # 29 Feb 2000: leap year, individual 500-999 -> 2000s
    assert not is_fnr(person_number("290201", "512"))  # 2001 is not a leap year
    assert not is_fnr(person_number("320190", "123"))
    assert not is_fnr(person_number("011390", "123"))


def test_century_from_individual_number() -> None:
    assert birth_year(65, 5) == 1965
    assert birth_year(65, 600) == 1865
    assert birth_year(5, 600) == 2005
    assert birth_year(65, 950) == 1965
    assert birth_year(45, 800) is None  # 750-899 with a year of 40-99 is not issued
    assert not is_fnr(person_number("010145", "800"))
    assert is_fnr(person_number("010145", "900"))


def test_dnr_adds_four_to_the_first_day_digit() -> None:
    dnr = person_number("410185", "123")
    assert is_dnr(dnr) and not is_fnr(dnr)
    assert not is_dnr(person_number("010185", "123"))
    assert not is_dnr(person_number("720185", "123"))  # day 32


def test_orgnr() -> None:
    assert is_orgnr("923609016")
    assert not is_orgnr("923609017")
    assert not is_orgnr("123609016")  # Enhetsregisteret numbers start with 8 or 9


def test_bank_account() -> None:
    assert is_bank_account("86011117947")
    assert not is_bank_account("86011117948")
    assert not is_bank_account("8601111794")


@pytest.mark.parametrize(
    "iban", ["NO9386011117947", "GB82WEST12345698765432", "DE89370400440532013000", "no9386011117947"]
)
def test_iban_valid(iban: str) -> None:
    assert is_iban(iban)


@pytest.mark.parametrize("iban", ["NO9386011117948", "NO938601111794", "XX9386011117947", "GB82WEST1234569876543"])
def test_iban_invalid(iban: str) -> None:
    assert not is_iban(iban)


def test_cards_need_luhn_and_a_plausible_prefix() -> None:
    assert is_card("4111111111111111") and card_brand("4111111111111111") == "visa"
    assert is_card("5555555555554444") and card_brand("5555555555554444") == "mastercard"
    assert is_card("378282246310005") and card_brand("378282246310005") == "amex"
    assert not is_card("4111111111111112")  # Luhn
    assert not is_card("1234567812345670")  # passes Luhn, no issuer starts with 1
    assert not is_card("411111111111111")  # Visa has no 15-digit numbers
