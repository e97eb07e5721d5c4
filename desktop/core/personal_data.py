"""Personal data on the desk (UU 27/2022, issue 9 item 5): what the desk holds about one person,
erasing a person on request, and purging events whose records HQ already holds.

- ``export_person``: every row about a person, as plain JSON-able data (their right to see it).
- ``erase_person``: the person's identifying fields are overwritten in place (name, NIP/NIK, e-mail,
  phone, birth date, agency); attendance and certificate numbers stay as anonymous facts, because an
  office must still account for how many attended. The erased state is queued for HQ like any edit,
  so HQ's copy is erased too (sync/hq/erasure.py forgets it there everywhere), and the act is
  written to the audit log. The identity leaves the rest of the file too: the outbox's frozen
  payloads, the search index's segments, and (``forget_freed_pages``) the WAL's older page images
  (issue 15 item 1; tests/sync/test_erasure_leaves_nothing.py reads every decrypted page).
- ``purge_event``: an event and everything about it leave the desk once HQ has acknowledged all of
  it and the desk's last reconciliation confirmed it (or it was demo data); participants left with
  no event go too. Nothing unacknowledged is ever deleted (sync.md rule 12).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, text
from sqlmodel import Session

from desktop.core.clock import as_utc, utcnow
from desktop.core.db import BUSY_TIMEOUT_MS, Database
from desktop.core.errors import HadirError
from desktop.core.models import Participant
from desktop.core.registry import get_event, get_participant, participant_record
from sync.desk import outbox
from sync.ids import new_id
from sync.protocol import ERASED_NAME

ERASED = ERASED_NAME  # one marker for desks and HQ: sync/protocol.py
DEFAULT_RETENTION_DAYS = 90
ERASED_KEY_PREFIX = "erased:"  # an erased online person's key, as HQ writes it (sync/hq/erasure.py)

# Tables with rows about one person, and the column naming them.
_PERSON_TABLES = (
    ("registration", "participant_id"),
    ("checkin", "participant_id"),
    ("certificate", "participant_id"),
    ("eligibility_override", "participant_id"),
    ("online_person", "participant_id"),
    ("invitation_mail", "participant_id"),  # the address an invitation went to (issue 18)
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


def erase_person(*, session: Session, participant_id: str, reason: str) -> None:
    """Overwrite who the person is; the caller commits and writes the audit line
    (desktop/services/privacy.py)."""
    if not reason.strip():
        raise HadirError(
            "Say why the person's data is erased (e.g. their written request).", code="erase_reason"
        )
    person = get_participant(session=session, participant_id=participant_id)
    scrub_person(session=session, person=person)
    # An edit of the person never sent is superseded by the erasure queued below: dropped, it is
    # never sent with the identity. Exactly-once holds: HQ never saw its id (one sent before, even
    # without an answer, stays as it is: HQ may hold it under that id).
    session.connection().execute(
        text(
            "DELETE FROM outbox WHERE kind = 'participant' AND record_id = :p "
            "AND state = 'pending' AND attempts = 0"
        ),
        {"p": participant_id},
    )
    demo_only = (
        session.connection()
        .execute(
            text(
                "SELECT COUNT(*) = COUNT(CASE WHEN e.is_demo THEN 1 END) FROM registration r "
                "JOIN event e ON e.id = r.event_id WHERE r.participant_id = :p"
            ),
            {"p": participant_id},
        )
        .scalar()
    )
    if not demo_only:
        outbox.enqueue(session=session, records=[participant_record(person)])
    # Words of the person's earlier names (a corrected spelling) were deleted from the search index
    # without secure-delete and stay in its segments until merged: merge them all now (0.4 s at
    # 200,000 people). A pulled erasure relies on secure-delete alone (scrub_person).
    session.connection().execute(
        text("INSERT INTO participant_fts(participant_fts) VALUES ('optimize')")
    )


def scrub_person(*, session: Session, person: Participant) -> None:
    """Overwrite who the person is on this desk: the participant row, the search index,
    certificates' printed names and e-mail addresses, online results and the outbox's frozen
    payloads of them all. Also how an erasure pulled from HQ is applied
    (desktop/core/sync/pull.py), so every desk erases the same fields."""
    participant_id = person.id
    # An external-content FTS5 index only marks a deleted row's words as deleted: the words stay
    # in its segments until they are merged. With secure-delete FTS5 removes them at once. It is
    # on for this row only: kept on, deleting 50,000 people (a purge) took 15 s instead of 0.6 s.
    _fts_secure_delete(session, on=True)
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
        text(
            "UPDATE online_person SET display_name = :erased, email = NULL, nip = NULL "
            "WHERE participant_id = :p"
        ),
        {"erased": ERASED, "p": participant_id},
    )
    # A certificate not yet e-mailed is not sent to an address the person asked to be forgotten.
    session.connection().execute(
        text(
            "UPDATE certificate_mail SET recipient = '', state = CASE WHEN state = 'pending' "
            "THEN 'failed' ELSE state END, last_error = CASE WHEN state = 'pending' "
            "THEN :why ELSE last_error END "
            "WHERE certificate_id IN (SELECT id FROM certificate WHERE participant_id = :p)"
        ),
        {"p": participant_id, "why": "the person's data was erased (UU 27/2022)"},
    )
    # Nor an invitation (issue 18).
    session.connection().execute(
        text(
            "UPDATE invitation_mail SET recipient = '', state = CASE WHEN state = 'pending' "
            "THEN 'failed' ELSE state END, last_error = CASE WHEN state = 'pending' "
            "THEN :why ELSE last_error END WHERE participant_id = :p"
        ),
        {"p": participant_id, "why": "the person's data was erased (UU 27/2022)"},
    )
    session.flush()
    _fts_secure_delete(session, on=False)
    _scrub_outbox(session, person)


def _fts_secure_delete(session: Session, *, on: bool) -> None:
    session.connection().execute(
        text("INSERT INTO participant_fts(participant_fts, rank) VALUES ('secure-delete', :on)"),
        {"on": int(on)},
    )


# Outbox items that have left the desk, or were answered by HQ, or never were sent. A pending item
# that was sent before (attempts > 0) or is being sent now may already be at HQ under its id: its
# payload must stay as it is, or its next push would be a conflict instead of "already stored".
_SCRUBBABLE = "(state IN ('acknowledged', 'set_aside') OR (state = 'pending' AND attempts = 0))"


def _scrub_outbox(session: Session, person: Participant) -> None:
    """The outbox keeps each change's payload frozen (sync.md rule 5), so earlier versions of the
    person, their certificates and their online results still hold the identity. Items HQ has
    answered (or set aside) keep their id and meaning with the identity overwritten; certificates
    and online results never sent go with the identity overwritten."""
    c = session.connection()
    participant_id = person.id
    # Waiting edits of the person are the caller's: erase_person drops the never-sent ones, and an
    # erasure pulled from HQ sets them aside as the conflict HQ would answer
    # (desktop/core/sync/pull.py _erase).
    erased = participant_record(person).model_dump_json()
    c.execute(
        text(
            "UPDATE outbox SET payload = :erased WHERE kind = 'participant' "
            "AND record_id = :p AND state IN ('acknowledged', 'set_aside')"
        ),
        {"erased": erased, "p": participant_id},
    )
    rows = c.execute(
        text(
            f"SELECT seq, kind, payload FROM outbox WHERE {_SCRUBBABLE} AND ("
            "(kind = 'certificate' AND record_id IN "
            "(SELECT id FROM certificate WHERE participant_id = :p)) OR "
            "(kind = 'online_attendance' AND payload LIKE :like))"
        ),
        {"p": participant_id, "like": f"%{participant_id}%"},
    ).all()
    keys = set()  # online person keys of this participant, to find their "removed" results too
    parsed = [(seq, kind, json.loads(payload)) for seq, kind, payload in rows]
    for _, kind, payload in parsed:
        if kind == "online_attendance" and payload.get("participant_id") == participant_id:
            keys.add((payload.get("event_id"), payload.get("person_key")))
    if keys:
        events = sorted({event for event, _ in keys})
        more = c.execute(
            text(
                f"SELECT seq, kind, payload FROM outbox WHERE {_SCRUBBABLE} "
                "AND kind = 'online_attendance' AND event_id IN :events"
            ).bindparams(bindparam("events", expanding=True)),
            {"events": events},
        ).all()
        seen = {seq for seq, _, _ in parsed}
        parsed += [(seq, kind, json.loads(p)) for seq, kind, p in more if seq not in seen]
    erased_keys = {key: ERASED_KEY_PREFIX + new_id() for key in sorted(keys, key=str)}
    for seq, kind, payload in parsed:
        if kind == "certificate":
            payload["printed_name"] = ERASED
        else:
            key = (payload.get("event_id"), payload.get("person_key"))
            if payload.get("participant_id") != participant_id and key not in erased_keys:
                continue
            payload.update(
                person_key=erased_keys.get(key, ERASED_KEY_PREFIX + new_id()),
                display_name=ERASED,
                email=None,
                nip=None,
            )
        c.execute(
            text("UPDATE outbox SET payload = :payload WHERE seq = :seq"),
            {"payload": json.dumps(payload, ensure_ascii=False, separators=(",", ":")), "seq": seq},
        )


def forget_freed_pages(db: Database) -> None:
    """After an erasure has committed: fold the WAL into the file and empty it. With
    secure_delete on (desktop/core/db.py) SQLite zeroes what it frees in the file, but the WAL
    still holds earlier images of the pages, the erased person's row among them, until it is
    checkpointed and truncated. Best effort: a reader still open keeps the WAL for now, and the
    next checkpoint overwrites it."""
    with db.write_lock:  # no writer of ours in the way; a reader gets one second to finish
        connection = db.engine.raw_connection()
        try:
            connection.execute("PRAGMA busy_timeout=1000")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        finally:
            connection.close()


@dataclass(frozen=True, slots=True)
class PurgeResult:
    event_id: str
    participants: int
    checkins: int
    certificates: int
    title: str = ""  # the event's, for the audit line


def unacknowledged_for_event(*, session: Session, event_id: str) -> int:
    """Outbox items about this event, or its people, that HQ has not acknowledged."""
    return int(
        session.connection()
        .execute(
            text(
                "SELECT COUNT(*) FROM outbox o WHERE o.state != 'acknowledged' AND "
                "(o.event_id = :e "
                "OR o.record_id IN (SELECT participant_id FROM registration WHERE event_id = :e))"
            ),
            {"e": event_id},
        )
        .scalar_one()
    )


def purge_event(*, session: Session, event_id: str, verified_at: datetime | None) -> PurgeResult:
    """Delete an event and what only it holds. ``verified_at`` is when the desk's last
    reconciliation with HQ confirmed everything acknowledged (None if it never did). The caller
    commits and writes the audit line (desktop/services/privacy.py)."""
    event = get_event(session=session, event_id=event_id)
    if not event.is_demo:
        waiting = unacknowledged_for_event(session=session, event_id=event_id)
        if waiting:
            raise HadirError(
                f"'{event.title}' still has {waiting} record(s) HQ has not acknowledged; "
                "sync first. Nothing was deleted.",
                code="purge_unsynced",
            )
        last_ack = (
            session.connection()
            .execute(
                text("SELECT MAX(acknowledged_at) FROM outbox WHERE event_id = :e"), {"e": event_id}
            )
            .scalar()
        )
        if last_ack is not None and (verified_at is None or as_utc(last_ack) > as_utc(verified_at)):
            raise HadirError(
                f"'{event.title}' was not yet confirmed by a reconciliation with HQ; "
                "run a sync first. Nothing was deleted.",
                code="purge_unverified",
            )
    c = session.connection()
    people = [
        r[0]
        for r in c.execute(
            text("SELECT participant_id FROM registration WHERE event_id = :e"), {"e": event_id}
        )
    ]
    counts = {
        "checkins": c.execute(
            text("SELECT COUNT(*) FROM checkin WHERE event_id = :e"), {"e": event_id}
        ).scalar_one(),
        "certificates": c.execute(
            text("SELECT COUNT(*) FROM certificate WHERE event_id = :e"), {"e": event_id}
        ).scalar_one(),
    }
    statements = (
        "DELETE FROM certificate_mail WHERE event_id = :e",
        "DELETE FROM invitation_mail WHERE event_id = :e",
        "DELETE FROM certificate_print WHERE certificate_id IN (SELECT id FROM certificate "
        "WHERE event_id = :e)",
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
    )
    for statement in statements:
        c.execute(text(statement), {"e": event_id})
    gone = 0
    for person in people:
        still = c.execute(
            text("SELECT 1 FROM registration WHERE participant_id = :p LIMIT 1"), {"p": person}
        ).first()
        if still is None:
            c.execute(
                text("DELETE FROM outbox WHERE record_id = :p AND state = 'acknowledged'"),
                {"p": person},
            )
            c.execute(text("DELETE FROM sync_alias WHERE local_id = :p"), {"p": person})
            c.execute(text("DELETE FROM participant WHERE id = :p"), {"p": person})
            gone += 1
    return PurgeResult(
        event_id, gone, int(counts["checkins"]), int(counts["certificates"]), event.title
    )


def expired_events(
    *, session: Session, older_than_days: int, now: datetime | None = None
) -> list[str]:
    """Events that ended more than ``older_than_days`` ago."""
    cutoff = (now or utcnow()) - timedelta(days=older_than_days)
    rows = session.connection().execute(text("SELECT id, ends_at FROM event")).all()
    return [event_id for event_id, ends in rows if as_utc(ends) < as_utc(cutoff)]
