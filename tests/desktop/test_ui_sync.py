"""The Sync screen and the window's sync loop against a real HQ server on 127.0.0.1: enroll from the
form, sync now, the status bar, a check-in pushed by the loop, the USB bundle."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.app import Desk
from desktop.core.db import Database
from desktop.core.desk import set_setting
from desktop.core.operators import create_operator
from desktop.core.sync.enrollment import enroll as enroll_desk
from desktop.core.sync.run import run_sync
from desktop.core.sync.settings import Keys
from desktop.services.desk import desk_state, first_start, set_last_event
from desktop.ui import i18n
from tests.desktop.ui_support import ADMIN, ADMIN_PIN, CLERK, CLERK_PIN, open_desk, sign_in
from tests.sync.conftest import _no_system_proxy, hq  # noqa: F401 (fixtures)
from tests.sync.helpers import (
    FAST,
    HqProcess,
    check_in,
    make_desk,
    make_event,
    register,
    sync_until_done,
)


@pytest.fixture
def desk_db(db: Database) -> Database:
    first_start(db, office_code="SULTENG", desk_name="Meja 2", admin_name=ADMIN, pin=ADMIN_PIN)
    with db.write() as session:
        create_operator(session=session, name=CLERK, pin=CLERK_PIN)
        for key, value in FAST.items():
            set_setting(session=session, key=key, value=value)
    event = make_event(db)
    people = register(db, event, range(1, 6))
    check_in(db, event, people[:2])
    set_last_event(db, event_id=event, operator=ADMIN)
    return db


def open_sync(qtbot, db: Database, name: str = ADMIN, pin: str = ADMIN_PIN) -> Desk:  # type: ignore[no-untyped-def]
    desk = open_desk(qtbot, db)
    sign_in(qtbot, desk, name, pin)
    controller = desk.controller.sync
    qtbot.waitUntil(lambda: desk.controller.context.event is not None)
    with qtbot.waitSignal(controller.status_changed, timeout=20_000):
        qtbot.keyClick(desk.window.desk, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert desk.window.current_screen() == "sync"
    return desk


def enroll(qtbot, desk: Desk, hq: HqProcess) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    controller, view = desk.controller.sync_screen, desk.window.sync
    assert view.enroll_box.isVisible() and view.enroll.isEnabled()
    qtbot.keyClicks(view.server_url, hq.url)
    qtbot.keyClicks(view.code, hq.enrollment_code())
    with qtbot.waitSignal(controller.enrolled, timeout=30_000):
        qtbot.mouseClick(view.enroll, Qt.MouseButton.LeftButton)


def test_not_enrolled_says_so_and_keeps_everything(qtbot, desk_db: Database) -> None:  # type: ignore[no-untyped-def]
    desk = open_sync(qtbot, desk_db)
    try:
        view = desk.window.sync
        qtbot.waitUntil(lambda: "belum terhubung" in view.headline.text())
        assert view.pending.text() != "0"  # the records wait here, nothing is lost
        assert not view.sync_now.isEnabled() and not view.bundle.isEnabled()
        assert desk.window.status.sync.text() == "Sinkronisasi: belum diatur"
    finally:
        desk.close()


def test_enroll_sync_now_and_the_status_bar(
    qtbot,
    desk_db: Database,
    hq: HqProcess,  # noqa: F811  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    desk = open_sync(qtbot, desk_db)
    try:
        controller, view, status = desk.controller.sync, desk.window.sync, desk.window.status
        enroll(qtbot, desk, hq)
        qtbot.waitUntil(lambda: view.server.text() == hq.url and view.sync_now.isEnabled())
        with qtbot.waitSignal(controller.finished, timeout=60_000) as finished:
            qtbot.mouseClick(view.sync_now, Qt.MouseButton.LeftButton)
        report = finished.args[0]
        assert report.outcome == "ok" and report.pending == 0 and report.pushed > 0
        qtbot.waitUntil(lambda: view.pending.text() == "0")
        qtbot.waitUntil(lambda: status.sync.text().startswith("Sinkron: Daring"))
        text = status.sync.text()
        assert "0 menunggu" in text or "semua data di kantor pusat" in text
        assert "terakhir" in text
        qtbot.waitUntil(lambda: view.history_model.rowCount() >= 1)
        assert view.history_model.rows[0][1] == "berhasil"
        # "All at HQ" only when sync_status says so.
        assert (
            view.headline.text() == "Semua data sudah di kantor pusat."
        ) == controller.status.all_at_hq
        assert hq.query("SELECT COUNT(*) FROM checkin")[0][0] == 2

        # A check-in made now is pushed by the loop without anyone pressing a button.
        controller.soon.setInterval(100)
        event = desk.controller.context.event
        assert event is not None
        with desk_db.session() as session:
            from sqlalchemy import text as sql

            waiting = [
                pid
                for (pid,) in session.connection().execute(
                    sql(
                        "SELECT participant_id FROM registration WHERE participant_id NOT IN "
                        "(SELECT participant_id FROM checkin)"
                    )
                )
            ]
        check_in(desk_db, event.id, waiting[:1])
        with qtbot.waitSignal(controller.finished, timeout=60_000) as finished:
            desk.controller.checkin.attendance_changed.emit()
        assert finished.args[0].pending == 0
        assert hq.query("SELECT COUNT(*) FROM checkin")[0][0] == 3

        bundle = tmp_path / "paket.hadir"
        view.bundle_all.setChecked(True)
        with qtbot.waitSignal(
            desk.controller.sync_screen.bundle_written, timeout=30_000
        ) as written:
            desk.controller.sync_screen.export_bundle(bundle)
        assert bundle.is_file() and written.args[0]["items"] > 0
        assert written.args[0]["sealed"] is True
        assert "dienkripsi untuk kantor pusat" in view.progress_text.text()
    finally:
        desk.close()


def test_a_clerk_cannot_enroll(qtbot, desk_db: Database) -> None:  # type: ignore[no-untyped-def]
    desk = open_sync(qtbot, desk_db, CLERK, CLERK_PIN)
    try:
        view = desk.window.sync
        qtbot.waitUntil(lambda: "belum terhubung" in view.headline.text())
        assert not view.enroll.isEnabled()
    finally:
        desk.close()


def test_a_pull_shows_in_every_view_where_the_clerk_left_it(  # type: ignore[no-untyped-def]
    qtbot,
    desk_db: Database,
    hq: HqProcess,  # noqa: F811
    tmp_path: Path,
) -> None:
    # This desk: one event with enough people to scroll, all of it already at HQ.
    event_id = desk_state(desk_db).last_event_id
    assert event_id is not None
    register(desk_db, event_id, range(10, 70))
    enroll_desk(desk_db, server_url=hq.url, code=hq.enrollment_code(), desk_name="Meja 2")
    assert sync_until_done(desk_db).pending == 0
    # Another desk takes the event from HQ, registers a walk-in and creates a second event.
    other = make_desk(tmp_path / "meja-3", hq=hq, server_url=hq.url, name="Meja 3")
    try:
        assert run_sync(other).outcome == "ok"
        [walkin] = register(other, event_id, [7])
        make_event(other, title="Rapat Koordinasi Wilayah")
        assert sync_until_done(other).pending == 0
    finally:
        other.close()

    desk = open_desk(qtbot, desk_db)
    try:
        controller, w = desk.controller, desk.window
        controller.sync.interval = 1e9  # only the pull this test starts
        sign_in(qtbot, desk)
        qtbot.waitUntil(lambda: controller.context.event is not None)
        qtbot.waitUntil(lambda: w.events.table.rowCount() == 1)
        # The clerk's place in each view. Check-in: a search typed, the third match chosen.
        checkin, search = w.checkin, w.checkin.search
        with qtbot.waitSignal(controller.checkin.results_shown):
            qtbot.keyClicks(search, "Peserta 1")
        for _ in range(3):
            qtbot.keyClick(search, Qt.Key.Key_Down)
        chosen = checkin.matches.currentItem().data(Qt.ItemDataRole.UserRole)
        qtbot.waitUntil(lambda: checkin.counter.text().endswith(" / 65"))
        # Certificates seen once (65 people), then left for another screen.
        with qtbot.waitSignal(controller.certificates.loaded, timeout=10_000):
            w.show_screen("certificates")
        assert w.certificates.people_model.rowCount() == 65
        # Participants: a filter, a person far down the list, the table scrolled there.
        participants = controller.participants
        with qtbot.waitSignal(participants.loaded, timeout=10_000):
            w.show_screen("participants")
        with qtbot.waitSignal(participants.filtered):
            qtbot.keyClicks(w.participants.filter, "Peserta")
        table = w.participants.table
        table.selectRow(40)
        person = participants.model.participant_id(40)
        table.verticalScrollBar().setValue(table.verticalScrollBar().maximum())
        scroll = table.verticalScrollBar().value()
        assert scroll > 0 and participants.model.rowCount() == 65

        with qtbot.waitSignal(controller.sync.pulled, timeout=60_000) as pulled:
            controller.sync.sync(force=True)
        assert pulled.args[0].pulled >= 3  # the event, the walk-in and the registration

        # The participants table has the walk-in; the filter, the chosen person and the scroll stay.
        qtbot.waitUntil(
            lambda: participants.model.rowCount() == 66 and table.currentIndex().isValid()
        )
        assert w.participants.filter.text() == "Peserta"
        assert participants.model.participant_id(w.participants.current_row()) == person
        assert table.verticalScrollBar().value() == scroll
        assert walkin in {participants.model.participant_id(r) for r in range(66)}
        # Check-in counts the new registration; the typed text and the chosen match stay.
        qtbot.waitUntil(lambda: checkin.counter.text().endswith(" / 66"))
        assert search.text() == "Peserta 1" and controller.checkin.card_kind == "typing"
        assert checkin.matches.currentItem().data(Qt.ItemDataRole.UserRole) == chosen
        # The event list has the other desk's event, and the open event is still the one chosen.
        qtbot.waitUntil(lambda: w.events.table.rowCount() == 2)
        titles = {w.events.table.item(r, 0).text() for r in range(2)}
        assert "Rapat Koordinasi Wilayah" in titles
        selected = w.events.table.item(w.events.current_row(), 0).text()
        assert selected == "Pelatihan HAM bagi ASN" and controller.context.event.id == event_id
        assert w.current_screen() == "participants"
        # Certificates, hidden during the pull, has the walk-in when shown again.
        w.show_screen("certificates")
        qtbot.waitUntil(lambda: w.certificates.people_model.rowCount() == 66)
    finally:
        desk.close()


def test_hq_refusals_read_in_the_window_language(qtbot, desk_db: Database, hq: HqProcess) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    """Issue 14 item 6: HQ's refusal reaches the clerk as the window's sentence for HQ's code,
    not as "Tidak dapat dilakukan: Enrollment failed: This enrollment code is unknown..."."""
    desk = open_sync(qtbot, desk_db)
    try:
        controller, view = desk.controller.sync, desk.window.sync
        qtbot.keyClicks(view.server_url, hq.url)
        qtbot.keyClicks(view.code, "KODE-SALAH-123")
        qtbot.mouseClick(view.enroll, Qt.MouseButton.LeftButton)
        expected = (
            "Kode pendaftaran tidak dikenal, sudah dipakai, atau kedaluwarsa. Minta kode baru ke "
            "admin kantor pusat."
        )
        qtbot.waitUntil(lambda: view.progress_text.text() == expected, timeout=30_000)
        assert "Enrollment" not in view.progress_text.text()

        view.code.clear()
        view.server_url.clear()
        enroll(qtbot, desk, hq)
        qtbot.waitUntil(lambda: view.sync_now.isEnabled())
        with desk_db.session() as session:
            from desktop.core.desk import get_setting
            from desktop.core.sync.settings import Keys

            device_id = get_setting(session=session, key=Keys.DEVICE)
        assert device_id
        hq.revoke(device_id)
        with qtbot.waitSignal(controller.finished, timeout=60_000) as finished:
            qtbot.mouseClick(view.sync_now, Qt.MouseButton.LeftButton)
        report = finished.args[0]
        assert report.outcome == "refused" and report.error_code == "hq_desk_revoked"
        assert "revoked" in (report.error or "")  # the CLI and the log keep HQ's English
        revoked = (
            "Meja ini sudah dicabut oleh kantor pusat. Hubungkan lagi dengan kode pendaftaran baru."
        )
        assert view.progress_text.text() == revoked
        # The problem list, read back from the desk's settings after the run, says it alike.
        qtbot.waitUntil(lambda: f"• {revoked}" in view.problems.text(), timeout=20_000)
        assert "revoked" not in view.problems.text()
    finally:
        desk.close()


def test_the_clock_problem_reads_in_the_window_language(qtbot, desk_db: Database) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.sync.settings import Keys

    with desk_db.write() as session:  # as a sync with a desk clock 9 minutes fast leaves them
        set_setting(session=session, key=Keys.CLOCK_SKEW, value="540.0")
        set_setting(
            session=session,
            key=Keys.CLOCK_WARNING,
            value=(
                "This desk's clock is 9 minutes ahead of HQ's: check the laptop's date, time and "
                "time zone."
            ),
        )
    desk = open_sync(qtbot, desk_db)
    try:
        view = desk.window.sync
        qtbot.waitUntil(lambda: "Jam komputer ini berbeda 540 detik" in view.problems.text())
        assert "ahead" not in view.problems.text()
    finally:
        desk.close()


def test_replaced_event_settings_read_in_the_window_language(qtbot, desk_db: Database) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.sync.pull import apply_pulled
    from desktop.services.certificates import event_settings
    from sync.desk.outbox import OutboxState
    from sync.protocol import PulledChange

    with desk_db.session() as session:
        event_id = str(session.connection().exec_driver_sql("SELECT id FROM event").scalar())
    mine = event_settings(desk_db, event_id=event_id, operator=ADMIN, min_days=2)
    with desk_db.write() as session:  # HQ acknowledged it, then received Meja 1's version after
        session.connection().exec_driver_sql(
            "UPDATE outbox SET state = ? WHERE kind = 'event_settings'",
            (OutboxState.ACKNOWLEDGED.value,),
        )
        theirs = mine.model_copy(update={"min_days": 1, "desk_name": "Meja 1"})
        apply_pulled(
            session=session,
            changes=[
                PulledChange(
                    seq=1,
                    id="01J0000000000000000000000A",
                    kind="event_settings",
                    payload=theirs.model_dump(mode="json"),
                )
            ],
        )
    desk = open_sync(qtbot, desk_db)
    try:
        view = desk.window.sync
        qtbot.waitUntil(lambda: "diganti dengan versi Meja 1" in view.problems.text())
        assert "Pelatihan HAM bagi ASN" in view.problems.text()
        assert "replaced" not in view.problems.text()
    finally:
        desk.close()


def test_the_sync_loop_knows_no_widget() -> None:
    """The scheduler (timers, runs, the queue) is the loop without the screen: it imports no
    widget, no view and no status bar; the screen's controller turns its signals into sentences."""
    import ast

    import desktop.ui.sync.scheduler as scheduler

    tree = ast.parse(Path(scheduler.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {
        a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names
    }
    assert not {
        m
        for m in imported
        if m
        and (
            m.startswith("PySide6.QtWidgets")
            or m.startswith("desktop.ui.sync.view")
            or m.startswith("desktop.ui.statusbar")
        )
    }
    assert ".tr(" not in Path(scheduler.__file__).read_text(encoding="utf-8")  # no sentences


def test_set_aside_items_read_in_the_window_language(qtbot, desk_db: Database) -> None:  # type: ignore[no-untyped-def]
    """HQ answers in English with a code at the end; the Sync screen shows the clerk the sentence
    for the code and keeps HQ's words in the tooltip (issue 15)."""
    from sqlalchemy import text

    hq_said = (
        "updated_at: 2099-01-01T00:00:00Z is more than a day ahead of HQ's clock [clock_ahead]"
    )
    with desk_db.write() as session:
        session.connection().execute(
            text(
                "UPDATE outbox SET state = 'set_aside', reason = :reason WHERE seq = "
                "(SELECT MIN(seq) FROM outbox)"
            ),
            {"reason": hq_said},
        )
    desk = open_sync(qtbot, desk_db)
    try:
        model = desk.window.sync.aside_model
        qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=20_000)
        shown = model.data(model.index(0, 2), Qt.ItemDataRole.DisplayRole)
        assert shown.startswith("Tanggal di komputer meja ini lebih maju dari kantor pusat"), shown
        assert "ahead" not in shown
        assert model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole) == hq_said
    finally:
        desk.close()


def test_the_history_says_why_a_run_fell_short_in_the_clerks_language(
    qtbot,
    desk_db: Database,
    hq: HqProcess,  # noqa: F811  # type: ignore[no-untyped-def]
) -> None:
    enroll_desk(desk_db, server_url=hq.url, code=hq.enrollment_code(), desk_name="Meja 1")
    with socket.socket() as closed:  # a port nobody listens on: HQ is out of reach
        closed.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{closed.getsockname()[1]}"
    with desk_db.write() as session:
        set_setting(session=session, key=Keys.SERVER, value=dead)
    report = run_sync(desk_db)
    assert report.outcome == "offline" and report.error_code, report
    desk = open_sync(qtbot, desk_db)
    try:
        view = desk.window.sync
        qtbot.waitUntil(lambda: view.history_model.rowCount() >= 1)
        row = view.history_model.rows[0]
        assert row[1] == "tidak terhubung"
        # The window's own sentence for the code, not the core's English (kept for support).
        shown = row[6]
        assert shown and shown != report.error and "HQ" not in shown.split()[0], shown
        assert shown == i18n.code_text(report.error_code, report.error_params)
    finally:
        desk.close()
