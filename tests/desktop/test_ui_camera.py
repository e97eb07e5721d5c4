"""The check-in screen's webcam, on recorded frames (issue 18 item 3).

Frames are made here (tests/desktop/camera_frames.py: the project's QR encoder, zxing-cpp's Code
128) and fed through the path the camera's frames take (``CameraController.feed``: a QVideoFrame
when Qt Multimedia is installed, else the QImage itself), into the real window over a real
encrypted desk database.
"""

from __future__ import annotations

import wave

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from sqlalchemy import text

from desktop.app import Desk
from desktop.core import badge_code, scan_decode
from desktop.core.scan_decode import Kind, RepeatFilter
from desktop.ui import style
from desktop.ui.checkin.camera import TONES, CameraController, Tone, multimedia, sound_path
from tests.desktop import ui_support
from tests.desktop.camera_frames import barcode_image, frame, invitation_image, qr_image
from tests.desktop.ui_support import DeskData, sign_in

desk_data = ui_support.desk_data
window = ui_support.window

CODE = "HDR-7K2M-Q4X9B0C3DE"
NIP = "198609262015051001"


def _grey(image: QImage) -> tuple[bytes, int, int, int]:
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return bytes(grey.constBits()), grey.width(), grey.height(), grey.bytesPerLine()  # type: ignore[call-overload]


@pytest.mark.parametrize(
    ("size", "angle", "blur"),
    [(0.5, 0, 1), (0.2, 0, 1), (0.3, 17, 2), (0.25, 90, 1), (0.35, -35, 3), (0.18, 180, 2)],
)
def test_a_badge_qr_is_read_at_sizes_turns_and_blur(size: float, angle: float, blur: int) -> None:
    reads = scan_decode.decode_grey(
        *_grey(frame(qr_image(CODE), size=size, angle=angle, blur=blur))
    )
    assert [(r.text, r.kind) for r in reads] == [(CODE, Kind.ENTRY)]


@pytest.mark.parametrize(("size", "angle", "blur"), [(0.3, 0, 1), (0.22, 6, 2), (0.3, 180, 1)])
def test_a_nip_code128_is_read(size: float, angle: float, blur: int) -> None:
    reads = scan_decode.decode_grey(
        *_grey(frame(barcode_image(NIP), size=size, angle=angle, blur=blur))
    )
    assert [(r.text, r.kind) for r in reads] == [(NIP, Kind.ENTRY)]


def test_frames_with_nothing_read_nothing() -> None:
    assert scan_decode.decode_grey(*_grey(frame(None))) == []
    assert scan_decode.decode_grey(*_grey(frame(None, blur=4))) == []
    assert scan_decode.decode_grey(b"", 0, 0) == []


def test_only_codes_that_name_a_person_go_to_check_in() -> None:
    assert scan_decode.classify(CODE.lower().replace("-", " ")) is Kind.ENTRY
    assert scan_decode.classify("1986 0926 2015 0510 01") is Kind.ENTRY
    assert scan_decode.classify("01J9Z3Q4X5V6W7Y8Z9A0B1C2D3") is Kind.ENTRY  # a participant id
    url = "https://toko.example.com/promo?id=7"
    from desktop.core.seal import VERIFY_PATH

    assert scan_decode.classify(f"https://hq.example.go.id{VERIFY_PATH}abc") is Kind.CERTIFICATE
    # A poster's QR must never become a search that checks in whoever its text matches.
    for other in (url, "WIFI:S:Kantor;T:WPA;P:rahasia;;", "Dewi", "12345678"):
        assert scan_decode.classify(other) is Kind.UNKNOWN, other


def test_the_same_code_within_the_window_is_one_read() -> None:
    repeats = RepeatFilter(seconds=4.0)
    assert repeats.fresh(CODE, 100.0)
    assert not repeats.fresh(CODE.lower(), 101.0)
    assert not repeats.fresh(CODE, 104.5)  # still held up: each read renews the window
    assert repeats.fresh(NIP, 104.6)
    assert repeats.fresh(CODE, 109.0)  # away for more than 4 s: a new scan


def test_the_three_sounds_are_short_distinct_wavs() -> None:
    seen = set()
    for tone in Tone:
        with wave.open(str(sound_path(tone)), "rb") as wav:
            assert wav.getnchannels() == 1 and wav.getsampwidth() == 2
            assert 0.05 < wav.getnframes() / wav.getframerate() < 0.5
            seen.add(wav.readframes(wav.getnframes()))
    assert len(seen) == len(TONES) == 3


# ------------------------------------------------------------------------------- in the window


def _open_event(qtbot, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, desk)
    qtbot.waitUntil(lambda: desk.window.events.table.rowCount() == 1)
    with qtbot.waitSignal(desk.controller.event_opened):
        qtbot.keyClick(desk.window.events.table, Qt.Key.Key_Return)


def _show(qtbot, camera: CameraController, image: QImage) -> None:  # type: ignore[no-untyped-def]
    """Hold a frame up to the camera: as the camera delivers it, until one decoding is done."""
    mm = multimedia()
    with qtbot.waitSignal(camera.frame_decoded, timeout=5000):
        camera.feed(mm.QVideoFrame(image) if mm is not None else image)


def _checkins(data: DeskData, nip: str) -> int:
    with data.db.session() as session:
        return int(
            session.connection()
            .execute(
                text(
                    "SELECT count(*) FROM checkin c JOIN participant p ON p.id = c.participant_id"
                    " WHERE p.nip = :nip"
                ),
                {"nip": nip},
            )
            .scalar_one()
        )


def _participant(data: DeskData, nip: str) -> tuple[str, str]:
    with data.db.session() as session:
        return tuple(  # type: ignore[return-value]
            session.connection()
            .execute(text("SELECT id, full_name FROM participant WHERE nip = :n"), {"n": nip})
            .one()
        )


def test_a_badge_held_up_checks_in_once_and_a_nip_barcode_too(
    qtbot, window: Desk, desk_data: DeskData
) -> None:  # type: ignore[no-untyped-def]
    _open_event(qtbot, window)
    view, checkin = window.window.checkin, window.controller.checkin
    camera = checkin.camera
    camera.start_without_camera()
    assert view.camera.preview.isVisible()
    pid, name = _participant(desk_data, desk_data.nips[0])
    code = badge_code.badge_code(desk_data.event_id, pid)
    # The clerk is typing someone's name meanwhile: the camera's scan leaves it alone.
    qtbot.keyClicks(view.search, "dew")
    # The invitation's PNG on a phone held up to the camera, a little turned and blurred.
    invitation = frame(invitation_image(code, name), size=0.9, angle=6, blur=2)
    with qtbot.waitSignal(checkin.card_changed, check_params_cb=lambda k: k == "result"):
        _show(qtbot, camera, invitation)
    assert view.card.status.text() == "HADIR" and view.card.name.text() == name
    assert view.search.text() == "dew"
    assert not view.camera.preview.pixmap().isNull()  # the preview shows the frame
    # Still held up (a second read within the window): ignored, not an amber "already" card.
    cards: list[str] = []
    checkin.card_changed.connect(cards.append)
    _show(qtbot, camera, frame(qr_image(code), size=0.32, angle=10))
    window.workers.writes.wait(2000)
    qtbot.wait(50)
    assert cards == [] and _checkins(desk_data, desk_data.nips[0]) == 1
    # A NIP's Code 128 barcode: the next person.
    nip = desk_data.nips[1]
    with qtbot.waitSignal(checkin.card_changed, check_params_cb=lambda k: k == "result"):
        _show(qtbot, camera, frame(barcode_image(nip), size=0.25, angle=4))
    assert view.card.status.text() == "HADIR"
    assert view.card.name.text() == _participant(desk_data, nip)[1]
    assert _checkins(desk_data, nip) == 1


def test_unknown_codes_give_a_red_card_and_check_in_nobody(
    qtbot, window: Desk, desk_data: DeskData
) -> None:  # type: ignore[no-untyped-def]
    _open_event(qtbot, window)
    view, checkin = window.window.checkin, window.controller.checkin
    camera = checkin.camera
    camera.start_without_camera()
    # Another event's badge: red, nobody checked in.
    other = badge_code.badge_code("01J0000000000000000000000X", "01J0000000000000000000000Y")
    with qtbot.waitSignal(checkin.card_changed, check_params_cb=lambda k: k == "error"):
        _show(qtbot, camera, frame(qr_image(other)))
    assert view.card.state is not None and view.card.state.colours is style.ERROR
    # A poster's QR (text that a search might match): red, said plainly, never searched.
    with qtbot.waitSignal(checkin.card_changed, check_params_cb=lambda k: k == "unknown_code"):
        _show(qtbot, camera, frame(qr_image("Dewi")))
    assert view.card.status.text() == "KODE TIDAK DIKENAL"
    assert "bukan kode undangan" in view.card.name.text()
    # An unregistered NIP's barcode: the scanner's red card.
    with qtbot.waitSignal(checkin.card_changed, check_params_cb=lambda k: k == "error"):
        _show(qtbot, camera, frame(barcode_image("198001012006041001")))
    assert view.card.status.text() == "BELUM TERDAFTAR"
    with desk_data.db.session() as session:
        assert session.connection().execute(text("SELECT count(*) FROM checkin")).scalar_one() == 0


def test_the_camera_is_off_until_turned_on_and_goes_off_with_the_screen(
    qtbot, window: Desk
) -> None:  # type: ignore[no-untyped-def]
    _open_event(qtbot, window)
    view, camera = window.window.checkin, window.controller.checkin.camera
    assert not camera.running and not view.camera.toggle.isChecked()
    assert view.camera.toggle.text() == "Kamera"
    view.camera.toggle.click()
    if multimedia() is None:
        assert view.camera.status.text() == "Kamera tidak tersedia di instalasi ini."
    else:  # this machine has no camera
        assert view.camera.status.text().startswith("Tidak ada kamera.")
    assert not camera.running and not view.camera.toggle.isChecked()
    camera.start_without_camera()
    assert view.camera.toggle.isChecked()
    window.window.show_screen("events")
    assert not camera.running and not view.camera.toggle.isChecked()
    # Frames that still arrive after it is off are not decoded.
    camera.feed(frame(qr_image(CODE)))
    assert camera._pending is None
