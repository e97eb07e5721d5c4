"""The online report import dialog: preview off the UI thread, the rule, the import, the results;
thin over desktop/services/online.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QObject, Signal
from PySide6.QtWidgets import QFileDialog

from desktop.core.db import Database
from desktop.core.online import OnlineSummary
from desktop.services import online as service
from desktop.services.events import EventInfo
from desktop.services.online import ReportPreview
from desktop.ui import i18n
from desktop.ui.context import DeskContext
from desktop.ui.online.texts import ZONES, variant_text
from desktop.ui.online.view import OnlineImportDialog
from desktop.ui.worker import Task, TaskContext, Workers


class OnlineImportController(QObject):
    """The import dialog: preview off the UI thread, the rule, the import, the results."""

    previewed = Signal(object)  # ReportPreview
    imported = Signal(object)  # OnlineSummary

    def __init__(
        self,
        dialog: OnlineImportDialog,
        *,
        db: Database,
        workers: Workers,
        context: DeskContext,
        event: EventInfo,
    ) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self._db, self._workers, self._context, self._event = db, workers, context, event
        self.preview: ReportPreview | None = None
        self.summary: OnlineSummary | None = None
        self.task: Task[Any] | None = None
        self.path: Path | None = None  # the file chosen, also while its preview is refused
        dialog.heading.setText(
            self.tr("Kehadiran daring untuk \u201c{event}\u201d").format(event=event.title)
        )
        for zone in ZONES:
            dialog.timezone.addItem(f"{i18n.zone_text(zone)} ({zone})", zone)
        if dialog.timezone.findData(event.timezone) < 0:
            dialog.timezone.addItem(event.timezone, event.timezone)
        dialog.timezone.setCurrentIndex(dialog.timezone.findData(event.timezone))
        dialog.timezone.activated.connect(lambda _i: self._reload_preview())
        dialog.date_order.activated.connect(lambda _i: self._reload_preview())
        dialog.meeting.activated.connect(lambda _i: self._reload_preview())
        dialog.meet_day.activated.connect(lambda _i: self._reload_preview())
        dialog.choose_requested.connect(self.choose_file)
        dialog.import_requested.connect(self.run)
        dialog.finished.connect(lambda _code: self.cancel())

    def choose_file(self) -> None:
        path, _f = QFileDialog.getOpenFileName(
            self.dialog,
            self.tr("Pilih laporan kehadiran"),
            str(Path.home()),
            self.tr("Laporan (*.csv *.txt *.xlsx);;Semua berkas (*)"),
        )
        if path:
            self.load(Path(path))

    def _reload_preview(self) -> None:
        if self.path is not None:
            self.load(self.path)

    def _options(self) -> tuple[str | None, list[str], date | None]:
        """The dialog's date order (None: automatic), chosen meeting and Meet day."""
        order = str(self.dialog.date_order.currentData() or "") or None
        meeting = str(self.dialog.meeting.currentData() or "")
        day = str(self.dialog.meet_day.currentData() or "")
        return order, [meeting] if meeting else [], date.fromisoformat(day) if day else None

    def load(self, path: Path) -> None:
        if path != self.path:
            self.dialog.offer_meetings([])  # another file: its own meetings and date
            self.dialog.offer_days([])
        self.path = path
        self.dialog.path.setText(str(path))
        self.dialog.show_error("")
        self.dialog.set_busy(True)
        self.dialog.run.setEnabled(False)
        db, event_id = self._db, self._event.id
        zone = str(self.dialog.timezone.currentData() or self._event.timezone)
        order, meetings, day = self._options()

        def work(_ctx: TaskContext) -> ReportPreview:
            return service.preview_report(
                db,
                event_id=event_id,
                path=path,
                timezone=zone,
                date_order=order,
                meeting_ids=meetings,
                meet_date=day,
            )

        def failed(error: Exception) -> None:
            self.preview = None
            self.dialog.set_busy(False)
            self.dialog.run.setEnabled(False)
            self.dialog.info.setText("")
            code, params = i18n.error_code(error)
            if code == "online_several_meetings" and not self.dialog.meeting.count():
                # Ask which meeting is the event's; choosing one previews again.
                listed = params.get("meetings")
                self.dialog.offer_meetings(
                    [
                        (f"{m['id']} · {m['topic']} · {m['start']}", str(m["id"]))
                        for m in (listed if isinstance(listed, list) else [])
                    ]
                )
            if code == "online_date_needed" and not self.dialog.meet_day.count():
                listed = str(params.get("days", "") or "")  # "2026-11-24, 2026-11-25"
                days = [date.fromisoformat(d.strip()) for d in listed.split(",") if d.strip()]
                self.dialog.offer_days([(i18n.long_date(d), d) for d in days])
            self.dialog.show_error(i18n.error_text(error))

        self._workers.long.submit(
            work, on_success=self._show_preview, on_failure=failed, name="online-preview"
        )

    def _show_preview(self, preview: ReportPreview) -> None:
        self.preview = preview
        self.dialog.set_busy(False)
        when = ""
        if preview.first_join is not None and preview.last_leave is not None:
            when = self.tr("; {date}, {start}–{end} {zone}").format(
                date=i18n.long_date(preview.first_join.date()),
                start=i18n.clock_text(preview.first_join, preview.timezone),
                end=i18n.clock_text(preview.last_leave, preview.timezone),
                zone=i18n.zone_text(preview.timezone),
            )
        text = self.tr("{variant}: {rows} baris, {names} nama{when}.").format(
            variant=variant_text(preview.variant), rows=preview.rows, names=preview.names, when=when
        )
        if preview.topic:
            text += " " + self.tr("Rapat: {topic}.").format(topic=preview.topic)
        if preview.date_order in ("dmy", "mdy"):
            text += " " + (
                self.tr("Tanggal dibaca hari/bulan/tahun.")
                if preview.date_order == "dmy"
                else self.tr("Tanggal dibaca bulan/hari/tahun.")
            )
        if preview.waiting_room:
            text += " " + self.tr("{count} baris ruang tunggu tidak dihitung.").format(
                count=preview.waiting_room
            )
        unread = preview.skipped - preview.waiting_room
        if unread:
            text += " " + self.tr("{count} baris tidak terbaca.").format(count=unread)
        if preview.for_decision:
            text += " " + self.tr("{count} host atau peserta telepon perlu diputuskan.").format(
                count=preview.for_decision
            )
        text += " " + self.tr("Waktu acara: {minutes} menit.").format(minutes=preview.event_minutes)
        for code in preview.warnings:
            text += "\n" + (i18n.code_text(code, {}) or code)
        self.dialog.info.setText(text)
        self.dialog.run.setEnabled(True)
        self.previewed.emit(preview)

    def run(self) -> None:
        if self.preview is None or self.task is not None:
            return
        dialog = self.dialog
        by_minutes = dialog.by_minutes.isChecked()
        minutes = dialog.minutes.value() if by_minutes else None
        percent = None if by_minutes else dialog.percent.value()
        zone = str(dialog.timezone.currentData() or self._event.timezone)
        db, path, event_id = self._db, self.preview.path, self._event.id
        operator = self._context.operator_name
        order, meetings, day = self._options()

        def work(_ctx: TaskContext) -> OnlineSummary:
            return service.run_import(
                db,
                event_id=event_id,
                path=path,
                operator=operator,
                min_minutes=minutes,
                min_percent=percent,
                timezone=zone,
                date_order=order,
                meeting_ids=meetings,
                meet_date=day,
            )

        def failed(error: Exception) -> None:
            self.task = None
            dialog.set_busy(False)
            dialog.show_error(i18n.error_text(error))

        dialog.set_busy(True)
        dialog.show_error("")
        self.task = self._workers.writes.submit(
            work, on_success=self._done, on_failure=failed, name="online-import"
        )

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _done(self, summary: OnlineSummary) -> None:
        self.task = None
        self.summary = summary
        dialog = self.dialog
        dialog.set_busy(False)
        dialog.run.setEnabled(False)  # the same file again changes nothing
        locale = QLocale()
        text = self.tr(
            "{people} orang · {matched} cocok · {doubtful} ragu-ragu · {unmatched} tidak "
            "cocok · {eligible} layak sertifikat"
        ).format(
            people=locale.toString(summary.people),
            matched=locale.toString(summary.matched),
            doubtful=locale.toString(summary.doubtful),
            unmatched=locale.toString(summary.unmatched),
            eligible=locale.toString(summary.eligible),
        )
        if summary.already_imported:
            text = self.tr("Berkas ini sudah pernah diimpor; tidak ada yang berubah.") + " " + text
        dialog.outcome.setText(text)
        dialog.names.clear()
        for name in summary.doubtful_names:
            dialog.names.addItem(self.tr("ragu-ragu: {name}").format(name=name))
        for name in summary.unmatched_names:
            dialog.names.addItem(self.tr("tidak cocok: {name}").format(name=name))
        for person in summary.for_decision:
            # A host or a dial-in may be the office's own account or an unnamed phone: listed so the
            # operator decides (link or ignore on the Daring screen), never dropped silently.
            line = (
                self.tr("host: {name}")
                if person["role"] == "host"
                else self.tr("peserta telepon: {name}")
            )
            dialog.names.addItem(line.format(name=person["name"]))
        dialog.names.setVisible(dialog.names.count() > 0)
        if dialog.names.count():
            dialog.names.insertItem(0, self.tr("Putuskan di layar Daring:"))
        warnings = [
            i18n.code_text(str(w["code"]), {}) or str(w["message"]) for w in summary.warnings
        ]
        if warnings:
            dialog.outcome.setText(dialog.outcome.text() + "\n" + "\n".join(warnings))
        dialog.close_button.setFocus()
        self.imported.emit(summary)
