"""The withdrawal end to end on both HQ databases: a real desk (encrypted SQLite) imports a Zoom
report, syncs over HTTP to HQ on 127.0.0.1 (a SQLite file, then a PostgreSQL schema), removes the
report and syncs again; HQ keeps the file, marked withdrawn."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from desktop.core import online
from desktop.core.db import Database
from desktop.core.desk import set_setting
from desktop.core.sync_service import enroll, run_sync
from sync.hq.db import read_session
from sync.hq.models import OnlineAttendance, OnlineReport
from tests.desktop.helpers import NIP_AHMAD, NIP_BUDI, make_event, register
from tests.hq.helpers import Hq
from tests.sync.helpers import FAST

REPORT = Path(__file__).resolve().parents[1] / "desktop" / "fixtures" / "online" / "zoom_basic_bom_ampm.csv"  # fmt: skip


def test_a_desk_withdraws_a_report_at_hq(hq: Hq, tmp_path: Path) -> None:
    desk = Database(tmp_path / "desk")
    try:
        with desk.write() as session:
            for key, value in FAST.items():
                set_setting(session=session, key=key, value=value)
        enroll(desk, server_url=hq.url, code=hq.enrollment_code("SULTENG"), desk_name="Meja 1")
        event_id = make_event(desk)
        register(desk, event_id, "Dr. H. Ahmad Fauzan, S.H.", NIP_AHMAD, email="ahmad@palu.go.id")
        register(desk, event_id, "Budi Santoso", NIP_BUDI)
        with desk.write() as session:
            online.set_online_rule(session=session, event_id=event_id, min_minutes=240)
            imported = online.import_online_report(
                session=session, event_id=event_id, path=REPORT, operator="rina"
            )
        assert run_sync(desk).outcome == "ok"
        with desk.write() as session:
            online.remove_online_report(session=session, report_id=imported.report_id,
                                        operator="kepala", reason="Laporan acara lain")  # fmt: skip
        report = run_sync(desk)
        assert report.outcome == "ok" and report.pending == 0 and report.set_aside == 0, report
    finally:
        desk.close()
    with read_session(hq.engine) as session:
        stored = session.execute(select(OnlineReport)).scalars().one()
        eligible = [p for p in session.execute(select(OnlineAttendance)).scalars() if p.eligible]
    assert stored.id == imported.report_id and stored.raw == REPORT.read_bytes()
    assert (stored.withdrawn_by, stored.withdrawn_reason) == ("kepala", "Laporan acara lain")
    assert stored.withdrawn_at is not None and eligible == []
