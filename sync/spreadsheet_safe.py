"""Cells a spreadsheet would run instead of show: the one rule for every CSV and XLSX export.

A participant named ``=HYPERLINK("http://...")`` is data typed at a desk, yet Excel and LibreOffice
run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, read from a CSV, one that starts with
a tab or a carriage return) as a formula: a link that sends the sheet's data away, or worse. OWASP's
CSV injection guidance is followed:

- CSV: such a cell gets a leading apostrophe (``'=HYPERLINK(...)``, ``'+62812...``). The value
  stays readable (a phone number keeps its ``+``), and the apostrophe shows that it is text; the
  csv module already quotes cells with separators, quotes or line breaks.
- XLSX: the cell is written as text, unchanged, and marked with Excel's own "quote prefix", so it
  is shown as typed and stays text even when someone edits it (openpyxl would otherwise store any
  string starting with ``=`` as a live formula).

Numbers that are numbers (``int``/``float``: a day, a count) are left alone, as is a lone ``-``,
the "none" placeholder clerks write, which no spreadsheet reads as a formula. A NIP starts with a
digit and is untouched.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    """Would a spreadsheet take this cell for a formula?"""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and value != "-"


def csv_cell(value: Any) -> Any:
    return "'" + value if is_formula_like(value) else value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """A row for ``csv.writer``: formula-like text prefixed with an apostrophe."""
    return [csv_cell(value) for value in values]


def csv_rows(rows: Iterable[Iterable[Any]]) -> Iterable[list[Any]]:
    return (csv_row(row) for row in rows)


def xlsx_row(sheet: Any, values: Sequence[Any] | Iterable[Any]) -> list[Any]:
    """A row for ``sheet.append`` (normal or write-only workbook): formula-like text becomes a
    text cell with the quote prefix, the value unchanged; everything else passes as it is."""
    from openpyxl.cell import WriteOnlyCell

    row: list[Any] = []
    for value in values:
        if is_formula_like(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # openpyxl made it a formula ("f") for a leading "="
            cell.quotePrefix = True
            row.append(cell)
        else:
            row.append(value)
    return row
