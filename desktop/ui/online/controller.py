"""Wires the Daring screen: the people seen online and the decisions waiting for the operator, the
import dialog (preview, rule, import off the UI thread, results), and delivery (export to a folder
or zip, SMTP settings, sending with the server's reasons for failures, resending)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QListWidgetItem

from desktop.core.clock import utc_to_local
from desktop.core.db import Database
from desktop.core.delivery import SmtpSettings
from desktop.core.identity import format_nip
from desktop.core.online import OnlineSummary
from desktop.services import online as service
from desktop.services.events import EventInfo
from desktop.services.online import (
    Candidate,
    MailRow,
    OnlineOverview,
    OnlinePersonRow,
    ReportPreview,
    ReportRow,
)
from desktop.ui import i18n, style
from desktop.ui.certificates.controller import documents_folder
from desktop.ui.certificates.view import ReasonDialog, selected_rows
from desktop.ui.context import DeskContext
from desktop.ui.online.view import OnlineImportDialog, OnlineView, SmtpDialog
from desktop.ui.worker import LatestOnly, Task, TaskContext, Workers

ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")


def match_text(match: str) -> str:
    from desktop.ui.i18n import translate

    return {
        "email": translate("Online", "email"), "nip": translate("Online", "NIP"),
        "name": translate("Online", "nama"), "manual": translate("Online", "ditautkan operator"),
        "new": translate("Online", "didaftarkan baru"), "doubtful": translate("Online", "ragu-ragu"),
        "unmatched": translate("Online", "tidak cocok"), "ignored": translate("Online", "diabaikan"),
    }.get(match, match)  # fmt: skip


def role_text(role: str | None) -> str:
    """A row's role as the list shows it: only the ones that need a decision or explain minutes;
    an ordinary attendee (or a role not kept) is left blank."""
    from desktop.ui.i18n import translate

    return {
        "host": translate("Online", "host"), "dial-in": translate("Online", "telepon"),
        "panelist": translate("Online", "panelis"),
    }.get(role or "", "")  # fmt: skip


def variant_text(variant: str) -> str:
    from desktop.ui.i18n import translate

    return {
        "zoom_participants": translate("Online", "Zoom: laporan peserta"),
        "zoom_with_meeting_data": translate("Online", "Zoom: laporan peserta dengan data rapat"),
        "zoom_unique_users": translate("Online", "Zoom: pengguna unik (total menit, tanpa jam)"),
        "zoom_webinar_attendees": translate("Online", "Zoom: laporan peserta webinar"),
        "zoom_meeting_history": translate("Online", "Zoom: riwayat rapat"),
        "teams_attendance": translate("Online", "Microsoft Teams: laporan kehadiran"),
        "google_meet": translate("Online", "Google Meet: laporan kehadiran"),
    }.get(variant, variant)


@dataclass(frozen=True, slots=True)
class Loaded:
    overview: OnlineOverview
    mail: list[MailRow] = field(default_factory=list)
    smtp_host: str = ""
    reports: list[ReportRow] = field(default_factory=list)


class OnlineController(QObject):
    loaded = Signal()
    resolved = Signal(str)  # the match after the decision
    changed = Signal()  # minutes, matches or registrations changed: other views reload
    exported = Signal(str)
    sent = Signal(object)  # SendReport
    smtp_saved = Signal()
    import_dialog_opened = Signal(object)  # OnlineImportController
    report_removed = Signal(object)  # OnlineSummary, without the report

    def __init__(self, view: OnlineView, *, db: Database, workers: Workers,
                 context: DeskContext) -> None:  # fmt: skip
        super().__init__(view)
        self.view = view
        self._db, self._workers, self._context = db, workers, context
        self.current_event: EventInfo | None = None
        self.data: Loaded | None = None
        self.stale = True
        self.task: Task[Any] | None = None
        self.importer: OnlineImportController | None = None
        self.smtp_dialog: SmtpDialog | None = None
        self.removal_dialog: ReasonDialog | None = None
        self._loading = False
        self._search: LatestOnly[list[Candidate]] = LatestOnly(workers.reads, self._search_work)
        self._search.delivered.connect(self._show_search)
        view.shown.connect(self._on_shown)
        view.retranslated.connect(self._render)
        view.import_requested.connect(self.open_import)
        view.people.selectionModel().currentRowChanged.connect(lambda _n, _b: self._show_person())
        view.candidates.currentRowChanged.connect(lambda _row: self._update_buttons())
        view.search_changed.connect(self._search_changed)
        view.link_requested.connect(self.link_selected)
        view.register_requested.connect(lambda: self.resolve(register_new=True))
        view.ignore_requested.connect(lambda: self.resolve(ignore=True))
        view.export_zip_requested.connect(lambda: self.choose_export(zip_file=True))
        view.export_folder_requested.connect(lambda: self.choose_export(zip_file=False))
        view.smtp_requested.connect(self.open_smtp)
        view.send_requested.connect(self.send)
        view.resend_requested.connect(self.resend_selected)
        view.resend_failed_requested.connect(lambda: self.resend(failed=True))
        view.remove_report_requested.connect(self.ask_remove_report)
        view.busy.cancel_requested.connect(self.cancel)
        view.set_resolvable(False, False)

    # ---------------------------------------------------------------- loading

    def set_event(self, event: EventInfo) -> None:
        self.current_event = event
        self.data = None
        self.stale = True
        self.view.heading.setText(event.title)
        if self.view.isVisible():
            self.reload()

    def mark_stale(self) -> None:
        self.stale = True

    def _on_shown(self) -> None:
        if self.stale:
            self.reload()

    def reload(self) -> None:
        event = self.current_event
        if event is None or self._loading:
            return
        db = self._db
        self.stale = False
        self._loading = True

        def work(_ctx: TaskContext) -> Loaded:
            overview = service.load_overview(db, event_id=event.id)
            settings = service.smtp_settings(db)
            return Loaded(overview, service.mail_rows(db, event_id=event.id),
                          settings.host if settings else "",
                          service.list_reports(db, event_id=event.id))  # fmt: skip

        def failed(error: Exception) -> None:
            self._loading = False
            self.view.busy.show_message(i18n.error_text(error), error=True)

        self._workers.background.submit(work, on_success=self._loaded, on_failure=failed,
                                        name="online")  # fmt: skip

    def _loaded(self, data: Loaded) -> None:
        self._loading = False
        if self.current_event is None or data.overview.event_id != self.current_event.id:
            return
        current = self._current_person()
        key = current.key if current is not None else None
        self.data = data
        self._render()
        self.view.size_columns()
        row = self.view.people_model.row_of(key) if key else -1
        if row < 0 and data.overview.people and data.overview.people[0].needs_decision:
            row = 0
        if row >= 0:
            self.view.people.selectRow(row)
        self._show_person()
        self.loaded.emit()

    # ---------------------------------------------------------------- rendering

    def _render(self) -> None:
        data = self.data
        if data is None:
            self.view.summary.setText(
                self.tr("Belum ada laporan kehadiran daring untuk acara ini.")
            )
            self.view.people_model.set_rows([], [])
            self.view.mail_model.set_rows([], [])
            self.view.reports_model.set_rows([], [])
            return
        o, s = data.overview, data.overview.summary
        if o.reports == 0:
            summary = self.tr("Belum ada laporan kehadiran daring. Impor laporan peserta Zoom atau "
                              "Google Meet setelah acara.")  # fmt: skip
        else:
            summary = self.tr(
                "{reports} laporan · {people} orang daring · {matched} cocok · {doubtful} ragu-ragu"
                " · {unmatched} tidak cocok · {eligible} layak sertifikat").format(
                reports=o.reports, people=s.people, matched=s.matched, doubtful=s.doubtful,
                unmatched=s.unmatched, eligible=s.eligible)  # fmt: skip
        if o.required_minutes is not None:
            summary += "  " + self.tr("(syarat: {minutes} dari {total} menit)").format(
                minutes=o.required_minutes, total=o.event_minutes)  # fmt: skip
        self.view.summary.setText(summary)
        rows, keys, colours = [], [], []
        for p in o.people:
            rows.append((p.name, role_text(p.role), p.email, str(p.minutes), match_text(p.match),
                         p.participant_name))  # fmt: skip
            keys.append(p.key)
            colours.append(style.WARN_TEXT if p.needs_decision else
                           style.MUTED_TEXT if p.match == "ignored" else None)  # fmt: skip
        self.view.people_model.set_rows(rows, keys, colours)
        self._render_mail()
        self._render_reports()

    def _render_reports(self) -> None:
        if self.data is None:
            return
        zone = self.current_event.timezone if self.current_event else "UTC"
        self.view.reports_model.set_rows(
            [(self.tr("{file} (rapat {meetings})").format(file=r.file, meetings=", ".join(r.meetings))
              if r.meetings else r.file,
              i18n.long_date(r.day) if r.day else self.tr("sesuai tanggal di laporan"),
              variant_text(r.variant),
              f"{i18n.long_date(utc_to_local(r.imported_at, zone).date())} "
              f"{i18n.clock_text(r.imported_at, zone)}", r.operator, str(r.rows))
             for r in self.data.reports],
            [r.id for r in self.data.reports],
        )  # fmt: skip
        self.view.remove_report.setEnabled(self._current_report() is not None)

    def _current_report(self) -> ReportRow | None:
        if self.data is None:
            return None
        index = self.view.reports.currentIndex()
        if not index.isValid() or index.row() >= len(self.data.reports):
            return None
        return self.data.reports[index.row()]

    # ---------------------------------------------------------------- removing a report

    def ask_remove_report(self) -> ReasonDialog | None:
        """The removal is recorded with a reason, like a revocation: the dialog asks for it."""
        report = self._current_report()
        if report is None or self.removal_dialog is not None:
            return None
        dialog = ReasonDialog(
            self.view, title=self.tr("Hapus laporan kehadiran daring"),
            prompt=self.tr("Hapus \u201c{file}\u201d ({rows} baris)? Menit peserta dihitung ulang tanpa "
                           "laporan ini. Tulis alasannya untuk catatan audit:").format(
                file=report.file, rows=report.rows),
            action=self.tr("Hapus laporan"),
        )  # fmt: skip
        dialog.accepted.connect(lambda: self.remove_report(report.id, dialog.text()))
        dialog.finished.connect(lambda _code: setattr(self, "removal_dialog", None))
        self.removal_dialog = dialog
        dialog.open()
        return dialog

    def remove_report(self, report_id: str, reason: str) -> None:
        db, operator = self._db, self._context.operator_name

        def work(_ctx: TaskContext) -> OnlineSummary:
            return service.remove_report(db, report_id=report_id, operator=operator, reason=reason)

        def done(summary: OnlineSummary) -> None:
            self.view.busy.show_message(self.tr("Laporan dihapus; menit dihitung ulang."))
            self.stale = True
            self.reload()
            self.changed.emit()
            self.report_removed.emit(summary)

        self._start(self.tr("Menghapus laporan…"), work, done, writes=True)

    def _render_mail(self) -> None:
        if self.data is None:
            return
        states = {"pending": self.tr("menunggu"), "sent": self.tr("terkirim"),
                  "failed": self.tr("gagal")}  # fmt: skip
        rows, keys, colours = [], [], []
        for m in self.data.mail:
            sent = ""
            if m.sent_at is not None and self.current_event is not None:
                sent = i18n.clock_text(m.sent_at, self.current_event.timezone)
                sent = f"{i18n.long_date(m.sent_at.date())} {sent}"
            rows.append((m.number, m.to, states.get(m.state, m.state), str(m.attempts), sent,
                         m.error))  # fmt: skip
            keys.append(m.number)
            colours.append(style.ERROR_TEXT if m.state == "failed" else
                           style.OK_TEXT if m.state == "sent" else None)  # fmt: skip
        self.view.mail_model.set_rows(rows, keys, colours, [m.error for m in self.data.mail])
        counts = {state: sum(1 for m in self.data.mail if m.state == state) for state in states}
        self.view.mail_counts.setText(self.tr("{sent} terkirim · {failed} gagal · {pending} menunggu")
                                      .format(**counts))  # fmt: skip
        self.view.smtp_state.setText(
            self.tr("Server: {host}").format(host=self.data.smtp_host) if self.data.smtp_host
            else self.tr("Server email belum diatur (admin)."))  # fmt: skip

    def _current_person(self) -> OnlinePersonRow | None:
        if self.data is None:
            return None
        index = self.view.people.currentIndex()
        key = self.view.people_model.key(index.row()) if index.isValid() else None
        return next((p for p in self.data.overview.people if p.key == key), None)

    def _show_person(self) -> None:
        person = self._current_person()
        view = self.view
        view.candidates.clear()
        if person is None:
            view.person.setText(self.tr("Pilih orang di daftar."))
            view.person_detail.setText("")
            view.set_resolvable(False, False)
            return
        view.person.setText(person.name)
        details = [
            match_text(person.match),
            self.tr("{minutes} menit").format(minutes=person.minutes),
        ]
        if person.counted_minutes is not None:  # one person on several accounts (issue 13 item 14)
            details.append(self.tr("dihitung {minutes} menit bersama akun lain peserta ini").format(
                minutes=person.counted_minutes))  # fmt: skip
        if person.email:
            details.append(person.email)
        if person.nip:
            details.append(self.tr("NIP {nip}").format(nip=format_nip(person.nip)))
        if person.guest:
            details.append(self.tr("tamu (tanpa akun)"))
        if person.participant_name:
            details.append(self.tr("→ {name}").format(name=person.participant_name))
        view.person_detail.setText(" · ".join(details))
        self._fill_candidates(person.candidates)
        view.search.blockSignals(True)
        view.search.clear()
        view.search.blockSignals(False)
        view.set_resolvable(True, False)
        self._update_buttons()

    def _fill_candidates(self, candidates: tuple[Candidate, ...] | list[Candidate]) -> None:
        widget = self.view.candidates
        widget.clear()
        for c in candidates:
            # No-break spaces: the list wraps in the narrow panel, but never inside a NIP.
            number = f" · {format_nip(c.nip).replace(' ', chr(0xA0))}" if c.nip else ""
            item = QListWidgetItem(
                f"{c.name}{number}\n{c.instansi}" if c.instansi else f"{c.name}{number}"
            )
            item.setData(Qt.ItemDataRole.UserRole, c.participant_id)
            widget.addItem(item)
        if widget.count():
            widget.setCurrentRow(0)

    def _update_buttons(self) -> None:
        person = self._current_person()
        self.view.set_resolvable(person is not None,
                                 self.view.candidates.currentItem() is not None)  # fmt: skip

    def _search_changed(self, query: str) -> None:
        event = self.current_event
        person = self._current_person()
        if event is None or person is None:
            return
        if not query.strip():
            self._fill_candidates(person.candidates)
            self._update_buttons()
            return
        self._search.request((event.id, query))

    def _search_work(self, request: tuple[str, str]) -> Callable[[TaskContext], list[Candidate]]:
        db = self._db
        event_id, query = request

        def work(_ctx: TaskContext) -> list[Candidate]:
            return service.search_registrations(db, event_id=event_id, query=query)

        return work

    def _show_search(self, request: tuple[str, str], found: list[Candidate]) -> None:
        if request[1] != self.view.search.text():
            return
        self._fill_candidates(found)
        self._update_buttons()

    # ---------------------------------------------------------------- decisions

    def link_selected(self) -> None:
        item = self.view.candidates.currentItem()
        if item is not None:
            self.resolve(participant_id=str(item.data(Qt.ItemDataRole.UserRole)))

    def resolve(self, *, participant_id: str | None = None, register_new: bool = False,
                ignore: bool = False) -> None:  # fmt: skip
        person, event = self._current_person(), self.current_event
        if person is None or event is None:
            return
        db, operator = self._db, self._context.operator_name

        def work(_ctx: TaskContext) -> str:
            return service.resolve(db, event_id=event.id, person_key=person.key, operator=operator,
                                   participant_id=participant_id, register_new=register_new,
                                   ignore=ignore).match  # fmt: skip

        def done(match: str) -> None:
            self.view.busy.show_message(self.tr("{name}: {match}.").format(
                name=person.name, match=match_text(match)))  # fmt: skip
            self.stale = True
            self.reload()
            self.resolved.emit(match)
            self.changed.emit()

        self._start(self.tr("Menyimpan keputusan…"), work, done, writes=True)

    # ---------------------------------------------------------------- jobs

    def _start(self, label: str, work: Callable[[TaskContext], Any], done: Callable[[Any], None],
               *, cancellable: bool = False, writes: bool = False) -> None:  # fmt: skip
        if self.task is not None:
            return
        busy = self.view.busy

        def finished(value: Any) -> None:
            self.task = None
            busy.set_busy("")
            done(value)

        def failed(error: Exception) -> None:
            self.task = None
            busy.set_busy("")
            busy.show_message(i18n.error_text(error), error=True)

        def cancelled() -> None:
            self.task = None
            busy.set_busy("")
            busy.show_message(self.tr("Dihentikan."))

        busy.set_busy(label, cancellable=cancellable)
        runner = self._workers.writes if writes else self._workers.long
        self.task = runner.submit(work, on_success=finished, on_failure=failed,
                                  on_cancel=cancelled,
                                  on_progress=lambda d, t, _l: busy.set_progress(d, t),
                                  name="online-job")  # fmt: skip

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    # ---------------------------------------------------------------- import

    def open_import(self, path: Path | None = None) -> OnlineImportController | None:
        if self.current_event is None:
            self.view.busy.show_message(self.tr("Buka acara terlebih dahulu."), error=True)
            return None
        dialog = OnlineImportDialog(self.view)
        importer = OnlineImportController(dialog, db=self._db, workers=self._workers,
                                          context=self._context, event=self.current_event)  # fmt: skip
        importer.imported.connect(self._imported)
        dialog.finished.connect(lambda _code: self._import_closed(importer))
        self.importer = importer
        dialog.open()
        self.import_dialog_opened.emit(importer)
        if path is not None:
            importer.load(path)
        return importer

    def _imported(self, _summary: OnlineSummary) -> None:
        self.stale = True
        self.reload()
        self.changed.emit()

    def _import_closed(self, importer: OnlineImportController) -> None:
        if self.importer is importer:
            self.importer = None

    # ---------------------------------------------------------------- delivery

    def choose_export(self, *, zip_file: bool) -> None:
        if self.current_event is None:
            return
        base = (
            documents_folder() / f"sertifikat-daring-{self.current_event.days[0].date.isoformat()}"
        )
        if zip_file:
            path, _f = QFileDialog.getSaveFileName(self.view, self.tr("Ekspor sertifikat ke ZIP"),
                                                   f"{base}.zip", self.tr("ZIP (*.zip)"))  # fmt: skip
            if path:
                self.export(Path(path if path.lower().endswith(".zip") else f"{path}.zip"))
        else:
            path = QFileDialog.getExistingDirectory(self.view,
                                                    self.tr("Ekspor sertifikat ke folder"),
                                                    str(documents_folder()))  # fmt: skip
            if path:
                self.export(Path(path))

    def export(self, out: Path) -> None:
        event = self.current_event
        if event is None:
            return
        db, operator = self._db, self._context.operator_name
        online_only = self.view.online_only.isChecked()

        def work(ctx: TaskContext) -> Any:
            return service.export_certificates(db, event_id=event.id, out=out, operator=operator,
                                               online_only=online_only,
                                               progress=lambda d, t: ctx.progress(d, t))  # fmt: skip

        def done(result: Any) -> None:
            text = self.tr("{files} sertifikat diekspor ke {out}.").format(files=result.files,
                                                                          out=str(result.out))  # fmt: skip
            if result.without_email:
                text += " " + self.tr("{count} tanpa alamat email.").format(
                    count=result.without_email
                )
            self.view.busy.show_message(text)
            self.exported.emit(str(result.out))
            self.changed.emit()

        self._start(self.tr("Mengekspor sertifikat…"), work, done, cancellable=True)

    def open_smtp(self) -> SmtpDialog | None:
        if not self._context.is_admin:
            self.view.busy.show_message(self.tr("Hanya admin yang dapat mengatur server email."),
                                        error=True)  # fmt: skip
            return None
        dialog = SmtpDialog(self.view)
        self.smtp_dialog = dialog
        db = self._db

        def fill(current: SmtpSettings | None) -> None:
            if current is None:
                return
            dialog.host.setText(current.host)
            dialog.port.setValue(current.port)
            dialog.security.setCurrentIndex(max(0, dialog.security.findData(current.security)))
            dialog.username.setText(current.username)
            dialog.from_address.setText(current.sender)
            dialog.from_name.setText(current.sender_name)
            dialog.setProperty("has_password", bool(current.password))

        self._workers.background.submit(lambda _ctx: service.smtp_settings(db), on_success=fill,
                                        name="smtp-settings")  # fmt: skip
        dialog.save_requested.connect(lambda: self._save_smtp(dialog))
        dialog.finished.connect(lambda _code: setattr(self, "smtp_dialog", None))
        dialog.open()
        return dialog

    def _save_smtp(self, dialog: SmtpDialog) -> None:
        db, operator = self._db, self._context.operator_name
        typed = dialog.password.text()
        # Read on the UI thread; the worker gets plain values.
        entered = SmtpSettings(
            host=dialog.host.text().strip(), port=dialog.port.value(),
            security=str(dialog.security.currentData()), username=dialog.username.text().strip(),
            password=typed, sender=dialog.from_address.text().strip(),
            sender_name=dialog.from_name.text().strip() or "Kanwil Kementerian Hak Asasi Manusia",
        )  # fmt: skip

        def work(_ctx: TaskContext) -> None:
            # An empty password field keeps the stored one (it is never shown back).
            previous = service.smtp_settings(db)
            password = typed or (previous.password if previous else "")
            service.save_smtp_settings(db, settings=replace(entered, password=password),
                                       operator=operator)  # fmt: skip

        def saved(_none: None) -> None:
            dialog.accept()
            self.view.busy.show_message(self.tr("Server email disimpan."))
            self.stale = True
            self.reload()
            self.smtp_saved.emit()

        def failed(error: Exception) -> None:
            dialog.save.setEnabled(True)
            dialog.show_error(i18n.error_text(error))

        dialog.save.setEnabled(False)
        self._workers.writes.submit(work, on_success=saved, on_failure=failed, name="smtp-save")

    def send(self) -> None:
        event = self.current_event
        if event is None:
            return
        db, operator = self._db, self._context.operator_name

        def work(_ctx: TaskContext) -> Any:
            return service.send(db, event_id=event.id, operator=operator)

        def done(value: Any) -> None:
            queued, report = value
            text = self.tr("{queued} baru diantrekan; {sent} terkirim, {failed} gagal, "
                           "{pending} menunggu.").format(queued=queued, sent=report.sent,
                                                        failed=report.failed,
                                                        pending=report.pending)  # fmt: skip
            self.view.busy.show_message(text, error=bool(report.failures))
            self.stale = True
            self.reload()
            self.sent.emit(report)

        self._start(self.tr("Mengirim email…"), work, done)

    def resend_selected(self) -> None:
        numbers = [self.view.mail_model.key(r) for r in selected_rows(self.view.mail)]
        if not numbers:
            self.view.busy.show_message(self.tr("Pilih email yang akan dikirim ulang."), error=True)
            return
        self.resend(numbers=numbers)

    def resend(self, *, numbers: list[str] | None = None, failed: bool = False) -> None:
        """Queue again, then send (resending is an explicit request, never automatic)."""
        event = self.current_event
        if event is None:
            return
        db, operator = self._db, self._context.operator_name
        chosen = list(numbers or [])

        def work(_ctx: TaskContext) -> Any:
            service.resend(db, event_id=event.id, operator=operator, numbers=chosen, failed=failed)
            return service.send(db, event_id=event.id, operator=operator)

        def done(value: Any) -> None:
            _queued, report = value
            self.view.busy.show_message(self.tr("{sent} terkirim, {failed} gagal, {pending} menunggu.")
                                        .format(sent=report.sent, failed=report.failed,
                                                pending=report.pending),
                                        error=bool(report.failures))  # fmt: skip
            self.stale = True
            self.reload()
            self.sent.emit(report)

        self._start(self.tr("Mengirim ulang…"), work, done)


class OnlineImportController(QObject):
    """The import dialog: preview off the UI thread, the rule, the import, the results."""

    previewed = Signal(object)  # ReportPreview
    imported = Signal(object)  # OnlineSummary

    def __init__(self, dialog: OnlineImportDialog, *, db: Database, workers: Workers,
                 context: DeskContext, event: EventInfo) -> None:  # fmt: skip
        super().__init__(dialog)
        self.dialog = dialog
        self._db, self._workers, self._context, self._event = db, workers, context, event
        self.preview: ReportPreview | None = None
        self.summary: OnlineSummary | None = None
        self.task: Task[Any] | None = None
        self.path: Path | None = None  # the file chosen, also while its preview is refused
        dialog.heading.setText(self.tr("Kehadiran daring untuk \u201c{event}\u201d").format(
            event=event.title))  # fmt: skip
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
            self.dialog, self.tr("Pilih laporan kehadiran"), str(Path.home()),
            self.tr("Laporan (*.csv *.txt *.xlsx);;Semua berkas (*)"))  # fmt: skip
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
            return service.preview_report(db, event_id=event_id, path=path, timezone=zone,
                                          date_order=order, meeting_ids=meetings,
                                          meet_date=day)  # fmt: skip

        def failed(error: Exception) -> None:
            self.preview = None
            self.dialog.set_busy(False)
            self.dialog.run.setEnabled(False)
            self.dialog.info.setText("")
            code, params = i18n.error_code(error)
            if code == "online_several_meetings" and not self.dialog.meeting.count():
                # Ask which meeting is the event's; choosing one previews again.
                listed = params.get("meetings")
                self.dialog.offer_meetings([
                    (f"{m['id']} · {m['topic']} · {m['start']}", str(m["id"]))
                    for m in (listed if isinstance(listed, list) else [])
                ])  # fmt: skip
            if code == "online_date_needed" and not self.dialog.meet_day.count():
                listed = str(params.get("days", "") or "")  # "2026-11-24, 2026-11-25"
                days = [date.fromisoformat(d.strip()) for d in listed.split(",") if d.strip()]
                self.dialog.offer_days([(i18n.long_date(d), d) for d in days])
            self.dialog.show_error(i18n.error_text(error))

        self._workers.long.submit(work, on_success=self._show_preview, on_failure=failed,
                                  name="online-preview")  # fmt: skip

    def _show_preview(self, preview: ReportPreview) -> None:
        self.preview = preview
        self.dialog.set_busy(False)
        when = ""
        if preview.first_join is not None and preview.last_leave is not None:
            when = self.tr("; {date}, {start}–{end} {zone}").format(
                date=i18n.long_date(preview.first_join.date()),
                start=i18n.clock_text(preview.first_join, preview.timezone),
                end=i18n.clock_text(preview.last_leave, preview.timezone),
                zone=i18n.zone_text(preview.timezone))  # fmt: skip
        text = self.tr("{variant}: {rows} baris, {names} nama{when}.").format(
            variant=variant_text(preview.variant), rows=preview.rows, names=preview.names,
            when=when)  # fmt: skip
        if preview.topic:
            text += " " + self.tr("Rapat: {topic}.").format(topic=preview.topic)
        if preview.date_order in ("dmy", "mdy"):
            text += " " + (self.tr("Tanggal dibaca hari/bulan/tahun.") if preview.date_order == "dmy"
                           else self.tr("Tanggal dibaca bulan/hari/tahun."))  # fmt: skip
        if preview.waiting_room:
            text += " " + self.tr("{count} baris ruang tunggu tidak dihitung.").format(
                count=preview.waiting_room)  # fmt: skip
        unread = preview.skipped - preview.waiting_room
        if unread:
            text += " " + self.tr("{count} baris tidak terbaca.").format(count=unread)
        if preview.for_decision:
            text += " " + self.tr("{count} host atau peserta telepon perlu diputuskan.").format(
                count=preview.for_decision)  # fmt: skip
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
            return service.run_import(db, event_id=event_id, path=path, operator=operator,
                                      min_minutes=minutes, min_percent=percent, timezone=zone,
                                      date_order=order, meeting_ids=meetings, meet_date=day)  # fmt: skip

        def failed(error: Exception) -> None:
            self.task = None
            dialog.set_busy(False)
            dialog.show_error(i18n.error_text(error))

        dialog.set_busy(True)
        dialog.show_error("")
        self.task = self._workers.writes.submit(work, on_success=self._done, on_failure=failed,
                                                name="online-import")  # fmt: skip

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
        text = self.tr("{people} orang · {matched} cocok · {doubtful} ragu-ragu · {unmatched} tidak "
                       "cocok · {eligible} layak sertifikat").format(
            people=locale.toString(summary.people), matched=locale.toString(summary.matched),
            doubtful=locale.toString(summary.doubtful), unmatched=locale.toString(summary.unmatched),
            eligible=locale.toString(summary.eligible))  # fmt: skip
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
            line = (self.tr("host: {name}") if person["role"] == "host"
                    else self.tr("peserta telepon: {name}"))  # fmt: skip
            dialog.names.addItem(line.format(name=person["name"]))
        dialog.names.setVisible(dialog.names.count() > 0)
        if dialog.names.count():
            dialog.names.insertItem(0, self.tr("Putuskan di layar Daring:"))
        warnings = [i18n.code_text(str(w["code"]), {}) or str(w["message"]) for w in summary.warnings]
        if warnings:
            dialog.outcome.setText(dialog.outcome.text() + "\n" + "\n".join(warnings))
        dialog.close_button.setFocus()
        self.imported.emit(summary)
