"""The check-in screen: search as you type, choosing among matches, no match, errors, days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt
from sqlalchemy import text

from desktop.app import Desk
from desktop.services.events import DayInfo, EventInfo
from desktop.ui import style
from desktop.ui.checkin.controller import default_day
from tests.desktop import ui_support
from tests.desktop.ui_support import DeskData, sign_in

# Fixtures shared by the window tests.
desk_data = ui_support.desk_data
window = ui_support.window


def _open_first_event(qtbot, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, desk)
    w = desk.window
    qtbot.waitUntil(lambda: w.events.table.rowCount() == 1)
    with qtbot.waitSignal(desk.controller.event_opened):
        qtbot.keyClick(w.events.table, Qt.Key.Key_Return)


def test_typing_shows_matches_and_arrows_enter_choose(
    qtbot, window: Desk, desk_data: DeskData
) -> None:  # type: ignore[no-untyped-def]
    _open_first_event(qtbot, window)
    view, checkin = window.window.checkin, window.controller.checkin
    # Typing the first digits of a NIP lists everyone whose NIP starts so.
    prefix = desk_data.nips[0][:4]
    with qtbot.waitSignal(checkin.results_shown, check_params_cb=lambda q: q == prefix):
        qtbot.keyClicks(view.search, prefix)
    assert view.row_count() >= 1
    # Several match: Enter alone picks nobody; it selects the first and asks to choose.
    if view.row_count() > 1:
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
        assert checkin.card_kind == "choose" and view.selected_row() == 0
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    chosen = view.selected_row()
    expected = view.matches.item(chosen).text()
    with qtbot.waitSignal(checkin.card_changed, check_params_cb=lambda kind: kind == "result"):
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert view.card.status.text() == "HADIR"
    assert view.card.name.text() == expected


def test_a_name_that_matches_one_person_checks_in_on_enter(
    qtbot, window: Desk, desk_data: DeskData
) -> None:  # type: ignore[no-untyped-def]
    _open_first_event(qtbot, window)
    view, checkin = window.window.checkin, window.controller.checkin
    with desk_data.db.write() as session:  # make the name unique, so exactly one person matches
        session.connection().execute(
            text("UPDATE participant SET full_name = 'Nyoman Wirabuana, S.H.' WHERE nip = :n"),
            {"n": desk_data.nips[3]},
        )
    # Typed fast then Enter at once: the check-in waits for this text's matches, not stale ones.
    with qtbot.waitSignal(checkin.card_changed, check_params_cb=lambda kind: kind == "result"):
        qtbot.keyClicks(view.search, "nyoman wira")
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert view.card.name.text() == "Nyoman Wirabuana, S.H."
    assert view.card.status.text() == "HADIR"


def test_no_match_offers_the_walkin_form_prefilled(qtbot, window: Desk) -> None:  # type: ignore[no-untyped-def]
    _open_first_event(qtbot, window)
    view, checkin = window.window.checkin, window.controller.checkin
    with qtbot.waitSignal(checkin.results_shown):
        qtbot.keyClicks(view.search, "Zzyzx Qwerty")
    assert view.row_count() == 0
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert checkin.card_kind == "no_match"
    assert view.card.status.text() == "TIDAK DITEMUKAN"
    assert view.card.action.isVisible() and "Daftar peserta baru" in view.card.action.text()
    qtbot.keyClick(view.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: checkin.walkin is not None)
    assert checkin.walkin.dialog.form.full_name.text() == "Zzyzx Qwerty"
    qtbot.keyClick(checkin.walkin.dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: checkin.walkin is None)


def test_an_unregistered_nip_is_said_in_red_and_prefills_the_walkin(qtbot, window: Desk) -> None:  # type: ignore[no-untyped-def]
    _open_first_event(qtbot, window)
    view, checkin = window.window.checkin, window.controller.checkin
    with qtbot.waitSignal(checkin.card_changed, check_params_cb=lambda kind: kind == "error"):
        qtbot.keyClicks(view.search, "19860926 201505 1 001")
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert view.card.name.text() == "19860926 201505 1 001 tidak terdaftar di acara ini."
    assert view.card.status.text() == "BELUM TERDAFTAR"
    qtbot.keyClick(view.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: checkin.walkin is not None)
    form = checkin.walkin.dialog.form
    assert form.number.text() == "198609262015051001"
    assert form.status.currentData() == "PNS"


def test_a_legacy_nip_gets_a_clear_sentence(qtbot, window: Desk) -> None:  # type: ignore[no-untyped-def]
    _open_first_event(qtbot, window)
    view, checkin = window.window.checkin, window.controller.checkin
    with qtbot.waitSignal(checkin.card_changed, check_params_cb=lambda kind: kind == "error"):
        qtbot.keyClicks(view.search, "010203040")
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert "NIP lama (9 digit)" in view.card.name.text()
    assert view.card.status.text() == "NOMOR TIDAK VALID"


def test_typing_the_next_search_clears_the_previous_persons_card(
    qtbot, window: Desk, desk_data: DeskData
) -> None:  # type: ignore[no-untyped-def]
    _open_first_event(qtbot, window)
    view, checkin = window.window.checkin, window.controller.checkin
    # A scan: Enter clears the box at once, and that clear must not hide the result to come.
    with qtbot.waitSignal(checkin.card_changed, check_params_cb=lambda kind: kind == "result"):
        qtbot.keyClicks(view.search, desk_data.nips[0])
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    name = view.card.name.text()
    assert view.card.status.text() == "HADIR" and name and view.search.text() == ""
    # The first key of the next search takes the name and the green off the card.
    qtbot.keyClick(view.search, Qt.Key.Key_S)
    assert checkin.card_kind == "typing"
    assert not view.card.name.isVisible() and name not in view.card.status.text()
    assert view.card.state is not None and view.card.state.colours != style.PRESENT
    # Erasing what was typed goes back to the resting card, which labels the last person.
    qtbot.keyClick(view.search, Qt.Key.Key_Backspace)
    assert checkin.card_kind == "ready" and view.card.status.text() == "TERAKHIR"


def test_the_default_day_is_today_and_multi_day_events_can_pick() -> None:
    days = tuple(DayInfo(n, date(2026, 11, 23) + timedelta(days=n - 1)) for n in (1, 2, 3))
    event = EventInfo(
        "e",
        "t",
        "",
        "",
        datetime(2026, 11, 23, 8, tzinfo=UTC),
        datetime(2026, 11, 25, 16, tzinfo=UTC),
        "Asia/Makassar",
        "luring",
        None,
        False,
        "",
        "",
        "",
        days,
    )
    at = lambda d: datetime(2026, 11, d, 2, 0, tzinfo=UTC)  # noqa: E731 (10.00 WITA)
    assert default_day(event, at(24)) == (2, True)
    assert default_day(event, at(20)) == (1, False)  # before the event: day 1, with a warning
    assert default_day(event, at(28)) == (3, False)
