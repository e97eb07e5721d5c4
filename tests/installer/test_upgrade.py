"""Upgrading keeps every queued record: a desk database made by an older version (schema 0001, the
first release) with records waiting for HQ is migrated at first start and loses nothing."""

from __future__ import annotations

import sqlite3

from alembic import command
from sqlalchemy import create_engine, text

from desktop.core import db as dbmod
from desktop.core import encryption
from desktop.core.db import Database
from desktop.core.registry import search_participants


def _old_desk(data_dir):
    """A database at revision 0001, filled the way version 0.1 filled it: plain (unencrypted)
    SQLite, raw SQL, that schema."""
    engine = create_engine(f"sqlite:///{data_dir / 'hadir.db'}")
    config = dbmod._alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    engine.dispose()
    con = sqlite3.connect(data_dir / "hadir.db")
    stamp = "2026-11-24 00:10:00.000000"
    con.execute(
        "INSERT INTO event (id, office_code, title, theme, venue, starts_at, ends_at, timezone, mode,"
        " jp, min_days, is_demo, signatory_name, signatory_title, signatory_nip, created_at,"
        " updated_at) VALUES ('ev1', 'SULTENG', 'Pelatihan', '', 'Aula', '2026-11-24 00:00:00.000000',"
        " '2026-11-24 08:00:00.000000', 'Asia/Makassar', 'luring', 8, NULL, 0, '', '', '', ?, ?)",
        (stamp, stamp),
    )
    for n in range(50):
        pid = f"p{n:03d}"
        con.execute(
            "INSERT INTO participant (id, full_name, nip, nik, asn_status, golongan, jabatan,"
            " unit_kerja, instansi, email, phone, birth_date, gender, created_at, updated_at)"
            " VALUES (?, ?, NULL, NULL, 'PNS', '', '', '', 'Pemkot Palu', NULL, '', NULL, NULL, ?, ?)",
            (pid, f"Peserta Nomor {n}", stamp, stamp),
        )
        con.execute(
            "INSERT INTO registration (event_id, participant_id, source, desk_id, created_at)"
            " VALUES ('ev1', ?, 'import', 'desk-old', ?)",
            (pid, stamp),
        )
        con.execute(
            "INSERT INTO checkin (id, event_id, participant_id, day, at, desk_id, desk_name,"
            " operator, method, undoes_id) VALUES (?, 'ev1', ?, 1, ?, 'desk-old', 'Meja 1', 'rina',"
            " 'scan', NULL)",
            (f"c{n:03d}", pid, stamp),
        )
        for kind, record in (("participant", pid), ("checkin", f"c{n:03d}")):
            con.execute(
                "INSERT INTO outbox (id, kind, record_id, payload, state, attempts, last_error,"
                " created_at, acknowledged_at) VALUES (?, ?, ?, ?, 'pending', 0, '', ?, NULL)",
                (f"o-{kind}-{n}", kind, record, f'{{"kind": "{kind}", "id": "{record}"}}', stamp),
            )
    con.commit()
    con.close()


def test_upgrade_from_the_first_schema_keeps_every_pending_record(data_dir):
    _old_desk(data_dir)
    assert encryption.is_plaintext(data_dir / "hadir.db")
    desk = Database(data_dir)  # what the new version does at its first start
    try:
        assert dbmod.current_revision(desk.engine) == dbmod.head_revision()
        # Encrypted in place before migrating: no readable copy of the old file is left behind.
        assert not encryption.is_plaintext(data_dir / "hadir.db")
        assert b"Peserta Nomor" not in (data_dir / "hadir.db").read_bytes()
        assert (
            sorted(
                p.name for p in data_dir.iterdir() if "plain" in p.name or "encrypting" in p.name
            )
            == []
        )
        assert desk.migration_backup is not None
        assert not encryption.is_plaintext(desk.migration_backup)
        backup = encryption.connect(desk.migration_backup, desk.key)
        assert backup.execute("SELECT COUNT(*) FROM outbox").fetchone() == (100,)
        backup.close()
        with desk.session() as session:
            rows = (
                session.connection()
                .execute(
                    text(
                        "SELECT id, kind, record_id, payload FROM outbox WHERE state = 'pending' ORDER BY id"
                    )
                )
                .all()
            )
            assert len(rows) == 100
            assert {r.kind for r in rows} == {"participant", "checkin"}
            assert all(
                r.payload.startswith(f'{{"kind": "{r.kind}"') for r in rows
            )  # byte-identical
            assert session.connection().execute(text("SELECT COUNT(*) FROM checkin")).scalar() == 50
            # The search index still finds the old participants after the upgrade.
            hits = search_participants(
                session=session, event_id="ev1", query="peserta nomor 7"
            ).hits
            assert [h.participant_id for h in hits][:1] == ["p007"]
    finally:
        desk.close()
