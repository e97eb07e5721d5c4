"""Keeping the FTS5 search index current during bulk inserts.

The index is kept by triggers (migration 0001) for everyday writes. For an import of 200,000 people
the per-row insert trigger costs five of the import's twenty seconds; indexing the new rows with one
``INSERT ... SELECT`` costs one. ``bulk_indexing`` drops the insert trigger for the duration of the
caller's transaction and puts it back, identical, before the transaction ends: SQLite's DDL is
transactional, so a failure or a crash restores the trigger with everything else.

One catch: Python's sqlite3 opens a transaction only before INSERT/UPDATE/DELETE, so a DROP TRIGGER
issued first would run, and commit, on its own. A no-op UPDATE makes sure the transaction is open.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlmodel import Session

from desktop.core.errors import HadirError

INSERT_TRIGGER = "participant_fts_insert"


@contextmanager
def bulk_indexing(session: Session) -> Iterator[None]:
    """Within this block, participants inserted are indexed in one statement at the end."""
    connection = session.connection()
    definition = connection.execute(
        text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :name"),
        {"name": INSERT_TRIGGER},
    ).scalar()
    if definition is None:
        raise HadirError(
            "The search index trigger is missing; the database needs a repair.",
            code="search_index_missing",
        )
    before = connection.execute(
        text("SELECT COALESCE(MAX(rowid), 0) FROM participant")
    ).scalar_one()
    connection.execute(text("UPDATE setting SET value = value WHERE 0"))  # opens the transaction
    connection.execute(text(f"DROP TRIGGER {INSERT_TRIGGER}"))
    yield
    connection.execute(
        text(
            "INSERT INTO participant_fts(rowid, full_name, instansi) "
            "SELECT rowid, full_name, instansi FROM participant WHERE rowid > :before"
        ),
        {"before": before},
    )
    connection.execute(text(str(definition)))  # the very statement the migration made
