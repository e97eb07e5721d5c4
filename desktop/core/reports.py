"""Attendance records on paper and in files: the daftar hadir per day, and the attendance export.

People are listed alphabetically by name without titles ("Dr. H. Ahmad Yani" files under A), the
order clerks and auditors look people up in. Times are shown in the event's zone with its label.
The export carries what the office needs for its records and no more: no e-mail, phone or NIK
(UU 27/2022, data minimisation); the NIP is written in its printed form with spaces, which also
keeps Excel from turning 18 digits into 1.98609E+17. Typed text a spreadsheet would run as a
formula (a name starting with "=") is neutralised by the one rule in sync/spreadsheet_safe.py.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from desktop.core import numbering
from desktop.core.attendance import first_checkins
from desktop.core.certificates.eligibility import eligibility, event_online_rule
from desktop.core.certificates.models import Certificate
from desktop.core.certificates.signatories import signatories
from desktop.core.clock import utc_to_local, utcnow, zone_label
from desktop.core.documents.daftar_hadir import (
    AttendanceSheet,
    SheetResult,
    SheetRow,
    render_daftar_hadir,
)
from desktop.core.errors import HadirError
from desktop.core.identity import format_nip
from desktop.core.models import Participant, Registration
from desktop.core.names import core_name
from desktop.core.offices import office_by_code
from desktop.core.registry import event_days, get_event
from sync.indonesian import clock, long_date
from sync.spreadsheet_safe import csv_row, csv_rows, xlsx_row


def _unit(participant: Participant) -> str:
    return ", ".join(part for part in (participant.unit_kerja, participant.instansi) if part)


def registered_participants(*, session: Session, event_id: str) -> list[Participant]:
    rows = session.exec(
        select(Participant)
        .join(Registration, col(Registration.participant_id) == col(Participant.id))
        .where(Registration.event_id == event_id)
    )
    return sorted(rows, key=lambda p: (core_name(p.full_name), p.full_name.casefold()))


def daftar_hadir_sheet(
    *, session: Session, event_id: str, day: int, blank: bool = False
) -> AttendanceSheet:
    event = get_event(session=session, event_id=event_id)
    days = event_days(event)
    if not 1 <= day <= len(days):
        raise HadirError(
            f"Day {day} is not a day of this event (it has {len(days)}).", code="bad_day", day=day
        )
    the_day = days[day - 1]
    label = zone_label(event.timezone)
    times = {} if blank else first_checkins(session=session, event_id=event_id, day=day)
    rows = []
    for number, participant in enumerate(
        registered_participants(session=session, event_id=event_id), start=1
    ):
        at = times.get(participant.id)
        rows.append(
            SheetRow(
                number=number,
                name=participant.full_name,
                nip=format_nip(participant.nip) if participant.nip else "-",
                golongan=participant.golongan,  # the sheet prints its code (golongan_code)
                unit=_unit(participant),
                checked_in_at=clock(utc_to_local(at, event.timezone)) if at else None,
            )
        )
    office = office_by_code(event.office_code)
    main = signatories(session=session, event=event)[0]
    now = utc_to_local(utcnow(), event.timezone)
    return AttendanceSheet(
        event_title=event.title,
        office_name=office.name,
        day_number=day,
        day_count=len(days),
        day=the_day.date,
        hours=f"{clock(the_day.starts_at)} – {clock(the_day.ends_at)} {label}",
        zone_label=label,
        venue=event.venue,
        rows=tuple(rows),
        blank=blank,
        place=numbering.office_place(
            session=session, office_code=event.office_code, fallback=office.province
        ),
        signatory_title=main.title,
        signatory_name=main.name,
        signatory_nip=format_nip(main.nip) if main.nip else "",
        printed_at=f"{long_date(now.date())} {clock(now)} {label}",
    )


def write_daftar_hadir(
    *, session: Session, event_id: str, day: int, out: Path, blank: bool = False
) -> SheetResult:
    sheet = daftar_hadir_sheet(session=session, event_id=event_id, day=day, blank=blank)
    out.parent.mkdir(parents=True, exist_ok=True)
    return render_daftar_hadir(sheet, out)


# --------------------------------------------------------------------------- export


@dataclass(frozen=True, slots=True)
class AttendanceTable:
    title: str
    info: list[tuple[str, str]]
    headers: list[str]
    rows: list[list[str | int]]


def attendance_table(*, session: Session, event_id: str) -> AttendanceTable:
    event = get_event(session=session, event_id=event_id)
    days = event_days(event)
    label = zone_label(event.timezone)
    per_day = [first_checkins(session=session, event_id=event_id, day=d.number) for d in days]
    online = event_online_rule(session=session, event_id=event_id)
    status = {
        e.participant_id: e for e in eligibility(session=session, event_id=event_id, online=online)
    }
    numbers = dict(
        session.exec(
            select(Certificate.participant_id, Certificate.number).where(
                Certificate.event_id == event_id, col(Certificate.revoked_at).is_(None)
            )
        ).all()
    )
    headers = [
        "No",
        "Nama",
        "NIP / NI PPPK",
        "Status ASN",
        "Pangkat/Gol",
        "Jabatan",
        "Unit Kerja",
        "Instansi",
    ]
    headers += [f"Hari {d.number} ({d.date.strftime('%d/%m')}) {label}" for d in days]
    headers += ["Hari hadir", "Memenuhi syarat sertifikat", "Nomor sertifikat"]
    rows: list[list[str | int]] = []
    for number, p in enumerate(registered_participants(session=session, event_id=event_id), 1):
        e = status.get(p.id)
        times = [
            clock(utc_to_local(day_times[p.id], event.timezone)) if p.id in day_times else ""
            for day_times in per_day
        ]
        if e is None:
            eligible = ""
        elif e.override is not None:
            eligible = (
                f"{'Ya' if e.override else 'Tidak'} (keputusan operator: {e.override_reason})"
            )
        else:
            eligible = "Ya" if e.by_rule else "Tidak"
        rows.append(
            [
                number,
                p.full_name,
                format_nip(p.nip) if p.nip else "",
                p.asn_status,
                p.golongan,
                p.jabatan,
                p.unit_kerja,
                p.instansi,
                *times,
                e.days_attended if e else sum(1 for t in times if t),
                eligible,
                numbers.get(p.id, ""),
            ]
        )
    first, last = days[0].date, days[-1].date
    info = [
        ("Kegiatan", event.title),
        ("Penyelenggara", office_by_code(event.office_code).name),
        (
            "Tanggal",
            long_date(first) if first == last else f"{long_date(first)} – {long_date(last)}",
        ),
        ("Tempat", event.venue),
        ("Zona waktu", f"{event.timezone} ({label})"),
        ("Diekspor", utc_to_local(utcnow(), event.timezone).strftime("%Y-%m-%d %H:%M ") + label),
    ]
    return AttendanceTable(title=event.title, info=info, headers=headers, rows=rows)


@dataclass(frozen=True, slots=True)
class ExportResult:
    rows: int
    format: str
    path: Path


def export_attendance(*, session: Session, event_id: str, out: Path) -> ExportResult:
    """XLSX or CSV by the file's extension. The CSV uses ';' and a UTF-8 byte-order mark, which
    is what Excel in an Indonesian locale opens correctly with a double click."""
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise HadirError(f"Export to .xlsx or .csv, not '{out.name}'.", code="export_format")
    table = attendance_table(session=session, event_id=event_id)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    try:
        if suffix == ".csv":
            with partial.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle, delimiter=";")
                writer.writerow(csv_row(table.headers))
                writer.writerows(csv_rows(table.rows))
        else:
            _write_xlsx(table, partial)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return ExportResult(rows=len(table.rows), format=suffix[1:], path=out)


def _write_xlsx(table: AttendanceTable, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Kehadiran"
    sheet.append(xlsx_row(sheet, table.headers))
    for row in table.rows:
        sheet.append(xlsx_row(sheet, row))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8ECF2")
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, header in enumerate(table.headers, start=1):
        longest = max([len(str(header))] + [len(str(r[index - 1])) for r in table.rows[:500]])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(6, longest + 2), 48)
    about = book.create_sheet("Info")
    for key, value in table.info:
        about.append(xlsx_row(about, [key, value]))
    for cell in about["A"]:
        cell.font = bold
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 70
    book.save(path)
