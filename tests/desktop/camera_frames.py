"""Recorded camera frames for the webcam tests, the benchmark and the screenshot: a code as a
laptop camera sees it (1280x720, a grey desk around it, a little turned, a little blurred)."""

from __future__ import annotations

from typing import Any, cast

import zxingcpp
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QTransform

from desktop.core.documents import invitations
from sync.documents import qr

WIDTH, HEIGHT = 1280, 720


def qr_image(text: str) -> QImage:
    """The QR exactly as the invitations and badges print it (core/documents/qr.py's encoder),
    one pixel a module, with its quiet zone."""
    matrix = qr.encode(text)
    n, quiet = matrix.size, qr.QUIET_ZONE
    image = QImage(n + 2 * quiet, n + 2 * quiet, QImage.Format.Format_Grayscale8)
    image.fill(255)
    for row in range(n):
        for column in range(n):
            if matrix.modules[row * n + column] == 0:
                image.setPixel(column + quiet, row + quiet, 0xFF000000)
    return image


def invitation_image(code: str, name: str = "Dewi Lestari, S.H.") -> QImage:
    """A whole invitation as WhatsApp shows it (its PNG, rendered by the project's own code)."""
    data = invitations.InvitationData(
        event_title="Penguatan Kapasitas Hak Asasi Manusia bagi ASN",
        office="Kanwil Kemenham Sulawesi Tengah",
        dates="Jumat, 4 Desember 2026",
        hours="08.00 - 16.00 WITA",
        venue="Aula Kanwil",
        name=name,
        instansi="Dinas Sosial Kota Palu",
        code=code,
    )
    return QImage.fromData(invitations.write_png(invitations.write_pdf(data)))


def barcode_image(text: str, fmt: Any = zxingcpp.BarcodeFormat.Code128) -> QImage:
    """A linear barcode (a NIP as Code 128 on an ID card), one pixel a module."""
    symbol = zxingcpp.create_barcode(text, fmt)
    view = memoryview(cast(Any, symbol.to_image(scale=1, add_quiet_zones=True)))
    height, width = view.shape[0], view.shape[1]
    data = view.tobytes()
    image = QImage(data, width, height, width, QImage.Format.Format_Grayscale8).copy()
    return image.scaled(width, max(height, 40))  # a bar code's bars are tall


def frame(
    code: QImage | None,
    *,
    size: float = 0.35,
    angle: float = 0.0,
    blur: int = 1,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> QImage:
    """A camera frame: ``code`` ``size`` of the frame's height (linear codes: of half its width),
    turned ``angle`` degrees, blurred by scaling down ``blur`` times and back; None: no code."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#7b8794"))
    painter = QPainter(image)
    painter.fillRect(QRectF(width * 0.1, height * 0.6, width * 0.5, height * 0.3), "#c9b79c")
    painter.fillRect(QRectF(width * 0.7, height * 0.05, width * 0.25, height * 0.2), "#2f3b47")
    if code is not None:
        if code.width() > code.height() * 2:  # a linear code: ``size`` of half the width
            scale = width * size * 2 / code.width()
        else:  # a QR or a page: ``size`` of the height
            scale = height * size / code.height()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.translate(QPointF(width / 2, height / 2))
        painter.setTransform(QTransform().rotate(angle), combine=True)
        painter.scale(scale, scale)
        painter.drawImage(QPointF(-code.width() / 2, -code.height() / 2), code)
    painter.end()
    if blur > 1:
        small = image.scaled(
            width // blur,
            height // blur,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        image = small.scaled(
            width,
            height,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return image
