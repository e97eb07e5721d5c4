"""Coverage by instansi (issue 19 item 3): how many agencies the program has reached, which of the
largest are not reached yet, and the same by province.

Participants type their agency as free text, so agencies are told apart by a **normalised name**
(``agency_key``: case, spaces, dots and the common abbreviations, "Pemkot" = "Pemerintah Kota"),
here and nowhere else. An agency is *reached* in a year when someone holding a certificate in force
issued that year names it (the same people as sync/hq/national.py's "people trained").

"The largest" needs a reference list of agencies and their number of ASN, which HQ loads from a
file (``hadir-hq agencies import``; the ``agency`` table). HQ invents no figures: without a list,
the pages show the agencies reached and say that the list is not loaded.

**By province**: a person counts in the province of the agency they named when the list knows it,
else in the province of the office that certified them; once per province however many
certificates they hold there (the figures of two provinces may add up to more than the nation's,
as offices' do).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import String, case, column, delete, func, select, text
from sqlmodel import Session

from sync.clock import utcnow
from sync.hq.errors import Invalid
from sync.hq.models import (
    Agency,
    Certificate,
    Change,
    CoverageSnapshot,
    Participant,
    PersonDecision,
)
from sync.hq.national import _in_force
from sync.hq.sql import table
from sync.offices import Office

# Words written short in agency names, and what they stand for (after dots became spaces).
ABBREVIATIONS = {
    "pemkot": "pemerintah kota",
    "pemkab": "pemerintah kabupaten",
    "pemprov": "pemerintah provinsi",
    "kab": "kabupaten",
    "prov": "provinsi",
}
_SEPARATORS = re.compile(r"[.,]")


def agency_key(name: str) -> str:
    """The name an agency is known by, however it was typed: "PEMKAB.  Donggala" and
    "Pemerintah Kabupaten Donggala" are both "pemerintah kabupaten donggala"; "Kab. Donggala" is
    "kabupaten donggala" (as typed: the list decides which names it carries)."""
    words = _SEPARATORS.sub(" ", name.casefold()).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


@dataclass(frozen=True, slots=True)
class ListedAgency:
    name: str
    province: str  # "": a central agency
    asn: int


@dataclass(frozen=True, slots=True)
class ProvinceCoverage:
    province: str
    people_trained: int
    agencies_reached: int  # distinct names
    agencies_listed: int  # of the reference list, in this province
    listed_reached: int


@dataclass(frozen=True, slots=True)
class Coverage:
    agencies_reached: int  # distinct normalised names among the people trained
    list_loaded: bool
    agencies_listed: int = 0  # the list's agencies in scope (the nation's, or the office's)
    listed_reached: int = 0
    asn_listed: int = 0  # their ASN, as the list gives it
    asn_in_reached: int = 0  # ASN of the listed agencies reached (not people trained)
    largest_unreached: list[ListedAgency] = field(default_factory=list)
    by_province: list[ProvinceCoverage] = field(default_factory=list)


class _Matcher:
    """Which listed agency a typed name means: the one agency with that key, else the one of the
    office's province, else the central one of that name, else none."""

    def __init__(self, agencies: Iterable[Agency]) -> None:
        self.by_key: dict[str, list[Agency]] = {}
        for agency in agencies:
            self.by_key.setdefault(agency.name_key, []).append(agency)

    def province_of(self, key: str) -> str | None:
        """The province people naming ``key`` count in, whichever office certified them: that of
        the one agency listed with this key, if it has one. Otherwise (a central agency, or a name
        several provinces list, where the office's own is meant) the office's: None."""
        candidates = self.by_key.get(key, [])
        if len(candidates) == 1 and candidates[0].province:
            return candidates[0].province
        return None

    def match(self, key: str, office_province: str) -> Agency | None:
        candidates = self.by_key.get(key, [])
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        for wanted in (office_province, ""):
            for agency in candidates:
                if agency.province == wanted:
                    return agency
        return None


def coverage(
    *,
    session: Session,
    year: int,
    offices: Mapping[str, Office],
    office: str | None = None,
    mode: str | None = None,
    largest: int = 10,
) -> Coverage:
    """The year's coverage for the nation, or for one ``office`` (its certificates, and the
    listed agencies of its province). Two passes over the year's certificates: agencies by
    office, then people by province."""
    certificate, participant = table(Certificate).alias(), table(Participant).alias()
    joined = certificate.join(participant, participant.c.id == certificate.c.participant_id)
    in_force = _in_force(certificate, year, mode, office)
    typed = session.execute(
        select(participant.c.instansi, certificate.c.office_code)
        .select_from(joined)
        .where(*in_force)
        .group_by(participant.c.instansi, certificate.c.office_code)
    ).all()
    listed = list(session.execute(select(Agency)).scalars())
    matcher = _Matcher(listed)

    def province_of_office(code: str) -> str:
        known = offices.get(code)
        return known.province if known and known.province else code

    reached_keys: set[str] = set()
    reached_ids: set[int] = set()
    keys_by_province: dict[str, set[str]] = {}
    placed: dict[str, str] = {}  # typed name -> the province of the one listed agency it names
    for instansi, code in typed:
        key = agency_key(str(instansi or ""))
        if not key:
            continue  # nobody can tell which agency: it counts for no agency, the person counts
        home = province_of_office(str(code))
        agency = matcher.match(key, home)
        own_province = matcher.province_of(key)
        if own_province is not None:
            placed[str(instansi)] = own_province
        reached_keys.add(key)
        keys_by_province.setdefault(own_province or home, set()).add(key)
        if agency is not None and agency.id is not None:
            reached_ids.add(agency.id)

    people = _people_by_province(
        session, certificate, participant, in_force, offices, province_of_office, placed
    )
    if office is not None:
        home = province_of_office(office)
        listed = [a for a in listed if a.office_code == office or a.province == home]
    listed_by_province: dict[str, list[Agency]] = {}
    for agency in listed:
        listed_by_province.setdefault(agency.province, []).append(agency)
    provinces = sorted(
        set(people) | {p for p in listed_by_province if p},
        key=lambda p: (-people.get(p, 0), p),
    )
    unreached = sorted(
        (a for a in listed if a.id not in reached_ids), key=lambda a: (-a.asn, a.name)
    )
    return Coverage(
        agencies_reached=len(reached_keys),
        list_loaded=bool(listed) or _any_listed(session),
        agencies_listed=len(listed),
        listed_reached=sum(1 for a in listed if a.id in reached_ids),
        asn_listed=sum(a.asn for a in listed),
        asn_in_reached=sum(a.asn for a in listed if a.id in reached_ids),
        largest_unreached=[ListedAgency(a.name, a.province, a.asn) for a in unreached[:largest]],
        by_province=[
            ProvinceCoverage(
                province=p,
                people_trained=people.get(p, 0),
                agencies_reached=len(keys_by_province.get(p, ())),
                agencies_listed=len(listed_by_province.get(p, ())),
                listed_reached=sum(1 for a in listed_by_province.get(p, ()) if a.id in reached_ids),
            )
            for p in provinces
        ],
    )


# ------------------------------------------------------------------ kept between views


def kept(
    *,
    session: Session,
    year: int,
    offices: Mapping[str, Office],
    office: str | None = None,
    mode: str | None = None,
    largest: int = 10,
) -> Coverage:
    """``coverage``, read from its snapshot while the data it was computed from has not changed
    (at 1,000,000 people the two passes take seconds; a page view should not). Whatever changes
    a figure changes the version: every ingested change (certificates, revocations, participants'
    agencies, erasures: each is a change, sequenced or waiting for its position), an operator's
    link or unlink, a new agency list, another offices file. A snapshot that is stale is computed
    again and written in this session's transaction (committed here: the pages read in a session
    of their own); two workers doing so at once write the same figures."""
    key = f"{year}|{office or '*'}|{mode or '*'}|{largest}"
    version = data_version(session, offices)
    row = session.get(CoverageSnapshot, key)
    if row is not None and row.version == version:
        return _from_json(row.body)
    found = coverage(
        session=session, year=year, offices=offices, office=office, mode=mode, largest=largest
    )
    body = json.dumps(asdict(found), ensure_ascii=False, separators=(",", ":"))
    if row is None:
        row = CoverageSnapshot(key=key, version=version, computed_at=utcnow(), body=body)
    else:
        row.version, row.computed_at, row.body = version, utcnow(), body
    session.add(row)
    try:
        session.commit()
    except Exception:  # another worker wrote the same key first: its figures are these
        session.rollback()
    return found


def data_version(session: Session, offices: Mapping[str, Office]) -> str:
    """What the coverage figures depend on, in a few index reads: the change log's newest
    position and how many changes wait for one, the newest people decision, the agency list
    (its size and newest row) and the offices' provinces."""
    change, decision, agency = table(Change), table(PersonDecision), table(Agency)
    newest = session.execute(
        select(func.max(change.c.seq)).where(change.c.seq.is_not(None))
    ).scalar_one()
    waiting = session.execute(
        select(func.count()).select_from(change).where(change.c.seq.is_(None))
    ).scalar_one()
    decided = session.execute(select(func.max(decision.c.id))).scalar_one()
    listed, last = session.execute(select(func.count(), func.max(agency.c.id))).one()
    places = hashlib.sha256(
        "|".join(f"{code}={o.province}" for code, o in sorted(offices.items())).encode()
    ).hexdigest()[:16]
    return f"{newest}/{waiting}/{decided}/{listed}/{last}/{places}"


def _from_json(body: str) -> Coverage:
    data = json.loads(body)
    return Coverage(
        **{
            **data,
            "largest_unreached": [ListedAgency(**a) for a in data["largest_unreached"]],
            "by_province": [ProvinceCoverage(**p) for p in data["by_province"]],
        }
    )


def _any_listed(session: Session) -> bool:
    return session.execute(select(func.count()).select_from(table(Agency))).scalar_one() > 0


def _people_by_province(
    session: Session,
    certificate: Any,
    participant: Any,
    in_force: list[Any],
    offices: Mapping[str, Office],
    province_of_office: Any,
    placed: Mapping[str, str],
) -> dict[str, int]:
    """People per province, each once: the province of the agency they named (``placed``: typed
    name -> province), else the certifying office's. One pass: the certificates join the typed
    names as a ``VALUES`` list (a hash join, however many names), then people are counted."""
    by_office = case(
        {code: province_of_office(code) for code in offices},
        value=certificate.c.office_code,
        else_=certificate.c.office_code,
    )
    joined = certificate.join(participant, participant.c.id == certificate.c.participant_id)
    province: Any = by_office
    if placed:
        # column1, column2: what PostgreSQL and SQLite both call a VALUES list's columns.
        names = list(placed.items())[:_MAX_PLACED]
        rows = ", ".join(f"(:typed_{i}, :province_{i})" for i in range(len(names)))
        binds = {f"typed_{i}": typed for i, (typed, _p) in enumerate(names)}
        binds |= {f"province_{i}": where for i, (_t, where) in enumerate(names)}
        listed = (
            text(f"VALUES {rows}")
            .bindparams(**binds)
            .columns(column("column1", String), column("column2", String))
            .subquery("placed")
        )
        joined = joined.outerjoin(listed, listed.c.column1 == participant.c.instansi)
        province = func.coalesce(listed.c.column2, by_office)
    # Each (province, person) once, then counted: a hash aggregate, where PostgreSQL would sort
    # for a count(DISTINCT); and grouped outside, as PostgreSQL does not see two copies of a
    # parametrised CASE as the same expression.
    counted = (
        select(province.label("province"), participant.c.person_id)
        .select_from(joined)
        .where(*in_force)
        .distinct()
        .subquery()
    )
    return {
        str(name): int(n)
        for name, n in session.execute(
            select(counted.c.province, func.count()).group_by(counted.c.province)
        ).all()
    }


# Typed names placed in their agency's province in one query: two bound values each, within
# SQLite's 32,766 (beyond it, the rest count in their office's province).
_MAX_PLACED = 15_000


# ----------------------------------------------------------------------- the reference list

_COLUMNS = {
    "place": (
        "office or province",
        "office code or province",
        "kantor atau provinsi",
        "office",
        "office code",
        "office_code",
        "kantor",
        "province",
        "provinsi",
    ),
    "name": ("agency", "agency name", "instansi", "nama instansi", "name", "nama"),
    "asn": ("asn", "asn count", "asn_count", "jumlah asn", "jumlah_asn"),
}
_MAX_ERRORS = 10  # shown at once; the rest after these are fixed


@dataclass(frozen=True, slots=True)
class ImportResult:
    agencies: int
    asn: int
    provinces_without_office: list[str]  # named in the file, but of none of HQ's offices


def import_agencies(
    *, session: Session, path: Path, offices: Mapping[str, Office], now: datetime
) -> ImportResult:
    """Replace the reference list with the file's (CSV with ``,`` or ``;``, or XLSX): columns
    office code or province (empty: a central agency), agency name, ASN count, under a header
    row. Every row is checked before anything is written; the errors name file, row and field."""
    rows = _read_rows(path)
    if not rows:
        raise Invalid(f"{path}: the file is empty.", code="agency_list_invalid", file=str(path))
    header = [str(cell or "").strip().casefold() for cell in rows[0]]
    where: dict[str, int] = {}
    for field_name, names in _COLUMNS.items():
        found = [index for index, title in enumerate(header) if title in names]
        if not found:
            raise Invalid(
                f"{path}, row 1: no column for {field_name!r} (one of: {', '.join(names)}).",
                code="agency_list_invalid",
                file=str(path),
                field=field_name,
            )
        where[field_name] = found[0]
    provinces = {o.province.casefold(): o.province for o in offices.values() if o.province}
    errors: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    agencies: list[Agency] = []
    for number, row in enumerate(rows[1:], start=2):
        cells = [str(c).strip() if c is not None else "" for c in row]
        if not any(cells):
            continue
        cell = {f: cells[i] if i < len(cells) else "" for f, i in where.items()}

        def fail(field_name: str, problem: str, number: int = number) -> None:
            errors.append(f"{path}, row {number}, {field_name}: {problem}")

        place, name = cell["place"], cell["name"]
        office_code = place.upper() if place.upper() in offices else None
        if office_code is not None:
            province = offices[office_code].province
        else:
            province = provinces.get(place.casefold(), place)
        key = agency_key(name)
        if not key:
            fail("name", "the agency has no name.")
        elif len(name) > 300:
            fail("name", "the name is longer than 300 characters.")
        asn = _count(cell["asn"])
        if asn is None:
            fail("asn", f"{cell['asn']!r} is not a number of ASN (a whole number, 0 or more).")
        if key and (key, province) in seen:
            fail("name", f"{name!r} is listed already in row {seen[(key, province)]}.")
        seen.setdefault((key, province), number)
        if asn is not None and key and len(name) <= 300:
            agencies.append(
                Agency(
                    name=name,
                    name_key=key,
                    province=province[:100],
                    office_code=office_code,
                    asn=asn,
                    imported_at=now,
                )
            )
    if errors:
        more = f" (and {len(errors) - _MAX_ERRORS} more)" if len(errors) > _MAX_ERRORS else ""
        raise Invalid(
            "The agency list was not loaded: " + "; ".join(errors[:_MAX_ERRORS]) + more + ".",
            code="agency_list_invalid",
            file=str(path),
            errors=len(errors),
        )
    session.execute(delete(table(Agency)))
    session.add_all(agencies)
    return ImportResult(
        agencies=len(agencies),
        asn=sum(a.asn for a in agencies),
        provinces_without_office=sorted(
            {a.province for a in agencies if a.province and a.province.casefold() not in provinces}
        ),
    )


def _count(text: str) -> int | None:
    """An ASN count as a person writes it: 12345, 12.345 or 12,345 (a spreadsheet's 12345.0)."""
    cleaned = text.replace(" ", "")
    if re.fullmatch(r"\d+\.0", cleaned):
        cleaned = cleaned[:-2]
    cleaned = re.sub(r"(?<=\d)[.,](?=\d{3}(\D|$))", "", cleaned)
    return int(cleaned) if cleaned.isdigit() else None


def _read_rows(path: Path) -> list[list[Any]]:
    if path.suffix.casefold() == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            return [list(row) for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    if path.suffix.casefold() != ".csv":
        raise Invalid(
            f"{path}: an agency list is a .csv or .xlsx file.",
            code="agency_list_invalid",
            file=str(path),
        )
    text = path.read_text(encoding="utf-8-sig")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
