"""Bahasa Indonesia by default, English selectable (setting and --lang), every string translated."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.app import Desk, build_desk
from desktop.ui.i18n import i18n_dir
from desktop.ui.services.desk import desk_state
from tests.desktop import ui_support
from tests.desktop.ui_support import DeskData, sign_in

ROOT = Path(__file__).resolve().parents[2]

# Fixtures shared by the window tests.
desk_data = ui_support.desk_data
window = ui_support.window


def test_switching_to_english_in_the_settings(qtbot, window: Desk, desk_data: DeskData) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window)
    w = window.window
    qtbot.waitUntil(lambda: w.events.table.rowCount() == 1)
    with qtbot.waitSignal(window.controller.event_opened):
        qtbot.keyClick(w.events.table, Qt.Key.Key_Return)
    nip = desk_data.nips[0]
    with qtbot.waitSignal(
        window.controller.checkin.card_changed, check_params_cb=lambda k: k == "result"
    ):
        qtbot.keyClicks(w.checkin.search, nip)
        qtbot.keyClick(w.checkin.search, Qt.Key.Key_Return)
    assert w.checkin.card.status.text() == "HADIR"

    window.controller.open_settings()  # the admin is signed in: no PIN prompt
    dialog = window.controller.settings.dialog
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    qtbot.waitUntil(lambda: dialog.operators.count() == 2)
    dialog.save_requested.emit()
    qtbot.waitUntil(lambda: window.language.code == "en")
    # Everything already on screen changes: static texts, the card, the status bar, dates.
    qtbot.waitUntil(lambda: w.checkin.card.status.text() == "PRESENT")
    assert w.checkin.card.detail.text().startswith("at ") and ":" in w.checkin.card.detail.text()
    assert w.checkin.search.placeholderText() == "Type a name or scan a NIP/NIK, then Enter"
    assert w.tabs.tabText(1).startswith("Participants")
    assert w.status.sync.text() == "Sync: not set up"
    assert w.checkin.day.itemText(0).startswith("Day 1 · ")
    assert desk_state(desk_data.db).language == "en"


def test_the_lang_flag_wins_over_the_setting(qtbot, desk_data: DeskData) -> None:  # type: ignore[no-untyped-def]
    desk = build_desk(desk_data.db, lang="en")
    qtbot.addWidget(desk.window)
    desk.controller.start()
    try:
        assert desk.window.signin.button.text() == "Sign in"
        assert desk.window.status.operator.text() == "Operator: not signed in"
    finally:
        desk.close()


def test_every_string_is_translated_and_the_ts_file_is_current(tmp_path: Path) -> None:
    committed = i18n_dir() / "hadir_en.ts"
    assert (i18n_dir() / "hadir_en.qm").stat().st_mtime >= committed.stat().st_mtime - 1
    tree = ET.parse(committed)
    unfinished = [m.findtext("source") for m in tree.iter("message")
                  if m.find("translation").get("type") in ("unfinished", None)
                  and not (m.findtext("translation") or "").strip()]  # fmt: skip
    assert unfinished == []
    # Run lupdate on the sources: the committed .ts must already hold every string in the code.
    fresh = tmp_path / "hadir_en.ts"
    shutil.copy(committed, fresh)
    sources = sorted(str(p) for p in (ROOT / "desktop" / "ui").rglob("*.py"))
    lupdate = ROOT / ".venv" / "bin" / "pyside6-lupdate"
    result = subprocess.run([str(lupdate), *sources, str(ROOT / "desktop" / "app.py"), "-ts",
                             str(fresh), "-no-obsolete"], capture_output=True, text=True, check=True)  # fmt: skip
    assert re.search(r"\(0 new and \d+ already existing\)", result.stdout), result.stdout
    # Placeholders survive translation ({time} stays {time}).
    for message in tree.iter("message"):
        source, translation = (
            message.findtext("source") or "",
            message.findtext("translation") or "",
        )
        assert set(re.findall(r"\{\w+", source)) == set(re.findall(r"\{\w+", translation)), source
