"""The Certificates screen: the lists, the preview from the real PDF, printing to a PDF printer,
saving a batch, overrides and revocation, driven through the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import text

from desktop.app import Desk
from desktop.core.certificates import records
from desktop.core.db import Database
from desktop.services.desk import set_last_event
from tests.desktop.ui_support import ADMIN, DeskData, make_desk, open_desk, sign_in

A4_LANDSCAPE_PT = (841.89, 595.28)


@pytest.fixture
def desk_data(db: Database) -> DeskData:
    data = make_desk(db, participants=12, attended=6)
    set_last_event(db, event_id=data.event_id, operator=ADMIN)
    return data


@pytest.fixture
def window(qtbot, desk_data: DeskData):  # type: ignore[no-untyped-def]
    desk = open_desk(qtbot, desk_data.db)
    sign_in(qtbot, desk)
    controller = desk.controller.certificates
    qtbot.waitUntil(lambda: controller.current_event is not None)
    with qtbot.waitSignal(controller.loaded, timeout=20_000):
        qtbot.keyClick(desk.window.desk, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert desk.window.current_screen() == "certificates"
    yield desk
    desk.close()


def issue_all(qtbot, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    controller, view = desk.controller.certificates, desk.window.certificates
    with qtbot.waitSignal(controller.loaded, timeout=20_000):
        qtbot.mouseClick(view.issue, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.issued_model.rowCount() == 6)


def print_log(db: Database) -> list[tuple[str, int, str]]:
    with db.session() as session:
        return list(
            session.connection().execute(
                text("SELECT certificate_id, copies, destination FROM certificate_print")
            )
        )


def test_lists_who_qualifies_and_issues_their_certificates(
    qtbot,
    window: Desk,  # type: ignore[no-untyped-def]
    desk_data: DeskData,
) -> None:
    view = window.window.certificates
    assert view.people_model.rowCount() == 12
    assert "6 dari 12 peserta layak" in view.summary.text()
    issue_all(qtbot, window)
    numbers = [view.issued_model.rows[r][0] for r in range(6)]
    assert len(set(numbers)) == 6 and all("KW-HAM.SULTENG" in n for n in numbers)
    with desk_data.db.session() as session:
        assert len(records.list_certificates(session=session, event_id=desk_data.event_id)) == 6


def test_preview_is_the_real_page_at_its_aspect_ratio(qtbot, window: Desk) -> None:  # type: ignore[no-untyped-def]
    controller, view = window.controller.certificates, window.window.certificates
    with qtbot.waitSignal(controller.previewed, timeout=30_000):
        issue_all(qtbot, window)
    image = controller.preview_image
    assert image is not None and not image.isNull()
    assert image.width() / image.height() == pytest.approx(297 / 210, rel=0.01)
    # Not blank: the title, the name and the QR are dark on the light page.
    dark = sum(
        1
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
        if image.pixelColor(x, y).lightness() < 80
    )
    assert dark > 100
    assert view.preview.pixmap() is not None and not view.preview.pixmap().isNull()
    assert "297 × 210 mm" in view.preview_caption.text()


def test_printing_to_a_pdf_printer_gives_a4_landscape_pages_and_a_print_log(  # type: ignore[no-untyped-def]
    qtbot, window: Desk, desk_data: DeskData, tmp_path: Path
) -> None:
    controller, view = window.controller.certificates, window.window.certificates
    issue_all(qtbot, window)
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    asked: list[tuple[float, float]] = []

    def choose(_parent, width, height):  # type: ignore[no-untyped-def]
        asked.append((width, height))
        return printer

    controller.choose_printer = choose
    warned: list[str] = []  # no HQ address on this desk: the clerk is asked first and goes on
    controller.confirm_address = lambda _parent, _title, text, _go_on, _stop: (
        warned.append(text) or True
    )
    view.issued.selectRow(0)
    view.issued.selectionModel().select(
        view.issued_model.index(2, 0),
        view.issued.selectionModel().SelectionFlag.Select
        | view.issued.selectionModel().SelectionFlag.Rows,
    )
    with qtbot.waitSignal(controller.printed, timeout=60_000) as printed:
        qtbot.mouseClick(view.print, Qt.MouseButton.LeftButton)
    assert printed.args == [2]
    assert asked == [(297.0, 210.0)]
    assert len(warned) == 1 and "https://hadir.kemenham.go.id" in warned[0]
    reader = PdfReader(out)
    assert len(reader.pages) == 2
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (width, height) == pytest.approx(A4_LANDSCAPE_PT, abs=1.5)
    log = print_log(desk_data.db)
    assert len(log) == 2 and all(d == f"printer:{out}" and c == 1 for _id, c, d in log)
    qtbot.waitUntil(
        lambda: sorted(view.issued_model.rows[r][4] for r in range(6)) == ["0"] * 4 + ["1"] * 2
    )


def test_printing_without_an_hq_address_asks_first(
    qtbot, window: Desk, desk_data: DeskData
) -> None:  # type: ignore[no-untyped-def]
    """Issue 14 item 13: the QR would carry the default address; the clerk reads why and chooses."""
    from desktop.core import seal

    controller, view = window.controller.certificates, window.window.certificates
    issue_all(qtbot, window)
    chosen: list[str] = []
    controller.choose_printer = lambda *_: chosen.append("printer")  # type: ignore[assignment,func-returns-value]
    questions: list[tuple[str, str, str]] = []
    controller.confirm_address = lambda _p, title, text, go_on, _stop: bool(
        questions.append((title, text, go_on))
    )
    view.issued.selectRow(0)
    qtbot.mouseClick(view.print, Qt.MouseButton.LeftButton)
    assert chosen == [] and len(questions) == 1  # refused: no print dialog, nothing printed
    title, text, go_on = questions[0]
    assert title == "Alamat kantor pusat belum diatur" and go_on == "Tetap cetak"
    assert "belum terhubung ke kantor pusat" in text and "https://hadir.kemenham.go.id" in text
    controller.choose_save()
    assert len(questions) == 2  # saving a batch PDF for printing asks too

    with desk_data.db.write() as session:
        seal.set_base_url(session=session, url="https://kanwil.example.go.id")
    qtbot.mouseClick(view.print, Qt.MouseButton.LeftButton)
    assert len(questions) == 2 and chosen == ["printer"]  # the address is set: no question


def test_save_a_batch_pdf_off_the_ui_thread(qtbot, window: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    controller = window.controller.certificates
    out = tmp_path / "batch.pdf"
    with qtbot.waitSignal(controller.saved, timeout=60_000):
        controller.save_batch(out)
    assert len(PdfReader(out).pages) == 6  # issued what was missing, every eligible person
    assert not out.with_name("batch.pdf.partial").exists()


def test_override_and_revoke_need_a_reason_and_are_recorded(
    qtbot,
    window: Desk,  # type: ignore[no-untyped-def]
    desk_data: DeskData,
) -> None:
    controller, view = window.controller.certificates, window.window.certificates
    # Let one person who did not attend through, with a reason.
    view.show_filter.setCurrentIndex(view.show_filter.findData("not"))
    view.show_filter.activated.emit(view.show_filter.currentIndex())
    qtbot.waitUntil(lambda: view.people_model.rowCount() == 6)
    name = view.people_model.rows[0][0]
    view.people.selectRow(0)
    qtbot.mouseClick(view.allow, Qt.MouseButton.LeftButton)
    dialog = controller.dialog
    assert dialog is not None and not dialog.ok.isEnabled()  # no reason, no override
    qtbot.keyClicks(dialog.reason, "Hadir daring, dikonfirmasi panitia")
    with qtbot.waitSignal(controller.loaded, timeout=20_000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert "7 dari 12 peserta layak" in view.summary.text()
    issue_all_7 = view.issue
    with qtbot.waitSignal(controller.loaded, timeout=20_000):
        qtbot.mouseClick(issue_all_7, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.issued_model.rowCount() == 7)

    row = next(r for r in range(7) if view.issued_model.rows[r][1] == name)
    view.issued.selectRow(row)
    number = view.issued_model.rows[row][0]
    qtbot.mouseClick(view.revoke, Qt.MouseButton.LeftButton)
    dialog = controller.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.reason, "Diterbitkan keliru")
    with qtbot.waitSignal(controller.revoked, timeout=20_000) as revoked:
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert revoked.args == [number]
    qtbot.waitUntil(lambda: "Diterbitkan keliru" in view.issued_model.rows[row][5])
    with desk_data.db.session() as session:
        rows = records.list_certificates(
            session=session, event_id=desk_data.event_id, include_revoked=True
        )
        actions = [
            a for (a,) in session.connection().execute(text("SELECT action FROM audit_entry"))
        ]
    assert next(c for c in rows if c.number == number).revoked_reason == "Diterbitkan keliru"
    assert {"certificate.override", "certificate.issue", "certificate.revoke"} <= set(actions)


def test_daftar_hadir_and_attendance_export(qtbot, window: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    controller = window.controller.certificates
    sheet = tmp_path / "daftar-hadir.pdf"
    with qtbot.waitSignal(controller.written, timeout=30_000):
        controller.write_daftar_hadir(sheet, day=1, blank=True)
    assert len(PdfReader(sheet).pages) >= 1
    export = tmp_path / "kehadiran.csv"
    with qtbot.waitSignal(controller.written, timeout=30_000):
        controller.export_attendance(export)
    assert len(export.read_text(encoding="utf-8-sig").splitlines()) >= 13


def test_two_certificates_for_one_person_are_shown_until_one_is_revoked(  # type: ignore[no-untyped-def]
    qtbot, window: Desk, desk_data: DeskData
) -> None:
    """Another desk issued offline for a person this desk also issued for (issue 17 item 2): after
    the pull, the screen names both numbers and desks for an operator's decision; revoking one
    (with a reason) clears it. Nothing is revoked by itself."""
    from datetime import UTC, datetime

    from desktop.core.sync.pull import apply_pulled
    from desktop.services import certificates as service
    from sync.ed25519 import PrivateKey
    from sync.protocol import CertificateRecord, DeskKeyRecord, PulledChange
    from sync.seal_format import SealPayload, b64encode, key_id_for, name_digest, seal

    controller, view = window.controller.certificates, window.window.certificates
    issue_all(qtbot, window)
    assert view.duplicates.isHidden()
    with desk_data.db.session() as session:
        mine = records.list_certificates(session=session, event_id=desk_data.event_id)[0]
    other_key = PrivateKey.generate()
    key_id = key_id_for(other_key.public_key())
    number = "0001/M1/KW-HAM.SULTENG/XI/2026"
    token = seal(
        SealPayload(
            number=number,
            participant_id=mine.participant_id,
            event_id=desk_data.event_id,
            name_digest=name_digest(mine.name),
            issued_on=mine.issued_on,
            mode="luring",
        ),
        other_key,
    )
    at = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    key = DeskKeyRecord(
        id=key_id,
        device_id="meja-1",
        office_code="SULTENG",
        desk_name="Meja 1",
        public_key=b64encode(other_key.public_key().public_bytes_raw()),
        registered_at=at,
        revoked_at=None,
    )
    theirs = CertificateRecord(
        id="cert-meja-1",
        number=number,
        event_id=desk_data.event_id,
        participant_id=mine.participant_id,
        office_code="SULTENG",
        desk_id="meja-1",
        printed_name=mine.name,
        issued_on=mine.issued_on,
        mode="luring",
        key_id=key_id,
        issued_at=at,
        issued_by="rina",
        template_id="sertifikat-standar",
        template_version=1,
        token=token,
    )
    with desk_data.db.write() as session:
        apply_pulled(
            session=session,
            changes=[
                PulledChange(seq=1, id="c1", kind="desk_key", payload=key.model_dump(mode="json")),
                PulledChange(
                    seq=2, id="c2", kind="certificate", payload=theirs.model_dump(mode="json")
                ),
            ],
        )
    with qtbot.waitSignal(controller.loaded, timeout=20_000):
        controller.reload()
    assert view.duplicates.isVisible()
    shown = view.duplicates.text()
    assert "Sertifikat ganda" in shown and f"{mine.number} (Meja 2)" in shown
    assert f"{number} (Meja 1)" in shown
    service.revoke(desk_data.db, number=number, reason="Ganda", operator=ADMIN)
    with qtbot.waitSignal(controller.loaded, timeout=20_000):
        controller.reload()
    assert view.duplicates.isHidden()


def test_invitations_and_download_links_from_the_window(  # type: ignore[no-untyped-def]
    qtbot, window: Desk, tmp_path: Path
) -> None:
    """Issue 18 in the window: the invitations as files (one PDF and PNG each, the lists) and
    by e-mail (no server set: the clerk is told so, nothing is sent), and the certificates'
    personal download links as a list to send."""
    import csv
    import zipfile

    controller, view = window.controller.certificates, window.window.certificates
    assert view.invitations.menu() is not None and view.links.isVisible()
    archive = tmp_path / "undangan.zip"
    with qtbot.waitSignal(controller.written, timeout=60_000):
        controller.export_invitations(archive)
    names = zipfile.ZipFile(archive).namelist()
    assert "daftar-kirim.csv" in names
    assert sum(n.endswith(".pdf") for n in names) == sum(n.endswith(".png") for n in names) == 12
    assert "Undangan 12 peserta" in view.message.text()

    controller.send_invitations()
    qtbot.waitUntil(lambda: "SMTP" in view.message.text() or "email" in view.message.text())
    assert "terkirim" not in view.message.text()

    issue_all(qtbot, window)
    sheet = tmp_path / "tautan.csv"
    with qtbot.waitSignal(controller.written, timeout=30_000):
        controller.export_links(sheet)
    rows = list(csv.DictReader(sheet.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 6 and all("/d/" in row["url"] for row in rows)
    assert all(row["whatsapp"].startswith("https://wa.me/62") or row["problem"] for row in rows)
    assert "6 tautan unduh (6 baru)" in view.message.text()
    with qtbot.waitSignal(controller.written, timeout=30_000):
        controller.export_links(sheet)  # again: the same links, none new
    again = list(csv.DictReader(sheet.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["url"] for r in again] == [r["url"] for r in rows]
    assert "(0 baru)" in view.message.text()
