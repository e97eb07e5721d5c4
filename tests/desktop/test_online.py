"""Online attendance from Zoom and Google Meet exports (../shared/domain/online-attendance.md)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.core import online
from desktop.core.db import Database
from desktop.core.errors import HadirError, ImportRefused
from desktop.core.importers.online_reports import (
    DateOrder,
    ReportVariant,
    Role,
    detect_date_order,
    parse_meet_duration,
    read_online_report,
    split_display_name,
)
from desktop.core.names import abbreviates, instansi_agrees
from desktop.services import online as online_service
from tests.desktop.helpers import NIP_SITI, hybrid_event, make_event, recent_audit, register
from tests.desktop.test_cli import last_json
from tests.desktop.test_cli import run as cli

FIXTURES = Path(__file__).parent / "fixtures" / "online"


@pytest.fixture
def hybrid(db):
    return hybrid_event(db)


def run(db, event, name, **kwargs):
    """An import through the front door (desktop/services/online.py), which writes the audit line."""
    return online_service.run_import(
        db, event_id=event, path=FIXTURES / name, operator="rina", **kwargs
    )


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
    assert again.already_imported and again.as_dict() | {
        "already_imported": False
    } == first.as_dict() | {"skipped": []}
    assert minutes(db, event)[people["dewi"]] == 180  # 13.00-16.10 clipped to 16.00
    run(db, event, "zoom_webinar.csv")  # the same day, morning session from the webinar
    assert minutes(db, event)[people["dewi"]] == 180 + 6 * 60 - 60  # 08-14 merged with 13-16 => 8h
    assert minutes(db, event)[people["dewi"]] == 480


def test_with_meeting_data_variant_and_24h_times(db, hybrid):
    report = read_online_report(
        FIXTURES / "zoom_with_meeting_data_24h.csv", timezone="Asia/Makassar"
    )
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
        ("narsum@example.id", Role.PANELIST),
        ("host@kemenham.go.id", Role.HOST),
    }
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
        stranger = next(
            p
            for p in online.list_people(session=session, event_id=event)
            if p["match"] == "unmatched"
        )
        resolved = online.resolve(
            session=session, event_id=event, person_key=stranger["key"], register_new=True
        )
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
    text = (
        (FIXTURES / "zoom_with_meeting_data_24h.csv")
        .read_text()
        .replace("24/11/2026", "01/12/2026")
    )
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
    path.write_text(
        path.read_text().replace(
            "24/11/2026 08:00,24/11/2026 12:00", "24/11/2026 07:00,24/11/2026 11:00"
        )
    )
    with db.write() as session:
        online.import_online_report(
            session=session, event_id=event, path=path, operator="x", timezone="Asia/Jakarta"
        )
    # Rahmat is not registered; Dewi: 13.00-16.10 WIB = 14.00-17.10 WITA, clipped to 16.00.
    assert minutes(db, event)[people["dewi"]] == 120


# --------------------------------------------------------------------------- guest names (item 13)


def test_guest_names_as_hosts_ask_for_them():
    for shape in (
        "Budi Santoso (Dinsos Palu)",
        "BUDI SANTOSO_DINSOS PALU",
        "Budi Santoso/Dinsos Palu",
        "Budi Santoso - Dinsos Palu",
        # Word's and Excel's autocorrect make " - " an en dash (or an em dash).
        "Budi Santoso \u2013 Dinsos Palu",
        "Budi Santoso \u2014 Dinsos Palu",
    ):
        current, original = split_display_name(shape)  # what the Zoom reader hands over
        said = online.guest_name(current, original)
        assert (said.names[0], said.instansi) == ("budi santoso", "dinsos palu")
    # Zoom's "(original name)" is a name where its shape says so ...
    assert online.guest_name("Ahmad HP", "Ahmad Fauzan").names == ("ahmad fauzan", "ahmad hp")
    assert online.guest_name("Siti - Dinsos Donggala", "Siti Nurhaliza").names == (
        "siti nurhaliza",
        "siti",
    )
    # ... and never the instansi alone: a NIP in front is not the person either.
    assert online.guest_name("Budi", "Dinsos").names == ("budi",)
    # A cell of 20,000 spaces is read as far as a name can go (splitting it whole took seconds).
    assert online.guest_name("Budi" + " " * 20_000 + "(Dinsos", "x").names == ("budi",)
    # An underscore may also stand for a space: the whole is tried too, after the name part.
    assert online.guest_name("Budi_Santoso", "Budi_Santoso").names == ("budi", "budi santoso")
    assert online.guest_name("197712031999031002 - Budi", "197712031999031002 - Budi").names == (
        "budi",
    )


@pytest.fixture
def guests(db):
    """The event of ``hybrid`` with the guests of zoom_guest_names.csv registered with their instansi
    written out in full, as the pre-registration form had them."""
    event = make_event(db)

    def guest(name, instansi):
        return register(db, event, name, None, asn_status="NON_ASN", instansi=instansi)

    return event, {
        "rahmat": guest("Rahmat Hidayat", "Dinas Sosial Kota Palu"),
        "nurul": guest("Nurul Aini, S.Sos.", "Dinas Sosial Kota Palu"),
        "andi": guest("Andi Baso", "Bappeda Provinsi Sulawesi Tengah"),
        "fitri_bps": guest("Fitri Handayani", "Badan Pusat Statistik Provinsi Sulawesi Tengah"),
        "fitri_dinkes": guest("Fitri Handayani, S.KM.", "Dinas Kesehatan Kabupaten Donggala"),
        "rizky_2": guest("Mochamad Rizky", "Dinas Pendidikan Kota Palu"),
        "rizky": guest("Muhammad Rizky", "Kantor Wilayah Kementerian HAM Sulawesi Tengah"),
        "arif": guest("Mohammad Arif, S.H.", "Biro Hukum Setda Provinsi Sulawesi Tengah"),
    }


def test_two_guests_of_one_instansi_stay_two_people_and_the_instansi_picks_the_registrant(
    db, guests
):
    event, people = guests
    summary = run(db, event, "zoom_guest_names.csv")
    with db.session() as session:
        listed = {p["name"]: p for p in online.list_people(session=session, event_id=event)}
    got = minutes(db, event)
    assert summary.people == 7
    assert got[people["rahmat"]] == 120 and got[people["nurul"]] == 240  # both "(Dinsos Palu)"
    assert got[people["andi"]] == 180  # ANDI BASO_BAPPEDA SULTENG
    # Two registered Fitri Handayani: "BPS Sulteng" and "Dinkes Donggala" say which is which.
    assert got[people["fitri_bps"]] == 60 and got[people["fitri_dinkes"]] == 420
    assert listed["Fitri Handayani/BPS Sulteng"]["match"] == "name"


def test_shortened_first_names_are_candidates_or_a_match_when_only_one_fits(db, guests):
    event, people = guests
    summary = run(db, event, "zoom_guest_names.csv")
    with db.session() as session:
        listed = {p["name"]: p for p in online.list_people(session=session, event_id=event)}
    rizky = listed["M. Rizky (Kanwil Sulteng)"]  # shown as typed: the brackets are no Zoom name
    # "M. Rizky" fits Muhammad Rizky and Mochamad Rizky: both offered, neither chosen; the one of
    # the instansi he wrote ("Kanwil Sulteng": Kantor Wilayah ... Sulawesi Tengah) first.
    assert rizky["match"] == "doubtful"
    assert rizky["candidates"] == [people["rizky"], people["rizky_2"]]
    assert summary.doubtful_names == ["M. Rizky (Kanwil Sulteng)"]
    # "Moh. Arif - Biro Hukum": one registration fits and its instansi agrees.
    assert minutes(db, event)[people["arif"]] == 120


def test_what_the_guest_wrote_agrees_with_the_registered_instansi():
    assert instansi_agrees("BPS Sulteng", "Badan Pusat Statistik Provinsi Sulawesi Tengah")
    assert instansi_agrees("Dinsos Palu", "Dinas Sosial Kota Palu")
    assert instansi_agrees("Bappeda", "Badan Perencanaan Pembangunan Daerah")
    assert not instansi_agrees("Dinkes", "Dinas Sosial Kota Palu")
    assert not instansi_agrees("Palu", "Dinas Sosial Kabupaten Donggala")
    assert not instansi_agrees("", "Dinas Sosial") and not instansi_agrees("Dinsos", "")
    # Repeated letters against repeated words: answered, not tried split by split.
    assert not instansi_agrees("a" * 60 + "b", " ".join(["aa"] * 60))


def test_what_counts_as_a_shortened_first_name():
    assert abbreviates("m rizky", "muhammad rizky") and abbreviates("moh arif", "mohammad arif")
    assert abbreviates("a fauzan", "ahmad fauzan")
    assert not abbreviates("rizky", "muhammad rizky") and not abbreviates(
        "m rizal", "muhammad rizky"
    )
    assert not abbreviates("budi santoso", "budi santoso")  # the same name is a match, not this


# --------------------------------------------------------------------------- several accounts (item 14)


def test_one_person_on_two_accounts_has_their_intervals_merged(db):
    event = make_event(db)
    yusuf = register(
        db, event, "Yusuf Maulana", None, asn_status="NON_ASN", email="yusuf.kantor@kemenham.go.id"
    )
    with db.write() as session:
        online.set_online_rule(session=session, event_id=event, min_minutes=280)
    summary = run(db, event, "zoom_two_accounts.csv")
    with db.session() as session:
        listed = online.list_people(session=session, event_id=event)
    # The office account by e-mail, the phone by its Zoom original name: two identities, one person.
    assert sorted(p["match"] for p in listed) == ["email", "name"]
    assert {p["participant_id"] for p in listed} == {yusuf}
    assert sorted(p["minutes"] for p in listed) == [120, 210]
    # 08.00-10.00 and 09.30-12.00 overlap: 08.00-12.00, then 13.00-14.00: 300 (not 330, not 210).
    assert minutes(db, event)[yusuf] == 300
    assert summary.eligible == 1


def test_a_linked_second_account_adds_its_time(db, hybrid):
    event, people = hybrid
    run(db, event, "zoom_basic_bom_ampm.csv")
    with db.session() as session:
        stranger = next(
            p
            for p in online.list_people(session=session, event_id=event)
            if p["match"] == "unmatched"
        )  # "Orang Asing", 08.00-08.20
    online_service.resolve(
        db,
        event_id=event,
        person_key=stranger["key"],
        operator="rina",
        participant_id=people["siti"],
    )
    # Siti was online 08.30-09.00 under her own name: 20 + 30 minutes, no overlap.
    assert minutes(db, event)[people["siti"]] == 50
    [line] = audit_lines(db, "online.resolve")
    assert line == {
        "event": event,
        "person": stranger["key"],
        "participant": people["siti"],
        "match": "manual",
    }


# --------------------------------------------------------------------------- Meet days, removal (item 15)

MEET_NO_DATE = "Penguatan HAM - Attendance Report.csv"


@pytest.fixture
def two_days(db):
    """24-25 Nov 2026, 08.00-16.00 WITA each day; Dewi and Siti registered."""
    event = make_event(db, days=2)
    people = {
        "dewi": register(
            db, event, "Dewi Lestari", None, email="dewi@example.go.id", asn_status="NON_ASN"
        ),
        "siti": register(db, event, "Siti Nurhaliza, S.E.", NIP_SITI),
    }
    return event, people


def audit_lines(db, action):
    with db.session() as session:
        return [json.loads(e.detail) for e in recent_audit(session=session) if e.action == action]


def test_a_meet_report_without_a_date_on_a_multi_day_event_needs_the_day(db, two_days):
    event, people = two_days
    with pytest.raises(HadirError) as refused:
        run(db, event, MEET_NO_DATE)
    assert refused.value.code == "online_date_needed"
    assert refused.value.params["name"] == MEET_NO_DATE
    assert refused.value.params["days"] == "2026-11-24, 2026-11-25"
    assert MEET_NO_DATE in str(refused.value) and "--date" in str(refused.value)
    with pytest.raises(HadirError) as outside:
        run(db, event, MEET_NO_DATE, meet_date=date(2026, 11, 26))
    assert outside.value.code == "online_date_not_in_event"
    with db.session() as session:
        assert online.list_reports(session=session, event_id=event) == []
    summary = run(db, event, MEET_NO_DATE, meet_date=date(2026, 11, 25))
    assert minutes(db, event) == {people["dewi"]: 210, people["siti"]: 60}
    # The same file for the other day is another report; for the same day again, nothing changes.
    assert not run(db, event, MEET_NO_DATE, meet_date=date(2026, 11, 24)).already_imported
    assert minutes(db, event) == {people["dewi"]: 420, people["siti"]: 120}
    again = run(db, event, MEET_NO_DATE, meet_date=date(2026, 11, 25))
    assert again.already_imported and again.report_id == summary.report_id
    with db.session() as session:
        assert [r["date"] for r in online.list_reports(session=session, event_id=event)] == [
            "2026-11-25",
            "2026-11-24",
        ]
    assert [line["date"] for line in audit_lines(db, "online.import")] == [
        "2026-11-25",
        "2026-11-24",
        "2026-11-25",
    ]


def test_on_a_one_day_event_a_meet_report_is_of_that_day(db, hybrid):
    event, people = hybrid
    run(db, event, MEET_NO_DATE)
    assert minutes(db, event)[people["dewi"]] == 210
    assert [line["date"] for line in audit_lines(db, "online.import")] == ["2026-11-24"]


def test_on_a_multi_day_event_the_file_name_gives_a_meet_report_its_day(db, two_days, tmp_path):
    event, people = two_days
    named = tmp_path / "2026-11-25 08:00 Penguatan HAM - Attendance Report.csv"
    shutil.copy(FIXTURES / MEET_NO_DATE, named)
    with db.write() as session:
        online.import_online_report(session=session, event_id=event, path=named, operator="rina")
    with db.session() as session:
        assert [r["date"] for r in online.list_reports(session=session, event_id=event)] == [
            "2026-11-25"
        ]
    assert minutes(db, event)[people["dewi"]] == 210


def test_removing_a_report_restores_the_minutes_and_is_audited(db, two_days):
    event, people = two_days
    with db.write() as session:
        online.set_online_rule(session=session, event_id=event, min_minutes=400)
    run(db, event, MEET_NO_DATE, meet_date=date(2026, 11, 24))
    with db.session() as session:
        before = online.list_people(session=session, event_id=event)
        queued = session.connection().execute(text("SELECT COUNT(*) FROM outbox")).scalar_one()
    wrong_day = run(db, event, MEET_NO_DATE, meet_date=date(2026, 11, 25))
    assert minutes(db, event)[people["dewi"]] == 420 and wrong_day.eligible == 1
    after = online_service.remove_report(db, report_id=wrong_day.report_id, operator="rina")
    with db.session() as session:
        assert online.list_people(session=session, event_id=event) == before
        assert [r["date"] for r in online.list_reports(session=session, event_id=event)] == [
            "2026-11-24"
        ]
        queued_after = [
            (k, json.loads(p))
            for (k, p) in session.connection().execute(
                text("SELECT kind, payload FROM outbox ORDER BY rowid LIMIT -1 OFFSET :n"),
                {"n": queued},
            )
        ]
    kinds = [kind for kind, _ in queued_after]
    assert minutes(db, event) == {people["dewi"]: 210, people["siti"]: 60} and after.eligible == 0
    # HQ hears of Dewi's result again (no longer eligible), of the removal in the audit log, and
    # that the report is withdrawn; the report itself had gone with its day.
    assert "online_attendance" in kinds and kinds[-2:] == ["audit", "online_report_removal"]
    [sent] = [payload for kind, payload in queued_after if kind == "online_report"]
    assert sent["id"] == wrong_day.report_id and sent["meeting_date"] == "2026-11-25"
    removal = queued_after[-1][1]
    assert (removal["report_id"], removal["event_id"], removal["operator"], removal["reason"]) == (
        wrong_day.report_id,
        event,
        "rina",
        "",
    )
    [line] = audit_lines(db, "online.remove")
    assert (
        line["report"] == wrong_day.report_id and line["date"] == "2026-11-25" and line["rows"] == 2
    )
    with pytest.raises(HadirError) as missing:
        online_service.remove_report(db, report_id=wrong_day.report_id, operator="rina")
    assert missing.value.code == "online_report_not_found"
    # Removed, the file can be imported again (for the right day this time).
    assert not run(db, event, MEET_NO_DATE, meet_date=date(2026, 11, 25)).already_imported


def test_cli_import_needs_the_day_then_lists_and_removes_reports(data_dir, tmp_path):
    """hadir-cli over a real desk, on a two-day event (24-25 Nov, 08.00-12.00)."""
    event_id = str(
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
                "2026-11-25T12:00",
                "--timezone",
                "Asia/Makassar",
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
    csv = tmp_path / "peserta.csv"
    csv.write_text("Nama,Email\nDewi Lestari,dewi@example.go.id\n", encoding="utf-8")
    cli(data_dir, "import", "participants", str(csv), "--event", event_id)
    meet = str(FIXTURES / MEET_NO_DATE)
    refused = cli(data_dir, "online", "import", meet, "--event", event_id, ok=False)
    assert refused.returncode == 1
    assert MEET_NO_DATE in refused.stderr and "2026-11-24, 2026-11-25" in refused.stderr
    first = last_json(
        cli(
            data_dir,
            "online",
            "import",
            meet,
            "--event",
            event_id,
            "--date",
            "2026-11-25",
            "--min-minutes",
            "300",
            "--json",
        )
    )
    second = last_json(
        cli(
            data_dir,
            "online",
            "import",
            meet,
            "--event",
            event_id,
            "--date",
            "2026-11-24",
            "--json",
        )
    )
    assert first["matched"] == 1 and second["eligible"] == 1  # 2 x 210 minutes
    reports = last_json(cli(data_dir, "online", "reports", "--event", event_id, "--json"))
    assert [(r["id"], r["date"], r["rows"]) for r in reports] == [
        (first["report_id"], "2026-11-25", 2),
        (second["report_id"], "2026-11-24", 2),
    ]
    removed = last_json(cli(data_dir, "online", "remove", second["report_id"], "--json"))
    assert removed["eligible"] == 0
    people = last_json(cli(data_dir, "participants", "list", "--event", event_id, "--json"))
    assert [p["online_minutes"] for p in people] == [210]
    missing = cli(data_dir, "online", "remove", second["report_id"], ok=False)
    assert missing.returncode == 1 and second["report_id"] in missing.stderr
    db = Database(data_dir)
    try:
        actions = [e.action for e in recent_audit_of(db)]
    finally:
        db.close()
    assert actions.count("online.import") == 2 and actions.count("online.remove") == 1


def recent_audit_of(db):
    with db.session() as session:
        return recent_audit(session=session)


def test_migration_0008_keeps_reports_and_their_rows(db):
    """Down to 0007 with an imported report, then up again through 0008 (which rebuilds
    online_report and online_segment): every report and row is kept, the day left empty."""
    from alembic import command

    from desktop.core import db as dbmod

    event = make_event(db)
    dewi = register(
        db, event, "Dewi Lestari", None, email="dewi@example.go.id", asn_status="NON_ASN"
    )
    run(db, event, "zoom_with_meeting_data_24h.csv")
    config = dbmod._alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
        columns = [row[1] for row in connection.execute(text("PRAGMA table_info(online_report)"))]
        assert "meeting_date" not in columns
        assert connection.execute(text("SELECT COUNT(*) FROM online_segment")).scalar_one() == 3
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with db.session() as session:
        [report] = online.list_reports(session=session, event_id=event)
    assert report["rows"] == 3 and report["date"] is None
    with db.write() as session:
        online.rebuild(session=session, event_id=event)
    assert minutes(db, event) == {dewi: 180}


def test_wrong_rules_and_decisions_are_refused_with_codes(db, hybrid):
    """Each refusal carries a code and what was wrong, for the window's own sentence."""
    event, _ = hybrid
    cases = [
        (
            lambda s: online.set_online_rule(
                session=s, event_id=event, min_minutes=10, min_percent=50
            ),
            "online_rule_both",
            {},
        ),
        (
            lambda s: online.set_online_rule(session=s, event_id=event, min_percent=150),
            "online_bad_percent",
            {"value": 150},
        ),
        (
            lambda s: online.set_online_rule(session=s, event_id=event, min_minutes=-5),
            "online_negative_minutes",
            {"value": -5},
        ),
        (
            lambda s: online.resolve(
                session=s, event_id=event, person_key="name:nobody", ignore=True
            ),
            "online_person_not_found",
            {"person": "name:nobody"},
        ),
    ]
    run(db, event, "zoom_basic_bom_ampm.csv")
    with db.session() as session:
        key = online.list_people(session=session, event_id=event)[0]["key"]
    cases += [
        (
            lambda s: online.resolve(session=s, event_id=event, person_key=key),
            "online_resolve_choice",
            {},
        ),
        (
            lambda s: online.resolve(
                session=s, event_id=event, person_key=key, participant_id="not-a-participant"
            ),
            "online_not_registered",
            {"participant": "not-a-participant"},
        ),
    ]
    for act, code, params in cases:
        with pytest.raises(HadirError) as refused, db.write() as session:
            act(session)
        assert refused.value.code == code
        assert {k: refused.value.params.get(k) for k in params} == params
