"""The desk's tables.

Ids are ULID-style strings made on the desk by sync/ids.py (../shared/design/sync.md rule 1).
Timestamps are aware UTC.
Attendance is append-only: a ``CheckIn`` row is never updated or deleted; an undo is a new row whose
``undoes_id`` names the check-in it cancels.

The schema itself is owned by the Alembic migrations in ``desktop/migrations``; these classes must
match them (tests/desktop/test_db.py compares the two).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from desktop.core.clock import new_id, utcnow


class EventMode(StrEnum):
    LURING = "luring"  # in person
    DARING = "daring"  # online
    HYBRID = "hybrid"


class CheckInMethod(StrEnum):
    SCAN = "scan"
    SEARCH = "search"
    MANUAL = "manual"
    # At a phone or tablet paired with the venue hub (issue 17 item 7): the hub's own check-in,
    # its ``operator`` the station's name.
    STATION = "station"


class Setting(SQLModel, table=True):
    """Desk-wide key/value settings (desk id and name, office, last event)."""

    key: str = Field(primary_key=True)
    value: str


class Event(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    office_code: str = Field(index=True)
    title: str
    theme: str = ""
    venue: str = ""
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC
    timezone: str  # IANA, e.g. Asia/Makassar
    mode: str = EventMode.LURING.value
    jp: int | None = None  # jam pelajaran
    min_days: int | None = None  # eligibility: days attended; None means every day
    # Eligibility for online attendance (issue 7): minutes, or percent of the event's hours.
    online_min_minutes: int | None = None
    online_min_percent: int | None = None
    is_demo: bool = False  # demo data never leaves the desk
    signatory_name: str = ""
    signatory_title: str = ""
    signatory_nip: str = ""
    # How its certificates are made, the same on every desk of the event (issue 17, migration
    # 0010; desktop/core/event_settings.py): None keeps this desk's default.
    number_pattern: str | None = None
    template_id: str | None = None
    template_version: int | None = None
    verify_base_url: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Participant(SQLModel, table=True):
    # Most participants are ASN with no NIK: index only the rows that have one.
    __table_args__ = (Index("ix_participant_nik", "nik", sqlite_where=text("nik IS NOT NULL")),)

    id: str = Field(default_factory=new_id, primary_key=True)
    full_name: str  # with titles, as the person writes it
    nip: str | None = Field(default=None, unique=True)  # digits only; PNS NIP or NI PPPK
    nik: str | None = None  # only for non-ASN guests (partial index in the migration)
    asn_status: str = "PNS"
    golongan: str = ""
    jabatan: str = ""
    unit_kerja: str = ""
    instansi: str = ""
    email: str | None = None  # lower-cased; matched in memory, so not indexed
    phone: str = ""
    birth_date: date | None = None
    gender: str | None = None  # L / P
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Registration(SQLModel, table=True):
    """A person registered for an event. Its identity is the pair (event, participant), so two
    desks registering the same person for the same event make the same registration; stored
    WITHOUT ROWID so the pair is the table's own B-tree and needs no second index."""

    __table_args__ = {"sqlite_with_rowid": False}

    event_id: str = Field(foreign_key="event.id", primary_key=True)
    participant_id: str = Field(foreign_key="participant.id", primary_key=True)
    source: str = "import"  # import / walkin / hq
    desk_id: str = ""
    created_at: datetime = Field(default_factory=utcnow)


class CheckIn(SQLModel, table=True):
    """One fact: this person was checked in (or an earlier check-in was undone) at this desk."""

    __tablename__ = "checkin"
    __table_args__ = (
        Index("ix_checkin_event_participant_day", "event_id", "participant_id", "day"),
        Index("ix_checkin_event_day", "event_id", "day"),
    )

    id: str = Field(default_factory=new_id, primary_key=True)
    event_id: str = Field(foreign_key="event.id")
    participant_id: str = Field(foreign_key="participant.id")
    day: int  # 1-based day (or session) of the event
    at: datetime  # UTC
    desk_id: str
    desk_name: str
    operator: str
    method: str = CheckInMethod.SCAN.value
    undoes_id: str | None = Field(default=None, index=True)  # set on an undo record


class OnlineReport(SQLModel, table=True):
    """A Zoom / Google Meet export as imported, kept whole for audit (the raw bytes)."""

    __tablename__ = "online_report"
    # The same file given for two days (a Google Meet report has no date inside) is two reports,
    # and so is a Zoom meeting-history file imported once per meeting of it (migration 0009).
    __table_args__ = (UniqueConstraint("event_id", "sha256", "meeting_date", "meeting_ids"),)

    id: str = Field(default_factory=new_id, primary_key=True)
    event_id: str = Field(foreign_key="event.id")
    file_name: str
    sha256: str
    variant: str
    timezone: str
    raw: bytes
    operator: str
    imported_at: datetime = Field(default_factory=utcnow)
    # The day the report is of, when the file does not say it by its times (Google Meet): from its
    # file name or the clerk. None for reports whose rows carry dates (Zoom, Teams).
    meeting_date: date | None = None
    # The meetings of a file holding several that were imported from it (Zoom's meeting history),
    # their ids sorted and comma-separated; "" for a file of one meeting.
    meeting_ids: str = ""


class OnlineSegment(SQLModel, table=True):
    """One row of a report: a person in the meeting from join to leave (UTC)."""

    __tablename__ = "online_segment"
    __table_args__ = (Index("ix_online_segment_event", "event_id"),)

    id: str = Field(default_factory=new_id, primary_key=True)
    report_id: str = Field(foreign_key="online_report.id")
    event_id: str = Field(foreign_key="event.id")
    row: int
    display_name: str
    original_name: str
    email: str | None = None
    guest: bool = False
    joined_at: datetime | None = None
    left_at: datetime | None = None
    minutes: float | None = None  # only for reports without times (Zoom "unique users")
    # attendee / panelist / host / dial-in, as the report says; None when imported before the
    # role was kept (migration 0009).
    role: str | None = None


class OnlinePerson(SQLModel, table=True):
    """A person seen online in an event, the registration they were matched to, and the minutes
    that count (overlaps merged, only inside the event's hours). Rebuilt from the segments on every
    import; the operator's decisions (``resolution``) survive the rebuild."""

    __tablename__ = "online_person"

    event_id: str = Field(foreign_key="event.id", primary_key=True)
    person_key: str = Field(primary_key=True)  # email:..., nip:... or name:...
    display_name: str
    email: str | None = None
    nip: str | None = None
    guest: bool = False
    minutes: int = 0
    participant_id: str | None = Field(default=None, foreign_key="participant.id")
    match: str = "unmatched"  # email / nip / name / doubtful / unmatched / manual / new / ignored
    resolution: str | None = None  # the operator's: "link:<participant id>", "new", "ignore"
    candidates: str = "[]"  # JSON list of participant ids for a doubtful match
    # The most telling role among the person's rows (host, dial-in, panelist, attendee), so the
    # decision about a host or a caller stays visible after the import; None if none was kept.
    role: str | None = None


class VenueStation(SQLModel, table=True):
    """On a venue hub: a phone or tablet paired as a check-in station (issue 17 item 7), known by
    its id and the random key its page seals every call with. Removing the row revokes it: the
    hub reads this table on every call, so ``hadir-cli venue station`` and a running hub agree."""

    __tablename__ = "venue_station"

    station_id: str = Field(primary_key=True)
    name: str = Field(unique=True)  # also the operator of its check-ins, e.g. "HP 1"
    key: str  # base64url, 32 bytes (the database is encrypted at rest)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen: datetime | None = None


class InvitationMail(SQLModel, table=True):
    """One invitation (issue 18) to e-mail to one registrant: sent once, failures kept with the
    server's reason, resent only when an operator asks. States as certificate mail's
    (pending / sent / failed). Never deleted, except with its event."""

    __tablename__ = "invitation_mail"
    __table_args__ = (UniqueConstraint("event_id", "participant_id"),)

    id: str = Field(default_factory=new_id, primary_key=True)
    event_id: str = Field(foreign_key="event.id", index=True)
    participant_id: str = Field(foreign_key="participant.id")
    recipient: str
    state: str = "pending"
    attempts: int = 0
    last_error: str = ""
    queued_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
    queued_by: str = ""
