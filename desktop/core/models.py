"""The desk's tables.

Ids are UUID strings made on the desk (../shared/design/sync.md rule 1). Timestamps are aware UTC.
Attendance is append-only: a ``CheckIn`` row is never updated or deleted; an undo is a new row whose
``undoes_id`` names the check-in it cancels.

The schema itself is owned by the Alembic migrations in ``desktop/migrations``; these classes must
match them (tests/desktop/test_db.py compares the two).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index, text
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
    is_demo: bool = False  # demo data never leaves the desk
    signatory_name: str = ""
    signatory_title: str = ""
    signatory_nip: str = ""
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
