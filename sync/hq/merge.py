"""Merging what several desks recorded (sync.md rule 16).

People: each desk makes its own participant ids; HQ links the participants that are one person by
NIP, else NIK, else e-mail, through ``person.match_key`` (unique, so two workers linking the same
NIP at once agree on one person). Each desk's participant id stays valid and maps to that person.
A participant with none of the three stays a person of its own. An HQ operator's link or unlink
(sync/hq/people.py) stands over the match key, at this ingest and every later one.

Attendance: every check-in is kept. Per event, person and day, attendance is the earliest check-in
that counts (``sync/attendance_rule.py``, the desk's rule too: no undo record names it). It is
computed when asked (a query, not a table), so an undo arriving late, or a desk's earlier check-in
arriving after another's, changes the answer without rewriting anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Subquery, func, select
from sqlmodel import Session

from sync.attendance_rule import counts
from sync.clock import as_utc
from sync.hq import people
from sync.hq.models import CheckIn, Participant, Person
from sync.hq.sql import chunks, insert, table
from sync.ids import new_id
from sync.protocol import ParticipantRecord


def effective_checkins() -> Subquery:
    """Every check-in that counts, with the person its participant is: (id, event_id, day, at,
    desk_name, person_id)."""
    checkin, participant = table(CheckIn).alias(), table(Participant).alias()
    return (
        select(
            checkin.c.id,
            checkin.c.event_id,
            checkin.c.day,
            checkin.c.at,
            checkin.c.desk_name,
            participant.c.person_id,
        )
        .join_from(checkin, participant, participant.c.id == checkin.c.participant_id)
        .where(counts(checkin))
        .subquery()
    )


def attendance() -> Subquery:
    """One row per event, person and day: the earliest check-in that counts, as ``first_at``."""
    effective = effective_checkins()
    return (
        select(
            effective.c.event_id,
            effective.c.person_id,
            effective.c.day,
            func.min(effective.c.at).label("first_at"),
        )
        .group_by(effective.c.event_id, effective.c.person_id, effective.c.day)
        .subquery()
    )


def match_key(record: ParticipantRecord) -> str:
    if record.nip and record.nip.strip():
        return "nip:" + "".join(ch for ch in record.nip if ch.isdigit())
    if record.nik and record.nik.strip():
        return "nik:" + "".join(ch for ch in record.nik if ch.isdigit())
    if record.email and record.email.strip():
        return "email:" + record.email.strip().lower()
    return "id:" + record.id


def person_ids(
    *, session: Session, records: Sequence[ParticipantRecord], now: datetime
) -> dict[str, str]:
    """The person each participant record belongs to, creating people as needed (participant id ->
    person id). Insert-or-ignore on the unique key, then read: never read-then-insert."""
    keys = {record.id: match_key(record) for record in records}
    distinct = sorted(set(keys.values()))
    if not distinct:
        return {}
    rows = [{"id": new_id(), "match_key": key, "created_at": now} for key in distinct]
    session.execute(insert(session, Person).on_conflict_do_nothing(), rows)
    person = table(Person)
    found: dict[str, str] = {}
    for part in chunks(distinct):
        result = session.execute(
            select(person.c.match_key, person.c.id).where(person.c.match_key.in_(part))
        )
        found.update({row.match_key: row.id for row in result})
    people.lock(session, exclusive=False)  # read the decisions after any link in progress ends
    return people.resolve(
        session=session,
        matched={participant_id: found[key] for participant_id, key in keys.items()},
    )


@dataclass(frozen=True, slots=True)
class Attendance:
    event_id: str
    person_id: str
    day: int
    first_at: datetime


def attendances(*, session: Session, event_id: str) -> list[Attendance]:
    a = attendance()
    rows = session.execute(
        select(a).where(a.c.event_id == event_id).order_by(a.c.day, a.c.first_at)
    )
    return [Attendance(r.event_id, r.person_id, r.day, as_utc(r.first_at)) for r in rows]


def count_attendances(*, session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(attendance())).scalar_one())


def attended_per_day(*, session: Session, event_id: str) -> dict[int, int]:
    a = attendance()
    rows = session.execute(
        select(a.c.day, func.count().label("n"))
        .where(a.c.event_id == event_id)
        .group_by(a.c.day)
        .order_by(a.c.day)
    )
    return {int(r.day): int(r.n) for r in rows}
