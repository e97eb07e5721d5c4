"""The passphrase the desk asks for before it opens, where the OS keyring cannot give the key
(desktop/core/encryption.py): to unlock an encrypted desk, or to choose one for a new desk."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.encryption import MIN_PASSPHRASE_LENGTH
from desktop.ui import style


class PassphraseDialog(QDialog):
    """``new`` asks twice (a passphrase for a new desk); otherwise once, to unlock."""

    def __init__(self, parent: QWidget | None = None, *, new: bool) -> None:
        super().__init__(parent)
        self.new = new
        self.setModal(True)
        self.title = QLabel()
        style.sized(self.title, 16, bold=True)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        # A wrapped label with a width of its own gets its full height when the dialog is sized;
        # without one the last lines of the explanation were cut off.
        self.intro.setMinimumWidth(480)
        self.passphrase = QLineEdit()
        self.repeat = QLineEdit()
        for field in (self.passphrase, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            style.sized(field, 14)
        self.passphrase_label, self.repeat_label = QLabel(), QLabel()
        self.passphrase_label.setBuddy(self.passphrase)
        self.repeat_label.setBuddy(self.repeat)
        form = QFormLayout()
        form.addRow(self.passphrase_label, self.passphrase)
        if new:
            form.addRow(self.repeat_label, self.repeat)
        self.error = style.error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Hadir: kata sandi data"))
        if self.new:
            self.title.setText(self.tr("Buat kata sandi pemulihan"))
            self.intro.setText(
                self.tr(
                    "Data meja ini dienkripsi. Laptop ini tidak punya brankas kunci (keyring) yang "
                    "dapat dipakai, jadi admin memilih kata sandi pemulihan (minimal {n} karakter). "
                    "Kata sandi ini diminta setiap kali Hadir dibuka dan untuk memulihkan cadangan di "
                    "laptop lain. Catat dan simpan di tempat aman: tanpa kata sandi ini data tidak "
                    "dapat dibuka. Bila kelak brankas kunci desktop (mis. GNOME Keyring atau KWallet) "
                    "dipasang, Hadir menyimpan kunci di sana dan tidak meminta kata sandi lagi."
                ).format(n=MIN_PASSPHRASE_LENGTH)
            )
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Buat"))
        else:
            self.title.setText(self.tr("Buka data meja"))
            self.intro.setText(
                self.tr(
                    "Data meja ini dienkripsi dan kuncinya tidak ada di brankas kunci laptop ini. "
                    "Masukkan kata sandi pemulihan dari admin."
                )
            )
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Buka"))
        self.passphrase_label.setText(self.tr("&Kata sandi"))
        self.repeat_label.setText(self.tr("&Ulangi"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        self.adjustSize()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.adjustSize()

    def _submit(self) -> None:
        # Checked here, before any slow key derivation, so a typo is caught at once.
        if self.new and len(self.passphrase.text()) < MIN_PASSPHRASE_LENGTH:
            self.show_error(
                self.tr("Kata sandi minimal {n} karakter.").format(n=MIN_PASSPHRASE_LENGTH)
            )
            return
        if self.new and self.passphrase.text() != self.repeat.text():
            self.show_error(self.tr("Kedua kata sandi berbeda."))
            self.repeat.clear()
            self.repeat.setFocus()
            return
        if not self.passphrase.text():
            self.show_error(self.tr("Kata sandi belum diisi."))
            return
        self.accept()
