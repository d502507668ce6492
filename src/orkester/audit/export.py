"""The data-protection officer's report: audit records as CSV rows or JSON lines. Pure formatting.

A JSON line is the record's canonical form plus its ``hash``: drop ``hash``, serialise the rest
canonically and SHA-256 it, and you have the hash again, so an export can be checked on its own.
CSV is for people: one column per field, entities as ``TYPE:count;…``, destinations as
``provider/model@region;…``.
"""

from __future__ import annotations

from .chain import canonical_json, format_ts, record_body
from .record import RECORD_FIELDS, AuditRecord, Destination

CSV_COLUMNS: tuple[str, ...] = RECORD_FIELDS
#: Cells starting with these are read as formulas by spreadsheets; CSV cells get a leading ' (OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def jsonl_line(record: AuditRecord) -> str:
    return canonical_json({**record_body(record), "hash": record.hash})


def format_entities(entities: dict[str, int]) -> str:
    return ";".join(f"{name}:{count}" for name, count in sorted(entities.items()))


def format_destination(dest: Destination) -> str:
    where = f"{dest.get('provider') or ''}/{dest.get('model') or ''}"
    region = dest.get("region")
    return f"{where}@{region}" if region else where


def csv_row(record: AuditRecord) -> list[str]:
    cells: dict[str, str] = {}
    for name in CSV_COLUMNS:
        value = getattr(record, name)
        cells[name] = "" if value is None else str(value)
    cells["seq"] = str(record.seq)
    cells["ts"] = format_ts(record.ts)
    cells["entities"] = format_entities(record.entities)
    cells["destinations"] = ";".join(format_destination(d) for d in record.destinations)
    cells["pseudonymised"] = "true" if record.pseudonymised else "false"
    return [_defuse(cells[name]) for name in CSV_COLUMNS]


def _defuse(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell
