"""Time: every timestamp is an aware UTC datetime; event zones are applied only at the edges."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

# The shared part of time (now, reading stored values, ISO text) lives in the contract.
from sync.clock import as_utc as as_utc
from sync.clock import iso_utc as iso_utc
from sync.clock import utcnow as utcnow

# Re-exported for the desk's models: record ids come from sync/ids.py, the one function that makes
# ids on the desk and at HQ (HQ's device ids, the changes it makes, its person groups).
from sync.ids import new_id as new_id

# Indonesia's three zones, for labels on printed sheets ("08.00 - 16.00 WITA"): one table with HQ.
from sync.zones import ZONE_LABELS as ZONE_LABELS
from sync.zones import known_zone


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


def dates_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
