"""The window on a 1366x768 laptop, the commonest office screen (issue 14, item 9): it opens
within the screen (maximised when 1280x800 does not fit), its smallest size fits what such a
screen leaves for it, and no screen needs a horizontal scrollbar, for a three-day event."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QApplication, QTableView
from sqlalchemy import text
from sqlmodel import Session

from desktop.app import build_desk, take_screenshot
from desktop.core.db import Database
from desktop.core.models import Event
from desktop.core.online import import_online_report
from desktop.core.registry import event_days
from desktop.ui import style
from desktop.ui.i18n import date_range_text
from desktop.ui.online.view import OnlineView
from desktop.ui.shell.window import PREFERRED_SIZE, SCREENS, opening_size
from sync import indonesian
from sync.desk.outbox import SyncRun
from tests.desktop.ui_support import make_desk

LAPTOP = (1366, 768)
# The window's own size where the screen has room (and ``--screenshot``'s default): narrower.
PREFERRED = PREFERRED_SIZE.toTuple()
# A maximised window on it: the taskbar (~40 px) and the title bar (~30 px) take the rest.
MAXIMISED_CLIENT = QSize(1366, 768 - 40 - 30)


def test_the_window_opens_maximised_where_1280x800_does_not_fit() -> None:
    assert opening_size(QSize(1366, 728)) is None  # a 1366x768 laptop with its taskbar
    assert opening_size(QSize(1280, 760)) is None
    assert opening_size(QSize(1920, 1040)) == PREFERRED_SIZE
    assert opening_size(QSize(1600, 860)) == PREFERRED_SIZE


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (date(2026, 10, 13), date(2026, 10, 15)),
        (date(2026, 9, 30), date(2026, 10, 2)),
        (date(2026, 12, 30), date(2027, 1, 1)),
        (date(2026, 11, 24), date(2026, 11, 24)),
    ],
)
def test_the_window_writes_an_events_dates_as_the_certificate_does(
    qapp, first: date, last: date
) -> None:  # type: ignore[no-untyped-def]
    # Indonesian (no translator in this test): "13–15 Oktober 2026", not "13 Oktober 2026 –
    # 15 Oktober 2026", which took the event list's title column's room at 1280x800.
    assert date_range_text(first, last) == indonesian.date_range(first, last)


@pytest.fixture
def desk_font(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The font ``hadir`` runs with (11 pt, larger than Qt's default), for this test only."""
    before = QApplication.font()
    style.apply_base_font(qapp)
    yield
    QApplication.setFont(before)


def _three_day_desk(db: Database, folder: Path) -> None:
    desk = make_desk(db, participants=40, attended=12)
    with db.write() as session:  # the demo event is one day; the day columns are what widen
        session.connection().execute(
            text("UPDATE event SET ends_at = datetime(ends_at, '+2 days')")
        )
        # People seen online, more than the Daring table shows at once (its vertical scrollbar
        # takes width too), with the longest kinds of name a Zoom report has.
        report = _zoom_report(session, desk.event_id, folder / "zoom.csv")
        import_online_report(
            session=session, event_id=desk.event_id, path=report, operator="admin", min_minutes=240
        )
        # A sync run in the history, in the longest month's name: its start time must show whole.
        started = datetime(2026, 9, 24, 2, 2, tzinfo=UTC)
        session.add(
            SyncRun(
                started_at=started,
                finished_at=started + timedelta(seconds=3),
                outcome="ok",
                pushed=264,
                pulled=1,
            )
        )


def _zoom_report(session: Session, event_id: str, path: Path) -> Path:
    """A Zoom participants report of the event's first day from its registrations: most by their
    address, some renamed "Name - Instansi" with Zoom's original name in brackets, one by the NIP in
    the name, and two nobody registered."""
    event = session.get(Event, event_id)
    assert event is not None
    eight = datetime.combine(event_days(event)[0].date, time(8))

    def row(shown: str, email: str, join: datetime, minutes: int) -> list[str]:
        return [
            shown,
            email,
            f"{join:%m/%d/%Y %I:%M:%S %p}",
            f"{join + timedelta(minutes=minutes):%m/%d/%Y %I:%M:%S %p}",
            str(minutes),
            "No" if email else "Yes",
            "Y",
        ]

    people = (
        session.connection()
        .execute(
            text(
                "SELECT p.full_name, p.email, p.nip FROM participant p JOIN registration r"
                " ON r.participant_id = p.id WHERE r.event_id = :event ORDER BY p.nip LIMIT 30"
            ),
            {"event": event_id},
        )
        .all()
    )
    rows = [
        [
            "Name (Original Name)",
            "User Email",
            "Join Time",
            "Leave Time",
            "Duration (Minutes)",
            "Guest",
            "Recording Consent",
        ]
    ]
    for n, (name, email, nip) in enumerate(people):
        if n % 5 == 3:
            first = name.removeprefix("Dr. ").removeprefix("Drs. ").removeprefix("H. ").split()[0]
            rows.append(row(f"{first} - Diskominfo ({name})", "", eight, 60 + 13 * n))
        elif n == 7:
            rows.append(row(f"{nip} - {name.split()[0]}", "", eight, 60 + 13 * n))
        else:
            rows.append(row(name, email, eight, 60 + 13 * n))
    rows.append(row("Operator Zoom Kanwil Sulawesi Tengah", "", eight, 480))
    rows.append(row("Galaxy A52", "", eight + timedelta(hours=1), 20))
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        csv.writer(out).writerows(rows)
    return path


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


@pytest.mark.parametrize("size", [LAPTOP, PREFERRED], ids=["1366x768", "1280x800"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_screen_needs_horizontal_scrolling(
    qtbot, db: Database, tmp_path: Path, lang: str, size: tuple[int, int], desk_font: None
) -> None:  # type: ignore[no-untyped-def]
    _three_day_desk(db, tmp_path)
    desk = build_desk(db, lang=lang)
    qtbot.addWidget(desk.window)
    try:
        window = desk.window
        problems = {}
        for screen in SCREENS:
            shot = tmp_path / f"{screen}.png"
            assert take_screenshot(desk, view=screen, path=shot, size=size)
            assert window.size().toTuple() == size
            page = window.screens.currentWidget()
            assert window.current_screen() == screen
            if screen == "participants":
                assert window.participants_model.days == 3 and window.participants_model.rowCount()
            if screen == "online":  # more people than it shows: its vertical scrollbar is up
                people = window.online.people
                assert people.model().rowCount() == 32
                assert people.verticalScrollBar().isVisible()
            found = _needs_horizontal_scrolling(page)
            if screen == "online":
                found += _candidates_run_past_the_panel(qtbot, window.online)
            if screen == "certificates":  # the issued list: the name beside the number
                issued = window.certificates.issued
                name = "Andi Pratama Tandiarrang"
                if issued.fontMetrics().horizontalAdvance(name) + 8 > issued.columnWidth(1):
                    found.append(f"issued certificates: Nama {issued.columnWidth(1)} px")
            if screen == "sync":
                history = window.sync.history
                started = str(history.model().index(0, 0).data())
                assert "September 2026" in started
                if history.fontMetrics().horizontalAdvance(started) + 8 > history.columnWidth(0):
                    found.append(f"the history's start time is cut: {started!r}")
            if screen == "online":  # its other tabs: the e-mail list and the imported reports
                for tab in range(1, window.online.tabs.count()):
                    window.online.tabs.setCurrentIndex(tab)
                    QApplication.processEvents()  # laid out at the window's size
                    found += _needs_horizontal_scrolling(window.online.tabs.currentWidget())
                window.online.tabs.setCurrentIndex(0)
            if found:
                problems[screen] = found
        assert not problems, problems
        # Every page laid out once: the smallest window fits a maximised one on the laptop.
        hint = window.minimumSizeHint()
        assert hint.width() <= MAXIMISED_CLIENT.width(), hint
        assert hint.height() <= MAXIMISED_CLIENT.height(), hint
    finally:
        desk.close()


def _candidates_run_past_the_panel(qtbot, online: OnlineView) -> list[str]:  # type: ignore[no-untyped-def]
    """The registered people offered for an unmatched Zoom name ("name · NIP" over the instansi)
    wrap inside the narrow resolve panel rather than run past its edge."""
    online.people.selectRow(0)  # waiting for a decision: unmatched, so the panel can search
    assert online.search.isEnabled()
    online.search.setText("a")
    qtbot.waitUntil(lambda: online.candidates.count() > 0, timeout=10_000)
    room = online.candidates.viewport().width()
    wide = [
        online.candidates.item(row).text()
        for row in range(online.candidates.count())
        if online.candidates.visualItemRect(online.candidates.item(row)).right() > room
    ]
    online.search.clear()
    return [f"candidate runs past the panel: {text!r}" for text in wide[:3]]


# In a child process: Qt's offscreen platform with a screen of the given size.
OPEN_WINDOW = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from desktop.app import application, build_desk
from desktop.core.db import Database
from sync import indonesian
from desktop.core.models import Event
from desktop.core.online import import_online_report
from desktop.core.registry import event_days
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
    _three_day_desk(db, tmp_path)
    folder = db.folder
    db.close()
    config = tmp_path / "screens.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "laptop",
                        "x": 0,
                        "y": 0,
                        "width": screen[0],
                        "height": screen[1],
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    result = subprocess.run(
        [sys.executable, "-c", OPEN_WINDOW, str(folder)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    opened = json.loads(result.stdout.strip().splitlines()[-1])
    assert opened["maximised"] is maximised
    assert opened["within"]  # nothing runs past the screen's edge
    if size is not None:
        assert tuple(opened["size"]) == size
        assert tuple(opened["centre"]) == pytest.approx((screen[0] / 2, screen[1] / 2), abs=2)
