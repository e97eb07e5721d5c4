"""The desk database encrypted at rest (issue 9, item 5): what a stolen laptop or USB stick gives a
thief (nothing readable), how the key is kept (OS keyring, recovery passphrase), and the way back
for an office that lost its laptop (a USB backup restored on a new one)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess

import keyring
import pytest
from keyring.backends import fail
from sqlalchemy import text

from desktop import app
from desktop.core import backup, encryption
from desktop.core import db as db_module
from desktop.core.db import Database
from desktop.core.errors import HadirError
from tests.desktop.helpers import NIP_AHMAD, make_event, register
from tests.desktop.test_cli import CLI, last_json, run

PASSPHRASE = "Kanwil Sulteng 2026 pemulihan"
NAME = "Ahmad Rahasia Sekali"


@pytest.fixture
def no_keyring():
    """A laptop whose OS offers no keyring (a Linux bundle, a locked Secret Service)."""
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


def people(db: Database) -> list[str]:
    with db.session() as session:
        return list(
            session.connection().execute(text("SELECT full_name FROM participant")).scalars()
        )


def file_bytes(data_dir) -> bytes:
    return b"".join(
        p.read_bytes() for p in data_dir.rglob("*") if p.is_file() and "hadir" in p.name
    )


def test_nothing_readable_lies_on_the_disk(db, data_dir):
    register(db, make_event(db), NAME, NIP_AHMAD)
    backup.create_backup(data_dir, reason="manual", key=db.key)
    everything = file_bytes(data_dir)  # the database, its WAL, the backup, the key file
    assert NAME.encode() not in everything and NIP_AHMAD.encode() not in everything
    assert db.key.raw.hex().encode() not in everything and db.key.raw not in everything
    assert not encryption.is_plaintext(data_dir / "hadir.db")
    plain = sqlite3.connect(data_dir / "hadir.db")  # what a thief's SQLite sees
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        plain.execute("SELECT * FROM participant").fetchall()
    plain.close()
    assert "raw" not in repr(db.key) and db.key.raw.hex() not in repr(db.key)


def test_the_keyring_opens_the_desk_with_no_step(db, data_dir):
    register(db, make_event(db), NAME, NIP_AHMAD)
    db.close()
    again = Database(data_dir)  # a new start: the key comes from the keyring
    try:
        assert people(again) == [NAME]
        assert again.key == db.key
    finally:
        again.close()


def test_without_keyring_the_passphrase_opens_it(db, data_dir, no_keyring, monkeypatch):
    register(db, make_event(db), NAME, NIP_AHMAD)
    with pytest.raises(HadirError, match="at least 10"):
        encryption.set_passphrase(data_dir=data_dir, key=db.key, passphrase="short")
    encryption.set_passphrase(data_dir=data_dir, key=db.key, passphrase=PASSPHRASE)
    db.close()
    with pytest.raises(encryption.KeyUnavailable, match="recovery passphrase"):
        Database(data_dir)
    with pytest.raises(encryption.WrongPassphrase):
        Database(data_dir, passphrase=PASSPHRASE + "x")
    opened = Database(data_dir, passphrase=PASSPHRASE)
    try:
        assert people(opened) == [NAME]
    finally:
        opened.close()
    monkeypatch.setenv(encryption.PASSPHRASE_ENV, PASSPHRASE)  # a scripted run
    scripted = Database(data_dir)
    scripted.close()


def test_a_key_kept_nowhere_is_refused(data_dir, no_keyring, monkeypatch):
    monkeypatch.delenv(encryption.PASSPHRASE_ENV, raising=False)
    with pytest.raises(encryption.PassphraseRequired):
        Database(data_dir)  # a new desk: no keyring, no passphrase: it would lock itself out
    assert not (data_dir / "hadir.db").exists() and not encryption.key_file(data_dir).exists()
    with pytest.raises(HadirError, match="at least 10"):
        Database(data_dir, passphrase="123456")
    made = Database(data_dir, passphrase=PASSPHRASE)
    made.close()
    assert encryption.has_passphrase(data_dir)
    with pytest.raises(encryption.KeyUnavailable):
        Database(data_dir)


def test_desk_opened_only_by_a_lost_keyring_says_what_to_do(db, data_dir, no_keyring):
    db.close()
    with pytest.raises(encryption.KeyFileProblem, match="no recovery passphrase"):
        Database(data_dir)
    encryption.key_file(data_dir).unlink()
    with pytest.raises(encryption.KeyFileProblem, match=r"key file hadir\.key is missing"):
        Database(data_dir)


def test_a_damaged_key_file_is_reported_not_crashed(db, data_dir):
    db.close()
    encryption.key_file(data_dir).write_text("{not json")
    with pytest.raises(encryption.KeyFileProblem, match="cannot be read"):
        Database(data_dir)


def test_a_lost_laptop_comes_back_from_the_usb_copy(db, data_dir, tmp_path, monkeypatch):
    register(db, make_event(db), NAME, NIP_AHMAD)
    encryption.set_passphrase(data_dir=data_dir, key=db.key, passphrase=PASSPHRASE)
    stick = tmp_path / "USB"
    stick.mkdir()
    copy = backup.export_backup(data_dir, stick, key=db.key)
    db.close()
    # The new laptop: another data folder, another (empty) keyring.
    monkeypatch.setenv("HADIR_TEST_KEYRING_DIR", str(tmp_path / "new-laptop-keyring"))
    new = tmp_path / "new-laptop"
    new.mkdir()
    with pytest.raises(encryption.KeyUnavailable, match="another desk"):
        backup.restore_backup(new, copy, key=None)
    with pytest.raises(encryption.WrongPassphrase):
        backup.restore_backup(new, copy, key=None, passphrase="not the passphrase")
    assert list(new.iterdir()) == []  # a refused restore writes nothing
    backup.restore_backup(new, copy, key=None, passphrase=PASSPHRASE)
    restored = Database(new)  # the adopted key went into the new laptop's keyring
    try:
        assert people(restored) == [NAME]
    finally:
        restored.close()


def test_an_old_plaintext_desk_and_its_backups_are_encrypted(data_dir):
    legacy = sqlite3.connect(data_dir / "hadir.db")
    legacy.execute("CREATE TABLE note (text)")
    legacy.execute("INSERT INTO note VALUES (?)", (NAME,))
    legacy.commit()
    (data_dir / "backups").mkdir()
    old_backup = data_dir / "backups" / "hadir-20261120T080000000000Z-daily.db"
    shutil.copyfile(data_dir / "hadir.db", old_backup)
    legacy.close()
    desk = Database(data_dir)
    try:
        assert NAME.encode() not in file_bytes(data_dir)
        assert not encryption.is_plaintext(old_backup)
        assert backup.check_file(old_backup, key=desk.key) is None
        with desk.session() as session:
            assert session.connection().execute(text("SELECT text FROM note")).scalar() == NAME
    finally:
        desk.close()


def test_window_asks_for_the_passphrase_until_it_is_right(
    qtbot, db, data_dir, no_keyring, monkeypatch
):
    encryption.set_passphrase(data_dir=data_dir, key=db.key, passphrase=PASSPHRASE)
    db.close()
    typed = iter(["wrong passphrase", PASSPHRASE])
    asked: list[tuple[bool, str]] = []

    def ask(*, new, error=""):
        asked.append((new, error))
        return next(typed)

    monkeypatch.setattr(app, "ask_passphrase", ask)
    opened = app.open_database(data_dir, ask=True)
    opened.close()
    assert asked[0] == (False, "") and asked[1][0] is False and asked[1][1]  # "wrong" was said
    monkeypatch.setattr(app, "ask_passphrase", lambda **_: None)  # cancelled: nothing opens
    with pytest.raises(encryption.KeyUnavailable):
        app.open_database(data_dir, ask=True)


def test_the_fifth_passphrase_is_tried_and_a_sixth_is_not_asked(
    qtbot, db, data_dir, no_keyring, monkeypatch
):
    encryption.set_passphrase(data_dir=data_dir, key=db.key, passphrase=PASSPHRASE)
    db.close()
    answers = [f"salah nomor {n}" for n in range(1, 5)] + [PASSPHRASE]
    asked: list[str] = []
    monkeypatch.setattr(
        app, "ask_passphrase", lambda **_: asked.append("?") or answers[len(asked) - 1]
    )
    app.open_database(data_dir, ask=True).close()
    assert len(asked) == app.MAX_PASSPHRASE_TRIES  # the right one, typed fifth, opened the desk
    asked.clear()
    answers[-1] = "salah nomor 5"
    with pytest.raises(encryption.WrongPassphrase, match="Too many"):
        app.open_database(data_dir, ask=True)
    assert len(asked) == app.MAX_PASSPHRASE_TRIES


def test_passphrase_dialog_checks_before_it_closes(qtbot):
    from desktop.ui.unlock.dialog import PassphraseDialog

    dialog = PassphraseDialog(None, new=True)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText("pendek")
    dialog.buttons.accepted.emit()
    assert dialog.error.isVisibleTo(dialog) and "10" in dialog.error.text()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE + "!")
    dialog.buttons.accepted.emit()
    assert dialog.result() != PassphraseDialog.DialogCode.Accepted and dialog.repeat.text() == ""
    dialog.repeat.setText(PASSPHRASE)
    dialog.buttons.accepted.emit()
    assert dialog.result() == PassphraseDialog.DialogCode.Accepted


def test_cli_key_status_and_restore_on_a_new_laptop(data_dir, tmp_path):
    run(data_dir, "demo", "--participants", "10", "--attended", "3")
    status = last_json(run(data_dir, "key", "status", "--json"))
    assert status["database"] == "encrypted" and status["in_keyring"] is True
    assert status["recovery_passphrase"] is False
    stick = tmp_path / "USB"
    stick.mkdir()
    refused = run(data_dir, "backup", "export", str(stick), ok=False)
    assert refused.returncode == 1 and "recovery passphrase" in refused.stderr
    # The passphrase is typed at a terminal, never passed as an argument; a script sets the variable.
    with_env = {**os.environ, "HADIR_DATA_DIR": str(data_dir)}
    key = encryption.unlock(data_dir=data_dir, create=False)
    encryption.set_passphrase(data_dir=data_dir, key=key, passphrase=PASSPHRASE)
    exported = last_json(run(data_dir, "backup", "export", str(stick), "--json"))
    new = tmp_path / "new-laptop"
    env = {**with_env, "HADIR_DATA_DIR": str(new), "HADIR_TEST_KEYRING_DIR": str(tmp_path / "k2")}
    asked = subprocess.run(
        [CLI, "backup", "restore", exported["file"]],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert (
        asked.returncode == 1
        and "HADIR_DB_PASSPHRASE" in asked.stderr
        and "Traceback" not in asked.stderr
    )
    env[encryption.PASSPHRASE_ENV] = PASSPHRASE
    subprocess.run(
        [CLI, "backup", "restore", exported["file"]],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    del env[encryption.PASSPHRASE_ENV]  # from now on the new laptop's keyring has the key
    listed = subprocess.run(
        [CLI, "event", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert len(last_json(listed)) == 1


def test_every_connection_uses_the_desks_cipher_settings(db, data_dir):
    with db.session() as session:
        hmac = session.connection().exec_driver_sql("PRAGMA cipher_hmac_algorithm").scalar()
    assert hmac == "HMAC_SHA256"
    # The right key with SQLCipher's default settings does not open the file: the settings are
    # part of the format, which is why encryption.connect is the only way in.
    bare = encryption.dbapi().connect(str(data_dir / "hadir.db"))
    bare.execute(f"PRAGMA key = {db.key.pragma_value}")
    with pytest.raises(encryption.dbapi().DatabaseError):
        bare.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    bare.close()


def audit_actions(db: Database) -> list[tuple[str, str]]:
    with db.session() as session:
        rows = session.connection().execute(
            text("SELECT operator, action FROM audit_entry ORDER BY at")
        )
        return [(r[0], r[1]) for r in rows]


def test_a_keyring_that_appears_later_keeps_the_key_at_the_next_unlock(data_dir, monkeypatch):
    """Issue 14 item 15: a Linux desk made without a keyring asks the passphrase at every start,
    until a desktop keyring appears; the first unlock with the passphrase after that stores the
    key there (audited), and later starts open with no step."""
    monkeypatch.delenv(encryption.PASSPHRASE_ENV, raising=False)
    working = keyring.get_keyring()  # the suite's folder keyring, standing in for a real one
    keyring.set_keyring(fail.Keyring())
    try:
        made = Database(data_dir, passphrase=PASSPHRASE)  # no keyring: the passphrase holds the key
        register(made, make_event(made), NAME, NIP_AHMAD)
        made.close()
        assert not encryption.key_status(data_dir).in_keyring
        Database(data_dir, passphrase=PASSPHRASE).close()  # still no keyring: nothing to store
    finally:
        keyring.set_keyring(working)
    with pytest.raises(encryption.KeyUnavailable):
        Database(data_dir)  # the keyring is there now but does not know the key yet
    with pytest.raises(encryption.WrongPassphrase):
        Database(data_dir, passphrase=PASSPHRASE + "x")
    assert not encryption.key_status(data_dir).in_keyring  # a wrong passphrase stores nothing
    unlocked = Database(data_dir, passphrase=PASSPHRASE)
    try:
        assert encryption.key_status(data_dir).in_keyring
        assert audit_actions(unlocked).count((db_module.PASSPHRASE_ACTOR, "key.keyring")) == 1
    finally:
        unlocked.close()
    again = Database(data_dir)  # the next start: from the keyring, no passphrase
    try:
        assert people(again) == [NAME]
    finally:
        again.close()
    Database(data_dir, passphrase=PASSPHRASE).close()  # the key is there already: not stored twice
    last = Database(data_dir)
    try:
        assert audit_actions(last).count((db_module.PASSPHRASE_ACTOR, "key.keyring")) == 1
    finally:
        last.close()


def test_the_window_unlock_stores_the_key_in_a_keyring_that_appeared(qtbot, data_dir, monkeypatch):
    monkeypatch.delenv(encryption.PASSPHRASE_ENV, raising=False)
    working = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        Database(data_dir, passphrase=PASSPHRASE).close()
    finally:
        keyring.set_keyring(working)
    asked: list[bool] = []
    monkeypatch.setattr(
        app, "ask_passphrase", lambda *, new, error="": asked.append(new) or PASSPHRASE
    )
    app.open_database(data_dir, ask=True).close()
    assert asked == [False]
    app.open_database(data_dir, ask=True).close()  # the next start asks nothing
    assert asked == [False]
