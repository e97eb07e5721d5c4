"""Time zones, one home for the desk (desktop/core/clock.py) and HQ: which names are zones at all,
and Indonesia's three as people name them ("08.00 WITA" on the paper sheet and on HQ's pages)."""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

ZONE_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


@cache
def _iana_names() -> frozenset[str]:
    return frozenset(available_timezones())


def known_zone(name: str) -> ZoneInfo | None:
    """The zone an IANA name such as "Asia/Makassar" names, or None for anything else.

    ``ZoneInfo`` alone is not the test: it opens whatever file the name leads to, so "Asia" (a
    folder of the tz database) raises IsADirectoryError and "localtime" or "posixrules" load
    whatever the machine has (issue 15 item 2: one desk's "Asia" made HQ's dashboard answer 500).
    Only the names the tz database lists as zones count."""
    listed = _iana_names()
    # A frozen desk whose bundle lost tzdata's list of zones still knows the zones it can load:
    # then a folder fails to load (OSError) rather than failing to be listed.
    if not isinstance(name, str) or (listed and name not in listed):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def zone_label(tz_name: str) -> str:
    """WIB / WITA / WIT; any other zone by its own name, so a time is never shown unnamed."""
    return ZONE_LABELS.get(tz_name, tz_name)
