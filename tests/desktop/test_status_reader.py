"""``hadir-cli sync status`` reads over a bare SQLCipher connection (desktop/core/db_read.py) with
the very statements and rules the window's status uses (issue 20): the two must agree on every
field, in every state the status can show, and the reader must step aside for a desk that needs
writing first."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from desktop.core.clock import utcnow
from desktop.core.db import Database
from desktop.core.db_read import open_reader
from desktop.core.desk import set_setting
from desktop.core.operators import record_audit
from desktop.core.sync.reads import SETTINGS_REPLACED, Keys
from desktop.core.sync.status import sync_status
from desktop.services.desk import add_demo_event, setup_desk
from sync.desk.outbox import PulledWaiting
from tests.desktop.test_cli_imports import SQL, imported_by


def both(db: Database):
    from_window = sync_status(db)
    reader = open_reader(db.folder, key=db.key)
    assert reader is not None
    with reader:
        return from_window, sync_status(reader)


def test_a_new_desk_reads_the_same(db):
    setup_desk(db, office_code="SULTENG", desk_name="Meja 1", operator="test")
    window, cli = both(db)
    assert window == cli
    assert cli.pending > 0 and not cli.enrolled and cli.office_code == "SULTENG"


def test_an_enrolled_desk_with_every_problem_reads_the_same(db):
    setup_desk(db, office_code="SULTENG", desk_name="Meja 1", operator="test")
    add_demo_event(db, participants=5, attended=2, operator="test")
    now = utcnow()
    with db.write() as session:
        for key, value in {
            Keys.SERVER: "http://hq.example.go.id",
            Keys.TOKEN: "t",
            Keys.DEVICE: "d-1",
            Keys.OFFICE_NAME: "Kanwil Sulawesi Tengah",
            Keys.ONLINE: "0",
            Keys.LAST_ERROR: "HQ did not answer",
            Keys.LAST_ERROR_CODE: json.dumps({"code": "hq_timeout", "params": {"s": 10}}),
            Keys.CLOCK_SKEW: "412.5",
            Keys.CLOCK_WARNING: "The clock is 7 minutes off.",
            Keys.LAST_SUCCESS: "2026-12-01 08:00:00.000000",
            Keys.LAST_ATTEMPT: "2026-12-01T09:00:00Z",
            Keys.VERIFIED_SEQ: "3",
            Keys.VERIFIED_AT: "2026-12-01 08:00:01",
        }.items():
            set_setting(session=session, key=key, value=value)
        connection = session.connection()
        connection.exec_driver_sql(
            "UPDATE outbox SET attempts = 4, last_error = 'refused', next_attempt_at = ? "
            "WHERE seq = (SELECT MIN(seq) FROM outbox)",
            (str(now + timedelta(minutes=5)),),
        )
        connection.exec_driver_sql(
            "UPDATE outbox SET state = 'set_aside' WHERE seq = (SELECT MAX(seq) FROM outbox)"
        )
        session.add(PulledWaiting(seq=7, id="c-7", kind="registration", payload="{}"))
        record_audit(
            session=session,
            operator="sync",
            action=SETTINGS_REPLACED,
            detail={"event": "e-1", "title": "Pelatihan", "by": "Meja 2", "fields": ["rule"]},
        )
    window, cli = both(db)
    assert window == cli
    codes = {code for code, _params in cli.problem_codes}
    assert codes == {
        "last_error",
        "repeated_failure",
        "set_aside",
        "pulled_waiting",
        "clock_warning",
        "settings_replaced",
        "not_encrypted",
    }
    assert cli.enrolled and cli.online is False and cli.next_attempt_at is not None
    assert cli.clock_skew_seconds == 412.5 and not cli.all_at_hq


def test_all_at_hq_reads_the_same(db):
    setup_desk(db, office_code="SULTENG", desk_name="Meja 1", operator="test")
    with db.write() as session:
        session.connection().exec_driver_sql("UPDATE outbox SET state = 'acknowledged'")
        top = session.connection().exec_driver_sql("SELECT MAX(seq) FROM outbox").scalar()
        set_setting(session=session, key=Keys.VERIFIED_SEQ, value=str(top))
    window, cli = both(db)
    assert window == cli and cli.all_at_hq


def test_the_reader_steps_aside_for_a_desk_that_needs_writing(data_dir: Path, db):
    key = db.key
    assert open_reader(data_dir / "nowhere", key=key) is None  # no database yet
    with db.write() as session:
        session.connection().exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")
    assert open_reader(data_dir, key=key) is None  # older schema: Database migrates it


def test_sync_status_loads_no_sql_layer(data_dir):
    database = Database(data_dir)
    try:
        setup_desk(database, office_code="SULTENG", desk_name="Meja 1", operator="test")
    finally:
        database.close()
    packages = imported_by(data_dir, "sync", "status", "--json")
    assert not packages & (SQL | {"pydantic", "alembic", "requests"})
    assert "sqlcipher3" in packages  # it did read the encrypted desk
