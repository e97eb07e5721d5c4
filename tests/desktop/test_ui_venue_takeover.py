"""The venue hub's QR code and takeover in the window (issue 17 items 3 and 6), against real hubs
on 127.0.0.1: the hub's window shows its join text as a QR code (decoded here) that changes with
the code; a member's join field takes that text as a 2D scanner types it; the hub killed, a member
offers to take over, and when another desk took over the member moves to it and the status bar
says so.

``HADIR_VENUE_SHOTS=DIR`` also saves the hub's and the member's Sync screen at 1280x800 and
1366x768 (docs/screenshots/venue-hub*.png, venue-member*.png come from here).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, Qt

from desktop.app import Desk
from desktop.core.db import Database
from desktop.core.desk import set_setting
from desktop.core.venue import member
from desktop.core.venue.discovery import INTERFACES_VARIABLE
from desktop.services import venue as service
from desktop.services.desk import first_start
from desktop.services.venue import PORT_SETTING
from sync.desk.venue_wire import JoinText, parse_join_text
from tests.desktop.ui_support import ADMIN, ADMIN_PIN, open_desk, sign_in
from tests.sync.conftest import _no_system_proxy  # noqa: F401 (fixture)
from tests.sync.helpers import FAST, free_port, make_event, register
from tests.sync.test_venue_hub import HubProcess, _desk

SHOTS = os.environ.get("HADIR_VENUE_SHOTS")


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(INTERFACES_VARIABLE, "127.0.0.1")


@pytest.fixture(autouse=True)
def _the_apps_font(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Screenshots in the font ``hadir`` itself sets (pytest-qt's application has Qt's)."""
    if not SHOTS:
        yield
        return
    from desktop.ui import style

    before = qapp.font()
    style.apply_base_font(qapp)
    yield
    qapp.setFont(before)


@pytest.fixture
def window_db(db: Database) -> Database:
    first_start(db, office_code="SULTENG", desk_name="Meja 2", admin_name=ADMIN, pin=ADMIN_PIN)
    with db.write() as session:
        for key, value in FAST.items():
            set_setting(session=session, key=key, value=value)
    return db


@pytest.fixture
def venue(tmp_path: Path) -> Iterator[tuple[Database, HubProcess]]:
    hub_db = _desk(tmp_path / "hub", "Meja 1")
    register(hub_db, make_event(hub_db), range(1, 7))
    hub = HubProcess(tmp_path / "hub")
    hub.start()
    yield hub_db, hub
    hub.kill()
    hub_db.close()


def _open_sync(qtbot, db: Database) -> Desk:  # type: ignore[no-untyped-def]
    desk = open_desk(qtbot, db)
    sign_in(qtbot, desk)
    desk.window.show_screen("sync")
    qtbot.waitUntil(lambda: desk.controller.venue.status is not None, timeout=10_000)
    return desk


def _decoded(label) -> str:  # type: ignore[no-untyped-def]
    """What a phone or a scanner reads off the QR label on the screen."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert label.pixmap().save(buffer, "PNG")
    found = zxingcpp.read_barcode(Image.open(io.BytesIO(bytes(buffer.data().data()))))
    assert found is not None, "no QR code on the screen"
    return str(found.text)


def _shoot(qtbot, desk: Desk, name: str) -> None:  # type: ignore[no-untyped-def]
    if not SHOTS:
        return
    for size, suffix in (((1280, 800), ""), ((1366, 768), "-1366x768")):
        desk.window.resize(*size)
        qtbot.wait(300)
        assert desk.window.grab().save(str(Path(SHOTS) / f"{name}{suffix}.png"), "PNG")


def test_the_hub_shows_its_join_text_as_a_qr_code_that_follows_the_code(
    qtbot, tmp_path: Path, window_db: Database
) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    with window_db.write() as session:
        set_setting(session=session, key=PORT_SETTING, value=str(port))
    desk = _open_sync(qtbot, window_db)
    other = _desk(tmp_path / "meja3", "Meja 3")
    try:
        w, venue = desk.window, desk.controller.venue
        with qtbot.waitSignal(venue.hosting_changed, timeout=10_000) as started:
            qtbot.mouseClick(w.sync.host, Qt.MouseButton.LeftButton)
        running = started.args[0]
        assert venue.qr.isVisible()
        shown = parse_join_text(_decoded(venue.qr))
        assert shown == JoinText(running.url, running.pair_code, running.fingerprint)
        # Five wrong tries kill the code: the hub makes a new one, and the QR says the new one.
        first = running.pair_code
        for _ in range(5):
            with pytest.raises(Exception, match="refused"):
                service.join(
                    other, hub_url=f"http://127.0.0.1:{port}", code="000000", operator="petugas"
                )
        qtbot.waitUntil(lambda: parse_join_text(_decoded(venue.qr)).code != first, timeout=5_000)
        assert parse_join_text(_decoded(venue.qr)).code == running.pair_code
        assert w.sync.pair_code.text().replace(" ", "") == running.pair_code
        service.join(
            other, hub_url=f"http://127.0.0.1:{port}", code=running.pair_code, operator="petugas"
        )
        venue.refresh()
        qtbot.waitUntil(lambda: "Meja 3" in w.sync.venue_state.text(), timeout=5_000)
        _shoot(qtbot, desk, "venue-hub")
        with qtbot.waitSignal(venue.hosting_changed, timeout=15_000):
            qtbot.mouseClick(w.sync.stop_hosting, Qt.MouseButton.LeftButton)
        assert not venue.qr.isVisible()
    finally:
        desk.close()
        other.close()


def test_the_join_field_takes_the_scanned_text_and_checks_the_fingerprint(
    qtbot, venue, window_db: Database
) -> None:  # type: ignore[no-untyped-def]
    _, hub = venue
    desk = _open_sync(qtbot, window_db)
    try:
        box, controller = desk.window.sync, desk.controller.venue
        # A scanner types a QR with a fingerprint that is not this hub's, then Enter: the code
        # is right, and still nothing is pinned.
        forged = JoinText(hub.url, hub.code, "0000-0000-0000-0000").text()
        box.hub_code.setFocus()
        qtbot.keyClicks(box.hub_code, forged)
        assert box.hub_url.text() == hub.url and box.hub_code.text() == hub.code
        qtbot.keyClick(box.hub_code, Qt.Key.Key_Return)
        assert "0000-0000-0000-0000" in box.venue_message.text()  # what it will check
        qtbot.waitUntil(lambda: "berbeda" in box.venue_message.text(), timeout=10_000)
        assert controller.role == "none" and box.join.isVisible()
        # The hub's own QR text, typed into the address field, then Enter: joined.
        box.hub_url.clear()
        box.hub_code.clear()
        box.hub_url.setFocus()
        qtbot.keyClicks(box.hub_url, hub.first_line["join_text"])
        assert box.hub_url.text() == hub.url and box.hub_code.text() == hub.code
        with qtbot.waitSignal(controller.joined, timeout=15_000):
            qtbot.keyClick(box.hub_url, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: controller.role == "member", timeout=5_000)
        assert hub.first_line["fingerprint"] in box.venue_message.text()
    finally:
        desk.close()


def test_hub_gone_a_member_offers_to_take_over_and_moves_to_the_desk_that_did(
    qtbot, tmp_path: Path, venue, window_db: Database
) -> None:  # type: ignore[no-untyped-def]
    _, hub = venue
    third = _desk(tmp_path / "meja3", "Meja 3")
    running = None
    desk = _open_sync(qtbot, window_db)
    try:
        w, controller = desk.window, desk.controller.venue
        for db in (window_db, third):
            service.join(db, hub_url=hub.url, code=hub.code, operator="petugas")
        for db in (window_db, third):  # the roster, with both desks
            assert service.exchange(db).error is None  # type: ignore[union-attr]
        controller.refresh()
        qtbot.waitUntil(lambda: controller.role == "member", timeout=5_000)
        qtbot.waitUntil(lambda: w.status.venue.text() == "Hub lokasi: terhubung (Meja 1)")
        assert not w.sync.host.isVisible()  # the hub answers: no second hub
        _shoot(qtbot, desk, "venue-member")
        hub.kill()
        qtbot.waitUntil(
            lambda: (
                w.status.venue.text() == "Hub lokasi tidak terjangkau \u2014 meja bekerja sendiri"
            ),
            timeout=10_000,
        )
        # Alone, an admin may make this desk the hub: the button is back, and says why.
        qtbot.waitUntil(lambda: w.sync.host.isVisible(), timeout=5_000)
        assert "tanpa kode baru" in w.sync.venue_state.text()
        _shoot(qtbot, desk, "venue-member-alone")
        # Meja 3 takes over on the venue's hub port; this desk finds it where the old hub last
        # heard it from. (The mDNS path, with the roster's fingerprint: tests/reliability/
        # test_venue_takeover_mdns.py, since mDNS on a shared machine's loopback is best effort.)
        running = service.host(third, bind="127.0.0.1", port=hub.port, operator="admin")
        assert running.hub.takeover is not None
        moved = "Hub lokasi: pindah ke Meja 3 (hub Meja 1 tidak terjangkau)"

        def searched_and_moved() -> bool:
            member._last_search.clear()  # the desk searches again now, not in 15 s
            return w.status.venue.text() == moved

        qtbot.waitUntil(searched_and_moved, timeout=20_000)
        qtbot.waitUntil(lambda: "Meja 3" in w.sync.venue_state.text(), timeout=5_000)
        assert not w.sync.host.isVisible()
        assert service.status(window_db)["hub"] == running.url
        _shoot(qtbot, desk, "venue-member-moved")
    finally:
        desk.close()
        if running is not None:
            running.stop()
        third.close()


def test_a_member_alone_takes_over_from_the_window_and_the_other_desk_moves_to_it(
    qtbot, tmp_path: Path, venue, window_db: Database
) -> None:  # type: ignore[no-untyped-def]
    _, hub = venue
    third = _desk(tmp_path / "meja3", "Meja 3")
    desk = _open_sync(qtbot, window_db)
    try:
        w, controller = desk.window, desk.controller.venue
        for db in (window_db, third):
            service.join(db, hub_url=hub.url, code=hub.code, operator="petugas")
        for db in (window_db, third):
            assert service.exchange(db).error is None  # type: ignore[union-attr]
        # This laptop's hub port is the old hub's (one setting for the venue's desks).
        with window_db.write() as session:
            set_setting(session=session, key=PORT_SETTING, value=str(hub.port))
        controller.refresh()
        qtbot.waitUntil(lambda: controller.role == "member", timeout=5_000)
        hub.kill()
        qtbot.waitUntil(lambda: w.sync.host.isVisible(), timeout=10_000)
        with qtbot.waitSignal(controller.hosting_changed, timeout=10_000) as started:
            qtbot.mouseClick(w.sync.host, Qt.MouseButton.LeftButton)
        running = started.args[0]
        assert running is not None and running.hub.takeover is not None
        qtbot.waitUntil(
            lambda: "mengambil alih sebagai hub dari Meja 1" in w.sync.venue_state.text()
        )
        qtbot.waitUntil(lambda: controller.role == "hub", timeout=5_000)
        assert not w.sync.leave.isVisible() and w.sync.stop_hosting.isVisible()
        # Meja 3 finds this desk where the old hub last heard it from, with its roster key.
        member._last_search.clear()
        moved = service.exchange(third)
        assert moved is not None and moved.moved_to == "Meja 2", moved
        controller.refresh()
        qtbot.waitUntil(
            lambda: w.status.venue.text() == "Hub lokasi: meja ini (2 meja bergabung)",
            timeout=5_000,
        )
    finally:
        desk.close()
        third.close()
