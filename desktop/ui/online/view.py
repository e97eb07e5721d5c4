"""The Daring screen's layout: who was online and how they matched (with the decisions waiting for
the operator), and the delivery of certificates to them (export, e-mail, what was sent and failed).
Also the import dialog and the SMTP settings form."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import style
from desktop.ui.certificates.view import fit_columns, table
from desktop.ui.rows import RowsModel


class BusyRow(QWidget):
    """A progress bar, a stop button and a message line."""

    cancel_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.hide()
        self.stop = QPushButton()
        self.stop.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.progress)
        layout.addWidget(self.stop)
        layout.addWidget(self.message, 1)
        self.stop.clicked.connect(self.cancel_requested)
        self.retranslate()

    def retranslate(self) -> None:
        self.stop.setText(self.tr("Hentikan"))

    def set_busy(self, text: str, *, cancellable: bool = False) -> None:
        busy = bool(text)
        self.progress.setVisible(busy)
        self.stop.setVisible(busy and cancellable)
        if busy:
            self.progress.setRange(0, 0)
        self.message.setStyleSheet("")
        self.message.setText(text)

    def set_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {style.ERROR_TEXT if error else style.OK_TEXT};")
        self.message.setText(text)


class OnlineView(QWidget):
    shown = Signal()
    retranslated = Signal()
    import_requested = Signal()
    link_requested = Signal()
    register_requested = Signal()
    ignore_requested = Signal()
    search_changed = Signal(str)
    export_zip_requested = Signal()
    export_folder_requested = Signal()
    smtp_requested = Signal()
    send_requested = Signal()
    resend_requested = Signal()
    resend_failed_requested = Signal()
    remove_report_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.heading = QLabel()
        style.sized(self.heading, 15, bold=True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.import_button = QPushButton()
        self.import_button.setProperty("primary", True)

        # Attendance tab: the people and the resolve panel.
        self.people_model = RowsModel(right_aligned=(3,))  # minutes
        self.people = table(self.people_model)
        self.people.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.person = QLabel()
        self.person.setWordWrap(True)
        style.sized(self.person, 12, bold=True)
        self.person_detail = QLabel()
        self.person_detail.setWordWrap(True)
        style.muted(self.person_detail)
        self.candidates_label = QLabel()
        self.candidates = QListWidget()
        # A candidate's "name · NIP" and instansi wrap in the narrow panel rather than scroll.
        self.candidates.setWordWrap(True)
        self.candidates.setResizeMode(QListView.ResizeMode.Adjust)
        self.candidates.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.link = QPushButton()
        self.link.setProperty("primary", True)
        self.register = QPushButton()
        self.ignore = QPushButton()
        self.resolve_box = QGroupBox()
        box = QVBoxLayout(self.resolve_box)
        box.addWidget(self.person)
        box.addWidget(self.person_detail)
        box.addWidget(self.candidates_label)
        box.addWidget(self.search)
        box.addWidget(self.candidates, 1)
        # One button under another: side by side they made the panel ~500 px wide at least,
        # which a 1280x800 window took from the people table.
        box.addWidget(self.link)
        box.addWidget(self.register)
        box.addWidget(self.ignore)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.people)
        split.addWidget(self.resolve_box)
        split.setStretchFactor(0, 3)  # a wider window widens the table more than the panel
        split.setStretchFactor(1, 1)
        split.setSizes([880, 340])
        attendance = QWidget()
        layout = QVBoxLayout(attendance)
        layout.addWidget(split, 1)

        # Delivery tab. One choice of people for the export and the e-mail alike, above both: the
        # clerk sees whom either button is for (online by default: this is the Daring screen).
        self.who_label = QLabel()
        self.who = QComboBox()
        self.who_note = QLabel()
        self.who_note.setWordWrap(True)
        style.muted(self.who_note)
        self.who_label.setBuddy(self.who)
        self.who_count = QLabel()  # how many the choice holds (the controller fills it)
        self.export_zip = QPushButton()
        self.export_folder = QPushButton()
        self.smtp = QPushButton()
        self.smtp_state = QLabel()
        style.muted(self.smtp_state)
        self.send = QPushButton()
        self.send.setProperty("primary", True)
        self.mail_model = RowsModel(right_aligned=(3,))
        self.mail = table(self.mail_model)
        self.resend = QPushButton()
        self.resend_failed = QPushButton()
        self.mail_counts = QLabel()
        self.export_box = QGroupBox()
        export_row = QHBoxLayout(self.export_box)
        export_row.addWidget(self.who_count, 1)
        export_row.addWidget(self.export_folder)
        export_row.addWidget(self.export_zip)
        self.mail_box = QGroupBox()
        box = QVBoxLayout(self.mail_box)
        row = QHBoxLayout()
        row.addWidget(self.smtp)
        row.addWidget(self.smtp_state, 1)
        row.addWidget(self.send)
        box.addLayout(row)
        box.addWidget(self.mail, 1)
        row = QHBoxLayout()
        row.addWidget(self.mail_counts, 1)
        row.addWidget(self.resend)
        row.addWidget(self.resend_failed)
        box.addLayout(row)
        self.delivery = delivery = QWidget()
        layout = QVBoxLayout(delivery)
        row = QHBoxLayout()
        row.addWidget(self.who_label)
        row.addWidget(self.who)
        row.addWidget(self.who_note, 1)
        layout.addLayout(row)
        layout.addWidget(self.export_box)
        layout.addWidget(self.mail_box, 1)

        # Reports tab: what was imported, and taking a wrong one back out.
        self.reports_model = RowsModel(right_aligned=(5,))
        self.reports = table(self.reports_model)
        self.reports.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.remove_report = QPushButton()
        self.remove_report.setEnabled(False)
        self.reports_note = QLabel()
        self.reports_note.setWordWrap(True)
        style.muted(self.reports_note)
        reports = QWidget()
        layout = QVBoxLayout(reports)
        layout.addWidget(self.reports, 1)
        row = QHBoxLayout()
        row.addWidget(self.reports_note, 1)
        row.addWidget(self.remove_report)
        layout.addLayout(row)

        self.tabs = QTabWidget()
        self.tabs.addTab(attendance, "")
        self.tabs.addTab(delivery, "")
        self.tabs.addTab(reports, "")
        self.busy = BusyRow()

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.import_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)
        outer.addLayout(top)
        outer.addWidget(self.summary)
        outer.addWidget(self.tabs, 1)
        outer.addWidget(self.busy)

        self.import_button.clicked.connect(self.import_requested)
        self.link.clicked.connect(self.link_requested)
        self.register.clicked.connect(self.register_requested)
        self.ignore.clicked.connect(self.ignore_requested)
        self.search.textChanged.connect(self.search_changed)
        self.candidates.itemDoubleClicked.connect(lambda _item: self.link_requested.emit())
        self.export_zip.clicked.connect(self.export_zip_requested)
        self.export_folder.clicked.connect(self.export_folder_requested)
        self.smtp.clicked.connect(self.smtp_requested)
        self.send.clicked.connect(self.send_requested)
        self.resend.clicked.connect(self.resend_requested)
        self.resend_failed.clicked.connect(self.resend_failed_requested)
        self.remove_report.clicked.connect(self.remove_report_requested)
        self.reports.selectionModel().currentRowChanged.connect(
            lambda current, _before: self.remove_report.setEnabled(current.isValid())
        )
        self.retranslate()

    def retranslate(self) -> None:
        self.import_button.setText(self.tr("Impor laporan Zoom / Meet…"))
        self.tabs.setTabText(0, self.tr("Kehadiran daring"))
        self.tabs.setTabText(1, self.tr("Kirim sertifikat"))
        self.tabs.setTabText(2, self.tr("Laporan diimpor"))
        self.remove_report.setText(self.tr("Hapus laporan…"))
        self.reports_note.setText(
            self.tr(
                "Laporan yang salah (berkas lain, atau hari yang keliru) dapat dihapus: "
                "menit dihitung "
                "ulang tanpa laporan itu, dan penghapusannya dicatat."
            )
        )
        self.reports_model.set_headers(
            [
                self.tr("Berkas"),
                self.tr("Hari"),
                self.tr("Jenis"),
                self.tr("Diimpor"),
                self.tr("Oleh"),
                self.tr("Baris"),
            ]
        )
        self.resolve_box.setTitle(self.tr("Putuskan"))
        self.candidates_label.setText(self.tr("Kandidat peserta terdaftar (atau cari):"))
        self.search.setPlaceholderText(self.tr("Cari peserta terdaftar: nama atau NIP"))
        self.link.setText(self.tr("Tautkan ke peserta ini"))
        self.register.setText(self.tr("Daftarkan sebagai peserta baru"))
        self.ignore.setText(self.tr("Abaikan (bukan peserta)"))
        self.export_box.setTitle(self.tr("Ekspor: satu PDF per peserta, dengan daftar kirim"))
        self.who_label.setText(self.tr("Sertifikat untuk:"))
        chosen = self.who.currentData() or "online"
        self.who.clear()
        self.who.addItem(self.tr("Daring saja"), "online")
        self.who.addItem(self.tr("Luring saja"), "in-person")
        self.who.addItem(self.tr("Semua"), "all")
        self.who.setCurrentIndex(max(0, self.who.findData(chosen)))
        self.who_note.setText(
            self.tr(
                "Luring: hadir di meja minimal satu hari (juga bila ikut daring). Daring: hanya "
                "tercatat di Zoom/Meet. Yang sudah diantrekan tidak dikirim dua kali."
            )
        )
        self.export_zip.setText(self.tr("Ekspor ke ZIP…"))
        self.export_folder.setText(self.tr("Ekspor ke folder…"))
        self.mail_box.setTitle(self.tr("Email ke peserta yang layak"))
        self.smtp.setText(self.tr("Server email (SMTP)…"))
        self.send.setText(self.tr("Kirim email"))
        self.resend.setText(self.tr("Kirim ulang yang dipilih"))
        self.resend_failed.setText(self.tr("Kirim ulang semua yang gagal"))
        self.people_model.set_headers(
            [
                self.tr("Nama di Zoom/Meet"),
                self.tr("Peran"),
                self.tr("Email"),
                self.tr("Menit"),
                self.tr("Cocok"),
                self.tr("Peserta terdaftar"),
            ]
        )
        self.mail_model.set_headers(
            [
                self.tr("Nomor"),
                self.tr("Kepada"),
                self.tr("Status"),
                self.tr("Percobaan"),
                self.tr("Terkirim"),
                self.tr("Alasan server"),
            ]
        )
        self.busy.retranslate()
        self.retranslated.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.shown.emit()

    def size_columns(self) -> None:
        # The Zoom name takes what the other columns leave (elided), so that the table fits beside
        # the resolve panel in a 1280x800 window without sideways scrolling.
        fit_columns(
            self.people,
            (
                "197712031999031002 - Budi",
                "telepon",
                "ahmad.fauzan@palu.go.id",
                "480",
                "ditautkan operator",
                "Dr. H. Ahmad Fauzan, S.H.",
            ),
            stretch=0,
        )
        fit_columns(
            self.mail,
            (
                "0001/M2/KW-HAM.SULTENG/XI/2026",
                "ahmad.fauzan@palu.go.id",
                "terkirim",
                "1",
                "24 November 2026 10.02",
            ),
        )
        fit_columns(
            self.reports,
            (
                "Penguatan HAM - Attendance Report.csv",
                "24 November 2026",
                "Google Meet: laporan kehadiran",
                "24 November 2026 10.02",
                "Operator",
                "600",
            ),
        )

    def set_resolvable(self, resolvable: bool, can_link: bool) -> None:
        for widget in (self.search, self.candidates, self.register, self.ignore):
            widget.setEnabled(resolvable)
        self.link.setEnabled(resolvable and can_link)


class OnlineImportDialog(QDialog):
    """Choose a Zoom/Meet report, see what it is, set the online rule, import, see the result."""

    choose_requested = Signal()
    import_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.resize(720, 560)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        style.sized(self.heading, 14, bold=True)
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.choose = QPushButton()
        self.timezone = QComboBox()
        # How to read 05/11/2026: by default the reading that falls on the event's dates.
        self.date_order = QComboBox()
        for order in ("", "dmy", "mdy"):
            self.date_order.addItem("", order)
        # Shown only for a file that holds several meetings (Zoom's meeting history).
        self.meeting = QComboBox()
        # Shown only for a Google Meet report without a date when the event has several days.
        self.meet_day = QComboBox()
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.by_minutes = QRadioButton()
        self.by_percent = QRadioButton()
        self.rule_group = QButtonGroup(self)
        self.rule_group.addButton(self.by_minutes)
        self.rule_group.addButton(self.by_percent)
        self.by_percent.setChecked(True)
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 24 * 60 * 31)
        self.minutes.setValue(240)
        self.percent = QSpinBox()
        self.percent.setRange(1, 100)
        self.percent.setValue(75)
        self.percent.setSuffix(" %")
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        style.sized(self.outcome, 12, bold=True)
        self.names = QListWidget()
        self.names.hide()
        self.progress = QProgressBar()
        self.progress.hide()
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
        self.form = QFormLayout()
        self.zone_label = QLabel()
        self.rule_label = QLabel()
        rule = QHBoxLayout()
        rule.addWidget(self.by_percent)
        rule.addWidget(self.percent)
        rule.addSpacing(16)
        rule.addWidget(self.by_minutes)
        rule.addWidget(self.minutes)
        rule.addStretch(1)
        self.order_label = QLabel()
        self.meeting_label = QLabel()
        self.meet_day_label = QLabel()
        self.form.addRow(self.zone_label, self.timezone)
        self.form.addRow(self.order_label, self.date_order)
        self.form.addRow(self.meeting_label, self.meeting)
        self.form.setRowVisible(self.meeting, False)
        self.form.addRow(self.meet_day_label, self.meet_day)
        self.form.setRowVisible(self.meet_day, False)
        self.form.addRow(self.rule_label, rule)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.run)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(file_row)
        layout.addWidget(self.info)
        layout.addLayout(self.form)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addWidget(self.names, 1)
        layout.addWidget(self.error)
        layout.addStretch(0)
        layout.addLayout(buttons)
        self.choose.clicked.connect(self.choose_requested)
        self.run.clicked.connect(self.import_requested)
        self.close_button.clicked.connect(self.reject)
        self.by_minutes.toggled.connect(self._rule_changed)
        self._rule_changed()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Impor kehadiran daring"))
        self.choose.setText(self.tr("Pilih berkas…"))
        self.path.setPlaceholderText(
            self.tr("Laporan peserta Zoom, webinar Zoom, Teams, atau Google Meet (CSV, XLSX)")
        )
        self.zone_label.setText(self.tr("Zona waktu laporan"))
        self.order_label.setText(self.tr("Urutan tanggal"))
        self.date_order.setItemText(0, self.tr("otomatis (sesuai tanggal acara)"))
        self.date_order.setItemText(1, self.tr("hari/bulan/tahun"))
        self.date_order.setItemText(2, self.tr("bulan/hari/tahun"))
        self.meeting_label.setText(self.tr("Rapat acara ini"))
        self.meet_day_label.setText(self.tr("Tanggal rapat"))
        self.rule_label.setText(self.tr("Syarat sertifikat daring"))
        self.by_percent.setText(self.tr("minimal persen waktu acara"))
        self.by_minutes.setText(self.tr("minimal menit"))
        self.run.setText(self.tr("Impor"))
        self.close_button.setText(self.tr("Tutup"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _rule_changed(self) -> None:
        self.minutes.setEnabled(self.by_minutes.isChecked())
        self.percent.setEnabled(not self.by_minutes.isChecked())

    def set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
        self.choose.setEnabled(not busy)
        self.run.setEnabled(not busy)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def offer_meetings(self, meetings: list[tuple[str, str]]) -> None:
        """(label, meeting id) of each meeting in the file; empty hides the choice."""
        self.meeting.clear()
        if meetings:
            self.meeting.addItem(self.tr("— pilih rapat —"), "")
            for label, meeting_id in meetings:
                self.meeting.addItem(label, meeting_id)
        self.form.setRowVisible(self.meeting, bool(meetings))

    def offer_days(self, days: list[tuple[str, date]]) -> None:
        """(label, day) of each day of the event; empty hides the choice."""
        self.meet_day.clear()
        if days:
            self.meet_day.addItem(self.tr("— pilih tanggal —"), "")
            for label, day in days:
                self.meet_day.addItem(label, day.isoformat())  # text: Qt would hand back a QDate
        self.form.setRowVisible(self.meet_day, bool(days))


class SmtpDialog(QDialog):
    """The office's SMTP server (admin only); the password is never shown."""

    save_requested = Signal()

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.resize(520, 360)
        self.host = QLineEdit()
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(587)
        self.security = QComboBox()
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.from_address = QLineEdit()
        self.from_name = QLineEdit()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {style.ERROR_TEXT}; font-weight: bold;")
        self.error.hide()
        self.save = QPushButton()
        self.save.setProperty("primary", True)
        self.save.setDefault(True)
        self.cancel = QPushButton()
        self.form = QFormLayout()
        self.labels = [QLabel() for _ in range(7)]
        for label, field in zip(
            self.labels,
            (
                self.host,
                self.port,
                self.security,
                self.username,
                self.password,
                self.from_address,
                self.from_name,
            ),
            strict=True,
        ):
            self.form.addRow(label, field)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save)
        buttons.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.save.clicked.connect(self.save_requested)
        self.cancel.clicked.connect(self.reject)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Server email (SMTP)"))
        texts = (
            self.tr("Server"),
            self.tr("Port"),
            self.tr("Keamanan"),
            self.tr("Nama pengguna"),
            self.tr("Kata sandi"),
            self.tr("Alamat pengirim"),
            self.tr("Nama pengirim"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        current = self.security.currentData()
        self.security.clear()
        self.security.addItem(self.tr("STARTTLS (port 587)"), "starttls")
        self.security.addItem(self.tr("SSL/TLS (port 465)"), "ssl")
        self.security.addItem(self.tr("Tanpa enkripsi (hanya jaringan kantor)"), "none")
        self.security.setCurrentIndex(max(0, self.security.findData(current)))
        self.password.setPlaceholderText(
            self.tr("biarkan kosong untuk tetap memakai yang tersimpan")
        )
        self.save.setText(self.tr("Simpan"))
        self.cancel.setText(self.tr("Batal"))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
