"""The wire protocol between a desk and HQ, defined once and imported by both sides.

Every record that travels is one of the ``*Record`` models below, wrapped in an ``OutboxEnvelope``
whose ``id`` is made on the desk when the change is made. HQ deduplicates by that id
(../shared/design/sync.md rules 1-4): the same id with the same payload is "already stored", the same
id with a different payload is a conflict.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

PROTOCOL_VERSION = 1


class RecordKind(StrEnum):
    EVENT = "event"
    PARTICIPANT = "participant"
    REGISTRATION = "registration"
    CHECKIN = "checkin"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EventRecord(_Record):
    kind: Literal["event"] = "event"
    id: str
    office_code: str
    title: str
    theme: str
    venue: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    mode: str
    jp: int | None
    updated_at: datetime


class ParticipantRecord(_Record):
    """A participant's state as the desk knew it at ``updated_at``; HQ keeps the latest."""

    kind: Literal["participant"] = "participant"
    id: str
    full_name: str
    nip: str | None
    nik: str | None
    asn_status: str
    golongan: str
    jabatan: str
    unit_kerja: str
    instansi: str
    email: str | None
    phone: str
    birth_date: date | None
    gender: str | None
    updated_at: datetime


class RegistrationRecord(_Record):
    kind: Literal["registration"] = "registration"
    id: str
    event_id: str
    participant_id: str
    source: str
    desk_id: str
    created_at: datetime


class CheckInRecord(_Record):
    """A check-in or, with ``undoes_id``, the undo of one. Immutable once made."""

    kind: Literal["checkin"] = "checkin"
    id: str
    event_id: str
    participant_id: str
    day: int
    at: datetime
    desk_id: str
    desk_name: str
    operator: str
    method: str
    undoes_id: str | None


AnyRecord = EventRecord | ParticipantRecord | RegistrationRecord | CheckInRecord


# --- Requests and responses between a desk and HQ (issue 5). The desk client (issue 6) imports these.

API_PREFIX = "/api/v1"
MAX_ITEMS_PER_PUSH = 5000
MAX_INT32 = 2**31 - 1  # what an INTEGER column holds in PostgreSQL (and what makes sense here)
CLOCK_SKEW_WARNING_SECONDS = 300  # sync.md rule 9: Anki refuses beyond 300 s; we warn

_ChangeId = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChangeEnvelope(_Message):
    """One queued change as it travels: ``id`` is the desk-made change id (``OutboxItem.id``).

    ``payload`` stays an untyped object on the wire so that one malformed or unknown record is
    answered "invalid" on its own instead of refusing the whole batch (sync.md rule 8).
    """

    id: _ChangeId
    kind: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    payload: dict[str, Any]


class PushRequest(_Message):
    """Sent gzip-compressed (``Content-Encoding: gzip``) to ``POST /api/v1/push``."""

    protocol: int = PROTOCOL_VERSION
    desk_time: AwareDatetime  # the desk's clock when it sent the batch
    pending: Annotated[int, Field(ge=0, le=MAX_INT32)] = 0  # outbox items still waiting on the desk
    items: Annotated[list[ChangeEnvelope], Field(max_length=MAX_ITEMS_PER_PUSH)]


class ItemStatus(StrEnum):
    STORED = "stored"
    ALREADY_STORED = "already_stored"  # same id, identical content: success
    CONFLICT = "conflict"  # same id, different content: set aside at HQ with a reason
    INVALID = "invalid"  # refused with a reason; resending will not help


ACKNOWLEDGING = frozenset({ItemStatus.STORED, ItemStatus.ALREADY_STORED})


class ItemResult(_Message):
    id: str
    status: ItemStatus
    reason: str | None = None


class PushResponse(_Message):
    results: list[ItemResult]
    # Only these ids may leave the outbox as acknowledged (sync.md rule 4).
    acknowledged: list[str]
    server_time: datetime
    clock_skew_seconds: float  # desk_time - server_time
    clock_warning: str | None = None


class EnrollRequest(_Message):
    code: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    desk_name: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    desk_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]  # the desk's own id
    key_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    public_key: Annotated[
        str, StringConstraints(min_length=1, max_length=128)
    ]  # base64, raw 32 bytes
    app_version: Annotated[str, StringConstraints(max_length=40)] = ""


class EnrollResponse(_Message):
    device_id: str
    token: str  # shown once; HQ keeps only its hash
    office_code: str
    office_name: str
    server_time: datetime


class DeskKeyRecord(_Record):
    """A desk's certificate-signing key as HQ publishes it (pull only: desks never push it)."""

    kind: Literal["desk_key"] = "desk_key"
    id: str  # the key id
    device_id: str
    office_code: str
    desk_name: str
    public_key: str  # unpadded base64url of the raw 32-byte Ed25519 public key
    registered_at: datetime
    revoked_at: datetime | None


class PulledChange(_Message):
    seq: int  # HQ's cursor position of this change
    id: str  # the change id
    kind: str
    payload: dict[str, Any]


class PullResponse(_Message):
    items: list[PulledChange]
    next_cursor: int  # send it back as ``cursor``; it only moves forward
    has_more: bool
    server_time: datetime


class ManifestGroup(_Message):
    """The change ids a desk holds for one event and day (``day`` 0 for records without a day;
    ``event_id`` None for participants). ``ids`` may be left out to compare counts and hash first."""

    event_id: Annotated[str, StringConstraints(max_length=64)] | None
    day: Annotated[int, Field(ge=0, le=MAX_INT32)]
    count: Annotated[int, Field(ge=0, le=MAX_INT32)]
    ids_sha256: Annotated[str, StringConstraints(max_length=64)]  # manifest_hash(ids)
    ids: Annotated[list[_ChangeId], Field(max_length=200_000)] | None = None


class Manifest(_Message):
    groups: Annotated[list[ManifestGroup], Field(max_length=10_000)]


class GroupState(StrEnum):
    COMPLETE = "complete"  # HQ holds every id of the group
    DIFFERS = "differs"  # send the group again with ``ids`` to learn which are missing
    MISSING = "missing"  # ``missing`` lists the ids HQ lacks


class ManifestGroupResult(_Message):
    event_id: str | None
    day: int
    state: GroupState
    hq_count: int
    missing: list[str] = []


class ManifestResponse(_Message):
    groups: list[ManifestGroupResult]


def manifest_hash(ids: Iterable[str]) -> str:
    """The same on both sides: sha256 of the sorted, distinct ids joined by newlines."""
    return hashlib.sha256("\n".join(sorted(set(ids))).encode()).hexdigest()


class VerificationStatus(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    UNKNOWN = "unknown"  # a well-formed seal HQ cannot vouch for (yet): unknown key or certificate


class VerificationResult(_Message):
    """What the public may learn about a certificate: never a full NIP, phone or email."""

    status: VerificationStatus
    certificate_number: str | None = None
    name: str | None = None
    nip_masked: str | None = None
    event_title: str | None = None
    event_dates: str | None = None
    issued_on: date | None = None
    office_name: str | None = None
    revoked_reason: str | None = None
