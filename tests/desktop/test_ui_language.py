"""Bahasa Indonesia by default, English selectable (setting and --lang), every string translated."""

from __future__ import annotations

import ast
import logging
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.app import Desk, build_desk
from desktop.services.desk import desk_state
from desktop.ui import i18n
from desktop.ui.i18n import Language, i18n_dir
from tests.desktop import ui_support
from tests.desktop.ui_support import DeskData, sign_in

ROOT = Path(__file__).resolve().parents[2]

# Fixtures shared by the window tests.
desk_data = ui_support.desk_data
window = ui_support.window


# --------------------------------------------------------------------------- English on screen

# Words an English sentence cannot do without: caught even where the vocabulary below misses.
FUNCTION_WORDS = frozenset(
    re.findall(
        r"\w+",
        "the of is are and or for with this that not be was were has have will can cannot could "
        "please from you your it its an to on at by failed error",
    )
)
# Names and units that read the same in both languages.
ALLOWED = frozenset(re.findall(r"\w+", "english hadir qt pdf csv xlsx smtp usb qr"))


def words(text: str) -> set[str]:
    # Markup, web addresses and placeholders ({name}, %1) are not words of either language.
    plain = re.sub(r"<[^>]+>|https?://\S+|\{[^}]*\}|%\d", " ", text).replace("&", "")
    return {w for w in re.findall(r"[a-z]+", plain.lower()) if len(w) > 1}


def _english_vocabulary() -> frozenset[str]:
    """Words of the English translations and of Qt's (English) sources that no Indonesian text
    of ours uses: one of them on an Indonesian screen is English that escaped translation."""
    english: set[str] = set()
    indonesian: set[str] = set()
    for message in ET.parse(i18n_dir() / "hadir_en.ts").iter("message"):
        indonesian |= words(message.findtext("source") or "")
        english |= words(message.findtext("translation") or "")
    for message in ET.parse(i18n_dir() / "qt_id.ts").iter("message"):
        english |= words(message.findtext("source") or "")
        indonesian |= words(message.findtext("translation") or "")
    return frozenset((english - indonesian - ALLOWED) | FUNCTION_WORDS)


ENGLISH = _english_vocabulary()


def english_words(text: str) -> list[str]:
    return sorted(words(text) & ENGLISH)


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
    unfinished = [
        m.findtext("source")
        for m in tree.iter("message")
        if m.find("translation").get("type") in ("unfinished", None)
        and not (m.findtext("translation") or "").strip()
    ]
    assert unfinished == []
    # Run lupdate on the sources: the committed .ts must already hold every string in the code.
    fresh = tmp_path / "hadir_en.ts"
    shutil.copy(committed, fresh)
    sources = sorted(str(p) for p in (ROOT / "desktop" / "ui").rglob("*.py"))
    lupdate = ROOT / ".venv" / "bin" / "pyside6-lupdate"
    result = subprocess.run(
        [
            str(lupdate),
            *sources,
            str(ROOT / "desktop" / "app.py"),
            "-ts",
            str(fresh),
            "-no-obsolete",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert re.search(r"\(0 new and \d+ already existing\)", result.stdout), result.stdout
    # Placeholders survive translation ({time} stays {time}).
    for message in tree.iter("message"):
        source, translation = (
            message.findtext("source") or "",
            message.findtext("translation") or "",
        )
        assert set(re.findall(r"\{\w+", source)) == set(re.findall(r"\{\w+", translation)), source


def raised_codes() -> dict[str, str]:
    """Every error code raised in desktop/core and desktop/cli, with where: ``code="..."`` in a
    call, ``code = "..."`` in an exception class, and IdentityError's first argument."""
    found: dict[str, str] = {}
    for path in sorted(
        [*(ROOT / "desktop" / "core").rglob("*.py"), *(ROOT / "desktop" / "cli").rglob("*.py")]
    ):
        where = path.relative_to(ROOT)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            values: list[ast.expr] = []
            if isinstance(node, ast.ClassDef):
                values = [
                    s.value
                    for s in node.body
                    if isinstance(s, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == "code" for t in s.targets)
                ]
            elif isinstance(node, ast.Call):
                values = [k.value for k in node.keywords if k.arg == "code"]
                if (
                    isinstance(node.func, ast.Name)
                    and node.func.id == "IdentityError"
                    and node.args
                ):
                    values.append(node.args[0])
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.setdefault(value.value, f"{where}:{value.lineno}")
    # HadirError's default: an error raised without a code shows the core's sentence.
    found.pop("error", None)
    return found


# Raises without a code still waiting for one, by file (none are left); a count may only go down.
UNCODED_LEFT: dict[str, int] = {}


def test_every_error_the_core_raises_carries_a_code() -> None:
    """A HadirError without a code reaches the window as the core's English sentence."""
    uncoded: dict[str, list[int]] = {}
    for path in sorted((ROOT / "desktop" / "core").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Raise)
                and isinstance(node.exc, ast.Call)
                and isinstance(node.exc.func, ast.Name)
                and node.exc.func.id == "HadirError"
                and not any(k.arg == "code" for k in node.exc.keywords)
            ):
                uncoded.setdefault(str(path.relative_to(ROOT)), []).append(node.lineno)
    over = {f: lines for f, lines in uncoded.items() if len(lines) > UNCODED_LEFT.get(f, 0)}
    assert over == {}, "HadirError raised without code= (give it one and a sentence in i18n.py)"


def test_every_core_error_code_has_a_sentence_in_both_languages(qapp) -> None:  # type: ignore[no-untyped-def]
    codes = raised_codes()
    assert {"pin_format", "bad_gender", "disk_full", "passphrase_input_ended"} <= set(codes)
    indonesian = {code: i18n.code_text(code, {}) for code in codes}
    missing = sorted(f"{code} ({codes[code]})" for code, text in indonesian.items() if not text)
    assert missing == [], (
        "no Indonesian sentence in desktop/ui/i18n.py code_text for: " + ", ".join(missing)
    )
    language = Language()
    try:
        assert language.apply("en") == "en"
        english = {code: i18n.code_text(code, {}) for code in codes}
    finally:
        language.release()
    untranslated = sorted(code for code in codes if english[code] == indonesian[code])
    assert untranslated == [], (
        "no English translation (resources/i18n/hadir_en.ts) for: " + ", ".join(untranslated)
    )


def test_the_unlock_dialog_speaks_the_lang_flag(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The passphrase is asked before the desk (and its language setting) can be read: --lang
    must already apply to that dialog (issue 14 item 6)."""
    import keyring
    from keyring.backends import fail

    from desktop import app
    from desktop.core import encryption
    from desktop.core.db import Database
    from desktop.ui.unlock.dialog import PassphraseDialog

    monkeypatch.delenv(encryption.PASSPHRASE_ENV, raising=False)
    folder = tmp_path / "desk"
    working = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # a desk made where no keyring held its key
    try:
        Database(folder, passphrase="Kanwil Sulteng 2026 pemulihan").close()
    finally:
        keyring.set_keyring(working)
    seen: list[tuple[str, str]] = []

    def ask(*, new: bool, error: str = "") -> str | None:
        dialog = PassphraseDialog(None, new=new)
        qtbot.addWidget(dialog)
        seen.append((dialog.title.text(), dialog.passphrase_label.text()))
        return None  # the admin cancels: nothing opens

    monkeypatch.setattr(app, "ask_passphrase", ask)
    root = logging.getLogger()
    handlers = list(root.handlers)
    try:
        assert app.main(["--data-dir", str(folder), "--lang", "en"]) == 1
    finally:
        for handler in set(root.handlers) - set(handlers):  # main() logs to the desk folder
            root.removeHandler(handler)
            handler.close()
    assert seen == [("Open the desk's data", "&Passphrase")]


def qt_dialog_texts(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabWidget

    texts = [dialog.windowTitle()]
    texts += [w.text() for w in dialog.findChildren(QLabel)]
    texts += [w.text() for w in dialog.findChildren(QAbstractButton)]
    texts += [w.title() for w in dialog.findChildren(QGroupBox)]
    for tabs in dialog.findChildren(QTabWidget):
        texts += [tabs.tabText(i) for i in range(tabs.count())]
    return [t for t in texts if t.strip()]


def test_qts_own_dialogs_speak_indonesian(qtbot) -> None:  # type: ignore[no-untyped-def]
    """PySide6 ships no qtbase_id.qm: the file chooser, the print dialog and the standard buttons
    come from resources/i18n/qt_id.qm, and English again after switching (issue 14 item 6)."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

    language = Language()
    try:
        assert language.apply("id") == "id"
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        qtbot.addWidget(buttons)
        assert [b.text() for b in buttons.buttons()] == ["OK", "Batal"]
        question = QMessageBox(
            QMessageBox.Icon.Question,
            "Hadir",
            "?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        qtbot.addWidget(question)
        assert {b.text() for b in question.buttons()} == {"&Ya", "&Tidak"}
        chooser = QFileDialog(None, "Simpan")
        qtbot.addWidget(chooser)
        chooser.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # Qt's own, as on Linux
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser_texts = qt_dialog_texts(chooser)
        assert {"&Nama berkas:", "&Simpan", "Batal"} <= set(chooser_texts)
        printer = QPrinter()
        printing = QPrintDialog(printer)
        qtbot.addWidget(printing)
        printing_texts = qt_dialog_texts(printing)
        assert {"&Cetak", "Batal", "Jumlah salinan:"} <= set(printing_texts)
        for text in chooser_texts + printing_texts:
            assert not english_words(text), text
        language.apply("en")
        again = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(again)
        assert [b.text() for b in again.buttons()] == ["Cancel"]
    finally:
        language.release()


def test_hadirs_qt_translation_uses_qts_exact_source_strings(qapp) -> None:  # type: ignore[no-untyped-def]
    """A source that is not Qt's exactly would never be looked up: every message of qt_id.ts must
    be one that Qt's own German translation (shipped with PySide6) also translates."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    german = QTranslator()
    assert german.load("qtbase_de", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    ours = i18n_dir() / "qt_id.ts"
    assert (i18n_dir() / "qt_id.qm").stat().st_mtime >= ours.stat().st_mtime - 1
    unknown = []
    for context in ET.parse(ours).iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            assert (message.findtext("translation") or "").strip(), source
            if not german.translate(name, source):
                unknown.append((name, source))
    assert unknown == []


def shown_texts(top, *, data: bool = True) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Every text a clerk can read on ``top`` now: labels, buttons, titles, tabs, placeholders,
    tooltips, table headers and, with ``data``, list choices and the first rows of every visible
    table (which also hold names and agencies, Indonesian in any window)."""
    from PySide6.QtCore import QAbstractListModel, QModelIndex
    from PySide6.QtCore import Qt as QtNS
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QTabBar,
        QWidget,
    )

    found: list[tuple[str, str]] = [("window title", top.windowTitle())]
    for widget in [top, *top.findChildren(QWidget)]:
        if widget is not top and not widget.isVisibleTo(top):
            continue
        where = f"{type(widget).__name__} {widget.objectName()}".strip()
        texts = [widget.toolTip()]
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QComboBox) and data:
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            root = QModelIndex()
            # A list model hides columnCount (it has one column).
            columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)
            texts += [
                str(model.headerData(c, QtNS.Orientation.Horizontal) or "") for c in range(columns)
            ]
            if data:
                texts += [
                    str(model.index(r, c, root).data() or "")
                    for r in range(min(model.rowCount(root), 10))
                    for c in range(columns)
                ]
        found += [(where, t) for t in texts if t and t.strip()]
    return found


def english_on(top) -> list[tuple[str, str, list[str]]]:  # type: ignore[no-untyped-def]
    return [
        (where, text, english_words(text))
        for where, text in shown_texts(top)
        if english_words(text)
    ]


def settle(qtbot, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    """Let the background reads a screen started finish and show."""
    for _ in range(3):
        qtbot.waitUntil(lambda: desk.workers.idle, timeout=10_000)
        qtbot.wait(10)  # the finished task's callback may queue the next one


def test_no_english_on_the_first_start_screen(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    desk = ui_support.open_desk(qtbot, db, lang="id")
    try:
        view = desk.window.setup
        assert desk.window.pages.currentWidget() is view
        settle(qtbot, desk)
        qtbot.keyClicks(view.pin, "12ab")
        qtbot.keyClicks(view.pin_again, "12ab")
        view.office.setCurrentIndex(view.office.findData("SULTENG"))
        qtbot.keyClicks(view.admin_name, "Rina")
        qtbot.keyClick(view.pin_again, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: view.error.isVisible())
        assert english_on(desk.window) == []
    finally:
        desk.close()


def test_no_english_on_the_main_screens_and_dialogs(
    qtbot, window: Desk, desk_data: DeskData
) -> None:  # type: ignore[no-untyped-def]
    """Issue 14 item 6: the Indonesian window shows no English sentence, on every screen, the
    settings, the event and walk-in forms, the passphrase dialogs and a refused number."""
    from PySide6.QtWidgets import QApplication

    from desktop.ui.shell.window import SCREENS
    from desktop.ui.unlock.dialog import PassphraseDialog

    w = window.window
    problems = english_on(w)  # the sign-in page
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: w.events.table.rowCount() == 1)
    with qtbot.waitSignal(window.controller.event_opened):
        qtbot.keyClick(w.events.table, Qt.Key.Key_Return)
    with qtbot.waitSignal(window.controller.checkin.card_changed):
        qtbot.keyClicks(w.checkin.search, desk_data.nips[0])
        qtbot.keyClick(w.checkin.search, Qt.Key.Key_Return)
    for screen in SCREENS:
        w.show_screen(screen)
        settle(qtbot, window)
        problems += [(screen, *p[1:]) for p in english_on(w)]
    w.show_screen("checkin")
    with qtbot.waitSignal(window.controller.checkin.card_changed):
        qtbot.keyClicks(w.checkin.search, "12ab")
        qtbot.keyClick(w.checkin.search, Qt.Key.Key_Return)
    problems += english_on(w)

    def dialogs() -> list:  # type: ignore[type-arg]
        return [t for t in QApplication.topLevelWidgets() if t.isVisible() and t is not w]

    window.controller.open_settings()
    settings = window.controller.settings.dialog
    qtbot.waitUntil(lambda: settings.operators.count() == 2)
    settle(qtbot, window)
    for dialog in dialogs():
        problems += [("settings", *p[1:]) for p in english_on(dialog)]
    settings.reject()
    window.controller.events.new_event()
    for dialog in dialogs():
        problems += [("new event", *p[1:]) for p in english_on(dialog)]
        dialog.close()
    window.controller.checkin.open_walkin()
    settle(qtbot, window)
    for dialog in dialogs():
        problems += [("walk-in", *p[1:]) for p in english_on(dialog)]
        dialog.close()
    for new in (True, False):
        passphrase = PassphraseDialog(None, new=new)
        qtbot.addWidget(passphrase)
        passphrase.show()
        problems += [("passphrase", *p[1:]) for p in english_on(passphrase)]
        passphrase.close()
    assert problems == []


def test_the_unlock_dialog_speaks_the_desks_last_language(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Without --lang the unlock dialog speaks the language the desk's setting last gave the
    window (noted beside the encrypted database); a one-run --lang does not change that note."""
    import keyring
    from keyring.backends import fail

    from desktop import app
    from desktop.core import encryption
    from desktop.core.db import Database
    from desktop.core.desk import set_setting
    from desktop.services.desk import LANGUAGE
    from desktop.ui.i18n import LANGUAGE_MEMO
    from desktop.ui.unlock.dialog import PassphraseDialog

    monkeypatch.delenv(encryption.PASSPHRASE_ENV, raising=False)
    folder = tmp_path / "desk"
    working = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        db = Database(folder, passphrase="Kanwil Sulteng 2026 pemulihan")
    finally:
        keyring.set_keyring(working)
    with db.write() as session:
        set_setting(session=session, key=LANGUAGE, value="en")
    desk = build_desk(db, language=Language(memo=folder / LANGUAGE_MEMO))  # a start that opened
    qtbot.addWidget(desk.window)
    desk.close()
    db.close()
    assert (folder / LANGUAGE_MEMO).read_text(encoding="utf-8").strip() == "en"
    seen: list[str] = []

    def ask(*, new: bool, error: str = "") -> str | None:
        dialog = PassphraseDialog(None, new=new)
        qtbot.addWidget(dialog)
        seen.append(dialog.title.text())
        return None

    monkeypatch.setattr(app, "ask_passphrase", ask)
    root = logging.getLogger()
    handlers = list(root.handlers)
    try:
        assert app.main(["--data-dir", str(folder)]) == 1
        assert app.main(["--data-dir", str(folder), "--lang", "id"]) == 1
    finally:
        for handler in set(root.handlers) - set(handlers):
            root.removeHandler(handler)
            handler.close()
    assert seen == ["Open the desk's data", "Buka data meja"]
    assert (folder / LANGUAGE_MEMO).read_text(encoding="utf-8").strip() == "en"


def test_no_indonesian_on_the_english_screens(qtbot, desk_data: DeskData) -> None:  # type: ignore[no-untyped-def]
    """English likewise: with --lang en no interface text is left in Indonesian (participants'
    names and agencies are data, so list choices and table rows are not read here)."""
    english, indonesian = set(), set()
    for message in ET.parse(i18n_dir() / "hadir_en.ts").iter("message"):
        indonesian |= words(message.findtext("source") or "")
        english |= words(message.findtext("translation") or "")
    only_indonesian = indonesian - english
    desk = ui_support.open_desk(qtbot, desk_data.db, lang="en")
    try:
        w = desk.window
        problems = [
            (where, t) for where, t in shown_texts(w, data=False) if words(t) & only_indonesian
        ]
        sign_in(qtbot, desk)
        qtbot.waitUntil(lambda: w.events.table.rowCount() == 1)
        with qtbot.waitSignal(desk.controller.event_opened):
            qtbot.keyClick(w.events.table, Qt.Key.Key_Return)
        from desktop.ui.shell.window import SCREENS

        for screen in SCREENS:
            w.show_screen(screen)
            settle(qtbot, desk)
            problems += [
                (screen, t)
                for _where, t in shown_texts(w, data=False)
                if words(t) & only_indonesian
            ]
        assert problems == []
    finally:
        desk.close()


def _codes_hq_sets_aside() -> set[str]:
    """Every code HQ ends a refusal or set-aside reason with: RefusalCode's values and the codes
    sync/hq/ingest.py passes to Batch.refuse."""
    from sync.protocol import RefusalCode

    codes = {code.value for code in RefusalCode}
    tree = ast.parse((ROOT / "sync" / "hq" / "ingest.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "refuse"
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
        ):
            codes.add(str(node.args[1].value))
    return codes


def test_every_set_aside_code_from_hq_has_a_sentence_in_both_languages(qapp) -> None:  # type: ignore[no-untyped-def]
    """HQ's set-aside reasons are English with a code at the end ("... [clock_ahead]"): the sync
    screen shows the clerk a sentence for the code, in the window's language (issue 15)."""
    from desktop.core.sync.pull import ERASED_AT_HQ

    codes = _codes_hq_sets_aside()
    assert {"erased", "clock_ahead", "undo_mismatch"} <= codes
    unknown = i18n.set_aside_text("change x is already stored with different content")
    assert unknown.startswith("Ditolak kantor pusat:") and "different content" in unknown
    indonesian = {
        code: i18n.set_aside_text(f"updated_at: whatever HQ said [{code}]") for code in codes
    }
    assert sorted(c for c, text in indonesian.items() if text.startswith("Ditolak")) == []
    assert "[" not in "".join(indonesian.values())
    assert "dihapus" in i18n.set_aside_text(ERASED_AT_HQ)
    assert "starts_at" in i18n.set_aside_text("starts_at: 1999 is out of range [time_out_of_range]")
    language = Language()
    try:
        assert language.apply("en") == "en"
        english = {c: i18n.set_aside_text(f"updated_at: whatever HQ said [{c}]") for c in codes}
    finally:
        language.release()
    assert sorted(c for c in codes if english[c] == indonesian[c]) == []


def test_the_windows_month_and_day_names_are_the_one_list() -> None:
    """desktop/ui/i18n.py spells the names out in translate() calls, because lupdate reads only
    literals; their Indonesian sources must be the contract's list (sync/indonesian.py), the one
    the printed sheets and HQ's verification page use."""
    from sync.indonesian import DAYS, MONTHS

    tree = ast.parse((ROOT / "desktop" / "ui" / "i18n.py").read_text(encoding="utf-8"))
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}

    def sources(function: str) -> tuple[str, ...]:
        return tuple(
            call.args[1].value
            for call in ast.walk(functions[function])
            if isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id == "translate"
            and isinstance(call.args[1], ast.Constant)
        )

    assert sources("month_name") == MONTHS
    assert sources("weekday_name") == DAYS
