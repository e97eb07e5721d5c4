"""After an erasure the identity is nowhere (issue 15 item 1), end to end with a real encrypted desk
and a real HQ: the person registered, checked in, certified, edited (one edit sent, one not yet)
and then erased. Afterwards every page of the desk's database and WAL, decrypted with its key (free
pages and old frames too), and every text column of every table at HQ are searched for the name,
NIP, e-mail and phone. Sync stays exactly-once: nothing is set aside, nothing is waiting."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.core import attendance, registry
from desktop.core.certificates import batch as certificate_batch
from desktop.core.db import Database
from desktop.core.desk import desk_identity
from desktop.services import privacy
from sync.protocol import ERASED_NAME
from tests.desktop.helpers import make_event, register
from tests.sync.helpers import sync_until_done
from tests.sync.sqlcipher_pages import decrypted_pages

NAME = "Dr. Zulkarnaen Habibullah, S.H."
MISSPELLED = "Dr. Zulkarnain Habibulah, S.H."
NIP = "198609262015051001"
EMAIL = "zulkarnaen.habibullah@example.go.id"
PHONE = "081377712345"
NEW_PHONE = "085298765432"
# The search index keeps words, folded to lower case: each word of the name is a needle too.
NEEDLES = (
    b"zulkarnaen",
    b"habibullah",
    b"zulkarnain",
    b"habibulah",
    NIP.encode(),
    EMAIL.encode(),
    PHONE.encode(),
    NEW_PHONE.encode(),
)


def _desk_leaks(db: Database) -> list[tuple[str, bytes]]:
    found = []
    for path in sorted(db.path.parent.glob(db.path.name + "*")):
        if path.name.endswith("-shm"):
            content = path.read_bytes()  # not encrypted: SQLite's WAL index, no row content
        else:
            content = decrypted_pages(path, db.key.raw)
        lowered = content.lower()
        found += [(path.name, needle) for needle in NEEDLES if needle in lowered]
    return found


def _hq_leaks(database: Path) -> list[tuple[str, str, bytes]]:
    connection = sqlite3.connect(database)
    found = []
    try:
        tables = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        for table in tables:
            for column in connection.execute(f'PRAGMA table_info("{table}")'):
                name = column[1]
                for (value,) in connection.execute(f'SELECT "{name}" FROM "{table}"'):
                    if isinstance(value, str | bytes):
                        raw = (value.encode() if isinstance(value, str) else value).lower()
                        found += [(table, name, n) for n in NEEDLES if n in raw]
    finally:
        connection.close()
    return found


def test_an_erased_person_is_nowhere_on_the_desk_or_at_hq(desk_factory, hq, tmp_path):
    desk = desk_factory("Meja 1")
    event_id = make_event(desk)
    # Neighbours on the same pages: freed space in a page full of live rows is not compacted away,
    # so it keeps old bytes unless SQLite zeroes it (secure_delete, which SQLCipher turns on).
    for number in range(30):
        register(desk, event_id, f"Peserta Tetangga {number}", email=f"tetangga{number}@palu.go.id")
    person = register(desk, event_id, MISSPELLED, NIP, email=EMAIL, phone=PHONE)
    with desk.write() as session:  # the spelling corrected: the old words leave the index
        registry.update_participant(session=session, participant_id=person, full_name=NAME)
    for number in range(30, 60):
        register(desk, event_id, f"Peserta Tetangga {number}", email=f"tetangga{number}@palu.go.id")
    with desk.write() as session:
        attendance.check_in(
            session=session,
            event_id=event_id,
            participant_id=person,
            day=1,
            desk=desk_identity(session=session),
            operator="petugas",
        )
    batch = certificate_batch.render_event_certificates(
        db=desk, event_id=event_id, out=tmp_path / "sertifikat.pdf", operator="rina"
    )
    assert batch.issued == 1
    with desk.write() as session:
        registry.update_participant(session=session, participant_id=person, jabatan="Kepala Seksi")
    assert sync_until_done(desk).all_at_hq
    other = desk_factory("Meja 2")  # pulls the person now, and their erasure later
    assert sync_until_done(other).outcome == "ok" and _desk_leaks(other)
    with desk.write() as session:  # an edit still waiting when the person asks to be erased
        registry.update_participant(session=session, participant_id=person, phone=NEW_PHONE)
    assert _desk_leaks(desk) and _hq_leaks(hq.database)  # the searches find what is there

    privacy.erase_person(
        desk,
        participant_id=person,
        operator="admin",
        reason="permintaan tertulis yang bersangkutan",
    )
    report = sync_until_done(desk)
    assert report.outcome == "ok" and report.all_at_hq and report.set_aside == 0, report

    assert _hq_leaks(hq.database) == []
    [(name,)] = hq.query("SELECT full_name FROM participant WHERE id = ?", person)
    assert name == ERASED_NAME
    assert _desk_leaks(desk) == []
    desk.close()
    assert _desk_leaks(desk) == []
    # The other desk applies the erasure it pulls with the same scrub, and empties its WAL of the
    # older page images once the page has committed: nothing is left while it stays open.
    assert sync_until_done(other).outcome == "ok"
    with other.session() as session:
        assert (
            registry.get_participant(session=session, participant_id=person).full_name
            == ERASED_NAME
        )
    assert _desk_leaks(other) == []
    other.close()
    assert _desk_leaks(other) == []
