"""Feedback on a request, stored with its ledger record: the normalised score, and what the satisfaction
report reads back.

A caller rates an answer with thumbs (``up``/``down``) or a score from 1 to 5. Both become one number in
[0, 1] so they can be averaged together: thumbs up 1, down 0, a score ``s`` becomes ``(s - 1) / 4``.
A rating of at least :data:`POSITIVE_FROM` (thumbs up, 4 or 5) counts as positive. Rating again replaces
the earlier rating: the last word counts.

The record reaches the database through the writer's spool, so feedback given right after the answer
may find it still spooled: :func:`find_record` then moves the spool into the database and looks again,
and (for a record another replica spooled) keeps looking for a bounded time.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from .record import LedgerRecord

if TYPE_CHECKING:
    from .writer import LedgerWriter

MAX_COMMENT_CHARS = 2000
MAX_LABELS = 10
MAX_LABEL_CHARS = 64
#: a normalised score from here up counts as positive: thumbs up, or 4 and 5 of 5
POSITIVE_FROM = 0.75
#: how long the writer may take to move its spool into the database before a lookup gives up on it
FLUSH_WAIT_S = 2.0
_POLL_FIRST_S = 0.02
_POLL_MAX_S = 0.25
#: the ledger columns ratings may be grouped by
RATING_GROUPS: tuple[str, ...] = ("provider", "model", "task", "route", "prompt_ref", "team_id", "experiment", "arm")
#: the ids the OpenAI SDK shows for a request (``completion.id``) carry this prefix before the ledger's id
COMPLETION_PREFIX = "chatcmpl-"


def normalise(thumbs: Literal["up", "down"] | None = None, score: int | None = None) -> tuple[float, str]:
    """(the value in [0, 1], the value as given) for exactly one of ``thumbs`` and ``score`` (1-5)."""
    if (thumbs is None) == (score is None):
        raise ValueError("give exactly one of thumbs and score")
    if thumbs is not None:
        return (1.0 if thumbs == "up" else 0.0), thumbs
    assert score is not None
    if not 1 <= score <= 5:
        raise ValueError(f"a score is 1 to 5, not {score}")
    return (score - 1) / 4, str(score)


@dataclass(frozen=True, slots=True)
class Feedback:
    """One rating of one request, as the ledger keeps it."""

    value: float
    raw: str
    comment: str | None = None
    labels: tuple[str, ...] = ()
    at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "raw": self.raw,
            "comment": self.comment,
            "labels": list(self.labels),
            "at": self.at.isoformat() if self.at else None,
        }


@dataclass(frozen=True, slots=True)
class Ratings:
    """The requests of one group and their feedback, from the raw records."""

    group: dict[str, str] = field(default_factory=dict)
    requests: int = 0
    rated: int = 0
    #: the sum of the normalised scores of the rated requests
    score_sum: float = 0.0
    #: rated requests whose score is at least :data:`POSITIVE_FROM`
    positive: int = 0


def ratings_query(by: Sequence[str], ph: list[str], since: bool, until: bool) -> str:
    """Per group of ``by`` (names in :data:`RATING_GROUPS`): requests, rated, the score sum and the positives.

    ``ph`` holds the store's first two placeholders, for ``since`` and ``until`` when given.
    """
    unknown = [g for g in by if g not in RATING_GROUPS]
    if unknown:
        raise ValueError(f"cannot group ratings by {', '.join(unknown)}; choose from {', '.join(RATING_GROUPS)}")
    where = []
    if since:
        where.append(f"ts >= {ph[0]}")
    if until:
        where.append(f"ts < {ph[len(where)]}")
    groups = [f"COALESCE({g}, '')" for g in by]
    sums = f"COUNT(*), COUNT(feedback), SUM(feedback), SUM(CASE WHEN feedback >= {POSITIVE_FROM} THEN 1 ELSE 0 END)"
    sql = f"SELECT {', '.join([*groups, sums])} FROM ledger"
    if where:
        sql += f" WHERE {' AND '.join(where)}"
    if groups:
        sql += f" GROUP BY {', '.join(groups)}"
    return sql


def to_ratings(by: Sequence[str], row: Sequence[Any]) -> Ratings:
    n = len(by)
    requests, rated, score_sum, positive = row[n:]
    return Ratings(
        {g: str(v) for g, v in zip(by, row[:n], strict=True)},
        int(requests),
        int(rated),
        float(score_sum or 0.0),
        int(positive or 0),
    )


def request_ids(given: str) -> tuple[str, ...]:
    """The ledger ids ``given`` may stand for: itself, and without the completion id's ``chatcmpl-`` prefix."""
    if given.startswith(COMPLETION_PREFIX) and len(given) > len(COMPLETION_PREFIX):
        return given, given[len(COMPLETION_PREFIX) :]
    return (given,)


async def find_record(writer: LedgerWriter, ids: Sequence[str], *, wait_s: float) -> LedgerRecord | None:
    """The first of ``ids`` in the ledger. When none is in the database yet, this process's spool is moved
    there (for up to :data:`FLUSH_WAIT_S`) and the database asked again; then, for records another replica
    spooled, it is asked again with growing pauses for up to ``wait_s``. None when none turns up.

    Raises :class:`~orkester.errors.StorageError` when the database cannot be read.
    """
    store = writer.store

    async def lookup() -> LedgerRecord | None:
        for request_id in ids:
            record = await store.get(request_id)
            if record is not None:
                return record
        return None

    if (found := await lookup()) is not None:
        return found
    with contextlib.suppress(TimeoutError):  # a database that is down fails the lookup below instead
        await asyncio.wait_for(writer.flush(), FLUSH_WAIT_S)
    if (found := await lookup()) is not None:
        return found
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait_s
    pause = _POLL_FIRST_S
    while (left := deadline - loop.time()) > 0:
        await asyncio.sleep(min(pause, left))
        if (found := await lookup()) is not None:
            return found
        pause = min(pause * 2, _POLL_MAX_S)
    return None
