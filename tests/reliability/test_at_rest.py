"""A stolen laptop and a lost USB stick (issue 9, item 5): a desk with real work in it (people,
check-ins, certificates, its HQ token and SMTP password, the day's backups, a USB export) is
searched byte by byte for every name, NIP, NIK, e-mail address and secret it holds. Nothing may be
found in any file the desk wrote."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from desktop.core import backup, encryption
from desktop.core.db import Database
from desktop.core.demo import create_demo
from desktop.core.desk import desk_identity, set_setting
from desktop.services.key import set_recovery_passphrase

PEOPLE = int(os.environ.get("HADIR_AT_REST_PEOPLE", 2000))
TOKEN = "hq-token-8f2b6c1e9d4a7f30b5c2e8d1"
SMTP_PASSWORD = "smtp-sandi-Kanwil-rahasia"


def visible_runs(content: bytes) -> list[bytes]:
    """The runs of readable ASCII, 8 bytes or longer: what `strings` would show a thief. In
    ciphertext they are short accidents; in a plaintext file they hold every name and number."""
    return re.findall(rb"[\x20-\x7e]{8,}", content)


def leaked(content: bytes, secrets: set[bytes]) -> set[bytes]:
    """The secrets that appear in ``content``, found through its readable runs: each run is cut
    into every piece a secret could be (set lookups), so 80,000 secrets over 100 MB stay fast."""
    lengths = sorted({len(s) for s in secrets})
    found = set()
    for run in visible_runs(content):
        for size in lengths:
            if size > len(run):
                break
            found.update(
                run[i : i + size]
                for i in range(len(run) - size + 1)
                if run[i : i + size] in secrets
            )
    return found | {s for s in secrets if not s.isascii() and s in content}


def needles(db: Database) -> set[bytes]:
    with db.session() as session:
        rows = (
            session.connection()
            .execute(text("SELECT full_name, nip, nik, email FROM participant"))
            .all()
        )
    found = {TOKEN.encode(), SMTP_PASSWORD.encode(), db.key.raw.hex().encode()}
    for row in rows:
        for value in row:
            if value and len(str(value)) >= 8:
                found.add(str(value).encode())
    return found


def test_a_stolen_laptop_and_usb_stick_hold_nothing_readable(tmp_path, record_figure):
    data_dir = tmp_path / "data"
    db = Database(data_dir)
    with db.write() as session:
        create_demo(
            session=session,
            desk=desk_identity(session=session),
            participants=PEOPLE,
            attended=PEOPLE // 2,
        )
        set_setting(session=session, key="sync_token", value=TOKEN)
        set_setting(session=session, key="smtp.password", value=SMTP_PASSWORD)
    set_recovery_passphrase(db, passphrase="Kanwil Sulteng pemulihan 2026", operator="admin")
    backup.create_backup(data_dir, reason="daily", key=db.key)
    stick = tmp_path / "USB"
    stick.mkdir()
    backup.export_backup(data_dir, stick, key=db.key)
    secrets = needles(db)
    # Read while the desk is still open, so the WAL file is there too.
    files = [
        p
        for folder in (data_dir, stick)
        for p in folder.rglob("*")
        if p.is_file() and p.name != "hadir.log"
    ]
    scanned, leaks = 0, []
    for path in files:
        content = path.read_bytes()
        scanned += len(content)
        leaks += [(path.name, s[:12]) for s in leaked(content, secrets)]
        assert db.key.raw not in content
    # The scanner itself is checked on a plaintext copy: there it must find the people.
    plain = tmp_path / "plain.db"
    with encryption.connect(db.path, db.key) as connection:
        connection.execute(f"ATTACH DATABASE '{plain}' AS plain KEY ''")
        connection.execute("SELECT sqlcipher_export('plain')")
        connection.execute("DETACH DATABASE plain")
    control = leaked(plain.read_bytes(), secrets)
    plain.unlink()
    db.close()
    assert len(control) >= 0.9 * (len(secrets) - 3), "the scan finds what a plaintext file holds"
    assert {p.suffix for p in files} >= {".db", ".key"}
    assert any(p.name.endswith("-wal") for p in files)
    assert leaks == []
    assert all(not encryption.is_plaintext(p) for p in files if p.suffix == ".db")
    record_figure(
        "at_rest.stolen_laptop",
        people=PEOPLE,
        secrets_searched=len(secrets),
        files=len(files),
        mb_scanned=round(scanned / 1e6, 1),
        found=0,
        found_in_plaintext_control=len(control),
    )


def test_the_log_names_no_one(tmp_path):
    """hadir.log stays outside the encryption: it must not carry personal data either."""
    from tests.desktop.test_cli import run

    data_dir = tmp_path / "data"
    run(data_dir, "demo", "--participants", "50", "--attended", "10")
    window = Path(sys.executable).with_name("hadir")
    for view in ("checkin", "participants", "certificates"):
        subprocess.run(
            [
                str(window),
                "--data-dir",
                str(data_dir),
                "--view",
                view,
                "--screenshot",
                str(tmp_path / f"{view}.png"),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    db = Database(data_dir)
    secrets = needles(db) - {TOKEN.encode(), SMTP_PASSWORD.encode()}
    db.close()
    logs = (data_dir / "hadir.log").read_bytes()
    assert b"INFO" in logs  # the window did log
    assert leaked(logs, secrets) == set()
