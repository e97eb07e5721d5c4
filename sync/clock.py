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
    """Aware UTC from a stored timestamp, the one reader for desk and HQ. The ORM hands one back as
    a ``datetime`` (naive from SQLite, aware from PostgreSQL); raw SQL on SQLite hands back text:
    SQLAlchemy's ``2026-03-12 01:02:03.000123`` (naive, space separator), an aggregate such as
    ``MIN(at)`` of it, or ``isoformat()`` text with ``+00:00``, ``Z`` or another offset. A naive
    value is UTC (how both sides store time); one with an offset is converted. Raises ValueError
    for text that is not a timestamp."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise ValueError("an empty text is not a timestamp")
        value = datetime.fromisoformat(text)  # 3.11+: "Z", a space or a "T", any fraction
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
    return as_utc(text) if text else None
