"""HQ's time shown where it happened. The shared part (utcnow, as_utc for what SQLite hands back
naive or as text) is the contract's, sync/clock.py; ids come from sync/ids.py, as the desk's do."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sync.clock import as_utc
from sync.zones import known_zone, zone_label

_UTC = ZoneInfo("UTC")


def zone_and_label(timezone: str) -> tuple[ZoneInfo, str]:
    """The zone and its name (WIB/WITA/WIT). A zone HQ does not know (a damaged record, or one
    stored before HQ checked zones at ingest, such as "Asia") is UTC, named so, rather than a guess
    or a page that fails."""
    zone = known_zone(timezone)
    return (zone, zone_label(timezone)) if zone is not None else (_UTC, "UTC")


def local_moment(value: datetime | str, timezone: str) -> tuple[datetime, str]:
    """A stored moment read in a zone, with the zone's name. One stored before HQ checked dates at
    ingest can sit at datetime's own limits (9999-12-31T23:00Z is past year 9999 in Jayapura): it
    stays in UTC, named so, rather than failing the page (issue 15 item 2)."""
    zone, label = zone_and_label(timezone)
    moment = as_utc(value)
    try:
        return moment.astimezone(zone), label
    except OverflowError:
        return moment, "UTC"


def local_time_text(value: datetime | None, timezone: str) -> str:
    """ "24-11-2026 08.05 WITA": a time as read where it happened (an event's zone, an office's),
    always with the zone named, as the desk and the paper sheet write it."""
    if value is None:
        return "belum pernah"
    local, label = local_moment(value, timezone)
    return f"{local:%d-%m-%Y %H.%M} {label}"


def skew_text(seconds: float | None) -> str:
    """A desk's clock against HQ's in words: "3 detik lebih cepat", "9 menit lebih lambat",
    "0 detik" (never "-0 detik": a rounding to nothing has no direction)."""
    if seconds is None:
        return "-"
    whole = round(seconds)
    if whole == 0:
        return "0 detik"
    size = abs(whole)
    if size < 120:
        amount = f"{size} detik"
    elif size < 2 * 3600:
        amount = f"{round(size / 60)} menit"
    else:
        hours, minutes = divmod(round(size / 60), 60)
        amount = f"{hours} jam {minutes} menit" if minutes else f"{hours} jam"
    return f"{amount} {'lebih cepat' if whole > 0 else 'lebih lambat'}"
