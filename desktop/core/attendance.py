"""Check-in: append-only attendance records, undo as a new record, and what they add up to.

A person is present on a day when they have at least one check-in for it that no undo record
cancels; their attendance time is the earliest such check-in. Which check-ins count is one rule,
``sync/attendance_rule.py``, that HQ applies too when it merges the check-ins of several desks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, func
from sqlmodel import Session, col, select

from desktop.core.clock import as_utc, utcnow
from desktop.core.desk import DeskIdentity
from desktop.core.errors import HadirError, NotFound, NotRegistered
from desktop.core.models import CheckIn, CheckInMethod, Registration
from desktop.core.registry import event_days, get_event, get_registration
from sync.attendance_rule import counts
from sync.desk import outbox
from sync.protocol import CheckInRecord

_CHECKIN = cast(Table, CheckIn.__table__)  # type: ignore[attr-defined]
# The rule as a WHERE clause on the desk's checkin table: a check-in counts while no undo names it.
_COUNTS = counts(_CHECKIN)


@dataclass(frozen=True, slots=True)
class CheckInResult:
    status: str  # "checked_in" | "already_checked_in"
    at: datetime  # aware UTC: this check-in, or the earlier one that already counts
    desk_name: str  # where that check-in was made (``made_at``)
    checkin_id: str
    participant_id: str
    day: int


def checkin_record(checkin: CheckIn) -> CheckInRecord:
    return CheckInRecord(
        id=checkin.id,
        event_id=checkin.event_id,
        participant_id=checkin.participant_id,
        day=checkin.day,
        at=as_utc(checkin.at),
        desk_id=checkin.desk_id,
        desk_name=checkin.desk_name,
        operator=checkin.operator,
        method=checkin.method,
        undoes_id=checkin.undoes_id,
    )


def made_at(checkin: CheckIn) -> str:
    """Where a check-in was made, as the amber card names it: the desk, and for a check-in at a
    phone or tablet station also the station ("Meja 1 \u00b7 HP 1"; issue 17 item 7)."""
    if checkin.method == CheckInMethod.STATION.value and checkin.operator:
        return f"{checkin.desk_name} \u00b7 {checkin.operator}"
    return checkin.desk_name


def effective_checkin(
    *, session: Session, event_id: str, participant_id: str, day: int
) -> CheckIn | None:
    """The earliest check-in that still counts for this person and day, from any desk."""
    return session.exec(
        select(CheckIn)
        .where(
            CheckIn.event_id == event_id,
            CheckIn.participant_id == participant_id,
            CheckIn.day == day,
            _COUNTS,
        )
        .order_by(col(CheckIn.at))
        .limit(1)
    ).first()


def _check_day(event_id: str, day: int, session: Session) -> None:
    days = event_days(get_event(session=session, event_id=event_id))
    if not 1 <= day <= len(days):
        raise HadirError(
            f"Day {day} is not a day of this event (it has {len(days)}).", code="bad_day", day=day
        )


def check_in(
    *,
    session: Session,
    event_id: str,
    participant_id: str,
    day: int,
    desk: DeskIdentity,
    operator: str,
    method: str = CheckInMethod.SCAN.value,
    at: datetime | None = None,
) -> CheckInResult:
    """Record that a registered person is present. A second scan records nothing new and says when
    and where the first one was made."""
    event = get_event(session=session, event_id=event_id)
    _check_day(event_id, day, session)
    if get_registration(session=session, event_id=event_id, participant_id=participant_id) is None:
        raise NotRegistered(
            "This person is not registered for this event.", participant_id=participant_id
        )
    earlier = effective_checkin(
        session=session, event_id=event_id, participant_id=participant_id, day=day
    )
    if earlier is not None:
        return CheckInResult(
            status="already_checked_in",
            at=as_utc(earlier.at),
            desk_name=made_at(earlier),
            checkin_id=earlier.id,
            participant_id=participant_id,
            day=day,
        )
    checkin = CheckIn(
        event_id=event_id,
        participant_id=participant_id,
        day=day,
        at=at or utcnow(),
        desk_id=desk.desk_id,
        desk_name=desk.desk_name,
        operator=operator,
        method=CheckInMethod(method).value,
    )
    session.add(checkin)
    session.flush()
    if not event.is_demo:
        outbox.enqueue(session=session, records=[checkin_record(checkin)])
    return CheckInResult(
        status="checked_in",
        at=as_utc(checkin.at),
        desk_name=made_at(checkin),
        checkin_id=checkin.id,
        participant_id=participant_id,
        day=day,
    )


def undo_check_in(
    *, session: Session, checkin_id: str, desk: DeskIdentity, operator: str
) -> CheckIn:
    """Cancel a check-in by recording an undo that names it; the original stays."""
    original = session.get(CheckIn, checkin_id)
    if original is None or original.undoes_id is not None:
        raise NotFound(f"No check-in with id '{checkin_id}' to undo.", checkin_id=checkin_id)
    already = session.exec(select(CheckIn).where(CheckIn.undoes_id == checkin_id)).first()
    if already is not None:
        raise HadirError("That check-in was already undone.", code="already_undone")
    undo = CheckIn(
        event_id=original.event_id,
        participant_id=original.participant_id,
        day=original.day,
        at=utcnow(),
        desk_id=desk.desk_id,
        desk_name=desk.desk_name,
        operator=operator,
        method=CheckInMethod.MANUAL.value,
        undoes_id=original.id,
    )
    session.add(undo)
    session.flush()
    if not get_event(session=session, event_id=original.event_id).is_demo:
        outbox.enqueue(session=session, records=[checkin_record(undo)])
    return undo


def first_checkins(*, session: Session, event_id: str, day: int) -> dict[str, datetime]:
    """Each present person's earliest effective check-in time for a day (aware UTC)."""
    rows = session.exec(
        select(CheckIn.participant_id, func.min(CheckIn.at))
        .where(CheckIn.event_id == event_id, CheckIn.day == day, _COUNTS)
        .group_by(col(CheckIn.participant_id))
    )
    return {person: as_utc(at) for person, at in rows}


def days_attended(*, session: Session, event_id: str) -> dict[str, int]:
    """How many distinct days each person was present (undo-aware)."""
    rows = session.exec(
        select(CheckIn.participant_id, func.count(func.distinct(CheckIn.day)))
        .where(CheckIn.event_id == event_id, _COUNTS)
        .group_by(col(CheckIn.participant_id))
    )
    return {person: int(count) for person, count in rows}


@dataclass(frozen=True, slots=True)
class DayCount:
    present: int  # hadir
    registered: int  # terdaftar


def day_count(*, session: Session, event_id: str, day: int) -> DayCount:
    present = session.exec(
        select(func.count(func.distinct(CheckIn.participant_id))).where(
            CheckIn.event_id == event_id, CheckIn.day == day, _COUNTS
        )
    ).one()
    registered = session.exec(
        select(func.count()).select_from(Registration).where(Registration.event_id == event_id)
    ).one()
    return DayCount(present=int(present), registered=int(registered))


def last_checkin(*, session: Session, event_id: str, desk_id: str) -> CheckIn | None:
    """This desk's most recent check-in that still counts: what "undo" would cancel, however many
    of its later check-ins were undone already."""
    return session.exec(
        select(CheckIn)
        .where(CheckIn.event_id == event_id, CheckIn.desk_id == desk_id, _COUNTS)
        .order_by(col(CheckIn.at).desc())
        .limit(1)
    ).first()


def recent_checkins(
    *, session: Session, event_id: str, desk_id: str, day: int, limit: int
) -> list[tuple[str, datetime]]:
    """This desk's latest check-ins for a day that still count, newest first: (person, aware
    UTC)."""
    rows = session.exec(
        select(CheckIn.participant_id, CheckIn.at)
        .where(
            CheckIn.event_id == event_id, CheckIn.desk_id == desk_id, CheckIn.day == day, _COUNTS
        )
        .order_by(col(CheckIn.at).desc())
        .limit(limit)
    )
    return [(person, as_utc(at)) for person, at in rows]
