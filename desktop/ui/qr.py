"""A QR code on screen: the certificates' encoder (sync/documents/qr.py, the one home of
QR encoding) drawn as an image, whole modules only, so a phone's camera reads it off a laptop's
screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter

from sync.documents import qr


def qr_image(text: str, *, module: int = 6) -> QImage:
    """``text`` as a QR symbol, ``module`` pixels per module, with the standard's quiet zone."""
    matrix = qr.encode(text)
    n = matrix.size
    # One byte per module, 0 dark and 255 light, as Grayscale8 reads it; copied, because the
    # image would otherwise point into a bytes object Python may free.
    symbol = QImage(matrix.modules, n, n, n, QImage.Format.Format_Grayscale8).copy()
    side = (n + 2 * qr.QUIET_ZONE) * module
    image = QImage(side, side, QImage.Format.Format_Grayscale8)
    image.fill(255)
    painter = QPainter(image)
    painter.drawImage(
        qr.QUIET_ZONE * module,
        qr.QUIET_ZONE * module,
        symbol.scaled(
            n * module,
            n * module,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.FastTransformation,
        ),
    )
    painter.end()
    return image
