"""The national picture (issue 19): people trained against the program's targets, by office.

**People, not rows.** A person is trained in a year when they hold a certificate in force (not
revoked) issued that year; a person with several (two events, two offices) counts once in the
nation's figure and once in each office that certified them, so an office's figure is its own work
and the offices' figures may add up to more than the nation's. Who is one person is HQ's merge
(``Participant.person_id``: the same NIP, else NIK, else e-mail; sync/hq/merge.py).

**Targets** are people per year, set by HQ admins for the nation and each office
(``ProgramTarget``); an unset national target is the program's 1,000,000, an unset office target
is none (0 in JSON, "belum ditetapkan" on a page).

``hadir-hq stats`` and (later) the dashboard's national page read these figures from here, so both
count the same way. Nothing is kept per process: each call reads the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from sync.clock import as_utc, utcnow
from sync.hq import merge
from sync.hq.errors import HQError
from sync.hq.models import (
    Certificate,
    Event,
    Participant,
    ProgramTarget,
    Registration,
    TrainedCount,
)
from sync.hq.sql import dialect_name, table
from sync.hq.verify import event_dates
from sync.offices import Office

NATION = "*"  # ProgramTarget.scope of the national target
NATIONAL_TARGET = 1_000_000  # the program's target when HQ has set none for the year
EARLIEST_YEAR, LATEST_YEAR = 2000, 2099  # what HQ holds (sync/protocol.py's moments)


@dataclass(frozen=True, slots=True)
class OfficeFigures:
    office: str
    name: str
    people_trained: int
    target: int  # 0: none set
    events: int  # events that started in the year (in their own time zone)
    jp: int  # jam pelajaran of those events
    province: str = ""  # "Sulawesi Tengah": the office's short label in charts and tables


@dataclass(frozen=True, slots=True)
class NationalFigures:
    year: int
    people_trained: int
    target: int
    by_office: list[OfficeFigures]


def current_year() -> int:
    return utcnow().year


MODES = ("luring", "daring")  # a certificate's mode: in the room, or online


def _in_force(
    certificate: Any, year: int, mode: str | None, office: str | None = None
) -> list[Any]:
    _check_year_and_mode(year, mode)
    where = [
        certificate.c.revoked_at.is_(None),
        certificate.c.issued_on >= date(year, 1, 1),
        certificate.c.issued_on < date(year + 1, 1, 1),
    ]
    if mode is not None:
        where.append(certificate.c.mode == mode)
    if office is not None:  # one office's work: the certificates it issued
        where.append(certificate.c.office_code == office)
    return where


def figures(
    *, session: Session, year: int, offices: Mapping[str, Office], mode: str | None = None
) -> NationalFigures:
    """The year's figures for the nation and every office HQ knows (in the offices file's
    order; an office that holds records but is not in the file comes after them). ``mode``:
    people certified in the room ("luring") or online ("daring") only."""
    certificate, participant = table(Certificate).alias(), table(Participant).alias()
    in_force = _in_force(certificate, year, mode)
    joined = certificate.join(participant, participant.c.id == certificate.c.participant_id)
    nation = people_trained(session=session, year=year, mode=mode)
    if _counted(session):  # PostgreSQL keeps the counts (migration 0016)
        per_office = _counts_by_scope(session, year=year, mode=mode)
    else:
        per_office = {
            str(code): int(n)
            for code, n in session.execute(
                select(
                    certificate.c.office_code, func.count(func.distinct(participant.c.person_id))
                )
                .select_from(joined)
                .where(*in_force)
                .group_by(certificate.c.office_code)
            ).all()
        }
    target = table(ProgramTarget)
    targets = {
        str(scope): int(people)
        for scope, people in session.execute(
            select(target.c.scope, target.c.people).where(target.c.year == year)
        ).all()
    }
    events, jp = _events(session, year)
    codes = list(offices) + sorted((set(per_office) | set(events)) - set(offices))
    return NationalFigures(
        year=year,
        people_trained=int(nation),
        target=targets.get(NATION, NATIONAL_TARGET),
        by_office=[
            OfficeFigures(
                office=code,
                name=offices[code].name if code in offices else code,
                people_trained=per_office.get(code, 0),
                target=targets.get(code, 0),
                events=events.get(code, 0),
                jp=jp.get(code, 0),
                province=offices[code].province if code in offices else code,
            )
            for code in codes
        ],
    )


def _events(session: Session, year: int) -> tuple[dict[str, int], dict[str, int]]:
    """Events and their JP per office, by the year an event started in its own zone (an event at
    08.00 WITA on 1 January started on 31 December in UTC). Read in a window one day wider than
    the year, then placed exactly."""
    event = table(Event).alias()
    # Events more than a day from either end of the year are in it in every zone (offsets are
    # within +-14 hours): the database counts those; only the few near the ends are placed here,
    # one by one (5,000 events one by one took 48 ms of the national page).
    inner_start = datetime(year, 1, 2, tzinfo=UTC)
    inner_end = datetime(year, 12, 31, tzinfo=UTC)
    counts: dict[str, int] = {}
    hours: dict[str, int] = {}
    for office, n, jp in session.execute(
        select(event.c.office_code, func.count(), func.coalesce(func.sum(event.c.jp), 0))
        .where(event.c.starts_at >= inner_start, event.c.starts_at < inner_end)
        .group_by(event.c.office_code)
    ).all():
        counts[str(office)], hours[str(office)] = int(n), int(jp)
    wide_start = datetime(year - 1, 12, 31, tzinfo=UTC)
    wide_end = datetime(year + 1, 1, 2, tzinfo=UTC)
    for office, starts_at, zone, jp in session.execute(
        select(event.c.office_code, event.c.starts_at, event.c.timezone, event.c.jp).where(
            or_(
                (event.c.starts_at >= wide_start) & (event.c.starts_at < inner_start),
                (event.c.starts_at >= inner_end) & (event.c.starts_at < wide_end),
            )
        )
    ).all():
        try:
            local = as_utc(starts_at).astimezone(ZoneInfo(str(zone)))
        except (ZoneInfoNotFoundError, ValueError):
            local = as_utc(starts_at)  # a zone HQ does not know (stored before ingest checked)
        if local.year != year:
            continue
        counts[str(office)] = counts.get(str(office), 0) + 1
        hours[str(office)] = hours.get(str(office), 0) + int(jp or 0)
    return counts, hours


def set_target(
    *,
    session: Session,
    scope: str,
    year: int,
    people: int,
    offices: Mapping[str, Office],
    by: str = "",
) -> ProgramTarget:
    """Set (or replace) a target. ``scope``: an office code of the offices file, or NATION."""
    _check_year(year)
    if scope != NATION and scope not in offices:
        known = ", ".join(offices)
        raise HQError(
            f"Office {scope!r} is not one of HQ's offices ({known}).", code="office_unknown"
        )
    if people < 0:
        raise HQError(
            f"A target is a number of people, 0 or more (given: {people}).", code="target_negative"
        )
    row = session.get(ProgramTarget, (scope, year))
    if row is None:
        row = ProgramTarget(scope=scope, year=year, people=people, set_at=utcnow(), set_by=by)
    else:
        row.people, row.set_at, row.set_by = people, utcnow(), by
    session.add(row)
    return row


def _check_year(year: int) -> None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise HQError(
            f"Year {year} is outside {EARLIEST_YEAR}-{LATEST_YEAR}, the years HQ holds.",
            code="year_out_of_range",
        )


def monthly(
    *, session: Session, year: int, mode: str | None = None, office: str | None = None
) -> list[int]:
    """People newly trained in each month of the year (12 numbers): a person counts in the month
    of their first certificate in force that year, so the months add up to ``people_trained``."""
    if _counted(session):
        return _counts_by_month(session, year=year, mode=mode, scope=office or ALL)
    certificate, participant = table(Certificate).alias(), table(Participant).alias()
    first = (
        select(
            participant.c.person_id,
            func.min(certificate.c.issued_on).label("first_on"),
        )
        .select_from(
            certificate.join(participant, participant.c.id == certificate.c.participant_id)
        )
        .where(*_in_force(certificate, year, mode, office))
        .group_by(participant.c.person_id)
        .subquery()
    )
    month = func.extract("month", first.c.first_on)
    counts = [0] * 12
    for number, n in session.execute(select(month, func.count()).group_by(month)).all():
        counts[int(number) - 1] = int(n)
    return counts


def by_mode(*, session: Session, year: int, office: str | None = None) -> dict[str, int]:
    """People trained in the room and online (someone certified both ways counts in both)."""
    return {
        mode: people_trained(session=session, year=year, mode=mode, office=office) for mode in MODES
    }


def people_trained(
    *, session: Session, year: int, mode: str | None = None, office: str | None = None
) -> int:
    """The nation's figure alone, or (``office``) one office's."""
    if _counted(session):
        scope = office or ALL
        return _counts_by_scope(session, year=year, mode=mode, scope=scope).get(scope, 0)
    certificate, participant = table(Certificate).alias(), table(Participant).alias()
    return int(
        session.execute(
            select(func.count(func.distinct(participant.c.person_id)))
            .select_from(
                certificate.join(participant, participant.c.id == certificate.c.participant_id)
            )
            .where(*_in_force(certificate, year, mode, office))
        ).scalar_one()
    )


# --------------------------------------------------------------------------- the kept counts
#
# On PostgreSQL the figures are read from ``trained_count``, which triggers keep exact in the
# transaction that writes a certificate, a revocation or a person's records (migration 0016): a
# page costs a few index reads whatever HQ holds. SQLite counts from the certificates each time.

ALL = "*"  # trained_count's scope and mode for "every office" and "every mode"


def _check_year_and_mode(year: int, mode: str | None) -> None:
    _check_year(year)
    if mode is not None and mode not in MODES:
        raise HQError(f"Mode {mode!r} is none of {', '.join(MODES)}.", code="mode_unknown")


def _counted(session: Session) -> bool:
    return dialect_name(session) == "postgresql"


def _counts_by_scope(
    session: Session, *, year: int, mode: str | None, scope: str | None = None
) -> dict[str, int]:
    """People trained in the year per office (or the nation, ``ALL``), from the kept counts;
    ``scope``: that one only. Offices with no one are left out, as the direct count does."""
    _check_year_and_mode(year, mode)
    count = table(TrainedCount)
    where = [count.c.year == year, count.c.mode == (mode or ALL), count.c.month == 0]
    if scope is None:
        where.append(count.c.scope != ALL)
    else:
        where.append(count.c.scope == scope)
    rows = session.execute(
        select(count.c.scope, func.sum(count.c.people)).where(*where).group_by(count.c.scope)
    ).all()
    return {str(found): int(n) for found, n in rows if n}


def _counts_by_month(
    session: Session, *, year: int, mode: str | None, scope: str = ALL
) -> list[int]:
    """People newly trained per month (12 numbers) for the nation or one office."""
    _check_year_and_mode(year, mode)
    count = table(TrainedCount)
    months = [0] * 12
    for month, n in session.execute(
        select(count.c.month, func.sum(count.c.people))
        .where(
            count.c.year == year,
            count.c.scope == scope,
            count.c.mode == (mode or ALL),
            count.c.month.between(1, 12),
        )
        .group_by(count.c.month)
    ).all():
        months[int(month) - 1] = int(n)
    return months


# ------------------------------------------------------------------ one office (the office page)


def office_figures(
    *,
    session: Session,
    year: int,
    offices: Mapping[str, Office],
    code: str,
    mode: str | None = None,
) -> OfficeFigures:
    """One office's row of ``figures``, read for that office alone (its certificates only)."""
    events, jp = _events(session, year)
    known = offices.get(code)
    return OfficeFigures(
        office=code,
        name=known.name if known else code,
        people_trained=people_trained(session=session, year=year, mode=mode, office=code),
        target=target_of(session=session, year=year, scope=code),
        events=events.get(code, 0),
        jp=jp.get(code, 0),
        province=known.province if known else code,
    )


def target_of(*, session: Session, year: int, scope: str) -> int:
    """One target: an office's (0 when unset), or the nation's (``NATION``; the program's
    default when unset)."""
    target = table(ProgramTarget)
    people = session.execute(
        select(target.c.people).where(target.c.year == year, target.c.scope == scope)
    ).scalar_one_or_none()
    if people is None:
        return NATIONAL_TARGET if scope == NATION else 0
    return int(people)


@dataclass(frozen=True, slots=True)
class OfficeEvent:
    event_id: str
    title: str
    dates: str  # in the event's own zone
    mode: str
    jp: int
    registered: int  # registrations
    attended: int  # people with a check-in that counts, on any day
    certified: int  # participants holding a certificate in force for it


def office_events(*, session: Session, year: int, code: str) -> list[OfficeEvent]:
    """The office's events that started in the year (in their own zone), latest first, each with
    its people registered, attended and certified: one grouped query per count, over this
    office's events only."""
    wide_start = datetime(year - 1, 12, 31, tzinfo=UTC)
    wide_end = datetime(year + 1, 1, 2, tzinfo=UTC)
    rows = [
        e
        for e in session.execute(
            select(Event)
            .where(
                col(Event.office_code) == code,
                col(Event.starts_at) >= wide_start,
                col(Event.starts_at) < wide_end,
            )
            .order_by(col(Event.starts_at).desc())
        ).scalars()
        if _local_year(e.starts_at, e.timezone) == year
    ]
    ids = [e.id for e in rows]
    if not ids:
        return []
    registration, certificate = table(Registration).alias(), table(Certificate).alias()
    attendance = merge.attendance()
    registered = _per_event(
        session,
        select(registration.c.event_id, func.count())
        .where(registration.c.event_id.in_(ids))
        .group_by(registration.c.event_id),
    )
    attended = _per_event(
        session,
        select(attendance.c.event_id, func.count(func.distinct(attendance.c.person_id)))
        .where(attendance.c.event_id.in_(ids))
        .group_by(attendance.c.event_id),
    )
    certified = _per_event(
        session,
        select(certificate.c.event_id, func.count(func.distinct(certificate.c.participant_id)))
        .where(certificate.c.event_id.in_(ids), certificate.c.revoked_at.is_(None))
        .group_by(certificate.c.event_id),
    )
    return [
        OfficeEvent(
            event_id=e.id,
            title=e.title,
            dates=event_dates(e),
            mode=e.mode,
            jp=int(e.jp or 0),
            registered=registered.get(e.id, 0),
            attended=attended.get(e.id, 0),
            certified=certified.get(e.id, 0),
        )
        for e in rows
    ]


def _local_year(starts_at: datetime, zone: str) -> int:
    try:
        return as_utc(starts_at).astimezone(ZoneInfo(zone)).year
    except (ZoneInfoNotFoundError, ValueError):
        return as_utc(starts_at).year  # a zone HQ does not know, as in _events


def _per_event(session: Session, query: Any) -> dict[str, int]:
    return {str(event_id): int(n) for event_id, n in session.execute(query).all()}
