"""The request-log query: raw ledger records filtered by time, team, model, task, status and data class, and
searched by request id or route, newest first, one page at a time (the ``ts`` index serves the order)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .schema import SELECT_COLUMNS

#: The exact-match filters a request-log query takes, as ledger columns.
FILTERS: tuple[str, ...] = ("team_id", "model", "task", "status", "data_class")
MAX_LIMIT = 10_000


@dataclass(frozen=True, slots=True)
class RecordQuery:
    since: datetime | None = None
    until: datetime | None = None
    team_id: str | None = None
    model: str | None = None
    task: str | None = None
    status: str | None = None
    data_class: str | None = None
    #: a substring of the request id or the route (case-sensitive, as stored)
    search: str | None = None
    limit: int = 50
    offset: int = 0


def records_query(q: RecordQuery, ph: Callable[[int], str], ts: Callable[[datetime], Any]) -> tuple[str, list[Any]]:
    """SQL and parameters for ``q``; ``ph(n)`` is the n-th placeholder, ``ts`` a bound time as the store keeps it."""
    params: list[Any] = []

    def p(value: Any) -> str:
        params.append(value)
        return ph(len(params))

    where: list[str] = []
    if q.since is not None:
        where.append(f"ts >= {p(ts(q.since))}")
    if q.until is not None:
        where.append(f"ts < {p(ts(q.until))}")
    for column in FILTERS:
        value = getattr(q, column)
        if value:
            where.append(f"{column} = {p(value)}")
    if q.search:
        pattern = "%" + q.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(f"(request_id LIKE {p(pattern)} ESCAPE '\\' OR route LIKE {p(pattern)} ESCAPE '\\')")
    sql = f"SELECT {SELECT_COLUMNS} FROM ledger"
    if where:
        sql += " WHERE " + " AND ".join(where)
    limit = max(1, min(q.limit, MAX_LIMIT))
    sql += f" ORDER BY ts DESC, request_id LIMIT {p(limit)} OFFSET {p(max(0, q.offset))}"
    return sql, params
