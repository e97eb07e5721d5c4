"""A damaged desk database at start: the window offers the newest good backup (issue 9, item 2)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop import app
from desktop.core import backup
from desktop.core.db import Database
from tests.desktop.helpers import NIP_AHMAD, make_event, register


def _damaged_desk(data_dir):
    db = Database(data_dir)
    register(db, make_event(db), "Ahmad", NIP_AHMAD)
    good = backup.create_backup(data_dir, reason="manual", key=db.key)
    db.close()
    with open(data_dir / "hadir.db", "r+b") as handle:
        handle.write(b"\x00garbage" * 1024)
    return good


def test_restore_is_offered_and_done_when_accepted(qtbot, data_dir, monkeypatch):
    good = _damaged_desk(data_dir)
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes,
    )
    db = app.open_database(data_dir, ask=True)
    try:
        assert good.path.name in asked[0]
        with db.session() as session:
            assert (
                session.connection().exec_driver_sql("SELECT COUNT(*) FROM participant").scalar()
                == 1
            )
        assert list(data_dir.glob("hadir.replaced-*.db"))  # the damaged file is kept
    finally:
        db.close()


def test_declining_leaves_everything_as_it_was(qtbot, data_dir, monkeypatch):
    _damaged_desk(data_dir)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    with pytest.raises(backup.DatabaseDamaged):
        app.open_database(data_dir, ask=True)
    assert not list(data_dir.glob("hadir.replaced-*.db"))


def test_the_daily_backup_runs_in_the_background(data_dir, qtbot):
    db = Database(data_dir)
    app.start_daily_backup(db)
    qtbot.waitUntil(lambda: not backup.needs_daily_backup(data_dir), timeout=20_000)
    assert backup.list_backups(data_dir)[0].reason == "daily"
    db.close()
