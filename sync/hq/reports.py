"""What the dashboard, the exports and ``hadir-hq stats`` show: plain rows, computed per request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from sync.clock import as_utc
from sync.hq import merge
from sync.hq.models import (
    Certificate,
    CheckIn,
    DeskViaHub,
    Device,
    Event,
    OnlineAttendance,
    OnlineReport,
    Participant,
    Person,
    Registration,
)
from sync.hq.sql import table
from sync.hq.verify import event_dates
from sync.offices import Office


@dataclass(frozen=True, slots=True)
class Route:
    """One way a desk's records reach HQ: directly (``hub`` None) or through a venue hub."""

    hub: str | None  # the hub's desk name
    last_at: datetime | None  # when HQ last received something this way


@dataclass(frozen=True, slots=True)
class DeskRow:
    device_id: str | None  # None: a desk HQ knows only through a venue hub (not enrolled itself)
    office_code: str
    office_name: str
    office_timezone: str  # a desk's last contact is read in its office's zone
    desk_name: str
    enrolled_at: datetime | None
    last_push_at: datetime | None
    last_seen_at: datetime | None
    pending: int | None
    clock_skew_seconds: float | None
    skew_warning: bool
    revoked: bool
    desk_id: str = ""  # the id the desk made for itself
    # How its records reach HQ (issue 17 item 5): directly, through which hubs, or both.
    routes: tuple[Route, ...] = ()
    serves: tuple[str, ...] = ()  # as a venue hub: the desks whose records it relays

    @property
    def direct_at(self) -> datetime | None:
        return next((r.last_at for r in self.routes if r.hub is None), None)

    @property
    def hubs(self) -> tuple[Route, ...]:
        return tuple(r for r in self.routes if r.hub is not None)


@dataclass(frozen=True, slots=True)
class EventRow:
    event_id: str
    office_code: str
    title: str
    dates: str
    timezone: str  # the event's own zone: every time of the event is shown in it
    registered: int
    attended_per_day: dict[int, int]
    online: int  # people with minutes online (Zoom/Meet), as the desks last computed them
    online_eligible: int  # of those, matched to a registration and at the event's online minimum
    certificates: int  # issued and not revoked


def desks(*, session: Session, offices: dict[str, Office], skew_limit: float) -> list[DeskRow]:
    """Every desk HQ knows, enrolled or known only through a venue hub, with the ways its records
    reach HQ: "Langsung" (it pushed itself) and each hub that relayed for it."""
    devices = list(
        session.execute(
            select(Device).order_by(col(Device.office_code), col(Device.desk_name))
        ).scalars()
    )
    names = {d.id: d.desk_name for d in devices}
    via: dict[str, list[DeskViaHub]] = {}
    served: dict[str, list[str]] = {}
    for row in session.execute(
        select(DeskViaHub).order_by(col(DeskViaHub.last_seen).desc())
    ).scalars():
        via.setdefault(row.desk_id, []).append(row)
        served.setdefault(row.hub_device_id, []).append(row.desk_name)

    def office(code: str) -> tuple[str, str]:
        known = offices.get(code)
        return (known.name, known.timezone) if known else (code, "Asia/Jakarta")

    def hub_routes(desk_id: str) -> list[Route]:
        return [
            Route(hub=names.get(r.hub_device_id, r.hub_device_id), last_at=as_utc(r.last_seen))
            for r in via.get(desk_id, [])
        ]

    rows = []
    enrolled_ids = set()
    in_force = {d.desk_id for d in devices if d.revoked_at is None}
    for d in devices:
        enrolled_ids.add(d.desk_id)
        # "Langsung" once it pushed itself (a desk that only ever pulled sent HQ nothing).
        direct = [Route(None, as_utc(d.last_push_at))] if d.last_push_at else []
        # A desk enrolled again: its hub routes go on the enrolment in force, not the revoked one.
        relayed = (
            [] if d.revoked_at is not None and d.desk_id in in_force else hub_routes(d.desk_id)
        )
        rows.append(
            DeskRow(
                device_id=d.id,
                office_code=d.office_code,
                office_name=office(d.office_code)[0],
                office_timezone=office(d.office_code)[1],
                desk_name=d.desk_name,
                enrolled_at=as_utc(d.enrolled_at),
                last_push_at=as_utc(d.last_push_at) if d.last_push_at else None,
                # Its last contact, directly or through a hub (what the hub relayed last).
                last_seen_at=max(
                    ([as_utc(d.last_seen_at)] if d.last_seen_at else [])
                    + [r.last_at for r in relayed if r.last_at],
                    default=None,
                ),
                pending=d.pending_count,
                clock_skew_seconds=d.clock_skew_seconds,
                skew_warning=d.clock_skew_seconds is not None
                and abs(d.clock_skew_seconds) > skew_limit,
                revoked=d.revoked_at is not None,
                desk_id=d.desk_id,
                routes=tuple(direct + relayed),
                serves=tuple(sorted(set(served.get(d.id, [])))),
            )
        )
    for desk_id, seen in via.items():
        if desk_id in enrolled_ids:
            continue
        latest = seen[0]  # the most recent first
        rows.append(
            DeskRow(
                device_id=None,
                office_code=latest.office_code,
                office_name=office(latest.office_code)[0],
                office_timezone=office(latest.office_code)[1],
                desk_name=latest.desk_name,
                enrolled_at=None,
                last_push_at=None,
                last_seen_at=as_utc(latest.last_seen),
                pending=None,
                clock_skew_seconds=None,
                skew_warning=False,
                revoked=False,
                desk_id=desk_id,
                routes=tuple(hub_routes(desk_id)),
            )
        )
    rows.sort(key=lambda r: (r.office_code, r.desk_name.casefold(), r.desk_id))
    return rows


@dataclass(frozen=True, slots=True)
class EventDeskRow:
    """A desk that checked people in for an event, and how its check-ins reached HQ."""

    desk_id: str
    desk_name: str
    checkins: int
    via_hub: str | None  # the hub that pushed them, when it was not the desk itself
    direct: bool  # some came from the desk itself


def event_desks(*, session: Session, event_id: str) -> list[EventDeskRow]:
    """The desks of one event's check-ins (as the records name them) with their routes: a
    check-in a hub relayed is the member's, pushed by the hub's device."""
    checkin, device = table(CheckIn).alias(), table(Device).alias()
    rows = session.execute(
        select(
            checkin.c.desk_id,
            checkin.c.desk_name,
            device.c.desk_id.label("pusher_desk_id"),
            device.c.desk_name.label("pusher_name"),
            func.count().label("n"),
        )
        .join_from(checkin, device, device.c.id == checkin.c.device_id, isouter=True)
        .where(checkin.c.event_id == event_id, checkin.c.undoes_id.is_(None))
        .group_by(checkin.c.desk_id, checkin.c.desk_name, device.c.desk_id, device.c.desk_name)
    ).all()
    desks: dict[str, dict[str, Any]] = {}
    for r in rows:
        entry = desks.setdefault(
            str(r.desk_id),
            {"name": r.desk_name, "n": 0, "hubs": set(), "direct": False},
        )
        entry["n"] += int(r.n)
        if r.pusher_desk_id is not None and r.pusher_desk_id != r.desk_id:
            entry["hubs"].add(str(r.pusher_name))
        else:
            entry["direct"] = True
    return sorted(
        (
            EventDeskRow(
                desk_id=desk_id,
                desk_name=str(entry["name"]),
                checkins=int(entry["n"]),
                via_hub=", ".join(sorted(entry["hubs"])) or None,
                direct=bool(entry["direct"]),
            )
            for desk_id, entry in desks.items()
        ),
        key=lambda row: row.desk_name.casefold(),
    )


def _counts(session: Session, model: type[Registration] | type[Certificate]) -> dict[str, int]:
    query = select(col(model.event_id), func.count()).group_by(col(model.event_id))
    if model is Certificate:
        query = query.where(col(Certificate.revoked_at).is_(None))
    rows = session.execute(query).all()
    return {str(event_id): int(count) for event_id, count in rows}


# An online person counts once they have minutes, unless an operator set them aside (a host's own
# account) or a later result merged them into someone else.
_ONLINE = (col(OnlineAttendance.minutes) > 0) & col(OnlineAttendance.match).not_in(
    ("ignored", "removed")
)


def _online_counts(session: Session) -> dict[str, tuple[int, int]]:
    rows = session.execute(
        select(
            col(OnlineAttendance.event_id),
            func.count(),
            func.count().filter(col(OnlineAttendance.eligible)),
        )
        .where(_ONLINE)
        .group_by(col(OnlineAttendance.event_id))
    ).all()
    return {str(event_id): (int(people), int(eligible)) for event_id, people, eligible in rows}


def events(*, session: Session, office_code: str | None = None) -> list[EventRow]:
    query = select(Event).order_by(col(Event.starts_at).desc())
    if office_code:
        query = query.where(col(Event.office_code) == office_code)
    registered, certificates = _counts(session, Registration), _counts(session, Certificate)
    online = _online_counts(session)
    attended: dict[str, dict[int, int]] = {}
    a = merge.attendance()
    for row in session.execute(
        select(a.c.event_id, a.c.day, func.count().label("n")).group_by(a.c.event_id, a.c.day)
    ):
        attended.setdefault(row.event_id, {})[int(row.day)] = int(row.n)
    return [
        EventRow(
            event_id=e.id,
            office_code=e.office_code,
            title=e.title,
            dates=event_dates(e),
            timezone=e.timezone,
            registered=registered.get(e.id, 0),
            attended_per_day=dict(sorted(attended.get(e.id, {}).items())),
            online=online.get(e.id, (0, 0))[0],
            online_eligible=online.get(e.id, (0, 0))[1],
            certificates=certificates.get(e.id, 0),
        )
        for e in session.execute(query).scalars()
    ]


@dataclass(frozen=True, slots=True)
class AttendanceRow:
    day: int
    name: str
    nip: str
    instansi: str
    first_at: datetime
    desk_name: str


def attendance_rows(*, session: Session, event_id: str) -> list[AttendanceRow]:
    """One row per person and day: the earliest effective check-in, with the desk that made it."""
    a, e = merge.attendance(), merge.effective_checkins()
    # One participant row names the person (the earliest id of theirs), as before.
    named = table(Participant).alias()
    first_of_person = (
        select(func.min(named.c.id)).where(named.c.person_id == a.c.person_id).scalar_subquery()
    )
    person = table(Participant).alias()
    same_moment = (
        (e.c.event_id == a.c.event_id)
        & (e.c.person_id == a.c.person_id)
        & (e.c.day == a.c.day)
        & (e.c.at == a.c.first_at)
    )
    rows = session.execute(
        select(
            a.c.day,
            a.c.person_id,
            a.c.first_at,
            e.c.desk_name,
            person.c.full_name,
            person.c.nip,
            person.c.instansi,
        )
        .join_from(a, e, same_moment)
        .join(person, person.c.id == first_of_person)
        .where(a.c.event_id == event_id)
        .order_by(a.c.day, a.c.first_at)
    )
    seen: set[tuple[int, str]] = set()
    result = []
    for r in rows:
        key = (int(r.day), str(r.person_id))
        if key in seen:  # two desks' check-ins at the very same instant: one attendance
            continue
        seen.add(key)
        result.append(
            AttendanceRow(
                int(r.day), r.full_name, r.nip or "", r.instansi, as_utc(r.first_at), r.desk_name
            )
        )
    return result


@dataclass(frozen=True, slots=True)
class IssuedCopy:
    number: str
    desk_name: str
    issued_at: datetime


@dataclass(frozen=True, slots=True)
class DuplicateRow:
    """A person with two or more certificates in force for one event: desks that issued offline
    (issue 17 item 2). Shown as "Sertifikat ganda" for an operator to keep one and revoke the
    other at a desk; HQ revokes nothing by itself."""

    name: str
    nip: str
    certificates: tuple[IssuedCopy, ...]  # earliest issued first


def duplicate_certificates(*, session: Session, event_id: str) -> list[DuplicateRow]:
    """Certificates in force of one event, grouped by person (HQ links each desk's participant
    ids by NIP, ``merge``): every group of two or more."""
    certificate, participant, device = (
        table(Certificate).alias(),
        table(Participant).alias(),
        table(Device).alias(),
    )
    rows = session.execute(
        select(
            participant.c.person_id,
            participant.c.nip,
            certificate.c.number,
            certificate.c.printed_name,
            certificate.c.issued_at,
            certificate.c.desk_id,
            device.c.desk_name,
        )
        .join_from(certificate, participant, participant.c.id == certificate.c.participant_id)
        .outerjoin(device, device.c.id == certificate.c.device_id)
        .where(certificate.c.event_id == event_id, certificate.c.revoked_at.is_(None))
        .order_by(certificate.c.issued_at, certificate.c.id)
    ).all()
    people: dict[str, list[Any]] = {}
    for row in rows:
        people.setdefault(str(row.person_id), []).append(row)
    # A certificate a venue hub relayed was pushed by the hub's device: name the desk that issued
    # it (the record's desk id), as it is known at HQ (enrolled, or through a hub).
    makers = _desk_names(session, sorted({str(row.desk_id) for row in rows}))
    return sorted(
        (
            DuplicateRow(
                name=group[0].printed_name,
                nip=next((r.nip for r in group if r.nip), "") or "",
                certificates=tuple(
                    IssuedCopy(
                        r.number,
                        makers.get(r.desk_id) or r.desk_name or r.desk_id,
                        as_utc(r.issued_at),
                    )
                    for r in group
                ),
            )
            for group in people.values()
            if len(group) > 1
        ),
        key=lambda d: d.name,
    )


def _desk_names(session: Session, desk_ids: list[str]) -> dict[str, str]:
    """Desk id (the desk's own) -> its name: enrolled desks first, then desks known through a
    venue hub."""
    names: dict[str, str] = {}
    if not desk_ids:
        return names
    for row in session.execute(
        select(col(DeskViaHub.desk_id), col(DeskViaHub.desk_name)).where(
            col(DeskViaHub.desk_id).in_(desk_ids)
        )
    ):
        names[str(row.desk_id)] = str(row.desk_name)
    for row in session.execute(
        select(col(Device.desk_id), col(Device.desk_name)).where(col(Device.desk_id).in_(desk_ids))
    ):
        names[str(row.desk_id)] = str(row.desk_name)
    return names


def stats(*, session: Session) -> dict[str, int]:
    def count(model: type[object]) -> int:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())

    return {
        "participants": count(Participant),
        "persons": count(Person),
        "registrations": count(Registration),
        "checkins": count(CheckIn),
        "attendances": merge.count_attendances(session=session),
        "certificates": count(Certificate),
        "certificates_revoked": int(
            session.execute(
                select(func.count()).where(col(Certificate.revoked_at).is_not(None))
            ).scalar_one()
        ),
        "online": int(
            session.execute(
                select(func.count()).select_from(OnlineAttendance).where(_ONLINE)
            ).scalar_one()
        ),
        "devices": count(Device),
        "events": count(Event),
    }


@dataclass(frozen=True, slots=True)
class OnlineReportRow:
    """An online attendance report (Zoom, Meet, Teams) a desk imported for an event."""

    file_name: str
    source: str  # "Zoom", "Google Meet", "Microsoft Teams" (from the desk's variant)
    variant: str
    meeting_date: str  # a Meet report's day (dd-mm-yyyy); "" when its rows carry their dates
    imported_at: datetime
    operator: str
    desk_name: str  # the desk whose push brought it
    size: int
    withdrawn_at: datetime | None
    withdrawn_by: str
    withdrawn_reason: str


_SOURCES = {"zoom": "Zoom", "google": "Google Meet", "teams": "Microsoft Teams"}


def online_reports(*, session: Session, event_id: str) -> list[OnlineReportRow]:
    """The event's online reports as desks imported them, withdrawn ones too (audit keeps the
    file that was once counted, and when and why it stopped), oldest import first."""
    report, device = table(OnlineReport).alias(), table(Device).alias()
    rows = session.execute(
        select(
            report.c.file_name,
            report.c.variant,
            report.c.meeting_date,
            report.c.imported_at,
            report.c.operator,
            device.c.desk_name,
            report.c.size,
            report.c.withdrawn_at,
            report.c.withdrawn_by,
            report.c.withdrawn_reason,
        )
        .join_from(report, device, device.c.id == report.c.device_id, isouter=True)
        .where(report.c.event_id == event_id)
        .order_by(report.c.imported_at, report.c.file_name)
    ).all()
    return [
        OnlineReportRow(
            file_name=r.file_name,
            source=_SOURCES.get(r.variant.split("_", 1)[0], r.variant),
            variant=r.variant,
            meeting_date=r.meeting_date.strftime("%d-%m-%Y") if r.meeting_date else "",
            imported_at=as_utc(r.imported_at),
            operator=r.operator,
            desk_name=r.desk_name or "",
            size=int(r.size),
            withdrawn_at=as_utc(r.withdrawn_at) if r.withdrawn_at is not None else None,
            withdrawn_by=r.withdrawn_by or "",
            withdrawn_reason=r.withdrawn_reason or "",
        )
        for r in rows
    ]
