"""The desk database: pragmas, migrations that match the models, a copy before migrating."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

import desktop.core.certificates.models
import desktop.core.models
import desktop.core.operators  # noqa: F401
import sync.desk.outbox  # noqa: F401
from desktop.core import db as dbmod
from desktop.core import encryption
from desktop.core.db import Database


def test_pragmas_make_confirmed_writes_durable(db):
    with db.session() as session:
        connection = session.connection()
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == dbmod.BUSY_TIMEOUT_MS


def test_the_migrations_create_exactly_the_models(db):
    """Every schema change is a migration: the migrated file and the models must agree."""
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    # The FTS5 index is SQL-only (virtual tables have no SQLAlchemy model).
    diff = [
        d for d in diff if not (d[0] == "remove_table" and d[1].name.startswith("participant_fts"))
    ]
    assert diff == []


def test_an_old_database_is_copied_aside_before_migrating(data_dir):
    """A desk still on an older schema (revision 0003) is copied, then migrated to head."""
    from alembic import command

    engine = dbmod.make_engine(data_dir / "hadir.db", encryption.unlock(data_dir=data_dir))
    config = dbmod._alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
    engine.dispose()
    second = Database(data_dir)
    try:
        assert second.migration_backup is not None and second.migration_backup.exists()
        backup = encryption.connect(second.migration_backup, second.key)
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)
        backup.close()
        assert dbmod.current_revision(second.engine) == dbmod.head_revision()
    finally:
        second.close()


def test_a_fresh_database_is_not_copied(db):
    assert db.migration_backup is None
    assert not (db.folder / "backups").exists()
