"""Wires the sign-in page: name and PIN, checked off the UI thread (scrypt is slow on purpose)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.core.db import Database
from desktop.core.operators import SignedIn
from desktop.services import desk as service
from desktop.services.desk import DemoDesk, DeskState
from desktop.ui import i18n
from desktop.ui.signin.view import SignInView
from desktop.ui.worker import TaskContext, Workers


class SignInController(QObject):
    signed_in = Signal(object)  # SignedIn

    def __init__(self, view: SignInView, *, db: Database, workers: Workers) -> None:
        super().__init__(view)
        self.view = view
        self._db, self._workers = db, workers
        self.busy = False
        view.submitted.connect(self.submit)

    def show_state(self, state: DeskState, *, demo: DemoDesk | None = None) -> None:
        view = self.view
        view.where.setText(f"{state.office_name} · {state.desk_name}")
        view.names.setStringList(list(state.operators))
        view.pin.clear()
        view.show_error("")
        if demo is not None:
            view.show_notice(
                self.tr(
                    "Data demo siap: {count} peserta. Masuk sebagai \u201c{name}\u201d dengan PIN {pin}. "
                    "Catat PIN ini. PIN tidak akan ditampilkan lagi."
                ).format(count=demo.participants, name=demo.admin_name, pin=demo.admin_pin)
            )
            view.name.setText(demo.admin_name)
            view.pin.setFocus()
        else:
            view.show_notice("")
            if len(state.operators) == 1:
                view.name.setText(state.operators[0])
                view.pin.setFocus()
            else:
                view.name.setFocus()

    def submit(self) -> None:
        if self.busy:
            return
        name, pin = self.view.name.text(), self.view.pin.text()
        if not name.strip():
            self.view.name.setFocus()
            return
        db = self._db

        def work(_ctx: TaskContext) -> SignedIn:
            return service.sign_in_operator(db, name=name, pin=pin)

        self.busy = True
        self.view.button.setEnabled(False)
        self._workers.writes.submit(
            work, on_success=self._done, on_failure=self._failed, name="sign-in"
        )

    def _done(self, operator: SignedIn) -> None:
        self.busy = False
        self.view.button.setEnabled(True)
        self.view.pin.clear()
        self.view.show_notice("")
        self.signed_in.emit(operator)

    def _failed(self, error: Exception) -> None:
        self.busy = False
        self.view.button.setEnabled(True)
        self.view.show_error(i18n.error_text(error))
        self.view.pin.clear()
        self.view.pin.setFocus()
