"""The first-start page's layout."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
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


class SetupView(QWidget):
    start_requested = Signal()
    demo_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel()
        style.sized(self.title, 24, bold=True)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        style.sized(self.intro, 12)
        # Where the data key is kept, and what the admin must arrange for it (issue 14 item 15).
        self.key_note = QLabel()
        self.key_note.setWordWrap(True)
        style.muted(self.key_note)
        self.key_note.hide()
        self._key_in_keyring: bool | None = None
        self.office = QComboBox()
        self.office.setMinimumContentsLength(40)
        # Every office's name starts "Kanwil", so the list filters on any part of it ("tengah").
        self.office.setEditable(True)
        self.office.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(self.office.model(), self.office)
        self.office.setCompleter(completer)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.desk_name = QLineEdit()
        self.admin_name = QLineEdit()
        self.pin = QLineEdit()
        self.pin_again = QLineEdit()
        for pin in (self.pin, self.pin_again):
            pin.setEchoMode(QLineEdit.EchoMode.Password)
            pin.setMaxLength(12)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {style.ERROR_TEXT}; font-weight: bold;")
        self.error.hide()
        self.start = QPushButton()
        self.start.setProperty("primary", True)
        self.start.setDefault(True)
        self.demo = QPushButton()
        self.demo_note = QLabel()
        self.demo_note.setWordWrap(True)
        style.muted(self.demo_note)
        self.busy = QLabel()
        style.muted(self.busy)

        self._labels = [QLabel() for _ in range(5)]
        form = QFormLayout()
        form.setVerticalSpacing(10)
        for label, field in zip(
            self._labels,
            (self.office, self.desk_name, self.admin_name, self.pin, self.pin_again),
            strict=True,
        ):
            label.setBuddy(field)
            form.addRow(label, field)

        panel = QFrame()
        panel.setObjectName("panel")
        style.paint_background(panel, "#ffffff")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setFixedWidth(760)  # a known width, so the wrapped texts get their full height
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(36, 28, 36, 28)
        inner.setSpacing(12)
        inner.addWidget(self.title)
        inner.addWidget(self.intro)
        inner.addWidget(self.key_note)
        inner.addLayout(form)
        inner.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start)
        buttons.addStretch(1)
        buttons.addWidget(self.busy)
        inner.addLayout(buttons)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: #d0d7de;")
        inner.addWidget(line)
        demo_row = QHBoxLayout()
        demo_row.addWidget(self.demo_note, 1)
        demo_row.addWidget(self.demo)
        inner.addLayout(demo_row)

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
        self.start.clicked.connect(self.start_requested)
        self.demo.clicked.connect(self.demo_requested)
        for field in (self.desk_name, self.admin_name, self.pin, self.pin_again):
            field.returnPressed.connect(self.start_requested)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Selamat datang di Hadir"))
        self.intro.setText(
            self.tr(
                "Meja registrasi ini bekerja tanpa internet. Pilih kantor wilayah dan nama meja, lalu "
                "buat akun admin pertama. PIN admin melindungi pengaturan."
            )
        )
        texts = (
            self.tr("&Kantor wilayah"),
            self.tr("Nama &meja"),
            self.tr("Nama &admin"),
            self.tr("&PIN (minimal 4 digit)"),
            self.tr("PIN &sekali lagi"),
        )
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        self.desk_name.setPlaceholderText(self.tr("mis. Meja 1"))
        line = self.office.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("Ketik nama provinsi, mis. Sulawesi Tengah"))
        self.admin_name.setPlaceholderText(self.tr("mis. Rina (koordinator)"))
        self.start.setText(self.tr("Simpan dan mulai"))
        self.demo.setText(self.tr("Coba dengan data demo"))
        self.demo_note.setText(
            self.tr(
                "Ingin mencoba terlebih dahulu? Data demo membuat acara contoh hari ini dengan 300 peserta "
                "dan admin \u201cadmin\u201d; PIN-nya ditampilkan di layar. Data demo tidak pernah "
                "dikirim ke kantor pusat."
            )
        )
        self._show_key_note()

    def show_key_note(self, *, in_keyring: bool) -> None:
        self._key_in_keyring = in_keyring
        self._show_key_note()

    def _show_key_note(self) -> None:
        if self._key_in_keyring is None:
            return
        if self._key_in_keyring:
            text = self.tr(
                "Kunci data tersimpan di brankas kunci (keyring) laptop ini, jadi Hadir terbuka "
                "tanpa kata sandi. Setelah mulai, admin membuat kata sandi pemulihan di Pengaturan "
                "agar cadangan dapat dibuka di laptop lain."
            )
        else:
            text = self.tr(
                "Laptop ini tidak punya brankas kunci (keyring), jadi Hadir meminta kata sandi "
                "pemulihan setiap kali dibuka. Admin wajib menyimpan kata sandi itu di tempat aman. "
                "Bila kelak brankas kunci desktop (mis. GNOME Keyring atau KWallet) dipasang, Hadir "
                "menyimpan kunci di sana dan tidak meminta kata sandi lagi."
            )
        self.key_note.setText(text)
        self.key_note.show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def set_busy(self, text: str) -> None:
        self.busy.setText(text)
        for widget in (self.start, self.demo):
            widget.setEnabled(not text)
