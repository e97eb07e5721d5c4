"""The participants view: loading, filters, sort, edit with validation, export."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from sqlalchemy import text

from desktop.app import Desk
from desktop.core.desk import desk_identity
from desktop.core.identity import format_nip
from desktop.services.checkin import check_in_entry
from tests.desktop import ui_support
from tests.desktop.ui_support import DeskData, sign_in

# Fixtures shared by the window tests.
desk_data = ui_support.desk_data
window = ui_support.window


def _participants(qtbot, desk: Desk):  # type: ignore[no-untyped-def]
    sign_in(qtbot, desk)
    w = desk.window
    qtbot.waitUntil(lambda: w.events.table.rowCount() == 1)
    with qtbot.waitSignal(desk.controller.event_opened):
        qtbot.keyClick(w.events.table, Qt.Key.Key_Return)
    controller = desk.controller.participants
    with qtbot.waitSignal(controller.loaded, timeout=10_000):
        qtbot.keyClick(w.checkin.search, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    return controller


def _shown_column(model, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(model.data(model.index(r, column))) for r in range(model.rowCount())]


def test_filter_by_text_instansi_and_attendance(qtbot, window: Desk, desk_data: DeskData) -> None:  # type: ignore[no-untyped-def]
    # One person is present, so "hadir hari 1" has exactly one row.
    w = window.window
    with desk_data.db.session() as session:
        desk = desk_identity(session=session)
    check_in_entry(
        desk_data.db,
        event_id=desk_data.event_id,
        day=1,
        entry=desk_data.nips[7],
        desk=desk,
        operator="Rina",
    )
    controller = _participants(qtbot, window)
    model, view = controller.model, w.participants
    assert model.rowCount() == 40 and view.count.text() == "40 peserta"
    assert view.filter.hasFocus()

    nip = desk_data.nips[5]
    with qtbot.waitSignal(controller.filtered):
        qtbot.keyClicks(view.filter, format_nip(nip))
    assert _shown_column(model, 2) == [format_nip(nip)]
    assert view.count.text() == "Menampilkan 1 dari 40 peserta"
    with qtbot.waitSignal(controller.filtered):
        view.filter.clear()

    instansi = controller.table.instansi[0]
    with qtbot.waitSignal(controller.filtered):
        view.instansi.setCurrentIndex(view.instansi.findData(instansi[0]))
        view.instansi.activated.emit(view.instansi.currentIndex())
    assert model.rowCount() == instansi[1]
    assert set(_shown_column(model, 5)) == {instansi[0]}

    with qtbot.waitSignal(controller.filtered):
        view.instansi.setCurrentIndex(0)
        view.attendance.setCurrentIndex(view.attendance.findData("1:hadir"))
        view.attendance.activated.emit(view.attendance.currentIndex())
    assert _shown_column(model, 2) == [format_nip(desk_data.nips[7])]
    assert model.data(model.index(0, 6)) != "–"  # the time of day 1
    with qtbot.waitSignal(controller.filtered):
        view.attendance.setCurrentIndex(view.attendance.findData("1:belum"))
        view.attendance.activated.emit(view.attendance.currentIndex())
    assert model.rowCount() == 39


def test_sort_by_nip_descending(qtbot, window: Desk, desk_data: DeskData) -> None:  # type: ignore[no-untyped-def]
    controller = _participants(qtbot, window)
    header = window.window.participants.table.horizontalHeader()
    with qtbot.waitSignal(controller.filtered):
        header.setSortIndicator(2, Qt.SortOrder.DescendingOrder)
    shown = [n.replace(" ", "") for n in _shown_column(controller.model, 2)]
    assert shown == sorted(desk_data.nips, reverse=True)


def test_edit_validates_like_the_walkin_and_saves(qtbot, window: Desk, desk_data: DeskData) -> None:  # type: ignore[no-untyped-def]
    controller = _participants(qtbot, window)
    view = window.window.participants
    view.focus_table()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: controller.dialog is not None and controller.dialog.form.full_name.text() != ""
    )
    dialog = controller.dialog
    form = dialog.form
    pid = controller.model.participant_id(0)
    form.email.setText("bukan-email")
    assert "bukan alamat email" in form.email_note.text()
    qtbot.keyClick(form.email, Qt.Key.Key_Return)
    assert dialog.isVisible() and "bukan alamat email" in dialog.error.text()
    form.email.setText("peserta@example.go.id")
    form.jabatan.setText("Analis Hukum")
    with qtbot.waitSignal(controller.saved):
        qtbot.keyClick(form.email, Qt.Key.Key_Return)
    with desk_data.db.session() as session:
        email, jabatan = (
            session.connection()
            .execute(text("SELECT email, jabatan FROM participant WHERE id = :id"), {"id": pid})
            .one()
        )
    assert (email, jabatan) == ("peserta@example.go.id", "Analis Hukum")
    assert controller.table.rows[controller.model.source_index(0)][6] == "Analis Hukum"


def test_export_csv_and_xlsx_write_what_is_shown(
    qtbot, window: Desk, desk_data: DeskData, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    controller = _participants(qtbot, window)
    view = window.window.participants
    with qtbot.waitSignal(controller.filtered):
        qtbot.keyClicks(view.filter, desk_data.nips[0][:6])
    shown = controller.model.rowCount()
    assert 0 < shown < 40

    target = tmp_path / "peserta.csv"
    with qtbot.waitSignal(controller.exported, timeout=10_000):
        controller.export(target)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][:3] == ["No", "Nama", "NIP/NIK"] and rows[0][-2:] == [
        "Hari 1",
        "Jumlah hari hadir",
    ]
    assert len(rows) == shown + 1
    assert all(r[2].startswith(desk_data.nips[0][:6]) for r in rows[1:])

    target = tmp_path / "peserta.xlsx"
    with qtbot.waitSignal(controller.exported, timeout=10_000):
        controller.export(target)
    sheet = load_workbook(target, read_only=True).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == shown + 1
    assert isinstance(values[1][2], str) and len(values[1][2]) == 18  # the NIP stays text
    assert not list(tmp_path.glob(".*.partial"))
    with desk_data.db.session() as session:
        exports = (
            session.connection()
            .execute(text("SELECT COUNT(*) FROM audit_entry WHERE action = 'participants.export'"))
            .scalar_one()
        )
    assert exports == 2
