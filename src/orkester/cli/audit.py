"""``orkester audit verify|export``: check the audit log's hash chain; export decisions for a DPO."""

from __future__ import annotations

import asyncio
import csv
import os
import sys
from collections.abc import Callable, Coroutine
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click

from ..audit.chain import VerifyResult, to_utc
from ..audit.export import CSV_COLUMNS, csv_row, jsonl_line
from ..audit.log import AuditLog
from ..audit.record import ChainHead
from ..errors import OrkesterError
from .common import load
from .common import store_options as common_store_options

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


store_options = common_store_options("the log")


class Instant(click.ParamType[datetime]):
    """``2026-11-26`` (midnight UTC) or a full ISO-8601 time; without an offset it is UTC."""

    name = "DATE|ISO"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return to_utc(value)
        try:
            return to_utc(datetime.fromisoformat(str(value)))
        except ValueError:
            self.fail(f"{value!r} is not a date (2026-11-26) or an ISO time (2026-11-26T09:30:00Z)", param, ctx)


class Anchor(click.ParamType[ChainHead]):
    name = "SEQ:HASH"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> ChainHead:
        seq, _, digest = str(value).partition(":")
        if not (seq.isdigit() and len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)):
            self.fail(f"{value!r} is not SEQ:HASH (a row number and a 64-digit hex SHA-256)", param, ctx)
        return ChainHead(int(seq), digest)


def _run(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run one async job; an Orkester error (bad URL, unreachable database) is one line and exit 2."""
    try:
        return asyncio.run(make())
    except OrkesterError as e:
        click.echo(f"error: {e.message}", err=True)
        sys.exit(2)


def _url(config_path: str | None, url: str | None) -> str:
    return url or load(config_path, False).storage.url


@click.group()
def audit() -> None:
    """The audit trail: every data-protection decision, hash-chained in the store.

    \b
    orkester audit verify                               check the chain, print its head
    orkester audit export --since 2026-11-01 --until 2026-12-01 --format csv --out nov.csv
    """


@audit.command()
@store_options
@click.option(
    "--expect",
    type=Anchor(),
    help="A head recorded earlier (as printed by verify): that row must still have that hash. "
    "Catches a rewrite of the chain by someone who also recomputed the hashes.",
)
def verify(config_path: str | None, url: str | None, expect: ChainHead | None) -> None:
    """Check every row's hash, the links between rows and the recorded head.

    Exit 0 and print "audit log OK: N entries, head SEQ HASH" when the chain is intact (record that
    head somewhere outside the database to check against later with --expect). Exit 1 naming the
    first bad row when a row was edited, deleted, inserted or reordered, or the tail was cut off.
    Exit 2 when the log cannot be read (unknown URL scheme, unreachable database, no log there).
    """
    store_url = _url(config_path, url)

    async def check() -> VerifyResult:
        log = await AuditLog.open(store_url, create=False)
        try:
            return await log.verify(expect)
        finally:
            await log.close()

    result = _run(check)
    if result.ok and result.head is not None:
        click.echo(f"audit log OK: {result.count} entries, head {result.head.seq} {result.head.hash}")
        return
    click.echo(f"audit log BROKEN: {result.problem}")
    if result.first_bad_seq is not None:
        click.echo(f"first bad row: {result.first_bad_seq} ({result.count} rows before it verified)")
    sys.exit(1)


@audit.command()
@store_options
@click.option("--since", type=Instant(), help="First time included (default: the beginning).")
@click.option("--until", type=Instant(), help="End time, exclusive: --until 2026-12-01 stops at midnight UTC.")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True, help="Report format."
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of standard output.")
def export(
    config_path: str | None,
    url: str | None,
    since: datetime | None,
    until: datetime | None,
    fmt: str,
    out: Path | None,
) -> None:
    """Export the decisions made between --since and --until, in seq order.

    \b
    orkester audit export --since 2026-11-26 --until 2026-11-27 > day.csv
    orkester audit export --since 2026-11-26T08:00:00+01:00 --format jsonl --out day.jsonl

    Dates without a time are midnight UTC; times without an offset are UTC. CSV has a header row and
    the columns seq, ts, request_id, key_id, team, declared_class, detected_class, final_class,
    entities (TYPE:count;…), policy, action, destinations (provider/model@region;…), pseudonymised,
    outcome, detail, prev_hash, hash. JSON lines hold every field exactly as hashed, plus the hash.
    The log never holds detected values or prompt text, so neither does the export.
    """
    if since and until and since >= until:
        raise click.UsageError("--since must be before --until")
    store_url = _url(config_path, url)

    async def write(stream: TextIO) -> int:
        log = await AuditLog.open(store_url, create=False)
        try:
            return await _write(log, stream, fmt, since, until)
        finally:
            await log.close()

    if out is None:
        count = _run(lambda: write(sys.stdout))
        click.echo(f"exported {count} records", err=True)
        return
    partial = out.with_name(out.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as stream:
            count = _run(lambda: write(stream))
        os.replace(partial, out)
    except OSError as e:
        raise click.ClickException(f"cannot write {out}: {e.strerror}") from None
    finally:
        partial.unlink(missing_ok=True)
    click.echo(f"exported {count} records to {out}", err=True)


async def _write(log: AuditLog, stream: TextIO, fmt: str, since: datetime | None, until: datetime | None) -> int:
    count = 0
    writer = csv.writer(stream, lineterminator="\n")
    if fmt == "csv":
        writer.writerow(CSV_COLUMNS)
    async for record in log.records(since, until):
        if fmt == "csv":
            writer.writerow(csv_row(record))
        else:
            stream.write(jsonl_line(record) + "\n")
        count += 1
    return count
