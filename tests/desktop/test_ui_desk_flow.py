"""The whole desk flow from the keyboard alone: sign in, pick the event, scan, scan again, walk-in
with a bad NIP then a good one, undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import text

from desktop.app import Desk
from tests.desktop import ui_support
from tests.desktop.ui_support import WALKIN_NIP, WALKIN_NIP_PRINTED, DeskData, sign_in

# Fixtures shared by the window tests.
desk_data = ui_support.desk_data
window = ui_support.window


def _checkins(data: DeskData, participant_nip: str) -> list[tuple[str, str | None]]:
    with data.db.session() as session:
        return [
            tuple(r)
            for r in session.connection().execute(
                text(
                    "SELECT c.id, c.undoes_id FROM checkin c JOIN participant p ON p.id = c.participant_id "
                    "WHERE p.nip = :nip ORDER BY c.at"
                ),
                {"nip": participant_nip},
            )
        ]


def test_keyboard_only_desk_flow(qtbot, window: Desk, desk_data: DeskData) -> None:  # type: ignore[no-untyped-def]
    w, app = window.window, window.controller
    sign_in(qtbot, window)
    assert w.status.operator.text() == "Operator: Rina"

    # No event was opened on this desk yet: the events list, where Enter opens the first one.
    qtbot.waitUntil(lambda: w.current_screen() == "events" and w.events.table.rowCount() == 1)
    assert w.events.table.hasFocus()
    with qtbot.waitSignal(app.event_opened, timeout=5000):
        qtbot.keyClick(w.events.table, Qt.Key.Key_Return)
    assert w.current_screen() == "checkin"
    search = w.checkin.search
    assert search.hasFocus()
    qtbot.waitUntil(lambda: w.checkin.counter.text() == "0 / 40")

    # A scanner types the NIP and presses Enter: a green card with the name and the time.
    nip = desk_data.nips[0]
    checkin = app.checkin
    with qtbot.waitSignal(checkin.card_changed, check_params_cb=lambda kind: kind == "result"):
        qtbot.keyClicks(search, nip)
        qtbot.keyClick(search, Qt.Key.Key_Return)
    card = w.checkin.card
    assert card.status.text() == "HADIR"
    assert card.detail.text().startswith("pukul ")
    assert card.number.text().replace(" ", "") == nip
    assert search.text() == "" and search.hasFocus()
    qtbot.waitUntil(lambda: w.checkin.counter.text() == "1 / 40")
    assert len(_checkins(desk_data, nip)) == 1

    # The same scan again: amber, with when and where, and nothing recorded twice.
    with qtbot.waitSignal(checkin.card_changed, check_params_cb=lambda kind: kind == "result"):
        qtbot.keyClicks(search, nip)
        qtbot.keyClick(search, Qt.Key.Key_Return)
    assert card.status.text() == "SUDAH HADIR"
    assert "Sudah hadir pukul" in card.message.text()
    assert "(Meja 2)" in card.detail.text()
    assert len(_checkins(desk_data, nip)) == 1

    # A walk-in whose NIP is mistyped (digit 15 must be 1 or 2): the card says so in red...
    bad = WALKIN_NIP[:14] + "7" + WALKIN_NIP[15:]
    with qtbot.waitSignal(checkin.card_changed, check_params_cb=lambda kind: kind == "error"):
        qtbot.keyClicks(search, bad)
        qtbot.keyClick(search, Qt.Key.Key_Return)
    assert "digit ke-15" in card.name.text()

    # ...Ctrl+N opens the walk-in form with that number; the form refuses it as it is typed.
    qtbot.keyClick(search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: checkin.walkin is not None)
    dialog = checkin.walkin.dialog
    form = dialog.form
    assert form.number.text() == bad
    assert "digit ke-15" in form.number_note.text()
    qtbot.keyClicks(form.full_name, "Dr. Siti Rahmawati, S.H.")
    qtbot.keyClick(form.full_name, Qt.Key.Key_Return)  # Enter = save: refused, with the reason
    assert dialog.isVisible() and "digit ke-15" in dialog.error.text()

    # The clerk corrects the number: the note shows what the NIP says; Enter registers and checks in.
    form.number.setFocus()
    form.number.selectAll()
    qtbot.keyClicks(form.number, WALKIN_NIP_PRINTED)
    assert "Lahir 26 September 1986, laki-laki" in form.number_note.text()
    with qtbot.waitSignal(checkin.card_changed, check_params_cb=lambda kind: kind == "result"):
        qtbot.keyClick(form.number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert card.status.text() == "HADIR"
    assert card.name.text() == "Dr. Siti Rahmawati, S.H."
    qtbot.waitUntil(lambda: w.checkin.counter.text() == "2 / 41")
    qtbot.waitUntil(lambda: search.hasFocus())
    assert len(_checkins(desk_data, WALKIN_NIP)) == 1

    # Ctrl+Z undoes the last check-in (the walk-in's): an undo record, nothing deleted.
    with qtbot.waitSignal(checkin.card_changed, check_params_cb=lambda kind: kind == "undone"):
        qtbot.keyClick(search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert card.status.text() == "DIBATALKAN"
    records = _checkins(desk_data, WALKIN_NIP)
    assert len(records) == 2 and records[1][1] == records[0][0]
    qtbot.waitUntil(lambda: w.checkin.counter.text() == "1 / 41")

    # Every action carries the operator's name in the audit log.
    with desk_data.db.session() as session:
        actions = {
            a
            for (a,) in session.connection().execute(
                text("SELECT action FROM audit_entry WHERE operator = 'Rina'")
            )
        }
    assert {"signin", "event.open", "checkin", "walkin", "undo"} <= actions
