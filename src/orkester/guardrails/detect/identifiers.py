"""Identifiers with check digits: fødselsnummer, D-nummer, organisasjonsnummer, bank account, IBAN, card.

A regular expression proposes a candidate; it is reported only when its check digits (and, for person
numbers, its date) validate. Where one digit string could be two things, the shape and the words before
it decide: every valid fødselsnummer also passes the bank-account check, so an 11-digit number is a
fødselsnummer unless it is written as an account (``1234.56.78903``) or introduced as one.
"""

from __future__ import annotations

import re

from .context import cue_before, cues
from .numbers import NumberStarts, every_start, leftmost, matches_at, number_starts
from .spans import VALIDATED, Span
from .validators import IBAN_LENGTHS, is_bank_account, is_card, is_dnr, is_fnr, is_iban, is_orgnr

# The bare numbers are found by ``numbers.number_starts``, and where an IBAN can start too (two digits after
# a capital); "NO 923 609 016" is found here, its expression starting with the letters it needs ("NO") and only
# then looking behind them, so that ``re`` jumps to the candidates with its prefix scan.
_R = r"(?![\w])(?![\-./,]\d)"
_NINE_NO = re.compile(r"NO(?<![\w\-./,]NO)[ ]?(\d{9}|\d{3}[ .]\d{3}[ .]\d{3})(?:[ ]?MVA)?" + _R)  # "NO 923 609 016"
_IBAN = re.compile(r"([A-Z](?<![A-Za-z0-9][A-Z])[A-Z]\d{2}(?:[ ]?[A-Z0-9]){8,32})")

_ACCOUNT_CUES = cues(
    "konto kontonr kontonummer bankkonto account acct bank betal betaling overfør overføring innbetaling "
    "utbetaling lønnskonto sparekonto payment transfer pay paid"
)
_PERSON_CUES = cues(
    "fnr f.nr fødselsnummer fødselsnr f.nummer personnummer personnr pnr p.nr dnr d.nr d-nummer d-nr ssn national "
    "identity id-nummer"
)
#: numbers that the text itself calls something else
NUMBER_NEGATIVE_CUES = cues(
    "ordre order ordrenr faktura fakturanr invoice ref referanse sak saksnr saksnummer case ticket kundenr "
    "kundenummer customer varenr vare artikkel art.nr produkt product sku serie serienr serial lot batch "
    "tracking sporing pakke parcel booking bestilling tilbud quote kvittering receipt # "
    "lisens license ordrenummer prosjekt project kid jobb job arbeidsordre workorder po "
    "søknad application ansattnr ansattnummer employee medlemsnr medlemsnummer membership kontrakt contract "
    "avtale agreement polise policy skadenr skadenummer claim journal pasientnr registrering registration "
    "report rapport utlegg expense deklarasjon declaration toll customs tolldeklarasjon build commit versjon "
    "version revisjon revision levering delivery leveranse følgeseddel pakkseddel fraktbrev waybill shipment "
    "forsendelse container konteiner transaksjon transaction dokument document bilag voucher quotation "
    "items item forsikring forsikrings insurance charge sertifikat certificate"
)
_PERSON_NEGATIVE_CUES = cues(" ".join(sorted(_PERSON_CUES.words | NUMBER_NEGATIVE_CUES.words)))
_ORG_CUES = cues(
    "org orgnr org.nr organisasjonsnummer organisasjonsnr foretaksnummer foretaksregisteret mva vat "
    "organisation organization company registration enhetsregisteret leverandør supplier as asa"
)


_CARD_CUES = cues(
    "kort kortnummer kortnr card cards visa mastercard amex maestro diners kredittkort debetkort betalingskort "
    "credit debit"
)
_NO_CUES = cues("")


def _digits(s: str) -> str:
    compact = s.replace(" ", "").replace(".", "").replace("-", "")  # the separators the expressions allow
    return compact if compact.isdigit() else "".join(ch for ch in s if ch.isdigit())


def find_identifiers(text: str, numbers: NumberStarts | None = None) -> list[Span]:
    """Identifiers in ``text``; ``numbers`` is ``number_starts(text)`` when the caller has it already."""
    numbers = number_starts(text) if numbers is None else numbers
    spans: list[Span] = []
    for start, end in leftmost(numbers.eleven):
        s = _eleven(text, start, end, text[start:end])
        if s:
            spans.append(s)
    written = [(m.start(), m.end(), m.end(1), m.start(1)) for m in every_start(_NINE_NO, text)]
    for start, end, digits_end, digits_start in leftmost(written + [(s, e, d, s) for s, e, d in numbers.nine]):
        raw = text[digits_start:digits_end]
        if is_orgnr(_digits(raw)):
            formatted = not raw.isdigit() or end - start != len(raw)
            if formatted or cue_before(text, start, _ORG_CUES, NUMBER_NEGATIVE_CUES) >= 0:
                spans.append(Span("ORGNR", start, end, "validator", VALIDATED))
    for start, end in leftmost(numbers.card):
        digits = _digits(text[start:end])
        # 15 and 16 digits are today's cards; the rarer lengths (13-digit Visa, 14-digit Diners, 17-19) only
        # with a card word before them: a 13-digit reference number passes Luhn one time in ten
        if is_card(digits) and (len(digits) in (15, 16) or cue_before(text, start, _CARD_CUES, _NO_CUES) > 0):
            spans.append(Span("CARD", start, end, "validator", VALIDATED))
    spans.extend(_ibans(text, numbers.lettered))
    return spans


def _eleven(text: str, start: int, end: int, raw: str) -> Span | None:
    digits = _digits(raw)
    person_type = "FNR" if is_fnr(digits) else "DNR" if is_dnr(digits) else None
    account = is_bank_account(digits)
    if len(raw) == 13 and raw[4] in ". " and raw[7] == raw[4]:  # written as an account: 1234.56.78903
        found = "BANK_ACCOUNT" if account else person_type
    elif person_type or account:  # the words before decide (read only when there is something to decide)
        cue = cue_before(text, start, _ACCOUNT_CUES, _PERSON_NEGATIVE_CUES)
        found = person_type if person_type and cue <= 0 else "BANK_ACCOUNT" if account and cue >= 0 else person_type
    else:
        return None
    return None if found is None else Span(found, start, end, "validator", VALIDATED)


def _ibans(text: str, lettered: list[int]) -> list[Span]:
    """IBANs, written compact or in groups of four; the country's length says where one ends. One starts two
    letters before the first of two digits (``lettered``: where those are)."""
    spans = []
    for m in matches_at(_IBAN, text, [p - 2 for p in lettered if p >= 2]):
        raw = m.group(1)
        length = IBAN_LENGTHS.get(raw[:2])
        if length is None:
            continue
        seen, end = 0, 0
        for i, ch in enumerate(raw):
            if ch != " ":
                seen += 1
            if seen == length:
                end = i + 1
                break
        if not end or (m.start() + end < len(text) and text[m.start() + end].isalnum()):
            continue
        if is_iban(raw[:end].replace(" ", "")):
            spans.append(Span("IBAN", m.start(), m.start() + end, "validator", VALIDATED))
    return spans
