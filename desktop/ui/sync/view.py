"""The Sync screen's layout: where things stand with HQ (in one sentence, then the details), the
run's progress, the history, what HQ set aside and why, the USB bundle, and enrollment (admin)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import style
from desktop.ui.certificates.view import fit_columns, table
from desktop.ui.rows import RowsModel


class SyncView(QWidget):
    shown = Signal()
    retranslated = Signal()
    sync_requested = Signal()
    cancel_requested = Signal()
    bundle_requested = Signal()
    retry_requested = Signal()
    enroll_requested = Signal()
    host_requested = Signal()
    stop_hosting_requested = Signal()
    join_requested = Signal()
    leave_requested = Signal()
    stations_requested = Signal()  # the hub's phones and tablets as check-in stations

    def __init__(self) -> None:
        super().__init__()
        self.heading = QLabel()
        style.sized(self.heading, 15, bold=True)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        style.sized(self.headline, 14, bold=True)
        self.sync_now = QPushButton()
        self.sync_now.setProperty("primary", True)
        self.stop = QPushButton()
        self.stop.hide()
        self.progress = QProgressBar()
        self.progress.hide()
        self.progress_text = QLabel()
        style.muted(self.progress_text)

        self.server = QLabel()
        self.connection = QLabel()
        self.pending = QLabel()
        self.set_aside_count = QLabel()
        self.last_success = QLabel()
        self.last_attempt = QLabel()
        self.next_attempt = QLabel()
        self.details = QGroupBox()
        self.detail_labels = [QLabel() for _ in range(7)]
        form = QFormLayout(self.details)
        for label, value in zip(
            self.detail_labels,
            (
                self.server,
                self.connection,
                self.pending,
                self.set_aside_count,
                self.last_success,
                self.last_attempt,
                self.next_attempt,
            ),
            strict=True,
        ):
            value.setWordWrap(True)
            form.addRow(label, value)
        self.clock = QLabel()
        self.clock.setWordWrap(True)
        self.clock.setStyleSheet(f"color: {style.WARN_TEXT}; font-weight: bold;")
        self.clock.hide()
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"color: {style.ERROR_TEXT};")
        self.problems.hide()

        self.bundle = QPushButton()
        self.bundle_all = QCheckBox()
        self.bundle_box = QGroupBox()
        box = QVBoxLayout(self.bundle_box)
        self.bundle_note = QLabel()
        self.bundle_note.setWordWrap(True)
        style.muted(self.bundle_note)
        box.addWidget(self.bundle_note)
        box.addWidget(self.bundle_all)
        box.addWidget(self.bundle)

        self.server_url = QLineEdit()
        self.code = QLineEdit()
        self.desk_name = QLineEdit()
        self.enroll = QPushButton()
        self.enroll_note = QLabel()
        self.enroll_note.setWordWrap(True)
        style.muted(self.enroll_note)
        self.enroll_box = QGroupBox()
        self.enroll_labels = [QLabel() for _ in range(3)]
        enroll_form = QFormLayout(self.enroll_box)
        enroll_form.addRow(self.enroll_note)
        for label, field in zip(
            self.enroll_labels, (self.server_url, self.code, self.desk_name), strict=True
        ):
            enroll_form.addRow(label, field)
        enroll_form.addRow(self.enroll)

        # The venue hub (issue 17): this desk serves the venue's others, or joins the one that does.
        self.venue_box = QGroupBox()
        self.venue_state = QLabel()
        self.venue_state.setWordWrap(True)
        self.hub_address = QLabel()
        self.pair_code = QLabel()
        style.sized(self.pair_code, 22, bold=True)
        self.hub_fingerprint = QLabel()
        self.hub_fingerprint.setWordWrap(True)  # wraps at its dashes (see VenueController)
        for label in (self.hub_address, self.pair_code, self.hub_fingerprint):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.host = QPushButton()
        self.stop_hosting = QPushButton()
        self.stations = QPushButton()
        self.hub_url = QLineEdit()
        self.hub_code = QLineEdit()
        self.hub_code.setMaxLength(6)
        self.join = QPushButton()
        self.leave = QPushButton()
        self.venue_message = QLabel()
        self.venue_message.setWordWrap(True)
        self.hosting_labels = [QLabel() for _ in range(3)]
        self.join_labels = [QLabel() for _ in range(2)]
        self.venue_form = QFormLayout(self.venue_box)
        self.venue_form.addRow(self.venue_state)
        for label, value in zip(
            self.hosting_labels,
            (self.hub_address, self.pair_code, self.hub_fingerprint),
            strict=True,
        ):
            self.venue_form.addRow(label, value)
        # The button rows are widgets, so that hiding one leaves no gap in the box.
        self.hosting_buttons = QWidget()
        hosting = QHBoxLayout(self.hosting_buttons)
        hosting.setContentsMargins(0, 0, 0, 0)
        hosting.addWidget(self.host)
        hosting.addWidget(self.stop_hosting)
        hosting.addWidget(self.stations)
        hosting.addStretch(1)
        self.venue_form.addRow(self.hosting_buttons)
        self.venue_form.addRow(self.join_labels[0], self.hub_url)
        self.venue_form.addRow(self.join_labels[1], self.hub_code)
        self.joining_buttons = QWidget()
        joining = QHBoxLayout(self.joining_buttons)
        joining.setContentsMargins(0, 0, 0, 0)
        joining.addWidget(self.join)
        joining.addWidget(self.leave)
        joining.addStretch(1)
        self.venue_form.addRow(self.joining_buttons)
        self.venue_form.addRow(self.venue_message)

        self.history_model = RowsModel(right_aligned=(2, 3, 4, 5))
        self.history = table(self.history_model)
        self.aside_model = RowsModel()
        self.aside = table(self.aside_model)
        self.retry = QPushButton()
        aside_page = QWidget()
        layout = QVBoxLayout(aside_page)
        layout.addWidget(self.aside, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.retry)
        layout.addLayout(row)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.history, "")
        self.tabs.addTab(aside_page, "")

        # The left column scrolls (vertically only) rather than make the window taller than a
        # 1366x768 laptop's screen: with enrollment shown it needs ~620 px.
        left_column = QWidget()
        left = QVBoxLayout(left_column)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.details)
        left.addWidget(self.clock)
        left.addWidget(self.problems)
        left.addWidget(self.venue_box)
        left.addWidget(self.bundle_box)
        left.addWidget(self.enroll_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.tabs, 1)
        left_scroll = QScrollArea()
        left_scroll.setWidget(left_column)
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left_scroll.setMinimumWidth(left_column.minimumSizeHint().width())
        columns = QHBoxLayout()
        # The history gets the width (its start times are long); the left column keeps what
        # its forms need.
        columns.addWidget(left_scroll, 1)
        columns.addLayout(right, 2)
        actions = QHBoxLayout()
        actions.addWidget(self.headline, 1)
        actions.addWidget(self.progress)
        actions.addWidget(self.stop)
        actions.addWidget(self.sync_now)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)
        outer.addWidget(self.heading)
        outer.addLayout(actions)
        outer.addWidget(self.progress_text)
        outer.addLayout(columns, 1)

        self.sync_now.clicked.connect(self.sync_requested)
        self.stop.clicked.connect(self.cancel_requested)
        self.bundle.clicked.connect(self.bundle_requested)
        self.retry.clicked.connect(self.retry_requested)
        self.enroll.clicked.connect(self.enroll_requested)
        self.host.clicked.connect(self.host_requested)
        self.stop_hosting.clicked.connect(self.stop_hosting_requested)
        self.stations.clicked.connect(self.stations_requested)
        self.join.clicked.connect(self.join_requested)
        self.hub_code.returnPressed.connect(self.join_requested)
        self.leave.clicked.connect(self.leave_requested)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Sinkronisasi dengan kantor pusat"))
        self.sync_now.setText(self.tr("Sinkronkan sekarang"))
        self.stop.setText(self.tr("Hentikan"))
        self.details.setTitle(self.tr("Keadaan"))
        for label, text in zip(
            self.detail_labels,
            (
                self.tr("Server"),
                self.tr("Koneksi"),
                self.tr("Menunggu dikirim"),
                self.tr("Disisihkan"),
                self.tr("Terakhir berhasil"),
                self.tr("Percobaan terakhir"),
                self.tr("Berikutnya"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.bundle_box.setTitle(self.tr("Paket USB (tanpa internet)"))
        self.bundle_note.setText(
            self.tr(
                "Tulis semua data yang belum diterima kantor pusat ke satu berkas bertanda "
                "tangan dan "
                "terenkripsi untuk kantor pusat; kantor pusat mengimpornya dengan "
                "\u201chadir-hq import-bundle\u201d."
            )
        )
        self.bundle_all.setText(self.tr("termasuk data yang sudah diterima"))
        self.bundle.setText(self.tr("Ekspor paket USB…"))
        self.enroll_box.setTitle(self.tr("Hubungkan meja ini ke kantor pusat (admin)"))
        self.enroll_note.setText(
            self.tr("Minta kode pendaftaran sekali pakai dari admin kantor pusat.")
        )
        for label, text in zip(
            self.enroll_labels,
            (self.tr("Alamat server"), self.tr("Kode pendaftaran"), self.tr("Nama meja")),
            strict=True,
        ):
            label.setText(text)
        self.server_url.setPlaceholderText("https://hadir.kanwil.example.go.id")
        self.enroll.setText(self.tr("Hubungkan"))
        self.venue_box.setTitle(self.tr("Lokasi (beberapa meja)"))
        self.host.setText(self.tr("Jadikan meja ini hub lokasi"))
        self.stop_hosting.setText(self.tr("Berhenti jadi hub"))
        self.stations.setText(self.tr("Tambah stasiun HP/tablet"))
        for label, text in zip(
            self.hosting_labels,
            (self.tr("Alamat hub"), self.tr("Kode pasangan"), self.tr("Sidik jari")),
            strict=True,
        ):
            label.setText(text)
        self.join_labels[0].setText(self.tr("Alamat hub"))
        self.join_labels[1].setText(self.tr("Kode pasangan"))
        self.hub_url.setPlaceholderText("http://192.168.1.10:47300")
        self.hub_code.setPlaceholderText(self.tr("6 angka dari layar hub"))
        self.join.setText(self.tr("Gabung ke hub"))
        self.leave.setText(self.tr("Keluar dari hub"))
        self.tabs.setTabText(0, self.tr("Riwayat"))
        self.tabs.setTabText(1, self.tr("Disisihkan kantor pusat"))
        self.retry.setText(self.tr("Kirim ulang"))
        self.history_model.set_headers(
            [
                self.tr("Mulai"),
                self.tr("Hasil"),
                self.tr("Terkirim"),
                self.tr("Disisihkan"),
                self.tr("Diterima"),
                self.tr("Menunggu"),
                self.tr("Pesan"),
            ]
        )
        self.aside_model.set_headers(
            [self.tr("Jenis"), self.tr("Catatan"), self.tr("Alasan"), self.tr("Dibuat")]
        )
        self.retranslated.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.shown.emit()

    def set_venue_rows(self, *, hosting: bool, joining: bool) -> None:
        """The hub's address, code and fingerprint while this desk serves; the join form while it
        could join (rows hidden whole, so the box leaves no gaps)."""
        for row in (1, 2, 3):
            self.venue_form.setRowVisible(row, hosting)
        for row in (5, 6):
            self.venue_form.setRowVisible(row, joining)
        self.tidy_venue_rows()

    def tidy_venue_rows(self) -> None:
        """A row of buttons all hidden, or no message, takes no space either."""
        self.venue_form.setRowVisible(
            4, not (self.host.isHidden() and self.stop_hosting.isHidden())
        )
        self.venue_form.setRowVisible(7, not (self.join.isHidden() and self.leave.isHidden()))
        self.venue_form.setRowVisible(8, bool(self.venue_message.text()))

    def set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.stop.setVisible(running)
        self.sync_now.setEnabled(not running)
        if running:
            self.progress.setRange(0, 0)
        else:
            self.progress_text.setText("")

    def size_columns(self) -> None:
        # "Pesan" takes what is left (the message's full text is its tooltip), so the start time
        # is shown whole and nothing scrolls sideways in a 1280x800 window.
        fit_columns(
            self.history,
            ("24 November 2026 10.02 WITA", "tidak terhubung", "100", "0", "100", "0", ""),
            stretch=6,
        )
        fit_columns(self.aside, ("registration", "01JD0000000000000000000000", "x" * 30))
