"""Special-category findings cover the phrase that states the fact, statements about nobody are not findings,
names go on over initials and particles, chat names keep their surnames, and a rare card length needs a card
word. Sentences written for these tests (none from the evaluation sets)."""

from __future__ import annotations

import pytest

from orkester.guardrails.detect import Detector


def found(d: Detector, text: str) -> list[tuple[str, str]]:
    return [(e.type, e.text) for e in d.scan(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Han er tidligere dømt for innbrudd, opplyser politiet.", ("CRIMINAL_RECORD", "tidligere dømt for innbrudd")),
        ("She has a prior conviction for fraud.", ("CRIMINAL_RECORD", "prior conviction for fraud")),
        ("She was diagnosed with asthma in 2019.", ("HEALTH", "diagnosed with asthma")),
        ("Hun har hatt prolaps i nakken siden mars.", ("HEALTH", "prolaps i nakken")),
        ("He was treated for burnout last spring.", ("HEALTH", "treated for burnout")),
        ("He was operated on the right shoulder in May.", ("HEALTH", "was operated on the right shoulder")),
        ("Ola er klubbleder i Parat og sitter i styret.", ("TRADE_UNION", "klubbleder i Parat")),
        ("Hun er praktiserende katolikk.", ("RELIGION", "praktiserende katolikk")),
    ],
)
def test_a_category_finding_covers_its_phrase(detector: Detector, text: str, expected: tuple[str, str]) -> None:
    assert expected in found(detector, text)


def test_a_phrase_does_not_swallow_a_name_or_run_on(detector: Detector) -> None:
    assert ("PERSON", "Kari Nordmann") in found(detector, "Saken om sykmelding med Kari Nordmann tas i morgen.")
    health = [t for k, t in found(detector, "Hun er sykmeldt fra mandag og til og med fredag.") if k == "HEALTH"]
    assert health == ["sykmeldt"]


def test_a_form_label_and_a_workplace_statistic_are_about_nobody(detector: Detector) -> None:
    assert ("HEALTH", "Diagnose") not in found(detector, "Diagnose: J45 Astma\nPasient: Kari Nordmann")
    assert not [k for k, _ in found(detector, "Sykefraværet på lageret var 6,1 % i mars, mot 4 % i fjor.")]
    # a percentage about a named person is her sick leave: a finding
    assert "HEALTH" in {k for k, _ in found(detector, "Kari Nordmann har et sykefravær på 40 % denne våren.")}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Kontakt: Vår C. Olsen, innkjøp", "Vår C. Olsen"),
        ("Møte med Jan P. Strand i dag.", "Jan P. Strand"),
        ("Attn: Lisa van den Berg, accounts payable", "Lisa van den Berg"),
    ],
)
def test_names_go_on_over_initials_and_particles(detector: Detector, text: str, name: str) -> None:
    assert ("PERSON", name) in found(detector, text)


def test_chat_names_keep_a_known_surname(detector: Detector) -> None:
    chat = "ida: har noen sett jonas haugen i dag?\nmarkus: nei, men stein haugen var her\nida: ok takk"
    names = {t for k, t in found(detector, chat) if k == "PERSON"}
    assert {"jonas haugen", "stein haugen"} <= names


def test_a_13_digit_number_is_a_card_only_with_a_card_word(detector: Detector) -> None:
    number = "4222222222222"  # a 13-digit Visa test number: valid Luhn
    assert ("CARD", number) not in found(detector, f"Referanse {number} står på fakturaen.")
    assert ("CARD", number) in found(detector, f"Betalt med Visa-kort {number} i går.")
