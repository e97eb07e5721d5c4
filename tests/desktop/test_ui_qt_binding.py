"""The Qt binding itself must keep Python's reference counts: PySide6 6.12.0 under Python 3.11
dropped a reference to None on every call of a void method, and the window died with
"Fatal Python error: none_dealloc" after some 50,000 calls (pyproject excludes that release)."""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QLabel


def test_void_calls_keep_none_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for _ in range(500):
            label.setText("x")
            painter.save()
            painter.setPen(QColor("#000000"))
            painter.restore()
        # A few references may come and go; 2,000 lost ones would be the bug.
        assert sys.getrefcount(None) - before > -100
    finally:
        painter.end()
