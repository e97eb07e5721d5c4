"""A real desk takes back an online report it had sent to a real HQ (issue 13 item 15): after the
next sync HQ still holds the file, marked withdrawn with who, when and why, and the people whose
minutes came from it no longer count online there."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.core import online
from desktop.core.sync.run import run_sync
from tests.desktop.helpers import NIP_AHMAD, NIP_BUDI, make_event, register
from tests.sync.helpers import assert_hq_holds_exactly

REPORT = (
    Path(__file__).resolve().parents[1]
    / "desktop"
    / "fixtures"
    / "online"
    / "zoom_basic_bom_ampm.csv"
)


def test_a_report_removed_on_the_desk_is_withdrawn_at_hq(desk_factory, hq):
    desk = desk_factory("Meja 1")
    event_id = make_event(desk)
    register(desk, event_id, "Dr. H. Ahmad Fauzan, S.H.", NIP_AHMAD, email="ahmad@palu.go.id")
    register(desk, event_id, "Budi Santoso", NIP_BUDI)
    with desk.write() as session:
        online.set_online_rule(session=session, event_id=event_id, min_minutes=240)
        imported = online.import_online_report(
            session=session, event_id=event_id, path=REPORT, operator="rina"
        )
    assert imported.eligible == 2
    first = run_sync(desk)
    assert first.outcome == "ok" and first.pending == 0 and first.set_aside == 0, first
    assert hq.query("SELECT COUNT(*) FROM online_attendance WHERE eligible") == [(2,)]
    assert hq.query("SELECT withdrawn_at FROM online_report") == [(None,)]

    with desk.write() as session:
        online.remove_online_report(
            session=session,
            report_id=imported.report_id,
            operator="kepala",
            reason="Laporan acara lain",
        )
    second = run_sync(desk)
    assert second.outcome == "ok" and second.pending == 0 and second.set_aside == 0, second
    assert_hq_holds_exactly(hq, [desk])
    [(raw, by, reason, at)] = hq.query(
        "SELECT raw, withdrawn_by, withdrawn_reason, withdrawn_at FROM online_report"
    )
    assert raw == REPORT.read_bytes() and (by, reason) == ("kepala", "Laporan acara lain")
    assert at is not None
    assert hq.query("SELECT COUNT(*) FROM online_attendance WHERE eligible") == [(0,)]
    assert hq.stats()["online"] == 0


def test_a_meet_report_reaches_hq_with_its_day(desk_factory, hq):
    """A Google Meet report has no date inside; the day the clerk gave travels with the file."""
    desk = desk_factory("Meja 1")
    event_id = make_event(desk, days=2)
    register(desk, event_id, "Dewi Lestari", None, email="dewi@example.go.id", asn_status="NON_ASN")
    meet = REPORT.parent / "Penguatan HAM - Attendance Report.csv"
    with desk.write() as session:
        online.import_online_report(
            session=session,
            event_id=event_id,
            path=meet,
            operator="rina",
            meet_date=date(2026, 11, 25),
        )
    report = run_sync(desk)
    assert report.outcome == "ok" and report.set_aside == 0, report
    # (HqProcess.query reads HQ's SQLite file directly: a date is its ISO text there.)
    assert hq.query("SELECT meeting_date, withdrawn_at FROM online_report") == [
        (date(2026, 11, 25).isoformat(), None)
    ]
