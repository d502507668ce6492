"""PII scan cost in CPU instructions, for machines whose wall clock is too noisy to compare code by.

    valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python bench/pii_instructions.py 300
    valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python bench/pii_instructions.py 0

Scans the three 2 KB prompts of ``bench/pii_scan.py`` in turn, ``N`` times, with ``ner: false``
(validators, patterns, keywords and the gazetteer). The difference between the two "Collected" figures
valgrind prints, divided by ``N``, is the instructions one scan costs: the same on every run of the same code
(within a few hundred thousand of the process start), however busy the machine is. Put ``PYTHONPATH`` at
another checkout's ``src`` to compare two versions of the detector.
"""

from __future__ import annotations

import argparse

from pii_scan import prompts  # the benchmark's prompts (run as a script, bench/ is on the path)

from orkester.guardrails.detect import Detector
from orkester.guardrails.entities import ClassOrder
from orkester.settings import DetectionSettings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scans", type=int, help="how many scans (0 measures the start-up alone)")
    args = ap.parse_args()
    detector = Detector(DetectionSettings(ner=False), ClassOrder())
    detector.load()
    texts = prompts()
    for i in range(args.scans):
        detector.scan(texts[i % len(texts)])


if __name__ == "__main__":
    main()
