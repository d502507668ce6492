"""PII scan latency for a 2 KB prompt, on one core, with NER on and with validators and gazetteer only.

    .venv/bin/python bench/pii_scan.py [--iterations 2000] [--core 0] [--json]

The process pins itself to one core (os.sched_setaffinity) with OMP_NUM_THREADS=1 and one BLAS/torch
thread; the spaCy model is loaded and warmed before timing. Three realistic mixed prompts (a Norwegian HR
e-mail thread, an English support ticket with a quote, a contract excerpt), each cut to 2,048 characters,
are scanned in turn; every scan is timed on its own (time.perf_counter_ns). Prints p50/p90/p99 per mode.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import json
import statistics
import time

from orkester.guardrails.detect import Detector
from orkester.guardrails.entities import ClassOrder
from orkester.settings import DetectionSettings

PROMPTS = [
    """Hei Kari,

Takk for praten i går. Som avtalt sender jeg over oppsummeringen fra møtet med Hansen Mekaniske AS.
Til stede var Per Olav Berg, Ingrid Solberg og Mohammed Ali fra innkjøp, og fra vår side meg og Jonas.
Vi ble enige om at tilbud 4471 på 250 stk flensdeler i rustfritt stål (varenummer HX-4410-B) står ved lag,
men leveransen flyttes til uke 14. Pris per time for ekstra maskinering er 950 kr eks. mva.

Kunden ønsker faktura til org.nr. 923 609 016, og betaling til kontonummer 1503.27.64093. Kontaktperson
der er Agnieszka Kowalska, tlf 912 34 567, e-post agnieszka.kowalska@hansen-mek.no. Leveringsadresse er
Industriveien 12B, 1337 Sandvika.

Til HR: Ola Hansen har levert sykemelding for perioden 3. til 14. mars, og han har bedt om at dette ikke
deles med teamet. Han er medlem av Fagforbundet og ønsker at tillitsvalgt er med på oppfølgingsmøtet.
Fødselsnummeret hans står i personalmappen (01019012345 er feil, riktig nummer er 15076500565).

Ellers: serveren på 10.20.30.40 må restartes etter oppdateringen til versjon 4.12.0. Ordrenummer 45012345
gjelder verktøyet vi bestilte 20240115.

Mvh
Siri Johansen
Fjord Maskin AS
Mobil +47 934 56 789
""",
    """Subject: RE: Ticket INC0012345 - VPN and invoice questions

Hi Emily,

Thanks for getting back to me. I spoke to James Whitfield in Finance this morning and he confirmed that
invoice 88213 (quote Q-2291 for CNC machining of 120 brackets, part number 7731-220) was paid on
March 3, 2025 from IBAN GB82 WEST 1234 5698 7654 32. The remaining amount of £3,400 will follow.

On the VPN issue: the client version 5.2.1 keeps dropping the connection from 192.168.1.77 and from the
IPv6 address 2001:db8:85a3::8a2e:370:7334. Our Customer Success team in New York suggested resetting the
profile. Could you ask Yonas Tesfaye to check the firewall rules before Friday? He is back from sick leave
on Monday. If it is urgent, call me on +44 20 7946 0958 or write to olivia.brennan@acme.co.uk.

For the expense claim, the card ending in 1111 was used: 4111 1111 1111 1111 (please mask it in the
ticket). Product codes in the claim: SKU88231, X220-KIT, AL6082-T6. Order 5521-998 shipped to
221B Baker Street, London NW1 6XE.

Also, Sarah Thompson asked whether the Release Notes for 5.2.1 mention the new export to CSV. May we add
that before the Annual Partner Summit? Grace period for the licence ends on April 30, 2025.

Best regards,
Olivia Brennan
Acme Components Ltd
""",
    """AVTALE OM KONSULENTTJENESTER

Mellom Polar Data AS, organisasjonsnummer 914 778 271, Storgata 12B, 0155 Oslo ("Oppdragsgiver") og
Tomasz Nowak, D-nummer 41018512345, Kongens gate 5, 7011 Trondheim ("Oppdragstaker").

1. Oppdraget
Oppdragstaker skal bistå med migrering av kundedatabasen til ny plattform. Kontaktperson hos
Oppdragsgiver er Berit Nilsen-Haugen, telefon 22 33 44 55, e-post berit@polardata.no.

2. Honorar
Honorar er 1 250 kr per time eks. mva. Faktura sendes månedlig og betales til IBAN NO93 8601 1117 947
innen 30 dager. Fakturanummer og prosjektkode P-2025-17 skal oppgis.

3. Taushetsplikt
Oppdragstaker får tilgang til personopplysninger, herunder helseopplysninger om ansatte som er sykmeldt
eller har tilrettelegging. Slike opplysninger skal behandles etter GDPR artikkel 9 og slettes etter bruk.
Politiattest kreves; anmerkning på politiattesten skal meldes Oppdragsgiver.

4. Varighet
Avtalen gjelder fra 1. april 2025 til 31. desember 2025. Per time utover rammen faktureres etter avtale.
Dag 1 brukes til oppstart med Liv Eriksen og Trond Olsen. Mai og juni er travle måneder.

Oslo, 15.03.2025

_______________________          _______________________
Berit Nilsen-Haugen              Tomasz Nowak
""",
]
SIZE = 2048


def prompts() -> list[str]:
    out = []
    for p in PROMPTS:
        text = (p * (SIZE // len(p) + 1))[:SIZE]
        out.append(text)
    return out


def measure(detector: Detector, texts: list[str], iterations: int) -> dict[str, float]:
    for t in texts * 20:
        detector.scan(t)
    samples = []
    for i in range(iterations):
        text = texts[i % len(texts)]
        t0 = time.perf_counter_ns()
        detector.scan(text)
        samples.append((time.perf_counter_ns() - t0) / 1e6)
    samples.sort()
    q = statistics.quantiles(samples, n=100)
    return {
        "p50": round(q[49], 3),
        "p90": round(q[89], 3),
        "p99": round(q[98], 3),
        "mean": round(statistics.fmean(samples), 3),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--iterations", type=int, default=2000)
    ap.add_argument("--core", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    os.sched_setaffinity(0, {args.core})
    try:
        import torch  # type: ignore[import-not-found]

        torch.set_num_threads(1)
    except ImportError:
        pass
    texts = prompts()
    order = ClassOrder()
    results: dict[str, object] = {"prompt_chars": SIZE, "core": args.core, "iterations": args.iterations}
    for mode, ner in (("ner", True), ("validators_only", False)):
        detector = Detector(DetectionSettings(ner=ner), order)
        detector.load()
        results[mode] = measure(detector, texts, args.iterations)
        results[f"{mode}_entities_per_prompt"] = [len(detector.scan(t)) for t in texts]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"PII scan of a {SIZE}-character prompt, core {args.core}, {args.iterations} scans per mode (ms)")
    for mode in ("ner", "validators_only"):
        r = results[mode]
        assert isinstance(r, dict)
        print(f"  {mode:<16} p50 {r['p50']:>7.3f}  p90 {r['p90']:>7.3f}  p99 {r['p99']:>7.3f}  mean {r['mean']:>7.3f}")


if __name__ == "__main__":
    main()
