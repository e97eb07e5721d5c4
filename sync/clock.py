"""Time as desk and HQ both keep it: every timestamp an aware UTC datetime, written as ISO 8601.

The one home of these helpers: desktop/core/clock.py (event zones, printed labels) and
sync/hq/clock.py (times shown where they happened) add what only their side needs.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Aware UTC, to the microsecond: the form every timestamp is stored in."""
    return datetime.now(UTC)


def as_utc(value: datetime | str) -> datetime:
    """Aware UTC from anything stored: SQLite hands back naive values from raw SQL, and aggregates
    such as MIN(at) as text."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def iso_utc(value: datetime) -> str:
    """``2026-11-24T01:05:00Z``: the wire's and the exports' form."""
    return as_utc(value).isoformat().replace("+00:00", "Z")


def utc_text(value: datetime | None) -> str:
    """``2026-11-24T01:05:00+00:00``, or "" for no time: how the desk keeps a moment in a setting
    and prints it in ``hadir-cli sync status``."""
    return value.astimezone(UTC).isoformat() if value else ""


def parse_utc_text(text: str | None) -> datetime | None:
    """The moment ``utc_text`` wrote; None for "" or None."""
    return datetime.fromisoformat(text) if text else None
