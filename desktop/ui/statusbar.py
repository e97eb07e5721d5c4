"""The status bar: office, desk, operator, the sync state, and the failures of background work
that no screen showed itself."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QStatusBar

from desktop.ui import style

FAILURE_SHOWN_MS = 20_000


class DeskStatusBar(QStatusBar):
    def __init__(self) -> None:
        super().__init__()
        self.office = QLabel()
        self.desk = QLabel()
        self.operator = QLabel()
        self.sync = QLabel()
        self.venue = QLabel()  # the venue hub's state, when this desk is a hub or a member
        for label in (self.office, self.desk, self.operator):
            label.setContentsMargins(8, 0, 8, 0)
            self.addWidget(label)
        self.sync.setContentsMargins(8, 0, 8, 0)
        style.muted(self.sync)
        self.venue.setContentsMargins(8, 0, 8, 0)
        self.venue.hide()
        self.addPermanentWidget(self.venue)
        self.addPermanentWidget(self.sync)
        self._office = self._desk = ""
        self._operator: str | None = None
        self._sync: str | None = None
        self.retranslate()

    def set_desk(self, office: str, desk: str) -> None:
        self._office, self._desk = office, desk
        self.retranslate()

    def set_operator(self, name: str | None) -> None:
        self._operator = name
        self.retranslate()

    def set_sync_state(self, text: str | None) -> None:
        """The sync issue's worker reports here (e.g. "Sinkron 08.15 · 0 menunggu")."""
        self._sync = text
        self.retranslate()

    def set_venue_state(self, text: str | None, *, alone: bool = False) -> None:
        """The venue hub's line ("Hub lokasi: terhubung (Meja 1)"); amber while this desk works
        alone because its hub does not answer. None hides it (no hub in use)."""
        self.venue.setText(text or "")
        self.venue.setVisible(bool(text))
        self.venue.setStyleSheet(f"color: {style.WARN_TEXT}; font-weight: bold;" if alone else "")

    def show_failure(self, text: str) -> None:
        """A background task failed and no screen said so: the sentence stays long enough to be
        read (the office and desk labels return after it)."""
        self.showMessage(text, FAILURE_SHOWN_MS)

    def retranslate(self) -> None:
        self.office.setText(self._office)
        self.desk.setText(self.tr("Meja: {desk}").format(desk=self._desk) if self._desk else "")
        self.operator.setText(
            self.tr("Operator: {name}").format(name=self._operator)
            if self._operator
            else self.tr("Operator: belum masuk")
        )
        self.sync.setText(self._sync or self.tr("Sinkronisasi: belum diatur"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
