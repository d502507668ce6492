"""Switching a SQLite file to WAL when other processes have it open: retried, not failed at once."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from orkester.storage.connect import enable_wal


class Busy:
    """A connection whose switch to WAL is refused ``refusals`` times (another process has the file)."""

    def __init__(self, refusals: int, mode: str = "delete") -> None:
        self.refusals = refusals
        self.mode = mode
        self.tries = 0

    def execute(self, sql: str) -> Any:
        if sql == "PRAGMA journal_mode":
            return self
        self.tries += 1
        if self.tries <= self.refusals:
            raise sqlite3.OperationalError("database is locked")
        self.mode = "wal"
        return self

    def fetchone(self) -> tuple[str]:
        return (self.mode,)


def test_a_locked_switch_is_retried_until_it_goes_through() -> None:
    conn = Busy(refusals=3)
    enable_wal(conn)  # type: ignore[arg-type]
    assert (conn.tries, conn.mode) == (4, "wal")


def test_a_file_already_in_wal_is_left_alone() -> None:
    conn = Busy(refusals=99, mode="wal")
    enable_wal(conn)  # type: ignore[arg-type]
    assert conn.tries == 0


def test_a_lock_that_outlasts_the_timeout_is_an_error() -> None:
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        enable_wal(Busy(refusals=10**9), timeout_s=0.0)  # type: ignore[arg-type]


def test_on_a_real_file(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "x.db")
    enable_wal(conn)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
