"""The sign-in page's layout."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import style


class SignInView(QWidget):
    submitted = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel()
        style.sized(self.title, 22, bold=True)
        self.where = QLabel()
        self.where.setWordWrap(True)
        style.muted(self.where)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setStyleSheet(
            "background: #e9f4ec; color: #123d1f; padding: 10px; border-radius: 6px;"
        )
        style.sized(self.notice, 13)
        self.notice.hide()
        self.name = QLineEdit()
        self.names = QStringListModel(self)
        completer = QCompleter(self.names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.name.setCompleter(completer)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        for field in (self.name, self.pin):
            style.sized(field, 14)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {style.ERROR_TEXT}; font-weight: bold;")
        self.error.hide()
        self.button = QPushButton()
        self.button.setProperty("primary", True)
        self.button.setDefault(True)
        self.name_label, self.pin_label = QLabel(), QLabel()
        self.name_label.setBuddy(self.name)
        self.pin_label.setBuddy(self.pin)
        form = QFormLayout()
        form.addRow(self.name_label, self.name)
        form.addRow(self.pin_label, self.pin)

        panel = QFrame()
        panel.setObjectName("panel")
        style.paint_background(panel, "#ffffff")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setFixedWidth(520)
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(36, 28, 36, 28)
        inner.setSpacing(12)
        inner.addWidget(self.title)
        inner.addWidget(self.where)
        inner.addWidget(self.notice)
        inner.addLayout(form)
        inner.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        inner.addLayout(row)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        # Centred by stretches, not by an alignment flag: an aligned widget whose texts wrap is
        # given less height than its fields need (a Qt layout quirk).
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(panel)
        centre.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(2)
        # Palette, not a style sheet: a sheet on a parent changes how its line edits size.
        style.paint_background(self, "#eef2f7")
        self.name.returnPressed.connect(self._name_entered)
        self.pin.returnPressed.connect(self.submitted)
        self.button.clicked.connect(self.submitted)
        self.retranslate()

    def _name_entered(self) -> None:
        self.pin.setFocus()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Masuk"))
        self.name_label.setText(self.tr("&Nama operator"))
        self.pin_label.setText(self.tr("&PIN"))
        self.button.setText(self.tr("Masuk"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
