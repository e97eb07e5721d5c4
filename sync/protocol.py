"""The wire protocol between a desk and HQ, defined once and imported by both sides.

Every record that travels is one of the ``*Record`` models below, wrapped in an ``OutboxEnvelope``
whose ``id`` is made on the desk when the change is made. HQ deduplicates by that id
(../shared/design/sync.md rules 1-4): the same id with the same payload is "already stored", the
same id with a different payload is a conflict.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from sync.zones import known_zone

PROTOCOL_VERSION = 1


class RecordKind(StrEnum):
    EVENT = "event"
    EVENT_SETTINGS = "event_settings"
    PARTICIPANT = "participant"
    REGISTRATION = "registration"
    CHECKIN = "checkin"
    CERTIFICATE = "certificate"
    CERTIFICATE_PRINT = "certificate_print"
    CERTIFICATE_REVOCATION = "certificate_revocation"
    CERTIFICATE_LINK = "certificate_link"
    ONLINE_REPORT = "online_report"
    ONLINE_REPORT_REMOVAL = "online_report_removal"
    ONLINE_ATTENDANCE = "online_attendance"
    AUDIT = "audit"


# Kinds a desk sends for HQ's records and that other desks do not pull as sent: online reports (raw
# files up to 5 MB) and results stay at HQ. What other desks need of revocations HQ publishes itself
# as a change of its own (sync/hq/ingest.py), to every office. Certificates and their print log do
# reach the office's other desks (issue 17 item 2): a desk asked to print for someone who already
# has a certificate for the event reprints that one, whichever desk issued it.
HQ_ONLY_KINDS = frozenset(
    {
        RecordKind.CERTIFICATE_REVOCATION.value,
        RecordKind.CERTIFICATE_LINK.value,
        RecordKind.ONLINE_REPORT.value,
        RecordKind.ONLINE_REPORT_REMOVAL.value,
        RecordKind.ONLINE_ATTENDANCE.value,
        RecordKind.AUDIT.value,
    }
)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


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


MAX_SIGNATURE_BLOCKS = 3  # 1 = main (right), 2 = left, 3 = middle


class SignatureBlock(_Record):
    title: str
    name: str
    nip: str


class EventSettingsRecord(_Record):
    """How an event's certificates are decided and made, as one desk set it (issue 17 item 1): the
    rule (days at the desk, or minutes / percent online), the signature blocks, the number pattern,
    the template and the verification address. Every desk of the event must decide alike, so these
    travel; a kind of its own rather than fields of ``EventRecord``, because a desk or HQ of
    protocol 1 reads records strictly: an unknown field would stop the event itself from applying,
    while an unknown kind is only kept for a later version. ``id`` is the event's id: one current
    version per event, the one HQ received last (as for events, issue 15). None and "" mean "not
    set here": the desk's own default (all days, the office's pattern, the standard template, the
    desk's address)."""

    kind: Literal["event_settings"] = "event_settings"
    id: str  # the event's id
    office_code: str
    min_days: int | None
    online_min_minutes: int | None
    online_min_percent: int | None
    signatories: Annotated[tuple[SignatureBlock, ...], Field(max_length=MAX_SIGNATURE_BLOCKS)]
    number_pattern: str | None
    template_id: str | None
    template_version: int | None
    verify_base_url: str | None
    desk_name: str  # who set this version, for the sentence on a desk whose version it replaced
    updated_at: datetime

    @property
    def event_id(self) -> str:
        return self.id

    def same_settings(self, other: EventSettingsRecord) -> bool:
        """The same decisions, whoever made them and when."""
        skip = {"desk_name", "updated_at"}
        return self.model_dump(exclude=skip) == other.model_dump(exclude=skip)


class ParticipantRecord(_Record):
    """A participant's state as the desk knew it at ``updated_at``. HQ keeps the one it received
    last (a desk's clock does not decide), except that an erasure (``is_erasure``) stands against
    every later edit."""

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


class CertificateRecord(_Record):
    """An issued certificate as it was printed. Immutable: a reprint is a print record, a withdrawal
    a revocation record. HQ checks a seal with the desk's public key and finds this record by
    number, event and participant (sync/hq/verify.py).

    ``token`` is the seal as printed (issue 17 item 2): the office's other desks pull it to reprint
    this very certificate (same number, same seal) instead of making a second one; they check it
    against the issuing desk's key first, and HQ checks it on the way in. Certificates made before
    the field existed carry none, and it is left out of the payload when empty, so their records
    stay byte for byte what was sent (the same change id keeps its hash at HQ)."""

    kind: Literal["certificate"] = "certificate"
    id: str
    number: str
    event_id: str
    participant_id: str
    office_code: str
    desk_id: str
    printed_name: str  # exactly as printed: the seal carries a digest of it
    issued_on: date
    mode: str
    key_id: str
    issued_at: datetime
    issued_by: str
    template_id: str
    template_version: int
    token: str | None = Field(default=None, exclude_if=lambda value: value is None)


class CertificatePrintRecord(_Record):
    """One printing (or PDF saved for printing) of a certificate. ``event_id`` is the certificate's,
    carried so the change files under its event for reconciliation."""

    kind: Literal["certificate_print"] = "certificate_print"
    id: str
    certificate_id: str
    event_id: str
    printed_at: datetime
    operator: str
    desk_id: str
    copies: int
    destination: str


class CertificateRevocationRecord(_Record):
    """A certificate withdrawn, with the reason. Desks push it; HQ publishes it to every office so
    any desk's offline check (and HQ's page) says "revoked". The earliest revocation stands."""

    kind: Literal["certificate_revocation"] = "certificate_revocation"
    id: str  # the revocation's own id, made where it was decided
    certificate_id: str
    number: str
    event_id: str
    participant_id: str
    revoked_at: datetime
    reason: Annotated[str, StringConstraints(min_length=1)]
    operator: str
    desk_id: str


LINK_PATH = "/d/"  # <event's base address>/d/<token>: a certificate's personal download page
LINK_TOKEN_BYTES = 18  # 144 random bits; base64url, 24 characters


class CertificateLinkRecord(_Record):
    """A personal download link for one certificate (issue 18 item 5): the desk mints a random
    token and sends HQ only its SHA-256, so neither HQ's database nor the URL names the person.
    HQ serves ``/d/<token>`` while the link is unexpired and neither it nor its certificate is
    revoked. The same id sent again with ``revoked_at`` set withdraws the link (the earliest
    revocation stands); nothing else of a link changes.

    ``place`` and ``verify_url`` are what the printed page shows that HQ does not otherwise hold:
    the city before the date (a desk setting) and the QR code's address (the event's, else the
    desk's own), so HQ's PDF is the printed one (sync/hq/downloads.py)."""

    kind: Literal["certificate_link"] = "certificate_link"
    id: str
    certificate_id: str
    number: str
    event_id: str
    token_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    place: Annotated[str, StringConstraints(max_length=200)]
    verify_url: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    operator: str


MAX_ONLINE_REPORT_BYTES = 5 * 1024 * 1024  # a Zoom export of 600 people is ~150 KB
_MAX_ONLINE_REPORT_BASE64 = (MAX_ONLINE_REPORT_BYTES + 2) // 3 * 4


class OnlineReportRecord(_Record):
    """A Zoom / Meet export as imported, whole, for audit (issue 7 item 6). ``raw`` is the file's
    bytes in standard base64; its size and SHA-256 are checked on both sides, so the copy HQ keeps
    is provably the file the desk imported."""

    kind: Literal["online_report"] = "online_report"
    id: str
    event_id: str
    file_name: str
    sha256: Annotated[str, StringConstraints(min_length=64, max_length=64)]
    variant: str
    timezone: str
    imported_at: datetime
    operator: str
    size: Annotated[int, Field(ge=0, le=MAX_ONLINE_REPORT_BYTES)]
    raw: Annotated[str, StringConstraints(max_length=_MAX_ONLINE_REPORT_BASE64)]
    # The day the report is of when its rows carry none (Google Meet): given by the clerk or read
    # from the file name. Left out of the payload when empty, so a report without it is byte for
    # byte what desks sent before the field existed (the same change id keeps the same hash at HQ,
    # and an HQ of that version still accepts it).
    meeting_date: date | None = Field(default=None, exclude_if=lambda value: value is None)

    @model_validator(mode="after")
    def _raw_matches(self) -> OnlineReportRecord:
        data = self.raw_bytes()
        if len(data) != self.size:
            raise ValueError(f"raw holds {len(data)} bytes, size says {self.size}")
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise ValueError("raw does not match sha256")
        return self

    def raw_bytes(self) -> bytes:
        try:
            return base64.b64decode(self.raw, validate=True)
        except binascii.Error as error:
            raise ValueError(f"raw is not base64: {error}") from None

    @staticmethod
    def encode_raw(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")


class OnlineReportRemovalRecord(_Record):
    """An imported report taken back out on the desk (the wrong file, or a Meet report given the
    wrong day). HQ keeps the file for audit and marks it withdrawn; the people whose minutes change
    arrive as ``OnlineAttendanceRecord``s as usual. The earliest removal of a report stands."""

    kind: Literal["online_report_removal"] = "online_report_removal"
    id: str  # the removal's own id
    report_id: str
    event_id: str
    removed_at: datetime
    operator: str
    desk_id: str
    reason: str  # as the clerk wrote it; may be empty


class OnlineAttendanceRecord(_Record):
    """One online person's result in an event as the desk computed it (minutes inside the event's
    hours, the registration matched). A new record, with a new id, each time the result changes;
    HQ keeps the latest ``computed_at`` per (event, person). ``match`` "removed" says the person is
    gone from the desk's result (merged into another after a later report)."""

    kind: Literal["online_attendance"] = "online_attendance"
    id: str
    event_id: str
    person_key: str  # email:..., nip:... or name:...
    display_name: str
    email: str | None
    nip: str | None
    guest: bool
    minutes: int
    match: str
    participant_id: str | None
    eligible: bool  # matched and at least the event's online minimum at ``computed_at``
    computed_at: datetime
    desk_id: str


class AuditRecord(_Record):
    """One line of a desk's audit log: who did what, and when (UU 27/2022 asks for a record of
    processing). HQ keeps them with the device that sent them; other desks never pull them."""

    kind: Literal["audit"] = "audit"
    id: str
    desk_id: str
    at: datetime
    operator: str
    action: str
    detail: str  # the JSON text the desk wrote


AnyRecord = (
    EventRecord
    | EventSettingsRecord
    | ParticipantRecord
    | RegistrationRecord
    | CheckInRecord
    | CertificateRecord
    | CertificatePrintRecord
    | CertificateRevocationRecord
    | CertificateLinkRecord
    | OnlineReportRecord
    | OnlineReportRemovalRecord
    | OnlineAttendanceRecord
    | AuditRecord
)


# --- What HQ can hold and show (issue 15 items 2 and 7). The record models accept any datetime
# and any text as a zone, so that one bad item is refused alone (sync/hq/ingest.py calls
# ``record_problem`` per item) instead of failing the whole batch, or every page, later: a
# check-in at 0001-01-01T00:00+14:00 cannot even be turned into UTC, and an event ending 9999-12-31
# in Jayapura cannot be read in its own zone. No desk made anything before 2000 or after 2099.
EARLIEST_MOMENT = datetime(2000, 1, 1, tzinfo=UTC)
LATEST_MOMENT = datetime(2100, 1, 1, tzinfo=UTC)
EARLIEST_BIRTH_DATE = date(1900, 1, 1)  # a retired civil servant's, with room to spare
MAX_EVENT_DAYS = 31  # the desk refuses longer events (desktop/core/registry.py)
# How far ahead of HQ's clock an edit's ``updated_at`` may be. A day covers a laptop left in the
# wrong time zone; beyond it the desk's date is wrong, and HQ refuses the item rather than hold a
# moment that no later edit could honestly follow (issue 15 item 1).
MAX_AHEAD_OF_HQ = timedelta(days=1)
# The name an erased participant carries (UU 27/2022: desktop/core/personal_data.py erase_person).
# HQ and every desk read a participant record with this name as an erasure, which wins over edits.
ERASED_NAME = "[dihapus]"


class RefusalCode(StrEnum):
    """Why HQ refuses an item, at the end of its reason: "starts_at: ... [time_out_of_range]"."""

    ZONE_UNKNOWN = "zone_unknown"
    TIME_OUT_OF_RANGE = "time_out_of_range"
    EVENT_DATES = "event_dates"
    CLOCK_AHEAD = "clock_ahead"  # updated_at beyond MAX_AHEAD_OF_HQ: the desk's date is wrong
    ERASED = "erased"  # an edit of a participant HQ holds erased: the erasure stands


def _refusal(field: str, sentence: str, code: RefusalCode) -> str:
    return f"{field}: {sentence} [{code.value}]"


def _in_utc(value: datetime) -> datetime | None:
    """Naive values read as UTC, as HQ stores them (sync/hq/clock.py as_utc); None when the moment
    has no UTC form (0001-01-01T00:00+14:00 is in year 0 there)."""
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except OverflowError:
        return None


def _moment_problem(name: str, value: datetime) -> str | None:
    moment = _in_utc(value)
    if moment is None or not EARLIEST_MOMENT <= moment < LATEST_MOMENT:
        return _refusal(
            name,
            f"{value.isoformat()} is outside the years 2000 to 2099; check the desk's date",
            RefusalCode.TIME_OUT_OF_RANGE,
        )
    return None


def _date_problem(name: str, value: date) -> str | None:
    earliest = EARLIEST_BIRTH_DATE if name == "birth_date" else EARLIEST_MOMENT.date()
    if not earliest <= value < LATEST_MOMENT.date():
        return _refusal(
            name,
            f"{value.isoformat()} is outside the years {earliest.year} to {LATEST_MOMENT.year - 1}",
            RefusalCode.TIME_OUT_OF_RANGE,
        )
    return None


def record_problem(record: BaseModel) -> str | None:
    """Why HQ cannot hold this record, or None: a zone that is not one (``known_zone``: "Asia" is
    a folder of the tz database), a date or time outside the years any desk works in, or an event
    that ends before it starts or lasts longer than a desk allows."""
    for name, value in record.__dict__.items():
        problem = None
        if name == "timezone":
            if known_zone(value) is None:
                problem = _refusal(
                    name,
                    f"'{value}' is not a time zone; use a name such as Asia/Jakarta",
                    RefusalCode.ZONE_UNKNOWN,
                )
        elif type(value) is str or value is None:  # most fields, and nothing to check in them
            continue
        elif isinstance(value, datetime):
            problem = _moment_problem(name, value)
        elif isinstance(value, date):
            problem = _date_problem(name, value)
        if problem:
            return problem
    if isinstance(record, EventRecord):
        starts, ends = _in_utc(record.starts_at), _in_utc(record.ends_at)
        assert starts is not None and ends is not None  # both checked above
        span = ends - starts
        if span.total_seconds() <= 0:
            return _refusal("ends_at", "the event ends before it starts", RefusalCode.EVENT_DATES)
        if span.days > MAX_EVENT_DAYS:
            return _refusal(
                "ends_at",
                f"the event lasts more than {MAX_EVENT_DAYS} days",
                RefusalCode.EVENT_DATES,
            )
    return None


def is_erasure(record: ParticipantRecord) -> bool:
    return record.full_name == ERASED_NAME


def ahead_of_hq_problem(record: BaseModel, now: datetime) -> str | None:
    """Why an edit's ``updated_at`` cannot be taken (more than ``MAX_AHEAD_OF_HQ`` after HQ's
    clock ``now``), or None. Only events, their settings and participants carry one."""
    # From __dict__: a model's getattr of a field it lacks (every check-in) goes through
    # pydantic's slow __getattr__ before it fails.
    stamp = record.__dict__.get("updated_at")
    if not isinstance(stamp, datetime):
        return None
    moment, hq_now = _in_utc(stamp), _in_utc(now)
    if moment is None or hq_now is None or moment <= hq_now + MAX_AHEAD_OF_HQ:
        return None
    return _refusal(
        "updated_at",
        f"{stamp.isoformat()} is more than {MAX_AHEAD_OF_HQ.days} day ahead of HQ's clock; "
        "set the desk's date and time, then edit the record again",
        RefusalCode.CLOCK_AHEAD,
    )


def manifest_group(record: AnyRecord) -> tuple[str | None, int]:
    """(event id, day) a change is filed under for reconciliation, the same on the desk (outbox) and
    at HQ (ingest), or every manifest comparison falls back to sending ids (still correct, only
    larger): an event under itself, a participant under no event, a check-in under its event and
    day, everything else (registrations, certificates and their records, online results) under its
    event with day 0."""
    if isinstance(record, EventRecord | EventSettingsRecord):
        return record.id, 0
    if isinstance(record, ParticipantRecord | AuditRecord):
        return None, 0
    if isinstance(record, CheckInRecord):
        return record.event_id, record.day
    return record.event_id, 0


# --- Requests and responses between a desk and HQ (issue 5). The desk client (issue 6) imports
# these.

API_PREFIX = "/api/v1"
# With a pull or a reconciliation the desk says in this header how many outbox items it still has
# waiting, so that HQ's "Data menunggu" is current after any contact (a push says it in its body).
# A header rather than a field: an older HQ ignores it where its messages forbid unknown fields, and
# HQ reads its absence (a desk of the previous version) as "not told" and keeps what it knew.
PENDING_HEADER = "Hadir-Pending"
# Desk tokens rotate (issue 15 item 9). A desk that can keep a new token sends
# ``TOKEN_ROTATION_HEADER: 1`` with a push or a pull; when HQ accepts that exchange it answers with
# a fresh token in ``NEW_TOKEN_HEADER``. The token the desk used stays valid until the new one is
# first used, and for HQ's grace period (HADIR_HQ_TOKEN_GRACE_HOURS) after that, so a lost answer
# or a request in flight never locks a desk out. A desk that does not send the header (an older
# desk) keeps its token, as before. USB bundles carry no token and are not concerned.
TOKEN_ROTATION_HEADER = "Hadir-Token-Rotation"
NEW_TOKEN_HEADER = "Hadir-New-Token"
MAX_ITEMS_PER_PUSH = 5000
# A venue hub relays its member desks' records to HQ under their own change ids (issue 17 item 5)
# and says in this header, with a push, which member desk made which item, so HQ can tell the desk
# that made a record from the hub that pushed it. A header rather than a field: an HQ of the
# previous version forbids unknown fields and would refuse the whole push; it ignores a header.
# The value is ``format_relayed_for``'s ASCII JSON: the member desks named once, then runs over the
# batch's items in order (``[desk index, count]``, index -1: made by the pushing desk itself). HQ
# takes the claim only for desks of the hub's own office (sync/hq/ingest.py); the hub stays
# authenticated as itself. A push without the header is the pushing desk's own, as before.
RELAYED_FOR_HEADER = "Hadir-Relayed-For"
# Runs per header: a hub splits a batch whose items alternate between desks more often than this
# (the header stays a few kilobytes, well within what HTTP servers and proxies accept).
MAX_RELAYED_RUNS = 400
MAX_INT32 = 2**31 - 1  # what an INTEGER column holds in PostgreSQL (and what makes sense here)
CLOCK_SKEW_WARNING_SECONDS = 300  # sync.md rule 9: Anki refuses beyond 300 s; we warn

_ChangeId = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


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
    # Outbox items waiting on the desk as it sent, this batch included (what every desk version
    # sends); HQ stores what is left once the batch is answered (sync/hq/ingest.py).
    pending: Annotated[int, Field(ge=0, le=MAX_INT32)] = 0
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


# --- The compact answer to a push (issue 20): the same decisions as ``PushResponse``, but by
# position in the batch instead of by id. A desk's batch of 2,000 items was answered with every id
# twice (in ``results`` and ``acknowledged``): about 75 bytes per check-in after gzip, 40 % of the
# sync's traffic, all of it telling the desk what it already knew. A desk that can read this form
# asks for it with ``COMPACT_ANSWER_HEADER: 1``; an HQ of the previous version ignores the header
# and answers ``PushResponse``, which the desk still reads. The request stays as it is: each frozen
# payload crosses the wire byte for byte as queued (sync.md rule 5).
COMPACT_ANSWER_HEADER = "Hadir-Compact-Answer"
COMPACT_ANSWER_VERSION = 1


class PositionedResult(_Message):
    """An answer for one item, by its position in the batch: what a run does not cover."""

    at: Annotated[int, Field(ge=0, lt=MAX_ITEMS_PER_PUSH)]
    status: ItemStatus
    reason: str | None = None


# [first position, how many]: a run of consecutive items with the same plain answer.
PositionRun = tuple[Annotated[int, Field(ge=0)], Annotated[int, Field(ge=1)]]


class CompactPushResponse(_Message):
    """``PushResponse`` by position. ``batch_sha256`` is ``batch_digest`` of the ids the desk sent,
    in order: an answer to some other batch (a cache, a mixed-up proxy) is not trusted, as a
    ``PushResponse`` naming ids the desk did not send is not. ``stored`` and ``already_stored`` are
    runs of positions acknowledged with no reason; every other answer (invalid, conflict, or
    stored with a note) is in ``others``. A position no one names is unanswered: back to pending."""

    compact: Literal[1] = 1  # COMPACT_ANSWER_VERSION
    items: Annotated[int, Field(ge=0, le=MAX_ITEMS_PER_PUSH)]
    batch_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    stored: Annotated[list[PositionRun], Field(max_length=MAX_ITEMS_PER_PUSH)] = []
    already_stored: Annotated[list[PositionRun], Field(max_length=MAX_ITEMS_PER_PUSH)] = []
    others: Annotated[list[PositionedResult], Field(max_length=MAX_ITEMS_PER_PUSH)] = []
    server_time: datetime
    clock_skew_seconds: float
    clock_warning: str | None = None


def batch_digest(ids: Sequence[str]) -> str:
    """sha256 of a batch's change ids in the order sent, joined by newlines (ids hold none)."""
    return hashlib.sha256("\n".join(ids).encode()).hexdigest()


def compact_answer(response: PushResponse, ids: Sequence[str]) -> CompactPushResponse:
    """HQ's side: ``response`` (one result per sent item, in order) by position."""
    if len(response.results) != len(ids):
        raise ValueError(f"{len(response.results)} results for a batch of {len(ids)}")
    acknowledged = set(response.acknowledged)
    runs: dict[ItemStatus, list[list[int]]] = {
        ItemStatus.STORED: [],
        ItemStatus.ALREADY_STORED: [],
    }
    others: list[PositionedResult] = []
    for position, result in enumerate(response.results):
        plain = (
            result.status in runs
            and result.reason is None
            and result.id in acknowledged
            and result.id == ids[position]
        )
        if not plain:
            if result.id == ids[position]:  # an id HQ did not take from this batch stays unnamed
                others.append(
                    PositionedResult(at=position, status=result.status, reason=result.reason)
                )
            continue
        same = runs[result.status]
        if same and same[-1][0] + same[-1][1] == position:
            same[-1][1] += 1
        else:
            same.append([position, 1])
    return CompactPushResponse(
        items=len(ids),
        batch_sha256=batch_digest(ids),
        stored=[(first, count) for first, count in runs[ItemStatus.STORED]],
        already_stored=[(first, count) for first, count in runs[ItemStatus.ALREADY_STORED]],
        others=others,
        server_time=response.server_time,
        clock_skew_seconds=response.clock_skew_seconds,
        clock_warning=response.clock_warning,
    )


def expand_answer(answer: CompactPushResponse, ids: Sequence[str]) -> PushResponse:
    """The desk's side: the ``PushResponse`` that ``answer`` stands for, given the ids sent.
    Raises ValueError when it is not an answer to exactly this batch (another batch's digest, a
    position out of range or named twice, an acknowledgement in ``others`` that is not one)."""
    if answer.items != len(ids) or answer.batch_sha256 != batch_digest(ids):
        raise ValueError("the answer is for another batch")
    named: dict[int, ItemResult] = {}

    def name(position: int, status: ItemStatus, reason: str | None = None) -> None:
        if not 0 <= position < len(ids) or position in named:
            raise ValueError(f"position {position} is out of range or answered twice")
        named[position] = ItemResult(id=ids[position], status=status, reason=reason)

    for status, spans in (
        (ItemStatus.STORED, answer.stored),
        (ItemStatus.ALREADY_STORED, answer.already_stored),
    ):
        for first, count in spans:
            if first + count > len(ids):  # checked before the loop: a run of a billion is refused
                raise ValueError(f"the run [{first}, {count}] goes past the batch's end")
            for position in range(first, first + count):
                name(position, status)
    for other in answer.others:
        name(other.at, other.status, other.reason)
    ordered = [named[position] for position in sorted(named)]
    return PushResponse.model_construct(
        results=ordered,
        acknowledged=[result.id for result in ordered if result.status in ACKNOWLEDGING],
        server_time=answer.server_time,
        clock_skew_seconds=answer.clock_skew_seconds,
        clock_warning=answer.clock_warning,
    )


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
    # base64 of HQ's X25519 public key: the desk seals its USB bundles to it (sync/bundle.py).
    # Empty from an HQ older than this field.
    bundle_key: str = ""


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
    ``event_id`` None for participants). ``ids`` may be left out to compare counts and hash
    first."""

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


@dataclass(frozen=True, slots=True)
class RelayedDesk:
    """A member desk a hub relays for: the id the desk made for itself, and its name."""

    desk_id: str
    desk_name: str


def format_relayed_for(makers: Sequence[RelayedDesk | None]) -> str | None:
    """The ``RELAYED_FOR_HEADER`` value for a batch, one entry per item in order (None: made by the
    pushing desk); None when the pushing desk made every item."""
    if all(maker is None for maker in makers):
        return None
    desks: list[RelayedDesk] = []
    index: dict[RelayedDesk, int] = {}
    runs: list[list[int]] = []
    for maker in makers:
        position = -1 if maker is None else index.setdefault(maker, len(index))
        if maker is not None and position == len(desks):
            desks.append(maker)
        if runs and runs[-1][0] == position:
            runs[-1][1] += 1
        else:
            runs.append([position, 1])
    document = {"desks": [[d.desk_id, d.desk_name] for d in desks], "runs": runs}
    return json.dumps(document, separators=(",", ":"), ensure_ascii=True)


def relayed_runs(value: str) -> int:
    """How many runs a header value holds (what ``MAX_RELAYED_RUNS`` bounds)."""
    return len(json.loads(value)["runs"])


def parse_relayed_for(
    value: str, *, items: int, max_runs: int = MAX_RELAYED_RUNS
) -> list[RelayedDesk | None]:
    """The maker of each of a push's ``items`` items from a ``RELAYED_FOR_HEADER`` value; raises
    ValueError (with what is wrong) for a value no hub would send. A USB bundle carries the same
    value for all its items (sync/bundle.py), bounded by its item count instead of a header's
    size (``max_runs``)."""
    try:
        document = json.loads(value)
        desks = [RelayedDesk(str(d[0]), str(d[1])) for d in document["desks"]]
        runs = [(int(r[0]), int(r[1])) for r in document["runs"]]
    except (ValueError, KeyError, TypeError, IndexError) as error:
        raise ValueError(f"{RELAYED_FOR_HEADER} is not what a hub sends ({error})") from None
    if len(runs) > max_runs:
        raise ValueError(f"{RELAYED_FOR_HEADER} holds more than {max_runs} runs")
    for desk in desks:
        if not 1 <= len(desk.desk_id) <= 64 or not 1 <= len(desk.desk_name) <= 100:
            raise ValueError(f"{RELAYED_FOR_HEADER} names a desk id or name of a wrong length")
    makers: list[RelayedDesk | None] = []
    for position, count in runs:
        if not -1 <= position < len(desks) or count < 1:
            raise ValueError(f"{RELAYED_FOR_HEADER} has a run [{position}, {count}] out of range")
        makers.extend([None if position == -1 else desks[position]] * count)
    if len(makers) != items:
        raise ValueError(
            f"{RELAYED_FOR_HEADER} covers {len(makers)} items; the push carries {items}"
        )
    return makers
