"""The desk's outbox: every change HQ needs, queued in the same transaction that makes it.

The payload is frozen when queued (../shared/design/sync.md rule 5): a retry resends identical bytes
and a later local edit cannot change what an id means. This module knows nothing of ``desktop``.

An item's life (rules 3-6)::

    pending --take_batch--> in_flight --HQ acknowledges the id--> acknowledged
       ^                        |  \\--HQ answers invalid/conflict--> set_aside (HQ's reason kept)
       |                        |
       +---- any failure -------+   (timeout, reset, 5xx, a login page, a cut-off answer:
                                     back to pending with a later ``next_attempt_at``)

Only HQ's explicit acknowledgement of an id clears an item. ``in_flight`` is written and committed
before the request leaves, so a crash mid-request leaves the item visibly unconfirmed; whoever next
holds the sync lease puts such items back to pending (``recover_in_flight``). Retries belong here,
not to the HTTP library (rule 6): ``attempts`` and ``next_attempt_at`` grow with exponential backoff
and jitter, and an item is never given up on: it stays pending and the operator sees it.

Built payloads (issue 20): an import queues 400,000 items at once, and their frozen JSON was 60% of
the desk file (357 MB after 200,000 people). Such an item is queued *built*: its ``payload`` is
empty and its JSON is made from its record's own row whenever it is read (``PAYLOAD_SQL``), by
one SQL expression, so every build of an unchanged row gives the same bytes. The payload stays
frozen all the same: a registration row never changes, and before a participant row changes (or
goes) the triggers of migration 0018 write the JSON of the row as it was into its built items
(the same expression over ``OLD``), which from then on are ordinary stored items.

Also here, so that whatever knows the outbox's schema knows all of the desk's sync bookkeeping: the
history of sync runs, pulled changes waiting for a record they name, and aliases of HQ record ids.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Index, text
from sqlmodel import Field, Session, SQLModel

from sync.clock import as_utc, utcnow
from sync.desk.outbox_reads import OldestFailure as OldestFailure
from sync.desk.outbox_reads import OutboxCounts as OutboxCounts
from sync.desk.outbox_reads import OutboxState as OutboxState
from sync.desk.outbox_reads import (
    read_counts,
    read_next_attempt_at,
    read_oldest_failure,
    session_rows,
)
from sync.desk.sqlite_bulk import bulk_insert, sqlite_utc
from sync.errors import HadirError
from sync.ids import new_id
from sync.protocol import (
    ACKNOWLEDGING,
    AnyRecord,
    ItemResult,
    Manifest,
    ManifestGroup,
    manifest_group,
    manifest_hash,
)


class OutboxItem(SQLModel, table=True):
    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_state_seq", "state", "seq"),
        # What the freezing trigger looks up when a participant row changes: its built items
        # only (migration 0018), so the index costs nothing for stored items.
        Index(
            "ix_outbox_built_participant",
            "record_id",
            sqlite_where=text("payload = '' AND kind = 'participant'"),
        ),
    )

    # seq keeps the order changes were made in (a registration after its participant).
    seq: int | None = Field(default=None, primary_key=True)
    id: str = Field(unique=True)  # the change's id; HQ deduplicates on it
    kind: str
    record_id: str
    payload: str  # frozen JSON of the record; BUILT ('') when made from the record's row
    state: str = OutboxState.PENDING.value
    attempts: int = 0
    last_error: str = ""  # the last failure to deliver (network, HQ busy, ...)
    created_at: datetime = Field(default_factory=utcnow)
    acknowledged_at: datetime | None = None
    # Added by migration 0004 (issue 6).
    next_attempt_at: datetime | None = None  # not sent again before this (backoff)
    reason: str = ""  # HQ's reason when it set the item aside (invalid or conflict)
    # The reconciliation group HQ files the change under (sync.protocol.manifest_group, which HQ's
    # handlers use too): stored at enqueue so the end-of-day manifest needs no JSON parsing of every
    # payload.
    event_id: str | None = None
    day: int = 0
    # Added by migration 0012 (issue 17): when the venue hub confirmed it holds the item ("the
    # venue has it"). Independent of ``state``, which stays HQ's: only HQ's acknowledgement counts
    # for "all data is at HQ".
    hub_acknowledged_at: datetime | None = None


def _row(record: AnyRecord, created_at: str) -> dict[str, Any]:
    event_id, day = manifest_group(record)
    return {
        "id": new_id(),
        "kind": record.kind,
        "record_id": record.id,
        "payload": record.model_dump_json(),
        "state": OutboxState.PENDING.value,
        "attempts": 0,
        "last_error": "",
        "created_at": created_at,
        "reason": "",
        "event_id": event_id,
        "day": day,
    }


def enqueue(
    *,
    session: Session,
    records: Iterable[AnyRecord] = (),
    built_participants: Iterable[str] = (),
    built_registrations: Iterable[tuple[str, str]] = (),
) -> int:
    """Queue records inside the caller's transaction; the caller commits. Returns how many.

    ``built_participants`` (participant ids) and ``built_registrations`` ((event id, participant
    id) pairs) are queued after ``records`` as built items: their rows must already be written,
    and their JSON is made from them when sent (an import's 400,000 changes, see "Built payloads"
    above): the same items, ids and order as records of those rows, without frozen copies."""
    now = sqlite_utc(utcnow())
    rows = [_row(record, now) for record in records]
    bulk_insert(session, "outbox", rows)
    return len(rows) + _enqueue_built(session, now, built_participants, built_registrations)


# --------------------------------------------------------------------------- built payloads

BUILT = ""  # the payload of an item whose JSON is made from its record's row when read

# The JSON of a participant row, key for key the ParticipantRecord (sync/protocol.py). Timestamps
# are stored as "2026-12-04 19:30:38.914774" (UTC, sqlite_utc and SQLAlchemy alike): the wire's
# ISO form is that text with a T and a Z. Migration 0018's triggers hold this very text with OLD
# for the alias; tests/sync/test_outbox_built.py keeps the two the same.
PARTICIPANT_JSON = (
    "json_object('kind', 'participant', 'id', {p}.id, 'full_name', {p}.full_name, "
    "'nip', {p}.nip, 'nik', {p}.nik, 'asn_status', {p}.asn_status, "
    "'golongan', {p}.golongan, 'jabatan', {p}.jabatan, 'unit_kerja', {p}.unit_kerja, "
    "'instansi', {p}.instansi, 'email', {p}.email, 'phone', {p}.phone, "
    "'birth_date', {p}.birth_date, 'gender', {p}.gender, "
    "'updated_at', replace({p}.updated_at, ' ', 'T') || 'Z')"
)
# A registration row (RegistrationRecord); its id is "<event id>.<participant id>".
REGISTRATION_JSON = (
    "json_object('kind', 'registration', 'id', {r}.event_id || '.' || {r}.participant_id, "
    "'event_id', {r}.event_id, 'participant_id', {r}.participant_id, 'source', {r}.source, "
    "'desk_id', {r}.desk_id, 'created_at', replace({r}.created_at, ' ', 'T') || 'Z')"
)
BUILT_KINDS = ("participant", "registration")


def payload_sql(alias: str = "outbox") -> str:
    """A SQL expression for the payload of the outbox row ``alias``: the stored JSON, or for a
    built item the JSON of its record's row (NULL if that row is gone: see ``_sendables``)."""
    o = alias
    participant = PARTICIPANT_JSON.format(p="built_p")
    registration = REGISTRATION_JSON.format(r="built_r")
    return (
        f"CASE WHEN {o}.payload != '' THEN {o}.payload "
        f"WHEN {o}.kind = 'participant' THEN (SELECT {participant} FROM participant built_p "
        f"WHERE built_p.id = {o}.record_id) "
        f"WHEN {o}.kind = 'registration' THEN (SELECT {registration} FROM registration built_r "
        f"WHERE built_r.event_id = {o}.event_id "
        f"AND built_r.participant_id = substr({o}.record_id, length({o}.event_id) + 2)) END"
    )


PAYLOAD_SQL = payload_sql()


def _enqueue_built(
    session: Session,
    now: str,
    participant_ids: Iterable[str],
    registrations: Iterable[tuple[str, str]],
) -> int:
    rows: list[tuple[Any, ...]] = [
        (new_id(), "participant", participant_id, BUILT, now, None)
        for participant_id in participant_ids
    ]
    rows += [
        (new_id(), "registration", f"{event_id}.{participant_id}", BUILT, now, event_id)
        for event_id, participant_id in registrations
    ]
    if rows:
        # Filed as manifest_group files their records: a participant under no event, a
        # registration under its event, both day 0.
        session.connection().exec_driver_sql(
            "INSERT INTO outbox (id, kind, record_id, payload, created_at, event_id, state, "
            "attempts, last_error, reason, day) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, '', '', 0)",
            rows,
        )
    return len(rows)


def sendables(rows: Iterable[Any]) -> list[Sendable]:
    """(seq, id, kind, payload) rows read with PAYLOAD_SQL as Sendables. A built item whose row
    is gone cannot be sent as what it meant: refused, never sent as something else."""
    out = []
    for seq, item_id, kind, payload in rows:
        if payload is None:
            raise HadirError(
                f"Outbox item {item_id} ({kind}) is built from a {kind} row that is no longer "
                "in the database, so it cannot be sent. Restore the desk from its backup "
                "(Cadangan) and sync again.",
                code="outbox_record_missing",
                change_id=str(item_id),
                kind=str(kind),
            )
        out.append(Sendable(int(seq), str(item_id), str(kind), str(payload)))
    return out


def payload_text(*, session: Session, change_id: str) -> str | None:
    """The payload of one item as it is sent (built or stored); None for an unknown id."""
    row = (
        session.connection()
        .execute(text(f"SELECT {PAYLOAD_SQL} FROM outbox WHERE id = :id"), {"id": change_id})
        .first()
    )
    return None if row is None else str(row[0])


# --------------------------------------------------------------------------- counting


def counts(*, session: Session) -> OutboxCounts:
    return read_counts(session_rows(session))


def pending_count(*, session: Session) -> int:
    """Items still to reach HQ (pending or in flight)."""
    return counts(session=session).waiting


def decode(item: OutboxItem, *, session: Session | None = None) -> dict[str, Any]:
    """The item's record as a dict; a built item's needs the session to read its row."""
    if item.payload == BUILT and session is not None:
        return dict(json.loads(payload_text(session=session, change_id=item.id) or "null"))
    return dict(json.loads(item.payload))


# --------------------------------------------------------------------------- sending


@dataclass(frozen=True, slots=True)
class Sendable:
    """An item as it goes on the wire: ``payload`` is the frozen JSON text, sent as is."""

    seq: int
    id: str
    kind: str
    payload: str


def recover_in_flight(*, session: Session) -> int:
    """Put items left in flight by a run that died back to pending. Call only while holding the
    sync lease: then no request of this desk can still be out. Returns how many."""
    result = session.connection().execute(
        text("UPDATE outbox SET state = :pending WHERE state = :in_flight"),
        {"pending": OutboxState.PENDING.value, "in_flight": OutboxState.IN_FLIGHT.value},
    )
    return int(getattr(result, "rowcount", 0) or 0)


def next_attempt_at(*, session: Session) -> datetime | None:
    """When the first pending item may be sent (None: nothing pending)."""
    return read_next_attempt_at(session_rows(session))


def take_batch(
    *, session: Session, limit: int, now: datetime, force: bool = False
) -> list[Sendable]:
    """The next ``limit`` pending items in the order they were made, marked in flight (the caller
    commits before sending: mark before sending, rule 5).

    Head of line: when the oldest pending item is still backing off, nothing is taken, even if
    later items are due. Sending a check-in ahead of the event it names would have HQ refuse it
    as invalid for good. ``force`` (the operator pressed "sync now") ignores the backoff.
    """
    due = next_attempt_at(session=session)
    if due is None or (not force and due > now):
        return []
    rows = (
        session.connection()
        .execute(
            text(
                f"SELECT seq, id, kind, {PAYLOAD_SQL} FROM outbox WHERE state = :pending "
                "ORDER BY seq LIMIT :limit"
            ),
            {"pending": OutboxState.PENDING.value, "limit": max(1, limit)},
        )
        .all()
    )
    batch = sendables(rows)
    if batch:
        session.connection().execute(
            text(
                "UPDATE outbox SET state = :in_flight "
                "WHERE state = :pending AND seq BETWEEN :first AND :last"
            ),
            {
                "in_flight": OutboxState.IN_FLIGHT.value,
                "pending": OutboxState.PENDING.value,
                "first": batch[0].seq,
                "last": batch[-1].seq,
            },
        )
    return batch


@dataclass(frozen=True, slots=True)
class AppliedResults:
    acknowledged: int
    set_aside: int
    unanswered: int  # sent but HQ said nothing about them: back to pending


def apply_results(
    *,
    session: Session,
    sent: Sequence[Sendable],
    results: Sequence[ItemResult],
    acknowledged: Iterable[str],
    now: datetime,
    backoff: Backoff,
) -> AppliedResults:
    """Apply HQ's per-item answers for one batch, all in the caller's one transaction (rule 7).

    An item leaves the outbox only when its id is in ``acknowledged`` AND its own result says
    stored or already stored; invalid and conflict set it aside with HQ's reason; anything HQ did
    not answer goes back to pending with a backoff, as after a network failure.
    """
    sent_ids = {item.id for item in sent}
    acked = set(acknowledged) & sent_ids
    by_id = {result.id: result for result in results if result.id in sent_ids}
    ack_rows: list[dict[str, Any]] = []
    aside_rows: list[dict[str, Any]] = []
    unanswered: list[str] = []
    stamp = sqlite_utc(now)
    for item in sent:
        result = by_id.get(item.id)
        if result is not None and result.status in ACKNOWLEDGING and item.id in acked:
            ack_rows.append({"id": item.id, "at": stamp})
        elif result is not None and result.status not in ACKNOWLEDGING:
            reason = result.reason or f"HQ answered {result.status.value}"
            aside_rows.append({"id": item.id, "reason": f"{result.status.value}: {reason}"})
        else:
            unanswered.append(item.id)
    connection = session.connection()
    if ack_rows:
        connection.execute(
            text(
                "UPDATE outbox SET state = 'acknowledged', acknowledged_at = :at, "
                "next_attempt_at = NULL, last_error = '' WHERE id = :id AND state = 'in_flight'"
            ),
            ack_rows,
        )
    if aside_rows:
        connection.execute(
            text(
                "UPDATE outbox SET state = 'set_aside', reason = :reason, attempts = attempts + 1, "
                "next_attempt_at = NULL WHERE id = :id AND state = 'in_flight'"
            ),
            aside_rows,
        )
    if unanswered:
        fail(
            session=session,
            ids=unanswered,
            error="HQ's answer did not mention this item",
            now=now,
            backoff=backoff,
        )
    return AppliedResults(len(ack_rows), len(aside_rows), len(unanswered))


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential backoff with jitter (rule 6): the n-th consecutive failure waits a random time
    between half and all of ``base * 2**(n-1)``, capped. The jitter spreads twenty desks that lost
    the same hotspot so they do not all come back in the same second."""

    base_seconds: float = 2.0
    cap_seconds: float = 300.0

    def delay(self, attempts: int, rng: random.Random | None = None) -> float:
        exponent = min(max(attempts, 1) - 1, 30)
        ceiling = min(self.cap_seconds, self.base_seconds * (2**exponent))
        return ceiling * (0.5 + 0.5 * (rng or random).random())


def fail(
    *,
    session: Session,
    ids: Sequence[str],
    error: str,
    now: datetime,
    backoff: Backoff,
    retry_after: float | None = None,
    count_attempt: bool = True,
) -> datetime:
    """Put in-flight items back to pending after a failed delivery, with a later next attempt.
    ``retry_after`` (HQ's Retry-After) is honoured when it asks for longer. Returns the time."""
    attempts = _current_attempts(session, ids) + (1 if count_attempt else 0)
    wait = backoff.delay(attempts) if count_attempt else 0.0
    if retry_after is not None:
        wait = max(wait, retry_after)
    due = now + timedelta(seconds=wait)
    step, stamp = (1 if count_attempt else 0), sqlite_utc(due)
    rows = [{"id": item_id, "step": step, "error": error[:500], "due": stamp} for item_id in ids]
    session.connection().execute(
        text(
            "UPDATE outbox SET state = 'pending', attempts = attempts + :step, last_error = "
            ":error, "
            "next_attempt_at = :due WHERE id = :id AND state = 'in_flight'"
        ),
        rows,
    )
    return due


def _current_attempts(session: Session, ids: Sequence[str]) -> int:
    """The attempts of the batch's head: a batch fails together, so one number stands for it."""
    if not ids:
        return 0
    value = (
        session.connection()
        .execute(text("SELECT attempts FROM outbox WHERE id = :id"), {"id": ids[0]})
        .scalar()
    )
    return int(value or 0)


def requeue(*, session: Session, ids: Iterable[str], reason: str) -> int:
    """Send these items again from scratch (reconciliation found HQ lacks them, or the operator
    retries items set aside). The frozen payload is unchanged; it goes to the venue hub again too
    (a member's retry must reach HQ through the hub, not meet the hub's old answer). Returns how
    many changed state."""
    rows = [{"id": item_id, "reason": reason[:500]} for item_id in ids]
    if not rows:
        return 0
    result = session.connection().execute(
        text(
            "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = NULL, "
            "acknowledged_at = NULL, hub_acknowledged_at = NULL, reason = '', "
            "last_error = :reason "
            "WHERE id = :id AND state IN ('acknowledged', 'set_aside')"
        ),
        rows,
    )
    return int(getattr(result, "rowcount", 0) or 0)


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class SetAsideItem:
    id: str
    kind: str
    record_id: str
    reason: str
    created_at: datetime


def set_aside_items(*, session: Session, limit: int = 500) -> list[SetAsideItem]:
    rows = (
        session.connection()
        .execute(
            text(
                "SELECT id, kind, record_id, reason, created_at FROM outbox "
                "WHERE state = 'set_aside' ORDER BY seq LIMIT :limit"
            ),
            {"limit": limit},
        )
        .all()
    )
    return [
        SetAsideItem(str(i), str(k), str(r), str(reason), as_utc(created))
        for i, k, r, reason, created in rows
    ]


def oldest_failure(*, session: Session) -> OldestFailure | None:
    """The head of the queue when it has failed at least once: what the operator should know."""
    return read_oldest_failure(session_rows(session))


def unacknowledged(*, session: Session, include_acknowledged: bool = False) -> list[Sendable]:
    """Every item HQ has not acknowledged (or every item), in order: the USB bundle's content."""
    where = "" if include_acknowledged else "WHERE state != 'acknowledged'"
    rows = (
        session.connection()
        .execute(text(f"SELECT seq, id, kind, {PAYLOAD_SQL} FROM outbox {where} ORDER BY seq"))
        .all()
    )
    return sendables(rows)


# --------------------------------------------------------------------------- reconciliation

# HQ takes up to 200,000 ids per group (sync.protocol.ManifestGroup); a request carries fewer so
# that it stays well inside HQ's body limits on a slow link.
MANIFEST_IDS_PER_REQUEST = 50_000


@dataclass(frozen=True, slots=True)
class DeskManifest:
    """What the desk believes HQ holds: its acknowledged change ids per (event, day) group."""

    groups: dict[tuple[str | None, int], list[str]]
    max_seq: int  # the newest outbox item the manifest speaks for

    def summary(self) -> Manifest:
        """Counts and hashes only: the cheap first question."""
        return Manifest(
            groups=[
                ManifestGroup(
                    event_id=event_id, day=day, count=len(ids), ids_sha256=manifest_hash(ids)
                )
                for (event_id, day), ids in sorted(self.groups.items(), key=_group_order)
            ]
        )

    def detailed(self, keys: Iterable[tuple[str | None, int]]) -> list[Manifest]:
        """The given groups with their ids, split into requests of bounded size."""
        requests: list[Manifest] = []
        current: list[ManifestGroup] = []
        size = 0
        for key in sorted(set(keys), key=_group_order):
            ids = sorted(self.groups.get(key, []))
            for start in range(0, max(len(ids), 1), MANIFEST_IDS_PER_REQUEST):
                part = ids[start : start + MANIFEST_IDS_PER_REQUEST]
                if current and size + len(part) > MANIFEST_IDS_PER_REQUEST:
                    requests.append(Manifest(groups=current))
                    current, size = [], 0
                current.append(
                    ManifestGroup(
                        event_id=key[0],
                        day=key[1],
                        count=len(part),
                        ids_sha256=manifest_hash(part),
                        ids=part,
                    )
                )
                size += len(part)
        if current:
            requests.append(Manifest(groups=current))
        return requests


def _group_order(item: Any) -> tuple[str, int]:
    key = item[0] if isinstance(item[0], tuple) else item
    return (key[0] or "", key[1])


def desk_manifest(*, session: Session) -> DeskManifest:
    groups: dict[tuple[str | None, int], list[str]] = defaultdict(list)
    top = 0
    rows = session.connection().execute(
        text("SELECT seq, id, event_id, day FROM outbox WHERE state = 'acknowledged'")
    )
    for seq, item_id, event_id, day in rows:
        groups[(event_id, int(day))].append(item_id)
        top = max(top, int(seq))
    return DeskManifest(groups=dict(groups), max_seq=top)


# --------------------------------------------------------------------------- other sync tables


class SyncRun(SQLModel, table=True):
    """One sync run, for the Sync view's history and for support (the last few hundred kept)."""

    __tablename__ = "sync_run"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime
    finished_at: datetime
    outcome: str  # ok / incomplete / offline / refused / busy / cancelled
    pushed: int = 0
    set_aside: int = 0
    pulled: int = 0
    pending: int = 0
    message: str = ""  # the core's English sentence, for support
    error_code: str = ""  # and its code with parameters (JSON): the window's own sentence
    error_params: str = ""


class PulledWaiting(SQLModel, table=True):
    """A change pulled from HQ that names a record this desk does not have yet (a registration
    whose participant comes on a later page), or of a kind this version cannot apply. It is kept,
    and applied when what it waits for arrives, instead of being dropped or stalling the cursor."""

    __tablename__ = "sync_pulled_waiting"
    __table_args__ = (Index("ix_sync_pulled_waiting_waits_for", "waits_for"),)

    seq: int = Field(primary_key=True)  # HQ's cursor position of the change
    id: str  # the change id
    kind: str
    payload: str
    waits_for: str | None = None  # the record id it needs; None for an unknown kind
    received_at: datetime = Field(default_factory=utcnow)


class RecordAlias(SQLModel, table=True):
    """HQ's id for a record this desk holds under its own id: the same person registered by
    another desk (matched by NIP or NIK, as HQ merges them). Pulled records naming the other id
    are filed under the local one, so "already checked in at Meja 2" finds them."""

    __tablename__ = "sync_alias"

    kind: str = Field(primary_key=True)
    remote_id: str = Field(primary_key=True)
    local_id: str


class VenueMember(SQLModel, table=True):
    """On a hub: a desk that paired with it (issue 17), known by its pinned public key."""

    __tablename__ = "venue_member"

    desk_id: str = Field(primary_key=True)
    desk_name: str
    office_code: str
    public_key: str = Field(unique=True)
    paired_at: datetime = Field(default_factory=utcnow)
    last_seen: datetime | None = None


class VenueRelayed(SQLModel, table=True):
    """On a hub: an outbox item that came from a member (relayed to HQ under its own change id);
    the member it came from is not handed it back."""

    __tablename__ = "venue_relayed"

    change_id: str = Field(primary_key=True)
    from_desk_id: str = Field(index=True)
    received_at: datetime = Field(default_factory=utcnow)


class VenuePulled(SQLModel, table=True):
    """On a hub: a change pulled from HQ, kept in arrival order so the hub hands it down to its
    members by a cursor of its own (members without internet learn what HQ taught the hub)."""

    __tablename__ = "venue_pulled"

    seq: int | None = Field(default=None, primary_key=True)
    id: str
    kind: str
    payload: str
    received_at: datetime = Field(default_factory=utcnow)
