"""The venue hub in the window (issue 17 items 3 and 4), against a real ``hadir-cli venue host``
process on 127.0.0.1: the member joins through the Sync screen's form; a check-in made at the hub
desk shows on the member within 2 s (the live exchange); the hub killed, the status bar says the
desk works alone and a scan still checks in; the hub restarted, both desks converge. And the hub
started from the window itself, with its pairing code on the screen."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.app import Desk
from desktop.cli import main
from desktop.core.db import Database
from desktop.core.desk import set_setting
from desktop.services.desk import first_start
from desktop.services.venue import PORT_SETTING
from tests.desktop.ui_support import ADMIN, ADMIN_PIN, open_desk, sign_in
from tests.sync.conftest import _no_system_proxy  # noqa: F401 (fixture)
from tests.sync.helpers import FAST, free_port, make_event, nip, register
from tests.sync.test_venue_hub import HubProcess, _desk


def _checkins(db: Database) -> int:
    with db.session() as session:
        return int(
            session.connection().exec_driver_sql("SELECT COUNT(*) FROM checkin").scalar() or 0
        )


@pytest.fixture
def venue(tmp_path: Path) -> Iterator[tuple[Database, HubProcess, str]]:
    """The hub desk "Meja 1" with an event of 6 people, served by a real ``venue host``."""
    hub_db = _desk(tmp_path / "hub", "Meja 1")
    event_id = make_event(hub_db)
    register(hub_db, event_id, range(1, 7))
    hub = HubProcess(tmp_path / "hub")
    hub.start()
    yield hub_db, hub, event_id
    hub.kill()
    hub_db.close()


@pytest.fixture
def member_db(db: Database) -> Database:
    first_start(db, office_code="SULTENG", desk_name="Meja 2", admin_name=ADMIN, pin=ADMIN_PIN)
    with db.write() as session:
        for key, value in FAST.items():
            set_setting(session=session, key=key, value=value)
    return db


def _open_sync(qtbot, db: Database) -> Desk:  # type: ignore[no-untyped-def]
    desk = open_desk(qtbot, db)
    sign_in(qtbot, desk)
    desk.window.show_screen("sync")
    qtbot.waitUntil(lambda: desk.controller.venue.status is not None, timeout=10_000)
    return desk


def _scan(qtbot, desk: Desk, number: int) -> str:  # type: ignore[no-untyped-def]
    view, checkin = desk.window.checkin, desk.controller.checkin
    with qtbot.waitSignal(
        checkin.card_changed, check_params_cb=lambda kind: kind == "result", timeout=10_000
    ):
        qtbot.keyClicks(view.search, nip(number))
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    return f"{view.card.status.text()} {view.card.detail.text()}"


def test_a_member_joins_in_the_window_and_sees_the_hubs_checkins_live(
    qtbot, capsys, venue, member_db: Database
) -> None:  # type: ignore[no-untyped-def]
    hub_db, hub, event_id = venue
    desk = _open_sync(qtbot, member_db)
    try:
        w, controller = desk.window, desk.controller
        box = w.sync
        assert box.venue_box.isVisible() and box.join.isVisible() and box.host.isVisible()
        assert not box.leave.isVisible()
        # A wrong code: the hub refuses it, said in Indonesian, and the form stays.
        qtbot.keyClicks(box.hub_url, hub.url)
        qtbot.keyClicks(box.hub_code, f"{(int(hub.code) + 1) % 1_000_000:06d}")
        qtbot.mouseClick(box.join, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "menolak kode pasangan" in box.venue_message.text(), timeout=10_000)
        assert controller.venue.role == "none" and box.join.isVisible()
        # Joined through the form: address and the code the hub shows.
        box.hub_code.clear()
        qtbot.keyClicks(box.hub_code, hub.code)
        with qtbot.waitSignal(controller.venue.joined, timeout=15_000):
            qtbot.mouseClick(box.join, Qt.MouseButton.LeftButton)
        assert "Meja 1" in box.venue_message.text()
        qtbot.waitUntil(lambda: controller.venue.role == "member", timeout=5_000)
        assert box.leave.isVisible() and not box.join.isVisible() and not box.host.isVisible()
        # The live exchange brings the hub's event; the status bar says the hub is there.
        qtbot.waitUntil(lambda: w.events.table.rowCount() == 1, timeout=10_000)
        qtbot.waitUntil(
            lambda: w.status.venue.text() == "Hub lokasi: terhubung (Meja 1)", timeout=5_000
        )
        controller.load_event(event_id)
        qtbot.waitUntil(lambda: w.checkin.counter.text() == "0 / 6", timeout=10_000)
        day = controller.checkin.day

        # A check-in at the hub desk (hadir-cli on the hub's data folder, the hub serving).
        assert (
            main(
                [
                    "checkin",
                    "--event",
                    event_id,
                    "--nip",
                    nip(1),
                    "--day",
                    str(day),
                    "--data-dir",
                    str(hub.folder),
                    "--json",
                ]
            )
            == 0
        ), capsys.readouterr().out
        made = time.monotonic()
        qtbot.waitUntil(lambda: w.checkin.counter.text() == "1 / 6", timeout=5_000)
        seen = time.monotonic() - made
        with capsys.disabled():
            print(f"\nhub check-in shown on the member's counter after {seen * 1000:.0f} ms")
        assert seen < 2.0
        # The counter is the venue's total; this desk's share is beside it.
        qtbot.waitUntil(
            lambda: w.checkin.counter_caption.text() == "hadir / terdaftar hari ini (meja ini: 0)"
        )
        # Scanned at the member: amber SUDAH HADIR with the hub desk's name.
        w.show_screen("checkin")
        shown = _scan(qtbot, desk, 1)
        assert "SUDAH HADIR" in shown and "(Meja 1)" in shown, shown

        # The hub dies: the desk says it works alone, and a scan still checks in.
        hub.kill()
        qtbot.waitUntil(
            lambda: (
                w.status.venue.text() == "Hub lokasi tidak terjangkau \u2014 meja bekerja sendiri"
            ),
            timeout=5_000,
        )
        assert _scan(qtbot, desk, 2).startswith("HADIR")
        qtbot.waitUntil(lambda: w.checkin.counter.text() == "2 / 6", timeout=5_000)
        qtbot.waitUntil(lambda: w.checkin.counter_caption.text().endswith("(meja ini: 1)"))

        # The hub is back (same folder, same port): the member's check-in reaches it, the bar
        # says so, nothing waits for the hub.
        hub.start()
        qtbot.waitUntil(
            lambda: w.status.venue.text() == "Hub lokasi: terhubung (Meja 1)", timeout=10_000
        )
        qtbot.waitUntil(lambda: _checkins(hub_db) == 2, timeout=10_000)
        assert _checkins(member_db) == 2
        capsys.readouterr()
        assert main(["venue", "status", "--data-dir", str(member_db.folder), "--json"]) == 0
        venue_status = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
        assert venue_status["pending_to_hub"] == 0
        # The hub holds them, HQ does not yet (the hub never reached HQ): the box says so.
        waiting = venue_status["at_hub_waiting_for_hq"]
        assert waiting > 0
        w.show_screen("sync")
        controller.venue.refresh()
        qtbot.waitUntil(
            lambda: f"{waiting} data meja ini sudah di hub" in box.venue_state.text(),
            timeout=10_000,
        )
    finally:
        desk.close()


def test_the_window_makes_this_desk_the_hub_and_shows_its_code(
    qtbot, tmp_path: Path, member_db: Database
) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    with member_db.write() as session:
        set_setting(session=session, key=PORT_SETTING, value=str(port))
    desk = _open_sync(qtbot, member_db)
    other = None
    try:
        w, venue = desk.window, desk.controller.venue
        # The port taken by another program: said so, and nothing serves.
        with socket.socket() as taken:
            taken.bind(("0.0.0.0", port))
            taken.listen()
            qtbot.mouseClick(w.sync.host, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: f"port {port}" in w.sync.venue_message.text(), timeout=10_000)
        assert venue.running is None and w.sync.host.isVisible()
        with qtbot.waitSignal(venue.hosting_changed, timeout=10_000) as started:
            qtbot.mouseClick(w.sync.host, Qt.MouseButton.LeftButton)
        running = started.args[0]
        assert running is not None and running.url.endswith(f":{port}")
        code = running.pair_code
        assert w.sync.pair_code.isVisible() and w.sync.hub_address.text() == running.url
        assert w.sync.pair_code.text() == f"{code[:3]} {code[3:]}"
        assert w.sync.hub_fingerprint.text().replace("\u200b", "") == running.fingerprint
        assert w.sync.stop_hosting.isVisible() and not w.sync.join.isVisible()
        # Another desk joins it with that code (over loopback: the address shown is the LAN's).
        other = _desk(tmp_path / "meja3", "Meja 3")
        from desktop.services import venue as service

        joined = service.join(
            other, hub_url=f"http://127.0.0.1:{port}", code=code, operator="petugas"
        )
        assert joined.hub_desk == "Meja 2"
        desk.controller.venue.refresh()
        qtbot.waitUntil(lambda: "Meja 3" in w.sync.venue_state.text(), timeout=5_000)
        assert w.status.venue.text() == "Hub lokasi: meja ini (1 meja bergabung)"
        # Stopped from the window: the port is closed.
        with qtbot.waitSignal(venue.hosting_changed, timeout=15_000):
            qtbot.mouseClick(w.sync.stop_hosting, Qt.MouseButton.LeftButton)
        assert not w.sync.pair_code.isVisible() and w.sync.host.isVisible()
        exchanged = service.exchange(other)
        assert exchanged is not None and not exchanged.reached
    finally:
        desk.close()
        if other is not None:
            other.close()
