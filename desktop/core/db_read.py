"""Reading the desk's database without SQLAlchemy: one SQLCipher connection, read-only.

``hadir-cli sync status`` is asked by scripts and status bars every few seconds; opening the
desk through ``Database`` costs SQLModel and SQLAlchemy's import (a third of a second) before the
first statement. ``DatabaseReader`` opens the same file with the same key and the same start
checks (a damaged file is reported with its backup, see ``backup.verify_or_raise``), but only
when the desk needs nothing written first: a new, plaintext or not-yet-migrated desk goes
through ``Database`` (``open_reader`` returns None), which does that work.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any

from desktop.core import encryption
from desktop.core.encryption import DatabaseKey
from desktop.core.paths import database_path
from sync.desk.outbox_reads import Rows, dbapi_rows


class DatabaseReader:
    """A read-only connection to the desk's file; ``rows`` runs one statement."""

    def __init__(self, folder: Path, connection: Any) -> None:
        self.folder = folder
        self._connection = connection
        self.rows: Rows = dbapi_rows(connection)

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> DatabaseReader:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _error: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.close()


def open_reader(folder: Path, *, key: DatabaseKey) -> DatabaseReader | None:
    """The desk in ``folder`` opened for reading; None when it must be opened with ``Database``
    (no file yet, a plaintext file to encrypt, a schema older than this version's)."""
    from desktop.core.backup import verify_or_raise
    from desktop.core.db import BUSY_TIMEOUT_MS, newest_revision

    path = database_path(folder)
    if not path.exists() or encryption.is_plaintext(path):
        return None
    verify_or_raise(folder, key=key)  # as Database does: a damaged file offers its backup
    connection = encryption.connect(path, key, read_only=True, timeout=BUSY_TIMEOUT_MS / 1000)
    reader = DatabaseReader(folder, connection)
    try:
        stored = reader.rows("SELECT version_num FROM alembic_version", {})
    except encryption.dbapi().OperationalError:  # no such table: a new database
        stored = []
    if len(stored) != 1 or str(stored[0][0]) != newest_revision():
        reader.close()
        return None
    return reader
