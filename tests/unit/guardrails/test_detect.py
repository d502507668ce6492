from __future__ import annotations

import itertools
import random
import threading

import pytest

from orkester.guardrails.detect import DEFAULT_ENTITY_CLASSES, Detector, NerUnavailable
from orkester.guardrails.detect import ner as ner_module
from orkester.guardrails.entities import ClassOrder, Entity
from orkester.settings import CustomPattern, CustomTerms, DetectionSettings


def found(d: Detector, text: str) -> list[tuple[str, str]]:
    return [(e.type, e.text) for e in d.scan(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fnr 15076500565 ok", ("FNR", "15076500565")),
        ("Fødselsnummer: 150765 00565.", ("FNR", "150765 00565")),
        ("Konto 8601.11.17947 i DNB", ("BANK_ACCOUNT", "8601.11.17947")),
        ("kontonummer 86011117947", ("BANK_ACCOUNT", "86011117947")),
        ("IBAN NO93 8601 1117 947 please", ("IBAN", "NO93 8601 1117 947")),
        ("IBAN GB82WEST12345698765432.", ("IBAN", "GB82WEST12345698765432")),
        ("Org.nr. 923 609 016", ("ORGNR", "923 609 016")),
        ("Leverandør NO 923609016 MVA", ("ORGNR", "NO 923609016 MVA")),
        ("kort 4111 1111 1111 1111 utløper", ("CARD", "4111 1111 1111 1111")),
        ("mail kari.nordmann@firma.no i dag", ("EMAIL", "kari.nordmann@firma.no")),
        ("ring 912 34 567", ("PHONE", "912 34 567")),
        ("tlf +47 91 23 45 67", ("PHONE", "+47 91 23 45 67")),
        ("call +44 20 7946 0958 now", ("PHONE", "+44 20 7946 0958")),
        ("server 192.168.1.10 is down", ("IP", "192.168.1.10")),
        ("from 2001:db8::8a2e:370:7334 today", ("IP", "2001:db8::8a2e:370:7334")),
        ("Send it to Storgata 12B, 0155 Oslo.", ("ADDRESS", "Storgata 12B, 0155 Oslo")),
        ("Kontoret ligger i Kongens gate 5.", ("ADDRESS", "Kongens gate 5")),
        ("He lived at 221B Baker Street, London.", ("ADDRESS", "221B Baker Street, London")),
    ],
)
def test_identifiers_and_patterns(detector: Detector, text: str, expected: tuple[str, str]) -> None:
    assert expected in found(detector, text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Møtet med Kari Nordmann er flyttet.", "Kari Nordmann"),
        ("Spør Ola Hansen om tilbudet.", "Ola Hansen"),
        ("Referent: Per Olav Berg", "Per Olav Berg"),
        ("Saken gjelder Anne-Lise Berg-Hansen.", "Anne-Lise Berg-Hansen"),
        ("Hei Ingrid, takk for sist.", "Ingrid"),
        ("Please ask Mr Whitfield to call.", "Whitfield"),
        ("Mvh\nAbdirahman Warsame", "Abdirahman Warsame"),
        ("Vi har snakket med Yonas Tesfaye i dag.", "Yonas Tesfaye"),
    ],
)
def test_names(detector: Detector, text: str, name: str) -> None:
    assert ("PERSON", name) in found(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "Per time koster verkstedet 950 kr.",
        "Mai er en travel måned for oss.",
        "Dag 2 går med til sveising.",
        "Liv og helse går foran alt annet.",
        "Hans bil står på verkstedet.",
        "Tom for papir i skriveren.",
        "See the Release Notes and the Annual Partner Summit agenda.",
        "Kunde: Hansen Mekaniske AS har betalt.",
        "Vi kjører langs Olav Tryggvasons gate hver dag.",
        "Ordre 45012345 sendt 20240115.",
        "Referanse 15076500566 og kundenummer 123456789.",
        "Version v1.2.3.4 and build 10.0.19045 shipped.",
        "Product HX-4410-B costs NOK 1 250; lot 2025/1187.",
        "Pos 1: Aksel Ø49 x 216 mm, 43 stk. Pos 2: Bolt M12x40, 200 stk.",
        "access-list 10 permit 10.20.0.0 0.0.255.255",
        "After upgrading from 8.5.8.21 to 7.14.1.40 the agent fails.",
        "Shipment PO 00728999 leaves today.",
        "Forsikringsnummer 38362767 gjelder skaden på taket.",
        "Grant access to the report and Bill the tooling charge separately.",
        "Audit areas: purchasing, calibration, Non-Conformance Reports.",
    ],
)
def test_hard_negatives(detector: Detector, text: str) -> None:
    assert detector.scan(text) == []


def test_special_categories_are_confidential(detector: Detector) -> None:
    text = (
        "Hun er sykmeldt med depresjon, LO-medlem og medlem av Fagforbundet. Han er muslim, homofil og siktet "
        "for underslag; she is on sick leave and has a criminal record."
    )
    types = {e.type: e.data_class for e in detector.scan(text)}
    assert set(types) == {"HEALTH", "TRADE_UNION", "RELIGION", "SEXUAL_ORIENTATION", "CRIMINAL_RECORD"}
    assert set(types.values()) == {"confidential"}
    assert ("HEALTH", "sykemeldingen") in found(detector, "Vi har mottatt sykemeldingen.")
    assert detector.scan("Behandlingen av personopplysninger skjer i EU.") == []


def test_entities_are_sorted_non_overlapping_and_slices(detector: Detector) -> None:
    text = "Kari Nordmann (fnr 15076500565, kari@firma.no) bor i Storgata 1, 0155 Oslo; tlf 912 34 567."
    entities = detector.scan(text)
    assert [e.type for e in entities] == ["PERSON", "FNR", "EMAIL", "ADDRESS", "PHONE"]
    for a, b in itertools.pairwise(entities):
        assert a.end <= b.start
    assert all(e.text == text[e.start : e.end] for e in entities)


def test_validated_identifier_beats_a_phone_pattern(detector: Detector) -> None:
    # the 8-digit tail of a card number must not come out as a phone
    assert found(detector, "tlf 4111111111111111") == [("CARD", "4111111111111111")]


def test_classes_default_override_and_fail_closed() -> None:
    assert DEFAULT_ENTITY_CLASSES["ORGNR"] == "internal"
    order = ClassOrder()
    d = Detector(
        DetectionSettings(ner=False, entity_classes={"ORGNR": "public", "PHONE": "strictly_confidential"}), order
    )
    entities = d.scan("Org.nr. 923 609 016, tlf 912 34 567")
    assert {e.type: e.data_class for e in entities} == {"ORGNR": "public", "PHONE": "strictly_confidential"}
    assert d.classify(entities) == "strictly_confidential"
    assert d.classify([]) == "public"
    renamed = ClassOrder(["open", "restricted", "secret"])
    d2 = Detector(DetectionSettings(ner=False), renamed)
    assert {e.data_class for e in d2.scan("Org.nr. 923 609 016, tlf 912 34 567")} == {"secret"}


def test_custom_patterns_and_terms() -> None:
    settings = DetectionSettings(
        ner=False,
        patterns=[CustomPattern(name="EMPLOYEE_ID", regex=r"\bEMP-\d{5}\b", data_class="internal")],
        terms=[CustomTerms(name="PROJECT", terms=["Blue Falcon", "C++ core"], data_class="strictly_confidential")],
    )
    d = Detector(settings, ClassOrder())
    entities = d.scan("EMP-12345 works on blue  falcon and the c++ core; not EMP-1234 or Blue Falconry.")
    assert [(e.type, e.text, e.data_class, e.source) for e in entities] == [
        ("EMPLOYEE_ID", "EMP-12345", "internal", "custom"),
        ("PROJECT", "blue  falcon", "strictly_confidential", "custom"),
        ("PROJECT", "c++ core", "strictly_confidential", "custom"),
    ]


def test_invalid_custom_regex_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="BAD: invalid regex"):
        Detector(DetectionSettings(patterns=[CustomPattern(name="BAD", regex="(")]), ClassOrder())


def test_scan_never_raises_on_random_unicode(detector: Detector) -> None:
    rng = random.Random(7)
    pools = [
        "0123456789 +-./,:@",
        "abcæøåABCÆØÅ ",
        "".join(chr(c) for c in range(0x250, 0x3000, 7)),
        "\n\t\u00a0\u200b",
    ]
    for _ in range(300):
        text = "".join(rng.choice(rng.choice(pools)) for _ in range(rng.randint(0, 300)))
        for e in detector.scan(text):
            assert isinstance(e, Entity) and e.text == text[e.start : e.end]
    detector.scan("")
    detector.scan("\udcff lone surrogate Kari Nordmann \U0001f600")


def test_scan_is_thread_safe(detector: Detector) -> None:
    texts = [f"Hei Kari Nordmann, ring Abdirahman Warsame på 912 34 5{i:02d}." for i in range(40)]
    expected = [detector.scan(t) for t in texts]
    results: dict[int, list[Entity]] = {}

    def work(k: int) -> None:
        for i, t in enumerate(texts):
            if i % 4 == k:
                results[i] = detector.scan(t)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [results[i] for i in range(len(texts))] == expected


def test_load_is_idempotent(detector: Detector) -> None:
    detector.load()
    detector.load()
    assert ("PERSON", "Kari Nordmann") in found(detector, "Kari Nordmann")


def test_missing_model_is_a_runtime_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ner_module, "MODEL", "no_such_spacy_model")
    d = Detector(DetectionSettings(), ClassOrder())
    assert d.ner is not None
    with pytest.raises(RuntimeError, match="no_such_spacy_model"):
        d.ner.load()
    assert issubclass(NerUnavailable, RuntimeError)
