"""Reading spreadsheet-like files (CSV and XLSX) into rows of text, with their spreadsheet row numbers.

What arrives at a Kanwil: Excel files, CSV exported by Indonesian Excel (``;`` separated), Google
Forms CSV (``,``), with or without a UTF-8 byte-order mark, or in Windows-1252. Row numbers are the
ones a spreadsheet shows (the first line of a CSV is row 1), so a clerk can find the row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.errors import ImportRefused

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ROWS = 500_000
MAX_COLUMNS = 200


@dataclass(frozen=True, slots=True)
class Table:
    path: Path
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells)
    encoding: str  # "xlsx" for workbooks
    # Cells (row number, column index) that Excel kept as a number too long to be exact: an
    # 18-digit NIP typed into a General-format cell has already lost its last digits.
    imprecise: frozenset[tuple[int, int]] = frozenset()
    sheet: str = ""  # the workbook sheet's name; "" for a CSV file


def _refuse(path: Path, reason: str) -> ImportRefused:
    return ImportRefused(f"{path.name}: {reason}", file=str(path))


def _not_what_it_says(
    path: Path, data: bytes, error: UnicodeDecodeError, *, offset: int, encoding: str
) -> ImportRefused:
    row = data[: offset + error.start].count(b"\n") + 1
    return _refuse(
        path,
        f"the file starts with a {encoding} byte-order mark but row {row} is not "
        f"{encoding} text; save it again (CSV UTF-8) and import that.",
    )


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    # A byte-order mark is a promise about the whole file: a file that breaks it (found by atheris)
    # is refused with the row, not read half-right in another encoding.
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise _not_what_it_says(path, data, error, offset=3, encoding="UTF-8") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise _not_what_it_says(path, data, error, offset=0, encoding="UTF-16") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, so nothing is refused for one
        # stray byte in a name.
        return data.decode("latin-1"), "latin-1"


def _delimiter(text: str) -> str:
    """``;`` (Indonesian Excel), ``,`` (Google Forms) or tab: whichever splits the first lines most
    consistently into more than one column."""
    sample = [line for line in text.splitlines()[:30] if line.strip()]
    best, best_score = ",", -1.0
    for candidate in (";", ",", "\t", "|"):
        counts = [len(next(csv.reader([line], delimiter=candidate))) for line in sample]
        wide = [c for c in counts if c > 1]
        if not wide:
            continue
        # Prefer the delimiter giving many lines the same, larger column count.
        most_common = max(set(wide), key=wide.count)
        score = wide.count(most_common) * 1000 + most_common
        if score > best_score:
            best, best_score = candidate, score
    return best


def read_csv(path: Path, data: bytes) -> Table:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refuse(path, "this is not a text (CSV) file.")
    text, encoding = _decode(path, data)
    delimiter = _delimiter(text)
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            if len(rows) >= MAX_ROWS:
                raise _refuse(path, f"more than {MAX_ROWS:,} rows; split the file.")
            if len(cells) > MAX_COLUMNS:
                raise _refuse(path, f"row {reader.line_num} has more than {MAX_COLUMNS} columns.")
            rows.append((reader.line_num, [c.strip() for c in cells]))
    except csv.Error as error:
        raise _refuse(path, f"row {reader.line_num} cannot be read as CSV ({error}).") from None
    return Table(path=path, rows=rows, encoding=encoding)


# Excel keeps 15 significant digits of a number: a 16-digit NIK or an 18-digit NIP typed into a
# General-format cell has lost its last digits already (the NIK's last digit becomes 0), whether
# openpyxl hands it back as a float or, when the stored text has no exponent, as an int.
EXCEL_DIGITS = 15


def _excel_cut(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return abs(value) >= 10**EXCEL_DIGITS


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Excel keeps long numbers (NIP, phone) as floats when typed without a leading quote.
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value).strip()


def read_xlsx(path: Path) -> list[Table]:
    """Every sheet of a workbook, in the workbook's order: a Kanwil's file often opens on a summary
    ("Rekap") and keeps the list on the sheets after it, one per day or per instansi."""
    from openpyxl import load_workbook

    # openpyxl answers a damaged workbook with many kinds of exception (zlib.error from a broken
    # zip member, XML parse errors, KeyError, TypeError...: atheris found several); for the
    # operator they all mean "this file cannot be read", so each is a refusal naming the file.
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise _refuse(
            path, f"this is not a readable Excel (.xlsx) file ({_reason(error)})."
        ) from None
    try:
        sheets = list(workbook.worksheets)
        if not sheets:
            raise _refuse(path, "the workbook has no sheet.")
        tables, total = [], 0
        for sheet in sheets:
            tables.append(_read_sheet(path, sheet))
            total += len(tables[-1].rows)
            if total > MAX_ROWS:
                raise _refuse(path, f"more than {MAX_ROWS:,} rows; split the file.")
        return tables
    except ImportRefused:
        raise
    except Exception as error:
        raise _refuse(
            path, f"the workbook is damaged and cannot be read ({_reason(error)})."
        ) from None
    finally:
        workbook.close()


def _reason(error: Exception) -> str:
    return str(error) or type(error).__name__


def _read_sheet(path: Path, sheet: Any) -> Table:
    rows: list[tuple[int, list[str]]] = []
    imprecise: set[tuple[int, int]] = set()
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_ROWS:
            raise _refuse(path, f"more than {MAX_ROWS:,} rows; split the file.")
        cells = [_cell_text(v) for v in values[:MAX_COLUMNS]]
        for column, value in enumerate(values[:MAX_COLUMNS]):
            if _excel_cut(value):
                imprecise.add((number, column))
        rows.append((number, cells))
    return Table(
        path=path,
        rows=rows,
        encoding="xlsx",
        imprecise=frozenset(imprecise),
        sheet=str(sheet.title),
    )


def read_table(path: Path) -> Table:
    """A CSV file, or a workbook's first sheet."""
    return read_tables(path)[0]


def read_tables(path: Path) -> list[Table]:
    """Read a CSV file (one table) or every sheet of an XLSX workbook, refusing (with a reason)
    what cannot be a participant list."""
    path = Path(path)
    if not path.exists():
        raise _refuse(path, "the file does not exist.")
    if not path.is_file():
        raise _refuse(path, "this is a folder, not a file.")
    size = path.stat().st_size
    if size == 0:
        raise _refuse(path, "the file is empty.")
    if size > MAX_FILE_BYTES:
        raise _refuse(
            path, f"the file is {size / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB."
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK\x03\x04"):
        return read_xlsx(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(path, "this is an old Excel (.xls) file: save it as .xlsx or CSV first.")
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        raise _refuse(path, "the file is named .xlsx but is not an Excel workbook.")
    return [read_csv(path, path.read_bytes())]
