"""Wires the Certificates screen: the lists loaded off the UI thread, overrides and revocations with
their reasons, issuing, the preview rendered from the real PDF, printing through the system print
dialog, the batch PDF with progress and cancel, the daftar hadir and the attendance export.

PDF rendering, rasterising and printing are all worker jobs; the UI thread only shows results.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QObject, QStandardPaths, Signal
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from desktop.core.identity import format_nip
from desktop.services import certificates as service
from desktop.services import invitations as invitation_service
from desktop.services.certificates import (
    CertificatesOverview,
    EligibleRow,
    IssuedRow,
    RasterPage,
)
from desktop.services.events import EventInfo
from desktop.services.invitations import BadgeResult
from desktop.ui import i18n, style
from desktop.ui.certificates import printing
from desktop.ui.certificates.view import CertificatesView, ReasonDialog, selected_rows
from desktop.ui.context import DeskContext
from desktop.ui.reloading import Reloading
from desktop.ui.worker import LatestOnly, Task, TaskContext, Workers

# Chooses a printer for a page of (width, height) mm: the system print dialog, or a test's PDF
# printer. None: the operator cancelled.
PrinterChooser = Callable[[QWidget, float, float], QPrinter | None]


def system_printer(parent: QWidget, width_mm: float, height_mm: float) -> QPrinter | None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    # Set before the dialog, so it shows the certificate's paper and orientation.
    printing.prepare(printer, width_mm, height_mm)
    dialog = QPrintDialog(printer, parent)
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


# Asks whether to print although the QR codes would carry the default address (parent, title, text,
# the "print anyway" and "cancel" buttons' texts): True to go on. Tests answer it themselves.
AddressConfirm = Callable[[QWidget, str, str, str, str], bool]


def ask_to_print_anyway(parent: QWidget, title: str, text: str, go_on: str, stop: str) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    anyway = box.addButton(go_on, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(box.addButton(stop, QMessageBox.ButtonRole.RejectRole))
    box.exec()
    return box.clickedButton() is anyway


def documents_folder() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))


class CertificatesController(QObject):
    loaded = Signal()
    previewed = Signal()
    printed = Signal(int)  # pages
    saved = Signal(str)  # path
    revoked = Signal(str)  # number
    changed = Signal()  # overrides or issued certificates changed (eligibility elsewhere too)
    written = Signal(str)  # daftar hadir or export path
    failed = Signal(str)

    def __init__(
        self,
        view: CertificatesView,
        *,
        db: Any,
        workers: Workers,
        context: DeskContext,
        choose_printer: PrinterChooser = system_printer,
        confirm_address: AddressConfirm = ask_to_print_anyway,
    ) -> None:
        super().__init__(view)
        self.view = view
        self._db, self._workers, self._context = db, workers, context
        self.choose_printer = choose_printer  # tests hand a PDF printer here
        self.confirm_address = confirm_address
        self.current_event: EventInfo | None = None
        self.overview: CertificatesOverview | None = None
        self._reads = Reloading()
        self.task: Task[Any] | None = None
        self.dialog: ReasonDialog | None = None
        self.preview_image: QImage | None = None
        self._printer: QPrinter | None = None
        # The preview shows a badge sheet until the clerk picks a certificate again.
        self._badges_shown = False
        self._preview: LatestOnly[RasterPage] = LatestOnly(
            workers.background, self._preview_work, on_failure=self._preview_failed
        )
        self._preview.delivered.connect(self._show_preview)
        view.shown.connect(self._on_shown)
        view.retranslated.connect(self._render)
        view.people_filter.textChanged.connect(lambda _text: self._render_people())
        view.show_filter.activated.connect(lambda _index: self._render_people())
        view.issue_requested.connect(self.issue)
        view.allow_requested.connect(lambda: self.ask_override(True))
        view.deny_requested.connect(lambda: self.ask_override(False))
        view.preview_requested.connect(self._preview_selection)
        view.preview.resized.connect(lambda _w: self._preview_resized())
        view.print_requested.connect(self.choose_print)
        view.save_requested.connect(self.choose_save)
        view.revoke_requested.connect(self.ask_revoke)
        view.daftar_hadir_requested.connect(self.choose_daftar_hadir)
        view.export_requested.connect(self.choose_export)
        view.badges_requested.connect(self.preview_badges)
        view.invitations_export_requested.connect(self.ask_invitations_export)
        view.invitations_send_requested.connect(self.send_invitations)
        view.links_requested.connect(self.ask_links_export)
        view.cancel_requested.connect(self.cancel)
        self._fill_choices()

    # ---------------------------------------------------------------- loading

    def set_event(self, event: EventInfo) -> None:
        self.current_event = event
        self.overview = None
        self._reads.stale = True
        self._fill_choices()
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

        def work(_ctx: TaskContext) -> CertificatesOverview:
            return service.load_overview(db, event_id=event.id)

        self._workers.background.submit(
            work, on_success=self._loaded, on_failure=self._load_failed, name="certificates"
        )

    def _loaded(self, overview: CertificatesOverview) -> None:
        if self._reads.done():
            self.reload()
        if self.current_event is None or overview.event_id != self.current_event.id:
            return
        current = self._current_issued()
        self.overview = overview
        self._render()
        self.view.size_columns()
        if current is not None:
            row = self.view.issued_model.row_of(current.id)
            if row >= 0:
                self.view.issued.selectRow(row)
        elif self.view.issued_model.rowCount():
            self.view.issued.selectRow(0)
        self.loaded.emit()

    def _load_failed(self, error: Exception) -> None:
        self._reads.failed()
        self.view.show_message(i18n.error_text(error), error=True)

    def _fill_choices(self) -> None:
        combo = self.view.show_filter
        current = max(0, combo.currentIndex())
        combo.clear()
        combo.addItem(self.tr("Semua peserta"), "all")
        combo.addItem(self.tr("Layak"), "eligible")
        combo.addItem(self.tr("Belum layak"), "not")
        combo.addItem(self.tr("Layak, belum terbit"), "waiting")
        combo.setCurrentIndex(min(current, combo.count() - 1))
        day = self.view.day
        day.clear()
        if self.current_event is not None:
            for event_day in self.current_event.days:
                day.addItem(i18n.day_label(event_day.number, event_day.date), event_day.number)

    # ---------------------------------------------------------------- rendering the lists

    def _render(self) -> None:
        self._fill_choices()
        self._render_people()
        self._render_issued()
        self._render_duplicates()

    def _render_people(self) -> None:
        overview = self.overview
        if overview is None:
            self.view.people_model.set_rows([], [])
            return
        words = self.view.people_filter.text().casefold().split()
        show = str(self.view.show_filter.currentData() or "all")
        rows, keys, colours = [], [], []
        yes, no = self.tr("ya"), self.tr("tidak")
        for person in overview.people:
            if show == "eligible" and not person.eligible:
                continue
            if show == "not" and person.eligible:
                continue
            if show == "waiting" and not (person.eligible and not person.certificate_number):
                continue
            haystack = f"{person.name.casefold()} {person.nip}"
            if any(word not in haystack for word in words):
                continue
            rows.append(
                (
                    person.name,
                    format_nip(person.nip) if person.nip else "",
                    f"{person.days_attended}/{person.days_required}",
                    "" if person.online_minutes is None else str(person.online_minutes),
                    yes if person.eligible else no,
                    self._decision(person),
                    person.certificate_number,
                )
            )
            keys.append(person.participant_id)
            colours.append(None if person.eligible else style.MUTED_TEXT)
        self.view.people_model.set_rows(rows, keys, colours)
        eligible, issued = (
            overview.eligible_count,
            sum(1 for c in overview.issued if not c.revoked_at),
        )
        rule = (
            self.tr("; daring minimal {minutes} menit").format(minutes=overview.online_min_minutes)
            if overview.online_min_minutes is not None
            else ""
        )
        self.view.summary.setText(
            self.tr(
                "{eligible} dari {total} peserta layak; {issued} sertifikat terbit{rule}"
            ).format(
                eligible=QLocale().toString(eligible),
                total=QLocale().toString(len(overview.people)),
                issued=QLocale().toString(issued),
                rule=rule,
            )
        )

    def _render_duplicates(self) -> None:
        pairs = self.overview.duplicates if self.overview is not None else ()
        label = self.view.duplicates
        if not pairs:
            label.hide()
            label.clear()
            return
        people = "; ".join(
            "{name}: {numbers}".format(
                name=pair.name,
                numbers=", ".join(f"{c.number} ({c.desk_name})" for c in pair.certificates),
            )
            for pair in pairs
        )
        label.setText(
            self.tr(
                "Sertifikat ganda (diterbitkan dua meja saat luring): {people}. Pertahankan "
                "satu, cabut yang lain dengan alasan."
            ).format(people=people)
        )
        label.show()

    def _decision(self, person: EligibleRow) -> str:
        if person.override is None:
            return ""
        verb = self.tr("diizinkan") if person.override else self.tr("ditahan")
        return f"{verb}: {person.override_reason}"

    def _render_issued(self) -> None:
        overview = self.overview
        if overview is None:
            self.view.issued_model.set_rows([], [])
            return
        rows, keys, colours, tips = [], [], [], []
        for c in overview.issued:
            revoked = ""
            if c.revoked_at is not None:
                revoked = f"{i18n.long_date(c.revoked_at.date())}: {c.revoked_reason}"
            rows.append(
                (
                    c.number,
                    c.name,
                    format_nip(c.nip) if c.nip else "",
                    i18n.long_date(c.issued_on),
                    str(c.prints),
                    revoked,
                )
            )
            keys.append(c.id)
            colours.append(style.ERROR_TEXT if c.revoked_at else None)
            tips.append(revoked)
        self.view.issued_model.set_rows(rows, keys, colours, tips)

    def _current_issued(self) -> IssuedRow | None:
        if self.overview is None:
            return None
        index = self.view.issued.currentIndex()
        key = self.view.issued_model.key(index.row()) if index.isValid() else None
        return next((c for c in self.overview.issued if c.id == key), None)

    def _selected_issued(self) -> list[IssuedRow]:
        """The chosen certificates in force; none chosen means every one in force."""
        if self.overview is None:
            return []
        by_id = {c.id: c for c in self.overview.issued}
        chosen = [by_id[self.view.issued_model.key(r)] for r in selected_rows(self.view.issued)]
        if not chosen:
            chosen = list(self.overview.issued)
        return [c for c in chosen if c.revoked_at is None]

    def _selected_people(self) -> list[str]:
        return [self.view.people_model.key(r) for r in selected_rows(self.view.people)]

    # ---------------------------------------------------------------- preview

    def _preview_resized(self) -> None:
        if not self._badges_shown:  # a badge sheet stays until a certificate is chosen
            self.request_preview()

    def _preview_selection(self) -> None:
        self._badges_shown = False
        self.request_preview()

    def request_preview(self) -> None:
        current = self._current_issued()
        if current is None or current.revoked_at is not None:
            self.view.preview.set_image(None)
            self.view.preview_caption.setText(
                self.tr("Sertifikat yang dicabut tidak dapat dicetak.")
                if current
                else self.tr("Pilih sertifikat yang sudah terbit untuk melihat pratinjaunya.")
            )
            return
        ratio = self.view.preview.devicePixelRatioF()
        width = max(600, int(self.view.preview.width() * ratio))
        self._preview.request((current.id, width))

    def _preview_work(self, request: tuple[str, int]) -> Callable[[TaskContext], RasterPage]:
        db = self._db
        certificate_id, width = request

        def work(_ctx: TaskContext) -> RasterPage:
            return service.preview(db, certificate_id=certificate_id, width_px=width)

        return work

    def _show_preview(self, request: tuple[str, int], page: RasterPage) -> None:
        # copy(): the QImage then owns its pixels instead of borrowing the bytes object's.
        image = QImage(
            page.pixels, page.width, page.height, page.stride, QImage.Format.Format_RGBX8888
        ).copy()
        self.preview_image = image
        self.view.preview.set_image(image)
        current = self._current_issued()
        self.view.preview_caption.setText(
            self.tr(
                "{number} · {width:.0f} × {height:.0f} mm. Kode QR adalah segel verifikasi, "
                "bukan tanda tangan elektronik (TTE)."
            ).format(
                number=current.number if current else "", width=page.width_mm, height=page.height_mm
            )
        )
        self.previewed.emit()

    def _preview_failed(self, _request: object, error: Exception) -> None:
        self.view.preview.set_image(None)
        self.view.preview_caption.setText(i18n.error_text(error))

    # ---------------------------------------------------------------- background jobs

    def _start(
        self,
        label: str,
        work: Callable[[TaskContext], Any],
        done: Callable[[Any], None],
        *,
        cancellable: bool = False,
        long: bool = True,
        writes: bool = False,
    ) -> None:
        if self.task is not None:
            return

        def finished(value: Any) -> None:
            self.task = None
            self.view.set_busy("")
            done(value)

        def failed(error: Exception) -> None:
            self.task = None
            self.view.set_busy("")
            text = i18n.error_text(error)
            self.view.show_message(text, error=True)
            self.failed.emit(text)

        def cancelled() -> None:
            self.task = None
            self.view.set_busy("")
            self.view.show_message(self.tr("Dihentikan. Tidak ada berkas yang ditulis."))

        self.view.set_busy(label, cancellable=cancellable)
        runner = self._workers.writes if writes else self._workers.long
        self.task = runner.submit(
            work,
            on_success=finished,
            on_failure=failed,
            on_cancel=cancelled,
            on_progress=lambda d, t, _label: self.view.set_progress(d, t),
            name="certificates-job",
        )

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _after_change(self, text: str) -> None:
        self.view.show_message(text)
        self._reads.stale = True
        self.reload()
        self.changed.emit()

    # ---------------------------------------------------------------- issue and overrides

    def issue(self) -> None:
        event = self.current_event
        if event is None:
            return
        db, operator = self._db, self._context.operator_name

        def work(_ctx: TaskContext) -> Any:
            return service.issue(db, event_id=event.id, operator=operator)

        self._start(
            self.tr("Menerbitkan sertifikat…"),
            work,
            lambda outcome: self._after_change(
                self.tr("{issued} sertifikat baru terbit; {existing} sudah ada.").format(
                    issued=outcome.issued, existing=outcome.existing
                )
            ),
            writes=True,
        )

    def ask_override(self, eligible: bool) -> None:
        chosen = self._selected_people()
        if not chosen or self.current_event is None:
            self.view.show_message(self.tr("Pilih peserta terlebih dahulu."), error=True)
            return
        title = self.tr("Izinkan sertifikat") if eligible else self.tr("Tahan sertifikat")
        prompt = self.tr("Alasan untuk {count} peserta (dicatat bersama nama operator):").format(
            count=len(chosen)
        )
        dialog = ReasonDialog(
            self.view,
            title=title,
            prompt=prompt,
            action=self.tr("Izinkan") if eligible else self.tr("Tahan"),
        )
        dialog.accepted.connect(lambda: self.override(chosen, eligible, dialog.text()))
        dialog.finished.connect(lambda _code: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()

    def override(self, participant_ids: list[str], eligible: bool, reason: str) -> None:
        event = self.current_event
        if event is None:
            return
        db, operator = self._db, self._context.operator_name

        def work(_ctx: TaskContext) -> int:
            for participant_id in participant_ids:
                service.set_override(
                    db,
                    event_id=event.id,
                    participant_id=participant_id,
                    eligible=eligible,
                    reason=reason,
                    operator=operator,
                )
            return len(participant_ids)

        self._start(
            self.tr("Menyimpan keputusan…"),
            work,
            lambda count: self._after_change(
                self.tr("Keputusan untuk {count} peserta dicatat.").format(count=count)
            ),
            writes=True,
        )

    def _dialog_closed(self, dialog: ReasonDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    # ---------------------------------------------------------------- revoke

    def ask_revoke(self) -> None:
        current = self._current_issued()
        if current is None or current.revoked_at is not None:
            self.view.show_message(self.tr("Pilih sertifikat yang berlaku."), error=True)
            return
        dialog = ReasonDialog(
            self.view,
            title=self.tr("Cabut sertifikat"),
            prompt=self.tr(
                "Cabut {number} ({name})? Nomornya tidak dipakai lagi; pemeriksaan "
                "segel akan menyebut alasannya."
            ).format(number=current.number, name=current.name),
            action=self.tr("Cabut"),
        )
        dialog.accepted.connect(lambda: self.revoke(current.number, dialog.text()))
        dialog.finished.connect(lambda _code: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()

    def revoke(self, number: str, reason: str) -> None:
        db, operator = self._db, self._context.operator_name

        def work(_ctx: TaskContext) -> str:
            service.revoke(db, number=number, reason=reason, operator=operator)
            return number

        def done(revoked: str) -> None:
            self._after_change(self.tr("Sertifikat {number} dicabut.").format(number=revoked))
            self.revoked.emit(revoked)

        self._start(self.tr("Mencabut…"), work, done, writes=True)

    # ---------------------------------------------------------------- print

    def print_anyway(self) -> bool:
        """Before anything goes on paper: with no HQ address the QR codes carry the default one
        (issue 14 item 13), so the clerk is told and chooses. Read at each click (one setting, in
        WAL a read never waits): enrollment on the Sync screen changes it at any time."""
        if service.verification_address_set(self._db):
            return True
        return self.confirm_address(
            self.view,
            self.tr("Alamat kantor pusat belum diatur"),
            self.tr(
                "Meja ini belum terhubung ke kantor pusat, jadi kode QR pada sertifikat memakai "
                "alamat bawaan {url}. Hubungkan meja dulu (layar Sinkronisasi) agar kode QR "
                "memakai alamat kantor Anda."
            ).format(url=service.DEFAULT_VERIFY_URL),
            self.tr("Tetap cetak"),
            self.tr("Batal"),
        )

    def choose_print(self) -> None:
        chosen = self._selected_issued()
        if not chosen:
            self.view.show_message(
                self.tr("Belum ada sertifikat yang terbit. Terbitkan terlebih dahulu."), error=True
            )
            return
        if not self.print_anyway():
            return
        width, height = service.page_size_mm()
        printer = self.choose_printer(self.view, width, height)
        if printer is not None:
            self.print_to(printer, [c.id for c in chosen])

    def print_to(self, printer: QPrinter, certificate_ids: list[str]) -> None:
        """Render the certificates, paint them onto ``printer`` and log the prints (a worker
        job)."""
        db, operator = self._db, self._context.operator_name
        name = printer.printerName() or printer.outputFileName()
        copies = max(1, printer.copyCount())

        def work(ctx: TaskContext) -> int:
            pdf = service.certificate_pdf(db, certificate_ids=certificate_ids)
            pages = printing.print_pdf(
                printer, pdf, check=ctx.check, progress=lambda d, t: ctx.progress(d, t)
            )
            service.log_printed(
                db,
                certificate_ids=certificate_ids,
                operator=operator,
                copies=copies,
                destination=f"printer:{name}",
            )
            return pages

        def done(pages: int) -> None:
            self._after_change(
                self.tr("{pages} halaman dikirim ke {printer}.").format(pages=pages, printer=name)
            )
            self.printed.emit(pages)

        # The printer is referenced by the job until it delivers (Qt must not delete it earlier).
        self._printer = printer
        self._start(self.tr("Mencetak…"), work, done, cancellable=True)

    # ---------------------------------------------------------------- batch PDF

    def choose_save(self) -> None:
        if self.current_event is None:
            return
        if not self.print_anyway():
            return
        name = f"sertifikat-{self.current_event.days[0].date.isoformat()}.pdf"
        path, _filter = QFileDialog.getSaveFileName(
            self.view,
            self.tr("Simpan sertifikat sebagai PDF"),
            str(documents_folder() / name),
            self.tr("PDF (*.pdf)"),
        )
        if path:
            self.save_batch(Path(path if path.lower().endswith(".pdf") else f"{path}.pdf"))

    def save_batch(self, out: Path, participant_ids: list[str] | None = None) -> None:
        """Issue what is missing and write one PDF: the chosen certificates, else every eligible."""
        event = self.current_event
        if event is None:
            return
        if participant_ids is None:
            chosen = selected_rows(self.view.issued)
            participant_ids = (
                [c.participant_id for c in self._selected_issued()] if chosen else None
            )
        db, operator = self._db, self._context.operator_name

        def work(ctx: TaskContext) -> Any:
            return service.save_batch(
                db,
                event_id=event.id,
                out=out,
                operator=operator,
                participant_ids=participant_ids,
                progress=lambda done, total: ctx.progress(done, total or 0),
                cancelled=lambda: ctx.cancelled,
            )

        def done(result: Any) -> None:
            if result.render.cancelled:
                self.view.show_message(self.tr("Dihentikan. Tidak ada berkas yang ditulis."))
                return
            self._after_change(
                self.tr("{pages} sertifikat disimpan ke {path}.").format(
                    pages=result.render.pages, path=str(out)
                )
            )
            self.saved.emit(str(out))

        self._start(self.tr("Membuat PDF…"), work, done, cancellable=True)

    # ---------------------------------------------------------------- name badges

    def preview_badges(self, *, then_print: bool = True) -> None:
        """Render the badge sheets, show page 1 in the preview (the same rasteriser the print
        uses, so it is exactly what comes out), then offer the system print dialog."""
        event = self.current_event
        if event is None:
            return
        layout = str(self.view.badge_layout.currentData() or "2x4")
        db = self._db
        ratio = self.view.preview.devicePixelRatioF()
        width = max(600, int(self.view.preview.width() * ratio))

        def work(_ctx: TaskContext) -> tuple[bytes, BadgeResult, RasterPage]:
            pdf, result = invitation_service.badges_pdf(db, event_id=event.id, layout=layout)
            width_mm, _height = service.pdf_page_sizes_mm(pdf)[0]
            dpi = max(36.0, min(300.0, width / (width_mm / 25.4)))
            page = next(service.rasterise(pdf, dpi=dpi, pages=[0]))
            return pdf, result, page

        def done(value: tuple[bytes, BadgeResult, RasterPage]) -> None:
            pdf, result, page = value
            image = QImage(
                page.pixels, page.width, page.height, page.stride, QImage.Format.Format_RGBX8888
            ).copy()
            self.preview_image = image
            self._badges_shown = True
            self.view.preview.set_image(image)
            self.view.preview_caption.setText(
                self.tr("Tanda nama: {badges} peserta pada {pages} lembar A4.").format(
                    badges=result.badges, pages=result.pages
                )
            )
            self.previewed.emit()
            if then_print:
                printer = self.choose_printer(self.view, *service.pdf_page_sizes_mm(pdf)[0])
                if printer is not None:
                    self.print_badges(printer, pdf, layout=layout, badges=result.badges)

        self._start(self.tr("Membuat tanda nama…"), work, done)

    # ---------------------------------------------------------------- invitations and links

    def ask_invitations_export(self) -> None:
        event = self.current_event
        if event is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self.view,
            self.tr("Simpan undangan"),
            str(documents_folder() / "undangan.zip"),
            self.tr("ZIP (*.zip)"),
        )
        if path:
            self.export_invitations(Path(path))

    def export_invitations(self, out: Path) -> None:
        event = self.current_event
        if event is None:
            return
        db, operator = self._db, self._context.operator_name

        def work(ctx: TaskContext) -> Any:
            return invitation_service.export_invitations(
                db, event_id=event.id, out=out, operator=operator, progress=ctx.progress
            )

        def done(result: Any) -> None:
            without = sum(1 for row in result.whatsapp if not row.link)
            self.view.show_message(
                self.tr(
                    "Undangan {people} peserta disimpan ke {path}; {without} tanpa nomor "
                    "WhatsApp yang bisa dipakai (lihat daftarnya)."
                ).format(people=result.people, path=str(out), without=without)
            )
            self.written.emit(str(out))

        self._start(self.tr("Membuat undangan…"), work, done)

    def send_invitations(self) -> None:
        event = self.current_event
        if event is None:
            return
        db, operator = self._db, self._context.operator_name

        def work(_ctx: TaskContext) -> Any:
            return invitation_service.send_invitations(db, event_id=event.id, operator=operator)

        def done(report: Any) -> None:
            self.view.show_message(
                self.tr(
                    "Undangan: {queued} baru diantrekan; {sent} terkirim, {failed} gagal, "
                    "{pending} menunggu."
                ).format(
                    queued=report.queued,
                    sent=report.sent,
                    failed=report.failed,
                    pending=report.pending,
                )
            )

        self._start(self.tr("Mengirim undangan…"), work, done)

    def ask_links_export(self) -> None:
        event = self.current_event
        if event is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self.view,
            self.tr("Simpan daftar tautan unduh"),
            str(documents_folder() / "tautan-sertifikat.csv"),
            self.tr("CSV (*.csv)"),
        )
        if path:
            self.export_links(Path(path))

    def export_links(self, out: Path) -> None:
        event = self.current_event
        if event is None:
            return
        db, operator = self._db, self._context.operator_name

        def work(_ctx: TaskContext) -> service.LinksExport:
            return service.export_links(db, event_id=event.id, out=out, operator=operator)

        def done(result: service.LinksExport) -> None:
            self.view.show_message(
                self.tr(
                    "{links} tautan unduh ({minted} baru) disimpan ke {path}; {without} tanpa "
                    "nomor WhatsApp. Tautan berlaku setelah meja ini sinkron dengan kantor pusat."
                ).format(
                    links=result.links,
                    minted=result.minted,
                    path=result.path,
                    without=result.without_whatsapp,
                )
            )
            self.written.emit(result.path)

        self._start(self.tr("Membuat tautan unduh…"), work, done)

    def print_badges(self, printer: QPrinter, pdf: bytes, *, layout: str, badges: int) -> None:
        event = self.current_event
        if event is None:
            return
        db, operator = self._db, self._context.operator_name
        name = printer.printerName() or printer.outputFileName()

        def work(ctx: TaskContext) -> int:
            pages = printing.print_pdf(
                printer, pdf, check=ctx.check, progress=lambda d, t: ctx.progress(d, t)
            )
            invitation_service.log_badges_printed(
                db, event_id=event.id, operator=operator, layout=layout, badges=badges, printer=name
            )
            return pages

        def done(pages: int) -> None:
            self.view.show_message(
                self.tr("{pages} halaman dikirim ke {printer}.").format(pages=pages, printer=name)
            )
            self.printed.emit(pages)

        self._printer = printer  # referenced by the job until it delivers
        self._start(self.tr("Mencetak…"), work, done, cancellable=True)

    # ---------------------------------------------------------------- daftar hadir, export

    def choose_daftar_hadir(self) -> None:
        if self.current_event is None:
            return
        day = int(self.view.day.currentData() or 1)
        blank = self.view.blank.isChecked()
        name = f"daftar-hadir-hari-{day}{'-kosong' if blank else ''}.pdf"
        path, _filter = QFileDialog.getSaveFileName(
            self.view,
            self.tr("Simpan daftar hadir"),
            str(documents_folder() / name),
            self.tr("PDF (*.pdf)"),
        )
        if path:
            self.write_daftar_hadir(Path(path), day=day, blank=blank)

    def write_daftar_hadir(self, out: Path, *, day: int, blank: bool) -> None:
        event = self.current_event
        if event is None:
            return
        db, operator = self._db, self._context.operator_name

        def work(_ctx: TaskContext) -> int:
            return service.write_daftar_hadir(
                db, event_id=event.id, day=day, out=out, blank=blank, operator=operator
            ).pages

        def done(pages: int) -> None:
            self.view.show_message(
                self.tr("Daftar hadir ({pages} halaman) disimpan ke {path}.").format(
                    pages=pages, path=str(out)
                )
            )
            self.written.emit(str(out))

        self._start(self.tr("Membuat daftar hadir…"), work, done)

    def choose_export(self) -> None:
        if self.current_event is None:
            return
        name = f"kehadiran-{self.current_event.days[0].date.isoformat()}.xlsx"
        path, chosen = QFileDialog.getSaveFileName(
            self.view,
            self.tr("Ekspor kehadiran"),
            str(documents_folder() / name),
            self.tr("Excel (*.xlsx);;CSV (*.csv)"),
        )
        if path:
            if not path.lower().endswith((".xlsx", ".csv")):
                path += ".csv" if "csv" in chosen else ".xlsx"
            self.export_attendance(Path(path))

    def export_attendance(self, out: Path) -> None:
        event = self.current_event
        if event is None:
            return
        db, operator = self._db, self._context.operator_name

        def work(_ctx: TaskContext) -> int:
            return service.export_attendance(db, event_id=event.id, out=out, operator=operator).rows

        def done(rows: int) -> None:
            self.view.show_message(
                self.tr("{rows} baris diekspor ke {path}.").format(
                    rows=QLocale().toString(rows), path=str(out)
                )
            )
            self.written.emit(str(out))

        self._start(self.tr("Mengekspor…"), work, done)
