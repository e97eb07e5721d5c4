"""The check-in screen's webcam: a QR (invitation, badge) or a NIP barcode held up to the camera.

Qt Multimedia is optional (PySide6-Addons, ~175 MB installed; the bundle leaves it out, see
installer/hadir.spec): it is imported only when the clerk turns the camera on, and without it the
panel says the camera is not available in this installation. Nothing here decides who is checked
in: a read that names a person goes to the controller, which sends it through
``check_in_entry`` exactly as a scan + Enter.

Frames arrive from ``QVideoSink`` at the camera's rate (often 30 a second) on the UI thread; the
handler only keeps the newest frame and returns. At most ``FRAMES_PER_SECOND`` of them are
converted to grey, scaled and decoded (zxing-cpp) on the camera's own worker thread, one at a time,
so the window keeps its keystroke and scan targets while the camera runs
(tests/perf/bench_camera.py).
"""

from __future__ import annotations

import time
import wave
from enum import StrEnum
from pathlib import Path
from types import ModuleType
from typing import Any

from PySide6.QtCore import QObject, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QHideEvent, QImage, QPixmap
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QPushButton, QVBoxLayout

from desktop.core import scan_decode
from desktop.core.paths import resources_dir
from desktop.core.scan_decode import Kind, Read, RepeatFilter
from desktop.ui import style
from desktop.ui.worker import Runner, TaskContext

FRAMES_PER_SECOND = 5  # decoded; a code held up is read within ~0.2 s, the CPU stays free
DECODE_WIDTH = 960  # frames are scaled down to this before decoding: a badge's QR fills ~1/4
PREVIEW = QSize(320, 180)


class Tone(StrEnum):
    """The sound after a read: the same colours as the card."""

    PRESENT = "hadir"  # green
    ALREADY = "sudah-hadir"  # amber
    ERROR = "gagal"  # red


def sound_path(tone: Tone) -> Path:
    return resources_dir() / "sounds" / f"{tone.value}.wav"


def multimedia() -> ModuleType | None:
    """PySide6.QtMultimedia, or None when this installation has no Qt Multimedia."""
    try:
        from PySide6 import QtMultimedia
    except ImportError:
        return None
    return QtMultimedia


class CameraPanel(QFrame):
    """The toggle, the preview and one line of status; shows what the controller sets."""

    toggled = Signal(bool)
    hidden = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.toggle = QPushButton()
        self.toggle.setCheckable(True)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the search box keeps the keys
        self.toggle.toggled.connect(self.toggled)
        self.preview = QLabel()
        self.preview.setFixedSize(PREVIEW)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: #1d2733; color: #cfd8e3; border-radius: 6px;")
        self.status = QLabel()
        self.status.setWordWrap(True)
        style.muted(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview)
        layout.addWidget(self.status)
        self.show_running(False)

    def show_running(self, running: bool) -> None:
        self.preview.setVisible(running)
        self.preview.clear()
        self.toggle.blockSignals(True)
        self.toggle.setChecked(running)
        self.toggle.blockSignals(False)

    def show_frame(self, image: QImage) -> None:
        self.preview.setPixmap(QPixmap.fromImage(image))

    def set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def hideEvent(self, event: QHideEvent) -> None:
        # Another screen, the window closed or minimised: the camera goes off with the screen.
        self.hidden.emit()
        super().hideEvent(event)


class CameraController(QObject):
    """Turns the camera on and off, decodes its frames off the UI thread, filters repeats.

    ``code_read`` carries a read that names a person (badge/invitation code, NIP/NIK, participant
    id), ``other_read`` one that does not (its kind and text); each at most once per
    ``scan_decode.REPEAT_SECONDS`` while the code stays in view.
    """

    code_read = Signal(str)
    other_read = Signal(str, str)  # kind, text
    running_changed = Signal(bool)
    frame_decoded = Signal()  # for tests and the benchmark: one frame's decoding delivered

    def __init__(self, panel: CameraPanel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.panel = panel
        self._runner = Runner("camera")
        self._repeats = RepeatFilter()
        self._busy = False
        self._last_start = 0.0
        self._pending: Any = None  # the newest frame not yet decoded
        self._camera: Any = None
        self._session: Any = None
        self._sink: Any = None
        self._sounds: dict[Tone, Any] = {}
        # The newest frame waits at most until the interval is over, even if no other follows.
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.timeout.connect(self._next)
        self.running = False
        self.available: bool | None = None  # unknown until the clerk first turns it on
        panel.toggled.connect(self._toggled)
        panel.hidden.connect(self.stop)
        self.retranslate()

    def retranslate(self) -> None:
        self.panel.toggle.setText(self.tr("Kamera"))
        self.panel.toggle.setToolTip(
            self.tr("Baca kode QR undangan atau tanda nama, atau barcode NIP, dengan kamera laptop")
        )
        if self.available is False:
            self.panel.set_status(self.tr("Kamera tidak tersedia di instalasi ini."))
        elif self.running:
            self.panel.set_status(self._running_text())
        else:
            self.panel.set_status("")

    def _running_text(self) -> str:
        return self.tr("Kamera menyala: arahkan kode QR atau barcode NIP ke kamera.")

    # ---------------------------------------------------------------- on and off

    def _toggled(self, on: bool) -> None:
        if on:
            self.start()
        else:
            self.stop()

    def start(self) -> bool:
        """Turn the default camera on; says why not when there is none. True when running."""
        if self.running:
            return True
        mm = multimedia()
        self.available = mm is not None
        if mm is None:
            self.panel.show_running(False)
            self.panel.set_status(self.tr("Kamera tidak tersedia di instalasi ini."))
            return False
        if not mm.QMediaDevices.videoInputs():
            self.panel.show_running(False)
            self.panel.set_status(
                self.tr("Tidak ada kamera. Pasang kamera, lalu tekan Kamera lagi.")
            )
            return False
        self._camera = mm.QCamera(mm.QMediaDevices.defaultVideoInput())
        self._sink = mm.QVideoSink(self)
        self._session = mm.QMediaCaptureSession(self)
        self._session.setCamera(self._camera)
        self._session.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(self.feed)
        self._camera.errorOccurred.connect(self._camera_failed)
        self._camera.start()
        self._set_running(True)
        return True

    def start_without_camera(self) -> None:
        """Running with no device: frames come from ``feed`` alone (tests, the benchmark, the
        screenshot: recorded frames through the same path as the camera's)."""
        self._set_running(True)

    def stop(self) -> None:
        if self._camera is not None:
            self._camera.stop()
            self._sink.videoFrameChanged.disconnect(self.feed)
            self._camera.deleteLater()
            self._session.deleteLater()
            self._sink.deleteLater()
            self._camera = self._session = self._sink = None
        self._pending = None
        self._later.stop()
        if self.running:
            self._set_running(False)

    def _set_running(self, running: bool) -> None:
        self.running = running
        self._repeats.clear()
        self.panel.show_running(running)
        self.panel.set_status(self._running_text() if running else "")
        self.running_changed.emit(running)

    def _camera_failed(self, _error: object, message: str) -> None:
        self.stop()
        self.panel.set_status(self.tr("Kamera tidak bisa dipakai: {reason}").format(reason=message))

    def shutdown(self) -> None:
        self.stop()
        self._runner.shutdown(5_000)

    # ---------------------------------------------------------------- frames

    def feed(self, frame: Any) -> None:
        """One frame (a QVideoFrame from the camera, or a QImage): kept if newer, decoded when
        the decoder is free and its rate allows. Returns at once."""
        if not self.running:
            return
        self._pending = frame
        self._next()

    def _next(self) -> None:
        if self._busy or self._pending is None:
            return
        now = time.monotonic()
        wait = self._last_start + 1 / FRAMES_PER_SECOND - now
        if wait > 0:
            if not self._later.isActive():
                self._later.start(max(1, round(wait * 1000)))
            return
        frame, self._pending = self._pending, None
        self._busy, self._last_start = True, now

        def work(_ctx: TaskContext) -> tuple[QImage, list[Read]]:
            return _decode(frame)

        self._runner.submit(work, on_success=self._decoded, on_failure=self._failed, name="frame")

    def _decoded(self, result: tuple[QImage, list[Read]]) -> None:
        self._busy = False
        preview, reads = result
        if self.running:
            if not preview.isNull():
                self.panel.show_frame(preview)
            now = time.monotonic()
            for read in reads:
                if not self._repeats.fresh(read.text, now):
                    continue
                if read.kind is Kind.ENTRY:
                    self.code_read.emit(read.text)
                else:
                    self.other_read.emit(read.kind.value, read.text)
        self.frame_decoded.emit()
        self._next()

    def _failed(self, _error: Exception) -> None:
        # A frame the converter could not read (a format this camera sends mid-change): skipped.
        self._busy = False
        self.frame_decoded.emit()
        self._next()

    # ---------------------------------------------------------------- sound

    def play(self, tone: Tone) -> None:
        """The tone for a read's result; the system beep when Qt Multimedia cannot play it."""
        mm = multimedia() if self.available is not False else None
        path = sound_path(tone)
        if mm is None or not path.is_file() or not mm.QMediaDevices.audioOutputs():
            QApplication.beep()
            return
        effect = self._sounds.get(tone)
        if effect is None:
            effect = mm.QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            effect.setVolume(0.6)
            self._sounds[tone] = effect
        if effect.status() == mm.QSoundEffect.Status.Error:
            QApplication.beep()  # the device cannot play it: the cards still differ by colour
            return
        effect.play()


def _decode(frame: Any) -> tuple[QImage, list[Read]]:
    """On the camera's thread: the frame as a small preview and the codes in it."""
    image = frame if isinstance(frame, QImage) else frame.toImage()
    if image.isNull():
        return QImage(), []
    preview = image.scaled(
        PREVIEW, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
    )
    if image.width() > DECODE_WIDTH:
        image = image.scaledToWidth(DECODE_WIDTH, Qt.TransformationMode.SmoothTransformation)
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    data = bytes(grey.constBits())
    return preview, scan_decode.decode_grey(data, grey.width(), grey.height(), grey.bytesPerLine())


def write_tone(path: Path, *, notes: list[tuple[float, float]], rate: int = 22_050) -> None:
    """A short WAV (16-bit mono) of sine ``notes`` (Hz, seconds), each faded in and out, so no
    click. How resources/sounds/*.wav were made (tests/desktop/test_ui_camera.py checks them)."""
    import math
    import struct

    frames = bytearray()
    for hz, seconds in notes:
        count = int(rate * seconds)
        fade = max(1, int(rate * 0.01))
        for i in range(count):
            envelope = min(1.0, i / fade, (count - i) / fade)
            sample = 0.5 * envelope * math.sin(2 * math.pi * hz * i / rate)
            frames += struct.pack("<h", int(sample * 32767))
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))


# The three tones: one high note (present), two level notes (already), low then lower (error).
TONES: dict[Tone, list[tuple[float, float]]] = {
    Tone.PRESENT: [(1318.5, 0.12)],
    Tone.ALREADY: [(880.0, 0.09), (0.0, 0.05), (880.0, 0.09)],
    Tone.ERROR: [(392.0, 0.14), (262.0, 0.22)],
}
