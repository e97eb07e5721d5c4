"""The Certificates screen's layout: who qualifies (left, top), issued certificates (left, bottom),
the preview of the chosen certificate (right), and the printed records (daftar hadir, export)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QImage, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import style
from desktop.ui.rows import RowsModel


def table(model: RowsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(26)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def fit_columns(view: QTableView, samples: tuple[str, ...], *, stretch: int | None = None) -> None:
    """Widths from the font: the wider of the header and a typical value (never "resize to
    contents", which would read every row through Python).

    ``stretch``: the column (e.g. the name) that takes what the others leave, so that the table fits
    its width without a horizontal scrollbar on a 1366x768 laptop; its text is elided.
    """
    metrics = view.fontMetrics()
    header = view.horizontalHeader().fontMetrics()
    model = view.model()
    lines = 1
    for column, sample in enumerate(samples):
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        word = max(title.split() or [""], key=header.horizontalAdvance)  # the heading wraps
        width = max(header.horizontalAdvance(word) + 28, metrics.horizontalAdvance(sample) + 16)
        if column == stretch:
            view.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            view.horizontalHeader().setStretchLastSection(False)
        else:
            view.setColumnWidth(column, width)
            if header.horizontalAdvance(title) + 28 > width:
                lines = 2
    # "Daring (menit)" over a column of "480": the heading wraps rather than widen the column,
    # and the header, which does not grow for a wrapped heading by itself, takes two lines.
    alignment = Qt.AlignmentFlag.AlignCenter
    if lines > 1:
        alignment |= Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap.value)
    view.horizontalHeader().setDefaultAlignment(alignment)
    view.horizontalHeader().setMinimumHeight(lines * header.lineSpacing() + 10)


def selected_rows(view: QTableView) -> list[int]:
    return sorted({index.row() for index in view.selectionModel().selectedRows()})


class ReasonDialog(QDialog):
    """Asks for the reason an override or a revocation needs (it is the record)."""

    def __init__(self, parent: QWidget | None, *, title: str, prompt: str, action: str) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.setWindowTitle(title)
        self.prompt = QLabel(prompt)
        self.prompt.setWordWrap(True)
        self.reason = QLineEdit()
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = self.buttons.addButton(
            self.tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(lambda text: self.ok.setEnabled(bool(text.strip())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.resize(520, 160)

    def text(self) -> str:
        return self.reason.text().strip()


class PreviewLabel(QLabel):
    """Shows the rendered page scaled to fit, keeping its aspect ratio."""

    resized = Signal(int)  # the width available, to render a sharper page

    def __init__(self) -> None:
        super().__init__()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(320, 230)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setStyleSheet("background: #d9dee5; border: 1px solid #b8c0cc;")
        self.image: QImage | None = None

    def set_image(self, image: QImage | None) -> None:
        self.image = image
        self._show()

    def _show(self) -> None:
        if self.image is None or self.image.isNull():
            self.setPixmap(QPixmap())
            return
        room = self.contentsRect().size()
        pixmap = QPixmap.fromImage(self.image).scaled(
            max(1, room.width() - 16),
            max(1, room.height() - 16),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.setPixmap(pixmap)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show()
        self.resized.emit(self.width())


class CertificatesView(QWidget):
    shown = Signal()
    retranslated = Signal()
    issue_requested = Signal()
    allow_requested = Signal()
    deny_requested = Signal()
    preview_requested = Signal()
    print_requested = Signal()
    save_requested = Signal()
    revoke_requested = Signal()
    daftar_hadir_requested = Signal()
    badges_requested = Signal()
    invitations_export_requested = Signal()
    invitations_send_requested = Signal()
    links_requested = Signal()
    export_requested = Signal()
    cancel_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.heading = QLabel()
        style.sized(self.heading, 15, bold=True)
        self.summary = QLabel()
        style.muted(self.summary)
        # Two certificates in force for one person (desks that issued offline, issue 17 item 2):
        # shown until an operator revokes one; hidden otherwise.
        self.duplicates = QLabel()
        self.duplicates.setObjectName("duplicates")
        self.duplicates.setWordWrap(True)
        self.duplicates.setStyleSheet(f"color: {style.WARN_TEXT}; font-weight: bold;")
        self.duplicates.hide()

        # Who qualifies
        self.people_model = RowsModel(right_aligned=(2, 3))
        self.people = table(self.people_model)
        self.people_filter = QLineEdit()
        self.people_filter.setClearButtonEnabled(True)
        self.show_filter = QComboBox()
        self.issue = QPushButton()
        self.issue.setProperty("primary", True)
        self.allow = QPushButton()
        self.deny = QPushButton()
        people_box = QGroupBox()
        self.people_box = people_box
        people_top = QHBoxLayout()
        people_top.addWidget(self.people_filter, 1)
        people_top.addWidget(self.show_filter)
        people_buttons = QHBoxLayout()
        people_buttons.addWidget(self.issue)
        people_buttons.addStretch(1)
        people_buttons.addWidget(self.allow)
        people_buttons.addWidget(self.deny)
        box = QVBoxLayout(people_box)
        box.addLayout(people_top)
        box.addWidget(self.people, 1)
        box.addLayout(people_buttons)

        # Issued certificates
        self.issued_model = RowsModel(right_aligned=(4,))
        self.issued = table(self.issued_model)
        self.print = QPushButton()
        self.print.setProperty("primary", True)
        self.save = QPushButton()
        self.revoke = QPushButton()
        issued_box = QGroupBox()
        self.issued_box = issued_box
        issued_buttons = QHBoxLayout()
        issued_buttons.addWidget(self.print)
        issued_buttons.addWidget(self.save)
        issued_buttons.addStretch(1)
        issued_buttons.addWidget(self.revoke)
        box = QVBoxLayout(issued_box)
        box.addWidget(self.issued, 1)
        box.addLayout(issued_buttons)

        # Preview
        self.preview = PreviewLabel()
        self.preview_caption = QLabel()
        self.preview_caption.setWordWrap(True)
        style.muted(self.preview_caption)
        preview_box = QGroupBox()
        self.preview_box = preview_box
        box = QVBoxLayout(preview_box)
        box.addWidget(self.preview, 1)
        box.addWidget(self.preview_caption)

        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(people_box)
        left.addWidget(issued_box)
        left.setSizes([380, 300])
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(left)
        self.split.addWidget(preview_box)
        # The tables get the width first (their seven columns need ~950 px): on a 1366x768 laptop
        # the preview narrows, not the tables; the clerk can drag the divider for a larger one.
        self.split.setSizes([1000, 340])
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 1)

        # Printed records and progress
        self.day = QComboBox()
        self.blank = QCheckBox()
        self.daftar_hadir = QPushButton()
        self.export = QPushButton()
        # Name badges with QR codes (issue 18): the layout, then preview and the print dialog.
        self.badge_layout = QComboBox()
        self.badges = QPushButton()
        # Invitations (files, e-mail) and the certificates' personal download links (issue 18).
        self.invitations = QPushButton()
        self.invitations_menu = QMenu(self.invitations)
        self.invitations_export = self.invitations_menu.addAction("")
        self.invitations_send = self.invitations_menu.addAction("")
        self.invitations.setMenu(self.invitations_menu)
        self.links = QPushButton()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.hide()
        self.stop = QPushButton()
        self.stop.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.day)
        bottom.addWidget(self.blank)
        bottom.addWidget(self.daftar_hadir)
        bottom.addWidget(self.export)
        bottom.addSpacing(16)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.stop)
        bottom.addWidget(self.message, 1)

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(top)
        layout.addWidget(self.duplicates)
        layout.addWidget(self.split, 1)
        layout.addLayout(bottom)
        # What reaches the participants (issue 18): badges, invitations, download links; a row of
        # their own, so the window still fits 1280 pixels in either language.
        reach = QHBoxLayout()
        reach.addWidget(self.badge_layout)
        reach.addWidget(self.badges)
        reach.addWidget(self.invitations)
        reach.addWidget(self.links)
        reach.addStretch(1)
        layout.addLayout(reach)

        self.issue.clicked.connect(self.issue_requested)
        self.allow.clicked.connect(self.allow_requested)
        self.deny.clicked.connect(self.deny_requested)
        self.print.clicked.connect(self.print_requested)
        self.save.clicked.connect(self.save_requested)
        self.revoke.clicked.connect(self.revoke_requested)
        self.daftar_hadir.clicked.connect(self.daftar_hadir_requested)
        self.export.clicked.connect(self.export_requested)
        self.badges.clicked.connect(self.badges_requested)
        self.invitations_export.triggered.connect(self.invitations_export_requested)
        self.invitations_send.triggered.connect(self.invitations_send_requested)
        self.links.clicked.connect(self.links_requested)
        self.stop.clicked.connect(self.cancel_requested)
        self.issued.selectionModel().currentRowChanged.connect(
            lambda _now, _before: self.preview_requested.emit()
        )
        self.retranslate()

    def retranslate(self) -> None:
        self.people_box.setTitle(self.tr("Peserta dan syarat sertifikat"))
        self.issued_box.setTitle(self.tr("Sertifikat yang sudah terbit"))
        self.preview_box.setTitle(self.tr("Pratinjau (persis seperti dicetak)"))
        self.people_filter.setPlaceholderText(self.tr("Cari nama atau NIP"))
        self.issue.setText(self.tr("Terbitkan untuk yang layak"))
        self.allow.setText(self.tr("Izinkan dengan alasan…"))
        self.deny.setText(self.tr("Tahan dengan alasan…"))
        self.print.setText(self.tr("Cetak…"))
        self.save.setText(self.tr("Simpan PDF…"))
        self.revoke.setText(self.tr("Cabut…"))
        self.blank.setText(self.tr("kosong (untuk ditandatangani)"))
        self.daftar_hadir.setText(self.tr("Daftar hadir PDF…"))
        self.export.setText(self.tr("Ekspor kehadiran…"))
        self.badges.setText(self.tr("Cetak tanda nama…"))
        self.invitations.setText(self.tr("Undangan"))
        self.invitations_export.setText(self.tr("Simpan undangan (PDF, PNG, daftar WhatsApp)…"))
        self.invitations_send.setText(self.tr("Kirim undangan lewat email"))
        self.links.setText(self.tr("Tautan unduh…"))
        self.links.setToolTip(
            self.tr(
                "Tautan pribadi untuk mengunduh sertifikat dari kantor pusat, sebagai daftar untuk "
                "email atau WhatsApp"
            )
        )
        chosen = self.badge_layout.currentData()
        self.badge_layout.clear()
        self.badge_layout.addItem(self.tr("Label 2 × 4 (99 × 68 mm)"), "2x4")
        self.badge_layout.addItem(self.tr("Label 2 × 5 (99 × 57 mm)"), "2x5")
        self.badge_layout.addItem(self.tr("Kartu 85,6 × 54 mm (garis potong)"), "card")
        self.badge_layout.setCurrentIndex(max(0, self.badge_layout.findData(chosen)))
        self.badge_layout.setToolTip(self.tr("Tata letak tanda nama pada kertas A4"))
        self.stop.setText(self.tr("Hentikan"))
        self.people_model.set_headers(
            [
                self.tr("Nama"),
                self.tr("NIP"),
                self.tr("Hari hadir"),
                self.tr("Daring (menit)"),
                self.tr("Layak"),
                self.tr("Keputusan operator"),
                self.tr("Nomor sertifikat"),
            ]
        )
        self.issued_model.set_headers(
            [
                self.tr("Nomor"),
                self.tr("Nama"),
                self.tr("NIP"),
                self.tr("Terbit"),
                self.tr("Dicetak"),
                self.tr("Dicabut"),
            ]
        )
        self.retranslated.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.shown.emit()

    def size_columns(self) -> None:
        fit_columns(
            self.people,
            (
                "Andi Pratama Tandiarrang, M.Si.",
                "19860926 201505 1 001",
                "1/3",
                "480",
                "tidak",
                "diizinkan",
                "0001/M2",
            ),
            stretch=0,
        )
        # The number shows its start (the sequence; the whole number is under the preview), so
        # that the name keeps room beside it in a 1280x800 window.
        fit_columns(
            self.issued,
            (
                "0001/6K3V/KW",
                "Andi Pratama Tandiarrang",
                "19860926 201505 1 001",
                "23 November 2026",
                "2",
                "2",
            ),
            stretch=1,
        )

    def set_busy(self, text: str, *, cancellable: bool = False) -> None:
        busy = bool(text)
        self.progress.setVisible(busy)
        self.stop.setVisible(busy and cancellable)
        if busy:
            self.progress.setRange(0, 0)
        self.message.setStyleSheet("")
        self.message.setText(text)
        for button in (
            self.issue,
            self.allow,
            self.deny,
            self.print,
            self.save,
            self.revoke,
            self.daftar_hadir,
            self.export,
        ):
            button.setEnabled(not busy)

    def set_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {style.ERROR_TEXT if error else style.OK_TEXT};")
        self.message.setText(text)
