"""The window on a 1366x768 laptop, the commonest office screen (issue 14, item 9): it opens
within the screen (maximised when 1280x800 does not fit), its smallest size fits what such a
screen leaves for it, and no screen needs a horizontal scrollbar, for a three-day event."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QApplication, QTableView
from sqlalchemy import text

from desktop.app import build_desk, take_screenshot
from desktop.core.db import Database
from desktop.ui import style
from desktop.ui.shell.window import PREFERRED_SIZE, SCREENS, opening_size
from tests.desktop.ui_support import make_desk

LAPTOP = (1366, 768)
# A maximised window on it: the taskbar (~40 px) and the title bar (~30 px) take the rest.
MAXIMISED_CLIENT = QSize(1366, 768 - 40 - 30)


def test_the_window_opens_maximised_where_1280x800_does_not_fit() -> None:
    assert opening_size(QSize(1366, 728)) is None  # a 1366x768 laptop with its taskbar
    assert opening_size(QSize(1280, 760)) is None
    assert opening_size(QSize(1920, 1040)) == PREFERRED_SIZE
    assert opening_size(QSize(1600, 860)) == PREFERRED_SIZE


@pytest.fixture
def desk_font(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The font ``hadir`` runs with (11 pt, larger than Qt's default), for this test only."""
    before = QApplication.font()
    style.apply_base_font(qapp)
    yield
    QApplication.setFont(before)


def _three_day_desk(db: Database) -> None:
    make_desk(db, participants=40, attended=12)
    with db.write() as session:  # the demo event is one day; the day columns are what widen
        session.connection().execute(
            text("UPDATE event SET ends_at = datetime(ends_at, '+2 days')")
        )


def _needs_horizontal_scrolling(page: QAbstractScrollArea | object) -> list[str]:
    found = []
    for area in page.findChildren(QAbstractScrollArea):  # type: ignore[attr-defined]
        if not area.isVisible() or (isinstance(area, QAbstractItemView) and not area.model()):
            continue
        if area.horizontalScrollBar().isVisible():
            found.append(f"{type(area).__name__} has a horizontal scrollbar")
        if isinstance(area, QTableView):
            length, room = area.horizontalHeader().length(), area.viewport().width()
            if length > room:
                found.append(f"{type(area).__name__} columns {length} px in {room} px")
    return found


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_screen_needs_horizontal_scrolling_at_1366x768(
    qtbot, db: Database, tmp_path: Path, lang: str, desk_font: None
) -> None:  # type: ignore[no-untyped-def]
    _three_day_desk(db)
    desk = build_desk(db, lang=lang)
    qtbot.addWidget(desk.window)
    try:
        window = desk.window
        problems = {}
        for screen in SCREENS:
            shot = tmp_path / f"{screen}.png"
            assert take_screenshot(desk, view=screen, path=shot, size=LAPTOP)
            assert window.size().toTuple() == LAPTOP
            page = window.screens.currentWidget()
            assert window.current_screen() == screen
            if screen == "participants":
                assert window.participants_model.days == 3 and window.participants_model.rowCount()
            found = _needs_horizontal_scrolling(page)
            if found:
                problems[screen] = found
        assert not problems, problems
        # Every page laid out once: the smallest window fits a maximised one on the laptop.
        hint = window.minimumSizeHint()
        assert hint.width() <= MAXIMISED_CLIENT.width(), hint
        assert hint.height() <= MAXIMISED_CLIENT.height(), hint
    finally:
        desk.close()


# In a child process: Qt's offscreen platform with a screen of the given size.
OPEN_WINDOW = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from desktop.app import application, build_desk
from desktop.core.db import Database
app = application()
db = Database(Path(sys.argv[1]))
desk = build_desk(db)
desk.window.show_within_screen()
for _ in range(20):
    QCoreApplication.processEvents()
frame, screen = desk.window.frameGeometry(), desk.window.screen().availableGeometry()
print(json.dumps({"maximised": desk.window.isMaximized(), "size": desk.window.size().toTuple(),
                  "within": screen.contains(frame), "centre": frame.center().toTuple()}))
desk.close()
db.close()
"""


@pytest.mark.parametrize(
    ("screen", "maximised", "size"),
    [((1366, 768), True, None), ((1920, 1080), False, (1280, 800))],
)
def test_the_window_opens_within_the_screen(
    db: Database,
    tmp_path: Path,
    screen: tuple[int, int],
    maximised: bool,
    size: tuple[int, int] | None,
) -> None:
    _three_day_desk(db)
    folder = db.folder
    db.close()
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": screen[0], "height": screen[1],
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1,
    }]}))  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    result = subprocess.run([sys.executable, "-c", OPEN_WINDOW, str(folder)], capture_output=True,
                            text=True, env=env, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    opened = json.loads(result.stdout.strip().splitlines()[-1])
    assert opened["maximised"] is maximised
    assert opened["within"]  # nothing runs past the screen's edge
    if size is not None:
        assert tuple(opened["size"]) == size
        assert tuple(opened["centre"]) == pytest.approx((screen[0] / 2, screen[1] / 2), abs=2)
