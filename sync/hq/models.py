"""HQ's tables, on their own SQLAlchemy registry so they never meet the desk's tables (both have an
``event`` and a ``checkin``) when one process imports both, as the end-to-end tests do.

Uniqueness is the database's job (sync.md rule 2): a change id is a primary key, a desk token hash,
an enrollment code hash, a person's match key and an admin's name are unique, and ingest writes with
``INSERT ... ON CONFLICT`` so that concurrent workers cannot both store the same thing.

The schema is owned by the Alembic migrations in ``sync/hq/migrations``; tests/hq/test_migrations.py
compares the two.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    LargeBinary,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

EVERY_OFFICE = "*"  # office_code of changes that every office pulls (desk keys, revocations)


def _utc_column(*, nullable: bool = False, index: bool = False) -> Column[datetime]:
    return Column(DateTime(timezone=True), nullable=nullable, index=index)


class HQModel(SQLModel, registry=registry()):
    pass


class EnrollmentCode(HQModel, table=True):
    __tablename__ = "enrollment_code"

    code_hash: str = Field(primary_key=True, max_length=64)  # sha256 hex; the code is shown once
    office_code: str = Field(max_length=16)
    created_at: datetime = Field(sa_column=_utc_column())
    expires_at: datetime = Field(sa_column=_utc_column())
    used_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    device_id: str | None = Field(default=None, max_length=36)


class Device(HQModel, table=True):
    """An enrolled desk (or a venue hub that syncs upstream like one)."""

    id: str = Field(primary_key=True, max_length=36)
    office_code: str = Field(max_length=16, index=True)
    desk_name: str = Field(max_length=100)
    desk_id: str = Field(max_length=64)  # the id the desk made for itself; records carry it
    token_hash: str = Field(max_length=64, unique=True)  # sha256 hex of the bearer token
    app_version: str = Field(default="", max_length=40)
    enrolled_at: datetime = Field(sa_column=_utc_column())
    revoked_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    last_seen_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    last_push_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    pending_count: int | None = None  # as the desk reported it with its last push
    clock_skew_seconds: float | None = None  # desk clock minus HQ clock at its last push


class DeskToken(HQModel, table=True):
    """A desk's bearer tokens other than its current one (``Device.token_hash``), by their hash.

    Pending (``expires_at`` NULL): handed to the desk with an accepted push or pull (issue 15 item
    9) and not used yet; the first request with it makes it the current token. Several may be
    pending when answers were lost. Retiring (``expires_at`` set): a token that was current, or
    pending when
    another one was first used, valid until ``expires_at`` (the grace, HADIR_HQ_TOKEN_GRACE_HOURS)
    so that a request in flight, a desk whose answer was lost and a desk put back from a recent
    backup still authenticate. One row per rotation within the grace (a desk syncing every 5 minutes
    for 8 hours a day keeps about 300); expired rows go at the desk's next rotation.
    """

    __tablename__ = "desk_token"

    token_hash: str = Field(primary_key=True, max_length=64)  # sha256 hex of the bearer token
    device_id: str = Field(max_length=36, index=True)
    created_at: datetime = Field(sa_column=_utc_column())  # handed out, or (retiring) replaced
    expires_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class DeskKey(HQModel, table=True):
    __tablename__ = "desk_key"

    id: str = Field(primary_key=True, max_length=64)  # the key id the desk chose
    device_id: str = Field(max_length=36, index=True)
    public_key: str = Field(max_length=64)  # unpadded base64url of the raw 32-byte Ed25519 key
    registered_at: datetime = Field(sa_column=_utc_column())
    revoked_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class HqKey(HQModel, table=True):
    """HQ's own key pairs; "bundle" is the X25519 pair desks seal USB bundles to (migration 0004
    makes it). The private half stays in HQ's database, which HQ's own disk protects."""

    __tablename__ = "hq_key"

    name: str = Field(primary_key=True, max_length=32)
    public_key: str = Field(max_length=64)  # base64 of the raw 32 bytes
    private_key: str = Field(max_length=64)
    created_at: datetime = Field(sa_column=_utc_column())


class Change(HQModel, table=True):
    """Every accepted change, stored as received before anything is derived from it (rule 15).

    ``seq`` is the pull cursor. It is assigned after commit by one sequencer at a time
    (``feed.assign_sequence``), never at insert: concurrent inserts commit out of order, and a
    cursor taken from an insert-time sequence would skip a row that commits late.
    """

    __tablename__ = "change"
    # The cursor indexes leave out unsequenced rows, so an insert touches them not at all: ingest
    # writes the primary key, the manifest index and the small "waiting for a position" index only.
    __table_args__ = (
        Index(
            "ux_change_seq",
            "seq",
            unique=True,
            postgresql_where=text("seq IS NOT NULL"),
            sqlite_where=text("seq IS NOT NULL"),
        ),
        Index(
            "ix_change_office_seq",
            "office_code",
            "seq",
            postgresql_where=text("seq IS NOT NULL"),
            sqlite_where=text("seq IS NOT NULL"),
        ),
        Index("ix_change_device_group", "device_id", "event_id", "day"),
        Index(
            "ix_change_unsequenced",
            "received_at",
            postgresql_where=text("seq IS NULL"),
            sqlite_where=text("seq IS NULL"),
        ),
    )

    id: str = Field(primary_key=True, max_length=64)  # the desk-made change id
    seq: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    kind: str = Field(max_length=32)
    record_id: str = Field(max_length=64)
    payload_hash: str = Field(max_length=64)  # sha256 hex of the normalised record JSON
    payload: str = Field(sa_column=Column(Text, nullable=False))
    device_id: str | None = Field(default=None, max_length=36)  # None: made at HQ
    office_code: str = Field(max_length=16)
    event_id: str | None = Field(default=None, max_length=64)  # manifest grouping
    # The desk that made it when a venue hub relayed it (the member's own desk id, migration
    # 0010); None: made by the device that pushed it (or at HQ).
    made_by_desk_id: str | None = Field(default=None, max_length=64)
    day: int = 0
    received_at: datetime = Field(sa_column=_utc_column())


class DeskViaHub(HQModel, table=True):
    """A desk whose records reach HQ through a venue hub (issue 17 item 5, migration 0010): the
    member's own desk id (it need not be enrolled at HQ), the hub's device, and when HQ first and
    last received something of it from that hub. A desk may use several hubs over time, and sync
    directly too (its ``Device`` row, when enrolled)."""

    __tablename__ = "desk_via_hub"

    desk_id: str = Field(primary_key=True, max_length=64)
    hub_device_id: str = Field(primary_key=True, max_length=36)
    office_code: str = Field(max_length=16, index=True)  # the hub's: a hub relays its office only
    desk_name: str = Field(max_length=100)  # as the hub last named it
    first_seen: datetime = Field(sa_column=_utc_column())
    last_seen: datetime = Field(sa_column=_utc_column())


class ChangeConflict(HQModel, table=True):
    """A change set aside: same id as a stored change (or record) but different content."""

    __tablename__ = "change_conflict"
    __table_args__ = (UniqueConstraint("change_id", "payload_hash"),)

    pk: int | None = Field(default=None, primary_key=True)
    change_id: str = Field(max_length=64)
    kind: str = Field(max_length=32)
    device_id: str | None = Field(default=None, max_length=36)
    payload_hash: str = Field(max_length=64)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    reason: str = Field(sa_column=Column(Text, nullable=False))
    received_at: datetime = Field(sa_column=_utc_column())


class Event(HQModel, table=True):
    id: str = Field(primary_key=True, max_length=64)
    office_code: str = Field(max_length=16, index=True)
    title: str
    theme: str
    venue: str
    starts_at: datetime = Field(sa_column=_utc_column())
    ends_at: datetime = Field(sa_column=_utc_column())
    timezone: str = Field(max_length=64)
    mode: str = Field(max_length=16)
    jp: int | None = None
    updated_at: datetime = Field(sa_column=_utc_column())
    device_id: str | None = Field(default=None, max_length=36)
    # The change HQ applied last: the record's version, the one the pull feed hands out. Edits are
    # ordered by HQ's receipt, not by ``updated_at``, which a desk's clock makes (migration 0006).
    change_id: str | None = Field(default=None, max_length=64)


class EventSettings(HQModel, table=True):
    """An event's certificate settings (sync/protocol.py EventSettingsRecord): the version HQ
    received last, named by ``change_id``; the pull feed hands out only that one (migration
    0009)."""

    __tablename__ = "event_settings"

    id: str = Field(primary_key=True, max_length=64)  # the event's id
    office_code: str = Field(max_length=16, index=True)
    min_days: int | None = None
    online_min_minutes: int | None = None
    online_min_percent: int | None = None
    signatories: str = Field(sa_column=Column(Text, nullable=False))  # the blocks as JSON
    number_pattern: str | None = Field(default=None, max_length=200)
    template_id: str | None = Field(default=None, max_length=200)
    template_version: int | None = None
    verify_base_url: str | None = Field(default=None, max_length=500)
    desk_name: str = Field(max_length=100)
    updated_at: datetime = Field(sa_column=_utc_column())
    device_id: str | None = Field(default=None, max_length=36)
    change_id: str | None = Field(default=None, max_length=64)


class Person(HQModel, table=True):
    """One human, whatever desks registered them: participants with the same NIP (else NIK, else
    email) share a person. ``match_key`` is unique so concurrent workers agree on one person."""

    id: str = Field(primary_key=True, max_length=64)  # the first participant id seen for them
    match_key: str = Field(max_length=200, unique=True)  # "nip:…", "nik:…", "email:…" or "id:…"
    created_at: datetime = Field(sa_column=_utc_column())


class Participant(HQModel, table=True):
    """A desk's participant record: the version HQ received last wins, except that an erasure
    stands against every later edit (sync/hq/ingest.py); it belongs to the office of the desk that
    first sent it, and desks of other offices cannot change it."""

    id: str = Field(primary_key=True, max_length=64)
    person_id: str = Field(max_length=64, index=True)
    office_code: str = Field(max_length=16)
    device_id: str | None = Field(default=None, max_length=36)
    full_name: str
    nip: str | None = Field(default=None, max_length=32, index=True)
    nik: str | None = Field(default=None, max_length=32)
    asn_status: str = Field(max_length=16)
    golongan: str
    jabatan: str
    unit_kerja: str
    instansi: str
    email: str | None = None
    phone: str
    birth_date: date | None = None
    gender: str | None = Field(default=None, max_length=2)
    updated_at: datetime = Field(sa_column=_utc_column())
    change_id: str | None = Field(default=None, max_length=64)  # the version, as for Event


class Registration(HQModel, table=True):
    id: str = Field(primary_key=True, max_length=64)
    event_id: str = Field(max_length=64, index=True)
    participant_id: str = Field(max_length=64, index=True)
    source: str = Field(max_length=16)
    desk_id: str = Field(max_length=64)
    created_at: datetime = Field(sa_column=_utc_column())
    device_id: str | None = Field(default=None, max_length=36)
    payload_hash: str = Field(max_length=64)


class CheckIn(HQModel, table=True):
    """Every check-in any desk made, kept (sync.md rule 10); merge.py derives attendance."""

    __tablename__ = "checkin"
    __table_args__ = (
        Index("ix_checkin_event_day_participant", "event_id", "day", "participant_id"),
        Index(
            "ix_checkin_undoes",
            "undoes_id",
            postgresql_where=text("undoes_id IS NOT NULL"),
            sqlite_where=text("undoes_id IS NOT NULL"),
        ),
    )

    id: str = Field(primary_key=True, max_length=64)
    event_id: str = Field(max_length=64)
    participant_id: str = Field(max_length=64)
    day: int
    at: datetime = Field(sa_column=_utc_column())
    desk_id: str = Field(max_length=64)
    desk_name: str = Field(max_length=100)
    operator: str = Field(max_length=100)
    method: str = Field(max_length=16)
    undoes_id: str | None = Field(default=None, max_length=64)
    device_id: str | None = Field(default=None, max_length=36)
    payload_hash: str = Field(max_length=64)


class Certificate(HQModel, table=True):
    """Certificates as desks issued them (``CertificateRecord``), immutable but for the revocation,
    which the earliest ``CertificateRevocationRecord`` sets. Verification reads it by number, event
    and participant."""

    __table_args__ = (
        Index("ix_certificate_number_event", "number", "event_id"),
        Index("ix_certificate_participant_id", "participant_id"),  # migration 0016
    )

    id: str = Field(primary_key=True, max_length=64)
    number: str = Field(max_length=255)
    event_id: str = Field(max_length=64, index=True)
    participant_id: str = Field(max_length=64)
    office_code: str = Field(max_length=16)
    desk_id: str = Field(max_length=64)
    printed_name: str  # exactly as printed; the seal carries a digest of it
    issued_on: date
    mode: str = Field(max_length=16)
    key_id: str = Field(max_length=64)
    issued_at: datetime = Field(sa_column=_utc_column())
    device_id: str | None = Field(default=None, max_length=36)
    revoked_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    revoked_reason: str = ""
    # Added by migration 0002.
    issued_by: str = Field(default="", max_length=100)
    template_id: str = Field(default="", max_length=64)
    template_version: int = 0
    revoked_by: str = Field(default="", max_length=100)
    revocation_id: str | None = Field(default=None, max_length=64)  # the revocation that stands
    payload_hash: str = Field(default="", max_length=64)  # of the certificate record as received


class CertificateLink(HQModel, table=True):
    """A certificate's personal download link (``CertificateLinkRecord``, migration 0011): only the
    token's SHA-256 is held, looked up by equality (a unique index), so an unknown token costs one
    index probe like a known one. ``revoked_at``: the earliest revocation sent stands."""

    __tablename__ = "certificate_link"

    id: str = Field(primary_key=True, max_length=64)
    certificate_id: str = Field(max_length=64, index=True)
    number: str = Field(max_length=255)
    event_id: str = Field(max_length=64, index=True)
    token_sha256: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(sa_column=_utc_column())
    expires_at: datetime = Field(sa_column=_utc_column())
    revoked_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    place: str = Field(default="", max_length=200)  # as printed before the date
    verify_url: str = Field(default="", max_length=2000)  # the QR code's address, as printed
    operator: str = Field(default="", max_length=100)
    device_id: str | None = Field(default=None, max_length=36)


class CertificatePrint(HQModel, table=True):
    """A desk's print log line (``CertificatePrintRecord``): appended, never changed."""

    __tablename__ = "certificate_print"

    id: str = Field(primary_key=True, max_length=64)
    certificate_id: str = Field(max_length=64, index=True)
    event_id: str = Field(max_length=64)
    printed_at: datetime = Field(sa_column=_utc_column())
    operator: str = Field(max_length=100)
    desk_id: str = Field(max_length=64)
    copies: int
    destination: str
    device_id: str | None = Field(default=None, max_length=36)
    payload_hash: str = Field(max_length=64)


class OnlineReport(HQModel, table=True):
    """A Zoom / Meet export a desk imported, kept whole for audit (``OnlineReportRecord``). Two
    desks importing the same file make two rows: who imported what is part of the record. A report
    the desk took back out stays, marked withdrawn (``OnlineReportRemovalRecord``; the earliest
    removal stands): audit needs the file that was once counted, and when and why it stopped."""

    __tablename__ = "online_report"
    __table_args__ = (Index("ix_online_report_event_sha256", "event_id", "sha256"),)

    id: str = Field(primary_key=True, max_length=64)
    event_id: str = Field(max_length=64)
    file_name: str
    sha256: str = Field(max_length=64)
    variant: str = Field(max_length=32)
    timezone: str = Field(max_length=64)
    imported_at: datetime = Field(sa_column=_utc_column())
    operator: str = Field(max_length=100)
    size: int
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    device_id: str | None = Field(default=None, max_length=36)
    payload_hash: str = Field(max_length=64)
    # Added by migration 0005.
    meeting_date: date | None = None  # the day of a Meet report (its rows carry no date)
    withdrawn_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    withdrawn_by: str = Field(default="", max_length=100)
    withdrawn_reason: str = ""
    withdrawal_id: str | None = Field(default=None, max_length=64)  # the removal that stands


class OnlineAttendance(HQModel, table=True):
    """The latest result per event and online person (``OnlineAttendanceRecord``, newest
    ``computed_at`` wins); each result a desk sent stays in the change log."""

    __tablename__ = "online_attendance"

    event_id: str = Field(primary_key=True, max_length=64)
    person_key: str = Field(primary_key=True)
    id: str = Field(max_length=64)  # the record that stands
    display_name: str
    email: str | None = None
    nip: str | None = Field(default=None, max_length=32)
    guest: bool = False
    minutes: int = 0
    match: str = Field(max_length=16)
    participant_id: str | None = Field(default=None, max_length=64)
    eligible: bool = False
    computed_at: datetime = Field(sa_column=_utc_column())
    desk_id: str = Field(max_length=64)
    device_id: str | None = Field(default=None, max_length=36)


class AdminUser(HQModel, table=True):
    __tablename__ = "admin_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    password_hash: str = Field(max_length=255)  # scrypt, see sync/hq/security.py
    created_at: datetime = Field(sa_column=_utc_column())
    disabled: bool = False
    # Issue 19 item 4. "admin" changes things, "viewer" only sees and exports; office_code None is
    # HQ staff (every office), else the one office this account sees.
    role: str = Field(default="admin", max_length=16)
    office_code: str | None = Field(default=None, max_length=16)
    password_changed_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    must_change_password: bool = False  # set by an HQ admin's reset: change it before anything else
    # The TOTP secret, encrypted with HADIR_HQ_TOTP_KEY (sync.hq.security.seal_totp_secret): a
    # copy of the database alone does not give the second factor away. Set while being turned on
    # (totp_enabled False until a code confirms it), None when off.
    totp_secret: str | None = Field(default=None, max_length=255)
    totp_enabled: bool = False
    totp_last_step: int | None = None  # the last 30-second step a code was accepted for: no replay


class AdminSession(HQModel, table=True):
    """A dashboard login. Kept in the database so that any worker can check it."""

    __tablename__ = "admin_session"

    id_hash: str = Field(primary_key=True, max_length=64)  # sha256 hex of the cookie value
    user_id: int = Field(index=True)
    csrf_token: str = Field(max_length=64)
    created_at: datetime = Field(sa_column=_utc_column())
    expires_at: datetime = Field(sa_column=_utc_column())


metadata = HQModel.metadata


class DeskAudit(HQModel, table=True):
    """A desk's audit log line (``AuditRecord``), kept with the device that sent it: who did what
    at which desk, for the office's record of processing (UU 27/2022)."""

    __tablename__ = "desk_audit"
    __table_args__ = (Index("ix_desk_audit_office_at", "office_code", "at"),)

    id: str = Field(primary_key=True, max_length=64)
    desk_id: str = Field(max_length=64)
    at: datetime = Field(sa_column=_utc_column())
    operator: str = Field(max_length=100)
    action: str = Field(max_length=64)
    detail: str
    office_code: str = Field(max_length=16)
    device_id: str | None = Field(default=None, max_length=36)
    payload_hash: str = Field(max_length=64)


class LoginFailure(HQModel, table=True):
    """Wrong passwords for one account from one source address, shared by every worker.

    The lock is per (account, source): a guesser locks only itself, and the admin typing the right
    password from any address that has not failed still gets in (issue 15, item 9).
    """

    __tablename__ = "login_failure"

    username: str = Field(primary_key=True, max_length=64)
    source: str = Field(primary_key=True, max_length=64)
    failures: int = 0
    last_failed_at: datetime = Field(sa_column=_utc_column())
    locked_until: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class ProgramTarget(HQModel, table=True):
    """How many people the program means to train in a year: the nation's (``scope`` "*") and each
    office's (its code), as HQ admins set them (``hadir-hq target set``; issue 19 item 2). An unset
    national target reads as sync/hq/national.py's default."""

    __tablename__ = "program_target"

    scope: str = Field(primary_key=True, max_length=16)  # an office code, or "*": the nation
    year: int = Field(primary_key=True)
    people: int
    set_at: datetime = Field(sa_column=_utc_column())
    set_by: str = Field(default="", max_length=100)


class PersonDecision(HQModel, table=True):
    """An HQ operator's decision about who is one person (issue 19 item 1, migration 0015): the
    audit of who decided what, when and why, and what later ingests obey (sync/hq/people.py).

    ``link``: ``participant_id`` and ``other_participant_id`` are one person, ``person_id``; the
    person the other record was in (``merged_person_id``) is folded into it, so a record that
    later matches the folded person by NIP, NIK or e-mail joins ``person_id`` too. ``unlink``:
    ``participant_id`` alone is a person of its own, ``person_id``, whatever it matches later.
    Rows are only added: the latest decision naming a record is the one that stands."""

    __tablename__ = "person_decision"

    id: int | None = Field(default=None, primary_key=True)  # the order decisions were made in
    action: str = Field(max_length=8)  # "link" or "unlink"
    participant_id: str = Field(max_length=64, index=True)
    other_participant_id: str | None = Field(default=None, max_length=64, index=True)
    person_id: str = Field(max_length=64)
    merged_person_id: str | None = Field(default=None, max_length=64, index=True)
    decided_by: str = Field(max_length=100)
    reason: str = Field(default="", sa_column=Column(Text, nullable=False))
    decided_at: datetime = Field(sa_column=_utc_column())


class TrainedTally(HQModel, table=True):
    """Certificates in force per person, year, office, mode and month: kept by PostgreSQL's
    triggers in the writing transaction (migration 0016), read by nobody but them. Empty on
    SQLite, which counts directly."""

    __tablename__ = "trained_tally"

    person_id: str = Field(primary_key=True, max_length=64)
    year: int = Field(primary_key=True)
    office_code: str = Field(primary_key=True, max_length=16)
    mode: str = Field(primary_key=True, max_length=16)
    month: int = Field(primary_key=True)
    certificates: int


class TrainedCount(HQModel, table=True):
    """People trained per year, scope ("*" or an office), mode ("*" or one) and month (0: the
    year; 1-12: whose first certificate of the group is of that month), in shards to add up
    (migration 0016; sync/hq/national.py reads it on PostgreSQL)."""

    __tablename__ = "trained_count"

    year: int = Field(primary_key=True)
    scope: str = Field(primary_key=True, max_length=16)
    mode: str = Field(primary_key=True, max_length=16)
    month: int = Field(primary_key=True)
    shard: int = Field(primary_key=True)
    people: int = Field(sa_column=Column(BigInteger, nullable=False))


class StaffAudit(HQModel, table=True):
    """Every change to a staff account and every dashboard login, success or failure: who did it,
    when, what, to which account, from which address (issue 19 item 4)."""

    __tablename__ = "staff_audit"
    __table_args__ = (Index("ix_staff_audit_at", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=_utc_column())
    actor: str = Field(max_length=100)  # the account that acted, or "cli:<user>" at a terminal
    action: str = Field(max_length=32)  # e.g. "account_created", "login_failed"
    account: str | None = Field(default=None, max_length=64)  # the account acted on
    source: str = Field(default="", max_length=64)  # the client address ("" at a terminal)
    detail: str = Field(default="", max_length=500)


class PendingLogin(HQModel, table=True):
    """A password that was right, waiting for its account's TOTP code: a row (not process state),
    so the second step may reach any worker. The cookie holds a random token; the row its hash."""

    __tablename__ = "pending_login"

    id_hash: str = Field(primary_key=True, max_length=64)  # sha256 hex of the cookie value
    user_id: int = Field(index=True)
    source: str = Field(max_length=64)
    created_at: datetime = Field(sa_column=_utc_column())
    expires_at: datetime = Field(sa_column=_utc_column())
    attempts: int = 0


class Agency(HQModel, table=True):
    """An agency (instansi) of the reference list HQ loads with ``hadir-hq agencies import``, with
    how many ASN it employs: what "the largest agencies not yet reached" is measured against
    (issue 19 item 3). Participants' free-text ``instansi`` meets it through ``name_key``, the
    name normalised by sync/hq/coverage.py. The list is replaced whole by each import."""

    __tablename__ = "agency"
    __table_args__ = (UniqueConstraint("name_key", "province", name="uq_agency_name_province"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=300)  # as the list writes it
    name_key: str = Field(max_length=300, index=True)
    province: str = Field(max_length=100)  # "" for a central agency (no one province)
    office_code: str | None = Field(default=None, max_length=16)  # when the list gave an office
    asn: int
    imported_at: datetime = Field(sa_column=_utc_column())


class CoverageSnapshot(HQModel, table=True):
    """A coverage figure as last computed (sync/hq/coverage.py ``kept``), with the version of the
    data it was computed from: read again while the data has not changed since, so the national
    and office pages do not pass over every certificate on every view (issue 19 item 6). A row in
    the database, not process state: every worker reads and refreshes the same snapshot."""

    __tablename__ = "coverage_snapshot"

    key: str = Field(primary_key=True, max_length=64)  # year|office or *|mode or *|largest
    version: str = Field(max_length=200)
    computed_at: datetime = Field(sa_column=_utc_column())
    body: str = Field(sa_column=Column(Text, nullable=False))  # the Coverage as JSON
