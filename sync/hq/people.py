"""Who is one person, when merge's rule is not enough: an HQ operator links or unlinks records.

Merge (sync/hq/merge.py) makes participants with the same NIP, else NIK, else e-mail one person.
It cannot see that "Ahmad, NIP 1986…" at Palu and "Ahmad, a@kemenkumham.go.id" at Aceh are one
human, nor that two people typed one NIP. An operator decides, and the decision is a row
(``PersonDecision``: who, when, why) that every later ingest obeys:

- ``link A B``: A's person and B's person become one (A's). Every record of B's person moves
  over, and B's person is folded in, so a record that later matches it (B's NIP) joins A's person
  too. A and B are pinned to it even if a desk later edits their NIP.
- ``unlink A``: record A alone becomes a person of its own, whatever it matches later; the other
  records of its person stay together.

Concurrency: a link moves every record of a person in one statement; an ingest resolving people
at the same moment could still write a record into the person being folded. So decisions take an
exclusive PostgreSQL advisory lock and ingest's resolution a shared one (no table row is written
for it, and ingests do not wait for each other). On SQLite every writer is already alone
(``BEGIN IMMEDIATE``, sync/hq/db.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, or_, select, text, update
from sqlmodel import Session

from sync.clock import as_utc
from sync.hq.erasure import ERASED_KEY_PREFIX
from sync.hq.errors import Invalid, NotFound
from sync.hq.models import (
    Certificate,
    Event,
    Participant,
    Person,
    PersonDecision,
    Registration,
)
from sync.hq.sql import chunks, dialect_name, table
from sync.ids import new_id

LINK, UNLINK = "link", "unlink"
MANUAL_KEY_PREFIX = "manual:"  # the match key of a person an unlink made: nothing matches it
_LOCK_KEY = 0x4841444950  # any constant, the same in every HQ process ("HADIP")
MAX_FOLDS = 64  # a chain of folded people longer than this is a bug, not data


def lock(session: Session, *, exclusive: bool) -> None:
    """Decisions exclusive, ingest's resolution shared, until the transaction ends."""
    if dialect_name(session) == "postgresql":
        call = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        session.execute(text(f"SELECT {call}(:key)"), {"key": _LOCK_KEY})


def resolve(*, session: Session, matched: Mapping[str, str]) -> dict[str, str]:
    """The person each participant is, given the person its match key names (participant id ->
    person id): the latest decision naming the record wins over the match key, and a folded
    person is followed to the person it was folded into. Call under ``lock(exclusive=False)``."""
    if not matched:
        return {}
    decision = table(PersonDecision)
    ids = sorted(matched)
    pinned: dict[str, tuple[int, str]] = {}
    for part in chunks(ids):
        rows = session.execute(
            select(
                decision.c.id,
                decision.c.participant_id,
                decision.c.other_participant_id,
                decision.c.person_id,
            ).where(
                or_(decision.c.participant_id.in_(part), decision.c.other_participant_id.in_(part))
            )
        ).all()
        for row in rows:
            for participant_id in (row.participant_id, row.other_participant_id):
                if participant_id in matched and row.id > pinned.get(participant_id, (-1, ""))[0]:
                    pinned[participant_id] = (row.id, row.person_id)
    start = {pid: pinned[pid][1] if pid in pinned else person for pid, person in matched.items()}
    final = _follow_folds(session, set(start.values()))
    return {pid: final.get(person, person) for pid, person in start.items()}


def _follow_folds(session: Session, persons: set[str]) -> dict[str, str]:
    """Folded person -> the person it now is, through chains (B into A, later A into C). A fold
    into a person since erased is not followed: the erased person's key must not gather anyone
    new (the new record stays in the folded person, alone)."""
    decision, person = table(PersonDecision), table(Person)
    into: dict[str, str] = {}
    frontier = set(persons)
    for _ in range(MAX_FOLDS):
        if not frontier:
            break
        found: dict[str, str] = {}
        for part in chunks(sorted(frontier)):
            rows = session.execute(
                select(decision.c.merged_person_id, decision.c.person_id)
                .join(person, person.c.id == decision.c.person_id)
                .where(
                    decision.c.action == LINK,
                    decision.c.merged_person_id.in_(part),
                    ~person.c.match_key.startswith(ERASED_KEY_PREFIX),
                )
                .order_by(decision.c.id)
            ).all()
            found.update({str(row.merged_person_id): str(row.person_id) for row in rows})
        into.update(found)
        frontier = set(found.values()) - set(into)
    result: dict[str, str] = {}
    for start in persons:
        current, seen = start, {start}
        while current in into and into[current] not in seen:
            current = into[current]
            seen.add(current)
        result[start] = current
    return result


@dataclass(frozen=True, slots=True)
class Decision:
    id: int
    action: str
    participant_id: str
    other_participant_id: str | None
    person_id: str
    merged_person_id: str | None
    decided_by: str
    reason: str
    decided_at: datetime


def _decision(row: PersonDecision) -> Decision:
    return Decision(
        id=row.id or 0,
        action=row.action,
        participant_id=row.participant_id,
        other_participant_id=row.other_participant_id,
        person_id=row.person_id,
        merged_person_id=row.merged_person_id,
        decided_by=row.decided_by,
        reason=row.reason,
        decided_at=as_utc(row.decided_at),
    )


def _participant(session: Session, participant_id: str) -> Participant:
    found = session.get(Participant, participant_id.strip())
    if found is None:
        raise NotFound(
            f"HQ holds no participant record {participant_id!r}; find its id with "
            "`hadir-hq people show NIP|NIK|EMAIL`.",
            code="participant_unknown",
            participant=participant_id,
        )
    return found


def _operator(by: str) -> str:
    name = by.strip()
    if not name or len(name) > 100:
        raise Invalid(
            "Say who decides (--by NAME, 1 to 100 characters): the decision is audited.",
            code="people_operator_missing",
        )
    return name


def link(
    *,
    session: Session,
    participant_id: str,
    other_participant_id: str,
    by: str,
    reason: str = "",
    now: datetime,
) -> Decision:
    """Make the two records' people one person (the first record's)."""
    operator = _operator(by)
    lock(session, exclusive=True)
    first = _participant(session, participant_id)
    other = _participant(session, other_participant_id)
    if first.id == other.id:
        raise Invalid(
            f"Record {first.id} cannot be linked with itself; give two different records.",
            code="people_same_record",
        )
    if first.person_id == other.person_id:
        raise Invalid(
            f"Records {first.id} and {other.id} are already one person ({first.person_id}).",
            code="people_already_linked",
            person=first.person_id,
        )
    kept, folded = first.person_id, other.person_id
    participant = table(Participant)
    session.execute(
        update(participant).where(participant.c.person_id == folded).values(person_id=kept)
    )
    row = PersonDecision(
        action=LINK,
        participant_id=first.id,
        other_participant_id=other.id,
        person_id=kept,
        merged_person_id=folded,
        decided_by=operator,
        reason=reason.strip(),
        decided_at=now,
    )
    session.add(row)
    session.flush()
    return _decision(row)


def unlink(
    *, session: Session, participant_id: str, by: str, reason: str = "", now: datetime
) -> Decision:
    """Make one record a person of its own."""
    operator = _operator(by)
    lock(session, exclusive=True)
    record = _participant(session, participant_id)
    participant = table(Participant)
    together = int(
        session.execute(
            select(func.count()).where(participant.c.person_id == record.person_id)
        ).scalar_one()
    )
    if together <= 1:
        raise Invalid(
            f"Record {record.id} is already a person of its own; nothing to unlink.",
            code="people_not_linked",
            participant=record.id,
        )
    alone = new_id()
    session.add(Person(id=alone, match_key=MANUAL_KEY_PREFIX + alone, created_at=now))
    session.flush()
    session.execute(
        update(participant).where(participant.c.id == record.id).values(person_id=alone)
    )
    row = PersonDecision(
        action=UNLINK,
        participant_id=record.id,
        person_id=alone,
        decided_by=operator,
        reason=reason.strip(),
        decided_at=now,
    )
    session.add(row)
    session.flush()
    return _decision(row)


# --------------------------------------------------------------------------- finding a person


@dataclass(frozen=True, slots=True)
class CertificateView:
    number: str
    event_id: str
    issued_on: date
    mode: str
    office_code: str
    revoked: bool


@dataclass(frozen=True, slots=True)
class EventView:
    event_id: str
    title: str
    office_code: str
    starts_at: datetime


@dataclass(frozen=True, slots=True)
class RecordView:
    participant_id: str
    full_name: str
    nip: str | None
    nik: str | None
    email: str | None
    office_code: str
    instansi: str
    events: list[EventView] = field(default_factory=list)
    certificates: list[CertificateView] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PersonView:
    person_id: str
    records: list[RecordView]
    decisions: list[Decision]

    @property
    def events(self) -> int:
        """Repeat participation, shown: the person's distinct events."""
        return len({e.event_id for r in self.records for e in r.events})

    @property
    def offices(self) -> list[str]:
        return sorted({r.office_code for r in self.records})


MAX_PEOPLE = 50  # a name search that finds more asks for a narrower query


def find(*, session: Session, query: str, by_name: bool = False) -> list[PersonView]:
    """People by NIP, NIK, e-mail, participant id or person id (``by_name``: also a part of the
    name, as the dashboard's search box). Each with every record, event and certificate."""
    needle = query.strip()
    if not needle:
        return []
    participant = table(Participant)
    digits = "".join(ch for ch in needle if ch.isdigit())
    matches = [
        participant.c.id == needle,
        participant.c.person_id == needle,
        participant.c.email == needle.lower(),
    ]
    if digits and len(digits) == len(needle.replace(" ", "").replace(".", "")):
        matches += [participant.c.nip == digits, participant.c.nik == digits]
    if by_name and len(needle) >= 3:
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        matches.append(participant.c.full_name.ilike(f"%{escaped}%", escape="\\"))
    persons = [
        str(p)
        for p in session.execute(
            select(participant.c.person_id)
            .where(or_(*matches))
            .group_by(participant.c.person_id)
            .order_by(participant.c.person_id)
            .limit(MAX_PEOPLE)
        ).scalars()
    ]
    return people(session=session, person_ids=persons)


def people(*, session: Session, person_ids: Iterable[str]) -> list[PersonView]:
    wanted = sorted(set(person_ids))
    if not wanted:
        return []
    participant, registration = table(Participant), table(Registration)
    event, certificate, decision = table(Event), table(Certificate), table(PersonDecision)
    records = session.execute(
        select(participant)
        .where(participant.c.person_id.in_(wanted))
        .order_by(participant.c.person_id, participant.c.office_code, participant.c.id)
    ).all()
    ids = [r.id for r in records]
    events: dict[str, list[EventView]] = {}
    certificates: dict[str, list[CertificateView]] = {}
    decisions: dict[str, list[Decision]] = {}
    for part in chunks(ids):
        for row in session.execute(
            select(
                registration.c.participant_id,
                event.c.id,
                event.c.title,
                event.c.office_code,
                event.c.starts_at,
            )
            .join(event, event.c.id == registration.c.event_id)
            .where(registration.c.participant_id.in_(part))
            .order_by(event.c.starts_at)
        ):
            events.setdefault(row.participant_id, []).append(
                EventView(row.id, row.title, row.office_code, as_utc(row.starts_at))
            )
        for row in session.execute(
            select(certificate)
            .where(certificate.c.participant_id.in_(part))
            .order_by(certificate.c.issued_on, certificate.c.number)
        ):
            certificates.setdefault(row.participant_id, []).append(
                CertificateView(
                    row.number,
                    row.event_id,
                    row.issued_on,
                    row.mode,
                    row.office_code,
                    row.revoked_at is not None,
                )
            )
        for found in session.execute(
            select(PersonDecision)
            .where(
                or_(decision.c.participant_id.in_(part), decision.c.other_participant_id.in_(part))
            )
            .order_by(decision.c.id)
        ).scalars():
            for named in {found.participant_id, found.other_participant_id} - {None}:
                decisions.setdefault(str(named), []).append(_decision(found))
    views: list[PersonView] = []
    for person_id in wanted:
        mine = [r for r in records if r.person_id == person_id]
        if not mine:
            continue
        seen: dict[int, Decision] = {}
        for r in mine:
            seen.update({d.id: d for d in decisions.get(r.id, [])})
        views.append(
            PersonView(
                person_id=person_id,
                records=[
                    RecordView(
                        participant_id=r.id,
                        full_name=r.full_name,
                        nip=r.nip,
                        nik=r.nik,
                        email=r.email,
                        office_code=r.office_code,
                        instansi=r.instansi,
                        events=events.get(r.id, []),
                        certificates=certificates.get(r.id, []),
                    )
                    for r in mine
                ],
                decisions=[seen[k] for k in sorted(seen)],
            )
        )
    return views
