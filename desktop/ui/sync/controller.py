"""The Sync screen and the status bar's sync state: what the scheduler
(desktop/ui/sync/scheduler.py) learns and how its runs end, as sentences; the operator's actions
(sync now, stop, enrol, retry what HQ set aside, a USB bundle), run on the scheduler's queue."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog

from desktop.core.db import Database
from desktop.core.sync.run import SyncReport
from desktop.core.sync.status import SyncHistoryRow, SyncStatus
from desktop.services import sync as service
from desktop.services.sync import SyncSnapshot
from desktop.ui import i18n, style
from desktop.ui.context import DeskContext
from desktop.ui.statusbar import DeskStatusBar
from desktop.ui.sync.scheduler import SyncScheduler
from desktop.ui.sync.view import SyncView
from desktop.ui.worker import TaskContext


class SyncController(QObject):
    enrolled = Signal(object)  # EnrollResult
    bundle_written = Signal(object)  # dict

    def __init__(
        self,
        view: SyncView,
        status_bar: DeskStatusBar,
        *,
        db: Database,
        scheduler: SyncScheduler,
        context: DeskContext,
    ) -> None:
        super().__init__(view)
        self.view, self.status_bar = view, status_bar
        self._db, self.scheduler, self._context = db, scheduler, context
        scheduler.snapshot_read.connect(lambda _snapshot: self._render())
        scheduler.status_failed.connect(self._status_failed)
        scheduler.started.connect(self._started)
        scheduler.progressed.connect(self._progress)
        scheduler.finished.connect(self._finished)
        scheduler.failed.connect(self._failed)
        scheduler.cancelled.connect(lambda: self.view.set_running(False))
        view.shown.connect(scheduler.refresh)
        view.retranslated.connect(self._render)
        view.sync_requested.connect(lambda: scheduler.sync(force=True))
        view.cancel_requested.connect(scheduler.cancel)
        view.bundle_requested.connect(self.choose_bundle)
        view.retry_requested.connect(self.retry)
        view.enroll_requested.connect(self.enroll)

    @property
    def snapshot(self) -> SyncSnapshot | None:
        return self.scheduler.snapshot

    # ---------------------------------------------------------------- the scheduler's news

    def _status_failed(self, error: Exception) -> None:
        self.status_bar.set_sync_state(
            self.tr("Sinkronisasi: {error}").format(error=i18n.error_text(error))
        )

    def _started(self) -> None:
        self.view.set_running(True)
        if self.scheduler.status is not None:
            self.status_bar.set_sync_state(self.status_text(self.scheduler.status))

    def _finished(self, report: SyncReport) -> None:
        self.view.set_running(False)
        if report.error and report.outcome != "ok":
            # The window's own sentence for the failure's code; HQ's English only for a code
            # this window does not know (a newer HQ).
            text = i18n.code_text(report.error_code, report.error_params)
            self.view.progress_text.setText(text or report.error)

    def _failed(self, error: Exception) -> None:
        self.view.set_running(False)
        self.view.progress_text.setText(i18n.error_text(error))

    # ---------------------------------------------------------------- status

    def _when(self, moment: datetime | None) -> str:
        if moment is None:
            return self.tr("belum pernah")
        zone = self._context.event.timezone if self._context.event else "Asia/Jakarta"
        local = i18n.clock_text(moment, zone)
        return f"{i18n.long_date(moment.date())} {local} {i18n.zone_text(zone)}"

    def status_text(self, status: SyncStatus) -> str | None:
        if not status.enrolled:
            return None  # the status bar's own "not set up"
        parts = []
        if self.scheduler.running:
            parts.append(self.tr("Menyinkronkan…"))
        elif status.online is None:
            parts.append(self.tr("Belum dicoba"))
        else:
            parts.append(self.tr("Daring") if status.online else self.tr("Luring"))
        if status.all_at_hq:
            parts.append(self.tr("semua data di kantor pusat"))
        else:
            parts.append(self.tr("{count} menunggu").format(count=status.pending))
        if status.last_success is not None:
            zone = self._context.event.timezone if self._context.event else "Asia/Jakarta"
            parts.append(
                self.tr("terakhir {time}").format(time=i18n.clock_text(status.last_success, zone))
            )
        if status.problems:
            parts.append(self.tr("⚠ {count} masalah").format(count=len(status.problems)))
        return self.tr("Sinkron: {state}").format(state=" · ".join(parts))

    def _render(self) -> None:
        snapshot = self.snapshot
        if snapshot is None:
            return
        status, view = snapshot.status, self.view
        self.status_bar.set_sync_state(self.status_text(status))
        # "All data is at HQ" only when sync_status says it is true.
        if not status.enrolled:
            headline, colour = (
                self.tr(
                    "Meja ini belum terhubung ke kantor pusat. Semua data tetap tersimpan di sini."
                ),
                style.WARN_TEXT,
            )
        elif status.all_at_hq:
            headline, colour = self.tr("Semua data sudah di kantor pusat."), style.OK_TEXT
        elif status.pending:
            headline, colour = (
                self.tr("{count} data menunggu dikirim ke kantor pusat.").format(
                    count=status.pending
                ),
                style.WARN_TEXT,
            )
        elif status.set_aside:
            headline, colour = (
                self.tr("{count} data disisihkan oleh kantor pusat; lihat alasannya.").format(
                    count=status.set_aside
                ),
                style.ERROR_TEXT,
            )
        else:
            headline, colour = (
                self.tr("Menunggu pemeriksaan akhir dengan kantor pusat."),
                style.MUTED_TEXT,
            )
        view.headline.setText(headline)
        view.headline.setStyleSheet(f"color: {colour};")
        view.server.setText(status.server or self.tr("belum diatur"))
        view.connection.setText(
            self.tr("belum dicoba")
            if status.online is None
            else self.tr("terhubung")
            if status.online
            else self.tr("tidak terhubung")
        )
        view.pending.setText(str(status.pending))
        view.set_aside_count.setText(str(status.set_aside))
        view.last_success.setText(self._when(status.last_success))
        view.last_attempt.setText(self._when(status.last_attempt))
        view.next_attempt.setText(
            "–"
            if not status.enrolled
            else self.tr("sekarang")
            if snapshot.seconds_until_due <= 0
            else self.tr("dalam {minutes} menit").format(
                minutes=max(1, round(snapshot.seconds_until_due / 60))
            )
        )
        view.clock.setVisible(bool(status.clock_warning))
        if status.clock_warning:
            view.clock.setText(
                self.tr(
                    "Jam komputer ini berbeda {seconds} detik dari kantor pusat: "
                    "periksa tanggal dan jam."
                ).format(seconds=round(status.clock_skew_seconds or 0))
            )
        view.problems.setVisible(bool(status.problems))
        view.problems.setText(
            "\n".join(f"• {self._problem(code, params)}" for code, params in status.problem_codes)
        )
        view.enroll_box.setVisible(self._context.is_admin or not status.enrolled)
        view.enroll.setEnabled(self._context.is_admin and not self.scheduler.busy)
        if not view.desk_name.text():
            view.desk_name.setText(self._context.desk.desk_name)
        if status.server and not view.server_url.text():
            view.server_url.setText(status.server)
        view.bundle.setEnabled(status.enrolled)
        view.sync_now.setEnabled(status.enrolled and not self.scheduler.busy)
        outcomes = self._outcomes()
        view.history_model.set_rows(
            [
                (
                    self._when(h.started_at),
                    outcomes.get(h.outcome, h.outcome),
                    str(h.pushed),
                    str(h.set_aside),
                    str(h.pulled),
                    str(h.pending),
                    self._history_message(h),
                )
                for h in snapshot.history
            ],
            [h.started_at for h in snapshot.history],
            [
                style.OK_TEXT
                if h.outcome == "ok"
                else style.ERROR_TEXT
                if h.outcome in ("refused", "offline")
                else None
                for h in snapshot.history
            ],
            [h.message for h in snapshot.history],
        )
        view.aside_model.set_rows(
            [
                (a.kind, a.record_id, i18n.set_aside_text(a.reason), self._when(a.created_at))
                for a in snapshot.set_aside
            ],
            # HQ's own words stay in the tooltip, for whoever the clerk calls for help.
            [a.id for a in snapshot.set_aside],
            None,
            [a.reason for a in snapshot.set_aside],
        )
        view.retry.setEnabled(bool(snapshot.set_aside))
        view.size_columns()

    @staticmethod
    def _history_message(row: SyncHistoryRow) -> str:
        """The run's shortfall in the clerk's language; the core's English stays in the tooltip
        (older rows, or a code this window does not know, show that English)."""
        if row.error_code:
            known = i18n.code_text(row.error_code, row.error_params)
            if known is not None:
                return known
        return row.message

    def _outcomes(self) -> dict[str, str]:
        return {
            "ok": self.tr("berhasil"),
            "incomplete": self.tr("belum tuntas"),
            "offline": self.tr("tidak terhubung"),
            "refused": self.tr("ditolak"),
            "not_enrolled": self.tr("belum terdaftar"),
            "busy": self.tr("sedang berjalan"),
            "cancelled": self.tr("dihentikan"),
        }

    def _progress(self, done: int, total: int, label: str) -> None:
        phase, _sep, message = label.partition(":")
        names = {
            "push": self.tr("Mengirim"),
            "pull": self.tr("Mengambil"),
            "reconcile": self.tr("Mencocokkan"),
        }
        if total > 0:
            self.view.progress.setRange(0, total)
            self.view.progress.setValue(done)
            text = self.tr("{phase}: {done} dari {total}").format(
                phase=names.get(phase, phase), done=done, total=total
            )
        else:
            text = self.tr("{phase}: {done}").format(phase=names.get(phase, phase), done=done)
        self.view.progress_text.setText(f"{text} {message}".strip())

    # ---------------------------------------------------------------- operator actions

    def _job(self, work: Any, done: Any, name: str) -> None:
        def failed(error: Exception) -> None:
            self.view.progress_text.setText(i18n.error_text(error))
            self.view.progress_text.setStyleSheet(f"color: {style.ERROR_TEXT};")

        self.view.progress_text.setStyleSheet("")
        if not self.scheduler.run_job(work, name=name, on_success=done, on_failure=failed):
            self.view.progress_text.setText(self.tr("Tunggu sinkronisasi yang sedang berjalan."))

    def enroll(self) -> None:
        if not self._context.is_admin:
            return
        db, operator = self._db, self._context.operator_name
        url, code = self.view.server_url.text(), self.view.code.text()
        desk_name = self.view.desk_name.text() or self._context.desk.desk_name

        def work(_ctx: TaskContext) -> Any:
            return service.enroll(
                db, server_url=url, code=code, desk_name=desk_name, operator=operator
            )

        def done(result: Any) -> None:
            self.view.code.clear()
            text = self.tr("Terhubung ke {server} sebagai {desk}.").format(
                server=result.server, desk=result.desk_name
            )
            if result.warnings:
                text += " " + " ".join(result.warnings)
            self.view.progress_text.setText(text)
            self.enrolled.emit(result)
            self.scheduler.start()

        self._job(work, done, "sync-enroll")

    def retry(self) -> None:
        rows = sorted({i.row() for i in self.view.aside.selectionModel().selectedRows()})
        ids = [self.view.aside_model.key(r) for r in rows] or None
        db, operator = self._db, self._context.operator_name

        def work(_ctx: TaskContext) -> int:
            return service.retry_set_aside(db, ids=ids, operator=operator)

        def done(count: int) -> None:
            self.view.progress_text.setText(
                self.tr("{count} data akan dikirim ulang.").format(count=count)
            )
            self.scheduler.sync_soon()

        self._job(work, done, "sync-retry")

    def choose_bundle(self) -> None:
        from desktop.ui.certificates.controller import documents_folder

        path, _f = QFileDialog.getSaveFileName(
            self.view,
            self.tr("Simpan paket USB"),
            str(documents_folder() / "hadir-paket.hadir"),
            self.tr("Paket Hadir (*.hadir);;Semua berkas (*)"),
        )
        if path:
            self.export_bundle(Path(path))

    def export_bundle(self, path: Path) -> None:
        db, operator = self._db, self._context.operator_name
        everything = self.view.bundle_all.isChecked()

        def work(_ctx: TaskContext) -> dict[str, Any]:
            return service.export_bundle(
                db, path=path, include_acknowledged=everything, operator=operator
            )

        def done(result: dict[str, Any]) -> None:
            written = self.tr("{items} data ditulis ke {file}.").format(
                items=result["items"], file=result["file"]
            )
            sealed = (
                self.tr("Berkas ini dienkripsi untuk kantor pusat.")
                if result.get("sealed")
                else self.tr(
                    "Berkas ini TIDAK dienkripsi: meja ini belum menerima kunci "
                    "kantor pusat (diterima pada sinkronisasi berikutnya). Simpan "
                    "flashdisk ini dengan aman."
                )
            )
            self.view.progress_text.setText(written + " " + sealed)
            self.bundle_written.emit(result)

        self._job(work, done, "sync-bundle")

    def _problem(self, code: str, params: dict[str, object]) -> str:
        """The core says what is wrong in English with a code; the operator reads it here."""
        sentences = {
            "not_enrolled": self.tr("Meja ini belum terhubung ke kantor pusat."),
            "repeated_failure": self.tr("Pengiriman sudah gagal {attempts} kali: {error}"),
            "set_aside": self.tr("{count} data disisihkan oleh kantor pusat; lihat alasannya."),
            "pulled_waiting": self.tr(
                "{count} perubahan dari kantor pusat menunggu data yang belum diterima."
            ),
            "not_encrypted": self.tr("Sambungan ke kantor pusat tidak terenkripsi (http://)."),
            # Issue 17: this desk's certificate settings lost to another desk's later version.
            "settings_replaced": self.tr(
                "Pengaturan sertifikat acara \u201c{title}\u201d yang diubah di meja ini diganti "
                "dengan versi {by}, yang terakhir diterima kantor pusat."
            ),
            # The same sentence as the clock line above, not HQ's English warning.
            "clock_warning": self.tr(
                "Jam komputer ini berbeda {seconds} detik dari kantor pusat: periksa tanggal "
                "dan jam."
            ),
        }
        if code in sentences:
            return sentences[code].format(**params)
        if code == "last_error" and isinstance(params.get("code"), str):
            coded = params.get("params")
            text = i18n.code_text(str(params["code"]), coded if isinstance(coded, dict) else {})
            if text is not None:
                return text
        # A server's or network's own message (last_error, clock_warning) is shown as it came.
        return str(params.get("error") or params.get("warning") or code)
