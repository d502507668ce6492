"""The audit tables, in the SQL both SQLite and PostgreSQL accept (types differ where they must).

``audit_log`` holds one row per record; ``audit_head`` holds exactly one row, the chain head, updated
in the same transaction as each insert, so deleting rows from the end of the log is detected unless the
head is edited too.
"""

from __future__ import annotations

from .columns import COLUMNS


def create_log(seq_type: str, ts_type: str, json_type: str, bool_type: str) -> str:
    return f"""
CREATE TABLE IF NOT EXISTS audit_log (
    seq {seq_type} PRIMARY KEY,
    ts {ts_type} NOT NULL,
    request_id TEXT NOT NULL,
    key_id TEXT,
    team TEXT,
    declared_class TEXT,
    detected_class TEXT NOT NULL,
    final_class TEXT NOT NULL,
    entities {json_type} NOT NULL,
    policy TEXT NOT NULL,
    action TEXT NOT NULL,
    destinations {json_type} NOT NULL,
    pseudonymised {bool_type} NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
)"""


CREATE_TS_INDEX = "CREATE INDEX IF NOT EXISTS audit_log_ts ON audit_log (ts)"
CREATE_HEAD = """
CREATE TABLE IF NOT EXISTS audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
)"""
SELECT_COLUMNS = ", ".join(COLUMNS)


def insert_record(placeholders: list[str]) -> str:
    return f"INSERT INTO audit_log ({SELECT_COLUMNS}) VALUES ({', '.join(placeholders)})"
