"""Idempotent ingest: one batch of desk-made changes, stored exactly once whatever the retries.

Per item (sync.md rule 3): *stored*; *already stored* (same change id, identical record); *conflict*
(same id, different content: kept aside in ``change_conflict`` with the reason); *invalid* (with the
reason; resending will not help). Every decision about "is it new" is made by the database through
``INSERT ... ON CONFLICT`` on the change id, so two workers handling the same batch at the same time
store it once (rule 2).

A desk writes only its own office's data: an event must carry the desk's office code; a
registration, check-in, certificate or online result must name an event of that office (stored, or
earlier in the same batch); a print or revocation must name a certificate HQ holds for that event; a
participant belongs to the office of the desk that first sent it, and other offices' desks cannot
change it.

Record kinds are dispatched through ``HANDLERS``. Certificates, prints and online reports are
immutable; a revocation sets the certificate's ``revoked_at`` (the earliest stands) and, when it
changed something, is published to every office's pull feed so other desks' offline checks learn
it; a report removal marks the report withdrawn (the earliest stands; the file is kept); online
results keep the latest per event and person.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import String, case, delete, or_, select, update
from sqlmodel import Session, SQLModel, col

from sync.clock import as_utc
from sync.ed25519 import PublicKey as Ed25519PublicKey
from sync.hq import erasure, feed, merge
from sync.hq.models import (
    EVERY_OFFICE,
    Certificate,
    CertificateLink,
    CertificatePrint,
    Change,
    ChangeConflict,
    CheckIn,
    DeskAudit,
    DeskKey,
    DeskViaHub,
    Device,
    Event,
    EventSettings,
    OnlineAttendance,
    OnlineReport,
    Participant,
    Registration,
)
from sync.hq.sql import base_type, chunks, dialect_name, insert, insert_new, table
from sync.protocol import (
    ACKNOWLEDGING,
    ERASED_NAME,
    MAX_INT32,
    AuditRecord,
    CertificateLinkRecord,
    CertificatePrintRecord,
    CertificateRecord,
    CertificateRevocationRecord,
    ChangeEnvelope,
    CheckInRecord,
    EventRecord,
    EventSettingsRecord,
    ItemResult,
    ItemStatus,
    OnlineAttendanceRecord,
    OnlineReportRecord,
    OnlineReportRemovalRecord,
    ParticipantRecord,
    PushRequest,
    PushResponse,
    RecordKind,
    RefusalCode,
    RegistrationRecord,
    RelayedDesk,
    ahead_of_hq_problem,
    is_erasure,
    manifest_group,
    record_problem,
)
from sync.seal_format import decode_key_text, seal_problem

log = logging.getLogger(__name__)

R = TypeVar("R", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Pusher:
    """Who is writing: an enrolled device of one office (``device_id`` None for HQ itself)."""

    office_code: str
    device_id: str | None
    desk_id: str | None = None  # the id the pushing desk made for itself (a hub's own records)


@dataclass(slots=True)
class Item(Generic[R]):
    """One valid change on its way in."""

    change_id: str
    record: R
    payload: str  # the normalised record JSON that is stored and hashed
    payload_hash: str


@dataclass(slots=True)
class Batch:
    """What a handler sees and decides: refusals and record-level conflicts by change id."""

    pusher: Pusher
    now: datetime
    invalid: dict[str, str] = field(default_factory=dict)
    conflicts: dict[str, str] = field(default_factory=dict)  # same change id, other content
    record_conflicts: dict[str, str] = field(
        default_factory=dict
    )  # new id, same record, other content
    own_events: set[str] = field(default_factory=set)  # this office's events in this batch
    # Certificates accepted in this batch: id -> (event, number, participant), for the prints and
    # revocations that name them in the same batch.
    own_certificates: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    # Online reports accepted in this batch: id -> event, for removals that name them in it.
    own_reports: dict[str, str] = field(default_factory=dict)
    # Conflicts kept aside without their payload: an edit of an erased person carries the very
    # identity the erasure removed.
    redacted: set[str] = field(default_factory=set)
    # What a "stored" answer adds (an erasure applied while other offices hold the same person).
    notes: dict[str, str] = field(default_factory=dict)
    # Items a venue hub relayed, by change id: the member desk that made each (issue 17 item 5).
    made_by: dict[str, RelayedDesk] = field(default_factory=dict)

    def refuse(self, change_id: str, code: str, reason: str) -> None:
        """Refuse one item with a stable code at the end of its reason ("undoes_id: ...
        [undo_mismatch]", the form of sync/protocol.py's refusals). The code rides in the reason
        because desks of protocol 1 parse results strictly: a new field would break their push."""
        self.invalid[change_id] = f"{reason} [{code}]"


@dataclass(frozen=True, slots=True)
class Handler(Generic[R]):
    """How one record kind is validated, grouped for manifests, authorised and applied."""

    model: type[R]
    group: Callable[[R], tuple[str | None, int]]  # (event_id, day) for reconciliation
    # Refuse items the pusher may not write (fills batch.invalid); runs before anything is stored.
    authorise: Callable[[Session, Batch, list[Item[R]]], None]
    # Write the typed rows for changes that are new; fills batch.conflicts for record conflicts.
    apply: Callable[[Session, Batch, list[Item[R]]], None]
    order: int  # events before what names them
    table: type[SQLModel]  # where its rows go (for column limits)
    # Text fields the record model itself bounds (an online report's raw file), exempt from the
    # general limit on text that no column declares a length for.
    long_fields: frozenset[str] = frozenset()


def _utc_fields(record: BaseModel, names: Sequence[str]) -> dict[str, Any]:
    values = record.model_dump()
    for name in names:
        if values.get(name) is not None:
            values[name] = as_utc(values[name])
    return values


def _flat_utc_fields(record: BaseModel, name: str) -> dict[str, Any]:
    """``_utc_fields`` without its ``kind``, for a record of plain fields (a check-in or a
    registration: no nested model, nothing a dump would change), at a fraction of its cost."""
    values = dict(record.__dict__)
    del values["kind"]
    if values[name] is not None:
        values[name] = as_utc(values[name])
    return values


# --- events -----------------------------------------------------------------------------------


def _authorise_events(session: Session, batch: Batch, items: list[Item[EventRecord]]) -> None:
    office = batch.pusher.office_code
    stored = _offices_of(session, Event, [item.record.id for item in items])
    for item in items:
        owner = stored.get(item.record.id)
        if item.record.office_code != office:
            batch.invalid[item.change_id] = (
                f"event {item.record.id} is for office {item.record.office_code}; "
                f"this desk is enrolled for {office}"
            )
        elif owner is not None and owner != office:
            batch.invalid[item.change_id] = f"event {item.record.id} belongs to office {owner}"
        else:
            batch.own_events.add(item.record.id)


def _apply_events(session: Session, batch: Batch, items: list[Item[EventRecord]]) -> None:
    latest = _last_received(items)
    rows = []
    for item in latest:
        values = _utc_fields(item.record, ("starts_at", "ends_at", "updated_at"))
        values.pop("kind")
        rows.append({**values, "device_id": batch.pusher.device_id, "change_id": item.change_id})
    written = _upsert_received(session, Event, rows)
    for item in latest:
        if item.record.id not in written:  # another office's desk created it meanwhile
            _refuse_unapplied(batch, items, item.record.id, _foreign(item.record))


def _authorise_event_settings(
    session: Session, batch: Batch, items: list[Item[EventSettingsRecord]]
) -> None:
    """Settings name their event by id: it must be of the desk's office (stored, or sent in this
    batch), and the record must say so itself."""
    office = batch.pusher.office_code
    for item in items:
        if item.record.office_code != office:
            batch.invalid[item.change_id] = (
                f"event {item.record.id} is for office {item.record.office_code}; "
                f"this desk is enrolled for {office}"
            )
    _authorise_by_event(session, batch, [i for i in items if i.change_id not in batch.invalid])


def _apply_event_settings(
    session: Session, batch: Batch, items: list[Item[EventSettingsRecord]]
) -> None:
    """The version received last stands (HQ's receipt order, as for events): every desk that pulls
    then holds the same rule, signatories and pattern, whichever desk's edit it was."""
    rows = []
    for item in _last_received(items):
        values = _utc_fields(item.record, ("updated_at",))
        values.pop("kind")
        values["signatories"] = json.dumps(values["signatories"], ensure_ascii=False)
        rows.append({**values, "device_id": batch.pusher.device_id, "change_id": item.change_id})
    if not rows:
        return
    rows.sort(key=lambda row: str(row["id"]))
    target = table(EventSettings)
    statement = insert(session, EventSettings)
    statement = statement.on_conflict_do_update(
        index_elements=["id"],
        set_={name: statement.excluded[name] for name in rows[0] if name != "id"},
        where=target.c.office_code == statement.excluded.office_code,
    )
    for part in chunks(rows):
        session.execute(statement, list(part))


# --- participants -------------------------------------------------------------------------------


def _authorise_participants(
    session: Session, batch: Batch, items: list[Item[ParticipantRecord]]
) -> None:
    office = batch.pusher.office_code
    stored = _offices_of(session, Participant, [item.record.id for item in items])
    for item in items:
        owner = stored.get(item.record.id)
        if owner is not None and owner != office:
            batch.invalid[item.change_id] = (
                f"participant {item.record.id} belongs to office {owner}; "
                "register the person with a participant record of your own"
            )


def _apply_participants(
    session: Session, batch: Batch, items: list[Item[ParticipantRecord]]
) -> None:
    """In HQ's receipt order (the batch's order, after every earlier batch), except that an
    erasure stands: an edit of a participant HQ holds erased, or erased earlier in this batch, is a
    conflict, set aside without its identity fields. What is not applied is never "stored"."""
    erased = _erased_participants(session, sorted({item.record.id for item in items}))
    accepted: list[Item[ParticipantRecord]] = []
    for item in items:
        if item.record.id in erased and not is_erasure(item.record):
            _refuse_erased(batch, item)
            continue
        if is_erasure(item.record):
            erased.add(item.record.id)
        accepted.append(item)
    latest = _last_received(accepted)
    # Who each erased participant was linked to before the erasure re-links it (sync/hq/erasure.py).
    before = erasure.persons_before(
        session, [item.record.id for item in latest if is_erasure(item.record)]
    )
    persons = merge.person_ids(
        session=session, records=[item.record for item in latest], now=batch.now
    )
    rows = []
    for item in latest:
        values = _utc_fields(item.record, ("updated_at",))
        values.pop("kind")
        if values.get("email"):
            values["email"] = values["email"].strip().lower()
        rows.append(
            {
                **values,
                "person_id": persons[item.record.id],
                "office_code": batch.pusher.office_code,
                "device_id": batch.pusher.device_id,
                "change_id": item.change_id,
            }
        )
    written = _upsert_received(session, Participant, rows)
    applied = [
        erasure.Erased(
            participant_id=item.record.id,
            change_id=item.change_id,
            office_code=batch.pusher.office_code,
            person_id=before.get(item.record.id),
        )
        for item in latest
        if item.record.id in written and is_erasure(item.record)
    ]
    if applied:  # in this transaction: an erasure acknowledged is an erasure everywhere at HQ
        batch.notes.update(erasure.forget(session=session, erased=applied))
    for item in latest:
        if item.record.id in written:
            continue
        # Lost a race: another worker erased the person, or another office's desk created the
        # participant, between the read above and the write.
        if is_erasure(item.record):
            _refuse_unapplied(batch, accepted, item.record.id, _foreign(item.record))
        else:
            for other in accepted:
                if other.record.id == item.record.id:
                    _refuse_erased(batch, other)


def _erased_participants(session: Session, ids: list[str]) -> set[str]:
    target = table(Participant)
    erased: set[str] = set()
    for part in chunks(ids):
        rows = session.execute(
            select(target.c.id).where(target.c.id.in_(part), target.c.full_name == ERASED_NAME)
        )
        erased.update(str(row.id) for row in rows)
    return erased


def _forget_late_arrivals(
    session: Session, batch: Batch, items: list[Item[Any]], new_ids: set[str]
) -> None:
    """A certificate or online result naming a participant HQ already holds erased (sent late, or
    by a desk that had not heard of the erasure) carries the identity again: forget it too."""
    named = sorted(
        {
            str(item.record.participant_id)
            for item in items
            if item.record.kind in _NAMES_A_PARTICIPANT
            and getattr(item.record, "participant_id", None)
            and (item.change_id in new_ids or item.change_id in batch.conflicts)
        }
    )
    erased = _erased_participants(session, named)
    if not erased:
        return
    target = table(Participant)
    rows = session.execute(
        select(target.c.id, target.c.office_code, target.c.change_id).where(
            target.c.id.in_(sorted(erased))
        )
    ).all()
    erasure.forget(
        session=session,
        erased=[
            erasure.Erased(
                participant_id=str(row.id),
                change_id=str(row.change_id or ""),
                office_code=str(row.office_code),
                person_id=None,  # the person's key was settled when the erasure was applied
            )
            for row in rows
        ],
    )


_NAMES_A_PARTICIPANT = {RecordKind.CERTIFICATE.value, RecordKind.ONLINE_ATTENDANCE.value}


def _refuse_erased(batch: Batch, item: Item[ParticipantRecord]) -> None:
    batch.record_conflicts[item.change_id] = (
        f"participant {item.record.id} was erased at HQ (UU 27/2022) and an erasure stands: "
        f"this edit is not applied; register the person again if they ask [{RefusalCode.ERASED}]"
    )
    batch.redacted.add(item.change_id)


def _foreign(record: EventRecord | ParticipantRecord) -> str:
    return f"{record.kind} {record.id} belongs to another office; this change is not applied"


def _refuse_unapplied(
    batch: Batch, items: Sequence[Item[Any]], record_id: str, reason: str
) -> None:
    for item in items:
        if item.record.id == record_id:
            batch.record_conflicts[item.change_id] = reason


# --- registrations and check-ins ----------------------------------------------------------------


def _authorise_by_event(session: Session, batch: Batch, items: list[Item[Any]]) -> None:
    office = batch.pusher.office_code
    wanted = {item.record.event_id for item in items} - batch.own_events
    stored = _offices_of(session, Event, sorted(wanted))
    for item in items:
        event_id = item.record.event_id
        if event_id in batch.own_events:
            continue
        owner = stored.get(event_id)
        if owner is None:
            batch.invalid[item.change_id] = f"unknown event {event_id}: push the event first"
        elif owner != office:
            batch.invalid[item.change_id] = f"event {event_id} belongs to office {owner}"


def _authorise_checkins(session: Session, batch: Batch, items: list[Item[CheckInRecord]]) -> None:
    """An undo cancels one check-in, so it must be of that check-in's event, day and person: the
    event check alone would let a desk of one office undo another office's attendance by naming its
    check-in under an event of its own. The check-in must be one HQ holds or one earlier in this
    batch: a desk queues a check-in before its undo, and pulled ones came from HQ."""
    _authorise_by_event(session, batch, items)
    undos = [
        i for i in items if i.record.undoes_id is not None and i.change_id not in batch.invalid
    ]
    if not undos:
        return
    # What HQ holds comes first: a batch that also carries a forged copy of the check-in (a
    # conflict, set aside) must not make an undo of someone else's attendance look right.
    known: dict[str, tuple[str, str, int, bool]] = {}
    target = table(CheckIn)
    wanted = sorted({str(i.record.undoes_id) for i in undos})
    for part in chunks(wanted):
        rows = session.execute(
            select(
                target.c.id,
                target.c.event_id,
                target.c.participant_id,
                target.c.day,
                target.c.undoes_id,
            ).where(target.c.id.in_(part))
        )
        for row in rows:
            known[row.id] = (row.event_id, row.participant_id, row.day, row.undoes_id is not None)
    for item in items:  # the first version in the batch stands, as _insert_immutable decides
        if item.change_id not in batch.invalid and item.record.undoes_id is None:
            record = item.record
            known.setdefault(record.id, (record.event_id, record.participant_id, record.day, False))
    for item in undos:
        record = item.record
        found = known.get(str(record.undoes_id))
        if found is None:
            batch.refuse(
                item.change_id,
                "undo_unknown_checkin",
                f"undoes_id: undo {record.id} names check-in {record.undoes_id}, which HQ "
                "does not hold: "
                "push the check-in first",
            )
        elif found[3]:
            batch.refuse(
                item.change_id,
                "undo_of_undo",
                f"undoes_id: undo {record.id} names {record.undoes_id}, which is itself an undo",
            )
        elif found[:3] != (record.event_id, record.participant_id, record.day):
            batch.refuse(
                item.change_id,
                "undo_mismatch",
                f"undoes_id: undo {record.id} is not of the event, day and participant of check-in "
                f"{record.undoes_id}: an undo must repeat the check-in's event, day and person",
            )


def _apply_registrations(
    session: Session, batch: Batch, items: list[Item[RegistrationRecord]]
) -> None:
    rows = []
    for item in items:
        values = _flat_utc_fields(item.record, "created_at")
        rows.append(
            {**values, "device_id": batch.pusher.device_id, "payload_hash": item.payload_hash}
        )
    # A registration is the pair (event, person), which its id spells: two desks registering the
    # same person for the same event made the same registration, whatever desk, time or source
    # each recorded. The first one stored stands; the second is "already stored", not a conflict.
    _insert_immutable(session, batch, Registration, rows, items, identity_is_content=True)


def _apply_checkins(session: Session, batch: Batch, items: list[Item[CheckInRecord]]) -> None:
    rows = []
    for item in items:
        values = _flat_utc_fields(item.record, "at")
        rows.append(
            {**values, "device_id": batch.pusher.device_id, "payload_hash": item.payload_hash}
        )
    _insert_immutable(session, batch, CheckIn, rows, items)


# --- certificates, their print log and revocations ---------------------------------------------


def _authorise_certificates(
    session: Session, batch: Batch, items: list[Item[CertificateRecord]]
) -> None:
    office = batch.pusher.office_code
    for item in items:
        if item.record.office_code != office:
            batch.invalid[item.change_id] = (
                f"certificate {item.record.id} is for office {item.record.office_code}; "
                f"this desk is enrolled for {office}"
            )
    _authorise_by_event(session, batch, [i for i in items if i.change_id not in batch.invalid])
    _check_seals(session, batch, [i for i in items if i.change_id not in batch.invalid])
    for item in items:
        if item.change_id not in batch.invalid:
            record = item.record
            # The first version in the batch stands (a later one is a conflict, _insert_immutable).
            batch.own_certificates.setdefault(
                record.id, (record.event_id, record.number, record.participant_id)
            )


def _check_seals(session: Session, batch: Batch, items: list[Item[CertificateRecord]]) -> None:
    """A certificate's seal travels to the office's other desks, which reprint it (issue 17 item
    2): HQ takes only a seal made by the key the record names, which HQ registered for this very
    device, over exactly this certificate. Records without one (desks before the field) pass."""
    keys: dict[str, Ed25519PublicKey | None] = {}
    for item in items:
        record = item.record
        if record.token is None:
            continue
        if record.key_id not in keys:
            row = session.get(DeskKey, record.key_id)
            mine = row is not None and row.device_id == batch.pusher.device_id
            keys[record.key_id] = (
                Ed25519PublicKey.from_public_bytes(decode_key_text(row.public_key))
                if row is not None and mine
                else None
            )
        problem = seal_problem(
            record.token,
            keys[record.key_id],
            key_id=record.key_id,
            number=record.number,
            participant_id=record.participant_id,
            event_id=record.event_id,
            printed_name=record.printed_name,
            issued_on=record.issued_on,
            mode=record.mode,
        )
        if problem:
            batch.refuse(item.change_id, "seal_mismatch", f"token: {problem}")


def _authorise_by_certificate(
    session: Session,
    batch: Batch,
    items: list[Item[CertificatePrintRecord]]
    | list[Item[CertificateRevocationRecord]]
    | list[Item[CertificateLinkRecord]],
) -> None:
    """The event must be this office's, and the certificate one HQ holds (or that came earlier in
    this batch) for that event; a revocation must also name the certificate's own number and
    participant, which is how desks match it to a seal."""
    _authorise_by_event(session, batch, items)
    wanted = sorted({i.record.certificate_id for i in items if i.change_id not in batch.invalid})
    # What HQ holds comes first: a forged copy of a stored certificate in this batch (a conflict,
    # set aside) must not make a print or revocation look right.
    known: dict[str, tuple[str, str, str]] = {}
    target = table(Certificate)
    for part in chunks(wanted):
        rows = session.execute(
            select(target.c.id, target.c.event_id, target.c.number, target.c.participant_id).where(
                target.c.id.in_(part)
            )
        )
        known.update({row.id: (row.event_id, row.number, row.participant_id) for row in rows})
    for certificate_id, in_batch in batch.own_certificates.items():
        known.setdefault(certificate_id, in_batch)
    for item in items:
        if item.change_id in batch.invalid:
            continue
        record = item.record
        found = known.get(record.certificate_id)
        if found is None:
            batch.invalid[item.change_id] = (
                f"unknown certificate {record.certificate_id}: push the certificate first"
            )
        elif found[0] != record.event_id:
            batch.invalid[item.change_id] = (
                f"certificate {record.certificate_id} is not of event {record.event_id}"
            )
        elif isinstance(record, CertificateRevocationRecord) and found[1:] != (
            record.number,
            record.participant_id,
        ):
            batch.invalid[item.change_id] = (
                f"certificate {record.certificate_id} has another number or participant"
            )
        elif isinstance(record, CertificateLinkRecord) and found[1] != record.number:
            batch.invalid[item.change_id] = (
                f"certificate {record.certificate_id} has another number"
            )


def _apply_certificates(
    session: Session, batch: Batch, items: list[Item[CertificateRecord]]
) -> None:
    rows = []
    for item in items:
        values = _utc_fields(item.record, ("issued_at",))
        values.pop("kind")
        values.pop("token", None)  # it stays in the change, which the office's desks pull
        rows.append(
            {
                **values,
                "device_id": batch.pusher.device_id,
                "payload_hash": item.payload_hash,
                "revoked_at": None,
                "revoked_reason": "",
                "revoked_by": "",
                "revocation_id": None,
            }
        )
    _insert_immutable(session, batch, Certificate, rows, items)


def _apply_prints(
    session: Session, batch: Batch, items: list[Item[CertificatePrintRecord]]
) -> None:
    rows = []
    for item in items:
        values = _utc_fields(item.record, ("printed_at",))
        values.pop("kind")
        rows.append(
            {**values, "device_id": batch.pusher.device_id, "payload_hash": item.payload_hash}
        )
    _insert_immutable(session, batch, CertificatePrint, rows, items)


def _apply_revocations(
    session: Session, batch: Batch, items: list[Item[CertificateRevocationRecord]]
) -> None:
    """The earliest revocation of a certificate stands, whatever order they arrive in; the database
    decides (``revoked_at`` compared in the UPDATE), so two workers racing agree. Only a revocation
    that changed the certificate is published: a repeat or a later one tells desks nothing new."""
    earliest: dict[str, Item[CertificateRevocationRecord]] = {}
    for item in items:
        key = item.record.certificate_id
        current = earliest.get(key)
        if current is None or (as_utc(item.record.revoked_at), item.record.id) < (
            as_utc(current.record.revoked_at),
            current.record.id,
        ):
            earliest[key] = item
    target = table(Certificate)
    for certificate_id in sorted(earliest):  # one lock order for every worker
        record = earliest[certificate_id].record
        at = as_utc(record.revoked_at)
        result = session.execute(
            update(target)
            .where(
                target.c.id == certificate_id,
                or_(target.c.revoked_at.is_(None), target.c.revoked_at > at),
            )
            .values(
                revoked_at=at,
                revoked_reason=record.reason,
                revoked_by=record.operator,
                revocation_id=record.id,
            )
        )
        if getattr(result, "rowcount", 0):
            feed.publish(
                session=session,
                kind=RecordKind.CERTIFICATE_REVOCATION.value,
                record=record,
                office_code=EVERY_OFFICE,
                now=batch.now,
            )


def _apply_links(session: Session, batch: Batch, items: list[Item[CertificateLinkRecord]]) -> None:
    """A new link is inserted; the same link sent again may only add its revocation (the earliest
    stands): the token hash, certificate and expiry of a link never change, so a record that
    changes them is a conflict, kept aside."""
    rows = []
    for item in items:
        values = _utc_fields(item.record, ("created_at", "expires_at", "revoked_at"))
        values.pop("kind")
        rows.append({**values, "device_id": batch.pusher.device_id})
    first: dict[str, dict[str, Any]] = {}
    for row in rows:
        first.setdefault(str(row["id"]), row)
    inserted = insert_new(session, CertificateLink, [first[key] for key in sorted(first)])
    target = table(CertificateLink)
    for item, row in zip(items, rows, strict=True):
        if item.record.id in inserted and first[item.record.id] is row:
            continue
        stored = session.execute(
            select(target.c.certificate_id, target.c.token_sha256, target.c.expires_at).where(
                target.c.id == item.record.id
            )
        ).first()
        if stored is None or (
            stored.certificate_id,
            stored.token_sha256,
            as_utc(stored.expires_at),
        ) != (row["certificate_id"], row["token_sha256"], as_utc(row["expires_at"])):
            batch.record_conflicts[item.change_id] = (
                f"certificate_link {item.record.id} is already stored with different content"
            )
            continue
        at = row["revoked_at"]
        if at is not None:
            session.execute(
                update(target)
                .where(
                    target.c.id == item.record.id,
                    or_(target.c.revoked_at.is_(None), target.c.revoked_at > at),
                )
                .values(revoked_at=at)
            )


# --- online attendance ------------------------------------------------------------------------


def _authorise_online_reports(
    session: Session, batch: Batch, items: list[Item[OnlineReportRecord]]
) -> None:
    _authorise_by_event(session, batch, items)
    for item in items:
        if item.change_id not in batch.invalid:
            batch.own_reports.setdefault(item.record.id, item.record.event_id)  # first stands


def _authorise_report_removals(
    session: Session, batch: Batch, items: list[Item[OnlineReportRemovalRecord]]
) -> None:
    """The event must be this office's and the report one HQ holds (or that came earlier in this
    batch) for that event. The desk queues the report before its removal, so a removal of a report
    HQ never got is an error, not something to wait for."""
    _authorise_by_event(session, batch, items)
    wanted = sorted({i.record.report_id for i in items if i.change_id not in batch.invalid})
    known: dict[str, str] = {}  # what HQ holds first, as for certificates
    target = table(OnlineReport)
    for part in chunks(wanted):
        rows = session.execute(select(target.c.id, target.c.event_id).where(target.c.id.in_(part)))
        known.update({row.id: row.event_id for row in rows})
    for report_id, event_id in batch.own_reports.items():
        known.setdefault(report_id, event_id)
    for item in items:
        if item.change_id in batch.invalid:
            continue
        record = item.record
        found = known.get(record.report_id)
        if found is None:
            batch.invalid[item.change_id] = (
                f"unknown online report {record.report_id}: push the report first"
            )
        elif found != record.event_id:
            batch.invalid[item.change_id] = (
                f"online report {record.report_id} is not of event {record.event_id}"
            )


def _apply_report_removals(
    session: Session, batch: Batch, items: list[Item[OnlineReportRemovalRecord]]
) -> None:
    """The earliest removal of a report stands whatever order removals arrive in (as for
    revocations, the database compares ``withdrawn_at``), so two workers racing agree."""
    earliest: dict[str, Item[OnlineReportRemovalRecord]] = {}
    for item in items:
        current = earliest.get(item.record.report_id)
        if current is None or (as_utc(item.record.removed_at), item.record.id) < (
            as_utc(current.record.removed_at),
            current.record.id,
        ):
            earliest[item.record.report_id] = item
    target = table(OnlineReport)
    for report_id in sorted(earliest):  # one lock order for every worker
        record = earliest[report_id].record
        at = as_utc(record.removed_at)
        session.execute(
            update(target)
            .where(
                target.c.id == report_id,
                or_(target.c.withdrawn_at.is_(None), target.c.withdrawn_at > at),
            )
            .values(
                withdrawn_at=at,
                withdrawn_by=record.operator,
                withdrawn_reason=record.reason,
                withdrawal_id=record.id,
            )
        )


def _apply_online_reports(
    session: Session, batch: Batch, items: list[Item[OnlineReportRecord]]
) -> None:
    rows = []
    for item in items:
        values = _utc_fields(item.record, ("imported_at",))
        values.pop("kind")
        values["raw"] = item.record.raw_bytes()
        values["meeting_date"] = item.record.meeting_date  # the dump leaves it out when empty
        # Stored as "not withdrawn"; a removal (in this batch or later) sets these.
        values.update(withdrawn_at=None, withdrawn_by="", withdrawn_reason="", withdrawal_id=None)
        rows.append(
            {**values, "device_id": batch.pusher.device_id, "payload_hash": item.payload_hash}
        )
    _insert_immutable(session, batch, OnlineReport, rows, items)


def _authorise_audit(session: Session, batch: Batch, items: list[Item[AuditRecord]]) -> None:
    """Any enrolled desk writes its own audit lines; who sent them is taken from its token, not
    from the payload, so one desk cannot put lines in another's name."""
    if batch.pusher.device_id is None:
        for item in items:
            batch.invalid[item.change_id] = "audit lines come from desks"


def _apply_audit(session: Session, batch: Batch, items: list[Item[AuditRecord]]) -> None:
    rows = []
    for item in items:
        values = _flat_utc_fields(item.record, "at")
        rows.append(
            {
                **values,
                "office_code": batch.pusher.office_code,
                "device_id": batch.pusher.device_id,
                "payload_hash": item.payload_hash,
            }
        )
    _insert_immutable(session, batch, DeskAudit, rows, items)


def _apply_online_attendance(
    session: Session, batch: Batch, items: list[Item[OnlineAttendanceRecord]]
) -> None:
    """Latest ``computed_at`` per (event, person) wins, in the batch and in the database."""
    latest: dict[tuple[str, str], Item[OnlineAttendanceRecord]] = {}
    for item in items:
        key = (item.record.event_id, item.record.person_key)
        current = latest.get(key)
        if current is None or (as_utc(item.record.computed_at), item.record.id) >= (
            as_utc(current.record.computed_at),
            current.record.id,
        ):
            latest[key] = item
    rows = []
    for key in sorted(latest):
        values = _utc_fields(latest[key].record, ("computed_at",))
        values.pop("kind")
        rows.append({**values, "device_id": batch.pusher.device_id})
    if not rows:
        return
    target = table(OnlineAttendance)
    statement = insert(session, OnlineAttendance)
    keys = ("event_id", "person_key")
    statement = statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={name: statement.excluded[name] for name in rows[0] if name not in keys},
        where=target.c.computed_at <= statement.excluded.computed_at,
    )
    for part in chunks(rows):
        session.execute(statement, list(part))


HANDLERS: dict[str, Handler[Any]] = {
    RecordKind.EVENT.value: Handler(
        EventRecord, manifest_group, _authorise_events, _apply_events, order=0, table=Event
    ),
    RecordKind.EVENT_SETTINGS.value: Handler(
        EventSettingsRecord,
        manifest_group,
        _authorise_event_settings,
        _apply_event_settings,
        order=1,  # after events: a batch may carry the event it names
        table=EventSettings,
    ),
    RecordKind.PARTICIPANT.value: Handler(
        ParticipantRecord,
        manifest_group,
        _authorise_participants,
        _apply_participants,
        order=1,
        table=Participant,
    ),
    RecordKind.REGISTRATION.value: Handler(
        RegistrationRecord,
        manifest_group,
        _authorise_by_event,
        _apply_registrations,
        order=2,
        table=Registration,
    ),
    RecordKind.CHECKIN.value: Handler(
        CheckInRecord,
        manifest_group,
        _authorise_checkins,
        _apply_checkins,
        order=3,
        table=CheckIn,
    ),
    RecordKind.CERTIFICATE.value: Handler(
        CertificateRecord,
        manifest_group,
        _authorise_certificates,
        _apply_certificates,
        order=4,
        table=Certificate,
    ),
    RecordKind.CERTIFICATE_PRINT.value: Handler(
        CertificatePrintRecord,
        manifest_group,
        _authorise_by_certificate,
        _apply_prints,
        order=5,
        table=CertificatePrint,
    ),
    RecordKind.CERTIFICATE_REVOCATION.value: Handler(
        CertificateRevocationRecord,
        manifest_group,
        _authorise_by_certificate,
        _apply_revocations,
        order=6,
        table=Certificate,
    ),
    RecordKind.CERTIFICATE_LINK.value: Handler(
        CertificateLinkRecord,
        manifest_group,
        _authorise_by_certificate,
        _apply_links,
        order=6,  # after certificates: a batch may carry the certificate it names
        table=CertificateLink,
    ),
    RecordKind.ONLINE_REPORT.value: Handler(
        OnlineReportRecord,
        manifest_group,
        _authorise_online_reports,
        _apply_online_reports,
        order=7,
        table=OnlineReport,
        long_fields=frozenset({"raw"}),
    ),
    RecordKind.ONLINE_REPORT_REMOVAL.value: Handler(
        OnlineReportRemovalRecord,
        manifest_group,
        _authorise_report_removals,
        _apply_report_removals,
        order=8,
        table=OnlineReport,
    ),
    RecordKind.ONLINE_ATTENDANCE.value: Handler(
        OnlineAttendanceRecord,
        manifest_group,
        _authorise_by_event,
        _apply_online_attendance,
        order=9,
        table=OnlineAttendance,
    ),
    RecordKind.AUDIT.value: Handler(
        AuditRecord, manifest_group, _authorise_audit, _apply_audit, order=10, table=DeskAudit
    ),
}


# --- the batch ----------------------------------------------------------------------------------


def _reason(error: ValidationError) -> str:
    first = error.errors(include_url=False, include_input=False)[:3]
    parts = [f"{'.'.join(str(p) for p in e['loc']) or 'payload'}: {e['msg']}" for e in first]
    more = error.error_count() - len(first)
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


_MAX_TEXT = 10_000  # no field of a desk record is longer; a longer one is an error, not data


@cache
def _column_lengths(model: type[SQLModel]) -> dict[str, int]:
    lengths = {}
    for column in table(model).columns:
        kind = base_type(column)
        if isinstance(kind, String) and kind.length:
            lengths[column.name] = kind.length
    return lengths


@cache
def _text_limits(model: type[SQLModel], long_fields: frozenset[str]) -> dict[str, int | None]:
    """Per field name, the longest text HQ takes (None: no limit): the column's, else
    ``_MAX_TEXT`` unless the record model bounds the field itself."""
    lengths = _column_lengths(model)

    class Limits(dict[str, int | None]):
        def __missing__(self, name: str) -> int | None:
            self[name] = lengths.get(name, None if name in long_fields else _MAX_TEXT)
            return self[name]

    return Limits()


def _out_of_range(
    record: BaseModel, model: type[SQLModel], long_fields: frozenset[str] = frozenset()
) -> str | None:
    """What the record models allow but HQ's columns cannot hold (or no desk would send), so
    that one such item is refused alone instead of failing the whole batch in the database."""
    if not record.__dict__.get("id"):
        return "id: must not be empty"
    limits = _text_limits(model, long_fields)
    for name, value in record.__dict__.items():
        # By exact type first: this runs for every item of every batch, and a record's fields
        # are plain str, int, None or datetime (bool is not int here, as it must not be).
        kind = type(value)
        if kind is str or (kind is not int and isinstance(value, str)):
            limit = limits[name]
            if limit is None:
                continue
            if len(value) > limit:
                return f"{name}: longer than {limit} characters"
            if "\x00" in value:
                return f"{name}: contains a NUL character"
        elif (kind is int or (kind is not bool and isinstance(value, int))) and not (
            0 <= value <= MAX_INT32
        ):
            return f"{name}: must be between 0 and {MAX_INT32}"
    return None


def _parse(envelope: ChangeEnvelope) -> Item[Any] | str:
    handler = HANDLERS.get(envelope.kind)
    if handler is None:
        return f"unknown record kind '{envelope.kind}'"
    payload = envelope.payload
    if payload.get("kind", envelope.kind) != envelope.kind:
        return (
            f"payload kind '{payload.get('kind')}' does not match envelope kind '{envelope.kind}'"
        )
    try:
        record = handler.model.model_validate(payload)
    except ValidationError as error:
        return _reason(error)
    problem = _out_of_range(record, handler.table, handler.long_fields) or record_problem(record)
    if problem:
        return problem
    normalised = record.model_dump_json()
    return Item(
        change_id=envelope.id,
        record=record,
        payload=normalised,
        payload_hash=hashlib.sha256(normalised.encode()).hexdigest(),
    )


def ingest(
    *,
    session: Session,
    pusher: Pusher,
    envelopes: Sequence[ChangeEnvelope],
    now: datetime,
    relayed: Sequence[RelayedDesk | None] | None = None,
) -> list[ItemResult]:
    """Store one batch inside the caller's transaction (the caller commits); one result per item,
    in the order given. ``relayed`` (a venue hub's push): the member desk that made each item, in
    the same order, None for the hub's own."""
    batch = Batch(pusher=pusher, now=now)
    first_seen: dict[str, Item[Any] | str] = {}
    repeated: set[int] = set()
    by_kind: dict[str, list[Item[Any]]] = {}
    for position, envelope in enumerate(envelopes):
        if envelope.id in first_seen:
            repeated.add(position)
            continue
        parsed = _parse(envelope)
        first_seen[envelope.id] = parsed
        if not isinstance(parsed, str):
            parsed = ahead_of_hq_problem(parsed.record, now) or parsed
        if isinstance(parsed, str):
            batch.invalid[envelope.id] = parsed
        else:
            by_kind.setdefault(envelope.kind, []).append(parsed)

    ordered = sorted(by_kind.items(), key=lambda pair: HANDLERS[pair[0]].order)
    if relayed:
        _authorise_relayed(session, batch, envelopes, relayed, by_kind)
    for kind, items in ordered:
        HANDLERS[kind].authorise(
            session, batch, [i for i in items if i.change_id not in batch.invalid]
        )

    valid = [item for _, items in ordered for item in items if item.change_id not in batch.invalid]
    new_ids = _store_changes(session, batch, valid)
    for kind, items in ordered:
        fresh = [item for item in items if item.change_id in new_ids]
        if fresh:
            HANDLERS[kind].apply(session, batch, fresh)
    _set_aside_record_conflicts(session, batch, valid)
    _forget_late_arrivals(session, batch, valid, new_ids)
    _note_desks_via_hub(session, batch, valid)

    statuses = {cid: _result(cid, batch, new_ids) for cid in first_seen}
    return [
        _repeat_result(envelope, first_seen[envelope.id], statuses[envelope.id])
        if position in repeated
        else statuses[envelope.id]
        for position, envelope in enumerate(envelopes)
    ]


def _result(change_id: str, batch: Batch, new_ids: set[str]) -> ItemResult:
    if change_id in batch.invalid:
        return ItemResult(id=change_id, status=ItemStatus.INVALID, reason=batch.invalid[change_id])
    if change_id in batch.conflicts:
        return ItemResult(
            id=change_id, status=ItemStatus.CONFLICT, reason=batch.conflicts[change_id]
        )
    status = ItemStatus.STORED if change_id in new_ids else ItemStatus.ALREADY_STORED
    reason = batch.notes.get(change_id)
    return ItemResult(id=change_id, status=status, reason=reason)


def _repeat_result(
    envelope: ChangeEnvelope, first: Item[Any] | str, status: ItemResult
) -> ItemResult:
    """The same change id twice in one batch: identical is harmless, different is a conflict."""
    if status.status not in ACKNOWLEDGING:
        return status
    again = _parse(envelope)
    if isinstance(again, str) or isinstance(first, str) or again.payload_hash != first.payload_hash:
        return ItemResult(
            id=envelope.id,
            status=ItemStatus.CONFLICT,
            reason="the same change id appears twice in the batch with different content",
        )
    return ItemResult(id=envelope.id, status=ItemStatus.ALREADY_STORED)


# --- a venue hub's relay (issue 17 item 5) -------------------------------------------------------


def _authorise_relayed(
    session: Session,
    batch: Batch,
    envelopes: Sequence[ChangeEnvelope],
    relayed: Sequence[RelayedDesk | None],
    by_kind: dict[str, list[Item[Any]]],
) -> None:
    """Take a hub's word for who made an item only for a desk of the hub's own office that HQ has
    not revoked: a desk HQ knows as another office's (its enrolment says so) is not the hub's to
    speak for, and a revoked desk does not come back in through a hub. A record that names the
    desk that made it (check-ins, registrations, certificates, ...) must name the claimed one.
    What fails is refused alone; the hub stays the pusher of everything else."""
    parsed = {item.change_id: item for items in by_kind.values() for item in items}
    claims: dict[str, RelayedDesk] = {}
    for envelope, maker in zip(envelopes, relayed, strict=True):
        if maker is None or maker.desk_id == batch.pusher.desk_id:
            continue
        claims.setdefault(envelope.id, maker)
    if not claims:
        return
    target = table(Device)
    enrolled: dict[str, list[tuple[str, bool]]] = {}
    wanted = sorted({maker.desk_id for maker in claims.values()})
    for part in chunks(wanted):
        for row in session.execute(
            select(target.c.desk_id, target.c.office_code, target.c.revoked_at).where(
                target.c.desk_id.in_(part)
            )
        ):
            enrolled.setdefault(str(row.desk_id), []).append(
                (str(row.office_code), row.revoked_at is not None)
            )
    office = batch.pusher.office_code
    for change_id, maker in claims.items():
        if change_id in batch.invalid:
            continue
        known = enrolled.get(maker.desk_id, [])
        # A desk enrolled again (a new device, the old one revoked) or moved to another office
        # counts by its enrolments in force.
        active = sorted({o for o, revoked in known if not revoked})
        named = getattr(getattr(parsed.get(change_id), "record", None), "desk_id", None)
        if active and office not in active:
            batch.refuse(
                change_id,
                "relay_other_office",
                f"desk {maker.desk_name} ({maker.desk_id}) is enrolled for office "
                f"{', '.join(active)}; a venue hub relays the desks of its own office "
                f"{office} only",
            )
        elif not active and any(o == office for o, _ in known):
            batch.refuse(
                change_id,
                "relay_revoked_desk",
                f"desk {maker.desk_name} ({maker.desk_id}) was revoked at HQ; its records are "
                "not taken through a venue hub either",
            )
        elif named is not None and named != maker.desk_id:
            batch.refuse(
                change_id,
                "relay_desk_mismatch",
                f"desk_id: the record names desk {named}, the hub says desk {maker.desk_id} "
                "made it",
            )
        else:
            batch.made_by[change_id] = maker


def _note_desks_via_hub(session: Session, batch: Batch, items: list[Item[Any]]) -> None:
    """Which desk reached HQ through which hub, first and last (the dashboard's "Melalui hub")."""
    if batch.pusher.device_id is None:
        return
    seen: dict[str, RelayedDesk] = {}
    for item in items:
        maker = batch.made_by.get(item.change_id)
        if maker is not None and item.change_id not in batch.invalid:
            seen[maker.desk_id] = maker
    if not seen:
        return
    rows = [
        {
            "desk_id": desk_id,
            "hub_device_id": batch.pusher.device_id,
            "office_code": batch.pusher.office_code,
            "desk_name": seen[desk_id].desk_name,
            "first_seen": batch.now,
            "last_seen": batch.now,
        }
        for desk_id in sorted(seen)  # one lock order for every worker
    ]
    statement = insert(session, DeskViaHub)
    statement = statement.on_conflict_do_update(
        index_elements=["desk_id", "hub_device_id"],
        set_={
            # A hub that no longer knows a member's name sends its id: keep the name HQ has.
            "desk_name": case(
                (
                    statement.excluded.desk_name == statement.excluded.desk_id,
                    table(DeskViaHub).c.desk_name,
                ),
                else_=statement.excluded.desk_name,
            ),
            "last_seen": statement.excluded.last_seen,
        },
    )
    session.execute(statement, rows)


def _store_changes(session: Session, batch: Batch, items: list[Item[Any]]) -> set[str]:
    """Insert the change log rows; returns the ids that were new. Existing ids are compared by
    payload hash: identical is "already stored", different is a conflict set aside."""
    if not items:
        return set()
    change = table(Change)
    rows = []
    for item in items:
        event_id, day = HANDLERS[item.record.kind].group(item.record)
        rows.append(
            {
                "id": item.change_id,
                "kind": item.record.kind,
                "record_id": item.record.id,
                "payload_hash": item.payload_hash,
                "payload": item.payload,
                "device_id": batch.pusher.device_id,
                "office_code": batch.pusher.office_code,
                "event_id": event_id,
                "day": day,
                "received_at": batch.now,
                "made_by_desk_id": (
                    batch.made_by[item.change_id].desk_id
                    if item.change_id in batch.made_by
                    else None
                ),
            }
        )
    rows.sort(key=lambda row: row["id"])  # one lock order for every worker: no deadlocks
    new_ids = _insert_new_rows(session, Change, rows)
    old = [item for item in items if item.change_id not in new_ids]
    if old:
        hashes: dict[str, str] = {}
        for ids in chunks([item.change_id for item in old]):
            found = session.execute(
                select(change.c.id, change.c.payload_hash).where(change.c.id.in_(ids))
            )
            hashes.update({row.id: row.payload_hash for row in found})
        for item in old:
            if hashes.get(item.change_id) != item.payload_hash:
                batch.conflicts[item.change_id] = (
                    f"change {item.change_id} is already stored with different content"
                )
        _keep_aside(session, batch, [i for i in old if i.change_id in batch.conflicts])
    return new_ids


def _set_aside_record_conflicts(session: Session, batch: Batch, items: list[Item[Any]]) -> None:
    """A new change id that names an immutable record HQ holds with other content: remove the change
    log row written for it above and keep the change aside instead."""
    if not batch.record_conflicts:
        return
    flagged = [item for item in items if item.change_id in batch.record_conflicts]
    session.execute(delete(Change).where(col(Change.id).in_([item.change_id for item in flagged])))
    batch.conflicts.update(batch.record_conflicts)
    _keep_aside(session, batch, flagged)


def _keep_aside(session: Session, batch: Batch, items: list[Item[Any]]) -> None:
    if not items:
        return
    rows = [
        {
            "change_id": item.change_id,
            "kind": item.record.kind,
            "device_id": batch.pusher.device_id,
            "payload_hash": item.payload_hash,
            "payload": _redacted(item) if item.change_id in batch.redacted else item.payload,
            "reason": batch.conflicts[item.change_id],
            "received_at": batch.now,
        }
        for item in items
    ]
    session.execute(insert(session, ChangeConflict).on_conflict_do_nothing(), rows)


def _redacted(item: Item[Any]) -> str:
    return erasure.stub(item.record.kind, item.record.id)


_IMMUTABLE_KINDS = {
    RecordKind.REGISTRATION.value,
    RecordKind.CHECKIN.value,
    RecordKind.CERTIFICATE.value,
    RecordKind.CERTIFICATE_PRINT.value,
    RecordKind.ONLINE_REPORT.value,
}


def _insert_immutable(
    session: Session,
    batch: Batch,
    model: type[SQLModel],
    rows: list[dict[str, Any]],
    items: list[Item[Any]],
    *,
    identity_is_content: bool = False,
) -> None:
    """Registrations, check-ins, certificates, prints and online reports never change: a second
    change naming the same record with the same content is harmless, with other content it is a
    conflict (unless the id itself is the whole identity, as for registrations).

    Within one batch the first change naming a record is the one inserted and the later ones are
    compared with it, exactly as if they had come in later batches: otherwise one INSERT would
    store one version while every change id was answered "stored" and kept for pull."""
    target = table(model)
    first_row: dict[str, dict[str, Any]] = {}
    for row in rows:
        first_row.setdefault(str(row["id"]), row)
    first_change: dict[str, str] = {}
    for item in items:
        first_change.setdefault(item.record.id, item.change_id)
    inserted = _insert_new_rows(session, model, [first_row[key] for key in sorted(first_row)])
    missing = [
        item
        for item in items
        if item.record.id not in inserted or first_change[item.record.id] != item.change_id
    ]
    if not missing or identity_is_content:
        return
    stored: dict[str, str] = {}
    for part in chunks([item.record.id for item in missing]):
        found = session.execute(
            select(target.c.id, target.c.payload_hash).where(target.c.id.in_(part))
        )
        stored.update({row.id: row.payload_hash for row in found})
    seen_in_batch: dict[str, str] = {}
    for item in items:
        seen_in_batch.setdefault(item.record.id, item.payload_hash)
    for item in missing:
        reference = stored.get(item.record.id, seen_in_batch[item.record.id])
        if reference != item.payload_hash:
            batch.record_conflicts[item.change_id] = (
                f"{item.record.kind} {item.record.id} is already stored with different content"
            )


# From this many rows a batch goes in through COPY (below); fewer are not worth the extra statement.
COPY_FROM_ROWS = 50


def _insert_new_rows(
    session: Session, model: type[SQLModel], rows: list[dict[str, Any]]
) -> set[str]:
    """``sql.insert_new``'s contract (the ids that were new, decided by ``ON CONFLICT (id) DO
    NOTHING``), faster for a desk's batch on PostgreSQL: the rows are COPYed into a temporary
    table of the same columns, then inserted from it in id order. The profile of 20 desks pushing
    check-ins had psycopg's Python array dumper (``array.py _dump_list``) at a sixth of HQ's time;
    COPY formats its rows in psycopg's C code instead, and the server parses them as fast."""
    if len(rows) < COPY_FROM_ROWS:
        return insert_new(session, model, rows)
    if dialect_name(session) == "sqlite":
        return _insert_new_sqlite(session, model, rows)
    if dialect_name(session) != "postgresql":
        return insert_new(session, model, rows)
    target = table(model)
    names = list(rows[0])
    columns = ", ".join(f'"{name}"' for name in names)
    # One temporary table per table and column list, kept by the connection for its life and
    # emptied at each commit: no catalog churn per batch, nothing left between transactions.
    temporary = f"incoming_{target.name}_{hashlib.sha1(columns.encode()).hexdigest()[:8]}"
    driver = session.connection().connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor:
        cursor.execute(
            f'CREATE TEMPORARY TABLE IF NOT EXISTS "{temporary}" ON COMMIT DELETE ROWS AS '
            f'SELECT {columns} FROM "{target.name}" WITH NO DATA'
        )
        with cursor.copy(f'COPY "{temporary}" ({columns}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[name] for name in names])
        cursor.execute(
            f'INSERT INTO "{target.name}" ({columns}) SELECT {columns} FROM "{temporary}" '
            # Id order: one lock order for every worker, as the callers sort their rows for.
            f'ORDER BY "id" ON CONFLICT ("id") DO NOTHING RETURNING "id"'
        )
        inserted = {str(found[0]) for found in cursor.fetchall()}
        # Emptied now as well, for a second batch in the same transaction (a USB bundle's);
        # the commit then truncates the table without a new file.
        cursor.execute(f'DELETE FROM "{temporary}"')
    return inserted


def _insert_new_sqlite(
    session: Session, model: type[SQLModel], rows: list[dict[str, Any]]
) -> set[str]:
    """The same on SQLite, where HQ writes inside ``BEGIN IMMEDIATE`` (sync/hq/db.py): no other
    writer can come between reading which ids exist and inserting the others, so the new ids are
    the ones not found. The rows go through the driver's ``executemany`` with each column's own
    bind processor (the values SQLAlchemy would store); SQLAlchemy's own many-row INSERT with
    RETURNING built the parameters row by row in Python, a fifth of HQ's time in the profile."""
    target = table(model)
    names = list(rows[0])
    dialect = session.get_bind().dialect
    processors = [target.c[name].type.bind_processor(dialect) for name in names]
    found: set[str] = set()
    for part in chunks([str(row["id"]) for row in rows]):
        found.update(
            str(value)
            for value in session.execute(select(target.c.id).where(target.c.id.in_(part))).scalars()
        )
    fresh = [row for row in rows if str(row["id"]) not in found]
    if not fresh:
        return set()
    values = [
        tuple(
            row[name] if process is None else process(row[name])
            for name, process in zip(names, processors, strict=True)
        )
        for row in fresh
    ]
    columns = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" for _ in names)
    statement = f'INSERT INTO "{target.name}" ({columns}) VALUES ({marks}) '
    # ON CONFLICT still: a row twice in ``rows`` is stored once, never refused.
    statement += 'ON CONFLICT ("id") DO NOTHING'
    driver = session.connection().connection.driver_connection
    assert driver is not None
    cursor = driver.cursor()
    try:
        cursor.executemany(statement, values)
    finally:
        cursor.close()
    return {str(row["id"]) for row in fresh}


def _last_received(items: list[Item[R]]) -> list[Item[R]]:
    """One row per record id for an upsert (PostgreSQL refuses to update a row twice in one
    statement): the one received last, as it would have been over two batches. The desk's
    ``updated_at`` does not decide: a desk's clock behind would lose an erasure, one ahead would
    freeze the record."""
    last: dict[str, Item[R]] = {}
    for item in items:
        last[str(getattr(item.record, "id", ""))] = item
    return list(last.values())


def _upsert_received(
    session: Session, model: type[Event] | type[Participant], rows: list[dict[str, Any]]
) -> set[str]:
    """Insert, or replace when of the same office and (for a participant) unless HQ holds it
    erased and this is no erasure: the database decides, so a foreign write, or an edit racing an
    erasure, changes nothing even when two workers race. Returns the ids written."""
    if not rows:
        return set()
    rows.sort(key=lambda row: str(row["id"]))
    target = table(model)
    statement = insert(session, model)
    updates = {name: statement.excluded[name] for name in rows[0] if name != "id"}
    condition = target.c.office_code == statement.excluded.office_code
    if model is Participant:
        condition = condition & or_(
            target.c.full_name != ERASED_NAME, statement.excluded.full_name == ERASED_NAME
        )
    statement = statement.on_conflict_do_update(
        index_elements=["id"], set_=updates, where=condition
    ).returning(target.c.id)
    written: set[str] = set()
    for part in chunks(rows):
        written.update(str(found) for found in session.execute(statement, list(part)).scalars())
    return written


def _offices_of(
    session: Session, model: type[Event] | type[Participant], ids: list[str]
) -> dict[str, str]:
    target = table(model)
    offices: dict[str, str] = {}
    for part in chunks(sorted(set(ids))):
        rows = session.execute(
            select(target.c.id, target.c.office_code).where(target.c.id.in_(part))
        )
        offices.update({row.id: row.office_code for row in rows})
    return offices


def receive_push(
    *,
    session: Session,
    device: Device,
    request: PushRequest,
    now: datetime,
    skew_warning_seconds: float,
    relayed: Sequence[RelayedDesk | None] | None = None,
) -> PushResponse:
    """A desk's push: ingest the batch, note the desk's state for the dashboard, and answer with the
    ids acknowledged and the clock comparison. The caller commits."""
    results = ingest(
        session=session,
        pusher=Pusher(office_code=device.office_code, device_id=device.id, desk_id=device.desk_id),
        envelopes=request.items,
        now=now,
        relayed=relayed,
    )
    skew = (request.desk_time - now).total_seconds()
    session.execute(
        update(Device)
        .where(col(Device.id) == device.id)
        .values(
            last_push_at=now,
            last_seen_at=now,
            # Every item answered has left the desk's queue (acknowledged or set aside there).
            pending_count=max(0, request.pending - len(results)),
            clock_skew_seconds=skew,
        )
    )
    warning = None
    if abs(skew) > skew_warning_seconds:
        direction = "ahead of" if skew > 0 else "behind"
        warning = (
            f"This desk's clock is {abs(skew) / 60:.0f} minutes {direction} HQ's: "
            "check the laptop's date, time and time zone."
        )
    acknowledged = [result.id for result in results if result.status in ACKNOWLEDGING]
    log.info(
        "push from %s (%s): %d items, %d acknowledged",
        device.id,
        device.office_code,
        len(results),
        len(acknowledged),
    )
    return PushResponse(
        results=results,
        acknowledged=acknowledged,
        server_time=now,
        clock_skew_seconds=skew,
        clock_warning=warning,
    )
