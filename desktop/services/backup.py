"""Backups an operator asks for: a verified copy now, or one carried away on a USB stick.

The daily backup at start-up and the restore (which must not open the database it replaces) stay
with desktop/app.py and ``hadir-cli backup restore``; these two are actions, so they are audited.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core import backup
from desktop.core.db import Database
from desktop.core.operators import record_audit


def create(db: Database, *, operator: str) -> backup.BackupInfo:
    """A verified backup in the desk's backups folder (the database is open, so it is current)."""
    info = backup.create_backup(db.folder, reason="manual", key=db.key)
    with db.write() as session:
        record_audit(
            session=session,
            operator=operator,
            action="backup.create",
            detail={"file": info.path.name},
        )
    return info


def export(db: Database, *, destination: Path, operator: str) -> Path:
    """A fresh backup copied to ``destination`` (e.g. a USB stick), with its key file."""
    target = backup.export_backup(db.folder, destination, key=db.key)
    with db.write() as session:
        # Every record leaves the desk on a stick (encrypted): UU 27/2022 wants a record of it.
        record_audit(
            session=session, operator=operator, action="backup.export", detail={"file": str(target)}
        )
    return target
