"""Importing a pre-registration list from the window: preview, column mapping, import with progress
and cancel, and a report whose reasons the window can translate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.db import Database
from desktop.core.desk import desk_identity
from desktop.core.errors import ImportRefused
from desktop.core.importers.preregistration import (
    FIELDS,
    ColumnChoices,
    ColumnPlan,
    ImportReport,
    ProgressCallback,
    column_choices,
    detect_columns,
    header_vocabulary,
    import_read_list,
    read_list,
)
from desktop.core.importers.tables import Table, read_tables
from desktop.core.operators import record_audit
from desktop.core.registry import get_event

__all__ = [
    "FIELDS",
    "ImportSummary",
    "Preview",
    "SkippedRow",
    "import_file",
    "preview",
    "run_import",
]
PREVIEW_ROWS = 12


@dataclass(frozen=True, slots=True)
class Preview:
    path: Path
    header_row: int  # spreadsheet row number
    headers: list[str]
    mapping: dict[int, str]  # column -> field, as detected
    unrecognised: list[int]
    sample: list[list[str]]  # the first data rows
    sample_rows: list[int]  # their spreadsheet row numbers, as the skipped-row report gives them
    data_rows: int
    sheet: str = ""  # the sheet shown ("" in a CSV file)
    lists: list[str] = field(default_factory=list)  # every sheet whose header names a name column
    only: str | None = None  # the one sheet the clerk chose to import (None: every list)

    def choices(self, mapping: dict[int, str]) -> dict[str, str | None]:
        """The clerk's mapping (column -> field) as the core's column choices."""
        return column_choices(self.headers, mapping)


def preview(path: Path, *, sheet: str | None = None, data_folder: Path | None = None) -> Preview:
    """The first sheet with a recognisable list, or ``sheet`` (failing either, the best guess at a
    header, so the clerk can still say which column is the name)."""
    vocabulary = header_vocabulary(data_folder)  # with the office's additions, as import_list
    tables = read_tables(Path(path))
    plans: list[tuple[Table, ColumnPlan]] = []
    for table in tables:
        try:
            plans.append((table, detect_columns(table, vocabulary)))
        except ImportRefused:
            continue
    chosen = [(t, p) for t, p in plans if sheet is None or t.sheet == sheet]
    if chosen:
        table, plan = chosen[0]
    else:
        table = next((t for t in tables if t.sheet == sheet), tables[0])
        plan = detect_columns(table, vocabulary, require_name=False)
    data = [(n, cells) for n, cells in table.rows if n > plan.header_row and any(cells)]
    width = len(plan.headers)
    sample = [(cells + [""] * width)[:width] for _n, cells in data[:PREVIEW_ROWS]]
    return Preview(
        Path(path),
        plan.header_row,
        plan.headers,
        dict(plan.mapping),
        list(plan.unrecognised),
        sample,
        [n for n, _c in data[:PREVIEW_ROWS]],
        len(data),
        table.sheet,
        [t.sheet for t, _p in plans if t.sheet],
        sheet,
    )


@dataclass(frozen=True, slots=True)
class SkippedRow:
    row: int
    code: str  # for the window's translated sentence; "" when only the core's text is known
    params: dict[str, Any]
    reason: str  # the core's sentence (English), kept for the log and unknown cases
    sheet: str = ""  # the workbook sheet ("" in a CSV file)


@dataclass(frozen=True, slots=True)
class ImportSummary:
    imported: int
    updated: int
    unchanged: int
    skipped: list[SkippedRow] = field(default_factory=list)
    warnings: list[SkippedRow] = field(default_factory=list)  # imported, a detail left out
    replaced: int = 0  # earlier answers of a form submitted twice
    not_people: int = 0  # totals, column numbers, signature block, blank rows
    sheets: list[dict[str, Any]] = field(default_factory=list)  # {"name", "read", "rows"}


def run_import(
    db: Database,
    *,
    event_id: str,
    desk_id: str,
    path: Path,
    columns: dict[str, str | None],
    operator: str,
    progress: Callable[[int, int], None],
    sheet: str | None = None,
) -> ImportSummary:
    """The one import (read, check, import and audit in one transaction), with the clerk's
    column choices (header -> field or None). ``progress`` may raise to cancel: the transaction
    then rolls back and nothing is imported."""
    if "full_name" not in columns.values():
        raise ImportRefused("No column is mapped to the name (Nama).", code="import_no_name")
    report = import_list(
        db=db,
        event_id=event_id,
        desk_id=desk_id,
        path=Path(path),
        operator=operator,
        columns=columns,
        sheet=sheet,
        progress=progress,
    )
    return ImportSummary(
        report.imported,
        report.updated,
        report.unchanged,
        _rows(report.skipped),
        _rows(report.warnings),
        len(report.replaced),
        report.not_people,
        list(report.sheets),
    )


def import_file(
    db: Database,
    *,
    event_id: str,
    path: Path,
    operator: str,
    columns: dict[str, str | None] | None = None,
    sheet: str | None = None,
) -> ImportReport:
    """hadir-cli's import: the headers recognised as the vocabulary says, ``columns`` overriding
    what a header holds (header -> field, or None to leave it out)."""
    with db.write() as session:
        desk_id = desk_identity(session=session).desk_id
    return import_list(
        db=db,
        event_id=event_id,
        desk_id=desk_id,
        path=Path(path),
        operator=operator,
        columns=columns,
        sheet=sheet,
    )


def import_list(
    *,
    db: Database,
    event_id: str,
    desk_id: str,
    path: Path,
    operator: str,
    columns: ColumnChoices | None = None,
    sheet: str | None = None,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """The one way the window and hadir-cli import a list: read and check it outside the write
    lock (check-ins at the desk do not wait on a large file's parsing), then import and audit in
    one transaction. ``progress`` may raise to cancel: the transaction rolls back, nothing is
    imported."""
    if progress:
        progress(0, 1)
    # The office's own header additions live beside its database (OFFICE_VOCABULARY).
    read = read_list(path, columns=columns, sheet=sheet, vocabulary=header_vocabulary(db.folder))
    if progress:
        progress(0, max(1, len(read.rows)))
    with db.write() as session:
        get_event(session=session, event_id=event_id)
        report = import_read_list(
            session=session, event_id=event_id, desk_id=desk_id, read=read, progress=progress
        )
        summary = report.as_dict()
        record_audit(
            session=session,
            operator=operator,
            action="import",
            detail={
                "event": event_id,
                "file": Path(path).name,
                **{
                    k: v for k, v in summary.items() if k not in ("skipped", "warnings", "replaced")
                },
                "skipped": len(report.skipped),
                "warnings": len(report.warnings),
                "replaced": len(report.replaced),
            },
        )
    return report


def _rows(items: list[dict[str, Any]]) -> list[SkippedRow]:
    rows = [
        SkippedRow(
            int(item["row"]),
            str(item.get("code", "")),
            dict(item.get("params", {})),
            str(item["reason"]),
            str(item.get("sheet", "")),
        )
        for item in items
    ]
    return sorted(rows, key=lambda item: (item.sheet, item.row))
