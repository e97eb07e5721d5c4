"""Backups with SQLite's online backup API, rotation, a damaged database detected at start, restore
that keeps the damaged file, and a copy for a USB stick (issue 9, item 2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from desktop.core import backup, encryption
from desktop.core.db import Database
from desktop.core.errors import HadirError
from tests.desktop.helpers import NIP_AHMAD, make_event, register
from tests.desktop.test_cli import last_json, run

PASSPHRASE = "kata sandi pemulihan 2026"


def people(db: Database) -> int:
    with db.session() as session:
        return int(
            session.connection().execute(text("SELECT COUNT(*) FROM participant")).scalar_one()
        )


def damage(path) -> None:
    """What a power cut during a disk write can leave: garbage over the first pages."""
    with open(path, "r+b") as handle:
        handle.seek(0)
        handle.write(b"\x00garbage" * 1024)


def test_backup_is_consistent_verified_and_rotated(db, data_dir, monkeypatch):
    event = make_event(db)
    register(db, event, "Ahmad", NIP_AHMAD)
    info = backup.create_backup(data_dir, reason="daily", key=db.key)
    assert info.path.parent == data_dir / "backups"
    assert backup.check_file(info.path, key=db.key, quick=False) is None
    assert not encryption.is_plaintext(info.path)  # a backup is as encrypted as the desk
    copy = encryption.connect(info.path, db.key)
    assert copy.execute("SELECT COUNT(*) FROM participant").fetchone() == (1,)
    copy.close()
    monkeypatch.setattr(backup, "KEEP_DAILY", 3)
    for _ in range(4):
        backup.create_backup(data_dir, reason="manual", key=db.key)
    kept = backup.list_backups(data_dir)
    assert len(kept) == 3 and info.path not in {k.path for k in kept}  # the oldest went


def test_daily_backup_is_due_once_a_day(db, data_dir):
    assert backup.needs_daily_backup(data_dir)
    backup.create_backup(data_dir, reason="daily", key=db.key)
    assert not backup.needs_daily_backup(data_dir)
    assert backup.needs_daily_backup(data_dir, now=datetime.now(UTC) + timedelta(days=1))


def test_damaged_database_is_detected_at_start_and_restored(db, data_dir):
    event = make_event(db)
    register(db, event, "Ahmad", NIP_AHMAD)
    good = backup.create_backup(data_dir, reason="manual", key=db.key)
    db.close()
    damage(data_dir / "hadir.db")
    with pytest.raises(backup.DatabaseDamaged) as caught:
        Database(data_dir)
    assert caught.value.latest_backup == good.path
    assert good.path.name in str(caught.value) and "damaged" in str(caught.value)
    aside = backup.restore_backup(data_dir, good.path.name, key=caught.value.key)
    assert aside.exists()  # the damaged file is kept, never deleted
    restored = Database(data_dir)
    try:
        assert people(restored) == 1
    finally:
        restored.close()


def test_a_damaged_backup_is_refused(db, data_dir):
    info = backup.create_backup(data_dir, reason="manual", key=db.key)
    damage(info.path)
    with pytest.raises(HadirError, match="damaged too"):
        backup.restore_backup(data_dir, info.path, key=db.key)


def test_export_to_a_usb_folder(db, data_dir, tmp_path):
    stick = tmp_path / "USB"
    with pytest.raises(HadirError, match="not a folder"):
        backup.export_backup(data_dir, stick, key=db.key)
    stick.mkdir()
    with pytest.raises(HadirError, match="recovery passphrase"):
        backup.export_backup(data_dir, stick, key=db.key)  # nobody could open it elsewhere
    assert list(stick.iterdir()) == []
    encryption.set_passphrase(data_dir=data_dir, key=db.key, passphrase=PASSPHRASE)
    copied = backup.export_backup(data_dir, stick, key=db.key)
    assert copied.parent == stick and backup.check_file(copied, key=db.key) is None
    assert copied.with_suffix(".key").exists()


def test_cli_tells_the_operator_and_restores(data_dir, tmp_path):
    run(data_dir, "demo", "--participants", "20", "--attended", "5")
    made = last_json(run(data_dir, "backup", "create", "--json"))
    damage(data_dir / "hadir.db")
    refused = run(data_dir, "event", "list", ok=False)
    assert refused.returncode == 1 and made["file"] in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    check = run(data_dir, "backup", "check", "--json", ok=False)
    assert check.returncode == 1
    restored = last_json(run(data_dir, "backup", "restore", made["file"], "--json"))
    assert restored["previous_file_kept_as"].startswith("hadir.replaced-")
    assert len(last_json(run(data_dir, "event", "list", "--json"))) == 1
