"""Events, participants and registrations, and searching them.

Every change HQ needs is queued in the sync outbox in the same transaction (sync/desk/outbox.py);
demo events are the exception: they never leave the desk.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from desktop.core.clock import as_utc, dates_between, local_to_utc, utc_to_local, utcnow, zone
from desktop.core.errors import HadirError, NotFound
from desktop.core.identity import AsnStatus, IdKind, normalize_number, parse_identity
from desktop.core.models import Event, EventMode, Participant, Registration
from desktop.core.names import words
from sync.desk import outbox
from sync.protocol import (
    EARLIEST_MOMENT,
    LATEST_MOMENT,
    MAX_EVENT_DAYS,
    EventRecord,
    EventSettingsRecord,
    ParticipantRecord,
    RegistrationRecord,
)

# --------------------------------------------------------------------------- events


@dataclass(frozen=True, slots=True)
class EventDay:
    number: int  # 1-based
    date: date  # local date at the venue
    starts_at: datetime  # aware, in the event's zone
    ends_at: datetime


def event_days(event: Event) -> list[EventDay]:
    """One attendance unit per local calendar day from start to end, with that day's hours."""
    start = utc_to_local(event.starts_at, event.timezone)
    end = utc_to_local(event.ends_at, event.timezone)
    days = []
    for number, day in enumerate(dates_between(start.date(), end.date()), start=1):
        days.append(
            EventDay(
                number=number,
                date=day,
                starts_at=datetime.combine(day, start.timetz()),
                ends_at=datetime.combine(day, end.timetz()),
            )
        )
    return days


def day_for_date(event: Event, when: date) -> int | None:
    for day in event_days(event):
        if day.date == when:
            return day.number
    return None


def today_day(event: Event, *, now: datetime | None = None) -> int:
    """The event day for "now" at the venue; day 1 for a one-day event checked in on another
    date."""
    local_now = (now or utcnow()).astimezone(zone(event.timezone))
    days = event_days(event)
    found = day_for_date(event, local_now.date())
    if found is not None:
        return found
    if local_now.date() < days[0].date:
        return 1
    if len(days) == 1:
        return 1
    raise HadirError(
        f"Today ({local_now.date().isoformat()}) is not a day of this event "
        f"({days[0].date.isoformat()} to {days[-1].date.isoformat()}): choose the day.",
        code="day_required",
    )


def _validated_event_fields(
    *, title: str, starts_at: datetime, ends_at: datetime, timezone: str, mode: str
) -> tuple[str, datetime, datetime, str]:
    title = title.strip()
    if not title:
        raise HadirError("An event needs a title.", code="event_title")
    zone(timezone)  # raises a clear message for an unknown zone
    try:
        mode = EventMode(mode.strip().lower()).value
    except ValueError:
        raise HadirError(
            f"Mode '{mode}' is not one of luring, daring or hybrid.", code="event_mode"
        ) from None
    # The years HQ holds (sync/protocol.py): a date typed as 9999 or 0001 would be refused by HQ
    # and set aside, so the desk says so while the clerk is still at the form.
    try:
        start_utc, end_utc = local_to_utc(starts_at, timezone), local_to_utc(ends_at, timezone)
        in_range = start_utc >= EARLIEST_MOMENT and end_utc < LATEST_MOMENT
    except OverflowError:  # 0001-01-01 east of UTC has no UTC form at all
        in_range = False
    if not in_range:
        raise HadirError(
            f"An event must fall between {EARLIEST_MOMENT.year} and {LATEST_MOMENT.year - 1}.",
            code="event_years",
            first=EARLIEST_MOMENT.year,
            last=LATEST_MOMENT.year - 1,
        )
    if end_utc <= start_utc:
        raise HadirError("An event must end after it starts.", code="event_dates")
    if (end_utc - start_utc).days > MAX_EVENT_DAYS:
        raise HadirError(
            f"An event cannot last more than {MAX_EVENT_DAYS} days.", code="event_dates"
        )
    return title, start_utc, end_utc, mode


def event_record(event: Event) -> EventRecord:
    return EventRecord(
        id=event.id,
        office_code=event.office_code,
        title=event.title,
        theme=event.theme,
        venue=event.venue,
        starts_at=as_utc(event.starts_at),
        ends_at=as_utc(event.ends_at),
        timezone=event.timezone,
        mode=event.mode,
        jp=event.jp,
        updated_at=as_utc(event.updated_at),
    )


def create_event(
    *,
    session: Session,
    office_code: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    timezone: str,
    mode: str = EventMode.LURING.value,
    venue: str = "",
    theme: str = "",
    jp: int | None = None,
    min_days: int | None = None,
    is_demo: bool = False,
) -> Event:
    """Create an event. ``starts_at``/``ends_at`` are wall-clock times at the venue (naive)."""
    from desktop.core.offices import office_by_code

    office = office_by_code(office_code)
    title, start_utc, end_utc, mode = _validated_event_fields(
        title=title, starts_at=starts_at, ends_at=ends_at, timezone=timezone, mode=mode
    )
    if jp is not None and jp < 0:
        raise HadirError("JP cannot be negative.", code="event_jp")
    event = Event(
        office_code=office.code,
        title=title,
        theme=theme.strip(),
        venue=venue.strip(),
        starts_at=start_utc,
        ends_at=end_utc,
        timezone=timezone,
        mode=mode,
        jp=jp,
        min_days=min_days,
        is_demo=is_demo,
    )
    session.add(event)
    session.flush()
    if not is_demo:
        outbox.enqueue(session=session, records=[event_record(event)])
    _queue_settings(session, event, before=None)
    return event


def _queue_settings(session: Session, event: Event, *, before: EventSettingsRecord | None) -> None:
    """The certificate rule travels in the event's settings record (issue 17), queued after the
    event it names."""
    from desktop.core.event_settings import queue_if_changed

    queue_if_changed(session=session, event=event, before=before)


def update_event(
    *,
    session: Session,
    event_id: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    timezone: str,
    mode: str,
    venue: str = "",
    theme: str = "",
    jp: int | None = None,
    min_days: int | None = None,
) -> Event:
    """Change what the synced event record holds, and the certificate rule (``min_days``), which
    travels in the event's settings (its signatory has its own home:
    desktop/core/certificates/signatories.py set_main_signatory)."""
    from desktop.core.event_settings import settings_record

    event = get_event(session=session, event_id=event_id)
    title, start_utc, end_utc, mode = _validated_event_fields(
        title=title, starts_at=starts_at, ends_at=ends_at, timezone=timezone, mode=mode
    )
    settings_before = settings_record(session=session, event=event)
    event.title, event.starts_at, event.ends_at = title, start_utc, end_utc
    event.timezone, event.mode, event.venue, event.theme = (
        timezone,
        mode,
        venue.strip(),
        theme.strip(),
    )
    event.jp, event.min_days = jp, min_days
    event.updated_at = utcnow()
    session.add(event)
    session.flush()
    if not event.is_demo:
        outbox.enqueue(session=session, records=[event_record(event)])
    _queue_settings(session, event, before=settings_before)
    return event


def get_event(*, session: Session, event_id: str) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound(f"No event with id '{event_id}' on this desk.", event_id=event_id)
    return event


def list_events(*, session: Session) -> list[Event]:
    return list(session.exec(select(Event).order_by(col(Event.starts_at).desc())))


# --------------------------------------------------------------------------- participants


def participant_record(participant: Participant) -> ParticipantRecord:
    return ParticipantRecord(
        id=participant.id,
        full_name=participant.full_name,
        nip=participant.nip,
        nik=participant.nik,
        asn_status=participant.asn_status,
        golongan=participant.golongan,
        jabatan=participant.jabatan,
        unit_kerja=participant.unit_kerja,
        instansi=participant.instansi,
        email=participant.email,
        phone=participant.phone,
        birth_date=participant.birth_date,
        gender=participant.gender,
        updated_at=as_utc(participant.updated_at),
    )


def registration_id(event_id: str, participant_id: str) -> str:
    """The registration's id on the wire: derived from its identity, the same on every desk."""
    return f"{event_id}.{participant_id}"


def registration_record(registration: Registration) -> RegistrationRecord:
    return RegistrationRecord(
        id=registration_id(registration.event_id, registration.participant_id),
        event_id=registration.event_id,
        participant_id=registration.participant_id,
        source=registration.source,
        desk_id=registration.desk_id,
        created_at=as_utc(registration.created_at),
    )


# No comma or semicolon anywhere: "dewi@kemenham,go.id" is a mistyped dot, and "a@x.id;b@y.id"
# is two addresses in one cell (both seen in Google Forms answers).
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


def clean_email(raw: str | None) -> str | None:
    value = (raw or "").strip().lower()
    if not value:
        return None
    if not _EMAIL.match(value):
        raise HadirError(f"'{raw}' is not an e-mail address.", code="bad_email", value=raw)
    return value


def clean_phone(raw: str | None) -> str:
    value = re.sub(r"[\s\-().]", "", raw or "")
    if value.startswith("'"):  # Excel's text marker survives some CSV exports
        value = value[1:]
    return value


@dataclass(frozen=True, slots=True)
class IdentityFields:
    nip: str | None
    nik: str | None
    asn_status: str
    birth_date: date | None
    gender: str | None


def identity_fields(
    number: str | None, *, asn_status: str | None = None, today: date | None = None
) -> IdentityFields:
    """Validate a NIP / NI PPPK / NIK and derive what it tells; raises IdentityError."""
    raw = (number or "").strip()
    if not raw:
        status = AsnStatus(asn_status).value if asn_status else AsnStatus.NON_ASN.value
        return IdentityFields(None, None, status, None, None)
    parsed = parse_identity(raw, status=asn_status, today=today)
    if parsed.kind is IdKind.NIK:
        return IdentityFields(
            None, parsed.number, AsnStatus.NON_ASN.value, parsed.birth_date, parsed.gender
        )
    return IdentityFields(
        parsed.number, None, parsed.asn_status.value, parsed.birth_date, parsed.gender
    )


def find_participant_by_nip(*, session: Session, nip: str) -> Participant | None:
    return session.exec(select(Participant).where(Participant.nip == nip)).first()


def find_participant_by_nik(*, session: Session, nik: str) -> Participant | None:
    return session.exec(select(Participant).where(Participant.nik == nik)).first()


def get_participant(*, session: Session, participant_id: str) -> Participant:
    participant = session.get(Participant, participant_id)
    if participant is None:
        raise NotFound(f"No participant with id '{participant_id}'.", participant_id=participant_id)
    return participant


def get_registration(
    *, session: Session, event_id: str, participant_id: str
) -> Registration | None:
    return session.get(Registration, (event_id, participant_id))


def register_participant(
    *,
    session: Session,
    event_id: str,
    desk_id: str,
    full_name: str,
    nip: str | None = None,
    asn_status: str | None = None,
    golongan: str = "",
    jabatan: str = "",
    unit_kerja: str = "",
    instansi: str = "",
    email: str | None = None,
    phone: str = "",
    birth_date: date | None = None,
    gender: str | None = None,
    source: str = "walkin",
) -> tuple[Participant, Registration]:
    """Register a person for an event; a person already known by NIP/NIK is reused, not doubled.

    ``nip`` takes any identity number (NIP, NI PPPK or a guest's NIK). Birth date and gender are
    derived from it only when the caller did not give them.
    """
    event = get_event(session=session, event_id=event_id)
    name = " ".join(full_name.split())
    if not name:
        raise HadirError("A participant needs a full name.", code="name_required")
    ident = identity_fields(nip, asn_status=asn_status)
    mail = clean_email(email)
    participant: Participant | None = None
    if ident.nip:
        participant = find_participant_by_nip(session=session, nip=ident.nip)
    elif ident.nik:
        participant = find_participant_by_nik(session=session, nik=ident.nik)
    if participant is None:
        participant = Participant(
            full_name=name,
            nip=ident.nip,
            nik=ident.nik,
            asn_status=ident.asn_status,
            golongan=golongan.strip(),
            jabatan=jabatan.strip(),
            unit_kerja=unit_kerja.strip(),
            instansi=instansi.strip(),
            email=mail,
            phone=clean_phone(phone),
            birth_date=birth_date or ident.birth_date,
            gender=gender or ident.gender,
        )
        session.add(participant)
        session.flush()
        if not event.is_demo:
            outbox.enqueue(session=session, records=[participant_record(participant)])
    registration = get_registration(
        session=session, event_id=event_id, participant_id=participant.id
    )
    if registration is None:
        registration = Registration(
            event_id=event_id, participant_id=participant.id, source=source, desk_id=desk_id
        )
        session.add(registration)
        session.flush()
        if not event.is_demo:
            outbox.enqueue(session=session, records=[registration_record(registration)])
    return participant, registration


def update_participant(*, session: Session, participant_id: str, **fields: object) -> Participant:
    """Edit a participant's details with the same validation as registration."""
    participant = get_participant(session=session, participant_id=participant_id)
    if "nip" in fields:
        ident = identity_fields(
            str(fields.pop("nip") or ""), asn_status=str(fields.pop("asn_status", "") or "") or None
        )
        participant.nip, participant.nik, participant.asn_status = (
            ident.nip,
            ident.nik,
            ident.asn_status,
        )
    if "email" in fields:
        participant.email = clean_email(str(fields.pop("email") or ""))
    if "phone" in fields:
        participant.phone = clean_phone(str(fields.pop("phone") or ""))
    for key in ("full_name", "golongan", "jabatan", "unit_kerja", "instansi"):
        if key in fields:
            setattr(participant, key, " ".join(str(fields.pop(key) or "").split()))
    for key in ("birth_date", "gender"):
        if key in fields:
            setattr(participant, key, fields.pop(key))
    if fields:
        raise HadirError(
            f"Unknown participant field(s): {', '.join(sorted(fields))}.",
            code="participant_field",
            fields=", ".join(sorted(fields)),
        )
    if not participant.full_name:
        raise HadirError("A participant needs a full name.", code="name_required")
    participant.updated_at = utcnow()
    session.add(participant)
    session.flush()
    outbox.enqueue(session=session, records=[participant_record(participant)])
    return participant


# --------------------------------------------------------------------------- search


@dataclass(frozen=True, slots=True)
class SearchHit:
    participant_id: str
    full_name: str
    nip: str | None
    nik: str | None
    instansi: str
    golongan: str


_SEARCH_COLUMNS = "p.id, p.full_name, p.nip, p.nik, p.instansi, p.golongan"
# Below this many characters a fragment matches too much of a 200,000-person list to help.
MIN_NAME_QUERY = 2
MIN_NUMBER_QUERY = 3
# A fragment like "dewi" matches thousands of people. Ranking every match costs milliseconds per
# thousand, so we rank only the first CANDIDATES in index order and say there are more: the clerk
# types another letter long before reading past the first screen.
CANDIDATES = 200


def searchable(query: str) -> bool:
    """Whether a fragment is long enough to search: 3 digits of a NIP/NIK, or 2 letters of a name
    (the window asks it on every keystroke, search_participants before it searches)."""
    number = normalize_number(query)
    if number.isdigit():
        return len(number) >= MIN_NUMBER_QUERY
    return sum(len(w) for w in words(query)) >= MIN_NAME_QUERY


@dataclass(frozen=True, slots=True)
class SearchResult:
    hits: list[SearchHit]
    more: bool  # more people match than were ranked: type more to narrow


def _fts_query(tokens: list[str], *, whole_words: bool = False) -> str:
    # Every word must match the start of a word in the name or the instansi (or, whole_words, a
    # whole word).
    return " AND ".join(f'"{t}"' if whole_words else f'"{t}"*' for t in tokens)


# CROSS JOIN makes SQLite walk the FTS matches first and stop at the cap; left to itself the
# planner scans the whole event's registrations.
_NAME_SEARCH = (
    f"SELECT {_SEARCH_COLUMNS} FROM participant_fts f "
    "CROSS JOIN participant p ON p.rowid = f.rowid "
    "CROSS JOIN registration r ON r.event_id = :event AND r.participant_id = p.id "
    "WHERE participant_fts MATCH :match LIMIT :cap"
)
# The prefix indexes (migration 0001: prefix='2 3') serve words of up to this many letters.
PREFIX_INDEXED = 3


def _score(hit: SearchHit, name_words: list[str], tokens: list[str]) -> tuple[int, int, int, str]:
    """Whole-word name matches first, then prefix matches in the name, then instansi-only."""
    exact = prefix = 0
    for t in tokens:
        if t in name_words:  # a whole word also starts with itself
            exact += 1
            prefix += 1
        elif any(w.startswith(t) for w in name_words):
            prefix += 1
    first = next((i for i, w in enumerate(name_words) if w.startswith(tokens[0])), 99)
    return (-exact, -prefix, first, hit.full_name.casefold())


def search_participants(
    *, session: Session, event_id: str, query: str, limit: int = 20
) -> SearchResult:
    """Registered participants of an event matching a name fragment, NIP/NIK prefix or instansi.

    Titles and punctuation are ignored because the FTS tokenizer splits on them and we rank on
    whole words. Numbers (3+ digits, spaces and dots allowed) search NIP and NIK prefixes.
    """
    number = normalize_number(query)
    connection = session.connection()
    if number.isdigit():
        if len(number) < MIN_NUMBER_QUERY:
            return SearchResult([], False)
        upper = number[:-1] + chr(ord(number[-1]) + 1)
        found: list[Any] = []
        for column in ("nip", "nik"):  # two range scans: an OR would defeat both indexes
            found += connection.execute(
                text(
                    f"SELECT {_SEARCH_COLUMNS} FROM participant p "
                    "CROSS JOIN registration r ON r.event_id = :event AND r.participant_id = p.id "
                    f"WHERE p.{column} IS NOT NULL AND p.{column} >= :low AND p.{column} < :high "
                    f"ORDER BY p.{column} LIMIT :limit"
                ),
                {"event": event_id, "low": number, "high": upper, "limit": limit + 1},
            ).all()
        hits = [SearchHit(*row) for row in found]
        return SearchResult(hits[:limit], len(hits) > limit)
    tokens = words(query)
    # One-letter words ("ahmad s", mid-typing) have no prefix index: the FTS would merge every
    # term starting with that letter. Match them in Python among the candidates instead.
    indexed = [t for t in tokens if len(t) >= MIN_NAME_QUERY]
    if not indexed:
        return SearchResult([], False)
    # The session's own DB-API connection (same transaction): 200 candidate rows as plain tuples,
    # without SQLAlchemy's statement and row machinery (a third of a search's time).
    dbapi = connection.connection.driver_connection
    assert dbapi is not None  # a live session's connection
    cap = CANDIDATES + 1
    rows: Sequence[Any] = ()
    if len(indexed) == 1 and len(indexed[0]) > PREFIX_INDEXED:
        # A longer prefix has no index of its own: FTS5 first gathers the matches of every word
        # that starts with it, all of them ("sulawesi" is in half the instansi: 2.6 ms, where
        # the whole word is read only as far as the cap, 0.3 ms; tests/perf/bench_desk_core.py).
        # When the whole word alone fills the cap, its matches are the candidates: the ranking
        # puts whole-word matches first anyway, so the first screen is of the same kind. (With
        # two words or more the whole words rarely fill the cap, and asking first cost more than
        # it saved.)
        rows = dbapi.execute(
            _NAME_SEARCH,
            {"event": event_id, "match": _fts_query(indexed, whole_words=True), "cap": cap},
        ).fetchall()
    if len(rows) < cap:
        rows = dbapi.execute(
            _NAME_SEARCH, {"event": event_id, "match": _fts_query(indexed), "cap": cap}
        ).fetchall()
    candidates = [SearchHit(*row) for row in rows[:CANDIDATES]]
    named = [(hit, words(hit.full_name)) for hit in candidates]  # folded once per candidate
    letters = [t for t in tokens if len(t) < MIN_NAME_QUERY]
    if letters:
        kept = []
        for hit, name_words in named:
            every_word = name_words + words(hit.instansi)
            if all(any(w.startswith(t) for w in every_word) for t in letters):
                kept.append((hit, name_words))
        named = kept
    named.sort(key=lambda pair: _score(pair[0], pair[1], tokens))
    ranked = [hit for hit, _ in named]
    return SearchResult(ranked[:limit], len(rows) > CANDIDATES or len(ranked) > limit)


def lookup_by_number(*, session: Session, event_id: str, raw: str) -> Participant:
    """What a scanner's input (a NIP or NIK, then Enter) names; raises with a message naming it."""
    number = normalize_number(raw)
    ident = identity_fields(raw)  # IdentityError's message names the number as it was typed
    participant = None
    if ident.nip:
        participant = find_participant_by_nip(session=session, nip=ident.nip)
    elif ident.nik:
        participant = find_participant_by_nik(session=session, nik=ident.nik)
    if (
        participant is None
        or get_registration(session=session, event_id=event_id, participant_id=participant.id)
        is None
    ):
        from desktop.core.errors import NotRegistered

        raise NotRegistered(f"{raw.strip()} is not registered for this event.", number=number)
    return participant
