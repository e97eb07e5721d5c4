"""Sizes and colours in one place. The card is read from a metre away, so it is big; each state's
colours meet WCAG AA contrast (4.5:1) for text on their background."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

BASE_POINT_SIZE = 11  # the default 9 pt is small on a 1366x768 laptop at arm's length


@dataclass(frozen=True, slots=True)
class Colours:
    background: str
    text: str
    accent: str  # the status line


# White on #17692c is 6.6:1; #2b2100 on #f6c343 is 10:1; white on #b42318 is 6.1:1.
READY = Colours("#eef2f7", "#1d2733", "#3b4a5c")
PRESENT = Colours("#17692c", "#ffffff", "#ffffff")
ALREADY = Colours("#f6c343", "#2b2100", "#2b2100")
ERROR = Colours("#b42318", "#ffffff", "#ffffff")
UNDONE = Colours("#3d5270", "#ffffff", "#ffffff")
CHOOSE = Colours("#e3ecfa", "#14294d", "#14294d")
LAST = Colours("#e9f4ec", "#123d1f", "#17692c")

MUTED_TEXT = "#4a5663"  # 7.3:1 on white
ERROR_TEXT = "#b42318"
OK_TEXT = "#17692c"
WARN_TEXT = "#8a5a00"


def apply_base_font(app: QApplication) -> None:
    font = app.font()
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)


def sized(widget: QWidget, points: float, *, bold: bool = False) -> None:
    font = QFont(widget.font())
    font.setPointSizeF(points)
    font.setBold(bold)
    widget.setFont(font)


def paint_background(widget: QWidget, colour: str) -> None:
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(colour))
    widget.setPalette(palette)
    widget.setAutoFillBackground(True)


def muted(label: QLabel) -> None:
    label.setStyleSheet(f"color: {MUTED_TEXT};")


STYLESHEET = """
QPushButton { padding: 6px 14px; }
QPushButton[primary="true"] { background: #17692c; color: white; border: 1px solid #0f4d20;
    border-radius: 4px; font-weight: bold; }
QPushButton[primary="true"]:disabled { background: #9db8a5; border-color: #9db8a5; }
QTabBar::tab { padding: 8px 16px; }
"""


def error_label() -> QLabel:
    """The red, bold, wrapped line under a form that says what is wrong; hidden until it does."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_TEXT}; font-weight: bold;")
    label.hide()
    return label
