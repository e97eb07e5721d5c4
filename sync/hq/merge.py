"""Merging what several desks recorded (sync.md rule 16).

People: each desk makes its own participant ids; HQ links the participants that are one person by
NIP, else NIK, else e-mail, through ``person.match_key`` (unique, so two workers linking the same
NIP at once agree on one person). Each desk's participant id stays valid and maps to that person.
A participant with none of the three stays a person of its own.

Attendance: every check-in is kept. Per event, person and day, attendance is the earliest check-in
that no undo record names. It is computed when asked (a query, not a table), so an undo arriving
late, or a desk's earlier check-in arriving after another's, changes the answer without rewriting
anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text
from sqlmodel import Session

from sync.clock import as_utc
from sync.hq.models import Person
from sync.hq.sql import chunks, insert, table
from sync.ids import new_id
from sync.protocol import ParticipantRecord

# A check-in counts while it is not an undo and no undo names it.
EFFECTIVE_CHECKINS = """
    SELECT c.id, c.event_id, c.day, c.at, c.desk_name, p.person_id
    FROM checkin c JOIN participant p ON p.id = c.participant_id
    WHERE c.undoes_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM checkin u WHERE u.undoes_id = c.id)
"""

# One row per event, person and day: the earliest effective check-in.
ATTENDANCE = f"""
    SELECT e.event_id, e.person_id, e.day, MIN(e.at) AS first_at
    FROM ({EFFECTIVE_CHECKINS}) e
    GROUP BY e.event_id, e.person_id, e.day
"""


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
    return {participant_id: found[key] for participant_id, key in keys.items()}


@dataclass(frozen=True, slots=True)
class Attendance:
    event_id: str
    person_id: str
    day: int
    first_at: datetime


def attendances(*, session: Session, event_id: str) -> list[Attendance]:
    rows = session.execute(
        text(
            f"SELECT * FROM ({ATTENDANCE}) a WHERE a.event_id = :event ORDER BY a.day, a.first_at"
        ),
        {"event": event_id},
    )
    return [Attendance(r.event_id, r.person_id, r.day, as_utc(r.first_at)) for r in rows]


def count_attendances(*, session: Session) -> int:
    return int(session.execute(text(f"SELECT COUNT(*) FROM ({ATTENDANCE}) a")).scalar_one())


def attended_per_day(*, session: Session, event_id: str) -> dict[int, int]:
    rows = session.execute(
        text(
            f"SELECT a.day, COUNT(*) AS n FROM ({ATTENDANCE}) a WHERE a.event_id = :event "
            "GROUP BY a.day ORDER BY a.day"
        ),
        {"event": event_id},
    )
    return {int(r.day): int(r.n) for r in rows}
