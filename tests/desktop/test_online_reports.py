"""Attendance reports as offices really receive them (issue 13 items 8-12, issue 16 roles):
Zoom in Indonesian, re-saved as XLSX, Teams, day-first 12-hour dates, several meetings in one
file, waiting rooms, unique users, hosts, panelists and dial-ins. Fixtures and where their layouts
come from: tests/desktop/fixtures/online/README.md."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.core import online, registry
from desktop.core.errors import ImportRefused
from desktop.core.importers.online_reports import (
    DateOrder,
    ReportVariant,
    Role,
    detect_date_order,
    header_languages,
    read_online_report,
    teams_name,
)
from desktop.services import online as online_service
from tests.desktop.helpers import NIP_SITI, hybrid_event, recent_audit, register

FIXTURES = Path(__file__).parent / "fixtures" / "online"
WITA = "Asia/Makassar"


@pytest.fixture
def hybrid(db):
    return hybrid_event(db)


@pytest.fixture
def fifth_of_november(db):
    """An event on 5 Nov 2026, 08.00-16.00 WITA: "05/11/2026" reads as 5 Nov or 11 May."""
    with db.write() as session:
        event = registry.create_event(
            session=session,
            office_code="SULTENG",
            title="Rapat Koordinasi HAM",
            starts_at=datetime(2026, 11, 5, 8, 0),
            ends_at=datetime(2026, 11, 5, 16, 0),
            timezone=WITA,
            mode="hybrid",
            venue="Aula Kanwil",
            jp=8,
        )
        event_id = event.id
    people = {
        "dewi": register(
            db, event_id, "Dewi Lestari", None, email="dewi@example.go.id", asn_status="NON_ASN"
        ),
        "siti": register(db, event_id, "Siti Nurhaliza, S.E.", NIP_SITI),
    }
    return event_id, people


def run(db, event, path, **kwargs):
    """An import through the front door (desktop/services/online.py), which writes the audit line."""
    return online_service.run_import(db, event_id=event, path=path, operator="rina", **kwargs)


def minutes(db, event):
    with db.session() as session:
        return online.online_minutes(session=session, event_id=event)


def people_count(db, event):
    with db.session() as session:
        return online.summarise(session=session, event_id=event).people


# --------------------------------------------------------------------------- 8. languages, XLSX


def test_the_header_table_is_data_with_english_and_indonesian():
    table = header_languages()
    assert table["waktu bergabung"] == ("join time", "id")
    assert table["join time"] == ("join time", "en")
    languages = {language for _, language in table.values()}
    assert {"en", "id"} <= languages


def test_zoom_in_indonesian_reads_like_english(db, fifth_of_november):
    event, people = fifth_of_november
    report = read_online_report(
        FIXTURES / "zoom_indonesian_dmy_ampm.csv", timezone=WITA, event_dates=[date(2026, 11, 5)]
    )
    assert report.variant is ReportVariant.ZOOM_WITH_MEETING and report.language == "id"
    assert (report.meeting_id, report.topic) == ("84512345678", "Rapat Koordinasi HAM")
    assert report.date_order is DateOrder.DAY_FIRST
    # The waiting-room row is not attendance, and it is said so, not dropped silently.
    assert [s["code"] for s in report.skipped] == ["online_waiting_room"]
    assert {s.display_name: s.role for s in report.segments if s.role is not Role.ATTENDEE} == {
        "Operator Kanwil": Role.HOST,
        "+62 812-4455-6677": Role.DIAL_IN,
    }
    summary = run(db, event, FIXTURES / "zoom_indonesian_dmy_ampm.csv")
    got = minutes(db, event)
    assert got[people["dewi"]] == 180  # 08.02.44 to 11.02.44 on 5 November
    assert (
        got[people["siti"]] == 90
    )  # 08.30-10.00; her 08.00-08.30 in the waiting room does not count
    assert [(d["name"], d["role"]) for d in summary.for_decision] == [
        ("+62 812-4455-6677", "dial-in"),
        ("Operator Kanwil", "host"),
    ]
    assert all(d["key"] for d in summary.for_decision)


def test_a_language_hadir_does_not_know_is_refused_with_what_to_do(db, hybrid):
    event, _ = hybrid
    with pytest.raises(ImportRefused) as refused:
        run(db, event, FIXTURES / "zoom_italian.csv")
    assert refused.value.code == "online_unknown_language"
    assert "zoom_italian.csv" in str(refused.value)
    assert "export again with the Zoom portal in English" in str(refused.value)
    assert people_count(db, event) == 0
    with pytest.raises(ImportRefused) as other:
        run(db, event, FIXTURES / "not_a_report.csv")
    assert other.value.code == "online_unknown_report"


def _as_xlsx(source: Path, target: Path) -> Path:
    """What Excel makes of a Zoom CSV when the clerk presses Save: times become date cells,
    minutes numbers."""
    workbook = Workbook()
    sheet = workbook.active
    with source.open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.reader(handle)):
            if number:
                row[2:4] = [datetime.strptime(v, "%m/%d/%Y %I:%M:%S %p") for v in row[2:4]]  # type: ignore[call-overload]
                row[4] = int(row[4])  # type: ignore[call-overload]
            sheet.append(row)
    workbook.save(target)
    return target


def test_a_zoom_report_saved_as_xlsx_reads_like_its_csv(db, hybrid, tmp_path):
    event, people = hybrid
    source = FIXTURES / "zoom_basic_bom_ampm.csv"
    book = _as_xlsx(source, tmp_path / "zoom_basic.xlsx")
    from_csv = read_online_report(source, timezone=WITA)
    from_xlsx = read_online_report(book, timezone=WITA)

    def rows(report):
        return [
            (s.display_name, s.original_name, s.email, s.guest, s.join, s.leave)
            for s in report.segments
        ]

    assert rows(from_xlsx) == rows(from_csv) and len(rows(from_csv)) == 6
    run(db, event, book)
    assert minutes(db, event)[people["ahmad"]] == 250  # as test_online.py finds from the CSV


# --------------------------------------------------------------------------- 9. Teams


def test_teams_report_counts_the_in_meeting_intervals(db, hybrid):
    event, people = hybrid
    report = read_online_report(
        FIXTURES / "teams_attendance_utf16.csv", timezone=WITA, event_dates=[date(2026, 11, 24)]
    )
    assert report.variant is ReportVariant.TEAMS and report.topic == "Penguatan Kapasitas HAM"
    assert len([s for s in report.segments if s.email == "dewi@example.go.id"]) == 2  # activities
    summary = run(db, event, FIXTURES / "teams_attendance_utf16.csv")
    got = minutes(db, event)
    # 08.02.44-10.00.00 and 11.02.00-13.00.00: the break between is not counted (the
    # Participants section's 3h 55m 17s would hide where it was).
    assert got[people["dewi"]] == (7036 + 7080) // 60
    assert got[people["ahmad"]] == 60  # a presenter who is registered counts
    assert {(d["name"], d["role"]) for d in summary.for_decision} == {
        ("Operator Kanwil", "host"),
        ("+62 812 4455 6677", "dial-in"),
    }
    assert summary.warnings == []


def test_teams_report_resaved_by_excel(db, hybrid):
    event, people = hybrid
    summary = run(db, event, FIXTURES / "teams_excel_semicolon_cp1252.csv")
    got = minutes(db, event)
    assert got[people["dewi"]] == 235  # from 08.02 for her 3h 55m 17s: no intervals to go on
    assert got[people["siti"]] == 60  # "Nurhaliza, Siti": matched by name, first name first
    assert [w["code"] for w in summary.warnings] == ["online_teams_no_intervals"]


def test_teams_last_first_names():
    assert teams_name("Lestari, Dewi") == "Dewi Lestari"
    assert teams_name("Budi Santoso, S.H.") == "Budi Santoso, S.H."
    assert teams_name("Budi Santoso, SH") == "Budi Santoso, SH"


# --------------------------------------------------------------------------- 10. date order


def test_day_first_with_a_12_hour_clock_takes_the_event_dates():
    values = ["05/11/2026 08:02:44 AM", "05/11/2026 11:02:44 AM"]
    assert detect_date_order(values, event_dates=[date(2026, 11, 5)]) is DateOrder.DAY_FIRST
    assert detect_date_order(values, event_dates=[date(2026, 5, 11)]) is DateOrder.MONTH_FIRST
    assert detect_date_order(values) is DateOrder.MONTH_FIRST  # nothing to go on: a US export


def test_the_operator_overrides_the_date_order(db, fifth_of_november):
    event, _ = fifth_of_november
    # Read as month first, the file is about 11 May: nobody in the event's hours, nothing stored.
    with pytest.raises(ImportRefused, match="event's hours"):
        run(db, event, FIXTURES / "zoom_indonesian_dmy_ampm.csv", date_order="mdy")
    assert people_count(db, event) == 0
    run(db, event, FIXTURES / "zoom_indonesian_dmy_ampm.csv", date_order="dmy")
    assert people_count(db, event) > 0


# --------------------------------------------------------------------------- 11. several meetings


def test_a_file_with_several_meetings_is_refused_listing_them(db, hybrid):
    event, _ = hybrid
    with pytest.raises(ImportRefused) as refused:
        run(db, event, FIXTURES / "zoom_meeting_history_two_meetings.csv")
    assert refused.value.code == "online_several_meetings"
    assert [(m["id"], m["topic"]) for m in refused.value.params["meetings"]] == [
        ("81234567890", "Penguatan Kapasitas HAM"),
        ("87654321098", "Rapat Internal Subbag Umum"),
    ]
    assert "--meeting" in str(refused.value) and "zoom_meeting_history" in str(refused.value)
    assert people_count(db, event) == 0
    with pytest.raises(ImportRefused) as missing:
        run(db, event, FIXTURES / "zoom_meeting_history_two_meetings.csv", meeting_ids=["111"])
    assert missing.value.code == "online_meeting_not_found"


def test_only_the_chosen_meeting_counts(db, hybrid):
    event, people = hybrid
    summary = run(
        db, event, FIXTURES / "zoom_meeting_history_two_meetings.csv", meeting_ids=["812 3456 7890"]
    )
    got = minutes(db, event)
    assert got[people["dewi"]] == 220  # 08.20-12.00; 08.00-08.20 was the waiting room
    assert got[people["budi"]] == 120
    assert people["siti"] not in got  # she was only in the other meeting
    assert [(d["name"], d["role"]) for d in summary.for_decision] == [("Operator Kanwil", "host")]
    assert [s.get("code") for s in summary.skipped] == ["online_waiting_room"]


# --------------------------------------------------------------------------- 12. unique users


def test_unique_users_is_imported_with_a_warning(db, hybrid):
    event, people = hybrid
    summary = run(db, event, FIXTURES / "zoom_unique_users.csv")
    assert minutes(db, event)[people["dewi"]] == 200
    assert [w["code"] for w in summary.warnings] == ["online_totals_only"]
    assert "cannot be limited to the event's hours" in summary.as_dict()["warnings"][0]["message"]


# --------------------------------------------------------------------------- 16. roles


def test_webinar_panelists_count_and_the_host_is_for_decision(db, hybrid):
    event, people = hybrid
    narasumber = register(
        db, event, "Narasumber", None, email="narsum@example.id", asn_status="NON_ASN"
    )
    summary = run(db, event, FIXTURES / "zoom_webinar.csv")
    got = minutes(db, event)
    assert got[narasumber] == 120 and got[people["dewi"]] == 360
    assert [(d["name"], d["role"]) for d in summary.for_decision] == [("Host Kanwil", "host")]


# --------------------------------------------------------------------------- the command line


def test_cli_meeting_date_order_warnings_and_decisions(data_dir, tmp_path):
    from tests.desktop.test_cli import last_json
    from tests.desktop.test_cli import run as cli

    event = str(
        last_json(
            cli(
                data_dir,
                "event",
                "create",
                "--title",
                "Penguatan Kapasitas HAM",
                "--start",
                "2026-11-24T08:00",
                "--end",
                "2026-11-24T16:00",
                "--timezone",
                WITA,
                "--mode",
                "hybrid",
                "--venue",
                "Aula",
                "--jp",
                "8",
                "--office",
                "SULTENG",
                "--json",
            )
        )["event_id"]
    )
    people = tmp_path / "peserta.csv"
    people.write_text("Nama,Email\nDewi Lestari,dewi@example.go.id\n", encoding="utf-8")
    cli(data_dir, "import", "participants", str(people), "--event", event)
    history = str(FIXTURES / "zoom_meeting_history_two_meetings.csv")
    refused = cli(data_dir, "online", "import", history, "--event", event, ok=False)
    assert refused.returncode == 1
    assert "81234567890" in refused.stderr and "87654321098" in refused.stderr
    assert "Rapat Internal Subbag Umum" in refused.stderr and "--meeting" in refused.stderr
    summary = last_json(
        cli(
            data_dir,
            "online",
            "import",
            history,
            "--event",
            event,
            "--meeting",
            "81234567890",
            "--json",
        )
    )
    assert [(d["name"], d["role"]) for d in summary["for_decision"]] == [
        ("Operator Kanwil", "host")
    ]
    assert summary["warnings"] == [] and summary["matched"] == 1
    # The role stays visible after the import; the file's other meeting is another report.
    listed = cli(data_dir, "online", "list", "--event", event).stdout
    assert any("Operator Kanwil" in line and "role=host" in line for line in listed.splitlines())
    other = last_json(
        cli(
            data_dir,
            "online",
            "import",
            history,
            "--event",
            event,
            "--meeting",
            "87654321098",
            "--json",
        )
    )
    assert other["already_imported"] is False and other["report_id"] != summary["report_id"]
    totals = last_json(
        cli(
            data_dir,
            "online",
            "import",
            str(FIXTURES / "zoom_unique_users.csv"),
            "--event",
            event,
            "--json",
        )
    )
    assert [w["code"] for w in totals["warnings"]] == ["online_totals_only"]
    # --date-order: read month first, this report's 24/11 cannot be a date; read day first, fine.
    teams = str(FIXTURES / "teams_excel_semicolon_cp1252.csv")
    wrong = cli(
        data_dir, "online", "import", teams, "--event", event, "--date-order", "mdy", ok=False
    )
    assert wrong.returncode == 1 and "teams_excel_semicolon_cp1252.csv" in wrong.stderr
    right = last_json(
        cli(data_dir, "online", "import", teams, "--event", event, "--date-order", "dmy", "--json")
    )
    assert [w["code"] for w in right["warnings"]] == ["online_teams_no_intervals"]


def test_outside_the_event_hours_has_a_code_the_window_translates(db, fifth_of_november):
    from desktop.ui.i18n import code_text

    event, _ = fifth_of_november
    with pytest.raises(ImportRefused) as refused:
        run(db, event, FIXTURES / "zoom_indonesian_dmy_ampm.csv", date_order="mdy")
    assert refused.value.code == "online_outside_hours"
    assert refused.value.params["start"] == "05-11-2026 08.00"
    text = code_text(refused.value.code, refused.value.params)
    assert (
        text is not None and "zoom_indonesian_dmy_ampm.csv" in text and "05-11-2026 08.00" in text
    )


def test_a_zoom_report_resaved_by_excel_as_semicolon_csv(db, hybrid):
    event, people = hybrid
    report = read_online_report(FIXTURES / "zoom_excel_semicolon_cp1252.csv", timezone=WITA)
    assert report.variant is ReportVariant.ZOOM_PARTICIPANTS and len(report.segments) == 4
    assert report.segments[2].display_name == "Siti Nurhaliza \u2013 Dinsos"  # cp1252 en dash
    run(db, event, FIXTURES / "zoom_excel_semicolon_cp1252.csv")
    got = minutes(db, event)
    assert got[people["ahmad"]] == 122 + 125  # 08.00 (clipped) to 10.02, 10.05 to 12.10
    assert got[people["dewi"]] == 150
    # Excel's autocorrect made " - " an en dash: still "Nama - Instansi", so she is matched.
    assert got[people["siti"]] == 30


def test_month_names_in_english_and_indonesian():
    from desktop.core.importers.online_reports import parse_local_time

    order = DateOrder.DAY_FIRST
    assert parse_local_time("Nov 24, 2026 10:00 AM", order=order) == datetime(2026, 11, 24, 10, 0)
    assert parse_local_time("24 Nov 2026 08.00", order=order) == datetime(2026, 11, 24, 8, 0)
    assert parse_local_time("5 Mei 2026 13:30:15", order=order) == datetime(2026, 5, 5, 13, 30, 15)
    assert parse_local_time("17 Agu 2026 08:00", order=order) == datetime(2026, 8, 17, 8, 0)
    with pytest.raises(ValueError, match="unknown month"):
        parse_local_time("24 Xyz 2026 08:00", order=order)


def test_a_webinar_report_in_indonesian(db, hybrid, tmp_path):
    """The webinar layout with the Indonesian portal's words (section titles included)."""
    event, people = hybrid
    english = (FIXTURES / "zoom_webinar.csv").read_text(encoding="utf-8")
    words = {
        "Host Details": "Detail Host",
        "Panelist Details": "Detail Panelis",
        "Attendee Details": "Detail Peserta",
        "Attended,": "Hadir,",
        "User Name (Original Name)": "Nama Pengguna (Nama Asli)",
        "First Name": "Nama Depan",
        "Last Name": "Nama Belakang",
        "Join Time": "Waktu Bergabung",
        "Leave Time": "Waktu Keluar",
        "Time in Session (minutes)": "Waktu dalam Sesi (Menit)",
        "Is Guest": "Adalah Tamu",
        "\nYes,": "\nYa,",
        "\nNo,": "\nTidak,",
    }
    for en, id_ in words.items():
        english = english.replace(en, id_)
    path = tmp_path / "webinar_id.csv"
    path.write_text(english, encoding="utf-8")
    report = read_online_report(path, timezone=WITA)
    assert report.variant is ReportVariant.ZOOM_WEBINAR and report.language == "id"
    assert sorted(s.role.value for s in report.segments) == [
        "attendee",
        "attendee",
        "host",
        "panelist",
    ]
    run(db, event, path)
    assert minutes(db, event)[people["dewi"]] == 360


def test_a_broken_csv_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "rusak.csv"
    path.write_text('Name (Original Name),Join Time,Leave Time\n"' + "a" * 200_000 + "\n")
    with pytest.raises(ImportRefused, match=r"rusak\.csv: the file cannot be read as CSV"):
        read_online_report(path, timezone=WITA)


def test_a_teams_report_in_another_language_says_to_download_it_in_english(tmp_path):
    from desktop.ui.i18n import code_text

    teams = (FIXTURES / "teams_attendance_utf16.csv").read_text(encoding="utf-16")
    for en, other in {
        "1. Summary": "1. Ringkasan",
        "2. Participants": "2. Peserta Rapat",
        "3. In-Meeting activities": "3. Aktivitas dalam rapat",
        "First Join": "Gabung Pertama",
        "Last Leave": "Keluar Terakhir",
        "Join Time": "Waktu Gabung",
        "Leave Time": "Waktu Pergi",
    }.items():
        teams = teams.replace(en, other)
    path = tmp_path / "kehadiran.csv"
    path.write_text(teams, encoding="utf-16")
    with pytest.raises(ImportRefused) as refused:
        read_online_report(path, timezone=WITA)
    assert refused.value.code == "online_unknown_language"
    assert "with Teams set to English" in str(refused.value)
    text = code_text(refused.value.code, refused.value.params)
    assert text is not None and "Teams berbahasa Inggris" in text and "kehadiran.csv" in text


# --------------------------------------------------------------------------- kept after the import


def test_roles_are_kept_and_shown_after_the_import(db, hybrid):
    """The reader's roles are stored with the rows: `online list` (and the Daring screen) says who
    was the host or a caller long after the import result is gone."""
    event, _ = hybrid
    run(db, event, FIXTURES / "zoom_webinar.csv")
    with db.session() as session:
        roles = {p["name"]: p["role"] for p in online.list_people(session=session, event_id=event)}
    assert roles["Host Kanwil"] == "host" and roles["Narasumber"] == "panelist"
    assert roles["Dewi Lestari"] == "attendee"
    with db.write() as session:  # a rebuild (any later import or decision) keeps them
        online.rebuild(session=session, event_id=event)
    with db.session() as session:
        again = {p["name"]: p["role"] for p in online.list_people(session=session, event_id=event)}
    assert again == roles


def test_a_host_on_one_row_is_shown_as_host(db, fifth_of_november):
    event, _ = fifth_of_november
    run(db, event, FIXTURES / "zoom_indonesian_dmy_ampm.csv")
    with db.session() as session:
        roles = {p["name"]: p["role"] for p in online.list_people(session=session, event_id=event)}
    assert roles["Operator Kanwil"] == "host" and roles["+62 812-4455-6677"] == "dial-in"
    segments = [
        online.OnlineSegment(
            report_id="r", event_id=event, row=n, display_name="x", original_name="x", role=role
        )
        for n, role in enumerate(("attendee", "host", None))
    ]
    assert online.person_role(segments) == "host"
    assert online.person_role(segments[2:]) is None  # imported before roles were kept


def test_the_same_file_for_another_meeting_is_another_report(db, hybrid):
    """A meeting-history file imported for one meeting, then for the other: both count. The same
    meeting again changes nothing; a choice that repeats an imported meeting is refused."""
    event, people = hybrid
    history = FIXTURES / "zoom_meeting_history_two_meetings.csv"
    first = run(db, event, history, meeting_ids=["81234567890"])
    assert people["siti"] not in minutes(db, event)
    second = run(db, event, history, meeting_ids=["876 5432 1098"])
    assert not second.already_imported and second.report_id != first.report_id
    assert minutes(db, event)[people["siti"]] == 60  # 13.00-14.00 in the second meeting
    again = run(db, event, history, meeting_ids=["812 3456 7890"])
    assert again.already_imported and again.report_id == first.report_id
    with pytest.raises(ImportRefused) as both:
        run(db, event, history, meeting_ids=["81234567890", "87654321098"])
    assert both.value.code == "online_meeting_already_imported"
    assert both.value.params["meetings"] == "81234567890"
    with db.session() as session:
        listed = online.list_reports(session=session, event_id=event)
    assert [r["meetings"] for r in listed] == [["81234567890"], ["87654321098"]]
    with db.session() as session:
        lines = [
            json.loads(e.detail)
            for e in recent_audit(session=session)
            if e.action == "online.import"
        ]
    assert sorted(line["meetings"] for line in lines if not line["already_imported"]) == [
        "81234567890",
        "87654321098",
    ]
    assert minutes(db, event)[people["dewi"]] == 220  # counted once


def test_migration_0009_keeps_reports_and_rows_without_roles(db, hybrid):
    """Down to 0008 with an imported report, then up through 0009 (which rebuilds online_report
    and online_segment): the rows stay, their role unknown; the next rebuild says so."""
    from alembic import command
    from sqlalchemy import text

    from desktop.core import db as dbmod

    event, people = hybrid
    run(db, event, FIXTURES / "zoom_meeting_history_two_meetings.csv", meeting_ids=["81234567890"])
    config = dbmod._alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0008")
        columns = [row[1] for row in connection.execute(text("PRAGMA table_info(online_segment)"))]
        assert "role" not in columns
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with db.write() as session:
        online.rebuild(session=session, event_id=event)
    with db.session() as session:
        [report] = online.list_reports(session=session, event_id=event)
        listed = online.list_people(session=session, event_id=event)
    assert report["rows"] == 3 and report["meetings"] == []
    assert {p["role"] for p in listed} == {None}
    assert minutes(db, event)[people["dewi"]] == 220
    # Which meeting that report held is not known: the file stays "already imported", as it was.
    other = run(
        db, event, FIXTURES / "zoom_meeting_history_two_meetings.csv", meeting_ids=["87654321098"]
    )
    assert other.already_imported and people["siti"] not in minutes(db, event)
