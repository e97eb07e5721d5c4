"""Wires the first-start page to the desk services."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal

from desktop.core import encryption
from desktop.core.db import Database
from desktop.core.desk import DEFAULT_DESK_NAME
from desktop.core.operators import SignedIn
from desktop.services import desk as service
from desktop.services.desk import DemoDesk, DeskState
from desktop.ui import i18n
from desktop.ui.start.view import SetupView
from desktop.ui.worker import TaskContext, Workers

DEFAULT_OFFICE = "SULTENG"


class SetupController(QObject):
    configured = Signal(object)  # SignedIn: the first admin
    demo_created = Signal(object)  # DemoDesk

    def __init__(self, view: SetupView, *, db: Database, workers: Workers) -> None:
        super().__init__(view)
        self.view = view
        self._db, self._workers = db, workers
        for office in service.office_choices():
            view.office.addItem(office.short_name, office.code)
        view.start_requested.connect(self.start)
        view.demo_requested.connect(self.demo)

    def show_state(self, state: DeskState) -> None:
        """Pre-fill what the desk already knows (a desk set up from hadir-cli has no admin yet)."""
        # No office is chosen for the clerk: a desk set up for the wrong Kanwil files its records
        # there. Only a desk that already knows its office (set up from hadir-cli) shows it.
        self.view.office.setCurrentIndex(
            self.view.office.findData(state.office_code) if state.office_code else -1
        )
        if state.configured:
            self.view.desk_name.setText(state.desk_name)
        if not self.view.desk_name.text():
            # A desk name is data (printed on records as "Meja 2"), not interface text.
            self.view.desk_name.setText(DEFAULT_DESK_NAME)
        self.view.admin_name.setFocus()
        self._load_key_note()

    def _load_key_note(self) -> None:
        folder = self._db.folder

        def work(_ctx: TaskContext) -> bool:
            return encryption.key_status(folder).in_keyring  # the keyring may take a moment

        self._workers.background.submit(
            work, on_success=lambda kept: self.view.show_key_note(in_keyring=kept), name="key-note"
        )

    def start(self) -> None:
        view = self.view
        if view.pin.text() != view.pin_again.text():
            view.show_error(i18n.code_text("pin_mismatch", {}) or "")
            view.pin_again.selectAll()
            view.pin_again.setFocus()
            return
        office = self.chosen_office()
        if office is None:
            view.show_error(self.tr("Pilih kantor wilayah terlebih dahulu."))
            view.office.setFocus()
            return
        desk_name, admin, pin = view.desk_name.text(), view.admin_name.text(), view.pin.text()
        db = self._db

        def work(_ctx: TaskContext) -> SignedIn:
            return service.first_start(
                db, office_code=office, desk_name=desk_name, admin_name=admin, pin=pin
            )

        view.show_error("")
        view.set_busy(self.tr("Menyimpan…"))
        self._workers.writes.submit(
            work, on_success=self._done, on_failure=self._failed, name="first-start"
        )

    def chosen_office(self) -> str | None:
        """The office whose name the combo shows (typed or picked), or None when none is chosen."""
        combo = self.view.office
        index = combo.findText(combo.currentText().strip(), Qt.MatchFlag.MatchFixedString)
        return None if index < 0 else str(combo.itemData(index))

    def demo(self) -> None:
        # Demo data is practice: without a chosen office it goes to the demo's usual one.
        office = self.chosen_office() or DEFAULT_OFFICE
        desk_name = self.view.desk_name.text().strip() or DEFAULT_DESK_NAME
        db = self._db

        def work(_ctx: TaskContext) -> DemoDesk:
            return service.create_demo_desk(db, office_code=office, desk_name=desk_name)

        self.view.show_error("")
        self.view.set_busy(self.tr("Membuat data demo…"))
        self._workers.long.submit(
            work, on_success=self._demo_done, on_failure=self._failed, name="demo"
        )

    def _done(self, admin: SignedIn) -> None:
        self.view.set_busy("")
        self.configured.emit(admin)

    def _demo_done(self, demo: DemoDesk) -> None:
        self.view.set_busy("")
        self.demo_created.emit(demo)

    def _failed(self, error: Exception) -> None:
        self.view.set_busy("")
        if i18n.error_code(error)[0] == "operator_name":
            # The first operator is the admin, and the field says "Nama admin".
            self.view.show_error(self.tr("Nama admin wajib diisi."))
        else:
            self.view.show_error(i18n.error_text(error))
