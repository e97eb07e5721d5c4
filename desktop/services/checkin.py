"""The check-in screen's work: what a typed or scanned entry means, checking in, undo, counts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session

from desktop.core import attendance, badge_code, registry
from desktop.core.clock import as_utc
from desktop.core.db import Database
from desktop.core.desk import DeskIdentity, desk_identity
from desktop.core.errors import HadirError, NotRegistered
from desktop.core.identity import format_nip, normalize_number
from desktop.core.models import CheckIn, CheckInMethod, Participant
from desktop.core.operators import record_audit
from desktop.core.registry import SearchHit, SearchResult

# A participant id (a ULID, 26 Crockford base-32 characters), as a badge's QR code would carry it.
_CODE = re.compile(r"^[0-9a-hjkmnp-tv-z]{26}$")
# Digits this long are a scanned or typed identity number, looked up exactly; shorter digits are a
# prefix search (a clerk typing the start of a NIP). 9 catches the legacy NIP, to say so clearly.
EXACT_NUMBER_DIGITS = 9
SEARCH_LIMIT = 12


@dataclass(frozen=True, slots=True)
class Person:
    """Who the card shows."""

    participant_id: str
    full_name: str
    number: str  # NIP printed with spaces, or the NIK
    asn_status: str
    golongan: str
    instansi: str


def person_from_participant(participant: Participant) -> Person:
    number = format_nip(participant.nip) if participant.nip else (participant.nik or "")
    return Person(
        participant_id=participant.id,
        full_name=participant.full_name,
        number=number,
        asn_status=participant.asn_status,
        golongan=participant.golongan,
        instansi=participant.instansi,
    )


def person_from_hit(hit: SearchHit) -> Person:
    number = format_nip(hit.nip) if hit.nip else (hit.nik or "")
    return Person(hit.participant_id, hit.full_name, number, "", hit.golongan, hit.instansi)


class Outcome(StrEnum):
    CHECKED_IN = "checked_in"  # green: Hadir
    ALREADY = "already_checked_in"  # amber: Sudah hadir pukul ... (Meja ...)
    CHOOSE = "choose"  # several people match: pick one
    NO_MATCH = "no_match"  # nobody matches what was typed


@dataclass(frozen=True, slots=True)
class EntryResult:
    outcome: Outcome
    query: str
    person: Person | None = None
    at: datetime | None = None  # aware UTC
    desk_name: str = ""
    checkin_id: str = ""
    day: int = 0
    hits: tuple[Person, ...] = field(default_factory=tuple)


def search(db: Database, *, event_id: str, query: str, limit: int = SEARCH_LIMIT) -> SearchResult:
    with db.session() as session:
        return registry.search_participants(
            session=session, event_id=event_id, query=query, limit=limit
        )


def is_code(entry: str) -> bool:
    """A participant id, or an invitation's or badge's ``HDR-...`` code."""
    return bool(_CODE.match(entry.strip().lower())) or badge_code.parse(entry) is not None


def looks_like_number(entry: str) -> bool:
    number = normalize_number(entry.strip())
    return number.isdigit() and len(number) >= EXACT_NUMBER_DIGITS


def check_in_entry(
    db: Database,
    *,
    event_id: str,
    day: int,
    entry: str,
    desk: DeskIdentity,
    operator: str,
    participant_id: str | None = None,
    method: CheckInMethod | None = None,
) -> EntryResult:
    """Check in whoever ``entry`` names, in one write transaction.

    A chosen ``participant_id`` wins; else a number of 9+ digits is a scanned NIP/NIK (errors name
    what is wrong with it), a participant id or an ``HDR-...`` code is a badge, and anything else
    is a search that checks in only when it finds exactly one person. ``method`` names where the
    entry came from when that says more than how it was found (a phone or tablet station, issue
    17 item 7).
    """
    raw = entry.strip()
    with db.write() as session:
        found_by = CheckInMethod.SEARCH.value
        if participant_id is None:
            if looks_like_number(raw):
                participant_id = registry.lookup_by_number(
                    session=session, event_id=event_id, raw=raw
                ).id
                found_by = CheckInMethod.SCAN.value
            elif _CODE.match(raw.lower()) and _registered(session, event_id, raw.lower()):
                participant_id = raw.lower()
                found_by = CheckInMethod.SCAN.value
            elif (typed := badge_code.parse(raw)) is not None:
                # An invitation's or badge's QR (desktop/core/badge_code.py); another event's
                # code raises, so the card turns red and nobody is checked in.
                participant_id = badge_code.resolve(session=session, event_id=event_id, code=typed)
                found_by = CheckInMethod.SCAN.value
            else:
                found = registry.search_participants(
                    session=session, event_id=event_id, query=raw, limit=SEARCH_LIMIT
                )
                if not found.hits:
                    return EntryResult(Outcome.NO_MATCH, raw)
                if len(found.hits) > 1 or found.more:
                    hits = tuple(person_from_hit(h) for h in found.hits)
                    return EntryResult(Outcome.CHOOSE, raw, hits=hits)
                participant_id = found.hits[0].participant_id
        participant = registry.get_participant(session=session, participant_id=participant_id)
        return _check_in(
            session,
            event_id=event_id,
            participant=participant,
            day=day,
            desk=desk,
            operator=operator,
            method=method.value if method is not None else found_by,
            query=raw,
        )


def _check_in(
    session: Session,
    *,
    event_id: str,
    participant: Participant,
    day: int,
    desk: DeskIdentity,
    operator: str,
    method: str,
    query: str,
) -> EntryResult:
    """The check-in itself and its audit line, whoever found the person."""
    result = attendance.check_in(
        session=session,
        event_id=event_id,
        participant_id=participant.id,
        day=day,
        desk=desk,
        operator=operator,
        method=method,
    )
    record_audit(
        session=session,
        operator=operator,
        action="checkin",
        detail={
            "event": event_id,
            "participant": participant.id,
            "day": day,
            "status": result.status,
            "method": method,
        },
    )
    outcome = Outcome.CHECKED_IN if result.status == "checked_in" else Outcome.ALREADY
    return EntryResult(
        outcome,
        query,
        person=person_from_participant(participant),
        at=result.at,
        desk_name=result.desk_name,
        checkin_id=result.checkin_id,
        day=day,
    )


def check_in_person(
    db: Database,
    *,
    event_id: str,
    operator: str,
    number: str | None = None,
    participant_id: str | None = None,
    day: int | None = None,
) -> EntryResult:
    """Check in one person named exactly, by NIP/NI PPPK/NIK (``number``) or participant id, on
    ``day`` (default: the event's day today): hadir-cli's check-in, no search."""
    if (number is None) == (participant_id is None):
        raise HadirError("Name the person by number or by participant id.", code="checkin_who")
    with db.write() as session:
        event = registry.get_event(session=session, event_id=event_id)
        desk = desk_identity(session=session)
        if number is not None:
            person_id = registry.lookup_by_number(session=session, event_id=event.id, raw=number).id
            method = CheckInMethod.SCAN.value
        else:
            person_id = str(participant_id)
            method = CheckInMethod.MANUAL.value
        participant = registry.get_participant(session=session, participant_id=person_id)
        return _check_in(
            session,
            event_id=event.id,
            participant=participant,
            day=registry.today_day(event) if day is None else day,
            desk=desk,
            operator=operator,
            method=method,
            query=number or person_id,
        )


def _registered(session: Session, event_id: str, participant_id: str) -> bool:
    return (
        registry.get_registration(session=session, event_id=event_id, participant_id=participant_id)
        is not None
    )


@dataclass(frozen=True, slots=True)
class UndoResult:
    person: Person
    at: datetime  # when the undone check-in was made (aware UTC)
    day: int
    undo_id: str = ""


def undo_last(db: Database, *, event_id: str, desk: DeskIdentity, operator: str) -> UndoResult:
    """Cancel this desk's most recent check-in that still counts (an undo record; nothing
    deleted)."""
    with db.write() as session:
        last = attendance.last_checkin(session=session, event_id=event_id, desk_id=desk.desk_id)
        if last is None:
            raise HadirError("There is no check-in at this desk to undo.", code="nothing_to_undo")
        return _undo(session, checkin_id=last.id, desk=desk, operator=operator)


def undo_checkin(db: Database, *, checkin_id: str, operator: str) -> UndoResult:
    """Cancel one check-in by its id (hadir-cli's undo), from this desk."""
    with db.write() as session:
        return _undo(
            session, checkin_id=checkin_id, desk=desk_identity(session=session), operator=operator
        )


def _undo(session: Session, *, checkin_id: str, desk: DeskIdentity, operator: str) -> UndoResult:
    """The undo record and its audit line."""
    record = attendance.undo_check_in(
        session=session, checkin_id=checkin_id, desk=desk, operator=operator
    )
    undone = session.get(CheckIn, checkin_id)
    assert undone is not None  # undo_check_in refused an unknown id
    participant = registry.get_participant(session=session, participant_id=undone.participant_id)
    record_audit(
        session=session,
        operator=operator,
        action="undo",
        detail={"event": undone.event_id, "checkin": checkin_id, "participant": participant.id},
    )
    return UndoResult(
        person_from_participant(participant), as_utc(undone.at), undone.day, record.id
    )


@dataclass(frozen=True, slots=True)
class RecentCheckIn:
    person: Person
    at: datetime  # aware UTC
    day: int


def recent_checkins(
    db: Database, *, event_id: str, desk_id: str, day: int, limit: int = 8
) -> list[RecentCheckIn]:
    """This desk's latest check-ins for a day that still count, newest first."""
    with db.session() as session:
        recent = []
        for participant_id, at in attendance.recent_checkins(
            session=session, event_id=event_id, desk_id=desk_id, day=day, limit=limit
        ):
            participant = registry.get_participant(session=session, participant_id=participant_id)
            recent.append(RecentCheckIn(person_from_participant(participant), at, day))
        return recent


def day_count(db: Database, *, event_id: str, day: int) -> attendance.DayCount:
    with db.session() as session:
        return attendance.day_count(session=session, event_id=event_id, day=day)


def not_registered_number(error: Exception) -> str | None:
    """The number a NotRegistered error was raised for, to pre-fill the walk-in form."""
    if isinstance(error, NotRegistered):
        number = error.params.get("number")
        return str(number) if number else None
    return None
