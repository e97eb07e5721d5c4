"""Online attendance from Zoom and Google Meet exports (../shared/domain/online-attendance.md)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from desktop.core import online
from desktop.core.errors import ImportRefused
from desktop.core.importers.online_reports import (
    DateOrder,
    ReportVariant,
    Role,
    detect_date_order,
    parse_meet_duration,
    read_online_report,
    split_display_name,
)
from tests.desktop.helpers import NIP_AHMAD, NIP_BUDI, NIP_SITI, make_event, register

FIXTURES = Path(__file__).parent / "fixtures" / "online"


@pytest.fixture
def hybrid(db):
    """An event on 24 Nov 2026, 08.00-16.00 WITA, with four registered people."""
    event = make_event(db)
    people = {
        "ahmad": register(db, event, "Dr. H. Ahmad Fauzan, S.H.", NIP_AHMAD, email="ahmad@palu.go.id"),
        "siti": register(db, event, "Siti Nurhaliza, S.E.", NIP_SITI),
        "budi": register(db, event, "Budi Santoso", NIP_BUDI),
        "dewi": register(db, event, "Dewi Lestari", None, email="dewi@example.go.id",
                         asn_status="NON_ASN"),
    }  # fmt: skip
    return event, people


def run(db, event, name, **kwargs):
    with db.write() as session:
        return online.import_online_report(session=session, event_id=event, path=FIXTURES / name,
                                           operator="rina", **kwargs)  # fmt: skip


def minutes(db, event):
    with db.session() as session:
        return online.online_minutes(session=session, event_id=event)


def test_split_display_name_on_the_last_balanced_parentheses():
    assert split_display_name("Budi (Pemkot) (Budi Santoso)") == ("Budi (Pemkot)", "Budi Santoso")
    assert split_display_name("Ahmad HP (Ahmad Fauzan)") == ("Ahmad HP", "Ahmad Fauzan")
    assert split_display_name("Siti (Dinsos") == ("Siti (Dinsos", "Siti (Dinsos")
    assert split_display_name("Dewi") == ("Dewi", "Dewi")


def test_date_order_and_durations():
    assert detect_date_order(["24/11/2026 08:00"], near=None) is DateOrder.DAY_FIRST
    assert detect_date_order(["11/24/2026 08:00"], near=None) is DateOrder.MONTH_FIRST
    assert detect_date_order(["11/05/2026 08:00 AM"], near=None) is DateOrder.MONTH_FIRST
    # Ambiguous without AM/PM: the reading nearest the event wins (5 Nov, not 11 May).
    assert detect_date_order(["05/11/2026 08:00"], near=date(2026, 11, 5)) is DateOrder.DAY_FIRST
    assert parse_meet_duration("1 hr 5 min") == 65
    assert parse_meet_duration("30 sec") == 0.5
    assert parse_meet_duration("1 jam 5 menit") == 65


def test_zoom_basic_report_groups_devices_merges_overlaps_and_matches(db, hybrid):
    event, people = hybrid
    with db.write() as session:
        online.set_online_rule(session=session, event_id=event, min_minutes=240)
    summary = run(db, event, "zoom_basic_bom_ampm.csv")
    got = minutes(db, event)
    # Ahmad: two rejoins by e-mail plus a phone signed in as a guest under his original name;
    # 07.55 is clipped to the 08.00 start; overlaps merged: 08.00-12.10 = 250 min, not 372.
    assert got[people["ahmad"]] == 250
    assert got[people["siti"]] == 30  # renamed "Siti - Dinsos Donggala (Siti Nurhaliza)"
    assert got[people["budi"]] == 480  # NIP in the display name; after 16.00 does not count
    assert summary.people == 4 and summary.matched == 3 and summary.unmatched == 1
    assert summary.unmatched_names == ["Orang Asing"]
    assert summary.eligible == 2  # Ahmad and Budi reach 240 minutes


def test_same_file_twice_changes_nothing_and_a_second_day_adds(db, hybrid):
    event, people = hybrid
    first = run(db, event, "zoom_with_meeting_data_24h.csv")
    again = run(db, event, "zoom_with_meeting_data_24h.csv")
    assert again.already_imported and again.as_dict() | {"already_imported": False} == first.as_dict() | {"skipped": []}
    assert minutes(db, event)[people["dewi"]] == 180  # 13.00-16.10 clipped to 16.00
    run(db, event, "zoom_webinar.csv")  # the same day, morning session from the webinar
    assert minutes(db, event)[people["dewi"]] == 180 + 6 * 60 - 60  # 08-14 merged with 13-16 => 8h
    assert minutes(db, event)[people["dewi"]] == 480


def test_with_meeting_data_variant_and_24h_times(db, hybrid):
    report = read_online_report(FIXTURES / "zoom_with_meeting_data_24h.csv", timezone="Asia/Makassar")
    assert report.variant is ReportVariant.ZOOM_WITH_MEETING
    assert len(report.segments) == 3
    assert report.segments[1].join.hour == 0  # 08.00 WITA is 00.00 UTC


def test_webinar_counts_only_attendees_who_joined(db, hybrid):
    report = read_online_report(FIXTURES / "zoom_webinar.csv", timezone="Asia/Makassar")
    assert report.variant is ReportVariant.ZOOM_WEBINAR
    # Attendees count only when they joined (no no-show); the panelist and the host are read
    # with their role: the panelist counts, the host is listed for a decision (online.py).
    attendees = [s for s in report.segments if s.role is Role.ATTENDEE]
    assert {s.email for s in attendees} == {"dewi@example.go.id"} and len(attendees) == 2
    assert {(s.email, s.role) for s in report.segments if s.role is not Role.ATTENDEE} == {
        ("narsum@example.id", Role.PANELIST), ("host@kemenham.go.id", Role.HOST)}  # fmt: skip
    assert "absen@example.go.id" not in {s.email for s in report.segments}


def test_unique_users_report_uses_totals(db, hybrid):
    event, people = hybrid
    summary = run(db, event, "zoom_unique_users.csv")
    assert minutes(db, event)[people["dewi"]] == 200
    assert summary.unmatched_names == ["Nurul Hasanah"]


def test_google_meet_takes_the_date_from_the_file_name(db, hybrid):
    event, people = hybrid
    summary = run(db, event, "2026-11-24 08:00 Penguatan HAM - Attendance Report.csv")
    got = minutes(db, event)
    assert got[people["dewi"]] == 210
    assert got[people["siti"]] == 45  # matched by name (her registration has no e-mail)
    assert summary.unmatched_names == ["Tamu Undangan"]


def test_percent_rule(db, hybrid):
    event, _ = hybrid
    with db.write() as session:
        online.set_online_rule(session=session, event_id=event, min_percent=50)  # of 480 = 240
    summary = run(db, event, "zoom_basic_bom_ampm.csv")
    assert summary.eligible == 2


def test_operator_resolves_unmatched_people_and_decisions_survive_reimport(db, hybrid):
    event, _ = hybrid
    run(db, event, "zoom_basic_bom_ampm.csv")
    with db.write() as session:
        stranger = next(p for p in online.list_people(session=session, event_id=event)
                        if p["match"] == "unmatched")  # fmt: skip
        resolved = online.resolve(session=session, event_id=event, person_key=stranger["key"],
                                  register_new=True)  # fmt: skip
    assert resolved.match == "new" and resolved.participant_id
    run(db, event, "zoom_unique_users.csv")  # another import rebuilds everyone
    with db.session() as session:
        summary = online.summarise(session=session, event_id=event)
    assert "Orang Asing" not in summary.unmatched_names
    assert minutes(db, event)[resolved.participant_id] == 20


def test_doubtful_when_two_registrations_share_a_name(db, hybrid):
    event, _ = hybrid
    register(db, event, "Siti Nurhaliza", "199203152019032001")  # a second Siti Nurhaliza
    summary = run(db, event, "zoom_basic_bom_ampm.csv")
    assert summary.doubtful == 1 and summary.doubtful_names == ["Siti Nurhaliza"]


def test_files_that_are_not_reports_are_refused(db, hybrid, tmp_path):
    event, _ = hybrid
    with pytest.raises(ImportRefused, match="Zoom participants report"):
        run(db, event, "not_a_report.csv")
    # The right format on the wrong day: nobody inside the event's hours.
    wrong_day = tmp_path / "zoom.csv"
    text = (FIXTURES / "zoom_with_meeting_data_24h.csv").read_text().replace("24/11/2026", "01/12/2026")
    wrong_day.write_text(text)
    with pytest.raises(ImportRefused, match="event's hours"), db.write() as session:
        online.import_online_report(session=session, event_id=event, path=wrong_day, operator="x")
    with db.session() as session:
        assert online.summarise(session=session, event_id=event).people == 0


def test_a_report_in_another_zone(db, hybrid, tmp_path):
    event, people = hybrid
    # Exported from an account set to WIB (UTC+7): 07.00-11.00 WIB is 08.00-12.00 WITA.
    path = tmp_path / "wib.csv"
    shutil.copy(FIXTURES / "zoom_with_meeting_data_24h.csv", path)
    path.write_text(path.read_text().replace("24/11/2026 08:00,24/11/2026 12:00",
                                             "24/11/2026 07:00,24/11/2026 11:00"))  # fmt: skip
    with db.write() as session:
        online.import_online_report(session=session, event_id=event, path=path, operator="x",
                                    timezone="Asia/Jakarta")  # fmt: skip
    # Rahmat is not registered; Dewi: 13.00-16.10 WIB = 14.00-17.10 WITA, clipped to 16.00.
    assert minutes(db, event)[people["dewi"]] == 120
