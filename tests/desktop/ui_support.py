"""Builders for the window tests: a desk with operators and an event, and the window over it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import text

from desktop.app import Desk, build_desk
from desktop.core.db import Database
from desktop.core.demo import create_demo
from desktop.core.desk import desk_identity
from desktop.core.operators import create_operator
from desktop.services.desk import first_start

ADMIN, ADMIN_PIN = "Rina", "2468"
CLERK, CLERK_PIN = "Budi", "1357"
# Valid NIPs that the demo data does not contain (the demo's birth years are 1965-2000).
WALKIN_NIP = "198609262015051001"
WALKIN_NIP_PRINTED = "19860926 201505 1 001"


@dataclass
class DeskData:
    db: Database
    event_id: str
    nips: list[str]  # registered, not yet checked in


def make_desk(db: Database, *, participants: int = 40, attended: int = 0) -> DeskData:
    first_start(db, office_code="SULTENG", desk_name="Meja 2", admin_name=ADMIN, pin=ADMIN_PIN)
    with db.write() as session:
        create_operator(session=session, name=CLERK, pin=CLERK_PIN)
        desk = desk_identity(session=session)
        event_id = create_demo(
            session=session, desk=desk, participants=participants, attended=attended
        ).event_id
    with db.session() as session:
        nips = [
            nip
            for (nip,) in session.connection().execute(
                text(
                    "SELECT p.nip FROM participant p WHERE p.nip IS NOT NULL AND NOT EXISTS "
                    "(SELECT 1 FROM checkin c WHERE c.participant_id = p.id) ORDER BY p.nip"
                )
            )
        ]
    return DeskData(db, event_id, nips)


@pytest.fixture
def desk_data(db: Database) -> DeskData:
    return make_desk(db)


def open_desk(qtbot, db: Database, *, lang: str = "id") -> Desk:  # type: ignore[no-untyped-def]
    """The window, shown, active (keys reach it) and started."""
    from PySide6.QtWidgets import QApplication

    desk = build_desk(db, lang=lang)
    qtbot.addWidget(desk.window)
    desk.window.resize(1280, 800)
    desk.window.show()
    qtbot.waitExposed(desk.window)
    desk.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is desk.window)
    desk.controller.start()
    return desk


@pytest.fixture
def window(qtbot, desk_data: DeskData) -> Iterator[Desk]:  # type: ignore[no-untyped-def]
    desk = open_desk(qtbot, desk_data.db)
    yield desk
    desk.close()


def sign_in(qtbot, desk: Desk, name: str = ADMIN, pin: str = ADMIN_PIN) -> None:  # type: ignore[no-untyped-def]
    """Keyboard only: the name, Enter (to the PIN), the PIN, Enter."""
    from PySide6.QtCore import Qt

    view = desk.window.signin
    assert desk.window.pages.currentWidget() is view
    view.name.setFocus()
    view.name.selectAll()
    qtbot.keyClicks(view.name, name)
    qtbot.keyClick(view.name, Qt.Key.Key_Return)
    assert view.pin.hasFocus()
    qtbot.keyClicks(view.pin, pin)
    qtbot.keyClick(view.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.window.pages.currentWidget() is desk.window.desk)
