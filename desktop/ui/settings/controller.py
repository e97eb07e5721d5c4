"""Wires the settings: an admin's PIN first (unless an admin is signed in), then the dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.core import encryption
from desktop.core.db import Database
from desktop.core.desk import DeskIdentity
from desktop.core.errors import HadirError
from desktop.core.operators import SignedIn
from desktop.services import desk as service
from desktop.services.key import set_recovery_passphrase
from desktop.ui import i18n
from desktop.ui.context import DeskContext
from desktop.ui.settings.view import AdminPinDialog, SettingsDialog
from desktop.ui.worker import TaskContext, Workers


class SettingsController(QObject):
    saved = Signal(object, str)  # DeskIdentity, language code
    closed = Signal()

    def __init__(
        self,
        *,
        parent: QWidget,
        db: Database,
        workers: Workers,
        context: DeskContext,
        language: Callable[[], str],
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._db, self._workers, self._context, self._language = db, workers, context, language
        self.gate: AdminPinDialog | None = None
        self.dialog: SettingsDialog | None = None
        self.admin: SignedIn | None = None

    def open(self) -> None:
        if self._context.is_admin and self._context.operator is not None:
            self._open_settings(self._context.operator)
            return
        gate = AdminPinDialog(self._parent)
        gate.submitted.connect(lambda: self._check_admin(gate))
        gate.rejected.connect(self.closed)
        self.gate = gate
        gate.open()

    def _check_admin(self, gate: AdminPinDialog) -> None:
        db, name, pin = self._db, gate.name.text(), gate.pin.text()

        def work(_ctx: TaskContext) -> SignedIn:
            admin = service.sign_in_operator(db, name=name, pin=pin)
            if not admin.is_admin:
                raise HadirError("Only an admin can open the settings.", code="admin_required")
            return admin

        def done(admin: SignedIn) -> None:
            gate.accept()
            self.gate = None
            self._open_settings(admin)

        def failed(error: Exception) -> None:
            gate.show_error(i18n.error_text(error))
            gate.pin.clear()
            gate.pin.setFocus()

        self._workers.writes.submit(work, on_success=done, on_failure=failed, name="admin-pin")

    def _open_settings(self, admin: SignedIn) -> None:
        self.admin = admin
        dialog = SettingsDialog(self._parent)
        desk = self._context.desk
        dialog.desk_name.setText(desk.desk_name)
        for office in service.office_choices():
            dialog.office.addItem(office.short_name, office.code)
        dialog.office.setCurrentIndex(max(0, dialog.office.findData(desk.office_code)))
        for code, name in i18n.LANGUAGES.items():
            dialog.language.addItem(name, code)
        dialog.language.setCurrentIndex(max(0, dialog.language.findData(self._language())))
        dialog.operator_note.setText(self.tr("Dibuka oleh admin {name}.").format(name=admin.name))
        dialog.save_requested.connect(lambda: self._save(dialog))
        dialog.add_operator_requested.connect(lambda: self._add_operator(dialog))
        dialog.passphrase_requested.connect(lambda: self._set_passphrase(dialog))
        dialog.finished.connect(lambda _code: self._closed())
        self.dialog = dialog
        self._load_operators(dialog)
        self._load_key_state(dialog)
        dialog.open()

    def _closed(self) -> None:
        self.dialog = None
        self.closed.emit()

    def _load_operators(self, dialog: SettingsDialog) -> None:
        db = self._db

        def work(_ctx: TaskContext) -> list[SignedIn]:
            return service.operator_names(db)

        def show(operators: list[SignedIn]) -> None:
            dialog.operators.clear()
            for operator in operators:
                role = self.tr("admin") if operator.is_admin else self.tr("operator")
                dialog.operators.addItem(f"{operator.name} ({role})")

        self._workers.background.submit(work, on_success=show, name="operators")

    def _load_key_state(self, dialog: SettingsDialog) -> None:
        folder = self._db.folder

        def work(_ctx: TaskContext) -> encryption.KeyStatus:
            return encryption.key_status(folder)  # the keyring may take a moment to answer

        def show(status: encryption.KeyStatus) -> None:
            kept = (
                self.tr("Kunci data tersimpan di brankas kunci (keyring) laptop ini.")
                if status.in_keyring
                else self.tr(
                    "Laptop ini tidak menyimpan kunci data: Hadir meminta kata sandi "
                    "pemulihan setiap kali dibuka. Bila brankas kunci desktop (mis. GNOME "
                    "Keyring atau KWallet) dipasang, Hadir menyimpan kunci di sana "
                    "setelah kata sandi dimasukkan sekali lagi."
                )
            )
            recovery = (
                self.tr(
                    "Kata sandi pemulihan sudah dibuat; cadangan ke USB dapat "
                    "dipulihkan di laptop lain."
                )
                if status.recovery_passphrase
                else self.tr(
                    "Belum ada kata sandi pemulihan. Buat sekarang (minimal {n} "
                    "karakter); tanpa kata sandi itu, cadangan di USB tidak dapat "
                    "dibuka di laptop lain."
                ).format(n=encryption.MIN_PASSPHRASE_LENGTH)
            )
            dialog.key_state.setText(
                self.tr("Data meja ini dienkripsi.") + " " + kept + " " + recovery
            )

        self._workers.background.submit(work, on_success=show, name="key-state")

    def _set_passphrase(self, dialog: SettingsDialog) -> None:
        assert self.admin is not None
        db, by = self._db, self.admin.name
        passphrase = dialog.passphrase.text()
        if passphrase != dialog.passphrase_again.text():
            dialog.show_passphrase_error(self.tr("Kedua kata sandi berbeda."))
            return

        def work(_ctx: TaskContext) -> None:
            # Argon2id takes about a second: off the main thread, like every other write.
            set_recovery_passphrase(db, passphrase=passphrase, operator=by)

        def done(_result: None) -> None:
            dialog.passphrase.clear()
            dialog.passphrase_again.clear()
            dialog.show_passphrase_error("")
            self._load_key_state(dialog)

        def failed(error: Exception) -> None:
            dialog.show_passphrase_error(i18n.error_text(error))

        self._workers.writes.submit(work, on_success=done, on_failure=failed, name="passphrase")

    def _add_operator(self, dialog: SettingsDialog) -> None:
        assert self.admin is not None
        db, by = self._db, self.admin.name
        name, pin, admin = (
            dialog.new_name.text(),
            dialog.new_pin.text(),
            dialog.new_admin.isChecked(),
        )

        def work(_ctx: TaskContext) -> SignedIn:
            return service.add_operator(db, name=name, pin=pin, admin=admin, by=by)

        def done(_operator: SignedIn) -> None:
            dialog.new_name.clear()
            dialog.new_pin.clear()
            dialog.new_admin.setChecked(False)
            dialog.show_operator_error("")
            self._load_operators(dialog)

        def failed(error: Exception) -> None:
            dialog.show_operator_error(i18n.error_text(error))

        self._workers.writes.submit(work, on_success=done, on_failure=failed, name="add-operator")

    def _save(self, dialog: SettingsDialog) -> None:
        assert self.admin is not None
        db, by = self._db, self.admin.name
        desk_name, office = dialog.desk_name.text(), str(dialog.office.currentData())
        language = str(dialog.language.currentData())

        def work(_ctx: TaskContext) -> DeskIdentity:
            return service.save_desk_settings(
                db, desk_name=desk_name, office_code=office, language=language, operator=by
            )

        def done(desk: DeskIdentity) -> None:
            dialog.accept()
            self.saved.emit(desk, language)

        def failed(error: Exception) -> None:
            dialog.show_error(i18n.error_text(error))

        self._workers.writes.submit(work, on_success=done, on_failure=failed, name="settings")
