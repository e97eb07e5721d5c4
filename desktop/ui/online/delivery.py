"""The Daring screen's delivery: certificates exported to a folder or a zip (one PDF per person and
a mail-merge list), the SMTP settings (admin only), sending with the server's reasons for failures,
and resending, each for the people the clerk chose (online only, in person only, or all: issue 18
item 4); thin over desktop/services/online.py. Matching is desktop/ui/online/matching.py.

Its sentences keep the translation context "OnlineController" they had before the screen's
controller was split, so the English in resources/i18n stays found."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog

from desktop.core.db import Database
from desktop.core.delivery import ChoiceCount, SmtpSettings
from desktop.services import online as service
from desktop.services.events import EventInfo
from desktop.services.online import MailRow
from desktop.ui import i18n, style
from desktop.ui.certificates.controller import documents_folder
from desktop.ui.certificates.view import selected_rows
from desktop.ui.context import DeskContext
from desktop.ui.i18n import translate
from desktop.ui.online.jobs import ScreenJobs
from desktop.ui.online.view import OnlineView, SmtpDialog
from desktop.ui.reloading import Reloading
from desktop.ui.worker import TaskContext, Workers


@dataclass(frozen=True, slots=True)
class MailLoaded:
    event_id: str
    mail: list[MailRow] = field(default_factory=list)
    smtp_host: str = ""
    counts: dict[str, ChoiceCount] = field(default_factory=dict)  # by choice of people


class DeliveryController(QObject):
    loaded = Signal()
    changed = Signal()  # certificates were issued by an export: other views reload
    exported = Signal(str)
    sent = Signal(object)  # SendReport
    smtp_saved = Signal()

    def __init__(
        self,
        view: OnlineView,
        *,
        db: Database,
        workers: Workers,
        context: DeskContext,
        jobs: ScreenJobs,
    ) -> None:
        super().__init__(view)
        self.view = view
        self._db, self._workers, self._context = db, workers, context
        self.jobs = jobs  # shared with the matching controller: one job at a time on the screen
        self.current_event: EventInfo | None = None
        self.data: MailLoaded | None = None
        self._reads = Reloading()
        self.smtp_dialog: SmtpDialog | None = None
        view.shown.connect(self._on_shown)
        view.retranslated.connect(self._render_mail)
        view.who.currentIndexChanged.connect(lambda _index: self._render_counts())
        # The counts follow check-ins, overrides and imports made elsewhere: read again whenever
        # the delivery tab comes into view (in the background; the table keeps its rows).
        view.tabs.currentChanged.connect(self._on_tab)
        view.export_zip_requested.connect(lambda: self.choose_export(zip_file=True))
        view.export_folder_requested.connect(lambda: self.choose_export(zip_file=False))
        view.smtp_requested.connect(self.open_smtp)
        view.send_requested.connect(self.send)
        view.resend_requested.connect(self.resend_selected)
        view.resend_failed_requested.connect(lambda: self.resend(failed=True))

    # ---------------------------------------------------------------- loading

    def set_event(self, event: EventInfo) -> None:
        self.current_event = event
        self.data = None
        self._reads.stale = True
        if self.view.isVisible():
            self.reload()

    def mark_stale(self) -> None:
        self._reads.stale = True

    def _on_shown(self) -> None:
        if self._reads.stale or self.view.tabs.currentWidget() is self.view.delivery:
            self.reload()

    def _on_tab(self, _index: int) -> None:
        if self.view.isVisible() and self.view.tabs.currentWidget() is self.view.delivery:
            self.reload()

    def reload(self) -> None:
        event = self.current_event
        # A reload asked while one runs (the SMTP settings just saved) reads again when it ends.
        if event is None or not self._reads.begin():
            return
        db = self._db

        def work(_ctx: TaskContext) -> MailLoaded:
            settings = service.smtp_settings(db)
            return MailLoaded(
                event.id,
                service.mail_rows(db, event_id=event.id),
                settings.host if settings else "",
                service.choice_counts(db, event_id=event.id),
            )

        def failed(error: Exception) -> None:
            self._reads.failed()
            self.view.busy.show_message(i18n.error_text(error), error=True)

        self._workers.background.submit(
            work, on_success=self._loaded, on_failure=failed, name="online-mail"
        )

    def _loaded(self, data: MailLoaded) -> None:
        if self._reads.done():
            self.reload()
        if self.current_event is None or data.event_id != self.current_event.id:
            return
        self.data = data
        self._render_mail()
        self.loaded.emit()

    # ---------------------------------------------------------------- rendering

    def _render_counts(self) -> None:
        """How many the chosen people are, beside the export buttons: the clerk sees whom the
        buttons are for before pressing one."""
        count = self.data.counts.get(self.who()) if self.data is not None else None
        self.view.who_count.setText(
            translate(
                "OnlineController", "{eligible} peserta layak sertifikat, {with_email} beremail."
            ).format(eligible=count.eligible, with_email=count.with_email)
            if count is not None
            else ""
        )

    def _render_mail(self) -> None:
        self._render_counts()
        if self.data is None:
            self.view.mail_model.set_rows([], [])
            return
        states = {
            "pending": translate("OnlineController", "menunggu"),
            "sent": translate("OnlineController", "terkirim"),
            "failed": translate("OnlineController", "gagal"),
        }
        rows, keys, colours = [], [], []
        for m in self.data.mail:
            sent = ""
            if m.sent_at is not None and self.current_event is not None:
                sent = i18n.clock_text(m.sent_at, self.current_event.timezone)
                sent = f"{i18n.long_date(m.sent_at.date())} {sent}"
            rows.append(
                (m.number, m.to, states.get(m.state, m.state), str(m.attempts), sent, m.error)
            )
            keys.append(m.number)
            colours.append(
                style.ERROR_TEXT
                if m.state == "failed"
                else style.OK_TEXT
                if m.state == "sent"
                else None
            )
        self.view.mail_model.set_rows(rows, keys, colours, [m.error for m in self.data.mail])
        counts = {state: sum(1 for m in self.data.mail if m.state == state) for state in states}
        self.view.mail_counts.setText(
            translate(
                "OnlineController", "{sent} terkirim · {failed} gagal · {pending} menunggu"
            ).format(**counts)
        )
        self.view.smtp_state.setText(
            translate("OnlineController", "Server: {host}").format(host=self.data.smtp_host)
            if self.data.smtp_host
            else translate("OnlineController", "Server email belum diatur (admin).")
        )

    # ---------------------------------------------------------------- export

    def who(self) -> str:
        """The clerk's choice of people (online / in-person / all), read on the UI thread."""
        return str(self.view.who.currentData() or "online")

    def choose_export(self, *, zip_file: bool) -> None:
        if self.current_event is None:
            return
        # The file says whose certificates it holds: daring, luring, or (all) none.
        kind = {"online": "-daring", "in-person": "-luring"}.get(self.who(), "")
        base = documents_folder() / (
            f"sertifikat{kind}-{self.current_event.days[0].date.isoformat()}"
        )
        if zip_file:
            path, _f = QFileDialog.getSaveFileName(
                self.view,
                translate("OnlineController", "Ekspor sertifikat ke ZIP"),
                f"{base}.zip",
                translate("OnlineController", "ZIP (*.zip)"),
            )
            if path:
                self.export(Path(path if path.lower().endswith(".zip") else f"{path}.zip"))
        else:
            path = QFileDialog.getExistingDirectory(
                self.view,
                translate("OnlineController", "Ekspor sertifikat ke folder"),
                str(documents_folder()),
            )
            if path:
                self.export(Path(path))

    def export(self, out: Path) -> None:
        event = self.current_event
        if event is None:
            return
        db, operator = self._db, self._context.operator_name
        who = self.who()

        def work(ctx: TaskContext) -> Any:
            return service.export_certificates(
                db,
                event_id=event.id,
                out=out,
                operator=operator,
                who=who,
                progress=lambda d, t: ctx.progress(d, t),
            )

        def done(result: Any) -> None:
            text = translate("OnlineController", "{files} sertifikat diekspor ke {out}.").format(
                files=result.files, out=str(result.out)
            )
            if result.without_email:
                text += " " + translate("OnlineController", "{count} tanpa alamat email.").format(
                    count=result.without_email
                )
            self.view.busy.show_message(text)
            self.exported.emit(str(result.out))
            self.changed.emit()

        self.jobs.start(
            translate("OnlineController", "Mengekspor sertifikat…"), work, done, cancellable=True
        )

    def open_smtp(self) -> SmtpDialog | None:
        if not self._context.is_admin:
            self.view.busy.show_message(
                translate("OnlineController", "Hanya admin yang dapat mengatur server email."),
                error=True,
            )
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

        self._workers.background.submit(
            lambda _ctx: service.smtp_settings(db), on_success=fill, name="smtp-settings"
        )
        dialog.save_requested.connect(lambda: self._save_smtp(dialog))
        dialog.finished.connect(lambda _code: setattr(self, "smtp_dialog", None))
        dialog.open()
        return dialog

    def _save_smtp(self, dialog: SmtpDialog) -> None:
        db, operator = self._db, self._context.operator_name
        typed = dialog.password.text()
        # Read on the UI thread; the worker gets plain values.
        entered = SmtpSettings(
            host=dialog.host.text().strip(),
            port=dialog.port.value(),
            security=str(dialog.security.currentData()),
            username=dialog.username.text().strip(),
            password=typed,
            sender=dialog.from_address.text().strip(),
            sender_name=dialog.from_name.text().strip() or "Kanwil Kementerian Hak Asasi Manusia",
        )

        def work(_ctx: TaskContext) -> None:
            # An empty password field keeps the stored one (it is never shown back).
            previous = service.smtp_settings(db)
            password = typed or (previous.password if previous else "")
            service.save_smtp_settings(
                db, settings=replace(entered, password=password), operator=operator
            )

        def saved(_none: None) -> None:
            dialog.accept()
            self.view.busy.show_message(translate("OnlineController", "Server email disimpan."))
            self._reads.stale = True
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
        db, operator, who = self._db, self._context.operator_name, self.who()

        def work(_ctx: TaskContext) -> Any:
            return service.send(db, event_id=event.id, operator=operator, who=who)

        def done(value: Any) -> None:
            queued, report = value
            text = translate(
                "OnlineController",
                "{queued} baru diantrekan; {sent} terkirim, {failed} gagal, {pending} menunggu.",
            ).format(queued=queued, sent=report.sent, failed=report.failed, pending=report.pending)
            self.view.busy.show_message(text, error=bool(report.failures))
            self._reads.stale = True
            self.reload()
            self.sent.emit(report)

        self.jobs.start(translate("OnlineController", "Mengirim email…"), work, done)

    def resend_selected(self) -> None:
        numbers = [self.view.mail_model.key(r) for r in selected_rows(self.view.mail)]
        if not numbers:
            self.view.busy.show_message(
                translate("OnlineController", "Pilih email yang akan dikirim ulang."), error=True
            )
            return
        self.resend(numbers=numbers)

    def resend(self, *, numbers: list[str] | None = None, failed: bool = False) -> None:
        """Queue again, then send (resending is an explicit request, never automatic)."""
        event = self.current_event
        if event is None:
            return
        db, operator, who = self._db, self._context.operator_name, self.who()
        chosen = list(numbers or [])

        def work(_ctx: TaskContext) -> Any:
            service.resend(db, event_id=event.id, operator=operator, numbers=chosen, failed=failed)
            return service.send(db, event_id=event.id, operator=operator, who=who)

        def done(value: Any) -> None:
            _queued, report = value
            self.view.busy.show_message(
                translate(
                    "OnlineController", "{sent} terkirim, {failed} gagal, {pending} menunggu."
                ).format(sent=report.sent, failed=report.failed, pending=report.pending),
                error=bool(report.failures),
            )
            self._reads.stale = True
            self.reload()
            self.sent.emit(report)

        self.jobs.start(translate("OnlineController", "Mengirim ulang…"), work, done)
