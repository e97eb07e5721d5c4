"""The participant form's layout: status, number, name, golongan, jabatan, unit, instansi, contact.

The messages under the fields are set by ``PersonFormController``; the form only lays them out.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.identity import AsnStatus
from desktop.services.people import PersonForm
from desktop.ui import i18n, style

STATUSES = (AsnStatus.PNS.value, AsnStatus.PPPK.value, AsnStatus.NON_ASN.value)


class PersonFormView(QWidget):
    changed = Signal()
    retranslated = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.status = QComboBox()
        for status in STATUSES:
            self.status.addItem(i18n.status_text(status), status)
        self.number = QLineEdit()
        self.number.setMaxLength(40)
        self.number_note = QLabel()
        self.full_name = QLineEdit()
        self.name_note = QLabel()
        self.golongan = QLineEdit()
        self.golongan_model = QStringListModel(self)
        golongan_completer = QCompleter(self.golongan_model, self)
        golongan_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        golongan_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.golongan.setCompleter(golongan_completer)
        self.jabatan = QLineEdit()
        self.unit_kerja = QLineEdit()
        self.instansi = QLineEdit()
        self.instansi_model = QStringListModel(self)
        instansi_completer = QCompleter(self.instansi_model, self)
        instansi_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        instansi_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        instansi_completer.setMaxVisibleItems(10)
        self.instansi.setCompleter(instansi_completer)
        self.email = QLineEdit()
        self.email_note = QLabel()
        self.phone = QLineEdit()
        for note in (self.number_note, self.name_note, self.email_note):
            note.setWordWrap(True)
        for field in (self.number, self.full_name):
            style.sized(field, 14)

        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setVerticalSpacing(6)
        self._labels = [QLabel() for _ in range(9)]
        rows: list[tuple[QWidget, QLabel | None]] = [
            (self.status, None),
            (self.number, self.number_note),
            (self.full_name, self.name_note),
            (self.golongan, None),
            (self.jabatan, None),
            (self.unit_kerja, None),
            (self.instansi, None),
            (self.email, self.email_note),
            (self.phone, None),
        ]
        for label, (widget, under) in zip(self._labels, rows, strict=True):
            label.setBuddy(widget)
            self.form.addRow(label, widget)
            if under is not None:
                self.form.addRow("", under)
        for line in (
            self.number,
            self.full_name,
            self.golongan,
            self.jabatan,
            self.unit_kerja,
            self.instansi,
            self.email,
            self.phone,
        ):
            line.textChanged.connect(self.changed)
        self.status.currentIndexChanged.connect(self.changed)
        self.retranslate()

    def retranslate(self) -> None:
        texts = (
            self.tr("&Status ASN"),
            self.tr("N&IP / NI PPPK / NIK"),
            self.tr("Nama &lengkap dan gelar"),
            self.tr("Pangkat/&golongan"),
            self.tr("&Jabatan"),
            self.tr("&Unit kerja"),
            self.tr("&Instansi"),
            self.tr("&Email"),
            self.tr("No. &HP"),
        )
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        for index, status in enumerate(STATUSES):
            self.status.setItemText(index, i18n.status_text(status))
        self.full_name.setPlaceholderText(self.tr("mis. Dr. H. Ahmad Yani, S.H., M.H."))
        self.instansi.setPlaceholderText(self.tr("ketik untuk saran dari data yang sudah ada"))
        self.golongan.setPlaceholderText(self.tr("mis. III/a Penata Muda"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.retranslated.emit()
        super().changeEvent(event)

    # ---------------------------------------------------------------- values

    def values(self) -> PersonForm:
        return PersonForm(
            full_name=self.full_name.text(),
            number=self.number.text(),
            asn_status=str(self.status.currentData()),
            golongan=self.golongan.text(),
            jabatan=self.jabatan.text(),
            unit_kerja=self.unit_kerja.text(),
            instansi=self.instansi.text(),
            email=self.email.text(),
            phone=self.phone.text(),
        )

    def set_values(self, form: PersonForm) -> None:
        self.set_status(form.asn_status)
        self.number.setText(form.number)
        self.full_name.setText(form.full_name)
        self.golongan.setText(form.golongan)
        self.jabatan.setText(form.jabatan)
        self.unit_kerja.setText(form.unit_kerja)
        self.instansi.setText(form.instansi)
        self.email.setText(form.email)
        self.phone.setText(form.phone)

    def set_status(self, status: str) -> None:
        index = self.status.findData(status)
        if index >= 0:
            self.status.setCurrentIndex(index)

    def set_note(self, note: QLabel, text: str, colour: str) -> None:
        note.setText(text)
        note.setStyleSheet(f"color: {colour};")
        note.setVisible(bool(text))

    def set_number_label(self, text: str) -> None:
        self._labels[1].setText(text)


class PersonDialog(QDialog):
    """A dialog around the form: a title line, the form, an error line, Save and Cancel."""

    save_requested = Signal()

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.setMinimumWidth(640)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        style.sized(self.heading, 14, bold=True)
        self.form = PersonFormView()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {style.ERROR_TEXT}; font-weight: bold;")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.save.setDefault(True)
        self.save.setProperty("primary", True)
        self.buttons.accepted.connect(self._save_requested)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.cancel.setText(self.tr("Batal"))

    def _save_requested(self) -> None:
        self.save_requested.emit()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.cancel.setText(self.tr("Batal"))
        super().changeEvent(event)
