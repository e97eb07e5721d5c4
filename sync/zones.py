"""Indonesia's three time zones as people name them, one table for the desk (desktop/core/clock.py
re-exports it) and HQ: "08.00 WITA" on the paper sheet and on HQ's pages alike."""

from __future__ import annotations

ZONE_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def zone_label(tz_name: str) -> str:
    """WIB / WITA / WIT; any other zone by its own name, so a time is never shown unnamed."""
    return ZONE_LABELS.get(tz_name, tz_name)
