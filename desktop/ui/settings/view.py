"""The settings dialog and the admin-PIN prompt that guards it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import style


class AdminPinDialog(QDialog):
    """An admin's name and PIN, asked when a clerk opens the settings."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.name = QLineEdit()
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = style.error_label()
        self.name_label, self.pin_label = QLabel(), QLabel()
        self.name_label.setBuddy(self.name)
        self.pin_label.setBuddy(self.pin)
        form = QFormLayout()
        form.addRow(self.name_label, self.name)
        form.addRow(self.pin_label, self.pin)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submitted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("PIN admin"))
        self.intro.setText(
            self.tr("Pengaturan dilindungi PIN admin. Minta admin memasukkan nama dan PIN.")
        )
        self.name_label.setText(self.tr("&Nama admin"))
        self.pin_label.setText(self.tr("&PIN"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Buka pengaturan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))


class SettingsDialog(QDialog):
    save_requested = Signal()
    add_operator_requested = Signal()
    passphrase_requested = Signal()

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.setMinimumWidth(620)
        self.desk_name = QLineEdit()
        self.office = QComboBox()
        self.language = QComboBox()
        self.desk_box = QGroupBox()
        self._desk_labels = [QLabel() for _ in range(3)]
        desk_form = QFormLayout(self.desk_box)
        for label, field in zip(
            self._desk_labels, (self.desk_name, self.office, self.language), strict=True
        ):
            label.setBuddy(field)
            desk_form.addRow(label, field)
        self.operators_box = QGroupBox()
        self.operators = QListWidget()
        self.operators.setMaximumHeight(140)
        self.new_name = QLineEdit()
        self.new_pin = QLineEdit()
        self.new_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_pin.setMinimumWidth(170)
        self.new_admin = QCheckBox()
        self.add = QPushButton()
        self.operator_error = style.error_label()
        self.operator_note = QLabel()
        style.muted(self.operator_note)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_name, 2)
        add_row.addWidget(self.new_pin, 1)
        add_row.addWidget(self.new_admin)
        add_row.addWidget(self.add)
        operators = QVBoxLayout(self.operators_box)
        operators.addWidget(self.operators)
        operators.addLayout(add_row)
        operators.addWidget(self.operator_error)
        operators.addWidget(self.operator_note)
        # The recovery passphrase of the encrypted database (desktop/core/encryption.py).
        self.key_box = QGroupBox()
        self.key_state = QLabel()
        self.key_state.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase_again = QLineEdit()
        for field in (self.passphrase, self.passphrase_again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.set_passphrase = QPushButton()
        self.passphrase_error = style.error_label()
        passphrase_row = QHBoxLayout()
        passphrase_row.addWidget(self.passphrase, 1)
        passphrase_row.addWidget(self.passphrase_again, 1)
        passphrase_row.addWidget(self.set_passphrase)
        key_layout = QVBoxLayout(self.key_box)
        key_layout.addWidget(self.key_state)
        key_layout.addLayout(passphrase_row)
        key_layout.addWidget(self.passphrase_error)
        self.set_passphrase.clicked.connect(self.passphrase_requested)
        self.error = style.error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save_requested)
        self.buttons.rejected.connect(self.reject)
        self.add.clicked.connect(self.add_operator_requested)
        self.new_pin.returnPressed.connect(self.add_operator_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.desk_box)
        layout.addWidget(self.operators_box)
        layout.addWidget(self.key_box)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Pengaturan meja"))
        self.desk_box.setTitle(self.tr("Meja ini"))
        for label, text in zip(
            self._desk_labels,
            (self.tr("Nama &meja"), self.tr("&Kantor wilayah"), self.tr("&Bahasa")),
            strict=True,
        ):
            label.setText(text)
        self.operators_box.setTitle(self.tr("Operator"))
        self.new_name.setPlaceholderText(self.tr("Nama operator baru"))
        self.new_pin.setPlaceholderText(self.tr("PIN (min. 4 digit)"))
        self.new_admin.setText(self.tr("Admin"))
        self.add.setText(self.tr("Tambah"))
        self.key_box.setTitle(self.tr("Enkripsi data"))
        self.passphrase.setPlaceholderText(self.tr("Kata sandi pemulihan"))
        self.passphrase_again.setPlaceholderText(self.tr("Ulangi kata sandi"))
        self.set_passphrase.setText(self.tr("Simpan kata sandi"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Simpan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def show_passphrase_error(self, text: str) -> None:
        self.passphrase_error.setText(text)
        self.passphrase_error.setVisible(bool(text))

    def show_operator_error(self, text: str) -> None:
        self.operator_error.setText(text)
        self.operator_error.setVisible(bool(text))
