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


def test_a_first_name_that_is_a_word_is_a_name_when_a_pronoun_refers_to_it(detector: Detector) -> None:
    assert ("PERSON", "Storm") in found(detector, "ida: Storm spør om han kan bytte vakt på fredag")
    assert ("PERSON", "Storm") not in found(detector, "Storm i vente, sier meldingen. Ta inn utemøblene.")


def test_hyphenated_chat_names_are_looked_up_as_the_lists_spell_them(detector: Detector) -> None:
    chat = "kari-anne: er møtet flyttet?\nole: ja, til tre\nkari-anne: takk"
    assert ("PERSON", "kari-anne") in found(detector, chat)


def test_a_version_after_a_product_name_or_a_firmware_word_is_not_an_ip(detector: Detector) -> None:
    assert not [t for k, t in found(detector, "Klient: AnyConnect 4.10.8.27 krasjer ved oppstart.") if k == "IP"]
    assert not [t for k, t in found(detector, "Skriveren har fastvare 6.2.0.14 og må oppdateres.") if k == "IP"]
    assert ("IP", "10.20.30.40") in found(detector, "Klienten på 10.20.30.40 svarer ikke.")


def test_number_cues_read_norwegian_compounds_and_only_the_numbers_own_line(detector: Detector) -> None:
    assert not [t for k, t in found(detector, "Gjelder innkjøpsordre 48213377, levert i går.") if k == "PHONE"]
    assert not [t for k, t in found(detector, "Søknaden din (søknadsnr. 58213377) er mottatt.") if k == "PHONE"]
    chat = "per: send meg fakturaen\nlise: ring meg på 48213377 etter lunsj"
    assert ("PHONE", "48213377") in found(detector, chat)  # "fakturaen" is on the line before


def test_a_sick_leave_figure_for_a_site_is_not_about_anyone(detector: Detector) -> None:
    assert not [k for k, _ in found(detector, "Sick leave across the plant fell to 3.2% in May.")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("@siri-marie.lunde kan du ta vakta i kveld?", "siri-marie.lunde"),
        ("sshd: Failed password for tone.bakken from 10.0.0.8 port 22", "tone.bakken"),
        ("Get-ADUser -Identity ole.nilsen | Unlock-ADAccount", "ole.nilsen"),
    ],
)
def test_a_user_name_that_spells_a_name_is_that_person(detector: Detector, text: str, name: str) -> None:
    assert ("PERSON", name) in found(detector, text)


def test_a_file_or_host_after_a_first_name_is_not_a_user_name(detector: Detector) -> None:
    names = {t for k, t in found(detector, "Attach Report.pdf from ole.txt and ola.local, Thanks.") if k == "PERSON"}
    assert not {"ole.txt", "ola.local"} & names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Student application: my name is Zhou Xiuying and I study nursing.", "Zhou Xiuying"),
        ("Ansvarlig: Trần Minh Khoa, lager", "Trần Minh Khoa"),
    ],
)
def test_a_family_name_written_first_takes_the_given_names(detector: Detector, text: str, name: str) -> None:
    assert ("PERSON", name) in found(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "Avreise med MS Richard With fra Bergen kl. 20.",
        "The workshop is in the Victoria Room on level 2.",
        "Hotellet ligger i Rua Augusta i Lisboa.",
        "Dear Admissions Office, please find the transcript attached.",
    ],
)
def test_ships_streets_rooms_and_offices_are_not_people(detector: Detector, text: str) -> None:
    assert "PERSON" not in {k for k, _ in found(detector, text)}


def test_i_am_is_not_part_of_a_name(detector: Detector) -> None:
    persons = [t for k, t in found(detector, "Hi, I'm Viktor Engström from the warehouse.") if k == "PERSON"]
    assert persons == ["Viktor Engström"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("sjekk med vakta, ida er sjuk i dag", "ida"),
        ("eg sende det til gunhild. ho er på kurs i Bergen", "gunhild"),
        ("abdullahi og linh er på kundebesøk i Drammen", "abdullahi"),
        ("Relocation note: Per asked whether the policy covers dental care.", "Per"),
    ],
)
def test_a_name_as_the_subject_of_being_having_or_saying(detector: Detector, text: str, name: str) -> None:
    assert ("PERSON", name) in found(detector, text)


def test_a_lower_case_name_that_is_a_word_stays_a_word(detector: Detector) -> None:
    assert "PERSON" not in {k for k, _ in found(detector, "pakken står ute er det noen som kan ta den inn")}
