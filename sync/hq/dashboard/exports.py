"""CSV and XLSX files of the dashboard's tables. CSV uses ';' and a byte-order mark because that is
what Excel in an Indonesian locale opens correctly with a double click. Desk-typed text that a
spreadsheet would run as a formula is neutralised (sync/spreadsheet_safe.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from sync.spreadsheet_safe import csv_row, csv_rows, xlsx_row

Cell = str | int | float | None


def to_csv(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(csv_row(header))
    writer.writerows(csv_rows(rows))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = title[:31]  # Excel's limit on sheet names
    sheet.append(xlsx_row(sheet, header))
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    for index, name in enumerate(header, start=1):
        longest = max([len(str(name))] + [len(str(row[index - 1] or "")) for row in rows])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, longest + 2)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def content_disposition(stem: str, extension: str) -> str:
    """An ``attachment`` header for a file named after desk-typed text (an event id).

    Headers are latin-1 and ``"``/``;``/newlines end the value early, so the plain ``filename``
    keeps only ASCII letters, digits, ``-``, ``_`` and ``.``; the full name travels percent-encoded
    as RFC 5987 ``filename*`` for browsers that read it (RFC 6266).
    """
    plain = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in stem)
    encoded = quote(f"{stem}.{extension}", safe="")
    return f"attachment; filename=\"{plain or 'export'}.{extension}\"; filename*=UTF-8''{encoded}"
