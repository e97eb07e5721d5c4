"""The hub's phones and tablets as check-in stations (issue 17 item 7), from the Lokasi box's
"Tambah stasiun HP/tablet": name one, show its address as a QR code for the phone's camera, list
them, remove (revoke) one. Everything goes through desktop/services/station.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.db import Database
from desktop.services import station as service
from desktop.ui import i18n, style
from desktop.ui.context import DeskContext
from desktop.ui.qr import qr_image
from desktop.ui.worker import TaskContext, Workers

QR_MODULE_PX = 5  # ~260 px for a station's address: a phone reads it at arm's length


class StationsDialog(QDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Stasiun check-in HP/tablet"))
        self.note = QLabel(
            self.tr(
                "HP atau tablet di Wi-Fi yang sama dapat mencatat kehadiran lewat hub ini. Beri "
                "nama, lalu pindai kode QR-nya dengan kamera HP itu. Kode QR memuat kunci "
                "stasiun: tunjukkan hanya kepada HP yang akan dipakai."
            )
        )
        self.note.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("mis. HP 1"))
        self.name.setMaxLength(40)
        self.add = QPushButton(self.tr("Tambah stasiun"))
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_caption = QLabel()
        self.qr_caption.setWordWrap(True)
        self.qr_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.url = QLabel()
        self.url.setWordWrap(True)
        self.url.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        style.muted(self.url)
        self.listed_title = QLabel(self.tr("Stasiun hub ini"))
        style.sized(self.listed_title, 10, bold=True)
        self.stations = QListWidget()
        self.remove = QPushButton(self.tr("Hapus stasiun"))
        self.remove.setEnabled(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Tutup"))
        buttons.rejected.connect(self.reject)

        adding = QHBoxLayout()
        adding.addWidget(self.name, 1)
        adding.addWidget(self.add)
        removing = QHBoxLayout()
        removing.addStretch(1)
        removing.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(adding)
        layout.addWidget(self.qr)
        layout.addWidget(self.qr_caption)
        layout.addWidget(self.url)
        layout.addWidget(self.message)
        layout.addWidget(self.listed_title)
        layout.addWidget(self.stations, 1)
        layout.addLayout(removing)
        layout.addWidget(buttons)
        self.show_new(None)
        self.stations.itemSelectionChanged.connect(
            lambda: self.remove.setEnabled(bool(self.stations.selectedItems()))
        )
        self.name.returnPressed.connect(self.add.click)
        self.resize(460, 640)

    def show_new(self, made: dict[str, str] | None) -> None:
        """The new station's QR code and address; nothing once the dialog is closed."""
        for widget in (self.qr, self.qr_caption, self.url):
            widget.setVisible(made is not None)
        if made is None:
            self.qr.clear()
            return
        self.qr.setPixmap(QPixmap.fromImage(qr_image(made["url"], module=QR_MODULE_PX)))
        self.qr_caption.setText(
            self.tr(
                "Pindai dengan kamera HP \u201c{name}\u201d lalu buka alamatnya di browser. "
                "Kamera di halaman stasiun hanya jalan lewat https; tanpa itu ketik nama/NIP "
                "atau pakai pemindai Bluetooth."
            ).format(name=made["name"])
        )
        self.url.setText(made["url"])

    def say(self, text: str, *, failed: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {style.ERROR_TEXT};" if failed else "")
        self.message.setVisible(bool(text))


class StationsController(QObject):
    """Opens the dialog and does its work on the background worker."""

    def __init__(
        self, parent: QWidget, *, db: Database, workers: Workers, context: DeskContext
    ) -> None:
        super().__init__(parent)
        # The operator is read at each action: another may have signed in since.
        self._db, self._workers, self._context = db, workers, context
        self.dialog = StationsDialog(parent)
        self.dialog.add.clicked.connect(self.add)
        self.dialog.remove.clicked.connect(self.remove)
        self.dialog.finished.connect(lambda _result: self.dialog.show_new(None))

    def open(self) -> None:
        self.dialog.say("")
        self.dialog.show_new(None)
        self.dialog.show()
        self.dialog.raise_()
        self.refresh()

    def refresh(self) -> None:
        db = self._db

        def work(_ctx: TaskContext) -> list[dict[str, Any]]:
            return service.list_stations(db)

        self._workers.background.submit(work, on_success=self._listed, name="stations")

    def _listed(self, stations: list[dict[str, Any]]) -> None:
        listing = self.dialog.stations
        listing.clear()
        for row in stations:
            seen: datetime | None = row["last_seen"]
            when = (
                self.tr("terakhir terhubung {time}").format(
                    time=i18n.clock_format().format(
                        hour=seen.astimezone().hour, minute=seen.astimezone().minute
                    )
                )
                if seen is not None
                else self.tr("belum pernah terhubung")
            )
            item = QListWidgetItem(f"{row['name']} \u2014 {when}")
            item.setData(Qt.ItemDataRole.UserRole, row["name"])
            listing.addItem(item)
        self.dialog.remove.setEnabled(bool(listing.selectedItems()))

    def add(self) -> None:
        name = self.dialog.name.text().strip()
        db, operator = self._db, self._context.operator_name

        def work(_ctx: TaskContext) -> dict[str, str]:
            return service.add_station(db, name=name, operator=operator)

        def done(made: dict[str, str]) -> None:
            self.dialog.add.setEnabled(True)
            self.dialog.name.clear()
            self.dialog.say("")
            self.dialog.show_new(made)
            self.refresh()

        self.dialog.add.setEnabled(False)
        self._workers.background.submit(
            work, on_success=done, on_failure=self._failed, name="station-add"
        )

    def remove(self) -> None:
        items = self.dialog.stations.selectedItems()
        if not items:
            return
        name = str(items[0].data(Qt.ItemDataRole.UserRole))
        asked = QMessageBox.question(
            self.dialog,
            self.tr("Hapus stasiun"),
            self.tr(
                "Hapus stasiun \u201c{name}\u201d? HP itu langsung tidak dapat mencatat "
                "kehadiran lagi; kehadiran yang sudah dicatatnya tetap tersimpan."
            ).format(name=name),
        )
        if asked != QMessageBox.StandardButton.Yes:
            return
        self.remove_named(name)

    def remove_named(self, name: str) -> None:
        db, operator = self._db, self._context.operator_name

        def work(_ctx: TaskContext) -> dict[str, str]:
            return service.remove_station(db, name=name, operator=operator)

        def done(_result: dict[str, str]) -> None:
            self.dialog.say(self.tr("Stasiun \u201c{name}\u201d dihapus.").format(name=name))
            self.dialog.show_new(None)
            self.refresh()

        self._workers.background.submit(
            work, on_success=done, on_failure=self._failed, name="station-remove"
        )

    def _failed(self, error: Exception) -> None:
        self.dialog.add.setEnabled(True)
        self.dialog.say(i18n.error_text(error), failed=True)
