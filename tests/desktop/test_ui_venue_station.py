"""The hub's check-in stations in the window (issue 17 item 7): while this desk serves, the Lokasi
box's "Tambah stasiun HP/tablet" names a station and shows its address as a QR code that a camera
reads back (zxing-cpp's reader); the list shows it; removed, it is gone for the running hub too."""

from __future__ import annotations

from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import Qt

from desktop.core.db import Database
from desktop.core.desk import set_setting
from desktop.services import station as station_service
from desktop.services.desk import first_start
from desktop.services.venue import PORT_SETTING
from tests.desktop.test_ui_venue import _open_sync
from tests.desktop.ui_support import ADMIN, ADMIN_PIN
from tests.sync.conftest import _no_system_proxy  # noqa: F401 (fixture)
from tests.sync.helpers import FAST, free_port


@pytest.fixture
def hub_db(db: Database) -> Database:
    first_start(db, office_code="SULTENG", desk_name="Meja 2", admin_name=ADMIN, pin=ADMIN_PIN)
    with db.write() as session:
        for key, value in FAST.items():
            set_setting(session=session, key=key, value=value)
    return db


def test_the_hub_adds_a_station_and_shows_its_qr_code(
    qtbot, tmp_path: Path, hub_db: Database
) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    with hub_db.write() as session:
        set_setting(session=session, key=PORT_SETTING, value=str(port))
    desk = _open_sync(qtbot, hub_db)
    try:
        w, venue = desk.window, desk.controller.venue
        assert not w.sync.stations.isVisible()  # no hub, no stations
        with qtbot.waitSignal(venue.hosting_changed, timeout=10_000) as started:
            qtbot.mouseClick(w.sync.host, Qt.MouseButton.LeftButton)
        running = started.args[0]
        assert w.sync.stations.isVisible()
        w.resize(1366, 768)
        w.grab().save(str(tmp_path / "lokasi.png"))
        qtbot.mouseClick(w.sync.stations, Qt.MouseButton.LeftButton)
        assert venue.stations is not None
        dialog = venue.stations.dialog
        qtbot.waitUntil(dialog.isVisible, timeout=5_000)
        assert not dialog.qr.isVisible()
        qtbot.keyClicks(dialog.name, "HP 1")
        qtbot.mouseClick(dialog.add, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: dialog.qr.isVisible() and dialog.stations.count() == 1, timeout=5_000
        )
        url = dialog.url.text()
        assert url.startswith(f"{running.url}/station#s=") and "&k=" in url
        assert dialog.stations.item(0).text() == "HP 1 \u2014 belum pernah terhubung"
        # What the phone's camera reads off the screen is the address, key included.
        shot = tmp_path / "qr.png"
        dialog.qr.pixmap().save(str(shot))
        read = zxingcpp.read_barcodes(Image.open(shot))
        assert [code.text for code in read] == [url]
        dialog.grab().save(str(tmp_path / "dialog.png"))
        # The same name again: said so, nothing added.
        qtbot.keyClicks(dialog.name, "HP 1")
        qtbot.mouseClick(dialog.add, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "HP 1" in dialog.message.text(), timeout=5_000)
        assert [s["name"] for s in station_service.list_stations(hub_db)] == ["HP 1"]
        # Removed (the confirmation answered): gone from the list and for the hub.
        dialog.stations.setCurrentRow(0)
        assert dialog.remove.isEnabled()
        venue.stations.remove_named("HP 1")
        qtbot.waitUntil(lambda: dialog.stations.count() == 0, timeout=5_000)
        assert station_service.list_stations(hub_db) == []
        assert not dialog.qr.isVisible()
        dialog.close()
        with qtbot.waitSignal(venue.hosting_changed, timeout=15_000):
            qtbot.mouseClick(w.sync.stop_hosting, Qt.MouseButton.LeftButton)
        assert not w.sync.stations.isVisible()
    finally:
        desk.close()
