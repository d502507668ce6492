"""``orkester audit verify|export`` against a SQLite log written by the tests."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from orkester.audit import AuditLog
from orkester.audit.record import RECORD_FIELDS
from orkester.cli.audit import audit

from .entries import at, entry


@pytest.fixture
def url(tmp_path: Path) -> str:
    async def write() -> None:
        log = await AuditLog.open(f"sqlite:///{tmp_path}/o.db")
        try:
            for day in (24, 25, 26, 27):
                await log.append(entry(day, ts=at(day, 10), key_id=f"key-{day}"))
        finally:
            await log.close()

    asyncio.run(write())
    return f"sqlite:///{tmp_path}/o.db"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(audit, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_every_audit_command_has_help() -> None:
    for args in (["--help"], ["verify", "--help"], ["export", "--help"]):
        code, out, _ = run(*args)
        assert code == 0 and "Usage:" in out
    assert "exclusive" in run("export", "--help")[1]


def test_audit_is_an_orkester_command() -> None:
    from orkester.cli.main import cli

    assert CliRunner().invoke(cli, ["audit", "--help"]).exit_code == 0


def test_verify_ok_prints_count_and_head(url: str) -> None:
    code, out, _ = run("verify", "--url", url)
    assert code == 0
    assert out.startswith("audit log OK: 4 entries, head 4 ") and len(out.split()[-1]) == 64


def test_verify_names_the_edited_row_and_exits_1(url: str) -> None:
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    with conn:
        conn.execute("UPDATE audit_log SET final_class = 'public' WHERE seq = 2")
    conn.close()
    code, out, _ = run("verify", "--url", url)
    assert code == 1 and "row 2 was edited" in out and "first bad row: 2" in out


def test_verify_checks_an_anchor(url: str) -> None:
    head = run("verify", "--url", url)[1].split()
    assert run("verify", "--url", url, "--expect", f"{head[-2]}:{head[-1]}")[0] == 0
    code, out, _ = run("verify", "--url", url, "--expect", f"2:{'a' * 64}")
    assert code == 1 and "anchor" in out
    assert run("verify", "--url", url, "--expect", "2:xyz")[0] == 2


def test_verify_reads_the_url_from_the_config(url: str, tmp_path: Path) -> None:
    config = tmp_path / "orkester.yaml"
    config.write_text(f"storage: {{url: '{url}'}}\n")
    assert run("verify", "--config", str(config))[0] == 0


def test_export_csv_filters_by_time_until_exclusive(url: str) -> None:
    code, out, err = run("export", "--url", url, "--since", "2026-11-25", "--until", "2026-11-27T10:00:00Z")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == list(RECORD_FIELDS)
    assert [r[2] for r in rows[1:]] == ["req-25", "req-26"]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["entities"] == "EMAIL:2;FNR:1" and row["destinations"] == "mistral/mistral-small@eu"
    assert row["ts"] == "2026-11-25T10:00:00.000000Z" and row["key_id"] == "key-25"
    assert "exported 2 records" in err


def test_export_times_with_an_offset_are_converted_to_utc(url: str) -> None:
    out = run("export", "--url", url, "--since", "2026-11-26T11:00:00+01:00", "--format", "jsonl")[1]
    assert [json.loads(line)["request_id"] for line in out.splitlines()] == ["req-26", "req-27"]


def test_export_jsonl_to_a_file_holds_every_field(url: str, tmp_path: Path) -> None:
    out = tmp_path / "report.jsonl"
    code, _, err = run("export", "--url", url, "--format", "jsonl", "--out", str(out))
    assert code == 0 and "exported 4 records" in err
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["seq"] for line in lines] == [1, 2, 3, 4]
    assert set(lines[0]) == set(RECORD_FIELDS)
    assert lines[1]["prev_hash"] == lines[0]["hash"]
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "--since", "last tuesday"], "is not a date"),
        (["export", "--since", "2026-11-27", "--until", "2026-11-26"], "--since must be before --until"),
        (["verify", "--url", "redis://localhost"], "Unknown storage URL scheme 'redis'"),
        (["verify", "--url", "sqlite:////nonexistent/dir/o.db"], "no audit log at"),
        (["export", "--url", "postgresql://u:secret@127.0.0.1:1/db"], "cannot connect to PostgreSQL"),
    ],
)
def test_errors_are_one_line_without_a_traceback(args: list[str], message: str, url: str) -> None:
    if "--url" not in args:
        args = [*args, "--url", url]
    code, out, err = run(*args)
    assert code == 2
    assert message in out + err and "Traceback" not in out + err and "secret" not in out + err
