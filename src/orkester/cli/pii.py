"""``orkester pii scan``: run the gateway's PII detection over text or a JSONL document collection."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from .common import load

JSONL_HELP = """Read one JSON object a line ({"id": ..., "text": ...}) and write one result a line
({"id", "class", "entities": [{"type", "start", "end"}]}); values are never written. A line that is not
such an object gives {"line": N, "error": ...} in its place and a message on stderr; the scan goes on,
and the exit status is 1 when any line failed."""


@click.group()
def pii() -> None:
    """Find personal data (Norwegian and English) the way the gateway's guardrails do."""


@pii.command()
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object (types and spans only).")
@click.option("--jsonl", is_flag=True, help=JSONL_HELP)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    envvar="ORKESTER_CONFIG",
    help="Orkester config whose guardrails.detection (custom patterns, terms, classes) to use "
    "(default: $ORKESTER_CONFIG, else built-in defaults).",
)
@click.option("--no-ner", is_flag=True, help="Skip spaCy NER: check-digit validators, patterns and gazetteer only.")
def scan(as_json: bool, jsonl: bool, config_path: str | None, no_ner: bool) -> None:
    """Scan text on stdin: each entity's type, span and the class it implies, then the text's class.

    \b
    echo "Ring Kari Nordmann på 912 34 567" | orkester pii scan
    orkester pii scan --json < prompt.txt
    orkester pii scan --jsonl < documents.jsonl > findings.jsonl

    The plain output shows a masked preview of each value; --json and --jsonl show types and spans only.
    """
    if as_json and jsonl:
        raise click.UsageError("choose one of --json and --jsonl")
    detector = _detector(config_path, no_ner)
    if jsonl:
        sys.exit(_scan_jsonl(detector))
    text = sys.stdin.read()
    entities = detector.scan(text)
    data_class = detector.classify(entities)
    if as_json:
        found = [{"type": e.type, "start": e.start, "end": e.end, "class": e.data_class} for e in entities]
        click.echo(json.dumps({"class": data_class, "entities": found}, ensure_ascii=False))
        return
    for e in entities:
        click.echo(f"{e.type:<20} {e.start:>6}-{e.end:<6} {e.data_class:<22} {_mask(e.text)}")
    click.echo(f"class: {data_class} ({len(entities)} entities)")


def _detector(config_path: str | None, no_ner: bool) -> Any:
    from ..guardrails.detect import Detector
    from ..guardrails.entities import ClassOrder

    settings = load(config_path, False)
    detection = settings.guardrails.detection
    if no_ner:
        detection = detection.model_copy(update={"ner": False})
    try:
        detector = Detector(detection, ClassOrder(settings.guardrails.classes))
        detector.load()
    except (RuntimeError, ValueError) as e:
        raise click.ClickException(str(e)) from None
    return detector


def _scan_jsonl(detector: Any) -> int:
    failed = 0
    for n, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise ValueError('expected an object with a string "text"')
        except ValueError as e:
            failed += 1
            message = f"not valid JSON ({e.msg})" if isinstance(e, json.JSONDecodeError) else str(e)
            click.echo(f"error: line {n}: {message}", err=True)
            click.echo(json.dumps({"line": n, "error": message}))
            continue
        entities = detector.scan(row["text"])
        found = [{"type": e.type, "start": e.start, "end": e.end} for e in entities]
        result = {"id": row.get("id"), "class": detector.classify(entities), "entities": found}
        click.echo(json.dumps(result, ensure_ascii=False))
    return 1 if failed else 0


def _mask(value: str) -> str:
    """A preview that says what was found without showing it: first and last character and the length."""
    flat = " ".join(value.split())
    if len(flat) <= 4:
        return "•" * len(flat)
    return f"{flat[0]}{'•' * (len(flat) - 2)}{flat[-1]}"
