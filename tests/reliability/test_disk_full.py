"""A full disk during a check-in or an import: a clear message, and nothing already confirmed is
lost (issue 9, item 3). Two ways to fill it: SQLite's own size limit (always), and a real 3 MB
tmpfs (where this machine lets root mount one, as CI's does)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import event, text

from desktop.core import attendance
from desktop.core.backup import check_file
from desktop.core.db import Database, DiskFull
from desktop.core.demo import make_people
from desktop.core.importers.preregistration import import_preregistration
from tests.desktop.helpers import desk, make_event, register
from tests.perf.bench_desk_core import write_csv


def _limit_pages(db: Database, pages: int) -> None:
    @event.listens_for(db.engine, "connect")
    def _cap(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    db.engine.dispose()  # new connections get the cap


def checkins(db: Database) -> int:
    with db.session() as session:
        return int(session.connection().execute(text("SELECT COUNT(*) FROM checkin")).scalar_one())


def fill_until_full(db: Database, event_id: str, tmp_path: Path) -> list[str]:
    """Check people in one by one until the disk is full; returns who was confirmed."""
    confirmed = []
    for n in range(100_000):
        person = register_or_full(db, event_id, n)
        if person is None:
            break
        try:
            with db.write() as session:
                attendance.check_in(
                    session=session,
                    event_id=event_id,
                    participant_id=person,
                    day=1,
                    desk=desk(db),
                    operator="rina",
                )
        except DiskFull:
            break
        confirmed.append(person)
    return confirmed


def register_or_full(db: Database, event_id: str, n: int) -> str | None:
    try:
        return register(db, event_id, f"Peserta Nomor {n} " + "x" * 200, None, instansi="y" * 300)
    except DiskFull:
        return None


def test_size_limit_full_during_checkins_and_import(db, tmp_path, record_figure):
    event = make_event(db)
    with db.session() as session:
        used = session.connection().execute(text("PRAGMA page_count")).scalar_one()
    _limit_pages(db, used + 60)
    confirmed = fill_until_full(db, event, tmp_path)
    assert confirmed, "some check-ins fit before the disk filled"
    with pytest.raises(DiskFull, match="disk is full"):
        source = tmp_path / "big.csv"
        write_csv(source, make_people(3000, office_code="SULTENG"))
        with db.write() as session:
            import_preregistration(session=session, event_id=event, desk_id="d", path=source)
    assert checkins(db) == len(confirmed)  # every confirmed check-in is still there
    db.close()
    assert check_file(db.path, key=db.key, quick=False) is None
    record_figure(
        "disk_full.size_limit",
        confirmed_before_full=len(confirmed),
        lost=0,
        refused_import_rows=3000,
        integrity="ok",
    )


@pytest.fixture
def tiny_disk(tmp_path):
    mount = tmp_path / "tiny"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.skip(
            f"cannot mount a tmpfs here ({result.stderr.strip()}); the size-limit test covers it"
        )
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_real_full_filesystem(tiny_disk, tmp_path, record_figure):
    db = Database(tiny_disk / "data")
    try:
        event = make_event(db)
        confirmed = fill_until_full(db, event, tmp_path)
        assert confirmed
        assert checkins(db) == len(confirmed)
        stored = checkins(db)
    finally:
        db.close()
    assert check_file(tiny_disk / "data" / "hadir.db", key=db.key, quick=False) is None
    record_figure(
        "disk_full.tmpfs_3mb",
        confirmed_before_full=len(confirmed),
        stored=stored,
        lost=0,
        integrity="ok",
    )
