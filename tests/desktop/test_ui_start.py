"""First start (office, desk, first admin), demo data with its PIN on screen, later starts, sign-in
failures, and the admin PIN in front of the settings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from desktop.app import Desk
from desktop.core.db import Database
from desktop.services.desk import LAST_EVENT, desk_state
from tests.desktop import ui_support
from tests.desktop.ui_support import (
    ADMIN,
    ADMIN_PIN,
    CLERK,
    CLERK_PIN,
    DeskData,
    open_desk,
    sign_in,
)

# Fixtures shared by the window tests.
desk_data = ui_support.desk_data
window = ui_support.window


@pytest.fixture
def fresh(qtbot, db: Database) -> Iterator[Desk]:  # type: ignore[no-untyped-def]
    desk = open_desk(qtbot, db)
    yield desk
    desk.close()


def test_first_start_sets_up_the_desk_and_its_admin(qtbot, fresh: Desk, db: Database) -> None:  # type: ignore[no-untyped-def]
    w = fresh.window
    view = w.setup
    assert w.pages.currentWidget() is view
    view.office.setCurrentIndex(view.office.findData("SULBAR"))
    view.desk_name.selectAll()
    qtbot.keyClicks(view.desk_name, "Meja Depan")
    qtbot.keyClicks(view.admin_name, "Rina")
    qtbot.keyClicks(view.pin, "2468")
    qtbot.keyClicks(view.pin_again, "2469")
    qtbot.keyClick(view.pin_again, Qt.Key.Key_Return)
    assert view.error.text() == "Kedua PIN tidak sama."
    view.pin_again.selectAll()
    qtbot.keyClicks(view.pin_again, "2468")
    qtbot.keyClick(view.pin_again, Qt.Key.Key_Return)
    # The admin who chose the PIN is signed in; with no event yet, the events screen opens.
    qtbot.waitUntil(lambda: w.pages.currentWidget() is w.desk and w.current_screen() == "events")
    assert w.status.office.text() == "Kanwil Kemenham Sulawesi Barat"
    assert w.status.desk.text() == "Meja: Meja Depan"
    assert w.status.sync.text() == "Sinkronisasi: belum diatur"
    state = desk_state(db)
    assert (state.office_code, state.desk_name, state.operators) == (
        "SULBAR",
        "Meja Depan",
        ("Rina",),
    )


@pytest.mark.parametrize("pin", ["12", "12ab"])
def test_a_short_or_lettered_pin_is_refused_and_nothing_is_configured(
    qtbot, fresh: Desk, db: Database, pin: str
) -> None:  # type: ignore[no-untyped-def]
    view = fresh.window.setup
    view.office.setCurrentIndex(view.office.findData("SULTENG"))
    qtbot.keyClicks(view.admin_name, "Rina")
    qtbot.keyClicks(view.pin, pin)
    qtbot.keyClicks(view.pin_again, pin)
    qtbot.keyClick(view.pin_again, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.error.isVisible())
    assert view.error.text() == "PIN hanya boleh berisi angka, minimal 4 digit."
    assert desk_state(db).needs_setup


def test_an_empty_admin_name_is_named_as_the_admin_name(qtbot, fresh: Desk, db: Database) -> None:  # type: ignore[no-untyped-def]
    view = fresh.window.setup
    view.office.setCurrentIndex(view.office.findData("SULTENG"))
    qtbot.keyClicks(view.pin, "2468")
    qtbot.keyClicks(view.pin_again, "2468")
    qtbot.keyClick(view.pin_again, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.error.isVisible())
    # The field reads "Nama admin", so the sentence does too (not "Operator perlu nama.").
    assert view.error.text() == "Nama admin wajib diisi."
    assert desk_state(db).needs_setup


def test_demo_data_shows_the_pin_and_opens_the_demo_event(qtbot, fresh: Desk, db: Database) -> None:  # type: ignore[no-untyped-def]
    w = fresh.window
    with qtbot.waitSignal(fresh.controller.setup.demo_created, timeout=30_000) as blocker:
        w.setup.demo.click()
    demo = blocker.args[0]
    assert w.pages.currentWidget() is w.signin
    assert f"PIN {demo.admin_pin}" in w.signin.notice.text()
    assert w.signin.name.text() == "admin" and w.signin.pin.hasFocus()
    qtbot.keyClicks(w.signin.pin, demo.admin_pin)
    with qtbot.waitSignal(fresh.controller.event_opened, timeout=10_000):
        qtbot.keyClick(w.signin.pin, Qt.Key.Key_Return)
    assert w.current_screen() == "checkin"
    qtbot.waitUntil(lambda: w.checkin.counter.text() == "120 / 300")
    assert "(DEMO)" in w.checkin.event_title.text()


def test_a_later_start_opens_the_last_event(qtbot, desk_data: DeskData) -> None:  # type: ignore[no-untyped-def]
    with desk_data.db.write() as session:
        session.connection().execute(
            text("INSERT INTO setting (key, value) VALUES (:k, :v)"),
            {"k": LAST_EVENT, "v": desk_data.event_id},
        )
    desk = open_desk(qtbot, desk_data.db)
    try:
        with qtbot.waitSignal(desk.controller.event_opened):
            sign_in(qtbot, desk, CLERK, CLERK_PIN)
        assert desk.window.current_screen() == "checkin"
        assert desk.window.checkin.search.hasFocus()
    finally:
        desk.close()


def test_a_wrong_pin_is_refused_and_recorded(qtbot, window: Desk, desk_data: DeskData) -> None:  # type: ignore[no-untyped-def]
    view = window.window.signin
    qtbot.keyClicks(view.name, ADMIN)
    qtbot.keyClick(view.name, Qt.Key.Key_Return)
    qtbot.keyClicks(view.pin, "0000")
    qtbot.keyClick(view.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.error.isVisible())
    assert view.error.text() == "Nama operator atau PIN salah."
    assert view.pin.text() == "" and window.window.pages.currentWidget() is view
    with desk_data.db.session() as session:
        failed = (
            session.connection()
            .execute(text("SELECT COUNT(*) FROM audit_entry WHERE action = 'signin.failed'"))
            .scalar_one()
        )
    assert failed == 1


def test_a_clerk_needs_an_admin_pin_for_the_settings(qtbot, window: Desk) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, CLERK, CLERK_PIN)
    w = window.window
    qtbot.waitUntil(lambda: w.current_screen() == "events")
    w.settings.click()
    settings = window.controller.settings
    gate = settings.gate
    assert gate is not None and gate.isVisible()
    qtbot.keyClicks(gate.name, CLERK)
    qtbot.keyClicks(gate.pin, CLERK_PIN)
    gate.submitted.emit()
    qtbot.waitUntil(lambda: gate.error.isVisible())
    assert gate.error.text() == "Hanya admin yang dapat membuka pengaturan."
    gate.name.setText(ADMIN)
    gate.pin.setText("2468")
    gate.submitted.emit()
    qtbot.waitUntil(lambda: settings.dialog is not None)
    assert settings.dialog.operator_note.text() == "Dibuka oleh admin Rina."


def test_an_admin_sets_the_recovery_passphrase_in_the_settings(
    qtbot, window: Desk, desk_data: DeskData
) -> None:  # type: ignore[no-untyped-def]
    from desktop.core import encryption

    sign_in(qtbot, window, ADMIN, ADMIN_PIN)
    w = window.window
    qtbot.waitUntil(lambda: w.current_screen() == "events")
    w.settings.click()
    settings = window.controller.settings
    qtbot.waitUntil(lambda: settings.dialog is not None)
    dialog = settings.dialog
    qtbot.waitUntil(lambda: "Belum ada kata sandi pemulihan" in dialog.key_state.text())
    assert "dienkripsi" in dialog.key_state.text()
    dialog.passphrase.setText("pendek")
    dialog.passphrase_again.setText("pendek")
    dialog.set_passphrase.click()
    qtbot.waitUntil(lambda: dialog.passphrase_error.isVisibleTo(dialog))
    assert dialog.passphrase_error.text() == "Kata sandi pemulihan minimal 10 karakter."
    dialog.passphrase.setText("Palu aula lantai dua 2026")
    dialog.passphrase_again.setText("Palu aula lantai dua 2026")
    dialog.set_passphrase.click()
    qtbot.waitUntil(lambda: "sudah dibuat" in dialog.key_state.text(), timeout=20_000)
    assert not dialog.passphrase_error.isVisibleTo(dialog) and dialog.passphrase.text() == ""
    db = desk_data.db
    assert (
        encryption.open_key_file(encryption.key_file(db.folder), "Palu aula lantai dua 2026")
        == db.key
    )
    with db.session() as session:
        audited = (
            session.connection()
            .execute(text("SELECT operator FROM audit_entry WHERE action = 'key.passphrase'"))
            .scalars()
            .all()
        )
    assert audited == [ADMIN]


def test_no_office_is_chosen_for_the_clerk_and_typing_finds_one(
    qtbot, fresh: Desk, db: Database
) -> None:  # type: ignore[no-untyped-def]
    view = fresh.window.setup
    assert view.office.currentIndex() == -1 and view.office.currentText() == ""
    qtbot.keyClicks(view.admin_name, "Rina")
    qtbot.keyClicks(view.pin, "2468")
    qtbot.keyClicks(view.pin_again, "2468")
    qtbot.keyClick(view.pin_again, Qt.Key.Key_Return)
    assert view.error.text() == "Pilih kantor wilayah terlebih dahulu."
    assert desk_state(db).needs_setup
    # Typing part of the name (not its start: every name begins "Kanwil") offers the office.
    completer = view.office.completer()
    completer.setCompletionPrefix("sulawesi tengah")
    assert completer.completionCount() == 1
    view.office.setEditText(completer.currentCompletion())
    qtbot.keyClick(view.pin_again, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not desk_state(db).needs_setup)
    assert desk_state(db).office_code == "SULTENG"


def test_first_start_says_where_the_key_is_kept(qtbot, fresh: Desk) -> None:  # type: ignore[no-untyped-def]
    """Issue 14 item 15: the suite's keyring keeps the key, so the page says so and asks for a
    recovery passphrase later; without a keyring it says what the admin must arrange."""
    view = fresh.window.setup
    qtbot.waitUntil(lambda: view.key_note.isVisibleTo(view))
    assert "tersimpan di brankas kunci" in view.key_note.text()
    assert "kata sandi pemulihan di Pengaturan" in view.key_note.text()


def test_first_start_without_a_keyring_says_what_the_admin_arranges(
    qtbot, data_dir, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import keyring
    from keyring.backends import fail

    from desktop.core import encryption

    monkeypatch.delenv(encryption.PASSPHRASE_ENV, raising=False)
    working = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # a Linux laptop with no desktop keyring
    try:
        db = Database(data_dir, passphrase="Kanwil Sulteng 2026 pemulihan")
        desk = open_desk(qtbot, db)
        try:
            view = desk.window.setup
            qtbot.waitUntil(lambda: view.key_note.isVisibleTo(view))
            note = view.key_note.text()
            assert "meminta kata sandi pemulihan setiap kali dibuka" in note
            assert "menyimpan kata sandi itu di tempat aman" in note
            assert "GNOME Keyring" in note
        finally:
            desk.close()
            db.close()
    finally:
        keyring.set_keyring(working)
