"""Wires the participants page: loading off the UI thread, filter and sort, edit, export."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QObject, QStandardPaths, QTimer, Signal
from PySide6.QtWidgets import QFileDialog

from desktop.core.db import Database
from desktop.core.identity import normalize_number
from desktop.services import people as P
from desktop.services.events import EventInfo
from desktop.services.people import ExportColumns, ParticipantTable, PersonForm, TableQuery
from desktop.ui import i18n
from desktop.ui.context import DeskContext
from desktop.ui.participants.model import ParticipantTableModel
from desktop.ui.participants.view import ParticipantsView
from desktop.ui.walkin.controller import PersonFormController
from desktop.ui.walkin.form import PersonDialog
from desktop.ui.worker import LatestOnly, Task, TaskContext, Workers


@dataclass(frozen=True, slots=True)
class _Place:
    """Where the clerk was in the table: the chosen person and the scroll (horizontal, vertical)."""

    participant_id: str | None
    scroll: tuple[int, int]


class ParticipantsController(QObject):
    loaded = Signal()
    filtered = Signal()
    exported = Signal(str)  # path
    saved = Signal(str)  # participant id

    def __init__(
        self,
        view: ParticipantsView,
        model: ParticipantTableModel,
        *,
        db: Database,
        workers: Workers,
        context: DeskContext,
    ) -> None:
        super().__init__(view)
        self.view, self.model = view, model
        self._db, self._workers, self._context = db, workers, context
        self.current_event: EventInfo | None = None
        self.table: ParticipantTable | None = None
        self.query = TableQuery()
        self.stale = True
        self.task: Task[Any] | None = None
        self.dialog: PersonDialog | None = None
        self._place_after_filter: _Place | None = None
        self._filter: LatestOnly[list[int]] = LatestOnly(workers.reads, self._filter_work)
        self._filter.delivered.connect(self._show_order)
        view.shown.connect(self._on_shown)
        view.filter.textChanged.connect(lambda _text: self._query_changed())
        view.instansi.activated.connect(lambda _index: self._query_changed())
        view.attendance.activated.connect(lambda _index: self._query_changed())
        view.sort_requested.connect(self._sort)
        view.reload_requested.connect(self.reload)
        view.cancel_requested.connect(self.cancel)
        view.edit_requested.connect(self.edit_row)
        view.export_requested.connect(self.choose_export)
        view.retranslated.connect(self._retranslate)

    # ---------------------------------------------------------------- loading

    def set_event(self, event: EventInfo) -> None:
        self.current_event = event
        self.table = None
        self.model.set_table(None, [])
        self.stale = True
        self._fill_attendance_choices()
        if self.view.isVisible():
            self.reload()

    def refresh_event(self, event: EventInfo) -> None:
        """HQ's changes arrived: the table is read again if it is on screen (else when it is next
        shown), keeping the filter, the chosen person and the scroll. Not ``set_event``, which
        empties the table for another event."""
        if self.current_event is None or self.current_event.id != event.id:
            return
        self.current_event = event
        self._fill_attendance_choices()
        self.stale = True
        if self.view.isVisible():
            self.reload()

    def mark_stale(self) -> None:
        """Attendance changed: reload the next time the page is shown (not 200,000 rows per scan)."""
        self.stale = True

    def _on_shown(self) -> None:
        if self.stale and self.task is None:
            self.reload()
        self.view.focus_filter()

    def reload(self) -> None:
        event = self.current_event
        if event is None or self.task is not None:
            return
        db = self._db

        def work(ctx: TaskContext) -> ParticipantTable:
            return P.load_participant_table(db, event_id=event.id, check=ctx.check)

        self.stale = False
        self.view.set_busy(self.tr("Memuat peserta…"), cancellable=True)
        self.task = self._workers.long.submit(
            work,
            on_success=self._loaded,
            on_failure=self._failed,
            on_cancel=self._load_cancelled,
            name="participants",
        )

    def _loaded(self, table: ParticipantTable) -> None:
        self.task = None
        self.view.set_busy("")
        if self.current_event is None or table.event_id != self.current_event.id:
            return
        # The same event read again (F5, or HQ's changes): the clerk's place is kept.
        place = self._place() if self.table is not None else None
        self.table = table
        self._fill_instansi(table)
        if self._has_filter():
            # The model takes the new table together with its filtered order (``_show_order``):
            # the unfiltered list never flashes up in between.
            self._place_after_filter = place
            self._query_changed()
        else:
            self.model.set_table(table, list(range(len(table.rows))))
            self._restore_place(place)
        self._render_count()
        self.view.size_columns(len(table.rows), table.days)
        self.loaded.emit()

    def _place(self) -> _Place:
        row = self.view.current_row()
        chosen = self.model.participant_id(row) if 0 <= row < self.model.rowCount() else None
        return _Place(chosen, self.view.scroll_position())

    def _restore_place(self, place: _Place | None) -> None:
        if place is None or self.table is None:
            return
        if place.participant_id is not None:
            sources = {row[P.ID]: index for index, row in enumerate(self.table.rows)}
            source = sources.get(place.participant_id)
            if source is not None and source in self.model.order:
                self.view.select_row(self.model.order.index(source))
        self.view.set_scroll_position(place.scroll)  # after the selection, which scrolls to it

    def _load_cancelled(self) -> None:
        self.task = None
        self.stale = True
        self.view.set_busy("")

    def _failed(self, error: Exception) -> None:
        self.task = None
        self.view.set_busy("")
        self.view.count.setText(i18n.error_text(error))

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    # ---------------------------------------------------------------- filter and sort

    def _fill_instansi(self, table: ParticipantTable) -> None:
        combo = self.view.instansi
        current = combo.currentData()
        combo.clear()
        combo.addItem(self.tr("Semua instansi"), None)
        for name, count in table.instansi:
            combo.addItem(
                f"{name or self.tr('(tanpa instansi)')} ({QLocale().toString(count)})", name
            )
        combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)

    def _fill_attendance_choices(self) -> None:
        combo = self.view.attendance
        current = combo.currentIndex()
        combo.clear()
        # Item data are strings ("1:hadir"): Qt hands a Python tuple back as something else.
        combo.addItem(self.tr("Semua status hadir"), "")
        days = len(self.current_event.days) if self.current_event else 1
        for day in range(1, days + 1):
            combo.addItem(self.tr("Hadir hari {day}").format(day=day), f"{day}:hadir")
            combo.addItem(self.tr("Belum hadir hari {day}").format(day=day), f"{day}:belum")
        combo.setCurrentIndex(max(0, min(current, combo.count() - 1)))

    def _has_filter(self) -> bool:
        q = self.query
        return bool(
            q.text.strip()
            or q.instansi is not None
            or q.present is not None
            or q.sort_column != P.NAME
            or q.descending
        )

    def _query_changed(self) -> None:
        day, present = _attendance_choice(str(self.view.attendance.currentData() or ""))
        self.query = replace(
            self.query,
            text=self.view.filter.text(),
            instansi=self.view.instansi.currentData(),
            day=day,
            present=present,
        )
        self._apply()

    def _sort(self, column: int, descending: bool) -> None:
        self.query = replace(
            self.query, sort_column=self.model.sort_column(column), descending=descending
        )
        self._apply()

    def _apply(self) -> None:
        if self.table is not None:
            self._filter.request((self.table, self.query))

    def _filter_work(self, request: tuple[ParticipantTable, TableQuery]) -> Any:
        table, query = request

        def work(_ctx: TaskContext) -> list[int]:
            return P.apply_query(table, query)

        return work

    def _show_order(self, request: tuple[ParticipantTable, TableQuery], order: list[int]) -> None:
        if request[0] is not self.table:
            return
        if self.model.table is not self.table:
            self.model.set_table(self.table, order)
        else:
            self.model.set_order(order)
        self._render_count()
        place, self._place_after_filter = self._place_after_filter, None
        self._restore_place(place)
        self.filtered.emit()

    def _render_count(self) -> None:
        total = len(self.table.rows) if self.table else 0
        shown = self.model.rowCount()
        locale = QLocale()
        if shown == total:
            text = self.tr("{total} peserta").format(total=locale.toString(total))
        else:
            text = self.tr("Menampilkan {shown} dari {total} peserta").format(
                shown=locale.toString(shown), total=locale.toString(total)
            )
        self.view.count.setText(text)

    def _retranslate(self) -> None:
        self.model.retranslate()
        if self.table is not None:
            self._fill_instansi(self.table)
        self._fill_attendance_choices()
        self._render_count()

    # ---------------------------------------------------------------- edit

    def edit_row(self, row: int) -> None:
        if self.table is None or not 0 <= row < self.model.rowCount():
            return
        if self.model.table is not self.table:
            return  # a reload's filtered order is a moment away; its rows are not on screen yet
        source = self.model.source_index(row)
        participant_id = self.model.participant_id(row)
        dialog = PersonDialog(self.view)
        dialog.setWindowTitle(self.tr("Ubah data peserta"))
        dialog.save.setText(self.tr("Simpan"))
        form = PersonFormController(dialog.form, db=self._db, workers=self._workers)
        self.dialog = dialog
        db = self._db

        def load(_ctx: TaskContext) -> PersonForm:
            return P.participant_form(db, participant_id=participant_id)

        def loaded(values: PersonForm) -> None:
            dialog.form.set_values(values)
            dialog.heading.setText(values.full_name)
            form.validate()

        dialog.save_requested.connect(lambda: self._save(dialog, form, participant_id, source))
        dialog.finished.connect(lambda _code: self._dialog_closed())
        self._workers.background.submit(
            load, on_success=loaded, on_failure=self._failed, name="edit"
        )
        dialog.open()

    def _save(
        self, dialog: PersonDialog, form: PersonFormController, participant_id: str, source: int
    ) -> None:
        if not form.validate():
            dialog.show_error(form.first_error_text())
            return
        values = dialog.form.values()
        db, operator = self._db, self._context.operator_name

        def work(_ctx: TaskContext) -> PersonForm:
            return P.save_participant(
                db, participant_id=participant_id, form=values, operator=operator
            )

        def saved(result: PersonForm) -> None:
            self._replace(source, participant_id, result)
            dialog.accept()
            self.saved.emit(participant_id)

        def failed(error: Exception) -> None:
            dialog.save.setEnabled(True)
            dialog.show_error(i18n.error_text(error))

        dialog.save.setEnabled(False)
        self._workers.writes.submit(work, on_success=saved, on_failure=failed, name="save-person")

    def _replace(self, source: int, participant_id: str, form: PersonForm) -> None:
        if self.table is None or source >= len(self.table.rows):
            return
        old = self.table.rows[source]
        if old[P.ID] != participant_id:
            return
        number = normalize_number(form.number)
        row = (
            participant_id,
            form.full_name,
            number,
            form.asn_status,
            form.golongan,
            form.instansi,
            form.jabatan,
            form.unit_kerja,
            old[P.TIMES],
            old[P.DAYS],
            P.row_key(form.full_name, number),
        )
        self.table.folded_instansi.setdefault(form.instansi, form.instansi.casefold())
        self.model.replace_row(source, row)

    def _dialog_closed(self) -> None:
        self.dialog = None
        QTimer.singleShot(0, self.view.focus_table)

    # ---------------------------------------------------------------- export

    def choose_export(self, kind: str) -> None:
        if self.table is None or self.current_event is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = f"peserta-{self.current_event.days[0].date.isoformat()}.{kind}"
        filters = self.tr("Excel (*.xlsx)") if kind == "xlsx" else self.tr("CSV (*.csv)")
        path, _filter = QFileDialog.getSaveFileName(
            self.view, self.tr("Ekspor peserta"), str(Path(folder) / name), filters
        )
        if path:
            if not path.lower().endswith(f".{kind}"):
                path += f".{kind}"
            self.export(Path(path))

    def export(self, path: Path) -> None:
        """Write the rows as shown (filtered and sorted) to ``path`` (.xlsx or .csv)."""
        table, event = self.model.table, self.current_event  # the rows on screen, in their order
        if table is None or event is None or self.task is not None:
            return
        order = list(self.model.order)
        columns = ExportColumns(
            headers=(
                self.tr("No"),
                self.tr("Nama"),
                self.tr("NIP/NIK"),
                self.tr("Status ASN"),
                self.tr("Pangkat/Gol"),
                self.tr("Jabatan"),
                self.tr("Unit kerja"),
                self.tr("Instansi"),
                self.tr("Email"),
                self.tr("No. HP"),
            ),
            day_header=self.tr("Hari {day}"),
            days_header=self.tr("Jumlah hari hadir"),
        )
        # The time format is read here, in the current language, and handed to the worker as data.
        fmt, timezone = i18n.clock_format(), event.timezone
        db, operator = self._db, self._context.operator_name

        def time_text(moment: datetime) -> str:
            return i18n.clock_text(moment, timezone, fmt=fmt)

        def work(ctx: TaskContext) -> int:
            contacts = P.load_contacts(db, event_id=event.id)
            ctx.check()
            rows = P.export_rows(
                table,
                order,
                contacts=contacts,
                path=path,
                columns=columns,
                time_text=time_text,
                progress=lambda done, total: ctx.progress(done, total),
            )
            P.audit_export(db, operator=operator, event_id=event.id, path=path, rows=rows)
            return rows

        def done(rows: int) -> None:
            self.task = None
            self.view.set_busy("")
            self.view.count.setText(
                self.tr("{rows} baris diekspor ke {path}").format(
                    rows=QLocale().toString(rows), path=str(path)
                )
            )
            self.exported.emit(str(path))

        def cancelled() -> None:
            self.task = None
            self.view.set_busy("")
            self._render_count()

        self.view.set_busy(self.tr("Mengekspor…"), cancellable=True)
        self.task = self._workers.long.submit(
            work,
            on_success=done,
            on_failure=self._failed,
            on_cancel=cancelled,
            on_progress=lambda d, t, _label: self.view.set_progress(d, t),
            name="export",
        )


def _attendance_choice(data: str) -> tuple[int, bool | None]:
    if not data:
        return 0, None
    day, state = data.split(":")
    return int(day), state == "hadir"
