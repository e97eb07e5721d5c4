"""The participants page's layout."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import style
from desktop.ui.participants.model import ParticipantTableModel


class ParticipantsView(QWidget):
    shown = Signal()
    retranslated = Signal()
    edit_requested = Signal(int)  # shown row
    export_requested = Signal(str)  # "xlsx" | "csv"
    reload_requested = Signal()
    cancel_requested = Signal()
    sort_requested = Signal(int, bool)  # display column, descending

    def __init__(self, model: ParticipantTableModel) -> None:
        super().__init__()
        self.title = QLabel()
        style.sized(self.title, 18, bold=True)
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(320)
        self.instansi = QComboBox()
        self.instansi.setMinimumContentsLength(28)
        self.instansi.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.attendance = QComboBox()
        self.count = QLabel()
        style.muted(self.count)
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        vertical = self.table.verticalHeader()
        vertical.hide()
        # Fixed row heights: the view never measures 200,000 rows.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        header.setHighlightSections(False)
        # "Layak sertifikat" over a column of "ya": headings wrap onto two lines rather than widen
        # their columns, so that a three-day event fits a 1366x768 laptop without scrolling.
        header.setDefaultAlignment(
            Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value)
        )
        header.sortIndicatorChanged.connect(
            lambda column, order: self.sort_requested.emit(
                column, order == Qt.SortOrder.DescendingOrder
            )
        )
        self.table.activated.connect(lambda index: self.edit_requested.emit(index.row()))
        self.busy_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(360)
        self.cancel = QPushButton()
        self.cancel.clicked.connect(self.cancel_requested)
        self.edit = QPushButton()
        self.export_xlsx = QPushButton()
        self.export_csv = QPushButton()
        self.reload = QPushButton()
        self.edit.clicked.connect(lambda: self.edit_requested.emit(self.current_row()))
        self.export_xlsx.clicked.connect(lambda: self.export_requested.emit("xlsx"))
        self.export_csv.clicked.connect(lambda: self.export_requested.emit("csv"))
        self.reload.clicked.connect(self.reload_requested)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence("Ctrl+F"), self, self.focus_filter, context=context)
        QShortcut(QKeySequence("F5"), self, self.reload_requested.emit, context=context)
        QShortcut(
            QKeySequence("Ctrl+E"),
            self,
            lambda: self.edit_requested.emit(self.current_row()),
            context=context,
        )
        QShortcut(
            QKeySequence("Ctrl+Shift+E"),
            self,
            lambda: self.export_requested.emit("xlsx"),
            context=context,
        )
        # From the filter box, Down goes to the table (and Enter there edits).
        self.filter.returnPressed.connect(self.focus_table)

        filters = QHBoxLayout()
        filters.addWidget(self.filter, 2)
        filters.addWidget(self.instansi, 2)
        filters.addWidget(self.attendance, 1)
        busy = QHBoxLayout()
        busy.addWidget(self.busy_label)
        busy.addWidget(self.progress)
        busy.addWidget(self.cancel)
        busy.addStretch(1)
        busy.addWidget(self.count)
        buttons = QHBoxLayout()
        for button in (self.edit, self.export_xlsx, self.export_csv, self.reload):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.addWidget(self.title)
        layout.addLayout(filters)
        layout.addLayout(busy)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.set_busy("")
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Peserta"))
        self.filter.setPlaceholderText(self.tr("Saring: nama, NIP, atau instansi (Ctrl+F)"))
        self.cancel.setText(self.tr("Hentikan"))
        self.edit.setText(self.tr("Ubah data (Enter)"))
        self.export_xlsx.setText(self.tr("Ekspor XLSX"))
        self.export_csv.setText(self.tr("Ekspor CSV"))
        self.reload.setText(self.tr("Muat ulang (F5)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.retranslated.emit()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.shown.emit()

    def set_busy(self, text: str, *, cancellable: bool = False) -> None:
        self.busy_label.setText(text)
        for widget in (self.busy_label, self.progress):
            widget.setVisible(bool(text))
        self.cancel.setVisible(bool(text) and cancellable)
        self.progress.setRange(0, 0)
        for button in (self.export_xlsx, self.export_csv, self.reload):
            button.setEnabled(not text)

    def set_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def size_columns(self, rows: int, days: int) -> None:
        """Widths from the font, never from the cells: "resize to contents" would read a thousand
        rows through Python on every filter and sort. Instansi takes what is left."""
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        titles = header.fontMetrics()

        def heading(text: str) -> int:  # the longest word: the heading wraps at the spaces
            return max(titles.horizontalAdvance(word) for word in text.split()) + 24

        day_width = max(
            heading(self.tr("Hari {day}").format(day=9)), metrics.horizontalAdvance("00.00") + 24
        )
        widths = [
            metrics.horizontalAdvance(f"{rows:,}") + 20,
            metrics.horizontalAdvance("M" * 18),  # longer names are elided; the tooltip has all
            metrics.horizontalAdvance("19860926 201505 1 001") + 20,
            metrics.horizontalAdvance("Non-ASN") + 24,
            metrics.horizontalAdvance("III/b Penata Muda") + 12,
        ]
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)
        for column in range(6, 6 + days):
            self.table.setColumnWidth(column, day_width)
        self.table.setColumnWidth(6 + days, heading(self.tr("Hari hadir")))
        self.table.setColumnWidth(7 + days, heading(self.tr("Daring (menit)")))
        self.table.setColumnWidth(8 + days, heading(self.tr("Layak sertifikat")))
        header.setMinimumHeight(2 * titles.lineSpacing() + 10)  # a wrapped heading's two lines
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def scroll_position(self) -> tuple[int, int]:
        return self.table.horizontalScrollBar().value(), self.table.verticalScrollBar().value()

    def set_scroll_position(self, position: tuple[int, int]) -> None:
        self.table.horizontalScrollBar().setValue(position[0])
        self.table.verticalScrollBar().setValue(position[1])

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def focus_filter(self) -> None:
        if not self.isVisible():
            return
        self.filter.setFocus()
        self.filter.selectAll()

    def focus_table(self) -> None:
        if not self.isVisible():
            return
        if not self.isActiveWindow():
            self.activateWindow()
        self.table.setFocus()
        if self.table.model().rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
