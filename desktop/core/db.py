"""The desk's SQLite database: one engine, pragmas on every connection, migrations at start.

The file is encrypted with SQLCipher (``desktop.core.encryption``): every connection's first
statement is its key, set in the same connect listener as the pragmas.

Pragmas (STYLE.md rule 4): WAL so readers never block the writer, a busy timeout instead of
"database is locked", foreign keys on, and synchronous=FULL so that a check-in the clerk has seen
confirmed survives a power cut (WAL with NORMAL may lose the last commits), and secure_delete so
that freed space holds no erased person's bytes.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core import encryption
from desktop.core.encryption import DatabaseKey, apply_key
from desktop.core.errors import HadirError
from desktop.core.paths import database_path
from sync.desk.sqlite_bulk import bulk_insert as bulk_insert
from sync.desk.sqlite_bulk import sqlite_utc as sqlite_utc

# SQLAlchemy and SQLModel are imported where an engine or a session is made, not here: the
# desk's read-only paths (desktop/core/db_read.py) read this module's constants without them.
if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine
    from sqlalchemy.exc import OperationalError
    from sqlmodel import Session

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"
BUSY_TIMEOUT_MS = 10_000
# Pages are decrypted on their way into SQLite's page cache: a cache that holds the hot part of the
# search index keeps a keystroke from paying AES+HMAC again for the same pages (tests/perf).
# 64 MiB (the default 8 MiB gave search p95 12.5 ms against 7.0 ms, tests/perf/bench_desk_core.py).
CACHE_KIB = 65_536


def _pragmas(key: DatabaseKey) -> Any:
    def set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        apply_key(dbapi_connection, key)
        _set_pragmas(dbapi_connection)

    return set_pragmas


def _set_pragmas(dbapi_connection: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA temp_store=MEMORY")
    # What SQLite frees (an erased person's old row, index entries, a deleted event) is overwritten
    # with zeros instead of staying readable to whoever holds the key (issue 15 item 1, UU 27/2022).
    # SQLCipher already turns this on when a connection is keyed; said here so that it does not
    # rest on a library default (tests/sync/test_erasure_leaves_nothing.py reads the freed pages).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cursor.close()


def make_engine(path: Path, key: DatabaseKey) -> Engine:
    # SQLAlchemy's pysqlite dialect over SQLCipher's DB-API module: the same SQL, transactions and
    # pooling as plain SQLite (its pysqlcipher dialect would force one connection per thread).
    from sqlalchemy import create_engine, event

    engine = create_engine(
        f"sqlite:///{path}",
        module=encryption.dbapi(),
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _pragmas(key))
    return engine


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


# A migration's file is named after its revision: 0012_venue_hub.py holds revision "0012"
# (tests/desktop/test_cli_imports.py holds every file to that).
_MIGRATION_FILE = re.compile(r"(\d{4})_\w+\.py")


def newest_revision() -> str | None:
    """The newest revision as the migration files' names tell; None when a name is not of that
    form (alembic then reads the files)."""
    revisions = []
    for file in (MIGRATIONS_DIR / "versions").glob("*.py"):
        match = _MIGRATION_FILE.fullmatch(file.name)
        if match is None:
            return None
        revisions.append(match.group(1))
    return max(revisions, default=None)


def _stored_revision(engine: Engine) -> str | None:
    """The revision alembic recorded in the database (its one-row alembic_version table); None
    when there is none, or more than one."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except OperationalError:  # no such table: a new database
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def migrate(engine: Engine, path: Path, *, key: DatabaseKey) -> Path | None:
    """Bring the schema to head. An existing database is copied aside first; returns that copy."""
    # A desk already at the newest revision opens without importing alembic (about 0.1 s of every
    # hadir-cli command's start-up, issue 20); anything else is alembic's to decide.
    stored = _stored_revision(engine)
    if stored is not None and stored == newest_revision():
        return None
    from alembic import command

    current, head = current_revision(engine), head_revision()
    if current == head:
        return None
    backup = None
    if current is not None and path.exists():
        from desktop.core.backup import create_backup

        backup = create_backup(path.parent, reason="migration", key=key).path
        log.info("database copied to %s before migrating %s -> %s", backup, current, head)
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return backup


class DiskFull(HadirError):
    code = "disk_full"


def _is_disk_full(error: OperationalError) -> bool:
    # SQLITE_FULL: "database or disk is full"; an I/O error on write is the same story on tmpfs.
    message = str(error.orig).lower() if error.orig is not None else str(error).lower()
    return "disk is full" in message or "database or disk is full" in message


# The audit's "operator" for what happens while the desk opens, before anyone signs in.
PASSPHRASE_ACTOR = "(recovery passphrase)"


class Database:
    """The desk's database file: the one engine for it and a lock that serialises writers.

    SQLite allows one writer; serialising writes in-process (rather than letting threads race into
    SQLITE_BUSY) is what fixed Vorta's "database is locked" crashes.
    """

    def __init__(
        self, folder: Path, *, key: DatabaseKey | None = None, passphrase: str | None = None
    ) -> None:
        """Open (or create) the desk in ``folder``. The key comes from ``key``, else the
        passphrase, else the OS keyring (``encryption.unlock``)."""
        from desktop.core.backup import encrypt_plain_backups, verify_or_raise

        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.path = database_path(folder)
        self.key = key or encryption.unlock(data_dir=folder, passphrase=passphrase)
        if encryption.is_plaintext(self.path):
            # A desk from before encryption: check the plain file first, so a damaged one is
            # offered its backup rather than half-converted.
            verify_or_raise(folder, key=None)
            encryption.encrypt_in_place(self.path, self.key)
            encrypt_plain_backups(folder, key=self.key)
        verify_or_raise(folder, key=self.key)  # a damaged file is never opened for writing
        self.engine = make_engine(self.path, self.key)
        self.write_lock = threading.RLock()
        self.migration_backup = migrate(self.engine, self.path, key=self.key)
        if key is None and passphrase is not None:
            self._keep_key_in_new_keyring()

    def _keep_key_in_new_keyring(self) -> None:
        """Opened with the recovery passphrase: a keyring that has appeared since keeps the key."""
        from desktop.core.operators import record_audit

        if encryption.keep_in_new_keyring(data_dir=self.folder, key=self.key):
            with self.write() as session:
                # Nobody is signed in yet: the actor is whoever typed the recovery passphrase.
                record_audit(
                    session=session,
                    operator=PASSPHRASE_ACTOR,
                    action="key.keyring",
                    detail={"key_id": self.key.key_id},
                )

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A short read session."""
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A short write transaction: committed on success, rolled back on any error."""
        from sqlalchemy.exc import OperationalError
        from sqlmodel import Session

        with self.write_lock, Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except OperationalError as error:
                session.rollback()
                if _is_disk_full(error):
                    raise DiskFull(
                        "The disk is full: this last action was not saved. Everything confirmed "
                        "before it is safe. Free some space (or ask the admin) and try again.",
                    ) from error
                raise
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()
