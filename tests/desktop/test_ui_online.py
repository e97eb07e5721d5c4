"""The Daring screen: importing a Zoom report through the dialog, resolving an unmatched person,
minutes and eligibility in the participants view, export to a zip, and e-mail through a real SMTP
server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.app import Desk
from desktop.core import online
from desktop.core.db import Database
from desktop.core.operators import create_operator
from desktop.services.desk import first_start, set_last_event
from desktop.ui.online.texts import role_text
from tests.desktop.helpers import NIP_AHMAD, NIP_BUDI, NIP_SITI, make_event, recent_audit, register
from tests.desktop.test_delivery import smtp_server  # noqa: F401 (a fixture)
from tests.desktop.ui_support import ADMIN, ADMIN_PIN, CLERK, CLERK_PIN, open_desk, sign_in

FIXTURES = Path(__file__).parent / "fixtures" / "online"


@pytest.fixture
def hybrid(db: Database) -> str:
    """An event on 24 Nov 2026, 08.00-16.00 WITA: Ahmad and Budi attend online (Zoom report),
    Siti briefly, Dewi not at all; "Orang Asing" in the report is nobody registered."""
    first_start(db, office_code="SULTENG", desk_name="Meja 2", admin_name=ADMIN, pin=ADMIN_PIN)
    with db.write() as session:
        create_operator(session=session, name=CLERK, pin=CLERK_PIN)
    event = make_event(db)
    register(db, event, "Dr. H. Ahmad Fauzan, S.H.", NIP_AHMAD, email="ahmad@palu.go.id")
    register(db, event, "Siti Nurhaliza, S.E.", NIP_SITI)
    register(db, event, "Budi Santoso", NIP_BUDI, email="budi@example.go.id")
    register(db, event, "Dewi Lestari", None, email="dewi@example.go.id", asn_status="NON_ASN")
    set_last_event(db, event_id=event, operator=ADMIN)
    return event


def open_online(qtbot, db: Database, *, name: str = ADMIN, pin: str = ADMIN_PIN) -> Desk:  # type: ignore[no-untyped-def]
    desk = open_desk(qtbot, db)
    sign_in(qtbot, desk, name, pin)
    controller = desk.controller.online
    qtbot.waitUntil(lambda: controller.current_event is not None)
    with qtbot.waitSignal(controller.loaded, timeout=20_000):
        qtbot.keyClick(desk.window.desk, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert desk.window.current_screen() == "online"
    return desk


def import_report(
    qtbot,
    desk: Desk,
    name: str = "zoom_basic_bom_ampm.csv",
    *,  # type: ignore[no-untyped-def]
    minutes: int = 240,
) -> None:
    controller = desk.controller.online
    importer = controller.open_import()
    assert importer is not None
    dialog = importer.dialog
    with qtbot.waitSignal(importer.previewed, timeout=20_000):
        importer.load(FIXTURES / name)
    assert "Zoom: laporan peserta" in dialog.info.text() and "6 baris" in dialog.info.text()
    assert "WITA" in dialog.info.text()
    qtbot.mouseClick(dialog.by_minutes, Qt.MouseButton.LeftButton)
    dialog.minutes.setValue(minutes)
    with qtbot.waitSignal(controller.loaded, timeout=30_000):
        qtbot.mouseClick(dialog.run, Qt.MouseButton.LeftButton)
    assert importer.summary is not None
    dialog.close()


def test_import_through_the_dialog_then_resolve_the_unmatched_person(  # type: ignore[no-untyped-def]
    qtbot, db: Database, hybrid: str
) -> None:
    desk = open_online(qtbot, db)
    try:
        controller, view = desk.controller.online, desk.window.online
        importer = controller.open_import()
        assert importer is not None
        with qtbot.waitSignal(importer.previewed, timeout=20_000):
            importer.load(FIXTURES / "zoom_basic_bom_ampm.csv")
        qtbot.mouseClick(importer.dialog.by_minutes, Qt.MouseButton.LeftButton)
        importer.dialog.minutes.setValue(240)
        with qtbot.waitSignal(importer.imported, timeout=30_000):
            qtbot.mouseClick(importer.dialog.run, Qt.MouseButton.LeftButton)
        summary = importer.summary
        assert summary is not None
        assert (summary.people, summary.matched, summary.unmatched, summary.eligible) == (
            4,
            3,
            1,
            2,
        )
        assert "1 tidak cocok" in importer.dialog.outcome.text()
        shown = [importer.dialog.names.item(i).text() for i in range(importer.dialog.names.count())]
        assert "tidak cocok: Orang Asing" in shown
        importer.dialog.close()
        qtbot.waitUntil(lambda: view.people_model.rowCount() == 4)

        # The person waiting for a decision is listed first and chosen.
        assert view.people_model.rows[0][0] == "Orang Asing"
        assert view.person.text() == "Orang Asing"
        # Search a registration to link to: none fits, so register as new.
        qtbot.keyClicks(view.search, "Dewi")
        qtbot.waitUntil(lambda: view.candidates.count() == 1)
        assert view.candidates.item(0).text().startswith("Dewi Lestari")
        with qtbot.waitSignal(controller.resolved, timeout=20_000) as resolved:
            qtbot.mouseClick(view.register, Qt.MouseButton.LeftButton)
        assert resolved.args == ["new"]
        with db.session() as session:
            after = online.summarise(session=session, event_id=hybrid)
        assert after.unmatched == 0 and after.matched == 4
        qtbot.waitUntil(lambda: "0 tidak cocok" in view.summary.text())
    finally:
        desk.close()


def test_link_a_doubtful_person_to_a_registration_chosen_by_search(  # type: ignore[no-untyped-def]
    qtbot, db: Database, hybrid: str
) -> None:
    desk = open_online(qtbot, db)
    try:
        controller, view = desk.controller.online, desk.window.online
        import_report(qtbot, desk)
        qtbot.waitUntil(lambda: view.person.text() == "Orang Asing")
        qtbot.keyClicks(view.search, "siti nur")
        qtbot.waitUntil(lambda: view.candidates.count() == 1)
        with qtbot.waitSignal(controller.resolved, timeout=20_000) as resolved:
            qtbot.mouseClick(view.link, Qt.MouseButton.LeftButton)
        assert resolved.args == ["manual"]
        qtbot.waitUntil(
            lambda: any(
                r[0] == "Orang Asing" and r[5] == "Siti Nurhaliza, S.E."
                for r in view.people_model.rows
            )
        )
    finally:
        desk.close()


def test_minutes_and_eligibility_show_in_the_participants_view(
    qtbot,
    db: Database,  # type: ignore[no-untyped-def]
    hybrid: str,
) -> None:
    desk = open_online(qtbot, db)
    try:
        import_report(qtbot, desk)
        participants = desk.controller.participants
        with qtbot.waitSignal(participants.loaded, timeout=20_000):
            desk.window.show_screen("participants")
        model = desk.window.participants_model
        headers = [
            model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
        ]
        online_col, eligible_col = (
            headers.index("Daring (menit)"),
            headers.index("Layak sertifikat"),
        )
        shown = {
            model.data(model.index(r, 1)): (
                model.data(model.index(r, online_col)),
                model.data(model.index(r, eligible_col)),
            )
            for r in range(model.rowCount())
        }
        assert shown["Dr. H. Ahmad Fauzan, S.H."] == (
            250,
            "ya",
        )  # 07.55-12.10 from 08.00, two devices merged
        assert shown["Budi Santoso"] == (480, "ya")
        assert shown["Siti Nurhaliza, S.E."] == (30, "belum")
        assert shown["Dewi Lestari"] == ("–", "belum")
    finally:
        desk.close()


def test_delivery_exports_one_pdf_per_person_to_a_zip(
    qtbot,
    db: Database,
    hybrid: str,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    desk = open_online(qtbot, db)
    try:
        import_report(qtbot, desk)
        controller, view = desk.controller.online_delivery, desk.window.online
        view.tabs.setCurrentIndex(1)
        out = tmp_path / "sertifikat.zip"
        with qtbot.waitSignal(controller.exported, timeout=60_000):
            controller.export(out)
        with zipfile.ZipFile(out) as archive:
            names = sorted(archive.namelist())
            listing = archive.read("daftar-kirim.csv").decode("utf-8-sig")
        pdfs = [n for n in names if n.endswith(".pdf")]
        assert len(pdfs) == 2 and any(n.startswith("Dr. H. Ahmad Fauzan") for n in pdfs)
        rows = list(csv.DictReader(io.StringIO(listing)))
        assert {r["email"] for r in rows} == {"ahmad@palu.go.id", "budi@example.go.id"}
        assert "2 sertifikat diekspor" in view.busy.message.text()
    finally:
        desk.close()


def test_smtp_settings_are_admin_only(qtbot, db: Database, hybrid: str) -> None:  # type: ignore[no-untyped-def]
    desk = open_online(qtbot, db, name=CLERK, pin=CLERK_PIN)
    try:
        assert desk.controller.online_delivery.open_smtp() is None
        assert "admin" in desk.window.online.busy.message.text()
    finally:
        desk.close()


def test_send_by_email_lists_what_was_sent_and_what_failed(  # type: ignore[no-untyped-def]
    qtbot,
    db: Database,
    hybrid: str,
    smtp_server,  # noqa: F811
) -> None:
    mailbox, port = smtp_server
    mailbox.refuse.add("budi@example.go.id")
    desk = open_online(qtbot, db)
    try:
        import_report(qtbot, desk)
        controller, view = desk.controller.online_delivery, desk.window.online
        view.tabs.setCurrentIndex(1)
        dialog = controller.open_smtp()
        assert dialog is not None
        assert dialog.password.echoMode() == dialog.password.EchoMode.Password
        qtbot.keyClicks(dialog.host, "127.0.0.1")
        dialog.port.setValue(port)
        dialog.security.setCurrentIndex(dialog.security.findData("none"))
        qtbot.keyClicks(dialog.from_address, "kanwil.sulteng@example.go.id")
        with qtbot.waitSignal(controller.smtp_saved, timeout=20_000):
            qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "127.0.0.1" in view.smtp_state.text())

        with qtbot.waitSignal(controller.sent, timeout=60_000) as sent:
            qtbot.mouseClick(view.send, Qt.MouseButton.LeftButton)
        report = sent.args[0]
        assert (report.sent, report.failed, report.pending) == (1, 1, 0)
        assert [m["To"] for m in mailbox.messages] == ["ahmad@palu.go.id"]
        qtbot.waitUntil(lambda: view.mail_model.rowCount() == 2)
        failed = next(r for r in view.mail_model.rows if r[1] == "budi@example.go.id")
        assert failed[2] == "gagal" and failed[5].startswith("550")
        assert view.mail_counts.text() == "1 terkirim · 1 gagal · 0 menunggu"

        # Sending again sends nothing twice; resending the failed one asks the server again.
        mailbox.refuse.clear()
        with qtbot.waitSignal(controller.sent, timeout=60_000) as sent:
            qtbot.mouseClick(view.resend_failed, Qt.MouseButton.LeftButton)
        assert (sent.args[0].sent, sent.args[0].failed) == (2, 0)
        assert sorted(m["To"] for m in mailbox.messages) == [
            "ahmad@palu.go.id",
            "budi@example.go.id",
        ]
    finally:
        desk.close()


def test_import_dialog_asks_which_meeting_and_lists_hosts_for_decision(  # type: ignore[no-untyped-def]
    qtbot, db: Database, hybrid: str
) -> None:
    desk = open_online(qtbot, db)
    try:
        controller = desk.controller.online
        importer = controller.open_import()
        assert importer is not None
        dialog = importer.dialog
        importer.load(FIXTURES / "zoom_meeting_history_two_meetings.csv")
        # Two meetings in the file: refused until the clerk says which is the event's.
        qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=20_000)
        assert (
            "2 rapat" in dialog.error.text() and "Rapat Internal Subbag Umum" in dialog.error.text()
        )
        assert not dialog.run.isEnabled()
        assert dialog.form.isRowVisible(dialog.meeting) and dialog.meeting.count() == 3
        assert dialog.meeting.itemData(1) == "81234567890"
        with qtbot.waitSignal(importer.previewed, timeout=20_000):
            dialog.meeting.setCurrentIndex(1)
            dialog.meeting.activated.emit(1)
        assert "Zoom: riwayat rapat" in dialog.info.text()
        assert "1 baris ruang tunggu tidak dihitung" in dialog.info.text()
        assert "1 host atau peserta telepon perlu diputuskan" in dialog.info.text()
        with qtbot.waitSignal(importer.imported, timeout=30_000):
            qtbot.mouseClick(dialog.run, Qt.MouseButton.LeftButton)
        shown = [dialog.names.item(i).text() for i in range(dialog.names.count())]
        assert "host: Operator Kanwil" in shown
        assert importer.summary is not None and importer.summary.for_decision[0]["role"] == "host"
        dialog.close()
    finally:
        desk.close()


def test_import_dialog_date_order_and_warnings(qtbot, db: Database, hybrid: str) -> None:  # type: ignore[no-untyped-def]
    desk = open_online(qtbot, db)
    try:
        importer = desk.controller.online.open_import()
        assert importer is not None
        dialog = importer.dialog
        with qtbot.waitSignal(importer.previewed, timeout=20_000):
            importer.load(FIXTURES / "zoom_unique_users.csv")
        assert "tidak dapat dibatasi pada jam acara" in dialog.info.text()
        # The Teams report re-saved by Excel: automatic order reads day first; forcing month first
        # makes every date impossible, and the preview says so instead of importing nothing.
        with qtbot.waitSignal(importer.previewed, timeout=20_000):
            importer.load(FIXTURES / "teams_excel_semicolon_cp1252.csv")
        assert "Microsoft Teams" in dialog.info.text() and "hari/bulan/tahun" in dialog.info.text()
        dialog.date_order.setCurrentIndex(dialog.date_order.findData("mdy"))
        dialog.date_order.activated.emit(dialog.date_order.currentIndex())
        qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=20_000)
        assert "teams_excel_semicolon_cp1252.csv" in dialog.error.text()
        assert "urutan tanggal" in dialog.error.text() and not dialog.run.isEnabled()
        dialog.close()
    finally:
        desk.close()


def test_a_meet_report_without_a_date_asks_for_the_day(  # type: ignore[no-untyped-def]
    qtbot, db: Database, tmp_path: Path
) -> None:
    first_start(db, office_code="SULTENG", desk_name="Meja 2", admin_name=ADMIN, pin=ADMIN_PIN)
    event = make_event(db, days=2)  # 24 and 25 November
    register(db, event, "Dewi Lestari", None, email="dewi@example.go.id", asn_status="NON_ASN")
    set_last_event(db, event_id=event, operator=ADMIN)
    # Saved from the Sheet: "<title> - <tab>.csv", no date in the name.
    report = tmp_path / "Penguatan HAM - Sheet1.csv"
    report.write_bytes(
        (FIXTURES / "2026-11-24 08:00 Penguatan HAM - Attendance Report.csv").read_bytes()
    )
    desk = open_online(qtbot, db)
    try:
        importer = desk.controller.online.open_import()
        assert importer is not None
        dialog = importer.dialog
        importer.load(report)
        qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=20_000)
        assert "Pilih hari pertemuannya" in dialog.error.text() and not dialog.run.isEnabled()
        assert dialog.form.isRowVisible(dialog.meet_day) and dialog.meet_day.count() == 3
        assert dialog.meet_day.itemText(2) == "25 November 2026"
        with qtbot.waitSignal(importer.previewed, timeout=20_000):
            dialog.meet_day.setCurrentIndex(2)
            dialog.meet_day.activated.emit(2)
        assert "25 November 2026" in dialog.info.text()
        with qtbot.waitSignal(importer.imported, timeout=30_000):
            qtbot.mouseClick(dialog.run, Qt.MouseButton.LeftButton)
        with db.session() as session:
            got = online.online_minutes(session=session, event_id=event)
        assert list(got.values()) == [210]  # Dewi, 08.00-11.30 on the second day
        dialog.close()
    finally:
        desk.close()


def test_a_meet_report_asks_for_its_day_and_a_wrong_one_is_removed(  # type: ignore[no-untyped-def]
    qtbot, db: Database
) -> None:
    """A two-day event and a Google Meet report whose name has no date: the dialog asks the day;
    imported on the wrong day, the report is removed from the Laporan tab with a reason."""
    first_start(db, office_code="SULTENG", desk_name="Meja 2", admin_name=ADMIN, pin=ADMIN_PIN)
    event = make_event(db, days=2)
    dewi = register(
        db, event, "Dewi Lestari", None, email="dewi@example.go.id", asn_status="NON_ASN"
    )
    siti = register(db, event, "Siti Nurhaliza, S.E.", NIP_SITI)
    set_last_event(db, event_id=event, operator=ADMIN)
    desk = open_online(qtbot, db)
    try:
        controller, view = desk.controller.online, desk.window.online
        importer = controller.open_import()
        assert importer is not None
        dialog = importer.dialog
        importer.load(FIXTURES / "Penguatan HAM - Attendance Report.csv")
        qtbot.waitUntil(lambda: dialog.meet_day.isVisible(), timeout=20_000)
        assert "tidak mencantumkan tanggal" in dialog.error.text()
        assert "24 November 2026, 25 November 2026" in dialog.error.text()
        assert not dialog.run.isEnabled()
        assert [dialog.meet_day.itemText(i) for i in range(dialog.meet_day.count())][1:] == [
            "24 November 2026",
            "25 November 2026",
        ]
        with qtbot.waitSignal(importer.previewed, timeout=20_000):
            dialog.meet_day.setCurrentIndex(2)
            dialog.meet_day.activated.emit(2)
        assert "Google Meet" in dialog.info.text() and dialog.run.isEnabled()
        with qtbot.waitSignal(controller.loaded, timeout=30_000):
            qtbot.mouseClick(dialog.run, Qt.MouseButton.LeftButton)
        dialog.close()
        with db.session() as session:
            assert online.online_minutes(session=session, event_id=event) == {dewi: 210, siti: 60}

        view.tabs.setCurrentIndex(2)
        qtbot.waitUntil(lambda: view.reports_model.rowCount() == 1)
        assert view.reports_model.rows[0][:2] == (
            "Penguatan HAM - Attendance Report.csv",
            "25 November 2026",
        )
        assert not view.remove_report.isEnabled()
        view.reports.selectRow(0)
        assert view.remove_report.isEnabled()
        qtbot.mouseClick(view.remove_report, Qt.MouseButton.LeftButton)
        removal = controller.removal_dialog
        assert removal is not None and "2 baris" in removal.prompt.text()
        qtbot.keyClicks(removal.reason, "salah hari")
        with qtbot.waitSignal(controller.report_removed, timeout=30_000):
            qtbot.mouseClick(removal.ok, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.reports_model.rowCount() == 0)
        with db.session() as session:
            assert online.online_minutes(session=session, event_id=event) == {}
            [line] = [e for e in recent_audit(session=session) if e.action == "online.remove"]
        assert '"reason": "salah hari"' in line.detail and line.operator == ADMIN
    finally:
        desk.close()


def test_a_person_on_two_accounts_shows_the_merged_minutes(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    """The office account and the phone are two rows; each says what is counted for the person."""
    first_start(db, office_code="SULTENG", desk_name="Meja 2", admin_name=ADMIN, pin=ADMIN_PIN)
    event = make_event(db)
    register(
        db, event, "Yusuf Maulana", None, asn_status="NON_ASN", email="yusuf.kantor@kemenham.go.id"
    )
    with db.write() as session:
        online.import_online_report(
            session=session, event_id=event, path=FIXTURES / "zoom_two_accounts.csv", operator=ADMIN
        )
    set_last_event(db, event_id=event, operator=ADMIN)
    desk = open_online(qtbot, db)
    try:
        view = desk.window.online
        qtbot.waitUntil(lambda: view.people_model.rowCount() == 2)
        shown = {}
        for row in range(2):
            view.people.selectRow(row)
            shown[view.people_model.rows[row][3]] = view.person_detail.text()
        # 120 and 210 minutes on the two accounts; 300 counted (08.00-12.00 and 13.00-14.00).
        assert set(shown) == {"120", "210"}
        assert all(
            "dihitung 300 menit bersama akun lain peserta ini" in text for text in shown.values()
        )
    finally:
        desk.close()


def test_the_lists_show_roles_and_meetings_after_the_import(  # type: ignore[no-untyped-def]
    qtbot, db: Database, hybrid: str
) -> None:
    """The decision about a host or a phone caller stays visible on the Daring screen, in its own
    column, not only in the import's result."""
    with db.write() as session:
        online.import_online_report(
            session=session, event_id=hybrid, path=FIXTURES / "zoom_webinar.csv", operator=ADMIN
        )
        online.import_online_report(
            session=session,
            event_id=hybrid,
            path=FIXTURES / "zoom_meeting_history_two_meetings.csv",
            operator=ADMIN,
            meeting_ids=["81234567890"],
        )
    desk = open_online(qtbot, db)
    try:
        view = desk.window.online
        qtbot.waitUntil(lambda: view.people_model.rowCount() > 0)
        roles = {row[0]: row[1] for row in view.people_model.rows}
        assert roles["Host Kanwil"] == "host" and roles["Narasumber"] == "panelis"
        assert roles["Dewi Lestari"] == ""  # an ordinary attendee is left blank
        assert role_text("dial-in") == "telepon"
        # The reports tab says which meeting of a history file was imported.
        view.tabs.setCurrentIndex(2)
        qtbot.waitUntil(lambda: view.reports_model.rowCount() == 2)
        assert [row[0] for row in view.reports_model.rows] == [
            "zoom_webinar.csv",
            "zoom_meeting_history_two_meetings.csv (rapat 81234567890)",
        ]
        assert view.people_model.headerData(1, Qt.Orientation.Horizontal) == "Peran"
    finally:
        desk.close()
