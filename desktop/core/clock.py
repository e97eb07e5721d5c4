"""Time: every timestamp is an aware UTC datetime; event zones are applied only at the edges."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

# Re-exported: ids are made by the same function on desk and HQ.
from sync.ids import new_id as new_id

# Re-exported: the one reader of stored timestamps (a datetime, or SQLite's text from raw SQL),
# HQ's too.
from sync.stored_time import as_utc as as_utc

# Indonesia's three zones, for labels on printed sheets ("08.00 - 16.00 WITA"): one table with HQ.
from sync.zones import ZONE_LABELS as ZONE_LABELS
from sync.zones import known_zone


def utcnow() -> datetime:
    """Aware UTC, to the microsecond: the form every timestamp is stored in."""
    return datetime.now(UTC)


def zone(name: str) -> ZoneInfo:
    # The same test as HQ's (sync/zones.py): "Asia", a folder of the tz database, is no zone.
    found = known_zone(name)
    if found is None:
        raise ValueError(f"'{name}' is not a known time zone (use e.g. Asia/Jakarta).")
    return found


def local_to_utc(local: datetime, tz_name: str) -> datetime:
    """A wall-clock time at the venue (naive) to aware UTC."""
    aware = local.replace(tzinfo=zone(tz_name)) if local.tzinfo is None else local
    return aware.astimezone(UTC)


def utc_to_local(stored: datetime, tz_name: str) -> datetime:
    return as_utc(stored).astimezone(zone(tz_name))


def zone_label(tz_name: str) -> str:
    return ZONE_LABELS.get(tz_name, tz_name)


def iso_utc(stored: datetime) -> str:
    return as_utc(stored).isoformat().replace("+00:00", "Z")


def dates_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
