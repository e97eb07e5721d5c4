"""Bulk inserts into the desk's SQLite file that skip the ORM (imports of 200,000 people).

Lives in sync/ because the outbox (which must not import desktop/) needs it as much as the importer.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # SQLModel only where rows are written: ``sync status`` reads sqlite_utc
    from sqlmodel import Session


def sqlite_utc(value: datetime) -> str:
    """A timestamp in the text form SQLAlchemy stores in SQLite (UTC, no offset)."""
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return aware.strftime("%Y-%m-%d %H:%M:%S.%f")


def bulk_insert(session: Session, table: str, rows: list[dict[str, Any]]) -> None:
    """executemany straight to sqlite3 inside the session's transaction: the ORM's per-row
    bookkeeping would triple an import. Values must already be in stored form (see sqlite_utc)."""
    if not rows:
        return
    columns = list(rows[0])
    statement = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    )
    session.connection().exec_driver_sql(
        statement, [tuple(row[c] for c in columns) for row in rows]
    )


def insert_rows(
    session: Session, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """``bulk_insert`` of rows already in column order: 200,000 dicts fewer for an import."""
    if not rows:
        return
    statement = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    )
    session.connection().exec_driver_sql(statement, rows)
