"""The events screen: create a multi-day event, edit it (signatory NIP checked), open it."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from desktop.app import Desk
from desktop.services.events import list_event_infos
from tests.desktop import ui_support
from tests.desktop.ui_support import DeskData, sign_in

# Fixtures shared by the window tests.
desk_data = ui_support.desk_data
window = ui_support.window


def test_create_edit_and_open_a_three_day_event(qtbot, window: Desk, desk_data: DeskData) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window)
    w, events = window.window, window.controller.events
    qtbot.waitUntil(lambda: w.events.table.rowCount() == 1)
    qtbot.keyClick(w.events.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = events.dialog
    assert dialog is not None and dialog.timezone.currentData() == "Asia/Makassar"  # the office's
    qtbot.keyClicks(dialog.event_title, "Pengarusutamaan HAM Angkatan II")
    qtbot.keyClicks(dialog.venue, "Hotel Santika Palu")
    dialog.set_times(datetime(2031, 3, 10, 8, 0), datetime(2031, 3, 12, 16, 0))
    dialog.mode.setCurrentIndex(dialog.mode.findData("hybrid"))
    dialog.jp.setValue(24)
    qtbot.keyClicks(dialog.signatory_nip, "19700315 199503 7 001")
    assert "digit ke-15" in dialog.nip_note.text()
    qtbot.keyClick(dialog.event_title, Qt.Key.Key_Return)  # Enter = save: refused, with the reason
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert dialog.error.text() == "NIP penanda tangan tidak valid."
    dialog.signatory_nip.setText("19700315 199503 2 001")
    assert dialog.nip_note.text() == "✓ NIP valid."
    qtbot.keyClick(dialog.event_title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: events.dialog is None and w.events.table.rowCount() == 2)
    created = next(e for e in list_event_infos(desk_data.db) if e.title.endswith("Angkatan II"))
    assert [d.number for d in created.days] == [1, 2, 3]
    assert (created.mode, created.jp, created.signatory_nip) == ("hybrid", 24, "197003151995032001")

    # Edit: the form comes back filled in; a new title is saved.
    row = next(i for i, e in enumerate(events.events) if e.id == created.id)
    w.events.table.setCurrentCell(row, 0)
    qtbot.keyClick(w.events.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = events.dialog
    assert dialog.venue.text() == "Hotel Santika Palu" and dialog.jp.value() == 24
    dialog.event_title.setText("Pengarusutamaan HAM Angkatan III")
    qtbot.keyClick(dialog.event_title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: events.dialog is None)
    qtbot.waitUntil(lambda: any(e.title.endswith("Angkatan III") for e in events.events))

    # Open it: three days to pick from; before the event, day 1 with a warning on the card.
    row = next(i for i, e in enumerate(events.events) if e.id == created.id)
    w.events.table.setCurrentCell(row, 0)
    with qtbot.waitSignal(window.controller.event_opened):
        qtbot.keyClick(w.events.table, Qt.Key.Key_Return)
    assert w.checkin.day.count() == 3 and w.checkin.day.isEnabled()
    assert w.checkin.day.itemText(1) == "Hari 2 · Selasa, 11 Maret 2031"
    assert "Hari ini bukan hari acara" in w.checkin.card.message.text()
    assert w.checkin.event_title.text() == "Pengarusutamaan HAM Angkatan III"


def test_a_failing_write_without_its_own_handler_reaches_the_clerk(  # type: ignore[no-untyped-def]
    qtbot, window: Desk, desk_data: DeskData, caplog
) -> None:
    """Opening an event writes (the last event, its audit line) on the writes queue, and its
    screen gives that task no failure path of its own; the database refusing the write (a real
    SQLite error, from a trigger) is shown on the status bar, and its traceback is logged."""
    from sqlalchemy import text

    sign_in(qtbot, window)
    w = window.window
    qtbot.waitUntil(lambda: w.events.table.rowCount() == 1)
    with desk_data.db.write() as session:
        session.connection().execute(
            text(
                "CREATE TRIGGER refuse_open BEFORE INSERT ON audit_entry WHEN NEW.action = 'event.open'"
                " BEGIN SELECT RAISE(ABORT, 'the disk refused the write'); END"
            )
        )
    w.events.table.setCurrentCell(0, 0)
    with caplog.at_level("ERROR", logger="desktop.ui.worker"):
        qtbot.keyClick(w.events.table, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "tak terduga" in w.status.currentMessage(), timeout=10_000)
    assert "Rinciannya ada di log" in w.status.currentMessage()
    assert any(r.exc_info and "the disk refused" in str(r.exc_info[1]) for r in caplog.records)
