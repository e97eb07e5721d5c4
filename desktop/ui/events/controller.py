"""Wires the events page: the list, the event form, opening an event, importing into it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QLocale, QObject, QTimer, Signal

from desktop.core.clock import utcnow, zone
from desktop.core.db import Database
from desktop.core.identity import IdentityError, parse_identity
from desktop.core.offices import office_by_code
from desktop.services import desk as desk_service
from desktop.services import events as service
from desktop.services.events import EventForm, EventInfo
from desktop.ui import i18n, style
from desktop.ui.context import DeskContext
from desktop.ui.events.view import EventDialog, EventsView
from desktop.ui.worker import TaskContext, Workers


class EventsController(QObject):
    event_opened = Signal(object)  # EventInfo: the clerk opened it for check-in
    event_changed = Signal(object)  # EventInfo: the open event was edited
    loaded = Signal()
    registrations_changed = Signal(str)  # event id (after an import)

    def __init__(
        self, view: EventsView, *, db: Database, workers: Workers, context: DeskContext
    ) -> None:
        super().__init__(view)
        self.view = view
        self._db, self._workers, self._context = db, workers, context
        self.events: list[EventInfo] = []
        self.dialog: EventDialog | None = None
        self.importer: Any = None
        view.open_requested.connect(self.open_row)
        view.new_requested.connect(self.new_event)
        view.edit_requested.connect(self.edit_row)
        view.import_requested.connect(self.import_row)
        view.retranslated.connect(lambda: self._render(self._selected_id()))

    def refresh(self, select_id: str | None = None) -> None:
        db = self._db

        def work(_ctx: TaskContext) -> list[EventInfo]:
            return service.list_event_infos(db)

        def done(events: list[EventInfo]) -> None:
            self.events = events
            current = self._context.event.id if self._context.event else None
            self._render(select_id or current)
            self.loaded.emit()

        self._workers.background.submit(work, on_success=done, name="events")

    def reload(self) -> None:
        """The list again after HQ's changes arrived, left as the clerk had it: the selected event
        stays selected (wherever it now sorts), the scroll stays, and the focus is not taken (the
        clerk may be typing elsewhere, or in a dialog)."""
        db = self._db
        keep = self._selected_id()

        def work(_ctx: TaskContext) -> list[EventInfo]:
            return service.list_event_infos(db)

        def done(events: list[EventInfo]) -> None:
            scroll = self.view.scroll_position()
            self.events = events
            self._render(keep, focus=False)
            self.view.set_scroll_position(scroll)
            self.loaded.emit()

        self._workers.background.submit(work, on_success=done, name="events-reload")

    def _render(self, select_id: str | None = None, *, focus: bool = True) -> None:
        rows = []
        for e in self.events:
            title = e.title + ("  " + self.tr("[demo]") if e.is_demo else "")
            dates = i18n.date_range_text(e.days[0].date, e.days[-1].date)
            rows.append(
                (title, dates, e.venue, i18n.mode_text(e.mode), QLocale().toString(e.registered))
            )
        select = next((i for i, e in enumerate(self.events) if e.id == select_id), 0)
        self.view.set_rows(rows, select)
        if focus:
            self.view.focus_list()

    def _selected_id(self) -> str | None:
        selected = self._event_at(self.view.current_row())
        return selected.id if selected else None

    def _event_at(self, row: int) -> EventInfo | None:
        return self.events[row] if 0 <= row < len(self.events) else None

    # ---------------------------------------------------------------- open

    def open_row(self, row: int) -> None:
        event = self._event_at(row)
        if event is None:
            return
        db, operator = self._db, self._context.operator_name

        def work(_ctx: TaskContext) -> EventInfo:
            desk_service.set_last_event(db, event_id=event.id, operator=operator)
            return service.load_event(db, event_id=event.id)

        self._workers.writes.submit(work, on_success=self.event_opened.emit, name="open-event")

    # ---------------------------------------------------------------- the form

    def new_event(self) -> None:
        office = office_by_code(self._context.desk.office_code or "DKI")
        start = (utcnow().astimezone(zone(office.timezone)) + timedelta(days=1)).replace(
            hour=8, minute=0, second=0, microsecond=0, tzinfo=None
        )
        dialog = self._dialog(None)
        dialog.setWindowTitle(self.tr("Acara baru"))
        dialog.set_times(start, start.replace(hour=16))
        dialog.timezone.setCurrentIndex(max(0, dialog.timezone.findData(office.timezone)))
        dialog.open()

    def edit_row(self, row: int) -> None:
        event = self._event_at(row)
        if event is None:
            return
        dialog = self._dialog(event)
        dialog.setWindowTitle(self.tr("Ubah acara"))
        dialog.event_title.setText(event.title)
        dialog.theme.setText(event.theme)
        dialog.venue.setText(event.venue)
        dialog.set_times(
            event.starts_local.replace(tzinfo=None), event.ends_local.replace(tzinfo=None)
        )
        dialog.timezone.setCurrentIndex(max(0, dialog.timezone.findData(event.timezone)))
        dialog.mode.setCurrentIndex(max(0, dialog.mode.findData(event.mode)))
        dialog.jp.setValue(event.jp or 0)
        dialog.signatory_name.setText(event.signatory_name)
        dialog.signatory_title.setText(event.signatory_title)
        dialog.signatory_nip.setText(event.signatory_nip)
        dialog.open()

    def _dialog(self, event: EventInfo | None) -> EventDialog:
        dialog = EventDialog(self.view)
        for tz in service.TIMEZONES:
            dialog.timezone.addItem(f"{tz} ({i18n.zone_text(tz)})", tz)
        for mode in service.MODES:
            dialog.mode.addItem(i18n.mode_text(mode), mode)
        dialog.signatory_nip.textChanged.connect(lambda text: self._check_nip(dialog, text))
        dialog.save_requested.connect(lambda: self._save(dialog, event))
        dialog.finished.connect(lambda _code: self._dialog_closed())
        self._check_nip(dialog, "")
        self.dialog = dialog
        return dialog

    def _dialog_closed(self) -> None:
        self.dialog = None
        QTimer.singleShot(0, self.view.focus_list)  # once the dialog has gone

    def _check_nip(self, dialog: EventDialog, text: str) -> None:
        if not text.strip():
            dialog.nip_note.setText(self.tr("Dicetak di bawah nama penanda tangan."))
            dialog.nip_note.setStyleSheet(f"color: {style.MUTED_TEXT};")
            return
        try:
            parse_identity(text)
        except IdentityError as error:
            dialog.nip_note.setText(i18n.code_text(error.code, {**error.params, "raw": text}) or "")
            dialog.nip_note.setStyleSheet(f"color: {style.ERROR_TEXT};")
        else:
            dialog.nip_note.setText(self.tr("✓ NIP valid."))
            dialog.nip_note.setStyleSheet(f"color: {style.OK_TEXT};")

    def _save(self, dialog: EventDialog, event: EventInfo | None) -> None:
        starts, ends = dialog.times()
        form = EventForm(
            title=dialog.event_title.text(),
            theme=dialog.theme.text(),
            venue=dialog.venue.text(),
            starts_at=starts,
            ends_at=ends,
            timezone=str(dialog.timezone.currentData()),
            mode=str(dialog.mode.currentData()),
            jp=dialog.jp.value() or None,
            signatory_name=dialog.signatory_name.text(),
            signatory_title=dialog.signatory_title.text(),
            signatory_nip=dialog.signatory_nip.text(),
        )
        db, operator = self._db, self._context.operator_name
        office = self._context.desk.office_code or "DKI"
        event_id = event.id if event else None

        def work(_ctx: TaskContext) -> EventInfo:
            return service.save_event(
                db, event_id=event_id, form=form, office_code=office, operator=operator
            )

        def saved(info: EventInfo) -> None:
            dialog.accept()
            self.refresh(select_id=info.id)
            if self._context.event is not None and self._context.event.id == info.id:
                self.event_changed.emit(info)  # the check-in screen shows the new title and days

        dialog.save.setEnabled(False)

        def failed(error: Exception) -> None:
            dialog.save.setEnabled(True)
            dialog.show_error(i18n.error_text(error))

        self._workers.writes.submit(work, on_success=saved, on_failure=failed, name="save-event")

    # ---------------------------------------------------------------- import

    def import_row(self, row: int, path: Any = None) -> None:
        event = self._event_at(row)
        if event is None:
            return
        from desktop.ui.importer.controller import ImportController

        self.importer = ImportController.open(
            parent=self.view,
            db=self._db,
            workers=self._workers,
            context=self._context,
            event=event,
            path=path,
        )
        self.importer.imported.connect(lambda _summary: self._imported(event.id))
        self.importer.closed.connect(self._import_closed)
        if path is None:
            self.importer.choose_file()

    def _imported(self, event_id: str) -> None:
        self.refresh(select_id=event_id)
        self.registrations_changed.emit(event_id)

    def _import_closed(self) -> None:
        self.importer = None
        QTimer.singleShot(0, self.view.focus_list)
