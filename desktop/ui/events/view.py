"""The events page and the event form's layouts."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QEvent, Qt, QTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import style


class EventsView(QWidget):
    open_requested = Signal(int)  # row
    new_requested = Signal()
    edit_requested = Signal(int)
    import_requested = Signal(int)
    retranslated = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel()
        style.sized(self.title, 18, bold=True)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        style.muted(self.hint)
        self.table = QTableWidget(0, 5)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # Enter, Return and a double-click all "activate" a row.
        self.table.activated.connect(lambda index: self.open_requested.emit(index.row()))
        self.open = QPushButton()
        self.open.setProperty("primary", True)
        self.new = QPushButton()
        self.edit = QPushButton()
        self.import_ = QPushButton()
        self.open.clicked.connect(lambda: self.open_requested.emit(self.current_row()))
        self.new.clicked.connect(self.new_requested)
        self.edit.clicked.connect(lambda: self.edit_requested.emit(self.current_row()))
        self.import_.clicked.connect(lambda: self.import_requested.emit(self.current_row()))
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_requested.emit, context=context)
        QShortcut(
            QKeySequence("Ctrl+E"),
            self,
            lambda: self.edit_requested.emit(self.current_row()),
            context=context,
        )
        QShortcut(
            QKeySequence("Ctrl+I"),
            self,
            lambda: self.import_requested.emit(self.current_row()),
            context=context,
        )
        buttons = QHBoxLayout()
        for button in (self.open, self.new, self.edit, self.import_):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Acara"))
        self.hint.setText(
            self.tr("Pilih acara dengan ↑ ↓ lalu Enter untuk membukanya di layar check-in.")
        )
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Judul"),
                self.tr("Tanggal"),
                self.tr("Tempat"),
                self.tr("Mode"),
                self.tr("Terdaftar"),
            ]
        )
        self.open.setText(self.tr("Buka untuk check-in (Enter)"))
        self.new.setText(self.tr("Acara baru (Ctrl+N)"))
        self.edit.setText(self.tr("Ubah (Ctrl+E)"))
        self.import_.setText(self.tr("Impor peserta (Ctrl+I)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.retranslated.emit()
        super().changeEvent(event)

    def set_rows(self, rows: list[tuple[str, str, str, str, str]], select: int = 0) -> None:
        self.table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 4:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        has_rows = bool(rows)
        for button in (self.open, self.edit, self.import_):
            button.setEnabled(has_rows)
        if has_rows:
            # The current cell, not only the selection: Enter activates the current index.
            self.table.setCurrentCell(max(0, min(select, len(rows) - 1)), 0)

    def scroll_position(self) -> tuple[int, int]:
        return self.table.horizontalScrollBar().value(), self.table.verticalScrollBar().value()

    def set_scroll_position(self, position: tuple[int, int]) -> None:
        self.table.horizontalScrollBar().setValue(position[0])
        self.table.verticalScrollBar().setValue(position[1])

    def current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def focus_list(self) -> None:
        if not self.isVisible():  # a hidden page must not take the keys from the search box
            return
        if not self.isActiveWindow():
            self.activateWindow()  # back from a dialog: the keys belong to this window again
        self.table.setFocus()


def _qdatetime(value: datetime) -> QDateTime:
    return QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute))


def _pydatetime(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


class EventDialog(QDialog):
    save_requested = Signal()

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.setMinimumWidth(680)
        self.event_title = QLineEdit()
        self.theme = QLineEdit()
        self.venue = QLineEdit()
        self.starts = QDateTimeEdit()
        self.ends = QDateTimeEdit()
        for edit in (self.starts, self.ends):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy HH:mm")
        self.timezone = QComboBox()
        self.mode = QComboBox()
        self.jp = QSpinBox()
        self.jp.setRange(0, 500)
        self.signatory_name = QLineEdit()
        self.signatory_title = QLineEdit()
        self.signatory_nip = QLineEdit()
        self.nip_note = QLabel()
        self.nip_note.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {style.ERROR_TEXT}; font-weight: bold;")
        self.error.hide()

        self._labels = [QLabel() for _ in range(11)]
        event_form = QFormLayout()
        fields = (
            self.event_title,
            self.theme,
            self.venue,
            self.starts,
            self.ends,
            self.timezone,
            self.mode,
            self.jp,
        )
        for label, field in zip(self._labels[:8], fields, strict=True):
            label.setBuddy(field)
            event_form.addRow(label, field)
        self.signatory_box = QGroupBox()
        signatory_form = QFormLayout(self.signatory_box)
        for label, field in zip(
            self._labels[8:],
            (self.signatory_name, self.signatory_title, self.signatory_nip),
            strict=True,
        ):
            label.setBuddy(field)
            signatory_form.addRow(label, field)
        signatory_form.addRow("", self.nip_note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.save.setDefault(True)
        self.save.setProperty("primary", True)
        self.buttons.accepted.connect(self.save_requested)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(event_form)
        layout.addWidget(self.signatory_box)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        texts = (
            self.tr("&Judul"),
            self.tr("&Tema"),
            self.tr("Tem&pat"),
            self.tr("&Mulai"),
            self.tr("&Selesai"),
            self.tr("&Zona waktu"),
            self.tr("M&ode"),
            self.tr("J&P (jam pelajaran)"),
            self.tr("&Nama"),
            self.tr("Ja&batan"),
            self.tr("N&IP"),
        )
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        self.signatory_box.setTitle(self.tr("Penanda tangan sertifikat"))
        self.jp.setSpecialValueText(self.tr("tidak ada"))
        self.signatory_title.setPlaceholderText(self.tr("mis. Kepala Kantor Wilayah"))
        self.cancel.setText(self.tr("Batal"))
        self.save.setText(self.tr("Simpan"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_times(self, starts: datetime, ends: datetime) -> None:
        self.starts.setDateTime(_qdatetime(starts))
        self.ends.setDateTime(_qdatetime(ends))

    def times(self) -> tuple[datetime, datetime]:
        return _pydatetime(self.starts.dateTime()), _pydatetime(self.ends.dateTime())

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
