"""Phones and tablets as check-in stations of the venue hub (issue 17 item 7), as an operator and
a station's page use them: add one (its address with the key, shown as a QR code), list, remove
(revoke); and what a station's sealed call may do: learn the events, search, check in, undo
its own mis-tap, count.

A station's check-in is the hub desk's own record made by the desk's front door,
``desktop/services/checkin.py check_in_entry`` (the scan field's function: the same green, amber
and red outcomes, the audit line inside), with method "station" and the station's name as the
operator, so the amber card at every desk says "(Meja 1 \u00b7 HP 1)". The keys and the sealing are
``desktop/core/venue/station.py``. Qt-free.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from desktop.core import registry
from desktop.core.clock import as_utc, utcnow, zone
from desktop.core.db import Database
from desktop.core.desk import desk_identity, get_setting
from desktop.core.errors import HadirError, NotRegistered
from desktop.core.identity import IdentityError
from desktop.core.models import CheckIn, CheckInMethod, Event
from desktop.core.operators import record_audit
from desktop.core.venue import keys
from desktop.core.venue import station as core
from desktop.core.venue.station import Station, StationOp
from desktop.services import checkin
from desktop.services.desk import LAST_EVENT

MAX_QUERY_LENGTH = 100
LISTED_EVENTS = 20
UNDO_WINDOW = timedelta(minutes=10)


# --------------------------------------------------------------------------- the operator's


def add_station(db: Database, *, name: str, operator: str) -> dict[str, str]:
    """A new station on this hub: ``{"station", "name", "url"}``, the url with its key (show it
    only to the phone that is to use it, e.g. as the QR code)."""
    with db.write() as session:
        if get_setting(session=session, key=keys.MEMBER_HUB_URL):
            raise HadirError(
                "This desk is a member of another desk's venue hub; add the station on the hub "
                "desk (its database keeps the station's key).",
                code="station_not_hub",
            )
        url = core.served_url(session=session)
        made = core.add_station(session=session, name=name)
        record_audit(
            session=session,
            operator=operator,
            action="venue.station.add",
            detail={"station": made.station_id, "name": made.name},
        )
    return {"station": made.station_id, "name": made.name, "url": core.station_url(url, made)}


def list_stations(db: Database) -> list[dict[str, Any]]:
    """This hub's stations (no keys: a listing is no way to pair a phone)."""
    with db.session() as session:
        rows = core.list_stations(session=session)
    return [
        {
            "station": row.station_id,
            "name": row.name,
            "created_at": as_utc(row.created_at),
            "last_seen": as_utc(row.last_seen) if row.last_seen else None,
        }
        for row in rows
    ]


def remove_station(db: Database, *, name: str, operator: str) -> dict[str, str]:
    """Revoke a station: its phone's next call is refused (the running hub reads the table on
    every call). Its check-ins stay: they are records like any other."""
    with db.write() as session:
        row = core.remove_station(session=session, name=name)
        record_audit(
            session=session,
            operator=operator,
            action="venue.station.remove",
            detail={"station": row.station_id, "name": row.name},
        )
    return {"removed": row.name, "station": row.station_id}


# --------------------------------------------------------------------------- a station's calls


def operations(db: Database) -> dict[str, StationOp]:
    """What a station's page may ask of the hub (``VenueHub``'s station door runs these)."""

    def hello(station: Station, body: dict[str, Any]) -> dict[str, Any]:
        return _hello(db, station)

    def search(station: Station, body: dict[str, Any]) -> dict[str, Any]:
        return _search(db, body)

    def check_in(station: Station, body: dict[str, Any]) -> dict[str, Any]:
        return _check_in(db, station, body)

    def count(station: Station, body: dict[str, Any]) -> dict[str, Any]:
        return _count(db, body)

    def undo(station: Station, body: dict[str, Any]) -> dict[str, Any]:
        return _undo(db, station, body)

    return {"hello": hello, "search": search, "checkin": check_in, "count": count, "undo": undo}


def _count(db: Database, body: dict[str, Any]) -> dict[str, Any]:
    """The day's count, as the desk's counter shows it (every desk's check-ins the hub has)."""
    day = body.get("day")
    if not isinstance(day, int) or isinstance(day, bool):
        return {"present": 0, "registered": 0}
    try:
        count = checkin.day_count(db, event_id=_text(body, "event"), day=day)
    except HadirError:
        return {"present": 0, "registered": 0}
    return {"present": count.present, "registered": count.registered}


def _hello(db: Database, station: Station) -> dict[str, Any]:
    """The station's name, the hub desk and the events to check in to, with their days."""
    now = utcnow()
    with db.session() as session:
        desk = desk_identity(session=session)
        events = registry.list_events(session=session)[:LISTED_EVENTS]
        last = get_setting(session=session, key=LAST_EVENT)
    listed = [_event(event, now) for event in events]
    today = [e["id"] for e in listed if e["today"] is not None]
    chosen = last if last in {e["id"] for e in listed} else (today[0] if today else None)
    if chosen is None and listed:
        chosen = listed[0]["id"]
    return {"station": station.name, "hub_desk": desk.desk_name, "events": listed, "event": chosen}


def _event(event: Event, now: datetime) -> dict[str, Any]:
    """An event and its days; ``today`` the day the desk's check-in would take (None: today is
    no day of it, the station chooses, as the desk does)."""
    try:
        today: int | None = registry.today_day(event, now=now)
    except HadirError:
        today = None
    return {
        "id": event.id,
        "title": event.title,
        "days": [
            {"number": d.number, "date": d.date.isoformat()} for d in registry.event_days(event)
        ],
        "today": today,
    }


def _text(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str):
        return ""
    return value.strip()[:MAX_QUERY_LENGTH]


def _search(db: Database, body: dict[str, Any]) -> dict[str, Any]:
    event_id, query = _text(body, "event"), _text(body, "query")
    try:
        found = checkin.search(db, event_id=event_id, query=query)
    except HadirError as error:
        return {"outcome": "error", "error": _error(error)}
    return {
        "hits": [_person(checkin.person_from_hit(hit)) for hit in found.hits],
        "more": found.more,
    }


def _check_in(db: Database, station: Station, body: dict[str, Any]) -> dict[str, Any]:
    """The desk's own check-in (``check_in_entry``), the station's name as the operator."""
    event_id, entry = _text(body, "event"), _text(body, "entry")
    day, chosen = body.get("day"), body.get("participant")
    if not isinstance(day, int) or isinstance(day, bool):
        return {
            "outcome": "error",
            "error": _error(HadirError("Choose the event's day.", code="day_required")),
        }
    try:
        with db.session() as session:
            event = registry.get_event(session=session, event_id=event_id)
            desk = desk_identity(session=session)
        result = checkin.check_in_entry(
            db,
            event_id=event.id,
            day=day,
            entry=entry,
            desk=desk,
            operator=station.name,
            participant_id=chosen if isinstance(chosen, str) and chosen else None,
            method=CheckInMethod.STATION,
        )
        count = checkin.day_count(db, event_id=event.id, day=day)
    except HadirError as error:
        return {"outcome": "error", "error": _error(error)}
    answer: dict[str, Any] = {
        "outcome": result.outcome.value,
        "query": result.query,
        "count": {"present": count.present, "registered": count.registered},
    }
    if result.person is not None:
        answer["person"] = _person(result.person)
    if result.at is not None:
        local = as_utc(result.at).astimezone(zone(event.timezone))
        answer["time"] = f"{local.hour:02d}.{local.minute:02d}"
        answer["desk"] = result.desk_name
    if result.hits:
        answer["hits"] = [_person(hit) for hit in result.hits]
    if result.outcome is checkin.Outcome.CHECKED_IN:
        answer["checkin"] = result.checkin_id  # for its "Batalkan"
    return answer


def _undo(db: Database, station: Station, body: dict[str, Any]) -> dict[str, Any]:
    """A mis-tap undone (the desk's undo record, nothing deleted): only a check-in this station
    made, and only within ``UNDO_WINDOW`` (a later station of the same name is another phone)."""
    checkin_id = _text(body, "checkin")
    with db.session() as session:
        row = session.get(CheckIn, checkin_id)
        desk = desk_identity(session=session)
        mine = (
            row is not None
            and row.method == CheckInMethod.STATION.value
            and row.operator == station.name
            and row.desk_id == desk.desk_id
            and row.undoes_id is None
            and utcnow() - as_utc(row.at) <= UNDO_WINDOW
        )
        timezone = (
            registry.get_event(session=session, event_id=row.event_id).timezone if row else ""
        )
    if not mine:
        return {
            "outcome": "error",
            "error": _error(
                HadirError(
                    "This station can undo only its own check-ins of the last "
                    f"{UNDO_WINDOW.seconds // 60} minutes; undo others at a desk.",
                    code="station_undo_refused",
                )
            ),
        }
    try:
        undone = checkin.undo_checkin(db, checkin_id=checkin_id, operator=station.name)
    except HadirError as error:
        return {"outcome": "error", "error": _error(error)}
    local = as_utc(undone.at).astimezone(zone(timezone))
    assert row is not None  # mine
    count = checkin.day_count(db, event_id=row.event_id, day=row.day)
    return {
        "outcome": "undone",
        "person": _person(undone.person),
        "time": f"{local.hour:02d}.{local.minute:02d}",
        "count": {"present": count.present, "registered": count.registered},
    }


def _person(person: checkin.Person) -> dict[str, str]:
    return {
        "participant": person.participant_id,
        "name": person.full_name,
        "number": person.number,
        "golongan": person.golongan,
        "instansi": person.instansi,
    }


def _error(error: HadirError) -> dict[str, Any]:
    """What the page needs to say it in Indonesian: the family (the card's title), the code and
    its parameters; the English sentence for a code the page does not know."""
    family = (
        "not_registered"
        if isinstance(error, NotRegistered)
        else "identity"
        if isinstance(error, IdentityError)
        else "other"
    )
    params = {k: v for k, v in error.params.items() if isinstance(v, str | int | float)}
    return {"family": family, "code": error.code, "params": params, "message": str(error)}
