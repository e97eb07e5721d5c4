"""Wires the participant form: validation as the clerk types, and the walk-in dialog's save."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.core.db import Database
from desktop.core.identity import GOLONGAN_PNS, GOLONGAN_PPPK, AsnStatus, normalize_number
from desktop.services import people
from desktop.services.checkin import EntryResult
from desktop.services.events import EventInfo
from desktop.services.people import KnownPerson, PersonForm
from desktop.ui import i18n, style
from desktop.ui.context import DeskContext
from desktop.ui.walkin.form import PersonDialog, PersonFormView
from desktop.ui.worker import TaskContext, Workers


class PersonFormController(QObject):
    """Checks the form on every change and says what is wrong, or what the NIP tells."""

    def __init__(self, form: PersonFormView, *, db: Database, workers: Workers) -> None:
        super().__init__(form)
        self.form = form
        self.errors: dict[str, tuple[str, dict[str, object]]] = {}
        form.changed.connect(self.validate)
        form.status.currentIndexChanged.connect(self._status_changed)
        form.retranslated.connect(self.validate)
        self._status_changed()

        def work(_ctx: TaskContext) -> list[str]:
            return people.known_instansi(db)

        workers.background.submit(
            work, on_success=form.instansi_model.setStringList, name="instansi"
        )

    def _status_changed(self) -> None:
        status = str(self.form.status.currentData())
        suggestions = GOLONGAN_PPPK if status == AsnStatus.PPPK.value else GOLONGAN_PNS
        self.form.golongan_model.setStringList(list(suggestions))
        self.validate()

    def validate(self) -> bool:
        form = self.form
        values = form.values()
        self.errors = people.check_form(values)
        status = values.asn_status
        label = {
            AsnStatus.PNS.value: self.tr("N&IP (18 digit)"),
            AsnStatus.PPPK.value: self.tr("N&I PPPK (18 digit)"),
            AsnStatus.NON_ASN.value: self.tr("N&IK (16 digit, boleh kosong)"),
        }[status]
        form.set_number_label(label)
        ident = people.check_identity(values.number, status=status)
        if ident.state == "valid":
            born = ident.birth_date
            text = self.tr("✓ Valid. Lahir {date}, {gender}.").format(
                date=i18n.long_date(born) if isinstance(born, date) else "",
                gender=i18n.gender_text(ident.gender),
            )
            form.set_note(form.number_note, text, style.OK_TEXT)
        elif ident.state == "typing":
            form.set_note(
                form.number_note,
                self.tr("{digits} dari {expected} digit").format(
                    digits=ident.digits, expected=ident.expected
                ),
                style.MUTED_TEXT,
            )
        elif ident.state == "invalid":
            form.set_note(
                form.number_note,
                i18n.code_text(ident.code, {**(ident.params or {}), "raw": values.number})
                or ident.code,
                style.ERROR_TEXT,
            )
        elif status == AsnStatus.NON_ASN.value:
            form.set_note(
                form.number_note, self.tr("Tamu non-ASN: NIK boleh dikosongkan."), style.MUTED_TEXT
            )
        else:
            form.set_note(form.number_note, "", style.MUTED_TEXT)
        name_error = self.errors.get("full_name")
        # An empty name is said only once the clerk has started on the form, not on an empty one.
        show_name = name_error is not None and bool(
            values.number.strip() or values.instansi.strip()
        )
        name_text = (i18n.code_text(*name_error) or "") if show_name and name_error else ""
        form.set_note(form.name_note, name_text, style.ERROR_TEXT)
        email_error = self.errors.get("email")
        form.set_note(
            form.email_note,
            (i18n.code_text(*email_error) or "") if email_error else "",
            style.ERROR_TEXT,
        )
        return not self.errors

    def first_error_text(self) -> str:
        if not self.errors:
            return ""
        code, params = next(iter(self.errors.values()))
        raw = self.form.number.text()
        return i18n.code_text(code, {**params, "raw": raw}) or code


class WalkinController(QObject):
    """The walk-in dialog: pre-filled with what was typed; Save registers and checks in."""

    registered = Signal(object)  # EntryResult
    closed = Signal()

    def __init__(
        self,
        dialog: PersonDialog,
        *,
        db: Database,
        workers: Workers,
        context: DeskContext,
        event: EventInfo,
        day: int,
    ) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self._db, self._workers, self._context = db, workers, context
        self._event, self._day = event, day
        self.form = PersonFormController(dialog.form, db=db, workers=workers)
        self.saving = False
        dialog.save_requested.connect(self.save)
        dialog.finished.connect(lambda _code: self.closed.emit())
        dialog.form.changed.connect(lambda: dialog.show_error(""))
        self._retitle()

    @classmethod
    def open(
        cls,
        *,
        parent: QWidget,
        db: Database,
        workers: Workers,
        context: DeskContext,
        event: EventInfo,
        day: int,
        prefill: str,
    ) -> WalkinController:
        dialog = PersonDialog(parent)
        controller = cls(dialog, db=db, workers=workers, context=context, event=event, day=day)
        controller.prefill(prefill)
        dialog.open()
        return controller

    def _retitle(self) -> None:
        self.dialog.setWindowTitle(self.tr("Daftar peserta baru"))
        self.dialog.heading.setText(
            self.tr(
                "Peserta baru untuk {event}, hari {day}. Simpan untuk mendaftarkan dan mencatat hadir sekaligus."
            ).format(event=self._event.title, day=self._day)
        )
        self.dialog.save.setText(self.tr("Daftarkan dan hadirkan"))

    def prefill(self, typed: str) -> None:
        """What was typed in the search box: a number goes to the NIP field, else the name."""
        form = self.dialog.form
        typed = typed.strip()
        digits = normalize_number(typed)
        if typed and digits.isdigit():
            status = people.guess_status(digits)
            if status:
                form.set_status(status)
            form.number.setText(digits)
            self._lookup_known(digits)
            form.full_name.setFocus()
        else:
            form.full_name.setText(typed)
            form.number.setFocus()

    def _lookup_known(self, number: str) -> None:
        db, event_id = self._db, self._event.id

        def work(_ctx: TaskContext) -> KnownPerson | None:
            return people.find_known_person(db, event_id=event_id, number=number)

        def found(known: KnownPerson | None) -> None:
            form = self.dialog.form
            # Only into an untouched form: never overwrite what the clerk typed meanwhile.
            if known is None or form.full_name.text().strip():
                return
            form.set_values(known.form)
            self.dialog.heading.setText(
                self.tr(
                    "{name} sudah dikenal meja ini (dari acara lain). Periksa datanya, lalu "
                    "simpan untuk mendaftarkan dan menghadirkannya."
                ).format(name=known.form.full_name)
            )

        self._workers.background.submit(work, on_success=found, name="known-person")

    def save(self) -> None:
        if self.saving:
            return
        if not self.form.validate():
            self.dialog.show_error(self.form.first_error_text())
            return
        values: PersonForm = self.dialog.form.values()
        db, context, event, day = self._db, self._context, self._event, self._day
        desk, operator = context.desk, context.operator_name

        def work(_ctx: TaskContext) -> EntryResult:
            return people.register_walkin(
                db, event_id=event.id, day=day, form=values, desk=desk, operator=operator
            )

        self.saving = True
        self.dialog.save.setEnabled(False)
        self._workers.writes.submit(
            work, on_success=self._saved, on_failure=self._failed, name="walk-in"
        )

    def _saved(self, result: EntryResult) -> None:
        self.saving = False
        self.registered.emit(result)
        self.dialog.accept()

    def _failed(self, error: Exception) -> None:
        self.saving = False
        self.dialog.save.setEnabled(True)
        self.dialog.show_error(i18n.error_text(error))
