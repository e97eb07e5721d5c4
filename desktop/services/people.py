"""Participants for the window: the walk-in and edit forms' validation, registering a walk-in and
checking them in, the participants table (200,000 rows as plain tuples) and its export."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text

from desktop.core import attendance, registry
from desktop.core.clock import as_utc
from desktop.core.db import Database
from desktop.core.desk import DeskIdentity
from desktop.core.errors import HadirError
from desktop.core.identity import AsnStatus, IdentityError, IdKind, normalize_number, parse_identity
from desktop.core.models import CheckInMethod
from desktop.core.operators import record_audit
from desktop.services.checkin import EntryResult, Outcome, person_from_participant
from sync.spreadsheet_safe import csv_row, csv_rows, xlsx_row

# Lengths a complete number has, by status; a shorter run of digits is still being typed.
_FULL_LENGTH = {AsnStatus.PNS: 18, AsnStatus.PPPK: 18, AsnStatus.NON_ASN: 16}

# --------------------------------------------------------------------------- the form


@dataclass(frozen=True, slots=True)
class IdentityCheck:
    """What the number field says while the clerk types."""

    state: str  # "empty" | "typing" | "valid" | "invalid"
    code: str = ""  # the core's error code when invalid
    params: dict[str, object] | None = None
    number: str = ""
    kind: str = ""  # IdKind value when valid
    birth_date: date | None = None
    gender: str | None = None  # L / P
    digits: int = 0
    expected: int = 0


def check_identity(raw: str, *, status: str) -> IdentityCheck:
    """Validate the number field for the chosen status; an unfinished number is not an error yet."""
    number = normalize_number(raw)
    wanted = AsnStatus(status)
    expected = _FULL_LENGTH[wanted]
    if not number:
        return IdentityCheck("empty", expected=expected)
    if number.isdigit() and len(number) < expected and len(number) != 9:
        return IdentityCheck("typing", number=number, digits=len(number), expected=expected)
    try:
        parsed = parse_identity(raw, status=wanted)
    except IdentityError as error:
        return IdentityCheck(
            "invalid", error.code, dict(error.params), number, digits=len(number), expected=expected
        )
    return IdentityCheck(
        "valid",
        number=parsed.number,
        kind=parsed.kind.value,
        birth_date=parsed.birth_date,
        gender=parsed.gender,
        digits=len(number),
        expected=expected,
    )


def guess_status(raw: str) -> str | None:
    """The status a complete number implies (16 digits: a NIK; 18: PNS, else PPPK)."""
    number = normalize_number(raw)
    if not number.isdigit():
        return None
    if len(number) == 16:
        return AsnStatus.NON_ASN.value
    if len(number) == 18:
        try:
            parsed = parse_identity(number)
        except IdentityError:
            return None
        return AsnStatus.PPPK.value if parsed.kind is IdKind.NIP_PPPK else AsnStatus.PNS.value
    return None


@dataclass(frozen=True, slots=True)
class PersonForm:
    """The walk-in / edit form's values, as typed."""

    full_name: str
    number: str
    asn_status: str
    golongan: str = ""
    jabatan: str = ""
    unit_kerja: str = ""
    instansi: str = ""
    email: str = ""
    phone: str = ""


def check_form(form: PersonForm) -> dict[str, tuple[str, dict[str, object]]]:
    """Field -> (error code, params) for every field that would be refused; empty when fine."""
    errors: dict[str, tuple[str, dict[str, object]]] = {}
    if not " ".join(form.full_name.split()):
        errors["full_name"] = ("name_required", {})
    ident = check_identity(form.number, status=form.asn_status)
    if ident.state == "empty" and form.asn_status != AsnStatus.NON_ASN.value:
        errors["number"] = ("nip_required", {})
    elif ident.state == "typing":
        errors["number"] = ("bad_length", {"length": ident.digits, "expected": ident.expected})
    elif ident.state == "invalid":
        errors["number"] = (ident.code, ident.params or {})
    try:
        registry.clean_email(form.email)
    except HadirError as error:
        errors["email"] = (error.code, dict(error.params))
    return errors


def _refuse_if_invalid(form: PersonForm) -> None:
    errors = check_form(form)
    if errors:
        field, (code, params) = next(iter(errors.items()))
        raise HadirError(
            f"The form is not valid ({field}: {code}).", code=code, field=field, **params
        )


# --------------------------------------------------------------------------- walk-in


@dataclass(frozen=True, slots=True)
class KnownPerson:
    """A person the desk already knows by number (from another event), to pre-fill the form."""

    form: PersonForm
    registered: bool  # already registered for this event


def find_known_person(db: Database, *, event_id: str, number: str) -> KnownPerson | None:
    digits = normalize_number(number)
    if not digits.isdigit():
        return None
    with db.session() as session:
        participant = registry.find_participant_by_nip(session=session, nip=digits)
        if participant is None:
            participant = registry.find_participant_by_nik(session=session, nik=digits)
        if participant is None:
            return None
        registered = (
            registry.get_registration(
                session=session, event_id=event_id, participant_id=participant.id
            )
            is not None
        )
        return KnownPerson(_form_of(participant), registered)


def register_walkin(
    db: Database,
    *,
    event_id: str,
    day: int,
    form: PersonForm,
    desk: DeskIdentity,
    operator: str,
) -> EntryResult:
    """Register a walk-in and check them in, in one write transaction (both or neither)."""
    _refuse_if_invalid(form)
    with db.write() as session:
        participant, _registration = registry.register_participant(
            session=session,
            event_id=event_id,
            desk_id=desk.desk_id,
            full_name=form.full_name,
            nip=form.number or None,
            asn_status=form.asn_status,
            golongan=form.golongan,
            jabatan=form.jabatan,
            unit_kerja=form.unit_kerja,
            instansi=form.instansi,
            email=form.email or None,
            phone=form.phone,
            source="walkin",
        )
        result = attendance.check_in(
            session=session,
            event_id=event_id,
            participant_id=participant.id,
            day=day,
            desk=desk,
            operator=operator,
            method=CheckInMethod.MANUAL.value,
        )
        record_audit(
            session=session,
            operator=operator,
            action="walkin",
            detail={
                "event": event_id,
                "participant": participant.id,
                "day": day,
                "status": result.status,
            },
        )
        outcome = Outcome.CHECKED_IN if result.status == "checked_in" else Outcome.ALREADY
        return EntryResult(
            outcome,
            form.full_name,
            person=person_from_participant(participant),
            at=result.at,
            desk_name=result.desk_name,
            checkin_id=result.checkin_id,
            day=day,
        )


def known_instansi(db: Database, *, limit: int = 2000) -> list[str]:
    """Instansi the desk already knows, most frequent first: suggestions for the form."""
    with db.session() as session:
        rows = session.connection().execute(
            text(
                "SELECT instansi FROM participant WHERE instansi != '' "
                "GROUP BY instansi ORDER BY COUNT(*) DESC LIMIT :limit"
            ),
            {"limit": limit},
        )
        return [instansi for (instansi,) in rows]


# --------------------------------------------------------------------------- editing


def _form_of(participant: Any) -> PersonForm:
    return PersonForm(
        full_name=participant.full_name,
        number=participant.nip or participant.nik or "",
        asn_status=participant.asn_status,
        golongan=participant.golongan,
        jabatan=participant.jabatan,
        unit_kerja=participant.unit_kerja,
        instansi=participant.instansi,
        email=participant.email or "",
        phone=participant.phone,
    )


def participant_form(db: Database, *, participant_id: str) -> PersonForm:
    with db.session() as session:
        return _form_of(registry.get_participant(session=session, participant_id=participant_id))


def save_participant(
    db: Database, *, participant_id: str, form: PersonForm, operator: str
) -> PersonForm:
    """Save an edited participant with the same validation as a walk-in."""
    _refuse_if_invalid(form)
    with db.write() as session:
        before = registry.get_participant(session=session, participant_id=participant_id)
        old_number = before.nip or before.nik or ""
        fields: dict[str, object] = {
            "full_name": form.full_name,
            "nip": form.number,
            "asn_status": form.asn_status,
            "golongan": form.golongan,
            "jabatan": form.jabatan,
            "unit_kerja": form.unit_kerja,
            "instansi": form.instansi,
            "email": form.email,
            "phone": form.phone,
        }
        new_number = normalize_number(form.number)
        if new_number != old_number:
            # A corrected NIP re-derives birth date and gender only where the old ones were what
            # the old number said (or unknown): never overwrite what a person gave.
            old = _derived(old_number, before.asn_status)
            new = _derived(new_number, form.asn_status)
            if before.birth_date in (None, old[0]):
                fields["birth_date"] = new[0]
            if before.gender in (None, old[1]):
                fields["gender"] = new[1]
        participant = registry.update_participant(
            session=session, participant_id=participant_id, **fields
        )
        record_audit(
            session=session,
            operator=operator,
            action="participant.update",
            detail={"participant": participant_id},
        )
        return _form_of(participant)


def _derived(number: str, status: str) -> tuple[date | None, str | None]:
    if not number:
        return None, None
    try:
        parsed = parse_identity(number, status=status or None)
    except (IdentityError, ValueError):
        return None, None
    return parsed.birth_date, parsed.gender


# --------------------------------------------------------------------------- the table

# A row of the participants table, as a plain tuple (200,000 of them must be cheap). TIMES holds
# one aware UTC time (or None) per day; KEY is the folded name and number the filter looks in.
ID, NAME, NUMBER, STATUS, GOLONGAN, INSTANSI, JABATAN, UNIT, TIMES, DAYS, KEY = range(11)


@dataclass(frozen=True, slots=True)
class ParticipantTable:
    event_id: str
    timezone: str
    days: int
    rows: list[tuple[Any, ...]]
    instansi: list[tuple[str, int]]  # (instansi, people), most people first
    folded_instansi: dict[str, str]  # instansi -> folded, for the text filter
    # Certificate eligibility (desktop/core/certificates/eligibility.py's rule, computed per row by
    # ``eligible``): days required, online minutes per participant and the online minimum (None:
    # no online rule), and operators' overrides. Small maps: only people online or overridden.
    days_required: int = 1
    online_minutes: dict[str, int] = field(default_factory=dict)
    online_required: int | None = None
    overrides: dict[str, bool] = field(default_factory=dict)

    def minutes(self, row: tuple[Any, ...]) -> int | None:
        return self.online_minutes.get(row[ID])

    def eligible(self, row: tuple[Any, ...]) -> bool:
        decided = self.overrides.get(row[ID])
        if decided is not None:
            return decided
        minutes = self.online_minutes.get(row[ID])
        return row[DAYS] >= self.days_required or (
            self.online_required is not None
            and minutes is not None
            and minutes >= self.online_required
        )


def row_key(name: str, number: str) -> str:
    return f"{name.casefold()}\x00{number}"


def load_participant_table(
    db: Database, *, event_id: str, check: Callable[[], None] = lambda: None
) -> ParticipantTable:
    """Every registered participant of an event with their check-in time per day.

    Repeated texts (status, golongan, instansi, jabatan, unit) are shared between rows, and e-mail
    and phone stay in the database until an export asks for them: at 200,000 rows that halves the
    memory. ``check`` is called between steps so a cancelled load stops early.
    """
    from desktop.core.certificates.eligibility import days_required
    from desktop.core.online import online_minutes, required_minutes

    with db.session() as session:
        event = registry.get_event(session=session, event_id=event_id)
        days = len(registry.event_days(event))
        timezone = event.timezone
        required_days = days_required(event)
        online_required = required_minutes(event)
        minutes = online_minutes(session=session, event_id=event_id)
        overrides = _overrides(session, event_id)
        firsts = []
        for day in range(1, days + 1):
            check()
            firsts.append(attendance.first_checkins(session=session, event_id=event_id, day=day))
        check()
        result = session.connection().execute(
            text(
                "SELECT p.id, p.full_name, p.nip, p.nik, p.asn_status, p.golongan, p.instansi, "
                "p.jabatan, p.unit_kerja FROM registration r "
                "JOIN participant p ON p.id = r.participant_id WHERE r.event_id = :event "
                "ORDER BY p.full_name COLLATE NOCASE"
            ),
            {"event": event_id},
        )
        shared: dict[str, str] = {}
        same = shared.setdefault
        rows: list[tuple[Any, ...]] = []
        counts: dict[str, int] = {}
        for pid, name, nip, nik, status, gol, instansi, jabatan, unit in result:
            times = tuple(first.get(pid) for first in firsts)
            attended = sum(1 for t in times if t is not None)
            number = nip or nik or ""
            instansi = same(instansi, instansi)
            rows.append(
                (
                    pid,
                    name,
                    number,
                    same(status, status),
                    same(gol, gol),
                    instansi,
                    same(jabatan, jabatan),
                    same(unit, unit),
                    times,
                    attended,
                    row_key(name, number),
                )
            )
            counts[instansi] = counts.get(instansi, 0) + 1
            if len(rows) % 20_000 == 0:
                check()
    instansi_list = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    folded = {name: name.casefold() for name in counts}
    return ParticipantTable(
        event_id,
        timezone,
        days,
        rows,
        instansi_list,
        folded,
        required_days,
        minutes,
        online_required,
        overrides,
    )


def _overrides(session: Any, event_id: str) -> dict[str, bool]:
    """Each participant's latest eligibility override (later rows replace earlier ones)."""
    rows = session.connection().execute(
        text(
            "SELECT participant_id, eligible FROM eligibility_override WHERE event_id = :event "
            "ORDER BY created_at"
        ),
        {"event": event_id},
    )
    return {pid: bool(eligible) for pid, eligible in rows}


@dataclass(frozen=True, slots=True)
class TableQuery:
    """What the participants view shows: a filter and a sort, applied to the loaded rows."""

    text: str = ""
    instansi: str | None = None
    day: int = 0  # 0: any attendance state
    present: bool | None = None  # with day: True = hadir that day, False = belum
    sort_column: int = NAME
    descending: bool = False


def apply_query(table: ParticipantTable, query: TableQuery) -> list[int]:
    """Row indexes of ``table.rows`` to show, in order. Every word typed must appear in the name,
    the number or the instansi."""
    rows = table.rows
    needles = [w for w in query.text.casefold().replace(".", " ").split() if w]
    indexes: Sequence[int] = range(len(rows))
    if query.instansi is not None:
        indexes = [i for i in indexes if rows[i][INSTANSI] == query.instansi]
    if query.day and query.present is not None:
        slot, want = query.day - 1, query.present
        indexes = [i for i in indexes if (rows[i][TIMES][slot] is not None) == want]
    folded = table.folded_instansi
    for needle in needles:
        digits = normalize_number(needle)
        needle = digits if digits.isdigit() else needle
        indexes = [
            i
            for i in indexes
            if needle in rows[i][KEY] or needle in folded.get(rows[i][INSTANSI], "")
        ]
    chosen = list(indexes)
    key = _sort_key(query.sort_column, table)
    if key is not None:
        chosen.sort(key=key, reverse=query.descending)
    elif query.descending:
        chosen.reverse()
    return chosen


def _sort_key(column: int, table: ParticipantTable) -> Callable[[int], Any] | None:
    rows = table.rows
    if column == ONLINE_SORT:
        return lambda i: table.online_minutes.get(rows[i][ID], -1)
    if column == ELIGIBLE_SORT:
        return lambda i: table.eligible(rows[i])
    if column == NAME:
        return None  # rows are loaded in name order already
    if column >= TIMES_BASE:
        slot = column - TIMES_BASE
        # Not yet present sorts after everyone present.
        return lambda i: (rows[i][TIMES][slot] is None, rows[i][TIMES][slot] or _EPOCH)
    if column in (NUMBER, STATUS, GOLONGAN, INSTANSI, DAYS):
        return lambda i: rows[i][column] if column == DAYS else str(rows[i][column]).casefold()
    return None


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Sort columns past the fixed ones are the days: TIMES_BASE + (day - 1).
TIMES_BASE = 100
ONLINE_SORT, ELIGIBLE_SORT = 90, 91  # minutes online, eligible for a certificate


# --------------------------------------------------------------------------- export


@dataclass(frozen=True, slots=True)
class ExportColumns:
    """Translated headers, given by the window (the service does not know the language)."""

    headers: tuple[str, ...]  # No, Nama, NIP/NIK, Status, Gol, Jabatan, Unit, Instansi, Email, HP
    day_header: str  # e.g. "Hari {day}"
    days_header: str  # e.g. "Jumlah hari hadir"


def load_contacts(db: Database, *, event_id: str) -> dict[str, tuple[str, str]]:
    """Participant id -> (e-mail, phone) for an event: read only when an export needs them."""
    with db.session() as session:
        rows = session.connection().execute(
            text(
                "SELECT p.id, p.email, p.phone FROM registration r "
                "JOIN participant p ON p.id = r.participant_id WHERE r.event_id = :event"
            ),
            {"event": event_id},
        )
        return {pid: (email or "", phone or "") for pid, email, phone in rows}


def export_rows(
    table: ParticipantTable,
    order: Sequence[int],
    *,
    contacts: dict[str, tuple[str, str]],
    path: Path,
    columns: ExportColumns,
    time_text: Callable[[datetime], str],
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> int:
    """Write the shown rows to ``path`` (.xlsx or .csv). The file appears only when complete: a
    cancelled export (``progress`` raising) leaves nothing half-written."""
    path = Path(path)
    headers = [
        *columns.headers,
        *(columns.day_header.format(day=d) for d in range(1, table.days + 1)),
        columns.days_header,
    ]
    partial = path.with_name(f".{path.name}.partial")

    def lines() -> Any:
        for n, index in enumerate(order, start=1):
            row = table.rows[index]
            times = [time_text(as_utc(t)) if t is not None else "" for t in row[TIMES]]
            yield [
                n,
                row[NAME],
                row[NUMBER],
                row[STATUS],
                row[GOLONGAN],
                row[JABATAN],
                row[UNIT],
                row[INSTANSI],
                *contacts.get(row[ID], ("", "")),
                *times,
                row[DAYS],
            ]
            if n % 2000 == 0:
                progress(n, len(order))

    try:
        if path.suffix.lower() == ".xlsx":
            _write_xlsx(partial, headers, lines())
        else:
            _write_csv(partial, headers, lines())
        progress(len(order), len(order))
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return len(order)


def _write_csv(path: Path, headers: list[str], lines: Any) -> None:
    # utf-8-sig and ";" so that Excel in an Indonesian locale opens it in columns.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(csv_row(headers))
        # Excel shows an 18-digit NIP from a CSV as 1.98609E+17; the XLSX export keeps it as text.
        writer.writerows(csv_rows(lines))


def _write_xlsx(path: Path, headers: list[str], lines: Any) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Peserta")
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for line in lines:
        # Numbers stay text (str), so Excel does not turn an 18-digit NIP into 1.98609E+17.
        sheet.append(xlsx_row(sheet, line))
    workbook.save(path)


def audit_export(db: Database, *, operator: str, event_id: str, path: Path, rows: int) -> None:
    # Exports carry personal data out of the desk: UU 27/2022 wants a record of it.
    with db.write() as session:
        record_audit(
            session=session,
            operator=operator,
            action="participants.export",
            detail={"event": event_id, "file": str(path), "rows": rows},
        )
