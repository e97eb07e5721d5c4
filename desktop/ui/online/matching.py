"""The Daring screen's matching: the people seen online and the decisions waiting for the operator
(link, register, ignore), the reports imported and their removal, and the import dialog's opening;
thin over desktop/services/online.py. Delivery (export, e-mail) is desktop/ui/online/delivery.py.

Its sentences keep the translation context "OnlineController" they had before the screen's
controller was split, so the English in resources/i18n stays found."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QListWidgetItem

from desktop.core.clock import utc_to_local
from desktop.core.db import Database
from desktop.core.identity import format_nip
from desktop.core.online import OnlineSummary
from desktop.services import online as service
from desktop.services.events import EventInfo
from desktop.services.online import Candidate, OnlineOverview, OnlinePersonRow, ReportRow
from desktop.ui import i18n, style
from desktop.ui.certificates.view import ReasonDialog
from desktop.ui.context import DeskContext
from desktop.ui.i18n import translate
from desktop.ui.online.importer import OnlineImportController
from desktop.ui.online.jobs import ScreenJobs
from desktop.ui.online.texts import match_text, role_text, variant_text
from desktop.ui.online.view import OnlineImportDialog, OnlineView
from desktop.ui.reloading import Reloading
from desktop.ui.worker import LatestOnly, TaskContext, Workers


@dataclass(frozen=True, slots=True)
class Loaded:
    overview: OnlineOverview
    reports: list[ReportRow] = field(default_factory=list)


class MatchingController(QObject):
    loaded = Signal()
    resolved = Signal(str)  # the match after the decision
    changed = Signal()  # minutes, matches or registrations changed: other views reload
    import_dialog_opened = Signal(object)  # OnlineImportController
    report_removed = Signal(object)  # OnlineSummary, without the report

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
        self.jobs = jobs  # shared with the delivery controller: one job at a time on the screen
        self.current_event: EventInfo | None = None
        self.data: Loaded | None = None
        self._reads = Reloading()
        self.importer: OnlineImportController | None = None
        self.removal_dialog: ReasonDialog | None = None
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
        view.remove_report_requested.connect(self.ask_remove_report)
        view.set_resolvable(False, False)

    # ---------------------------------------------------------------- loading

    def set_event(self, event: EventInfo) -> None:
        self.current_event = event
        self.data = None
        self._reads.stale = True
        self.view.heading.setText(event.title)
        if self.view.isVisible():
            self.reload()

    def mark_stale(self) -> None:
        self._reads.stale = True

    def _on_shown(self) -> None:
        if self._reads.stale:
            self.reload()

    def reload(self) -> None:
        event = self.current_event
        if event is None or not self._reads.begin():
            return
        db = self._db

        def work(_ctx: TaskContext) -> Loaded:
            return Loaded(
                service.load_overview(db, event_id=event.id),
                service.list_reports(db, event_id=event.id),
            )

        def failed(error: Exception) -> None:
            self._reads.failed()
            self.view.busy.show_message(i18n.error_text(error), error=True)

        self._workers.background.submit(
            work, on_success=self._loaded, on_failure=failed, name="online"
        )

    def _loaded(self, data: Loaded) -> None:
        if self._reads.done():
            self.reload()
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
                translate("OnlineController", "Belum ada laporan kehadiran daring untuk acara ini.")
            )
            self.view.people_model.set_rows([], [])
            self.view.reports_model.set_rows([], [])
            return
        o, s = data.overview, data.overview.summary
        if o.reports == 0:
            summary = translate(
                "OnlineController",
                "Belum ada laporan kehadiran daring. Impor laporan peserta Zoom atau "
                "Google Meet setelah acara.",
            )
        else:
            summary = translate(
                "OnlineController",
                "{reports} laporan · {people} orang daring · {matched} cocok · {doubtful} ragu-ragu"
                " · {unmatched} tidak cocok · {eligible} layak sertifikat",
            ).format(
                reports=o.reports,
                people=s.people,
                matched=s.matched,
                doubtful=s.doubtful,
                unmatched=s.unmatched,
                eligible=s.eligible,
            )
        if o.required_minutes is not None:
            summary += "  " + translate(
                "OnlineController", "(syarat: {minutes} dari {total} menit)"
            ).format(minutes=o.required_minutes, total=o.event_minutes)
        self.view.summary.setText(summary)
        rows, keys, colours = [], [], []
        for p in o.people:
            rows.append(
                (
                    p.name,
                    role_text(p.role),
                    p.email,
                    str(p.minutes),
                    match_text(p.match),
                    p.participant_name,
                )
            )
            keys.append(p.key)
            colours.append(
                style.WARN_TEXT
                if p.needs_decision
                else style.MUTED_TEXT
                if p.match == "ignored"
                else None
            )
        self.view.people_model.set_rows(rows, keys, colours)
        self._render_reports()

    def _render_reports(self) -> None:
        if self.data is None:
            return
        zone = self.current_event.timezone if self.current_event else "UTC"
        self.view.reports_model.set_rows(
            [
                (
                    translate("OnlineController", "{file} (rapat {meetings})").format(
                        file=r.file, meetings=", ".join(r.meetings)
                    )
                    if r.meetings
                    else r.file,
                    i18n.long_date(r.day)
                    if r.day
                    else translate("OnlineController", "sesuai tanggal di laporan"),
                    variant_text(r.variant),
                    f"{i18n.long_date(utc_to_local(r.imported_at, zone).date())} "
                    f"{i18n.clock_text(r.imported_at, zone)}",
                    r.operator,
                    str(r.rows),
                )
                for r in self.data.reports
            ],
            [r.id for r in self.data.reports],
        )
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
            self.view,
            title=translate("OnlineController", "Hapus laporan kehadiran daring"),
            prompt=translate(
                "OnlineController",
                "Hapus \u201c{file}\u201d ({rows} baris)? Menit peserta dihitung ulang tanpa "
                "laporan ini. Tulis alasannya untuk catatan audit:",
            ).format(file=report.file, rows=report.rows),
            action=translate("OnlineController", "Hapus laporan"),
        )
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
            self.view.busy.show_message(
                translate("OnlineController", "Laporan dihapus; menit dihitung ulang.")
            )
            self._reads.stale = True
            self.reload()
            self.changed.emit()
            self.report_removed.emit(summary)

        self.jobs.start(
            translate("OnlineController", "Menghapus laporan…"), work, done, writes=True
        )

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
            view.person.setText(translate("OnlineController", "Pilih orang di daftar."))
            view.person_detail.setText("")
            view.set_resolvable(False, False)
            return
        view.person.setText(person.name)
        details = [
            match_text(person.match),
            translate("OnlineController", "{minutes} menit").format(minutes=person.minutes),
        ]
        if person.counted_minutes is not None:  # one person on several accounts (issue 13 item 14)
            details.append(
                translate(
                    "OnlineController", "dihitung {minutes} menit bersama akun lain peserta ini"
                ).format(minutes=person.counted_minutes)
            )
        if person.email:
            details.append(person.email)
        if person.nip:
            details.append(
                translate("OnlineController", "NIP {nip}").format(nip=format_nip(person.nip))
            )
        if person.guest:
            details.append(translate("OnlineController", "tamu (tanpa akun)"))
        if person.participant_name:
            details.append(
                translate("OnlineController", "→ {name}").format(name=person.participant_name)
            )
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
        self.view.set_resolvable(person is not None, self.view.candidates.currentItem() is not None)

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

    def resolve(
        self, *, participant_id: str | None = None, register_new: bool = False, ignore: bool = False
    ) -> None:
        person, event = self._current_person(), self.current_event
        if person is None or event is None:
            return
        db, operator = self._db, self._context.operator_name

        def work(_ctx: TaskContext) -> str:
            return service.resolve(
                db,
                event_id=event.id,
                person_key=person.key,
                operator=operator,
                participant_id=participant_id,
                register_new=register_new,
                ignore=ignore,
            ).match

        def done(match: str) -> None:
            self.view.busy.show_message(
                translate("OnlineController", "{name}: {match}.").format(
                    name=person.name, match=match_text(match)
                )
            )
            self._reads.stale = True
            self.reload()
            self.resolved.emit(match)
            self.changed.emit()

        self.jobs.start(
            translate("OnlineController", "Menyimpan keputusan…"), work, done, writes=True
        )

    def cancel(self) -> None:
        self.jobs.cancel()

    # ---------------------------------------------------------------- import

    def open_import(self, path: Path | None = None) -> OnlineImportController | None:
        if self.current_event is None:
            self.view.busy.show_message(
                translate("OnlineController", "Buka acara terlebih dahulu."), error=True
            )
            return None
        dialog = OnlineImportDialog(self.view)
        importer = OnlineImportController(
            dialog,
            db=self._db,
            workers=self._workers,
            context=self._context,
            event=self.current_event,
        )
        importer.imported.connect(self._imported)
        dialog.finished.connect(lambda _code: self._import_closed(importer))
        self.importer = importer
        dialog.open()
        self.import_dialog_opened.emit(importer)
        if path is not None:
            importer.load(path)
        return importer

    def _imported(self, _summary: OnlineSummary) -> None:
        self._reads.stale = True
        self.reload()
        self.changed.emit()

    def _import_closed(self, importer: OnlineImportController) -> None:
        if self.importer is importer:
            self.importer = None
