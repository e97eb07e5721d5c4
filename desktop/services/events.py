"""Events as plain data for the window: the list, one event's days, and saving the event form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import text
from sqlmodel import Session

from desktop.core import registry
from desktop.core.certificates.signatories import main_signatory, set_main_signatory
from desktop.core.clock import utc_to_local, zone_label
from desktop.core.db import Database
from desktop.core.desk import get_setting
from desktop.core.errors import HadirError
from desktop.core.identity import IdentityError, parse_identity
from desktop.core.models import Event
from desktop.core.operators import record_audit
from sync.documents.templates import Signatory

# Indonesia's zones as the event form offers them.
TIMEZONES: tuple[str, ...] = ("Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura")
MODES: tuple[str, ...] = ("luring", "daring", "hybrid")


@dataclass(frozen=True, slots=True)
class DayInfo:
    number: int
    date: date


@dataclass(frozen=True, slots=True)
class EventInfo:
    """One event, detached from the database."""

    id: str
    title: str
    theme: str
    venue: str
    starts_local: datetime  # aware, in the event's zone
    ends_local: datetime
    timezone: str
    mode: str
    jp: int | None
    is_demo: bool
    signatory_name: str
    signatory_title: str
    signatory_nip: str
    days: tuple[DayInfo, ...]
    registered: int = 0
    min_days: int | None = None  # days attended for a certificate; None: every day

    @property
    def zone_label(self) -> str:
        return zone_label(self.timezone)


def event_info(event: Event, *, session: Session, registered: int = 0) -> EventInfo:
    main = main_signatory(session=session, event=event)
    return EventInfo(
        id=event.id,
        title=event.title,
        theme=event.theme,
        venue=event.venue,
        starts_local=utc_to_local(event.starts_at, event.timezone),
        ends_local=utc_to_local(event.ends_at, event.timezone),
        timezone=event.timezone,
        mode=event.mode,
        jp=event.jp,
        is_demo=event.is_demo,
        signatory_name=main.name,
        signatory_title=main.title,
        signatory_nip=main.nip,
        days=tuple(DayInfo(d.number, d.date) for d in registry.event_days(event)),
        registered=registered,
        min_days=event.min_days,
    )


def _registered_counts(session: Session) -> dict[str, int]:
    rows = session.connection().execute(
        text("SELECT event_id, COUNT(*) FROM registration GROUP BY event_id")
    )
    return {event_id: int(count) for event_id, count in rows}


def list_event_infos(db: Database) -> list[EventInfo]:
    with db.session() as session:
        counts = _registered_counts(session)
        return [
            event_info(e, session=session, registered=counts.get(e.id, 0))
            for e in registry.list_events(session=session)
        ]


def load_event(db: Database, *, event_id: str) -> EventInfo:
    with db.session() as session:
        event = registry.get_event(session=session, event_id=event_id)
        count = (
            session.connection()
            .execute(text("SELECT COUNT(*) FROM registration WHERE event_id = :e"), {"e": event_id})
            .scalar_one()
        )
        return event_info(event, session=session, registered=int(count))


@dataclass(frozen=True, slots=True)
class EventForm:
    """What the event form holds; times are wall-clock at the venue (naive)."""

    title: str
    theme: str
    venue: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    mode: str
    jp: int | None
    signatory_name: str
    signatory_title: str
    signatory_nip: str
    # Days attended for a certificate: 0 every day; None keeps what an edited event has (the CLI's
    # ``event create`` without --min-days, older callers). It travels with the event (issue 17).
    min_days: int | None = None


def check_signatory_nip(raw: str) -> None:
    """The signatory's NIP, when given, must be a valid NIP (it is printed on certificates)."""
    if raw.strip():
        try:
            parse_identity(raw)
        except IdentityError as error:
            raise HadirError(str(error), code="signatory_nip", reason=error.code) from None


def save_event(
    db: Database, *, event_id: str | None, form: EventForm, office_code: str, operator: str
) -> EventInfo:
    """Create (``event_id`` None) or update an event with everything the form holds."""
    check_signatory_nip(form.signatory_nip)
    jp = form.jp if form.jp else None
    with db.write() as session:
        if event_id is None:
            event = registry.create_event(
                session=session,
                office_code=office_code,
                title=form.title,
                starts_at=form.starts_at,
                ends_at=form.ends_at,
                timezone=form.timezone,
                mode=form.mode,
                venue=form.venue,
                theme=form.theme,
                jp=jp,
                min_days=form.min_days or None,
            )
            action = "event.create"
        else:
            kept = _min_days(session, event_id) if form.min_days is None else form.min_days or None
            event = registry.update_event(
                session=session,
                event_id=event_id,
                title=form.title,
                starts_at=form.starts_at,
                ends_at=form.ends_at,
                timezone=form.timezone,
                mode=form.mode,
                venue=form.venue,
                theme=form.theme,
                jp=jp,
                min_days=kept,
            )
            action = "event.update"
        # Block 1 of the certificates: its one home is the event, set from this form or from the
        # certificates screen alike.
        main = Signatory(form.signatory_title, form.signatory_name, form.signatory_nip)
        set_main_signatory(session=session, event=event, block=main)
        record_audit(
            session=session,
            operator=operator,
            action=action,
            detail={"event": event.id, "title": event.title},
        )
        count = (
            session.connection()
            .execute(text("SELECT COUNT(*) FROM registration WHERE event_id = :e"), {"e": event.id})
            .scalar_one()
        )
        return event_info(event, session=session, registered=int(count))


def create_event(
    db: Database, *, office_code: str | None, form: EventForm, operator: str
) -> EventInfo:
    """A new event for ``office_code`` (default: the desk's own office)."""
    if not office_code:
        with db.session() as session:
            office_code = get_setting(session=session, key="office_code")
    if not office_code:
        raise HadirError(
            "Which office runs this event? Give --office CODE (see 'office list') "
            "or set up the desk with 'desk setup'.",
            code="event_no_office",
        )
    return save_event(db, event_id=None, form=form, office_code=office_code, operator=operator)


def _min_days(session: Session, event_id: str) -> int | None:
    # A form that does not say (None) keeps what is stored.
    return registry.get_event(session=session, event_id=event_id).min_days
