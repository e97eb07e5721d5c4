"""What an erasure (UU 27/2022) removes at HQ besides the participant row (issue 15 item 1).

Ingest applies an erasure by overwriting the participant with the erased record; the identity also
lives on where nobody looks, and ``forget`` overwrites it there in the same transaction:

- the change log: every earlier version of the participant (full name, NIP, NIK, e-mail, phone,
  birth date) becomes a stub. ``payload_hash`` stays, so a desk re-pushing one of those changes
  still hears "already stored", and a different one under the same id still a conflict;
- changes set aside (``change_conflict``) about the participant, their certificates and online
  results;
- the certificates' printed names (the erased name, as the desk does), in their rows and in the
  certificate changes; the seal keeps only a digest of the name it was made for;
- online results matched to the participant (display name, e-mail, NIP and the person key made of
  them), in their rows and in their changes;
- ``person.match_key`` ("nip:<NIP>"), once no participant of that person remains: while another
  participant (another office's registration of the same human) still holds it, it is that
  record's link and stays. HQ does not erase another office's record: the erasure's answer says
  such records exist, and where, so the person can ask those offices (docs/HQ_HARDENING.md).

Not covered: an online report's raw file (the meeting tool's export, kept whole and checked by its
SHA-256 for audit) still shows the name the person used in the meeting.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlmodel import Session

from sync.hq.models import (
    Certificate,
    Change,
    ChangeConflict,
    Event,
    OnlineAttendance,
    Participant,
    Person,
    Registration,
)
from sync.hq.sql import chunks, table
from sync.ids import new_id
from sync.protocol import ERASED_NAME, RecordKind

log = logging.getLogger(__name__)

ERASED_KEY_PREFIX = "erased:"  # person.match_key and online person keys after an erasure


@dataclass(frozen=True, slots=True)
class Erased:
    """One participant whose erasure was applied in this batch."""

    participant_id: str
    change_id: str  # the erasure's change: the version the feed hands out
    office_code: str  # the participant's office: its changes are filed under it (an index)
    person_id: str | None  # the person the participant belonged to before the erasure


def stub(kind: str, record_id: str) -> str:
    """What stays of a payload that held an erased identity: what it was about, nothing more."""
    return json.dumps({"kind": kind, "id": record_id, "redacted": "erased at HQ"})


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def persons_before(session: Session, participant_ids: Iterable[str]) -> dict[str, str]:
    """The person each participant belongs to now (read before an erasure re-links it)."""
    target = table(Participant)
    found: dict[str, str] = {}
    for part in chunks(sorted(set(participant_ids))):
        rows = session.execute(select(target.c.id, target.c.person_id).where(target.c.id.in_(part)))
        found.update({row.id: row.person_id for row in rows})
    return found


def forget(*, session: Session, erased: list[Erased]) -> dict[str, str]:
    """Overwrite the identity of each erased participant wherever HQ still holds it. Returns, per
    erasure change id, a note for the desk when other offices hold records of the same person."""
    notes: dict[str, str] = {}
    for one in sorted(erased, key=lambda e: e.participant_id):  # one lock order for every worker
        if one.change_id:  # without it the feed hands out every version: keep them whole
            _forget_versions(session, one)
        certificates = _forget_certificates(session, one)
        _forget_online(session, one)
        _forget_set_aside(session, one.participant_id, certificates)
        note = _forget_match_key(session, one)
        if note:
            notes[one.change_id] = note
    return notes


def _forget_versions(session: Session, one: Erased) -> None:
    change = table(Change)
    rows = session.execute(
        select(change.c.id).where(
            change.c.office_code == one.office_code,
            change.c.kind == RecordKind.PARTICIPANT.value,
            change.c.record_id == one.participant_id,
            change.c.id != one.change_id,
        )
    ).scalars()
    earlier = sorted(str(row) for row in rows)
    for part in chunks(earlier):
        session.execute(
            update(change)
            .where(change.c.id.in_(part))
            .values(payload=stub(RecordKind.PARTICIPANT.value, one.participant_id))
        )


def _forget_certificates(session: Session, one: Erased) -> set[str]:
    """Printed names become the erased name, in the rows and in the certificate changes."""
    participant_id = one.participant_id
    target = table(Certificate)
    found = session.execute(
        select(target.c.id, target.c.office_code).where(target.c.participant_id == participant_id)
    ).all()
    ids = {str(row.id) for row in found}
    offices = sorted({str(row.office_code) for row in found})
    if not ids:
        return ids
    session.execute(
        update(target)
        .where(target.c.participant_id == participant_id)
        .values(printed_name=ERASED_NAME)
    )
    change = table(Change)
    for part in chunks(sorted(ids)):
        rows = session.execute(
            select(change.c.id, change.c.payload).where(
                change.c.office_code.in_(offices),
                change.c.kind == RecordKind.CERTIFICATE.value,
                change.c.record_id.in_(part),
            )
        ).all()
        for row in rows:
            payload = json.loads(row.payload)
            if payload.get("printed_name") != ERASED_NAME:
                payload["printed_name"] = ERASED_NAME
                session.execute(
                    update(change).where(change.c.id == row.id).values(payload=_json(payload))
                )
    return ids


def _scrub_online(payload: dict[str, Any], erased_key: str) -> dict[str, Any]:
    return {
        **payload,
        "person_key": erased_key,
        "display_name": ERASED_NAME,
        "email": None,
        "nip": None,
    }


def _forget_online(session: Session, one: Erased) -> None:
    """Online results matched to the participant, and every result under the same person key in
    that event (a later "removed" result names no participant but carries the key). Results are
    matched against registrations, so the participant's events and their offices bound the search
    of the change log."""
    participant_id = one.participant_id
    target = table(OnlineAttendance)
    keys = {
        (str(row.event_id), str(row.person_key))
        for row in session.execute(
            select(target.c.event_id, target.c.person_key).where(
                target.c.participant_id == participant_id
            )
        )
    }
    registration, event = table(Registration), table(Event)
    events = dict(
        session.execute(
            select(event.c.id, event.c.office_code).where(
                event.c.id.in_(
                    select(registration.c.event_id).where(
                        registration.c.participant_id == participant_id
                    )
                )
            )
        ).all()
    )
    events.update(
        session.execute(
            select(event.c.id, event.c.office_code).where(
                event.c.id.in_(sorted({event_id for event_id, _ in keys}))
            )
        ).all()
    )
    if not events:
        return
    change = table(Change)
    results: list[tuple[str, dict[str, Any]]] = []
    for part in chunks(sorted(events)):
        found = session.execute(
            select(change.c.id, change.c.payload).where(
                change.c.office_code.in_(sorted({events[e] for e in part})),
                change.c.kind == RecordKind.ONLINE_ATTENDANCE.value,
                change.c.event_id.in_(part),
            )
        ).all()
        results.extend((str(row.id), json.loads(row.payload)) for row in found)
    for _, payload in results:
        if payload.get("participant_id") == participant_id:
            keys.add((str(payload.get("event_id")), str(payload.get("person_key"))))
    # A fresh key each: a key derived from the old one would let a guess at the e-mail be checked.
    erased_key = {
        key: ERASED_KEY_PREFIX + new_id()
        for key in sorted(keys)
        if not key[1].startswith(ERASED_KEY_PREFIX)
    }
    if not erased_key:
        return
    for change_id, payload in results:
        key = (str(payload.get("event_id")), str(payload.get("person_key")))
        if key in erased_key:
            session.execute(
                update(change)
                .where(change.c.id == change_id)
                .values(payload=_json(_scrub_online(payload, erased_key[key])))
            )
    for (event_id, person_key), new_key in sorted(erased_key.items()):
        session.execute(
            update(target)
            .where(target.c.event_id == event_id, target.c.person_key == person_key)
            .values(person_key=new_key, display_name=ERASED_NAME, email=None, nip=None)
        )


def _forget_set_aside(session: Session, participant_id: str, certificates: set[str]) -> None:
    """Changes kept aside (a conflict) that carry the participant's identity: their edits, their
    certificates, their online results."""
    target = table(ChangeConflict)
    kinds = (
        RecordKind.PARTICIPANT.value,
        RecordKind.CERTIFICATE.value,
        RecordKind.ONLINE_ATTENDANCE.value,
    )
    rows = session.execute(
        select(target.c.pk, target.c.kind, target.c.payload).where(
            target.c.kind.in_(kinds), target.c.payload.contains(participant_id)
        )
    ).all()
    for row in rows:
        try:
            payload = json.loads(row.payload)
        except ValueError:
            continue
        if not isinstance(payload, dict):
            continue
        replacement: str | None = None
        if row.kind == RecordKind.PARTICIPANT.value and payload.get("id") == participant_id:
            if payload.get("redacted") is None:
                replacement = stub(row.kind, participant_id)
        elif row.kind == RecordKind.CERTIFICATE.value and (
            payload.get("participant_id") == participant_id or payload.get("id") in certificates
        ):
            replacement = _json({**payload, "printed_name": ERASED_NAME})
        elif (
            row.kind == RecordKind.ONLINE_ATTENDANCE.value
            and payload.get("participant_id") == participant_id
        ):
            replacement = _json(_scrub_online(payload, ERASED_KEY_PREFIX + new_id()))
        if replacement is not None and replacement != row.payload:
            session.execute(update(target).where(target.c.pk == row.pk).values(payload=replacement))


def _forget_match_key(session: Session, one: Erased) -> str | None:
    """The person's match key names the NIP (or NIK, or e-mail): rewritten once no participant of
    that person remains. While others remain they keep it, and the erasing desk is told."""
    if one.person_id is None:
        return None
    participants = table(Participant)
    others = session.execute(
        select(participants.c.office_code, func.count())
        .where(
            participants.c.person_id == one.person_id,
            participants.c.id != one.participant_id,
            participants.c.full_name != ERASED_NAME,
        )
        .group_by(participants.c.office_code)
        .order_by(participants.c.office_code)
    ).all()
    if not others:
        person = table(Person)
        session.execute(
            update(person)
            .where(person.c.id == one.person_id, ~person.c.match_key.startswith(ERASED_KEY_PREFIX))
            .values(match_key=ERASED_KEY_PREFIX + one.person_id)
        )
        return None
    count = sum(int(row[1]) for row in others)
    offices = ", ".join(str(row[0]) for row in others)
    log.warning(
        "erasure of participant %s applied; %d other record(s) of the same person kept (%s)",
        one.participant_id,
        count,
        offices,
    )
    return (
        f"erased at HQ; {count} other registration record(s) of the same person (same NIP, NIK or "
        f"e-mail) are held for office(s) {offices} and were not erased: the person asks those "
        f"offices [{OTHER_RECORDS_CODE}]"
    )


OTHER_RECORDS_CODE = "other_records_kept"
