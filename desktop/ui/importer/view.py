"""The import dialog's layout."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import style

UNRECOGNISED = "#fff1c2"  # a column Hadir could not name: the clerk should look at it


class ImportDialog(QDialog):
    choose_requested = Signal()
    import_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.resize(1040, 680)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        style.sized(self.heading, 14, bold=True)
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.choose = QPushButton()
        # A workbook with lists on several sheets: all of them, or the one the clerk picks.
        self.sheet_label = QLabel()
        self.sheet = QComboBox()
        self.sheet_label.setBuddy(self.sheet)
        self.sheet_label.hide()
        self.sheet.hide()
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.preview = QTableWidget(0, 0)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.preview.horizontalHeader().setDefaultSectionSize(150)
        self.progress = QProgressBar()
        self.progress.hide()
        self.stop = QPushButton()
        self.stop.hide()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        style.sized(self.summary, 12, bold=True)
        self.summary.hide()
        self.skipped = QTableWidget(0, 2)
        self.skipped.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.skipped.verticalHeader().hide()
        self.skipped.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.skipped.setWordWrap(True)
        self.skipped.hide()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {style.ERROR_TEXT}; font-weight: bold;")
        self.error.hide()
        self.run = QPushButton()
        self.run.setProperty("primary", True)
        self.run.setDefault(True)
        self.run.setEnabled(False)
        self.close_button = QPushButton()

        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.choose)
        file_row.addWidget(self.sheet_label)
        file_row.addWidget(self.sheet)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.stop)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.run)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(file_row)
        layout.addWidget(self.info)
        layout.addWidget(self.preview, 2)
        layout.addLayout(progress_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.skipped, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.choose.clicked.connect(self.choose_requested)
        self.run.clicked.connect(self.import_requested)
        self.stop.clicked.connect(self.cancel_requested)
        self.close_button.clicked.connect(self.reject)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Impor daftar peserta"))
        self.choose.setText(self.tr("Pilih berkas…"))
        self.sheet_label.setText(self.tr("&Lembar:"))
        self.path.setPlaceholderText(self.tr("Berkas Excel (.xlsx) atau CSV"))
        self.stop.setText(self.tr("Hentikan"))
        self.run.setText(self.tr("Impor"))
        self.close_button.setText(self.tr("Tutup"))
        self.skipped.setHorizontalHeaderLabels([self.tr("Baris"), self.tr("Keterangan")])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ---------------------------------------------------------------- preview

    def set_preview(
        self,
        headers: list[str],
        sample: list[list[str]],
        row_numbers: list[int],  # the spreadsheet's own, as in the skipped-row report (issue 14)
        choices: list[tuple[str, str]],  # (field or "", label)
        mapping: dict[int, str],
        unrecognised: list[int],
    ) -> list[QComboBox]:
        """One combo per column (its field) above the first rows of the file."""
        table = self.preview
        table.clear()
        table.setColumnCount(len(headers))
        table.setRowCount(len(sample) + 1)
        table.setHorizontalHeaderLabels(headers)
        combos = []
        for column in range(len(headers)):
            combo = QComboBox()
            for field, label in choices:
                combo.addItem(label, field)
            combo.setCurrentIndex(max(0, combo.findData(mapping.get(column, ""))))
            if column in unrecognised:
                combo.setStyleSheet(f"QComboBox {{ background: {UNRECOGNISED}; }}")
            table.setCellWidget(0, column, combo)
            combos.append(combo)
        for r, cells in enumerate(sample, start=1):
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if c in unrecognised:
                    item.setBackground(QBrush(QColor(UNRECOGNISED)))
                table.setItem(r, c, item)
        table.setVerticalHeaderLabels([self.tr("Isi kolom")] + [str(n) for n in row_numbers])
        return combos

    def set_sheets(self, sheets: list[str], everything: str, chosen: str | None) -> None:
        """The sheet choice, shown only when a workbook has lists on more than one sheet."""
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItem(everything, None)
        for name in sheets:
            self.sheet.addItem(name, name)
        self.sheet.setCurrentIndex(max(0, self.sheet.findData(chosen)) if chosen else 0)
        self.sheet.blockSignals(False)
        self.sheet.setVisible(len(sheets) > 1)
        self.sheet_label.setVisible(len(sheets) > 1)

    def set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.stop.setVisible(busy)
        self.stop.setEnabled(busy)
        self.run.setEnabled(not busy)
        self.choose.setEnabled(not busy)
        self.sheet.setEnabled(not busy)
        self.preview.setEnabled(not busy)
        if busy:
            self.progress.setRange(0, 0)

    def set_progress(self, done: int, total: int) -> None:
        if total > 1:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def show_report(self, summary: str, skipped: list[tuple[str, str]]) -> None:
        self.summary.setText(summary)
        self.summary.show()
        self.skipped.setRowCount(len(skipped))
        for r, (row, reason) in enumerate(skipped):
            number = QTableWidgetItem(row)
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.skipped.setItem(r, 0, number)
            self.skipped.setItem(r, 1, QTableWidgetItem(reason))
        self.skipped.resizeColumnToContents(0)
        self.skipped.resizeRowsToContents()
        self.skipped.setVisible(bool(skipped))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
