"""``hadir``: the desk window.

    hadir [--data-dir DIR] [--lang id|en]
          [--view checkin|participants|events|certificates|online|sync]
          [--screenshot FILE.png [--screenshot-size WIDTHxHEIGHT] [--query TEXT]]

With ``--screenshot`` the window opens the view at 1280x800 (or ``--screenshot-size``, e.g.
1366x768, the commonest office laptop screen) without signing in (nothing is written), waits for
its data, saves a PNG and exits 0; a data folder without a desk shows the first-start page.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# The Qt-free part of the desk before Qt itself: once PySide6 is imported, its import hook reads
# the source of every module imported after it (looking for "from __feature__"), about 600 files of
# SQLAlchemy, pydantic, reportlab and requests, about 6% of the window's start (issue 20). The
# services the screens call at start are imported here for that alone.
import desktop.services.certificates
import desktop.services.checkin
import desktop.services.events
import desktop.services.invitations
import desktop.services.key
import desktop.services.online
import desktop.services.people
import desktop.services.station
import desktop.services.sync
import desktop.services.venue  # noqa: F401
from desktop import __version__
from desktop.core.db import Database
from desktop.core.paths import data_dir
from desktop.services.desk import desk_state

# isort: split
from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QApplication

from desktop.ui import style
from desktop.ui.i18n import LANGUAGE_MEMO, Language
from desktop.ui.shell.controller import AppController
from desktop.ui.shell.window import SCREENS, MainWindow
from desktop.ui.worker import Workers

log = logging.getLogger("hadir")

SCREENSHOT_SIZE = (1280, 800)
SCREENSHOT_TIMEOUT_S = 120.0


def screen_size(text: str) -> tuple[int, int]:
    """ "1366x768" -> (1366, 768), for ``--screenshot-size``."""
    width, sep, height = text.lower().partition("x")
    if not sep or not width.isdigit() or not height.isdigit() or min(int(width), int(height)) < 200:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a window size: write WIDTHxHEIGHT in pixels, e.g. 1366x768"
        )
    return int(width), int(height)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hadir", description="Hadir registration desk.")
    parser.add_argument("--version", action="version", version=f"hadir {__version__}")
    parser.add_argument(
        "--data-dir", help="desk data folder (default: HADIR_DATA_DIR or the user data folder)"
    )
    parser.add_argument(
        "--lang",
        choices=("id", "en"),
        help="language for this run (default: the desk's setting, else id)",
    )
    parser.add_argument(
        "--view",
        choices=SCREENS,
        default="checkin",
        help="the screen to open (after signing in, or in the screenshot)",
    )
    parser.add_argument(
        "--screenshot", metavar="FILE.png", help="render the view at 1280x800 to a PNG and exit"
    )
    parser.add_argument(
        "--screenshot-size",
        metavar="WIDTHxHEIGHT",
        type=screen_size,
        default=SCREENSHOT_SIZE,
        help="with --screenshot: the window's size (default 1280x800)",
    )
    parser.add_argument("--query", help="with --screenshot: text typed in the check-in search box")
    return parser


@dataclass
class Desk:
    """The window and what runs it: made by ``build_desk`` for main(), tests and benchmarks."""

    window: MainWindow
    controller: AppController
    workers: Workers
    language: Language
    db: Database

    def close(self) -> None:
        self.controller.checkin.camera.shutdown()
        self.controller.sync.stop()
        self.workers.shutdown()
        self.language.release()


def build_desk(db: Database, *, lang: str | None = None, language: Language | None = None) -> Desk:
    """A main window over ``db``, not yet shown or started. Needs a QApplication. ``language``
    is the one main() applied before the unlock dialog; the desk's own setting now applies."""
    language = language or Language()
    language.apply(lang or desk_state(db).language, remember=lang is None)
    workers = Workers()
    window = MainWindow()
    controller = AppController(window, db=db, workers=workers, language=language)
    return Desk(window, controller, workers, language, db)


def application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Hadir")
    app.setApplicationVersion(__version__)
    style.apply_base_font(app)
    return app


def _log_to(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        folder / "hadir.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def take_screenshot(
    desk: Desk,
    *,
    view: str,
    path: Path,
    query: str | None = None,
    size: tuple[int, int] = SCREENSHOT_SIZE,
) -> bool:
    """Show ``view`` at ``size``, wait until its background work is done, save a PNG."""
    window, workers = desk.window, desk.workers
    window.resize(*size)
    window.show()
    desk.controller.show_for_screenshot(view)
    if query and view == "checkin":
        window.checkin.search.setText(query)
        window.checkin.search.textEdited.emit(query)  # as if typed: the card gives way too
    deadline = time.monotonic() + SCREENSHOT_TIMEOUT_S
    quiet = 0
    # Idle several polls in a row: a finished task's callback may queue the next one.
    while quiet < 3 and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if workers.idle:
            quiet += 1
        else:
            quiet = 0
            workers.wait_a_little()
    QCoreApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    return window.grab().save(str(path), "PNG")


def ask_passphrase(*, new: bool, error: str = "") -> str | None:
    """The recovery passphrase from the admin, or None when they cancel."""
    from desktop.ui.unlock.dialog import PassphraseDialog

    dialog = PassphraseDialog(None, new=new)
    dialog.show_error(error)
    if dialog.exec() != PassphraseDialog.DialogCode.Accepted:
        return None
    return dialog.passphrase.text()


# A wrong passphrase costs the asker an Argon2id derivation each time; after this many the window
# closes, and the next start asks again.
MAX_PASSPHRASE_TRIES = 5


def open_database(folder: Path, *, ask: bool) -> Database:
    """Open the desk database: ask for the recovery passphrase where the OS keyring does not
    have the key; if the file is damaged, offer the newest good backup (issue 9)."""
    from desktop.core import encryption

    passphrase: str | None = None
    typed = 0
    while True:  # bounded: every pass types a passphrase, and a wrong one counts
        try:
            return _open_or_restore(folder, ask=ask, passphrase=passphrase)
        except (
            encryption.KeyUnavailable,
            encryption.PassphraseRequired,
            encryption.WrongPassphrase,
        ) as needed:
            if not ask:
                raise
            wrong = isinstance(needed, encryption.WrongPassphrase)
            if wrong and typed >= MAX_PASSPHRASE_TRIES:
                raise encryption.WrongPassphrase(
                    "Too many wrong passphrases; the desk was not opened."
                ) from None
            error = (
                QCoreApplication.translate("app", "Kata sandi salah. Coba lagi.") if wrong else ""
            )
            passphrase = ask_passphrase(
                new=isinstance(needed, encryption.PassphraseRequired), error=error
            )
            if passphrase is None:
                raise
            typed += 1


def _open_or_restore(folder: Path, *, ask: bool, passphrase: str | None) -> Database:
    from PySide6.QtWidgets import QMessageBox

    from desktop.core.backup import DatabaseDamaged, restore_backup

    try:
        return Database(folder, passphrase=passphrase)
    except DatabaseDamaged as damaged:
        if not ask or damaged.latest_backup is None:
            raise
        answer = QMessageBox.question(
            None,
            QCoreApplication.translate("app", "Data meja rusak"),
            QCoreApplication.translate(
                "app",
                "Berkas data meja ini rusak dan tidak akan diubah. Pulihkan dari cadangan "
                "terbaru yang baik ({backup})? Berkas yang rusak tetap disimpan.",
            ).format(backup=damaged.latest_backup.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            raise
        aside = restore_backup(folder, damaged.latest_backup, key=damaged.key)
        log.warning("restored %s; the damaged file is kept as %s", damaged.latest_backup, aside)
        return Database(folder, key=damaged.key)


def start_daily_backup(db: Database) -> None:
    """The day's verified backup, in the background: a 130 MB desk takes a couple of seconds to
    copy and check, which must not hold up the queue at the table."""
    import threading

    from desktop.core.backup import create_backup, needs_daily_backup

    folder, key = db.folder, db.key

    def run() -> None:
        try:
            if needs_daily_backup(folder):
                create_backup(folder, reason="daily", key=key)
        except Exception:  # a failed backup must never take the desk down; it is logged
            log.exception("daily backup failed")

    threading.Thread(target=run, name="daily-backup", daemon=True).start()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.screenshot:
        # A screenshot needs no screen; an explicit choice (e.g. xcb) still wins.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = data_dir(args.data_dir)
    _log_to(folder)
    app = application()
    # The language first: the unlock dialog and the damaged-file question come before the window.
    # The desk's own language setting is inside the encrypted database, so until it is open
    # --lang applies, else the language the window last showed (LANGUAGE_MEMO), else Indonesian.
    # A screenshot writes nothing, not even the note.
    language = Language(memo=None if args.screenshot else folder / LANGUAGE_MEMO)
    language.apply(args.lang or language.remembered(), remember=False)
    try:
        db = open_database(folder, ask=not args.screenshot)
    except Exception as error:  # a sentence, not a traceback, when the folder cannot be opened
        log.exception("cannot open the desk database in %s", folder)
        print(f"Cannot open the desk data in {folder}: {error}", file=sys.stderr)
        language.release()
        return 1
    # One line per start for whoever reads the log for support: which version opened which
    # folder (never who is in it).
    log.info("Hadir %s opened the desk in %s", __version__, folder)
    if not args.screenshot:
        start_daily_backup(db)
    desk = build_desk(db, lang=args.lang, language=language)
    try:
        if args.screenshot:
            ok = take_screenshot(
                desk,
                view=args.view,
                path=Path(args.screenshot),
                query=args.query,
                size=args.screenshot_size,
            )
            if not ok:
                print(f"Could not write {args.screenshot}", file=sys.stderr)
            return 0 if ok else 1
        desk.controller.start_screen = args.view
        desk.window.show_within_screen()
        desk.controller.start()
        return app.exec()
    finally:
        desk.close()
        db.close()


if __name__ == "__main__":
    raise SystemExit(main())
