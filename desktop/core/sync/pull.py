"""Applying what the desk pulls from HQ: the office's events and their certificate settings,
participants and registrations made at other desks, their check-ins, the desk keys HQ trusts, the
office's certificates with their seals and print log (issue 17 item 2: any desk reprints a person's
certificate instead of making a second), and revoked certificates of every office (issue 6,
../shared/design/sync.md rule 13).

Applied without disturbing local work: every write is an idempotent upsert by id (applying a page
twice changes nothing), an event or participant is replaced only by a newer version of itself (the
latest ``updated_at`` wins, as at HQ), registrations and check-ins are immutable facts inserted once
and never enqueued again (they are other desks' records). Nothing pulled goes into the outbox.

Two things a page can hold that the desk cannot apply yet are kept, not dropped:
- a record that names one the desk does not have (a check-in whose participant is on a later page;
  HQ numbers a batch's changes by id, not by kind): kept in ``sync_pulled_waiting`` and applied the
  moment what it waits for arrives;
- a kind this version does not know (a newer HQ): kept until an update can apply it.

The same person registered at two desks arrives as a second participant with the same NIP (or NIK):
the desk keeps its own row and files HQ's id as an alias of it (``sync_alias``), so the other desk's
check-ins of that person land on the local participant and the desk can say "Sudah hadir (Meja 2)".
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import text
from sqlmodel import Session

from desktop.core.clock import utcnow
from desktop.core.models import Event, Participant
from desktop.core.registry import (
    find_participant_by_nik,
    find_participant_by_nip,
    participant_record,
)
from sync.desk.outbox import PAYLOAD_SQL, OutboxState
from sync.desk.sqlite_bulk import sqlite_utc
from sync.protocol import (
    ERASED_NAME,
    CertificatePrintRecord,
    CertificateRecord,
    CertificateRevocationRecord,
    CheckInRecord,
    DeskKeyRecord,
    EventRecord,
    EventSettingsRecord,
    ParticipantRecord,
    PulledChange,
    RecordKind,
    RefusalCode,
    RegistrationRecord,
    is_erasure,
)

log = logging.getLogger(__name__)

DESK_KEY = "desk_key"
# Within a page: what others name first. Unknown kinds last.
_ORDER = {
    RecordKind.EVENT.value: 0,
    RecordKind.EVENT_SETTINGS.value: 1,
    RecordKind.PARTICIPANT.value: 2,
    RecordKind.REGISTRATION.value: 3,
    RecordKind.CHECKIN.value: 4,
    DESK_KEY: 5,
    RecordKind.CERTIFICATE.value: 6,
    RecordKind.CERTIFICATE_PRINT.value: 7,
    RecordKind.CERTIFICATE_REVOCATION.value: 8,
}
# The kinds this desk applies (a venue hub only relays the others: desktop/core/venue/hub.py).
APPLIED_KINDS = frozenset(_ORDER)
# The reason an unsent edit of a person erased at HQ is set aside with (the code HQ would answer).
ERASED_AT_HQ = (
    "conflict: the person was erased at HQ (UU 27/2022): this edit is not sent and the "
    "erasure stands "
    f"[{RefusalCode.ERASED}]"
)
_WAKE_ROUNDS = 8  # a woken change can wake another (checkin -> registration -> participant)


@dataclass(frozen=True, slots=True)
class _Applied:
    record_ids: tuple[str, ...]  # ids that now exist locally (HQ's id, and the local one)


@dataclass(frozen=True, slots=True)
class _Waits:
    for_id: str | None  # None: a kind this version cannot apply


@dataclass(slots=True)
class PullApplied:
    applied: int = 0
    waiting: int = 0  # kept for later (see module docstring)
    erased: int = 0  # erasures applied: the caller empties the WAL once the page has committed


class _Page:
    """Per-page caches; a page is one transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.connection = session.connection()
        self._aliases: dict[str, str | None] = {}
        self.erased = 0

    def local_participant(self, remote_id: str) -> str:
        if remote_id not in self._aliases:
            self._aliases[remote_id] = self.connection.execute(
                text(
                    "SELECT local_id FROM sync_alias WHERE kind = 'participant' AND remote_id = :id"
                ),
                {"id": remote_id},
            ).scalar()
        return self._aliases[remote_id] or remote_id

    def add_alias(self, remote_id: str, local_id: str) -> None:
        self.connection.execute(
            text(
                "INSERT OR REPLACE INTO sync_alias (kind, remote_id, local_id) "
                "VALUES ('participant', :remote, :local)"
            ),
            {"remote": remote_id, "local": local_id},
        )
        self._aliases[remote_id] = local_id

    def exists(self, table: str, record_id: str) -> bool:
        return (
            self.connection.execute(
                text(f"SELECT 1 FROM {table} WHERE id = :id"), {"id": record_id}
            ).first()
            is not None
        )


def apply_pulled(*, session: Session, changes: Sequence[PulledChange]) -> PullApplied:
    """Apply one page of pulled changes in the caller's transaction (which also stores the
    cursor). Returns how many were applied and how many wait."""
    page = _Page(session)
    outcome = PullApplied()
    arrived: set[str] = set()
    _retry_unknown_kinds(page, outcome, arrived)
    for change in sorted(changes, key=lambda c: (_ORDER.get(c.kind, 99), c.seq)):
        _settle(page, outcome, arrived, change.seq, change.id, change.kind, change.payload)
    _wake(page, outcome, arrived)
    session.flush()
    outcome.erased = page.erased
    return outcome


def _settle(
    page: _Page,
    outcome: PullApplied,
    arrived: set[str],
    seq: int,
    change_id: str,
    kind: str,
    payload: dict[str, Any],
) -> None:
    result = _apply_one(page, kind, payload)
    if isinstance(result, _Applied):
        outcome.applied += 1
        arrived.update(result.record_ids)
        return
    outcome.waiting += 1
    page.connection.execute(
        text(
            "INSERT OR REPLACE INTO sync_pulled_waiting (seq, id, kind, payload, waits_for, "
            "received_at) VALUES (:seq, :id, :kind, :payload, :waits_for, :now)"
        ),
        {
            "seq": seq,
            "id": change_id,
            "kind": kind,
            "payload": json.dumps(payload),
            "waits_for": result.for_id,
            "now": sqlite_utc(utcnow()),
        },
    )


def _wake(page: _Page, outcome: PullApplied, arrived: set[str]) -> None:
    for _ in range(_WAKE_ROUNDS):
        if not arrived:
            return
        ready: list[tuple[int, str, str, str]] = []
        ids = sorted(arrived)
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ", ".join(f":p{i}" for i in range(len(part)))
            ready += page.connection.execute(
                text(
                    "SELECT seq, id, kind, payload FROM sync_pulled_waiting "
                    f"WHERE waits_for IN ({marks})"
                ),
                {f"p{i}": value for i, value in enumerate(part)},
            ).all()
        arrived = set()
        for seq, change_id, kind, payload in sorted(
            ready, key=lambda r: (_ORDER.get(r[2], 99), r[0])
        ):
            page.connection.execute(
                text("DELETE FROM sync_pulled_waiting WHERE seq = :seq"), {"seq": seq}
            )
            outcome.waiting -= 1
            _settle(page, outcome, arrived, seq, change_id, kind, json.loads(payload))


def _retry_unknown_kinds(page: _Page, outcome: PullApplied, arrived: set[str]) -> None:
    """Changes kept because an older version could not apply their kind: this one may."""
    known = ", ".join(f"'{kind}'" for kind in _ORDER)
    rows = page.connection.execute(
        text(
            "SELECT seq, id, kind, payload FROM sync_pulled_waiting "
            f"WHERE waits_for IS NULL AND kind IN ({known}) ORDER BY seq LIMIT 10000"
        )
    ).all()
    for seq, change_id, kind, payload in rows:
        page.connection.execute(text("DELETE FROM sync_pulled_waiting WHERE seq = :s"), {"s": seq})
        outcome.waiting -= 1
        _settle(page, outcome, arrived, seq, change_id, kind, json.loads(payload))


def waiting_count(*, session: Session) -> int:
    from desktop.core.sync.reads import pulled_waiting
    from sync.desk.outbox_reads import session_rows

    return pulled_waiting(session_rows(session))


# --------------------------------------------------------------------------- one change


def _apply_one(page: _Page, kind: str, payload: dict[str, Any]) -> _Applied | _Waits:
    try:
        if kind == RecordKind.EVENT.value:
            return _event(page, EventRecord.model_validate(payload))
        if kind == RecordKind.EVENT_SETTINGS.value:
            return _event_settings(page, EventSettingsRecord.model_validate(payload))
        if kind == RecordKind.PARTICIPANT.value:
            return _participant(page, ParticipantRecord.model_validate(payload))
        if kind == RecordKind.REGISTRATION.value:
            return _registration(page, RegistrationRecord.model_validate(payload))
        if kind == RecordKind.CHECKIN.value:
            return _checkin(page, CheckInRecord.model_validate(payload))
        if kind == DESK_KEY:
            return _desk_key(page, DeskKeyRecord.model_validate(payload))
        if kind == RecordKind.CERTIFICATE.value:
            return _certificate(page, CertificateRecord.model_validate(payload))
        if kind == RecordKind.CERTIFICATE_PRINT.value:
            return _certificate_print(page, CertificatePrintRecord.model_validate(payload))
        if kind == RecordKind.CERTIFICATE_REVOCATION.value:
            return _revocation(page, CertificateRevocationRecord.model_validate(payload))
    except (ValidationError, ValueError) as error:
        # HQ validated it on the way in, so this is a newer shape than this version reads.
        log.warning("pulled %s kept for a newer version: %s", kind, error)
        return _Waits(None)
    log.info("pulled change of unknown kind %r kept for a newer version", kind)
    return _Waits(None)


def _event(page: _Page, record: EventRecord) -> _Applied:
    session = page.session
    event = session.get(Event, record.id)
    fields = record.model_dump(exclude={"kind", "id"})
    if event is None:
        session.add(Event(id=record.id, created_at=record.updated_at, **fields))
    elif not _unsent(page, record.id):
        for name, value in fields.items():
            setattr(event, name, value)
        session.add(event)
    session.flush()
    return _Applied((record.id,))


# Who wrote the audit line of a replaced setting: not an operator, the desk's sync.
SYNC_OPERATOR = "sinkronisasi"


def _event_settings(page: _Page, record: EventSettingsRecord) -> _Applied | _Waits:
    """HQ's current version of an event's settings (the one it received last) replaces this
    desk's, so every desk decides eligibility, signs and numbers alike; an unsent edit here is kept
    (HQ will receive it after this one, and hand it to the others). When the version replaced was
    this desk's own edit, an audit line says so: the Sync screen shows it."""
    from desktop.core import event_settings
    from desktop.core.operators import record_audit

    session = page.session
    event = session.get(Event, record.id)
    if event is None:
        return _Waits(record.id)
    if event_settings.has_unsent(session=session, event_id=record.id):
        return _Applied((record.id,))
    held = event_settings.settings_record(session=session, event=event)
    if held.same_settings(record):
        return _Applied((record.id,))
    own = event_settings.held_own_version(session=session, event=event)
    event_settings.apply_settings(session=session, event=event, record=record)
    if own:
        record_audit(
            session=session,
            operator=SYNC_OPERATOR,
            action=event_settings.SETTINGS_REPLACED,
            detail={
                "event": event.id,
                "title": event.title,
                "by": record.desk_name,
                "fields": event_settings.changed_fields(held, record),
            },
        )
    return _Applied((record.id,))


_PARTICIPANT_FIELDS = tuple(f for f in ParticipantRecord.model_fields if f not in ("kind", "id"))


def _participant(page: _Page, record: ParticipantRecord) -> _Applied:
    session = page.session
    local_id = page.local_participant(record.id)
    if local_id != record.id:
        # Another desk's row for a person this desk has under its own id: the local row stays
        # as this desk knows it; HQ links the two by NIP.
        return _Applied((record.id, local_id))
    row = session.get(Participant, record.id)
    if row is None:
        same_person = None
        if record.nip:
            same_person = find_participant_by_nip(session=session, nip=record.nip)
        elif record.nik:
            same_person = find_participant_by_nik(session=session, nik=record.nik)
        if same_person is not None:
            page.add_alias(record.id, same_person.id)
            return _Applied((record.id, same_person.id))
        values = {name: getattr(record, name) for name in _PARTICIPANT_FIELDS}
        session.add(Participant(id=record.id, created_at=record.updated_at, **values))
        session.flush()
        return _Applied((record.id,))
    if is_erasure(record):
        _erase(page, row)
        page.erased += 1
        return _Applied((record.id,))
    if row.full_name == ERASED_NAME:
        return _Applied((record.id,))  # an erasure stands; HQ hands out no edit after one
    if not _unsent(page, record.id):
        if record.nip and record.nip != row.nip:
            holder = find_participant_by_nip(session=session, nip=record.nip)
            if holder is not None and holder.id != row.id:
                log.warning(
                    "pulled participant %s keeps its NIP: %s is another's", row.id, record.nip
                )
                return _Applied((record.id,))
        for name in _PARTICIPANT_FIELDS:
            setattr(row, name, getattr(record, name))
        session.add(row)
        session.flush()
    return _Applied((record.id,))


def _unsent(page: _Page, record_id: str) -> bool:
    """The desk has an edit of this record HQ has not acknowledged: it keeps its own, which HQ
    will receive after the version just pulled and so hold (an erasure excepted)."""
    return (
        page.connection.execute(
            text(
                "SELECT 1 FROM outbox WHERE record_id = :id AND state IN (:pending, :in_flight) "
                "LIMIT 1"
            ),
            {
                "id": record_id,
                "pending": OutboxState.PENDING.value,
                "in_flight": OutboxState.IN_FLIGHT.value,
            },
        ).first()
        is not None
    )


def _erase(page: _Page, row: Participant) -> None:
    """An erasure pulled from HQ erases here too, whatever this desk's clock says. An unsent local
    edit of the person would bring the identity back to HQ's conflict log: it is set aside here
    as the conflict HQ would answer, and shown in the sync status."""
    from desktop.core.personal_data import scrub_person

    scrub_person(session=page.session, person=row)
    page.session.flush()
    waiting = page.connection.execute(
        text(
            f"SELECT id, {PAYLOAD_SQL} FROM outbox WHERE record_id = :id AND kind = :kind "
            "AND state = :pending"
        ),
        {"id": row.id, "kind": RecordKind.PARTICIPANT.value, "pending": OutboxState.PENDING.value},
    ).all()
    # The desk's own erasure waiting to go is harmless (HQ stores it); an edit is not sent, and
    # keeps no identity here either: its payload becomes the erased record.
    edits = [
        item_id
        for item_id, payload in waiting
        if json.loads(payload).get("full_name") != ERASED_NAME
    ]
    erased = participant_record(row).model_dump_json()
    for item_id in edits:
        page.connection.execute(
            text(
                "UPDATE outbox SET state = :aside, reason = :reason, payload = :payload, "
                "next_attempt_at = NULL WHERE id = :id"
            ),
            {
                "aside": OutboxState.SET_ASIDE.value,
                "reason": ERASED_AT_HQ,
                "payload": erased,
                "id": item_id,
            },
        )


def _registration(page: _Page, record: RegistrationRecord) -> _Applied | _Waits:
    participant_id = page.local_participant(record.participant_id)
    missing = _missing(page, record.event_id, participant_id, record.participant_id)
    if missing:
        return _Waits(missing)
    page.connection.execute(
        text(
            "INSERT OR IGNORE INTO registration (event_id, participant_id, source, desk_id, "
            "created_at) VALUES (:event, :participant, :source, :desk, :created)"
        ),
        {
            "event": record.event_id,
            "participant": participant_id,
            "source": record.source,
            "desk": record.desk_id,
            "created": sqlite_utc(record.created_at),
        },
    )
    return _Applied((record.id,))


def _checkin(page: _Page, record: CheckInRecord) -> _Applied | _Waits:
    participant_id = page.local_participant(record.participant_id)
    missing = _missing(page, record.event_id, participant_id, record.participant_id)
    if missing:
        return _Waits(missing)
    page.connection.execute(
        text(
            "INSERT OR IGNORE INTO checkin (id, event_id, participant_id, day, at, desk_id, "
            "desk_name, operator, method, undoes_id) VALUES (:id, :event, :participant, :day, "
            ":at, :desk_id, :desk_name, :operator, :method, :undoes)"
        ),
        {
            "id": record.id,
            "event": record.event_id,
            "participant": participant_id,
            "day": record.day,
            "at": sqlite_utc(record.at),
            "desk_id": record.desk_id,
            "desk_name": record.desk_name,
            "operator": record.operator,
            "method": record.method,
            "undoes": record.undoes_id,
        },
    )
    return _Applied((record.id,))


def _missing(
    page: _Page, event_id: str, participant_id: str, remote_participant: str
) -> str | None:
    """The id a registration or check-in waits for, or None when both exist locally."""
    if not page.exists("event", event_id):
        return event_id
    if not page.exists("participant", participant_id):
        return remote_participant
    return None


def _desk_key(page: _Page, record: DeskKeyRecord) -> _Applied:
    """Another desk's (or this desk's own) sealing key as HQ vouches for it: trusted for offline
    checks of certificates, or no longer trusted once HQ revoked it."""
    from desktop.core.seal import revoke_key, revoked_key, trust_key

    session = page.session
    trust_key(
        session=session,
        desk_id=record.device_id,
        public_key=record.public_key,
        label=f"{record.desk_name} ({record.office_code})",
    )
    if record.revoked_at is not None and revoked_key(session=session, key_id=record.id) is None:
        revoke_key(session=session, key_id=record.id, reason="revoked at HQ")
    session.flush()
    return _Applied((record.id,))


def _revocation(page: _Page, record: CertificateRevocationRecord) -> _Applied:
    """A certificate revoked on any desk: this desk's offline check then says so."""
    from desktop.core.certificates.revocation import apply_revocation

    apply_revocation(session=page.session, record=record)
    return _Applied((record.id,))


def _certificate(page: _Page, record: CertificateRecord) -> _Applied | _Waits:
    """Another desk's certificate, kept under this desk's row for the person, so that printing for
    them here reprints it (same number, same seal). Its seal must verify against the issuing
    desk's key, which HQ hands out before any of its certificates. A second certificate in force
    for a person (desks that issued offline) is kept too: both desks then list the pair for an
    operator's decision (records.duplicate_certificates); nothing is revoked here."""
    from desktop.core.certificates.models import DeskKey
    from sync.ed25519 import PublicKey
    from sync.seal_format import decode_key_text, seal_problem

    if page.exists("certificate", record.id):
        return _Applied((record.id,))
    if record.token is None:
        # Made by a desk of the version before seals travelled: there is nothing to reprint here.
        log.info("pulled certificate %s carries no seal; not kept", record.number)
        return _not_kept(page, record.id)
    participant_id = page.local_participant(record.participant_id)
    missing = _missing(page, record.event_id, participant_id, record.participant_id)
    if missing:
        return _Waits(missing)
    key = page.session.get(DeskKey, record.key_id)
    if key is None:
        return _Waits(record.key_id)
    problem = seal_problem(
        record.token,
        PublicKey.from_public_bytes(decode_key_text(key.public_key)),
        key_id=record.key_id,
        number=record.number,
        participant_id=record.participant_id,
        event_id=record.event_id,
        printed_name=record.printed_name,
        issued_on=record.issued_on,
        mode=record.mode,
    )
    if problem:
        log.warning("pulled certificate %s not kept: %s", record.number, problem)
        return _not_kept(page, record.id)
    revoked = page.connection.execute(
        text(
            "SELECT revoked_at, reason, operator FROM certificate_revocation "
            "WHERE certificate_id = :id"
        ),
        {"id": record.id},
    ).first()
    inserted = page.connection.execute(
        text(
            "INSERT OR IGNORE INTO certificate (id, number, event_id, participant_id, office_code, "
            "desk_id, sequence, printed_name, issued_on, mode, template_id, template_version, "
            "key_id, token, issued_at, issued_by, revoked_at, revoked_reason, revoked_by) VALUES "
            "(:id, :number, :event, :participant, :office, :desk, 0, :name, :issued_on, :mode, "
            ":template, :version, :key, :token, :issued_at, :issued_by, :revoked_at, :reason, "
            ":revoked_by)"
        ),
        {
            "id": record.id,
            "number": record.number,
            "event": record.event_id,
            "participant": participant_id,
            "office": record.office_code,
            "desk": record.desk_id,
            "name": record.printed_name,
            "issued_on": record.issued_on.isoformat(),
            "mode": record.mode,
            "template": record.template_id,
            "version": record.template_version,
            "key": record.key_id,
            "token": record.token,
            "issued_at": sqlite_utc(record.issued_at),
            "issued_by": record.issued_by,
            "revoked_at": revoked[0] if revoked else None,
            "reason": revoked[1] if revoked else "",
            "revoked_by": revoked[2] if revoked else "",
        },
    )
    if not inserted.rowcount:
        log.warning("pulled certificate %s clashes with one held here; not kept", record.number)
    return _Applied((record.id,))


# A pulled certificate this desk did not keep (no seal, or one that does not verify) is noted in
# ``sync_alias`` under this kind, so that its print log, on this page or a later one, is dropped
# instead of waiting for ever.
_NOT_KEPT = "certificate_not_kept"


def _not_kept(page: _Page, certificate_id: str) -> _Applied:
    page.connection.execute(
        text(
            "INSERT OR IGNORE INTO sync_alias (kind, remote_id, local_id) VALUES (:kind, :id, '')"
        ),
        {"kind": _NOT_KEPT, "id": certificate_id},
    )
    return _Applied((certificate_id,))


def _certificate_print(page: _Page, record: CertificatePrintRecord) -> _Applied | _Waits:
    """A printing of a certificate at another desk: the print log counts every desk's copies."""
    if not page.exists("certificate", record.certificate_id):
        not_kept = page.connection.execute(
            text("SELECT 1 FROM sync_alias WHERE kind = :kind AND remote_id = :id"),
            {"kind": _NOT_KEPT, "id": record.certificate_id},
        ).first()
        return _Applied((record.id,)) if not_kept else _Waits(record.certificate_id)
    page.connection.execute(
        text(
            "INSERT OR IGNORE INTO certificate_print (id, certificate_id, printed_at, operator, "
            "desk_id, copies, destination) VALUES (:id, :certificate, :at, :operator, :desk, "
            ":copies, :destination)"
        ),
        {
            "id": record.id,
            "certificate": record.certificate_id,
            "at": sqlite_utc(record.printed_at),
            "operator": record.operator,
            "desk": record.desk_id,
            "copies": record.copies,
            "destination": record.destination,
        },
    )
    return _Applied((record.id,))
