"""Personal data on the desk (UU 27/2022, issue 9 item 5): what the desk holds about one person,
erasing a person on request, and purging events whose records HQ already holds.

- ``export_person``: every row about a person, as plain JSON-able data (their right to see it).
- ``erase_person``: the person's identifying fields are overwritten in place (name, NIP/NIK, e-mail,
  phone, birth date, agency); attendance and certificate numbers stay as anonymous facts, because an
  office must still account for how many attended. The erased state is queued for HQ like any edit,
  so HQ's copy is erased too, and the act is written to the audit log.
- ``purge_event``: an event and everything about it leave the desk once HQ has acknowledged all of
  it and the desk's last reconciliation confirmed it (or it was demo data); participants left with
  no event go too. Nothing unacknowledged is ever deleted (sync.md rule 12).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from desktop.core.clock import as_utc, utcnow
from desktop.core.errors import HadirError
from desktop.core.models import Participant
from desktop.core.operators import record_audit
from desktop.core.registry import get_event, get_participant, participant_record
from sync import outbox
from sync.protocol import ERASED_NAME

ERASED = ERASED_NAME  # one marker for desks and HQ: sync/protocol.py
DEFAULT_RETENTION_DAYS = 90

# Tables with rows about one person, and the column naming them.
_PERSON_TABLES = (
    ("registration", "participant_id"),
    ("checkin", "participant_id"),
    ("certificate", "participant_id"),
    ("eligibility_override", "participant_id"),
    ("online_person", "participant_id"),
)


def _rows(session: Session, sql: str, **params: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in session.connection().execute(text(sql), params).mappings()]


def export_person(*, session: Session, participant_id: str) -> dict[str, Any]:
    person = _rows(session, "SELECT * FROM participant WHERE id = :p", p=participant_id)
    if not person:
        raise HadirError(
            f"No participant with id '{participant_id}' on this desk.", code="not_found"
        )
    found: dict[str, Any] = {"participant": person[0]}
    for table, column in _PERSON_TABLES:
        found[table] = _rows(
            session, f"SELECT * FROM {table} WHERE {column} = :p", p=participant_id
        )
    found["certificate_print"] = _rows(
        session,
        "SELECT cp.* FROM certificate_print cp JOIN certificate c ON c.id = cp.certificate_id "
        "WHERE c.participant_id = :p",
        p=participant_id,
    )
    return found


def erase_person(*, session: Session, participant_id: str, operator: str, reason: str) -> None:
    """Overwrite who the person is; the caller commits."""
    if not reason.strip():
        raise HadirError("Say why the person's data is erased (e.g. their written request).",
                         code="erase_reason")  # fmt: skip
    person = get_participant(session=session, participant_id=participant_id)
    scrub_person(session=session, person=person)
    demo_only = session.connection().execute(
        text("SELECT COUNT(*) = COUNT(CASE WHEN e.is_demo THEN 1 END) FROM registration r "
             "JOIN event e ON e.id = r.event_id WHERE r.participant_id = :p"),
        {"p": participant_id},
    ).scalar()  # fmt: skip
    if not demo_only:
        outbox.enqueue(session=session, records=[participant_record(person)])
    record_audit(session=session, operator=operator, action="person.erase",
                 detail={"participant_id": participant_id, "reason": reason.strip()})  # fmt: skip


def scrub_person(*, session: Session, person: Participant) -> None:
    """Overwrite who the person is on this desk: the participant row, certificates' printed names
    and online results. Also how an erasure pulled from HQ is applied (desktop/core/sync_pull.py),
    so every desk erases the same fields."""
    participant_id = person.id
    person.full_name = ERASED
    person.nip = person.nik = person.email = None
    person.phone = person.golongan = person.jabatan = person.unit_kerja = person.instansi = ""
    person.birth_date = None
    person.gender = None
    person.updated_at = utcnow()
    session.add(person)
    # The printed name is personal data too; the number (and the seal's digest) stay as the record.
    session.connection().execute(
        text("UPDATE certificate SET printed_name = :erased WHERE participant_id = :p"),
        {"erased": ERASED, "p": participant_id},
    )
    session.connection().execute(
        text("UPDATE online_person SET display_name = :erased, email = NULL, nip = NULL "
             "WHERE participant_id = :p"),
        {"erased": ERASED, "p": participant_id},
    )  # fmt: skip
    session.flush()


@dataclass(frozen=True, slots=True)
class PurgeResult:
    event_id: str
    participants: int
    checkins: int
    certificates: int


def unacknowledged_for_event(*, session: Session, event_id: str) -> int:
    """Outbox items about this event, or its people, that HQ has not acknowledged."""
    return int(session.connection().execute(
        text(
            "SELECT COUNT(*) FROM outbox o WHERE o.state != 'acknowledged' AND (o.event_id = :e "
            "OR o.record_id IN (SELECT participant_id FROM registration WHERE event_id = :e))"
        ),
        {"e": event_id},
    ).scalar_one())  # fmt: skip


def purge_event(
    *, session: Session, event_id: str, operator: str, verified_at: datetime | None
) -> PurgeResult:
    """Delete an event and what only it holds. ``verified_at`` is when the desk's last
    reconciliation with HQ confirmed everything acknowledged (None if it never did). The caller
    commits."""
    event = get_event(session=session, event_id=event_id)
    if not event.is_demo:
        waiting = unacknowledged_for_event(session=session, event_id=event_id)
        if waiting:
            raise HadirError(f"'{event.title}' still has {waiting} record(s) HQ has not acknowledged; "
                             "sync first. Nothing was deleted.", code="purge_unsynced")  # fmt: skip
        last_ack = (
            session.connection()
            .execute(
                text("SELECT MAX(acknowledged_at) FROM outbox WHERE event_id = :e"), {"e": event_id}
            )
            .scalar()
        )
        if last_ack is not None and (
            verified_at is None or as_utc(last_ack) > as_utc(verified_at)
        ):
            raise HadirError(f"'{event.title}' was not yet confirmed by a reconciliation with HQ; "
                             "run a sync first. Nothing was deleted.", code="purge_unverified")  # fmt: skip
    c = session.connection()
    people = [r[0] for r in c.execute(text("SELECT participant_id FROM registration WHERE event_id = :e"),
                                      {"e": event_id})]  # fmt: skip
    counts = {
        "checkins": c.execute(text("SELECT COUNT(*) FROM checkin WHERE event_id = :e"), {"e": event_id}).scalar_one(),
        "certificates": c.execute(text("SELECT COUNT(*) FROM certificate WHERE event_id = :e"),
                                  {"e": event_id}).scalar_one(),
    }  # fmt: skip
    statements = (
        "DELETE FROM certificate_mail WHERE event_id = :e",
        "DELETE FROM certificate_print WHERE certificate_id IN (SELECT id FROM certificate WHERE event_id = :e)",
        "DELETE FROM certificate_revocation WHERE event_id = :e",
        "DELETE FROM certificate WHERE event_id = :e",
        "DELETE FROM eligibility_override WHERE event_id = :e",
        "DELETE FROM certificate_signatory WHERE event_id = :e",
        "DELETE FROM online_segment WHERE event_id = :e",
        "DELETE FROM online_person WHERE event_id = :e",
        "DELETE FROM online_report WHERE event_id = :e",
        "DELETE FROM checkin WHERE event_id = :e",
        "DELETE FROM registration WHERE event_id = :e",
        "DELETE FROM outbox WHERE event_id = :e AND state = 'acknowledged'",
        "DELETE FROM event WHERE id = :e",
    )  # fmt: skip
    for statement in statements:
        c.execute(text(statement), {"e": event_id})
    gone = 0
    for person in people:
        still = c.execute(text("SELECT 1 FROM registration WHERE participant_id = :p LIMIT 1"),
                          {"p": person}).first()  # fmt: skip
        if still is None:
            c.execute(
                text("DELETE FROM outbox WHERE record_id = :p AND state = 'acknowledged'"),
                {"p": person},
            )
            c.execute(text("DELETE FROM sync_alias WHERE local_id = :p"), {"p": person})
            c.execute(text("DELETE FROM participant WHERE id = :p"), {"p": person})
            gone += 1
    record_audit(session=session, operator=operator, action="event.purge",
                 detail={"event_id": event_id, "title": event.title, "participants": gone})  # fmt: skip
    return PurgeResult(event_id, gone, int(counts["checkins"]), int(counts["certificates"]))


def expired_events(
    *, session: Session, older_than_days: int, now: datetime | None = None
) -> list[str]:
    """Events that ended more than ``older_than_days`` ago."""
    cutoff = (now or utcnow()) - timedelta(days=older_than_days)
    rows = session.connection().execute(text("SELECT id, ends_at FROM event")).all()
    return [event_id for event_id, ends in rows if as_utc(ends) < as_utc(cutoff)]
