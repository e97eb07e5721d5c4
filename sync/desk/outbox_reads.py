"""What the outbox's state is, read with plain SQL through any connection to the desk's file.

The outbox module itself defines the table as an SQLModel, so importing it costs SQLModel and
SQLAlchemy's ORM (a third of a second). ``hadir-cli sync status`` reads these counts over a bare
SQLCipher connection without either (issue 20); the outbox's own ``counts``, ``next_attempt_at``
and ``oldest_failure`` are these same functions over a session, so each question has one SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sync.clock import as_utc

# One SQL statement with named parameters (``:name``) -> its rows. SQLite's DB-API and SQLAlchemy's
# ``exec_driver_sql`` take the same text and parameters, so one statement serves both.
Rows = Callable[[str, Mapping[str, Any]], Sequence[Sequence[Any]]]


def session_rows(session: Any) -> Rows:
    """``Rows`` over a SQLAlchemy/SQLModel session, inside its transaction."""
    connection = session.connection()

    def rows(sql: str, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        return connection.exec_driver_sql(sql, dict(params)).all()

    return rows


def dbapi_rows(connection: Any) -> Rows:
    """``Rows`` over a DB-API connection (sqlite3, sqlcipher3)."""

    def rows(sql: str, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        return connection.execute(sql, dict(params)).fetchall()

    return rows


class OutboxState(StrEnum):
    PENDING = "pending"
    IN_FLIGHT = "in_flight"
    ACKNOWLEDGED = "acknowledged"
    SET_ASIDE = "set_aside"


@dataclass(frozen=True, slots=True)
class OutboxCounts:
    pending: int
    in_flight: int
    acknowledged: int
    set_aside: int
    max_seq: int  # 0 when empty

    @property
    def waiting(self) -> int:
        """Not yet at HQ as far as the desk knows, and still to be sent."""
        return self.pending + self.in_flight


@dataclass(frozen=True, slots=True)
class OldestFailure:
    attempts: int
    last_error: str
    next_attempt_at: datetime | None


def read_counts(rows: Rows) -> OutboxCounts:
    by_state: dict[str, int] = {
        str(state): int(count)
        for state, count in rows("SELECT state, COUNT(*) FROM outbox GROUP BY state", {})
    }
    top = rows("SELECT COALESCE(MAX(seq), 0) FROM outbox", {})[0][0]
    return OutboxCounts(
        pending=by_state.get(OutboxState.PENDING.value, 0),
        in_flight=by_state.get(OutboxState.IN_FLIGHT.value, 0),
        acknowledged=by_state.get(OutboxState.ACKNOWLEDGED.value, 0),
        set_aside=by_state.get(OutboxState.SET_ASIDE.value, 0),
        max_seq=int(top or 0),
    )


def read_next_attempt_at(rows: Rows) -> datetime | None:
    """When the first pending item may be sent (None: nothing pending). Items go in the order
    they were made, so the queue's head decides for all (see ``outbox.take_batch``)."""
    found = rows(
        "SELECT next_attempt_at FROM outbox WHERE state = :pending ORDER BY seq LIMIT 1",
        {"pending": OutboxState.PENDING.value},
    )
    if not found:
        return None
    if found[0][0] is None:
        return datetime.min.replace(tzinfo=UTC)
    return as_utc(found[0][0])


def read_oldest_failure(rows: Rows) -> OldestFailure | None:
    """The head of the queue when it has failed at least once: what the operator should know."""
    found = rows(
        "SELECT attempts, last_error, next_attempt_at FROM outbox "
        "WHERE state IN ('pending', 'in_flight') AND attempts > 0 ORDER BY seq LIMIT 1",
        {},
    )
    if not found:
        return None
    attempts, last_error, next_attempt = found[0]
    return OldestFailure(
        int(attempts), str(last_error), as_utc(next_attempt) if next_attempt is not None else None
    )
