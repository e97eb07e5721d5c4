"""Importing a pre-registration list from the window: preview, column mapping, import with progress
and cancel, and a report whose reasons the window can translate."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.db import Database
from desktop.core.errors import ImportRefused
from desktop.core.identity import IdentityError
from desktop.core.importers.preregistration import (
    HEADER_ALIASES,
    ColumnPlan,
    ExcelDamage,
    clean_number,
    detect_columns,
    excel_cut_number,
    import_rows,
    parse_rows,
)
from desktop.core.importers.tables import Table, read_table
from desktop.core.operators import record_audit
from desktop.core.registry import identity_fields

FIELDS: tuple[str, ...] = tuple(HEADER_ALIASES)  # in the order the core lists them
PREVIEW_ROWS = 12


@dataclass(frozen=True, slots=True)
class Preview:
    path: Path
    header_row: int
    headers: list[str]
    mapping: dict[int, str]  # column -> field, as detected
    unrecognised: list[int]
    sample: list[list[str]]  # the first data rows
    data_rows: int


def preview(path: Path) -> Preview:
    table = read_table(Path(path))
    plan = detect_columns(table)
    data = [cells for number, cells in table.rows if number > plan.header_row and any(cells)]
    width = len(plan.headers)
    sample = [(cells + [""] * width)[:width] for cells in data[:PREVIEW_ROWS]]
    return Preview(Path(path), plan.header_row, plan.headers, dict(plan.mapping),
                   list(plan.unrecognised), sample, len(data))  # fmt: skip


@dataclass(frozen=True, slots=True)
class SkippedRow:
    row: int
    code: str  # for the window's translated sentence; "" when only the core's text is known
    params: dict[str, Any]
    reason: str  # the core's sentence (English), kept for the log and unknown cases


@dataclass(frozen=True, slots=True)
class ImportSummary:
    imported: int
    updated: int
    unchanged: int
    skipped: list[SkippedRow] = field(default_factory=list)


def run_import(
    db: Database,
    *,
    event_id: str,
    desk_id: str,
    path: Path,
    column_map: dict[int, str],
    operator: str,
    progress: Callable[[int, int], None],
) -> ImportSummary:
    """Read, validate and import in one transaction. ``progress`` may raise to cancel: the
    transaction then rolls back and nothing is imported."""
    if "full_name" not in column_map.values():
        raise ImportRefused("No column is mapped to the name (Nama).", code="import_no_name")
    table = read_table(Path(path))
    plan = detect_columns(table)
    plan.mapping = dict(column_map)
    progress(0, 1)
    parsed = parse_rows(table, plan)
    progress(0, max(1, len(parsed.good)))
    with db.write() as session:
        report = import_rows(session=session, event_id=event_id, desk_id=desk_id, rows=parsed.good,
                             skipped=parsed.skipped, progress=progress)  # fmt: skip
        report.not_people, report.warnings = parsed.not_people, parsed.warnings
        report.replaced = parsed.replaced
        record_audit(session=session, operator=operator, action="import",
                     detail={"event": event_id, "file": Path(path).name,
                             **{k: v for k, v in report.as_dict().items() if k != "skipped"},
                             "skipped": len(report.skipped)})  # fmt: skip
    explained = [_explain(table, plan, item) for item in report.skipped]
    explained.sort(key=lambda item: item.row)
    return ImportSummary(report.imported, report.updated, report.unchanged, explained)


_REPEATED = re.compile(r"NIP/NIK (\d+) is repeated: it was already on row (\d+)")
_CLASH = re.compile(r"NIP/NIK (\d+) already belongs to another participant")


def _explain(table: Table, plan: ColumnPlan, item: dict[str, Any]) -> SkippedRow:
    """Re-derive a skipped row's reason as a code the window can translate.

    The core's report carries an English sentence only; the same public checks it ran, run again on
    the row's cells, give the code. (Asked of the core: put code and params in the report itself.)
    """
    number, reason = int(item["row"]), str(item["reason"])
    if match := _REPEATED.search(reason):
        return SkippedRow(number, "import_repeated",
                          {"number": match[1], "first_row": int(match[2])}, reason)  # fmt: skip
    if match := _CLASH.search(reason):
        return SkippedRow(number, "import_clash", {"number": match[1]}, reason)
    if excel_cut_number(table, plan, number):
        return SkippedRow(number, ExcelDamage.code, {"field": "nip"}, reason)
    cells = next((c for n, c in table.rows if n == number), [])
    raw = {f: (cells[i] if i < len(cells) else "") for i, f in plan.mapping.items()}
    if not " ".join(raw.get("full_name", "").split()):
        return SkippedRow(number, "import_no_name_cell", {}, reason)
    try:
        # Without the row's status word: the codes for a bad number are the same either way.
        identity_fields(clean_number(raw.get("nip", "")))
    except (IdentityError, ExcelDamage) as error:
        return SkippedRow(number, error.code, {**error.params, "field": "nip"}, reason)
    # A mistyped e-mail no longer skips a row (it is a warning), so it is not a reason here.
    return SkippedRow(number, "", {}, reason)
