"""The withdrawal end to end on both HQ databases: a real desk (encrypted SQLite) imports a Zoom
report, syncs over HTTP to HQ on 127.0.0.1 (a SQLite file, then a PostgreSQL schema), removes the
report and syncs again; HQ keeps the file, marked withdrawn."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.core import online
from desktop.core.db import Database
from desktop.core.desk import set_setting
from desktop.core.sync.enrollment import enroll
from desktop.core.sync.run import run_sync
from desktop.core.sync.status import retry_set_aside, set_aside
from sync.hq.db import read_session
from sync.hq.models import OnlineAttendance, OnlineReport
from tests.desktop.helpers import NIP_AHMAD, NIP_BUDI, make_event, register
from tests.hq.helpers import Hq
from tests.sync.helpers import FAST

REPORT = (
    Path(__file__).resolve().parents[1]
    / "desktop"
    / "fixtures"
    / "online"
    / "zoom_basic_bom_ampm.csv"
)


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
            online.remove_online_report(
                session=session,
                report_id=imported.report_id,
                operator="kepala",
                reason="Laporan acara lain",
            )
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


def test_an_older_hq_sets_the_removal_aside_until_it_is_upgraded(
    hq: Hq, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An HQ of the previous version has no handler for the new kind: it answers that one item
    "invalid: unknown record kind" and stores the rest; the desk keeps the removal set aside with
    that reason, and "send again" after HQ's upgrade delivers it."""
    from sync.hq import ingest

    older = {k: v for k, v in ingest.HANDLERS.items() if k != "online_report_removal"}
    desk = Database(tmp_path / "desk")
    try:
        with desk.write() as session:
            for key, value in FAST.items():
                set_setting(session=session, key=key, value=value)
        enroll(desk, server_url=hq.url, code=hq.enrollment_code("SULTENG"), desk_name="Meja 1")
        event_id = make_event(desk)
        register(desk, event_id, "Budi Santoso", NIP_BUDI)
        with desk.write() as session:
            imported = online.import_online_report(
                session=session, event_id=event_id, path=REPORT, operator="rina"
            )
            online.remove_online_report(
                session=session,
                report_id=imported.report_id,
                operator="kepala",
                reason="salah acara",
            )
        with monkeypatch.context() as patch:
            patch.setattr(ingest, "HANDLERS", older)
            first = run_sync(desk)
        assert first.set_aside == 1 and first.pending == 0, first
        [aside] = set_aside(desk)
        assert aside.kind == "online_report_removal"
        assert "unknown record kind 'online_report_removal'" in aside.reason
        assert _withdrawn_by(hq) == ""  # the report itself was stored
        assert retry_set_aside(desk) == 1  # HQ upgraded: the operator sends it again
        second = run_sync(desk)
        assert second.outcome == "ok" and second.set_aside == 0 and second.pending == 0, second
    finally:
        desk.close()
    assert _withdrawn_by(hq) == "kepala"


def _withdrawn_by(hq: Hq) -> str:
    with read_session(hq.engine) as session:
        return str(session.execute(select(OnlineReport)).scalars().one().withdrawn_by)
