"""Wires the import dialog: preview off the UI thread, the clerk's column mapping, the import with
progress and cancel (a cancelled import rolls back: nothing is half-imported), and the report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QWidget

from desktop.core.db import Database
from desktop.services import imports as service
from desktop.services.events import EventInfo
from desktop.services.imports import ImportSummary, Preview
from desktop.ui import i18n
from desktop.ui.context import DeskContext
from desktop.ui.importer.view import ImportDialog
from desktop.ui.worker import Task, TaskContext, Workers


class ImportController(QObject):
    imported = Signal(object)  # ImportSummary
    previewed = Signal()
    closed = Signal()

    def __init__(
        self,
        dialog: ImportDialog,
        *,
        db: Database,
        workers: Workers,
        context: DeskContext,
        event: EventInfo,
    ) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self._db, self._workers, self._context, self._event = db, workers, context, event
        self.preview: Preview | None = None
        self.combos: list[QComboBox] = []
        self.summary: ImportSummary | None = None
        self.task: Task[ImportSummary] | None = None
        dialog.choose_requested.connect(self.choose_file)
        dialog.import_requested.connect(self.run)
        dialog.cancel_requested.connect(self.cancel)
        dialog.sheet.currentIndexChanged.connect(self._sheet_changed)
        dialog.finished.connect(self._finished)
        dialog.heading.setText(
            self.tr("Impor peserta ke \u201c{event}\u201d").format(event=event.title)
        )

    @classmethod
    def open(
        cls,
        *,
        parent: QWidget,
        db: Database,
        workers: Workers,
        context: DeskContext,
        event: EventInfo,
        path: Path | None = None,
    ) -> ImportController:
        dialog = ImportDialog(parent)
        controller = cls(dialog, db=db, workers=workers, context=context, event=event)
        dialog.open()
        if path is not None:
            controller.load(path)
        return controller

    def _finished(self, _code: int) -> None:
        self.cancel()
        self.closed.emit()

    def _choices(self) -> list[tuple[str, str]]:
        labels = {
            "full_name": self.tr("Nama"),
            "nip": self.tr("NIP/NIK"),
            "asn_status": self.tr("Status ASN"),
            "golongan": self.tr("Pangkat/Gol"),
            "jabatan": self.tr("Jabatan"),
            "unit_kerja": self.tr("Unit kerja"),
            "instansi": self.tr("Instansi"),
            "email": self.tr("Email"),
            "phone": self.tr("No. HP"),
        }
        return [("", self.tr("(abaikan)"))] + [(f, labels.get(f, f)) for f in service.FIELDS]

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self.dialog,
            self.tr("Pilih daftar peserta"),
            str(Path.home()),
            self.tr("Daftar peserta (*.xlsx *.csv *.txt);;Semua berkas (*)"),
        )
        if path:
            self.load(Path(path))

    def load(self, path: Path, *, sheet: str | None = None) -> None:
        self.dialog.path.setText(str(path))
        self.dialog.show_error("")
        self.dialog.set_busy(True)

        folder = self._db.folder

        def work(ctx: TaskContext) -> Preview:
            return service.preview(path, sheet=sheet, data_folder=folder)

        self._workers.long.submit(
            work, on_success=self._show_preview, on_failure=self._failed, name="import-preview"
        )

    def _sheet_changed(self) -> None:
        if self.preview is not None:
            self.load(self.preview.path, sheet=self.dialog.sheet.currentData())

    def _show_preview(self, preview: Preview) -> None:
        self.preview = preview
        self.dialog.set_busy(False)
        self.dialog.set_sheets(preview.lists, self.tr("Semua lembar berisi daftar"), preview.only)
        self.combos = self.dialog.set_preview(
            preview.headers,
            preview.sample,
            preview.sample_rows,
            self._choices(),
            preview.mapping,
            preview.unrecognised,
        )
        for combo in self.combos:
            combo.currentIndexChanged.connect(self._mapping_changed)
        note = self.tr("Judul kolom di baris {row}; {count} baris data.").format(
            row=preview.header_row, count=preview.data_rows
        )
        if len(preview.lists) > 1 and preview.only is None:
            note = (
                self.tr(
                    "Lembar yang dibaca: {sheets}. Pratinjau dari lembar \u201c{sheet}\u201d."
                ).format(
                    sheets=", ".join(f"\u201c{name}\u201d" for name in preview.lists),
                    sheet=preview.sheet,
                )
                + " "
                + note
            )
        elif preview.sheet:
            note = self.tr("Lembar \u201c{sheet}\u201d.").format(sheet=preview.sheet) + " " + note
        if preview.unrecognised:
            names = ", ".join(f"\u201c{preview.headers[i]}\u201d" for i in preview.unrecognised)
            note += " " + self.tr(
                "Kolom yang tidak dikenali (kuning): {names}. Pilih isinya di "
                "baris pertama, atau biarkan diabaikan."
            ).format(names=names)
        self.dialog.info.setText(note)
        self._mapping_changed()
        self.previewed.emit()

    def column_map(self) -> dict[int, str]:
        mapping: dict[int, str] = {}
        for column, combo in enumerate(self.combos):
            field = str(combo.currentData() or "")
            if field and field not in mapping.values():
                mapping[column] = field
        return mapping

    def _mapping_changed(self) -> None:
        has_name = "full_name" in self.column_map().values()
        self.dialog.run.setEnabled(self.preview is not None and has_name)
        self.dialog.show_error("" if has_name else i18n.code_text("import_no_name", {}) or "")

    def run(self) -> None:
        if self.preview is None or self.task is not None:
            return
        db, path, columns = self._db, self.preview.path, self.preview.choices(self.column_map())
        sheet = self.preview.only
        event_id, desk_id = self._event.id, self._context.desk.desk_id
        operator = self._context.operator_name

        def work(ctx: TaskContext) -> ImportSummary:
            return service.run_import(
                db,
                event_id=event_id,
                desk_id=desk_id,
                path=path,
                columns=columns,
                operator=operator,
                sheet=sheet,
                progress=lambda done, total: ctx.progress(done, total),
            )

        self.dialog.set_busy(True)
        self.dialog.show_error("")
        self.task = self._workers.long.submit(
            work,
            on_success=self._done,
            on_failure=self._failed,
            on_progress=lambda done, total, _label: self.dialog.set_progress(done, total),
            on_cancel=self._cancelled,
            name="import",
        )

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _cancelled(self) -> None:
        self.task = None
        self.dialog.set_busy(False)
        self.dialog.show_error(self.tr("Impor dihentikan. Tidak ada yang diubah."))

    def _done(self, summary: ImportSummary) -> None:
        self.task = None
        self.summary = summary
        self.dialog.set_busy(False)
        self.dialog.run.setEnabled(False)  # done; importing the same file again changes nothing
        text = self.tr(
            "Selesai: {imported} peserta baru terdaftar, {updated} diperbarui, "
            "{unchanged} tidak berubah, {skipped} baris dilewati."
        ).format(
            imported=summary.imported,
            updated=summary.updated,
            unchanged=summary.unchanged,
            skipped=len(summary.skipped),
        )
        notes = []
        if summary.warnings:
            notes.append(
                self.tr("{count} peserta diimpor dengan catatan (lihat daftar di bawah).").format(
                    count=len(summary.warnings)
                )
            )
        if summary.replaced:
            notes.append(
                self.tr(
                    "{count} jawaban formulir digantikan jawaban yang lebih "
                    "baru dari orang yang sama."
                ).format(count=summary.replaced)
            )
        if summary.not_people:
            notes.append(
                self.tr(
                    "{count} baris bukan data peserta (baris kosong, jumlah, "
                    "nomor kolom, tanda tangan)."
                ).format(count=summary.not_people)
            )
        unread = [s["name"] for s in summary.sheets if not s["read"]]
        if unread:
            notes.append(
                self.tr("Lembar yang tidak dibaca: {sheets}.").format(
                    sheets=", ".join(f"\u201c{name}\u201d" for name in unread)
                )
            )
        if notes:
            text += "\n" + "\n".join(notes)
        several = sum(1 for s in summary.sheets if s["read"]) > 1
        rows = [
            (
                f"{s.sheet}, {s.row}" if several and s.sheet else str(s.row),
                i18n.code_text(s.code, s.params) or s.reason,
            )
            for s in summary.skipped
        ]
        imported_with = self.tr("Diimpor, dengan catatan: {text}")
        rows += [
            (
                f"{w.sheet}, {w.row}" if several and w.sheet else str(w.row),
                imported_with.format(text=i18n.code_text(w.code, w.params) or w.reason),
            )
            for w in summary.warnings
        ]
        self.dialog.show_report(text, rows)
        self.dialog.close_button.setFocus()
        self.imported.emit(summary)

    def _failed(self, error: Exception) -> None:
        self.task = None
        self.dialog.set_busy(False)
        self.dialog.show_error(i18n.error_text(error))
